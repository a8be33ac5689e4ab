/*
 * The opcode maps: one-byte opcodes and the 0F two-byte map, with the
 * ModRM.reg groups as sub-tables.  Operands are written in the SDM's
 * appendix A notation (kind, size): E,V = Ev, G,B = Gb, I,Z = Iz, ...
 * An empty map slot (or group member) is #UD.
 */
#include "target-x86/insn-sse-int.h"
#include "target-x86/insn-sse-fp.h"
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
#define NONE_ {0}

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
#define SSE_OP(op)     PFX(NONE_, X2(#op, vec_op, SSE, VOP_##op, V, X, W, X), NONE_, NONE_)
/* SSE floating point: an entry of x86_sse_fp operation op on format fmt (insn-sse-fp.h). */
#define SSE_FP(nm, op, fmt, src_size)                                                          \
    X2(nm, sse_fp, SSE, (op) | SSE_##fmt << 8, V, X, W, src_size)
/* The four forms PS PD SS SD of an arithmetic operation. */
#define SSE_ARITH(nm, op)                                                                      \
    PFX(SSE_FP(nm "ps", SSE_##op, PS, X), SSE_FP(nm "pd", SSE_##op, PD, X),                    \
        SSE_FP(nm "ss", SSE_##op, SS, D), SSE_FP(nm "sd", SSE_##op, SD, Q))
#define SSE_CMP(nm, fmt, src_size)                                                             \
    X3(nm, sse_fp, SSE, SSE_CMP | SSE_##fmt << 8, V, X, W, src_size, I, B)
#define SSE_BITWISE(nm, op)                                                                    \
    PFX(X2(nm "ps", sse_perm, SSE, PERM_##op, V, X, W, X),                                     \
        X2(nm "pd", sse_perm, SSE, PERM_##op, V, X, W, X), NONE_, NONE_)

/* ADD OR ADC SBB AND SUB XOR CMP: six forms each at 8 * op. */
#define ALU_ROW(op, nm, fl)                                                                    \
    [(op)*8 + 0] = X2(nm, alu, fl, op, E, B, G, B),                                            \
              [(op)*8 + 1] = X2(nm, alu, fl, op, E, V, G, V),                                  \
              [(op)*8 + 2] = X2(nm, alu, fl, op, G, B, E, B),                                  \
              [(op)*8 + 3] = X2(nm, alu, fl, op, G, V, E, V),                                  \
              [(op)*8 + 4] = X2(nm, alu, fl, op, A, B, I, B),                                  \
              [(op)*8 + 5] = X2(nm, alu, fl, op, A, V, I, Z)

#define EIGHT(first, ...)                                                                      \
    [(first) + 0] = __VA_ARGS__, [(first) + 1] = __VA_ARGS__, [(first) + 2] = __VA_ARGS__,     \
               [(first) + 3] = __VA_ARGS__, [(first) + 4] = __VA_ARGS__,                       \
               [(first) + 5] = __VA_ARGS__, [(first) + 6] = __VA_ARGS__,                       \
               [(first) + 7] = __VA_ARGS__

#define SIXTEEN(first, ...) EIGHT(first, __VA_ARGS__), EIGHT((first) + 8, __VA_ARGS__)

static const X86OpEntry grp1[8] = {
    X0("add", alu, WB | LK, 0), X0("or", alu, WB | LK, 1),  X0("adc", alu, WB | LK, 2),
    X0("sbb", alu, WB | LK, 3), X0("and", alu, WB | LK, 4), X0("sub", alu, WB | LK, 5),
    X0("xor", alu, WB | LK, 6), X0("cmp", alu, 0, 7),
};

static const X86OpEntry grp1a[8] = {X1("pop", pop, NL | X86_D64, 0, E, V)};

static const X86OpEntry grp2[8] = {
    X0("rol", shift, WB, 0), X0("ror", shift, WB, 1), X0("rcl", shift, WB, 2),
    X0("rcr", shift, WB, 3), X0("shl", shift, WB, 4), X0("shr", shift, WB, 5),
    X0("sal", shift, WB, 6), X0("sar", shift, WB, 7),
};

static const X86OpEntry grp3[8] = {
    X2("test", test, 0, 0, E, V, I, Z),
    X2("test", test, 0, 0, E, V, I, Z),
    X0("not", not, WB | LK, 0),
    X0("neg", neg, WB | LK, 0),
    X0("mul", mul_acc, 0, 0),
    X0("imul", mul_acc, 0, 1),
    X0("div", div, 0, 0),
    X0("idiv", div, 0, 1),
};

static const X86OpEntry grp4[8] = {X0("inc", incdec, WB | LK, 0),
                                   X0("dec", incdec, WB | LK, 1)};

static const X86OpEntry grp5[8] = {
    X0("inc", incdec, WB | LK, 0),    X0("dec", incdec, WB | LK, 1),
    X0("call", call_ind, X86_F64, 0), X1("callf", far_ind, 0, 1, M, V),
    X0("jmp", jmp_ind, X86_F64, 0),   X1("jmpf", far_ind, 0, 0, M, V),
    X0("push", push, X86_D64, 0),
};

static const X86OpEntry grp11[8] = {X0("mov", mov, MOV, 0)};

static const X86OpEntry grp6[8] = {
    X1("sldt", grp6, NL, 0, E, W),
    X1("str", grp6, NL, 0, E, W),
    X1("lldt", grp6, NL, 0, E, W),
    X1("ltr", grp6, NL, 0, E, W),
    X2("verr", desc_query, 0, 2, NONE, NONE, E, W),
    X2("verw", desc_query, 0, 3, NONE, NONE, E, W),
};

static const X86OpEntry grp7[8] = {
    X1("sgdt", desc_table, NL, 0, E, V), X1("sidt", desc_table, NL, 0, E, V),
    X1("lgdt", grp7_2, NL, 0, E, V), X1("lidt", desc_table, NL, 0, E, V),
    X1("smsw", smsw, NL, 0, E, V),       {0},
    X1("lmsw", lmsw, NL | X86_END, 0, E, W),      X1("invlpg", grp7_7, NL, 0, E, V),
};

static const X86OpEntry grp8[8] = {
    [4] = X0("bt", bt, NL, 0),
    [5] = X0("bts", bt, NL | LK, 1),
    [6] = X0("btr", bt, NL | LK, 2),
    [7] = X0("btc", bt, NL | LK, 3),
};

static const X86OpEntry grp9[8] = {[1] = X1("cmpxchg8b", cmpxchg8b, LK, 0, M, Q)};

static const X86OpEntry grp15[8] = {
    [0] = X1("fxsave", grp15, NL, 0, E, V),
    [1] = X1("fxrstor", grp15, NL, 0, E, V),
    [2] = X1("ldmxcsr", ldmxcsr, SSE, 0, MV, D),
    [3] = X1("stmxcsr", stmxcsr, MOV | SSE, 0, M, D),
    [4] = X1("xsave", grp15, NL, 0, E, V),
    [5] = X1("xrstor/lfence", grp15, NL, 0, E, V),
    [6] = X1("xsaveopt/mfence", grp15, NL, 0, E, V),
    [7] = X1("clflush/sfence", grp15, NL, 0, E, V),
};

/* 0F 71-73: MMX/SSE2 shifts by an immediate, by prefix then ModRM.reg. */
#define SHIFT_IMM(nm, op) X0(nm, vec_shift_imm, 0, VOP_##op)
static const X86OpEntry grp12[8] = {
    [2] = SHIFT_IMM("psrlw", psrlw),
    [4] = SHIFT_IMM("psraw", psraw),
    [6] = SHIFT_IMM("psllw", psllw),
};
static const X86OpEntry grp13[8] = {
    [2] = SHIFT_IMM("psrld", psrld),
    [4] = SHIFT_IMM("psrad", psrad),
    [6] = SHIFT_IMM("pslld", pslld),
};
static const X86OpEntry grp14_mmx[8] = {[2] = SHIFT_IMM("psrlq", psrlq),
                                        [6] = SHIFT_IMM("psllq", psllq)};
static const X86OpEntry grp14_sse[8] = {
    [2] = SHIFT_IMM("psrlq", psrlq),
    [3] = SHIFT_IMM("psrldq", psrldq),
    [6] = SHIFT_IMM("psllq", psllq),
    [7] = SHIFT_IMM("pslldq", pslldq),
};
#define SHIFT_GROUPS(mmx, sse)                                                                 \
    PFX(GRP("shift", mmx, MMX, N, Q, I, B), GRP("shift", sse, SSE, U, X, I, B), NONE_, NONE_)

/* 63 outside 64-bit mode. */
static const X86OpEntry arpl = X2("arpl", arpl, 0, 0, E, W, G, W);

const X86OpEntry x86_map_one[256] = {
    ALU_ROW(0, "add", WB | LK),
    ALU_ROW(1, "or", WB | LK),
    ALU_ROW(2, "adc", WB | LK),
    ALU_ROW(3, "sbb", WB | LK),
    ALU_ROW(4, "and", WB | LK),
    ALU_ROW(5, "sub", WB | LK),
    ALU_ROW(6, "xor", WB | LK),
    ALU_ROW(7, "cmp", 0),
    [0x06] = X0("push", push_seg, X86_NO64, R_ES),
    [0x07] = X0("pop", pop_seg, X86_NO64, R_ES),
    [0x0e] = X0("push", push_seg, X86_NO64, R_CS),
    [0x16] = X0("push", push_seg, X86_NO64, R_SS),
    [0x17] = X0("pop", pop_seg, X86_NO64, R_SS),
    [0x1e] = X0("push", push_seg, X86_NO64, R_DS),
    [0x1f] = X0("pop", pop_seg, X86_NO64, R_DS),
    [0x27] = X0("daa", bcd, X86_NO64, 0),
    [0x2f] = X0("das", bcd, X86_NO64, 1),
    [0x37] = X0("aaa", bcd, X86_NO64, 2),
    [0x3f] = X0("aas", bcd, X86_NO64, 3),
    EIGHT(0x40, X1("inc", incdec, WB | X86_NO64, 0, Z, V)),
    EIGHT(0x48, X1("dec", incdec, WB | X86_NO64, 1, Z, V)),
    EIGHT(0x50, X1("push", push, X86_D64, 0, Z, V)),
    EIGHT(0x58, X1("pop", pop, NL | X86_D64, 0, Z, V)),
    [0x60] = X0("pusha", pusha, X86_NO64, 0),
    [0x61] = X0("popa", popa, X86_NO64, 0),
    [0x62] = X2("bound", bound, X86_NO64 | NL, 0, G, V, M, V),
    [0x63] = {.name = "movsxd",
              .fn = trans_movsx,
              .kind = {OPK_G, OPK_E},
              .size = {SZ_V, SZ_D},
              .flags = MOV,
              .legacy = &arpl},
    [0x68] = X1("push", push, X86_D64, 0, I, Z),
    [0x69] = X3("imul", imul, MOV, 0, G, V, E, V, I, Z),
    [0x6a] = X1("push", push, X86_D64, 0, I, BV),
    [0x6b] = X3("imul", imul, MOV, 0, G, V, E, V, I, BV),
    [0x6c] = X0("ins", string, 0, 5),
    [0x6d] = X0("ins", string, 0, 5),
    [0x6e] = X0("outs", string, 0, 6),
    [0x6f] = X0("outs", string, 0, 6),
    SIXTEEN(0x70, X1("jcc", jcc, X86_F64, 0, J, B)),
    [0x80] = GRP("grp1", grp1, 0, E, B, I, B),
    [0x81] = GRP("grp1", grp1, 0, E, V, I, Z),
    [0x82] = GRP("grp1", grp1, X86_NO64, E, B, I, B),
    [0x83] = GRP("grp1", grp1, 0, E, V, I, BV),
    [0x84] = X2("test", test, 0, 0, E, B, G, B),
    [0x85] = X2("test", test, 0, 0, E, V, G, V),
    [0x86] = X2("xchg", xchg, LK, 0, E, B, G, B),
    [0x87] = X2("xchg", xchg, LK, 0, E, V, G, V),
    [0x88] = X2("mov", mov, MOV, 0, E, B, G, B),
    [0x89] = X2("mov", mov, MOV, 0, E, V, G, V),
    [0x8a] = X2("mov", mov, MOV, 0, G, B, E, B),
    [0x8b] = X2("mov", mov, MOV, 0, G, V, E, V),
    [0x8c] = X1("mov", mov_from_seg, NL, 0, E, V),
    [0x8d] = X2("lea", lea, MOV, 0, G, V, M, V),
    [0x8e] = X2("mov", mov_to_seg, 0, 0, NONE, NONE, E, W),
    [0x8f] = GRP("grp1a", grp1a, 0, NONE, NONE, NONE, NONE),
    EIGHT(0x90, X2("xchg", xchg, 0, 0, Z, V, A, V)),
    [0x98] = X0("cbw", cbw, 0, 0),
    [0x99] = X0("cwd", cbw, 0, 1),
    [0x9a] = X2("callf", far_imm, X86_NO64, 0, I, V, I, W),
    [0x9b] = X0("wait", fwait, 0, 0),
    [0x9c] = X0("pushf", pushf, X86_D64, 0),
    [0x9d] = X0("popf", popf, X86_D64 | X86_END, 0),
    [0x9e] = X0("sahf", sahf, 0, 0),
    [0x9f] = X0("lahf", lahf, 0, 0),
    [0xa0] = X2("mov", mov, MOV, 0, A, B, O, B),
    [0xa1] = X2("mov", mov, MOV, 0, A, V, O, V),
    [0xa2] = X2("mov", mov, MOV, 0, O, B, A, B),
    [0xa3] = X2("mov", mov, MOV, 0, O, V, A, V),
    [0xa4] = X0("movs", string, 0, 0),
    [0xa5] = X0("movs", string, 0, 0),
    [0xa6] = X0("cmps", string, 0, 1),
    [0xa7] = X0("cmps", string, 0, 1),
    [0xa8] = X2("test", test, 0, 0, A, B, I, B),
    [0xa9] = X2("test", test, 0, 0, A, V, I, Z),
    [0xaa] = X0("stos", string, 0, 2),
    [0xab] = X0("stos", string, 0, 2),
    [0xac] = X0("lods", string, 0, 3),
    [0xad] = X0("lods", string, 0, 3),
    [0xae] = X0("scas", string, 0, 4),
    [0xaf] = X0("scas", string, 0, 4),
    EIGHT(0xb0, X2("mov", mov, MOV, 0, Z, B, I, B)),
    EIGHT(0xb8, X2("mov", mov, MOV, 0, Z, V, I, V)),
    [0xc0] = GRP("grp2", grp2, 0, E, B, I, B),
    [0xc1] = GRP("grp2", grp2, 0, E, V, I, B),
    [0xc2] = X1("ret", ret, X86_F64, 0, I, W),
    [0xc3] = X0("ret", ret, X86_F64, 0),
    [0xc4] = X2("les", lxs, NL | X86_NO64, R_ES, G, V, M, V),
    [0xc5] = X2("lds", lxs, NL | X86_NO64, R_DS, G, V, M, V),
    [0xc6] = GRP("grp11", grp11, 0, E, B, I, B),
    [0xc7] = GRP("grp11", grp11, 0, E, V, I, Z),
    [0xc8] = X2("enter", enter, X86_D64, 0, I, W, I, B),
    [0xc9] = X0("leave", leave, X86_D64, 0),
    [0xca] = X1("retf", lret, 0, 0, I, W),
    [0xcb] = X0("retf", lret, 0, 0),
    [0xcc] = X0("int3", int3, 0, 0),
    [0xcd] = X1("int", int, 0, 0, I, B),
    [0xce] = X0("into", into, X86_NO64, 0),
    [0xcf] = X0("iret", iret, 0, 0),
    [0xd0] = GRP("grp2", grp2, 0, E, B, 1, B),
    [0xd1] = GRP("grp2", grp2, 0, E, V, 1, B),
    [0xd2] = GRP("grp2", grp2, 0, E, B, C, B),
    [0xd3] = GRP("grp2", grp2, 0, E, V, C, B),
    [0xd4] = X1("aam", bcd, X86_NO64, 4, I, B),
    [0xd5] = X1("aad", bcd, X86_NO64, 5, I, B),
    [0xd7] = X0("xlat", xlat, 0, 0),
    EIGHT(0xd8, X1("x87", x87, NL, 0, E, V)), /* the memory operand's address only */
    [0xe0] = X1("loopne", loop, X86_F64, 0, J, B),
    [0xe1] = X1("loope", loop, X86_F64, 0, J, B),
    [0xe2] = X1("loop", loop, X86_F64, 0, J, B),
    [0xe3] = X1("jcxz", loop, X86_F64, 0, J, B),
    [0xe4] = X2("in", in, 0, 0, A, B, I, B),
    [0xe5] = X2("in", in, 0, 0, A, V, I, B),
    [0xe6] = X2("out", out, 0, 0, I, B, A, B),
    [0xe7] = X2("out", out, 0, 0, I, B, A, V),
    [0xe8] = X1("call", call, X86_F64, 0, J, Z),
    [0xe9] = X1("jmp", jmp, X86_F64, 0, J, Z),
    [0xea] = X2("jmpf", far_imm, X86_NO64, 0, I, V, I, W),
    [0xeb] = X1("jmp", jmp, X86_F64, 0, J, B),
    [0xec] = X2("in", in, 0, 0, A, B, D, W),
    [0xed] = X2("in", in, 0, 0, A, V, D, W),
    [0xee] = X2("out", out, 0, 0, D, W, A, B),
    [0xef] = X2("out", out, 0, 0, D, W, A, V),
    [0xf1] = X0("int1", int1, 0, 0),
    [0xf4] = X0("hlt", hlt, X86_PRIV, 0),
    [0xf5] = X0("cmc", cmc, 0, 0),
    [0xf6] = GRP("grp3", grp3, X86_SIZE8, E, V, NONE, NONE),
    [0xf7] = GRP("grp3", grp3, 0, E, V, NONE, NONE),
    [0xf8] = X0("clc", cmc, 0, 0),
    [0xf9] = X0("stc", cmc, 0, 0),
    [0xfa] = X0("cli", cli, 0, 0),
    [0xfb] = X0("sti", cli, X86_END, 1),
    [0xfc] = X0("cld", cld, 0, 0),
    [0xfd] = X0("std", cld, 0, 0),
    [0xfe] = GRP("grp4", grp4, 0, E, B, NONE, NONE),
    [0xff] = GRP("grp5", grp5, 0, E, V, NONE, NONE),
};

const X86OpEntry x86_map_0f[256] = {
    [0x00] = GRP("grp6", grp6, 0, NONE, NONE, NONE, NONE),
    [0x01] = GRP("grp7", grp7, 0, NONE, NONE, NONE, NONE),
    [0x02] = X2("lar", desc_query, NL, 0, G, V, E, W),
    [0x03] = X2("lsl", desc_query, NL, 1, G, V, E, W),
    [0x05] = X0("syscall", syscall, X86_ONLY64, 0),
    [0x06] = X0("clts", clts, X86_PRIV | X86_END, 0),
    [0x07] = X0("sysret", sysret, X86_ONLY64 | X86_PRIV, 0),
    [0x08] = X0("invd", nop, X86_PRIV, 0),
    [0x09] = X0("wbinvd", nop, X86_PRIV, 0),
    [0x0b] = X0("ud2", ud, 0, 0),
    [0x0d] = X1("prefetch", nop, NL, 0, E, V),
    [0x10] = PFX(X2("movups", movdq, MOV | SSE | UA, 0, V, X, W, X),
                 X2("movupd", movdq, MOV | SSE | UA, 0, V, X, W, X),
                 X2("movss", movs, MOV | SSE, 4, V, X, W, D),
                 X2("movsd", movs, MOV | SSE, 8, V, X, W, Q)),
    [0x11] = PFX(X2("movups", movdq, MOV | SSE | UA, 0, W, X, V, X),
                 X2("movupd", movdq, MOV | SSE | UA, 0, W, X, V, X),
                 X2("movss", movs, MOV | SSE, 4, W, D, V, X),
                 X2("movsd", movs, MOV | SSE, 8, W, Q, V, X)),
    [0x12] = PFX(X2("movlps", movhl, SSE, HL_REG_SRC_HI, V, X, W, Q),
                 X2("movlpd", movhl, SSE, HL_MEM_ONLY, V, X, W, Q),
                 X2("movsldup", sse_perm, SSE, PERM_MOVSLDUP, V, X, W, X),
                 X2("movddup", sse_perm, SSE, PERM_MOVDDUP, V, X, W, Q)),
    [0x13] = PFX(X2("movlps", movhl, MOV | SSE, HL_MEM_ONLY, W, Q, V, X),
                 X2("movlpd", movhl, MOV | SSE, HL_MEM_ONLY, W, Q, V, X), NONE_, NONE_),
    [0x14] = PFX(X2("unpcklps", sse_perm, SSE, PERM_UNPCKLPS, V, X, W, X),
                 X2("unpcklpd", sse_perm, SSE, PERM_UNPCKLPD, V, X, W, X), NONE_, NONE_),
    [0x15] = PFX(X2("unpckhps", sse_perm, SSE, PERM_UNPCKHPS, V, X, W, X),
                 X2("unpckhpd", sse_perm, SSE, PERM_UNPCKHPD, V, X, W, X), NONE_, NONE_),
    [0x16] = PFX(X2("movhps", movhl, SSE, HL_DST_HI, V, X, W, Q),
                 X2("movhpd", movhl, SSE, HL_DST_HI | HL_MEM_ONLY, V, X, W, Q),
                 X2("movshdup", sse_perm, SSE, PERM_MOVSHDUP, V, X, W, X), NONE_),
    [0x17] = PFX(X2("movhps", movhl, MOV | SSE, HL_SRC_HI | HL_MEM_ONLY, W, Q, V, X),
                 X2("movhpd", movhl, MOV | SSE, HL_SRC_HI | HL_MEM_ONLY, W, Q, V, X), NONE_,
                 NONE_),
    EIGHT(0x18, X1("nop", nop, NL, 0, E, V)),
    [0x20] = X0("mov", mov_cr, X86_MODRM | X86_PRIV, 0),
    [0x21] = X0("mov", mov_dr, X86_MODRM | X86_PRIV, 0),
    [0x22] = X0("mov", mov_cr, X86_MODRM | X86_PRIV, 0),
    [0x23] = X0("mov", mov_dr, X86_MODRM | X86_PRIV, 0),
    [0x30] = X0("wrmsr", wrmsr, X86_PRIV, 0),
    [0x31] = X0("rdtsc", rdtsc, 0, 0),
    [0x32] = X0("rdmsr", rdmsr, X86_PRIV, 0),
    [0x34] = X0("sysenter", sysenter, 0, 0),
    [0x35] = X0("sysexit", sysexit, 0, 0),
    [0x28] = PFX(X2("movaps", movdq, MOV | SSE, 0, V, X, W, X),
                 X2("movapd", movdq, MOV | SSE, 0, V, X, W, X), NONE_, NONE_),
    [0x29] = PFX(X2("movaps", movdq, MOV | SSE, 0, W, X, V, X),
                 X2("movapd", movdq, MOV | SSE, 0, W, X, V, X), NONE_, NONE_),
    [0x2a] = PFX(X2("cvtpi2ps", sse_cvt, SSE, CVT_PI2PS, V, X, Q, Q),
                 X2("cvtpi2pd", sse_cvt, SSE, CVT_PI2PD, V, X, Q, Q),
                 X2("cvtsi2ss", sse_cvt_from_int, SSE, 0, V, X, E, Y),
                 X2("cvtsi2sd", sse_cvt_from_int, SSE, SSE_ARG_DOUBLE, V, X, E, Y)),
    [0x2b] = PFX(X2("movntps", movnt, MOV | SSE, 0, W, X, V, X),
                 X2("movntpd", movnt, MOV | SSE, 0, W, X, V, X), NONE_, NONE_),
    [0x2c] = PFX(X2("cvttps2pi", sse_cvt, SSE | MMX, CVT_TPS2PI, P, Q, W, Q),
                 X2("cvttpd2pi", sse_cvt, SSE | MMX, CVT_TPD2PI, P, Q, W, X),
                 X2("cvttss2si", sse_cvt_to_int, MOV | SSE, SSE_ARG_TRUNC, G, Y, W, D),
                 X2("cvttsd2si", sse_cvt_to_int, MOV | SSE, SSE_ARG_TRUNC | SSE_ARG_DOUBLE, G,
                    Y, W, Q)),
    [0x2d] = PFX(X2("cvtps2pi", sse_cvt, SSE | MMX, CVT_PS2PI, P, Q, W, Q),
                 X2("cvtpd2pi", sse_cvt, SSE | MMX, CVT_PD2PI, P, Q, W, X),
                 X2("cvtss2si", sse_cvt_to_int, MOV | SSE, 0, G, Y, W, D),
                 X2("cvtsd2si", sse_cvt_to_int, MOV | SSE, SSE_ARG_DOUBLE, G, Y, W, Q)),
    [0x2e] = PFX(X2("ucomiss", sse_comi, SSE, SSE_ARG_QUIET, V, X, W, D),
                 X2("ucomisd", sse_comi, SSE, SSE_ARG_QUIET | SSE_ARG_DOUBLE, V, X, W, Q), NONE_,
                 NONE_),
    [0x2f] = PFX(X2("comiss", sse_comi, SSE, 0, V, X, W, D),
                 X2("comisd", sse_comi, SSE, SSE_ARG_DOUBLE, V, X, W, Q), NONE_, NONE_),
    SIXTEEN(0x40, X2("cmov", cmov, WB, 0, G, V, E, V)),
    [0x50] = PFX(X2("movmskps", sse_movmsk, MOV | SSE, 0, G, D, U, X),
                 X2("movmskpd", sse_movmsk, MOV | SSE, SSE_ARG_DOUBLE, G, D, U, X), NONE_, NONE_),
    [0x51] = SSE_ARITH("sqrt", SQRT),
    [0x52] = PFX(SSE_FP("rsqrtps", SSE_RSQRT, PS, X), NONE_, SSE_FP("rsqrtss", SSE_RSQRT, SS, D),
                 NONE_),
    [0x53] = PFX(SSE_FP("rcpps", SSE_RCP, PS, X), NONE_, SSE_FP("rcpss", SSE_RCP, SS, D), NONE_),
    [0x54] = SSE_BITWISE("and", AND),
    [0x55] = SSE_BITWISE("andn", ANDN),
    [0x56] = SSE_BITWISE("or", OR),
    [0x57] = SSE_BITWISE("xor", XOR),
    [0x58] = SSE_ARITH("add", ADD),
    [0x59] = SSE_ARITH("mul", MUL),
    [0x5a] = PFX(X2("cvtps2pd", sse_cvt, SSE, CVT_PS2PD, V, X, W, Q),
                 X2("cvtpd2ps", sse_cvt, SSE, CVT_PD2PS, V, X, W, X),
                 X2("cvtss2sd", sse_cvt, SSE, CVT_SS2SD, V, X, W, D),
                 X2("cvtsd2ss", sse_cvt, SSE, CVT_SD2SS, V, X, W, Q)),
    [0x5b] = PFX(X2("cvtdq2ps", sse_cvt, SSE, CVT_DQ2PS, V, X, W, X),
                 X2("cvtps2dq", sse_cvt, SSE, CVT_PS2DQ, V, X, W, X),
                 X2("cvttps2dq", sse_cvt, SSE, CVT_TPS2DQ, V, X, W, X), NONE_),
    [0x5c] = SSE_ARITH("sub", SUB),
    [0x5d] = SSE_ARITH("min", MIN),
    [0x5e] = SSE_ARITH("div", DIV),
    [0x5f] = SSE_ARITH("max", MAX),
    [0x60] = MMX_SSE_OPS(punpcklbw, D),
    [0x61] = MMX_SSE_OPS(punpcklwd, D),
    [0x62] = MMX_SSE_OPS(punpckldq, D),
    [0x63] = MMX_SSE_OP(packsswb),
    [0x64] = MMX_SSE_OP(pcmpgtb),
    [0x65] = MMX_SSE_OP(pcmpgtw),
    [0x66] = MMX_SSE_OP(pcmpgtd),
    [0x67] = MMX_SSE_OP(packuswb),
    [0x68] = MMX_SSE_OP(punpckhbw),
    [0x69] = MMX_SSE_OP(punpckhwd),
    [0x6a] = MMX_SSE_OP(punpckhdq),
    [0x6b] = MMX_SSE_OP(packssdw),
    [0x6c] = SSE_OP(punpcklqdq),
    [0x6d] = SSE_OP(punpckhqdq),
    [0x6e] = PFX(X2("movd", vec_movq, MMX, MOVQ_TO_VEC, P, Q, E, Y),
                 X2("movd", vec_movq, SSE, MOVQ_TO_VEC, V, X, E, Y), NONE_, NONE_),
    [0x6f] = PFX(X2("movq", vec_movq, MOV | MMX, MOVQ_VEC, P, Q, Q, Q),
                 X2("movdqa", movdq, MOV | SSE, 0, V, X, W, X),
                 X2("movdqu", movdq, MOV | SSE | UA, 0, V, X, W, X), NONE_),
    [0x70] = PFX(X3("pshufw", vec_op, MMX, VOP_pshufw, P, Q, Q, Q, I, B),
                 X3("pshufd", vec_op, SSE, VOP_pshufd, V, X, W, X, I, B),
                 X3("pshufhw", vec_op, SSE, VOP_pshufhw, V, X, W, X, I, B),
                 X3("pshuflw", vec_op, SSE, VOP_pshuflw, V, X, W, X, I, B)),
    [0x71] = SHIFT_GROUPS(grp12, grp12),
    [0x72] = SHIFT_GROUPS(grp13, grp13),
    [0x73] = SHIFT_GROUPS(grp14_mmx, grp14_sse),
    [0x74] = MMX_SSE_OP(pcmpeqb),
    [0x75] = MMX_SSE_OP(pcmpeqw),
    [0x76] = MMX_SSE_OP(pcmpeqd),
    [0x77] = X0("emms", emms, MMX, 0), /* no ModRM: not a prefix group */
    [0x7c] = PFX(NONE_, SSE_FP("haddpd", SSE_HADD, PD, X), NONE_, SSE_FP("haddps", SSE_HADD, PS, X)),
    [0x7d] = PFX(NONE_, SSE_FP("hsubpd", SSE_HSUB, PD, X), NONE_, SSE_FP("hsubps", SSE_HSUB, PS, X)),
    [0x7e] = PFX(X2("movd", vec_movq, MOV | MMX, MOVQ_FROM_VEC, E, Y, P, Q),
                 X2("movd", vec_movq, MOV | SSE, MOVQ_FROM_VEC, E, Y, V, X),
                 X2("movq", vec_movq, MOV | SSE, MOVQ_VEC, V, X, W, Q), NONE_),
    [0x7f] = PFX(X2("movq", vec_movq, MOV | MMX, MOVQ_VEC, Q, Q, P, Q),
                 X2("movdqa", movdq, MOV | SSE, 0, W, X, V, X),
                 X2("movdqu", movdq, MOV | SSE | UA, 0, W, X, V, X), NONE_),
    SIXTEEN(0x80, X1("jcc", jcc, X86_F64, 0, J, Z)),
    SIXTEEN(0x90, X1("setcc", setcc, MOV, 0, E, B)),
    [0xa0] = X0("push", push_seg, X86_D64, R_FS),
    [0xa1] = X0("pop", pop_seg, X86_D64, R_FS),
    [0xa2] = X0("cpuid", cpuid, 0, 0),
    [0xa3] = X2("bt", bt, NL, 0, E, V, G, V),
    [0xa4] = X3("shld", shxd, WB, 0, E, V, G, V, I, B),
    [0xa5] = X3("shld", shxd, WB, 0, E, V, G, V, C, B),
    [0xa8] = X0("push", push_seg, X86_D64, R_GS),
    [0xa9] = X0("pop", pop_seg, X86_D64, R_GS),
    [0xab] = X2("bts", bt, NL | LK, 1, E, V, G, V),
    [0xac] = X3("shrd", shxd, WB, 1, E, V, G, V, I, B),
    [0xad] = X3("shrd", shxd, WB, 1, E, V, G, V, C, B),
    [0xae] = GRP("grp15", grp15, 0, NONE, NONE, NONE, NONE),
    [0xaf] = X2("imul", imul, WB, 0, G, V, E, V),
    [0xb0] = X2("cmpxchg", cmpxchg, LK, 0, E, B, G, B),
    [0xb1] = X2("cmpxchg", cmpxchg, LK, 0, E, V, G, V),
    [0xb2] = X2("lss", lxs, NL, R_SS, G, V, M, V),
    [0xb3] = X2("btr", bt, NL | LK, 2, E, V, G, V),
    [0xb4] = X2("lfs", lxs, NL, R_FS, G, V, M, V),
    [0xb5] = X2("lgs", lxs, NL, R_GS, G, V, M, V),
    [0xb6] = X2("movzx", mov, MOV, 0, G, V, E, B),
    [0xb7] = X2("movzx", mov, MOV, 0, G, V, E, W),
    [0xb8] = X2("popcnt", popcnt, MOV, 0, G, V, E, V),
    [0xba] = GRP("grp8", grp8, 0, E, V, I, B),
    [0xbb] = X2("btc", bt, NL | LK, 3, E, V, G, V),
    [0xbc] = X2("bsf", bsf, WB, 0, G, V, E, V),
    [0xbd] = X2("bsr", bsf, WB, 1, G, V, E, V),
    [0xbe] = X2("movsx", movsx, MOV, 0, G, V, E, B),
    [0xbf] = X2("movsx", movsx, MOV, 0, G, V, E, W),
    [0xc0] = X2("xadd", xadd, LK, 0, E, B, G, B),
    [0xc1] = X2("xadd", xadd, LK, 0, E, V, G, V),
    [0xc2] = PFX(SSE_CMP("cmpps", PS, X), SSE_CMP("cmppd", PD, X), SSE_CMP("cmpss", SS, D),
                 SSE_CMP("cmpsd", SD, Q)),
    [0xc6] = PFX(X3("shufps", sse_perm, SSE, PERM_SHUFPS, V, X, W, X, I, B),
                 X3("shufpd", sse_perm, SSE, PERM_SHUFPD, V, X, W, X, I, B), NONE_, NONE_),
    [0xc7] = GRP("grp9", grp9, 0, NONE, NONE, NONE, NONE),
    [0xd0] = PFX(NONE_, SSE_FP("addsubpd", SSE_ADDSUB, PD, X), NONE_,
                 SSE_FP("addsubps", SSE_ADDSUB, PS, X)),
    [0xe6] = PFX(NONE_, X2("cvttpd2dq", sse_cvt, SSE, CVT_TPD2DQ, V, X, W, X),
                 X2("cvtdq2pd", sse_cvt, SSE, CVT_DQ2PD, V, X, W, Q),
                 X2("cvtpd2dq", sse_cvt, SSE, CVT_PD2DQ, V, X, W, X)),
    [0xf0] = PFX(NONE_, NONE_, NONE_, X2("lddqu", lddqu, SSE | UA, 0, V, X, W, X)),
    EIGHT(0xc8, X1("bswap", bswap, WB, 0, Z, Y)),
    [0xc3] = X2("movnti", mov, MOV, 0, M, Y, G, Y),
    [0xc4] = PFX(X3("pinsrw", pinsr, MMX, MO_16, P, Q, E, W, I, B),
                 X3("pinsrw", pinsr, SSE, MO_16, V, X, E, W, I, B), NONE_, NONE_),
    [0xc5] = PFX(X3("pextrw", pextr, NL | MMX, MO_16, G, Y, N, Q, I, B),
                 X3("pextrw", pextr, NL | SSE, MO_16, G, Y, U, X, I, B), NONE_, NONE_),
    [0xd1] = MMX_SSE_OP(psrlw),
    [0xd2] = MMX_SSE_OP(psrld),
    [0xd3] = MMX_SSE_OP(psrlq),
    [0xd4] = MMX_SSE_OP(paddq),
    [0xd5] = MMX_SSE_OP(pmullw),
    [0xd6] = PFX(NONE_, X2("movq", vec_movq, MOV | SSE, MOVQ_VEC, W, Q, V, X),
                 X2("movq2dq", vec_movq, SSE | MMX, MOVQ_VEC, V, X, N, Q),
                 X2("movdq2q", vec_movq, SSE | MMX, MOVQ_VEC, P, Q, U, X)),
    [0xd7] = PFX(X2("pmovmskb", pmovmskb, MOV | MMX, 0, G, Y, N, Q),
                 X2("pmovmskb", pmovmskb, MOV | SSE, 0, G, Y, U, X), NONE_, NONE_),
    [0xd8] = MMX_SSE_OP(psubusb),
    [0xd9] = MMX_SSE_OP(psubusw),
    [0xda] = MMX_SSE_OP(pminub),
    [0xdb] = MMX_SSE_OP(pand),
    [0xdc] = MMX_SSE_OP(paddusb),
    [0xdd] = MMX_SSE_OP(paddusw),
    [0xde] = MMX_SSE_OP(pmaxub),
    [0xdf] = MMX_SSE_OP(pandn),
    [0xe0] = MMX_SSE_OP(pavgb),
    [0xe1] = MMX_SSE_OP(psraw),
    [0xe2] = MMX_SSE_OP(psrad),
    [0xe3] = MMX_SSE_OP(pavgw),
    [0xe4] = MMX_SSE_OP(pmulhuw),
    [0xe5] = MMX_SSE_OP(pmulhw),
    [0xe7] = PFX(X2("movntq", vec_movnt, NL | MMX, 0, M, Q, P, Q),
                 X2("movntdq", vec_movnt, MOV | SSE, 0, W, X, V, X), NONE_, NONE_),
    [0xe8] = MMX_SSE_OP(psubsb),
    [0xe9] = MMX_SSE_OP(psubsw),
    [0xea] = MMX_SSE_OP(pminsw),
    [0xeb] = MMX_SSE_OP(por),
    [0xec] = MMX_SSE_OP(paddsb),
    [0xed] = MMX_SSE_OP(paddsw),
    [0xee] = MMX_SSE_OP(pmaxsw),
    [0xef] = MMX_SSE_OP(pxor),
    [0xf1] = MMX_SSE_OP(psllw),
    [0xf2] = MMX_SSE_OP(pslld),
    [0xf3] = MMX_SSE_OP(psllq),
    [0xf4] = MMX_SSE_OP(pmuludq),
    [0xf5] = MMX_SSE_OP(pmaddwd),
    [0xf6] = MMX_SSE_OP(psadbw),
    [0xf7] = PFX(X2("maskmovq", maskmov, MMX, 0, P, Q, N, Q),
                 X2("maskmovdqu", maskmov, SSE, 0, V, X, U, X), NONE_, NONE_),
    [0xf8] = MMX_SSE_OP(psubb),
    [0xf9] = MMX_SSE_OP(psubw),
    [0xfa] = MMX_SSE_OP(psubd),
    [0xfb] = MMX_SSE_OP(psubq),
    [0xfc] = MMX_SSE_OP(paddb),
    [0xfd] = MMX_SSE_OP(paddw),
    [0xfe] = MMX_SSE_OP(paddd),
};
