/*
 * linux/fwparse.c: the firewall check's readers of Linux rulesets:
 * nftables text (configuration files and `nft list ruleset` output) and
 * iptables-save output or iptables-persistent files. Both become chains of
 * classified rules (struct fw_rule), which one evaluator walks, following
 * jumps and gotos, for IPv4 and IPv6 (fwparse.h says what is decided).
 */
#include "fwparse.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../util/strbuf.h"
#include "../../util/xalloc.h"

enum filt { FILT_NONE, FILT_PARTIAL, FILT_FULL };
static const char *const filt_names[] = { "none", "partial", "full" };

#define FW_MAX_DEPTH 16        /* nested jumps, and nested includes */
#define FW_MAX_STEPS 50000     /* rules visited in one evaluation */
#define FW_MAX_TEXT 300        /* bytes of a rule shown */
#define FW_MAX_INCLUDES 64     /* files included in one evaluation */
#define FW_MAX_BYTES (4 << 20) /* text read, includes included */
#define FW_MAX_RULES 20000     /* rules in one ruleset */
#define FW_MAX_CHAINS 2048     /* chains in one ruleset */
#define FW_MAX_DEFINES 1024    /* nft defines */
#define FW_MAX_LISTED 256      /* rules listed as allowed or opening */
#define FW_HASH 4096           /* chain index slots, twice FW_MAX_CHAINS */

enum verdict { V_NONE, V_ACCEPT, V_DROP, V_JUMP, V_GOTO, V_RETURN, V_QUEUE };

/* One rule, classified. */
struct fw_rule {
	char *text;    /* as shown: the rule without counters */
	int fam;       /* FW_V4 | FW_V6: the families it can match */
	int cond;      /* it matches something (else it is unconditional) */
	int harmless;  /* loopback or replies only */
	int restricts; /* a port, a source address, a set, ICMP */
	enum verdict v;
	char *target; /* jump / goto */
};

struct fw_chain {
	char *family, *table, *name;
	int fam;      /* FW_V4 | FW_V6 */
	int input;    /* a filter chain on the input hook */
	int inactive; /* in a dormant table */
	int has_policy, policy_refuses;
	struct fw_rule *rules, *ins; /* ins: inserted rules, newest last, put first by chains_done() */
	size_t nrules, cap, nins, inscap;
};

struct fw_set {
	struct fw_chain *chains;
	size_t nchains, cap, nrules;
	unsigned short slot[FW_HASH]; /* chain index + 1 by (family, table, name), 0: free */
	long steps;                   /* rules visited, against FW_MAX_STEPS */
	char *unknown;                /* why the ruleset cannot be evaluated, or NULL */
};

/* Makes room for one more element in *v (count n, capacity *cap). */
static void *
grow(void *v, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return v;
	*cap = *cap ? *cap * 2 : 16;
	return xreallocarray(v, *cap, size);
}

/* The index slot of family/table/name: its chain or the free slot where it goes. */
static size_t
chain_slot(const struct fw_set *s, const char *family, const char *table, const char *name)
{
	const char *parts[3] = { family, table, name };
	uint32_t h = 2166136261u;
	size_t k, i;

	for (k = 0; k < 3; k++) {
		for (i = 0; parts[k][i] != '\0'; i++)
			h = (h ^ (unsigned char)parts[k][i]) * 16777619u;
		h = (h ^ 0xff) * 16777619u;
	}
	for (i = h % FW_HASH;; i = (i + 1) % FW_HASH) {
		const struct fw_chain *c;

		if (s->slot[i] == 0)
			return i;
		c = &s->chains[s->slot[i] - 1];
		if (strcmp(c->family, family) == 0 && strcmp(c->table, table) == 0 &&
		    strcmp(c->name, name) == 0)
			return i;
	}
}

static void
set_unknown(struct fw_set *s, char *why)
{
	if (s->unknown == NULL)
		s->unknown = why;
	else
		free(why);
}

static void
rule_free(struct fw_rule *r)
{
	free(r->text);
	free(r->target);
}

static void
chain_free(struct fw_chain *c)
{
	size_t i;

	for (i = 0; i < c->nrules; i++)
		rule_free(&c->rules[i]);
	for (i = 0; i < c->nins; i++)
		rule_free(&c->ins[i]);
	free(c->rules);
	free(c->ins);
	free(c->family);
	free(c->table);
	free(c->name);
}

static void
set_clear(struct fw_set *s)
{
	size_t i;

	for (i = 0; i < s->nchains; i++)
		chain_free(&s->chains[i]);
	free(s->chains);
	s->chains = NULL;
	s->nchains = s->cap = s->nrules = 0;
	memset(s->slot, 0, sizeof s->slot);
}

/* The chain family/table/name, created when missing; NULL (and unknown) past FW_MAX_CHAINS. */
static struct fw_chain *
chain_get(struct fw_set *s, const char *family, const char *table, const char *name)
{
	size_t slot = chain_slot(s, family, table, name);
	struct fw_chain *c;

	if (s->slot[slot] != 0)
		return &s->chains[s->slot[slot] - 1];
	if (s->nchains >= FW_MAX_CHAINS) {
		set_unknown(s, xasprintf("more than %d chains", FW_MAX_CHAINS));
		return NULL;
	}
	s->chains = grow(s->chains, s->nchains, &s->cap, sizeof *s->chains);
	c = &s->chains[s->nchains++];
	s->slot[slot] = (unsigned short)s->nchains;
	memset(c, 0, sizeof *c);
	c->family = xstrdup(family);
	c->table = xstrdup(table);
	c->name = xstrdup(name);
	c->fam = strcmp(family, "ip") == 0 ? FW_V4 :
	    strcmp(family, "ip6") == 0     ? FW_V6 :
	    strcmp(family, "inet") == 0    ? FW_V4 | FW_V6 :
	                                     0;
	return c;
}

/* Puts every chain's inserted rules in front of its appended ones, the newest first. */
static void
chains_done(struct fw_set *s)
{
	size_t i, k;

	for (i = 0; i < s->nchains; i++) {
		struct fw_chain *c = &s->chains[i];
		struct fw_rule *all;

		if (c->nins == 0)
			continue;
		all = xreallocarray(NULL, c->nins + c->nrules, sizeof *all);
		for (k = 0; k < c->nins; k++)
			all[k] = c->ins[c->nins - 1 - k];
		if (c->nrules > 0)
			memcpy(all + c->nins, c->rules, c->nrules * sizeof *all);
		free(c->rules);
		free(c->ins);
		c->rules = all;
		c->nrules += c->nins;
		c->cap = c->nrules;
		c->ins = NULL;
		c->nins = c->inscap = 0;
	}
}

