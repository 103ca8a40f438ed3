/*
 * report.c: building, validating, writing and verifying the report of
 * record, and the hash chain that links the reports in a directory.
 */
#include "report.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/fileio.h"
#include "../util/strbuf.h"
#include "../util/xalloc.h"
#include "../util/timefmt.h"

#define LOCK_NAME ".reentry.lock"

static struct json *
time_json(time_t t)
{
	char buf[32];

	if (t == 0)
		return json_null();
	time_iso_utc(t, buf);
	return json_str(buf);
}

/* ---- the chain ---- */

void
report_chain_clear(struct report_chain *c)
{
	if (c == NULL)
		return;
	free(c->prev_name);
	memset(c, 0, sizeof *c);
}

/* Whether name looks like a report file (*.json, not hidden). */
static int
is_report_name(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && n > 5 && strcmp(name + n - 5, ".json") == 0;
}

/* Sequence numbers beyond this are refused: a chain never gets near it, and +1 cannot overflow. */
#define REPORT_MAX_SEQUENCE ((int64_t)1 << 53)

/*
 * The chain sequence of the report at path, or -1 when it is not a report
 * this desk may continue: only one whose signature (path.sig) verifies and
 * was made by key, or by a key allowed_signers (may be NULL) allows for
 * reports, is trusted, so a planted or foreign file never sets the next
 * number. The signature is checked before the report is parsed.
 */
static int64_t
report_sequence_of(const char *path, const struct sshkey *key, const char *allowed_signers,
    char sha[65], char sigsha[65])
{
	char *data = NULL, *sig = NULL, *sigpath = xasprintf("%s.sig", path), err[256];
	size_t len, siglen;
	struct sshkey *signer = NULL;
	struct json *j = NULL;
	int64_t seq = -1;

	if (file_read_all(path, REPORT_MAX_BYTES, &data, &len, err, sizeof err) < 0 ||
	    file_read_all(sigpath, 1u << 20, &sig, &siglen, err, sizeof err) < 0)
		goto out;
	if (sshsig_verify(sig, siglen, REPORT_SIG_NAMESPACE, data, len, &signer, err, sizeof err) < 0)
		goto out;
	/* this desk's key, or (after a key change) a key the site allows for reports */
	if (!sshkey_equal(signer, key)) {
		struct signer_query q = { signer, NULL, REPORT_SIG_NAMESPACE, time(NULL) };
		struct signer_match m;
		int allowed = allowed_signers != NULL &&
		    allowed_signers_find(allowed_signers, &q, &m, err, sizeof err) == 1;

		if (allowed_signers != NULL)
			allowed_signers_match_clear(&m);
		if (!allowed)
			goto out;
	}
	sha256_hex(data, len, sha);
	sha256_hex(sig, siglen, sigsha);
	j = json_parse(data, len, err, sizeof err);
	if (j != NULL && json_get_str(json_get(j, "schema")) != NULL &&
	    strcmp(json_get_str(json_get(j, "schema")), REPORT_SCHEMA) == 0)
		seq = json_get_int(json_get(json_get(j, "chain"), "sequence"), -1);
	if (seq < 1 || seq >= REPORT_MAX_SEQUENCE)
		seq = -1;
out:
	json_free(j);
	sshkey_free(signer);
	free(data);
	free(sig);
	free(sigpath);
	return seq;
}

/*
 * The head file: the newest report of the directory, so `run` need not
 * read every report (docs/report-format.md). One line:
 * "reentry-head 2 SEQUENCE REPORTS CTIME_S CTIME_NS SHA256 SIG_SHA256 NAME",
 * REPORTS being the number of report files then and CTIME the directory's
 * status change time once the run had written everything. It is believed
 * only when the directory still holds that many report files and the
 * report it names verifies (signature by this desk's or an allowed key),
 * with that sequence number and those hashes; otherwise every report is
 * read, as before. The number of reports is taken as it was when the
 * directory's ctime has not moved (no name was added, removed or renamed
 * since: the kernel sets ctime, and no one can set it back), else the
 * names are counted again. So the head is rewritten in place, never
 * renamed into the directory, which would move its ctime; a torn line only
 * costs the next run a full read.
 */
#define HEAD_NAME ".reentry.head"

