# The A64 differential test (see run): only the instruction-stream
# generator is built here, with the host compiler; the run script generates
# the streams and builds the two guest programs from them at test time, so
# that any SEED and COUNT can be run without a rebuild.

A64DIFF_DIR := tests/guest/a64diff
A64DIFF_HOSTCC := gcc
GUEST_BINS += $(BUILD)/$(A64DIFF_DIR)/gen

$(BUILD)/$(A64DIFF_DIR)/gen: $(A64DIFF_DIR)/gen.c $(A64DIFF_DIR)/rules.mk
	mkdir -p $(dir $@)
	$(A64DIFF_HOSTCC) -O2 -Wall -Wextra -Werror -o $@ $<
