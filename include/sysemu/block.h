/*
 * Block backends: the disk images behind -drive, for block devices.
 *
 * Raw image files only.  An image is locked while open (a shared lock when
 * read-only, an exclusive one otherwise) so that two emulators cannot write
 * it at once.  Guest writes are never lost: blk_flush() reaches the disk
 * (fdatasync), and every image is synced when gemu exits.  With snapshot
 * set, writes go to a copy in memory and the file is never modified.
 */
#ifndef SYSEMU_BLOCK_H
#define SYSEMU_BLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct BlockBackend BlockBackend;

/* Open file; NULL with *errp (one line, g_malloc'ed) if that fails. */
BlockBackend *blk_open(const char *file, bool readonly, bool snapshot, char **errp);
/* -drive id=ID: find a backend by id; NULL if none.  Ids are unique. */
void blk_set_id(BlockBackend *blk, const char *id);
BlockBackend *blk_by_id(const char *id);
/* A device takes the backend (false if another device has it already). */
bool blk_attach(BlockBackend *blk);

uint64_t blk_size(const BlockBackend *blk); /* bytes */
bool blk_is_readonly(const BlockBackend *blk);
const char *blk_name(const BlockBackend *blk); /* the file name */

/* 0, or -errno.  A read beyond the end is an error; so is any write when read-only. */
int blk_pread(BlockBackend *blk, uint64_t offset, void *buf, size_t len);
int blk_pwrite(BlockBackend *blk, uint64_t offset, const void *buf, size_t len);
int blk_flush(BlockBackend *blk);

/* Sync and close every backend (at exit). */
void blk_close_all(void);

#endif
