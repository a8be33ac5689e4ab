/*
 * The three-byte opcode maps 0F 38 xx and 0F 3A xx (SSSE3, SSE4.1, SSE4.2),
 * in the notation of maps.c.  Every entry here is an X86_PFX group: the
 * mandatory prefix (none: MMX forms, 66: XMM forms, F2: CRC32) picks the
 * instruction.  0F 3A entries carry their imm8 as an (I, B) operand.
 */
#include "target-x86/insn-sse-fp.h"
#include "target-x86/insn.h"

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
    [0] = {0},
    [0x14] = FP66_("blendvps", sse_perm, 0, PERM_BLENDVPS, V, X, W, X, NONE, NONE),
    [0x15] = FP66_("blendvpd", sse_perm, 0, PERM_BLENDVPD, V, X, W, X, NONE, NONE),
};

const X86OpEntry x86_map_0f3a[256] = {
    [0] = {0},
    [0x08] = FP66_ROUND("roundps", PS, X),
    [0x09] = FP66_ROUND("roundpd", PD, X),
    [0x0a] = FP66_ROUND("roundss", SS, D),
    [0x0b] = FP66_ROUND("roundsd", SD, Q),
    [0x0c] = FP66_IMM("blendps", sse_perm, 0, PERM_BLENDPS, V, X, W, X),
    [0x0d] = FP66_IMM("blendpd", sse_perm, 0, PERM_BLENDPD, V, X, W, X),
    [0x17] = FP66_IMM("extractps", extractps, X86_WB | X86_NOLOAD0, 0, E, D, V, X),
    [0x21] = FP66_IMM("insertps", sse_perm, 0, PERM_INSERTPS, V, X, W, D),
    [0x40] = FP66_IMM("dpps", sse_fp, 0, SSE_DP | SSE_PS << 8, V, X, W, X),
    [0x41] = FP66_IMM("dppd", sse_fp, 0, SSE_DP | SSE_PD << 8, V, X, W, X),
};
