/*
 * The IR core: the per-thread context, temps, labels and the builder API.
 *
 * Ops hold temp *indices*; handles given to targets are index + 1 as
 * pointer values so that a NULL handle is never valid.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tcg-eval.h"
#include "tcg-internal.h"
#include "util/error.h"
#include "util/thread-scratch.h"
#include "util/log.h"

const TCGOpDef tcg_op_defs[NB_OPS] = {
#define DEF(n, o, i, c, f) [INDEX_op_##n] = {#n, o, i, c, f},
#include "tcg/tcg-opc.h"
#undef DEF
};

__thread TCGContext *tcg_ctx;

/* Globals are created at start up, before any thread translates. */
TCGTemp tcg_globals[TCG_MAX_GLOBALS];
unsigned tcg_nb_globals;
unsigned tcg_env_index;
TCGv_ptr tcg_env;
TCGRuntime tcg_runtime;

void tcg_set_runtime(const TCGRuntime *rt) { tcg_runtime = *rt; }

/* ---------------------------------------------------------------- temps */

static inline unsigned ref_index(TCGTempRef r) { return (unsigned)((uintptr_t)r - 1); }
#define TI(v) ((TCGArg)ref_index(tcg_ref(v)))
static inline TCGTempRef index_ref(unsigned idx) { return (TCGTempRef)(uintptr_t)(idx + 1); }

static unsigned global_new(TCGType type, intptr_t offset, const char *name)
{
    if (tcg_nb_globals == TCG_MAX_GLOBALS)
        gemu_bug("too many TCG globals");
    tcg_globals[tcg_nb_globals] = (TCGTemp){
        .kind = TEMP_GLOBAL, .type = type, .mem_offset = offset, .name = name, .hash_next = -1};
    return tcg_nb_globals++;
}

void tcg_init(void)
{
    if (tcg_nb_globals)
        return;
    tcg_env_index = global_new(TCG_TYPE_PTR, offsetof(TCGCPUCommon, env_self), "env");
    tcg_env = (TCGv_ptr)index_ref(tcg_env_index);
}

TCGv_i32 tcg_global_mem_new_i32(intptr_t offset, const char *name)
{
    return (TCGv_i32)index_ref(global_new(TCG_TYPE_I32, offset, name));
}

TCGv_i64 tcg_global_mem_new_i64(intptr_t offset, const char *name)
{
    return (TCGv_i64)index_ref(global_new(TCG_TYPE_I64, offset, name));
}

void tcg_func_start(void)
{
    static ThreadScratch ctx_scratch = THREAD_SCRATCH_INITIALIZER;
    if (!tcg_ctx)
        tcg_ctx = thread_scratch(&ctx_scratch, sizeof(*tcg_ctx));
    TCGContext *s = tcg_ctx;
    memcpy(s->temps, tcg_globals, tcg_nb_globals * sizeof(TCGTemp));
    s->nb_temps = tcg_nb_globals;
    s->nb_ops = 0;
    s->nb_labels = 0;
    s->nb_insns = 0;
    s->overflow = false;
    memset(s->const_hash, -1, sizeof(s->const_hash));
}

/* A new temp, or temp 0 with the overflow flag set when the TB is full. */
static unsigned temp_alloc(TCGTempKind kind, TCGType type)
{
    TCGContext *s = tcg_ctx;
    if (s->nb_temps == TCG_MAX_TEMPS) {
        s->overflow = true;
        return 0;
    }
    s->temps[s->nb_temps] = (TCGTemp){.kind = kind, .type = type, .hash_next = -1};
    return s->nb_temps++;
}

TCGv_i32 tcg_temp_new_i32(void)
{
    return (TCGv_i32)index_ref(temp_alloc(TEMP_TB, TCG_TYPE_I32));
}
TCGv_i64 tcg_temp_new_i64(void)
{
    return (TCGv_i64)index_ref(temp_alloc(TEMP_TB, TCG_TYPE_I64));
}

