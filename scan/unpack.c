/*
 * unpack.c: archives libclamav cannot open, opened with libarchive.
 *
 * libclamav 1.4 does not look inside zip64 archives (zip64.c). libarchive
 * reads them, so such an archive is opened here from the bytes libclamav
 * handed to its inspection callback, and every member is read into memory
 * and scanned by libclamav on its own, with the same engine, options and
 * limits: a member over the file size limit, more members than the file
 * count limit, more bytes than the scan size limit, an encrypted member, a
 * member libarchive cannot read, or one nested deeper than the recursion
 * limit makes the archive unscannable. An archive counts as clean only when
 * every member was scanned clean; the first detection ends the work.
 */
#include "scan_int.h"

#include <archive.h>
#include <archive_entry.h>
#include <clamav.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "archive_dl.h"
#include "clamav_dl.h"
#include "../util/xalloc.h"

/* Milliseconds since t0. */
static long long
unpack_ms_since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long long)(now.tv_sec - t0->tv_sec) * 1000 + (now.tv_nsec - t0->tv_nsec) / 1000000;
}

/* Why the work must stop now (cancel, time limit), or NULL. */
static const char *
unpack_stop(const struct scan_fctx *fc)
{
	if (fc->cancel != NULL && atomic_load(fc->cancel))
		return "cancelled";
	if (fc->max_time_ms > 0 && unpack_ms_since(&fc->t0) > fc->max_time_ms)
		return "scanning took longer than the time limit";
	return NULL;
}

/* Sets fc's note once (the first reason stands); takes note. */
static void
unpack_note(struct scan_fctx *fc, char *note)
{
	if (fc->limit_note == NULL)
		fc->limit_note = note;
	else
		free(note);
}

/*
 * Reads the current member (at most limit + 1 bytes) into *data; returns
 * its length, or -1 with err set from libarchive.
 */
