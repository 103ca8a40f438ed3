# tui_firstrun.sh: what `make run` gives a new user: no configuration file, no
# signing key, default state and report directories (XDG). The UI itself offers to
# make a key, and the session ends in a report that verifies.
. "$TOP/tests/lib.sh"
. "$TOP/tests/tuilib.sh"

mkdir -p "$TMP/home"
TUI_ENV="HOME='$TMP/home' XDG_STATE_HOME='$TMP/home/state' XDG_DATA_HOME='$TMP/home/data' XDG_CONFIG_HOME="
tui_start 80 24 tui --checklist "$TOP/jnsa-checklist.yaml" --config "$TMP/none.yaml" --lang en
tui_wait "a missing --config file is an error before curses starts" "reentry exited"
expect_grep "and says which file" "none.yaml" "$TMP/tui.err"

# no signing key; the report directory is named only so the test stays out of
# /var/lib/reentry when it runs as root
printf 'report_dir: %s\n' "$TMP/reports" >"$TMP/min.yaml"
tui_start 80 24 tui --checklist "$TOP/jnsa-checklist.yaml" --config "$TMP/min.yaml"
tui_wait "the first screen explains itself" "Your name or staff ID \(any language\)"
tui_wait "the bottom bar names the keys" "Enter Next .*F1 Help"
tui_keys F1
tui_wait "F1 shows the start screen's keys" "t  F3 +today's sessions on this desk"
tui_wait "and the keys every screen shares" "q  F10 +quit \(asks first"
tui_golden "help screen" "help-en.txt"
tui_keys Escape
tui_wait "Esc goes back to the name, as it was" "Your name or staff ID"
tui_text "新人 太郎"
tui_keys Enter 3 Enter
tui_device_skip
tui_wait "management role: its items only" "All items +0/8 "
tui_keys 0
for i in 1 2 3 4 5 6 7 8; do tui_keys a; done
tui_wait "all answered n/a" "\[N/A \] > 4-5"
tui_keys s
tui_wait "the summary says no key is configured and how to get one" "^    /.*/home/.config/reentry/signing-key$"
tui_keys w
tui_wait "writing without a key explains itself" "no signing key"
tui_keys k
tui_wait "k makes a key" "Signing key: .*signing-key"
tui_keys w
tui_wait "then the report is written" "Report ID:"
tui_wait "with the key's fingerprint" "Key: SHA256:"
tui_keys q y
tui_expect_exit "quit" 0
key="$TMP/home/.config/reentry/signing-key"
expect_eq "the key is private (0600)" "$(stat -c %a "$key" 2>/dev/null)" 600
rep=$(ls "$TMP"/reports/*.json 2>/dev/null | head -1)
printf 'me %s\n' "$(cat "$key.pub")" >"$TMP/allowed"
expect_exit 0 "the report verifies with the new key" "$REENTRY" verify "$rep" --allowed-signers "$TMP/allowed"
if ssh-keygen -Y verify -f "$TMP/allowed" -I me -n reentry-report -s "$rep.sig" <"$rep" >/dev/null 2>&1; then
	ok "ssh-keygen -Y verify accepts it too"
else
	notok "ssh-keygen -Y verify accepts it too" "$(ls "$TMP/reports")"
fi

# plain `reentry` on a terminal starts the UI on the bundled checklist
tui_start 80 24
tui_wait "reentry without a command opens the UI" "Your name or staff ID"
tui_wait "on the bundled checklist" "jnsa-post-emergency-2020"
tui_keys F10 y
tui_expect_exit "and quits with F10 y" 0
expect_exit 2 "without a terminal, reentry tui says it needs one" "$REENTRY" tui --config "$TMP/min.yaml" \
	--checklist "$TOP/jnsa-checklist.yaml" --state-dir "$TMP/s2"
expect_grep "in those words" "needs a terminal" "$TMP/err"
