/*
 * hw/intc/arm_gicv3*.c through its MMIO frames and its CPU-interface
 * operations (what the ICC_* system registers call), with two CPUs whose
 * IRQ and FIQ lines are recorded.  What a guest test cannot see easily:
 * level and edge semantics, routing to a CPU that does not exist, the
 * binary point, and harmless bad accesses.
 */
#include <glib.h>

#include "exec/memory.h"
#include "hw/device.h"
#include "hw/intc/arm_gicv3_internal.h"
#include "test.h"

enum {
    DIST = 0x08000000,
    REDIST = 0x080a0000,
    NUM_IRQ = 288,
    SPI_LINE = 5, /* input line 5: INTID 37 */
    SPI_ID = 32 + SPI_LINE,
    SPURIOUS = 1023,
};

static AddressSpace *as;
static DeviceState *gic;
static int irq_level[2], fiq_level[2];

static void line_handler(void *opaque, int n, int level)
{
    int *levels = opaque;
    levels[n] = level;
}

static uint64_t rd(uint64_t addr, unsigned size)
{
    uint64_t v = 0;
    address_space_ld(as, addr, size, &v);
    return v;
}

static void wr(uint64_t addr, unsigned size, uint64_t v)
{
    address_space_st(as, addr, size, v);
}

static uint64_t icc_rd(int cpu, ARMICCReg reg) { return gicv3_cpuif_ops.read(gic, cpu, reg); }

static void icc_wr(int cpu, ARMICCReg reg, uint64_t v)
{
    gicv3_cpuif_ops.write(gic, cpu, reg, v);
}

static uint64_t redist(int cpu) { return REDIST + 0x20000ull * cpu; }

/* Reset; both groups on at the distributor and in both CPU interfaces. */
static void fresh_gic(void)
{
    device_reset(gic);
    wr(DIST, 4, 3);
    for (int cpu = 0; cpu < 2; cpu++) {
        icc_wr(cpu, ARM_ICC_PMR, 0xff);
        icc_wr(cpu, ARM_ICC_IGRPEN0, 1);
        icc_wr(cpu, ARM_ICC_IGRPEN1, 1);
    }
}

/* The SPI of SPI_LINE: priority, group, trigger, enabled, routed to cpu. */
static void setup_spi(uint8_t prio, bool group1, bool edge, uint64_t route)
{
    wr(DIST + 0x400 + SPI_ID, 1, prio);
    wr(DIST + 0x080 + 4, 4, group1 ? 1u << (SPI_ID - 32) : 0);
    wr(DIST + 0xc00 + 4 * (SPI_ID / 16), 4, edge ? 2u << (2 * (SPI_ID % 16)) : 0);
    wr(DIST + 0x6000 + 8 * SPI_ID, 8, route);
    wr(DIST + 0x100 + 4, 4, 1u << (SPI_ID - 32));
}

static void spi_line(int level) { qemu_set_irq(device_irq_in(gic, SPI_LINE), level); }

static void test_reset_values(void)
{
    device_reset(gic);
    CHECK_EQ(rd(DIST, 4), 0x50); /* ARE, DS */
    CHECK_EQ(rd(DIST + 4, 4) & 0x1f, NUM_IRQ / 32 - 1);
    CHECK_EQ((rd(DIST + 0xffe8, 4) >> 4) & 0xf, 3);
    CHECK_EQ(rd(redist(0) + 0x14, 4), 6); /* asleep */
    CHECK_EQ(rd(redist(0) + 8, 8), 0x0ull);
    CHECK_EQ(rd(redist(1) + 8, 8), 0x100000110ull); /* Aff0 1, CPU 1, Last */
    CHECK_EQ(rd(redist(1) + 0xc, 4), 1);            /* the upper half alone */
    CHECK_EQ(icc_rd(0, ARM_ICC_SRE), 7);
    CHECK_EQ(icc_rd(0, ARM_ICC_BPR0), 2);
    CHECK_EQ(icc_rd(0, ARM_ICC_BPR1), 3);
    CHECK_EQ(icc_rd(0, ARM_ICC_RPR), 0xff);
    CHECK_EQ(irq_level[0] | irq_level[1] | fiq_level[0] | fiq_level[1], 0);
}

