/*
 * Tier 1: one TB's optimized IR compiled by libgccjit into a host function
 *
 *     uint64_t tb(unsigned char *env, void *const *table)
 *
 * with the interpreter's semantics and exits.  Labels become blocks, TB
 * temps locals, globals lvalues at env + offset.  Slow paths and helpers are
 * reached through table (TCGCode.jit_table: load_slow, store_slow, then the
 * helpers in order of first use), never through addresses baked into the
 * code, so that compiled code can later be cached on disk.
 */
#include "tcg-internal.h"
#include "util/error.h"
#include "util/log.h"

#ifndef CONFIG_GCCJIT

bool tcg_jit_available(void) { return false; }

bool tcg_jit_compile(TCGCode *code)
{
    log_printf("tcg: cannot compile: gemu was built without libgccjit\n");
    return false;
}

unsigned tcg_jit_compile_batch(TCGCode **codes, unsigned n)
{
    (void)codes;
    (void)n;
    return 0;
}

void tcg_jit_free(TCGCode *code) {}

#else

#include <libgccjit.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { TAB_LOAD_SLOW, TAB_STORE_SLOW, TAB_HELPERS };

typedef gcc_jit_rvalue *RV;
typedef gcc_jit_type *TY;

typedef struct Jit {
    gcc_jit_context *ctxt;
    gcc_jit_function *fn;
    gcc_jit_block *cur; /* NULL: the position is unreachable */
    const TCGCode *code;
    RV env, tab;
    TY u8, u16, u32, u64, s8, s16, s32, s64, u128, s128, boolean, vptr, bptr, vptr_ptr;
    TY fn_load, fn_store, fn_helper[TCG_MAX_HELPER_ARGS + 1];
    gcc_jit_lvalue **locals;
    gcc_jit_block **labels;
    bool *label_used;
    void **table;
    unsigned nb_table;
    unsigned guest_insn;
    bool seen_insn;
    unsigned nb_names;
    char name[16]; /* the function's name in its (possibly shared) context */
} Jit;

/* One compiled context, shared by the blocks of a batch: freed with the last. */
typedef struct JitResult {
    gcc_jit_result *result;
    unsigned refs;
} JitResult;

bool tcg_jit_available(void) { return true; }

/* ------------------------------------------------------------ values */

static RV cst(Jit *j, TY type, uint64_t v)
{
    return gcc_jit_context_new_rvalue_from_long(j->ctxt, type, (long)v);
}
static RV cast(Jit *j, RV v, TY type)
{
    return gcc_jit_context_new_cast(j->ctxt, NULL, v, type);
}
static RV bin(Jit *j, enum gcc_jit_binary_op op, TY type, RV a, RV b)
{
    return gcc_jit_context_new_binary_op(j->ctxt, NULL, op, type, a, b);
}
static RV un(Jit *j, enum gcc_jit_unary_op op, TY type, RV a)
{
    return gcc_jit_context_new_unary_op(j->ctxt, NULL, op, type, a);
}
static RV cmp(Jit *j, enum gcc_jit_comparison op, RV a, RV b)
{
    return gcc_jit_context_new_comparison(j->ctxt, NULL, op, a, b);
}

static const char *fresh_name(Jit *j, const char *prefix)
{
    static __thread char buf[32];
    snprintf(buf, sizeof(buf), "%s%u", prefix, j->nb_names++);
    return buf;
}

static gcc_jit_lvalue *new_local(Jit *j, TY type, const char *prefix)
{
    return gcc_jit_function_new_local(j->fn, NULL, type, fresh_name(j, prefix));
}

static gcc_jit_block *new_block(Jit *j)
{
    return gcc_jit_function_new_block(j->fn, fresh_name(j, "b"));
}

static TY type_of(Jit *j, TCGType t) { return t == TCG_TYPE_I32 ? j->u32 : j->u64; }
static TY signed_of(Jit *j, TY t) { return t == j->u32 ? j->s32 : j->s64; }
static unsigned width_of(Jit *j, TY t) { return t == j->u32 ? 32 : 64; }

/* *(type *)(base + ofs) where base is a byte pointer. */
static gcc_jit_lvalue *mem_at(Jit *j, RV base, RV ofs, TY type)
{
    RV addr = gcc_jit_lvalue_get_address(
        gcc_jit_context_new_array_access(j->ctxt, NULL, base, ofs), NULL);
    return gcc_jit_rvalue_dereference(cast(j, addr, gcc_jit_type_get_pointer(type)), NULL);
}

static gcc_jit_lvalue *env_field(Jit *j, intptr_t ofs, TY type)
{
    return mem_at(j, j->env, cst(j, j->u64, (uint64_t)ofs), type);
}

static gcc_jit_lvalue *temp_lv(Jit *j, TCGArg t)
{
    const TCGTemp *tp = tcg_code_temp(j->code, t);
    if (tp->kind == TEMP_GLOBAL)
        return env_field(j, tp->mem_offset, type_of(j, tp->type));
    if (!j->locals[t])
        j->locals[t] = new_local(j, type_of(j, tp->type), "t");
    return j->locals[t];
}

static RV temp_rv(Jit *j, TCGArg t)
{
    const TCGTemp *tp = tcg_code_temp(j->code, t);
    if (tp->kind == TEMP_CONST)
        return cst(j, type_of(j, tp->type), tp->val);
    if (t == tcg_env_index)
        return gcc_jit_context_new_bitcast(j->ctxt, NULL, j->env, j->u64);
    return gcc_jit_lvalue_as_rvalue(temp_lv(j, t));
}

static TY temp_type(Jit *j, TCGArg t) { return type_of(j, tcg_code_temp(j->code, t)->type); }

static void assign(Jit *j, TCGArg t, RV v)
{
    gcc_jit_block_add_assignment(j->cur, NULL, temp_lv(j, t), cast(j, v, temp_type(j, t)));
}

