/*
 * Network backends (-netdev TYPE,id=ID,...) and the network cards that use
 * them (-device virtio-net-device,netdev=ID).
 *
 * A NetClient is one backend, registered by its id.  A card attaches to it
 * with net_client_attach() and from then on:
 *
 *   guest -> host: the card calls net_client_send() with each Ethernet
 *                  frame the guest transmits (no FCS);
 *   host -> guest: the backend calls net_client_deliver(); the frame goes to
 *                  the card's receive() at once if the card takes it.  If
 *                  the guest has no buffer, receive() returns false and the
 *                  frame is held, in order with the ones after it (at most
 *                  NET_HELD_MAX frames; more are dropped, as a wire would),
 *                  until the card calls net_client_flush() when the guest
 *                  gives it buffers again.  While frames are held,
 *                  net_client_can_receive() is false and a backend stops
 *                  reading the host (sockets wait instead of frames being
 *                  dropped); the flush that empties the queue tells the
 *                  backend to resume (NetBackendOps.resume).
 *
 * Threads: every function here and every callback runs with the big lock
 * held (the card from MMIO on the vCPU thread, the backend from the GLib
 * main loop on the main thread).
 */
#ifndef NET_NET_H
#define NET_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum { NET_HELD_MAX = 256 };

typedef struct NetClient NetClient;

/* What a card provides when it attaches. */
typedef struct NetFrontend {
    /* Take one frame for the guest; false: no guest buffer now (keep it). */
    bool (*receive)(void *opaque, const uint8_t *buf, size_t len);
    void *opaque;
} NetFrontend;

/* One -netdev option after the type: key=value (value "on" if absent). */
typedef struct NetOption {
    const char *key, *value;
} NetOption;

/* What a backend type implements. */
typedef struct NetBackendOps {
    const char *type; /* as in -netdev TYPE */
    /* Set the backend up from its options (id excluded).  On failure set
     * *errp to a g_malloc'ed message and return false. */
    bool (*init)(NetClient *nc, const NetOption *opts, size_t n_opts, char **errp);
    /* A frame from the guest. */
    void (*send)(NetClient *nc, const uint8_t *buf, size_t len);
    /* Frames were held and now all went to the guest: read the host again. */
    void (*resume)(NetClient *nc);
} NetBackendOps;

struct NetClient {
    char *id;
    const NetBackendOps *ops;
    void *backend; /* the backend's own state */
    NetFrontend frontend;
    bool attached;
    struct NetHeld *held_head, *held_tail; /* frames the card could not take yet */
    unsigned n_held;
};

/* For backends, from a constructor. */
void net_backend_register(const NetBackendOps *ops);
/* The backend types, one a line (-netdev help). */
void net_backend_list(FILE *f);

/*
 * -netdev SPEC ("TYPE,id=ID,KEY=VALUE,...").  On failure *errp
 * (g_malloc'ed) is the message to print after "-netdev ", naming the part
 * of spec at fault: "tap: not supported", "user: id=ID is required", ...
 */
bool netdev_add(const char *spec, char **errp);
/*
 * -nic SPEC ("TYPE[,mac=MAC][,model=virtio-net-device][,NETDEV-OPTIONS]"):
 * creates the backend and sets *device_spec (g_malloc'ed) to the -device
 * that goes with it, or NULL for "-nic none".  Errors as netdev_add.
 */
bool net_nic_add(const char *spec, char **device_spec, char **errp);

NetClient *net_client_find(const char *id);
/* Connect a card; false if another card already uses the backend. */
bool net_client_attach(NetClient *nc, const NetFrontend *frontend);

/* Card side. */
void net_client_send(NetClient *nc, const uint8_t *buf, size_t len);
void net_client_flush(NetClient *nc);

/* Backend side. */
void net_client_deliver(NetClient *nc, const uint8_t *buf, size_t len);
bool net_client_can_receive(const NetClient *nc);

#endif
