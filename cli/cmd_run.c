/*
 * cmd_run.c: `reentry run --answers FILE`: a whole session without the UI.
 * Answers and waivers come from a YAML file (docs/sessions.md), the
 * automatic checks run for real, and the signed report is written. Used by
 * scripted check desks and by the tests.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "fleetcli.h"
#include "../report/report.h"
#include "../session/session.h"
#include "../util/text.h"
#include "../util/xalloc.h"
#include "../util/ydoc.h"

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: reentry run --answers FILE [--out DIR] [--key KEY] [--config FILE]\n"
	    "                   [--checklist FILE] [--root DIR]\n\n"
	    "Runs a whole session without the UI: the operator, role, answers and waivers\n"
	    "come from the answers file (docs/sessions.md), the automatic checks bound to\n"
	    "the role's items run (reading the system under --root, default /), and the\n"
	    "report is written into DIR (default: the configured report directory) and\n"
	    "signed with KEY (default: the configured signing_key).\n"
	    "Exit 0 pass, 1 fail, 3 incomplete, 2 bad input or could not run.\n");
}

/* What the answers file asks for. */
struct answers {
	char *operator_name;
	enum role role;
	struct pending {
		const struct item *it;
		enum answer a;
		const char *note;
	} * ans;
	size_t nans;
	struct pwaiver {
		const struct item *it;
		struct waiver w;
	} * waivers;
	size_t nwaivers;
	struct json *record; /* device: (devrec.c), or NULL when the file has none */
	int record_line, record_col;
};

/* Reads device: (asset_tag, serial, model, owner and the site's fields) into A->record. */
static void
device_load(const struct ynode *n, const struct config *cfg, const char *path, struct answers *A,
    struct diags *d)
{
	size_t i;

	if (yexpect(n, YNODE_MAP, path, "device", d) < 0)
		return;
	A->record = devrec_new();
	A->record_line = n->line;
	A->record_col = n->col;
	for (i = 0; i < n->n; i++) {
		const struct ynode *k = n->keys[i], *v = n->items[i];
		const char *s;
		char *en, *ja, *what = xasprintf("device.%s", k->str);

		if (yget_str(v, &s, path, what, d) == 0) {
			if (devrec_check_field(cfg, k->str, s, &en, &ja) < 0) {
				diag_add(d, path, v->line, v->col, "device: %s", en);
				free(en);
				free(ja);
			} else
				devrec_set(A->record, k->str, s);
		}
		free(what);
	}
	for (i = 0; cfg != NULL && i < cfg->ndevice_fields; i++)
		if (cfg->device_fields[i].required && ymap_get(n, cfg->device_fields[i].key) == NULL)
			diag_add(d, path, n->line, n->col, "device: %s (%s) is required",
			    cfg->device_fields[i].key, cfg->device_fields[i].label_en);
}

/* The item with id named by key node k, visible to role, or NULL after an error. */
static const struct item *
answer_item(const struct checklist *cl, const struct ynode *k, enum role role, const char *file,
    const char *what, struct diags *d)
{
	const struct item *it = checklist_find(cl, k->str);

	if (it == NULL) {
		diag_add(d, file, k->line, k->col, "%s: no item '%s' in checklist %s", what, k->str,
		    cl->id);
		return NULL;
	}
	if (role != ROLE_IT && (it->roles & (unsigned)role) == 0) {
		diag_add(d, file, k->line, k->col, "%s: item %s is not for role %s", what, it->id,
		    role_name(role));
		return NULL;
	}
	return it;
}

/* Reads the answers file; every problem goes to d as FILE:LINE:COL. */
static int
answers_load(const char *path, const struct checklist *cl, const struct config *cfg,
    struct answers *A, struct ydoc **docp, struct diags *d)
{
	static const char *const top[] = { "operator", "role", "device", "answers", "waivers", NULL };
	static const char *const topreq[] = { "operator", "role", NULL };
	static const char *const ak[] = { "answer", "note", NULL };
	static const char *const akreq[] = { "answer", NULL };
	static const char *const wk[] = { "approved_by", "reason", "until", "ticket", NULL };
	static const char *const wkreq[] = { "approved_by", "reason", "until", NULL };
	struct ydoc *doc;
	const struct ynode *root, *n;
	const char *s;
	size_t before = d->n, i;

