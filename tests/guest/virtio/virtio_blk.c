/*
 * A minimal virtio-blk driver over virtio-mmio, in either register layout
 * (legacy or modern, whichever the transport reports): find the device,
 * negotiate, set up one queue, read a sector the host filled with a
 * pattern, write one the host checks afterwards, flush; then feed the
 * device a descriptor loop and a buffer outside RAM, which must stop it
 * (and, with a modern driver, set DEVICE_NEEDS_RESET) without harming the
 * emulator, and check that a reset brings it back.
 *
 * The run script makes the disk: sector n is filled with the byte n.
 */
#include "check.h"

#define MMIO_BASE  0x0a000000ul
#define MMIO_SIZE  0x200
#define MMIO_COUNT 32
#define QSIZE      8
#define SECTOR     512

/* Registers */
#define R_MAGIC        0x000
#define R_VERSION      0x004
#define R_DEVICE_ID    0x008
#define R_DEV_FEAT     0x010
#define R_DEV_FEAT_SEL 0x014
#define R_DRV_FEAT     0x020
#define R_DRV_FEAT_SEL 0x024
#define R_PAGE_SIZE    0x028
#define R_QUEUE_SEL    0x030
#define R_QUEUE_MAX    0x034
#define R_QUEUE_NUM    0x038
#define R_QUEUE_ALIGN  0x03c
#define R_QUEUE_PFN    0x040
#define R_QUEUE_READY  0x044
#define R_NOTIFY       0x050
#define R_ISR          0x060
#define R_ISR_ACK      0x064
#define R_STATUS       0x070
#define R_DESC_LO      0x080
#define R_AVAIL_LO     0x090
#define R_USED_LO      0x0a0
#define R_CONFIG       0x100

#define S_ACK         1
#define S_DRIVER      2
#define S_DRIVER_OK   4
#define S_FEATURES_OK 8
#define S_NEEDS_RESET 0x40
#define F_NEXT        1
#define F_WRITE       2

struct desc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags, next;
};

/* The legacy layout: descriptors, then the avail ring, the used ring on the next page. */
static struct {
    struct desc desc[QSIZE];
    uint16_t avail_flags, avail_idx, avail_ring[QSIZE], used_event;
    uint8_t pad[4096 - QSIZE * 16 - (QSIZE + 3) * 2];
    uint16_t used_flags, used_idx;
    struct {
        uint32_t id, len;
    } used_ring[QSIZE];
} vq __attribute__((aligned(4096)));

static struct {
    uint32_t type, reserved;
    uint64_t sector;
} req_hdr;
static uint8_t data[SECTOR] __attribute__((aligned(16)));
static volatile uint8_t req_status;
static uint64_t dev;
static bool modern;

static uint32_t rd(unsigned reg) { return *(volatile uint32_t *)(dev + reg); }
static void wr(unsigned reg, uint32_t v) { *(volatile uint32_t *)(dev + reg) = v; }
static void barrier(void) { asm volatile("dsb sy" ::: "memory"); }

static bool find_device(void)
{
    for (unsigned i = 0; i < MMIO_COUNT; i++) {
        dev = MMIO_BASE + i * MMIO_SIZE;
        if (rd(R_MAGIC) == 0x74726976 && rd(R_DEVICE_ID) == 2)
            return true;
    }
    return false;
}

static void device_init(void)
{
    wr(R_STATUS, 0);
    memset(&vq, 0, sizeof(vq));
    wr(R_STATUS, S_ACK | S_DRIVER);
    wr(R_DEV_FEAT_SEL, 1);
    wr(R_DRV_FEAT_SEL, 1);
    wr(R_DRV_FEAT, modern ? 1 : 0); /* VIRTIO_F_VERSION_1 is bit 32 */
    wr(R_DRV_FEAT_SEL, 0);
    wr(R_DRV_FEAT, 0);
    if (modern) {
        wr(R_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK);
        CHECK(rd(R_STATUS) & S_FEATURES_OK);
    } else {
        wr(R_PAGE_SIZE, 4096);
    }
    wr(R_QUEUE_SEL, 0);
    CHECK(rd(R_QUEUE_MAX) >= QSIZE);
    wr(R_QUEUE_NUM, QSIZE);
    if (modern) {
        wr(R_DESC_LO, (uint32_t)(uintptr_t)vq.desc);
        wr(R_AVAIL_LO, (uint32_t)(uintptr_t)&vq.avail_flags);
        wr(R_USED_LO, (uint32_t)(uintptr_t)&vq.used_flags);
        wr(R_QUEUE_READY, 1);
    } else {
        wr(R_QUEUE_ALIGN, 4096);
        wr(R_QUEUE_PFN, (uint32_t)((uintptr_t)&vq >> 12));
    }
    wr(R_STATUS, rd(R_STATUS) | S_DRIVER_OK);
}