/* The number of report file names in dir (names only: nothing is read), or -1. */
static long
count_reports(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	long n = 0;

	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL)
		n += is_report_name(de->d_name);
	closedir(d);
	return n;
}

/* Fills c from a head file that still describes dir; 0, or -1 to read every report. */
static int
head_read(const char *dir, const struct sshkey *key, const char *allowed_signers, struct report_chain *c)
{
	char *path = xasprintf("%s/" HEAD_NAME, dir), *data = NULL, err[256];
	char sha[65], sigsha[65], rsha[65], rsig[65], name[256], *rpath;
	long long seq, count, csec;
	long cnsec;
	struct stat st;
	size_t len;
	int64_t got;
	int rc = -1;

	if (file_read_all(path, 4096, &data, &len, err, sizeof err) < 0)
		goto out;
	if (sscanf(data, "reentry-head 2 %lld %lld %lld %ld %64[0-9a-f] %64[0-9a-f] %255[^ \n]",
	        &seq, &count, &csec, &cnsec, sha, sigsha, name) != 7 ||
	    !is_report_name(name) || strchr(name, '/') != NULL)
		goto out;
	/* unchanged names since the head was written: the count stands without a listing */
	if (stat(dir, &st) == 0 && (long long)st.st_ctim.tv_sec == csec && st.st_ctim.tv_nsec == cnsec)
		c->nreports = count;
	else if (count != (c->nreports = count_reports(dir)))
		goto out;
	rpath = xasprintf("%s/%s", dir, name);
	got = report_sequence_of(rpath, key, allowed_signers, rsha, rsig);
	free(rpath);
	if (got < 1 || got != seq || strcmp(rsha, sha) != 0 || strcmp(rsig, sigsha) != 0)
		goto out;
	c->sequence = got + 1;
	c->prev_name = xstrdup(name);
	memcpy(c->prev_sha256, sha, sizeof sha);
	memcpy(c->prev_sig_sha256, sigsha, sizeof sigsha);
	rc = 0;
out:
	free(data);
	free(path);
	return rc;
}

/*
 * Records the report just written (name, at c's sequence, with its JSON and
 * signature) as the head, the last write of a run, under the directory's
 * lock. A head that cannot be written only costs the next run a full read.
 */
static void
head_write(const char *dir, const struct report_chain *c, const char *name, const void *json,
    size_t jlen, const char *sig)
{
	char *path = xasprintf("%s/" HEAD_NAME, dir), *line, sha[65], sigsha[65];
	/* in place, never through a link planted at its name */
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0644);
	struct stat st, dst;
	size_t len;

	free(path);
	if (fd < 0)
		return;
	/* the directory's ctime after the head's name exists: what the next run compares */
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || stat(dir, &dst) < 0) {
		close(fd);
		return;
	}
	sha256_hex(json, jlen, sha);
	sha256_hex(sig, strlen(sig), sigsha);
	/* the count read a moment ago under the same lock, plus this report */
	line = xasprintf("reentry-head 2 %lld %ld %lld %ld %s %s %s\n", (long long)c->sequence,
	    c->nreports >= 0 ? c->nreports + 1 : count_reports(dir), (long long)dst.st_ctim.tv_sec,
	    (long)dst.st_ctim.tv_nsec, sha, sigsha, name);
	len = strlen(line);
	if (ftruncate(fd, 0) < 0 || pwrite(fd, line, len, 0) != (ssize_t)len)
		(void)ftruncate(fd, 0); /* the next run reads every report */
	(void)fdatasync(fd);
	close(fd);
	free(line);
}

int
report_chain_next(const char *dir, const struct sshkey *key, const char *allowed_signers,
    struct report_chain *c, char *err, size_t errlen)
{
	DIR *d;
	struct dirent *de;
	int64_t best = 0;

