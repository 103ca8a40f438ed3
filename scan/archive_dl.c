/*
 * archive_dl.c: libarchive opened on first use, its table of functions
 * (archive_dl.h).
 */
#include "archive_dl.h"

#include <pthread.h>

#ifndef REENTRY_SONAME_ARCHIVE
#error "REENTRY_SONAME_ARCHIVE (libarchive's SONAME) is set by the Makefile from the libarchive development package"
#endif
#ifndef REENTRY_PACKAGE_ARCHIVE
#define REENTRY_PACKAGE_ARCHIVE ""
#endif

static const struct dlib_sym archive_syms[] = {
	DLIB_SYM(struct archive_dl, archive_read_new),
	DLIB_SYM(struct archive_dl, archive_read_support_format_zip),
	DLIB_SYM(struct archive_dl, archive_read_open_memory),
	DLIB_SYM(struct archive_dl, archive_read_next_header),
	DLIB_SYM(struct archive_dl, archive_read_data),
	DLIB_SYM(struct archive_dl, archive_read_free),
	DLIB_SYM(struct archive_dl, archive_error_string),
	DLIB_SYM(struct archive_dl, archive_entry_pathname),
	DLIB_SYM(struct archive_dl, archive_entry_size_is_set),
	DLIB_SYM(struct archive_dl, archive_entry_size),
	DLIB_SYM(struct archive_dl, archive_entry_filetype),
	DLIB_SYM(struct archive_dl, archive_entry_is_encrypted),
};

static pthread_once_t archive_once = PTHREAD_ONCE_INIT;
static const char *archive_soname = REENTRY_SONAME_ARCHIVE;
static struct archive_dl archive_table;
static struct dlib_load archive_load_state;

const struct dlib_sym *
archive_dl_symbols(size_t *n)
{
	*n = sizeof archive_syms / sizeof archive_syms[0];
	return archive_syms;
}

int
archive_dl_open(const char *soname, struct archive_dl *t, void **handle, char *err, size_t errlen,
    char *ja, size_t jalen)
{
	return dlib_open(soname, REENTRY_PACKAGE_ARCHIVE, "looking inside zip64 archives",
	    "zip64 アーカイブの中身のスキャン", archive_syms,
	    sizeof archive_syms / sizeof archive_syms[0], t, handle, err, errlen, ja, jalen);
}

void
archive_dl_soname_set(const char *soname)
{
	archive_soname = soname;
}

/* The one load; the handle is kept for the process's life. */
static void
archive_load(void)
{
	void *h;

	archive_load_state.ok = archive_dl_open(archive_soname, &archive_table, &h,
	                            archive_load_state.err, sizeof archive_load_state.err,
	                            archive_load_state.ja, sizeof archive_load_state.ja) == 0;
}

const struct archive_dl *
archive_dl(char *err, size_t errlen, char *ja, size_t jalen)
{
	pthread_once(&archive_once, archive_load);
	return dlib_load_result(&archive_load_state, &archive_table, err, errlen, ja, jalen);
}
