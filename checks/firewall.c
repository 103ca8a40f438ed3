/*
 * firewall.c: the firewall check: is inbound traffic filtered, for IPv4
 * and IPv6, and what is let in?
 *
 * The probe (checks/linux/firewall.c) finds the sources (nftables, live or
 * configured; iptables and ip6tables, live, persistent files or loaded
 * tables; ufw; firewalld) and evaluates each per family (firewall.h,
 * checks/linux/fwparse.h); this file judges them. For each family the best
 * source in force counts: "full" when its input chains refuse by default
 * (policy drop, or an unconditional drop or reject at the end) and no
 * accept opens everything; "partial" when the policy accepts but some
 * rules refuse; "none" otherwise. IPv6 counts unless it is off.
 *
 * pass:    IPv4 and IPv6 are both filtered fully.
 * warn:    the weaker family is filtered only partially.
 * fail:    a family is not filtered: no rules, accept policies, an accept
 *          that restricts nothing (a bare accept, an interface, a protocol,
 *          a negated port), or nothing covers it (IPv4-only rules).
 * unknown: not pass as far as can be seen, and a ruleset could not be read
 *          (not root, tables loaded with no tool to list them, an include
 *          or a link that cannot be followed inside the root).
 */
#include "firewall.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "../util/strbuf.h"
#include "../util/xalloc.h"

enum filt { FILT_NONE, FILT_PARTIAL, FILT_FULL };
static const char *const filt_names[] = { "none", "partial", "full" };

void
firewall_facts_free(void *facts)
{
	struct firewall_facts *f = facts;

	if (f != NULL)
		json_free(f->sources);
}

/* The best source in force for one family. */
struct fam_view {
	const char *key, *name_en, *name_ja;
	int level; /* enum filt, or -1: no source covers it */
	const struct json *src, *e;
};

static int
filt_level(const char *f)
{
	return f == NULL              ? -1 :
	    strcmp(f, "full") == 0    ? FILT_FULL :
	    strcmp(f, "partial") == 0 ? FILT_PARTIAL :
	                                FILT_NONE;
}

/* Picks, for v->key, the in-force source that filters best. */
static void
fam_pick(const struct json *sources, struct fam_view *v)
{
	size_t i;

	v->level = -1;
	v->src = v->e = NULL;
	for (i = 0; i < json_len(sources); i++) {
		const struct json *s = json_at(sources, i), *e = json_get(s, v->key);
		int l;

		if (!json_get_bool(json_get(s, "in_force"), 0) || e == NULL)
			continue;
		l = filt_level(json_get_str(json_get(e, "filtering")));
		if (l > v->level) {
			v->level = l;
			v->src = s;
			v->e = e;
		}
	}
}

/* Appends "a, b, ... (N in all)" from a JSON array of text. */
static void
list_some(struct strbuf *sb, const struct json *arr)
{
	size_t i;

	for (i = 0; i < json_len(arr) && i < 6; i++)
		sb_addf(sb, "%s%s", i ? ", " : "", json_get_str(json_at(arr, i)));
	if (json_len(arr) > 6)
		sb_addf(sb, ", ... (%zu in all)", json_len(arr));
}

/* Describes one family (or both, when fam_en names both) into en and ja. */
static void
fam_describe(const struct fam_view *v, const char *fam_en, const char *fam_ja, struct strbuf *en,
    struct strbuf *ja)
{
	const char *src = v->src != NULL ? json_get_str(json_get(v->src, "source")) : NULL;
	const struct json *allowed = json_get(v->e, "allowed"), *opened = json_get(v->e, "opened_by");
	struct strbuf l = STRBUF_INIT;

