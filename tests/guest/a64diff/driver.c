/*
 * Runs every generated block (gen.c) from its initial state and prints one
 * line per block, "H CLASS INDEX HASH", over a hash of the whole final state.
 * Built twice from the same generated assembly: as a static Linux program
 * for qemu-aarch64-static (the reference) and, with -DBARE_METAL, as a
 * virt-board program for gemu.  With -DVERBOSE it also prints the initial
 * and final state in full, which the run script diffs on a mismatch.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fnv.h"
#ifdef BARE_METAL
#include "runtime.h"
#else
#include <stdio.h>
#endif

#define SCRATCH_SIZE 256

/* The layout harness.inc and gen.c's emit_state() agree on. */
struct frame {
    uint64_t x[32]; /* x[28] (scratch base) and x[31] are not used */
    uint64_t nzcv;
    uint64_t pad;
    uint8_t scratch[SCRATCH_SIZE];
    uint64_t v[32][2];
    uint64_t fpcr, fpsr;
} __attribute__((aligned(16)));

_Static_assert(offsetof(struct frame, scratch) == 272, "harness.inc FRAME_SCRATCH");
_Static_assert(offsetof(struct frame, v) == 528, "harness.inc V_OFF");
_Static_assert(offsetof(struct frame, fpcr) == 1040, "harness.inc FPCR_OFF");
_Static_assert(offsetof(struct frame, fpsr) == 1048, "harness.inc FPSR_OFF");

struct block {
    void (*code)(void);
    const struct frame *state;
    uint64_t index;
    const char *cls;
};

/* harness.inc: run one block's code from *f and store the results in *f. */
void harness_run(struct frame *f, void (*code)(void));

extern const struct block blocks[];
extern const uint64_t nblocks;

static struct frame frame;

static void dump(const char *tag, const struct frame *f)
{
    for (int i = 0; i < 31; i++) {
        if (i != 28)
            printf("%s x%d %016llx\n", tag, i, (unsigned long long)f->x[i]);
    }
    printf("%s nzcv %08llx\n", tag, (unsigned long long)f->nzcv);
    printf("%s fpcr %08llx\n", tag, (unsigned long long)f->fpcr);
    printf("%s fpsr %08llx\n", tag, (unsigned long long)f->fpsr);
    for (int i = 0; i < 32; i++)
        printf("%s v%d %016llx%016llx\n", tag, i, (unsigned long long)f->v[i][1],
               (unsigned long long)f->v[i][0]);
    for (int i = 0; i < SCRATCH_SIZE; i += 16) {
        printf("%s mem+%03x", tag, i);
        for (int j = 0; j < 16; j++)
            printf(" %02x", f->scratch[i + j]);
        printf("\n");
    }
}

static void run_block(const struct block *b)
{
    memcpy(&frame, b->state, sizeof(frame));
#ifdef VERBOSE
    dump("in", &frame);
#endif
    harness_run(&frame, b->code);
#ifdef VERBOSE
    dump("out", &frame);
#else
    (void)dump;
#endif
    printf("H %s %llu %016llx\n", b->cls, (unsigned long long)b->index,
           (unsigned long long)hash_bytes(&frame, sizeof(frame)));
}

int main(void)
{
#ifdef BARE_METAL
    /* CPACR_EL1.FPEN = 0b11: the SIMD&FP instructions must not trap. */
    write_sysreg(cpacr_el1, 3u << 20);
#endif
    for (uint64_t i = 0; i < nblocks; i++)
        run_block(&blocks[i]);
    printf("DONE %llu\n", (unsigned long long)nblocks);
    return 0;
}
