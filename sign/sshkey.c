/*
 * sshkey.c: OpenSSH Ed25519 keys (public, openssh-key-v1 private), written
 * from OpenSSH's published format description (PROTOCOL.key) on top of
 * libcrypto's Ed25519 (sshkey.h).
 */
#include "sshkey.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "../util/xalloc.h"
#include "sshbuf.h"

#define KEY_BEGIN "-----BEGIN OPENSSH PRIVATE KEY-----"
#define KEY_END "-----END OPENSSH PRIVATE KEY-----"
#define KEY_MAGIC "openssh-key-v1" /* followed by a NUL */
#define MAX_KEY_FILE (64 * 1024)

struct sshkey {
	unsigned char pub[32];
	unsigned char seed[32];
	int has_private;
	char *comment;
};

void
sshkey_put_public_blob(struct strbuf *sb, const struct sshkey *k)
{
	sshbuf_put_cstring(sb, SSHKEY_ED25519);
	sshbuf_put_string(sb, k->pub, 32);
}

struct sshkey *
sshkey_from_public_blob(const unsigned char *blob, size_t len, char *err, size_t errlen)
{
	struct sshbuf_reader r = { blob, len };
	const unsigned char *type, *pk;
	size_t tlen, plen;
	struct sshkey *k;

	if (sshbuf_get_string(&r, &type, &tlen) < 0) {
		snprintf(err, errlen, "malformed public key");
		return NULL;
	}
	if (tlen != strlen(SSHKEY_ED25519) || memcmp(type, SSHKEY_ED25519, tlen) != 0) {
		snprintf(err, errlen, "unsupported key type '%.*s' (only ssh-ed25519 is supported)",
		    (int)(tlen > 40 ? 40 : tlen), (const char *)type);
		for (char *p = err; *p; p++)
			if ((unsigned char)*p < 32 || (unsigned char)*p > 126)
				*p = '?';
		return NULL;
	}
	if (sshbuf_get_string(&r, &pk, &plen) < 0 || plen != 32 || r.left != 0) {
		snprintf(err, errlen, "malformed ssh-ed25519 public key");
		return NULL;
	}
	k = xcalloc(1, sizeof *k);
	memcpy(k->pub, pk, 32);
	k->comment = xstrdup("");
	return k;
}

void
sshkey_free(struct sshkey *k)
{
	if (k == NULL)
		return;
	free(k->comment);
	xwipe(k, sizeof *k);
	free(k);
}

int
sshkey_equal(const struct sshkey *a, const struct sshkey *b)
{
	return a != NULL && b != NULL && CRYPTO_memcmp(a->pub, b->pub, 32) == 0;
}

int
sshkey_has_private(const struct sshkey *k)
{
	return k != NULL && k->has_private;
}

const char *
sshkey_comment(const struct sshkey *k)
{
	return k->comment != NULL ? k->comment : "";
}

/* The public half of a 32-byte seed. */
static int
derive_public(const unsigned char seed[32], unsigned char pub[32])
{
	EVP_PKEY *pk = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed, 32);
	size_t n = 32;
	int rc = -1;

	if (pk != NULL && EVP_PKEY_get_raw_public_key(pk, pub, &n) == 1 && n == 32)
		rc = 0;
	EVP_PKEY_free(pk);
	return rc;
}

struct sshkey *
sshkey_generate(char *err, size_t errlen)
{
	struct sshkey *k = xcalloc(1, sizeof *k);

	if (RAND_bytes(k->seed, 32) != 1 || derive_public(k->seed, k->pub) < 0) {
		snprintf(err, errlen, "could not generate a key");
		sshkey_free(k);
		return NULL;
	}
	k->has_private = 1;
	k->comment = xstrdup("");
	return k;
}

char *
sshkey_fingerprint(const struct sshkey *k)
{
	struct strbuf sb = STRBUF_INIT;
	unsigned char md[32];
	char *b64, *out;
	size_t n;

	sshkey_put_public_blob(&sb, k);
	if (EVP_Digest(sb.buf, sb.len, md, NULL, EVP_sha256(), NULL) != 1)
		fatal("SHA-256 failed");
	sb_free(&sb);
	b64 = b64_encode(md, sizeof md);
	n = strlen(b64);
	while (n > 0 && b64[n - 1] == '=')
		b64[--n] = '\0';
	out = xasprintf("SHA256:%s", b64);
	free(b64);
	return out;
}

char *
sshkey_public_line(const struct sshkey *k)
{
	struct strbuf sb = STRBUF_INIT;
	char *b64, *out;

	sshkey_put_public_blob(&sb, k);
	b64 = b64_encode(sb.buf, sb.len);
	out = xasprintf(SSHKEY_ED25519 " %s", b64);
	free(b64);
	sb_free(&sb);
	return out;
}

