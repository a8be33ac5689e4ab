/*
 * The TB optimizer: constant folding, copy propagation and dead-code
 * elimination.
 *
 * Knowledge (a temp holds a constant, or a copy of another temp) is kept
 * per extended basic block: it flows through branches into the fall-through
 * path and is dropped at every label, where other paths join.  A copy is
 * recorded with the version of its source, and every write bumps the
 * written temp's version, so a stale copy is recognised in O(1).
 *
 * Writes to globals are never removed: globals live in the CPU state, and
 * helpers, faults and the next TB read them there.
 */
#include <stdlib.h>
#include <string.h>

#include "tcg-eval.h"
#include "tcg-internal.h"
#include "util/error.h"
#include "util/thread-scratch.h"

typedef struct TempInfo {
    unsigned epoch; /* knowledge below is valid only if equal to Opt.epoch */
    bool is_const;
    uint64_t val;
    int copy_of; /* -1: none */
    unsigned copy_ver;
} TempInfo;

typedef struct Opt {
    TCGContext *s;
    unsigned epoch;
    TempInfo info[TCG_MAX_TEMPS];
    unsigned ver[TCG_MAX_TEMPS];
    /* Dead-code elimination. */
    int first_bb[TCG_MAX_TEMPS]; /* see tcg_classify_temps() */
    unsigned live_epoch[TCG_MAX_TEMPS];
    unsigned last_use[TCG_MAX_TEMPS];
} Opt;

static __thread Opt *opt_state;

static TempInfo *known(Opt *o, unsigned t)
{
    TempInfo *ti = &o->info[t];
    return ti->epoch == o->epoch ? ti : NULL;
}

static bool const_value(Opt *o, unsigned t, uint64_t *val)
{
    const TCGTemp *tp = &o->s->temps[t];
    if (tp->kind == TEMP_CONST) {
        *val = tp->val;
        return true;
    }
    TempInfo *ti = known(o, t);
    if (ti && ti->is_const) {
        *val = ti->val;
        return true;
    }
    return false;
}

/* The interned constant temp, or -1 if the TB has no room for it. */
static int const_temp(Opt *o, TCGType type, uint64_t val)
{
    if (o->s->nb_temps >= TCG_MAX_TEMPS - 1)
        return -1;
    return (int)tcg_const_index(type, val);
}

/* The best temp to read instead of t: a constant, the source of a copy, or t. */
static unsigned resolve(Opt *o, unsigned t)
{
    const TCGTemp *tp = &o->s->temps[t];
    if (tp->kind == TEMP_CONST)
        return t;
    TempInfo *ti = known(o, t);
    if (!ti)
        return t;
    if (ti->is_const) {
        int c = const_temp(o, tp->type, ti->val);
        return c >= 0 ? (unsigned)c : t;
    }
    if (ti->copy_of >= 0 && o->ver[ti->copy_of] == ti->copy_ver)
        return (unsigned)ti->copy_of;
    return t;
}

static void forget(Opt *o, unsigned t)
{
    o->ver[t]++;
    o->info[t] = (TempInfo){.epoch = o->epoch, .copy_of = -1};
}

static void forget_globals(Opt *o)
{
    for (unsigned g = 0; g < tcg_nb_globals; g++)
        forget(o, g);
}

/* ------------------------------------------------------------ folding */

#define FOLD_BIN(name, expr)                                                                   \
    case INDEX_op_##name##_i32: {                                                              \
        EV_SCOPE32;                                                                            \
        U a = (U)in[0], b = (U)in[1];                                                          \
        *out = (U)(expr);                                                                      \
        return true;                                                                           \
    }                                                                                          \
    case INDEX_op_##name##_i64: {                                                              \
        EV_SCOPE64;                                                                            \
        U a = in[0], b = in[1];                                                                \
        *out = (U)(expr);                                                                      \
        return true;                                                                           \
    }
