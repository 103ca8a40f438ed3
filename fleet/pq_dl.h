/*
 * pq_dl.h: libpq, opened on first use (util/dlib.h says why): only a
 * fleet database at a postgresql:// URL needs it (db.c). The types are
 * libpq-fe.h's own; every call goes through the table, as in
 * scan/clamav_dl.h.
 */
#ifndef REENTRY_FLEET_PQ_DL_H
#define REENTRY_FLEET_PQ_DL_H

#include <libpq-fe.h>
#include <stddef.h>

#include "../util/dlib.h"

/* One pointer per libpq function reentry calls, named and typed as in libpq-fe.h. */
struct pq_dl {
	__typeof__(PQconninfoParse) *PQconninfoParse;
	__typeof__(PQconninfoFree) *PQconninfoFree;
	__typeof__(PQfreemem) *PQfreemem;
	__typeof__(PQconnectdb) *PQconnectdb;
	__typeof__(PQstatus) *PQstatus;
	__typeof__(PQerrorMessage) *PQerrorMessage;
	__typeof__(PQsetNoticeProcessor) *PQsetNoticeProcessor;
	__typeof__(PQfinish) *PQfinish;
	__typeof__(PQexec) *PQexec;
	__typeof__(PQexecParams) *PQexecParams;
	__typeof__(PQresultStatus) *PQresultStatus;
	__typeof__(PQclear) *PQclear;
	__typeof__(PQnfields) *PQnfields;
	__typeof__(PQntuples) *PQntuples;
	__typeof__(PQfname) *PQfname;
	__typeof__(PQgetisnull) *PQgetisnull;
	__typeof__(PQgetvalue) *PQgetvalue;
};

/*
 * Opens libpq once per process (thread-safe) by the name the build found
 * (REENTRY_SONAME_PQ, "libpq.so.5" on Debian 12). The table, valid until
 * exit; or NULL with the reason in err and ja (either may be NULL). A
 * failure is remembered.
 */
const struct pq_dl *pq_dl(char *err, size_t errlen, char *ja, size_t jalen);

/* For tests: the symbols, and opening soname into a table of one's own (as scan/clamav_dl.h). */
const struct dlib_sym *pq_dl_symbols(size_t *n);
int pq_dl_open(const char *soname, struct pq_dl *t, void **handle, char *err, size_t errlen,
    char *ja, size_t jalen);
/* For tests: pq_dl() opens soname instead of the built-in name. Only before its first call. */
void pq_dl_soname_set(const char *soname);

#endif
