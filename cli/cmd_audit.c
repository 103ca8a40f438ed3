/*
 * cmd_audit.c: `reentry audit DIR [--csv] [--allowed-signers FILE]`:
 * verify every report in a directory and the hash chain between them,
 * name each problem, and summarise the latest check per device and
 * operator (or print one CSV row per report).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "commands.h"
#include "../report/report.h"
#include "../util/text.h"
#include "../util/xalloc.h"

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: reentry audit [--csv] [--summary-only] [--since TIME] [--until TIME]\n"
	    "                     [--verdict pass|fail|incomplete] [--device SERIAL|HOST]\n"
	    "                     [--allowed-signers FILE] [--config FILE] [--no-cache] DIR\n\n"
	    "Verifies every report in DIR (signature, schema, and with an allowed-signers\n"
	    "file that the key may sign reports) and the hash chain that links them, and\n"
	    "names every report that was deleted, reordered, replaced or altered. Then\n"
	    "prints the latest check per device and operator (each kiosk visit and each\n"
	    "failed report on a row of its own), or with --csv one row per report\n"
	    "(problems go to stderr).\n"
	    "The filters choose which good reports are listed, summarised and counted as\n"
	    "FAIL: --since and --until take YYYY-MM-DD (--until: through that day) or\n"
	    "YYYY-MM-DDTHH:MM:SSZ and compare the report's end time; --device matches the\n"
	    "device's host name, machine id or any serial in it. Every report is still\n"
	    "verified and the whole chain checked; a bad report is always named.\n"
	    "A report whose manifest (REPORT.manifest.jsonl) is absent is a problem: it\n"
	    "was not checked; one whose manifest was altered is bad.\n"
	    "What depends only on a report's bytes (signature, schema) is kept in the\n"
	    "state directory's audit-cache/ and used when the report and its signature\n"
	    "are byte for byte the same; the allowed signers and the manifest are\n"
	    "checked every time. --no-cache verifies everything again. Without a\n"
	    "state directory (none configured and none made yet) there is no cache.\n"
	    "Exit 0 all good, 1 any problem or any report with verdict fail (with\n"
	    "--summary-only: problems only), 2 DIR or the allowed-signers file unreadable.\n");
}

static const char *
status_name(enum report_status s)
{
	return s == REPORT_GOOD ? "good" : s == REPORT_BAD ? "bad" : "unreadable";
}

/* Prints s fitted to cols columns, then a space. */
static void
cell(const char *s, int cols)
{
	char *t = text_fit(s != NULL ? s : "", cols, 1);

	printf("%s ", t);
	free(t);
}

/*
 * The site fields the device records of the good reports carry, each once,
 * in the order first seen: one more column each. The names point into a.
 * Caller frees the array.
 */
static const char **
site_fields(const struct audit *a, size_t *n)
{
	const char **v = NULL;
	size_t i, j, k;

	*n = 0;
	for (i = 0; i < a->nreports; i++) {
		const struct json *f = json_get(
		    json_get(a->reports[i].verification.report, "device_record"), "fields");

		if (a->reports[i].verification.status != REPORT_GOOD)
			continue;
		for (j = 0; j < json_len(f); j++) {
			const char *key = json_key_at(f, j);

			for (k = 0; k < *n && strcmp(v[k], key) != 0; k++)
				;
			if (k < *n)
				continue;
			v = xreallocarray(v, *n + 1, sizeof *v);
			v[(*n)++] = key;
		}
	}
	return v;
}

