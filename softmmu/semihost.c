/*
 * Host side of semihosting.  Console output goes to stderr, as QEMU 7.2
 * does when no semihosting chardev is configured (checked with
 * qemu-system-aarch64 7.2: SYS_WRITE0 text appears on stderr).
 */
#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <unistd.h>

#include "backends/chardev.h"
#include "sysemu/semihost-config.h"
#include "sysemu/semihost.h"

static bool enabled;
static char *cmdline;

void semihosting_set_enabled(bool value) { enabled = value; }

void semihosting_set_cmdline(const char *text)
{
    g_free(cmdline);
    cmdline = g_strdup(text);
}

bool semihosting_enabled(void) { return enabled; }

const char *semihost_cmdline(void) { return cmdline ? cmdline : ""; }

void semihost_console_write(const void *buf, size_t len)
{
    fwrite(buf, 1, len, stderr);
    fflush(stderr);
}

/*
 * QEMU 7.2 without a semihosting chardev never answers SYS_READC; we read
 * the terminal instead, through the serial port's chardev when it owns
 * stdin so the two do not race for the same bytes.
 */
int semihost_console_getc(void)
{
    Chardev *console = chardev_stdio();
    if (console)
        return chardev_getc_blocking(console);
    unsigned char c;
    ssize_t n;
    do {
        n = read(STDIN_FILENO, &c, 1);
    } while (n < 0 && errno == EINTR);
    return n == 1 ? c : -1;
}
