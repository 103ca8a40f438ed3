/*
 * auditcache.h: what an earlier `reentry audit` established about a
 * report's bytes, kept in a file of the auditor's own state directory, so
 * the next audit of the same directory parses and verifies only the reports
 * that are new or changed.
 *
 * An entry is keyed by the SHA-256 of the report file and the SHA-256 of its
 * signature file, both computed from the bytes read in this audit, and
 * holds only what depends on nothing but those bytes: that the signature
 * held, the document matched the schema and named its signer, the signing
 * key, and the audit's slim copy of the document. Whether the key is
 * allowed (the allowed-signers file and the time) and whether the manifest
 * beside the report is intact are checked again on every audit, cached or
 * not. A report whose bytes changed has another key, so it is verified in
 * full; an entry whose line does not match the SHA-256 written beside it,
 * does not parse, or whose key does not match the fingerprint in its
 * document is not used. A file that is not a regular file owned by the
 * auditor and writable by nobody else, or whose header names another
 * format or another version of reentry, is not read at all.
 *
 * The file (docs/scale.md, "The audit's cache"):
 *
 *   reentry-audit-cache 1 VERSION
 *   SHA256 SIG_SHA256 LINE_SHA256 {"key":"ssh-ed25519 ...","report":{...}}
 *   ...
 *
 * It is written atomically (auditcache_write()), mode 0600, and holds the
 * reports of one directory (the last audit's), so it does not grow with
 * the directories audited; the directory of caches keeps the 8 most recent
 * (and drops temporary files a killed audit left, once a day old).
 * Nothing here prints.
 */
#ifndef REENTRY_AUDITCACHE_H
#define REENTRY_AUDITCACHE_H

#include <stddef.h>

#include "../sign/sshkey.h"
#include "../util/json.h"

struct auditcache;

/*
 * Reads the cache file at path. Never fails: a file that is absent or not
 * usable gives an empty cache that auditcache_stale() reports. Caller frees.
 */
struct auditcache *auditcache_load(const char *path);
void auditcache_free(struct auditcache *c);

/*
 * The entry for the report with these SHA-256s (lowercase hex), each given
 * out once: 0 with *report (the slim document) and *signer, both the
 * caller's; -1 when there is none or it is not usable. Safe to call from
 * several threads at once.
 */
int auditcache_take(struct auditcache *c, const char *sha256, const char *sig_sha256,
    struct json **report, struct sshkey **signer);

/* Whether the file should be written again: unusable, a bad line, or an entry not taken. */
int auditcache_stale(const struct auditcache *c);

/* One entry to write. */
struct auditcache_entry {
	const char *sha256, *sig_sha256;
	const char *key;           /* the signer's public key line */
	const struct json *report; /* the slim document */
};
/*
 * Replaces the file at path with these entries (creating its directory,
 * mode 0700), then removes the oldest other caches in that directory past
 * the 8 most recent, and temporary files there older than a day. 0, or -1
 * with err.
 */
int auditcache_write(const char *path, const struct auditcache_entry *e, size_t n, char *err,
    size_t errlen);

/* The cache file for report directory dir under state_dir, or NULL when dir does not resolve. */
char *auditcache_path(const char *state_dir, const char *dir);

#endif
