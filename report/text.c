/*
 * text.c: the plain-text summary of a report, and its CSV row.
 *
 * The text copy is meant to be read in a terminal or mailed, so every
 * string from the report goes through text_sanitize(). CSV follows RFC 4180
 * (CRLF, quoted fields) and defuses cells a spreadsheet would run as a
 * formula.
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "../util/strbuf.h"
#include "../util/timefmt.h"
#include "../util/text.h"
#include "../util/xalloc.h"

static const char *
str(const struct json *o, const char *key)
{
	const char *s = json_get_str(json_get(o, key));

	return s != NULL ? s : "";
}

/* Appends s made safe for a terminal. */
static void
safe(struct strbuf *sb, const char *s)
{
	char *t = text_sanitize(s != NULL ? s : "");

	sb_adds(sb, t);
	free(t);
}

/* A record's UTC time in the local zone, with the UTC it keeps: "2026-… JST (+0900) = …Z". */
static void
local_time(struct strbuf *sb, const char *utc)
{
	char buf[TIME_LOCAL_LEN];
	time_t t;

	if (time_parse_iso(utc, &t) < 0) {
		safe(sb, utc);
		return;
	}
	time_local(t, 0, buf);
	sb_adds(sb, buf);
	sb_adds(sb, " = ");
	sb_adds(sb, utc);
}

/* The device record's lines (asset tag, serial, model, owner, site fields), values sanitised. */
static void
device_record_lines(struct strbuf *sb, const struct json *r)
{
	static const char *const rk[][2] = { { "asset_tag", "Asset tag: " },
		{ "serial", "Serial:    " }, { "model", "Model:     " }, { "owner", "Owner:     " } };
	const struct json *rec = json_get(r, "device_record"), *f = json_get(rec, "fields");
	size_t i;

	if (!json_is(rec, JSON_OBJECT))
		return;
	for (i = 0; i < 4; i++) {
		sb_adds(sb, rk[i][1]);
		safe(sb, str(rec, rk[i][0]));
		sb_adds(sb, "\n");
	}
	for (i = 0; i < json_len(f); i++) {
		sb_adds(sb, "Field ");
		safe(sb, json_key_at(f, i));
		sb_adds(sb, ": ");
		safe(sb, json_get_str(json_at(f, i)));
		sb_adds(sb, "\n");
	}
}

/* A note under its item, every line of it sanitised and indented (passed items too). */
static void
note_lines(struct strbuf *sb, const char *note)
{
	const char *p = note, *nl;
	int first = 1;

	if (note == NULL || note[0] == '\0')
		return;
	for (;;) {
		char *line;

		nl = strchr(p, '\n');
		line = xstrndup(p, nl != NULL ? (size_t)(nl - p) : strlen(p));
		sb_adds(sb, first ? "        note (メモ): " : "                     ");
		safe(sb, line);
		sb_adds(sb, "\n");
		free(line);
		first = 0;
		if (nl == NULL)
			break;
		p = nl + 1;
	}
}

static long long
num(const struct json *o, const char *key)
{
	return (long long)json_get_int(json_get(o, key), 0);
}

#define INDENT "                   "

/* The item's bound checks, one line each: id, status and summary in both languages. */
static void
check_lines(struct strbuf *sb, const struct json *r, const struct json *e)
{
	const struct json *ids = json_get(e, "checks");
	size_t j;

	for (j = 0; j < json_len(ids); j++) {
		const char *id = json_get_str(json_at(ids, j));
		const struct json *c = report_check_result(r, id);

		sb_adds(sb, INDENT "check ");
		safe(sb, id);
		if (c == NULL) {
			sb_adds(sb, ": did not run (実行されていない)\n");
			continue;
		}
		sb_adds(sb, ": ");
		safe(sb, str(c, "status"));
		sb_adds(sb, ": ");
		safe(sb, str(json_get(c, "summary"), "en"));
		sb_adds(sb, "\n" INDENT "  ");
		safe(sb, str(json_get(c, "summary"), "ja"));
		sb_adds(sb, "\n");
	}
}

