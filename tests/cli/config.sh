# config.sh: the site configuration through the command line.
. "$TOP/tests/lib.sh"

printf 'telework_start: 2026-04-01\norg_domains: [example.co.jp]\n' >"$TMP/good.yaml"
expect_exit 0 "validate --config accepts a good configuration" "$REENTRY" validate --config "$TMP/good.yaml"
expect_grep "says the configuration is valid" "good.yaml: valid configuration" "$TMP/out"

printf 'report_dir: /tmp\nscan:\n  jobs: many\n' >"$TMP/bad.yaml"
expect_exit 2 "validate --config rejects a bad value" "$REENTRY" validate --config "$TMP/bad.yaml"
expect_grep "the error names file, line and column" "bad.yaml:3:9: jobs must be a whole number" "$TMP/out"

expect_exit 2 "check refuses to run with a bad configuration" "$REENTRY" check --config "$TMP/bad.yaml"
expect_grep "and says why on stderr" "bad.yaml:3:9:" "$TMP/err"

expect_exit 2 "a missing --config file is an error" "$REENTRY" check --config "$TMP/missing.yaml"
expect_grep "naming the file" "missing.yaml: No such file" "$TMP/err"

evil="$TMP/$(printf 'e\033[31mvil\nname').yaml"
printf 'colour: red\n' >"$evil"
expect_exit 2 "an unknown key is an error" "$REENTRY" validate --config "$evil"
no_raw_escapes "a hostile file name is not echoed raw" "$TMP/out"
expect_grep "the escape is shown as text" 'e\\x1b\[31mvil\\nname.yaml:1:1: unknown key' "$TMP/out"