/* c ? x : y without a branch (libgccjit has no conditional expression). */
static RV choose(Jit *j, TY type, RV c, RV x, RV y)
{
    RV mask = un(j, GCC_JIT_UNARY_OP_MINUS, type, cast(j, c, type));
    return bin(j, GCC_JIT_BINARY_OP_BITWISE_XOR, type, y,
               bin(j, GCC_JIT_BINARY_OP_BITWISE_AND, type, mask,
                   bin(j, GCC_JIT_BINARY_OP_BITWISE_XOR, type, x, y)));
}

static RV builtin(Jit *j, const char *name, RV arg, TY result)
{
    gcc_jit_function *f = gcc_jit_context_get_builtin_function(j->ctxt, name);
    TY ptype =
        gcc_jit_rvalue_get_type(gcc_jit_param_as_rvalue(gcc_jit_function_get_param(f, 0)));
    RV a = cast(j, arg, ptype);
    return cast(j, gcc_jit_context_new_call(j->ctxt, NULL, f, 1, &a), result);
}

/* ------------------------------------------------------------ arithmetic */

static RV shift_count(Jit *j, TY type, RV b)
{
    return bin(j, GCC_JIT_BINARY_OP_BITWISE_AND, type, b, cst(j, type, width_of(j, type) - 1));
}

static RV rotate(Jit *j, TY type, RV a, RV b, bool left)
{
    RV n = shift_count(j, type, b);
    RV m = shift_count(j, type, un(j, GCC_JIT_UNARY_OP_MINUS, type, b));
    enum gcc_jit_binary_op first = left ? GCC_JIT_BINARY_OP_LSHIFT : GCC_JIT_BINARY_OP_RSHIFT;
    enum gcc_jit_binary_op second = left ? GCC_JIT_BINARY_OP_RSHIFT : GCC_JIT_BINARY_OP_LSHIFT;
    return bin(j, GCC_JIT_BINARY_OP_BITWISE_OR, type, bin(j, first, type, a, n),
               bin(j, second, type, a, m));
}

/* Division without host traps: see tcg.h for the results. */
static RV divide(Jit *j, TY type, RV a, RV b, bool is_signed, bool rem)
{
    RV zero = cmp(j, GCC_JIT_COMPARISON_EQ, b, cst(j, type, 0));
    RV bad = zero;
    if (is_signed) {
        RV min = cst(j, type, 1ull << (width_of(j, type) - 1));
        RV overflow = bin(j, GCC_JIT_BINARY_OP_LOGICAL_AND, j->boolean,
                          cmp(j, GCC_JIT_COMPARISON_EQ, a, min),
                          cmp(j, GCC_JIT_COMPARISON_EQ, b, cst(j, type, ~0ull)));
        bad = bin(j, GCC_JIT_BINARY_OP_LOGICAL_OR, j->boolean, zero, overflow);
    }
    RV safe_b = choose(j, type, bad, cst(j, type, 1), b);
    enum gcc_jit_binary_op op = rem ? GCC_JIT_BINARY_OP_MODULO : GCC_JIT_BINARY_OP_DIVIDE;
    RV r;
    if (is_signed) {
        TY st = signed_of(j, type);
        r = cast(j, bin(j, op, st, cast(j, a, st), cast(j, safe_b, st)), type);
    } else {
        r = bin(j, op, type, a, safe_b);
    }
    return choose(j, type, zero, rem ? a : cst(j, type, 0), r);
}

static RV count_zeros(Jit *j, TY type, RV a, RV b, bool leading)
{
    RV is_zero = cmp(j, GCC_JIT_COMPARISON_EQ, a, cst(j, type, 0));
    RV nonzero = bin(j, GCC_JIT_BINARY_OP_BITWISE_OR, type, a, cast(j, is_zero, type));
    RV n = builtin(j, leading ? "__builtin_clzll" : "__builtin_ctzll", nonzero, type);
    if (leading && type == j->u32)
        n = bin(j, GCC_JIT_BINARY_OP_MINUS, type, n, cst(j, type, 32));
    return choose(j, type, is_zero, b, n);
}

#define CASE2(name)                                                                            \
    case INDEX_op_##name##_i32:                                                                \
    case INDEX_op_##name##_i64:

static RV binop_value(Jit *j, TCGOpcode opc, TY type, RV a, RV b)
{
    switch (opc) {
        CASE2(add) return bin(j, GCC_JIT_BINARY_OP_PLUS, type, a, b);
        CASE2(sub) return bin(j, GCC_JIT_BINARY_OP_MINUS, type, a, b);
        CASE2(mul) return bin(j, GCC_JIT_BINARY_OP_MULT, type, a, b);
        CASE2(and) return bin(j, GCC_JIT_BINARY_OP_BITWISE_AND, type, a, b);
        CASE2(or) return bin(j, GCC_JIT_BINARY_OP_BITWISE_OR, type, a, b);
        CASE2(xor) return bin(j, GCC_JIT_BINARY_OP_BITWISE_XOR, type, a, b);
        CASE2(andc)
        return bin(j, GCC_JIT_BINARY_OP_BITWISE_AND, type, a,
                   un(j, GCC_JIT_UNARY_OP_BITWISE_NEGATE, type, b));
        CASE2(orc)
        return bin(j, GCC_JIT_BINARY_OP_BITWISE_OR, type, a,
                   un(j, GCC_JIT_UNARY_OP_BITWISE_NEGATE, type, b));
        CASE2(eqv)
        return un(j, GCC_JIT_UNARY_OP_BITWISE_NEGATE, type,
                  bin(j, GCC_JIT_BINARY_OP_BITWISE_XOR, type, a, b));
        CASE2(nand)
        return un(j, GCC_JIT_UNARY_OP_BITWISE_NEGATE, type,
                  bin(j, GCC_JIT_BINARY_OP_BITWISE_AND, type, a, b));
        CASE2(nor)
        return un(j, GCC_JIT_UNARY_OP_BITWISE_NEGATE, type,
                  bin(j, GCC_JIT_BINARY_OP_BITWISE_OR, type, a, b));
        CASE2(shl) return bin(j, GCC_JIT_BINARY_OP_LSHIFT, type, a, shift_count(j, type, b));
        CASE2(shr) return bin(j, GCC_JIT_BINARY_OP_RSHIFT, type, a, shift_count(j, type, b));
        CASE2(sar)
        {
            TY st = signed_of(j, type);
            RV n = cast(j, shift_count(j, type, b), st);
            return cast(j, bin(j, GCC_JIT_BINARY_OP_RSHIFT, st, cast(j, a, st), n), type);
        }
        CASE2(rotl) return rotate(j, type, a, b, true);
        CASE2(rotr) return rotate(j, type, a, b, false);
        CASE2(div) return divide(j, type, a, b, true, false);
        CASE2(divu) return divide(j, type, a, b, false, false);
        CASE2(rem) return divide(j, type, a, b, true, true);
        CASE2(remu) return divide(j, type, a, b, false, true);
        CASE2(clz) return count_zeros(j, type, a, b, true);
        CASE2(ctz) return count_zeros(j, type, a, b, false);
    default:
        return NULL;
    }
}