unsigned tcg_const_index(TCGType type, uint64_t val)
{
    TCGContext *s = tcg_ctx;
    if (type == TCG_TYPE_I32)
        val = (uint32_t)val;
    unsigned bucket = (unsigned)((val * 0x9e3779b97f4a7c15ull) >> 56) % TCG_CONST_HASH;
    for (int i = s->const_hash[bucket]; i >= 0; i = s->temps[i].hash_next) {
        if (s->temps[i].type == type && s->temps[i].val == val)
            return (unsigned)i;
    }
    unsigned idx = temp_alloc(TEMP_CONST, type);
    if (s->overflow)
        return idx;
    s->temps[idx].val = val;
    s->temps[idx].hash_next = s->const_hash[bucket];
    s->const_hash[bucket] = (int)idx;
    return idx;
}

TCGv_i32 tcg_constant_i32(int32_t val)
{
    return (TCGv_i32)index_ref(tcg_const_index(TCG_TYPE_I32, (uint32_t)val));
}

TCGv_i64 tcg_constant_i64(int64_t val)
{
    return (TCGv_i64)index_ref(tcg_const_index(TCG_TYPE_I64, (uint64_t)val));
}

/* ---------------------------------------------------------------- ops */

static TCGOp *op_alloc(TCGOpcode opc)
{
    static __thread TCGOp scratch;
    TCGContext *s = tcg_ctx;
    if (s->nb_ops == TCG_MAX_OPS) {
        s->overflow = true;
        return &scratch;
    }
    TCGOp *op = &s->ops[s->nb_ops++];
    const TCGOpDef *def = &tcg_op_defs[opc];
    op->opc = opc;
    op->nb_oargs = def->nb_oargs;
    op->nb_iargs = def->nb_iargs;
    op->nb_cargs = def->nb_cargs;
    op->info = NULL;
    return op;
}

/* Emit opc with its outputs, inputs and constant args in order. */
static void emit(TCGOpcode opc, ...)
{
    TCGOp *op = op_alloc(opc);
    unsigned n = op->nb_oargs + op->nb_iargs + op->nb_cargs;
    va_list ap;
    va_start(ap, opc);
    for (unsigned i = 0; i < n; i++)
        op->args[i] = va_arg(ap, TCGArg);
    va_end(ap);
}

/* ---------------------------------------------------------------- labels */

TCGLabel *gen_new_label(void)
{
    static __thread TCGLabel scratch;
    TCGContext *s = tcg_ctx;
    if (s->nb_labels == TCG_MAX_LABELS) {
        s->overflow = true;
        return &scratch;
    }
    TCGLabel *l = &s->labels[s->nb_labels];
    l->id = s->nb_labels++;
    return l;
}

void gen_set_label(TCGLabel *l) { emit(INDEX_op_set_label, (TCGArg)l->id); }
void tcg_gen_br(TCGLabel *l) { emit(INDEX_op_br, (TCGArg)l->id); }
void tcg_gen_mb(unsigned barrier_kind) { emit(INDEX_op_mb, (TCGArg)barrier_kind); }

/* ---------------------------------------------------------------- conditions */

TCGCond tcg_invert_cond(TCGCond c)
{
    static const TCGCond inv[] = {
        [TCG_COND_NEVER] = TCG_COND_ALWAYS, [TCG_COND_ALWAYS] = TCG_COND_NEVER,
        [TCG_COND_EQ] = TCG_COND_NE,        [TCG_COND_NE] = TCG_COND_EQ,
        [TCG_COND_LT] = TCG_COND_GE,        [TCG_COND_GE] = TCG_COND_LT,
        [TCG_COND_LE] = TCG_COND_GT,        [TCG_COND_GT] = TCG_COND_LE,
        [TCG_COND_LTU] = TCG_COND_GEU,      [TCG_COND_GEU] = TCG_COND_LTU,
        [TCG_COND_LEU] = TCG_COND_GTU,      [TCG_COND_GTU] = TCG_COND_LEU,
        [TCG_COND_TSTEQ] = TCG_COND_TSTNE,  [TCG_COND_TSTNE] = TCG_COND_TSTEQ,
    };
    return inv[c];
}

