/*
 * Arm semihosting for A64 guests (HLT #0xF000): w0 = operation, x1 = a
 * parameter or the address of a parameter block of 64-bit words; the
 * result goes to x0.  Only the console is reachable: the guest gets no
 * access to host files.  A bad guest pointer makes the call fail (-1),
 * never the emulator.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "exec/cputlb.h"
#include "exec/memory.h"
#include "sysemu/runstate.h"
#include "sysemu/semihost.h"
#include "target-arm/cpu.h"
#include "target-arm/helper-sys.h"
#include "util/log.h"

enum {
    SYS_OPEN = 0x01,
    SYS_CLOSE = 0x02,
    SYS_WRITEC = 0x03,
    SYS_WRITE0 = 0x04,
    SYS_WRITE = 0x05,
    SYS_READ = 0x06,
    SYS_READC = 0x07,
    SYS_ISERROR = 0x08,
    SYS_ISTTY = 0x09,
    SYS_CLOCK = 0x10,
    SYS_TIME = 0x11,
    SYS_ERRNO = 0x13,
    SYS_GET_CMDLINE = 0x15,
    SYS_HEAPINFO = 0x16,
    SYS_EXIT = 0x18,
    SYS_EXIT_EXTENDED = 0x20,
    SYS_ELAPSED = 0x30,
    SYS_TICKFREQ = 0x31,
};

/* SYS_ELAPSED counts nanoseconds of the host's monotonic clock. */
#define SEMI_TICKS_PER_SECOND 1000000000ull

#define ADP_STOPPED_APPLICATION_EXIT 0x20026

/* The console handles ":tt" opens to (mode 0-3 read, 4-7 write, 8-11 append). */
enum { HANDLE_STDIN = 0, HANDLE_STDOUT = 1, HANDLE_STDERR = 2 };

#define SEMI_ERROR  ((uint64_t)-1)
#define WRITE_CHUNK 256

typedef struct SemiCall {
    ARMCPU *cpu;
    uint64_t arg; /* x1 */
} SemiCall;

/* errno of the last failed call, for SYS_ERRNO. */
static int semi_errno;

/*
 * Guest memory through the TLB at the current privilege.  A fault must not
 * become a guest exception here: the call just fails.
 */
static bool guest_ld(SemiCall *c, uint64_t addr, MemOp op, uint64_t *val)
{
    CPUState *cs = &c->cpu->parent;

    if (cpu_ld(cs, addr, op, arm_cpu_mmu_idx(c->cpu), val)) {
        return true;
    }
    cs->tcg.exception_index = EXCP_NONE;
    return false;
}

static bool guest_st(SemiCall *c, uint64_t addr, MemOp op, uint64_t val)
{
    CPUState *cs = &c->cpu->parent;

    if (cpu_st(cs, addr, op, arm_cpu_mmu_idx(c->cpu), val)) {
        return true;
    }
    cs->tcg.exception_index = EXCP_NONE;
    return false;
}

/* Word n of the parameter block at x1. */
static bool block_word(SemiCall *c, int n, uint64_t *val)
{
    return guest_ld(c, c->arg + 8 * n, MO_64, val);
}

static bool guest_read_bytes(SemiCall *c, uint64_t addr, uint8_t *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        uint64_t byte;

        if (!guest_ld(c, addr + i, MO_8, &byte)) {
            return false;
        }
        buf[i] = (uint8_t)byte;
    }
    return true;
}

static bool guest_write_bytes(SemiCall *c, uint64_t addr, const void *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (!guest_st(c, addr + i, MO_8, ((const uint8_t *)buf)[i])) {
            return false;
        }
    }
    return true;
}

static uint64_t fail(int err)
{
    semi_errno = err;
    return SEMI_ERROR;
}

static uint64_t semi_writec(SemiCall *c)
{
    uint8_t ch;

    if (!guest_read_bytes(c, c->arg, &ch, 1)) {
        return fail(EFAULT);
    }
    semihost_console_write(&ch, 1);
    return 0;
}

