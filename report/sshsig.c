/*
 * sshsig.c: OpenSSH Ed25519 keys (public, openssh-key-v1 private) and
 * SSHSIG signatures, written from OpenSSH's published format descriptions
 * (PROTOCOL.sshsig, PROTOCOL.key) on top of libcrypto's Ed25519.
 */
#include "sshsig.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "../util/fileio.h"
#include "../util/strbuf.h"
#include "../util/xalloc.h"

#define ED25519_TYPE "ssh-ed25519"
#define SSHSIG_MAGIC "SSHSIG"
#define SSHSIG_VERSION 1
#define SIG_BEGIN "-----BEGIN SSH SIGNATURE-----"
#define SIG_END "-----END SSH SIGNATURE-----"
#define KEY_BEGIN "-----BEGIN OPENSSH PRIVATE KEY-----"
#define KEY_END "-----END OPENSSH PRIVATE KEY-----"
#define KEY_MAGIC "openssh-key-v1" /* followed by a NUL */
#define ARMOR_WIDTH 70
#define MAX_KEY_FILE (64 * 1024)

struct sshkey {
	unsigned char pub[32];
	unsigned char seed[32];
	int has_private;
	char *comment;
};

/* ---- base64 ---- */

char *
b64_encode(const void *data, size_t len)
{
	char *out = xmalloc(4 * ((len + 2) / 3) + 1);

	if (len > INT32_MAX)
		fatal("base64 input too large");
	EVP_EncodeBlock((unsigned char *)out, data, (int)len);
	return out;
}

int
b64_decode(const char *text, size_t len, unsigned char **out, size_t *outlen)
{
	char *clean = xmalloc(len + 1);
	size_t n = 0, i, pad = 0;
	unsigned char *buf;
	int r;

	*out = NULL;
	*outlen = 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		if (!(isalnum(c) || c == '+' || c == '/' || c == '=') || c > 127)
			goto bad;
		if (pad > 0 && c != '=')
			goto bad; /* data after padding */
		if (c == '=')
			pad++;
		clean[n++] = (char)c;
	}
	if (n == 0 || n % 4 != 0 || pad > 2 || n > INT32_MAX)
		goto bad;
	buf = xmalloc(n / 4 * 3 + 1);
	r = EVP_DecodeBlock(buf, (unsigned char *)clean, (int)n);
	if (r < 0 || (size_t)r < pad) {
		free(buf);
		goto bad;
	}
	free(clean);
	*out = buf;
	*outlen = (size_t)r - pad;
	return 0;
bad:
	free(clean);
	return -1;
}

/* ---- SSH wire format ---- */

static void
put_u32(struct strbuf *sb, uint32_t v)
{
	unsigned char b[4] = { (unsigned char)(v >> 24), (unsigned char)(v >> 16),
		(unsigned char)(v >> 8), (unsigned char)v };

	sb_add(sb, b, 4);
}

static void
put_string(struct strbuf *sb, const void *data, size_t len)
{
	put_u32(sb, (uint32_t)len);
	sb_add(sb, data, len);
}

static void
put_cstring(struct strbuf *sb, const char *s)
{
	put_string(sb, s, strlen(s));
}

/* A bounded reader over a byte string. */
struct rd {
	const unsigned char *p;
	size_t left;
};

static int
get_u32(struct rd *r, uint32_t *v)
{
	if (r->left < 4)
		return -1;
	*v = (uint32_t)r->p[0] << 24 | (uint32_t)r->p[1] << 16 | (uint32_t)r->p[2] << 8 | r->p[3];
	r->p += 4;
	r->left -= 4;
	return 0;
}

/* Points *s at the next string (not copied). */
static int
get_string(struct rd *r, const unsigned char **s, size_t *len)
{
	uint32_t n;

	if (get_u32(r, &n) < 0 || n > r->left)
		return -1;
	*s = r->p;
	*len = n;
	r->p += n;
	r->left -= n;
	return 0;
}

