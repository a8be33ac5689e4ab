/*
 * The command line (QEMU's options and meanings), machine creation, and the
 * two run loops: the vCPU thread runs every CPU round-robin, the main
 * thread runs the GLib main loop for host I/O until a shutdown request.
 *
 * Machines, CPU models and device types are found by name in their
 * registries: this file includes no board or target header.
 */
#include <errno.h>
#include <glib-unix.h>
#include <glib.h>
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "backends/chardev.h"
#include "exec/cpu.h"
#include "exec/memory.h"
#include "hw/boards.h"
#include "hw/device.h"
#include "net/net.h"
#include "softmmu/vl.h"
#include "sysemu/block.h"
#include "sysemu/cpus.h"
#include "sysemu/runstate-internal.h"
#include "sysemu/runstate.h"
#include "sysemu/semihost-config.h"
#include "sysemu/stats.h"
#include "sysemu/timer-internal.h"
#include "util/error.h"
#include "util/log.h"

#define GEMU_VERSION "0.1"

enum { MAX_SERIALS = 4 };

typedef struct VlConfig {
    char *machine;
    const char *cpu;
    uint64_t ram_size; /* 0: the machine's default */
    int smp;
    bool nographic, nodefaults, no_reboot, semihosting;
    const char *serials[MAX_SERIALS];
    int num_serials;
    const char *kernel, *initrd, *append, *bios, *dtb;
    GString *semihosting_args;
    GPtrArray *devices;  /* -device specs, in command-line order */
    GPtrArray *chardevs; /* -chardev specs */
    TCGTier tier;
    int icount_shift; /* -icount shift=N; -1: CLOCK_VIRTUAL follows the host */
} VlConfig;

static VlConfig cfg = {.smp = 1, .tier = TCG_TIER_AUTO, .icount_shift = -1};

/* ------------------------------------------------------- option values */

/* Split "a,b=c": the first item without '=' is returned in *head (may be NULL). */
typedef bool (*KeyValueFn)(const char *opt, const char *key, const char *value);

static void parse_key_values(const char *opt, const char *text, char **head, KeyValueFn fn)
{
    gchar **items = g_strsplit(text, ",", -1);
    for (int i = 0; items[i]; i++) {
        char *eq = strchr(items[i], '=');
        if (!eq && i == 0 && head) {
            g_free(*head); /* a repeated option (-M virt ... -M virt,gic-version=3) */
            *head = g_strdup(items[i]);
            continue;
        }
        if (eq)
            *eq = 0;
        if (!fn(opt, items[i], eq ? eq + 1 : "on"))
            fatal("-%s %s: '%s' is not supported", opt, text, items[i]);
    }
    g_strfreev(items);
}

static bool parse_uint(const char *text, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 0);
    if (errno || end == text || *end || text[0] == '-')
        return false;
    *out = v;
    return true;
}

/* -m: a number of MiB, or with a K/M/G/T suffix. */
static bool parse_ram_size(const char *text, uint64_t *out)
{
    static const char suffixes[] = "KMGT";
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (errno || end == text || v <= 0 || text[0] == '-')
        return false;
    int shift = 20;
    if (*end) {
        const char *s = strchr(suffixes, g_ascii_toupper(*end));
        if (!s || end[1])
            return false;
        shift = 10 * (int)(s - suffixes + 1);
    }
    double bytes = v * (double)(1ull << shift);
    if (bytes >= 18446744073709551616.0)
        return false;
    *out = (uint64_t)bytes;
    return true;
}

/* ------------------------------------------------------- option handlers */

/* A KEY=VALUE of -M/-machine, set on the machine once it is created. */
typedef struct MachinePropArg {
    const char *option, *arg; /* "-OPTION ARG" as typed, for errors */
    char *key, *value;
} MachinePropArg;

static GPtrArray *machine_props; /* of MachinePropArg, in command-line order */
static bool machine_help;        /* -M NAME,help */
static const char *machine_option, *machine_arg; /* the one being parsed */

