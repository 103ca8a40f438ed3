/*
 * icu_dl.c: ICU opened on first use, its table of functions (icu_dl.h).
 */
#include "icu_dl.h"

#include <dlfcn.h>
#include <pthread.h>

#if !defined(REENTRY_SONAME_ICUUC) || !defined(REENTRY_SONAME_ICUI18N)
#error "REENTRY_SONAME_ICUUC and REENTRY_SONAME_ICUI18N (ICU's SONAMEs) are set by the Makefile from the ICU development package"
#endif
#ifndef REENTRY_PACKAGE_ICUUC
#define REENTRY_PACKAGE_ICUUC ""
#endif
#ifndef REENTRY_PACKAGE_ICUI18N
#define REENTRY_PACKAGE_ICUI18N ""
#endif

static const struct dlib_sym icu_syms_uc[] = {
	DLIB_SYM(struct icu_dl, u_errorName),
	DLIB_SYM(struct icu_dl, ucasemap_open),
	DLIB_SYM(struct icu_dl, ucasemap_close),
	DLIB_SYM(struct icu_dl, ucasemap_utf8FoldCase),
	DLIB_SYM(struct icu_dl, uidna_openUTS46),
	DLIB_SYM(struct icu_dl, uidna_close),
	DLIB_SYM(struct icu_dl, uidna_nameToASCII_UTF8),
	DLIB_SYM(struct icu_dl, uidna_nameToUnicodeUTF8),
	DLIB_SYM(struct icu_dl, uscript_getScript),
	DLIB_SYM(struct icu_dl, uscript_getName),
};

static const struct dlib_sym icu_syms_i18n[] = {
	DLIB_SYM(struct icu_dl, uspoof_open),
	DLIB_SYM(struct icu_dl, uspoof_close),
	DLIB_SYM(struct icu_dl, uspoof_setChecks),
	DLIB_SYM(struct icu_dl, uspoof_setRestrictionLevel),
	DLIB_SYM(struct icu_dl, uspoof_getSkeletonUTF8),
	DLIB_SYM(struct icu_dl, uspoof_check2UTF8),
};

static pthread_once_t icu_once = PTHREAD_ONCE_INIT;
static const char *icu_soname_uc = REENTRY_SONAME_ICUUC;
static const char *icu_soname_i18n = REENTRY_SONAME_ICUI18N;
static struct icu_dl icu_table;
static struct dlib_load icu_load_state;

const struct dlib_sym *
icu_dl_symbols_uc(size_t *n)
{
	*n = sizeof icu_syms_uc / sizeof icu_syms_uc[0];
	return icu_syms_uc;
}

const struct dlib_sym *
icu_dl_symbols_i18n(size_t *n)
{
	*n = sizeof icu_syms_i18n / sizeof icu_syms_i18n[0];
	return icu_syms_i18n;
}

int
icu_dl_open(const char *uc, const char *i18n, struct icu_dl *t, void **huc, void **hi18n, char *err,
    size_t errlen, char *ja, size_t jalen)
{
	static const char *const for_en = "judging domain names", *const for_ja = "ドメイン名の判定";

	*hi18n = NULL;
	if (dlib_open(uc, REENTRY_PACKAGE_ICUUC, for_en, for_ja, icu_syms_uc,
	        sizeof icu_syms_uc / sizeof icu_syms_uc[0], t, huc, err, errlen, ja, jalen) < 0)
		return -1;
	if (dlib_open(i18n, REENTRY_PACKAGE_ICUI18N, for_en, for_ja, icu_syms_i18n,
	        sizeof icu_syms_i18n / sizeof icu_syms_i18n[0], t, hi18n, err, errlen, ja, jalen) < 0) {
		dlclose(*huc);
		*huc = NULL;
		return -1;
	}
	return 0;
}

void
icu_dl_soname_set(const char *uc, const char *i18n)
{
	icu_soname_uc = uc;
	icu_soname_i18n = i18n;
}

/* The one load; the handles are kept for the process's life. */
static void
icu_load(void)
{
	void *huc, *hi18n;

	icu_load_state.ok = icu_dl_open(icu_soname_uc, icu_soname_i18n, &icu_table, &huc, &hi18n,
	                        icu_load_state.err, sizeof icu_load_state.err, icu_load_state.ja,
	                        sizeof icu_load_state.ja) == 0;
}

const struct icu_dl *
icu_dl(char *err, size_t errlen, char *ja, size_t jalen)
{
	pthread_once(&icu_once, icu_load);
	return dlib_load_result(&icu_load_state, &icu_table, err, errlen, ja, jalen);
}
