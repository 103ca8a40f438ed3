/*
 * scanreport.c: the scan's results as a report, whatever walked them.
 *
 * The walk (walk.c) collects one struct scan_rec per entry, in whatever
 * order its threads finish. scan_report_build() sorts them by root and path,
 * so a report does not depend on the number of jobs, and sorts them into the
 * lists of struct scan_report: infected, unscannable, skipped, and per root
 * the manifest. The rest of the file frees, judges and serialises a report.
 * Nothing here touches the filesystem.
 */
#include "scan_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/text.h"
#include "../util/xalloc.h"

char *
scan_full_path(const char *root, const char *rel)
{
	size_t len = strlen(root);

	if (rel[0] == '\0')
		return xstrdup(root);
	if (len > 0 && root[len - 1] == '/')
		return xasprintf("%s%s", root, rel);
	return xasprintf("%s/%s", root, rel);
}

static int
rec_cmp(const void *a, const void *b)
{
	const struct scan_rec *x = a, *y = b;

	if (x->root != y->root)
		return x->root < y->root ? -1 : 1;
	return strcmp(x->rel, y->rel);
}

void
scan_report_build(struct scan_report *rep, struct scan_results *res)
{
	size_t i, m;

	if (res->nrecs > 1)
		qsort(res->recs, res->nrecs, sizeof *res->recs, rec_cmp);
	rep->media = xcalloc(res->nroots ? res->nroots : 1, sizeof *rep->media);
	for (i = 0; i < res->nroots; i++) {
		if (res->identity[i] == NULL)
			continue;
		m = rep->nmedia++;
		rep->media[m].path = xstrdup(res->roots[i].path);
		rep->media[m].identity = res->identity[i];
		res->identity[i] = NULL;
	}
	for (i = 0; i < res->nrecs; i++) {
		struct scan_rec *r = &res->recs[i];
		struct scan_medium *med = NULL;
		char *full = scan_full_path(res->roots[r->root].path, r->rel);

		for (m = 0; m < rep->nmedia; m++)
			if (strcmp(rep->media[m].path, res->roots[r->root].path) == 0)
				med = &rep->media[m];
		if (r->kind == SCAN_REC_SKIP) {
			rep->skipped = xreallocarray(rep->skipped, rep->nskipped + 1,
			    sizeof *rep->skipped);
			rep->skipped[rep->nskipped].path = full;
			rep->skipped[rep->nskipped].type = r->type;
			rep->skipped[rep->nskipped++].detail = r->what;
			free(r->rel);
			continue;
		}
		if (r->kind == SCAN_REC_BADDIR || r->out == SCAN_OUT_UNSCANNABLE) {
			rep->unscannable = xreallocarray(rep->unscannable, rep->nunscannable + 1,
			    sizeof *rep->unscannable);
			rep->unscannable[rep->nunscannable].path = xstrdup(full);
			memcpy(rep->unscannable[rep->nunscannable].sha256, r->sha256, sizeof r->sha256);
			rep->unscannable[rep->nunscannable++].what = xstrdup(r->what);
		} else if (r->out == SCAN_OUT_INFECTED) {
			rep->infected = xreallocarray(rep->infected, rep->ninfected + 1,
			    sizeof *rep->infected);
			rep->infected[rep->ninfected].path = xstrdup(full);
			memcpy(rep->infected[rep->ninfected].sha256, r->sha256, sizeof r->sha256);
			rep->infected[rep->ninfected++].what = xstrdup(r->what);
		}
		if (r->kind == SCAN_REC_FILE && !res->streamed) {
			rep->files_scanned++;
			if (r->nohash == NULL)
				rep->bytes_scanned += r->size;
			if (med != NULL) {
				struct scan_file *f;

				med->files = xreallocarray(med->files, med->nfiles + 1,
				    sizeof *med->files);
				f = &med->files[med->nfiles++];
				if (r->rel[0] == '\0') {
					/* the root is the file: its name */
					const char *root = res->roots[r->root].path;
					const char *slash = strrchr(root, '/');

					f->path = xstrdup(
					    slash != NULL && slash[1] != '\0' ? slash + 1 : root);
				} else {
					f->path = r->rel;
					r->rel = NULL;
				}
				f->size = r->size;
				memcpy(f->sha256, r->sha256, sizeof f->sha256);
				f->nohash = r->nohash;
			}
		}
		free(r->rel);
		free(r->what);
		free(full);
	}
	free(res->recs);
	res->recs = NULL;
	res->nrecs = 0;
	if (res->streamed) {
		/* the manifest went to its file; the counts came with it */
		rep->files_scanned = res->files;
		rep->bytes_scanned = res->bytes;
		for (i = 0; i < res->nroots; i++)
			for (m = 0; m < rep->nmedia; m++)
				if (strcmp(rep->media[m].path, res->roots[i].path) == 0)
					rep->media[m].nfiles += (size_t)res->root_files[i];
	}
	for (i = 0; res->root_scanned != NULL && i < res->nroots; i++)
		for (m = 0; m < rep->nmedia; m++)
			if (strcmp(rep->media[m].path, res->roots[i].path) == 0) {
				rep->media[m].scanned += res->root_scanned[i];
				rep->media[m].complete = res->root_complete[i];
			}
	if (res->nroots == 0) {
		res->errors = xreallocarray(res->errors, res->nerrors + 1, sizeof *res->errors);
		res->errors[res->nerrors++] = xstrdup("nothing to scan: no path was given");
	}
	rep->errors = res->errors;
	rep->nerrors = res->nerrors;
	res->errors = NULL;
	res->nerrors = 0;
}

static void
hits_free(struct scan_hit *h, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(h[i].path);
		free(h[i].what);
	}
	free(h);
}

