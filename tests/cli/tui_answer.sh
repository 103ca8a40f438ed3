# tui_answer.sh: the outcome rules at the moment of answering, through the real UI in
# tmux: a "yes" on an automatic item whose checks have not run says it does not decide
# the item (staff) or asks for the note that lets it count (IT), and when the checks
# then run, the answers are judged again and the change is shown; in both languages.
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"
. "$TOP/tests/tuilib.sh"

tui_fixture
R="$TMP/root"
tui_medium "$R" 1
printf 'quarterly figures\n' >"$R/media/u/STICK/report.txt"
printf 'nothing to see\n' >"$TMP/sample"
echo "$(md5sum "$TMP/sample" | cut -d' ' -f1):$(stat -c %s "$TMP/sample"):Reentry.Test.Sig" >"$TMP/db/test.hdb"
tui_laptop "$R" "$TMP/db"

# start LANG NAME ROLEKEY: a new session up to the list of all items
start() {
	tui_start 100 30 tui --config "$TMP/config.yaml" --checklist "$TOP/jnsa-checklist.yaml" \
		--lang "$1" --root "$R"
	tui_until "(Your name or staff ID|お名前または職員番号)" 10
	tui_text "$2"
	tui_keys Enter
	tui_until "1 (Staff|職員)" 10
	tui_keys "$3" Enter
	tui_device_skip
	tui_wait "$1: overview" "(Verdict so far|現時点の判定)"
	tui_keys 0
}

# staff, in English: 2-2 answered before any check ran; the laptop's ClamAV database
# lacks main, so av-signatures warns and the yes cannot pass 2-2
mv "$R$TMP/db/main.cud" "$TMP/main.cud.saved"
start en "Sato Hanako" 1
tui_wait "en: the staff's items are listed" "2-2"
tui_keys j y
tui_wait "en: answering yes says the answer does not decide the item by itself" \
	"2-2: answered yes \(saved\): it does not decide the item by itself"
tui_wait "en: the detail says why: the checks have not run, and staff cannot stand in" \
	"checks have not run yet \(os-updates: not run, av-signatures: not run\)"
tui_wait "en: ... and what happens next" "it is decided when they run"
tui_wait "en: the item is still open, not passed" "\[    \] Outcome: open"
tui_keys r
tui_wait "en: the checks finish" "Finished" 60
tui_wait "en: the answer is judged again, and the change shown" \
	"Answers judged again now the checks ran: 2-2: open -> needs-attention"
tui_keys Enter
tui_wait "en: back on 2-2, which says why and that IT must act" \
	"a check warned \(av-signatures: warn\): your \"yes\" does not pass this item; it needs"
tui_keys Escape Escape
tui_wait "en: the overview counts the item needing attention apart" \
	"1 need attention \(a check warned; IT has not accepted it\)"
tui_keys s
tui_wait "en: so does the summary" "1 need attention \(a warning IT has not accepted: not a pass\)"
tui_keys q y
tui_expect_exit "en: quits" 0

# IT, in Japanese, with signatures older than the site's limit (3 days): 2-3's scans
# cannot decide, so a yes without a note stays open, then undetermined; 1-2 with a
# note stands in for its checks until they run
mv "$TMP/main.cud.saved" "$R$TMP/db/main.cud"
touch -d '30 days ago' "$TMP/db/test.hdb"
rm -f "$TMP"/state/session-*.json # a fresh start screen, without the first session to resume
start ja "鈴木" 2
tui_wait "ja: every item is listed for IT" "1-2"
tui_keys j y
tui_wait "ja: a yes from IT over checks that have not run asks for a note at once" \
	"代わりに何を確認しましたか"
tui_wait "ja: and says why" "チェックがまだ実行されていません（os-updates: 未実行、av-signatures:"
tui_wait "ja: the item is undecided though answered yes" "\[    \] 結果: 未判定   回答: はい"
tui_text "更新は手作業で適用済み"
tui_keys Enter
tui_wait "ja: with the note the answer stands in, recorded as such" \
	"担当の確認として記録しました"
tui_wait "ja: the item passes on IT's word, shown as such" "\[PASS\] 結果"
tui_keys Escape
tui_keys j j j y
tui_wait "ja: 2-3 asks for a note too" "代わりに何を確認しましたか"
tui_keys Escape
tui_wait "ja: without the note the yes does not count" "メモに書いた場合にだけ"
tui_keys r
tui_wait "ja: the checks finish" "完了しました" 90
tui_wait "ja: the answers judged again, 2-3 now undetermined" \
	"チェック実行後に回答を再判定しました: .*2-3: 未判定 → 判定不能"
tui_keys Enter
tui_wait "ja: back on the detail of 2-3" "JNSA 番号 2-3"
tui_wait "ja: the detail says a check could not decide" "判定できないチェックがあります（endpoint-scan: 判定不能、media-scan:"
tui_keys q y
tui_expect_exit "ja: quits" 0
st=$(ls -t "$TMP"/state/session-*.json | head -1)
got=$(python3 - "$st" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
r = {x["id"]: x for x in s["results"]}
print(r["media-scan"]["status"], "days old" in r["media-scan"]["summary"]["en"])
PY
)
expect_eq "the stale database makes the clean media scan unknown, saying why" "$got" "unknown True"
