/*
 * Networking: the -netdev/-nic option parsing and the frames held for a
 * guest without receive buffers (backends/net.c), slirp answering an ARP
 * request (backends/net-slirp.c), and virtio-net (hw/net/virtio-net.c)
 * driven through virtio-mmio in its legacy and modern layouts: transmit,
 * receive after the driver adds buffers, and a broken queue that stops the
 * device until it is reset.
 */
#include <arpa/inet.h>
#include <glib.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "exec/memory.h"
#include "hw/device.h"
#include "hw/virtio/virtio.h"
#include "net/net.h"
#include "test.h"

/* ------------------------------------------------------- a backend that records */

static GPtrArray *sent; /* GByteArray per frame the guest sent */
static int resumes;

static bool record_init(NetClient *nc, const NetOption *opts, size_t n, char **errp)
{
    return true;
}

static void record_send(NetClient *nc, const uint8_t *buf, size_t len)
{
    g_ptr_array_add(sent, g_byte_array_append(g_byte_array_new(), buf, len));
}

static void record_resume(NetClient *nc) { resumes++; }

static const NetBackendOps record_ops = {
    .type = "record",
    .init = record_init,
    .send = record_send,
    .resume = record_resume,
};

/* A card that takes `room` frames, then refuses. */
static int room;
static GPtrArray *received;

static bool card_receive(void *opaque, const uint8_t *buf, size_t len)
{
    if (room == 0) {
        return false;
    }
    room--;
    g_ptr_array_add(received, g_byte_array_append(g_byte_array_new(), buf, len));
    return true;
}

static void clear_frames(void)
{
    g_ptr_array_set_size(sent, 0);
    g_ptr_array_set_size(received, 0);
}

static uint8_t frame_byte(GPtrArray *frames, guint i, guint at)
{
    return ((GByteArray *)g_ptr_array_index(frames, i))->data[at];
}

/* ------------------------------------------------------- options */

/* The option fails with exactly the message want. */
static bool fails_with(const char *spec, bool nic, const char *want)
{
    char *err = NULL, *device = NULL;
    bool ok = nic ? net_nic_add(spec, &device, &err) : netdev_add(spec, &err);
    bool good = !ok && err && strcmp(err, want) == 0;

    if (!good) {
        printf("  %s: got %s, want '%s'\n", spec, err ? err : "(no error)", want);
    }
    g_free(err);
    g_free(device);
    return good;
}

static void test_options(void)
{
    char *err = NULL, *device = NULL;

    CHECK(fails_with("tap,id=t0", false, "tap: not supported"));
    CHECK(fails_with("record", false, "record: id=ID is required"));
    CHECK(netdev_add("record,id=r0", &err));
    CHECK(net_client_find("r0") != NULL);
    CHECK(fails_with("record,id=r0", false, "record,id=r0: duplicate id r0"));
    CHECK(fails_with("user,id=u9,hostfwd=tcp::70000-:22", false,
                     "user,id=u9,hostfwd=tcp::70000-:22: invalid host forwarding rule "
                     "'tcp::70000-:22'"));
    CHECK(fails_with("user,id=u9,net=10.1.0.0/16,dns=10.0.2.3", false,
                     "user,id=u9,net=10.1.0.0/16,dns=10.0.2.3: dns=10.0.2.3 is outside the "
                     "guest network"));
    CHECK(net_client_find("u9") == NULL);

    CHECK(net_nic_add("none", &device, &err));
    CHECK(device == NULL);
    CHECK(net_nic_add("record,mac=52:54:00:00:00:01", &device, &err));
    CHECK(device && strcmp(device, "virtio-net-device,netdev=nic0,mac=52:54:00:00:00:01") == 0);
    CHECK(net_client_find("nic0") != NULL);
    g_free(device);
    CHECK(
        fails_with("record,model=e1000", true,
                   "record,model=e1000: model=e1000: not supported (only virtio-net-device)"));
}

/* ------------------------------------------------------- held frames */

static void deliver_numbered(NetClient *nc, uint8_t n)
{
    uint8_t frame[60] = {n};

    net_client_deliver(nc, frame, sizeof(frame));
}