/* Whether the next string equals want. */
static int
get_string_eq(struct rd *r, const char *want)
{
	const unsigned char *s;
	size_t n;

	if (get_string(r, &s, &n) < 0)
		return 0;
	return n == strlen(want) && memcmp(s, want, n) == 0;
}

/* The public key blob: string "ssh-ed25519", string pub[32]. */
static void
put_pubkey_blob(struct strbuf *sb, const struct sshkey *k)
{
	put_cstring(sb, ED25519_TYPE);
	put_string(sb, k->pub, 32);
}

/* Parses a public key blob into a new key; NULL with err. */
static struct sshkey *
parse_pubkey_blob(const unsigned char *blob, size_t len, char *err, size_t errlen)
{
	struct rd r = { blob, len };
	const unsigned char *type, *pk;
	size_t tlen, plen;
	struct sshkey *k;

	if (get_string(&r, &type, &tlen) < 0) {
		snprintf(err, errlen, "malformed public key");
		return NULL;
	}
	if (tlen != strlen(ED25519_TYPE) || memcmp(type, ED25519_TYPE, tlen) != 0) {
		snprintf(err, errlen, "unsupported key type '%.*s' (only ssh-ed25519 is supported)",
		    (int)(tlen > 40 ? 40 : tlen), (const char *)type);
		for (char *p = err; *p; p++)
			if ((unsigned char)*p < 32 || (unsigned char)*p > 126)
				*p = '?';
		return NULL;
	}
	if (get_string(&r, &pk, &plen) < 0 || plen != 32 || r.left != 0) {
		snprintf(err, errlen, "malformed ssh-ed25519 public key");
		return NULL;
	}
	k = xcalloc(1, sizeof *k);
	memcpy(k->pub, pk, 32);
	k->comment = xstrdup("");
	return k;
}

/* ---- keys ---- */

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

	put_pubkey_blob(&sb, k);
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

	put_pubkey_blob(&sb, k);
	b64 = b64_encode(sb.buf, sb.len);
	out = xasprintf(ED25519_TYPE " %s", b64);
	free(b64);
	sb_free(&sb);
	return out;
}

struct sshkey *
sshkey_parse_public(const char *text, char *err, size_t errlen)
{
	const char *p = text, *b, *e;
	unsigned char *blob;
	size_t blen;
	struct sshkey *k;

	while (*p == ' ' || *p == '\t')
		p++;
	if (strncmp(p, ED25519_TYPE, strlen(ED25519_TYPE)) != 0 ||
	    (p[strlen(ED25519_TYPE)] != ' ' && p[strlen(ED25519_TYPE)] != '\t')) {
		snprintf(err, errlen, "not an ssh-ed25519 public key");
		return NULL;
	}
	b = p + strlen(ED25519_TYPE);
	while (*b == ' ' || *b == '\t')
		b++;
	for (e = b; *e != '\0' && *e != ' ' && *e != '\t' && *e != '\n' && *e != '\r'; e++)
		;
	if (b64_decode(b, (size_t)(e - b), &blob, &blen) < 0) {
		snprintf(err, errlen, "bad base64 in the public key");
		return NULL;
	}
	k = parse_pubkey_blob(blob, blen, err, errlen);
	free(blob);
	if (k != NULL) {
		while (*e == ' ' || *e == '\t')
			e++;
		free(k->comment);
		k->comment = xstrndup(e, strcspn(e, "\r\n"));
	}
	return k;
}

/* Wraps base64 of data at ARMOR_WIDTH between begin and end lines. */
static char *
armor(const char *begin, const char *end, const void *data, size_t len)
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

/*
 * Finds the text between begin and end lines and decodes it. Text before
 * the begin line or after the end line (white space only) is allowed.
 */
static int
dearmor(const char *text, size_t len, const char *begin, const char *end, unsigned char **out,
    size_t *outlen)
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

