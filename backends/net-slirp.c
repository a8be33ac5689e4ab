/*
 * -netdev user: user-mode networking with libslirp, with QEMU's defaults
 * (network 10.0.2.0/24, host 10.0.2.2, DNS 10.0.2.3, DHCP from 10.0.2.15;
 * IPv6 fec0::/64).  Options, with QEMU's meanings: hostfwd=[tcp|udp]:
 * [HOSTADDR]:HOSTPORT-[GUESTADDR]:PORT (repeatable), net=ADDR[/MASK],
 * host=, dhcpstart=, dns=, hostname=, restrict=, ipv4=, ipv6=.
 *
 * Slirp lives in the GLib main loop: one GSource per netdev whose prepare
 * asks slirp which sockets to poll (and how long it may sleep), whose
 * dispatch lets slirp read and write them; slirp's timers are GSources
 * with a ready time.  Every call into slirp is made with the big lock
 * held, as the card calls slirp_input from MMIO on the vCPU thread.
 */
#include <glib.h>
#include <libslirp.h>
#include <stdlib.h>
#include <string.h>

#include "net/net.h"
#include "sysemu/runstate.h"
#include "util/log.h"

typedef struct SlirpNet {
    NetClient *nc;
    Slirp *slirp;
    GSource *source;
} SlirpNet;

/* The GSource that polls slirp's sockets. */
typedef struct SlirpSource {
    GSource source;
    SlirpNet *net;
    GArray *pollfds;    /* GPollFD, added to the source while polled */
    GArray *wanted;     /* GPollFD: what slirp asked for in this prepare */
    gint64 deadline_us; /* slirp's timeout, in monotonic time; -1: none */
} SlirpSource;

typedef struct SlirpTimer {
    GSource *source;
    SlirpNet *net;
    SlirpTimerId id;
    void *cb_opaque;
} SlirpTimer;

/* ------------------------------------------------------- slirp's callbacks */

static ssize_t slirp_send_packet(const void *buf, size_t len, void *opaque)
{
    SlirpNet *s = opaque;

    net_client_deliver(s->nc, buf, len);
    return (ssize_t)len;
}

static void slirp_guest_error(const char *msg, void *opaque)
{
    log_mask_printf(LOG_GUEST_ERROR, "slirp: %s\n", msg);
}

/* Slirp's clock: host monotonic, the same time base as GLib's sources. */
static int64_t slirp_clock_ns(void *opaque) { return g_get_monotonic_time() * 1000; }

