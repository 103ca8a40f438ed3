/*
 * os_updates.c: the os-updates check (os_updates.h). Judges pending
 * upgrades (apt's candidates against dpkg's installed versions, see
 * checks/linux/aptlists.h), the security ones counted apart, the age of the
 * last package-list refresh, and whether a reboot is pending, from the facts
 * its probe (checks/linux/os_updates.c) gathered.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../config/config.h"
#include "../util/strbuf.h"
#include "winbuilds.h"
#include "../util/timefmt.h"
#include "../util/xalloc.h"
#include "check.h"
#include "os_updates.h"

/* What the check does not model; in every result's details ("limits") and in docs/checks-updates.md. */
static const char *const os_updates_limits[] = {
	"apt's files are read at their Debian paths; Dir::* settings in apt.conf are not followed",
	"security archives are known by their Release file: Origin Debian with Label Debian-Security; "
	"Origin Ubuntu, UbuntuESM or UbuntuESMApps with a -security suite; other origins are not counted "
	"as security (a note names any -security suite so skipped)",
	"kept back: Depends and Pre-Depends nothing installed meets, and Breaks and Conflicts on an "
	"installed package no upgrade moves out of the way, are modelled, through chains of held, "
	"kept-back and phasing-deferred packages; Breaks and Conflicts on a virtual package (through "
	"Provides) are not, nor apt's resolver choosing among alternatives in other ways",
	"phasing is drawn as apt does from the inspected system's /etc/machine-id (or APT::Machine-ID); "
	"apt's own exemptions for a chroot or SOURCE_DATE_EPOCH belong to the machine apt runs on and are "
	"not applied",
	"list age is the newest of the lists' and Release files' times (the mirror's Last-Modified) and "
	"update-success-stamp; an update that fetched nothing new leaves no other trace that says it "
	"succeeded",
	"#include in apt.conf and $(ARCH) in sources are not followed (each is named in notes)",
	NULL,
};

static const struct check_param os_updates_params[] = {
	{ "max_list_age_days", CHECK_PARAM_INT, 0, 3650,
	    "package lists older than this are stale (default: the site's max_list_age_days)" },
	{ "fail_on_security", CHECK_PARAM_BOOL, 0, 0, "a pending security update fails (default yes)" },
	{ "fail_on_reboot", CHECK_PARAM_BOOL, 0, 0, "a pending reboot fails (default yes)" },
	{ "fail_on_pending", CHECK_PARAM_BOOL, 0, 0,
	    "any pending upgrade fails, not only security ones (default no: warn)" },
	{ NULL, 0, 0, 0, NULL },
};

void
os_updates_facts_free(void *facts)
{
	struct os_updates_facts *f = facts;

	if (f == NULL)
		return;
	json_free(f->state);
	strv_free(f->unresolved);
	free(f->security_names);
	free(f->reboot_pkgs);
	free(f->running_kernel);
	free(f->newest_kernel_package);
	free(f->newest_kernel_version);
	free(f->newest_kernel_release);
	if (f->windows != NULL) {
		free(f->windows->hive);
		free(f->windows->build);
		free(f->windows->edition);
		free(f->windows->lcu_package);
		json_free(f->windows->reboot);
		free(f->windows);
	}
}

/* Monthly release days (second Tuesday, 17:00 UTC) after since and at or before now; the latest in *last. */
static int
release_days_since(time_t since, time_t now, time_t *last)
{
	struct tm tm;
	int n = 0, y, m, guard = 0;

	*last = 0;
	if (gmtime_r(&since, &tm) == NULL)
		return 0;
	y = tm.tm_year;
	m = tm.tm_mon;
	for (; guard < 1200; guard++) {
		struct tm d;
		time_t t;

		memset(&d, 0, sizeof d);
		d.tm_year = y;
		d.tm_mon = m;
		d.tm_mday = 1;
		d.tm_hour = 17;
		t = timegm(&d);
		gmtime_r(&t, &d);
		/* the first Tuesday, then a week on */
		t += (time_t)(((2 - d.tm_wday + 7) % 7) + 7) * 86400;
		if (t > now)
			break;
		if (t > since) {
			n++;
			*last = t;
		}
		if (++m == 12) {
			m = 0;
			y++;
		}
	}
	return n;
}

