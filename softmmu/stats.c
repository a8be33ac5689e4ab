/* Translation and execution statistics (-d stats). */
#include <inttypes.h>
#include <time.h>

#include "exec/cpu.h"
#include "sysemu/stats.h"
#include "tcg/tcg.h"

static struct {
    uint64_t blocks, guest_insns, translate_ns;
    uint64_t compiled, compile_failed, compile_ns;
} stats;

uint64_t stats_clock_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Both are called on the vCPU thread only. */
void stats_record_translation(unsigned guest_insns, uint64_t ns)
{
    stats.blocks++;
    stats.guest_insns += guest_insns;
    stats.translate_ns += ns;
}

void stats_record_compile(uint64_t ns, bool ok)
{
    stats.compiled += ok;
    stats.compile_failed += !ok;
    stats.compile_ns += ns;
}

static double per(uint64_t total, uint64_t count) { return count ? (double)total / count : 0; }

void stats_print(FILE *f)
{
    uint64_t executed = 0;
    CPU_FOREACH(cpu)
    executed += cpu->insns_executed;

    fprintf(f, "stats: guest instructions executed: %" PRIu64 "\n", executed);
    fprintf(f,
            "stats: blocks translated: %" PRIu64 " (%" PRIu64
            " guest instructions, %.1f per block)\n",
            stats.blocks, stats.guest_insns, per(stats.guest_insns, stats.blocks));
    fprintf(f, "stats: translation (tier 0): %.3f ms in all, %.0f ns per guest instruction\n",
            stats.translate_ns / 1e6, per(stats.translate_ns, stats.guest_insns));
    if (stats.compiled || stats.compile_failed)
        fprintf(f,
                "stats: libgccjit (tier 1): %" PRIu64 " blocks compiled (%" PRIu64
                " failed), %.1f ms per block\n",
                stats.compiled, stats.compile_failed,
                per(stats.compile_ns, stats.compiled + stats.compile_failed) / 1e6);
    TCGTierUpStats tu = tcg_tierup_stats();
    if (tu.queued)
        fprintf(f,
                "stats: tier-up (background libgccjit): %" PRIu64 " blocks queued, %" PRIu64
                " compiled (%" PRIu64 " failed, %" PRIu64 " dropped) in %" PRIu64
                " batches, %.1f ms per block\n",
                tu.queued, tu.compiled, tu.failed, tu.dropped, tu.batches,
                per(tu.compile_ns, tu.compiled + tu.failed) / 1e6);
}
