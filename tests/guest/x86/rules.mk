# x86 bare-metal guest programs, included by the top Makefile.  Each program
# is one source file NAME.c here, linked with the runtime in lib/; it is
# built for 64-bit long mode as NAME.elf (crt0.S enters long mode) and/or
# for 32-bit protected mode as NAME-32.elf, as the lists below say.  The
# host gcc builds both (-m64 / -m32, no libc or libgcc needed); the 64-bit
# link is converted to ELF32 because Multiboot loaders (QEMU's too) only
# take 32-bit ELF images.  The programs do not depend on configure.

X86_DIR := tests/guest/x86
X86_CC := gcc
X86_OBJCOPY := objcopy
# -mgeneral-regs-only: no SSE/x87 state needs enabling; -mno-red-zone: the
# exception handlers run on the interrupted code's stack.
X86_CFLAGS := -O2 -g -ffreestanding -nostdlib -static -fno-pic -no-pie \
    -mgeneral-regs-only -fno-stack-protector -fno-asynchronous-unwind-tables \
    -fcf-protection=none -Wl,--build-id=none -Wl,--no-warn-rwx-segments \
    -Wall -Wextra -Werror -I$(X86_DIR)/lib -Itests/guest/common
X86_CFLAGS_64 := -m64 -mno-red-zone
X86_CFLAGS_32 := -m32 -march=i686
X86_LDSCRIPT := $(X86_DIR)/lib/x86.ld
X86_LIB := $(wildcard $(X86_DIR)/lib/*.c $(X86_DIR)/lib/*.S tests/guest/common/*.c)
X86_DEPS := $(X86_LIB) $(wildcard $(X86_DIR)/lib/*.h tests/guest/common/*.h) $(X86_LDSCRIPT) \
    $(X86_DIR)/rules.mk

X86_PROGS_64 := hello alu exceptions paging sse_access x87 sse_fp sse_xm sse_int sse42 \
    sse_int_faults
X86_PROGS_32 := hello alu multiboot exceptions paging modes sse_access vm86 x87 sse_fp sse_xm \
    sse_int sse42 sse_int_faults

# Firmware images (NAME.S, 16-bit code) are run with -bios as NAME.bin.
X86_BIOSES := bios

GUEST_BINS += $(X86_PROGS_64:%=$(BUILD)/$(X86_DIR)/%.elf) \
    $(X86_PROGS_32:%=$(BUILD)/$(X86_DIR)/%-32.elf) \
    $(X86_BIOSES:%=$(BUILD)/$(X86_DIR)/%.bin)

$(BUILD)/$(X86_DIR)/%.elf: $(X86_DIR)/%.c $(X86_DEPS)
	@mkdir -p $(@D)
	$(X86_CC) $(X86_CFLAGS) $(X86_CFLAGS_64) -T $(X86_LDSCRIPT) -o $@.64 $< $(X86_LIB)
	$(X86_OBJCOPY) -O elf32-i386 $@.64 $@
	@rm -f $@.64

$(BUILD)/$(X86_DIR)/%-32.elf: $(X86_DIR)/%.c $(X86_DEPS)
	@mkdir -p $(@D)
	$(X86_CC) $(X86_CFLAGS) $(X86_CFLAGS_32) -T $(X86_LDSCRIPT) -o $@ $< $(X86_LIB)

# x87's reference values, generated on the host (see x87.c).
$(BUILD)/$(X86_DIR)/x87.elf $(BUILD)/$(X86_DIR)/x87-32.elf: $(X86_DIR)/x87-expected.h

$(BUILD)/$(X86_DIR)/%.bin: $(X86_DIR)/%.S $(X86_DIR)/rules.mk
	@mkdir -p $(@D)
	$(X86_CC) -m32 -c -o $@.o $<
	$(X86_OBJCOPY) -O binary -j .text $@.o $@
	@rm -f $@.o

# Reference values from the host CPU (see the programs' comments).
$(BUILD)/$(X86_DIR)/sse_int.elf $(BUILD)/$(X86_DIR)/sse_int-32.elf: $(X86_DIR)/sse_int_ref.h
$(BUILD)/$(X86_DIR)/sse42.elf $(BUILD)/$(X86_DIR)/sse42-32.elf: $(X86_DIR)/sse42_ref.h
