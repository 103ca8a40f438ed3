/*
 * fuzz_allowed_signers.c: libFuzzer target for the allowed-signers parser
 * (sign/allowed_signers.c). Each input is a whole file, looked up for a
 * fixed key with and without a required principal. Besides memory errors it
 * checks what the parser promises: a match names its line and principals,
 * and the refused-line messages hold no control bytes but their newlines.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../sign/allowed_signers.h"
#include "../sign/sshkey.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The key the seeds list (fuzz/seeds/fuzz_allowed_signers). */
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

/* Aborts when a promise of allowed_signers_find_buf() is broken. */
static void
check(int r, const struct signer_match *m)
{
	const char *p;

	if (r != 0 && r != 1)
		abort();
	if (r == 1 && (m->principals == NULL || m->line == 0 || m->not_allowed != NULL))
		abort();
	if (r == 0 && m->principals != NULL)
		abort();
	for (p = m->refused; p != NULL && *p != '\0'; p++)
		if (((unsigned char)*p < 32 && *p != '\n') || *p == 127)
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct signer_query q = { fixed_key(), NULL, "reentry-report", 1800000000 };
	struct signer_match m;
	int r;

	r = allowed_signers_find_buf("fuzz", text, size, &q, &m);
	check(r, &m);
	allowed_signers_match_clear(&m);
	q.principal = "alice@example.jp";
	q.ns = NULL;
	r = allowed_signers_find_buf("fuzz", text, size, &q, &m);
	check(r, &m);
	allowed_signers_match_clear(&m);
	return 0;
}