	memset(c, 0, sizeof *c);
	c->nreports = -1;
	if (head_read(dir, key, allowed_signers, c) == 0)
		return 0;
	/* head_read() fills nothing else unless it succeeds; the count it read stays */
	if ((d = opendir(dir)) == NULL) {
		if (errno == ENOENT) {
			c->sequence = 1;
			return 0;
		}
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		char *path, sha[65], sigsha[65];
		int64_t seq;

		if (!is_report_name(de->d_name))
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		seq = report_sequence_of(path, key, allowed_signers, sha, sigsha);
		if (seq > best) {
			best = seq;
			free(c->prev_name);
			c->prev_name = xstrdup(de->d_name);
			memcpy(c->prev_sha256, sha, sizeof sha);
			memcpy(c->prev_sig_sha256, sigsha, sizeof sigsha);
		}
		free(path);
	}
	closedir(d);
	c->sequence = best + 1;
	return 0;
}

/* ---- building ---- */

/*
 * The device record: the inventory's findings, else the identity of the
 * inspected system the session recorded (never the host reentry runs on).
 */
static struct json *
device_json(const struct session *s)
{
	const struct json *d = session_device(s), *t = session_target(s);
	struct json *o;

	if (d != NULL)
		return json_copy(d);
	o = json_object();
	json_obj_set(o, "source", json_str("target"));
	json_obj_set(o, "hostname", json_copy(json_get(t, "hostname")));
	json_obj_set(o, "machine_id", json_copy(json_get(t, "machine_id")));
	json_obj_set(o, "os", json_copy(json_get(t, "os")));
	if (json_get(t, "windows") != NULL)
		json_obj_set(o, "windows", json_copy(json_get(t, "windows")));
	return o;
}

static struct json *
waiver_json(const struct waiver *w, const char *item, time_t now)
{
	struct json *o = json_object();

	if (item != NULL)
		json_obj_set(o, "item", json_str(item));
	json_obj_set(o, "approved_by", json_str(w->approved_by));
	json_obj_set(o, "reason", json_str(w->reason));
	json_obj_set(o, "until", json_str(w->until));
	json_obj_set(o, "ticket", json_str(w->ticket));
	json_obj_set(o, "active", json_bool(waiver_active(w, now)));
	return o;
}

