/*
 * zfile.c: whole-file reading through zlib, liblzma, liblz4 and libzstd.
 */
#include "zfile.h"

#include <lz4frame.h>
#include <errno.h>
#include <fcntl.h>
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "../util/fileio.h"
#include "../util/xalloc.h"

/* Formats we read. */
enum zkind { Z_PLAIN, Z_GZIP, Z_XZ, Z_LZ4, Z_ZSTD };

static const char *const zkind_names[] = {
	[Z_PLAIN] = "plain",
	[Z_GZIP] = "gzip",
	[Z_XZ] = "xz",
	[Z_LZ4] = "lz4",
	[Z_ZSTD] = "zstd",
};

/* The format a file name's suffix promises. */
static enum zkind
kind_of_name(const char *path)
{
	size_t n = strlen(path);

	if (n > 3 && strcmp(path + n - 3, ".gz") == 0)
		return Z_GZIP;
	if (n > 3 && strcmp(path + n - 3, ".xz") == 0)
		return Z_XZ;
	if (n > 4 && strcmp(path + n - 4, ".lz4") == 0)
		return Z_LZ4;
	if (n > 4 && strcmp(path + n - 4, ".zst") == 0)
		return Z_ZSTD;
	return Z_PLAIN;
}

const char *
zfile_kind_of_name(const char *path)
{
	return zkind_names[kind_of_name(path)];
}

/* The format named by the first bytes. */
static enum zkind
kind_of_magic(const unsigned char *b, size_t n)
{
	if (n >= 2 && b[0] == 0x1f && b[1] == 0x8b)
		return Z_GZIP;
	if (n >= 6 &&
	    memcmp(b,
	        "\xfd"
	        "7zXZ\0",
	        6) == 0)
		return Z_XZ;
	if (n >= 4 && memcmp(b, "\x04\x22\x4d\x18", 4) == 0)
		return Z_LZ4;
	if (n >= 4 && memcmp(b, "\x28\xb5\x2f\xfd", 4) == 0)
		return Z_ZSTD;
	return Z_PLAIN;
}

static int read_all(struct zreader *z, const char *path, size_t max, char **data, size_t *len,
    char *err, size_t errlen);

int
zfile_read(const char *path, size_t max, char **data, size_t *len, char *err, size_t errlen)
{
	*data = NULL;
	*len = 0;
	return read_all(zreader_open(path, err, errlen), path, max, data, len, err, errlen);
}

int
zfile_read_at(const struct target *t, const char *path, size_t max, char **data, size_t *len,
    char *err, size_t errlen)
{
	*data = NULL;
	*len = 0;
	return read_all(zreader_open_at(t, path, err, errlen), path, max, data, len, err, errlen);
}

/* Decompresses all of z (closing it) into *data; NULL z is an error already in err. */
static int
read_all(struct zreader *z, const char *path, size_t max, char **data, size_t *len, char *err, size_t errlen)
{
	char *buf = NULL;
	size_t used = 0, cap = 0;

	if (z == NULL)
		return -1;
	for (;;) {
		long long n;

		if (cap - used < 65536) {
			if (cap > max) {
				snprintf(err, errlen, "%s: larger than %zu bytes", path, max);
				goto err;
			}
			cap = cap ? cap * 2 : 65536 * 2;
			buf = xreallocarray(buf, cap + 1, 1);
		}
		n = zreader_read(z, buf + used, cap - used, err, errlen);
		if (n < 0)
			goto err;
		if (n == 0)
			break;
		used += (size_t)n;
	}
	if (used > max) {
		snprintf(err, errlen, "%s: larger than %zu bytes", path, max);
		goto err;
	}
	zreader_close(z);
	buf[used] = '\0';
	*data = buf;
	*len = used;
	return 0;
err:
	zreader_close(z);
	free(buf);
	return -1;
}

/* Streaming reader: a small input window and one decoder. */
struct zreader {
	int fd;
	char *path;
	enum zkind kind;
	unsigned char in[1 << 17];
	size_t in_pos, in_len;
	int in_eof;
	int done;
	unsigned long long total;
	z_stream gz;
	lzma_stream xz;
	LZ4F_dctx *lz4;
	size_t lz4_hint;
	ZSTD_DStream *zst;
	size_t zst_ret;
};

/* Reads more compressed input when the window is empty; -1 on a read error. */
static int
zr_refill(struct zreader *z)
{
	ssize_t n;

	if (z->in_pos < z->in_len || z->in_eof)
		return 0;
	do
		n = read(z->fd, z->in, sizeof z->in);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	z->in_pos = 0;
	z->in_len = (size_t)n;
	if (n == 0)
		z->in_eof = 1;
	return 0;
}

