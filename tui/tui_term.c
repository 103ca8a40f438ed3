/*
 * tui_term.c: owns the terminal. Starts curses (cbreak, or raw in the
 * kiosk so ^C ^Z ^\ arrive as plain keys), sets up colours when the terminal
 * has them and NO_COLOR is unset, and restores the terminal on every way out:
 * normal exit, fatal() (through fatal_set_hook) and SIGTERM/SIGHUP/SIGINT
 * (the handlers only record the signal; the event loop sees it within its
 * tick and leaves through the normal path). SIGWINCH is left to curses,
 * which turns it into KEY_RESIZE.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui.h"
#include "tui_curses.h"
#include "../util/xalloc.h"

static volatile sig_atomic_t term_signal;
static int term_active;
static int term_colour;
static SCREEN *term_screen;

/* Records a stop signal for the event loop. */
static void
term_on_signal(int sig)
{
	term_signal = sig;
}

int
tui_term_signalled(void)
{
	return term_signal;
}

int
tui_term_colour(void)
{
	return term_colour;
}

/* fatal() hook: leave curses before the message is printed. */
static void
term_fatal_hook(void)
{
	tui_term_end();
}

int
tui_term_start(int kiosk, char *err, size_t errlen)
{
	struct sigaction sa;
	const char *nc = getenv("NO_COLOR");

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = term_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	if (kiosk) {
		signal(SIGINT, SIG_IGN);
		signal(SIGQUIT, SIG_IGN);
		signal(SIGTSTP, SIG_IGN);
	} else
		sigaction(SIGINT, &sa, NULL);

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		xsnprintf(err, errlen, "the terminal UI needs a terminal on stdin and stdout");
		return -1;
	}
	term_screen = newterm(NULL, stdout, stdin);
	if (term_screen == NULL) {
		xsnprintf(err, errlen, "cannot start the terminal UI (TERM=%s)",
		    getenv("TERM") != NULL ? getenv("TERM") : "unset");
		return -1;
	}
	set_term(term_screen);
	term_active = 1;
	fatal_set_hook(term_fatal_hook);
	if (kiosk)
		raw();
	else
		cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	timeout(100);
	if (has_colors() && (nc == NULL || nc[0] == '\0')) {
		start_color();
		use_default_colors();
		init_pair(1, COLOR_GREEN, -1);
		init_pair(2, COLOR_RED, -1);
		init_pair(3, COLOR_YELLOW, -1);
		init_pair(4, COLOR_WHITE, COLOR_BLUE);
		init_pair(5, COLOR_CYAN, -1);
		term_colour = 1;
	}
	return 0;
}

void
tui_term_end(void)
{
	if (!term_active)
		return;
	term_active = 0;
	fatal_set_hook(NULL);
	curs_set(1);
	endwin();
	fflush(stdout);
	delscreen(term_screen);
	term_screen = NULL;
}

attr_t
tui_attr(const struct tui *t, enum tui_role r)
{
	int c = t->colour;

	switch (r) {
	case TA_TITLE:
	case TA_BAR: return c ? (COLOR_PAIR(4) | A_BOLD) : A_REVERSE;
	case TA_PASS: return c ? (COLOR_PAIR(1) | A_BOLD) : A_BOLD;
	case TA_FAIL: return c ? (COLOR_PAIR(2) | A_BOLD) : (A_BOLD | A_UNDERLINE);
	case TA_WARN: return c ? (COLOR_PAIR(3) | A_BOLD) : A_BOLD;
	case TA_DIM: return A_DIM;
	case TA_SEL: return A_REVERSE;
	case TA_KEY: return c ? (COLOR_PAIR(5) | A_BOLD) : A_BOLD;
	case TA_NORMAL:
	default: return A_NORMAL;
	}
}
