/*
 * remote_access.c: the remote-access check: what on this device accepts
 * connections from the network, and which remote-access setups it carries.
 *
 * 1. Listening sockets on non-loopback addresses from /proc/net/tcp, tcp6
 *    (state LISTEN), udp and udp6 (unconnected), mapped to their program
 *    through the socket inodes in /proc/PID/fd where readable. A listener is
 *    expected when its port is in allow_ports ("22", "22/tcp", "68/udp");
 *    without that parameter DHCP (68/udp, 546/udp) and mDNS (5353/udp) are.
 * 2. The SSH server's settings: /etc/ssh/sshd_config with its Include files
 *    (relative to /etc/ssh, glob order), read as sshd reads them: the first
 *    value of a keyword wins among global lines, and again among "Match all"
 *    blocks, which override the global value; other Match blocks are
 *    conditional (a Match block in an included file ends with that file).
 *    Password login is PasswordAuthentication yes (OpenSSH's default) or
 *    KbdInteractiveAuthentication yes with UsePAM yes. sshd is active when a
 *    process named sshd runs or something listens on its Port.
 * 3. VPN and remote-desktop setups: NetworkManager system connections of
 *    type vpn or wireguard, OpenVPN (/etc/openvpn, client/, server/),
 *    WireGuard (/etc/wireguard), xrdp, VNC (system and per-user passwords),
 *    AnyDesk and TeamViewer configuration. allow_configs lists glob patterns
 *    of expected files.
 *
 * fail:    sshd is active and permits root login (PermitRootLogin yes) or
 *          password login; an unexpected listener when listener_status is "fail".
 * warn:    an unexpected non-loopback listener; a VPN or remote-desktop setup
 *          not in allow_configs; sshd settings that would allow password or root
 *          login but sshd is not active, or that do so inside a Match block.
 * unknown: /proc/net/tcp cannot be read or parsed, sshd_config is malformed or
 *          unreadable, NetworkManager connections cannot be read (not root).
 *
 * The probe (checks/linux/remote_access.c) gathers the facts
 * (remote_access.h); this file judges them with the parameters and words
 * every finding, in the order the probe met them.
 */
#include "remote_access.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check.h"
#include "../util/strbuf.h"
#include "../util/xalloc.h"

static const struct check_param remote_access_params[] = {
	{ "allow_ports", CHECK_PARAM_STRLIST, 0, 0,
	    "ports expected to listen on the network: \"22\", \"22/tcp\", \"68/udp\" "
	    "(default 68/udp, 546/udp, 5353/udp)" },
	{ "listener_status", CHECK_PARAM_STRING, 0, 0,
	    "status for an unexpected listener: \"warn\" (default) or \"fail\"" },
	{ "allow_configs", CHECK_PARAM_STRLIST, 0, 0,
	    "glob patterns of expected VPN / remote-desktop files, e.g. /etc/wireguard/office.conf" },
	{ NULL, 0, 0, 0, NULL },
};

static const char *const default_ports[] = { "68/udp", "546/udp", "5353/udp", NULL };

void
remote_access_facts_free(void *facts)
{
	struct remote_access_facts *f = facts;
	size_t i, j;

	if (f == NULL)
		return;
	json_free(f->errors);
	for (i = 0; i < f->nlisteners; i++)
		free(f->listeners[i].program);
	free(f->listeners);
	free(f->sshd_error);
	for (i = 0; i < 2; i++)
		for (j = 0; j < RA_SSH_NKW; j++) {
			free(f->sshd_val[i][j]);
			free(f->sshd_where[i][j]);
		}
	json_free(f->sshd_conditional);
	for (i = 0; i < f->nconfigs; i++) {
		free(f->configs[i].kind);
		free(f->configs[i].file);
		free(f->configs[i].name);
	}
	free(f->configs);
}

/* The verdict as it is built. */
struct ra {
	const struct check_ctx *ctx;
	struct check_result *res;
	enum check_status st;
	struct strbuf why_en, why_ja; /* the findings that set the status, for the summary */
};

