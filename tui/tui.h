/*
 * tui.h: the terminal UI's shared state and its screen interface.
 *
 * Structure (after htop and ncdu): tui_term.c owns the terminal (setup,
 * teardown, signals, colours); cli/cmd_tui.c parses arguments and loads every
 * input before curses starts; tui_main.c (tui_main.h) runs the one event loop; each screen is a const
 * struct tui_screen with init / draw / key (and an optional tick called about
 * ten times a second, and free at the end) in scr_*.c; key handlers return
 * TUI_* flags. A screen keeps its own state behind t->data[its index]
 * (screens of one file share one); struct tui holds only what every screen
 * shares. Screens
 * draw only through the helpers in tui_draw.c, which pass every string
 * through util/text.h (text_fit, text_wrap): untrusted bytes never reach the
 * terminal raw, and text is cut by columns, never bytes.
 *
 * Everything shown comes from the session (session/session.h) and the
 * checklist; the UI keeps no answers of its own.
 */
#ifndef REENTRY_TUI_H
#define REENTRY_TUI_H

#include <stddef.h>
#include <time.h>
#include <wchar.h>

#include "../checklists/checklist.h"
#include "../checks/check.h"
#include "../config/config.h"
#include "../fleet/publish.h"
#include "../report/report.h"
#include "../scan/scan.h"
#include "../session/runner.h"
#include "../session/session.h"
#include "tui_curses.h"

/* What a key handler or tick did. */
enum {
	TUI_UNHANDLED = 0,
	TUI_HANDLED = 1 << 0,
	TUI_REDRAW = 1 << 1,
	TUI_QUIT = 1 << 2,
};

/* One key press: fn is a curses KEY_* code, or 0 and ch is a character. */
struct tui_key {
	int fn;
	wint_t ch;
};

enum tui_scr {
	SCR_START,
	SCR_OVERVIEW,
	SCR_ITEMS,
	SCR_DETAIL,
	SCR_RUN,
	SCR_SUMMARY,
	SCR_HELP,
	SCR_KWELCOME,
	SCR_KASK,
	SCR_KRECEIPT,
	SCR_KSTAFF,
	SCR_KSTOP,
	SCR_DEVICE,
	SCR_TODAY,
	SCR_COUNT,
};

struct tui;

struct tui_hint;

struct tui_screen {
	const char *name;
	void (*init)(struct tui *t); /* on becoming current; may be NULL */
	void (*draw)(struct tui *t);
	int (*key)(struct tui *t, const struct tui_key *k); /* TUI_* flags */
	int (*tick)(struct tui *t);                         /* periodic; may be NULL */
	void (*free)(struct tui *t); /* at the end: frees its data; may be NULL */
	/*
	 * The screen's own keys for the help screen, each with what it does in
	 * both languages (terminated by a NULL key); the keys every screen shares
	 * (language, help, quit) are listed there too. NULL: none of its own.
	 */
	const struct tui_hint *help;
};

/* The screens, indexed by enum tui_scr (scr_*.c). */
extern const struct tui_screen *const tui_screens[SCR_COUNT];

/*
 * An editor for UTF-8 text: one line (names, passphrases, waiver fields) or,
 * with multiline set, several (notes: Ctrl-J starts a new line, the text
 * wraps in a box that scrolls to keep the cursor in view).
 */
struct tui_edit {
	wchar_t *buf;
	size_t len, cap, cur;
	size_t max;    /* characters; text given at init is never cut */
	size_t left;   /* first character shown (one line) or first row shown (multiline) */
	int secret;    /* draw '*' for each character */
	int multiline; /* Ctrl-J inserts a new line */
	int refused;   /* a character was refused at max since the last tui_edit_draw*() */
};

void tui_edit_init(struct tui_edit *e, const char *utf8, size_t max, int secret);
void tui_edit_free(struct tui_edit *e);
/* Handles editing keys; returns 1 when the key was an editing key. */
int tui_edit_key(struct tui_edit *e, const struct tui_key *k);
/* The text as UTF-8; caller frees. */
char *tui_edit_text(const struct tui_edit *e);
/* Draws the editor in cols columns at y, x and places the cursor there. */
void tui_edit_draw(struct tui_edit *e, int y, int x, int cols);
/* Draws a multiline editor as a box of rows x cols at y, x and places the cursor there. */
void tui_edit_draw_box(struct tui_edit *e, int y, int x, int cols, int rows);

