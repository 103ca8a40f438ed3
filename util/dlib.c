/*
 * dlib.c: opening a library on first use and filling its table of
 * function pointers (dlib.h).
 */
#include "dlib.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* POSIX makes a data pointer from dlsym() usable as a function pointer; the table relies on the same size. */
_Static_assert(sizeof(void *) == sizeof(void (*)(void)), "function and data pointers differ in size");

/*
 * Writes the reason a library could not be loaded, in both languages. The
 * loader's own message (detail_en) is English: the Japanese form gives its
 * gist (detail_ja) instead.
 */
static void
dlib_error(const char *soname, const char *package, const char *for_en, const char *for_ja,
    const char *detail_en, const char *detail_ja, char *err, size_t errlen, char *ja, size_t jalen)
{
	int pkg = package != NULL && package[0] != '\0';

	if (err != NULL && errlen > 0)
		(void)snprintf(err, errlen, "cannot load %s (needed for %s): %s%s%s", soname,
		    for_en, detail_en, pkg ? "; install the package " : "", pkg ? package : "");
	if (ja != NULL && jalen > 0)
		(void)snprintf(ja, jalen, "%sに必要な %s を読み込めません（%s）%s%s", for_ja, soname,
		    detail_ja, pkg ? "。次のパッケージを入れてください: " : "", pkg ? package : "");
}

int
dlib_open(const char *soname, const char *package, const char *for_en, const char *for_ja,
    const struct dlib_sym *syms, size_t nsyms, void *table, void **handle, char *err, size_t errlen,
    char *ja, size_t jalen)
{
	void *h, **addr;
	const char *why;
	size_t i;

	*handle = NULL;
	dlerror();
	if ((h = dlopen(soname, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		why = dlerror();
		dlib_error(soname, package, for_en, for_ja, why != NULL ? why : "not found",
		    "見つからないか、壊れています", err, errlen, ja, jalen);
		return -1;
	}
	addr = xcalloc(nsyms > 0 ? nsyms : 1, sizeof *addr);
	for (i = 0; i < nsyms; i++) {
		dlerror();
		if ((addr[i] = dlsym(h, syms[i].name)) == NULL) {
			char en[512], jp[512];

			why = dlerror();
			why = why != NULL ? why : "a null address";
			(void)snprintf(en, sizeof en, "it has no function %s (%s)", syms[i].name, why);
			(void)snprintf(jp, sizeof jp,
			    "関数 %s がありません。版が合っていない可能性があります", syms[i].name);
			dlib_error(soname, package, for_en, for_ja, en, jp, err, errlen, ja, jalen);
			free(addr);
			dlclose(h);
			return -1;
		}
	}
	/* only a complete table is written */
	for (i = 0; i < nsyms; i++)
		memcpy((char *)table + syms[i].offset, &addr[i], sizeof addr[i]);
	free(addr);
	*handle = h;
	return 0;
}

const void *
dlib_load_result(const struct dlib_load *l, const void *table, char *err, size_t errlen, char *ja,
    size_t jalen)
{
	if (l->ok)
		return table;
	if (err != NULL && errlen > 0)
		(void)snprintf(err, errlen, "%s", l->err);
	if (ja != NULL && jalen > 0)
		(void)snprintf(ja, jalen, "%s", l->ja);
	return NULL;
}
