/*
 * firewall.c: the firewall check: is an inbound filtering policy in force,
 * and what does it let in?
 *
 * Sources, each evaluated on its own and reported in details.sources:
 *  - nftables: at "/" with nft installed, the live ruleset (`nft -j list
 *    ruleset`); otherwise /etc/nftables.conf, in force when nftables.service
 *    is enabled (a systemd *.target.wants link).
 *  - iptables: at "/" with iptables-save installed, the live rules; the
 *    iptables-persistent files /etc/iptables/rules.v4 and rules.v6 when
 *    netfilter-persistent is enabled; /proc/net/ip_tables_names says whether
 *    iptables tables are loaded at all.
 *  - ufw: /etc/ufw/ufw.conf ENABLED=yes, with DEFAULT_INPUT_POLICY from
 *    /etc/default/ufw and the allow rules of /etc/ufw/user.rules, user6.rules.
 *  - firewalld: enabled, with its default zone's target, services and ports.
 * A source "filters" fully when its input chain's policy drops or rejects;
 * partially when the policy accepts but some rules drop or reject.
 *
 * pass:    a source in force filters fully.
 * warn:    the best source in force filters only partially.
 * fail:    nothing in force filters inbound traffic (no rules at all, or accept policies).
 * unknown: nothing filters as far as can be seen, but a ruleset could not be read
 *          (not root, or tables loaded with no tool to list them).
 */
#include "firewall.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "compat_root.h"
#include "../sys/sysprobe.h"
#include "../util/strbuf.h"
#include "../util/xalloc.h"

enum filt { FILT_NONE, FILT_PARTIAL, FILT_FULL };

static const char *const filt_names[] = { "none", "partial", "full" };

/* Whether word w is one of the verdicts that refuse a packet. */
static int
refuses(const char *w)
{
	return strcmp(w, "drop") == 0 || strcmp(w, "reject") == 0 || strcmp(w, "DROP") == 0 ||
	    strcmp(w, "REJECT") == 0;
}

/* Writes the evaluation into src. */
static void
set_eval(struct json *src, const char *policy, int policy_refuses, int refusing_rules,
    int has_input, struct json *allowed)
{
	enum filt f = policy_refuses ? FILT_FULL : refusing_rules > 0 ? FILT_PARTIAL : FILT_NONE;

	json_obj_set(src, "input_chain", json_bool(has_input));
	json_obj_set(src, "input_policy", json_str(has_input ? policy : NULL));
	json_obj_set(src, "filtering", json_str(filt_names[f]));
	json_obj_set(src, "allowed", allowed);
}

/* --- nftables JSON ------------------------------------------------------- */

/* Whether expression list expr (a rule's "expr") holds verdict v. */
static int
nft_has_verdict(const struct json *expr, const char *v)
{
	size_t i;

	for (i = 0; i < json_len(expr); i++)
		if (json_get(json_at(expr, i), v) != NULL)
			return 1;
	return 0;
}

/* Appends an nft JSON match value as nft writes it: 22, { 22, 443 }, 1000-2000. */
static void
nft_value(const struct json *v, struct strbuf *sb)
{
	const struct json *set = json_get(v, "set"), *range = json_get(v, "range");
	size_t i;

	if (json_is(v, JSON_INT))
		sb_addf(sb, "%lld", (long long)json_get_int(v, 0));
	else if (json_is(v, JSON_STRING))
		sb_adds(sb, json_get_str(v));
	else if (json_is(set, JSON_ARRAY)) {
		sb_adds(sb, "{ ");
		for (i = 0; i < json_len(set); i++) {
			if (i)
				sb_adds(sb, ", ");
			nft_value(json_at(set, i), sb);
		}
		sb_adds(sb, " }");
	} else if (json_is(range, JSON_ARRAY) && json_len(range) == 2) {
		nft_value(json_at(range, 0), sb);
		sb_addc(sb, '-');
		nft_value(json_at(range, 1), sb);
	} else
		json_write(v, sb, 0);
}

/* The destination port match of a rule as text ("tcp dport 22"), or NULL. Caller frees. */
static char *
nft_dport(const struct json *expr)
{
	size_t i;

	for (i = 0; i < json_len(expr); i++) {
		const struct json *m = json_get(json_at(expr, i), "match");
		const struct json *pl = json_get(json_get(m, "left"), "payload");
		const char *field = json_get_str(json_get(pl, "field"));
		struct strbuf sb = STRBUF_INIT;

		if (field == NULL || strcmp(field, "dport") != 0)
			continue;
		sb_addf(&sb, "%s dport ", json_get_str(json_get(pl, "protocol")) ?
		    json_get_str(json_get(pl, "protocol")) : "?");
		nft_value(json_get(m, "right"), &sb);
		return sb_detach(&sb);
	}
	return NULL;
}

