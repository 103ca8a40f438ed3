/*
 * windows/os_updates.c: the os-updates probe for a Windows installation
 * read from its disk.
 *
 * - The build and UBR: SOFTWARE\Microsoft\Windows NT\CurrentVersion.
 * - The newest installed cumulative update: the Package_for_RollupFix~...
 *   packages under Component Based Servicing\Packages with CurrentState 112
 *   (installed), by InstallTimeHigh/InstallTimeLow (a FILETIME).
 * - A pending restart: Component Based Servicing\RebootPending,
 *   WindowsUpdate\Auto Update\RebootRequired (keys that exist only then),
 *   and Session Manager's PendingFileRenameOperations in the live control
 *   set of SYSTEM.
 *
 * What is available from Microsoft is not on the disk: the judge
 * (os_updates.c) says so rather than pass.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../check.h"
#include "../os_updates.h"
#include "../../sys/winreg.h"
#include "../../util/text.h"
#include "../../util/xalloc.h"
#include "winprobe.h"

#define CBS "Microsoft\\Windows\\CurrentVersion\\Component Based Servicing"
#define CBS_INSTALLED 112

/* The newest installed RollupFix package and its install time. */
static void
newest_rollup(struct os_updates_windows *wf, struct check_result *res, const struct winprobe *w)
{
	winreg_key pk = winreg_key_at(w->software, CBS "\\Packages"), *kids, best = 0;
	size_t n, i;

	if (pk == 0) {
		winprobe_evidence(res, w->software, 0, CBS "\\Packages", NULL, NULL);
		return;
	}
	if (winreg_subkeys(w->software, pk, &kids, &n) != WINREG_OK)
		return;
	wf->packages = n;
	for (i = 0; i < n; i++) {
		char *name = winreg_key_name(w->software, kids[i]);
		uint32_t state, hi, lo;
		time_t t;

		if (name == NULL || strncasecmp(name, "Package_for_RollupFix", 21) != 0 ||
		    winreg_dword(w->software, kids[i], "CurrentState", &state) != WINREG_OK ||
		    state != CBS_INSTALLED ||
		    winreg_dword(w->software, kids[i], "InstallTimeHigh", &hi) != WINREG_OK ||
		    winreg_dword(w->software, kids[i], "InstallTimeLow", &lo) != WINREG_OK ||
		    (t = winreg_filetime((uint64_t)hi << 32 | lo)) == (time_t)-1 ||
		    t <= wf->lcu_installed) {
			free(name);
			continue;
		}
		free(wf->lcu_package);
		wf->lcu_package = name;
		wf->lcu_installed = t;
		best = kids[i];
	}
	free(kids);
	if (best != 0) {
		char *p = xasprintf(CBS "\\Packages\\%s", wf->lcu_package);

		winprobe_evidence(res, w->software, best, p, "InstallTimeHigh/InstallTimeLow", "FILETIME");
		free(p);
	}
}

int
os_updates_probe_windows(const struct check_ctx *ctx, void *facts, struct check_result *res)
{
	static const char cv[] = "Microsoft\\Windows NT\\CurrentVersion";
	static const char wu[] = "Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\RebootRequired";
	struct os_updates_facts *f = facts;
	struct os_updates_windows *wf;
	struct winprobe w;
	winreg_key k;
	uint32_t ubr;
	char **renames = NULL, *sm;

	if (winprobe_open(&w, ctx, res, WINPROBE_SOFTWARE | WINPROBE_SYSTEM) < 0)
		return -1;
	wf = f->windows = xcalloc(1, sizeof *f->windows);
	wf->hive = xstrdup(winreg_file(w.software));
	wf->ubr = -1;
	wf->reboot = json_array();
	k = winreg_key_at(w.software, cv);
	wf->build = winprobe_string(res, w.software, k, cv, "CurrentBuildNumber");
	wf->edition = winprobe_string(res, w.software, k, cv, "EditionID");
	if (winprobe_dword(res, w.software, k, cv, "UBR", &ubr))
		wf->ubr = (long)ubr;
	newest_rollup(wf, res, &w);
	if ((k = winreg_key_at(w.software, CBS "\\RebootPending")) != 0) {
		json_arr_push(wf->reboot, json_str("Component Based Servicing\\RebootPending"));
		winprobe_evidence(res, w.software, k, CBS "\\RebootPending", NULL, "present");
	}
	if ((k = winreg_key_at(w.software, wu)) != 0) {
		json_arr_push(wf->reboot, json_str("WindowsUpdate\\Auto Update\\RebootRequired"));
		winprobe_evidence(res, w.software, k, wu, NULL, "present");
	}
	sm = winprobe_cs_path(&w, "Control\\Session Manager");
	k = winreg_key_at(w.system, sm);
	if (k != 0 &&
	    winreg_multi_string(w.system, k, "PendingFileRenameOperations", &renames) == WINREG_OK) {
		if (renames[0] != NULL) {
			char *safe = text_sanitize(renames[0]);

			json_arr_push(wf->reboot,
			    json_strf("Session Manager\\PendingFileRenameOperations (%s)", safe));
			free(safe);
			winprobe_evidence(res, w.system, k, sm, "PendingFileRenameOperations",
			    renames[0]);
		}
		strv_free(renames);
	}
	free(sm);
	winprobe_dirty_notes(&w, res);
	winprobe_close(&w);
	return 0;
}
