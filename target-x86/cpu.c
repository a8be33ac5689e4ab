/*
 * The x86 CPU: its CPUClass, reset state (real mode at F000:FFF0), mode
 * bits for the translator, control register side effects, CPUID and the
 * "qemu64" and "max" models; the board interface of hw/i386/x86.h.
 */
#include <inttypes.h>
#include <string.h>

#include "exec/cputlb.h"
#include "hw/i386/x86.h"
#include "target-x86/cpu.h"

/* ================================================================ modes */

static bool code64(const X86CPU *cpu)
{
    return (cpu->efer & EFER_LMA) && (cpu->segs[R_CS].flags & DESC_L);
}

static void x86_get_tb_cpu_state(CPUState *cs, uint64_t *pc, uint32_t *flags)
{
    X86CPU *cpu = x86_cpu(cs);
    uint32_t f = (uint32_t)x86_cpl(cpu);
    int iopl = (int)((cpu->eflags & EF_IOPL) >> 12);

    f |= (cpu->cr[0] & CR0_PE) ? TBF_PE : 0;
    f |= (cpu->cr[0] & CR0_PG) ? TBF_PG : 0;
    f |= (cpu->efer & EFER_LMA) ? TBF_LMA : 0;
    f |= (cpu->eflags & EF_VM) ? TBF_VM : 0;
    f |= (cpu->eflags & EF_TF) ? TBF_TF : 0;
    f |= cpu->inhibit_irq ? TBF_INHIBIT : 0;
    f |= (cpu->cr[0] & CR0_EM) ? TBF_EM : 0;
    f |= (cpu->cr[0] & CR0_TS) ? TBF_TS : 0;
    f |= (cpu->cr[4] & CR4_OSFXSR) ? TBF_OSFXSR : 0;
    if (code64(cpu)) {
        f |= TBF_CS64 | TBF_CS32 | TBF_SS32;
    } else {
        f |= (cpu->segs[R_CS].flags & DESC_B) ? TBF_CS32 : 0;
        f |= (cpu->segs[R_SS].flags & DESC_B) ? TBF_SS32 : 0;
        f |= (uint32_t)((cpu->segs[R_CS].base >> 4) & 0xffff) << TBF_CS_BASE_SHIFT;
    }
    if (x86_cpl(cpu) <= iopl && !(cpu->eflags & EF_VM)) {
        f |= TBF_IOPL_OK;
    } else if ((cpu->eflags & EF_VM) && iopl == 3) {
        f |= TBF_IOPL_OK;
    }
    *flags = f;
    *pc = ((f & TBF_CS64) ? 0 : cpu->segs[R_CS].base) + cpu->eip;
}

static int x86_cpu_mmu_index(CPUState *cs, bool ifetch) { return x86_mmu_index(x86_cpu(cs)); }

static uint64_t x86_cpu_get_pc(CPUState *cs)
{
    X86CPU *cpu = x86_cpu(cs);
    return (code64(cpu) ? 0 : cpu->segs[R_CS].base) + cpu->eip;
}

static void x86_cpu_set_pc(CPUState *cs, uint64_t pc)
{
    X86CPU *cpu = x86_cpu(cs);
    cpu->eip = pc - (code64(cpu) ? 0 : cpu->segs[R_CS].base);
}

/* insn_start words: linear pc, eip. */
static void x86_cpu_restore_state(CPUState *cs, const uint64_t *insn_data)
{
    x86_cpu(cs)->eip = insn_data[1];
}

/* ================================================================ control registers */

/* Long mode becomes active when paging is enabled with EFER.LME set. */
static void update_lma(X86CPU *cpu)
{
    if ((cpu->cr[0] & CR0_PG) && (cpu->efer & EFER_LME)) {
        cpu->efer |= EFER_LMA;
    } else {
        cpu->efer &= ~(uint64_t)EFER_LMA;
    }
}

void x86_write_cr0(X86CPU *cpu, uint64_t val)
{
    uint64_t changed = cpu->cr[0] ^ val;
    cpu->cr[0] = val | CR0_ET;
    if (changed & (CR0_PG | CR0_WP | CR0_PE)) {
        tlb_flush(&cpu->parent);
    }
    update_lma(cpu);
    x86_update_hflags(cpu);
}

