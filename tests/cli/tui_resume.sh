# tui_resume.sh: the UI killed with SIGKILL mid-session loses nothing: the next
# start offers the unfinished session first and resumes it where it stopped.
# Also: resizing the terminal re-lays out the screen, and a terminal smaller
# than 80x24 gets a clear message instead of a broken layout.
. "$TOP/tests/lib.sh"
. "$TOP/tests/tuilib.sh"

tui_fixture
mkdir -p "$TMP/none"
set -- tui --config "$TMP/config.yaml" --checklist "$TOP/jnsa-checklist.yaml" --lang en --root "$TMP/none"
tui_start 80 24 "$@"
tui_wait "name prompt" "Your name or staff ID"
tui_text "Bob"
tui_keys Enter 2 Enter
tui_device_skip
tui_wait "IT role chosen: every item shown" "0/24"
tui_keys 0
tui_wait "all items listed" "1-1"
tui_keys y n a
tui_wait "three answers recorded" "\[N/A \] +2-1"
tui_keys Enter e
tui_text "メモ before the kill"
tui_keys Enter
tui_wait "note saved" "Note: メモ before the kill"
pane=$(tui_tmux display -p -t t '#{pane_pid}')
pid=$(pgrep -P "$pane" -x reentry)
if [ -n "$pid" ] && kill -9 "$pid"; then ok "reentry killed with SIGKILL"; else notok "reentry killed with SIGKILL" "no child of $pane"; fi
tui_expect_exit "the shell saw it die by SIGKILL" 137

tui_start 80 24 "$@"
tui_wait "an unfinished session is offered first" "An unfinished session was found"
tui_wait "it names the device, operator, role and progress" "> \(device not recorded\)  Bob +it +3/24 +[0-9-]+ [0-9:]+ UTC"
tui_keys Enter
tui_wait "resumed onto the overview" "Session resumed"
tui_keys 0
tui_wait "answers survived the kill" "\[PASS\] > 1-1"
tui_wait "no survived the kill" "\[FAIL\] +1-2"
tui_wait "n/a survived the kill" "\[N/A \] +2-1"
tui_keys Down Down Down Enter
tui_wait "the note survived the kill" "Note: メモ before the kill"

# resize: larger, then too small, then back
tui_tmux resize-window -t t -x 120 -y 40
tui_wait "re-laid out at 120x40: the full title fits" "2-2 +Check that the security measures of the device taken out are up to date|Note: メモ"
tui_until "Esc Back" 5
tui_keys Escape Escape
tui_wait "overview at 120 columns shows whole category titles" "Reconnecting devices taken off-site to the office network"
tui_screen "$TMP/big"
expect_eq "the screen is 40 rows" "$(wc -l <"$TMP/big" | tr -d ' ')" 40
tui_tmux resize-window -t t -x 60 -y 20
tui_wait "a small terminal gets a message" "too small: reentry needs 80x24"
tui_tmux resize-window -t t -x 80 -y 24
tui_wait "back to 80x24: the overview returns" "Verdict so far"
tui_keys q
tui_wait "q asks before quitting" "Quit reentry\?"
tui_keys n
tui_wait "n keeps the UI" "Verdict so far"
tui_keys F10 y
tui_expect_exit "F10 then y quits with 0" 0
expect_grep "on leaving, the session file is named for resuming" "session saved in .*run 'reentry tui' to resume" "$TMP/tui.err"

# signals end the UI cleanly: terminal restored, session kept
tui_start 80 24 "$@"
tui_wait "restarted" "An unfinished session was found"
tui_keys C-c
tui_expect_exit "Ctrl-C (SIGINT) ends the check-desk UI with 130" 130
tui_wait "the terminal is restored: the shell's own output shows" "^\[reentry exited\]"
tui_screen "$TMP/after"
expect_nogrep "and the UI is gone from the screen" "unfinished session" "$TMP/after"
expect_grep "it says the session is saved" "stopped by signal 2; the session is saved" "$TMP/tui.err"
tui_start 80 24 "$@"
tui_wait "restarted again" "An unfinished session was found"
pane=$(tui_tmux display -p -t t '#{pane_pid}')
kill -TERM "$(pgrep -P "$pane" -x reentry)"
tui_expect_exit "SIGTERM ends it with 143" 143
tui_wait "the terminal is restored after SIGTERM" "^\[reentry exited\]"
