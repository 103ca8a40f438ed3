/*
 * tui_main.c: `reentry tui`: the check-desk UI and the kiosk.
 *
 * Everything that can fail is checked before curses starts, signify-style
 * (arguments, configuration, checklist, state directory, the kiosk
 * passphrase hash). Then one event loop: draw the current screen when
 * something changed, wait up to 100 ms for a key, hand the key to the open
 * modal or the current screen, and if the screen did not want it, to the
 * global keys (help, language, quit). Between keys, the current screen's
 * tick polls running checks, and the kiosk polls its media and idle timer.
 *
 * REENTRY_TUI_FIRST_FRAME=1 in the environment makes the program leave right
 * after the first screen is on the terminal, without any cleanup
 * (bench/startup.sh measures start to first screen with it).
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "tui.h"
#include "tui_curses.h"
#include "../cli/cli.h"
#include "../cli/commands.h"
#include "../util/passhash.h"
#include "../util/fileio.h"
#include "../util/text.h"
#include "../util/xalloc.h"

#define PASS_ITER 600000

static void
usage(FILE *fp)
{
	fprintf(fp, "usage: reentry tui [--checklist FILE] [--config FILE] [--lang ja|en]\n"
	    "                   [--state-dir DIR] [--out DIR] [--key FILE] [--root DIR]\n"
	    "       reentry tui --kiosk [same options]\n"
	    "       reentry tui --hash-passphrase\n\n"
	    "Starts the terminal UI: work through the checklist, run the automatic\n"
	    "checks, and write the signed report. Press ? in the UI for every key.\n"
	    "--kiosk runs the self-service kiosk (docs/kiosk.md); leaving it needs the\n"
	    "administrator passphrase, whose hash --hash-passphrase prints for a\n"
	    "passphrase read from standard input.\n"
	    "--state-dir holds unfinished sessions, --out receives reports, --key is\n"
	    "the signing key, --root reads the system (and media) under DIR.\n");
}

/* Reads one line from stdin (no echo on a terminal) and prints its hash. */
static int
hash_passphrase(void)
{
	char buf[1024], again[1024];
	struct termios old, quiet;
	int tty = isatty(STDIN_FILENO), rc = EXIT_USAGE;
	char *h;
	size_t n;

	if (tty) {
		tcgetattr(STDIN_FILENO, &old);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
		fputs("passphrase: ", stderr);
	}
	if (fgets(buf, sizeof buf, stdin) == NULL) {
		if (tty)
			tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		cli_warnx("no passphrase on standard input");
		return EXIT_USAGE;
	}
	if (tty) {
		fputs("\nagain: ", stderr);
		if (fgets(again, sizeof again, stdin) == NULL)
			again[0] = '\0';
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
		if (strcmp(buf, again) != 0) {
			cli_warnx("the passphrases differ");
			goto out;
		}
	}
	n = strcspn(buf, "\r\n");
	buf[n] = '\0';
	if (n < 8) {
		cli_warnx("the passphrase must be at least 8 characters");
		goto out;
	}
	if ((h = passhash_make(buf, PASS_ITER)) == NULL) {
		cli_warnx("cannot hash the passphrase");
		goto out;
	}
	printf("%s\n", h);
	free(h);
	rc = fflush(stdout) == 0 ? EXIT_GOOD : EXIT_USAGE;
out:
	xwipe(buf, sizeof buf);
	xwipe(again, sizeof again);
	return rc;
}

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

void
tui_run_checks(struct tui *t, const struct item *only, int rerun)
{
	struct runner_opts ro;
	struct plan plan;
	char err[512];

	if (t->run.job != NULL) {
		tui_message(t, "%s", tr(t, "Checks are already running.", "チェックは実行中です。"));
		return;
	}
	if (session_check_target(t->s, t->target, err, sizeof err) != 0) {
		tui_message(t, "%s", err);
		return;
	}
	/* checks of one item always run again */
	session_plan(t->s, only, rerun || only != NULL, &plan);
	if (plan.n == 0) {
		plan_free(&plan);
		tui_message(t, "%s", only != NULL ?
		    tr(t, "This item has no automatic checks.", "この項目には自動チェックがありません。") :
		    tr(t, "Every automatic check has a result already (R runs them again).",
		    "自動チェックはすべて実行済みです（R で再実行）。"));
		return;
	}
	memset(&ro, 0, sizeof ro);
	ro.target = t->target;
	ro.cfg = t->cfg;
	ro.engine = t->engine;
	t->run.back = t->cur;
	t->run.job = runner_start(&plan, &ro);
	plan_free(&plan);
	tui_goto(t, SCR_RUN);
}

