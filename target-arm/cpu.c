/*
 * The AArch64 CPU: its CPUClass, reset state, PSTATE packing and the
 * "cortex-a57" and "max" models.  Exception entry and the MMU are in
 * exceptions.c and mmu.c.
 */
#include <string.h>

#include "hw/arm/boot.h"
#include "target-arm/cpu-features.h"
#include "target-arm/cpu.h"
#include "target-arm/gtimer.h"
#include "target-arm/translate-a64.h"

/* ================================================================ PSTATE and SP */

uint32_t arm_pstate_read(const ARMCPU *cpu)
{
    uint32_t nzcv = 0;
    nzcv |= (cpu->nf >> 63) ? PSTATE_N : 0;
    nzcv |= cpu->zf == 0 ? PSTATE_Z : 0;
    nzcv |= cpu->cf ? PSTATE_C : 0;
    nzcv |= (cpu->vf >> 63) ? PSTATE_V : 0;
    return (cpu->pstate & ~PSTATE_NZCV) | nzcv;
}

void arm_pstate_write(ARMCPU *cpu, uint32_t pstate)
{
    cpu->nf = (pstate & PSTATE_N) ? ~0ull : 0;
    cpu->zf = (pstate & PSTATE_Z) ? 0 : 1;
    cpu->cf = (pstate & PSTATE_C) ? 1 : 0;
    cpu->vf = (pstate & PSTATE_V) ? ~0ull : 0;
    cpu->pstate = pstate & ~PSTATE_NZCV;
}

/* The banked stack pointer PSTATE selects: SP_ELx with SPSel, else SP_EL0. */
static uint64_t *banked_sp(ARMCPU *cpu)
{
    int el = arm_current_el(cpu);
    return &cpu->sys.sp_el[(cpu->pstate & PSTATE_SP) ? el : 0];
}

void arm_sp_save(ARMCPU *cpu) { *banked_sp(cpu) = cpu->xregs[31]; }

void arm_sp_restore(ARMCPU *cpu) { cpu->xregs[31] = *banked_sp(cpu); }

/* ================================================================ CPUClass hooks */

static void arm_cpu_init(CPUState *cs) { a64_translate_init(); }

/* SCTLR_EL1 as a Cortex-A57 resets it: MMU, caches and alignment checks off. */
#define SCTLR_EL1_RESET 0x00c50838ull

static void arm_cpu_reset(CPUState *cs)
{
    ARMCPU *cpu = arm_cpu(cs);

    memset(cpu->xregs, 0, sizeof(cpu->xregs));
    memset(cpu->vregs, 0, sizeof(cpu->vregs)); /* UNKNOWN: zero, for reproducible runs */
    cpu->pc = 0;
    memset(&cpu->sys, 0, sizeof(cpu->sys));
    cpu->sys.sctlr_el[1] = SCTLR_EL1_RESET;
    cpu->sys.oslk = 1; /* the OS lock is locked at reset: OSLSR_EL1 reads 0xa, as on QEMU */
    arm_gt_reset(cpu);

    /* EL1h with every exception masked, NZCV clear. */
    arm_pstate_write(cpu, (1u << PSTATE_EL_SHIFT) | PSTATE_SP | PSTATE_DAIF);
    cpu->exclusive_addr = ~0ull;
    cpu->exclusive_val = 0;
    cpu->exclusive_high = 0;
    cs->tcg.exception_index = -1;
    cs->halted = false;
}

/*
 * CPACR_EL1.FPEN: 0b11 enables SIMD&FP everywhere, 0b01 at EL1 only, other
 * values nowhere below EL2 (gemu has no EL2/EL3 traps to add).
 */
static bool arm_fp_enabled(const ARMCPU *cpu, int el)
{
    unsigned fpen = (unsigned)(cpu->sys.cpacr_el1 >> 20) & 3;
    return el >= 2 || fpen == 3 || (fpen == 1 && el == 1);
}

static uint32_t arm_tb_flags(const ARMCPU *cpu)
{
    int el = arm_current_el(cpu);
    uint64_t sctlr = cpu->sys.sctlr_el[el ? el : 1];
    uint32_t flags = (uint32_t)el;
    if (sctlr & (1u << 1)) { /* SCTLR_ELx.A */
        flags |= TBFLAG_ALIGN;
    }
    if (cpu->pstate & PSTATE_PAN) {
        flags |= TBFLAG_PAN;
    }
    if (arm_fp_enabled(cpu, el)) {
        flags |= TBFLAG_FPEN;
    }
    return flags;
}

static void arm_get_tb_cpu_state(CPUState *cs, uint64_t *pc, uint32_t *flags)
{
    ARMCPU *cpu = arm_cpu(cs);
    *pc = cpu->pc;
    *flags = arm_tb_flags(cpu);
}

