/*
 * virtio-console as QEMU's virtio-serial: "virtio-serial-device" is the
 * virtio device (ID 3) with VIRTIO_CONSOLE_F_MULTIPORT, and its ports are
 * separate -device entries that attach to the virtio-serial-device created
 * last: "virtconsole" (a console, /dev/hvc0 in Linux) and "virtserialport"
 * (a named port, /dev/vportNpM), each with chardev=ID.
 *
 * Queues: 0/1 are port 0's receive/transmit, 2/3 the control receive/
 * transmit, then two per further port.  The control protocol: the driver
 * says DEVICE_READY, we announce each port (PORT_ADD); the driver says
 * PORT_READY for a port, we answer CONSOLE_PORT or PORT_NAME and PORT_OPEN
 * (the host side is always connected); the driver's PORT_OPEN opens the
 * port for input.  Control messages wait in a list until the driver has
 * given the control receive queue a buffer; host input waits in the
 * chardev until the port is open and has buffers.
 *
 * VIRTIO_MAX_QUEUES bounds the ports to MAX_PORTS (QEMU offers 31).
 */
#include <glib.h>
#include <string.h>

#include "backends/chardev.h"
#include "hw/device.h"
#include "hw/virtio/virtio.h"
#include "util/log.h"

enum {
    VIRTIO_ID_CONSOLE = 3,
    VIRTIO_CONSOLE_F_MULTIPORT = 1,
    CONSOLE_QUEUE_SIZE = 128,
    MAX_PORTS = VIRTIO_MAX_QUEUES / 2 - 1, /* the control queues take a pair */
    CONTROL_RX = 2,
    CONTROL_TX = 3,
    CONTROL_MSG_SIZE = 8,
    INPUT_CHUNK = 4096,
};

/* Control events (virtio 1.2, 5.3.6.2). */
enum {
    VIRTIO_CONSOLE_DEVICE_READY = 0,
    VIRTIO_CONSOLE_PORT_ADD = 1,
    VIRTIO_CONSOLE_PORT_REMOVE = 2,
    VIRTIO_CONSOLE_PORT_READY = 3,
    VIRTIO_CONSOLE_CONSOLE_PORT = 4,
    VIRTIO_CONSOLE_RESIZE = 5,
    VIRTIO_CONSOLE_PORT_OPEN = 6,
    VIRTIO_CONSOLE_PORT_NAME = 7,
};

typedef struct VirtIOSerial VirtIOSerial;

/* A "virtconsole" or "virtserialport" device. */
typedef struct VirtIOSerialPort {
    DeviceState parent;
    Chardev *chr;    /* property chardev */
    char *name;      /* property name: announced with PORT_NAME */
    bool is_console; /* virtconsole */
    VirtIOSerial *bus;
    unsigned id;
    bool guest_open; /* the driver sent PORT_OPEN 1 */
} VirtIOSerialPort;

/*
 * Host input for a port: the chardev asks how much it may deliver, and we
 * say one buffer's worth if the driver has made one available.  That
 * element stays popped until the input fills it, so the answer holds.
 */
typedef struct PortInput {
    bool have_elem;
    VirtQueueElement elem;
} PortInput;

struct VirtIOSerial {
    DeviceState parent;
    VirtIODevice vdev;
    VirtQueueElement elem;
    VirtIOSerialPort *ports[MAX_PORTS];
    PortInput input[MAX_PORTS];
    GQueue control_out; /* GByteArray messages waiting for a control receive buffer */
};

static VirtIOSerial *last_serial; /* where the next port device attaches */

static VirtIOSerial *to_serial(VirtIODevice *vdev)
{
    return (VirtIOSerial *)((char *)vdev - offsetof(VirtIOSerial, vdev));
}

static bool multiport(VirtIOSerial *s)
{
    return virtio_has_feature(&s->vdev, VIRTIO_CONSOLE_F_MULTIPORT);
}

/* Port n's receive (host to guest) queue; transmit is the next one. */
static unsigned port_rx_queue(unsigned id) { return id == 0 ? 0 : 2 + 2 * id; }

