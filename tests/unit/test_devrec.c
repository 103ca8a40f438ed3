/*
 * test_devrec.c: the device record (session/devrec.c): field checks
 * (placeholder serials, patterns, required site fields, control bytes,
 * length), the whole-record rules, DMI suggestions; the record saved and
 * read back with the session; the last operator kept on the desk; the day's
 * listing (session_list_day()) reading only the files changed that day; and
 * local times with the zone under TZ=Asia/Tokyo.
 */
#include "testutil.h"

#include <sys/stat.h>
#include <time.h>
#include <utime.h>

#include "../../session/session.h"
#include "../../util/fileio.h"
#include "../../util/timefmt.h"
#include "../../util/xalloc.h"

/* A configuration declaring one site field with a pattern, required. */
static struct config *
site_config(void)
{
	struct config *c = config_defaults();

	c->device_fields = xcalloc(1, sizeof *c->device_fields);
	c->ndevice_fields = 1;
	c->device_fields[0].key = xstrdup("cost_centre");
	c->device_fields[0].label_en = xstrdup("Cost centre");
	c->device_fields[0].label_ja = xstrdup("原価センター");
	c->device_fields[0].pattern = xstrdup("CC-[0-9]{4}");
	c->device_fields[0].required = 1;
	return c;
}

/* devrec_check_field()'s verdict on one value; its messages freed. */
static int
check(const struct config *c, const char *key, const char *value, const char *want_en)
{
	char *en, *ja;
	int rc = devrec_check_field(c, key, value, &en, &ja);

	if (want_en != NULL) {
		assert_non_null(en);
		if (strstr(en, want_en) == NULL)
			fail_msg("\"%s\" not in \"%s\"", want_en, en);
		assert_non_null(ja);
	}
	free(en);
	free(ja);
	return rc;
}

static void
test_fields(void **state)
{
	struct config *c = site_config();
	char big[DEVREC_MAX_BYTES + 2];

	(void)state;
	assert_int_equal(devrec_nfields(c), 5);
	assert_string_equal(devrec_field_key(c, 4), "cost_centre");
	assert_string_equal(devrec_field_label(c, 4, 1), "原価センター");
	assert_string_equal(devrec_field_label(c, 0, 0), "Asset tag");
	assert_null(devrec_field_key(c, 5));
	assert_int_equal(check(c, "serial", "PF3ABCDE", NULL), 0);
	assert_int_equal(check(c, "serial", "To be filled by O.E.M.", "is a placeholder"), -1);
	assert_int_equal(check(c, "serial", "Default string", "is a placeholder"), -1);
	assert_int_equal(check(c, "serial", "0123456789", "is a placeholder"), -1);
	assert_int_equal(check(c, "serial", "unreadable", "is a placeholder"), -1);
	assert_int_equal(check(c, "serial", "000000", "is a placeholder"), -1);
	assert_int_equal(check(c, "serial", "", NULL), 0); /* empty: not given */
	assert_int_equal(check(c, "cost_centre", "CC-0042", NULL), 0);
	assert_int_equal(check(c, "cost_centre", "CC-42", "does not match"), -1);
	/* the pattern holds for the whole value, not a part of it */
	assert_int_equal(check(c, "cost_centre", "xCC-00421", "does not match"), -1);
	assert_int_equal(check(c, "cost_centre", "", "is required"), -1);
	assert_int_equal(check(c, "colour", "red", "no device field"), -1);
	assert_int_equal(check(c, "owner", "山田\x1b[31m", "control characters"), -1);
	assert_int_equal(check(c, "owner", "a\nb", "control characters"), -1);
	assert_int_equal(check(c, "owner", "\xff\xfe", "UTF-8"), -1);
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(check(c, "model", big, "longer than"), -1);
	assert_int_equal(check(c, "owner", "山田 花子", NULL), 0);
	config_free(c);
}

static void
test_record(void **state)
{
	struct config *c = site_config();
	struct json *rec = devrec_new(), *dev = json_object();
	char *en, *ja, *line;

	(void)state;
	devrec_set(rec, "owner", "山田 花子");
	devrec_set(rec, "cost_centre", "CC-0042");
	assert_int_equal(devrec_validate(c, rec, &en, &ja), -1);
	assert_non_null(strstr(en, "an asset tag or a serial"));
	free(en);
	free(ja);
	/* a placeholder from DMI is not suggested; a usable serial and the model are */
	json_obj_set(dev, "serial", json_str("To be filled by O.E.M."));
	json_obj_set(dev, "vendor", json_str("LENOVO"));
	json_obj_set(dev, "product", json_str("ThinkPad X1"));
	devrec_suggest(dev, rec);
	assert_string_equal(devrec_get(rec, "serial"), "");
	assert_string_equal(devrec_get(rec, "model"), "LENOVO ThinkPad X1");
	json_obj_set(dev, "serial", json_str("PF3ABCDE"));
	devrec_suggest(dev, rec);
	assert_string_equal(devrec_get(rec, "serial"), "PF3ABCDE");
	assert_int_equal(devrec_validate(c, rec, &en, &ja), 0);
	assert_null(en);
	line = devrec_line(rec);
	assert_string_equal(line, "PF3ABCDE LENOVO ThinkPad X1 / 山田 花子");
	free(line);
	/* a required site field missing from the record */
	json_free(json_obj_take(json_get(rec, "fields"), "cost_centre"));
	assert_int_equal(devrec_validate(c, rec, &en, &ja), -1);
	assert_non_null(strstr(ja, "原価センターは必須です"));
	free(en);
	free(ja);
	json_free(rec);
	json_free(dev);
	config_free(c);
}

