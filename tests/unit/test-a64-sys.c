/*
 * The A64 system side end to end: stage-1 translation with EL0/EL1
 * permissions, exception entry from EL0 and EL1 (SVC, aborts, UNDEFINED),
 * ERET to EL0, exclusives, DC ZVA, AT and TLBI, on a cortex-a57 running
 * small hand-assembled programs through the CPU loop.
 */
#include <string.h>

#include "sysemu/cpus.h"

#include "exec/cputlb.h"
#include "exec/memory.h"
#include "target-arm/cpu.h"
#include "target-arm/helper-sys.h"
#include "test.h"

#define RAM_BASE     0x40000000ull
#define RAM_SIZE     0x400000ull
#define VBAR         (RAM_BASE + 0x800)
#define USER_CODE_PA (RAM_BASE + 0x100000) /* VA 0x1000 */
#define USER_RO_PA   (RAM_BASE + 0x101000) /* VA 0x2000 */
#define USER_NOAF_PA (RAM_BASE + 0x102000) /* VA 0x4000 */
#define L1_PA        (RAM_BASE + 0x200000)
#define L2_PA        (RAM_BASE + 0x201000)
#define L3_PA        (RAM_BASE + 0x202000)
#define DATA_PA      (RAM_BASE + 0x300000)
#define CPACR_FPEN_ALL (3u << 20) /* SIMD&FP enabled at EL0 and EL1 */

#define D_TABLE 3ull
#define D_BLOCK 1ull
#define D_PAGE  3ull
#define D_AF    (1ull << 10)
#define D_EL0   (1ull << 6)
#define D_RO    (1ull << 7)
#define D_PXN   (1ull << 53)
#define D_UXN   (1ull << 54)

#define WFI 0xd503207f

/* At RAM_BASE (EL1): enter EL0 at x3.  msr elr_el1, x3; msr spsr_el1, xzr; eret */
static const uint32_t el1_enter[] = {0xd5184023, 0xd518401f, 0xd69f03e0};
/*
 * At VA 0x1000 (EL0): 0x1000 ldr x1, [x2]; 0x1004 svc #5; 0x1008 str x1, [x2];
 * 0x100c mrs x0, sctlr_el1
 */
static const uint32_t el0_code[] = {0xf9400041, 0xd40000a1, 0xf9000041, 0xd5381000};
/*
 * At RAM_BASE + 0x100 (EL1): ldxp x4, x5, [x6]; stxp w7, x4, x5, [x6];
 * stxp w8, x4, x5, [x6]; dc zva, x9; ldxp x4, x5, [x10]; wfi
 */
static const uint32_t excl_code[] = {0xc87f14c4, 0xc82714c4, 0xc82814c4,
                                     0xd50b7429, 0xc87f1544, WFI};
/*
 * At RAM_BASE + 0x200 (EL1): at s1e0r, x2; mrs x11, par_el1; at s1e1w, x2;
 * mrs x12, par_el1; tlbi vmalle1; tlbi vae1, x2; dsb ish; isb; ic iallu; wfi
 */
static const uint32_t at_code[] = {0xd5087842, 0xd538740b, 0xd5087822, 0xd538740c, 0xd508871f,
                                   0xd5088722, 0xd5033b9f, 0xd5033fdf, 0xd508751f, WFI};

/*
 * At RAM_BASE + 0x300 (EL1): ldr q0, [x1]; str q0, [x2]; ldp q1, q2, [x1];
 * stp d1, d2, [x3], #16; ld1 {v3.16b, v4.16b}, [x1]; ld2 {v5.4s, v6.4s}, [x1];
 * ld4 {v8.8b-v11.8b}, [x1], #32; ldr s12, [x1, #4]; ldr b13, [x6, x5];
 * st3 {v5.8h-v7.8h}, [x4]; ldr d14, lit; wfi; lit: .quad 0x0123456789abcdef
 */