/* A level-sensitive SPI stays pending while its line is high, even once active. */
static void test_level_spi_routed(void)
{
    fresh_gic();
    setup_spi(0x80, true, false, 1);
    spi_line(1);
    CHECK_EQ(irq_level[1], 1);
    CHECK_EQ(irq_level[0], 0);
    CHECK_EQ(icc_rd(0, ARM_ICC_IAR1), SPURIOUS); /* not routed to CPU 0 */
    CHECK_EQ(icc_rd(1, ARM_ICC_IAR1), SPI_ID);
    CHECK_EQ(irq_level[1], 0); /* active: not signalled again */
    CHECK_EQ(rd(DIST + 0x200 + 4, 4), 1u << (SPI_ID - 32));
    icc_wr(1, ARM_ICC_EOIR1, SPI_ID);
    CHECK_EQ(irq_level[1], 1); /* the line is still high */
    spi_line(0);
    CHECK_EQ(irq_level[1], 0);
    CHECK_EQ(rd(DIST + 0x200 + 4, 4), 0);
}

/* An edge latches the pending state; the line going low does not clear it. */
static void test_edge_spi(void)
{
    fresh_gic();
    setup_spi(0x80, true, true, 0);
    spi_line(1);
    spi_line(0);
    CHECK_EQ(irq_level[0], 1);
    CHECK_EQ(icc_rd(0, ARM_ICC_IAR1), SPI_ID);
    icc_wr(0, ARM_ICC_EOIR1, SPI_ID);
    CHECK_EQ(irq_level[0], 0);
}

/* Routed to a CPU that does not exist: never delivered; IRM reads as zero. */
static void test_route_nowhere(void)
{
    fresh_gic();
    setup_spi(0x80, true, false, 0x80000005ull);
    CHECK_EQ(rd(DIST + 0x6000 + 8 * SPI_ID, 8), 5);
    spi_line(1);
    CHECK_EQ(irq_level[0] | irq_level[1], 0);
    spi_line(0);
}

static void test_group0_is_fiq(void)
{
    fresh_gic();
    setup_spi(0x80, false, false, 0);
    spi_line(1);
    CHECK_EQ(fiq_level[0], 1);
    CHECK_EQ(irq_level[0], 0);
    CHECK_EQ(icc_rd(0, ARM_ICC_IAR1), SPURIOUS);
    CHECK_EQ(icc_rd(0, ARM_ICC_IAR0), SPI_ID);
    CHECK_EQ(fiq_level[0], 0);
    icc_wr(0, ARM_ICC_EOIR0, SPI_ID);
    spi_line(0);
    CHECK_EQ(fiq_level[0], 0);
    wr(DIST, 4, 2); /* group 0 off at the distributor */
    spi_line(1);
    CHECK_EQ(fiq_level[0], 0);
    spi_line(0);
}

