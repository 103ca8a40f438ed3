/*
 * allowed_signers.h: looking a key up in an OpenSSH allowed-signers file
 * (ssh-keygen(1), ALLOWED SIGNERS), the trust list `ssh-keygen -Y verify -f`
 * reads.
 *
 * Returns 1, 0 or -1 as documented below; principals returned are the
 * caller's to free. Nothing here prints.
 */
#ifndef REENTRY_ALLOWED_SIGNERS_H
#define REENTRY_ALLOWED_SIGNERS_H

#include <stddef.h>
#include <time.h>

#include "sshkey.h"

/*
 * Looks key up in an allowed-signers file for namespace ns at time now.
 * Returns 1 and the matching line's principals in *principals (caller
 * frees) when a line allows it, 0 when none does, -1 when the file cannot
 * be read (err says why). Lines marked cert-authority are ignored
 * (certificates are not supported); namespaces=, valid-after= and
 * valid-before= are honoured.
 */
int allowed_signers_find(const char *path, const struct sshkey *key, const char *ns, time_t now,
    char **principals, char *err, size_t errlen);
/* The same for the text of such a file (name is used in messages). */
int allowed_signers_find_buf(const char *name, const char *text, size_t len, const struct sshkey *key,
    const char *ns, time_t now, char **principals, char *err, size_t errlen);

#endif
