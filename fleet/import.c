/*
 * import.c: files one verified report into the fleet database, in one
 * transaction, and keeps each signer's chain head.
 *
 * A trusted report takes its signer's row lock first (PostgreSQL: SELECT
 * ... FOR UPDATE; SQLite's BEGIN IMMEDIATE locks the whole file), so two
 * collectors filing reports of one desk judge its chain one after the other.
 * The chain rules (docs/fleet.md):
 *   - sequence already held by another trusted report: status "conflict",
 *     event "rollback" when its previous link matches the report held at
 *     sequence - 1 (the desk went back: its newest reports were deleted or
 *     restored from an older copy), else "fork";
 *   - its previous link differs from the report held at sequence - 1:
 *     event "broken-link" (that report was replaced at the desk);
 *   - sequence beyond head + 1: event "skip" (numbers never collected);
 *   - sequence beyond the head: the head moves to it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fleet.h"
#include "../util/json.h"
#include "../util/strbuf.h"
#include "../util/timefmt.h"
#include "../util/xalloc.h"

void
fleet_import_clear(struct fleet_import *r)
{
	if (r == NULL)
		return;
	free(r->reason);
	strv_free(r->flags_en);
	strv_free(r->flags_ja);
	memset(r, 0, sizeof *r);
}

/* The current UTC time as text. */
static void
now_text(char buf[32])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static const char *
str_at(const struct json *o, const char *key)
{
	return json_get_str(json_get(o, key));
}

/* Runs a statement; its first value of the first row into out (caller frees), or NULL. */
static int
q1(struct fleet_db *db, const char *sql, size_t n, const char *const *p, char **out, char *err,
    size_t errlen)
{
	struct fleet_rows rows;

	if (fleet_db_query(db, sql, n, p, &rows, err, errlen) < 0)
		return -1;
	if (out != NULL) {
		const char *v = fleet_rows_get(&rows, 0, 0);

		*out = v != NULL ? xstrdup(v) : NULL;
	}
	fleet_rows_clear(&rows);
	return 0;
}

static void
strv_push(char ***v, const char *s)
{
	size_t n = 0;

	while (*v != NULL && (*v)[n] != NULL)
		n++;
	*v = xreallocarray(*v, n + 2, sizeof **v);
	(*v)[n] = xstrdup(s);
	(*v)[n + 1] = NULL;
}

/* A device's key and row id (inserted when new); NULL id when it has nothing to go by. */
static int
device_id(struct fleet_db *db, const char *kind, const char *key, const char *serial, const char *host,
    const char *machine, const char *vendor, const char *model, char **id, char *err, size_t errlen)
{
	const char *p[8] = { key, kind, serial, host, machine, vendor, model, key };

	if (fleet_db_query(db,
	        "INSERT INTO devices (device_key, kind, serial, hostname, machine_id, vendor, model)"
	        " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (device_key) DO NOTHING",
	        7, p, NULL, err, errlen) < 0)
		return -1;
	return q1(db, "SELECT id FROM devices WHERE device_key = ?", 1, p + 7, id, err, errlen);
}

/* A value of the report's device record, or NULL when it is not there or empty. */
static const char *
record_str(const struct json *r, const char *key)
{
	const char *s = json_get_str(json_get(json_get(r, "device_record"), key));

	return s != NULL && s[0] != '\0' ? s : NULL;
}

/* Keeps the asset tag and owner of the device record on the device's row (the newest import's). */
static int
device_record(struct fleet_db *db, const struct json *r, const char *id, char *err, size_t errlen)
{
	const char *p[3] = { record_str(r, "asset_tag"), record_str(r, "owner"), id };

	if (id == NULL || (p[0] == NULL && p[1] == NULL))
		return 0;
	return fleet_db_query(db,
	    "UPDATE devices SET asset_tag = COALESCE(?, asset_tag), owner = COALESCE(?, owner)"
	    " WHERE id = ?",
	    3, p, NULL, err, errlen);
}

static int medium_device(struct fleet_db *db, const struct json *ident, char **id, char *err,
    size_t errlen);

/*
 * The device of report r: a kiosk visit's device is the medium (a
 * sys/media.h identity, with a devnode), filed as that medium; else the
 * host: serial when usable, else machine id, else host name.
 */
