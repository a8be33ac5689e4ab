/* Shutdown and reset requests, the exit code, and the big lock. */
#include <glib.h>
#include <stdatomic.h>

#include "exec/cpu.h"
#include "sysemu/runstate.h"
#include "sysemu/runstate-internal.h"

static atomic_bool shutdown_requested;
static atomic_bool reset_requested;
static atomic_int shutdown_exit_code;
static atomic_bool no_reboot;

/* Recursive, so MMIO handlers reached with the lock held may take it again. */
static GRecMutex big_lock;
static __thread int big_lock_depth;

/* Make the vCPU loop and the main loop look at the requests. */
static void kick_everyone(void)
{
    CPU_FOREACH(cpu) { cpu_exit(cpu); }
    g_main_context_wakeup(NULL);
}

void system_shutdown_request(int exit_code)
{
    if (!atomic_exchange(&shutdown_requested, true))
        atomic_store(&shutdown_exit_code, exit_code);
    kick_everyone();
}

void system_reset_request(void)
{
    if (atomic_load(&no_reboot)) {
        system_shutdown_request(0);
        return;
    }
    atomic_store(&reset_requested, true);
    kick_everyone();
}

bool system_shutdown_pending(void) { return atomic_load(&shutdown_requested); }

void runstate_set_no_reboot(bool value) { atomic_store(&no_reboot, value); }

bool runstate_take_reset_request(void) { return atomic_exchange(&reset_requested, false); }

int runstate_exit_code(void) { return atomic_load(&shutdown_exit_code); }

void bql_lock(void)
{
    g_rec_mutex_lock(&big_lock);
    big_lock_depth++;
}

void bql_unlock(void)
{
    big_lock_depth--;
    g_rec_mutex_unlock(&big_lock);
}

bool bql_locked(void) { return big_lock_depth > 0; }
