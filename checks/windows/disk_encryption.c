/*
 * windows/disk_encryption.c: the disk-encryption probe for a Windows
 * installation read from its disk. A BitLocker volume that the desk can read
 * has been unlocked (dislocker, or Windows itself): its files look the same
 * whether the volume underneath is encrypted or not, so the files prove
 * nothing either way. What the installation says is its BitLocker policy,
 * SOFTWARE\Policies\Microsoft\FVE, whose values are all reported (a policy
 * that asks for encryption is not proof that it happened). The judge makes
 * the result unknown with the way to find out.
 */
#include <stdio.h>
#include <stdlib.h>

#include "../check.h"
#include "../disk_encryption.h"
#include "../../sys/winreg.h"
#include "../../util/text.h"
#include "../../util/xalloc.h"
#include "winprobe.h"

#define FVE_POLICY "Policies\\Microsoft\\FVE"

int
disk_encryption_probe_windows(const struct check_ctx *ctx, void *facts, struct check_result *res)
{
	struct disk_encryption_facts *f = facts;
	struct winprobe w;
	winreg_key k;
	char **names;
	size_t i;

	if (winprobe_open(&w, ctx, res, WINPROBE_SOFTWARE) < 0)
		return -1;
	f->windows = 1;
	k = winreg_key_at(w.software, FVE_POLICY);
	winprobe_evidence(res, w.software, k, FVE_POLICY, NULL, NULL);
	if (k == 0)
		goto out;
	f->fve_policy = json_array();
	if ((names = winreg_value_names(w.software, k)) == NULL) {
		f->errors = xreallocarray(f->errors, f->nerrors + 1, sizeof *f->errors);
		f->errors[f->nerrors++] = xasprintf("%s: %s: the values could not be read (damaged hive)",
		    winreg_file(w.software), FVE_POLICY);
		goto out;
	}
	for (i = 0; names[i] != NULL && i < 200; i++) {
		struct json *o = json_arr_push(f->fve_policy, json_object());
		char *s = NULL, buf[32], *safe_name = text_sanitize(names[i]);
		uint32_t d;

		json_obj_set(o, "value", json_str(safe_name));
		if (winreg_dword(w.software, k, names[i], &d) == WINREG_OK) {
			snprintf(buf, sizeof buf, "%u", d);
			json_obj_set(o, "data", json_str(buf));
		} else if (winreg_string(w.software, k, names[i], &s) == WINREG_OK) {
			char *safe = text_sanitize(s);

			json_obj_set(o, "data", json_str(safe));
			free(safe);
		} else {
			json_obj_set(o, "data", json_str("(another type)"));
		}
		free(s);
		free(safe_name);
	}
	strv_free(names);
out:
	winprobe_dirty_notes(&w, res);
	winprobe_close(&w);
	return 0;
}