static const struct fw_chain *
chain_find(const struct fw_set *s, const struct fw_chain *from, const char *name)
{
	size_t slot = chain_slot(s, from->family, from->table, name);

	return s->slot[slot] != 0 ? &s->chains[s->slot[slot] - 1] : NULL;
}

/* Appends r to c (r's strings are taken over); insert puts it first. */
static void
chain_add(struct fw_set *s, struct fw_chain *c, struct fw_rule *r, int insert)
{
	if (s->nrules >= FW_MAX_RULES) {
		set_unknown(s, xasprintf("more than %d rules", FW_MAX_RULES));
		rule_free(r);
		return;
	}
	s->nrules++;
	if (insert) {
		c->ins = grow(c->ins, c->nins, &c->inscap, sizeof *c->ins);
		c->ins[c->nins++] = *r;
	} else {
		c->rules = grow(c->rules, c->nrules, &c->cap, sizeof *c->rules);
		c->rules[c->nrules++] = *r;
	}
}

/* --- values -------------------------------------------------------------- */

/* w without surrounding double quotes, in buf. */
static const char *
unquote(const char *w, char *buf, size_t len)
{
	size_t n = strlen(w);

	if (n >= 2 && w[0] == '"' && w[n - 1] == '"') {
		xsnprintf(buf, len, "%.*s", (int)(n - 2 > len - 1 ? len - 1 : n - 2), w + 1);
		return buf;
	}
	return w;
}

/* Whether every element of the value (tokens) is one of words. */
static int
value_within(char **v, size_t n, const char *const *words)
{
	size_t i, k, seen = 0;

	for (i = 0; i < n; i++) {
		char buf[64];
		const char *w;

		if (strcmp(v[i], "{") == 0 || strcmp(v[i], "}") == 0 || strcmp(v[i], ",") == 0)
			continue;
		w = unquote(v[i], buf, sizeof buf);
		for (k = 0; words[k] != NULL; k++)
			if (strcasecmp(w, words[k]) == 0)
				break;
		if (words[k] == NULL)
			return 0;
		seen++;
	}
	return seen > 0;
}

/* Whether a port value is the whole range (0-65535, 1-65535). */
static int
port_all(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i], "0-65535") == 0 || strcmp(v[i], "1-65535") == 0 ||
		    strcmp(v[i], "0:65535") == 0 || strcmp(v[i], "1:65535") == 0)
			return 1;
	return 0;
}

/* Whether an address value means any address. */
static int
addr_any(char **v, size_t n)
{
	static const char *const any[] = { "0.0.0.0/0", "::/0", "0/0", "0.0.0.0-255.255.255.255",
		"anywhere", NULL };

	return value_within(v, n, any);
}

static const char *const reply_states[] = { "established", "related", NULL };
static const char *const icmp_protos[] = { "icmp", "ipv6-icmp", "icmpv6", "1", "58", NULL };

/* --- nftables text: tokens ------------------------------------------------ */

/* Splits nft -f text into tokens: words, quoted strings, "{", "}", ";", "," (newlines become ";"). */
static char **
nft_tokens(const char *t, size_t *n)
{
	char **v = NULL;
	size_t cnt = 0, cap = 0;

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
			while (*t && !strchr(" \t\r\n{};,#\"", *t))
				t++;
		}
		v = grow(v, cnt, &cap, sizeof *v);
		v[cnt++] = *s == '\n' ? xstrdup(";") : xstrndup(s, (size_t)(t - s));
	}
	*n = cnt;
	return v;
}

static int
is_verdict(const char *w)
{
	static const char *const v[] = { "accept", "drop", "reject", "jump", "goto", "return",
		"continue", "queue", NULL };
	size_t i;

	for (i = 0; v[i] != NULL; i++)
		if (strcmp(w, v[i]) == 0)
			return 1;
	return 0;
}

/* Words that start a two-word selector ("tcp dport", "ct state"). */
static int
two_word(const char *w)
{
	static const char *const v[] = { "meta", "ct", "tcp", "udp", "th", "sctp", "dccp",
		"udplite", "ip", "ip6", "icmp", "icmpv6", "rt", "ether", "vlan", "arp", "socket",
		"osf", "ipsec", "exthdr", "igmp", "ah", "esp", "comp", "mh", "dst", "frag", "hbh",
		"srh", "numgen", "jhash", "symhash", "fib", NULL };
	size_t i;

	for (i = 0; v[i] != NULL; i++)
		if (strcmp(w, v[i]) == 0)
			return 1;
	return 0;
}

/* Meta keys written without "meta". */
static int
meta_short(const char *w)
{
	static const char *const v[] = { "iif", "iifname", "oif", "oifname", "mark", "l4proto",
		"nfproto", "pkttype", "iiftype", "oiftype", "skuid", "skgid", "cpu", "iifgroup",
		"oifgroup", "cgroup", "protocol", "length", NULL };
	size_t i;

	for (i = 0; v[i] != NULL; i++)
		if (strcmp(w, v[i]) == 0)
			return 1;
	return 0;
}

/* The display text of tokens: counters dropped, no space before ",". */
static char *
nft_text(char **t, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < n; i++) {
		if (strcmp(t[i], "counter") == 0) {
			while (i + 2 < n &&
			    (strcmp(t[i + 1], "packets") == 0 || strcmp(t[i + 1], "bytes") == 0))
				i += 2;
			continue;
		}
		if (sb.len > 0 && strcmp(t[i], ",") != 0)
			sb_addc(&sb, ' ');
		sb_adds(&sb, t[i]);
		if (sb.len > FW_MAX_TEXT) {
			sb_truncate(&sb, FW_MAX_TEXT);
			sb_adds(&sb, " ...");
			break;
		}
	}
	return sb_detach(&sb);
}

