# tui_fleet_publish.sh: publishing on write from the desk UI and the kiosk, the
# same code path as `reentry run` (fleet/publish.c), against SQLite and a real
# PostgreSQL 15 (tests/pglib.sh). A report written while the database cannot be
# reached stays on disk, is queued under the state directory, and is filed when
# the kiosk next starts; `collect` files the queue too. The database URL's
# password never shows on the screen or in any output.
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"
. "$TOP/tests/tuilib.sh"
. "$TOP/tests/pglib.sh"
trap 'pg_down; tmux -L "$TUI_SOCK" kill-server 2>/dev/null; rm -rf "$TMP"' EXIT

tui_fixture
R="$TMP/root"
tui_medium "$R" 0
printf 'minutes of the meeting\n' >"$R/media/u/STICK/notes.txt"
printf 'nothing to see\n' >"$TMP/sample"
echo "$(md5sum "$TMP/sample" | cut -d' ' -f1):$(stat -c %s "$TMP/sample"):Reentry.Test.Sig" >"$TMP/db/test.hdb"
printf 'reentry-test namespaces="reentry-report" %s\n' "$(cut -d' ' -f1,2 "$TMP/key.pub")" >"$TMP/allowed"
hash=$(printf 'correct horse\n' | "$REENTRY" tui --hash-passphrase)
cp "$TMP/config.yaml" "$TMP/base.yaml"
# conf NAME URL: the fixture's configuration publishing to URL
conf() {
	{
		cat "$TMP/base.yaml"
		printf 'allowed_signers: %s\n' "$TMP/allowed"
		printf 'fleet:\n  database: "%s"\n' "$2"
		printf 'kiosk:\n  admin_passphrase_hash: "%s"\n' "$hash"
	} >"$TMP/$1.yaml"
}
DB="$TMP/fleet.sqlite"
conf lite "$DB"
conf down "$TMP/nodir/fleet.sqlite"

# the desk UI: write and sign from the summary, filed at once
tui_start 100 30 tui --config "$TMP/lite.yaml" --checklist "$TOP/jnsa-checklist.yaml" --lang en --root "$R"
tui_wait "desk UI: the first screen" "Your name or staff ID"
tui_text "Desk Tester"
tui_keys Enter 3 Enter
tui_device_skip
tui_wait "management role" "All items +0/8 "
tui_keys 0
for i in 1 2 3 4 5 6 7 8; do tui_keys a; done
tui_wait "all answered" "\[N/A \] > 4-5"
tui_keys s
tui_wait "the summary" "Verdict"
tui_keys w
tui_wait "desk UI: written, then filed in the fleet database" "Report written and signed\. Filed in the fleet" 20
expect_eq "desk UI: the report is in the database, trusted" \
	"$(sql "$DB" "SELECT COUNT(*) FROM reports WHERE status = 'trusted' AND operator = 'Desk Tester'" 2>&1)" 1
tui_keys q y
tui_expect_exit "desk UI: quit" 0

visit() { # visit DESC: one kiosk visit, all questions answered yes, up to the receipt
	tui_medium "$R" 1
	tui_wait "$1: scanned, then the questions" "Question 1 / 6" 20
	for q in 1 2 3 4 5 6; do tui_keys y; done
	tui_wait "$1: the receipt" "Please remove your medium" 10
	tui_keys Enter
	tui_wait "$1: back to welcome" "Please insert your USB media"
	tui_medium "$R" 0
	tui_until "never shown" 2
}
kiosk() { # kiosk CONFIG
	tui_start 80 24 tui --kiosk --config "$TMP/$1.yaml" --checklist "$TOP/jnsa-checklist.yaml" --lang en --root "$R"
	tui_wait "kiosk ($1): welcome" "Signatures: 1 loaded"
}
leave() {
	tui_keys F12
	tui_wait "the passphrase is asked" "Administrator passphrase"
	tui_text "correct horse"
	tui_keys Enter
	tui_expect_exit "the kiosk is left with the passphrase" 0 20
}

# the kiosk, database reachable
kiosk lite
visit "kiosk, SQLite"
expect_eq "kiosk: the visit is in the database" \
	"$(sql "$DB" "SELECT COUNT(*) FROM reports WHERE status = 'trusted'" 2>&1)" 2