void x86_write_cr3(X86CPU *cpu, uint64_t val)
{
    cpu->cr[3] = val;
    tlb_flush(&cpu->parent);
}

void x86_write_cr4(X86CPU *cpu, uint64_t val)
{
    uint64_t changed = cpu->cr[4] ^ val;
    cpu->cr[4] = val;
    if (changed & (CR4_PAE | CR4_PSE | CR4_PGE)) {
        tlb_flush(&cpu->parent);
    }
}

void x86_write_efer(X86CPU *cpu, uint64_t val)
{
    /* LMA is read-only: it follows CR0.PG and LME. */
    cpu->efer = (val & ~(uint64_t)EFER_LMA) | (cpu->efer & EFER_LMA);
    update_lma(cpu);
    tlb_flush(&cpu->parent);
}

/* ================================================================ CPUID */

/* Feature bits gemu implements (and nothing else). */
#define CPUID_1_EDX                                                                            \
    ((1u << 3) | (1u << 4) | (1u << 5) | (1u << 6) | (1u << 8) | (1u << 13) | (1u << 15) |     \
     (1u << 11) | (1u << 16) | (1u << 23) | (1u << 25) |                                      \
     (1u << 26)) /* PSE TSC MSR PAE CX8 SEP PGE CMOV PAT MMX SSE SSE2 */
#define CPUID_1_EDX_X87 ((1u << 0) | (1u << 24)) /* FPU FXSR */
#define CPUID_1_ECX                                                                            \
    ((1u << 0) | (1u << 9) | (1u << 13) | (1u << 19) | (1u << 20) | (1u << 23) |               \
     (1u << 31)) /* SSE3 SSSE3 CX16 SSE4.1 SSE4.2 POPCNT hypervisor */
#define CPUID_1_ECX_XSAVE   (1u << 26)
#define CPUID_1_ECX_OSXSAVE (1u << 27) /* mirrors CR4.OSXSAVE */
#define CPUID_80000001_EDX                                                                     \
    ((1u << 11) | (1u << 20) | (1u << 27) | (1u << 29)) /* SYSCALL NX RDTSCP LM */
#define CPUID_80000001_ECX ((1u << 0) | (1u << 5))      /* LAHF_LM ABM (LZCNT) */

void x86_cpuid(const X86CPU *cpu, uint32_t leaf, uint32_t subleaf, uint32_t out[4])
{
    memset(out, 0, 4 * sizeof(uint32_t));
    if (leaf >= 0x80000000u) {
        if (leaf > cpu->cpuid_xlevel) {
            return;
        }
    } else if (leaf > cpu->cpuid_level) {
        leaf = cpu->cpuid_level; /* as Intel: the highest basic leaf */
    }
    switch (leaf) {
    case 0:
        out[0] = cpu->cpuid_level;
        out[1] = cpu->cpuid_vendor[0];
        out[2] = cpu->cpuid_vendor[2];
        out[3] = cpu->cpuid_vendor[1];
        break;
    case 1:
        out[0] = cpu->cpuid_version;
        out[1] = (uint32_t)cpu->parent.cpu_index << 24 | 1u << 16;
        out[2] = cpu->cpuid_features_ecx;
        out[3] = cpu->cpuid_features_edx;
        if ((cpu->cpuid_features_ecx & CPUID_1_ECX_XSAVE) && (cpu->cr[4] & CR4_OSXSAVE)) {
            out[2] |= CPUID_1_ECX_OSXSAVE;
        }
        break;
    case 7:
        out[1] = subleaf == 0 ? cpu->cpuid_7_ebx : 0;
        break;
    case 0xd: /* XSAVE: x87 and SSE state, the legacy area and the header */
        if (subleaf == 0) {
            out[0] = 3;
            out[1] = 512 + 64;
            out[2] = 512 + 64;
        } else if (subleaf == 1) {
            out[0] = 1; /* XSAVEOPT */
        }
        break;
    case 0x80000000u:
        out[0] = cpu->cpuid_xlevel;
        out[1] = cpu->cpuid_vendor[0];
        out[2] = cpu->cpuid_vendor[2];
        out[3] = cpu->cpuid_vendor[1];
        break;
    case 0x80000001u:
        out[0] = cpu->cpuid_version;
        out[2] = cpu->cpuid_ext_ecx;
        out[3] = cpu->cpuid_ext_edx;
        break;
    case 0x80000002u:
    case 0x80000003u:
    case 0x80000004u:
        memcpy(out, cpu->model_id + 16 * (leaf - 0x80000002u), 16);
        break;
    case 0x80000008u:
        out[0] = 40 | 48 << 8; /* physical and linear address bits */
        break;
    default:
        break;
    }
}

