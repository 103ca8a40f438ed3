/*
 * test_firewall.c: the firewall check's readers of nftables text and
 * iptables-save output, on the cases a live ruleset in a namespace cannot
 * show cheaply: what each accept lets in, jumps and gotos, loops, verdict
 * maps, defines, includes, dormant tables, IPv4 against IPv6.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../checks/linux/fwparse.h"
#include "../../util/xalloc.h"

/* Evaluates an input chain with policy drop holding rules (an inet table), plus extra chains. */
static struct json *
nft_drop(const char *rules, const char *extra)
{
	struct json *src = json_object();
	char *text = xasprintf("table inet f {\n%s\n chain in {\n  type filter hook input priority 0; "
	                       "policy drop;\n%s\n }\n}\n",
	    extra != NULL ? extra : "", rules);

	firewall_eval_nft_text(text, "test", NULL, src);
	free(text);
	return src;
}

static const char *
filt(const struct json *src, const char *fam)
{
	return json_get_str(json_get(fam != NULL ? json_get(src, fam) : src, "filtering"));
}

static const char *
first(const struct json *src, const char *key)
{
	return json_get_str(json_at(json_get(src, key), 0));
}

/* The accepts of issue 11 that restrict nothing: under policy drop, none filters. */
static void
nft_accepts_that_open_everything(void **state)
{
	static const char *const open[] = { "accept", "iifname \"eth0\" accept",
		"ip saddr 0.0.0.0/0 accept", "meta l4proto tcp accept", "tcp dport != 22 accept",
		"ct state new accept", "tcp sport 53 accept", "iif != lo accept",
		"tcp dport 1-65535 accept", "counter log prefix \"in \" accept", NULL };
	size_t i;

	(void)state;
	for (i = 0; open[i] != NULL; i++) {
		struct json *src = nft_drop(open[i], NULL);

		assert_string_equal(filt(src, "ipv4"), "none");
		assert_string_equal(filt(src, NULL), "none");
		assert_non_null(first(src, "opened_by"));
		json_free(src);
	}
	/* negation is shown as negation */
	{
		struct json *src = nft_drop("tcp dport != 22 accept", NULL);

		assert_string_equal(first(src, "opened_by"), "tcp dport != 22 accept");
		assert_int_equal(json_len(json_get(src, "allowed")), 0);
		json_free(src);
	}
}

/* Accepts that restrict, and the harmless ones. */
static void
nft_restricted_and_harmless(void **state)
{
	struct json *src;

	(void)state;
	src = nft_drop("iif lo accept\n iifname \"lo\" accept\n ct state { established, related } accept\n"
	               " ct state established,related accept\n tcp dport { 22,\n 443 } accept\n"
	               " ip saddr 10.0.0.0/8 accept\n ip6 saddr @trusted accept\n"
	               " icmpv6 type { nd-neighbor-solicit, nd-router-advert } accept\n"
	               " meta l4proto { icmp, ipv6-icmp } accept\n counter drop",
	    NULL);
	assert_string_equal(filt(src, "ipv4"), "full");
	assert_string_equal(filt(src, "ipv6"), "full");
	assert_int_equal(json_len(json_get(src, "opened_by")), 0);
	assert_string_equal(first(src, "allowed"), "tcp dport { 22, 443 } accept");
	/* family-specific matches count only for their family */
	assert_int_equal(json_len(json_get(json_get(src, "ipv4"), "allowed")), 3);
	assert_int_equal(json_len(json_get(json_get(src, "ipv6"), "allowed")), 4);
	json_free(src);
	/* an accept that opens only IPv4 leaves IPv6 filtered */
	src = nft_drop("meta nfproto ipv4 accept", NULL);
	assert_string_equal(filt(src, "ipv4"), "none");
	assert_string_equal(filt(src, "ipv6"), "full");
	json_free(src);
}