expect_exit 0 "fleet device SERIAL answers for the stick" "$REENTRY" fleet --config "$TMP/lite.yaml" device 4C530001
expect_grep "with the kiosk visit's report" "medium-serial:4C530001 .* [0-9]{8}T[0-9]{6}Z-[a-z]+-000002 " "$TMP/out"
leave

# the database out of reach: the report stays on disk, queued
kiosk down
visit "kiosk, database out of reach"
expect_eq "the report is on disk" "$(ls "$TMP"/reports/*.json | wc -l)" 3
expect_eq "and queued for the next start" "$(ls "$TMP"/state/fleet-pending/ 2>/dev/null | wc -l)" 1
expect_eq "not in the database" "$(sql "$DB" "SELECT COUNT(*) FROM reports" 2>&1)" 2
leave
# the next start files it
kiosk lite
tui_keys F12
tui_wait "the passphrase is asked" "Administrator passphrase"
tui_text "correct horse"
tui_keys Enter
tui_expect_exit "the kiosk is left" 0 20
expect_grep "the start said it filed the waiting report" "^fleet: +1 waiting report\(s\) filed, 0 still waiting" "$TMP/tui.err"
expect_eq "now in the database" "$(sql "$DB" "SELECT COUNT(*) FROM reports WHERE status = 'trusted'" 2>&1)" 3
expect_eq "the queue is empty" "$(ls "$TMP"/state/fleet-pending/ 2>/dev/null | wc -l)" 0

# collect files a queue as well: queue one through `run`, then collect
cat >"$TMP/ans.yaml" <<'A'
operator: "collector"
role: management
answers:
  "3-2": yes
A
mkdir -p "$TMP/pc/etc" && echo pc-1 >"$TMP/pc/etc/hostname"
printf 'state_dir: %s/state\nallowed_signers: %s\nfleet:\n  database: %s/nodir/x.sqlite\n' "$TMP" "$TMP/allowed" "$TMP" >"$TMP/rundown.yaml"
printf 'state_dir: %s/state\nallowed_signers: %s\nfleet:\n  database: %s\n' "$TMP" "$TMP/allowed" "$DB" >"$TMP/runlite.yaml"
"$REENTRY" run --root "$TMP/pc" --checklist "$TOP/jnsa-checklist.yaml" --answers "$TMP/ans.yaml" \
	--out "$TMP/runout" --key "$TMP/key" --config "$TMP/rundown.yaml" >"$TMP/out" 2>"$TMP/err"
expect_grep "run: not published, queued" "fleet: not published: .*filed at the next start or .reentry collect." "$TMP/err"
mkdir -p "$TMP/empty"
expect_exit 0 "collect with the configured database" "$REENTRY" collect --config "$TMP/runlite.yaml" "$TMP/empty"
expect_grep "collect files the queue" "^fleet: +1 waiting report\(s\) filed" "$TMP/err"
expect_eq "the run's report is in the database" "$(sql "$DB" "SELECT COUNT(*) FROM reports WHERE operator = 'collector'" 2>&1)" 1

# PostgreSQL: the kiosk files its visit in a real server; no password anywhere
if pg_up; then
	conf pg "$pgurl"
	kiosk pg
	visit "kiosk, PostgreSQL"
	tui_screen "$TMP/pgscreen"
	leave
	expect_eq "PostgreSQL: the visit is in the database" \
		"$(sql "$pgurl" "SELECT COUNT(*) FROM reports WHERE status = 'trusted'" 2>&1)" 1
	expect_eq "PostgreSQL: nothing queued" "$(ls "$TMP"/state/fleet-pending/ 2>/dev/null | wc -l)" 0
	# the server stopped: the next visit is queued, and the message hides the password
	pg_down
	kiosk pg
	visit "kiosk, PostgreSQL stopped"
	leave
	expect_eq "PostgreSQL stopped: the visit is queued" "$(ls "$TMP"/state/fleet-pending/ | wc -l)" 1
	cat "$TMP/tui.err" "$TMP/pgscreen" "$TMP/screen" "$TMP"/state/fleet-pending/* >"$TMP/all" 2>/dev/null
	expect_nogrep "the password never shows" "$PW" "$TMP/all"
else
	ok "PostgreSQL # SKIP $why"
fi