static bool machine_opt(const char *opt, const char *key, const char *value)
{
    if (strcmp(key, "type") == 0) {
        g_free(cfg.machine);
        cfg.machine = g_strdup(value);
    } else if (strcmp(key, "help") == 0) {
        machine_help = true;
    } else if (strcmp(key, "accel") == 0) {
        return strcmp(value, "tcg") == 0;
    } else {
        MachinePropArg *p = g_new(MachinePropArg, 1);
        *p = (MachinePropArg){machine_option, machine_arg, g_strdup(key), g_strdup(value)};
        g_ptr_array_add(machine_props, p);
    }
    return true;
}

static void parse_machine_option(const char *name, const char *arg)
{
    if (!machine_props)
        machine_props = g_ptr_array_new();
    machine_option = name;
    machine_arg = arg;
    parse_key_values(name, arg, &cfg.machine, machine_opt);
}

static void opt_M(const char *arg) { parse_machine_option("M", arg); }

static void opt_machine(const char *arg) { parse_machine_option("machine", arg); }

static void opt_cpu(const char *arg)
{
    if (strchr(arg, ','))
        fatal("-cpu %s: CPU features are not supported yet", arg);
    cfg.cpu = arg;
}

static bool memory_opt(const char *opt, const char *key, const char *value)
{
    return strcmp(key, "size") == 0 && parse_ram_size(value, &cfg.ram_size);
}

static void opt_memory(const char *arg)
{
    g_autofree char *size = NULL;
    parse_key_values("m", arg, &size, memory_opt);
    if (size && !parse_ram_size(size, &cfg.ram_size))
        fatal("-m %s: invalid RAM size", arg);
}

static bool smp_opt(const char *opt, const char *key, const char *value)
{
    uint64_t n;
    if (strcmp(key, "cpus") != 0 || !parse_uint(value, &n) || n == 0 || n > 1024)
        return false;
    cfg.smp = n;
    return true;
}

static void opt_smp(const char *arg)
{
    g_autofree char *count = NULL;
    uint64_t n;
    parse_key_values("smp", arg, &count, smp_opt);
    if (count) {
        if (!parse_uint(count, &n) || n == 0 || n > 1024)
            fatal("-smp %s: invalid number of CPUs", arg);
        cfg.smp = n;
    }
}

static void opt_serial(const char *arg)
{
    if (cfg.num_serials == MAX_SERIALS)
        fatal("-serial %s: at most %d serial ports", arg, MAX_SERIALS);
    cfg.serials[cfg.num_serials++] = arg;
}

static bool semihosting_opt(const char *opt, const char *key, const char *value)
{
    if (strcmp(key, "enable") == 0) {
        cfg.semihosting = strcmp(value, "on") == 0;
        return cfg.semihosting || strcmp(value, "off") == 0;
    }
    if (strcmp(key, "target") == 0)
        return strcmp(value, "native") == 0 || strcmp(value, "auto") == 0;
    if (strcmp(key, "arg") == 0) {
        if (!cfg.semihosting_args)
            cfg.semihosting_args = g_string_new(NULL);
        else
            g_string_append_c(cfg.semihosting_args, ' ');
        g_string_append(cfg.semihosting_args, value);
        return true;
    }
    return false;
}

static void opt_semihosting_config(const char *arg)
{
    cfg.semihosting = true; /* QEMU: enable=on is the default of this option */
    parse_key_values("semihosting-config", arg, NULL, semihosting_opt);
}

static void opt_log(const char *arg)
{
    const char *bad;
    if (strcmp(arg, "help") == 0) {
        log_print_help(stdout);
        exit(0);
    }
    if (!log_parse_mask(arg, &log_mask, &bad))
        fatal("-d %s: unknown log item '%s' (try -d help)", arg, bad);
}

static void opt_log_file(const char *arg)
{
    if (!log_set_file(arg))
        fatal("-D %s: %s", arg, strerror(errno));
}

static bool accel_opt(const char *opt, const char *key, const char *value)
{
    if (strcmp(key, "tier") == 0) {
        if (strcmp(value, "auto") == 0)
            cfg.tier = TCG_TIER_AUTO;
        else if (strcmp(value, "0") == 0 || strcmp(value, "1") == 0)
            cfg.tier = value[0] == '0' ? TCG_TIER_0 : TCG_TIER_1;
        else
            fatal("-accel: tier=%s: must be auto, 0 (interpreter) or 1 (libgccjit)", value);
        return true;
    }
    return strcmp(key, "thread") == 0 && strcmp(value, "single") == 0;
}

