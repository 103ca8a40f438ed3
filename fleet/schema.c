/*
 * schema.c: the fleet schema in its two dialects, the migrations from one
 * version to the next, and fleet_open(). docs/fleet.md draws it.
 *
 * The DDL is written once; "@ID@" becomes each dialect's generated key
 * column. Booleans are 0/1 integers and times are UTC text
 * (YYYY-MM-DDTHH:MM:SSZ), which sorts, in both, so one query serves both.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleet.h"
#include "../util/strbuf.h"
#include "../util/xalloc.h"

/* Version 1: every table, index and view. */
static const char schema_v1[] =
    "CREATE TABLE signers ("
    " id @ID@,"
    " fingerprint TEXT NOT NULL UNIQUE,"
    " principals TEXT,"
    " first_seen TEXT NOT NULL);"
    "CREATE TABLE devices ("
    " id @ID@,"
    " device_key TEXT NOT NULL UNIQUE,"
    " kind TEXT NOT NULL CHECK (kind IN ('host', 'medium')),"
    " serial TEXT, asset_tag TEXT, hostname TEXT, machine_id TEXT, vendor TEXT, model TEXT);"
    "CREATE TABLE reports ("
    " id @ID@,"
    " sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),"
    " sig_sha256 TEXT,"
    " status TEXT NOT NULL CHECK (status IN ('trusted', 'rejected', 'conflict')),"
    " reason TEXT,"
    " signer_id BIGINT REFERENCES signers (id),"
    " claimed_signer TEXT,"
    " device_id BIGINT REFERENCES devices (id),"
    " report_id TEXT, sequence BIGINT, prev_report TEXT, prev_sha256 TEXT,"
    " verdict TEXT, started TEXT, ended TEXT, day TEXT,"
    " checklist_id TEXT, checklist_version TEXT, checklist_sha256 TEXT,"
    " operator TEXT, role TEXT,"
    " source TEXT NOT NULL,"
    " collected_at TEXT NOT NULL,"
    " CHECK (status <> 'trusted' OR (signer_id IS NOT NULL AND sequence IS NOT NULL"
    "  AND verdict IS NOT NULL AND ended IS NOT NULL)),"
    " CHECK (status = 'trusted' OR reason IS NOT NULL));"
    /* one trusted report per signer and sequence number: the database keeps it so */
    "CREATE UNIQUE INDEX reports_signer_sequence ON reports (signer_id, sequence)"
    " WHERE status = 'trusted';"
    "CREATE INDEX reports_day ON reports (day);"
    "CREATE INDEX reports_device ON reports (device_id);"
    "CREATE TABLE items ("
    " report_id BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,"
    " item_id TEXT NOT NULL, title_en TEXT, title_ja TEXT,"
    " answer TEXT, note TEXT, outcome TEXT, basis TEXT,"
    " waiver_by TEXT, waiver_until TEXT,"
    " PRIMARY KEY (report_id, item_id));"
    "CREATE INDEX items_outcome ON items (outcome);"
    "CREATE TABLE check_results ("
    " report_id BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,"
    " check_id TEXT NOT NULL, status TEXT NOT NULL, summary_en TEXT, summary_ja TEXT,"
    " PRIMARY KEY (report_id, check_id));"
    "CREATE TABLE report_media ("
    " report_id BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,"
    " device_id BIGINT NOT NULL REFERENCES devices (id),"
    " check_id TEXT NOT NULL, path TEXT,"
    " PRIMARY KEY (report_id, device_id, check_id));"
    "CREATE TABLE files ("
    " id @ID@,"
    " report_id BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,"
    " check_id TEXT NOT NULL,"
    " medium_id BIGINT REFERENCES devices (id),"
    " kind TEXT NOT NULL CHECK (kind IN ('infected', 'unscannable')),"
    " path TEXT NOT NULL, signature TEXT, reason TEXT, sha256 TEXT);"
    "CREATE INDEX files_report ON files (report_id);"
    "CREATE TABLE chain_heads ("
    " signer_id BIGINT PRIMARY KEY REFERENCES signers (id),"
    " sequence BIGINT NOT NULL, sha256 TEXT NOT NULL,"
    " report_id BIGINT NOT NULL REFERENCES reports (id),"
    " updated_at TEXT NOT NULL);"
    "CREATE TABLE chain_events ("
    " id @ID@,"
    " signer_id BIGINT NOT NULL REFERENCES signers (id),"
    " report_id BIGINT NOT NULL REFERENCES reports (id),"
    " kind TEXT NOT NULL CHECK (kind IN ('rollback', 'fork', 'skip', 'broken-link')),"
    " sequence BIGINT NOT NULL, head_sequence BIGINT,"
    " detail_en TEXT NOT NULL, detail_ja TEXT NOT NULL, at TEXT NOT NULL);"
    /* the views: the documented way to ask (docs/fleet.md) */
    "CREATE VIEW fleet_reports AS SELECT r.id, r.report_id, r.status, r.reason,"
    " s.fingerprint AS desk, r.claimed_signer, r.sequence, r.day, r.started, r.ended, r.verdict,"
    " r.operator, r.role, r.checklist_id, r.checklist_version, d.device_key, d.serial,"
    " d.asset_tag, d.hostname, r.source, r.sha256, r.collected_at"
    " FROM reports r LEFT JOIN signers s ON s.id = r.signer_id"
    " LEFT JOIN devices d ON d.id = r.device_id;"
    "CREATE VIEW fleet_summary AS SELECT day, desk, verdict, COUNT(*) AS reports,"
    " COUNT(DISTINCT device_key) AS devices FROM fleet_reports WHERE status = 'trusted'"
    " GROUP BY day, desk, verdict;"
    "CREATE VIEW fleet_latest AS SELECT * FROM (SELECT fr.*, ROW_NUMBER() OVER"
    " (PARTITION BY device_key ORDER BY ended DESC, sequence DESC, id DESC) AS newest"
    " FROM fleet_reports fr WHERE status = 'trusted') latest WHERE newest = 1;"
    "CREATE VIEW fleet_failures AS SELECT l.ended, l.device_key, l.hostname, l.serial, l.desk,"
    " l.report_id, i.item_id, i.title_en, i.title_ja, i.note"
    " FROM fleet_latest l JOIN items i ON i.report_id = l.id"
    " WHERE l.verdict = 'fail' AND i.outcome = 'failed';"
    "CREATE VIEW fleet_media_files AS SELECT r.ended, r.desk, r.report_id, f.check_id, f.kind,"
    " m.device_key AS medium, m.serial AS medium_serial, m.vendor AS medium_vendor,"
    " m.model AS medium_model, r.hostname, f.path, f.signature, f.reason, f.sha256"
    " FROM files f JOIN fleet_reports r ON r.id = f.report_id"
    " LEFT JOIN devices m ON m.id = f.medium_id WHERE r.status = 'trusted';"
    "CREATE VIEW fleet_open_items AS SELECT i.item_id, i.title_en, i.title_ja, i.outcome,"
    " COUNT(*) AS devices FROM fleet_latest l JOIN items i ON i.report_id = l.id"
    " WHERE i.outcome IN ('open', 'undetermined', 'needs-attention', 'failed')"
    " GROUP BY i.item_id, i.title_en, i.title_ja, i.outcome;"
    "CREATE VIEW fleet_device_history AS"
    " SELECT d.serial, d.device_key, d.kind, r.ended, r.desk, r.verdict, r.hostname,"
    "  r.report_id, r.sequence"
    " FROM fleet_reports r JOIN devices d ON d.device_key = r.device_key WHERE r.status = 'trusted'"
    " UNION ALL"
    " SELECT d.serial, d.device_key, d.kind, r.ended, r.desk, r.verdict, r.hostname,"
    "  r.report_id, r.sequence"
    " FROM report_media rm JOIN devices d ON d.id = rm.device_id"
    " JOIN fleet_reports r ON r.id = rm.report_id WHERE r.status = 'trusted';"
    "CREATE VIEW fleet_rejected AS SELECT collected_at, status, reason, desk, claimed_signer,"
    " report_id, sequence, source, sha256 FROM fleet_reports WHERE status <> 'trusted';"
    "CREATE VIEW fleet_chain_events AS SELECT e.at, s.fingerprint AS desk, e.kind, e.sequence,"
    " e.head_sequence, r.report_id, r.source, e.detail_en, e.detail_ja"
    " FROM chain_events e JOIN signers s ON s.id = e.signer_id"
    " JOIN reports r ON r.id = e.report_id;";