struct zreader *
zreader_open(const char *path, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);

	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	return zreader_open_fd(fd, path, err, errlen);
}

struct zreader *
zreader_open_at(const struct target *t, const char *path, char *err, size_t errlen)
{
	int fd = target_open_file(t, path, O_RDONLY | O_NONBLOCK, err, errlen);

	if (fd < 0)
		return NULL;
	return zreader_open_fd(fd, path, err, errlen);
}

struct zreader *
zreader_open_fd(int fd, const char *path, char *err, size_t errlen)
{
	struct zreader *z = xcalloc(1, sizeof *z);
	enum zkind named = kind_of_name(path);
	lzma_stream init = LZMA_STREAM_INIT;
	struct stat st;

	z->xz = init;
	z->path = xstrdup(path);
	z->fd = fd;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		goto err;
	}
	if (zr_refill(z) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto err;
	}
	z->kind = kind_of_magic(z->in, z->in_len);
	if (z->kind == Z_PLAIN && named != Z_PLAIN) {
		snprintf(err, errlen, "%s: not a %s file (%s)", path, zkind_names[named],
		    z->in_len == 0 ? "empty" : "wrong magic bytes");
		goto err;
	}
	if (z->kind == Z_GZIP) {
		if (inflateInit2(&z->gz, 15 + 32) != Z_OK)
			goto nodec;
	} else if (z->kind == Z_XZ) {
		if (lzma_stream_decoder(&z->xz, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK)
			goto nodec;
	} else if (z->kind == Z_LZ4) {
		if (LZ4F_isError(LZ4F_createDecompressionContext(&z->lz4, LZ4F_VERSION)))
			goto nodec;
		z->lz4_hint = 1;
	} else if (z->kind == Z_ZSTD) {
		if ((z->zst = ZSTD_createDStream()) == NULL)
			goto nodec;
		ZSTD_initDStream(z->zst);
		z->zst_ret = 1;
	}
	return z;
nodec:
	snprintf(err, errlen, "%s: the %s decoder could not start", path, zkind_names[z->kind]);
err:
	zreader_close(z);
	return NULL;
}

/* One gzip: members may be concatenated step (see zr_step). */
static int
zr_step_gzip(struct zreader *z, char *out, size_t room, size_t avail, size_t *made, const char **why)
{
	int rc;

	z->gz.next_in = z->in + z->in_pos;
	z->gz.avail_in = (uInt)avail;
	z->gz.next_out = (Bytef *)out;
	z->gz.avail_out = (uInt)room;
	rc = inflate(&z->gz, Z_NO_FLUSH);
	*made = room - z->gz.avail_out;
	z->in_pos = z->in_len - z->gz.avail_in;
	if (rc == Z_STREAM_END) {
		/* another member may follow */
		if (zr_refill(z) < 0) {
			*why = strerror(errno);
			return -1;
		}
		if (z->in_pos == z->in_len)
			z->done = 1;
		else
			inflateReset(&z->gz);
		return 0;
	}
	if (rc == Z_BUF_ERROR && *made == 0 && z->in_eof && z->in_pos == z->in_len) {
		*why = "truncated gzip stream";
		return -1;
	}
	if (rc != Z_OK && rc != Z_BUF_ERROR) {
		*why = z->gz.msg != NULL ? z->gz.msg : "corrupt gzip stream";
		return -1;
	}
	return 0;
}

/* One xz, concatenated streams allowed step (see zr_step). */
static int
zr_step_xz(struct zreader *z, char *out, size_t room, size_t avail, size_t *made, const char **why)
{
	lzma_ret rc;

	z->xz.next_in = z->in + z->in_pos;
	z->xz.avail_in = avail;
	z->xz.next_out = (uint8_t *)out;
	z->xz.avail_out = room;
	rc = lzma_code(&z->xz, z->in_eof ? LZMA_FINISH : LZMA_RUN);
	*made = room - z->xz.avail_out;
	z->in_pos = z->in_len - z->xz.avail_in;
	if (rc == LZMA_STREAM_END) {
		z->done = 1;
		return 0;
	}
	if (rc == LZMA_BUF_ERROR) {
		*why = "truncated xz stream";
		return -1;
	}
	if (rc != LZMA_OK) {
		*why = rc == LZMA_FORMAT_ERROR ? "not an xz stream" : "corrupt xz stream";
		return -1;
	}
	return 0;
}

