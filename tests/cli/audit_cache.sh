# audit_cache.sh: `reentry audit` keeps what depends only on a report's bytes
# (signature, schema, the slim document) in the state directory's
# audit-cache/ (issue 13). A report changed after it was cached fails as
# before; the allowed signers are checked every time; a cache that is
# corrupt, truncated, edited or writable by others is not believed and is
# written again; --no-cache and a machine without a state directory use none.
. "$TOP/tests/lib.sh"

cd "$TMP" || exit 1
mkdir root
printf 'state_dir: %s/state\n' "$TMP" >cfg.yaml
"$REENTRY" keygen --identity desk@example.jp key >kg.out || exit 1
grep '^desk@example.jp namespaces=' kg.out >allowed
"$REENTRY" keygen --identity other@example.jp key2 >kg2.out || exit 1
grep '^other@example.jp namespaces=' kg2.out >allowed_other
cat >it.yaml <<'A'
operator: "tanaka"
role: management
answers: {"3-1": yes, "3-2": yes, "3-3": yes, "3-4": "n/a", "4-1": yes, "4-2": yes, "4-4": yes, "4-5": yes}
A
for _ in 1 2 3 4; do
	"$REENTRY" run --root root --answers it.yaml --out rep --key key --config cfg.yaml >/dev/null 2>&1
