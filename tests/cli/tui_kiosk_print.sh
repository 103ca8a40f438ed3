# tui_kiosk_print.sh: the kiosk's printed slip (kiosk.printer) through a real
# CUPS scheduler that this test starts in its own directory: cupsd -f with a
# private cupsd.conf and cups-files.conf, listening only on a socket in $TMP,
# lp pointed at it by CUPS_SERVER. Its queue's device is a tiny backend in a
# private ServerBin that appends each job to a file (a raw queue with a
# file:/// device prints nothing when no filters are installed, as with
# cups-daemon alone). Checked: the slip reaches the device with the receipt's
# answer, the medium and the report id and hash; the screen says it was sent;
# a queue that does not exist, and a scheduler that is not running, are shown
# on the receipt, which stays whole and usable.
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"
. "$TOP/tests/tuilib.sh"

skip_all() { echo "ok 1 # SKIP $1"; exit 0; }
command -v cupsd >/dev/null || [ -x /usr/sbin/cupsd ] || skip_all "cupsd not installed (Debian: cups-daemon)"
command -v lp >/dev/null || skip_all "lp not installed (Debian: cups-client)"
CUPSD=$(command -v cupsd || echo /usr/sbin/cupsd)
LPADMIN=$(command -v lpadmin || echo /usr/sbin/lpadmin)

