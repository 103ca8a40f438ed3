/*
 * db.h: one small interface over the two databases a fleet can live in,
 * SQLite (sqlite3) and PostgreSQL (libpq), so the schema, the import and
 * the questions are written once.
 *
 * SQL is written with `?` placeholders; for PostgreSQL they become $1, $2...
 * (the SQL in this folder never has a `?` inside a string literal). Every
 * parameter and every value read back is text or NULL; the databases convert
 * (PostgreSQL infers the types from the columns, SQLite's affinity does the
 * same). Nothing here prints or exits.
 */
#ifndef REENTRY_FLEET_DB_H
#define REENTRY_FLEET_DB_H

#include <stddef.h>

enum fleet_dialect {
	FLEET_SQLITE,
	FLEET_POSTGRESQL,
};

struct fleet_db;

/* The rows a query returned, every value text or NULL. */
struct fleet_rows {
	size_t nrows, ncols;
	char **names;  /* ncols column names */
	char **values; /* nrows * ncols, row-major; NULL for SQL NULL */
};
void fleet_rows_clear(struct fleet_rows *r);
/* The value at row i, column j, or NULL. Valid while r lives. */
const char *fleet_rows_get(const struct fleet_rows *r, size_t i, size_t j);

/*
 * Opens a database: a `postgresql://` or `postgres://` URL, or "postgresql:"
 * alone for libpq's environment variables (PGHOST, PGDATABASE...), goes to
 * PostgreSQL; anything else is a SQLite file path (created when missing,
 * "sqlite:" prefix optional). The error never contains the URL's password.
 */
struct fleet_db *fleet_db_open(const char *url, char *err, size_t errlen);
void fleet_db_close(struct fleet_db *db);
enum fleet_dialect fleet_db_dialect(const struct fleet_db *db);

/* Runs one or more statements without parameters or results. */
int fleet_db_exec(struct fleet_db *db, const char *sql, char *err, size_t errlen);
/*
 * Runs one statement with nparams text parameters (a NULL entry is SQL
 * NULL). out may be NULL when the rows do not matter; else the caller frees
 * it with fleet_rows_clear().
 */
int fleet_db_query(struct fleet_db *db, const char *sql, size_t nparams, const char *const *params,
    struct fleet_rows *out, char *err, size_t errlen);

/* A transaction that holds the write lock from its start (SQLite: BEGIN IMMEDIATE). */
int fleet_db_begin(struct fleet_db *db, char *err, size_t errlen);
int fleet_db_commit(struct fleet_db *db, char *err, size_t errlen);
/* Rolls back; errors are ignored (the connection is left usable or closed). */
void fleet_db_rollback(struct fleet_db *db);

/*
 * url with its password (user:PASSWORD@, password=... in a query string)
 * replaced by "***", for showing. Caller frees.
 */
char *fleet_db_redact(const char *url);

#endif