/* The port whose queue is n, NULL for the control queues or none. */
static VirtIOSerialPort *port_of_queue(VirtIOSerial *s, unsigned n)
{
    unsigned id = n < 2 ? 0 : n / 2 - 1;

    if (n == CONTROL_RX || n == CONTROL_TX || id >= MAX_PORTS)
        return NULL;
    return s->ports[id];
}

/* ------------------------------------------------------- control queue */

/* Hand queued control messages to the driver while it has buffers. */
static void control_flush(VirtIOSerial *s)
{
    bool pushed = false;

    while (!g_queue_is_empty(&s->control_out) &&
           virtqueue_pop(&s->vdev, CONTROL_RX, &s->elem)) {
        GByteArray *msg = g_queue_pop_head(&s->control_out);
        size_t n = virtqueue_write(&s->vdev, &s->elem, 0, msg->data, msg->len);

        g_byte_array_unref(msg);
        if (s->vdev.broken)
            return;
        virtqueue_push(&s->vdev, CONTROL_RX, &s->elem, (uint32_t)n);
        pushed = true;
    }
    if (pushed)
        virtio_notify(&s->vdev);
}

/* Queue a control message (and a name after it for PORT_NAME). */
static void control_send(VirtIOSerial *s, unsigned id, uint16_t event, uint16_t value,
                         const char *name)
{
    uint32_t id_le = GUINT32_TO_LE(id);
    uint16_t ev_le = GUINT16_TO_LE(event), val_le = GUINT16_TO_LE(value);
    GByteArray *msg = g_byte_array_new();

    g_byte_array_append(msg, (const uint8_t *)&id_le, 4);
    g_byte_array_append(msg, (const uint8_t *)&ev_le, 2);
    g_byte_array_append(msg, (const uint8_t *)&val_le, 2);
    if (name)
        g_byte_array_append(msg, (const uint8_t *)name, strlen(name));
    g_queue_push_tail(&s->control_out, msg);
    control_flush(s);
}

static void control_clear(VirtIOSerial *s)
{
    GByteArray *msg;

    while ((msg = g_queue_pop_head(&s->control_out)))
        g_byte_array_unref(msg);
}

static void port_ready(VirtIOSerial *s, VirtIOSerialPort *port)
{
    if (port->is_console)
        control_send(s, port->id, VIRTIO_CONSOLE_CONSOLE_PORT, 1, NULL);
    if (port->name)
        control_send(s, port->id, VIRTIO_CONSOLE_PORT_NAME, 1, port->name);
    control_send(s, port->id, VIRTIO_CONSOLE_PORT_OPEN, 1, NULL);
}

static void port_accept_input(VirtIOSerialPort *port);

/* One message from the driver. */
static void control_handle(VirtIOSerial *s, uint32_t id, uint16_t event, uint16_t value)
{
    VirtIOSerialPort *port = id < MAX_PORTS ? s->ports[id] : NULL;

    if (event == VIRTIO_CONSOLE_DEVICE_READY) {
        for (unsigned i = 0; value == 1 && i < MAX_PORTS; i++) {
            if (s->ports[i])
                control_send(s, i, VIRTIO_CONSOLE_PORT_ADD, 1, NULL);
        }
        return;
    }
    if (!port) {
        log_mask_printf(LOG_GUEST_ERROR, "virtio-serial: event %u for absent port %u\n", event,
                        id);
        return;
    }
    switch (event) {
    case VIRTIO_CONSOLE_PORT_READY:
        if (value == 1)
            port_ready(s, port);
        return;
    case VIRTIO_CONSOLE_PORT_OPEN:
        port->guest_open = value == 1;
        port_accept_input(port);
        return;
    default:
        log_mask_printf(LOG_GUEST_ERROR, "virtio-serial: unexpected event %u from the driver\n",
                        event);
    }
}