done
expect_eq "four reports written" "$(ls rep/*.json | wc -l)" "4"
set -- rep/*.json
r2=$(basename "$2" .json)
audit() { "$REENTRY" audit --config cfg.yaml --allowed-signers allowed "$@" rep; }
CACHED='byte for byte as an earlier audit verified them'

expect_exit 0 "the first audit verifies every report" audit
expect_nogrep "nothing is taken from a cache yet" "$CACHED" "$TMP/out"
cp "$TMP/out" first.out
c=$(ls state/audit-cache/*.cache 2>/dev/null)
expect_eq "it writes one cache file in the state directory" "$(echo "$c" | grep -c .)" "1"
expect_eq "mode 0600, in a 0700 directory" "$(stat -c %a "$c") $(stat -c %a state/audit-cache)" "600 700"
expect_eq "a header and one line per report" "$(head -1 "$c" | cut -d' ' -f1,2) $(($(wc -l <"$c") - 1))" "reentry-audit-cache 1 4"
expect_grep "a line is keyed by the report's SHA-256 and its signature's" \
	"^$(sha256sum "rep/$r2.json" | cut -d' ' -f1) $(sha256sum "rep/$r2.json.sig" | cut -d' ' -f1) [0-9a-f]{64} \{" "$c"

expect_exit 0 "the second audit" audit
expect_grep "takes all four from the cache" "^4 of them $CACHED" "$TMP/out"
expect_eq "and says the same as the first otherwise" "$(grep -v "$CACHED" "$TMP/out")" "$(cat first.out)"
before=$(sha256sum "$c")
expect_exit 0 "--no-cache" audit --no-cache
expect_nogrep "takes nothing from the cache" "$CACHED" "$TMP/out"
expect_eq "an unchanged cache is not written again" "$(sha256sum "$c")" "$before"

# the key is still checked against the allowed signers, cached or not
expect_exit 1 "a key the allowed signers do not list" "$REENTRY" audit --config cfg.yaml --allowed-signers allowed_other rep
expect_grep "is refused for a cached report too" "$r2.json: signing key SHA256:[^ ]+ is not allowed" "$TMP/out"
expect_grep "(those reports were cached)" "^4 of them $CACHED" "$TMP/out"

# a report changed after it was cached
cp "rep/$r2.json" r2.orig
sed -i 's/"operator": "tanaka"/"operator": "tanakb"/' "rep/$r2.json"
expect_exit 1 "a report changed after it was cached fails" audit
expect_grep "with a bad signature" "$r2.json: bad signature" "$TMP/out"
expect_grep "the other three are still taken from the cache" "^3 of them $CACHED" "$TMP/out"
expect_exit 1 "and fails again on the next audit" audit
expect_grep "(bad signature again)" "$r2.json: bad signature" "$TMP/out"
cp r2.orig "rep/$r2.json"
expect_exit 0 "put back, it verifies in full" audit
expect_grep "(three from the cache)" "^3 of them $CACHED" "$TMP/out"
expect_exit 0 "and is cached again" audit
expect_grep "(four from the cache)" "^4 of them $CACHED" "$TMP/out"

# a cache line edited without its line's SHA-256: not believed, the report verified in full
sed -i 's/"result":"pass"/"result":"fail"/' "$c"
expect_eq "(the edit made four lines say fail)" "$(grep -c '"result":"fail"' "$c")" "4"
expect_exit 0 "an edited cache line" audit
expect_nogrep "is not believed: no report is taken from it" "$CACHED" "$TMP/out"
expect_grep "the verdicts are the reports' own" "^0 reports with verdict FAIL" "$TMP/out"
expect_eq "the cache is written again without the edit" "$(grep -c '"result":"fail"' "$c")" "0"

# corrupt, truncated, or writable by others: ignored and written again
printf 'garbage\n\001\002' >"$c"
expect_exit 0 "a corrupt cache file" audit
expect_nogrep "is ignored" "$CACHED" "$TMP/out"
expect_eq "and written again" "$(head -1 "$c" | cut -d' ' -f1,2) $(($(wc -l <"$c") - 1))" "reentry-audit-cache 1 4"
head -c 3000 "$c" >c.half
cat c.half >"$c"
expect_exit 0 "a truncated cache file" audit
expect_nogrep "is not believed for the report it cut" "^4 of them $CACHED" "$TMP/out"
expect_eq "and written again whole" "$(($(wc -l <"$c") - 1))" "4"
sed -i '1s/ 1 / 2 /' "$c"
expect_exit 0 "a cache of another format version" audit
expect_nogrep "is ignored" "$CACHED" "$TMP/out"
chmod 0664 "$c"
expect_exit 0 "a cache file others may write" audit
expect_nogrep "is ignored" "$CACHED" "$TMP/out"
expect_eq "and replaced by one only we may write" "$(stat -c %a "$c")" "600"
rm -f "$c"
cp first.out target
was=$(sha256sum <target)
ln -s "$TMP/target" "$c"
expect_exit 0 "a symbolic link in the cache's place" audit
expect_nogrep "is not followed" "$CACHED" "$TMP/out"
expect_eq "the file it pointed at is untouched" "$(sha256sum <target)" "$was"
expect_eq "and a cache file takes the link's place" "$(stat -c %F "$c")" "regular file"

# the directory of caches keeps the 8 most recently written, and drops what a killed audit left
i=0
while [ $i -lt 9 ]; do
	echo old >"state/audit-cache/old$i.cache"
	touch -d "$((i + 2)) days ago" "state/audit-cache/old$i.cache"
	i=$((i + 1))
done
echo partial >state/audit-cache/x.cache.tmp.AbC123
touch -d '2 days ago' state/audit-cache/x.cache.tmp.AbC123
echo partial >state/audit-cache/x.cache.tmp.DeF456
rm -f "$c"
expect_exit 0 "an audit that writes its cache" audit
expect_eq "keeps 8 caches, its own among them" "$(ls state/audit-cache/*.cache | wc -l) $(test -f "$c" && echo ours)" "8 ours"
expect_eq "the oldest two are the ones removed" "$(ls state/audit-cache/ | grep -c '^old[78]\.cache$')" "0"
expect_eq "a temporary file older than a day is removed, a new one kept" \
	"$(ls state/audit-cache/ | grep '\.tmp\.' | tr '\n' ' ')" "x.cache.tmp.DeF456 "

# no state directory configured and none made: audit makes none and keeps no cache
mkdir xdg
XDG_STATE_HOME="$TMP/xdg" HOME="$TMP" "$REENTRY" audit --allowed-signers allowed rep >out2 2>&1
expect_eq "no state directory: nothing written" "$(find xdg -mindepth 1 | wc -l)" "0"
expect_nogrep "and no cache used" "$CACHED" out2
echo "1..$_n"
