/*
 * tui_main.c: the terminal UI's event loop (tui_main.h) and what screens share.
 *
 * cli/cmd_tui.c has checked every input before this runs. tui_main() starts
 * the terminal and runs one event loop: draw the current screen when
 * something changed, wait up to 100 ms for a key, hand the key to the open
 * modal or the current screen, and if the screen did not want it, to the
 * global keys (help, language, quit). On every turn tui_run_poll() stores
 * what the background checks finished, whatever screen is current, and the
 * status line shows their progress; between keys, the current screen's tick
 * polls what it waits for (the kiosk's media).
 *
 * REENTRY_TUI_FIRST_FRAME=1 in the environment makes the program leave right
 * after the first screen is on the terminal, without any cleanup
 * (bench/startup.sh measures start to first screen with it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui.h"
#include "tui_curses.h"
#include "tui_main.h"
#include "../util/passhash.h"
#include "../util/xalloc.h"

const struct item **
tui_visible(const struct tui *t, size_t c, size_t *n)
{
	const struct item **v = xcalloc(t->cl->nitems + 1, sizeof *v);
	size_t i;

	*n = 0;
	for (i = 0; i < t->cl->nitems; i++) {
		const struct item *it = t->cl->items[i];

		if (c < t->cl->ncategories && it->category != &t->cl->categories[c])
			continue;
		if (t->s != NULL && !session_item_visible(t->s, it))
			continue;
		v[(*n)++] = it;
	}
	return v;
}

void
tui_goto(struct tui *t, enum tui_scr s)
{
	t->cur = s;
	if (tui_screens[s]->init != NULL)
		tui_screens[s]->init(t);
}

int
tui_write_report(struct tui *t, const char *key, char *err, size_t errlen)
{
	if (tui_run_busy(t)) {
		xsnprintf(err, errlen, "%s",
		    tr(t, "Checks are still running: wait for them, or cancel them (r, then Esc).",
		        "チェックが実行中です。終わるまで待つか、中止してください（r の後 Esc）。"));
		return -1;
	}
	tui_report_clear(t);
	if (report_finish(t->s, t->report_dir, key, &t->report, err, errlen) != 0)
		return -1;
	t->reported = 1;
	/* publishing on write: the same path as `run`; the file stays the record */
	fleet_publish(t->cfg->fleet_database, t->cfg->allowed_signers, t->state_dir, t->report.json,
	    &t->pub);
	return 0;
}

void
tui_report_clear(struct tui *t)
{
	report_paths_free(&t->report);
	memset(&t->report, 0, sizeof t->report);
	fleet_pub_clear(&t->pub);
	t->reported = 0;
}

/*
 * Draws the open modal over the screen: a bordered box with a blank column
 * around it, so no half of the screen's text runs up to its edge.
 */
static void
draw_modal(struct tui *t)
{
	int w = t->cols - 8 > 70 ? 70 : t->cols - 8, h = 7;
	int y = (t->rows - h) / 2, x = (t->cols - w) / 2, i;

	if (t->modal == MODAL_NONE)
		return;
	for (i = -1; i <= h; i++)
		mvhline(y + i, x - 2, ' ', w + 4);
	attrset(tui_attr(t, TA_BAR));
	for (i = 0; i < h; i++)
		mvhline(y + i, x, ' ', w);
	mvhline(y, x, ACS_HLINE, w);
	mvhline(y + h - 1, x, ACS_HLINE, w);
	mvvline(y, x, ACS_VLINE, h);
	mvvline(y, x + w - 1, ACS_VLINE, h);
	mvaddch(y, x, ACS_ULCORNER);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	attrset(A_NORMAL);
	if (t->modal == MODAL_QUIT) {
		tui_put(t, y + 1, x + 2, w - 4, tr(t, "Quit reentry?", "reentry を終了しますか？"),
		    TA_BAR, 0);
		/* say what is kept only where something is */
		if (t->reported)
			tui_put(t, y + 3, x + 2, w - 4,
			    tr(t, "The report is written; this session is finished.",
			        "報告書は作成済みです。このセッションは完了しています。"),
			    TA_BAR, 0);
		else if (t->s != NULL)
			tui_put(t, y + 3, x + 2, w - 4,
			    tui_run_busy(t) ?
			        tr(t, "Answers are saved; running checks stop (undetermined).",
			            "回答は保存済み。実行中のチェックは中止（判定不能）。") :
			        tr(t, "Your answers are saved; you can resume later.",
			            "回答は保存済みです。後で再開できます。"),
			    TA_BAR, 0);
		tui_put(t, y + 5, x + 2, w - 4,
		    tr(t, "y: quit   n / Esc: stay", "y: 終了   n / Esc: 戻る"), TA_BAR, 0);
	} else if (t->modal == MODAL_PASS) {
		tui_put(t, y + 1, x + 2, w - 4,
		    tr(t, "Administrator passphrase to leave the kiosk:",
		        "キオスクを終了するには管理者パスフレーズを入力してください:"),
		    TA_BAR, 0);
		tui_put(t, y + 5, x + 2, w - 4,
		    tr(t, "Enter: confirm   Esc: cancel", "Enter: 確定   Esc: 取消"), TA_BAR, 0);
		tui_edit_draw(&t->modal_edit, y + 3, x + 2, w - 4);
	}
}

