# tui_kiosk_service.sh: the kiosk is out of service while its signature database
# is missing, empty or older than kiosk.max_signature_age_days. The welcome screen
# says so and why, in both languages; an inserted medium is not taken (no scan, no
# question) but a signed report of the refusal is kept.
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"
. "$TOP/tests/tuilib.sh"

tui_fixture
R="$TMP/root"
tui_medium "$R" 0
echo fine >"$R/media/u/STICK/notes.txt"
hash=$(printf 'correct horse\n' | "$REENTRY" tui --hash-passphrase)
printf 'reentry-test %s\n' "$(cat "$TMP/key.pub")" >"$TMP/allowed"
mkdir -p "$TMP/empty" "$TMP/old"
printf 'nothing to see\n' >"$TMP/sample"
echo "$(md5sum "$TMP/sample" | cut -d' ' -f1):$(stat -c %s "$TMP/sample"):Reentry.Test.Sig" >"$TMP/old/test.hdb"
touch -d '30 days ago' "$TMP/old/test.hdb"

# out_of_service NAME DATABASE REASON-REGEX REASON-JA-REGEX
out_of_service() {
	sed "s|database: $TMP/db|database: $2|" "$TMP/config.yaml" >"$TMP/$1.yaml"
	printf 'kiosk:\n  admin_passphrase_hash: "%s"\n  max_signature_age_days: 7\n' "$hash" >>"$TMP/$1.yaml"
	rm -rf "$TMP/reports" && mkdir "$TMP/reports"
	tui_medium "$R" 0
	tui_start 80 24 tui --kiosk --config "$TMP/$1.yaml" --checklist "$TOP/jnsa-checklist.yaml" \
		--lang en --root "$R"
	tui_wait "$1: the welcome screen says out of service" "OUT OF SERVICE" 20
	expect_grep "$1: in Japanese too" "現在ご利用いただけません" "$TMP/screen"
	# the reason wraps (a long database path moves it to the next line): read it joined
	tr '\n' ' ' <"$TMP/screen" | sed 's/  */ /g' >"$TMP/joined"
	expect_grep "$1: and why" "$3" "$TMP/joined"
	expect_grep "$1: and why, in Japanese" "$4" "$TMP/screen"
	expect_grep "$1: no media are taken" "No media are taken now\. Please contact IT\." "$TMP/screen"
	expect_nogrep "$1: it does not invite a medium" "Please insert your USB media" "$TMP/screen"
	tui_medium "$R" 1
	tui_wait "$1: an inserted medium is refused, with a record" "Out of service: this medium" 20
	tr '\n' ' ' <"$TMP/screen" | sed 's/  */ /g' >"$TMP/joined"
	expect_grep "$1: the whole sentence, wrapped, never cut" "Out of service: this medium was not checked \(record [0-9]{8}T[0-9]{6}Z-[a-z]+-000001\)\." "$TMP/joined"
	tui_until "Question|Automatic checks" 2
	expect_nogrep "$1: no scan, no question" "Question|Automatic checks" "$TMP/screen"
	rep=$(ls "$TMP"/reports/*.json 2>/dev/null | head -1)
	if [ -z "$rep" ]; then notok "$1: a report of the refusal is kept"; else
		ok "$1: a report of the refusal is kept"
		expect_exit 0 "$1: it verifies" "$REENTRY" verify "$rep" --allowed-signers "$TMP/allowed"
		got=$(python3 - "$rep" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
c = [x for x in r["checks"] if x["id"] == "media-scan"][0]
print(r["verdict"]["result"], r["device"]["serial"], c["status"], "kiosk_out_of_service" in c["details"])
PY
)
		expect_eq "$1: incomplete, the medium named, media-scan unknown with the reason" "$got" "incomplete 4C530001 unknown True"
		expect_grep "$1: the .txt says why" "media-scan: unknown: not scanned: the kiosk was out of service" "${rep%.json}.txt"
	fi
	tui_keys F12
	tui_until "Administrator passphrase" 5
	tui_text "correct horse"
	tui_keys Enter
	tui_expect_exit "$1: the kiosk leaves with the passphrase" 0 20
}

out_of_service missing "$TMP/nodb" "the virus signature database is missing \($TMP/nodb\)" "ウイルス定義ファイルがありません"
out_of_service empty "$TMP/empty" "the virus signature database is empty \($TMP/empty\)" "ウイルス定義ファイルが空です"
out_of_service stale "$TMP/old" "signature database is 30 days old \(the limit is 7\)" "ウイルス定義ファイルが 30 日前のものです（上限 7 日）"
