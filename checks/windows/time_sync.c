/*
 * windows/time_sync.c: the time-sync probe for a Windows installation read
 * from its disk: the Windows Time service (W32Time) in the live control set
 * of SYSTEM: its Start type (4 is disabled), Parameters\Type (NTP, NT5DS
 * for a domain, AllSync; NoSync synchronises nothing) and NtpServer, and
 * the time-service policy (SOFTWARE\Policies\Microsoft\W32Time\Parameters),
 * which wins. A service set up to synchronise counts as configured; whether
 * the clock was synchronised cannot be seen at rest, so the judge
 * (time_sync.c) makes that unknown, and a disabled service or NoSync fails.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../check.h"
#include "../time_sync.h"
#include "../../sys/winreg.h"
#include "../../util/text.h"
#include "../../util/xalloc.h"
#include "winprobe.h"

#define W32_POLICY "Policies\\Microsoft\\W32Time\\Parameters"

int
time_sync_probe_windows(const struct check_ctx *ctx, void *facts, struct check_result *res)
{
	struct time_sync_facts *f = facts;
	struct winprobe w;
	char *svc, *par, *type, *server = NULL, *safe_type, *safe_server;
	winreg_key sk, pk, pol;
	uint32_t start = 3;
	struct json *o;

	if (winprobe_open(&w, ctx, res, WINPROBE_SOFTWARE | WINPROBE_SYSTEM) < 0)
		return -1;
	f->kernel = -1;
	svc = winprobe_cs_path(&w, "Services\\W32Time");
	par = winprobe_cs_path(&w, "Services\\W32Time\\Parameters");
	sk = winreg_key_at(w.system, svc);
	pk = winreg_key_at(w.system, par);
	pol = winreg_key_at(w.software, W32_POLICY);
	o = json_obj_set(res->details, "w32time", json_object());
	json_obj_set(o, "service", json_bool(sk != 0));
	if (sk == 0) {
		winprobe_evidence(res, w.system, 0, svc, NULL, NULL);
		goto out;
	}
	if (!winprobe_dword(res, w.system, sk, svc, "Start", &start))
		start = 3;
	type = pol != 0 ? winprobe_string(res, w.software, pol, W32_POLICY, "Type") : NULL;
	if (type == NULL)
		type = winprobe_string(res, w.system, pk, par, "Type");
	if (pol != 0)
		server = winprobe_string(res, w.software, pol, W32_POLICY, "NtpServer");
	if (server == NULL)
		server = winprobe_string(res, w.system, pk, par, "NtpServer");
	safe_type = text_sanitize(type != NULL ? type : "NT5DS");
	safe_server = server != NULL ? text_sanitize(server) : NULL;
	json_obj_set(o, "start", json_int(start));
	json_obj_set(o, "type", json_str(safe_type));
	json_obj_set(o, "ntp_server", json_str(safe_server));
	/* Windows' own default Type (absent) is NT5DS: the domain hierarchy, else nothing */
	if (start != 4 && strcasecmp(safe_type, "NoSync") != 0) {
		f->configured = xreallocarray(f->configured, f->nconfigured + 1, sizeof *f->configured);
		f->configured[f->nconfigured++] = xasprintf("%s (W32Time, Type %s%s%s)",
		    winreg_file(w.system), safe_type, safe_server ? ", NtpServer " : "",
		    safe_server ? safe_server : "");
	}
	free(type);
	free(server);
	free(safe_type);
	free(safe_server);
out:
	free(svc);
	free(par);
	winprobe_dirty_notes(&w, res);
	winprobe_close(&w);
	return 0;
}
