/*
 * time_sync.c: the time-sync check: is the system clock kept synchronised?
 * A laptop idle for weeks drifts, and every report time depends on the
 * clock.
 *
 * On the running system ("/") both must hold: the kernel's own flag says
 * synchronised (adjtimex(2) without changes; STA_UNSYNC set means no
 * daemon has disciplined the clock recently), and a synchronisation daemon
 * (systemd-timesyncd, chronyd, ntpd) runs, seen by its process name and
 * executable. A service that is enabled but not running does not count.
 *
 * Under the root of an image, which is not running, only the configuration
 * is judged, and the result says so: a synchronisation service enabled
 * there (its unit linked in a .wants directory, resolving inside the root,
 * not masked). timesyncd's flag file /run/systemd/timesync/synchronized in
 * an image was left by its last boot: it is reported, never believed.
 *
 * At "/":
 *   pass:    the kernel says synchronised and a daemon runs.
 *   warn:    synchronised but no daemon runs (nothing keeps it so), or not
 *            synchronised while a daemon runs (converging, or it cannot reach
 *            its servers), or the process list could not be read.
 *   fail:    not synchronised and no synchronisation daemon runs (an enabled
 *            service that is not running is named).
 *   unknown: the kernel's state could not be read while a daemon runs.
 * In an image:
 *   pass:    a service is enabled (configuration only).
 *   warn:    a service's configuration is there but no service is enabled.
 *   fail:    none is set up.
 *   unknown: a unit link or configuration file does not resolve inside the
 *            root and nothing else is enabled.
 * On Windows, read from its disk (configuration only, as in an image):
 *   pass:    W32Time is not disabled and synchronises by NTP from a server
 *            (Type NTP or AllSync, NtpServer set, the NTP client not off) or
 *            from the domain hierarchy (Type NT5DS, also Windows' default).
 *   warn:    Type NTP without an NtpServer, or a Type Windows does not know.
 *   fail:    no W32Time service, the service disabled, Type NoSync, or the
 *            NTP client turned off.
 *   unknown: a setting is there but could not be read.
 * Policy (SOFTWARE\Policies\Microsoft\W32Time) wins over the service's
 * own settings.
 *
 * The probes (checks/linux/time_sync.c, checks/windows/time_sync.c) gather the facts (time_sync.h); this
 * file judges them.
 */
#include "time_sync.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check.h"
#include "../util/errtext.h"
#include "../util/strbuf.h"
#include "../util/timefmt.h"
#include "../util/xalloc.h"

const char *const time_sync_service_names[TIME_SYNC_NSERVICES] = {
	[TS_TIMESYNCD] = "systemd-timesyncd",
	[TS_CHRONY] = "chrony",
	[TS_NTPSEC] = "ntpsec",
	[TS_NTP] = "ntp",
	[TS_OPENNTPD] = "openntpd",
};

void
time_sync_facts_free(void *facts)
{
	struct time_sync_facts *f = facts;

	if (f == NULL)
		return;
	json_free(f->daemons);
	json_free(f->problems);
	if (f->win != NULL) {
		free(f->win->type);
		free(f->win->ntp_server);
		free(f->win);
	}
}

/* The names of the services whose field v[i] equals want, comma-separated; caller frees, NULL for none. */
static char *
service_list(const int *v, int want)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < TIME_SYNC_NSERVICES; i++)
		if (v[i] == want)
			sb_addf(&sb, "%s%s", sb.len ? ", " : "", time_sync_service_names[i]);
	if (sb.len == 0) {
		sb_free(&sb);
		return NULL;
	}
	return sb_detach(&sb);
}

/* The daemon seen running, for messages, or NULL. */
static const char *
running_name(const struct time_sync_facts *f)
{
	if (f->running[TS_TIMESYNCD])
		return "systemd-timesyncd";
	if (f->running[TS_CHRONY])
		return "chronyd";
	if (f->running[TS_NTPSEC])
		return "ntpd";
	return NULL;
}