struct json *
report_build(const struct session *s, const struct report_chain *c, const char *report_id,
    const char *fp, time_t end)
{
	const struct checklist *cl = session_checklist(s);
	struct json *r = json_object(), *o, *items, *checks, *waivers, *done;
	struct verdict v;
	size_t i, j;
	unsigned bit;

	json_obj_set(r, "schema", json_str(REPORT_SCHEMA));
	json_obj_set(r, "schema_version", json_int(REPORT_SCHEMA_VERSION));
	json_obj_set(r, "report_id", json_str(report_id));
	o = json_obj_set(r, "tool", json_object());
	json_obj_set(o, "name", json_str("reentry"));
	json_obj_set(o, "version", json_str(REENTRY_VERSION));
	o = json_obj_set(r, "checklist", json_object());
	json_obj_set(o, "id", json_str(cl->id));
	json_obj_set(o, "version", json_str(cl->version));
	json_obj_set(o, "sha256", json_str(cl->sha256));
	json_obj_set(o, "title", ltext_to_json(&cl->title));
	json_obj_set(r, "session_id", json_str(session_id(s)));
	json_obj_set(r, "device", device_json(s));
	if (session_device_record(s) != NULL)
		json_obj_set(r, "device_record", json_copy(session_device_record(s)));
	json_obj_set(r, "target", session_target(s) != NULL ? json_copy(session_target(s)) : json_null());
	json_obj_set(r, "operator", json_str(session_operator(s)));
	json_obj_set(r, "role", json_str(role_name(session_role(s))));
	json_obj_set(r, "started", time_json(session_started(s)));
	json_obj_set(r, "ended", time_json(end));

	session_verdict(s, &v);
	o = json_obj_set(r, "verdict", json_object());
	json_obj_set(o, "result", json_str(verdict_name(v.kind)));
	json_obj_set(o, "total", json_int((int64_t)v.total));
	json_obj_set(o, "automatic", json_int((int64_t)v.automatic));
	json_obj_set(o, "answered", json_int((int64_t)v.answered));
	json_obj_set(o, "waived", json_int((int64_t)v.waived));
	json_obj_set(o, "failed", json_int((int64_t)v.failed));
	json_obj_set(o, "not_applicable", json_int((int64_t)v.not_applicable));
	json_obj_set(o, "undetermined", json_int((int64_t)v.undetermined));
	json_obj_set(o, "attention", json_int((int64_t)v.attention));
	json_obj_set(o, "stood_in", json_int((int64_t)v.stood_in));

	items = json_obj_set(r, "items", json_array());
	checks = json_obj_set(r, "checks", json_array());
	waivers = json_obj_set(r, "waivers", json_array());
	done = json_object(); /* check ids already listed */
	for (i = 0; i < cl->nitems; i++) {
		const struct item *it = cl->items[i];
		int shown = session_item_visible(s, it);
		enum answer a = session_answer(s, it);
		const struct waiver *w = session_waiver(s, it);
		struct json *e = json_arr_push(items, json_object()), *cat, *roles, *ids;
		struct item_decision d;
		enum check_status worst = CHECK_SKIP;
		size_t nran = 0;

		json_obj_set(e, "id", json_str(it->id));
		cat = json_obj_set(e, "category", json_object());
		json_obj_set(cat, "id", json_str(it->category->id));
		json_obj_set(cat, "title", ltext_to_json(&it->category->title));
		json_obj_set(e, "title", ltext_to_json(&it->title));
		json_obj_set(e, "description", ltext_to_json(&it->description));
		o = json_obj_set(e, "jnsa", json_object());
		json_obj_set(o, "ref", json_str(it->jnsa_ref));
		json_obj_set(o, "wording", json_str(it->wording));
		json_obj_set(e, "kind", json_str(item_kind_name(it->kind)));
		roles = json_obj_set(e, "roles", json_array());
		for (bit = 1; bit <= ROLE_MANAGEMENT; bit <<= 1)
			if (it->roles & bit)
				json_arr_push(roles, json_str(role_name((enum role)bit)));
		json_obj_set(e, "shown", json_bool(shown));
		json_obj_set(e, "answer", a != ANSWER_NONE ? json_str(answer_name(a)) : json_null());
		json_obj_set(e, "note", json_str(session_note(s, it)));
		json_obj_set(e, "answered_at", time_json(session_answer_time(s, it)));
		ids = json_obj_set(e, "checks", json_array());
		for (j = 0; j < it->nchecks; j++) {
			const char *cid = it->checks[j].check->id;
			const struct check_result *res = session_result(s, cid);

			json_arr_push(ids, json_str(cid));
			if (res != NULL)
				worst = nran++ == 0 ? res->status : check_status_worse(worst, res->status);
			if (res != NULL && json_get(done, cid) == NULL) {
				json_obj_set(done, cid, json_bool(1));
				json_arr_push(checks, check_result_to_json(cid, res));
			}
		}
		session_item_decision(s, it, &d);
		json_obj_set(e, "outcome", shown ? json_str(item_outcome_name(d.outcome)) : json_null());
		json_obj_set(e, "basis",
		    shown && outcome_basis_name(d.basis) != NULL ?
		        json_str(outcome_basis_name(d.basis)) :
		        json_null());
		json_obj_set(e, "check_status",
		    nran > 0 ? json_str(check_status_name(worst)) : json_null());
		json_obj_set(e, "checks_ran", json_bool(it->nchecks > 0 && nran == it->nchecks));
		json_obj_set(e, "waiver", w != NULL ? waiver_json(w, NULL, end) : json_null());
		if (w != NULL)
			json_arr_push(waivers, waiver_json(w, it->id, end));
	}
	json_free(done);
	/* report_write() names the manifest beside the report here when a scan made one */
	json_obj_set(r, "manifest", json_null());

	o = json_obj_set(r, "chain", json_object());
	json_obj_set(o, "sequence", json_int(c->sequence));
	if (c->prev_name != NULL) {
		struct json *p = json_obj_set(o, "previous", json_object());

		json_obj_set(p, "report", json_str(c->prev_name));
		json_obj_set(p, "sha256", json_str(c->prev_sha256));
		json_obj_set(p, "signature_sha256",
		    c->prev_sig_sha256[0] != '\0' ? json_str(c->prev_sig_sha256) : json_null());
	} else
		json_obj_set(o, "previous", json_null());
	o = json_obj_set(r, "signature", json_object());
	json_obj_set(o, "format", json_str("sshsig"));
	json_obj_set(o, "namespace", json_str(REPORT_SIG_NAMESPACE));
	json_obj_set(o, "hash", json_str("sha512"));
	json_obj_set(o, "key_fingerprint", json_str(fp));
	return r;
}

