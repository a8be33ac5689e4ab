/*
 * The SSE floating-point instructions against the host CPU (x86-64 hosts
 * only): every form, register and memory operands, random and special
 * operands under random rounding, DAZ and FTZ, in a quarter of the runs
 * with some exceptions unmasked.  The same code bytes run natively and in
 * the guest (64-bit long mode); the XMM registers, RAX, the flags, the
 * memory operand, MXCSR, MM0 and the exception raised (the host's SIGFPE
 * is #XM) must come out the same.  (#XM versus #UD, LDMXCSR and alignment
 * faults are the bare-metal test tests/guest/x86/sse_xm.c.)
 */
#define _GNU_SOURCE /* REG_RIP */
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

#include "exec/cputlb.h"
#include "exec/memory.h"
#include "exec/translator.h"
#include "hw/i386/x86.h"
#include "sysemu/cpus.h"
#include "target-x86/cpu.h"
#include "test.h"

#if defined(__x86_64__)

#define RAM_SIZE  0x400000ull
#define PML4      0x1000ull
#define PDPT      0x2000ull
#define PD        0x3000ull
#define IDT_BASE  0x4000ull
#define GDT_BASE  0x5000ull
#define CODE      0x10000ull
#define HANDLERS  0x11000ull /* 32 bytes a vector */
#define DATA      0x20000ull
#define STACK_TOP 0x80000ull

static X86CPU *cpu;

/* The snippet's view of the state: rdi points at this, here and in the guest. */
typedef struct SseState {
    uint64_t xmm[3][2]; /* 0x00 */
    uint64_t rax;       /* 0x30 */
    uint64_t flags;     /* 0x38 */
    uint64_t mem[2];    /* 0x40: the memory operand [rdi+0x40] */
    uint32_t mxcsr;     /* 0x50 */
    uint32_t vector;    /* 0x54: the exception the instruction raised (0: none) */
    uint64_t mm0;       /* 0x58 */
} __attribute__((aligned(16))) SseState;

static void store(uint64_t pa, const void *data, size_t len)
{
    CHECK_EQ(address_space_write(address_space_system(), pa, data, len), MEMTX_OK);
}

static void store64(uint64_t pa, uint64_t v) { store(pa, &v, 8); }

/* The guest's epilogue: where an exception handler resumes. */
static uint64_t guest_epilogue;

/* Vectors that push an error code. */
static bool has_error_code(int v) { return v == 8 || (v >= 10 && v <= 14) || v == 17; }

/* Where a handler keeps its resume address (see install_handlers). */
static uint64_t handler_resume_slot(int v)
{
    return HANDLERS + 32 * (uint64_t)v + (has_error_code(v) ? 4 : 0) + 15;
}

/*
 * Exception handlers for vectors 0-31: drop the error code, record the
 * vector in SseState.vector and resume at the epilogue (guest_epilogue,
 * patched into the handlers when the snippet is assembled).
 */
static void install_handlers(void)
{
    for (int v = 0; v < 32; v++) {
        uint64_t h = HANDLERS + 32 * (uint64_t)v;
        const uint8_t pop_error[] = {0x48, 0x83, 0xc4, 0x08}; /* add $8, %rsp */
        const uint8_t code[] = {
            0xc7,
            0x04,
            0x25,
            (uint8_t)(DATA + 0x54),
            (uint8_t)((DATA + 0x54) >> 8),
            (uint8_t)((DATA + 0x54) >> 16),
            0,
            (uint8_t)v,
            0,
            0,
            0, /* movl $v, DATA+0x54 */
            0x48,
            0xc7,
            0x04,
            0x24,
            0,
            0,
            0,
            0, /* movq $epilogue, (%rsp) */
            0x48,
            0xcf, /* iretq */
        };
        if (has_error_code(v)) {
            store(h, pop_error, sizeof(pop_error));
            store(h + sizeof(pop_error), code, sizeof(code));
        } else {
            store(h, code, sizeof(code));
        }
        store64(IDT_BASE + 16 * (uint64_t)v,
                (h & 0xffff) | 0x08ull << 16 | 0x8eull << 40 | (h >> 16) << 48);
        store64(IDT_BASE + 16 * (uint64_t)v + 8, h >> 32);
    }
    cpu->idt.base = IDT_BASE;
    cpu->idt.limit = 32 * 16 - 1;
}