static const uint32_t simd_code[] = {0x3dc00020, 0x3d800040, 0xad400821, 0x6c810861, 0x4c40a023,
                                     0x4c408825, 0x0cdf0028, 0xbd40042c, 0x3c6568cd, 0x4c004485,
                                     0x5c00004e, WFI,        0x89abcdef, 0x01234567};

/*
 * At RAM_BASE + 0x400 (EL1): ld1 {v15.s}[3], [x1]; ld1r {v16.8h}, [x1];
 * st1 {v0.b}[9], [x2]; ld2 {v17.h, v18.h}[5], [x1], #4;
 * ld4r {v20.2s-v23.2s}, [x1]; wfi
 */
static const uint32_t simd_single_code[] = {0x4d40902f, 0x4d40c430, 0x4d000440,
                                            0x4dff4831, 0x0d60e834, WFI};

static ARMCPU *cpu;

static void load(uint64_t pa, const void *data, size_t len)
{
    CHECK_EQ(address_space_write(address_space_system(), pa, data, len), MEMTX_OK);
}

static void store64(uint64_t pa, uint64_t val) { load(pa, &val, 8); }

static uint64_t load64(uint64_t pa)
{
    uint64_t val = 0;

    CHECK_EQ(address_space_read(address_space_system(), pa, &val, 8), MEMTX_OK);
    return val;
}

/*
 * VA 0x40000000-0x7fffffff: 1G block onto RAM, EL1 only.  VA 0x1000: EL0
 * code/data (RW at EL0, so never privileged-executable); 0x2000: read-only
 * for everyone, XN; 0x3000: unmapped; 0x4000: access flag clear.
 */
static void build_page_tables(void)
{
    store64(L1_PA + 0 * 8, L2_PA | D_TABLE);
    store64(L1_PA + 1 * 8, RAM_BASE | D_BLOCK | D_AF);
    store64(L2_PA, L3_PA | D_TABLE);
    store64(L3_PA + 1 * 8, USER_CODE_PA | D_PAGE | D_AF | D_EL0);
    store64(L3_PA + 2 * 8, USER_RO_PA | D_PAGE | D_AF | D_EL0 | D_RO | D_UXN | D_PXN);
    store64(L3_PA + 4 * 8, USER_NOAF_PA | D_PAGE | D_EL0);
}

static void setup(void)
{
    MemoryRegion *mr = memory_region_new_ram("ram", RAM_SIZE);
    uint32_t wfi = WFI;

    memory_region_add_subregion(address_space_root(address_space_system()), RAM_BASE, mr, 0);
    cpu = arm_cpu(cpu_create(cpu_model_find("aarch64", "cortex-a57"), address_space_system()));
    load(RAM_BASE, el1_enter, sizeof(el1_enter));
    load(RAM_BASE + 0x100, excl_code, sizeof(excl_code));
    load(RAM_BASE + 0x200, at_code, sizeof(at_code));
    load(RAM_BASE + 0x300, simd_code, sizeof(simd_code));
    load(RAM_BASE + 0x400, simd_single_code, sizeof(simd_single_code));
    load(USER_CODE_PA, el0_code, sizeof(el0_code));
    for (unsigned off = 0; off < 0x800; off += 0x80) {
        load(VBAR + off, &wfi, 4);
    }
    build_page_tables();
}

static void mmu_on(void)
{
    cpu->sys.tcr_el1 =
        25 | 25ull << 16 | 1ull << 23 | 2ull << 30; /* T0SZ, T1SZ, EPD1, TG1 4K */
    cpu->sys.ttbr0_el1 = L1_PA;
    cpu->sys.sctlr_el[1] |= SCTLR_M;
    tlb_flush(&cpu->parent);
}

/* Run at EL1h from pc until the guest executes a WFI (every vector holds one). */
static void run_el1(uint64_t pc)
{
    int r;

    cpu->pstate = 1u << PSTATE_EL_SHIFT | PSTATE_SP | PSTATE_DAIF;
    cpu->sys.vbar_el[1] = VBAR;
    cpu->parent.halted = false;
    cpu->pc = pc;
    do {
        r = cpu_exec(&cpu->parent);
    } while (r == EXCP_INTERRUPT);
    CHECK_EQ(r, EXCP_HLT);
}