int
firewall_eval_nft_json(const char *text, size_t len, struct json *src)
{
	char err[256];
	struct json *doc = json_parse(text, len, err, sizeof err), *allowed;
	const struct json *list = json_get(doc, "nftables");
	struct strbuf inputs = STRBUF_INIT;
	const char *policy = "accept";
	int pol_ref = 0, refusing = 0, has_input = 0;
	size_t i;

	if (!json_is(list, JSON_ARRAY)) {
		json_free(doc);
		return -1;
	}
	/* the input hook chains, as "\nfamily table chain\n" keys */
	sb_addc(&inputs, '\n');
	for (i = 0; i < json_len(list); i++) {
		const struct json *c = json_get(json_at(list, i), "chain");
		const char *hook = json_get_str(json_get(c, "hook"));
		const char *pol = json_get_str(json_get(c, "policy"));

		if (hook == NULL || strcmp(hook, "input") != 0)
			continue;
		has_input = 1;
		sb_addf(&inputs, "%s %s %s\n", json_get_str(json_get(c, "family")),
		    json_get_str(json_get(c, "table")), json_get_str(json_get(c, "name")));
		if (pol != NULL && refuses(pol)) {
			pol_ref = 1;
			policy = pol;
		}
	}
	allowed = json_array();
	for (i = 0; i < json_len(list); i++) {
		const struct json *r = json_get(json_at(list, i), "rule"), *expr;
		char *key, *port;

		if (r == NULL)
			continue;
		key = xasprintf("\n%s %s %s\n", json_get_str(json_get(r, "family")),
		    json_get_str(json_get(r, "table")), json_get_str(json_get(r, "chain")));
		expr = json_get(r, "expr");
		if (strstr(sb_str(&inputs), key) != NULL) {
			if (nft_has_verdict(expr, "drop") || nft_has_verdict(expr, "reject"))
				refusing++;
			else if (nft_has_verdict(expr, "accept") && (port = nft_dport(expr)) != NULL) {
				json_arr_push(allowed, json_str(port));
				free(port);
			}
		}
		free(key);
	}
	set_eval(src, policy, pol_ref, refusing, has_input, allowed);
	sb_free(&inputs);
	json_free(doc);
	return 0;
}

/* --- nftables configuration text --------------------------------------- */

/* Splits nft -f text into tokens: words, "{", "}", ";" (newlines become ";"). */
static char **
nft_tokens(const char *t, size_t *n)
{
	char **v = NULL;
	size_t cnt = 0;

	while (*t) {
		const char *s = t;

		if (*t == '#') {
			while (*t && *t != '\n')
				t++;
			continue;
		}
		if (*t == '\\' && t[1] == '\n') {
			t += 2;
			continue;
		}
		if (*t == ' ' || *t == '\t' || *t == '\r') {
			t++;
			continue;
		}
		if (*t == '{' || *t == '}' || *t == ';' || *t == '\n' || *t == ',') {
			t++;
		} else if (*t == '"') {
			t++;
			while (*t && *t != '"' && *t != '\n')
				t++;
			if (*t == '"')
				t++;
		} else {
			while (*t && !strchr(" \t\r\n{};,#", *t))
				t++;
		}
		v = xreallocarray(v, cnt + 1, sizeof *v);
		v[cnt++] = *s == '\n' ? xstrdup(";") : xstrndup(s, (size_t)(t - s));
	}
	*n = cnt;
	return v;
}

