/*
 * Small integer extensions of Armv8.2+: FlagM (CFINV, RMIF, SETF8,
 * SETF16), SB and DC CVAP (FEAT_DPB), on whichever CPU the runner picked.
 * Where ID_AA64ISAR0/ISAR1_EL1 advertise a feature its instructions must
 * work; where they do not, the instructions must be UNDEFINED.
 */
#include "check.h"
#include "insn.h"

#define ARCH ".arch armv8.5-a\n\t"

#define ISAR0_TS(v)  (((v) >> 52) & 0xf)
#define ISAR1_DPB(v) ((v)&0xf)
#define ISAR1_SB(v)  (((v) >> 36) & 0xf)

static volatile uint64_t line[8] __attribute__((aligned(64)));

/* NZCV after `text` (which may use %[a]) with NZCV preset to `in`. */
#define FLAGS_AFTER(text, a, in)                                                               \
    ({                                                                                         \
        uint64_t out_;                                                                         \
        INSN_FLAGS(ARCH text, a, 0, 0, in, out_);                                              \
        out_;                                                                                  \
    })

static void test_cfinv(void)
{
    CHECK_EQ(FLAGS_AFTER("cfinv", 0, 0), NZCV_C);
    CHECK_EQ(FLAGS_AFTER("cfinv", 0, NZCV_N | NZCV_C | NZCV_V), NZCV_N | NZCV_V);
}

static void test_rmif(void)
{
    /* Bits 3:0 of the rotated value go to N, Z, C, V where the mask is set. */
    CHECK_EQ(FLAGS_AFTER("rmif %[a], #0, #15", 0xa, 0), NZCV_N | NZCV_C);
    CHECK_EQ(FLAGS_AFTER("rmif %[a], #0, #15", 0x5, 0), NZCV_Z | NZCV_V);
    CHECK_EQ(FLAGS_AFTER("rmif %[a], #4, #15", 0xf0, 0), NZCV_N | NZCV_Z | NZCV_C | NZCV_V);
    CHECK_EQ(FLAGS_AFTER("rmif %[a], #63, #8", 0x4, 0), NZCV_N); /* rotate right 63 = left 1 */
    CHECK_EQ(FLAGS_AFTER("rmif %[a], #60, #6", 0x0, NZCV_N | NZCV_Z | NZCV_C | NZCV_V),
             NZCV_N | NZCV_V);
    CHECK_EQ(FLAGS_AFTER("rmif %[a], #1, #1", 0x2, 0), NZCV_V);
}

static void test_setf(void)
{
    CHECK_EQ(FLAGS_AFTER("setf8 %w[a]", 0x80, 0), NZCV_N | NZCV_V);
    CHECK_EQ(FLAGS_AFTER("setf8 %w[a]", 0x100, NZCV_C), NZCV_Z | NZCV_C | NZCV_V);
    CHECK_EQ(FLAGS_AFTER("setf8 %w[a]", 0x17f, NZCV_N | NZCV_Z | NZCV_V), NZCV_V);
    CHECK_EQ(FLAGS_AFTER("setf8 %w[a]", 0xffffff00, 0), NZCV_Z | NZCV_V);
    CHECK_EQ(FLAGS_AFTER("setf16 %w[a]", 0x8000, 0), NZCV_N | NZCV_V);
    CHECK_EQ(FLAGS_AFTER("setf16 %w[a]", 0x18000, NZCV_C), NZCV_N | NZCV_C);
    CHECK_EQ(FLAGS_AFTER("setf16 %w[a]", 0x10000, 0), NZCV_Z | NZCV_V);
    CHECK_EQ(FLAGS_AFTER("setf16 %w[a]", 0x7fff, NZCV_V), 0);
}

static void test_sb_dc_cvap(void)
{
    line[0] = 42;
    asm volatile(ARCH "sb\n\tdc cvap, %[p]" : : [p] "r"(line) : "memory");
    CHECK_EQ(line[0], 42);
}

static void check_undefined(void)
{
    CHECK_EQ(ESR_EC(last_exc.esr), EC_UNKNOWN);
    CHECK_EQ(last_exc.kind, VECTOR_SYNC_SPX);
}

static void test_flagm_undefined(void)
{
    exc_expect();
    asm volatile(ARCH "cfinv" ::: "cc");
    check_undefined();
    exc_expect();
    asm volatile(ARCH "rmif %[a], #3, #15" : : [a] "r"(0ul) : "cc");
    check_undefined();
    exc_expect();
    asm volatile(ARCH "setf8 %w[a]" : : [a] "r"(0ul) : "cc");
    check_undefined();
    exc_expect();
    asm volatile(ARCH "setf16 %w[a]" : : [a] "r"(0ul) : "cc");
    check_undefined();
}

int main(void)
{
    uint64_t isar0 = read_sysreg(id_aa64isar0_el1);
    uint64_t isar1 = read_sysreg(id_aa64isar1_el1);

    if (ISAR0_TS(isar0) >= 1) {
        test_cfinv();
        test_rmif();
        test_setf();
    } else {
        test_flagm_undefined();
    }
    if (ISAR1_SB(isar1) >= 1 && ISAR1_DPB(isar1) >= 1) {
        test_sb_dc_cvap();
    } else {
        if (ISAR1_SB(isar1) == 0) {
            exc_expect();
            asm volatile(ARCH "sb" ::: "memory");
            check_undefined();
        }
        if (ISAR1_DPB(isar1) == 0) {
            exc_expect();
            asm volatile(ARCH "dc cvap, %[p]" : : [p] "r"(line) : "memory");
            check_undefined();
        }
    }
    return test_finish("v8ext");
}
