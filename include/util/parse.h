/*
 * Values typed on the command line: the spellings every option and
 * property accepts, so that "-device x,p=on" and "-M virt,p=on" agree.
 */
#ifndef UTIL_PARSE_H
#define UTIL_PARSE_H

#include <stdbool.h>
#include <stdint.h>

/* on/off, true/false, yes/no, 1/0. */
bool parse_bool(const char *text, bool *out);
/* An unsigned number in C syntax (decimal, 0x hex, 0 octal) no larger than max. */
bool parse_u64(const char *text, uint64_t max, uint64_t *out);

#endif