/* Run EL0 code at va; it ends in an exception to the lower-EL sync vector. */
static void run_el0(uint64_t va)
{
    cpu->xregs[3] = va;
    run_el1(RAM_BASE);
    CHECK_EQ(cpu->pc, VBAR + 0x400 + 4);
    CHECK_EQ(arm_current_el(cpu), 1);
    CHECK_EQ(cpu->sys.spsr_el[1] & 0xf, 0); /* taken from EL0t */
}

static void test_svc_from_el0(void)
{
    mmu_on();
    store64(USER_RO_PA, 0x1122334455667788ull);
    cpu->xregs[2] = 0x2000;
    run_el0(0x1000);
    CHECK_EQ(cpu->xregs[1], 0x1122334455667788ull);
    CHECK_EQ(cpu->sys.esr_el[1], syn_make(EC_SVC, 5));
    CHECK_EQ(cpu->sys.elr_el[1], 0x1008);
}

static void test_el0_permission_fault(void)
{
    mmu_on();
    cpu->xregs[2] = 0x2000;
    run_el0(0x1008);
    CHECK_EQ(cpu->sys.esr_el[1],
             syn_make(EC_DATAABORT_LOWER, ISS_DABT_WNR | FSC_PERMISSION | 3));
    CHECK_EQ(cpu->sys.far_el[1], 0x2000);
    CHECK_EQ(cpu->sys.elr_el[1], 0x1008);
}

static void test_el0_translation_and_access_flag(void)
{
    mmu_on();
    cpu->xregs[2] = 0x3000;
    run_el0(0x1008);
    CHECK_EQ(cpu->sys.esr_el[1],
             syn_make(EC_DATAABORT_LOWER, ISS_DABT_WNR | FSC_TRANSLATION | 3));
    CHECK_EQ(cpu->sys.far_el[1], 0x3000);
    cpu->xregs[2] = 0x4000;
    run_el0(0x1008);
    CHECK_EQ(cpu->sys.esr_el[1],
             syn_make(EC_DATAABORT_LOWER, ISS_DABT_WNR | FSC_ACCESS_FLAG | 3));
}

static void test_el0_sysreg_undef(void)
{
    mmu_on();
    run_el0(0x100c);
    CHECK_EQ(cpu->sys.esr_el[1], syn_make(EC_UNCATEGORIZED, 0));
    CHECK_EQ(cpu->sys.elr_el[1], 0x100c);
}

/* EL0-writable memory is never executable at EL1. */
static void test_el1_fetch_from_user_page(void)
{
    mmu_on();
    run_el1(0x1000);
    CHECK_EQ(cpu->pc, VBAR + 0x200 + 4);
    CHECK_EQ(cpu->sys.esr_el[1], syn_make(EC_INSNABORT, FSC_PERMISSION | 3));
    CHECK_EQ(cpu->sys.elr_el[1], 0x1000);
    CHECK_EQ(cpu->sys.far_el[1], 0x1000);
}

