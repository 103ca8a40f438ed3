/*
 * scr_kiosk.c: the self-service kiosk (`reentry tui --kiosk`).
 *
 * welcome (both languages: insert your USB medium) -> a medium appears in
 * the mount table -> a staff session is created with the medium's identity
 * as the device -> media-scan runs at once on its mount points (scr_run.c
 * shows the progress) -> the staff questions one by one -> the signed
 * report and a receipt (report id and verdict) -> back to welcome when the
 * medium is removed.
 *
 * Media are polled once a second with media_list() under the --root prefix
 * (so tests use fixture trees), by the kiosk screens' tick and, while the
 * medium is scanned, by the run screen's tick (tui_run_end.watch). A medium removed during its scan cancels
 * the scan, which is then stored as unknown: incomplete, never clean. A
 * session idle longer than kiosk.idle_timeout_s is left saved (unfinished,
 * so its verdict is incomplete) and the kiosk returns to the welcome screen.
 * Leaving the kiosk needs the administrator passphrase (F12, tui_main.c).
 *
 * The three kiosk screens share one state, t->data[SCR_KWELCOME].
 */
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "tui_curses.h"
#include "../sys/media.h"
#include "../util/fileio.h"
#include "../util/strbuf.h"
#include "../util/text.h"
#include "../util/xalloc.h"

#define KIOSK_OPERATOR "kiosk"

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
	time_t last_poll;
	size_t ask; /* question index */
	const struct item **questions;
	size_t nquestions;
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
	kiosk_reset(t);
	kiosk_media_free(st->media, st->nmedia);
	for (i = 0; i < st->nknown; i++)
		free(st->known[i]);
	free(st->known);
	free(st);
	t->data[SCR_KWELCOME] = NULL;
}

