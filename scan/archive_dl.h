/*
 * archive_dl.h: libarchive, opened on first use (util/dlib.h says why).
 * Only zip64 archives, which libclamav cannot look inside, need it
 * (unpack.c). The types are archive.h's own; every call goes through the
 * table, as in clamav_dl.h.
 */
#ifndef REENTRY_SCAN_ARCHIVE_DL_H
#define REENTRY_SCAN_ARCHIVE_DL_H

#include <archive.h>
#include <archive_entry.h>
#include <stddef.h>

#include "../util/dlib.h"

/* One pointer per libarchive function reentry calls, named and typed as in archive.h. */
struct archive_dl {
	__typeof__(archive_read_new) *archive_read_new;
	__typeof__(archive_read_support_format_zip) *archive_read_support_format_zip;
	__typeof__(archive_read_open_memory) *archive_read_open_memory;
	__typeof__(archive_read_next_header) *archive_read_next_header;
	__typeof__(archive_read_data) *archive_read_data;
	__typeof__(archive_read_free) *archive_read_free;
	__typeof__(archive_error_string) *archive_error_string;
	__typeof__(archive_entry_pathname) *archive_entry_pathname;
	__typeof__(archive_entry_size_is_set) *archive_entry_size_is_set;
	__typeof__(archive_entry_size) *archive_entry_size;
	__typeof__(archive_entry_filetype) *archive_entry_filetype;
	__typeof__(archive_entry_is_encrypted) *archive_entry_is_encrypted;
};

/*
 * Opens libarchive once per process (thread-safe) by the name the build
 * found (REENTRY_SONAME_ARCHIVE, "libarchive.so.13" on Debian 12). The
 * table, valid until exit; or NULL with the reason in err and ja (either
 * may be NULL). A failure is remembered.
 */
const struct archive_dl *archive_dl(char *err, size_t errlen, char *ja, size_t jalen);

/* For tests: the symbols, and opening soname into a table of one's own (as clamav_dl.h). */
const struct dlib_sym *archive_dl_symbols(size_t *n);
int archive_dl_open(const char *soname, struct archive_dl *t, void **handle, char *err,
    size_t errlen, char *ja, size_t jalen);
/* For tests: archive_dl() opens soname instead of the built-in name. Only before its first call. */
void archive_dl_soname_set(const char *soname);

#endif
