/*
 * audit.c: verifying a whole report directory: every report's signature and
 * schema, and the hash chain that links them, so that a deleted, reordered,
 * replaced or altered report is named; plus the per-device summary.
 */
#include "report.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/fileio.h"
#include "../util/xalloc.h"
#include "auditcache.h"

static void problem(struct audit *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void
problem(struct audit *a, const char *fmt, ...)
{
	va_list ap;

	a->problems = xreallocarray(a->problems, a->nproblems + 1, sizeof *a->problems);
	va_start(ap, fmt);
	a->problems[a->nproblems++] = xvasprintf(fmt, ap);
	va_end(ap);
}

void
report_audit_clear(struct audit *a)
{
	size_t i;

	if (a == NULL)
		return;
	for (i = 0; i < a->nreports; i++) {
		free(a->reports[i].name);
		report_verification_clear(&a->reports[i].verification);
	}
	free(a->reports);
	for (i = 0; i < a->nproblems; i++)
		free(a->problems[i]);
	free(a->problems);
	for (i = 0; i < a->nrows; i++) {
		free(a->rows[i].device);
		free(a->rows[i].operator_name);
		free(a->rows[i].last_check);
		free(a->rows[i].verdict);
		free(a->rows[i].report);
		json_free(a->rows[i].record);
	}
	free(a->rows);
	free(a->cache_error);
	memset(a, 0, sizeof *a);
}

static int
cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Reports by sequence (then name). */
static int
cmp_seq(const void *x, const void *y)
{
	const struct audit_report *a = *(const struct audit_report *const *)x;
	const struct audit_report *b = *(const struct audit_report *const *)y;

	if (a->sequence != b->sequence)
		return a->sequence < b->sequence ? -1 : 1;
	return strcmp(a->name, b->name);
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && strcmp(s + n - m, suffix) == 0;
}

/* The names in dir (not hidden), sorted; caller frees each and the array. */
static char **
list_dir(const char *dir, size_t *n, char *err, size_t errlen)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **v = NULL;
	size_t cnt = 0;

	*n = 0;
	if (d == NULL) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return NULL;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		v = xreallocarray(v, cnt + 1, sizeof *v);
		v[cnt++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (cnt > 1)
		qsort(v, cnt, sizeof *v, cmp_str);
	*n = cnt;
	if (v == NULL)
		v = xcalloc(1, sizeof *v);
	return v;
}

/* Whether name is in the sorted list. */
static int
has_name(char **names, size_t n, const char *name)
{
	return bsearch(&name, names, n, sizeof *names, cmp_str) != NULL;
}

/* Checks the links between consecutive reports of the directory's chain. */
static void
check_chain(struct audit *a)
{
	struct audit_report **seq = xcalloc(a->nreports + 1, sizeof *seq);
	size_t n = 0, i;

	for (i = 0; i < a->nreports; i++)
		if (a->reports[i].sequence > 0)
			seq[n++] = &a->reports[i];
	if (n > 1)
		qsort(seq, n, sizeof *seq, cmp_seq);
	if (n > 0 && seq[0]->sequence > 1)
		problem(a, "%s: has sequence %lld, so report%s 1..%lld before it %s missing (deleted?)",
		    seq[0]->name, (long long)seq[0]->sequence, seq[0]->sequence > 2 ? "s" : "",
		    (long long)seq[0]->sequence - 1, seq[0]->sequence > 2 ? "are" : "is");
	for (i = 0; i < n; i++) {
		struct audit_report *cur = seq[i], *prev = i > 0 ? seq[i - 1] : NULL;
		const struct json *p = json_get(json_get(cur->verification.report, "chain"), "previous");
		const char *want, *pname;

		if (prev == NULL)
			continue;
		if (prev->sequence == cur->sequence) {
			problem(a,
			    "%s and %s both have sequence %lld: one of them replaced or copied "
			    "another report",
			    prev->name, cur->name, (long long)cur->sequence);
			continue;
		}
		if (cur->sequence > prev->sequence + 1) {
			problem(a,
			    "report%s with sequence %lld..%lld between %s and %s %s missing "
			    "(deleted?)",
			    cur->sequence - prev->sequence > 2 ? "s" : "",
			    (long long)prev->sequence + 1, (long long)cur->sequence - 1, prev->name,
			    cur->name, cur->sequence - prev->sequence > 2 ? "are" : "is");
			/* cur's own link names what was there */
			if ((pname = json_get_str(json_get(p, "report"))) != NULL)
				problem(a, "%s: its previous report %s is missing (deleted?)",
				    cur->name, pname);
			continue;
		}
		if (!json_is(p, JSON_OBJECT))
			continue; /* the schema already requires it; reported as bad */
		pname = json_get_str(json_get(p, "report"));
		want = json_get_str(json_get(p, "sha256"));
		if (want != NULL && strcmp(want, prev->verification.sha256) != 0)
			problem(a,
			    "%s: was replaced or altered after %s was written (%s recorded its "
			    "SHA-256 as %.16s..., the file has %.16s...)",
			    prev->name, cur->name, cur->name, want, prev->verification.sha256);
		want = json_get_str(json_get(p, "signature_sha256"));
		if (want != NULL && prev->verification.sig_sha256[0] != '\0' &&
		    strcmp(want, prev->verification.sig_sha256) != 0)
			problem(a, "%s.sig: the signature was replaced after %s was written",
			    prev->name, cur->name);
		if (pname != NULL && strcmp(pname, prev->name) != 0)
			problem(a,
			    "%s: %s records its previous report as %s, not this file (renamed, "
			    "swapped or reordered?)",
			    prev->name, cur->name, pname);
	}
	/*
	 * Order is the chain's, never the file names': two desks in the same
	 * second or a skewed clock name files out of order without anything
	 * being wrong. What the links cannot show is a change of key.
	 */
	for (i = 1; i < n; i++) {
		const char *fa = seq[i - 1]->verification.fingerprint,
		           *fb = seq[i]->verification.fingerprint;

		if (fa != NULL && fb != NULL && strcmp(fa, fb) != 0)
			problem(a,
			    "%s: signed by %s, but %s before it by %s: the signer changed within "
			    "the chain",
			    seq[i]->name, fb, seq[i - 1]->name, fa);
	}
	free(seq);
}

/* FNV-1a of the device and the operator, for the summary's row index. */
static size_t
row_hash(const char *dev, const char *op)
{
	uint64_t h = 1469598103934665603ull;
	const unsigned char *p;

	for (p = (const unsigned char *)dev; *p != '\0'; p++)
		h = (h ^ *p) * 1099511628211ull;
	h = (h ^ 0xFF) * 1099511628211ull; /* a byte no UTF-8 text has, between the two */
	for (p = (const unsigned char *)op; *p != '\0'; p++)
		h = (h ^ *p) * 1099511628211ull;
	return (size_t)h;
}

/*
 * Builds the summary: the latest good report per device and operator; a
 * kiosk visit (the device is a medium) and a report with verdict fail each
 * get a row of their own, so a failure is never hidden behind a later check.
 * The folded rows are found through a hash table of row numbers (open
 * addressing, at most half full), not by a search of every row.
 */
static void
summarise(struct audit *a)
{
	size_t i, k, cap = 64, used = 0, *slot = xcalloc(cap, sizeof *slot); /* row + 1; 0 empty */

	for (i = 0; i < a->nreports; i++) {
		const struct audit_report *r = &a->reports[i];
		const struct json *doc = r->verification.report, *items;
		const char *dev, *op, *ended, *verdict;
		struct audit_row *row = NULL;
		size_t fails = 0;
		int single;

		if (r->verification.status != REPORT_GOOD || doc == NULL || !r->selected)
			continue;
		dev = report_device_name(doc);
		op = json_get_str(json_get(doc, "operator"));
		ended = json_get_str(json_get(doc, "ended"));
		verdict = json_get_str(json_get(json_get(doc, "verdict"), "result"));
		single = report_device_is_medium(doc) ||
		    (verdict != NULL && strcmp(verdict, "fail") == 0);
		if (!single) {
			size_t h = row_hash(dev, op) & (cap - 1);

			for (; slot[h] != 0; h = (h + 1) & (cap - 1)) {
				struct audit_row *c = &a->rows[slot[h] - 1];

				if (strcmp(c->device, dev) == 0 && strcmp(c->operator_name, op) == 0) {
					row = c;
					break;
				}
			}
		}
		if (row != NULL && strcmp(row->last_check, ended) > 0)
			continue;
		if (row == NULL) {
			a->rows = xreallocarray(a->rows, a->nrows + 1, sizeof *a->rows);
			row = &a->rows[a->nrows++];
			memset(row, 0, sizeof *row);
			row->device = xstrdup(dev);
			row->operator_name = xstrdup(op);
			row->single = single;
			if (!single) {
				size_t h;

				if (2 * (used + 1) > cap) {
					size_t j, ncap = cap * 2, *n = xcalloc(ncap, sizeof *n);

					for (j = 0; j < cap; j++)
						if (slot[j] != 0) {
							struct audit_row *c = &a->rows[slot[j] - 1];

							h = row_hash(c->device, c->operator_name) &
							    (ncap - 1);
							while (n[h] != 0)
								h = (h + 1) & (ncap - 1);
							n[h] = slot[j];
						}
					free(slot);
					slot = n;
					cap = ncap;
				}
				h = row_hash(dev, op) & (cap - 1);
				while (slot[h] != 0)
					h = (h + 1) & (cap - 1);
				slot[h] = a->nrows;
				used++;
			}
		}
		free(row->last_check);
		free(row->verdict);
		free(row->report);
		row->last_check = xstrdup(ended);
		row->verdict = xstrdup(verdict != NULL ? verdict : "");
		row->report = xstrdup(r->name);
		json_free(row->record);
		row->record = json_is(json_get(doc, "device_record"), JSON_OBJECT) ?
		    json_copy(json_get(doc, "device_record")) :
		    NULL;
		items = json_get(doc, "items");
		for (k = 0; k < json_len(items); k++) {
			const char *o = json_get_str(json_get(json_at(items, k), "outcome"));

			if (o != NULL && strcmp(o, "failed") == 0)
				fails++;
		}
		row->open_failures = fails;
		report_attention_counts(doc, &row->attention, &row->stood_in);
	}
	free(slot);
}

int
report_audit_time_ok(const char *s)
{
	static const char date[] = "dddd-dd-dd", full[] = "dddd-dd-ddTdd:dd:ddZ";
	size_t n = strlen(s), i;
	const char *pat = n == sizeof date - 1 ? date : n == sizeof full - 1 ? full : NULL;

	if (pat == NULL)
		return 0;
	for (i = 0; i < n; i++)
		if (pat[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != pat[i])
			return 0;
	return 1;
}

/* Whether o (the device record, any depth) has a serial, host name or machine id equal to want. */
static int
device_has(const struct json *o, const char *want, int depth)
{
	size_t i;

	if (depth > 8)
		return 0;
	for (i = 0; i < json_len(o); i++) {
		const struct json *v = json_at(o, i);
		const char *k = json_is(o, JSON_OBJECT) ? json_key_at(o, i) : NULL;

		if (k != NULL && json_is(v, JSON_STRING) &&
		    (strcmp(k, "serial") == 0 || strcmp(k, "hostname") == 0 ||
		        strcmp(k, "machine_id") == 0) &&
		    strcmp(json_get_str(v), want) == 0)
			return 1;
		if ((json_is(v, JSON_OBJECT) || json_is(v, JSON_ARRAY)) && device_has(v, want, depth + 1))
			return 1;
	}
	return 0;
}

int
report_audit_match(const struct json *r, const struct audit_filter *f)
{
	const char *ended = json_get_str(json_get(r, "ended"));
	const char *verdict = json_get_str(json_get(json_get(r, "verdict"), "result"));

	if (f == NULL)
		return 1;
	if (ended == NULL)
		return 0;
	if (f->since != NULL && strcmp(ended, f->since) < 0)
		return 0;
	/* a date runs through its last second: compare only as much as was given */
	if (f->until != NULL && strncmp(ended, f->until, strlen(f->until)) > 0)
		return 0;
	if (f->verdict != NULL && (verdict == NULL || strcmp(verdict, f->verdict) != 0))
		return 0;
	if (f->device != NULL && strcmp(report_device_name(r), f->device) != 0 &&
	    !device_has(json_get(r, "device"), f->device, 0))
		return 0;
	return 1;
}

/* Moves src's member key into dst, when it has one. */
static void
move(struct json *dst, struct json *src, const char *key)
{
	struct json *v = json_obj_take(src, key);

	if (v != NULL)
		json_obj_set(dst, key, v);
}

/*
 * What the audit keeps of a verified report: everything the chain, the
 * summary and the CSV read, without the items' texts and the checks'
 * evidence, so 10,000 reports fit in memory. The members kept are moved
 * out of r, not copied; r is freed.
 */
static struct json *
slim(struct json *r)
{
	static const char *const item_keys[] = { "id", "kind", "roles", "shown", "answer", "note",
		"answered_at", "checks", "outcome", "basis", "check_status", "checks_ran", "waiver",
		NULL };
	static const char *const detail_keys[] = { "infected", "unscannable", "files_scanned", NULL };
	struct json *o = json_object(), *items = json_obj_take(r, "items"),
	            *checks = json_obj_take(r, "checks"), *a;
	const char *const *k;
	size_t i;

	while (json_len(r) > 0) {
		char *key = xstrdup(json_key_at(r, 0));

		json_obj_set(o, key, json_obj_take(r, key));
		free(key);
	}
	a = json_obj_set(o, "items", json_array());
	for (i = 0; i < json_len(items); i++) {
		struct json *it = json_at(items, i), *e = json_arr_push(a, json_object());

		for (k = item_keys; *k != NULL; k++)
			move(e, it, *k);
	}
	a = json_obj_set(o, "checks", json_array());
	for (i = 0; i < json_len(checks); i++) {
		struct json *c = json_at(checks, i), *e = json_arr_push(a, json_object()), *d;

		move(e, c, "id");
		move(e, c, "status");
		d = json_obj_set(e, "details", json_object());
		for (k = detail_keys; *k != NULL; k++)
			move(d, json_get(c, "details"), *k);
	}
	json_free(items);
	json_free(checks);
	json_free(r);
	return o;
}

/* Reports verified in parallel: each worker takes the next index. */
struct verify_work {
	const char *dir;
	const struct report_signers *signers;
	struct auditcache *cache;
	struct audit_report *reps;
	char **keys; /* per report: its signer's key line when its bytes verified, else NULL */
	size_t n;
	atomic_size_t next, from_cache;
};

/*
 * Verifies one report as report_verify_file() does, taking what depends on
 * its bytes alone from the cache when the cache has it for these bytes.
 */
static void
verify_one(struct verify_work *w, size_t i)
{
	struct audit_report *r = &w->reps[i];
	struct report_verification *v = &r->verification;
	char *path = xasprintf("%s/%s", w->dir, r->name), *sigpath = xasprintf("%s.sig", path);
	char *data = NULL, *sig = NULL, err[1024], sigerr[1024], sha[65], sigsha[65];
	size_t len, siglen = 0;
	struct sshkey *signer = NULL;
	struct json *doc;

	memset(v, 0, sizeof *v);
	if (file_read_all(path, REPORT_MAX_BYTES, &data, &len, err, sizeof err) < 0) {
		v->status = REPORT_UNREADABLE;
		v->error = xstrdup(err);
		goto out;
	}
	if (file_read_all(sigpath, REPORT_SIG_MAX_BYTES, &sig, &siglen, sigerr, sizeof sigerr) < 0)
		sig = NULL;
	if (w->cache != NULL && sig != NULL) {
		sha256_hex(data, len, sha);
		sha256_hex(sig, siglen, sigsha);
		if (auditcache_take(w->cache, sha, sigsha, &doc, &signer) == 0) {
			memcpy(v->sha256, sha, sizeof sha);
			memcpy(v->sig_sha256, sigsha, sizeof sigsha);
			v->status = REPORT_BAD;
			v->report = doc;
			v->fingerprint = sshkey_fingerprint(signer);
			w->keys[i] = sshkey_public_line(signer);
			atomic_fetch_add(&w->from_cache, 1);
			report_verify_trust(path, w->signers, NULL, signer, v);
			goto out;
		}
	}
	if (report_verify_bytes(path, data, len, sig, siglen, sigerr, v, &signer) == 0) {
		w->keys[i] = sshkey_public_line(signer);
		report_verify_trust(path, w->signers, NULL, signer, v);
	}
	if (v->report != NULL)
		v->report = slim(v->report);
out:
	sshkey_free(signer);
	free(data);
	free(sig);
	free(sigpath);
	free(path);
}

static void *
verify_worker(void *arg)
{
	struct verify_work *w = arg;
	size_t i;

	while ((i = atomic_fetch_add(&w->next, 1)) < w->n)
		verify_one(w, i);
	return NULL;
}

/*
 * Verifies reps[0..n) (names set) on up to one thread per core: each
 * report is independent, and what is done with the results afterwards goes
 * in name order, so the output does not depend on the threads. The
 * allowed-signers file is read once, and keys are judged at one time.
 */
static size_t
verify_all(const char *dir, const char *allowed_signers, struct auditcache *cache,
    struct audit_report *reps, char **keys, size_t n)
{
	struct verify_work w;
	struct report_signers as = { allowed_signers, NULL, 0, time(NULL) };
	char *text = NULL, err[512];
	pthread_t th[8];
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	size_t nth = cores > 1 ? (size_t)cores : 1, started = 0, i;

	/* unreadable: each report reads it again and says why, as verify does */
	if (allowed_signers != NULL &&
	    allowed_signers_read(allowed_signers, &text, &as.len, err, sizeof err) == 0)
		as.text = text;
	if (nth > 8)
		nth = 8;
	if (nth > n / 16)
		nth = n / 16 > 0 ? n / 16 : 1;
	w.dir = dir;
	w.signers = &as;
	w.cache = cache;
	w.reps = reps;
	w.keys = keys;
	w.n = n;
	atomic_init(&w.next, 0);
	atomic_init(&w.from_cache, 0);
	for (i = 1; i < nth; i++)
		if (pthread_create(&th[started], NULL, verify_worker, &w) == 0)
			started++;
	verify_worker(&w);
	for (i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	free(text);
	return atomic_load(&w.from_cache);
}

/* Writes the cache again when it changed: the reports whose bytes verified, slim. */
static void
cache_save(const char *path, struct auditcache *c, const struct audit_report *reps, char **keys,
    size_t n, size_t from_cache, struct audit *out)
{
	struct auditcache_entry *e;
	size_t i, m = 0, verified = 0;
	char err[1024];

	for (i = 0; i < n; i++)
		verified += keys[i] != NULL && reps[i].verification.report != NULL;
	if (!auditcache_stale(c) && verified == from_cache)
		return;
	e = xcalloc(n + 1, sizeof *e);
	for (i = 0; i < n; i++) {
		if (keys[i] == NULL || reps[i].verification.report == NULL)
			continue;
		e[m].sha256 = reps[i].verification.sha256;
		e[m].sig_sha256 = reps[i].verification.sig_sha256;
		e[m].key = keys[i];
		e[m++].report = reps[i].verification.report;
	}
	if (auditcache_write(path, e, m, err, sizeof err) < 0)
		out->cache_error = xstrdup(err);
	free(e);
}

char *
report_audit_cache_path(const char *state_dir, const char *dir)
{
	return auditcache_path(state_dir, dir);
}

int
report_audit(const char *dir, const char *allowed_signers, struct audit *out, char *err, size_t errlen)
{
	return report_audit_filtered(dir, allowed_signers, NULL, out, err, errlen);
}

int
report_audit_filtered(const char *dir, const char *allowed_signers, const struct audit_filter *f,
    struct audit *out, char *err, size_t errlen)
{
	struct audit_opts o = { f, NULL };

	return report_audit_run(dir, allowed_signers, &o, out, err, errlen);
}

int
report_audit_run(const char *dir, const char *allowed_signers, const struct audit_opts *o,
    struct audit *out, char *err, size_t errlen)
{
	const struct audit_filter *f = o != NULL ? o->filter : NULL;
	struct auditcache *cache = NULL;
	char **names, **keys;
	size_t n, i;

	memset(out, 0, sizeof *out);
	if ((names = list_dir(dir, &n, err, errlen)) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		struct audit_report *r;

		if (!ends_with(names[i], ".json"))
			continue;
		out->reports = xreallocarray(out->reports, out->nreports + 1, sizeof *out->reports);
		r = &out->reports[out->nreports++];
		memset(r, 0, sizeof *r);
		r->name = xstrdup(names[i]);
		r->sequence = -1;
	}
	if (o != NULL && o->cache != NULL)
		cache = auditcache_load(o->cache);
	keys = xcalloc(out->nreports + 1, sizeof *keys);
	out->from_cache = verify_all(dir, allowed_signers, cache, out->reports, keys, out->nreports);
	for (i = 0; i < out->nreports; i++) {
		struct audit_report *r = &out->reports[i];
		const char *id;

		if (r->verification.status == REPORT_UNREADABLE && r->verification.signers_checked) {
			snprintf(err, errlen, "%s", r->verification.error);
			for (i = 0; i < out->nreports; i++)
				free(keys[i]);
			free(keys);
			auditcache_free(cache);
			for (i = 0; i < n; i++)
				free(names[i]);
			free(names);
			report_audit_clear(out);
			return -1;
		}
		if (r->verification.status != REPORT_GOOD) {
			const char *e = r->verification.error != NULL ? r->verification.error : "bad";
			const char *slash = strstr(e, r->name);

			/* messages start with the path; show them from the file name on */
			problem(out, "%s", slash != NULL ? slash : e);
		}
		if (r->verification.manifest == REPORT_MANIFEST_ABSENT)
			problem(out,
			    "%s: its manifest %s.manifest.jsonl is absent: the list of "
			    "every file scanned was not checked",
			    r->name, json_get_str(json_get(r->verification.report, "report_id")));
		r->selected = r->verification.status == REPORT_GOOD &&
		    r->verification.report != NULL && report_audit_match(r->verification.report, f);
		if (r->verification.report != NULL) {
			r->sequence = json_get_int(
			    json_get(json_get(r->verification.report, "chain"), "sequence"), -1);
			id = json_get_str(json_get(r->verification.report, "report_id"));
			if (id != NULL &&
			    (strlen(id) + 5 != strlen(r->name) || strncmp(id, r->name, strlen(id)) != 0))
				problem(out, "%s: holds report %s (renamed, swapped or replaced)",
				    r->name, id);
		}
	}
	/* leftovers of a deleted report */
	for (i = 0; i < n; i++) {
		static const char *const sfx[] = { ".json.sig", ".json.p7s", ".html", ".txt",
			".manifest.jsonl", NULL };
		const char *const *s;

		for (s = sfx; *s != NULL; s++) {
			if (ends_with(names[i], *s)) {
				size_t base = strlen(names[i]) - strlen(*s);
				char *json = xasprintf("%.*s.json", (int)base, names[i]);

				if (!has_name(names, n, json))
					problem(out, "%s: is missing (deleted?) but its %s remains",
					    json, names[i]);
				free(json);
			}
		}
	}
	if (cache != NULL)
		cache_save(o->cache, cache, out->reports, keys, out->nreports, out->from_cache, out);
	for (i = 0; i < out->nreports; i++)
		free(keys[i]);
	free(keys);
	auditcache_free(cache);
	check_chain(out);
	summarise(out);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return 0;
}
