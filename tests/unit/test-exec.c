/*
 * The CPU loop end to end, with a toy target defined here: 32-bit words,
 * opcode in the top 4 bits, 16 registers.
 *
 *   1 ADDI  rd, imm16     rd += sext(imm16)
 *   2 ST    rs, [ra]      mem32[ra] = rs
 *   3 LD    rd, [ra]      rd = mem32[ra]
 *   4 BNZ   rd, off16     if (rd) pc += sext(off16) * 4 (goto_tb 0) else next (goto_tb 1)
 *   5 B     off16         pc += sext(off16) * 4 (goto_tb 0)
 *   6 WFI                 sleep (halted) and resume after it
 *   0 HALT                leave the loop with EXCP_HLT, pc at the HALT
 *
 * Field layout: op[31:28] rd/rs[27:24] ra[23:20] imm/off[15:0].
 * Guest virtual = guest physical for the first 64 KiB of RAM at 0; anything
 * else faults with FAKE_EXCP_FAULT, whose handler continues at FAULT_VECTOR.
 */
#include <pthread.h>
#include <stddef.h>
#include <string.h>
#include <time.h>

#include "exec/cputlb.h"
#include "exec/memory.h"
#include "exec/translator.h"
#include "softmmu/internal.h"
#include "sysemu/cpus.h"
#include "tcg/tcg.h"
#include "test.h"

__attribute__((weak)) void bql_lock(void) {}
__attribute__((weak)) void bql_unlock(void) {}
__attribute__((weak)) bool bql_locked(void) { return true; }

enum { FAKE_EXCP_FAULT = 1 };
#define RAM_SIZE     0x10000
#define FAULT_VECTOR 0x8000
#define IRQ_VECTOR   0x9000

typedef struct FakeCPU {
    CPUState parent;
    uint64_t regs[16];
    uint64_t pc;
    uint64_t fault_pc; /* where the last fault happened */
    unsigned faults, irqs;
} FakeCPU;

static TCGv_i64 cpu_regs[16], cpu_pc;
static unsigned translations;

static uint32_t insn(unsigned op, unsigned rd, unsigned ra, int imm)
{
    return op << 28 | rd << 24 | ra << 20 | ((uint32_t)imm & 0xffff);
}

#define ADDI(rd, imm) insn(1, rd, 0, imm)
#define ST(rs, ra)    insn(2, rs, ra, 0)
#define LD(rd, ra)    insn(3, rd, ra, 0)
#define BNZ(rd, off)  insn(4, rd, 0, off)
#define B(off)        insn(5, 0, 0, off)
#define WFI           insn(6, 0, 0, 0)
#define HALT          0u

/* ------------------------------------------------------------ the target */

/* The helper's TCGHelperInfo, spelled out: the test needs only tcg.h. */
static void helper_fake_halt(void *env) { ((CPUState *)env)->tcg.exception_index = EXCP_HLT; }

static const TCGHelperInfo fake_halt_info = {
    .func = (void *)helper_fake_halt,
    .name = "fake_halt",
    .flags = TCG_CALL_MAY_FAULT,
    .ret = TCG_TYPE_VOID,
    .nargs = 1,
    .args = {TCG_TYPE_PTR},
};

static void gen_helper_fake_halt(void)
{
    TCGTempRef args[] = {tcg_ref(tcg_env)};
    tcg_gen_call(&fake_halt_info, NULL, 1, args);
}

static void helper_fake_wfi(void *env)
{
    ((CPUState *)env)->halted = true;
    ((CPUState *)env)->tcg.exception_index = EXCP_HLT;
}

static const TCGHelperInfo fake_wfi_info = {
    .func = (void *)helper_fake_wfi,
    .name = "fake_wfi",
    .flags = TCG_CALL_MAY_FAULT,
    .ret = TCG_TYPE_VOID,
    .nargs = 1,
    .args = {TCG_TYPE_PTR},
};

