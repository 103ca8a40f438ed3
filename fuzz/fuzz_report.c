/*
 * fuzz_report.c: libFuzzer target for everything that reads a report or
 * its signature: the report JSON parser and schema check (and, for inputs
 * that pass, the HTML, text and CSV writers), the SSHSIG armor and blob
 * parser, the allowed-signers parser, base64 and public key lines. The
 * first byte picks the parser; the rest is its input.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../report/report.h"
#include "../sign/sshbuf.h"
#include "../util/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A fixed key for the allowed-signers lookups. */
static struct sshkey *
fixed_key(void)
{
	static struct sshkey *k;
	char err[128];

	if (k == NULL)
		k = sshkey_parse_public(
		    "ssh-ed25519 "
		    "AAAAC3NzaC1lZDI1NTE5AAAAICdVperwkNdekrQCVrnmgmSddKIHc+RgMVb97bhk2mtt",
		    err, sizeof err);
	return k;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text;
	char err[512];
	size_t len;

	if (size < 1)
		return 0;
	text = (const char *)data + 1;
	len = size - 1;
	switch (data[0] % 4) {
	case 0: {
		struct json *r = report_parse(text, len, err, sizeof err);

		if (r != NULL) {
			char *h = report_html(r), *t = report_text(r),
			     *c = report_csv_row(r, "f", "good");

			free(h);
			free(t);
			free(c);
			json_free(r);
		}
		break;
	}
	case 1: {
		struct sshkey *signer = NULL;

		if (sshsig_verify(text, len, REPORT_SIG_NAMESPACE, "x", 1, &signer, err, sizeof err) == 0)
			abort(); /* a signature over "x" cannot come from the fuzzer */
		sshkey_free(signer);
		break;
	}
	case 2: {
		struct signer_query q = { fixed_key(), NULL, REPORT_SIG_NAMESPACE, 0 };
		struct signer_match m;

		allowed_signers_find_buf("fuzz", text, len, &q, &m);
		allowed_signers_match_clear(&m);
		break;
	}
	case 3: {
		unsigned char *out;
		size_t n;
		char *s = xstrndup(text, len);
		struct sshkey *k = sshkey_parse_public(s, err, sizeof err);

		sshkey_free(k);
		if (b64_decode(text, len, &out, &n) == 0)
			free(out);
		free(s);
		break;
	}
	}
	return 0;
}