/* Evaluates one statement (tokens) of a chain body. */
static void
nft_statement(char **tok, size_t n, int *is_input, const char **policy, int *pol_ref,
    int *refusing, struct strbuf *rule, struct json *allowed_tmp)
{
	size_t i;

	if (n == 0)
		return;
	if (strcmp(tok[0], "type") == 0) {
		for (i = 0; i + 1 < n; i++)
			if (strcmp(tok[i], "hook") == 0 && strcmp(tok[i + 1], "input") == 0)
				*is_input = 1;
		return;
	}
	if (strcmp(tok[0], "policy") == 0) {
		if (n > 1) {
			*policy = refuses(tok[1]) ? "drop" : "accept";
			*pol_ref = refuses(tok[1]);
		}
		return;
	}
	for (i = 0; i < n; i++)
		if (refuses(tok[i])) {
			(*refusing)++;
			return;
		}
	sb_truncate(rule, 0);
	for (i = 0; i < n; i++)
		sb_addf(rule, "%s%s", i && strcmp(tok[i], ",") != 0 ? " " : "", tok[i]);
	if (strstr(sb_str(rule), "dport") != NULL && strstr(sb_str(rule), "accept") != NULL)
		json_arr_push(allowed_tmp, json_str(sb_str(rule)));
}

void
firewall_eval_nft_text(const char *text, struct json *src)
{
	size_t n, i, start = 0, depth = 0, chain_depth = 0, inline_depth = 0;
	char **tok = nft_tokens(text, &n);
	const char *policy = "accept", *best_policy = "accept";
	int in_chain = 0, is_input = 0, pol_ref = 0, refusing = 0, has_input = 0, any_pol_ref = 0,
	    any_refusing = 0;
	struct json *allowed = json_array(), *tmp = json_array();
	struct strbuf rule = STRBUF_INIT;

	for (i = 0; i < n; i++) {
		if (strcmp(tok[i], "{") == 0) {
			depth++;
			if (!in_chain && i >= 2 && strcmp(tok[i - 2], "chain") == 0) {
				in_chain = 1;
				chain_depth = depth;
				is_input = pol_ref = refusing = 0;
				policy = "accept";
				start = i + 1;
			} else if (in_chain)
				inline_depth++;
			continue;
		}
		if (strcmp(tok[i], "}") == 0) {
			if (in_chain && inline_depth > 0) {
				inline_depth--;
			} else if (in_chain && depth == chain_depth) {
				nft_statement(tok + start, i - start, &is_input, &policy, &pol_ref,
				    &refusing, &rule, tmp);
				if (is_input) {
					size_t k;

					has_input = 1;
					any_pol_ref |= pol_ref;
					if (pol_ref)
						best_policy = policy;
					any_refusing += refusing;
					for (k = 0; k < json_len(tmp); k++)
						json_arr_push(allowed, json_copy(json_at(tmp, k)));
				}
				json_free(tmp);
				tmp = json_array();
				in_chain = 0;
			}
			if (depth > 0)
				depth--;
			continue;
		}
		if (in_chain && inline_depth == 0 && strcmp(tok[i], ";") == 0) {
			nft_statement(tok + start, i - start, &is_input, &policy, &pol_ref, &refusing,
			    &rule, tmp);
			start = i + 1;
		}
	}
	for (i = 0; i < n; i++)
		free(tok[i]);
	free(tok);
	json_free(tmp);
	sb_free(&rule);
	set_eval(src, best_policy, any_pol_ref, any_refusing, has_input, allowed);
}

/* --- iptables ------------------------------------------------------------ */

