/*
 * What PC boards need from the x86 CPU; implemented by target-x86.
 *
 * The CPU models ("qemu64", "max") are registered with cpu_model_register()
 * under arch "x86_64"; a board creates them with cpu_create() like any CPU.
 * After reset the CPU is in real mode at F000:FFF0 (CS base 0xffff0000), as
 * the architecture defines.
 */
#ifndef HW_I386_X86_H
#define HW_I386_X86_H

#include <stdint.h>

#include "exec/cpu.h"
#include "exec/memory.h"

/*
 * The I/O port space (64 KiB) IN/OUT/INS/OUTS access: accesses go to the
 * regions mapped in io at the port number.  An access to a port nothing
 * claims reads all ones and ignores writes (as on a PC), with a
 * LOG_GUEST_ERROR only under -d unimp.
 */
void x86_cpu_set_io_space(CPUState *cpu, AddressSpace *io);

/*
 * Enter a Multiboot (v1) kernel as a Multiboot loader leaves the machine:
 * 32-bit protected mode, paging off, flat 4 GiB code (CS, execute/read) and
 * data (DS ES FS GS SS, read/write) segments, EFLAGS with IF = 0 and bit 1
 * set, EAX = 0x2BADB002, EBX = mbi (physical address of the Multiboot
 * information structure), EIP = entry.  Other registers zero.
 */
void x86_cpu_set_multiboot_regs(CPUState *cpu, uint32_t entry, uint32_t mbi);

/*
 * The interrupt controller's side of external interrupts.  The controller
 * raises CPU_IRQ_LINE with cpu_set_irq(); when the CPU can take an
 * interrupt (EFLAGS.IF = 1, not in the shadow of STI or MOV SS) it calls
 * ack(opaque), the INTA cycle, which returns the vector (0-255) to deliver,
 * or -1 for none (spurious).  Without an ack function the line only wakes
 * HLT.
 */
void x86_cpu_set_interrupt_ack(CPUState *cpu, int (*ack)(void *opaque), void *opaque);

#endif
