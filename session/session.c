/*
 * session.c: sessions and their state files.
 *
 * The whole session lives in one JSON document (docs/sessions.md) that is
 * rewritten atomically after every change, so the file on disk is always a
 * complete, earlier-or-current state. Loading validates the document fully:
 * anything unexpected makes the file corrupt, and the caller is told which
 * file and why.
 */
#include "session.h"

#include <dirent.h>
#include <fcntl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "../util/fileio.h"
#include "../util/strbuf.h"
#include "../util/xalloc.h"
#include "../util/timefmt.h"

#define SESSION_FORMAT "reentry-session"
#define SESSION_VERSION 1
#define SESSION_MAX_BYTES (64u << 20)
#define SESSION_PREFIX "session-"
#define SESSION_SUFFIX ".json"
/* Finished sessions move here, so listing the open ones never reads them (docs/sessions.md). */
#define SESSION_FINISHED_DIR "finished"
/* Large results of each session's checks, one directory per session id. */
#define SESSION_SIDE_DIR "side"

struct item_rec {
	enum answer answer;
	char *note;            /* never NULL */
	time_t answered_at;    /* 0 when never answered */
	struct waiver *waiver; /* NULL when none */
};

struct result_rec {
	char *check_id;
	struct check_result res;
};

struct session {
	const struct checklist *cl;
	const struct config *cfg;
	char *path;
	char *id;
	char *operator_name;
	enum role role;
	time_t started;
	time_t updated;
	time_t finished;        /* 0 while open */
	char *report;           /* path of the report once finished */
	struct json *device;    /* NULL when unknown */
	struct json *record;    /* the device record (devrec.c); NULL until entered */
	struct json *target;    /* target_to_json() of the inspected system; NULL in old files */
	struct item_rec *items; /* indexed like cl->items */
	struct result_rec *results;
	size_t nresults;
	char *sidedir; /* session_sidedir(s, 1) for the checks run here */
};

/* ---- small helpers ---- */

static void
waiver_free(struct waiver *w)
{
	if (w == NULL)
		return;
	free(w->approved_by);
	free(w->reason);
	free(w->until);
	free(w->ticket);
	free(w);
}

static struct waiver *
waiver_copy(const struct waiver *w)
{
	struct waiver *c = xcalloc(1, sizeof *c);

	c->approved_by = xstrdup(w->approved_by);
	c->reason = xstrdup(w->reason);
	c->until = xstrdup(w->until);
	c->ticket = w->ticket != NULL && w->ticket[0] != '\0' ? xstrdup(w->ticket) : NULL;
	return c;
}

int
waiver_validate(const struct waiver *w, char *err, size_t errlen)
{
	time_t t;

	if (w->approved_by == NULL || w->approved_by[0] == '\0') {
		snprintf(err, errlen, "a waiver needs approved_by (who approved it)");
		return -1;
	}
	if (w->reason == NULL || w->reason[0] == '\0') {
		snprintf(err, errlen, "a waiver needs a reason");
		return -1;
	}
	if (w->until == NULL || time_parse_date(w->until, &t) < 0) {
		snprintf(err, errlen, "a waiver needs until: a date YYYY-MM-DD");
		return -1;
	}
	return 0;
}

int
waiver_active(const struct waiver *w, time_t now)
{
	time_t until;

	if (w == NULL || time_parse_date(w->until, &until) < 0)
		return 0;
	/* valid through the whole day named by until (UTC) */
	return now < until + 86400;
}

/* A random lowercase hex string of 2*n characters; caller frees. */
static char *
random_hex(size_t n)
{
	unsigned char b[16];
	char *s = xmalloc(2 * n + 1);
	size_t i;

	if (n > sizeof b || RAND_bytes(b, (int)n) != 1)
		fatal("no random bytes");
	for (i = 0; i < n; i++)
		snprintf(s + 2 * i, 3, "%02x", b[i]);
	return s;
}

/* ---- serialising ---- */

static size_t count_decided(const struct session *s, size_t *total);
static char *finished_move(const char *state, const char *path);

