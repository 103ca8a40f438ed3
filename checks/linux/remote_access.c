/*
 * linux/remote_access.c: the remote-access check's probe for Debian-like
 * systems. Everything is read through the target.
 *
 * 1. Listening sockets from /proc/net/tcp, tcp6 (state LISTEN), udp and
 *    udp6 (unconnected), mapped to their program through the socket inodes
 *    in /proc/PID/fd where readable.
 * 2. The SSH server's settings: /etc/ssh/sshd_config with its Include files
 *    (relative to /etc/ssh, glob order), read as sshd reads them: the first
 *    value of a keyword wins among global lines, and again among "Match all"
 *    blocks; other Match blocks are conditional (a Match block in an
 *    included file ends with that file), and Port, ListenAddress or UsePAM
 *    in them is an error, as sshd says. Port and ListenAddress accumulate.
 *    Whether ssh.service / ssh.socket is enabled at boot; on the running
 *    system only, whether a process named sshd runs.
 * 3. VPN and remote-desktop setups: NetworkManager system connections of
 *    type vpn or wireguard, OpenVPN (/etc/openvpn, client/, server/),
 *    WireGuard (/etc/wireguard), xrdp, VNC (system and per-user passwords),
 *    AnyDesk and TeamViewer configuration.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../check.h"
#include "../remote_access.h"
#include "tglob.h"
#include "../../sys/sysprobe.h"
#include "../../sys/target.h"
#include "../../util/xalloc.h"

/* What the probe carries while it reads. */
struct ra_probe {
	const struct check_ctx *ctx;
	struct check_result *res;
	struct remote_access_facts *f;
};

/* --- listeners ------------------------------------------------------------- */

/* Decodes the kernel's hex address (host-order 32-bit words) into addr; 0 or -1. */
static int
decode_addr(const char *hex, int v6, struct ra_listener *l)
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
 * Reads one /proc/net table into the facts. Returns 0, 1 when the file does
 * not exist (the protocol is off), -1 on an unreadable or malformed file
 * (reason in errors).
 */
