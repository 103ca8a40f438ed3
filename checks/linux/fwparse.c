/*
 * linux/fwparse.c: the firewall check's readers of Linux rulesets:
 * `nft -j list ruleset` output, nftables configuration text (nft -f
 * syntax), and iptables-save output or iptables-persistent rules files.
 * Each sets, in a source object of details.sources, whether the input
 * hook chains filter inbound traffic and what they let in (fwparse.h).
 */
#include "fwparse.h"

#include <stdlib.h>
#include <string.h>

#include "../../sys/sysprobe.h"
#include "../../util/strbuf.h"
#include "../../util/xalloc.h"

enum filt { FILT_NONE, FILT_PARTIAL, FILT_FULL };

static const char *const filt_names[] = { "none", "partial", "full" };

/* Whether word w is one of the verdicts that refuse a packet. */
static int
refuses(const char *w)
{
	return strcmp(w, "drop") == 0 || strcmp(w, "reject") == 0 || strcmp(w, "DROP") == 0 ||
	    strcmp(w, "REJECT") == 0;
}

void
firewall_eval_set(struct json *src, const char *policy, int policy_refuses, int refusing_rules,
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
		sb_addf(&sb, "%s dport ",
		    json_get_str(json_get(pl, "protocol")) ? json_get_str(json_get(pl, "protocol")) : "?");
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
	firewall_eval_set(src, policy, pol_ref, refusing, has_input, allowed);
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
nft_statement(char **tok, size_t n, int *is_input, const char **policy, int *pol_ref, int *refusing,
    struct strbuf *rule, struct json *allowed_tmp)
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
			nft_statement(tok + start, i - start, &is_input, &policy, &pol_ref,
			    &refusing, &rule, tmp);
			start = i + 1;
		}
	}
	for (i = 0; i < n; i++)
		free(tok[i]);
	free(tok);
	json_free(tmp);
	sb_free(&rule);
	firewall_eval_set(src, best_policy, any_pol_ref, any_refusing, has_input, allowed);
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
			if (j != NULL &&
			    (strncmp(j + 4, "DROP", 4) == 0 || strncmp(j + 4, "REJECT", 6) == 0))
				refusing++;
			else if (j != NULL && strncmp(j + 4, "ACCEPT", 6) == 0 &&
			    strstr(line, "--dport") != NULL)
				json_arr_push(allowed, json_str(line + 3));
		}
	}
	free(copy);
	firewall_eval_set(src, policy, pol_ref, refusing, has_input, allowed);
}
