/*
 * -d / -D logging.  Every layer may log; the mask is set once from the
 * command line.  Messages go to the -D file, or stderr.
 */
#ifndef UTIL_LOG_H
#define UTIL_LOG_H

#include <stdbool.h>
#include <stdio.h>

enum {
    LOG_IN_ASM = 1 << 0,      /* guest code of each new TB, disassembled */
    LOG_OP = 1 << 1,          /* IR as generated */
    LOG_OP_OPT = 1 << 2,      /* IR after the optimizer */
    LOG_OUT_ASM = 1 << 3,     /* interpreter code / libgccjit output */
    LOG_EXEC = 1 << 4,        /* each TB executed */
    LOG_CPU = 1 << 5,         /* CPU state before each TB */
    LOG_INT = 1 << 6,         /* exceptions and interrupts taken */
    LOG_MMU = 1 << 7,         /* page table walks and faults */
    LOG_GUEST_ERROR = 1 << 8, /* guest did something the architecture forbids */
    LOG_UNIMP = 1 << 9,       /* guest used something we do not implement */
    LOG_NOCHAIN = 1 << 10,    /* do not chain TBs (debugging aid) */
    LOG_STATS = 1 << 11,      /* translation/execution statistics at exit */
};

extern unsigned log_mask;

static inline bool log_enabled(unsigned mask) { return (log_mask & mask) != 0; }

/* Parse "in_asm,cpu,...": returns false with *bad set to the bad item. */
bool log_parse_mask(const char *list, unsigned *mask, const char **bad);
/* Print the accepted items with a line of help each. */
void log_print_help(FILE *f);
/* Direct output to path (-D); false with errno set if it cannot be opened. */
bool log_set_file(const char *path);
FILE *log_file(void);

void log_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define log_mask_printf(mask, ...)                                                             \
    do {                                                                                       \
        if (log_enabled(mask))                                                                 \
            log_printf(__VA_ARGS__);                                                           \
    } while (0)

/* Hold the log for a multi-line record (threads share it). */
void log_lock(void);
void log_unlock(void);

#endif
