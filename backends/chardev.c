/* Character device backends: stdio (optionally with Ctrl-A escapes), null,
 * file and memory. */
#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "backends/chardev.h"
#include "sysemu/runstate.h"

enum {
    ESCAPE_CHAR = 0x01, /* Ctrl-A */
    INPUT_READ_CHUNK = 256,
    INPUT_PENDING_MAX = 4096, /* stop reading the host until the guest catches up */
};

struct Chardev {
    char *id;
    int out_fd;   /* -1: output discarded (or kept in memory_out) */
    bool escapes; /* mon:stdio: Ctrl-A commands */
    bool escape_seen;
    GString *memory_out;

    GMutex lock; /* pending_in: host side fills, frontend drains */
    GByteArray *pending_in;
    GCond input_cond; /* input arrived or ended, for chardev_getc_blocking */
    bool input_ended;
    bool getc_owns_input; /* since the first chardev_getc_blocking */
    guint input_watch;    /* 0 while paused or at end of input */
    bool delivery_scheduled;

    ChardevCanRead can_read;
    ChardevRead read;
    void *opaque;
};

static GPtrArray *all_chardevs;
static Chardev *stdio_chardev;
static bool tty_modified;
static struct termios saved_tty;

static Chardev *chardev_alloc(const char *id, int out_fd)
{
    Chardev *chr = g_new0(Chardev, 1);
    chr->id = g_strdup(id);
    chr->out_fd = out_fd;
    g_mutex_init(&chr->lock);
    g_cond_init(&chr->input_cond);
    chr->pending_in = g_byte_array_new();
    if (!all_chardevs)
        all_chardevs = g_ptr_array_new();
    g_ptr_array_add(all_chardevs, chr);
    return chr;
}

Chardev *chardev_find(const char *id)
{
    for (guint i = 0; all_chardevs && i < all_chardevs->len; i++) {
        Chardev *chr = g_ptr_array_index(all_chardevs, i);
        if (strcmp(chr->id, id) == 0)
            return chr;
    }
    return NULL;
}

Chardev *serial_hd(int n)
{
    char id[32];
    snprintf(id, sizeof(id), "serial%d", n);
    return chardev_find(id);
}

/* ------------------------------------------------------- input */

/* Hand the frontend what it can take; main thread, big lock taken here. */
static void deliver_pending(Chardev *chr)
{
    bql_lock();
    g_mutex_lock(&chr->lock);
    chr->delivery_scheduled = false;
    while (chr->pending_in->len && chr->read && !chr->getc_owns_input) {
        size_t room = chr->can_read ? chr->can_read(chr->opaque) : chr->pending_in->len;
        size_t n = MIN(room, chr->pending_in->len);
        if (n == 0)
            break;
        uint8_t buf[INPUT_READ_CHUNK];
        n = MIN(n, sizeof(buf));
        memcpy(buf, chr->pending_in->data, n);
        g_byte_array_remove_range(chr->pending_in, 0, n);
        g_mutex_unlock(&chr->lock);
        chr->read(chr->opaque, buf, n);
        g_mutex_lock(&chr->lock);
    }
    g_mutex_unlock(&chr->lock);
    bql_unlock();
}

static gboolean deliver_idle(gpointer opaque)
{
    deliver_pending(opaque);
    return G_SOURCE_REMOVE;
}

void chardev_accept_input(Chardev *chr)
{
    g_mutex_lock(&chr->lock);
    bool schedule = chr->pending_in->len && !chr->delivery_scheduled;
    chr->delivery_scheduled |= schedule;
    g_mutex_unlock(&chr->lock);
    if (schedule)
        g_idle_add(deliver_idle, chr);
}

static void queue_input(Chardev *chr, const uint8_t *buf, size_t len)
{
    g_mutex_lock(&chr->lock);
    g_byte_array_append(chr->pending_in, buf, len);
    g_cond_broadcast(&chr->input_cond);
    g_mutex_unlock(&chr->lock);
}

void chardev_feed_input(Chardev *chr, const uint8_t *buf, size_t len)
{
    queue_input(chr, buf, len);
    deliver_pending(chr);
}

int chardev_getc_blocking(Chardev *chr)
{
    int c = -1;
    g_mutex_lock(&chr->lock);
    chr->getc_owns_input = true;
    while (!chr->pending_in->len && !chr->input_ended)
        g_cond_wait(&chr->input_cond, &chr->lock);
    if (chr->pending_in->len) {
        c = chr->pending_in->data[0];
        g_byte_array_remove_index(chr->pending_in, 0);
    }
    g_mutex_unlock(&chr->lock);
    return c;
}

static void end_input(Chardev *chr)
{
    g_mutex_lock(&chr->lock);
    chr->input_ended = true;
    g_cond_broadcast(&chr->input_cond);
    g_mutex_unlock(&chr->lock);
}

void chardev_set_handlers(Chardev *chr, ChardevCanRead can_read, ChardevRead read, void *opaque)
{
    chr->can_read = can_read;
    chr->read = read;
    chr->opaque = opaque;
}

/* ------------------------------------------------------- output */