/* BPR1 = 4: priorities 0x80 and 0x88 share a group priority, so no preemption. */
static void test_binary_point(void)
{
    fresh_gic();
    icc_wr(0, ARM_ICC_BPR1, 4);
    wr(redist(0) + 0x10000 + 0x080, 4, ~0u);
    wr(redist(0) + 0x10000 + 0x400, 4, 0x70888880); /* SGIs 0..3: 0x80, 0x88, 0x88, 0x70 */
    wr(redist(0) + 0x10000 + 0x100, 4, (1u << 0) | (1u << 1) | (1u << 3));
    icc_wr(0, ARM_ICC_SGI1R, 0ull << 24 | 1);
    CHECK_EQ(icc_rd(0, ARM_ICC_IAR1), 0);
    icc_wr(0, ARM_ICC_SGI1R, 1ull << 24 | 1);
    CHECK_EQ(irq_level[0], 0);
    CHECK_EQ(icc_rd(0, ARM_ICC_IAR1), SPURIOUS);
    icc_wr(0, ARM_ICC_SGI1R, 3ull << 24 | 1);
    CHECK_EQ(irq_level[0], 1);
    CHECK_EQ(icc_rd(0, ARM_ICC_IAR1), 3);
    icc_wr(0, ARM_ICC_EOIR1, 3);
    icc_wr(0, ARM_ICC_EOIR1, 0);
    CHECK_EQ(icc_rd(0, ARM_ICC_IAR1), 1);
    icc_wr(0, ARM_ICC_EOIR1, 1);
    CHECK_EQ(icc_rd(0, ARM_ICC_RPR), 0xff);
    /* CBPR: BPR0 decides for group 1 too, and BPR1 shows it plus one. */
    icc_wr(0, ARM_ICC_CTLR, 1);
    CHECK_EQ(icc_rd(0, ARM_ICC_BPR1), 3);
    CHECK_EQ(icc_rd(0, ARM_ICC_CTLR) & 0x703, 0x401);
}

/* The distributor's SGI/PPI registers and reserved offsets ignore writes;
 * odd INTIDs from the guest change nothing. */
static void test_bad_accesses_are_harmless(void)
{
    fresh_gic();
    wr(DIST + 0x100, 4, ~0u); /* ISENABLER0: in the redistributor with ARE */
    CHECK_EQ(rd(DIST + 0x100, 4), 0);
    CHECK_EQ(rd(redist(0) + 0x10000 + 0x100, 4), 0);
    wr(DIST + 0x6000, 8, 1); /* IROUTER of INTID 0 does not exist */
    CHECK_EQ(rd(DIST + 0x6000, 8), 0);
    wr(DIST + 0x4, 4, 0);
    CHECK_EQ(rd(DIST + 0x4, 4) & 0x1f, NUM_IRQ / 32 - 1);
    wr(DIST + 0xf00, 4, 0x20001); /* GICD_SGIR: ignored with ARE */
    CHECK_EQ(rd(redist(1) + 0x10000 + 0x200, 4), 0);
    icc_wr(0, ARM_ICC_EOIR1, 1023);
    icc_wr(0, ARM_ICC_EOIR1, 0xffffff);
    icc_wr(0, ARM_ICC_DIR, 0xffffffffffffull);
    icc_wr(0, ARM_ICC_EOIR1, 40); /* nothing active */
    CHECK_EQ(icc_rd(0, ARM_ICC_RPR), 0xff);
    wr(DIST + 0x6000 + 8 * 300, 8, 1); /* past num-irq */
    CHECK_EQ(rd(DIST + 0x6000 + 8 * 300, 8), 0);
}

int main(void)
{
    char *err = NULL;

    as = address_space_system();
    gic = device_new("arm-gicv3");
    device_set_prop_u32(gic, "num-cpu", 2);
    device_set_prop_u32(gic, "num-irq", NUM_IRQ);
    if (!device_realize(gic, &err)) {
        printf("FAIL realize: %s\n", err);
        return 1;
    }
    memory_region_add_subregion(address_space_root(as), DIST, device_mmio(gic, 0), 0);
    memory_region_add_subregion(address_space_root(as), REDIST, device_mmio(gic, 1), 0);
    for (int cpu = 0; cpu < 2; cpu++) {
        device_connect_irq(gic, 2 * cpu, qemu_allocate_irq(line_handler, irq_level, cpu));
        device_connect_irq(gic, 2 * cpu + 1, qemu_allocate_irq(line_handler, fiq_level, cpu));
    }

    RUN_TEST(test_reset_values);
    RUN_TEST(test_level_spi_routed);
    RUN_TEST(test_edge_spi);
    RUN_TEST(test_route_nowhere);
    RUN_TEST(test_group0_is_fiq);
    RUN_TEST(test_binary_point);
    RUN_TEST(test_bad_accesses_are_harmless);
    return test_finish();
}
