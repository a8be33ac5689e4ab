/*
 * The x86 CPU on small code blobs through the CPU loop: 64-bit long mode
 * (identity-mapped with 2 MiB pages), 32-bit protected mode as a Multiboot
 * loader leaves it, and real mode.  On an x86-64 host the integer
 * instructions are also run natively and every result register and the
 * defined flags must match.
 */
#include <string.h>
#include <sys/mman.h>

#include "exec/cputlb.h"
#include "exec/memory.h"
#include "exec/translator.h"
#include "hw/i386/x86.h"
#include "sysemu/cpus.h"
#include "target-x86/cpu.h"
#include "test.h"

#define RAM_SIZE   0x400000ull
#define PML4       0x1000ull
#define PDPT       0x2000ull
#define PD         0x3000ull
#define IDT_BASE   0x4000ull
#define GDT_BASE   0x5000ull
#define IDT32_BASE 0x7000ull
#define CODE       0x10000ull
#define HANDLER    0x11000ull
#define DATA       0x20000ull
#define STACK_TOP  0x80000ull

static X86CPU *cpu;

static void set_gate64(int vector, uint64_t handler);

static void store(uint64_t pa, const void *data, size_t len)
{
    CHECK_EQ(address_space_write(address_space_system(), pa, data, len), MEMTX_OK);
}

static void store64(uint64_t pa, uint64_t v) { store(pa, &v, 8); }

static uint64_t load64(uint64_t pa)
{
    uint64_t v = 0;
    CHECK_EQ(address_space_read(address_space_system(), pa, &v, 8), MEMTX_OK);
    return v;
}

/* Page tables (identity, 2 MiB pages; 2-4 MiB user) and the GDT. */
static void setup_tables(void)
{
    store64(PML4, PDPT | 7); /* user-accessible below: the leaves decide */
    store64(PDPT, PD | 7);
    store64(PD, 0 | 0x83);            /* 2 MiB page at 0, writable */
    store64(PD + 8, 0x200000 | 0x87); /* 2 MiB page at 2 MiB, user */
    /* GDT: null, 64-bit code (0x08), data (0x10), 32-bit code (0x18). */
    store64(GDT_BASE, 0);
    store64(GDT_BASE + 8, 0x00af9b000000ffffull);
    store64(GDT_BASE + 16, 0x00cf93000000ffffull);
    store64(GDT_BASE + 24, 0x00cf9b000000ffffull);
}

static void setup(void)
{
    MemoryRegion *mr = memory_region_new_ram("ram", RAM_SIZE);
    memory_region_add_subregion(address_space_root(address_space_system()), 0, mr, 0);
    cpu = x86_cpu(cpu_create(cpu_model_find("x86_64", "qemu64"), address_space_system()));
    setup_tables();
}

static void enter_long_mode(void)
{
    cpu_reset(&cpu->parent);
    x86_cpu_set_multiboot_regs(&cpu->parent, CODE, 0);
    cpu->cr[4] = CR4_PAE;
    cpu->cr[3] = PML4;
    cpu->efer = EFER_LME | EFER_SCE | EFER_NXE;
    x86_write_cr0(cpu, cpu->cr[0] | CR0_PG);
    CHECK(cpu->efer & EFER_LMA);
    x86_load_seg_cache(cpu, R_CS, 0x08, 0, 0xffffffff, 0x00af9b00);
    cpu->gdt.base = GDT_BASE;
    cpu->gdt.limit = 31;
    cpu->regs[R_ESP] = STACK_TOP;
    tlb_flush(&cpu->parent);
}

/* Run from eip until HLT. */
static void run(uint64_t eip)
{
    int r;
    cpu->eip = eip;
    cpu->parent.halted = false;
    do {
        r = cpu_exec(&cpu->parent);
    } while (r == EXCP_INTERRUPT);
    CHECK_EQ(r, EXCP_HLT);
}

/* ---------------------------------------------------------------- robustness */