/* Jumps and gotos are followed; loops, undefined chains and depth make it unknown. */
static void
nft_jumps(void **state)
{
	struct json *src;

	(void)state;
	src = nft_drop("jump all", " chain all { accept\n }");
	assert_string_equal(filt(src, NULL), "none");
	assert_string_equal(first(src, "opened_by"), "jump all -> accept");
	json_free(src);
	/* a restricted jump restricts what the chain accepts */
	src = nft_drop("tcp dport 22 jump ssh", " chain ssh { ip saddr 192.0.2.0/24 accept\n accept\n }");
	assert_string_equal(filt(src, NULL), "full");
	assert_string_equal(first(src, "allowed"),
	    "tcp dport 22 jump ssh -> ip saddr 192.0.2.0/24 accept");
	json_free(src);
	/* return ends the called chain */
	src = nft_drop("jump c", " chain c { return\n accept\n }");
	assert_string_equal(filt(src, NULL), "full");
	json_free(src);
	/* loop */
	src = nft_drop("jump a", " chain a { jump b\n }\n chain b { jump a\n }");
	assert_string_equal(filt(src, NULL), "unknown");
	assert_non_null(strstr(json_get_str(json_get(src, "reason")), "jumps back into itself"));
	json_free(src);
	/* undefined */
	src = nft_drop("goto nowhere", NULL);
	assert_string_equal(filt(src, NULL), "unknown");
	assert_non_null(strstr(json_get_str(json_get(src, "reason")), "\"nowhere\""));
	json_free(src);
	/* a goto's fall-through does not come back: the policy decides */
	{
		struct json *s2 = json_object();

		firewall_eval_nft_text("table ip t {\n chain z { }\n chain in { type filter hook input "
		                       "priority 0; policy accept; goto z\n drop\n }\n}\n",
		    "t", NULL, s2);
		assert_string_equal(filt(s2, "ipv4"), "none");
		json_free(s2);
	}
}

/* firewalld's layout: policy accept, zones by goto, an unconditional reject at the end. */
static void
nft_firewalld_layout(void **state)
{
	static const char t[] =
	    "table inet firewalld {\n"
	    " chain filter_INPUT {\n  type filter hook input priority filter + 10; policy accept;\n"
	    "  ct state { established, related } accept\n  ct status dnat accept\n"
	    "  iifname \"lo\" accept\n  ct state invalid drop\n  jump filter_INPUT_ZONES\n"
	    "  reject with icmpx admin-prohibited\n }\n"
	    " chain filter_INPUT_ZONES {\n  iifname \"eth0\" goto filter_IN_public\n"
	    "  goto filter_IN_public\n }\n"
	    " chain filter_IN_public {\n  jump filter_IN_public_allow\n"
	    "  meta l4proto { icmp, ipv6-icmp } accept\n }\n"
	    " chain filter_IN_public_allow {\n  tcp dport 22 ct state { new, untracked } accept\n"
	    "  ip6 daddr fe80::/64 udp dport 546 ct state { new, untracked } accept\n }\n"
	    "}\n";
	struct json *src = json_object();

	(void)state;
	firewall_eval_nft_text(t, "t", NULL, src);
	assert_string_equal(filt(src, "ipv4"), "full");
	assert_string_equal(filt(src, "ipv6"), "full");
	assert_string_equal(json_get_str(json_get(json_get(src, "ipv4"), "input_policy")),
	    "accept, ending in an unconditional drop or reject");
	json_free(src);
}

/* IPv4-only rules leave IPv6 unfiltered; a dormant table filters nothing. */
static void
nft_families_and_dormant(void **state)
{
	struct json *src = json_object();

	(void)state;
	firewall_eval_nft_text("table ip f { chain i { type filter hook input priority 0; policy drop; } }",
	    "t", NULL, src);
	assert_string_equal(filt(src, "ipv4"), "full");
	assert_string_equal(filt(src, "ipv6"), "none");
	assert_string_equal(filt(src, NULL), "none");
	firewall_eval_nft_text("table inet f { flags dormant\n chain i { type filter hook input "
	                       "priority 0; policy drop; } }",
	    "t", NULL, src);
	assert_string_equal(filt(src, NULL), "none");
	/* an output chain is not an input chain, and a comment is not a rule */
	firewall_eval_nft_text("table inet f { chain i { type filter hook output priority 0; "
	                       "policy drop; } }\n",
	    "t", NULL, src);
	assert_string_equal(filt(src, NULL), "none");
	firewall_eval_nft_text("table inet f {\n chain i {\n type filter hook input priority 0\n"
	                       " # tcp dport 23 drop\n }\n}\n",
	    "t", NULL, src);
	assert_string_equal(filt(src, NULL), "none");
	/* accept policy with a refusing rule: partial */
	firewall_eval_nft_text("table inet f {\n chain i {\n type filter hook input priority 0\n"
	                       " tcp dport 23 drop\n }\n}\n",
	    "t", NULL, src);
	assert_string_equal(filt(src, NULL), "partial");
	json_free(src);
}

