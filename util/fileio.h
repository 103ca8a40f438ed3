/*
 * fileio.h: reading whole files with a size limit, and writing the files we
 * own atomically.
 *
 * Every function returns 0 on success and -1 on failure with a message
 * ("PATH: reason") in err. Nothing here prints or exits.
 */
#ifndef REENTRY_FILEIO_H
#define REENTRY_FILEIO_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Reads all of path (at most max bytes, else an error naming the limit) into
 * a new NUL-terminated buffer; caller frees *data. Only a regular file is
 * read: a FIFO, a device or a directory is an error, never waited on.
 */
int file_read_all(const char *path, size_t max, char **data, size_t *len, char *err, size_t errlen);

/*
 * Writes data to path atomically: a temporary file in the same directory,
 * fsync, rename over path, fsync of the directory. A reader sees the old
 * file or the new one, never a mix.
 */
int file_write_atomic(const char *path, const void *data, size_t len, mode_t mode, char *err,
    size_t errlen);

/*
 * Like file_write_atomic, but never replaces an existing file: fails with
 * EEXIST (err says so) when path exists.
 */
int file_write_new(const char *path, const void *data, size_t len, mode_t mode, char *err, size_t errlen);

/* mkdir -p with mode for the directories it creates. */
int file_mkdirs(const char *path, mode_t mode, char *err, size_t errlen);

/* Lowercase hex SHA-256 of len bytes; out holds at least 65 bytes. */
void sha256_hex(const void *data, size_t len, char out[65]);
/* SHA-256 of a regular file (a link is not followed), streamed; 0 or -1 with err. */
int sha256_file_hex(const char *path, char out[65], char *err, size_t errlen);

/* Joins a root prefix and an absolute path ("/" root gives path itself); caller frees. */
char *path_join(const char *root, const char *path);

#endif