/* Point every handler's resume address at the epilogue. */
static void set_guest_epilogue(uint64_t addr)
{
    uint32_t a = (uint32_t)addr;
    if (addr == guest_epilogue) {
        return;
    }
    guest_epilogue = addr;
    for (int v = 0; v < 32; v++) {
        store(handler_resume_slot(v), &a, 4);
    }
}

static void setup(void)
{
    MemoryRegion *mr = memory_region_new_ram("ram", RAM_SIZE);
    memory_region_add_subregion(address_space_root(address_space_system()), 0, mr, 0);
    cpu = x86_cpu(cpu_create(cpu_model_find("x86_64", "qemu64"), address_space_system()));
    store64(PML4, PDPT | 7);
    store64(PDPT, PD | 7);
    store64(PD, 0 | 0x83);
    store64(GDT_BASE, 0);
    store64(GDT_BASE + 8, 0x00af9b000000ffffull);
    store64(GDT_BASE + 16, 0x00cf93000000ffffull);
    cpu_reset(&cpu->parent);
    x86_cpu_set_multiboot_regs(&cpu->parent, CODE, 0);
    cpu->cr[4] = CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT;
    cpu->cr[3] = PML4;
    cpu->efer = EFER_LME | EFER_SCE | EFER_NXE;
    x86_write_cr0(cpu, cpu->cr[0] | CR0_PG);
    x86_load_seg_cache(cpu, R_CS, 0x08, 0, 0xffffffff, 0x00af9b00);
    cpu->gdt.base = GDT_BASE;
    cpu->gdt.limit = 23;
    install_handlers();
    tlb_flush(&cpu->parent);
}

/*
 * Load the state, run the instruction, store the state.  The host also
 * moves MM0 (the guest's is set directly: MOVQ is not ours) and ends with
 * EMMS and RET, the guest with HLT.
 */
static const uint8_t prologue[] = {
    0x0f, 0xae, 0x57, 0x50, /* ldmxcsr 0x50(%rdi) */
    0x0f, 0x10, 0x07,       /* movups (%rdi), %xmm0 */
    0x0f, 0x10, 0x4f, 0x10, /* movups 0x10(%rdi), %xmm1 */
    0x0f, 0x10, 0x57, 0x20, /* movups 0x20(%rdi), %xmm2 */
    0x48, 0x8b, 0x47, 0x30, /* mov 0x30(%rdi), %rax */
    0x6a, 0x02, 0x9d,       /* push $2; popfq */
};
static const uint8_t host_prologue[] = {0x0f, 0x6f, 0x47, 0x58}; /* movq 0x58(%rdi), %mm0 */
static const uint8_t epilogue[] = {
    0x0f, 0x11, 0x07,       /* movups %xmm0, (%rdi) */
    0x0f, 0x11, 0x4f, 0x10, /* movups %xmm1, 0x10(%rdi) */
    0x0f, 0x11, 0x57, 0x20, /* movups %xmm2, 0x20(%rdi) */
    0x48, 0x89, 0x47, 0x30, /* mov %rax, 0x30(%rdi) */
    0x9c, 0x59,             /* pushfq; pop %rcx */
    0x48, 0x89, 0x4f, 0x38, /* mov %rcx, 0x38(%rdi) */
    0x0f, 0xae, 0x5f, 0x50, /* stmxcsr 0x50(%rdi) */
};
static const uint8_t host_epilogue[] = {0x0f, 0x7f, 0x47, 0x58, /* movq %mm0, 0x58(%rdi) */
                                        0x0f, 0x77, 0xc3};      /* emms; ret */

/* The snippet into buf; *epi: the epilogue's offset. */
static size_t assemble(uint8_t *buf, const uint8_t *insn, size_t len, bool host, size_t *epi)
{
    size_t n = 0;
#define PUT(a, l) (memcpy(buf + n, (a), (l)), n += (l))
    PUT(prologue, sizeof(prologue));
    if (host) {
        PUT(host_prologue, sizeof(host_prologue));
    }
    PUT(insn, len);
    *epi = n;
    PUT(epilogue, sizeof(epilogue));
    if (host) {
        PUT(host_epilogue, sizeof(host_epilogue));
    } else {
        buf[n++] = 0xf4; /* hlt */
    }
#undef PUT
    return n;
}

static uint8_t *host_code;
static size_t host_epilogue_ofs;
static SseState *host_state;