/* The items a person decided over their checks, with both facts: what the checks said and the note. */
static void
stood_in_section(struct strbuf *sb, const struct json *r)
{
	const struct json *items = json_get(r, "items");
	struct report_item_decision d;
	size_t i;
	int any = 0;

	for (i = 0; i < json_len(items); i++) {
		const struct json *e = json_at(items, i);

		report_item_decision(r, e, &d);
		if (d.outcome == NULL || !report_basis_stood_in(d.basis))
			continue;
		if (!any++)
			sb_adds(sb,
			    "\nDecided by a person over the checks (担当者が検査に代わって判定した項目):\n");
		sb_adds(sb, "  ");
		safe(sb, str(e, "id"));
		sb_addf(sb, "  %-15s ", d.outcome);
		safe(sb, str(json_get(e, "title"), "en"));
		sb_adds(sb, "\n" INDENT);
		sb_adds(sb, report_basis_words(d.basis, 0));
		sb_adds(sb, "\n" INDENT);
		sb_adds(sb, report_basis_words(d.basis, 1));
		sb_adds(sb, "\n");
		check_lines(sb, r, e);
		sb_adds(sb, INDENT "note (");
		safe(sb, str(r, "operator"));
		sb_adds(sb, ", ");
		safe(sb, str(r, "role"));
		sb_adds(sb, "): ");
		safe(sb, str(e, "note"));
		sb_adds(sb, "\n");
	}
}

/* The files of a scan's list (infected or unscannable), each labelled, names escaped. */
static void
scan_files(struct strbuf *sb, const struct json *details, const char *list, const char *why,
    const char *label)
{
	const struct json *a = json_get(details, list);
	size_t i, n = json_len(a);
	char key[32];

	for (i = 0; i < n && i < 50; i++) {
		sb_addf(sb, INDENT "%s: ", label);
		safe(sb, str(json_at(a, i), "path"));
		sb_adds(sb, ": ");
		safe(sb, str(json_at(a, i), why));
		sb_adds(sb, "\n");
		/* the reason in Japanese too, when the scan gave one */
		if (snprintf(key, sizeof key, "%s_ja", why) < (int)sizeof key &&
		    str(json_at(a, i), key)[0] != '\0') {
			sb_adds(sb, INDENT "  （");
			safe(sb, str(json_at(a, i), key));
			sb_adds(sb, "）\n");
		}
	}
	if (n > 50)
		sb_addf(sb, INDENT "... and %zu more %s (in the JSON report)\n", n - 50, label);
}

/* A scan's counts; every file is in the manifest beside the report, never listed here. */
static void
scan_counts(struct strbuf *sb, const struct json *r, const struct json *details)
{
	const struct json *m = json_get(r, "manifest");

	if (!json_is(json_get(details, "files_scanned"), JSON_INT))
		return;
	sb_addf(sb,
	    INDENT "files scanned (検査したファイル): %lld, infected (感染): %zu, not checked (未検査): %zu\n",
	    (long long)json_get_int(json_get(details, "files_scanned"), 0),
	    json_len(json_get(details, "infected")), json_len(json_get(details, "unscannable")));
	if (json_is(json_get(details, "manifest"), JSON_OBJECT) && json_is(m, JSON_OBJECT)) {
		sb_adds(sb, INDENT "every file is listed in (全ファイルの一覧): ");
		safe(sb, str(m, "file"));
		sb_adds(sb, ", SHA-256 ");
		safe(sb, str(m, "sha256"));
		sb_adds(sb, "\n");
	}
}