static void control_receive(VirtIOSerial *s)
{
    bool pushed = false;

    while (virtqueue_pop(&s->vdev, CONTROL_TX, &s->elem)) {
        uint8_t msg[CONTROL_MSG_SIZE];
        uint32_t id;
        uint16_t event, value;

        if (virtqueue_read(&s->vdev, &s->elem, 0, msg, sizeof(msg)) != sizeof(msg)) {
            if (!s->vdev.broken)
                virtio_error(&s->vdev, "virtio-serial: short control message");
            return;
        }
        memcpy(&id, msg, 4);
        memcpy(&event, msg + 4, 2);
        memcpy(&value, msg + 6, 2);
        virtqueue_push(&s->vdev, CONTROL_TX, &s->elem, 0);
        pushed = true;
        control_handle(s, GUINT32_FROM_LE(id), GUINT16_FROM_LE(event), GUINT16_FROM_LE(value));
    }
    if (pushed)
        virtio_notify(&s->vdev);
}

/* ------------------------------------------------------- data */

/* Guest output on a port goes to its chardev as it is. */
static void port_transmit(VirtIOSerial *s, VirtIOSerialPort *port, unsigned n)
{
    bool pushed = false;

    while (virtqueue_pop(&s->vdev, n, &s->elem)) {
        uint8_t buf[INPUT_CHUNK];

        for (uint64_t off = 0; off < s->elem.out_len; off += sizeof(buf)) {
            size_t len = virtqueue_read(&s->vdev, &s->elem, off, buf, sizeof(buf));

            if (s->vdev.broken)
                return;
            if (port->chr)
                chardev_write(port->chr, buf, len);
        }
        virtqueue_push(&s->vdev, n, &s->elem, 0);
        pushed = true;
    }
    if (pushed)
        virtio_notify(&s->vdev);
}

/* A port takes input once the driver opened it (a single-port driver: once it runs). */
static bool port_open(VirtIOSerialPort *port)
{
    VirtIOSerial *s = port->bus;

    return (s->vdev.status & VIRTIO_STATUS_DRIVER_OK) && !s->vdev.broken &&
           (multiport(s) ? port->guest_open : port->id == 0);
}

static PortInput *port_input_of(VirtIOSerialPort *port) { return &port->bus->input[port->id]; }

static size_t port_can_read(void *opaque)
{
    VirtIOSerialPort *port = opaque;
    PortInput *in = port_input_of(port);

    if (!port_open(port))
        return 0;
    if (!in->have_elem)
        in->have_elem = virtqueue_pop(&port->bus->vdev, port_rx_queue(port->id), &in->elem);
    return in->have_elem ? (size_t)MIN(in->elem.in_len, INPUT_CHUNK) : 0;
}

static void port_read(void *opaque, const uint8_t *buf, size_t len)
{
    VirtIOSerialPort *port = opaque;
    VirtIOSerial *s = port->bus;
    PortInput *in = port_input_of(port);
    size_t n;

    if (!in->have_elem)
        return; /* cannot happen: can_read popped one */
    n = virtqueue_write(&s->vdev, &in->elem, 0, buf, len);
    in->have_elem = false;
    if (s->vdev.broken)
        return;
    virtqueue_push(&s->vdev, port_rx_queue(port->id), &in->elem, (uint32_t)n);
    virtio_notify(&s->vdev);
}

static void port_accept_input(VirtIOSerialPort *port)
{
    if (port->chr && port_open(port))
        chardev_accept_input(port->chr);
}

/* ------------------------------------------------------- the virtio device */

static void serial_get_config(VirtIODevice *vdev, uint8_t *config)
{
    uint32_t max_ports = GUINT32_TO_LE(MAX_PORTS);

    memset(config, 0, 4); /* cols, rows: unknown */
    memcpy(config + 4, &max_ports, 4);
}

static void serial_handle_queue(VirtIODevice *vdev, unsigned n)
{
    VirtIOSerial *s = to_serial(vdev);
    VirtIOSerialPort *port;

    if (n == CONTROL_RX || n == CONTROL_TX) {
        if (!multiport(s))
            return;
        if (n == CONTROL_TX)
            control_receive(s);
        control_flush(s);
        return;
    }
    port = port_of_queue(s, n);
    if (!port) {
        log_mask_printf(LOG_GUEST_ERROR, "virtio-serial: queue %u of an absent port\n", n);
        return;
    }
    if (n == port_rx_queue(port->id))
        port_accept_input(port); /* new receive buffers */
    else
        port_transmit(s, port, n);
}

