/*
 * sshbuf.h: the SSH wire encoding (RFC 4251 uint32 and string), base64 and
 * the "-----BEGIN ...-----" armor, as OpenSSH's keys and signatures use them.
 *
 * Writers append to a struct strbuf (util/strbuf.h); the caller owns it.
 * Readers walk a struct sshbuf_reader over bytes the caller keeps alive:
 * strings they return point into those bytes and are not copied. Every
 * reader returns 0 on success and -1 when the input is short or malformed,
 * leaving the reader where it was not defined. Nothing here prints.
 */
#ifndef REENTRY_SSHBUF_H
#define REENTRY_SSHBUF_H

#include <stddef.h>
#include <stdint.h>

#include "../util/strbuf.h"

/* Appends a big-endian uint32. */
void sshbuf_put_u32(struct strbuf *sb, uint32_t v);
/* Appends a string: uint32 length, then the bytes. */
void sshbuf_put_string(struct strbuf *sb, const void *data, size_t len);
/* Appends a NUL-terminated string as an SSH string (without the NUL). */
void sshbuf_put_cstring(struct strbuf *sb, const char *s);

/* A bounded reader over a byte string the caller owns. */
struct sshbuf_reader {
	const unsigned char *p;
	size_t left;
};

int sshbuf_get_u32(struct sshbuf_reader *r, uint32_t *v);
/* Points *s at the next string inside the reader's bytes (not copied). */
int sshbuf_get_string(struct sshbuf_reader *r, const unsigned char **s, size_t *len);
/* 1 when the next string equals want (and consumes it), else 0. */
int sshbuf_get_string_eq(struct sshbuf_reader *r, const char *want);

/* Standard base64 of len bytes (no line breaks); caller frees. */
char *b64_encode(const void *data, size_t len);
/*
 * Decodes standard base64, ignoring ASCII white space; -1 for anything else
 * malformed. *out is a new buffer (caller frees).
 */
int b64_decode(const char *text, size_t len, unsigned char **out, size_t *outlen);

/* base64 of data wrapped at 70 columns between the begin and end lines; caller frees. */
char *sshbuf_armor(const char *begin, const char *end, const void *data, size_t len);
/*
 * Finds the text between the begin and end lines and decodes it into *out
 * (caller frees). Only white space may come before begin or after end.
 */
int sshbuf_dearmor(const char *text, size_t len, const char *begin, const char *end,
    unsigned char **out, size_t *outlen);

#endif
