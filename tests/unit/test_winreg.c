/*
 * test_winreg.c: registry hives read through a target: hives built at test
 * time (a blank hive with .reg text merged by hivexregedit, see
 * tests/winfix.sh), every value type, keys and paths found ignoring case,
 * the live control set, user profiles, the Windows identity, and hostile
 * files (truncated, garbage, links out of the root, FIFOs) that must give a
 * clear error naming the file, never a crash.
 */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "../../sys/target.h"
#include "../../sys/winreg.h"

/* Runs a shell script with tests/winfix.sh sourced, in dir ($D); fails the test when it fails. */
static void
winsh(const char *dir, const char *script)
{
	char *top = test_path("tests/winfix.sh");
	char *cmd = xasprintf("D='%s'; . '%s' && %s", dir, top, script);

	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(top);
}

/* A Windows tree in dir with SOFTWARE, SYSTEM and two user hives, paths in mixed case. */
static void
make_windows(const char *dir)
{
	winsh(dir,
	    "win_tree \"$D\" && "
	    "win_hive \"$D/$WIN_CFG/software\" 'HKEY_LOCAL_MACHINE\\SOFTWARE' <<'EOF'\n"
	    "Windows Registry Editor Version 5.00\n\n"
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion]\n"
	    "\"ProductName\"=\"Windows 10 Pro\"\n"
	    "\"EditionID\"=\"Professional\"\n"
	    "\"DisplayVersion\"=\"23H2\"\n"
	    "\"CurrentBuildNumber\"=\"22631\"\n"
	    "\"UBR\"=dword:00000bbf\n"
	    "\"InstallDate\"=dword:65a0bc00\n"
	    "\"RegisteredOwner\"=hex(1):c6,30,b9,30,c8,30,00,00\n"
	    "\"PathName\"=hex(2):25,00,53,00,79,00,73,00,25,00,00,00\n"
	    "\"Big\"=hex(b):01,02,03,04,05,06,07,08\n"
	    "\"Blob\"=hex:de,ad,be,ef\n"
	    "\"Multi\"=hex(7):61,00,00,00,62,00,63,00,00,00,00,00\n\n"
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\A]\n\n"
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\B]\n\n"
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\C]\n"
	    "@=\"default\"\n"
	    "EOF\n"
	    "win_hive \"$D/$WIN_CFG/SYSTEM\" 'HKEY_LOCAL_MACHINE\\SYSTEM' <<'EOF'\n"
	    "Windows Registry Editor Version 5.00\n\n"
	    "[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\n"
	    "\"Current\"=dword:00000002\n\n"
	    "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\ComputerName\\ComputerName]\n"
	    "\"ComputerName\"=\"OLD-NAME\"\n\n"
	    "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet002\\Control\\ComputerName\\ComputerName]\n"
	    "\"ComputerName\"=\"LAPTOP-042\"\n"
	    "EOF\n"
	    "win_hive \"$D/Users/Alice/NTUSER.DAT\" 'HKEY_CURRENT_USER' <<'EOF'\n"
	    "Windows Registry Editor Version 5.00\n\n"
	    "[HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run]\n"
	    "\"Updater\"=\"C:\\\\Users\\\\Alice\\\\up.exe\"\n"
	    "EOF\n"
	    "win_hive \"$D/Users/bob/ntuser.dat\" 'HKEY_CURRENT_USER' </dev/null && "
	    "ln -s Alice \"$D/Users/All Users\" && mkdir -p \"$D/Users/NoHive\"");
}

