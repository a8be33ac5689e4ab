/*
 * Virtio devices (virtio 1.x, split virtqueues, and the legacy interface)
 * independent of their transport.
 *
 * A virtio device is a DeviceState whose struct embeds a VirtIODevice; its
 * realize calls virtio_device_init() and then virtio_mmio_plug() to attach
 * itself to a free virtio-mmio transport of the board.  The transport
 * (hw/virtio/virtio-mmio.c) owns the register interface and calls back into
 * the device through VirtIODeviceOps.
 *
 * Everything the guest puts in a virtqueue is validated: descriptor indexes
 * against the queue size, chain length (no loops), addresses and lengths
 * against guest RAM.  A broken queue logs a guest error (-d guest_errors)
 * and stops the device until the driver resets it; a virtio 1.x driver is
 * told so with DEVICE_NEEDS_RESET and a configuration interrupt (a legacy
 * one has no such bit, as on QEMU).  The host never reads or writes
 * outside guest memory.  Requests are processed synchronously, under the big lock,
 * when the guest notifies a queue.
 */
#ifndef HW_VIRTIO_VIRTIO_H
#define HW_VIRTIO_VIRTIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hw/device.h"

typedef struct AddressSpace AddressSpace;

/* Device status bits (virtio 1.2, 2.1). */
enum {
    VIRTIO_STATUS_ACKNOWLEDGE = 1,
    VIRTIO_STATUS_DRIVER = 2,
    VIRTIO_STATUS_DRIVER_OK = 4,
    VIRTIO_STATUS_FEATURES_OK = 8,
    VIRTIO_STATUS_NEEDS_RESET = 0x40,
    VIRTIO_STATUS_FAILED = 0x80,
};

/* Transport-independent feature bits. */
#define VIRTIO_F_VERSION_1 32

/* Interrupt status bits (ISR). */
enum { VIRTIO_ISR_QUEUE = 1, VIRTIO_ISR_CONFIG = 2 };

enum {
    VIRTIO_MAX_QUEUES = 8,
    VIRTQUEUE_MAX_SIZE = 1024,
};

/* One split virtqueue: where its rings are, as the driver set them up. */
typedef struct VirtQueue {
    uint32_t num;     /* size chosen by the driver (0: not set up) */
    uint32_t num_max; /* what the device offers */
    bool ready;
    uint64_t desc, avail, used; /* guest physical addresses */
    uint16_t last_avail_idx;    /* next avail ring entry to consume */
    uint16_t used_idx;
} VirtQueue;

/* A guest buffer segment. */
typedef struct VirtIOSeg {
    uint64_t addr;
    uint32_t len;
} VirtIOSeg;

/* A popped request: its device-readable (out) then device-writable (in) segments. */
typedef struct VirtQueueElement {
    uint16_t head;
    unsigned n_out, n_in;
    VirtIOSeg out[VIRTQUEUE_MAX_SIZE];
    VirtIOSeg in[VIRTQUEUE_MAX_SIZE];
    uint64_t out_len, in_len; /* total bytes */
} VirtQueueElement;

typedef struct VirtIODevice VirtIODevice;

typedef struct VirtIODeviceOps {
    uint16_t device_id; /* 2 block, 1 net, 3 console, 4 entropy */
    uint64_t features;  /* offered by default (VirtIODevice.host_features) */
    unsigned num_queues;
    uint32_t queue_size;
    size_t config_size;
    /* Fill/take the device-specific configuration space (little-endian). */
    void (*get_config)(VirtIODevice *vdev, uint8_t *config);
    void (*set_config)(VirtIODevice *vdev, const uint8_t *config);
    /* The driver notified queue n: process what it made available. */
    void (*handle_queue)(VirtIODevice *vdev, unsigned n);
    /* The driver reset the device (status 0). */
    void (*reset)(VirtIODevice *vdev);
} VirtIODeviceOps;

struct VirtIODevice {
    const VirtIODeviceOps *ops;
    AddressSpace *dma;      /* guest memory the rings and buffers live in */
    uint64_t host_features; /* offered, besides VIRTIO_F_VERSION_1 (the transport adds it) */
    uint8_t status;
    bool broken; /* a queue was malformed: no processing until reset */
    uint64_t guest_features;
    uint32_t isr; /* VIRTIO_ISR_* */
    VirtQueue vq[VIRTIO_MAX_QUEUES];
    /* Set by the transport: raise or lower its interrupt line. */
    void (*update_irq)(void *transport);
    void *transport;
};

/* For a device's realize: set up vdev with ops and the system address space. */
void virtio_device_init(VirtIODevice *vdev, const VirtIODeviceOps *ops);
/* Back to the state after power-on (transport reset or status 0). */
void virtio_device_reset(VirtIODevice *vdev);
bool virtio_has_feature(const VirtIODevice *vdev, unsigned bit);

/*
 * Take the next available request of queue n into elem.  Returns false if
 * there is none, or if the queue is broken (then the device is marked
 * NEEDS_RESET and the error logged).
 */
bool virtqueue_pop(VirtIODevice *vdev, unsigned n, VirtQueueElement *elem);
/* Return elem to the driver with len bytes written into its in segments. */
void virtqueue_push(VirtIODevice *vdev, unsigned n, const VirtQueueElement *elem, uint32_t len);
/* Interrupt the driver: used buffers in a queue (after pushes). */
void virtio_notify(VirtIODevice *vdev);
/* Mark the device broken (see above) and log why. */
void virtio_error(VirtIODevice *vdev, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Copy between the element's segments and a host buffer, starting offset
 * bytes into the out (readable) or in (writable) segments.  Returns the
 * bytes copied; fewer than asked if the segments end or guest memory
 * fails there (a failure also marks the device broken).
 */
size_t virtqueue_read(VirtIODevice *vdev, const VirtQueueElement *elem, uint64_t offset,
                      void *buf, size_t len);
size_t virtqueue_write(VirtIODevice *vdev, const VirtQueueElement *elem, uint64_t offset,
                       const void *buf, size_t len);

/* ------------------------------------------------ the virtio-mmio transports */

/*
 * Attach vdev (whose DeviceState is dev) to the board's first free
 * virtio-mmio transport.  Fails (*errp, g_malloc'ed) if the machine has
 * none free.
 */
bool virtio_mmio_plug(DeviceState *dev, VirtIODevice *vdev, char **errp);
/* For boards: make transport (a "virtio-mmio" device) available to plug into. */
void virtio_mmio_register_transport(DeviceState *transport);

#endif
