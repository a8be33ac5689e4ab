/*
 * Running single instructions from C.  The instruction is asm text that
 * names its operands %[d] (result) and %[a], %[b], %[c] (inputs, always
 * registers; write %w[a] for the 32-bit view).  Inputs pass through
 * registers at run time, so the compiler cannot fold the operation away.
 */
#ifndef GUEST_INSN_H
#define GUEST_INSN_H

#include <stdint.h>

#define NZCV_N (1ul << 31)
#define NZCV_Z (1ul << 30)
#define NZCV_C (1ul << 29)
#define NZCV_V (1ul << 28)

/* Result of `text` with NZCV preset to flags_in; NZCV afterwards goes to
 * flags_out (an lvalue). */
#define INSN_FLAGS(text, va, vb, vc, flags_in, flags_out)                                      \
    ({                                                                                         \
        uint64_t d_, f_;                                                                       \
        asm volatile("msr nzcv, %[fi]\n\t" text "\n\tmrs %[fo], nzcv"                          \
                     : [d] "=&r"(d_), [fo] "=&r"(f_)                                           \
                     : [a] "r"((uint64_t)(va)), [b] "r"((uint64_t)(vb)),                       \
                       [c] "r"((uint64_t)(vc)), [fi] "r"((uint64_t)(flags_in)));               \
        (flags_out) = f_;                                                                      \
        d_;                                                                                    \
    })

/* Result of `text`, flags ignored. */
#define INSN(text, va, vb, vc)                                                                 \
    ({                                                                                         \
        uint64_t d_;                                                                           \
        asm volatile(                                                                          \
            text                                                                               \
            : [d] "=&r"(d_)                                                                    \
            : [a] "r"((uint64_t)(va)), [b] "r"((uint64_t)(vb)), [c] "r"((uint64_t)(vc))        \
            : "cc");                                                                           \
        d_;                                                                                    \
    })

#endif
