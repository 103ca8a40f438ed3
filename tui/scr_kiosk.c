/*
 * scr_kiosk.c: the self-service kiosk (`reentry tui --kiosk`).
 *
 * welcome (both languages: insert your USB medium, or out of service and
 * why) -> a medium appears in the mount table -> the staff-identity step
 * when kiosk.staff_id asks for it -> a staff session with the medium's
 * identity as the device -> media-scan at once on its mount points (scr_run.c
 * shows the progress) -> an infected or unscannable medium stops at once:
 * the report is written and signed and the stop screen says, in both
 * languages, not to use it and where to take it -> otherwise the staff
 * questions one by one -> the signed report and a receipt whose first line
 * says whether the medium may be used -> back to welcome when the medium is
 * removed.
 *
 * Out of service: while the signature database is missing, empty or older
 * than kiosk.max_signature_age_days, no medium is taken; each one inserted
 * is recorded in a signed report of the refusal (media-scan unknown).
 *
 * Media are polled once a second (five times a second while a scan runs)
 * with media_list() under the --root prefix (so tests use fixture trees), by
 * the kiosk screens' tick and, while the medium is scanned, by the run
 * screen's tick (tui_run_end.watch). A medium removed during its scan
 * cancels the scan, which is then stored as unknown
 * (incomplete, never clean), and the kiosk goes straight back to welcome.
 * Only a pulled medium or the administrator stop a scan; Esc does not. A
 * session idle longer than kiosk.idle_timeout_s is left saved (unfinished,
 * so its verdict is incomplete) and the kiosk returns to the welcome screen.
 * Leaving the kiosk needs the administrator passphrase (F12, tui_main.c).
 * Each visit starts in the kiosk's own language (kiosk.language).
 *
 * A medium pulled during the questions ends the visit: back to welcome with
 * one line saying so; the session is left saved and unfinished (its verdict
 * incomplete) and no report is written, so nothing claims the medium clean.
 *
 * With kiosk.printer set, the receipt is also printed on a slip through CUPS
 * (`lp -d PRINTER FILE`), run in the background and watched by the tick: the
 * screen says whether the slip was sent, and a printing failure is shown but
 * never holds up the receipt.
 *
 * The kiosk screens share one state, t->data[SCR_KWELCOME].
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <regex.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tui.h"
#include "tui_curses.h"
#include "../sys/media.h"
#include "../util/fileio.h"
#include "../util/strbuf.h"
#include "../util/text.h"
#include "../util/timefmt.h"
#include "../util/xalloc.h"

#define KIOSK_OPERATOR "kiosk"
#define KIOSK_PRINT_TIMEOUT 60 /* seconds lp may take to hand the slip to CUPS */

extern char **environ;

/* The printed slip (kiosk.printer): lp running in the background. */
enum kiosk_print_state {
	PRINT_NONE,    /* no printer, or nothing printed this visit */
	PRINT_RUNNING, /* lp is handing the slip to CUPS */
	PRINT_SENT,    /* CUPS took the job */
	PRINT_FAILED,  /* why is in print_why */
};

/* A removable medium the kiosk watches (one per devnode with a mount point). */
struct kiosk_medium {
	char *key;    /* devnode plus serial: identity for insert/remove */
	char *label;  /* human description, untrusted: sanitise */
	char **paths; /* host paths of its mount points, NULL-terminated */
	struct json *json;
};

/* The kiosk's state. */
struct kiosk_state {
	struct kiosk_medium *media; /* as last polled */
	size_t nmedia;
	char **known; /* media present when the welcome screen came up */
	size_t nknown;
	struct kiosk_medium *scanned; /* the medium of this kiosk session */
	time_t began;                 /* when this kiosk session began */
	long long last_poll_ms;       /* monotonic; 0: poll on the next tick */
	size_t ask;                   /* question index */
	const struct item **questions;
	size_t nquestions;
	enum lang home; /* the language each visit starts in */
	int home_set;
	struct tui_edit edit;  /* the staff identity or a note being typed */
	int editing;           /* the editor is open */
	char *oos_en, *oos_ja; /* why the kiosk is out of service, or NULL */
	char sha256[65];       /* of the visit's report ("" until written) */
	/* the printed slip */
	enum kiosk_print_state print;
	pid_t print_pid;         /* lp while PRINT_RUNNING */
	int print_fd;            /* its stdout and stderr, non-blocking */
	struct strbuf print_out; /* what lp said */
	time_t print_began;
	char *print_file; /* the slip's text file, removed once lp is done */
	char *print_why;  /* why it failed (lp's words, untrusted) */
};

static int kiosk_poll(struct tui *t);

/* The state, made on first use. */
static struct kiosk_state *
kiosk_state(struct tui *t)
{
	if (t->data[SCR_KWELCOME] == NULL)
		t->data[SCR_KWELCOME] = xcalloc(1, sizeof(struct kiosk_state));
	return t->data[SCR_KWELCOME];
}

/* Frees n media. */
static void
kiosk_media_free(struct kiosk_medium *m, size_t n)
{
	size_t i, j;

	for (i = 0; m != NULL && i < n; i++) {
		free(m[i].key);
		free(m[i].label);
		for (j = 0; m[i].paths != NULL && m[i].paths[j] != NULL; j++)
			free(m[i].paths[j]);
		free(m[i].paths);
		json_free(m[i].json);
	}
	free(m);
}

/* Reads the mounted removable media under root; -1 when they cannot be listed. */
static int
kiosk_read_media(const struct tui *t, struct kiosk_medium **out, size_t *nout)
{
	struct medium *m;
	size_t n, i, j, k = 0;
	char err[256];
	struct kiosk_medium *v;

	*out = NULL;
	*nout = 0;
	if (media_list(t->target, &m, &n, err, sizeof err) != 0)
		return -1;
	v = xcalloc(n + 1, sizeof *v);
	for (i = 0; i < n; i++) {
		size_t np = 0;

		while (m[i].mountpoints != NULL && m[i].mountpoints[np] != NULL)
			np++;
		if (np == 0)
			continue;
		v[k].key = xasprintf("%s|%s|%s", m[i].devnode != NULL ? m[i].devnode : m[i].name,
		    m[i].serial != NULL ? m[i].serial : "", m[i].uuid != NULL ? m[i].uuid : "");
		v[k].label = xasprintf("%s %s %s%s%s", m[i].vendor != NULL ? m[i].vendor : "",
		    m[i].model != NULL ? m[i].model : "", m[i].label != NULL ? "\"" : "",
		    m[i].label != NULL ? m[i].label : "", m[i].label != NULL ? "\"" : "");
		v[k].paths = xcalloc(np + 1, sizeof *v[k].paths);
		for (j = 0; j < np; j++)
			v[k].paths[j] = target_host_path(t->target, m[i].mountpoints[j]);
		v[k].json = medium_to_json(&m[i]);
		k++;
	}
	media_free(m, n);
	*out = v;
	*nout = k;
	return 0;
}

/* The medium with key, or NULL. */
static struct kiosk_medium *
kiosk_find(struct kiosk_medium *v, size_t n, const char *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].key, key) == 0)
			return &v[i];
	return NULL;
}

