/*
 * Interrupts through the GICv2 of the virt board: a software-generated
 * interrupt to ourselves, the generic timer's physical (PPI 30) and virtual
 * (PPI 27) timers waking WFI, a shared peripheral interrupt from the PL011
 * (SPI 1 = ID 33), priority masking with GICC_PMR, the running priority
 * while a handler runs, and CNTx_CTL.ISTATUS.
 */
#include "gic-test.h"

#define GICD       0x08000000ul
#define GICC       0x08010000ul

static volatile unsigned irq_count;
static volatile uint32_t last_iar;
static volatile uint32_t rpr_in_handler;

static bool irq_hook(struct exc_frame *frame, const struct exc_record *rec)
{
    uint32_t iar;

    (void)frame;
    if (rec->kind != VECTOR_IRQ)
        return false;
    iar = r32(GICC + 0x0c);
    rpr_in_handler = r32(GICC + 0x14);
    last_iar = iar;
    irq_count++;
    quiesce(iar & 0x3ff);
    w32(GICC + 0x10, iar);
    return true;
}

static void enable_irq_id(unsigned id)
{
    w8(GICD + 0x400 + id, PRIO);
    if (id >= 32)
        w8(GICD + 0x800 + id, 1); /* target CPU 0 */
    w32(GICD + 0x100 + 4 * (id / 32), 1u << (id % 32));
}

static void irqs_on(void) { asm volatile("msr daifclr, #2; isb" ::: "memory"); }
static void irqs_off(void) { asm volatile("msr daifset, #2; isb" ::: "memory"); }

/*
 * Wait (in WFI) for the next interrupt; false if none comes.  The count is
 * tested with IRQs masked: an interrupt taken between the test and the WFI
 * would leave nothing to wake it.  WFI still wakes on a masked pending IRQ,
 * which is taken as soon as the mask drops.
 */
static bool wait_for_irq(unsigned before)
{
    for (unsigned i = 0; i < 1000; i++) {
        irqs_off();
        if (irq_count != before)
            break;
        asm volatile("wfi" ::: "memory");
        irqs_on();
    }
    irqs_on();
    return irq_count != before;
}

static void test_distributor_id(void)
{
    uint32_t typer = r32(GICD + 0x004);

    CHECK_EQ(typer & 0x1f, 8);        /* ITLinesNumber: 288 interrupts */
    CHECK_EQ((typer >> 5) & 7, 0);    /* one CPU */
    CHECK_EQ(r32(GICC + 0x0c), 1023); /* nothing pending: spurious */
    /* No GICv3 system-register interface: advertised as absent, and UNDEFINED. */
    CHECK_EQ((read_sysreg(id_aa64pfr0_el1) >> 24) & 0xf, 0);
    exc_expect();
    (void)read_sysreg(icc_sre_el1);
    CHECK_EQ(ESR_EC(last_exc.esr), EC_UNKNOWN);
}

static void test_sgi(void)
{
    unsigned before = irq_count;

    enable_irq_id(ID_SGI);
    irqs_off();
    w32(GICD + 0xf00, (2u << 24) | ID_SGI);     /* to ourselves */
    CHECK_EQ(r32(GICC + 0x18) & 0x3ff, ID_SGI); /* GICC_HPPIR */
    CHECK_EQ(irq_count, before);
    irqs_on();
    CHECK_EQ(irq_count, before + 1);
    CHECK_EQ(last_iar, ID_SGI); /* source CPU 0 */
    CHECK_EQ(rpr_in_handler, PRIO);
    CHECK_EQ(r32(GICC + 0x14), 0xff); /* idle again after EOI */
}

static void test_timer(const char *name, unsigned id, bool virt)
{
    unsigned before = irq_count;
    uint64_t ctl;

    printf("  %s timer\n", name);
    enable_irq_id(id);
    irqs_off();
    if (virt) {
        write_sysreg(cntv_tval_el0, 2000); /* 32 us */
        write_sysreg(cntv_ctl_el0, 1);
    } else {
        write_sysreg(cntp_tval_el0, 2000);
        write_sysreg(cntp_ctl_el0, 1);
    }
    CHECK_EQ(irq_count, before);
    irqs_on();
    CHECK(wait_for_irq(before));
    CHECK_EQ(last_iar, id);
    ctl = virt ? read_sysreg(cntv_ctl_el0) : read_sysreg(cntp_ctl_el0);
    CHECK_EQ(ctl, 0); /* the handler disabled it */
}

/* A masked timer shows ISTATUS but raises nothing. */
static void test_timer_imask(void)
{
    unsigned before = irq_count;

    write_sysreg(cntp_tval_el0, 10);
    write_sysreg(cntp_ctl_el0, 3); /* ENABLE | IMASK */
    for (volatile unsigned i = 0; i < 20000; i++)
        ;
    CHECK_EQ(read_sysreg(cntp_ctl_el0), 7); /* ISTATUS */
    CHECK_EQ(irq_count, before);
    write_sysreg(cntp_ctl_el0, 0);
}

static void test_spi_and_priority_mask(void)
{
    unsigned before = irq_count;

    enable_irq_id(ID_UART);
    w32(GICC + 0x04, PRIO); /* PMR: only priorities below 0x80 pass */
    w32(PL011 + UART_IMSC, UART_TX);
    printf("  uart interrupt\n"); /* transmitting raises UARTTXINTR */
    CHECK_EQ(irq_count, before);
    CHECK_EQ(r32(GICD + 0x204), 1u << (ID_UART - 32)); /* pending */
    CHECK_EQ(r32(GICC + 0x18), 1023); /* but masked: HPPIR shows nothing, as on QEMU */
    w32(GICC + 0x04, 0xf0);
    asm volatile("isb" ::: "memory"); /* the unmasked interrupt is taken by now */
    CHECK_EQ(irq_count, before + 1);
    CHECK_EQ(last_iar, ID_UART);
}

int main(void)
{
    exc_set_hook(irq_hook);
    w32(GICD + 0x000, 1);    /* GICD_CTLR: forward interrupts */
    w32(GICC + 0x004, 0xf0); /* GICC_PMR */
    w32(GICC + 0x000, 1);    /* GICC_CTLR: signal them */
    test_distributor_id();
    test_sgi();
    test_timer("physical", ID_PHYS_TIMER, false);
    test_timer("virtual", ID_VIRT_TIMER, true);
    test_timer_imask();
    test_spi_and_priority_mask();
    irqs_off();
    exc_set_hook(NULL);
    return test_finish("gic_timer");
}
