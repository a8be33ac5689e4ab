/* Per-thread working memory freed at thread exit (util/thread-scratch.h). */
#include <stdlib.h>

#include "util/error.h"
#include "util/thread-scratch.h"

static pthread_mutex_t key_lock = PTHREAD_MUTEX_INITIALIZER;

static void create_key_once(ThreadScratch *ts)
{
    pthread_mutex_lock(&key_lock);
    if (!__atomic_load_n(&ts->key_created, __ATOMIC_ACQUIRE)) {
        if (pthread_key_create(&ts->key, free) != 0)
            fatal("cannot create a thread-local key");
        __atomic_store_n(&ts->key_created, true, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&key_lock);
}

void *thread_scratch(ThreadScratch *ts, size_t size)
{
    if (!__atomic_load_n(&ts->key_created, __ATOMIC_ACQUIRE))
        create_key_once(ts);
    void *p = pthread_getspecific(ts->key);
    if (!p) {
        p = calloc(1, size);
        if (!p || pthread_setspecific(ts->key, p) != 0)
            fatal("out of memory for per-thread state");
    }
    return p;
}