static void test_held_frames(void)
{
    char *err = NULL;
    NetClient *nc;

    CHECK(netdev_add("record,id=h0", &err));
    nc = net_client_find("h0");
    CHECK(net_client_attach(nc, &(NetFrontend){card_receive, NULL}));
    CHECK(!net_client_attach(nc, &(NetFrontend){card_receive, NULL}));
    clear_frames();
    resumes = 0;

    room = 1;
    deliver_numbered(nc, 1);
    deliver_numbered(nc, 2);
    room = 5;
    deliver_numbered(nc, 3); /* behind 2, though the card has room now */
    CHECK_EQ(received->len, 1);
    CHECK(!net_client_can_receive(nc));

    room = 0;
    net_client_flush(nc);
    CHECK_EQ(resumes, 0);
    room = 5;
    net_client_flush(nc);
    CHECK_EQ(received->len, 3);
    CHECK_EQ(frame_byte(received, 1, 0), 2);
    CHECK_EQ(frame_byte(received, 2, 0), 3);
    CHECK_EQ(resumes, 1);
    CHECK(net_client_can_receive(nc));

    /* A guest that never takes anything: the queue stays bounded. */
    room = 0;
    for (int i = 0; i < NET_HELD_MAX + 10; i++) {
        deliver_numbered(nc, (uint8_t)i);
    }
    CHECK_EQ(nc->n_held, NET_HELD_MAX);
    room = NET_HELD_MAX + 10;
    net_client_flush(nc);
    CHECK_EQ(received->len, 3 + NET_HELD_MAX);
    CHECK_EQ(frame_byte(received, 3 + NET_HELD_MAX - 1, 0), NET_HELD_MAX - 1);
}

/* ------------------------------------------------------- slirp */

static const uint8_t guest_mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};

/* Who has 10.0.2.2? Tell 10.0.2.15. */
static void test_slirp_arp(void)
{
    uint8_t req[42] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    static const uint8_t arp_head[] = {0x08, 0x06, 0, 1, 0x08, 0x00, 6, 4, 0, 1};
    static const uint8_t guest_ip[4] = {10, 0, 2, 15}, host_ip[4] = {10, 0, 2, 2};
    char *err = NULL;
    NetClient *nc;

    memcpy(req + 6, guest_mac, 6);
    memcpy(req + 12, arp_head, sizeof(arp_head));
    memcpy(req + 22, guest_mac, 6);
    memcpy(req + 28, guest_ip, 4);
    memcpy(req + 38, host_ip, 4);

    CHECK(netdev_add("user,id=u0", &err));
    nc = net_client_find("u0");
    CHECK(net_client_attach(nc, &(NetFrontend){card_receive, NULL}));
    clear_frames();
    room = 10;
    net_client_send(nc, req, sizeof(req));
    CHECK_EQ(received->len, 1);
    if (received->len == 1) {
        GByteArray *reply = g_ptr_array_index(received, 0);

        CHECK(reply->len >= 42);
        CHECK(memcmp(reply->data, guest_mac, 6) == 0);
        CHECK_EQ(reply->data[20] << 8 | reply->data[21], 2); /* ARP reply */
        CHECK(memcmp(reply->data + 28, host_ip, 4) == 0);
        CHECK(memcmp(reply->data + 38, guest_ip, 4) == 0);
    }
}

static uint16_t ip_checksum(const uint8_t *p, size_t len)
{
    uint32_t sum = 0;

    for (size_t i = 0; i + 1 < len; i += 2) {
        sum += p[i] << 8 | p[i + 1];
    }
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return (uint16_t)~sum;
}

