# gemu: one non-recursive make, building out of tree into $(BUILD).
#
#   make            build $(BUILD)/gemu
#   make run        install what is missing, build, boot Debian's arm64 Linux to a shell
#   make run-demo   boot our bare-metal AArch64 demo program instead
#   make check      install what is missing, build, run every test
#   make check-asan the same tests, built with ASan + UBSan (build-asan/)
#   make check-host-aarch64  cross-build for an AArch64 host and run the
#                   tests under qemu-aarch64-static (build-aarch64/)
#   make bench      the benchmarks against Debian's QEMU (not a test)

BUILD ?= build
CONFIGURE_FLAGS ?=

.DEFAULT_GOAL := all
SHELL := /bin/bash

# Quiet by default; make V=1 shows the commands.
ifneq ($(V),1)
Q := @
quiet = @echo "  $(1) $(2)";
endif

# Configuration comes from ./configure; make runs it on first use.
-include $(BUILD)/config.mk
$(BUILD)/config.mk: configure
	scripts/install-deps
	./configure --builddir=$(BUILD) $(CONFIGURE_FLAGS)

# Every C file of a layer is part of gemu; softmmu/main.c holds main().
LAYERS := util fpu tcg softmmu target-arm target-x86 hw/core hw/arm hw/i386 hw/char hw/intc hw/misc hw/rtc hw/virtio hw/block hw/net backends ui
LIB_SRCS := $(filter-out softmmu/main.c,$(foreach d,$(LAYERS),$(wildcard $(d)/*.c)))
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o)
MAIN_OBJ := $(BUILD)/softmmu/main.o

UNIT_SRCS := $(wildcard tests/unit/test-*.c)
UNIT_BINS := $(UNIT_SRCS:%.c=$(BUILD)/%)

$(BUILD)/%.o: %.c $(BUILD)/config.mk
	@mkdir -p $(@D)
	$(call quiet,CC,$@)$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/gemu: $(LIB_OBJS) $(MAIN_OBJ)
	$(call quiet,LINK,$@)$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/tests/unit/%: $(BUILD)/tests/unit/%.o $(LIB_OBJS)
	$(call quiet,LINK,$@)$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

# Guest programs are built with the Debian cross compilers; each fragment
# adds its binaries to GUEST_BINS.
GUEST_BINS :=
-include $(wildcard tests/guest/*/rules.mk)
-include bench/rules.mk

.PHONY: all run run-demo check check-unit check-guest check-asan check-host-aarch64 bench clean deps

all: $(BUILD)/gemu

deps:
	scripts/install-deps

LINUX_ARM64 := cache/linux-arm64

run: deps
	$(MAKE) all
	scripts/fetch-linux-arm64 $(LINUX_ARM64)
	$(BUILD)/gemu -M virt -cpu cortex-a57 -m 512M -nographic -kernel $(LINUX_ARM64)/Image \
	    -initrd $(LINUX_ARM64)/initramfs.cpio.gz -append "console=ttyAMA0"

run-demo: deps
	$(MAKE) all $(GUEST_BINS)
	$(BUILD)/gemu -M virt -cpu cortex-a57 -nographic -semihosting -kernel $(BUILD)/tests/guest/aarch64/demo.elf

check: deps
	$(MAKE) all $(UNIT_BINS) $(GUEST_BINS)
	scripts/run-tests $(BUILD)

check-asan:
	$(MAKE) check BUILD=build-asan CONFIGURE_FLAGS=--enable-asan

# The AArch64-host build: glib, capstone and slirp come as Debian :arm64
# packages; libfdt is unpacked into a sysroot (its :arm64 -dev package would
# replace the amd64 one).  libgccjit needs a native assembler at run time, so
# this build runs the interpreter tier.  Binaries run with the multiarch
# libc6:arm64 (-L /): the cross toolchain's older libc6-arm64-cross loader
# mixed with it hangs in pthread_create.
AARCH64_SYSROOT := build-aarch64/sysroot
check-host-aarch64: deps
	scripts/setup-aarch64-sysroot $(AARCH64_SYSROOT)
	$(MAKE) BUILD=build-aarch64 \
	    CONFIGURE_FLAGS="--cross-prefix=aarch64-linux-gnu- --sysroot=$(CURDIR)/$(AARCH64_SYSROOT) --disable-sdl --disable-gccjit" \
	    all $(UNIT_BINS:$(BUILD)/%=build-aarch64/%)
	$(MAKE) $(GUEST_BINS)
	GEMU_RUNNER="qemu-aarch64-static -L /" \
	    LD_LIBRARY_PATH=$(CURDIR)/$(AARCH64_SYSROOT)/usr/lib/aarch64-linux-gnu \
	    GUEST_DIR=$(BUILD) scripts/run-tests build-aarch64

bench: deps
	$(MAKE) all $(GUEST_BINS)
	bench/run $(BUILD)
	bench/x86-cpu $(BUILD)

clean:
	rm -rf build build-asan build-aarch64

-include $(LIB_OBJS:.o=.d) $(MAIN_OBJ:.o=.d) $(UNIT_BINS:%=%.d)