/* One-input ops; type is the input's. */
static RV unop_value(Jit *j, TCGOpcode opc, TY type, RV a)
{
    switch (opc) {
        CASE2(mov) return a;
        CASE2(neg) return un(j, GCC_JIT_UNARY_OP_MINUS, type, a);
        CASE2(not ) return un(j, GCC_JIT_UNARY_OP_BITWISE_NEGATE, type, a);
        CASE2(ext8s) return cast(j, cast(j, a, j->s8), type);
        CASE2(ext8u) return cast(j, cast(j, a, j->u8), type);
        CASE2(ext16s) return cast(j, cast(j, a, j->s16), type);
        CASE2(ext16u) return cast(j, cast(j, a, j->u16), type);
        CASE2(bswap16) return builtin(j, "__builtin_bswap16", cast(j, a, j->u16), type);
        CASE2(bswap32) return builtin(j, "__builtin_bswap32", cast(j, a, j->u32), type);
        CASE2(ctpop) return builtin(j, "__builtin_popcountll", a, type);
    case INDEX_op_ext32s_i64:
    case INDEX_op_ext_i32_i64:
        return cast(j, cast(j, a, j->s32), j->u64);
    case INDEX_op_ext32u_i64:
    case INDEX_op_extu_i32_i64:
        return cast(j, cast(j, a, j->u32), j->u64);
    case INDEX_op_extrl_i64_i32:
        return cast(j, a, j->u32);
    case INDEX_op_extrh_i64_i32:
        return cast(j, bin(j, GCC_JIT_BINARY_OP_RSHIFT, j->u64, a, cst(j, j->u64, 32)), j->u32);
    case INDEX_op_bswap64_i64:
        return builtin(j, "__builtin_bswap64", a, j->u64);
    default:
        return NULL;
    }
}

/* ------------------------------------------------------------ conditions */

static RV cond_value(Jit *j, TCGCond c, TY type, RV a, RV b)
{
    static const enum gcc_jit_comparison ops[] = {
        [TCG_COND_EQ] = GCC_JIT_COMPARISON_EQ,  [TCG_COND_NE] = GCC_JIT_COMPARISON_NE,
        [TCG_COND_LT] = GCC_JIT_COMPARISON_LT,  [TCG_COND_GE] = GCC_JIT_COMPARISON_GE,
        [TCG_COND_LE] = GCC_JIT_COMPARISON_LE,  [TCG_COND_GT] = GCC_JIT_COMPARISON_GT,
        [TCG_COND_LTU] = GCC_JIT_COMPARISON_LT, [TCG_COND_GEU] = GCC_JIT_COMPARISON_GE,
        [TCG_COND_LEU] = GCC_JIT_COMPARISON_LE, [TCG_COND_GTU] = GCC_JIT_COMPARISON_GT,
    };
    switch (c) {
    case TCG_COND_NEVER:
    case TCG_COND_ALWAYS:
        return gcc_jit_context_new_rvalue_from_int(j->ctxt, j->boolean, c == TCG_COND_ALWAYS);
    case TCG_COND_TSTEQ:
    case TCG_COND_TSTNE:
        return cmp(j, c == TCG_COND_TSTEQ ? GCC_JIT_COMPARISON_EQ : GCC_JIT_COMPARISON_NE,
                   bin(j, GCC_JIT_BINARY_OP_BITWISE_AND, type, a, b), cst(j, type, 0));
    case TCG_COND_LT:
    case TCG_COND_GE:
    case TCG_COND_LE:
    case TCG_COND_GT: {
        TY st = signed_of(j, type);
        return cmp(j, ops[c], cast(j, a, st), cast(j, b, st));
    }
    default:
        return cmp(j, ops[c], a, b);
    }
}

/* ------------------------------------------------------------ control */

static void end_return(Jit *j, gcc_jit_block *b, TBExit value)
{
    gcc_jit_block_end_with_return(b, NULL, cst(j, j->u64, value));
}

/* Leave with TB_EXIT_EXCEPTION if a slow path or helper raised one. */
static void check_exception(Jit *j)
{
    gcc_jit_block *exc = new_block(j), *cont = new_block(j);
    RV idx =
        gcc_jit_lvalue_as_rvalue(env_field(j, offsetof(TCGCPUCommon, exception_index), j->s32));
    gcc_jit_block_end_with_conditional(
        j->cur, NULL, cmp(j, GCC_JIT_COMPARISON_GE, idx, cst(j, j->s32, 0)), exc, cont);
    end_return(j, exc, TB_EXIT_MAKE(TB_EXIT_EXCEPTION, j->guest_insn));
    j->cur = cont;
}

