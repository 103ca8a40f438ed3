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
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "check.h"
#include "compat_root.h"
#include "../sys/sysprobe.h"
#include "../util/fileio.h"
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

/* The state of the whole check as it is built. */
struct ra {
	const struct check_ctx *ctx;
	struct check_result *res;
	enum check_status st;
	struct strbuf why_en, why_ja; /* the findings that set the status, for the summary */
	struct json *errors;
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

struct listener {
	char proto[5];      /* "tcp", "tcp6", "udp", "udp6" */
	char addr[INET6_ADDRSTRLEN];
	unsigned port;
	unsigned long inode;
	int loopback;
};

/* Decodes the kernel's hex address (host-order 32-bit words) into addr; 0 or -1. */
static int
decode_addr(const char *hex, int v6, struct listener *l)
{
	unsigned char b[16];
	size_t words = v6 ? 4 : 1, i;

	if (strlen(hex) != words * 8)
		return -1;
	for (i = 0; i < words; i++) {
		char w[9];
		unsigned long v;
		uint32_t u;
		char *end;

		memcpy(w, hex + i * 8, 8);
		w[8] = '\0';
		v = strtoul(w, &end, 16);
		if (*end != '\0')
			return -1;
		u = (uint32_t)v;
		memcpy(b + i * 4, &u, 4);
	}
	if (!v6) {
		l->loopback = b[0] == 127;
		inet_ntop(AF_INET, b, l->addr, sizeof l->addr);
	} else {
		static const unsigned char lo6[16] = { [15] = 1 };
		static const unsigned char mapped[12] = { [10] = 0xff, [11] = 0xff };

		l->loopback = memcmp(b, lo6, 16) == 0 || (memcmp(b, mapped, 12) == 0 && b[12] == 127);
		inet_ntop(AF_INET6, b, l->addr, sizeof l->addr);
	}
	return 0;
}

/*
 * Reads one /proc/net table. Returns 0, 1 when the file does not exist (the
 * protocol is off), -1 on an unreadable or malformed file (reason in errors).
 */
static int
read_table(struct ra *r, const char *proto, struct listener **v, size_t *n)
{
	char *path = xasprintf("/proc/net/%s", proto), *data, err[512], *line, *save = NULL;
	int v6 = strchr(proto, '6') != NULL, udp = proto[0] == 'u', lineno = 0, rc = 0;

	if (!compat_exists(r->ctx->root, path)) {
		free(path);
		return 1;
	}
	if (compat_read(r->ctx->root, path, 64 << 20, &data, err, sizeof err) < 0) {
		json_arr_push(r->errors, json_str(err));
		free(path);
		return -1;
	}
	check_evidence_file(r->res, r->ctx, path);
	for (line = strtok_r(data, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		char local[40], remote[40], *lp, *rp;
		unsigned st;
		unsigned long inode;
		struct listener l;

		if (++lineno == 1) {
			if (strstr(line, "local_address") == NULL) {
				json_arr_push(r->errors, json_strf("%s:1: not a socket table (no header)", path));
				rc = -1;
				break;
			}
			continue;
		}
		if (sscanf(line, " %*u: %39s %39s %x %*s %*s %*s %*u %*u %lu", local, remote, &st,
		        &inode) != 4 || (lp = strchr(local, ':')) == NULL ||
		    (rp = strchr(remote, ':')) == NULL) {
			json_arr_push(r->errors, json_strf("%s:%d: malformed socket line", path, lineno));
			rc = -1;
			break;
		}
		*lp++ = '\0';
		*rp++ = '\0';
		if (udp ? (st != 0x07 || strtoul(rp, NULL, 16) != 0) : st != 0x0A)
			continue;
		memset(&l, 0, sizeof l);
		xsnprintf(l.proto, sizeof l.proto, "%s", proto);
		l.port = (unsigned)strtoul(lp, NULL, 16);
		l.inode = inode;
		if (decode_addr(local, v6, &l) < 0) {
			json_arr_push(r->errors, json_strf("%s:%d: malformed address", path, lineno));
			rc = -1;
			break;
		}
		*v = xreallocarray(*v, *n + 1, sizeof **v);
		(*v)[(*n)++] = l;
	}
	free(data);
	free(path);
	return rc;
}

/* Fills prog[i] with the program owning each listener's inode, where /proc says. */
static void
map_programs(const char *root, const struct listener *l, size_t n, char **prog)
{
	char *procdir = path_join(root, "/proc");
	DIR *d = opendir(procdir);
	struct dirent *e;
	size_t left = n;

	if (d == NULL) {
		free(procdir);
		return;
	}
	while (left > 0 && (e = readdir(d)) != NULL) {
		char *fddir;
		DIR *fd;
		struct dirent *f;

		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		fddir = xasprintf("%s/%s/fd", procdir, e->d_name);
		if ((fd = opendir(fddir)) == NULL) {
			free(fddir);
			continue;
		}
		while ((f = readdir(fd)) != NULL) {
			char lp[PATH_MAX], target[64];
			unsigned long ino;
			ssize_t len;
			size_t i;

			if (f->d_name[0] == '.' || xsnprintf(lp, sizeof lp, "%s/%s", fddir, f->d_name) < 0)
				continue;
			if ((len = readlink(lp, target, sizeof target - 1)) <= 0)
				continue;
			target[len] = '\0';
			if (sscanf(target, "socket:[%lu]", &ino) != 1)
				continue;
			for (i = 0; i < n; i++)
				if (l[i].inode == ino && prog[i] == NULL) {
					char *cp = xasprintf("/proc/%s/comm", e->d_name);

					prog[i] = compat_line(root, cp);
					if (prog[i] == NULL)
						prog[i] = xasprintf("pid %s", e->d_name);
					free(cp);
					left--;
				}
		}
		closedir(fd);
		free(fddir);
	}
	closedir(d);
	free(procdir);
}

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
		if (*end == '\0' || (*end == '/' && strncmp(end + 1, proto, 3) == 0 &&
		    strlen(end + 1) == 3))
			return 1;
	}
	return 0;
}