/* Draws the open modal over the screen. */
static void
draw_modal(struct tui *t)
{
	int w = t->cols - 8 > 70 ? 70 : t->cols - 8, h = 7;
	int y = (t->rows - h) / 2, x = (t->cols - w) / 2, i;

	if (t->modal == MODAL_NONE)
		return;
	for (i = 0; i < h; i++) {
		attrset(tui_attr(t, TA_BAR));
		mvhline(y + i, x, ' ', w);
	}
	attrset(A_NORMAL);
	if (t->modal == MODAL_QUIT) {
		tui_put(t, y + 1, x + 2, w - 4, tr(t, "Quit reentry?", "reentry を終了しますか？"), TA_BAR, 0);
		tui_put(t, y + 3, x + 2, w - 4, tr(t, "Your answers are saved; you can resume later.",
		    "回答は保存済みです。後で再開できます。"), TA_BAR, 0);
		tui_put(t, y + 5, x + 2, w - 4, tr(t, "y: quit   n / Esc: stay",
		    "y: 終了   n / Esc: 戻る"), TA_BAR, 0);
	} else if (t->modal == MODAL_PASS) {
		tui_put(t, y + 1, x + 2, w - 4,
		    tr(t, "Administrator passphrase to leave the kiosk:",
		    "キオスクを終了するには管理者パスフレーズを入力してください:"), TA_BAR, 0);
		tui_put(t, y + 5, x + 2, w - 4, tr(t, "Enter: confirm   Esc: cancel",
		    "Enter: 確定   Esc: 取消"), TA_BAR, 0);
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
		tui_put(t, 0, 0, t->cols, tr(t, "The terminal is too small: reentry needs 80x24.",
		    "端末が小さすぎます（80x24 以上が必要です）。"), TA_WARN, 0);
		tui_putf(t, 1, 0, t->cols, TA_NORMAL, "%dx%d", t->cols, t->rows);
	} else {
		scan_loader_status(t->engine, t->lang == LANG_JA, t->engine_line, sizeof t->engine_line);
		tui_screens[t->cur]->draw(t);
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
				_exit(EXIT_GOOD);
			}
		}
		r = get_wch(&ch);
		if ((sig = tui_term_signalled()) != 0)
			return 128 + sig;
		if (r == ERR) {
			char line[sizeof t->engine_line];

			scan_loader_status(t->engine, t->lang == LANG_JA, line, sizeof line);
			if (strcmp(line, t->engine_line) != 0)
				dirty = 1;
			if (tui_screens[t->cur]->tick != NULL && (tui_screens[t->cur]->tick(t) & TUI_REDRAW))
				dirty = 1;
			if (t->kiosk && (tui_kiosk_poll(t) & TUI_REDRAW))
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
			flags = t->rows < 24 || t->cols < 80 ? TUI_UNHANDLED :
			    tui_screens[t->cur]->key(t, &k);
			if (!(flags & TUI_HANDLED))
				flags |= global_key(t, &k);
		}
		if (flags & TUI_QUIT)
			return EXIT_GOOD;
		dirty = 1;
	}
}

