/*
 * The IR opcode table.  Include with DEF(name, nb_oargs, nb_iargs, nb_cargs, flags)
 * defined; every opcode appears once.
 *
 *   nb_oargs  temps written by the op
 *   nb_iargs  temps read by the op
 *   nb_cargs  constant (non-temp) arguments: conditions, offsets, labels, memops...
 *
 * Argument order in TCGOp.args[]: outputs, then inputs, then constants.
 * Semantics are documented in include/tcg/tcg.h next to the builder functions.
 */

/* Control and bookkeeping. */
DEF(insn_start, 0, 0, 2, TCG_OPF_NOT_PRESENT) /* cargs: guest pc, target extra word */
DEF(set_label, 0, 0, 1, TCG_OPF_BB_END | TCG_OPF_NOT_PRESENT)
DEF(br, 0, 0, 1, TCG_OPF_BB_END)
DEF(mb, 0, 0, 1, TCG_OPF_SIDE_EFFECTS)
DEF(goto_tb, 0, 0, 1, TCG_OPF_BB_END | TCG_OPF_BB_EXIT)  /* carg: slot 0/1 */
DEF(exit_tb, 0, 0, 1, TCG_OPF_BB_END | TCG_OPF_BB_EXIT)  /* carg: TB_EXIT_* */
DEF(goto_ptr, 0, 0, 0, TCG_OPF_BB_END | TCG_OPF_BB_EXIT) /* lookup next TB by env pc */
DEF(call, 0, 0, 0, TCG_OPF_CALL)                         /* variable arity; see TCGOp.call */

#define DEF_BOTH(name, o, i, c, f) DEF(name##_i32, o, i, c, f) DEF(name##_i64, o, i, c, f)

DEF_BOTH(mov, 1, 1, 0, 0)
DEF_BOTH(setcond, 1, 2, 1, 0)             /* carg: TCGCond */
DEF_BOTH(negsetcond, 1, 2, 1, 0)          /* 0 or -1 */
DEF_BOTH(movcond, 1, 4, 1, 0)             /* d = cond(c1, c2) ? v1 : v2 */
DEF_BOTH(brcond, 0, 2, 2, TCG_OPF_BB_END) /* cargs: cond, label */

/* Loads and stores relative to a host pointer temp (normally env). */
DEF_BOTH(ld8u, 1, 1, 1, 0)
DEF_BOTH(ld8s, 1, 1, 1, 0)
DEF_BOTH(ld16u, 1, 1, 1, 0)
DEF_BOTH(ld16s, 1, 1, 1, 0)
DEF(ld32u_i64, 1, 1, 1, 0)
DEF(ld32s_i64, 1, 1, 1, 0)
DEF_BOTH(ld, 1, 1, 1, 0)
DEF_BOTH(st8, 0, 2, 1, TCG_OPF_SIDE_EFFECTS)
DEF_BOTH(st16, 0, 2, 1, TCG_OPF_SIDE_EFFECTS)
DEF(st32_i64, 0, 2, 1, TCG_OPF_SIDE_EFFECTS)
DEF_BOTH(st, 0, 2, 1, TCG_OPF_SIDE_EFFECTS)

/* Arithmetic. */
DEF_BOTH(add, 1, 2, 0, 0)
DEF_BOTH(sub, 1, 2, 0, 0)
DEF_BOTH(mul, 1, 2, 0, 0)
DEF_BOTH(neg, 1, 1, 0, 0)
DEF_BOTH(div, 1, 2, 0, 0) /* signed; see tcg.h for /0 and MIN/-1 */
DEF_BOTH(divu, 1, 2, 0, 0)
DEF_BOTH(rem, 1, 2, 0, 0)
DEF_BOTH(remu, 1, 2, 0, 0)
DEF_BOTH(mulu2, 2, 2, 0, 0) /* outputs: low, high */
DEF_BOTH(muls2, 2, 2, 0, 0)
DEF_BOTH(add2, 2, 4, 0, 0) /* (lo,hi) = (al,ah) + (bl,bh) */
DEF_BOTH(sub2, 2, 4, 0, 0)

