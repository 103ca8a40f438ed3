# report_decisions.sh: how each item was decided reaches the signed report
# (issue 11): an item left at needs-attention, a warning IT accepted and an
# undetermined check IT stood in for are recorded with their outcome, basis
# and check status, counted in the verdict, shown in verify, the text and the
# HTML copies and counted by audit, and such reports verify. A version 1
# report (stored, written before the basis existed) still verifies.
. "$TOP/tests/lib.sh"
export TZ=UTC

cd "$TMP" || exit 1
# a root whose dpkg log shows a remote-desktop client installed during
# telework: new-software warns, so item 2-4 needs attention unless IT accepts it
mkdir -p root/var/log
echo "2026-05-01 08:00:00 install remmina:amd64 <none> 1.4.35-1" >root/var/log/dpkg.log
printf 'state_dir: %s/state\ntelework_start: 2026-03-01\n' "$TMP" >cfg.yaml
"$REENTRY" keygen --identity desk@example.jp key >kg.out 2>&1 || exit 1
grep '^desk@example.jp namespaces=' kg.out >allowed

# j FILE EXPR: a value from a JSON file (python3 expression over r)
j() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }
item() { j "$1" "[(i['outcome'], i['basis'], i['check_status'], i['checks_ran']) for i in r['items'] if i['id']=='$2'][0]"; }

# 1. nobody accepts the warning: 2-4 needs attention; 4-6 (disk encryption,
# undetermined here) is confirmed by IT with a note
cat >attn.yaml <<'A'
operator: "山田 太郎"
role: it
answers:
  "3-2": yes
  "4-6": {answer: yes, note: "BitLocker 相当の暗号化を管理画面で確認"}
A
expect_exit 1 "run with a warning nobody accepted (verdict fail: other checks fail here)" \
	"$REENTRY" run --root root --answers attn.yaml --out rep --key key --config cfg.yaml
