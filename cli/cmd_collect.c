/*
 * cmd_collect.c: `reentry collect [--db URL] [--allowed-signers FILE] DIR...`:
 * verify every report in the directories and file it in the fleet database
 * (fleet/fleet.h): trusted, rejected with the reason, or in conflict with a
 * report of the same desk; and name every break in a desk's chain.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "fleetcli.h"
#include "../fleet/fleet.h"
#include "../report/report.h"
#include "../util/fileio.h"
#include "../util/text.h"
#include "../util/xalloc.h"

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: reentry collect [--db URL] [--allowed-signers FILE] [--config FILE] DIR...\n\n"
	    "Verifies every report (*.json with its .sig) in each DIR and files it in the fleet\n"
	    "database: trusted, or rejected with the reason. A report already there (same\n"
	    "SHA-256) is left as it is. The database keeps each desk's newest sequence number\n"
	    "and hash, and names a desk whose chain went back, forked or skipped numbers.\n"
	    "--db is a SQLite file or a postgresql:// URL (\"postgresql:\" alone: libpq's\n"
	    "PG* environment variables); default fleet.database in the configuration, else\n"
	    "fleet.sqlite in the state directory.\n"
	    "Exit 0 all trusted, 1 a report rejected or a chain broken, 2 could not run.\n");
}

/* One report file found, in the order it is filed. */
struct found {
	char *path;
	long long sequence; /* from the name: only the order of filing */
};

/* By the sequence number in the file name, then the path. */
static int
found_cmp(const void *a, const void *b)
{
	const struct found *x = a, *y = b;

	if (x->sequence != y->sequence)
		return x->sequence < y->sequence ? -1 : 1;
	return strcmp(x->path, y->path);
}

static int
has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n > m && strcmp(s + n - m, suf) == 0;
}

/* Adds every *.json regular file of dir to *v. -1 when dir cannot be read. */
static int
list_dir(const char *dir, struct found **v, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char *safe;

	if (d == NULL) {
		safe = text_sanitize(dir);
		cli_warnx("%s: %s (ディレクトリを読めません)", safe, strerror(errno));
		free(safe);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		struct stat st;
		char *path;

		if (e->d_name[0] == '.' || !has_suffix(e->d_name, ".json"))
			continue;
		path = xasprintf("%s/%s", dir, e->d_name);
		if (lstat(path, &st) < 0 || !S_ISREG(st.st_mode)) {
			free(path);
			continue;
		}
		*v = xreallocarray(*v, *n + 1, sizeof **v);
		(*v)[*n].path = path;
		(*v)[*n].sequence = 0;
		(*n)++;
	}
	closedir(d);
	return 0;
}

