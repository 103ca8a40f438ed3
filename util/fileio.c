/*
 * fileio.c: bounded reads and atomic writes.
 */
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "xalloc.h"

int
file_read_all(const char *path, size_t max, char **data, size_t *len, char *err, size_t errlen)
{
	int fd;
	struct stat st;
	char *buf = NULL;
	size_t used = 0, cap = 0;

	*data = NULL;
	*len = 0;
	/* O_NONBLOCK: a FIFO planted where a file should be is refused, not waited on */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: %s", path,
		    S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file");
		close(fd);
		return -1;
	}
	if (st.st_size > 0 && (uintmax_t)st.st_size <= max) {
		/* the whole file in one allocation; the loop still reads to the real end */
		cap = (size_t)st.st_size + 4097;
		buf = xmalloc(cap);
	}
	for (;;) {
		ssize_t n;

		if (cap - used < 4096) {
			cap = cap ? cap * 2 : 8192;
			if (cap > max + 4097)
				cap = max + 4097;
			buf = xreallocarray(buf, cap, 1);
		}
		n = read(fd, buf + used, cap - used - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		used += (size_t)n;
		if (used > max) {
			snprintf(err, errlen, "%s: file is larger than the %zu-byte limit", path, max);
			goto fail;
		}
	}
	close(fd);
	if (buf == NULL)
		buf = xmalloc(1);
	buf[used] = '\0';
	*data = buf;
	*len = used;
	return 0;
fail:
	close(fd);
	free(buf);
	return -1;
}

/* Writes all of data to fd. */
static int
write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* fsyncs the directory holding path. */
static int
sync_parent(const char *path)
{
	char *copy = xstrdup(path);
	int fd, rc = 0;

	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		if (fsync(fd) < 0 && errno != EINVAL)
			rc = -1;
		close(fd);
	}
	free(copy);
	return rc;
}

/* Writes a synced temporary file beside path; returns its name (caller frees). */
static char *
write_temp(const char *path, const void *data, size_t len, mode_t mode, char *err, size_t errlen)
{
	char *tmp = xasprintf("%s.tmp.XXXXXX", path);
	int fd;

	if ((fd = mkstemp(tmp)) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		free(tmp);
		return NULL;
	}
	if (fchmod(fd, mode) < 0 || write_all(fd, data, len) < 0 || fsync(fd) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		close(fd);
		unlink(tmp);
		free(tmp);
		return NULL;
	}
	if (close(fd) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return NULL;
	}
	return tmp;
}

int
file_write_atomic(const char *path, const void *data, size_t len, mode_t mode, char *err, size_t errlen)
{
	char *tmp = write_temp(path, data, len, mode, err, errlen);

	if (tmp == NULL)
		return -1;
	if (rename(tmp, path) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	if (sync_parent(path) < 0) {
		snprintf(err, errlen, "%s: syncing directory: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

int
file_write_new(const char *path, const void *data, size_t len, mode_t mode, char *err, size_t errlen)
{
	char *tmp = write_temp(path, data, len, mode, err, errlen);
	int rc;

	if (tmp == NULL)
		return -1;
	/* link() fails with EEXIST instead of replacing, on every filesystem */
	rc = link(tmp, path);
	if (rc < 0)
		snprintf(err, errlen, "%s: %s", path,
		    errno == EEXIST ? "already exists; reports are never overwritten" : strerror(errno));
	unlink(tmp);
	free(tmp);
	if (rc < 0)
		return -1;
	if (sync_parent(path) < 0) {
		snprintf(err, errlen, "%s: syncing directory: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

int
file_mkdirs(const char *path, mode_t mode, char *err, size_t errlen)
{
	char *p = xstrdup(path), *s;
	struct stat st;

	for (s = p + 1;; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;

			*s = '\0';
			if (mkdir(p, mode) < 0 && errno != EEXIST) {
				snprintf(err, errlen, "%s: %s", p, strerror(errno));
				free(p);
				return -1;
			}
			*s = c;
			if (c == '\0')
				break;
		}
	}
	free(p);
	if (stat(path, &st) < 0 || !S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: not a directory", path);
		return -1;
	}
	return 0;
}

/* Formats a digest as lowercase hex. */
static void
to_hex(const unsigned char *md, unsigned n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	unsigned i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[2 * n] = '\0';
}

void
sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned n = 0;

	if (EVP_Digest(data, len, md, &n, EVP_sha256(), NULL) != 1)
		fatal("SHA-256 failed");
	to_hex(md, n, out);
}

int
sha256_file_hex(const char *path, char out[65], char *err, size_t errlen)
{
	unsigned char md[EVP_MAX_MD_SIZE], buf[65536];
	unsigned n = 0;
	EVP_MD_CTX *ctx;
	int fd, rc = -1;
	ssize_t r;
	struct stat st;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY)) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		close(fd);
		return -1;
	}
	if ((ctx = EVP_MD_CTX_new()) == NULL)
		fatal("out of memory");
	if (EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1)
		fatal("SHA-256 failed");
	while ((r = read(fd, buf, sizeof buf)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			goto out;
		}
		EVP_DigestUpdate(ctx, buf, (size_t)r);
	}
	EVP_DigestFinal_ex(ctx, md, &n);
	to_hex(md, n, out);
	rc = 0;
out:
	EVP_MD_CTX_free(ctx);
	close(fd);
	return rc;
}

char *
path_join(const char *root, const char *path)
{
	size_t rl;

	if (root == NULL || root[0] == '\0' || strcmp(root, "/") == 0)
		return xstrdup(path);
	rl = strlen(root);
	while (rl > 1 && root[rl - 1] == '/')
		rl--;
	while (*path == '/')
		path++;
	return xasprintf("%.*s/%s", (int)rl, root, path);
}
