/*
 * sshkey.h: OpenSSH Ed25519 keys on libcrypto: generating, loading and
 * saving (openssh-key-v1, PROTOCOL.key), public key lines, fingerprints,
 * and the raw Ed25519 sign and verify that sshsig.c builds on. Keygen and
 * the UI use this module directly, as OpenSSH keeps sshkey.c apart from
 * sshsig.c.
 *
 * Only Ed25519 keys, and only unencrypted private keys: an encrypted key is
 * refused with a message saying how to make one reentry can use. A private
 * key file that group or others can read is refused. Private key material is
 * wiped from memory when a key is freed.
 *
 * Every function that can fail returns 0 (or a pointer) on success and -1
 * (or NULL) with a message in err. Nothing here prints.
 */
#ifndef REENTRY_SSHKEY_H
#define REENTRY_SSHKEY_H

#include <stddef.h>

#include "../util/strbuf.h"

#define SSHKEY_ED25519 "ssh-ed25519"
/* Length of an Ed25519 signature. */
#define SSHKEY_ED25519_SIGLEN 64

/* An Ed25519 key: always the public half, the private half when loaded from a private key. */
struct sshkey;

/* A new random key pair; caller frees. */
struct sshkey *sshkey_generate(char *err, size_t errlen);
/*
 * Loads an OpenSSH private key file (openssh-key-v1, ssh-ed25519, no
 * passphrase). Refuses a file group or others can read.
 */
struct sshkey *sshkey_load_private(const char *path, char *err, size_t errlen);
/* Parses "ssh-ed25519 BASE64 [comment]" (a .pub file or allowed-signers key). */
struct sshkey *sshkey_parse_public(const char *text, char *err, size_t errlen);
/* Frees k, wiping its private half. NULL is allowed. */
void sshkey_free(struct sshkey *k);
/* Whether a and b have the same public key. */
int sshkey_equal(const struct sshkey *a, const struct sshkey *b);
/* Whether k holds its private half. */
int sshkey_has_private(const struct sshkey *k);
/* The comment read from the key file ("" when none); valid while k lives. */
const char *sshkey_comment(const struct sshkey *k);

/* "SHA256:<base64 without padding>", as ssh-keygen -l prints; caller frees. */
char *sshkey_fingerprint(const struct sshkey *k);
/* "ssh-ed25519 BASE64" (no comment); caller frees. */
char *sshkey_public_line(const struct sshkey *k);
/* The text of an unencrypted openssh-key-v1 private key file; caller wipes and frees. */
char *sshkey_private_file(const struct sshkey *k, const char *comment);

/* Appends the public key blob (string "ssh-ed25519", string key) to sb. */
void sshkey_put_public_blob(struct strbuf *sb, const struct sshkey *k);
/* Parses a public key blob into a new key (caller frees); NULL with err. */
struct sshkey *sshkey_from_public_blob(const unsigned char *blob, size_t len, char *err, size_t errlen);

/* Ed25519 signature of len bytes with k's private half into sig. */
int sshkey_sign_raw(const struct sshkey *k, const void *data, size_t len,
    unsigned char sig[SSHKEY_ED25519_SIGLEN], char *err, size_t errlen);
/* 0 when sig (siglen bytes) is k's Ed25519 signature of data, else -1 with err. */
int sshkey_verify_raw(const struct sshkey *k, const unsigned char *sig, size_t siglen,
    const void *data, size_t len, char *err, size_t errlen);

#endif
