/*
 * Devices: a type registry (DeviceClass, registered by name from a
 * constructor) and instances (DeviceState, the first member of every device
 * struct) with typed properties, MMIO regions and outgoing IRQ lines.
 *
 *   typedef struct PL011State { DeviceState parent; ... } PL011State;
 *
 * Life cycle: device_new() -> device_set_prop*() -> device_realize() ->
 * (board maps device_mmio() and wires device_connect_irq()) -> resets.
 * A board describes its devices as data and builds both the devices and its
 * device tree from that description; the fdt hook is the device's share.
 */
#ifndef HW_DEVICE_H
#define HW_DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "hw/irq.h"

typedef struct DeviceState DeviceState;
typedef struct DeviceClass DeviceClass;
typedef struct MemoryRegion MemoryRegion;

typedef enum DevicePropType {
    PROP_U32,
    PROP_U64,
    PROP_BOOL,
    PROP_STR,     /* char *, owned by the device (g_free'd on replace) */
    PROP_CHARDEV, /* Chardev *, set by chardev id */
} DevicePropType;

typedef struct DeviceProperty {
    const char *name;
    DevicePropType type;
    size_t offset; /* of the field in the device struct */
} DeviceProperty;

#define DEVICE_PROP(name_, type_, State, field)                                                \
    {                                                                                          \
        .name = (name_), .type = (type_), .offset = offsetof(State, field)                     \
    }

/* What a device's fdt hook adds to the node the board created for it. */
typedef struct DeviceFdtContext {
    void *fdt;
    int node;               /* "<fdt_name>@<base>" with reg and interrupts set */
    uint32_t clock_phandle; /* the board's fixed APB clock, 0 if none */
} DeviceFdtContext;

struct DeviceClass {
    const char *name;            /* type name, as in -device NAME */
    const char *desc;            /* one line for -device help */
    const char *fdt_name;        /* node name prefix in the device tree */
    size_t instance_size;        /* of the device struct (DeviceState first) */
    const DeviceProperty *props; /* ends with a { NULL } entry; may be NULL */
    /* -device may create it: its realize plugs it into its bus (hw/isa.h),
     * so it needs no board code to be reachable. */
    bool user_creatable;

    /* Allocation-time setup: create MMIO regions and IRQ outputs here. */
    void (*init)(DeviceState *dev);
    /* Properties are set: check them and connect backends.  On failure set
     * *errp to a g_malloc'ed one-line message and return false. */
    bool (*realize)(DeviceState *dev, char **errp);
    /* Back to power-on state (machine start and system reset). */
    void (*reset)(DeviceState *dev);
    /* Add compatible strings and device-specific properties. */
    void (*fdt_populate)(DeviceState *dev, const DeviceFdtContext *ctx);
};

enum { DEVICE_MAX_MMIO = 4, DEVICE_MAX_IRQ_OUT = 8 };

struct DeviceState {
    const DeviceClass *dc;
    bool realized;
    MemoryRegion *mmio[DEVICE_MAX_MMIO];
    int num_mmio;
    qemu_irq *irq_out[DEVICE_MAX_IRQ_OUT]; /* the device's own line fields */
    int num_irq_out;
    DeviceState *next; /* all devices, in creation order */
};

/* ------------------------------------------------------- type registry */

void device_type_register(const DeviceClass *dc);
const DeviceClass *device_type_find(const char *name);
/* "name  desc" per line, for -device help. */
void device_type_list(FILE *f);

#define device_type_init(fn) static void __attribute__((constructor)) fn(void)

/* ------------------------------------------------------- instances */

/* Allocate (zeroed) and run dc->init; NULL if the type is unknown. */
DeviceState *device_new(const char *type);
DeviceState *device_new_class(const DeviceClass *dc);

/* Set a property from text ("-device t,name=value"): u32/u64 accept C
 * number syntax, bool on/off/true/false/yes/no, chardev a chardev id. */
bool device_set_prop(DeviceState *dev, const char *name, const char *value, char **errp);
/* Typed setters for boards; a wrong name or type is a gemu_bug. */
void device_set_prop_u32(DeviceState *dev, const char *name, uint32_t value);
void device_set_prop_u64(DeviceState *dev, const char *name, uint64_t value);
void device_set_prop_bool(DeviceState *dev, const char *name, bool value);
void device_set_prop_str(DeviceState *dev, const char *name, const char *value);
struct Chardev;
void device_set_prop_chardev(DeviceState *dev, const char *name, struct Chardev *chr);

bool device_realize(DeviceState *dev, char **errp);

/* For dc->init: declare MMIO region n (in call order) and IRQ output n, the
 * latter being a qemu_irq field of the device that device_connect_irq fills. */
void device_init_mmio(DeviceState *dev, MemoryRegion *mr);
void device_init_irq_out(DeviceState *dev, qemu_irq *line);
MemoryRegion *device_mmio(DeviceState *dev, int n);
void device_connect_irq(DeviceState *dev, int n, qemu_irq irq);

void device_reset(DeviceState *dev);
/* Reset every realized device, in creation order. */
void device_reset_all(void);

#endif