char *
sshkey_private_file(const struct sshkey *k, const char *comment)
{
	struct strbuf outer = STRBUF_INIT, priv = STRBUF_INIT;
	unsigned char both[64];
	uint32_t check;
	unsigned char pad = 1;
	char *text;

	if (RAND_bytes((unsigned char *)&check, sizeof check) != 1)
		fatal("no random bytes");
	put_u32(&priv, check);
	put_u32(&priv, check);
	put_cstring(&priv, ED25519_TYPE);
	put_string(&priv, k->pub, 32);
	memcpy(both, k->seed, 32);
	memcpy(both + 32, k->pub, 32);
	put_string(&priv, both, 64);
	xwipe(both, sizeof both);
	put_cstring(&priv, comment != NULL ? comment : "");
	while (priv.len % 8 != 0)
		sb_addc(&priv, (char)pad++);

	sb_add(&outer, KEY_MAGIC, sizeof KEY_MAGIC); /* with its NUL */
	put_cstring(&outer, "none");
	put_cstring(&outer, "none");
	put_cstring(&outer, "");
	put_u32(&outer, 1);
	{
		struct strbuf pb = STRBUF_INIT;

		put_pubkey_blob(&pb, k);
		put_string(&outer, pb.buf, pb.len);
		sb_free(&pb);
	}
	put_string(&outer, priv.buf, priv.len);
	text = armor(KEY_BEGIN, KEY_END, outer.buf, outer.len);
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
	struct rd r = { buf, len }, pr;
	const unsigned char *cipher, *kdf, *opts, *pubblob, *privsec, *pk, *sk, *comment;
	size_t clen, klen, olen, pblen, pslen, pklen, sklen, cmlen, i;
	uint32_t nkeys, c1, c2;
	struct sshkey *k = NULL, *pubk;
	unsigned char derived[32];

	if (len < sizeof KEY_MAGIC || memcmp(buf, KEY_MAGIC, sizeof KEY_MAGIC) != 0)
		goto bad;
	r.p += sizeof KEY_MAGIC;
	r.left -= sizeof KEY_MAGIC;
	if (get_string(&r, &cipher, &clen) < 0 || get_string(&r, &kdf, &klen) < 0 ||
	    get_string(&r, &opts, &olen) < 0 || get_u32(&r, &nkeys) < 0)
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
	if (get_string(&r, &pubblob, &pblen) < 0 || get_string(&r, &privsec, &pslen) < 0 || r.left != 0)
		goto bad;
	if ((pubk = parse_pubkey_blob(pubblob, pblen, err, errlen)) == NULL) {
		char why[256];

		snprintf(why, sizeof why, "%s", err);
		snprintf(err, errlen, "%s: %s", path, why);
		return NULL;
	}
	pr.p = privsec;
	pr.left = pslen;
	if (pslen % 8 != 0 || get_u32(&pr, &c1) < 0 || get_u32(&pr, &c2) < 0 || c1 != c2 ||
	    !get_string_eq(&pr, ED25519_TYPE) || get_string(&pr, &pk, &pklen) < 0 || pklen != 32 ||
	    get_string(&pr, &sk, &sklen) < 0 || sklen != 64 || get_string(&pr, &comment, &cmlen) < 0) {
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
	if (dearmor(text, len, KEY_BEGIN, KEY_END, &raw, &rawlen) < 0) {
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

/* ---- signatures ---- */

/* The bytes SSHSIG signs: magic, namespace, reserved, hash name, H(message). */
static void
signed_blob(struct strbuf *sb, const char *ns, const char *hashname, const unsigned char *md, size_t mdlen)
{
	sb_add(sb, SSHSIG_MAGIC, 6);
	put_cstring(sb, ns);
	put_cstring(sb, "");
	put_cstring(sb, hashname);
	put_string(sb, md, mdlen);
}

char *
sshsig_sign(const struct sshkey *k, const char *ns, const void *data, size_t len, char *err, size_t errlen)
{
	unsigned char md[64], sig[64];
	size_t siglen = sizeof sig;
	struct strbuf tbs = STRBUF_INIT, out = STRBUF_INIT, sigblob = STRBUF_INIT;
	EVP_PKEY *pk = NULL;
	EVP_MD_CTX *ctx = NULL;
	char *text = NULL;

	if (!k->has_private) {
		snprintf(err, errlen, "no private key to sign with");
		return NULL;
	}
	if (EVP_Digest(data, len, md, NULL, EVP_sha512(), NULL) != 1) {
		snprintf(err, errlen, "SHA-512 failed");
		return NULL;
	}
	signed_blob(&tbs, ns, "sha512", md, sizeof md);
	pk = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, k->seed, 32);
	ctx = EVP_MD_CTX_new();
	if (pk == NULL || ctx == NULL || EVP_DigestSignInit(ctx, NULL, NULL, NULL, pk) != 1 ||
	    EVP_DigestSign(ctx, sig, &siglen, (const unsigned char *)tbs.buf, tbs.len) != 1 ||
	    siglen != 64) {
		snprintf(err, errlen, "Ed25519 signing failed");
		goto out;
	}
	sb_add(&out, SSHSIG_MAGIC, 6);
	put_u32(&out, SSHSIG_VERSION);
	{
		struct strbuf pb = STRBUF_INIT;

		put_pubkey_blob(&pb, k);
		put_string(&out, pb.buf, pb.len);
		sb_free(&pb);
	}
	put_cstring(&out, ns);
	put_cstring(&out, "");
	put_cstring(&out, "sha512");
	put_cstring(&sigblob, ED25519_TYPE);
	put_string(&sigblob, sig, siglen);
	put_string(&out, sigblob.buf, sigblob.len);
	text = armor(SIG_BEGIN, SIG_END, out.buf, out.len);
out:
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(pk);
	sb_free(&tbs);
	sb_free(&out);
	sb_free(&sigblob);
	return text;
}

int
sshsig_verify(const char *armored, size_t alen, const char *ns, const void *data, size_t len,
    struct sshkey **signer, char *err, size_t errlen)
{
	unsigned char *raw = NULL, md[64];
	size_t rawlen, pblen, nslen, rlen, hlen, sblen, slen;
	const unsigned char *pb, *nsp, *res, *hash, *sb, *s;
	struct rd r, sr;
	uint32_t version;
	struct sshkey *k = NULL;
	const EVP_MD *mdalg;
	unsigned int mdlen = 0;
	struct strbuf tbs = STRBUF_INIT;
	EVP_PKEY *pk = NULL;
	EVP_MD_CTX *ctx = NULL;
	int rc = -1;

	if (signer != NULL)
		*signer = NULL;
	if (dearmor(armored, alen, SIG_BEGIN, SIG_END, &raw, &rawlen) < 0) {
		snprintf(err, errlen, "not an armored SSH signature");
		return -1;
	}
	r.p = raw;
	r.left = rawlen;
	if (rawlen < 6 || memcmp(raw, SSHSIG_MAGIC, 6) != 0) {
		snprintf(err, errlen, "not an SSHSIG signature");
		goto out;
	}
	r.p += 6;
	r.left -= 6;
	if (get_u32(&r, &version) < 0 || get_string(&r, &pb, &pblen) < 0 ||
	    get_string(&r, &nsp, &nslen) < 0 || get_string(&r, &res, &rlen) < 0 ||
	    get_string(&r, &hash, &hlen) < 0 || get_string(&r, &sb, &sblen) < 0 || r.left != 0) {
		snprintf(err, errlen, "malformed SSHSIG signature");
		goto out;
	}
	if (version != SSHSIG_VERSION) {
		snprintf(err, errlen, "unsupported SSHSIG version %u", version);
		goto out;
	}
	if (nslen != strlen(ns) || memcmp(nsp, ns, nslen) != 0) {
		snprintf(err, errlen, "signature is for another namespace, not \"%s\"", ns);
		goto out;
	}
	if (hlen == 6 && memcmp(hash, "sha512", 6) == 0)
		mdalg = EVP_sha512();
	else if (hlen == 6 && memcmp(hash, "sha256", 6) == 0)
		mdalg = EVP_sha256();
	else {
		snprintf(err, errlen, "unsupported signature hash algorithm");
		goto out;
	}
	if ((k = parse_pubkey_blob(pb, pblen, err, errlen)) == NULL)
		goto out;
	sr.p = sb;
	sr.left = sblen;
	if (!get_string_eq(&sr, ED25519_TYPE) || get_string(&sr, &s, &slen) < 0 || slen != 64 ||
	    sr.left != 0) {
		snprintf(err, errlen, "malformed ssh-ed25519 signature");
		goto out;
	}
	if (EVP_Digest(data, len, md, &mdlen, mdalg, NULL) != 1) {
		snprintf(err, errlen, "hashing failed");
		goto out;
	}
	tbs.len = 0;
	sb_add(&tbs, SSHSIG_MAGIC, 6);
	put_string(&tbs, nsp, nslen);
	put_string(&tbs, res, rlen);
	put_string(&tbs, hash, hlen);
	put_string(&tbs, md, mdlen);
	pk = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, k->pub, 32);
	ctx = EVP_MD_CTX_new();
	if (pk == NULL || ctx == NULL || EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, pk) != 1) {
		snprintf(err, errlen, "Ed25519 verification could not start");
		goto out;
	}
	if (EVP_DigestVerify(ctx, s, slen, (const unsigned char *)tbs.buf, tbs.len) != 1) {
		snprintf(err, errlen, "signature does not match the data");
		goto out;
	}
	rc = 0;
	if (signer != NULL) {
		*signer = k;
		k = NULL;
	}
out:
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(pk);
	sb_free(&tbs);
	sshkey_free(k);
	free(raw);
	return rc;
}