struct sshkey *
sshkey_parse_public(const char *text, char *err, size_t errlen)
{
	const char *p = text, *b, *e;
	unsigned char *blob;
	size_t blen, tl = strlen(SSHKEY_ED25519);
	struct sshkey *k;

	while (*p == ' ' || *p == '\t')
		p++;
	if (strncmp(p, SSHKEY_ED25519, tl) != 0 || (p[tl] != ' ' && p[tl] != '\t')) {
		snprintf(err, errlen, "not an ssh-ed25519 public key");
		return NULL;
	}
	b = p + tl;
	while (*b == ' ' || *b == '\t')
		b++;
	for (e = b; *e != '\0' && *e != ' ' && *e != '\t' && *e != '\n' && *e != '\r'; e++)
		;
	if (b64_decode(b, (size_t)(e - b), &blob, &blen) < 0) {
		snprintf(err, errlen, "bad base64 in the public key");
		return NULL;
	}
	k = sshkey_from_public_blob(blob, blen, err, errlen);
	free(blob);
	if (k != NULL) {
		while (*e == ' ' || *e == '\t')
			e++;
		free(k->comment);
		k->comment = xstrndup(e, strcspn(e, "\r\n"));
	}
	return k;
}

char *
sshkey_private_file(const struct sshkey *k, const char *comment)
{
	struct strbuf outer = STRBUF_INIT, priv = STRBUF_INIT, pb = STRBUF_INIT;
	unsigned char both[64];
	uint32_t check;
	unsigned char pad = 1;
	char *text;

	if (RAND_bytes((unsigned char *)&check, sizeof check) != 1)
		fatal("no random bytes");
	sshbuf_put_u32(&priv, check);
	sshbuf_put_u32(&priv, check);
	sshbuf_put_cstring(&priv, SSHKEY_ED25519);
	sshbuf_put_string(&priv, k->pub, 32);
	memcpy(both, k->seed, 32);
	memcpy(both + 32, k->pub, 32);
	sshbuf_put_string(&priv, both, 64);
	xwipe(both, sizeof both);
	sshbuf_put_cstring(&priv, comment != NULL ? comment : "");
	while (priv.len % 8 != 0)
		sb_addc(&priv, (char)pad++);

	sb_add(&outer, KEY_MAGIC, sizeof KEY_MAGIC); /* with its NUL */
	sshbuf_put_cstring(&outer, "none");
	sshbuf_put_cstring(&outer, "none");
	sshbuf_put_cstring(&outer, "");
	sshbuf_put_u32(&outer, 1);
	sshkey_put_public_blob(&pb, k);
	sshbuf_put_string(&outer, pb.buf, pb.len);
	sb_free(&pb);
	sshbuf_put_string(&outer, priv.buf, priv.len);
	text = sshbuf_armor(KEY_BEGIN, KEY_END, outer.buf, outer.len);
	xwipe(priv.buf, priv.cap);
	xwipe(outer.buf, outer.cap);
	sb_free(&priv);
	sb_free(&outer);
	return text;
}

/* Parses the decoded openssh-key-v1 structure. */
static struct sshkey *
parse_private(const unsigned char *buf, size_t len, const char *path, char *err, size_t errlen)
{
	struct sshbuf_reader r = { buf, len }, pr;
	const unsigned char *cipher, *kdf, *opts, *pubblob, *privsec, *pk, *sk, *comment;
	size_t clen, klen, olen, pblen, pslen, pklen, sklen, cmlen, i;
	uint32_t nkeys, c1, c2;
	struct sshkey *k = NULL, *pubk;
	unsigned char derived[32];

	if (len < sizeof KEY_MAGIC || memcmp(buf, KEY_MAGIC, sizeof KEY_MAGIC) != 0)
		goto bad;
	r.p += sizeof KEY_MAGIC;
	r.left -= sizeof KEY_MAGIC;
	if (sshbuf_get_string(&r, &cipher, &clen) < 0 || sshbuf_get_string(&r, &kdf, &klen) < 0 ||
	    sshbuf_get_string(&r, &opts, &olen) < 0 || sshbuf_get_u32(&r, &nkeys) < 0)
		goto bad;
	if (clen != 4 || memcmp(cipher, "none", 4) != 0 || klen != 4 || memcmp(kdf, "none", 4) != 0) {
		snprintf(err, errlen,
		    "%s: the key is protected by a passphrase, which reentry cannot use; "
		    "make an unencrypted copy (ssh-keygen -p -N '' -f COPY) kept with mode 0600, "
		    "or make a new key with reentry keygen",
		    path);
		return NULL;
	}
	if (nkeys != 1) {
		snprintf(err, errlen, "%s: holds %u keys; reentry needs exactly one", path, nkeys);
		return NULL;
	}
	if (sshbuf_get_string(&r, &pubblob, &pblen) < 0 ||
	    sshbuf_get_string(&r, &privsec, &pslen) < 0 || r.left != 0)
		goto bad;
	if ((pubk = sshkey_from_public_blob(pubblob, pblen, err, errlen)) == NULL) {
		char why[256];

		snprintf(why, sizeof why, "%s", err);
		snprintf(err, errlen, "%s: %s", path, why);
		return NULL;
	}
	pr.p = privsec;
	pr.left = pslen;
	if (pslen % 8 != 0 || sshbuf_get_u32(&pr, &c1) < 0 || sshbuf_get_u32(&pr, &c2) < 0 || c1 != c2 ||
	    !sshbuf_get_string_eq(&pr, SSHKEY_ED25519) || sshbuf_get_string(&pr, &pk, &pklen) < 0 ||
	    pklen != 32 || sshbuf_get_string(&pr, &sk, &sklen) < 0 || sklen != 64 ||
	    sshbuf_get_string(&pr, &comment, &cmlen) < 0) {
		sshkey_free(pubk);
		goto bad;
	}
	/* padding is 1, 2, 3, ... */
	for (i = 0; i < pr.left; i++)
		if (pr.p[i] != (unsigned char)(i + 1)) {
			sshkey_free(pubk);
			goto bad;
		}
	k = xcalloc(1, sizeof *k);
	memcpy(k->seed, sk, 32);
	memcpy(k->pub, pk, 32);
	k->has_private = 1;
	k->comment = xstrndup((const char *)comment, cmlen);
	if (memcmp(sk + 32, pk, 32) != 0 || !sshkey_equal(k, pubk) ||
	    derive_public(k->seed, derived) < 0 || memcmp(derived, k->pub, 32) != 0) {
		sshkey_free(pubk);
		sshkey_free(k);
		snprintf(err, errlen, "%s: the private and public halves of the key do not match", path);
		return NULL;
	}
	sshkey_free(pubk);
	return k;
bad:
	snprintf(err, errlen, "%s: not an OpenSSH Ed25519 private key (openssh-key-v1)", path);
	return NULL;
}