static void gen_helper_fake_wfi(void)
{
    TCGTempRef args[] = {tcg_ref(tcg_env)};
    tcg_gen_call(&fake_wfi_info, NULL, 1, args);
}

static void gen_goto(DisasContextBase *db, unsigned slot, uint64_t dest)
{
    tcg_gen_movi_i64(cpu_pc, dest);
    tcg_gen_goto_tb(slot);
    db->is_jmp = DISAS_NORETURN;
}

static void fake_init_disas_context(DisasContextBase *db, CPUState *cpu) {}
static void fake_tb_start(DisasContextBase *db, CPUState *cpu) {}

static void fake_insn_start(DisasContextBase *db, CPUState *cpu)
{
    tcg_gen_insn_start(db->pc_next, 0);
}

static void fake_translate_insn(DisasContextBase *db, CPUState *cpu)
{
    uint64_t pc = db->pc_next;
    uint32_t w = translator_ldl(cpu, db, pc);
    unsigned rd = (w >> 24) & 15, ra = (w >> 20) & 15;
    int64_t imm = (int16_t)(w & 0xffff);

    db->pc_next = pc + 4;
    switch (w >> 28) {
    case 1:
        tcg_gen_addi_i64(cpu_regs[rd], cpu_regs[rd], imm);
        break;
    case 2:
        tcg_gen_qemu_st_i64(cpu_regs[rd], cpu_regs[ra], 0, MO_UL);
        break;
    case 3:
        tcg_gen_qemu_ld_i64(cpu_regs[rd], cpu_regs[ra], 0, MO_UL);
        break;
    case 4: {
        TCGLabel *taken = gen_new_label();
        tcg_gen_brcondi_i64(TCG_COND_NE, cpu_regs[rd], 0, taken);
        gen_goto(db, 1, pc + 4);
        gen_set_label(taken);
        gen_goto(db, 0, pc + imm * 4);
        break;
    }
    case 5:
        gen_goto(db, 0, pc + imm * 4);
        break;
    case 6:
        tcg_gen_movi_i64(cpu_pc, pc + 4);
        gen_helper_fake_wfi();
        tcg_gen_exit_tb();
        db->is_jmp = DISAS_NORETURN;
        break;
    default:
        tcg_gen_movi_i64(cpu_pc, pc);
        gen_helper_fake_halt();
        tcg_gen_exit_tb();
        db->is_jmp = DISAS_NORETURN;
        break;
    }
}

static void fake_tb_stop(DisasContextBase *db, CPUState *cpu)
{
    if (db->is_jmp == DISAS_TOO_MANY)
        gen_goto(db, 0, db->pc_next);
}

static const TranslatorOps fake_ops = {
    .init_disas_context = fake_init_disas_context,
    .tb_start = fake_tb_start,
    .insn_start = fake_insn_start,
    .translate_insn = fake_translate_insn,
    .tb_stop = fake_tb_stop,
};

static void fake_translate(CPUState *cpu, TranslationBlock *tb, int max_insns)
{
    DisasContextBase db;
    translations++;
    translator_loop(cpu, tb, max_insns, &fake_ops, &db);
}

static void fake_init(CPUState *cs)
{
    static bool globals_done;
    static char names[16][16];

    if (globals_done)
        return;
    globals_done = true;
    for (int i = 0; i < 16; i++) {
        snprintf(names[i], sizeof(names[i]), "r%d", i);
        cpu_regs[i] = tcg_global_mem_new_i64(offsetof(FakeCPU, regs[i]), names[i]);
    }
    cpu_pc = tcg_global_mem_new_i64(offsetof(FakeCPU, pc), "pc");
}

static void fake_get_tb_cpu_state(CPUState *cs, uint64_t *pc, uint32_t *flags)
{
    *pc = ((FakeCPU *)cs)->pc;
    *flags = 0;
}