/* The state document of s; caller frees. */
static struct json *
session_to_json(const struct session *s)
{
	struct json *o = json_object(), *c, *a, *r, *w, *p;
	char t[32];
	size_t i, decided, total;

	json_obj_set(o, "format", json_str(SESSION_FORMAT));
	json_obj_set(o, "version", json_int(SESSION_VERSION));
	json_obj_set(o, "id", json_str(s->id));
	c = json_obj_set(o, "checklist", json_object());
	json_obj_set(c, "id", json_str(s->cl->id));
	json_obj_set(c, "version", json_str(s->cl->version));
	json_obj_set(c, "sha256", json_str(s->cl->sha256));
	json_obj_set(c, "file", json_str(s->cl->file));
	json_obj_set(o, "operator", json_str(s->operator_name));
	json_obj_set(o, "role", json_str(role_name(s->role)));
	time_iso_utc(s->started, t);
	json_obj_set(o, "started", json_str(t));
	time_iso_utc(s->updated, t);
	json_obj_set(o, "updated", json_str(t));
	if (s->finished != 0) {
		time_iso_utc(s->finished, t);
		json_obj_set(o, "finished", json_str(t));
		json_obj_set(o, "report", json_str(s->report));
	} else {
		json_obj_set(o, "finished", json_null());
		json_obj_set(o, "report", json_null());
	}
	json_obj_set(o, "device", s->device != NULL ? json_copy(s->device) : json_null());
	if (s->record != NULL)
		json_obj_set(o, "device_record", json_copy(s->record));
	if (s->target != NULL)
		json_obj_set(o, "target", json_copy(s->target));
	a = json_obj_set(o, "answers", json_object());
	w = json_obj_set(o, "waivers", json_object());
	for (i = 0; i < s->cl->nitems; i++) {
		const struct item_rec *ir = &s->items[i];

		if (ir->answer != ANSWER_NONE || ir->note[0] != '\0') {
			struct json *e = json_obj_set(a, s->cl->items[i]->id, json_object());

			json_obj_set(e, "answer",
			    ir->answer != ANSWER_NONE ? json_str(answer_name(ir->answer)) : json_null());
			json_obj_set(e, "note", json_str(ir->note));
			if (ir->answered_at != 0) {
				time_iso_utc(ir->answered_at, t);
				json_obj_set(e, "at", json_str(t));
			}
		}
		if (ir->waiver != NULL) {
			struct json *e = json_obj_set(w, s->cl->items[i]->id, json_object());

			json_obj_set(e, "approved_by", json_str(ir->waiver->approved_by));
			json_obj_set(e, "reason", json_str(ir->waiver->reason));
			json_obj_set(e, "until", json_str(ir->waiver->until));
			json_obj_set(e, "ticket", json_str(ir->waiver->ticket));
		}
	}
	r = json_obj_set(o, "results", json_array());
	for (i = 0; i < s->nresults; i++)
		json_arr_push(r, check_result_to_json(s->results[i].check_id, &s->results[i].res));
	/* so listing needs no checklist */
	p = json_obj_set(o, "progress", json_object());
	decided = count_decided(s, &total);
	json_obj_set(p, "decided", json_int((int64_t)decided));
	json_obj_set(p, "total", json_int((int64_t)total));
	{
		struct verdict v;

		session_verdict(s, &v);
		json_obj_set(p, "verdict", json_str(verdict_name(v.kind)));
	}
	return o;
}

/* Writes the state file. */
static int
session_save(struct session *s, char *err, size_t errlen)
{
	struct json *j;
	struct strbuf sb = STRBUF_INIT;
	int rc;

	s->updated = time(NULL);
	if (s->updated < s->started)
		s->updated = s->started;
	j = session_to_json(s);
	json_write(j, &sb, JSON_PRETTY);
	sb_addc(&sb, '\n');
	rc = file_write_atomic(s->path, sb.buf, sb.len, 0600, err, errlen);
	sb_free(&sb);
	json_free(j);
	return rc;
}

/* ---- loading ---- */

/* A required string member, or NULL with an error. */
static const char *
req_str(const struct json *o, const char *key, const char *what, char *err, size_t errlen)
{
	const char *v = json_get_str(json_get(o, key));

	if (v == NULL)
		snprintf(err, errlen, "%s: \"%s\" is missing or not a string", what, key);
	return v;
}

