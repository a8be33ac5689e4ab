/*
 * virtio-blk ("virtio-blk-device", property drive=ID): one request queue;
 * reads, writes, flushes and the device ID, done synchronously on the
 * backend when the driver notifies the queue.  A read-only drive is
 * offered with VIRTIO_BLK_F_RO.
 */
#include <glib.h>
#include <string.h>

#include "hw/device.h"
#include "hw/virtio/virtio.h"
#include "sysemu/block.h"
#include "util/log.h"

enum {
    VIRTIO_ID_BLOCK = 2,
    SECTOR_SIZE = 512,
    BLK_QUEUE_SIZE = 256,
    BLK_SEG_MAX = BLK_QUEUE_SIZE - 2, /* a header and a status besides the data */
    BLK_ID_BYTES = 20,
    MAX_TRANSFER = 4 << 20, /* bytes a bounce buffer holds at once */
};

/* Feature bits */
enum {
    VIRTIO_BLK_F_SEG_MAX = 2,
    VIRTIO_BLK_F_RO = 5,
    VIRTIO_BLK_F_BLK_SIZE = 6,
    VIRTIO_BLK_F_FLUSH = 9,
};

/* Request types and status */
enum {
    VIRTIO_BLK_T_IN = 0,
    VIRTIO_BLK_T_OUT = 1,
    VIRTIO_BLK_T_FLUSH = 4,
    VIRTIO_BLK_T_GET_ID = 8
};
enum { VIRTIO_BLK_S_OK = 0, VIRTIO_BLK_S_IOERR = 1, VIRTIO_BLK_S_UNSUPP = 2 };

typedef struct VirtIOBlock {
    DeviceState parent;
    char *drive; /* property: -drive id */
    BlockBackend *blk;
    VirtIODevice vdev;
    VirtQueueElement elem;
} VirtIOBlock;

static VirtIOBlock *to_blk(VirtIODevice *vdev)
{
    return (VirtIOBlock *)((char *)vdev - offsetof(VirtIOBlock, vdev));
}

/* Config space: capacity (sectors), size_max, seg_max, geometry, blk_size. */
static void blk_get_config(VirtIODevice *vdev, uint8_t *config)
{
    VirtIOBlock *s = to_blk(vdev);
    uint64_t capacity = GUINT64_TO_LE(blk_size(s->blk) / SECTOR_SIZE);
    uint32_t seg_max = GUINT32_TO_LE(BLK_SEG_MAX), blk_size_le = GUINT32_TO_LE(SECTOR_SIZE);

    memcpy(config, &capacity, 8);
    memcpy(config + 12, &seg_max, 4);
    memcpy(config + 20, &blk_size_le, 4);
}

/* Move len bytes between the disk at offset and the request's data segments. */
static int blk_transfer(VirtIOBlock *s, uint64_t disk_offset, uint64_t data_offset,
                        uint64_t len, bool to_guest)
{
    g_autofree uint8_t *buf = g_malloc(MIN(len, MAX_TRANSFER));

    while (len) {
        size_t n = MIN(len, MAX_TRANSFER);
        int r;

        if (to_guest) {
            r = blk_pread(s->blk, disk_offset, buf, n);
            if (r == 0 && virtqueue_write(&s->vdev, &s->elem, data_offset, buf, n) != n)
                r = -1;
        } else {
            r = virtqueue_read(&s->vdev, &s->elem, data_offset, buf, n) == n
                    ? blk_pwrite(s->blk, disk_offset, buf, n)
                    : -1;
        }
        if (r != 0)
            return r;
        disk_offset += n;
        data_offset += n;
        len -= n;
    }
    return 0;
}

