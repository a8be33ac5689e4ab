/*
 * Character devices: byte streams between a device (the frontend, e.g. a
 * UART) and the host (the backend: stdio, null, file, memory).
 *
 * Output is written synchronously.  Input arrives through the GLib main
 * loop on the main thread and is handed to the frontend's handlers with the
 * big lock held, only as many bytes as can_read() allows; the rest waits
 * until the frontend calls chardev_accept_input().
 */
#ifndef BACKENDS_CHARDEV_H
#define BACKENDS_CHARDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct Chardev Chardev;

/* How many bytes the frontend can take now; then take them. */
typedef size_t (*ChardevCanRead)(void *opaque);
typedef void (*ChardevRead)(void *opaque, const uint8_t *buf, size_t len);

/*
 * Create a backend from a -serial style spec: "stdio", "mon:stdio" (stdio
 * with the Ctrl-A escapes: Ctrl-A x quits, Ctrl-A h helps, Ctrl-A Ctrl-A
 * sends Ctrl-A), "null", "file:PATH".  id names it for chardev_find() and
 * chardev properties.  NULL with *errp (g_malloc'ed) on failure.
 */
Chardev *chardev_new(const char *id, const char *spec, char **errp);
/*
 * -chardev BACKEND,id=ID[,...] as QEMU reads it: stdio; null; file,path=P
 * [,append=on]; socket,path=P or socket,host=H,port=N, as a client or with
 * server=on[,wait=off] (wait=on, the default, blocks until a client
 * connects; after a hang-up the server accepts the next one).  Output while
 * no client is connected is dropped.  NULL with *errp on failure, *errp
 * NULL on entry.
 */
Chardev *chardev_new_from_opts(const char *opts, char **errp);
/* A backend that records output in memory and takes input only from
 * chardev_feed_input(): for tests and for watching serial output. */
Chardev *chardev_new_memory(const char *id);
Chardev *chardev_find(const char *id);
/* The chardev of the n-th -serial option ("serial<n>"), NULL if none. */
Chardev *serial_hd(int n);

void chardev_set_handlers(Chardev *chr, ChardevCanRead can_read, ChardevRead read,
                          void *opaque);
/* Write all of buf (short writes are retried; errors are dropped). */
void chardev_write(Chardev *chr, const uint8_t *buf, size_t len);
/* The frontend has room again: deliver pending input (any thread). */
void chardev_accept_input(Chardev *chr);

/* The chardev reading the terminal (stdin), NULL if none. */
Chardev *chardev_stdio(void);
/* Take one byte of chr's input, waiting for it; -1 once input has ended.
 * From the first call on, input goes here and no longer to the frontend
 * (semihosting SYS_READC on a terminal shared with the serial port: a
 * program reads its input one way or the other).  Not from the main loop's
 * thread. */
int chardev_getc_blocking(Chardev *chr);

/* Queue input as if it came from the host and deliver what fits now. */
void chardev_feed_input(Chardev *chr, const uint8_t *buf, size_t len);
/* Everything written to a memory chardev so far (NUL-terminated). */
const char *chardev_memory_output(Chardev *chr, size_t *len);

/* Put the terminal back and flush files: at exit. */
void chardev_cleanup_all(void);

#endif
