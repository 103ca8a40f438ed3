/*
 * passhash.c: the kiosk administrator passphrase, stored in the site
 * configuration (kiosk.admin_passphrase_hash) as
 *
 *     pbkdf2-sha256$ITERATIONS$SALT$HASH
 *
 * with SALT (16 bytes) and HASH (32 bytes) in lower-case hex, computed by
 * libcrypto's PKCS5_PBKDF2_HMAC with SHA-256. `reentry tui
 * --hash-passphrase` makes one (docs/kiosk.md). Comparison is constant-time
 * and every copy of the passphrase is wiped.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "passhash.h"
#include "xalloc.h"

#define PASS_SALT 16
#define PASS_LEN 32
#define PASS_MIN_ITER 1000
#define PASS_MAX_ITER 100000000u

/* Lower-case hex of n bytes into out (2n+1). */
static void
pass_hex(const unsigned char *b, size_t n, char *out)
{
	static const char d[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = d[b[i] >> 4];
		out[2 * i + 1] = d[b[i] & 15];
	}
	out[2 * n] = '\0';
}

/* Parses exactly 2n hex digits of s into b; -1 when malformed. */
static int
pass_unhex(const char *s, size_t slen, unsigned char *b, size_t n)
{
	size_t i;

	if (slen != 2 * n)
		return -1;
	for (i = 0; i < 2 * n; i++) {
		int c = s[i], v;

		if (c >= '0' && c <= '9')
			v = c - '0';
		else if (c >= 'a' && c <= 'f')
			v = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v = c - 'A' + 10;
		else
			return -1;
		if (i % 2 == 0)
			b[i / 2] = (unsigned char)(v << 4);
		else
			b[i / 2] |= (unsigned char)v;
	}
	return 0;
}

char *
passhash_make(const char *pass, unsigned iter)
{
	unsigned char salt[PASS_SALT], out[PASS_LEN];
	char hs[2 * PASS_SALT + 1], ho[2 * PASS_LEN + 1];
	char *r;

	if (iter < PASS_MIN_ITER || iter > PASS_MAX_ITER)
		return NULL;
	if (RAND_bytes(salt, sizeof salt) != 1)
		return NULL;
	if (PKCS5_PBKDF2_HMAC(pass, (int)strlen(pass), salt, sizeof salt, (int)iter, EVP_sha256(),
	        sizeof out, out) != 1)
		return NULL;
	pass_hex(salt, sizeof salt, hs);
	pass_hex(out, sizeof out, ho);
	r = xasprintf("pbkdf2-sha256$%u$%s$%s", iter, hs, ho);
	xwipe(out, sizeof out);
	return r;
}

int
passhash_check(const char *hash, const char *pass)
{
	unsigned char salt[PASS_SALT], want[PASS_LEN], got[PASS_LEN];
	const char *p, *s1, *s2;
	char *end;
	unsigned long iter;
	int ok;

	if (hash == NULL || strncmp(hash, "pbkdf2-sha256$", 14) != 0)
		return -1;
	p = hash + 14;
	errno = 0;
	iter = strtoul(p, &end, 10);
	if (errno != 0 || end == p || *end != '$' || iter < PASS_MIN_ITER || iter > PASS_MAX_ITER)
		return -1;
	s1 = end + 1;
	if ((s2 = strchr(s1, '$')) == NULL)
		return -1;
	if (pass_unhex(s1, (size_t)(s2 - s1), salt, sizeof salt) != 0 ||
	    pass_unhex(s2 + 1, strlen(s2 + 1), want, sizeof want) != 0)
		return -1;
	if (pass == NULL)
		return 0;
	if (PKCS5_PBKDF2_HMAC(pass, (int)strlen(pass), salt, sizeof salt, (int)iter, EVP_sha256(),
	        sizeof got, got) != 1)
		return -1;
	ok = CRYPTO_memcmp(got, want, sizeof got) == 0;
	xwipe(got, sizeof got);
	return ok;
}