char *
report_text(const struct json *r)
{
	struct strbuf sb = STRBUF_INIT;
	const struct json *v = json_get(r, "verdict"), *items = json_get(r, "items");
	const struct json *cl = json_get(r, "checklist"), *chain = json_get(r, "chain");
	const struct json *prev = json_get(chain, "previous"), *checks = json_get(r, "checks");
	const char *res = str(v, "result");
	size_t i, attention, stood_in;
	int any;
	char *dev;

	sb_adds(&sb, "reentry check report ");
	safe(&sb, str(r, "report_id"));
	sb_adds(&sb, "\n\nVERDICT: ");
	sb_adds(&sb,
	    strcmp(res, "pass") == 0     ? "PASS (合格)" :
	        strcmp(res, "fail") == 0 ? "FAIL (不合格)" :
	                                   "INCOMPLETE (未完了)");
	report_attention_counts(r, &attention, &stood_in);
	sb_addf(&sb,
	    "\n  %lld items: %lld automatic, %lld answered, %lld waived, %lld failed, "
	    "%lld n/a, %lld undetermined, %zu need attention\n"
	    "  %zu decided by a person over the checks\n\n",
	    num(v, "total"), num(v, "automatic"), num(v, "answered"), num(v, "waived"),
	    num(v, "failed"), num(v, "not_applicable"), num(v, "undetermined"), attention, stood_in);
	sb_adds(&sb, "Device:    ");
	dev = report_device_label(r);
	safe(&sb, dev);
	free(dev);
	sb_adds(&sb, "\nOperator:  ");
	safe(&sb, str(r, "operator"));
	sb_adds(&sb, " (");
	safe(&sb, str(r, "role"));
	sb_adds(&sb, ")\n");
	device_record_lines(&sb, r);
	sb_adds(&sb, "Started:   ");
	local_time(&sb, str(r, "started"));
	sb_adds(&sb, "\nEnded:     ");
	local_time(&sb, str(r, "ended"));
	sb_adds(&sb, "\nChecklist: ");
	safe(&sb, str(cl, "id"));
	sb_adds(&sb, " ");
	safe(&sb, str(cl, "version"));
	sb_adds(&sb, " sha256:");
	safe(&sb, str(cl, "sha256"));
	sb_addf(&sb, "\nSequence:  %lld, previous: ", num(chain, "sequence"));
	if (json_is(prev, JSON_OBJECT)) {
		safe(&sb, str(prev, "report"));
		sb_adds(&sb, " sha256:");
		safe(&sb, str(prev, "sha256"));
	} else
		sb_adds(&sb, "none");
	sb_adds(&sb, "\nSigner:    ");
	safe(&sb, str(json_get(r, "signature"), "key_fingerprint"));
	sb_adds(&sb, "\n");

	for (any = 0, i = 0; i < json_len(items); i++) {
		const struct json *e = json_at(items, i);
		const char *o = str(e, "outcome");

		if (strcmp(o, "failed") != 0 && strcmp(o, "waived") != 0 &&
		    strcmp(o, "undetermined") != 0 && strcmp(o, "open") != 0 &&
		    strcmp(o, "needs-attention") != 0)
			continue;
		if (!any++)
			sb_adds(&sb, "\nNot passed (合格していない項目):\n");
		sb_adds(&sb, "  ");
		safe(&sb, str(e, "id"));
		sb_addf(&sb, "  %-15s ", o);
		safe(&sb, str(json_get(e, "title"), "en"));
		sb_adds(&sb, "\n                   ");
		safe(&sb, str(json_get(e, "title"), "ja"));
		sb_adds(&sb, "\n");
		if (strcmp(o, "needs-attention") == 0)
			sb_adds(&sb,
			    INDENT "a check warned and nobody in IT accepted it\n" INDENT
			           "検査が警告し、IT 担当者が受け入れていない\n");
		if (strcmp(o, "needs-attention") == 0 || strcmp(o, "undetermined") == 0)
			check_lines(&sb, r, e);
		note_lines(&sb, str(e, "note"));
		if (json_is(json_get(e, "waiver"), JSON_OBJECT)) {
			const struct json *w = json_get(e, "waiver");

			sb_adds(&sb, "                   waiver: ");
			safe(&sb, str(w, "approved_by"));
			sb_adds(&sb, ", ");
			safe(&sb, str(w, "reason"));
			sb_adds(&sb, ", until ");
			safe(&sb, str(w, "until"));
			if (str(w, "ticket")[0] != '\0') {
				sb_adds(&sb, ", ticket ");
				safe(&sb, str(w, "ticket"));
			}
			sb_adds(&sb, "\n");
		}
	}

	stood_in_section(&sb, r);
	sb_adds(&sb, "\nItems:\n");
	for (i = 0; i < json_len(items); i++) {
		const struct json *e = json_at(items, i);

		if (!json_get_bool(json_get(e, "shown"), 0))
			continue;
		sb_adds(&sb, "  ");
		safe(&sb, str(e, "id"));
		sb_addf(&sb, "  %-15s %-4s ", str(e, "outcome"),
		    json_is(json_get(e, "answer"), JSON_STRING) ? str(e, "answer") : "-");
		safe(&sb, str(json_get(e, "title"), "en"));
		sb_adds(&sb, "\n");
		note_lines(&sb, str(e, "note"));
	}
	if (json_len(checks) > 0)
		sb_adds(&sb, "\nAutomatic checks:\n");
	for (i = 0; i < json_len(checks); i++) {
		const struct json *c = json_at(checks, i);

		sb_adds(&sb, "  ");
		safe(&sb, str(c, "id"));
		sb_adds(&sb, ": ");
		safe(&sb, str(c, "status"));
		sb_adds(&sb, ": ");
		safe(&sb, str(json_get(c, "summary"), "en"));
		sb_adds(&sb, "\n");
		scan_files(&sb, json_get(c, "details"), "infected", "signature", "INFECTED (感染)");
		scan_files(&sb, json_get(c, "details"), "unscannable", "reason",
		    "NOT CHECKED, IT must look (未検査)");
		scan_counts(&sb, r, json_get(c, "details"));
	}
	sb_adds(&sb, "\nThe signed JSON report beside this file is the report of record.\n");
	return sb_detach(&sb);
}

