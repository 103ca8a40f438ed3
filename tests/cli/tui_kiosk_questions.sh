# tui_kiosk_questions.sh: the kiosk's questions. Going back (←) shows the
# answer already given, with its note; a `no` answer takes a short note, which
# the signed report keeps. A stick pulled during the questions ends the visit: back to the
# welcome screen with one line saying so, the session saved and unfinished,
# and no report written (nothing may claim the medium clean).
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"
. "$TOP/tests/tuilib.sh"

tui_fixture
R="$TMP/root"
tui_medium "$R" 0
printf 'minutes of the meeting\n' >"$R/media/u/STICK/notes.txt"
printf 'nothing to see\n' >"$TMP/sample"
echo "$(md5sum "$TMP/sample" | cut -d' ' -f1):$(stat -c %s "$TMP/sample"):Reentry.Test.Sig" >"$TMP/db/test.hdb"
hash=$(printf 'correct horse\n' | "$REENTRY" tui --hash-passphrase)
printf 'kiosk:\n  admin_passphrase_hash: "%s"\n' "$hash" >>"$TMP/config.yaml"

tui_start 80 24 tui --kiosk --config "$TMP/config.yaml" --checklist "$TOP/jnsa-checklist.yaml" \
	--lang en --root "$R"
tui_wait "welcome screen" "Signatures: 1 loaded"

# 1. a stick pulled during the questions
tui_medium "$R" 1
tui_wait "the medium is scanned, then the questions" "Question 1 / 6" 20
tui_keys y
tui_wait "question 2" "Question 2 / 6"
tui_medium "$R" 0
tui_wait "pulled during the questions: back to the welcome screen" "Please insert your USB media" 10
tui_wait "with one line saying the check is not complete" "The medium was removed before the questions were finished, so" 5
expect_grep "wrapped, not cut" "^the check is not complete\. Insert it again to start over\.$" "$TMP/screen"
expect_grep "in Japanese too" "質問の途中でメディアが取り外されました。" "$TMP/screen"
expect_eq "no report was written" "$(ls "$TMP"/reports/*.json 2>/dev/null | wc -l)" 0
expect_eq "the session is saved, unfinished" \
	"$(grep -l '"finished": null' "$TMP"/state/*.json 2>/dev/null | wc -l)" 1
expect_eq "the receipt never showed" "$(grep -c 'Receipt' "$TMP/screen")" 0

# 2. back shows the answer given; a `no` takes a note
tui_medium "$R" 1
tui_wait "inserted again: a new visit" "Question 1 / 6" 20
tui_keys y
tui_wait "question 2" "Question 2 / 6"
tui_keys n
tui_wait "no asks for a short note" "No\. A short note, if you like"
tui_text "lent to my son"
tui_keys Enter
tui_wait "the note is saved and the next question comes" "Question 3 / 6"
tui_keys Left
tui_wait "back: question 2" "Question 2 / 6"
tui_wait "with the answer already given and its note" 'Your answer: no — lent to my son$'
tui_keys Left
tui_wait "back again: question 1" "Question 1 / 6"
tui_wait "shows its answer" "Your answer: yes"
tui_keys BSpace
tui_wait "Backspace at the first question stays there" "Question 1 / 6"
tui_keys y
tui_wait "answering again moves on" "Question 2 / 6"
tui_wait "the note kept" "Your answer: no — lent to my son"
tui_keys n
tui_wait "no again offers the note to edit" "No\. A short note"
tui_keys Escape
tui_wait "Esc leaves the note unchanged" "Your answer: no — lent to my son"
tui_keys n
tui_wait "the note offered again, as it was" "lent to my son"
tui_keys Enter
tui_wait "Enter keeps it" "Question 3 / 6"
for i in 3 4 5 6; do tui_keys y; done
tui_wait "after the last answer, the receipt" "Receipt" 10
rep=$(ls "$TMP"/reports/*.json 2>/dev/null | head -1)
if [ -n "$rep" ]; then
	ok "the visit's report is written"
	got=$(python3 - "$rep" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
a = {i["id"]: (i.get("answer"), i.get("note")) for i in r["items"]}
print(a["2-1"][0], a["2-5"][0], a["2-5"][1])
PY
)
	expect_eq "2-1 yes after going back; 2-5 no with its note" "$got" "yes no lent to my son"
else
	notok "the visit's report is written"
fi