/* An Ethernet frame with a UDP datagram from 10.0.2.15:5000 to 10.0.2.2:port. */
static size_t udp_frame(uint8_t *f, uint16_t port, const char *payload)
{
    static const uint8_t slirp_mac[6] = {0x52, 0x55, 0x0a, 0x00, 0x02, 0x02};
    static const uint8_t ip_head[] = {0x45, 0, 0,  0, 0, 1,  0,  0, 64, 17,
                                      0,    0, 10, 0, 2, 15, 10, 0, 2,  2};
    size_t plen = strlen(payload), ip_len = 20 + 8 + plen;

    memcpy(f, slirp_mac, 6);
    memcpy(f + 6, guest_mac, 6);
    f[12] = 0x08, f[13] = 0x00;
    memcpy(f + 14, ip_head, sizeof(ip_head));
    f[16] = (uint8_t)(ip_len >> 8), f[17] = (uint8_t)ip_len;
    uint16_t csum = ip_checksum(f + 14, 20);
    f[24] = (uint8_t)(csum >> 8), f[25] = (uint8_t)csum;
    uint8_t udp[8] = {5000 >> 8, 5000 & 0xff, port >> 8, port & 0xff, 0, (uint8_t)(8 + plen)};
    memcpy(f + 34, udp, 8); /* checksum 0: none */
    memcpy(f + 42, payload, plen);
    return 14 + ip_len;
}

/* The received frame carrying a UDP payload, or NULL. */
static const uint8_t *find_udp_payload(const char *payload)
{
    for (guint i = 0; i < received->len; i++) {
        GByteArray *f = g_ptr_array_index(received, i);

        if (f->len >= 42 + strlen(payload) && f->data[23] == 17 &&
            memcmp(f->data + 42, payload, strlen(payload)) == 0) {
            return f->data;
        }
    }
    return NULL;
}

/* Iterate the main loop until done() (NULL: never) or ms have passed. */
static bool run_main_loop_until(bool (*done)(void), int ms)
{
    gint64 end = g_get_monotonic_time() + ms * 1000ll;

    while (!(done && done()) && g_get_monotonic_time() < end) {
        g_main_context_iteration(NULL, FALSE);
        g_usleep(1000);
    }
    return done && done();
}

static bool udp_pong_received(void) { return find_udp_payload("pong") != NULL; }
static bool udp_two_received(void) { return find_udp_payload("two") != NULL; }
static bool udp_payload_held(void) { return net_client_find("u0")->n_held == 1; }

/*
 * A datagram from the guest reaches a host socket on 127.0.0.1 through
 * 10.0.2.2, and the host's answer comes back through slirp's GSource in
 * the main loop; while the guest has no buffers, answers wait in the host
 * socket.  Runs after test_slirp_arp, whose request taught slirp the
 * guest's MAC.
 */
static void test_slirp_udp(void)
{
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET,
                               .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    struct sockaddr_in from;
    socklen_t addr_len = sizeof(addr), from_len = sizeof(from);
    NetClient *nc = net_client_find("u0");
    uint8_t frame[128];
    char buf[16] = {0};
    const uint8_t *reply = NULL;

    CHECK(bind(fd, (struct sockaddr *)&addr, sizeof(addr)) == 0);
    CHECK(getsockname(fd, (struct sockaddr *)&addr, &addr_len) == 0);
    clear_frames();
    room = 100;
    net_client_send(nc, frame, udp_frame(frame, ntohs(addr.sin_port), "ping"));
    CHECK(poll(&(struct pollfd){.fd = fd, .events = POLLIN}, 1, 2000) == 1);
    CHECK_EQ(
        recvfrom(fd, buf, sizeof(buf) - 1, MSG_DONTWAIT, (struct sockaddr *)&from, &from_len),
        4);
    CHECK(strcmp(buf, "ping") == 0);
    CHECK_EQ(sendto(fd, "pong", 4, 0, (struct sockaddr *)&from, from_len), 4);
    CHECK(run_main_loop_until(udp_pong_received, 2000));
    reply = find_udp_payload("pong");
    if (reply) {
        CHECK(memcmp(reply, guest_mac, 6) == 0);
        CHECK_EQ(reply[26] << 24 | reply[27] << 16 | reply[28] << 8 | reply[29], 0x0a000202);
        CHECK_EQ(reply[36] << 8 | reply[37], 5000);
    }

    /* A guest without buffers: the first answer is held, the second stays in the socket. */
    clear_frames();
    room = 0;
    CHECK_EQ(sendto(fd, "one", 3, 0, (struct sockaddr *)&from, from_len), 3);
    CHECK(run_main_loop_until(udp_payload_held, 2000));
    CHECK_EQ(sendto(fd, "two", 3, 0, (struct sockaddr *)&from, from_len), 3);
    run_main_loop_until(NULL, 200);
    CHECK_EQ(nc->n_held, 1);
    room = 10;
    net_client_flush(nc);
    CHECK(find_udp_payload("one") != NULL);
    CHECK(run_main_loop_until(udp_two_received, 2000));
    close(fd);
}

