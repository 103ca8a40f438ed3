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
 * (so tests use fixture trees). A medium removed during its scan cancels
 * the scan, which is then stored as unknown: incomplete, never clean. A
 * session idle longer than kiosk.idle_timeout_s is left saved (unfinished,
 * so its verdict is incomplete) and the kiosk returns to the welcome screen.
 * Leaving the kiosk needs the administrator passphrase (F12, tui_main.c).
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

void
tui_media_free(struct tui_medium *m, size_t n)
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
kiosk_read_media(const struct tui *t, struct tui_medium **out, size_t *nout)
{
	struct medium *m;
	size_t n, i, j, k = 0;
	char err[256];
	struct tui_medium *v;

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
static struct tui_medium *
kiosk_find(struct tui_medium *v, size_t n, const char *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].key, key) == 0)
			return &v[i];
	return NULL;
}

/* Moves medium m into a new struct (so it survives the next poll). */
static struct tui_medium *
kiosk_take(struct tui_medium *m)
{
	struct tui_medium *c = xcalloc(1, sizeof *c);

	*c = *m;
	memset(m, 0, sizeof *m);
	m->key = xstrdup(c->key);
	m->label = xstrdup(c->label);
	m->paths = xcalloc(1, sizeof *m->paths);
	return c;
}