static int
report_device(struct fleet_db *db, const struct json *r, const char *sha, char **id, char *err,
    size_t errlen)
{
	const struct json *d = json_get(r, "device");
	const char *serial = str_at(d, "serial"), *host = str_at(d, "hostname"),
	           *machine = str_at(d, "machine_id");
	char *key;
	int rc, usable = json_get_bool(json_get(d, "serial_usable"), 0);

	if (str_at(d, "devnode") != NULL && host == NULL && machine == NULL) {
		if ((rc = medium_device(db, d, id, err, errlen)) < 0 || *id != NULL)
			return rc;
	}

	/* a serial a person read from the label (the device record) stands in for DMI's */
	if (!usable && record_str(r, "serial") != NULL) {
		serial = record_str(r, "serial");
		usable = 1;
	}
	if (serial != NULL && usable)
		key = xasprintf("serial:%s", serial);
	else if (record_str(r, "asset_tag") != NULL)
		key = xasprintf("asset:%s", record_str(r, "asset_tag"));
	else if (machine != NULL && machine[0] != '\0')
		key = xasprintf("machine:%s", machine);
	else if (host != NULL && host[0] != '\0')
		key = xasprintf("host:%s", host);
	else
		key = xasprintf("unknown:%s", sha);
	rc = device_id(db, "host", key, usable ? serial : NULL, host, machine, str_at(d, "vendor"),
	    str_at(d, "product") != NULL ? str_at(d, "product") : record_str(r, "model"), id, err,
	    errlen);
	free(key);
	if (rc == 0)
		rc = device_record(db, r, *id, err, errlen);
	return rc;
}

/* The medium identity's device row, or NULL id when it names nothing to go by. */
static int
medium_device(struct fleet_db *db, const struct json *ident, char **id, char *err, size_t errlen)
{
	const char *serial = str_at(ident, "serial"), *uuid = str_at(ident, "uuid");
	char *key;
	int rc;

	*id = NULL;
	if (serial != NULL && serial[0] != '\0')
		key = xasprintf("medium-serial:%s", serial);
	else if (uuid != NULL && uuid[0] != '\0')
		key = xasprintf("medium-uuid:%s", uuid);
	else
		return 0;
	rc = device_id(db, "medium", key, serial, NULL, NULL, str_at(ident, "vendor"),
	    str_at(ident, "model"), id, err, errlen);
	free(key);
	return rc;
}

