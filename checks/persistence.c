/*
 * persistence.c: the persistence check: did anything arrange to start by
 * itself (at boot, at log-on, on a schedule) during the telework period?
 * Malware that survives a reboot leaves such an entry behind.
 *
 * The probes (checks/linux/persistence.c, checks/windows/persistence.c) list
 * every startup entry created or changed at or after the start of the
 * period (the since parameter, else the site's telework_start), with its
 * command line and its evidence (the file and its mtime, or the hive, key
 * and the key's LastWrite time). The judge weighs each against the site's
 * persistence.allow globs (matched against the entry's name, command line
 * and place, ignoring case on Windows):
 *
 * pass:    nothing started by itself was added or changed in the period,
 *          apart from entries on the allow list, and everything was read.
 * warn:    entries added or changed in the period, not on the allow list,
 *          whose program lies in the system's own folders (System32,
 *          Program Files; /usr, /bin, /sbin, /lib, /etc): a person looks.
 * fail:    such an entry whose program lies elsewhere (a profile, AppData,
 *          a home directory, /tmp, ...), where malware puts itself.
 * unknown: no period configured, or a place could not be read (a damaged
 *          hive, an unreadable folder), without a failure to report.
 */
#include "persistence.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "new_software.h"
#include "../config/config.h"
#include "../util/errtext.h"
#include "../util/strbuf.h"
#include "../util/timefmt.h"
#include "../util/xalloc.h"

static const struct check_param persistence_params[] = {
	{ "since", CHECK_PARAM_STRING, 0, 0,
	    "start of the telework period (YYYY-MM-DD or ISO 8601 UTC); default: telework_start" },
	{ NULL, 0, 0, 0, NULL },
};

/* Each kind's name in the details, and in both languages. */
static const char *const kind_names[PERSIST_KIND_COUNT][3] = {
	[PERSIST_RUN] = { "run-key", "Run key", "Run キー" },
	[PERSIST_SERVICE] = { "service", "service", "サービス" },
	[PERSIST_TASK] = { "scheduled-task", "scheduled task", "タスク スケジューラ" },
	[PERSIST_SYSTEMD] = { "systemd-unit", "systemd unit", "systemd ユニット" },
	[PERSIST_TIMER] = { "systemd-timer", "systemd timer", "systemd タイマー" },
	[PERSIST_CRON] = { "cron", "cron", "cron" },
	[PERSIST_AUTOSTART] = { "xdg-autostart", "XDG autostart", "XDG 自動起動" },
	[PERSIST_RC_LOCAL] = { "rc.local", "rc.local", "rc.local" },
};

/* What the evaluation does not see, said in every result (details.limits). */
static const char *const linux_limits[][2] = {
	{ "an entry is dated by its file's mtime, which its owner can set back; a file whose mtime "
	  "predates the period is not listed",
	    "各項目はファイルの更新時刻 (mtime) で判定します。所有者は時刻を戻せるため、期間より前の時刻の"
	    "ファイルは表示しません" },
	{ "units shipped by packages (/lib/systemd, /usr/lib/systemd) are not listed: new-software "
	  "reports the packages; cron and /etc units that packages ship are listed like any other",
	    "パッケージが配置するユニット (/lib/systemd, /usr/lib/systemd) は対象外です（パッケージは "
	    "new-software が報告します）。cron と /etc のユニットはパッケージ由来でも表示します" },
	{ "shell start-up files (.bashrc, .profile), udev rules, kernel modules and at jobs are not read",
	    "シェルの起動ファイル (.bashrc, .profile)、udev ルール、カーネルモジュール、at ジョブは"
	    "読みません" },
};
static const char *const windows_limits[][2] = {
	{ "the registry keeps no time per value: a Run value is dated by its key's LastWrite, so every "
	  "value of a key written in the period is listed",
	    "レジストリには値ごとの時刻がないため、Run の値はキーの最終書き込み時刻で判定します。期間内に"
	    "書き込まれたキーの値はすべて表示します" },
	{ "a service is dated by its key's LastWrite, which Windows updates also touch; a scheduled "
	  "task by its file's mtime",
	    "サービスはキーの最終書き込み時刻（Windows Update でも更新されます）、タスクはファイルの更新"
	    "時刻で判定します" },
	{ "Winlogon, AppInit_DLLs, Image File Execution Options, WMI subscriptions, Startup folders and "
	  "browser extensions are not read",
	    "Winlogon、AppInit_DLLs、Image File Execution Options、WMI サブスクリプション、スタートアップ"
	    "フォルダー、ブラウザー拡張機能は読みません" },
};

