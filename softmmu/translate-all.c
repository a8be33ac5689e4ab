/*
 * The translation cache: TBs hashed by (physical pc, pc, flags), and per
 * guest physical page the list of TBs whose code lies on it, so a write to
 * the page can invalidate them.
 *
 * Invalid TBs leave the hash and page lists but stay allocated until the
 * next tb_flush_all(): chained pointers and jump caches may still name them
 * and check tb->invalid.  A flush frees TBs, so it only happens where no TB
 * can be running: on a thread with no TB executing while no other thread is
 * in the CPU loop.  Otherwise it is deferred to the CPU loop's next check
 * between blocks.
 *
 * A recursive lock guards the structures: DMA writes (main thread) reach
 * tb_invalidate_phys_range too, and filling the TLB during translation asks
 * tb_page_has_code.
 */
#include <inttypes.h>
#include <string.h>

#include <glib.h>

#include "exec/cputlb.h"
#include "exec/disas.h"
#include "exec/memory.h"
#include "softmmu/internal.h"
#include "sysemu/stats.h"
#include "util/error.h"
#include "util/log.h"

#define TB_HASH_BITS 15
#define TB_HASH_SIZE (1u << TB_HASH_BITS)
/*
 * Code cache bound, in guest instructions translated since the last flush:
 * beyond it everything is dropped.  A TB's IR and interpreter code cost
 * about 1.1 KB per guest instruction (measured on the A64 guest tests), so
 * this is roughly 300 MB.
 */
#define TB_CACHE_MAX_INSNS (256u * 1024)

typedef struct PageDesc {
    TranslationBlock *first; /* linked through page_next[n], n = the TB's page slot */
} PageDesc;

static GRecMutex tb_lock;
static TranslationBlock *tb_hash[TB_HASH_SIZE];
static GHashTable *tb_pages;  /* guest physical page -> PageDesc */
static GPtrArray *tb_all;     /* every TB allocated since the last flush */
static uint64_t cached_insns; /* their guest instructions */
static uint64_t flush_generation;
static bool flush_pending;
static int threads_in_loop; /* under tb_lock */
static __thread bool this_in_loop;
static __thread int exec_depth; /* TBs running on this thread */

static unsigned tb_hash_index(uint64_t phys_pc, uint64_t pc, uint32_t flags)
{
    uint64_t h = phys_pc * 0x9e3779b97f4a7c15ull ^ pc * 0xc2b2ae3d27d4eb4full ^ flags;
    return (unsigned)(h >> (64 - TB_HASH_BITS));
}

static uint64_t tb_phys_pc(const TranslationBlock *tb)
{
    return tb->page_addr[0] | (tb->pc & ~TARGET_PAGE_MASK);
}

static void tb_structures_init(void)
{
    if (!tb_pages) {
        tb_pages = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
        tb_all = g_ptr_array_new();
    }
}

static PageDesc *page_find(uint64_t page)
{
    return tb_pages ? g_hash_table_lookup(tb_pages, &page) : NULL;
}

bool tb_page_has_code(uint64_t paddr)
{
    g_rec_mutex_lock(&tb_lock);
    bool has = page_find(paddr & TARGET_PAGE_MASK) != NULL;
    g_rec_mutex_unlock(&tb_lock);
    return has;
}

TranslationBlock *tb_lookup(uint64_t phys_pc, uint64_t pc, uint32_t flags)
{
    TranslationBlock *tb;

    g_rec_mutex_lock(&tb_lock);
    tb = tb_hash[tb_hash_index(phys_pc, pc, flags)];
    while (tb && !(tb->pc == pc && tb->flags == flags && tb_phys_pc(tb) == phys_pc))
        tb = tb->hash_next;
    g_rec_mutex_unlock(&tb_lock);
    return tb;
}

/* ------------------------------------------------------------ linking */

static int tb_page_slot(const TranslationBlock *tb, uint64_t page)
{
    return tb->page_addr[0] == page ? 0 : 1;
}

static void page_add_tb(TranslationBlock *tb, int n)
{
    uint64_t page = tb->page_addr[n];
    PageDesc *pd = page_find(page);

    if (!pd) {
        uint64_t *key = g_new(uint64_t, 1);
        *key = page;
        pd = g_new0(PageDesc, 1);
        g_hash_table_insert(tb_pages, key, pd);
        /* First code on the page: stores to it must now take the slow path. */
        tlb_mark_code_page(page);
    }
    tb->page_next[n] = pd->first;
    pd->first = tb;
}

static void page_remove_tb(TranslationBlock *tb, int n)
{
    uint64_t page = tb->page_addr[n];
    PageDesc *pd = page_find(page);
    TranslationBlock **link = &pd->first;

    while (*link != tb)
        link = &(*link)->page_next[tb_page_slot(*link, page)];
    *link = tb->page_next[n];
    if (!pd->first)
        g_hash_table_remove(tb_pages, &page);
}

