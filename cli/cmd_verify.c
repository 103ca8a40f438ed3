/*
 * cmd_verify.c: `reentry verify REPORT [--allowed-signers FILE]`: check a
 * report's SSHSIG signature and schema, and say who signed it, when, for
 * which device and operator, and the verdict.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "../report/report.h"
#include "../util/text.h"
#include "../util/timefmt.h"
#include "../util/xalloc.h"

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: reentry verify [--allowed-signers FILE [--principal NAME]] [--config FILE] "
	    "REPORT\n\n"
	    "Verifies REPORT (a report's .json file) against its signature REPORT.sig\n"
	    "(OpenSSH SSHSIG, namespace " REPORT_SIG_NAMESPACE ") and the report schema.\n"
	    "With an allowed-signers file (--allowed-signers, or allowed_signers in the\n"
	    "configuration) the signing key must be listed there for the namespace;\n"
	    "with --principal (as ssh-keygen -Y verify -I) a line for that principal must\n"
	    "allow it. The file is read as ssh-keygen reads it: a line ssh-keygen refuses\n"
	    "is shown with its number and never allows a key; the other lines still count.\n"
	    "Without an allowed-signers file the key's fingerprint is printed for you to\n"
	    "compare.\n"
	    "A report of schema 3 names its manifest (REPORT.manifest.jsonl, every file\n"
	    "scanned); it is checked too: altered is bad (exit 1), absent is said and\n"
	    "exits 3, never as a pass of the manifest.\n"
	    "Exit 0 good, 1 bad signature or tampered report or manifest, 2 unreadable,\n"
	    "3 good signature but the manifest is absent.\n");
}

/* Prints "label value" with value sanitised. */
static void show(const char *label, const char *value);

/* A record's UTC time (ISO 8601) in local time with the zone; the text itself (or "?") when it is not one. */
static void
local_or_utc(const char *iso, char buf[TIME_LOCAL_LEN])
{
	time_t t;

	if (iso != NULL && time_parse_iso(iso, &t) == 0) {
		time_local(t, 0, buf);
		if (buf[0] != '\0')
			return;
	}
	(void)snprintf(buf, TIME_LOCAL_LEN, "%s", iso != NULL ? iso : "?");
}

/* "  check ID: STATUS: summary" in English and Japanese for each check bound to item e. */
static void
show_checks(const struct json *r, const struct json *e)
{
	const struct json *ids = json_get(e, "checks");
	size_t j;

	for (j = 0; j < json_len(ids); j++) {
		const char *id = json_get_str(json_at(ids, j));
		const struct json *c = report_check_result(r, id);
		char *line;

		if (c == NULL)
			line = xasprintf("check %s: did not run (実行されていない)", id);
		else
			line = xasprintf("check %s: %s: %s / %s", id,
			    json_get_str(json_get(c, "status")),
			    json_get_str(json_get(json_get(c, "summary"), "en")),
			    json_get_str(json_get(json_get(c, "summary"), "ja")));
		show("", line);
		free(line);
	}
}

/*
 * The items that need attention, and those a person decided over their
 * checks, with both facts: what the checks said and the person's note.
 */
static void
show_decisions(const struct json *r)
{
	const struct json *items = json_get(r, "items");
	struct report_item_decision d;
	size_t i, attention, stood_in;
	char *line;

	report_attention_counts(r, &attention, &stood_in);
	line = xasprintf("%zu item%s need%s attention (要対応), %zu decided by a person over the "
	                 "checks (担当者が検査に代わって判定)",
	    attention, attention == 1 ? "" : "s", attention == 1 ? "s" : "", stood_in);
	show("decisions:", line);
	free(line);
	for (i = 0; i < json_len(items); i++) {
		const struct json *e = json_at(items, i);
		const char *id = json_get_str(json_get(e, "id"));

		report_item_decision(r, e, &d);
		if (d.outcome == NULL)
			continue;
		if (strcmp(d.outcome, "needs-attention") == 0) {
			line = xasprintf("%s: needs attention: a check warned and nobody in IT accepted it "
			                 "/ 要対応: 検査が警告し、IT 担当者が受け入れていない",
			    id);
			show("", line);
			free(line);
			show_checks(r, e);
		} else if (report_basis_stood_in(d.basis)) {
			line = xasprintf("%s: %s: %s / %s", id, d.outcome,
			    report_basis_words(d.basis, 0), report_basis_words(d.basis, 1));
			show("", line);
			free(line);
			show_checks(r, e);
			line = xasprintf("note (%s, %s): %s", json_get_str(json_get(r, "operator")),
			    json_get_str(json_get(r, "role")), json_get_str(json_get(e, "note")));
			show("", line);
			free(line);
		}
	}
}

/* Prints "label value" with value sanitised. */
static void
show(const char *label, const char *value)
{
	char *safe = text_sanitize(value != NULL ? value : "");

	printf("  %-10s %s\n", label, safe);
	free(safe);
}

