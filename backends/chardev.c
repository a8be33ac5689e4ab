/* Character device backends: stdio (optionally with Ctrl-A escapes), null,
 * file, socket and memory. */
#define _GNU_SOURCE /* accept4 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <glib-unix.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
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
    int out_fd;    /* -1: output discarded (or kept in memory_out) */
    int in_fd;     /* watched for input: stdin or a connected socket */
    int listen_fd; /* socket server: accepts the next client after a hang-up */
    bool is_socket;
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
    chr->in_fd = chr->listen_fd = -1;
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

/* A socket whose peer has gone must not raise SIGPIPE: send() with MSG_NOSIGNAL. */
static void write_fd_all(int fd, bool is_socket, const uint8_t *buf, size_t len)
{
    while (len) {
        ssize_t n = is_socket ? send(fd, buf, len, MSG_NOSIGNAL) : write(fd, buf, len);
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
        write_fd_all(chr->out_fd, chr->is_socket, buf, len);
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

static gboolean input_ready(gint fd, GIOCondition cond, gpointer opaque);

static void watch_input(Chardev *chr)
{
    chr->input_watch =
        g_unix_fd_add(chr->in_fd, G_IO_IN | G_IO_HUP | G_IO_ERR, input_ready, chr);
}

static void socket_hang_up(Chardev *chr);

/* While the guest is behind, look again later instead of reading more. */
static gboolean input_resume(gpointer opaque)
{
    Chardev *chr = opaque;
    if (pending_input(chr) >= INPUT_PENDING_MAX)
        return G_SOURCE_CONTINUE;
    if (chr->in_fd >= 0)
        watch_input(chr);
    return G_SOURCE_REMOVE;
}

static gboolean input_ready(gint fd, GIOCondition cond, gpointer opaque)
{
    Chardev *chr = opaque;
    uint8_t buf[INPUT_READ_CHUNK], out[INPUT_READ_CHUNK];
    ssize_t n = read(fd, buf, sizeof(buf));
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return G_SOURCE_CONTINUE;
    if (n <= 0) {
        chr->input_watch = 0; /* end of input: the guest just sees no more */
        if (chr->is_socket)
            socket_hang_up(chr);
        else
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
        g_timeout_add(10, input_resume, chr);
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
    chr->in_fd = STDIN_FILENO;
    stdin_make_raw();
    watch_input(chr);
    return chr;
}

static Chardev *file_new(const char *id, const char *path, bool append, char **errp)
{
    int fd = open(path, O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC) | O_CLOEXEC, 0666);
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
        return file_new(id, spec + strlen("file:"), false, errp);
    *errp = g_strdup_printf("chardev '%s' is not supported (stdio, mon:stdio, null, file:PATH)",
                            spec);
    return NULL;
}

/* ------------------------------------------------------- socket */

/* Main thread; the big lock keeps the vCPU from writing to a closing fd. */
static void socket_connected(Chardev *chr, int fd)
{
    bql_lock();
    chr->in_fd = chr->out_fd = fd;
    bql_unlock();
    watch_input(chr);
}

static gboolean socket_accept_ready(gint fd, GIOCondition cond, gpointer opaque)
{
    int client = accept4(fd, NULL, NULL, SOCK_CLOEXEC);

    if (client < 0)
        return G_SOURCE_CONTINUE;
    socket_connected(opaque, client);
    return G_SOURCE_REMOVE;
}

/* The peer closed: a server waits for the next client, a client stays
 * disconnected (its output is dropped). */
static void socket_hang_up(Chardev *chr)
{
    bql_lock();
    close(chr->in_fd);
    chr->in_fd = chr->out_fd = -1;
    bql_unlock();
    if (chr->listen_fd >= 0)
        g_unix_fd_add(chr->listen_fd, G_IO_IN, socket_accept_ready, chr);
}

typedef struct ChardevOpts {
    char *backend, *id, *path, *host, *port;
    bool server, wait, append;
} ChardevOpts;

/* A listening or connected socket for path= (Unix) or host=,port= (TCP). */
static int socket_open_unix(const ChardevOpts *o, char **errp)
{
    struct sockaddr_un sun = {.sun_family = AF_UNIX};
    int fd;

    if (strlen(o->path) >= sizeof(sun.sun_path)) {
        *errp = g_strdup_printf("%s: socket path too long", o->path);
        return -1;
    }
    strcpy(sun.sun_path, o->path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (o->server)
        unlink(o->path); /* a stale socket from an earlier run, as QEMU does */
    if (fd >= 0 && (o->server ? bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0 &&
                                    listen(fd, 1) == 0
                              : connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0))
        return fd;
    *errp = g_strdup_printf("%s: %s", o->path, g_strerror(errno));
    if (fd >= 0)
        close(fd);
    return -1;
}

static int socket_open_tcp(const ChardevOpts *o, char **errp)
{
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE}, *res, *ai;
    const char *host = o->host && o->host[0] ? o->host : o->server ? NULL : "localhost";
    int fd = -1, one = 1, r;

    r = getaddrinfo(host, o->port, &hints, &res);
    if (r != 0) {
        *errp = g_strdup_printf("%s:%s: %s", host ? host : "", o->port, gai_strerror(r));
        return -1;
    }
    for (ai = res; ai && fd < 0; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0)
            continue;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        if (o->server ? bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, 1) == 0
                      : connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
            break;
        close(fd);
        fd = -1;
    }
    if (fd < 0)
        *errp = g_strdup_printf("%s:%s: %s", host ? host : "", o->port, g_strerror(errno));
    freeaddrinfo(res);
    return fd;
}

static Chardev *socket_new(const ChardevOpts *o, char **errp)
{
    int fd;
    Chardev *chr;

    if (!o->path == !o->port) {
        *errp = g_strdup("socket: give path=PATH or port=PORT");
        return NULL;
    }
    fd = o->path ? socket_open_unix(o, errp) : socket_open_tcp(o, errp);
    if (fd < 0)
        return NULL;
    chr = chardev_alloc(o->id, -1);
    chr->is_socket = true;
    if (!o->server) {
        socket_connected(chr, fd);
        return chr;
    }
    chr->listen_fd = fd;
    if (o->wait) {
        fprintf(stderr, "gemu: waiting for a connection on %s%s\n", o->path ? "" : "port ",
                o->path ? o->path : o->port);
        int client = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
        if (client < 0) {
            *errp = g_strdup_printf("accept: %s", g_strerror(errno));
            return NULL;
        }
        socket_connected(chr, client);
    } else {
        g_unix_fd_add(fd, G_IO_IN, socket_accept_ready, chr);
    }
    return chr;
}

/* ------------------------------------------------------- -chardev */

static bool parse_switch(const char *value, bool *out)
{
    if (strcmp(value, "on") != 0 && strcmp(value, "off") != 0)
        return false;
    *out = strcmp(value, "on") == 0;
    return true;
}

/* One KEY=VALUE (or a bare KEY, QEMU's old "server,nowait" style). */
static bool chardev_opt(ChardevOpts *o, const char *key, const char *value)
{
    static const struct {
        const char *key;
        size_t offset;
    } strings[] = {
        {"id", offsetof(ChardevOpts, id)},
        {"path", offsetof(ChardevOpts, path)},
        {"host", offsetof(ChardevOpts, host)},
        {"port", offsetof(ChardevOpts, port)},
    };
    bool on;

    for (size_t i = 0; i < G_N_ELEMENTS(strings); i++) {
        if (strcmp(key, strings[i].key) == 0) {
            char **field = (char **)((char *)o + strings[i].offset);
            g_free(*field);
            *field = g_strdup(value);
            return true;
        }
    }
    if (strcmp(key, "server") == 0)
        return parse_switch(value, &o->server);
    if (strcmp(key, "wait") == 0)
        return parse_switch(value, &o->wait);
    if (strcmp(key, "nowait") == 0) {
        o->wait = false;
        return strcmp(value, "on") == 0;
    }
    if (strcmp(key, "append") == 0)
        return parse_switch(value, &o->append);
    /* Accepted: Ctrl-C interrupts gemu either way; no multiplexing. */
    if (strcmp(key, "signal") == 0)
        return parse_switch(value, &on);
    if (strcmp(key, "mux") == 0)
        return parse_switch(value, &on) && !on;
    return false;
}

static Chardev *chardev_create(const ChardevOpts *o, char **errp)
{
    if (strcmp(o->backend, "stdio") == 0)
        return stdio_new(o->id, false, errp);
    if (strcmp(o->backend, "null") == 0)
        return chardev_alloc(o->id, -1);
    if (strcmp(o->backend, "socket") == 0)
        return socket_new(o, errp);
    if (strcmp(o->backend, "file") == 0) {
        if (!o->path) {
            *errp = g_strdup("file: path=PATH is required");
            return NULL;
        }
        return file_new(o->id, o->path, o->append, errp);
    }
    *errp = g_strdup_printf("backend '%s' is not supported (stdio, file, socket, null)",
                            o->backend);
    return NULL;
}

Chardev *chardev_new_from_opts(const char *opts, char **errp)
{
    ChardevOpts o = {.wait = true};
    gchar **items = g_strsplit(opts, ",", -1);
    Chardev *chr = NULL;

    o.backend = g_strdup(items[0]);
    for (int i = 1; items[i] && !*errp; i++) {
        char *eq = strchr(items[i], '=');
        if (eq)
            *eq = 0;
        if (!chardev_opt(&o, items[i], eq ? eq + 1 : "on"))
            *errp = g_strdup_printf("'%s' is not supported", items[i]);
    }
    if (!*errp && (!o.id || !o.id[0]))
        *errp = g_strdup("id=ID is required");
    else if (!*errp && chardev_find(o.id))
        *errp = g_strdup_printf("duplicate chardev id %s", o.id);
    else if (!*errp)
        chr = chardev_create(&o, errp);
    g_strfreev(items);
    g_free(o.backend);
    g_free(o.id);
    g_free(o.path);
    g_free(o.host);
    g_free(o.port);
    return chr;
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