static int
read_table(struct ra_probe *r, const char *proto)
{
	struct remote_access_facts *f = r->f;
	char *path = xasprintf("/proc/net/%s", proto), *data, err[512], *line, *save = NULL;
	int v6 = strchr(proto, '6') != NULL, udp = proto[0] == 'u', lineno = 0, rc = 0;

	if (!target_exists(r->ctx->target, path)) {
		free(path);
		return 1;
	}
	if (target_read(r->ctx->target, path, 64 << 20, &data, NULL, err, sizeof err) < 0) {
		json_arr_push(f->errors, json_str(err));
		free(path);
		return -1;
	}
	check_evidence_file(r->res, r->ctx, path);
	for (line = strtok_r(data, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		char local[40], remote[40], *lp, *rp;
		unsigned st;
		unsigned long inode;
		struct ra_listener l;

		if (++lineno == 1) {
			if (strstr(line, "local_address") == NULL) {
				json_arr_push(f->errors,
				    json_strf("%s:1: not a socket table (no header)", path));
				rc = -1;
				break;
			}
			continue;
		}
		if (sscanf(line, " %*u: %39s %39s %x %*s %*s %*s %*u %*u %lu", local, remote, &st,
		        &inode) != 4 ||
		    (lp = strchr(local, ':')) == NULL || (rp = strchr(remote, ':')) == NULL) {
			json_arr_push(f->errors, json_strf("%s:%d: malformed socket line", path, lineno));
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
			json_arr_push(f->errors, json_strf("%s:%d: malformed address", path, lineno));
			rc = -1;
			break;
		}
		f->listeners = xreallocarray(f->listeners, f->nlisteners + 1, sizeof *f->listeners);
		f->listeners[f->nlisteners++] = l;
	}
	free(data);
	free(path);
	return rc;
}

/* Sets the program owning each listener's inode, where the target's /proc says. */
static void
map_programs(const struct target *t, struct ra_listener *l, size_t n)
{
	char err[512];
	DIR *d = target_opendir(t, "/proc", err, sizeof err);
	struct dirent *e;
	size_t left = n;

	if (d == NULL)
		return;
	while (left > 0 && (e = readdir(d)) != NULL) {
		char *fddir;
		DIR *fd;
		struct dirent *fe;

		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		fddir = xasprintf("/proc/%s/fd", e->d_name);
		if ((fd = target_opendir(t, fddir, err, sizeof err)) == NULL) {
			free(fddir);
			continue;
		}
		while ((fe = readdir(fd)) != NULL) {
			char *lp, *link;
			unsigned long ino;
			size_t i;
			int sock;

			if (fe->d_name[0] == '.')
				continue;
			lp = xasprintf("%s/%s", fddir, fe->d_name);
			link = target_readlink(t, lp);
			free(lp);
			sock = link != NULL && sscanf(link, "socket:[%lu]", &ino) == 1;
			free(link);
			if (!sock)
				continue;
			for (i = 0; i < n; i++)
				if (l[i].inode == ino && l[i].program == NULL) {
					char *cp = xasprintf("/proc/%s/comm", e->d_name);

					l[i].program = target_line(t, cp);
					if (l[i].program == NULL)
						l[i].program = xasprintf("pid %s", e->d_name);
					free(cp);
					left--;
				}
		}
		closedir(fd);
		free(fddir);
	}
	closedir(d);
}

/* Reads the socket tables and the programs of the non-loopback listeners. */
static void
probe_listeners(struct ra_probe *r)
{
	static const char *const tables[] = { "tcp", "tcp6", "udp", "udp6", NULL };
	struct remote_access_facts *f = r->f;
	size_t i, nonlo = 0;
	int rc;

	for (i = 0; tables[i] != NULL; i++) {
		rc = read_table(r, tables[i]);
		f->tables_present |= rc == 0;
		f->tables_bad |= rc < 0;
	}
	for (i = 0; i < f->nlisteners; i++)
		nonlo += !f->listeners[i].loopback;
	if (nonlo > 0)
		map_programs(r->ctx->target, f->listeners, f->nlisteners);
}

/* --- sshd_config ------------------------------------------------------------ */

/* Match state while reading: outside any Match, in a conditional one, in "Match all". */
enum { IN_GLOBAL, IN_MATCH, IN_MATCH_ALL };

static const char *const ssh_keywords[RA_SSH_NKW] = {
	"PermitRootLogin",
	"PasswordAuthentication",
	"KbdInteractiveAuthentication",
	"UsePAM",
	"AuthenticationMethods",
};

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

/*
 * Whether v is a valid AuthenticationMethods argument: "any", or lists of
 * comma-separated methods sshd knows, separated by blanks.
 */
static int
valid_methods(const char *v)
{
	static const char *const methods[] = { "publickey", "password", "keyboard-interactive",
		"keyboard-interactive:pam", "keyboard-interactive:bsdauth", "hostbased",
		"gssapi-with-mic", NULL };
	char *copy = xstrdup(v), *p, *save = NULL;
	int ok = 1;

	if (strcmp(v, "any") == 0) {
		free(copy);
		return 1;
	}
	for (p = strtok_r(copy, " \t,", &save); p != NULL && ok; p = strtok_r(NULL, " \t,", &save))
		ok = one_of(p, methods) && strcmp(p, "any") != 0;
	free(copy);
	return ok;
}

static int sshd_file(struct ra_probe *r, const char *path, int depth, int *in_match);

/* Handles Include: each glob, relative to /etc/ssh, in sorted order. */
static int
sshd_include(struct ra_probe *r, char *args, int depth, int *in_match)
{
	char *save = NULL, *pat;
	int rc = 0;

	for (pat = strtok_r(args, " \t", &save); pat != NULL && rc == 0;
	     pat = strtok_r(NULL, " \t", &save)) {
		char *abs = pat[0] == '/' ? xstrdup(pat) : xasprintf("/etc/ssh/%s", pat);
		size_t n, i;
		char **paths = tglob(r->ctx->target, abs, &n);

		for (i = 0; i < n && rc == 0; i++) {
			int saved = *in_match; /* a Match in an included file ends with that file */

			rc = sshd_file(r, paths[i], depth + 1, in_match);
			*in_match = saved;
		}
		for (i = 0; i < n; i++)
			free(paths[i]);
		free(paths);
		free(abs);
	}
	return rc;
}

/* Whether AuthenticationMethods value v has a list made only of methods that can take a password. */
static int
password_list(const char *v)
{
	char *copy = xstrdup(v), *list, *save = NULL;
	int found = strcmp(v, "any") == 0;

	for (list = strtok_r(copy, " \t", &save); list != NULL && !found;
	     list = strtok_r(NULL, " \t", &save)) {
		char *m, *s2 = NULL;
		int all = 1;

		for (m = strtok_r(list, ",", &s2); m != NULL; m = strtok_r(NULL, ",", &s2))
			all &= strcmp(m, "password") == 0 || strncmp(m, "keyboard-interactive", 20) == 0;
		found = all;
	}
	free(copy);
	return found;
}

/* Reads one configuration file into the facts; -1 with sshd_error on bad input. */
static int
sshd_file(struct ra_probe *r, const char *path, int depth, int *in_match)
{
	static const char *const yesno[] = { "yes", "no", NULL };
	static const char *const roots[] = { "yes", "no", "prohibit-password", "without-password",
		"forced-commands-only", NULL };
	struct remote_access_facts *f = r->f;
	char *data, err[512], *line, *next;
	int lineno = 0, rc = 0, k;

	if (depth > 16) {
		f->sshd_error = xasprintf("%s: Include nested too deeply", path);
		return -1;
	}
	if (tread(r->ctx->target, path, 4 << 20, &data, err, sizeof err) < 0) {
		f->sshd_error = xstrdup(err);
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
			f->sshd_error = xasprintf("%s:%d: bad configuration line", path, lineno);
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
			f->sshd_error = xasprintf("%s:%d: %s is missing its argument", path, lineno, kw);
			rc = -1;
			break;
		}
		if (strcasecmp(kw, "Include") == 0) {
			rc = sshd_include(r, val, depth, in_match);
			continue;
		}
		if (strcasecmp(kw, "Match") == 0) {
			*in_match = strcasecmp(val, "all") == 0 ? IN_MATCH_ALL : IN_MATCH;
			continue;
		}
		for (k = 0; k < RA_SSH_NKW; k++)
			if (strcasecmp(kw, ssh_keywords[k]) == 0)
				break;
		/* the first word is the value of the keywords we read, but for AuthenticationMethods */
		if (k != RA_SSH_AUTHMETHODS) {
			for (p = val; *p && *p != ' ' && *p != '\t'; p++)
				;
			*p = '\0';
		}
		if (strcasecmp(kw, "ChallengeResponseAuthentication") == 0)
			k = RA_SSH_KBD; /* the old name of KbdInteractiveAuthentication */
		if (k < RA_SSH_NKW) {
			/* UsePAM is global only: in "Match all" it counts as a global line */
			int scope = *in_match == IN_MATCH_ALL && k != RA_SSH_USEPAM ? 1 : 0;

			if (k == RA_SSH_AUTHMETHODS ? !valid_methods(val) :
			                              !one_of(val, k == RA_SSH_ROOT ? roots : yesno)) {
				f->sshd_error = xasprintf("%s:%d: unsupported value for %s", path,
				    lineno, kw);
				rc = -1;
				break;
			}
			/*
			 * OpenSSH (9.2) refuses "any" once a value is set: it counts the
			 * methods already stored ("any" must appear alone).
			 */
			if (k == RA_SSH_AUTHMETHODS && strcmp(val, "any") == 0 &&
			    (f->sshd_val[0][k] != NULL || f->sshd_val[1][k] != NULL)) {
				f->sshd_error = xasprintf("%s:%d: \"any\" must appear alone in %s",
				    path, lineno, kw);
				rc = -1;
				break;
			}
			if (*in_match == IN_MATCH && k == RA_SSH_USEPAM) {
				f->sshd_error = xasprintf("%s:%d: Directive '%s' is not allowed within "
				                          "a Match block",
				    path, lineno, kw);
				rc = -1;
				break;
			}
			if (*in_match == IN_MATCH) {
				if ((k == RA_SSH_ROOT || k == RA_SSH_PASSWORD) &&
				    strcasecmp(val, "yes") == 0)
					json_arr_push(f->sshd_conditional,
					    json_strf("%s:%d: %s yes inside a Match block", path,
					        lineno, kw));
				else if (k == RA_SSH_AUTHMETHODS && password_list(val))
					json_arr_push(f->sshd_conditional,
					    json_strf("%s:%d: %s %s inside a Match block", path,
					        lineno, kw, val));
				continue;
			}
			if (f->sshd_val[scope][k] == NULL) {
				f->sshd_val[scope][k] = xstrdup(val);
				f->sshd_where[scope][k] = xasprintf("%s:%d", path, lineno);
				f->sshd_order[scope][k] = ++f->sshd_lines;
			}
		} else if (strcasecmp(kw, "Port") == 0 || strcasecmp(kw, "ListenAddress") == 0) {
			char *end;
			unsigned long v;

			/* global only: sshd refuses them in a Match block ("Match all" is global) */
			if (*in_match == IN_MATCH) {
				f->sshd_error = xasprintf("%s:%d: Directive '%s' is not allowed within "
				                          "a Match block",
				    path, lineno, kw);
				rc = -1;
				break;
			}
			for (p = val; *p && *p != ' ' && *p != '\t'; p++)
				;
			*p = '\0';
			if (strcasecmp(kw, "ListenAddress") == 0) {
				if (f->sshd_nlisten < RA_SSH_MAX_LISTEN)
					f->sshd_listen[f->sshd_nlisten++] = xstrdup(val);
				continue;
			}
			v = strtoul(val, &end, 10);
			if (*end != '\0' || v == 0 || v > 65535) {
				f->sshd_error = xasprintf("%s:%d: bad port number", path, lineno);
				rc = -1;
				break;
			}
			if (f->sshd_nports < RA_SSH_MAX_PORTS)
				f->sshd_ports[f->sshd_nports++] = (unsigned)v;
		}
	}
	free(data);
	return rc;
}