static unsigned table_slot(Jit *j, void *fn)
{
    for (unsigned i = TAB_HELPERS; i < j->nb_table; i++) {
        if (j->table[i] == fn)
            return i;
    }
    void **t = realloc(j->table, (j->nb_table + 1) * sizeof(void *));
    if (!t)
        fatal("out of memory for a helper table");
    j->table = t;
    j->table[j->nb_table] = fn;
    return j->nb_table++;
}

/* The function pointer in table[slot], as type fnptr. */
static RV table_fn(Jit *j, unsigned slot, TY fnptr)
{
    RV p = gcc_jit_lvalue_as_rvalue(
        gcc_jit_context_new_array_access(j->ctxt, NULL, j->tab, cst(j, j->u64, slot)));
    return gcc_jit_context_new_bitcast(j->ctxt, NULL, p, fnptr);
}

/* ------------------------------------------------------------ memory */

static TY mem_type(Jit *j, MemOp mop)
{
    switch (mop & MO_SIZE) {
    case MO_8:
        return j->u8;
    case MO_16:
        return j->u16;
    case MO_32:
        return j->u32;
    default:
        return j->u64;
    }
}

static RV swap_if_be(Jit *j, RV v, MemOp mop)
{
    static const char *const names[] = {NULL, "__builtin_bswap16", "__builtin_bswap32",
                                        "__builtin_bswap64"};
    if (!(mop & MO_BE) || (mop & MO_SIZE) == MO_8)
        return v;
    return builtin(j, names[mop & MO_SIZE], v, mem_type(j, mop));
}

/* Zero- or sign-extend a value of memop's size to 64 bits. */
static RV extend(Jit *j, RV v, MemOp mop)
{
    if ((mop & MO_SIZE) == MO_64)
        return cast(j, v, j->u64);
    TY narrow = mem_type(j, mop);
    if (mop & MO_SIGN)
        narrow = narrow == j->u8 ? j->s8 : narrow == j->u16 ? j->s16 : j->s32;
    return cast(j, cast(j, cast(j, v, mem_type(j, mop)), narrow), j->u64);
}

/* The fast-path test; sets *host to the host address. */
static RV tlb_hit(Jit *j, RV addr, MemOp mop, unsigned mmu_idx, bool write, RV *host)
{
    RV idx =
        bin(j, GCC_JIT_BINARY_OP_BITWISE_AND, j->u64,
            bin(j, GCC_JIT_BINARY_OP_RSHIFT, j->u64, addr, cst(j, j->u64, TARGET_PAGE_BITS)),
            cst(j, j->u64, TCG_TLB_SIZE - 1));
    RV entry_ofs = bin(
        j, GCC_JIT_BINARY_OP_PLUS, j->u64, cst(j, j->u64, offsetof(TCGCPUCommon, tlb[mmu_idx])),
        bin(j, GCC_JIT_BINARY_OP_MULT, j->u64, idx, cst(j, j->u64, sizeof(CPUTLBEntry))));
    gcc_jit_lvalue *eofs = new_local(j, j->u64, "e");
    gcc_jit_block_add_assignment(j->cur, NULL, eofs, entry_ofs);
    RV base = gcc_jit_lvalue_as_rvalue(eofs);
    size_t tag_ofs =
        write ? offsetof(CPUTLBEntry, addr_write) : offsetof(CPUTLBEntry, addr_read);
    RV tag = gcc_jit_lvalue_as_rvalue(
        mem_at(j, j->env, bin(j, GCC_JIT_BINARY_OP_PLUS, j->u64, base, cst(j, j->u64, tag_ofs)),
               j->u64));
    RV addend =
        gcc_jit_lvalue_as_rvalue(mem_at(j, j->env,
                                        bin(j, GCC_JIT_BINARY_OP_PLUS, j->u64, base,
                                            cst(j, j->u64, offsetof(CPUTLBEntry, addend))),
                                        j->u64));
    RV masked = bin(j, GCC_JIT_BINARY_OP_BITWISE_AND, j->u64, addr,
                    cst(j, j->u64, TARGET_PAGE_MASK | (memop_size(mop) - 1)));
    RV host_int = bin(j, GCC_JIT_BINARY_OP_PLUS, j->u64, addr, addend);
    *host = gcc_jit_context_new_bitcast(j->ctxt, NULL, host_int, j->bptr);
    return cmp(j, GCC_JIT_COMPARISON_EQ, masked, tag);
}

static void emit_qemu_ld(Jit *j, const TCGOp *op)
{
    MemOp mop = op->args[2];
    unsigned mmu_idx = op->args[3];
    gcc_jit_lvalue *addr = new_local(j, j->u64, "a"), *val = new_local(j, j->u64, "v");
    gcc_jit_block_add_assignment(j->cur, NULL, addr, temp_rv(j, op->args[1]));
    RV host;
    RV hit = tlb_hit(j, gcc_jit_lvalue_as_rvalue(addr), mop, mmu_idx, false, &host);
    gcc_jit_block *fast = new_block(j), *slow = new_block(j), *join = new_block(j);
    gcc_jit_block_end_with_conditional(j->cur, NULL, hit, fast, slow);

    RV loaded = gcc_jit_lvalue_as_rvalue(mem_at(j, host, cst(j, j->u64, 0), mem_type(j, mop)));
    gcc_jit_block_add_assignment(fast, NULL, val, extend(j, swap_if_be(j, loaded, mop), mop));
    gcc_jit_block_end_with_jump(fast, NULL, join);

    j->cur = slow;
    RV args[] = {j->env, gcc_jit_lvalue_as_rvalue(addr), cst(j, j->s32, mop),
                 cst(j, j->u32, mmu_idx)};
    RV r = gcc_jit_context_new_call_through_ptr(
        j->ctxt, NULL, table_fn(j, TAB_LOAD_SLOW, j->fn_load), 4, args);
    gcc_jit_block_add_assignment(slow, NULL, val, extend(j, r, mop));
    check_exception(j);
    gcc_jit_block_end_with_jump(j->cur, NULL, join);

    j->cur = join;
    assign(j, op->args[0], gcc_jit_lvalue_as_rvalue(val));
}

