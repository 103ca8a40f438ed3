/*
 * html.c: the human copy of a report as one self-contained HTML page.
 *
 * No external resources at all (a Content-Security-Policy forbids them),
 * every string from the report HTML-escaped, Japanese text marked
 * lang="ja" and set in a generic list of CJK fonts, an A4 print style, and
 * the verdict and failures at the top where a reader looks first.
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "../util/strbuf.h"
#include "../util/timefmt.h"
#include "../util/text.h"
#include "../util/xalloc.h"

/* Appends s HTML-escaped (NULL as ""); newlines kept, for the <pre> blocks of JSON. */
static void
esc_pre(struct strbuf *sb, const char *s)
{
	if (s == NULL)
		return;
	for (; *s; s++) {
		switch (*s) {
		case '&': sb_adds(sb, "&amp;"); break;
		case '<': sb_adds(sb, "&lt;"); break;
		case '>': sb_adds(sb, "&gt;"); break;
		case '"': sb_adds(sb, "&quot;"); break;
		case '\'': sb_adds(sb, "&#39;"); break;
		default:
			if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t')
				sb_adds(sb, "&#xFFFD;");
			else
				sb_addc(sb, *s);
		}
	}
}

/*
 * Appends untrusted s (NULL as "") with control characters, newlines
 * included, as visible escapes (text_sanitize()), then HTML-escaped.
 */
static void
esc(struct strbuf *sb, const char *s)
{
	char *t;

	if (s == NULL)
		return;
	t = text_sanitize(s);
	esc_pre(sb, t);
	free(t);
}

static const char *
str(const struct json *o, const char *key)
{
	const char *s = json_get_str(json_get(o, key));

	return s != NULL ? s : "";
}

/* <span lang="ja">..</span> / <span lang="en">..</span> of an {ja,en} object. */
static void
both(struct strbuf *sb, const struct json *t)
{
	sb_adds(sb, "<span lang=\"ja\">");
	esc(sb, str(t, "ja"));
	sb_adds(sb, "</span><br><span lang=\"en\" class=\"en\">");
	esc(sb, str(t, "en"));
	sb_adds(sb, "</span>");
}

static const char css[] =
    "@page{size:A4;margin:14mm 12mm}\n"
    "html{font-family:\"Noto Sans CJK JP\",\"Noto Sans JP\",\"IPAexGothic\",\"IPAGothic\","
    "\"Hiragino Kaku Gothic ProN\",\"Yu Gothic\",\"Meiryo\",sans-serif;font-size:10.5pt;"
    "color:#111;background:#fff;line-height:1.45}\n"
    ":lang(ja){font-family:\"Noto Sans CJK JP\",\"Noto Sans JP\",\"IPAexGothic\",\"IPAGothic\","
    "\"Hiragino Kaku Gothic ProN\",\"Yu Gothic\",\"Meiryo\",sans-serif}\n"
    "body{margin:0 auto;max-width:190mm;padding:6mm}\n"
    "h1{font-size:16pt;margin:0 0 4pt}h2{font-size:12.5pt;margin:14pt 0 4pt;"
    "border-bottom:1px solid #999}h3{font-size:11pt;margin:10pt 0 3pt}\n"
    ".verdict{border:2px solid;padding:6pt 10pt;margin:8pt 0;font-size:13pt;font-weight:bold}\n"
    ".v-pass{border-color:#1a7f37;color:#1a7f37}.v-fail{border-color:#b3261e;color:#b3261e}"
    ".v-incomplete{border-color:#9a6700;color:#9a6700}\n"
    ".counts{font-weight:normal;font-size:10pt;color:#111}\n"
    "table{border-collapse:collapse;width:100%;margin:4pt 0}th,td{border:1px solid #bbb;"
    "padding:2pt 4pt;vertical-align:top;text-align:left}th{background:#eee}\n"
    "tr{break-inside:avoid;page-break-inside:avoid}thead{display:table-header-group}\n"
    ".en{color:#444;font-size:9.5pt}.o-failed{color:#b3261e;font-weight:bold}"
    ".o-waived{color:#9a6700}.o-passed{color:#1a7f37}.o-needs-attention{color:#9a6700;"
    "font-weight:bold}.o-stood{color:#6639ba}.chk{margin:0 0 3pt}\n"
    "td.id{white-space:nowrap}\n"
    "td.note{white-space:pre-wrap}\n"
    ".mono{font-family:monospace;font-size:8.5pt;word-break:break-all}\n"
    "pre{white-space:pre-wrap;word-break:break-all;font-size:8pt;margin:2pt 0}\n"
    "@media "
    "print{body{padding:0}.verdict{print-color-adjust:exact;-webkit-print-color-adjust:exact}}\n";

