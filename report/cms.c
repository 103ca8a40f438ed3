/*
 * cms.c: the optional detached CMS (PKCS#7) signature of a report, for
 * sites with an X.509 PKI. DER, made with libcrypto's CMS_sign in binary
 * mode so the exact bytes are signed; `openssl cms -verify -binary -inform
 * DER -content REPORT.json` checks it.
 */
#include "report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

/* The last libcrypto error as text. */
static const char *
ossl_reason(void)
{
	unsigned long e = ERR_peek_last_error();
	const char *r = e != 0 ? ERR_reason_error_string(e) : NULL;

	return r != NULL ? r : "unknown error";
}

int
report_cms_sign(const char *cert_path, const char *key_path, const void *data, size_t len,
    unsigned char **der, size_t *derlen, char *err, size_t errlen)
{
	BIO *cb = NULL, *kb = NULL, *in = NULL;
	X509 *cert = NULL;
	EVP_PKEY *key = NULL;
	CMS_ContentInfo *cms = NULL;
	unsigned char *out = NULL;
	struct stat st;
	int n, rc = -1;

	*der = NULL;
	*derlen = 0;
	ERR_clear_error();
	if ((cb = BIO_new_file(cert_path, "r")) == NULL ||
	    (cert = PEM_read_bio_X509(cb, NULL, NULL, NULL)) == NULL) {
		snprintf(err, errlen, "%s: cannot read the CMS certificate (%s)", cert_path,
		    ossl_reason());
		goto out;
	}
	if (stat(key_path, &st) < 0) {
		snprintf(err, errlen, "%s: %s", key_path, strerror(errno));
		goto out;
	}
	if ((st.st_mode & 077) != 0) {
		snprintf(err, errlen,
		    "%s: private key is accessible by group or others (mode %04o); "
		    "run chmod 600 on it",
		    key_path, (unsigned)(st.st_mode & 07777));
		goto out;
	}
	/* an empty passphrase callback: encrypted keys fail instead of prompting */
	if ((kb = BIO_new_file(key_path, "r")) == NULL ||
	    (key = PEM_read_bio_PrivateKey(kb, NULL, NULL, (void *)"")) == NULL) {
		snprintf(err, errlen,
		    "%s: cannot read the CMS private key (%s); it must be PEM "
		    "without a passphrase",
		    key_path, ossl_reason());
		goto out;
	}
	if (X509_check_private_key(cert, key) != 1) {
		snprintf(err, errlen, "%s: the key does not belong to the certificate %s", key_path,
		    cert_path);
		goto out;
	}
	if (len > INT32_MAX || (in = BIO_new_mem_buf(data, (int)len)) == NULL)
		goto oom;
	cms = CMS_sign(cert, key, NULL, in, CMS_DETACHED | CMS_BINARY);
	if (cms == NULL) {
		snprintf(err, errlen, "CMS signing failed (%s)", ossl_reason());
		goto out;
	}
	if ((n = i2d_CMS_ContentInfo(cms, &out)) <= 0)
		goto oom;
	*der = malloc((size_t)n);
	if (*der == NULL)
		goto oom;
	memcpy(*der, out, (size_t)n);
	*derlen = (size_t)n;
	rc = 0;
	goto out;
oom:
	snprintf(err, errlen, "CMS signing failed (%s)", ossl_reason());
out:
	OPENSSL_free(out);
	CMS_ContentInfo_free(cms);
	EVP_PKEY_free(key);
	X509_free(cert);
	BIO_free(cb);
	BIO_free(kb);
	BIO_free(in);
	return rc;
}
