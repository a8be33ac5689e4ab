/*
 * A64 system instructions, exception generation and hints: decode table and
 * translation.  The registers MRS/MSR reach and the SYS operations are
 * described in sysregs.c; this file only decides, per instruction, whether
 * the access is allowed at translation time and how to emit it.
 */
#include <inttypes.h>

#include "sysemu/semihost.h"
#include "target-arm/cpu-features.h"
#include "target-arm/helper-sys.h"
#include "target-arm/translate-a64.h"
#include "util/log.h"

#define SEMIHOSTING_HLT_IMM 0xf000

/* The next instruction's pc: where a TB ended by this instruction resumes. */
static uint64_t next_pc(const DisasContext *s) { return s->pc_curr + 4; }

/*
 * End the TB after this instruction and return to the CPU loop, which
 * re-reads the TB flags and looks at pending interrupts.
 */
static void gen_end_tb_to_loop(DisasContext *s) { s->base.is_jmp = DISAS_UPDATE_EXIT; }

/* End the TB after this instruction; continue through the TB lookup. */
static void gen_end_tb_lookup(DisasContext *s)
{
    gen_jump_reg(s, tcg_constant_i64(next_pc(s)));
}

/* ------------------------------------------------------------ hints */

/* CRm = 0: NOP, YIELD, WFE, WFI, SEV, SEVL for op2 = 0..5. */
enum { HINT_WFI = 3 };

/*
 * The hint space: every hint we do not implement (BTI, PAC*SP, ...) must
 * execute as a NOP.  WFE and SEV need no event register on one vCPU thread,
 * and YIELD has no other thread to yield to.
 */
static bool trans_HINT(DisasContext *s, const A64Args *a)
{
    if (a->CRm == 0 && a->op2 == HINT_WFI) {
        /* pc first: the CPU resumes after the WFI when it wakes. */
        tcg_gen_movi_i64(cpu_pc, next_pc(s));
        gen_helper_wfi(tcg_env);
        tcg_gen_exit_tb();
        s->base.is_jmp = DISAS_NORETURN;
    }
    return true;
}

/* ------------------------------------------------------------ barriers */

enum {
    BARRIER_CLREX = 2,
    BARRIER_DSB = 4,
    BARRIER_DMB = 5,
    BARRIER_ISB = 6,
    BARRIER_SB = 7,
};

static bool trans_BARRIER(DisasContext *s, const A64Args *a)
{
    switch (a->op2) {
    case BARRIER_CLREX:
        tcg_gen_movi_i64(cpu_exclusive_addr, -1);
        return true;
    case BARRIER_DSB:
    case BARRIER_DMB:
        tcg_gen_mb(0);
        return true;
    case BARRIER_ISB:
        /* Later instructions must see context changed before the ISB. */
        gen_end_tb_lookup(s);
        return true;
    case BARRIER_SB:
        /* Nothing executes speculatively here: the barrier has no effect. */
        return a->CRm == 0 && arm_has_sb(s->cpu);
    default:
        return false;
    }
}

/* ------------------------------------------------------------ MSR (immediate) */

enum {
    PSTATEFIELD_CFINV = 0 << 3 | 0, /* with CRm = 0 */
    PSTATEFIELD_PAN = 0 << 3 | 4,
    PSTATEFIELD_SPSEL = 0 << 3 | 5,
    PSTATEFIELD_DAIFSET = 3 << 3 | 6,
    PSTATEFIELD_DAIFCLR = 3 << 3 | 7,
};

static bool cpu_has_pan(const DisasContext *s)
{
    return ((s->cpu->id.id_aa64mmfr1 >> 20) & 0xf) != 0;
}

/* CFINV (FlagM): invert the carry flag; allowed at every EL. */
static bool trans_CFINV(DisasContext *s)
{
    if (!arm_has_flagm(s->cpu)) {
        return false;
    }
    tcg_gen_xori_i64(cpu_CF, cpu_CF, 1);
    return true;
}