static void opt_accel(const char *arg)
{
    g_autofree char *name = NULL;
    parse_key_values("accel", arg, &name, accel_opt);
    if (!name || strcmp(name, "tcg") != 0)
        fatal("-accel %s: only the tcg accelerator is available", arg);
}

static char *icount_shift;
static bool icount_sleep = true;

static bool parse_on_off(const char *value, bool *out)
{
    if (strcmp(value, "on") == 0 || strcmp(value, "off") == 0) {
        *out = strcmp(value, "on") == 0;
        return true;
    }
    return false;
}

static bool icount_opt(const char *opt, const char *key, const char *value)
{
    if (strcmp(key, "shift") == 0) {
        g_free(icount_shift);
        icount_shift = g_strdup(value);
        return true;
    }
    if (strcmp(key, "sleep") == 0)
        return parse_on_off(value, &icount_sleep);
    return strcmp(key, "align") == 0 && strcmp(value, "off") == 0;
}

/* -icount [shift=]N[,sleep=on|off]: cfg.icount_shift = N (-1: off). */
static void opt_icount(const char *arg)
{
    uint64_t n;
    parse_key_values("icount", arg, &icount_shift, icount_opt);
    if (icount_shift && strcmp(icount_shift, "auto") == 0)
        fatal("-icount %s: shift=auto is not supported (give shift=0..10)", arg);
    if (!icount_shift || !parse_uint(icount_shift, &n) || n > 10)
        fatal("-icount %s: shift must be 0..10", arg);
    cfg.icount_shift = (int)n;
}

static void opt_display(const char *arg)
{
    if (strcmp(arg, "none") != 0)
        fatal("-display %s: only -display none is supported yet", arg);
}

static void opt_monitor(const char *arg)
{
    if (strcmp(arg, "none") != 0)
        fatal("-monitor %s: the monitor is not implemented yet (only -monitor none)", arg);
}

static void opt_global(const char *arg)
{
    char *err = NULL;
    if (!device_add_global(arg, &err))
        fatal("-global %s: %s", arg, err);
}

static void opt_device(const char *arg)
{
    if (strcmp(arg, "help") == 0) {
        device_type_list(stdout);
        exit(0);
    }
    if (!cfg.devices)
        cfg.devices = g_ptr_array_new();
    g_ptr_array_add(cfg.devices, (gpointer)arg);
}

static void opt_chardev(const char *arg)
{
    if (!cfg.chardevs)
        cfg.chardevs = g_ptr_array_new();
    g_ptr_array_add(cfg.chardevs, (gpointer)arg);
}

/* -drive file=F[,if=none|virtio|pflash][,unit=N][,id=ID][,format=raw][,readonly=on]
 *        [,snapshot=on] */
typedef struct DriveOpts {
    char *file, *id, *iface, *format, *unit;
    bool readonly, snapshot;
} DriveOpts;

static DriveOpts drive_opts;
static int drive_count;

static bool drive_opt(const char *opt, const char *key, const char *value)
{
    static const struct {
        const char *key;
        size_t offset;
    } strings[] = {
        {"file", offsetof(DriveOpts, file)},
        {"id", offsetof(DriveOpts, id)},
        {"if", offsetof(DriveOpts, iface)},
        {"format", offsetof(DriveOpts, format)},
        {"unit", offsetof(DriveOpts, unit)},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(strings); i++) {
        if (strcmp(key, strings[i].key) == 0) {
            char **field = (char **)((char *)&drive_opts + strings[i].offset);
            g_free(*field);
            *field = g_strdup(value);
            return true;
        }
    }
    if (strcmp(key, "readonly") == 0)
        return parse_on_off(value, &drive_opts.readonly);
    if (strcmp(key, "snapshot") == 0)
        return parse_on_off(value, &drive_opts.snapshot);
    /* Accepted and meaningless here: every write goes through synchronously. */
    return (strcmp(key, "cache") == 0 || strcmp(key, "media") == 0) &&
           (strcmp(value, "writeback") == 0 || strcmp(value, "none") == 0 ||
            strcmp(value, "disk") == 0);
}