#define FOLD_UN(name, expr)                                                                    \
    case INDEX_op_##name##_i32: {                                                              \
        EV_SCOPE32;                                                                            \
        U a = (U)in[0];                                                                        \
        *out = (U)(expr);                                                                      \
        return true;                                                                           \
    }                                                                                          \
    case INDEX_op_##name##_i64: {                                                              \
        EV_SCOPE64;                                                                            \
        U a = in[0];                                                                           \
        *out = (U)(expr);                                                                      \
        return true;                                                                           \
    }
#define FOLD_CONV(name, tout, tin, expr)                                                       \
    case INDEX_op_##name: {                                                                    \
        tin a = (tin)in[0];                                                                    \
        *out = (tout)(expr);                                                                   \
        return true;                                                                           \
    }

/* The value of a pure one-output op whose inputs are all constant. */
static bool fold_value(const TCGOp *op, const uint64_t *in, uint64_t *out)
{
    const TCGArg *c = &op->args[op->nb_oargs + op->nb_iargs];
    switch (op->opc) {
        TCG_BINOPS(FOLD_BIN)
        TCG_UNOPS(FOLD_UN)
        TCG_CONVOPS(FOLD_CONV)
    case INDEX_op_extract_i32:
    case INDEX_op_extract_i64:
        *out = tcg_ev_extract(in[0], c[0], c[1]);
        return true;
    case INDEX_op_sextract_i32:
        *out = tcg_ev_sextract(in[0], c[0], c[1], 32);
        return true;
    case INDEX_op_sextract_i64:
        *out = tcg_ev_sextract(in[0], c[0], c[1], 64);
        return true;
    case INDEX_op_deposit_i32:
        *out = (uint32_t)tcg_ev_deposit(in[0], in[1], c[0], c[1]);
        return true;
    case INDEX_op_deposit_i64:
        *out = tcg_ev_deposit(in[0], in[1], c[0], c[1]);
        return true;
    case INDEX_op_extract2_i32:
        *out = tcg_ev_extract2(in[0], in[1], c[0], 32);
        return true;
    case INDEX_op_extract2_i64:
        *out = tcg_ev_extract2(in[0], in[1], c[0], 64);
        return true;
    case INDEX_op_setcond_i32:
    case INDEX_op_setcond_i64:
        *out = tcg_cond_eval(c[0], in[0], in[1], op->opc == INDEX_op_setcond_i64);
        return true;
    case INDEX_op_negsetcond_i32:
        *out = tcg_cond_eval(c[0], in[0], in[1], false) ? 0xffffffffu : 0;
        return true;
    case INDEX_op_negsetcond_i64:
        *out = tcg_cond_eval(c[0], in[0], in[1], true) ? ~0ull : 0;
        return true;
    default:
        return false;
    }
}

static void make_mov(TCGContext *s, TCGOp *op, unsigned src)
{
    TCGArg d = op->args[0];
    op->opc = s->temps[d].type == TCG_TYPE_I32 ? INDEX_op_mov_i32 : INDEX_op_mov_i64;
    op->nb_oargs = 1;
    op->nb_iargs = 1;
    op->nb_cargs = 0;
    op->args[1] = src;
}

static void make_movi(Opt *o, TCGOp *op, uint64_t val)
{
    int c = const_temp(o, o->s->temps[op->args[0]].type, val);
    if (c >= 0)
        make_mov(o->s, op, (unsigned)c);
}

#define BIN_CASE(name)                                                                         \
    case INDEX_op_##name##_i32:                                                                \
    case INDEX_op_##name##_i64:

static bool is_commutative(TCGOpcode opc)
{
    switch (opc) {
#define COMM(name) BIN_CASE(name)
        TCG_COMMUTATIVE(COMM)
        return true;
    default:
        return false;
    }
}