/* Fills s from the state document j; -1 with a reason when malformed. */
static int
session_from_json(struct session *s, const struct json *j, char *err, size_t errlen)
{
	const struct json *c, *a, *w, *r, *dev;
	const char *v, *sum;
	size_t i;

	if (!json_is(j, JSON_OBJECT)) {
		snprintf(err, errlen, "not a JSON object");
		return -1;
	}
	if ((v = req_str(j, "format", "session", err, errlen)) == NULL)
		return -1;
	if (strcmp(v, SESSION_FORMAT) != 0) {
		snprintf(err, errlen, "not a reentry session file");
		return -1;
	}
	if (!json_is(json_get(j, "version"), JSON_INT) ||
	    json_get_int(json_get(j, "version"), 0) != SESSION_VERSION) {
		snprintf(err, errlen, "unsupported session format version");
		return -1;
	}
	if ((v = req_str(j, "id", "session", err, errlen)) == NULL)
		return -1;
	s->id = xstrdup(v);
	c = json_get(j, "checklist");
	if ((sum = req_str(c, "sha256", "checklist", err, errlen)) == NULL)
		return -1;
	if (strcmp(sum, s->cl->sha256) != 0) {
		snprintf(err, errlen,
		    "written for a different checklist (SHA-256 %.12s..., this one is %.12s...)",
		    sum, s->cl->sha256);
		return -1;
	}
	if ((v = req_str(j, "operator", "session", err, errlen)) == NULL)
		return -1;
	s->operator_name = xstrdup(v);
	if ((v = req_str(j, "role", "session", err, errlen)) == NULL)
		return -1;
	if (role_parse(v, &s->role) < 0) {
		snprintf(err, errlen, "unknown role");
		return -1;
	}
	if (time_parse_iso(json_get_str(json_get(j, "started")), &s->started) < 0 ||
	    time_parse_iso(json_get_str(json_get(j, "updated")), &s->updated) < 0) {
		snprintf(err, errlen, "\"started\" or \"updated\" is not a UTC time");
		return -1;
	}
	if (json_is(json_get(j, "finished"), JSON_STRING)) {
		if (time_parse_iso(json_get_str(json_get(j, "finished")), &s->finished) < 0 ||
		    (v = json_get_str(json_get(j, "report"))) == NULL) {
			snprintf(err, errlen, "\"finished\" is not a UTC time or \"report\" is missing");
			return -1;
		}
		s->report = xstrdup(v);
	} else if (!json_is(json_get(j, "finished"), JSON_NULL)) {
		snprintf(err, errlen, "\"finished\" is missing");
		return -1;
	}
	dev = json_get(j, "device");
	if (json_is(dev, JSON_OBJECT))
		s->device = json_copy(dev);
	else if (!json_is(dev, JSON_NULL)) {
		snprintf(err, errlen, "\"device\" must be an object or null");
		return -1;
	}
	dev = json_get(j, "device_record");
	if (json_is(dev, JSON_OBJECT))
		s->record = json_copy(dev);
	else if (dev != NULL) {
		snprintf(err, errlen, "\"device_record\" must be an object");
		return -1;
	}
	dev = json_get(j, "target");
	if (json_is(dev, JSON_OBJECT) && json_get_str(json_get(dev, "root")) != NULL)
		s->target = json_copy(dev);
	else if (dev != NULL) {
		snprintf(err, errlen, "\"target\" must be an object naming its root");
		return -1;
	}
	a = json_get(j, "answers");
	if (!json_is(a, JSON_OBJECT)) {
		snprintf(err, errlen, "\"answers\" must be an object");
		return -1;
	}
	for (i = 0; i < json_len(a); i++) {
		const struct item *it = checklist_find(s->cl, json_key_at(a, i));
		const struct json *e = json_at(a, i), *av = json_get(e, "answer");
		const char *note = json_get_str(json_get(e, "note")), *at;
		struct item_rec *ir;

		if (it == NULL) {
			snprintf(err, errlen, "answer for unknown item");
			return -1;
		}
		ir = &s->items[it->index];
		if (json_is(av, JSON_NULL))
			ir->answer = ANSWER_NONE;
		else if (json_get_str(av) == NULL || answer_parse(json_get_str(av), &ir->answer) < 0) {
			snprintf(err, errlen, "item %s: bad answer", it->id);
			return -1;
		}
		if (note == NULL) {
			snprintf(err, errlen, "item %s: note is missing", it->id);
			return -1;
		}
		free(ir->note);
		ir->note = xstrdup(note);
		if ((at = json_get_str(json_get(e, "at"))) != NULL &&
		    time_parse_iso(at, &ir->answered_at) < 0) {
			snprintf(err, errlen, "item %s: bad answer time", it->id);
			return -1;
		}
	}
	w = json_get(j, "waivers");
	if (!json_is(w, JSON_OBJECT)) {
		snprintf(err, errlen, "\"waivers\" must be an object");
		return -1;
	}
	for (i = 0; i < json_len(w); i++) {
		const struct item *it = checklist_find(s->cl, json_key_at(w, i));
		const struct json *e = json_at(w, i);
		struct waiver tmp;

		if (it == NULL) {
			snprintf(err, errlen, "waiver for unknown item");
			return -1;
		}
		if (s->items[it->index].waiver != NULL) {
			snprintf(err, errlen, "item %s: two waivers", it->id);
			return -1;
		}
		tmp.approved_by = (char *)json_get_str(json_get(e, "approved_by"));
		tmp.reason = (char *)json_get_str(json_get(e, "reason"));
		tmp.until = (char *)json_get_str(json_get(e, "until"));
		tmp.ticket = (char *)json_get_str(json_get(e, "ticket"));
		if (waiver_validate(&tmp, err, errlen) < 0)
			return -1;
		s->items[it->index].waiver = waiver_copy(&tmp);
	}
	r = json_get(j, "results");
	if (!json_is(r, JSON_ARRAY)) {
		snprintf(err, errlen, "\"results\" must be an array");
		return -1;
	}
	s->results = xcalloc(json_len(r) + 1, sizeof *s->results);
	for (i = 0; i < json_len(r); i++) {
		const struct json *e = json_at(r, i);
		const char *id = json_get_str(json_get(e, "id"));
		size_t k;

		if (id == NULL) {
			snprintf(err, errlen, "a check result has no id");
			return -1;
		}
		for (k = 0; k < s->nresults; k++)
			if (strcmp(s->results[k].check_id, id) == 0) {
				snprintf(err, errlen, "two results for one check");
				return -1;
			}
		if (check_result_from_json(e, &s->results[s->nresults].res) < 0) {
			check_result_free(&s->results[s->nresults].res);
			snprintf(err, errlen, "a malformed check result");
			return -1;
		}
		s->results[s->nresults++].check_id = xstrdup(id);
	}
	return 0;
}

/* An empty session shell for cl. */
static struct session *
session_alloc(const struct checklist *cl, const struct config *cfg)
{
	struct session *s = xcalloc(1, sizeof *s);
	size_t i;

	s->cl = cl;
	s->cfg = cfg;
	s->items = xcalloc(cl->nitems + 1, sizeof *s->items);
	for (i = 0; i < cl->nitems; i++)
		s->items[i].note = xstrdup("");
	return s;
}