int
cmd_tui(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "checklist", required_argument, NULL, 'f' },
		{ "config", required_argument, NULL, 'c' },
		{ "lang", required_argument, NULL, 'l' },
		{ "state-dir", required_argument, NULL, 's' },
		{ "out", required_argument, NULL, 'o' },
		{ "key", required_argument, NULL, 'k' },
		{ "root", required_argument, NULL, 'r' },
		{ "kiosk", no_argument, NULL, 'K' },
		{ "hash-passphrase", no_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *file = NULL, *config = NULL, *langopt = NULL;
	char *state_dir = NULL, *report_dir = NULL, *key = NULL, *root = NULL;
	struct tui *t = NULL;
	struct target *target = NULL;
	struct checklist *cl = NULL;
	struct config *cfg = NULL;
	char err[512];
	int ch, kiosk = 0, rc = EXIT_USAGE;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'f': file = optarg; break;
		case 'c': config = optarg; break;
		case 'l': langopt = optarg; break;
		case 's': free(state_dir); state_dir = xstrdup(optarg); break;
		case 'o': free(report_dir); report_dir = xstrdup(optarg); break;
		case 'k': free(key); key = xstrdup(optarg); break;
		case 'r': free(root); root = xstrdup(optarg); break;
		case 'K': kiosk = 1; break;
		case 'H':
			free(state_dir), free(report_dir), free(key), free(root);
			return hash_passphrase();
		case 'h': usage(stdout); rc = EXIT_GOOD; goto out;
		case 'V': rc = cli_version(); goto out;
		default: rc = cli_usage_error("tui ", "bad option"); goto out;
		}
	}
	if (optind < argc) {
		rc = cli_usage_error("tui ", "unexpected argument");
		goto out;
	}
	t = xcalloc(1, sizeof *t);
	if (cli_lang(langopt, &t->lang) != 0) {
		rc = cli_usage_error("tui ", "--lang must be ja or en");
		goto out;
	}
	if ((cfg = cli_load_config(config)) == NULL || (cl = cli_load_checklist(file)) == NULL)
		goto out;
	if (kiosk) {
		if (cfg->kiosk_passphrase_hash == NULL) {
			cli_warnx("the kiosk needs kiosk.admin_passphrase_hash in the configuration "
			    "(make one with 'reentry tui --hash-passphrase'; see docs/kiosk.md)");
			goto out;
		}
		if (passhash_check(cfg->kiosk_passphrase_hash, NULL) != 0) {
			cli_warnx("%s: kiosk.admin_passphrase_hash is not a pbkdf2-sha256$ITER$SALT$HASH "
			    "string (see docs/kiosk.md)", cfg->file != NULL ? cfg->file : "configuration");
			goto out;
		}
	}
	if (state_dir == NULL)
		state_dir = config_state_dir(cfg, kiosk);
	if (report_dir == NULL)
		report_dir = config_report_dir(cfg);
	if (file_mkdirs(state_dir, 0700, err, sizeof err) != 0) {
		char *safe = text_sanitize(err);

		cli_warnx("%s", safe);
		free(safe);
		goto out;
	}
	t->cl = cl;
	t->cfg = cfg;
	if ((target = cli_open_target(root != NULL ? root : "/")) == NULL)
		goto out;
	t->target = target;
	t->state_dir = state_dir;
	t->report_dir = report_dir;
	t->key_path = key;
	t->kiosk = kiosk;
	t->cat = 0;

	if (tui_term_start(kiosk, err, sizeof err) != 0) {
		cli_warnx("%s", err);
		goto out;
	}
	t->colour = tui_term_colour();
	getmaxyx(stdscr, t->rows, t->cols);
	t->engine = scan_loader_start(cfg);
	tui_goto(t, kiosk ? SCR_KWELCOME : SCR_START);
	rc = tui_loop(t);
	tui_term_end();
	if (rc > 128)
		cli_warnx("stopped by signal %d; the session is saved", rc - 128);
	else if (t->s != NULL && !t->finished)
		fprintf(stderr, "reentry: session saved in %s; run 'reentry tui' to resume it\n",
		    session_path(t->s));
	else if (t->finished && t->paths.json != NULL)
		fprintf(stderr, "reentry: report %s\n", t->paths.json);
out:
	if (t != NULL) {
		runner_free(t->run.job);
		t->run.job = NULL;
		for (size_t i = 0; i < t->run.nresults; i++) {
			free(t->run.done_summary[i]);
			free(t->run.done_findings[i]);
		}
		tui_kiosk_reset(t);
		scan_loader_free(t->engine);
		tui_media_free(t->media, t->nmedia);
		for (size_t i = 0; i < t->nknown; i++)
			free(t->known[i]);
		free(t->known);
		session_info_free(t->start.infos, t->start.ninfos);
		tui_edit_free(&t->start.name);
		tui_edit_free(&t->note);
		tui_edit_free(&t->modal_edit);
		session_free(t->s);
		report_paths_free(&t->paths);
		free(t->message);
		free(t->own_key);
		for (int i = 0; i < 4; i++)
			free(t->waiver[i]);
		free(t);
	}
	target_free(target);
	checklist_free(cl);
	config_free(cfg);
	free(state_dir);
	free(report_dir);
	free(key);
	free(root);
	return rc;
}
