/*
 * windows/av_signatures.c: the av-signatures probe for a Windows
 * installation read from its disk: Microsoft Defender's signature and engine
 * versions and its last signature update (SOFTWARE\Microsoft\Windows
 * Defender\Signature Updates: AVSignatureVersion, EngineVersion,
 * SignaturesLastUpdated, a FILETIME), whether Defender or its real-time
 * protection is turned off by setting (Windows Defender, and its Real-Time
 * Protection subkey) or by Group Policy (Policies\Microsoft\Windows
 * Defender, which wins), its exclusions, and the antivirus products among
 * the installed software. The judge is the check's own (av_signatures.c).
 */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "../av_signatures.h"
#include "../check.h"
#include "../../sys/winreg.h"
#include "../../util/xalloc.h"
#include "winprobe.h"

#define DEF "Microsoft\\Windows Defender"
#define DEF_POL "Policies\\Microsoft\\Windows Defender"

/* DisplayName patterns of antivirus products (case ignored). */
static const char *const av_products[] = {
	"*ESET*Security*",
	"*ESET*Antivirus*",
	"*ESET Endpoint*",
	"*Kaspersky*",
	"*Trend Micro*",
	"*ウイルスバスター*",
	"*Apex One*",
	"*Symantec Endpoint*",
	"*Norton*",
	"*McAfee*",
	"*Trellix*",
	"*Sophos*",
	"*Bitdefender*",
	"*Avast*",
	"*AVG *",
	"*F-Secure*",
	"*WithSecure*",
	"*CrowdStrike*",
	"*SentinelOne*",
	"*Sentinel Agent*",
	"*Cylance*",
	"*Carbon Black*",
	"*Malwarebytes*",
	"*Cortex XDR*",
	"*FFRI*",
	"*Webroot*",
	"*G DATA*",
	"*Panda*",
	NULL,
};

/* "policy NAME=1" or "setting NAME=1" when NAME is non-zero in the policy key (first) or the setting key. */
static char *
turned_off(struct check_result *res, const struct winreg_hive *h, const char *polpath,
    const char *setpath, const char *name)
{
	const char *paths[2] = { polpath, setpath }, *from[2] = { "policy", "setting" };
	size_t i;

	for (i = 0; i < 2; i++) {
		winreg_key k = winreg_key_at(h, paths[i]);
		uint32_t v;

		if (k == 0)
			continue;
		if (winprobe_dword(res, h, k, paths[i], name, &v))
			return v != 0 ? xasprintf("%s %s=%u", from[i], name, v) : NULL;
	}
	return NULL;
}

/* Every value name under Exclusions\{Paths,Extensions,Processes} of the setting and policy keys. */
static void
exclusions(struct check_result *res, const struct winreg_hive *h, struct json *out)
{
	static const char *const kinds[] = { "Paths", "Extensions", "Processes", NULL };
	static const char *const roots[] = { DEF, DEF_POL, NULL };
	size_t r, i, j;

	for (r = 0; roots[r] != NULL; r++)
		for (i = 0; kinds[i] != NULL; i++) {
			char *p = xasprintf("%s\\Exclusions\\%s", roots[r], kinds[i]), **names;
			winreg_key k = winreg_key_at(h, p);

			if (k != 0 && (names = winreg_value_names(h, k)) != NULL) {
				for (j = 0; names[j] != NULL; j++) {
					json_arr_push(out, json_strf("%s: %s", kinds[i], names[j]));
					winprobe_evidence(res, h, k, p, names[j], "excluded");
				}
				strv_free(names);
			}
			free(p);
		}
}

int
av_signatures_probe_windows(const struct check_ctx *ctx, void *facts, struct check_result *res)
{
	static const char su[] = DEF "\\Signature Updates";
	struct av_signatures_facts *f = facts;
	struct av_defender *d;
	struct winprobe w;
	struct winprobe_program *progs;
	size_t nprogs, i, j;
	winreg_key k;
	struct json *notes;

	if (winprobe_open(&w, ctx, res, WINPROBE_SOFTWARE) < 0)
		return -1;
	d = f->defender = xcalloc(1, sizeof *f->defender);
	d->hive = xstrdup(winreg_file(w.software));
	k = winreg_key_at(w.software, su);
	d->present = k != 0;
	if (k != 0) {
		unsigned char *bin = NULL;
		size_t len = 0;
		uint32_t type;

		d->av_version = winprobe_string(res, w.software, k, su, "AVSignatureVersion");
		d->engine_version = winprobe_string(res, w.software, k, su, "EngineVersion");
		if (winreg_binary(w.software, k, "SignaturesLastUpdated", &bin, &len, &type) == WINREG_OK &&
		    len == 8) {
			uint64_t ft = 0;

			for (j = 8; j-- > 0;)
				ft = ft << 8 | bin[j];
			if (winreg_filetime(ft) != (time_t)-1)
				d->updated = winreg_filetime(ft);
		}
		winprobe_evidence(res, w.software, k, su, "SignaturesLastUpdated",
		    d->updated > 0 ? "FILETIME" : "absent or unreadable");
		free(bin);
	} else {
		winprobe_evidence(res, w.software, 0, su, NULL, NULL);
	}
	d->disabled_by = turned_off(res, w.software, DEF_POL, DEF, "DisableAntiSpyware");
	if (d->disabled_by == NULL)
		d->disabled_by = turned_off(res, w.software, DEF_POL, DEF, "DisableAntiVirus");
	d->realtime_off_by = turned_off(res, w.software, DEF_POL "\\Real-Time Protection",
	    DEF "\\Real-Time Protection", "DisableRealtimeMonitoring");
	d->exclusions = json_array();
	exclusions(res, w.software, d->exclusions);
	d->third_party = json_array();
	notes = json_array();
	winprobe_programs(&w, ctx, &progs, &nprogs, notes);
	for (i = 0; i < nprogs; i++)
		for (j = 0; av_products[j] != NULL; j++)
			if (fnmatch(av_products[j], progs[i].name, FNM_CASEFOLD) == 0) {
				json_arr_push(d->third_party, json_str(progs[i].name));
				if (progs[i].user == NULL)
					winprobe_evidence(res, w.software,
					    winreg_key_at(w.software, progs[i].key), progs[i].key,
					    "DisplayName", progs[i].name);
				break;
			}
	if (json_len(notes) > 0)
		json_obj_set(res->details, "notes", notes);
	else
		json_free(notes);
	winprobe_programs_free(progs, nprogs);
	winprobe_dirty_notes(&w, res);
	winprobe_close(&w);
	return 0;
}
