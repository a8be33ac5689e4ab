/*
 * printf-lite over the runtime's console (uart_putc), for every guest
 * architecture's test runtime.  Numbers are converted without dividing
 * 64-bit values, which a 32-bit build could only do through libgcc.
 */
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
    for (unsigned i = 0; i < len; i++)
        uart_putc(digits[i]);
}

static unsigned to_hex(uint64_t v, bool upper, char *buf)
{
    const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    unsigned len = 0;
    int shift = 60;
    while (shift > 0 && !(v >> shift))
        shift -= 4;
    for (; shift >= 0; shift -= 4)
        buf[len++] = set[(v >> shift) & 0xf];
    return len;
}

/* Decimal by subtracting powers of ten. */
static unsigned to_decimal(uint64_t v, char *buf)
{
    unsigned len = 0;
    uint64_t pow = 1;
    uint64_t powers[20];
    int n = 0;
    do {
        powers[n++] = pow;
        pow = pow * 10;
    } while (n < 20);
    for (int i = 19; i >= 0; i--) {
        unsigned digit = 0;
        while (v >= powers[i]) {
            v -= powers[i];
            digit++;
        }
        if (digit || len || i == 0)
            buf[len++] = (char)('0' + digit);
    }
    return len;
}

static uint64_t arg_unsigned(va_list *ap, const struct spec *sp)
{
    if (sp->longs >= 2 || (sp->longs && sizeof(long) == 8))
        return va_arg(*ap, uint64_t);
    return sp->longs ? va_arg(*ap, unsigned long) : va_arg(*ap, unsigned);
}

static int64_t arg_signed(va_list *ap, const struct spec *sp)
{
    if (sp->longs >= 2 || (sp->longs && sizeof(long) == 8))
        return va_arg(*ap, int64_t);
    return sp->longs ? va_arg(*ap, long) : va_arg(*ap, int);
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
    char buf[24];

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
            uint64_t mag = v < 0 ? -(uint64_t)v : (uint64_t)v;
            put_padded(buf, to_decimal(mag, buf), v < 0, &sp);
            break;
        }
        case 'u':
            put_padded(buf, to_decimal(arg_unsigned(&args, &sp), buf), false, &sp);
            break;
        case 'x':
        case 'X':
            put_padded(buf, to_hex(arg_unsigned(&args, &sp), *fmt == 'X', buf), false, &sp);
            break;
        case 'p':
            uart_puts("0x");
            put_padded(buf, to_hex((uintptr_t)va_arg(args, void *), false, buf), false, &sp);
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
