/*
 * winprobe.c: shared helpers of the Windows probes: hives, the live control
 * set and registry evidence (see winprobe.h).
 */
#include "winprobe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../util/errtext.h"
#include "../../util/timefmt.h"
#include "../../util/xalloc.h"

int
winprobe_open(struct winprobe *w, const struct check_ctx *ctx, struct check_result *res, unsigned need)
{
	char err[512];

	memset(w, 0, sizeof *w);
	if ((need & WINPROBE_SOFTWARE) &&
	    (w->software = winreg_open_config(ctx->target, "SOFTWARE", err, sizeof err)) == NULL)
		goto fail;
	if (need & WINPROBE_SYSTEM) {
		if ((w->system = winreg_open_config(ctx->target, "SYSTEM", err, sizeof err)) == NULL)
			goto fail;
		if ((w->control_set = winreg_control_set(w->system, err, sizeof err)) == NULL)
			goto fail;
	}
	return 0;
fail : {
	char *en = xasprintf("the registry could not be read: %s", err);
	char *ja_err = errtext_problem_ja(err);
	char *ja = xasprintf("レジストリを読み取れませんでした: %s", ja_err);

	free(ja_err);
	check_result_set(res, CHECK_UNKNOWN, en, ja);
	json_obj_set(res->details, "error", json_str(err));
	free(en);
	free(ja);
	winprobe_close(w);
	return -1;
}
}

void
winprobe_close(struct winprobe *w)
{
	winreg_close(w->software);
	winreg_close(w->system);
	free(w->control_set);
	memset(w, 0, sizeof *w);
}

winreg_key
winprobe_cs_key(const struct winprobe *w, const char *path)
{
	char *p;
	winreg_key k;

	if (w->system == NULL || w->control_set == NULL)
		return 0;
	p = winprobe_cs_path(w, path);
	k = winreg_key_at(w->system, p);
	free(p);
	return k;
}

char *
winprobe_cs_path(const struct winprobe *w, const char *path)
{
	return xasprintf("%s\\%s", w->control_set != NULL ? w->control_set : "ControlSet???", path);
}

void
winprobe_evidence(struct check_result *res, const struct winreg_hive *h, winreg_key k,
    const char *keypath, const char *value, const char *data)
{
	struct json *e = json_object();
	time_t t = k != 0 ? winreg_key_time(h, k) : (time_t)-1;

	json_obj_set(e, "kind", json_str("registry"));
	json_obj_set(e, "hive", json_str(winreg_file(h)));
	json_obj_set(e, "key", json_str(keypath));
	json_obj_set(e, "value", json_str(value));
	if (k == 0)
		json_obj_set(e, "missing", json_bool(1));
	else
		json_obj_set(e, "data", json_str(data));
	if (t != (time_t)-1) {
		char buf[TIME_ISO_LEN];

		time_iso_utc(t, buf);
		json_obj_set(e, "key_written", json_str(buf));
	}
	json_arr_push(res->evidence, e);
}

int
winprobe_dword(struct check_result *res, const struct winreg_hive *h, winreg_key k,
    const char *keypath, const char *value, uint32_t *out)
{
	enum winreg_rc rc = k != 0 ? winreg_dword(h, k, value, out) : WINREG_ABSENT;
	char buf[32];

	if (k == 0) {
		winprobe_evidence(res, h, 0, keypath, value, NULL);
		return 0;
	}
	if (rc == WINREG_OK)
		snprintf(buf, sizeof buf, "%u", *out);
	winprobe_evidence(res, h, k, keypath, value, rc == WINREG_OK ? buf : winreg_rc_text(rc));
	return rc == WINREG_OK;
}

char *
winprobe_string(struct check_result *res, const struct winreg_hive *h, winreg_key k,
    const char *keypath, const char *value)
{
	char *s = NULL;
	enum winreg_rc rc = k != 0 ? winreg_string(h, k, value, &s) : WINREG_ABSENT;

	if (k == 0)
		winprobe_evidence(res, h, 0, keypath, value, NULL);
	else
		winprobe_evidence(res, h, k, keypath, value, rc == WINREG_OK ? s : winreg_rc_text(rc));
	return s;
}

void
winprobe_dirty_notes(const struct winprobe *w, struct check_result *res)
{
	const struct winreg_hive *hs[2] = { w->software, w->system };
	struct json *notes = NULL;
	size_t i;

	for (i = 0; i < 2; i++)
		if (hs[i] != NULL && winreg_dirty(hs[i])) {
			if (notes == NULL)
				notes = json_obj_set(res->details, "hive_notes", json_array());
			json_arr_push(notes,
			    json_strf("%s: not cleanly written back; changes still in its .LOG1/.LOG2 "
			              "transaction logs are not replayed and may be missing",
			        winreg_file(hs[i])));
		}
}

