/*
 * cmd_fleet.c: `reentry fleet QUESTION`: answers the common questions from
 * the fleet database that `reentry collect` fills, as a table or CSV. Each
 * answer is one SELECT from a documented view (docs/fleet.md), printed with
 * --sql. Also cli_fleet_open(), which collect shares.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "commands.h"
#include "fleetcli.h"
#include "../fleet/fleet.h"
#include "../fleet/publish.h"
#include "../report/report.h"
#include "../util/strbuf.h"
#include "../util/text.h"
#include "../util/xalloc.h"

struct fleet *
cli_fleet_open(const char *opt, const struct config *cfg)
{
	char err[2048], *url, *safe, *shown;
	struct fleet *f;

	if (opt != NULL)
		url = xstrdup(opt);
	else if (cfg != NULL && cfg->fleet_database != NULL)
		url = xstrdup(cfg->fleet_database);
	else {
		char *state = config_state_dir(cfg, 0);

		char *slash;

		/* the state directory and its parents, as sessions make them */
		for (slash = strchr(state + 1, '/'); slash != NULL; slash = strchr(slash + 1, '/')) {
			*slash = '\0';
			(void)mkdir(state, 0700);
			*slash = '/';
		}
		if (mkdir(state, 0700) < 0 && errno != EEXIST) {
			safe = text_sanitize(state);
			cli_warnx("%s: %s (状態ディレクトリを作れません)", safe, strerror(errno));
			free(safe);
			free(state);
			return NULL;
		}
		url = xasprintf("%s/fleet.sqlite", state);
		free(state);
	}
	if ((f = fleet_open(url, err, sizeof err)) == NULL) {
		shown = fleet_db_redact(url);
		safe = text_sanitize(shown);
		free(shown);
		shown = text_sanitize(err);
		cli_warnx("fleet database %s: %s (fleet データベースを開けません)", safe, shown);
		free(safe);
		free(shown);
	}
	free(url);
	return f;
}

int
cli_fleet_publish(const struct config *cfg, const char *path)
{
	struct fleet_pub p;
	char *state, *safe;
	int ret;

	if (cfg == NULL || cfg->fleet_database == NULL)
		return 0;
	state = config_state_dir(cfg, 0);
	fleet_publish(cfg->fleet_database, cfg->allowed_signers, state, path, &p);
	free(state);
	safe = text_sanitize(p.en != NULL ? p.en : "");
	if (p.status == FLEET_PUB_DONE) {
		char *url = fleet_db_redact(cfg->fleet_database), *su = text_sanitize(url);

		printf("%-10s %s\n", "fleet:", su);
		free(su);
		free(url);
	} else if (p.status == FLEET_PUB_PENDING) {
		char *ja = text_sanitize(p.ja);

		cli_warnx("fleet: not published: %s (%s)", safe, ja);
		free(ja);
	} else
		cli_warnx("fleet: %s", safe);
	free(safe);
	ret = p.status == FLEET_PUB_DONE ? 0 : -1;
	fleet_pub_clear(&p);
	return ret;
}

void
cli_fleet_retry(const struct config *cfg, const char *state)
{
	char err[2048], *safe;
	size_t filed, left;

	if (cfg == NULL || cfg->fleet_database == NULL)
		return;
	if (fleet_publish_retry(cfg->fleet_database, cfg->allowed_signers, state, &filed, &left,
	        err, sizeof err) != 0) {
		safe = text_sanitize(err);
		cli_warnx("fleet: %zu report(s) still waiting to be filed: %s (未登録の報告書 %zu 件)",
		    left, safe, left);
		free(safe);
	} else if (filed > 0 || left > 0)
		fprintf(stderr,
		    "%-10s %zu waiting report(s) filed, %zu still waiting (未登録だった報告書 %zu 件を登録、残り %zu 件)\n",
		    "fleet:", filed, left, filed, left);
}

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: reentry fleet [--db URL] [--config FILE] [--lang ja|en] [--csv | --sql] "
	    "QUESTION\n\n"
	    "Answers from the fleet database that `reentry collect` fills:\n"
	    "  summary [--since YYYY-MM-DD]  trusted reports by day, desk and verdict\n"
	    "  failures                      devices whose latest report failed, by item\n"
	    "  media --infected              infected files found, with the medium and desk\n"
	    "  items --open                  items left open in each device's latest report\n"
	    "  device SERIAL|ASSET-TAG       the history of one device or medium\n"
	    "  rejected                      reports not trusted, with the reason\n"
	    "  chain                         desks whose chain went back, forked or skipped\n"
	    "The table's column titles follow --lang (default: the locale); --csv prints CSV\n"
	    "(RFC 4180, CRLF) whose header is the views' column names, the same in every\n"
	    "language; --sql prints the SQL instead of running it.\n"
	    "Exit 0 answered, 2 could not run.\n");
}

/* A date YYYY-MM-DD. */
static int
is_date(const char *s)
{
	int i;

	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return 0;
	return s[10] == '\0';
}

