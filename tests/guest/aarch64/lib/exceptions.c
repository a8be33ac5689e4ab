/* C side of the EL1 vector table (vectors.S). */
#include "runtime.h"

volatile struct exc_record last_exc;
volatile unsigned exc_count;

static volatile bool expecting;
static exc_hook_fn current_hook;

void exc_expect(void)
{
    last_exc.kind = ~0u;
    last_exc.esr = last_exc.elr = last_exc.far = 0;
    expecting = true;
}

void exc_set_hook(exc_hook_fn hook) { current_hook = hook; }

/* SVC, HVC and SMC already leave ELR at the next instruction; for the other
 * synchronous exceptions it points at the instruction that raised it. */
static bool elr_is_preferred_next(uint64_t esr)
{
    unsigned ec = ESR_EC(esr);
    return ec == EC_SVC64 || ec == EC_HVC64 || ec == 0x17;
}

static void die_unexpected(const struct exc_record *rec)
{
    printf("unexpected exception: vector %u ESR_EL1=0x%lx (EC 0x%lx) ELR_EL1=0x%lx "
           "FAR_EL1=0x%lx\n",
           rec->kind, rec->esr, ESR_EC(rec->esr), rec->elr, rec->far);
    semihost_exit(100);
}

/* Called by every vector of vectors.S with the saved registers. */
void exception_entry(struct exc_frame *frame, unsigned kind);

void exception_entry(struct exc_frame *frame, unsigned kind)
{
    struct exc_record rec = {
        .kind = kind,
        .esr = read_sysreg(esr_el1),
        .elr = frame->elr,
        .far = read_sysreg(far_el1),
    };

    last_exc.kind = rec.kind;
    last_exc.esr = rec.esr;
    last_exc.elr = rec.elr;
    last_exc.far = rec.far;
    exc_count++;

    if (current_hook && current_hook(frame, &rec))
        return;
    if (!expecting || kind != VECTOR_SYNC_SPX)
        die_unexpected(&rec);
    expecting = false;
    if (!elr_is_preferred_next(rec.esr))
        frame->elr += 4;
}