/* One lz4 frames step (see zr_step). */
static int
zr_step_lz4(struct zreader *z, char *out, size_t room, size_t avail, size_t *made, const char **why)
{
	size_t o = room, i = avail;

	if (avail == 0 && z->in_eof) {
		if (z->lz4_hint != 0) {
			/* flush what the decoder holds; nothing more means truncated */
			z->lz4_hint = LZ4F_decompress(z->lz4, out, &o, z->in + z->in_pos, &i, NULL);
			if (LZ4F_isError(z->lz4_hint)) {
				*why = "corrupt lz4 frame";
				return -1;
			}
			*made = o;
			if (o == 0 && z->lz4_hint != 0) {
				*why = "truncated lz4 frame";
				return -1;
			}
			return 0;
		}
		z->done = 1;
		return 0;
	}
	z->lz4_hint = LZ4F_decompress(z->lz4, out, &o, z->in + z->in_pos, &i, NULL);
	if (LZ4F_isError(z->lz4_hint)) {
		*why = "corrupt lz4 frame";
		return -1;
	}
	*made = o;
	z->in_pos += i;
	return 0;
}

/* One zstd frames step (see zr_step). */
static int
zr_step_zstd(struct zreader *z, char *out, size_t room, size_t avail, size_t *made, const char **why)
{
	ZSTD_inBuffer ib = { z->in + z->in_pos, avail, 0 };
	ZSTD_outBuffer ob = { out, room, 0 };

	if (avail == 0 && z->in_eof) {
		if (z->zst_ret != 0) {
			z->zst_ret = ZSTD_decompressStream(z->zst, &ob, &ib);
			if (ZSTD_isError(z->zst_ret)) {
				*why = "corrupt zstd stream";
				return -1;
			}
			*made = ob.pos;
			if (ob.pos == 0 && z->zst_ret != 0) {
				*why = "truncated zstd stream";
				return -1;
			}
			return 0;
		}
		z->done = 1;
		return 0;
	}
	z->zst_ret = ZSTD_decompressStream(z->zst, &ob, &ib);
	if (ZSTD_isError(z->zst_ret)) {
		*why = "corrupt zstd stream";
		return -1;
	}
	*made = ob.pos;
	z->in_pos += ib.pos;
	return 0;
}

/* One step of a plain file: a copy. */
static int
zr_step_plain(struct zreader *z, char *out, size_t room, size_t avail, size_t *made)
{
	if (avail == 0 && z->in_eof) {
		z->done = 1;
		return 0;
	}
	*made = avail < room ? avail : room;
	memcpy(out, z->in + z->in_pos, *made);
	z->in_pos += *made;
	return 0;
}

/* One decoding step into out[0..room); sets *made; -1 with *why on a bad stream. */
static int
zr_step(struct zreader *z, char *out, size_t room, size_t *made, const char **why)
{
	size_t avail = z->in_len - z->in_pos;

	*made = 0;
	switch (z->kind) {
	case Z_GZIP: return zr_step_gzip(z, out, room, avail, made, why);
	case Z_XZ: return zr_step_xz(z, out, room, avail, made, why);
	case Z_LZ4: return zr_step_lz4(z, out, room, avail, made, why);
	case Z_ZSTD: return zr_step_zstd(z, out, room, avail, made, why);
	case Z_PLAIN: break;
	}
	return zr_step_plain(z, out, room, avail, made);
}

long long
zreader_read(struct zreader *z, char *buf, size_t len, char *err, size_t errlen)
{
	size_t got = 0;

	while (got < len && !z->done) {
		size_t made;
		const char *why = NULL;

		if (zr_refill(z) < 0) {
			snprintf(err, errlen, "%s: %s", z->path, strerror(errno));
			return -1;
		}
		if (zr_step(z, buf + got, len - got, &made, &why) < 0) {
			snprintf(err, errlen, "%s: %s", z->path, why);
			return -1;
		}
		got += made;
	}
	z->total += got;
	return (long long)got;
}

unsigned long long
zreader_total(const struct zreader *z)
{
	return z->total;
}

void
zreader_close(struct zreader *z)
{
	if (z == NULL)
		return;
	if (z->kind == Z_GZIP)
		inflateEnd(&z->gz);
	if (z->kind == Z_XZ)
		lzma_end(&z->xz);
	if (z->lz4 != NULL)
		LZ4F_freeDecompressionContext(z->lz4);
	if (z->zst != NULL)
		ZSTD_freeDStream(z->zst);
	if (z->fd >= 0)
		close(z->fd);
	free(z->path);
	free(z);
}