#define CSV_FIXED_HEADER                                                                           \
	"file,status,report_id,sequence,device,operator,role,started,ended,checklist,"             \
	"checklist_version,verdict,total,automatic,answered,waived,failed,not_applicable,"         \
	"undetermined,failed_items,signer,attention,stood_in,device_detail,infected,"              \
	"unscannable,infected_files,asset_tag,serial,model,owner"

const char *
report_csv_header(void)
{
	return CSV_FIXED_HEADER "\r\n";
}

static void csv_field(struct strbuf *sb, const char *raw, int last);

char *
report_csv_header_fields(const char *const *site, size_t nsite)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	sb_adds(&sb, CSV_FIXED_HEADER);
	for (i = 0; i < nsite; i++) {
		char *name = xasprintf("field:%s", site[i]);

		/* escaped as a cell: a key is the report's text */
		sb_addc(&sb, ',');
		csv_field(&sb, name, 1);
		sb_truncate(&sb, sb.len - 2);
		free(name);
	}
	sb_adds(&sb, "\r\n");
	return sb_detach(&sb);
}

/*
 * Appends one CSV field. Untrusted text is sanitised first, exactly as the
 * table output is (control bytes, newlines included, become visible
 * escapes); a cell a spreadsheet would run as a formula (=, +, -, @ first)
 * is defused with a leading quote; then the field is quoted when needed.
 */
static void
csv_field(struct strbuf *sb, const char *raw, int last)
{
	char *s = text_sanitize(raw != NULL ? raw : "");
	const char *p;
	int quote = 0;

	for (p = s; *p; p++)
		if (*p == ',' || *p == '"')
			quote = 1;
	if (quote)
		sb_addc(sb, '"');
	if (s[0] != '\0' && strchr("=+-@", s[0]) != NULL)
		sb_addc(sb, '\'');
	for (p = s; *p; p++) {
		if (*p == '"')
			sb_addc(sb, '"');
		sb_addc(sb, *p);
	}
	if (quote)
		sb_addc(sb, '"');
	sb_adds(sb, last ? "\r\n" : ",");
	free(s);
}