/* Reads the socket tables; returns the listeners (loopback ones included). */
static struct listener *
probe_listeners(struct ra *r, size_t *n, int *ok)
{
	static const char *const tables[] = { "tcp", "tcp6", "udp", "udp6", NULL };
	struct listener *v = NULL;
	struct json *arr;
	char **prog;
	size_t i, nonlo = 0;
	int present = 0, bad = 0, rc;

	*n = 0;
	for (i = 0; tables[i] != NULL; i++) {
		rc = read_table(r, tables[i], &v, n);
		present |= rc == 0;
		bad |= rc < 0;
	}
	*ok = present && !bad;
	if (!*ok) {
		ra_flag(r, CHECK_UNKNOWN, bad ? "a socket table in /proc/net cannot be read" :
		    "no socket table in /proc/net (is /proc mounted?)",
		    bad ? "/proc/net のソケット表を読み取れません" : "/proc/net にソケット表がありません");
	}
	for (i = 0; i < *n; i++)
		nonlo += !v[i].loopback;
	prog = xcalloc(*n + 1, sizeof *prog);
	if (nonlo > 0)
		map_programs(r->ctx->root, v, *n, prog);
	arr = json_obj_set(r->res->details, "listeners", json_array());
	for (i = 0; i < *n; i++) {
		struct json *o;
		char proto[4];
		int allowed;

		if (v[i].loopback) {
			free(prog[i]);
			continue;
		}
		memcpy(proto, v[i].proto, 3);
		proto[3] = '\0';
		allowed = port_allowed(r->ctx, v[i].port, proto);
		o = json_arr_push(arr, json_object());
		json_obj_set(o, "proto", json_str(v[i].proto));
		json_obj_set(o, "address", json_str(v[i].addr));
		json_obj_set(o, "port", json_int(v[i].port));
		json_obj_set(o, "program", json_str(prog[i]));
		json_obj_set(o, "expected", json_bool(allowed));
		if (!allowed) {
			int fail = strcmp(check_param_str(r->ctx, "listener_status", "warn"), "fail") == 0;
			char *en = xasprintf("%s port %u listens on %s%s%s%s", proto, v[i].port,
			    v[i].addr, prog[i] ? " (" : "", prog[i] ? prog[i] : "", prog[i] ? ")" : "");
			char *ja = xasprintf("%s ポート %u が %s で待ち受け中%s%s%s", proto, v[i].port,
			    v[i].addr, prog[i] ? "（" : "", prog[i] ? prog[i] : "", prog[i] ? "）" : "");

			ra_flag(r, fail ? CHECK_FAIL : CHECK_WARN, en, ja);
			free(en);
			free(ja);
		}
		free(prog[i]);
	}
	free(prog);
	return v;
}