static uint64_t fake_get_pc(CPUState *cs) { return ((FakeCPU *)cs)->pc; }

static void fake_restore_state(CPUState *cs, const uint64_t *data)
{
    ((FakeCPU *)cs)->pc = data[0];
}

static unsigned tlb_fills;

static bool fake_tlb_fill(CPUState *cs, uint64_t vaddr, int size, MMUAccessType access,
                          int mmu_idx, bool probe)
{
    tlb_fills++;
    if (vaddr < RAM_SIZE) {
        tlb_set_page(cs, vaddr, vaddr, PAGE_READ | PAGE_WRITE | PAGE_EXEC, mmu_idx,
                     TARGET_PAGE_SIZE, 0);
        return true;
    }
    if (!probe)
        cs->tcg.exception_index = FAKE_EXCP_FAULT;
    return false;
}

static void fake_do_interrupt(CPUState *cs)
{
    FakeCPU *c = (FakeCPU *)cs;
    c->faults++;
    c->fault_pc = c->pc;
    c->pc = FAULT_VECTOR;
}

static bool fake_exec_interrupt(CPUState *cs, uint32_t req)
{
    FakeCPU *c = (FakeCPU *)cs;
    if (!(req & CPU_INTERRUPT_HARD))
        return false;
    cpu_reset_interrupt(cs, CPU_INTERRUPT_HARD);
    c->irqs++;
    c->pc = IRQ_VECTOR;
    return true;
}

static const CPUClass fake_cc = {
    .arch = "toy",
    .instance_size = sizeof(FakeCPU),
    .init = fake_init,
    .get_tb_cpu_state = fake_get_tb_cpu_state,
    .get_pc = fake_get_pc,
    .translate = fake_translate,
    .restore_state = fake_restore_state,
    .tlb_fill = fake_tlb_fill,
    .do_interrupt = fake_do_interrupt,
    .exec_interrupt = fake_exec_interrupt,
};

static const CPUModel fake_model = {.name = "toy", .cc = &fake_cc};

/* ------------------------------------------------------------ harness */

static FakeCPU *cpu;
static uint32_t *ram;

static void load(uint64_t addr, const uint32_t *code, unsigned n)
{
    CHECK_EQ(address_space_write(address_space_system(), addr, code, n * 4), MEMTX_OK);
}

/* Run from pc until the guest halts (or the loop returns something else). */
static int run_at(uint64_t pc)
{
    int r;
    cpu->pc = pc;
    do {
        r = cpu_exec(&cpu->parent);
    } while (r == EXCP_INTERRUPT);
    return r;
}

static void setup(void)
{
    static const uint32_t halt = HALT;
    MemoryRegion *mr = memory_region_new_ram("ram", RAM_SIZE);

    memory_region_add_subregion(address_space_root(address_space_system()), 0, mr, 0);
    ram = memory_region_host_ptr(mr);
    cpu_model_register(&fake_model);
    cpu = (FakeCPU *)cpu_create(cpu_model_find("toy", "toy"), address_space_system());
    load(FAULT_VECTOR, &halt, 1);
    load(IRQ_VECTOR, &halt, 1);
}

static void test_tb_cache_hit(void)
{
    const uint32_t code[] = {ADDI(1, 5), ADDI(1, 2), HALT};

    load(0x1000, code, 3);
    cpu->regs[1] = 0;
    translations = 0;
    CHECK_EQ(run_at(0x1000), EXCP_HLT);
    CHECK_EQ(cpu->regs[1], 7);
    CHECK_EQ(cpu->pc, 0x1008);
    CHECK_EQ(translations, 1);
    CHECK_EQ(run_at(0x1000), EXCP_HLT);
    CHECK_EQ(cpu->regs[1], 14);
    CHECK_EQ(translations, 1);
}

