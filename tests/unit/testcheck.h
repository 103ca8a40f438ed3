/*
 * testcheck.h: fake checks for unit tests. A fake is written as a judge
 * (its facts are unused) and TEST_CHECK_JUDGE() gives it a probe that
 * gathers nothing on both kinds of system, so it runs through the same
 * check_run() path as the real checks.
 */
#ifndef REENTRY_TESTCHECK_H
#define REENTRY_TESTCHECK_H

#include "../../checks/check.h"

/* Gathers nothing: the fake's judge decides from ctx alone. */
static inline int
test_probe_nothing(const struct check_ctx *ctx, void *facts, struct check_result *res)
{
	(void)ctx;
	(void)facts;
	(void)res;
	return 0;
}

#define TEST_CHECK_JUDGE(fn)                                                                                                      \
	.facts_size = 1,                                                                                                          \
	.probes = { [TARGET_LINUX] = { test_probe_nothing, NULL, NULL }, [TARGET_WINDOWS] = { test_probe_nothing, NULL, NULL } }, \
	.judge = fn

#endif