/* Moves medium m into a new struct (so it survives the next poll). */
static struct kiosk_medium *
kiosk_take(struct kiosk_medium *m)
{
	struct kiosk_medium *c = xcalloc(1, sizeof *c);

	*c = *m;
	memset(m, 0, sizeof *m);
	m->key = xstrdup(c->key);
	m->label = xstrdup(c->label);
	m->paths = xcalloc(1, sizeof *m->paths);
	return c;
}

/* Closes the editor. */
static void
kiosk_edit_close(struct kiosk_state *st)
{
	if (st->editing)
		tui_edit_free(&st->edit);
	st->editing = 0;
}

/* Forgets the last slip's outcome (a running lp is left to finish). */
static void
kiosk_print_forget(struct kiosk_state *st)
{
	if (st->print != PRINT_RUNNING) {
		st->print = PRINT_NONE;
		free(st->print_why);
		st->print_why = NULL;
	}
}

/* lp ended with wait status ws (or was given up on: ws -1): the slip's outcome. */
static void
kiosk_print_done(struct kiosk_state *st, int ws)
{
	char *nl;

	close(st->print_fd);
	st->print_fd = -1;
	st->print_pid = 0;
	if (st->print_file != NULL) {
		(void)unlink(st->print_file);
		free(st->print_file);
		st->print_file = NULL;
	}
	free(st->print_why);
	st->print_why = NULL;
	if (ws != -1 && WIFEXITED(ws) && WEXITSTATUS(ws) == 0) {
		st->print = PRINT_SENT;
	} else {
		st->print = PRINT_FAILED;
		if (ws == -1)
			st->print_why = xasprintf("lp did not finish within %d s", KIOSK_PRINT_TIMEOUT);
		else if (st->print_out.len > 0) {
			/* lp's last line, e.g. "lp: The printer or class does not exist." */
			while (st->print_out.len > 0 && st->print_out.buf[st->print_out.len - 1] == '\n')
				sb_truncate(&st->print_out, st->print_out.len - 1);
			nl = strrchr(st->print_out.buf, '\n');
			nl = nl != NULL ? nl + 1 : st->print_out.buf;
			/* "lp: Error - The printer or class does not exist.": the words that matter */
			if (strncmp(nl, "lp: ", 4) == 0)
				nl += 4;
			if (strncmp(nl, "Error - ", 8) == 0)
				nl += 8;
			st->print_why = xstrdup(nl);
		} else if (WIFEXITED(ws) && WEXITSTATUS(ws) == 127)
			st->print_why = xstrdup("lp could not be run");
		else
			st->print_why = xasprintf("lp failed (status %d)",
			    WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws));
	}
	sb_free(&st->print_out);
}

/* Watches a running lp; returns TUI_REDRAW when the slip's outcome is known. */
static int
kiosk_print_poll(struct kiosk_state *st)
{
	char buf[512];
	ssize_t n;
	int ws;
	pid_t r;

	if (st->print != PRINT_RUNNING)
		return 0;
	while ((n = read(st->print_fd, buf, sizeof buf)) > 0)
		if (st->print_out.len < 4096)
			sb_add(&st->print_out, buf, (size_t)n);
	r = waitpid(st->print_pid, &ws, WNOHANG);
	if (r == st->print_pid) {
		while ((n = read(st->print_fd, buf, sizeof buf)) > 0)
			if (st->print_out.len < 4096)
				sb_add(&st->print_out, buf, (size_t)n);
		kiosk_print_done(st, ws);
		return TUI_REDRAW;
	}
	if (r < 0 || time(NULL) - st->print_began > KIOSK_PRINT_TIMEOUT) {
		(void)kill(st->print_pid, SIGKILL);
		(void)waitpid(st->print_pid, &ws, 0);
		kiosk_print_done(st, -1);
		return TUI_REDRAW;
	}
	return 0;
}

/* Stops a running lp at once (the kiosk is leaving). */
static void
kiosk_print_stop(struct kiosk_state *st)
{
	int ws;

	if (st->print != PRINT_RUNNING)
		return;
	(void)kill(st->print_pid, SIGKILL);
	(void)waitpid(st->print_pid, &ws, 0);
	kiosk_print_done(st, -1);
}

static void kiosk_found(const struct tui *t, size_t *infected, size_t *unscannable);
static char *receipt_open(const struct tui *t, size_t *n);

/* The slip's text, in both languages; untrusted parts sanitised. Caller frees. */
static char *
kiosk_slip(struct tui *t)
{
	struct kiosk_state *st = kiosk_state(t);
	struct strbuf sb = STRBUF_INIT;
	struct verdict v;
	size_t inf, uns, nopen, i;
	char when[TIME_ISO_LEN], *s;
	const struct check_result *r = session_result(t->s, "media-scan");

	session_verdict(t->s, &v);
	kiosk_found(t, &inf, &uns);
	sb_adds(&sb, "reentry  受付票 / Receipt\n\n");
	if (inf + uns > 0)
		sb_adds(&sb, "使用しないでください: IT 担当へお持ちください\nDo not use: take it to IT\n");
	else if (v.kind == VERDICT_PASS)
		sb_adds(&sb, "使用できます\nOK to use\n");
	else
		sb_adds(&sb, "IT 担当の確認が必要です\nIT must finish\n");
	sb_adds(&sb, "\n");
	if (st->scanned != NULL) {
		s = text_sanitize(st->scanned->label);
		sb_addf(&sb, "メディア / Medium: %s\n", s);
		free(s);
	}
	s = text_sanitize(session_operator(t->s));
	sb_addf(&sb, "職員 / Staff: %s\n", s);
	free(s);
	sb_addf(&sb, "判定 / Verdict: %s\n", verdict_name(v.kind));
	if (r != NULL)
		sb_addf(&sb, "感染 / Infected: %zu   検査できず / Not checked: %zu\n", inf, uns);
	else
		sb_adds(&sb, "メディアは検査されていません / The medium was not scanned\n");
	for (i = 0; r != NULL && i < inf && i < 10; i++) {
		const struct json *f = json_at(json_get(r->details, "infected"), i);
		char *p = text_sanitize(
		    json_get_str(json_get(f, "path")) != NULL ? json_get_str(json_get(f, "path")) : "?");
		char *w = text_sanitize(json_get_str(json_get(f, "signature")) != NULL ?
		        json_get_str(json_get(f, "signature")) :
		        "");

		sb_addf(&sb, "  ! %s: %s\n", p, w);
		free(p);
		free(w);
	}
	if (inf > 10)
		sb_addf(&sb, "  … ほか %zu 件 / and %zu more\n", inf - 10, inf - 10);
	s = receipt_open(t, &nopen);
	if (nopen > 0) {
		char *o = text_sanitize(s);

		sb_addf(&sb, "未完了の項目 / Open items:\n  %s\n", o);
		free(o);
	}
	free(s);
	if (inf + uns > 0) {
		const char *desk_en = t->cfg->kiosk_desk_en != NULL ? t->cfg->kiosk_desk_en : "the IT desk";
		const char *desk_ja = t->cfg->kiosk_desk_ja != NULL ? t->cfg->kiosk_desk_ja : "IT 担当窓口";
		char *de = text_sanitize(desk_en), *dj = text_sanitize(desk_ja);

		sb_addf(&sb, "このメディアを%sに持って行ってください。\nTake it to %s now.\n", dj, de);
		free(de);
		free(dj);
	}
	time_iso_utc(time(NULL), when);
	sb_addf(&sb, "\n報告書 ID / Report ID: %s\nSHA-256: %s\n日時 / Date: %s\n",
	    t->report.report_id != NULL ? t->report.report_id : "?", st->sha256, when);
	return sb_detach(&sb);
}

