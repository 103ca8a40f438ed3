/*
 * windows/remote_access.c: the remote-access probe for a Windows
 * installation read from its disk. Everything comes from the registry, in
 * the live control set of SYSTEM and from Group Policy in SOFTWARE (which
 * wins where it is set):
 *
 * - Remote Desktop: Control\Terminal Server fDenyTSConnections (absent: 1,
 *   denied), Network Level Authentication from WinStations\RDP-Tcp
 *   UserAuthentication, and the port from RDP-Tcp PortNumber (3389);
 *   Policies\Microsoft\Windows NT\Terminal Services overrides both.
 * - Remote Assistance: Control\Remote Assistance fAllowToGetHelp, or the
 *   same policy value.
 * - Services of remote-access servers and tools (OpenSSH server, WinRM set
 *   to start automatically, AnyDesk, TeamViewer, VNC servers, ...) that are
 *   not disabled (Start other than 4).
 *
 * - VPN profiles: the VPN entries (Type=2) of Windows' phone books
 *   (ProgramData and each user's AppData/Roaming/Microsoft/Network/
 *   Connections/Pbk/rasphone.pbk), OpenVPN profiles (Program Files/OpenVPN/
 *   config and each user's OpenVPN/config) and WireGuard tunnels (Program
 *   Files/WireGuard/Data/Configurations).
 *
 * Each registry setup found is named by a path of the form
 * HIVE-FILE/ControlSetNNN/Key/Path so that allow_configs globs can expect it
 * (a "*" in place of ControlSetNNN matches any control set).
 * The sockets of a system at rest cannot be seen: the facts say so and the
 * judge makes that part unknown. sshd_config under ProgramData/ssh is noted
 * as present but its settings are not read here yet. A phone book that
 * cannot be read makes the result unknown.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../check.h"
#include "../remote_access.h"
#include "../../sys/winreg.h"
#include "../../util/text.h"
#include "../../util/xalloc.h"
#include "winprobe.h"

/* Services of remote-access servers and tools; auto_only: a finding only when it starts by itself. */
static const struct {
	const char *service;
	const char *what;
	int auto_only;
} ra_services[] = {
	{ "sshd", "OpenSSH server", 0 },
	{ "WinRM", "Windows Remote Management (WinRM)", 1 },
	{ "TermService", NULL, 0 }, /* Remote Desktop itself: decided from fDenyTSConnections */
	{ "AnyDesk", "AnyDesk", 0 },
	{ "TeamViewer", "TeamViewer", 0 },
	{ "RustDesk", "RustDesk", 0 },
	{ "uvnc_service", "UltraVNC server", 0 },
	{ "tvnserver", "TightVNC server", 0 },
	{ "vncserver", "RealVNC server", 0 },
	{ "SplashtopRemoteService", "Splashtop", 0 },
	{ "LogMeIn", "LogMeIn", 0 },
	{ "chromoting", "Chrome Remote Desktop", 0 },
	{ "ZohoAssist", "Zoho Assist", 0 },
	{ "Parsec", "Parsec", 0 },
	{ NULL, NULL, 0 },
};

/* Adds a finding named by hive file and key path (backslashes as slashes). */
static void
add_finding(struct remote_access_facts *f, const struct winreg_hive *h, const char *keypath,
    const char *kind)
{
	struct ra_config *c;
	char *file = xasprintf("%s/%s", winreg_file(h), keypath), *p;

	for (p = file; *p != '\0'; p++)
		if (*p == '\\')
			*p = '/';
	f->configs = xreallocarray(f->configs, f->nconfigs + 1, sizeof *f->configs);
	c = &f->configs[f->nconfigs++];
	memset(c, 0, sizeof *c);
	c->what = RA_CONFIG_FOUND;
	c->kind = xstrdup(kind);
	c->file = file;
}

/* A DWORD from the policy key when set there, else from the setting key; *from says which. */
static int
policy_or_setting(struct check_result *res, const struct winprobe *w, winreg_key pol,
    const char *polpath, const struct winreg_hive *sh, winreg_key set, const char *setpath,
    const char *name, uint32_t *out, const char **from)
{
	if (pol != 0 && winprobe_dword(res, w->software, pol, polpath, name, out)) {
		*from = "policy";
		return 1;
	}
	*from = "setting";
	return winprobe_dword(res, sh, set, setpath, name, out);
}