/* ------------------------------------------------------- virtio-net */

enum {
    RAM_BASE = 0x40000000,
    MMIO_LEGACY = 0x0a000000,
    MMIO_MODERN = 0x0a000200,
    QSIZE = 16,
    RXQ = RAM_BASE + 0x10000, /* two pages a queue (legacy layout) */
    TXQ = RAM_BASE + 0x20000,
    BUFS = RAM_BASE + 0x30000,
    STATUS_DRIVER = VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER,
};

static AddressSpace *as;

static uint32_t rd(uint64_t base, uint64_t reg)
{
    uint64_t v = 0;

    address_space_ld(as, base + reg, 4, &v);
    return (uint32_t)v;
}

static void wr(uint64_t base, uint64_t reg, uint32_t v)
{
    address_space_st(as, base + reg, 4, v);
}

static void st(uint64_t addr, unsigned size, uint64_t v)
{
    address_space_st(as, addr, size, v);
}

static uint64_t ld(uint64_t addr, unsigned size)
{
    uint64_t v = 0;

    address_space_ld(as, addr, size, &v);
    return v;
}

typedef struct Driver {
    uint64_t mmio;
    bool modern;
    unsigned hdr_len;
    uint16_t avail_idx[2];
} Driver;

static uint64_t queue_base(unsigned q) { return q == 0 ? RXQ : TXQ; }

static void setup_queue(Driver *d, unsigned q)
{
    uint64_t base = queue_base(q);

    wr(d->mmio, 0x030, q);
    CHECK_EQ(rd(d->mmio, 0x034), 256);
    wr(d->mmio, 0x038, QSIZE);
    if (d->modern) {
        wr(d->mmio, 0x080, (uint32_t)base);
        wr(d->mmio, 0x090, (uint32_t)(base + 16 * QSIZE));
        wr(d->mmio, 0x0a0, (uint32_t)(base + 0x1000));
        wr(d->mmio, 0x044, 1);
    } else {
        wr(d->mmio, 0x03c, 0x1000);
        wr(d->mmio, 0x040, (uint32_t)(base / 0x1000));
    }
    d->avail_idx[q] = 0;
}