/*
 * Version 2: the device record of a desk report (report device_record):
 * the owner beside the asset tag, an index to find a device by its tag, and
 * the device history with both, so `fleet device` answers by asset tag too.
 */
static const char schema_v2[] =
    "ALTER TABLE devices ADD COLUMN owner TEXT;"
    "CREATE INDEX devices_asset_tag ON devices (asset_tag);"
    "DROP VIEW fleet_device_history;"
    "CREATE VIEW fleet_device_history AS"
    " SELECT d.serial, d.asset_tag, d.owner, d.device_key, d.kind, r.ended, r.desk, r.verdict,"
    "  r.hostname, r.report_id, r.sequence"
    " FROM fleet_reports r JOIN devices d ON d.device_key = r.device_key WHERE r.status = 'trusted'"
    " UNION ALL"
    " SELECT d.serial, d.asset_tag, d.owner, d.device_key, d.kind, r.ended, r.desk, r.verdict,"
    "  r.hostname, r.report_id, r.sequence"
    " FROM report_media rm JOIN devices d ON d.id = rm.device_id"
    " JOIN fleet_reports r ON r.id = rm.report_id WHERE r.status = 'trusted';";

/* The migrations, in order: migrations[i] takes a database from version i to i + 1. */
static const char *const migrations[] = { schema_v1, schema_v2 };

