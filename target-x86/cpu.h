/*
 * The x86 CPU state (internal to target-x86/).
 *
 * Conventions the translator and the helpers share:
 *  - regs[] are the 16 general registers in encoding order (RAX RCX RDX
 *    RBX RSP RBP RSI RDI R8..R15); 32-bit writes zero-extend, 8/16-bit
 *    writes merge, as the architecture says.
 *  - eip is the instruction pointer (offset in CS); the TB's pc is the
 *    linear address segs[CS].base + eip.
 *  - The arithmetic flags (CF PF AF ZF SF OF) are lazy: cc_op says how to
 *    derive them from cc_dst/cc_src/cc_src2 (see X86CCOp); eflags holds
 *    every other EFLAGS bit.  x86_eflags_read() gives the architectural
 *    value.
 */
#ifndef TARGET_X86_CPU_H
#define TARGET_X86_CPU_H

#include <stdbool.h>
#include <stdint.h>

#include "exec/cpu.h"
#include "exec/memory.h"
#include "fpu/softfloat.h"

/* Architectural exception vectors (cpu->tcg.exception_index). */
enum {
    EXCP_DE = 0,
    EXCP_DB = 1,
    EXCP_NMI = 2,
    EXCP_BP = 3,
    EXCP_OF = 4,
    EXCP_BR = 5,
    EXCP_UD = 6,
    EXCP_NM = 7,
    EXCP_DF = 8,
    EXCP_TS = 10,
    EXCP_NP = 11,
    EXCP_SS = 12,
    EXCP_GP = 13,
    EXCP_PF = 14,
    EXCP_MF = 16,
    EXCP_AC = 17,
    EXCP_MC = 18,
    EXCP_XM = 19,
    /* Vectors 32..255 are interrupts: INT n and external interrupts. */
};

/* EFLAGS bits. */
#define CC_C      0x0001u
#define CC_P      0x0004u
#define CC_A      0x0010u
#define CC_Z      0x0040u
#define CC_S      0x0080u
#define CC_O      0x0800u
#define CC_ARITH  (CC_C | CC_P | CC_A | CC_Z | CC_S | CC_O)
#define EF_FIXED1 0x0002u
#define EF_TF     0x0100u
#define EF_IF     0x0200u
#define EF_DF     0x0400u
#define EF_IOPL   0x3000u
#define EF_NT     0x4000u
#define EF_RF     0x10000u
#define EF_VM     0x20000u
#define EF_AC     0x40000u
#define EF_ID     0x200000u

/* Control register and EFER bits. */
#define CR0_PE   (1u << 0)
#define CR0_MP   (1u << 1)
#define CR0_EM   (1u << 2)
#define CR0_TS   (1u << 3)
#define CR0_ET   (1u << 4)
#define CR0_NE   (1u << 5)
#define CR0_WP   (1u << 16)
#define CR0_AM   (1u << 18)
#define CR0_NW   (1u << 29)
#define CR0_CD   (1u << 30)
#define CR0_PG   (1u << 31)
#define CR4_PSE  (1u << 4)
#define CR4_PAE  (1u << 5)
#define CR4_TSD  (1u << 2)
#define CR4_PGE  (1u << 7)
#define CR4_OSFXSR     (1u << 9)  /* SSE instructions and FXSAVE of the XMM state allowed */
#define CR4_OSXMMEXCPT (1u << 10) /* unmasked SIMD FP exceptions raise #XM (else #UD) */
#define CR4_OSXSAVE    (1u << 18) /* XGETBV/XSETBV/XSAVE allowed */
#define EFER_SCE (1u << 0)
#define EFER_LME (1u << 8)
#define EFER_LMA (1u << 10)
#define EFER_NXE (1u << 11)

/* Segment registers, in encoding order. */
enum { R_ES, R_CS, R_SS, R_DS, R_FS, R_GS };
enum { R_EAX, R_ECX, R_EDX, R_EBX, R_ESP, R_EBP, R_ESI, R_EDI };

