/*
 * tui_main.h: the one entry point into the terminal UI, for cli/cmd_tui.c.
 *
 * The caller has already loaded and checked every input (arguments,
 * configuration, checklist, state directory, kiosk passphrase hash, the
 * target), signify-style, before any of this runs. tui_main() starts the
 * terminal, runs the event loop until the user quits or a signal arrives,
 * restores the terminal, and prints its closing line on stderr (where the
 * session was saved, or where the report went).
 */
#ifndef REENTRY_TUI_MAIN_H
#define REENTRY_TUI_MAIN_H

#include "../checklists/checklist.h"
#include "../config/config.h"
#include "../sys/target.h"

/* What the UI works on. Borrowed: all of it must outlive tui_main(). */
struct tui_opts {
	const struct checklist *cl;
	const struct config *cfg;
	const struct target *target; /* the inspected system */
	const char *state_dir;       /* unfinished sessions; exists */
	const char *report_dir;      /* where reports go */
	const char *key_path;        /* signing key; NULL: the configuration's signing_key */
	int kiosk;                   /* the self-service kiosk instead of the check desk */
	enum lang lang;              /* the language the UI starts in */
};

/*
 * Runs the UI. Returns the exit status: 0 when the user quit, 2 when the
 * terminal could not be started (said why on stderr), 128 + N when signal
 * N stopped it (the session is saved either way).
 */
int tui_main(const struct tui_opts *o);

#endif
