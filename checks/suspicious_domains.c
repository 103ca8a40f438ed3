/*
 * suspicious_domains.c: the suspicious-domains check: domains under free
 * top-level domains (.tk .ml .ga .cf .gq by default, where many fake copies
 * of real sites were hosted), look-alikes of the organisation's own domains
 * and of well-known ones, links that show one host before '@' and go to
 * another, and well-known domains redirected in the hosts file, found in
 * users' browser histories and in /etc/hosts.
 *
 * The probe (checks/linux/suspicious_domains.c) lists the sources and every
 * host name seen in them; this file judges the names with the rules of
 * checks/domains.h (Public Suffix List through libpsl, confusables through
 * ICU) and words the result. Only the domain of a URL is reported, never
 * the URL. The Public Suffix List and ICU's data are reentry's own reference
 * data on the machine running it, not the inspected system's: the judge
 * loads them (a planted list in an image could otherwise hide a look-alike).
 *
 * warn (or finding_status): a suspicious domain was seen, or a history
 *          database looks crafted (a view where the table belongs, a limit hit).
 * pass:    every source was read and none holds one.
 * warn:    no finding, but some sources could not be read (they are listed).
 * unknown: no source at all could be read, or the rules could not be loaded.
 */
#include "suspicious_domains.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unicode/uvernum.h>

#include "check.h"
#include "domains.h"
#include "icu_dl.h"
#include "../config/config.h"
#include "../util/errtext.h"
#include "../util/strbuf.h"
#include "../util/text.h"
#include "../util/timefmt.h"
#include "../util/xalloc.h"

static const struct check_param suspicious_params[] = {
	{ "org_domains", CHECK_PARAM_STRLIST, 0, 0,
	    "the organisation's domains, added to the site configuration's org_domains" },
	{ "known_domains", CHECK_PARAM_STRLIST, 0, 0,
	    "well-known domains whose look-alikes to flag, added to the built-in list (banks, mail, shops)" },
	{ "free_tlds", CHECK_PARAM_STRLIST, 0, 0, "top-level domains to flag (default tk, ml, ga, cf, gq)" },
	{ "finding_status", CHECK_PARAM_STRING, 0, 0,
	    "status when a suspicious domain is found: \"warn\" (default) or \"fail\"" },
	{ "history_seconds", CHECK_PARAM_INT, 1, 600,
	    "time limit for reading one browser history, in seconds (default 30)" },
	{ "public_suffix_list", CHECK_PARAM_STRING, 0, 0,
	    "the Public Suffix List file to use (default: the publicsuffix package's, "
	    "/usr/share/publicsuffix/public_suffix_list.dat)" },
	{ "history_rows", CHECK_PARAM_INT, 1000, 50000000,
	    "rows read from one browser history at most (default 5000000)" },
	{ NULL, 0, 0, 0, NULL },
};

static const char *const default_tlds[] = { "tk", "ml", "ga", "cf", "gq", NULL };

/* What this check does not see; in its output as well as in the docs. */
static const struct {
	const char *en, *ja;
} limits[] = {
	{ "only Firefox (its standard folders, snap, flatpak and the profiles its profiles.ini names) and the "
	  "Chromium family (Chromium, Chrome, Brave, Edge, Vivaldi, Opera in their standard, snap and flatpak folders) "
	  "are read; other browsers and private-browsing sessions are not",
	    "読み取るのは Firefox（標準の場所、snap、flatpak、profiles.ini に記載のプロファイル）と Chromium 系"
	    "（Chromium、Chrome、Brave、Edge、Vivaldi、Opera の標準・snap・flatpak の場所）の履歴だけです。"
	    "他のブラウザとプライベートブラウズは対象外です" },
	{ "a history cleared by the user, DNS caches and proxy logs are not seen",
	    "利用者が消去した履歴、DNS キャッシュ、プロキシのログは確認していません" },
	{ "look-alikes are judged against the organisation's domains and a built-in list of well-known ones; "
	  "a new phishing domain that imitates neither is found only under a listed free top-level domain",
	    "類似ドメインは組織のドメインと既知の主要ドメインとの比較で判定します。"
	    "どちらにも似ていない新しい偽サイトは、指定した無料トップレベルドメインの場合だけ検出されます" },
	{ "typing errors of the organisation's name under its own multi-label suffix (such as go.jp or co.jp) are "
	  "not flagged by edit distance: those are other registrants",
	    "組織と同じ複数ラベルの接尾辞（go.jp、co.jp など）の下にある他の登録ドメインは、"
	    "編集距離では判定しません（別の登録者のため）" },
	{ NULL, NULL },
};

