/*
 * The IR: what a guest translator builds, and what the execution tiers run.
 *
 * A translation block (TB) is a linear list of ops over typed temps (i32,
 * i64) with local labels and branches.  Guest registers are *globals*: temps
 * bound to fixed byte offsets from "env", the pointer to the guest CPU struct
 * (whose head is TCGCPUCommon, include/tcg/tlb.h).  Ordinary temps and
 * constants live for one TB and keep their value across labels.
 *
 * Threading: IR is built into a per-thread context.  Call tcg_func_start()
 * before emitting and tcg_finalize() after; globals are created once at start
 * up (tcg_global_mem_new_*) and are shared by all threads.
 *
 * Semantics that differ from C and that both tiers implement identically:
 *  - shifts and rotates take the count modulo the width (32 or 64);
 *  - div/divu by zero give 0; rem/remu by zero give the dividend;
 *    div(MIN, -1) gives MIN and rem(MIN, -1) gives 0 (nothing traps);
 *  - i32 values are exactly 32 bits; conversions are explicit ops.
 *
 * This layer knows no guest and includes nothing of ours but tcg/ headers.
 */
#ifndef TCG_TCG_H
#define TCG_TCG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tcg/tlb.h"

/* ---------------------------------------------------------------- types */

typedef enum TCGType {
    TCG_TYPE_VOID = 0, /* only as a helper return type */
    TCG_TYPE_I32,
    TCG_TYPE_I64,
    TCG_TYPE_PTR = TCG_TYPE_I64, /* hosts are 64-bit */
} TCGType;

/*
 * Temp handles.  The pointer value encodes (temp index + 1); they are never
 * dereferenced.  Distinct incomplete types make mixing widths a compile error.
 */
typedef struct TCGv_i32_d *TCGv_i32;
typedef struct TCGv_i64_d *TCGv_i64;
typedef TCGv_i64 TCGv_ptr;
typedef struct TCGTempRef_d *TCGTempRef; /* either width, for generic code */

static inline TCGTempRef tcgv_i32_ref(TCGv_i32 v) { return (TCGTempRef)v; }
static inline TCGTempRef tcgv_i64_ref(TCGv_i64 v) { return (TCGTempRef)v; }
static inline TCGTempRef tcgv_ref_ref(TCGTempRef v) { return v; }
#define tcg_ref(v)                                                                             \
    _Generic((v), TCGv_i32                                                                     \
             : tcgv_i32_ref, TCGv_i64                                                          \
             : tcgv_i64_ref, TCGTempRef                                                        \
             : tcgv_ref_ref)(v)

typedef struct TCGLabel TCGLabel;

typedef enum TCGCond {
    TCG_COND_NEVER,
    TCG_COND_ALWAYS,
    TCG_COND_EQ,
    TCG_COND_NE,
    TCG_COND_LT, /* signed */
    TCG_COND_GE,
    TCG_COND_LE,
    TCG_COND_GT,
    TCG_COND_LTU, /* unsigned */
    TCG_COND_GEU,
    TCG_COND_LEU,
    TCG_COND_GTU,
    TCG_COND_TSTEQ, /* (a & b) == 0 */
    TCG_COND_TSTNE, /* (a & b) != 0 */
} TCGCond;

TCGCond tcg_invert_cond(TCGCond c);
TCGCond tcg_swap_cond(TCGCond c); /* cond(a, b) == swap(cond)(b, a) */
bool tcg_cond_eval(TCGCond c, uint64_t a, uint64_t b, bool is64);

/* Guest memory access description. */
typedef enum MemOp {
    MO_8 = 0,
    MO_16 = 1,
    MO_32 = 2,
    MO_64 = 3,
    MO_SIZE = 3,
    MO_SIGN = 1 << 2, /* sign-extend the loaded value */
    MO_BE = 1 << 3,   /* big-endian guest access (hosts are little-endian) */
    MO_LE = 0,
    MO_ALIGN = 1 << 4,  /* an access not aligned to its size faults */
    MO_ATOMIC = 1 << 5, /* single-copy atomic (informational for now) */

    MO_UB = MO_8,
    MO_UW = MO_16,
    MO_UL = MO_32,
    MO_UQ = MO_64,
    MO_SB = MO_8 | MO_SIGN,
    MO_SW = MO_16 | MO_SIGN,
    MO_SL = MO_32 | MO_SIGN,
} MemOp;