/*
 * Prints the visit's slip when kiosk.printer is set: writes its text beside
 * the sessions and starts `lp -d PRINTER -t TITLE FILE` in the background.
 * A failure to start is a failed slip, shown on the screen; never more.
 */
static void
kiosk_print_start(struct tui *t)
{
	struct kiosk_state *st = kiosk_state(t);
	posix_spawn_file_actions_t fa;
	char err[512], *text, *title;
	int p[2], rc;
	const char *argv[8];

	kiosk_print_stop(st);
	kiosk_print_forget(st);
	if (t->cfg->kiosk_printer == NULL || !t->reported)
		return;
	st->print = PRINT_FAILED;
	text = kiosk_slip(t);
	st->print_file = xasprintf("%s/slip-%s.txt", t->state_dir, t->report.report_id);
	rc = file_write_atomic(st->print_file, text, strlen(text), 0600, err, sizeof err);
	free(text);
	if (rc != 0) {
		st->print_why = xstrdup(err);
		free(st->print_file);
		st->print_file = NULL;
		return;
	}
	if (pipe2(p, O_CLOEXEC) != 0) {
		st->print_why = xasprintf("pipe: %s", strerror(errno));
		(void)unlink(st->print_file);
		free(st->print_file);
		st->print_file = NULL;
		return;
	}
	title = xasprintf("reentry %s", t->report.report_id);
	argv[0] = "lp";
	argv[1] = "-d";
	argv[2] = t->cfg->kiosk_printer;
	argv[3] = "-t";
	argv[4] = title;
	argv[5] = st->print_file;
	argv[6] = NULL;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, p[1], STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&fa, p[1], STDERR_FILENO);
	rc = posix_spawnp(&st->print_pid, "lp", &fa, NULL, (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	free(title);
	close(p[1]);
	if (rc != 0) {
		close(p[0]);
		st->print_pid = 0;
		st->print_why = xasprintf("lp: %s", strerror(rc));
		(void)unlink(st->print_file);
		free(st->print_file);
		st->print_file = NULL;
		return;
	}
	(void)fcntl(p[0], F_SETFL, O_NONBLOCK);
	st->print_fd = p[0];
	st->print_began = time(NULL);
	st->print = PRINT_RUNNING;
}

/* The slip's state as one line in the current language (bilingual when both), or NULL. */
static char *
kiosk_print_line(const struct tui *t, const struct kiosk_state *st, int both)
{
	const char *en = NULL, *ja = NULL;
	char *why = NULL, *line;

	switch (st->print) {
	case PRINT_NONE: return NULL;
	case PRINT_RUNNING:
		en = "Printing your slip…";
		ja = "受付票を印刷しています…";
		break;
	case PRINT_SENT:
		en = "Your slip has been sent to the printer.";
		ja = "受付票をプリンターに送りました。";
		break;
	case PRINT_FAILED:
		why = text_sanitize(st->print_why != NULL ? st->print_why : "?");
		en = "Slip not printed";
		ja = "受付票を印刷できませんでした";
		break;
	}
	if (why != NULL)
		line = both ?
		    xasprintf("%s（%s）。この画面が受付票です。 / %s (%s). This screen is "
		              "your receipt.",
		        ja, why, en, why) :
		    xasprintf("%s%s%s%s", tr(t, en, ja), tr(t, " (", "（"), why, tr(t, ")", "）"));
	else
		line = both ? xasprintf("%s / %s", ja, en) : xstrdup(tr(t, en, ja));
	free(why);
	return line;
}

/* Ends the kiosk session: its checks, its session (saved as it is), its report. */
static void
kiosk_reset(struct tui *t)
{
	struct kiosk_state *st = kiosk_state(t);

	tui_run_stop(t);
	session_free(t->s);
	t->s = NULL;
	kiosk_media_free(st->scanned, st->scanned != NULL ? 1 : 0);
	st->scanned = NULL;
	free(st->questions);
	st->questions = NULL;
	st->nquestions = 0;
	st->ask = 0;
	kiosk_edit_close(st);
	kiosk_print_forget(st);
	tui_report_clear(t);
}

/* The kiosk's end: the session and the media it holds. */
static void
kiosk_free(struct tui *t)
{
	struct kiosk_state *st = t->data[SCR_KWELCOME];
	size_t i;

	if (st == NULL)
		return;
	kiosk_print_stop(st);
	kiosk_reset(t);
	kiosk_media_free(st->media, st->nmedia);
	for (i = 0; i < st->nknown; i++)
		free(st->known[i]);
	free(st->known);
	free(st->oos_en);
	free(st->oos_ja);
	free(st);
	t->data[SCR_KWELCOME] = NULL;
}

/* The kiosk screens' tick: the media and the idle timer. */
static int
kiosk_tick(struct tui *t)
{
	return kiosk_print_poll(kiosk_state(t)) | kiosk_poll(t);
}

/* The kiosk's plan: the session's checks that scan explicit paths (the medium). */
static void
kiosk_plan(const struct tui *t, struct plan *out)
{
	struct plan all;
	size_t i, n = 0;

	session_plan(t->s, NULL, 1, &all);
	for (i = 0; i < all.n; i++)
		if (all.v[i].check->flags & CHECK_SCANS_PATHS)
			all.v[n++] = all.v[i];
	all.n = n;
	*out = all;
}

/*
 * Decides whether the kiosk is in service: the signature database loaded,
 * not empty, and no older than kiosk.max_signature_age_days. Sets or clears
 * the reason in both languages; returns 1 when in service (or still loading).
 */
static int
kiosk_in_service(struct tui *t)
{
	struct kiosk_state *st = kiosk_state(t);
	struct scan_loader_view v;
	char *en = NULL, *ja = NULL;

	scan_loader_peek(t->engine, &v);
	/* while a (re)load runs, the last decision stands: a reload must not flicker */
	if (v.state == SCAN_LOADER_LOADING)
		return st->oos_en == NULL;
	if (v.state == SCAN_LOADER_FAILED) {
		const char *db = t->cfg->clamav_database;
		struct stat sb;
		DIR *d;
		struct dirent *de;
		int files = 0;

		if (db != NULL && stat(db, &sb) != 0) {
			en = xasprintf("the virus signature database is missing (%s)", db);
			ja = xasprintf("ウイルス定義ファイルがありません（%s）", db);
		} else {
			if (db != NULL && (d = opendir(db)) != NULL) {
				while ((de = readdir(d)) != NULL)
					files += de->d_name[0] != '.';
				closedir(d);
			} else
				files = 1;
			if (files == 0) {
				en = xasprintf("the virus signature database is empty (%s)", db);
				ja = xasprintf("ウイルス定義ファイルが空です（%s）", db);
			} else {
				en = xstrdup("the virus signature database could not be loaded (below)");
				ja = xstrdup("ウイルス定義ファイルを読み込めません（下記）");
			}
		}
	} else if (v.state == SCAN_LOADER_READY && v.have_signatures && v.signatures == 0) {
		en = xstrdup("the virus signature database is empty");
		ja = xstrdup("ウイルス定義ファイルが空です");
	} else if (v.state == SCAN_LOADER_READY && v.db_time == 0) {
		en = xstrdup("the date of the virus signature database is unknown");
		ja = xstrdup("ウイルス定義ファイルの日付が不明です");
	} else if (v.state == SCAN_LOADER_READY) {
		double age = difftime(time(NULL), v.db_time) / 86400.0;

		if (age > (double)t->cfg->kiosk_max_signature_age) {
			en = xasprintf("the virus signature database is %.0f days old (the limit is %d)",
			    age, t->cfg->kiosk_max_signature_age);
			ja = xasprintf("ウイルス定義ファイルが %.0f 日前のものです（上限 %d 日）",
			    age, t->cfg->kiosk_max_signature_age);
		}
	}
	free(st->oos_en);
	free(st->oos_ja);
	st->oos_en = en;
	st->oos_ja = ja;
	return en == NULL;
}

/* Starts the kiosk session of the medium taken (st->scanned) for operator name. */
static int
kiosk_session(struct tui *t, const char *name, char *err, size_t errlen)
{
	struct kiosk_state *st = kiosk_state(t);

	t->s = session_create(t->cl, t->cfg, t->target, t->state_dir, name, ROLE_STAFF, err, errlen);
	if (t->s == NULL)
		return -1;
	if (session_set_device(t->s, st->scanned->json, err, errlen) != 0)
		return -1;
	return 0;
}

/*
 * A medium inserted while out of service: it is not scanned, but a signed
 * report of the refusal records it (media-scan unknown, with the reason).
 */
static void
kiosk_refuse(struct tui *t, struct kiosk_medium *m)
{
	struct kiosk_state *st = kiosk_state(t);
	struct check_result r;
	struct plan plan;
	char err[512];
	size_t i;
	int rc = -1;

	kiosk_reset(t);
	st->scanned = kiosk_take(m);
	if (kiosk_session(t, KIOSK_OPERATOR, err, sizeof err) == 0) {
		char *en = xasprintf("not scanned: the kiosk was out of service (%s)", st->oos_en);
		char *ja = xasprintf("スキャンしていません: キオスクは利用停止中でした（%s）", st->oos_ja);

		kiosk_plan(t, &plan);
		rc = 0;
		for (i = 0; i < plan.n && rc == 0; i++) {
			check_result_init(&r);
			check_result_set(&r, CHECK_UNKNOWN, en, ja);
			json_obj_set(r.details, "kiosk_out_of_service", json_str(st->oos_en));
			rc = session_set_result(t->s, plan.v[i].check, &r, err, sizeof err);
			check_result_free(&r);
		}
		plan_free(&plan);
		free(en);
		free(ja);
		if (rc == 0)
			rc = tui_write_report(t, t->key_path, err, sizeof err);
	}
	if (rc == 0)
		tui_message(t,
		    "利用停止中: このメディアは検査していません（記録 %s）。 / "
		    "Out of service: this medium was not checked (record %s).",
		    t->report.report_id, t->report.report_id);
	else
		tui_failed(t, "The session could not be recorded", "記録を作成できませんでした", err);
	kiosk_reset(t);
}

/* The questions for this session's role: the manual items it sees. */
static void
kiosk_questions(struct tui *t)
{
	struct kiosk_state *st = kiosk_state(t);
	size_t i, n = 0;

	free(st->questions);
	st->questions = xcalloc(t->cl->nitems + 1, sizeof *st->questions);
	for (i = 0; i < t->cl->nitems; i++)
		if (session_item_visible(t->s, t->cl->items[i]) && t->cl->items[i]->kind != KIND_AUTO)
			st->questions[n++] = t->cl->items[i];
	st->nquestions = n;
}

/* The session of the medium taken starts (as operator name) and its scan runs at once. */
static void
kiosk_scan(struct tui *t, const char *name)
{
	struct kiosk_state *st = kiosk_state(t);
	char err[512];
	struct plan plan;

	if (kiosk_session(t, name, err, sizeof err) != 0) {
		tui_failed(t, "The session could not be started", "セッションを開始できませんでした", err);
		if (t->s == NULL) {
			kiosk_reset(t);
			tui_goto(t, SCR_KWELCOME);
			return;
		}
	}
	kiosk_questions(t);
	st->began = time(NULL);
	kiosk_plan(t, &plan);
	if (plan.n == 0) {
		plan_free(&plan);
		tui_message(t, "%s",
		    tr(t, "No scanner in this build: the medium stays unchecked.",
		        "スキャナーがありません。メディアは未検査のままです。"));
		tui_goto(t, SCR_KASK);
		return;
	}
	{
		struct tui_run_end end = {
			.back = SCR_KASK,
			.leave = 1,
			.when_abandoned = SCR_KWELCOME,
			.watch = kiosk_poll,
		};
		struct runner_opts ro;
		char *side;

		memset(&ro, 0, sizeof ro);
		ro.target = t->target;
		ro.cfg = t->cfg;
		ro.engine = t->engine;
		ro.paths = (const char *const *)st->scanned->paths;
		ro.sidedir = side = session_sidedir(t->s, 1);
		tui_run_start(t, &plan, &ro, &end);
		free(side);
		plan_free(&plan);
	}
}

/* kiosk.staff_id: 2 required, 1 optional, 0 off. */
static int
kiosk_staff_mode(const struct tui *t)
{
	const char *m = t->cfg->kiosk_staff_id;

	if (m == NULL || strcmp(m, "off") == 0)
		return 0;
	return strcmp(m, "required") == 0 ? 2 : 1;
}

/* A medium was inserted: take it, ask who brought it when configured, then scan it. */
static void
kiosk_begin(struct tui *t, struct kiosk_medium *m)
{
	struct kiosk_state *st = kiosk_state(t);

	kiosk_reset(t);
	tui_message_clear(t);
	st->scanned = kiosk_take(m);
	st->began = time(NULL);
	if (kiosk_staff_mode(t) > 0) {
		tui_goto(t, SCR_KSTAFF);
		return;
	}
	kiosk_scan(t, KIOSK_OPERATOR);
}

/* Polls the media once a second; returns TUI_REDRAW when the set changed. */
static int
kiosk_poll(struct tui *t)
{
	struct kiosk_state *st = kiosk_state(t);
	time_t now = time(NULL), idle = t->last_input > st->began ? t->last_input : st->began;
	struct kiosk_medium *v;
	size_t n, i, j;
	int flags = 0;

	/* idle: leave the session saved as it is (unfinished: incomplete) */
	if (t->cur != SCR_KWELCOME && !tui_run_busy(t) && t->modal == MODAL_NONE &&
	    now - idle >= t->cfg->kiosk_idle_timeout) {
		int reported = t->reported;

		tui_goto(t, SCR_KWELCOME);
		if (!reported)
			tui_message(t, "%s",
			    "時間切れ: セッションは未完了として保存されました。 / "
			    "Timed out: the session was saved as incomplete.");
		return TUI_REDRAW;
	}
	{
		/* every second; while a scan runs, five times a second so a pulled medium stops it fast */
		struct timespec ts;
		long long ms;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		ms = (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
		if (st->last_poll_ms != 0 && ms - st->last_poll_ms < (tui_run_busy(t) ? 200 : 1000))
			return 0;
		st->last_poll_ms = ms;
	}
	if (t->cur == SCR_KWELCOME) {
		char *before = st->oos_en != NULL ? xstrdup(st->oos_en) : NULL;

		kiosk_in_service(t);
		if ((before == NULL) != (st->oos_en == NULL) ||
		    (before != NULL && strcmp(before, st->oos_en) != 0))
			flags = TUI_REDRAW;
		free(before);
	}
	if (kiosk_read_media(t, &v, &n) != 0)
		return flags;
	/* a medium that went away may come back: forget it */
	for (i = 0; i < st->nknown;) {
		if (kiosk_find(v, n, st->known[i]) == NULL) {
			free(st->known[i]);
			st->known[i] = st->known[--st->nknown];
			flags = TUI_REDRAW;
		} else
			i++;
	}
	if (st->scanned != NULL && kiosk_find(v, n, st->scanned->key) == NULL) {
		if (tui_run_abandon(t)) {
			tui_message(t, "%s",
			    "スキャン中にメディアが取り外されたため、検査していません。もう一度差し込んでください。 / "
			    "The medium was removed during the scan, so it was not checked. Insert it "
			    "again to start over.");
		} else if (t->cur == SCR_KASK && !t->reported) {
			/* the session stays saved, unfinished; no report claims the medium clean */
			tui_goto(t, SCR_KWELCOME);
			tui_message(t, "%s",
			    "質問の途中でメディアが取り外されました。検査は完了していません。もう一度差し込んでください。 / "
			    "The medium was removed before the questions were finished, so the check "
			    "is not complete. Insert it again to start over.");
		} else if (t->cur == SCR_KRECEIPT || t->cur == SCR_KSTOP || t->cur == SCR_KSTAFF) {
			tui_goto(t, SCR_KWELCOME);
		}
		flags = TUI_REDRAW;
	}
	if (t->cur == SCR_KWELCOME) {
		for (j = 0; j < n; j++) {
			int known = 0;

			for (i = 0; i < st->nknown; i++)
				if (strcmp(st->known[i], v[j].key) == 0)
					known = 1;
			if (!known) {
				st->known = xreallocarray(st->known, st->nknown + 1, sizeof *st->known);
				st->known[st->nknown++] = xstrdup(v[j].key);
				if (st->oos_en != NULL)
					kiosk_refuse(t, &v[j]);
				else
					kiosk_begin(t, &v[j]);
				flags = TUI_REDRAW;
				break;
			}
		}
	}
	if (n != st->nmedia)
		flags = TUI_REDRAW;
	kiosk_media_free(st->media, st->nmedia);
	st->media = v;
	st->nmedia = n;
	return flags;
}

static void
welcome_init(struct tui *t)
{
	struct kiosk_state *st = kiosk_state(t);
	struct kiosk_medium *v;
	size_t n, i;

	kiosk_reset(t);
	/* every visit starts in the kiosk's own language, not the last person's */
	if (!st->home_set) {
		st->home = t->lang;
		st->home_set = 1;
	}
	t->lang = st->home;
	scan_loader_reload(t->engine); /* pick up a database updated since the last scan */
	/* media already attached do not start a session: insert one anew */
	for (i = 0; i < st->nknown; i++)
		free(st->known[i]);
	free(st->known);
	st->known = NULL;
	st->nknown = 0;
	if (kiosk_read_media(t, &v, &n) == 0) {
		st->known = xcalloc(n + 1, sizeof *st->known);
		for (i = 0; i < n; i++)
			st->known[st->nknown++] = xstrdup(v[i].key);
		kiosk_media_free(v, n);
	}
	st->last_poll_ms = 0; /* poll (and decide whether in service) on the next tick */
}

/* Puts s centred on row y. */
static void
kiosk_centre(const struct tui *t, int y, const char *s, enum tui_role r)
{
	int w = text_width(s);

	if (w > t->cols - 2)
		w = t->cols - 2;
	tui_put(t, y, (t->cols - w) / 2, w, s, r, 0);
}

/* Wraps s at column 4 from row y, at most max rows; returns the rows used. */
static int
kiosk_para(const struct tui *t, int y, int max, const char *s, enum tui_role r)
{
	int n = tui_wrap(t, y, 4, t->cols - 8, 0, max, s, r);

	return n < max ? n : max;
}

static void
welcome_draw(struct tui *t)
{
	struct kiosk_state *st = kiosk_state(t);
	static const struct tui_hint hints[] = {
		{ "F2", "日本語", "English" },
		{ NULL, NULL, NULL },
	};
	int y = t->rows / 2 - 6;

	tui_title(t, "セルフチェック Self-service check");
	if (st->oos_en != NULL) {
		kiosk_centre(t, y, "現在ご利用いただけません", TA_FAIL);
		kiosk_centre(t, y + 1, "OUT OF SERVICE", TA_FAIL);
		y += 3;
		y += kiosk_para(t, y, 3, st->oos_ja, TA_NORMAL);
		y += kiosk_para(t, y, 3, st->oos_en, TA_NORMAL);
		y++;
		y += kiosk_para(t, y, 2, "メディアは受け付けません。IT 担当に連絡してください。",
		    TA_TITLE);
		kiosk_para(t, y, 2, "No media are taken now. Please contact IT.", TA_TITLE);
	} else {
		kiosk_centre(t, y, "ようこそ。テレワークから戻った USB メディアを検査します。", TA_NORMAL);
		kiosk_centre(t, y + 1,
		    "Welcome. This kiosk checks USB media returning from telework.", TA_NORMAL);
		kiosk_centre(t, y + 4, "USB メディアを差し込んでください", TA_TITLE);
		kiosk_centre(t, y + 6, "Please insert your USB media", TA_TITLE);
		if (st->nknown > 0) {
			kiosk_centre(t, y + 9,
			    "取り付け済みのメディアは、一度抜いて差し直してください", TA_DIM);
			kiosk_centre(t, y + 10,
			    "To check an attached medium, remove it and insert it again", TA_DIM);
		}
	}
	tui_engine_line(t, t->rows - 5);
	tui_hints(t, hints);
}

static int
welcome_key(struct tui *t, const struct tui_key *k)
{
	(void)t;
	(void)k;
	return TUI_UNHANDLED;
}

/* The scan's infected and unscannable files (0 each when it did not run). */
static void
kiosk_found(const struct tui *t, size_t *infected, size_t *unscannable)
{
	const struct check_result *r = t->s != NULL ? session_result(t->s, "media-scan") : NULL;

	*infected = r != NULL ? json_len(json_get(r->details, "infected")) : 0;
	*unscannable = r != NULL ? json_len(json_get(r->details, "unscannable")) : 0;
}

/* Writes and signs the report, then the stop screen or the receipt. */
static void
kiosk_finish(struct tui *t)
{
	struct kiosk_state *st = kiosk_state(t);
	char err[512];
	size_t inf, uns;

	st->sha256[0] = '\0';
	if (tui_write_report(t, t->key_path, err, sizeof err) != 0)
		tui_failed(t, "Report not written", "報告書を作成できませんでした", err);
	else if (sha256_file_hex(t->report.json, st->sha256, err, sizeof err) != 0) {
		st->sha256[0] = '\0';
		tui_failed(t, "The report could not be read", "報告書を読み取れませんでした", err);
	}
	kiosk_print_start(t);
	kiosk_found(t, &inf, &uns);
	tui_goto(t, inf + uns > 0 ? SCR_KSTOP : SCR_KRECEIPT);
}

/* Records the kiosk user's answer (and note) and moves on; after the last, the report. */
static void
ask_answer(struct tui *t, enum answer a, const char *note)
{
	struct kiosk_state *st = kiosk_state(t);
	char err[512];

	if (session_set_answer(t->s, st->questions[st->ask], a, note, err, sizeof err) != 0) {
		tui_failed(t, "The answer was not saved", "回答を保存できませんでした", err);
		return;
	}
	if (++st->ask >= st->nquestions)
		kiosk_finish(t);
}

static void
ask_init(struct tui *t)
{
	struct kiosk_state *st = kiosk_state(t);
	size_t inf, uns;

	st->ask = 0;
	kiosk_edit_close(st);
	if (t->s == NULL)
		return;
	/* an infected or unscannable medium stops at once, unless the site asks anyway */
	kiosk_found(t, &inf, &uns);
	if (st->nquestions == 0 || (inf + uns > 0 && !t->cfg->kiosk_ask_when_infected))
		kiosk_finish(t);
}

static void
ask_draw(struct tui *t)
{
	struct kiosk_state *st = kiosk_state(t);
	static const struct tui_hint hints[] = {
		{ "y", "Yes", "はい" },
		{ "n", "No", "いいえ" },
		{ "a", "Not applicable", "対象外" },
		{ "←", "Previous", "前へ" },
		{ "F2", "日本語", "English" },
		{ NULL, NULL, NULL },
	};
	static const struct tui_hint note_hints[] = {
		{ "Enter", "Save", "保存" },
		{ "Esc", "Back", "戻る" },
		{ NULL, NULL, NULL },
	};
	const struct item *it;
	enum answer a;
	int y = 2;

	if (st->ask >= st->nquestions)
		return;
	it = st->questions[st->ask];
	tui_title(t, tr(t, "Questions", "質問"));
	tui_putf(t, y++, 2, t->cols - 4, TA_DIM, "%s %zu / %zu   (%s %s)", tr(t, "Question", "質問"),
	    st->ask + 1, st->nquestions, tr(t, "JNSA ref", "JNSA 番号"), it->jnsa_ref);
	y++;
	y += tui_wrap(t, y, 2, t->cols - 4, 0, 2, ltext_get(&it->title, t->lang), TA_NORMAL) > 1 ? 2 : 1;
	y++;
	tui_wrap(t, y, 2, t->cols - 4, 0, t->rows - y - 7, ltext_get(&it->description, t->lang),
	    TA_NORMAL);
	if (st->editing) {
		tui_put(t, t->rows - 5, 2, t->cols - 4,
		    tr(t, "No. A short note, if you like (Enter saves, empty for none):",
		        "いいえ。よろしければ短いメモを（Enter で保存、空欄でも可）:"),
		    TA_KEY, 0);
		tui_hints(t, note_hints);
		tui_edit_draw(&st->edit, t->rows - 4, 2, t->cols - 4);
		return;
	}
	a = session_answer(t->s, it);
	if (a != ANSWER_NONE) {
		const char *w = a == ANSWER_YES ? tr(t, "yes", "はい") :
		    a == ANSWER_NO              ? tr(t, "no", "いいえ") :
		                                  tr(t, "not applicable", "対象外");
		const char *note = session_note(t->s, it);

		tui_putf(t, t->rows - 5, 2, t->cols - 4, TA_WARN, "%s %s%s%s",
		    tr(t, "Your answer:", "あなたの回答:"), w, note[0] != '\0' ? " — " : "", note);
	}
	tui_put(t, t->rows - 4, 2, t->cols - 4,
	    tr(t, "Answer:  y = yes   n = no   a = not applicable",
	        "回答:  y = はい   n = いいえ   a = 対象外"),
	    TA_KEY, 0);
	tui_hints(t, hints);
}

static int
ask_key(struct tui *t, const struct tui_key *k)
{
	struct kiosk_state *st = kiosk_state(t);

	if (st->editing) {
		if (k->fn == KEY_F(12)) /* the administrator */
			return TUI_UNHANDLED;
		if (k->fn == 0 && k->ch == 27) {
			kiosk_edit_close(st);
		} else if (k->fn == 0 && (k->ch == '\r' || k->ch == '\n')) {
			char *note = tui_edit_text(&st->edit);

			kiosk_edit_close(st);
			ask_answer(t, ANSWER_NO, note);
			free(note);
		} else if (!tui_edit_key(&st->edit, k))
			return TUI_HANDLED; /* F2 and the rest wait until the note is done */
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (k->fn == KEY_LEFT || k->fn == KEY_BACKSPACE || (k->fn == 0 && k->ch == 0x7f)) {
		if (st->ask > 0)
			st->ask--;
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (k->fn != 0 || st->ask >= st->nquestions)
		return TUI_UNHANDLED;
	switch (k->ch) {
	case 'y':
	case 'Y': ask_answer(t, ANSWER_YES, NULL); break;
	case 'n':
	case 'N':
		tui_edit_init(&st->edit, session_note(t->s, st->questions[st->ask]), 200, 0);
		st->editing = 1;
		break;
	case 'a':
	case 'A': ask_answer(t, ANSWER_NA, NULL); break;
	default: return TUI_UNHANDLED;
	}
	return TUI_HANDLED | TUI_REDRAW;
}

static void
staff_init(struct tui *t)
{
	struct kiosk_state *st = kiosk_state(t);

	kiosk_edit_close(st);
	tui_edit_init(&st->edit, "", 64, 0);
	st->editing = 1;
}

static void
staff_draw(struct tui *t)
{
	struct kiosk_state *st = kiosk_state(t);
	static const struct tui_hint hints[] = {
		{ "Enter", "Continue", "次へ" },
		{ "F2", "日本語", "English" },
		{ NULL, NULL, NULL },
	};
	int y = 3;

	tui_title(t, tr(t, "Who are you?", "職員確認"));
	if (st->scanned != NULL)
		tui_putf(t, y++, 4, t->cols - 8, TA_DIM, "%s %s", tr(t, "Medium:", "メディア:"),
		    st->scanned->label);
	y++;
	y += kiosk_para(t, y, 3,
	    tr(t,
	        "Type your staff number or name and press Enter, or hold your badge to the "
	        "reader.",
	        "職員番号または氏名を入力して Enter を押すか、社員証をリーダーにかざしてください。"),
	    TA_NORMAL);
	if (kiosk_staff_mode(t) == 1)
		y += kiosk_para(t, y, 2,
		    tr(t, "You may leave it empty: press Enter to go on.",
		        "空欄のまま Enter で先に進むこともできます。"),
		    TA_DIM);
	y++;
	tui_put(t, y, 4, 14, tr(t, "Staff:", "職員:"), TA_NORMAL, 0);
	tui_hints(t, hints);
	if (st->editing)
		tui_edit_draw(&st->edit, y, 18, t->cols - 24);
}

/* Whether id is acceptable as the staff identity; else a message in both languages. */
static int
staff_ok(struct tui *t, const char *id)
{
	regex_t re;
	int ok = 1;

	if (id[0] == '\0') {
		if (kiosk_staff_mode(t) == 2) {
			tui_message(t, "%s",
			    "職員番号または氏名が必要です。 / Your staff number or name is required.");
			return 0;
		}
		return 1;
	}
	if (t->cfg->kiosk_staff_id_pattern != NULL &&
	    regcomp(&re, t->cfg->kiosk_staff_id_pattern, REG_EXTENDED | REG_NOSUB) == 0) {
		ok = regexec(&re, id, 0, NULL, 0) == 0;
		regfree(&re);
	}
	if (!ok)
		tui_message(t, "%s",
		    "職員番号の形式ではありません。もう一度入力してください。 / "
		    "That is not a staff number in this office's form; please try again.");
	return ok;
}

static int
staff_key(struct tui *t, const struct tui_key *k)
{
	struct kiosk_state *st = kiosk_state(t);
	char *id, *trimmed;
	size_t n;

	if (k->fn == 0 && (k->ch == '\r' || k->ch == '\n')) {
		id = tui_edit_text(&st->edit);
		/* a badge reader may add spaces or a tab */
		trimmed = id;
		while (*trimmed == ' ' || *trimmed == '\t')
			trimmed++;
		n = strlen(trimmed);
		while (n > 0 && (trimmed[n - 1] == ' ' || trimmed[n - 1] == '\t'))
			trimmed[--n] = '\0';
		if (staff_ok(t, trimmed)) {
			kiosk_edit_close(st);
			kiosk_scan(t, trimmed[0] != '\0' ? trimmed : KIOSK_OPERATOR);
		} else {
			tui_edit_free(&st->edit);
			tui_edit_init(&st->edit, "", 64, 0);
		}
		free(id);
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (k->fn == KEY_F(2) || k->fn == KEY_F(12)) /* the language; the administrator */
		return TUI_UNHANDLED;
	if (st->editing)
		tui_edit_key(&st->edit, k);
	return TUI_HANDLED | TUI_REDRAW;
}

/*
 * The files of the scan's list (infected or unscannable) from row y, each
 * "MARK name: why" with the name escaped, as many as fit in maxrows whole;
 * returns the rows used and the files shown in *shown.
 */
static int
stop_files(struct tui *t, int y, const char *list, const char *what, const char *mark, int maxrows,
    size_t *shown)
{
	const struct check_result *r = session_result(t->s, "media-scan");
	const struct json *a = json_get(r->details, list);
	const char *root = target_root(t->target);
	size_t i;
	int used = 0;

	*shown = 0;
	for (i = 0; i < json_len(a); i++) {
		const char *p = json_get_str(json_get(json_at(a, i), "path"));
		const char *w = tui_hit_why(t, json_at(a, i), what);
		char *sp, *sw, *line, **lines;
		size_t n;

		if (p != NULL && strcmp(root, "/") != 0 && strncmp(p, root, strlen(root)) == 0 &&
		    p[strlen(root)] == '/')
			p += strlen(root);
		sp = text_sanitize(p != NULL ? p : "?");
		sw = text_sanitize(w != NULL ? w : "");
		line = xasprintf("%s %s: %s", mark, sp, sw);
		lines = text_wrap(line, t->cols - 10, &n);
		text_lines_free(lines);
		if (used + (int)n > maxrows && *shown > 0) {
			free(sp);
			free(sw);
			free(line);
			break;
		}
		if (used + (int)n > maxrows) /* the first file alone is too long: as much as fits */
			n = (size_t)(maxrows - used);
		used += tui_wrap(t, y + used, 6, t->cols - 10, 0, (int)n, line, TA_FAIL);
		(*shown)++;
		free(sp);
		free(sw);
		free(line);
	}
	return used;
}

static void
stop_draw(struct tui *t)
{
	static const struct tui_hint hints[] = {
		{ "Enter", "Done", "終了" },
		{ NULL, NULL, NULL },
	};
	size_t inf, uns, shown;
	const char *desk_en = t->cfg->kiosk_desk_en != NULL ? t->cfg->kiosk_desk_en : "the IT desk";
	const char *desk_ja = t->cfg->kiosk_desk_ja != NULL ? t->cfg->kiosk_desk_ja : "IT 担当窓口";
	char *s;
	int y = 2;

	tui_title(t, "使用禁止 STOP");
	if (t->s == NULL)
		return;
	kiosk_found(t, &inf, &uns);
	if (inf > 0) {
		kiosk_centre(t, y++,
		    "このメディアは使用しないでください。ウイルスが見つかりました。", TA_FAIL);
		kiosk_centre(t, y++, "STOP. Do not use this medium: malware was found on it.", TA_FAIL);
		y++;
		y += stop_files(t, y, "infected", "signature", "!", uns > 0 ? 4 : 8, &shown);
		if (inf > shown)
			tui_putf(t, y++, 6, t->cols - 10, TA_FAIL,
			    "… ほか %zu 件の感染ファイル / and %zu more infected files",
			    inf - shown, inf - shown);
	} else {
		kiosk_centre(t, y++,
		    "このメディアは検査を完了できませんでした。まだ使用しないでください。", TA_FAIL);
		kiosk_centre(t, y++, "STOP. This medium could not be checked: do not use it yet.",
		    TA_FAIL);
	}
	if (uns > 0) {
		y++;
		s = xasprintf(
		    "%zu 件のファイルは検査できませんでした。IT 担当が確認する必要があります。", uns);
		y += kiosk_para(t, y, 2, s, TA_WARN);
		free(s);
		s = xasprintf("%zu file%s could not be checked; IT must look at %s.", uns,
		    uns == 1 ? "" : "s", uns == 1 ? "it" : "them");
		y += kiosk_para(t, y, 2, s, TA_WARN);
		free(s);
		y += stop_files(t, y, "unscannable", "reason", "?", inf > 0 ? 2 : 6, &shown);
		if (uns > shown)
			tui_putf(t, y++, 6, t->cols - 10, TA_WARN,
			    "… ほか %zu 件（検査できず）/ and %zu more not checked", uns - shown,
			    uns - shown);
	}
	y++;
	s = xasprintf("このメディアを%sに持って行ってください。", desk_ja);
	y += kiosk_para(t, y, 2, s, TA_TITLE);
	free(s);
	s = xasprintf("Take it to %s now.", desk_en);
	y += kiosk_para(t, y, 2, s, TA_TITLE);
	free(s);
	y++;
	if (t->reported) {
		struct kiosk_state *st = kiosk_state(t);

		tui_putf(t, y++, 4, t->cols - 8, TA_NORMAL, "報告書 ID / Report ID: %s",
		    t->report.report_id != NULL ? t->report.report_id : "?");
		if ((s = kiosk_print_line(t, st, 1)) != NULL) {
			kiosk_para(t, y, t->rows - 2 - y, s, st->print == PRINT_FAILED ? TA_FAIL : TA_DIM);
			free(s);
		}
	} else
		kiosk_para(t, y, 2,
		    "報告書を作成できませんでした。IT 担当に連絡してください。 / The report could "
		    "not be written; please tell IT.",
		    TA_FAIL);
	tui_hints(t, hints);
}

/* Enter on the receipt or the stop screen: the next person. */
static int
done_key(struct tui *t, const struct tui_key *k)
{
	if (k->fn == 0 && (k->ch == '\r' || k->ch == '\n')) {
		tui_goto(t, SCR_KWELCOME);
		return TUI_HANDLED | TUI_REDRAW;
	}
	return TUI_UNHANDLED;
}

/* The items a person still has to settle (open, undetermined, attention, failed), with titles. */
static char *
receipt_open(const struct tui *t, size_t *n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	*n = 0;
	for (i = 0; i < t->cl->nitems; i++) {
		const struct item *it = t->cl->items[i];
		enum item_outcome o;

		if (!session_item_visible(t->s, it))
			continue;
		o = session_item_outcome(t->s, it);
		if (o != OUTCOME_OPEN && o != OUTCOME_UNDETERMINED && o != OUTCOME_ATTENTION &&
		    o != OUTCOME_FAILED)
			continue;
		sb_addf(&sb, "%s%s %s", sb.len > 0 ? "\n" : "", it->jnsa_ref,
		    ltext_get(&it->title, t->lang));
		(*n)++;
	}
	return sb.buf != NULL ? sb_detach(&sb) : xstrdup("");
}

/*
 * Wraps s into cols columns at y, x, at most max rows and never at or below
 * row end (kept for the closing sentence); returns the rows used.
 */
static int
receipt_para(const struct tui *t, int y, int x, int cols, int max, const char *s, enum tui_role r, int end)
{
	int n;

	if (max > end - y)
		max = end - y;
	if (max <= 0)
		return 0;
	n = tui_wrap(t, y, x, cols, 0, max, s, r);
	return n < max ? n : max;
}

static void
receipt_draw(struct tui *t)
{
	struct kiosk_state *st = kiosk_state(t);
	static const struct tui_hint hints[] = {
		{ "Enter", "Done", "終了" },
		{ "F2", "日本語", "English" },
		{ NULL, NULL, NULL },
	};
	struct verdict v;
	enum tui_role vr;
	const struct check_result *r;
	size_t inf, uns, nopen;
	char *open, *s, *qr = NULL;
	int y = 2, w = t->cols - 8, qc, qrows, end;

	tui_title(t, tr(t, "Receipt", "受付票"));
	if (t->s == NULL)
		return;
	/* the QR code on the right: the report id and the report's SHA-256 to take away */
	if (t->reported && st->sha256[0] != '\0') {
		qr = xasprintf("%s sha256:%s", t->report.report_id, st->sha256);
		if (tui_qr_size(qr, &qc, &qrows) == 0 && qrows <= t->rows - 3 &&
		    t->cols - qc - 6 >= 30 && tui_qr_draw(t, 1, t->cols - qc - 1, qr) > 0)
			w = t->cols - qc - 6;
	}
	free(qr);
	/* the closing sentence first, at the bottom, so nothing above can push it off */
	{
		const char *bye = tr(t, "Please remove your medium. Thank you.",
		    "メディアを取り外してください。ありがとうございました。");
		size_t nb;
		char **l = text_wrap(bye, w, &nb);

		text_lines_free(l);
		end = t->rows - 2 - (int)nb;
		tui_wrap(t, end, 4, w, 0, (int)nb, bye, TA_TITLE);
	}
	/* the printed slip, just above it: sent, or why not (never in the way) */
	if ((s = kiosk_print_line(t, st, 0)) != NULL) {
		size_t np;
		char **l = text_wrap(s, w, &np);

		text_lines_free(l);
		if (np > 3)
			np = 3;
		end -= (int)np + 1;
		tui_wrap(t, end, 4, w, 0, (int)np, s, st->print == PRINT_FAILED ? TA_FAIL : TA_DIM);
		free(s);
	}
	session_verdict(t->s, &v);
	kiosk_found(t, &inf, &uns);
	open = receipt_open(t, &nopen);
	/* the one question a person has: may I use this medium? */
	if (inf + uns > 0)
		y += receipt_para(t, y, 4, w, 2,
		    tr(t, "Do not use: take it to IT", "使用しないでください: IT 担当へお持ちください"),
		    TA_FAIL, end);
	else if (v.kind == VERDICT_PASS)
		y += receipt_para(t, y, 4, w, 1, tr(t, "OK to use", "使用できます"), TA_PASS, end);
	else {
		y += receipt_para(t, y, 4, w, 1, tr(t, "IT must finish", "IT 担当の確認が必要です"),
		    TA_WARN, end);
		if (nopen > 0)
			y += receipt_para(t, y, 6, w - 2, 6, open, TA_WARN, end);
	}
	y++;
	s = xasprintf("%s [%s]", tr(t, "Verdict:", "判定:"), tui_verdict_word(t, v.kind, &vr));
	y += receipt_para(t, y, 4, w, 1, s, vr, end);
	free(s);
	if (st->scanned != NULL) {
		s = xasprintf("%s %s", tr(t, "Medium:", "メディア:"), st->scanned->label);
		y += receipt_para(t, y, 4, w, 2, s, TA_NORMAL, end);
		free(s);
	}
	if ((r = session_result(t->s, "media-scan")) != NULL) {
		enum tui_role sr;
		const char *tag = tui_status_tag(r->status, &sr);
		char *f = tui_result_findings(t, r, 3);

		tui_put(t, y, 4, 6, tag, sr, 0);
		y += receipt_para(t, y, 11, w - 7, 3, tui_result_summary(t, r), TA_NORMAL, end);
		if (f != NULL)
			y += receipt_para(t, y, 4, w, 4, f, TA_FAIL, end);
		free(f);
	} else
		y += receipt_para(t, y, 4, w, 2,
		    tr(t, "[ ?? ] The medium was not scanned.", "[ ?? ] メディアは検査されていません。"),
		    TA_WARN, end);
	free(open);
	y++;
	if (t->reported) {
		s = xasprintf("%s %s", tr(t, "Report ID:", "報告書 ID:"),
		    t->report.report_id != NULL ? t->report.report_id : "?");
		y += receipt_para(t, y, 4, w, 2, s, TA_NORMAL, end);
		free(s);
		s = xasprintf("%s %s", tr(t, "Signed by key", "署名鍵"),
		    t->report.fingerprint != NULL ? t->report.fingerprint : "?");
		{
			/* whole or not at all: the report records the key as well */
			size_t nf;
			char **l = text_wrap(s, w, &nf);

			text_lines_free(l);
			if (y + (int)nf <= end)
				y += receipt_para(t, y, 4, w, (int)nf, s, TA_DIM, end);
		}
		free(s);
	} else
		y += receipt_para(t, y, 4, w, 3,
		    tr(t, "The report could not be written; your answers are saved. Please ask IT.",
		        "報告書を作成できませんでした。回答は保存済みです。IT 担当に連絡してください。"),
		    TA_FAIL, end);
	tui_hints(t, hints);
}

const struct tui_screen tui_scr_kwelcome = {
	.name = "kiosk-welcome",
	.init = welcome_init,
	.draw = welcome_draw,
	.key = welcome_key,
	.tick = kiosk_tick,
	.free = kiosk_free,
};

const struct tui_screen tui_scr_kstaff = {
	.name = "kiosk-staff",
	.init = staff_init,
	.draw = staff_draw,
	.key = staff_key,
	.tick = kiosk_tick,
};

const struct tui_screen tui_scr_kask = {
	.name = "kiosk-questions",
	.init = ask_init,
	.draw = ask_draw,
	.key = ask_key,
	.tick = kiosk_tick,
};

const struct tui_screen tui_scr_kstop = {
	.name = "kiosk-stop",
	.draw = stop_draw,
	.key = done_key,
	.tick = kiosk_tick,
};

const struct tui_screen tui_scr_kreceipt = {
	.name = "kiosk-receipt",
	.draw = receipt_draw,
	.key = done_key,
	.tick = kiosk_tick,
};