static uint64_t semi_write0(SemiCall *c)
{
    uint8_t buf[WRITE_CHUNK];
    uint64_t addr = c->arg;

    for (;;) {
        size_t n = 0;
        uint64_t byte;

        while (n < sizeof(buf)) {
            if (!guest_ld(c, addr + n, MO_8, &byte)) {
                semihost_console_write(buf, n);
                return fail(EFAULT);
            }
            if (!byte) {
                semihost_console_write(buf, n);
                return 0;
            }
            buf[n++] = (uint8_t)byte;
        }
        semihost_console_write(buf, n);
        addr += n;
    }
}

/* Returns the number of bytes NOT written. */
static uint64_t semi_write(SemiCall *c)
{
    uint64_t handle, addr, len;
    uint8_t buf[WRITE_CHUNK];

    if (!block_word(c, 0, &handle) || !block_word(c, 1, &addr) || !block_word(c, 2, &len)) {
        return fail(EFAULT);
    }
    if (handle != HANDLE_STDOUT && handle != HANDLE_STDERR) {
        return fail(EBADF);
    }
    for (uint64_t done = 0; done < len;) {
        size_t n = len - done < sizeof(buf) ? len - done : sizeof(buf);

        if (!guest_read_bytes(c, addr + done, buf, n)) {
            semi_errno = EFAULT;
            return len - done;
        }
        semihost_console_write(buf, n);
        done += n;
    }
    return 0;
}

/* Reads up to a newline from the console; returns the number of bytes NOT read. */
static uint64_t semi_read(SemiCall *c)
{
    uint64_t handle, addr, len, done = 0;

    if (!block_word(c, 0, &handle) || !block_word(c, 1, &addr) || !block_word(c, 2, &len)) {
        return fail(EFAULT);
    }
    if (handle != HANDLE_STDIN) {
        return fail(EBADF);
    }
    while (done < len) {
        int ch = semihost_console_getc();

        if (ch < 0) {
            break;
        }
        if (!guest_st(c, addr + done, MO_8, (uint8_t)ch)) {
            return fail(EFAULT);
        }
        done++;
        if (ch == '\n') {
            break;
        }
    }
    return len - done;
}

/* Only the console exists: ":tt" opens it, everything else fails. */
static uint64_t semi_open(SemiCall *c)
{
    uint64_t name, mode, len;
    char buf[4];

    if (!block_word(c, 0, &name) || !block_word(c, 1, &mode) || !block_word(c, 2, &len)) {
        return fail(EFAULT);
    }
    if (len != 3 || !guest_read_bytes(c, name, (uint8_t *)buf, 3)) {
        return fail(ENOENT);
    }
    buf[3] = 0;
    if (strcmp(buf, ":tt") != 0) {
        return fail(ENOENT);
    }
    return mode < 4 ? HANDLE_STDIN : mode < 8 ? HANDLE_STDOUT : HANDLE_STDERR;
}

static uint64_t semi_istty(SemiCall *c)
{
    uint64_t handle;

    if (!block_word(c, 0, &handle)) {
        return fail(EFAULT);
    }
    return handle <= HANDLE_STDERR;
}

static uint64_t semi_iserror(SemiCall *c)
{
    uint64_t status;

    if (!block_word(c, 0, &status)) {
        return fail(EFAULT);
    }
    return (int64_t)status < 0;
}

/* Nanoseconds since the first call (the "start of execution" the calls count from). */
static uint64_t semi_elapsed_ns(void)
{
    static uint64_t start;
    struct timespec now;
    uint64_t ns;

    clock_gettime(CLOCK_MONOTONIC, &now);
    ns = (uint64_t)now.tv_sec * 1000000000ull + (uint64_t)now.tv_nsec;
    if (!start) {
        start = ns;
    }
    return ns - start;
}

/* Centiseconds since execution started. */
static uint64_t semi_clock(void) { return semi_elapsed_ns() / 10000000; }

/* A64: one 64-bit field at x1 receives the tick count. */
static uint64_t semi_elapsed(SemiCall *c)
{
    return guest_st(c, c->arg, MO_64, semi_elapsed_ns()) ? 0 : fail(EFAULT);
}

/* Block {buffer, size}: the command line, NUL-terminated; size becomes its length. */
static uint64_t semi_get_cmdline(SemiCall *c)
{
    const char *cmdline = semihost_cmdline();
    uint64_t buf, size, len = strlen(cmdline);

    if (!block_word(c, 0, &buf) || !block_word(c, 1, &size)) {
        return fail(EFAULT);
    }
    if (len + 1 > size) {
        return fail(E2BIG);
    }
    if (!guest_write_bytes(c, buf, cmdline, len + 1) || !guest_st(c, c->arg + 8, MO_64, len)) {
        return fail(EFAULT);
    }
    return 0;
}

