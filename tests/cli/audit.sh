# audit.sh: `reentry audit` on a directory of reports: the hash chain names
# every deleted, reordered, replaced or altered report; summary and CSV.
. "$TOP/tests/lib.sh"

cd "$TMP" || exit 1
mkdir root
printf 'state_dir: %s/state\n' "$TMP" >cfg.yaml
"$REENTRY" keygen --identity desk@example.jp key >kg.out || exit 1
grep '^desk@example.jp namespaces=' kg.out >allowed
cat >staff.yaml <<'A'
operator: "佐藤 花子"
role: management
answers:
  "3-2": yes
  "4-5": {answer: no, note: "training not done yet"}
A
cat >it.yaml <<'A'
operator: "tanaka"
role: management
answers:
  "3-2": yes
  "3-3": yes
  "3-4": "n/a"
  "4-2": yes
  "4-4": yes
  "4-5": yes
  "3-1": yes
  "4-1": yes
A
for i in 1 2 3 4 5; do
	if [ $i -eq 3 ]; then a=it.yaml; else a=staff.yaml; fi
	"$REENTRY" run --root root --answers $a --out rep --key key --config cfg.yaml >/dev/null 2>&1
done
n=$(ls rep/*.json | wc -l)
expect_eq "five reports written" "$n" "5"
expect_eq "sequence numbers 1..5 in name order" \
	"$(for f in rep/*.json; do python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["chain"]["sequence"])' "$f"; done | tr '\n' ' ')" "1 2 3 4 5 "
set -- rep/*.json
r1=$(basename "$1" .json) r2=$(basename "$2" .json) r3=$(basename "$3" .json) r4=$(basename "$4" .json) r5=$(basename "$5" .json)
expect_eq "report 2 links to report 1" \
	"$(python3 -c 'import json,sys; p=json.load(open(sys.argv[1]))["chain"]["previous"]; print(p["report"], p["sha256"])' "rep/$r2.json")" \
	"$r1.json $(sha256sum "rep/$r1.json" | cut -d' ' -f1)"

# reports 1, 2, 4 and 5 failed (4-5 answered no): audit says so and exits 1
expect_exit 1 "an intact directory with failed reports exits 1" "$REENTRY" audit --allowed-signers allowed rep
expect_grep "5 reports verified" "^5 reports, 5 verified against the allowed signers" "$TMP/out"
expect_grep "the closing line counts the failed reports" "^4 reports with verdict FAIL" "$TMP/out"
expect_grep "and names each" "^  $r1.json: " "$TMP/out"
expect_grep "the chain itself is sound" "^no problems found" "$TMP/out"
expect_eq "each failed report is a row of its own, never folded" \
	"$(grep -c '佐藤 花子 .* fail ' "$TMP/out")" 4
expect_exit 0 "an intact directory audits clean with --summary-only" \
	"$REENTRY" audit --summary-only --allowed-signers allowed rep
# a line ssh-keygen would refuse is named once, and the good line still counts
{ sed 's/namespaces=/valid-befor="20990101",namespaces=/' allowed; cat allowed; } >allowed2
expect_exit 0 "a refused allowed-signers line does not hide the good one" "$REENTRY" audit --summary-only --allowed-signers allowed2 rep
expect_grep "the refused line is named once with its number" 'allowed signers: allowed2:1: line ignored: unknown option "valid-befor"' "$TMP/err"
expect_eq "only once for the five reports" "$(grep -c 'line ignored' "$TMP/err")" "1"
expect_grep "summary row for the first operator" "佐藤 花子 +[0-9T:Z-]+ +fail +1" "$TMP/out"
expect_grep "summary row for the second operator" "tanaka +[0-9T:Z-]+ +(pass|incomplete) +0" "$TMP/out"
expect_exit 1 "audit --csv: failed reports, exit 1" "$REENTRY" audit --csv rep
expect_grep "the failures are counted on stderr" "^4 reports with verdict FAIL" "$TMP/err"
expect_eq "CSV has a header and 5 rows" "$(wc -l <"$TMP/out")" "6"
expect_eq "CSV rows have 31 fields" "$(python3 -c 'import csv,sys; print(set(len(r) for r in csv.reader(open(sys.argv[1],newline=""))))' "$TMP/out")" "{31}"
expect_grep "CSV row names failed item 4-5" "^$r1.json,good,.*,fail,.*,4-5," "$TMP/out"

fresh() { rm -rf d; cp -a rep d; }

# deleted: a middle report with everything beside it
fresh; rm d/$r3.*
expect_exit 1 "deleting a report is caught" "$REENTRY" audit d
expect_grep "names the gap" "sequence 3\.\.3 between $r2.json and $r4.json is missing" "$TMP/out"
expect_grep "names the deleted file" "$r4.json: its previous report $r3.json is missing" "$TMP/out"
# deleted: only the JSON, its signature left
fresh; rm d/$r3.json
expect_exit 1 "deleting only the JSON is caught" "$REENTRY" audit d
expect_grep "names it through its leftovers" "$r3.json: is missing \(deleted\?\) but its $r3.json.sig remains" "$TMP/out"
# deleted: the first report
fresh; rm d/$r1.*
expect_exit 1 "deleting the first report is caught" "$REENTRY" audit d
expect_grep "names the missing first report" "$r2.json: has sequence 2, so report 1\.\.1 before it is missing" "$TMP/out"

# reordered: two reports swap names (with their signatures)
fresh
for s in json json.sig html txt; do mv d/$r2.$s d/tmp.$s; mv d/$r4.$s d/$r2.$s; mv d/tmp.$s d/$r4.$s; done
expect_exit 1 "swapping two reports is caught" "$REENTRY" audit d
expect_grep "names the swapped file" "$r2.json: holds report $r4 " "$TMP/out"
expect_grep "names the other one" "$r4.json: holds report $r2 " "$TMP/out"
expect_grep "says they were reordered" "reordered" "$TMP/out"

# altered: one byte changed in a report
fresh
python3 -c 'import sys; p=sys.argv[1]; b=bytearray(open(p,"rb").read()); i=b.index(b"\"operator\"")+14; b[i]^=1; open(p,"wb").write(b)' d/$r3.json
expect_exit 1 "an edited report is caught" "$REENTRY" audit d
expect_grep "names the edited report" "$r3.json: bad signature" "$TMP/out"

# replaced: edited and signed again by the same key; the chain still catches it
fresh
python3 - d/$r3.json <<'P'
import json, sys
p = sys.argv[1]
t = open(p, encoding="utf-8").read().replace('"operator": "tanaka"', '"operator": "someone else"')
open(p, "w", encoding="utf-8").write(t)
P
rm d/$r3.json.sig
ssh-keygen -Y sign -f key -n reentry-report d/$r3.json >/dev/null 2>&1
expect_exit 0 "the re-signed report verifies by itself" "$REENTRY" verify d/$r3.json
expect_exit 1 "a replaced report is caught by the chain" "$REENTRY" audit --allowed-signers allowed d
expect_grep "names the replaced report" "$r3.json: was replaced or altered after $r4.json was written" "$TMP/out"
# replaced: a signature by another key
fresh
ssh-keygen -q -t ed25519 -N '' -f other
rm d/$r2.json.sig
ssh-keygen -Y sign -f other -n reentry-report d/$r2.json >/dev/null 2>&1
expect_exit 1 "a report signed again by another key is caught" "$REENTRY" audit --allowed-signers allowed d
expect_grep "names it (signer mismatch)" "$r2.json: signed by SHA256:[^ ]+, but the report names signer" "$TMP/out"
expect_grep "the chain names the new signature" "$r2.json.sig: the signature was replaced after $r3.json was written" "$TMP/out"
# a report copied over another one
fresh
cp d/$r2.json d/$r4.json; cp d/$r2.json.sig d/$r4.json.sig
expect_exit 1 "a report copied over another is caught" "$REENTRY" audit d
expect_grep "names the duplicate sequence" "both have sequence 2" "$TMP/out"

expect_exit 2 "a missing directory is unreadable" "$REENTRY" audit "$TMP/none"
expect_exit 2 "a missing allowed-signers file is an error" "$REENTRY" audit --allowed-signers "$TMP/none" rep
no_raw_escapes "audit output has no raw control bytes" "$TMP/out"

# the closing line says what was and was not established
mkdir -p good
"$REENTRY" run --root root --answers it.yaml --out good --key key --config cfg.yaml >/dev/null 2>&1
expect_exit 0 "audit of a clean directory without allowed signers" "$REENTRY" audit good
expect_grep "lists the signer's fingerprint" "^  SHA256:[A-Za-z0-9+/]+  1 report$" "$TMP/out"
expect_grep "says who signed was not established" "NOT established: who signed" "$TMP/out"
expect_grep "never claims the chain is complete after the newest report" "NOT established: that nothing came after the newest report" "$TMP/out"
expect_nogrep "no 'chain is complete' claim" "chain is complete" "$TMP/out"

# a report re-signed by another key in the chain is flagged, and named
"$REENTRY" keygen --identity other@example.jp key2 >/dev/null
"$REENTRY" run --root root --answers it.yaml --out good --key key --config cfg.yaml >/dev/null 2>&1
last=$(ls good/*.json | tail -n 1)
rm -f "$last.sig"
ssh-keygen -q -Y sign -f key2 -n reentry-report "$last" </dev/null 2>/dev/null
expect_exit 1 "audit flags a signer change within the chain" "$REENTRY" audit good
expect_grep "names the change" "the signer changed within the chain" "$TMP/out"
expect_grep "lists both signers" "SHA256:.*1 report" "$TMP/out"

# file names out of order (two desks in one second, a skewed clock) are not an alarm by themselves
mkdir -p skew
"$REENTRY" run --root root --answers it.yaml --out skew --key key --config cfg.yaml >/dev/null 2>&1
"$REENTRY" run --root root --answers it.yaml --out skew --key key --config cfg.yaml >/dev/null 2>&1
set -- skew/*.json
b=$(basename "$2" .json)
# the second report as if its clock were a year behind: rename it (with its files) to an earlier stamp and fix its id
nb="20000101T000000Z-${b#*Z-}"
python3 - "$2" "skew/$nb.json" "$b" "$nb" <<'P'
import json, sys
d = json.load(open(sys.argv[1]))
d["report_id"] = sys.argv[4]
open(sys.argv[2], "w").write(json.dumps(d, indent=2, ensure_ascii=False) + "\n")
P
rm -f "$2" "$2.sig" "skew/$b.html" "skew/$b.txt"
ssh-keygen -q -Y sign -f key -n reentry-report "skew/$nb.json" </dev/null 2>/dev/null
"$REENTRY" audit skew >"$TMP/out" 2>"$TMP/err"
expect_nogrep "a report sorting before its predecessor is not called reordered" "reordered or renamed" "$TMP/out"

# CSV cells: control bytes escaped as in the table, formulas defused
cat >evil.yaml <<'A'
operator: "=cmd|' /C calc'!A0\u001b]0;pwn\u0007"
role: management
answers:
  "3-2": yes
A
mkdir -p evil
"$REENTRY" run --root root --answers evil.yaml --out evil --key key --config cfg.yaml >/dev/null 2>&1
expect_exit 0 "audit --csv of a hostile operator name" "$REENTRY" audit --csv evil
tr -d '\r' <"$TMP/out" >"$TMP/csv-nocr" # CRLF ends each row by design
no_raw_escapes "no raw control bytes in the CSV" "$TMP/csv-nocr"
expect_grep "the escape is shown as the table shows it" '\\x1b\]0;pwn\\x07' "$TMP/out"
expect_grep "the formula cell is defused" "'=cmd" "$TMP/out"