static inline unsigned memop_size(MemOp op) { return 1u << (op & MO_SIZE); }

/*
 * How a TB left.  The low 3 bits are the reason; for TB_EXIT_EXCEPTION the
 * bits above hold the index of the guest instruction (its insn_start) that
 * faulted, so the CPU loop can restore that instruction's state.
 */
typedef uint64_t TBExit;
enum {
    TB_EXIT_GOTO_TB0 = 0, /* goto_tb slot 0: env pc already holds the target */
    TB_EXIT_GOTO_TB1 = 1, /* goto_tb slot 1 */
    TB_EXIT_LOOKUP = 2,   /* goto_ptr: find the next TB from env pc */
    TB_EXIT_NOCHAIN = 3,  /* exit_tb: return to the loop (mode change, ...) */
    TB_EXIT_EXCEPTION = 4,
    TB_EXIT_REQUESTED = 5, /* exit_request seen */
};
#define TB_EXIT_REASON(e)          ((unsigned)((e)&7))
#define TB_EXIT_INSN(e)            ((unsigned)((e) >> 3))
#define TB_EXIT_MAKE(reason, insn) ((TBExit)(reason) | ((TBExit)(insn) << 3))

/* ---------------------------------------------------------------- helpers */

enum {
    TCG_CALL_NO_RWG = 1 << 0,    /* reads and writes no globals */
    TCG_CALL_NO_WG = 1 << 1,     /* writes no globals */
    TCG_CALL_NO_SE = 1 << 2,     /* no side effects: removable if result unused */
    TCG_CALL_MAY_FAULT = 1 << 3, /* may set exception_index: check after the call */
};

#define TCG_MAX_HELPER_ARGS 6

/*
 * A helper function the IR may call.  Arguments and results are passed as
 * 64-bit integers (i32 values zero-extended); helpers are ordinary C
 * functions taking uint32_t/uint64_t/pointer arguments (see tcg-helper.h).
 */
typedef struct TCGHelperInfo {
    void *func;
    const char *name;
    unsigned flags;
    TCGType ret;
    unsigned nargs;
    TCGType args[TCG_MAX_HELPER_ARGS];
} TCGHelperInfo;

/* ------------------------------------------------------- runtime contract */

/*
 * Slow paths of guest memory access, provided by softmmu/ at start up.  They
 * receive env, the guest virtual address, the MemOp and the MMU index; on a
 * fault they set exception_index (>= 0) and return 0.
 */
typedef struct TCGRuntime {
    uint64_t (*load_slow)(void *env, uint64_t addr, MemOp op, unsigned mmu_idx);
    void (*store_slow)(void *env, uint64_t addr, uint64_t val, MemOp op, unsigned mmu_idx);
} TCGRuntime;

void tcg_set_runtime(const TCGRuntime *rt);

/* ---------------------------------------------------------------- setup */

/* Once, before any translation: creates tcg_env. */
void tcg_init(void);

extern TCGv_ptr tcg_env;

/* Globals: created at start up, bound to env + offset, shared by all TBs. */
TCGv_i32 tcg_global_mem_new_i32(intptr_t offset, const char *name);
TCGv_i64 tcg_global_mem_new_i64(intptr_t offset, const char *name);

/* Start a new TB's IR in this thread's context. */
void tcg_func_start(void);

/* TB-lifetime temps and interned constants (read-only). */
TCGv_i32 tcg_temp_new_i32(void);
TCGv_i64 tcg_temp_new_i64(void);
TCGv_i32 tcg_constant_i32(int32_t val);
TCGv_i64 tcg_constant_i64(int64_t val);

TCGLabel *gen_new_label(void);
void gen_set_label(TCGLabel *l);

/* ------------------------------------------------------- the builder API */

#define TCG_BOTH(decl) decl(i32, TCGv_i32, int32_t) decl(i64, TCGv_i64, int64_t)