/* x op 0 == x, x & 0 == 0, x * 1 == x, ... with b the constant operand. */
static void simplify_with_const(Opt *o, TCGOp *op, uint64_t b, bool is64)
{
    uint64_t ones = is64 ? ~0ull : 0xffffffffull;
    switch (op->opc) {
        BIN_CASE(add)
        BIN_CASE(sub) BIN_CASE(or) BIN_CASE(xor) BIN_CASE(shl) BIN_CASE(shr) BIN_CASE(sar)
            BIN_CASE(rotl) BIN_CASE(rotr) BIN_CASE(andc) if (b == 0)
                make_mov(o->s, op, op->args[1]);
        break;
        BIN_CASE(and)
        if (b == 0)
            make_movi(o, op, 0);
        else if (b == ones)
            make_mov(o->s, op, op->args[1]);
        break;
        BIN_CASE(mul)
        if (b == 0)
            make_movi(o, op, 0);
        else if (b == 1)
            make_mov(o->s, op, op->args[1]);
        break;
    default:
        break;
    }
}

static void remove_op(TCGOp *op) { op->opc = OP_REMOVED; }

static bool is_mov(const TCGOp *op)
{
    return op->opc == INDEX_op_mov_i32 || op->opc == INDEX_op_mov_i64;
}

static void simplify_branch(Opt *o, TCGOp *op)
{
    uint64_t a, b;
    bool is64 = op->opc == INDEX_op_brcond_i64;
    TCGCond cond = op->args[2];
    bool both = const_value(o, op->args[0], &a) && const_value(o, op->args[1], &b);
    if (cond != TCG_COND_ALWAYS && cond != TCG_COND_NEVER && !both)
        return;
    if (tcg_cond_eval(cond, both ? a : 0, both ? b : 0, is64)) {
        TCGArg label = op->args[3];
        op->opc = INDEX_op_br;
        op->nb_iargs = 0;
        op->nb_cargs = 1;
        op->args[0] = label;
    } else {
        remove_op(op);
    }
}

static void simplify(Opt *o, TCGOp *op)
{
    const TCGOpDef *def = tcg_op_def(op);
    uint64_t in[6], val;
    unsigned nconst = 0;

    if (op->opc == INDEX_op_brcond_i32 || op->opc == INDEX_op_brcond_i64) {
        simplify_branch(o, op);
        return;
    }
    if (def->flags &
            (TCG_OPF_SIDE_EFFECTS | TCG_OPF_CALL | TCG_OPF_MAY_FAULT | TCG_OPF_BB_END) ||
        op->nb_oargs != 1)
        return;
    if ((op->opc == INDEX_op_mov_i32 || op->opc == INDEX_op_mov_i64) &&
        op->args[0] == op->args[1]) {
        remove_op(op);
        return;
    }
    if (op->opc == INDEX_op_movcond_i32 || op->opc == INDEX_op_movcond_i64) {
        uint64_t a, b;
        if (const_value(o, op->args[1], &a) && const_value(o, op->args[2], &b)) {
            bool t = tcg_cond_eval(op->args[5], a, b, op->opc == INDEX_op_movcond_i64);
            make_mov(o->s, op, op->args[t ? 3 : 4]);
        }
        return;
    }
    for (unsigned i = 0; i < op->nb_iargs; i++)
        nconst += const_value(o, op->args[1 + i], &in[i]);
    if (nconst == op->nb_iargs) {
        if (fold_value(op, in, &val))
            make_movi(o, op, val);
        return;
    }
    if (op->nb_iargs != 2 || op->opc == INDEX_op_deposit_i32 ||
        op->opc == INDEX_op_deposit_i64 || op->opc == INDEX_op_extract2_i32 ||
        op->opc == INDEX_op_extract2_i64)
        return;
    bool is64 = o->s->temps[op->args[0]].type == TCG_TYPE_I64;
    if (is_commutative(op->opc) && const_value(o, op->args[1], &val)) {
        TCGArg t = op->args[1];
        op->args[1] = op->args[2];
        op->args[2] = t;
    }
    if (const_value(o, op->args[2], &val))
        simplify_with_const(o, op, val, is64);
}

