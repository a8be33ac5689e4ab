/*
 * virtio-net ("virtio-net-device", properties netdev=ID and mac=MAC): a
 * receive queue and a transmit queue on a -netdev backend (net/net.h),
 * offering only the MAC address and the link status.  Without mergeable
 * receive buffers every frame fits one guest buffer, behind a struct
 * virtio_net_hdr of 10 bytes (legacy) or 12 (virtio 1.x: num_buffers too).
 *
 * Transmission is synchronous on the queue notify.  A frame for the guest
 * when it has no receive buffer stays with the backend (net_client_deliver
 * holds it) until the driver notifies the receive queue.
 */
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "hw/device.h"
#include "hw/virtio/virtio.h"
#include "net/net.h"
#include "util/log.h"

enum {
    VIRTIO_ID_NET = 1,
    NET_QUEUE_SIZE = 256,
    RX_QUEUE = 0,
    TX_QUEUE = 1,
    HDR_LEN_LEGACY = 10,
    HDR_LEN_MODERN = 12,
    MAX_TX_FRAME = 65535, /* no segmentation offload: a frame is at most this */
    MAC_LEN = 6,
};

/* Feature bits, config space status */
enum { VIRTIO_NET_F_MAC = 5, VIRTIO_NET_F_STATUS = 16 };
enum { VIRTIO_NET_S_LINK_UP = 1 };

typedef struct VirtIONet {
    DeviceState parent;
    char *netdev;   /* property: -netdev id */
    char *mac_text; /* property "mac" */
    uint8_t mac[MAC_LEN];
    NetClient *nc; /* NULL: no backend, transmitted frames go nowhere */
    VirtIODevice vdev;
    /* Separate elements: sending a frame may deliver a reply at once. */
    VirtQueueElement rx_elem, tx_elem;
    uint8_t tx_frame[MAX_TX_FRAME];
} VirtIONet;

static VirtIONet *to_net(VirtIODevice *vdev)
{
    return (VirtIONet *)((char *)vdev - offsetof(VirtIONet, vdev));
}

static size_t hdr_len(VirtIODevice *vdev)
{
    return virtio_has_feature(vdev, VIRTIO_F_VERSION_1) ? HDR_LEN_MODERN : HDR_LEN_LEGACY;
}

/* Config space: mac[6], status (le16). */
static void net_get_config(VirtIODevice *vdev, uint8_t *config)
{
    VirtIONet *s = to_net(vdev);
    uint16_t status = GUINT16_TO_LE(VIRTIO_NET_S_LINK_UP);

    memcpy(config, s->mac, MAC_LEN);
    memcpy(config + MAC_LEN, &status, 2);
}

/* Only a legacy driver may change the MAC, by writing it here. */
static void net_set_config(VirtIODevice *vdev, const uint8_t *config)
{
    if (!virtio_has_feature(vdev, VIRTIO_F_VERSION_1)) {
        memcpy(to_net(vdev)->mac, config, MAC_LEN);
    }
}

/* ------------------------------------------------------- receive */

/* A frame from the backend into the next receive buffer; false: none yet. */
static bool net_receive(void *opaque, const uint8_t *buf, size_t len)
{
    VirtIONet *s = opaque;
    VirtIODevice *vdev = &s->vdev;
    VirtQueueElement *e = &s->rx_elem;
    uint8_t hdr[HDR_LEN_MODERN] = {0};
    size_t hlen = hdr_len(vdev);

    if (!(vdev->status & VIRTIO_STATUS_DRIVER_OK) || !virtqueue_pop(vdev, RX_QUEUE, e)) {
        return false;
    }
    if (e->in_len < hlen + len) {
        log_mask_printf(LOG_GUEST_ERROR,
                        "virtio-net: receive buffer of %" G_GUINT64_FORMAT
                        " bytes for a %zu-byte frame: frame dropped\n",
                        e->in_len, len);
        virtqueue_push(vdev, RX_QUEUE, e, 0);
        virtio_notify(vdev);
        return true;
    }
    hdr[10] = 1; /* num_buffers (le16), in the virtio 1.x header only */
    if (virtqueue_write(vdev, e, 0, hdr, hlen) != hlen ||
        virtqueue_write(vdev, e, hlen, buf, len) != len) {
        return true; /* the device is broken now; the frame is lost */
    }
    virtqueue_push(vdev, RX_QUEUE, e, (uint32_t)(hlen + len));
    virtio_notify(vdev);
    return true;
}

