/*
 * main.c: the reentry command: dispatch to a subcommand, plus the helpers
 * every subcommand shares.
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
	struct config *cfg = config_load(opt, check_config_params, &d);

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
	    "usage: reentry [COMMAND] [OPTIONS]\n\n"
	    "Checks laptops and USB media returning from telework against the JNSA\n"
	    "post-emergency checklist. Without a command on a terminal, starts the UI.\n\n"
	    "commands:\n");
	for (c = cli_commands; c->name != NULL; c++)
		fprintf(fp, "  %-10s %s\n", c->name, c->summary);
	fprintf(fp,
	    "\n'reentry COMMAND --help' describes each command.\n"
	    "Exit codes: 0 all good, 1 something failed, 2 usage error or bad input,\n"
	    "3 incomplete (something unanswered or undetermined, nothing failed).\n");
}

int
main(int argc, char **argv)
{
	const struct cli_cmd *c;
	const char *name;

	text_locale_init();
	if (argc < 2) {
		for (c = cli_commands; c->name != NULL; c++)
			if (strcmp(c->name, "tui") == 0 && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))
				return c->main(argc, argv);
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
			return c->main(argc - 1, argv + 1);
	{
		char *safe = text_sanitize(name);

		cli_warnx("unknown command '%s'", safe);
		free(safe);
	}
	usage(stderr);
	return EXIT_USAGE;
}