static void test_exclusives_and_zva(void)
{
    uint8_t ones[128];

    mmu_on();
    store64(DATA_PA, 1);
    store64(DATA_PA + 8, 2);
    memset(ones, 0xff, sizeof(ones));
    load(DATA_PA + 0x40, ones, sizeof(ones));
    cpu->xregs[6] = DATA_PA;
    cpu->xregs[9] = DATA_PA + 0x48;
    cpu->xregs[10] = DATA_PA + 8; /* LDXP of X registers needs 16-byte alignment */
    run_el1(RAM_BASE + 0x100);
    CHECK_EQ(cpu->xregs[4], 1);
    CHECK_EQ(cpu->xregs[5], 2);
    CHECK_EQ(cpu->xregs[7], 0); /* first STXP succeeds */
    CHECK_EQ(cpu->xregs[8], 1); /* the monitor is now clear */
    CHECK_EQ(load64(DATA_PA + 0x40), 0);
    CHECK_EQ(load64(DATA_PA + 0x78), 0);
    CHECK_EQ(load64(DATA_PA + 0x80), ~0ull); /* DCZID block is 64 bytes */
    CHECK_EQ(cpu->sys.esr_el[1], syn_make(EC_DATAABORT, FSC_ALIGNMENT));
    CHECK_EQ(cpu->sys.far_el[1], DATA_PA + 8);
    CHECK_EQ(cpu->sys.elr_el[1], RAM_BASE + 0x110);
}

static void test_at_and_tlbi(void)
{
    mmu_on();
    cpu->xregs[2] = 0x2000;
    run_el1(RAM_BASE + 0x200);
    CHECK_EQ(cpu->pc, RAM_BASE + 0x200 + 10 * 4);
    /* PAR_EL1 as QEMU 7.2 reports it: RES1 bit 11, NS (bit 9), ATTR and SH. */
    CHECK_EQ(cpu->xregs[11], USER_RO_PA | 0xa00);
    CHECK_EQ(cpu->xregs[12], 0x800 | 1 | (FSC_PERMISSION | 3) << 1);
}

/* Byte i of the source buffer is i; the value of n little-endian bytes from start. */
static uint64_t src_bytes(unsigned start, unsigned n)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < n; i++) {
        v |= (uint64_t)((start + i) & 0xff) << (8 * i);
    }
    return v;
}

/* Lanes 0..lanes-1 of register k of an interleaved load of esize-byte elements. */
static uint64_t deinterleave(unsigned selem, unsigned k, unsigned esize, unsigned lanes)
{
    uint64_t v = 0;

    for (unsigned l = 0; l < lanes; l++) {
        v |= src_bytes((l * selem + k) * esize, esize) << (8 * esize * l);
    }
    return v;
}

static void test_simd_loads_stores(void)
{
    uint8_t src[64];
    uint16_t st3[24];

    for (unsigned i = 0; i < sizeof(src); i++) {
        src[i] = (uint8_t)i;
    }
    cpu->sys.sctlr_el[1] &= ~SCTLR_M;
    tlb_flush(&cpu->parent);
    load(DATA_PA, src, sizeof(src));
    cpu->xregs[1] = DATA_PA;
    cpu->xregs[2] = DATA_PA + 0x1000;
    cpu->xregs[3] = DATA_PA + 0x2000;
    cpu->xregs[4] = DATA_PA + 0x3000;
    cpu->xregs[5] = 5;
    cpu->xregs[6] = DATA_PA + 0x10;
    cpu->vregs[7][0] = 0x7777666655554444ull;
    cpu->vregs[7][1] = 0xbbbbaaaa99998888ull;
    cpu->vregs[14][1] = ~0ull;
    cpu->sys.cpacr_el1 = CPACR_FPEN_ALL;
    run_el1(RAM_BASE + 0x300);
    CHECK_EQ(cpu->pc, RAM_BASE + 0x300 + 12 * 4);
    CHECK_EQ(cpu->vregs[0][0], src_bytes(0, 8));
    CHECK_EQ(cpu->vregs[0][1], src_bytes(8, 8));
    CHECK_EQ(load64(DATA_PA + 0x1008), src_bytes(8, 8));
    CHECK_EQ(cpu->vregs[2][1], src_bytes(24, 8));
    CHECK_EQ(load64(DATA_PA + 0x2008), src_bytes(16, 8));
    CHECK_EQ(cpu->xregs[3], DATA_PA + 0x2010);
    CHECK_EQ(cpu->vregs[4][0], src_bytes(16, 8));
    CHECK_EQ(cpu->vregs[5][0], deinterleave(2, 0, 4, 2));
    CHECK_EQ(cpu->vregs[6][1], src_bytes(20, 4) | src_bytes(28, 4) << 32);
    CHECK_EQ(cpu->vregs[9][0], deinterleave(4, 1, 1, 8));
    CHECK_EQ(cpu->vregs[9][1], 0);
    CHECK_EQ(cpu->xregs[1], DATA_PA + 32);
    CHECK_EQ(cpu->vregs[12][0], src_bytes(36, 4));
    CHECK_EQ(cpu->vregs[13][0], 0x15);
    CHECK_EQ(cpu->vregs[14][0], 0x0123456789abcdefull);
    CHECK_EQ(cpu->vregs[14][1], 0);
    CHECK_EQ(address_space_read(address_space_system(), DATA_PA + 0x3000, st3, sizeof(st3)),
             MEMTX_OK);
    CHECK_EQ(st3[0], cpu->vregs[5][0] & 0xffff);
    CHECK_EQ(st3[1], cpu->vregs[6][0] & 0xffff);
    CHECK_EQ(st3[2], 0x4444);
    CHECK_EQ(st3[3 * 5 + 2], 0x9999);
    CHECK_EQ(st3[3 * 7 + 1], cpu->vregs[6][1] >> 48);
}