/* What op teaches about its outputs and what it makes us forget. */
static void record_effects(Opt *o, const TCGOp *op)
{
    for (unsigned i = 0; i < op->nb_oargs; i++)
        forget(o, op->args[i]);
    if (op->opc == INDEX_op_mov_i32 || op->opc == INDEX_op_mov_i64) {
        TempInfo *ti = &o->info[op->args[0]];
        uint64_t val;
        if (const_value(o, op->args[1], &val)) {
            ti->is_const = true;
            ti->val = val;
        } else {
            ti->copy_of = (int)op->args[1];
            ti->copy_ver = o->ver[op->args[1]];
        }
        return;
    }
    if (op->opc == INDEX_op_call) {
        if (!(op->info->flags & (TCG_CALL_NO_RWG | TCG_CALL_NO_WG)))
            forget_globals(o);
        return;
    }
    /* A host store may hit a global's memory. */
    if (tcg_op_def(op)->flags & TCG_OPF_SIDE_EFFECTS && op->opc != INDEX_op_mb &&
        !(tcg_op_def(op)->flags & TCG_OPF_MAY_FAULT))
        forget_globals(o);
}

static void propagate(Opt *o)
{
    TCGContext *s = o->s;
    bool reachable = true;

    for (unsigned i = 0; i < s->nb_ops; i++) {
        TCGOp *op = &s->ops[i];
        if (op->opc == INDEX_op_set_label) {
            o->epoch++;
            reachable = true;
            continue;
        }
        if (op->opc == INDEX_op_insn_start)
            continue;
        if (!reachable) {
            remove_op(op);
            continue;
        }
        for (unsigned k = 0; k < op->nb_iargs; k++)
            op->args[op->nb_oargs + k] = resolve(o, op->args[op->nb_oargs + k]);
        simplify(o, op);
        if (op->opc == OP_REMOVED)
            continue;
        record_effects(o, op);
        if (op->opc == INDEX_op_br || tcg_op_def(op)->flags & TCG_OPF_BB_EXIT)
            reachable = false;
    }
}

/* ------------------------------------------------------------ dead code */

/*
 * Mark in first_bb[t] the temps whose value may flow between basic blocks
 * (TCG_TEMP_CROSS_BB): those referenced from several blocks, and those whose
 * first reference reads them (a value from an earlier run of a loop).
 * Other temps get the number of the one block that uses them.
 */
void tcg_classify_temps(const TCGOp *ops, unsigned nb_ops, unsigned nb_temps, int *first_bb)
{
    int bb = 0;
    for (unsigned t = 0; t < nb_temps; t++)
        first_bb[t] = TCG_TEMP_UNUSED;
    for (unsigned i = 0; i < nb_ops; i++) {
        const TCGOp *op = &ops[i];
        if (op->opc == OP_REMOVED)
            continue;
        if (op->opc == INDEX_op_set_label)
            bb++;
        for (unsigned k = op->nb_oargs; k < op->nb_oargs + op->nb_iargs; k++) {
            int *f = &first_bb[op->args[k]];
            *f = *f == bb ? bb : TCG_TEMP_CROSS_BB;
        }
        for (unsigned k = 0; k < op->nb_oargs; k++) {
            int *f = &first_bb[op->args[k]];
            *f = *f == TCG_TEMP_UNUSED || *f == bb ? bb : TCG_TEMP_CROSS_BB;
        }
        if (tcg_op_defs[op->opc].flags & TCG_OPF_BB_END)
            bb++;
    }
}

static bool always_live(Opt *o, unsigned t)
{
    return o->s->temps[t].kind != TEMP_TB || o->first_bb[t] == TCG_TEMP_CROSS_BB;
}

static bool removable(Opt *o, const TCGOp *op, unsigned live)
{
    unsigned flags = tcg_op_def(op)->flags;
    if (op->nb_oargs == 0 ||
        flags & (TCG_OPF_SIDE_EFFECTS | TCG_OPF_MAY_FAULT | TCG_OPF_BB_END))
        return false;
    if (op->opc == INDEX_op_call &&
        (!(op->info->flags & TCG_CALL_NO_SE) || op->info->flags & TCG_CALL_MAY_FAULT))
        return false;
    for (unsigned k = 0; k < op->nb_oargs; k++) {
        unsigned t = op->args[k];
        if (always_live(o, t) || o->live_epoch[t] == live)
            return false;
    }
    return true;
}

