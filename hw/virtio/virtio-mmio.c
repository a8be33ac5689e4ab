/*
 * The virtio-mmio transport ("virtio-mmio"), in both register layouts:
 * legacy (version 1: page-frame queue addresses, QEMU's default on virt)
 * and modern (version 2: 64-bit ring addresses, QueueReady), chosen by the
 * property force-legacy (on by default, as QEMU; -global
 * virtio-mmio.force-legacy=false for version 2).  Boards create a number of
 * transports; a virtio device plugs itself into the first free one
 * (virtio_mmio_plug).  Without a device the transport reads as device ID 0,
 * which drivers skip.
 */
#include <glib.h>

#include "exec/memory.h"
#include "hw/device.h"
#include "hw/virtio/virtio.h"
#include "util/log.h"

#include <libfdt.h>

enum {
    VIRTIO_MMIO_SIZE = 0x200,
    VIRTIO_MMIO_MAGIC = 0x74726976,  /* "virt" */
    VIRTIO_MMIO_VENDOR = 0x554d4551, /* "QEMU" */
    VIRTIO_MMIO_CONFIG = 0x100,
    LEGACY_QUEUE_ALIGN = 4096,
};

typedef struct VirtIOMMIOState {
    DeviceState parent;
    MemoryRegion *mmio;
    qemu_irq irq;
    bool force_legacy; /* property "force-legacy" */

    VirtIODevice *vdev; /* NULL: nothing plugged */
    uint32_t host_features_sel, guest_features_sel;
    uint32_t queue_sel;
    uint32_t guest_page_size;                /* legacy */
    uint32_t queue_align[VIRTIO_MAX_QUEUES]; /* legacy */
    uint32_t queue_pfn[VIRTIO_MAX_QUEUES];   /* legacy */
} VirtIOMMIOState;

static GPtrArray *transports; /* registered by boards, in plug order */

static VirtQueue *current_queue(VirtIOMMIOState *s)
{
    return s->queue_sel < VIRTIO_MAX_QUEUES ? &s->vdev->vq[s->queue_sel] : NULL;
}

static uint64_t offered_features(VirtIOMMIOState *s)
{
    return s->vdev->host_features | (s->force_legacy ? 0 : 1ull << VIRTIO_F_VERSION_1);
}

static void virtio_mmio_update_irq(void *opaque)
{
    VirtIOMMIOState *s = opaque;

    qemu_set_irq(s->irq, s->vdev && s->vdev->isr != 0);
}

/* Legacy queues: one contiguous area at PFN * page size, used ring aligned. */
static void legacy_queue_setup(VirtIOMMIOState *s, unsigned n)
{
    VirtQueue *vq = &s->vdev->vq[n];
    uint64_t base = (uint64_t)s->queue_pfn[n] * s->guest_page_size;
    uint64_t align = s->queue_align[n] ? s->queue_align[n] : LEGACY_QUEUE_ALIGN;

    vq->desc = base;
    vq->avail = base + 16ull * vq->num;
    vq->used = (vq->avail + 6 + 2ull * vq->num + align - 1) & ~(align - 1);
    vq->ready = s->queue_pfn[n] != 0;
    if (!vq->ready) {
        vq->last_avail_idx = vq->used_idx = 0;
    }
}

static uint32_t config_read(VirtIOMMIOState *s, uint64_t offset, unsigned size)
{
    uint8_t config[256] = {0};
    uint32_t val = 0;

    if (offset + size > s->vdev->ops->config_size || !s->vdev->ops->get_config) {
        return 0;
    }
    s->vdev->ops->get_config(s->vdev, config);
    memcpy(&val, config + offset, size);
    return GUINT32_FROM_LE(val);
}

static void config_write(VirtIOMMIOState *s, uint64_t offset, unsigned size, uint32_t val)
{
    uint8_t config[256] = {0};

    if (offset + size > s->vdev->ops->config_size || !s->vdev->ops->set_config) {
        return;
    }
    s->vdev->ops->get_config(s->vdev, config);
    val = GUINT32_TO_LE(val);
    memcpy(config + offset, &val, size);
    s->vdev->ops->set_config(s->vdev, config);
}