static void set_vendor(X86CPU *cpu, const char *vendor)
{
    memcpy(cpu->cpuid_vendor, vendor, 12);
}

static void common_model(X86CPU *cpu, const char *vendor, uint32_t version, const char *name)
{
    set_vendor(cpu, vendor);
    cpu->cpuid_level = 0xd;
    cpu->cpuid_xlevel = 0x80000008u;
    cpu->cpuid_version = version;
    cpu->cpuid_features_edx = CPUID_1_EDX | CPUID_1_EDX_X87;
    cpu->cpuid_features_ecx = CPUID_1_ECX | CPUID_1_ECX_XSAVE;
    cpu->cpuid_ext_edx = CPUID_80000001_EDX;
    cpu->cpuid_ext_ecx = CPUID_80000001_ECX;
    cpu->cpuid_7_ebx = 0;
    memset(cpu->model_id, 0, sizeof(cpu->model_id));
    strncpy(cpu->model_id, name, sizeof(cpu->model_id) - 1);
}

/* QEMU's default: AMD family 15 model 107 stepping 1, "QEMU Virtual CPU version 2.5+". */
static void qemu64_init(CPUState *cs)
{
    common_model(x86_cpu(cs), "AuthenticAMD", 0x00060fb1, "QEMU Virtual CPU version 2.5+");
}

static void max_init(CPUState *cs)
{
    common_model(x86_cpu(cs), "GenuineIntel", 0x000806c1, "gemu max CPU");
}

/* ================================================================ reset */

#define DATA_SEG_FLAGS (DESC_P | DESC_S | DESC_RW | DESC_A)
#define CODE_SEG_FLAGS (DESC_P | DESC_S | DESC_CODE | DESC_RW | DESC_A)

static void x86_cpu_init(CPUState *cs) { x86_translate_init(); }

/* The x87 and SSE state at power-on (the FPU as after FNINIT, MXCSR as INIT sets it). */
static void x86_fpu_reset(X86CPU *cpu)
{
    memset(cpu->fpregs, 0, sizeof(cpu->fpregs));
    cpu->fpstt = 0;
    cpu->fpus = 0;
    cpu->fpuc = 0x37f;
    memset(cpu->fptags, 1, sizeof(cpu->fptags));
    cpu->fpop = cpu->fpcs = cpu->fpds = 0;
    cpu->fpip = cpu->fpdp = 0;
    memset(cpu->xmm, 0, sizeof(cpu->xmm));
    cpu->mxcsr = MXCSR_RESET;
    cpu->xcr0 = 1;
}