/* --- sshd_config ------------------------------------------------------------ */

/* The keywords read, as indexes into struct sshd's settings. */
enum { SSH_ROOT, SSH_PASSWORD, SSH_KBD, SSH_USEPAM, SSH_NKW };

static const char *const ssh_keywords[SSH_NKW] = {
	"PermitRootLogin", "PasswordAuthentication", "KbdInteractiveAuthentication", "UsePAM",
};

/* Match state while reading: outside any Match, in a conditional one, in "Match all". */
enum { IN_GLOBAL, IN_MATCH, IN_MATCH_ALL };

/*
 * What sshd's configuration says. As in sshd, the first value of a keyword
 * wins among the global lines, and again among the "Match all" blocks,
 * which then override the global value for every connection.
 */
struct sshd {
	char *val[2][SSH_NKW];   /* [0] global, [1] "Match all"; NULL: not set */
	char *where[2][SSH_NKW]; /* "FILE:LINE" of each value */
	unsigned ports[16];
	size_t nports;
	struct json *conditional; /* permissive settings inside other Match blocks */
	char *error;              /* first error, "FILE:LINE: reason" */
};

static int sshd_file(struct ra *r, struct sshd *s, const char *path, int depth, int *in_match);

/* The effective value of keyword k (NULL: the default) and where it was set. */
static const char *
sshd_value(const struct sshd *s, int k, const char **where)
{
	int scope = s->val[1][k] != NULL ? 1 : 0;

	if (where != NULL)
		*where = s->where[scope][k];
	return s->val[scope][k];
}

/* Whether v is one of the NULL-terminated words (case-insensitive). */
static int
one_of(const char *v, const char *const *words)
{
	size_t i;

	for (i = 0; words[i] != NULL; i++)
		if (strcasecmp(v, words[i]) == 0)
			return 1;
	return 0;
}

/* Handles Include: each glob, relative to /etc/ssh, in sorted order. */
static int
sshd_include(struct ra *r, struct sshd *s, char *args, int depth, int *in_match, const char *file,
    int line)
{
	char *save = NULL, *pat;
	int rc = 0;

	for (pat = strtok_r(args, " \t", &save); pat != NULL && rc == 0;
	    pat = strtok_r(NULL, " \t", &save)) {
		char *abs = pat[0] == '/' ? xstrdup(pat) : xasprintf("/etc/ssh/%s", pat);
		char *full = path_join(r->ctx->root, abs);
		size_t rl = strlen(full) - strlen(abs), i;
		glob_t g;
		int gr = glob(full, 0, NULL, &g);

		if (gr != 0 && gr != GLOB_NOMATCH) {
			s->error = xasprintf("%s:%d: Include %s cannot be expanded", file, line, pat);
			rc = -1;
		}
		for (i = 0; gr == 0 && i < g.gl_pathc && rc == 0; i++) {
			int saved = *in_match; /* a Match in an included file ends with that file */

			rc = sshd_file(r, s, g.gl_pathv[i] + rl, depth + 1, in_match);
			*in_match = saved;
		}
		if (gr == 0)
			globfree(&g);
		free(abs);
		free(full);
	}
	return rc;
}