static void test_chaining(void)
{
    /* r2 = 1000 iterations of a two-block loop, then halt. */
    const uint32_t code[] = {ADDI(2, 1000), ADDI(2, -1), B(1), BNZ(2, -2), HALT};
    TranslationBlock *body, *test;

    load(0x2000, code, 5);
    cpu->regs[2] = 0;
    translations = 0;
    CHECK_EQ(run_at(0x2000), EXCP_HLT);
    CHECK_EQ(cpu->regs[2], 0);
    CHECK_EQ(cpu->pc, 0x2010);
    CHECK(translations <= 4); /* entry, body, test, halt: no retranslation */
    body = tb_lookup(0x2004, 0x2004, 0);
    test = tb_lookup(0x200c, 0x200c, 0);
    CHECK(body && test);
    if (body && test) {
        CHECK(body->jmp_dest[0] == test);
        CHECK(test->jmp_dest[0] == body);
        CHECK(tcg_code_exec_count(test->code) >= 1000);
    }
}

static void test_self_modifying_code(void)
{
    /* 0x3000: the code to patch.  0x3100: writes r5 over 0x3000's first insn. */
    const uint32_t target[] = {ADDI(1, 1), HALT};
    const uint32_t patcher[] = {ST(5, 6), HALT};

    load(0x3000, target, 2);
    load(0x3100, patcher, 2);
    cpu->regs[1] = 0;
    CHECK_EQ(run_at(0x3000), EXCP_HLT);
    CHECK_EQ(cpu->regs[1], 1);
    CHECK(tb_page_has_code(0x3000));

    cpu->regs[5] = ADDI(1, 100);
    cpu->regs[6] = 0x3000;
    CHECK_EQ(run_at(0x3100), EXCP_HLT);
    CHECK_EQ(ram[0x3000 / 4], ADDI(1, 100));
    CHECK_EQ(run_at(0x3000), EXCP_HLT);
    CHECK_EQ(cpu->regs[1], 101);

    /* A device (DMA) write invalidates too. */
    const uint32_t dma[] = {ADDI(1, 1000)};
    load(0x3000, dma, 1);
    CHECK_EQ(run_at(0x3000), EXCP_HLT);
    CHECK_EQ(cpu->regs[1], 1101);
}

static void test_fault_restores_pc(void)
{
    const uint32_t code[] = {ADDI(1, 1), ADDI(1, 1), LD(2, 3), ADDI(1, 1), HALT};

    load(0x4000, code, 5);
    cpu->regs[1] = 0;
    cpu->regs[3] = 0x12345678; /* unmapped */
    cpu->faults = 0;
    CHECK_EQ(run_at(0x4000), EXCP_HLT);
    CHECK_EQ(cpu->faults, 1);
    CHECK_EQ(cpu->fault_pc, 0x4008);
    CHECK_EQ(cpu->regs[1], 2);
    CHECK_EQ(cpu->pc, FAULT_VECTOR);
}

static void test_fetch_fault(void)
{
    cpu->faults = 0;
    CHECK_EQ(run_at(0x20000), EXCP_HLT);
    CHECK_EQ(cpu->faults, 1);
    CHECK_EQ(cpu->fault_pc, 0x20000);
}

typedef struct Poke {
    CPUState *cpu;
    bool irq;
} Poke;

static void *poke_later(void *opaque)
{
    Poke *p = opaque;
    struct timespec ts = {0, 20 * 1000 * 1000};

    nanosleep(&ts, NULL);
    if (p->irq)
        cpu_set_irq(p->cpu, CPU_IRQ_LINE, 1);
    else
        cpu_exit(p->cpu);
    return NULL;
}

