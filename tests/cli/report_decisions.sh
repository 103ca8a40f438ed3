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
expect_eq "schema version 2" "$(j "$r" "r['schema_version']")" "2"
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
