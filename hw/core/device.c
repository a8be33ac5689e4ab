/* Device type registry and device instances with typed properties. */
#include <errno.h>
#include <glib.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "backends/chardev.h"
#include "hw/device.h"
#include "util/error.h"
#include "util/parse.h"
#include "util/registry.h"

static Registry device_types = REGISTRY_INIT("device type");
static DeviceState *first_device, **last_device = &first_device;

void device_type_register(const DeviceClass *dc) { registry_add(&device_types, dc->name, dc); }

const DeviceClass *device_type_find(const char *name)
{
    return registry_find(&device_types, name);
}

static void print_device_type(const void *item, void *opaque)
{
    const DeviceClass *dc = item;
    fprintf(opaque, "%-20s %s\n", dc->name, dc->desc ? dc->desc : "");
}

void device_type_list(FILE *f) { registry_foreach_sorted(&device_types, print_device_type, f); }

/* -global TYPE.PROP=VALUE settings, applied to every new device of TYPE. */
typedef struct DeviceGlobal {
    char *type, *prop, *value;
} DeviceGlobal;

static GPtrArray *device_globals;

bool device_add_global(const char *spec, char **errp)
{
    const char *dot = strchr(spec, '.');
    const char *eq = dot ? strchr(dot, '=') : NULL;
    if (!dot || !eq) {
        *errp = g_strdup("expected TYPE.PROPERTY=VALUE");
        return false;
    }
    g_autofree char *type = g_strndup(spec, (gsize)(dot - spec));
    if (!device_type_find(type)) {
        *errp = g_strdup_printf("no device type %s", type);
        return false;
    }
    DeviceGlobal *g = g_new(DeviceGlobal, 1);
    g->type = g_steal_pointer(&type);
    g->prop = g_strndup(dot + 1, (gsize)(eq - dot - 1));
    g->value = g_strdup(eq + 1);
    if (!device_globals)
        device_globals = g_ptr_array_new();
    g_ptr_array_add(device_globals, g);
    return true;
}

static void apply_globals(DeviceState *dev)
{
    for (guint i = 0; device_globals && i < device_globals->len; i++) {
        DeviceGlobal *g = g_ptr_array_index(device_globals, i);
        char *err = NULL;
        if (strcmp(g->type, dev->dc->name) == 0 &&
            !device_set_prop(dev, g->prop, g->value, &err))
            fatal("-global %s.%s=%s: %s", g->type, g->prop, g->value, err);
    }
}

DeviceState *device_new_class(const DeviceClass *dc)
{
    if (dc->instance_size < sizeof(DeviceState))
        gemu_bug("device type %s: instance_size too small", dc->name);
    DeviceState *dev = g_malloc0(dc->instance_size);
    dev->dc = dc;
    *last_device = dev;
    last_device = &dev->next;
    if (dc->init)
        dc->init(dev);
    apply_globals(dev);
    return dev;
}

DeviceState *device_new(const char *type)
{
    const DeviceClass *dc = device_type_find(type);
    return dc ? device_new_class(dc) : NULL;
}

static const DeviceProperty *find_prop(const DeviceState *dev, const char *name)
{
    for (const DeviceProperty *p = dev->dc->props; p && p->name; p++) {
        if (strcmp(p->name, name) == 0)
            return p;
    }
    return NULL;
}

static void *prop_field(DeviceState *dev, const DeviceProperty *p)
{
    return (char *)dev + p->offset;
}

bool device_set_prop(DeviceState *dev, const char *name, const char *value, char **errp)
{
    const DeviceProperty *p = find_prop(dev, name);
    if (!p) {
        *errp = g_strdup_printf("device %s has no property '%s'", dev->dc->name, name);
        return false;
    }
    void *field = prop_field(dev, p);
    uint64_t number;
    bool ok = true;
    switch (p->type) {
    case PROP_U32:
        ok = parse_u64(value, UINT32_MAX, &number);
        if (ok)
            *(uint32_t *)field = number;
        break;
    case PROP_U64:
        ok = parse_u64(value, UINT64_MAX, &number);
        if (ok)
            *(uint64_t *)field = number;
        break;
    case PROP_BOOL:
        ok = parse_bool(value, field);
        break;
    case PROP_STR:
        g_free(*(char **)field);
        *(char **)field = g_strdup(value);
        break;
    case PROP_CHARDEV:
        *(Chardev **)field = chardev_find(value);
        if (!*(Chardev **)field) {
            *errp = g_strdup_printf("property '%s': no chardev '%s'", name, value);
            return false;
        }
        break;
    }
    if (!ok)
        *errp = g_strdup_printf("property '%s': bad value '%s'", name, value);
    return ok;
}