/*
 * A map of strings to indexes: the host names already judged harmless, so a
 * long history costs one lookup per name, and the findings by domain,
 * source and reason, so merging them stays linear.
 */
struct hostset {
	char **slot;
	size_t *val;
	size_t cap, n;
};

/* FNV-1a hash of s. */
static uint64_t
hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The value of s in the set, or -1 when it is not there. */
static long long
hostset_get(const struct hostset *hs, const char *s)
{
	size_t i;

	if (hs->cap == 0)
		return -1;
	for (i = hash_str(s) & (hs->cap - 1); hs->slot[i] != NULL; i = (i + 1) & (hs->cap - 1))
		if (strcmp(hs->slot[i], s) == 0)
			return (long long)hs->val[i];
	return -1;
}

/* Adds s (copied) with value v; the table doubles at half full. */
static void
hostset_add(struct hostset *hs, const char *s, size_t v)
{
	size_t i;

	if (2 * (hs->n + 1) > hs->cap) {
		size_t ncap = hs->cap ? hs->cap * 2 : 1024, j;
		struct hostset big = { xcalloc(ncap, sizeof(char *)), xcalloc(ncap, sizeof(size_t)),
			ncap, hs->n };

		for (i = 0; i < hs->cap; i++) {
			if (hs->slot[i] == NULL)
				continue;
			for (j = hash_str(hs->slot[i]) & (big.cap - 1); big.slot[j] != NULL;
			     j = (j + 1) & (big.cap - 1))
				;
			big.slot[j] = hs->slot[i];
			big.val[j] = hs->val[i];
		}
		free(hs->slot);
		free(hs->val);
		*hs = big;
	}
	for (i = hash_str(s) & (hs->cap - 1); hs->slot[i] != NULL; i = (i + 1) & (hs->cap - 1))
		;
	hs->slot[i] = xstrdup(s);
	hs->val[i] = v;
	hs->n++;
}

/* Frees the names and the table. */
static void
hostset_free(struct hostset *hs)
{
	size_t i;

	for (i = 0; i < hs->cap; i++)
		free(hs->slot[i]);
	free(hs->slot);
	free(hs->val);
	memset(hs, 0, sizeof *hs);
}

/* ISO 8601 UTC of t, or NULL for 0. Caller frees. */
static char *
iso(time_t t)
{
	char buf[TIME_ISO_LEN];

	if (t <= 0)
		return NULL;
	time_iso_utc(t, buf);
	return buf[0] != '\0' ? xstrdup(buf) : NULL;
}

/* The display form of an untrusted host: its ASCII (IDNA) form, else sanitised. Caller frees. */
static char *
safe_host(const char *host)
{
	char *a = domain_to_ascii(host);

	return a != NULL ? a : text_sanitize(host);
}

/* A NULL-terminated list of the configuration's and the parameter's strings. */
static const char **
str_list(const struct check_ctx *ctx, const char *param, char *const *base, const char *const *fallback)
{
	const struct json *p = check_param_list(ctx, param);
	size_t n = 0, i, nb = 0;
	const char **v;

	while (base != NULL && base[nb] != NULL)
		nb++;
	if (fallback != NULL && p == NULL) {
		while (fallback[nb] != NULL)
			nb++;
		v = xcalloc(nb + 1, sizeof *v);
		for (i = 0; i < nb; i++)
			v[i] = fallback[i];
		return v;
	}
	v = xcalloc(nb + json_len(p) + 1, sizeof *v);
	for (i = 0; i < nb; i++)
		v[n++] = base[i];
	for (i = 0; i < json_len(p); i++)
		if (json_get_str(json_at(p, i)) != NULL)
			v[n++] = json_get_str(json_at(p, i));
	return v;
}