/* One row of the facts table. */
static void
fact(struct strbuf *sb, const char *ja, const char *en, const char *value, int mono)
{
	sb_adds(sb, "<tr><th><span lang=\"ja\">");
	esc(sb, ja);
	sb_adds(sb, "</span> / ");
	esc(sb, en);
	sb_addf(sb, "</th><td%s>", mono ? " class=\"mono\"" : "");
	esc(sb, value);
	sb_adds(sb, "</td></tr>\n");
}

/* A record's UTC time in the local zone with the zone, in buf (TIME_LOCAL_LEN); utc itself when unreadable. */
static const char *
local_time(const char *utc, char *buf)
{
	time_t t;

	if (time_parse_iso(utc, &t) < 0)
		return utc;
	time_local(t, 0, buf);
	return buf;
}

/* The device record's rows: asset tag, serial, model, owner and the site's fields. */
static void
device_record_facts(struct strbuf *sb, const struct json *r)
{
	const struct json *rec = json_get(r, "device_record"), *f = json_get(rec, "fields");
	size_t i;

	if (!json_is(rec, JSON_OBJECT))
		return;
	fact(sb, "資産番号", "Asset tag", str(rec, "asset_tag"), 1);
	fact(sb, "製造番号", "Serial number", str(rec, "serial"), 1);
	fact(sb, "機種", "Model", str(rec, "model"), 0);
	fact(sb, "使用者（返却者）", "Owner (returning it)", str(rec, "owner"), 0);
	for (i = 0; i < json_len(f); i++)
		fact(sb, json_key_at(f, i), json_key_at(f, i), json_get_str(json_at(f, i)), 0);
}

/* The item's bound checks: id, status and summary in both languages, one paragraph each. */
static void
check_facts(struct strbuf *sb, const struct json *r, const struct json *e)
{
	const struct json *ids = json_get(e, "checks");
	size_t j;

	for (j = 0; j < json_len(ids); j++) {
		const char *id = json_get_str(json_at(ids, j));
		const struct json *c = report_check_result(r, id);

		sb_adds(sb, "<div class=\"chk\"><span class=\"mono\">");
		esc(sb, id);
		sb_adds(sb, ": ");
		if (c == NULL) {
			sb_adds(sb, "</span><span lang=\"ja\">未実行</span> / did not run</div>");
			continue;
		}
		esc(sb, str(c, "status"));
		sb_adds(sb, "</span> ");
		both(sb, json_get(c, "summary"));
		sb_adds(sb, "</div>");
	}
}

/* "<ja words><br><en words>" for a basis where a person stood in. */
static void
basis_words(struct strbuf *sb, const char *basis)
{
	sb_adds(sb, "<span lang=\"ja\">");
	esc(sb, report_basis_words(basis, 1));
	sb_adds(sb, "</span><br><span lang=\"en\" class=\"en\">");
	esc(sb, report_basis_words(basis, 0));
	sb_adds(sb, "</span>");
}