/* Classifies one nft rule (no verdict map) into r. */
static void
nft_classify(char **t, size_t n, int chain_fam, struct fw_rule *r)
{
	size_t i = 0;

	memset(r, 0, sizeof *r);
	r->fam = chain_fam;
	r->text = nft_text(t, n);
	while (i < n) {
		const char *w = t[i];
		char sel[96];
		size_t vs, ve;
		int neg = 0, cmp = 0;

		if (is_verdict(w)) {
			if (strcmp(w, "accept") == 0)
				r->v = V_ACCEPT;
			else if (strcmp(w, "drop") == 0 || strcmp(w, "reject") == 0)
				r->v = V_DROP;
			else if (strcmp(w, "return") == 0)
				r->v = V_RETURN;
			else if (strcmp(w, "queue") == 0)
				r->v = V_QUEUE;
			else if (strcmp(w, "continue") == 0)
				r->v = V_NONE;
			else if (i + 1 < n) {
				char buf[256];

				r->v = strcmp(w, "jump") == 0 ? V_JUMP : V_GOTO;
				r->target = xstrdup(unquote(t[i + 1], buf, sizeof buf));
			}
			return;
		}
		if (strcmp(w, "counter") == 0) {
			i++;
			while (i + 1 < n &&
			    (strcmp(t[i], "packets") == 0 || strcmp(t[i], "bytes") == 0 ||
			        strcmp(t[i], "name") == 0))
				i += 2;
			continue;
		}
		if (strcmp(w, "log") == 0 || strcmp(w, "comment") == 0) {
			static const char *const opts[] = { "prefix", "level", "flags", "group",
				"snaplen", "queue-threshold", NULL };

			if (strcmp(w, "comment") == 0) {
				i += 2;
				continue;
			}
			for (i++; i + 1 < n;) {
				size_t k;

				for (k = 0; opts[k] != NULL && strcmp(t[i], opts[k]) != 0; k++)
					;
				if (opts[k] == NULL)
					break;
				i += 2;
			}
			continue;
		}
		if (strcmp(w, "notrack") == 0) {
			i++;
			continue;
		}
		if (i + 1 < n && strcmp(t[i + 1], "set") == 0) { /* mark set 1 */
			i += 3;
			continue;
		}
		if (i + 2 < n && strcmp(t[i + 2], "set") == 0) { /* meta mark set 1 */
			i += 4;
			continue;
		}
		/* a match: selector, operator, value */
		r->cond = 1;
		if (strcmp(w, "limit") == 0 || strcmp(w, "quota") == 0) {
			for (i++; i < n && !is_verdict(t[i]) && strcmp(t[i], "counter") != 0 &&
			     strcmp(t[i], "log") != 0;
			     i++)
				;
			continue;
		}
		if (strcmp(w, "meta") == 0 && i + 1 < n && meta_short(t[i + 1])) {
			xsnprintf(sel, sizeof sel, "%.40s", t[i + 1]);
			i += 2;
		} else if (meta_short(w)) {
			xsnprintf(sel, sizeof sel, "%.40s", w);
			i += 1;
		} else if (two_word(w) && i + 1 < n) {
			xsnprintf(sel, sizeof sel, "%.40s %.40s", w, t[i + 1]);
			i += 2;
			if (strcmp(w, "fib") == 0) /* fib daddr type local */
				while (i < n && !is_verdict(t[i]) && strcmp(t[i], "type") != 0 &&
				    strcmp(t[i], "oif") != 0 && strcmp(t[i], "oifname") != 0)
					i++;
			if (strcmp(w, "fib") == 0 && i < n && !is_verdict(t[i]))
				i++;
		} else {
			i++; /* something not understood: a condition that restricts nothing */
			continue;
		}
		if (i < n && (strcmp(t[i], "==") == 0 || strcmp(t[i], "eq") == 0))
			i++;
		else if (i < n && (strcmp(t[i], "!=") == 0 || strcmp(t[i], "ne") == 0)) {
			neg = 1;
			i++;
		} else if (i < n && strchr("<>", t[i][0]) != NULL) {
			cmp = 1;
			i++;
		} else if (i < n &&
		    (strcmp(t[i], "lt") == 0 || strcmp(t[i], "gt") == 0 ||
		        strcmp(t[i], "le") == 0 || strcmp(t[i], "ge") == 0)) {
			cmp = 1;
			i++;
		}
		vs = i;
		if (i < n && strcmp(t[i], "{") == 0) {
			int depth = 0;

			for (; i < n; i++) {
				depth += strcmp(t[i], "{") == 0;
				depth -= strcmp(t[i], "}") == 0;
				if (depth == 0) {
					i++;
					break;
				}
			}
		} else if (i < n && !is_verdict(t[i]))
			i++;
		ve = i;
		/* what the match restricts */
		{
			size_t sl = strlen(sel), nv = ve - vs;
			char **v = t + vs;

			if (sl > 6 && strcmp(sel + sl - 6, " dport") == 0) {
				if (!neg && !cmp && nv > 0 && !port_all(v, nv))
					r->restricts = 1;
			} else if (strcmp(sel, "ip saddr") == 0 || strcmp(sel, "ip6 saddr") == 0) {
				if (!neg && nv > 0 && !addr_any(v, nv))
					r->restricts = 1;
			} else if (strcmp(sel, "iif") == 0 || strcmp(sel, "iifname") == 0) {
				static const char *const lo[] = { "lo", NULL };

				if (!neg && value_within(v, nv, lo))
					r->harmless = 1;
			} else if (strcmp(sel, "ct state") == 0) {
				if (!neg && value_within(v, nv, reply_states))
					r->harmless = 1;
			} else if (strcmp(sel, "ct status") == 0) {
				static const char *const dnat[] = { "dnat", NULL };

				if (!neg && value_within(v, nv, dnat))
					r->restricts = 1; /* forwarded ports, set up elsewhere */
			} else if (strncmp(sel, "icmp ", 5) == 0 || strncmp(sel, "icmpv6 ", 7) == 0) {
				r->restricts = 1;
			} else if (strcmp(sel, "l4proto") == 0 || strcmp(sel, "ip protocol") == 0 ||
			    strcmp(sel, "ip6 nexthdr") == 0) {
				if (!neg && value_within(v, nv, icmp_protos))
					r->restricts = 1;
			} else if (strcmp(sel, "nfproto") == 0 && !neg) {
				static const char *const v4[] = { "ipv4", NULL }, *const v6[] = { "ipv6", NULL };

				if (value_within(v, nv, v4))
					r->fam &= FW_V4;
				else if (value_within(v, nv, v6))
					r->fam &= FW_V6;
			}
			/* a protocol's own fields only match that family */
			if (strncmp(sel, "ip ", 3) == 0 || strncmp(sel, "icmp ", 5) == 0)
				r->fam &= FW_V4;
			else if (strncmp(sel, "ip6 ", 4) == 0 || strncmp(sel, "icmpv6 ", 7) == 0)
				r->fam &= FW_V6;
			if (strcmp(sel, "l4proto") == 0 && !neg) {
				static const char *const p4[] = { "icmp", "1", NULL },
				                         *const p6[] = { "ipv6-icmp", "icmpv6", "58", NULL };

				if (value_within(v, nv, p4))
					r->fam &= FW_V4;
				else if (value_within(v, nv, p6))
					r->fam &= FW_V6;
			}
		}
	}
}

/*
 * Adds the rule in tokens t to c. A verdict map ("tcp dport vmap { 22 :
 * accept, 80 : jump web }") becomes one rule per element; a named or
 * unreadable map is a rule that accepts what it cannot see.
 */
