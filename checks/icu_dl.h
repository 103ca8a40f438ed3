/*
 * icu_dl.h: ICU (libicuuc and libicui18n), opened on first use
 * (util/dlib.h says why): only the suspicious-domains check needs it, for
 * IDNA, case folding, scripts and the spoof checker (domains.c). The types
 * are ICU's own headers'; ICU renames every function with its version
 * (uspoof_open is uspoof_open_72), and the table's members and the names
 * looked up follow the same renaming. Every call goes through the table,
 * as in scan/clamav_dl.h.
 */
#ifndef REENTRY_CHECKS_ICU_DL_H
#define REENTRY_CHECKS_ICU_DL_H

#include <stddef.h>
#include <unicode/ucasemap.h>
#include <unicode/uidna.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>
#include <unicode/utypes.h>

#include "../util/dlib.h"

/* One pointer per ICU function reentry calls, named and typed as in ICU's headers. */
struct icu_dl {
	/* libicuuc */
	__typeof__(u_errorName) *u_errorName;
	__typeof__(ucasemap_open) *ucasemap_open;
	__typeof__(ucasemap_close) *ucasemap_close;
	__typeof__(ucasemap_utf8FoldCase) *ucasemap_utf8FoldCase;
	__typeof__(uidna_openUTS46) *uidna_openUTS46;
	__typeof__(uidna_close) *uidna_close;
	__typeof__(uidna_nameToASCII_UTF8) *uidna_nameToASCII_UTF8;
	__typeof__(uidna_nameToUnicodeUTF8) *uidna_nameToUnicodeUTF8;
	__typeof__(uscript_getScript) *uscript_getScript;
	__typeof__(uscript_getName) *uscript_getName;
	/* libicui18n */
	__typeof__(uspoof_open) *uspoof_open;
	__typeof__(uspoof_close) *uspoof_close;
	__typeof__(uspoof_setChecks) *uspoof_setChecks;
	__typeof__(uspoof_setRestrictionLevel) *uspoof_setRestrictionLevel;
	__typeof__(uspoof_getSkeletonUTF8) *uspoof_getSkeletonUTF8;
	__typeof__(uspoof_check2UTF8) *uspoof_check2UTF8;
};

/*
 * Opens ICU once per process (thread-safe) by the names the build found
 * (REENTRY_SONAME_ICUUC and REENTRY_SONAME_ICUI18N, "libicuuc.so.72" and
 * "libicui18n.so.72" on Debian 12). The table, valid until exit; or NULL
 * with the reason in err and ja (either may be NULL). A failure is
 * remembered.
 */
const struct icu_dl *icu_dl(char *err, size_t errlen, char *ja, size_t jalen);

/* For tests: the symbols of each library (libicuuc's, then libicui18n's). */
const struct dlib_sym *icu_dl_symbols_uc(size_t *n);
const struct dlib_sym *icu_dl_symbols_i18n(size_t *n);
/*
 * For tests: opens uc and i18n into a table of one's own, as
 * scan/clamav_dl.h's clamav_dl_open(); 0 with both handles open, or -1
 * with the reason and neither open.
 */
int icu_dl_open(const char *uc, const char *i18n, struct icu_dl *t, void **huc, void **hi18n,
    char *err, size_t errlen, char *ja, size_t jalen);
/* For tests: icu_dl() opens these instead of the built-in names. Only before its first call. */
void icu_dl_soname_set(const char *uc, const char *i18n);

#endif