static void serial_reset(VirtIODevice *vdev)
{
    VirtIOSerial *s = to_serial(vdev);

    control_clear(s);
    for (unsigned i = 0; i < MAX_PORTS; i++) {
        if (s->ports[i])
            s->ports[i]->guest_open = false;
        s->input[i].have_elem = false;
    }
}

static const VirtIODeviceOps virtio_serial_ops = {
    .device_id = VIRTIO_ID_CONSOLE,
    .features = 1ull << VIRTIO_CONSOLE_F_MULTIPORT,
    .num_queues = 2 * (MAX_PORTS + 1),
    .queue_size = CONSOLE_QUEUE_SIZE,
    .config_size = 12,
    .get_config = serial_get_config,
    .handle_queue = serial_handle_queue,
    .reset = serial_reset,
};

static bool virtio_serial_realize(DeviceState *dev, char **errp)
{
    VirtIOSerial *s = (VirtIOSerial *)dev;

    if (last_serial) {
        *errp = g_strdup("only one virtio-serial-device is supported");
        return false;
    }
    g_queue_init(&s->control_out);
    virtio_device_init(&s->vdev, &virtio_serial_ops);
    if (!virtio_mmio_plug(dev, &s->vdev, errp))
        return false;
    last_serial = s;
    return true;
}

static const DeviceClass virtio_serial_class = {
    .name = "virtio-serial-device",
    .desc = "virtio console/serial device (ports: virtconsole, virtserialport)",
    .instance_size = sizeof(VirtIOSerial),
    .realize = virtio_serial_realize,
    .user_creatable = true,
};

/* ------------------------------------------------------- port devices */

/* Port 0 is kept for a console, as on QEMU (drivers without MULTIPORT see only it). */
static bool port_attach(VirtIOSerialPort *port, char **errp)
{
    VirtIOSerial *s = last_serial;
    unsigned id = port->is_console && !s->ports[0] ? 0 : 1;

    while (id < MAX_PORTS && s->ports[id])
        id++;
    if (id == MAX_PORTS) {
        *errp = g_strdup_printf("at most %d ports on a virtio-serial-device", MAX_PORTS - 1);
        return false;
    }
    port->bus = s;
    port->id = id;
    s->ports[id] = port;
    return true;
}

static bool virtio_port_realize(DeviceState *dev, char **errp)
{
    VirtIOSerialPort *port = (VirtIOSerialPort *)dev;

    port->is_console = strcmp(dev->dc->name, "virtconsole") == 0;
    if (!last_serial) {
        *errp = g_strdup("needs a -device virtio-serial-device before it");
        return false;
    }
    if (!port_attach(port, errp))
        return false;
    if (port->chr)
        chardev_set_handlers(port->chr, port_can_read, port_read, port);
    return true;
}

static const DeviceProperty virtio_port_props[] = {
    DEVICE_PROP("chardev", PROP_CHARDEV, VirtIOSerialPort, chr),
    DEVICE_PROP("name", PROP_STR, VirtIOSerialPort, name),
    {NULL},
};

static const DeviceClass virtconsole_class = {
    .name = "virtconsole",
    .desc = "virtio console port (chardev=ID), /dev/hvc0 in Linux",
    .instance_size = sizeof(VirtIOSerialPort),
    .props = virtio_port_props,
    .realize = virtio_port_realize,
    .user_creatable = true,
};

static const DeviceClass virtserialport_class = {
    .name = "virtserialport",
    .desc = "virtio serial port (chardev=ID, name=NAME)",
    .instance_size = sizeof(VirtIOSerialPort),
    .props = virtio_port_props,
    .realize = virtio_port_realize,
    .user_creatable = true,
};

device_type_init(virtio_console_register)
{
    device_type_register(&virtio_serial_class);
    device_type_register(&virtconsole_class);
    device_type_register(&virtserialport_class);
}
