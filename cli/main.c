/*
 * main.c: the reentry command: dispatch to a subcommand, plus the helpers
 * every subcommand shares.
 *
 * Global options come before the command (reentry --lang ja tui): --lang and
 * --config set what a command uses when its own --lang or --config is not
 * given; --state-dir, --checklist, --root, --out and --key are handed to a
 * command that takes them (struct cli_cmd.takes) as if given first. The
 * command's own option wins.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "../util/text.h"
#include "../util/xalloc.h"

/* The global options given before the command; NULL when not given. */
static const char *global_lang, *global_config;

/* The global options a command may take as its own, and their values (NULL: not given). */
static const char *const passed_names[] = { "state-dir", "checklist", "root", "out", "key" };
#define NPASSED (sizeof passed_names / sizeof passed_names[0])
static const char *passed_vals[NPASSED];

void
cli_warnx(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("reentry: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fputs("reentry: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'reentry %s--help'.\n", cmd != NULL ? cmd : "");
	return EXIT_USAGE;
}

int
cli_version(void)
{
	printf("reentry %s\n", REENTRY_VERSION);
	return EXIT_GOOD;
}

int
cli_isatty(FILE *fp)
{
	return isatty(fileno(fp));
}

char *
cli_checklist_path(const char *opt)
{
	static const char *const beside[] = {
		"../jnsa-checklist.yaml",               /* build/reentry in the source tree */
		"../share/reentry/jnsa-checklist.yaml", /* installed under another prefix */
	};
	const char *env = getenv("REENTRY_CHECKLIST");
	char exe[PATH_MAX], real[PATH_MAX];
	ssize_t n;
	size_t i;

	if (opt != NULL)
		return xstrdup(opt);
	if (env != NULL && env[0] != '\0')
		return xstrdup(env);
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		char *slash;

		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			for (i = 0; i < sizeof beside / sizeof beside[0]; i++) {
				char *cand = xasprintf("%s/%s", exe, beside[i]);

				if (access(cand, R_OK) == 0 && realpath(cand, real) != NULL) {
					free(cand);
					return xstrdup(real);
				}
				free(cand);
			}
		}
	}
	return xstrdup(REENTRY_DATADIR "/jnsa-checklist.yaml");
}

struct checklist *
cli_load_checklist(const char *opt)
{
	char *path = cli_checklist_path(opt);
	struct diags d = DIAGS_INIT;
	struct checklist *cl = checklist_load(path, &d);

	if (cl == NULL)
		diags_print(&d, stderr);
	diags_clear(&d);
	free(path);
	return cl;
}

struct config *
cli_load_config(const char *opt)
{
	struct diags d = DIAGS_INIT;
	struct config *cfg = config_load(opt != NULL ? opt : global_config, check_config_params, &d);

	if (cfg == NULL)
		diags_print(&d, stderr);
	diags_clear(&d);
	return cfg;
}

struct target *
cli_open_target(const char *root)
{
	char err[1024];
	struct target *t = target_open(root, err, sizeof err);

	if (t == NULL) {
		char *safe = text_sanitize(err);

		cli_warnx("--root: %s", safe);
		free(safe);
	}
	return t;
}

int
cli_lang(const char *opt, enum lang *out)
{
	if (opt == NULL)
		opt = global_lang;
	if (opt == NULL) {
		*out = lang_from_env();
		return 0;
	}
	return lang_parse(opt, out);
}

int
cli_print_json(const struct json *v)
{
	struct strbuf sb = STRBUF_INIT;
	int rc = 0;

	json_write(v, &sb, JSON_PRETTY);
	sb_addc(&sb, '\n');
	if (fwrite(sb.buf, 1, sb.len, stdout) != sb.len || fflush(stdout) != 0)
		rc = -1;
	sb_free(&sb);
	return rc;
}

static void
usage(FILE *fp)
{
	const struct cli_cmd *c;

	fprintf(fp,
	    "usage: reentry [--lang en|ja] [--config FILE] [--state-dir DIR] [--checklist FILE]\n"
	    "               [--root DIR] [--out DIR] [--key FILE] [COMMAND] [OPTIONS]\n\n"
	    "Checks laptops and USB media returning from telework against the JNSA\n"
	    "post-emergency checklist. Without a command on a terminal, starts the UI.\n\n"
	    "commands:\n");
	for (c = cli_commands; c->name != NULL; c++)
		fprintf(fp, "  %-10s %s\n", c->name, c->summary);
	fprintf(fp,
	    "\nglobal options (before the command; the command's own option wins):\n"
	    "  --lang en|ja   the language of the UI and of the messages\n"
	    "  --config FILE  the site configuration\n"
	    "  --state-dir DIR, --checklist FILE, --root DIR, --out DIR, --key FILE\n"
	    "                 for the commands that take them (see each command's --help)\n"
	    "\n'reentry COMMAND --help' describes each command.\n"
	    "Exit codes: 0 all good, 1 something failed, 2 usage error or bad input,\n"
	    "3 incomplete (something unanswered or undetermined, nothing failed).\n");
}

