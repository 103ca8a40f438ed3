/*
 * query.c: the questions `reentry fleet` answers. Each is one SELECT from a
 * view of the schema (schema.c), so an analyst gets the same answer with
 * plain SQL; docs/fleet.md lists them.
 */
#include <stdio.h>

#include "fleet.h"

static const char *const questions[] = {
	[FLEET_Q_SUMMARY] = "SELECT day, desk, verdict, reports, devices FROM fleet_summary"
	                    " WHERE day >= ? ORDER BY day, desk, verdict",
	[FLEET_Q_FAILURES] = "SELECT ended, device_key, hostname, desk, report_id, item_id, title_en,"
	                     " note FROM fleet_failures ORDER BY ended DESC, device_key, item_id",
	[FLEET_Q_INFECTED] = "SELECT ended, desk, medium, medium_vendor, medium_model, hostname, path,"
	                     " signature, sha256 FROM fleet_media_files WHERE kind = 'infected'"
	                     " ORDER BY ended DESC, path",
	[FLEET_Q_OPEN] = "SELECT item_id, outcome, devices, title_en FROM fleet_open_items"
	                 " ORDER BY devices DESC, item_id, outcome",
	[FLEET_Q_DEVICE] = "SELECT ended, device_key, kind, desk, verdict, hostname, asset_tag, owner,"
	                   " report_id, sequence FROM fleet_device_history"
	                   " WHERE serial = ? OR device_key = ? OR hostname = ? OR asset_tag = ?"
	                   " ORDER BY ended, report_id",
	[FLEET_Q_REJECTED] = "SELECT collected_at, status, source, claimed_signer, report_id, sequence,"
	                     " reason FROM fleet_rejected ORDER BY collected_at, source",
	[FLEET_Q_CHAIN] = "SELECT at, desk, kind, sequence, head_sequence, report_id, source, detail_en"
	                  " FROM fleet_chain_events ORDER BY at, desk, sequence",
};

const char *
fleet_question_sql(enum fleet_question q)
{
	return questions[q];
}

int
fleet_ask(struct fleet *f, enum fleet_question q, const char *arg, struct fleet_rows *out,
    char *err, size_t errlen)
{
	const char *a = arg != NULL ? arg : "", *p[4] = { a, a, a, a };
	size_t n = q == FLEET_Q_SUMMARY ? 1 : q == FLEET_Q_DEVICE ? 4 : 0;

	return fleet_db_query(f->db, questions[q], n, p, out, err, errlen);
}
