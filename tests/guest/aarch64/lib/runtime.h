/*
 * The tiny runtime every AArch64 guest test links with: PL011 console,
 * semihosting, the EL1 exception hooks and system-register access.
 */
#ifndef GUEST_RUNTIME_H
#define GUEST_RUNTIME_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- console (PL011 at 0x09000000 on virt) ---- */
void uart_putc(char c);
void uart_puts(const char *s);
/* printf-lite: %d %i %u %x %X %s %c %p %%, with an optional 0 flag, a
 * width and the l / ll / z length modifiers.  Returns nothing. */
void printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vprintf(const char *fmt, va_list ap);

/* ---- semihosting (HLT #0xF000, w0 = operation, x1 = parameter) ---- */
#define SYS_WRITEC                  0x03
#define SYS_WRITE0                  0x04
#define SYS_EXIT                    0x18
#define SYS_EXIT_EXTENDED           0x20
#define ADP_Stopped_ApplicationExit 0x20026

uint64_t semihost_call(uint32_t op, uint64_t param);
/* Ends the run with `code` as the emulator's exit status. */
void semihost_exit(int code) __attribute__((noreturn));

/* ---- exceptions ---- */
/* What the vector stubs save; exception_entry may edit it before ERET. */
struct exc_frame {
    uint64_t x[31];
    uint64_t elr;
    uint64_t spsr;
    uint64_t pad;
};

/* The last exception taken, as the handler saw it. */
struct exc_record {
    unsigned kind; /* vector slot 0..15; 4 = sync from current EL with SP_ELx */
    uint64_t esr;
    uint64_t elr; /* ELR_EL1 at entry (before any skipping) */
    uint64_t far;
};

#define ESR_EC(esr)  (((esr) >> 26) & 0x3f)
#define ESR_IL       (1u << 25)
#define ESR_ISS(esr) ((esr)&0x1ffffff)

#define EC_UNKNOWN      0x00
#define EC_SVC64        0x15
#define EC_HVC64        0x16
#define EC_DABT_SAME_EL 0x25
#define EC_BRK64        0x3c

#define VECTOR_SYNC_SPX 4

extern volatile struct exc_record last_exc;
extern volatile unsigned exc_count;

/* Let exactly the next exception through: record it and return to the
 * instruction after the one that raised it.  Any other exception prints
 * its syndrome and ends the run with exit status 100. */
void exc_expect(void);
/* A hook sees every exception first; returning true means it has dealt
 * with it (the frame it leaves is what ERET resumes). */
typedef bool (*exc_hook_fn)(struct exc_frame *frame, const struct exc_record *rec);
void exc_set_hook(exc_hook_fn hook);

/* ---- system registers ---- */
#define read_sysreg(name)                                                                      \
    ({                                                                                         \
        uint64_t v_;                                                                           \
        asm volatile("mrs %0, " #name : "=r"(v_));                                             \
        v_;                                                                                    \
    })
#define write_sysreg(name, v)                                                                  \
    asm volatile("msr " #name ", %0\n\tisb" ::"r"((uint64_t)(v)) : "memory")

/* Hides a value from the optimizer so the instruction under test really
 * gets its operands from registers at run time. */
#define opaque(v)                                                                              \
    ({                                                                                         \
        __typeof__(v) o_ = (v);                                                                \
        asm volatile("" : "+r"(o_));                                                           \
        o_;                                                                                    \
    })

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);

#endif