/* "YYYY-MM-DD" of t into buf. */
static void
day_of(time_t t, char buf[TIME_ISO_LEN])
{
	time_iso_utc(t, buf);
	buf[10] = '\0';
}

/*
 * Judges the build and UBR against the table of Windows builds
 * (winbuilds.h): 1 when it has set res; 0 when the table cannot decide
 * (unreadable, older than windows.builds_max_age_days, the build not in it,
 * the UBR unknown), with the reason in *why_en and *why_ja (caller frees) and
 * details.builds_table, and the monthly count decides, never pass.
 */
static int
windows_table(const struct check_ctx *ctx, const struct os_updates_windows *w, const char *ver,
    struct check_result *res, char **why_en, char **why_ja)
{
	int fail_sec = check_param_bool(ctx, "fail_on_security", 1);
	char *path = ctx->cfg->windows_builds_file != NULL ?
	    xstrdup(ctx->cfg->windows_builds_file) :
	    winbuilds_default_path();
	struct diags d = DIAGS_INIT;
	struct winbuilds *t = winbuilds_load(path, &d);
	struct json *tj = json_obj_set(res->details, "builds_table", json_object()), *a;
	const struct winbuild *b;
	char upd[TIME_ISO_LEN], day[TIME_ISO_LEN], first[TIME_ISO_LEN], eosday[TIME_ISO_LEN];
	enum winbuild_class cls;
	size_t i, behind = 0, first_missed = 0;
	int esu = 0, decided = 0;
	long long age;
	time_t eos;

