/*
 * virtio-rng ("virtio-rng-device"): the entropy device.  One queue whose
 * device-writable buffers are filled from the host's getrandom() when the
 * driver notifies it.  The device has no configuration space and no
 * feature bits of its own.
 */
#include <errno.h>
#include <glib.h>
#include <sys/random.h>

#include "hw/device.h"
#include "hw/virtio/virtio.h"
#include "util/error.h"

enum {
    VIRTIO_ID_ENTROPY = 4,
    RNG_QUEUE_SIZE = 8,
    /* A request is answered with at most this much: the driver asks again
     * for more, and a huge buffer costs no host time. */
    RNG_MAX_REQUEST = 64 * 1024,
};

typedef struct VirtIORNG {
    DeviceState parent;
    VirtIODevice vdev;
    VirtQueueElement elem;
} VirtIORNG;

static VirtIORNG *to_rng(VirtIODevice *vdev)
{
    return (VirtIORNG *)((char *)vdev - offsetof(VirtIORNG, vdev));
}

/* Fill buf from the host's entropy pool; false if the host refuses. */
static bool host_random(uint8_t *buf, size_t len)
{
    while (len) {
        ssize_t n = getrandom(buf, len, 0);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        buf += n;
        len -= n;
    }
    return true;
}

/* Answer one request; returns the bytes written into its buffers. */
static uint32_t rng_fill(VirtIORNG *s)
{
    size_t len = MIN(s->elem.in_len, RNG_MAX_REQUEST);
    g_autofree uint8_t *buf = g_malloc(MAX(len, 1));

    if (!host_random(buf, len)) {
        error_report("virtio-rng: host getrandom() failed: %s", g_strerror(errno));
        return 0;
    }
    return (uint32_t)virtqueue_write(&s->vdev, &s->elem, 0, buf, len);
}

static void rng_handle_queue(VirtIODevice *vdev, unsigned n)
{
    VirtIORNG *s = to_rng(vdev);
    bool pushed = false;

    while (virtqueue_pop(vdev, n, &s->elem)) {
        uint32_t written = rng_fill(s);

        if (vdev->broken)
            return;
        virtqueue_push(vdev, n, &s->elem, written);
        pushed = true;
    }
    if (pushed)
        virtio_notify(vdev);
}

static const VirtIODeviceOps virtio_rng_ops = {
    .device_id = VIRTIO_ID_ENTROPY,
    .num_queues = 1,
    .queue_size = RNG_QUEUE_SIZE,
    .handle_queue = rng_handle_queue,
};

static bool virtio_rng_realize(DeviceState *dev, char **errp)
{
    VirtIORNG *s = (VirtIORNG *)dev;

    virtio_device_init(&s->vdev, &virtio_rng_ops);
    return virtio_mmio_plug(dev, &s->vdev, errp);
}

static const DeviceClass virtio_rng_class = {
    .name = "virtio-rng-device",
    .desc = "virtio entropy device (host getrandom)",
    .instance_size = sizeof(VirtIORNG),
    .realize = virtio_rng_realize,
    .user_creatable = true,
};

device_type_init(virtio_rng_register) { device_type_register(&virtio_rng_class); }