struct sshkey *
sshkey_load_private(const char *path, char *err, size_t errlen)
{
	int fd;
	struct stat st;
	char *text = NULL;
	size_t len = 0;
	unsigned char *raw = NULL;
	size_t rawlen = 0;
	struct sshkey *k = NULL;
	ssize_t n;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		close(fd);
		return NULL;
	}
	if ((st.st_mode & 077) != 0) {
		snprintf(err, errlen,
		    "%s: private key is accessible by group or others (mode %04o); "
		    "run chmod 600 on it",
		    path, (unsigned)(st.st_mode & 07777));
		close(fd);
		return NULL;
	}
	if (st.st_size > MAX_KEY_FILE) {
		snprintf(err, errlen, "%s: too large for a private key", path);
		close(fd);
		return NULL;
	}
	text = xmalloc((size_t)st.st_size + 1);
	while (len < (size_t)st.st_size) {
		n = read(fd, text + len, (size_t)st.st_size - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (len != (size_t)st.st_size) {
		snprintf(err, errlen, "%s: could not read the whole key", path);
		goto out;
	}
	text[len] = '\0';
	if (sshbuf_dearmor(text, len, KEY_BEGIN, KEY_END, &raw, &rawlen) < 0) {
		if (strstr(text, "BEGIN OPENSSH PRIVATE KEY") == NULL && strstr(text, "PRIVATE KEY") != NULL)
			snprintf(err, errlen,
			    "%s: a PEM private key, not an OpenSSH one; reentry signs with "
			    "OpenSSH Ed25519 keys (reentry keygen, or ssh-keygen -t ed25519)",
			    path);
		else
			snprintf(err, errlen, "%s: not an OpenSSH private key", path);
		goto out;
	}
	k = parse_private(raw, rawlen, path, err, errlen);
out:
	if (raw != NULL) {
		xwipe(raw, rawlen);
		free(raw);
	}
	xwipe(text, (size_t)st.st_size + 1);
	free(text);
	return k;
}

int
sshkey_sign_raw(const struct sshkey *k, const void *data, size_t len,
    unsigned char sig[SSHKEY_ED25519_SIGLEN], char *err, size_t errlen)
{
	size_t siglen = SSHKEY_ED25519_SIGLEN;
	EVP_PKEY *pk = NULL;
	EVP_MD_CTX *ctx = NULL;
	int rc = -1;

	if (!k->has_private) {
		snprintf(err, errlen, "no private key to sign with");
		return -1;
	}
	pk = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, k->seed, 32);
	ctx = EVP_MD_CTX_new();
	if (pk == NULL || ctx == NULL || EVP_DigestSignInit(ctx, NULL, NULL, NULL, pk) != 1 ||
	    EVP_DigestSign(ctx, sig, &siglen, data, len) != 1 || siglen != SSHKEY_ED25519_SIGLEN)
		snprintf(err, errlen, "Ed25519 signing failed");
	else
		rc = 0;
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(pk);
	return rc;
}

int
sshkey_verify_raw(const struct sshkey *k, const unsigned char *sig, size_t siglen, const void *data,
    size_t len, char *err, size_t errlen)
{
	EVP_PKEY *pk = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, k->pub, 32);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int rc = -1;

	if (pk == NULL || ctx == NULL || EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, pk) != 1)
		snprintf(err, errlen, "Ed25519 verification could not start");
	else if (EVP_DigestVerify(ctx, sig, siglen, data, len) != 1)
		snprintf(err, errlen, "signature does not match the data");
	else
		rc = 0;
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(pk);
	return rc;
}