static void
nft_rule(struct fw_set *s, struct fw_chain *c, char **t, size_t n, int insert)
{
	struct fw_rule r;
	size_t vm, i;

	for (vm = 0; vm < n && strcmp(t[vm], "vmap") != 0; vm++)
		;
	if (vm == n) {
		nft_classify(t, n, c->fam, &r);
		chain_add(s, c, &r, insert);
		return;
	}
	{
		size_t start = vm + 1, end;
		char **tmp;

		if (start >= n || strcmp(t[start], "{") != 0) {
			nft_classify(t, vm, c->fam, &r);
			free(r.text);
			free(r.target);
			r.target = NULL;
			{
				char *all = nft_text(t, n);

				r.text = xasprintf("%s (a verdict map reentry cannot see into)", all);
				free(all);
			}
			r.v = V_ACCEPT;
			r.restricts = r.harmless = 0;
			r.cond = 1;
			chain_add(s, c, &r, insert);
			return;
		}
		tmp = xreallocarray(NULL, n + 4, sizeof *tmp);
		for (i = start + 1; i < n && strcmp(t[i], "}") != 0; i = end + 1) {
			size_t colon, k, m = 0;

			for (end = i;
			     end < n && strcmp(t[end], ",") != 0 && strcmp(t[end], "}") != 0; end++)
				;
			for (colon = i; colon < end && strcmp(t[colon], ":") != 0; colon++)
				;
			if (colon == end) {
				if (end >= n)
					break;
				continue;
			}
			for (k = 0; k < vm; k++)
				tmp[m++] = t[k];
			for (k = i; k < colon; k++)
				tmp[m++] = t[k];
			for (k = colon + 1; k < end; k++)
				tmp[m++] = t[k];
			nft_classify(tmp, m, c->fam, &r);
			chain_add(s, c, &r, insert);
			if (end >= n || strcmp(t[end], "}") == 0)
				break;
		}
		free(tmp);
	}
}

/* --- nftables text: the structure --------------------------------------- */

/* What the reader carries: defines, the ruleset, includes. */
struct nft_reader {
	struct fw_set *set;
	const struct fw_include_ops *ops;
	char **def_names;
	char ***def_vals;
	size_t *def_lens, ndefs;
	char **dormant; /* "family table" of dormant tables */
	size_t ndormant;
	int includes;
	size_t bytes; /* text read so far */
};

static void nft_read_text(struct nft_reader *rd, const char *text, const char *file, int depth);

static int
is_family(const char *w)
{
	return strcmp(w, "ip") == 0 || strcmp(w, "ip6") == 0 || strcmp(w, "inet") == 0 ||
	    strcmp(w, "arp") == 0 || strcmp(w, "bridge") == 0 || strcmp(w, "netdev") == 0;
}

/* Expands $NAME tokens with the defines; returns a new token vector (borrowed strings). */
static char **
nft_expand(struct nft_reader *rd, char **t, size_t n, size_t *out)
{
	char **v = NULL;
	size_t cnt = 0, cap = 0, i, k, j;

	for (i = 0; i < n; i++) {
		if (t[i][0] == '$') {
			for (k = 0; k < rd->ndefs && strcmp(rd->def_names[k], t[i] + 1) != 0; k++)
				;
			if (k < rd->ndefs && cnt + rd->def_lens[k] < 100000) {
				for (j = 0; j < rd->def_lens[k]; j++) {
					v = grow(v, cnt, &cap, sizeof *v);
					v[cnt++] = rd->def_vals[k][j];
				}
				continue;
			}
		}
		v = grow(v, cnt, &cap, sizeof *v);
		v[cnt++] = t[i];
	}
	*out = cnt;
	return v;
}

/* Removes the ";" tokens (newlines inside braces) from a statement; returns the new count. */
static size_t
drop_newlines(char **t, size_t n)
{
	size_t i, m = 0;

	for (i = 0; i < n; i++)
		if (strcmp(t[i], ";") != 0)
			t[m++] = t[i];
	return m;
}

/* Evaluates a chain body statement: type ... hook input, policy, or a rule. */
static void
nft_chain_stmt(struct nft_reader *rd, struct fw_chain *c, char **t, size_t n)
{
	size_t i, m;
	char **x;

	if (n == 0)
		return;
	if (strcmp(t[0], "type") == 0) {
		for (i = 0; i + 1 < n; i++)
			if (strcmp(t[i], "hook") == 0 && strcmp(t[i + 1], "input") == 0 && n > 1 &&
			    strcmp(t[1], "filter") == 0)
				c->input = 1;
		for (i = 0; i + 1 < n; i++)
			if (strcmp(t[i], "policy") == 0) {
				c->has_policy = 1;
				c->policy_refuses = strcmp(t[i + 1], "drop") == 0;
			}
		return;
	}
	if (strcmp(t[0], "policy") == 0) {
		if (n > 1) {
			c->has_policy = 1;
			c->policy_refuses = strcmp(t[1], "drop") == 0;
		}
		return;
	}
	if (strcmp(t[0], "comment") == 0 || strcmp(t[0], "devices") == 0 ||
	    strcmp(t[0], "device") == 0 || strcmp(t[0], "flags") == 0)
		return;
	x = nft_expand(rd, t, n, &m);
	nft_rule(rd->set, c, x, drop_newlines(x, m), 0);
	free(x);
}

/* The index after the block that opens at t[i] ("{"), or n. */
static size_t
block_end(char **t, size_t n, size_t i)
{
	int depth = 0;

	for (; i < n; i++) {
		depth += strcmp(t[i], "{") == 0;
		depth -= strcmp(t[i], "}") == 0;
		if (depth == 0)
			return i + 1;
	}
	return n;
}

/* Reads the chain body t[i] == "{" ... "}" into c; returns the index after it. */
static size_t
nft_chain_body(struct nft_reader *rd, struct fw_chain *c, char **t, size_t n, size_t i)
{
	size_t end = block_end(t, n, i), start = i + 1, k;
	int depth = 0;

	for (k = i + 1; k < end; k++) {
		if (strcmp(t[k], "{") == 0)
			depth++;
		else if (strcmp(t[k], "}") == 0) {
			if (depth == 0) {
				nft_chain_stmt(rd, c, t + start, k - start);
				break;
			}
			depth--;
		} else if (depth == 0 && strcmp(t[k], ";") == 0) {
			nft_chain_stmt(rd, c, t + start, k - start);
			start = k + 1;
		}
	}
	return end;
}

static int
dormant(const struct nft_reader *rd, const char *family, const char *table)
{
	size_t i;
	char *key = xasprintf("%s %s", family, table);
	int found = 0;

	for (i = 0; i < rd->ndormant; i++)
		found |= strcmp(rd->dormant[i], key) == 0;
	free(key);
	return found;
}