	memset(A, 0, sizeof *A);
	if ((doc = ydoc_load_file(path, NULL, d)) == NULL)
		return -1;
	*docp = doc;
	root = doc->root;
	if (root == NULL) {
		diag_add(d, path, 1, 1, "the answers file is empty (it needs operator and role)");
		return -1;
	}
	if (yexpect(root, YNODE_MAP, path, "the answers file", d) < 0)
		return -1;
	ycheck_keys(root, top, topreq, path, "the answers file", d);
	if ((n = ymap_get(root, "operator")) != NULL && yget_str(n, &s, path, "operator", d) == 0)
		A->operator_name = xstrdup(s);
	A->role = 0;
	if ((n = ymap_get(root, "role")) != NULL && yget_str(n, &s, path, "role", d) == 0 &&
	    role_parse(s, &A->role) < 0)
		diag_add(d, path, n->line, n->col, "role must be staff, it or management, not '%s'", s);
	if (A->role == 0) /* so item checks below still report unknown ids */
		A->role = ROLE_IT;
	if ((n = ymap_get(root, "device")) != NULL)
		device_load(n, cfg, path, A, d);
	if ((n = ymap_get(root, "answers")) != NULL && yexpect(n, YNODE_MAP, path, "answers", d) == 0) {
		A->ans = xcalloc(n->n + 1, sizeof *A->ans);
		for (i = 0; i < n->n; i++) {
			const struct ynode *k = n->keys[i], *v = n->items[i], *an = v;
			const struct item *it = answer_item(cl, k, A->role, path, "answers", d);
			struct pending *p;
			enum answer a;
			const char *note = NULL;

			if (it == NULL)
				continue;
			if (v->type == YNODE_MAP) {
				if (ycheck_keys(v, ak, akreq, path, "an answer", d) > 0)
					continue;
				an = ymap_get(v, "answer");
				if (ymap_get(v, "note") != NULL) {
					const struct ynode *nn = ymap_get(v, "note");

					if (nn->type != YNODE_SCALAR) {
						diag_add(d, path, nn->line, nn->col,
						    "note must be a string");
						continue;
					}
					note = nn->str;
				}
			}
			if (an->type != YNODE_SCALAR || answer_parse(an->str, &a) < 0) {
				diag_add(d, path, an->line, an->col,
				    "the answer to %s must be yes, no or n/a%s%s%s", it->id,
				    an->type == YNODE_SCALAR ? ", not '" : "",
				    an->type == YNODE_SCALAR ? an->str : "",
				    an->type == YNODE_SCALAR ? "'" : "");
				continue;
			}
			p = &A->ans[A->nans++];
			p->it = it;
			p->a = a;
			p->note = note;
		}
	}
	if ((n = ymap_get(root, "waivers")) != NULL && yexpect(n, YNODE_MAP, path, "waivers", d) == 0) {
		A->waivers = xcalloc(n->n + 1, sizeof *A->waivers);
		for (i = 0; i < n->n; i++) {
			const struct ynode *k = n->keys[i], *v = n->items[i], *f;
			const struct item *it = answer_item(cl, k, A->role, path, "waivers", d);
			struct pwaiver *pw;
			char why[256];
			long long t;
			size_t nd = d->n;

			if (it == NULL || yexpect(v, YNODE_MAP, path, "a waiver", d) < 0 ||
			    ycheck_keys(v, wk, wkreq, path, "a waiver", d) > 0)
				continue;
			pw = &A->waivers[A->nwaivers];
			memset(pw, 0, sizeof *pw);
			pw->it = it;
			if ((f = ymap_get(v, "approved_by")) != NULL &&
			    yget_str(f, &s, path, "approved_by", d) == 0)
				pw->w.approved_by = (char *)s;
			if ((f = ymap_get(v, "reason")) != NULL && yget_str(f, &s, path, "reason", d) == 0)
				pw->w.reason = (char *)s;
			if ((f = ymap_get(v, "until")) != NULL &&
			    yget_time(f, &t, path, "until", d) == 0) {
				if (strlen(f->str) != 10)
					diag_add(d, path, f->line, f->col,
					    "until must be a date YYYY-MM-DD");
				else
					pw->w.until = f->str;
			}
			if ((f = ymap_get(v, "ticket")) != NULL && yget_str(f, &s, path, "ticket", d) == 0)
				pw->w.ticket = (char *)s;
			if (d->n > nd)
				continue;
			if (waiver_validate(&pw->w, why, sizeof why) < 0) {
				diag_add(d, path, v->line, v->col, "%s", why);
				continue;
			}
			A->nwaivers++;
		}
	}
	return d->n > before ? -1 : 0;
}

static void
answers_free(struct answers *A)
{
	free(A->operator_name);
	free(A->ans);
	free(A->waivers);
	json_free(A->record);
}