static void *typed_field(DeviceState *dev, const char *name, DevicePropType type)
{
    const DeviceProperty *p = find_prop(dev, name);
    if (!p || p->type != type)
        gemu_bug("device %s: no property %s of type %d", dev->dc->name, name, type);
    return prop_field(dev, p);
}

void device_set_prop_u32(DeviceState *dev, const char *name, uint32_t value)
{
    *(uint32_t *)typed_field(dev, name, PROP_U32) = value;
}

void device_set_prop_u64(DeviceState *dev, const char *name, uint64_t value)
{
    *(uint64_t *)typed_field(dev, name, PROP_U64) = value;
}

void device_set_prop_bool(DeviceState *dev, const char *name, bool value)
{
    *(bool *)typed_field(dev, name, PROP_BOOL) = value;
}

void device_set_prop_str(DeviceState *dev, const char *name, const char *value)
{
    char **field = typed_field(dev, name, PROP_STR);
    g_free(*field);
    *field = g_strdup(value);
}

void device_set_prop_chardev(DeviceState *dev, const char *name, Chardev *chr)
{
    *(Chardev **)typed_field(dev, name, PROP_CHARDEV) = chr;
}

bool device_realize(DeviceState *dev, char **errp)
{
    if (dev->realized)
        gemu_bug("device %s realized twice", dev->dc->name);
    if (dev->dc->realize && !dev->dc->realize(dev, errp))
        return false;
    dev->realized = true;
    device_reset(dev);
    return true;
}

void device_init_mmio(DeviceState *dev, MemoryRegion *mr)
{
    if (dev->num_mmio == DEVICE_MAX_MMIO)
        gemu_bug("device %s: too many MMIO regions", dev->dc->name);
    dev->mmio[dev->num_mmio++] = mr;
}

void device_init_irq_in(DeviceState *dev, qemu_irq_handler handler, int n)
{
    dev->irq_in = g_new(qemu_irq, n);
    dev->num_irq_in = n;
    for (int i = 0; i < n; i++)
        dev->irq_in[i] = qemu_allocate_irq(handler, dev, i);
}

qemu_irq device_irq_in(DeviceState *dev, int n)
{
    if (n < 0 || n >= dev->num_irq_in)
        gemu_bug("device %s has no input line %d", dev->dc->name, n);
    return dev->irq_in[n];
}

void device_init_irq_out(DeviceState *dev, qemu_irq *line)
{
    if (dev->num_irq_out == DEVICE_MAX_IRQ_OUT)
        gemu_bug("device %s: too many IRQ outputs", dev->dc->name);
    dev->irq_out[dev->num_irq_out++] = line;
}

MemoryRegion *device_mmio(DeviceState *dev, int n)
{
    if (n < 0 || n >= dev->num_mmio)
        gemu_bug("device %s has no MMIO region %d", dev->dc->name, n);
    return dev->mmio[n];
}

void device_connect_irq(DeviceState *dev, int n, qemu_irq irq)
{
    if (n < 0 || n >= dev->num_irq_out)
        gemu_bug("device %s has no IRQ output %d", dev->dc->name, n);
    *dev->irq_out[n] = irq;
}

void device_reset(DeviceState *dev)
{
    if (dev->dc->reset)
        dev->dc->reset(dev);
}

void device_reset_all(void)
{
    for (DeviceState *dev = first_device; dev; dev = dev->next) {
        if (dev->realized)
            device_reset(dev);
    }
}
