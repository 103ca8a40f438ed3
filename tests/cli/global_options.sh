# global_options.sh: options before the command (reentry --lang ja CMD, --config FILE CMD)
# set what the command uses; the command's own option wins; bad values are usage errors.
. "$TOP/tests/lib.sh"

expect_exit 0 "--lang ja before the command" env LC_ALL=C.UTF-8 "$REENTRY" --lang ja list
expect_grep "the command speaks Japanese" "停止したシステムの再稼働における注意事項" "$TMP/out"
expect_exit 0 "--lang=ja before the command" env LC_ALL=C.UTF-8 "$REENTRY" --lang=ja list
expect_grep "the = form works too" "停止したシステムの再稼働における注意事項" "$TMP/out"
expect_exit 0 "the command's own --lang wins" env LC_ALL=C.UTF-8 "$REENTRY" --lang ja list --lang en
expect_grep "English from the command's option" "Reconnecting devices taken off-site" "$TMP/out"
expect_nogrep "no Japanese then" "停止したシステム" "$TMP/out"
expect_exit 2 "--lang with a bad value" "$REENTRY" --lang xx list
expect_grep "the bad value is named" "'xx' is not a language" "$TMP/err"
expect_exit 2 "--lang without a value" "$REENTRY" --lang
expect_grep "it says a value is missing" "needs a value" "$TMP/err"

printf 'report_dir: [\n' >"$TMP/bad.yaml"
expect_exit 2 "--config before the command is the one loaded" "$REENTRY" --config "$TMP/bad.yaml" check os-updates --root "$TMP"
expect_grep "the configuration's error names the file" "bad.yaml:[0-9]+" "$TMP/err"
expect_exit 2 "an unknown option before the command is still an error" "$REENTRY" --frobnicate list
expect_grep "named" "unknown command '--frobnicate'" "$TMP/err"
