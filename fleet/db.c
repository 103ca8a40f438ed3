/*
 * db.c: the two database back ends behind fleet/db.h: SQLite through
 * sqlite3 and PostgreSQL through libpq, each with text parameters and text
 * results, and a transaction that takes the write lock at its start.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "db.h"
#include "pq_dl.h"
#include "../util/strbuf.h"
#include "../util/xalloc.h"

struct fleet_db {
	enum fleet_dialect dialect;
	sqlite3 *lite;
	PGconn *pg;
	const struct pq_dl *pq; /* libpq's functions, loaded for a PostgreSQL database */
	char *password;         /* the connection's password, scrubbed from every message; owned */
};

void
fleet_rows_clear(struct fleet_rows *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->ncols; i++)
		free(r->names[i]);
	for (i = 0; i < r->nrows * r->ncols; i++)
		free(r->values[i]);
	free(r->names);
	free(r->values);
	memset(r, 0, sizeof *r);
}

const char *
fleet_rows_get(const struct fleet_rows *r, size_t i, size_t j)
{
	if (r == NULL || i >= r->nrows || j >= r->ncols)
		return NULL;
	return r->values[i * r->ncols + j];
}

/* Copies msg into err with every occurrence of the password replaced by "***". */
static void
db_error(const struct fleet_db *db, char *err, size_t errlen, const char *what, const char *msg)
{
	struct strbuf sb = { 0 };
	const char *p, *hit;
	size_t n;
	char *s;

	sb_addf(&sb, "%s: %s", what, msg != NULL ? msg : "unknown error");
	s = sb_detach(&sb);
	/* trailing newlines from libpq */
	n = strlen(s);
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
	if (db != NULL && db->password != NULL && db->password[0] != '\0') {
		struct strbuf out = { 0 };

		for (p = s; (hit = strstr(p, db->password)) != NULL; p = hit + strlen(db->password)) {
			sb_add(&out, p, (size_t)(hit - p));
			sb_adds(&out, "***");
		}
		sb_adds(&out, p);
		free(s);
		s = sb_detach(&out);
	}
	if (errlen > 0)
		snprintf(err, errlen, "%s", s);
	free(s);
}

static int
is_pg_url(const char *url)
{
	return strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0 ||
	    strcmp(url, "postgresql:") == 0;
}

/* libpq's notices ("relation already exists, skipping") are not for the user. */
static void
pg_quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

char *
fleet_db_redact(const char *url)
{
	const char *scheme, *at, *colon, *q, *start;
	struct strbuf sb = { 0 };

	if (url == NULL)
		return xstrdup("");
	if (!is_pg_url(url))
		return xstrdup(url);
	scheme = strstr(url, "://");
	start = scheme != NULL ? scheme + 3 : url + strlen(url);
	at = strchr(start, '@');
	q = strchr(start, '?');
	if (at != NULL && (q == NULL || at < q) &&
	    (colon = memchr(start, ':', (size_t)(at - start))) != NULL) {
		sb_add(&sb, url, (size_t)(colon - url) + 1);
		sb_adds(&sb, "***");
		sb_adds(&sb, at);
	} else
		sb_adds(&sb, url);
	/* password=... in the query string */
	{
		char *s = sb_detach(&sb), *p;
		struct strbuf out = { 0 };
		const char *rest = s;

		while ((p = strstr(rest, "password=")) != NULL &&
		    (p == s || p[-1] == '?' || p[-1] == '&')) {
			sb_add(&out, rest, (size_t)(p - rest) + 9);
			sb_adds(&out, "***");
			rest = p + 9 + strcspn(p + 9, "&");
		}
		sb_adds(&out, rest);
		free(s);
		return sb_detach(&out);
	}
}

/*
 * Write-ahead logging, so readers never wait for a collector. Switching a
 * new file to it needs a moment without other writers, and SQLite answers
 * "busy" at once rather than through the busy handler: try for a while.
 */
static int
lite_wal(struct fleet_db *db, char *err, size_t errlen)
{
	struct timespec pause = { 0, 50 * 1000 * 1000 };
	int i;

	for (i = 0; i < 400; i++) {
		sqlite3_stmt *st = NULL;
		int rc = sqlite3_prepare_v2(db->lite, "PRAGMA journal_mode = WAL", -1, &st, NULL);
		int wal = 0;

		if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
			const unsigned char *m = sqlite3_column_text(st, 0);

			wal = m != NULL && strcmp((const char *)m, "wal") == 0;
		}
		sqlite3_finalize(st);
		if (wal)
			return 0;
		nanosleep(&pause, NULL);
	}
	db_error(db, err, errlen, "SQLite", "could not switch to write-ahead logging (busy)");
	return -1;
}

