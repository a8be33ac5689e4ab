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

# A longer campaign than `make check`'s (see run and docs/TESTING.md):
#   make check-fuzz-x86 SEED=7 COUNT=10000000 [CLASSES="alu sse_int"]
#       [GEMU_TIERS=0] [BLOCK_LEN=250] [FUZZ_JOBS=2]
# CLASSES defaults to the ready ones (gen --list); a pending class runs when
# named.  FUZZ_JOBS=N runs N campaigns of COUNT/N instructions at once with
# seeds SEED, SEED+1, ...  Fails if any class does; the log is
# $(BUILD)/check-fuzz-x86.log.
.PHONY: check-fuzz-x86
check-fuzz-x86: $(BUILD)/gemu $(BUILD)/$(X86DIFF_DIR)/gen
	@jobs=$(or $(FUZZ_JOBS),1); seed=$(or $(SEED),1); count=$(or $(COUNT),1000000); \
	for ((j = 0; j < jobs; j++)); do \
	    echo "x86diff campaign: SEED=$$((seed + j)) COUNT=$$((count / jobs))" \
	        "CLASSES=\"$(CLASSES)\" GEMU_TIERS=$(or $(GEMU_TIERS),0)"; \
	    GEMU=$(BUILD)/gemu GUEST_DIR=$(BUILD) GEMU_TIERS="$(or $(GEMU_TIERS),0)" \
	        SEED=$$((seed + j)) COUNT=$$((count / jobs)) CLASSES="$(CLASSES)" \
	        BLOCK_LEN=$(or $(BLOCK_LEN),250) $(X86DIFF_DIR)/run >$(BUILD)/check-fuzz-x86.log.$$j & \
	done; \
	wait; \
	for ((j = 0; j < jobs; j++)); do cat $(BUILD)/check-fuzz-x86.log.$$j; \
	    rm $(BUILD)/check-fuzz-x86.log.$$j; \
	done | tee $(BUILD)/check-fuzz-x86.log; \
	! grep -q '^FAIL' $(BUILD)/check-fuzz-x86.log
