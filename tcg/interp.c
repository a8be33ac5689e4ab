/*
 * Tier 0: a direct-threaded interpreter over pre-decoded instructions.
 *
 * Every operand is a byte offset from env.  Globals already live there; a
 * TB's temps get 8-byte slots in TCGCPUCommon.tcg_slots, reused as soon as a
 * temp dies, and constants become immediates (ops with an "_ri" variant) or
 * are stored into a scratch slot just before the op that needs them.  So a
 * handler is a couple of loads and a store relative to one base register,
 * and dispatch is one indirect jump (goto *ip->h).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "tcg-eval.h"
#include "tcg-internal.h"
#include "util/error.h"
#include "util/thread-scratch.h"
#include "util/log.h"

struct InterpInsn {
    const void *h; /* handler label; NULL for a data word of the op before */
    union {
        struct {
            int32_t d, a, b, c, e, f;
        };
        int32_t o[6];
    };
    uint64_t imm;
};

/* ------------------------------------------------------------ handler ids */

enum {
/* z32: the i64 op then ext32u of its result, fused (32-bit guest ops). */
#define ID_BIN(name, expr)                                                                     \
    IH_##name##_i32_rr, IH_##name##_i32_ri, IH_##name##_i64_rr, IH_##name##_i64_ri,            \
        IH_##name##_z32_rr, IH_##name##_z32_ri,
    TCG_BINOPS(ID_BIN)
#define ID_UN(name, expr) IH_##name##_i32, IH_##name##_i64,
        TCG_UNOPS(ID_UN)
#define ID_CONV(name, tout, tin, expr) IH_##name,
            TCG_CONVOPS(ID_CONV)
/* bx: a brcond whose two targets are goto_tb words, see fuse_branch_exits() */
#define ID_COND(C, expr)                                                                       \
    IH_sc32rr_##C, IH_sc32ri_##C, IH_sc64rr_##C, IH_sc64ri_##C, IH_br32rr_##C, IH_br32ri_##C,  \
        IH_br64rr_##C, IH_br64ri_##C, IH_bx32rr_##C, IH_bx32ri_##C, IH_bx64rr_##C,             \
        IH_bx64ri_##C,
                TCG_CONDS(ID_COND)
#define TWO(name) IH_##name##_i32, IH_##name##_i64,
#define GENERIC_OPS(X)                                                                         \
    X(negsetcond)                                                                              \
    X(movcond) X(extract) X(sextract) X(deposit) X(extract2) X(mulu2) X(muls2) X(add2) X(sub2)
#define OTHER_OPS(X) GENERIC_OPS(X) X(movi) X(qemu_ld) X(qemu_st)
                    OTHER_OPS(TWO)
#define ONE(name) IH_##name,
/* Little-endian guest loads and stores with the memop built in. */
#define FAST_LDS(X)                                                                            \
    X(ub, MO_UB, uint8_t)                                                                      \
    X(sb, MO_SB, int8_t) X(uw, MO_UW, u16a) X(sw, MO_SW, s16a) X(ul, MO_UL, u32a)              \
        X(sl, MO_SL, s32a) X(uq, MO_UQ, u64a)
#define FAST_STS(X)              X(8, MO_8, uint8_t) X(16, MO_16, u16a) X(32, MO_32, u32a) X(64, MO_64, u64a)
#define ID_FAST_LD(n, mop, type) IH_ld32_##n, IH_ld64_##n,
                        FAST_LDS(ID_FAST_LD)
#define ID_FAST_ST(n, mop, type) IH_st64_le##n,
                            FAST_STS(ID_FAST_ST)
#define HOST_MEM_OPS(X)                                                                        \
    X(ld8u_i32)                                                                                \
    X(ld8s_i32) X(ld16u_i32) X(ld16s_i32) X(ld32_i32) X(ld8u_i64) X(ld8s_i64) X(ld16u_i64)     \
        X(ld16s_i64) X(ld32u_i64) X(ld32s_i64) X(ld64_i64) X(st8) X(st16) X(st32) X(st64)
#define ENV_ONE(name) IH_##name##_env, IH_##name##_ptr,
                                HOST_MEM_OPS(ENV_ONE)
#define CONTROL_OPS(X) X(call) X(br) X(goto_tb) X(goto_ptr) X(exit)
                                    CONTROL_OPS(ONE)
/*
 * Superinstructions of ops the pre-decoder fuses (see the fusers table):
 * "(a ^ b) & (c ^ e)" (andc: "& ~"), the overflow flag of A64 SUBS/ADDS,
 * with e a register or imm, and optionally sign-extended from 32 bits;
 * and extensions of one source into several destinations.
 */
#define XOR2_OPS(X) X(xor2_and, x &y) X(xor2_andc, x & ~y)
#define ID_XOR2(name, expr)                                                                    \
    IH_##name##_rr, IH_##name##_ri, IH_##name##_s32_rr, IH_##name##_s32_ri,
                                        XOR2_OPS(ID_XOR2)
#define EXT_MULTI_OPS(X) X(ext_s_u) X(ext_s_u_u) X(ext_u_u)
                                            EXT_MULTI_OPS(ONE)
/* d = a - b and c = a >= b (unsigned): the result and C of A64 SUBS. */
#define SUB_GEU_OPS(X) X(sub_geu_rr) X(sub_geu_ri)
                                                SUB_GEU_OPS(ONE)
/* The whole 64-bit A64 SUBS: d = N = a - b, c = C, e = V, f = Z. */
#define SUBS_OPS(X) X(subs64_rr) X(subs64_ri)
                                                    SUBS_OPS(ONE)
/*
 * The whole 32-bit A64 CMP/SUBS from 64-bit registers a and b (or imm):
 * c = C, e = V and d = N sign-extended, f = Z; subs32 also b = the result.
 */
#define SUBS32_OPS(X) X(cmp32_rr) X(cmp32_ri) X(subs32_ri)
                                                        SUBS32_OPS(ONE)
/* d = a + (b << imm): scaled-index addresses. */
#define ADD_SHL_OPS(X) X(add_shl)
                                                            ADD_SHL_OPS(ONE) IH_COUNT
};

#define COND_VARIANTS 12 /* per condition: setcond rr/ri x i32/i64, then brcond, then bx */

static const void *const *interp_table;

/* Handler names for -d out_asm, in the order of the ids above. */
static const char *const handler_names[IH_COUNT] = {
#define NAME_BIN(name, expr)                                                                   \
#name "_i32_rr", #name "_i32_ri", #name "_i64_rr", #name "_i64_ri", #name "_z32_rr",       \
        #name "_z32_ri",
    TCG_BINOPS(NAME_BIN)
#define NAME_UN(name, expr) #name "_i32", #name "_i64",
        TCG_UNOPS(NAME_UN)
#define NAME_CONV(name, tout, tin, expr) #name,
            TCG_CONVOPS(NAME_CONV)
#define NAME_COND(C, expr)                                                                     \
    "setcond32_rr_" #C, "setcond32_ri_" #C, "setcond64_rr_" #C, "setcond64_ri_" #C,            \
        "brcond32_rr_" #C, "brcond32_ri_" #C, "brcond64_rr_" #C, "brcond64_ri_" #C,            \
        "brgoto32_rr_" #C, "brgoto32_ri_" #C, "brgoto64_rr_" #C, "brgoto64_ri_" #C,
                TCG_CONDS(NAME_COND)
#define NAME_TWO(name) #name "_i32", #name "_i64",
                    OTHER_OPS(NAME_TWO)
#define NAME_FAST_LD(n, mop, type) "qemu_ld_i32_" #n, "qemu_ld_i64_" #n,
                        FAST_LDS(NAME_FAST_LD)
#define NAME_FAST_ST(n, mop, type) "qemu_st_i64_le" #n,
                            FAST_STS(NAME_FAST_ST)
#define NAME_ENV(name) #name "_env", #name "_ptr",
                                HOST_MEM_OPS(NAME_ENV)
#define NAME_ONE(name) #name,
                                    CONTROL_OPS(NAME_ONE)
#define NAME_XOR2(name, expr) #name "_rr", #name "_ri", #name "_s32_rr", #name "_s32_ri",
                                        XOR2_OPS(NAME_XOR2) EXT_MULTI_OPS(NAME_ONE)
                                            SUB_GEU_OPS(NAME_ONE) SUBS_OPS(NAME_ONE)
                                                SUBS32_OPS(NAME_ONE) ADD_SHL_OPS(NAME_ONE)};

/* ------------------------------------------------------------ memory */

typedef uint16_t u16a __attribute__((may_alias));
typedef uint32_t u32a __attribute__((may_alias));
typedef uint64_t u64a __attribute__((may_alias));
typedef uint8_t u8a __attribute__((may_alias));
typedef int8_t s8a __attribute__((may_alias));
typedef int16_t s16a __attribute__((may_alias));
typedef int32_t s32a __attribute__((may_alias));

/* Zero- or sign-extend a value of memop's size. */
static inline uint64_t mem_extend(uint64_t v, MemOp mop)
{
    switch (mop & (MO_SIZE | MO_SIGN)) {
    case MO_UB:
        return (uint8_t)v;
    case MO_SB:
        return (uint64_t)(int8_t)v;
    case MO_UW:
        return (uint16_t)v;
    case MO_SW:
        return (uint64_t)(int16_t)v;
    case MO_UL:
        return (uint32_t)v;
    case MO_SL:
        return (uint64_t)(int32_t)v;
    default:
        return v;
    }
}

static inline uint64_t load_host(const void *p, MemOp mop)
{
    uint64_t v;
    bool be = mop & MO_BE;
    switch (mop & MO_SIZE) {
    case MO_8:
        v = *(const uint8_t *)p;
        break;
    case MO_16: {
        uint16_t x;
        memcpy(&x, p, 2);
        v = be ? __builtin_bswap16(x) : x;
        break;
    }
    case MO_32: {
        uint32_t x;
        memcpy(&x, p, 4);
        v = be ? __builtin_bswap32(x) : x;
        break;
    }
    default:
        memcpy(&v, p, 8);
        v = be ? __builtin_bswap64(v) : v;
        break;
    }
    return mem_extend(v, mop);
}

static inline void store_host(void *p, uint64_t v, MemOp mop)
{
    bool be = mop & MO_BE;
    switch (mop & MO_SIZE) {
    case MO_8:
        *(uint8_t *)p = (uint8_t)v;
        break;
    case MO_16: {
        uint16_t x = be ? __builtin_bswap16((uint16_t)v) : (uint16_t)v;
        memcpy(p, &x, 2);
        break;
    }
    case MO_32: {
        uint32_t x = be ? __builtin_bswap32((uint32_t)v) : (uint32_t)v;
        memcpy(p, &x, 4);
        break;
    }
    default:
        v = be ? __builtin_bswap64(v) : v;
        memcpy(p, &v, 8);
        break;
    }
}