/* Reads a table body t[i] == "{" ... "}"; returns the index after it. */
static size_t
nft_table_body(struct nft_reader *rd, const char *family, const char *table, char **t, size_t n, size_t i)
{
	size_t end = block_end(t, n, i), k = i + 1;
	char buf[256];

	while (k < end - 1) {
		if (strcmp(t[k], "chain") == 0 && k + 2 < end && strcmp(t[k + 2], "{") == 0) {
			struct fw_chain *c = chain_get(rd->set, family, table,
			    unquote(t[k + 1], buf, sizeof buf));

			k = c != NULL ? nft_chain_body(rd, c, t, end, k + 2) : block_end(t, end, k + 2);
			continue;
		}
		if (strcmp(t[k], "flags") == 0 && k + 1 < end && strcmp(t[k + 1], "dormant") == 0 &&
		    !dormant(rd, family, table)) {
			rd->dormant = xreallocarray(rd->dormant, rd->ndormant + 1, sizeof *rd->dormant);
			rd->dormant[rd->ndormant++] = xasprintf("%s %s", family, table);
		}
		if (strcmp(t[k], "{") == 0) { /* a set, map, flowtable, ... */
			k = block_end(t, end, k);
			continue;
		}
		k++;
	}
	return end;
}

/* The end of the statement starting at t[i]: the next ";" outside braces (block included). */
static size_t
stmt_end(char **t, size_t n, size_t i)
{
	for (; i < n; i++) {
		if (strcmp(t[i], "{") == 0)
			i = block_end(t, n, i) - 1;
		else if (strcmp(t[i], ";") == 0)
			return i;
	}
	return n;
}

/* family and table from "[family] table" at t[*i]; advances *i. */
static int
family_table(char **t, size_t n, size_t *i, const char **family, const char **table)
{
	*family = "ip";
	if (*i < n && is_family(t[*i]) && *i + 1 < n && strcmp(t[*i + 1], "{") != 0 &&
	    strcmp(t[*i + 1], ";") != 0)
		*family = t[(*i)++];
	if (*i >= n || strcmp(t[*i], "{") == 0 || strcmp(t[*i], ";") == 0)
		return -1;
	*table = t[(*i)++];
	return 0;
}

static void
nft_include(struct nft_reader *rd, const char *arg, const char *file, int depth)
{
	char buf[4096], *pat;
	const char *name = unquote(arg, buf, sizeof buf);
	size_t n = 0, k;
	char **paths;
	int wild = strpbrk(name, "*?[") != NULL;

	if (rd->ops == NULL) {
		set_unknown(rd->set, xasprintf("%s: include \"%s\" cannot be followed here", file, name));
		return;
	}
	if (depth >= FW_MAX_DEPTH) {
		set_unknown(rd->set, xasprintf("%s: include \"%s\" nested too deeply", file, name));
		return;
	}
	pat = name[0] == '/'            ? xstrdup(name) :
	    strncmp(name, "./", 2) == 0 ? xasprintf("/%s", name + 2) :
	                                  xasprintf("/etc/%s", name);
	paths = rd->ops->expand(rd->ops->arg, pat, &n);
	if (n == 0 && !wild)
		set_unknown(rd->set, xasprintf("%s: include \"%s\": %s does not exist", file, name, pat));
	for (k = 0; k < n && rd->set->unknown == NULL; k++) {
		char *text, err[512];

		if (++rd->includes > FW_MAX_INCLUDES) {
			set_unknown(rd->set,
			    xasprintf("%s: more than %d included files", file, FW_MAX_INCLUDES));
			break;
		}
		if (rd->ops->read(rd->ops->arg, paths[k], &text, err, sizeof err) < 0) {
			set_unknown(rd->set, xasprintf("%s: include \"%s\": %s", file, name, err));
			continue;
		}
		if ((rd->bytes += strlen(text)) > FW_MAX_BYTES) {
			set_unknown(rd->set,
			    xasprintf("%s: the included files hold more than %d bytes", file,
			        FW_MAX_BYTES));
			free(text);
			break;
		}
		nft_read_text(rd, text, paths[k], depth + 1);
		free(text);
	}
	for (k = 0; k < n; k++)
		free(paths[k]);
	free(paths);
	free(pat);
}

static void
nft_define(struct nft_reader *rd, char **t, size_t n)
{
	size_t k, j;

	if (n < 3 || strcmp(t[1], "=") != 0)
		return;
	for (k = 0; k < rd->ndefs && strcmp(rd->def_names[k], t[0]) != 0; k++)
		;
	if (k == rd->ndefs && k >= FW_MAX_DEFINES) {
		set_unknown(rd->set, xasprintf("more than %d defines", FW_MAX_DEFINES));
		return;
	}
	if (k == rd->ndefs) {
		rd->def_names = xreallocarray(rd->def_names, k + 1, sizeof *rd->def_names);
		rd->def_vals = xreallocarray(rd->def_vals, k + 1, sizeof *rd->def_vals);
		rd->def_lens = xreallocarray(rd->def_lens, k + 1, sizeof *rd->def_lens);
		rd->def_names[k] = xstrdup(t[0]);
		rd->ndefs++;
	} else {
		for (j = 0; j < rd->def_lens[k]; j++)
			free(rd->def_vals[k][j]);
		free(rd->def_vals[k]);
	}
	rd->def_lens[k] = n - 2;
	rd->def_vals[k] = xreallocarray(NULL, n - 1, sizeof **rd->def_vals);
	for (j = 2; j < n; j++)
		rd->def_vals[k][j - 2] = xstrdup(t[j]);
}