/* With CPACR_EL1.FPEN = 0 the first SIMD&FP load traps with EC 0x07. */
static void test_fp_access_trap(void)
{
    cpu->sys.sctlr_el[1] &= ~SCTLR_M;
    tlb_flush(&cpu->parent);
    cpu->xregs[1] = DATA_PA;
    cpu->vregs[0][0] = 0x1234;
    cpu->sys.cpacr_el1 = 0;
    run_el1(RAM_BASE + 0x300);
    CHECK_EQ(cpu->sys.esr_el[1], syn_make(EC_ADVSIMDFPACCESSTRAP, 0x1e00000));
    CHECK_EQ(cpu->sys.elr_el[1], RAM_BASE + 0x300);
    CHECK_EQ(cpu->vregs[0][0], 0x1234);
}

static void test_simd_single_structures(void)
{
    uint8_t src[64];

    for (unsigned i = 0; i < sizeof(src); i++) {
        src[i] = (uint8_t)i;
    }
    cpu->sys.sctlr_el[1] &= ~SCTLR_M;
    tlb_flush(&cpu->parent);
    load(DATA_PA, src, sizeof(src));
    store64(DATA_PA + 0x1000, 0);
    cpu->sys.cpacr_el1 = CPACR_FPEN_ALL;
    cpu->xregs[1] = DATA_PA;
    cpu->xregs[2] = DATA_PA + 0x1000;
    cpu->vregs[0][1] = 0x1122334455667788ull;
    cpu->vregs[15][0] = cpu->vregs[15][1] = 0xaaaaaaaaaaaaaaaaull;
    cpu->vregs[17][1] = cpu->vregs[18][1] = 0;
    cpu->vregs[20][1] = ~0ull;
    run_el1(RAM_BASE + 0x400);
    CHECK_EQ(cpu->vregs[15][0], 0xaaaaaaaaaaaaaaaaull);
    CHECK_EQ(cpu->vregs[15][1], 0x03020100aaaaaaaaull);
    CHECK_EQ(cpu->vregs[16][0], 0x0100010001000100ull);
    CHECK_EQ(cpu->vregs[16][1], 0x0100010001000100ull);
    CHECK_EQ(load64(DATA_PA + 0x1000), 0x77);
    CHECK_EQ(cpu->vregs[17][1], 0x0100ull << 16);
    CHECK_EQ(cpu->vregs[18][1], 0x0302ull << 16);
    CHECK_EQ(cpu->xregs[1], DATA_PA + 4);
    CHECK_EQ(cpu->vregs[20][0], 0x0706050407060504ull);
    CHECK_EQ(cpu->vregs[20][1], 0);
    CHECK_EQ(cpu->vregs[23][0], 0x1312111013121110ull);
}