	if (en->len)
		sb_adds(en, "; ");
	if (ja->len)
		sb_adds(ja, "。");
	if (v->level < 0) {
		sb_addf(en, "no firewall in force filters inbound %s", fam_en);
		sb_addf(ja, "受信 %s をフィルタするファイアウォールが有効になっていません", fam_ja);
	} else if (v->level == FILT_FULL) {
		list_some(&l, allowed);
		sb_addf(en, "%s: inbound %s traffic is refused by default%s%s", src, fam_en,
		    l.len ? "; allows " : "; no ports opened", sb_str(&l));
		sb_addf(ja, "%s: 受信 %s は既定で拒否されます%s%s", src, fam_ja,
		    l.len ? "。許可: " : "。開放ポートなし", sb_str(&l));
	} else if (v->level == FILT_PARTIAL) {
		list_some(&l, allowed);
		sb_addf(en, "%s: inbound %s traffic is accepted by default, only some is refused%s%s",
		    src, fam_en, l.len ? "; allows " : "", sb_str(&l));
		sb_addf(ja, "%s: 受信 %s は既定で許可され、一部のみ拒否されます%s%s", src, fam_ja,
		    l.len ? "。許可: " : "", sb_str(&l));
	} else if (json_len(opened) > 0) {
		list_some(&l, opened);
		sb_addf(en, "%s: inbound %s traffic is let in without restriction by: %s (input policy %s)",
		    src, fam_en, sb_str(&l), json_get_str(json_get(v->e, "input_policy")));
		sb_addf(ja, "%s: 受信 %s を無制限に許可する規則があります: %s（既定の方針 %s）",
		    src, fam_ja, sb_str(&l), json_get_str(json_get(v->e, "input_policy")));
	} else if (json_is(json_get(v->e, "input_chain"), JSON_NULL)) {
		sb_addf(en, "%s: no input chain filters %s", src, fam_en);
		sb_addf(ja, "%s: %s を対象とする受信チェーンがありません", src, fam_ja);
	} else {
		sb_addf(en, "%s: nothing refuses inbound %s traffic", src, fam_en);
		sb_addf(ja, "%s: 受信 %s を拒否する規則がありません", src, fam_ja);
	}
	sb_free(&l);
}

/* What the evaluation does not see, said in every result (details.limits). */
static const char *const limits[][2] = {
	{ "the contents of named sets are not read: an accept limited to a set counts as restricted",
	    "名前付きセットの中身は読みません。セットに限定した許可は制限付きとみなします" },
	{ "when several input chains filter one family, the best one is shown; their allowances are "
	  "not intersected",
	    "同じファミリーに複数の受信チェーンがある場合は最も厳しいものを示し、許可の共通部分は求めません" },
	{ "drops in prerouting, raw or netdev ingress hooks are not counted; firewalld is judged by its "
	  "default zone (no direct rules, policies or source bindings)",
	    "prerouting・raw・netdev ingress での拒否は数えません。firewalld は既定ゾーンで判定します"
	    "（direct ルール、ポリシー、送信元による割り当ては読みません）" },
};