/* Progress of a long check on stderr when it is a terminal; non-zero after ^C, which stops it. */
static int
progress(void *arg, const struct progress *p)
{
	if (arg != NULL) {
		char *cur = text_fit(p->current != NULL ? p->current : "", 40, 1);

		fprintf(stderr, "\r%s %llu %s", p->phase != NULL ? p->phase : "",
		    (unsigned long long)p->items_done, cur);
		free(cur);
	}
	return cli_interrupted() != 0;
}

/* Prints a line "label: value" with value sanitised. */
static void
line(const char *label, const char *value)
{
	char *safe = text_sanitize(value != NULL ? value : "");

	printf("%-10s %s\n", label, safe);
	free(safe);
}

/*
 * The answers judged again once the checks ran: each answered item whose
 * outcome changed ("2-2 open -> needs-attention"), then what each answer
 * does now where it is not simply what it says (session_answer_advice()).
 */
static void
print_rejudged(const struct session *s, const enum item_outcome *before)
{
	const struct checklist *cl = session_checklist(s);
	size_t i;
	int head = 0;

	for (i = 0; i < cl->nitems; i++) {
		const struct item *it = cl->items[i];
		enum answer a = session_answer(s, it);
		enum item_outcome now;
		char *en, *ja, *safe;
		int wants;

		if (!session_item_visible(s, it) || a == ANSWER_NONE)
			continue;
		now = session_item_outcome(s, it);
		if (before != NULL && before[i] != now) {
			if (!head++)
				printf("%-10s the answers were judged again once the checks ran:\n",
				    "rejudged:");
			printf("  %-6s %s -> %s (answered %s before the checks ran)\n", it->id,
			    item_outcome_name(before[i]), item_outcome_name(now), answer_name(a));
		}
		if (session_answer_advice(s, it, &en, &ja, &wants)) {
			if (!head++)
				printf("%-10s the answers were judged again once the checks ran:\n",
				    "rejudged:");
			safe = text_sanitize(en);
			printf("  %-6s %s\n", "", safe);
			free(safe);
			free(en);
			free(ja);
		}
	}
}

