/*
 * Runs every generated block (gen.c) from its initial state and prints one
 * line per block, "H CLASS INDEX HASH", over a hash of its final state:
 * registers (not rsp, not the scratch base r15), the flags the block
 * leaves defined, the scratch buffer and as much of the vector and FPU
 * state (FXSAVE layout) as the block's level loads (harness.inc).  Built twice from the same
 * generated assembly: as a Linux program that runs the blocks natively in
 * a child process (the reference), and with -DBARE_METAL as a 64-bit
 * tests/guest/x86 program for the pc board.  The 32-bit classes build it
 * -m32: bare metal in protected mode, and with -DLINUX32 as the reference
 * (linux32/: no libc) in compatibility mode.  With -DVERBOSE it also prints
 * the initial and final states in full, which the run script diffs.
 */
#include <stddef.h>
#include <stdint.h>

#include "fnv.h"
#if defined(BARE_METAL) || defined(LINUX32)
#include "runtime.h"
#else
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

#define SCRATCH_SIZE 256

/* The FXSAVE image, 16-byte aligned (FXSAVE/FXRSTOR require it). */
struct fxarea {
    uint16_t fcw, fsw;
    uint8_t ftw, reserved1;
    uint8_t last_insn_and_operand[18]; /* FOP, FIP, FDP: addresses, not compared */
    uint32_t mxcsr, mxcsr_mask;
    uint8_t st[8][16]; /* 80 bits used of each; the MMX registers are the low 64 */
    uint8_t xmm[16][16];
    uint8_t available[96];
};

struct frame {
    uint64_t r[16]; /* rax rcx rdx rbx rsp rbp rsi rdi r8..r15; rsp, r15 unused */
    uint64_t flags;
    uint64_t pad; /* so that scratch is 16-byte aligned for aligned SSE operands */
    uint8_t scratch[SCRATCH_SIZE];
    struct fxarea fx;
};

_Static_assert(offsetof(struct frame, flags) == 128, "harness.inc FRAME_FLAGS");
_Static_assert(offsetof(struct frame, scratch) == 144, "harness.inc FRAME_SCRATCH");
_Static_assert(offsetof(struct frame, fx) == 400, "harness.inc FRAME_FX");
_Static_assert(sizeof(struct fxarea) == 512, "FXSAVE image");

/* The levels of harness.inc: how much vector and FPU state a block uses. */
enum { LEVEL_GPR, LEVEL_SSE, LEVEL_MMX, LEVEL_X87 };

/* 64-bit fields in 32-bit code too, the addresses zero-extended: one table
 * format for gen.c. */
struct block {
    uint64_t code;  /* void block(struct frame *f) */
    uint64_t state; /* const struct frame * */
    uint64_t index;
    uint64_t cls;        /* const char *: the class name */
    uint64_t flags_mask; /* the flags defined at the block's end */
    uint64_t level;      /* LEVEL_* */
    uint64_t fsw_mask;   /* the x87 status word bits defined at its end */
};

extern const struct block blocks[];
extern const uint64_t nblocks;

static struct frame frame __attribute__((aligned(64)));

static const char *const reg_names[16] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp",
                                          "rsi", "rdi", "r8",  "r9",  "r10", "r11",
                                          "r12", "r13", "r14", "r15"};

/* Most significant byte first, as one number. */
static void dump_bytes(const char *tag, const char *name, int i, const uint8_t *b, int n)
{
    printf("%s %s%d ", tag, name, i);
    for (int j = n - 1; j >= 0; j--)
        printf("%02x%s", b[j], j % 4 == 0 && j ? "_" : "");
    printf("\n");
}