/* ---- writing ---- */

/* A host name safe in a file name: letters, digits, '-' and '.'; caller frees. */
static char *
name_part(const char *s)
{
	char *out = xstrdup(s != NULL && s[0] != '\0' ? s : "host"), *p;

	for (p = out; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '.')
			*p = '_';
	if (strlen(out) > 40)
		out[40] = '\0';
	if (out[0] == '.')
		out[0] = '_';
	return out;
}

/* Takes an exclusive lock on dir (released by closing the returned fd). */
static int
lock_dir(const char *dir, char *err, size_t errlen)
{
	char *path = xasprintf("%s/" LOCK_NAME, dir);
	/* never through a link or into a FIFO planted at the lock's name */
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0600);
	struct stat st;

	if (fd >= 0 && (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))) {
		close(fd);
		fd = -1;
		errno = EINVAL;
	}
	if (fd < 0 || flock(fd, LOCK_EX) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	free(path);
	return fd;
}

int
report_write(const struct session *s, const char *dir, const struct sshkey *key,
    struct report_paths *out, char *err, size_t errlen)
{
	const struct config *cfg = session_config(s);
	struct report_chain chain;
	struct json *r = NULL;
	struct strbuf sb = STRBUF_INIT;
	char stamp[32], *hostpart = NULL, *sig = NULL, *html = NULL, *txt = NULL;
	char *side = NULL, *mtmp = NULL;
	struct json *mref = NULL;
	unsigned char *der = NULL;
	size_t derlen = 0;
	const char *hn;
	struct tm tm;
	time_t end = time(NULL);
	int lockfd, rc = -1;

