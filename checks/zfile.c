/*
 * zfile.c: whole-file reading through zlib, liblzma, liblz4 and libzstd.
 */
#include "zfile.h"

#include <lz4frame.h>
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "../util/fileio.h"
#include "../util/xalloc.h"

/* The compressed input is at most this much larger than the output limit allows. */
#define ZFILE_IN_MAX ((size_t)1 << 30)

/* Output buffer that grows up to a limit. */
struct obuf {
	char *p;
	size_t len, cap, max;
};

/* Makes room for at least 64 KiB more; -1 when the limit is reached. */
static int
obuf_grow(struct obuf *o)
{
	size_t want;

	if (o->len >= o->max)
		return -1;
	if (o->cap - o->len >= 65536)
		return 0;
	want = o->cap ? o->cap * 2 : 1 << 20;
	if (want > o->max + 1)
		want = o->max + 1;
	o->p = xreallocarray(o->p, want, 1);
	o->cap = want;
	return 0;
}

/* Space the decoder may fill (one byte kept for the NUL). */
static size_t
obuf_room(const struct obuf *o)
{
	size_t r = o->cap - o->len - 1;

	if (o->len + r > o->max)
		r = o->max - o->len;
	return r;
}

const char *
zfile_kind_of_name(const char *path)
{
	size_t n = strlen(path);

	if (n > 3 && strcmp(path + n - 3, ".gz") == 0)
		return "gzip";
	if (n > 3 && strcmp(path + n - 3, ".xz") == 0)
		return "xz";
	if (n > 4 && strcmp(path + n - 4, ".lz4") == 0)
		return "lz4";
	if (n > 4 && strcmp(path + n - 4, ".zst") == 0)
		return "zstd";
	return "plain";
}

/* The format named by the first bytes. */
static const char *
kind_of_magic(const unsigned char *b, size_t n)
{
	if (n >= 2 && b[0] == 0x1f && b[1] == 0x8b)
		return "gzip";
	if (n >= 6 && memcmp(b, "\xfd" "7zXZ\0", 6) == 0)
		return "xz";
	if (n >= 4 && memcmp(b, "\x04\x22\x4d\x18", 4) == 0)
		return "lz4";
	if (n >= 4 && memcmp(b, "\x28\xb5\x2f\xfd", 4) == 0)
		return "zstd";
	return "plain";
}

static int
inflate_gzip(const char *in, size_t inlen, struct obuf *o, const char **why)
{
	z_stream zs;
	int rc = Z_OK;

	memset(&zs, 0, sizeof zs);
	if (inflateInit2(&zs, 15 + 32) != Z_OK) {
		*why = "zlib could not start";
		return -1;
	}
	zs.next_in = (Bytef *)(uintptr_t)in;
	zs.avail_in = (uInt)inlen;
	for (;;) {
		if (obuf_grow(o) < 0) {
			*why = "decompressed size over the limit";
			goto err;
		}
		zs.next_out = (Bytef *)o->p + o->len;
		zs.avail_out = (uInt)obuf_room(o);
		{
			uInt before = zs.avail_out;

			rc = inflate(&zs, Z_NO_FLUSH);
			o->len += before - zs.avail_out;
		}
		if (rc == Z_STREAM_END) {
			/* concatenated members, as gzip allows */
			if (zs.avail_in == 0)
				break;
			if (inflateReset(&zs) != Z_OK) {
				*why = "corrupt gzip stream";
				goto err;
			}
			continue;
		}
		if (rc == Z_BUF_ERROR && zs.avail_in == 0) {
			*why = "truncated gzip stream";
			goto err;
		}
		if (rc != Z_OK && rc != Z_BUF_ERROR) {
			*why = zs.msg != NULL ? zs.msg : "corrupt gzip stream";
			goto err;
		}
	}
	inflateEnd(&zs);
	return 0;
err:
	inflateEnd(&zs);
	return -1;
}