/* Sets res from a formatted pair and frees both. */
/* The Japanese summary for a W32Time setting that could not be read; caller frees. */
static char *
w32_problem_ja(const char *problem)
{
	char *p = errtext_problem_ja(problem), *s;

	s = xasprintf("設定のみを確認: W32Time の設定を読み取れません（%s）", p);
	free(p);
	return s;
}

static void
set_free(struct check_result *res, enum check_status st, char *en, char *ja)
{
	check_result_set(res, st, en, ja);
	free(en);
	free(ja);
}

/* The running system: the kernel's flag and the daemons that run. */
static void
judge_live(const struct time_sync_facts *f, struct check_result *res)
{
	const char *daemon = running_name(f);
	char *enabled = service_list(f->enabled, 1);
	char *notrun_en = enabled != NULL ?
	    xasprintf("; %s is enabled but not running", enabled) :
	    xstrdup("");
	char *notrun_ja = enabled != NULL ?
	    xasprintf("（%s は有効ですが動作していません）", enabled) :
	    xstrdup("");

	if (f->procs_unseen) {
		set_free(res, CHECK_WARN,
		    xasprintf("the kernel reports the clock %s, but the process list could not be read "
		              "to see whether a time service runs",
		        f->kernel == 1     ? "synchronised" :
		            f->kernel == 0 ? "not synchronised" :
		                             "state unread"),
		    xasprintf("カーネルの報告では時刻は%sですが、プロセス一覧を読めず時刻同期サービスの動作を確認できません",
		        f->kernel == 1     ? "同期済み" :
		            f->kernel == 0 ? "未同期" :
		                             "不明"));
	} else if (f->kernel == 1 && daemon != NULL) {
		set_free(res, CHECK_PASS,
		    xasprintf("the kernel reports the clock synchronised and %s runs", daemon),
		    xasprintf("カーネルは時刻が同期済みと報告しており、%s が動作しています", daemon));
	} else if (f->kernel == 1) {
		set_free(res, CHECK_WARN,
		    xasprintf("the clock is synchronised now, but no time service runs to keep it so%s",
		        notrun_en),
		    xasprintf("時刻は現在同期していますが、同期を保つ時刻同期サービスが動作していません%s",
		        notrun_ja));
	} else if (daemon != NULL) {
		set_free(res, f->kernel == 0 ? CHECK_WARN : CHECK_UNKNOWN,
		    f->kernel == 0 ?
		        xasprintf("%s runs but the clock is not synchronised: check that it reaches its "
		                  "servers",
		            daemon) :
		        xasprintf("%s runs, but the kernel's clock state could not be read", daemon),
		    f->kernel == 0 ?
		        xasprintf("%s は動作していますが、時刻が同期していません。サーバーに到達できるか確認してください",
		            daemon) :
		        xasprintf("%s は動作していますが、カーネルの時刻同期状態を読み取れません", daemon));
	} else {
		set_free(res, CHECK_FAIL,
		    xasprintf("the clock is %s and no time service (systemd-timesyncd, chronyd, ntpd) "
		              "runs%s",
		        f->kernel == 0 ? "not synchronised" : "of unknown state", notrun_en),
		    xasprintf("時刻が%s、時刻同期サービス（systemd-timesyncd、chronyd、ntpd）も動作していません%s",
		        f->kernel == 0 ? "同期しておらず" : "同期しているか不明で", notrun_ja));
	}
	free(enabled);
	free(notrun_en);
	free(notrun_ja);
}