/* Descriptor flag bits as kept in SegmentCache.flags (the descriptor's high word). */
#define DESC_TYPE_SHIFT 8
#define DESC_S          (1u << 12) /* code/data (not system) */
#define DESC_DPL_SHIFT  13
#define DESC_P          (1u << 15)
#define DESC_L          (1u << 21) /* 64-bit code */
#define DESC_B          (1u << 22) /* D/B: 32-bit */
#define DESC_G          (1u << 23)
#define DESC_CODE       (1u << 11) /* type bit 3 */
#define DESC_CONF       (1u << 10) /* code: conforming; data: expand-down */
#define DESC_RW         (1u << 9)  /* code: readable; data: writable */
#define DESC_A          (1u << 8)

typedef struct SegmentCache {
    uint32_t selector;
    uint64_t base;
    uint32_t limit; /* byte granular, after G scaling */
    uint32_t flags; /* descriptor bits 32..63 as laid out there (type, S, DPL, P, L, D/B, G) */
} SegmentCache;

/*
 * How the lazy flags are derived.  cc_op = kind * 4 + size (MO_8..MO_64).
 * dst is the result; src and src2 as the kind says.
 */
typedef enum X86CCKind {
    CC_KIND_EFLAGS, /* src = the flags themselves */
    CC_KIND_ADD,    /* src = second operand */
    CC_KIND_ADC,    /* src = second operand, src2 = carry in */
    CC_KIND_SUB,    /* src = second operand */
    CC_KIND_SBB,    /* src = second operand, src2 = borrow in */
    CC_KIND_LOGIC,  /* CF = OF = AF = 0 */
    CC_KIND_INC,    /* src2 = CF before (kept) */
    CC_KIND_DEC,    /* src2 = CF before (kept) */
    CC_KIND_SHL,    /* src = operand shifted by count - 1 */
    CC_KIND_SAR,    /* src = operand shifted right by count - 1 (SHR and SAR) */
    CC_KIND_MUL,    /* CF = OF = (src != 0) */
    CC_KIND_COUNT
} X86CCKind;

#define CC_OP(kind, size) ((kind)*4 + (size))
#define CC_OP_EFLAGS      CC_OP(CC_KIND_EFLAGS, 0)

/* MMU indexes. */
enum {
    X86_MMU_IDX_KERNEL = 0, /* CPL 0-2 and implicit supervisor accesses */
    X86_MMU_IDX_USER = 1,   /* CPL 3 */
    X86_MMU_IDX_COUNT
};

/* TB flags: the state translation depends on (x86_get_tb_cpu_state). */
#define TBF_CPL_MASK 3u
#define TBF_PE       (1u << 2) /* protected mode */
#define TBF_CS32     (1u << 3) /* CS.D: 32-bit default operand/address size */
#define TBF_SS32     (1u << 4) /* SS.B: 32-bit stack */
#define TBF_LMA      (1u << 5) /* long mode active */
#define TBF_CS64     (1u << 6) /* 64-bit code segment */
#define TBF_VM       (1u << 7) /* virtual-8086 */
#define TBF_PG       (1u << 8)
#define TBF_TF       (1u << 9)  /* single-step trap after each instruction */
#define TBF_IOPL_OK  (1u << 10) /* CPL <= IOPL: CLI/STI/IN/OUT allowed */
#define TBF_INHIBIT  (1u << 11) /* after STI/MOV SS: no interrupt before the next insn */
#define TBF_EM       (1u << 12) /* CR0.EM: x87 and MMX trap (#NM / #UD), SSE is #UD */
#define TBF_TS       (1u << 13) /* CR0.TS: x87/MMX/SSE give #NM (lazy FPU switching) */
#define TBF_OSFXSR   (1u << 15) /* CR4.OSFXSR: SSE instructions allowed */
/*
 * Bits 16-31: bits 4-19 of the CS base outside 64-bit mode.  The TB's pc is
 * linear, but its code bakes in eip = pc - CS base: two CS bases reaching
 * the same linear pc (F000:FFF0 and FFFF:0000) must not share a TB.
 */