static void eliminate_dead_code(Opt *o)
{
    TCGContext *s = o->s;
    unsigned live = 1; /* live_epoch[t] == live: t is read later in this block */

    tcg_classify_temps(s->ops, s->nb_ops, s->nb_temps, o->first_bb);
    memset(o->live_epoch, 0, s->nb_temps * sizeof(unsigned));
    for (unsigned i = s->nb_ops; i-- > 0;) {
        TCGOp *op = &s->ops[i];
        if (op->opc == OP_REMOVED)
            continue;
        /* Block-local temps are dead at the end of their block. */
        if (op->opc == INDEX_op_set_label || tcg_op_def(op)->flags & TCG_OPF_BB_END)
            live++;
        if (removable(o, op, live)) {
            remove_op(op);
            continue;
        }
        for (unsigned k = 0; k < op->nb_oargs; k++)
            o->live_epoch[op->args[k]] = 0;
        for (unsigned k = 0; k < op->nb_iargs; k++)
            o->live_epoch[op->args[op->nb_oargs + k]] = live;
    }
}

static void compact(TCGContext *s)
{
    unsigned n = 0;
    for (unsigned i = 0; i < s->nb_ops; i++) {
        const TCGOp *op = &s->ops[i];
        if (op->opc != OP_REMOVED && !(is_mov(op) && op->args[0] == op->args[1]))
            s->ops[n++] = *op;
    }
    s->nb_ops = n;
}

/* ------------------------------------------------------------ coalescing */

/* May op change the value of g (a temp, or a global's memory)? */
static bool may_write(const TCGOp *op, TCGArg g, bool g_is_global)
{
    unsigned flags = tcg_op_defs[op->opc].flags;
    for (unsigned k = 0; k < op->nb_oargs; k++) {
        if (op->args[k] == g)
            return true;
    }
    if (!g_is_global)
        return false;
    if (op->opc == INDEX_op_call)
        return !(op->info->flags & (TCG_CALL_NO_RWG | TCG_CALL_NO_WG));
    return flags & TCG_OPF_SIDE_EFFECTS && !(flags & TCG_OPF_MAY_FAULT) &&
           op->opc != INDEX_op_mb;
}

/* Can reads of t in ops[from..to] read g instead? */
static bool same_value_until(Opt *o, unsigned from, unsigned to, TCGArg t, TCGArg g)
{
    bool g_is_global = o->s->temps[g].kind == TEMP_GLOBAL;
    for (unsigned i = from; i <= to && i < o->s->nb_ops; i++) {
        const TCGOp *op = &o->s->ops[i];
        if (op->opc == OP_REMOVED)
            continue;
        if (may_write(op, g, g_is_global) || may_write(op, t, false))
            return false;
    }
    return true;
}

static bool is_host_load(TCGOpcode opc)
{
    switch (opc) {
    case INDEX_op_ld8u_i32:
    case INDEX_op_ld8s_i32:
    case INDEX_op_ld16u_i32:
    case INDEX_op_ld16s_i32:
    case INDEX_op_ld_i32:
    case INDEX_op_ld8u_i64:
    case INDEX_op_ld8s_i64:
    case INDEX_op_ld16u_i64:
    case INDEX_op_ld16s_i64:
    case INDEX_op_ld32u_i64:
    case INDEX_op_ld32s_i64:
    case INDEX_op_ld_i64:
        return true;
    default:
        return false;
    }
}