/* Reads the SSH server's settings and whether it runs. */
static void
probe_sshd(struct ra_probe *r)
{
	static const char *const names[] = { "sshd", NULL };
	static const char *const units[] = { "multi-user.target.wants/ssh.service",
		"multi-user.target.wants/sshd.service", "sockets.target.wants/ssh.socket",
		"sshd.service", NULL };
	struct remote_access_facts *f = r->f;
	int in_match = IN_GLOBAL;
	size_t i;

	if (!target_exists(r->ctx->target, "/etc/ssh/sshd_config"))
		return;
	f->sshd_config = 1;
	f->sshd_conditional = json_array();
	f->live = target_live(r->ctx->target);
	for (i = 0; units[i] != NULL; i++) {
		char *p = xasprintf("/etc/systemd/system/%s", units[i]);

		f->sshd_enabled |= target_exists(r->ctx->target, p);
		free(p);
	}
	if (sshd_file(r, "/etc/ssh/sshd_config", 0, &in_match) < 0) {
		json_arr_push(f->errors, json_str(f->sshd_error));
		return;
	}
	/* a process of the running system; an image's /proc says nothing about it */
	if (f->live)
		f->sshd_running = sysprobe_running(r->ctx->target, names) == 0;
}

/* --- VPN and remote-desktop configuration ------------------------------------ */

