/*
 * The "virt" board for AArch64 guests, with QEMU's memory map.  The board
 * is data: virt_devices[] lists each device with its base, size and
 * interrupt, and both the devices and the device tree are built from it.
 *
 * Direct kernel boot follows QEMU's hw/arm/boot.c:
 *  - ELF: segments at their physical addresses, entry e_entry, registers
 *    zero.  The DTB goes at the start of RAM if it fits below the image
 *    (and is silently left out if not); if the image covers the start of
 *    RAM it goes at address 0, in the flash.  The DTB is not packed: like
 *    QEMU's it is 1 MiB long, so an ELF at RAM + 0x80000 gets none (checked
 *    against qemu-system-aarch64 7.2).
 *  - Linux arm64 Image, gzipped or not ("ARM\x64" at 0x38 and a non-zero
 *    image_size): at RAM + text_offset (+2 MiB if text_offset is below
 *    4 KiB: QEMU keeps the bottom of RAM for its boot stub); any other file
 *    at RAM + 0x80000.
 *    Both are booted as Linux: initrd at RAM + min(RAM/2, 128 MiB) (or past
 *    the kernel), DTB after it on a 2 MiB boundary, x0 = DTB.
 *  - Firmware (-bios) runs from the flash at 0 and finds the DTB at the
 *    start of RAM.  The flash is QEMU's: two 64 MiB CFI banks (cfi.pflash01,
 *    4 bytes wide, 256 KiB blocks), the firmware in the first (-bios or
 *    -drive if=pflash,unit=0), its variables in the second (unit=1).
 */
#include <errno.h>
#include <glib.h>
#include <inttypes.h>
#include <libfdt.h>
#include <stdio.h>
#include <string.h>

#include "backends/chardev.h"
#include "exec/memory.h"
#include "hw/arm/boot.h"
#include "hw/boards.h"
#include "hw/device.h"
#include "hw/loader.h"
#include "hw/virtio/virtio.h"
#include "sysemu/block.h"
#include "util/error.h"

#define MiB (1024ull * 1024)
#define GiB (1024 * MiB)

enum {
    VIRT_FLASH_BASE = 0,
    VIRT_FLASH_SIZE = 64 * MiB, /* a bank */
    VIRT_FLASH_BANKS = 2,
    VIRT_FLASH_SECTOR = 256 * 1024,
    VIRT_FLASH_WIDTH = 4,
    VIRT_RAM_BASE = 0x40000000,
    EM_AARCH64_MACHINE = 183,
    ARM64_MAGIC_OFFSET = 0x38,
    ARM64_TEXT_OFFSET_OFFSET = 0x08,
    ARM64_IMAGE_SIZE_OFFSET = 0x10,
    BOOT_STUB_MAX = 4096,
    GIC_FDT_SPI = 0,
    GIC_FDT_PPI = 1,
    GIC_FDT_LEVEL_HIGH = 4,
    GIC_NUM_IRQ = 288, /* 256 SPIs, as QEMU's virt */
    GIC_DIST_BASE = 0x08000000,
    GIC_CPU_BASE = 0x08010000,
    GIC_REGION_SIZE = 0x10000,
    GIC_REDIST_BASE = 0x080a0000, /* GICv3: 2 x 64 KiB frames per CPU */
    GIC_REDIST_SIZE = 0x00f60000, /* room for 123 CPUs, as QEMU's */
    GIC_PHANDLE = 0x8002,
    /* PPIs (INTID - 16) of the generic timers, in the DTB's order. */
    PPI_TIMER_SECURE = 13,
    PPI_TIMER_PHYS = 14,
    PPI_TIMER_VIRT = 11,
    PPI_TIMER_HYP = 10,
    VIRT_MMIO_BASE = 0x0a000000,
    VIRT_MMIO_SIZE = 0x200,
    VIRT_MMIO_SPI = 16,
    VIRT_MMIO_COUNT = 32,
    FDT_MAX_SIZE = 1 * MiB,
};
static const uint64_t VIRT_RAM_MAX = 255 * GiB; /* up to the 256 GiB boundary */
static const uint64_t RAW_KERNEL_OFFSET = 0x80000;
static const uint32_t APB_CLOCK_HZ = 24000000;

/* The board's devices; serial is the -serial index wired to "chardev". */
typedef struct VirtDeviceSpec {
    const char *type;
    uint64_t base, size;
    int spi;    /* GIC shared peripheral interrupt, -1: none */
    int serial; /* -1: none */
} VirtDeviceSpec;

