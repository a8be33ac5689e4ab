/*
 * What the SSE floating-point tests share: MXCSR bits, a 128-bit value
 * type, float constants by their bit patterns, MXCSR access, and the
 * CPUID feature checks (tests skip what the CPU does not advertise).
 */
#ifndef GUEST_X86_SSE_H
#define GUEST_X86_SSE_H

#include "runtime.h"

#define VEC_XM         19
#define CR4_OSFXSR     (1u << 9)
#define CR4_OSXMMEXCPT (1u << 10)

#define MX_IE   0x01
#define MX_DE   0x02
#define MX_ZE   0x04
#define MX_OE   0x08
#define MX_UE   0x10
#define MX_PE   0x20
#define MX_DAZ  0x40
#define MX_MASK 0x1f80
#define MX_RD   0x2000
#define MX_RU   0x4000
#define MX_RZ   0x6000
#define MX_FTZ  0x8000

typedef union {
    uint32_t l[4];
    uint64_t q[2];
} __attribute__((aligned(16))) v128;

#define V4(a, b, c, d) ((v128){.l = {a, b, c, d}})
#define V2(a, b)       ((v128){.q = {a, b}})

/* Single and double constants. */
#define S_1     0x3f800000u
#define S_M1    0xbf800000u
#define S_1_5   0x3fc00000u
#define S_2     0x40000000u
#define S_M2    0xc0000000u
#define S_2_25  0x40100000u
#define S_2_5   0x40200000u
#define S_M2_5  0xc0200000u
#define S_2_75  0x40300000u
#define S_3     0x40400000u
#define S_3_75  0x40700000u
#define S_INF   0x7f800000u
#define S_MINF  0xff800000u
#define S_QNAN  0x7fc12345u
#define S_SNAN  0x7f812345u
#define S_IND   0xffc00000u /* the default NaN, "indefinite" */
#define S_DEN   0x00000001u
#define S_MZERO 0x80000000u
#define S_3E9   0x4f32d05eu /* 3e9: beyond int32 */
#define D_1     0x3ff0000000000000ull
#define D_2     0x4000000000000000ull
#define D_3     0x4008000000000000ull
#define D_1E300 0x7e37e43c8800759cull
#define D_IND   0xfff8000000000000ull

static inline uint32_t get_mxcsr(void)
{
    uint32_t m;
    asm volatile("stmxcsr %0" : "=m"(m));
    return m;
}

static inline void set_mxcsr(uint32_t m) { asm volatile("ldmxcsr %0" ::"m"(m)); }

/* CPUID.1:ECX bits. */
#define CPUID_SSE3  (1u << 0)
#define CPUID_SSE41 (1u << 19)

static inline uint32_t cpuid1_ecx(void)
{
    uint32_t a = 1, b, c = 0, d;
    asm volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
    return c;
}

#endif
