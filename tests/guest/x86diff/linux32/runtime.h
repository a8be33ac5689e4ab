/*
 * What driver.c, tests/guest/common/printf.c and tests/guest/x86/lib/string.c
 * need from a runtime, for the 32-bit reference: a static Linux i386
 * program without libc (the host has no 32-bit C library to link with),
 * run in compatibility mode.  linux32.c implements it.
 */
#ifndef X86DIFF_LINUX32_RUNTIME_H
#define X86DIFF_LINUX32_RUNTIME_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void uart_putc(char c); /* to standard output, buffered */
void uart_puts(const char *s);
void printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vprintf(const char *fmt, va_list ap);
void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);

int main(void);

#endif
