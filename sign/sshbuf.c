/*
 * sshbuf.c: the SSH wire encoding, base64 (libcrypto's EVP_EncodeBlock with
 * a stricter decoder in front) and armor (sshbuf.h).
 */
#include "sshbuf.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "../util/xalloc.h"

#define ARMOR_WIDTH 70

void
sshbuf_put_u32(struct strbuf *sb, uint32_t v)
{
	unsigned char b[4] = { (unsigned char)(v >> 24), (unsigned char)(v >> 16),
		(unsigned char)(v >> 8), (unsigned char)v };

	sb_add(sb, b, 4);
}

void
sshbuf_put_string(struct strbuf *sb, const void *data, size_t len)
{
	sshbuf_put_u32(sb, (uint32_t)len);
	sb_add(sb, data, len);
}

void
sshbuf_put_cstring(struct strbuf *sb, const char *s)
{
	sshbuf_put_string(sb, s, strlen(s));
}

int
sshbuf_get_u32(struct sshbuf_reader *r, uint32_t *v)
{
	if (r->left < 4)
		return -1;
	*v = (uint32_t)r->p[0] << 24 | (uint32_t)r->p[1] << 16 | (uint32_t)r->p[2] << 8 | r->p[3];
	r->p += 4;
	r->left -= 4;
	return 0;
}

int
sshbuf_get_string(struct sshbuf_reader *r, const unsigned char **s, size_t *len)
{
	uint32_t n;

	if (sshbuf_get_u32(r, &n) < 0 || n > r->left)
		return -1;
	*s = r->p;
	*len = n;
	r->p += n;
	r->left -= n;
	return 0;
}

int
sshbuf_get_string_eq(struct sshbuf_reader *r, const char *want)
{
	const unsigned char *s;
	size_t n;

	if (sshbuf_get_string(r, &s, &n) < 0)
		return 0;
	return n == strlen(want) && memcmp(s, want, n) == 0;
}

char *
b64_encode(const void *data, size_t len)
{
	char *out;

	if (len > INT32_MAX)
		fatal("base64 input too large");
	out = xmalloc(4 * ((len + 2) / 3) + 1);
	EVP_EncodeBlock((unsigned char *)out, data, (int)len);
	return out;
}

/* The value of a base64 digit, or -1. */
static int
b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Whether c is white space in the C locale (what OpenSSH's decoder skips). */
static int
b64_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/*
 * The rules are OpenSSH's (its b64_pton): white space anywhere is skipped;
 * the digits end at the first '=' or the end; one or two '=' may follow
 * only where a group is short by that much, with nothing but white space
 * after them; without padding the digits must fill whole groups; and the
 * unused low bits of a short group must be zero, so every byte string has
 * exactly one encoding.
 */
int
b64_decode(const char *text, size_t len, unsigned char **out, size_t *outlen)
{
	unsigned char *buf = xmalloc(len / 4 * 3 + 3);
	size_t n = 0, i = 0, digits = 0;
	unsigned acc = 0;
	int v, pad = 0;

	*out = NULL;
	*outlen = 0;
	for (; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		if (b64_space(c))
			continue;
		if (c == '=') {
			pad = 1;
			break;
		}
		if ((v = b64_value(c)) < 0)
			goto bad;
		acc = acc << 6 | (unsigned)v;
		if (++digits % 4 == 0) {
			buf[n++] = (unsigned char)(acc >> 16);
			buf[n++] = (unsigned char)(acc >> 8);
			buf[n++] = (unsigned char)acc;
			acc = 0;
		}
	}
	if (!pad) {
		if (digits % 4 != 0)
			goto bad;
	} else {
		size_t want = digits % 4 == 2 ? 2 : digits % 4 == 3 ? 1 : 0, got = 0;

		if (want == 0)
			goto bad; /* '=' where a group starts or after its first digit */
		for (; i < len; i++) {
			unsigned char c = (unsigned char)text[i];

			if (c == '=' && got < want)
				got++;
			else if (!b64_space(c))
				goto bad;
		}
		if (got != want)
			goto bad;
		if (want == 2) {
			if ((acc & 0xf) != 0)
				goto bad; /* bits beyond the last byte must be zero */
			buf[n++] = (unsigned char)(acc >> 4);
		} else {
			if ((acc & 0x3) != 0)
				goto bad;
			buf[n++] = (unsigned char)(acc >> 10);
			buf[n++] = (unsigned char)(acc >> 2);
		}
	}
	if (n == 0)
		goto bad;
	*out = buf;
	*outlen = n;
	return 0;
bad:
	xwipe(buf, len / 4 * 3 + 3);
	free(buf);
	return -1;
}

char *
sshbuf_armor(const char *begin, const char *end, const void *data, size_t len)
{
	char *b64 = b64_encode(data, len);
	size_t n = strlen(b64), i;
	struct strbuf sb = STRBUF_INIT;

	sb_adds(&sb, begin);
	sb_addc(&sb, '\n');
	for (i = 0; i < n; i += ARMOR_WIDTH) {
		sb_add(&sb, b64 + i, n - i < ARMOR_WIDTH ? n - i : ARMOR_WIDTH);
		sb_addc(&sb, '\n');
	}
	sb_adds(&sb, end);
	sb_addc(&sb, '\n');
	xwipe(b64, n);
	free(b64);
	return sb_detach(&sb);
}

int
sshbuf_dearmor(const char *text, size_t len, const char *begin, const char *end,
    unsigned char **out, size_t *outlen)
{
	const char *b, *e, *lim = text + len, *p;

	if (memchr(text, '\0', len) != NULL)
		return -1;
	b = memmem(text, len, begin, strlen(begin));
	if (b == NULL)
		return -1;
	for (p = text; p < b; p++)
		if (!isspace((unsigned char)*p))
			return -1;
	b += strlen(begin);
	if (b >= lim || (*b != '\n' && *b != '\r'))
		return -1;
	e = memmem(b, (size_t)(lim - b), end, strlen(end));
	if (e == NULL)
		return -1;
	for (p = e + strlen(end); p < lim; p++)
		if (!isspace((unsigned char)*p))
			return -1;
	return b64_decode(b, (size_t)(e - b), out, outlen);
}