# the private scheduler
C="$TMP/cups"
mkdir -p "$C/spool" "$C/cache" "$C/state" "$C/log" "$C/run" "$C/sb/backend" "$C/out"
for d in daemon notifier; do [ -e "/usr/lib/cups/$d" ] && ln -s "/usr/lib/cups/$d" "$C/sb/$d"; done
cat >"$C/sb/backend/slipfile" <<'B'
#!/bin/sh
# test backend: appends each job to the file named by its device URI
[ $# -eq 0 ] && { echo 'direct slipfile "Unknown" "reentry test slip"'; exit 0; }
out=${DEVICE_URI#slipfile:}
if [ $# -ge 6 ]; then cat "$6" >>"$out"; else cat >>"$out"; fi
B
chmod 755 "$C/sb/backend/slipfile"
if [ "$(id -u)" -eq 0 ]; then cu=nobody cg=$(id -gn nobody); else cu=$(id -un) cg=$(id -gn); fi
# the scheduler's jobs run as that user: it must reach the output directory
chmod 711 "$TMP" "$C"
chmod 777 "$C/spool" "$C/out"
cat >"$C/cupsd.conf" <<EOF
Listen $C/run/cups.sock
LogLevel info
ErrorPolicy abort-job
<Location />
  Order allow,deny
  Allow all
</Location>
<Location /admin>
  Order allow,deny
  Allow all
</Location>
EOF
cat >"$C/cups-files.conf" <<EOF
ServerRoot $C
ServerBin $C/sb
DataDir /usr/share/cups
RequestRoot $C/spool
CacheDir $C/cache
StateDir $C/state
TempDir $C/spool
ErrorLog $C/log/error_log
AccessLog $C/log/access_log
PageLog $C/log/page_log
User $cu
Group $cg
SystemGroup root $(id -gn)
EOF
"$CUPSD" -t -c "$C/cupsd.conf" -s "$C/cups-files.conf" >"$C/log/t" 2>&1 ||
	skip_all "cupsd refuses a private configuration here: $(grep -v '^No ' "$C/log/t" | head -1)"
"$CUPSD" -f -c "$C/cupsd.conf" -s "$C/cups-files.conf" >"$C/log/fg" 2>&1 &
cupspid=$!
trap 'kill $cupspid 2>/dev/null; wait $cupspid 2>/dev/null; tmux -L "$TUI_SOCK" kill-server 2>/dev/null; rm -rf "$TMP"' EXIT
export CUPS_SERVER="$C/run/cups.sock"
i=0
until lpstat -r >/dev/null 2>&1; do
	i=$((i + 1))
	[ $i -lt 300 ] || skip_all "cupsd did not start in a private directory: $(tail -2 "$C/log/error_log" 2>/dev/null)"
	kill -0 $cupspid 2>/dev/null || skip_all "cupsd exited: $(tail -2 "$C/log/fg" "$C/log/error_log" 2>/dev/null)"
	sleep 0.1
done
"$LPADMIN" -p kioskslip -E -v "slipfile:$C/out/slip" -m raw >"$C/log/lpadmin" 2>&1 ||
	skip_all "lpadmin could not add a queue: $(tail -1 "$C/log/lpadmin")"
ok "a private CUPS scheduler runs with a queue (lpstat: $(lpstat -p kioskslip 2>&1 | head -1))"

tui_fixture
R="$TMP/root"
tui_medium "$R" 0
printf 'minutes of the meeting\n' >"$R/media/u/STICK/notes.txt"
printf 'nothing to see\n' >"$TMP/sample"
echo "$(md5sum "$TMP/sample" | cut -d' ' -f1):$(stat -c %s "$TMP/sample"):Reentry.Test.Sig" >"$TMP/db/test.hdb"
hash=$(printf 'correct horse\n' | "$REENTRY" tui --hash-passphrase)
printf 'kiosk:\n  admin_passphrase_hash: "%s"\n  printer: "-o x"\n' "$hash" >"$TMP/badq.yaml"
printf 'kiosk:\n  admin_passphrase_hash: "%s"\n  printer: kioskslip\n' "$hash" >>"$TMP/config.yaml"
expect_exit 2 "a printer name that looks like an option is refused" \
	"$REENTRY" validate --config "$TMP/badq.yaml"
expect_grep "naming the file, line and key" "badq.yaml:3:[0-9]+: kiosk.printer must be a CUPS queue name" "$TMP/out"

visit() { # visit DESC: one clean visit, all six questions answered yes, up to the receipt
	tui_medium "$R" 1
	tui_wait "$1: scanned, then the questions" "Question 1 / 6" 20
	for q in 1 2 3 4 5 6; do tui_keys y; done
	tui_wait "$1: the receipt" "Please remove your medium" 10
}

TUI_ENV="CUPS_SERVER='$C/run/cups.sock'"
tui_start 80 24 tui --kiosk --config "$TMP/config.yaml" --checklist "$TOP/jnsa-checklist.yaml" \
	--lang en --root "$R"
tui_wait "welcome screen" "Signatures: 1 loaded"
visit "printer set"
tui_wait "the receipt says the slip was sent" "Your slip has been sent to the" 30
i=0
while [ ! -s "$C/out/slip" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
rep=$(ls "$TMP"/reports/*.json 2>/dev/null | head -1)
if [ -s "$C/out/slip" ] && [ -n "$rep" ]; then
	ok "the slip reached the printer's device"
	id=$(basename "$rep" .json)
	sum=$(sha256sum "$rep" | cut -d' ' -f1)
	expect_grep "the slip's first line answers may I use it" "^IT must finish$" "$C/out/slip"
	expect_grep "in Japanese too" "^IT 担当の確認が必要です$" "$C/out/slip"
	expect_grep "the slip names the medium" "^メディア / Medium: SanDisk Ultra Fit" "$C/out/slip"
	expect_grep "the slip lists what is still open" "^  2-2 Check that the returning" "$C/out/slip"
	expect_grep "the slip carries the report id" "^報告書 ID / Report ID: $id$" "$C/out/slip"
	expect_grep "and the report's SHA-256" "^SHA-256: $sum$" "$C/out/slip"
	expect_grep "CUPS logged the job as done" "\[Job [0-9]+\] Job completed\." "$C/log/error_log"
	expect_eq "the slip's text file is removed once lp is done" "$(ls "$TMP"/state/slip-* 2>/dev/null | wc -l)" 0
else
	notok "the slip reached the printer's device" "$(tail -5 "$C/log/error_log")"
fi
tui_keys Enter
tui_wait "Enter: the welcome screen" "Please insert your USB media"
tui_medium "$R" 0
tui_until "never shown" 2

# a queue CUPS does not know: said on the receipt, which stays whole
"$LPADMIN" -x kioskslip
visit "unknown queue"
tui_wait "the failure is shown to the person" "Slip not printed" 30
tui_wait "with lp's reason" "printed \(The printer or" 5
expect_grep "the receipt's first line still there" "^ +IT must finish( |$)" "$TMP/screen"
expect_grep "and the report id" "^ +[0-9]{8}T[0-9]{6}Z-[a-z]+-000002 " "$TMP/screen"
expect_grep "and the closing sentence" "Please remove your medium\. Thank" "$TMP/screen"
tui_keys Enter
tui_wait "Enter: the welcome screen" "Please insert your USB media"
tui_medium "$R" 0
tui_until "never shown" 2

# the scheduler gone: the same, and the kiosk never waits on it
kill $cupspid
wait $cupspid 2>/dev/null
visit "no scheduler"
tui_wait "a scheduler that is not running is shown too" "Slip not printed" 30
expect_grep "the receipt is whole" "Please remove your medium\. Thank" "$TMP/screen"
expect_eq "three reports written, one per visit" "$(ls "$TMP"/reports/*.json | wc -l)" 3
