/*
 * cmd_validate.c: `reentry validate [FILE]`: check a checklist (and,
 * with --config, a site configuration) against the schema.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "commands.h"
#include "../util/text.h"

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: reentry validate [--config FILE] [FILE]\n\n"
	    "Checks FILE (default: the bundled checklist) against the checklist schema\n"
	    "(docs/checklist-format.md) and, with --config, a site configuration.\n"
	    "Every error is printed as FILE:LINE:COLUMN: message.\n"
	    "Exit 0 when valid, 2 when not.\n");
}

int
cmd_validate(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *config = NULL;
	struct diags d = DIAGS_INIT;
	struct checklist *cl;
	char *path, *safe;
	int ch, rc = EXIT_GOOD;

	while ((ch = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'c': config = optarg; break;
		case 'h': usage(stdout); return EXIT_GOOD;
		case 'V': return cli_version();
		default: return cli_usage_error("validate ", "bad option");
		}
	}
	if (argc - optind > 1)
		return cli_usage_error("validate ", "at most one checklist file");
	path = cli_checklist_path(optind < argc ? argv[optind] : NULL);
	safe = text_sanitize(path);
	cl = checklist_load(path, &d);
	if (cl == NULL) {
		diags_print(&d, stdout);
		rc = EXIT_USAGE;
	} else
		printf("%s: valid: %zu categories, %zu items\n", safe, cl->ncategories, cl->nitems);
	checklist_free(cl);
	diags_clear(&d);
	if (config != NULL) {
		struct config *cfg = config_load(config, check_config_params, &d);
		char *csafe = text_sanitize(config);

		if (cfg == NULL) {
			diags_print(&d, stdout);
			rc = EXIT_USAGE;
		} else
			printf("%s: valid configuration\n", csafe);
		free(csafe);
		config_free(cfg);
		diags_clear(&d);
	}
	free(safe);
	free(path);
	if (fflush(stdout) != 0)
		return EXIT_USAGE;
	return rc;
}
