/*
 * The three-byte opcode maps 0F 38 xx and 0F 3A xx (SSSE3, SSE4.1, SSE4.2),
 * in the notation of maps.c.  Every entry here is an X86_PFX group: the
 * mandatory prefix (none: MMX forms, 66: XMM forms, F2: CRC32) picks the
 * instruction.  0F 3A entries carry their imm8 as an (I, B) operand.
 */
#include "target-x86/insn-sse-fp.h"
#include "target-x86/insn-sse-int.h"
#include "target-x86/insn.h"
#include "target-x86/maps.h"

/* With an imm8. */
#define MMX_SSE_OP_I(op)                                                                       \
    PFX(X3(#op, vec_op, MMX, VOP_##op, P, Q, Q, Q, I, B),                                      \
        X3(#op, vec_op, SSE, VOP_##op, V, X, W, X, I, B), NONE_, NONE_)
#define SSE_OP_I(op) PFX(NONE_, X3(#op, vec_op, SSE, VOP_##op, V, X, W, X, I, B), NONE_, NONE_)
/*
 * A 66-only entry: a PFX group written out, as the entry's own commas would
 * split PFX's arguments.
 */
#define SSE_ONLY(...)                                                                          \
    {                                                                                          \
        .name = "pfx", .flags = X86_PFX, .group = (const X86OpEntry[4])                        \
        {                                                                                      \
            NONE_, __VA_ARGS__, NONE_, NONE_                                                   \
        }                                                                                      \
    }

/* PCMPxSTRx: form = X86_PCMPSTR_ bits; unaligned memory operands are fine. */
#define PCMPSTR(nm, form)                                                                      \
    SSE_ONLY(X3(nm, pcmpstr, SSE | UA, form, V, X, W, X, I, B))

/* SSE4.1 floating point (insn-sse-fp.c): 66-prefixed entries of two or three operands. */
#define FP66_(nm, f, fl, a, k0, s0, k1, s1, k2, s2)                                            \
    {                                                                                          \
        .name = "pfx", .flags = X86_PFX, .group = (const X86OpEntry[4])                        \
        {                                                                                      \
            {0},                                                                               \
                {.name = nm,                                                                   \
                 .fn = trans_##f,                                                              \
                 .kind = {OPK_##k0, OPK_##k1, OPK_##k2},                                       \
                 .size = {SZ_##s0, SZ_##s1, SZ_##s2},                                          \
                 .flags = (fl) | X86_SSE,                                                      \
                 .arg = (a)},                                                                  \
                {0}, {0}                                                                       \
        }                                                                                      \
    }
#define FP66_IMM(nm, f, fl, a, k0, s0, k1, s1) FP66_(nm, f, fl, a, k0, s0, k1, s1, I, B)
#define FP66_ROUND(nm, fmt, src_size)                                                          \
    FP66_IMM(nm, sse_fp, 0, SSE_ROUND | SSE_##fmt << 8, V, X, W, src_size)

const X86OpEntry x86_map_0f38[256] = {
    [0x00] = MMX_SSE_OP(pshufb),
    [0x01] = MMX_SSE_OP(phaddw),
    [0x02] = MMX_SSE_OP(phaddd),
    [0x03] = MMX_SSE_OP(phaddsw),
    [0x04] = MMX_SSE_OP(pmaddubsw),
    [0x05] = MMX_SSE_OP(phsubw),
    [0x06] = MMX_SSE_OP(phsubd),
    [0x07] = MMX_SSE_OP(phsubsw),
    [0x08] = MMX_SSE_OP(psignb),
    [0x09] = MMX_SSE_OP(psignw),
    [0x0a] = MMX_SSE_OP(psignd),
    [0x0b] = MMX_SSE_OP(pmulhrsw),
    [0x10] = SSE_OP(pblendvb),
    [0x14] = FP66_("blendvps", sse_perm, 0, PERM_BLENDVPS, V, X, W, X, NONE, NONE),
    [0x15] = FP66_("blendvpd", sse_perm, 0, PERM_BLENDVPD, V, X, W, X, NONE, NONE),
    [0x17] = SSE_ONLY(X2("ptest", ptest, SSE, 0, V, X, W, X)),
    [0x1c] = MMX_SSE_OP(pabsb),
    [0x1d] = MMX_SSE_OP(pabsw),
    [0x1e] = MMX_SSE_OP(pabsd),
    [0x20] = SSE_OPS(pmovsxbw, Q),
    [0x21] = SSE_OPS(pmovsxbd, D),
    [0x22] = SSE_OPS(pmovsxbq, W),
    [0x23] = SSE_OPS(pmovsxwd, Q),
    [0x24] = SSE_OPS(pmovsxwq, D),
    [0x25] = SSE_OPS(pmovsxdq, Q),
    [0x28] = SSE_OP(pmuldq),
    [0x29] = SSE_OP(pcmpeqq),
    [0x2a] = SSE_ONLY(X2("movntdqa", movntdqa, SSE, 0, V, X, W, X)),
    [0x2b] = SSE_OP(packusdw),
    [0x30] = SSE_OPS(pmovzxbw, Q),
    [0x31] = SSE_OPS(pmovzxbd, D),
    [0x32] = SSE_OPS(pmovzxbq, W),
    [0x33] = SSE_OPS(pmovzxwd, Q),
    [0x34] = SSE_OPS(pmovzxwq, D),
    [0x35] = SSE_OPS(pmovzxdq, Q),
    [0x37] = SSE_OP(pcmpgtq),
    [0x38] = SSE_OP(pminsb),
    [0x39] = SSE_OP(pminsd),
    [0x3a] = SSE_OP(pminuw),
    [0x3b] = SSE_OP(pminud),
    [0x3c] = SSE_OP(pmaxsb),
    [0x3d] = SSE_OP(pmaxsd),
    [0x3e] = SSE_OP(pmaxuw),
    [0x3f] = SSE_OP(pmaxud),
    [0x40] = SSE_OP(pmulld),
    [0x41] = SSE_OP(phminposuw),
    /* F2: CRC32 (66 still selects a 16-bit source for F1). */
    [0xf0] = PFX(NONE_, NONE_, NONE_, X2("crc32", crc32, X86_WB, 0, G, Y, E, B)),
    [0xf1] = PFX(NONE_, NONE_, NONE_, X2("crc32", crc32, X86_WB, 0, G, Y, E, V)),
};

const X86OpEntry x86_map_0f3a[256] = {
    [0x08] = FP66_ROUND("roundps", PS, X),
    [0x09] = FP66_ROUND("roundpd", PD, X),
    [0x0a] = FP66_ROUND("roundss", SS, D),
    [0x0b] = FP66_ROUND("roundsd", SD, Q),
    [0x0c] = FP66_IMM("blendps", sse_perm, 0, PERM_BLENDPS, V, X, W, X),
    [0x0d] = FP66_IMM("blendpd", sse_perm, 0, PERM_BLENDPD, V, X, W, X),
    [0x0e] = SSE_OP_I(pblendw),
    [0x0f] = MMX_SSE_OP_I(palignr),
    [0x14] = SSE_ONLY(X3("pextrb", pextr, X86_NOLOAD0 | SSE, MO_8, E, B, V, X, I, B)),
    [0x15] = SSE_ONLY(X3("pextrw", pextr, X86_NOLOAD0 | SSE, MO_16, E, W, V, X, I, B)),
    [0x16] = SSE_ONLY(X3("pextrd", pextr, X86_NOLOAD0 | SSE, MO_32, E, Y, V, X, I, B)),
    [0x17] = FP66_IMM("extractps", extractps, X86_WB | X86_NOLOAD0, 0, E, D, V, X),
    [0x20] = SSE_ONLY(X3("pinsrb", pinsr, SSE, MO_8, V, X, E, B, I, B)),
    [0x21] = FP66_IMM("insertps", sse_perm, 0, PERM_INSERTPS, V, X, W, D),
    [0x22] = SSE_ONLY(X3("pinsrd", pinsr, SSE, MO_32, V, X, E, Y, I, B)),
    [0x40] = FP66_IMM("dpps", sse_fp, 0, SSE_DP | SSE_PS << 8, V, X, W, X),
    [0x41] = FP66_IMM("dppd", sse_fp, 0, SSE_DP | SSE_PD << 8, V, X, W, X),
    [0x42] = SSE_OP_I(mpsadbw),
    [0x60] = PCMPSTR("pcmpestrm", X86_PCMPSTR_EXPLICIT | X86_PCMPSTR_MASK),
    [0x61] = PCMPSTR("pcmpestri", X86_PCMPSTR_EXPLICIT),
    [0x62] = PCMPSTR("pcmpistrm", X86_PCMPSTR_MASK),
    [0x63] = PCMPSTR("pcmpistri", 0),
};
