/*
 * passhash.h: passphrases kept as PBKDF2-SHA256 hashes (the kiosk's
 * administrator passphrase). Nothing here prints or exits.
 */
#ifndef REENTRY_PASSHASH_H
#define REENTRY_PASSHASH_H

/* "pbkdf2-sha256$ITER$SALTHEX$HASHHEX" for pass; caller frees; NULL on failure. */
char *passhash_make(const char *pass, unsigned iter);
/* 1 when pass matches hash, 0 when not, -1 when hash is malformed. */
int passhash_check(const char *hash, const char *pass);

#endif
