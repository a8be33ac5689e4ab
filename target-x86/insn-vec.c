/*
 * What the MMX/SSE instruction files share: copies between vector storage
 * and the whole-register moves (see "vector operands" in translate.h).
 */
#include "target-x86/helper.h"
#include "target-x86/insn.h"

void gen_vec_copy(intptr_t dst_ofs, intptr_t src_ofs, int bytes)
{
    TCGv_i64 t = tcg_temp_new_i64();
    for (int i = 0; i < bytes; i += 8) {
        tcg_gen_ld_i64(t, tcg_env, src_ofs + i);
        tcg_gen_st_i64(t, tcg_env, dst_ofs + i);
    }
}

/* MOVAPS MOVAPD MOVUPS MOVUPD MOVDQA MOVDQU (all directions): 16 bytes, op 0 <- op 1. */
void trans_movdq(DisasContext *s, X86Insn *d) { gen_vec_copy(d->op[0].ofs, d->op[1].ofs, 16); }
