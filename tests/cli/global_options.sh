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

# --state-dir, --checklist, --root, --out and --key before the command, for a command that
# takes them; the command's own option wins; a command that does not take one refuses it
cd "$TMP" || exit 1
printf 'state_dir: %s/state\n' "$TMP" >cfg.yaml
"$REENTRY" keygen --identity desk@example.jp key >/dev/null || exit 1
"$REENTRY" keygen --identity other@example.jp key2 >/dev/null || exit 1
mkdir -p root/etc other/etc
echo globalhost >root/etc/hostname
echo otherhost >other/etc/hostname
cat >answers.yaml <<'A'
operator: "Ito"
role: management
answers:
  "3-1": yes
  "3-2": yes
  "3-3": yes
  "3-4": yes
  "4-1": yes
  "4-2": yes
  "4-4": yes
  "4-5": yes
A
expect_exit 0 "--checklist, --root, --out and --key before run" \
	"$REENTRY" --config cfg.yaml --checklist "$TOP/jnsa-checklist.yaml" --root root --out rep --key key \
	run --answers answers.yaml
rep=$(ls rep/*.json 2>/dev/null | head -1)
expect_eq "the report went to --out" "$(ls rep/*.json 2>/dev/null | wc -l)" "1"
expect_grep "the host came from --root" '"globalhost"' "$rep"
expect_exit 0 "the report is signed with --key" "$REENTRY" verify "$rep"
expect_grep "the signer is that key's" "$(ssh-keygen -lf key.pub | cut -d' ' -f2 | sed 's|[+/]|.|g')" "$TMP/out"
expect_exit 0 "the command's own --root and --out win over the global ones" \
	"$REENTRY" --config cfg.yaml --root root --out rep --key key run --root other --out rep2 --answers answers.yaml
expect_grep "the host came from the command's --root" '"otherhost"' "$(ls rep2/*.json | head -1)"
expect_eq "nothing more in the global --out" "$(ls rep/*.json | wc -l)" "1"
expect_exit 0 "the command's own --key wins" \
	"$REENTRY" --config cfg.yaml --key key run --key key2 --root root --out rep3 --answers answers.yaml
expect_exit 0 "verify the report signed with the command's key" "$REENTRY" verify "$(ls rep3/*.json | head -1)"
expect_grep "signed by key2" "$(ssh-keygen -lf key2.pub | cut -d' ' -f2 | sed 's|[+/]|.|g')" "$TMP/out"
expect_exit 2 "--checklist before list is the one loaded" "$REENTRY" --checklist "$TMP/none.yaml" list
expect_grep "it names the missing checklist" "none.yaml" "$TMP/err"
expect_exit 0 "the command's own --checklist wins" "$REENTRY" --checklist "$TMP/none.yaml" list --checklist "$TOP/jnsa-checklist.yaml"
expect_exit 2 "--root before a command that takes none is refused" "$REENTRY" --root root list
expect_grep "named" "--root does not apply to 'list'" "$TMP/err"
expect_exit 2 "--state-dir before tui: a missing value is named" "$REENTRY" --state-dir
expect_grep "it says a value is missing" "needs a value" "$TMP/err"
mkdir -p sd
expect_exit 2 "--state-dir before check is refused (check keeps no state)" "$REENTRY" --state-dir sd check os-updates
expect_grep "named" "--state-dir does not apply to 'check'" "$TMP/err"