static uint64_t virtio_mmio_read(void *opaque, uint64_t addr, unsigned size)
{
    VirtIOMMIOState *s = opaque;
    VirtQueue *vq;

    switch (addr) {
    case 0x000:
        return VIRTIO_MMIO_MAGIC;
    case 0x004:
        return s->force_legacy ? 1 : 2;
    case 0x008:
        return s->vdev ? s->vdev->ops->device_id : 0;
    case 0x00c:
        return VIRTIO_MMIO_VENDOR;
    }
    if (!s->vdev) {
        return 0;
    }
    if (addr >= VIRTIO_MMIO_CONFIG) {
        return config_read(s, addr - VIRTIO_MMIO_CONFIG, size);
    }
    vq = current_queue(s);
    switch (addr) {
    case 0x010: /* DeviceFeatures */
        return s->host_features_sel < 2
                   ? (uint32_t)(offered_features(s) >> (32 * s->host_features_sel))
                   : 0;
    case 0x034: /* QueueNumMax */
        return vq ? vq->num_max : 0;
    case 0x040: /* QueuePFN (legacy) */
        return s->force_legacy && vq ? s->queue_pfn[s->queue_sel] : 0;
    case 0x044: /* QueueReady */
        return !s->force_legacy && vq ? vq->ready : 0;
    case 0x060: /* InterruptStatus */
        return s->vdev->isr;
    case 0x070: /* Status */
        return s->vdev->status;
    case 0x0fc: /* ConfigGeneration */
        return 0;
    }
    log_mask_printf(LOG_GUEST_ERROR, "virtio-mmio: read of register 0x%03x\n", (unsigned)addr);
    return 0;
}

static void write_queue_addr(VirtQueue *vq, uint64_t addr, uint32_t val)
{
    uint64_t *field = addr < 0x090 ? &vq->desc : addr < 0x0a0 ? &vq->avail : &vq->used;

    if (addr & 4) {
        *field = (*field & 0xffffffffull) | (uint64_t)val << 32;
    } else {
        *field = (*field & ~0xffffffffull) | val;
    }
}

static void write_status(VirtIOMMIOState *s, uint32_t val)
{
    if (val == 0) {
        virtio_device_reset(s->vdev);
        memset(s->queue_pfn, 0, sizeof(s->queue_pfn));
        return;
    }
    s->vdev->status = (uint8_t)val;
}

static void write_queue_notify(VirtIOMMIOState *s, uint32_t n)
{
    if (n >= s->vdev->ops->num_queues) {
        log_mask_printf(LOG_GUEST_ERROR, "virtio-mmio: notify of queue %u\n", n);
        return;
    }
    if (s->vdev->status & VIRTIO_STATUS_DRIVER_OK) {
        s->vdev->ops->handle_queue(s->vdev, n);
    }
}

static void write_guest_features(VirtIOMMIOState *s, uint32_t val)
{
    unsigned shift = 32 * s->guest_features_sel;

    if (s->guest_features_sel < 2) {
        s->vdev->guest_features &= ~(0xffffffffull << shift);
        s->vdev->guest_features |= ((uint64_t)val << shift) & offered_features(s);
    }
}