	memset(out, 0, sizeof *out);
	memset(&chain, 0, sizeof chain);
	if (file_mkdirs(dir, 0750, err, errlen) < 0)
		return -1;
	if ((lockfd = lock_dir(dir, err, errlen)) < 0)
		return -1;
	if (report_chain_next(dir, key, cfg != NULL ? cfg->allowed_signers : NULL, &chain, err, errlen) < 0)
		goto out;
	if (end < session_started(s))
		end = session_started(s);
	gmtime_r(&end, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
	hn = json_get_str(json_get(session_device(s), "hostname"));
	if (hn == NULL)
		hn = json_get_str(json_get(session_target(s), "hostname"));
	if (hn == NULL)
		hn = "host";
	hostpart = name_part(hn);
	out->report_id = xasprintf("%s-%s-%06lld", stamp, hostpart, (long long)chain.sequence);
	out->json = xasprintf("%s/%s.json", dir, out->report_id);
	out->sig = xasprintf("%s.sig", out->json);
	out->html = xasprintf("%s/%s.html", dir, out->report_id);
	out->txt = xasprintf("%s/%s.txt", dir, out->report_id);
	out->fingerprint = sshkey_fingerprint(key);
	r = report_build(s, &chain, out->report_id, out->fingerprint, end);
	/* the scans' manifests, joined beside the report; the report signs their hash */
	side = session_sidedir(s, 0);
	if (report_manifest_join(r, side, dir, out->report_id, &mtmp, &mref, err, errlen) < 0)
		goto out;
	json_obj_set(r, "manifest", mref);
	json_write(r, &sb, JSON_PRETTY);
	sb_addc(&sb, '\n');
	/* sign first: nothing is written when a key cannot sign */
	if ((sig = sshsig_sign(key, REPORT_SIG_NAMESPACE, sb.buf, sb.len, err, errlen)) == NULL)
		goto out;
	if (cfg != NULL && cfg->cms_certificate != NULL && cfg->cms_key != NULL &&
	    report_cms_sign(cfg->cms_certificate, cfg->cms_key, sb.buf, sb.len, &der, &derlen, err,
	        errlen) < 0)
		goto out;
	if (mtmp != NULL) {
		/* first, so a report never names a manifest that is not there */
		out->manifest = xasprintf("%s/%s.manifest.jsonl", dir, out->report_id);
		if (link(mtmp, out->manifest) < 0) {
			snprintf(err, errlen, "%s: %s", out->manifest,
			    errno == EEXIST ? "already exists; reports are never overwritten" :
			                      strerror(errno));
			goto out;
		}
	}
	if (file_write_new(out->json, sb.buf, sb.len, 0644, err, errlen) < 0 ||
	    file_write_new(out->sig, sig, strlen(sig), 0644, err, errlen) < 0)
		goto out;
	if (der != NULL) {
		char *p7s = xasprintf("%s.p7s", out->json);
		int crc = file_write_new(p7s, der, derlen, 0644, err, errlen);

		free(p7s);
		if (crc < 0)
			goto out;
	}
	html = report_html(r);
	txt = report_text(r);
	if (file_write_new(out->html, html, strlen(html), 0644, err, errlen) < 0 ||
	    file_write_new(out->txt, txt, strlen(txt), 0644, err, errlen) < 0)
		goto out;
	if (mtmp != NULL) {
		unlink(mtmp);
		free(mtmp);
		mtmp = NULL;
	}
	{
		/* last: every name this run adds is in the directory by now */
		char *name = xasprintf("%s.json", out->report_id);

		head_write(dir, &chain, name, sb.buf, sb.len, sig);
		free(name);
	}
	rc = 0;
out:
	if (mtmp != NULL) {
		unlink(mtmp);
		free(mtmp);
	}
	free(side);
	close(lockfd);
	report_chain_clear(&chain);
	json_free(r);
	sb_free(&sb);
	free(sig);
	free(der);
	free(html);
	free(txt);
	free(hostpart);
	return rc;
}

/* ---- verifying one report ---- */

void
report_verification_clear(struct report_verification *c)
{
	if (c == NULL)
		return;
	free(c->error);
	json_free(c->report);
	free(c->fingerprint);
	free(c->principals);
	free(c->signers_refused);
	free(c->manifest_note);
	memset(c, 0, sizeof *c);
}

int
report_verify_bytes(const char *path, const char *data, size_t len, const char *sig, size_t siglen,
    const char *sigerr, struct report_verification *out, struct sshkey **signer)
{
	const char *claimed;
	char why[512];

	*signer = NULL;
	sha256_hex(data, len, out->sha256);
	out->status = REPORT_BAD;
	/* parsed even when the signature fails: "tampered" reads better than "bad JSON" */
	out->report = json_parse(data, len, why, sizeof why);
	if (sig == NULL) {
		out->error = xasprintf("%s: no signature (%s)", path, sigerr);
		goto bad;
	}
	sha256_hex(sig, siglen, out->sig_sha256);
	if (sshsig_verify(sig, siglen, REPORT_SIG_NAMESPACE, data, len, signer, why, sizeof why) < 0) {
		out->error = xasprintf(
		    "%s: bad signature: %s (the report or its signature was changed)", path, why);
		goto bad;
	}
	out->fingerprint = sshkey_fingerprint(*signer);
	if (out->report == NULL) {
		json_parse(data, len, why, sizeof why);
		out->error = xasprintf("%s: signed, but not valid JSON: %s", path, why);
		goto bad;
	}
	if (report_validate(out->report, why, sizeof why) < 0) {
		out->error = xasprintf("%s: does not match the report schema: %s", path, why);
		goto bad;
	}
	claimed = json_get_str(json_get(json_get(out->report, "signature"), "key_fingerprint"));
	if (claimed == NULL || strcmp(claimed, out->fingerprint) != 0) {
		out->error = xasprintf("%s: signed by %s, but the report names signer %s", path,
		    out->fingerprint, claimed != NULL ? claimed : "(none)");
		goto bad;
	}
	return 0;
bad:
	/* keep a parsed document for display only when it matches the schema */
	if (out->report != NULL && report_validate(out->report, why, sizeof why) < 0) {
		json_free(out->report);
		out->report = NULL;
	}
	sshkey_free(*signer);
	*signer = NULL;
	return -1;
}

void
report_verify_trust(const char *path, const struct report_signers *as, const char *principal,
    const struct sshkey *signer, struct report_verification *out)
{
	char err[1024];

	if (as != NULL && as->path != NULL) {
		struct signer_query q = { signer, principal, REPORT_SIG_NAMESPACE,
			as->now != 0 ? as->now : time(NULL) };
		struct signer_match m;
		int f;

		out->signers_checked = 1;
		if (as->text != NULL)
			f = allowed_signers_find_buf(as->path, as->text, as->len, &q, &m);
		else
			f = allowed_signers_find(as->path, &q, &m, err, sizeof err);
		if (f < 0) {
			out->status = REPORT_UNREADABLE;
			out->error = xasprintf("allowed signers: %s", err);
			return;
		}
		out->principals = m.principals;
		out->signers_refused = m.refused;
		m.principals = m.refused = NULL;
		if (f == 0) {
			out->status = REPORT_BAD;
			if (m.not_allowed != NULL)
				out->error = xasprintf("%s: signing key %s is not allowed: %s",
				    path, out->fingerprint, m.not_allowed);
			else
				out->error = xasprintf("%s: signing key %s is not allowed%s%s for "
				                       "namespace %s in %s",
				    path, out->fingerprint, principal != NULL ? " as " : "",
				    principal != NULL ? principal : "", REPORT_SIG_NAMESPACE, as->path);
			allowed_signers_match_clear(&m);
			return;
		}
		allowed_signers_match_clear(&m);
	}
	out->status = REPORT_GOOD;
	{
		/* the manifest beside it: altered is bad, absent is said (never a pass of it) */
		char note[1024];

		note[0] = '\0';
		out->manifest = report_manifest_check(path, out->report, note, sizeof note);
		if (out->manifest == REPORT_MANIFEST_BAD) {
			out->status = REPORT_BAD;
			out->error = xstrdup(note);
		} else if (out->manifest != REPORT_MANIFEST_NONE)
			out->manifest_note = xstrdup(note);
	}
}

void
report_verify_file(const char *path, const char *allowed_signers, const char *principal,
    struct report_verification *out)
{
	char *data = NULL, *sig = NULL, *sigpath = xasprintf("%s.sig", path), err[1024];
	size_t len, siglen = 0;
	struct sshkey *signer = NULL;
	struct report_signers as = { allowed_signers, NULL, 0, 0 };