/* Reads the top-level commands of one file. */
static void
nft_read_text(struct nft_reader *rd, const char *text, const char *file, int depth)
{
	size_t n, i = 0, k;
	char **t = nft_tokens(text, &n);

	while (i < n && rd->set->unknown == NULL) { /* once unknown, reading on changes nothing */
		size_t end = stmt_end(t, n, i);
		const char *w = t[i];

		if (strcmp(w, "include") == 0 && i + 1 < end)
			nft_include(rd, t[i + 1], file, depth);
		else if ((strcmp(w, "define") == 0 || strcmp(w, "redefine") == 0) && i + 1 < end)
			nft_define(rd, t + i + 1, end - i - 1);
		else if (strcmp(w, "flush") == 0 && i + 1 < end && strcmp(t[i + 1], "ruleset") == 0)
			set_clear(rd->set);
		else if (strcmp(w, "table") == 0 ||
		    ((strcmp(w, "add") == 0 || strcmp(w, "create") == 0) && i + 1 < end &&
		        strcmp(t[i + 1], "table") == 0)) {
			const char *family, *table;

			k = i + (strcmp(w, "table") == 0 ? 1 : 2);
			if (family_table(t, end, &k, &family, &table) == 0 && k < end &&
			    strcmp(t[k], "{") == 0)
				nft_table_body(rd, family, table, t, end, k);
		} else if ((strcmp(w, "add") == 0 || strcmp(w, "create") == 0) && i + 1 < end &&
		    strcmp(t[i + 1], "chain") == 0) {
			const char *family, *table;
			char buf[256];

			k = i + 2;
			if (family_table(t, end, &k, &family, &table) == 0 && k < end) {
				struct fw_chain *c = chain_get(rd->set, family, table,
				    unquote(t[k], buf, sizeof buf));

				if (c != NULL && k + 1 < end && strcmp(t[k + 1], "{") == 0)
					nft_chain_body(rd, c, t, end, k + 1);
			}
		} else if ((strcmp(w, "add") == 0 || strcmp(w, "insert") == 0) && i + 1 < end &&
		    strcmp(t[i + 1], "rule") == 0) {
			const char *family, *table;
			char buf[256];
			struct fw_chain *c = NULL;

			k = i + 2;
			if (family_table(t, end, &k, &family, &table) == 0 && k < end &&
			    (c = chain_get(rd->set, family, table, unquote(t[k], buf, sizeof buf))) !=
			        NULL) {
				size_t m;
				char **x;

				k++;
				if (k + 1 < end &&
				    (strcmp(t[k], "position") == 0 || strcmp(t[k], "handle") == 0 ||
				        strcmp(t[k], "index") == 0))
					k += 2;
				x = nft_expand(rd, t + k, end - k, &m);
				nft_rule(rd->set, c, x, drop_newlines(x, m), strcmp(w, "insert") == 0);
				free(x);
			}
		}
		i = end + 1;
	}
	for (k = 0; k < n; k++)
		free(t[k]);
	free(t);
	(void)depth;
}

/* --- evaluation ---------------------------------------------------------- */

/* What reaches a chain through the rule that jumped to it. */
struct inh {
	int cond, harmless, restricts;
	const char *prefix; /* the jumping rules, for the text shown */
};

struct fw_eval {
	struct json *allowed, *opened;
	int refusing;
};

enum outcome { OUT_FALL, OUT_REFUSE, OUT_ACCEPT };

/* Adds text to arr unless it is already there. */
static void
push_unique(struct json *arr, const char *text)
{
	size_t i;

	if (json_len(arr) >= FW_MAX_LISTED)
		return; /* enough to show; the verdict does not depend on the list */
	for (i = 0; i < json_len(arr); i++)
		if (strcmp(json_get_str(json_at(arr, i)), text) == 0)
			return;
	json_arr_push(arr, json_str(text));
}

/*
 * Walks chain c for packets of family fam that reached it through in:
 * records what its accepts let in, and returns whether every such packet is
 * refused (OUT_REFUSE) or accepted (OUT_ACCEPT) here, or may go on (OUT_FALL).
 */
static enum outcome
eval_chain(struct fw_set *s, const struct fw_chain *c, int fam, const struct inh *in, int depth,
    const struct fw_chain **stack, struct fw_eval *ev)
{
	size_t i;
	int k;

	for (i = 0; i < c->nrules; i++) {
		const struct fw_rule *r = &c->rules[i];
		int cond = r->cond || in->cond;
		char *text;

		if (!(r->fam & fam))
			continue;
		if (++s->steps > FW_MAX_STEPS) {
			set_unknown(s,
			    xasprintf("the ruleset is too large to evaluate (%d rule visits)",
			        FW_MAX_STEPS));
			return OUT_FALL;
		}
		switch (r->v) {
		case V_NONE: break;
		case V_ACCEPT:
		case V_QUEUE:
			if (r->harmless || in->harmless)
				break;
			text = in->prefix != NULL ? xasprintf("%s -> %s", in->prefix, r->text) :
			                            xstrdup(r->text);
			if (r->v == V_ACCEPT && (r->restricts || in->restricts))
				push_unique(ev->allowed, text);
			else
				push_unique(ev->opened, text);
			free(text);
			if (!cond)
				return OUT_ACCEPT;
			break;
		case V_DROP:
			ev->refusing++;
			if (!cond)
				return OUT_REFUSE;
			break;
		case V_RETURN:
			if (!r->cond)
				return OUT_FALL;
			break;
		case V_JUMP:
		case V_GOTO: {
			const struct fw_chain *to = chain_find(s, c, r->target);
			struct inh sub;
			enum outcome o;
			char *prefix;

			if (to == NULL) {
				set_unknown(s,
				    xasprintf("%s %s %s: %s to chain \"%s\", which is not defined",
				        c->family, c->table, c->name,
				        r->v == V_JUMP ? "jump" : "goto", r->target));
				return OUT_FALL;
			}
			for (k = 0; k < depth; k++)
				if (stack[k] == to) {
					set_unknown(s,
					    xasprintf("%s %s: chain \"%s\" jumps back into itself",
					        c->family, c->table, to->name));
					return OUT_FALL;
				}
			if (depth + 1 >= FW_MAX_DEPTH) {
				set_unknown(s,
				    xasprintf("%s %s: jumps nested more than %d deep", c->family,
				        c->table, FW_MAX_DEPTH));
				return OUT_FALL;
			}
			prefix = in->prefix != NULL ? xasprintf("%s -> %s", in->prefix, r->text) :
			                              xstrdup(r->text);
			sub.cond = cond;
			sub.harmless = in->harmless || r->harmless;
			sub.restricts = in->restricts || r->restricts;
			sub.prefix = prefix;
			stack[depth] = to;
			o = eval_chain(s, to, fam, &sub, depth + 1, stack, ev);
			free(prefix);
			if (s->unknown != NULL)
				return OUT_FALL;
			if (!r->cond && (o != OUT_FALL || r->v == V_GOTO))
				return o;
			break;
		}
		}
	}
	return OUT_FALL;
}

/* The evaluation of one base chain for fam, as a family object; *rank orders them. */
static struct json *
eval_base(struct fw_set *s, const struct fw_chain *c, int fam, int *rank)
{
	const struct fw_chain *stack[FW_MAX_DEPTH];
	struct fw_eval ev = { json_array(), json_array(), 0 };
	struct inh top = { 0, 0, 0, NULL };
	enum outcome o;
	enum filt f;
	struct json *o_fam = json_object();

	stack[0] = c;
	o = eval_chain(s, c, fam, &top, 1, stack, &ev);
	if (o == OUT_REFUSE || (o == OUT_FALL && c->policy_refuses))
		f = FILT_FULL;
	else if (o == OUT_FALL && ev.refusing > 0)
		f = FILT_PARTIAL;
	else
		f = FILT_NONE;
	if (json_len(ev.opened) > 0)
		f = FILT_NONE;
	*rank = (int)f * 2 + (json_len(ev.opened) == 0);
	json_obj_set(o_fam, "filtering", json_str(filt_names[f]));
	json_obj_set(o_fam, "input_chain", json_strf("%s %s %s", c->family, c->table, c->name));
	json_obj_set(o_fam, "input_policy",
	    json_str(o == OUT_REFUSE  ? "accept, ending in an unconditional drop or reject" :
	            c->policy_refuses ? "drop" :
	                                "accept"));
	json_obj_set(o_fam, "allowed", ev.allowed);
	json_obj_set(o_fam, "opened_by", ev.opened);
	return o_fam;
}

