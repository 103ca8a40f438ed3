/*
 * tui.h: the terminal UI's shared state and its screen interface.
 *
 * Structure (after htop and ncdu): tui_term.c owns the terminal (setup,
 * teardown, signals, colours); tui_main.c parses arguments, loads every input
 * before curses starts, and runs the one event loop; each screen is a const
 * struct tui_screen with init / draw / key (and an optional tick called about
 * ten times a second) in scr_*.c; key handlers return TUI_* flags. Screens
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
	SCR_COUNT,
};

struct tui;

struct tui_screen {
	const char *name;
	void (*init)(struct tui *t);                         /* on becoming current; may be NULL */
	void (*draw)(struct tui *t);
	int (*key)(struct tui *t, const struct tui_key *k); /* TUI_* flags */
	int (*tick)(struct tui *t);                          /* periodic; may be NULL */
};

/* The screens, indexed by enum tui_scr (scr_*.c). */
extern const struct tui_screen *const tui_screens[SCR_COUNT];

/* A one-line editor for UTF-8 text (names, notes, passphrases). */
struct tui_edit {
	wchar_t *buf;
	size_t len, cap, cur;
	size_t max;  /* characters */
	size_t left; /* first character shown */
	int secret;  /* draw '*' for each character */
};

void tui_edit_init(struct tui_edit *e, const char *utf8, size_t max, int secret);
void tui_edit_free(struct tui_edit *e);
/* Handles editing keys; returns 1 when the key was an editing key. */
int tui_edit_key(struct tui_edit *e, const struct tui_key *k);
/* The text as UTF-8; caller frees. */
char *tui_edit_text(const struct tui_edit *e);
/* Draws the editor in cols columns at y, x and places the cursor there. */
void tui_edit_draw(struct tui_edit *e, int y, int x, int cols);

/* The removable media the kiosk watches (one per devnode with a mount point). */
struct tui_medium {
	char *key;    /* devnode plus serial: identity for insert/remove */
	char *label;  /* human description, untrusted: sanitise */
	char **paths; /* host paths of its mount points, NULL-terminated */
	struct json *json;
};

struct tui_state_start {
	int phase; /* 0 pick a session, 1 name, 2 role */
	struct session_info *infos;
	size_t ninfos;
	size_t sel;
	struct tui_edit name;
	int role_sel;
};

struct tui_state_run {
	struct runner *job;
	enum tui_scr back;       /* where Enter goes when done */
	size_t nresults;
	size_t top;              /* first result shown */
	const struct check *done_checks[64];
	enum check_status done_status[64];
	char *done_summary[64];  /* "english\njapanese" */
	char *done_findings[64]; /* tui_result_findings(), or NULL */
	int medium_gone;         /* kiosk: the scanned medium was removed */
	int finished;
};

struct tui {
	/* inputs, fixed for the run */
	const struct checklist *cl;
	const struct config *cfg;
	const struct target *target; /* the inspected system */
	const char *state_dir;
	const char *report_dir;
	const char *key_path;
	char *own_key;        /* a key made or found from the summary (k); owned */
	int kiosk;
	enum lang lang;
	int colour;

	struct session *s;
	struct scan_loader *engine;
	char engine_line[256]; /* the status last drawn */
	enum tui_scr cur;
	enum tui_scr help_back;
	int rows, cols;
	char *message;  /* one-line notice on the status line; owned */
	int modal;      /* enum tui_modal */
	struct tui_edit modal_edit;

	struct tui_state_start start;
	size_t cat;           /* the category shown; ncategories means all */
	size_t sel, top;      /* item list */
	const struct item *item;
	int scroll;           /* detail */
	int editing;          /* detail: editing the note */
	int waiving;          /* detail: waiver field being typed (1..4), 0 none */
	char *waiver[4];      /* approved by, reason, until, ticket; owned */
	struct tui_edit note;
	struct tui_state_run run;
	int finished;         /* summary: report written */
	struct report_paths paths;

	/* kiosk */
	struct tui_medium *media;
	size_t nmedia;
	char **known;         /* media present when the welcome screen came up */
	size_t nknown;
	struct tui_medium *scanned; /* the medium of this kiosk session */
	time_t last_poll;
	time_t last_input;
	size_t ask;           /* question index */
	const struct item **questions;
	size_t nquestions;
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
void tui_message_clear(struct tui *t);
/* The signature database's status line (as last measured) at row y. */
void tui_engine_line(const struct tui *t, int y);
/*
 * Up to max infected and unscannable files of a scan result, one per line
 * ("  ! PATH: SIGNATURE"), still untrusted: draw with tui_wrap/tui_put.
 * NULL when there are none; caller frees.
 */
char *tui_result_findings(const struct tui *t, const struct check_result *r, size_t max);
/* The summary of a check result in the current language. */
const char *tui_result_summary(const struct tui *t, const struct check_result *r);

/* Screen changes and shared actions (tui_main.c). */
void tui_goto(struct tui *t, enum tui_scr s);
/* Starts the automatic checks of it (NULL: of every visible item) and shows their progress. */
void tui_run_checks(struct tui *t, const struct item *it, int rerun);
/* Visible items in category c (ncategories: all), in order; caller frees. */
const struct item **tui_visible(const struct tui *t, size_t c, size_t *n);

/* Kiosk (scr_kiosk.c). */
/* Polls the media once a second; returns TUI_REDRAW when the set changed. */
int tui_kiosk_poll(struct tui *t);
void tui_kiosk_reset(struct tui *t);
void tui_media_free(struct tui_medium *m, size_t n);

#endif