static void
test_values(void **state)
{
	char *dir = test_tmpdir(), err[512], *s, **names, **multi;
	struct target *t;
	struct winreg_hive *h;
	winreg_key cv, k, *kids;
	uint32_t d, type;
	uint64_t q;
	unsigned char *bin;
	size_t n, len, i;
	int seen_ubr = 0;

	(void)state;
	make_windows(dir);
	t = target_open(dir, err, sizeof err);
	assert_non_null(t);
	assert_int_equal(target_kind(t), TARGET_WINDOWS);
	h = winreg_open_config(t, "SOFTWARE", err, sizeof err);
	assert_non_null(h);
	assert_string_equal(winreg_file(h), "/WINDOWS/system32/Config/software");
	assert_false(winreg_dirty(h));
	assert_true(winreg_hive_time(h) > 0);
	/* key paths ignore case, as in Windows */
	assert_int_equal(winreg_lookup(h, 0, "microsoft\\WINDOWS NT\\currentversion", &cv), WINREG_OK);
	assert_true(cv != 0);
	assert_true(winreg_key_time(h, cv) > 1600000000);
	s = winreg_key_name(h, cv);
	assert_string_equal(s, "CurrentVersion");
	free(s);
	assert_int_equal(winreg_lookup(h, 0, "Microsoft\\Nope", &k), WINREG_ABSENT);
	assert_int_equal(k, 0);
	/* strings: REG_SZ from UTF-16LE, Japanese included, and REG_EXPAND_SZ unexpanded */
	assert_int_equal(winreg_string(h, cv, "productname", &s), WINREG_OK);
	assert_string_equal(s, "Windows 10 Pro");
	free(s);
	assert_int_equal(winreg_string(h, cv, "RegisteredOwner", &s), WINREG_OK);
	assert_string_equal(s, "テスト");
	free(s);
	assert_int_equal(winreg_string(h, cv, "PathName", &s), WINREG_OK);
	assert_string_equal(s, "%Sys%");
	free(s);
	assert_int_equal(winreg_string(h, cv, "UBR", &s), WINREG_WRONG_TYPE);
	assert_null(s);
	assert_int_equal(winreg_string(h, cv, "Missing", &s), WINREG_ABSENT);
	/* numbers and bytes */
	assert_int_equal(winreg_dword(h, cv, "UBR", &d), WINREG_OK);
	assert_int_equal(d, 3007);
	assert_int_equal(winreg_dword(h, cv, "ProductName", &d), WINREG_WRONG_TYPE);
	assert_int_equal(winreg_qword(h, cv, "Big", &q), WINREG_OK);
	assert_true(q == 0x0807060504030201ULL);
	assert_int_equal(winreg_binary(h, cv, "Blob", &bin, &len, &type), WINREG_OK);
	assert_int_equal(len, 4);
	assert_int_equal(type, 3);
	assert_memory_equal(bin, "\xde\xad\xbe\xef", 4);
	free(bin);
	assert_int_equal(winreg_multi_string(h, cv, "Multi", &multi), WINREG_OK);
	assert_string_equal(multi[0], "a");
	assert_string_equal(multi[1], "bc");
	assert_null(multi[2]);
	strv_free(multi);
	names = winreg_value_names(h, cv);
	assert_non_null(names);
	for (i = 0; names[i] != NULL; i++)
		seen_ubr |= strcmp(names[i], "UBR") == 0;
	assert_int_equal(i, 11);
	assert_true(seen_ubr);
	strv_free(names);
	/* subkeys in order, and the default value */
	k = winreg_key_at(h, "CLASSES");
	assert_true(k != 0);
	assert_int_equal(winreg_subkeys(h, k, &kids, &n), WINREG_OK);
	assert_int_equal(n, 3);
	s = winreg_key_name(h, kids[2]);
	assert_string_equal(s, "C");
	free(s);
	assert_int_equal(winreg_string(h, kids[2], "", &s), WINREG_OK);
	assert_string_equal(s, "default");
	free(s);
	free(kids);
	winreg_close(h);
	target_free(t);
	test_rmtree(dir);
	free(dir);
}