/* An image: its configuration only. */
static void
judge_image(const struct time_sync_facts *f, struct check_result *res)
{
	char *enabled = service_list(f->enabled, 1), *masked = service_list(f->enabled, 2);
	char *configs = service_list(f->config, 1);
	size_t i;
	int unresolved = 0;

	for (i = 0; i < TIME_SYNC_NSERVICES; i++)
		unresolved |= f->enabled[i] == -1 || f->config[i] == -1;
	if (enabled != NULL) {
		set_free(res, CHECK_PASS,
		    xasprintf("configuration only (not the running system): %s is enabled; whether it "
		              "runs and the clock is synchronised was not seen",
		        enabled),
		    xasprintf("設定のみを確認（稼働中のシステムではありません）: %s "
		              "が有効です。動作状況と時刻の同期状態は確認していません",
		        enabled));
	} else if (unresolved) {
		set_free(res, CHECK_UNKNOWN,
		    xstrdup("configuration only: a time service's unit or configuration is a link that "
		            "does not resolve inside the root (see problems), and no service is enabled"),
		    xstrdup("設定のみを確認: 時刻同期サービスのユニットまたは設定がルート内で解決できない"
		            "リンクです（詳細は報告書に記載）。有効なサービスはありません"));
	} else if (configs != NULL) {
		set_free(res, CHECK_WARN,
		    xasprintf("configuration only: %s is configured but no time service is enabled%s%s",
		        configs, masked != NULL ? "; masked: " : "", masked != NULL ? masked : ""),
		    xasprintf("設定のみを確認: %s の設定はありますが、時刻同期サービスが有効になっていません%s%s",
		        configs, masked != NULL ? "（マスク: " : "", masked != NULL ? masked : ""));
	} else {
		set_free(res, CHECK_FAIL,
		    xasprintf("configuration only: no time service (systemd-timesyncd, chrony, ntpd) is "
		              "enabled%s%s",
		        masked != NULL ? "; masked: " : "", masked != NULL ? masked : ""),
		    xasprintf("設定のみを確認: 時刻同期サービス（systemd-timesyncd、chrony、ntpd）が有効に"
		              "なっていません%s%s",
		        masked != NULL ? "（マスク: " : "", masked != NULL ? masked : ""));
	}
	free(enabled);
	free(masked);
	free(configs);
}

/* "automatic", "manual", "disabled", ... for a service Start value. */
static const char *
start_name(long start)
{
	switch (start) {
	case 0: return "boot";
	case 1: return "system";
	case 2: return "automatic";
	case 3: return "manual (started on demand or by trigger)";
	case 4: return "disabled";
	case -1: return "not set";
	}
	return "not a start type Windows knows";
}