/* ------------------------------------------------------- transmit */

static void net_transmit(VirtIONet *s)
{
    VirtIODevice *vdev = &s->vdev;
    VirtQueueElement *e = &s->tx_elem;
    size_t hlen = hdr_len(vdev);
    bool pushed = false;

    while (virtqueue_pop(vdev, TX_QUEUE, e)) {
        uint64_t frame_len = e->out_len - hlen;

        if (e->out_len < hlen || frame_len > MAX_TX_FRAME) {
            virtio_error(vdev, "virtio-net: transmit request of %" G_GUINT64_FORMAT " bytes",
                         e->out_len);
            break;
        }
        /* The header asks for no offload we offer: only the frame matters. */
        if (virtqueue_read(vdev, e, hlen, s->tx_frame, frame_len) != frame_len) {
            break; /* the device is broken now */
        }
        if (s->nc) {
            net_client_send(s->nc, s->tx_frame, frame_len);
        }
        virtqueue_push(vdev, TX_QUEUE, e, 0);
        pushed = true;
    }
    if (pushed) {
        virtio_notify(vdev);
    }
}

static void net_handle_queue(VirtIODevice *vdev, unsigned n)
{
    VirtIONet *s = to_net(vdev);

    if (n == TX_QUEUE) {
        net_transmit(s);
    } else if (s->nc) {
        net_client_flush(s->nc); /* new receive buffers: frames held for them */
    }
}

static const VirtIODeviceOps virtio_net_ops = {
    .device_id = VIRTIO_ID_NET,
    .features = 1ull << VIRTIO_NET_F_MAC | 1ull << VIRTIO_NET_F_STATUS,
    .num_queues = 2,
    .queue_size = NET_QUEUE_SIZE,
    .config_size = MAC_LEN + 2,
    .get_config = net_get_config,
    .set_config = net_set_config,
    .handle_queue = net_handle_queue,
};

/* ------------------------------------------------------- device */

static bool parse_mac(const char *text, uint8_t mac[MAC_LEN])
{
    unsigned b[MAC_LEN];
    char end;

    if (sscanf(text, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5],
               &end) != MAC_LEN) {
        return false;
    }
    for (int i = 0; i < MAC_LEN; i++) {
        mac[i] = (uint8_t)b[i];
    }
    return true;
}

/* QEMU's default MACs: 52:54:00:12:34:56 for the first card, then :57, ... */
static void default_mac(uint8_t mac[MAC_LEN])
{
    static unsigned cards;
    static const uint8_t base[MAC_LEN] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};

    memcpy(mac, base, MAC_LEN);
    mac[5] += cards++;
}

static bool virtio_net_realize(DeviceState *dev, char **errp)
{
    VirtIONet *s = (VirtIONet *)dev;

    if (s->mac_text && !parse_mac(s->mac_text, s->mac)) {
        *errp = g_strdup_printf("mac=%s: not a MAC address (xx:xx:xx:xx:xx:xx)", s->mac_text);
        return false;
    }
    if (!s->mac_text) {
        default_mac(s->mac);
    }
    if (s->netdev) {
        s->nc = net_client_find(s->netdev);
        if (!s->nc) {
            *errp = g_strdup_printf("netdev %s not found", s->netdev);
            return false;
        }
        if (!net_client_attach(s->nc, &(NetFrontend){net_receive, s})) {
            *errp = g_strdup_printf("netdev %s is already in use", s->netdev);
            return false;
        }
    }
    virtio_device_init(&s->vdev, &virtio_net_ops);
    return virtio_mmio_plug(dev, &s->vdev, errp);
}

static const DeviceProperty virtio_net_props[] = {
    DEVICE_PROP("netdev", PROP_STR, VirtIONet, netdev),
    DEVICE_PROP("mac", PROP_STR, VirtIONet, mac_text),
    {NULL},
};

static const DeviceClass virtio_net_class = {
    .name = "virtio-net-device",
    .desc = "virtio network card (netdev=ID[,mac=MAC])",
    .instance_size = sizeof(VirtIONet),
    .props = virtio_net_props,
    .realize = virtio_net_realize,
    .user_creatable = true,
};

device_type_init(virtio_net_register) { device_type_register(&virtio_net_class); }