static void test_exit_request(void)
{
    const uint32_t spin[] = {ADDI(7, 1), B(-1)};
    Poke p = {&cpu->parent, false};
    pthread_t t;

    load(0x5000, spin, 2);
    cpu->pc = 0x5000;
    pthread_create(&t, NULL, poke_later, &p);
    CHECK_EQ(cpu_exec(&cpu->parent), EXCP_INTERRUPT);
    pthread_join(t, NULL);
    CHECK(cpu->regs[7] > 0);
    CHECK(cpu->pc == 0x5000 || cpu->pc == 0x5004);
    CHECK_EQ(cpu->parent.tcg.exit_request, 0);
}

static void test_irq(void)
{
    Poke p = {&cpu->parent, true};
    pthread_t t;

    cpu->irqs = 0;
    cpu->pc = 0x5000;
    pthread_create(&t, NULL, poke_later, &p);
    CHECK_EQ(run_at(0x5000), EXCP_HLT);
    pthread_join(t, NULL);
    CHECK_EQ(cpu->irqs, 1);
    CHECK_EQ(cpu->pc, IRQ_VECTOR);
    CHECK_EQ(cpu->parent.interrupt_request, 0);
}

static void test_page_boundary(void)
{
    const uint32_t code[] = {ADDI(1, 1), ADDI(1, 1), ADDI(1, 1), HALT};
    TranslationBlock *tb;

    load(0x6ff8, code, 4);
    cpu->regs[1] = 0;
    CHECK_EQ(run_at(0x6ff8), EXCP_HLT);
    CHECK_EQ(cpu->regs[1], 3);
    tb = tb_lookup(0x6ff8, 0x6ff8, 0);
    CHECK(tb != NULL);
    if (tb) {
        CHECK_EQ(tb->size, 8); /* stopped before the instruction on the next page */
        CHECK_EQ(tb->icount, 2);
        CHECK_EQ(tb->page_addr[0], 0x6000);
        CHECK_EQ(tb->page_addr[1], UINT64_MAX);
    }
}

static void test_singlestep(void)
{
    const uint32_t code[] = {ADDI(1, 1), ADDI(1, 1), HALT};

    load(0x7100, code, 3);
    cpu->regs[1] = 0;
    cpu->pc = 0x7100;
    cpu->parent.singlestep = 1;
    CHECK_EQ(cpu_exec(&cpu->parent), EXCP_DEBUG);
    CHECK_EQ(cpu->pc, 0x7104);
    CHECK_EQ(cpu->regs[1], 1);
    CHECK_EQ(cpu_exec(&cpu->parent), EXCP_DEBUG);
    CHECK_EQ(cpu->pc, 0x7108);
    cpu->parent.singlestep = 0;
    CHECK_EQ(cpu_exec(&cpu->parent), EXCP_HLT);
    CHECK_EQ(cpu->regs[1], 2);
}

static void test_icount_budget(void)
{
    uint64_t before = cpu->parent.insns_executed;

    cpu_exec_set_icount(true);
    cpu->parent.icount_budget = 100;
    cpu->pc = 0x5000; /* the spin loop */
    CHECK_EQ(cpu_exec(&cpu->parent), EXCP_YIELD);
    CHECK(cpu->parent.icount_budget <= 0);
    CHECK(cpu->parent.insns_executed - before >= 100);
    cpu_exec_set_icount(false);
}

static void test_halted_waits_for_work(void)
{
    Poke p = {&cpu->parent, true};
    pthread_t t;

    cpu->parent.halted = true;
    cpu->pc = 0x5000;
    CHECK_EQ(cpu_exec(&cpu->parent), EXCP_HLT);
    pthread_create(&t, NULL, poke_later, &p);
    cpu_wait_for_work(&cpu->parent, -1);
    pthread_join(t, NULL);
    CHECK(cpu_has_work(&cpu->parent));
    cpu->irqs = 0;
    int r;
    while ((r = cpu_exec(&cpu->parent)) == EXCP_INTERRUPT)
        ;
    CHECK_EQ(r, EXCP_HLT);
    CHECK(!cpu->parent.halted);
    CHECK_EQ(cpu->irqs, 1);
    CHECK_EQ(cpu->pc, IRQ_VECTOR);
}