/* The first "mov g, t" after ops[i] in the same block, or 0. */
static unsigned find_copy_of(Opt *o, unsigned i, TCGArg t)
{
    for (unsigned j = i + 1; j < o->s->nb_ops; j++) {
        const TCGOp *op = &o->s->ops[j];
        if (op->opc == OP_REMOVED)
            continue;
        if (op->opc == INDEX_op_set_label || tcg_op_defs[op->opc].flags & TCG_OPF_BB_END)
            return 0;
        if (is_mov(op) && op->args[1] == t && op->args[0] != t)
            return j;
        if (may_write(op, t, false))
            return 0;
    }
    return 0;
}

/*
 * Would writing g at ops[from - 1] instead of ops[to] go unnoticed?  Nothing
 * in between may read g, write it, or look at a global's memory (helpers,
 * host loads, and faults, which must see the guest state of their insn).
 */
static bool can_write_early(Opt *o, unsigned from, unsigned to, TCGArg g)
{
    bool global = o->s->temps[g].kind == TEMP_GLOBAL;
    for (unsigned j = from; j < to; j++) {
        const TCGOp *op = &o->s->ops[j];
        if (op->opc == OP_REMOVED)
            continue;
        unsigned flags = tcg_op_defs[op->opc].flags;
        for (unsigned k = 0; k < op->nb_oargs + op->nb_iargs; k++) {
            if (op->args[k] == g)
                return false;
        }
        if (global && (flags & (TCG_OPF_MAY_FAULT | TCG_OPF_CALL | TCG_OPF_SIDE_EFFECTS) ||
                       is_host_load(op->opc)))
            return false;
    }
    return true;
}

/*
 * "op t, ...; ...; mov g, t" becomes "op g, ...; ..." with later reads of t
 * reading g, when t is local to its block and g keeps t's value meanwhile.
 * Translators compute into temps and then copy to guest registers; this
 * removes the copy, which the interpreter would otherwise pay for.
 */
static void coalesce_moves(Opt *o)
{
    TCGContext *s = o->s;
    tcg_classify_temps(s->ops, s->nb_ops, s->nb_temps, o->first_bb);
    for (unsigned i = 0; i < s->nb_ops; i++) {
        const TCGOp *op = &s->ops[i];
        for (unsigned k = 0; k < op->nb_oargs + op->nb_iargs; k++)
            o->last_use[op->args[k]] = i;
    }
    for (unsigned i = 0; i < s->nb_ops; i++) {
        TCGOp *op = &s->ops[i];
        if (op->opc == OP_REMOVED || op->nb_oargs != 1)
            continue;
        TCGArg t = op->args[0];
        if (s->temps[t].kind != TEMP_TB || o->first_bb[t] == TCG_TEMP_CROSS_BB)
            continue;
        unsigned m = find_copy_of(o, i, t);
        if (!m)
            continue;
        TCGArg g = s->ops[m].args[0];
        unsigned last = o->last_use[t];
        if (!can_write_early(o, i + 1, m, g) || !same_value_until(o, m + 1, last, t, g))
            continue;
        /* A helper that faults has still returned a value: it must not reach a global. */
        if (op->opc == INDEX_op_call && (op->info->flags & TCG_CALL_MAY_FAULT) &&
            s->temps[g].kind == TEMP_GLOBAL)
            continue;
        op->args[0] = g;
        remove_op(&s->ops[m]);
        for (unsigned j = i + 1; j <= last; j++) {
            TCGOp *use = &s->ops[j];
            if (use->opc == OP_REMOVED)
                continue;
            for (unsigned k = use->nb_oargs; k < use->nb_oargs + use->nb_iargs; k++)
                use->args[k] = use->args[k] == t ? g : use->args[k];
        }
        if (last > o->last_use[g])
            o->last_use[g] = last;
    }
}

void tcg_optimize(TCGContext *s)
{
    static ThreadScratch opt_scratch = THREAD_SCRATCH_INITIALIZER;
    if (!opt_state)
        opt_state = thread_scratch(&opt_scratch, sizeof(*opt_state));
    Opt *o = opt_state;
    o->s = s;
    o->epoch++;
    propagate(o);
    eliminate_dead_code(o);
    compact(s);
    coalesce_moves(o);
    compact(s);
}