void
firewall_eval_iptables(const char *text, struct json *src)
{
	char *copy = xstrdup(text), *line, *save = NULL;
	const char *policy = "ACCEPT";
	int in_filter = 0, pol_ref = 0, refusing = 0, has_input = 0;
	struct json *allowed = json_array();

	for (line = strtok_r(copy, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		sysprobe_trim(line);
		if (line[0] == '*')
			in_filter = strcmp(line, "*filter") == 0;
		else if (in_filter && strncmp(line, ":INPUT ", 7) == 0) {
			has_input = 1;
			if (strncmp(line + 7, "DROP", 4) == 0 || strncmp(line + 7, "REJECT", 6) == 0) {
				pol_ref = 1;
				policy = "DROP";
			}
		} else if (in_filter && strncmp(line, "-A INPUT ", 9) == 0) {
			const char *j = strstr(line, " -j ");

			has_input = 1;
			if (j != NULL && (strncmp(j + 4, "DROP", 4) == 0 || strncmp(j + 4, "REJECT", 6) == 0))
				refusing++;
			else if (j != NULL && strncmp(j + 4, "ACCEPT", 6) == 0 &&
			    strstr(line, "--dport") != NULL)
				json_arr_push(allowed, json_str(line + 3));
		}
	}
	free(copy);
	set_eval(src, policy, pol_ref, refusing, has_input, allowed);
}

/* --- the check ----------------------------------------------------------- */

/* Whether systemd unit is enabled under root (a link in a *.target.wants directory). */
static int
unit_enabled(const char *root, const char *unit)
{
	static const char *const targets[] = { "sysinit", "multi-user", "basic", "network-pre",
		NULL };
	size_t i;
	int found = 0;

	for (i = 0; targets[i] != NULL && !found; i++) {
		char *p = xasprintf("/etc/systemd/system/%s.target.wants/%s", targets[i], unit);

		found = compat_exists(root, p);
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

/* Finds an absolute path to tool in the usual system directories, or NULL. */
static const char *
find_tool(const char *const *cands)
{
	size_t i;

	for (i = 0; cands[i] != NULL; i++)
		if (access(cands[i], X_OK) == 0)
			return cands[i];
	return NULL;
}

/* nftables: the live ruleset at "/", else the configuration file. */
static void
probe_nft(const struct check_ctx *ctx, struct check_result *res, struct json *sources)
{
	static const char *const nft_paths[] = { "/usr/sbin/nft", "/sbin/nft", NULL };
	const char *nft = compat_live(ctx->root) ? find_tool(nft_paths) : NULL;
	char *data, err[512];

	if (nft != NULL) {
		const char *argv[] = { nft, "-j", "list", "ruleset", NULL };
		size_t len;
		int rc = sysprobe_run(argv, 64 << 20, &data, &len);
		struct json *s = source(sources, "nftables (live ruleset)", nft, 1);

		check_evidence_value(res, "nft", nft);
		if (rc != 0)
			source_unknown(s, geteuid() != 0 ?
			    "nft could not list the ruleset: run reentry as root" :
			    "nft could not list the ruleset");
		else if (len == 0) /* an empty ruleset prints nothing */
			set_eval(s, NULL, 0, 0, 0, json_array());
		else if (firewall_eval_nft_json(data, len, s) < 0)
			source_unknown(s, "nft -j printed something that is not its JSON ruleset");
		free(data);
		return;
	}
	if (!compat_exists(ctx->root, "/etc/nftables.conf"))
		return;
	check_evidence_file(res, ctx, "/etc/nftables.conf");
	{
		struct json *s = source(sources, "nftables (configuration)", "/etc/nftables.conf",
		    unit_enabled(ctx->root, "nftables.service"));

		if (compat_read(ctx->root, "/etc/nftables.conf", 16 << 20, &data, err, sizeof err) < 0)
			source_unknown(s, err);
		else {
			firewall_eval_nft_text(data, s);
			free(data);
		}
	}
}

/* iptables: live rules at "/", iptables-persistent files, loaded tables. */
static void
probe_iptables(const struct check_ctx *ctx, struct check_result *res, struct json *sources)
{
	static const char *const save_paths[] = { "/usr/sbin/iptables-save", "/sbin/iptables-save",
		NULL };
	static const char *const files[] = { "/etc/iptables/rules.v4", "/etc/iptables/rules.v6",
		NULL };
	const char *tool = compat_live(ctx->root) ? find_tool(save_paths) : NULL;
	char *tables = compat_line(ctx->root, "/proc/net/ip_tables_names"), *data, err[512];
	size_t i;

	if (tables != NULL)
		check_evidence_file(res, ctx, "/proc/net/ip_tables_names");
	if (tool != NULL) {
		const char *argv[] = { tool, NULL };
		size_t len;
		int rc = sysprobe_run(argv, 64 << 20, &data, &len);
		struct json *s = source(sources, "iptables (live rules)", tool, 1);

		if (rc != 0)
			source_unknown(s, geteuid() != 0 ? "iptables-save failed: run reentry as root" :
			    "iptables-save failed");
		else
			firewall_eval_iptables(data, s);
		free(data);
	} else if (tables != NULL && tables[0] != '\0') {
		struct json *s = source(sources, "iptables (loaded tables)", "/proc/net/ip_tables_names", 1);

		source_unknown(s, "iptables tables are loaded but iptables-save is not available to list "
		    "their rules: install iptables");
	}
	for (i = 0; files[i] != NULL; i++) {
		struct json *s;

		if (!compat_exists(ctx->root, files[i]))
			continue;
		check_evidence_file(res, ctx, files[i]);
		s = source(sources, "iptables-persistent", files[i],
		    unit_enabled(ctx->root, "netfilter-persistent.service"));
		if (compat_read(ctx->root, files[i], 16 << 20, &data, err, sizeof err) < 0)
			source_unknown(s, err);
		else {
			firewall_eval_iptables(data, s);
			free(data);
		}
	}
	free(tables);
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

/* ufw: enabled state, default input policy, allow rules. */
static void
probe_ufw(const struct check_ctx *ctx, struct check_result *res, struct json *sources)
{
	static const char *const rules[] = { "/etc/ufw/user.rules", "/etc/ufw/user6.rules", NULL };
	char *conf, *def = NULL, *enabled, *policy = NULL, err[512];
	struct json *s, *allowed;
	size_t i;

	if (!compat_exists(ctx->root, "/etc/ufw/ufw.conf"))
		return;
	check_evidence_file(res, ctx, "/etc/ufw/ufw.conf");
	if (compat_read(ctx->root, "/etc/ufw/ufw.conf", 1 << 20, &conf, err, sizeof err) < 0) {
		source_unknown(source(sources, "ufw", "/etc/ufw/ufw.conf", 0), err);
		return;
	}
	enabled = shell_value(conf, "ENABLED");
	s = source(sources, "ufw", "/etc/ufw/ufw.conf", enabled != NULL && strcmp(enabled, "yes") == 0);
	if (compat_read(ctx->root, "/etc/default/ufw", 1 << 20, &def, err, sizeof err) == 0) {
		check_evidence_file(res, ctx, "/etc/default/ufw");
		policy = shell_value(def, "DEFAULT_INPUT_POLICY");
	}
	allowed = json_array();
	for (i = 0; rules[i] != NULL; i++) {
		char *data, *line, *save = NULL;

		if (compat_read(ctx->root, rules[i], 16 << 20, &data, err, sizeof err) < 0)
			continue;
		check_evidence_file(res, ctx, rules[i]);
		for (line = strtok_r(data, "\n", &save); line != NULL;
		    line = strtok_r(NULL, "\n", &save))
			if (strncmp(line, "### tuple ### allow ", 20) == 0)
				json_arr_push(allowed, json_str(line + 14));
		free(data);
	}
	if (policy == NULL)
		policy = xstrdup("DROP"); /* ufw's built-in default */
	set_eval(s, policy, strcmp(policy, "DROP") == 0 || strcmp(policy, "REJECT") == 0, 0, 1,
	    allowed);
	free(conf);
	free(def);
	free(enabled);
	free(policy);
}

/* firewalld: enabled, default zone target, its services and ports. */
static void
probe_firewalld(const struct check_ctx *ctx, struct check_result *res, struct json *sources)
{
	char *conf, *zone, *zpath, *zdata = NULL, err[512];
	struct json *s, *allowed;
	const char *p;

	if (!compat_exists(ctx->root, "/etc/firewalld/firewalld.conf"))
		return;
	check_evidence_file(res, ctx, "/etc/firewalld/firewalld.conf");
	s = source(sources, "firewalld", "/etc/firewalld/firewalld.conf",
	    unit_enabled(ctx->root, "firewalld.service"));
	if (compat_read(ctx->root, "/etc/firewalld/firewalld.conf", 1 << 20, &conf, err,
	        sizeof err) < 0) {
		source_unknown(s, err);
		return;
	}
	zone = shell_value(conf, "DefaultZone");
	if (zone == NULL || strchr(zone, '/') != NULL) {
		free(zone);
		zone = xstrdup("public");
	}
	json_obj_set(s, "zone", json_str(zone));
	zpath = xasprintf("/etc/firewalld/zones/%s.xml", zone);
	if (compat_read(ctx->root, zpath, 1 << 20, &zdata, err, sizeof err) < 0) {
		free(zpath);
		zpath = xasprintf("/usr/lib/firewalld/zones/%s.xml", zone);
		if (compat_read(ctx->root, zpath, 1 << 20, &zdata, err, sizeof err) < 0)
			zdata = NULL;
	}
	allowed = json_array();
	if (zdata != NULL) {
		check_evidence_file(res, ctx, zpath);
		for (p = zdata; (p = strstr(p, "<service name=\"")) != NULL; p++) {
			const char *e = strchr(p + 15, '"');

			if (e != NULL)
				json_arr_push(allowed, json_strf("service %.*s", (int)(e - p - 15), p + 15));
		}
		for (p = zdata; (p = strstr(p, "<port ")) != NULL; p++) {
			const char *e = strchr(p, '>');

			if (e != NULL)
				json_arr_push(allowed, json_strf("%.*s", (int)(e - p + 1), p));
		}
	}
	/* zones reject what they do not allow, unless their target is ACCEPT */
	set_eval(s, "default", zdata == NULL || strstr(zdata, "target=\"ACCEPT\"") == NULL, 0, 1,
	    allowed);
	free(zdata);
	free(zpath);
	free(zone);
	free(conf);
}

static void
firewall_run(const struct check_ctx *ctx, struct check_result *res)
{
	struct json *sources = json_obj_set(res->details, "sources", json_array());
	enum filt best = FILT_NONE;
	const struct json *best_src = NULL, *unknown_src = NULL;
	size_t i;

	probe_nft(ctx, res, sources);
	probe_iptables(ctx, res, sources);
	probe_ufw(ctx, res, sources);
	probe_firewalld(ctx, res, sources);
	for (i = 0; i < json_len(sources); i++) {
		const struct json *s = json_at(sources, i);
		const char *f = json_get_str(json_get(s, "filtering"));
		enum filt v;

		if (f != NULL && strcmp(f, "unknown") == 0) {
			if (unknown_src == NULL)
				unknown_src = s;
			continue;
		}
		if (!json_get_bool(json_get(s, "in_force"), 0) || f == NULL)
			continue;
		v = strcmp(f, "full") == 0 ? FILT_FULL : strcmp(f, "partial") == 0 ? FILT_PARTIAL :
		    FILT_NONE;
		if (best_src == NULL || v > best) {
			best = v;
			best_src = s;
		}
	}
	if (best == FILT_FULL || best == FILT_PARTIAL) {
		const struct json *allowed = json_get(best_src, "allowed");
		struct strbuf sb = STRBUF_INIT;
		char *en, *ja;

		for (i = 0; i < json_len(allowed) && i < 6; i++)
			sb_addf(&sb, "%s%s", i ? ", " : "", json_get_str(json_at(allowed, i)));
		if (json_len(allowed) > 6)
			sb_addf(&sb, ", ... (%zu in all)", json_len(allowed));
		en = xasprintf("%s: inbound %s%s%s%s", json_get_str(json_get(best_src, "source")),
		    best == FILT_FULL ? "traffic is refused by default" :
		    "policy accepts, only some traffic is refused",
		    sb.len ? "; allows " : "", sb_str(&sb), sb.len ? "" : "; no ports opened");
		ja = xasprintf("%s: 受信は%s%s%s", json_get_str(json_get(best_src, "source")),
		    best == FILT_FULL ? "既定で拒否されます" : "既定で許可され、一部のみ拒否されます",
		    sb.len ? "。許可: " : "。開放ポートなし", sb_str(&sb));
		check_result_set(res, best == FILT_FULL ? CHECK_PASS : CHECK_WARN, en, ja);
		free(en);
		free(ja);
		sb_free(&sb);
	} else if (unknown_src != NULL) {
		char *en = xasprintf("no inbound filtering found, and %s could not be read: %s",
		    json_get_str(json_get(unknown_src, "source")),
		    json_get_str(json_get(unknown_src, "reason")));
		char *ja = xasprintf("受信フィルタは見つからず、%s を読み取れませんでした: %s",
		    json_get_str(json_get(unknown_src, "source")),
		    json_get_str(json_get(unknown_src, "reason")));

		check_result_set(res, CHECK_UNKNOWN, en, ja);
		free(en);
		free(ja);
	} else if (json_len(sources) == 0) {
		check_result_set(res, CHECK_FAIL,
		    "no firewall at all: no nftables ruleset, iptables rules, ufw or firewalld",
		    "ファイアウォールがありません（nftables、iptables、ufw、firewalld のいずれも未設定）");
	} else {
		check_result_set(res, CHECK_FAIL,
		    "no inbound filtering in force: the firewall found is disabled or accepts everything",
		    "受信フィルタが有効になっていません（無効、またはすべて許可）");
	}
}

const struct check check_firewall = {
	.id = "firewall",
	.title_en = "Inbound firewall policy in force",
	.title_ja = "受信ファイアウォールの有効化",
	.reads = "nft -j list ruleset and iptables-save at /, /etc/nftables.conf, /etc/iptables/rules.v4 "
	         "and rules.v6, /proc/net/ip_tables_names, /etc/ufw, /etc/default/ufw, /etc/firewalld, "
	         "systemd *.target.wants links",
	.params = NULL,
	.run = firewall_run,
};
