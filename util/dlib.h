/*
 * dlib.h: a shared library opened on first use, its functions reached
 * through a table of typed pointers.
 *
 * Loading and relocating libclamav, libpq, libarchive and ICU (and the
 * dozens of libraries they bring: Kerberos, LDAP, GnuTLS, libxml2,
 * libstdc++...) was half of the CPU time from start to the first screen,
 * which needs none of them. So they are not linked: each has one small
 * module in the layer that uses it (scan/clamav_dl.c, scan/archive_dl.c,
 * checks/icu_dl.c, fleet/pq_dl.c) that declares a struct of function
 * pointers with the types of the library's own header, lists the symbols
 * with DLIB_SYM(), and opens the library once (pthread_once) by its run-time
 * name (SONAME), which the Makefile reads from the development package at
 * build time. This file holds what those modules share.
 *
 * Nothing here prints or exits: a library that cannot be loaded is an error
 * message in English and Japanese that the caller shows (a check gives
 * unknown with it, never pass).
 */
#ifndef REENTRY_UTIL_DLIB_H
#define REENTRY_UTIL_DLIB_H

#include <stddef.h>

/* One function a library must provide: its exported name and where its address goes. */
struct dlib_sym {
	const char *name; /* after the header's renaming macros (ICU's uspoof_open is uspoof_open_72) */
	size_t offset; /* of its pointer in the table */
};

#define DLIB_STR_(x) #x
#define DLIB_STR(x) DLIB_STR_(x)
/*
 * The entry for the table member named after the function it holds
 * (struct clamav_dl's cl_init holds cl_init). The name is macro-expanded
 * first, so a library that renames its functions in its header (ICU)
 * is looked up by the name it exports.
 */
#define DLIB_SYM(table, fn)                                                                        \
	{                                                                                          \
		DLIB_STR(fn), offsetof(table, fn)                                                  \
	}

/*
 * Opens soname with dlopen(RTLD_NOW | RTLD_LOCAL) and stores the address of
 * each of the nsyms symbols in syms at its offset in table (every member a
 * function pointer). Returns 0 with *handle set: the library stays loaded
 * for the process's life. Returns -1 when the library cannot be opened or
 * lacks one of the symbols, with nothing left open, table untouched and
 * the reason in err (English) and ja (Japanese; either may be NULL): the
 * library, what it is needed for (for_en, for_ja), the loader's message,
 * and the package to install (package, NULL or "" when not known).
 */
int dlib_open(const char *soname, const char *package, const char *for_en, const char *for_ja,
    const struct dlib_sym *syms, size_t nsyms, void *table, void **handle, char *err, size_t errlen,
    char *ja, size_t jalen);

/*
 * The outcome of a module's one load (set in its pthread_once routine):
 * whether it succeeded, else the reason in both languages.
 */
struct dlib_load {
	int ok;
	char err[768], ja[768];
};

/*
 * What a module's getter returns after its pthread_once(): table when the
 * load succeeded, else NULL with the reason copied into err and ja (either
 * may be NULL).
 */
const void *dlib_load_result(const struct dlib_load *l, const void *table, char *err, size_t errlen,
    char *ja, size_t jalen);

#endif
