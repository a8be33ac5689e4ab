/* The IDT: every exception is recorded, then resumed at exc_resume, or
 * reported as unexpected and ends the test. */
#include "runtime.h"

volatile struct exc_record last_exc;
volatile unsigned exc_count;
volatile ureg exc_resume;
volatile ureg exc_insn;

extern const char exc_stubs_start[]; /* vectors.S: 16 bytes per stub */
enum { NUM_VECTORS = 32, STUB_SIZE = 16 };

#ifdef __x86_64__
typedef struct {
    uint16_t off_lo, sel;
    uint8_t ist, type;
    uint16_t off_mid;
    uint32_t off_hi, reserved;
} Gate;
#define GATE_SEL SEL_CODE64
#else
typedef struct {
    uint16_t off_lo, sel;
    uint8_t zero, type;
    uint16_t off_hi;
} Gate;
#define GATE_SEL SEL_CODE32
#endif

static Gate idt[NUM_VECTORS] __attribute__((aligned(16)));

/* Interrupt gates (IF cleared), DPL 3 so that INT n works from any ring. */
static void set_gate(int vec, ureg handler)
{
    Gate *g = &idt[vec];
    g->off_lo = (uint16_t)handler;
    g->sel = GATE_SEL;
    g->type = 0xee;
#ifdef __x86_64__
    g->off_mid = (uint16_t)(handler >> 16);
    g->off_hi = (uint32_t)(handler >> 32);
#else
    g->off_hi = (uint16_t)(handler >> 16);
#endif
}

void idt_init(void)
{
    struct __attribute__((packed)) {
        uint16_t limit;
        ureg base;
    } desc = {sizeof(idt) - 1, (ureg)idt};
    for (int v = 0; v < NUM_VECTORS; v++)
        set_gate(v, (ureg)exc_stubs_start + v * STUB_SIZE);
    asm volatile("lidt %0" ::"m"(desc));
}

void exc_dispatch(struct exc_frame *f);

void exc_dispatch(struct exc_frame *f)
{
    last_exc.vector = (unsigned)f->vector;
    last_exc.error = f->error;
    last_exc.ip = f->ip;
    last_exc.cr2 = read_cr(2);
    exc_count++;
    if (exc_resume) {
        f->ip = exc_resume;
        exc_resume = 0;
        return;
    }
    printf("unexpected exception %u, error code 0x%lx, at ip 0x%lx (cr2 0x%lx)\n",
           (unsigned)f->vector, (unsigned long)f->error, (unsigned long)f->ip,
           (unsigned long)last_exc.cr2);
    debug_exit(EXIT_UNEXPECTED_EXCEPTION);
}