int
cmd_collect(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "allowed-signers", required_argument, NULL, 'a' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dbopt = NULL, *signers = NULL, *config = NULL;
	size_t i, n = 0, imported = 0, dups = 0, rejected = 0, conflicts = 0, flags = 0,
	          unreadable = 0, bad_known = 0;
	struct found *found = NULL;
	struct config *cfg;
	struct fleet *f;
	char err[2048], *safe;
	int ch, ret = EXIT_GOOD;

	while ((ch = getopt_long(argc, argv, "d:a:c:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': dbopt = optarg; break;
		case 'a': signers = optarg; break;
		case 'c': config = optarg; break;
		case 'h': usage(stdout); return EXIT_GOOD;
		case 'V': return cli_version();
		default: return cli_usage_error("collect ", "bad option");
		}
	}
	if (optind >= argc)
		return cli_usage_error("collect ", "name at least one report DIR");
	if ((cfg = cli_load_config(config)) == NULL)
		return EXIT_USAGE;
	if (signers == NULL)
		signers = cfg->allowed_signers;
	if (signers == NULL) {
		cli_warnx("collect needs an allowed-signers file (--allowed-signers FILE or "
		          "allowed_signers in the configuration): without it any key would be "
		          "trusted (許可された署名者のファイルが必要です)");
		config_free(cfg);
		return EXIT_USAGE;
	}
	if (access(signers, R_OK) != 0) {
		safe = text_sanitize(signers);
		cli_warnx("%s: %s (許可された署名者のファイルを読めません)", safe, strerror(errno));
		free(safe);
		config_free(cfg);
		return EXIT_USAGE;
	}
	if ((f = cli_fleet_open(dbopt, cfg)) == NULL) {
		config_free(cfg);
		return EXIT_USAGE;
	}
	if (dbopt == NULL) {
		/* the reports this machine's run, desk UI or kiosk could not publish */
		char *s0 = config_state_dir(cfg, 0), *s1 = config_state_dir(cfg, 1);

		cli_fleet_retry(cfg, s0);
		if (strcmp(s0, s1) != 0)
			cli_fleet_retry(cfg, s1);
		free(s0);
		free(s1);
	}
	for (; optind < argc; optind++)
		if (list_dir(argv[optind], &found, &n) < 0)
			ret = EXIT_USAGE;
	/*
	 * Each desk's chain is filed forwards: report names end in their sequence
	 * number (docs/report-format.md), so that is the order. The name is only
	 * an order; every report is verified as it is filed.
	 */
	for (i = 0; i < n; i++) {
		const char *base = strrchr(found[i].path, '/') + 1, *dash = strrchr(base, '-');

		found[i].sequence = dash != NULL ? strtoll(dash + 1, NULL, 10) : 0;
	}
	if (n > 0)
		qsort(found, n, sizeof *found, found_cmp);
	for (i = 0; i < n; i++) {
		struct report_verification v;
		struct fleet_import res;
		char sha[65], sigsha[65], *sig = xasprintf("%s.sig", found[i].path);
		size_t k;
		int known = 0;

		/* the same bytes and signature already trusted: nothing to verify or change */
		if (sha256_file_hex(found[i].path, sha, err, sizeof err) == 0 &&
		    sha256_file_hex(sig, sigsha, err, sizeof err) == 0 &&
		    (known = fleet_known_trusted(f, sha, sigsha, err, sizeof err)) < 0) {
			safe = text_sanitize(err);
			cli_warnx("%s", safe);
			free(safe);
			free(sig);
			ret = EXIT_USAGE;
			break;
		}
		free(sig);
		if (known == 1) {
			dups++;
			continue;
		}
		report_verify_file(found[i].path, signers, NULL, &v);
		if (v.manifest == REPORT_MANIFEST_ABSENT) {
			/* filed on its signature; the list of files scanned was not checked */
			safe = text_sanitize(v.manifest_note);
			cli_warnx("%s", safe);
			free(safe);
		}
		if (fleet_import(f, found[i].path, &v, &res, err, sizeof err) < 0) {
			safe = text_sanitize(err);
			cli_warnx("%s: %s", found[i].path, safe);
			free(safe);
			report_verification_clear(&v);
			ret = EXIT_USAGE;
			break;
		}
		safe = text_sanitize(found[i].path);
		switch (res.outcome) {
		case FLEET_IMPORTED: imported++; break;
		case FLEET_DUPLICATE: dups++; break;
		case FLEET_REJECTED:
		case FLEET_CONFLICT:
		case FLEET_UNREADABLE: {
			char *why = text_sanitize(res.reason != NULL ? res.reason : "");

			if (res.known)
				dups++;
			else if (res.outcome == FLEET_REJECTED)
				rejected++;
			else if (res.outcome == FLEET_CONFLICT)
				conflicts++;
			else
				unreadable++;
			if (res.known)
				bad_known++;
			printf("%s: %s%s: %s\n", safe,
			    res.outcome == FLEET_REJECTED     ? "rejected" :
			        res.outcome == FLEET_CONFLICT ? "conflict" :
			                                        "unreadable, not recorded",
			    res.known                         ? ", recorded before (記録済み)" :
			        res.outcome == FLEET_REJECTED ? " (不受理)" :
			        res.outcome == FLEET_CONFLICT ? " (連番の衝突)" :
			                                        " (読めず記録せず)",
			    why);
			free(why);
			break;
		}
		}
		for (k = 0; res.flags_en != NULL && res.flags_en[k] != NULL; k++) {
			if (res.outcome != FLEET_CONFLICT) {
				char *e = text_sanitize(res.flags_en[k]);

				printf("%s: chain (チェーン): %s\n", safe, e);
				free(e);
			}
			{
				char *j = text_sanitize(res.flags_ja[k]);

				printf("%s: チェーン: %s\n", safe, j);
				free(j);
			}
			flags++;
		}
		free(safe);
		fleet_import_clear(&res);
		report_verification_clear(&v);
	}
	printf("%zu report%s: %zu imported, %zu already present, %zu rejected, %zu in conflict, "
	       "%zu unreadable, %zu chain event%s\n"
	       "(%zu 件: 新規 %zu、既存 %zu、不受理 %zu、連番の衝突 %zu、読めず %zu、チェーンの異常 %zu)\n",
	    n, n == 1 ? "" : "s", imported, dups, rejected, conflicts, unreadable, flags,
	    flags == 1 ? "" : "s", n, imported, dups, rejected, conflicts, unreadable, flags);
	safe = text_sanitize(f->shown_url);
	printf("database (データベース): %s\n", safe);
	free(safe);
	if (ret == EXIT_GOOD &&
	    (rejected > 0 || conflicts > 0 || unreadable > 0 || flags > 0 || bad_known > 0))
		ret = EXIT_FAILED;
	for (i = 0; i < n; i++) {
		free(found[i].path);
	}
	free(found);
	fleet_close(f);
	config_free(cfg);
	if (fflush(stdout) != 0)
		ret = EXIT_USAGE;
	return ret;
}
