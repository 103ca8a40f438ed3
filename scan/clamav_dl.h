/*
 * clamav_dl.h: libclamav, opened on first use (util/dlib.h says why).
 *
 * The types are clamav.h's own; every call goes through the table:
 *
 *	const struct clamav_dl *lc = clamav_dl(err, sizeof err, ja, sizeof ja);
 *	if (lc == NULL)
 *		... show err / ja: the scan cannot run ...
 *	lc->cl_init(CL_INIT_DEFAULT);
 *
 * A caller that holds a compiled engine knows the library is loaded and may
 * pass NULL for the messages.
 */
#ifndef REENTRY_SCAN_CLAMAV_DL_H
#define REENTRY_SCAN_CLAMAV_DL_H

#include <clamav.h>
#include <stddef.h>

#include "../util/dlib.h"

/* One pointer per libclamav function reentry calls, named and typed as in clamav.h. */
struct clamav_dl {
	__typeof__(cl_init) *cl_init;
	__typeof__(cl_set_clcb_msg) *cl_set_clcb_msg;
	__typeof__(cl_strerror) *cl_strerror;
	__typeof__(cl_retver) *cl_retver;
	__typeof__(cl_retdbdir) *cl_retdbdir;
	__typeof__(cl_cvdhead) *cl_cvdhead;
	__typeof__(cl_cvdparse) *cl_cvdparse;
	__typeof__(cl_cvdfree) *cl_cvdfree;
	__typeof__(cl_engine_new) *cl_engine_new;
	__typeof__(cl_engine_free) *cl_engine_free;
	__typeof__(cl_engine_compile) *cl_engine_compile;
	__typeof__(cl_engine_set_num) *cl_engine_set_num;
	__typeof__(cl_engine_get_num) *cl_engine_get_num;
	__typeof__(cl_engine_set_str) *cl_engine_set_str;
	__typeof__(cl_engine_set_clcb_sigload_progress) *cl_engine_set_clcb_sigload_progress;
	__typeof__(cl_engine_set_clcb_engine_compile_progress) *cl_engine_set_clcb_engine_compile_progress;
	__typeof__(cl_engine_set_clcb_pre_scan) *cl_engine_set_clcb_pre_scan;
	__typeof__(cl_engine_set_clcb_virus_found) *cl_engine_set_clcb_virus_found;
	__typeof__(cl_engine_set_clcb_meta) *cl_engine_set_clcb_meta;
	__typeof__(cl_engine_set_clcb_file_inspection) *cl_engine_set_clcb_file_inspection;
	__typeof__(cl_load) *cl_load;
	__typeof__(cl_scandesc_callback) *cl_scandesc_callback;
	__typeof__(cl_scanmap_callback) *cl_scanmap_callback;
	__typeof__(cl_fmap_open_handle) *cl_fmap_open_handle;
	__typeof__(cl_fmap_open_memory) *cl_fmap_open_memory;
	__typeof__(cl_fmap_close) *cl_fmap_close;
};

/*
 * Opens libclamav once per process (thread-safe) by the name the build
 * found (REENTRY_SONAME_CLAMAV, "libclamav.so.12" on Debian 12). The
 * table, valid until exit; or NULL with the reason in err and ja (English
 * and Japanese, either may be NULL). A failure is remembered: later calls
 * give the same reason without trying again.
 */
const struct clamav_dl *clamav_dl(char *err, size_t errlen, char *ja, size_t jalen);

/* For tests. The symbols the table is filled from (*n of them). */
const struct dlib_sym *clamav_dl_symbols(size_t *n);
/*
 * For tests. Opens soname into t, apart from clamav_dl()'s table and
 * without remembering anything: 0 with *handle open (the caller may
 * dlclose() it), or -1 with the reason as clamav_dl() gives it.
 */
int clamav_dl_open(const char *soname, struct clamav_dl *t, void **handle, char *err, size_t errlen,
    char *ja, size_t jalen);
/*
 * For tests of what a missing library does to its callers: clamav_dl()
 * opens soname instead of the built-in name. Only before its first call.
 */
void clamav_dl_soname_set(const char *soname);

#endif