	memset(out, 0, sizeof *out);
	if (file_read_all(path, REPORT_MAX_BYTES, &data, &len, err, sizeof err) < 0) {
		out->status = REPORT_UNREADABLE;
		out->error = xstrdup(err);
		goto done;
	}
	if (file_read_all(sigpath, REPORT_SIG_MAX_BYTES, &sig, &siglen, err, sizeof err) < 0)
		sig = NULL;
	if (report_verify_bytes(path, data, len, sig, siglen, err, out, &signer) == 0)
		report_verify_trust(path, &as, principal, signer, out);
done:
	sshkey_free(signer);
	free(data);
	free(sig);
	free(sigpath);
}

void
report_paths_free(struct report_paths *p)
{
	if (p == NULL)
		return;
	free(p->json);
	free(p->sig);
	free(p->html);
	free(p->txt);
	free(p->manifest);
	free(p->fingerprint);
	free(p->report_id);
	memset(p, 0, sizeof *p);
}

int
report_finish(struct session *s, const char *report_dir, const char *key_path,
    struct report_paths *out, char *err, size_t errlen)
{
	const struct config *cfg = session_config(s);
	const char *kp = key_path;
	struct sshkey *key;
	char *dir = NULL;
	int rc;

	memset(out, 0, sizeof *out);
	if (session_finished(s) != 0) {
		snprintf(err, errlen, "%s: the session is already finished (report %s)",
		    session_path(s), session_report(s));
		return -1;
	}
	if (kp == NULL && cfg != NULL)
		kp = cfg->signing_key;
	if (kp == NULL) {
		snprintf(err, errlen,
		    "no signing key: name one (--key, or signing_key in the "
		    "configuration); reentry keygen makes one");
		return -1;
	}
	if ((key = sshkey_load_private(kp, err, errlen)) == NULL)
		return -1;
	if (report_dir == NULL)
		report_dir = dir = config_report_dir(cfg);
	rc = report_write(s, report_dir, key, out, err, errlen);
	sshkey_free(key);
	free(dir);
	if (rc < 0) {
		report_paths_free(out);
		return -1;
	}
	if (session_mark_finished(s, out->json, err, errlen) < 0)
		return -1; /* the report exists; out says where */
	return 0;
}