static void emit_qemu_st(Jit *j, const TCGOp *op)
{
    MemOp mop = op->args[2];
    unsigned mmu_idx = op->args[3];
    gcc_jit_lvalue *addr = new_local(j, j->u64, "a"), *val = new_local(j, j->u64, "v");
    gcc_jit_block_add_assignment(j->cur, NULL, val, cast(j, temp_rv(j, op->args[0]), j->u64));
    gcc_jit_block_add_assignment(j->cur, NULL, addr, temp_rv(j, op->args[1]));
    RV host;
    RV hit = tlb_hit(j, gcc_jit_lvalue_as_rvalue(addr), mop, mmu_idx, true, &host);
    gcc_jit_block *fast = new_block(j), *slow = new_block(j), *join = new_block(j);
    gcc_jit_block_end_with_conditional(j->cur, NULL, hit, fast, slow);

    RV narrow = cast(j, gcc_jit_lvalue_as_rvalue(val), mem_type(j, mop));
    gcc_jit_block_add_assignment(fast, NULL,
                                 mem_at(j, host, cst(j, j->u64, 0), mem_type(j, mop)),
                                 swap_if_be(j, narrow, mop));
    gcc_jit_block_end_with_jump(fast, NULL, join);

    j->cur = slow;
    RV args[] = {j->env, gcc_jit_lvalue_as_rvalue(addr), gcc_jit_lvalue_as_rvalue(val),
                 cst(j, j->s32, mop), cst(j, j->u32, mmu_idx)};
    RV fn = table_fn(j, TAB_STORE_SLOW, j->fn_store);
    gcc_jit_block_add_eval(slow, NULL,
                           gcc_jit_context_new_call_through_ptr(j->ctxt, NULL, fn, 5, args));
    check_exception(j);
    gcc_jit_block_end_with_jump(j->cur, NULL, join);
    j->cur = join;
}

/* The memory type of a host ld/st op, or NULL. */
static TY host_mem_type(Jit *j, TCGOpcode opc)
{
    switch (opc) {
    case INDEX_op_ld8u_i32:
    case INDEX_op_ld8u_i64:
    case INDEX_op_st8_i32:
    case INDEX_op_st8_i64:
        return j->u8;
    case INDEX_op_ld8s_i32:
    case INDEX_op_ld8s_i64:
        return j->s8;
    case INDEX_op_ld16u_i32:
    case INDEX_op_ld16u_i64:
    case INDEX_op_st16_i32:
    case INDEX_op_st16_i64:
        return j->u16;
    case INDEX_op_ld16s_i32:
    case INDEX_op_ld16s_i64:
        return j->s16;
    case INDEX_op_ld_i32:
    case INDEX_op_ld32u_i64:
    case INDEX_op_st_i32:
    case INDEX_op_st32_i64:
        return j->u32;
    case INDEX_op_ld32s_i64:
        return j->s32;
    case INDEX_op_ld_i64:
    case INDEX_op_st_i64:
        return j->u64;
    default:
        return NULL;
    }
}

static void emit_host_mem(Jit *j, const TCGOp *op, TY type)
{
    TCGArg base = op->args[1];
    RV ptr = base == tcg_env_index
                 ? j->env
                 : gcc_jit_context_new_bitcast(j->ctxt, NULL, temp_rv(j, base), j->bptr);
    gcc_jit_lvalue *loc = mem_at(j, ptr, cst(j, j->u64, op->args[2]), type);
    if (op->nb_oargs == 0)
        gcc_jit_block_add_assignment(j->cur, NULL, loc, cast(j, temp_rv(j, op->args[0]), type));
    else
        assign(j, op->args[0], gcc_jit_lvalue_as_rvalue(loc));
}

/* ------------------------------------------------------------ other ops */

static void emit_call(Jit *j, const TCGOp *op)
{
    const TCGHelperInfo *info = op->info;
    RV args[TCG_MAX_HELPER_ARGS];
    for (unsigned k = 0; k < op->nb_iargs; k++)
        args[k] = cast(j, temp_rv(j, op->args[op->nb_oargs + k]), j->u64);
    RV fn = table_fn(j, table_slot(j, info->func), j->fn_helper[op->nb_iargs]);
    RV r = gcc_jit_context_new_call_through_ptr(j->ctxt, NULL, fn, (int)op->nb_iargs, args);
    if (op->nb_oargs)
        assign(j, op->args[0], r);
    else
        gcc_jit_block_add_eval(j->cur, NULL, r);
    if (info->flags & TCG_CALL_MAY_FAULT)
        check_exception(j);
}

static uint64_t field_mask(unsigned len) { return len >= 64 ? ~0ull : (1ull << len) - 1; }

