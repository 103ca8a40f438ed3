/*
 * pq_dl.c: libpq opened on first use, its table of functions
 * (pq_dl.h).
 */
#include "pq_dl.h"

#include <pthread.h>

#ifndef REENTRY_SONAME_PQ
#error "REENTRY_SONAME_PQ (libpq's SONAME) is set by the Makefile from the libpq development package"
#endif
#ifndef REENTRY_PACKAGE_PQ
#define REENTRY_PACKAGE_PQ ""
#endif

static const struct dlib_sym pq_syms[] = {
	DLIB_SYM(struct pq_dl, PQconninfoParse),
	DLIB_SYM(struct pq_dl, PQconninfoFree),
	DLIB_SYM(struct pq_dl, PQfreemem),
	DLIB_SYM(struct pq_dl, PQconnectdb),
	DLIB_SYM(struct pq_dl, PQstatus),
	DLIB_SYM(struct pq_dl, PQerrorMessage),
	DLIB_SYM(struct pq_dl, PQsetNoticeProcessor),
	DLIB_SYM(struct pq_dl, PQfinish),
	DLIB_SYM(struct pq_dl, PQexec),
	DLIB_SYM(struct pq_dl, PQexecParams),
	DLIB_SYM(struct pq_dl, PQresultStatus),
	DLIB_SYM(struct pq_dl, PQclear),
	DLIB_SYM(struct pq_dl, PQnfields),
	DLIB_SYM(struct pq_dl, PQntuples),
	DLIB_SYM(struct pq_dl, PQfname),
	DLIB_SYM(struct pq_dl, PQgetisnull),
	DLIB_SYM(struct pq_dl, PQgetvalue),
};

static pthread_once_t pq_once = PTHREAD_ONCE_INIT;
static const char *pq_soname = REENTRY_SONAME_PQ;
static struct pq_dl pq_table;
static struct dlib_load pq_load_state;

const struct dlib_sym *
pq_dl_symbols(size_t *n)
{
	*n = sizeof pq_syms / sizeof pq_syms[0];
	return pq_syms;
}

int
pq_dl_open(const char *soname, struct pq_dl *t, void **handle, char *err, size_t errlen, char *ja,
    size_t jalen)
{
	return dlib_open(soname, REENTRY_PACKAGE_PQ, "a fleet database in PostgreSQL",
	    "PostgreSQL の fleet データベース", pq_syms, sizeof pq_syms / sizeof pq_syms[0], t,
	    handle, err, errlen, ja, jalen);
}

void
pq_dl_soname_set(const char *soname)
{
	pq_soname = soname;
}

/* The one load; the handle is kept for the process's life. */
static void
pq_load(void)
{
	void *h;

	pq_load_state.ok = pq_dl_open(pq_soname, &pq_table, &h, pq_load_state.err,
	                       sizeof pq_load_state.err, pq_load_state.ja, sizeof pq_load_state.ja) == 0;
}

const struct pq_dl *
pq_dl(char *err, size_t errlen, char *ja, size_t jalen)
{
	pthread_once(&pq_once, pq_load);
	return dlib_load_result(&pq_load_state, &pq_table, err, errlen, ja, jalen);
}