/* The TLB entry's host address for a fast-path access, or NULL. */
static inline void *tlb_fast(char *env, int32_t table_ofs, uint64_t addr, MemOp mop, bool write)
{
    const CPUTLBEntry *ent = (const CPUTLBEntry *)(env + table_ofs) + tlb_index(addr);
    uint64_t tag = write ? ent->addr_write : ent->addr_read;
    uint64_t size_mask = memop_size(mop) - 1;
    if ((addr & (TARGET_PAGE_MASK | size_mask)) != tag)
        return NULL;
    return (void *)(uintptr_t)(addr + ent->addend);
}

static inline bool exception_pending(const char *env)
{
    return ((const TCGCPUCommon *)env)->exception_index >= 0;
}

typedef uint64_t (*Helper0)(void);
typedef uint64_t (*Helper1)(uint64_t);
typedef uint64_t (*Helper2)(uint64_t, uint64_t);
typedef uint64_t (*Helper3)(uint64_t, uint64_t, uint64_t);
typedef uint64_t (*Helper4)(uint64_t, uint64_t, uint64_t, uint64_t);
typedef uint64_t (*Helper5)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
typedef uint64_t (*Helper6)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);

/* Call a helper through the uniform all-uint64_t prototype of its arity. */
static uint64_t call_helper(const void *fn, unsigned n, const uint64_t *v)
{
    switch (n) {
    case 0:
        return ((Helper0)fn)();
    case 1:
        return ((Helper1)fn)(v[0]);
    case 2:
        return ((Helper2)fn)(v[0], v[1]);
    case 3:
        return ((Helper3)fn)(v[0], v[1], v[2]);
    case 4:
        return ((Helper4)fn)(v[0], v[1], v[2], v[3]);
    case 5:
        return ((Helper5)fn)(v[0], v[1], v[2], v[3], v[4]);
    default:
        return ((Helper6)fn)(v[0], v[1], v[2], v[3], v[4], v[5]);
    }
}

/* ------------------------------------------------------------ the engine */

#define R8(off)  (*(u8a *)(env + (off)))
#define R16(off) (*(u16a *)(env + (off)))
#define R32(off) (*(u32a *)(env + (off)))
#define R64(off) (*(u64a *)(env + (off)))
#define NEXT                                                                                   \
    do {                                                                                       \
        ip++;                                                                                  \
        goto * ip->h;                                                                          \
    } while (0)
/* Leave the interpreter from the current TB. */
#define LEAVE(e)                                                                               \
    do {                                                                                       \
        run->last = code;                                                                      \
        run->insns = done;                                                                     \
        return (e);                                                                            \
    } while (0)
/*
 * Left through goto_tb slot TB_EXIT_REASON(exit): enter the linked TB if
 * tcg_code_exec_chain() allows it, else return.
 */
#define CHAIN_OR_LEAVE()                                                                       \
    do {                                                                                       \
        TCGCode *next = code->chain[TB_EXIT_REASON(exit)];                                     \
        if (next && !__atomic_load_n(&next->interp_chain_blocked, __ATOMIC_RELAXED) &&        \
            done + code->nb_insns < budget &&                                                 \
            !__atomic_load_n(&((TCGCPUCommon *)env)->exit_request, __ATOMIC_ACQUIRE)) {        \
            done += code->nb_insns;                                                            \
            code = next;                                                                       \
            tcg_count_exec(code);                                                                \
            base = ip = code->interp;                                                          \
            goto * ip->h;                                                                      \
        }                                                                                      \
        LEAVE(exit);                                                                           \
    } while (0)
/* The pc store and goto_tb fused, in word w: d pc, imm its value, b slot. */
#define GOTO_TB(w)                                                                             \
    do {                                                                                       \
        const InterpInsn *g = (w);                                                             \
        R64(g->d) = g->imm;                                                                    \
        exit = (TBExit)g->b;                                                                   \
        CHAIN_OR_LEAVE();                                                                      \
    } while (0)
#define JUMP(idx)                                                                              \
    do {                                                                                       \
        ip = base + (idx);                                                                     \
        goto * ip->h;                                                                          \
    } while (0)

