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
 * false for an unallocated encoding: the instruction raises UNDEFINED (the
 * tables after it are not tried, so a pattern fixes every bit that tells its
 * instructions apart from those of other tables).
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
    bool fp_enabled;  /* SIMD&FP may execute (else they trap: fp_access_check) */
    bool singlestep;  /* one instruction per TB, no chaining (gdb step) */
} DisasContext;

/*
 * A target-specific end of TB (DisasContextBase.is_jmp): store the next pc
 * and return to the CPU loop, for instructions that change state the TB
 * flags or pending interrupts depend on (MSR DAIF, SCTLR writes, ...).
 */
#define DISAS_UPDATE_EXIT DISAS_TARGET_0

typedef bool A64TransFn(DisasContext *s, const A64Args *a);

typedef struct A64Pattern {
    const char *name;
    const char *bits;
    A64TransFn *trans;
} A64Pattern;

/* Instruction group tables, each ended by an entry with name == NULL. */
extern const A64Pattern a64_dp_patterns[];   /* data processing, branches: translate-a64.c */
extern const A64Pattern a64_ldst_patterns[]; /* loads and stores: translate-a64-ldst.c */
extern const A64Pattern a64_sys_patterns[]; /* system, exceptions, hints: translate-a64-sys.c */
/* LSE atomics (LDADD, CAS, SWP, ...) and RCpc loads (LDAPR): translate-a64-atomic.c */
extern const A64Pattern a64_atomic_patterns[];
/* Cryptographic extension (AES, SHA1, SHA256, PMULL): translate-a64-crypto.c */
extern const A64Pattern a64_crypto_patterns[];
/* Scalar floating point (the non-SIMD FP groups): translate-a64-fp.c */
extern const A64Pattern a64_fp_patterns[];
/* Advanced SIMD, vector and scalar, whose operation is floating point: translate-a64-simd-fp.c */
extern const A64Pattern a64_simd_fp_patterns[];
/* Advanced SIMD integer, permute, copy, immediate, table: translate-a64-simd.c */
extern const A64Pattern a64_simd_patterns[];

/* ------------------------------------------------ decode engine (decode-a64.c) */

#define A64_MAX_FIELDS 8

/* One named field of a compiled pattern: bits [pos, pos + len) of the word. */
typedef struct A64FieldExtract {
    uint16_t arg; /* index of the A64Args member */
    uint8_t pos;
    uint8_t len;
    bool is_signed;
} A64FieldExtract;

/* A pattern compiled to "insn & mask == value" plus its field extractions. */
typedef struct A64CompiledPattern {
    uint32_t mask;
    uint32_t value;
    unsigned nfields;
    A64FieldExtract fields[A64_MAX_FIELDS];
} A64CompiledPattern;

/*
 * Compile one pattern string.  Returns NULL on success, else a description
 * of what is wrong with it (the decoder turns that into a gemu_bug).
 */
const char *a64_pattern_compile(const char *bits, A64CompiledPattern *out);
void a64_pattern_extract(const A64CompiledPattern *p, uint32_t insn, A64Args *args);

/* A set of tables compiled and bucketed for dispatch. */
typedef struct A64Decoder A64Decoder;

/* Compile tables[0..ntables); an invalid pattern is a gemu_bug. */
A64Decoder *a64_decoder_new(const A64Pattern *const *tables, unsigned ntables);
void a64_decoder_free(A64Decoder *d);
/* First entry (in table order) matching insn, its fields in *args; NULL if none. */
const A64Pattern *a64_decoder_lookup(const A64Decoder *d, uint32_t insn, A64Args *args);

/* Compile the three A64 tables (once; called by a64_translate_init). */
void a64_decode_init(void);
/* Translate insn through the A64 tables; UNDEFINED if unmatched or rejected. */
void a64_decode_insn(DisasContext *s, uint32_t insn);

/* Set up the TCG globals and the decoder (once, before any translation). */
void a64_translate_init(void);
/* CPUClass.translate: one TB of A64 code. */
void a64_translate(CPUState *cpu, TranslationBlock *tb, int max_insns);

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

/*
 * A64 condition cc (EQ, NE, ... AL, NV) on the current NZCV as
 * "cond(value, 0)"; AL and NV give TCG_COND_ALWAYS.
 */
typedef struct A64Cond {
    TCGCond cond;
    TCGv_i64 value;
} A64Cond;
A64Cond gen_test_cond(int cc);

/* End the TB jumping to dest (chained through goto_tb slot n). */
void gen_goto_tb(DisasContext *s, int n, uint64_t dest);
/* End the TB jumping to the address in dest (indirect: BR, RET, ERET). */
void gen_jump_reg(DisasContext *s, TCGv_i64 dest);

/* Raise excp with syndrome to target_el at the current instruction; ends the TB. */
void gen_exception_insn(DisasContext *s, int excp, uint32_t syndrome, int target_el);
/* The current instruction is UNDEFINED. */
void unallocated_encoding(DisasContext *s);

#endif
