/*
 * sshsig.c: SSHSIG signatures (sshsig.h), written from OpenSSH's published
 * format description (PROTOCOL.sshsig): the signed blob is the magic, the
 * namespace, a reserved string, the hash name and H(message), and the
 * armored signature wraps the version, public key, the same fields and
 * the key's signature.
 */
#include "sshsig.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "../util/xalloc.h"
#include "sshbuf.h"

#define SSHSIG_MAGIC "SSHSIG"
#define SSHSIG_VERSION 1
#define SIG_BEGIN "-----BEGIN SSH SIGNATURE-----"
#define SIG_END "-----END SSH SIGNATURE-----"

/* The bytes SSHSIG signs: magic, namespace, reserved, hash name, H(message). */
static void
signed_blob(struct strbuf *sb, const void *ns, size_t nslen, const void *res, size_t rlen,
    const void *hashname, size_t hlen, const unsigned char *md, size_t mdlen)
{
	sb_add(sb, SSHSIG_MAGIC, 6);
	sshbuf_put_string(sb, ns, nslen);
	sshbuf_put_string(sb, res, rlen);
	sshbuf_put_string(sb, hashname, hlen);
	sshbuf_put_string(sb, md, mdlen);
}

char *
sshsig_sign(const struct sshkey *k, const char *ns, const void *data, size_t len, char *err, size_t errlen)
{
	unsigned char md[64], sig[SSHKEY_ED25519_SIGLEN];
	struct strbuf tbs = STRBUF_INIT, out = STRBUF_INIT, sigblob = STRBUF_INIT, pb = STRBUF_INIT;
	char *text = NULL;

	if (!sshkey_has_private(k)) {
		snprintf(err, errlen, "no private key to sign with");
		return NULL;
	}
	if (EVP_Digest(data, len, md, NULL, EVP_sha512(), NULL) != 1) {
		snprintf(err, errlen, "SHA-512 failed");
		return NULL;
	}
	signed_blob(&tbs, ns, strlen(ns), "", 0, "sha512", 6, md, sizeof md);
	if (sshkey_sign_raw(k, tbs.buf, tbs.len, sig, err, errlen) < 0)
		goto out;
	sb_add(&out, SSHSIG_MAGIC, 6);
	sshbuf_put_u32(&out, SSHSIG_VERSION);
	sshkey_put_public_blob(&pb, k);
	sshbuf_put_string(&out, pb.buf, pb.len);
	sshbuf_put_cstring(&out, ns);
	sshbuf_put_cstring(&out, "");
	sshbuf_put_cstring(&out, "sha512");
	sshbuf_put_cstring(&sigblob, SSHKEY_ED25519);
	sshbuf_put_string(&sigblob, sig, sizeof sig);
	sshbuf_put_string(&out, sigblob.buf, sigblob.len);
	text = sshbuf_armor(SIG_BEGIN, SIG_END, out.buf, out.len);
out:
	sb_free(&pb);
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
	struct sshbuf_reader r, sr;
	uint32_t version;
	struct sshkey *k = NULL;
	const EVP_MD *mdalg;
	unsigned int mdlen = 0;
	struct strbuf tbs = STRBUF_INIT;
	int rc = -1;

	if (signer != NULL)
		*signer = NULL;
	if (sshbuf_dearmor(armored, alen, SIG_BEGIN, SIG_END, &raw, &rawlen) < 0) {
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
	if (sshbuf_get_u32(&r, &version) < 0 || sshbuf_get_string(&r, &pb, &pblen) < 0 ||
	    sshbuf_get_string(&r, &nsp, &nslen) < 0 || sshbuf_get_string(&r, &res, &rlen) < 0 ||
	    sshbuf_get_string(&r, &hash, &hlen) < 0 || sshbuf_get_string(&r, &sb, &sblen) < 0 ||
	    r.left != 0) {
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
	if ((k = sshkey_from_public_blob(pb, pblen, err, errlen)) == NULL)
		goto out;
	sr.p = sb;
	sr.left = sblen;
	if (!sshbuf_get_string_eq(&sr, SSHKEY_ED25519) || sshbuf_get_string(&sr, &s, &slen) < 0 ||
	    slen != SSHKEY_ED25519_SIGLEN || sr.left != 0) {
		snprintf(err, errlen, "malformed ssh-ed25519 signature");
		goto out;
	}
	if (EVP_Digest(data, len, md, &mdlen, mdalg, NULL) != 1) {
		snprintf(err, errlen, "hashing failed");
		goto out;
	}
	signed_blob(&tbs, nsp, nslen, res, rlen, hash, hlen, md, mdlen);
	if (sshkey_verify_raw(k, s, slen, tbs.buf, tbs.len, err, errlen) < 0)
		goto out;
	rc = 0;
	if (signer != NULL) {
		*signer = k;
		k = NULL;
	}
out:
	sb_free(&tbs);
	sshkey_free(k);
	free(raw);
	return rc;
}