/* Reset, negotiate (MAC, STATUS and, when modern, VERSION_1), set up both queues. */
static void driver_init(Driver *d)
{
    wr(d->mmio, 0x070, 0);
    for (uint64_t a = RXQ; a < BUFS + 0x10000; a += 8) {
        st(a, 8, 0);
    }
    wr(d->mmio, 0x070, STATUS_DRIVER);
    wr(d->mmio, 0x014, 0);
    CHECK_EQ(rd(d->mmio, 0x010), 1u << 5 | 1u << 16);
    wr(d->mmio, 0x024, 0);
    wr(d->mmio, 0x020, 1u << 5 | 1u << 16);
    wr(d->mmio, 0x024, 1);
    wr(d->mmio, 0x020, d->modern ? 1 : 0);
    if (d->modern) {
        wr(d->mmio, 0x070, STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
    } else {
        wr(d->mmio, 0x028, 0x1000);
    }
    setup_queue(d, 0);
    setup_queue(d, 1);
    wr(d->mmio, 0x070, rd(d->mmio, 0x070) | VIRTIO_STATUS_DRIVER_OK);
    d->hdr_len = d->modern ? 12 : 10;
}

static void set_desc(unsigned q, unsigned i, uint64_t addr, uint32_t len, uint16_t flags,
                     uint16_t next)
{
    uint64_t desc = queue_base(q) + 16ull * i;

    st(desc, 8, addr);
    st(desc + 8, 4, len);
    st(desc + 12, 2, flags);
    st(desc + 14, 2, next);
}

static void make_available(Driver *d, unsigned q, uint16_t head)
{
    uint64_t avail = queue_base(q) + 16 * QSIZE;

    st(avail + 4 + 2 * (d->avail_idx[q] % QSIZE), 2, head);
    st(avail + 2, 2, ++d->avail_idx[q]);
    wr(d->mmio, 0x050, q);
}

static uint16_t used_idx(unsigned q) { return (uint16_t)ld(queue_base(q) + 0x1000 + 2, 2); }
static uint32_t used_len(unsigned q, unsigned n)
{
    return (uint32_t)ld(queue_base(q) + 0x1000 + 4 + 8 * n + 4, 4);
}

/* A header (readable) then a 60-byte frame starting with byte n. */
static void transmit(Driver *d, uint8_t n)
{
    uint64_t hdr = BUFS, frame = BUFS + 0x100;

    for (unsigned i = 0; i < 60; i++) {
        st(frame + i, 1, (uint8_t)(n + i));
    }
    set_desc(1, 0, hdr, d->hdr_len, 1 /* NEXT */, 1);
    set_desc(1, 1, frame, 60, 0, 0);
    make_available(d, 1, 0);
}

static void test_virtio_net(Driver *d, NetClient *nc, const uint8_t mac[6])
{
    uint8_t frame[70];

    driver_init(d);
    for (int i = 0; i < 6; i++) {
        CHECK_EQ(ld(d->mmio + 0x100 + i, 1), mac[i]);
    }
    CHECK_EQ(ld(d->mmio + 0x106, 2), 1); /* link up */

    /* Transmit: the backend gets the frame without the header. */
    clear_frames();
    transmit(d, 7);
    CHECK_EQ(sent->len, 1);
    CHECK_EQ(((GByteArray *)g_ptr_array_index(sent, 0))->len, 60);
    CHECK_EQ(frame_byte(sent, 0, 0), 7);
    CHECK_EQ(frame_byte(sent, 0, 59), 7 + 59);
    CHECK_EQ(used_idx(1), 1);
    CHECK_EQ(rd(d->mmio, 0x060) & VIRTIO_ISR_QUEUE, VIRTIO_ISR_QUEUE);
    wr(d->mmio, 0x064, VIRTIO_ISR_QUEUE);

    /* Receive: held until the driver adds a buffer and notifies. */
    for (unsigned i = 0; i < sizeof(frame); i++) {
        frame[i] = (uint8_t)(0xa0 + i);
    }
    resumes = 0;
    net_client_deliver(nc, frame, sizeof(frame));
    CHECK(!net_client_can_receive(nc));
    CHECK_EQ(used_idx(0), 0);
    for (unsigned i = 0; i < 12; i++) {
        st(BUFS + 0x1000 + i, 1, 0xee);
    }
    set_desc(0, 0, BUFS + 0x1000, 2048, 2 /* WRITE */, 0);
    make_available(d, 0, 0);
    CHECK(net_client_can_receive(nc));
    CHECK_EQ(resumes, 1);
    CHECK_EQ(used_idx(0), 1);
    CHECK_EQ(used_len(0, 0), d->hdr_len + sizeof(frame));
    CHECK_EQ(ld(BUFS + 0x1000, 8), 0); /* flags, gso: none */
    CHECK_EQ(ld(BUFS + 0x1000 + 8, 2), 0);
    if (d->modern) {
        CHECK_EQ(ld(BUFS + 0x1000 + 10, 2), 1); /* num_buffers */
    }
    CHECK_EQ(ld(BUFS + 0x1000 + d->hdr_len, 1), 0xa0);
    CHECK_EQ(ld(BUFS + 0x1000 + d->hdr_len + sizeof(frame) - 1, 1), 0xa0 + sizeof(frame) - 1);

    /* A buffer too small for the frame: the frame is dropped, the buffer returned empty. */
    set_desc(0, 1, BUFS + 0x1000, d->hdr_len + 20, 2 /* WRITE */, 0);
    make_available(d, 0, 1);
    net_client_deliver(nc, frame, sizeof(frame));
    CHECK(net_client_can_receive(nc));
    CHECK_EQ(used_idx(0), 2);
    CHECK_EQ(used_len(0, 1), 0);

    /* A descriptor index past the queue: the device stops until reset. */
    clear_frames();
    make_available(d, 1, QSIZE + 3);
    CHECK_EQ(used_idx(1), 1);
    CHECK_EQ(rd(d->mmio, 0x070) & VIRTIO_STATUS_NEEDS_RESET,
             d->modern ? VIRTIO_STATUS_NEEDS_RESET : 0);
    transmit(d, 9);
    CHECK_EQ(sent->len, 0);
    driver_init(d);
    transmit(d, 9);
    CHECK_EQ(sent->len, 1);

    /* A header-less transmit request breaks the queue too. */
    set_desc(1, 0, BUFS, d->hdr_len - 1, 0, 0);
    make_available(d, 1, 0);
    CHECK_EQ(sent->len, 1);
    transmit(d, 9);
    CHECK_EQ(sent->len, 1);

    /* A receive buffer outside RAM: the device stops; the host writes nothing. */
    driver_init(d);
    set_desc(0, 0, 0x1000, 2048, 2 /* WRITE */, 0);
    make_available(d, 0, 0);
    net_client_deliver(nc, frame, sizeof(frame));
    CHECK_EQ(used_idx(0), 0);
    CHECK_EQ(rd(d->mmio, 0x070) & VIRTIO_STATUS_NEEDS_RESET,
             d->modern ? VIRTIO_STATUS_NEEDS_RESET : 0);
}

static DeviceState *new_transport(uint64_t base, bool modern)
{
    char *err = NULL;
    DeviceState *t = device_new("virtio-mmio");

    device_set_prop_bool(t, "force-legacy", !modern);
    CHECK(device_realize(t, &err));
    memory_region_add_subregion(address_space_root(as), base, device_mmio(t, 0), 0);
    virtio_mmio_register_transport(t);
    return t;
}

static NetClient *new_card(const char *netdev, const char *mac)
{
    char *err = NULL;
    g_autofree char *spec = g_strdup_printf("record,id=%s", netdev);
    DeviceState *dev = device_new("virtio-net-device");

    CHECK(netdev_add(spec, &err));
    CHECK(device_set_prop(dev, "netdev", netdev, &err));
    CHECK(device_set_prop(dev, "mac", mac, &err));
    CHECK(device_realize(dev, &err));
    return net_client_find(netdev);
}

static void test_virtio_net_legacy(void)
{
    static const uint8_t mac[6] = {0x52, 0x54, 0x00, 0xab, 0xcd, 0x01};
    Driver d = {.mmio = MMIO_LEGACY};

    new_transport(MMIO_LEGACY, false);
    test_virtio_net(&d, new_card("vl", "52:54:00:ab:cd:01"), mac);
}

static void test_virtio_net_modern(void)
{
    static const uint8_t mac[6] = {0x52, 0x54, 0x00, 0xab, 0xcd, 0x02};
    Driver d = {.mmio = MMIO_MODERN, .modern = true};

    new_transport(MMIO_MODERN, true);
    test_virtio_net(&d, new_card("vm", "52:54:00:ab:cd:02"), mac);
}

int main(void)
{
    net_backend_register(&record_ops);
    sent = g_ptr_array_new_with_free_func((GDestroyNotify)g_byte_array_unref);
    received = g_ptr_array_new_with_free_func((GDestroyNotify)g_byte_array_unref);
    as = address_space_system();
    memory_region_add_subregion(address_space_root(as), RAM_BASE,
                                memory_region_new_ram("ram", 1 << 20), 0);

    RUN_TEST(test_options);
    RUN_TEST(test_held_frames);
    RUN_TEST(test_slirp_arp);
    RUN_TEST(test_slirp_udp);
    RUN_TEST(test_virtio_net_legacy);
    RUN_TEST(test_virtio_net_modern);
    return test_finish();
}