/*
 * Random words from the load/store (op0 x1x0) and system (1101 0101 00)
 * encoding spaces, each run as a one-instruction program followed by WFI:
 * whatever they do to the machine, the host must survive and the CPU must
 * end up in a vector or after the program.  The icount budget bounds runs
 * that wander off (an ERET to a random address, an MMU switched on with a
 * random TCR).
 */
static uint32_t random_insn(uint64_t *seed)
{
    uint32_t r;

    *seed = *seed * 6364136223846793005ull + 1442695040888963407ull;
    r = (uint32_t)(*seed >> 32);
    if (r & 1) {
        return (r & ~0x0a000000u) | 0x08000000u; /* loads and stores */
    }
    return (r & 0x003fffffu) | 0xd5000000u; /* system instructions */
}

static void test_random_encodings_survive(void)
{
    uint64_t seed = 12345;
    uint32_t prog[2] = {0, WFI};
    unsigned finished = 0;

    cpu_exec_set_icount(true);
    for (int i = 0; i < 3000; i++) {
        int r;

        prog[0] = random_insn(&seed);
        load(RAM_BASE + 0x600, prog, sizeof(prog));
        cpu->sys.sctlr_el[1] &= ~SCTLR_M;
        tlb_flush(&cpu->parent);
        for (int n = 0; n < 31; n++) {
            cpu->xregs[n] = DATA_PA + 0x100 * n;
        }
        cpu->xregs[0] = 0; /* no PSCI function: HVC/SMC are UNDEFINED */
        /* Every other run at EL0, where most system instructions are UNDEFINED. */
        cpu->pstate = (i & 1) ? 0 : 1u << PSTATE_EL_SHIFT | PSTATE_SP | PSTATE_DAIF;
        cpu->sys.vbar_el[1] = VBAR;
        cpu->parent.halted = false;
        cpu->parent.icount_budget = 200;
        cpu->pc = RAM_BASE + 0x600;
        do {
            r = cpu_exec(&cpu->parent);
        } while (r == EXCP_INTERRUPT);
        finished += r == EXCP_HLT;
    }
    cpu_exec_set_icount(false);
    CHECK(finished > 2900);
}

/*
 * A pending IRQ masked by PSTATE.I is taken as soon as MSR DAIFClr unmasks
 * it, with ELR pointing after the MSR.  The IRQ vector holds "b ." so the
 * icount budget ends the run there.
 */
static void test_irq_unmasked_by_daifclr(void)
{
    static const uint32_t prog[] = {0xd50342ff, 0x14000000}; /* msr daifclr, #2; b . */
    uint32_t loop = 0x14000000, wfi = WFI;
    int r;

    cpu->sys.sctlr_el[1] &= ~SCTLR_M;
    tlb_flush(&cpu->parent);
    load(RAM_BASE + 0x700, prog, sizeof(prog));
    load(VBAR + 0x280, &loop, 4);
    cpu->pstate = 1u << PSTATE_EL_SHIFT | PSTATE_SP | PSTATE_DAIF;
    cpu->sys.vbar_el[1] = VBAR;
    cpu->parent.halted = false;
    cpu->pc = RAM_BASE + 0x700;
    cpu_set_irq(&cpu->parent, CPU_IRQ_LINE, 1);
    CHECK(!arm_cpu_exec_interrupt(&cpu->parent, cpu->parent.interrupt_request));
    cpu_exec_set_icount(true);
    cpu->parent.icount_budget = 100;
    do {
        r = cpu_exec(&cpu->parent);
    } while (r == EXCP_INTERRUPT);
    cpu_exec_set_icount(false);
    cpu_set_irq(&cpu->parent, CPU_IRQ_LINE, 0);
    load(VBAR + 0x280, &wfi, 4);
    CHECK_EQ(r, EXCP_YIELD);
    CHECK_EQ(cpu->pc, VBAR + 0x280);
    CHECK_EQ(cpu->sys.elr_el[1], RAM_BASE + 0x704);
    CHECK_EQ(cpu->sys.spsr_el[1] & PSTATE_DAIF, PSTATE_DAIF & ~PSTATE_I);
    CHECK_EQ(cpu->pstate & PSTATE_DAIF, PSTATE_DAIF);
}

