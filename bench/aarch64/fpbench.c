/*
 * An FP/SIMD-bound bare-metal A64 benchmark: a float64 n-body simulation
 * (scalar FADD/FMUL/FDIV/FSQRT), a float64 matrix multiply and a float32
 * filter-and-mix loop that GCC's -O3 autovectoriser turns into Advanced
 * SIMD (FMLA, FMAX, SCVTF, FCVTZS ... on 2D and 4S vectors).  It prints a
 * checksum of the bit patterns of all results (so an emulator that rounds
 * wrongly cannot look fast) and the generic-timer ticks it took, like
 * cpubench.
 *
 * Built without -mgeneral-regs-only (bench/rules.mk), so FP/SIMD must be
 * enabled in CPACR_EL1 before any code that may use it runs.
 */
#include "runtime.h"

#define NBODY_STEPS   300000
#define MATRIX_N      64
#define MATRIX_ROUNDS 30
#define SIGNAL_LEN    4096
#define SIGNAL_ROUNDS 500

/* FNV-1a over the bit patterns of the results. */
static uint64_t checksum = 0xcbf29ce484222325ULL;

static void mix_bits(uint64_t bits)
{
    for (int i = 0; i < 8; i++, bits >>= 8)
        checksum = (checksum ^ (bits & 0xff)) * 0x100000001b3ULL;
}

static void mix_double(double d)
{
    uint64_t bits;

    memcpy(&bits, &d, sizeof(bits));
    mix_bits(bits);
}

static void mix_float(float f)
{
    uint32_t bits;

    memcpy(&bits, &f, sizeof(bits));
    mix_bits(bits);
}

/* ---- float64 n-body: the Sun and the four giant planets ---- */
#define PI          3.141592653589793
#define SOLAR_MASS  (4 * PI * PI)
#define DAYS_A_YEAR 365.24
#define NBODIES     5

struct body {
    double x, y, z, vx, vy, vz, mass;
};

static struct body bodies[NBODIES] = {
    {0, 0, 0, 0, 0, 0, SOLAR_MASS},
    {4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
     1.66007664274403694e-03 * DAYS_A_YEAR, 7.69901118419740425e-03 * DAYS_A_YEAR,
     -6.90460016972063023e-05 * DAYS_A_YEAR, 9.54791938424326609e-04 * SOLAR_MASS},
    {8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
     -2.76742510726862411e-03 * DAYS_A_YEAR, 4.99852801234917238e-03 * DAYS_A_YEAR,
     2.30417297573763929e-05 * DAYS_A_YEAR, 2.85885980666130812e-04 * SOLAR_MASS},
    {1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
     2.96460137564761618e-03 * DAYS_A_YEAR, 2.37847173959480950e-03 * DAYS_A_YEAR,
     -2.96589568540237556e-05 * DAYS_A_YEAR, 4.36624404335156298e-05 * SOLAR_MASS},
    {1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
     2.68067772490389322e-03 * DAYS_A_YEAR, 1.62824170038242295e-03 * DAYS_A_YEAR,
     -9.51592254519715870e-05 * DAYS_A_YEAR, 5.15138902046611451e-05 * SOLAR_MASS},
};

static void nbody_advance(double dt)
{
    for (int i = 0; i < NBODIES; i++) {
        struct body *a = &bodies[i];
        for (int j = i + 1; j < NBODIES; j++) {
            struct body *b = &bodies[j];
            double dx = a->x - b->x, dy = a->y - b->y, dz = a->z - b->z;
            double d2 = dx * dx + dy * dy + dz * dz;
            double mag = dt / (d2 * __builtin_sqrt(d2));
            a->vx -= dx * b->mass * mag;
            a->vy -= dy * b->mass * mag;
            a->vz -= dz * b->mass * mag;
            b->vx += dx * a->mass * mag;
            b->vy += dy * a->mass * mag;
            b->vz += dz * a->mass * mag;
        }
    }
    for (int i = 0; i < NBODIES; i++) {
        bodies[i].x += dt * bodies[i].vx;
        bodies[i].y += dt * bodies[i].vy;
        bodies[i].z += dt * bodies[i].vz;
    }
}

static double nbody_energy(void)
{
    double e = 0;

    for (int i = 0; i < NBODIES; i++) {
        const struct body *a = &bodies[i];
        e += 0.5 * a->mass * (a->vx * a->vx + a->vy * a->vy + a->vz * a->vz);
        for (int j = i + 1; j < NBODIES; j++) {
            const struct body *b = &bodies[j];
            double dx = a->x - b->x, dy = a->y - b->y, dz = a->z - b->z;
            e -= a->mass * b->mass / __builtin_sqrt(dx * dx + dy * dy + dz * dz);
        }
    }
    return e;
}