static void write_fd_all(int fd, const uint8_t *buf, size_t len)
{
    while (len) {
        ssize_t n = write(fd, buf, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return; /* host output gone (closed pipe, full disk): drop it */
        buf += n;
        len -= n;
    }
}

void chardev_write(Chardev *chr, const uint8_t *buf, size_t len)
{
    if (chr->memory_out)
        g_string_append_len(chr->memory_out, (const char *)buf, len);
    if (chr->out_fd >= 0)
        write_fd_all(chr->out_fd, buf, len);
}

const char *chardev_memory_output(Chardev *chr, size_t *len)
{
    if (len)
        *len = chr->memory_out ? chr->memory_out->len : 0;
    return chr->memory_out ? chr->memory_out->str : "";
}

/* ------------------------------------------------------- stdio */

static const char escape_help[] = "\r\n"
                                  "C-a h    print this help\r\n"
                                  "C-a x    exit emulator\r\n"
                                  "C-a C-a  sends C-a\r\n";

/* mon:stdio escapes; returns true if c was consumed as a command. */
static bool handle_escape(Chardev *chr, uint8_t c)
{
    if (!chr->escape_seen) {
        chr->escape_seen = c == ESCAPE_CHAR;
        return chr->escape_seen;
    }
    chr->escape_seen = false;
    switch (c) {
    case 'x':
        fputs("gemu: Terminated\r\n", stderr);
        system_shutdown_request(0);
        return true;
    case 'h':
    case '?':
        chardev_write(chr, (const uint8_t *)escape_help, sizeof(escape_help) - 1);
        return true;
    case ESCAPE_CHAR:
    case 'a':
        return false; /* deliver one Ctrl-A */
    default:
        return true;
    }
}

static size_t pending_input(Chardev *chr)
{
    g_mutex_lock(&chr->lock);
    size_t len = chr->pending_in->len;
    g_mutex_unlock(&chr->lock);
    return len;
}

static gboolean stdin_ready(gint fd, GIOCondition cond, gpointer opaque);

static void watch_stdin(Chardev *chr)
{
    chr->input_watch =
        g_unix_fd_add(STDIN_FILENO, G_IO_IN | G_IO_HUP | G_IO_ERR, stdin_ready, chr);
}

/* While the guest is behind, look again later instead of reading more. */
static gboolean stdin_resume(gpointer opaque)
{
    Chardev *chr = opaque;
    if (pending_input(chr) >= INPUT_PENDING_MAX)
        return G_SOURCE_CONTINUE;
    watch_stdin(chr);
    return G_SOURCE_REMOVE;
}

static gboolean stdin_ready(gint fd, GIOCondition cond, gpointer opaque)
{
    Chardev *chr = opaque;
    uint8_t buf[INPUT_READ_CHUNK], out[INPUT_READ_CHUNK];
    ssize_t n = read(fd, buf, sizeof(buf));
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return G_SOURCE_CONTINUE;
    if (n <= 0) {
        chr->input_watch = 0; /* end of input: the guest just sees no more */
        end_input(chr);
        return G_SOURCE_REMOVE;
    }
    size_t kept = 0;
    for (ssize_t i = 0; i < n; i++) {
        if (!(chr->escapes && handle_escape(chr, buf[i])))
            out[kept++] = buf[i];
    }
    chardev_feed_input(chr, out, kept);
    if (pending_input(chr) >= INPUT_PENDING_MAX) {
        chr->input_watch = 0;
        g_timeout_add(10, stdin_resume, chr);
        return G_SOURCE_REMOVE;
    }
    return G_SOURCE_CONTINUE;
}

/* Raw input (no line editing, no echo) like a serial line; Ctrl-C still
 * interrupts gemu. */
static void stdin_make_raw(void)
{
    struct termios tty;
    if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved_tty) != 0)
        return;
    tty = saved_tty;
    tty.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
    tty.c_oflag |= OPOST;
    tty.c_lflag &= ~(ECHO | ECHONL | ICANON | IEXTEN);
    tty.c_cflag &= ~(CSIZE | PARENB);
    tty.c_cflag |= CS8;
    tty.c_cc[VMIN] = 1;
    tty.c_cc[VTIME] = 0;
    if (tcsetattr(STDIN_FILENO, TCSANOW, &tty) == 0)
        tty_modified = true;
}

static Chardev *stdio_new(const char *id, bool escapes, char **errp)
{
    if (stdio_chardev) {
        *errp = g_strdup("stdio is already in use by another chardev");
        return NULL;
    }
    Chardev *chr = chardev_alloc(id, STDOUT_FILENO);
    stdio_chardev = chr;
    chr->escapes = escapes;
    stdin_make_raw();
    watch_stdin(chr);
    return chr;
}

static Chardev *file_new(const char *id, const char *path, char **errp)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) {
        *errp = g_strdup_printf("%s: %s", path, g_strerror(errno));
        return NULL;
    }
    return chardev_alloc(id, fd);
}

Chardev *chardev_new(const char *id, const char *spec, char **errp)
{
    if (strcmp(spec, "stdio") == 0)
        return stdio_new(id, false, errp);
    if (strcmp(spec, "mon:stdio") == 0)
        return stdio_new(id, true, errp);
    if (strcmp(spec, "null") == 0 || strcmp(spec, "none") == 0)
        return chardev_alloc(id, -1);
    if (g_str_has_prefix(spec, "file:"))
        return file_new(id, spec + strlen("file:"), errp);
    *errp = g_strdup_printf("chardev '%s' is not supported (stdio, mon:stdio, null, file:PATH)",
                            spec);
    return NULL;
}

Chardev *chardev_stdio(void) { return stdio_chardev; }

Chardev *chardev_new_memory(const char *id)
{
    Chardev *chr = chardev_alloc(id, -1);
    chr->memory_out = g_string_new(NULL);
    return chr;
}

void chardev_cleanup_all(void)
{
    /* Output is written unbuffered, so only the terminal needs restoring. */
    if (tty_modified) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
        tty_modified = false;
    }
}