/* SIGFPE (#XM) and SIGILL (#UD) in the snippet: record them, resume at the epilogue. */
static void host_fault(int sig, siginfo_t *si, void *uc_)
{
    ucontext_t *uc = uc_;
    (void)si;
    host_state->vector = sig == SIGFPE ? EXCP_XM : EXCP_UD;
    uc->uc_mcontext.gregs[REG_RIP] = (greg_t)(uintptr_t)(host_code + host_epilogue_ofs);
}

static void host_run(const uint8_t *insn, size_t len, SseState *st)
{
    uint32_t saved;
    struct sigaction sa = {.sa_sigaction = host_fault, .sa_flags = SA_SIGINFO}, old_fpe,
                     old_ill;
    assemble(host_code, insn, len, true, &host_epilogue_ofs);
    host_state = st;
    sigaction(SIGFPE, &sa, &old_fpe);
    sigaction(SIGILL, &sa, &old_ill);
    __asm__ volatile("stmxcsr %0" : "=m"(saved));
    ((void (*)(SseState *))(void *)host_code)(st);
    __asm__ volatile("ldmxcsr %0" ::"m"(saved));
    sigaction(SIGFPE, &old_fpe, NULL);
    sigaction(SIGILL, &old_ill, NULL);
}

static void guest_run(const uint8_t *insn, size_t len, SseState *st)
{
    uint8_t buf[128];
    int r;
    size_t epi, n = assemble(buf, insn, len, false, &epi);
    store(CODE, buf, n);
    set_guest_epilogue(CODE + epi);
    tb_flush_all();
    store(DATA, st, sizeof(*st));
    cpu->fpregs[0].mmx = st->mm0;
    cpu->regs[R_EDI] = DATA;
    cpu->regs[R_ESP] = STACK_TOP;
    cpu->eip = CODE;
    cpu->parent.halted = false;
    do {
        r = cpu_exec(&cpu->parent);
    } while (r == EXCP_INTERRUPT);
    CHECK_EQ(r, EXCP_HLT);
    CHECK_EQ(address_space_read(address_space_system(), DATA, st, sizeof(*st)), MEMTX_OK);
    st->mm0 = cpu->fpregs[0].mmx;
}

/* Operand forms of a case. */
enum {
    REG = 1,     /* register form (ModRM.mod = 3) */
    MEM = 2,     /* memory form: [rdi + 0x40] */
    IMM = 4,     /* an imm8 follows (random) */
    RM0 = 8,     /* ModRM.rm is register 0 (rax, mm0), else 1 (xmm1) */
    REG2 = 16,   /* ModRM.reg is xmm2, else register 0 */
    APPROX = 32, /* RCP/RSQRT: results only within the SDM's error bound */
};

typedef struct SseCase {
    const char *name;
    uint8_t op[6]; /* prefixes and opcode, without ModRM */
    uint8_t len;
    uint8_t forms;
} SseCase;

#define O2(a, b)       {a, b}, 2
#define O3(a, b, c)    {a, b, c}, 3
#define O4(a, b, c, d) {a, b, c, d}, 4
#define P0(op)         O2(0x0f, op)
#define P66(op)        O3(0x66, 0x0f, op)
#define PF3(op)        O3(0xf3, 0x0f, op)
#define PF2(op)        O3(0xf2, 0x0f, op)
#define RM             (REG | MEM)
#define ARITH4(nm, op)                                                                         \
    {nm "ps", P0(op), RM}, {nm "pd", P66(op), RM}, {nm "ss", PF3(op), RM},                     \
    {                                                                                          \
        nm "sd", PF2(op), RM                                                                   \
    }

