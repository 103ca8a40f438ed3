/*
 * sshsig.h: SSHSIG signatures, as `ssh-keygen -Y sign` makes them
 * (OpenSSH's PROTOCOL.sshsig), with Ed25519 keys (sshkey.h).
 *
 * Reports are signed this way so an auditor checks them with stock OpenSSH
 * (`ssh-keygen -Y verify`) and an allowed-signers file (allowed_signers.h);
 * signatures made by ssh-keygen verify here too. The format is summarised
 * in docs/report-format.md.
 *
 * Every function that can fail returns 0 (or a pointer) on success and -1
 * (or NULL) with a message in err. Nothing here prints.
 */
#ifndef REENTRY_SSHSIG_H
#define REENTRY_SSHSIG_H

#include <stddef.h>

#include "sshkey.h"

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

#endif
