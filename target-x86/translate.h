/*
 * The x86 translator's shared declarations: the decoder's view of one
 * instruction, the opcode table format, and the code generators the
 * instruction files share.
 *
 * An opcode map is an array of X86OpEntry indexed by opcode byte.  Each
 * entry names its operands as (kind, size) pairs in Intel SDM notation
 * (Ev = ModRM r/m of operand size, Gb = ModRM reg, byte, Iz = immediate of
 * operand size but at most 32 bits, ...).  The decoder resolves the
 * operands, computes the effective address once, loads every source
 * operand into d->v[], calls the entry's trans function and, for entries
 * flagged X86_WB, stores d->v[0] back to operand 0.  Lazy flags a trans
 * function sets with gen_set_cc() are committed after that store, so a
 * faulting store leaves the flags as they were.
 */
#ifndef TARGET_X86_TRANSLATE_H
#define TARGET_X86_TRANSLATE_H

#include "exec/translator.h"
#include "target-x86/cpu.h"
#include "tcg/tcg.h"

/* Operand kinds (SDM appendix A addressing methods). */
typedef enum X86OpKind {
    OPK_NONE,
    OPK_E,  /* ModRM r/m: register or memory */
    OPK_M,  /* ModRM r/m, memory only: the address, not loaded */
    OPK_MV, /* ModRM r/m, memory only, loaded */
    OPK_R,  /* ModRM r/m, register only */
    OPK_G,  /* ModRM reg */
    OPK_I,  /* immediate */
    OPK_J,  /* relative branch target (immediate, sign-extended) */
    OPK_Z,  /* register in the opcode's low 3 bits (+ REX.B) */
    OPK_A,  /* rAX / AL */
    OPK_C,  /* rCX / CL */
    OPK_D,  /* rDX / DX */
    OPK_1,  /* the constant 1 */
    OPK_O,  /* moffs: address-size offset in the instruction */
    /* Vector operands (see "Vector operands" below). */
    OPK_V, /* XMM register in ModRM.reg */
    OPK_W, /* ModRM r/m: XMM register or memory */
    OPK_U, /* ModRM r/m, XMM register only */
    OPK_P, /* MMX register in ModRM.reg (REX.R ignored) */
    OPK_Q, /* ModRM r/m: MMX register (REX.B ignored) or memory */
    OPK_N, /* ModRM r/m, MMX register only */
} X86OpKind;

/* Operand sizes. */
typedef enum X86OpSize {
    SZ_NONE,
    SZ_B,  /* byte */
    SZ_W,  /* word */
    SZ_D,  /* dword */
    SZ_Q,  /* qword */
    SZ_V,  /* operand size: 16, 32 or 64 */
    SZ_Z,  /* operand size, but an immediate of at most 32 bits sign-extended */
    SZ_Y,  /* 32 or 64 (REX.W) */
    SZ_BV, /* operand size, encoded as a sign-extended byte immediate */
    SZ_X,  /* 128 bits (dq, ps, pd, x): vector operands only */
} X86OpSize;

/* Entry flags. */
enum {
    X86_WB = 1 << 0,      /* store v[0] back to operand 0 */
    X86_NOLOAD0 = 1 << 1, /* operand 0 is only written */
    X86_D64 = 1 << 2,     /* default operand size 64 in long mode (push, pop, ...) */
    X86_F64 = 1 << 3,     /* operand size forced to 64 in long mode (near branches) */
    X86_NO64 = 1 << 4,    /* invalid in 64-bit mode */
    X86_ONLY64 = 1 << 5,  /* valid only in 64-bit mode */
    X86_GROUP = 1 << 6,   /* group: sub-table by ModRM.reg */
    X86_MODRM = 1 << 7,   /* has ModRM even if no operand says so */
    X86_PRIV = 1 << 8,    /* CPL 0 only (#GP otherwise) */
    X86_END = 1 << 9,     /* ends the TB: state the TB flags depend on may change */
    X86_SIZE8 = 1 << 10,  /* group sub-table entry: operate on bytes (F6/FE ...) */
    X86_LOCK = 1 << 11,   /* takes a LOCK prefix (with a memory destination) */
    /*
     * Prefix group: .group points at four entries chosen by the mandatory
     * prefix: [0] none, [1] 66, [2] F3, [3] F2 (F2/F3 win over 66).  The
     * chosen prefix is consumed: it changes neither the operand size nor
     * acts as REP.  May sit above or below a ModRM.reg group.
     */
    X86_PFX = 1 << 12,
    X86_SSE = 1 << 13,   /* SSE: #UD if CR0.EM or !CR4.OSFXSR, #NM if CR0.TS */
    X86_MMX = 1 << 14,   /* MMX: #UD if CR0.EM, #NM if CR0.TS; the x87 enters MMX state */
    X86_UNALIGNED = 1 << 15, /* a 128-bit memory operand need not be 16-byte aligned */
};