#define TCG_DECL_BINOPS(sz, T, I)                                                              \
    void tcg_gen_add_##sz(T d, T a, T b);                                                      \
    void tcg_gen_sub_##sz(T d, T a, T b);                                                      \
    void tcg_gen_mul_##sz(T d, T a, T b);                                                      \
    void tcg_gen_div_##sz(T d, T a, T b);                                                      \
    void tcg_gen_divu_##sz(T d, T a, T b);                                                     \
    void tcg_gen_rem_##sz(T d, T a, T b);                                                      \
    void tcg_gen_remu_##sz(T d, T a, T b);                                                     \
    void tcg_gen_and_##sz(T d, T a, T b);                                                      \
    void tcg_gen_or_##sz(T d, T a, T b);                                                       \
    void tcg_gen_xor_##sz(T d, T a, T b);                                                      \
    void tcg_gen_andc_##sz(T d, T a, T b);                                                     \
    void tcg_gen_orc_##sz(T d, T a, T b);                                                      \
    void tcg_gen_eqv_##sz(T d, T a, T b);                                                      \
    void tcg_gen_nand_##sz(T d, T a, T b);                                                     \
    void tcg_gen_nor_##sz(T d, T a, T b);                                                      \
    void tcg_gen_shl_##sz(T d, T a, T b);                                                      \
    void tcg_gen_shr_##sz(T d, T a, T b);                                                      \
    void tcg_gen_sar_##sz(T d, T a, T b);                                                      \
    void tcg_gen_rotl_##sz(T d, T a, T b);                                                     \
    void tcg_gen_rotr_##sz(T d, T a, T b);                                                     \
    void tcg_gen_clz_##sz(T d, T a, T zero_val);                                               \
    void tcg_gen_ctz_##sz(T d, T a, T zero_val);                                               \
    /* Immediate forms (the constant is interned; no separate ops). */                         \
    void tcg_gen_addi_##sz(T d, T a, I imm);                                                   \
    void tcg_gen_subi_##sz(T d, T a, I imm);                                                   \
    void tcg_gen_muli_##sz(T d, T a, I imm);                                                   \
    void tcg_gen_andi_##sz(T d, T a, I imm);                                                   \
    void tcg_gen_ori_##sz(T d, T a, I imm);                                                    \
    void tcg_gen_xori_##sz(T d, T a, I imm);                                                   \
    void tcg_gen_shli_##sz(T d, T a, unsigned sh);                                             \
    void tcg_gen_shri_##sz(T d, T a, unsigned sh);                                             \
    void tcg_gen_sari_##sz(T d, T a, unsigned sh);                                             \
    void tcg_gen_rotli_##sz(T d, T a, unsigned sh);                                            \
    void tcg_gen_rotri_##sz(T d, T a, unsigned sh);                                            \
    void tcg_gen_clzi_##sz(T d, T a, I zero_val);                                              \
    void tcg_gen_ctzi_##sz(T d, T a, I zero_val);
TCG_BOTH(TCG_DECL_BINOPS)