void
session_free(struct session *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->cl->nitems; i++) {
		free(s->items[i].note);
		waiver_free(s->items[i].waiver);
	}
	free(s->items);
	for (i = 0; i < s->nresults; i++) {
		free(s->results[i].check_id);
		check_result_free(&s->results[i].res);
	}
	free(s->results);
	json_free(s->device);
	json_free(s->record);
	json_free(s->target);
	free(s->path);
	free(s->id);
	free(s->operator_name);
	free(s->report);
	free(s->sidedir);
	free(s);
}

struct session *
session_parse(const struct checklist *cl, const struct config *cfg, const char *name,
    const char *text, size_t len, char *err, size_t errlen)
{
	struct session *s;
	struct json *j;
	char why[512];

	if ((j = json_parse(text, len, why, sizeof why)) == NULL) {
		snprintf(err, errlen, "%s: corrupt session file: %s%s", name, why,
		    len == 0 ? " (empty)" : "");
		return NULL;
	}
	s = session_alloc(cl, cfg);
	s->path = xstrdup(name);
	if (session_from_json(s, j, why, sizeof why) < 0) {
		snprintf(err, errlen, "%s: corrupt session file: %s", name, why);
		session_free(s);
		json_free(j);
		return NULL;
	}
	json_free(j);
	return s;
}

struct session *
session_open(const struct checklist *cl, const struct config *cfg, const char *path, char *err,
    size_t errlen)
{
	char *data;
	size_t len;
	struct session *s;

	if (file_read_all(path, SESSION_MAX_BYTES, &data, &len, err, errlen) < 0)
		return NULL;
	s = session_parse(cl, cfg, path, data, len, err, errlen);
	free(data);
	return s;
}

struct session *
session_create(const struct checklist *cl, const struct config *cfg, const struct target *target,
    const char *state_dir, const char *operator_name, enum role role, char *err, size_t errlen)
{
	struct session *s;
	char stamp[32], *rnd;
	struct tm tm;
	time_t now = time(NULL);

	if (operator_name == NULL || operator_name[0] == '\0') {
		snprintf(err, errlen, "the operator's name is required");
		return NULL;
	}
	if (role != ROLE_STAFF && role != ROLE_IT && role != ROLE_MANAGEMENT) {
		snprintf(err, errlen, "unknown role");
		return NULL;
	}
	if (file_mkdirs(state_dir, 0700, err, errlen) < 0)
		return NULL;
	s = session_alloc(cl, cfg);
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
	rnd = random_hex(4);
	s->id = xasprintf("%s-%s", stamp, rnd);
	free(rnd);
	s->path = xasprintf("%s/" SESSION_PREFIX "%s" SESSION_SUFFIX, state_dir, s->id);
	s->operator_name = xstrdup(operator_name);
	s->role = role;
	s->started = now;
	s->target = target != NULL ? target_to_json(target) : NULL;
	if (session_save(s, err, errlen) < 0) {
		session_free(s);
		return NULL;
	}
	return s;
}

/* ---- listing ---- */

/* Frees what one listing entry holds (not the entry). */
static void
info_clear(struct session_info *si)
{
	free(si->path);
	free(si->operator_name);
	free(si->asset_tag);
	free(si->serial);
	free(si->model);
	free(si->owner);
	free(si->verdict);
	free(si->report);
	free(si->error);
	memset(si, 0, sizeof *si);
}

void
session_info_free(struct session_info *v, size_t n)
{
	size_t i;

	for (i = 0; v != NULL && i < n; i++)
		info_clear(&v[i]);
	free(v);
}

/* Newest first; corrupt files (no times) after the rest, by name. */
static int
info_cmp(const void *a, const void *b)
{
	const struct session_info *x = a, *y = b;

	if (x->corrupt != y->corrupt)
		return x->corrupt - y->corrupt;
	if (x->updated != y->updated)
		return x->updated < y->updated ? 1 : -1;
	return strcmp(y->path, x->path);
}

/* Whether name is a session state file name. */
static int
is_session_name(const char *name)
{
	size_t n = strlen(name), p = strlen(SESSION_PREFIX), sfx = strlen(SESSION_SUFFIX);

	return n > p + sfx && strncmp(name, SESSION_PREFIX, p) == 0 &&
	    strcmp(name + n - sfx, SESSION_SUFFIX) == 0;
}

/* Moves a corrupt file aside as PATH.corrupt (or PATH.N.corrupt); returns the new name or NULL. */
static char *
move_aside(const char *path)
{
	int i;

	for (i = 0; i < 1000; i++) {
		char *to = i == 0 ? xasprintf("%s.corrupt", path) : xasprintf("%s.%d.corrupt", path, i);

		/* link+unlink so an earlier .corrupt file is never replaced */
		if (link(path, to) == 0) {
			unlink(path);
			return to;
		}
		if (errno != EEXIST) {
			free(to);
			return NULL;
		}
		free(to);
	}
	return NULL;
}

/* Counts the decided items of s (answered, or with an outcome other than open). */
static size_t
count_decided(const struct session *s, size_t *total)
{
	size_t i, n = 0, t = 0;

	for (i = 0; i < s->cl->nitems; i++) {
		const struct item *it = s->cl->items[i];
		enum item_outcome o;

		if (!session_item_visible(s, it))
			continue;
		t++;
		o = session_item_outcome(s, it);
		if (o != OUTCOME_OPEN)
			n++;
	}
	*total = t;
	return n;
}