#define L_BIN(name, expr)                                                                      \
    [IH_##name##_i32_rr] = &&L_##name##_i32_rr, [IH_##name##_i32_ri] = &&L_##name##_i32_ri,    \
    [IH_##name##_i64_rr] = &&L_##name##_i64_rr, [IH_##name##_i64_ri] = &&L_##name##_i64_ri,    \
    [IH_##name##_z32_rr] = &&L_##name##_z32_rr, [IH_##name##_z32_ri] = &&L_##name##_z32_ri,
#define L_UN(name, expr)                                                                       \
    [IH_##name##_i32] = &&L_##name##_i32, [IH_##name##_i64] = &&L_##name##_i64,
#define L_CONV(name, tout, tin, expr) [IH_##name] = &&L_##name,
#define L_COND(C, expr)                                                                        \
    [IH_sc32rr_##C] = &&L_sc32rr_##C, [IH_sc32ri_##C] = &&L_sc32ri_##C,                        \
    [IH_sc64rr_##C] = &&L_sc64rr_##C, [IH_sc64ri_##C] = &&L_sc64ri_##C,                        \
    [IH_br32rr_##C] = &&L_br32rr_##C, [IH_br32ri_##C] = &&L_br32ri_##C,                        \
    [IH_br64rr_##C] = &&L_br64rr_##C, [IH_br64ri_##C] = &&L_br64ri_##C,                        \
    [IH_bx32rr_##C] = &&L_bx32rr_##C, [IH_bx32ri_##C] = &&L_bx32ri_##C,                        \
    [IH_bx64rr_##C] = &&L_bx64rr_##C, [IH_bx64ri_##C] = &&L_bx64ri_##C,
#define L_TWO(name)             [IH_##name##_i32] = &&L_##name##_i32, [IH_##name##_i64] = &&L_##name##_i64,
#define L_ENV(name)             [IH_##name##_env] = &&L_##name##_env, [IH_##name##_ptr] = &&L_##name##_ptr,
#define L_ONE(name)             [IH_##name] = &&L_##name,
#define L_FAST_LD(n, mop, type) [IH_ld32_##n] = &&L_ld32_##n, [IH_ld64_##n] = &&L_ld64_##n,
#define L_FAST_ST(n, mop, type) [IH_st64_le##n] = &&L_st64_le##n,
#define L_XOR2(name, expr)                                                                     \
    [IH_##name##_rr] = &&L_##name##_rr, [IH_##name##_ri] = &&L_##name##_ri,                    \
    [IH_##name##_s32_rr] = &&L_##name##_s32_rr, [IH_##name##_s32_ri] = &&L_##name##_s32_ri,

#define H_BIN(name, expr)                                                                      \
    L_##name##_i32_rr:                                                                         \
    {                                                                                          \
        EV_SCOPE32;                                                                            \
        U a = R32(ip->a), b = R32(ip->b);                                                      \
        R32(ip->d) = (U)(expr);                                                                \
        NEXT;                                                                                  \
    }                                                                                          \
    L_##name##_i32_ri:                                                                         \
    {                                                                                          \
        EV_SCOPE32;                                                                            \
        U a = R32(ip->a), b = (U)ip->imm;                                                      \
        R32(ip->d) = (U)(expr);                                                                \
        NEXT;                                                                                  \
    }                                                                                          \
    L_##name##_i64_rr:                                                                         \
    {                                                                                          \
        EV_SCOPE64;                                                                            \
        U a = R64(ip->a), b = R64(ip->b);                                                      \
        R64(ip->d) = (U)(expr);                                                                \
        NEXT;                                                                                  \
    }                                                                                          \
    L_##name##_i64_ri:                                                                         \
    {                                                                                          \
        EV_SCOPE64;                                                                            \
        U a = R64(ip->a), b = ip->imm;                                                         \
        R64(ip->d) = (U)(expr);                                                                \
        NEXT;                                                                                  \
    }                                                                                          \
    L_##name##_z32_rr:                                                                         \
    {                                                                                          \
        EV_SCOPE64;                                                                            \
        U a = R64(ip->a), b = R64(ip->b);                                                      \
        R64(ip->d) = (uint32_t)(expr);                                                         \
        NEXT;                                                                                  \
    }                                                                                          \
    L_##name##_z32_ri:                                                                         \
    {                                                                                          \
        EV_SCOPE64;                                                                            \
        U a = R64(ip->a), b = ip->imm;                                                         \
        R64(ip->d) = (uint32_t)(expr);                                                         \
        NEXT;                                                                                  \
    }

#define H_UN(name, expr)                                                                       \
    L_##name##_i32:                                                                            \
    {                                                                                          \
        EV_SCOPE32;                                                                            \
        U a = R32(ip->a);                                                                      \
        R32(ip->d) = (U)(expr);                                                                \
        NEXT;                                                                                  \
    }                                                                                          \
    L_##name##_i64:                                                                            \
    {                                                                                          \
        EV_SCOPE64;                                                                            \
        U a = R64(ip->a);                                                                      \
        R64(ip->d) = (U)(expr);                                                                \
        NEXT;                                                                                  \
    }

#define RD_uint32_t R32
#define RD_uint64_t R64
#define H_CONV(name, tout, tin, expr)                                                          \
    L_##name:                                                                                  \
    {                                                                                          \
        tin a = RD_##tin(ip->a);                                                               \
        RD_##tout(ip->d) = (tout)(expr);                                                       \
        NEXT;                                                                                  \
    }

#define H_SETCOND(lbl, SCOPE, RD, BVAL, expr)                                                  \
    lbl : {                                                                                    \
        SCOPE;                                                                                 \
        U a = RD(ip->a), b = (BVAL);                                                           \
        RD(ip->d) = (expr);                                                                    \
        NEXT;                                                                                  \
    }
#define H_BRCOND(lbl, SCOPE, RD, BVAL, expr)                                                   \
    lbl : {                                                                                    \
        SCOPE;                                                                                 \
        U a = RD(ip->a), b = (BVAL);                                                           \
        if (expr)                                                                              \
            JUMP(ip->c);                                                                       \
        NEXT;                                                                                  \
    }
/*
 * The goto_tb words follow: ip + 1 when not taken, ip + 2 when taken.  Each
 * path has its own copy of the chain code, so the indirect jump into the
 * next TB is predicted per branch site.
 */
#define H_BRGOTO(lbl, SCOPE, RD, BVAL, expr)                                                   \
    lbl : {                                                                                    \
        SCOPE;                                                                                 \
        U a = RD(ip->a), b = (BVAL);                                                           \
        if (expr)                                                                              \
            GOTO_TB(ip + 2);                                                                   \
        GOTO_TB(ip + 1);                                                                       \
    }
#define H_COND(C, expr)                                                                        \
    H_SETCOND(L_sc32rr_##C, EV_SCOPE32, R32, R32(ip->b), expr)                                 \
    H_SETCOND(L_sc32ri_##C, EV_SCOPE32, R32, (U)ip->imm, expr)                                 \
    H_SETCOND(L_sc64rr_##C, EV_SCOPE64, R64, R64(ip->b), expr)                                 \
    H_SETCOND(L_sc64ri_##C, EV_SCOPE64, R64, ip->imm, expr)                                    \
    H_BRCOND(L_br32rr_##C, EV_SCOPE32, R32, R32(ip->b), expr)                                  \
    H_BRCOND(L_br32ri_##C, EV_SCOPE32, R32, (U)ip->imm, expr)                                  \
    H_BRCOND(L_br64rr_##C, EV_SCOPE64, R64, R64(ip->b), expr)                                  \
    H_BRCOND(L_br64ri_##C, EV_SCOPE64, R64, ip->imm, expr)                                     \
    H_BRGOTO(L_bx32rr_##C, EV_SCOPE32, R32, R32(ip->b), expr)                                  \
    H_BRGOTO(L_bx32ri_##C, EV_SCOPE32, R32, (U)ip->imm, expr)                                  \
    H_BRGOTO(L_bx64rr_##C, EV_SCOPE64, R64, R64(ip->b), expr)                                  \
    H_BRGOTO(L_bx64ri_##C, EV_SCOPE64, R64, ip->imm, expr)

/* d = expr of x = a ^ b and y = c ^ (e or imm); s32: sign-extended from 32 bits. */
#define H_XOR2_ONE(lbl, Y, FINAL)                                                              \
    lbl : {                                                                                    \
        uint64_t x = R64(ip->a) ^ R64(ip->b), y = R64(ip->c) ^ (Y);                            \
        R64(ip->d) = FINAL;                                                                    \
        NEXT;                                                                                  \
    }
#define H_XOR2(name, expr)                                                                     \
    H_XOR2_ONE(L_##name##_rr, R64(ip->e), (expr))                                              \
    H_XOR2_ONE(L_##name##_ri, ip->imm, (expr))                                                 \
    H_XOR2_ONE(L_##name##_s32_rr, R64(ip->e), (uint64_t)(int32_t)(expr))                       \
    H_XOR2_ONE(L_##name##_s32_ri, ip->imm, (uint64_t)(int32_t)(expr))

/* Host loads: the address is env + a, or the pointer in slot a plus imm. */
#define H_LD(name, rd, type)                                                                   \
    L_##name##_env : rd(ip->d) = *(const type *)(env + ip->a);                                 \
    NEXT;                                                                                      \
    L_##name##_ptr : rd(ip->d) = *(const type *)(uintptr_t)(R64(ip->a) + ip->imm);             \
    NEXT;
#define H_ST(name, type, rd)                                                                   \
    L_##name##_env : *(type *)(env + ip->a) = rd(ip->b);                                       \
    NEXT;                                                                                      \
    L_##name##_ptr : *(type *)(uintptr_t)(R64(ip->a) + ip->imm) = rd(ip->b);                   \
    NEXT;

/* Guest memory: d/b value, a address, c TLB table offset, e memop, f mmu_idx. */
#define H_QEMU_LD(lbl, rd, type)                                                               \
    lbl : {                                                                                    \
        uint64_t addr = R64(ip->a), v;                                                         \
        void *host = tlb_fast(env, ip->c, addr, ip->e, false);                                 \
        if (__builtin_expect(host != NULL, 1)) {                                               \
            v = load_host(host, ip->e);                                                        \
        } else {                                                                               \
            v = mem_extend(tcg_runtime.load_slow(env, addr, ip->e, ip->f), ip->e);             \
            if (exception_pending(env))                                                        \
                LEAVE(TB_EXIT_MAKE(TB_EXIT_EXCEPTION, ip->imm));                               \
        }                                                                                      \
        rd(ip->d) = (type)v;                                                                   \
        NEXT;                                                                                  \
    }
#define H_QEMU_ST(lbl, rd)                                                                     \
    lbl : {                                                                                    \
        uint64_t addr = R64(ip->a), v = rd(ip->b);                                             \
        void *host = tlb_fast(env, ip->c, addr, ip->e, true);                                  \
        if (__builtin_expect(host != NULL, 1)) {                                               \
            store_host(host, v, ip->e);                                                        \
        } else {                                                                               \
            tcg_runtime.store_slow(env, addr, v, ip->e, ip->f);                                \
            if (exception_pending(env))                                                        \
                LEAVE(TB_EXIT_MAKE(TB_EXIT_EXCEPTION, ip->imm));                               \
        }                                                                                      \
        NEXT;                                                                                  \
    }

/* The entry hit test of the fast paths, with the memop a constant. */
#define TLB_ENTRY(write_field, mop)                                                            \
    const CPUTLBEntry *ent = (const CPUTLBEntry *)(env + ip->c) + tlb_index(addr);             \
    bool hit = (addr & (TARGET_PAGE_MASK | (memop_size(mop) - 1))) == ent->write_field
#define H_FAST_LD(n, mop, type)                                                                \
    L_ld32_##n:                                                                                \
    {                                                                                          \
        uint64_t addr = R64(ip->a);                                                            \
        TLB_ENTRY(addr_read, mop);                                                             \
        if (__builtin_expect(!hit, 0))                                                         \
            goto L_qemu_ld_i32;                                                                \
        R32(ip->d) = (uint32_t) * (const type *)(uintptr_t)(addr + ent->addend);               \
        NEXT;                                                                                  \
    }                                                                                          \
    L_ld64_##n:                                                                                \
    {                                                                                          \
        uint64_t addr = R64(ip->a);                                                            \
        TLB_ENTRY(addr_read, mop);                                                             \
        if (__builtin_expect(!hit, 0))                                                         \
            goto L_qemu_ld_i64;                                                                \
        R64(ip->d) = (uint64_t) * (const type *)(uintptr_t)(addr + ent->addend);               \
        NEXT;                                                                                  \
    }
#define H_FAST_ST(n, mop, type)                                                                \
    L_st64_le##n:                                                                              \
    {                                                                                          \
        uint64_t addr = R64(ip->a);                                                            \
        TLB_ENTRY(addr_write, mop);                                                            \
        if (__builtin_expect(!hit, 0))                                                         \
            goto L_qemu_st_i64;                                                                \
        *(type *)(uintptr_t)(addr + ent->addend) = (type)R64(ip->b);                           \
        NEXT;                                                                                  \
    }

/*
 * Operand layout per op: see the emit_* functions of the builder below.
 * goto_tb exits follow code's chain links to other interpreted TBs here, as
 * tcg_code_exec_chain() describes, without leaving this function.
 */
TBExit tcg_interp_exec(TCGCode *code, void *envp, TCGChainRun *run)
{
    static const void *const table[IH_COUNT] = {
        TCG_BINOPS(L_BIN) TCG_UNOPS(L_UN) TCG_CONVOPS(L_CONV) TCG_CONDS(L_COND) OTHER_OPS(L_TWO)
            HOST_MEM_OPS(L_ENV) CONTROL_OPS(L_ONE) FAST_LDS(L_FAST_LD) FAST_STS(L_FAST_ST)
                XOR2_OPS(L_XOR2) EXT_MULTI_OPS(L_ONE) SUB_GEU_OPS(L_ONE) SUBS_OPS(L_ONE)
                    SUBS32_OPS(L_ONE) ADD_SHL_OPS(L_ONE)};
    if (!code) {
        interp_table = table;
        return 0;
    }
    char *env = envp;
    const InterpInsn *base = code->interp;
    const InterpInsn *ip = base;
    /* Instructions of the TBs completed by chaining, and the most allowed. */
    uint64_t done = run->insns;
    const uint64_t budget = run->budget;
    TBExit exit;
    goto * ip->h;

    TCG_BINOPS(H_BIN)
    TCG_UNOPS(H_UN)
    TCG_CONVOPS(H_CONV)
    TCG_CONDS(H_COND)

L_movi_i32:
    R32(ip->d) = (uint32_t)ip->imm;
    NEXT;
L_movi_i64:
    R64(ip->d) = ip->imm;
    NEXT;
L_negsetcond_i32:
    R32(ip->d) = tcg_ev_cond(ip->c, R32(ip->a), R32(ip->b), false) ? ~0u : 0;
    NEXT;
L_negsetcond_i64:
    R64(ip->d) = tcg_ev_cond(ip->c, R64(ip->a), R64(ip->b), true) ? ~0ull : 0;
    NEXT;
L_movcond_i32:
    R32(ip->d) = tcg_ev_cond(ip->f, R32(ip->a), R32(ip->b), false) ? R32(ip->c) : R32(ip->e);
    NEXT;
L_movcond_i64:
    R64(ip->d) = tcg_ev_cond(ip->f, R64(ip->a), R64(ip->b), true) ? R64(ip->c) : R64(ip->e);
    NEXT;
L_extract_i32:
    R32(ip->d) = (uint32_t)tcg_ev_extract(R32(ip->a), ip->b, ip->c);
    NEXT;
L_extract_i64:
    R64(ip->d) = tcg_ev_extract(R64(ip->a), ip->b, ip->c);
    NEXT;
L_sextract_i32:
    R32(ip->d) = (uint32_t)tcg_ev_sextract(R32(ip->a), ip->b, ip->c, 32);
    NEXT;
L_sextract_i64:
    R64(ip->d) = tcg_ev_sextract(R64(ip->a), ip->b, ip->c, 64);
    NEXT;
L_deposit_i32:
    R32(ip->d) = (uint32_t)tcg_ev_deposit(R32(ip->a), R32(ip->b), ip->c, ip->e);
    NEXT;
L_deposit_i64:
    R64(ip->d) = tcg_ev_deposit(R64(ip->a), R64(ip->b), ip->c, ip->e);
    NEXT;
L_extract2_i32:
    R32(ip->d) = (uint32_t)tcg_ev_extract2(R32(ip->a), R32(ip->b), ip->c, 32);
    NEXT;
L_extract2_i64:
    R64(ip->d) = tcg_ev_extract2(R64(ip->a), R64(ip->b), ip->c, 64);
    NEXT;
L_mulu2_i32 : {
    uint64_t p = (uint64_t)R32(ip->a) * R32(ip->b);
    R32(ip->d) = (uint32_t)p;
    R32(ip->e) = (uint32_t)(p >> 32);
    NEXT;
}
L_mulu2_i64 : {
    unsigned __int128 p = (unsigned __int128)R64(ip->a) * R64(ip->b);
    R64(ip->d) = (uint64_t)p;
    R64(ip->e) = (uint64_t)(p >> 64);
    NEXT;
}
L_muls2_i32 : {
    int64_t p = (int64_t)(int32_t)R32(ip->a) * (int32_t)R32(ip->b);
    R32(ip->d) = (uint32_t)p;
    R32(ip->e) = (uint32_t)((uint64_t)p >> 32);
    NEXT;
}
L_muls2_i64 : {
    __int128 p = (__int128)(int64_t)R64(ip->a) * (int64_t)R64(ip->b);
    R64(ip->d) = (uint64_t)p;
    R64(ip->e) = (uint64_t)((unsigned __int128)p >> 64);
    NEXT;
}
L_add2_i32 : {
    uint64_t x =
        ((uint64_t)R32(ip->b) << 32 | R32(ip->a)) + ((uint64_t)R32(ip->f) << 32 | R32(ip->c));
    R32(ip->d) = (uint32_t)x;
    R32(ip->e) = (uint32_t)(x >> 32);
    NEXT;
}
L_sub2_i32 : {
    uint64_t x =
        ((uint64_t)R32(ip->b) << 32 | R32(ip->a)) - ((uint64_t)R32(ip->f) << 32 | R32(ip->c));
    R32(ip->d) = (uint32_t)x;
    R32(ip->e) = (uint32_t)(x >> 32);
    NEXT;
}
L_add2_i64 : {
    unsigned __int128 x = ((unsigned __int128)R64(ip->b) << 64 | R64(ip->a)) +
                          ((unsigned __int128)R64(ip->f) << 64 | R64(ip->c));
    R64(ip->d) = (uint64_t)x;
    R64(ip->e) = (uint64_t)(x >> 64);
    NEXT;
}
L_sub2_i64 : {
    unsigned __int128 x = ((unsigned __int128)R64(ip->b) << 64 | R64(ip->a)) -
                          ((unsigned __int128)R64(ip->f) << 64 | R64(ip->c));
    R64(ip->d) = (uint64_t)x;
    R64(ip->e) = (uint64_t)(x >> 64);
    NEXT;
}

    H_LD(ld8u_i32, R32, uint8_t)
    H_LD(ld8s_i32, R32, int8_t)
    H_LD(ld16u_i32, R32, u16a)
    H_LD(ld16s_i32, R32, s16a)
    H_LD(ld32_i32, R32, u32a)
    H_LD(ld8u_i64, R64, uint8_t)
    H_LD(ld8s_i64, R64, int8_t)
    H_LD(ld16u_i64, R64, u16a)
    H_LD(ld16s_i64, R64, s16a)
    H_LD(ld32u_i64, R64, u32a)
    H_LD(ld32s_i64, R64, s32a)
    H_LD(ld64_i64, R64, u64a)
    H_ST(st8, uint8_t, R8)
    H_ST(st16, u16a, R16)
    H_ST(st32, u32a, R32)
    H_ST(st64, u64a, R64)

    /* Guest memory: d/b value, a address, c TLB table offset, e memop, f mmu_idx. */
    H_QEMU_LD(L_qemu_ld_i32, R32, uint32_t)
    H_QEMU_LD(L_qemu_ld_i64, R64, uint64_t)
    H_QEMU_ST(L_qemu_st_i32, R32)
    H_QEMU_ST(L_qemu_st_i64, R64)
    FAST_LDS(H_FAST_LD)
    FAST_STS(H_FAST_ST)

    XOR2_OPS(H_XOR2)
    /* One 64-bit source a extended into d, b (and c). */
L_ext_s_u : {
    uint64_t a = R64(ip->a);
    R64(ip->d) = (uint64_t)(int32_t)a;
    R64(ip->b) = (uint32_t)a;
    NEXT;
}
L_ext_s_u_u : {
    uint64_t a = R64(ip->a);
    R64(ip->d) = (uint64_t)(int32_t)a;
    R64(ip->b) = (uint32_t)a;
    R64(ip->c) = (uint32_t)a;
    NEXT;
}
L_sub_geu_rr : {
    uint64_t a = R64(ip->a), b = R64(ip->b);
    R64(ip->d) = a - b;
    R64(ip->c) = a >= b;
    NEXT;
}
L_sub_geu_ri : {
    uint64_t a = R64(ip->a), b = ip->imm;
    R64(ip->d) = a - b;
    R64(ip->c) = a >= b;
    NEXT;
}
#define H_SUBS64(lbl, B)                                                                       \
    lbl : {                                                                                    \
        uint64_t a = R64(ip->a), b = (B), r = a - b;                                           \
        R64(ip->d) = r;                                                                        \
        R64(ip->c) = a >= b;                                                                   \
        R64(ip->e) = (r ^ a) & (a ^ b);                                                        \
        R64(ip->f) = r;                                                                        \
        NEXT;                                                                                  \
    }
    H_SUBS64(L_subs64_rr, R64(ip->b))
    H_SUBS64(L_subs64_ri, ip->imm)
#define H_SUBS32(lbl, B, RESULT)                                                               \
    lbl : {                                                                                    \
        uint64_t a = (uint32_t)R64(ip->a), b = (uint32_t)(B), r = a - b;                       \
        R64(ip->c) = a >= b;                                                                   \
        R64(ip->e) = (uint64_t)(int32_t)((r ^ a) & (a ^ b));                                   \
        R64(ip->d) = (uint64_t)(int32_t)r;                                                     \
        R64(ip->f) = (uint32_t)r;                                                              \
        RESULT;                                                                                \
        NEXT;                                                                                  \
    }
    H_SUBS32(L_cmp32_rr, R64(ip->b), (void)0)
    H_SUBS32(L_cmp32_ri, ip->imm, (void)0)
    H_SUBS32(L_subs32_ri, ip->imm, R64(ip->b) = (uint32_t)r)
L_add_shl:
    R64(ip->d) = R64(ip->a) + (R64(ip->b) << ip->imm);
    NEXT;
L_ext_u_u : {
    uint64_t a = R64(ip->a);
    R64(ip->d) = (uint32_t)a;
    R64(ip->b) = (uint32_t)a;
    NEXT;
}

    /*
     * Helper call, two words.  First: d result (e: 0 void, 1 i32, 2 i64),
     * b insn index, c may fault, f nargs, imm the function.  Second: o[]
     * the argument offsets, imm a mask of the i32 arguments.
     */
L_call : {
    const InterpInsn *x = ip + 1;
    uint64_t v[TCG_MAX_HELPER_ARGS];
    for (int i = 0; i < ip->f; i++)
        v[i] = x->imm >> i & 1 ? R32(x->o[i]) : R64(x->o[i]);
    uint64_t r = call_helper((const void *)(uintptr_t)ip->imm, ip->f, v);
    if (ip->e == 1)
        R32(ip->d) = (uint32_t)r;
    else if (ip->e == 2)
        R64(ip->d) = r;
    if (ip->c && exception_pending(env))
        LEAVE(TB_EXIT_MAKE(TB_EXIT_EXCEPTION, ip->b));
    ip += 2;
    goto * ip->h;
}
L_br:
    JUMP(ip->c);
L_goto_tb:
    GOTO_TB(ip);
L_goto_ptr: /* imm is TB_EXIT_LOOKUP */
    exit = ip->imm;
    if (run->lookup && done + code->nb_insns < budget &&
        !__atomic_load_n(&((TCGCPUCommon *)env)->exit_request, __ATOMIC_ACQUIRE)) {
        TCGCode *next = run->lookup(env);
        if (next && !__atomic_load_n(&next->interp_chain_blocked, __ATOMIC_RELAXED)) {
            done += code->nb_insns;
            code = next;
            tcg_count_exec(code);
            base = ip = code->interp;
            goto * ip->h;
        }
    }
    LEAVE(exit);
L_exit: /* goto_tb, exit_tb and goto_ptr: imm is the TBExit */
    exit = ip->imm;
    if (TB_EXIT_REASON(exit) > TB_EXIT_GOTO_TB1)
        LEAVE(exit);
    CHAIN_OR_LEAVE();
}

/* ------------------------------------------------------------ the builder */

#define SLOT_WORDS (TCG_INTERP_SLOTS / 64)

typedef struct Builder {
    const TCGCode *code;
    InterpInsn *insns;
    unsigned n, cap;
    bool failed;
    unsigned guest_insn; /* index of the guest instruction being emitted */
    bool seen_insn;
    uint64_t free_slots[SLOT_WORDS]; /* bit set: slot free */
    int scratch[4];                  /* slots holding constants for this op */
    unsigned nb_scratch;
    int slot_of[TCG_MAX_TEMPS];
    int first_bb[TCG_MAX_TEMPS];
    unsigned last_use[TCG_MAX_TEMPS];
    unsigned label_pos[TCG_MAX_LABELS];
} Builder;

static __thread Builder *builder_state;

static int32_t slot_offset(int slot)
{
    return (int32_t)(offsetof(TCGCPUCommon, tcg_slots) + 8 * (unsigned)slot);
}

static int slot_alloc(Builder *b)
{
    for (unsigned w = 0; w < SLOT_WORDS; w++) {
        if (b->free_slots[w]) {
            int bit = __builtin_ctzll(b->free_slots[w]);
            b->free_slots[w] &= ~(1ull << bit);
            return (int)(w * 64) + bit;
        }
    }
    b->failed = true;
    return 0;
}

static void slot_free(Builder *b, int slot) { b->free_slots[slot / 64] |= 1ull << (slot % 64); }

static InterpInsn *insn_new(Builder *b, unsigned id)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 64;
        b->insns = realloc(b->insns, b->cap * sizeof(InterpInsn));
        if (!b->insns)
            fatal("out of memory for interpreter code");
    }
    InterpInsn *ip = &b->insns[b->n++];
    *ip = (InterpInsn){.h = id < IH_COUNT ? interp_table[id] : NULL};
    return ip;
}

static const TCGTemp *temp(Builder *b, TCGArg t) { return tcg_code_temp(b->code, t); }
static bool is_const(Builder *b, TCGArg t) { return temp(b, t)->kind == TEMP_CONST; }

/* The env offset where temp t lives, giving it a slot on first sight. */
static int32_t temp_offset(Builder *b, TCGArg t)
{
    const TCGTemp *tp = temp(b, t);
    if (tp->kind == TEMP_GLOBAL) {
        if (tp->mem_offset < 0 || tp->mem_offset > INT32_MAX)
            b->failed = true;
        return (int32_t)tp->mem_offset;
    }
    if (b->slot_of[t] < 0)
        b->slot_of[t] = slot_alloc(b);
    return slot_offset(b->slot_of[t]);
}

/* An input operand: constants are stored into a scratch slot first. */
static int32_t in_offset(Builder *b, TCGArg t)
{
    if (!is_const(b, t))
        return temp_offset(b, t);
    int slot = slot_alloc(b);
    InterpInsn *ip = insn_new(b, IH_movi_i64);
    ip->d = slot_offset(slot);
    ip->imm = temp(b, t)->val;
    b->scratch[b->nb_scratch++] = slot;
    return ip->d;
}

/* After an op's inputs are read: free scratch slots and dying temps' slots. */
static void release_inputs(Builder *b, const TCGOp *op, unsigned idx)
{
    for (unsigned i = 0; i < b->nb_scratch; i++)
        slot_free(b, b->scratch[i]);
    b->nb_scratch = 0;
    for (unsigned k = op->nb_oargs; k < op->nb_oargs + op->nb_iargs; k++) {
        TCGArg t = op->args[k];
        if (b->slot_of[t] >= 0 && b->first_bb[t] != TCG_TEMP_CROSS_BB &&
            b->last_use[t] == idx) {
            slot_free(b, b->slot_of[t]);
            b->slot_of[t] = -1;
        }
    }
}

/* Outputs nobody reads afterwards give their slot back at once. */
static void release_outputs(Builder *b, const TCGOp *op, unsigned idx)
{
    for (unsigned k = 0; k < op->nb_oargs; k++) {
        TCGArg t = op->args[k];
        if (b->slot_of[t] >= 0 && b->first_bb[t] != TCG_TEMP_CROSS_BB &&
            b->last_use[t] == idx) {
            slot_free(b, b->slot_of[t]);
            b->slot_of[t] = -1;
        }
    }
}

static bool op_is64(Builder *b, const TCGOp *op, unsigned k)
{
    return temp(b, op->args[k])->type == TCG_TYPE_I64;
}

/* ---- emitters: each reads inputs, releases them, then places outputs. */

static int binop_base(TCGOpcode opc)
{
    switch (opc) {
#define BASE_BIN(name, expr)                                                                   \
    case INDEX_op_##name##_i32:                                                                \
        return IH_##name##_i32_rr;                                                             \
    case INDEX_op_##name##_i64:                                                                \
        return IH_##name##_i64_rr;
        TCG_BINOPS(BASE_BIN)
    default:
        return -1;
    }
}

static int unop_id(TCGOpcode opc)
{
    switch (opc) {
#define ID_UN_CASE(name, expr)                                                                 \
    case INDEX_op_##name##_i32:                                                                \
        return IH_##name##_i32;                                                                \
    case INDEX_op_##name##_i64:                                                                \
        return IH_##name##_i64;
        TCG_UNOPS(ID_UN_CASE)
#define ID_CONV_CASE(name, tout, tin, expr)                                                    \
    case INDEX_op_##name:                                                                      \
        return IH_##name;
        TCG_CONVOPS(ID_CONV_CASE)
    default:
        return -1;
    }
}

static bool is_commutative_id(int base)
{
#define COMM_ID(name) base == IH_##name##_i32_rr || base == IH_##name##_i64_rr ||
    return TCG_COMMUTATIVE(COMM_ID) false;
}

/* With z32, the result goes zero-extended from 32 bits into temp out. */
static void emit_binop(Builder *b, const TCGOp *op, unsigned idx, int base, TCGArg out,
                       bool z32)
{
    TCGArg x = op->args[1], y = op->args[2];
    if (is_const(b, x) && !is_const(b, y) && is_commutative_id(base)) {
        TCGArg t = x;
        x = y;
        y = t;
    }
    int32_t a = in_offset(b, x), bo = 0;
    uint64_t imm = 0;
    bool ri = is_const(b, y);
    if (ri)
        imm = temp(b, y)->val;
    else
        bo = in_offset(b, y);
    release_inputs(b, op, idx);
    InterpInsn *ip = insn_new(b, (unsigned)base + 2 * z32 + ri);
    ip->a = a;
    ip->b = bo;
    ip->imm = imm;
    ip->d = temp_offset(b, out);
}

static void emit_mov(Builder *b, const TCGOp *op, unsigned idx)
{
    TCGArg src = op->args[1];
    bool is64 = op_is64(b, op, 0);
    if (is_const(b, src)) {
        release_inputs(b, op, idx);
        InterpInsn *ip = insn_new(b, is64 ? IH_movi_i64 : IH_movi_i32);
        ip->imm = temp(b, src)->val;
        ip->d = temp_offset(b, op->args[0]);
        return;
    }
    int32_t a = in_offset(b, src);
    release_inputs(b, op, idx);
    InterpInsn *ip = insn_new(b, is64 ? IH_mov_i64 : IH_mov_i32);
    ip->a = a;
    ip->d = temp_offset(b, op->args[0]);
}

static void emit_unop(Builder *b, const TCGOp *op, unsigned idx, int id)
{
    int32_t a = in_offset(b, op->args[1]);
    release_inputs(b, op, idx);
    InterpInsn *ip = insn_new(b, (unsigned)id);
    ip->a = a;
    ip->d = temp_offset(b, op->args[0]);
}

/* setcond (branch false) or brcond (branch true). */
static void emit_cond(Builder *b, const TCGOp *op, unsigned idx, bool branch)
{
    unsigned first = branch ? 0 : 1;
    TCGArg x = op->args[first], y = op->args[first + 1];
    TCGCond cond = op->args[first + 2];
    bool is64 = op_is64(b, op, first);

    if (is_const(b, x) && !is_const(b, y)) {
        TCGArg t = x;
        x = y;
        y = t;
        cond = tcg_swap_cond(cond);
    }
    if (cond == TCG_COND_ALWAYS || cond == TCG_COND_NEVER) {
        release_inputs(b, op, idx);
        if (branch) {
            if (cond == TCG_COND_ALWAYS)
                insn_new(b, IH_br)->c = (int32_t)op->args[3];
            return;
        }
        InterpInsn *ip = insn_new(b, is64 ? IH_movi_i64 : IH_movi_i32);
        ip->imm = cond == TCG_COND_ALWAYS;
        ip->d = temp_offset(b, op->args[0]);
        return;
    }
    int32_t a = in_offset(b, x), bo = 0;
    bool ri = is_const(b, y);
    uint64_t imm = ri ? temp(b, y)->val : 0;
    if (!ri)
        bo = in_offset(b, y);
    release_inputs(b, op, idx);
    unsigned id =
        IH_sc32rr_EQ + (cond - TCG_COND_EQ) * COND_VARIANTS + branch * 4 + is64 * 2 + ri;
    InterpInsn *ip = insn_new(b, id);
    ip->a = a;
    ip->b = bo;
    ip->imm = imm;
    if (branch)
        ip->c = (int32_t)op->args[3];
    else
        ip->d = temp_offset(b, op->args[0]);
}

/*
 * The generic layout: inputs into a, b, c, ... in order, outputs into d (and
 * e for a second one), constant args after the inputs.
 */
static void emit_generic(Builder *b, const TCGOp *op, unsigned idx, unsigned id)
{
    static const int in_slot[] = {1, 2, 3, 4, 5};
    int32_t in[5];
    for (unsigned k = 0; k < op->nb_iargs; k++)
        in[k] = in_offset(b, op->args[op->nb_oargs + k]);
    release_inputs(b, op, idx);
    InterpInsn *ip = insn_new(b, id);
    unsigned pos = 0;
    for (unsigned k = 0; k < op->nb_iargs; k++)
        ip->o[in_slot[pos++]] = in[k];
    for (unsigned k = 0; k < op->nb_cargs; k++)
        ip->o[in_slot[pos++]] = (int32_t)op->args[op->nb_oargs + op->nb_iargs + k];
    ip->d = temp_offset(b, op->args[0]);
    if (op->nb_oargs == 2)
        ip->e = temp_offset(b, op->args[1]);
}

/* add2/sub2: d lo, e hi, a al, b ah, c bl, f bh. */
static void emit_double(Builder *b, const TCGOp *op, unsigned idx, unsigned id)
{
    int32_t in[4];
    for (unsigned k = 0; k < 4; k++)
        in[k] = in_offset(b, op->args[2 + k]);
    release_inputs(b, op, idx);
    InterpInsn *ip = insn_new(b, id);
    ip->a = in[0];
    ip->b = in[1];
    ip->c = in[2];
    ip->f = in[3];
    ip->d = temp_offset(b, op->args[0]);
    ip->e = temp_offset(b, op->args[1]);
}

static int host_load_id(TCGOpcode opc)
{
    switch (opc) {
    case INDEX_op_ld8u_i32:
        return IH_ld8u_i32_env;
    case INDEX_op_ld8s_i32:
        return IH_ld8s_i32_env;
    case INDEX_op_ld16u_i32:
        return IH_ld16u_i32_env;
    case INDEX_op_ld16s_i32:
        return IH_ld16s_i32_env;
    case INDEX_op_ld_i32:
        return IH_ld32_i32_env;
    case INDEX_op_ld8u_i64:
        return IH_ld8u_i64_env;
    case INDEX_op_ld8s_i64:
        return IH_ld8s_i64_env;
    case INDEX_op_ld16u_i64:
        return IH_ld16u_i64_env;
    case INDEX_op_ld16s_i64:
        return IH_ld16s_i64_env;
    case INDEX_op_ld32u_i64:
        return IH_ld32u_i64_env;
    case INDEX_op_ld32s_i64:
        return IH_ld32s_i64_env;
    case INDEX_op_ld_i64:
        return IH_ld64_i64_env;
    default:
        return -1;
    }
}

static int host_store_id(TCGOpcode opc)
{
    switch (opc) {
    case INDEX_op_st8_i32:
    case INDEX_op_st8_i64:
        return IH_st8_env;
    case INDEX_op_st16_i32:
    case INDEX_op_st16_i64:
        return IH_st16_env;
    case INDEX_op_st_i32:
    case INDEX_op_st32_i64:
        return IH_st32_env;
    case INDEX_op_st_i64:
        return IH_st64_env;
    default:
        return -1;
    }
}

static bool env_relative(TCGArg base, intptr_t ofs)
{
    return base == tcg_env_index && ofs >= 0 && ofs <= INT32_MAX;
}

/* ld/st relative to a host pointer: the _env variant when the base is env. */
static void emit_host_mem(Builder *b, const TCGOp *op, unsigned idx, int env_id, bool store)
{
    TCGArg base = op->args[1];
    intptr_t ofs = (intptr_t)op->args[2];
    int32_t val = store ? in_offset(b, op->args[0]) : 0;
    bool on_env = env_relative(base, ofs);
    int32_t a = on_env ? (int32_t)ofs : in_offset(b, base);
    release_inputs(b, op, idx);
    InterpInsn *ip = insn_new(b, (unsigned)env_id + !on_env);
    ip->a = a;
    ip->imm = (uint64_t)ofs;
    if (store)
        ip->b = val;
    else
        ip->d = temp_offset(b, op->args[0]);
}

static void emit_guest_mem(Builder *b, const TCGOp *op, unsigned idx, unsigned id, bool store)
{
    MemOp mop = op->args[2];
    unsigned mmu_idx = op->args[3];
    if (mmu_idx >= TCG_MMU_IDX_MAX)
        gemu_bug("mmu_idx %u out of range", mmu_idx);
    int32_t val = store ? in_offset(b, op->args[0]) : 0;
    int32_t addr = in_offset(b, op->args[1]);
    release_inputs(b, op, idx);
    InterpInsn *ip = insn_new(b, id);
    ip->a = addr;
    ip->c = (int32_t)offsetof(TCGCPUCommon, tlb[mmu_idx]);
    ip->e = mop;
    ip->f = (int32_t)mmu_idx;
    ip->imm = b->guest_insn;
    if (store)
        ip->b = val;
    else
        ip->d = temp_offset(b, op->args[0]);
}

/* A handler with the memop built in for little-endian accesses. */
static unsigned guest_load_id(const TCGOp *op)
{
    bool is64 = op->opc == INDEX_op_qemu_ld_i64;
    MemOp mop = op->args[2];
    if (mop & MO_BE)
        return is64 ? IH_qemu_ld_i64 : IH_qemu_ld_i32;
    switch (mop & (MO_SIZE | MO_SIGN)) {
#define FAST_LD_CASE(n, m, type)                                                               \
    case m:                                                                                    \
        return is64 ? IH_ld64_##n : IH_ld32_##n;
        FAST_LDS(FAST_LD_CASE)
    default:
        return is64 ? IH_qemu_ld_i64 : IH_qemu_ld_i32;
    }
}

static unsigned guest_store_id(const TCGOp *op)
{
    MemOp mop = op->args[2];
    if (op->opc == INDEX_op_qemu_st_i32 || mop & MO_BE)
        return op->opc == INDEX_op_qemu_st_i32 ? IH_qemu_st_i32 : IH_qemu_st_i64;
    switch (mop & MO_SIZE) {
#define FAST_ST_CASE(n, m, type)                                                               \
    case m:                                                                                    \
        return IH_st64_le##n;
        FAST_STS(FAST_ST_CASE)
    }
    return IH_qemu_st_i64;
}

static void emit_call(Builder *b, const TCGOp *op, unsigned idx)
{
    const TCGHelperInfo *info = op->info;
    int32_t args[TCG_MAX_HELPER_ARGS] = {0};
    uint64_t i32_mask = 0;
    for (unsigned k = 0; k < op->nb_iargs; k++) {
        TCGArg t = op->args[op->nb_oargs + k];
        args[k] = in_offset(b, t);
        if (temp(b, t)->type == TCG_TYPE_I32)
            i32_mask |= 1ull << k;
    }
    release_inputs(b, op, idx);
    InterpInsn *ip = insn_new(b, IH_call);
    ip->imm = (uint64_t)(uintptr_t)info->func;
    ip->b = (int32_t)b->guest_insn;
    ip->c = (info->flags & TCG_CALL_MAY_FAULT) != 0;
    ip->f = (int32_t)op->nb_iargs;
    if (op->nb_oargs) {
        ip->e = info->ret == TCG_TYPE_I32 ? 1 : 2;
        ip->d = temp_offset(b, op->args[0]);
    }
    InterpInsn *x = insn_new(b, IH_COUNT);
    memcpy(x->o, args, sizeof(x->o));
    x->imm = i32_mask;
}

static void emit_exit(Builder *b, unsigned id, uint64_t value) { insn_new(b, id)->imm = value; }

#define TWO_CASE(name)                                                                         \
    case INDEX_op_##name##_i32:                                                                \
    case INDEX_op_##name##_i64:
#define ID_OF(name, op) ((op)->opc == INDEX_op_##name##_i64 ? IH_##name##_i64 : IH_##name##_i32)

static unsigned generic_id(const TCGOp *op)
{
    switch (op->opc) {
#define GENERIC_CASE(name) TWO_CASE(name) return ID_OF(name, op);
        GENERIC_OPS(GENERIC_CASE)
    default:
        gemu_bug("interpreter: %s is not a generic op", tcg_op_defs[op->opc].name);
    }
}

static void emit_op_body(Builder *b, const TCGOp *op, unsigned idx)
{
    int id;
    switch (op->opc) {
    case INDEX_op_insn_start:
        /* Faults before the first insn_start are charged to instruction 0. */
        b->guest_insn += b->seen_insn;
        b->seen_insn = true;
        return;
    case INDEX_op_set_label:
        b->label_pos[op->args[0]] = b->n;
        return;
    case INDEX_op_br:
        insn_new(b, IH_br)->c = (int32_t)op->args[0];
        return;
    case INDEX_op_mb:
        return;
    case INDEX_op_goto_tb:
        emit_exit(b, IH_exit, op->args[0]);
        return;
    case INDEX_op_exit_tb:
        emit_exit(b, IH_exit, op->args[0]);
        return;
    case INDEX_op_goto_ptr:
        emit_exit(b, IH_goto_ptr, TB_EXIT_LOOKUP);
        return;
    case INDEX_op_call:
        emit_call(b, op, idx);
        return;
        TWO_CASE(mov)
        emit_mov(b, op, idx);
        return;
        TWO_CASE(setcond)
        emit_cond(b, op, idx, false);
        return;
        TWO_CASE(brcond)
        emit_cond(b, op, idx, true);
        return;
        TWO_CASE(negsetcond)
        TWO_CASE(movcond) TWO_CASE(extract) TWO_CASE(sextract) TWO_CASE(deposit)
            TWO_CASE(extract2) emit_generic(b, op, idx, generic_id(op));
        return;
        TWO_CASE(mulu2) TWO_CASE(muls2) emit_generic(b, op, idx, generic_id(op));
        return;
        TWO_CASE(add2) TWO_CASE(sub2) emit_double(b, op, idx, generic_id(op));
        return;
    case INDEX_op_qemu_ld_i32:
    case INDEX_op_qemu_ld_i64:
        emit_guest_mem(b, op, idx, guest_load_id(op), false);
        return;
    case INDEX_op_qemu_st_i32:
    case INDEX_op_qemu_st_i64:
        emit_guest_mem(b, op, idx, guest_store_id(op), true);
        return;
    default:
        break;
    }
    if ((id = binop_base(op->opc)) >= 0)
        emit_binop(b, op, idx, id, op->args[0], false);
    else if ((id = unop_id(op->opc)) >= 0)
        emit_unop(b, op, idx, id);
    else if ((id = host_load_id(op->opc)) >= 0)
        emit_host_mem(b, op, idx, id, false);
    else if ((id = host_store_id(op->opc)) >= 0)
        emit_host_mem(b, op, idx, id, true);
    else
        gemu_bug("interpreter: no handler for %s", tcg_op_defs[op->opc].name);
}

static void emit_op(Builder *b, const TCGOp *op, unsigned idx)
{
    emit_op_body(b, op, idx);
    release_outputs(b, op, idx);
}

/*
 * "mov_i64 global, $const; goto_tb n": how targets leave with a known pc.
 * One handler stores the pc and follows the chain.
 */
static bool fuses_goto_tb(Builder *b, const TCGOp *op, const TCGOp *next)
{
    return op->opc == INDEX_op_mov_i64 && next->opc == INDEX_op_goto_tb &&
           temp(b, op->args[0])->kind == TEMP_GLOBAL && is_const(b, op->args[1]);
}

static void emit_goto_tb(Builder *b, const TCGOp *mov, const TCGOp *goto_tb)
{
    InterpInsn *ip = insn_new(b, IH_goto_tb);
    ip->d = temp_offset(b, mov->args[0]);
    ip->imm = temp(b, mov->args[1])->val;
    ip->b = (int32_t)goto_tb->args[0];
}

/*
 * "op_i64 t, a, b; ext32u_i64 d, t" where nothing else reads t: one handler.
 * This is how translators write 32-bit guest ops on 64-bit registers.
 */
static bool fuses_ext32u(Builder *b, const TCGOp *op, const TCGOp *next, unsigned idx)
{
    TCGArg t = op->args[0];
    if (next->opc != INDEX_op_ext32u_i64 || binop_base(op->opc) < 0 || op->nb_oargs != 1 ||
        next->args[1] != t || op->args[1] == t || op->args[2] == t)
        return false;
    const TCGTemp *tp = temp(b, t);
    return tp->type == TCG_TYPE_I64 && tp->kind == TEMP_TB &&
           b->first_bb[t] != TCG_TEMP_CROSS_BB && b->last_use[t] == idx + 1;
}

/* Temp t is a TB temp of this block that nothing reads after op idx. */
static bool dies_at(Builder *b, TCGArg t, unsigned idx)
{
    const TCGTemp *tp = temp(b, t);
    return tp->type == TCG_TYPE_I64 && tp->kind == TEMP_TB &&
           b->first_bb[t] != TCG_TEMP_CROSS_BB && b->last_use[t] == idx;
}

/* Op i of the code if it exists and has opcode opc, else NULL. */
static const TCGOp *op_at(Builder *b, unsigned i, TCGOpcode opc)
{
    const TCGOp *op = i < b->code->nb_ops ? &b->code->ops[i] : NULL;
    return op && op->opc == opc ? op : NULL;
}

/*
 * "xor t1, a, b; xor t2, c, e; and|andc d, t1, t2 [; ext32s v, d]" with t1,
 * t2 (and d) read nowhere else: how A64 SUBS/ADDS compute V.  d may reuse
 * t1 or t2.  The handler reads all inputs before it writes, so the second
 * xor only must not read t1.  Returns the ops fused, or 0.
 */
static unsigned fuse_xor2(Builder *b, unsigned i)
{
    const TCGOp *x0 = op_at(b, i, INDEX_op_xor_i64), *x1 = op_at(b, i + 1, INDEX_op_xor_i64);
    const TCGOp *comb = op_at(b, i + 2, INDEX_op_and_i64);
    bool andc = false;
    if (!comb) {
        comb = op_at(b, i + 2, INDEX_op_andc_i64);
        andc = true;
    }
    if (!x0 || !x1 || !comb)
        return 0;
    TCGArg t1 = x0->args[0], t2 = x1->args[0], d = comb->args[0];
    if (t1 == t2 || x1->args[1] == t1 || x1->args[2] == t1)
        return 0;
    const TCGOp *px = x0, *py = x1; /* the xors giving the combiner's x and y */
    if (comb->args[1] == t2 && comb->args[2] == t1 && !andc) {
        px = x1;
        py = x0;
    } else if (comb->args[1] != t1 || comb->args[2] != t2) {
        return 0;
    }
    if (!(dies_at(b, t1, i + 2) || (d == t1 && temp(b, t1)->kind == TEMP_TB)) ||
        !(dies_at(b, t2, i + 2) || (d == t2 && temp(b, t2)->kind == TEMP_TB)))
        return 0;
    const TCGOp *ext = op_at(b, i + 3, INDEX_op_ext32s_i64);
    bool s32 = ext && ext->args[1] == d && dies_at(b, d, i + 3);

    TCGArg yc = py->args[1], ye = py->args[2];
    if (is_const(b, yc) && !is_const(b, ye)) {
        yc = ye;
        ye = py->args[1];
    }
    int32_t a = in_offset(b, px->args[1]), bo = in_offset(b, px->args[2]), c = in_offset(b, yc),
            e = 0;
    bool ri = is_const(b, ye);
    if (!ri)
        e = in_offset(b, ye);
    unsigned n = 3 + s32;
    for (unsigned k = 0; k < n; k++)
        release_inputs(b, &b->code->ops[i + k], i + k);
    unsigned id = (andc ? IH_xor2_andc_rr : IH_xor2_and_rr) + 2 * s32 + ri;
    InterpInsn *ip = insn_new(b, id);
    const TCGOp *last = s32 ? ext : comb;
    *ip = (InterpInsn){
        .h = ip->h, .a = a, .b = bo, .c = c, .e = e, .imm = ri ? temp(b, ye)->val : 0};
    ip->d = temp_offset(b, last->args[0]);
    release_outputs(b, last, i + n - 1);
    return n;
}

/*
 * "ext32s|ext32u d, a; ext32u d2, a [; ext32u d3, a]": N, Z and the result
 * register of a 32-bit flag-setting op, in one handler.  No destination
 * but the last may be a.  Returns the ops fused, or 0.
 */
static unsigned fuse_ext_multi(Builder *b, unsigned i)
{
    const TCGOp *e0 = op_at(b, i, INDEX_op_ext32s_i64), *e1, *e2;
    bool sign = e0 != NULL;
    if (!e0)
        e0 = op_at(b, i, INDEX_op_ext32u_i64);
    if (!e0 || !(e1 = op_at(b, i + 1, INDEX_op_ext32u_i64)))
        return 0;
    TCGArg src = e0->args[1];
    if (e1->args[1] != src || e0->args[0] == src || is_const(b, src))
        return 0;
    e2 = sign ? op_at(b, i + 2, INDEX_op_ext32u_i64) : NULL;
    bool three = e2 && e2->args[1] == src && e1->args[0] != src;
    int32_t a = in_offset(b, src);
    unsigned n = 2 + three;
    for (unsigned k = 0; k < n; k++)
        release_inputs(b, &b->code->ops[i + k], i + k);
    InterpInsn *ip = insn_new(b, !sign ? IH_ext_u_u : three ? IH_ext_s_u_u : IH_ext_s_u);
    ip->a = a;
    ip->d = temp_offset(b, e0->args[0]);
    ip->b = temp_offset(b, e1->args[0]);
    if (three)
        ip->c = temp_offset(b, e2->args[0]);
    for (unsigned k = 0; k < n; k++)
        release_outputs(b, &b->code->ops[i + k], i + k);
    return n;
}

/*
 * "sub_i64 d, a, b; setcond_i64 c, a, b, geu" where d is neither a nor b
 * (the setcond must see the inputs the sub saw).  Returns the ops fused.
 */
static unsigned fuse_sub_geu(Builder *b, unsigned i)
{
    const TCGOp *sub = op_at(b, i, INDEX_op_sub_i64),
                *sc = op_at(b, i + 1, INDEX_op_setcond_i64);
    if (!sub || !sc || sc->args[3] != TCG_COND_GEU || sc->args[1] != sub->args[1] ||
        sc->args[2] != sub->args[2])
        return 0;
    TCGArg d = sub->args[0], x = sub->args[1], y = sub->args[2];
    if (d == x || d == y || sc->args[0] == d)
        return 0;
    int32_t a = in_offset(b, x), bo = 0;
    bool ri = is_const(b, y);
    if (!ri)
        bo = in_offset(b, y);
    release_inputs(b, sub, i);
    release_inputs(b, sc, i + 1);
    InterpInsn *ip = insn_new(b, ri ? IH_sub_geu_ri : IH_sub_geu_rr);
    ip->a = a;
    ip->b = bo;
    ip->imm = ri ? temp(b, y)->val : 0;
    ip->d = temp_offset(b, d);
    ip->c = temp_offset(b, sc->args[0]);
    release_outputs(b, sub, i);
    release_outputs(b, sc, i + 1);
    return 2;
}

/* Op i is "xor_i64 t, x, y" with exactly these inputs; its output, or -1. */
static int64_t xor_of(Builder *b, unsigned i, TCGArg x, TCGArg y)
{
    const TCGOp *op = op_at(b, i, INDEX_op_xor_i64);
    return op && op->args[1] == x && op->args[2] == y ? (int64_t)op->args[0] : -1;
}

/*
 * The six ops of a 64-bit SUBS: "sub n, x, y; setcond c, x, y, geu;
 * xor t1, n, x; xor t2, x, y; and v, t1, t2; mov z, n", with t1 and t2
 * dying there and no output overwriting x, y or n before it is read.
 */
static unsigned fuse_subs64(Builder *b, unsigned i)
{
    const TCGOp *sub = op_at(b, i, INDEX_op_sub_i64),
                *sc = op_at(b, i + 1, INDEX_op_setcond_i64);
    const TCGOp *and = op_at(b, i + 4, INDEX_op_and_i64),
                *mov = op_at(b, i + 5, INDEX_op_mov_i64);
    if (!sub || !sc || !and || !mov)
        return 0;
    TCGArg n = sub->args[0], x = sub->args[1], y = sub->args[2], c = sc->args[0],
           v = and->args[0];
    int64_t t1 = xor_of(b, i + 2, n, x), t2 = xor_of(b, i + 3, x, y);
    if (sc->args[3] != TCG_COND_GEU || sc->args[1] != x || sc->args[2] != y || t1 < 0 ||
        t2 < 0 || t1 == t2 || mov->args[1] != n)
        return 0;
    if (!((and->args[1] == (TCGArg)t1 && and->args[2] == (TCGArg)t2) ||
          (and->args[1] == (TCGArg)t2 && and->args[2] == (TCGArg)t1)))
        return 0;
    if (!dies_at(b, t1, i + 4) || !dies_at(b, t2, i + 4) || n == x || n == y || c == x ||
        c == y || c == n || v == x || v == y || v == n || is_const(b, x))
        return 0;
    int32_t a = in_offset(b, x), bo = 0;
    bool ri = is_const(b, y);
    if (!ri)
        bo = in_offset(b, y);
    for (unsigned k = 0; k < 6; k++)
        release_inputs(b, &b->code->ops[i + k], i + k);
    InterpInsn *ip = insn_new(b, ri ? IH_subs64_ri : IH_subs64_rr);
    ip->a = a;
    ip->b = bo;
    ip->imm = ri ? temp(b, y)->val : 0;
    ip->d = temp_offset(b, n);
    ip->c = temp_offset(b, c);
    ip->e = temp_offset(b, v);
    ip->f = temp_offset(b, mov->args[0]);
    for (unsigned k = 0; k < 6; k++)
        release_outputs(b, &b->code->ops[i + k], i + k);
    return 6;
}

/* Op i has opcode opc and input k equal to in[k] (for k < n). */
static const TCGOp *op_reads(Builder *b, unsigned i, TCGOpcode opc, unsigned n,
                             const TCGArg *in)
{
    const TCGOp *op = op_at(b, i, opc);
    for (unsigned k = 0; op && k < n; k++) {
        if (op->args[op->nb_oargs + k] != in[k])
            return NULL;
    }
    return op;
}

/*
 * The ops of a 32-bit SUBS from 64-bit registers: "ext32u za, x;
 * [ext32u zb, y;] sub r, za, zb; setcond c, za, zb, geu; xor t1, r, za;
 * xor t2, za, zb; and v1, t1, t2; ext32s v, v1; ext32s n, r; ext32u z, r
 * [; ext32u d, r]" with zb the constant $y when there is no second
 * ext32u.  x and y are read before any output is written, so only the
 * temps in between must die there.
 */
static unsigned fuse_subs32(Builder *b, unsigned i)
{
    const TCGOp *ea = op_at(b, i, INDEX_op_ext32u_i64),
                *eb = op_at(b, i + 1, INDEX_op_ext32u_i64);
    if (!ea || is_const(b, ea->args[1]))
        return 0;
    TCGArg za = ea->args[0], zb;
    unsigned k = i + 1;
    if (eb && !is_const(b, eb->args[1]) && eb->args[0] != za && eb->args[1] != za) {
        zb = eb->args[0];
        k++;
    } else {
        const TCGOp *sub = op_at(b, k, INDEX_op_sub_i64);
        if (!sub || !is_const(b, sub->args[2]))
            return 0;
        zb = sub->args[2];
        eb = NULL;
    }
    const TCGArg in_ab[2] = {za, zb};
    const TCGOp *sub = op_reads(b, k, INDEX_op_sub_i64, 2, in_ab);
    const TCGOp *sc = op_reads(b, k + 1, INDEX_op_setcond_i64, 2, in_ab);
    if (!sub || !sc || sc->args[3] != TCG_COND_GEU)
        return 0;
    TCGArg r = sub->args[0];
    const TCGArg in_ra[2] = {r, za};
    const TCGOp *x1 = op_reads(b, k + 2, INDEX_op_xor_i64, 2, in_ra);
    const TCGOp *x2 = op_reads(b, k + 3, INDEX_op_xor_i64, 2, in_ab);
    if (!x1 || !x2)
        return 0;
    const TCGArg in_t[2] = {x1->args[0], x2->args[0]};
    const TCGOp *and = op_reads(b, k + 4, INDEX_op_and_i64, 2, in_t);
    if (!and)
        return 0;
    const TCGOp *ev = op_reads(b, k + 5, INDEX_op_ext32s_i64, 1, &and->args[0]);
    const TCGOp *en = op_reads(b, k + 6, INDEX_op_ext32s_i64, 1, &r);
    const TCGOp *ez = op_reads(b, k + 7, INDEX_op_ext32u_i64, 1, &r);
    const TCGOp *ed = eb ? NULL : op_reads(b, k + 8, INDEX_op_ext32u_i64, 1, &r);
    if (!ev || !en || !ez)
        return 0;
    unsigned last = k + 7 + (ed != NULL);
    TCGArg c = sc->args[0], v = ev->args[0], n = en->args[0], z = ez->args[0];
    /* Internal temps die; outputs do not feed the ops that follow them. */
    TCGArg t1 = x1->args[0], t2 = x2->args[0], v1 = and->args[0];
    if (!dies_at(b, r, last) ||
        !(dies_at(b, t1, k + 4) || (t1 == v1 && dies_at(b, t1, k + 5))) ||
        !(dies_at(b, t2, k + 4) || (t2 == v1 && dies_at(b, t2, k + 5))) ||
        !dies_at(b, v1, k + 5) || t1 == t2 || v1 == r || t1 == r || t2 == r || t1 == za ||
        t2 == za || !dies_at(b, za, k + 3) || (eb && !dies_at(b, zb, k + 3)) || r == za ||
        r == zb)
        return 0;
    if (c == za || c == zb || c == r || v == r || n == r || z == r)
        return 0;
    int32_t a = in_offset(b, ea->args[1]), bo = eb ? in_offset(b, eb->args[1]) : 0;
    for (unsigned j = i; j <= last; j++)
        release_inputs(b, &b->code->ops[j], j);
    InterpInsn *ip = insn_new(b, eb ? IH_cmp32_rr : ed ? IH_subs32_ri : IH_cmp32_ri);
    ip->a = a;
    ip->b = bo;
    ip->imm = eb ? 0 : temp(b, zb)->val;
    ip->c = temp_offset(b, c);
    ip->e = temp_offset(b, v);
    ip->d = temp_offset(b, n);
    ip->f = temp_offset(b, z);
    if (ed)
        ip->b = temp_offset(b, ed->args[0]);
    for (unsigned j = i; j <= last; j++)
        release_outputs(b, &b->code->ops[j], j);
    return last - i + 1;
}

/* "shl_i64 t, x, $k; add_i64 d, y, t" (either add order), t dying there. */
static unsigned fuse_add_shl(Builder *b, unsigned i)
{
    const TCGOp *shl = op_at(b, i, INDEX_op_shl_i64), *add = op_at(b, i + 1, INDEX_op_add_i64);
    if (!shl || !add || !is_const(b, shl->args[2]) || is_const(b, shl->args[1]))
        return 0;
    TCGArg t = shl->args[0], y = add->args[1] == t ? add->args[2] : add->args[1];
    if ((add->args[1] != t && add->args[2] != t) || y == t || !dies_at(b, t, i + 1) ||
        temp(b, shl->args[2])->val > 63)
        return 0;
    int32_t bo = in_offset(b, shl->args[1]), a = in_offset(b, y);
    release_inputs(b, shl, i);
    release_inputs(b, add, i + 1);
    InterpInsn *ip = insn_new(b, IH_add_shl);
    ip->a = a;
    ip->b = bo;
    ip->imm = temp(b, shl->args[2])->val;
    ip->d = temp_offset(b, add->args[0]);
    release_outputs(b, add, i + 1);
    return 2;
}

static unsigned fuse_op_ext32u(Builder *b, unsigned i)
{
    const TCGOp *ops = b->code->ops;
    if (i + 1 >= b->code->nb_ops || !fuses_ext32u(b, &ops[i], &ops[i + 1], i))
        return 0;
    emit_binop(b, &ops[i], i, binop_base(ops[i].opc), ops[i + 1].args[0], true);
    release_outputs(b, &ops[i + 1], i + 1);
    return 2;
}

static unsigned fuse_pc_goto_tb(Builder *b, unsigned i)
{
    const TCGOp *ops = b->code->ops;
    if (i + 1 >= b->code->nb_ops || !fuses_goto_tb(b, &ops[i], &ops[i + 1]))
        return 0;
    emit_goto_tb(b, &ops[i], &ops[i + 1]);
    return 2;
}

/* Patterns of consecutive ops emitted as one handler, tried in order. */
static unsigned (*const fusers[])(Builder *b, unsigned i) = {
    fuse_subs32,  fuse_subs64,  fuse_xor2,      fuse_ext_multi,
    fuse_sub_geu, fuse_add_shl, fuse_op_ext32u, fuse_pc_goto_tb,
};

/* Emit op i, or a fused run starting there; returns the ops consumed. */
static unsigned emit_fused(Builder *b, unsigned i)
{
    for (unsigned k = 0; k < sizeof(fusers) / sizeof(fusers[0]); k++) {
        unsigned n = fusers[k](b, i);
        if (n)
            return n;
    }
    emit_op(b, &b->code->ops[i], i);
    return 1;
}

/* Temps whose value flows between blocks keep one slot for the whole TB. */
static void assign_cross_block_slots(Builder *b)
{
    const TCGCode *code = b->code;
    tcg_classify_temps(code->ops, code->nb_ops, code->nb_temps, b->first_bb);
    for (unsigned t = 0; t < code->nb_temps; t++) {
        b->slot_of[t] = -1;
        if (tcg_code_temp(code, t)->kind == TEMP_TB && b->first_bb[t] == TCG_TEMP_CROSS_BB)
            b->slot_of[t] = slot_alloc(b);
    }
    for (unsigned i = 0; i < code->nb_ops; i++) {
        const TCGOp *op = &code->ops[i];
        for (unsigned k = 0; k < op->nb_oargs + op->nb_iargs; k++)
            b->last_use[op->args[k]] = i;
    }
}

/* The brcond handler id of h (0..3 for 32rr, 32ri, 64rr, 64ri of a cond), or -1. */
static int brcond_id(const void *h)
{
    for (unsigned c = 0; c <= TCG_COND_TSTNE - TCG_COND_EQ; c++) {
        unsigned first = IH_sc32rr_EQ + c * COND_VARIANTS + 4;
        for (unsigned v = 0; v < 4; v++) {
            if (h == interp_table[first + v])
                return (int)(first + v);
        }
    }
    return -1;
}

/*
 * "brcond L; goto_tb; L: goto_tb", how a TB ends in a conditional branch:
 * the brcond picks the exit word itself and jumps straight to the goto_tb
 * handler, saving a dispatch per TB.  Runs after label resolution.
 */
static void fuse_branch_exits(Builder *b)
{
    const void *goto_tb = interp_table[IH_goto_tb];
    for (unsigned i = 0; i + 2 < b->n; i++) {
        InterpInsn *ip = &b->insns[i];
        int id = ip->h ? brcond_id(ip->h) : -1;
        if (id >= 0 && ip[1].h == goto_tb && ip[2].h == goto_tb && ip->c == (int32_t)(i + 2))
            ip->h = interp_table[id + 4];
    }
}

static void resolve_labels(Builder *b)
{
    for (unsigned i = 0; i < b->n; i++) {
        InterpInsn *ip = &b->insns[i];
        if (ip->h == NULL) /* data word of a call */
            continue;
        bool is_branch = ip->h == interp_table[IH_br];
        for (unsigned c = TCG_COND_EQ; c <= TCG_COND_TSTNE && !is_branch; c++) {
            unsigned first = IH_sc32rr_EQ + (c - TCG_COND_EQ) * COND_VARIANTS + 4;
            for (unsigned v = 0; v < 4; v++)
                is_branch |= ip->h == interp_table[first + v];
        }
        if (!is_branch)
            continue;
        if ((unsigned)ip->c >= b->code->nb_labels || b->label_pos[ip->c] == UINT32_MAX) {
            b->failed = true;
            return;
        }
        ip->c = (int32_t)b->label_pos[ip->c];
    }
}

static const char *handler_name(const void *h)
{
    for (unsigned id = 0; id < IH_COUNT; id++) {
        if (interp_table[id] == h)
            return handler_names[id];
    }
    return "(data)";
}

/* Operands are env offsets; slots print as sN, other offsets in hex. */
static void log_operand(const char *name, int32_t ofs)
{
    int32_t slots = offsetof(TCGCPUCommon, tcg_slots);
    if (ofs >= slots && ofs < slots + 8 * TCG_INTERP_SLOTS)
        log_printf(" %s=s%d", name, (ofs - slots) / 8);
    else
        log_printf(" %s=0x%x", name, (unsigned)ofs);
}

static void log_interp_code(const TCGCode *code)
{
    static const char *const names[] = {"d", "a", "b", "c", "e", "f"};
    log_lock();
    log_printf("OUT: %u interpreter words\n", code->nb_interp);
    for (unsigned i = 0; i < code->nb_interp; i++) {
        const InterpInsn *ip = &code->interp[i];
        log_printf("  %4u %-20s", i, handler_name(ip->h));
        for (unsigned k = 0; k < 6; k++) {
            if (ip->o[k])
                log_operand(names[k], ip->o[k]);
        }
        if (ip->imm)
            log_printf(" imm=0x%" PRIx64, ip->imm);
        log_printf("\n");
    }
    log_printf("\n");
    log_unlock();
}

bool tcg_interp_prepare(TCGCode *code)
{
    if (!interp_table)
        tcg_interp_exec(NULL, NULL, NULL);
    static ThreadScratch builder_scratch = THREAD_SCRATCH_INITIALIZER;
    if (!builder_state)
        builder_state = thread_scratch(&builder_scratch, sizeof(*builder_state));
    Builder *b = builder_state;
    b->code = code;
    b->insns = NULL;
    b->n = b->cap = 0;
    b->failed = false;
    b->guest_insn = 0;
    b->seen_insn = false;
    b->nb_scratch = 0;
    memset(b->free_slots, 0xff, sizeof(b->free_slots));
    memset(b->label_pos, 0xff, code->nb_labels * sizeof(b->label_pos[0]));
    assign_cross_block_slots(b);

    for (unsigned i = 0; i < code->nb_ops && !b->failed;)
        i += emit_fused(b, i);
    emit_exit(b, IH_exit, TB_EXIT_NOCHAIN);
    resolve_labels(b);
    if (!b->failed)
        fuse_branch_exits(b);
    if (b->failed) {
        free(b->insns);
        return false;
    }
    code->interp = realloc(b->insns, b->n * sizeof(InterpInsn)); /* give back the slack */
    if (!code->interp)
        code->interp = b->insns;
    code->nb_interp = b->n;
    if (log_enabled(LOG_OUT_ASM))
        log_interp_code(code);
    return true;
}
