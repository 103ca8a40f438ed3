# tui_kiosk.sh: the self-service kiosk in tmux: the passphrase hash, the welcome
# screen in both languages, Ctrl-C / Ctrl-Z / Ctrl-\ ignored, a medium noticed when
# it is mounted, scanned at once, the staff questions, the signed receipt, the idle
# timeout back to the welcome screen, and leaving only with the passphrase.
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"
. "$TOP/tests/tuilib.sh"

tui_fixture
R="$TMP/root"
tui_medium "$R" 0
printf 'minutes of the meeting\n' >"$R/media/u/STICK/notes.txt"
printf 'nothing to see\n' >"$TMP/sample"
echo "$(md5sum "$TMP/sample" | cut -d' ' -f1):$(stat -c %s "$TMP/sample"):Reentry.Test.Sig" >"$TMP/db/test.hdb"

# the passphrase hash
expect_exit 0 "--hash-passphrase reads stdin" sh -c "printf 'correct horse\n' | '$REENTRY' tui --hash-passphrase"
hash=$(cat "$TMP/out")
expect_grep "the hash is pbkdf2-sha256\$ITER\$SALT\$HASH" '^pbkdf2-sha256\$[0-9]+\$[0-9a-f]{32}\$[0-9a-f]{64}$' "$TMP/out"
expect_exit 0 "a second hash of the same passphrase" sh -c "printf 'correct horse\n' | '$REENTRY' tui --hash-passphrase"
if [ "$(cat "$TMP/out")" != "$hash" ]; then ok "salts differ between hashes"; else notok "salts differ between hashes"; fi
expect_exit 2 "a short passphrase is refused" sh -c "printf 'short\n' | '$REENTRY' tui --hash-passphrase"
expect_grep "and says why" "at least 8 characters" "$TMP/err"
# an independent PBKDF2 computation (Python's hashlib) agrees with ours
python3 - "$hash" <<'PY' >"$TMP/py" 2>&1
import hashlib, sys
_, it, salt, want = sys.argv[1].split("$")
got = hashlib.pbkdf2_hmac("sha256", b"correct horse", bytes.fromhex(salt), int(it)).hex()
print("match" if got == want else "differ")
PY
expect_grep "Python's hashlib.pbkdf2_hmac computes the same hash" "^match$" "$TMP/py"

cp "$TMP/config.yaml" "$TMP/nokiosk.yaml"
expect_exit 2 "the kiosk refuses to start without a passphrase hash" \
	"$REENTRY" tui --kiosk --config "$TMP/nokiosk.yaml" --checklist "$TOP/jnsa-checklist.yaml"
expect_grep "and says how to make one" "hash-passphrase" "$TMP/err"
printf 'kiosk:\n  admin_passphrase_hash: "md5$abc"\n' >>"$TMP/nokiosk.yaml"
expect_exit 2 "the kiosk refuses a malformed hash" \
	"$REENTRY" tui --kiosk --config "$TMP/nokiosk.yaml" --checklist "$TOP/jnsa-checklist.yaml"
expect_grep "naming the configuration file" "nokiosk.yaml: kiosk.admin_passphrase_hash" "$TMP/err"

printf 'kiosk:\n  admin_passphrase_hash: "%s"\n  idle_timeout_s: 10\n' "$hash" >>"$TMP/config.yaml"
tui_start 80 24 tui --kiosk --config "$TMP/config.yaml" --checklist "$TOP/jnsa-checklist.yaml" \
	--lang en --root "$R"
tui_wait "welcome screen in Japanese" "USB メディアを差し込んでください"
tui_wait "welcome screen in English" "Please insert your USB media"
tui_wait "the signature database loads in the background" "Signatures: 1 loaded"
tui_golden "welcome layout" "kiosk-welcome.txt"
tui_keys C-c
tui_keys C-z
tui_keys 'C-\'
tui_keys q Escape F10
tui_until "never shown" 1
expect_eq "Ctrl-C, Ctrl-Z, Ctrl-\\, q, Esc and F10 do not end the kiosk" "$(tui_exit_code 0)" running
tui_wait "still on the welcome screen" "Please insert your USB media"