/* Whether the command c takes the option name (struct cli_cmd.takes). */
static int
cmd_takes(const struct cli_cmd *c, const char *name)
{
	const char *p = c->takes;
	size_t n = strlen(name);

	while (p != NULL && (p = strstr(p, name)) != NULL) {
		if ((p == c->takes || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return 1;
		p += n;
	}
	return 0;
}

/*
 * Runs c with argv[0] its name: the global options it takes come first, as
 * --NAME=VALUE, so an option of its own given after them wins (getopt keeps
 * the last). A global option the command does not take is a usage error.
 */
static int
run_command(const struct cli_cmd *c, int argc, char **argv)
{
	char **args, *own[NPASSED];
	size_t k, n = 0;
	int i, rc;

	for (k = 0; k < NPASSED; k++) {
		if (passed_vals[k] == NULL)
			continue;
		if (!cmd_takes(c, passed_names[k])) {
			for (i = 0; i < (int)n; i++)
				free(own[i]);
			return cli_usage_error(NULL, "--%s does not apply to '%s'", passed_names[k],
			    c->name);
		}
		own[n++] = xasprintf("--%s=%s", passed_names[k], passed_vals[k]);
	}
	if (n == 0)
		return c->main(argc, argv);
	args = xcalloc((size_t)argc + n + 1, sizeof *args);
	args[0] = argv[0];
	for (k = 0; k < n; k++)
		args[1 + k] = own[k];
	for (i = 1; i < argc; i++)
		args[(size_t)i + n] = argv[i];
	rc = c->main(argc + (int)n, args);
	for (k = 0; k < n; k++)
		free(own[k]);
	free(args);
	return rc;
}

int
main(int argc, char **argv)
{
	const struct cli_cmd *c;
	const char *name;

	text_locale_init();
	/* global options before the command: --lang X, --lang=X, --config X, --config=X */
	while (argc >= 2 && strncmp(argv[1], "--", 2) == 0) {
		const char **dst = NULL, *val = NULL, *a = argv[1];
		size_t nl = 0;
		int used = 1;

		size_t k;

		if (strncmp(a, "--lang", 6) == 0 && (a[6] == '\0' || a[6] == '='))
			dst = &global_lang, nl = 6;
		else if (strncmp(a, "--config", 8) == 0 && (a[8] == '\0' || a[8] == '='))
			dst = &global_config, nl = 8;
		for (k = 0; dst == NULL && k < NPASSED; k++) {
			size_t n = strlen(passed_names[k]);

			if (strncmp(a + 2, passed_names[k], n) == 0 &&
			    (a[2 + n] == '\0' || a[2 + n] == '='))
				dst = &passed_vals[k], nl = 2 + n;
		}
		if (dst == NULL)
			break;
		if (a[nl] == '=')
			val = a + nl + 1;
		else if (argc >= 3)
			val = argv[2], used = 2;
		else
			return cli_usage_error(NULL, "option '%s' needs a value", a);
		if (dst == &global_lang) {
			enum lang l;

			if (lang_parse(val, &l) != 0) {
				char *safe = text_sanitize(val);

				cli_warnx("--lang: '%s' is not a language (en or ja)", safe);
				free(safe);
				return EXIT_USAGE;
			}
		}
		*dst = val;
		argv[used] = argv[0];
		argv += used;
		argc -= used;
	}
	if (argc < 2) {
		for (c = cli_commands; c->name != NULL; c++)
			if (strcmp(c->name, "tui") == 0 && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))
				return run_command(c, argc, argv);
		usage(stderr);
		return EXIT_USAGE;
	}
	name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
		usage(stdout);
		return EXIT_GOOD;
	}
	if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0)
		return cli_version();
	for (c = cli_commands; c->name != NULL; c++)
		if (strcmp(c->name, name) == 0)
			return run_command(c, argc - 1, argv + 1);
	{
		char *safe = text_sanitize(name);

		cli_warnx("unknown command '%s'", safe);
		free(safe);
	}
	usage(stderr);
	return EXIT_USAGE;
}
