/*
 * cmd_tui.c: `reentry tui`: the check-desk UI and the kiosk.
 *
 * Everything that can fail is checked here before curses starts,
 * signify-style: arguments, configuration, checklist, the kiosk passphrase
 * hash, the state directory and the target. Then tui_main() (tui/) owns
 * the terminal until the user leaves. --hash-passphrase never starts the
 * UI: it prints the hash kiosk.admin_passphrase_hash wants.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "fleetcli.h"
#include "commands.h"
#include "../tui/tui_main.h"
#include "../util/fileio.h"
#include "../util/passhash.h"
#include "../util/text.h"
#include "../util/xalloc.h"

#define PASS_ITER 600000

/* tui_main() says "could not start" with the usage status. */
_Static_assert(EXIT_USAGE == 2, "tui_main.h documents 2 as could not run");

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: reentry tui [--checklist FILE] [--config FILE] [--lang ja|en]\n"
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

/* The kiosk cannot be left without a well-formed administrator passphrase hash. */
static int
kiosk_config_ok(const struct config *cfg)
{
	if (cfg->kiosk_passphrase_hash == NULL) {
		cli_warnx("the kiosk needs kiosk.admin_passphrase_hash in the configuration "
		          "(make one with 'reentry tui --hash-passphrase'; see docs/kiosk.md)");
		return 0;
	}
	if (passhash_check(cfg->kiosk_passphrase_hash, NULL) != 0) {
		cli_warnx("%s: kiosk.admin_passphrase_hash is not a pbkdf2-sha256$ITER$SALT$HASH "
		          "string (see docs/kiosk.md)",
		    cfg->file != NULL ? cfg->file : "configuration");
		return 0;
	}
	return 1;
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
	struct tui_opts o;
	struct target *target = NULL;
	struct checklist *cl = NULL;
	struct config *cfg = NULL;
	char err[512];
	int ch, kiosk = 0, rc = EXIT_USAGE;

	memset(&o, 0, sizeof o);
	optind = 1;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'f': file = optarg; break;
		case 'c': config = optarg; break;
		case 'l': langopt = optarg; break;
		case 's':
			free(state_dir);
			state_dir = xstrdup(optarg);
			break;
		case 'o':
			free(report_dir);
			report_dir = xstrdup(optarg);
			break;
		case 'k':
			free(key);
			key = xstrdup(optarg);
			break;
		case 'r':
			free(root);
			root = xstrdup(optarg);
			break;
		case 'K': kiosk = 1; break;
		case 'H':
			free(state_dir), free(report_dir), free(key), free(root);
			return hash_passphrase();
		case 'h':
			usage(stdout);
			rc = EXIT_GOOD;
			goto out;
		case 'V': rc = cli_version(); goto out;
		default: rc = cli_usage_error("tui ", "bad option"); goto out;
		}
	}
	if (optind < argc) {
		rc = cli_usage_error("tui ", "unexpected argument");
		goto out;
	}
	if (cli_lang(langopt, &o.lang) != 0) {
		rc = cli_usage_error("tui ", "--lang must be ja or en");
		goto out;
	}
	if ((cfg = cli_load_config(config)) == NULL || (cl = cli_load_checklist(file)) == NULL)
		goto out;
	if (kiosk && !kiosk_config_ok(cfg))
		goto out;
	/* the kiosk's own language: each visit starts in it (docs/kiosk.md) */
	if (kiosk && langopt == NULL)
		(void)lang_parse(cfg->kiosk_lang != NULL ? cfg->kiosk_lang : "ja", &o.lang);
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
	if ((target = cli_open_target(root != NULL ? root : "/")) == NULL)
		goto out;
	cli_fleet_retry(cfg, state_dir); /* reports a database could not take before */
	o.cl = cl;
	o.cfg = cfg;
	o.target = target;
	o.state_dir = state_dir;
	o.report_dir = report_dir;
	o.key_path = key;
	o.kiosk = kiosk;
	rc = tui_main(&o);
out:
	target_free(target);
	checklist_free(cl);
	config_free(cfg);
	free(state_dir);
	free(report_dir);
	free(key);
	free(root);
	return rc;
}
