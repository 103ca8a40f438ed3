/*
 * winprobe.c: shared helpers of the Windows probes: hives, the live control
 * set and registry evidence (see winprobe.h).
 */
#include "winprobe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	char *ja = xasprintf("レジストリを読み取れませんでした: %s", err);

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
