# Bare-metal AArch64 programs that drive virtio devices (see run); built
# like tests/guest/aarch64's programs, with the same runtime.

VIRTIO_TEST_DIR := tests/guest/virtio
VIRTIO_TEST_PROGS := $(basename $(notdir $(wildcard $(VIRTIO_TEST_DIR)/*.c)))
GUEST_BINS += $(VIRTIO_TEST_PROGS:%=$(BUILD)/$(VIRTIO_TEST_DIR)/%.elf)

$(BUILD)/$(VIRTIO_TEST_DIR)/%.elf: $(VIRTIO_TEST_DIR)/%.c $(A64_DEPS)
	$(call a64_link,$@,$<)