#define TBF_CS_BASE_SHIFT 16

/*
 * An XMM register, or the 64 bits of an MMX register in q[0]: lanes are
 * host-endian arrays (the hosts are little-endian, as x86), lane i of
 * 2^n bytes at byte offset i << n.
 */
typedef union X86Vec {
    uint8_t b[16];
    int8_t sb[16];
    uint16_t w[8];
    int16_t sw[8];
    uint32_t l[4];
    int32_t sl[4];
    uint64_t q[2];
    int64_t sq[2];
    float32 s[4];
    float64 d[2];
} X86Vec;

/*
 * An x87 physical register.  MMX register i is the significand of
 * fpregs[i] (not of ST(i)): writing it sets the exponent to all ones.
 */
typedef union X86FPReg {
    floatx80 d;
    uint64_t mmx;
} X86FPReg;

/* x87 status word bits (fpus keeps all but TOP, which is fpstt). */
#define FPUS_IE   0x0001u
#define FPUS_DE   0x0002u
#define FPUS_ZE   0x0004u
#define FPUS_OE   0x0008u
#define FPUS_UE   0x0010u
#define FPUS_PE   0x0020u
#define FPUS_SF   0x0040u
#define FPUS_ES   0x0080u
#define FPUS_C0   0x0100u
#define FPUS_C1   0x0200u
#define FPUS_C2   0x0400u
#define FPUS_C3   0x4000u
#define FPUS_B    0x8000u
#define FPUS_TOP_SHIFT 11

/* MXCSR bits. */
#define MXCSR_IE     0x0001u
#define MXCSR_DE     0x0002u
#define MXCSR_ZE     0x0004u
#define MXCSR_OE     0x0008u
#define MXCSR_UE     0x0010u
#define MXCSR_PE     0x0020u
#define MXCSR_DAZ    0x0040u
#define MXCSR_MASKS  0x1f80u /* IM DM ZM OM UM PM: the exception masks, bits 7-12 */
#define MXCSR_RC_SHIFT 13
#define MXCSR_FTZ    0x8000u
#define MXCSR_RESET  0x1f80u
#define MXCSR_MASK   0xffffu /* the writable bits (FXSAVE's MXCSR_MASK); others give #GP */

typedef struct X86CPU {
    CPUState parent;

    uint64_t regs[16];
    uint64_t eip;
    uint64_t cc_op, cc_dst, cc_src, cc_src2;
    uint64_t eflags; /* all but the arithmetic flags */

    SegmentCache segs[6];
    SegmentCache ldt, tr, gdt, idt; /* gdt/idt: base and limit only */
    uint64_t cr[5];
    uint64_t cr8;
    uint64_t efer;
    uint64_t star, lstar, cstar, sfmask, kernel_gs_base;
    uint64_t sysenter_cs, sysenter_esp, sysenter_eip;
    uint64_t apic_base, pat, tsc_offset, tsc_aux;
    uint64_t dr[8];
    int hflags_cpl; /* CPL (kept as CS.RPL in protected mode) */

    /*
     * x87: ST(i) is fpregs[(fpstt + i) & 7].  fptags[i] is 1 when physical
     * register i is empty (the abridged tag; FSTENV computes the full one
     * from the value).  fpop/fpip/fpdp...: the last non-control instruction.
     */
    X86FPReg fpregs[8];
    uint32_t fpstt;
    uint16_t fpus, fpuc;
    uint8_t fptags[8];
    uint16_t fpop, fpcs, fpds;
    uint64_t fpip, fpdp;

    /* SSE: the XMM registers, MXCSR, and XCR0 (XSETBV). */
    X86Vec xmm[16];
    uint32_t mxcsr;
    uint64_t xcr0;
    /*
     * Where the decoder puts a vector operand loaded from memory (and where
     * a vector operand to be stored to memory is computed): see
     * X86Operand.ofs in translate.h.
     */
    X86Vec vec_tmp;

    /* Exception being delivered: its error code and, for INT n, the return eip. */
    uint32_t error_code;
    bool exception_has_error;
    bool exception_is_soft; /* INT n / INT3 / INTO: return after the instruction */
    bool exception_is_trap; /* a trap (single step): return to exception_next_eip, no DPL check
                             */
    uint64_t exception_next_eip;
    int old_exception; /* vector being delivered when another fault came (#DF) */
    bool inhibit_irq;  /* the instruction before was STI or MOV SS */
    bool shutdown;     /* after a triple fault: only a reset wakes the CPU */

    /* Model. */
    uint32_t cpuid_level, cpuid_xlevel;
    uint32_t cpuid_vendor[3];
    uint32_t cpuid_version, cpuid_features_edx, cpuid_features_ecx;
    uint32_t cpuid_ext_edx, cpuid_ext_ecx, cpuid_7_ebx;
    char model_id[48];

    AddressSpace *io;              /* port I/O space (x86_cpu_set_io_space) */
    int (*intr_ack)(void *opaque); /* interrupt controller's INTA (x86_cpu_set_interrupt_ack) */
    void *intr_ack_opaque;
} X86CPU;