int
cmd_verify(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "allowed-signers", required_argument, NULL, 'a' },
		{ "config", required_argument, NULL, 'c' },
		{ "principal", required_argument, NULL, 'I' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *signers = NULL, *config = NULL, *principal = NULL, *path;
	struct config *cfg;
	struct report_verification ver;
	char *safe, *tmp = NULL;
	int ch, ret;

	while ((ch = getopt_long(argc, argv, "a:c:hI:", opts, NULL)) != -1) {
		switch (ch) {
		case 'a': signers = optarg; break;
		case 'c': config = optarg; break;
		case 'I': principal = optarg; break;
		case 'h': usage(stdout); return EXIT_GOOD;
		case 'V': return cli_version();
		default: return cli_usage_error("verify ", "bad option");
		}
	}
	if (argc - optind != 1)
		return cli_usage_error("verify ", "name one REPORT");
	path = argv[optind];
	/* REPORT.json.sig names the same report */
	if (strlen(path) > 9 && strcmp(path + strlen(path) - 9, ".json.sig") == 0)
		path = tmp = xstrndup(path, strlen(path) - 4);
	if ((cfg = cli_load_config(config)) == NULL) {
		free(tmp);
		return EXIT_USAGE;
	}
	if (signers == NULL)
		signers = cfg->allowed_signers;
	if (principal != NULL && signers == NULL) {
		config_free(cfg);
		free(tmp);
		return cli_usage_error("verify ", "--principal needs an allowed-signers file");
	}
	report_verify_file(path, signers, principal, &ver);
	if (ver.signers_refused != NULL) {
		char *lines = xstrdup(ver.signers_refused), *save = NULL, *l;

		for (l = strtok_r(lines, "\n", &save); l != NULL; l = strtok_r(NULL, "\n", &save)) {
			safe = text_sanitize(l);
			cli_warnx("allowed signers: %s", safe);
			free(safe);
		}
		free(lines);
	}
	if (ver.status != REPORT_GOOD) {
		safe = text_sanitize(ver.error != NULL ? ver.error : "unknown problem");
		cli_warnx("%s", safe);
		free(safe);
		safe = text_sanitize(path);
		printf("BAD: %s\n", safe);
		free(safe);
		if (ver.fingerprint != NULL)
			show("signer:", ver.fingerprint);
		ret = ver.status == REPORT_UNREADABLE ? EXIT_USAGE : EXIT_FAILED;
	} else {
		const struct json *r = ver.report;
		char *who;

		safe = text_sanitize(path);
		printf("Good signature: %s\n", safe);
		free(safe);
		if (ver.signers_checked)
			who = xasprintf("%s (allowed signer: %s)", ver.fingerprint, ver.principals);
		else
			who = xasprintf("%s (NOT checked against an allowed-signers list: compare this "
			                "fingerprint with the one you trust)",
			    ver.fingerprint);
		show("signer:", who);
		free(who);
		show("report:", json_get_str(json_get(r, "report_id")));
		{
			/* people read local time with its zone; the record keeps UTC, shown below it */
			const char *st = json_get_str(json_get(r, "started")),
			           *en = json_get_str(json_get(r, "ended"));
			char a[TIME_LOCAL_LEN], b[TIME_LOCAL_LEN];

			local_or_utc(st, a);
			local_or_utc(en, b);
			who = xasprintf("%s .. %s (local time / 現地時刻)", a, b);
			show("time:", who);
			free(who);
			who = xasprintf("%s .. %s", st != NULL ? st : "?", en != NULL ? en : "?");
			show("utc:", who);
			free(who);
		}
		who = report_device_label(r);
		show("device:", who);
		free(who);
		{
			/* what a person entered about the device (untrusted: show() sanitises) */
			const struct json *rec = json_get(r, "device_record"), *f;
			static const char *const rk[][2] = { { "asset_tag", "asset tag:" },
				{ "serial", "serial:" }, { "model", "model:" }, { "owner", "owner:" } };
			size_t k;

			for (k = 0; json_is(rec, JSON_OBJECT) && k < 4; k++)
				show(rk[k][1], json_get_str(json_get(rec, rk[k][0])));
			f = json_get(rec, "fields");
			for (k = 0; k < json_len(f); k++) {
				char *key = text_sanitize(json_key_at(f, k));

				who = xasprintf("%s:", key);
				show(who, json_get_str(json_at(f, k)));
				free(who);
				free(key);
			}
		}
		who = xasprintf("%s (%s)", json_get_str(json_get(r, "operator")),
		    json_get_str(json_get(r, "role")));
		show("operator:", who);
		free(who);
		show("verdict:", json_get_str(json_get(json_get(r, "verdict"), "result")));
		show_decisions(r);
		who = xasprintf("%s %s", json_get_str(json_get(json_get(r, "checklist"), "id")),
		    json_get_str(json_get(json_get(r, "checklist"), "version")));
		show("checklist:", who);
		free(who);
		who = xasprintf("%lld",
		    (long long)json_get_int(json_get(json_get(r, "chain"), "sequence"), 0));
		show("sequence:", who);
		free(who);
		ret = EXIT_GOOD;
		if (ver.manifest == REPORT_MANIFEST_GOOD)
			show("manifest:", ver.manifest_note);
		else if (ver.manifest == REPORT_MANIFEST_ABSENT) {
			who = xasprintf("ABSENT, not checked / マニフェストがなく未確認: %s",
			    ver.manifest_note);
			show("manifest:", who);
			free(who);
			ret = EXIT_INCOMPLETE;
		} else
			show("manifest:", "none (no scan, or a report before schema 3) / なし");
	}
	if (fflush(stdout) != 0)
		ret = EXIT_USAGE;
	report_verification_clear(&ver);
	config_free(cfg);
	free(tmp);
	return ret;
}
