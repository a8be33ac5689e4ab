/*
 * The transport-independent part of virtio (hw/virtio/virtio.h): split
 * virtqueues read and written through the guest address space, with every
 * index, length and address checked.
 */
#include <glib.h>
#include <stdarg.h>
#include <string.h>

#include "exec/memory.h"
#include "hw/virtio/virtio.h"
#include "util/log.h"

/* Descriptor flags. */
enum { VRING_DESC_F_NEXT = 1, VRING_DESC_F_WRITE = 2, VRING_DESC_F_INDIRECT = 4 };

enum {
    VRING_DESC_SIZE = 16,
    VRING_AVAIL_RING = 4, /* offset of ring[] after flags and idx */
    VRING_USED_RING = 4,
    VRING_USED_ELEM_SIZE = 8,
};

void virtio_device_init(VirtIODevice *vdev, const VirtIODeviceOps *ops)
{
    vdev->ops = ops;
    vdev->dma = address_space_system();
    vdev->host_features = ops->features;
    virtio_device_reset(vdev);
}

void virtio_device_reset(VirtIODevice *vdev)
{
    vdev->status = 0;
    vdev->broken = false;
    vdev->guest_features = 0;
    vdev->isr = 0;
    for (unsigned i = 0; i < VIRTIO_MAX_QUEUES; i++) {
        vdev->vq[i] =
            (VirtQueue){.num_max = i < vdev->ops->num_queues ? vdev->ops->queue_size : 0};
    }
    if (vdev->ops->reset) {
        vdev->ops->reset(vdev);
    }
    if (vdev->update_irq) {
        vdev->update_irq(vdev->transport);
    }
}

bool virtio_has_feature(const VirtIODevice *vdev, unsigned bit)
{
    return (vdev->guest_features >> bit) & 1;
}

void virtio_error(VirtIODevice *vdev, const char *fmt, ...)
{
    va_list ap;
    char *msg;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    log_mask_printf(LOG_GUEST_ERROR, "virtio (device %u): %s; stopped until reset\n",
                    vdev->ops->device_id, msg);
    g_free(msg);
    vdev->broken = true;
    if (virtio_has_feature(vdev, VIRTIO_F_VERSION_1) &&
        !(vdev->status & VIRTIO_STATUS_NEEDS_RESET)) {
        vdev->status |= VIRTIO_STATUS_NEEDS_RESET;
        vdev->isr |= VIRTIO_ISR_CONFIG;
        if (vdev->update_irq) {
            vdev->update_irq(vdev->transport);
        }
    }
}

/* ------------------------------------------------------- guest memory */

static bool vring_ld(VirtIODevice *vdev, uint64_t addr, unsigned size, uint64_t *val)
{
    if (address_space_ld(vdev->dma, addr, size, val) != MEMTX_OK) {
        virtio_error(vdev, "ring access at 0x%" G_GINT64_MODIFIER "x outside RAM", addr);
        return false;
    }
    return true;
}

static bool vring_st(VirtIODevice *vdev, uint64_t addr, unsigned size, uint64_t val)
{
    if (address_space_st(vdev->dma, addr, size, val) != MEMTX_OK) {
        virtio_error(vdev, "ring access at 0x%" G_GINT64_MODIFIER "x outside RAM", addr);
        return false;
    }
    return true;
}

/* ------------------------------------------------------- popping requests */

typedef struct VringDesc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags, next;
} VringDesc;

static bool vring_read_desc(VirtIODevice *vdev, uint64_t table, unsigned i, VringDesc *d)
{
    uint8_t raw[VRING_DESC_SIZE];

    if (address_space_read(vdev->dma, table + (uint64_t)i * VRING_DESC_SIZE, raw,
                           sizeof(raw)) != MEMTX_OK) {
        virtio_error(vdev, "descriptor table outside RAM");
        return false;
    }
    memcpy(&d->addr, raw, 8);
    memcpy(&d->len, raw + 8, 4);
    memcpy(&d->flags, raw + 12, 2);
    memcpy(&d->next, raw + 14, 2);
    d->addr = GUINT64_FROM_LE(d->addr);
    d->len = GUINT32_FROM_LE(d->len);
    d->flags = GUINT16_FROM_LE(d->flags);
    d->next = GUINT16_FROM_LE(d->next);
    return true;
}

/* Append a descriptor's buffer to elem: writable ones after all readable ones. */
static bool elem_add(VirtIODevice *vdev, VirtQueueElement *elem, const VringDesc *d)
{
    bool writable = d->flags & VRING_DESC_F_WRITE;

    if (d->addr + d->len < d->addr) {
        virtio_error(vdev, "buffer wraps the address space");
        return false;
    }
    if (writable) {
        elem->in[elem->n_in++] = (VirtIOSeg){d->addr, d->len};
        elem->in_len += d->len;
    } else {
        if (elem->n_in) {
            virtio_error(vdev, "readable descriptor after a writable one");
            return false;
        }
        elem->out[elem->n_out++] = (VirtIOSeg){d->addr, d->len};
        elem->out_len += d->len;
    }
    return true;
}