/* The items a person decided over their checks, with what the checks said and the person's note. */
static void
stood_in_list(struct strbuf *sb, const struct json *r)
{
	const struct json *items = json_get(r, "items");
	struct report_item_decision d;
	size_t i, n = 0;

	for (i = 0; i < json_len(items); i++) {
		const struct json *e = json_at(items, i);

		report_item_decision(r, e, &d);
		if (d.outcome == NULL || !report_basis_stood_in(d.basis))
			continue;
		if (n++ == 0)
			sb_adds(sb,
			    "<h3 class=\"o-stood\" id=\"stood-in\"><span "
			    "lang=\"ja\">担当者が検査に代わって判定した項目</span> / Decided by a person "
			    "over the checks</h3>\n<table><thead><tr><th>ID</th><th>項目 / "
			    "Item</th><th>判定 / Decision</th><th>検査 / Checks</th><th>メモ / "
			    "Note</th></tr></thead><tbody>\n");
		sb_adds(sb, "<tr><td class=\"id\">");
		esc(sb, str(e, "id"));
		sb_adds(sb, "</td><td>");
		both(sb, json_get(e, "title"));
		sb_adds(sb, "</td><td>");
		esc(sb, d.outcome);
		sb_adds(sb, ": ");
		basis_words(sb, d.basis);
		sb_adds(sb, "</td><td>");
		check_facts(sb, r, e);
		sb_adds(sb, "</td><td>");
		esc(sb, str(e, "note"));
		sb_adds(sb, "<br><span class=\"en\">");
		esc(sb, str(r, "operator"));
		sb_adds(sb, " (");
		esc(sb, str(r, "role"));
		sb_adds(sb, ")</span></td></tr>\n");
	}
	if (n > 0)
		sb_adds(sb, "</tbody></table>\n");
}

/* The list of items whose outcome is o (a table), or nothing; with_checks adds what their checks said. */
static void
item_list(struct strbuf *sb, const struct json *r, const char *o, const char *ja, const char *en,
    int with_checks)
{
	const struct json *items = json_get(r, "items");
	size_t i, n = 0;

	for (i = 0; i < json_len(items); i++) {
		const struct json *e = json_at(items, i);

		if (strcmp(str(e, "outcome"), o) != 0)
			continue;
		if (n++ == 0) {
			sb_addf(sb, "<h3 class=\"o-%s\"><span lang=\"ja\">", o);
			esc(sb, ja);
			sb_adds(sb, "</span> / ");
			esc(sb, en);
			sb_adds(sb,
			    "</h3>\n<table><thead><tr><th>ID</th><th>項目 / Item</th>"
			    "<th>メモ / Note</th></tr></thead><tbody>\n");
		}
		sb_adds(sb, "<tr><td class=\"id\">");
		esc(sb, str(e, "id"));
		sb_adds(sb, "</td><td>");
		both(sb, json_get(e, "title"));
		sb_adds(sb, "</td><td>");
		if (with_checks)
			check_facts(sb, r, e);
		esc(sb, str(e, "note"));
		if (json_is(json_get(e, "waiver"), JSON_OBJECT)) {
			const struct json *w = json_get(e, "waiver");

			sb_adds(sb, "<br>waiver: ");
			esc(sb, str(w, "approved_by"));
			sb_adds(sb, ", ");
			esc(sb, str(w, "reason"));
			sb_adds(sb, ", until ");
			esc(sb, str(w, "until"));
		}
		sb_adds(sb, "</td></tr>\n");
	}
	if (n > 0)
		sb_adds(sb, "</tbody></table>\n");
}

/* A table of the files of a scan's list (infected or unscannable), under its own heading. */
static void
scan_files(struct strbuf *sb, const struct json *details, const char *list, const char *why,
    const char *ja, const char *en)
{
	const struct json *a = json_get(details, list);
	size_t i;
	char key[32];

	if (json_len(a) == 0)
		return;
	sb_addf(sb, "<p><strong><span lang=\"ja\">%s</span> / %s: %zu</strong></p>\n<table>\n", ja,
	    en, json_len(a));
	for (i = 0; i < json_len(a); i++) {
		sb_adds(sb, "<tr><td class=\"mono\">");
		esc(sb, str(json_at(a, i), "path"));
		sb_adds(sb, "</td><td class=\"mono\">");
		esc(sb, str(json_at(a, i), why));
		/* the reason in Japanese too, when the scan gave one */
		if (snprintf(key, sizeof key, "%s_ja", why) < (int)sizeof key &&
		    str(json_at(a, i), key)[0] != '\0') {
			sb_adds(sb, "<br><span lang=\"ja\">");
			esc(sb, str(json_at(a, i), key));
			sb_adds(sb, "</span>");
		}
		sb_adds(sb, "</td></tr>\n");
	}
	sb_adds(sb, "</table>\n");
}