#define TCG_DECL_UNOPS(sz, T, I)                                                               \
    void tcg_gen_mov_##sz(T d, T a);                                                           \
    void tcg_gen_movi_##sz(T d, I imm);                                                        \
    void tcg_gen_neg_##sz(T d, T a);                                                           \
    void tcg_gen_not_##sz(T d, T a);                                                           \
    void tcg_gen_ext8s_##sz(T d, T a);                                                         \
    void tcg_gen_ext8u_##sz(T d, T a);                                                         \
    void tcg_gen_ext16s_##sz(T d, T a);                                                        \
    void tcg_gen_ext16u_##sz(T d, T a);                                                        \
    void tcg_gen_bswap16_##sz(T d, T a);                                                       \
    void tcg_gen_bswap32_##sz(T d, T a);                                                       \
    void tcg_gen_ctpop_##sz(T d, T a);                                                         \
    void tcg_gen_extract_##sz(T d, T a, unsigned ofs, unsigned len);                           \
    void tcg_gen_sextract_##sz(T d, T a, unsigned ofs, unsigned len);                          \
    void tcg_gen_deposit_##sz(T d, T a, T b, unsigned ofs, unsigned len);                      \
    void tcg_gen_extract2_##sz(T d, T lo, T hi, unsigned ofs);                                 \
    void tcg_gen_mulu2_##sz(T lo, T hi, T a, T b);                                             \
    void tcg_gen_muls2_##sz(T lo, T hi, T a, T b);                                             \
    void tcg_gen_add2_##sz(T lo, T hi, T al, T ah, T bl, T bh);                                \
    void tcg_gen_sub2_##sz(T lo, T hi, T al, T ah, T bl, T bh);                                \
    void tcg_gen_setcond_##sz(TCGCond c, T d, T a, T b);                                       \
    void tcg_gen_setcondi_##sz(TCGCond c, T d, T a, I imm);                                    \
    void tcg_gen_negsetcond_##sz(TCGCond c, T d, T a, T b);                                    \
    void tcg_gen_movcond_##sz(TCGCond c, T d, T c1, T c2, T v1, T v2);                         \
    void tcg_gen_brcond_##sz(TCGCond c, T a, T b, TCGLabel *l);                                \
    void tcg_gen_brcondi_##sz(TCGCond c, T a, I imm, TCGLabel *l);                             \
    /* Host loads/stores at base + offset (base is normally tcg_env). */                       \
    void tcg_gen_ld8u_##sz(T d, TCGv_ptr base, intptr_t ofs);                                  \
    void tcg_gen_ld8s_##sz(T d, TCGv_ptr base, intptr_t ofs);                                  \
    void tcg_gen_ld16u_##sz(T d, TCGv_ptr base, intptr_t ofs);                                 \
    void tcg_gen_ld16s_##sz(T d, TCGv_ptr base, intptr_t ofs);                                 \
    void tcg_gen_ld_##sz(T d, TCGv_ptr base, intptr_t ofs);                                    \
    void tcg_gen_st8_##sz(T v, TCGv_ptr base, intptr_t ofs);                                   \
    void tcg_gen_st16_##sz(T v, TCGv_ptr base, intptr_t ofs);                                  \
    void tcg_gen_st_##sz(T v, TCGv_ptr base, intptr_t ofs);                                    \
    /* Guest memory through the TLB; may fault (TB_EXIT_EXCEPTION). */                         \
    void tcg_gen_qemu_ld_##sz(T d, TCGv_i64 addr, unsigned mmu_idx, MemOp op);                 \
    void tcg_gen_qemu_st_##sz(T v, TCGv_i64 addr, unsigned mmu_idx, MemOp op);
TCG_BOTH(TCG_DECL_UNOPS)