void
persistence_facts_free(void *facts)
{
	struct persistence_facts *f = facts;
	size_t i;

	for (i = 0; i < f->n; i++) {
		free(f->v[i].name);
		free(f->v[i].command);
		free(f->v[i].where);
		free(f->v[i].user);
		free(f->v[i].detail);
	}
	free(f->v);
	for (i = 0; i < f->nproblems; i++)
		free(f->problems[i]);
	free(f->problems);
	for (i = 0; i < f->nnotes; i++)
		free(f->notes[i]);
	free(f->notes);
}

struct persist_entry *
persistence_add(struct persistence_facts *f, enum persist_kind kind)
{
	struct persist_entry *e;

	f->v = xreallocarray(f->v, f->n + 1, sizeof *f->v);
	e = &f->v[f->n++];
	memset(e, 0, sizeof *e);
	e->kind = kind;
	return e;
}

void
persistence_problem(struct persistence_facts *f, char *msg)
{
	f->problems = xreallocarray(f->problems, f->nproblems + 1, sizeof *f->problems);
	f->problems[f->nproblems++] = msg;
}

void
persistence_note(struct persistence_facts *f, char *msg)
{
	f->notes = xreallocarray(f->notes, f->nnotes + 1, sizeof *f->notes);
	f->notes[f->nnotes++] = msg;
}

/* The first allow pattern that matches e's name, command or place, or NULL. */
static const char *
allowed(const struct check_ctx *ctx, const struct persistence_facts *f, const struct persist_entry *e)
{
	char *const *pats = ctx->cfg->persistence_allow;
	const char *subj[3] = { e->name, e->command, e->where };
	size_t i, j;

	for (i = 0; pats != NULL && pats[i] != NULL; i++)
		for (j = 0; j < 3; j++)
			if (subj[j] != NULL &&
			    fnmatch(pats[i], subj[j], f->windows ? FNM_CASEFOLD : 0) == 0)
				return pats[i];
	return NULL;
}

static struct json *
strings_json(char *const *v, size_t n)
{
	struct json *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_arr_push(a, json_str(v[i]));
	return a;
}

/* "Run key 'Updater' (Alice)" into both buffers. */
static void
name_entry(struct strbuf *en, struct strbuf *ja, const struct persist_entry *e)
{
	sb_addf(en, "%s '%s'", kind_names[e->kind][1], e->name);
	sb_addf(ja, "%s「%s」", kind_names[e->kind][2], e->name);
	if (e->user != NULL) {
		sb_addf(en, " (%s)", e->user);
		sb_addf(ja, "（%s）", e->user);
	}
}

/* At most three entries of one level named, then "and N more". */
static void
name_some(struct strbuf *en, struct strbuf *ja, const struct persistence_facts *f,
    const enum check_status *levels, enum check_status want, size_t count)
{
	size_t i, shown = 0;

	for (i = 0; i < f->n && shown < 3; i++) {
		if (levels[i] != want)
			continue;
		if (shown++ > 0) {
			sb_adds(en, ", ");
			sb_adds(ja, "、");
		}
		name_entry(en, ja, &f->v[i]);
	}
	if (count > shown) {
		sb_addf(en, " and %zu more", count - shown);
		sb_addf(ja, " ほか %zu 件", count - shown);
	}
}