/* Verdict maps, defines, add rule / add chain commands, flush ruleset. */
static void
nft_vmap_define_commands(void **state)
{
	struct json *src = json_object();

	(void)state;
	firewall_eval_nft_text("define any = 0.0.0.0/0\n"
	                       "table ip f { chain i { type filter hook input priority 0; policy drop;\n"
	                       " ip saddr $any accept } }",
	    "t", NULL, src);
	assert_string_equal(filt(src, "ipv4"), "none");
	firewall_eval_nft_text(
	    "table inet f { chain i { type filter hook input priority 0; policy drop;\n"
	    " ct state vmap { established : accept, related : accept, invalid : drop }\n"
	    " tcp dport vmap { 22 : accept, 80 : jump web } }\n"
	    " chain web { ip saddr 10.0.0.0/8 accept } }",
	    "t", NULL, src);
	assert_string_equal(filt(src, NULL), "full");
	assert_int_equal(json_len(json_get(src, "allowed")), 2);
	firewall_eval_nft_text("table inet f { chain i { type filter hook input priority 0; policy drop;\n"
	                       " ct state vmap { new : accept } } }",
	    "t", NULL, src);
	assert_string_equal(filt(src, NULL), "none");
	firewall_eval_nft_text("table inet f { chain i { type filter hook input priority 0; policy drop;\n"
	                       " iifname vmap @ifaces } }",
	    "t", NULL, src);
	assert_string_equal(filt(src, NULL), "none");
	firewall_eval_nft_text("add table inet f\n"
	                       "add chain inet f i { type filter hook input priority 0; policy drop; }\n"
	                       "add rule inet f i tcp dport 22 accept\n"
	                       "insert rule inet f i accept\n",
	    "t", NULL, src);
	assert_string_equal(filt(src, NULL), "none");
	firewall_eval_nft_text("table inet f { chain i { type filter hook input priority 0; policy drop; } }\n"
	                       "flush ruleset\n",
	    "t", NULL, src);
	assert_string_equal(filt(src, NULL), "none");
	assert_true(json_is(json_get(json_get(src, "ipv4"), "input_chain"), JSON_NULL));
	json_free(src);
}

/* Includes through the ops; without them, unknown. */
struct files {
	const char *path[4], *text[4];
	int expanded;
};

static char **
fake_expand(void *arg, const char *pattern, size_t *n)
{
	struct files *f = arg;
	char **v = NULL;
	size_t i, cnt = 0;

	f->expanded++;
	for (i = 0; i < 4 && f->path[i] != NULL; i++)
		if (strcmp(pattern, "/etc/nft.d/*.nft") == 0 ?
		        strncmp(f->path[i], "/etc/nft.d/", 11) == 0 :
		        strcmp(pattern, f->path[i]) == 0) {
			v = xreallocarray(v, cnt + 1, sizeof *v);
			v[cnt++] = xstrdup(f->path[i]);
		}
	*n = cnt;
	return v;
}

static int
fake_read(void *arg, const char *path, char **text, char *err, size_t errlen)
{
	struct files *f = arg;
	size_t i;

	for (i = 0; i < 4 && f->path[i] != NULL; i++)
		if (strcmp(path, f->path[i]) == 0) {
			if (f->text[i] == NULL)
				break;
			*text = xstrdup(f->text[i]);
			return 0;
		}
	xsnprintf(err, errlen, "%s: cannot be read", path);
	return -1;
}