static const VirtDeviceSpec virt_devices[] = {
    {"pl011", 0x09000000, 0x1000, 1, 0},
    {"pl031", 0x09010000, 0x1000, 2, -1},
};

typedef struct VirtBoard {
    bool gicv3; /* -M virt,gic-version=3 (default 2) */
    DeviceState *gic;
    DeviceState *virtio[VIRT_MMIO_COUNT];
    DeviceState *devs[G_N_ELEMENTS(virt_devices)];
    uint64_t entry, x0;
} VirtBoard;

/* ------------------------------------------------------- devices */

static DeviceState *virt_create_device(MachineState *ms, DeviceState *gic,
                                       const VirtDeviceSpec *spec)
{
    DeviceState *dev = device_new(spec->type);
    if (!dev)
        gemu_bug("virt: device type %s is not registered", spec->type);
    if (spec->serial >= 0)
        device_set_prop_chardev(dev, "chardev", serial_hd(spec->serial));
    char *err = NULL;
    if (!device_realize(dev, &err))
        fatal("%s: %s", spec->type, err);
    memory_region_add_subregion(address_space_root(ms->as), spec->base, device_mmio(dev, 0), 0);
    if (spec->spi >= 0)
        device_connect_irq(dev, 0, device_irq_in(gic, spec->spi));
    return dev;
}

/* GIC input line of PPI ppi of CPU cpu (after the SPIs). */
static qemu_irq virt_ppi(DeviceState *gic, int cpu, int ppi)
{
    return device_irq_in(gic, GIC_NUM_IRQ - 32 + 32 * cpu + 16 + ppi);
}

/*
 * The GIC (v2: distributor and CPU interface; v3: distributor and
 * redistributors, the CPU interface being system registers), its outputs
 * to every CPU, and the generic timers to its PPIs.
 */
static DeviceState *virt_create_gic(MachineState *ms, bool gicv3)
{
    MemoryRegion *root = address_space_root(ms->as);
    DeviceState *gic = device_new(gicv3 ? "arm-gicv3" : "arm-gicv2");
    char *err = NULL;

    device_set_prop_u32(gic, "num-cpu", (uint32_t)ms->smp_cpus);
    device_set_prop_u32(gic, "num-irq", GIC_NUM_IRQ);
    if (!device_realize(gic, &err))
        fatal("gic: %s", err);
    memory_region_add_subregion(root, GIC_DIST_BASE, device_mmio(gic, 0), 0);
    memory_region_add_subregion(root, gicv3 ? GIC_REDIST_BASE : GIC_CPU_BASE,
                                device_mmio(gic, 1), 0);
    CPU_FOREACH(cpu)
    {
        device_connect_irq(gic, 2 * cpu->cpu_index, cpu_irq_line(cpu, CPU_IRQ_LINE));
        device_connect_irq(gic, 2 * cpu->cpu_index + 1, cpu_irq_line(cpu, CPU_FIQ_LINE));
        arm_cpu_set_timer_irq(cpu, ARM_GT_PHYS, virt_ppi(gic, cpu->cpu_index, PPI_TIMER_PHYS));
        arm_cpu_set_timer_irq(cpu, ARM_GT_VIRT, virt_ppi(gic, cpu->cpu_index, PPI_TIMER_VIRT));
    }
    return gic;
}

/* The i-th virtio-mmio transport, as a device spec. */
static VirtDeviceSpec virtio_spec(int i)
{
    return (VirtDeviceSpec){"virtio-mmio", VIRT_MMIO_BASE + (uint64_t)i * VIRT_MMIO_SIZE,
                            VIRT_MMIO_SIZE, VIRT_MMIO_SPI + i, -1};
}

/*
 * The virtio-mmio transports.  Devices plug into the highest-addressed
 * free one first, as on QEMU, so they are registered from the top.
 */
static void virt_create_virtio(MachineState *ms, VirtBoard *vb)
{
    for (int i = VIRT_MMIO_COUNT - 1; i >= 0; i--) {
        VirtDeviceSpec spec = virtio_spec(i);
        vb->virtio[i] = virt_create_device(ms, vb->gic, &spec);
        virtio_mmio_register_transport(vb->virtio[i]);
    }
}

