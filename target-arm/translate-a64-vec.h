/*
 * What the SIMD&FP translators share (internal to target-arm/): access to
 * the V registers from generated code, the CPACR_EL1.FPEN trap check, and
 * out-of-line vector helpers.
 *
 * Vector operations run as helpers on the register file in place: the
 * translator passes pointers into ARMCPU.vregs and a descriptor, and the
 * helper loops over the elements.  Conventions every vector helper follows:
 *
 *   void helper_NAME(void *vd, void *vn, void *vm, uint32_t desc)
 *   void helper_NAME(void *vd, void *vn, void *vm, void *env, uint32_t desc)
 *
 *   - simd_oprsz(desc) is 8 or 16: the bytes to compute (Q = 0 or 1);
 *   - simd_data(desc) is the operation's immediate (signed, 24 bits):
 *     shift amount, element index, ...;
 *   - after computing, the helper zeroes bytes oprsz..15 of vd
 *     (simd_clear_tail), as every A64 vector write does;
 *   - vd may be the same register as vn or vm: read all inputs first (copy
 *     into a local if lanes are consumed out of order);
 *   - elements are host-endian arrays (the host is little-endian, so lane i
 *     of size 2^esz bytes sits at byte offset i << esz);
 *   - a helper that can saturate sets FPSR.QC through env; FP helpers take
 *     their FloatStatus from FPCR and OR the flags into FPSR (fpstatus.h).
 */
#ifndef TARGET_ARM_TRANSLATE_A64_VEC_H
#define TARGET_ARM_TRANSLATE_A64_VEC_H

#include <stddef.h>
#include <string.h>

#include "target-arm/translate-a64.h"

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "V register lanes assume LE hosts");

/* ------------------------------------------------ descriptors (both sides) */

static inline uint32_t simd_desc(unsigned oprsz, int32_t data)
{
    return (uint32_t)oprsz | ((uint32_t)data << 8);
}
static inline unsigned simd_oprsz(uint32_t desc) { return desc & 0xff; }
static inline int32_t simd_data(uint32_t desc) { return (int32_t)desc >> 8; }

/* Zero bytes [oprsz, 16) of the 128-bit register at vd. */
static inline void simd_clear_tail(void *vd, unsigned oprsz)
{
    if (oprsz < 16) {
        memset((char *)vd + oprsz, 0, 16 - oprsz);
    }
}

/* ------------------------------------------------ register offsets */

/* Offset in ARMCPU of bits [64 * half, 64 * half + 63] of Vn. */
static inline intptr_t vreg_ofs(int n, int half)
{
    return (intptr_t)offsetof(ARMCPU, vregs) + (intptr_t)(n * 2 + half) * 8;
}

/* Offset of element idx of 2^esz bytes of Vn. */
static inline intptr_t vreg_elem_ofs(int n, int idx, int esz)
{
    return vreg_ofs(n, 0) + ((intptr_t)idx << esz);
}

/* ------------------------------------------------ generated code */

/*
 * Whether SIMD&FP instructions may execute (CPACR_EL1.FPEN for the current
 * EL).  If not, emits the trap (EC 0x07) and returns false: the caller must
 * then return true from its trans function without emitting anything else.
 * Call it after the encoding is known to be allocated (an unallocated
 * encoding is UNDEFINED even when FP is disabled).
 */
bool fp_access_check(DisasContext *s);

/* Load element idx of Vn (2^(mop & MO_SIZE) bytes, MO_SIGN to sign-extend). */
void read_vec_element_i64(TCGv_i64 dest, int n, int idx, MemOp mop);
/* Store the low 2^esz bytes of src into element idx of Vn (other lanes kept). */
void write_vec_element_i64(TCGv_i64 src, int n, int idx, int esz);

/* Bits 63:0 of Vn, zero-extended from 2^esz bytes (H/S/D registers). */
TCGv_i64 read_fp_reg(int n, int esz);
/* Write Hd/Sd/Dd: the low 2^esz bytes of v, zeroing the rest of Vd. */
void write_fp_reg(int d, TCGv_i64 v, int esz);
/* After a 64-bit vector write (Q = 0): zero bits 127:64 of Vd. */
void clear_vec_high(int d, bool is_q);

/* A pointer temp to Vn inside env, for helper arguments. */
TCGv_ptr vreg_ptr(int n);

/* Vector helper signatures (see the conventions above). */
typedef void GenVecHelper2(TCGv_ptr d, TCGv_ptr n, TCGv_i32 desc);
typedef void GenVecHelper3(TCGv_ptr d, TCGv_ptr n, TCGv_ptr m, TCGv_i32 desc);
typedef void GenVecHelper2Env(TCGv_ptr d, TCGv_ptr n, TCGv_ptr env, TCGv_i32 desc);
typedef void GenVecHelper3Env(TCGv_ptr d, TCGv_ptr n, TCGv_ptr m, TCGv_ptr env, TCGv_i32 desc);

/* Emit fn(&Vd, &Vn[, &Vm][, env], simd_desc(is_q ? 16 : 8, data)). */
void gen_vec_op2(GenVecHelper2 *fn, int d, int n, bool is_q, int32_t data);
void gen_vec_op3(GenVecHelper3 *fn, int d, int n, int m, bool is_q, int32_t data);
void gen_vec_op2_env(GenVecHelper2Env *fn, int d, int n, bool is_q, int32_t data);
void gen_vec_op3_env(GenVecHelper3Env *fn, int d, int n, int m, bool is_q, int32_t data);

#endif
