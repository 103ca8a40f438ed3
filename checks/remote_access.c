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
 *    conditional (a Match block in an included file ends with that file),
 *    and Port, ListenAddress and UsePAM there make sshd refuse the file.
 *    A password is accepted when PasswordAuthentication is yes (OpenSSH's
 *    default) or KbdInteractiveAuthentication is yes with UsePAM yes, and
 *    AuthenticationMethods (when not "any") has a list made only of such
 *    methods ("publickey,password" needs a key first). ListenAddress lines
 *    that are all loopback keep sshd off the network. On the running system
 *    sshd is active when a process named sshd runs or something listens on
 *    its Port; under --root of an image only the configuration is judged,
 *    with whether ssh.service or ssh.socket is enabled at boot, and the
 *    finding says so.
 * 3. VPN and remote-desktop setups: NetworkManager system connections of
 *    type vpn or wireguard, OpenVPN (/etc/openvpn, client/, server/),
 *    WireGuard (/etc/wireguard), xrdp, VNC (system and per-user passwords),
 *    AnyDesk and TeamViewer configuration. allow_configs lists glob patterns
 *    of expected files.
 *
 * fail:    sshd, reachable from the network, permits root login (PermitRootLogin
 *          yes) or password login and is active (running system) or enabled at
 *          boot (image); an unexpected listener when listener_status is "fail".
 * warn:    an unexpected non-loopback listener; a VPN or remote-desktop setup
 *          not in allow_configs; sshd settings that would allow password or root
 *          login but sshd is not active / not enabled, or that do so inside a
 *          Match block.
 * unknown: /proc/net/tcp cannot be read or parsed, sshd_config is malformed,
 *          unreadable or one sshd would refuse (a directive it does not allow
 *          in Match, AuthenticationMethods no enabled method satisfies), a link
 *          that does not resolve inside the root; NetworkManager connections
 *          cannot be read (not root).
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
	for (i = 0; i < f->sshd_nlisten; i++)
		free(f->sshd_listen[i]);
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

/* The value of keyword k as sshd holds it at start-up: the first among global and "Match all" lines. */
static const char *
startup_value(const struct remote_access_facts *f, int k)
{
	if (f->sshd_val[0][k] == NULL)
		return f->sshd_val[1][k];
	if (f->sshd_val[1][k] == NULL)
		return f->sshd_val[0][k];
	return f->sshd_order[0][k] < f->sshd_order[1][k] ? f->sshd_val[0][k] : f->sshd_val[1][k];
}

/* The host part of a ListenAddress argument ("[::1]:22" -> "::1", "10.0.0.1:22" -> "10.0.0.1"), in buf. */
static const char *
listen_host(const char *arg, char *buf, size_t len)
{
	const char *c = strchr(arg, ':');

	if (arg[0] == '[') {
		const char *e = strchr(arg, ']');

		xsnprintf(buf, len, "%.*s", (int)(e != NULL ? e - arg - 1 : (long)strlen(arg + 1)),
		    arg + 1);
	} else if (c != NULL && strchr(c + 1, ':') == NULL)
		xsnprintf(buf, len, "%.*s", (int)(c - arg), arg);
	else
		xsnprintf(buf, len, "%s", arg);
	return buf;
}

/* Whether every ListenAddress is a loopback address (none: sshd listens on all). */
static int
loopback_only(const struct remote_access_facts *f)
{
	size_t i;

	for (i = 0; i < f->sshd_nlisten; i++) {
		char buf[256];
		const char *h = listen_host(f->sshd_listen[i], buf, sizeof buf);

		if (!(strncmp(h, "127.", 4) == 0 || strcmp(h, "::1") == 0 ||
		        strcasecmp(h, "localhost") == 0 || strcmp(h, "0:0:0:0:0:0:0:1") == 0))
			return 0;
	}
	return f->sshd_nlisten > 0;
}

/*
 * What AuthenticationMethods allows, as sshd decides it: 1 when a list
 * consists only of methods that take a password (password, or
 * keyboard-interactive through PAM) that are enabled; -1 when no list can
 * be satisfied by the enabled methods (sshd refuses to start); else 0.
 */