static bool trans_MSR_imm(DisasContext *s, const A64Args *a)
{
    int field = a->op1 << 3 | a->op2;

    if (field == PSTATEFIELD_CFINV && a->CRm == 0) {
        return trans_CFINV(s);
    }
    if (s->current_el == 0) {
        return false;
    }
    switch (field) {
    case PSTATEFIELD_PAN:
        if (!cpu_has_pan(s)) {
            return false;
        }
        break;
    case PSTATEFIELD_SPSEL:
    case PSTATEFIELD_DAIFSET:
    case PSTATEFIELD_DAIFCLR:
        break;
    default:
        return false;
    }
    gen_helper_msr_pstate(tcg_env, tcg_constant_i32(field), tcg_constant_i32(a->CRm));
    gen_end_tb_to_loop(s);
    return true;
}

/* ------------------------------------------------------------ SYS */

/* DC CVAP (clean to the point of persistence) exists with FEAT_DPB only. */
static bool sysinsn_is_dc_cvap(const A64Args *a)
{
    return a->op1 == 3 && a->CRn == 7 && a->CRm == 12 && a->op2 == 1;
}

static bool trans_SYS(DisasContext *s, const A64Args *a)
{
    const ARMSysInsn *si = arm_sysinsn_find(a->op1, a->CRn, a->CRm, a->op2);

    if (!si) {
        log_mask_printf(LOG_UNIMP, "SYS #%d, C%d, C%d, #%d at 0x%" PRIx64 ": unknown\n",
                        (int)a->op1, (int)a->CRn, (int)a->CRm, (int)a->op2, s->pc_curr);
        return false;
    }
    if (s->current_el == 0 && !si->el0) {
        return false;
    }
    if (sysinsn_is_dc_cvap(a) && !arm_has_dpb(s->cpu)) {
        return false;
    }
    if (si->kind == SYSI_NOP) {
        return true;
    }
    gen_helper_sys_insn(tcg_env, tcg_constant_i32(arm_sysinsn_key(si)), cpu_reg(s, a->rt));
    if (si->kind != SYSI_DC_ZVA && si->kind != SYSI_AT) {
        /* TLB or code invalidation may concern this very TB. */
        gen_end_tb_lookup(s);
    }
    return true;
}

/* ------------------------------------------------------------ MRS, MSR (register) */

static bool sysreg_el0_allowed(const ARMSysReg *r, bool is_read)
{
    return r->access || (r->flags & (is_read ? ARM_SR_EL0_R : ARM_SR_EL0_W));
}

/* Plain storage with no hook: the access is a load or store to the CPU state. */
static bool sysreg_is_direct(const ARMSysReg *r, bool is_read)
{
    bool hooked = is_read ? r->read != NULL : r->write != NULL;

    return r->offset != ARM_SR_NO_FIELD && !r->access && !hooked;
}

static void gen_mrs(DisasContext *s, const ARMSysReg *r, int rt)
{
    TCGv_i64 val = tcg_temp_new_i64();

    if (r->flags & ARM_SR_IO) {
        translator_io_start(&s->base);
    }
    if (sysreg_is_direct(r, true)) {
        tcg_gen_ld_i64(val, tcg_env, r->offset);
    } else {
        gen_helper_mrs(val, tcg_env, tcg_constant_i32(arm_sysreg_key(r)));
    }
    write_cpu_reg(s, rt, val, true);
}

static void gen_msr(DisasContext *s, const ARMSysReg *r, int rt)
{
    if (r->flags & ARM_SR_IO) {
        translator_io_start(&s->base);
    }
    if (sysreg_is_direct(r, false)) {
        tcg_gen_st_i64(cpu_reg(s, rt), tcg_env, r->offset);
    } else {
        gen_helper_msr(tcg_env, tcg_constant_i32(arm_sysreg_key(r)), cpu_reg(s, rt));
    }
    if (r->flags & ARM_SR_END_TB) {
        gen_end_tb_to_loop(s);
    }
}

