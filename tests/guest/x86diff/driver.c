/*
 * Runs every generated block (gen.c) from its initial state and prints one
 * line per block, "H CLASS INDEX HASH", over a hash of its final state:
 * registers (not rsp, not the scratch base r15), the flags the block
 * leaves defined, and the scratch buffer.  Built twice from the same
 * generated assembly: as a Linux program that runs the blocks natively in
 * a child process (the reference), and with -DBARE_METAL as a 64-bit
 * tests/guest/x86 program for the pc board.  With -DVERBOSE it also prints
 * the initial and final states in full, which the run script diffs.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fnv.h"
#ifdef BARE_METAL
#include "runtime.h"
#else
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

#define SCRATCH_SIZE 256

struct frame {
    uint64_t r[16]; /* rax rcx rdx rbx rsp rbp rsi rdi r8..r15; rsp, r15 unused */
    uint64_t flags;
    uint8_t scratch[SCRATCH_SIZE];
};

_Static_assert(offsetof(struct frame, flags) == 128, "harness.inc FRAME_FLAGS");
_Static_assert(offsetof(struct frame, scratch) == 136, "harness.inc FRAME_SCRATCH");

struct block {
    void (*code)(struct frame *f);
    const struct frame *state;
    uint64_t index;
    const char *cls;
    uint64_t flags_mask; /* the flags defined at the block's end */
};

extern const struct block blocks[];
extern const uint64_t nblocks;

static struct frame frame;

static const char *const reg_names[16] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp",
                                          "rsi", "rdi", "r8",  "r9",  "r10", "r11",
                                          "r12", "r13", "r14", "r15"};

static void dump(const char *tag, const struct frame *f)
{
    for (int i = 0; i < 15; i++) {
        if (i != 4)
            printf("%s %s %016llx\n", tag, reg_names[i], (unsigned long long)f->r[i]);
    }
    printf("%s flags %08llx\n", tag, (unsigned long long)f->flags);
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
    b->code(&frame);
    frame.r[4] = frame.r[15] = 0;
    frame.flags &= b->flags_mask;
#ifdef VERBOSE
    dump("out", &frame);
#else
    (void)dump;
#endif
    printf("H %s %llu %016llx\n", b->cls, (unsigned long long)b->index,
           (unsigned long long)hash_bytes(&frame, sizeof(frame)));
}

static void run_all(void)
{
    for (uint64_t i = 0; i < nblocks; i++)
        run_block(&blocks[i]);
    printf("DONE %llu\n", (unsigned long long)nblocks);
}

#ifdef BARE_METAL
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
