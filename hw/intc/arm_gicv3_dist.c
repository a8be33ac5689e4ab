/*
 * The GICv3 distributor (GICD, 64 KiB): global enables and the shared
 * peripheral interrupts (SPIs) with their routing.  With affinity routing
 * the SGIs' and PPIs' registers live in each CPU's redistributor, so here
 * they read as zero and ignore writes, as do the GICv2 leftovers
 * (ITARGETSR, SGIR) and the registers of a second security state.
 */
#include "hw/intc/arm_gicv3_internal.h"
#include "util/log.h"

enum {
    GICD_CTLR = 0x0000,
    GICD_TYPER = 0x0004,
    GICD_IIDR = 0x0008,
    GICD_IROUTER = 0x6000, /* 8 bytes per interrupt, from INTID 32 */
    GICD_IROUTER_END = 0x7fe0,
    GICD_PIDR0 = 0x92,
};

/* GICD_CTLR: EnableGrp0, EnableGrp1, ARE (RAO/WI), DS (RAO/WI: one security state). */
enum { CTLR_GRP0 = 1 << 0, CTLR_GRP1 = 1 << 1, CTLR_ARE = 1 << 4, CTLR_DS = 1 << 6 };

/* GICD_TYPER: 10 INTID bits (IDbits = 9), no 1-of-N SPIs, no LPIs, no MBIs. */
enum { TYPER_IDBITS = 9 << 19, TYPER_NO1N = 1 << 25 };

/* IROUTER: Aff0-Aff2 and Aff3; IRM (1 of N) is RES0 with No1N. */
#define IROUTER_WRITABLE 0x000000ff00ffffffull

static uint32_t gicd_word(GICv3State *s, uint32_t word)
{
    switch (word) {
    case GICD_CTLR:
        return (s->grp_enabled[0] ? CTLR_GRP0 : 0) | (s->grp_enabled[1] ? CTLR_GRP1 : 0) |
               CTLR_ARE | CTLR_DS;
    case GICD_TYPER:
        return (s->num_irq / 32 - 1) | (s->num_cpu - 1) << 5 | TYPER_IDBITS | TYPER_NO1N;
    case GICD_IIDR:
        return 0x43b; /* Arm, r0p0 */
    default:
        return 0;
    }
}

/* The IROUTER<n> holding offset, or NULL if it is not an implemented one. */
static uint64_t *gicd_irouter(GICv3State *s, uint32_t offset)
{
    unsigned intid = (offset - GICD_IROUTER) / 8;

    if (offset < GICD_IROUTER || offset >= GICD_IROUTER_END || intid < GICV3_NR_INTERNAL ||
        intid >= s->num_irq) {
        return NULL;
    }
    return &s->irouter[intid - GICV3_NR_INTERNAL];
}

static uint8_t gicd_read_byte(GICv3State *s, uint32_t offset)
{
    uint64_t *route = gicd_irouter(s, offset);
    uint8_t val = 0;

    if (gicv3_irq_reg_byte(s, 0, GICV3_NR_INTERNAL, s->num_irq, offset, false, &val)) {
        return val;
    }
    if (route) {
        return (uint8_t)(*route >> (8 * (offset & 7)));
    }
    if (offset >= 0xffd0) {
        return gicv3_id_byte(offset, GICD_PIDR0);
    }
    return (uint8_t)(gicd_word(s, offset & ~3u) >> (8 * (offset & 3)));
}

static void gicd_write_byte(GICv3State *s, uint32_t offset, uint8_t val)
{
    uint64_t *route = gicd_irouter(s, offset);

    if (gicv3_irq_reg_byte(s, 0, GICV3_NR_INTERNAL, s->num_irq, offset, true, &val)) {
        return;
    }
    if (route) {
        unsigned shift = 8 * (offset & 7);
        uint64_t v = (*route & ~(0xffull << shift)) | (uint64_t)val << shift;

        *route = v & IROUTER_WRITABLE;
    } else if (offset == GICD_CTLR) {
        s->grp_enabled[0] = val & CTLR_GRP0;
        s->grp_enabled[1] = val & CTLR_GRP1;
    } else if (offset >= 0x0f00 && offset < 0x0f04) {
        log_mask_printf(LOG_GUEST_ERROR, "gicv3: GICD_SGIR write with affinity routing\n");
    }
}

static uint64_t gicd_read(void *opaque, uint64_t addr, unsigned size)
{
    uint64_t val = 0;

    for (unsigned i = 0; i < size; i++) {
        val |= (uint64_t)gicd_read_byte(opaque, (uint32_t)addr + i) << (8 * i);
    }
    return val;
}

static void gicd_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    GICv3State *s = opaque;

    for (unsigned i = 0; i < size; i++) {
        gicd_write_byte(s, (uint32_t)addr + i, (uint8_t)(val >> (8 * i)));
    }
    gicv3_update(s);
}

const MemoryRegionOps gicv3_dist_ops = {
    .read = gicd_read,
    .write = gicd_write,
    .min_access = 1,
    .max_access = 8,
};