static const SseCase cases[] = {
    ARITH4("add", 0x58),
    ARITH4("mul", 0x59),
    ARITH4("sub", 0x5c),
    ARITH4("min", 0x5d),
    ARITH4("div", 0x5e),
    ARITH4("max", 0x5f),
    ARITH4("sqrt", 0x51),
    {"cmpps", P0(0xc2), RM | IMM},
    {"cmppd", P66(0xc2), RM | IMM},
    {"cmpss", PF3(0xc2), RM | IMM},
    {"cmpsd", PF2(0xc2), RM | IMM},
    {"rsqrtps", P0(0x52), RM | APPROX},
    {"rsqrtss", PF3(0x52), RM | APPROX},
    {"rcpps", P0(0x53), RM | APPROX},
    {"rcpss", PF3(0x53), RM | APPROX},
    {"andps", P0(0x54), RM},
    {"andnpd", P66(0x55), RM},
    {"orps", P0(0x56), RM},
    {"xorpd", P66(0x57), RM},
    {"ucomiss", P0(0x2e), RM},
    {"ucomisd", P66(0x2e), RM},
    {"comiss", P0(0x2f), RM},
    {"comisd", P66(0x2f), RM},
    {"movss load", PF3(0x10), RM},
    {"movsd load", PF2(0x10), RM},
    {"movss store", PF3(0x11), RM},
    {"movsd store", PF2(0x11), RM},
    {"movlps/movhlps", P0(0x12), RM},
    {"movlpd", P66(0x12), MEM},
    {"movsldup", PF3(0x12), RM},
    {"movddup", PF2(0x12), RM},
    {"movlps store", P0(0x13), MEM},
    {"movlpd store", P66(0x13), MEM},
    {"unpcklps", P0(0x14), RM},
    {"unpcklpd", P66(0x14), RM},
    {"unpckhps", P0(0x15), RM},
    {"unpckhpd", P66(0x15), RM},
    {"movhps/movlhps", P0(0x16), RM},
    {"movhpd", P66(0x16), MEM},
    {"movshdup", PF3(0x16), RM},
    {"movhps store", P0(0x17), MEM},
    {"movhpd store", P66(0x17), MEM},
    {"movntps", P0(0x2b), MEM},
    {"movntpd", P66(0x2b), MEM},
    {"movmskps", P0(0x50), REG},
    {"movmskpd", P66(0x50), REG},
    {"shufps", P0(0xc6), RM | IMM},
    {"shufpd", P66(0xc6), RM | IMM},
    {"haddpd", P66(0x7c), RM},
    {"haddps", PF2(0x7c), RM},
    {"hsubpd", P66(0x7d), RM},
    {"hsubps", PF2(0x7d), RM},
    {"addsubpd", P66(0xd0), RM},
    {"addsubps", PF2(0xd0), RM},
    {"lddqu", PF2(0xf0), MEM},
    {"cvtpi2ps", P0(0x2a), RM | RM0},
    {"cvtpi2pd", P66(0x2a), RM | RM0},
    {"cvtsi2ss", PF3(0x2a), RM | RM0},
    {"cvtsi2sd", PF2(0x2a), RM | RM0},
    {"cvtsi2ss q", O4(0xf3, 0x48, 0x0f, 0x2a), RM | RM0},
    {"cvtsi2sd q", O4(0xf2, 0x48, 0x0f, 0x2a), RM | RM0},
    {"cvttps2pi", P0(0x2c), RM},
    {"cvttpd2pi", P66(0x2c), RM},
    {"cvttss2si", PF3(0x2c), RM},
    {"cvttsd2si", PF2(0x2c), RM},
    {"cvttss2si q", O4(0xf3, 0x48, 0x0f, 0x2c), RM},
    {"cvttsd2si q", O4(0xf2, 0x48, 0x0f, 0x2c), RM},
    {"cvtps2pi", P0(0x2d), RM},
    {"cvtpd2pi", P66(0x2d), RM},
    {"cvtss2si", PF3(0x2d), RM},
    {"cvtsd2si", PF2(0x2d), RM},
    {"cvtss2si q", O4(0xf3, 0x48, 0x0f, 0x2d), RM},
    {"cvtsd2si q", O4(0xf2, 0x48, 0x0f, 0x2d), RM},
    {"cvtps2pd", P0(0x5a), RM},
    {"cvtpd2ps", P66(0x5a), RM},
    {"cvtss2sd", PF3(0x5a), RM},
    {"cvtsd2ss", PF2(0x5a), RM},
    {"cvtdq2ps", P0(0x5b), RM},
    {"cvtps2dq", P66(0x5b), RM},
    {"cvttps2dq", PF3(0x5b), RM},
    {"cvttpd2dq", P66(0xe6), RM},
    {"cvtdq2pd", PF3(0xe6), RM},
    {"cvtpd2dq", PF2(0xe6), RM},
    {"roundps", O4(0x66, 0x0f, 0x3a, 0x08), RM | IMM},
    {"roundpd", O4(0x66, 0x0f, 0x3a, 0x09), RM | IMM},
    {"roundss", O4(0x66, 0x0f, 0x3a, 0x0a), RM | IMM},
    {"roundsd", O4(0x66, 0x0f, 0x3a, 0x0b), RM | IMM},
    {"blendps", O4(0x66, 0x0f, 0x3a, 0x0c), RM | IMM},
    {"blendpd", O4(0x66, 0x0f, 0x3a, 0x0d), RM | IMM},
    {"extractps", O4(0x66, 0x0f, 0x3a, 0x17), RM | IMM | RM0},
    {"insertps", O4(0x66, 0x0f, 0x3a, 0x21), RM | IMM},
    {"dpps", O4(0x66, 0x0f, 0x3a, 0x40), RM | IMM},
    {"dppd", O4(0x66, 0x0f, 0x3a, 0x41), RM | IMM},
    {"blendvps", O4(0x66, 0x0f, 0x38, 0x14), RM | REG2},
    {"blendvpd", O4(0x66, 0x0f, 0x38, 0x15), RM | REG2},
};

