# checklist.sh: `reentry validate` and `reentry list` on the bundled checklist
# and on broken files.
. "$TOP/tests/lib.sh"

expect_exit 0 "validate accepts the bundled checklist" "$REENTRY" validate "$TOP/jnsa-checklist.yaml"
expect_grep "validate reports 4 categories and 24 items" "4 categories, 24 items" "$TMP/out"

expect_exit 0 "list --json runs" "$REENTRY" list --json --checklist "$TOP/jnsa-checklist.yaml"
cp "$TMP/out" "$TMP/list.json"
counts=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); c=d["categories"]; print(len(c), sum(len(x["items"]) for x in c), all(i["title"]["ja"] and i["title"]["en"] for x in c for i in x["items"]))' "$TMP/list.json")
expect_eq "list --json has 4 categories, 24 items, both languages" "$counts" "4 24 True"
# folding (>-) joins lines with a space, which shows as a stray space in Japanese
if grep -nE '^ *ja: *[>|]' "$TOP/jnsa-checklist.yaml" >"$TMP/folded"; then
	notok "no Japanese text in the bundled checklist is a folded or block scalar" "$(cat "$TMP/folded")"
else
	ok "no Japanese text in the bundled checklist is a folded or block scalar"
fi

expect_exit 0 "list in Japanese" "$REENTRY" list --lang ja
expect_grep "Japanese category title" "停止したシステムの再稼働における注意事項" "$TMP/out"
expect_exit 0 "list follows LANG=ja_JP" env -u LC_ALL LANG=ja_JP.UTF-8 "$REENTRY" list
expect_grep "LANG=ja gives Japanese" "テレワークで社外に持ち出した機器" "$TMP/out"
LC_ALL=en_US.UTF-8 expect_exit 0 "list follows LC_ALL=en_US" "$REENTRY" list
expect_grep "LC_ALL=en gives English" "Reconnecting devices taken off-site" "$TMP/out"

printf 'checklist: [\n' >"$TMP/broken.yaml"
expect_exit 2 "validate rejects a syntax error" "$REENTRY" validate "$TMP/broken.yaml"
expect_grep "syntax error names file:line:col" "broken.yaml:[0-9]+:[0-9]+: " "$TMP/out"

expect_exit 2 "validate rejects a missing file" "$REENTRY" validate "$TMP/nope.yaml"
expect_exit 2 "unknown command is a usage error" "$REENTRY" frobnicate
expect_exit 0 "--help" "$REENTRY" --help
expect_exit 0 "validate --help" "$REENTRY" validate --help
expect_exit 0 "list --version" "$REENTRY" list --version
expect_grep "version string" "^reentry [0-9]" "$TMP/out"