r=$(ls rep/*.json)
expect_eq "2-4 is needs-attention with the warning recorded" "$(item "$r" 2-4)" "('needs-attention', None, 'warn', True)"
expect_eq "4-6 passed by a person over an undetermined check" "$(item "$r" 4-6)" \
	"('passed', 'person-over-undetermined-check', 'unknown', True)"
expect_eq "schema version 3" "$(j "$r" "r['schema_version']")" "3"
expect_eq "the verdict counts attention and stood_in" \
	"$(j "$r" "(r['verdict']['attention'], r['verdict']['stood_in'])")" "(1, 1)"
expect_eq "automatic + answered + undetermined + attention = total" \
	"$(j "$r" "(lambda v: v['automatic']+v['answered']+v['undetermined']+v['attention']-v['total'])(r['verdict'])")" "0"
# the bug this fixes: such a report was refused as not matching the schema
expect_exit 0 "reentry verify accepts a report holding needs-attention" \
	"$REENTRY" verify --allowed-signers allowed "$r"
expect_exit 0 "ssh-keygen agrees on its signature" \
	sh -c "ssh-keygen -Y verify -f allowed -I desk@example.jp -n reentry-report -s '$r.sig' < '$r'"

# a version 1 report written by the earlier reentry, with an item at
# needs-attention and one stood in for, still verifies
v1=$(ls "$TOP"/tests/data/report-v1/*.json)
expect_exit 0 "a stored version 1 report verifies" \
	"$REENTRY" verify --allowed-signers "$TOP/tests/data/report-v1/allowed_signers" "$v1"
expect_exit 0 "ssh-keygen agrees on the stored report's signature" \
	sh -c "ssh-keygen -Y verify -f '$TOP/tests/data/report-v1/allowed_signers' -I desk@example.jp -n reentry-report -s '$v1.sig' < '$v1'"

# verify shows both facts for each: the check's status and summary, and the note
"$REENTRY" verify --allowed-signers allowed "$r" >vout 2>&1
expect_grep "verify counts attention and stood-in items" \
	'decisions: 1 item needs attention \(要対応\), 1 decided by a person over the checks' vout
expect_grep "verify names 2-4 as needing attention, in both languages" \
	'2-4: needs attention: a check warned and nobody in IT accepted it / 要対応' vout
expect_grep "with the check that warned and its summary" \
	'check new-software: warn: flagged since 2026-03-01: remmina:amd64 .* / 2026-03-01以降' vout
expect_grep "verify names 4-6 as confirmed despite an undetermined check, in both languages" \
	'4-6: passed: confirmed by a person despite an undetermined check / 検査では判定できなかったが、担当者が確認して判定' vout
expect_grep "with the undetermined check" 'check disk-encryption: unknown: ' vout
expect_grep "and the person's note" 'note \(山田 太郎, it\): BitLocker 相当の暗号化を管理画面で確認' vout
txt=${r%.json}.txt
html=${r%.json}.html
expect_grep "text copy: the counts" '1 need attention' "$txt"
expect_grep "text copy: a section for items decided by a person" \
	'^Decided by a person over the checks \(担当者が検査に代わって判定した項目\):' "$txt"
expect_grep "text copy: the basis in English" 'confirmed by a person despite an undetermined check' "$txt"
expect_grep "text copy: and in Japanese" '検査では判定できなかったが、担当者が確認して判定' "$txt"
expect_grep "text copy: the check's status and summary" 'check disk-encryption: unknown: ' "$txt"
expect_grep "text copy: the note" 'note \(山田 太郎, it\): BitLocker' "$txt"
expect_grep "text copy: 2-4 listed as not passed, needing attention" '^  2-4  needs-attention +Check that no unauthorised software' "$txt"
expect_grep "text copy: with its warning, in both languages" 'a check warned and nobody in IT accepted it' "$txt"
expect_grep "text copy: the warning's summary" 'check new-software: warn: ' "$txt"
expect_grep "HTML: a stood-in table" 'id="stood-in"' "$html"
expect_grep "HTML: the needs-attention list" 'class="o-needs-attention"' "$html"
expect_grep "HTML: the basis in both languages" '検査では判定できなかったが、担当者が確認して判定</span><br><span lang="en" class="en">confirmed by a person despite an undetermined check' "$html"

# 2. IT accepts the warning with a note: person-accepted-warning
cat >accept.yaml <<'A'
operator: "tanaka"
role: it
answers:
  "3-2": yes
  "2-4": {answer: yes, note: "remmina is the approved RDP client <b>"}
A
"$REENTRY" run --root root --answers accept.yaml --out rep --key key --config cfg.yaml >/dev/null 2>&1
r2=$(ls rep/*.json | tail -n 1)
expect_eq "2-4 passed with the warning accepted by a person" "$(item "$r2" 2-4)" \
	"('passed', 'person-accepted-warning', 'warn', True)"
expect_exit 0 "that report verifies" "$REENTRY" verify --allowed-signers allowed "$r2"
expect_grep "verify: warning accepted by a person, both languages" \
	'2-4: passed: warning accepted by a person / 検査の警告を担当者が受け入れた' "$TMP/out"
expect_grep "verify: with the warning" 'check new-software: warn: ' "$TMP/out"
expect_grep "HTML escapes the note" 'approved RDP client &lt;b&gt;' "${r2%.json}.html"

# a yes without a note does not accept a warning: 2-4 still needs attention
cat >nonote.yaml <<'A'
operator: "suzuki"
role: it
answers:
  "3-2": yes
  "2-4": yes
A
"$REENTRY" run --root root --answers nonote.yaml --out rep3 --key key --config cfg.yaml >/dev/null 2>&1
expect_eq "IT's yes without a note does not accept a warning" "$(item "$(ls rep3/*.json)" 2-4)" "('needs-attention', None, 'warn', True)"

# audit counts them per device and operator, and in the CSV
expect_exit 1 "audit of the directory: both reports failed, exit 1" "$REENTRY" audit --allowed-signers allowed rep
expect_grep "audit table has the attention and stood-in columns" 'FAILURES +ATTENTION +BY PERSON OVER CHECKS' "$TMP/out"
expect_grep "audit row of the first operator: 1 attention, 1 stood in" '山田 太郎 .* fail +3 +1 +1$' "$TMP/out"
expect_grep "audit row of the second operator: 0 attention, 1 stood in" 'tanaka .* fail +3 +0 +1$' "$TMP/out"
expect_grep "audit totals" 'latest reports: 1 item needs attention \(要対応\), 2 decided by a person over the checks' "$TMP/out"
expect_exit 0 "audit --csv --summary-only" "$REENTRY" audit --csv --summary-only rep
expect_eq "CSV: attention and stood_in columns" \
	"$(python3 -c 'import csv,sys; rows=list(csv.DictReader(open(sys.argv[1],newline=""))); print([(r["attention"],r["stood_in"]) for r in rows])' "$TMP/out")" \
	"[('1', '1'), ('0', '1')]"
# the stored version 1 report: its basis is worked out for display and audit
mkdir old && cp "$TOP"/tests/data/report-v1/*.json* old/
expect_exit 0 "audit of the stored version 1 report" "$REENTRY" audit --summary-only --allowed-signers "$TOP/tests/data/report-v1/allowed_signers" old
expect_grep "its attention and stood-in items are counted" ' fail +3 +1 +1$' "$TMP/out"

# a report whose decisions break the rules is refused even when properly signed
python3 - "$r" forged.json <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
r["role"] = "staff"  # only IT may stand in for a check
open(sys.argv[2], "w").write(json.dumps(r, ensure_ascii=False, indent=2) + "\n")
PY
ssh-keygen -q -Y sign -f key -n reentry-report forged.json 2>/dev/null
expect_exit 1 "a stand-in by a non-IT role is refused" "$REENTRY" verify --allowed-signers allowed forged.json
expect_grep "naming the item and the rule" 'items\[[0-9]+\]: only the IT role may stand in for a check' "$TMP/err"
python3 - "$r" forged2.json <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
r["verdict"]["attention"] = 0
r["verdict"]["result"] = "incomplete"
open(sys.argv[2], "w").write(json.dumps(r, ensure_ascii=False, indent=2) + "\n")
PY
ssh-keygen -q -Y sign -f key -n reentry-report forged2.json 2>/dev/null
expect_exit 1 "an attention count that hides an item is refused" "$REENTRY" verify --allowed-signers allowed forged2.json
expect_grep "saying the counts do not match" 'verdict: the counts do not match' "$TMP/err"
python3 - "$r" forged3.json <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
for i in r["items"]:
    if i["id"] == "2-4":
        i["basis"] = "checks"
open(sys.argv[2], "w").write(json.dumps(r, ensure_ascii=False, indent=2) + "\n")
PY
ssh-keygen -q -Y sign -f key -n reentry-report forged3.json 2>/dev/null
expect_exit 1 "a basis on an undecided item is refused" "$REENTRY" verify --allowed-signers allowed forged3.json
expect_grep "saying so" 'basis: must be null for outcome needs-attention' "$TMP/err"