/* Evaluates every active input chain for each family in fams and sets the results in src. */
static void
eval_set(struct fw_set *s, int fams, struct json *src)
{
	static const int fam_v[] = { FW_V4, FW_V6 };
	static const char *const fam_key[] = { "ipv4", "ipv6" };
	size_t i, k;

	for (k = 0; k < 2 && s->unknown == NULL; k++) {
		struct json *best = NULL;
		int best_rank = -1;

		if (!(fams & fam_v[k]))
			continue;
		for (i = 0; i < s->nchains && s->unknown == NULL; i++) {
			const struct fw_chain *c = &s->chains[i];
			struct json *e;
			int rank;

			if (!c->input || c->inactive || !(c->fam & fam_v[k]))
				continue;
			e = eval_base(s, c, fam_v[k], &rank);
			if (rank > best_rank) {
				json_free(best);
				best = e;
				best_rank = rank;
			} else
				json_free(e);
		}
		if (best == NULL) {
			best = json_object();
			json_obj_set(best, "filtering", json_str("none"));
			json_obj_set(best, "input_chain", json_null());
			json_obj_set(best, "input_policy", json_null());
			json_obj_set(best, "allowed", json_array());
			json_obj_set(best, "opened_by", json_array());
		}
		json_obj_set(src, fam_key[k], best);
	}
	if (s->unknown != NULL) {
		json_obj_set(src, "filtering", json_str("unknown"));
		json_obj_set(src, "reason", json_str(s->unknown));
		json_free(json_obj_take(src, "ipv4"));
		json_free(json_obj_take(src, "ipv6"));
		return;
	}
	firewall_finish(src);
}

void
firewall_family_set(struct json *src, int family, const char *chain, const char *policy,
    int policy_refuses, int refusing, struct json *allowed, struct json *opened_by)
{
	struct json *o = json_object();
	enum filt f = policy_refuses ? FILT_FULL : refusing ? FILT_PARTIAL : FILT_NONE;

	if (allowed == NULL)
		allowed = json_array();
	if (opened_by == NULL)
		opened_by = json_array();
	if (json_len(opened_by) > 0)
		f = FILT_NONE;
	json_obj_set(o, "filtering", json_str(filt_names[f]));
	json_obj_set(o, "input_chain", json_str(chain));
	json_obj_set(o, "input_policy", json_str(policy));
	json_obj_set(o, "allowed", allowed);
	json_obj_set(o, "opened_by", opened_by);
	json_obj_set(src, family == FW_V4 ? "ipv4" : "ipv6", o);
}

void
firewall_finish(struct json *src)
{
	static const char *const keys[] = { "ipv4", "ipv6" };
	struct json *allowed = json_array(), *opened = json_array();
	int worst = FILT_FULL, any = 0;
	size_t k, i;

	for (k = 0; k < 2; k++) {
		const struct json *e = json_get(src, keys[k]);
		const char *f = json_get_str(json_get(e, "filtering"));
		int v;

		if (f == NULL)
			continue;
		any = 1;
		v = strcmp(f, "full") == 0    ? FILT_FULL :
		    strcmp(f, "partial") == 0 ? FILT_PARTIAL :
		                                FILT_NONE;
		if (v < worst)
			worst = v;
		for (i = 0; i < json_len(json_get(e, "allowed")); i++)
			push_unique(allowed, json_get_str(json_at(json_get(e, "allowed"), i)));
		for (i = 0; i < json_len(json_get(e, "opened_by")); i++)
			push_unique(opened, json_get_str(json_at(json_get(e, "opened_by"), i)));
	}
	json_obj_set(src, "filtering", json_str(filt_names[any ? worst : FILT_NONE]));
	json_obj_set(src, "allowed", allowed);
	json_obj_set(src, "opened_by", opened);
}

void
firewall_eval_nft_text(const char *text, const char *file, const struct fw_include_ops *ops,
    struct json *src)
{
	struct fw_set set;
	struct nft_reader rd;
	size_t i, j;

	memset(&set, 0, sizeof set);
	memset(&rd, 0, sizeof rd);
	rd.set = &set;
	rd.ops = ops;
	nft_read_text(&rd, text, file != NULL ? file : "nftables", 0);
	chains_done(&set);
	for (i = 0; i < set.nchains; i++)
		set.chains[i].inactive = dormant(&rd, set.chains[i].family, set.chains[i].table);
	eval_set(&set, FW_V4 | FW_V6, src);
	for (i = 0; i < rd.ndefs; i++) {
		for (j = 0; j < rd.def_lens[i]; j++)
			free(rd.def_vals[i][j]);
		free(rd.def_vals[i]);
		free(rd.def_names[i]);
	}
	free(rd.def_vals);
	free(rd.def_names);
	free(rd.def_lens);
	for (i = 0; i < rd.ndormant; i++)
		free(rd.dormant[i]);
	free(rd.dormant);
	set_clear(&set);
	free(set.unknown);
}

/* --- iptables ------------------------------------------------------------ */

/* Splits an iptables-save line into words ("..." kept as one word, quotes kept). */
static char **
ipt_words(const char *line, size_t *n)
{
	char **v = NULL;
	size_t cnt = 0, cap = 0;

	while (*line) {
		const char *s;

		while (*line == ' ' || *line == '\t')
			line++;
		if (*line == '\0')
			break;
		s = line;
		if (*line == '"') {
			for (line++; *line && *line != '"'; line++)
				if (*line == '\\' && line[1] != '\0')
					line++;
			if (*line == '"')
				line++;
		} else
			while (*line && *line != ' ' && *line != '\t')
				line++;
		v = grow(v, cnt, &cap, sizeof *v);
		v[cnt++] = xstrndup(s, (size_t)(line - s));
	}
	*n = cnt;
	return v;
}

/* Whether the comma-separated value is within words. */
static int
csv_within(const char *val, const char *const *words)
{
	char *copy = xstrdup(val), *p, *save = NULL;
	char *v[64];
	size_t n = 0;
	int ok;

	for (p = strtok_r(copy, ",", &save); p != NULL && n < 64; p = strtok_r(NULL, ",", &save))
		v[n++] = p;
	ok = n > 0 && value_within(v, n, words);
	free(copy);
	return ok;
}