/*
 * The RAM holding the stack (else the code), described as QEMU does: heap
 * in the upper half, stack growing down from the top.
 */
static bool find_ram(ARMCPU *cpu, uint64_t *base, uint64_t *size)
{
    uint64_t probes[2] = {cpu->xregs[31], cpu->pc};
    AddressSpace *as = cpu->parent.as;

    for (int i = 0; i < 2; i++) {
        const MemorySection *sec =
            address_space_section(as, address_space_find_section(as, probes[i]));

        if (sec && sec->mr && memory_region_is_ram(sec->mr)) {
            *base = sec->start;
            *size = sec->size;
            return true;
        }
    }
    return false;
}

/* x1 points to a pointer to a block {heap base, heap limit, stack base, stack limit}. */
static uint64_t semi_heapinfo(SemiCall *c)
{
    uint64_t block, base = 0, size = 0;
    uint64_t info[4] = {0, 0, 0, 0};

    if (!block_word(c, 0, &block)) {
        return fail(EFAULT);
    }
    if (find_ram(c->cpu, &base, &size)) {
        info[0] = base + size / 2;
        info[1] = base + size;
        info[2] = base + size;
        info[3] = base;
    }
    for (int i = 0; i < 4; i++) {
        if (!guest_st(c, block + 8 * i, MO_64, info[i])) {
            return fail(EFAULT);
        }
    }
    return 0;
}

/*
 * A64 SYS_EXIT and SYS_EXIT_EXTENDED both take {reason, subcode}: an
 * application exit returns the subcode as gemu's exit status, any other
 * reason exits with 1 (QEMU's behaviour).
 */
static uint64_t semi_exit(SemiCall *c)
{
    uint64_t reason = 0, subcode = 0;
    int status;

    if (!block_word(c, 0, &reason) || !block_word(c, 1, &subcode)) {
        log_mask_printf(LOG_GUEST_ERROR, "semihosting: SYS_EXIT with a bad parameter block\n");
        status = 1;
    } else {
        status = reason == ADP_STOPPED_APPLICATION_EXIT ? (int)subcode : 1;
    }
    system_shutdown_request(status);
    cpu_exit(&c->cpu->parent);
    return 0;
}

static uint64_t semi_dispatch(SemiCall *c, uint32_t op)
{
    switch (op) {
    case SYS_OPEN:
        return semi_open(c);
    case SYS_CLOSE:
        return 0;
    case SYS_WRITEC:
        return semi_writec(c);
    case SYS_WRITE0:
        return semi_write0(c);
    case SYS_WRITE:
        return semi_write(c);
    case SYS_READ:
        return semi_read(c);
    case SYS_READC:
        return (uint64_t)(int64_t)semihost_console_getc();
    case SYS_ISERROR:
        return semi_iserror(c);
    case SYS_ISTTY:
        return semi_istty(c);
    case SYS_CLOCK:
        return semi_clock();
    case SYS_TIME:
        return (uint64_t)time(NULL);
    case SYS_ERRNO:
        return (uint64_t)semi_errno;
    case SYS_GET_CMDLINE:
        return semi_get_cmdline(c);
    case SYS_HEAPINFO:
        return semi_heapinfo(c);
    case SYS_EXIT:
    case SYS_EXIT_EXTENDED:
        return semi_exit(c);
    case SYS_ELAPSED:
        return semi_elapsed(c);
    case SYS_TICKFREQ:
        return SEMI_TICKS_PER_SECOND;
    default:
        log_mask_printf(LOG_UNIMP, "semihosting: operation 0x%x not implemented\n", op);
        return fail(ENOSYS);
    }
}

void arm_semihosting_call(ARMCPU *cpu)
{
    SemiCall c = {.cpu = cpu, .arg = cpu->xregs[1]};

    cpu->xregs[0] = semi_dispatch(&c, (uint32_t)cpu->xregs[0]);
}

void helper_semihosting(void *env) { arm_semihosting_call(env); }