static void opt_drive(const char *arg)
{
    char *err = NULL;

    memset(&drive_opts, 0, sizeof(drive_opts));
    parse_key_values("drive", arg, NULL, drive_opt);
    if (!drive_opts.file)
        fatal("-drive %s: file=FILE is required", arg);
    if (drive_opts.format && strcmp(drive_opts.format, "raw") != 0)
        fatal("-drive %s: format=%s: not supported (only raw images)", arg, drive_opts.format);
    const char *iface = drive_opts.iface ? drive_opts.iface : "virtio";
    if (strcmp(iface, "none") != 0 && strcmp(iface, "virtio") != 0 &&
        strcmp(iface, "pflash") != 0)
        fatal("-drive %s: if=%s: not supported (if=none, virtio or pflash)", arg, iface);
    BlockBackend *blk =
        blk_open(drive_opts.file, drive_opts.readonly, drive_opts.snapshot, &err);
    if (!blk)
        fatal("-drive %s: %s", arg, err);
    char *id =
        drive_opts.id ? g_strdup(drive_opts.id) : g_strdup_printf("virtio%d", drive_count);
    if (strcmp(iface, "pflash") == 0) {
        /* Boards find flash contents by unit, as QEMU's: "pflash<unit>". */
        static int pflash_units;
        uint64_t unit = pflash_units;
        if (drive_opts.unit && (!parse_uint(drive_opts.unit, &unit) || unit > 7))
            fatal("-drive %s: unit=%s: not a flash unit", arg, drive_opts.unit);
        pflash_units = (int)unit + 1;
        g_free(id);
        id = g_strdup_printf("pflash%d", (int)unit);
    }
    if (blk_by_id(id))
        fatal("-drive %s: duplicate id %s", arg, id);
    blk_set_id(blk, id);
    drive_count++;
    if (strcmp(iface, "virtio") == 0)
        opt_device(g_strdup_printf("virtio-blk-device,drive=%s", id));
    g_free(id);
    g_free(drive_opts.file);
    g_free(drive_opts.id);
    g_free(drive_opts.iface);
    g_free(drive_opts.format);
    g_free(drive_opts.unit);
}

/* -netdev and -nic: the backend is created now, as QEMU does, so a busy
 * hostfwd port is reported before the machine starts. */
static void opt_netdev(const char *arg)
{
    char *err = NULL;
    if (strcmp(arg, "help") == 0) {
        net_backend_list(stdout);
        exit(0);
    }
    if (!netdev_add(arg, &err))
        fatal("-netdev %s", err);
}

static void opt_nic(const char *arg)
{
    char *err = NULL, *device = NULL;
    if (!net_nic_add(arg, &device, &err))
        fatal("-nic %s", err);
    if (device)
        opt_device(device);
}

/* ------------------------------------------------------- option table */

typedef enum OptKind {
    OPT_FLAG,            /* sets *flag */
    OPT_ARG,             /* takes a value: handle(value) or *value = value */
    OPT_ACTION,          /* no value: handle(NULL) */
    OPT_UNSUPPORTED,     /* not yet: a loud error naming the option */
    OPT_UNSUPPORTED_ARG, /* the same, for an option that takes a value */
} OptKind;

typedef struct VlOption {
    const char *name;
    OptKind kind;
    void (*handle)(const char *arg);
    bool *flag;
    const char **value;
    const char *arg;  /* for -help: the value's form */
    const char *help; /* for -help, or the error of an unsupported option */
} VlOption;

static void usage(const char *unused);
static void version(const char *unused);