void
tui_kiosk_reset(struct tui *t)
{
	runner_free(t->run.job);
	t->run.job = NULL;
	session_free(t->s);
	t->s = NULL;
	tui_media_free(t->scanned, t->scanned != NULL ? 1 : 0);
	t->scanned = NULL;
	free(t->questions);
	t->questions = NULL;
	t->nquestions = 0;
	t->ask = 0;
	t->finished = 0;
	report_paths_free(&t->paths);
	memset(&t->paths, 0, sizeof t->paths);
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
kiosk_begin(struct tui *t, struct tui_medium *m)
{
	char err[512];
	struct plan plan;
	size_t i, n = 0;

	tui_kiosk_reset(t);
	tui_message_clear(t);
	t->s = session_create(t->cl, t->cfg, t->target, t->state_dir, KIOSK_OPERATOR, ROLE_STAFF, err,
	    sizeof err);
	if (t->s == NULL) {
		tui_message(t, "%s", err);
		return;
	}
	t->scanned = kiosk_take(m);
	if (session_set_device(t->s, t->scanned->json, err, sizeof err) != 0)
		tui_message(t, "%s", err);
	t->questions = xcalloc(t->cl->nitems + 1, sizeof *t->questions);
	for (i = 0; i < t->cl->nitems; i++)
		if (session_item_visible(t->s, t->cl->items[i]) && t->cl->items[i]->kind != KIND_AUTO)
			t->questions[n++] = t->cl->items[i];
	t->nquestions = n;
	t->last_input = time(NULL);
	kiosk_plan(t, &plan);
	if (plan.n == 0) {
		plan_free(&plan);
		tui_message(t, "%s", tr(t, "No scanner in this build: the medium stays unchecked.",
		    "スキャナーがありません。メディアは未検査のままです。"));
		tui_goto(t, SCR_KASK);
		return;
	}
	{
		struct runner_opts ro;

		memset(&ro, 0, sizeof ro);
		ro.target = t->target;
		ro.cfg = t->cfg;
		ro.engine = t->engine;
		ro.paths = (const char *const *)t->scanned->paths;
		t->run.back = SCR_KASK;
		t->run.job = runner_start(&plan, &ro);
		plan_free(&plan);
		tui_goto(t, SCR_RUN);
	}
}

int
tui_kiosk_poll(struct tui *t)
{
	time_t now = time(NULL);
	struct tui_medium *v;
	size_t n, i, j;
	int flags = 0;

	/* idle: leave the session saved as it is (unfinished: incomplete) */
	if (t->cur != SCR_KWELCOME && t->run.job == NULL && t->modal == MODAL_NONE &&
	    now - t->last_input >= t->cfg->kiosk_idle_timeout) {
		tui_goto(t, SCR_KWELCOME);
		tui_message(t, "%s", "Timed out: the session was saved as incomplete. / "
		    "時間切れ: セッションは未完了として保存されました。");
		return TUI_REDRAW;
	}
	if (now == t->last_poll)
		return 0;
	t->last_poll = now;
	if (kiosk_read_media(t, &v, &n) != 0)
		return 0;
	/* a medium that went away may come back: forget it */
	for (i = 0; i < t->nknown;) {
		if (kiosk_find(v, n, t->known[i]) == NULL) {
			free(t->known[i]);
			t->known[i] = t->known[--t->nknown];
			flags = TUI_REDRAW;
		} else
			i++;
	}
	if (t->scanned != NULL && kiosk_find(v, n, t->scanned->key) == NULL) {
		if (t->run.job != NULL && !t->run.medium_gone) {
			t->run.medium_gone = 1;
			runner_cancel(t->run.job);
			tui_message(t, "%s", tr(t, "The medium was removed: the scan is incomplete.",
			    "メディアが取り外されました。スキャンは未完了です。"));
		} else if (t->cur == SCR_KRECEIPT) {
			tui_goto(t, SCR_KWELCOME);
		}
		flags = TUI_REDRAW;
	}
	if (t->cur == SCR_KWELCOME) {
		for (j = 0; j < n; j++) {
			int known = 0;

			for (i = 0; i < t->nknown; i++)
				if (strcmp(t->known[i], v[j].key) == 0)
					known = 1;
			if (!known) {
				t->known = xreallocarray(t->known, t->nknown + 1, sizeof *t->known);
				t->known[t->nknown++] = xstrdup(v[j].key);
				kiosk_begin(t, &v[j]);
				flags = TUI_REDRAW;
				break;
			}
		}
	}
	if (n != t->nmedia)
		flags = TUI_REDRAW;
	tui_media_free(t->media, t->nmedia);
	t->media = v;
	t->nmedia = n;
	return flags;
}

static void
welcome_init(struct tui *t)
{
	struct tui_medium *v;
	size_t n, i;

	tui_kiosk_reset(t);
	scan_loader_reload(t->engine); /* pick up a database updated since the last scan */
	/* media already attached do not start a session: insert one anew */
	for (i = 0; i < t->nknown; i++)
		free(t->known[i]);
	free(t->known);
	t->known = NULL;
	t->nknown = 0;
	if (kiosk_read_media(t, &v, &n) == 0) {
		t->known = xcalloc(n + 1, sizeof *t->known);
		for (i = 0; i < n; i++)
			t->known[t->nknown++] = xstrdup(v[i].key);
		tui_media_free(v, n);
	}
	t->last_poll = time(NULL);
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
	static const struct tui_hint hints[] = {
		{ "F2", "日本語", "English" }, { NULL, NULL, NULL },
	};
	int y = t->rows / 2 - 5;

	tui_title(t, "セルフチェック Self-service check");
	kiosk_centre(t, y, "ようこそ。テレワークから戻った USB メディアを検査します。", TA_NORMAL);
	kiosk_centre(t, y + 1, "Welcome. This kiosk checks USB media returning from telework.", TA_NORMAL);
	kiosk_centre(t, y + 4, "USB メディアを差し込んでください", TA_TITLE);
	kiosk_centre(t, y + 6, "Please insert your USB media", TA_TITLE);
	if (t->nknown > 0)
		kiosk_centre(t, y + 9, "取り付け済みのメディアは、一度抜いて差し直してください / "
		    "To check an attached medium, remove it and insert it again", TA_DIM);
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

	memset(&t->paths, 0, sizeof t->paths);
	if (report_finish(t->s, t->report_dir, t->key_path, &t->paths, err, sizeof err) != 0) {
		tui_message(t, "%s", err);
		t->finished = 0;
	} else
		t->finished = 1;
	tui_goto(t, SCR_KRECEIPT);
}

/* Records the kiosk user's answer and moves on; after the last, the report. */
static void
ask_answer(struct tui *t, enum answer a)
{
	char err[512];

	if (session_set_answer(t->s, t->questions[t->ask], a, NULL, err, sizeof err) != 0) {
		tui_message(t, "%s", err);
		return;
	}
	if (++t->ask >= t->nquestions)
		kiosk_finish(t);
}

static void
ask_init(struct tui *t)
{
	t->ask = 0;
	if (t->s != NULL && t->nquestions == 0)
		kiosk_finish(t);
}

static void
ask_draw(struct tui *t)
{
	static const struct tui_hint hints[] = {
		{ "y", "Yes", "はい" }, { "n", "No", "いいえ" }, { "a", "Not applicable", "対象外" },
		{ "←", "Previous", "前へ" }, { "F2", "日本語", "English" }, { NULL, NULL, NULL },
	};
	const struct item *it;
	int y = 2;

	if (t->ask >= t->nquestions)
		return;
	it = t->questions[t->ask];
	tui_title(t, tr(t, "Questions", "質問"));
	tui_putf(t, y++, 2, t->cols - 4, TA_DIM, "%s %zu / %zu   (%s %s)", tr(t, "Question", "質問"),
	    t->ask + 1, t->nquestions, tr(t, "JNSA ref", "JNSA 番号"), it->jnsa_ref);
	y++;
	tui_put(t, y++, 2, t->cols - 4, ltext_get(&it->title, t->lang), TA_NORMAL, 0);
	y++;
	y += tui_wrap(t, y, 2, t->cols - 4, 0, t->rows - y - 6, ltext_get(&it->description, t->lang),
	    TA_NORMAL);
	tui_put(t, t->rows - 4, 2, t->cols - 4, tr(t, "Answer:  y = yes   n = no   a = not applicable",
	    "回答:  y = はい   n = いいえ   a = 対象外"), TA_KEY, 0);
	tui_hints(t, hints);
}

static int
ask_key(struct tui *t, const struct tui_key *k)
{
	if (k->fn == KEY_LEFT || k->fn == KEY_BACKSPACE || (k->fn == 0 && k->ch == 0x7f)) {
		if (t->ask > 0)
			t->ask--;
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (k->fn != 0 || t->ask >= t->nquestions)
		return TUI_UNHANDLED;
	switch (k->ch) {
	case 'y': case 'Y': ask_answer(t, ANSWER_YES); break;
	case 'n': case 'N': ask_answer(t, ANSWER_NO); break;
	case 'a': case 'A': ask_answer(t, ANSWER_NA); break;
	default: return TUI_UNHANDLED;
	}
	return TUI_HANDLED | TUI_REDRAW;
}

static void
receipt_draw(struct tui *t)
{
	static const struct tui_hint hints[] = {
		{ "Enter", "Done", "終了" }, { "F2", "日本語", "English" }, { NULL, NULL, NULL },
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
	if (t->scanned != NULL)
		tui_putf(t, y++, 4, t->cols - 8, TA_NORMAL, "%s %s", tr(t, "Medium:", "メディア:"),
		    t->scanned->label);
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
		tui_put(t, y++, 4, t->cols - 8, tr(t, "[ ?? ] The medium was not scanned.",
		    "[ ?? ] メディアは検査されていません。"), TA_WARN, 0);
	if (v.undetermined > 0) {
		struct strbuf sb = STRBUF_INIT;
		size_t i;

		for (i = 0; i < t->cl->nitems; i++) {
			enum item_outcome o;

			if (!session_item_visible(t->s, t->cl->items[i]))
				continue;
			o = session_item_outcome(t->s, t->cl->items[i]);
			if (o == OUTCOME_OPEN || o == OUTCOME_UNDETERMINED)
				sb_addf(&sb, " %s", t->cl->items[i]->jnsa_ref);
		}
		tui_putf(t, y++, 4, t->cols - 8, TA_WARN, "%s%s", tr(t, "Still open (IT completes them):",
		    "未了の項目（IT 担当が確認します）:"), sb.buf != NULL ? sb.buf : "");
		sb_free(&sb);
	}
	y++;
	if (t->finished) {
		tui_putf(t, y++, 4, t->cols - 8, TA_NORMAL, "%s %s", tr(t, "Report ID:", "報告書 ID:"),
		    t->paths.report_id != NULL ? t->paths.report_id : "?");
		tui_putf(t, y++, 4, t->cols - 8, TA_DIM, "%s %s", tr(t, "Signed by key", "署名鍵"),
		    t->paths.fingerprint != NULL ? t->paths.fingerprint : "?");
	} else
		tui_put(t, y++, 4, t->cols - 8, tr(t, "The report could not be written; your answers are "
		    "saved. Please ask IT.", "報告書を作成できませんでした。回答は保存済みです。IT 担当に連絡してください。"),
		    TA_FAIL, 0);
	y++;
	tui_put(t, y++, 4, t->cols - 8, tr(t, "Please remove your medium. Thank you.",
	    "メディアを取り外してください。ありがとうございました。"), TA_TITLE, 0);
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
};

const struct tui_screen tui_scr_kask = {
	.name = "kiosk-questions",
	.init = ask_init,
	.draw = ask_draw,
	.key = ask_key,
};

const struct tui_screen tui_scr_kreceipt = {
	.name = "kiosk-receipt",
	.draw = receipt_draw,
	.key = receipt_key,
};
