/*
 * The network layer between cards and backends (net/net.h): the -netdev
 * and -nic options, the registry of backends by id, and the frames held
 * for a guest that has no receive buffer yet.
 */
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "net/net.h"
#include "util/registry.h"

typedef struct NetHeld {
    struct NetHeld *next;
    size_t len;
    uint8_t data[];
} NetHeld;

static Registry backend_types = REGISTRY_INIT("netdev type");
static GPtrArray *clients;

void net_backend_register(const NetBackendOps *ops)
{
    registry_add(&backend_types, ops->type, ops);
}

static void print_type(const void *item, void *opaque)
{
    fprintf(opaque, "%s\n", ((const NetBackendOps *)item)->type);
}

void net_backend_list(FILE *f)
{
    fprintf(f, "Available netdev backend types:\n");
    registry_foreach_sorted(&backend_types, print_type, f);
}

NetClient *net_client_find(const char *id)
{
    for (guint i = 0; clients && i < clients->len; i++) {
        NetClient *nc = g_ptr_array_index(clients, i);

        if (strcmp(nc->id, id) == 0) {
            return nc;
        }
    }
    return NULL;
}

/* ------------------------------------------------------- options */

/* "a,b=c,d": items as NetOption (a bare key reads as key=on). */
typedef struct ParsedOpts {
    gchar **items;
    NetOption *opts;
    size_t n;
} ParsedOpts;

static void parse_opts(const char *text, ParsedOpts *p)
{
    p->items = g_strsplit(text, ",", -1);
    p->opts = g_new0(NetOption, g_strv_length(p->items) + 1);
    p->n = 0;
    for (int i = 0; p->items[i]; i++) {
        char *eq = strchr(p->items[i], '=');

        if (eq) {
            *eq = 0;
        }
        p->opts[p->n++] = (NetOption){p->items[i], eq ? eq + 1 : "on"};
    }
}

static void free_opts(ParsedOpts *p)
{
    g_strfreev(p->items);
    g_free(p->opts);
}

/* Remove the option key from p and return its value (NULL if absent). */
static const char *take_opt(ParsedOpts *p, const char *key)
{
    for (size_t i = 1; i < p->n; i++) {
        if (strcmp(p->opts[i].key, key) == 0) {
            const char *value = p->opts[i].value;

            memmove(&p->opts[i], &p->opts[i + 1], (p->n - i - 1) * sizeof(NetOption));
            p->n--;
            return value;
        }
    }
    return NULL;
}

/* Create backend id from p (type first, id already taken out) for the option spec. */
static bool create_client(ParsedOpts *p, const char *id, const char *spec, char **errp)
{
    const char *type = p->opts[0].key;
    const NetBackendOps *ops = registry_find(&backend_types, type);

    if (!ops) {
        *errp = g_strdup_printf("%s: not supported", type);
        return false;
    }
    if (net_client_find(id)) {
        *errp = g_strdup_printf("%s: duplicate id %s", spec, id);
        return false;
    }
    NetClient *nc = g_new0(NetClient, 1);
    nc->id = g_strdup(id);
    nc->ops = ops;
    g_autofree char *err = NULL;
    if (!ops->init(nc, p->opts + 1, p->n - 1, &err)) {
        *errp = g_strdup_printf("%s: %s", spec, err);
        g_free(nc->id);
        g_free(nc);
        return false;
    }
    if (!clients) {
        clients = g_ptr_array_new();
    }
    g_ptr_array_add(clients, nc);
    return true;
}

bool netdev_add(const char *spec, char **errp)
{
    ParsedOpts p;
    bool ok = false;

    parse_opts(spec, &p);
    const char *id = take_opt(&p, "id");
    if (!registry_find(&backend_types, p.opts[0].key)) {
        *errp = g_strdup_printf("%s: not supported", p.opts[0].key);
    } else if (!id || !*id) {
        *errp = g_strdup_printf("%s: id=ID is required", spec);
    } else {
        ok = create_client(&p, id, spec, errp);
    }
    free_opts(&p);
    return ok;
}

/* The card -nic puts on the board, and the MAC to give it. */
static const char nic_model[] = "virtio-net-device";

bool net_nic_add(const char *spec, char **device_spec, char **errp)
{
    static unsigned nic_count;
    ParsedOpts p;
    bool ok = false;

    *device_spec = NULL;
    parse_opts(spec, &p);
    const char *model = take_opt(&p, "model");
    const char *mac = take_opt(&p, "mac");
    const char *id = take_opt(&p, "id");
    g_autofree char *own_id = id ? NULL : g_strdup_printf("nic%u", nic_count);

    if (strcmp(p.opts[0].key, "none") == 0 && p.n == 1) {
        ok = true;
    } else if (model && strcmp(model, nic_model) != 0) {
        *errp =
            g_strdup_printf("%s: model=%s: not supported (only %s)", spec, model, nic_model);
    } else if (create_client(&p, id ? id : own_id, spec, errp)) {
        nic_count++;
        *device_spec = g_strdup_printf("%s,netdev=%s%s%s", nic_model, id ? id : own_id,
                                       mac ? ",mac=" : "", mac ? mac : "");
        ok = true;
    }
    free_opts(&p);
    return ok;
}

/* ------------------------------------------------------- frames */

bool net_client_attach(NetClient *nc, const NetFrontend *frontend)
{
    if (nc->attached) {
        return false;
    }
    nc->frontend = *frontend;
    nc->attached = true;
    return true;
}

void net_client_send(NetClient *nc, const uint8_t *buf, size_t len)
{
    nc->ops->send(nc, buf, len);
}

bool net_client_can_receive(const NetClient *nc) { return nc->n_held == 0; }

static void hold(NetClient *nc, const uint8_t *buf, size_t len)
{
    NetHeld *h;

    if (nc->n_held >= NET_HELD_MAX) {
        return; /* the guest is far behind: drop, as a full wire would */
    }
    h = g_malloc(sizeof(*h) + len);
    h->next = NULL;
    h->len = len;
    memcpy(h->data, buf, len);
    if (nc->held_tail) {
        nc->held_tail->next = h;
    } else {
        nc->held_head = h;
    }
    nc->held_tail = h;
    nc->n_held++;
}

void net_client_deliver(NetClient *nc, const uint8_t *buf, size_t len)
{
    if (!nc->attached) {
        return; /* no card: the frame goes nowhere */
    }
    if (nc->n_held || !nc->frontend.receive(nc->frontend.opaque, buf, len)) {
        hold(nc, buf, len);
    }
}

void net_client_flush(NetClient *nc)
{
    bool had_held = nc->n_held != 0;

    while (nc->held_head) {
        NetHeld *h = nc->held_head;

        if (!nc->frontend.receive(nc->frontend.opaque, h->data, h->len)) {
            return;
        }
        nc->held_head = h->next;
        if (!nc->held_head) {
            nc->held_tail = NULL;
        }
        nc->n_held--;
        g_free(h);
    }
    if (had_held && nc->ops->resume) {
        nc->ops->resume(nc);
    }
}
