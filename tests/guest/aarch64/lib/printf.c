/* printf-lite over the PL011: enough for test reports and the demo. */
#include "runtime.h"

struct spec {
    bool zero_pad;
    unsigned width;
    unsigned longs; /* number of 'l'/'z' modifiers seen */
};

static void put_padded(const char *digits, unsigned len, bool negative, const struct spec *sp)
{
    unsigned total = len + negative;
    char pad = sp->zero_pad ? '0' : ' ';

    if (negative && sp->zero_pad)
        uart_putc('-');
    for (; total < sp->width; total++)
        uart_putc(pad);
    if (negative && !sp->zero_pad)
        uart_putc('-');
    while (len)
        uart_putc(digits[--len]);
}

/* Digits are produced least significant first and printed in reverse. */
static void put_unsigned(uint64_t v, unsigned base, bool upper, bool negative,
                         const struct spec *sp)
{
    const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char buf[24];
    unsigned len = 0;

    do {
        buf[len++] = set[v % base];
        v /= base;
    } while (v);
    put_padded(buf, len, negative, sp);
}

static uint64_t arg_unsigned(va_list *ap, const struct spec *sp)
{
    return sp->longs ? va_arg(*ap, uint64_t) : va_arg(*ap, unsigned);
}

static int64_t arg_signed(va_list *ap, const struct spec *sp)
{
    return sp->longs ? va_arg(*ap, int64_t) : va_arg(*ap, int);
}

static const char *parse_spec(const char *fmt, struct spec *sp)
{
    *sp = (struct spec){0};
    if (*fmt == '0') {
        sp->zero_pad = true;
        fmt++;
    }
    while (*fmt >= '0' && *fmt <= '9')
        sp->width = sp->width * 10 + (unsigned)(*fmt++ - '0');
    while (*fmt == 'l' || *fmt == 'z') {
        sp->longs++;
        fmt++;
    }
    return fmt;
}

void vprintf(const char *fmt, va_list ap)
{
    va_list args;
    struct spec sp;

    va_copy(args, ap);
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            uart_putc(*fmt);
            continue;
        }
        fmt = parse_spec(fmt + 1, &sp);
        switch (*fmt) {
        case 'd':
        case 'i': {
            int64_t v = arg_signed(&args, &sp);
            put_unsigned(v < 0 ? -(uint64_t)v : (uint64_t)v, 10, false, v < 0, &sp);
            break;
        }
        case 'u':
            put_unsigned(arg_unsigned(&args, &sp), 10, false, false, &sp);
            break;
        case 'x':
        case 'X':
            put_unsigned(arg_unsigned(&args, &sp), 16, *fmt == 'X', false, &sp);
            break;
        case 'p':
            uart_puts("0x");
            put_unsigned((uintptr_t)va_arg(args, void *), 16, false, false, &sp);
            break;
        case 's':
            uart_puts(va_arg(args, const char *));
            break;
        case 'c':
            uart_putc((char)va_arg(args, int));
            break;
        case '\0':
            fmt--; /* a lone '%' at the end: stop at the terminator */
            break;
        default:
            uart_putc(*fmt);
            break;
        }
    }
    va_end(args);
}

void printf(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
}