void
scan_report_free(struct scan_report *r)
{
	size_t i, j;

	if (r == NULL)
		return;
	hits_free(r->infected, r->ninfected);
	hits_free(r->unscannable, r->nunscannable);
	for (i = 0; i < r->nskipped; i++) {
		free(r->skipped[i].path);
		free(r->skipped[i].detail);
	}
	free(r->skipped);
	for (i = 0; i < r->nmedia; i++) {
		for (j = 0; r->media[i].files != NULL && j < r->media[i].nfiles; j++)
			free(r->media[i].files[j].path);
		free(r->media[i].files);
		free(r->media[i].path);
		json_free(r->media[i].identity);
	}
	free(r->media);
	for (i = 0; i < r->nerrors; i++)
		free(r->errors[i]);
	free(r->errors);
	free(r->manifest);
	free(r);
}

enum scan_verdict
scan_report_verdict(const struct scan_report *r)
{
	if (r->ninfected > 0)
		return SCAN_INFECTED;
	if (r->nerrors > 0 || r->cancelled)
		return SCAN_ERROR;
	if (r->nunscannable > 0)
		return SCAN_UNSCANNABLE;
	return SCAN_CLEAN;
}

void
scan_json_set_path(struct json *o, const char *key, const char *s)
{
	size_t len = strlen(s), i;

	json_obj_set(o, key, json_str_n(s, len));
	if (!utf8_valid(s, len)) {
		char *hex = xmalloc(2 * len + 1), *k = xasprintf("%s_hex", key);

		for (i = 0; i < len; i++)
			snprintf(hex + 2 * i, 3, "%02x", (unsigned char)s[i]);
		json_obj_set(o, k, json_str(hex));
		free(hex);
		free(k);
	}
}

struct json *
scan_report_json(const struct scan_report *r, const struct scan_engine *e, int manifest)
{
	struct json *o = json_object(), *a;
	size_t i, j;
	char *ja;
	static const char *const verdicts[] = { "clean", "infected", "unscannable", "error" };

	if (e != NULL)
		json_obj_set(o, "engine", scan_engine_json(e));
	json_obj_set(o, "verdict", json_str(verdicts[scan_report_verdict(r)]));
	json_obj_set(o, "files_scanned", json_int((int64_t)r->files_scanned));
	json_obj_set(o, "bytes_scanned", json_int((int64_t)r->bytes_scanned));
	json_obj_set(o, "jobs", json_int(r->jobs));
	json_obj_set(o, "duration_ms", json_int((int64_t)(r->seconds * 1000)));
	json_obj_set(o, "cancelled", json_bool(r->cancelled));
	a = json_obj_set(o, "infected", json_array());
	for (i = 0; i < r->ninfected; i++) {
		struct json *h = json_arr_push(a, json_object());

		scan_json_set_path(h, "path", r->infected[i].path);
		json_obj_set(h, "signature", json_str(r->infected[i].what));
		if (r->infected[i].sha256[0] != '\0')
			json_obj_set(h, "sha256", json_str(r->infected[i].sha256));
	}
	a = json_obj_set(o, "unscannable", json_array());
	for (i = 0; i < r->nunscannable; i++) {
		struct json *h = json_arr_push(a, json_object());

		scan_json_set_path(h, "path", r->unscannable[i].path);
		json_obj_set(h, "reason", json_str(r->unscannable[i].what));
		ja = scan_reason_ja(r->unscannable[i].what);
		json_obj_set(h, "reason_ja", json_str(ja));
		free(ja);
		if (r->unscannable[i].sha256[0] != '\0')
			json_obj_set(h, "sha256", json_str(r->unscannable[i].sha256));
	}
	a = json_obj_set(o, "skipped", json_array());
	for (i = 0; i < r->nskipped; i++) {
		struct json *h = json_arr_push(a, json_object());

		scan_json_set_path(h, "path", r->skipped[i].path);
		json_obj_set(h, "type", json_str(r->skipped[i].type));
		json_obj_set(h, "detail", json_str(r->skipped[i].detail));
	}
	a = json_obj_set(o, "errors", json_array());
	for (i = 0; i < r->nerrors; i++)
		json_arr_push(a, json_str(r->errors[i]));
	if (r->manifest != NULL) {
		const char *base = strrchr(r->manifest, '/');
		struct json *mf = json_obj_set(o, "manifest", json_object());

		json_obj_set(mf, "file", json_str(base != NULL ? base + 1 : r->manifest));
		json_obj_set(mf, "sha256", json_str(r->manifest_sha256));
		json_obj_set(mf, "files", json_int((int64_t)r->manifest_files));
		json_obj_set(mf, "bytes", json_int((int64_t)r->manifest_bytes));
	}
	a = json_obj_set(o, "media", json_array());
	for (i = 0; i < r->nmedia; i++) {
		const struct scan_medium *m = &r->media[i];
		struct json *mo = json_arr_push(a, json_object()), *man;

		scan_json_set_path(mo, "path", m->path);
		json_obj_set(mo, "identity", json_copy(m->identity));
		json_obj_set(mo, "files", json_int((int64_t)m->nfiles));
		if (!manifest || r->manifest != NULL)
			continue;
		man = json_obj_set(mo, "manifest", json_array());
		for (j = 0; j < m->nfiles; j++) {
			struct json *f = json_arr_push(man, json_object());

			scan_json_set_path(f, "path", m->files[j].path);
			json_obj_set(f, "size", json_int((int64_t)m->files[j].size));
			json_obj_set(f, "sha256",
			    m->files[j].sha256[0] ? json_str(m->files[j].sha256) : json_null());
			if (m->files[j].nohash != NULL)
				json_obj_set(f, "not_hashed", json_str(m->files[j].nohash));
		}
	}
	return o;
}