/* An ERET to an EL we do not have keeps EL1 and sets PSTATE.IL; never crashes. */
static void test_illegal_eret(void)
{
    cpu->pstate = 1u << PSTATE_EL_SHIFT | PSTATE_SP | PSTATE_DAIF;
    cpu->sys.elr_el[1] = 0x1234;
    cpu->sys.spsr_el[1] = 2u << PSTATE_EL_SHIFT | PSTATE_SP | PSTATE_Z; /* EL2h */
    CHECK_EQ(helper_eret(cpu), 0x1234);
    CHECK_EQ(arm_current_el(cpu), 1);
    CHECK(cpu->pstate & PSTATE_IL);
    CHECK(arm_pstate_read(cpu) & PSTATE_Z);

    cpu->pstate = 1u << PSTATE_EL_SHIFT | PSTATE_SP;
    cpu->sys.spsr_el[1] = 0; /* EL0t */
    CHECK_EQ(helper_eret(cpu), 0x1234);
    CHECK_EQ(arm_current_el(cpu), 0);
    CHECK_EQ(cpu->pstate & (PSTATE_IL | PSTATE_SP), 0);
}

static uint64_t semihost(uint32_t op, uint64_t arg)
{
    cpu->xregs[0] = op;
    cpu->xregs[1] = arg;
    arm_semihosting_call(cpu);
    return cpu->xregs[0];
}

static void test_semihosting(void)
{
    const uint64_t block = DATA_PA + 0x500, info = DATA_PA + 0x600;

    cpu->sys.sctlr_el[1] &= ~SCTLR_M;
    tlb_flush(&cpu->parent);
    cpu->pstate = 1u << PSTATE_EL_SHIFT | PSTATE_SP;
    cpu->xregs[31] = RAM_BASE + 0x1000;
    store64(block, info);
    CHECK_EQ(semihost(0x16, block), 0); /* SYS_HEAPINFO */
    CHECK_EQ(load64(info), RAM_BASE + RAM_SIZE / 2);
    CHECK_EQ(load64(info + 8), RAM_BASE + RAM_SIZE);
    CHECK_EQ(load64(info + 24), RAM_BASE);

    store64(block, info);
    store64(block + 8, 64);
    store64(info, ~0ull);
    CHECK_EQ(semihost(0x15, block), 0); /* SYS_GET_CMDLINE: no -append */
    CHECK_EQ(load64(block + 8), 0);
    CHECK_EQ(load64(info) & 0xff, 0);

    load(info, ":tt", 3);
    store64(block, info);
    store64(block + 8, 4);
    store64(block + 16, 3);
    CHECK_EQ(semihost(0x01, block), 1);           /* SYS_OPEN ":tt" for writing: stdout */
    CHECK_EQ(semihost(0x31, 0), 1000000000);      /* SYS_TICKFREQ */
    CHECK_EQ(semihost(0x04, 0x10), (uint64_t)-1); /* SYS_WRITE0 from nowhere */
    CHECK_EQ(cpu->parent.tcg.exception_index, EXCP_NONE);
    store64(block, 7);
    CHECK_EQ(semihost(0x05, block), (uint64_t)-1); /* SYS_WRITE to an unknown handle */
    CHECK_EQ(semihost(0x99, 0), (uint64_t)-1);
}

