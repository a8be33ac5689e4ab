# The x86 differential test (see run): only the instruction-stream
# generator is built here, with the host compiler; the run script generates
# the streams and builds the host and guest programs from them at test
# time, so that any SEED and COUNT can be run without a rebuild.

X86DIFF_DIR := tests/guest/x86diff
X86DIFF_HOSTCC := gcc
GUEST_BINS += $(BUILD)/$(X86DIFF_DIR)/gen

$(BUILD)/$(X86DIFF_DIR)/gen: $(X86DIFF_DIR)/gen.c $(wildcard $(X86DIFF_DIR)/*.def) tests/guest/common/difftest.h $(X86DIFF_DIR)/rules.mk
	mkdir -p $(dir $@)
	$(X86DIFF_HOSTCC) -O2 -Wall -Wextra -Werror -Itests/guest/common -o $@ $<