/*
 * Reads what a listing shows from the state document j without the
 * checklist. Returns 1 for an unfinished session, 0 for a finished one, -1
 * with a reason when j is not a well-formed session document.
 */
static int
peek_session(const struct json *j, struct session_info *si, char *why, size_t whylen)
{
	const struct json *p = json_get(j, "progress"), *fin = json_get(j, "finished");
	const char *op, *role;
	int64_t dec, tot;

	if (!json_is(j, JSON_OBJECT) ||
	    strcmp(json_get_str(json_get(j, "format")) ? json_get_str(json_get(j, "format")) : "",
	        SESSION_FORMAT) != 0) {
		snprintf(why, whylen, "not a reentry session file");
		return -1;
	}
	if (json_get_int(json_get(j, "version"), 0) != SESSION_VERSION) {
		snprintf(why, whylen, "unsupported session format version");
		return -1;
	}
	if ((op = req_str(j, "operator", "session", why, whylen)) == NULL ||
	    (role = req_str(j, "role", "session", why, whylen)) == NULL ||
	    req_str(json_get(j, "checklist"), "sha256", "checklist", why, whylen) == NULL)
		return -1;
	if (role_parse(role, &si->role) < 0) {
		snprintf(why, whylen, "unknown role");
		return -1;
	}
	if (time_parse_iso(json_get_str(json_get(j, "started")), &si->started) < 0 ||
	    time_parse_iso(json_get_str(json_get(j, "updated")), &si->updated) < 0) {
		snprintf(why, whylen, "\"started\" or \"updated\" is not a UTC time");
		return -1;
	}
	if (!json_is(json_get(j, "answers"), JSON_OBJECT) ||
	    !json_is(json_get(j, "waivers"), JSON_OBJECT) ||
	    !json_is(json_get(j, "results"), JSON_ARRAY)) {
		snprintf(why, whylen, "\"answers\", \"waivers\" or \"results\" is missing");
		return -1;
	}
	dec = json_get_int(json_get(p, "decided"), -1);
	tot = json_get_int(json_get(p, "total"), -1);
	if (dec < 0 || tot < 0 || dec > tot) {
		snprintf(why, whylen, "\"progress\" is missing or wrong");
		return -1;
	}
	if (!json_is(fin, JSON_NULL) && !json_is(fin, JSON_STRING)) {
		snprintf(why, whylen, "\"finished\" is missing");
		return -1;
	}
	si->operator_name = xstrdup(op);
	{
		const struct json *rec = json_get(j, "device_record");
		const char *verdict = json_get_str(json_get(p, "verdict"));

		si->asset_tag = xstrdup(devrec_get(rec, "asset_tag"));
		si->serial = xstrdup(devrec_get(rec, "serial"));
		si->model = xstrdup(devrec_get(rec, "model"));
		si->owner = xstrdup(devrec_get(rec, "owner"));
		si->verdict = xstrdup(verdict != NULL ? verdict : "");
		if (json_is(fin, JSON_STRING) && time_parse_iso(json_get_str(fin), &si->finished) == 0 &&
		    json_get_str(json_get(j, "report")) != NULL)
			si->report = xstrdup(json_get_str(json_get(j, "report")));
	}
	si->answered = (size_t)dec;
	si->total = (size_t)tot;
	return json_is(fin, JSON_NULL);
}

int
session_list_open(const char *state_dir, struct session_info **out, size_t *n, char *err, size_t errlen)
{
	DIR *dir;
	struct dirent *de;
	struct session_info *v = NULL;
	size_t cnt = 0, cap = 0;

	*out = NULL;
	*n = 0;
	if ((dir = opendir(state_dir)) == NULL) {
		if (errno == ENOENT)
			return 0; /* nothing was ever saved */
		snprintf(err, errlen, "%s: %s", state_dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(dir)) != NULL) {
		char *path, *data = NULL, why[1024];
		struct session_info si;
		struct json *j = NULL;
		size_t len;
		int rc;

		if (!is_session_name(de->d_name))
			continue;
		path = xasprintf("%s/%s", state_dir, de->d_name);
		memset(&si, 0, sizeof si);
		if (file_read_all(path, SESSION_MAX_BYTES, &data, &len, why, sizeof why) < 0) {
			if (access(path, F_OK) != 0) { /* removed meanwhile */
				free(path);
				continue;
			}
			rc = -2; /* unreadable: report it, but do not move it */
		} else if ((j = json_parse(data, len, why, sizeof why)) == NULL) {
			rc = -1;
			if (len == 0)
				snprintf(why, sizeof why, "empty file");
		} else
			rc = peek_session(j, &si, why, sizeof why);
		json_free(j);
		free(data);
		if (rc == 0) { /* finished: written before finished/ existed, or a crash mid-move */
			free(finished_move(state_dir, path));
			info_clear(&si);
			free(path);
			continue;
		}
		if (cnt == cap) {
			cap = cap ? cap * 2 : 8;
			v = xreallocarray(v, cap, sizeof *v);
		}
		if (rc < 0) {
			info_clear(&si);
			si.corrupt = 1;
			si.operator_name = xstrdup("");
			si.path = rc == -1 ? move_aside(path) : NULL;
			if (si.path == NULL) {
				si.path = path;
				si.error = rc == -1 ?
				    xasprintf("%s: corrupt session file: %s (could not move it aside)",
				        path, why) :
				    xstrdup(why);
			} else {
				si.error = xasprintf("%s: corrupt session file: %s; kept as %s",
				    path, why, si.path);
				free(path);
			}
		} else
			si.path = path;
		v[cnt++] = si;
	}
	closedir(dir);
	if (cnt > 1)
		qsort(v, cnt, sizeof *v, info_cmp);
	*out = v;
	*n = cnt;
	return 0;
}