	json_obj_set(tj, "file", json_str(path));
	if (t == NULL) {
		char *m = d.n > 0 ? diag_format(&d.v[0]) : xstrdup(path);

		json_obj_set(tj, "error", json_str(m));
		*why_en = xasprintf("the table of Windows builds cannot be read: %s", m);
		*why_ja = xasprintf("Windows ビルドの表を読み取れません: %s", m);
		free(m);
		goto out;
	}
	day_of(t->updated, upd);
	json_obj_set(tj, "updated", json_str(upd));
	a = json_obj_set(tj, "sources", json_array());
	for (i = 0; t->sources[i] != NULL; i++)
		json_arr_push(a, json_str(t->sources[i]));
	age = (long long)(difftime(ctx->now, t->updated) / 86400);
	json_obj_set(tj, "age_days", json_int(age));
	json_obj_set(tj, "max_age_days", json_int(ctx->cfg->windows_builds_max_age_days));
	if (age > ctx->cfg->windows_builds_max_age_days) {
		*why_en = xasprintf("the table of Windows builds (%s) is from %s, older than %d days: a "
		                    "current one is needed (windows.builds_file in the site configuration)",
		    path, upd, ctx->cfg->windows_builds_max_age_days);
		*why_ja = xasprintf("Windows ビルドの表 (%s) は %s 時点のもので %d 日より古いため使えません。"
		                    "新しい表を用意してください（サイト設定の windows.builds_file）",
		    path, upd, ctx->cfg->windows_builds_max_age_days);
		goto out;
	}
	if ((b = winbuilds_find(t, w->build)) == NULL || b->nu == 0) {
		*why_en = xasprintf("build %s is not in the table of Windows builds (%s, %s)",
		    w->build != NULL ? w->build : "unknown", path, upd);
		*why_ja = xasprintf("ビルド %s は Windows ビルドの表 (%s, %s) にありません",
		    w->build != NULL ? w->build : "不明", path, upd);
		goto out;
	}
	if (w->ubr < 0) {
		*why_en = xasprintf("the UBR of build %s cannot be read", b->build);
		*why_ja = xasprintf("ビルド %s の UBR を読み取れません", b->build);
		goto out;
	}
	cls = winbuilds_class(w->edition);
	eos = b->eos[cls];
	for (i = 0; i < b->nu; i++) {
		if (b->u[i].ubr > w->ubr) {
			behind++;
			first_missed = i;
		}
		if (b->u[i].esu && w->ubr >= b->u[i].ubr)
			esu = 1;
	}
	json_obj_set(res->details, "windows_release", json_str(b->name));
	json_obj_set(res->details, "edition_class", json_str(winbuilds_class_name(cls)));
	if (eos > 0) {
		day_of(eos, eosday);
		json_obj_set(res->details, "end_of_support", json_str(eosday));
	}
	json_obj_set(res->details, "extended_security_updates", json_bool(esu));
	{
		struct json *nk = json_obj_set(res->details, "newest_known_update", json_object());

		day_of(b->u[0].date, day);
		json_obj_set(nk, "ubr", json_int(b->u[0].ubr));
		json_obj_set(nk, "kb", json_str(b->u[0].kb));
		json_obj_set(nk, "date", json_str(day));
	}
	json_obj_set(res->details, "updates_behind", json_int((int64_t)behind));
	a = json_obj_set(res->details, "updates_missed", json_array());
	for (i = 0; i < b->nu && b->u[i].ubr > w->ubr; i++)
		json_arr_push(a, json_strf("%s (%s.%ld)", b->u[i].kb, b->build, b->u[i].ubr));
	if (behind > 0) {
		day_of(b->u[first_missed].date, first);
		json_obj_set(res->details, "update_days_behind",
		    json_int((int64_t)(difftime(ctx->now, b->u[first_missed].date) / 86400)));
	} else {
		json_obj_set(res->details, "update_days_behind", json_int(0));
	}
	decided = 1;
	if (eos > 0 && ctx->now >= eos + 86400 && !esu) {
		char *en = xasprintf("build %s (%s, %s editions) reached the end of support on %s and gets "
		                     "no more security updates (no extended security update installed); "
		                     "%zu update%s behind the newest known: upgrade Windows",
		    ver, b->name, winbuilds_class_name(cls), eosday, behind, behind == 1 ? "" : "s");
		char *ja = xasprintf(
		    "ビルド %s（%s、%s エディション）は %s にサポートが終了し、セキュリティ更新が"
		    "提供されません（拡張セキュリティ更新は未適用）。既知の最新から %zu 件遅れています。"
		    "Windows をアップグレードしてください",
		    ver, b->name, winbuilds_class_name(cls), eosday, behind);

		check_result_set(res, CHECK_FAIL, en, ja);
		free(en);
		free(ja);
	} else if (behind > 0) {
		char *en = xasprintf("build %s (%s): %zu cumulative update%s behind, the first missed "
		                     "released %s (%.0f days ago); the newest known is %s (%s.%ld, %s): run "
		                     "Windows Update",
		    ver, b->name, behind, behind == 1 ? "" : "s", first,
		    difftime(ctx->now, b->u[first_missed].date) / 86400, b->u[0].kb, b->build,
		    b->u[0].ubr, day);
		char *ja = xasprintf(
		    "ビルド %s（%s）: 累積更新が %zu 件遅れています。最初に未適用のものは %s 公開"
		    "（%.0f 日前）、既知の最新は %s（%s.%ld、%s）です。Windows Update を実行してください",
		    ver, b->name, behind, first, difftime(ctx->now, b->u[first_missed].date) / 86400,
		    b->u[0].kb, b->build, b->u[0].ubr, day);

		check_result_set(res, fail_sec ? CHECK_FAIL : CHECK_WARN, en, ja);
		free(en);
		free(ja);
	} else if (eos == 0) {
		char *en = xasprintf("build %s (%s) has the newest cumulative update known (%s, %s), but "
		                     "the table gives no end of support for %s editions: check the "
		                     "lifecycle by hand",
		    ver, b->name, b->u[0].kb, day, winbuilds_class_name(cls));
		char *ja = xasprintf(
		    "ビルド %s（%s）は既知の最新の累積更新（%s、%s）を適用済みですが、%s "
		    "エディションのサポート終了日が表にありません。ライフサイクルを手作業で確認してください",
		    ver, b->name, b->u[0].kb, day, winbuilds_class_name(cls));

		check_result_set(res, CHECK_UNKNOWN, en, ja);
		free(en);
		free(ja);
	} else {
		char *en = xasprintf("build %s (%s) has the newest cumulative update known on %s (%s, "
		                     "released %s); supported until %s%s",
		    ver, b->name, upd, b->u[0].kb, day, eosday,
		    esu ? " with extended security updates" : "");
		char *ja = xasprintf("ビルド %s（%s）は %s 時点で既知の最新の累積更新（%s、%s 公開）を適用済みです。"
		                     "サポート期限は %s%s",
		    ver, b->name, upd, b->u[0].kb, day, eosday, esu ? "（拡張セキュリティ更新）" : "");

		check_result_set(res, CHECK_PASS, en, ja);
		free(en);
		free(ja);
	}
out:
	if (!decided && *why_en != NULL)
		json_obj_set(tj, "not_used", json_str(*why_en));
	diags_clear(&d);
	winbuilds_free(t);
	free(path);
	return decided;
}