static void nbody(void)
{
    double px = 0, py = 0, pz = 0;

    /* Give the Sun the momentum that makes the system's total zero. */
    for (int i = 0; i < NBODIES; i++) {
        px += bodies[i].vx * bodies[i].mass;
        py += bodies[i].vy * bodies[i].mass;
        pz += bodies[i].vz * bodies[i].mass;
    }
    bodies[0].vx = -px / SOLAR_MASS;
    bodies[0].vy = -py / SOLAR_MASS;
    bodies[0].vz = -pz / SOLAR_MASS;
    mix_double(nbody_energy());
    for (int s = 0; s < NBODY_STEPS; s++)
        nbody_advance(0.01);
    mix_double(nbody_energy());
}

/* ---- float64 matrix multiply (i-k-j order: the inner loop vectorises) ---- */
static double mat_a[MATRIX_N][MATRIX_N], mat_b[MATRIX_N][MATRIX_N], mat_c[MATRIX_N][MATRIX_N];

static void matrix_multiply(void)
{
    for (int i = 0; i < MATRIX_N; i++) {
        for (int j = 0; j < MATRIX_N; j++)
            mat_c[i][j] = 0;
        for (int k = 0; k < MATRIX_N; k++) {
            double a = mat_a[i][k];
            for (int j = 0; j < MATRIX_N; j++)
                mat_c[i][j] += a * mat_b[k][j];
        }
    }
}

static void matrix(void)
{
    for (int i = 0; i < MATRIX_N; i++) {
        for (int j = 0; j < MATRIX_N; j++) {
            mat_a[i][j] = (double)((i * 7 + j * 3) % 17) / 16 - 0.5;
            mat_b[i][j] = (double)((i * 5 + j * 11) % 13) / 12 + 0.25;
        }
    }
    for (int r = 0; r < MATRIX_ROUNDS; r++) {
        matrix_multiply();
        /* Feed the product back, scaled down so that it stays finite. */
        for (int i = 0; i < MATRIX_N; i++) {
            for (int j = 0; j < MATRIX_N; j++)
                mat_a[i][j] = mat_c[i][j] * (1.0 / MATRIX_N);
        }
    }
    for (int i = 0; i < MATRIX_N; i++)
        mix_double(mat_c[i][i] + mat_c[i][MATRIX_N - 1 - i]);
}

/* ---- float32 vector loops ---- */
static float sig_in[SIGNAL_LEN], sig_out[SIGNAL_LEN];
static int32_t sig_quant[SIGNAL_LEN];

/* A 3-tap filter, clamped, mixed with a ramp: element-wise, so it
 * vectorises into 4S FMUL/FMLA/FMAX/FMIN without -ffast-math. */
static void filter_round(float gain)
{
    for (int i = 1; i < SIGNAL_LEN - 1; i++) {
        float v = 0.25f * sig_in[i - 1] + 0.5f * sig_in[i] + 0.25f * sig_in[i + 1];
        v = __builtin_fmaxf(__builtin_fminf(v * gain, 1.0f), -1.0f);
        sig_out[i] = v + (float)i * (1.0f / SIGNAL_LEN);
    }
    /* Quantise (FCVTZS) and convert back (SCVTF) into the next input. */
    for (int i = 0; i < SIGNAL_LEN; i++)
        sig_quant[i] = (int32_t)(sig_out[i] * 32767.0f);
    for (int i = 0; i < SIGNAL_LEN; i++)
        sig_in[i] = (float)sig_quant[i] * (1.0f / 32767.0f) - 0.5f;
}

static void signal_loops(void)
{
    uint32_t seed = 12345;

    for (int i = 0; i < SIGNAL_LEN; i++) {
        seed = seed * 1103515245u + 12345u;
        sig_in[i] = (float)(seed >> 8) * (1.0f / 16777216.0f) - 0.5f;
    }
    sig_out[0] = sig_out[SIGNAL_LEN - 1] = 0;
    for (int r = 0; r < SIGNAL_ROUNDS; r++)
        filter_round(1.0f + (float)(r % 7) * 0.125f);
    for (int i = 0; i < SIGNAL_LEN; i += 64)
        mix_float(sig_in[i]);
}

static void __attribute__((noinline)) run(void)
{
    uint64_t start = read_sysreg(cntvct_el0);

    nbody();
    matrix();
    signal_loops();

    uint64_t ticks = read_sysreg(cntvct_el0) - start;
    printf("fpbench: checksum 0x%016lx\n", checksum);
    printf("fpbench: %lu timer ticks at %lu Hz\n", ticks, read_sysreg(cntfrq_el0));
}

/* main itself must not touch FP/SIMD registers before FPEN is set. */
int __attribute__((target("general-regs-only"))) main(void)
{
    /* CPACR_EL1.FPEN = 0b11: no trap on FP/SIMD at EL1 and EL0. */
    write_sysreg(cpacr_el1, 3u << 20);
    asm volatile("isb");
    run();
    return 0;
}