/* Reads one configuration file into s; -1 with s->error on bad input. */
static int
sshd_file(struct ra *r, struct sshd *s, const char *path, int depth, int *in_match)
{
	static const char *const yesno[] = { "yes", "no", NULL };
	static const char *const roots[] = { "yes", "no", "prohibit-password", "without-password",
		"forced-commands-only", NULL };
	char *data, err[512], *line, *next;
	int lineno = 0, rc = 0, k;

	if (depth > 16) {
		s->error = xasprintf("%s: Include nested too deeply", path);
		return -1;
	}
	if (compat_read(r->ctx->root, path, 4 << 20, &data, err, sizeof err) < 0) {
		s->error = xstrdup(err);
		return -1;
	}
	check_evidence_file(r->res, r->ctx, path);
	for (line = data; line != NULL && rc == 0; line = next) {
		char *kw, *val, *p;
		size_t kl;

		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		lineno++;
		sysprobe_trim(line);
		if (line[0] == '\0' || line[0] == '#')
			continue;
		kw = line;
		for (p = kw; isalnum((unsigned char)*p); p++)
			;
		kl = (size_t)(p - kw);
		if (kl == 0 || !isalpha((unsigned char)kw[0]) ||
		    (*p != '\0' && *p != ' ' && *p != '\t' && *p != '=')) {
			s->error = xasprintf("%s:%d: bad configuration line", path, lineno);
			rc = -1;
			break;
		}
		/* keyword, blanks, at most one "=", blanks, arguments */
		while (*p == ' ' || *p == '\t')
			*p++ = '\0';
		if (*p == '=')
			*p++ = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		kw[kl] = '\0';
		val = p;
		if (*val == '\0') {
			s->error = xasprintf("%s:%d: %s is missing its argument", path, lineno, kw);
			rc = -1;
			break;
		}
		if (strcasecmp(kw, "Include") == 0) {
			rc = sshd_include(r, s, val, depth, in_match, path, lineno);
			continue;
		}
		if (strcasecmp(kw, "Match") == 0) {
			*in_match = strcasecmp(val, "all") == 0 ? IN_MATCH_ALL : IN_MATCH;
			continue;
		}
		/* the first word is the value of the keywords we read */
		for (p = val; *p && *p != ' ' && *p != '\t'; p++)
			;
		*p = '\0';
		for (k = 0; k < SSH_NKW; k++)
			if (strcasecmp(kw, ssh_keywords[k]) == 0)
				break;
		if (strcasecmp(kw, "ChallengeResponseAuthentication") == 0)
			k = SSH_KBD; /* the old name of KbdInteractiveAuthentication */
		if (k < SSH_NKW) {
			/* UsePAM is global only: in "Match all" it counts as a global line */
			int scope = *in_match == IN_MATCH_ALL && k != SSH_USEPAM ? 1 : 0;

			if (!one_of(val, k == SSH_ROOT ? roots : yesno)) {
				s->error = xasprintf("%s:%d: unsupported value for %s", path, lineno, kw);
				rc = -1;
				break;
			}
			if (*in_match == IN_MATCH && k == SSH_USEPAM)
				continue; /* not allowed in Match blocks; sshd ignores it there */
			if (*in_match == IN_MATCH) {
				if ((k == SSH_ROOT || k == SSH_PASSWORD) && strcasecmp(val, "yes") == 0)
					json_arr_push(s->conditional, json_strf("%s:%d: %s yes inside a Match block",
					    path, lineno, kw));
				continue;
			}
			if (s->val[scope][k] == NULL) {
				s->val[scope][k] = xstrdup(val);
				s->where[scope][k] = xasprintf("%s:%d", path, lineno);
			}
		} else if (strcasecmp(kw, "Port") == 0 && !*in_match) {
			char *end;
			unsigned long v = strtoul(val, &end, 10);

			if (*end != '\0' || v == 0 || v > 65535) {
				s->error = xasprintf("%s:%d: bad port number", path, lineno);
				rc = -1;
				break;
			}
			if (s->nports < 16)
				s->ports[s->nports++] = (unsigned)v;
		}
	}
	free(data);
	return rc;
}

