/*
 * The soft-float status of an A64 SIMD&FP instruction, from FPCR, and the
 * FPSR flags it raises (internal to target-arm/; used by the FP and SIMD
 * helpers).
 *
 * FPCR fields used: AHP (26, must be 0: alternative half precision is not
 * implemented), DN (25), FZ (24), RMode (23:22), FZ16 (19).  The trap enable
 * bits read as zero: like Cortex-A57, gemu does not trap FP exceptions.
 * FPSR: IOC DZC OFC UFC IXC (0-4), IDC (7), QC (27).
 */
#ifndef TARGET_ARM_FPSTATUS_H
#define TARGET_ARM_FPSTATUS_H

#include "fpu/softfloat.h"
#include "target-arm/cpu.h"

#define FPCR_FZ16        (1u << 19)
#define FPCR_RMODE_SHIFT 22
#define FPCR_FZ          (1u << 24)
#define FPCR_DN          (1u << 25)
#define FPCR_AHP         (1u << 26)
/* The FPCR bits gemu implements; the rest are RES0 (writes ignored). */
#define FPCR_WRITABLE (FPCR_AHP | FPCR_DN | FPCR_FZ | (3u << FPCR_RMODE_SHIFT) | FPCR_FZ16)

#define FPSR_IOC (1u << 0)
#define FPSR_DZC (1u << 1)
#define FPSR_OFC (1u << 2)
#define FPSR_UFC (1u << 3)
#define FPSR_IXC (1u << 4)
#define FPSR_IDC (1u << 7)
#define FPSR_QC  (1u << 27)
#define FPSR_WRITABLE                                                                          \
    (FPSR_IOC | FPSR_DZC | FPSR_OFC | FPSR_UFC | FPSR_IXC | FPSR_IDC | FPSR_QC)

/* FPCR.RMode order: RN, RP, RM, RZ. */
static inline FloatRoundMode arm_rmode(unsigned rmode)
{
    static const FloatRoundMode modes[4] = {float_round_nearest_even, float_round_up,
                                            float_round_down, float_round_to_zero};
    return modes[rmode & 3];
}

/* The status for an instruction on half (fp16) or single/double values. */
static inline FloatStatus arm_fpstatus(const ARMCPU *cpu, bool fp16)
{
    uint64_t fpcr = cpu->sys.fpcr;
    bool fz = (fpcr & (fp16 ? FPCR_FZ16 : FPCR_FZ)) != 0;
    FloatStatus st = {
        .style = FLOAT_STYLE_ARM,
        .rounding_mode = arm_rmode((unsigned)(fpcr >> FPCR_RMODE_SHIFT)),
        .flush_to_zero = fz,
        .flush_inputs_to_zero = fz,
        .default_nan_mode = (fpcr & FPCR_DN) != 0,
    };
    return st;
}

/* OR the flags st raised into FPSR's cumulative bits. */
static inline void arm_fpstatus_commit(ARMCPU *cpu, const FloatStatus *st)
{
    static const struct {
        uint8_t flag;
        uint32_t fpsr;
    } map[] = {
        {float_flag_invalid, FPSR_IOC},  {float_flag_divbyzero, FPSR_DZC},
        {float_flag_overflow, FPSR_OFC}, {float_flag_underflow, FPSR_UFC},
        {float_flag_inexact, FPSR_IXC},  {float_flag_input_denormal, FPSR_IDC},
    };
    for (unsigned i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
        if (st->flags & map[i].flag) {
            cpu->sys.fpsr |= map[i].fpsr;
        }
    }
}

/* Saturation happened (SQADD, SQXTN, ...): set FPSR.QC. */
static inline void arm_set_qc(ARMCPU *cpu) { cpu->sys.fpsr |= FPSR_QC; }

#endif