/* "20240115" (or a DWORD of those digits) as midnight UTC; 0 when not a date. */
static time_t
install_date(const struct winreg_hive *h, winreg_key k)
{
	char *s = NULL, buf[16];
	uint32_t d;
	struct tm tm;
	time_t t = 0;

	if (winreg_string(h, k, "InstallDate", &s) != WINREG_OK) {
		if (winreg_dword(h, k, "InstallDate", &d) != WINREG_OK)
			return 0;
		snprintf(buf, sizeof buf, "%u", d);
		s = xstrdup(buf);
	}
	memset(&tm, 0, sizeof tm);
	if (strlen(s) == 8 && strspn(s, "0123456789") == 8) {
		tm.tm_year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
		    (s[3] - '0') - 1900;
		tm.tm_mon = (s[4] - '0') * 10 + (s[5] - '0') - 1;
		tm.tm_mday = (s[6] - '0') * 10 + (s[7] - '0');
		if (tm.tm_year > 70 && tm.tm_mon >= 0 && tm.tm_mon < 12 && tm.tm_mday >= 1 &&
		    tm.tm_mday <= 31)
			t = timegm(&tm);
	}
	free(s);
	return t > 0 ? t : 0;
}

/* Adds the programs under one Uninstall key. */
static void
programs_in(const struct winreg_hive *h, const char *keypath, const char *user,
    struct winprobe_program **out, size_t *n, struct json *notes)
{
	winreg_key k = winreg_key_at(h, keypath), *kids;
	size_t nk, i;

	if (k == 0)
		return;
	if (winreg_subkeys(h, k, &kids, &nk) != WINREG_OK) {
		json_arr_push(notes,
		    json_strf("%s: %s: the subkeys could not be read (damaged hive)",
		        winreg_file(h), keypath));
		return;
	}
	for (i = 0; i < nk; i++) {
		struct winprobe_program *p;
		char *name = NULL, *kname;

		if (winreg_string(h, kids[i], "DisplayName", &name) != WINREG_OK || name[0] == '\0') {
			free(name);
			continue;
		}
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		p = &(*out)[(*n)++];
		memset(p, 0, sizeof *p);
		p->name = name;
		(void)winreg_string(h, kids[i], "DisplayVersion", &p->version);
		(void)winreg_string(h, kids[i], "Publisher", &p->publisher);
		(void)winreg_string(h, kids[i], "InstallLocation", &p->location);
		p->hive = xstrdup(winreg_file(h));
		kname = winreg_key_name(h, kids[i]);
		p->key = xasprintf("%s\\%s", keypath, kname != NULL ? kname : "?");
		free(kname);
		p->user = user != NULL ? xstrdup(user) : NULL;
		p->install_date = install_date(h, kids[i]);
		p->key_written = winreg_key_time(h, kids[i]);
	}
	free(kids);
}

void
winprobe_programs(const struct winprobe *w, const struct check_ctx *ctx,
    struct winprobe_program **out, size_t *n, struct json *notes)
{
	static const char un[] = "Microsoft\\Windows\\CurrentVersion\\Uninstall";
	static const char un32[] = "WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall";
	struct winreg_user *users;
	size_t nu, i;
	char err[512];

	*out = NULL;
	*n = 0;
	programs_in(w->software, un, NULL, out, n, notes);
	programs_in(w->software, un32, NULL, out, n, notes);
	if (winreg_users(ctx->target, &users, &nu, err, sizeof err) < 0) {
		json_arr_push(notes, json_str(err));
		return;
	}
	for (i = 0; i < nu; i++) {
		struct winreg_hive *h = winreg_open(ctx->target, users[i].hive, err, sizeof err);
		char *p;

		if (h == NULL) {
			json_arr_push(notes, json_str(err));
			continue;
		}
		p = xasprintf("Software\\%s", un);
		programs_in(h, p, users[i].name, out, n, notes);
		free(p);
		winreg_close(h);
	}
	winreg_users_free(users, nu);
}

void
winprobe_programs_free(struct winprobe_program *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(p[i].name);
		free(p[i].version);
		free(p[i].publisher);
		free(p[i].location);
		free(p[i].hive);
		free(p[i].key);
		free(p[i].user);
	}
	free(p);
}