int
cmd_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "answers", required_argument, NULL, 'a' },
		{ "out", required_argument, NULL, 'o' },
		{ "key", required_argument, NULL, 'k' },
		{ "config", required_argument, NULL, 'c' },
		{ "checklist", required_argument, NULL, 'f' },
		{ "root", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *answers_path = NULL, *outdir = NULL, *keyopt = NULL, *config = NULL;
	const char *file = NULL, *root = "/", *keypath;
	struct config *cfg = NULL;
	struct checklist *cl = NULL;
	struct ydoc *doc = NULL;
	struct answers A;
	struct diags d = DIAGS_INIT;
	struct session *s = NULL;
	struct target *target = NULL;
	struct runner_opts ro;
	struct sshkey *key;
	struct report_paths rp;
	struct verdict v;
	char err[2048], *state = NULL, *safe;
	enum item_outcome *before = NULL;
	int ch, rc = EXIT_USAGE, tty;
	size_t i;

	memset(&A, 0, sizeof A);
	memset(&rp, 0, sizeof rp);
	while ((ch = getopt_long(argc, argv, "a:o:k:c:f:r:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'a': answers_path = optarg; break;
		case 'o': outdir = optarg; break;
		case 'k': keyopt = optarg; break;
		case 'c': config = optarg; break;
		case 'f': file = optarg; break;
		case 'r': root = optarg; break;
		case 'h': usage(stdout); return EXIT_GOOD;
		case 'V': return cli_version();
		default: return cli_usage_error("run ", "bad option");
		}
	}
	if (optind != argc)
		return cli_usage_error("run ", "unexpected argument");
	if (answers_path == NULL)
		return cli_usage_error("run ", "--answers FILE is required");
	if ((cfg = cli_load_config(config)) == NULL)
		return EXIT_USAGE;
	if ((cl = cli_load_checklist(file)) == NULL)
		goto out;
	if (answers_load(answers_path, cl, cfg, &A, &doc, &d) < 0) {
		diags_print(&d, stderr);
		goto out;
	}
	/* the key is checked before any work is done */
	keypath = keyopt != NULL ? keyopt : cfg->signing_key;
	if (keypath == NULL) {
		cli_warnx("no signing key: use --key KEY or signing_key in the configuration "
		          "(reentry keygen makes one)");
		goto out;
	}
	if ((key = sshkey_load_private(keypath, err, sizeof err)) == NULL) {
		safe = text_sanitize(err);
		cli_warnx("%s", safe);
		free(safe);
		goto out;
	}
	sshkey_free(key);

	if ((target = cli_open_target(root)) == NULL)
		goto out;
	state = config_state_dir(cfg, 0);
	cli_fleet_retry(cfg, state); /* reports a database could not take before */
	if ((s = session_create(cl, cfg, target, state, A.operator_name, A.role, err, sizeof err)) == NULL)
		goto fail;
	memset(&ro, 0, sizeof ro);
	ro.target = target;
	ro.cfg = cfg;
	if (A.record != NULL) {
		char *en, *ja;

		/* no serial given: the inventory reads DMI first, and a usable serial fills it */
		if (devrec_get(A.record, "serial")[0] == '\0' || devrec_get(A.record, "model")[0] == '\0') {
			struct json *found = session_probe_device(s, &ro, err, sizeof err);

			if (found == NULL)
				goto fail;
			devrec_suggest(found, A.record);
			json_free(found);
		}
		if (devrec_validate(cfg, A.record, &en, &ja) < 0) {
			diag_add(&d, answers_path, A.record_line, A.record_col, "device: %s", en);
			free(en);
			free(ja);
			diags_print(&d, stderr);
			cli_warnx("the session is kept in %s", session_path(s));
			goto out;
		}
		if (session_set_device_record(s, A.record, err, sizeof err) < 0)
			goto fail;
	}
	for (i = 0; i < A.nans; i++)
		if (session_set_answer(s, A.ans[i].it, A.ans[i].a, A.ans[i].note, err, sizeof err) < 0)
			goto fail;
	for (i = 0; i < A.nwaivers; i++)
		if (session_set_waiver(s, A.waivers[i].it, &A.waivers[i].w, err, sizeof err) < 0)
			goto fail;
	/* the answers were given before the checks ran: keep their outcomes to show what changes */
	before = session_outcomes(s);
	tty = cli_isatty(stderr);
	cli_interrupt_catch();
	if (session_run_checks(s, &ro, 0, progress, tty ? &tty : NULL, err, sizeof err) < 0)
		goto fail;
	if (tty)
		fprintf(stderr, "\r\033[K");
	if (cli_interrupted()) {
		/* the check that was stopped is stored as unknown, never clean; no report */
		xsnprintf(err, sizeof err, "interrupted: the checks were stopped; no report written");
		goto fail;
	}
	session_verdict(s, &v);
	if (report_finish(s, outdir, keypath, &rp, err, sizeof err) < 0) {
		if (rp.json != NULL)
			line("report:", rp.json);
		goto fail;
	}
	line("report:", rp.json);
	line("signature:", rp.sig);
	line("signer:", rp.fingerprint);
	line("html:", rp.html);
	line("text:", rp.txt);
	if (session_device_record(s) != NULL) {
		char *dev = devrec_line(session_device_record(s));

		line("device:", dev); /* sanitised by line() */
		free(dev);
	}
	(void)cli_fleet_publish(cfg, rp.json); /* publishing on write; the file stays the record */
	printf("%-10s %s (%zu items: %zu automatic, %zu answered, %zu waived, %zu failed, "
	       "%zu n/a, %zu undetermined)\n",
	    "verdict:", verdict_name(v.kind), v.total, v.automatic, v.answered, v.waived, v.failed,
	    v.not_applicable, v.undetermined);
	if (v.attention > 0)
		printf("%-10s %zu item(s) with a warning nobody in IT accepted: not a pass\n", "",
		    v.attention);
	if (v.stood_in > 0)
		printf("%-10s %zu item(s) confirmed by IT with a note over a check that warned or "
		       "could not decide\n",
		    "", v.stood_in);
	for (i = 0; i < cl->nitems; i++) {
		const struct item *it = cl->items[i];
		enum item_outcome o;

		if (!session_item_visible(s, it))
			continue;
		o = session_item_outcome(s, it);
		if (o == OUTCOME_FAILED || o == OUTCOME_OPEN || o == OUTCOME_UNDETERMINED ||
		    o == OUTCOME_ATTENTION) {
			char *t = text_sanitize(ltext_get(&it->title, LANG_EN));

			printf("  %-6s %-12s %s\n", it->id, item_outcome_name(o), t);
			free(t);
		}
	}
	print_rejudged(s, before);
	if (fflush(stdout) != 0)
		goto out;
	rc = v.kind == VERDICT_PASS ? EXIT_GOOD :
	    v.kind == VERDICT_FAIL  ? EXIT_FAILED :
	                              EXIT_INCOMPLETE;
	goto out;
fail:
	safe = text_sanitize(err);
	cli_warnx("%s", safe);
	free(safe);
	if (s != NULL)
		cli_warnx("the session is kept in %s", session_path(s));
out:
	report_paths_free(&rp);
	free(before);
	session_free(s);
	target_free(target);
	free(state);
	answers_free(&A);
	ydoc_free(doc);
	diags_clear(&d);
	checklist_free(cl);
	config_free(cfg);
	return rc;
}