static uint64_t xorshift(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

/* Special single and double values: zeros, denormals, extremes, infinities, NaNs, halves. */
static const uint32_t specials32[] = {
    0x00000000, 0x80000000, 0x00000001, 0x807fffff, 0x00800000, 0x7f7fffff,
    0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000, 0x7f800001, 0xffa00000,
    0x3f800000, 0xbfc00000, 0x4f000000, 0xcf000000, 0x5f000000, 0xdf000000,
    0x3f000000, 0x40200000, 0x3effffff, 0x00400000, 0x0ffffff0, 0x70000000,
};
static const uint64_t specials64[] = {
    0x0000000000000000ull, 0x8000000000000000ull, 0x0000000000000001ull, 0x800fffffffffffffull,
    0x0010000000000000ull, 0x7fefffffffffffffull, 0x7ff0000000000000ull, 0xfff0000000000000ull,
    0x7ff8000000000000ull, 0xfff8000000000000ull, 0x7ff0000000000001ull, 0xfff4000000000000ull,
    0x3ff0000000000000ull, 0xbff8000000000000ull, 0x41e0000000000000ull, 0xc1e0000000000000ull,
    0x43e0000000000000ull, 0xc3e0000000000000ull, 0x3fe0000000000000ull, 0x3810000000000000ull,
    0x47efffffe0000000ull, 0x36a0000000000000ull, 0x3ff0000000000001ull, 0x4330000000000000ull,
};
#define N32 (sizeof(specials32) / sizeof(specials32[0]))
#define N64 (sizeof(specials64) / sizeof(specials64[0]))

/* A float-ish value: random bits, random normal numbers, or specials of either width. */
static uint64_t random_half(uint64_t *seed)
{
    uint64_t r = xorshift(seed);
    switch (r & 7) {
    case 0:
        return xorshift(seed);
    case 1:
    case 2: {
        uint64_t lo = specials32[(r >> 8) % N32], hi = specials32[(r >> 16) % N32];
        return lo | hi << 32;
    }
    case 3:
    case 4:
        return specials64[(r >> 8) % N64];
    case 5: /* singles of moderate exponent */
        return (xorshift(seed) & 0x807fffff807fffffull) | 0x3c0000003c000000ull |
               ((r >> 8) & 0x0f0000000f000000ull);
    default: /* doubles of moderate exponent */
        return (xorshift(seed) & 0x800fffffffffffffull) | 0x3c00000000000000ull |
               ((r >> 8) & 0x00f0000000000000ull);
    }
}

static void random_state(SseState *st, uint64_t *seed)
{
    static const uint64_t ints[] = {0,
                                    1,
                                    0xffffffff,
                                    0x7fffffff,
                                    0x80000000,
                                    0x8000000000000000ull,
                                    0x7fffffffffffffffull,
                                    12345};
    memset(st, 0, sizeof(*st));
    for (int i = 0; i < 3; i++) {
        st->xmm[i][0] = random_half(seed);
        st->xmm[i][1] = random_half(seed);
    }
    st->mem[0] = random_half(seed);
    st->mem[1] = random_half(seed);
    uint64_t r = xorshift(seed);
    st->rax = (r & 1) ? ints[(r >> 1) & 7] : xorshift(seed);
    st->mm0 = (r & 16) ? random_half(seed) : xorshift(seed);
    /* Random RC, DAZ, FTZ and sticky flags; in a quarter of the runs some exceptions unmasked.
     */
    uint32_t masks = (r >> 30) & 3 ? MXCSR_MASKS : (uint32_t)(xorshift(seed) & MXCSR_MASKS);
    st->mxcsr = masks | (uint32_t)((r >> 8) & (3u << MXCSR_RC_SHIFT)) |
                ((r >> 20) & 1 ? MXCSR_DAZ : 0) | ((r >> 21) & 1 ? MXCSR_FTZ : 0) |
                ((r >> 22) & 1 ? (uint32_t)((r >> 24) & 0x3f) : 0);
}

/* Encode case c in its register or memory form with imm8. */
static size_t encode(const SseCase *c, bool mem, uint8_t imm, uint8_t *insn)
{
    size_t n = c->len;
    int reg = (c->forms & REG2) ? 2 : 0, rm = (c->forms & RM0) ? 0 : 1;
    memcpy(insn, c->op, n);
    if (mem) {
        insn[n++] = (uint8_t)(0x47 | reg << 3);
        insn[n++] = 0x40;
    } else {
        insn[n++] = (uint8_t)(0xc0 | reg << 3 | rm);
    }
    if (c->forms & IMM) {
        insn[n++] = imm;
    }
    return n;
}

/* RCP/RSQRT: the SDM's bound, |relative error| <= 1.5 * 2^-12, for finite normal results. */
static bool approx_close(uint32_t g, uint32_t h)
{
    if (g == h) {
        return true;
    }
    if (((g ^ h) >> 31) || (h & 0x7f800000) == 0x7f800000 || !(h & 0x7f800000)) {
        return false;
    }
    int64_t diff = (int64_t)(g & 0x7fffffff) - (int64_t)(h & 0x7fffffff);
    return diff >= -(3 << 11) && diff <= (3 << 11); /* in ulps of 2^-23, twice the bound */
}

static bool same_state(const SseCase *c, const SseState *g, const SseState *h)
{
    SseState a = *g, b = *h;
    a.flags &= CC_ARITH;
    b.flags &= CC_ARITH;
    if (c->forms & APPROX) {
        bool scalar = c->op[0] == 0xf3;
        for (int i = 0; i < (scalar ? 1 : 4); i++) {
            uint32_t *ga = (uint32_t *)a.xmm[0] + i, *hb = (uint32_t *)b.xmm[0] + i;
            if (!approx_close(*ga, *hb)) {
                return false;
            }
            *ga = *hb;
        }
    }
    return memcmp(&a, &b, sizeof(a)) == 0;
}

static void dump(const char *who, const SseState *s)
{
    printf("    %s: xmm0=%016llx:%016llx xmm1=%016llx:%016llx xmm2=%016llx:%016llx rax=%llx "
           "fl=%llx mem=%016llx:%016llx mxcsr=%x mm0=%llx vector=%u\n",
           who, (unsigned long long)s->xmm[0][1], (unsigned long long)s->xmm[0][0],
           (unsigned long long)s->xmm[1][1], (unsigned long long)s->xmm[1][0],
           (unsigned long long)s->xmm[2][1], (unsigned long long)s->xmm[2][0],
           (unsigned long long)s->rax, (unsigned long long)(s->flags & CC_ARITH),
           (unsigned long long)s->mem[1], (unsigned long long)s->mem[0], s->mxcsr,
           (unsigned long long)s->mm0, s->vector);
}

#define RUNS_PER_FORM 200

static void test_sse_fp_vs_host(void)
{
    uint64_t seed = 0x2545f4914f6cdd1dull;
    unsigned mismatches = 0, runs = 0;
    host_code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(host_code != MAP_FAILED);
    for (size_t ci = 0; ci < sizeof(cases) / sizeof(cases[0]); ci++) {
        const SseCase *c = &cases[ci];
        unsigned case_bad = 0;
        for (int form = 0; form < 2; form++) {
            if (!(c->forms & (form ? MEM : REG))) {
                continue;
            }
            for (int i = 0; i < RUNS_PER_FORM; i++) {
                uint8_t insn[16];
                size_t len = encode(c, form, (uint8_t)xorshift(&seed), insn);
                SseState in, g, h;
                random_state(&in, &seed);
                g = h = in;
                host_run(insn, len, &h);
                guest_run(insn, len, &g);
                runs++;
                if (!same_state(c, &g, &h)) {
                    mismatches++;
                    if (case_bad++ < 3) {
                        printf("  %s (%s form, imm %02x):\n", c->name, form ? "mem" : "reg",
                               (c->forms & IMM) ? insn[len - 1] : 0);
                        dump("in   ", &in);
                        dump("guest", &g);
                        dump("host ", &h);
                    }
                }
            }
        }
    }
    printf("  %u runs, %u mismatches\n", runs, mismatches);
    CHECK_EQ(mismatches, 0);
    munmap(host_code, 4096);
}

int main(void)
{
    setup();
    RUN_TEST(test_sse_fp_vs_host);
    return test_finish();
}

#else

int main(void) { return 0; }

#endif