static void tb_link(TranslationBlock *tb)
{
    unsigned h = tb_hash_index(tb_phys_pc(tb), tb->pc, tb->flags);

    tb->hash_next = tb_hash[h];
    tb_hash[h] = tb;
    page_add_tb(tb, 0);
    if (tb->page_addr[1] != UINT64_MAX)
        page_add_tb(tb, 1);
}

static void tb_unlink(TranslationBlock *tb)
{
    TranslationBlock **link = &tb_hash[tb_hash_index(tb_phys_pc(tb), tb->pc, tb->flags)];

    while (*link != tb)
        link = &(*link)->hash_next;
    *link = tb->hash_next;
    page_remove_tb(tb, 0);
    if (tb->page_addr[1] != UINT64_MAX)
        page_remove_tb(tb, 1);
}

/* ------------------------------------------------------------ invalidation */

/* Does the TB's code, on page (one of its pages), overlap [start, end)? */
static bool tb_overlaps(const TranslationBlock *tb, uint64_t page, uint64_t start, uint64_t end)
{
    uint64_t first_len = MIN(tb->size, TARGET_PAGE_SIZE - (tb->pc & ~TARGET_PAGE_MASK));
    uint64_t lo, hi;

    if (tb_page_slot(tb, page) == 0) {
        lo = tb_phys_pc(tb);
        hi = lo + first_len;
    } else {
        lo = page;
        hi = page + (tb->size - first_len);
    }
    return lo < end && start < hi;
}

static void tb_invalidate_page_range(uint64_t page, uint64_t start, uint64_t end)
{
    PageDesc *pd = page_find(page);
    TranslationBlock *tb = pd ? pd->first : NULL;

    while (tb) {
        TranslationBlock *next = tb->page_next[tb_page_slot(tb, page)];
        if (tb_overlaps(tb, page, start, end)) {
            tb->invalid = true;
            tcg_code_invalidate(tb->code);
            tb_unlink(tb); /* may free pd: only next is used from here */
        }
        tb = next;
    }
}

void tb_invalidate_phys_range(uint64_t paddr, uint64_t len)
{
    uint64_t end = paddr + len;

    if (len == 0)
        return;
    if (end < paddr)
        end = UINT64_MAX;
    g_rec_mutex_lock(&tb_lock);
    if (tb_pages && g_hash_table_size(tb_pages)) {
        for (uint64_t page = paddr & TARGET_PAGE_MASK; page < end; page += TARGET_PAGE_SIZE) {
            tb_invalidate_page_range(page, paddr, end);
            if (page + TARGET_PAGE_SIZE == 0)
                break;
        }
    }
    g_rec_mutex_unlock(&tb_lock);
}

static void tb_flush_now(void)
{
    g_rec_mutex_lock(&tb_lock);
    flush_pending = false;
    flush_generation++;
    memset(tb_hash, 0, sizeof(tb_hash));
    if (tb_pages) {
        g_hash_table_remove_all(tb_pages);
        for (guint i = 0; i < tb_all->len; i++) {
            TranslationBlock *tb = g_ptr_array_index(tb_all, i);
            tcg_code_free(tb->code);
            g_free(tb);
        }
        g_ptr_array_set_size(tb_all, 0);
        cached_insns = 0;
    }
    CPU_FOREACH(cpu) { memset(cpu->tb_jmp_cache, 0, sizeof(cpu->tb_jmp_cache)); }
    g_rec_mutex_unlock(&tb_lock);
}

bool cpu_loop_quiesce(void)
{
    g_rec_mutex_lock(&tb_lock);
    if (threads_in_loop > (this_in_loop ? 1 : 0)) {
        g_rec_mutex_unlock(&tb_lock);
        return false;
    }
    return true;
}

void cpu_loop_resume(void) { g_rec_mutex_unlock(&tb_lock); }

void tb_flush_all(void)
{
    if (!exec_depth && cpu_loop_quiesce()) {
        tb_flush_now();
        cpu_loop_resume();
        return;
    }
    __atomic_store_n(&flush_pending, true, __ATOMIC_RELEASE);
    CPU_FOREACH(cpu) { cpu_exit(cpu); }
}

void tb_flush_if_pending(void)
{
    if (__atomic_load_n(&flush_pending, __ATOMIC_ACQUIRE))
        tb_flush_now();
}

void tb_exec_loop_enter(void)
{
    g_rec_mutex_lock(&tb_lock);
    threads_in_loop++;
    this_in_loop = true;
    g_rec_mutex_unlock(&tb_lock);
}