void tcg_gen_ext32s_i64(TCGv_i64 d, TCGv_i64 a);
void tcg_gen_ext32u_i64(TCGv_i64 d, TCGv_i64 a);
void tcg_gen_ext_i32_i64(TCGv_i64 d, TCGv_i32 a);
void tcg_gen_extu_i32_i64(TCGv_i64 d, TCGv_i32 a);
void tcg_gen_extrl_i64_i32(TCGv_i32 d, TCGv_i64 a);
void tcg_gen_extrh_i64_i32(TCGv_i32 d, TCGv_i64 a);
void tcg_gen_bswap64_i64(TCGv_i64 d, TCGv_i64 a);
void tcg_gen_ld32u_i64(TCGv_i64 d, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld32s_i64(TCGv_i64 d, TCGv_ptr base, intptr_t ofs);
void tcg_gen_st32_i64(TCGv_i64 v, TCGv_ptr base, intptr_t ofs);

void tcg_gen_br(TCGLabel *l);
void tcg_gen_mb(unsigned barrier_kind);

/*
 * Start of guest instruction: its pc and one target-defined word, recorded so
 * a fault inside the instruction restores exactly this state (see
 * tcg_code_insn_data).  Every guest instruction begins with one.
 */
void tcg_gen_insn_start(uint64_t pc, uint64_t extra);

/* TB exits.  The target stores the next pc into its pc global first. */
void tcg_gen_goto_tb(unsigned slot);    /* chainable direct jump, slot 0 or 1 */
void tcg_gen_lookup_and_goto_ptr(void); /* indirect jump: look up env pc */
void tcg_gen_exit_tb(void);             /* back to the CPU loop, no chaining */

/*
 * Helper call.  ret is NULL for void helpers; args are typed to match info.
 * Prefer the gen_helper_* wrappers from tcg-helper.h.
 */
void tcg_gen_call(const TCGHelperInfo *info, TCGTempRef ret, unsigned nargs,
                  const TCGTempRef *args);

/* ------------------------------------------------------- finished blocks */

/*
 * The executable form of one TB: the optimized IR, its interpreter code and,
 * once compiled, its tier-1 host function.
 */
typedef struct TCGCode TCGCode;

typedef enum TCGTier {
    TCG_TIER_AUTO, /* interpreter, then libgccjit for hot code (tcg_tierup_enable) */
    TCG_TIER_0,    /* interpreter only */
    TCG_TIER_1,    /* compile every block with libgccjit before running it */
} TCGTier;

/*
 * Optimize the IR built since tcg_func_start() and prepare it for the
 * interpreter.  Returns NULL if the block is too large for the tiers' limits:
 * the translator then retries with fewer guest instructions.
 */
TCGCode *tcg_finalize(void);

/* Compile with libgccjit now; false (with a logged reason) if unavailable. */
bool tcg_code_compile(TCGCode *code);
bool tcg_jit_available(void);

/*
 * Tier-up: from now on, a block run threshold times is compiled with
 * libgccjit on a background thread and runs compiled once it is ready.
 * False if libgccjit is unavailable (the interpreter runs everything).
 */
bool tcg_tierup_enable(uint32_t threshold);
/*
 * Wait for the block being compiled, drop the queue and end the compile
 * thread.  Call before exit(): libgccjit must be idle when its static
 * destructors run (an atexit handler does it too, as a last resort).
 */
void tcg_tierup_stop(void);

typedef struct TCGTierUpStats {
    uint64_t queued, compiled, failed, dropped, batches, compile_ns;
} TCGTierUpStats;
TCGTierUpStats tcg_tierup_stats(void);

/* Run a block with env = the guest CPU struct. */
TBExit tcg_code_exec(TCGCode *code, void *env);

/*
 * Chaining without the CPU loop.  The CPU loop links a block's goto_tb slot
 * to its successor with tcg_code_set_chain(); tcg_code_exec_chain() then
 * follows such links itself, as long as the successor is still valid, env's
 * exit_request is clear and the run's instruction budget is not used up.
 * goto_ptr exits continue, under the same conditions, with the block
 * run->lookup returns.  Other exits (exit_tb, exceptions, unlinked slots, a
 * failed lookup) return, and run->last names the block the exit happened
 * in, so the caller restores state from (and chains) the right one.
 */
typedef struct TCGChainRun {
    /* In: guest instructions the chained blocks may complete; 0: no chaining. */
    uint64_t budget;
    /* In, optional: the block to run next for env's current state after a
     * goto_ptr, or NULL to return TB_EXIT_LOOKUP to the caller. */
    TCGCode *(*lookup)(void *env);
    /* Out: the block that exited, and the guest instructions of the blocks
     * completed before it (not counting last's own). */
    TCGCode *last;
    uint64_t insns;
} TCGChainRun;

TBExit tcg_code_exec_chain(TCGCode *code, void *env, TCGChainRun *run);
/* Link goto_tb slot (0 or 1) of code to dest (NULL: unlink). */
void tcg_code_set_chain(TCGCode *code, unsigned slot, TCGCode *dest);
/* The block may never be entered through a chain again (its TB is invalid). */
void tcg_code_invalidate(TCGCode *code);
/* An opaque owner pointer for the caller (the CPU loop keeps its TB here). */
void tcg_code_set_owner(TCGCode *code, void *owner);
void *tcg_code_owner(const TCGCode *code);
/* Whether the block runs as a libgccjit host function now. */
bool tcg_code_is_compiled(const TCGCode *code);
/* How often the block was entered, by either exec function (tier-up heuristics). */
uint32_t tcg_code_exec_count(const TCGCode *code);

/* The insn_start words of guest instruction number idx (0-based). */
const uint64_t *tcg_code_insn_data(const TCGCode *code, unsigned idx);
unsigned tcg_code_insn_count(const TCGCode *code);

void tcg_code_free(TCGCode *code);

/* ------------------------------------------------------- observability */

/* Print the IR of the current context (-d op before, -d op_opt after). */
void tcg_dump_ops(FILE *f);

#endif