/* The flash banks; bank n takes the contents of -drive if=pflash,unit=n. */
static void virt_create_flash(MachineState *ms)
{
    for (int i = 0; i < VIRT_FLASH_BANKS; i++) {
        DeviceState *dev = device_new("cfi.pflash01");
        char drive[32], *err = NULL;

        device_set_prop_u32(dev, "num-blocks", VIRT_FLASH_SIZE / VIRT_FLASH_SECTOR);
        device_set_prop_u32(dev, "sector-length", VIRT_FLASH_SECTOR);
        device_set_prop_u32(dev, "width", VIRT_FLASH_WIDTH);
        snprintf(drive, sizeof(drive), "pflash%d", i);
        if (blk_by_id(drive)) {
            if (i == 0 && ms->firmware)
                fatal("-bios %s: the first flash bank is given by -drive if=pflash too; "
                      "use one or the other",
                      ms->firmware);
            device_set_prop_str(dev, "drive", drive);
        }
        if (!device_realize(dev, &err))
            fatal("-drive if=pflash,unit=%d: %s", i, err);
        memory_region_add_subregion(address_space_root(ms->as),
                                    VIRT_FLASH_BASE + (uint64_t)i * VIRT_FLASH_SIZE,
                                    device_mmio(dev, 0), 0);
    }
}

/* ------------------------------------------------------- device tree */

static void fdt_check(int err, const char *what)
{
    if (err < 0)
        gemu_bug("virt: building the device tree (%s): %s", what, fdt_strerror(err));
}

static int fdt_node(void *fdt, int parent, const char *name)
{
    int node = fdt_add_subnode(fdt, parent, name);
    fdt_check(node, name);
    return node;
}

static void fdt_set_reg(void *fdt, int node, uint64_t base, uint64_t size)
{
    fdt64_t reg[2] = {cpu_to_fdt64(base), cpu_to_fdt64(size)};
    fdt_check(fdt_setprop(fdt, node, "reg", reg, sizeof(reg)), "reg");
}

static void fdt_add_root_props(void *fdt)
{
    fdt_check(fdt_setprop_string(fdt, 0, "compatible", "linux,dummy-virt"), "root");
    fdt_check(fdt_setprop_cell(fdt, 0, "#address-cells", 2), "root");
    fdt_check(fdt_setprop_cell(fdt, 0, "#size-cells", 2), "root");
}

static void fdt_add_memory(void *fdt, const MachineState *ms)
{
    char name[32];
    snprintf(name, sizeof(name), "memory@%x", VIRT_RAM_BASE);
    int node = fdt_node(fdt, 0, name);
    fdt_check(fdt_setprop_string(fdt, node, "device_type", "memory"), name);
    fdt_set_reg(fdt, node, VIRT_RAM_BASE, ms->ram_size);
}

static void fdt_add_cpus(void *fdt, const MachineState *ms)
{
    int cpus = fdt_node(fdt, 0, "cpus");
    fdt_check(fdt_setprop_cell(fdt, cpus, "#address-cells", 1), "cpus");
    fdt_check(fdt_setprop_cell(fdt, cpus, "#size-cells", 0), "cpus");
    char *compatible = g_strdup_printf("arm,%s", ms->cpu_model->name);
    /* Nodes are added in front of their siblings: go backwards. */
    for (int i = ms->smp_cpus - 1; i >= 0; i--) {
        char name[32];
        snprintf(name, sizeof(name), "cpu@%d", i);
        int node = fdt_node(fdt, cpus, name);
        fdt_check(fdt_setprop_string(fdt, node, "device_type", "cpu"), name);
        fdt_check(fdt_setprop_string(fdt, node, "compatible", compatible), name);
        fdt_check(fdt_setprop_cell(fdt, node, "reg", i), name);
        if (ms->smp_cpus > 1)
            fdt_check(fdt_setprop_string(fdt, node, "enable-method", "psci"), name);
    }
    g_free(compatible);
}

/* One node for both flash banks, as QEMU describes them. */
static void fdt_add_flash(void *fdt)
{
    fdt64_t reg[2 * VIRT_FLASH_BANKS];
    char name[32];

    for (int i = 0; i < VIRT_FLASH_BANKS; i++) {
        reg[2 * i] = cpu_to_fdt64(VIRT_FLASH_BASE + (uint64_t)i * VIRT_FLASH_SIZE);
        reg[2 * i + 1] = cpu_to_fdt64(VIRT_FLASH_SIZE);
    }
    snprintf(name, sizeof(name), "flash@%x", VIRT_FLASH_BASE);
    int node = fdt_node(fdt, 0, name);
    fdt_check(fdt_setprop_cell(fdt, node, "bank-width", VIRT_FLASH_WIDTH), name);
    fdt_check(fdt_setprop(fdt, node, "reg", reg, sizeof(reg)), name);
    fdt_check(fdt_setprop_string(fdt, node, "compatible", "cfi-flash"), name);
}