static int arm_cpu_mmu_index(CPUState *cs, bool ifetch)
{
    ARMCPU *cpu = arm_cpu(cs);
    /* PAN restricts data accesses only; fetches use the plain EL1 regime. */
    int idx = arm_cpu_mmu_idx(cpu);
    return (ifetch && idx == ARM_MMU_IDX_EL1_PAN) ? ARM_MMU_IDX_EL1 : idx;
}

static uint64_t arm_cpu_get_pc(CPUState *cs) { return arm_cpu(cs)->pc; }

static void arm_cpu_set_pc(CPUState *cs, uint64_t pc) { arm_cpu(cs)->pc = pc; }

static void arm_cpu_restore_state(CPUState *cs, const uint64_t *insn_data)
{
    arm_cpu(cs)->pc = insn_data[0];
}

static void arm_cpu_dump_state(CPUState *cs, FILE *f)
{
    ARMCPU *cpu = arm_cpu(cs);
    uint32_t pstate = arm_pstate_read(cpu);
    for (int i = 0; i < 31; i++) {
        fprintf(f, "X%02d=%016llx%s", i, (unsigned long long)cpu->xregs[i],
                (i % 4 == 3) ? "\n" : " ");
    }
    fprintf(f, "SP=%016llx\n", (unsigned long long)cpu->xregs[31]);
    fprintf(f, "PC=%016llx PSTATE=%08x %c%c%c%c EL%d%c\n", (unsigned long long)cpu->pc, pstate,
            (pstate & PSTATE_N) ? 'N' : '-', (pstate & PSTATE_Z) ? 'Z' : '-',
            (pstate & PSTATE_C) ? 'C' : '-', (pstate & PSTATE_V) ? 'V' : '-',
            arm_current_el(cpu), (pstate & PSTATE_SP) ? 'h' : 't');
}

/* gdb's aarch64 core registers: x0-x30, sp, pc (64-bit), cpsr (32-bit). */
enum { GDB_REG_SP = 31, GDB_REG_PC = 32, GDB_REG_CPSR = 33, GDB_NUM_REGS = 34 };

static void put_le(uint8_t *buf, uint64_t v, int size)
{
    for (int i = 0; i < size; i++) {
        buf[i] = (uint8_t)(v >> (8 * i));
    }
}

static uint64_t get_le(const uint8_t *buf, int size)
{
    uint64_t v = 0;
    for (int i = 0; i < size; i++) {
        v |= (uint64_t)buf[i] << (8 * i);
    }
    return v;
}

static int arm_gdb_read_reg(CPUState *cs, uint8_t *buf, int reg)
{
    ARMCPU *cpu = arm_cpu(cs);
    if (reg < 0 || reg >= GDB_NUM_REGS) {
        return 0;
    }
    if (reg == GDB_REG_CPSR) {
        put_le(buf, arm_pstate_read(cpu), 4);
        return 4;
    }
    put_le(buf, reg == GDB_REG_PC ? cpu->pc : cpu->xregs[reg], 8);
    return 8;
}

static int arm_gdb_write_reg(CPUState *cs, const uint8_t *buf, int reg)
{
    ARMCPU *cpu = arm_cpu(cs);
    if (reg < 0 || reg >= GDB_NUM_REGS) {
        return 0;
    }
    if (reg == GDB_REG_CPSR) {
        /* gdb may change the flags; EL and SP selection stay as they are. */
        uint32_t v = (uint32_t)get_le(buf, 4);
        arm_pstate_write(cpu, (cpu->pstate & ~PSTATE_NZCV) | (v & PSTATE_NZCV));
        return 4;
    }
    if (reg == GDB_REG_PC) {
        cpu->pc = get_le(buf, 8);
    } else {
        cpu->xregs[reg] = get_le(buf, 8);
    }
    return 8;
}

static const CPUClass arm_cpu_class = {
    .arch = "aarch64",
    .instance_size = sizeof(ARMCPU),
    .init = arm_cpu_init,
    .reset = arm_cpu_reset,
    .get_tb_cpu_state = arm_get_tb_cpu_state,
    .mmu_index = arm_cpu_mmu_index,
    .get_pc = arm_cpu_get_pc,
    .set_pc = arm_cpu_set_pc,
    .translate = a64_translate,
    .restore_state = arm_cpu_restore_state,
    .tlb_fill = arm_cpu_tlb_fill,
    .do_unaligned_access = arm_cpu_do_unaligned_access,
    .do_transaction_failed = arm_cpu_do_transaction_failed,
    .do_interrupt = arm_cpu_do_interrupt,
    .exec_interrupt = arm_cpu_exec_interrupt,
    .has_work = arm_cpu_has_work,
    .dump_state = arm_cpu_dump_state,
    .gdb_num_regs = GDB_NUM_REGS,
    .gdb_read_reg = arm_gdb_read_reg,
    .gdb_write_reg = arm_gdb_write_reg,
};