static void
test_system_and_users(void **state)
{
	char *dir = test_tmpdir(), err[512], *cs;
	struct target *t;
	struct winreg_hive *h;
	struct winreg_user *u;
	struct winreg_identity id;
	struct json *j, *w;
	size_t n;

	(void)state;
	make_windows(dir);
	t = target_open(dir, err, sizeof err);
	assert_non_null(t);
	h = winreg_open_config(t, "system", err, sizeof err);
	assert_non_null(h);
	/* the live control set is the one Select\Current names, not the first */
	cs = winreg_control_set(h, err, sizeof err);
	assert_non_null(cs);
	assert_string_equal(cs, "ControlSet002");
	free(cs);
	winreg_close(h);
	/* profiles with a hive, in name order; a link and a folder without one are not */
	assert_int_equal(winreg_users(t, &u, &n, err, sizeof err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(u[0].name, "Alice");
	assert_string_equal(u[0].hive, "/Users/Alice/NTUSER.DAT");
	assert_string_equal(u[1].name, "bob");
	assert_string_equal(u[1].hive, "/Users/bob/ntuser.dat");
	h = winreg_open(t, u[0].hive, err, sizeof err);
	assert_non_null(h);
	assert_true(winreg_key_at(h, "software\\microsoft\\windows\\currentversion\\run") != 0);
	winreg_close(h);
	winreg_users_free(u, n);
	/* identity: Windows 11 still writes "Windows 10" in ProductName */
	winreg_identity_read(t, &id);
	assert_string_equal(id.product, "Windows 11 Pro");
	assert_string_equal(id.product_name, "Windows 10 Pro");
	assert_string_equal(id.edition, "Professional");
	assert_string_equal(id.display_version, "23H2");
	assert_string_equal(id.build, "22631");
	assert_int_equal(id.ubr, 3007);
	assert_int_equal(id.install_date, 0x65a0bc00);
	assert_string_equal(id.computer_name, "LAPTOP-042");
	winreg_identity_free(&id);
	assert_string_equal(target_hostname(t), "LAPTOP-042");
	assert_string_equal(target_os(t), "Windows 11 Pro 23H2 (build 22631.3007)");
	j = target_to_json(t);
	w = json_get(j, "windows");
	assert_non_null(w);
	assert_string_equal(json_get_str(json_get(w, "install_date")), "2024-01-12T04:11:44Z");
	assert_string_equal(json_get_str(json_get(w, "control_set")), "ControlSet002");
	json_free(j);
	target_free(t);
	test_rmtree(dir);
	free(dir);
}

/* winreg_open on path must fail with an error naming the file and containing want. */
static void
expect_open_fails(const struct target *t, const char *path, const char *want)
{
	char err[512];
	struct winreg_hive *h = winreg_open(t, path, err, sizeof err);

	if (h != NULL)
		fail_msg("%s opened", path);
	if (strstr(err, want) == NULL)
		fail_msg("%s: error '%s' lacks '%s'", path, err, want);
}

static void
test_hostile(void **state)
{
	char *dir = test_tmpdir(), err[512];
	struct target *t;
	struct winreg_identity id;

	(void)state;
	make_windows(dir);
	winsh(dir,
	    "H=\"$D/$WIN_CFG\"; head -c 6000 \"$H/software\" >\"$D/trunc\" && "
	    "head -c 20000 /dev/urandom >\"$D/garbage\" && : >\"$D/empty\" && "
	    "(printf regf; head -c 9000 /dev/zero) >\"$D/zeros\" && mkfifo \"$D/fifo\" && "
	    "ln -s /etc/passwd \"$D/abs\" && ln -s ../../../../../../etc/hostname \"$D/up\" && "
	    "python3 -c 'import sys; b=bytearray(open(sys.argv[1],\"rb\").read()); "
	    "b[0x1000+0x40:0x1000+0x400]=b\"\\xff\"*0x3c0; open(sys.argv[2],\"wb\").write(b)' "
	    "\"$H/software\" \"$D/mangled\"");
	t = target_open(dir, err, sizeof err);
	assert_non_null(t);
	expect_open_fails(t, "/trunc", "/trunc: ");
	expect_open_fails(t, "/garbage", "/garbage: not a readable registry hive");
	expect_open_fails(t, "/empty", "/empty: not a readable registry hive");
	expect_open_fails(t, "/zeros", "/zeros: not a readable registry hive");
	expect_open_fails(t, "/fifo", "/fifo: not a regular file");
	expect_open_fails(t, "/abs", "/abs: ");
	expect_open_fails(t, "/up", "/up: ");
	expect_open_fails(t, "/nothere", "/nothere: not found");
	expect_open_fails(t, "/WINDOWS", "/WINDOWS: not a regular file");
	/* a damaged key list: opening may work, reads give errors, never a crash */
	{
		struct winreg_hive *h = winreg_open(t, "/mangled", err, sizeof err);

		if (h != NULL) {
			winreg_key k, *kids;
			size_t n;
			char *s;

			if (winreg_lookup(h, 0, "Microsoft\\Windows NT\\CurrentVersion", &k) == WINREG_OK)
				(void)winreg_string(h, k, "ProductName", &s), free(s);
			if (winreg_subkeys(h, winreg_root(h), &kids, &n) == WINREG_OK)
				free(kids);
			winreg_close(h);
		} else {
			assert_non_null(strstr(err, "/mangled: "));
		}
	}
	target_free(t);
	/* a Windows tree whose SOFTWARE hive is garbage: the identity says why, in notes */
	winsh(dir, "cp \"$D/garbage\" \"$D/$WIN_CFG/software\"");
	t = target_open(dir, err, sizeof err);
	assert_non_null(t);
	assert_int_equal(target_kind(t), TARGET_WINDOWS);
	winreg_identity_read(t, &id);
	assert_null(id.product);
	assert_string_equal(id.computer_name, "LAPTOP-042");
	assert_true(json_len(id.notes) >= 1);
	assert_non_null(
	    strstr(json_get_str(json_at(id.notes, 0)), "/WINDOWS/system32/Config/software: "));
	winreg_identity_free(&id);
	assert_null(target_os(t));
	target_free(t);
	test_rmtree(dir);
	free(dir);
}

static void
test_find_path(void **state)
{
	char *dir = test_tmpdir(), err[512], *p;
	struct target *t;

	(void)state;
	winsh(dir,
	    "mkdir -p \"$D/Windows/System32/drivers/ETC\" && : >\"$D/Windows/System32/drivers/ETC/hosts\"");
	t = target_open(dir, err, sizeof err);
	assert_non_null(t);
	assert_int_equal(target_kind(t), TARGET_LINUX);
	p = winreg_find_path(t, "/windows/system32/DRIVERS/etc/HOSTS");
	assert_string_equal(p, "/Windows/System32/drivers/ETC/hosts");
	free(p);
	assert_null(winreg_find_path(t, "/windows/../windows/system32"));
	assert_null(winreg_find_path(t, "/windows/system64"));
	target_free(t);
	test_rmtree(dir);
	free(dir);
}

static void
test_filetime(void **state)
{
	(void)state;
	assert_int_equal(winreg_filetime(116444736000000000ULL + 10000000ULL), 1);
	assert_int_equal(winreg_filetime(0), (time_t)-1);
	assert_int_equal(winreg_filetime(1), (time_t)-1);
	assert_int_equal(winreg_filetime(UINT64_MAX), (time_t)-1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_system_and_users),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_find_path),
		cmocka_unit_test(test_filetime),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
