/*
 * The trans functions the opcode maps (maps.c) point at; defined in
 * insn-int.c (general-purpose instructions) and insn-sys.c (segments,
 * interrupts, I/O, system instructions).
 */
#ifndef TARGET_X86_INSN_H
#define TARGET_X86_INSN_H

#include "target-x86/translate.h"

/* Port I/O permission: with CPL > IOPL in protected mode, the TSS bitmap's check. */
void x86_gen_io_check(DisasContext *s, TCGv_i32 port, MemOp ot);
void trans_x87(DisasContext *s, X86Insn *d); /* insn-x87.c */
void trans_fwait(DisasContext *s, X86Insn *d);
void trans_arpl(DisasContext *s, X86Insn *d);
void trans_bound(DisasContext *s, X86Insn *d);
void trans_sysenter(DisasContext *s, X86Insn *d);
void trans_sysexit(DisasContext *s, X86Insn *d);
void trans_desc_query(DisasContext *s, X86Insn *d);

void trans_alu(DisasContext *s, X86Insn *d);
void trans_test(DisasContext *s, X86Insn *d);
void trans_incdec(DisasContext *s, X86Insn *d);
void trans_not(DisasContext *s, X86Insn *d);
void trans_neg(DisasContext *s, X86Insn *d);
void trans_shift(DisasContext *s, X86Insn *d);
void trans_shxd(DisasContext *s, X86Insn *d);
void trans_mul_acc(DisasContext *s, X86Insn *d);
void trans_imul(DisasContext *s, X86Insn *d);
void trans_div(DisasContext *s, X86Insn *d);
void trans_cbw(DisasContext *s, X86Insn *d);
void trans_bt(DisasContext *s, X86Insn *d);
void trans_bsf(DisasContext *s, X86Insn *d);
void trans_popcnt(DisasContext *s, X86Insn *d);
void trans_bswap(DisasContext *s, X86Insn *d);
void trans_xchg(DisasContext *s, X86Insn *d);
void trans_xadd(DisasContext *s, X86Insn *d);
void trans_cmpxchg(DisasContext *s, X86Insn *d);
void trans_cmpxchg8b(DisasContext *s, X86Insn *d);
void trans_mov(DisasContext *s, X86Insn *d);
void trans_movsx(DisasContext *s, X86Insn *d);
void trans_lea(DisasContext *s, X86Insn *d);
void trans_cmov(DisasContext *s, X86Insn *d);
void trans_setcc(DisasContext *s, X86Insn *d);
void trans_nop(DisasContext *s, X86Insn *d);
void trans_xlat(DisasContext *s, X86Insn *d);
void trans_push(DisasContext *s, X86Insn *d);
void trans_pop(DisasContext *s, X86Insn *d);
void trans_pusha(DisasContext *s, X86Insn *d);
void trans_popa(DisasContext *s, X86Insn *d);
void trans_enter(DisasContext *s, X86Insn *d);
void trans_leave(DisasContext *s, X86Insn *d);
void trans_jcc(DisasContext *s, X86Insn *d);
void trans_jmp(DisasContext *s, X86Insn *d);
void trans_call(DisasContext *s, X86Insn *d);
void trans_jmp_ind(DisasContext *s, X86Insn *d);
void trans_call_ind(DisasContext *s, X86Insn *d);
void trans_ret(DisasContext *s, X86Insn *d);
void trans_loop(DisasContext *s, X86Insn *d);
void trans_string(DisasContext *s, X86Insn *d);
void trans_cmc(DisasContext *s, X86Insn *d);
void trans_cld(DisasContext *s, X86Insn *d);
void trans_lahf(DisasContext *s, X86Insn *d);
void trans_sahf(DisasContext *s, X86Insn *d);
void trans_pushf(DisasContext *s, X86Insn *d);
void trans_popf(DisasContext *s, X86Insn *d);
void trans_cli(DisasContext *s, X86Insn *d);
void trans_bcd(DisasContext *s, X86Insn *d);
void trans_push_seg(DisasContext *s, X86Insn *d);
void trans_pop_seg(DisasContext *s, X86Insn *d);
void trans_mov_to_seg(DisasContext *s, X86Insn *d);
void trans_mov_from_seg(DisasContext *s, X86Insn *d);
void trans_lxs(DisasContext *s, X86Insn *d);
void trans_far_imm(DisasContext *s, X86Insn *d);
void trans_far_ind(DisasContext *s, X86Insn *d);
void trans_lret(DisasContext *s, X86Insn *d);
void trans_iret(DisasContext *s, X86Insn *d);
void trans_int(DisasContext *s, X86Insn *d);
void trans_int3(DisasContext *s, X86Insn *d);
void trans_int1(DisasContext *s, X86Insn *d);
void trans_into(DisasContext *s, X86Insn *d);
void trans_ud(DisasContext *s, X86Insn *d);
void trans_hlt(DisasContext *s, X86Insn *d);
void trans_in(DisasContext *s, X86Insn *d);
void trans_out(DisasContext *s, X86Insn *d);
void trans_cpuid(DisasContext *s, X86Insn *d);
void trans_rdtsc(DisasContext *s, X86Insn *d);
void trans_rdmsr(DisasContext *s, X86Insn *d);
void trans_wrmsr(DisasContext *s, X86Insn *d);
void trans_mov_cr(DisasContext *s, X86Insn *d);
void trans_mov_dr(DisasContext *s, X86Insn *d);
void trans_clts(DisasContext *s, X86Insn *d);
void trans_desc_table(DisasContext *s, X86Insn *d);
void trans_smsw(DisasContext *s, X86Insn *d);
void trans_lmsw(DisasContext *s, X86Insn *d);
void trans_grp7_7(DisasContext *s, X86Insn *d);
void trans_grp6(DisasContext *s, X86Insn *d);
void trans_syscall(DisasContext *s, X86Insn *d);
void trans_sysret(DisasContext *s, X86Insn *d);
void trans_fence(DisasContext *s, X86Insn *d);

/* ---------------------------------------------------------------- x87 (insn-x87.c) */

void trans_grp15(DisasContext *s, X86Insn *d); /* FXSAVE .. XSAVEOPT, CLFLUSH, fences */
void trans_grp7_2(DisasContext *s, X86Insn *d); /* LGDT, XGETBV, XSETBV */

/* ---------------------------------------------------------------- MMX/SSE (insn-vec.c) */

/* Copy bytes (a multiple of 8) between vector storage in X86CPU. */
void gen_vec_copy(intptr_t dst_ofs, intptr_t src_ofs, int bytes);

void trans_movdq(DisasContext *s, X86Insn *d);

#endif