static long long
unpack_read(const struct archive_dl *la, struct archive *a, long long limit, unsigned char **data,
    const struct scan_fctx *fc)
{
	size_t cap = 1 << 16, len = 0;
	unsigned char *buf = xmalloc(cap);

	for (;;) {
		la_ssize_t n;

		if (unpack_stop(fc) != NULL)
			break;
		if (len == cap) {
			cap *= 2;
			buf = xreallocarray(buf, cap, 1);
		}
		n = la->archive_read_data(a, buf + len, cap - len);
		if (n < 0) {
			free(buf);
			*data = NULL;
			return -1;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if ((long long)len > limit)
			break;
	}
	*data = buf;
	return (long long)len;
}

void
scan_unpack_zip(const struct scan_engine *e, const void *buf, size_t len, struct scan_fctx *fc)
{
	struct archive *a;
	struct archive_entry *ent;
	uint64_t members = 0, total = 0;
	const struct clamav_dl *lc = clamav_dl(NULL, 0, NULL, 0); /* loaded: e is a libclamav engine */
	const struct archive_dl *la;
	const char *stop;
	char why[768];
	int rc;

	if (fc->unpack_depth >= e->max_recursion && e->max_recursion > 0) {
		unpack_note(fc,
		    xasprintf("zip64 archives nested deeper than the recursion limit (%lld); "
		              "the innermost was not opened",
		        e->max_recursion));
		return;
	}
	/* libarchive is opened here, on the first zip64 archive (archive_dl.h) */
	if ((la = archive_dl(why, sizeof why, NULL, 0)) == NULL || lc == NULL) {
		unpack_note(fc,
		    xasprintf("zip64 archive: not opened: %s",
		        la == NULL ? why : "libclamav is not loaded"));
		return;
	}
	if ((a = la->archive_read_new()) == NULL)
		fatal("out of memory");
	la->archive_read_support_format_zip(a);
	if (la->archive_read_open_memory(a, buf, len) != ARCHIVE_OK) {
		unpack_note(fc,
		    xasprintf("zip64 archive: libarchive cannot open it: %s",
		        la->archive_error_string(a) != NULL ? la->archive_error_string(a) : "?"));
		la->archive_read_free(a);
		return;
	}
	while ((rc = la->archive_read_next_header(a, &ent)) == ARCHIVE_OK || rc == ARCHIVE_WARN) {
		const char *name = la->archive_entry_pathname(ent) != NULL ?
		    la->archive_entry_pathname(ent) :
		    "?";
		long long size = la->archive_entry_size_is_set(ent) ?
		    (long long)la->archive_entry_size(ent) :
		    -1;
		struct cl_scan_options so;
		struct scan_fctx sub;
		unsigned char *data;
		const char *virname = NULL;
		unsigned long scanned = 0;
		cl_fmap_t *map;
		char *what = NULL;
		long long n;
		enum scan_outcome out;

		if (la->archive_entry_filetype(ent) != AE_IFREG)
			continue;
		if ((stop = unpack_stop(fc)) != NULL) {
			unpack_note(fc, xasprintf("zip64 archive: %s before member '%s'", stop, name));
			break;
		}
		if (e->max_files > 0 && (long long)++members > e->max_files) {
			unpack_note(fc,
			    xasprintf("zip64 archive: more files inside than the file count "
			              "limit (%lld)",
			        e->max_files));
			break;
		}
		if (la->archive_entry_is_encrypted(ent)) {
			unpack_note(fc,
			    xasprintf("zip64 archive: member '%s' is encrypted, its contents "
			              "cannot be scanned",
			        name));
			continue;
		}
		if (e->max_filesize > 0 && size > e->max_filesize) {
			unpack_note(fc,
			    xasprintf("zip64 archive: member '%s' (%lld bytes) is larger than "
			              "the file size limit; not scanned",
			        name, size));
			continue;
		}
		if ((n = unpack_read(la, a, e->max_filesize > 0 ? e->max_filesize : (1LL << 31),
		         &data, fc)) < 0) {
			unpack_note(fc,
			    xasprintf("zip64 archive: member '%s' cannot be read: %s", name,
			        la->archive_error_string(a) != NULL ? la->archive_error_string(a) : "?"));
			continue;
		}
		if ((stop = unpack_stop(fc)) != NULL) {
			unpack_note(fc, xasprintf("zip64 archive: %s in member '%s'", stop, name));
			free(data);
			break;
		}
		if (e->max_filesize > 0 && n > e->max_filesize) {
			unpack_note(fc,
			    xasprintf("zip64 archive: member '%s' is larger than the file size "
			              "limit; not scanned",
			        name));
			free(data);
			continue;
		}
		total += (uint64_t)n;
		if (e->max_scansize > 0 && (long long)total > e->max_scansize) {
			unpack_note(fc,
			    xasprintf("zip64 archive: more data inside than the scan size "
			              "limit (%lld bytes)",
			        e->max_scansize));
			free(data);
			break;
		}
		/* the member, scanned on its own with the same engine and limits */
		sub = *fc;
		sub.virname = NULL;
		sub.limit_note = NULL;
		sub.inner_virname = NULL;
		sub.unpack_depth = fc->unpack_depth + 1;
		sub.unpacked = 0;
		scan_engine_options(&so);
		if (n == 0)
			out = SCAN_OUT_CLEAN;
		else if ((map = lc->cl_fmap_open_memory(data, (size_t)n)) == NULL) {
			out = SCAN_OUT_UNSCANNABLE;
			what = xstrdup("libclamav cannot map it");
		} else {
			cl_error_t crc = lc->cl_scanmap_callback(map, name, &virname, &scanned,
			    e->cl, &so, &sub);

			lc->cl_fmap_close(map);
			out = scan_engine_outcome(crc, virname, &sub, &what);
		}
		free(data);
		free(sub.virname);
		free(sub.limit_note);
		free(sub.inner_virname);
		if (out == SCAN_OUT_INFECTED) {
			free(fc->inner_virname);
			fc->inner_virname = what;
			la->archive_read_free(a);
			return;
		}
		if (out == SCAN_OUT_UNSCANNABLE)
			unpack_note(fc,
			    xasprintf("zip64 archive: member '%s': %s", name,
			        what != NULL ? what : "not scanned"));
		free(what);
		if (out == SCAN_OUT_CANCELLED)
			break;
	}
	if (rc != ARCHIVE_EOF && rc != ARCHIVE_OK && rc != ARCHIVE_WARN)
		unpack_note(fc,
		    xasprintf("zip64 archive: libarchive could not read it to the end: %s",
		        la->archive_error_string(a) != NULL ? la->archive_error_string(a) : "?"));
	la->archive_read_free(a);
}