/* The record is saved with the session, read back, listed; the desk keeps the operator. */
static void
test_session_and_day(void **state)
{
	struct diags d = DIAGS_INIT;
	char *path = test_path("tests/data/checklists/mini-when.yaml"), *dir = test_tmpdir();
	struct checklist *cl = checklist_load(path, &d);
	struct config *c = site_config();
	struct session *s, *s2;
	struct json *rec = devrec_new();
	struct session_info *v;
	size_t n;
	char err[512], *last, *old;
	time_t from, to;
	struct utimbuf ut;

	(void)state;
	assert_non_null(cl);
	assert_null(session_last_operator(dir));
	s = session_create(cl, c, NULL, dir, "Ada", ROLE_IT, err, sizeof err);
	assert_non_null(s);
	devrec_set(rec, "asset_tag", "JP-TKY-0001");
	devrec_set(rec, "serial", "0123456789");
	assert_int_equal(session_set_device_record(s, rec, err, sizeof err), -1);
	assert_non_null(strstr(err, "placeholder"));
	assert_null(session_device_record(s));
	devrec_set(rec, "serial", "");
	devrec_set(rec, "owner", "山田 花子");
	devrec_set(rec, "cost_centre", "CC-0042");
	assert_int_equal(session_set_device_record(s, rec, err, sizeof err), 0);
	s2 = session_open(cl, c, session_path(s), err, sizeof err);
	assert_non_null(s2);
	assert_string_equal(devrec_get(session_device_record(s2), "cost_centre"), "CC-0042");
	session_free(s2);
	assert_int_equal(session_remember_operator(dir, "Ada", err, sizeof err), 0);
	last = session_last_operator(dir);
	assert_string_equal(last, "Ada");
	free(last);

	/* the day's listing names the device; a file from yesterday is never read */
	time_local_day(time(NULL), &from, &to);
	old = xasprintf("%s/session-20000101T000000Z-00000000.json", dir);
	test_write(old, "not json", 8);
	ut.actime = ut.modtime = from - 3600;
	assert_int_equal(utime(old, &ut), 0);
	assert_int_equal(session_list_day(dir, from, to, &v, &n, err, sizeof err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].asset_tag, "JP-TKY-0001");
	assert_string_equal(v[0].owner, "山田 花子");
	assert_int_equal(v[0].finished, 0);
	assert_string_equal(v[0].verdict, "incomplete");
	session_info_free(v, n);
	/* not moved aside: the listing of a day did not open it */
	assert_int_equal(access(old, F_OK), 0);
	/* finished today: listed with its report */
	assert_int_equal(session_mark_finished(s, "/x/r.json", err, sizeof err), 0);
	assert_int_equal(session_list_day(dir, from, to, &v, &n, err, sizeof err), 0);
	assert_int_equal(n, 1);
	assert_true(v[0].finished != 0);
	assert_string_equal(v[0].report, "/x/r.json");
	session_info_free(v, n);
	/* another day: nothing */
	assert_int_equal(session_list_day(dir, from - 86400, from - 7200, &v, &n, err, sizeof err), 0);
	assert_int_equal(n, 0);
	session_info_free(v, n);
	free(old);
	session_free(s);
	json_free(rec);
	config_free(c);
	checklist_free(cl);
	test_rmtree(dir);
	free(dir);
	free(path);
}

static void
test_local_time(void **state)
{
	char buf[TIME_LOCAL_LEN];
	time_t from, to, t = 1764667200; /* 2025-12-02T09:20:00Z */

	(void)state;
	setenv("TZ", "Asia/Tokyo", 1);
	tzset();
	time_local(t, 0, buf);
	assert_string_equal(buf, "2025-12-02 18:20:00 JST (+0900)");
	time_local(t, 1, buf);
	assert_string_equal(buf, "18:20 JST");
	time_local_day(t, &from, &to);
	assert_int_equal(from, 1764601200); /* 2025-12-01T15:00:00Z: midnight in Tokyo */
	assert_int_equal(to - from, 86400);
	setenv("TZ", "UTC", 1);
	tzset();
	time_local(t, 0, buf);
	assert_string_equal(buf, "2025-12-02 09:20:00 UTC (+0000)");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_record),
		cmocka_unit_test(test_session_and_day),
		cmocka_unit_test(test_local_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
