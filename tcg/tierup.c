/*
 * Tier-up: blocks that run often are compiled with libgccjit on a
 * background thread while the interpreter keeps running them (DESIGN.md
 * section 4).  When a block's execution count reaches the threshold it is
 * queued; the compile thread publishes the host function with a release
 * store of code->jit_fn, after which tcg_code_exec_chain() calls it and the
 * interpreter stops chaining into the block.
 *
 * Lifetime: a block may be freed (invalidated code, a full cache) while it
 * waits or compiles.  Its tier state, under the queue lock, says who frees:
 * a queued block is taken off the queue and freed by the caller; a block
 * being compiled is freed by the compile thread when it is done.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "tcg-internal.h"
#include "util/log.h"

/*
 * Blocks waiting at most.  The newest request is compiled first (what is
 * hot now is what will run next); when the queue is full the oldest
 * request is dropped and its block counts again from zero.
 */
#define QUEUE_MAX 1024
/* Blocks compiled in one libgccjit context: the cost is mostly per context. */
#define BATCH_MAX 32
/* The compile thread yields the CPU to the vCPU and I/O threads. */
#define COMPILE_NICE 10

uint32_t tcg_tierup_threshold;

static struct {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_t thread;
    bool running, stopping;
    TCGCode *queue[QUEUE_MAX]; /* a ring of pending blocks: oldest at head */
    unsigned head, count;
    TCGTierUpStats stats;
} tu = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/*
 * Up to BATCH_MAX queued blocks still worth compiling, newest first, now
 * marked as being compiled; 0 when stopping.  Under lock.
 */
static unsigned dequeue_batch(TCGCode **batch)
{
    unsigned n = 0;
    while (!tu.count && !tu.stopping)
        pthread_cond_wait(&tu.wake, &tu.lock);
    while (tu.count && n < BATCH_MAX && !tu.stopping) {
        tu.count--;
        TCGCode *code = tu.queue[(tu.head + tu.count) % QUEUE_MAX];
        if (code && !code->invalid) { /* NULL: a block freed while it waited */
            code->tier_state = TIER_COMPILING;
            batch[n++] = code;
        } else if (code) {
            code->tier_state = TIER_INTERP;
        }
    }
    return n;
}

/* After compiling: publish, or free the blocks freed meanwhile.  Under lock. */
static void finish_batch(TCGCode **batch, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        TCGCode *code = batch[i];
        bool ok = tcg_code_is_compiled(code);
        tu.stats.compiled += ok;
        tu.stats.failed += !ok;
        if (code->tier_state == TIER_FREE_PENDING) {
            tcg_code_destroy(code);
            continue;
        }
        code->tier_state = ok ? TIER_COMPILED : TIER_FAILED;
        if (ok)
            __atomic_store_n(&code->interp_chain_blocked, true, __ATOMIC_RELEASE);
    }
}

static void *compile_thread(void *arg)
{
    TCGCode *batch[BATCH_MAX];
    (void)arg;
    /* Linux nice values are per thread. */
    setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), COMPILE_NICE);
    pthread_mutex_lock(&tu.lock);
    for (;;) {
        unsigned n = dequeue_batch(batch);
        if (!n) {
            if (tu.stopping)
                break;
            continue;
        }
        pthread_mutex_unlock(&tu.lock);
        uint64_t t0 = now_ns();
        tcg_jit_compile_batch(batch, n);
        uint64_t ns = now_ns() - t0;
        pthread_mutex_lock(&tu.lock);
        tu.stats.compile_ns += ns;
        tu.stats.batches++;
        finish_batch(batch, n);
    }
    pthread_mutex_unlock(&tu.lock);
    return NULL;
}

void tcg_tierup_stop(void)
{
    if (!tu.running || pthread_equal(pthread_self(), tu.thread))
        return;
    pthread_mutex_lock(&tu.lock);
    tu.stopping = true;
    pthread_cond_signal(&tu.wake);
    pthread_mutex_unlock(&tu.lock);
    pthread_join(tu.thread, NULL);
    tu.running = false;
}

bool tcg_tierup_enable(uint32_t threshold)
{
    if (tu.running || !tcg_jit_available() || threshold == 0)
        return tu.running;
    int err = pthread_create(&tu.thread, NULL, compile_thread, NULL);
    if (err) {
        log_printf("tcg: no tier-up: cannot start the compile thread: %s\n", strerror(err));
        return false;
    }
    tu.running = true;
    tcg_tierup_threshold = threshold;
    atexit(tcg_tierup_stop);
    return true;
}

/* Under lock, on the vCPU thread (which owns exec_count). */
static void drop_oldest(void)
{
    TCGCode *old = tu.queue[tu.head];
    if (old) {
        old->tier_state = TIER_INTERP;
        old->exec_count = 0; /* asks again after another threshold of runs */
        tu.stats.dropped++;
    }
    tu.head = (tu.head + 1) % QUEUE_MAX;
    tu.count--;
}

void tcg_tierup_request(TCGCode *code)
{
    if (!tu.running || code->invalid)
        return;
    pthread_mutex_lock(&tu.lock);
    if (code->tier_state != TIER_INTERP) {
        pthread_mutex_unlock(&tu.lock);
        return;
    }
    if (tu.count == QUEUE_MAX)
        drop_oldest();
    code->tier_state = TIER_QUEUED;
    code->tier_slot = (tu.head + tu.count) % QUEUE_MAX;
    tu.queue[code->tier_slot] = code;
    tu.count++;
    tu.stats.queued++;
    pthread_cond_signal(&tu.wake);
    pthread_mutex_unlock(&tu.lock);
}

bool tcg_tierup_release(TCGCode *code)
{
    if (!tu.running)
        return false;
    bool deferred = false;
    pthread_mutex_lock(&tu.lock);
    if (code->tier_state == TIER_QUEUED) {
        tu.queue[code->tier_slot] = NULL;
    } else if (code->tier_state == TIER_COMPILING) {
        code->tier_state = TIER_FREE_PENDING;
        deferred = true;
    }
    pthread_mutex_unlock(&tu.lock);
    return deferred;
}

TCGTierUpStats tcg_tierup_stats(void)
{
    pthread_mutex_lock(&tu.lock);
    TCGTierUpStats s = tu.stats;
    pthread_mutex_unlock(&tu.lock);
    return s;
}