/* A Windows installation read from its disk: the W32Time configuration only. */
static void
judge_windows(const struct time_sync_facts *f, struct check_result *res)
{
	const struct time_sync_windows *w = f->win;
	struct json *o = json_obj_set(res->details, "w32time", json_object());
	const char *type = w->type != NULL ? w->type : "NT5DS";
	int ntp = strcasecmp(type, "NTP") == 0 || strcasecmp(type, "AllSync") == 0;
	int problems = json_len(f->problems) > 0;
	char t[TIME_ISO_LEN];

	json_obj_set(o, "service", json_bool(w->service));
	json_obj_set(o, "start", w->start >= 0 ? json_int(w->start) : json_null());
	json_obj_set(o, "start_type", json_str(start_name(w->start)));
	json_obj_set(o, "type", json_str(w->type));
	json_obj_set(o, "type_from", json_str(w->type != NULL ? w->type_from : "default (NT5DS)"));
	json_obj_set(o, "ntp_server", json_str(w->ntp_server));
	json_obj_set(o, "ntp_server_from", json_str(w->server_from));
	json_obj_set(o, "ntp_client_enabled",
	    w->ntp_client >= 0 ? json_bool(w->ntp_client) : json_null());
	json_obj_set(o, "ntp_client_from", json_str(w->client_from));
	if (w->secure_time != 0) {
		time_iso_utc(w->secure_time, t);
		json_obj_set(o, "secure_time_estimated",
		    json_strf("%s (Secure Time Seeding's last estimate: reported, not believed)", t));
	}
	if (w->system_written != 0) {
		time_iso_utc(w->system_written, t);
		json_obj_set(o, "system_hive_written", json_str(t));
	}
	if (!w->service) {
		check_result_set(res, CHECK_FAIL,
		    "configuration only: the Windows Time service (W32Time) is not installed, so nothing "
		    "synchronises the clock",
		    "設定のみを確認: Windows Time サービス (W32Time) がなく、時刻を同期するものがありません");
	} else if (w->start == 4) {
		check_result_set(res, CHECK_FAIL,
		    "configuration only: the Windows Time service (W32Time) is disabled (Start 4)",
		    "設定のみを確認: Windows Time サービス (W32Time) が無効になっています (Start 4)");
	} else if (strcasecmp(type, "NoSync") == 0) {
		set_free(res, CHECK_FAIL,
		    xasprintf("configuration only: W32Time is set to synchronise with nothing (Type NoSync, "
		              "from the %s)",
		        w->type_from),
		    xasprintf("設定のみを確認: W32Time の同期先がありません (Type NoSync、%s)",
		        strcmp(w->type_from, "policy") == 0 ? "ポリシー" : "設定"));
	} else if (ntp && w->ntp_client == 0) {
		set_free(res, CHECK_FAIL,
		    xasprintf("configuration only: W32Time's Type is %s but its NTP client is turned off "
		              "(TimeProviders\\NtpClient Enabled 0, from the %s)",
		        type, w->client_from),
		    xasprintf("設定のみを確認: W32Time の Type は %s ですが、NTP クライアントが無効です "
		              "(TimeProviders\\NtpClient Enabled 0)",
		        type));
	} else if (problems) {
		set_free(res, CHECK_UNKNOWN,
		    xasprintf("configuration only: a W32Time setting could not be read (%s)",
		        json_get_str(json_at(f->problems, 0))),
		    w32_problem_ja(json_get_str(json_at(f->problems, 0))));
	} else if (ntp && w->ntp_server == NULL) {
		set_free(res, CHECK_WARN,
		    xasprintf("configuration only: W32Time's Type is %s but no NtpServer is set", type),
		    xasprintf("設定のみを確認: W32Time の Type は %s ですが、NtpServer が設定されていません",
		        type));
	} else if (ntp || strcasecmp(type, "NT5DS") == 0) {
		set_free(res, CHECK_PASS,
		    ntp ? xasprintf("configuration only (not the running system): W32Time (%s) synchronises "
		                    "by NTP from %s; whether it runs and the clock is synchronised was not seen",
		              start_name(w->start), w->ntp_server) :
		          xasprintf("configuration only (not the running system): W32Time (%s) synchronises "
		                    "from the domain hierarchy (Type NT5DS%s); whether a domain controller "
		                    "is reached and the clock is synchronised was not seen",
		              start_name(w->start), w->type == NULL ? ", Windows' default" : ""),
		    ntp ? xasprintf("設定のみを確認（稼働中のシステムではありません）: W32Time は NTP で %s "
		                    "と同期する設定です。動作状況と時刻の同期状態は確認していません",
		              w->ntp_server) :
		          xasprintf("設定のみを確認（稼働中のシステムではありません）: W32Time "
		                    "はドメイン階層から同期する設定です (Type NT5DS)。"
		                    "ドメインコントローラーへの到達と時刻の同期状態は確認していません"));
	} else {
		set_free(res, CHECK_WARN,
		    xasprintf("configuration only: W32Time's Type is '%s', which Windows does not know: "
		              "nothing may be synchronised",
		        type),
		    xasprintf("設定のみを確認: W32Time の Type '%s' は Windows が認識しない値で、同期されない可能性があります",
		        type));
	}
}

