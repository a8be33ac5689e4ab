# Benchmark guests, included by the top Makefile after
# tests/guest/aarch64/rules.mk, whose runtime and compiler settings they
# share.  Built by `make bench` (and, being in GUEST_BINS, by `make check`,
# which never runs them).

BENCH_A64_PROGS := $(basename $(notdir $(wildcard bench/aarch64/*.c)))
GUEST_BINS += $(BENCH_A64_PROGS:%=$(BUILD)/bench/aarch64/%.elf)

$(BUILD)/bench/aarch64/%.elf: bench/aarch64/%.c $(A64_DEPS) bench/rules.mk
	$(call a64_link,$@,$<)