static const VlOption options[] = {
    {"M", OPT_ARG, opt_M, .arg = "NAME[,PROP=VALUE...]",
     .help = "select the machine (-M help), set its properties (-M NAME,help)"},
    {"machine", OPT_ARG, opt_machine, .arg = "[type=]NAME[,PROP=VALUE...]",
     .help = "the same; dumpdtb=FILE writes the device tree to FILE and exits"},
    {"cpu", OPT_ARG, opt_cpu, .arg = "NAME", .help = "select the CPU model (-cpu help)"},
    {"m", OPT_ARG, opt_memory, .arg = "SIZE",
     .help = "RAM size: MiB, or with a K/M/G/T suffix"},
    {"smp", OPT_ARG, opt_smp, .arg = "N", .help = "number of CPUs"},
    {"nographic", OPT_FLAG, .flag = &cfg.nographic,
     .help = "serial port on the terminal; Ctrl-A x quits, Ctrl-A h helps"},
    {"nodefaults", OPT_FLAG, .flag = &cfg.nodefaults, .help = "no default serial port"},
    {"serial", OPT_ARG, opt_serial, .arg = "DEV",
     .help = "stdio, mon:stdio, null or file:PATH"},
    {"no-reboot", OPT_FLAG, .flag = &cfg.no_reboot, .help = "exit instead of rebooting"},
    {"kernel", OPT_ARG, .value = &cfg.kernel, .arg = "FILE",
     .help = "ELF, arm64 Image or raw kernel to boot"},
    {"initrd", OPT_ARG, .value = &cfg.initrd, .arg = "FILE", .help = "initial ramdisk"},
    {"append", OPT_ARG, .value = &cfg.append, .arg = "TEXT", .help = "kernel command line"},
    {"bios", OPT_ARG, .value = &cfg.bios, .arg = "FILE",
     .help = "firmware image for the flash"},
    {"dtb", OPT_ARG, .value = &cfg.dtb, .arg = "FILE",
     .help = "device tree blob instead of the generated one"},
    {"semihosting", OPT_FLAG, .flag = &cfg.semihosting, .help = "enable semihosting"},
    {"semihosting-config", OPT_ARG, opt_semihosting_config, .arg = "enable=on,arg=A",
     .help = "the same, with options"},
    {"d", OPT_ARG, opt_log, .arg = "ITEM,...", .help = "log items (-d help)"},
    {"D", OPT_ARG, opt_log_file, .arg = "FILE", .help = "log to FILE instead of stderr"},
    {"accel", OPT_ARG, opt_accel, .arg = "tcg[,tier=auto|0|1]",
     .help = "auto (default): hot code compiled with libgccjit in the background; "
             "0: interpreter only; 1: compile every block"},
    {"icount", OPT_ARG, opt_icount, .arg = "shift=N[,sleep=on|off]",
     .help = "virtual time: 2^N ns per instruction"},
    {"display", OPT_ARG, opt_display, .arg = "none", .help = "no display"},
    {"monitor", OPT_ARG, opt_monitor, .arg = "none", .help = "no monitor"},
    {"device", OPT_ARG, opt_device, .arg = "TYPE[,PROP=VALUE...]",
     .help = "add a device (-device help lists them)"},
    {"s", OPT_UNSUPPORTED, .help = "the gdb stub is not implemented yet"},
    {"S", OPT_UNSUPPORTED, .help = "the gdb stub is not implemented yet"},
    {"gdb", OPT_UNSUPPORTED_ARG, .help = "the gdb stub is not implemented yet"},
    {"global", OPT_ARG, opt_global, .arg = "TYPE.PROP=VALUE",
     .help = "set a property of every device of TYPE"},
    {"drive", OPT_ARG, opt_drive,
     .arg = "file=F[,if=none|virtio|pflash][,unit=N][,id=ID][,readonly=on][,snapshot=on]",
     .help = "a raw disk image (if=virtio: on a virtio-blk device; pflash: flash unit N)"},
    {"netdev", OPT_ARG, opt_netdev, .arg = "user,id=ID[,hostfwd=RULE...]",
     .help = "user-mode network; RULE [tcp|udp]:[HADDR]:HPORT-[GADDR]:GPORT"},
    {"nic", OPT_ARG, opt_nic, .arg = "user[,hostfwd=...][,mac=MAC]|none",
     .help = "a virtio-net card on a new user-mode backend"},
    {"chardev", OPT_ARG, opt_chardev, .arg = "stdio|file|socket|null,id=ID[,...]",
     .help = "a character backend for devices (chardev=ID)"},
    {"enable-kvm", OPT_UNSUPPORTED, .help = "only the tcg accelerator is available"},
    {"help", OPT_ACTION, usage, .help = "this help"},
    {"h", OPT_ACTION, usage, .help = "this help"},
    {"version", OPT_ACTION, version, .help = "print the version"},
};