static void fdt_add_psci(void *fdt)
{
    static const char compatible[] = "arm,psci-0.2\0arm,psci";
    int node = fdt_node(fdt, 0, "psci");
    fdt_check(fdt_setprop(fdt, node, "compatible", compatible, sizeof(compatible)), "psci");
    fdt_check(fdt_setprop_string(fdt, node, "method", "hvc"), "psci");
    /* PSCI 0.1 function ids, for old kernels: the SMC64 0.2 ids. */
    fdt_check(fdt_setprop_cell(fdt, node, "cpu_suspend", 0xc4000001), "psci");
    fdt_check(fdt_setprop_cell(fdt, node, "cpu_off", 0x84000002), "psci");
    fdt_check(fdt_setprop_cell(fdt, node, "cpu_on", 0xc4000003), "psci");
    fdt_check(fdt_setprop_cell(fdt, node, "migrate", 0xc4000005), "psci");
}

static void fdt_add_gic(void *fdt, bool gicv3)
{
    char name[32];
    fdt64_t reg[4] = {cpu_to_fdt64(GIC_DIST_BASE), cpu_to_fdt64(GIC_REGION_SIZE),
                      cpu_to_fdt64(gicv3 ? GIC_REDIST_BASE : GIC_CPU_BASE),
                      cpu_to_fdt64(gicv3 ? GIC_REDIST_SIZE : GIC_REGION_SIZE)};

    snprintf(name, sizeof(name), "intc@%x", GIC_DIST_BASE);
    int node = fdt_node(fdt, 0, name);
    fdt_check(fdt_setprop_cell(fdt, node, "phandle", GIC_PHANDLE), name);
    fdt_check(fdt_setprop(fdt, node, "reg", reg, sizeof(reg)), name);
    if (gicv3)
        fdt_check(fdt_setprop_cell(fdt, node, "#redistributor-regions", 1), name);
    fdt_check(fdt_setprop_string(fdt, node, "compatible",
                                 gicv3 ? "arm,gic-v3" : "arm,cortex-a15-gic"),
              name);
    fdt_check(fdt_setprop_cell(fdt, node, "#address-cells", 2), name);
    fdt_check(fdt_setprop_cell(fdt, node, "#size-cells", 2), name);
    fdt_check(fdt_setprop(fdt, node, "ranges", NULL, 0), name);
    fdt_check(fdt_setprop(fdt, node, "interrupt-controller", NULL, 0), name);
    fdt_check(fdt_setprop_cell(fdt, node, "#interrupt-cells", 3), name);
    fdt_check(fdt_setprop_cell(fdt, 0, "interrupt-parent", GIC_PHANDLE), "root");
}

/* The generic timer's four PPIs, level-high; a GICv2's cells also name every CPU. */
static void fdt_add_timer(void *fdt, const MachineState *ms, bool gicv3)
{
    static const int ppis[] = {PPI_TIMER_SECURE, PPI_TIMER_PHYS, PPI_TIMER_VIRT, PPI_TIMER_HYP};
    uint32_t cpu_mask = gicv3 ? 0 : ((1u << ms->smp_cpus) - 1) << 8;
    uint32_t flags = cpu_mask | GIC_FDT_LEVEL_HIGH;
    fdt32_t irqs[3 * G_N_ELEMENTS(ppis)];
    static const char compatible[] = "arm,armv8-timer\0arm,armv7-timer";

    for (size_t i = 0; i < G_N_ELEMENTS(ppis); i++) {
        irqs[3 * i] = cpu_to_fdt32(GIC_FDT_PPI);
        irqs[3 * i + 1] = cpu_to_fdt32((uint32_t)ppis[i]);
        irqs[3 * i + 2] = cpu_to_fdt32(flags);
    }
    int node = fdt_node(fdt, 0, "timer");
    fdt_check(fdt_setprop(fdt, node, "interrupts", irqs, sizeof(irqs)), "timer");
    fdt_check(fdt_setprop(fdt, node, "always-on", NULL, 0), "timer");
    fdt_check(fdt_setprop(fdt, node, "compatible", compatible, sizeof(compatible)), "timer");
}