static RV field_value(Jit *j, const TCGOp *op, TY type)
{
    const TCGArg *c = &op->args[op->nb_oargs + op->nb_iargs];
    RV a = temp_rv(j, op->args[1]);
    unsigned w = width_of(j, type), ofs = c[0];
    switch (op->opc) {
        CASE2(extract)
        return bin(j, GCC_JIT_BINARY_OP_BITWISE_AND, type,
                   bin(j, GCC_JIT_BINARY_OP_RSHIFT, type, a, cst(j, type, ofs)),
                   cst(j, type, field_mask(c[1])));
        CASE2(sextract)
        {
            TY st = signed_of(j, type);
            RV top = cast(
                j, bin(j, GCC_JIT_BINARY_OP_LSHIFT, type, a, cst(j, type, w - ofs - c[1])), st);
            return cast(j, bin(j, GCC_JIT_BINARY_OP_RSHIFT, st, top, cst(j, st, w - c[1])),
                        type);
        }
        CASE2(deposit)
        {
            uint64_t mask = field_mask(c[1]) << ofs;
            RV b = temp_rv(j, op->args[2]);
            return bin(j, GCC_JIT_BINARY_OP_BITWISE_OR, type,
                       bin(j, GCC_JIT_BINARY_OP_BITWISE_AND, type, a, cst(j, type, ~mask)),
                       bin(j, GCC_JIT_BINARY_OP_BITWISE_AND, type,
                           bin(j, GCC_JIT_BINARY_OP_LSHIFT, type, b, cst(j, type, ofs)),
                           cst(j, type, mask)));
        }
        CASE2(extract2)
        {
            RV hi = temp_rv(j, op->args[2]);
            if (ofs == 0)
                return a;
            return bin(j, GCC_JIT_BINARY_OP_BITWISE_OR, type,
                       bin(j, GCC_JIT_BINARY_OP_RSHIFT, type, a, cst(j, type, ofs)),
                       bin(j, GCC_JIT_BINARY_OP_LSHIFT, type, hi, cst(j, type, w - ofs)));
        }
    default:
        return NULL;
    }
}

/* mulu2/muls2/add2/sub2 through a type twice as wide. */
static void emit_double(Jit *j, const TCGOp *op, TY type)
{
    bool is64 = type == j->u64;
    bool sign = op->opc == INDEX_op_muls2_i32 || op->opc == INDEX_op_muls2_i64;
    bool mul = sign || op->opc == INDEX_op_mulu2_i32 || op->opc == INDEX_op_mulu2_i64;
    TY wide = is64 ? (sign ? j->s128 : j->u128) : (sign ? j->s64 : j->u64);
    TY uwide = is64 ? j->u128 : j->u64;
    RV shift = cst(j, uwide, is64 ? 64 : 32);
    RV r;
    if (mul) {
        TY narrow = sign ? signed_of(j, type) : type;
        RV a = cast(j, cast(j, temp_rv(j, op->args[2]), narrow), wide);
        RV b = cast(j, cast(j, temp_rv(j, op->args[3]), narrow), wide);
        r = cast(j, bin(j, GCC_JIT_BINARY_OP_MULT, wide, a, b), uwide);
    } else {
        RV x[2];
        for (int k = 0; k < 2; k++) {
            RV lo = cast(j, temp_rv(j, op->args[2 + 2 * k]), uwide);
            RV hi = cast(j, temp_rv(j, op->args[3 + 2 * k]), uwide);
            x[k] = bin(j, GCC_JIT_BINARY_OP_BITWISE_OR, uwide, lo,
                       bin(j, GCC_JIT_BINARY_OP_LSHIFT, uwide, hi, shift));
        }
        bool add = op->opc == INDEX_op_add2_i32 || op->opc == INDEX_op_add2_i64;
        r = bin(j, add ? GCC_JIT_BINARY_OP_PLUS : GCC_JIT_BINARY_OP_MINUS, uwide, x[0], x[1]);
    }
    /* Compute into a local first: an output may also be an input. */
    gcc_jit_lvalue *res = new_local(j, uwide, "w");
    gcc_jit_block_add_assignment(j->cur, NULL, res, r);
    RV rv = gcc_jit_lvalue_as_rvalue(res);
    assign(j, op->args[0], cast(j, rv, type));
    assign(j, op->args[1], cast(j, bin(j, GCC_JIT_BINARY_OP_RSHIFT, uwide, rv, shift), type));
}

static void emit_label(Jit *j, unsigned id)
{
    if (!j->label_used[id])
        return;
    if (j->cur)
        gcc_jit_block_end_with_jump(j->cur, NULL, j->labels[id]);
    j->cur = j->labels[id];
}

static void emit_cond_op(Jit *j, const TCGOp *op, TY type)
{
    switch (op->opc) {
        CASE2(setcond)
        {
            RV c = cond_value(j, op->args[3], type, temp_rv(j, op->args[1]),
                              temp_rv(j, op->args[2]));
            assign(j, op->args[0], cast(j, c, type));
            return;
        }
        CASE2(negsetcond)
        {
            RV c = cast(j,
                        cond_value(j, op->args[3], type, temp_rv(j, op->args[1]),
                                   temp_rv(j, op->args[2])),
                        type);
            assign(j, op->args[0], un(j, GCC_JIT_UNARY_OP_MINUS, type, c));
            return;
        }
        CASE2(movcond)
        {
            RV c = cond_value(j, op->args[5], type, temp_rv(j, op->args[1]),
                              temp_rv(j, op->args[2]));
            assign(j, op->args[0],
                   choose(j, type, c, temp_rv(j, op->args[3]), temp_rv(j, op->args[4])));
            return;
        }
    default: { /* brcond */
        RV c =
            cond_value(j, op->args[2], type, temp_rv(j, op->args[0]), temp_rv(j, op->args[1]));
        gcc_jit_block *fall = new_block(j);
        gcc_jit_block_end_with_conditional(j->cur, NULL, c, j->labels[op->args[3]], fall);
        j->cur = fall;
        return;
    }
    }
}

