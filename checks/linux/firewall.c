/*
 * linux/firewall.c: the firewall check's probe for Debian-like systems.
 *
 * Each source becomes one entry of the facts' sources array, evaluated by
 * the ruleset readers of fwparse.h for IPv4 and IPv6:
 *  - nftables: on the running system with nft installed, the live ruleset
 *    (`nft list ruleset`, IPv4 and IPv6); otherwise /etc/nftables.conf with
 *    the files it includes (beneath the root), in force when
 *    nftables.service is enabled (a systemd *.target.wants link).
 *  - iptables: on the running system, the live rules of iptables-save
 *    (IPv4) and ip6tables-save (IPv6), and of iptables-legacy-save and
 *    ip6tables-legacy-save where legacy tables are loaded (the nf_tables
 *    tools do not show them); the iptables-persistent files
 *    /etc/iptables/rules.v4 and rules.v6, in force when
 *    netfilter-persistent is enabled; /proc/net/ip_tables_names and
 *    ip6_tables_names say whether tables are loaded with no tool to list them.
 *  - ufw: /etc/ufw/ufw.conf ENABLED=yes, DEFAULT_INPUT_POLICY and IPV6 from
 *    /etc/default/ufw, and the rule tuples of /etc/ufw/user.rules, user6.rules.
 *  - firewalld: enabled, with its default zone's target, services, ports,
 *    protocols and rich rules.
 * Whether IPv6 is off (/proc/sys/net/ipv6/conf/all/disable_ipv6 is 1, or on
 * the running system no /proc/sys/net/ipv6) goes into the facts.
 * Files are read through the target; tools run only on the running system.
 * A file that is a link whose target cannot be resolved inside the root is
 * named as such, never followed to the host.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fwparse.h"
#include "tglob.h"
#include "../check.h"
#include "../firewall.h"
#include "../../sys/sysprobe.h"
#include "../../sys/target.h"
#include "../../util/strbuf.h"
#include "../../util/xalloc.h"

/* Whether systemd unit is enabled on the target (a link in a *.target.wants directory). */
static int
unit_enabled(const struct target *t, const char *unit)
{
	static const char *const targets[] = { "sysinit", "multi-user", "basic", "network-pre", NULL };
	size_t i;
	int found = 0;

	for (i = 0; targets[i] != NULL && !found; i++) {
		char *p = xasprintf("/etc/systemd/system/%s.target.wants/%s", targets[i], unit);

		found = target_exists(t, p);
		free(p);
	}
	return found;
}

/* A new entry in details.sources. */
static struct json *
source(struct json *sources, const char *name, const char *file, int in_force)
{
	struct json *s = json_arr_push(sources, json_object());

	json_obj_set(s, "source", json_str(name));
	json_obj_set(s, "file", json_str(file));
	json_obj_set(s, "in_force", json_bool(in_force));
	return s;
}

/* Marks a source as unreadable with the reason. */
static void
source_unknown(struct json *s, const char *reason)
{
	json_obj_set(s, "filtering", json_str("unknown"));
	json_obj_set(s, "reason", json_str(reason));
}

/*
 * Finds an absolute path to tool in the usual system directories, or NULL.
 * Only called on the running system (target_live), where the target's
 * paths are the host's: the tool is run there, so access(2) asks the host.
 */
static const char *
find_tool(const char *const *cands)
{
	size_t i;

	for (i = 0; cands[i] != NULL; i++)
		if (access(cands[i], X_OK) == 0)
			return cands[i];
	return NULL;
}

/* nftables includes, read beneath the target's root. */
struct inc_arg {
	const struct check_ctx *ctx;
	struct check_result *res;
};

static char **
inc_expand(void *arg, const char *pattern, size_t *n)
{
	struct inc_arg *a = arg;

	return tglob(a->ctx->target, pattern, n);
}

static int
inc_read(void *arg, const char *path, char **text, char *err, size_t errlen)
{
	struct inc_arg *a = arg;

	if (tread(a->ctx->target, path, 16 << 20, text, err, errlen) < 0)
		return -1;
	check_evidence_file(a->res, a->ctx, path);
	return 0;
}

