/*
 * A64 translation: the shared context, register accessors and the decode
 * table format (internal to target-arm/).
 *
 * Encodings are data.  Each instruction group is a table of patterns written
 * as in the Arm ARM's encoding diagrams, bit 31 first:
 *
 *   { "ADD (immediate)", "sf:1 0 0 100010 sh:1 imm12:12 rn:5 rd:5", trans_ADD_i },
 *
 * '0' and '1' are fixed bits, 'x' a bit that may take any value, spaces are
 * ignored, and NAME:WIDTH a field of WIDTH bits (NAME:sWIDTH sign-extends it)
 * stored into the A64Args member of that name (a64-fields.h lists them).  A
 * pattern must cover exactly 32 bits.  Within a table the first match wins,
 * so list specific encodings before general ones.  A trans function returns
 * false for an unallocated encoding: the instruction raises UNDEFINED.
 */
#ifndef TARGET_ARM_TRANSLATE_A64_H
#define TARGET_ARM_TRANSLATE_A64_H

#include <stdbool.h>
#include <stdint.h>

#include "exec/translator.h"
#include "target-arm/cpu.h"
#include "tcg/tcg.h"

typedef struct A64Args {
#define A64_FIELD(name) int64_t name;
#include "target-arm/a64-fields.h"
#undef A64_FIELD
} A64Args;

typedef struct DisasContext {
    DisasContextBase base;
    ARMCPU *cpu;
    uint64_t pc_curr; /* address of the instruction being translated */
    uint32_t insn;
    int current_el;
    int mmu_idx;      /* for ordinary loads and stores */
    bool align_check; /* SCTLR.A */
} DisasContext;

typedef bool A64TransFn(DisasContext *s, const A64Args *a);

typedef struct A64Pattern {
    const char *name;
    const char *bits;
    A64TransFn *trans;
} A64Pattern;

/* Instruction group tables, each ended by an entry with name == NULL. */
extern const A64Pattern a64_dp_patterns[];   /* data processing, branches: translate-a64.c */
extern const A64Pattern a64_ldst_patterns[]; /* loads and stores: translate-a64-ldst.c */
extern const A64Pattern a64_sys_patterns[];  /* system, exceptions, hints: translate-a64-sys.c */

/* Globals bound to ARMCPU fields (created by a64_translate_init). */
extern TCGv_i64 cpu_X[32], cpu_pc, cpu_NF, cpu_ZF, cpu_CF, cpu_VF;
extern TCGv_i64 cpu_exclusive_addr, cpu_exclusive_val, cpu_exclusive_high;

/* Register n as a destination/source; 31 means XZR (a fresh zero temp). */
TCGv_i64 cpu_reg(DisasContext *s, int n);
/* Register n where 31 means SP. */
TCGv_i64 cpu_reg_sp(DisasContext *s, int n);
/* Value of register n (31 = XZR), zero-extended from 32 bits if !sf. */
TCGv_i64 read_cpu_reg(DisasContext *s, int n, bool sf);
TCGv_i64 read_cpu_reg_sp(DisasContext *s, int n, bool sf);
/* Store v into register n (31 = XZR: discarded), zero-extending if !sf. */
void write_cpu_reg(DisasContext *s, int n, TCGv_i64 v, bool sf);

/* End the TB jumping to dest (chained through goto_tb slot n). */
void gen_goto_tb(DisasContext *s, int n, uint64_t dest);
/* End the TB jumping to the address in dest (indirect: BR, RET, ERET). */
void gen_jump_reg(DisasContext *s, TCGv_i64 dest);

/* Raise excp with syndrome to target_el at the current instruction; ends the TB. */
void gen_exception_insn(DisasContext *s, int excp, uint32_t syndrome, int target_el);
/* The current instruction is UNDEFINED. */
void unallocated_encoding(DisasContext *s);

#endif