/* Ops that end a block or call out; false if op is not one of them. */
static bool emit_special(Jit *j, const TCGOp *op, TY type)
{
    switch (op->opc) {
    case INDEX_op_br:
        gcc_jit_block_end_with_jump(j->cur, NULL, j->labels[op->args[0]]);
        j->cur = NULL;
        return true;
    case INDEX_op_mb:
        return true;
    case INDEX_op_goto_tb:
    case INDEX_op_exit_tb:
        end_return(j, j->cur, op->args[0]);
        j->cur = NULL;
        return true;
    case INDEX_op_goto_ptr:
        end_return(j, j->cur, TB_EXIT_LOOKUP);
        j->cur = NULL;
        return true;
    case INDEX_op_call:
        emit_call(j, op);
        return true;
    case INDEX_op_qemu_ld_i32:
    case INDEX_op_qemu_ld_i64:
        emit_qemu_ld(j, op);
        return true;
    case INDEX_op_qemu_st_i32:
    case INDEX_op_qemu_st_i64:
        emit_qemu_st(j, op);
        return true;
        CASE2(setcond) CASE2(negsetcond) CASE2(movcond) CASE2(brcond) emit_cond_op(j, op, type);
        return true;
        CASE2(mulu2) CASE2(muls2) CASE2(add2) CASE2(sub2) emit_double(j, op, type);
        return true;
    default:
        return false;
    }
}

static bool emit_op(Jit *j, const TCGOp *op)
{
    /* The op's width: its first temp's (for brcond and st, an input). */
    TY type = op->nb_oargs + op->nb_iargs ? temp_type(j, op->args[0]) : j->u64;
    RV v = NULL;

    if (op->opc == INDEX_op_set_label) {
        emit_label(j, op->args[0]);
        return true;
    }
    if (op->opc == INDEX_op_insn_start) {
        j->guest_insn += j->seen_insn;
        j->seen_insn = true;
        return true;
    }
    if (!j->cur) /* unreachable until the next label */
        return true;
    if (emit_special(j, op, type))
        return true;
    if (host_mem_type(j, op->opc)) {
        emit_host_mem(j, op, host_mem_type(j, op->opc));
        return true;
    }
    if (op->nb_iargs == 2 && op->nb_cargs == 0)
        v = binop_value(j, op->opc, type, temp_rv(j, op->args[1]), temp_rv(j, op->args[2]));
    else if (op->nb_iargs == 1 && op->nb_cargs == 0)
        v = unop_value(j, op->opc, temp_type(j, op->args[1]), temp_rv(j, op->args[1]));
    else
        v = field_value(j, op, type);
    if (!v)
        return false;
    assign(j, op->args[0], v);
    return true;
}

/* ------------------------------------------------------------ setup */

static void make_types(Jit *j)
{
    gcc_jit_context *c = j->ctxt;
    j->u8 = gcc_jit_context_get_type(c, GCC_JIT_TYPE_UINT8_T);
    j->u16 = gcc_jit_context_get_type(c, GCC_JIT_TYPE_UINT16_T);
    j->u32 = gcc_jit_context_get_type(c, GCC_JIT_TYPE_UINT32_T);
    j->u64 = gcc_jit_context_get_type(c, GCC_JIT_TYPE_UINT64_T);
    j->s8 = gcc_jit_context_get_type(c, GCC_JIT_TYPE_INT8_T);
    j->s16 = gcc_jit_context_get_type(c, GCC_JIT_TYPE_INT16_T);
    j->s32 = gcc_jit_context_get_type(c, GCC_JIT_TYPE_INT32_T);
    j->s64 = gcc_jit_context_get_type(c, GCC_JIT_TYPE_INT64_T);
    j->u128 = gcc_jit_context_get_type(c, GCC_JIT_TYPE_UINT128_T);
    j->s128 = gcc_jit_context_get_type(c, GCC_JIT_TYPE_INT128_T);
    j->boolean = gcc_jit_context_get_type(c, GCC_JIT_TYPE_BOOL);
    j->vptr = gcc_jit_context_get_type(c, GCC_JIT_TYPE_VOID_PTR);
    j->bptr = gcc_jit_type_get_pointer(j->u8);
    j->vptr_ptr = gcc_jit_type_get_pointer(gcc_jit_type_get_const(j->vptr));

    TY load_params[] = {j->bptr, j->u64, j->s32, j->u32};
    j->fn_load = gcc_jit_context_new_function_ptr_type(c, NULL, j->u64, 4, load_params, 0);
    TY store_params[] = {j->bptr, j->u64, j->u64, j->s32, j->u32};
    TY void_type = gcc_jit_context_get_type(c, GCC_JIT_TYPE_VOID);
    j->fn_store = gcc_jit_context_new_function_ptr_type(c, NULL, void_type, 5, store_params, 0);
    TY helper_params[TCG_MAX_HELPER_ARGS];
    for (int i = 0; i < TCG_MAX_HELPER_ARGS; i++)
        helper_params[i] = j->u64;
    for (int n = 0; n <= TCG_MAX_HELPER_ARGS; n++)
        j->fn_helper[n] =
            gcc_jit_context_new_function_ptr_type(c, NULL, j->u64, n, helper_params, 0);
}

static void make_function(Jit *j)
{
    gcc_jit_param *params[] = {
        gcc_jit_context_new_param(j->ctxt, NULL, j->bptr, "env"),
        gcc_jit_context_new_param(j->ctxt, NULL, j->vptr_ptr, "table"),
    };
    j->fn = gcc_jit_context_new_function(j->ctxt, NULL, GCC_JIT_FUNCTION_EXPORTED, j->u64,
                                         j->name, 2, params, 0);
    j->env = gcc_jit_param_as_rvalue(params[0]);
    j->tab = gcc_jit_param_as_rvalue(params[1]);
    j->cur = new_block(j);
}

/* Labels that branches target get a block; the others are no boundary. */
static void make_labels(Jit *j)
{
    const TCGCode *code = j->code;
    for (unsigned i = 0; i < code->nb_ops; i++) {
        const TCGOp *op = &code->ops[i];
        if (op->opc == INDEX_op_br)
            j->label_used[op->args[0]] = true;
        else if (op->opc == INDEX_op_brcond_i32 || op->opc == INDEX_op_brcond_i64)
            j->label_used[op->args[3]] = true;
    }
    for (unsigned l = 0; l < code->nb_labels; l++) {
        if (j->label_used[l])
            j->labels[l] = new_block(j);
    }
}

