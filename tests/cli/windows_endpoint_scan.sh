# windows_endpoint_scan.sh: endpoint-scan on a Windows volume (--root): the
# places malware lives first (each profile's Downloads, Desktop, AppData,
# Public's Desktop, ProgramData, Windows/Temp, found ignoring case), then the
# rest of the volume, every file once; pass, fail and unknown; a time budget
# that runs out (unknown, with which places were covered; fail still wins);
# memory images over the size limit (unknown) or skipped on purpose (named);
# hostile links and missing places; the "paths" parameter; nothing written to
# the volume; and `clamscan -r` with the same test-made database finding the
# same infected files.
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"
. "$TOP/tests/winfix.sh"

# The EICAR test string, assembled here so no file in the tree holds it.
eicar() { printf '%s%s' 'X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR' '-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'; }

DB="$TMP/db"
mkdir -p "$DB"
eicar >"$TMP/eicar.com"
sigtool --md5 "$TMP/eicar.com" | sed 's/:[^:]*$/:Reentry.Test.EICAR/' >"$DB/eicar.hdb"

# cfg NAME [YAML]: a site configuration using the test database, two jobs, and YAML added.
cfg() {
	printf 'clamav:\n  database: %s\n%b' "$DB" "${2:-}" >"$TMP/$1.yaml"
}
cfg plain 'scan:\n  jobs: 2\n'

# The fixture: win_machine's two profiles (Alice, bob) plus the places, in mixed
# case, a Public and a Default profile, the links Windows has, and a file in each.
W="$TMP/win"
win_machine "$W" || { notok "fixture: build the hives"; exit 1; }
STARTUP="AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Startup"
PD_STARTUP="ProgramData/Microsoft/Windows/Start Menu/Programs/StartUp"
mkdir -p "$W/Users/Alice/Downloads" "$W/Users/Alice/Desktop" "$W/Users/Alice/$STARTUP" \
	"$W/Users/bob/DESKTOP" "$W/Users/Public/Desktop" "$W/Users/Default/Desktop" "$W/$PD_STARTUP" \
	"$W/WINDOWS/Temp" "$W/Program Files/App"
ln -s Default "$W/Users/Default User"
ln -s /ProgramData "$W/Users/All Users"
for d in Users/Alice/Downloads Users/Alice/Desktop "Users/Alice/$STARTUP" Users/bob/DESKTOP \
	Users/Public/Desktop Users/Default/Desktop "$PD_STARTUP" WINDOWS/Temp "Program Files/App"; do
	echo "an ordinary file" >"$W/$d/readme.txt"
done
nfiles=$(find "$W" -type f | wc -l)

# snapshot DIR: names, types, sizes, mtimes and contents of everything in DIR.
snapshot() {
	(cd "$1" && find . -printf '%p %y %s %T@ %l\n' | sort && find . -type f -print0 | sort -z | xargs -0 md5sum)
}

# --- pass: every place complete, in order, every file scanned once, nothing written
snapshot "$W" >"$TMP/before"
run_check "clean volume" "$W" endpoint-scan --config "$TMP/plain.yaml"
expect_status "clean volume: pass" pass
snapshot "$W" >"$TMP/after"
if cmp -s "$TMP/before" "$TMP/after"; then ok "nothing on the volume changed"; else notok "nothing on the volume changed" "$(diff "$TMP/before" "$TMP/after" | head -5)"; fi
expect_eq "the places in order: profiles (links and Default left out, Public's Desktop in), ProgramData, Windows/Temp, the rest" \
	"$(jq_check endpoint-scan '[p["place"] for p in d["coverage"]]')" \
	"['Users/Alice/Downloads', 'Users/Alice/Desktop', 'Users/Alice/AppData', 'Users/Public/Desktop', 'Users/bob/DESKTOP', 'ProgramData', 'WINDOWS/Temp', '/']"
expect_eq "every place complete" "$(jq_check endpoint-scan 'all(p["complete"] and p["state"] == "complete" for p in d["coverage"])')" True
expect_eq "every file of the volume scanned" "$(jq_check endpoint-scan 'd["files_scanned"]')" "$nfiles"
expect_eq "no file scanned twice (the manifests name each file once)" \
	"$(jq_check endpoint-scan 'len(set(__import__("os").path.normpath(m["path"] + "/" + f["path"]) for m in d["media"] for f in m["manifest"]))')" "$nfiles"
expect_eq "the Default profile is scanned with the rest" \
	"$(jq_check endpoint-scan 'any(f["path"] == "Users/Default/Desktop/readme.txt" for m in d["media"] if m["path"].endswith("/win/") for f in m["manifest"])')" True