/* Classifies the words after "-A CHAIN" into r; builtin says which targets are chains. */
static void
ipt_classify(char **w, size_t n, int fam, struct fw_rule *r)
{
	size_t i;
	int neg = 0;

	memset(r, 0, sizeof *r);
	r->fam = fam;
	for (i = 0; i < n; i++) {
		const char *o = w[i];
		const char *v = i + 1 < n ? w[i + 1] : "";

		if (strcmp(o, "!") == 0) {
			neg = 1;
			continue;
		}
		if (strcmp(o, "-j") == 0 || strcmp(o, "--jump") == 0 || strcmp(o, "-g") == 0 ||
		    strcmp(o, "--goto") == 0) {
			if (i + 1 >= n)
				return;
			if (strcmp(o, "-g") == 0 || strcmp(o, "--goto") == 0) {
				r->v = V_GOTO;
				r->target = xstrdup(v);
			} else if (strcmp(v, "ACCEPT") == 0)
				r->v = V_ACCEPT;
			else if (strcmp(v, "DROP") == 0 || strcmp(v, "REJECT") == 0 ||
			    strcmp(v, "TARPIT") == 0)
				r->v = V_DROP;
			else if (strcmp(v, "RETURN") == 0)
				r->v = V_RETURN;
			else if (strcmp(v, "QUEUE") == 0 || strcmp(v, "NFQUEUE") == 0)
				r->v = V_QUEUE;
			else {
				r->v = V_JUMP; /* or an extension such as LOG: decided once chains are known */
				r->target = xstrdup(v);
			}
			return;
		}
		if (strcmp(o, "-m") == 0 || strcmp(o, "--match") == 0 || strcmp(o, "-c") == 0 ||
		    strcmp(o, "--comment") == 0) {
			i += strcmp(o, "-c") == 0 ? 2 : 1;
			neg = 0;
			continue;
		}
		if (o[0] != '-') { /* a value of an option not understood */
			continue;
		}
		r->cond = 1;
		if (strcmp(o, "-p") == 0 || strcmp(o, "--protocol") == 0) {
			if (!neg && csv_within(v, icmp_protos))
				r->restricts = 1;
		} else if (strcmp(o, "-s") == 0 || strcmp(o, "--source") == 0 || strcmp(o, "--src") == 0) {
			char *copy = xstrdup(v);
			char *one[1] = { copy };

			if (!neg && !addr_any(one, 1))
				r->restricts = 1;
			free(copy);
		} else if (strcmp(o, "-i") == 0 || strcmp(o, "--in-interface") == 0) {
			if (!neg && strcmp(v, "lo") == 0)
				r->harmless = 1;
		} else if (strcmp(o, "--dport") == 0 || strcmp(o, "--dports") == 0 ||
		    strcmp(o, "--destination-port") == 0 || strcmp(o, "--destination-ports") == 0) {
			char *copy = xstrdup(v);
			char *one[1] = { copy };

			if (!neg && !port_all(one, 1))
				r->restricts = 1;
			free(copy);
		} else if (strcmp(o, "--state") == 0 || strcmp(o, "--ctstate") == 0) {
			if (!neg && csv_within(v, reply_states))
				r->harmless = 1;
		} else if (strcmp(o, "--icmp-type") == 0 || strcmp(o, "--icmpv6-type") == 0) {
			r->restricts = 1;
		} else if (strcmp(o, "--ctstatus") == 0) {
			static const char *const dnat[] = { "DNAT", NULL };

			if (!neg && csv_within(v, dnat))
				r->restricts = 1;
		}
		if (i + 1 < n && w[i + 1][0] != '-' && strcmp(w[i + 1], "!") != 0)
			i++;
		neg = 0;
	}
}

void
firewall_eval_iptables(const char *text, int family, struct json *src)
{
	char *copy = xstrdup(text), *line, *save = NULL;
	struct fw_set set;
	const char *fam = family == FW_V6 ? "ip6" : "ip";
	int in_filter = 0;
	size_t i, j;

	memset(&set, 0, sizeof set);
	for (line = strtok_r(copy, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		char **w;
		size_t n;

		while (*line == ' ' || *line == '\t')
			line++;
		if (line[0] == '*') {
			in_filter = strncmp(line, "*filter", 7) == 0 &&
			    (line[7] == '\0' || line[7] == ' ' || line[7] == '\r');
			continue;
		}
		if (!in_filter || (line[0] != ':' && line[0] != '-'))
			continue;
		w = ipt_words(line, &n);
		if (line[0] == ':' && n >= 1 && w[0][1] != '\0') {
			struct fw_chain *c = chain_get(&set, fam, "filter", w[0] + 1);

			if (c != NULL && strcmp(c->name, "INPUT") == 0) {
				c->input = 1;
				c->has_policy = 1;
				c->policy_refuses = n > 1 &&
				    (strcmp(w[1], "DROP") == 0 || strcmp(w[1], "REJECT") == 0);
			}
		} else if (n >= 2 &&
		    (strcmp(w[0], "-A") == 0 || strcmp(w[0], "--append") == 0 ||
		        strcmp(w[0], "-I") == 0 || strcmp(w[0], "--insert") == 0)) {
			struct fw_chain *c = chain_get(&set, fam, "filter", w[1]);
			size_t skip = 2;
			struct fw_rule r;

			if (c == NULL)
				goto next;
			if (strcmp(c->name, "INPUT") == 0)
				c->input = 1;
			if (w[0][1] == 'I' && n > 2 && strspn(w[2], "0123456789") == strlen(w[2]))
				skip = 3;
			ipt_classify(w + skip, n - skip, family, &r);
			{
				const char *rest = line + (line[1] == '-' ? strlen(w[0]) + 1 : 3);

				r.text = xasprintf("%.*s%s", FW_MAX_TEXT, rest,
				    strlen(rest) > FW_MAX_TEXT ? " ..." : "");
			}
			chain_add(&set, c, &r, w[0][1] == 'I' || strcmp(w[0], "--insert") == 0);
		}
	next:
		for (i = 0; i < n; i++)
			free(w[i]);
		free(w);
	}
	chains_done(&set);
	/* targets that name no chain are extensions that do not decide (LOG, MARK, ...) */
	for (i = 0; i < set.nchains; i++)
		for (j = 0; j < set.chains[i].nrules; j++) {
			struct fw_rule *r = &set.chains[i].rules[j];

			if (r->v == V_JUMP && chain_find(&set, &set.chains[i], r->target) == NULL) {
				r->v = V_NONE;
				free(r->target);
				r->target = NULL;
			}
		}
	eval_set(&set, family, src);
	set_clear(&set);
	free(set.unknown);
	free(copy);
}