static uint64_t xorshift(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

/* Every vector (IDT or IVT) leads to a HLT at HANDLER or 0x500. */
static void install_halting_vectors(void)
{
    static const uint8_t hlt = 0xf4;
    for (int v = 0; v < 256; v++) {
        uint32_t ivt = 0x0500;
        if (v < 32) {
            uint64_t h = HANDLER + 0x200;
            set_gate64(v, h);
            /* 32-bit interrupt gate to the 32-bit code segment (0x18). */
            store64(IDT32_BASE + 8 * (uint64_t)v,
                    (h & 0xffff) | 0x18ull << 16 | 0x8eull << 40 | (h >> 16) << 48);
        }
        store(0x400 - 4 * 256 + 4 * (uint64_t)v, &ivt, 4);
    }
    store(HANDLER + 0x200, &hlt, 1);
    store(0x500, &hlt, 1);
}

/*
 * Random bytes as code in 64-bit, 32-bit and real mode, with a budget of
 * instructions: whatever they decode to must end in an architectural
 * exception or run out of budget, never crash the emulator.
 */
static void test_random_code_survives(void)
{
    uint64_t seed = 0x9e3779b97f4a7c15ull;
    unsigned halted = 0;

    cpu_exec_set_icount(true);
    for (int i = 0; i < 3000; i++) {
        uint8_t code[24];
        int r, mode = i % 3;
        for (size_t b = 0; b < 16; b++) {
            code[b] = (uint8_t)xorshift(&seed);
        }
        memset(code + 16, 0xf4, 8);
        if (mode == 0) {
            enter_long_mode();
        } else {
            cpu_reset(&cpu->parent);
            x86_cpu_set_multiboot_regs(&cpu->parent, CODE, 0);
            cpu->gdt.base = GDT_BASE;
            cpu->gdt.limit = 31;
            if (mode == 2) {
                cpu_reset(&cpu->parent);
                x86_load_seg_cache(cpu, R_CS, 0x1000, 0x10000, 0xffff, cpu->segs[R_CS].flags);
            }
        }
        setup_tables();
        install_halting_vectors();
        static const uint64_t idt_base[3] = {IDT_BASE, IDT32_BASE, 0};
        static const uint32_t idt_limit[3] = {32 * 16 - 1, 32 * 8 - 1, 0x3ff};
        cpu->idt.base = idt_base[mode];
        cpu->idt.limit = idt_limit[mode];
        store(CODE, code, sizeof(code));
        for (int n = 0; n < 16; n++) {
            cpu->regs[n] = n == R_ESP ? STACK_TOP : DATA + 0x100 * (uint64_t)n;
        }
        cpu->eip = mode == 2 ? 0 : CODE;
        cpu->parent.halted = false;
        cpu->parent.icount_budget = 200;
        do {
            r = cpu_exec(&cpu->parent);
        } while (r == EXCP_INTERRUPT);
        halted += r == EXCP_HLT;
    }
    cpu_exec_set_icount(false);
    CHECK(halted > 2500);
}

/* ---------------------------------------------------------------- differential */

/*
 * Comparing with the host CPU needs an x86-64 host; elsewhere these cases
 * are not built (and not counted).
 */
#if defined(__x86_64__)

/* A snippet runs as: push %rdi; popfq; <insn>; pushfq; pop %rsi; then hlt (guest) or ret
 * (host). */
typedef struct Regs {
    uint64_t rax, rbx, rcx, rdx, rsi, rdi;
} Regs;

static size_t wrap(uint8_t *buf, const uint8_t *insn, size_t len, uint8_t end)
{
    size_t n = 0;
    buf[n++] = 0x57; /* push %rdi */
    buf[n++] = 0x9d; /* popfq */
    memcpy(buf + n, insn, len);
    n += len;
    buf[n++] = 0x9c; /* pushfq */
    buf[n++] = 0x5e; /* pop %rsi */
    buf[n++] = end;
    return n;
}

static void guest_run(const uint8_t *insn, size_t len, Regs *r)
{
    uint8_t buf[64];
    size_t n = wrap(buf, insn, len, 0xf4);
    store(CODE, buf, n);
    tb_flush_all();
    cpu->regs[R_EAX] = r->rax;
    cpu->regs[R_EBX] = r->rbx;
    cpu->regs[R_ECX] = r->rcx;
    cpu->regs[R_EDX] = r->rdx;
    cpu->regs[R_ESI] = r->rsi;
    cpu->regs[R_EDI] = r->rdi;
    cpu->regs[R_ESP] = STACK_TOP;
    run(CODE);
    *r = (Regs){cpu->regs[R_EAX], cpu->regs[R_EBX], cpu->regs[R_ECX],
                cpu->regs[R_EDX], cpu->regs[R_ESI], cpu->regs[R_EDI]};
}

static uint8_t *host_code;

static void host_run(const uint8_t *insn, size_t len, Regs *r)
{
    wrap(host_code, insn, len, 0xc3);
    /* Only now: a call between these and the asm may clobber r8/r9. */
    register Regs *rp __asm__("r8") = r;
    register void *code __asm__("r9") = host_code;
    __asm__ volatile("sub $128, %%rsp\n\t"
                     "push %%rbx\n\t"
                     "push %%rbp\n\t"
                     "push %%r8\n\t"
                     "mov 8(%%r8), %%rbx\n\t"
                     "mov 16(%%r8), %%rcx\n\t"
                     "mov 24(%%r8), %%rdx\n\t"
                     "mov 32(%%r8), %%rsi\n\t"
                     "mov 40(%%r8), %%rdi\n\t"
                     "mov 0(%%r8), %%rax\n\t"
                     "call *%%r9\n\t"
                     "pop %%r8\n\t"
                     "mov %%rax, 0(%%r8)\n\t"
                     "mov %%rbx, 8(%%r8)\n\t"
                     "mov %%rcx, 16(%%r8)\n\t"
                     "mov %%rdx, 24(%%r8)\n\t"
                     "mov %%rsi, 32(%%r8)\n\t"
                     "mov %%rdi, 40(%%r8)\n\t"
                     "pop %%rbp\n\t"
                     "pop %%rbx\n\t"
                     "add $128, %%rsp\n\t"
                     : "+r"(rp), "+r"(code)
                     :
                     : "rax", "rcx", "rdx", "rsi", "rdi", "r10", "r11", "memory", "cc");
}

typedef struct DiffCase {
    const char *name;
    uint8_t insn[48];
    uint8_t len;
    uint32_t flag_mask; /* defined flags to compare */
} DiffCase;

#define ALLF  (CC_ARITH)
#define NO_AF (CC_ARITH & ~CC_A)

static const DiffCase diff_cases[] = {
    {"add rax,rbx", {0x48, 0x01, 0xd8}, 3, ALLF},
    {"adc eax,ebx", {0x11, 0xd8}, 2, ALLF},
    {"sub al,bl", {0x28, 0xd8}, 2, ALLF},
    {"sbb ax,bx", {0x66, 0x19, 0xd8}, 3, ALLF},
    {"cmp rax,rbx", {0x48, 0x39, 0xd8}, 3, ALLF},
    {"and eax,ebx", {0x21, 0xd8}, 2, NO_AF},
    {"or rax,rbx", {0x48, 0x09, 0xd8}, 3, NO_AF},
    {"xor bh,ah", {0x30, 0xe7}, 2, NO_AF},
    {"add eax,-5", {0x83, 0xc0, 0xfb}, 3, ALLF},
    {"inc ecx", {0xff, 0xc1}, 2, ALLF},
    {"dec bl", {0xfe, 0xcb}, 2, ALLF},
    {"neg rdx", {0x48, 0xf7, 0xda}, 3, ALLF},
    {"not ax", {0x66, 0xf7, 0xd0}, 3, ALLF},
    {"test al,0x81", {0xa8, 0x81}, 2, NO_AF},
    {"shl eax,1", {0xd1, 0xe0}, 2, NO_AF},
    {"shl rax,cl", {0x48, 0xd3, 0xe0}, 3, CC_C | CC_Z | CC_S | CC_P},
    {"shr bx,cl", {0x66, 0xd3, 0xeb}, 3, CC_C | CC_Z | CC_S | CC_P},
    {"sar eax,1", {0xd1, 0xf8}, 2, NO_AF},
    {"sar al,cl", {0xd2, 0xf8}, 2, CC_C | CC_Z | CC_S | CC_P},
    {"rol eax,cl", {0xd3, 0xc0}, 2, CC_C},
    {"ror bl,1", {0xd0, 0xcb}, 2, CC_C | CC_O},
    {"rcl rax,1", {0x48, 0xd1, 0xd0}, 3, CC_C | CC_O},
    {"rcr eax,cl", {0xd3, 0xd8}, 2, CC_C},
    {"shld eax,ebx,cl", {0x0f, 0xa5, 0xd8}, 3, CC_C | CC_Z | CC_S | CC_P},
    {"shrd rax,rbx,7", {0x48, 0x0f, 0xac, 0xd8, 0x07}, 5, CC_C | CC_Z | CC_S | CC_P},
    {"mul rbx", {0x48, 0xf7, 0xe3}, 3, CC_C | CC_O},
    {"imul ebx", {0xf7, 0xeb}, 2, CC_C | CC_O},
    {"imul rax,rbx,-3", {0x48, 0x6b, 0xc3, 0xfd}, 4, CC_C | CC_O},
    {"mul bl", {0xf6, 0xe3}, 2, CC_C | CC_O},
    {"bsf rax,rbx", {0x48, 0x0f, 0xbc, 0xc3}, 4, CC_Z},
    {"bsr ecx,ebx", {0x0f, 0xbd, 0xcb}, 3, CC_Z},
    {"bt rax,rcx", {0x48, 0x0f, 0xa3, 0xc8}, 4, CC_C},
    {"btc eax,5", {0x0f, 0xba, 0xf8, 0x05}, 4, CC_C},
    {"popcnt rax,rbx", {0xf3, 0x48, 0x0f, 0xb8, 0xc3}, 5, ALLF},
    {"cmpxchg ebx,ecx", {0x0f, 0xb1, 0xcb}, 3, ALLF},
    {"xadd rax,rbx", {0x48, 0x0f, 0xc1, 0xd8}, 4, ALLF},
    {"bswap eax", {0x0f, 0xc8}, 2, ALLF},
    {"cqo", {0x48, 0x99}, 2, ALLF},
    {"cwde", {0x98}, 1, ALLF},
    {"movsx rax,bl", {0x48, 0x0f, 0xbe, 0xc3}, 4, ALLF},
    {"movzx eax,bx", {0x0f, 0xb7, 0xc3}, 3, ALLF},
    {"setl cl", {0x0f, 0x9c, 0xc1}, 3, ALLF},
    {"cmovbe rax,rbx", {0x48, 0x0f, 0x46, 0xc3}, 4, ALLF},
    {"lea rax,[rbx+rcx*4+8]", {0x48, 0x8d, 0x44, 0x8b, 0x08}, 5, ALLF},
    {"xchg ax,bx", {0x66, 0x93}, 2, ALLF},
    {"lahf", {0x9f}, 1, ALLF},
    {"sahf", {0x9e}, 1, ALLF},
    {"cmc", {0xf5}, 1, ALLF},
    {"cmpl $imm32,-8(%rip)",
     {0x81, 0x3d, 0xf8, 0xff, 0xff, 0xff, 0x78, 0x56, 0x34, 0x12},
     10,
     ALLF},
    {"imul $imm32,-8(%rip),%eax",
     {0x69, 0x05, 0xf8, 0xff, 0xff, 0xff, 0x34, 0x12, 0x00, 0x00},
     10,
     CC_C | CC_O},
    {"btl $5,-8(%rip)", {0x0f, 0xba, 0x25, 0xf8, 0xff, 0xff, 0xff, 0x05}, 8, CC_C},
    {"cmpw $imm16,-8(%rip)", {0x66, 0x81, 0x3d, 0xf8, 0xff, 0xff, 0xff, 0x34, 0x12}, 9, ALLF},
    {"testb $0x81,-8(%rip)", {0xf6, 0x05, 0xf8, 0xff, 0xff, 0xff, 0x81}, 7, NO_AF},
    {"movzwl -4(%rip),%eax; add $0x7f,%ax",
     {0x0f, 0xb7, 0x05, 0xfc, 0xff, 0xff, 0xff, 0x66, 0x83, 0xc0, 0x7f},
     11,
     ALLF},
    {"cmp+setbe", {0x48, 0x39, 0xd8, 0x0f, 0x96, 0xc1}, 6, ALLF},
    {"sub+jl", {0x29, 0xd8, 0x7c, 0x02, 0xb1, 0x01}, 6, ALLF},
    {"cmpxchg16b",
     {0x4c, 0x8d, 0x54, 0x24, 0xc0, 0x49, 0x83, 0xe2, 0xf0, 0x49, 0x89, 0xcb, 0x49,
      0x83, 0xe3, 0x01, 0x49, 0x31, 0xc3, 0x4d, 0x89, 0x1a, 0x49, 0x89, 0x52, 0x08,
      0xf0, 0x49, 0x0f, 0xc7, 0x0a, 0x49, 0x8b, 0x0a, 0x49, 0x8b, 0x5a, 0x08},
     38,
     ALLF},
    {"cmpxchg8b",
     {0x4c, 0x8d, 0x54, 0x24, 0xc0, 0x49, 0x83, 0xe2, 0xf0, 0x49, 0x89, 0xcb, 0x49,
      0x83, 0xe3, 0x01, 0x49, 0x31, 0xc3, 0x45, 0x89, 0x1a, 0x41, 0x89, 0x52, 0x04,
      0xf0, 0x41, 0x0f, 0xc7, 0x0a, 0x41, 0x8b, 0x0a, 0x41, 0x8b, 0x5a, 0x04},
     38,
     ALLF},
    {"btc m,reg far",
     {0x4c, 0x8d, 0x54, 0x24, 0xc0, 0x49, 0x83, 0xe2, 0xf0, 0x49, 0x89, 0x02,
      0x49, 0x89, 0x52, 0x08, 0x48, 0x83, 0xe1, 0x3f, 0x48, 0x83, 0xe9, 0x20,
      0x49, 0x0f, 0xbb, 0x4a, 0x08, 0x49, 0x8b, 0x02, 0x49, 0x8b, 0x52, 0x08},
     36,
     CC_C},
    {"push; pop -16(rsp)",
     {0x53, 0x8f, 0x44, 0x24, 0xf0, 0x48, 0x8b, 0x44, 0x24, 0xf0},
     10,
     ALLF},
};

static const uint64_t diff_values[] = {
    0,
    1,
    0x7f,
    0x80,
    0xff,
    0x7fff,
    0x8000,
    0xffffffff,
    0x80000000,
    0x7fffffffffffffffull,
    0x8000000000000000ull,
    0xffffffffffffffffull,
    0x123456789abcdef0ull,
    0x1f,
    0x3f,
    5,
};
#define NVALUES (sizeof(diff_values) / sizeof(diff_values[0]))

static void test_diff_host(void)
{
    unsigned mismatches = 0;
    host_code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(host_code != MAP_FAILED);
    enter_long_mode();
    for (size_t c = 0; c < sizeof(diff_cases) / sizeof(diff_cases[0]); c++) {
        const DiffCase *dc = &diff_cases[c];
        for (unsigned i = 0; i < NVALUES * NVALUES; i++) {
            uint64_t a = diff_values[i % NVALUES], b = diff_values[i / NVALUES];
            for (unsigned fl = 0; fl < 2; fl++) {
                Regs in = {a, b, (b * 7 + a) & 0xff, a ^ b, 0, 0x202 | (fl ? 0x8d5 : 0)};
                Regs g = in, h = in;
                guest_run(dc->insn, dc->len, &g);
                host_run(dc->insn, dc->len, &h);
                uint64_t m = dc->flag_mask | ~(uint64_t)CC_ARITH;
                bool same = g.rax == h.rax && g.rbx == h.rbx && g.rcx == h.rcx &&
                            g.rdx == h.rdx && ((g.rsi ^ h.rsi) & m & 0xffffffff) == 0;
                if (!same && mismatches++ < 40) {
                    printf("  %s a=%llx b=%llx fl=%u: guest rax=%llx rbx=%llx rcx=%llx "
                           "rdx=%llx f=%llx host rax=%llx rbx=%llx rcx=%llx rdx=%llx f=%llx\n",
                           dc->name, (unsigned long long)a, (unsigned long long)b, fl,
                           (unsigned long long)g.rax, (unsigned long long)g.rbx,
                           (unsigned long long)g.rcx, (unsigned long long)g.rdx,
                           (unsigned long long)g.rsi, (unsigned long long)h.rax,
                           (unsigned long long)h.rbx, (unsigned long long)h.rcx,
                           (unsigned long long)h.rdx, (unsigned long long)h.rsi);
                }
            }
        }
    }
    CHECK_EQ(mismatches, 0);
    munmap(host_code, 4096);
}
#endif

/*
 * 32-bit instructions (BCD, the one-byte INC/DEC, PUSHA/POPA) on the host:
 * a compatibility-mode code segment (Linux's __USER32_CS) entered by a far
 * call from 64-bit code, all of it in a page below 4 GiB.
 */
#if defined(__x86_64__) && defined(__linux__)
#define LOW_PAGE     0x10000000ull
#define LOW_SAVE_RSP 0x800
#define LOW_FARPTR   0x810
#define LOW_IN       0x820 /* eax ebx ecx edx esi edi (32 bits each) */
#define LOW_OUT      0x840
#define LOW_CODE32   0x100

/* push callee-saved; save DS and rsp; switch to the low stack; lcall 0x23:code32; undo. */
static const uint8_t enter32[] = {
    0x53, 0x55, 0x41, 0x54, 0x41, 0x55, 0x41, 0x56, 0x41, 0x57, 0x8c, 0xd8, 0x50, 0x48, 0x89,
    0x24, 0x25, 0x00, 0x08, 0x00, 0x10, 0xbc, 0xf0, 0x1f, 0x00, 0x10, 0xff, 0x1c, 0x25, 0x10,
    0x08, 0x00, 0x10, 0x48, 0x8b, 0x24, 0x25, 0x00, 0x08, 0x00, 0x10, 0x58, 0x8e, 0xd8, 0x8e,
    0xc0, 0x41, 0x5f, 0x41, 0x5e, 0x41, 0x5d, 0x41, 0x5c, 0x5d, 0x5b, 0xc3};
/* DS = ES = 0x2b; load eax..edi from LOW_IN. */
static const uint8_t pre32[] = {
    0xb8, 0x2b, 0x00, 0x00, 0x00, 0x8e, 0xd8, 0x8e, 0xc0, 0x8b, 0x1d, 0x24, 0x08, 0x00, 0x10,
    0x8b, 0x0d, 0x28, 0x08, 0x00, 0x10, 0x8b, 0x15, 0x2c, 0x08, 0x00, 0x10, 0x8b, 0x35, 0x30,
    0x08, 0x00, 0x10, 0x8b, 0x3d, 0x34, 0x08, 0x00, 0x10, 0xa1, 0x20, 0x08, 0x00, 0x10};
/* Store eax..edi to LOW_OUT; lret. */
static const uint8_t post32[] = {0xa3, 0x40, 0x08, 0x00, 0x10, 0x89, 0x1d, 0x44, 0x08,
                                 0x00, 0x10, 0x89, 0x0d, 0x48, 0x08, 0x00, 0x10, 0x89,
                                 0x15, 0x4c, 0x08, 0x00, 0x10, 0x89, 0x35, 0x50, 0x08,
                                 0x00, 0x10, 0x89, 0x3d, 0x54, 0x08, 0x00, 0x10, 0xcb};

static uint8_t *low_page;

static void host_run32(const uint8_t *insn, size_t len, Regs *r)
{
    uint32_t in[6] = {(uint32_t)r->rax, (uint32_t)r->rbx, (uint32_t)r->rcx,
                      (uint32_t)r->rdx, (uint32_t)r->rsi, (uint32_t)r->rdi};
    uint32_t out[6];
    uint8_t *p = low_page + LOW_CODE32;
    uint32_t farptr[2] = {(uint32_t)(LOW_PAGE + LOW_CODE32), 0x23};

    memcpy(low_page, enter32, sizeof(enter32));
    memcpy(low_page + LOW_FARPTR, farptr, sizeof(farptr));
    memcpy(low_page + LOW_IN, in, sizeof(in));
    memcpy(p, pre32, sizeof(pre32));
    p += sizeof(pre32);
    p += wrap(p, insn, len, 0x90);
    memcpy(p, post32, sizeof(post32));
    ((void (*)(void))low_page)();
    memcpy(out, low_page + LOW_OUT, sizeof(out));
    *r = (Regs){out[0], out[1], out[2], out[3], out[4], out[5]};
}

static void guest_run32(const uint8_t *insn, size_t len, Regs *r)
{
    uint8_t buf[64];
    size_t n = wrap(buf, insn, len, 0xf4);
    store(CODE, buf, n);
    tb_flush_all();
    cpu_reset(&cpu->parent);
    x86_cpu_set_multiboot_regs(&cpu->parent, CODE, 0);
    cpu->regs[R_EAX] = (uint32_t)r->rax;
    cpu->regs[R_EBX] = (uint32_t)r->rbx;
    cpu->regs[R_ECX] = (uint32_t)r->rcx;
    cpu->regs[R_EDX] = (uint32_t)r->rdx;
    cpu->regs[R_ESI] = (uint32_t)r->rsi;
    cpu->regs[R_EDI] = (uint32_t)r->rdi;
    cpu->regs[R_ESP] = STACK_TOP;
    run(CODE);
    *r = (Regs){cpu->regs[R_EAX], cpu->regs[R_EBX], cpu->regs[R_ECX],
                cpu->regs[R_EDX], cpu->regs[R_ESI], cpu->regs[R_EDI]};
}

static const DiffCase diff_cases32[] = {
    {"daa", {0x27}, 1, CC_ARITH},
    {"das", {0x2f}, 1, CC_ARITH},
    {"aaa", {0x37}, 1, CC_ARITH},
    {"aas", {0x3f}, 1, CC_ARITH},
    {"aam", {0xd4, 0x0a}, 2, CC_ARITH},
    {"aam 16", {0xd4, 0x10}, 2, CC_ARITH},
    {"aad", {0xd5, 0x0a}, 2, CC_ARITH},
    {"aad 7", {0xd5, 0x07}, 2, CC_ARITH},
    {"arpl bx,ax", {0x63, 0xc3}, 2, CC_Z},
    {"inc eax", {0x40}, 1, CC_ARITH},
    {"dec ebx", {0x4b}, 1, CC_ARITH},
    {"pusha/add/popa", {0x60, 0x01, 0xd8, 0x61}, 4, CC_ARITH},
    {"xchg+sbb", {0x87, 0xd9, 0x19, 0xc8}, 4, CC_ARITH},
    {"imul", {0x0f, 0xaf, 0xc3}, 3, CC_C | CC_O},
};

static void test_diff_host32(void)
{
    unsigned mismatches = 0;
    low_page = mmap((void *)LOW_PAGE, 8192, PROT_READ | PROT_WRITE | PROT_EXEC,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (low_page != (uint8_t *)LOW_PAGE) {
        printf("  (no page at 0x%llx: 32-bit host comparison skipped)\n", LOW_PAGE);
        return;
    }
    for (size_t c = 0; c < sizeof(diff_cases32) / sizeof(diff_cases32[0]); c++) {
        const DiffCase *dc = &diff_cases32[c];
        for (unsigned v = 0; v < 256 * 4; v++) {
            uint32_t ax = (v & 0xff) | (v >> 8) << 8 | 0x12340000u;
            for (unsigned fl = 0; fl < 4; fl++) {
                /* Flags in: none, CF, AF, both. */
                uint32_t f = 0x202 | (fl & 1 ? CC_C : 0) | (fl & 2 ? CC_A : 0);
                Regs in = {ax, 0x01020304u * (v & 7), 0xfffffff0u + fl, 0x55, 0, f};
                Regs g = in, h = in;
                guest_run32(dc->insn, dc->len, &g);
                host_run32(dc->insn, dc->len, &h);
                uint32_t m = dc->flag_mask | ~(uint32_t)CC_ARITH;
                bool same = g.rax == h.rax && g.rbx == h.rbx && g.rcx == h.rcx &&
                            g.rdx == h.rdx && ((g.rsi ^ h.rsi) & m) == 0;
                if (!same && mismatches++ < 20) {
                    printf("  %s ax=%x fl=%x: guest eax=%llx ebx=%llx ecx=%llx f=%llx "
                           "host eax=%llx ebx=%llx ecx=%llx f=%llx\n",
                           dc->name, ax, f, (unsigned long long)g.rax,
                           (unsigned long long)g.rbx, (unsigned long long)g.rcx,
                           (unsigned long long)g.rsi, (unsigned long long)h.rax,
                           (unsigned long long)h.rbx, (unsigned long long)h.rcx,
                           (unsigned long long)h.rsi);
                }
            }
        }
    }
    CHECK_EQ(mismatches, 0);
    munmap(low_page, 8192);
}
#endif

/* ---------------------------------------------------------------- self-checking */

/*
 * 64-bit: rep movsb, rep stosq, repne scasb, push/pop, call/ret, loop,
 * RIP-relative store.
 *   lea src(%rip),%rsi; mov $0x20000,%rdi; mov $5,%ecx; rep movsb
 *   mov $0x20100,%rdi; mov $0x1122334455667788,%rax; mov $3,%ecx; rep stosq
 *   mov $0x20000,%rdi; mov $'l',%al; mov $5,%ecx; repne scasb   (finds "l" at 2)
 *   push %rcx; pop %rdx; call f; mov $4,%ecx; xor %ebx,%ebx; l: inc %ebx; loop l
 *   mov %rbx, data(%rip); hlt
 *   f: mov $0x99,%r9; ret
 *   src: .ascii "hello"; data: .quad 0
 */
static const uint8_t string_code[] = {
    0x48, 0x8d, 0x35, 0x59, 0x00, 0x00, 0x00, 0x48, 0xc7, 0xc7, 0x00, 0x00, 0x02, 0x00,
    0xb9, 0x05, 0x00, 0x00, 0x00, 0xf3, 0xa4, 0x48, 0xc7, 0xc7, 0x00, 0x01, 0x02, 0x00,
    0x48, 0xb8, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, 0xb9, 0x03, 0x00, 0x00,
    0x00, 0xf3, 0x48, 0xab, 0x48, 0xc7, 0xc7, 0x00, 0x00, 0x02, 0x00, 0xb0, 0x6c, 0xb9,
    0x05, 0x00, 0x00, 0x00, 0xf2, 0xae, 0x51, 0x5a, 0xe8, 0x13, 0x00, 0x00, 0x00, 0xb9,
    0x04, 0x00, 0x00, 0x00, 0x31, 0xdb, 0xff, 0xc3, 0xe2, 0xfc, 0x48, 0x89, 0x1d, 0x0e,
    0x00, 0x00, 0x00, 0xf4, 0x49, 0xc7, 0xc1, 0x99, 0x00, 0x00, 0x00, 0xc3, 0x68, 0x65,
    0x6c, 0x6c, 0x6f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};

static void test_long_mode_program(void)
{
    enter_long_mode();
    store(CODE, string_code, sizeof(string_code));
    tb_flush_all();
    run(CODE);
    CHECK_EQ(load64(DATA) & 0xffffffffffull, 0x6f6c6c6568ull); /* "hello" */
    CHECK_EQ(load64(DATA + 0x100), 0x1122334455667788ull);
    CHECK_EQ(load64(DATA + 0x110), 0x1122334455667788ull);
    CHECK_EQ(load64(DATA + 0x118), 0);
    CHECK_EQ(cpu->regs[R_EDI], DATA + 3);
    CHECK_EQ(cpu->regs[R_EDX], 2); /* rcx left by repne scasb */
    CHECK_EQ(cpu->regs[9], 0x99);
    CHECK_EQ(cpu->regs[R_EBX], 4);
    CHECK_EQ(load64(CODE + sizeof(string_code) - 8), 4);
    CHECK_EQ(cpu->regs[R_ESP], STACK_TOP);
}

/*
 * #DE, #UD, #PF and INT3 through a 64-bit IDT: each handler stores the vector
 * frame and halts.  Handler: mov (%rsp),%rax ; mov 8(%rsp),%rbx ; hlt
 */
static void set_gate64(int vector, uint64_t handler)
{
    uint64_t lo = (handler & 0xffff) | (0x08ull << 16) | (0x8eull << 40) |
                  ((handler >> 16) & 0xffff) << 48;
    store64(IDT_BASE + (uint64_t)vector * 16, lo);
    store64(IDT_BASE + (uint64_t)vector * 16 + 8, handler >> 32);
}

static void test_exceptions_long_mode(void)
{
    static const uint8_t handler[] = {0x48, 0x8b, 0x04, 0x24, 0x48,
                                      0x8b, 0x5c, 0x24, 0x08, 0xf4};
    static const uint8_t div0[] = {0x31, 0xc9, 0xf7, 0xf1, 0xf4}; /* xor ecx,ecx; div ecx */
    static const uint8_t ud2[] = {0x90, 0x0f, 0x0b, 0xf4};        /* nop; ud2 */
    static const uint8_t pf[] = {0x48, 0x8b, 0x04, 0x25, 0x00,
                                 0x00, 0x80, 0x00, 0xf4}; /* mov 0x800000,%rax */
    static const uint8_t int3[] = {0xcc, 0xf4};
    static const uint8_t single_step[] = {0x9c, 0x48, 0x81, 0x0c, 0x24, 0x00, 0x01,
                                          0x00, 0x00, 0x9d, 0x90, 0x90, 0xf4};

    enter_long_mode();
    store(HANDLER, handler, sizeof(handler));
    for (int v = 0; v < 32; v++) {
        set_gate64(v, HANDLER);
    }
    cpu->idt.base = IDT_BASE;
    cpu->idt.limit = 32 * 16 - 1;

    store(CODE, div0, sizeof(div0));
    tb_flush_all();
    run(CODE);
    CHECK_EQ(cpu->regs[R_EAX], CODE + 2); /* faulting rip */
    CHECK_EQ(cpu->regs[R_EBX], 0x08);

    store(CODE, ud2, sizeof(ud2));
    tb_flush_all();
    cpu->regs[R_ESP] = STACK_TOP;
    run(CODE);
    CHECK_EQ(cpu->regs[R_EAX], CODE + 1);

    store(CODE, pf, sizeof(pf));
    tb_flush_all();
    cpu->regs[R_ESP] = STACK_TOP;
    run(CODE);
    CHECK_EQ(cpu->regs[R_EAX], 0);    /* error code: not present, read, supervisor */
    CHECK_EQ(cpu->regs[R_EBX], CODE); /* rip */
    CHECK_EQ(cpu->cr[2], 0x800000);

    store(CODE, int3, sizeof(int3));
    tb_flush_all();
    cpu->regs[R_ESP] = STACK_TOP;
    run(CODE);
    CHECK_EQ(cpu->regs[R_EAX], CODE + 1); /* INT3 returns after itself */

    /* pushfq; orq $0x100,(%rsp); popfq; nop; nop: #DB after the first nop (TF). */
    store(CODE, single_step, sizeof(single_step));
    tb_flush_all();
    cpu->regs[R_ESP] = STACK_TOP;
    run(CODE);
    CHECK_EQ(cpu->regs[R_EAX], CODE + 11);
    CHECK(cpu->dr[6] & (1u << 14));
}

static int acks;

static int ack_vector_0x40(void *opaque)
{
    acks++;
    return *(int *)opaque;
}

/* sti; hlt; hlt: an external interrupt wakes the first HLT and returns after it. */
static void test_external_interrupt(void)
{
    static const uint8_t handler[] = {0x48, 0x8b, 0x04, 0x24, 0x48,
                                      0x8b, 0x5c, 0x24, 0x08, 0xf4};
    static const uint8_t code[] = {0xfb, 0xf4, 0xf4};
    static int vector = 0x40;
    int r;

    enter_long_mode();
    store(HANDLER, handler, sizeof(handler));
    set_gate64(0x40, HANDLER);
    cpu->idt.base = IDT_BASE;
    cpu->idt.limit = 0x41 * 16 - 1;
    x86_cpu_set_interrupt_ack(&cpu->parent, ack_vector_0x40, &vector);
    store(CODE, code, sizeof(code));
    tb_flush_all();
    run(CODE);
    CHECK_EQ(cpu->eip, CODE + 2);
    CHECK_EQ(acks, 0);

    cpu_set_irq(&cpu->parent, CPU_IRQ_LINE, 1);
    do {
        r = cpu_exec(&cpu->parent);
    } while (r == EXCP_INTERRUPT);
    cpu_set_irq(&cpu->parent, CPU_IRQ_LINE, 0);
    CHECK_EQ(r, EXCP_HLT);
    CHECK_EQ(acks, 1);
    CHECK_EQ(cpu->regs[R_EAX], CODE + 2); /* returns after the HLT */
    CHECK_EQ(cpu->regs[R_EBX], 0x08);
    CHECK_EQ(cpu->eip, HANDLER + sizeof(handler));
    x86_cpu_set_interrupt_ack(&cpu->parent, NULL, NULL);
}

#define TSS_BASE  0x6000ull
#define USER_CODE 0x200000ull
#define USER_RSP  0x280000ull

/*
 * Ring 3 and back: IRETQ to user mode (TSS loaded with LTR), port I/O
 * through the TSS bitmap (0x80 allowed, 0x81 not: #GP on the kernel stack
 * from RSP0), SYSCALL/SYSRET, and HLT at CPL 3 (#GP).
 */
static void enter_user_mode(uint64_t user_rip)
{
    /* mov $0x30,%ax; ltr %ax; push $0x23; push $USER_RSP; push $0x202; push $0x2b; push %rsi;
     * iretq */
    static const uint8_t kernel[] = {0x66, 0xb8, 0x30, 0x00, 0x0f, 0x00, 0xd8, 0x6a,
                                     0x23, 0x68, 0x00, 0x00, 0x28, 0x00, 0x68, 0x02,
                                     0x02, 0x00, 0x00, 0x6a, 0x2b, 0x56, 0x48, 0xcf};
    static const uint8_t handler[] = {0x48, 0x8b, 0x04, 0x24, 0x48,
                                      0x8b, 0x5c, 0x24, 0x08, 0xf4};
    /* SYSCALL entry: mov %rcx,%r12; mov %r11,%r13; sysretq */
    static const uint8_t syscall_entry[] = {0x49, 0x89, 0xcc, 0x4d, 0x89,
                                            0xdd, 0x48, 0x0f, 0x07};
    uint8_t tss[0x89] = {0};
    uint64_t tss_desc = 0x88 | (TSS_BASE & 0xffffff) << 16 | 0x89ull << 40;

    enter_long_mode();
    store64(GDT_BASE + 0x20, 0x00cff3000000ffffull); /* user data */
    store64(GDT_BASE + 0x28, 0x00affb000000ffffull); /* user code, 64-bit */
    store64(GDT_BASE + 0x30, tss_desc);
    store64(GDT_BASE + 0x38, 0);
    cpu->gdt.limit = 0x4f;
    tss[4] = (uint8_t)STACK_TOP;
    tss[5] = (uint8_t)(STACK_TOP >> 8);
    tss[6] = (uint8_t)(STACK_TOP >> 16);
    tss[0x66] = 0x68;
    tss[0x68 + 0x80 / 8] = 0x02; /* port 0x81 */
    store(TSS_BASE, tss, sizeof(tss));
    store(HANDLER, handler, sizeof(handler));
    store(HANDLER + 0x100, syscall_entry, sizeof(syscall_entry));
    set_gate64(EXCP_GP, HANDLER);
    cpu->idt.base = IDT_BASE;
    cpu->idt.limit = 32 * 16 - 1;
    cpu->star = 0x0018000800000000ull;
    cpu->lstar = HANDLER + 0x100;
    cpu->sfmask = EF_IF;
    cpu->sysenter_cs = 0x08;
    cpu->sysenter_eip = HANDLER + 0x300;
    cpu->sysenter_esp = STACK_TOP - 0x100;
    store(CODE, kernel, sizeof(kernel));
    tb_flush_all();
    cpu->regs[R_ESI] = user_rip;
    cpu->regs[R_ESP] = STACK_TOP;
    run(CODE);
}

static void test_user_mode(void)
{
    /* mov $0x11,%al; out %al,$0x80; out %al,$0x81; hlt */
    static const uint8_t user_io[] = {0xb0, 0x11, 0xe6, 0x80, 0xe6, 0x81, 0xf4};
    /* syscall; hlt */
    static const uint8_t user_syscall[] = {0x0f, 0x05, 0xf4};

    store(USER_CODE, user_io, sizeof(user_io));
    enter_user_mode(USER_CODE);
    CHECK_EQ(cpu->regs[R_EAX], 0);             /* #GP(0) */
    CHECK_EQ(cpu->regs[R_EBX], USER_CODE + 4); /* at the second OUT */
    CHECK_EQ(x86_cpl(cpu), 0);
    CHECK_EQ(load64(STACK_TOP - 8), 0x23);      /* SS */
    CHECK_EQ(load64(STACK_TOP - 16), USER_RSP); /* RSP */
    CHECK_EQ(load64(STACK_TOP - 32), 0x2b);     /* CS */
    CHECK_EQ(cpu->tr.selector, 0x30);

    store(USER_CODE + 0x100, user_syscall, sizeof(user_syscall));
    enter_user_mode(USER_CODE + 0x100);
    CHECK_EQ(cpu->regs[12], USER_CODE + 0x102);    /* RCX: after SYSCALL */
    CHECK(cpu->regs[13] & EF_IF);                  /* R11: RFLAGS */
    CHECK_EQ(cpu->regs[R_EBX], USER_CODE + 0x102); /* HLT at CPL 3: #GP */
    CHECK_EQ(load64(STACK_TOP - 32), 0x2b);        /* back in user code by SYSRET */

    /* lea 1f(%rip),%rdx; mov %rsp,%rcx; sysenter; 1: hlt -- and sysexitq in the kernel */
    static const uint8_t user_sysenter[] = {0x48, 0x8d, 0x15, 0x05, 0x00, 0x00, 0x00,
                                            0x48, 0x89, 0xe1, 0x0f, 0x34, 0xf4};
    static const uint8_t sysexit[] = {0x48, 0x0f, 0x35};
    store(USER_CODE + 0x200, user_sysenter, sizeof(user_sysenter));
    store(HANDLER + 0x300, sysexit, sizeof(sysexit));
    enter_user_mode(USER_CODE + 0x200);
    CHECK_EQ(cpu->regs[R_EBX], USER_CODE + 0x20c); /* the HLT after SYSENTER/SYSEXIT */
    CHECK_EQ(load64(STACK_TOP - 32), 0x2b);
    CHECK_EQ(load64(STACK_TOP - 16), USER_RSP); /* RSP restored from RCX */

    /* lcall *fp(%rip) through a 64-bit call gate (0x40, DPL 3) to ring 0 at HANDLER+0x500 */
    static const uint8_t user_lcall[] = {0xff, 0x1d, 0x01, 0x00, 0x00, 0x00, 0xf4,
                                         0x00, 0x00, 0x00, 0x00, 0x43, 0x00};
    /* mov (%rsp),%rax; mov 8(%rsp),%rbx; mov 24(%rsp),%rcx; hlt */
    static const uint8_t gate_entry[] = {0x48, 0x8b, 0x04, 0x24, 0x48, 0x8b, 0x5c, 0x24,
                                         0x08, 0x48, 0x8b, 0x4c, 0x24, 0x18, 0xf4};
    uint64_t entry = HANDLER + 0x500;
    store(USER_CODE + 0x300, user_lcall, sizeof(user_lcall));
    store(entry, gate_entry, sizeof(gate_entry));
    store64(GDT_BASE + 0x40,
            (entry & 0xffff) | 0x08ull << 16 | 0xecull << 40 | ((entry >> 16) & 0xffff) << 48);
    store64(GDT_BASE + 0x48, entry >> 32);
    enter_user_mode(USER_CODE + 0x300);
    CHECK_EQ(cpu->regs[R_EAX], USER_CODE + 0x306); /* return address */
    CHECK_EQ(cpu->regs[R_EBX], 0x2b);              /* caller's CS */
    CHECK_EQ(cpu->regs[R_ECX], 0x23);              /* caller's SS */
    CHECK_EQ(x86_cpl(cpu), 0);
    CHECK_EQ(cpu->regs[R_ESP], STACK_TOP - 32);

    /* The same call, returning with lretq: back at CPL 3, whose HLT faults. */
    static const uint8_t lretq[] = {0x48, 0xcb};
    store(entry, lretq, sizeof(lretq));
    enter_user_mode(USER_CODE + 0x300);
    CHECK_EQ(cpu->regs[R_EBX], USER_CODE + 0x306);
    CHECK_EQ(load64(STACK_TOP - 32), 0x2b);
    CHECK_EQ(load64(STACK_TOP - 16), USER_RSP);
}

/* LAR, LSL, VERR, VERW on the GDT that enter_user_mode() left (limit 0x4f). */
static void test_descriptor_queries(void)
{
    static const uint8_t code[] = {
        0xb9, 0x28, 0x00, 0x00, 0x00, 0x0f, 0x02, 0xd9, 0x41, 0x0f, 0x94, 0xc0, 0xb9,
        0x20, 0x00, 0x00, 0x00, 0x0f, 0x03, 0xf1, 0x41, 0x0f, 0x94, 0xc1, 0xb9, 0x28,
        0x00, 0x00, 0x00, 0x0f, 0x00, 0xe1, 0x41, 0x0f, 0x94, 0xc2, 0x0f, 0x00, 0xe9,
        0x41, 0x0f, 0x94, 0xc3, 0xb9, 0x50, 0x00, 0x00, 0x00, 0xbf, 0x34, 0x12, 0x00,
        0x00, 0x0f, 0x02, 0xf9, 0x41, 0x0f, 0x94, 0xc4, 0xf4};
    store(CODE, code, sizeof(code));
    tb_flush_all();
    cpu->regs[R_ESP] = STACK_TOP;
    x86_load_seg_cache(cpu, R_CS, 0x08, 0, 0xffffffff, 0x00af9b00);
    run(CODE);
    CHECK_EQ(cpu->regs[R_EBX], 0x00a0fb00); /* lar 0x28: user code access rights */
    CHECK_EQ(cpu->regs[8] & 0xff, 1);
    CHECK_EQ(cpu->regs[R_ESI], 0xffffffff); /* lsl 0x20: 4 GiB data */
    CHECK_EQ(cpu->regs[9] & 0xff, 1);
    CHECK_EQ(cpu->regs[10] & 0xff, 1);  /* verr code: readable */
    CHECK_EQ(cpu->regs[11] & 0xff, 0);  /* verw code: never writable */
    CHECK_EQ(cpu->regs[12] & 0xff, 0);  /* lar beyond the GDT limit */
    CHECK_EQ(cpu->regs[R_EDI], 0x1234); /* ... leaves the destination alone */
}

/*
 * Real mode from reset-like state: a 16-bit program at 0000:7c00 that
 * uses 16-bit addressing ([bx+si]), far jumps into protected mode and back
 * is left to the guest tests; here: mov ax,0x1234; mov ds,ax;
 * mov word [bx+si+2], ax; shl ax,4 ; hlt.
 */
static void test_real_mode(void)
{
    static const uint8_t code[] = {0xb8, 0x00, 0x10, 0x8e, 0xd8, 0xbb, 0x10, 0x00, 0xbe,
                                   0x01, 0x00, 0x89, 0x40, 0x02, 0xc1, 0xe0, 0x04, 0xf4};
    cpu_reset(&cpu->parent);
    x86_load_seg_cache(cpu, R_CS, 0, 0, 0xffff, cpu->segs[R_CS].flags);
    store(0x7c00, code, sizeof(code));
    tb_flush_all();
    run(0x7c00);
    CHECK_EQ(cpu->regs[R_EAX] & 0xffff, 0x0000);
    CHECK_EQ(load64(0x10000 + 0x13) & 0xffff, 0x1000);
    CHECK_EQ(cpu->segs[R_DS].base, 0x10000);
}

/* The same linear code through two CS:IP pairs: the IP it pushes differs. */
static void test_real_mode_cs_aliases(void)
{
    static const uint8_t code[] = {0xe8, 0x00, 0x00, 0x58, 0xf4}; /* call 1f; 1: pop %ax; hlt */
    store(0x10000, code, sizeof(code));
    tb_flush_all();
    cpu_reset(&cpu->parent);
    cpu->regs[R_ESP] = 0x8000;
    x86_load_seg_cache(cpu, R_CS, 0x1000, 0x10000, 0xffff, cpu->segs[R_CS].flags);
    run(0);
    CHECK_EQ(cpu->regs[R_EAX] & 0xffff, 3);
    cpu->regs[R_ESP] = 0x8000;
    x86_load_seg_cache(cpu, R_CS, 0x0fff, 0xfff0, 0xffff, cpu->segs[R_CS].flags);
    run(0x10);
    CHECK_EQ(cpu->regs[R_EAX] & 0xffff, 0x13);
}

/* 32-bit protected mode as Multiboot leaves it: push/pop, call, flags. */
static void test_protected_mode_32(void)
{
    /* mov $0x80000,%esp; push $7; pop %eax; add %eax,%eax; pushf; pop %ebx; hlt */
    static const uint8_t code[] = {0xbc, 0x00, 0x00, 0x08, 0x00, 0x6a, 0x07,
                                   0x58, 0x01, 0xc0, 0x9c, 0x5b, 0xf4};
    cpu_reset(&cpu->parent);
    x86_cpu_set_multiboot_regs(&cpu->parent, CODE, 0x1234);
    CHECK_EQ(cpu->regs[R_EAX], 0x2badb002);
    CHECK_EQ(cpu->regs[R_EBX], 0x1234);
    store(CODE, code, sizeof(code));
    tb_flush_all();
    run(CODE);
    CHECK_EQ(cpu->regs[R_EAX], 14);
    CHECK_EQ(cpu->regs[R_EBX], 0x002); /* 14 has odd parity; IF clear */
    CHECK_EQ(cpu->regs[R_ESP], 0x80000);
}

/* BOUND in 32-bit protected mode: in range goes on, out of range is #BR at the BOUND. */
static void test_bound(void)
{
    /* mov $3,%ecx; bound %ecx,DATA; mov $10,%ecx; bound %ecx,DATA; hlt */
    static const uint8_t code[] = {0xb9, 0x03, 0x00, 0x00, 0x00, 0x62, 0x0d, 0x00,
                                   0x00, 0x02, 0x00, 0xb9, 0x0a, 0x00, 0x00, 0x00,
                                   0x62, 0x0d, 0x00, 0x00, 0x02, 0x00, 0xf4};
    static const uint8_t handler[] = {0x8b, 0x04, 0x24, 0xf4}; /* mov (%esp),%eax; hlt */
    uint64_t h = HANDLER + 0x400;
    uint32_t bounds[2] = {0, 5};

    cpu_reset(&cpu->parent);
    x86_cpu_set_multiboot_regs(&cpu->parent, CODE, 0);
    store(DATA, bounds, sizeof(bounds));
    store(h, handler, sizeof(handler));
    store64(IDT32_BASE + 8 * EXCP_BR,
            (h & 0xffff) | 0x08ull << 16 | 0x8eull << 40 | (h >> 16) << 48);
    store64(GDT_BASE + 8, 0x00cf9b000000ffffull); /* 0x08: 32-bit code for the gate */
    cpu->gdt.base = GDT_BASE;
    cpu->gdt.limit = 31;
    cpu->idt.base = IDT32_BASE;
    cpu->idt.limit = 32 * 8 - 1;
    store(CODE, code, sizeof(code));
    tb_flush_all();
    cpu->regs[R_ESP] = STACK_TOP;
    run(CODE);
    CHECK_EQ(cpu->regs[R_EAX], CODE + 16);
    store64(GDT_BASE + 8, 0x00af9b000000ffffull);
}

static void test_cpuid(void)
{
    uint32_t out[4];
    enter_long_mode();
    x86_cpuid(cpu, 0, 0, out);
    CHECK_EQ(out[1], 0x68747541); /* "Auth" */
    x86_cpuid(cpu, 1, 0, out);
    CHECK_EQ(out[3] & (3u << 25), 3u << 25); /* SSE SSE2 */
    CHECK(out[2] & (1u << 0));                /* SSE3 */
    CHECK(out[2] & (1u << 23));       /* POPCNT */
    x86_cpuid(cpu, 0x80000001u, 0, out);
    CHECK(out[3] & (1u << 29)); /* LM */
}

int main(void)
{
    setup();
    RUN_TEST(test_cpuid);
    RUN_TEST(test_real_mode);
    RUN_TEST(test_real_mode_cs_aliases);
    RUN_TEST(test_protected_mode_32);
    RUN_TEST(test_bound);
    RUN_TEST(test_long_mode_program);
    RUN_TEST(test_exceptions_long_mode);
    RUN_TEST(test_external_interrupt);
    RUN_TEST(test_user_mode);
    RUN_TEST(test_descriptor_queries);
    RUN_TEST(test_random_code_survives);
#if defined(__x86_64__)
    RUN_TEST(test_diff_host);
#endif
#if defined(__x86_64__) && defined(__linux__)
    RUN_TEST(test_diff_host32);
#endif
    return test_finish();
}
