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
	char *en = NULL, *ja = NULL;

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