static void usage(const char *unused)
{
    printf("usage: gemu [options]\n\n");
    for (size_t i = 0; i < G_N_ELEMENTS(options); i++) {
        const VlOption *o = &options[i];
        if (o->kind == OPT_UNSUPPORTED || o->kind == OPT_UNSUPPORTED_ARG)
            continue;
        char *form = g_strdup_printf("-%s %s", o->name, o->arg ? o->arg : "");
        printf("  %-34s %s\n", form, o->help);
        g_free(form);
    }
    exit(0);
}

static void version(const char *unused)
{
    printf("gemu version " GEMU_VERSION "\n");
    exit(0);
}

static const VlOption *find_option(const char *arg)
{
    const char *name = arg + 1 + (arg[1] == '-'); /* -opt and --opt */
    for (size_t i = 0; i < G_N_ELEMENTS(options); i++) {
        if (strcmp(options[i].name, name) == 0)
            return &options[i];
    }
    return NULL;
}

static void parse_command_line(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (arg[0] != '-' || !arg[1])
            fatal("%s: unexpected argument (disk images are not supported yet)", arg);
        const VlOption *o = find_option(arg);
        if (!o)
            fatal("%s: invalid option", arg);
        const char *value = NULL;
        if (o->kind == OPT_ARG || o->kind == OPT_UNSUPPORTED_ARG) {
            if (i + 1 >= argc)
                fatal("%s: requires an argument", arg);
            value = argv[++i];
        }
        if (o->kind == OPT_UNSUPPORTED || o->kind == OPT_UNSUPPORTED_ARG)
            fatal("%s%s%s: %s", arg, value ? " " : "", value ? value : "", o->help);
        else if (o->flag)
            *o->flag = true;
        else if (o->value)
            *o->value = value;
        else
            o->handle(value);
    }
}

/* ------------------------------------------------------- machine setup */

static const MachineClass *select_machine(void)
{
    if (cfg.machine && strcmp(cfg.machine, "help") == 0) {
        machine_list(stdout);
        exit(0);
    }
    if (!cfg.machine && cfg.cpu && strcmp(cfg.cpu, "help") == 0)
        fatal("-cpu help: select a machine first, e.g. -M virt -cpu help");
    if (!cfg.machine)
        fatal("no machine specified, and there is no default (use -M help to list them)");
    const MachineClass *mc = machine_find(cfg.machine);
    if (!mc)
        fatal("-M %s: unsupported machine type (use -M help to list them)", cfg.machine);
    return mc;
}

static bool cpu_model_allowed(const MachineClass *mc, const char *name)
{
    if (!mc->valid_cpu_models)
        return true;
    for (const char *const *m = mc->valid_cpu_models; *m; m++) {
        if (strcmp(*m, name) == 0)
            return true;
    }
    return false;
}

static const CPUModel *select_cpu_model(const MachineClass *mc)
{
    if (cfg.cpu && strcmp(cfg.cpu, "help") == 0) {
        cpu_model_list(mc->arch, stdout);
        exit(0);
    }
    const char *name = cfg.cpu ? cfg.cpu : mc->default_cpu_model;
    const CPUModel *model = cpu_model_find(mc->arch, name);
    if (!model)
        fatal("-cpu %s: unknown CPU model (use -cpu help to list them)", name);
    if (!cpu_model_allowed(mc, name))
        fatal("-cpu %s: not supported by machine %s", name, mc->name);
    return model;
}

static void create_serials(void)
{
    for (guint i = 0; cfg.chardevs && i < cfg.chardevs->len; i++) {
        const char *spec = g_ptr_array_index(cfg.chardevs, i);
        char *err = NULL;
        if (!chardev_new_from_opts(spec, &err))
            fatal("-chardev %s: %s", spec, err);
    }
    if (cfg.num_serials == 0 && !cfg.nodefaults) {
        /* No display yet: without -nographic the serial port still goes to
         * the terminal, but without the Ctrl-A escapes. */
        cfg.serials[cfg.num_serials++] = cfg.nographic ? "mon:stdio" : "stdio";
    }
    for (int i = 0; i < cfg.num_serials; i++) {
        char id[32], *err = NULL;
        snprintf(id, sizeof(id), "serial%d", i);
        if (!chardev_new(id, cfg.serials[i], &err))
            fatal("-serial %s: %s", cfg.serials[i], err);
    }
}

