# The A64 differential test (see run): only the instruction-stream
# generator is built here, with the host compiler; the run script generates
# the streams and builds the two guest programs from them at test time, so
# that any SEED and COUNT can be run without a rebuild.

A64DIFF_DIR := tests/guest/a64diff
A64DIFF_HOSTCC := gcc
GUEST_BINS += $(BUILD)/$(A64DIFF_DIR)/gen

$(BUILD)/$(A64DIFF_DIR)/gen: $(A64DIFF_DIR)/gen.c $(wildcard $(A64DIFF_DIR)/*.def) tests/guest/common/difftest.h \
    $(A64DIFF_DIR)/rules.mk
	mkdir -p $(dir $@)
	$(A64DIFF_HOSTCC) -O2 -Wall -Wextra -Werror -Itests/guest/common -o $@ $<

# A longer campaign than `make check`'s (see run and docs/TESTING.md):
#   make check-fuzz SEED=7 COUNT=50000000 [CLASSES="fp_arith mixed"]
#       [GEMU_TIERS=0] [BLOCK_LEN=250] [FUZZ_JOBS=2]
# Tier 0 only unless GEMU_TIERS says otherwise (tier 1's compile time would
# dominate).  FUZZ_JOBS=N runs N campaigns of COUNT/N instructions at once,
# with seeds SEED, SEED+1, ... (one run keeps about 1.3 cores busy).  Fails
# if any class does; the log is $(BUILD)/check-fuzz.log.
.PHONY: check-fuzz
check-fuzz: $(BUILD)/gemu $(BUILD)/$(A64DIFF_DIR)/gen
	@jobs=$(or $(FUZZ_JOBS),1); seed=$(or $(SEED),1); count=$(or $(COUNT),1000000); \
	for ((j = 0; j < jobs; j++)); do \
	    echo "a64diff campaign: SEED=$$((seed + j)) COUNT=$$((count / jobs))" \
	        "CLASSES=\"$(CLASSES)\" GEMU_TIERS=$(or $(GEMU_TIERS),0)"; \
	    GEMU=$(BUILD)/gemu GUEST_DIR=$(BUILD) GEMU_TIERS="$(or $(GEMU_TIERS),0)" \
	        SEED=$$((seed + j)) COUNT=$$((count / jobs)) CLASSES="$(CLASSES)" \
	        BLOCK_LEN=$(or $(BLOCK_LEN),250) $(A64DIFF_DIR)/run >$(BUILD)/check-fuzz.log.$$j & \
	done; \
	wait; \
	for ((j = 0; j < jobs; j++)); do cat $(BUILD)/check-fuzz.log.$$j; rm $(BUILD)/check-fuzz.log.$$j; \
	done | tee $(BUILD)/check-fuzz.log; \
	! grep -q '^FAIL' $(BUILD)/check-fuzz.log