static void test_wfi_resumes_after(void)
{
    const uint32_t code[] = {ADDI(1, 1), WFI, ADDI(1, 10), HALT};

    load(0x7300, code, 4);
    cpu->regs[1] = 0;
    cpu->pc = 0x7300;
    CHECK_EQ(cpu_exec(&cpu->parent), EXCP_HLT);
    CHECK(cpu->parent.halted);
    CHECK_EQ(cpu->pc, 0x7308); /* a loop reason, not a fault: no restore */
    CHECK_EQ(cpu->regs[1], 1);
    CHECK_EQ(cpu_exec(&cpu->parent), EXCP_HLT); /* still no work */
    cpu->parent.halted = false;
    CHECK_EQ(cpu_exec(&cpu->parent), EXCP_HLT);
    CHECK_EQ(cpu->pc, 0x730c);
    CHECK_EQ(cpu->regs[1], 11);
}

static void test_flush_all(void)
{
    const uint32_t code[] = {ADDI(1, 1), HALT};

    load(0x7200, code, 2);
    CHECK_EQ(run_at(0x7200), EXCP_HLT);
    translations = 0;
    CHECK_EQ(run_at(0x7200), EXCP_HLT);
    CHECK_EQ(translations, 0);
    tb_flush_all();
    CHECK(tb_lookup(0x7200, 0x7200, 0) == NULL);
    CHECK(!tb_page_has_code(0x7200));
    CHECK_EQ(run_at(0x7200), EXCP_HLT);
    CHECK_EQ(translations, 1);
}

static void *remap_later(void *opaque)
{
    struct timespec ts = {0, 20 * 1000 * 1000};

    nanosleep(&ts, NULL);
    memory_region_add_subregion(address_space_root(address_space_system()), 0x80000000,
                                memory_region_new_ram("hotplug", 0x1000), 0);
    return NULL;
}

/* A memory map change from another thread: the running CPU flushes its own TLB. */
static void test_remap_from_other_thread(void)
{
    const CPUTLBEntry *e = &cpu->parent.tcg.tlb[0][tlb_index(0x5000)];
    pthread_t t;

    cpu->pc = 0x5000;
    tlb_fills = 0;
    pthread_create(&t, NULL, remap_later, NULL);
    CHECK_EQ(cpu_exec(&cpu->parent), EXCP_INTERRUPT);
    pthread_join(t, NULL);
    /* Flushed: either still empty, or refilled by the blocks run after it. */
    CHECK((e->addr_code & TLB_INVALID_MASK) || tlb_fills > 0);
}

/* Last: it adds a second CPU. */
static void test_round_robin_slice(void)
{
    CPUState *other = cpu_create(cpu_model_find("toy", "toy"), address_space_system());
    uint64_t before = cpu->parent.insns_executed;

    CHECK(other != NULL);
    cpu->pc = 0x5000; /* the spin loop: only the slice ends it */
    CHECK_EQ(cpu_exec(&cpu->parent), EXCP_YIELD);
    CHECK(cpu->parent.insns_executed - before >= 100000);
}

int main(void)
{
    setup();
    RUN_TEST(test_tb_cache_hit);
    RUN_TEST(test_chaining);
    RUN_TEST(test_self_modifying_code);
    RUN_TEST(test_fault_restores_pc);
    RUN_TEST(test_fetch_fault);
    RUN_TEST(test_exit_request);
    RUN_TEST(test_irq);
    RUN_TEST(test_page_boundary);
    RUN_TEST(test_singlestep);
    RUN_TEST(test_icount_budget);
    RUN_TEST(test_halted_waits_for_work);
    RUN_TEST(test_wfi_resumes_after);
    RUN_TEST(test_flush_all);
    RUN_TEST(test_remap_from_other_thread);
    RUN_TEST(test_round_robin_slice);
    return test_finish();
}
