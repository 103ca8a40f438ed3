# audit_filters.sh: `reentry audit --since --until --verdict --device` (issue 13)
# choose which good reports are listed, summarised and counted as FAIL, while
# every report is still verified and the chain checked; bad dates and verdicts
# are usage errors (exit 2). A report whose run used the head file continues
# the chain, and a head file that no longer matches the directory is ignored.
. "$TOP/tests/lib.sh"
export TZ=UTC

cd "$TMP" || exit 1
printf 'state_dir: %s/state\n' "$TMP" >cfg.yaml
"$REENTRY" keygen --identity desk@example.jp key >kg.out 2>&1 || exit 1
grep '^desk@example.jp namespaces=' kg.out >allowed
CL="$TOP/jnsa-checklist.yaml"
mkdir -p alpha/etc beta/etc
echo alpha-pc >alpha/etc/hostname
echo beta-pc >beta/etc/hostname
cat >pass.yaml <<'A'
operator: "山田 太郎"
role: management
answers:
  "3-1": {answer: yes, note: "棚卸し済み"}
  "3-2": yes
  "3-3": yes
  "3-4": "n/a"
  "4-1": yes
  "4-2": yes
  "4-4": yes
  "4-5": yes
A
sed 's/"4-5": yes/"4-5": no/' pass.yaml >fail.yaml
run() { "$REENTRY" run --checklist "$CL" --config cfg.yaml --key key --out rep "$@" >/dev/null 2>&1; }
run --root alpha --answers pass.yaml
run --root alpha --answers fail.yaml
run --root beta --answers pass.yaml
expect_eq "three reports written" "$(ls rep/*.json | wc -l | tr -d ' ')" 3
expect_eq "the head file names the newest" "$(cut -d' ' -f3,4 rep/.reentry.head)" "3 3"
expect_eq "the chain runs 1, 2, 3" \
	"$(for f in rep/*.json; do python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["chain"]["sequence"])' "$f"; done | sort | tr '\n' ' ')" "1 2 3 "

csvcount() { "$REENTRY" audit --csv --allowed-signers allowed "$@" rep 2>/dev/null | tail -n +2 | wc -l | tr -d ' '; }
expect_eq "without a filter: 3 rows" "$(csvcount)" 3
expect_eq "--verdict fail: 1 row" "$(csvcount --verdict fail)" 1
expect_eq "--verdict pass: 2 rows" "$(csvcount --verdict pass)" 2
expect_eq "--device alpha-pc: 2 rows" "$(csvcount --device alpha-pc)" 2
expect_eq "--device beta-pc --verdict pass: 1 row" "$(csvcount --device beta-pc --verdict pass)" 1
expect_eq "--device of nobody: 0 rows" "$(csvcount --device gamma-pc)" 0
today=$(date -u +%Y-%m-%d)
expect_eq "--since today: all 3" "$(csvcount --since "$today")" 3
expect_eq "--until today (through its last second): all 3" "$(csvcount --until "$today")" 3
expect_eq "--until 2000-01-01: none" "$(csvcount --until 2000-01-01)" 0
expect_eq "--since 2099-01-01T00:00:00Z: none" "$(csvcount --since 2099-01-01T00:00:00Z)" 0
expect_exit 0 "--verdict pass: exit 0 (the failed report is not selected)" \
	"$REENTRY" audit --verdict pass --allowed-signers allowed rep
expect_exit 1 "--device alpha-pc: exit 1 (its failed report)" \
	"$REENTRY" audit --device alpha-pc --allowed-signers allowed rep
"$REENTRY" audit --device beta-pc --allowed-signers allowed rep >out 2>&1
expect_grep "the table says how many matched" "^1 report match the filters" out
expect_grep "and lists only beta-pc" "^beta-pc" out
expect_nogrep "not alpha-pc" "^alpha-pc" out
expect_exit 2 "a malformed --since is a usage error" "$REENTRY" audit --since yesterday rep
expect_exit 2 "a malformed --until is a usage error" "$REENTRY" audit --until 2026-1-1 rep
expect_exit 2 "an unknown --verdict is a usage error" "$REENTRY" audit --verdict maybe rep

# a filter never hides a bad report: an altered one is named whatever the filter
cp -r rep bad
f=$(ls bad/*.json | head -1)
sed -i 's/"山田 太郎"/"山田 次郎"/' "$f"
expect_exit 1 "an altered report is named with --verdict pass" \
	"$REENTRY" audit --verdict pass --allowed-signers allowed bad
"$REENTRY" audit --verdict pass --allowed-signers allowed bad >out 2>&1
expect_grep "... as a bad signature" "bad signature" out

# run trusts a head whose directory has not changed since without listing the directory
if command -v strace >/dev/null 2>&1; then
	strace -f -e trace=getdents64,openat -o trace.out "$REENTRY" run --checklist "$CL" --config cfg.yaml --key key \
		--out rep --root beta --answers pass.yaml >/dev/null 2>&1
	dirfd=$(grep -E 'openat\(.*["/]rep", O_RDONLY\|O_NONBLOCK\|O_CLOEXEC\|O_DIRECTORY' trace.out | grep -c .)
	expect_eq "with a head file run never lists the report directory" "$dirfd" 0
	expect_eq "and opens one report of the three" "$(grep -cE 'openat\(.*["/]rep/[^"]*\.json", O_RDONLY' trace.out)" 1
else
	ok "strace is not installed # SKIP the listing is not traced"
	ok "strace is not installed # SKIP"
fi
expect_eq "the head file names the fourth" "$(cut -d' ' -f3,4 rep/.reentry.head)" "4 4"
# a head file that no longer matches (a report added behind its back) is not believed
printf 'reentry-head 2 1 1 0 0 %s %s %s\n' \
	"$(sha256sum <"$(ls rep/*.json | head -1)" | cut -d' ' -f1)" \
	"$(sha256sum <"$(ls rep/*.json | head -1).sig" | cut -d' ' -f1)" \
	"$(basename "$(ls rep/*.json | head -1)")" >rep/.reentry.head
run --root beta --answers pass.yaml
expect_eq "a stale head file: the next report still gets sequence 5" \
	"$(python3 -c 'import json,sys; print(max(json.load(open(p))["chain"]["sequence"] for p in sys.argv[1:]))' rep/*.json)" 5
expect_exit 0 "and the chain is whole" "$REENTRY" audit --summary-only --allowed-signers allowed rep

# the newest report removed behind the head's back: the count differs, so every report is read
newest=$(python3 -c 'import json,sys; print(max(sys.argv[1:], key=lambda p: json.load(open(p))["chain"]["sequence"]))' rep/*.json)
mkdir -p aside && mv "$newest" "$newest.sig" aside/
run --root beta --answers pass.yaml
expect_eq "a report removed after the head: the next one is numbered from what is there" \
	"$(python3 -c 'import json,sys; print(sorted(json.load(open(p))["chain"]["sequence"] for p in sys.argv[1:])[-2:])' rep/*.json)" "[4, 5]"