/* Keys for the open modal. */
static int
modal_key(struct tui *t, const struct tui_key *k)
{
	if (t->modal == MODAL_QUIT) {
		if (k->fn == 0 && (k->ch == 'y' || k->ch == 'Y'))
			return TUI_QUIT;
		if ((k->fn == 0 && (k->ch == 'n' || k->ch == 'N' || k->ch == 27 || k->ch == 'q')))
			t->modal = MODAL_NONE;
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (t->modal == MODAL_PASS) {
		if (k->fn == 0 && k->ch == 27) {
			tui_edit_free(&t->modal_edit);
			t->modal = MODAL_NONE;
		} else if ((k->fn == 0 && (k->ch == '\r' || k->ch == '\n')) || k->fn == KEY_ENTER) {
			char *p = tui_edit_text(&t->modal_edit);
			int ok = passhash_check(t->cfg->kiosk_passphrase_hash, p);

			xwipe(p, strlen(p));
			free(p);
			tui_edit_free(&t->modal_edit);
			t->modal = MODAL_NONE;
			if (ok == 1)
				return TUI_QUIT;
			sleep(1); /* slow down guessing */
			tui_message(t, "%s", tr(t, "Wrong passphrase.", "パスフレーズが違います。"));
		} else
			tui_edit_key(&t->modal_edit, k);
		return TUI_HANDLED | TUI_REDRAW;
	}
	return TUI_UNHANDLED;
}

/* Keys every screen shares, after the screen has declined them. */
static int
global_key(struct tui *t, const struct tui_key *k)
{
	if (k->fn == KEY_F(2) || (k->fn == 0 && k->ch == 'L')) {
		t->lang = t->lang == LANG_JA ? LANG_EN : LANG_JA;
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (t->kiosk) {
		if (k->fn == KEY_F(12)) {
			t->modal = MODAL_PASS;
			tui_edit_init(&t->modal_edit, "", 256, 1);
			return TUI_HANDLED | TUI_REDRAW;
		}
		return TUI_HANDLED; /* everything else, ^C included, is ignored */
	}
	if (k->fn == KEY_F(1) || (k->fn == 0 && k->ch == '?')) {
		if (t->cur != SCR_HELP) {
			t->help_back = t->cur;
			tui_goto(t, SCR_HELP);
		}
		return TUI_HANDLED | TUI_REDRAW;
	}
	/* d: the device record, wherever a session is being worked on */
	if (k->fn == 0 && k->ch == 'd' && t->s != NULL && !t->reported &&
	    (t->cur == SCR_OVERVIEW || t->cur == SCR_ITEMS || t->cur == SCR_DETAIL ||
	        t->cur == SCR_SUMMARY)) {
		tui_device_open(t, t->cur);
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (k->fn == KEY_F(10) || (k->fn == 0 && (k->ch == 'q' || k->ch == 'Q'))) {
		t->modal = MODAL_QUIT;
		return TUI_HANDLED | TUI_REDRAW;
	}
	return TUI_UNHANDLED;
}

/* Draws the whole frame. */
static void
draw(struct tui *t)
{
	curs_set(0);
	erase();
	getmaxyx(stdscr, t->rows, t->cols);
	if (t->rows < 24 || t->cols < 80) {
		tui_put(t, 0, 0, t->cols,
		    tr(t, "The terminal is too small: reentry needs 80x24.",
		        "端末が小さすぎます（80x24 以上が必要です）。"),
		    TA_WARN, 0);
		tui_putf(t, 1, 0, t->cols, TA_NORMAL, "%dx%d", t->cols, t->rows);
	} else {
		scan_loader_status(t->engine, t->lang == LANG_JA, t->engine_line, sizeof t->engine_line);
		tui_screens[t->cur]->draw(t);
		if (t->cur != SCR_RUN && t->message == NULL && !t->kiosk) {
			/* checks running in the background: their progress on the status line */
			char line[512];

			tui_run_status(t, line, sizeof line);
			if (line[0] != '\0')
				tui_put(t, t->rows - 2, 0, t->cols, line, TA_DIM, 1);
		}
		draw_modal(t);
	}
	refresh();
}

/* The event loop; returns the exit code. */
static int
tui_loop(struct tui *t)
{
	const char *ff = getenv("REENTRY_TUI_FIRST_FRAME");
	int dirty = 1, flags, sig;

	t->last_input = time(NULL);
	for (;;) {
		struct tui_key k;
		wint_t ch;
		int r;

		if (dirty) {
			draw(t);
			dirty = 0;
			if (ff != NULL && ff[0] == '1') {
				/* benchmark mode: gone as soon as the frame is out, without
				 * waiting for the database load the UI never waits for */
				tui_term_end();
				_exit(0);
			}
		}
		r = get_wch(&ch);
		if ((sig = tui_term_signalled()) != 0)
			return 128 + sig;
		/* background checks: results are stored between keys, however fast they come */
		if (tui_run_poll(t) & TUI_REDRAW)
			dirty = 1;
		if (r == ERR) {
			char line[sizeof t->engine_line];

			scan_loader_status(t->engine, t->lang == LANG_JA, line, sizeof line);
			if (strcmp(line, t->engine_line) != 0)
				dirty = 1;
			if (tui_screens[t->cur]->tick != NULL &&
			    (tui_screens[t->cur]->tick(t) & TUI_REDRAW))
				dirty = 1;
			continue;
		}
		memset(&k, 0, sizeof k);
		if (r == KEY_CODE_YES)
			k.fn = (int)ch;
		else
			k.ch = ch;
		if (k.fn == KEY_RESIZE) {
			dirty = 1;
			continue;
		}
		t->last_input = time(NULL);
		tui_message_clear(t);
		if (k.fn == KEY_ENTER)
			k.fn = 0, k.ch = '\r';
		if (t->modal != MODAL_NONE)
			flags = modal_key(t, &k);
		else {
			flags = t->rows < 24 || t->cols < 80 ?
			    TUI_UNHANDLED :
			    tui_screens[t->cur]->key(t, &k);
			if (!(flags & TUI_HANDLED))
				flags |= global_key(t, &k);
		}
		if (flags & TUI_QUIT)
			return 0;
		dirty = 1;
	}
}

int
tui_main(const struct tui_opts *o)
{
	struct tui *t = xcalloc(1, sizeof *t);
	char err[512];
	int rc, i;

	t->cl = o->cl;
	t->cfg = o->cfg;
	t->target = o->target;
	t->state_dir = o->state_dir;
	t->report_dir = o->report_dir;
	t->key_path = o->key_path;
	t->kiosk = o->kiosk;
	t->lang = o->lang;
	if (tui_term_start(t->kiosk, err, sizeof err) != 0) {
		fflush(stdout);
		fprintf(stderr, "reentry: %s\n", err);
		free(t);
		return 2;
	}
	t->colour = tui_term_colour();
	getmaxyx(stdscr, t->rows, t->cols);
	t->engine = scan_loader_start(t->cfg);
	tui_goto(t, t->kiosk ? SCR_KWELCOME : SCR_START);
	rc = tui_loop(t);
	tui_term_end();
	fflush(stdout);
	if (rc > 128)
		fprintf(stderr, "reentry: stopped by signal %d; the session is saved\n", rc - 128);
	else if (t->s != NULL && !t->reported)
		fprintf(stderr, "reentry: session saved in %s; run 'reentry tui' to resume it\n",
		    session_path(t->s));
	else if (t->reported && t->report.json != NULL)
		fprintf(stderr, "reentry: report %s\n", t->report.json);

	/* screens first: running checks borrow the engine and the target */
	for (i = 0; i < SCR_COUNT; i++)
		if (tui_screens[i]->free != NULL)
			tui_screens[i]->free(t);
	scan_loader_free(t->engine);
	tui_edit_free(&t->modal_edit);
	session_free(t->s);
	tui_report_clear(t);
	free(t->message);
	free(t);
	return rc;
}