/* The fixed 24 MHz clock AMBA devices name as apb_pclk. */
static uint32_t fdt_add_apb_clock(void *fdt)
{
    const uint32_t phandle = 0x8000;
    int node = fdt_node(fdt, 0, "apb-pclk");
    fdt_check(fdt_setprop_string(fdt, node, "compatible", "fixed-clock"), "clock");
    fdt_check(fdt_setprop_cell(fdt, node, "#clock-cells", 0), "clock");
    fdt_check(fdt_setprop_cell(fdt, node, "clock-frequency", APB_CLOCK_HZ), "clock");
    fdt_check(fdt_setprop_string(fdt, node, "clock-output-names", "clk24mhz"), "clock");
    fdt_check(fdt_setprop_cell(fdt, node, "phandle", phandle), "clock");
    return phandle;
}

static void fdt_add_device(void *fdt, const VirtDeviceSpec *spec, DeviceState *dev,
                           uint32_t clock)
{
    char name[64];
    snprintf(name, sizeof(name), "%s@%" PRIx64 "", dev->dc->fdt_name, spec->base);
    int node = fdt_node(fdt, 0, name);
    fdt_set_reg(fdt, node, spec->base, spec->size);
    if (spec->spi >= 0) {
        fdt32_t irq[3] = {cpu_to_fdt32(GIC_FDT_SPI), cpu_to_fdt32(spec->spi),
                          cpu_to_fdt32(GIC_FDT_LEVEL_HIGH)};
        fdt_check(fdt_setprop(fdt, node, "interrupts", irq, sizeof(irq)), name);
    }
    if (dev->dc->fdt_populate) {
        DeviceFdtContext ctx = {.fdt = fdt, .node = node, .clock_phandle = clock};
        dev->dc->fdt_populate(dev, &ctx);
    }
    if (spec->serial == 0) {
        /* Offsets move as nodes are added: find /chosen afresh. */
        int chosen = fdt_path_offset(fdt, "/chosen");
        char *path = g_strdup_printf("/%s", name);
        fdt_check(fdt_setprop_string(fdt, chosen, "stdout-path", path), "chosen");
        g_free(path);
    }
}

/* Entropy for the kernel's RNG and KASLR, from the host, as QEMU gives it. */
static void fdt_add_seeds(void *fdt, int chosen)
{
    fdt32_t rng[8], kaslr[2];

    for (size_t i = 0; i < G_N_ELEMENTS(rng); i++)
        rng[i] = cpu_to_fdt32(g_random_int());
    for (size_t i = 0; i < G_N_ELEMENTS(kaslr); i++)
        kaslr[i] = cpu_to_fdt32(g_random_int());
    fdt_check(fdt_setprop(fdt, chosen, "rng-seed", rng, sizeof(rng)), "rng-seed");
    fdt_check(fdt_setprop(fdt, chosen, "kaslr-seed", kaslr, sizeof(kaslr)), "kaslr-seed");
}

static void *virt_build_fdt(MachineState *ms)
{
    VirtBoard *vb = ms->board;
    void *fdt = g_malloc0(FDT_MAX_SIZE);
    fdt_check(fdt_create_empty_tree(fdt, FDT_MAX_SIZE), "create");
    fdt_add_root_props(fdt);
    fdt_add_seeds(fdt, fdt_node(fdt, 0, "chosen"));
    fdt_add_memory(fdt, ms);
    fdt_add_flash(fdt);
    fdt_add_cpus(fdt, ms);
    fdt_add_psci(fdt);
    fdt_add_gic(fdt, vb->gicv3);
    fdt_add_timer(fdt, ms, vb->gicv3);
    uint32_t clock = fdt_add_apb_clock(fdt);
    for (size_t i = 0; i < G_N_ELEMENTS(virt_devices); i++)
        fdt_add_device(fdt, &virt_devices[i], vb->devs[i], clock);
    /* Nodes are prepended: add the top one first so that they read in address order. */
    for (int i = VIRT_MMIO_COUNT - 1; i >= 0; i--) {
        VirtDeviceSpec spec = virtio_spec(i);
        fdt_add_device(fdt, &spec, vb->virtio[i], clock);
    }
    return fdt;
}