/* Raises the status to st and adds a reason to the summary. */
static void
ra_flag(struct ra *r, enum check_status st, const char *en, const char *ja)
{
	r->st = check_status_worse(r->st, st);
	if (r->why_en.len < 400) {
		sb_addf(&r->why_en, "%s%s", r->why_en.len ? "; " : "", en);
		sb_addf(&r->why_ja, "%s%s", r->why_ja.len ? "、" : "", ja);
	}
}

/* --- listeners ------------------------------------------------------------- */

/* Whether port/proto matches an allow_ports entry ("22", "22/tcp"). */
static int
port_allowed(const struct check_ctx *ctx, unsigned port, const char *proto)
{
	const struct json *list = check_param_list(ctx, "allow_ports");
	size_t i, n = list != NULL ? json_len(list) : 0;

	for (i = 0; list != NULL ? i < n : default_ports[i] != NULL; i++) {
		const char *s = list != NULL ? json_get_str(json_at(list, i)) : default_ports[i];
		char *end;
		unsigned long p;

		if (s == NULL)
			continue;
		p = strtoul(s, &end, 10);
		if (p != port)
			continue;
		if (*end == '\0' ||
		    (*end == '/' && strncmp(end + 1, proto, 3) == 0 && strlen(end + 1) == 3))
			return 1;
	}
	return 0;
}

/* The socket tables' state and every non-loopback listener, expected or not. */
static void
judge_listeners(struct ra *r, const struct remote_access_facts *f)
{
	struct json *arr;
	size_t i;

	if (f->sockets_unseen) {
		json_obj_set(r->res->details, "listeners", json_null());
		ra_flag(r, CHECK_UNKNOWN,
		    "listening sockets cannot be seen on a system read from its disk (only its settings were read)",
		    "ディスクから読み取ったシステムでは待ち受け中のソケットを確認できません（設定のみ確認）");
		return;
	}
	if (!f->tables_present || f->tables_bad) {
		ra_flag(r, CHECK_UNKNOWN,
		    f->tables_bad ? "a socket table in /proc/net cannot be read" :
		                    "no socket table in /proc/net (is /proc mounted?)",
		    f->tables_bad ? "/proc/net のソケット表を読み取れません" :
		                    "/proc/net にソケット表がありません");
	}
	arr = json_obj_set(r->res->details, "listeners", json_array());
	for (i = 0; i < f->nlisteners; i++) {
		const struct ra_listener *l = &f->listeners[i];
		const char *prog = l->program;
		struct json *o;
		char proto[4];
		int allowed;

		if (l->loopback)
			continue;
		memcpy(proto, l->proto, 3);
		proto[3] = '\0';
		allowed = port_allowed(r->ctx, l->port, proto);
		o = json_arr_push(arr, json_object());
		json_obj_set(o, "proto", json_str(l->proto));
		json_obj_set(o, "address", json_str(l->addr));
		json_obj_set(o, "port", json_int(l->port));
		json_obj_set(o, "program", json_str(prog));
		json_obj_set(o, "expected", json_bool(allowed));
		if (!allowed) {
			int fail = strcmp(check_param_str(r->ctx, "listener_status", "warn"), "fail") == 0;
			char *en = xasprintf("%s port %u listens on %s%s%s%s", proto, l->port,
			    l->addr, prog ? " (" : "", prog ? prog : "", prog ? ")" : "");
			char *ja = xasprintf("%s ポート %u が %s で待ち受け中%s%s%s", proto,
			    l->port, l->addr, prog ? "（" : "", prog ? prog : "", prog ? "）" : "");

			ra_flag(r, fail ? CHECK_FAIL : CHECK_WARN, en, ja);
			free(en);
			free(ja);
		}
	}
}

/* --- sshd ------------------------------------------------------------------- */

/* The effective value of keyword k (NULL: the default) and where it was set. */
static const char *
sshd_value(const struct remote_access_facts *f, int k, const char **where)
{
	int scope = f->sshd_val[1][k] != NULL ? 1 : 0;

	if (where != NULL)
		*where = f->sshd_where[scope][k];
	return f->sshd_val[scope][k];
}