static void
nft_includes(void **state)
{
	struct files f = { { "/etc/nft.d/10-in.nft", "/etc/nft.d/20-ssh.nft", "/etc/loop.nft",
		               "/etc/broken.nft" },
		{ "table inet f { chain i { type filter hook input priority 0; policy drop; } }",
		    "add rule inet f i tcp dport 22 accept", "include \"loop.nft\"", NULL },
		0 };
	struct fw_include_ops ops = { fake_expand, fake_read, &f };
	struct json *src = json_object();

	(void)state;
	firewall_eval_nft_text("flush ruleset\ninclude \"/etc/nft.d/*.nft\"\n", "main", &ops, src);
	assert_string_equal(filt(src, NULL), "full");
	assert_string_equal(first(src, "allowed"), "tcp dport 22 accept");
	/* nft's include path is /etc */
	firewall_eval_nft_text("include \"loop.nft\"\n", "main", &ops, src);
	assert_string_equal(filt(src, NULL), "unknown");
	assert_non_null(strstr(json_get_str(json_get(src, "reason")), "nested too deeply"));
	firewall_eval_nft_text("include \"/etc/broken.nft\"\n", "main", &ops, src);
	assert_string_equal(filt(src, NULL), "unknown");
	assert_non_null(strstr(json_get_str(json_get(src, "reason")), "/etc/broken.nft: cannot be read"));
	firewall_eval_nft_text("include \"/etc/missing.nft\"\n", "main", &ops, src);
	assert_string_equal(filt(src, NULL), "unknown");
	/* a wildcard that matches nothing is not an error */
	f.path[0] = f.path[1] = "/x";
	firewall_eval_nft_text("include \"/etc/nft.d/*.nft\"\n", "main", &ops, src);
	assert_string_equal(filt(src, NULL), "none");
	firewall_eval_nft_text("include \"x\"\n", "main", NULL, src);
	assert_string_equal(filt(src, NULL), "unknown");
	json_free(src);
}

static void
iptables_text(void **state)
{
	struct json *src = json_object();

	(void)state;
	firewall_eval_iptables("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 23 -j REJECT\n"
	                       "COMMIT\n",
	    FW_V4, src);
	assert_string_equal(filt(src, NULL), "partial");
	assert_null(json_get(src, "ipv6"));
	firewall_eval_iptables("*nat\n:INPUT DROP [0:0]\nCOMMIT\n", FW_V4, src);
	assert_string_equal(filt(src, NULL), "none");
	/* -A INPUT -j ACCEPT opens everything */
	firewall_eval_iptables("*filter\n:INPUT DROP [0:0]\n-A INPUT -j ACCEPT\nCOMMIT\n", FW_V4, src);
	assert_string_equal(filt(src, NULL), "none");
	assert_string_equal(first(src, "opened_by"), "INPUT -j ACCEPT");
	firewall_eval_iptables(
	    "*filter\n:INPUT DROP [0:0]\n:ssh-in - [0:0]\n-A INPUT -i lo -j ACCEPT\n"
	    "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n"
	    "-A INPUT -p tcp -m multiport --dports 80,443 -j ACCEPT\n"
	    "-A INPUT -s 10.0.0.0/8 -p tcp -m tcp --dport 22 -j ssh-in\n"
	    "-A INPUT -p icmp -m icmp --icmp-type 8 -j ACCEPT\n"
	    "-A INPUT -m comment --comment \"a b\" -j LOG --log-prefix \"x \"\n"
	    "-A ssh-in -j ACCEPT\nCOMMIT\n",
	    FW_V4, src);
	assert_string_equal(filt(src, NULL), "full");
	assert_int_equal(json_len(json_get(src, "allowed")), 3);
	assert_int_equal(json_len(json_get(src, "opened_by")), 0);
	firewall_eval_iptables(
	    "*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp ! --dport 22 -j ACCEPT\nCOMMIT\n", FW_V6, src);
	assert_string_equal(filt(src, "ipv6"), "none");
	assert_string_equal(first(src, "opened_by"), "INPUT -p tcp ! --dport 22 -j ACCEPT");
	firewall_eval_iptables("*filter\n:INPUT DROP [0:0]\n-A INPUT -s 0.0.0.0/0 -j ACCEPT\nCOMMIT\n",
	    FW_V4, src);
	assert_string_equal(filt(src, NULL), "none");
	json_free(src);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nft_accepts_that_open_everything),
		cmocka_unit_test(nft_restricted_and_harmless),
		cmocka_unit_test(nft_jumps),
		cmocka_unit_test(nft_firewalld_layout),
		cmocka_unit_test(nft_families_and_dormant),
		cmocka_unit_test(nft_vmap_define_commands),
		cmocka_unit_test(nft_includes),
		cmocka_unit_test(iptables_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
