/*
 * Inside tcg/: the op and temp representation shared by the IR builder, the
 * optimizer, the dump, the interpreter and the libgccjit backend.
 */
#ifndef TCG_TCG_INTERNAL_H
#define TCG_TCG_INTERNAL_H

#include "tcg/tcg.h"

/* Opcode flags used by tcg-opc.h. */
#define TCG_OPF_BB_END       (1 << 0) /* ends a basic block */
#define TCG_OPF_BB_EXIT      (1 << 1) /* leaves the TB */
#define TCG_OPF_NOT_PRESENT  (1 << 2) /* bookkeeping: executes nothing */
#define TCG_OPF_SIDE_EFFECTS (1 << 3) /* never removable */
#define TCG_OPF_CALL         (1 << 4) /* helper call, see TCGOp.info */
#define TCG_OPF_CALL_CLOBBER (1 << 5) /* may call out (slow path) */
#define TCG_OPF_MAY_FAULT    (1 << 6) /* may leave with TB_EXIT_EXCEPTION */

typedef enum TCGOpcode {
#define DEF(name, oargs, iargs, cargs, flags) INDEX_op_##name,
#include "tcg/tcg-opc.h"
#undef DEF
    NB_OPS
} TCGOpcode;

typedef struct TCGOpDef {
    const char *name;
    uint8_t nb_oargs, nb_iargs, nb_cargs;
    uint8_t flags;
} TCGOpDef;

extern const TCGOpDef tcg_op_defs[NB_OPS];

typedef uint64_t TCGArg;

typedef enum TCGTempKind {
    TEMP_GLOBAL, /* lives at env + mem_offset */
    TEMP_TB,     /* lives for one TB */
    TEMP_CONST,  /* read-only value, interned per TB */
} TCGTempKind;

typedef struct TCGTemp {
    TCGTempKind kind;
    TCGType type;
    intptr_t mem_offset; /* TEMP_GLOBAL */
    uint64_t val;        /* TEMP_CONST; i32 values zero-extended */
    const char *name;    /* TEMP_GLOBAL */
    int hash_next;       /* TEMP_CONST: next constant in the same bucket */
} TCGTemp;

/* Outputs, then inputs, then constant args (a call: ret, then its args). */
#define TCG_MAX_OP_ARGS 8

typedef struct TCGOp {
    uint16_t opc;
    uint8_t nb_oargs, nb_iargs, nb_cargs;
    const TCGHelperInfo *info; /* INDEX_op_call only */
    TCGArg args[TCG_MAX_OP_ARGS];
} TCGOp;

/* Limits of one TB's IR; tcg_finalize() returns NULL beyond them. */
#define TCG_MAX_GLOBALS 512
#define TCG_MAX_TEMPS   4096
#define TCG_MAX_OPS     4096
#define TCG_MAX_LABELS  512
#define TCG_MAX_INSNS   1024
#define TCG_CONST_HASH  256

struct TCGLabel {
    unsigned id;
};

typedef struct TCGContext {
    unsigned nb_temps; /* globals first */
    unsigned nb_ops;
    unsigned nb_labels;
    unsigned nb_insns;
    bool overflow; /* a limit was hit while building */
    int const_hash[TCG_CONST_HASH];
    TCGTemp temps[TCG_MAX_TEMPS];
    TCGOp ops[TCG_MAX_OPS];
    TCGLabel labels[TCG_MAX_LABELS];
    uint64_t insn_data[TCG_MAX_INSNS][2];
} TCGContext;

extern __thread TCGContext *tcg_ctx;

/* Globals are temps 0 .. tcg_nb_globals-1 of every TB. */
extern TCGTemp tcg_globals[TCG_MAX_GLOBALS];
extern unsigned tcg_nb_globals;
/* Index of the tcg_env global. */
extern unsigned tcg_env_index;

/* The interned constant temp of this type and value (optimizer use). */
unsigned tcg_const_index(TCGType type, uint64_t val);

static inline const TCGOpDef *tcg_op_def(const TCGOp *op) { return &tcg_op_defs[op->opc]; }

