# tui_scan.sh: automatic checks run from the UI on a fixture medium that holds an
# infected file with a hostile name (terminal escapes that would retitle the window
# and turn the text red): the name is shown sanitised in the results and in the
# item's evidence, the terminal is not retitled, and the item fails.
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"
. "$TOP/tests/tuilib.sh"

tui_fixture
R="$TMP/root"
tui_medium "$R" 1
bad=$(printf 'bad\033]0;pwned\007name\033[31m.txt')
printf 'this is the test malware\n' >"$R/media/u/STICK/$bad"
printf 'harmless\n' >"$R/media/u/STICK/ok.txt"
f="$R/media/u/STICK/$bad"
echo "$(md5sum <"$f" | cut -d' ' -f1):$(stat -c %s "$f"):Reentry.Test.Sig" >"$TMP/db/test.hdb"

# with colours this time (NO_COLOR unset); the other tests run with NO_COLOR=1
TUI_NO_COLOR=
tui_start 80 24 tui --config "$TMP/config.yaml" --checklist "$TOP/jnsa-checklist.yaml" --lang en --root "$R"
tui_wait "name prompt" "Your name or staff ID"
tui_text "Carol"
tui_keys Enter 1 Enter
tui_device_skip
tui_wait "overview" "Verdict so far"
tui_wait "signatures loaded" "Signatures: 1 loaded"
tui_keys r
tui_wait "the checks finish" "Finished" 30
tui_wait "media-scan fails on the infected file" "\[FAIL\] Malware scan of removable media"
tui_wait "the hostile name is shown with its escapes made visible" \
	'! /media/u/STICK/bad\\x1b\]0;pwned\\x07name\\x1b\[31'
title=$(tui_tmux display -p -t t '#{pane_title}')
case $title in *pwned*) notok "the window title was not changed by the file name" "$title" ;;
*) ok "the window title was not changed by the file name" ;; esac
tui_keys Enter 0
tui_wait "item 2-6 failed" "\[FAIL\] +2-6"
tui_wait "item 2-3 failed too (media-scan is one of its checks)" "\[FAIL\] +2-3"
tui_keys Down Down Down Down Enter
tui_wait "detail of 2-6" "JNSA ref 2-6"
tui_wait "its evidence names the file, sanitised" 'bad\\x1b\]0;pwned\\x07name'
tui_keys W
tui_wait "staff cannot waive" "Only the IT role records waivers"
tui_keys Escape s
tui_wait "the summary lists failures first" "\[FAIL\] +2-3"
tui_screen "$TMP/sum"
first=$(grep -E '^\s+\[(PASS|FAIL|    |N/A |WAIV| \?\? )\] [> ] [0-9]' "$TMP/sum" | head -2 | awk '{print $1}' | tr '\n' ' ')
expect_eq "the first two rows are the failures" "$first" "[FAIL] [FAIL] "
tui_wait "the verdict is FAIL" "Verdict: +\[FAIL\]"
tui_tmux capture-pane -e -p -t t >"$TMP/colour"
expect_grep "with colours, FAIL is drawn red (and still says FAIL)" "$(printf '\033')\[[0-9;]*31m\[FAIL\]" "$TMP/colour"
tui_keys q y
tui_expect_exit "quit" 0

# IT waives the failed item: who approved it, why, until when, a ticket
tui_start 80 24 tui --config "$TMP/config.yaml" --checklist "$TOP/jnsa-checklist.yaml" --lang en --root "$R"
tui_wait "the staff session is offered" "An unfinished session was found"
tui_keys Down Enter
tui_wait "new session" "Your name or staff ID"
tui_text "Erin (IT)"
tui_keys Enter 2 Enter
tui_device_skip
tui_wait "IT overview" "All items +0/24"
tui_keys 0
tui_wait "all items" "2-6"
for i in 1 2 3 4 5 6 7; do tui_keys Down; done
tui_keys Enter
tui_wait "detail of 2-6" "JNSA ref 2-6"
tui_keys c
tui_wait "its check fails" "\[FAIL\] Malware scan of removable media" 30
tui_keys Enter
tui_wait "back on 2-6, failed" "\[FAIL\] Outcome: failed"
tui_keys W
tui_wait "the waiver form asks who approved it" "Waiver approved by"
tui_text "情報システム部 部長"
tui_keys Enter
tui_wait "then why" "Reason for the waiver"
tui_text "sample file kept for AV training, quarantined"
tui_keys Enter
tui_wait "then until when" "Waived until"
tui_text "2099-12-31"
tui_keys Enter
tui_wait "then a ticket" "Ticket reference"
tui_text "SEC-1234"
tui_keys Enter
tui_wait "the item is waived" "\[WAIV\] Outcome: waived"
tui_wait "and shows who and until when" "Waived by 情報システム部 部長 until 2099-12-31, SEC-1234: sample fil"
tui_keys q y
tui_expect_exit "quit" 0
expect_grep "the waiver is in the session" '"approved_by": "情報システム部 部長"' "$(ls -t "$TMP"/state/*.json | head -1)"