/*
 * Walk the chain starting at head in the table of size num.  A chain
 * longer than num must loop; an index past num is out of the table.
 */
static bool vring_walk(VirtIODevice *vdev, uint64_t table, unsigned num, unsigned head,
                       VirtQueueElement *elem, bool indirect_allowed)
{
    unsigned i = head;

    for (unsigned count = 0;; count++) {
        VringDesc d;

        if (i >= num || count >= num) {
            virtio_error(vdev,
                         i >= num ? "descriptor index %u out of range" : "descriptor loop", i);
            return false;
        }
        if (!vring_read_desc(vdev, table, i, &d)) {
            return false;
        }
        if (d.flags & VRING_DESC_F_INDIRECT) {
            if (!indirect_allowed || (d.flags & VRING_DESC_F_NEXT) || d.len % VRING_DESC_SIZE ||
                d.len / VRING_DESC_SIZE > VIRTQUEUE_MAX_SIZE || d.len == 0) {
                virtio_error(vdev, "invalid indirect descriptor");
                return false;
            }
            return vring_walk(vdev, d.addr, d.len / VRING_DESC_SIZE, 0, elem, false);
        }
        if (!elem_add(vdev, elem, &d)) {
            return false;
        }
        if (!(d.flags & VRING_DESC_F_NEXT)) {
            return true;
        }
        i = d.next;
    }
}

bool virtqueue_pop(VirtIODevice *vdev, unsigned n, VirtQueueElement *elem)
{
    VirtQueue *vq = &vdev->vq[n];
    uint64_t avail_idx, head;

    if (!vq->ready || !vq->num || vdev->broken) {
        return false;
    }
    if (!vring_ld(vdev, vq->avail + 2, 2, &avail_idx)) {
        return false;
    }
    if ((uint16_t)(avail_idx - vq->last_avail_idx) > vq->num) {
        virtio_error(vdev, "avail index %u is %u ahead of the device", (unsigned)avail_idx,
                     (uint16_t)(avail_idx - vq->last_avail_idx));
        return false;
    }
    if ((uint16_t)avail_idx == vq->last_avail_idx) {
        return false;
    }
    if (!vring_ld(vdev, vq->avail + VRING_AVAIL_RING + 2ull * (vq->last_avail_idx % vq->num), 2,
                  &head)) {
        return false;
    }
    memset(elem, 0, offsetof(VirtQueueElement, out));
    elem->out_len = elem->in_len = 0;
    elem->head = (uint16_t)head;
    if (!vring_walk(vdev, vq->desc, vq->num, (unsigned)head, elem, true)) {
        return false;
    }
    vq->last_avail_idx++;
    return true;
}

void virtqueue_push(VirtIODevice *vdev, unsigned n, const VirtQueueElement *elem, uint32_t len)
{
    VirtQueue *vq = &vdev->vq[n];
    uint64_t slot = vq->used + VRING_USED_RING + (uint64_t)(vq->used_idx % vq->num) * 8;

    if (!vring_st(vdev, slot, 4, elem->head) || !vring_st(vdev, slot + 4, 4, len)) {
        return;
    }
    vq->used_idx++;
    /* The element must be visible before the index that publishes it. */
    __atomic_thread_fence(__ATOMIC_RELEASE);
    vring_st(vdev, vq->used + 2, 2, vq->used_idx);
}

void virtio_notify(VirtIODevice *vdev)
{
    vdev->isr |= VIRTIO_ISR_QUEUE;
    if (vdev->update_irq) {
        vdev->update_irq(vdev->transport);
    }
}

/* ------------------------------------------------------- buffers */

typedef MemTxResult SegCopy(AddressSpace *as, uint64_t addr, void *buf, uint64_t len);

static MemTxResult seg_write(AddressSpace *as, uint64_t addr, void *buf, uint64_t len)
{
    return address_space_write(as, addr, buf, len);
}

static size_t segs_copy(VirtIODevice *vdev, const VirtIOSeg *segs, unsigned nsegs,
                        uint64_t offset, uint8_t *buf, size_t len, SegCopy *copy)
{
    size_t done = 0;

    for (unsigned i = 0; i < nsegs && done < len; i++) {
        uint64_t chunk;

        if (offset >= segs[i].len) {
            offset -= segs[i].len;
            continue;
        }
        chunk = MIN(segs[i].len - offset, len - done);
        if (copy(vdev->dma, segs[i].addr + offset, buf + done, chunk) != MEMTX_OK) {
            virtio_error(vdev, "buffer at 0x%" G_GINT64_MODIFIER "x outside RAM", segs[i].addr);
            break;
        }
        done += chunk;
        offset = 0;
    }
    return done;
}

size_t virtqueue_read(VirtIODevice *vdev, const VirtQueueElement *elem, uint64_t offset,
                      void *buf, size_t len)
{
    return segs_copy(vdev, elem->out, elem->n_out, offset, buf, len, address_space_read);
}

size_t virtqueue_write(VirtIODevice *vdev, const VirtQueueElement *elem, uint64_t offset,
                       const void *buf, size_t len)
{
    return segs_copy(vdev, elem->in, elem->n_in, offset, (uint8_t *)buf, len, seg_write);
}