/* sql in d's dialect. Caller frees. */
static char *
dialect_sql(enum fleet_dialect d, const char *sql)
{
	const char *id = d == FLEET_SQLITE ?
	    "INTEGER PRIMARY KEY" :
	    "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY";
	struct strbuf sb = { 0 };
	const char *p;

	while ((p = strstr(sql, "@ID@")) != NULL) {
		sb_add(&sb, sql, (size_t)(p - sql));
		sb_adds(&sb, id);
		sql = p + 4;
	}
	sb_adds(&sb, sql);
	return sb_detach(&sb);
}

/* Brings the database to FLEET_SCHEMA_VERSION inside one locked transaction. */
static int
fleet_migrate(struct fleet_db *db, char *err, size_t errlen)
{
	struct fleet_rows rows;
	long version = 0;
	size_t i;

	if (fleet_db_begin(db, err, errlen) < 0)
		return -1;
	/* PostgreSQL: one migrator at a time (SQLite's BEGIN IMMEDIATE already is) */
	if (fleet_db_dialect(db) == FLEET_POSTGRESQL &&
	    fleet_db_exec(db, "SELECT pg_advisory_xact_lock(7365430416)", err, errlen) < 0)
		goto fail;
	if (fleet_db_exec(db, "CREATE TABLE IF NOT EXISTS fleet_schema (version INTEGER NOT NULL)",
	        err, errlen) < 0 ||
	    fleet_db_query(db, "SELECT MAX(version) FROM fleet_schema", 0, NULL, &rows, err, errlen) < 0)
		goto fail;
	if (fleet_rows_get(&rows, 0, 0) != NULL)
		version = strtol(fleet_rows_get(&rows, 0, 0), NULL, 10);
	fleet_rows_clear(&rows);
	if (version > FLEET_SCHEMA_VERSION) {
		snprintf(err, errlen,
		    "the fleet database has schema version %ld, newer than this reentry's %d "
		    "(このデータベースはより新しい reentry のものです)",
		    version, FLEET_SCHEMA_VERSION);
		goto fail;
	}
	for (i = (size_t)version; i < sizeof migrations / sizeof migrations[0]; i++) {
		char *sql = dialect_sql(fleet_db_dialect(db), migrations[i]), v[16];
		const char *p[1] = { v };
		int rc;

		rc = fleet_db_exec(db, sql, err, errlen);
		free(sql);
		snprintf(v, sizeof v, "%zu", i + 1);
		if (rc < 0 ||
		    fleet_db_query(db, "INSERT INTO fleet_schema (version) VALUES (?)", 1, p, NULL,
		        err, errlen) < 0)
			goto fail;
	}
	return fleet_db_commit(db, err, errlen);
fail:
	fleet_db_rollback(db);
	return -1;
}

struct fleet *
fleet_open(const char *url, char *err, size_t errlen)
{
	struct fleet *f;
	struct fleet_db *db;

	if ((db = fleet_db_open(url, err, errlen)) == NULL)
		return NULL;
	if (fleet_migrate(db, err, errlen) < 0) {
		fleet_db_close(db);
		return NULL;
	}
	f = xcalloc(1, sizeof *f);
	f->db = db;
	f->shown_url = fleet_db_redact(url);
	return f;
}

void
fleet_close(struct fleet *f)
{
	if (f == NULL)
		return;
	fleet_db_close(f->db);
	free(f->shown_url);
	free(f);
}