/* A scan's counts; every file is in the manifest beside the report, never listed here. */
static void
scan_counts(struct strbuf *sb, const struct json *r, const struct json *details)
{
	const struct json *m = json_get(r, "manifest");

	if (!json_is(json_get(details, "files_scanned"), JSON_INT))
		return;
	sb_addf(sb,
	    "<p><span lang=\"ja\">検査したファイル</span> / files scanned: %lld, "
	    "<span lang=\"ja\">感染</span> / infected: %zu, "
	    "<span lang=\"ja\">未検査</span> / not checked: %zu</p>\n",
	    (long long)json_get_int(json_get(details, "files_scanned"), 0),
	    json_len(json_get(details, "infected")), json_len(json_get(details, "unscannable")));
	if (json_is(json_get(details, "manifest"), JSON_OBJECT) && json_is(m, JSON_OBJECT)) {
		sb_adds(sb,
		    "<p><span lang=\"ja\">全ファイルの一覧</span> / every file: <span "
		    "class=\"mono\">");
		esc(sb, str(m, "file"));
		sb_adds(sb, "</span> (SHA-256 <span class=\"mono\">");
		esc(sb, str(m, "sha256"));
		sb_adds(sb, "</span>)</p>\n");
	}
}

char *
report_html(const struct json *r)
{
	struct strbuf sb = STRBUF_INIT, tmp = STRBUF_INIT;
	const struct json *v = json_get(r, "verdict"), *items = json_get(r, "items");
	const struct json *checks = json_get(r, "checks"), *cl = json_get(r, "checklist");
	const struct json *chain = json_get(r, "chain"), *prev = json_get(chain, "previous");
	const char *res = str(v, "result"), *cat = NULL;
	size_t i, attention, stood_in;
	char buf[64], *dev;

	report_attention_counts(r, &attention, &stood_in);
	sb_adds(&sb,
	    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	    "style-src 'unsafe-inline'\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width\">\n"
	    "<title>");
	esc(&sb, str(r, "report_id"));
	sb_adds(&sb, "</title>\n<style>\n");
	sb_adds(&sb, css);
	sb_adds(&sb,
	    "</style>\n</head>\n<body>\n<h1><span lang=\"ja\">点検報告書</span> / Check "
	    "report</h1>\n");
	both(&sb, json_get(cl, "title"));
	sb_adds(&sb, "\n<p id=\"who\"><span lang=\"ja\">端末</span> / Device: ");
	dev = report_device_label(r);
	esc(&sb, dev);
	free(dev);
	sb_adds(&sb, " &#8212; <span lang=\"ja\">担当者</span> / Operator: ");
	esc(&sb, str(r, "operator"));
	sb_adds(&sb, " (");
	esc(&sb, str(r, "role"));
	sb_adds(&sb, ") &#8212; ");
	esc(&sb, local_time(str(r, "ended"), buf));
	sb_adds(&sb, "</p>");
	sb_addf(&sb, "\n<div class=\"verdict v-%s\" id=\"verdict\">",
	    strcmp(res, "pass") == 0     ? "pass" :
	        strcmp(res, "fail") == 0 ? "fail" :
	                                   "incomplete");
	if (strcmp(res, "pass") == 0)
		sb_adds(&sb, "<span lang=\"ja\">合格</span> / PASS");
	else if (strcmp(res, "fail") == 0)
		sb_adds(&sb, "<span lang=\"ja\">不合格</span> / FAIL");
	else
		sb_adds(&sb, "<span lang=\"ja\">未完了</span> / INCOMPLETE");
	sb_addf(&sb,
	    "<div class=\"counts\">%lld items: %lld decided automatically, %lld answered, "
	    "%lld waived, %lld failed, %lld not applicable, %lld undetermined, %zu need attention; "
	    "%zu decided by a person over the checks</div></div>\n",
	    (long long)json_get_int(json_get(v, "total"), 0),
	    (long long)json_get_int(json_get(v, "automatic"), 0),
	    (long long)json_get_int(json_get(v, "answered"), 0),
	    (long long)json_get_int(json_get(v, "waived"), 0),
	    (long long)json_get_int(json_get(v, "failed"), 0),
	    (long long)json_get_int(json_get(v, "not_applicable"), 0),
	    (long long)json_get_int(json_get(v, "undetermined"), 0), attention, stood_in);
	item_list(&sb, r, "failed", "不合格の項目", "Failed items", 0);
	item_list(&sb, r, "needs-attention", "要対応の項目（検査が警告し、IT 担当者が受け入れていない）",
	    "Items needing attention (a check warned and nobody in IT accepted it)", 1);
	item_list(&sb, r, "undetermined", "判定できなかった項目", "Undetermined items", 1);
	item_list(&sb, r, "open", "未回答の項目", "Unanswered items", 0);
	item_list(&sb, r, "waived", "例外承認された項目", "Waived items", 0);
	stood_in_list(&sb, r);

	sb_adds(&sb, "<h2><span lang=\"ja\">概要</span> / Summary</h2>\n<table>\n");
	fact(&sb, "報告書", "Report", str(r, "report_id"), 1);
	dev = report_device_label(r);
	fact(&sb, "端末", "Device", dev, 0);
	free(dev);
	fact(&sb, "担当者", "Operator", str(r, "operator"), 0);
	fact(&sb, "役割", "Role", str(r, "role"), 0);
	device_record_facts(&sb, r);
	fact(&sb, "開始", "Started", local_time(str(r, "started"), buf), 0);
	fact(&sb, "終了", "Ended", local_time(str(r, "ended"), buf), 0);
	fact(&sb, "開始 (UTC)", "Started (UTC)", str(r, "started"), 0);
	fact(&sb, "終了 (UTC)", "Ended (UTC)", str(r, "ended"), 0);
	sb_addf(&tmp, "%s %s", str(cl, "id"), str(cl, "version"));
	fact(&sb, "チェックリスト", "Checklist", sb_str(&tmp), 0);
	sb_truncate(&tmp, 0);
	fact(&sb, "チェックリストのSHA-256", "Checklist SHA-256", str(cl, "sha256"), 1);
	snprintf(buf, sizeof buf, "%lld", (long long)json_get_int(json_get(chain, "sequence"), 0));
	fact(&sb, "通し番号", "Sequence", buf, 0);
	fact(&sb, "前の報告書", "Previous report",
	    json_is(prev, JSON_OBJECT) ? str(prev, "report") : "(none)", 1);
	fact(&sb, "前の報告書のSHA-256", "Previous SHA-256",
	    json_is(prev, JSON_OBJECT) ? str(prev, "sha256") : "", 1);
	fact(&sb, "署名鍵", "Signing key", str(json_get(r, "signature"), "key_fingerprint"), 1);
	fact(&sb, "ツール", "Tool", str(json_get(r, "tool"), "version"), 0);
	sb_adds(&sb, "</table>\n<h3><span lang=\"ja\">端末の記録</span> / Device record</h3>\n<pre>");
	json_write(json_get(r, "device"), &tmp, JSON_PRETTY);
	esc(&sb, sb_str(&tmp));
	sb_adds(&sb, "</pre>\n");
	sb_free(&tmp);

	sb_adds(&sb, "<h2><span lang=\"ja\">全項目</span> / All items</h2>\n");
	for (i = 0; i < json_len(items); i++) {
		const struct json *e = json_at(items, i), *c = json_get(e, "category");
		const struct json *ids = json_get(e, "checks");
		struct report_item_decision d;
		size_t j;

		if (cat == NULL || strcmp(cat, str(c, "id")) != 0) {
			if (cat != NULL)
				sb_adds(&sb, "</tbody></table>\n");
			cat = str(c, "id");
			sb_adds(&sb, "<h3>");
			esc(&sb, cat);
			sb_adds(&sb, ". ");
			both(&sb, json_get(c, "title"));
			sb_adds(&sb,
			    "</h3>\n<table><thead><tr><th>ID</th><th>項目 / Item</th>"
			    "<th>回答 / Answer</th><th>結果 / Outcome</th><th>メモ / Note</th>"
			    "<th>チェック / Checks</th></tr></thead><tbody>\n");
		}
		sb_adds(&sb, "<tr><td class=\"id\">");
		esc(&sb, str(e, "id"));
		sb_adds(&sb, "</td><td>");
		both(&sb, json_get(e, "title"));
		sb_adds(&sb, "</td><td>");
		esc(&sb, json_is(json_get(e, "answer"), JSON_STRING) ? str(e, "answer") : "—");
		sb_addf(&sb, "</td><td class=\"o-%s\">", str(e, "outcome"));
		esc(&sb, json_get_bool(json_get(e, "shown"), 0) ? str(e, "outcome") : "(not for this role)");
		report_item_decision(r, e, &d);
		if (d.outcome != NULL && report_basis_stood_in(d.basis)) {
			sb_adds(&sb, "<br>");
			basis_words(&sb, d.basis);
		}
		sb_adds(&sb, "</td><td class=\"note\">");
		esc(&sb, str(e, "note"));
		sb_adds(&sb, "</td><td class=\"mono\">");
		for (j = 0; j < json_len(ids); j++) {
			if (j > 0)
				sb_adds(&sb, ", ");
			esc(&sb, json_get_str(json_at(ids, j)));
		}
		sb_adds(&sb, "</td></tr>\n");
	}
	if (cat != NULL)
		sb_adds(&sb, "</tbody></table>\n");

	sb_adds(&sb,
	    "<h2><span lang=\"ja\">自動チェックと証跡</span> / Automatic checks and "
	    "evidence</h2>\n");
	if (json_len(checks) == 0)
		sb_adds(&sb,
		    "<p><span lang=\"ja\">自動チェックはありません。</span> / No automatic checks "
		    "ran.</p>\n");
	for (i = 0; i < json_len(checks); i++) {
		const struct json *c = json_at(checks, i);
		struct strbuf ev = STRBUF_INIT;

		sb_adds(&sb, "<h3 class=\"mono\">");
		esc(&sb, str(c, "id"));
		sb_adds(&sb, ": ");
		esc(&sb, str(c, "status"));
		sb_adds(&sb, "</h3>\n<p>");
		both(&sb, json_get(c, "summary"));
		sb_adds(&sb, "</p>\n");
		scan_files(&sb, json_get(c, "details"), "infected", "signature",
		    "感染ファイル（使用禁止）", "Infected files (do not use)");
		scan_files(&sb, json_get(c, "details"), "unscannable", "reason",
		    "検査できなかったファイル（IT 担当が確認）",
		    "Files that could not be checked (IT must look at them)");
		scan_counts(&sb, r, json_get(c, "details"));
		sb_adds(&sb, "<pre>");
		json_write(json_get(c, "evidence"), &ev, JSON_PRETTY);
		esc_pre(&sb, sb_str(&ev));
		sb_truncate(&ev, 0);
		sb_adds(&sb, "</pre>\n<pre>");
		json_write(json_get(c, "details"), &ev, JSON_PRETTY);
		esc_pre(&sb, sb_str(&ev));
		sb_adds(&sb, "</pre>\n");
		sb_free(&ev);
	}
	sb_adds(&sb,
	    "<p class=\"en\">The signed JSON file beside this page is the report of record; "
	    "this page is a copy for reading and printing.</p>\n</body>\n</html>\n");
	return sb_detach(&sb);
}
