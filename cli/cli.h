/*
 * cli.h: what the subcommands share: the command table, exit codes, and
 * loading the inputs every command needs (configuration, checklist) with
 * errors reported signify-style before anything else starts.
 */
#ifndef REENTRY_CLI_H
#define REENTRY_CLI_H

#include <stdio.h>

#include "../checklists/checklist.h"
#include "../config/config.h"
#include "../sys/target.h"
#include "../util/json.h"

/* Exit codes, the same for every subcommand. */
enum {
	EXIT_GOOD = 0,       /* all good */
	EXIT_FAILED = 1,     /* a check failed, an infection, a bad signature */
	EXIT_USAGE = 2,      /* usage error, bad input, or could not run */
	EXIT_INCOMPLETE = 3, /* something unanswered or undetermined, nothing failed */
};

struct cli_cmd {
	const char *name;
	int (*main)(int argc, char **argv); /* argv[0] is the command name */
	const char *summary;
	/*
	 * The global options (given before the command) that the command also
	 * takes, space-separated without dashes ("root checklist"): they are
	 * handed to it as if given first, so its own option wins. NULL: none.
	 */
	const char *takes;
};

/* The subcommands (cli/commands.c), terminated by a NULL name. */
extern const struct cli_cmd cli_commands[];

/* Prints "reentry: msg" to stderr (untrusted parts must be sanitised by the caller). */
void cli_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same, then "Try 'reentry CMD --help'." and returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints "reentry VERSION" and returns 0. */
int cli_version(void);

/*
 * The checklist to use: opt when given, else $REENTRY_CHECKLIST, else the
 * source tree's copy when run from build/, else the copy installed beside
 * the binary (PREFIX/share/reentry), else the compiled-in data directory.
 * Caller frees.
 */
char *cli_checklist_path(const char *opt);
/* Loads the checklist or prints every error and returns NULL. */
struct checklist *cli_load_checklist(const char *opt);
/* Loads the configuration (opt or the default path) or prints errors and returns NULL. */
struct config *cli_load_config(const char *opt);
/* Opens root ("/" for this machine) as the inspected system, or prints why and returns NULL. */
struct target *cli_open_target(const char *root);
/* The language: opt ("ja"/"en") when given, else from the environment. -1 on a bad opt. */
int cli_lang(const char *opt, enum lang *out);

/* Writes v as pretty JSON and a newline to stdout; returns 0 or -1 on a write error. */
int cli_print_json(const struct json *v);
/* Whether stdout/stderr is a terminal (progress bars, colour). */
int cli_isatty(FILE *fp);

/*
 * From now on the first SIGINT or SIGTERM is only recorded (interrupt.c):
 * a long command's progress callback returns cli_interrupted() so its work
 * stops early and says so. A second one ends the process as usual.
 */
void cli_interrupt_catch(void);
/* The signal recorded since cli_interrupt_catch(), or 0. */
int cli_interrupted(void);

#endif
