/*
 * The "pc" board: a minimal PC in QEMU's i440FX memory layout.
 *
 *   0x00000000  RAM (conventional memory, 640 KiB)
 *   0x000a0000  VGA window: unassigned (no display adapter yet)
 *   0x000c0000  option ROM area (pc.rom, 128 KiB of ROM)
 *   0x000e0000  the last 128 KiB of the BIOS image (isa-bios alias)
 *   0x00100000  RAM up to 3.5 GiB; with 3.5 GiB of RAM or more QEMU splits
 *               at 3 GiB (gigabyte alignment) and so do we
 *   4 GiB - N   the BIOS image (-bios FILE, N a multiple of 64 KiB)
 *   0x1_0000_0000  the rest of the RAM
 *
 * The PAM shadow-RAM controls of the chipset are not modelled: 0xc0000 to
 * 0xfffff always read the ROMs.  The I/O port space (64 KiB) is an address
 * space of its own, given to the CPUs and to the ISA bus; its devices are
 * listed in pc_devices[] (serial ports for each -serial, as QEMU creates
 * them) and -device adds more (isa-debug-exit).
 *
 * Booting: -bios FILE starts the firmware at the reset vector.  No BIOS is
 * bundled, so without -bios the machine needs -kernel: a Multiboot v1 image
 * entered directly in protected mode (hw/i386/multiboot.h), as QEMU boots
 * it through SeaBIOS and its multiboot option ROM.
 */
#include <glib.h>
#include <inttypes.h>

#include "backends/chardev.h"
#include "exec/memory.h"
#include "hw/boards.h"
#include "hw/device.h"
#include "hw/i386/multiboot.h"
#include "hw/i386/x86.h"
#include "hw/isa.h"
#include "hw/loader.h"
#include "util/error.h"

#define KiB 1024ull
#define MiB (1024 * KiB)
#define GiB (1024 * MiB)

static const uint64_t VGA_WINDOW_START = 0xa0000;
static const uint64_t PC_ROM_START = 0xc0000;
static const uint64_t PC_ROM_SIZE = 128 * KiB;
static const uint64_t HIGH_MEM_START = 1 * MiB;
static const uint64_t ISA_BIOS_MAX = 128 * KiB;
static const uint64_t BIOS_MAX = 16 * MiB;
static const uint64_t LOWMEM_LIMIT = 0xe0000000;   /* 3.5 GiB */
static const uint64_t LOWMEM_ALIGNED = 0xc0000000; /* 3 GiB */
static const uint64_t FOUR_GIB = 4 * GiB;

/* The board's own ISA devices; serial is the -serial index it serves. */
typedef struct PCDeviceSpec {
    const char *type;
    uint32_t iobase;
    int isa_irq; /* for when there is an interrupt controller */
    int serial;
} PCDeviceSpec;

static const PCDeviceSpec pc_devices[] = {
    {"isa-serial", 0x3f8, 4, 0}, /* COM1 */
    {"isa-serial", 0x2f8, 3, 1}, /* COM2 */
    {"isa-serial", 0x3e8, 4, 2}, /* COM3 */
    {"isa-serial", 0x2e8, 3, 3}, /* COM4 */
};

typedef struct PCBoard {
    AddressSpace *io;
    uint64_t below_4g, above_4g;
    bool multiboot;
    MultibootBoot boot;
} PCBoard;

/* ------------------------------------------------------- memory */

static void pc_split_ram(MachineState *ms, PCBoard *pc)
{
    uint64_t lowmem = ms->ram_size >= LOWMEM_LIMIT ? LOWMEM_ALIGNED : LOWMEM_LIMIT;
    pc->below_4g = MIN(ms->ram_size, lowmem);
    pc->above_4g = ms->ram_size - pc->below_4g;
}

/* One RAM block; aliases place it, so RAM offset = physical address below
 * 4 GiB (the part under the 640K-1M hole is unreachable, as in QEMU). */
static void pc_map_ram(MachineState *ms, PCBoard *pc)
{
    MemoryRegion *root = address_space_root(ms->as);
    MemoryRegion *ram = memory_region_new_ram("pc.ram", ms->ram_size);
    uint64_t conventional = MIN(pc->below_4g, VGA_WINDOW_START);
    memory_region_add_subregion(root, 0,
                                memory_region_new_alias("ram-low", ram, 0, conventional), 0);
    if (pc->below_4g > HIGH_MEM_START) {
        MemoryRegion *high = memory_region_new_alias("ram-below-4g", ram, HIGH_MEM_START,
                                                     pc->below_4g - HIGH_MEM_START);
        memory_region_add_subregion(root, HIGH_MEM_START, high, 0);
    }
    if (pc->above_4g) {
        MemoryRegion *above =
            memory_region_new_alias("ram-above-4g", ram, pc->below_4g, pc->above_4g);
        memory_region_add_subregion(root, FOUR_GIB, above, 0);
    }
    memory_region_add_subregion(root, PC_ROM_START,
                                memory_region_new_rom("pc.rom", PC_ROM_SIZE), 0);
}