struct fleet_db *
fleet_db_open(const char *url, char *err, size_t errlen)
{
	struct fleet_db *db = xcalloc(1, sizeof *db);

	if (url == NULL || url[0] == '\0') {
		snprintf(err, errlen, "no fleet database named");
		free(db);
		return NULL;
	}
	if (is_pg_url(url)) {
		PQconninfoOption *opts, *o;
		char *perr = NULL, why[768], why_ja[768];

		db->dialect = FLEET_POSTGRESQL;
		/* libpq is opened here, on first use (pq_dl.h), not at start */
		if ((db->pq = pq_dl(why, sizeof why, why_ja, sizeof why_ja)) == NULL) {
			snprintf(err, errlen, "%s (%s)", why, why_ja);
			free(db);
			return NULL;
		}
		if (strcmp(url, "postgresql:") != 0) {
			if ((opts = db->pq->PQconninfoParse(url, &perr)) == NULL) {
				/* the parser's message may quote the URL: say only that it is malformed */
				snprintf(err, errlen, "the PostgreSQL URL is malformed");
				db->pq->PQfreemem(perr);
				free(db);
				return NULL;
			}
			for (o = opts; o->keyword != NULL; o++)
				if (strcmp(o->keyword, "password") == 0 && o->val != NULL)
					db->password = xstrdup(o->val);
			db->pq->PQconninfoFree(opts);
		}
		db->pg = db->pq->PQconnectdb(strcmp(url, "postgresql:") == 0 ? "" : url);
		if (db->pg == NULL || db->pq->PQstatus(db->pg) != CONNECTION_OK) {
			db_error(db, err, errlen, "cannot connect to PostgreSQL",
			    db->pg != NULL ? db->pq->PQerrorMessage(db->pg) : "out of memory");
			fleet_db_close(db);
			return NULL;
		}
		db->pq->PQsetNoticeProcessor(db->pg, pg_quiet, NULL);
		/*
		 * Commits need not wait for the disk: the reports on disk are the
		 * record, and collecting again files whatever a crash lost (as
		 * SQLite's synchronous = NORMAL with WAL below).
		 */
		if (fleet_db_exec(db, "SET client_min_messages = warning; SET synchronous_commit = off",
		        err, errlen) < 0) {
			fleet_db_close(db);
			return NULL;
		}
		return db;
	}
	db->dialect = FLEET_SQLITE;
	if (strncmp(url, "sqlite:", 7) == 0)
		url += 7;
	if (sqlite3_open_v2(url, &db->lite,
	        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW, NULL) != SQLITE_OK) {
		db_error(db, err, errlen, url,
		    db->lite != NULL ? sqlite3_errmsg(db->lite) : "out of memory");
		fleet_db_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db->lite, 60000);
	if (lite_wal(db, err, errlen) < 0 ||
	    fleet_db_exec(db, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;", err, errlen) < 0) {
		fleet_db_close(db);
		return NULL;
	}
	return db;
}

void
fleet_db_close(struct fleet_db *db)
{
	if (db == NULL)
		return;
	if (db->lite != NULL)
		sqlite3_close(db->lite);
	if (db->pg != NULL)
		db->pq->PQfinish(db->pg);
	if (db->password != NULL)
		xwipe(db->password, strlen(db->password));
	free(db->password);
	free(db);
}

enum fleet_dialect
fleet_db_dialect(const struct fleet_db *db)
{
	return db->dialect;
}

int
fleet_db_exec(struct fleet_db *db, const char *sql, char *err, size_t errlen)
{
	if (db->dialect == FLEET_SQLITE) {
		char *msg = NULL;

		if (sqlite3_exec(db->lite, sql, NULL, NULL, &msg) != SQLITE_OK) {
			db_error(db, err, errlen, "SQLite", msg != NULL ? msg : sqlite3_errmsg(db->lite));
			sqlite3_free(msg);
			return -1;
		}
		return 0;
	} else {
		PGresult *res = db->pq->PQexec(db->pg, sql);
		ExecStatusType st = db->pq->PQresultStatus(res);
		int ret = 0;

		if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
			db_error(db, err, errlen, "PostgreSQL", db->pq->PQerrorMessage(db->pg));
			ret = -1;
		}
		db->pq->PQclear(res);
		return ret;
	}
}

