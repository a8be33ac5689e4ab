/*
 * The Linux runtime of linux32/runtime.h: the entry point, exit with
 * main's result, and a buffered standard output, through the i386 system
 * call gate (INT 0x80).
 */
#include "runtime.h"

enum { SYS_EXIT = 1, SYS_WRITE = 4 };

static long syscall3(long nr, long a, long b, long c)
{
    long result;
    __asm__ volatile("int $0x80" : "=a"(result) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
    return result;
}

static char out[4096];
static size_t out_used;

static void flush(void)
{
    size_t done = 0;
    while (done < out_used) {
        long n = syscall3(SYS_WRITE, 1, (long)(out + done), (long)(out_used - done));
        if (n <= 0)
            break;
        done += (size_t)n;
    }
    out_used = 0;
}

void uart_putc(char c)
{
    out[out_used++] = c;
    if (out_used == sizeof(out))
        flush();
}

void uart_puts(const char *s)
{
    while (*s)
        uart_putc(*s++);
}

void start_c(void) __attribute__((noreturn, used));
void start_c(void)
{
    int status = main();
    flush();
    syscall3(SYS_EXIT, status, 0, 0);
    __builtin_unreachable();
}

/* The kernel enters with esp at argc: align the stack for the C code. */
__asm__(".globl _start\n"
        "_start:\n"
        "    xorl %ebp, %ebp\n"
        "    andl $-16, %esp\n"
        "    call start_c\n");