static int
methods_password(const char *am, int pw, int kbd, int pam)
{
	char *copy = xstrdup(am), *list, *save = NULL;
	int any_ok = 0, password = 0;

	for (list = strtok_r(copy, " \t", &save); list != NULL; list = strtok_r(NULL, " \t", &save)) {
		char *m, *s2 = NULL;
		int ok = 1, all_pw = 1;

		for (m = strtok_r(list, ",", &s2); m != NULL; m = strtok_r(NULL, ",", &s2)) {
			int is_pw = strcmp(m, "password") == 0,
			    is_kbd = strncmp(m, "keyboard-interactive", 20) == 0;

			if ((is_pw && !pw) || (is_kbd && !kbd) || strcmp(m, "hostbased") == 0 ||
			    strcmp(m, "gssapi-with-mic") == 0)
				ok = 0; /* disabled (hostbased and GSSAPI are off by default) */
			if (!(is_pw || (is_kbd && pam)))
				all_pw = 0;
		}
		any_ok |= ok;
		password |= ok && all_pw;
	}
	free(copy);
	return !any_ok ? -1 : password;
}

/* What the sshd reading does not see, said in every result that read sshd_config. */
static const char *const sshd_limits[][2] = {
	{ "Match blocks other than \"Match all\" are not evaluated for a particular connection: a "
	  "yes inside one is a warning",
	    "「Match all」以外の Match ブロックは接続ごとには評価しません（中の yes は警告）" },
	{ "host names in ListenAddress other than localhost are not resolved: they count as "
	  "reachable from the network",
	    "ListenAddress の localhost 以外のホスト名は解決せず、ネットワークから到達可能とみなします" },
};

