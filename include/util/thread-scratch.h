/*
 * Per-thread working memory: allocated zeroed on a thread's first use and
 * freed when that thread exits, so long-lived scratch state (the IR context,
 * the optimizer's tables) neither leaks nor is shared between threads.
 *
 *   static ThreadScratch opt_scratch = THREAD_SCRATCH_INITIALIZER;
 *   static __thread Opt *opt_state;   // fast cache of the pointer
 *   if (!opt_state)
 *       opt_state = thread_scratch(&opt_scratch, sizeof(*opt_state));
 */
#ifndef UTIL_THREAD_SCRATCH_H
#define UTIL_THREAD_SCRATCH_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct ThreadScratch {
    bool key_created;
    pthread_key_t key;
} ThreadScratch;

#define THREAD_SCRATCH_INITIALIZER                                                             \
    {                                                                                          \
        false                                                                                  \
    }

/* This thread's block of size bytes (the same size on every call). */
void *thread_scratch(ThreadScratch *ts, size_t size);

#endif
