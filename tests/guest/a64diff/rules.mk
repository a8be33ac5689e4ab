# The A64 differential test (see run): only the instruction-stream
# generator is built here, with the host compiler; the run script generates
# the streams and builds the two guest programs from them at test time, so
# that any SEED and COUNT can be run without a rebuild.

A64DIFF_DIR := tests/guest/a64diff
A64DIFF_HOSTCC := gcc
GUEST_BINS += $(BUILD)/$(A64DIFF_DIR)/gen

$(BUILD)/$(A64DIFF_DIR)/gen: $(A64DIFF_DIR)/gen.c $(wildcard $(A64DIFF_DIR)/*.def) \
    $(A64DIFF_DIR)/rules.mk
	mkdir -p $(dir $@)
	$(A64DIFF_HOSTCC) -O2 -Wall -Wextra -Werror -o $@ $<

# A longer campaign than `make check`'s (see run and docs/TESTING.md):
#   make check-fuzz SEED=7 COUNT=50000000 [CLASSES="fp_arith mixed"]
#       [GEMU_TIERS=0] [BLOCK_LEN=250]
# Tier 0 only unless GEMU_TIERS says otherwise (tier 1's compile time would
# dominate).  Fails if any class does; the log is $(BUILD)/check-fuzz.log.
.PHONY: check-fuzz
check-fuzz: $(BUILD)/gemu $(BUILD)/$(A64DIFF_DIR)/gen
	GEMU=$(BUILD)/gemu GUEST_DIR=$(BUILD) GEMU_TIERS="$(or $(GEMU_TIERS),0)" \
	    SEED=$(or $(SEED),1) COUNT=$(or $(COUNT),1000000) CLASSES="$(CLASSES)" \
	    BLOCK_LEN=$(or $(BLOCK_LEN),250) $(A64DIFF_DIR)/run | tee $(BUILD)/check-fuzz.log
	! grep -q '^FAIL' $(BUILD)/check-fuzz.log