/* nftables: the live ruleset at "/", else the configuration file and its includes. */
static void
probe_nft(const struct check_ctx *ctx, struct check_result *res, struct json *sources)
{
	static const char *const nft_paths[] = { "/usr/sbin/nft", "/sbin/nft", NULL };
	const char *nft = target_live(ctx->target) ? find_tool(nft_paths) : NULL;
	char *data, err[512];

	if (nft != NULL) {
		const char *argv[] = { nft, "list", "ruleset", NULL };
		size_t len;
		int rc = sysprobe_run(argv, 64 << 20, &data, &len);
		struct json *s = source(sources, "nftables (live ruleset)", nft, 1);

		check_evidence_value(res, "nft", nft);
		if (rc != 0)
			source_unknown(s,
			    geteuid() != 0 ? "nft could not list the ruleset: run reentry as root" :
			                     "nft could not list the ruleset");
		else
			firewall_eval_nft_text(data != NULL ? data : "", "nft list ruleset", NULL, s);
		free(data);
		return;
	}
	if (!target_exists(ctx->target, "/etc/nftables.conf"))
		return;
	check_evidence_file(res, ctx, "/etc/nftables.conf");
	{
		struct json *s = source(sources, "nftables (configuration)", "/etc/nftables.conf",
		    unit_enabled(ctx->target, "nftables.service"));
		struct inc_arg a = { ctx, res };
		const struct fw_include_ops ops = { inc_expand, inc_read, &a };

		if (tread(ctx->target, "/etc/nftables.conf", 16 << 20, &data, err, sizeof err) < 0)
			source_unknown(s, err);
		else {
			firewall_eval_nft_text(data, "/etc/nftables.conf", &ops, s);
			free(data);
		}
	}
}

/* One live iptables-save run (iptables-save or ip6tables-save) as a source. */
static void
live_iptables(const char *tool, const char *name, int family, struct json *sources)
{
	const char *argv[] = { tool, NULL };
	size_t len;
	char *data;
	int rc = sysprobe_run(argv, 64 << 20, &data, &len);
	struct json *s = source(sources, name, tool, 1);

	if (rc != 0) {
		char *why = xasprintf("%s failed%s", tool, geteuid() != 0 ? ": run reentry as root" : "");

		source_unknown(s, why);
		free(why);
	} else
		firewall_eval_iptables(data != NULL ? data : "", family, s);
	free(data);
}

/* iptables: live rules at "/", iptables-persistent files, loaded tables. */
static void
probe_iptables(const struct check_ctx *ctx, struct check_result *res, struct json *sources)
{
	static const char *const save4[] = { "/usr/sbin/iptables-save", "/sbin/iptables-save", NULL };
	static const char *const save6[] = { "/usr/sbin/ip6tables-save", "/sbin/ip6tables-save", NULL };
	static const char *const legacy4[] = { "/usr/sbin/iptables-legacy-save",
		"/sbin/iptables-legacy-save", NULL };
	static const char *const legacy6[] = { "/usr/sbin/ip6tables-legacy-save",
		"/sbin/ip6tables-legacy-save", NULL };
	static const struct {
		const char *path;
		int family;
	} files[] = { { "/etc/iptables/rules.v4", FW_V4 }, { "/etc/iptables/rules.v6", FW_V6 } };
	int live = target_live(ctx->target);
	const char *tool4 = live ? find_tool(save4) : NULL, *tool6 = live ? find_tool(save6) : NULL;
	char *tables = target_line(ctx->target, "/proc/net/ip_tables_names");
	char *tables6 = target_line(ctx->target, "/proc/net/ip6_tables_names");
	char *data, err[512];
	size_t i;

	if (tables != NULL)
		check_evidence_file(res, ctx, "/proc/net/ip_tables_names");
	if (tables6 != NULL)
		check_evidence_file(res, ctx, "/proc/net/ip6_tables_names");
	if (tool4 != NULL)
		live_iptables(tool4, "iptables (live rules)", FW_V4, sources);
	if (tool6 != NULL)
		live_iptables(tool6, "ip6tables (live rules)", FW_V6, sources);
	/*
	 * /proc/net/ip_tables_names lists the legacy (x_tables) tables only;
	 * iptables-save of the nf_tables variant does not show their rules.
	 */
	if (live && tables != NULL && tables[0] != '\0' && find_tool(legacy4) != NULL) {
		live_iptables(find_tool(legacy4), "iptables-legacy (live rules)", FW_V4, sources);
		tool4 = find_tool(legacy4);
	}
	if (live && tables6 != NULL && tables6[0] != '\0' && find_tool(legacy6) != NULL) {
		live_iptables(find_tool(legacy6), "ip6tables-legacy (live rules)", FW_V6, sources);
		tool6 = find_tool(legacy6);
	}
	if ((tool4 == NULL && tables != NULL && tables[0] != '\0') ||
	    (tool6 == NULL && tables6 != NULL && tables6[0] != '\0')) {
		struct json *s = source(sources, "iptables (loaded tables)",
		    tool4 == NULL && tables != NULL && tables[0] != '\0' ?
		        "/proc/net/ip_tables_names" :
		        "/proc/net/ip6_tables_names",
		    1);

		source_unknown(s,
		    "iptables tables are loaded but iptables-save is not available to list "
		    "their rules: install iptables");
	}
	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		struct json *s;

		if (!target_exists(ctx->target, files[i].path))
			continue;
		check_evidence_file(res, ctx, files[i].path);
		s = source(sources, "iptables-persistent", files[i].path,
		    unit_enabled(ctx->target, "netfilter-persistent.service"));
		if (tread(ctx->target, files[i].path, 16 << 20, &data, err, sizeof err) < 0)
			source_unknown(s, err);
		else {
			firewall_eval_iptables(data, files[i].family, s);
			free(data);
		}
	}
	free(tables);
	free(tables6);
}