/*
 * SYS_GET_CMDLINE as QEMU 7.2 answers it (checked with qemu-system-aarch64):
 * the arg= values joined by spaces, or else the -kernel path followed by
 * the words of -append, single-spaced.
 */
static void setup_semihosting(void)
{
    semihosting_set_enabled(cfg.semihosting);
    if (cfg.semihosting_args) {
        semihosting_set_cmdline(cfg.semihosting_args->str);
        return;
    }
    if (!cfg.kernel)
        return;
    GString *cmdline = g_string_new(cfg.kernel);
    gchar **words = g_strsplit_set(cfg.append ? cfg.append : "", " \t\n", -1);
    for (int i = 0; words[i]; i++) {
        if (words[i][0])
            g_string_append_printf(cmdline, " %s", words[i]);
    }
    g_strfreev(words);
    semihosting_set_cmdline(cmdline->str);
    g_string_free(cmdline, TRUE);
}

static void set_machine_props(MachineState *ms)
{
    char *err = NULL;

    if (machine_help) {
        machine_print_props(ms->mc, stdout);
        exit(0);
    }
    for (guint i = 0; machine_props && i < machine_props->len; i++) {
        const MachinePropArg *p = g_ptr_array_index(machine_props, i);
        if (!machine_set_prop(ms, p->key, p->value, &err))
            fatal("-%s %s: %s", p->option, p->arg, err);
    }
}

static MachineState *create_machine(void)
{
    const MachineClass *mc = select_machine();
    MachineState *ms = machine_new(mc);
    ms->cpu_model = select_cpu_model(mc);
    ms->ram_size = cfg.ram_size ? cfg.ram_size : mc->default_ram_size;
    if (cfg.smp > mc->max_cpus)
        fatal("-smp %d: machine %s supports at most %d CPUs", cfg.smp, mc->name, mc->max_cpus);
    ms->smp_cpus = cfg.smp;
    ms->kernel_filename = cfg.kernel;
    ms->initrd_filename = cfg.initrd;
    ms->kernel_cmdline = cfg.append ? cfg.append : "";
    ms->firmware = cfg.bios;
    ms->dtb_filename = cfg.dtb;
    ms->as = address_space_system();
    if (cfg.initrd && !cfg.kernel)
        fatal("-initrd %s: needs -kernel", cfg.initrd);
    if (cfg.append && !cfg.kernel)
        fatal("-append: needs -kernel");
    set_machine_props(ms);
    return ms;
}

/* -device TYPE,PROP=VALUE,...: after the board, as QEMU does, so the device
 * finds the bus it plugs itself into. */
static void create_user_device(const char *spec)
{
    gchar **items = g_strsplit(spec, ",", -1);
    const DeviceClass *dc = device_type_find(items[0]);
    if (!dc || !dc->user_creatable)
        fatal("-device %s: not supported", items[0]);
    DeviceState *dev = device_new_class(dc);
    char *err = NULL;
    for (int i = 1; items[i]; i++) {
        char *eq = strchr(items[i], '=');
        if (!eq)
            fatal("-device %s: '%s' is not PROPERTY=VALUE", spec, items[i]);
        *eq = 0;
        if (!device_set_prop(dev, items[i], eq + 1, &err))
            fatal("-device %s: %s", spec, err);
    }
    if (!device_realize(dev, &err))
        fatal("-device %s: %s", spec, err);
    g_strfreev(items);
}

static void create_user_devices(void)
{
    for (guint i = 0; cfg.devices && i < cfg.devices->len; i++)
        create_user_device(g_ptr_array_index(cfg.devices, i));
}

/* ------------------------------------------------------- run loops */

static GMutex vcpu_done_lock;
static GCond vcpu_done_cond;
static bool vcpu_done;

static bool cpu_can_run(CPUState *cpu)
{
    return !cpu->stopped && (!cpu->halted || cpu_has_work(cpu));
}

/*
 * Every CPU is halted or powered off: sleep until an interrupt, a kick, a
 * shutdown/reset request (those cpu_exit() every CPU) or the next timer.
 */