expect_eq "per-place counts add up" "$(jq_check endpoint-scan 'sum(p["files_scanned"] for p in d["coverage"])')" "$nfiles"
expect_grep "English summary" '"en": "[0-9]+ files on this computer scanned, nothing found"' "$TMP/endpoint-scan.json"
expect_grep "Japanese summary" '"ja": "この端末の[0-9]+件のファイルをスキャンし、検出はありませんでした"' "$TMP/endpoint-scan.json"
expect_eq "evidence names the engine" "$(jq_check endpoint-scan '[e["value"] for e in c["evidence"] if e["name"] == "engine_backend"]')" "['libclamav']"
expect_eq "no time budget, none ran out" "$(jq_check endpoint-scan '(d["time_budget_s"], d["budget_ran_out"])')" "(0, False)"

# --- fail: infected files in a priority place, both Startup folders and the rest;
# clamscan -r with the same database finds the same files
eicar >"$W/Users/Alice/Downloads/setup.exe"
eicar >"$W/Users/Alice/$STARTUP/run.com"
eicar >"$W/$PD_STARTUP/svc.com"
eicar >"$W/Program Files/App/evil.dll"
run_check "infected volume" "$W" endpoint-scan --config "$TMP/plain.yaml"
expect_status "infected volume: fail" fail
expect_grep "fail: English" '"en": "4 infected files found on this computer' "$TMP/endpoint-scan.json"
expect_grep "fail: Japanese" '"ja": "この端末で感染ファイルが4件見つかりました' "$TMP/endpoint-scan.json"
jq_check endpoint-scan '"\n".join(sorted(__import__("os").path.normpath(x["path"]) for x in d["infected"]))' >"$TMP/ours"
clamscan -r --no-summary --infected --database="$DB" "$W" >"$TMP/clamscan.out" 2>"$TMP/clamscan.err"
expect_eq "clamscan exits 1 (found)" "$?" 1
sed -n 's/: [^:]*FOUND$//p' "$TMP/clamscan.out" | sort >"$TMP/theirs"
expect_eq "clamscan finds 4" "$(wc -l <"$TMP/theirs")" 4
if cmp -s "$TMP/ours" "$TMP/theirs"; then ok "the same infected files as clamscan -r"; else notok "the same infected files as clamscan -r" "ours: $(cat "$TMP/ours")" "clamscan: $(cat "$TMP/theirs")"; fi
expect_eq "the signature is named" "$(jq_check endpoint-scan 'sorted(set(x["signature"] for x in d["infected"]))')" "['Reentry.Test.EICAR.UNOFFICIAL']"
rm "$W/Users/Alice/Downloads/setup.exe" "$W/Users/Alice/$STARTUP/run.com" "$W/$PD_STARTUP/svc.com" "$W/Program Files/App/evil.dll"

# --- memory images over the size limit: unknown by default, named and left out with skip_memory_images
cfg small 'scan:\n  jobs: 2\n  max_file_size_mb: 1\n'
cfg small_skip 'scan:\n  jobs: 2\n  max_file_size_mb: 1\nchecks:\n  endpoint-scan:\n    skip_memory_images: true\n'
truncate -s 2M "$W/pagefile.sys" "$W/HIBERFIL.SYS"
run_check "memory images over the size limit" "$W" endpoint-scan --config "$TMP/small.yaml"
expect_status "memory images left to the scanner: unknown, never pass" unknown
expect_eq "both images are unscannable" "$(jq_check endpoint-scan 'sorted(x["path"].rsplit("/", 1)[1] for x in d["unscannable"])')" "['HIBERFIL.SYS', 'pagefile.sys']"
run_check "memory images skipped" "$W" endpoint-scan --config "$TMP/small_skip.yaml"
expect_status "skip_memory_images: pass" pass
expect_grep "skipped images named in English" '"en": ".*nothing found; memory images not scanned \(skip_memory_images\): pagefile.sys, HIBERFIL.SYS"' "$TMP/endpoint-scan.json"
expect_grep "and in Japanese" '"ja": ".*メモリイメージはスキャンしていません（skip_memory_images）: pagefile.sys, HIBERFIL.SYS"' "$TMP/endpoint-scan.json"
expect_eq "details name what was not scanned" "$(jq_check endpoint-scan '[x["path"] for x in d["not_scanned"]]')" "['pagefile.sys', 'HIBERFIL.SYS']"
expect_eq "nothing else left out" "$(jq_check endpoint-scan 'd["files_scanned"]')" "$nfiles"
# a file over the limit that is not a memory image stays unknown
truncate -s 2M "$W/Users/bob/DESKTOP/disk.iso"
run_check "a large file on a Desktop" "$W" endpoint-scan --config "$TMP/small_skip.yaml"
expect_status "a file over the size limit: unknown" unknown
expect_eq "it is named unscannable" "$(jq_check endpoint-scan '[x["path"].endswith("/Users/bob/DESKTOP/disk.iso") for x in d["unscannable"]]')" "[True]"
expect_grep "unknown: says to look at it, in Japanese too" '"ja": "検出はありませんが、この端末の1件がスキャンできませんでした' "$TMP/endpoint-scan.json"
rm "$W/pagefile.sys" "$W/HIBERFIL.SYS" "$W/Users/bob/DESKTOP/disk.iso"