/* Ops the optimizer deleted, before it compacts the list. */
#define OP_REMOVED NB_OPS

#define TCG_TEMP_UNUSED   (-1)
#define TCG_TEMP_CROSS_BB (-2)
void tcg_classify_temps(const TCGOp *ops, unsigned nb_ops, unsigned nb_temps, int *first_bb);

/* Optimize ctx's ops in place. */
void tcg_optimize(TCGContext *ctx);

/* Print ops[0..nb_ops) over temps. */
void tcg_dump_op_list(FILE *f, const TCGTemp *temps, const TCGOp *ops, unsigned nb_ops);

/* The executable form of one TB. */
typedef struct InterpInsn InterpInsn;

typedef uint64_t (*TCGJitFunc)(void *env, void *const *table);

/* Where a block is on its way to tier 1 (tierup.c; changed under its lock). */
typedef enum TCGTierState {
    TIER_INTERP,       /* interpreted, not (yet) asked for */
    TIER_QUEUED,       /* waiting for the compile thread, at queue[tier_slot] */
    TIER_COMPILING,    /* the compile thread has it */
    TIER_FREE_PENDING, /* freed while compiling: the compile thread frees it */
    TIER_COMPILED,
    TIER_FAILED,
} TCGTierState;

struct TCGCode {
    /* What the interpreter reads when it chains, together at the start. */
    InterpInsn *interp;
    TCGCode *chain[2]; /* see tcg_code_exec_chain() */
    /* Set last, with a release store, when the host function is ready. */
    TCGJitFunc jit_fn;
    unsigned nb_insns;
    uint32_t exec_count;
    bool invalid;
    /* invalid, or tier 1 runs it: the interpreter does not chain into it */
    bool interp_chain_blocked;
    /* The optimized IR, kept for tier 1.  temps holds the TB's own temps,
     * those from tcg_nb_globals on (see tcg_code_temp). */
    TCGTemp *temps;
    unsigned nb_temps;
    TCGOp *ops;
    unsigned nb_ops;
    unsigned nb_labels;
    /* insn_start words, per guest instruction. */
    uint64_t (*insn_data)[2]; /* nb_insns of them */
    unsigned nb_interp;       /* words of interp */
    /* Tier 1. */
    void *jit_result;
    void **jit_table; /* slow paths then helpers, see jit-gccjit.c */
    void *owner;      /* tcg_code_set_owner() */
    uint8_t tier_state; /* TCGTierState */
    unsigned tier_slot;
};

/* Temp t of a finished TB: a global, or one of the TB's own. */
static inline const TCGTemp *tcg_code_temp(const TCGCode *code, TCGArg t)
{
    return t < tcg_nb_globals ? &tcg_globals[t] : &code->temps[t - tcg_nb_globals];
}

extern TCGRuntime tcg_runtime;

/* Tier 0: false if the TB exceeds the interpreter's limits. */
bool tcg_interp_prepare(TCGCode *code);
/* Run code, following chains to other interpreted TBs; see tcg_code_exec_chain. */
TBExit tcg_interp_exec(TCGCode *code, void *env, TCGChainRun *run);

/* Tier 1: compile code; publishes code->jit_fn last (release), safe off the vCPU thread. */
bool tcg_jit_compile(TCGCode *code);
/* Compile n blocks, together when possible (cheaper per block); returns how many. */
unsigned tcg_jit_compile_batch(TCGCode **codes, unsigned n);
void tcg_jit_free(TCGCode *code);

/* Tier-up (tierup.c): the execution count that queues a block, 0 when off. */
extern uint32_t tcg_tierup_threshold;
void tcg_tierup_request(TCGCode *code);
/* Before freeing code: true if the compile thread has it and will free it. */
bool tcg_tierup_release(TCGCode *code);
/* Free code now (tcg_code_free once nobody else holds it). */
void tcg_code_destroy(TCGCode *code);

/* One more run of code; at the threshold, ask for it to be compiled. */
static inline void tcg_count_exec(TCGCode *code)
{
    if (__builtin_expect(++code->exec_count == tcg_tierup_threshold, 0))
        tcg_tierup_request(code);
}

#endif