/* Windows: a pending restart, else the monthly releases missed since the last cumulative update. */
static void
windows_judge(const struct check_ctx *ctx, const struct os_updates_windows *w, struct check_result *res)
{
	int fail_sec = check_param_bool(ctx, "fail_on_security", 1);
	int fail_reboot = check_param_bool(ctx, "fail_on_reboot", 1);
	char when[TIME_ISO_LEN] = "", rel[TIME_ISO_LEN] = "";
	char *ver = w->build != NULL ?
	    (w->ubr >= 0 ? xasprintf("%s.%ld", w->build, w->ubr) : xstrdup(w->build)) :
	    xstrdup("unknown");
	time_t last = 0;
	int missed = 0;
	char *en = NULL, *ja = NULL, *why_en = NULL, *why_ja = NULL;

	json_obj_set(res->details, "windows_build", json_str(ver));
	json_obj_set(res->details, "servicing_packages", json_int((int64_t)w->packages));
	json_obj_set(res->details, "last_cumulative_update", json_str(w->lcu_package));
	json_obj_set(res->details, "reboot_pending", w->reboot ? json_copy(w->reboot) : json_array());
	if (w->lcu_installed > 0) {
		time_iso_utc(w->lcu_installed, when);
		json_obj_set(res->details, "last_cumulative_update_installed", json_str(when));
		missed = release_days_since(w->lcu_installed, ctx->now, &last);
		json_obj_set(res->details, "monthly_releases_since", json_int(missed));
		if (last > 0)
			time_iso_utc(last, rel);
		json_obj_set(res->details, "update_days_behind",
		    last > 0 ? json_int((int64_t)(difftime(ctx->now, last) / 86400)) : json_int(0));
	}
	if (json_len(w->reboot) > 0) {
		en = xasprintf("build %s: a restart is pending to finish installing updates (%s)",
		    ver, json_get_str(json_at(w->reboot, 0)));
		ja = xasprintf("ビルド %s: 更新の適用を完了するための再起動が保留中です（%s）", ver,
		    json_get_str(json_at(w->reboot, 0)));
		check_result_set(res, fail_reboot ? CHECK_FAIL : CHECK_WARN, en, ja);
	} else if (windows_table(ctx, w, ver, res, &why_en, &why_ja)) {
		/* decided from the table of builds */
	} else if (w->lcu_installed <= 0) {
		en = xasprintf("build %s: when the last cumulative update was installed cannot be read "
		               "(Component Based Servicing in %s); check Windows Update by hand",
		    ver, w->hive);
		ja = xasprintf("ビルド %s: 最後の累積更新の適用日時を読み取れません（%s の Component Based "
		               "Servicing）。Windows Update を手作業で確認してください",
		    ver, w->hive);
		check_result_set(res, CHECK_UNKNOWN, en, ja);
	} else if (missed > 0) {
		en = xasprintf(
		    "build %s: the last cumulative update was installed %s, and %d monthly "
		    "update%s been released since (the latest %s, %.0f days ago): run Windows Update",
		    ver, when, missed, missed == 1 ? " has" : "s have", rel,
		    difftime(ctx->now, last) / 86400);
		ja = xasprintf("ビルド %s: 最後の累積更新は %s に適用され、その後 %d 回の月例更新が公開されています"
		               "（最新は %s、%.0f 日前）。Windows Update を実行してください",
		    ver, when, missed, rel, difftime(ctx->now, last) / 86400);
		check_result_set(res, fail_sec ? CHECK_FAIL : CHECK_WARN, en, ja);
	} else {
		en = xasprintf("build %s: the last cumulative update was installed %s, after the latest "
		               "monthly release; whether it is the newest for this build cannot be proven "
		               "offline: confirm in Windows Update",
		    ver, when);
		ja = xasprintf(
		    "ビルド %s: 最後の累積更新は最新の月例公開日より後の %s に適用されていますが、"
		    "このビルドの最新であることはオフラインでは証明できません。Windows Update で確認してください",
		    ver, when);
		check_result_set(res, CHECK_UNKNOWN, en, ja);
	}
	if (why_en != NULL && en != NULL) {
		/* the monthly count decided: say why the table could not */
		char *en2 = xasprintf("%s; %s", res->summary_en, why_en);
		char *ja2 = xasprintf("%s。%s", res->summary_ja, why_ja);

		check_result_set(res, res->status, en2, ja2);
		free(en2);
		free(ja2);
	}
	free(why_en);
	free(why_ja);
	free(en);
	free(ja);
	free(ver);
}

