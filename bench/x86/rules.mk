# The x86 benchmark (bench/x86-cpu), included by bench/rules.mk after
# tests/guest/x86/rules.mk, whose runtime and compiler settings it shares:
# NAME.elf, the bare-metal Multiboot program, and NAME-host, the same
# source as a Linux program with the same code generation options.

BENCH_X86_DIR := bench/x86
BENCH_X86_PROGS := $(basename $(notdir $(wildcard $(BENCH_X86_DIR)/*.c)))
GUEST_BINS += $(BENCH_X86_PROGS:%=$(BUILD)/$(BENCH_X86_DIR)/%.elf) \
    $(BENCH_X86_PROGS:%=$(BUILD)/$(BENCH_X86_DIR)/%-host)

$(BUILD)/$(BENCH_X86_DIR)/%.elf: $(BENCH_X86_DIR)/%.c $(X86_DEPS) $(BENCH_X86_DIR)/rules.mk bench/common/kernels.h
	@mkdir -p $(@D)
	$(X86_CC) $(X86_CFLAGS) $(X86_CFLAGS_64) -DBARE_METAL -T $(X86_LDSCRIPT) -o $@.64 $< \
	    $(X86_LIB)
	$(X86_OBJCOPY) -O elf32-i386 $@.64 $@
	@rm -f $@.64

$(BUILD)/$(BENCH_X86_DIR)/%-host: $(BENCH_X86_DIR)/%.c $(BENCH_X86_DIR)/rules.mk bench/common/kernels.h
	@mkdir -p $(@D)
	$(X86_CC) -O2 -mgeneral-regs-only -Wall -Wextra -Werror -o $@ $<
