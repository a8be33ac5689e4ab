/* Raw image files behind -drive (sysemu/block.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sysemu/block.h"

enum { SNAPSHOT_CLUSTER = 4096 };

struct BlockBackend {
    char *file, *id;
    int fd;
    uint64_t size;
    bool readonly, attached;
    GHashTable *snapshot; /* cluster index -> SNAPSHOT_CLUSTER bytes; NULL: write through */
};

static GPtrArray *backends;

/* QEMU's rule: a shared lock to read, an exclusive one to write. */
static bool lock_image(int fd, bool readonly)
{
    struct flock fl = {.l_type = readonly ? F_RDLCK : F_WRLCK, .l_whence = SEEK_SET};

    return fcntl(fd, F_OFD_SETLK, &fl) == 0;
}

BlockBackend *blk_open(const char *file, bool readonly, bool snapshot, char **errp)
{
    bool writes_file = !readonly && !snapshot;
    int fd = open(file, (writes_file ? O_RDWR : O_RDONLY) | O_CLOEXEC);
    struct stat st;

    if (fd < 0 || fstat(fd, &st) != 0) {
        *errp = g_strdup_printf("could not open '%s': %s", file, g_strerror(errno));
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode)) {
        *errp = g_strdup_printf("'%s' is not a file", file);
        close(fd);
        return NULL;
    }
    if (!lock_image(fd, !writes_file)) {
        *errp =
            g_strdup_printf("failed to get \"%s\" lock on '%s': is another process using it?",
                            writes_file ? "write" : "read", file);
        close(fd);
        return NULL;
    }
    BlockBackend *blk = g_new0(BlockBackend, 1);
    blk->file = g_strdup(file);
    blk->fd = fd;
    blk->size = S_ISBLK(st.st_mode) ? (uint64_t)lseek(fd, 0, SEEK_END) : (uint64_t)st.st_size;
    blk->readonly = readonly;
    if (snapshot)
        blk->snapshot = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
    if (!backends)
        backends = g_ptr_array_new();
    g_ptr_array_add(backends, blk);
    return blk;
}

void blk_set_id(BlockBackend *blk, const char *id)
{
    g_free(blk->id);
    blk->id = g_strdup(id);
}

BlockBackend *blk_by_id(const char *id)
{
    for (guint i = 0; backends && i < backends->len; i++) {
        BlockBackend *blk = g_ptr_array_index(backends, i);
        if (blk->id && strcmp(blk->id, id) == 0)
            return blk;
    }
    return NULL;
}

bool blk_attach(BlockBackend *blk)
{
    if (blk->attached)
        return false;
    blk->attached = true;
    return true;
}

uint64_t blk_size(const BlockBackend *blk) { return blk->size; }
bool blk_is_readonly(const BlockBackend *blk) { return blk->readonly; }
const char *blk_name(const BlockBackend *blk) { return blk->file; }

static bool in_range(const BlockBackend *blk, uint64_t offset, size_t len)
{
    return offset <= blk->size && len <= blk->size - offset;
}

static int file_io(BlockBackend *blk, uint64_t offset, void *buf, size_t len, bool write)
{
    while (len) {
        ssize_t n = write ? pwrite(blk->fd, buf, len, (off_t)offset)
                          : pread(blk->fd, buf, len, (off_t)offset);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n < 0 ? -errno : -EIO;
        buf = (char *)buf + n;
        offset += (uint64_t)n;
        len -= (size_t)n;
    }
    return 0;
}

/* The snapshot copy of the cluster holding offset, created from the file if asked. */
static uint8_t *snapshot_cluster(BlockBackend *blk, uint64_t offset, bool create)
{
    gint64 index = (gint64)(offset / SNAPSHOT_CLUSTER);
    uint8_t *data = g_hash_table_lookup(blk->snapshot, &index);
    uint64_t start = (uint64_t)index * SNAPSHOT_CLUSTER;

    if (data || !create)
        return data;
    data = g_malloc0(SNAPSHOT_CLUSTER);
    if (file_io(blk, start, data, MIN(SNAPSHOT_CLUSTER, blk->size - start), false) != 0) {
        g_free(data);
        return NULL;
    }
    g_hash_table_insert(blk->snapshot, g_memdup2(&index, sizeof(index)), data);
    return data;
}

/* Reads and writes through the snapshot copy, cluster by cluster. */
static int snapshot_io(BlockBackend *blk, uint64_t offset, uint8_t *buf, size_t len, bool write)
{
    while (len) {
        size_t in_cluster = SNAPSHOT_CLUSTER - offset % SNAPSHOT_CLUSTER;
        size_t n = MIN(len, in_cluster);
        uint8_t *data = snapshot_cluster(blk, offset, write);

        if (write && !data)
            return -EIO;
        if (write)
            memcpy(data + offset % SNAPSHOT_CLUSTER, buf, n);
        else if (data)
            memcpy(buf, data + offset % SNAPSHOT_CLUSTER, n);
        else if (file_io(blk, offset, buf, n, false) != 0)
            return -EIO;
        buf += n;
        offset += n;
        len -= n;
    }
    return 0;
}

int blk_pread(BlockBackend *blk, uint64_t offset, void *buf, size_t len)
{
    if (!in_range(blk, offset, len))
        return -EINVAL;
    return blk->snapshot ? snapshot_io(blk, offset, buf, len, false)
                         : file_io(blk, offset, buf, len, false);
}

int blk_pwrite(BlockBackend *blk, uint64_t offset, const void *buf, size_t len)
{
    if (blk->readonly)
        return -EROFS;
    if (!in_range(blk, offset, len))
        return -EINVAL;
    return blk->snapshot ? snapshot_io(blk, offset, (uint8_t *)buf, len, true)
                         : file_io(blk, offset, (void *)buf, len, true);
}

int blk_flush(BlockBackend *blk)
{
    if (blk->readonly || blk->snapshot)
        return 0;
    return fdatasync(blk->fd) == 0 ? 0 : -errno;
}

void blk_close_all(void)
{
    for (guint i = 0; backends && i < backends->len; i++) {
        BlockBackend *blk = g_ptr_array_index(backends, i);
        blk_flush(blk);
        close(blk->fd);
        if (blk->snapshot)
            g_hash_table_destroy(blk->snapshot);
        g_free(blk->file);
        g_free(blk->id);
        g_free(blk);
    }
    if (backends)
        g_ptr_array_free(backends, TRUE);
    backends = NULL;
}