/*
 * Publish the chain at head 0 and wait (up to 0.2 s: QEMU completes
 * requests asynchronously) for the device to use it; false if it does not.
 */
static bool submit(void)
{
    uint16_t used = vq.used_idx;
    uint64_t deadline = read_sysreg(cntvct_el0) + read_sysreg(cntfrq_el0) / 5;

    vq.avail_ring[vq.avail_idx % QSIZE] = 0;
    barrier();
    vq.avail_idx++;
    barrier();
    wr(R_NOTIFY, 0);
    while (*(volatile uint16_t *)&vq.used_idx == used && read_sysreg(cntvct_el0) < deadline)
        barrier();
    wr(R_ISR_ACK, rd(R_ISR));
    return vq.used_idx != used;
}

/* header -> data -> status; the data buffer is device-writable for reads. */
static bool request(uint32_t type, uint64_t sector, uint32_t len)
{
    req_hdr.type = type;
    req_hdr.sector = sector;
    req_status = 0xff;
    vq.desc[0] = (struct desc){(uintptr_t)&req_hdr, sizeof(req_hdr), F_NEXT, 1};
    if (len) {
        vq.desc[1] = (struct desc){(uintptr_t)data, len, F_NEXT | (type == 0 ? F_WRITE : 0), 2};
        vq.desc[2] = (struct desc){(uintptr_t)&req_status, 1, F_WRITE, 0};
    } else {
        vq.desc[1] = (struct desc){(uintptr_t)&req_status, 1, F_WRITE, 0};
    }
    return submit() && req_status == 0;
}

static bool same(const uint8_t *a, const char *b, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        if (a[i] != (uint8_t)b[i])
            return false;
    }
    return true;
}

static void test_read_write_flush(void)
{
    uint64_t capacity = rd(R_CONFIG) | (uint64_t)rd(R_CONFIG + 4) << 32;

    CHECK_EQ(capacity, 64); /* 32 KiB */
    CHECK(request(0, 5, SECTOR));
    CHECK_EQ(data[0], 5);
    CHECK_EQ(data[SECTOR - 1], 5);
    memset(data, 0, sizeof(data));
    memcpy(data, "written by the guest", 20);
    CHECK(request(1, 7, SECTOR));
    CHECK(request(4, 0, 0)); /* flush */
    memset(data, 0, sizeof(data));
    CHECK(request(0, 7, SECTOR));
    CHECK(same(data, "written by the guest", 20));
}

/*
 * A broken request stops the device (QEMU reads a buffer outside RAM as
 * zeros instead: lenient_ok); a reset brings it back.
 */
static void check_broken(const char *what, bool lenient_ok)
{
    bool used;

    printf("  %s\n", what);
    used = submit();
    CHECK(!used || lenient_ok);
    if (modern && !used)
        CHECK(rd(R_STATUS) & S_NEEDS_RESET);
    device_init();
    CHECK(request(0, 3, SECTOR));
    CHECK_EQ(data[0], 3);
}

static void test_bad_queues(void)
{
    req_hdr.type = 0;
    vq.desc[0] = (struct desc){(uintptr_t)&req_hdr, sizeof(req_hdr), F_NEXT, 1};
    vq.desc[1] = (struct desc){(uintptr_t)data, SECTOR, F_NEXT | F_WRITE, 0};
    check_broken("descriptor loop", false);
    vq.desc[0] = (struct desc){(uintptr_t)&req_hdr, sizeof(req_hdr), F_NEXT, 9};
    check_broken("descriptor index out of range", false);
    vq.desc[0] = (struct desc){0x80000000ul, sizeof(req_hdr), F_NEXT, 1}; /* past 128 MiB RAM */
    vq.desc[1] = (struct desc){(uintptr_t)&req_status, 1, F_WRITE, 0};
    check_broken("header outside RAM", true);
}

int main(void)
{
    if (!find_device()) {
        printf("no virtio-blk device\n");
        return 1;
    }
    modern = rd(R_VERSION) == 2;
    printf("virtio-blk at 0x%lx, %s interface\n", dev, modern ? "modern" : "legacy");
    device_init();
    test_read_write_flush();
    test_bad_queues();
    return test_finish("virtio_blk");
}