/* The image at the top of 4 GiB, its last 128 KiB also below 1 MiB. */
static void pc_load_bios(MachineState *ms)
{
    const char *path = ms->firmware;
    uint8_t *data;
    size_t len;
    char *err = NULL;
    if (!loader_read_file(path, &data, &len, &err))
        fatal("-bios %s: %s", path, err);
    if (len == 0 || len % (64 * KiB) || len > BIOS_MAX)
        fatal("-bios %s: a BIOS image is a multiple of 64 KiB, up to 16 MiB (this one has %zu "
              "bytes)",
              path, len);
    MemoryRegion *root = address_space_root(ms->as);
    MemoryRegion *bios = memory_region_new_rom("pc.bios", len);
    memory_region_add_subregion(root, FOUR_GIB - len, bios, 0);
    uint64_t isa_len = MIN(len, ISA_BIOS_MAX);
    MemoryRegion *isa_bios = memory_region_new_alias("isa-bios", bios, len - isa_len, isa_len);
    memory_region_add_subregion(root, HIGH_MEM_START - isa_len, isa_bios, 1);
    if (!loader_add_blob(ms->as, "bios", FOUR_GIB - len, data, len, &err))
        fatal("-bios %s: %s", path, err);
    g_free(data);
}

/* ------------------------------------------------------- devices */

static void pc_create_device(const PCDeviceSpec *spec)
{
    Chardev *chr = serial_hd(spec->serial);
    if (!chr)
        return; /* as QEMU: a serial port per -serial */
    DeviceState *dev = device_new(spec->type);
    if (!dev)
        gemu_bug("pc: device type %s is not registered", spec->type);
    device_set_prop_u32(dev, "iobase", spec->iobase);
    device_set_prop_chardev(dev, "chardev", chr);
    char *err = NULL;
    if (!device_realize(dev, &err))
        fatal("%s: %s", spec->type, err);
    /* No interrupt controller yet: isa_irq stays unwired. */
}

/* ------------------------------------------------------- boot */

static void pc_load_kernel(MachineState *ms, PCBoard *pc)
{
    const char *path = ms->kernel_filename;
    uint8_t *data;
    size_t len;
    char *err = NULL;
    if (!loader_read_file(path, &data, &len, &err))
        fatal("-kernel %s: %s", path, err);
    MultibootConfig cfg = {
        .kernel_path = path,
        .cmdline = ms->kernel_cmdline,
        .modules = ms->initrd_filename,
        .ram_below_4g = pc->below_4g,
        .ram_above_4g = pc->above_4g,
    };
    LoadResult r = multiboot_load(ms->as, &cfg, data, len, &pc->boot, &err);
    if (r == LOAD_NOT_ELF)
        fatal("-kernel %s: not a Multiboot image (no Multiboot header in its first 8 KiB; "
              "Linux boot is not supported yet)",
              path);
    if (r == LOAD_ERROR)
        fatal("-kernel %s: %s", path, err);
    pc->multiboot = true;
    g_free(data);
}

/* ------------------------------------------------------- board */

static void pc_init(MachineState *ms)
{
    if (ms->smp_cpus > 1)
        fatal("-smp %d: the pc machine runs one CPU for now (no APIC to start others)",
              ms->smp_cpus);
    if (!ms->firmware && !ms->kernel_filename)
        fatal("no BIOS is bundled with gemu: give one with -bios FILE "
              "(e.g. /usr/share/seabios/bios-256k.bin) or a Multiboot kernel with -kernel");
    if (ms->firmware && ms->kernel_filename)
        fatal("-bios with -kernel is not supported yet (the BIOS would need fw_cfg)");
    PCBoard *pc = g_new0(PCBoard, 1);
    ms->board = pc;
    pc_split_ram(ms, pc);
    pc_map_ram(ms, pc);
    if (ms->firmware)
        pc_load_bios(ms);

    pc->io = address_space_new("io", ISA_NUM_PORTS);
    isa_bus_create(pc->io);
    for (int i = 0; i < ms->smp_cpus; i++)
        x86_cpu_set_io_space(cpu_create(ms->cpu_model, ms->as), pc->io);
    for (size_t i = 0; i < G_N_ELEMENTS(pc_devices); i++)
        pc_create_device(&pc_devices[i]);
    if (ms->kernel_filename)
        pc_load_kernel(ms, pc);
}

/* The CPU resets to F000:FFF0 (the BIOS); a Multiboot kernel is entered
 * in the state its loader leaves. */
static void pc_reset(MachineState *ms)
{
    PCBoard *pc = ms->board;
    if (pc->multiboot)
        x86_cpu_set_multiboot_regs(cpu_first(), pc->boot.entry, pc->boot.mbi);
}

static const MachineClass pc_machine = {
    .name = "pc",
    .desc = "Standard PC (i440FX memory layout, minimal: serial ports, no PCI yet)",
    .arch = "x86_64",
    .default_cpu_model = "qemu64",
    .default_ram_size = 128 * MiB,
    .max_cpus = 255,
    .init = pc_init,
    .reset = pc_reset,
};

machine_init(pc_register) { machine_register(&pc_machine); }