/* Adds a configuration event; the strings are copied, kind and name may be NULL. */
static void
config_add(struct ra_probe *r, enum ra_config_what what, const char *kind, const char *file,
    const char *name)
{
	struct remote_access_facts *f = r->f;
	struct ra_config *c;

	f->configs = xreallocarray(f->configs, f->nconfigs + 1, sizeof *f->configs);
	c = &f->configs[f->nconfigs++];
	c->what = what;
	c->kind = kind != NULL ? xstrdup(kind) : NULL;
	c->file = xstrdup(file);
	c->name = name != NULL ? xstrdup(name) : NULL;
	if (what == RA_CONFIG_FOUND)
		check_evidence_file(r->res, r->ctx, file);
}

/* Lists directory dir on the target for names ending in suffix, sorted; -1 if unreadable. */
static int
list_dir(const struct target *t, const char *dir, const char *suffix, char ***out, size_t *n)
{
	char err[512];
	DIR *d = target_opendir(t, dir, err, sizeof err);
	struct dirent *e;
	size_t sl = strlen(suffix), i, j;

	*out = NULL;
	*n = 0;
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
			char *tmp = (*out)[j];

			(*out)[j] = (*out)[j - 1];
			(*out)[j - 1] = tmp;
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
probe_nm(struct ra_probe *r)
{
	static const char *const dir = "/etc/NetworkManager/system-connections";
	char **files;
	size_t n, i;

	if (list_dir(r->ctx->target, dir, "", &files, &n) < 0) {
		config_add(r, RA_CONFIG_DIR_UNREADABLE, NULL, dir, NULL);
		return;
	}
	for (i = 0; i < n; i++) {
		char *data, err[512], *type, *id, *svc;

		if (target_read(r->ctx->target, files[i], 1 << 20, &data, NULL, err, sizeof err) < 0) {
			json_arr_push(r->f->errors, json_str(err));
			config_add(r, RA_CONFIG_FILE_UNREADABLE, NULL, files[i], NULL);
			continue;
		}
		type = ini_value(data, "connection", "type");
		id = ini_value(data, "connection", "id");
		svc = ini_value(data, "vpn", "service-type");
		if (type != NULL && (strcmp(type, "vpn") == 0 || strcmp(type, "wireguard") == 0)) {
			char *kind = xasprintf("NetworkManager %s%s%s",
			    strcmp(type, "vpn") == 0 ? "VPN" : "WireGuard", svc ? " " : "",
			    svc ? svc : "");

			config_add(r, RA_CONFIG_FOUND, kind, files[i], id);
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
probe_dir(struct ra_probe *r, const char *dir, const char *suffix, const char *kind)
{
	char **files;
	size_t n, i;

	if (list_dir(r->ctx->target, dir, suffix, &files, &n) < 0) {
		config_add(r, RA_CONFIG_DIR_UNREADABLE, NULL, dir, NULL);
		return;
	}
	for (i = 0; i < n; i++)
		config_add(r, RA_CONFIG_FOUND, kind, files[i], NULL);
	free_list(files, n);
}

/* Remote-desktop and VPN setups. */
static void
probe_configs(struct ra_probe *r)
{
	static const struct {
		const char *path, *kind;
	} fixed[] = {
		{ "/etc/xrdp/xrdp.ini", "remote desktop (xrdp)" },
		{ "/etc/vnc.conf", "remote desktop (VNC)" },
		{ "/etc/tigervnc/vncserver.users", "remote desktop (TigerVNC users)" },
		{ "/etc/x11vnc.pass", "remote desktop (x11vnc password)" },
		{ "/etc/anydesk/system.conf", "remote desktop (AnyDesk)" },
		{ "/etc/teamviewer/global.conf", "remote desktop (TeamViewer)" },
		{ NULL, NULL },
	};
	static const char *const user_vnc[] = { ".vnc/passwd", ".config/tigervnc/passwd", NULL };
	const struct target *t = r->ctx->target;
	struct sysprobe_home *h;
	size_t n, i, j;
	char err[256];

	probe_nm(r);
	probe_dir(r, "/etc/openvpn", ".conf", "OpenVPN");
	probe_dir(r, "/etc/openvpn/client", ".conf", "OpenVPN client");
	probe_dir(r, "/etc/openvpn/server", ".conf", "OpenVPN server");
	probe_dir(r, "/etc/wireguard", ".conf", "WireGuard");
	for (i = 0; fixed[i].path != NULL; i++)
		if (target_exists(t, fixed[i].path))
			config_add(r, RA_CONFIG_FOUND, fixed[i].kind, fixed[i].path, NULL);
	sysprobe_homes(t, &h, &n, err, sizeof err);
	for (i = 0; i < n; i++)
		for (j = 0; user_vnc[j] != NULL; j++) {
			char *p = xasprintf("%s/%s", h[i].dir, user_vnc[j]);

			if (target_exists(t, p))
				config_add(r, RA_CONFIG_FOUND, "remote desktop (VNC password)", p,
				    h[i].user);
			free(p);
		}
	sysprobe_homes_free(h, n);
}

int
remote_access_probe_linux(const struct check_ctx *ctx, void *facts, struct check_result *res)
{
	struct ra_probe r = { ctx, res, facts };

	r.f->errors = json_array();
	probe_listeners(&r);
	probe_sshd(&r);
	probe_configs(&r);
	return 0;
}