/* A -dtb file, opened up so /chosen can still be filled in. */
static void *virt_load_user_fdt(const char *path)
{
    uint8_t *data;
    size_t len;
    char *err = NULL;
    if (!loader_read_file(path, &data, &len, &err))
        fatal("-dtb %s: %s", path, err);
    if (len < sizeof(struct fdt_header) || fdt_check_header(data) != 0 ||
        fdt_totalsize(data) > len)
        fatal("-dtb %s: not a valid device tree blob", path);
    void *fdt = g_malloc0(FDT_MAX_SIZE);
    if (fdt_open_into(data, fdt, FDT_MAX_SIZE) != 0)
        fatal("-dtb %s: device tree too large", path);
    g_free(data);
    return fdt;
}

static void fdt_set_chosen(void *fdt, const MachineState *ms, uint64_t initrd,
                           uint64_t initrd_len)
{
    int chosen = fdt_path_offset(fdt, "/chosen");
    if (chosen < 0)
        chosen = fdt_node(fdt, 0, "chosen");
    if (ms->kernel_cmdline[0])
        fdt_check(fdt_setprop_string(fdt, chosen, "bootargs", ms->kernel_cmdline), "bootargs");
    if (initrd_len) {
        fdt_check(fdt_setprop_u64(fdt, chosen, "linux,initrd-start", initrd), "initrd");
        fdt_check(fdt_setprop_u64(fdt, chosen, "linux,initrd-end", initrd + initrd_len),
                  "initrd");
    }
}

/* ------------------------------------------------------- images */

typedef struct BootLayout {
    bool is_linux;
    uint64_t entry;
    uint64_t kernel_low, kernel_high;
    uint64_t initrd, initrd_len;
    uint64_t dtb, dtb_limit; /* dtb_limit 0: up to the end of RAM */
    bool dtb_optional;       /* left out if it does not fit below dtb_limit */
} BootLayout;

static uint64_t ram_end(const MachineState *ms) { return VIRT_RAM_BASE + ms->ram_size; }

static void virt_load_bios(MachineState *ms)
{
    uint8_t *data;
    size_t len;
    char *err = NULL;
    if (!loader_read_file(ms->firmware, &data, &len, &err))
        fatal("-bios %s: %s", ms->firmware, err);
    if (len > VIRT_FLASH_SIZE)
        fatal("-bios %s: image of %zu bytes does not fit the 64 MiB flash", ms->firmware, len);
    if (!loader_add_blob(ms->as, "bios", VIRT_FLASH_BASE, data, len, &err))
        fatal("-bios %s: %s", ms->firmware, err);
    g_free(data);
}

