/*
 * The GICv3 model ("arm-gicv3"), shared by its parts (internal to hw/intc):
 * arm_gicv3.c (state, input lines, priorities, the outputs to the CPUs),
 * arm_gicv3_dist.c (GICD), arm_gicv3_redist.c (GICR), arm_gicv3_cpuif.c
 * (the ICC_* system registers).
 *
 * As QEMU's virt board with TCG has it: one security state (GICD_CTLR.DS
 * fixed to 1), affinity routing always on (ARE RAO/WI, no legacy GICv2
 * mode), no LPIs and no ITS, 5 priority bits, up to 8 CPUs whose affinity
 * is Aff0 = CPU index (virt's MPIDRs).  Group 0 is signalled as FIQ,
 * group 1 as IRQ.
 */
#ifndef HW_INTC_ARM_GICV3_INTERNAL_H
#define HW_INTC_ARM_GICV3_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "exec/memory.h"
#include "hw/arm/boot.h"
#include "hw/device.h"

enum {
    GICV3_NR_SGIS = 16,
    GICV3_NR_INTERNAL = 32, /* SGIs and PPIs, per CPU in its redistributor */
    GICV3_MAX_CPUS = 8,
    GICV3_MAX_IRQS = 1020,
    GICV3_SPURIOUS = 1023,
    GICV3_DIST_SIZE = 0x10000,
    GICV3_REDIST_FRAME = 0x10000, /* RD_base, then SGI_base */
    GICV3_REDIST_SIZE = 2 * GICV3_REDIST_FRAME,
    GICV3_PRIO_MASK = 0xf8, /* the 5 implemented priority bits */
    GICV3_IDLE_PRIORITY = 0xff,
};

typedef struct GICv3Irq {
    bool enabled;
    bool pending; /* latched: an edge, an SGI, or software set it */
    bool active;
    bool level;  /* the input line */
    bool edge;   /* ICFGR: edge-triggered */
    bool group1; /* IGROUPR */
    uint8_t priority;
} GICv3Irq;

/* A CPU's redistributor and CPU interface. */
typedef struct GICv3CPU {
    GICv3Irq internal[GICV3_NR_INTERNAL];
    bool sleep;      /* GICR_WAKER.ProcessorSleep */
    uint8_t pmr;     /* ICC_PMR_EL1 */
    uint8_t bpr[2];  /* ICC_BPR0_EL1, ICC_BPR1_EL1 */
    bool cbpr;       /* ICC_CTLR_EL1.CBPR: BPR0 serves both groups */
    bool eoimode;    /* ICC_CTLR_EL1.EOImode: EOIR only drops the priority */
    bool grpen[2];   /* ICC_IGRPEN0_EL1, ICC_IGRPEN1_EL1 */
    uint32_t apr[2]; /* ICC_AP0R0_EL1, ICC_AP1R0_EL1: a bit per active group priority */
    qemu_irq irq, fiq;
} GICv3CPU;

typedef struct GICv3State {
    DeviceState parent;
    uint32_t num_cpu, num_irq; /* properties */
    MemoryRegion *dist_mmio, *redist_mmio;
    bool grp_enabled[2]; /* GICD_CTLR.EnableGrp0, EnableGrp1 */
    GICv3Irq *spi;       /* num_irq - 32 */
    uint64_t *irouter;   /* GICD_IROUTER<n> of each SPI */
    GICv3CPU cpu[GICV3_MAX_CPUS];
} GICv3State;

GICv3Irq *gicv3_irq(GICv3State *s, unsigned cpu, unsigned intid);
bool gicv3_is_pending(const GICv3Irq *q);
/* The highest-priority pending interrupt of cpu (any group), or GICV3_SPURIOUS. */
unsigned gicv3_best_pending(GICv3State *s, unsigned cpu);
/* The priority of the highest active group priority (ICC_RPR_EL1), 0xff if none. */
unsigned gicv3_running_priority(const GICv3CPU *c);
/* The bits of a priority that preemption compares (BPR; CBPR: BPR0 for both groups). */
unsigned gicv3_group_priority(const GICv3CPU *c, bool group1, unsigned prio);
/* Whether cpu's interface takes intid now: its group enabled, above the
 * priority mask, and preempting the running priority. */
bool gicv3_can_signal(GICv3State *s, unsigned cpu, unsigned intid);
/* Recompute every CPU's IRQ and FIQ lines. */
void gicv3_update(GICv3State *s);

/* The per-interrupt registers GICD and GICR_SGI_base lay out alike (IGROUPR
 * to ICFGR), for interrupts [lo, hi) of cpu's view: one byte at offset.
 * False if offset is not one of them. */
bool gicv3_irq_reg_byte(GICv3State *s, unsigned cpu, unsigned lo, unsigned hi, uint32_t offset,
                        bool is_write, uint8_t *val);
/* Peripheral ID registers at 0xffd0-0xfffc (PIDR2.ArchRev = 3), one byte a word. */
uint8_t gicv3_id_byte(uint32_t offset, uint8_t pidr0);

extern const MemoryRegionOps gicv3_dist_ops;
extern const MemoryRegionOps gicv3_redist_ops;
extern const ARMGICv3CPUIfOps gicv3_cpuif_ops;

#endif