static int
inflate_xz(const char *in, size_t inlen, struct obuf *o, const char **why)
{
	lzma_stream xs = LZMA_STREAM_INIT;
	lzma_ret rc;

	if (lzma_stream_decoder(&xs, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK) {
		*why = "liblzma could not start";
		return -1;
	}
	xs.next_in = (const uint8_t *)in;
	xs.avail_in = inlen;
	for (;;) {
		size_t room;

		if (obuf_grow(o) < 0) {
			*why = "decompressed size over the limit";
			goto err;
		}
		room = obuf_room(o);
		xs.next_out = (uint8_t *)o->p + o->len;
		xs.avail_out = room;
		rc = lzma_code(&xs, LZMA_FINISH);
		o->len += room - xs.avail_out;
		if (rc == LZMA_STREAM_END)
			break;
		if (rc == LZMA_BUF_ERROR) {
			*why = "truncated xz stream";
			goto err;
		}
		if (rc != LZMA_OK) {
			*why = rc == LZMA_FORMAT_ERROR ? "not an xz stream" : "corrupt xz stream";
			goto err;
		}
	}
	lzma_end(&xs);
	return 0;
err:
	lzma_end(&xs);
	return -1;
}

static int
inflate_lz4(const char *in, size_t inlen, struct obuf *o, const char **why)
{
	LZ4F_dctx *dctx = NULL;
	size_t pos = 0, hint = 1;

	if (LZ4F_isError(LZ4F_createDecompressionContext(&dctx, LZ4F_VERSION))) {
		*why = "liblz4 could not start";
		return -1;
	}
	while (pos < inlen) {
		size_t room, src = inlen - pos;

		if (obuf_grow(o) < 0) {
			*why = "decompressed size over the limit";
			goto err;
		}
		room = obuf_room(o);
		hint = LZ4F_decompress(dctx, o->p + o->len, &room, in + pos, &src, NULL);
		if (LZ4F_isError(hint)) {
			*why = "corrupt lz4 frame";
			goto err;
		}
		o->len += room;
		pos += src;
		if (hint == 0 && pos < inlen) {
			/* another frame follows */
			LZ4F_resetDecompressionContext(dctx);
			hint = 1;
		}
	}
	/* flush what the decoder still holds */
	for (;;) {
		size_t room, src = 0;

		if (hint == 0)
			break;
		if (obuf_grow(o) < 0) {
			*why = "decompressed size over the limit";
			goto err;
		}
		room = obuf_room(o);
		hint = LZ4F_decompress(dctx, o->p + o->len, &room, in + pos, &src, NULL);
		if (LZ4F_isError(hint)) {
			*why = "corrupt lz4 frame";
			goto err;
		}
		o->len += room;
		if (room == 0 && hint != 0) {
			*why = "truncated lz4 frame";
			goto err;
		}
	}
	LZ4F_freeDecompressionContext(dctx);
	return 0;
err:
	LZ4F_freeDecompressionContext(dctx);
	return -1;
}

static int
inflate_zstd(const char *in, size_t inlen, struct obuf *o, const char **why)
{
	ZSTD_DStream *zs = ZSTD_createDStream();
	ZSTD_inBuffer ib = { in, inlen, 0 };
	size_t rc = 1;

	if (zs == NULL) {
		*why = "libzstd could not start";
		return -1;
	}
	ZSTD_initDStream(zs);
	for (;;) {
		ZSTD_outBuffer ob;

		if (obuf_grow(o) < 0) {
			*why = "decompressed size over the limit";
			goto err;
		}
		ob.dst = o->p + o->len;
		ob.size = obuf_room(o);
		ob.pos = 0;
		rc = ZSTD_decompressStream(zs, &ob, &ib);
		if (ZSTD_isError(rc)) {
			*why = "corrupt zstd stream";
			goto err;
		}
		o->len += ob.pos;
		if (ib.pos == ib.size && ob.pos < ob.size)
			break;
	}
	if (rc != 0) {
		*why = "truncated zstd stream";
		goto err;
	}
	ZSTD_freeDStream(zs);
	return 0;
err:
	ZSTD_freeDStream(zs);
	return -1;
}

int
zfile_read(const char *path, size_t max, char **data, size_t *len, char *err, size_t errlen)
{
	char *raw = NULL;
	size_t rawlen = 0;
	const char *kind, *named = zfile_kind_of_name(path), *why = NULL;
	struct obuf o = { NULL, 0, 0, max };
	int rc;

	*data = NULL;
	*len = 0;
	if (file_read_all(path, max < ZFILE_IN_MAX ? max : ZFILE_IN_MAX, &raw, &rawlen, err, errlen) < 0)
		return -1;
	kind = kind_of_magic((const unsigned char *)raw, rawlen);
	if (strcmp(kind, "plain") == 0) {
		if (strcmp(named, "plain") != 0) {
			snprintf(err, errlen, "%s: not a %s file (%s)", path, named,
			    rawlen == 0 ? "empty" : "wrong magic bytes");
			free(raw);
			return -1;
		}
		*data = raw;
		*len = rawlen;
		return 0;
	}
	if (strcmp(kind, "gzip") == 0)
		rc = inflate_gzip(raw, rawlen, &o, &why);
	else if (strcmp(kind, "xz") == 0)
		rc = inflate_xz(raw, rawlen, &o, &why);
	else if (strcmp(kind, "lz4") == 0)
		rc = inflate_lz4(raw, rawlen, &o, &why);
	else
		rc = inflate_zstd(raw, rawlen, &o, &why);
	free(raw);
	if (rc < 0) {
		snprintf(err, errlen, "%s: %s", path, why);
		free(o.p);
		return -1;
	}
	if (o.p == NULL)
		o.p = xmalloc(1);
	o.p[o.len] = '\0';
	*data = o.p;
	*len = o.len;
	return 0;
}