TCGCond tcg_swap_cond(TCGCond c)
{
    static const TCGCond swap[] = {
        [TCG_COND_NEVER] = TCG_COND_NEVER, [TCG_COND_ALWAYS] = TCG_COND_ALWAYS,
        [TCG_COND_EQ] = TCG_COND_EQ,       [TCG_COND_NE] = TCG_COND_NE,
        [TCG_COND_LT] = TCG_COND_GT,       [TCG_COND_GE] = TCG_COND_LE,
        [TCG_COND_LE] = TCG_COND_GE,       [TCG_COND_GT] = TCG_COND_LT,
        [TCG_COND_LTU] = TCG_COND_GTU,     [TCG_COND_GEU] = TCG_COND_LEU,
        [TCG_COND_LEU] = TCG_COND_GEU,     [TCG_COND_GTU] = TCG_COND_LTU,
        [TCG_COND_TSTEQ] = TCG_COND_TSTEQ, [TCG_COND_TSTNE] = TCG_COND_TSTNE,
    };
    return swap[c];
}

bool tcg_cond_eval(TCGCond c, uint64_t a, uint64_t b, bool is64)
{
    return tcg_ev_cond(c, a, b, is64);
}

/* ---------------------------------------------------------------- builders */

#define GEN_BINOP(name, expr)                                                                  \
    void tcg_gen_##name##_i32(TCGv_i32 d, TCGv_i32 a, TCGv_i32 b)                              \
    {                                                                                          \
        emit(INDEX_op_##name##_i32, TI(d), TI(a), TI(b));                                      \
    }                                                                                          \
    void tcg_gen_##name##_i64(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)                              \
    {                                                                                          \
        emit(INDEX_op_##name##_i64, TI(d), TI(a), TI(b));                                      \
    }
TCG_BINOPS(GEN_BINOP)

#define GEN_UNOP(name, expr)                                                                   \
    void tcg_gen_##name##_i32(TCGv_i32 d, TCGv_i32 a)                                          \
    {                                                                                          \
        emit(INDEX_op_##name##_i32, TI(d), TI(a));                                             \
    }                                                                                          \
    void tcg_gen_##name##_i64(TCGv_i64 d, TCGv_i64 a)                                          \
    {                                                                                          \
        emit(INDEX_op_##name##_i64, TI(d), TI(a));                                             \
    }
TCG_UNOPS(GEN_UNOP)

#define GEN_CONVOP(name, tout, tin, expr)                                                      \
    void tcg_gen_##name(TCGv_##name##_out d, TCGv_##name##_in a)                               \
    {                                                                                          \
        emit(INDEX_op_##name, TI(d), TI(a));                                                   \
    }
#define TCGv_ext32s_i64_out    TCGv_i64
#define TCGv_ext32s_i64_in     TCGv_i64
#define TCGv_ext32u_i64_out    TCGv_i64
#define TCGv_ext32u_i64_in     TCGv_i64
#define TCGv_ext_i32_i64_out   TCGv_i64
#define TCGv_ext_i32_i64_in    TCGv_i32
#define TCGv_extu_i32_i64_out  TCGv_i64
#define TCGv_extu_i32_i64_in   TCGv_i32
#define TCGv_extrl_i64_i32_out TCGv_i32
#define TCGv_extrl_i64_i32_in  TCGv_i64
#define TCGv_extrh_i64_i32_out TCGv_i32
#define TCGv_extrh_i64_i32_in  TCGv_i64
#define TCGv_bswap64_i64_out   TCGv_i64
#define TCGv_bswap64_i64_in    TCGv_i64
TCG_CONVOPS(GEN_CONVOP)

/* Forms with an immediate: the constant is interned, the op is the same. */
#define GEN_IMM_FORMS(sz, T, I)                                                                \
    void tcg_gen_addi_##sz(T d, T a, I imm)                                                    \
    {                                                                                          \
        tcg_gen_add_##sz(d, a, tcg_constant_##sz(imm));                                        \
    }                                                                                          \
    void tcg_gen_subi_##sz(T d, T a, I imm)                                                    \
    {                                                                                          \
        tcg_gen_sub_##sz(d, a, tcg_constant_##sz(imm));                                        \
    }                                                                                          \
    void tcg_gen_muli_##sz(T d, T a, I imm)                                                    \
    {                                                                                          \
        tcg_gen_mul_##sz(d, a, tcg_constant_##sz(imm));                                        \
    }                                                                                          \
    void tcg_gen_andi_##sz(T d, T a, I imm)                                                    \
    {                                                                                          \
        tcg_gen_and_##sz(d, a, tcg_constant_##sz(imm));                                        \
    }                                                                                          \
    void tcg_gen_ori_##sz(T d, T a, I imm) { tcg_gen_or_##sz(d, a, tcg_constant_##sz(imm)); }  \
    void tcg_gen_xori_##sz(T d, T a, I imm)                                                    \
    {                                                                                          \
        tcg_gen_xor_##sz(d, a, tcg_constant_##sz(imm));                                        \
    }                                                                                          \
    void tcg_gen_shli_##sz(T d, T a, unsigned sh)                                              \
    {                                                                                          \
        tcg_gen_shl_##sz(d, a, tcg_constant_##sz(sh));                                         \
    }                                                                                          \
    void tcg_gen_shri_##sz(T d, T a, unsigned sh)                                              \
    {                                                                                          \
        tcg_gen_shr_##sz(d, a, tcg_constant_##sz(sh));                                         \
    }                                                                                          \
    void tcg_gen_sari_##sz(T d, T a, unsigned sh)                                              \
    {                                                                                          \
        tcg_gen_sar_##sz(d, a, tcg_constant_##sz(sh));                                         \
    }                                                                                          \
    void tcg_gen_rotli_##sz(T d, T a, unsigned sh)                                             \
    {                                                                                          \
        tcg_gen_rotl_##sz(d, a, tcg_constant_##sz(sh));                                        \
    }                                                                                          \
    void tcg_gen_rotri_##sz(T d, T a, unsigned sh)                                             \
    {                                                                                          \
        tcg_gen_rotr_##sz(d, a, tcg_constant_##sz(sh));                                        \
    }                                                                                          \
    void tcg_gen_clzi_##sz(T d, T a, I zv) { tcg_gen_clz_##sz(d, a, tcg_constant_##sz(zv)); }  \
    void tcg_gen_ctzi_##sz(T d, T a, I zv) { tcg_gen_ctz_##sz(d, a, tcg_constant_##sz(zv)); }  \
    void tcg_gen_movi_##sz(T d, I imm) { tcg_gen_mov_##sz(d, tcg_constant_##sz(imm)); }
TCG_BOTH(GEN_IMM_FORMS)

static void check_field(unsigned ofs, unsigned len, unsigned width)
{
    if (len == 0 || ofs + len > width)
        gemu_bug("bad bit field ofs=%u len=%u for width %u", ofs, len, width);
}

#define GEN_OTHER(sz, T, I)                                                                    \
    void tcg_gen_extract_##sz(T d, T a, unsigned ofs, unsigned len)                            \
    {                                                                                          \
        check_field(ofs, len, sizeof(I) * 8);                                                  \
        emit(INDEX_op_extract_##sz, TI(d), TI(a), (TCGArg)ofs, (TCGArg)len);                   \
    }                                                                                          \
    void tcg_gen_sextract_##sz(T d, T a, unsigned ofs, unsigned len)                           \
    {                                                                                          \
        check_field(ofs, len, sizeof(I) * 8);                                                  \
        emit(INDEX_op_sextract_##sz, TI(d), TI(a), (TCGArg)ofs, (TCGArg)len);                  \
    }                                                                                          \
    void tcg_gen_deposit_##sz(T d, T a, T b, unsigned ofs, unsigned len)                       \
    {                                                                                          \
        check_field(ofs, len, sizeof(I) * 8);                                                  \
        emit(INDEX_op_deposit_##sz, TI(d), TI(a), TI(b), (TCGArg)ofs, (TCGArg)len);            \
    }                                                                                          \
    void tcg_gen_extract2_##sz(T d, T lo, T hi, unsigned ofs)                                  \
    {                                                                                          \
        if (ofs >= sizeof(I) * 8)                                                              \
            gemu_bug("bad extract2 offset %u", ofs);                                           \
        emit(INDEX_op_extract2_##sz, TI(d), TI(lo), TI(hi), (TCGArg)ofs);                      \
    }                                                                                          \
    void tcg_gen_mulu2_##sz(T lo, T hi, T a, T b)                                              \
    {                                                                                          \
        emit(INDEX_op_mulu2_##sz, TI(lo), TI(hi), TI(a), TI(b));                               \
    }                                                                                          \
    void tcg_gen_muls2_##sz(T lo, T hi, T a, T b)                                              \
    {                                                                                          \
        emit(INDEX_op_muls2_##sz, TI(lo), TI(hi), TI(a), TI(b));                               \
    }                                                                                          \
    void tcg_gen_add2_##sz(T lo, T hi, T al, T ah, T bl, T bh)                                 \
    {                                                                                          \
        emit(INDEX_op_add2_##sz, TI(lo), TI(hi), TI(al), TI(ah), TI(bl), TI(bh));              \
    }                                                                                          \
    void tcg_gen_sub2_##sz(T lo, T hi, T al, T ah, T bl, T bh)                                 \
    {                                                                                          \
        emit(INDEX_op_sub2_##sz, TI(lo), TI(hi), TI(al), TI(ah), TI(bl), TI(bh));              \
    }                                                                                          \
    void tcg_gen_setcond_##sz(TCGCond c, T d, T a, T b)                                        \
    {                                                                                          \
        emit(INDEX_op_setcond_##sz, TI(d), TI(a), TI(b), (TCGArg)c);                           \
    }                                                                                          \
    void tcg_gen_setcondi_##sz(TCGCond c, T d, T a, I imm)                                     \
    {                                                                                          \
        tcg_gen_setcond_##sz(c, d, a, tcg_constant_##sz(imm));                                 \
    }                                                                                          \
    void tcg_gen_negsetcond_##sz(TCGCond c, T d, T a, T b)                                     \
    {                                                                                          \
        emit(INDEX_op_negsetcond_##sz, TI(d), TI(a), TI(b), (TCGArg)c);                        \
    }                                                                                          \
    void tcg_gen_movcond_##sz(TCGCond c, T d, T c1, T c2, T v1, T v2)                          \
    {                                                                                          \
        emit(INDEX_op_movcond_##sz, TI(d), TI(c1), TI(c2), TI(v1), TI(v2), (TCGArg)c);         \
    }                                                                                          \
    void tcg_gen_brcond_##sz(TCGCond c, T a, T b, TCGLabel *l)                                 \
    {                                                                                          \
        emit(INDEX_op_brcond_##sz, TI(a), TI(b), (TCGArg)c, (TCGArg)l->id);                    \
    }                                                                                          \
    void tcg_gen_brcondi_##sz(TCGCond c, T a, I imm, TCGLabel *l)                              \
    {                                                                                          \
        tcg_gen_brcond_##sz(c, a, tcg_constant_##sz(imm), l);                                  \
    }                                                                                          \
    void tcg_gen_ld8u_##sz(T d, TCGv_ptr base, intptr_t ofs)                                   \
    {                                                                                          \
        emit(INDEX_op_ld8u_##sz, TI(d), TI(base), (TCGArg)ofs);                                \
    }                                                                                          \
    void tcg_gen_ld8s_##sz(T d, TCGv_ptr base, intptr_t ofs)                                   \
    {                                                                                          \
        emit(INDEX_op_ld8s_##sz, TI(d), TI(base), (TCGArg)ofs);                                \
    }                                                                                          \
    void tcg_gen_ld16u_##sz(T d, TCGv_ptr base, intptr_t ofs)                                  \
    {                                                                                          \
        emit(INDEX_op_ld16u_##sz, TI(d), TI(base), (TCGArg)ofs);                               \
    }                                                                                          \
    void tcg_gen_ld16s_##sz(T d, TCGv_ptr base, intptr_t ofs)                                  \
    {                                                                                          \
        emit(INDEX_op_ld16s_##sz, TI(d), TI(base), (TCGArg)ofs);                               \
    }                                                                                          \
    void tcg_gen_ld_##sz(T d, TCGv_ptr base, intptr_t ofs)                                     \
    {                                                                                          \
        emit(INDEX_op_ld_##sz, TI(d), TI(base), (TCGArg)ofs);                                  \
    }                                                                                          \
    void tcg_gen_st8_##sz(T v, TCGv_ptr base, intptr_t ofs)                                    \
    {                                                                                          \
        emit(INDEX_op_st8_##sz, TI(v), TI(base), (TCGArg)ofs);                                 \
    }                                                                                          \
    void tcg_gen_st16_##sz(T v, TCGv_ptr base, intptr_t ofs)                                   \
    {                                                                                          \
        emit(INDEX_op_st16_##sz, TI(v), TI(base), (TCGArg)ofs);                                \
    }                                                                                          \
    void tcg_gen_st_##sz(T v, TCGv_ptr base, intptr_t ofs)                                     \
    {                                                                                          \
        emit(INDEX_op_st_##sz, TI(v), TI(base), (TCGArg)ofs);                                  \
    }                                                                                          \
    void tcg_gen_qemu_ld_##sz(T d, TCGv_i64 addr, unsigned mmu_idx, MemOp op)                  \
    {                                                                                          \
        emit(INDEX_op_qemu_ld_##sz, TI(d), TI(addr), (TCGArg)op, (TCGArg)mmu_idx);             \
    }                                                                                          \
    void tcg_gen_qemu_st_##sz(T v, TCGv_i64 addr, unsigned mmu_idx, MemOp op)                  \
    {                                                                                          \
        emit(INDEX_op_qemu_st_##sz, TI(v), TI(addr), (TCGArg)op, (TCGArg)mmu_idx);             \
    }
TCG_BOTH(GEN_OTHER)

void tcg_gen_ld32u_i64(TCGv_i64 d, TCGv_ptr base, intptr_t ofs)
{
    emit(INDEX_op_ld32u_i64, TI(d), TI(base), (TCGArg)ofs);
}

void tcg_gen_ld32s_i64(TCGv_i64 d, TCGv_ptr base, intptr_t ofs)
{
    emit(INDEX_op_ld32s_i64, TI(d), TI(base), (TCGArg)ofs);
}

void tcg_gen_st32_i64(TCGv_i64 v, TCGv_ptr base, intptr_t ofs)
{
    emit(INDEX_op_st32_i64, TI(v), TI(base), (TCGArg)ofs);
}

void tcg_gen_insn_start(uint64_t pc, uint64_t extra)
{
    TCGContext *s = tcg_ctx;
    if (s->nb_insns == TCG_MAX_INSNS) {
        s->overflow = true;
        return;
    }
    s->insn_data[s->nb_insns][0] = pc;
    s->insn_data[s->nb_insns][1] = extra;
    s->nb_insns++;
    emit(INDEX_op_insn_start, (TCGArg)pc, (TCGArg)extra);
}

void tcg_gen_goto_tb(unsigned slot)
{
    if (slot > 1)
        gemu_bug("goto_tb slot %u", slot);
    emit(INDEX_op_goto_tb, (TCGArg)slot);
}

void tcg_gen_lookup_and_goto_ptr(void) { emit(INDEX_op_goto_ptr); }
void tcg_gen_exit_tb(void) { emit(INDEX_op_exit_tb, (TCGArg)TB_EXIT_NOCHAIN); }

void tcg_gen_call(const TCGHelperInfo *info, TCGTempRef ret, unsigned nargs,
                  const TCGTempRef *args)
{
    if (nargs != info->nargs || nargs > TCG_MAX_HELPER_ARGS ||
        (ret == NULL) != (info->ret == TCG_TYPE_VOID))
        gemu_bug("helper %s called with a wrong signature", info->name);
    TCGOp *op = op_alloc(INDEX_op_call);
    unsigned n = 0;
    op->info = info;
    op->nb_oargs = ret != NULL;
    op->nb_iargs = nargs;
    if (ret)
        op->args[n++] = ref_index(ret);
    for (unsigned i = 0; i < nargs; i++)
        op->args[n++] = ref_index(args[i]);
}

/* ---------------------------------------------------------------- finalize */

static TCGCode *code_from_context(const TCGContext *s)
{
    TCGCode *code = calloc(1, sizeof(*code));
    if (!code)
        fatal("out of memory for a TB");
    unsigned own = s->nb_temps - tcg_nb_globals;
    code->nb_temps = s->nb_temps;
    code->temps = malloc((own + 1) * sizeof(TCGTemp));
    code->nb_ops = s->nb_ops;
    code->ops = malloc((s->nb_ops + 1) * sizeof(TCGOp));
    code->nb_insns = s->nb_insns;
    code->insn_data = malloc((s->nb_insns + 1) * sizeof(code->insn_data[0]));
    if (!code->temps || !code->ops || !code->insn_data)
        fatal("out of memory for a TB");
    memcpy(code->temps, s->temps + tcg_nb_globals, own * sizeof(TCGTemp));
    memcpy(code->ops, s->ops, s->nb_ops * sizeof(TCGOp));
    memcpy(code->insn_data, s->insn_data, s->nb_insns * sizeof(code->insn_data[0]));
    code->nb_labels = s->nb_labels;
    return code;
}

static void log_ops(const char *title)
{
    log_lock();
    log_printf("%s:\n", title);
    tcg_dump_ops(log_file());
    log_printf("\n");
    log_unlock();
}

TCGCode *tcg_finalize(void)
{
    TCGContext *s = tcg_ctx;
    if (s->overflow)
        return NULL;
    if (log_enabled(LOG_OP))
        log_ops("OP");
    tcg_optimize(s);
    if (log_enabled(LOG_OP_OPT))
        log_ops("OP after optimization");
    TCGCode *code = code_from_context(s);
    if (!tcg_interp_prepare(code)) {
        tcg_code_free(code);
        return NULL;
    }
    return code;
}

bool tcg_code_compile(TCGCode *code)
{
    if (!code->jit_fn && !tcg_jit_compile(code))
        return false;
    code->interp_chain_blocked = true;
    return true;
}

TBExit tcg_code_exec(TCGCode *code, void *env)
{
    TCGChainRun run = {.budget = 0};
    return tcg_code_exec_chain(code, env, &run);
}

/*
 * The interpreter follows links between interpreted TBs itself; this loop
 * covers links into and out of tier-1 code.
 */
TBExit tcg_code_exec_chain(TCGCode *code, void *env, TCGChainRun *run)
{
    const TCGCPUCommon *common = env;
    TBExit exit;

    run->insns = 0;
    for (;;) {
        tcg_count_exec(code);
        TCGJitFunc fn = __atomic_load_n(&code->jit_fn, __ATOMIC_ACQUIRE);
        if (fn) {
            exit = fn(env, (void *const *)code->jit_table);
        } else {
            exit = tcg_interp_exec(code, env, run);
            code = run->last;
        }
        unsigned reason = TB_EXIT_REASON(exit);
        if (reason > TB_EXIT_LOOKUP || run->insns + code->nb_insns >= run->budget ||
            __atomic_load_n(&common->exit_request, __ATOMIC_ACQUIRE))
            break;
        TCGCode *next;
        if (reason == TB_EXIT_LOOKUP)
            next = run->lookup ? run->lookup(env) : NULL;
        else
            next = code->chain[reason];
        if (!next || next->invalid)
            break;
        run->insns += code->nb_insns;
        code = next;
    }
    run->last = code;
    return exit;
}

void tcg_code_set_chain(TCGCode *code, unsigned slot, TCGCode *dest)
{
    if (slot > 1)
        gemu_bug("goto_tb slot %u", slot);
    code->chain[slot] = dest;
}

void tcg_code_invalidate(TCGCode *code)
{
    code->invalid = true;
    code->interp_chain_blocked = true;
}
void tcg_code_set_owner(TCGCode *code, void *owner) { code->owner = owner; }
void *tcg_code_owner(const TCGCode *code) { return code->owner; }
uint32_t tcg_code_exec_count(const TCGCode *code) { return code->exec_count; }
bool tcg_code_is_compiled(const TCGCode *code)
{
    return __atomic_load_n(&code->jit_fn, __ATOMIC_ACQUIRE) != NULL;
}

const uint64_t *tcg_code_insn_data(const TCGCode *code, unsigned idx)
{
    if (idx >= code->nb_insns)
        return NULL;
    return code->insn_data[idx];
}

unsigned tcg_code_insn_count(const TCGCode *code) { return code->nb_insns; }

void tcg_code_free(TCGCode *code)
{
    if (code && !tcg_tierup_release(code))
        tcg_code_destroy(code);
}

void tcg_code_destroy(TCGCode *code)
{
    tcg_jit_free(code);
    free(code->interp);
    free(code->temps);
    free(code->ops);
    free(code->insn_data);
    free(code);
}

void tcg_dump_ops(FILE *f)
{
    const TCGContext *s = tcg_ctx;
    tcg_dump_op_list(f, s->temps, s->ops, s->nb_ops);
}
