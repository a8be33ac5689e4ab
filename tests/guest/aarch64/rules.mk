# AArch64 bare-metal guest programs, included by the top Makefile.
# Each program is one source file (NAME.c or NAME.S) here, linked with the
# runtime in lib/ into $(BUILD)/tests/guest/aarch64/NAME.elf.  The programs
# are built with the Debian cross compiler and do not depend on configure.

A64_DIR := tests/guest/aarch64
A64_CC := aarch64-linux-gnu-gcc
# -mgeneral-regs-only: the tests exercise the integer core and must not
# need FP/SIMD enabled in CPACR_EL1.  -mstrict-align: with the MMU off all
# data accesses are Device memory, where unaligned accesses fault.
A64_CFLAGS := -O2 -g -ffreestanding -nostdlib -static -mgeneral-regs-only -mstrict-align \
    -Wl,--build-id=none -Wl,--no-warn-rwx-segments \
    -Wall -Wextra -Werror -I$(A64_DIR)/lib -Itests/guest/common
A64_LDSCRIPT := $(A64_DIR)/lib/virt.ld
A64_LIB := $(wildcard $(A64_DIR)/lib/*.c $(A64_DIR)/lib/*.S tests/guest/common/*.c)
A64_DEPS := $(A64_LIB) $(wildcard $(A64_DIR)/lib/*.h tests/guest/common/*.h) $(A64_LDSCRIPT) \
    $(A64_DIR)/rules.mk

# $(call a64_link,OUTPUT,MAIN-SOURCE): one compiler run per program; the
# runtime is a few hundred lines, so there is no library to keep up to date.
a64_link = mkdir -p $(dir $(1)) && \
    $(A64_CC) $(A64_CFLAGS) -T $(A64_LDSCRIPT) -o $(1) $(2) $(A64_LIB) -lgcc

A64_PROGS := $(basename $(notdir $(wildcard $(A64_DIR)/*.c $(A64_DIR)/*.S)))
GUEST_BINS += $(A64_PROGS:%=$(BUILD)/$(A64_DIR)/%.elf)

$(BUILD)/$(A64_DIR)/%.elf: $(A64_DIR)/%.c $(A64_DEPS)
	$(call a64_link,$@,$<)

$(BUILD)/$(A64_DIR)/%.elf: $(A64_DIR)/%.S $(A64_DEPS)
	$(call a64_link,$@,$<)