typedef struct X86Insn X86Insn;
typedef struct DisasContext DisasContext;
typedef void (*X86TransFn)(DisasContext *s, X86Insn *d);

typedef struct X86OpEntry {
    const char *name;
    X86TransFn fn;
    uint8_t kind[3];
    uint8_t size[3];
    uint32_t flags;
    int16_t arg; /* family member: ALU op, condition, shift kind, ... */
    const struct X86OpEntry *group;
    const struct X86OpEntry *legacy; /* the entry outside 64-bit mode, if different */
} X86OpEntry;

/* A decoded operand. */
typedef struct X86Operand {
    X86OpKind kind;
    MemOp ot; /* size */
    int reg;  /* register number for register operands */
    bool mem; /* in memory at d->addr */
    uint64_t imm;
    intptr_t ofs; /* vector operands: offset in X86CPU of the value (see below) */
} X86Operand;

struct X86Insn {
    const X86OpEntry *e;
    int b; /* opcode: 0x00-0xff, 0x100-0x1ff 0F xx, 0x200-0x2ff 0F 38 xx, 0x300-0x3ff 0F 3A xx */
    int pfx; /* the mandatory prefix an X86_PFX group chose: 0 none, 1 66, 2 F3, 3 F2 */
    X86Operand op[3];
    TCGv_i64 v[3]; /* loaded operand values, zero-extended to their size */
    TCGv_i64 addr; /* linear address of the memory operand */
    TCGv_i64 ea;   /* its offset (for LEA) */
};

/* Prefix bits. */
enum {
    PREFIX_REPZ = 1,
    PREFIX_REPNZ = 2,
    PREFIX_LOCK = 4,
    PREFIX_DATA = 8,
    PREFIX_ADR = 16,
    PREFIX_REX = 32,
};

struct DisasContext {
    DisasContextBase base;
    X86CPU *cpu;
    uint64_t cs_base;
    uint64_t pc_start; /* linear address of the current instruction */
    uint32_t flags;
    bool code64, code32, ss32, pe, vm86;
    int cpl;
    int mmu_idx;
    bool singlestep;

    /* Per instruction. */
    int prefixes;
    int rex_w, rex_r, rex_x, rex_b;
    int override;            /* segment override, -1 if none */
    MemOp dflag;             /* operand size */
    MemOp aflag;             /* address size */
    int modrm, mod, reg, rm; /* reg and rm include REX.R/REX.B */
    bool has_modrm;
    int rip_offset;  /* bytes of immediate after the displacement (RIP-relative) */
    bool ea_sp_base; /* the memory operand's base register is rSP */

    /* Lazy flags: cc_op known at translation time, or -1. */
    int cc_op;
    bool cc_pending;
    int pend_op;
    TCGv_i64 pend_dst, pend_src, pend_src2;
};

extern TCGv_i64 cpu_regs[16], cpu_eip, cpu_cc_op, cpu_cc_dst, cpu_cc_src, cpu_cc_src2;
extern TCGv_i64 cpu_eflags;

/* ------------------------------------------------ shared code generators */

/* Next instruction's EIP. */
uint64_t x86_next_eip(DisasContext *s);
uint64_t x86_cur_eip(DisasContext *s);

TCGv_i64 gen_load_reg(DisasContext *s, MemOp ot, int reg);
void gen_store_reg(DisasContext *s, MemOp ot, int reg, TCGv_i64 v);
void x86_store_operand(DisasContext *s, X86Insn *d, int i, TCGv_i64 v);
TCGv_i64 gen_ld(DisasContext *s, MemOp ot, TCGv_i64 addr);
void gen_st(DisasContext *s, MemOp ot, TCGv_i64 addr, TCGv_i64 v);
/* Linear address of seg:offset (offset already wrapped to the address size). */
TCGv_i64 gen_seg_addr(DisasContext *s, int seg, TCGv_i64 offset);