static bool trans_MRS_MSR(DisasContext *s, const A64Args *a)
{
    bool is_read = a->L;
    const ARMSysReg *r;

    if (a->op0 < 2) {
        return false;
    }
    r = arm_sysreg_find(a->op0, a->op1, a->CRn, a->CRm, a->op2);
    if (!r) {
        log_mask_printf(LOG_UNIMP,
                        "%s S%d_%d_C%d_C%d_%d at 0x%" PRIx64 ": unknown system register\n",
                        is_read ? "MRS" : "MSR", (int)a->op0, (int)a->op1, (int)a->CRn,
                        (int)a->CRm, (int)a->op2, s->pc_curr);
        return false;
    }
    if (r->flags & (is_read ? ARM_SR_WO : ARM_SR_RO)) {
        return false;
    }
    if (s->current_el == 0 && !sysreg_el0_allowed(r, is_read)) {
        return false;
    }
    if (is_read) {
        gen_mrs(s, r, a->rt);
    } else {
        gen_msr(s, r, a->rt);
    }
    return true;
}

/* ------------------------------------------------------------ exceptions */

static bool trans_SVC(DisasContext *s, const A64Args *a)
{
    /* The preferred return address (next insn) is applied on exception entry. */
    gen_exception_insn(s, ARM_EXCP_SVC, syn_make(EC_SVC, a->imm16), 1);
    return true;
}

/*
 * HVC and SMC: there is no EL2 or EL3, so the only thing they can do is a
 * PSCI call (the helper raises UNDEFINED for anything else).
 */
static bool trans_HVC_SMC(DisasContext *s, const A64Args *a)
{
    if (s->current_el == 0) {
        return false;
    }
    gen_helper_hvc_smc(tcg_env);
    gen_end_tb_to_loop(s);
    return true;
}

static bool trans_BRK(DisasContext *s, const A64Args *a)
{
    gen_exception_insn(s, ARM_EXCP_BKPT, syn_make(EC_BRK, a->imm16), 1);
    return true;
}

static bool trans_HLT(DisasContext *s, const A64Args *a)
{
    if (a->imm16 != SEMIHOSTING_HLT_IMM || s->current_el == 0) {
        return false;
    }
    if (!semihosting_enabled()) {
        log_mask_printf(LOG_GUEST_ERROR,
                        "HLT #0xf000 at 0x%" PRIx64
                        ": a semihosting call, but -semihosting is off\n",
                        s->pc_curr);
        return false;
    }
    gen_helper_semihosting(tcg_env);
    gen_end_tb_to_loop(s);
    return true;
}

static bool trans_ERET(DisasContext *s, const A64Args *a)
{
    TCGv_i64 dest = tcg_temp_new_i64();

    if (s->current_el == 0) {
        return false;
    }
    gen_helper_eret(dest, tcg_env);
    gen_jump_reg(s, dest);
    return true;
}

const A64Pattern a64_sys_patterns[] = {
    {"HINT", "11010101000000110010 CRm:4 op2:3 11111", trans_HINT},
    {"CLREX/DSB/DMB/ISB", "11010101000000110011 CRm:4 op2:3 11111", trans_BARRIER},
    {"MSR (immediate)", "1101010100000 op1:3 0100 CRm:4 op2:3 11111", trans_MSR_imm},
    {"SYS", "1101010100001 op1:3 CRn:4 CRm:4 op2:3 rt:5", trans_SYS},
    {"MRS/MSR (register)", "1101010100 L:1 op0:2 op1:3 CRn:4 CRm:4 op2:3 rt:5", trans_MRS_MSR},
    {"SVC", "11010100 000 imm16:16 000 01", trans_SVC},
    {"HVC", "11010100 000 imm16:16 000 10", trans_HVC_SMC},
    {"SMC", "11010100 000 imm16:16 000 11", trans_HVC_SMC},
    {"BRK", "11010100 001 imm16:16 000 00", trans_BRK},
    {"HLT", "11010100 010 imm16:16 000 00", trans_HLT},
    {"ERET", "1101011 0100 11111 000000 11111 00000", trans_ERET},
    {NULL, NULL, NULL},
};