struct tui {
	/* inputs, fixed for the run (struct tui_opts) */
	const struct checklist *cl;
	const struct config *cfg;
	const struct target *target; /* the inspected system */
	const char *state_dir;
	const char *report_dir;
	const char *key_path; /* NULL: the configuration's signing_key */
	int kiosk;
	enum lang lang;
	int colour;

	struct session *s; /* the session being worked on, or NULL */
	struct scan_loader *engine;
	char engine_line[1024]; /* the signature database's status last drawn (a long path in Japanese) */
	enum tui_scr cur;
	enum tui_scr help_back; /* where the help screen returns to */
	int rows, cols;
	time_t last_input; /* when the last key came */
	char *message;     /* one-line notice on the status line; owned */
	int modal;         /* enum tui_modal */
	struct tui_edit modal_edit;

	/* the session's signed report, once the summary or the kiosk wrote it */
	int reported;
	struct report_paths report;
	struct fleet_pub pub; /* publishing it on write (fleet.database), once written */

	/* each screen's own state, allocated and freed by that screen */
	void *data[SCR_COUNT];
};

enum tui_modal {
	MODAL_NONE,
	MODAL_QUIT,
	MODAL_PASS,
};

/* English or Japanese by the current language. */
static inline const char *
tr(const struct tui *t, const char *en, const char *ja)
{
	return t->lang == LANG_JA ? ja : en;
}

/* Terminal ownership (tui_term.c). */
int tui_term_start(int kiosk, char *err, size_t errlen);
void tui_term_end(void);
/* The signal that asked us to stop (SIGTERM, SIGHUP, SIGINT), or 0. */
int tui_term_signalled(void);
/* Whether colours are on (has_colors() and NO_COLOR unset). */
int tui_term_colour(void);

/* Colour pairs / roles for tui_attr(). */
enum tui_role {
	TA_NORMAL,
	TA_TITLE,
	TA_BAR,
	TA_PASS,
	TA_FAIL,
	TA_WARN,
	TA_DIM,
	TA_SEL,
	TA_KEY,
};
attr_t tui_attr(const struct tui *t, enum tui_role r);