# insert: the medium is mounted
tui_medium "$R" 1
tui_wait "the inserted medium is scanned at once, then the questions" "Question 1 / 6" 20
tui_keys L
tui_wait "L switches to Japanese" "質問 1 / 6"
tui_keys L
# the staff questions are the staff's manual and manual+evidence items: 2-1 2-5 2-7
# 2-8 2-9 3-5 (2-2, 2-3 and 2-6 are decided by automatic checks)
for i in 1 2 3 4 5 6; do tui_keys y; done
# 2-2 (updates and signatures of the laptop) and 2-3 (a scan of the laptop itself)
# are about the laptop, which a USB kiosk cannot check: they stay open for IT
tui_wait "a receipt with the verdict" "Verdict: +\[INCOMPLETE\]"
tui_wait "the receipt's first line: IT must finish" "^ +IT must finish( |$)"
tui_wait "the receipt names what is still open, with titles" "^ +2-2 Check that the returning"
tui_wait "and 2-3" "^ +2-3 Check that devices and"
tui_wait "the receipt shows the scan result" "\[PASS\] 1 files on the given"
tui_wait "the receipt shows the report id" "^ +[0-9]{8}T[0-9]{6}Z-[a-z]+-000001 "
rep=$(ls "$TMP"/reports/*.json 2>/dev/null | head -1)
printf 'reentry-test %s\n' "$(cat "$TMP/key.pub")" >"$TMP/allowed"
if [ -n "$rep" ]; then
	expect_exit 0 "the kiosk's report verifies" "$REENTRY" verify "$rep" --allowed-signers "$TMP/allowed"
	expect_grep "the report records the medium's serial" '"serial": "4C530001"' "$rep"
else
	notok "the kiosk wrote a report"
fi

# a database update while the kiosk runs: a signature for notes.txt. The kiosk
# reloads the resident engine when the welcome screen comes back.
f="$R/media/u/STICK/notes.txt"
echo "$(md5sum <"$f" | cut -d' ' -f1):$(stat -c %s "$f"):Reentry.Notes.Sig" >>"$TMP/db/test.hdb"
# remove the medium: back to the welcome screen
tui_medium "$R" 0
tui_wait "removing the medium returns to the welcome screen" "Please insert your USB media"

# insert again: the reloaded database knows notes.txt, so the medium stops at once
tui_medium "$R" 1
tui_wait "the reloaded database stops the medium inserted again" "STOP. Do not use this medium" 20
tui_wait "naming the file and the new signature" "! /media/u/STICK/notes.txt: Reentry.Notes.Sig"
n=$(ls "$TMP"/reports/*.json | wc -l)
expect_eq "the second visit's report is written at once" "$n" 2
tui_keys Enter
tui_wait "Enter on the stop screen: the welcome screen, with the reloaded database" "Signatures: 2 loaded"

# clean the medium, insert it again, answer one question, then leave it idle
rm "$R/media/u/STICK/notes.txt"
tui_medium "$R" 0
tui_until "never shown" 2
tui_medium "$R" 1
tui_wait "the medium inserted again starts a new session" "Question 1 / 6" 20
tui_keys y
tui_wait "second question" "Question 2 / 6"
tui_wait "after the idle timeout, back to the welcome screen" "Timed out: the session was" 30
expect_grep "the message wraps at 80 columns, no sentence cut" "^saved as incomplete\.$" "$TMP/screen"
n=$(grep -l '"finished": null' "$TMP"/state/*.json 2>/dev/null | wc -l)
expect_eq "the idle session is saved, unfinished" "$n" 1
st=$(python3 - "$TMP"/state/*.json <<'PY'
import json, sys
for p in sys.argv[1:]:
    s = json.load(open(p))
    if s["finished"] is None:
        r = [x for x in s["results"] if x["id"] == "media-scan"]
        print(r[0]["status"] if r else "none")
PY
)
expect_eq "its scan found the cleaned medium clean" "$st" pass

# leaving needs the passphrase
tui_keys F12
tui_wait "F12 asks for the passphrase" "Administrator passphrase"
tui_text "wrong guess"
tui_keys Enter
tui_wait "a wrong passphrase is refused" "Wrong passphrase"
expect_eq "the kiosk still runs" "$(tui_exit_code 0)" running
tui_keys F12
tui_wait "asked again" "Administrator passphrase"
tui_text "correct horse"
tui_until "never shown" 1
tui_screen "$TMP/pass"
expect_nogrep "the passphrase is not shown" "correct horse" "$TMP/pass"
tui_keys Enter
tui_expect_exit "the right passphrase leaves the kiosk" 0 20

# a database older than kiosk.max_signature_age_days: tests/cli/tui_kiosk_service.sh