static void x86_cpu_reset(CPUState *cs)
{
    X86CPU *cpu = x86_cpu(cs);

    memset(cpu->regs, 0, sizeof(cpu->regs));
    cpu->regs[R_EDX] = cpu->cpuid_version; /* the processor signature, as at power-on */
    cpu->eip = 0xfff0;
    cpu->cc_op = CC_OP_EFLAGS;
    cpu->cc_src = cpu->cc_dst = cpu->cc_src2 = 0;
    cpu->eflags = EF_FIXED1;
    memset(cpu->cr, 0, sizeof(cpu->cr));
    cpu->cr[0] = CR0_ET | CR0_NW | CR0_CD;
    cpu->cr8 = 0;
    cpu->efer = 0;
    cpu->star = cpu->lstar = cpu->cstar = cpu->sfmask = cpu->kernel_gs_base = 0;
    cpu->sysenter_cs = cpu->sysenter_esp = cpu->sysenter_eip = 0;
    cpu->apic_base = 0xfee00000ull | (1u << 11) | (cs->cpu_index == 0 ? 1u << 8 : 0);
    cpu->pat = 0x0007040600070406ull;
    cpu->tsc_aux = 0;
    memset(cpu->dr, 0, sizeof(cpu->dr));
    cpu->dr[6] = 0xffff0ff0;
    cpu->dr[7] = 0x400;
    cpu->hflags_cpl = 0;
    x86_fpu_reset(cpu);
    for (int seg = R_ES; seg <= R_GS; seg++) {
        x86_load_seg_cache(cpu, seg, 0, 0, 0xffff, DATA_SEG_FLAGS);
    }
    x86_load_seg_cache(cpu, R_CS, 0xf000, 0xffff0000ull, 0xffff, CODE_SEG_FLAGS);
    cpu->gdt = (SegmentCache){.limit = 0xffff};
    cpu->idt = (SegmentCache){.limit = 0xffff};
    cpu->ldt = (SegmentCache){.limit = 0xffff, .flags = DESC_P | (2u << DESC_TYPE_SHIFT)};
    cpu->tr = (SegmentCache){.limit = 0xffff, .flags = DESC_P | (11u << DESC_TYPE_SHIFT)};
    cpu->inhibit_irq = false;
    cpu->shutdown = false;
    cpu->exception_is_soft = false;
    cs->tcg.exception_index = -1;
    cs->halted = false;
}

/* ================================================================ observability */

static void x86_cpu_dump_state(CPUState *cs, FILE *f)
{
    static const char *const names[16] = {"RAX", "RCX", "RDX", "RBX", "RSP", "RBP",
                                          "RSI", "RDI", "R8",  "R9",  "R10", "R11",
                                          "R12", "R13", "R14", "R15"};
    static const char *const seg_names[6] = {"ES", "CS", "SS", "DS", "FS", "GS"};
    X86CPU *cpu = x86_cpu(cs);
    uint32_t fl = x86_eflags_read(cpu);

    for (int i = 0; i < 16; i++) {
        fprintf(f, "%-3s=%016" PRIx64 "%s", names[i], cpu->regs[i], (i % 4 == 3) ? "\n" : " ");
    }
    fprintf(f, "RIP=%016" PRIx64 " RFL=%08x [%c%c%c%c%c%c%c] CPL=%d\n", cpu->eip, fl,
            fl & EF_DF ? 'D' : '-', fl & CC_O ? 'O' : '-', fl & CC_S ? 'S' : '-',
            fl & CC_Z ? 'Z' : '-', fl & CC_A ? 'A' : '-', fl & CC_P ? 'P' : '-',
            fl & CC_C ? 'C' : '-', x86_cpl(cpu));
    for (int i = 0; i < 6; i++) {
        const SegmentCache *sc = &cpu->segs[i];
        fprintf(f, "%s =%04x %016" PRIx64 " %08x %08x\n", seg_names[i], sc->selector, sc->base,
                sc->limit, sc->flags);
    }
    fprintf(f, "GDT=%016" PRIx64 " %08x IDT=%016" PRIx64 " %08x\n", cpu->gdt.base,
            cpu->gdt.limit, cpu->idt.base, cpu->idt.limit);
    fprintf(f,
            "CR0=%08" PRIx64 " CR2=%016" PRIx64 " CR3=%016" PRIx64 " CR4=%08" PRIx64
            " EFER=%08" PRIx64 "\n",
            cpu->cr[0], cpu->cr[2], cpu->cr[3], cpu->cr[4], cpu->efer);
}

/* gdb's amd64 core registers: rax..r15, rip, eflags (then segments, not offered). */
enum { GDB_REG_RIP = 16, GDB_REG_EFLAGS = 17, GDB_NUM_REGS = 18 };

static int x86_gdb_read_reg(CPUState *cs, uint8_t *buf, int reg)
{
    X86CPU *cpu = x86_cpu(cs);
    uint64_t v;
    int size = reg == GDB_REG_EFLAGS ? 4 : 8;
    if (reg < 0 || reg >= GDB_NUM_REGS) {
        return 0;
    }
    v = reg < 16 ? cpu->regs[reg] : reg == GDB_REG_RIP ? cpu->eip : x86_eflags_read(cpu);
    for (int i = 0; i < size; i++) {
        buf[i] = (uint8_t)(v >> (8 * i));
    }
    return size;
}