/* Evaluates the SSH server: settings, whether it is active, and the findings. */
static void
probe_sshd(struct ra *r, const struct listener *l, size_t nl)
{
	static const char *const names[] = { "sshd", NULL };
	struct sshd s = { 0 };
	struct json *o = json_obj_set(r->res->details, "sshd", json_object());
	int in_match = IN_GLOBAL, listening = 0, running, password, root;
	const char *password_file = NULL, *root_file = NULL;
	size_t i, j;

	if (!compat_exists(r->ctx->root, "/etc/ssh/sshd_config")) {
		json_obj_set(o, "config", json_null());
		return;
	}
	s.conditional = json_obj_set(o, "conditional", json_array());
	if (sshd_file(r, &s, "/etc/ssh/sshd_config", 0, &in_match) < 0) {
		char *en = xasprintf("sshd configuration: %s", s.error);
		char *ja = xasprintf("sshd の設定: %s", s.error);

		json_obj_set(o, "error", json_str(s.error));
		json_arr_push(r->errors, json_str(s.error));
		ra_flag(r, CHECK_UNKNOWN, en, ja);
		free(en);
		free(ja);
		goto out;
	}
	if (s.nports == 0)
		s.ports[s.nports++] = 22;
	for (i = 0; i < nl; i++)
		for (j = 0; j < s.nports; j++)
			if (l[i].proto[0] == 't' && l[i].port == s.ports[j])
				listening = 1;
	running = compat_running(r->ctx->root, names) == 0;
	{
		const char *pw = sshd_value(&s, SSH_PASSWORD, &password_file);
		const char *kbd = sshd_value(&s, SSH_KBD, NULL), *pam = sshd_value(&s, SSH_USEPAM, NULL);
		const char *pr = sshd_value(&s, SSH_ROOT, &root_file);

		password = strcasecmp(pw ? pw : "yes", "yes") == 0 ||
		    (strcasecmp(kbd ? kbd : "yes", "yes") == 0 && strcasecmp(pam ? pam : "no", "yes") == 0);
		root = pr != NULL && strcasecmp(pr, "yes") == 0;
		json_obj_set(o, "config", json_str("/etc/ssh/sshd_config"));
		json_obj_set(o, "active", json_bool(running || listening));
		json_obj_set(o, "PermitRootLogin", json_str(pr ? pr : "prohibit-password (default)"));
		json_obj_set(o, "PermitRootLogin_set_in", json_str(root_file));
		json_obj_set(o, "PasswordAuthentication", json_str(pw ? pw : "yes (default)"));
		json_obj_set(o, "PasswordAuthentication_set_in", json_str(password_file));
		json_obj_set(o, "KbdInteractiveAuthentication", json_str(kbd ? kbd : "yes (default)"));
		json_obj_set(o, "UsePAM", json_str(pam ? pam : "no (default)"));
		json_obj_set(o, "password_login", json_bool(password));
		json_obj_set(o, "root_login", json_bool(root));
	}
	if (password || root) {
		int active = running || listening;
		char *en = xasprintf("sshd%s allows %s%s%s (%s)", active ? "" : " (not active)",
		    root ? "root login" : "", root && password ? " and " : "",
		    password ? "password login" : "",
		    root ? root_file : (password_file ? password_file : "/etc/ssh/sshd_config, by default"));
		char *ja = xasprintf("sshd%sが%s%s%sを許可（%s）", active ? "" : "（停止中）",
		    root ? "root ログイン" : "", root && password ? "と" : "",
		    password ? "パスワードログイン" : "",
		    root ? root_file : (password_file ? password_file : "/etc/ssh/sshd_config、既定値"));

		ra_flag(r, active ? CHECK_FAIL : CHECK_WARN, en, ja);
		free(en);
		free(ja);
	}
	for (i = 0; i < json_len(s.conditional); i++) {
		const char *c = json_get_str(json_at(s.conditional, i));
		char *en = xasprintf("sshd: %s", c);
		char *ja = xasprintf("sshd: Match ブロック内で許可（%s）", c);

		ra_flag(r, CHECK_WARN, en, ja);
		free(en);
		free(ja);
	}
out:
	for (i = 0; i < 2; i++)
		for (j = 0; j < SSH_NKW; j++) {
			free(s.val[i][j]);
			free(s.where[i][j]);
		}
	free(s.error);
}

/* --- VPN and remote-desktop configuration ------------------------------------ */