/* Decides the status from the package counts, the lists' age and the reboot facts. */
static void
os_updates_judge(const struct check_ctx *ctx, const void *facts, struct check_result *res)
{
	const struct os_updates_facts *f = facts;
	char when[TIME_ISO_LEN];
	long long max_age = check_param_int(ctx, "max_list_age_days", ctx->cfg->max_list_age_days);
	int fail_sec = check_param_bool(ctx, "fail_on_security", 1);
	int fail_reboot = check_param_bool(ctx, "fail_on_reboot", 1);
	int fail_any = check_param_bool(ctx, "fail_on_pending", 0);
	enum check_status s = CHECK_PASS;
	struct strbuf en = STRBUF_INIT, ja = STRBUF_INIT, fix_en = STRBUF_INIT, fix_ja = STRBUF_INIT;
	struct json *rj;
	double age_days = -1;
	int stale = 0, kernel_pending = 0, kernel_unknown = 0;
	size_t i;

	if (f->windows != NULL) {
		windows_judge(ctx, f->windows, res);
		return;
	}

	/* the package state, as the probe read it */
	for (i = 0; i < json_len(f->state); i++)
		json_obj_set(res->details, json_key_at(f->state, i), json_copy(json_at(f->state, i)));
	if (f->newest_kernel_release != NULL) {
		if (f->running_kernel == NULL)
			kernel_unknown = 1;
		else
			kernel_pending = strcmp(f->running_kernel, f->newest_kernel_release) != 0;
	}

	/* list freshness */
	if (f->last_refresh > 0) {
		age_days = difftime(ctx->now, f->last_refresh) / 86400.0;
		time_iso_utc(f->last_refresh, when);
		json_obj_set(res->details, "last_refresh", json_str(when));
		json_obj_set(res->details, "list_age_days",
		    json_real((double)(long long)(age_days * 10) / 10));
		stale = age_days > (double)max_age;
	}
	json_obj_set(res->details, "max_list_age_days", json_int(max_age));
	json_obj_set(res->details, "lists_stale", json_bool(stale || f->lists == 0));

	rj = json_obj_set(res->details, "reboot", json_object());
	json_obj_set(rj, "required_file", json_bool(f->reboot_file));
	json_obj_set(rj, "required_pkgs", json_str(f->reboot_pkgs));
	json_obj_set(rj, "running_kernel", json_str(f->running_kernel));
	json_obj_set(rj, "newest_kernel_package", json_str(f->newest_kernel_package));
	json_obj_set(rj, "newest_kernel_version", json_str(f->newest_kernel_version));
	json_obj_set(rj, "newest_kernel_release", json_str(f->newest_kernel_release));
	json_obj_set(rj, "pending", json_bool(f->reboot_file || kernel_pending));

	json_obj_set(res->details, "held_count", json_int((int64_t)f->held));
	json_obj_set(res->details, "kept_back_count", json_int((int64_t)f->kept));
	json_obj_set(res->details, "deferred_by_phasing_count", json_int((int64_t)f->deferred));
	if (f->attempt > 0) {
		time_iso_utc(f->attempt, when);
		json_obj_set(res->details, "last_update_attempt", json_str(when));
	}
	{
		struct json *u = json_obj_set(res->details, "unresolved_links", json_array());

		for (i = 0; f->unresolved != NULL && f->unresolved[i] != NULL; i++)
			json_arr_push(u, json_str(f->unresolved[i]));
	}
	{
		struct json *l = json_obj_set(res->details, "limits", json_array());

		for (i = 0; os_updates_limits[i] != NULL; i++)
			json_arr_push(l, json_str(os_updates_limits[i]));
	}

	/* the summary, most important first */
	if (f->security > 0 || f->blocked > 0) {
		size_t n = f->security + f->blocked;

		s = check_status_worse(s, fail_sec ? CHECK_FAIL : CHECK_WARN);
		sb_addf(&en, "%zu security update%s pending", n, n == 1 ? "" : "s");
		sb_addf(&ja, "セキュリティ更新%zu件が未適用", n);
		if (f->security_names != NULL && n > f->security_shown) {
			sb_addf(&en, " (%s and %zu more)", f->security_names, n - f->security_shown);
			sb_addf(&ja, "（%s ほか%zu件）", f->security_names, n - f->security_shown);
		} else if (f->security_names != NULL) {
			sb_addf(&en, " (%s)", f->security_names);
			sb_addf(&ja, "（%s）", f->security_names);
		}
		if (f->security_ready > 0) {
			sb_addf(&fix_en, "apply %s (apt-get upgrade)",
			    f->security_ready == f->security ? "them" : "the others");
			sb_adds(&fix_ja, "apt-get upgrade で適用してください");
		}
		if (f->blocked > 0) {
			sb_addf(&en, ", %zu of them kept from the candidate by the preferences",
			    f->blocked);
			sb_addf(&ja, "、うち%zu件は apt の設定 preferences で候補から外されている",
			    f->blocked);
			sb_addf(&fix_en, "%sreview the pins in /etc/apt/preferences*",
			    fix_en.len ? "; " : "");
			sb_addf(&fix_ja, "%s/etc/apt/preferences* の固定設定を見直してください",
			    fix_ja.len ? "。" : "");
		}
	}
	if (f->reboot_file || kernel_pending) {
		s = check_status_worse(s, fail_reboot ? CHECK_FAIL : CHECK_WARN);
		if (kernel_pending)
			sb_addf(&en, "%sreboot pending (running kernel %s, newest installed %s)",
			    en.len ? "; " : "", f->running_kernel, f->newest_kernel_release);
		else
			sb_addf(&en, "%sreboot pending (%s exists)", en.len ? "; " : "",
			    OS_UPDATES_REBOOT_FILE);
		sb_addf(&ja, "%s再起動が必要", ja.len ? "、" : "");
		sb_addf(&fix_en, "%sreboot", fix_en.len ? ", then " : "");
		sb_addf(&fix_ja, "%s再起動してください", fix_ja.len ? "。その後" : "");
	}
	{
		/* non-security upgrades apt offers now; phased ones it defers are not pending yet */
		size_t others = f->others, ready = f->others_ready;

		if (others > 0) {
			s = check_status_worse(s, fail_any ? CHECK_FAIL : CHECK_WARN);
			sb_addf(&en, "%s%zu other upgrade%s pending", en.len ? "; " : "", others,
			    others == 1 ? "" : "s");
			sb_addf(&ja, "%sその他の更新%zu件が未適用", ja.len ? "、" : "", others);
			if (ready > 0 && f->security_ready == 0) {
				sb_addf(&fix_en, "%sapply them (apt-get upgrade)", fix_en.len ? "; " : "");
				sb_addf(&fix_ja, "%sapt-get upgrade で適用してください",
				    fix_ja.len ? "。" : "");
			}
		}
	}
	if (f->kept > 0) {
		sb_addf(&en,
		    "%s%zu of them need%s a package not installed yet or conflict%s with an installed one, "
		    "so apt-get upgrade keeps %s back",
		    en.len ? "; " : "", f->kept, f->kept == 1 ? "s" : "", f->kept == 1 ? "s" : "",
		    f->kept == 1 ? "it" : "them");
		sb_addf(&ja,
		    "%sうち%zu件は未導入のパッケージが必要か導入済みのパッケージと衝突するため apt-get "
		    "upgrade では更新されない",
		    ja.len ? "、" : "", f->kept);
		sb_addf(&fix_en, "%sinstall those with apt full-upgrade (details: kept_back)",
		    fix_en.len ? "; " : "");
		sb_addf(&fix_ja, "%sそれらは apt full-upgrade で更新してください（詳細: kept_back）",
		    fix_ja.len ? "。" : "");
	}
	if (f->held > 0) {
		sb_addf(&en, "%s%zu of them held (apt-mark showhold)", en.len ? "; " : "", f->held);
		sb_addf(&ja, "%sうち%zu件は保留（apt-mark showhold）", ja.len ? "、" : "", f->held);
		sb_addf(&fix_en, "%sunhold them (apt-mark unhold) or record why they are held",
		    fix_en.len ? "; " : "");
		sb_addf(&fix_ja, "%s保留を解除する（apt-mark unhold）か、保留の理由を記録してください",
		    fix_ja.len ? "。" : "");
	}
	if (f->deferred > 0) {
		sb_addf(&en, "%s%zu phased update%s not yet offered to this machine (not counted)",
		    en.len ? "; " : "", f->deferred, f->deferred == 1 ? "" : "s");
		sb_addf(&ja, "%s段階的配信でこの端末にはまだ提供されていない更新%zu件（数に含めない）",
		    ja.len ? "、" : "", f->deferred);
	}
	if (f->unresolved != NULL) {
		struct strbuf l = STRBUF_INIT;

		for (i = 0; f->unresolved[i] != NULL; i++)
			sb_addf(&l, "%s%s", i ? ", " : "", f->unresolved[i]);
		s = check_status_worse(s, CHECK_UNKNOWN);
		sb_addf(&en, "%scould not be resolved inside the root, so not read: %s",
		    en.len ? "; " : "", sb_str(&l));
		sb_addf(&ja, "%sルート内で解決できないリンクのため読めない: %s", ja.len ? "、" : "",
		    sb_str(&l));
		sb_free(&l);
	}
	if (f->sources == 0) {
		s = check_status_worse(s, CHECK_UNKNOWN);
		sb_addf(&en,
		    "%sno apt sources are configured (/etc/apt/sources.list, sources.list.d), so "
		    "pending updates are unknown",
		    en.len ? "; " : "");
		sb_addf(&ja,
		    "%sapt の取得元（/etc/apt/sources.list, sources.list.d）が設定されておらず未適用の更新が不明",
		    ja.len ? "、" : "");
	} else if (f->lists == 0 || f->missing > 0) {
		s = check_status_worse(s, CHECK_UNKNOWN);
		if (f->lists == 0) {
			sb_addf(&en,
			    "%sno package lists under /var/lib/apt/lists for the configured sources, "
			    "so pending updates are unknown",
			    en.len ? "; " : "");
			sb_addf(&ja,
			    "%s設定された取得元のパッケージ一覧が /var/lib/apt/lists になく未適用の更新が不明",
			    ja.len ? "、" : "");
		} else {
			sb_addf(&en,
			    "%s%zu configured source%s never downloaded (details: sources_never_downloaded)",
			    en.len ? "; " : "", f->missing, f->missing == 1 ? " was" : "s were");
			sb_addf(&ja,
			    "%s設定された取得元%zu件の一覧が未取得（詳細: sources_never_downloaded）",
			    ja.len ? "、" : "", f->missing);
		}
		sb_addf(&fix_en, "%srun apt-get update", fix_en.len ? "; " : "");
		sb_addf(&fix_ja, "%sapt-get update を実行してください", fix_ja.len ? "。" : "");
	} else if (stale) {
		s = check_status_worse(s, CHECK_UNKNOWN);
		sb_addf(&en,
		    "%spackage lists are %.0f days old (limit %lld), so newer updates may be missed",
		    en.len ? "; " : "", age_days, max_age);
		sb_addf(&ja, "%sパッケージ一覧が%.0f日前のもので古い（上限%lld日）",
		    ja.len ? "、" : "", age_days, max_age);
		if (f->attempt > f->last_refresh + 86400) {
			char at[TIME_ISO_LEN];

			/* lists/partial moves on every run, a failed one too: it proves no success */
			time_iso_utc(f->attempt, at);
			sb_addf(&en,
			    " (apt-get update last ran at %s, but nothing shows that it succeeded: no "
			    "newer list and no update-success-stamp)",
			    at);
			sb_addf(&ja,
			    "（apt-get update は %s に実行されたが、成功を示すもの（新しい一覧や "
			    "update-success-stamp）がない）",
			    at);
		}
		sb_addf(&fix_en, "%srun apt-get update", fix_en.len ? "; " : "");
		sb_addf(&fix_ja, "%sapt-get update を実行してください", fix_ja.len ? "。" : "");
	}
	if (kernel_unknown) {
		s = check_status_worse(s, CHECK_UNKNOWN);
		sb_addf(&en, "%scannot read the running kernel from %s", en.len ? "; " : "",
		    OS_UPDATES_OSRELEASE);
		sb_addf(&ja, "%s実行中のカーネルを %s から読めない", ja.len ? "、" : "",
		    OS_UPDATES_OSRELEASE);
	}
	if (f->ignored > 0) {
		sb_addf(&en, "%s%zu list file%s of sources no longer configured ignored, as apt does",
		    en.len ? "; " : "", f->ignored, f->ignored == 1 ? "" : "s");
		sb_addf(&ja, "%s設定にない取得元の古い一覧%zu件は apt と同じく無視",
		    ja.len ? "、" : "", f->ignored);
	}
	if (f->notes > 0) {
		sb_addf(&en,
		    "%s%zu note%s on apt's setup: settings not followed or suites not counted as "
		    "security (details: notes)",
		    en.len ? "; " : "", f->notes, f->notes == 1 ? "" : "s");
		sb_addf(&ja,
		    "%sapt の設定についての注記%zu件: 従わなかった設定やセキュリティとして数えなかった取得元"
		    "（詳細: notes）",
		    ja.len ? "、" : "", f->notes);
	}
	if (s == CHECK_PASS) {
		struct strbuf pen = STRBUF_INIT, pja = STRBUF_INIT;

		sb_addf(&pen, "up to date: %zu packages, lists %.0f days old, no reboot pending",
		    f->installed, age_days);
		sb_addf(&pja, "最新の状態: %zuパッケージ、一覧は%.0f日前に更新、再起動不要",
		    f->installed, age_days);
		if (en.len) {
			sb_addf(&pen, "; %s", sb_str(&en));
			sb_addf(&pja, "、%s", sb_str(&ja));
		}
		sb_truncate(&en, 0);
		sb_truncate(&ja, 0);
		sb_adds(&en, sb_str(&pen));
		sb_adds(&ja, sb_str(&pja));
		sb_free(&pen);
		sb_free(&pja);
	}
	if (fix_en.len) {
		sb_addf(&en, ": %s", sb_str(&fix_en));
		sb_addf(&ja, "。%s", sb_str(&fix_ja));
	}
	check_result_set(res, s, sb_str(&en), sb_str(&ja));
	sb_free(&en);
	sb_free(&ja);
	sb_free(&fix_en);
	sb_free(&fix_ja);
}

const struct check check_os_updates = {
	.id = "os-updates",
	.title_en = "Operating system and software updates",
	.title_ja = "OSとソフトウェアの更新",
	.reads = "/var/lib/dpkg/status, /etc/apt/sources.list*, /etc/apt/apt.conf*, "
	    "/etc/apt/preferences*, /var/lib/apt/lists, /etc/machine-id, "
	    "/run/reboot-required, /proc/sys/kernel/osrelease",
	.params = os_updates_params,
	.facts_size = sizeof(struct os_updates_facts),
	.facts_free = os_updates_facts_free,
	.probes = {
		[TARGET_LINUX] = { os_updates_probe_linux, NULL, NULL },
		[TARGET_WINDOWS] = { os_updates_probe_windows, NULL, NULL },
	},
	.judge = os_updates_judge,
};