static void virtio_mmio_write(void *opaque, uint64_t addr, uint64_t val64, unsigned size)
{
    VirtIOMMIOState *s = opaque;
    uint32_t val = (uint32_t)val64;
    VirtQueue *vq;

    if (!s->vdev) {
        return;
    }
    if (addr >= VIRTIO_MMIO_CONFIG) {
        config_write(s, addr - VIRTIO_MMIO_CONFIG, size, val);
        return;
    }
    vq = current_queue(s);
    switch (addr) {
    case 0x014:
        s->host_features_sel = val;
        return;
    case 0x020:
        write_guest_features(s, val);
        return;
    case 0x024:
        s->guest_features_sel = val;
        return;
    case 0x028: /* GuestPageSize (legacy) */
        s->guest_page_size = val;
        return;
    case 0x030:
        s->queue_sel = val;
        return;
    case 0x038: /* QueueNum */
        if (vq && val <= vq->num_max && !(val & (val - 1))) {
            vq->num = val;
        } else {
            log_mask_printf(LOG_GUEST_ERROR, "virtio-mmio: bad queue size %u\n", val);
        }
        return;
    case 0x03c: /* QueueAlign (legacy) */
        if (vq && !(val & (val - 1))) {
            s->queue_align[s->queue_sel] = val;
        }
        return;
    case 0x040: /* QueuePFN (legacy) */
        if (vq && s->force_legacy) {
            s->queue_pfn[s->queue_sel] = val;
            legacy_queue_setup(s, s->queue_sel);
        }
        return;
    case 0x044: /* QueueReady */
        if (vq && !s->force_legacy) {
            vq->ready = val & 1;
        }
        return;
    case 0x050:
        write_queue_notify(s, val);
        return;
    case 0x064: /* InterruptACK */
        s->vdev->isr &= ~val;
        virtio_mmio_update_irq(s);
        return;
    case 0x070:
        write_status(s, val);
        return;
    case 0x080 ... 0x0a4:
        if (vq && !s->force_legacy && !(addr & 8)) {
            write_queue_addr(vq, addr, val);
            return;
        }
        break;
    }
    log_mask_printf(LOG_GUEST_ERROR, "virtio-mmio: write of register 0x%03x\n", (unsigned)addr);
}

static const MemoryRegionOps virtio_mmio_ops = {
    .read = virtio_mmio_read,
    .write = virtio_mmio_write,
    .min_access = 1,
    .max_access = 4,
};

/* ------------------------------------------------------- plugging */

void virtio_mmio_register_transport(DeviceState *transport)
{
    if (!transports) {
        transports = g_ptr_array_new();
    }
    g_ptr_array_add(transports, transport);
}

bool virtio_mmio_plug(DeviceState *dev, VirtIODevice *vdev, char **errp)
{
    for (guint i = 0; transports && i < transports->len; i++) {
        VirtIOMMIOState *s = g_ptr_array_index(transports, i);

        if (!s->vdev) {
            s->vdev = vdev;
            vdev->transport = s;
            vdev->update_irq = virtio_mmio_update_irq;
            return true;
        }
    }
    *errp = g_strdup_printf("%s: no free virtio-mmio transport on this machine", dev->dc->name);
    return false;
}

/* ------------------------------------------------------- device */

static void virtio_mmio_init(DeviceState *dev)
{
    VirtIOMMIOState *s = (VirtIOMMIOState *)dev;

    s->force_legacy = true;
    s->mmio = memory_region_new_io("virtio-mmio", VIRTIO_MMIO_SIZE, &virtio_mmio_ops, s);
    device_init_mmio(dev, s->mmio);
    device_init_irq_out(dev, &s->irq);
}

static void virtio_mmio_reset(DeviceState *dev)
{
    VirtIOMMIOState *s = (VirtIOMMIOState *)dev;

    s->host_features_sel = s->guest_features_sel = s->queue_sel = 0;
    s->guest_page_size = 0;
    memset(s->queue_pfn, 0, sizeof(s->queue_pfn));
    memset(s->queue_align, 0, sizeof(s->queue_align));
    if (s->vdev) {
        virtio_device_reset(s->vdev);
    }
}

static void virtio_mmio_fdt_populate(DeviceState *dev, const DeviceFdtContext *ctx)
{
    fdt_setprop_string(ctx->fdt, ctx->node, "compatible", "virtio,mmio");
    fdt_setprop(ctx->fdt, ctx->node, "dma-coherent", NULL, 0);
}

static const DeviceProperty virtio_mmio_props[] = {
    DEVICE_PROP("force-legacy", PROP_BOOL, VirtIOMMIOState, force_legacy),
    {NULL},
};

static const DeviceClass virtio_mmio_class = {
    .name = "virtio-mmio",
    .desc = "virtio-mmio transport (board-internal)",
    .fdt_name = "virtio_mmio",
    .instance_size = sizeof(VirtIOMMIOState),
    .props = virtio_mmio_props,
    .init = virtio_mmio_init,
    .reset = virtio_mmio_reset,
    .fdt_populate = virtio_mmio_fdt_populate,
};

device_type_init(virtio_mmio_register) { device_type_register(&virtio_mmio_class); }
