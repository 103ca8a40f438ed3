# tui_resume_scan.sh: SIGKILL after a scan, with the session layout of issue 13.
# The scan's manifest is a side file (STATE/side/ID/manifest-SHA256.jsonl),
# written once and referenced from the session by its SHA-256; the session
# file itself holds no clean file. The UI killed with SIGKILL after the scan
# and an answer loses nothing: the next start offers the session, the scan's
# result and the answer are back, and the report written then carries the
# manifest beside it, which verifies. The finished session then leaves the
# directory that is listed at start.
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"
. "$TOP/tests/tuilib.sh"

tui_fixture
R="$TMP/root"
tui_medium "$R" 1
printf 'this is the test malware\n' >"$R/media/u/STICK/evil.bin"
i=0
while [ $i -lt 30 ]; do
	printf 'clean %d\n' $i >"$R/media/u/STICK/clean-$i.txt"
	i=$((i + 1))
done
f="$R/media/u/STICK/evil.bin"
echo "$(md5sum <"$f" | cut -d' ' -f1):$(stat -c %s "$f"):Reentry.Test.Sig" >"$TMP/db/test.hdb"
"$REENTRY" keygen --identity desk@example.jp "$TMP/k2" >"$TMP/kg.out" 2>&1
grep '^desk@example.jp namespaces=' "$TMP/kg.out" >"$TMP/allowed"
sed -i "s#^signing_key: .*#signing_key: $TMP/k2#" "$TMP/config.yaml"

set -- tui --config "$TMP/config.yaml" --checklist "$TOP/jnsa-checklist.yaml" --lang en --root "$R"
tui_start 80 24 "$@"
tui_wait "name prompt" "Your name or staff ID"
tui_text "Dave"
tui_keys Enter 1 Enter
tui_device_skip
tui_wait "overview" "Verdict so far"
tui_wait "signatures loaded" "Signatures: 1 loaded"
tui_keys r
tui_wait "the checks finish" "Finished" 60
tui_wait "media-scan fails on the infected file" "\[FAIL\] Malware scan of removable media"
tui_keys Enter 0
tui_wait "all items" "2-1"
tui_keys y
tui_wait "2-1 answered" "\[PASS\] +(> )?2-1"

st=$(ls "$TMP"/state/session-*.json)
side=$(python3 - "$st" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
r = [x for x in s["results"] if x["id"] == "media-scan"][0]
m = r["details"]["manifest"]
print(m["file"], m["sha256"], m["files"])
PY
)
mfile=$(echo "$side" | cut -d' ' -f1)
msha=$(echo "$side" | cut -d' ' -f2)
mlines=$(echo "$side" | cut -d' ' -f3)
sid=$(basename "$st" .json)
sid=${sid#session-}
expect_eq "the session names the scan's manifest by SHA-256, 31 files" "$mlines" 31
expect_eq "the side file is there, named by its SHA-256" \
	"$(sha256sum <"$TMP/state/side/$sid/$mfile" | cut -d' ' -f1)" "$msha"
expect_eq "the side file's name is its hash" "$mfile" "manifest-$msha.jsonl"
expect_nogrep "the session file holds no clean file" "clean-17.txt" "$st"
expect_eq "the session file stays small (< 40 KB)" "$([ "$(stat -c %s "$st")" -lt 40960 ] && echo yes)" yes

pane=$(tui_tmux display -p -t t '#{pane_pid}')
pid=$(pgrep -P "$pane" -x reentry)
if [ -n "$pid" ] && kill -9 "$pid"; then ok "reentry killed with SIGKILL"; else notok "reentry killed with SIGKILL" "no child of $pane"; fi
tui_expect_exit "the shell saw it die by SIGKILL" 137

tui_start 80 24 "$@"
tui_wait "the unfinished session is offered" "An unfinished session was found"
tui_keys Enter
tui_wait "resumed" "Session resumed"
tui_keys 0
tui_wait "the answer survived the kill" "\[PASS\] +(> )?2-1"
tui_wait "the scan's failure survived the kill" "\[FAIL\] +2-3"
tui_keys s
tui_wait "summary" "Verdict"
tui_keys w
tui_wait "the report is written" "Report ID:" 30
tui_keys q y
tui_expect_exit "quit" 0

rep=$(ls "$TMP"/reports/*.json | head -1)
man=${rep%.json}.manifest.jsonl
expect_eq "the manifest is beside the report" "$(test -f "$man" && echo yes)" yes
expect_eq "it is the scan's side file, byte for byte" "$(sha256sum <"$man" | cut -d' ' -f1)" "$msha"
expect_exit 0 "the report and its manifest verify" "$REENTRY" verify --allowed-signers "$TMP/allowed" "$rep"
expect_eq "the finished session left the listed directory" "$(ls "$TMP"/state/session-*.json 2>/dev/null | wc -l | tr -d ' ')" 0
expect_eq "it is kept in state/finished" "$(ls "$TMP"/state/finished/session-*.json | wc -l | tr -d ' ')" 1
expect_eq "its side directory is gone" "$(test -d "$TMP/state/side/$sid" && echo there || echo gone)" gone

tui_start 80 24 "$@"
tui_wait "a new start offers no session: the finished one is not read" "Your name or staff ID"
tui_keys F10 y
tui_expect_exit "quit" 0
