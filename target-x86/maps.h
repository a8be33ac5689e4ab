/*
 * The notation of the opcode maps (maps.c, maps-0f38.c): an entry names its
 * operands as (kind, size) pairs in the SDM's appendix A notation: E,V =
 * Ev, G,B = Gb, I,Z = Iz, ...; X0..X3 by operand count, GRP for a ModRM.reg
 * group, PFX for a mandatory-prefix group.  Include only from map files.
 */
#ifndef TARGET_X86_MAPS_H
#define TARGET_X86_MAPS_H

#include "target-x86/insn.h"

#define K(k) OPK_##k
#define S(z) SZ_##z

#define X0(nm, f, fl, a)                                                                       \
    {                                                                                          \
        .name = nm, .fn = trans_##f, .flags = (fl), .arg = (a)                                 \
    }
#define X1(nm, f, fl, a, k0, s0)                                                               \
    {                                                                                          \
        .name = nm, .fn = trans_##f, .kind = {K(k0)}, .size = {S(s0)}, .flags = (fl),          \
        .arg = (a)                                                                             \
    }
#define X2(nm, f, fl, a, k0, s0, k1, s1)                                                       \
    {                                                                                          \
        .name = nm, .fn = trans_##f, .kind = {K(k0), K(k1)}, .size = {S(s0), S(s1)},           \
        .flags = (fl), .arg = (a)                                                              \
    }
#define X3(nm, f, fl, a, k0, s0, k1, s1, k2, s2)                                               \
    {                                                                                          \
        .name = nm, .fn = trans_##f, .kind = {K(k0), K(k1), K(k2)},                            \
        .size = {S(s0), S(s1), S(s2)}, .flags = (fl), .arg = (a)                               \
    }
#define GRP(nm, g, fl, k0, s0, k1, s1)                                                         \
    {                                                                                          \
        .name = nm, .kind = {K(k0), K(k1)}, .size = {S(s0), S(s1)}, .flags = (fl) | X86_GROUP, \
        .group = (g)                                                                           \
    }

/*
 * A prefix group: the entries for no prefix, 66, F3 and F2 (see X86_PFX);
 * NONE_ for an empty slot (#UD).
 */
#define PFX(none, p66, pf3, pf2)                                                               \
    {                                                                                          \
        .name = "pfx", .flags = X86_PFX, .group = (const X86OpEntry[4])                        \
        {                                                                                      \
            none, p66, pf3, pf2                                                                \
        }                                                                                      \
    }
#define NONE_                                                                                  \
    {                                                                                          \
        0                                                                                      \
    }

#define WB  X86_WB
#define NL  X86_NOLOAD0
#define MOV (X86_WB | X86_NOLOAD0)
#define LK  X86_LOCK
#define SSE X86_SSE
#define MMX X86_MMX
#define UA  X86_UNALIGNED

/*
 * An integer vector operation (insn-sse-int.h) in its MMX form (no prefix:
 * P, Q; mmx_size is the size of the MMX memory operand) and its SSE2 form
 * (66: V, W).
 */
#define MMX_SSE_OPS(op, mmx_size)                                                              \
    PFX(X2(#op, vec_op, MMX, VOP_##op, P, Q, Q, mmx_size),                                     \
        X2(#op, vec_op, SSE, VOP_##op, V, X, W, X), NONE_, NONE_)
#define MMX_SSE_OP(op) MMX_SSE_OPS(op, Q)
/* Only the SSE form; src_size is the size of a memory source (X, or less for PMOVSX/ZX). */
#define SSE_OPS(op, src_size)                                                                  \
    PFX(NONE_, X2(#op, vec_op, SSE, VOP_##op, V, X, W, src_size), NONE_, NONE_)
#define SSE_OP(op) SSE_OPS(op, X)

#endif