/* Prints rows as a table, each column as wide as its widest cell up to 48 columns. */
/* The table for the terminal: column titles in the language, cells sanitised. */
static void
print_table(const struct fleet_rows *r, int ja)
{
	size_t i, j;
	int *w = xcalloc(r->ncols + 1, sizeof *w);

	for (j = 0; j < r->ncols; j++) {
		w[j] = text_width(fleet_column_title(r->names[j], ja));
		for (i = 0; i < r->nrows; i++) {
			char *s = text_sanitize(
			    fleet_rows_get(r, i, j) != NULL ? fleet_rows_get(r, i, j) : "");
			int cw = text_width(s);

			if (cw > w[j])
				w[j] = cw;
			free(s);
		}
		if (w[j] > 48)
			w[j] = 48;
	}
	for (i = 0; i <= r->nrows; i++) {
		for (j = 0; j < r->ncols; j++) {
			const char *raw = i == 0 ? fleet_column_title(r->names[j], ja) :
			                           fleet_rows_get(r, i - 1, j);
			char *s = text_sanitize(raw != NULL ? raw : "");
			char *t = text_fit(s, w[j], j + 1 < r->ncols);

			fputs(t, stdout);
			fputs(j + 1 < r->ncols ? "  " : "\n", stdout);
			free(t);
			free(s);
		}
	}
	free(w);
}

/* CSV: the header is the views' column names, stable English identifiers in any language. */
static void
print_csv(const struct fleet_rows *r)
{
	struct strbuf sb = { 0 };
	size_t i, j;

	for (j = 0; j < r->ncols; j++)
		report_csv_field(&sb, r->names[j], j + 1 == r->ncols);
	for (i = 0; i < r->nrows; i++)
		for (j = 0; j < r->ncols; j++)
			report_csv_field(&sb, fleet_rows_get(r, i, j), j + 1 == r->ncols);
	fputs(sb_str(&sb), stdout);
	sb_free(&sb);
}

int
cmd_fleet(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "config", required_argument, NULL, 'c' },
		{ "csv", no_argument, NULL, 'C' },
		{ "sql", no_argument, NULL, 'S' },
		{ "since", required_argument, NULL, 's' },
		{ "infected", no_argument, NULL, 'i' },
		{ "open", no_argument, NULL, 'o' },
		{ "lang", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dbopt = NULL, *config = NULL, *since = NULL, *what, *arg = NULL, *langopt = NULL;
	enum lang lang;
	int ch, csv = 0, sql = 0, infected = 0, open_ = 0, ret = EXIT_GOOD;
	enum fleet_question q;
	struct fleet_rows rows;
	struct config *cfg;
	struct fleet *f;
	char err[2048], *safe;

	while ((ch = getopt_long(argc, argv, "d:c:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': dbopt = optarg; break;
		case 'c': config = optarg; break;
		case 'C': csv = 1; break;
		case 'S': sql = 1; break;
		case 's': since = optarg; break;
		case 'i': infected = 1; break;
		case 'o': open_ = 1; break;
		case 'l': langopt = optarg; break;
		case 'h': usage(stdout); return EXIT_GOOD;
		case 'V': return cli_version();
		default: return cli_usage_error("fleet ", "bad option");
		}
	}
	if (cli_lang(langopt, &lang) < 0)
		return cli_usage_error("fleet ", "--lang takes ja or en");
	if (optind >= argc)
		return cli_usage_error("fleet ",
		    "name a question: summary, failures, media, items, "
		    "device, rejected, chain");
	what = argv[optind++];
	if (strcmp(what, "summary") == 0) {
		q = FLEET_Q_SUMMARY;
		if (since != NULL && !is_date(since))
			return cli_usage_error("fleet ",
			    "--since wants a date YYYY-MM-DD "
			    "(日付は YYYY-MM-DD で)");
		arg = since != NULL ? since : "0000-00-00";
	} else if (strcmp(what, "failures") == 0)
		q = FLEET_Q_FAILURES;
	else if (strcmp(what, "media") == 0) {
		if (!infected)
			return cli_usage_error("fleet ", "media answers --infected");
		q = FLEET_Q_INFECTED;
	} else if (strcmp(what, "items") == 0) {
		if (!open_)
			return cli_usage_error("fleet ", "items answers --open");
		q = FLEET_Q_OPEN;
	} else if (strcmp(what, "device") == 0) {
		if (optind >= argc)
			return cli_usage_error("fleet ", "device wants a SERIAL or an ASSET-TAG");
		q = FLEET_Q_DEVICE;
		arg = argv[optind++];
	} else if (strcmp(what, "rejected") == 0)
		q = FLEET_Q_REJECTED;
	else if (strcmp(what, "chain") == 0)
		q = FLEET_Q_CHAIN;
	else {
		safe = text_sanitize(what);
		ret = cli_usage_error("fleet ", "unknown question %s", safe);
		free(safe);
		return ret;
	}
	if (optind < argc)
		return cli_usage_error("fleet ", "too many arguments");
	if ((since != NULL && q != FLEET_Q_SUMMARY) || (infected && q != FLEET_Q_INFECTED) ||
	    (open_ && q != FLEET_Q_OPEN))
		return cli_usage_error("fleet ",
		    "--since, --infected and --open belong to summary, "
		    "media and items");
	if (sql) {
		printf("%s;\n", fleet_question_sql(q));
		return EXIT_GOOD;
	}
	if ((cfg = cli_load_config(config)) == NULL)
		return EXIT_USAGE;
	if ((f = cli_fleet_open(dbopt, cfg)) == NULL) {
		config_free(cfg);
		return EXIT_USAGE;
	}
	if (fleet_ask(f, q, arg, &rows, err, sizeof err) < 0) {
		safe = text_sanitize(err);
		cli_warnx("%s", safe);
		free(safe);
		ret = EXIT_USAGE;
	} else {
		if (csv)
			print_csv(&rows);
		else {
			print_table(&rows, lang == LANG_JA);
			printf("(%zu row%s / %zu 行)\n", rows.nrows, rows.nrows == 1 ? "" : "s",
			    rows.nrows);
		}
		fleet_rows_clear(&rows);
	}
	fleet_close(f);
	config_free(cfg);
	if (fflush(stdout) != 0)
		ret = EXIT_USAGE;
	return ret;
}