/* Records one configuration finding; warns unless allow_configs matches it. */
static void
config_finding(struct ra *r, struct json *arr, const char *kind, const char *file,
    const char *name)
{
	const struct json *allow = check_param_list(r->ctx, "allow_configs");
	struct json *o = json_arr_push(arr, json_object());
	int allowed = 0;
	size_t i;

	for (i = 0; i < json_len(allow); i++) {
		const char *pat = json_get_str(json_at(allow, i));

		if (pat != NULL && fnmatch(pat, file, FNM_PATHNAME) == 0)
			allowed = 1;
	}
	json_obj_set(o, "kind", json_str(kind));
	json_obj_set(o, "file", json_str(file));
	json_obj_set(o, "name", json_str(name));
	json_obj_set(o, "expected", json_bool(allowed));
	check_evidence_file(r->res, r->ctx, file);
	if (!allowed) {
		char *en = xasprintf("%s%s%s%s: %s", kind, name ? " \"" : "", name ? name : "",
		    name ? "\"" : "", file);
		char *ja = xasprintf("想定外の設定 %s%s%s%s: %s", kind, name ? "「" : "",
		    name ? name : "", name ? "」" : "", file);

		ra_flag(r, CHECK_WARN, en, ja);
		free(en);
		free(ja);
	}
}

/* Lists directory dir (under the root) for names ending in suffix; sorted. Returns -1 if unreadable. */
static int
list_dir(const char *root, const char *dir, const char *suffix, char ***out, size_t *n)
{
	char *full = path_join(root, dir);
	DIR *d = opendir(full);
	struct dirent *e;
	size_t sl = strlen(suffix), i, j;

	*out = NULL;
	*n = 0;
	free(full);
	if (d == NULL)
		return errno == ENOENT || errno == ENOTDIR ? 0 : -1;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);

		if (e->d_name[0] == '.' || len < sl || strcmp(e->d_name + len - sl, suffix) != 0)
			continue;
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		(*out)[(*n)++] = xasprintf("%s/%s", dir, e->d_name);
	}
	closedir(d);
	for (i = 1; i < *n; i++)
		for (j = i; j > 0 && strcmp((*out)[j - 1], (*out)[j]) > 0; j--) {
			char *t = (*out)[j];

			(*out)[j] = (*out)[j - 1];
			(*out)[j - 1] = t;
		}
	return 0;
}