static gcc_jit_context *new_context(void)
{
    gcc_jit_context *c = gcc_jit_context_acquire();
    if (!c)
        return NULL;
    gcc_jit_context_set_int_option(c, GCC_JIT_INT_OPTION_OPTIMIZATION_LEVEL, 2);
    gcc_jit_context_set_bool_allow_unreachable_blocks(c, 1);
    gcc_jit_context_set_bool_print_errors_to_stderr(c, 0);
    /* Globals, temps and ld/st reach the same bytes through different types. */
    gcc_jit_context_add_command_line_option(c, "-fno-strict-aliasing");
    return c;
}

static bool build(Jit *j)
{
    make_types(j);
    make_function(j);
    make_labels(j);
    for (unsigned i = 0; i < j->code->nb_ops; i++) {
        if (!emit_op(j, &j->code->ops[i])) {
            log_printf("tcg: libgccjit backend cannot compile %s\n",
                       tcg_op_defs[j->code->ops[i].opc].name);
            return false;
        }
    }
    if (j->cur)
        end_return(j, j->cur, TB_EXIT_NOCHAIN);
    return true;
}

/* -d out_asm: the function as libgccjit sees it, in C-like form. */
static void log_jit_source(gcc_jit_context *ctxt)
{
    char path[] = "/tmp/gemu-jit-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return;
    close(fd);
    gcc_jit_context_dump_to_file(ctxt, path, 0);
    FILE *f = fopen(path, "r");
    if (f) {
        char line[512];
        log_lock();
        log_printf("OUT (libgccjit):\n");
        while (fgets(line, sizeof(line), f))
            log_printf("%s", line);
        log_printf("\n");
        log_unlock();
        fclose(f);
    }
    unlink(path);
}

static void release_result(JitResult *shared)
{
    if (__atomic_sub_fetch(&shared->refs, 1, __ATOMIC_ACQ_REL) == 0) {
        gcc_jit_result_release(shared->result);
        free(shared);
    }
}

/* Builds code's function, named tb<idx>, in ctxt. */
static bool jit_build(Jit *j, TCGCode *code, gcc_jit_context *ctxt, unsigned idx)
{
    *j = (Jit){.code = code, .nb_table = TAB_HELPERS, .ctxt = ctxt};
    snprintf(j->name, sizeof(j->name), "tb%u", idx);
    j->locals = calloc(code->nb_temps, sizeof(*j->locals));
    j->labels = calloc(code->nb_labels + 1, sizeof(*j->labels));
    j->label_used = calloc(code->nb_labels + 1, sizeof(*j->label_used));
    j->table = malloc(TAB_HELPERS * sizeof(void *));
    if (!j->locals || !j->labels || !j->label_used || !j->table || !build(j))
        return false;
    j->table[TAB_LOAD_SLOW] = (void *)tcg_runtime.load_slow;
    j->table[TAB_STORE_SLOW] = (void *)tcg_runtime.store_slow;
    return true;
}

static void jit_release(Jit *j)
{
    free(j->locals);
    free(j->labels);
    free(j->label_used);
    free(j->table);
}

/* Hands j's function in shared to its block: jit_fn last, the block may run at once. */
static void jit_install(Jit *j, JitResult *shared)
{
    TCGCode *code = (TCGCode *)j->code;
    __atomic_add_fetch(&shared->refs, 1, __ATOMIC_RELAXED);
    code->jit_result = shared;
    code->jit_table = j->table;
    j->table = NULL;
    __atomic_store_n(&code->jit_fn, (TCGJitFunc)gcc_jit_result_get_code(shared->result, j->name),
                     __ATOMIC_RELEASE);
}

/* All n blocks in one context (libgccjit's cost is mostly per context); false: none. */
static bool compile_together(TCGCode **codes, unsigned n)
{
    gcc_jit_context *ctxt = new_context();
    Jit *jits = calloc(n, sizeof(*jits));
    bool ok = ctxt && jits;
    for (unsigned i = 0; ok && i < n; i++)
        ok = jit_build(&jits[i], codes[i], ctxt, i);
    gcc_jit_result *result = NULL;
    if (ok) {
        if (log_enabled(LOG_OUT_ASM))
            log_jit_source(ctxt);
        result = gcc_jit_context_compile(ctxt);
        if (!result)
            log_printf("tcg: libgccjit failed: %s\n", gcc_jit_context_get_first_error(ctxt));
    }
    JitResult *shared = result ? calloc(1, sizeof(*shared)) : NULL;
    if (shared) {
        shared->result = result;
        shared->refs = 1; /* ours, until every block holds its own */
        for (unsigned i = 0; i < n; i++)
            jit_install(&jits[i], shared);
        release_result(shared);
    } else if (result) {
        gcc_jit_result_release(result);
    }
    for (unsigned i = 0; jits && i < n; i++)
        jit_release(&jits[i]);
    free(jits);
    if (ctxt)
        gcc_jit_context_release(ctxt);
    return shared != NULL;
}

unsigned tcg_jit_compile_batch(TCGCode **codes, unsigned n)
{
    if (n > 1 && compile_together(codes, n))
        return n;
    /* One at a time: a block the backend cannot take must not sink the others. */
    unsigned done = 0;
    for (unsigned i = 0; i < n; i++)
        done += compile_together(&codes[i], 1);
    return done;
}

bool tcg_jit_compile(TCGCode *code) { return tcg_jit_compile_batch(&code, 1) == 1; }

/*
 * GCC's own allocations inside libgccjit are never freed; keep them out of
 * LeakSanitizer reports (check-asan) of every binary that links tier 1.
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return "leak:libgccjit.so\n"; }

void tcg_jit_free(TCGCode *code)
{
    if (code->jit_result)
        release_result(code->jit_result);
    free(code->jit_table);
    code->jit_result = NULL;
    code->jit_fn = NULL;
    code->jit_table = NULL;
}

#endif