/* Decides from the best source in force for each family, or the first that could not be read. */
static void
firewall_judge(const struct check_ctx *ctx, const void *facts, struct check_result *res)
{
	const struct firewall_facts *fa = facts;
	const struct json *sources = json_obj_set(res->details, "sources",
	    fa->sources != NULL ? json_copy(fa->sources) : json_array());
	struct fam_view v4 = { "ipv4", "IPv4", "IPv4", -1, NULL, NULL };
	struct fam_view v6 = { "ipv6", "IPv6", "IPv6", -1, NULL, NULL };
	const struct json *unknown_src = NULL;
	struct strbuf en = STRBUF_INIT, ja = STRBUF_INIT;
	int overall, in_force = 0;
	size_t i;

	(void)ctx;
	check_limits_set(res->details, "limits", limits, sizeof limits / sizeof limits[0]);
	for (i = 0; i < json_len(sources); i++) {
		const struct json *s = json_at(sources, i);
		const char *f = json_get_str(json_get(s, "filtering"));

		if (f != NULL && strcmp(f, "unknown") == 0 && unknown_src == NULL)
			unknown_src = s;
		in_force |= json_get_bool(json_get(s, "in_force"), 0);
	}
	fam_pick(sources, &v4);
	fam_pick(sources, &v6);
	json_obj_set(res->details, "ipv6_disabled", json_bool(fa->ipv6_disabled));
	for (i = 0; i < 2; i++) {
		const struct fam_view *v = i == 0 ? &v4 : &v6;
		struct json *o = json_obj_set(res->details, v->key, json_object());

		json_obj_set(o, "filtering", json_str(v->level < 0 ? "none" : filt_names[v->level]));
		json_obj_set(o, "source",
		    json_str(v->src != NULL ? json_get_str(json_get(v->src, "source")) : NULL));
		json_obj_set(o, "file",
		    json_str(v->src != NULL ? json_get_str(json_get(v->src, "file")) : NULL));
		json_obj_set(o, "needed", json_bool(i == 0 || !fa->ipv6_disabled));
	}
	overall = v4.level < 0 ? FILT_NONE : v4.level;
	if (!fa->ipv6_disabled && (v6.level < 0 ? FILT_NONE : v6.level) < overall)
		overall = v6.level < 0 ? FILT_NONE : v6.level;
	if (json_len(sources) == 0) {
		check_result_set(res, CHECK_FAIL,
		    "no firewall at all: no nftables ruleset, iptables rules, ufw or firewalld",
		    "ファイアウォールがありません（nftables、iptables、ufw、firewalld のいずれも未設定）");
		return;
	}
	if (overall < FILT_FULL && unknown_src != NULL) {
		char *en1 = xasprintf(
		    "inbound traffic is not shown to be filtered, and %s could not be read: %s",
		    json_get_str(json_get(unknown_src, "source")),
		    json_get_str(json_get(unknown_src, "reason")));
		char *ja1 = xasprintf("受信フィルタを確認できず、%s を読み取れませんでした: %s",
		    json_get_str(json_get(unknown_src, "source")),
		    json_get_str(json_get(unknown_src, "reason")));

		check_result_set(res, CHECK_UNKNOWN, en1, ja1);
		free(en1);
		free(ja1);
		return;
	}
	if (!in_force) {
		check_result_set(res, CHECK_FAIL,
		    "no inbound filtering in force: the firewall found is disabled or not loaded at boot",
		    "受信フィルタが有効になっていません（ファイアウォールが無効、または起動時に読み込まれません）");
		return;
	}
	if (fa->ipv6_disabled)
		fam_describe(&v4, "IPv4", "IPv4", &en, &ja);
	else if (v4.src == v6.src && v4.level == v6.level &&
	    json_len(json_get(v4.e, "opened_by")) == json_len(json_get(v6.e, "opened_by")) &&
	    json_len(json_get(v4.e, "allowed")) == json_len(json_get(v6.e, "allowed")))
		fam_describe(&v4, "IPv4 and IPv6", "IPv4 と IPv6", &en, &ja);
	else if ((v6.level < 0 ? FILT_NONE : v6.level) < (v4.level < 0 ? FILT_NONE : v4.level)) {
		fam_describe(&v6, "IPv6", "IPv6", &en, &ja);
		fam_describe(&v4, "IPv4", "IPv4", &en, &ja);
	} else {
		fam_describe(&v4, "IPv4", "IPv4", &en, &ja);
		fam_describe(&v6, "IPv6", "IPv6", &en, &ja);
	}
	if (fa->ipv6_disabled) {
		sb_adds(&en, " (IPv6 is disabled)");
		sb_adds(&ja, "（IPv6 は無効）");
	}
	check_result_set(res,
	    overall == FILT_FULL        ? CHECK_PASS :
	        overall == FILT_PARTIAL ? CHECK_WARN :
	                                  CHECK_FAIL,
	    sb_str(&en), sb_str(&ja));
	sb_free(&en);
	sb_free(&ja);
}

const struct check check_firewall = {
	.id = "firewall",
	.title_en = "Inbound firewall policy in force",
	.title_ja = "受信ファイアウォールの有効化",
	.reads = "nft list ruleset, iptables-save and ip6tables-save at /, /etc/nftables.conf and its "
	         "includes, /etc/iptables/rules.v4 and rules.v6, /proc/net/ip_tables_names and "
	         "ip6_tables_names, /etc/ufw, /etc/default/ufw, /etc/firewalld and its zones, "
	         "/proc/sys/net/ipv6, systemd *.target.wants links",
	.params = NULL,
	.facts_size = sizeof(struct firewall_facts),
	.facts_free = firewall_facts_free,
	.probes = {
		[TARGET_LINUX] = { firewall_probe_linux, NULL, NULL },
		[TARGET_WINDOWS] = { firewall_probe_windows, NULL, NULL },
	},
	.judge = firewall_judge,
};