/*
 * The state files of state_dir changed in [from, to), by their
 * modification time, so a day's listing opens none of the older ones. The
 * one place that says where finished sessions are kept. Caller frees the
 * paths and the array.
 */
static char **
day_candidates(const char *state_dir, time_t from, time_t to, size_t *n, char *err, size_t errlen)
{
	char **v = NULL, *dirs[2];
	size_t cap = 0, k;

	*n = 0;
	/* open sessions in the state directory, finished ones in its finished/ */
	dirs[0] = xstrdup(state_dir);
	dirs[1] = xasprintf("%s/%s", state_dir, SESSION_FINISHED_DIR);
	for (k = 0; k < 2; k++) {
		DIR *dir;
		struct dirent *de;

		if ((dir = opendir(dirs[k])) == NULL) {
			if (errno == ENOENT)
				continue;
			snprintf(err, errlen, "%s: %s", dirs[k], strerror(errno));
			for (; *n > 0; (*n)--)
				free(v[*n - 1]);
			free(v);
			free(dirs[0]);
			free(dirs[1]);
			return NULL;
		}
		while ((de = readdir(dir)) != NULL) {
			struct stat st;

			if (!is_session_name(de->d_name) ||
			    fstatat(dirfd(dir), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
			    !S_ISREG(st.st_mode) || st.st_mtime < from || st.st_mtime >= to)
				continue;
			if (*n + 1 >= cap) {
				cap = cap ? cap * 2 : 8;
				v = xreallocarray(v, cap, sizeof *v);
			}
			v[(*n)++] = xasprintf("%s/%s", dirs[k], de->d_name);
		}
		closedir(dir);
	}
	free(dirs[0]);
	free(dirs[1]);
	if (v == NULL)
		v = xcalloc(1, sizeof *v);
	return v;
}

int
session_list_day(const char *state_dir, time_t from, time_t to, struct session_info **out,
    size_t *n, char *err, size_t errlen)
{
	struct session_info *v;
	char **paths;
	size_t np, i, cnt = 0;

	*out = NULL;
	*n = 0;
	if ((paths = day_candidates(state_dir, from, to, &np, err, errlen)) == NULL)
		return -1;
	v = xcalloc(np + 1, sizeof *v);
	for (i = 0; i < np; i++) {
		struct session_info si;
		struct json *j = NULL;
		char *data = NULL, why[512];
		size_t len;
		int rc = -1;

		memset(&si, 0, sizeof si);
		if (file_read_all(paths[i], SESSION_MAX_BYTES, &data, &len, why, sizeof why) == 0 &&
		    (j = json_parse(data, len, why, sizeof why)) != NULL)
			rc = peek_session(j, &si, why, sizeof why);
		json_free(j);
		free(data);
		if (rc < 0 || (rc == 0 && (si.finished < from || si.finished >= to)) ||
		    (rc == 1 && (si.updated < from || si.updated >= to))) {
			info_clear(&si);
			free(paths[i]);
			continue;
		}
		si.path = paths[i];
		v[cnt++] = si;
	}
	free(paths);
	if (cnt > 1)
		qsort(v, cnt, sizeof *v, info_cmp);
	*out = v;
	*n = cnt;
	return 0;
}

/* ---- getters and changes ---- */

const char *
session_path(const struct session *s)
{
	return s->path;
}

const char *
session_id(const struct session *s)
{
	return s->id;
}

const char *
session_operator(const struct session *s)
{
	return s->operator_name;
}

enum role
session_role(const struct session *s)
{
	return s->role;
}

const struct checklist *
session_checklist(const struct session *s)
{
	return s->cl;
}

const struct config *
session_config(const struct session *s)
{
	return s->cfg;
}

time_t
session_started(const struct session *s)
{
	return s->started;
}

time_t
session_updated(const struct session *s)
{
	return s->updated;
}

time_t
session_finished(const struct session *s)
{
	return s->finished;
}

int
session_item_visible(const struct session *s, const struct item *it)
{
	if (s->role == ROLE_IT)
		return 1;
	return (it->roles & (unsigned)s->role) != 0;
}

const struct json *
session_device(const struct session *s)
{
	return s->device;
}

const struct json *
session_target(const struct session *s)
{
	return s->target;
}

int
session_set_device(struct session *s, const struct json *device, char *err, size_t errlen)
{
	json_free(s->device);
	s->device = device != NULL ? json_copy(device) : NULL;
	return session_save(s, err, errlen);
}

const struct json *
session_device_record(const struct session *s)
{
	return s->record;
}

int
session_set_device_record(struct session *s, const struct json *rec, char *err, size_t errlen)
{
	char *en, *ja;
	struct json *old = s->record;

	if (devrec_validate(s->cfg, rec, &en, &ja) < 0) {
		snprintf(err, errlen, "%s", en);
		free(en);
		free(ja);
		return -1;
	}
	s->record = json_copy(rec);
	if (session_save(s, err, errlen) < 0) {
		json_free(s->record);
		s->record = old;
		return -1;
	}
	json_free(old);
	return 0;
}

struct json *
session_probe_device(const struct session *s, const struct runner_opts *o, char *err, size_t errlen)
{
	size_t i;

	if (s->device != NULL)
		return json_copy(s->device);
	if (session_check_target(s, o->target, err, errlen) < 0)
		return NULL;
	/* whatever the role sees: every device is named */
	for (i = 0; check_table[i] != NULL; i++) {
		struct plan_entry e = { check_table[i], NULL };
		struct check_result r;
		struct json *d = NULL;

		if (!(e.check->flags & CHECK_IDENTIFIES_DEVICE))
			continue;
		memset(&r, 0, sizeof r);
		runner_run_one(&e, o, NULL, NULL, &r);
		if (r.status != CHECK_ERROR && json_is(r.details, JSON_OBJECT))
			d = json_copy(r.details);
		check_result_free(&r);
		if (d != NULL)
			return d;
	}
	snprintf(err, errlen, "the device's identity could not be read");
	return NULL;
}

enum answer
session_answer(const struct session *s, const struct item *it)
{
	return s->items[it->index].answer;
}

const char *
session_note(const struct session *s, const struct item *it)
{
	return s->items[it->index].note;
}

time_t
session_answer_time(const struct session *s, const struct item *it)
{
	return s->items[it->index].answered_at;
}

int
session_set_answer(struct session *s, const struct item *it, enum answer a, const char *note,
    char *err, size_t errlen)
{
	struct item_rec *ir = &s->items[it->index];

	if (s->finished != 0) {
		snprintf(err, errlen, "%s: the session is finished", s->path);
		return -1;
	}
	if (a != ir->answer)
		ir->answered_at = a != ANSWER_NONE ? time(NULL) : 0;
	ir->answer = a;
	if (note != NULL) {
		free(ir->note);
		ir->note = xstrdup(note);
	}
	return session_save(s, err, errlen);
}

/* The stored record for check_id, or NULL. */
static struct result_rec *
find_result(const struct session *s, const char *check_id)
{
	size_t i;

	for (i = 0; i < s->nresults; i++)
		if (strcmp(s->results[i].check_id, check_id) == 0)
			return &s->results[i];
	return NULL;
}

const struct check_result *
session_result(const struct session *s, const char *check_id)
{
	const struct result_rec *r = find_result(s, check_id);

	return r != NULL ? &r->res : NULL;
}

/* Deep copy of a result. */
static void
result_copy(struct check_result *dst, const struct check_result *src)
{
	check_result_init(dst);
	check_result_set(dst, src->status, src->summary_en != NULL ? src->summary_en : "",
	    src->summary_ja != NULL ? src->summary_ja : "");
	if (src->details != NULL) {
		json_free(dst->details);
		dst->details = json_copy(src->details);
	}
	if (src->evidence != NULL) {
		json_free(dst->evidence);
		dst->evidence = json_copy(src->evidence);
	}
}

/* Stores a copy of r without saving. */
static void
store_result(struct session *s, const char *check_id, const struct check_result *r)
{
	struct result_rec *rec = find_result(s, check_id);

	if (rec != NULL) {
		check_result_free(&rec->res);
	} else {
		s->results = xreallocarray(s->results, s->nresults + 1, sizeof *s->results);
		rec = &s->results[s->nresults++];
		rec->check_id = xstrdup(check_id);
	}
	result_copy(&rec->res, r);
}

int
session_set_result(struct session *s, const struct check *c, const struct check_result *r,
    char *err, size_t errlen)
{
	if (s->finished != 0) {
		snprintf(err, errlen, "%s: the session is finished", s->path);
		return -1;
	}
	store_result(s, c->id, r);
	/* a check that identifies the device names the device under check */
	if ((c->flags & CHECK_IDENTIFIES_DEVICE) && r->status != CHECK_ERROR &&
	    json_is(r->details, JSON_OBJECT)) {
		json_free(s->device);
		s->device = json_copy(r->details);
	}
	return session_save(s, err, errlen);
}

void
session_plan(const struct session *s, const struct item *only, int rerun, struct plan *out)
{
	struct plan all = PLAN_INIT;
	size_t i;

	out->v = NULL;
	out->n = 0;
	for (i = 0; i < s->cl->nitems; i++) {
		const struct item *it = s->cl->items[i];

		if (session_item_visible(s, it))
			plan_add_item(&all, it);
	}
	for (i = 0; i < all.n; i++) {
		const struct plan_entry *e = &all.v[i];
		size_t j;

		if (only != NULL) {
			for (j = 0; j < only->nchecks && only->checks[j].check != e->check; j++)
				;
			if (j == only->nchecks)
				continue;
		}
		if (!rerun && find_result(s, e->check->id) != NULL)
			continue;
		out->v = xreallocarray(out->v, out->n + 1, sizeof *out->v);
		out->v[out->n++] = *e;
	}
	plan_free(&all);
}

int
session_check_target(const struct session *s, const struct target *t, char *err, size_t errlen)
{
	const char *root = json_get_str(json_get(s->target, "root"));

	if (root == NULL || strcmp(root, target_root(t)) == 0)
		return 0;
	snprintf(err, errlen,
	    "%s: this session inspects the system under %s, not %s; resume it with --root %s",
	    s->path, root, target_root(t), root);
	return -1;
}

int
session_run_checks(struct session *s, const struct runner_opts *o, int rerun, progress_fn progress,
    void *progress_arg, char *err, size_t errlen)
{
	struct runner_opts ro;
	struct plan p;
	size_t i;
	int rc = 0;

	if (s->finished != 0) {
		snprintf(err, errlen, "%s: the session is finished", s->path);
		return -1;
	}
	if (session_check_target(s, o->target, err, errlen) < 0)
		return -1;
	session_plan(s, NULL, rerun, &p);
	ro = *o;
	if (ro.sidedir == NULL) {
		free(s->sidedir);
		ro.sidedir = s->sidedir = session_sidedir(s, 1);
	}
	for (i = 0; i < p.n && rc == 0; i++) {
		struct check_result res;

		runner_run_one(&p.v[i], &ro, progress, progress_arg, &res);
		rc = session_set_result(s, p.v[i].check, &res, err, errlen);
		check_result_free(&res);
	}
	plan_free(&p);
	return rc;
}

const struct waiver *
session_waiver(const struct session *s, const struct item *it)
{
	return s->items[it->index].waiver;
}

int
session_set_waiver(struct session *s, const struct item *it, const struct waiver *w, char *err,
    size_t errlen)
{
	struct item_rec *ir = &s->items[it->index];

	if (s->finished != 0) {
		snprintf(err, errlen, "%s: the session is finished", s->path);
		return -1;
	}
	if (w != NULL && waiver_validate(w, err, errlen) < 0)
		return -1;
	waiver_free(ir->waiver);
	ir->waiver = w != NULL ? waiver_copy(w) : NULL;
	return session_save(s, err, errlen);
}

/* ---- outcomes and the verdict ---- */

/* ---- side files ---- */

/* The state directory of a session file at path (finished ones live one level down); caller frees. */
static char *
state_dir_of(const char *path)
{
	const char *slash = strrchr(path, '/'), *prev;
	char *dir;

	if (slash == NULL)
		return xstrdup(".");
	dir = xasprintf("%.*s", (int)(slash - path), path);
	prev = strrchr(dir, '/');
	if (strcmp(prev != NULL ? prev + 1 : dir, SESSION_FINISHED_DIR) == 0) {
		if (prev == NULL) {
			free(dir);
			return xstrdup(".");
		}
		dir[prev - dir] = '\0';
	}
	return dir;
}

char *
session_sidedir(const struct session *s, int make)
{
	char err[256], *state = state_dir_of(s->path), *dir;

	dir = xasprintf("%s/" SESSION_SIDE_DIR "/%s", state, s->id);
	free(state);
	if (make && file_mkdirs(dir, 0700, err, sizeof err) < 0) {
		free(dir);
		return NULL;
	}
	return dir;
}

/* Removes the side directory of session id below state (its files were copied beside the report). */
static void
side_remove(const char *state, const char *id)
{
	char *dir = xasprintf("%s/" SESSION_SIDE_DIR "/%s", state, id);
	DIR *d = opendir(dir);
	struct dirent *de;

	if (d != NULL) {
		while ((de = readdir(d)) != NULL)
			if (de->d_name[0] != '.' || strncmp(de->d_name, ".manifest-", 10) == 0)
				unlinkat(dirfd(d), de->d_name, 0);
		closedir(d);
		rmdir(dir);
	}
	free(dir);
}

/*
 * Moves the finished session file at path into state/finished/ (link, then
 * unlink: a crash between leaves it in both places, and the listing moves
 * it again). Returns the new path or NULL (caller frees).
 */
static char *
finished_move(const char *state, const char *path)
{
	const char *base = strrchr(path, '/');
	char *fdir = xasprintf("%s/" SESSION_FINISHED_DIR, state), *to, err[256];

	base = base != NULL ? base + 1 : path;
	to = xasprintf("%s/%s", fdir, base);
	if (file_mkdirs(fdir, 0700, err, sizeof err) < 0 ||
	    (link(path, to) < 0 && errno != EEXIST) || unlink(path) < 0) {
		free(fdir);
		free(to);
		return NULL;
	}
	free(fdir);
	return to;
}

/* ---- finishing ---- */

const char *
session_report(const struct session *s)
{
	return s->report;
}

int
session_mark_finished(struct session *s, const char *report_path, char *err, size_t errlen)
{
	time_t old = s->finished;
	char *old_report = s->report;

	if (s->finished != 0) {
		snprintf(err, errlen, "%s: the session is already finished (report %s)", s->path,
		    s->report);
		return -1;
	}
	s->finished = time(NULL);
	s->report = xstrdup(report_path);
	if (session_save(s, err, errlen) < 0) {
		free(s->report);
		s->report = old_report;
		s->finished = old;
		return -1;
	}
	free(old_report);
	{
		/* out of the way of the listing of open sessions; its side files are beside the report now */
		char *state = state_dir_of(s->path), *moved = finished_move(state, s->path);

		if (moved != NULL) {
			free(s->path);
			s->path = moved;
		}
		side_remove(state, s->id);
		free(state);
	}
	return 0;
}
