/*
 * test_firewall.c: the firewall check's evaluation of `nft -j list ruleset`
 * output (the live path, which needs nft and root on a real host), and of
 * nftables and iptables text on edge cases.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../checks/linux/fwparse.h"

/* The ruleset as nft 1.0.6 prints it with -j, for a drop-policy input chain. */
static const char nft_drop[] =
    "{\"nftables\": [{\"metainfo\": {\"version\": \"1.0.6\", \"release_name\": \"Lester Gooch #5\", "
    "\"json_schema_version\": 1}}, {\"table\": {\"family\": \"inet\", \"name\": \"filter\", \"handle\": 1}}, "
    "{\"chain\": {\"family\": \"inet\", \"table\": \"filter\", \"name\": \"input\", \"handle\": 1, "
    "\"type\": \"filter\", \"hook\": \"input\", \"prio\": 0, \"policy\": \"drop\"}}, "
    "{\"chain\": {\"family\": \"inet\", \"table\": \"filter\", \"name\": \"output\", \"handle\": 2, "
    "\"type\": \"filter\", \"hook\": \"output\", \"prio\": 0, \"policy\": \"accept\"}}, "
    "{\"rule\": {\"family\": \"inet\", \"table\": \"filter\", \"chain\": \"input\", \"handle\": 4, "
    "\"expr\": [{\"match\": {\"op\": \"==\", \"left\": {\"meta\": {\"key\": \"iif\"}}, \"right\": \"lo\"}}, "
    "{\"accept\": null}]}}, "
    "{\"rule\": {\"family\": \"inet\", \"table\": \"filter\", \"chain\": \"input\", \"handle\": 5, "
    "\"expr\": [{\"match\": {\"op\": \"==\", \"left\": {\"payload\": {\"protocol\": \"tcp\", \"field\": \"dport\"}}, "
    "\"right\": {\"set\": [22, 443]}}}, {\"accept\": null}]}}, "
    "{\"rule\": {\"family\": \"inet\", \"table\": \"filter\", \"chain\": \"output\", \"handle\": 6, "
    "\"expr\": [{\"match\": {\"op\": \"==\", \"left\": {\"payload\": {\"protocol\": \"tcp\", \"field\": \"dport\"}}, "
    "\"right\": 25}}, {\"drop\": null}]}}]}";

static void
nft_json_drop_policy(void **state)
{
	struct json *src = json_object();
	const struct json *allowed;

	(void)state;
	assert_int_equal(firewall_eval_nft_json(nft_drop, strlen(nft_drop), src), 0);
	assert_string_equal(json_get_str(json_get(src, "filtering")), "full");
	assert_string_equal(json_get_str(json_get(src, "input_policy")), "drop");
	allowed = json_get(src, "allowed");
	assert_int_equal(json_len(allowed), 1);
	assert_string_equal(json_get_str(json_at(allowed, 0)), "tcp dport { 22, 443 }");
	json_free(src);
}

static void
nft_json_accept_with_drop_rule(void **state)
{
	static const char t[] =
	    "{\"nftables\": [{\"chain\": {\"family\": \"ip\", \"table\": \"t\", \"name\": \"in\", "
	    "\"type\": \"filter\", \"hook\": \"input\", \"prio\": 0, \"policy\": \"accept\"}}, "
	    "{\"rule\": {\"family\": \"ip\", \"table\": \"t\", \"chain\": \"in\", \"expr\": "
	    "[{\"match\": {\"op\": \"==\", \"left\": {\"payload\": {\"protocol\": \"tcp\", \"field\": "
	    "\"dport\"}}, \"right\": 23}}, {\"reject\": {\"type\": \"tcp reset\"}}]}}]}";
	struct json *src = json_object();

	(void)state;
	assert_int_equal(firewall_eval_nft_json(t, strlen(t), src), 0);
	assert_string_equal(json_get_str(json_get(src, "filtering")), "partial");
	json_free(src);
}

static void
nft_json_empty_and_garbage(void **state)
{
	static const char empty[] = "{\"nftables\": [{\"metainfo\": {\"version\": \"1.0.6\"}}]}";
	struct json *src = json_object();

	(void)state;
	assert_int_equal(firewall_eval_nft_json(empty, strlen(empty), src), 0);
	assert_string_equal(json_get_str(json_get(src, "filtering")), "none");
	assert_false(json_get_bool(json_get(src, "input_chain"), 1));
	assert_int_equal(firewall_eval_nft_json("Error: no", 9, src), -1);
	assert_int_equal(firewall_eval_nft_json("{\"x\":1}", 7, src), -1);
	json_free(src);
}

static void
nft_text_one_line_chain(void **state)
{
	struct json *src = json_object();

	(void)state;
	firewall_eval_nft_text("table inet f { chain i { type filter hook input priority 0; "
	                       "policy drop; } }\n",
	    src);
	assert_string_equal(json_get_str(json_get(src, "filtering")), "full");
	firewall_eval_nft_text("table inet f { chain i { type filter hook output priority 0; "
	                       "policy drop; } }\n",
	    src);
	assert_string_equal(json_get_str(json_get(src, "filtering")), "none");
	/* a comment that says drop is not a rule */
	firewall_eval_nft_text("table inet f {\n chain i {\n type filter hook input priority 0\n"
	                       " # tcp dport 23 drop\n }\n}\n",
	    src);
	assert_string_equal(json_get_str(json_get(src, "filtering")), "none");
	json_free(src);
}

static void
iptables_text(void **state)
{
	struct json *src = json_object();

	(void)state;
	firewall_eval_iptables("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 23 -j REJECT\n"
	                       "COMMIT\n",
	    src);
	assert_string_equal(json_get_str(json_get(src, "filtering")), "partial");
	firewall_eval_iptables("*nat\n:INPUT DROP [0:0]\nCOMMIT\n", src);
	assert_string_equal(json_get_str(json_get(src, "filtering")), "none");
	json_free(src);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nft_json_drop_policy),
		cmocka_unit_test(nft_json_accept_with_drop_rule),
		cmocka_unit_test(nft_json_empty_and_garbage),
		cmocka_unit_test(nft_text_one_line_chain),
		cmocka_unit_test(iptables_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