static void
persistence_judge(const struct check_ctx *ctx, const void *facts, struct check_result *res)
{
	const struct persistence_facts *f = facts;
	struct strbuf en = STRBUF_INIT, ja = STRBUF_INIT;
	char *pja;
	enum check_status *levels = xcalloc(f->n ? f->n : 1, sizeof *levels);
	size_t nfail = 0, nwarn = 0, nallowed = 0, i;
	char since[TIME_ISO_LEN];
	struct json *a;

	time_iso_utc(f->since, since);
	json_obj_set(res->details, "since", json_str(since));
	json_obj_set(res->details, "examined", json_int((long long)f->examined));
	a = json_obj_set(res->details, "entries", json_array());
	for (i = 0; i < f->n; i++) {
		const struct persist_entry *e = &f->v[i];
		const char *hit = allowed(ctx, f, e);
		struct json *o = json_arr_push(a, json_object()), *why;
		char when[TIME_ISO_LEN];

		json_obj_set(o, "kind", json_str(kind_names[e->kind][0]));
		json_obj_set(o, "name", json_str(e->name));
		json_obj_set(o, "command", json_str(e->command));
		json_obj_set(o, "where", json_str(e->where));
		if (e->user != NULL)
			json_obj_set(o, "user", json_str(e->user));
		if (e->detail != NULL)
			json_obj_set(o, "detail", json_str(e->detail));
		time_iso_utc(e->written, when);
		json_obj_set(o, "written", json_str(when));
		json_obj_set(o, "written_from", json_str(e->written_from));
		json_obj_set(o, "outside_system_folders", json_bool(e->outside));
		why = json_object();
		if (hit != NULL) {
			levels[i] = CHECK_PASS;
			nallowed++;
			json_obj_set(o, "allowed_by", json_str(hit));
			json_obj_set(why, "en", json_strf("on the site's allow list (%s)", hit));
			json_obj_set(why, "ja", json_strf("サイトの許可リスト (%s)", hit));
		} else if (e->outside) {
			levels[i] = CHECK_FAIL;
			nfail++;
			json_obj_set(why, "en",
			    json_str("new or changed in the period; its program lies outside the "
			             "system's own folders"));
			json_obj_set(why, "ja",
			    json_str("期間中に追加・変更され、プログラムがシステムのフォルダー外にあります"));
		} else {
			levels[i] = CHECK_WARN;
			nwarn++;
			json_obj_set(why, "en",
			    json_str("new or changed in the period, not on the allow list"));
			json_obj_set(why, "ja",
			    json_str("期間中に追加・変更され、許可リストにありません"));
		}
		json_obj_set(o, "level", json_str(check_status_name(levels[i])));
		json_obj_set(o, "why", why);
	}
	json_obj_set(res->details, "problems", strings_json(f->problems, f->nproblems));
	if (f->nnotes > 0)
		json_obj_set(res->details, "hive_notes", strings_json(f->notes, f->nnotes));
	if (f->windows)
		check_limits_set(res->details, "limits", windows_limits,
		    sizeof windows_limits / sizeof windows_limits[0]);
	else
		check_limits_set(res->details, "limits", linux_limits,
		    sizeof linux_limits / sizeof linux_limits[0]);

	if (nfail > 0) {
		sb_addf(&en,
		    "%zu startup entr%s added or changed since %.10s run%s a program outside the "
		    "system's folders: ",
		    nfail, nfail == 1 ? "y" : "ies", since, nfail == 1 ? "s" : "");
		sb_addf(&ja,
		    "%.10s 以降に追加・変更された自動起動 %zu 件がシステムのフォルダー外のプログラムを"
		    "実行します: ",
		    since, nfail);
		name_some(&en, &ja, f, levels, CHECK_FAIL, nfail);
	} else if (f->nproblems > 0) {
		sb_addf(&en, "not everything could be read: %s", f->problems[0]);
		pja = errtext_problem_ja(f->problems[0]);
		sb_addf(&ja, "すべては読み取れませんでした: %s", pja);
		free(pja);
		if (f->nproblems > 1) {
			sb_addf(&en, " (and %zu more)", f->nproblems - 1);
			sb_addf(&ja, "（ほか %zu 件）", f->nproblems - 1);
		}
	} else if (nwarn > 0) {
		sb_addf(&en,
		    "%zu startup entr%s added or changed since %.10s, not on the site's allow list: ",
		    nwarn, nwarn == 1 ? "y" : "ies", since);
		sb_addf(&ja,
		    "%.10s 以降に追加・変更された自動起動 %zu 件が許可リストにありません: ", since,
		    nwarn);
		name_some(&en, &ja, f, levels, CHECK_WARN, nwarn);
	} else {
		sb_addf(&en,
		    "nothing set to start by itself was added or changed since %.10s (%zu entries "
		    "examined, %zu in the period on the allow list)",
		    since, f->examined, nallowed);
		sb_addf(&ja,
		    "%.10s 以降に追加・変更された自動起動はありません（%zu 件を確認、期間内の許可済み "
		    "%zu 件）",
		    since, f->examined, nallowed);
	}
	if (nfail > 0 && nwarn > 0) {
		sb_addf(&en, "; %zu more not on the allow list", nwarn);
		sb_addf(&ja, "。ほかに許可リストにないもの %zu 件", nwarn);
	}
	if (nfail > 0 && f->nproblems > 0) {
		sb_addf(&en, "; %zu place%s could not be read", f->nproblems,
		    f->nproblems == 1 ? "" : "s");
		sb_addf(&ja, "。%zu 箇所を読み取れませんでした", f->nproblems);
	}
	check_result_set(res,
	    nfail > 0            ? CHECK_FAIL :
	        f->nproblems > 0 ? CHECK_UNKNOWN :
	        nwarn > 0        ? CHECK_WARN :
	                           CHECK_PASS,
	    sb_str(&en), sb_str(&ja));
	sb_free(&en);
	sb_free(&ja);
	free(levels);
}

const struct check check_persistence = {
	.id = "persistence",
	.title_en = "Nothing set to start by itself while away",
	.title_ja = "期間中に自動起動が追加されていない",
	.reads = "systemd units and timers, cron, XDG autostart, rc.local; Run/RunOnce keys, services, "
	         "scheduled tasks",
	.params = persistence_params,
	.facts_size = sizeof(struct persistence_facts),
	.facts_free = persistence_facts_free,
	.probes = {
		[TARGET_LINUX] = { persistence_probe_linux, NULL, NULL },
		[TARGET_WINDOWS] = { persistence_probe_windows, NULL, NULL },
	},
	.judge = persistence_judge,
};
