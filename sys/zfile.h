/*
 * zfile.h: reading a whole file that may be compressed (gzip, xz, lz4 frame,
 * zstd or plain), as apt stores its lists and logrotate keeps dpkg logs.
 *
 * The format is taken from the file's magic bytes; a name ending in .gz,
 * .xz, .lz4 or .zst whose content is not that format is an error, and so is
 * a truncated or corrupt stream ("PATH: truncated xz stream"). Nothing here
 * prints or exits.
 */
#ifndef REENTRY_ZFILE_H
#define REENTRY_ZFILE_H

#include <stddef.h>

#include "target.h"

struct zreader;

/*
 * Opens path for streaming decompression (the format from its magic bytes);
 * NULL with "PATH: reason" in err. Free with zreader_close().
 */
struct zreader *zreader_open(const char *path, char *err, size_t errlen);
/* The same for path beneath the inspected system's root (target.h). */
struct zreader *zreader_open_at(const struct target *t, const char *path, char *err, size_t errlen);
/* The same over an open descriptor (taken over: closed by zreader_close()); path names it in messages and gives its suffix. */
struct zreader *zreader_open_fd(int fd, const char *path, char *err, size_t errlen);
/*
 * Fills up to len bytes of decompressed data into buf: returns the count,
 * 0 at the end of the data, -1 with "PATH: reason" in err (a truncated or
 * corrupt stream). Never returns fewer than len bytes except at the end.
 */
long long zreader_read(struct zreader *z, char *buf, size_t len, char *err, size_t errlen);
/* Decompressed bytes returned so far. */
unsigned long long zreader_total(const struct zreader *z);
void zreader_close(struct zreader *z);

/*
 * Reads and decompresses path into a new NUL-terminated buffer of at most
 * max bytes (caller frees *data). 0, or -1 with "PATH: reason" in err.
 */
int zfile_read(const char *path, size_t max, char **data, size_t *len, char *err, size_t errlen);
/* The same for path beneath the inspected system's root. */
int zfile_read_at(const struct target *t, const char *path, size_t max, char **data, size_t *len,
    char *err, size_t errlen);

/* "gzip", "xz", "lz4", "zstd" or "plain" for the name's suffix. */
const char *zfile_kind_of_name(const char *path);

#endif