/* Findings listed in details at most; the rest are counted. */
#define SD_MAX_FINDINGS 1000

/* Adds or merges a finding for seen entry e (by domain, source and reason); counts those over the cap. */
static void
add_finding(struct json *findings, struct hostset *byname, size_t *omitted,
    const struct suspicious_domains_facts *f, const struct sd_seen *e, const struct domain_verdict *v)
{
	const struct sd_source *src = &f->sources[e->source];
	char *dom = safe_host(e->host), *when = iso(e->last), *uni;
	char *key = xasprintf("%s\n%s\n%s", dom, src->path, v->reason);
	long long at = hostset_get(byname, key);
	struct json *o;

	if (at >= (long long)json_len(findings))
		goto out; /* one of those over the cap, already counted */
	if (at >= 0) {
		const char *old;

		o = json_at(findings, (size_t)at);
		old = json_get_str(json_get(o, "last_seen"));
		json_obj_set(o, "count", json_int(json_get_int(json_get(o, "count"), 0) + e->count));
		if (when != NULL && (old == NULL || strcmp(when, old) > 0))
			json_obj_set(o, "last_seen", json_str(when));
		goto out;
	}
	if (json_len(findings) >= SD_MAX_FINDINGS) {
		hostset_add(byname, key, (size_t)1 << 40);
		(*omitted)++;
		goto out;
	}
	hostset_add(byname, key, json_len(findings));
	o = json_arr_push(findings, json_object());
	json_obj_set(o, "domain", json_str(dom));
	uni = domain_to_unicode(dom);
	json_obj_set(o, "unicode", json_str(uni));
	free(uni);
	json_obj_set(o, "reason", json_str(v->reason));
	json_obj_set(o, "resembles", json_str(v->resembles));
	json_obj_set(o, "organisation", json_bool(v->org));
	json_obj_set(o, "how", json_str(v->how[0] ? v->how : NULL));
	if (e->shown != NULL) {
		char *sh = safe_host(e->shown);

		json_obj_set(o, "shown", json_str(sh));
		free(sh);
	}
	if (e->address != NULL)
		json_obj_set(o, "address", json_str(e->address));
	json_obj_set(o, "source", json_str(src->path));
	json_obj_set(o, "user", json_str(src->user));
	json_obj_set(o, "last_seen", json_str(when));
	json_obj_set(o, "count", json_int(e->count));
out:
	free(key);
	free(dom);
	free(when);
}

/* details.sources from the facts. */
static void
sources_json(struct json *arr, const struct suspicious_domains_facts *f)
{
	size_t i;

	for (i = 0; i < f->nsources; i++) {
		const struct sd_source *s = &f->sources[i];
		struct json *o = json_arr_push(arr, json_object());

		json_obj_set(o, "kind", json_str(s->kind));
		json_obj_set(o, "path", json_str(s->path));
		json_obj_set(o, "user", json_str(s->user));
		if (s->unreadable != NULL) {
			char *ja = errtext_problem_ja(s->unreadable);

			json_obj_set(o, "unreadable", json_str(s->unreadable));
			json_obj_set(o, "unreadable_ja", json_str(ja));
			free(ja);
			if (s->hostile)
				json_obj_set(o, "crafted", json_bool(1));
			continue;
		}
		json_obj_set(o, "entries", json_int(s->entries));
		if (strcmp(s->kind, "hosts") == 0) {
			json_obj_set(o, "blocked", json_int(s->blocked));
			if (s->malformed > 0) {
				json_obj_set(o, "malformed_lines", json_int(s->malformed));
				json_obj_set(o, "note", json_str(s->note));
			}
		} else {
			json_obj_set(o, "unvisited", json_int(s->unvisited));
			json_obj_set(o, "write_ahead_log", json_bool(s->wal));
		}
	}
}

