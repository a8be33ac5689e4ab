/*
 * The runtime every x86 guest test links with: COM1 console, printf, exit
 * through isa-debug-exit, an IDT whose handlers record exceptions, and
 * small wrappers for privileged instructions.  Programs are built 32-bit
 * (protected mode, as the Multiboot loader enters them) or 64-bit (crt0.S
 * switches to long mode first); __x86_64__ tells them apart.
 */
#ifndef GUEST_X86_RUNTIME_H
#define GUEST_X86_RUNTIME_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uintptr_t ureg; /* a general register */

/* ---- GDT selectors (crt0.S) ---- */
#define SEL_CODE32      0x08
#define SEL_DATA        0x10
#define SEL_CODE64      0x18
#define SEL_CODE16      0x20
#define SEL_DATA16      0x28
#define SEL_USER_CODE32 0x30
#define SEL_USER_DATA   0x38

/* ---- Multiboot ---- */
#define MULTIBOOT_BOOTLOADER_MAGIC 0x2badb002
extern uint32_t mb_magic, mb_info; /* EAX and EBX at entry */

/* ---- console (16550 at COM1) ---- */
void uart_putc(char c);
void uart_puts(const char *s);
/* %d %i %u %x %X %s %c %p %%, optional 0 flag and width, l/ll/z. */
void printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vprintf(const char *fmt, va_list ap);

/* ---- exit: isa-debug-exit at port 0xf4; the emulator exits with
 * status (code << 1) | 1, so a test's 0 becomes 1 and 1 becomes 3. ---- */
#define DEBUG_EXIT_PORT 0xf4
void debug_exit(unsigned code) __attribute__((noreturn));
/* Status 101: an exception nobody expected. */
#define EXIT_UNEXPECTED_EXCEPTION 50

/* ---- exceptions ---- */
struct exc_frame {
#ifdef __x86_64__
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8, rdi, rsi, rbp, rbx, rdx, rcx, rax;
    uint64_t vector, error, ip, cs, flags, sp, ss;
#else
    uint32_t edi, esi, ebp, esp_unused, ebx, edx, ecx, eax;
    uint32_t vector, error, ip, cs, flags;
#endif
};

struct exc_record {
    unsigned vector;
    ureg error, ip, cr2;
};

#define VEC_DE 0
#define VEC_DB 1
#define VEC_BP 3
#define VEC_OF 4
#define VEC_BR 5
#define VEC_UD 6
#define VEC_DF 8
#define VEC_NP 11
#define VEC_SS 12
#define VEC_GP 13
#define VEC_PF 14
#define VEC_AC 17

extern volatile struct exc_record last_exc;
extern volatile unsigned exc_count;
/* Where the next exception resumes; set by EXPECT_EXC, cleared when taken. */
extern volatile ureg exc_resume;
/* The address of the instruction EXPECT_EXC ran last. */
extern volatile ureg exc_insn;

/*
 * Run the asm text `insn` (the operand lists follow as in asm, starting
 * with their colon: EXPECT_EXC("ud2", ::: "memory")) expecting it to raise an exception; the
 * handler records it in last_exc and resumes right after `insn`, whose
 * address is left in exc_insn (a fault reports it as last_exc.ip, a trap
 * the address after it).
 */
#ifdef __x86_64__
#define EXC_SET_RESUME "movq $1f, exc_resume(%%rip)\n\tmovq $2f, exc_insn(%%rip)\n"
#else
#define EXC_SET_RESUME "movl $1f, exc_resume\n\tmovl $2f, exc_insn\n"
#endif
#define EXPECT_EXC(insn, ...) asm volatile(EXC_SET_RESUME "2:\t" insn "\n1:\n\t" __VA_ARGS__)

/*
 * After EXPECT_EXC: exactly one exception since the count `seen` (an
 * unsigned variable), with this vector, error code and reported address;
 * then `seen` catches up.  CHECK_EQ comes from check.h.
 */
#define CHECK_EXC(seen, vec, err, at)                                                          \
    do {                                                                                       \
        CHECK_EQ(exc_count, (seen) + 1);                                                       \
        CHECK_EQ(last_exc.vector, (vec));                                                      \
        CHECK_EQ(last_exc.error, (err));                                                       \
        CHECK_EQ(last_exc.ip, (at));                                                           \
        (seen) = exc_count;                                                                    \
    } while (0)

/* ---- privileged state ---- */
static inline void outb(uint16_t port, uint8_t v)
{
    asm volatile("outb %0, %1" ::"a"(v), "Nd"(port));
}
static inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

#define read_cr(n)                                                                             \
    ({                                                                                         \
        ureg v_;                                                                               \
        asm volatile("mov %%cr" #n ", %0" : "=r"(v_));                                         \
        v_;                                                                                    \
    })
#define write_cr(n, v) asm volatile("mov %0, %%cr" #n ::"r"((ureg)(v)) : "memory")

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;
    asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return lo | (uint64_t)hi << 32;
}

static inline void invlpg(const volatile void *p)
{
    asm volatile("invlpg (%0)" ::"r"(p) : "memory");
}

/* Hides a value from the optimizer so the instruction under test really
 * gets its operands at run time. */
#define opaque(v)                                                                              \
    ({                                                                                         \
        __typeof__(v) o_ = (v);                                                                \
        asm volatile("" : "+r"(o_));                                                           \
        o_;                                                                                    \
    })

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strncmp(const char *a, const char *b, size_t n);

int main(void);

#endif