/* Remote Desktop: enabled or not, NLA and the port. */
static void
probe_rdp(struct remote_access_facts *f, struct check_result *res, const struct winprobe *w,
    winreg_key pol, const char *polpath)
{
	char *ts = winprobe_cs_path(w, "Control\\Terminal Server");
	char *tcp = winprobe_cs_path(w, "Control\\Terminal Server\\WinStations\\RDP-Tcp");
	winreg_key tk = winreg_key_at(w->system, ts), ck = winreg_key_at(w->system, tcp);
	uint32_t deny = 1, nla = 1, port = 3389;
	const char *from, *nla_from;
	int have_nla;
	struct json *o = json_obj_set(res->details, "rdp", json_object());

	if (!policy_or_setting(res, w, pol, polpath, w->system, tk, ts, "fDenyTSConnections", &deny, &from))
		deny = 1; /* not set: Windows denies */
	have_nla = policy_or_setting(res, w, pol, polpath, w->system, ck, tcp, "UserAuthentication",
	    &nla, &nla_from);
	if (ck != 0)
		(void)winprobe_dword(res, w->system, ck, tcp, "PortNumber", &port);
	json_obj_set(o, "enabled", json_bool(deny == 0));
	json_obj_set(o, "decided_by", json_str(from));
	json_obj_set(o, "nla_required", have_nla ? json_bool(nla != 0) : json_null());
	json_obj_set(o, "port", json_int(port));
	if (deny == 0) {
		char *kind = xasprintf("Remote Desktop (RDP) enabled%s on port %u, %s",
		    strcmp(from, "policy") == 0 ? " by policy" : "", port,
		    !have_nla ? "Network Level Authentication not set (Windows' default requires it)" :
		        nla ? "Network Level Authentication required" :
		              "WITHOUT Network Level Authentication");

		add_finding(f, strcmp(from, "policy") == 0 ? w->software : w->system,
		    strcmp(from, "policy") == 0 ? polpath : ts, kind);
		free(kind);
	}
	free(ts);
	free(tcp);
}

/* Remote Assistance: fAllowToGetHelp. */
static void
probe_assistance(struct remote_access_facts *f, struct check_result *res, const struct winprobe *w,
    winreg_key pol, const char *polpath)
{
	char *ra = winprobe_cs_path(w, "Control\\Remote Assistance");
	winreg_key k = winreg_key_at(w->system, ra);
	uint32_t allow = 0;
	const char *from;

	if (policy_or_setting(res, w, pol, polpath, w->system, k, ra, "fAllowToGetHelp", &allow, &from) &&
	    allow != 0)
		add_finding(f, strcmp(from, "policy") == 0 ? w->software : w->system,
		    strcmp(from, "policy") == 0 ? polpath : ra,
		    strcmp(from, "policy") == 0 ? "Remote Assistance allowed by policy" :
		                                  "Remote Assistance allowed");
	json_obj_set(res->details, "remote_assistance", json_bool(allow != 0));
	free(ra);
}

/* Services of remote-access servers and tools that are not disabled. */
static void
probe_services(struct remote_access_facts *f, struct check_result *res, const struct winprobe *w)
{
	struct json *arr = json_obj_set(res->details, "services", json_array());
	size_t i;

	for (i = 0; ra_services[i].service != NULL; i++) {
		char *rel = xasprintf("Services\\%s", ra_services[i].service);
		char *path = winprobe_cs_path(w, rel);
		winreg_key k = winreg_key_at(w->system, path);
		uint32_t start = 0;
		char *image = NULL;
		struct json *o;

		free(rel);
		if (k == 0) {
			free(path);
			continue;
		}
		if (!winprobe_dword(res, w->system, k, path, "Start", &start))
			start = 3;
		image = winprobe_string(res, w->system, k, path, "ImagePath");
		o = json_arr_push(arr, json_object());
		json_obj_set(o, "service", json_str(ra_services[i].service));
		json_obj_set(o, "start", json_int(start));
		json_obj_set(o, "image", json_str(image));
		if (ra_services[i].what != NULL && start != 4 &&
		    (!ra_services[i].auto_only || start <= 2)) {
			char *kind = xasprintf("%s service (%s)", ra_services[i].what,
			    start <= 2 ? "starts automatically" : "starts on demand");

			add_finding(f, w->system, path, kind);
			free(kind);
		}
		free(image);
		free(path);
	}
}

/* Adds a finding for a file found on the target. */
static void
add_file(struct remote_access_facts *f, const char *kind, const char *file, const char *name)
{
	struct ra_config *c;

	f->configs = xreallocarray(f->configs, f->nconfigs + 1, sizeof *f->configs);
	c = &f->configs[f->nconfigs++];
	memset(c, 0, sizeof *c);
	c->what = RA_CONFIG_FOUND;
	c->kind = xstrdup(kind);
	c->file = xstrdup(file);
	c->name = name != NULL ? text_sanitize(name) : NULL;
}

