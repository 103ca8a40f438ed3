/*
 * query.c: the questions `reentry fleet` answers. Each is one SELECT from a
 * view of the schema (schema.c), so an analyst gets the same answer with
 * plain SQL; docs/fleet.md lists them.
 */
#include <stdio.h>
#include <string.h>

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

/* Column titles for the terminal, by the views' column names (CSV keeps the names). */
static const struct {
	const char *col, *en, *ja;
} titles[] = {
	{ "day", "Day", "日付" },
	{ "desk", "Desk (key)", "窓口（鍵）" },
	{ "verdict", "Verdict", "判定" },
	{ "reports", "Reports", "報告書" },
	{ "devices", "Devices", "機器" },
	{ "ended", "Ended", "終了日時" },
	{ "device_key", "Device", "機器" },
	{ "hostname", "Host", "ホスト名" },
	{ "asset_tag", "Asset tag", "資産番号" },
	{ "owner", "Owner", "使用者" },
	{ "report_id", "Report ID", "報告書 ID" },
	{ "item_id", "Item", "項目" },
	{ "title_en", "Title", "表題（英語）" },
	{ "note", "Note", "メモ" },
	{ "medium", "Medium", "メディア" },
	{ "medium_vendor", "Vendor", "製造元" },
	{ "medium_model", "Model", "型番" },
	{ "path", "Path", "パス" },
	{ "signature", "Signature", "検出名" },
	{ "sha256", "SHA-256", "SHA-256" },
	{ "outcome", "Outcome", "結果" },
	{ "kind", "Kind", "種別" },
	{ "sequence", "Seq.", "連番" },
	{ "collected_at", "Collected", "収集日時" },
	{ "status", "Status", "状態" },
	{ "source", "Source", "収集元" },
	{ "claimed_signer", "Claimed signer", "名乗った署名者" },
	{ "reason", "Reason", "理由" },
	{ "at", "At", "日時" },
	{ "head_sequence", "Head seq.", "先頭の連番" },
	{ "detail_en", "Detail", "詳細（英語）" },
};

const char *
fleet_column_title(const char *col, int ja)
{
	size_t i;

	for (i = 0; i < sizeof titles / sizeof titles[0]; i++)
		if (strcmp(titles[i].col, col) == 0)
			return ja ? titles[i].ja : titles[i].en;
	return col;
}

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
