/*
 * windows/time_sync.c: the time-sync probe for a Windows installation read
 * from its disk. Only configuration is on the disk, as in a Linux image:
 * the Windows Time service (W32Time) in the live control set of SYSTEM,
 * its Start type, Parameters\Type and NtpServer, the NTP client provider
 * (TimeProviders\NtpClient Enabled), and the time-service policy
 * (SOFTWARE\Policies\Microsoft\W32Time\Parameters and
 * ...\TimeProviders\NtpClient), which wins where it sets a value. The last
 * time estimate W32Time kept (SecureTimeLimits\SecureTimeEstimated, from
 * Secure Time Seeding) is reported, never believed: it says nothing about
 * whether NTP reached a server.
 */
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "../time_sync.h"
#include "../../sys/winreg.h"
#include "../../util/text.h"
#include "../../util/timefmt.h"
#include "../../util/xalloc.h"
#include "winprobe.h"

#define W32_POLICY "Policies\\Microsoft\\W32Time\\Parameters"
#define W32_POLICY_NTP "Policies\\Microsoft\\W32Time\\TimeProviders\\NtpClient"

/* Notes a value that is there but could not be read as its type: the verdict becomes unknown. */
static void
problem(struct time_sync_facts *f, const struct winreg_hive *h, const char *key, const char *value,
    enum winreg_rc rc)
{
	json_arr_push(f->problems,
	    json_strf("%s: %s\\%s %s", winreg_file(h), key, value, winreg_rc_text(rc)));
}

/* A string from the policy when set there, else the setting; sanitised, *from says which. */
static char *
pick_string(struct time_sync_facts *f, struct check_result *res, const struct winprobe *w, winreg_key pol,
    const char *polpath, winreg_key set, const char *setpath, const char *name, const char **from)
{
	char *s = NULL, *safe;
	enum winreg_rc rc;
	int by_policy;

	*from = NULL;
	if (pol != 0) {
		rc = winreg_string(w->software, pol, name, &s);
		if (rc == WINREG_OK) {
			*from = "policy";
			goto found;
		}
		if (rc != WINREG_ABSENT)
			problem(f, w->software, polpath, name, rc);
	}
	if (set == 0) {
		winprobe_evidence(res, w->system, 0, setpath, name, NULL);
		return NULL;
	}
	rc = winreg_string(w->system, set, name, &s);
	if (rc != WINREG_OK) {
		if (rc != WINREG_ABSENT)
			problem(f, w->system, setpath, name, rc);
		winprobe_evidence(res, w->system, set, setpath, name, winreg_rc_text(rc));
		return NULL;
	}
	*from = "setting";
found:
	safe = text_sanitize(s);
	by_policy = strcmp(*from, "policy") == 0;
	winprobe_evidence(res, by_policy ? w->software : w->system, by_policy ? pol : set,
	    by_policy ? polpath : setpath, name, safe);
	free(s);
	return safe;
}

/* A DWORD from the policy when set there, else the setting: 1 with *out set, 0 not set. */
static int
pick_dword(struct time_sync_facts *f, struct check_result *res, const struct winprobe *w,
    winreg_key pol, const char *polpath, winreg_key set, const char *setpath, const char *name,
    uint32_t *out, const char **from)
{
	enum winreg_rc rc;

	*from = NULL;
	if (pol != 0) {
		rc = winreg_dword(w->software, pol, name, out);
		if (rc == WINREG_OK) {
			*from = "policy";
			return winprobe_dword(res, w->software, pol, polpath, name, out);
		}
		if (rc != WINREG_ABSENT)
			problem(f, w->software, polpath, name, rc);
	}
	if (set != 0 && (rc = winreg_dword(w->system, set, name, out)) != WINREG_OK && rc != WINREG_ABSENT)
		problem(f, w->system, setpath, name, rc);
	if (winprobe_dword(res, w->system, set, setpath, name, out)) {
		*from = "setting";
		return 1;
	}
	return 0;
}

int
time_sync_probe_windows(const struct check_ctx *ctx, void *facts, struct check_result *res)
{
	struct time_sync_facts *f = facts;
	struct time_sync_windows *tw;
	struct winprobe w;
	char *svc, *par, *ntp, *stl;
	winreg_key sk, pk, nk, lk, pol, poln;
	uint32_t d;
	uint64_t q;
	size_t i;
	enum winreg_rc rc;

	if (winprobe_open(&w, ctx, res, WINPROBE_SOFTWARE | WINPROBE_SYSTEM) < 0)
		return -1;
	f->live = 0;
	f->kernel = -1;
	for (i = 0; i < TIME_SYNC_NSERVICES; i++)
		f->enabled[i] = f->config[i] = 0;
	f->problems = json_array();
	f->win = tw = xcalloc(1, sizeof *tw);
	tw->start = -1;
	tw->ntp_client = -1;
	tw->system_written = winreg_hive_time(w.system);
	svc = winprobe_cs_path(&w, "Services\\W32Time");
	par = winprobe_cs_path(&w, "Services\\W32Time\\Parameters");
	ntp = winprobe_cs_path(&w, "Services\\W32Time\\TimeProviders\\NtpClient");
	stl = winprobe_cs_path(&w, "Services\\W32Time\\SecureTimeLimits");
	sk = winreg_key_at(w.system, svc);
	pol = winreg_key_at(w.software, W32_POLICY);
	poln = winreg_key_at(w.software, W32_POLICY_NTP);
	if (sk == 0) {
		winprobe_evidence(res, w.system, 0, svc, NULL, NULL);
		goto out;
	}
	tw->service = 1;
	pk = winreg_key_at(w.system, par);
	nk = winreg_key_at(w.system, ntp);
	lk = winreg_key_at(w.system, stl);
	if ((rc = winreg_dword(w.system, sk, "Start", &d)) != WINREG_OK && rc != WINREG_ABSENT)
		problem(f, w.system, svc, "Start", rc);
	if (winprobe_dword(res, w.system, sk, svc, "Start", &d))
		tw->start = (long)d;
	tw->type = pick_string(f, res, &w, pol, W32_POLICY, pk, par, "Type", &tw->type_from);
	tw->ntp_server = pick_string(f, res, &w, pol, W32_POLICY, pk, par, "NtpServer", &tw->server_from);
	if (pick_dword(f, res, &w, poln, W32_POLICY_NTP, nk, ntp, "Enabled", &d, &tw->client_from))
		tw->ntp_client = d != 0;
	if (lk != 0 && winreg_qword(w.system, lk, "SecureTimeEstimated", &q) == WINREG_OK &&
	    winreg_filetime(q) != (time_t)-1) {
		char t[TIME_ISO_LEN];

		tw->secure_time = winreg_filetime(q);
		time_iso_utc(tw->secure_time, t);
		winprobe_evidence(res, w.system, lk, stl, "SecureTimeEstimated", t);
	}
out:
	free(svc);
	free(par);
	free(ntp);
	free(stl);
	winprobe_dirty_notes(&w, res);
	winprobe_close(&w);
	return 0;
}
