/*
 * allowed_signers.h: the allowed-signers file of ssh-keygen(1) (section
 * ALLOWED SIGNERS), read exactly as `ssh-keygen -Y verify -f FILE` reads
 * it, so a key reentry accepts for a report is one stock OpenSSH accepts
 * for the same file, principal and namespace, and the other way round.
 *
 * A line is "principals [options] key [comment]". Principals are a
 * comma-separated list of patterns ('*' and '?', '!' negates); options are
 * cert-authority, namespaces="...", valid-after="..." and valid-before="..."
 * (YYYYMMDD[HHMM[SS]] in local time, or UTC with a Z or UTC suffix), each
 * value in double quotes. A line ssh-keygen refuses (unknown or repeated
 * option, unquoted value, bad time, no key, ...) is refused here with the
 * same effect: that line never allows a key, and the rest of the file still
 * counts (ssh-keygen logs the line and goes on). The refusals are returned
 * as "FILE:LINE: reason" lines so the caller can show them.
 *
 * Keys of other types (RSA, ECDSA, security keys) are recognised by name
 * and checked for their base64 and type string only; they can never match
 * an Ed25519 signer. cert-authority lines never match either: reentry's
 * signatures are never made with certificates.
 *
 * Nothing here prints.
 */
#ifndef REENTRY_ALLOWED_SIGNERS_H
#define REENTRY_ALLOWED_SIGNERS_H

#include <stddef.h>
#include <time.h>

#include "sshkey.h"

/* What to look for. */
struct signer_query {
	const struct sshkey *key; /* the signer; NULL only collects the refused lines */
	const char *principal;    /* must match a line's principals (-I); NULL: any */
	const char *ns;           /* the signature's namespace (-n); NULL: any */
	time_t now;               /* the time the key must be valid at */
};

/* What the lookup found; the strings are the caller's (allowed_signers_match_clear()). */
struct signer_match {
	char *principals;   /* principals of the first line that allows the key */
	unsigned long line; /* its line number */
	char *refused;      /* "FILE:LINE: reason\n" for each refused line, NULL when none */
	char *not_allowed;  /* why the last line with this key did not allow it, or NULL */
};
void allowed_signers_match_clear(struct signer_match *m);

/*
 * Looks q->key up in the allowed-signers file at path. Returns 1 when a
 * line allows it (m->principals, m->line set), 0 when none does, -1 when
 * the file cannot be read (err says why). m->refused is filled either way.
 */
int allowed_signers_find(const char *path, const struct signer_query *q, struct signer_match *m,
    char *err, size_t errlen);
/*
 * Reads the file at path as allowed_signers_find() does (the same size
 * limit), for a caller that looks up many keys: *text is new (caller frees).
 * 0, or -1 with err.
 */
int allowed_signers_read(const char *path, char **text, size_t *len, char *err, size_t errlen);
/* The same for the text of such a file; name is used in messages. Never -1. */
int allowed_signers_find_buf(const char *name, const char *text, size_t len,
    const struct signer_query *q, struct signer_match *m);

/*
 * OpenSSH's pattern list match: 1 when s matches one of the comma-separated
 * patterns and none of the negated ones, -1 when a negated one matches, 0
 * otherwise.
 */
int allowed_signers_match_list(const char *s, const char *patterns);

#endif