/* The SSH server: its settings, whether it is active, and the findings. */
static void
judge_sshd(struct ra *r, const struct remote_access_facts *f)
{
	struct json *o = json_obj_set(r->res->details, "sshd", json_object());
	int listening = 0, active, password, root;
	const char *password_file = NULL, *root_file = NULL, *pw, *kbd, *pam, *pr;
	unsigned ports[RA_SSH_MAX_PORTS];
	size_t nports = f->sshd_nports, i, j;

	if (!f->sshd_config) {
		json_obj_set(o, "config", json_null());
		return;
	}
	json_obj_set(o, "conditional",
	    f->sshd_conditional != NULL ? json_copy(f->sshd_conditional) : json_array());
	if (f->sshd_error != NULL) {
		char *en = xasprintf("sshd configuration: %s", f->sshd_error);
		char *ja = xasprintf("sshd の設定: %s", f->sshd_error);

		json_obj_set(o, "error", json_str(f->sshd_error));
		ra_flag(r, CHECK_UNKNOWN, en, ja);
		free(en);
		free(ja);
		return;
	}
	memcpy(ports, f->sshd_ports, sizeof ports);
	if (nports == 0)
		ports[nports++] = 22;
	for (i = 0; i < f->nlisteners; i++)
		for (j = 0; j < nports; j++)
			if (f->listeners[i].proto[0] == 't' && f->listeners[i].port == ports[j])
				listening = 1;
	active = f->sshd_running || listening;
	pw = sshd_value(f, RA_SSH_PASSWORD, &password_file);
	kbd = sshd_value(f, RA_SSH_KBD, NULL);
	pam = sshd_value(f, RA_SSH_USEPAM, NULL);
	pr = sshd_value(f, RA_SSH_ROOT, &root_file);
	password = strcasecmp(pw ? pw : "yes", "yes") == 0 ||
	    (strcasecmp(kbd ? kbd : "yes", "yes") == 0 && strcasecmp(pam ? pam : "no", "yes") == 0);
	root = pr != NULL && strcasecmp(pr, "yes") == 0;
	json_obj_set(o, "config", json_str("/etc/ssh/sshd_config"));
	json_obj_set(o, "active", json_bool(active));
	json_obj_set(o, "PermitRootLogin", json_str(pr ? pr : "prohibit-password (default)"));
	json_obj_set(o, "PermitRootLogin_set_in", json_str(root_file));
	json_obj_set(o, "PasswordAuthentication", json_str(pw ? pw : "yes (default)"));
	json_obj_set(o, "PasswordAuthentication_set_in", json_str(password_file));
	json_obj_set(o, "KbdInteractiveAuthentication", json_str(kbd ? kbd : "yes (default)"));
	json_obj_set(o, "UsePAM", json_str(pam ? pam : "no (default)"));
	json_obj_set(o, "password_login", json_bool(password));
	json_obj_set(o, "root_login", json_bool(root));
	if (password || root) {
		char *en = xasprintf("sshd%s allows %s%s%s (%s)", active ? "" : " (not active)",
		    root ? "root login" : "", root && password ? " and " : "",
		    password ? "password login" : "",
		    root ? root_file :
		           (password_file ? password_file : "/etc/ssh/sshd_config, by default"));
		char *ja = xasprintf("sshd%sが%s%s%sを許可（%s）", active ? "" : "（停止中）",
		    root ? "root ログイン" : "", root && password ? "と" : "",
		    password ? "パスワードログイン" : "",
		    root ? root_file : (password_file ? password_file : "/etc/ssh/sshd_config、既定値"));

		ra_flag(r, active ? CHECK_FAIL : CHECK_WARN, en, ja);
		free(en);
		free(ja);
	}
	for (i = 0; i < json_len(f->sshd_conditional); i++) {
		const char *c = json_get_str(json_at(f->sshd_conditional, i));
		char *en = xasprintf("sshd: %s", c);
		char *ja = xasprintf("sshd: Match ブロック内で許可（%s）", c);

		ra_flag(r, CHECK_WARN, en, ja);
		free(en);
		free(ja);
	}
}

/* --- VPN and remote-desktop configuration ------------------------------------ */

