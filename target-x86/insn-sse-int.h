/*
 * The integer MMX/SSE2/SSSE3/SSE4.1/SSE4.2 instructions: the operations the
 * opcode maps name (maps.c, maps-0f38.c), the trans functions they point at
 * (insn-sse-int.c) and the operation table the helpers run (helper-sse-int.c).
 *
 * Most instructions are one element-wise operation on operand 0 (an MMX or
 * XMM register, 8 or 16 bytes) and operand 1, written once for every
 * element size and width.  X86_VEC_INT_OPS lists them; an entry's arg is
 * the VOP_ index, and helper_x86_vec_op(env, dst, src, desc, imm) runs it.
 */
#ifndef TARGET_X86_INSN_SSE_INT_H
#define TARGET_X86_INSN_SSE_INT_H

#include "target-x86/translate.h"

/* clang-format off */
#define X86_VEC_INT_OPS(X)                                                                     \
    /* wrapping and saturating add/subtract */                                                 \
    X(paddb) X(paddw) X(paddd) X(paddq) X(psubb) X(psubw) X(psubd) X(psubq)                    \
    X(paddsb) X(paddsw) X(paddusb) X(paddusw) X(psubsb) X(psubsw) X(psubusb) X(psubusw)        \
    /* compares */                                                                             \
    X(pcmpeqb) X(pcmpeqw) X(pcmpeqd) X(pcmpeqq) X(pcmpgtb) X(pcmpgtw) X(pcmpgtd) X(pcmpgtq)    \
    /* minimum, maximum, average */                                                            \
    X(pminub) X(pminuw) X(pminud) X(pminsb) X(pminsw) X(pminsd)                                \
    X(pmaxub) X(pmaxuw) X(pmaxud) X(pmaxsb) X(pmaxsw) X(pmaxsd) X(pavgb) X(pavgw)              \
    /* multiplies */                                                                           \
    X(pmullw) X(pmulhw) X(pmulhuw) X(pmulld) X(pmuludq) X(pmuldq) X(pmaddwd) X(pmaddubsw)      \
    X(pmulhrsw)                                                                                \
    /* absolute value, sign */                                                                 \
    X(pabsb) X(pabsw) X(pabsd) X(psignb) X(psignw) X(psignd)                                   \
    /* logic */                                                                                \
    X(pand) X(pandn) X(por) X(pxor)                                                            \
    /* shifts by src's low quadword (the immediate forms put it there) */                      \
    X(psrlw) X(psrld) X(psrlq) X(psraw) X(psrad) X(psllw) X(pslld) X(psllq)                    \
    X(psrldq) X(pslldq)                                                                        \
    /* pack and unpack */                                                                      \
    X(packsswb) X(packuswb) X(packssdw) X(packusdw)                                            \
    X(punpcklbw) X(punpcklwd) X(punpckldq) X(punpcklqdq)                                       \
    X(punpckhbw) X(punpckhwd) X(punpckhdq) X(punpckhqdq)                                       \
    /* horizontal */                                                                           \
    X(phaddw) X(phaddd) X(phaddsw) X(phsubw) X(phsubd) X(phsubsw) X(psadbw) X(mpsadbw)         \
    X(phminposuw)                                                                              \
    /* shuffles and blends (imm8 or XMM0 select) */                                            \
    X(pshufw) X(pshufd) X(pshuflw) X(pshufhw) X(pshufb) X(palignr) X(pblendw) X(pblendvb)      \
    /* sign and zero extension */                                                              \
    X(pmovsxbw) X(pmovsxbd) X(pmovsxbq) X(pmovsxwd) X(pmovsxwq) X(pmovsxdq)                    \
    X(pmovzxbw) X(pmovzxbd) X(pmovzxbq) X(pmovzxwd) X(pmovzxwq) X(pmovzxdq)
/* clang-format on */

enum X86VecIntOp {
#define X86_VOP_ENUM(name) VOP_##name,
    X86_VEC_INT_OPS(X86_VOP_ENUM)
#undef X86_VOP_ENUM
        VOP_COUNT
};

/* helper_x86_vec_op's desc: the operation, and 8 (MMX) or 16 (XMM) bytes. */
#define X86_VEC_DESC(op, bytes)  ((uint32_t)(op) | ((uint32_t)(bytes) << 8))
#define X86_VEC_DESC_OP(desc)    ((desc)&0xff)
#define X86_VEC_DESC_BYTES(desc) ((desc) >> 8)

/* PCMPxSTRx: helper_x86_pcmpstr's ctrl is imm8 | these. */
#define X86_PCMPSTR_EXPLICIT 0x100 /* lengths from rAX/rDX (PCMPESTRx), not the first NUL */
#define X86_PCMPSTR_MASK     0x200 /* result to XMM0 (PCMPxSTRM), not an index */
#define X86_PCMPSTR_W64      0x400 /* REX.W: the lengths are RAX/RDX, else EAX/EDX */

/* Operation arg on operands 0 and 1 (and an imm8 operand 2 if there is one). */
void trans_vec_op(DisasContext *s, X86Insn *d);
/* Operation arg on operand 0 with the immediate (operand 1) as the count. */
void trans_vec_shift_imm(DisasContext *s, X86Insn *d);
/* MOVD/MOVQ/MOVQ2DQ/MOVDQ2Q and the MMX MOVQ: arg says which. */
void trans_vec_movq(DisasContext *s, X86Insn *d);
void trans_vec_movnt(DisasContext *s, X86Insn *d);
void trans_movntdqa(DisasContext *s, X86Insn *d);
void trans_maskmov(DisasContext *s, X86Insn *d);
void trans_emms(DisasContext *s, X86Insn *d);
void trans_pextr(DisasContext *s, X86Insn *d);
void trans_pinsr(DisasContext *s, X86Insn *d);
void trans_pmovmskb(DisasContext *s, X86Insn *d);
void trans_ptest(DisasContext *s, X86Insn *d);
void trans_pcmpstr(DisasContext *s, X86Insn *d);
void trans_crc32(DisasContext *s, X86Insn *d);

/* trans_vec_movq's arg: where the quadword goes. */
enum {
    MOVQ_TO_VEC,   /* op 0 (MMX/XMM) <- zero-extended op 1 (general register or memory) */
    MOVQ_FROM_VEC, /* op 0 (general register or memory) <- low bits of op 1 */
    MOVQ_VEC,      /* op 0 <- low quadword of op 1, an XMM destination's high half zeroed */
};

#endif
