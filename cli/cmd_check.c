/*
 * cmd_check.c: `reentry check [ID...]`: run automatic checks on this
 * machine (or a root prefix) and print a table or JSON.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "../session/runner.h"
#include "../util/text.h"
#include "../util/xalloc.h"

static void
usage(FILE *fp)
{
	const struct check *const *c;

	fprintf(fp,
	    "usage: reentry check [--root DIR] [--config FILE] [--checklist FILE]\n"
	    "                     [--lang ja|en] [--json] [--manifest-dir DIR] [ID...]\n\n"
	    "Runs the named automatic checks (all when none is named). Parameters come\n"
	    "from the checklist's bindings and the site configuration. --root reads the\n"
	    "system under DIR instead of /. --manifest-dir DIR writes the scans' per-file\n"
	    "manifests into DIR as they run (manifest-SHA256.jsonl, named in the output)\n"
	    "instead of holding them in memory and printing them: use it for large disks.\n"
	    "Exit 0 when every check passed, 1 when any failed, 3 when any could not\n"
	    "be determined and none failed.\n\nchecks:\n");
	for (c = check_table; *c != NULL; c++)
		fprintf(fp, "  %-18s %s\n", (*c)->id, (*c)->title_en);
}

/* Progress on stderr when it is a terminal: one line, rewritten. */
static int
show_progress(void *arg, const struct progress *p)
{
	const char *id = arg;
	char *cur = text_fit(p->current != NULL ? p->current : "", 40, 1);

	if (p->items_total > 0)
		fprintf(stderr, "\r%s: %s %llu/%llu %s", id, p->phase ? p->phase : "",
		    (unsigned long long)p->items_done, (unsigned long long)p->items_total, cur);
	else
		fprintf(stderr, "\r%s: %s %llu %s", id, p->phase ? p->phase : "",
		    (unsigned long long)p->items_done, cur);
	free(cur);
	return 0;
}

int
cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "config", required_argument, NULL, 'c' },
		{ "checklist", required_argument, NULL, 'f' },
		{ "lang", required_argument, NULL, 'l' },
		{ "json", no_argument, NULL, 'j' },
		{ "manifest-dir", required_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *root = "/", *config = NULL, *file = NULL, *langopt = NULL, *mdir = NULL;
	struct stat st;
	const struct check **run;
	struct plan plan = PLAN_INIT;
	struct runner_opts ro;
	struct target *target;
	size_t nrun = 0, i;
	int ch, json = 0, any_fail = 0, any_unknown = 0, tty;
	enum lang lang;
	struct config *cfg;
	struct checklist *cl;
	struct json *out, *arr;

	while ((ch = getopt_long(argc, argv, "r:c:f:l:jM:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'r': root = optarg; break;
		case 'c': config = optarg; break;
		case 'f': file = optarg; break;
		case 'l': langopt = optarg; break;
		case 'j': json = 1; break;
		case 'M': mdir = optarg; break;
		case 'h': usage(stdout); return EXIT_GOOD;
		case 'V': return cli_version();
		default: return cli_usage_error("check ", "bad option");
		}
	}
	if (cli_lang(langopt, &lang) < 0)
		return cli_usage_error("check ", "--lang takes ja or en");
	if (mdir != NULL && (stat(mdir, &st) < 0 || !S_ISDIR(st.st_mode) || access(mdir, W_OK) < 0)) {
		char *safe = text_sanitize(mdir);
		int rc = cli_usage_error("check ",
		    "--manifest-dir %s: not a directory it can write to", safe);

		free(safe);
		return rc;
	}
	run = xcalloc((size_t)(argc - optind) + 64, sizeof *run);
	if (optind == argc) {
		for (i = 0; check_table[i] != NULL && nrun < 63; i++)
			run[nrun++] = check_table[i];
	} else {
		for (; optind < argc; optind++) {
			const struct check *c = check_find(argv[optind]);

			if (c == NULL) {
				char *safe = text_sanitize(argv[optind]);
				int rc = cli_usage_error("check ", "unknown check '%s'", safe);

				free(safe);
				free(run);
				return rc;
			}
			run[nrun++] = c;
		}
	}
	if ((cfg = cli_load_config(config)) == NULL) {
		free(run);
		return EXIT_USAGE;
	}
	if ((cl = cli_load_checklist(file)) == NULL) {
		config_free(cfg);
		free(run);
		return EXIT_USAGE;
	}
	if ((target = cli_open_target(root)) == NULL) {
		checklist_free(cl);
		config_free(cfg);
		free(run);
		return EXIT_USAGE;
	}
	for (i = 0; i < nrun; i++)
		plan_add_check(&plan, cl, run[i]);
	memset(&ro, 0, sizeof ro);
	ro.target = target;
	ro.cfg = cfg;
	ro.sidedir = mdir;
	tty = !json && cli_isatty(stderr);
	out = json_object();
	arr = json_obj_set(out, "checks", json_array());
	for (i = 0; i < plan.n; i++) {
		struct check_result res;
		struct json *j;

		runner_run_one(&plan.v[i], &ro, tty ? show_progress : NULL,
		    (void *)plan.v[i].check->id, &res);
		if (tty)
			fprintf(stderr, "\r\033[K");
		any_fail |= res.status == CHECK_FAIL;
		any_unknown |= res.status == CHECK_UNKNOWN || res.status == CHECK_ERROR;
		j = check_result_to_json(plan.v[i].check->id, &res);
		/* the summary in the output is the chosen language's, as "summary" */
		if (json) {
			json_arr_push(arr, j);
		} else {
			const char *s = lang == LANG_JA ? res.summary_ja : res.summary_en;
			char *safe = text_sanitize(s != NULL ? s : "");
			char *upper = xstrdup(check_status_name(res.status));
			char *p;

			for (p = upper; *p; p++)
				*p = (char)(*p - 'a' + 'A');
			printf("%-18s %-8s %s\n", plan.v[i].check->id, upper, safe);
			free(upper);
			free(safe);
			json_free(j);
		}
		check_result_free(&res);
	}
	if (json && cli_print_json(out) < 0)
		any_unknown = 1;
	json_free(out);
	plan_free(&plan);
	target_free(target);
	checklist_free(cl);
	config_free(cfg);
	free(run);
	if (fflush(stdout) != 0)
		return EXIT_USAGE;
	if (any_fail)
		return EXIT_FAILED;
	return any_unknown ? EXIT_INCOMPLETE : EXIT_GOOD;
}
