/*
 * Accesses to physical addresses where nothing lives: a hole in the virt
 * memory map, and an address beyond the CPU's physical address size.  As on
 * QEMU, an access to the hole is a synchronous external abort (DFSC 0x10),
 * and with the MMU off an address beyond the PA size is an address size
 * fault at level 0 (DFSC 0x00); either is a data abort (EC 0x25) with
 * FAR = the address.  Branching into the hole is an instruction abort
 * (EC 0x21); the hook returns through the link register.
 */
#include "check.h"

#define EC_IABT_SAME_EL  0x21
#define FSC_EXTERNAL     0x10
#define FSC_ADDR_SIZE_L0 0x00
#define HOLE             0x0e000000ul     /* nothing mapped here on virt */
#define BEYOND_PA        0x100000000000ul /* 2^44: past Cortex-A57's PA range */

static unsigned aborts;
static uint64_t abort_far;
static unsigned abort_ec;
static unsigned abort_fsc;

static bool abort_hook(struct exc_frame *frame, const struct exc_record *rec)
{
    unsigned ec = ESR_EC(rec->esr);

    aborts++;
    abort_ec = ec;
    abort_far = rec->far;
    abort_fsc = rec->esr & 0x3f;
    if (ec == EC_DABT_SAME_EL) {
        frame->elr += 4;
        return true;
    }
    /* Fetching from the hole faulted (or ran something undefined there):
     * return to whoever branched in. */
    if (rec->elr >= HOLE && rec->elr < HOLE + 0x1000) {
        frame->elr = frame->x[30];
        return true;
    }
    return false;
}

static void check_data_access(uint64_t addr, bool store, unsigned fsc)
{
    uint64_t v = 0;

    aborts = 0;
    if (store)
        asm volatile("str %1, [%0]" ::"r"(addr), "r"(v) : "memory");
    else
        asm volatile("ldr %0, [%1]" : "+r"(v) : "r"(addr) : "memory");
    printf("  %s 0x%lx: %s\n", store ? "store to" : "load from", addr,
           aborts ? "data abort" : "no fault");
    CHECK_EQ(aborts, 1);
    CHECK_EQ(abort_ec, EC_DABT_SAME_EL);
    CHECK_EQ(abort_fsc, fsc);
    CHECK_EQ(abort_far, addr);
}

static void check_branch_into_hole(void)
{
    aborts = 0;
    asm volatile("blr %0" ::"r"(HOLE) : "x30", "memory");
    printf("  branch to 0x%lx: came back after %u exception(s)\n", HOLE, aborts);
    CHECK_EQ(aborts, 1);
    CHECK_EQ(abort_ec, EC_IABT_SAME_EL);
    CHECK_EQ(abort_fsc, FSC_EXTERNAL);
    CHECK_EQ(abort_far, HOLE);
}

int main(void)
{
    exc_set_hook(abort_hook);
    check_data_access(HOLE, false, FSC_EXTERNAL);
    check_data_access(HOLE, true, FSC_EXTERNAL);
    check_data_access(BEYOND_PA, false, FSC_ADDR_SIZE_L0);
    check_data_access(BEYOND_PA, true, FSC_ADDR_SIZE_L0);
    check_branch_into_hole();
    exc_set_hook(NULL);
    return test_finish("bad_access");
}