/* The SSH server: its settings, whether it is active, and the findings. */
static void
judge_sshd(struct ra *r, const struct remote_access_facts *f)
{
	struct json *o = json_obj_set(r->res->details, "sshd", json_object()), *la;
	int listening = 0, active, password, root, pw_on, kbd_on, pam_on, by_methods = -2, local_only;
	const char *password_file = NULL, *root_file = NULL, *pw, *kbd, *pam, *pr, *am;
	const char *state_en, *state_ja;
	unsigned ports[RA_SSH_MAX_PORTS];
	size_t nports = f->sshd_nports, i, j;

	if (!f->sshd_config) {
		json_obj_set(o, "config", json_null());
		return;
	}
	json_obj_set(o, "conditional",
	    f->sshd_conditional != NULL ? json_copy(f->sshd_conditional) : json_array());
	check_limits_set(o, "limits", sshd_limits, sizeof sshd_limits / sizeof sshd_limits[0]);
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
	for (i = 0; f->live && i < f->nlisteners; i++)
		for (j = 0; j < nports; j++)
			if (f->listeners[i].proto[0] == 't' && f->listeners[i].port == ports[j])
				listening = 1;
	active = f->sshd_running || listening;
	pw = sshd_value(f, RA_SSH_PASSWORD, &password_file);
	kbd = sshd_value(f, RA_SSH_KBD, NULL);
	pam = sshd_value(f, RA_SSH_USEPAM, NULL);
	pr = sshd_value(f, RA_SSH_ROOT, &root_file);
	am = sshd_value(f, RA_SSH_AUTHMETHODS, NULL);
	pw_on = strcasecmp(pw ? pw : "yes", "yes") == 0;
	kbd_on = strcasecmp(kbd ? kbd : "yes", "yes") == 0;
	pam_on = strcasecmp(pam ? pam : "no", "yes") == 0;
	password = pw_on || (kbd_on && pam_on);
	/*
	 * sshd checks at start-up that AuthenticationMethods can be satisfied,
	 * on the settings as it loads them: "Match all" lines apply then like
	 * global ones, first value winning in file order (they override the
	 * global value only per connection, later). A "Match all" that then
	 * disables every list leaves no way in at all.
	 */
	{
		const char *am0 = startup_value(f, RA_SSH_AUTHMETHODS);
		const char *pw0 = startup_value(f, RA_SSH_PASSWORD), *kbd0 = startup_value(f, RA_SSH_KBD);

		if (am0 != NULL && strcmp(am0, "any") != 0 &&
		    methods_password(am0, strcasecmp(pw0 ? pw0 : "yes", "yes") == 0,
		        strcasecmp(kbd0 ? kbd0 : "yes", "yes") == 0, pam_on) == -1)
			by_methods = -1;
		else if (am != NULL && strcmp(am, "any") != 0)
			by_methods = methods_password(am, pw_on, kbd_on, pam_on) == 1;
	}
	if (by_methods != -2) {
		if (by_methods == -1) {
			json_obj_set(o, "error",
			    json_strf("AuthenticationMethods %s cannot be satisfied by the enabled methods",
			        startup_value(f, RA_SSH_AUTHMETHODS)));
			ra_flag(r, CHECK_UNKNOWN,
			    "sshd configuration: AuthenticationMethods cannot be satisfied by the enabled "
			    "authentication methods (sshd refuses to start with it)",
			    "sshd の設定: AuthenticationMethods を有効な認証方式で満たせません（sshd は起動しません）");
			return;
		}
		password = by_methods;
	}
	local_only = loopback_only(f);
	root = pr != NULL && strcasecmp(pr, "yes") == 0;
	json_obj_set(o, "config", json_str("/etc/ssh/sshd_config"));
	json_obj_set(o, "judged",
	    json_str(f->live ? "configuration and the running system" : "configuration only"));
	json_obj_set(o, "active", f->live ? json_bool(active) : json_null());
	json_obj_set(o, "enabled_at_boot", json_bool(f->sshd_enabled));
	json_obj_set(o, "PermitRootLogin", json_str(pr ? pr : "prohibit-password (default)"));
	json_obj_set(o, "PermitRootLogin_set_in", json_str(root_file));
	json_obj_set(o, "PasswordAuthentication", json_str(pw ? pw : "yes (default)"));
	json_obj_set(o, "PasswordAuthentication_set_in", json_str(password_file));
	json_obj_set(o, "KbdInteractiveAuthentication", json_str(kbd ? kbd : "yes (default)"));
	json_obj_set(o, "UsePAM", json_str(pam ? pam : "no (default)"));
	json_obj_set(o, "AuthenticationMethods", json_str(am ? am : "any (default)"));
	la = json_obj_set(o, "ListenAddress", json_array());
	for (i = 0; i < f->sshd_nlisten; i++)
		json_arr_push(la, json_str(f->sshd_listen[i]));
	la = json_obj_set(o, "ports", json_array());
	for (i = 0; i < nports; i++)
		json_arr_push(la, json_int(ports[i]));
	json_obj_set(o, "loopback_only", json_bool(local_only));
	json_obj_set(o, "password_login", json_bool(password));
	json_obj_set(o, "root_login", json_bool(root));
	json_obj_set(o, "from_network", json_bool(!local_only));
	if (!f->live) {
		state_en = f->sshd_enabled ?
		    " (enabled at boot; only the configuration was judged)" :
		    " (not enabled at boot; only the configuration was judged)";
		state_ja = f->sshd_enabled ? "（起動時に有効。設定のみを判定）" :
		                             "（起動時に無効。設定のみを判定）";
	} else {
		state_en = active ? "" : " (not active)";
		state_ja = active ? "" : "（停止中）";
	}
	if ((password || root) && !local_only) {
		char *en = xasprintf("sshd%s allows %s%s%s (%s)", state_en, root ? "root login" : "",
		    root && password ? " and " : "", password ? "password login" : "",
		    root ? root_file :
		           (by_methods == 1      ? "AuthenticationMethods" :
		                   password_file ? password_file :
		                                   "/etc/ssh/sshd_config, by default"));
		char *ja = xasprintf("sshd%sが%s%s%sを許可（%s）", state_ja, root ? "root ログイン" : "",
		    root && password ? "と" : "", password ? "パスワードログイン" : "",
		    root ? root_file :
		           (by_methods == 1      ? "AuthenticationMethods" :
		                   password_file ? password_file :
		                                   "/etc/ssh/sshd_config、既定値"));
		int serious = f->live ? active : f->sshd_enabled;

		ra_flag(r, serious ? CHECK_FAIL : CHECK_WARN, en, ja);
		free(en);
		free(ja);
	}
	for (i = 0; i < json_len(f->sshd_conditional) && !local_only; i++) {
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
	         "ssh.service / ssh.socket links in /etc/systemd/system, "
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