/* One request; returns its status, *written the bytes put in the in segments. */
static uint8_t blk_do_request(VirtIOBlock *s, uint32_t type, uint64_t sector, uint32_t *written)
{
    VirtQueueElement *e = &s->elem;
    uint64_t data_in = e->in_len - 1; /* the last in byte is the status */
    uint64_t data_out = e->out_len - 16;

    switch (type) {
    case VIRTIO_BLK_T_IN:
        if (blk_transfer(s, sector * SECTOR_SIZE, 0, data_in, true) != 0)
            return VIRTIO_BLK_S_IOERR;
        *written = (uint32_t)data_in;
        return VIRTIO_BLK_S_OK;
    case VIRTIO_BLK_T_OUT:
        return blk_transfer(s, sector * SECTOR_SIZE, 16, data_out, false) == 0
                   ? VIRTIO_BLK_S_OK
                   : VIRTIO_BLK_S_IOERR;
    case VIRTIO_BLK_T_FLUSH:
        return blk_flush(s->blk) == 0 ? VIRTIO_BLK_S_OK : VIRTIO_BLK_S_IOERR;
    case VIRTIO_BLK_T_GET_ID: {
        char id[BLK_ID_BYTES] = {0}; /* not NUL-terminated when 20 long */
        memcpy(id, s->drive, MIN(strlen(s->drive), sizeof(id)));
        *written = (uint32_t)virtqueue_write(&s->vdev, e, 0, id, MIN(sizeof(id), data_in));
        return VIRTIO_BLK_S_OK;
    }
    default:
        return VIRTIO_BLK_S_UNSUPP;
    }
}

static void blk_handle_queue(VirtIODevice *vdev, unsigned n)
{
    VirtIOBlock *s = to_blk(vdev);
    VirtQueueElement *e = &s->elem;
    bool pushed = false;

    while (virtqueue_pop(vdev, n, e)) {
        uint8_t hdr[16], status;
        uint32_t type, written = 0;
        uint64_t sector;

        if (e->out_len < sizeof(hdr) || e->in_len < 1) {
            virtio_error(vdev, "virtio-blk: request without header or status byte");
            return;
        }
        if (virtqueue_read(vdev, e, 0, hdr, sizeof(hdr)) != sizeof(hdr))
            return; /* the device is broken now */
        memcpy(&type, hdr, 4);
        memcpy(&sector, hdr + 8, 8);
        status = blk_do_request(s, GUINT32_FROM_LE(type), GUINT64_FROM_LE(sector), &written);
        virtqueue_write(vdev, e, e->in_len - 1, &status, 1);
        virtqueue_push(vdev, n, e, written + 1);
        pushed = true;
    }
    if (pushed)
        virtio_notify(vdev);
}

static const VirtIODeviceOps virtio_blk_ops = {
    .device_id = VIRTIO_ID_BLOCK,
    .features = 1ull << VIRTIO_BLK_F_SEG_MAX | 1ull << VIRTIO_BLK_F_BLK_SIZE |
                1ull << VIRTIO_BLK_F_FLUSH,
    .num_queues = 1,
    .queue_size = BLK_QUEUE_SIZE,
    .config_size = 24,
    .get_config = blk_get_config,
    .handle_queue = blk_handle_queue,
};

static bool virtio_blk_realize(DeviceState *dev, char **errp)
{
    VirtIOBlock *s = (VirtIOBlock *)dev;

    if (!s->drive) {
        *errp = g_strdup("drive property not set");
        return false;
    }
    s->blk = blk_by_id(s->drive);
    if (!s->blk) {
        *errp = g_strdup_printf("drive %s not found", s->drive);
        return false;
    }
    if (!blk_attach(s->blk)) {
        *errp = g_strdup_printf("drive %s is already in use", s->drive);
        return false;
    }
    virtio_device_init(&s->vdev, &virtio_blk_ops);
    if (blk_is_readonly(s->blk))
        s->vdev.host_features |= 1ull << VIRTIO_BLK_F_RO;
    return virtio_mmio_plug(dev, &s->vdev, errp);
}

static const DeviceProperty virtio_blk_props[] = {
    DEVICE_PROP("drive", PROP_STR, VirtIOBlock, drive),
    {NULL},
};

static const DeviceClass virtio_blk_class = {
    .name = "virtio-blk-device",
    .desc = "virtio block device (drive=ID)",
    .instance_size = sizeof(VirtIOBlock),
    .props = virtio_blk_props,
    .realize = virtio_blk_realize,
    .user_creatable = true,
};

device_type_init(virtio_blk_register) { device_type_register(&virtio_blk_class); }