/* Frees a list from list_dir(). */
static void
free_list(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* The value of key in section [sec] of an INI text, or NULL. Caller frees. */
static char *
ini_value(const char *text, const char *sec, const char *key)
{
	char *copy = xstrdup(text), *line, *save = NULL, *v = NULL;
	int in = 0;
	size_t kl = strlen(key);

	for (line = strtok_r(copy, "\n", &save); line != NULL && v == NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		sysprobe_trim(line);
		if (line[0] == '[') {
			char *end = strchr(line, ']');

			in = end != NULL && (size_t)(end - line - 1) == strlen(sec) &&
			    strncmp(line + 1, sec, strlen(sec)) == 0;
		} else if (in && strncmp(line, key, kl) == 0 && line[kl] == '=')
			v = xstrdup(line + kl + 1);
	}
	free(copy);
	return v;
}

/* NetworkManager connections of type vpn or wireguard. */
static void
probe_nm(struct ra *r, struct json *arr)
{
	static const char *const dir = "/etc/NetworkManager/system-connections";
	char **files;
	size_t n, i;

	if (list_dir(r->ctx->root, dir, "", &files, &n) < 0) {
		ra_flag(r, CHECK_UNKNOWN,
		    "/etc/NetworkManager/system-connections cannot be read (run as root)",
		    "/etc/NetworkManager/system-connections を読み取れません（root で実行してください）");
		return;
	}
	for (i = 0; i < n; i++) {
		char *data, err[512], *type, *id, *svc;

		if (compat_read(r->ctx->root, files[i], 1 << 20, &data, err, sizeof err) < 0) {
			char *en = xasprintf("cannot read %s (run as root)", files[i]);
			char *ja = xasprintf("%s を読み取れません（root で実行してください）", files[i]);

			json_arr_push(r->errors, json_str(err));
			ra_flag(r, CHECK_UNKNOWN, en, ja);
			free(en);
			free(ja);
			continue;
		}
		type = ini_value(data, "connection", "type");
		id = ini_value(data, "connection", "id");
		svc = ini_value(data, "vpn", "service-type");
		if (type != NULL && (strcmp(type, "vpn") == 0 || strcmp(type, "wireguard") == 0)) {
			char *kind = xasprintf("NetworkManager %s%s%s", strcmp(type, "vpn") == 0 ?
			    "VPN" : "WireGuard", svc ? " " : "", svc ? svc : "");

			config_finding(r, arr, kind, files[i], id);
			free(kind);
		}
		free(type);
		free(id);
		free(svc);
		free(data);
	}
	free_list(files, n);
}

/* Every file ending in suffix in dir is a finding of kind. */
static void
probe_dir(struct ra *r, struct json *arr, const char *dir, const char *suffix, const char *kind)
{
	char **files;
	size_t n, i;

	if (list_dir(r->ctx->root, dir, suffix, &files, &n) < 0) {
		char *en = xasprintf("%s cannot be read (run as root)", dir);
		char *ja = xasprintf("%s を読み取れません（root で実行してください）", dir);

		ra_flag(r, CHECK_UNKNOWN, en, ja);
		free(en);
		free(ja);
		return;
	}
	for (i = 0; i < n; i++)
		config_finding(r, arr, kind, files[i], NULL);
	free_list(files, n);
}

/* Remote-desktop and VPN setups. */
static void
probe_configs(struct ra *r)
{
	static const struct { const char *path, *kind; } fixed[] = {
		{ "/etc/xrdp/xrdp.ini", "remote desktop (xrdp)" },
		{ "/etc/vnc.conf", "remote desktop (VNC)" },
		{ "/etc/tigervnc/vncserver.users", "remote desktop (TigerVNC users)" },
		{ "/etc/x11vnc.pass", "remote desktop (x11vnc password)" },
		{ "/etc/anydesk/system.conf", "remote desktop (AnyDesk)" },
		{ "/etc/teamviewer/global.conf", "remote desktop (TeamViewer)" },
		{ NULL, NULL },
	};
	static const char *const user_vnc[] = { ".vnc/passwd", ".config/tigervnc/passwd", NULL };
	struct json *arr = json_obj_set(r->res->details, "configs", json_array());
	struct sysprobe_home *h;
	size_t n, i, j;
	char err[256];

	probe_nm(r, arr);
	probe_dir(r, arr, "/etc/openvpn", ".conf", "OpenVPN");
	probe_dir(r, arr, "/etc/openvpn/client", ".conf", "OpenVPN client");
	probe_dir(r, arr, "/etc/openvpn/server", ".conf", "OpenVPN server");
	probe_dir(r, arr, "/etc/wireguard", ".conf", "WireGuard");
	for (i = 0; fixed[i].path != NULL; i++)
		if (compat_exists(r->ctx->root, fixed[i].path))
			config_finding(r, arr, fixed[i].kind, fixed[i].path, NULL);
	compat_homes(r->ctx->root, &h, &n, err, sizeof err);
	for (i = 0; i < n; i++)
		for (j = 0; user_vnc[j] != NULL; j++) {
			char *p = xasprintf("%s/%s", h[i].dir, user_vnc[j]);

			if (compat_exists(r->ctx->root, p))
				config_finding(r, arr, "remote desktop (VNC password)", p, h[i].user);
			free(p);
		}
	sysprobe_homes_free(h, n);
}

static void
remote_access_run(const struct check_ctx *ctx, struct check_result *res)
{
	struct ra r = { ctx, res, CHECK_PASS, STRBUF_INIT, STRBUF_INIT, NULL };
	struct listener *l;
	size_t nl;
	int ok;

	r.errors = json_obj_set(res->details, "errors", json_array());
	l = probe_listeners(&r, &nl, &ok);
	probe_sshd(&r, l, nl);
	probe_configs(&r);
	free(l);
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
	         "AnyDesk and TeamViewer configuration",
	.params = remote_access_params,
	.run = remote_access_run,
};