int
cmd_audit(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "csv", no_argument, NULL, 'C' },
		{ "summary-only", no_argument, NULL, 'S' },
		{ "since", required_argument, NULL, 's' },
		{ "until", required_argument, NULL, 'u' },
		{ "verdict", required_argument, NULL, 'v' },
		{ "device", required_argument, NULL, 'd' },
		{ "allowed-signers", required_argument, NULL, 'a' },
		{ "config", required_argument, NULL, 'c' },
		{ "no-cache", no_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *signers = NULL, *config = NULL, *dir;
	struct config *cfg;
	struct audit a;
	struct audit_filter f = { NULL, NULL, NULL, NULL };
	char err[2048], *safe, num[32];
	int ch, csv = 0, summary_only = 0, no_cache = 0, ret;
	struct audit_opts ao = { NULL, NULL };
	char *cache = NULL;
	size_t i, failed = 0;

	while ((ch = getopt_long(argc, argv, "a:c:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'C': csv = 1; break;
		case 'S': summary_only = 1; break;
		case 's': f.since = optarg; break;
		case 'u': f.until = optarg; break;
		case 'v': f.verdict = optarg; break;
		case 'd': f.device = optarg; break;
		case 'a': signers = optarg; break;
		case 'c': config = optarg; break;
		case 'N': no_cache = 1; break;
		case 'h': usage(stdout); return EXIT_GOOD;
		case 'V': return cli_version();
		default: return cli_usage_error("audit ", "bad option");
		}
	}
	if (argc - optind != 1)
		return cli_usage_error("audit ", "name one report DIR");
	dir = argv[optind];
	if ((f.since != NULL && !report_audit_time_ok(f.since)) ||
	    (f.until != NULL && !report_audit_time_ok(f.until)))
		return cli_usage_error("audit ",
		    "--since and --until take YYYY-MM-DD or "
		    "YYYY-MM-DDTHH:MM:SSZ (UTC)");
	if (f.verdict != NULL && strcmp(f.verdict, "pass") != 0 && strcmp(f.verdict, "fail") != 0 &&
	    strcmp(f.verdict, "incomplete") != 0)
		return cli_usage_error("audit ", "--verdict takes pass, fail or incomplete");
	if (f.device != NULL && f.device[0] == '\0')
		return cli_usage_error("audit ", "--device needs a serial or host name");
	if ((cfg = cli_load_config(config)) == NULL)
		return EXIT_USAGE;
	if (signers == NULL)
		signers = cfg->allowed_signers;
	if (!no_cache) {
		/* the auditor's own state directory: never one made just for this */
		char *state = config_state_dir(cfg, 0);
		struct stat st;

		if (cfg->state_dir != NULL || (stat(state, &st) == 0 && S_ISDIR(st.st_mode)))
			cache = report_audit_cache_path(state, dir);
		free(state);
	}
	ao.filter = &f;
	ao.cache = cache;
	ret = report_audit_run(dir, signers, &ao, &a, err, sizeof err);
	free(cache);
	if (ret < 0) {
		safe = text_sanitize(err);
		cli_warnx("%s", safe);
		free(safe);
		config_free(cfg);
		return EXIT_USAGE;
	}
	if (a.cache_error != NULL) {
		safe = text_sanitize(a.cache_error);
		cli_warnx("audit cache not written: %s", safe);
		free(safe);
	}
	/* lines of the allowed-signers file ssh-keygen would refuse (the same for every report) */
	for (i = 0; i < a.nreports; i++) {
		char *lines, *save = NULL, *l;

		if (a.reports[i].verification.signers_refused == NULL)
			continue;
		lines = xstrdup(a.reports[i].verification.signers_refused);
		for (l = strtok_r(lines, "\n", &save); l != NULL; l = strtok_r(NULL, "\n", &save)) {
			safe = text_sanitize(l);
			cli_warnx("allowed signers: %s", safe);
			free(safe);
		}
		free(lines);
		break;
	}
	if (csv) {
		size_t nsite;
		const char **site = site_fields(&a, &nsite);
		char *head = report_csv_header_fields(site, nsite);

		fputs(head, stdout);
		free(head);
		for (i = 0; i < a.nreports; i++) {
			char *row;

			if (a.reports[i].verification.status == REPORT_GOOD && !a.reports[i].selected)
				continue;
			row = report_csv_row_fields(a.reports[i].verification.report, a.reports[i].name,
			    status_name(a.reports[i].verification.status), site, nsite);

			fputs(row, stdout);
			free(row);
		}
		free(site);
	} else {
		size_t good = 0, attention = 0, stood_in = 0, nsite, j;
		const char **site = site_fields(&a, &nsite);

		for (i = 0; i < a.nreports; i++)
			good += a.reports[i].verification.status == REPORT_GOOD;
		printf("%zu report%s, %zu verified%s\n", a.nreports, a.nreports == 1 ? "" : "s", good,
		    signers != NULL ? " against the allowed signers" :
		                      " (signing keys NOT checked against an allowed-signers list)");
		if (a.from_cache > 0)
			printf("%zu of them byte for byte as an earlier audit verified them: signature "
			       "and schema taken from its cache (--no-cache checks them again)\n",
			    a.from_cache);
		if (f.since != NULL || f.until != NULL || f.verdict != NULL || f.device != NULL) {
			size_t sel = 0;

			for (i = 0; i < a.nreports; i++)
				sel += a.reports[i].selected != 0;
			printf("%zu report%s match the filters (条件に一致)\n", sel, sel == 1 ? "" : "s");
		}
		if (a.nrows > 0) {
			printf("\n");
			cell("DEVICE", 20);
			cell("ASSET TAG", 14);
			cell("SERIAL", 14);
			cell("MODEL", 16);
			cell("OWNER", 14);
			for (j = 0; j < nsite; j++)
				cell(site[j], 12);
			cell("OPERATOR", 18);
			cell("LAST CHECK (UTC)", 20);
			cell("VERDICT", 10);
			cell("FAILURES", 9);
			cell("ATTENTION", 10);
			printf("BY PERSON OVER CHECKS\n");
		}
		for (i = 0; i < a.nrows; i++) {
			attention += a.rows[i].attention;
			stood_in += a.rows[i].stood_in;
			cell(a.rows[i].device, 20);
			cell(devrec_get(a.rows[i].record, "asset_tag"), 14);
			cell(devrec_get(a.rows[i].record, "serial"), 14);
			cell(devrec_get(a.rows[i].record, "model"), 16);
			cell(devrec_get(a.rows[i].record, "owner"), 14);
			for (j = 0; j < nsite; j++)
				cell(devrec_get(a.rows[i].record, site[j]), 12);
			cell(a.rows[i].operator_name, 18);
			cell(a.rows[i].last_check, 20);
			cell(a.rows[i].verdict, 10);
			snprintf(num, sizeof num, "%zu", a.rows[i].open_failures);
			cell(num, 9);
			snprintf(num, sizeof num, "%zu", a.rows[i].attention);
			cell(num, 10);
			printf("%zu\n", a.rows[i].stood_in);
		}
		if (a.nrows > 0)
			printf("\nlatest reports: %zu item%s need%s attention (要対応), %zu decided by a "
			       "person over the checks (担当者が検査に代わって判定)\n",
			    attention, attention == 1 ? "" : "s", attention == 1 ? "s" : "", stood_in);
		free(site);
	}
	if (!csv) {
		/* every signer, so a reader can compare them with the keys they expect */
		size_t j;

		printf("\nsigners:\n");
		for (i = 0; i < a.nreports; i++) {
			const char *fp = a.reports[i].verification.fingerprint;
			size_t cnt = 0;

			if (fp == NULL)
				continue;
			for (j = 0; j < i; j++)
				if (a.reports[j].verification.fingerprint != NULL &&
				    strcmp(a.reports[j].verification.fingerprint, fp) == 0)
					break;
			if (j < i)
				continue;
			for (j = i; j < a.nreports; j++)
				cnt += a.reports[j].verification.fingerprint != NULL &&
				    strcmp(a.reports[j].verification.fingerprint, fp) == 0;
			safe = text_sanitize(fp);
			printf("  %s  %zu report%s%s\n", safe, cnt, cnt == 1 ? "" : "s",
			    signers == NULL                                  ? "" :
			        a.reports[i].verification.principals != NULL ? "  (allowed)" :
			                                                       "  (NOT allowed)");
			free(safe);
		}
	}
	if (a.nproblems > 0) {
		FILE *fp = csv ? stderr : stdout;

		fflush(stdout);
		fprintf(fp, "%s%zu problem%s:\n", csv ? "" : "\n", a.nproblems,
		    a.nproblems == 1 ? "" : "s");
		for (i = 0; i < a.nproblems; i++) {
			safe = text_sanitize(a.problems[i]);
			fprintf(fp, "  %s\n", safe);
			free(safe);
		}
	} else if (!csv) {
		printf("\nno problems found: every report's signature verified and each report's\n"
		       "link to the one before it holds.\n");
		if (signers == NULL)
			printf("NOT established: who signed. No allowed-signers file was given, so a\n"
			       "report re-signed by any key verifies; compare the signers above with\n"
			       "the desks' keys, or run again with --allowed-signers FILE.\n");
		printf("NOT established: that nothing came after the newest report. Deleting the\n"
		       "newest reports leaves a shorter chain that is still consistent; only a\n"
		       "record kept elsewhere of the chain's head shows that.\n");
	}
	/* the closing line: how many reports failed (each named) */
	for (i = 0; i < a.nreports; i++) {
		const struct json *doc = a.reports[i].verification.report;
		const char *v = json_get_str(json_get(json_get(doc, "verdict"), "result"));

		if (a.reports[i].selected && v != NULL && strcmp(v, "fail") == 0)
			failed++;
	}
	{
		FILE *fp = csv ? stderr : stdout;

		fflush(stdout);
		if (failed > 0) {
			fprintf(fp, "%s%zu report%s with verdict FAIL (不合格):\n", csv ? "" : "\n",
			    failed, failed == 1 ? "" : "s");
			for (i = 0; i < a.nreports; i++) {
				const struct json *doc = a.reports[i].verification.report;
				const char *v = json_get_str(
				    json_get(json_get(doc, "verdict"), "result"));
				char *dev, *sdev, *sname;
				size_t inf, uns;

				if (!a.reports[i].selected || v == NULL || strcmp(v, "fail") != 0)
					continue;
				dev = report_device_label(doc);
				sdev = text_sanitize(dev);
				sname = text_sanitize(a.reports[i].name);
				report_scan_counts(doc, &inf, &uns);
				fprintf(fp, "  %s: %s", sname, sdev);
				if (inf > 0)
					fprintf(fp, ": %zu infected file%s", inf, inf == 1 ? "" : "s");
				fprintf(fp, "\n");
				free(dev);
				free(sdev);
				free(sname);
			}
		} else if (!csv)
			printf("\n0 reports with verdict FAIL (不合格なし).\n");
	}
	ret = a.nproblems > 0 || (failed > 0 && !summary_only) ? EXIT_FAILED : EXIT_GOOD;
	if (fflush(stdout) != 0)
		ret = EXIT_USAGE;
	report_audit_clear(&a);
	config_free(cfg);
	return ret;
}