# --- a time budget: 8 sparse 256 MB files in the rest take libclamav seconds each;
# one second scans the small priority places completely and stops in the rest
mkdir -p "$W/Program Files/Big"
for i in 1 2 3 4 5 6 7 8; do truncate -s 256M "$W/Program Files/Big/disk$i.vhd"; done
cfg budget 'scan:\n  jobs: 2\n  max_file_size_mb: 300\n  max_scan_size_mb: 300\nchecks:\n  endpoint-scan:\n    time_budget_s: 1\n'
t0=$(date +%s)
run_check "a one-second budget" "$W" endpoint-scan --config "$TMP/budget.yaml"
t1=$(date +%s)
expect_status "budget ran out: unknown, never pass" unknown
expect_eq "the budget stopped the scan within seconds" "$([ $((t1 - t0)) -lt 30 ] && echo yes || echo "no: $((t1 - t0)) s")" yes
expect_eq "details say the budget ran out" "$(jq_check endpoint-scan '(d["time_budget_s"], d["budget_ran_out"])')" "(1, True)"
expect_eq "the priority places were scanned first and completely" \
	"$(jq_check endpoint-scan '[p["place"] for p in d["coverage"] if p["complete"]]')" \
	"['Users/Alice/Downloads', 'Users/Alice/Desktop', 'Users/Alice/AppData', 'Users/Public/Desktop', 'Users/bob/DESKTOP', 'ProgramData', 'WINDOWS/Temp']"
expect_eq "the rest is partly scanned or not at all" "$(jq_check endpoint-scan '[(p["place"], p["complete"], p["state"] in ("partial", "not scanned")) for p in d["coverage"] if p["place"] == "/"]')" "[('/', False, True)]"
expect_grep "the summary says which places were covered" '"en": "the time budget of 1 s ran out before the scan finished \([0-9]+ files scanned, nothing found so far\): fully scanned: Users/Alice/Downloads, Users/Alice/Desktop, Users/Alice/AppData, Users/Public/Desktop, Users/bob/DESKTOP, ProgramData and 1 more; partly: .*; not scanned: .*; scan again with a larger time_budget_s"' "$TMP/endpoint-scan.json"
expect_grep "and in Japanese" '"ja": "時間制限（1秒）に達したため、スキャンが完了していません.*完了: Users/Alice/Downloads、.*未スキャン: ' "$TMP/endpoint-scan.json"
expect_grep "the rest of the volume named as such" 'ボリュームのその他の場所|the rest of the volume' "$TMP/endpoint-scan.json"
# infected still wins: found in Downloads before the budget ran out
eicar >"$W/Users/Alice/Downloads/setup.exe"
run_check "a budget with an infected Downloads" "$W" endpoint-scan --config "$TMP/budget.yaml"
expect_status "infected wins over the budget: fail" fail
expect_grep "fail says the scan was cut short" '"en": "1 infected file found on this computer .*; the time budget of 1 s ran out before the scan finished"' "$TMP/endpoint-scan.json"
rm -r "$W/Program Files/Big" "$W/Users/Alice/Downloads/setup.exe"

# --- hostile links: none leads out of the root, none makes a file scanned twice
mkdir -p "$TMP/outside"
eicar >"$TMP/outside/host.com"
ln -s /etc "$W/Users/Alice/Downloads/etc"
ln -s ../../../../.. "$W/Users/Alice/Downloads/up"
ln -s "$TMP/outside" "$W/Users/Alice/Downloads/out"
mv "$W/Users/Alice/Desktop" "$W/Users/Alice/Desktop.old"
ln -s ../.. "$W/Users/Alice/Desktop"
mkdir -p "$W/Users/bob/Downloads"
ln -s "$TMP/outside" "$W/Users/bob/Downloads/here"
run_check "links inside places" "$W" endpoint-scan --config "$TMP/plain.yaml"
expect_status "links are not followed: pass" pass
expect_nogrep "nothing of the host was scanned" 'host\.com|passwd|/etc/' "$TMP/endpoint-scan.json"
expect_eq "links recorded as skipped" "$(jq_check endpoint-scan 'sorted(x["path"].rsplit("/", 1)[1] for x in d["skipped"] if x["type"] == "symlink" and "/Downloads/" in x["path"])')" "['etc', 'here', 'out', 'up']"
expect_eq "a Desktop that leads to the volume root is left to the rest" "$(jq_check endpoint-scan '[p["place"] for p in d["coverage"] if "Alice" in p["place"]]')" "['Users/Alice/Downloads', 'Users/Alice/AppData']"
expect_eq "still every file once" "$(jq_check endpoint-scan 'd["files_scanned"]')" "$nfiles"
# a place that is itself an absolute link: resolved beneath the root, where it leads nowhere
rm -r "$W/Users/bob/Downloads"
ln -s "$TMP/outside" "$W/Users/bob/Downloads"
run_check "a Downloads that is a link out of the root" "$W" endpoint-scan --config "$TMP/plain.yaml"
expect_status "a place that cannot be resolved: unknown" unknown
expect_nogrep "the host directory was not scanned" 'host\.com' "$TMP/endpoint-scan.json"
expect_eq "the coverage names it not scanned, with the reason" "$(jq_check endpoint-scan '[(p["place"], p["state"], "No such file" in p["error"]) for p in d["coverage"] if "error" in p]')" "[('Users/bob/Downloads', 'not scanned', True)]"
rm "$W/Users/bob/Downloads" "$W/Users/Alice/Desktop" "$W/Users/Alice/Downloads/etc" "$W/Users/Alice/Downloads/up" "$W/Users/Alice/Downloads/out"
mv "$W/Users/Alice/Desktop.old" "$W/Users/Alice/Desktop"