/* sql with each ? turned into $1, $2, ... Caller frees. */
static char *
pg_placeholders(const char *sql)
{
	struct strbuf sb = { 0 };
	int n = 0;

	for (; *sql != '\0'; sql++) {
		if (*sql == '?')
			sb_addf(&sb, "$%d", ++n);
		else
			sb_addc(&sb, *sql);
	}
	return sb_detach(&sb);
}

static int
lite_query(struct fleet_db *db, const char *sql, size_t nparams, const char *const *params,
    struct fleet_rows *out, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	size_t i, cap = 0;
	int rc;

	if (sqlite3_prepare_v2(db->lite, sql, -1, &st, NULL) != SQLITE_OK) {
		db_error(db, err, errlen, "SQLite", sqlite3_errmsg(db->lite));
		return -1;
	}
	for (i = 0; i < nparams; i++) {
		rc = params[i] == NULL ?
		    sqlite3_bind_null(st, (int)i + 1) :
		    sqlite3_bind_text(st, (int)i + 1, params[i], -1, SQLITE_TRANSIENT);
		if (rc != SQLITE_OK) {
			db_error(db, err, errlen, "SQLite", sqlite3_errmsg(db->lite));
			sqlite3_finalize(st);
			return -1;
		}
	}
	if (out != NULL) {
		memset(out, 0, sizeof *out);
		out->ncols = (size_t)sqlite3_column_count(st);
		out->names = xcalloc(out->ncols + 1, sizeof *out->names);
		for (i = 0; i < out->ncols; i++)
			out->names[i] = xstrdup(sqlite3_column_name(st, (int)i));
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (out == NULL)
			continue;
		if (out->nrows == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			out->values = xreallocarray(out->values, cap * (out->ncols + 1),
			    sizeof *out->values);
		}
		for (i = 0; i < out->ncols; i++) {
			const unsigned char *t = sqlite3_column_text(st, (int)i);

			out->values[out->nrows * out->ncols + i] = t != NULL ?
			    xstrdup((const char *)t) :
			    NULL;
		}
		out->nrows++;
	}
	if (rc != SQLITE_DONE) {
		db_error(db, err, errlen, "SQLite", sqlite3_errmsg(db->lite));
		sqlite3_finalize(st);
		fleet_rows_clear(out);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

static int
pg_query(struct fleet_db *db, const char *sql, size_t nparams, const char *const *params,
    struct fleet_rows *out, char *err, size_t errlen)
{
	char *q = pg_placeholders(sql);
	PGresult *res = db->pq->PQexecParams(db->pg, q, (int)nparams, NULL, params, NULL, NULL, 0);
	ExecStatusType st = db->pq->PQresultStatus(res);
	size_t i, j;

	free(q);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		db_error(db, err, errlen, "PostgreSQL", db->pq->PQerrorMessage(db->pg));
		db->pq->PQclear(res);
		return -1;
	}
	if (out != NULL) {
		memset(out, 0, sizeof *out);
		out->ncols = (size_t)db->pq->PQnfields(res);
		out->nrows = (size_t)db->pq->PQntuples(res);
		out->names = xcalloc(out->ncols + 1, sizeof *out->names);
		for (j = 0; j < out->ncols; j++)
			out->names[j] = xstrdup(db->pq->PQfname(res, (int)j));
		out->values = xcalloc(out->nrows * out->ncols + 1, sizeof *out->values);
		for (i = 0; i < out->nrows; i++)
			for (j = 0; j < out->ncols; j++)
				if (!db->pq->PQgetisnull(res, (int)i, (int)j))
					out->values[i * out->ncols + j] = xstrdup(
					    db->pq->PQgetvalue(res, (int)i, (int)j));
	}
	db->pq->PQclear(res);
	return 0;
}

int
fleet_db_query(struct fleet_db *db, const char *sql, size_t nparams, const char *const *params,
    struct fleet_rows *out, char *err, size_t errlen)
{
	if (db->dialect == FLEET_SQLITE)
		return lite_query(db, sql, nparams, params, out, err, errlen);
	return pg_query(db, sql, nparams, params, out, err, errlen);
}

int
fleet_db_begin(struct fleet_db *db, char *err, size_t errlen)
{
	return fleet_db_exec(db, db->dialect == FLEET_SQLITE ? "BEGIN IMMEDIATE" : "BEGIN", err, errlen);
}

int
fleet_db_commit(struct fleet_db *db, char *err, size_t errlen)
{
	return fleet_db_exec(db, "COMMIT", err, errlen);
}

void
fleet_db_rollback(struct fleet_db *db)
{
	char err[256];

	(void)fleet_db_exec(db, "ROLLBACK", err, sizeof err);
}