/* ---- allowed signers ---- */

/*
 * Splits off the next field of an allowed-signers line: up to white space
 * outside double quotes. Returns a new string or NULL at the end of the line.
 */
static char *
next_field(const char **pp)
{
	const char *p = *pp, *start;
	int quoted = 0;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0')
		return NULL;
	start = p;
	for (; *p != '\0'; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (!quoted && (*p == ' ' || *p == '\t'))
			break;
	}
	*pp = p;
	return xstrndup(start, (size_t)(p - start));
}

/* Whether any comma-separated pattern in list (quotes removed) matches s; "!pat" negates. */
static int
match_list(const char *list, const char *s)
{
	char *copy = xstrdup(list), *tok, *save = NULL, *q, *w;
	int matched = 0;

	for (q = w = copy; *q; q++)
		if (*q != '"')
			*w++ = *q;
	*w = '\0';
	for (tok = strtok_r(copy, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
		int neg = tok[0] == '!';

		if (fnmatch(neg ? tok + 1 : tok, s, 0) == 0) {
			if (neg) {
				matched = 0;
				break;
			}
			matched = 1;
		}
	}
	free(copy);
	return matched;
}

/* Parses an allowed-signers time (YYYYMMDD[HHMM[SS]][Z]); -1 when malformed. */
static int
parse_signer_time(const char *v, time_t *out)
{
	char buf[32];
	size_t n = strlen(v);
	int utc = 0;
	struct tm tm;
	const char *end;

	if (n > 0 && (v[n - 1] == 'Z' || v[n - 1] == 'z')) {
		utc = 1;
		n--;
	}
	if ((n != 8 && n != 12 && n != 14) || n >= sizeof buf)
		return -1;
	memcpy(buf, v, n);
	buf[n] = '\0';
	while (strlen(buf) < 14)
		strcat(buf, "0");
	memset(&tm, 0, sizeof tm);
	end = strptime(buf, "%Y%m%d%H%M%S", &tm);
	if (end == NULL || *end != '\0')
		return -1;
	if (utc)
		*out = timegm(&tm);
	else {
		tm.tm_isdst = -1;
		*out = mktime(&tm);
	}
	return 0;
}

/* The value of option name= in an options field (quotes removed), or NULL; caller frees. */
static char *
option_value(const char *opts, const char *name, int *present)
{
	const char *p = opts;
	size_t nl = strlen(name);

	*present = 0;
	while (*p != '\0') {
		const char *start = p;
		int quoted = 0;

		for (; *p != '\0'; p++) {
			if (*p == '"')
				quoted = !quoted;
			else if (!quoted && *p == ',')
				break;
		}
		if ((size_t)(p - start) >= nl && strncasecmp(start, name, nl) == 0 &&
		    (start + nl == p || start[nl] == '=')) {
			const char *v = start + nl;
			char *val;

			*present = 1;
			if (v == p)
				return NULL;
			v++;
			if (*v == '"' && p - v >= 2 && p[-1] == '"')
				val = xstrndup(v + 1, (size_t)(p - v - 2));
			else
				val = xstrndup(v, (size_t)(p - v));
			return val;
		}
		if (*p == ',')
			p++;
	}
	return NULL;
}

int
allowed_signers_find_buf(const char *name, const char *text, size_t len, const struct sshkey *key,
    const char *ns, time_t now, char **principals, char *err, size_t errlen)
{
	const char *p = text, *lim = text + len;

	/* malformed lines are skipped, as ssh-keygen does: nothing here fails */
	(void)name;
	(void)err;
	(void)errlen;
	*principals = NULL;
	while (p < lim) {
		const char *nl = memchr(p, '\n', (size_t)(lim - p));
		size_t ll = nl != NULL ? (size_t)(nl - p) : (size_t)(lim - p);
		char *line = xstrndup(p, ll), *f1 = NULL, *f2 = NULL, *opts = NULL, *keytext;
		const char *q = line;
		struct sshkey *k = NULL;
		char kerr[128];

		p += ll + (nl != NULL);
		line[strcspn(line, "\r")] = '\0';
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q == '\0' || *q == '#' || memchr(line, '\0', ll) != NULL)
			goto next;
		if ((f1 = next_field(&q)) == NULL || (f2 = next_field(&q)) == NULL)
			goto next;
		if (strcmp(f2, ED25519_TYPE) != 0 && strncmp(f2, "ssh-", 4) != 0 &&
		    strncmp(f2, "ecdsa-", 6) != 0 && strncmp(f2, "sk-", 3) != 0) {
			/* f2 is the options field; the key follows */
			opts = f2;
			f2 = next_field(&q);
			if (f2 == NULL)
				goto next;
		}
		keytext = xasprintf("%s%s", f2, q);
		k = sshkey_parse_public(keytext, kerr, sizeof kerr);
		free(keytext);
		if (k == NULL || !sshkey_equal(k, key))
			goto next;
		if (opts != NULL) {
			int present;
			char *v;
			time_t t;

			v = option_value(opts, "cert-authority", &present);
			free(v);
			if (present)
				goto next;
			v = option_value(opts, "namespaces", &present);
			if (present && (v == NULL || !match_list(v, ns))) {
				free(v);
				goto next;
			}
			free(v);
			v = option_value(opts, "valid-after", &present);
			if (present && (v == NULL || parse_signer_time(v, &t) < 0 || now < t)) {
				free(v);
				goto next;
			}
			free(v);
			v = option_value(opts, "valid-before", &present);
			if (present && (v == NULL || parse_signer_time(v, &t) < 0 || now > t)) {
				free(v);
				goto next;
			}
			free(v);
		}
		{
			char *c = f1, *w = f1;

			for (; *c; c++)
				if (*c != '"')
					*w++ = *c;
			*w = '\0';
		}
		*principals = f1;
		f1 = NULL;
		sshkey_free(k);
		free(f2);
		free(opts);
		free(line);
		return 1;
	next:
		sshkey_free(k);
		free(f1);
		free(f2);
		free(opts);
		free(line);
	}
	return 0;
}

int
allowed_signers_find(const char *path, const struct sshkey *key, const char *ns, time_t now,
    char **principals, char *err, size_t errlen)
{
	char *text;
	size_t len;
	int rc;

	*principals = NULL;
	if (file_read_all(path, 4u << 20, &text, &len, err, errlen) < 0)
		return -1;
	rc = allowed_signers_find_buf(path, text, len, key, ns, now, principals, err, errlen);
	free(text);
	return rc;
}
