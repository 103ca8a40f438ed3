/*
 * clamav_dl.c: libclamav opened on first use, its table of functions
 * (clamav_dl.h).
 */
#include "clamav_dl.h"

#include <pthread.h>

#ifndef REENTRY_SONAME_CLAMAV
#error "REENTRY_SONAME_CLAMAV (libclamav's SONAME) is set by the Makefile from the libclamav development package"
#endif
#ifndef REENTRY_PACKAGE_CLAMAV
#define REENTRY_PACKAGE_CLAMAV ""
#endif

static const struct dlib_sym clamav_syms[] = {
	DLIB_SYM(struct clamav_dl, cl_init),
	DLIB_SYM(struct clamav_dl, cl_set_clcb_msg),
	DLIB_SYM(struct clamav_dl, cl_strerror),
	DLIB_SYM(struct clamav_dl, cl_retver),
	DLIB_SYM(struct clamav_dl, cl_retdbdir),
	DLIB_SYM(struct clamav_dl, cl_cvdhead),
	DLIB_SYM(struct clamav_dl, cl_cvdparse),
	DLIB_SYM(struct clamav_dl, cl_cvdfree),
	DLIB_SYM(struct clamav_dl, cl_engine_new),
	DLIB_SYM(struct clamav_dl, cl_engine_free),
	DLIB_SYM(struct clamav_dl, cl_engine_compile),
	DLIB_SYM(struct clamav_dl, cl_engine_set_num),
	DLIB_SYM(struct clamav_dl, cl_engine_get_num),
	DLIB_SYM(struct clamav_dl, cl_engine_set_str),
	DLIB_SYM(struct clamav_dl, cl_engine_set_clcb_sigload_progress),
	DLIB_SYM(struct clamav_dl, cl_engine_set_clcb_engine_compile_progress),
	DLIB_SYM(struct clamav_dl, cl_engine_set_clcb_pre_scan),
	DLIB_SYM(struct clamav_dl, cl_engine_set_clcb_virus_found),
	DLIB_SYM(struct clamav_dl, cl_engine_set_clcb_meta),
	DLIB_SYM(struct clamav_dl, cl_engine_set_clcb_file_inspection),
	DLIB_SYM(struct clamav_dl, cl_load),
	DLIB_SYM(struct clamav_dl, cl_scandesc_callback),
	DLIB_SYM(struct clamav_dl, cl_scanmap_callback),
	DLIB_SYM(struct clamav_dl, cl_fmap_open_handle),
	DLIB_SYM(struct clamav_dl, cl_fmap_open_memory),
	DLIB_SYM(struct clamav_dl, cl_fmap_close),
};

static pthread_once_t clamav_once = PTHREAD_ONCE_INIT;
static const char *clamav_soname = REENTRY_SONAME_CLAMAV;
static struct clamav_dl clamav_table;
static struct dlib_load clamav_load_state;

const struct dlib_sym *
clamav_dl_symbols(size_t *n)
{
	*n = sizeof clamav_syms / sizeof clamav_syms[0];
	return clamav_syms;
}

int
clamav_dl_open(const char *soname, struct clamav_dl *t, void **handle, char *err, size_t errlen,
    char *ja, size_t jalen)
{
	return dlib_open(soname, REENTRY_PACKAGE_CLAMAV, "scanning for malware",
	    "マルウェアのスキャン", clamav_syms, sizeof clamav_syms / sizeof clamav_syms[0], t,
	    handle, err, errlen, ja, jalen);
}

void
clamav_dl_soname_set(const char *soname)
{
	clamav_soname = soname;
}

/* The one load; the handle is kept for the process's life. */
static void
clamav_load(void)
{
	void *h;

	clamav_load_state.ok = clamav_dl_open(clamav_soname, &clamav_table, &h,
	                           clamav_load_state.err, sizeof clamav_load_state.err,
	                           clamav_load_state.ja, sizeof clamav_load_state.ja) == 0;
}

const struct clamav_dl *
clamav_dl(char *err, size_t errlen, char *ja, size_t jalen)
{
	pthread_once(&clamav_once, clamav_load);
	return dlib_load_result(&clamav_load_state, &clamav_table, err, errlen, ja, jalen);
}