static void test_mmu_off(void)
{
    uint64_t pa, page_size;
    uint32_t fsc;
    int prot;

    cpu->sys.sctlr_el[1] &= ~SCTLR_M;
    CHECK(arm_mmu_translate(cpu, 0x1234, MMU_DATA_LOAD, ARM_MMU_IDX_EL1, &pa, &prot, &page_size,
                            &fsc));
    CHECK_EQ(pa, 0x1234);
    CHECK_EQ(prot, PAGE_READ | PAGE_WRITE | PAGE_EXEC);
    CHECK(!arm_mmu_translate(cpu, 1ull << 48, MMU_DATA_LOAD, ARM_MMU_IDX_EL1, &pa, &prot,
                             &page_size, &fsc));
    CHECK_EQ(fsc, FSC_ADDR_SIZE);
}

/* A table walk that leaves RAM is a synchronous external abort on the walk. */
static void test_walk_outside_ram(void)
{
    uint64_t pa, page_size;
    uint32_t fsc;
    int prot;

    mmu_on();
    cpu->sys.ttbr0_el1 = 0x1000;
    CHECK(!arm_mmu_translate(cpu, 0x1000, MMU_DATA_LOAD, ARM_MMU_IDX_EL1, &pa, &prot,
                             &page_size, &fsc));
    CHECK_EQ(fsc, FSC_SYNC_EXT_WALK | 1);
    cpu->sys.ttbr0_el1 = L1_PA;
}

static void test_sysreg_table(void)
{
    CHECK(arm_sysreg_find(3, 0, 0, 0, 0) != NULL);                          /* MIDR_EL1 */
    CHECK_EQ(arm_sysreg_find(3, 0, 0, 4, 4)->flags & ARM_SR_RO, ARM_SR_RO); /* ZFR0: RAZ */
    CHECK(arm_sysreg_find(2, 0, 0, 5, 4) != NULL);                          /* DBGBVR5_EL1 */
    CHECK(arm_sysreg_find(3, 4, 1, 1, 0) == NULL); /* HCR_EL2: no EL2 */
    CHECK(arm_sysinsn_find(0, 8, 3, 0) != NULL);   /* TLBI VMALLE1IS */
    CHECK(arm_sysinsn_find(4, 8, 7, 0) == NULL);   /* TLBI ALLE2 */
}

static void test_psci(void)
{
    cpu->xregs[0] = 0x84000000; /* PSCI_VERSION */
    CHECK(arm_psci_call(cpu));
    CHECK_EQ(cpu->xregs[0], 0x10000);
    cpu->xregs[0] = 0x8400000a; /* PSCI_FEATURES(SYSTEM_OFF) */
    cpu->xregs[1] = 0x84000008;
    CHECK(arm_psci_call(cpu));
    CHECK_EQ(cpu->xregs[0], 0);
    cpu->xregs[0] = 0xc4000003; /* CPU_ON(self) */
    cpu->xregs[1] = cpu->id.mpidr;
    CHECK(arm_psci_call(cpu));
    CHECK_EQ(cpu->xregs[0], (uint64_t)-4); /* ALREADY_ON */
    cpu->xregs[0] = 0x82000000;            /* not PSCI */
    CHECK(!arm_psci_call(cpu));
}

int main(void)
{
    setup();
    RUN_TEST(test_sysreg_table);
    RUN_TEST(test_mmu_off);
    RUN_TEST(test_walk_outside_ram);
    RUN_TEST(test_svc_from_el0);
    RUN_TEST(test_el0_permission_fault);
    RUN_TEST(test_el0_translation_and_access_flag);
    RUN_TEST(test_el0_sysreg_undef);
    RUN_TEST(test_el1_fetch_from_user_page);
    RUN_TEST(test_exclusives_and_zva);
    RUN_TEST(test_at_and_tlbi);
    RUN_TEST(test_simd_loads_stores);
    RUN_TEST(test_simd_single_structures);
    RUN_TEST(test_irq_unmasked_by_daifclr);
    RUN_TEST(test_fp_access_trap);
    RUN_TEST(test_illegal_eret);
    RUN_TEST(test_psci);
    RUN_TEST(test_semihosting);
    RUN_TEST(test_random_encodings_survive);
    return test_finish();
}