/* Items, check results, media and files of a trusted report rid. */
static int
store_contents(struct fleet_db *db, const struct json *r, const char *rid, char *err, size_t errlen)
{
	const struct json *items = json_get(r, "items"), *checks = json_get(r, "checks");
	size_t i, j, k;

	{
		/* every shown item in one statement: one round trip to a server */
		struct strbuf sql = { 0 };
		const char **p = xcalloc(json_len(items) * 10 + 1, sizeof *p);
		size_t np = 0;
		int rc = 0;

		sb_adds(&sql,
		    "INSERT INTO items (report_id, item_id, title_en, title_ja, answer, note,"
		    " outcome, basis, waiver_by, waiver_until) VALUES ");
		for (i = 0; i < json_len(items); i++) {
			const struct json *it = json_at(items, i), *w = json_get(it, "waiver");

			if (!json_get_bool(json_get(it, "shown"), 0))
				continue;
			sb_adds(&sql,
			    np == 0 ? "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
			p[np++] = rid;
			p[np++] = str_at(it, "id");
			p[np++] = str_at(json_get(it, "title"), "en");
			p[np++] = str_at(json_get(it, "title"), "ja");
			p[np++] = str_at(it, "answer");
			p[np++] = str_at(it, "note");
			p[np++] = str_at(it, "outcome");
			p[np++] = str_at(it, "basis");
			p[np++] = str_at(w, "approved_by");
			p[np++] = str_at(w, "until");
		}
		if (np > 0)
			rc = fleet_db_query(db, sb_str(&sql), np, p, NULL, err, errlen);
		sb_free(&sql);
		free(p);
		if (rc < 0)
			return -1;
	}
	for (i = 0; i < json_len(checks); i++) {
		const struct json *c = json_at(checks, i), *det = json_get(c, "details");
		const char *cid = str_at(c, "id"), *media_root = NULL;
		const struct json *media = json_get(det, "media");
		const char *p[9];
		char *mid = NULL;

		p[0] = rid;
		p[1] = cid;
		p[2] = str_at(c, "status");
		p[3] = str_at(json_get(c, "summary"), "en");
		p[4] = str_at(json_get(c, "summary"), "ja");
		if (cid == NULL || p[2] == NULL)
			continue;
		if (fleet_db_query(db,
		        "INSERT INTO check_results (report_id, check_id, status, summary_en, summary_ja)"
		        " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
		        5, p, NULL, err, errlen) < 0)
			return -1;
		for (j = 0; j < json_len(media); j++) {
			const struct json *m = json_at(media, j);
			char *id;

			if (medium_device(db, json_get(m, "identity"), &id, err, errlen) < 0)
				return -1;
			if (id == NULL)
				continue;
			p[1] = id;
			p[2] = cid;
			p[3] = str_at(m, "path");
			if (fleet_db_query(db,
			        "INSERT INTO report_media (report_id, device_id, check_id, path)"
			        " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
			        4, p, NULL, err, errlen) < 0) {
				free(id);
				return -1;
			}
			if (mid == NULL) {
				mid = id;
				media_root = str_at(m, "path");
			} else
				free(id);
		}
		/* infected and unscannable files; a file under a medium gets its SHA-256 from the manifest */
		for (k = 0; k < 2; k++) {
			const char *kind = k == 0 ? "infected" : "unscannable";
			const struct json *files = json_get(det, kind);

			for (j = 0; j < json_len(files); j++) {
				const struct json *fi = json_at(files, j);
				const char *path = str_at(fi, "path"), *sha = str_at(fi, "sha256");
				size_t m, e;

				if (path == NULL)
					continue;
				for (m = 0; m < json_len(media) && sha == NULL; m++) {
					const struct json *me = json_at(media, m),
					                  *man = json_get(me, "manifest");
					const char *root = str_at(me, "path");
					size_t rl = root != NULL ? strlen(root) : 0;

					if (root == NULL || strncmp(path, root, rl) != 0 || path[rl] != '/')
						continue;
					for (e = 0; e < json_len(man); e++) {
						const char *mp = str_at(json_at(man, e), "path");

						if (mp != NULL && strcmp(mp, path + rl + 1) == 0) {
							sha = str_at(json_at(man, e), "sha256");
							break;
						}
					}
				}
				p[0] = rid;
				p[1] = cid;
				p[2] = media_root != NULL &&
				        strncmp(path, media_root, strlen(media_root)) == 0 ?
				    mid :
				    NULL;
				p[3] = kind;
				p[4] = path;
				p[5] = str_at(fi, "signature");
				p[6] = str_at(fi, "reason");
				p[7] = sha;
				if (fleet_db_query(db,
				        "INSERT INTO files (report_id, check_id, medium_id, kind, path, signature,"
				        " reason, sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
				        8, p, NULL, err, errlen) < 0) {
					free(mid);
					return -1;
				}
			}
		}
		free(mid);
	}
	return 0;
}

/* Records a chain event for report rid and adds it to out. */
static int
chain_event(struct fleet_db *db, const char *signer, const char *rid, const char *kind,
    const char *seq, const char *head, const char *en, const char *ja, const char *now,
    struct fleet_import *out, char *err, size_t errlen)
{
	const char *p[8] = { signer, rid, kind, seq, head, en, ja, now };

	strv_push(&out->flags_en, en);
	strv_push(&out->flags_ja, ja);
	return fleet_db_query(db,
	    "INSERT INTO chain_events (signer_id, report_id, kind, sequence, head_sequence, detail_en,"
	    " detail_ja, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	    8, p, NULL, err, errlen);
}

/* Fills out for a report whose SHA-256 is already recorded with status and reason. */
static void
known_outcome(struct fleet_import *out, const char *status, const char *reason)
{
	out->known = 1;
	if (status != NULL && strcmp(status, "trusted") == 0)
		out->outcome = FLEET_DUPLICATE;
	else {
		out->outcome = status != NULL && strcmp(status, "conflict") == 0 ?
		    FLEET_CONFLICT :
		    FLEET_REJECTED;
		out->reason = xstrdup(reason != NULL ? reason : "");
	}
}

/* A report that failed verification: recorded with its reason, keyed by its SHA-256. */
static int
import_rejected(struct fleet *f, const char *source, const struct report_verification *v,
    const char *reason, const char *now, struct fleet_import *out, char *err, size_t errlen)
{
	const struct json *r = v->report;
	char seq[32] = "", *id = NULL;
	const char *p[8];

	if (r != NULL && json_is(json_get(json_get(r, "chain"), "sequence"), JSON_INT))
		snprintf(seq, sizeof seq, "%lld",
		    (long long)json_get_int(json_get(json_get(r, "chain"), "sequence"), 0));
	p[0] = v->sha256;
	p[1] = v->sig_sha256[0] != '\0' ? v->sig_sha256 : NULL;
	p[2] = reason != NULL ? reason : "not verified";
	p[3] = v->fingerprint;
	p[4] = r != NULL ? str_at(r, "report_id") : NULL;
	p[5] = seq[0] != '\0' ? seq : NULL;
	p[6] = source;
	p[7] = now;
	if (fleet_db_begin(f->db, err, errlen) < 0)
		return -1;
	if (q1(f->db,
	        "INSERT INTO reports (sha256, sig_sha256, status, reason, claimed_signer, report_id,"
	        " sequence, source, collected_at) VALUES (?, ?, 'rejected', ?, ?, ?, ?, ?, ?)"
	        " ON CONFLICT (sha256) DO NOTHING RETURNING id",
	        8, p, &id, err, errlen) < 0 ||
	    fleet_db_commit(f->db, err, errlen) < 0) {
		fleet_db_rollback(f->db);
		return -1;
	}
	/* a file that fails now is named as rejected even when its bytes were recorded before */
	out->outcome = FLEET_REJECTED;
	out->known = id == NULL;
	out->reason = xstrdup(p[2]);
	free(id);
	return 0;
}

static int
import_once(struct fleet *f, const char *source, const struct report_verification *v,
    struct fleet_import *out, char *err, size_t errlen)
{
	struct fleet_db *db = f->db;
	const struct json *r = v->report, *chain, *prev;
	char now[32], seq[32], seqm1[32],
	    *signer = NULL, *dup = NULL, *head_seq = NULL, *head_sha = NULL, *holder = NULL,
	    *pred = NULL, *dev = NULL, *rid = NULL, *en = NULL, *ja = NULL;
	const char *prev_sha, *status = "trusted", *p[24];
	long long sequence, head = 0;
	int ret = -1, rolled = 0;
	char day[11];

	memset(out, 0, sizeof *out);
	now_text(now);
	if (v->sha256[0] == '\0') {
		out->outcome = FLEET_UNREADABLE;
		out->reason = xstrdup(v->error != NULL ? v->error : "unreadable");
		return 0;
	}
	if (v->status != REPORT_GOOD || r == NULL || v->fingerprint == NULL || !v->signers_checked) {
		if (v->status == REPORT_GOOD)
			return import_rejected(f, source, v,
			    "no allowed-signers file was consulted: who signed is not established",
			    now, out, err, errlen);
		return import_rejected(f, source, v, v->error, now, out, err, errlen);
	}

	chain = json_get(r, "chain");
	prev = json_get(chain, "previous");
	sequence = (long long)json_get_int(json_get(chain, "sequence"), 0);
	prev_sha = str_at(prev, "sha256");
	snprintf(seq, sizeof seq, "%lld", sequence);
	snprintf(seqm1, sizeof seqm1, "%lld", sequence - 1);

	if (fleet_db_begin(db, err, errlen) < 0)
		return -1;
	p[0] = v->fingerprint;
	p[1] = v->principals;
	p[2] = now;
	if (fleet_db_query(db,
	        "INSERT INTO signers (fingerprint, principals, first_seen) VALUES (?, ?, ?)"
	        " ON CONFLICT (fingerprint) DO NOTHING",
	        3, p, NULL, err, errlen) < 0 ||
	    q1(db,
	        fleet_db_dialect(db) == FLEET_POSTGRESQL ?
	            "SELECT id FROM signers WHERE fingerprint = ? FOR UPDATE" :
	            "SELECT id FROM signers WHERE fingerprint = ?",
	        1, p, &signer, err, errlen) < 0)
		goto fail;
	p[0] = v->sha256;
	{
		struct fleet_rows rows;

		if (fleet_db_query(db, "SELECT status, reason FROM reports WHERE sha256 = ?", 1, p,
		        &rows, err, errlen) < 0)
			goto fail;
		if (rows.nrows > 0) {
			dup = xstrdup("");
			known_outcome(out, fleet_rows_get(&rows, 0, 0), fleet_rows_get(&rows, 0, 1));
		}
		fleet_rows_clear(&rows);
	}
	if (dup != NULL) {
		fleet_db_rollback(db);
		ret = 0;
		goto out;
	}
	/* the chain: head, the report holding this sequence, and the one before */
	{
		struct fleet_rows rows;

		p[0] = signer;
		if (fleet_db_query(db, "SELECT sequence, sha256 FROM chain_heads WHERE signer_id = ?",
		        1, p, &rows, err, errlen) < 0)
			goto fail;
		if (rows.nrows > 0) {
			head_seq = xstrdup(fleet_rows_get(&rows, 0, 0));
			head_sha = xstrdup(fleet_rows_get(&rows, 0, 1));
			head = strtoll(head_seq, NULL, 10);
		}
		fleet_rows_clear(&rows);
	}
	p[0] = signer;
	p[1] = seq;
	if (q1(db,
	        "SELECT report_id FROM reports WHERE signer_id = ? AND sequence = ?"
	        " AND status = 'trusted'",
	        2, p, &holder, err, errlen) < 0)
		goto fail;
	p[1] = seqm1;
	if (q1(db,
	        "SELECT sha256 FROM reports WHERE signer_id = ? AND sequence = ?"
	        " AND status = 'trusted'",
	        2, p, &pred, err, errlen) < 0)
		goto fail;
	if (holder != NULL) {
		rolled = pred != NULL && prev_sha != NULL && strcmp(pred, prev_sha) == 0;
		status = "conflict";
		if (rolled) {
			en = xasprintf("sequence %s is already held by report %s, and this report follows "
			               "sequence %s: the desk's chain went back from %s (its newest "
			               "reports were deleted or restored from an older copy)",
			    seq, holder, seqm1, head_seq != NULL ? head_seq : "?");
			ja = xasprintf("連番 %s は既にレポート %s が使っており、このレポートは連番 %s "
			               "の次として書かれた: この窓口のチェーンが %s から巻き戻された"
			               "(最新のレポートが削除されたか、古い複製から戻された)",
			    seq, holder, seqm1, head_seq != NULL ? head_seq : "?");
		} else {
			en = xasprintf("sequence %s is already held by report %s: the chain forked (two "
			               "reports with one sequence number)",
			    seq, holder);
			ja = xasprintf("連番 %s は既にレポート %s が使っている: チェーンが分岐した"
			               "(同じ連番のレポートが二つある)",
			    seq, holder);
		}
	}
	/* the report row */
	p[0] = v->sha256;
	p[1] = v->sig_sha256[0] != '\0' ? v->sig_sha256 : NULL;
	p[2] = status;
	p[3] = en;
	p[4] = signer;
	p[5] = v->fingerprint;
	p[6] = str_at(r, "report_id");
	p[7] = seq;
	p[8] = str_at(prev, "report");
	p[9] = prev_sha;
	p[10] = str_at(json_get(r, "verdict"), "result");
	p[11] = str_at(r, "started");
	p[12] = str_at(r, "ended");
	snprintf(day, sizeof day, "%.10s", p[12] != NULL ? p[12] : "");
	p[13] = day;
	p[14] = str_at(json_get(r, "checklist"), "id");
	p[15] = str_at(json_get(r, "checklist"), "version");
	p[16] = str_at(json_get(r, "checklist"), "sha256");
	p[17] = str_at(r, "operator");
	p[18] = str_at(r, "role");
	p[19] = source;
	p[20] = now;
	if (strcmp(status, "trusted") == 0) {
		if (report_device(db, r, v->sha256, &dev, err, errlen) < 0)
			goto fail;
	}
	p[21] = dev;
	if (q1(db,
	        "INSERT INTO reports (sha256, sig_sha256, status, reason, signer_id, claimed_signer,"
	        " report_id, sequence, prev_report, prev_sha256, verdict, started, ended, day,"
	        " checklist_id, checklist_version, checklist_sha256, operator, role, source,"
	        " collected_at, device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
	        " ?, ?, ?, ?, ?) RETURNING id",
	        22, p, &rid, err, errlen) < 0)
		goto fail;
	if (strcmp(status, "conflict") == 0) {
		if (chain_event(db, signer, rid, rolled ? "rollback" : "fork", seq, head_seq, en,
		        ja, now, out, err, errlen) < 0)
			goto fail;
		out->outcome = FLEET_CONFLICT;
		out->reason = xstrdup(en);
	} else {
		char *e2, *j2;

		out->outcome = FLEET_IMPORTED;
		if (store_contents(db, r, rid, err, errlen) < 0)
			goto fail;
		if (pred != NULL && (prev_sha == NULL || strcmp(pred, prev_sha) != 0)) {
			e2 = xasprintf("its link to sequence %s names a report other than the one "
			               "collected at %s (that report was replaced at the desk)",
			    seqm1, seqm1);
			j2 = xasprintf("連番 %s への連結が、収集済みの連番 %s のレポートと一致しない"
			               "(窓口でそのレポートが差し替えられた)",
			    seqm1, seqm1);
			if (chain_event(db, signer, rid, "broken-link", seq, head_seq, e2, j2, now,
			        out, err, errlen) < 0) {
				free(e2);
				free(j2);
				goto fail;
			}
			free(e2);
			free(j2);
		}
		if (head_seq != NULL && sequence > head + 1) {
			e2 = xasprintf("sequence %s follows the collected head %s: sequence %lld..%lld "
			               "was never collected",
			    seq, head_seq, head + 1, sequence - 1);
			j2 = xasprintf("連番 %s は収集済みの先頭 %s の次ではない: 連番 %lld..%lld "
			               "は収集されていない",
			    seq, head_seq, head + 1, sequence - 1);
			if (chain_event(db, signer, rid, "skip", seq, head_seq, e2, j2, now, out,
			        err, errlen) < 0) {
				free(e2);
				free(j2);
				goto fail;
			}
			free(e2);
			free(j2);
		}
		if (head_seq == NULL || sequence > head) {
			p[0] = signer;
			p[1] = seq;
			p[2] = v->sha256;
			p[3] = rid;
			p[4] = now;
			if (fleet_db_query(db,
			        "INSERT INTO chain_heads (signer_id, sequence, sha256, report_id, updated_at)"
			        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (signer_id) DO UPDATE SET"
			        " sequence = excluded.sequence, sha256 = excluded.sha256,"
			        " report_id = excluded.report_id, updated_at = excluded.updated_at",
			        5, p, NULL, err, errlen) < 0)
				goto fail;
		}
	}
	if (fleet_db_commit(db, err, errlen) < 0)
		goto fail;
	ret = 0;
	goto out;
fail:
	fleet_db_rollback(db);
	fleet_import_clear(out);
	ret = -1;
out:
	free(signer);
	free(dup);
	free(head_seq);
	free(head_sha);
	free(holder);
	free(pred);
	free(dev);
	free(rid);
	free(en);
	free(ja);
	return ret;
}

/*
 * One report, tried again when its transaction failed: PostgreSQL may end a
 * transaction to break a deadlock (two collectors adding the same media in
 * another order), and filing is idempotent, so a retry is always safe.
 */
int
fleet_import(struct fleet *f, const char *source, const struct report_verification *v,
    struct fleet_import *out, char *err, size_t errlen)
{
	int attempt, rc = -1;

	for (attempt = 0; attempt < 3 && rc < 0; attempt++)
		rc = import_once(f, source, v, out, err, errlen);
	return rc;
}

int
fleet_known_trusted(struct fleet *f, const char *sha256, const char *sig_sha256, char *err, size_t errlen)
{
	const char *p[2] = { sha256, sig_sha256 };
	char *id = NULL;

	if (q1(f->db, "SELECT id FROM reports WHERE sha256 = ? AND sig_sha256 = ? AND status = 'trusted'",
	        2, p, &id, err, errlen) < 0)
		return -1;
	free(id);
	return id != NULL;
}