void tb_exec_loop_leave(void)
{
    g_rec_mutex_lock(&tb_lock);
    threads_in_loop--;
    this_in_loop = false;
    g_rec_mutex_unlock(&tb_lock);
}

uint64_t tb_flush_generation(void) { return flush_generation; }

void tb_exec_enter(void) { exec_depth++; }

void tb_exec_leave(void) { exec_depth--; }

/* ------------------------------------------------------------ translation */

/* The TB's guest code, read by physical address from its one or two pages. */
static uint8_t *tb_code_bytes(CPUState *cpu, const TranslationBlock *tb)
{
    uint8_t *buf = g_malloc0(tb->size);
    uint64_t first = MIN(tb->size, TARGET_PAGE_SIZE - (tb->pc & ~TARGET_PAGE_MASK));

    address_space_read(cpu->as, tb_phys_pc(tb), buf, first);
    if (first < tb->size)
        address_space_read(cpu->as, tb->page_addr[1], buf + first, tb->size - first);
    return buf;
}

static void log_disas(CPUState *cpu, const TranslationBlock *tb)
{
    uint8_t *code = tb_code_bytes(cpu, tb);
    const char *arch = cpu->cc->disas_arch ? cpu->cc->disas_arch(tb->flags) : cpu->cc->arch;
    disas_print(log_file(), arch, tb->pc, code, tb->size);
    g_free(code);
}

static void log_new_tb(CPUState *cpu, const TranslationBlock *tb)
{
    log_lock();
    log_printf("IN: pc 0x%016" PRIx64 " flags 0x%x phys 0x%" PRIx64 ": %u insns, %u bytes\n",
               tb->pc, tb->flags, tb_phys_pc(tb), tb->icount, tb->size);
    log_disas(cpu, tb);
    log_printf("\n");
    log_unlock();
}

/*
 * Build the IR with the target and hand it to tcg.  Returns NULL if even a
 * one-instruction block cannot be fetched (exception_index set).
 */
static TCGCode *translate(CPUState *cpu, TranslationBlock *tb, uint64_t phys_pc, int max_insns)
{
    for (;;) {
        tb->page_addr[0] = phys_pc & TARGET_PAGE_MASK;
        tb->page_addr[1] = UINT64_MAX;
        translator_fetch_fault_insn = 0;
        tcg_func_start();
        cpu->cc->translate(cpu, tb, max_insns);
        int fault = translator_fetch_fault_insn;
        if (fault == 1)
            return NULL; /* the first instruction cannot be fetched: deliver */
        if (fault > 1) {
            /* A later instruction's fetch faulted: end the block before it. */
            cpu->tcg.exception_index = EXCP_NONE;
            max_insns = fault - 1;
            continue;
        }
        /* Guest code first, then tcg_finalize() logs the IR and host code. */
        if (log_enabled(LOG_IN_ASM))
            log_new_tb(cpu, tb);
        TCGCode *code = tcg_finalize();
        if (code)
            return code;
        if (max_insns == 1)
            gemu_bug("a single instruction at 0x%" PRIx64 " is too large a block", tb->pc);
        max_insns = MAX(1, MIN((int)tb->icount, max_insns) / 2);
    }
}

/* A one-off TB (single step) is never found or entered through a chain again. */
static void tb_mark_one_off(TranslationBlock *tb)
{
    tb->invalid = true;
    tcg_code_invalidate(tb->code);
}

TranslationBlock *tb_gen_code(CPUState *cpu, uint64_t pc, uint64_t phys_pc, uint32_t flags,
                              int max_insns, bool cacheable)
{
    tb_structures_init();
    if (cached_insns >= TB_CACHE_MAX_INSNS)
        tb_flush_all();

    TranslationBlock *tb = g_new0(TranslationBlock, 1);
    tb->pc = pc;
    tb->flags = flags;
    uint64_t t0 = stats_clock_ns();
    tb->code = translate(cpu, tb, phys_pc, max_insns);
    if (!tb->code) {
        g_free(tb);
        return NULL;
    }
    stats_record_translation(tb->icount, stats_clock_ns() - t0);
    tcg_code_set_owner(tb->code, tb);
    if (cpu_exec_tier() == TCG_TIER_1) {
        t0 = stats_clock_ns();
        bool compiled = tcg_code_compile(tb->code);
        stats_record_compile(stats_clock_ns() - t0, compiled);
    }
    g_rec_mutex_lock(&tb_lock);
    g_ptr_array_add(tb_all, tb);
    cached_insns += tb->icount;
    if (cacheable)
        tb_link(tb);
    else
        tb_mark_one_off(tb);
    g_rec_mutex_unlock(&tb_lock);
    return tb;
}