static inline X86CPU *x86_cpu(CPUState *cs) { return (X86CPU *)cs; }

/* EFLAGS as the architecture sees it, and writing it back (only bits in mask). */
uint32_t x86_eflags_read(const X86CPU *cpu);
void x86_eflags_write(X86CPU *cpu, uint32_t val, uint32_t mask);
/* The arithmetic flags from a lazy state (cc_helper.c). */
uint32_t x86_cc_compute(uint64_t cc_op, uint64_t dst, uint64_t src, uint64_t src2);

/* Record an exception for the CPU loop (with error code if has_error). */
void x86_raise(X86CPU *cpu, int vector, bool has_error, uint32_t error_code);
/* Record #PF with the fault address in CR2. */
void x86_raise_pf(X86CPU *cpu, uint64_t addr, uint32_t error_code);

/* Segments (seg_helper.c). */
void x86_load_seg_cache(X86CPU *cpu, int seg, uint32_t selector, uint64_t base, uint32_t limit,
                        uint32_t flags);
void x86_update_hflags(X86CPU *cpu);
static inline int x86_cpl(const X86CPU *cpu) { return cpu->hflags_cpl; }

/* CPUClass hooks implemented outside cpu.c. */
void x86_translate(CPUState *cs, TranslationBlock *tb, int max_insns);
void x86_translate_init(void);
bool x86_cpu_tlb_fill(CPUState *cs, uint64_t vaddr, int size, MMUAccessType access, int mmu_idx,
                      bool probe);
void x86_cpu_do_interrupt(CPUState *cs);
bool x86_cpu_exec_interrupt(CPUState *cs, uint32_t interrupt_request);
bool x86_cpu_has_work(CPUState *cs);

/* Control register writes with their side effects (mode changes, TLB flush). */
void x86_write_cr0(X86CPU *cpu, uint64_t val);
void x86_write_cr3(X86CPU *cpu, uint64_t val);
void x86_write_cr4(X86CPU *cpu, uint64_t val);
void x86_write_efer(X86CPU *cpu, uint64_t val);

/* CPUID leaf/subleaf into out[4] = EAX EBX ECX EDX. */
void x86_cpuid(const X86CPU *cpu, uint32_t leaf, uint32_t subleaf, uint32_t out[4]);

static inline int x86_mmu_index(const X86CPU *cpu)
{
    return cpu->hflags_cpl == 3 ? X86_MMU_IDX_USER : X86_MMU_IDX_KERNEL;
}

/* A 48-bit virtual address is canonical: bits 63:47 all equal. */
static inline bool x86_is_canonical(uint64_t v)
{
    return (uint64_t)((int64_t)(v << 16) >> 16) == v;
}

#endif