/* Decides from the names seen: judged by the domain rules, sources unread or crafted. */
static void
suspicious_judge(const struct check_ctx *ctx, const void *facts, struct check_result *res)
{
	const struct suspicious_domains_facts *f = facts;
	const char **orgs = str_list(ctx, "org_domains", ctx->cfg->org_domains, NULL);
	const char **known = str_list(ctx, "known_domains", (char *const *)domain_well_known, NULL);
	const char **tlds = str_list(ctx, "free_tlds", NULL, default_tlds);
	struct json *findings = json_obj_set(res->details, "findings", json_array());
	struct json *lim = json_obj_set(res->details, "limits", json_array());
	struct hostset clean = { 0 }, byname = { 0 };
	struct domain_rules *rules = NULL;
	size_t i, nread = 0, nunread = 0, ncrafted = 0, omitted = 0, nfound;
	char err[768], why_ja[768];
	int fail = strcmp(check_param_str(ctx, "finding_status", "warn"), "fail") == 0;

	{
		struct json *o = json_obj_set(res->details, "org_domains", json_array());

		for (i = 0; orgs[i] != NULL; i++)
			json_arr_push(o, json_str(orgs[i]));
	}
	sources_json(json_obj_set(res->details, "sources", json_array()), f);
	for (i = 0; limits[i].en != NULL; i++) {
		struct json *o = json_arr_push(lim, json_object());

		json_obj_set(o, "en", json_str(limits[i].en));
		json_obj_set(o, "ja", json_str(limits[i].ja));
	}
	for (i = 0; i < f->nsources; i++) {
		if (f->sources[i].unreadable == NULL)
			nread++;
		else if (f->sources[i].hostile)
			ncrafted++;
		else
			nunread++;
	}
	/* ICU, opened on first use: when it cannot be, the reason in both languages */
	why_ja[0] = '\0';
	if (icu_dl(err, sizeof err, why_ja, sizeof why_ja) == NULL ||
	    (rules = domain_rules_new(orgs, known, tlds,
	         check_param_str(ctx, "public_suffix_list", NULL), err, sizeof err)) == NULL) {
		char *en = xasprintf("the names cannot be judged: %s", err);
		char *ja_err = why_ja[0] != '\0' ? xstrdup(why_ja) : errtext_problem_ja(err);
		char *ja = xasprintf("ドメインを判定できません: %s", ja_err);

		free(ja_err);
		check_result_set(res, CHECK_UNKNOWN, en, ja);
		free(en);
		free(ja);
		goto out;
	}
	{
		struct json *o = json_obj_set(res->details, "public_suffix_list", json_object());
		struct stat st;
		char *v;

		json_obj_set(o, "file", json_str(domain_rules_psl_file(rules)));
		json_obj_set(o, "suffixes", json_int(domain_rules_psl_count(rules)));
		if (stat(domain_rules_psl_file(rules), &st) == 0) {
			char *when = iso(st.st_mtime);

			json_obj_set(o, "modified", json_str(when));
			free(when);
		}
		v = xasprintf("%s (%d suffixes)", domain_rules_psl_file(rules),
		    domain_rules_psl_count(rules));
		check_evidence_value(res, "public_suffix_list", v);
		free(v);
		check_evidence_value(res, "icu", U_ICU_VERSION);
	}
	for (i = 0; i < f->nseen; i++) {
		const struct sd_seen *e = &f->seen[i];
		struct domain_verdict v;
		const char *k;

		if (e->address != NULL && (k = domain_rules_known(rules, e->host)) != NULL) {
			/* a bank or mail service sent to another address: the oldest pharming trick */
			memset(&v, 0, sizeof v);
			v.reason = "redirected in the hosts file";
			v.resembles = k;
			(void)xsnprintf(v.how, sizeof v.how, "mapped to another address");
			add_finding(findings, &byname, &omitted, f, e, &v);
			continue;
		}
		if (e->shown == NULL && hostset_get(&clean, e->host) >= 0)
			continue;
		if (domain_rules_judge(rules, e->host, e->shown, &v))
			add_finding(findings, &byname, &omitted, f, e, &v);
		else if (e->shown == NULL)
			hostset_add(&clean, e->host, 0);
	}
	nfound = json_len(findings) + omitted;
	if (omitted > 0)
		json_obj_set(res->details, "findings_omitted", json_int((int64_t)omitted));
	if (json_len(findings) > 0 || ncrafted > 0) {
		struct strbuf sb = STRBUF_INIT;
		char *en, *ja;

		for (i = 0; i < json_len(findings) && i < 5; i++) {
			const struct json *o = json_at(findings, i);
			const char *re = json_get_str(json_get(o, "resembles"));

			sb_addf(&sb, "%s%s (%s%s%s)", i ? ", " : "",
			    json_get_str(json_get(o, "domain")), json_get_str(json_get(o, "reason")),
			    re != NULL ? " of " : "", re != NULL ? re : "");
		}
		if (nfound > 5)
			sb_addf(&sb, ", ...");
		if (nfound > 0 && ncrafted == 0) {
			en = xasprintf("%zu suspicious domain%s seen: %s", nfound,
			    nfound == 1 ? "" : "s", sb_str(&sb));
			ja = xasprintf("不審なドメインを %zu 件検出: %s", nfound, sb_str(&sb));
		} else {
			en = xasprintf("%zu browser histor%s look%s crafted and %s not read (see details.sources)%s%s",
			    ncrafted, ncrafted == 1 ? "y" : "ies", ncrafted == 1 ? "s" : "",
			    ncrafted == 1 ? "was" : "were",
			    json_len(findings) > 0 ? "; suspicious domains seen: " : "", sb_str(&sb));
			ja = xasprintf("細工されたとみられるブラウザ履歴が %zu 件あり、読み取りを中止しました%s%s",
			    ncrafted, json_len(findings) > 0 ? "。不審なドメイン: " : "", sb_str(&sb));
		}
		check_result_set(res, fail ? CHECK_FAIL : CHECK_WARN, en, ja);
		free(en);
		free(ja);
		sb_free(&sb);
	} else if (nread == 0) {
		check_result_set(res, CHECK_UNKNOWN,
		    nunread > 0 ? "no browser history or hosts file could be read (see details.sources)" :
		                  "no browser history or hosts file was found to read",
		    nunread > 0 ? "ブラウザ履歴も hosts ファイルも読み取れませんでした" :
		                  "読み取るブラウザ履歴も hosts ファイルも見つかりませんでした");
	} else if (nunread > 0) {
		char *en = xasprintf("no suspicious domain in %zu source%s, but %zu could not be read "
		                     "(see details.sources)",
		    nread, nread == 1 ? "" : "s", nunread);
		char *ja = xasprintf(
		    "%zu 件の情報源に不審なドメインはありませんが、%zu 件は読み取れませんでした",
		    nread, nunread);

		check_result_set(res, CHECK_WARN, en, ja);
		free(en);
		free(ja);
	} else {
		char *en = xasprintf(
		    "no suspicious domain in %zu source%s (browser histories, /etc/hosts); not seen: "
		    "other browsers, cleared histories, DNS caches (see details.limits)",
		    nread, nread == 1 ? "" : "s");
		char *ja = xasprintf(
		    "%zu 件の情報源（ブラウザ履歴、/etc/hosts）に不審なドメインはありません。"
		    "他のブラウザ、消去された履歴、DNS キャッシュは確認していません（details.limits）",
		    nread);

		check_result_set(res, CHECK_PASS, en, ja);
		free(en);
		free(ja);
	}
out:
	domain_rules_free(rules);
	hostset_free(&clean);
	hostset_free(&byname);
	free(orgs);
	free(known);
	free(tlds);
}

const struct check check_suspicious_domains = {
	.id = "suspicious-domains",
	.title_en = "Suspicious domains in browser histories and hosts",
	.title_ja = "ブラウザ履歴と hosts の不審なドメイン",
	.reads = "/etc/passwd, Firefox places.sqlite and Chromium-family History of each user (private copies "
	         "with their write-ahead logs), /etc/hosts; the Public Suffix List",
	.params = suspicious_params,
	.facts_size = sizeof(struct suspicious_domains_facts),
	.facts_free = suspicious_domains_facts_free,
	.probes = {
		[TARGET_LINUX] = { suspicious_domains_probe_linux, NULL, NULL },
		[TARGET_WINDOWS] = { suspicious_domains_probe_windows, NULL, NULL },
	},
	.judge = suspicious_judge,
};