/* Drawing (tui_draw.c). */
/* Draws s sanitised and fitted to cols columns (padded when pad). */
void tui_put(const struct tui *t, int y, int x, int cols, const char *s, enum tui_role r, int pad);
void tui_putf(const struct tui *t, int y, int x, int cols, enum tui_role r, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* Wraps s into cols columns from row y, skipping the first skip lines, at most maxrows; returns rows the whole text takes. */
int tui_wrap(const struct tui *t, int y, int x, int cols, int skip, int maxrows, const char *s,
    enum tui_role r);
/* The top bar with a screen title. */
void tui_title(const struct tui *t, const char *title);
/* A hint for the bottom bar. */
struct tui_hint {
	const char *key;
	const char *en, *ja;
};
/* The bottom bar: the hints (terminated by a NULL key) and the message line above it. */
void tui_hints(const struct tui *t, const struct tui_hint *h);
/* "[PASS]" and friends, with the attribute to draw them in. */
const char *tui_outcome_tag(enum item_outcome o, enum tui_role *r);
/* The outcome as a word in the current language. */
const char *tui_outcome_word(const struct tui *t, enum item_outcome o);
const char *tui_status_tag(enum check_status s, enum tui_role *r);
const char *tui_verdict_word(const struct tui *t, enum verdict_kind v, enum tui_role *r);
/* A progress bar of cols columns. */
void tui_bar(const struct tui *t, int y, int x, int cols, double frac);
/* Replaces the status-line message (formatted). */
void tui_message(struct tui *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * The message for something that failed with err (English, from a lower
 * layer): "WHAT_EN: err" in English; in Japanese what_ja with the name and
 * errno text of err in Japanese (errtext_failed_ja()).
 */
void tui_failed(struct tui *t, const char *what_en, const char *what_ja, const char *err);
void tui_message_clear(struct tui *t);
/* The signature database's status line (as last measured) at row y. */
void tui_engine_line(const struct tui *t, int y);
/* The same, wrapped upwards from row y over at most maxrows rows (where the screen has room). */
void tui_engine_lines(const struct tui *t, int y, int maxrows);
/* A role as a word in the current language ("it" in English, "IT 担当" in Japanese); static. */
const char *tui_role_word(const struct tui *t, enum role role);
/*
 * Why a scan listed hit (an entry of "infected" or "unscannable"): its
 * field what, or in Japanese its what_ja ("reason_ja") when the report has
 * one. Borrowed from hit; NULL when absent; untrusted text.
 */
const char *tui_hit_why(const struct tui *t, const struct json *hit, const char *what);
/*
 * Up to max infected and unscannable files of a scan result, one per line
 * ("  ! PATH: SIGNATURE"), still untrusted: draw with tui_wrap/tui_put.
 * NULL when there are none; caller frees.
 */
char *tui_result_findings(const struct tui *t, const struct check_result *r, size_t max);
/* The summary of a check result in the current language. */
const char *tui_result_summary(const struct tui *t, const struct check_result *r);

/* QR codes (tui_qr.c). */
/* The columns and rows the code of text takes on screen; -1 when it cannot be made. */
int tui_qr_size(const char *text, int *cols, int *rows);
/* Draws the code of text with its top left at y, x; returns its rows, or -1 when it does not fit. */
int tui_qr_draw(const struct tui *t, int y, int x, const char *text);

/* Screen changes and shared state (tui_main.c). */
void tui_goto(struct tui *t, enum tui_scr s);
/* Visible items in category c (ncategories: all), in order; caller frees. */
const struct item **tui_visible(const struct tui *t, size_t c, size_t *n);
/*
 * Writes and signs the session's report with key (NULL: the configured one)
 * into t->report, then publishes it on write when fleet.database is set
 * (t->pub says how that went; the report stays on disk either way).
 */
int tui_write_report(struct tui *t, const char *key, char *err, size_t errlen);
/* Forgets the report of the previous session. */
void tui_report_clear(struct tui *t);

/* Item list and detail (scr_items.c). */
/* The category the item list shows (ncategories: all); the overview's cursor. */
size_t tui_items_category(const struct tui *t);
void tui_items_set_category(struct tui *t, size_t c);
/* Shows the item list of category c from its first item. */
void tui_items_open(struct tui *t, size_t c);
/* Shows the detail of it (within all items); Esc there goes back to screen back. */
void tui_items_show(struct tui *t, const struct item *it, enum tui_scr back);
/* Shows all items with the search field open (/ on the overview). */
void tui_items_search(struct tui *t);

/* The device form and the queue (scr_device.c). */
/* Opens the device form for the session's device record; Esc and saving go to back. */
void tui_device_open(struct tui *t, enum tui_scr back);
/* After the report is written: a new session with the same operator and role, at the device form. */
int tui_next_device(struct tui *t);

/* Running checks (scr_run.c). */
/*
 * How a run of checks ends. back: where Enter goes once they are done; with
 * leave set the screen goes there by itself as soon as they end (to
 * when_abandoned after tui_run_abandon()). watch, when set, is called on
 * every tick of the run screen after finished results are stored; it
 * returns TUI_* flags.
 */
struct tui_run_end {
	enum tui_scr back;
	int leave;
	enum tui_scr when_abandoned;
	int (*watch)(struct tui *t);
};
/* Starts the automatic checks of it (NULL: of every visible item) and shows their progress. */
void tui_run_checks(struct tui *t, const struct item *it, int rerun);
/* Starts plan (copied) with ro (copied) in the background and shows its progress. */
void tui_run_start(struct tui *t, const struct plan *plan, const struct runner_opts *ro,
    const struct tui_run_end *end);
/* Whether checks are running. */
int tui_run_busy(const struct tui *t);
/*
 * What the running checks read went away (the kiosk's medium was removed):
 * cancels them, and every result that is not a failure is stored as
 * unknown. Returns 1, or 0 when nothing runs or it was abandoned already.
 */
int tui_run_abandon(struct tui *t);
/* Stops and forgets running checks without storing anything more. */
void tui_run_stop(struct tui *t);
/*
 * Called by the event loop on every turn, whatever screen is current: takes
 * the results the worker finished and stores them in the session (on the UI
 * thread, the only one that writes the session). Returns TUI_* flags.
 */
int tui_run_poll(struct tui *t);
/* One line on the running checks for the status line ("" when none run). */
void tui_run_status(struct tui *t, char *buf, size_t len);
/* The item's tag: "[RUN ]" or "[WAIT]" while one of its checks is still to finish, else its outcome's. */
const char *tui_run_item_tag(const struct tui *t, const struct item *it, enum tui_role *r);

#endif