void gen_push(DisasContext *s, MemOp ot, TCGv_i64 v);
TCGv_i64 gen_pop_value(DisasContext *s, MemOp ot); /* reads; gen_pop_commit moves rSP */
void gen_pop_commit(DisasContext *s, MemOp ot);
MemOp gen_stack_size(DisasContext *s);

void gen_set_cc(DisasContext *s, X86CCKind kind, MemOp ot, TCGv_i64 dst, TCGv_i64 src,
                TCGv_i64 src2);
void gen_commit_cc(DisasContext *s);
TCGv_i64 gen_eflags_arith(DisasContext *s);
/* 0/1 value of condition cc (0..15, the Jcc encoding). */
TCGv_i64 gen_cond_value(DisasContext *s, int cc);
void gen_cond_branch(DisasContext *s, int cc, TCGLabel *l);
/* CF as 0/1. */
TCGv_i64 gen_cf(DisasContext *s);

void gen_exception(DisasContext *s, int vector);
void gen_exception_err(DisasContext *s, int vector, uint32_t code);
/* A branch target wrapped to the operand size outside 64-bit mode. */
uint64_t x86_branch_eip(DisasContext *s, uint64_t eip);
void gen_jmp_eip(DisasContext *s, uint64_t eip, int slot);
void gen_jmp_dyn(DisasContext *s, TCGv_i64 eip);
/* End the TB after this instruction, back to the CPU loop. */
void gen_end_tb(DisasContext *s);
/* Back to the CPU loop after a helper set eip (single-step trap first if TF). */
void gen_exit_tb(DisasContext *s);

TCGv_i64 gen_ext(MemOp ot, TCGv_i64 v, bool sign);

/*
 * ------------------------------------------------ vector operands
 *
 * Operands of kinds V W U P Q N are not loaded into d->v[]: the decoder
 * sets op->ofs to the offset in X86CPU of their value, and generated code
 * works on the register file in place (tcg ld/st at tcg_env + ofs, or
 * helpers given x86_vec_ptr()):
 *   - a register operand: ofs is xmm[reg] (V W U) or fpregs[reg].mmx (P Q N);
 *   - a memory operand: the decoder loads the operand's bytes (size X: 16,
 *     Q: 8, D: 4, W: 2, B: 1) into vec_tmp before the trans function runs
 *     (not for operand 0 of an X86_NOLOAD0 entry), and ofs is vec_tmp.  A
 *     16-byte load or store checks 16-byte alignment (#GP(0)) unless the
 *     entry is X86_UNALIGNED.  For an X86_WB entry whose operand 0 is a
 *     vector in memory, the decoder stores that many bytes of vec_tmp back
 *     after the trans function.  The bytes of vec_tmp beyond the operand's
 *     size are zero after a load.
 * Only one operand can be in memory (ModRM r/m), so one vec_tmp suffices.
 * SSE/MMX entries set X86_SSE or X86_MMX: the decoder then raises #UD/#NM
 * as CR0/CR4 say, and for X86_MMX moves the x87 into MMX state (TOP = 0,
 * every register valid) before the trans function.
 *
 * Helper convention for vector operations (insn-sse*.c): a helper takes
 * pointers to its operands, env first when it needs MXCSR or raises:
 *     void helper_NAME(void *env, void *dst, void *src[, uint32_t imm])
 * dst may be the same storage as src.
 */

/* Offset of XMM register n / of MMX register n in X86CPU. */
static inline intptr_t x86_xmm_ofs(int n) { return (intptr_t)offsetof(X86CPU, xmm[n]); }
static inline intptr_t x86_mmx_ofs(int n) { return (intptr_t)offsetof(X86CPU, fpregs[n].mmx); }

/* A pointer temp to vector operand i's value (tcg_env + d->op[i].ofs). */
TCGv_ptr x86_vec_ptr(X86Insn *d, int i);
/* A pointer temp to tcg_env + ofs. */
TCGv_ptr x86_env_ptr(intptr_t ofs);

/* ------------------------------------------------ the opcode maps */

extern const X86OpEntry x86_map_one[256];
extern const X86OpEntry x86_map_0f[256];
extern const X86OpEntry x86_map_0f38[256]; /* maps-0f38.c: 0F 38 xx */
extern const X86OpEntry x86_map_0f3a[256]; /* maps-0f38.c: 0F 3A xx (imm8 follows ModRM) */

#endif