static uint64_t le64_at(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

/* Where a non-ELF kernel goes: an arm64 Image says so in its header. */
static uint64_t image_load_offset(const uint8_t *data, size_t len, uint64_t *mem_size)
{
    *mem_size = len;
    if (len < ARM64_MAGIC_OFFSET + 4 || memcmp(data + ARM64_MAGIC_OFFSET, "ARM\x64", 4) != 0)
        return RAW_KERNEL_OFFSET;
    uint64_t image_size = le64_at(data + ARM64_IMAGE_SIZE_OFFSET);
    if (image_size == 0)
        return RAW_KERNEL_OFFSET; /* pre-3.17 kernels: text_offset unreliable */
    *mem_size = MAX(len, image_size);
    uint64_t offset = le64_at(data + ARM64_TEXT_OFFSET_OFFSET);
    return offset < BOOT_STUB_MAX ? offset + 2 * MiB : offset;
}

/* Debian's arm64 vmlinuz is a gzipped Image; QEMU unpacks it, so do we. */
static void gunzip_kernel(const char *path, uint8_t **data, size_t *len, uint64_t max)
{
    uint8_t *image;
    size_t image_len;
    char *err = NULL;
    if (!loader_gunzip(*data, *len, MIN(max, SIZE_MAX), &image, &image_len, &err))
        fatal("-kernel %s: %s", path, err);
    g_free(*data);
    *data = image;
    *len = image_len;
}

static void virt_load_kernel(MachineState *ms, BootLayout *b)
{
    const char *path = ms->kernel_filename;
    uint8_t *data;
    size_t len;
    char *err = NULL;
    if (!loader_read_file(path, &data, &len, &err))
        fatal("-kernel %s: %s", path, err);

    LoadedElf elf;
    LoadResult r = load_elf64(ms->as, data, len, EM_AARCH64_MACHINE, &elf, &err);
    if (r == LOAD_ERROR)
        fatal("-kernel %s: %s", path, err);
    if (r == LOAD_OK) {
        b->entry = elf.entry;
        b->kernel_low = elf.low;
        b->kernel_high = elf.high;
    } else {
        uint64_t mem_size;
        if (loader_is_gzip(data, len))
            gunzip_kernel(path, &data, &len, ms->ram_size);
        b->is_linux = true;
        b->kernel_low = VIRT_RAM_BASE + image_load_offset(data, len, &mem_size);
        b->kernel_high = b->kernel_low + mem_size;
        b->entry = b->kernel_low;
        if (b->kernel_high > ram_end(ms))
            fatal("-kernel %s: image does not fit in RAM (%" PRIu64 " MiB)", path,
                  (uint64_t)(ms->ram_size / MiB));
        if (!loader_add_blob(ms->as, "kernel", b->kernel_low, data, len, &err))
            fatal("-kernel %s: %s", path, err);
    }
    g_free(data);
}

static void virt_load_initrd(MachineState *ms, BootLayout *b)
{
    const char *path = ms->initrd_filename;
    if (!b->is_linux) {
        error_report("-initrd %s: ignored, the kernel is not a Linux image", path);
        return;
    }
    uint8_t *data;
    size_t len;
    char *err = NULL;
    if (!loader_read_file(path, &data, &len, &err))
        fatal("-initrd %s: %s", path, err);
    uint64_t start = VIRT_RAM_BASE + MIN(ms->ram_size / 2, 128 * MiB);
    start = (MAX(start, b->kernel_high) + 0xfff) & ~0xfffull;
    if (start > ram_end(ms) || len > ram_end(ms) - start)
        fatal("-initrd %s: does not fit in RAM after the kernel", path);
    if (!loader_add_blob(ms->as, "initrd", start, data, len, &err))
        fatal("-initrd %s: %s", path, err);
    b->initrd = start;
    b->initrd_len = len;
    g_free(data);
}

/* Where the DTB goes, following QEMU (see the comment at the top). */
static void virt_place_dtb(MachineState *ms, BootLayout *b)
{
    bool covers_ram_base = b->kernel_low <= VIRT_RAM_BASE && b->kernel_high > VIRT_RAM_BASE;
    if (b->is_linux) {
        uint64_t after = b->initrd_len ? b->initrd + b->initrd_len
                                       : MAX(b->kernel_high,
                                             VIRT_RAM_BASE + MIN(ms->ram_size / 2, 128 * MiB));
        b->dtb = (after + 2 * MiB - 1) & ~(2 * MiB - 1);
    } else if (!ms->kernel_filename || !covers_ram_base) {
        b->dtb = VIRT_RAM_BASE;
        if (ms->kernel_filename && b->kernel_low > VIRT_RAM_BASE) {
            b->dtb_limit = b->kernel_low;
            b->dtb_optional = true;
        }
    } else {
        b->dtb = VIRT_FLASH_BASE;
        b->dtb_limit = VIRT_FLASH_BASE + VIRT_FLASH_SIZE;
    }
}

static void virt_dump_dtb(const char *path, const void *fdt)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(fdt, 1, fdt_totalsize(fdt), f) != fdt_totalsize(fdt) || fclose(f) != 0)
        fatal("dumpdtb=%s: %s", path, strerror(errno));
    exit(0);
}

static void virt_load_dtb(MachineState *ms, BootLayout *b, void *fdt)
{
    fdt_set_chosen(fdt, ms, b->initrd, b->initrd_len);
    if (ms->dumpdtb)
        virt_dump_dtb(ms->dumpdtb, fdt);
    uint64_t size = fdt_totalsize(fdt);
    uint64_t limit = b->dtb_limit ? b->dtb_limit : ram_end(ms);
    if (b->dtb > limit || size > limit - b->dtb) {
        if (b->dtb_optional)
            return;
        fatal("not enough space for the device tree after the kernel/initrd "
              "(%" PRIu64 " bytes at 0x%" PRIx64 ")",
              size, b->dtb);
    }
    char *err = NULL;
    if (!loader_add_blob(ms->as, "dtb", b->dtb, fdt, size, &err))
        fatal("device tree: %s", err);
}