# --- a missing place: the rest still covers the volume, and the details say so
mv "$W/ProgramData" "$TMP/ProgramData"
run_check "no ProgramData" "$W" endpoint-scan --config "$TMP/plain.yaml"
expect_status "a missing place: pass (the rest covers the volume)" pass
expect_eq "missing_paths names it" "$(jq_check endpoint-scan 'd["missing_paths"]')" "['/ProgramData']"
mv "$TMP/ProgramData" "$W/ProgramData"

# --- mixed case: users/Alice/DOWNLOADS on a volume whose Users folder is "users"
W2="$TMP/win2"
win_machine "$W2" || { notok "fixture: build the hives (2)"; exit 1; }
mv "$W2/Users" "$W2/users"
mkdir -p "$W2/users/Alice/DOWNLOADS"
eicar >"$W2/users/Alice/DOWNLOADS/Invoice.PDF.exe"
run_check "users/Alice/DOWNLOADS" "$W2" endpoint-scan --config "$TMP/plain.yaml"
expect_status "found ignoring case: fail" fail
expect_eq "DOWNLOADS is the first place" "$(jq_check endpoint-scan 'd["coverage"][0]["place"]')" "users/Alice/DOWNLOADS"
expect_eq "the infected file, once" "$(jq_check endpoint-scan '[x["path"].endswith("/users/Alice/DOWNLOADS/Invoice.PDF.exe") for x in d["infected"]]')" "[True]"

# --- the paths parameter replaces the set: Windows paths, any case, with a drive letter
cat >"$TMP/paths.yaml" <<EOF
clamav:
  database: $DB
checks:
  endpoint-scan:
    paths: ['C:\\USERS\\alice\\downloads', 'Nowhere']
EOF
run_check "paths parameter" "$W2" endpoint-scan --config "$TMP/paths.yaml"
expect_status "paths: the infected Downloads is scanned" fail
expect_eq "paths: only that place" "$(jq_check endpoint-scan '[p["place"] for p in d["coverage"]]')" "['users/Alice/DOWNLOADS']"
expect_eq "paths: the missing one is named" "$(jq_check endpoint-scan 'd["missing_paths"]')" "['Nowhere']"
cat >"$TMP/nopaths.yaml" <<EOF
clamav:
  database: $DB
checks:
  endpoint-scan:
    paths: [Nowhere, 'D:\\Data']
EOF
run_check "paths that do not exist" "$W2" endpoint-scan --config "$TMP/nopaths.yaml"
expect_status "no path exists: unknown" unknown

# --- no usable database: unknown, never pass
mkdir -p "$TMP/emptydb"
printf 'clamav:\n  database: %s\n' "$TMP/emptydb" >"$TMP/nodb.yaml"
run_check "an empty database" "$W" endpoint-scan --config "$TMP/nodb.yaml"
expect_status "empty database: unknown" unknown

# --- the new parameters are validated where the site configuration is read
cfg badbudget 'checks:\n  endpoint-scan:\n    time_budget_s: -5\n'
expect_exit 2 "a negative time budget is refused" "$REENTRY" check endpoint-scan --root "$W" --config "$TMP/badbudget.yaml"
expect_grep "naming the file, line and range" "badbudget.yaml:[0-9]+:[0-9]+: parameter 'time_budget_s' of check 'endpoint-scan' must be between 0 and" "$TMP/err"
cfg badskip 'checks:\n  endpoint-scan:\n    skip_memory_images: perhaps\n'
expect_exit 2 "skip_memory_images must be true or false" "$REENTRY" check endpoint-scan --root "$W" --config "$TMP/badskip.yaml"
