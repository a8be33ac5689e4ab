/*
 * CPU models, CPU creation and the list of CPUs, and the ways other threads
 * poke a running or sleeping CPU (interrupt lines, exit requests).
 *
 * Sleeping uses one lock and condition for all CPUs: they share one vCPU
 * thread (round robin), and wakeups are rare compared with guest work.
 */
#include <string.h>

#include <glib.h>

#include "exec/cputlb.h"
#include "hw/irq.h"
#include "softmmu/internal.h"
#include "sysemu/cpus.h"
#include "util/error.h"

static GPtrArray *cpu_models;
static CPUState *cpu_list;
static int cpu_count;

static GMutex work_lock;
static GCond work_cond;
static uint64_t kick_count;

/* ------------------------------------------------------------ models */

void cpu_model_register(const CPUModel *model)
{
    if (!cpu_models)
        cpu_models = g_ptr_array_new();
    g_ptr_array_add(cpu_models, (gpointer)model);
}

static bool model_matches(const CPUModel *m, const char *arch)
{
    return !arch || !strcmp(m->cc->arch, arch);
}

const CPUModel *cpu_model_find(const char *arch, const char *name)
{
    for (guint i = 0; cpu_models && i < cpu_models->len; i++) {
        const CPUModel *m = g_ptr_array_index(cpu_models, i);
        if (model_matches(m, arch) && !strcmp(m->name, name))
            return m;
    }
    return NULL;
}

void cpu_model_list(const char *arch, FILE *f)
{
    for (guint i = 0; cpu_models && i < cpu_models->len; i++) {
        const CPUModel *m = g_ptr_array_index(cpu_models, i);
        if (model_matches(m, arch))
            fprintf(f, "%s\n", m->name);
    }
}

/* ------------------------------------------------------------ creation */

/* Before the first CPU's init() creates its tcg globals. */
static void exec_init_once(void)
{
    static bool done;

    if (done)
        return;
    done = true;
    tcg_init();
    cputlb_init();
}

static void cpu_list_append(CPUState *cpu)
{
    CPUState **link = &cpu_list;

    while (*link)
        link = &(*link)->next;
    *link = cpu;
}

CPUState *cpu_create(const CPUModel *model, AddressSpace *as)
{
    const CPUClass *cc = model->cc;

    if (cc->instance_size < sizeof(CPUState))
        gemu_bug("CPU class %s: instance_size %zu is smaller than CPUState", cc->arch,
                 cc->instance_size);
    exec_init_once();

    CPUState *cpu = g_malloc0(cc->instance_size);
    cpu->cc = cc;
    cpu->as = as;
    cpu->cpu_index = cpu_count++;
    cpu->tcg.env_self = cpu;

    if (cc->init)
        cc->init(cpu);
    if (model->model_init)
        model->model_init(cpu);
    cpu_reset(cpu);
    cpu_list_append(cpu);
    return cpu;
}

void cpu_reset(CPUState *cpu)
{
    cpu->tcg.exception_index = EXCP_NONE;
    tlb_flush(cpu);
    if (cpu->cc->reset)
        cpu->cc->reset(cpu);
}

CPUState *cpu_first(void) { return cpu_list; }

/* ------------------------------------------------------------ poking */

void cpu_kick(CPUState *cpu)
{
    g_mutex_lock(&work_lock);
    kick_count++;
    g_cond_broadcast(&work_cond);
    g_mutex_unlock(&work_lock);
}

int64_t cpu_wait_for_work(CPUState *cpu, int64_t timeout_us)
{
    gint64 start = g_get_monotonic_time();
    gint64 deadline = timeout_us < 0 ? G_MAXINT64 : start + timeout_us;

    g_mutex_lock(&work_lock);
    uint64_t seen = kick_count;
    while (kick_count == seen && !cpu->tcg.exit_request && !cpu_has_work(cpu)) {
        if (timeout_us < 0)
            g_cond_wait(&work_cond, &work_lock);
        else if (!g_cond_wait_until(&work_cond, &work_lock, deadline))
            break;
    }
    g_mutex_unlock(&work_lock);
    return (g_get_monotonic_time() - start) * 1000;
}

void cpu_exit(CPUState *cpu)
{
    __atomic_store_n(&cpu->tcg.exit_request, 1, __ATOMIC_RELEASE);
    cpu_kick(cpu);
}

void cpu_interrupt(CPUState *cpu, uint32_t mask)
{
    __atomic_or_fetch(&cpu->interrupt_request, mask, __ATOMIC_ACQ_REL);
    cpu_exit(cpu);
}

void cpu_reset_interrupt(CPUState *cpu, uint32_t mask)
{
    __atomic_and_fetch(&cpu->interrupt_request, ~mask, __ATOMIC_ACQ_REL);
}

static const uint32_t irq_line_mask[] = {
    [CPU_IRQ_LINE] = CPU_INTERRUPT_HARD,
    [CPU_FIQ_LINE] = CPU_INTERRUPT_FIQ,
    [CPU_VIRQ_LINE] = CPU_INTERRUPT_TGT_EXT_0,
    [CPU_VFIQ_LINE] = CPU_INTERRUPT_TGT_EXT_0 << 1,
};

void cpu_set_irq(CPUState *cpu, int line, int level)
{
    if (line < 0 || line >= (int)G_N_ELEMENTS(irq_line_mask))
        gemu_bug("cpu_set_irq: no interrupt line %d", line);
    if (level)
        cpu_interrupt(cpu, irq_line_mask[line]);
    else
        cpu_reset_interrupt(cpu, irq_line_mask[line]);
}

static void cpu_irq_handler(void *opaque, int line, int level)
{
    cpu_set_irq(opaque, line, level);
}

struct IRQState *cpu_irq_line(CPUState *cpu, int line)
{
    return qemu_allocate_irq(cpu_irq_handler, cpu, line);
}