static void virt_boot(MachineState *ms)
{
    VirtBoard *vb = ms->board;
    BootLayout b = {0};
    if (ms->firmware)
        virt_load_bios(ms);
    if (ms->kernel_filename)
        virt_load_kernel(ms, &b);
    if (ms->initrd_filename)
        virt_load_initrd(ms, &b);
    virt_place_dtb(ms, &b);
    void *fdt = ms->dtb_filename ? virt_load_user_fdt(ms->dtb_filename) : virt_build_fdt(ms);
    virt_load_dtb(ms, &b, fdt);
    g_free(fdt);

    /* With firmware, the firmware boots (and finds the DTB in RAM). */
    vb->entry = ms->firmware ? VIRT_FLASH_BASE : b.entry;
    vb->x0 = !ms->firmware && b.is_linux ? b.dtb : 0;
}

/* ------------------------------------------------------- board */

static void virt_init(MachineState *ms)
{
    if (ms->ram_size > VIRT_RAM_MAX)
        fatal("-m: the virt board takes at most 255 GiB of RAM");
    if (ms->firmware && ms->kernel_filename)
        fatal("-bios with -kernel is not supported yet (needs fw_cfg)");
    VirtBoard *vb = ms->board;
    MemoryRegion *root = address_space_root(ms->as);
    virt_create_flash(ms);
    memory_region_add_subregion(root, VIRT_RAM_BASE,
                                memory_region_new_ram("virt.ram", ms->ram_size), 0);
    for (int i = 0; i < ms->smp_cpus; i++)
        cpu_create(ms->cpu_model, ms->as);
    vb->gic = virt_create_gic(ms, vb->gicv3);
    for (size_t i = 0; i < G_N_ELEMENTS(virt_devices); i++)
        vb->devs[i] = virt_create_device(ms, vb->gic, &virt_devices[i]);
    virt_create_virtio(ms, vb);
    virt_boot(ms);
}

/* Boot CPU at the entry point; the others wait powered off for PSCI CPU_ON. */
static void virt_reset(MachineState *ms)
{
    VirtBoard *vb = ms->board;
    CPU_FOREACH(cpu)
    {
        if (cpu == cpu_first())
            arm_cpu_set_boot_regs(cpu, vb->entry, vb->x0);
        else
            cpu->stopped = true;
    }
}

/* ------------------------------------------------------- properties */

static const char *const gic_versions[] = {"2", "3", "host", "max", NULL};

/* With TCG, QEMU's "max" is a GICv3; "host" asks KVM, which gemu does not have. */
static bool set_gic_version(MachineState *ms, MachinePropValue v, char **errp)
{
    VirtBoard *vb = ms->board;
    if (strcmp(v.s, "host") == 0) {
        *errp = g_strdup("gic-version=host requires KVM");
        return false;
    }
    vb->gicv3 = strcmp(v.s, "2") != 0;
    return true;
}

/* An "on" the board cannot honour is an error, never silently ignored. */
static bool refuse_on(MachinePropValue v, const char *what, char **errp)
{
    if (v.b)
        *errp = g_strdup_printf("%s is not supported", what);
    return !v.b;
}

static bool set_virtualization(MachineState *ms, MachinePropValue v, char **errp)
{
    return refuse_on(v, "EL2", errp);
}

static bool set_secure(MachineState *ms, MachinePropValue v, char **errp)
{
    return refuse_on(v, "EL3", errp);
}

static bool set_its(MachineState *ms, MachinePropValue v, char **errp)
{
    return refuse_on(v, "the GICv3 ITS", errp);
}

static const MachineProperty virt_props[] = {
    {"gic-version", MACHINE_PROP_ENUM, gic_versions, "GIC version (max: 3, host: KVM only)",
     set_gic_version},
    {"virtualization", MACHINE_PROP_BOOL, NULL, "EL2 (only off)", set_virtualization},
    {"secure", MACHINE_PROP_BOOL, NULL, "EL3 and the Security Extensions (only off)",
     set_secure},
    {"its", MACHINE_PROP_BOOL, NULL, "the GICv3 ITS (only off)", set_its},
    {NULL},
};

static const char *const virt_cpu_models[] = {"cortex-a57", "max", NULL};

static const MachineClass virt_machine = {
    .name = "virt",
    .desc = "Arm virtual platform (AArch64)",
    .arch = "aarch64",
    .default_cpu_model = "cortex-a57",
    .valid_cpu_models = virt_cpu_models,
    .default_ram_size = 128 * MiB,
    .max_cpus = 8,
    .board_size = sizeof(VirtBoard),
    .props = virt_props,
    .init = virt_init,
    .reset = virt_reset,
};

machine_init(virt_register) { machine_register(&virt_machine); }
