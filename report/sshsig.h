/*
 * sshsig.h: OpenSSH Ed25519 keys and SSHSIG signatures, on libcrypto.
 *
 * Reports are signed the way `ssh-keygen -Y sign` signs a file, so an
 * auditor checks them with stock OpenSSH (`ssh-keygen -Y verify`) and an
 * allowed-signers file; signatures made by ssh-keygen verify here too. The
 * formats (OpenSSH's PROTOCOL.sshsig, PROTOCOL.key and the allowed-signers
 * section of ssh-keygen(1)) are summarised in docs/report-format.md.
 *
 * Only Ed25519 keys, and only unencrypted private keys: an encrypted key is
 * refused with a message saying how to make one reentry can use. A private
 * key file that group or others can read is refused. Private key material is
 * wiped from memory when a key is freed.
 *
 * Every function that can fail returns 0 (or a pointer) on success and -1
 * (or NULL) with a message in err. Nothing here prints.
 */
#ifndef REENTRY_SSHSIG_H
#define REENTRY_SSHSIG_H

#include <stddef.h>
#include <time.h>

/* The namespace reports are signed in. */
#define REPORT_SIG_NAMESPACE "reentry-report"

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
/* The comment read from the key file ("" when none). */
const char *sshkey_comment(const struct sshkey *k);

/* "SHA256:<base64 without padding>", as ssh-keygen -l prints; caller frees. */
char *sshkey_fingerprint(const struct sshkey *k);
/* "ssh-ed25519 BASE64" (no comment); caller frees. */
char *sshkey_public_line(const struct sshkey *k);
/* The text of an unencrypted openssh-key-v1 private key file; caller wipes and frees. */
char *sshkey_private_file(const struct sshkey *k, const char *comment);

/*
 * Signs len bytes as ssh-keygen -Y sign -n ns would (hash sha512) and
 * returns the armored signature ("-----BEGIN SSH SIGNATURE-----...");
 * caller frees.
 */
char *sshsig_sign(const struct sshkey *k, const char *ns, const void *data, size_t len, char *err,
    size_t errlen);
/*
 * Verifies an armored SSHSIG over len bytes in namespace ns. On success
 * *signer (when not NULL) is the signing public key (caller frees). Fails
 * for a malformed signature, another namespace, an unsupported key or hash,
 * or a signature that does not match.
 */
int sshsig_verify(const char *armored, size_t alen, const char *ns, const void *data, size_t len,
    struct sshkey **signer, char *err, size_t errlen);

/*
 * Looks key up in an allowed-signers file (ssh-keygen(1) ALLOWED SIGNERS)
 * for namespace ns at time now. Returns 1 and the matching line's
 * principals in *principals (caller frees) when a line allows it, 0 when
 * none does, -1 when the file cannot be read (err says why). Lines marked
 * cert-authority are ignored (certificates are not supported); namespaces=,
 * valid-after= and valid-before= are honoured.
 */
int allowed_signers_find(const char *path, const struct sshkey *key, const char *ns, time_t now,
    char **principals, char *err, size_t errlen);
/* The same for the text of such a file (name is used in messages). */
int allowed_signers_find_buf(const char *name, const char *text, size_t len, const struct sshkey *key,
    const char *ns, time_t now, char **principals, char *err, size_t errlen);

/* Standard base64 of len bytes (no line breaks); caller frees. */
char *b64_encode(const void *data, size_t len);
/*
 * Decodes standard base64, ignoring ASCII white space; -1 for anything else
 * malformed. *out is a new buffer (caller frees).
 */
int b64_decode(const char *text, size_t len, unsigned char **out, size_t *outlen);

#endif