/* One configuration finding; warns unless allow_configs matches it. */
static void
judge_finding(struct ra *r, struct json *arr, const struct ra_config *c)
{
	const struct json *allow = check_param_list(r->ctx, "allow_configs");
	struct json *o = json_arr_push(arr, json_object());
	const char *kind = c->kind, *name = c->name;
	int allowed = 0;
	size_t i;

	for (i = 0; i < json_len(allow); i++) {
		const char *pat = json_get_str(json_at(allow, i));

		if (pat != NULL && fnmatch(pat, c->file, FNM_PATHNAME) == 0)
			allowed = 1;
	}
	json_obj_set(o, "kind", json_str(kind));
	json_obj_set(o, "file", json_str(c->file));
	json_obj_set(o, "name", json_str(name));
	json_obj_set(o, "expected", json_bool(allowed));
	if (!allowed) {
		char *en = xasprintf("%s%s%s%s: %s", kind, name ? " \"" : "", name ? name : "",
		    name ? "\"" : "", c->file);
		char *ja = xasprintf("想定外の設定 %s%s%s%s: %s", kind, name ? "「" : "",
		    name ? name : "", name ? "」" : "", c->file);

		ra_flag(r, CHECK_WARN, en, ja);
		free(en);
		free(ja);
	}
}

/* The setups found and the places that could not be read, in the order met. */
static void
judge_configs(struct ra *r, const struct remote_access_facts *f)
{
	struct json *arr = json_obj_set(r->res->details, "configs", json_array());
	size_t i;

	for (i = 0; i < f->nconfigs; i++) {
		const struct ra_config *c = &f->configs[i];
		char *en, *ja;

		switch (c->what) {
		case RA_CONFIG_FOUND: judge_finding(r, arr, c); break;
		case RA_CONFIG_DIR_UNREADABLE:
			en = xasprintf("%s cannot be read (run as root)", c->file);
			ja = xasprintf("%s を読み取れません（root で実行してください）", c->file);
			ra_flag(r, CHECK_UNKNOWN, en, ja);
			free(en);
			free(ja);
			break;
		case RA_CONFIG_FILE_UNREADABLE:
			en = xasprintf("cannot read %s (run as root)", c->file);
			ja = xasprintf("%s を読み取れません（root で実行してください）", c->file);
			ra_flag(r, CHECK_UNKNOWN, en, ja);
			free(en);
			free(ja);
			break;
		}
	}
}

/* Decides from the listeners, sshd and the setups found, with the parameters. */
static void
remote_access_judge(const struct check_ctx *ctx, const void *facts, struct check_result *res)
{
	const struct remote_access_facts *f = facts;
	struct ra r = { ctx, res, CHECK_PASS, STRBUF_INIT, STRBUF_INIT };

	json_obj_set(res->details, "errors", f->errors != NULL ? json_copy(f->errors) : json_array());
	judge_listeners(&r, f);
	judge_sshd(&r, f);
	judge_configs(&r, f);
	if (r.st == CHECK_PASS)
		check_result_set(res, CHECK_PASS,
		    "no unexpected network listeners, no password or root SSH login, no VPN or remote-desktop setup",
		    "想定外の待ち受け、SSH のパスワード／root ログイン、VPN・リモートデスクトップの設定はありません");
	else
		check_result_set(res, r.st, sb_str(&r.why_en), sb_str(&r.why_ja));
	sb_free(&r.why_en);
	sb_free(&r.why_ja);
}

const struct check check_remote_access = {
	.id = "remote-access",
	.title_en = "Exposed services and remote-access setups",
	.title_ja = "公開サービスとリモートアクセスの設定",
	.reads = "/proc/net/tcp, tcp6, udp, udp6, /proc/PID/fd, /etc/ssh/sshd_config and Include files, "
	         "/etc/NetworkManager/system-connections, /etc/openvpn, /etc/wireguard, xrdp, VNC, "
	         "AnyDesk and TeamViewer configuration; on Windows Terminal Server, Remote Assistance, "
	         "remote-access services and their policies in the SYSTEM and SOFTWARE hives",
	.params = remote_access_params,
	.facts_size = sizeof(struct remote_access_facts),
	.facts_free = remote_access_facts_free,
	.probes = {
		[TARGET_LINUX] = { remote_access_probe_linux, NULL, NULL },
		[TARGET_WINDOWS] = { remote_access_probe_windows, NULL, NULL },
	},
	.judge = remote_access_judge,
};
