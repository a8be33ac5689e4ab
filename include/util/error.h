/* User-facing errors: one line on stderr, prefixed "gemu: ". */
#ifndef UTIL_ERROR_H
#define UTIL_ERROR_H

#include <stdnoreturn.h>

void error_report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* error_report() then exit(1): for bad user input and unusable host state. */
noreturn void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A broken internal invariant: message with file:line, then abort(). */
#define gemu_bug(...) gemu_bug_at(__FILE__, __LINE__, __VA_ARGS__)
noreturn void gemu_bug_at(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