static int x86_gdb_write_reg(CPUState *cs, const uint8_t *buf, int reg)
{
    X86CPU *cpu = x86_cpu(cs);
    uint64_t v = 0;
    int size = reg == GDB_REG_EFLAGS ? 4 : 8;
    if (reg < 0 || reg >= GDB_NUM_REGS) {
        return 0;
    }
    for (int i = 0; i < size; i++) {
        v |= (uint64_t)buf[i] << (8 * i);
    }
    if (reg < 16) {
        cpu->regs[reg] = v;
    } else if (reg == GDB_REG_RIP) {
        cpu->eip = v;
    } else {
        x86_eflags_write(cpu, (uint32_t)v, CC_ARITH | EF_DF | EF_TF);
    }
    return size;
}

/* -d in_asm decodes by the code segment's size: real mode is 16-bit code. */
static const char *x86_disas_arch(uint32_t tb_flags)
{
    if (tb_flags & TBF_CS64) {
        return "x86_64";
    }
    return (tb_flags & TBF_CS32) ? "i386" : "i8086";
}

static const CPUClass x86_cpu_class = {
    .arch = "x86_64",
    .disas_arch = x86_disas_arch,
    .instance_size = sizeof(X86CPU),
    .init = x86_cpu_init,
    .reset = x86_cpu_reset,
    .get_tb_cpu_state = x86_get_tb_cpu_state,
    .mmu_index = x86_cpu_mmu_index,
    .get_pc = x86_cpu_get_pc,
    .set_pc = x86_cpu_set_pc,
    .translate = x86_translate,
    .restore_state = x86_cpu_restore_state,
    .tlb_fill = x86_cpu_tlb_fill,
    .do_interrupt = x86_cpu_do_interrupt,
    .exec_interrupt = x86_cpu_exec_interrupt,
    .has_work = x86_cpu_has_work,
    .dump_state = x86_cpu_dump_state,
    .gdb_num_regs = GDB_NUM_REGS,
    .gdb_read_reg = x86_gdb_read_reg,
    .gdb_write_reg = x86_gdb_write_reg,
};

/* ================================================================ board interface */

void x86_cpu_set_io_space(CPUState *cs, AddressSpace *io) { x86_cpu(cs)->io = io; }

void x86_cpu_set_interrupt_ack(CPUState *cs, int (*ack)(void *opaque), void *opaque)
{
    X86CPU *cpu = x86_cpu(cs);
    cpu->intr_ack = ack;
    cpu->intr_ack_opaque = opaque;
}

void x86_cpu_set_multiboot_regs(CPUState *cs, uint32_t entry, uint32_t mbi)
{
    X86CPU *cpu = x86_cpu(cs);
    uint32_t code = CODE_SEG_FLAGS | DESC_B | DESC_G | (11u << DESC_TYPE_SHIFT);
    uint32_t data = DATA_SEG_FLAGS | DESC_B | DESC_G | (3u << DESC_TYPE_SHIFT);

    memset(cpu->regs, 0, sizeof(cpu->regs));
    cpu->regs[R_EAX] = 0x2badb002u;
    cpu->regs[R_EBX] = mbi;
    x86_write_cr0(cpu, (cpu->cr[0] | CR0_PE) & ~(uint64_t)CR0_PG);
    x86_load_seg_cache(cpu, R_CS, 0x08, 0, 0xffffffff, code);
    for (int seg = R_ES; seg <= R_GS; seg++) {
        if (seg != R_CS) {
            x86_load_seg_cache(cpu, seg, 0x10, 0, 0xffffffff, data);
        }
    }
    cpu->cc_op = CC_OP_EFLAGS;
    cpu->cc_src = 0;
    cpu->eflags = EF_FIXED1;
    cpu->eip = entry;
}

/* ================================================================ models */

cpu_model_init(x86_cpu_register_models)
{
    static const CPUModel models[] = {
        {.name = "qemu64", .cc = &x86_cpu_class, .model_init = qemu64_init},
        {.name = "max", .cc = &x86_cpu_class, .model_init = max_init},
    };
    for (size_t i = 0; i < sizeof(models) / sizeof(models[0]); i++) {
        cpu_model_register(&models[i]);
    }
}