/* The value of KEY= in a shell-style file, unquoted, or NULL. Caller frees. */
static char *
shell_value(const char *text, const char *key)
{
	char *copy = xstrdup(text), *line, *save = NULL, *v = NULL;
	size_t kl = strlen(key);

	for (line = strtok_r(copy, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		sysprobe_trim(line);
		if (strncmp(line, key, kl) == 0 && line[kl] == '=') {
			char *s = line + kl + 1;
			size_t n = strlen(s);

			if (n >= 2 && (s[0] == '"' || s[0] == '\'') && s[n - 1] == s[0]) {
				s[n - 1] = '\0';
				s++;
			}
			free(v);
			v = xstrdup(s);
		}
	}
	free(copy);
	return v;
}

/*
 * ufw's rule tuples ("### tuple ### allow tcp 22 0.0.0.0/0 any 0.0.0.0/0
 * in"): ACTION PROTO DPORT DST SPORT SRC [DAPP SAPP] DIRECTION. An allow
 * (or limit) that names no port and no source opens everything.
 */
static void
ufw_tuples(const char *text, struct json *allowed, struct json *opened, int *refusing)
{
	char *copy = xstrdup(text), *line, *save = NULL;

	for (line = strtok_r(copy, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		char *w[12], *p, *sv = NULL, *tuple;
		size_t n = 0;

		if (strncmp(line, "### tuple ### ", 14) != 0)
			continue;
		tuple = xstrdup(line + 14);
		for (p = strtok_r(line + 14, " \t", &sv); p != NULL && n < 12;
		     p = strtok_r(NULL, " \t", &sv))
			w[n++] = p;
		if (n >= 7 && strncmp(w[n - 1], "in", 2) == 0) {
			int allow = strncmp(w[0], "allow", 5) == 0 || strncmp(w[0], "limit", 5) == 0;
			int lo = strcmp(w[n - 1], "in_lo") == 0;

			if (!allow)
				(*refusing)++;
			else if (lo)
				;
			else if (strcmp(w[2], "any") != 0 ||
			    (strcmp(w[5], "0.0.0.0/0") != 0 && strcmp(w[5], "::/0") != 0))
				json_arr_push(allowed, json_str(tuple));
			else
				json_arr_push(opened, json_str(tuple));
		}
		free(tuple);
	}
	free(copy);
}

/* ufw: enabled state, default input policy, rule tuples, IPv6. */
static void
probe_ufw(const struct check_ctx *ctx, struct check_result *res, struct json *sources)
{
	static const struct {
		const char *path;
		int family;
	} rules[] = { { "/etc/ufw/user.rules", FW_V4 }, { "/etc/ufw/user6.rules", FW_V6 } };
	char *conf, *def = NULL, *enabled, *policy = NULL, *ipv6 = NULL, err[512];
	struct json *s;
	size_t i;

	if (!target_exists(ctx->target, "/etc/ufw/ufw.conf"))
		return;
	check_evidence_file(res, ctx, "/etc/ufw/ufw.conf");
	if (tread(ctx->target, "/etc/ufw/ufw.conf", 1 << 20, &conf, err, sizeof err) < 0) {
		source_unknown(source(sources, "ufw", "/etc/ufw/ufw.conf", 0), err);
		return;
	}
	enabled = shell_value(conf, "ENABLED");
	s = source(sources, "ufw", "/etc/ufw/ufw.conf", enabled != NULL && strcmp(enabled, "yes") == 0);
	if (tread(ctx->target, "/etc/default/ufw", 1 << 20, &def, err, sizeof err) < 0) {
		source_unknown(s, err);
		goto out;
	}
	check_evidence_file(res, ctx, "/etc/default/ufw");
	policy = shell_value(def, "DEFAULT_INPUT_POLICY");
	ipv6 = shell_value(def, "IPV6");
	if (policy == NULL) {
		source_unknown(s, "/etc/default/ufw: DEFAULT_INPUT_POLICY is not set");
		goto out;
	}
	for (i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		struct json *allowed = json_array(), *opened = json_array();
		char *data;
		int refusing = 0;

		if (rules[i].family == FW_V6 && (ipv6 == NULL || strcmp(ipv6, "yes") != 0)) {
			json_free(allowed);
			json_free(opened);
			continue; /* ufw leaves IPv6 alone */
		}
		if (tread(ctx->target, rules[i].path, 16 << 20, &data, err, sizeof err) == 0) {
			check_evidence_file(res, ctx, rules[i].path);
			ufw_tuples(data, allowed, opened, &refusing);
			free(data);
		} else if (errno != ENOENT || target_exists(ctx->target, rules[i].path)) {
			json_free(allowed);
			json_free(opened);
			source_unknown(s, err);
			goto out;
		}
		firewall_family_set(s, rules[i].family, "ufw-user-input", policy,
		    strcmp(policy, "DROP") == 0 || strcmp(policy, "REJECT") == 0, refusing, allowed,
		    opened);
	}
	firewall_finish(s);
out:
	free(conf);
	free(def);
	free(enabled);
	free(policy);
	free(ipv6);
}

/* The value of attribute name in the element starting at p (up to '>'), or NULL. Caller frees. */
static char *
xml_attr(const char *p, const char *name)
{
	const char *end = strchr(p, '>'), *a;
	size_t nl = strlen(name);

	for (a = p; end != NULL && (a = strstr(a, name)) != NULL && a < end; a += nl)
		if ((a[-1] == ' ' || a[-1] == '\t' || a[-1] == '\n') && a[nl] == '=' &&
		    (a[nl + 1] == '"' || a[nl + 1] == '\'')) {
			const char *q = strchr(a + nl + 2, a[nl + 1]);

			if (q != NULL && q < end)
				return xstrndup(a + nl + 2, (size_t)(q - a - nl - 2));
		}
	return NULL;
}

/*
 * The zone's allowances: services, ports, protocols (all of one protocol:
 * open), forward ports, and rich rules that accept (open when they name no
 * service, port, protocol or source).
 */
static void
firewalld_zone(const char *z, struct json *allowed, struct json *opened, int *refusing)
{
	const char *p;

	for (p = z; (p = strchr(p, '<')) != NULL; p++) {
		char *v = NULL, *v2 = NULL;

		if (strncmp(p, "<service ", 9) == 0 && (v = xml_attr(p, "name")) != NULL)
			json_arr_push(allowed, json_strf("service %s", v));
		else if (strncmp(p, "<port ", 6) == 0 && (v = xml_attr(p, "port")) != NULL) {
			v2 = xml_attr(p, "protocol");
			json_arr_push(allowed, json_strf("port %s/%s", v, v2 ? v2 : "?"));
		} else if (strncmp(p, "<protocol ", 10) == 0 && (v = xml_attr(p, "value")) != NULL) {
			static const char *const icmp[] = { "icmp", "ipv6-icmp", "icmpv6", NULL };
			size_t k;

			for (k = 0; icmp[k] != NULL && strcmp(v, icmp[k]) != 0; k++)
				;
			json_arr_push(icmp[k] != NULL ? allowed : opened, json_strf("protocol %s", v));
		} else if (strncmp(p, "<forward-port ", 14) == 0 && (v = xml_attr(p, "port")) != NULL) {
			json_arr_push(allowed, json_strf("forward-port %s", v));
		} else if (strncmp(p, "<rule", 5) == 0 && (p[5] == '>' || p[5] == ' ')) {
			const char *e = strstr(p, "</rule>");
			char *body = e != NULL ? xstrndup(p, (size_t)(e - p)) : xstrdup(p);

			if (strstr(body, "<accept") != NULL) {
				int restricted = strstr(body, "<service") ||
				    strstr(body, "<port") || strstr(body, "<source") ||
				    strstr(body, "<icmp-type") || strstr(body, "<forward-port");
				char *one = xasprintf("rich rule %.*s",
				    (int)(strcspn(body, "\n") > 200 ? 200 : strcspn(body, "\n")), body);

				json_arr_push(restricted ? allowed : opened, json_str(one));
				free(one);
			} else if (strstr(body, "<drop") || strstr(body, "<reject"))
				(*refusing)++;
			free(body);
			if (e != NULL)
				p = e;
		}
		free(v);
		free(v2);
	}
}

/* firewalld: enabled, default zone target, its allowances. */
static void
probe_firewalld(const struct check_ctx *ctx, struct check_result *res, struct json *sources)
{
	char *conf, *zone, *zpath, *zdata = NULL, *target = NULL, err[512], err2[512];
	struct json *s, *allowed, *opened;
	int refusing = 0, k, refuses;

	if (!target_exists(ctx->target, "/etc/firewalld/firewalld.conf"))
		return;
	check_evidence_file(res, ctx, "/etc/firewalld/firewalld.conf");
	s = source(sources, "firewalld", "/etc/firewalld/firewalld.conf",
	    unit_enabled(ctx->target, "firewalld.service"));
	if (tread(ctx->target, "/etc/firewalld/firewalld.conf", 1 << 20, &conf, err, sizeof err) < 0) {
		source_unknown(s, err);
		return;
	}
	zone = shell_value(conf, "DefaultZone");
	if (zone == NULL || zone[0] == '\0' || strchr(zone, '/') != NULL) {
		free(zone);
		zone = xstrdup("public");
	}
	json_obj_set(s, "zone", json_str(zone));
	/* a zone in /etc overrides the one firewalld ships */
	zpath = xasprintf("/etc/firewalld/zones/%s.xml", zone);
	if (!target_exists(ctx->target, zpath)) {
		free(zpath);
		zpath = xasprintf("/usr/lib/firewalld/zones/%s.xml", zone);
	}
	if (tread(ctx->target, zpath, 1 << 20, &zdata, err2, sizeof err2) < 0) {
		char *why = xasprintf("the default zone %s cannot be read: %s", zone, err2);

		source_unknown(s, why);
		free(why);
		goto out;
	}
	check_evidence_file(res, ctx, zpath);
	{
		const char *zt = strstr(zdata, "<zone");

		target = zt != NULL ? xml_attr(zt, "target") : NULL;
	}
	allowed = json_array();
	opened = json_array();
	firewalld_zone(zdata, allowed, opened, &refusing);
	/* zones reject what they do not allow, unless their target is ACCEPT */
	refuses = target == NULL || strcmp(target, "ACCEPT") != 0;
	for (k = 0; k < 2; k++)
		firewall_family_set(s, k == 0 ? FW_V4 : FW_V6, zone, target ? target : "default",
		    refuses, refusing, k == 0 ? json_copy(allowed) : allowed,
		    k == 0 ? json_copy(opened) : opened);
	firewall_finish(s);
out:
	free(target);
	free(zdata);
	free(zpath);
	free(zone);
	free(conf);
}

/* Whether IPv6 is switched off on the target. */
static int
ipv6_disabled(const struct target *t)
{
	char *v = target_line(t, "/proc/sys/net/ipv6/conf/all/disable_ipv6");
	int off = v != NULL && strcmp(v, "1") == 0;

	free(v);
	if (v == NULL && target_live(t) && !target_exists(t, "/proc/sys/net/ipv6"))
		off = 1; /* no IPv6 in this kernel */
	return off;
}

int
firewall_probe_linux(const struct check_ctx *ctx, void *facts, struct check_result *res)
{
	struct firewall_facts *f = facts;

	f->sources = json_array();
	f->ipv6_disabled = ipv6_disabled(ctx->target);
	probe_nft(ctx, res, f->sources);
	probe_iptables(ctx, res, f->sources);
	probe_ufw(ctx, res, f->sources);
	probe_firewalld(ctx, res, f->sources);
	return 0;
}
