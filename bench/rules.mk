# Benchmark guests, included by the top Makefile after
# tests/guest/aarch64/rules.mk, whose runtime and compiler settings they
# share.  Built by `make bench` (and, being in GUEST_BINS, by `make check`,
# which never runs them).

BENCH_A64_PROGS := $(basename $(notdir $(wildcard bench/aarch64/*.c)))
GUEST_BINS += $(BENCH_A64_PROGS:%=$(BUILD)/bench/aarch64/%.elf)

$(BUILD)/bench/aarch64/%.elf: bench/aarch64/%.c $(A64_DEPS) bench/rules.mk bench/common/kernels.h
	$(call a64_link,$@,$<)

# fpbench is FP/SIMD code: compiled on its own without -mgeneral-regs-only,
# at -O3 for GCC's autovectoriser (-fno-math-errno: sqrt is one FSQRT, there
# is no libm), then linked like the others with the runtime, which stays
# general-registers-only because it runs before the program sets
# CPACR_EL1.FPEN.
BENCH_FP_CFLAGS := $(filter-out -mgeneral-regs-only -O2,$(A64_CFLAGS)) -O3 -fno-math-errno

$(BUILD)/bench/aarch64/fpbench.o: bench/aarch64/fpbench.c $(A64_DEPS) bench/rules.mk
	mkdir -p $(dir $@)
	$(A64_CC) $(BENCH_FP_CFLAGS) -c -o $@ $<

$(BUILD)/bench/aarch64/fpbench.elf: $(BUILD)/bench/aarch64/fpbench.o $(A64_DEPS)
	$(call a64_link,$@,$<)

-include bench/x86/rules.mk