/* ================================================================ boot */

void arm_cpu_set_boot_regs(CPUState *cs, uint64_t entry, uint64_t x0)
{
    ARMCPU *cpu = arm_cpu(cs);
    /* EL1 is the highest EL implemented, where reset leaves the CPU. */
    memset(cpu->xregs, 0, sizeof(cpu->xregs));
    cpu->xregs[0] = x0;
    cpu->pc = entry;
}

/* ================================================================ models */

/* The FP and AdvSIMD fields of ID_AA64PFR0_EL1 (bits 23:16): 0 = implemented, no FP16. */
#define PFR0_FP_ADVSIMD 0x00000000ull

/*
 * ID_AA64PFR0_EL1 besides FP/AdvSIMD: EL0 and EL1 AArch64 only (gemu has no
 * AArch32, so unlike QEMU's 2 = "AArch64 and AArch32" they read 1), no EL2
 * or EL3 (as QEMU's virt board shows them without virtualization=on,
 * secure=on), no GIC system registers, no RAS, SVE, ...
 */
#define PFR0_EL0_EL1_AARCH64 0x11ull

/* Cortex-A57 r1p3: Arm, variant 1, architecture "see ID registers", part 0xd07, revision 3. */
#define MIDR_CORTEX_A57 0x411fd073ull

/*
 * The ID registers both models share, as a Cortex-A57 has them where gemu
 * implements the feature, else as "not implemented".
 */
static void a57_id_regs(CPUState *cs, ARMIDRegs *id)
{
    id->midr = MIDR_CORTEX_A57;
    id->revidr = 0;
    /* Bit 31 is RES1; one cluster, Aff0 = CPU number. */
    id->mpidr = (1ull << 31) | (uint64_t)(cs->cpu_index & 0xff);
    id->id_aa64pfr0 = PFR0_EL0_EL1_AARCH64 | PFR0_FP_ADVSIMD;
    id->id_aa64pfr1 = 0;
    /* AES with PMULL (2), SHA1 (1), SHA2 with SHA256 only (1), CRC32 (1). */
    id->id_aa64isar0 = 0x00011120;
    id->id_aa64isar1 = 0;
    /*
     * 44-bit PA and 16-bit ASIDs as the A57; 4 KiB and 64 KiB granules but
     * not 16 KiB (TGran4 = TGran64 = 0, TGran16 = 0), as QEMU's A57;
     * little-endian only, no Secure state (BigEnd = SNSMem = 0).
     */
    id->id_aa64mmfr0 = 0x00000024;
    /* None of v8.1's VMID16, VHE, HPDS, LOR, PAN (the A57 is v8.0). */
    id->id_aa64mmfr1 = 0;
    /*
     * As QEMU's A57: v8.0 debug with six breakpoints (two context-aware)
     * and four watchpoints (ARM_DBG_BRPS/WRPS; their registers keep values
     * but never trigger), PMUv3 (pmu.h); no trace.
     */
    id->id_aa64dfr0 = 0x10305106;
    id->ctr = 0x8444c004; /* 64-byte lines, PIPT I-cache */
    id->dczid = 0x4;      /* DC ZVA blocks of 64 bytes */
}

static void cortex_a57_init(CPUState *cs) { a57_id_regs(cs, &arm_cpu(cs)->id); }

/* QEMU's "max" MIDR: implementer 0 (none), part 0x051, so no guest applies A57 errata. */
#define MIDR_MAX 0x000f0510ull

/*
 * "max": the A57 plus every later feature gemu implements, and none it
 * lacks (no SVE, pointer authentication, BTI, MTE, FP16, ...).
 */
static void max_init(CPUState *cs)
{
    ARMIDRegs *id = &arm_cpu(cs)->id;

    a57_id_regs(cs, id);
    id->midr = MIDR_MAX;
    id->id_aa64isar0 |= 2ull << ISAR0_ATOMIC | 1ull << ISAR0_RDM | 1ull << ISAR0_TS;
    id->id_aa64isar1 |= 1ull << ISAR1_DPB | 1ull << ISAR1_LRCPC | 1ull << ISAR1_SB;
    id->id_aa64mmfr0 |= 1ull << MMFR0_TG16; /* all three granules */
}

cpu_model_init(arm_cpu_register_models)
{
    static const CPUModel models[] = {
        {.name = "cortex-a57", .cc = &arm_cpu_class, .model_init = cortex_a57_init},
        {.name = "max", .cc = &arm_cpu_class, .model_init = max_init},
    };
    for (size_t i = 0; i < sizeof(models) / sizeof(models[0]); i++) {
        cpu_model_register(&models[i]);
    }
}