/* The VPN entries (Type=2) of a phone book, rasphone.pbk: an INI file, one section per connection. */
static void
read_phonebook(const struct check_ctx *ctx, struct check_result *res, struct remote_access_facts *f,
    const char *rel)
{
	char *path = winreg_find_path(ctx->target, rel), *data = NULL, *line, *save = NULL,
	     *section = NULL, err[512];

	if (path == NULL) {
		free(path);
		return;
	}
	check_evidence_file(res, ctx, path);
	if (target_read(ctx->target, path, 4 << 20, &data, NULL, err, sizeof err) < 0) {
		json_arr_push(f->errors, json_str(err));
		f->configs = xreallocarray(f->configs, f->nconfigs + 1, sizeof *f->configs);
		memset(&f->configs[f->nconfigs], 0, sizeof *f->configs);
		f->configs[f->nconfigs].what = RA_CONFIG_FILE_UNREADABLE;
		f->configs[f->nconfigs++].file = xstrdup(path);
		free(path);
		return;
	}
	for (line = strtok_r(data, "\r\n", &save); line != NULL; line = strtok_r(NULL, "\r\n", &save)) {
		size_t n = strlen(line);

		if (line[0] == '[' && n > 1 && line[n - 1] == ']') {
			free(section);
			section = xstrndup(line + 1, n - 2);
		} else if (section != NULL && strcmp(line, "Type=2") == 0) {
			add_file(f, "Windows VPN connection", path, section);
		}
	}
	free(section);
	free(data);
	free(path);
}

/* Files of VPN clients in dir (found ignoring case) whose names end in suffix. */
static void
read_vpn_dir(const struct check_ctx *ctx, struct check_result *res, struct remote_access_facts *f,
    const char *rel, const char *suffix, const char *kind)
{
	char *dir = winreg_find_path(ctx->target, rel), err[512];
	struct dirent *e;
	DIR *d;
	size_t sl = strlen(suffix), n = 0;

	if (dir == NULL || (d = target_opendir(ctx->target, dir, err, sizeof err)) == NULL) {
		free(dir);
		return;
	}
	while ((e = readdir(d)) != NULL && n < 200) {
		size_t el = strlen(e->d_name);
		char *p;

		if (el <= sl || strcasecmp(e->d_name + el - sl, suffix) != 0)
			continue;
		p = xasprintf("%s/%s", dir, e->d_name);
		check_evidence_file(res, ctx, p);
		add_file(f, kind, p, NULL);
		free(p);
		n++;
	}
	closedir(d);
	free(dir);
}

/* VPN profiles: Windows' own phone books (machine and per user), OpenVPN and WireGuard. */
static void
probe_vpn(const struct check_ctx *ctx, struct check_result *res, struct remote_access_facts *f)
{
	struct winreg_user *users;
	size_t nu, i;
	char err[512];

	read_phonebook(ctx, res, f, "/ProgramData/Microsoft/Network/Connections/Pbk/rasphone.pbk");
	read_vpn_dir(ctx, res, f, "/Program Files/OpenVPN/config", ".ovpn", "OpenVPN");
	read_vpn_dir(ctx, res, f, "/Program Files/WireGuard/Data/Configurations", ".conf.dpapi",
	    "WireGuard");
	if (winreg_users(ctx->target, &users, &nu, err, sizeof err) < 0)
		return;
	for (i = 0; i < nu; i++) {
		char *p = xasprintf("%s/AppData/Roaming/Microsoft/Network/Connections/Pbk/rasphone.pbk",
		    users[i].dir);

		read_phonebook(ctx, res, f, p);
		free(p);
		p = xasprintf("%s/OpenVPN/config", users[i].dir);
		read_vpn_dir(ctx, res, f, p, ".ovpn", "OpenVPN");
		free(p);
	}
	winreg_users_free(users, nu);
}

int
remote_access_probe_windows(const struct check_ctx *ctx, void *facts, struct check_result *res)
{
	static const char polpath[] = "Policies\\Microsoft\\Windows NT\\Terminal Services";
	struct remote_access_facts *f = facts;
	struct winprobe w;
	winreg_key pol;
	char *sshd_config;

	if (winprobe_open(&w, ctx, res, WINPROBE_SOFTWARE | WINPROBE_SYSTEM) < 0)
		return -1;
	f->errors = json_array();
	f->sockets_unseen = 1;
	pol = winreg_key_at(w.software, polpath);
	probe_rdp(f, res, &w, pol, polpath);
	probe_assistance(f, res, &w, pol, polpath);
	probe_services(f, res, &w);
	probe_vpn(ctx, res, f);
	if ((sshd_config = winreg_find_path(ctx->target, "/ProgramData/ssh/sshd_config")) != NULL) {
		check_evidence_file(res, ctx, sshd_config);
		json_obj_set(res->details, "sshd_config", json_str(sshd_config));
		json_arr_push(f->errors,
		    json_strf("%s: the OpenSSH server's settings are not read on Windows yet",
		        sshd_config));
		free(sshd_config);
	}
	winprobe_dirty_notes(&w, res);
	winprobe_close(&w);
	return 0;
}
