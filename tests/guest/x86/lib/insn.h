/*
 * Running one instruction with chosen operands and flags and capturing the
 * result and the flags after it.  Sizes pick the operand-size modifier:
 * b (8), w (16), k (32), q (64, long mode only).
 */
#ifndef GUEST_X86_INSN_H
#define GUEST_X86_INSN_H

#include "runtime.h"

#define CF 0x0001
#define PF 0x0004
#define AF 0x0010
#define ZF 0x0040
#define SF 0x0080
#define DF 0x0400
#define OF 0x0800
#define ARITH_FLAGS (CF | PF | AF | ZF | SF | OF)

/* dst = dst OP src with EFLAGS = flags_in (arith flags only) first. */
#define OP2(insn, sz, dst, src, flags_in, flags_out)                                           \
    ({                                                                                         \
        ureg d_ = (dst), f_;                                                                   \
        asm volatile("push %[fi]\n\tpopf\n\t" insn " %" sz "[s], %" sz "[d]\n\tpushf\n\tpop %[f]" \
                     : [d] "+q"(d_), [f] "=&r"(f_)                                             \
                     : [s] "q"((ureg)(src)), [fi] "r"(((ureg)(flags_in) & ARITH_FLAGS) | 2)        \
                     : "cc");                                                                  \
        (flags_out) = f_ & ARITH_FLAGS;                                                        \
        d_;                                                                                    \
    })

/* dst = OP dst (INC, DEC, NEG, NOT). */
#define OP1(insn, sz, dst, flags_in, flags_out)                                                \
    ({                                                                                         \
        ureg d_ = (dst), f_;                                                                   \
        asm volatile("push %[fi]\n\tpopf\n\t" insn " %" sz "[d]\n\tpushf\n\tpop %[f]"          \
                     : [d] "+q"(d_), [f] "=&r"(f_)                                             \
                     : [fi] "r"(((ureg)(flags_in) & ARITH_FLAGS) | 2)                              \
                     : "cc");                                                                  \
        (flags_out) = f_ & ARITH_FLAGS;                                                        \
        d_;                                                                                    \
    })

/* Shifts and rotates by CL. */
#define SHIFT(insn, sz, dst, count, flags_in, flags_out)                                       \
    ({                                                                                         \
        ureg d_ = (dst), f_;                                                                   \
        asm volatile("push %[fi]\n\tpopf\n\t" insn " %%cl, %" sz "[d]\n\tpushf\n\tpop %[f]"    \
                     : [d] "+q"(d_), [f] "=&r"(f_)                                             \
                     : "c"((uint8_t)(count)), [fi] "r"(((ureg)(flags_in) & ARITH_FLAGS) | 2)       \
                     : "cc");                                                                  \
        (flags_out) = f_ & ARITH_FLAGS;                                                        \
        d_;                                                                                    \
    })

#endif