static void wait_for_work(void)
{
    CPU_FOREACH(cpu)
    {
        if (cpu_can_run(cpu))
            return;
    }
    int64_t sleep_us = timers_idle_sleep_us();
    if (sleep_us == 0)
        return;
    CPU_FOREACH(cpu)
    {
        if (!cpu->stopped) {
            timers_idle_woke(cpu_wait_for_work(cpu, sleep_us));
            return;
        }
    }
    /* All powered off: only a shutdown or reset request can follow. */
    g_usleep(10000);
}

static void run_expired_timers(void)
{
    if (timers_expired()) {
        bql_lock();
        timers_run_expired();
        bql_unlock();
    }
}

/* -icount: a CPU's slice ends at the next timer deadline (or after ICOUNT_SLICE). */
#define ICOUNT_SLICE 100000

static void run_all_cpus_once(void)
{
    bool ran = false;
    CPU_FOREACH(cpu)
    {
        if (system_shutdown_pending())
            return;
        run_expired_timers();
        if (!cpu_can_run(cpu))
            continue;
        if (timers_icount_enabled())
            cpu->icount_budget = MIN(timers_icount_budget(), ICOUNT_SLICE);
        int reason = cpu_exec(cpu);
        ran |= reason != EXCP_HLT && reason != EXCP_HALTED;
    }
    if (!ran)
        wait_for_work();
}

static gpointer vcpu_thread(gpointer opaque)
{
    MachineState *ms = opaque;
    while (!system_shutdown_pending()) {
        if (runstate_take_reset_request()) {
            bql_lock();
            machine_reset(ms);
            bql_unlock();
        }
        run_all_cpus_once();
    }
    g_mutex_lock(&vcpu_done_lock);
    vcpu_done = true;
    g_cond_signal(&vcpu_done_cond);
    g_mutex_unlock(&vcpu_done_lock);
    return NULL;
}

/* Give the vCPU thread a moment to leave guest code before exiting. */
static void wait_for_vcpu_thread(void)
{
    gint64 deadline = g_get_monotonic_time() + G_TIME_SPAN_SECOND / 2;
    g_mutex_lock(&vcpu_done_lock);
    while (!vcpu_done && g_cond_wait_until(&vcpu_done_cond, &vcpu_done_lock, deadline))
        ;
    g_mutex_unlock(&vcpu_done_lock);
}

static gboolean on_signal(gpointer opaque)
{
    error_report("terminating on signal %d", GPOINTER_TO_INT(opaque));
    system_shutdown_request(0);
    return G_SOURCE_CONTINUE;
}

static void watch_signals(void)
{
    static const int signals[] = {SIGINT, SIGTERM, SIGHUP};
    for (size_t i = 0; i < G_N_ELEMENTS(signals); i++)
        g_unix_signal_add(signals[i], on_signal, GINT_TO_POINTER(signals[i]));
}

/* A timer is due: make the running CPU come back to the run loop. */
static void kick_all_cpus(void)
{
    CPU_FOREACH(cpu) { cpu_exit(cpu); }
}

/* The machine being run and its vCPU thread: kept for the process's life. */
static MachineState *current_machine;
static GThread *vcpu_thread_handle;

int vl_main(int argc, char **argv)
{
    parse_command_line(argc, argv);
    MachineState *ms = current_machine = create_machine();
    atexit(chardev_cleanup_all);
    atexit(blk_close_all);
    create_serials();
    setup_semihosting();
    runstate_set_no_reboot(cfg.no_reboot);
    cpu_exec_set_tier(cfg.tier);
    if (cfg.icount_shift >= 0) {
        timers_set_icount(cfg.icount_shift, icount_sleep);
        cpu_exec_set_icount(true);
    }
    watch_signals();

    bql_lock();
    ms->mc->init(ms);
    create_user_devices();
    machine_reset(ms);
    bql_unlock();

    timers_set_kick(kick_all_cpus);
    vcpu_thread_handle = g_thread_new("vcpu", vcpu_thread, ms);
    while (!system_shutdown_pending())
        g_main_context_iteration(NULL, TRUE);
    wait_for_vcpu_thread();
    /* Before exit(): libgccjit's static destructors must not run under a compile. */
    tcg_tierup_stop();
    if (log_enabled(LOG_STATS))
        stats_print(log_file());
    return runstate_exit_code();
}
