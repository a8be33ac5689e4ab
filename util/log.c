/* -d / -D logging: a mask of enabled items and one shared output file. */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <string.h>

#include "util/log.h"

unsigned log_mask;

static FILE *log_out;
static pthread_mutex_t log_mutex = PTHREAD_MUTEX_INITIALIZER;

static const struct {
    const char *name;
    unsigned mask;
    const char *help;
} log_items[] = {
    {"in_asm", LOG_IN_ASM, "show guest code of each new translation block"},
    {"op", LOG_OP, "show the IR of each new translation block"},
    {"op_opt", LOG_OP_OPT, "show the IR after optimization"},
    {"out_asm", LOG_OUT_ASM, "show the host code (interpreter ops / libgccjit)"},
    {"exec", LOG_EXEC, "show each translation block executed"},
    {"cpu", LOG_CPU, "show CPU registers before each translation block"},
    {"int", LOG_INT, "show exceptions and interrupts taken"},
    {"mmu", LOG_MMU, "log MMU faults"},
    {"guest_errors", LOG_GUEST_ERROR, "log the guest's invalid operations"},
    {"unimp", LOG_UNIMP, "log features the guest used that are not implemented"},
    {"nochain", LOG_NOCHAIN, "do not chain translation blocks"},
    {"stats", LOG_STATS, "print translation and execution statistics at exit (gemu)"},
};

bool log_parse_mask(const char *list, unsigned *mask, const char **bad)
{
    static char badbuf[64];
    unsigned m = 0;
    const char *p = list;

    while (*p) {
        size_t n = strcspn(p, ",");
        size_t i;
        for (i = 0; i < sizeof(log_items) / sizeof(log_items[0]); i++) {
            if (strlen(log_items[i].name) == n && !strncmp(p, log_items[i].name, n))
                break;
        }
        if (i == sizeof(log_items) / sizeof(log_items[0])) {
            snprintf(badbuf, sizeof(badbuf), "%.*s", (int)n, p);
            *bad = badbuf;
            return false;
        }
        m |= log_items[i].mask;
        p += n + (p[n] == ',');
    }
    *mask = m;
    return true;
}

void log_print_help(FILE *f)
{
    fprintf(f, "Log items (comma separated):\n");
    for (size_t i = 0; i < sizeof(log_items) / sizeof(log_items[0]); i++)
        fprintf(f, "%-13s %s\n", log_items[i].name, log_items[i].help);
}

bool log_set_file(const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return false;
    setvbuf(f, NULL, _IOLBF, 0);
    log_out = f;
    return true;
}

FILE *log_file(void) { return log_out ? log_out : stderr; }

void log_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(log_file(), fmt, ap);
    va_end(ap);
}

void log_lock(void) { pthread_mutex_lock(&log_mutex); }
void log_unlock(void) { pthread_mutex_unlock(&log_mutex); }