char *
report_csv_row(const struct json *r, const char *file, const char *status)
{
	return report_csv_row_fields(r, file, status, NULL, 0);
}

char *
report_csv_row_fields(const struct json *r, const char *file, const char *status,
    const char *const *site, size_t nsite)
{
	static const char *const rk[] = { "asset_tag", "serial", "model", "owner" };
	const struct json *rec = json_get(r, "device_record");
	static const char *const counts[] = { "total", "automatic", "answered", "waived", "failed",
		"not_applicable", "undetermined", NULL };
	struct strbuf sb = STRBUF_INIT, failed = STRBUF_INIT;
	const struct json *v = json_get(r, "verdict"), *items = json_get(r, "items");
	const char *const *c;
	char buf[32], *dev;
	size_t i, attention, stood_in, infected, unscannable;

	csv_field(&sb, file, 0);
	csv_field(&sb, status, 0);
	if (r == NULL) {
		for (i = 0; i < 29 + nsite; i++)
			csv_field(&sb, "", i == 28 + nsite);
		return sb_detach(&sb);
	}
	csv_field(&sb, str(r, "report_id"), 0);
	snprintf(buf, sizeof buf, "%lld", num(json_get(r, "chain"), "sequence"));
	csv_field(&sb, buf, 0);
	csv_field(&sb, report_device_name(r), 0);
	csv_field(&sb, str(r, "operator"), 0);
	csv_field(&sb, str(r, "role"), 0);
	csv_field(&sb, str(r, "started"), 0);
	csv_field(&sb, str(r, "ended"), 0);
	csv_field(&sb, str(json_get(r, "checklist"), "id"), 0);
	csv_field(&sb, str(json_get(r, "checklist"), "version"), 0);
	csv_field(&sb, str(v, "result"), 0);
	for (c = counts; *c != NULL; c++) {
		snprintf(buf, sizeof buf, "%lld", num(v, *c));
		csv_field(&sb, buf, 0);
	}
	for (i = 0; i < json_len(items); i++)
		if (strcmp(str(json_at(items, i), "outcome"), "failed") == 0)
			sb_addf(&failed, "%s%s", failed.len ? " " : "", str(json_at(items, i), "id"));
	csv_field(&sb, sb_str(&failed), 0);
	csv_field(&sb, str(json_get(r, "signature"), "key_fingerprint"), 0);
	report_attention_counts(r, &attention, &stood_in);
	snprintf(buf, sizeof buf, "%zu", attention);
	csv_field(&sb, buf, 0);
	snprintf(buf, sizeof buf, "%zu", stood_in);
	csv_field(&sb, buf, 0);
	dev = report_device_label(r);
	csv_field(&sb, dev, 0);
	free(dev);
	report_scan_counts(r, &infected, &unscannable);
	snprintf(buf, sizeof buf, "%zu", infected);
	csv_field(&sb, buf, 0);
	snprintf(buf, sizeof buf, "%zu", unscannable);
	csv_field(&sb, buf, 0);
	/* the first few infected files, so a spreadsheet names them */
	sb_truncate(&failed, 0);
	for (i = 0; i < json_len(json_get(r, "checks")); i++) {
		const struct json *a = json_get(json_get(json_at(json_get(r, "checks"), i), "details"),
		    "infected");
		size_t j;

		for (j = 0; j < json_len(a) && j < 5; j++)
			sb_addf(&failed, "%s%s", failed.len ? " | " : "", str(json_at(a, j), "path"));
	}
	csv_field(&sb, sb_str(&failed), 0);
	sb_free(&failed);
	for (i = 0; i < 4; i++)
		csv_field(&sb, str(rec, rk[i]), i == 3 && nsite == 0);
	for (i = 0; i < nsite; i++)
		csv_field(&sb, str(json_get(rec, "fields"), site[i]), i + 1 == nsite);
	return sb_detach(&sb);
}

/* One CSV field by the rules of the report rows, for other tables (reentry fleet --csv). */
void
report_csv_field(struct strbuf *sb, const char *raw, int last)
{
	csv_field(sb, raw, last);
}