/* Decides from the kernel and the daemons at "/", from the configuration in an image. */
static void
time_sync_judge(const struct check_ctx *ctx, const void *facts, struct check_result *res)
{
	const struct time_sync_facts *f = facts;
	struct json *svc = json_obj_set(res->details, "services", json_object());
	size_t i;

	(void)ctx;
	json_obj_set(res->details, "judged", json_str(f->live ? "running-system" : "configuration"));
	if (f->win != NULL) {
		struct json *lim = json_obj_set(res->details, "limits", json_object());

		json_obj_set(res->details, "problems", json_copy(f->problems));
		json_obj_set(lim, "en",
		    json_str("configuration only: a disk at rest does not show whether W32Time ran or "
		             "reached its servers; a third-party time client is not seen"));
		json_obj_set(lim, "ja",
		    json_str("設定のみ: 停止中のディスクからは W32Time が動作しサーバーに到達したかは分かりません。"
		             "他社製の時刻同期ソフトは確認できません"));
		judge_windows(f, res);
		return;
	}
	for (i = 0; i < TIME_SYNC_NSERVICES; i++) {
		struct json *o = json_obj_set(svc, time_sync_service_names[i], json_object());

		json_obj_set(o, "unit",
		    json_str(f->enabled[i] == 1 ? "enabled" :
		            f->enabled[i] == 2  ? "masked" :
		            f->enabled[i] == -1 ? "unresolved" :
		                                  "absent"));
		json_obj_set(o, "config",
		    json_str(f->config[i] == 1 ? "present" :
		            f->config[i] == -1 ? "unresolved" :
		                                 "absent"));
	}
	if (f->live) {
		json_obj_set(res->details, "daemons", json_copy(f->daemons));
		if (f->kernel != -1) {
			json_obj_set(res->details, "kernel_synchronised", json_bool(f->kernel));
			json_obj_set(res->details, "kernel_max_error_us",
			    json_int(f->kernel_max_error_us));
			json_obj_set(res->details, "kernel_est_error_us",
			    json_int(f->kernel_est_error_us));
		}
		json_obj_set(res->details, "daemon_running",
		    running_name(f) != NULL ? json_str(running_name(f)) : json_null());
	}
	json_obj_set(res->details, "timesyncd_synchronized_flag",
	    f->timesyncd_flag == 1 ?
	        json_str(f->live ? "present" : "present (left by the image's last boot: not believed)") :
	        f->timesyncd_flag == -1 ? json_str("unresolved") :
	                                  json_str("absent"));
	json_obj_set(res->details, "problems", json_copy(f->problems));
	{
		struct json *lim = json_obj_set(res->details, "limits", json_object());

		json_obj_set(lim, "en",
		    json_str(f->live ? "daemons are recognised by process name and executable; ntpdate "
		                       "run from cron is not recognised" :
		                       "configuration only: an enabled service is not proof that it "
		                       "synchronises when the image runs; services started without "
		                       "systemd units (sysvinit, cron) are not seen"));
		json_obj_set(lim, "ja",
		    json_str(f->live ?
		            "デーモンはプロセス名と実行ファイルで識別します。cron から実行する "
		            "ntpdate は認識しません" :
		            "設定のみ: サービスが有効でも、イメージ起動時に同期できるとは限りません。"
		            "systemd ユニット以外（sysvinit、cron）で起動するサービスは確認できません"));
	}
	if (f->live)
		judge_live(f, res);
	else
		judge_image(f, res);
}

const struct check check_time_sync = {
	.id = "time-sync",
	.title_en = "System clock synchronised",
	.title_ja = "システム時刻の同期",
	.reads = "at /: adjtimex(2), /proc/*/comm and exe; everywhere: the units of timesyncd, chrony, "
	         "ntpsec, ntp and openntpd in /etc/systemd/system, their configuration files, "
	         "/run/systemd/timesync/synchronized; Windows: Services\\W32Time (Start, Parameters, "
	         "TimeProviders\\NtpClient) and its policy",
	.params = NULL,
	.facts_size = sizeof(struct time_sync_facts),
	.facts_free = time_sync_facts_free,
	.probes = {
		[TARGET_LINUX] = { time_sync_probe_linux, NULL, NULL },
		[TARGET_WINDOWS] = { time_sync_probe_windows, NULL, NULL },
	},
	.judge = time_sync_judge,
};