static gboolean slirp_timer_fire(GSource *source, GSourceFunc cb, gpointer data)
{
    SlirpTimer *t = data;

    g_source_set_ready_time(source, -1);
    bql_lock();
    slirp_handle_timer(t->net->slirp, t->id, t->cb_opaque);
    bql_unlock();
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs slirp_timer_funcs = {.dispatch = slirp_timer_fire};

static void *slirp_timer_new(SlirpTimerId id, void *cb_opaque, void *opaque)
{
    SlirpTimer *t = g_new0(SlirpTimer, 1);

    t->net = opaque;
    t->id = id;
    t->cb_opaque = cb_opaque;
    t->source = g_source_new(&slirp_timer_funcs, sizeof(GSource));
    g_source_set_callback(t->source, NULL, t, NULL);
    g_source_attach(t->source, NULL);
    return t;
}

static void slirp_timer_free(void *timer, void *opaque)
{
    SlirpTimer *t = timer;

    g_source_destroy(t->source);
    g_source_unref(t->source);
    g_free(t);
}

/* expire_ms is slirp's clock in milliseconds, i.e. monotonic time / 1000. */
static void slirp_timer_mod(void *timer, int64_t expire_ms, void *opaque)
{
    SlirpTimer *t = timer;

    g_source_set_ready_time(t->source, expire_ms * 1000);
}

static void slirp_no_poll_fd(int fd, void *opaque) {}

static void slirp_notify(void *opaque) { g_main_context_wakeup(NULL); }

static const SlirpCb slirp_callbacks = {
    .send_packet = slirp_send_packet,
    .guest_error = slirp_guest_error,
    .clock_get_ns = slirp_clock_ns,
    .timer_free = slirp_timer_free,
    .timer_mod = slirp_timer_mod,
    .register_poll_fd = slirp_no_poll_fd,
    .unregister_poll_fd = slirp_no_poll_fd,
    .notify = slirp_notify,
    .timer_new_opaque = slirp_timer_new,
};

/* ------------------------------------------------------- polling */

static bool same_fds(GArray *a, GArray *b)
{
    if (a->len != b->len) {
        return false;
    }
    for (guint i = 0; i < a->len; i++) {
        if (g_array_index(a, GPollFD, i).fd != g_array_index(b, GPollFD, i).fd) {
            return false;
        }
    }
    return true;
}

/*
 * Poll what slirp wants.  Adding or removing a GPollFD wakes the main loop
 * up, so the same sockets keep their GPollFDs and only change events
 * (which GLib reads at each poll); a changed set is replaced whole.
 */
static void update_pollfds(SlirpSource *src)
{
    if (same_fds(src->pollfds, src->wanted)) {
        for (guint i = 0; i < src->pollfds->len; i++) {
            g_array_index(src->pollfds, GPollFD, i).events =
                g_array_index(src->wanted, GPollFD, i).events;
        }
        return;
    }
    for (guint i = 0; i < src->pollfds->len; i++) {
        g_source_remove_poll(&src->source, &g_array_index(src->pollfds, GPollFD, i));
    }
    g_array_set_size(src->pollfds, 0);
    g_array_append_vals(src->pollfds, src->wanted->data, src->wanted->len);
    for (guint i = 0; i < src->pollfds->len; i++) {
        g_source_add_poll(&src->source, &g_array_index(src->pollfds, GPollFD, i));
    }
}

static int slirp_add_poll(int fd, int events, void *opaque)
{
    SlirpSource *src = opaque;
    GPollFD pfd = {.fd = fd, .events = G_IO_ERR | G_IO_HUP};

    if (events & SLIRP_POLL_OUT) {
        pfd.events |= G_IO_OUT;
    }
    if (net_client_can_receive(src->net->nc)) {
        pfd.events |=
            (events & SLIRP_POLL_IN ? G_IO_IN : 0) | (events & SLIRP_POLL_PRI ? G_IO_PRI : 0);
    } else if (!(events & SLIRP_POLL_OUT)) {
        /* The guest is behind: leave what the host sent in the socket
         * (a negative fd is not polled, not even for a hang-up). */
        pfd.fd = -1;
    }
    g_array_append_val(src->wanted, pfd);
    return (int)src->wanted->len - 1;
}

static int slirp_get_revents(int idx, void *opaque)
{
    SlirpSource *src = opaque;
    gushort revents;
    int events = 0;

    if (idx < 0 || (guint)idx >= src->pollfds->len) {
        return 0;
    }
    revents = g_array_index(src->pollfds, GPollFD, idx).revents;
    events |= revents & G_IO_IN ? SLIRP_POLL_IN : 0;
    events |= revents & G_IO_OUT ? SLIRP_POLL_OUT : 0;
    events |= revents & G_IO_PRI ? SLIRP_POLL_PRI : 0;
    events |= revents & G_IO_ERR ? SLIRP_POLL_ERR : 0;
    events |= revents & G_IO_HUP ? SLIRP_POLL_HUP : 0;
    return events;
}

/* Ask slirp what to poll and how long it may sleep. */
static gboolean slirp_source_prepare(GSource *source, gint *timeout)
{
    SlirpSource *src = (SlirpSource *)source;
    uint32_t slirp_timeout = UINT32_MAX;

    g_array_set_size(src->wanted, 0);
    bql_lock();
    slirp_pollfds_fill(src->net->slirp, &slirp_timeout, slirp_add_poll, src);
    bql_unlock();
    update_pollfds(src);
    if (slirp_timeout == UINT32_MAX) {
        src->deadline_us = -1;
        *timeout = -1;
    } else {
        src->deadline_us = g_get_monotonic_time() + (gint64)slirp_timeout * 1000;
        *timeout = (gint)MIN(slirp_timeout, (uint32_t)G_MAXINT);
    }
    return slirp_timeout == 0;
}

static gboolean slirp_source_check(GSource *source)
{
    SlirpSource *src = (SlirpSource *)source;

    for (guint i = 0; i < src->pollfds->len; i++) {
        if (g_array_index(src->pollfds, GPollFD, i).revents) {
            return TRUE;
        }
    }
    return src->deadline_us >= 0 && g_get_monotonic_time() >= src->deadline_us;
}

static gboolean slirp_source_dispatch(GSource *source, GSourceFunc cb, gpointer data)
{
    SlirpSource *src = (SlirpSource *)source;

    bql_lock();
    slirp_pollfds_poll(src->net->slirp, 0, slirp_get_revents, src);
    bql_unlock();
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs slirp_source_funcs = {
    .prepare = slirp_source_prepare,
    .check = slirp_source_check,
    .dispatch = slirp_source_dispatch,
};

static GSource *slirp_source_new(SlirpNet *s)
{
    SlirpSource *src = (SlirpSource *)g_source_new(&slirp_source_funcs, sizeof(SlirpSource));

    src->net = s;
    src->pollfds = g_array_new(FALSE, FALSE, sizeof(GPollFD));
    src->wanted = g_array_new(FALSE, FALSE, sizeof(GPollFD));
    src->deadline_us = -1;
    g_source_attach(&src->source, NULL);
    return &src->source;
}

/* ------------------------------------------------------- frames */

static void slirp_net_send(NetClient *nc, const uint8_t *buf, size_t len)
{
    SlirpNet *s = nc->backend;

    if (len <= G_MAXINT) {
        slirp_input(s->slirp, buf, (int)len);
    }
    /* New sockets (a connection the guest opened) need polling now. */
    g_main_context_wakeup(NULL);
}

static void slirp_net_resume(NetClient *nc) { g_main_context_wakeup(NULL); }

/* ------------------------------------------------------- options */

/* Every option; hostfwd may repeat and is applied once slirp exists. */
typedef struct UserOpts {
    SlirpConfig cfg;
    bool host_set, dhcp_set, dns_set;
    GPtrArray *hostfwds;
    char *hostname;
} UserOpts;

static bool parse_on_off(const char *value, bool *out)
{
    static const char *const yes[] = {"on", "yes", "true"}, *const no[] = {"off", "no",
                                                                           "false"};

    for (size_t i = 0; i < G_N_ELEMENTS(yes); i++) {
        if (strcmp(value, yes[i]) == 0 || strcmp(value, no[i]) == 0) {
            *out = strcmp(value, yes[i]) == 0;
            return true;
        }
    }
    return false;
}

/* net=ADDR[/PREFIX|/MASK] */
static bool parse_network(const char *value, UserOpts *u)
{
    g_auto(GStrv) parts = g_strsplit(value, "/", 2);
    char *end;

    if (!inet_aton(parts[0], &u->cfg.vnetwork)) {
        return false;
    }
    if (!parts[1]) {
        return true; /* QEMU keeps the /24 */
    }
    if (strchr(parts[1], '.')) {
        return inet_aton(parts[1], &u->cfg.vnetmask) != 0;
    }
    long bits = strtol(parts[1], &end, 10);
    if (*end || end == parts[1] || bits < 0 || bits > 32) {
        return false;
    }
    u->cfg.vnetmask.s_addr = htonl(bits ? 0xffffffffu << (32 - bits) : 0);
    return true;
}

static bool user_opt(UserOpts *u, const NetOption *o)
{
    bool on;

    if (strcmp(o->key, "hostfwd") == 0) {
        g_ptr_array_add(u->hostfwds, (gpointer)o->value);
        return true;
    }
    if (strcmp(o->key, "net") == 0) {
        return parse_network(o->value, u);
    }
    if (strcmp(o->key, "host") == 0) {
        return (u->host_set = inet_aton(o->value, &u->cfg.vhost) != 0);
    }
    if (strcmp(o->key, "dhcpstart") == 0) {
        return (u->dhcp_set = inet_aton(o->value, &u->cfg.vdhcp_start) != 0);
    }
    if (strcmp(o->key, "dns") == 0) {
        return (u->dns_set = inet_aton(o->value, &u->cfg.vnameserver) != 0);
    }
    if (strcmp(o->key, "hostname") == 0) {
        g_free(u->hostname);
        u->hostname = g_strdup(o->value);
        return true;
    }
    if (!parse_on_off(o->value, &on)) {
        return false;
    }
    if (strcmp(o->key, "restrict") == 0) {
        u->cfg.restricted = on;
    } else if (strcmp(o->key, "ipv4") == 0) {
        u->cfg.in_enabled = on;
    } else if (strcmp(o->key, "ipv6") == 0) {
        u->cfg.in6_enabled = on;
    } else {
        return false;
    }
    return true;
}

/* Host part n of the network (QEMU: host .2, DNS .3, DHCP from .15). */
static struct in_addr network_host(const SlirpConfig *cfg, uint32_t n)
{
    uint32_t net = ntohl(cfg->vnetwork.s_addr) & ntohl(cfg->vnetmask.s_addr);

    return (struct in_addr){htonl(net | n)};
}

static bool in_network(const SlirpConfig *cfg, struct in_addr a)
{
    return ((a.s_addr ^ cfg->vnetwork.s_addr) & cfg->vnetmask.s_addr) == 0;
}

static void user_defaults(UserOpts *u)
{
    memset(u, 0, sizeof(*u));
    u->cfg.version = 4;
    u->cfg.in_enabled = true;
    u->cfg.in6_enabled = true;
    inet_aton("10.0.2.0", &u->cfg.vnetwork);
    inet_aton("255.255.255.0", &u->cfg.vnetmask);
    inet_pton(AF_INET6, "fec0::", &u->cfg.vprefix_addr6);
    u->cfg.vprefix_len = 64;
    inet_pton(AF_INET6, "fec0::2", &u->cfg.vhost6);
    inet_pton(AF_INET6, "fec0::3", &u->cfg.vnameserver6);
    u->hostfwds = g_ptr_array_new();
}

/* Fill in what depends on the network and check the addresses lie in it. */
static bool user_finish(UserOpts *u, char **errp)
{
    static const struct {
        const char *name;
        size_t offset;
        size_t set_offset;
        uint32_t host_part;
    } addrs[] = {
        {"host", offsetof(SlirpConfig, vhost), offsetof(UserOpts, host_set), 2},
        {"dhcpstart", offsetof(SlirpConfig, vdhcp_start), offsetof(UserOpts, dhcp_set), 15},
        {"dns", offsetof(SlirpConfig, vnameserver), offsetof(UserOpts, dns_set), 3},
    };

    for (size_t i = 0; i < G_N_ELEMENTS(addrs); i++) {
        struct in_addr *a = (struct in_addr *)((char *)&u->cfg + addrs[i].offset);
        bool set = *(bool *)((char *)u + addrs[i].set_offset);

        if (!set) {
            *a = network_host(&u->cfg, addrs[i].host_part);
        } else if (!in_network(&u->cfg, *a)) {
            *errp = g_strdup_printf("%s=%s is outside the guest network", addrs[i].name,
                                    inet_ntoa(*a));
            return false;
        }
    }
    u->cfg.vhostname = u->hostname;
    return true;
}

/* ------------------------------------------------------- hostfwd */

/* The text of rule up to the separator sep (or its end), advancing *p. */
static char *next_field(const char **p, char sep)
{
    const char *end = strchr(*p, sep);
    char *field;

    if (!end) {
        field = g_strdup(*p);
        *p += strlen(*p);
        return field;
    }
    field = g_strndup(*p, end - *p);
    *p = end + 1;
    return field;
}

static bool parse_port(const char *text, int *port)
{
    char *end;
    long v = strtol(text, &end, 10);

    if (!*text || *end || v < 0 || v > 65535) {
        return false;
    }
    *port = (int)v;
    return true;
}

static bool parse_addr(const char *text, struct in_addr deflt, struct in_addr *addr)
{
    if (!*text) {
        *addr = deflt;
        return true;
    }
    return inet_aton(text, addr) != 0;
}

typedef struct HostFwd {
    bool udp;
    struct in_addr host_addr, guest_addr;
    int host_port, guest_port;
} HostFwd;

/* [tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT */
static bool parse_hostfwd(const char *rule, struct in_addr guest_default, HostFwd *f)
{
    const char *p = rule;
    g_autofree char *proto = next_field(&p, ':');
    g_autofree char *haddr = next_field(&p, ':');
    g_autofree char *hport = next_field(&p, '-');
    g_autofree char *gaddr = next_field(&p, ':');
    g_autofree char *gport = g_strdup(p);

    if (strcmp(proto, "udp") != 0 && strcmp(proto, "tcp") != 0 && *proto) {
        return false;
    }
    f->udp = strcmp(proto, "udp") == 0;
    return parse_addr(haddr, (struct in_addr){htonl(INADDR_ANY)}, &f->host_addr) &&
           parse_port(hport, &f->host_port) &&
           parse_addr(gaddr, guest_default, &f->guest_addr) &&
           parse_port(gport, &f->guest_port) && f->guest_port != 0;
}

static bool add_hostfwds(SlirpNet *s, const UserOpts *u, char **errp)
{
    for (guint i = 0; i < u->hostfwds->len; i++) {
        const char *rule = g_ptr_array_index(u->hostfwds, i);
        HostFwd f;

        if (!parse_hostfwd(rule, u->cfg.vdhcp_start, &f)) {
            *errp = g_strdup_printf("invalid host forwarding rule '%s'", rule);
            return false;
        }
        if (slirp_add_hostfwd(s->slirp, f.udp, f.host_addr, f.host_port, f.guest_addr,
                              f.guest_port) < 0) {
            *errp = g_strdup_printf("could not set up host forwarding rule '%s'", rule);
            return false;
        }
    }
    return true;
}

/* ------------------------------------------------------- the backend */

static bool user_parse(UserOpts *u, const NetOption *opts, size_t n_opts, char **errp)
{
    for (size_t i = 0; i < n_opts; i++) {
        if (!user_opt(u, &opts[i])) {
            *errp = g_strdup_printf("'%s=%s' is not supported", opts[i].key, opts[i].value);
            return false;
        }
    }
    return user_finish(u, errp);
}

static bool slirp_net_init(NetClient *nc, const NetOption *opts, size_t n_opts, char **errp)
{
    UserOpts u;
    SlirpNet *s = NULL;
    bool ok = false;

    user_defaults(&u);
    if (user_parse(&u, opts, n_opts, errp)) {
        s = g_new0(SlirpNet, 1);
        s->nc = nc;
        s->slirp = slirp_new(&u.cfg, &slirp_callbacks, s);
        if (!s->slirp) {
            *errp = g_strdup("could not start user-mode networking");
        } else {
            ok = add_hostfwds(s, &u, errp);
        }
    }
    if (ok) {
        nc->backend = s;
        s->source = slirp_source_new(s);
    } else if (s) {
        if (s->slirp) {
            slirp_cleanup(s->slirp);
        }
        g_free(s);
    }
    g_ptr_array_free(u.hostfwds, TRUE);
    g_free(u.hostname);
    return ok;
}

static const NetBackendOps slirp_net_ops = {
    .type = "user",
    .init = slirp_net_init,
    .send = slirp_net_send,
    .resume = slirp_net_resume,
};

static void __attribute__((constructor)) slirp_net_register(void)
{
    net_backend_register(&slirp_net_ops);
}