static void dump(const char *tag, const struct frame *f)
{
    for (int i = 0; i < 15; i++) {
        if (i != 4)
            printf("%s %s %016llx\n", tag, reg_names[i], (unsigned long long)f->r[i]);
    }
    printf("%s flags %08llx\n", tag, (unsigned long long)f->flags);
    printf("%s mxcsr %08x fcw %04x fsw %04x ftw %02x\n", tag, f->fx.mxcsr, f->fx.fcw, f->fx.fsw,
           f->fx.ftw);
    for (int i = 0; i < 8; i++)
        dump_bytes(tag, "st", i, f->fx.st[i], 10);
    for (int i = 0; i < 16; i++)
        dump_bytes(tag, "xmm", i, f->fx.xmm[i], 16);
    for (int i = 0; i < SCRATCH_SIZE; i += 16) {
        printf("%s mem+%03x", tag, i);
        for (int j = 0; j < 16; j++)
            printf(" %02x", f->scratch[i + j]);
        printf("\n");
    }
}

/* Keep only what the block's level compares: what it loaded, without the
 * fields that hold addresses or are reserved. */
static void canonicalise(struct fxarea *fx, const struct block *b)
{
    if (b->level == LEVEL_GPR) {
        memset(fx, 0, sizeof(*fx));
        return;
    }
    memset(fx->last_insn_and_operand, 0, sizeof(fx->last_insn_and_operand));
    memset(fx->available, 0, sizeof(fx->available));
    fx->reserved1 = 0;
    fx->mxcsr_mask = 0;
    fx->fsw &= b->fsw_mask;
    if (b->level != LEVEL_X87)
        fx->fcw = fx->fsw = fx->ftw = 0;
    for (int i = 0; i < 8; i++) {
        int used = b->level == LEVEL_X87 ? 10 : b->level == LEVEL_MMX ? 8 : 0;
        memset(fx->st[i] + used, 0, sizeof(fx->st[i]) - used);
    }
}

static void run_block(const struct block *b)
{
    memcpy(&frame, (const struct frame *)(uintptr_t)b->state, sizeof(frame));
#ifdef VERBOSE
    dump("in", &frame);
#endif
    ((void (*)(struct frame *))(uintptr_t)b->code)(&frame);
    frame.r[4] = frame.r[15] = 0;
#ifndef __x86_64__
    frame.r[5] = 0; /* ebp: the scratch base in 32-bit code */
#endif
    frame.flags &= b->flags_mask;
    canonicalise(&frame.fx, b);
#ifdef VERBOSE
    dump("out", &frame);
#else
    (void)dump;
#endif
    printf("H %s %llu %016llx\n", (const char *)(uintptr_t)b->cls, (unsigned long long)b->index,
           (unsigned long long)hash_bytes(&frame, sizeof(frame)));
}

static void run_all(void)
{
    for (uint64_t i = 0; i < nblocks; i++)
        run_block(&blocks[i]);
    printf("DONE %llu\n", (unsigned long long)nblocks);
}

#ifdef BARE_METAL
/* Enable SSE (CR4.OSFXSR, OSXMMEXCPT) and the x87 with native error
 * reporting (CR0.MP, NE; EM clear), as an OS does; the FPU is as after
 * reset, the state FNINIT sets. */
static void enable_fpu(void)
{
    unsigned long cr0, cr4;
    __asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
    cr0 = (cr0 & ~(1ul << 2 | 1ul << 3)) | 1ul << 1 | 1ul << 5;
    __asm__ volatile("mov %0, %%cr0" : : "r"(cr0));
    __asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
    cr4 |= 1ul << 9 | 1ul << 10;
    __asm__ volatile("mov %0, %%cr4" : : "r"(cr4));
}

int main(void)
{
    enable_fpu();
    run_all();
    return 0;
}
#elif defined(LINUX32)
/* No fork here: a block that crashes (a generator bug) ends the run, which
 * the run script reports as a failed host run. */
int main(void)
{
    run_all();
    return 0;
}
#else
/* The blocks run in a child, so that a block that crashes (a generator
 * bug) is reported rather than taking the driver down. */
int main(void)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        run_all();
        fflush(stdout);
        _exit(0);
    }
    int status;
    if (pid < 0 || waitpid(pid, &status, 0) != pid) {
        perror("driver: fork");
        return 1;
    }
    if (WIFSIGNALED(status)) {
        printf("CRASH signal %d\n", WTERMSIG(status));
        return 1;
    }
    return WEXITSTATUS(status);
}
#endif