/* The kiosk screens' tick: the media and the idle timer. */
static int
kiosk_tick(struct tui *t)
{
	return kiosk_poll(t);
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

/* A medium was inserted: start a session for it and scan it at once. */
static void
kiosk_begin(struct tui *t, struct kiosk_medium *m)
{
	struct kiosk_state *st = kiosk_state(t);
	char err[512];
	struct plan plan;
	size_t i, n = 0;

	kiosk_reset(t);
	tui_message_clear(t);
	t->s = session_create(t->cl, t->cfg, t->target, t->state_dir, KIOSK_OPERATOR, ROLE_STAFF,
	    err, sizeof err);
	if (t->s == NULL) {
		tui_message(t, "%s", err);
		return;
	}
	st->scanned = kiosk_take(m);
	if (session_set_device(t->s, st->scanned->json, err, sizeof err) != 0)
		tui_message(t, "%s", err);
	st->questions = xcalloc(t->cl->nitems + 1, sizeof *st->questions);
	for (i = 0; i < t->cl->nitems; i++)
		if (session_item_visible(t->s, t->cl->items[i]) && t->cl->items[i]->kind != KIND_AUTO)
			st->questions[n++] = t->cl->items[i];
	st->nquestions = n;
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
			.when_abandoned = SCR_KRECEIPT,
			.watch = kiosk_poll,
		};
		struct runner_opts ro;

		memset(&ro, 0, sizeof ro);
		ro.target = t->target;
		ro.cfg = t->cfg;
		ro.engine = t->engine;
		ro.paths = (const char *const *)st->scanned->paths;
		tui_run_start(t, &plan, &ro, &end);
		plan_free(&plan);
	}
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
		tui_goto(t, SCR_KWELCOME);
		tui_message(t, "%s",
		    "Timed out: the session was saved as incomplete. / "
		    "時間切れ: セッションは未完了として保存されました。");
		return TUI_REDRAW;
	}
	if (now == st->last_poll)
		return 0;
	st->last_poll = now;
	if (kiosk_read_media(t, &v, &n) != 0)
		return 0;
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
			    tr(t, "The medium was removed: the scan is incomplete.",
			        "メディアが取り外されました。スキャンは未完了です。"));
		} else if (t->cur == SCR_KRECEIPT) {
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
	st->last_poll = time(NULL);
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

static void
welcome_draw(struct tui *t)
{
	struct kiosk_state *st = kiosk_state(t);
	static const struct tui_hint hints[] = {
		{ "F2", "日本語", "English" },
		{ NULL, NULL, NULL },
	};
	int y = t->rows / 2 - 5;

	tui_title(t, "セルフチェック Self-service check");
	kiosk_centre(t, y, "ようこそ。テレワークから戻った USB メディアを検査します。", TA_NORMAL);
	kiosk_centre(t, y + 1, "Welcome. This kiosk checks USB media returning from telework.", TA_NORMAL);
	kiosk_centre(t, y + 4, "USB メディアを差し込んでください", TA_TITLE);
	kiosk_centre(t, y + 6, "Please insert your USB media", TA_TITLE);
	if (st->nknown > 0)
		kiosk_centre(t, y + 9,
		    "取り付け済みのメディアは、一度抜いて差し直してください / "
		    "To check an attached medium, remove it and insert it again",
		    TA_DIM);
	tui_engine_line(t, t->rows - 3);
	tui_hints(t, hints);
}

static int
welcome_key(struct tui *t, const struct tui_key *k)
{
	(void)t;
	(void)k;
	return TUI_UNHANDLED;
}

/* Writes and signs the report, then shows the receipt. */
static void
kiosk_finish(struct tui *t)
{
	char err[512];

	if (tui_write_report(t, t->key_path, err, sizeof err) != 0)
		tui_message(t, "%s", err);
	tui_goto(t, SCR_KRECEIPT);
}

/* Records the kiosk user's answer and moves on; after the last, the report. */
static void
ask_answer(struct tui *t, enum answer a)
{
	struct kiosk_state *st = kiosk_state(t);
	char err[512];

	if (session_set_answer(t->s, st->questions[st->ask], a, NULL, err, sizeof err) != 0) {
		tui_message(t, "%s", err);
		return;
	}
	if (++st->ask >= st->nquestions)
		kiosk_finish(t);
}

static void
ask_init(struct tui *t)
{
	struct kiosk_state *st = kiosk_state(t);
	st->ask = 0;
	if (t->s != NULL && st->nquestions == 0)
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
	const struct item *it;
	int y = 2;

	if (st->ask >= st->nquestions)
		return;
	it = st->questions[st->ask];
	tui_title(t, tr(t, "Questions", "質問"));
	tui_putf(t, y++, 2, t->cols - 4, TA_DIM, "%s %zu / %zu   (%s %s)", tr(t, "Question", "質問"),
	    st->ask + 1, st->nquestions, tr(t, "JNSA ref", "JNSA 番号"), it->jnsa_ref);
	y++;
	tui_put(t, y++, 2, t->cols - 4, ltext_get(&it->title, t->lang), TA_NORMAL, 0);
	y++;
	y += tui_wrap(t, y, 2, t->cols - 4, 0, t->rows - y - 6,
	    ltext_get(&it->description, t->lang), TA_NORMAL);
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
	if (k->fn == KEY_LEFT || k->fn == KEY_BACKSPACE || (k->fn == 0 && k->ch == 0x7f)) {
		if (st->ask > 0)
			st->ask--;
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (k->fn != 0 || st->ask >= st->nquestions)
		return TUI_UNHANDLED;
	switch (k->ch) {
	case 'y':
	case 'Y': ask_answer(t, ANSWER_YES); break;
	case 'n':
	case 'N': ask_answer(t, ANSWER_NO); break;
	case 'a':
	case 'A': ask_answer(t, ANSWER_NA); break;
	default: return TUI_UNHANDLED;
	}
	return TUI_HANDLED | TUI_REDRAW;
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
	const char *vw;
	const struct check_result *r;
	int y = 3;

	tui_title(t, tr(t, "Receipt", "受付票"));
	if (t->s == NULL)
		return;
	session_verdict(t->s, &v);
	vw = tui_verdict_word(t, v.kind, &vr);
	tui_put(t, y, 4, 14, tr(t, "Verdict:", "判定:"), TA_NORMAL, 0);
	tui_putf(t, y++, 18, t->cols - 20, vr, "[%s]", vw);
	y++;
	if (st->scanned != NULL)
		tui_putf(t, y++, 4, t->cols - 8, TA_NORMAL, "%s %s", tr(t, "Medium:", "メディア:"),
		    st->scanned->label);
	if ((r = session_result(t->s, "media-scan")) != NULL) {
		enum tui_role sr;
		const char *tag = tui_status_tag(r->status, &sr);

		char *f = tui_result_findings(t, r, 5);

		tui_put(t, y, 4, 6, tag, sr, 0);
		tui_put(t, y++, 11, t->cols - 15, tui_result_summary(t, r), TA_NORMAL, 0);
		if (f != NULL)
			y += tui_wrap(t, y, 4, t->cols - 8, 0, 6, f, TA_FAIL);
		free(f);
	} else
		tui_put(t, y++, 4, t->cols - 8,
		    tr(t, "[ ?? ] The medium was not scanned.", "[ ?? ] メディアは検査されていません。"),
		    TA_WARN, 0);
	if (v.undetermined > 0 || v.attention > 0) {
		struct strbuf sb = STRBUF_INIT;
		size_t i;

		for (i = 0; i < t->cl->nitems; i++) {
			enum item_outcome o;

			if (!session_item_visible(t->s, t->cl->items[i]))
				continue;
			o = session_item_outcome(t->s, t->cl->items[i]);
			if (o == OUTCOME_OPEN || o == OUTCOME_UNDETERMINED || o == OUTCOME_ATTENTION)
				sb_addf(&sb, " %s", t->cl->items[i]->jnsa_ref);
		}
		tui_putf(t, y++, 4, t->cols - 8, TA_WARN, "%s%s",
		    tr(t, "Still open (IT completes them):", "未了の項目（IT 担当が確認します）:"),
		    sb.buf != NULL ? sb.buf : "");
		sb_free(&sb);
	}
	y++;
	if (t->reported) {
		tui_putf(t, y++, 4, t->cols - 8, TA_NORMAL, "%s %s", tr(t, "Report ID:", "報告書 ID:"),
		    t->report.report_id != NULL ? t->report.report_id : "?");
		tui_putf(t, y++, 4, t->cols - 8, TA_DIM, "%s %s", tr(t, "Signed by key", "署名鍵"),
		    t->report.fingerprint != NULL ? t->report.fingerprint : "?");
	} else
		tui_put(t, y++, 4, t->cols - 8,
		    tr(t,
		        "The report could not be written; your answers are "
		        "saved. Please ask IT.",
		        "報告書を作成できませんでした。回答は保存済みです。IT 担当に連絡してください。"),
		    TA_FAIL, 0);
	y++;
	tui_put(t, y++, 4, t->cols - 8,
	    tr(t, "Please remove your medium. Thank you.",
	        "メディアを取り外してください。ありがとうございました。"),
	    TA_TITLE, 0);
	tui_hints(t, hints);
}

static int
receipt_key(struct tui *t, const struct tui_key *k)
{
	if (k->fn == 0 && (k->ch == '\r' || k->ch == '\n')) {
		tui_goto(t, SCR_KWELCOME);
		return TUI_HANDLED | TUI_REDRAW;
	}
	return TUI_UNHANDLED;
}

const struct tui_screen tui_scr_kwelcome = {
	.name = "kiosk-welcome",
	.init = welcome_init,
	.draw = welcome_draw,
	.key = welcome_key,
	.tick = kiosk_tick,
	.free = kiosk_free,
};

const struct tui_screen tui_scr_kask = {
	.name = "kiosk-questions",
	.init = ask_init,
	.draw = ask_draw,
	.key = ask_key,
	.tick = kiosk_tick,
};

const struct tui_screen tui_scr_kreceipt = {
	.name = "kiosk-receipt",
	.draw = receipt_draw,
	.key = receipt_key,
	.tick = kiosk_tick,
};