/* Logic. */
DEF_BOTH(and, 1, 2, 0, 0)
DEF_BOTH(or, 1, 2, 0, 0)
DEF_BOTH(xor, 1, 2, 0, 0)
DEF_BOTH(andc, 1, 2, 0, 0)
DEF_BOTH(orc, 1, 2, 0, 0)
DEF_BOTH(eqv, 1, 2, 0, 0)
DEF_BOTH(nand, 1, 2, 0, 0)
DEF_BOTH(nor, 1, 2, 0, 0)
DEF_BOTH(not, 1, 1, 0, 0)

/* Shifts: the count is taken modulo the width (see tcg.h). */
DEF_BOTH(shl, 1, 2, 0, 0)
DEF_BOTH(shr, 1, 2, 0, 0)
DEF_BOTH(sar, 1, 2, 0, 0)
DEF_BOTH(rotl, 1, 2, 0, 0)
DEF_BOTH(rotr, 1, 2, 0, 0)

/* Bit fields: cargs ofs, len with 0 < len, ofs + len <= width. */
DEF_BOTH(extract, 1, 1, 2, 0)
DEF_BOTH(sextract, 1, 1, 2, 0)
DEF_BOTH(deposit, 1, 2, 2, 0)  /* d = a with bits [ofs, ofs+len) replaced by b's low bits */
DEF_BOTH(extract2, 1, 2, 1, 0) /* d = (hi:lo) >> ofs, low half; carg ofs */

/* Extensions and conversions. */
DEF_BOTH(ext8s, 1, 1, 0, 0)
DEF_BOTH(ext8u, 1, 1, 0, 0)
DEF_BOTH(ext16s, 1, 1, 0, 0)
DEF_BOTH(ext16u, 1, 1, 0, 0)
DEF(ext32s_i64, 1, 1, 0, 0)
DEF(ext32u_i64, 1, 1, 0, 0)
DEF(ext_i32_i64, 1, 1, 0, 0)   /* sign-extend an i32 into an i64 */
DEF(extu_i32_i64, 1, 1, 0, 0)  /* zero-extend an i32 into an i64 */
DEF(extrl_i64_i32, 1, 1, 0, 0) /* low half of an i64 */
DEF(extrh_i64_i32, 1, 1, 0, 0) /* high half of an i64 */

/* Bit counting and byte swapping. */
DEF_BOTH(bswap16, 1, 1, 0, 0) /* swaps the low 2 bytes, zero-extends */
DEF_BOTH(bswap32, 1, 1, 0, 0) /* for i64: swaps the low 4 bytes, zero-extends */
DEF(bswap64_i64, 1, 1, 0, 0)
DEF_BOTH(clz, 1, 2, 0, 0) /* d = a ? clz(a) : b */
DEF_BOTH(ctz, 1, 2, 0, 0) /* d = a ? ctz(a) : b */
DEF_BOTH(ctpop, 1, 1, 0, 0)

/* Guest memory through the softmmu TLB: cargs memop, mmu_idx. */
DEF(qemu_ld_i32, 1, 1, 2, TCG_OPF_CALL_CLOBBER | TCG_OPF_MAY_FAULT)
DEF(qemu_ld_i64, 1, 1, 2, TCG_OPF_CALL_CLOBBER | TCG_OPF_MAY_FAULT)
DEF(qemu_st_i32, 0, 2, 2, TCG_OPF_CALL_CLOBBER | TCG_OPF_MAY_FAULT | TCG_OPF_SIDE_EFFECTS)
DEF(qemu_st_i64, 0, 2, 2, TCG_OPF_CALL_CLOBBER | TCG_OPF_MAY_FAULT | TCG_OPF_SIDE_EFFECTS)

#undef DEF_BOTH
