# scan.sh: `reentry scan` against real libclamav and real peers: detections
# equal `clamscan -r` with the same test-made database file by file; the
# documented results for limits, encryption, FIFOs and links; hostile names;
# --jobs 1 equals --jobs 2; a real clamd over INSTREAM; the media-scan and
# endpoint-scan checks.
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"

TF=/usr/share/clamav-testfiles
DB="$TMP/db"
mkdir -p "$DB"

# The EICAR test string, assembled here so no file in the tree holds it.
eicar() { printf '%s%s' 'X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR' '-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'; }

# --- the database: EICAR by hash (sigtool), a body signature (.ndb), a logical
# signature (.ldb), and the ClamAV test file's code (.ndb) that unpacking reveals
eicar >"$TMP/eicar.com"
sigtool --md5 "$TMP/eicar.com" | sed 's/:[^:]*$/:Reentry.Test.EICAR/' >"$DB/eicar.hdb"
printf 'reentry body marker 7f3a9c' >"$TMP/marker"
echo "Reentry.Test.Body:0:*:$(sigtool --hex-dump <"$TMP/marker" | tr -d '\n')" >"$DB/body.ndb"
h1=$(printf 'first logical part' | sigtool --hex-dump | tr -d '\n')
h2=$(printf 'second logical part' | sigtool --hex-dump | tr -d '\n')
echo "Reentry.Test.Logical;Engine:51-255,Target:0;0&1;$h1;$h2" >"$DB/logical.ldb"
echo "Reentry.Test.ClamFile:0:*:$(dd if="$TF/clam.exe" bs=1 skip=64 count=64 2>/dev/null | sigtool --hex-dump | tr -d '\n')" >"$DB/clam.ndb"
sigtool --info "$DB/eicar.hdb" >/dev/null 2>&1 || true

# a versioned database as freshclam would leave it: an (unsigned) daily container
# built with sigtool, holding one signature that matches nothing in the trees
mkdir -p "$TMP/cud" "$TMP/cuddb"
printf 'nothing in the trees matches this 5e1d' >"$TMP/nomatch"
(cd "$TMP/cud" && echo "Reentry.Test.Daily:0:*:$(sigtool --hex-dump <"$TMP/nomatch" | tr -d '\n')" >daily.ndb &&
	echo test >COPYING && echo reentry-test | sigtool --build=daily.cud --unsigned --cvd-version=27999 \
	--no-cdiff --datadir="$TMP/cud" >/dev/null 2>&1)
cp "$TMP/cud/daily.cud" "$TMP/cuddb/"
cud_time=$(sigtool --info "$TMP/cud/daily.cud" | sed -n 's/^Build time: //p')

# --- the detection tree
T="$TMP/tree"
mkdir -p "$T/plain" "$T/arch" "$T/nested" "$T/testfiles" "$T/clean/sub"
eicar >"$T/plain/eicar.com"
{ echo "prefix"; cat "$TMP/marker"; echo "suffix"; } >"$T/plain/body.bin"
printf 'xx first logical part yy second logical part zz' >"$T/plain/logical.txt"
printf 'only the first logical part' >"$T/clean/half-logical.txt"
for i in 1 2 3 4 5; do head -c 20000 /dev/urandom >"$T/clean/sub/rand$i.bin"; done
echo "plain text" >"$T/clean/readme.txt"
(cd "$TMP" && zip -q "$T/arch/eicar.zip" eicar.com && tar czf "$T/arch/eicar.tar.gz" eicar.com)
(cd "$TMP" && 7z a -bd -y "$T/arch/eicar.7z" eicar.com >/dev/null) || notok "7z archive made"
# nested: eicar in zip in tar.gz in 7z in zip
mkdir -p "$TMP/n" && cd "$TMP/n" && cp "$TMP/eicar.com" . && zip -q l1.zip eicar.com &&
	tar czf l2.tar.gz l1.zip && 7z a -bd -y l3.7z l2.tar.gz >/dev/null && zip -q l4.zip l3.7z &&
	cp l4.zip "$T/nested/deep.zip" && cd "$TMP"
cp "$TF"/* "$T/testfiles/"

clamscan_list() {
	# clamscan with the options reentry uses: alerts for encryption and limits
	clamscan -r --no-summary --stdout -d "$DB" --alert-encrypted=yes --alert-exceeds-max=yes "$@" 2>/dev/null |
		sed -n 's/ FOUND$//p' | sort
}
reentry_list() {
	# "PATH: NAME" for infected, and the heuristic named in an unscannable reason
	sed -n -e 's/ FOUND$//p' -e 's/^\(.*\): UNSCANNABLE: .*(\(Heuristics\.[^)]*\))$/\1: \2/p' "$1" | sort
}

expect_exit 1 "scan of the detection tree exits 1 (infected)" "$REENTRY" scan --db "$DB" "$T"
cp "$TMP/out" "$TMP/tree.txt"
reentry_list "$TMP/tree.txt" >"$TMP/ours"
clamscan_list "$T" >"$TMP/theirs"
if cmp -s "$TMP/ours" "$TMP/theirs"; then ok "detections equal clamscan -r file by file ($(wc -l <"$TMP/ours") files)"
else notok "detections equal clamscan -r file by file" "$(diff "$TMP/ours" "$TMP/theirs" | head -20)"; fi
n_tf=$(ls "$TF" | wc -l)
n_det=$(grep -c "^$T/testfiles/.*: Reentry.Test.ClamFile.UNOFFICIAL FOUND$" "$TMP/tree.txt")
expect_eq "every clamav-testfiles sample is detected" "$n_det" "$n_tf"
for f in plain/eicar.com arch/eicar.zip arch/eicar.tar.gz arch/eicar.7z nested/deep.zip; do
	expect_grep "EICAR found in $f" "^$T/$f: Reentry.Test.EICAR.UNOFFICIAL FOUND$" "$TMP/tree.txt"
done
expect_grep "body signature found" "^$T/plain/body.bin: Reentry.Test.Body.UNOFFICIAL FOUND$" "$TMP/tree.txt"
expect_grep "logical signature found" "^$T/plain/logical.txt: Reentry.Test.Logical.UNOFFICIAL FOUND$" "$TMP/tree.txt"
expect_nogrep "clean files are not reported" "^$T/clean" "$TMP/tree.txt"
expect_grep "summary counts files" "^files scanned: $(find "$T" -type f | wc -l) " "$TMP/tree.txt"
expect_grep "engine line names version and signature count" "^engine: libclamav [0-9.]+, 4 signatures" "$TMP/tree.txt"

# --jobs 1 and --jobs 2 give the same report (but for timing)
"$REENTRY" scan --db "$DB" --json --jobs 1 "$T" 2>/dev/null | grep -v -e '"duration_ms"' -e '"jobs"' >"$TMP/j1"
"$REENTRY" scan --db "$DB" --json --jobs 2 "$T" 2>/dev/null | grep -v -e '"duration_ms"' -e '"jobs"' >"$TMP/j2"
if cmp -s "$TMP/j1" "$TMP/j2" && [ -s "$TMP/j1" ]; then ok "--jobs 1 and --jobs 2 give the same report"
else notok "--jobs 1 and --jobs 2 give the same report" "$(diff "$TMP/j1" "$TMP/j2" | head)"; fi

# JSON fields and the manifest agree with sha256sum
python3 - "$TMP/j2" "$T" >"$TMP/py.out" 2>&1 <<'PY'
import hashlib, json, os, sys
d = json.load(open(sys.argv[1])); root = sys.argv[2]
e = d["engine"]
assert e["backend"] == "libclamav" and e["version"] and e["signatures"] == 4, e
assert "db_version" in e and e["db_time"], e
files = [os.path.join(dp, f) for dp, dn, fn in os.walk(root) for f in fn]
assert d["files_scanned"] == len(files), (d["files_scanned"], len(files))
assert d["bytes_scanned"] == sum(os.path.getsize(f) for f in files)
m = d["media"][0]
assert m["identity"]["kind"] == "directory" and m["identity"]["st_dev"], m["identity"]
man = {x["path"]: x for x in m["manifest"]}
assert len(man) == len(files)
for f in files:
    rel = os.path.relpath(f, root)
    assert man[rel]["size"] == os.path.getsize(f), rel
    assert man[rel]["sha256"] == hashlib.sha256(open(f, "rb").read()).hexdigest(), rel
assert all(set(x) == {"path", "signature", "sha256"} and x["sha256"] == hashlib.sha256(open(x["path"], "rb").read()).hexdigest() for x in d["infected"])
print("json ok")
PY
expect_grep "JSON: engine, counts and a manifest matching sha256sum" "^json ok$" "$TMP/py.out"

# Files up to 32 MB are read once and scanned from memory, larger ones streamed
# for the hash and scanned from the descriptor: both paths, at and around the
# boundary, find what clamscan finds (a body signature near the end) and hash
# what sha256sum hashes; so does an empty file.
B="$TMP/big"
mkdir -p "$B"
for n in 1048575 9000000 33554431 33554432 33554433 36000000; do
	{ head -c "$n" /dev/zero | tr '\0' 'a'; cat "$TMP/marker"; } >"$B/m$n.bin"
done
head -c 33554433 /dev/zero >"$B/clean33.bin"
: >"$B/empty"
clamscan_list "$B" >"$TMP/big.theirs"
"$REENTRY" scan --db "$DB" --json --jobs 2 "$B" >"$TMP/big.json" 2>/dev/null
python3 - "$TMP/big.json" "$B" "$TMP/big.theirs" >"$TMP/big.out" 2>&1 <<'PY'
import hashlib, json, os, sys
d = json.load(open(sys.argv[1])); root = sys.argv[2]
ours = sorted("%s: %s" % (x["path"], x["signature"]) for x in d["infected"])
theirs = [l.rstrip("\n") for l in open(sys.argv[3])]
assert ours == theirs and len(ours) == 6, (ours, theirs)
assert d["unscannable"] == [], d["unscannable"]
man = {x["path"]: x for x in d["media"][0]["manifest"]}
assert len(man) == 8, sorted(man)
for rel, x in man.items():
    f = os.path.join(root, rel)
    assert x["size"] == os.path.getsize(f), rel
    assert x["sha256"] == hashlib.sha256(open(f, "rb").read()).hexdigest(), rel
print("big ok")
PY
expect_grep "files around the 32 MB read-once limit: detections equal clamscan, hashes equal sha256sum" \
	"^big ok$" "$TMP/big.out"
rm -rf "$B"

# --- limits, encryption, special files: the documented results
E="$TMP/edge"
mkdir -p "$E/inner"
head -c 3000000 /dev/urandom >"$E/big.bin"                         # over max_file_size 2 MB
head -c 60000000 /dev/zero >"$TMP/zeros" && (cd "$TMP" && zip -q "$E/bomb.zip" zeros)  # 60 MB in ~60 kB
gzip -c "$TMP/zeros" >"$E/bomb.gz"
cp "$TMP/eicar.com" "$TMP/n/e2.com" && (cd "$TMP/n" && zip -q -P secret "$E/enc.zip" e2.com)
cp "$TMP/n/l1.zip" "$TMP/r0.zip"
for i in 1 2 3 4 5 6; do (cd "$TMP" && zip -q "r$i.zip" "r$((i - 1)).zip"); done
cp "$TMP/r6.zip" "$E/recursion.zip"                                # EICAR 7 levels down, limit 3
mkfifo "$E/fifo"
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$E/sock"
mknod "$E/null" c 1 3 2>/dev/null || true
ln -s nowhere "$E/dangling"
ln -s /etc/passwd "$E/outside"
ln -s ../inner "$E/inner/loop-back"
ln -s ../.. "$E/inner/up-and-out"
ln -s loop2 "$E/loop1" && ln -s loop1 "$E/loop2"
echo fine >"$E/inner/ok.txt"
printf 'scan:\n  max_file_size_mb: 2\n  max_scan_size_mb: 10\n  max_recursion: 3\n' >"$TMP/limits.yaml"
expect_exit 3 "edge tree: nothing infected, something unscannable: exit 3" \
	timeout 60 "$REENTRY" scan --config "$TMP/limits.yaml" --db "$DB" "$E"
cp "$TMP/out" "$TMP/edge.txt"
expect_grep "file over the size limit is unscannable" "^$E/big.bin: UNSCANNABLE: larger than the file size limit \(Heuristics.Limits.Exceeded.MaxFileSize\)$" "$TMP/edge.txt"
expect_grep "zip bomb is unscannable (libclamav would scan a cut member silently)" "^$E/bomb.zip: UNSCANNABLE: archive member 'zeros' \(60000000 bytes\) is larger than the file size limit; only its first part was scanned$" "$TMP/edge.txt"
expect_grep "gzip bomb is unscannable" "^$E/bomb.gz: UNSCANNABLE: larger than the file size limit \(Heuristics.Limits.Exceeded.MaxFileSize\)$" "$TMP/edge.txt"
expect_grep "encrypted zip is unscannable" "^$E/enc.zip: UNSCANNABLE: encrypted, its contents cannot be scanned \(Heuristics.Encrypted.Zip\)$" "$TMP/edge.txt"
expect_grep "archive nested past the limit is unscannable" "^$E/recursion.zip: UNSCANNABLE: archives nested deeper than the recursion limit" "$TMP/edge.txt"
expect_grep "FIFO skipped, recorded" "^$E/fifo: skipped fifo: " "$TMP/edge.txt"
expect_grep "socket skipped, recorded" "^$E/sock: skipped socket: socket, not a regular file; not read$" "$TMP/edge.txt"
if [ -c "$E/null" ]; then
	expect_grep "device skipped, recorded" "^$E/null: skipped char-device: " "$TMP/edge.txt"
else
	ok "device skipped # SKIP cannot mknod here"
fi
expect_grep "dangling link recorded" "^$E/dangling: skipped symlink: -> nowhere \(dangling\)$" "$TMP/edge.txt"
expect_grep "link out of the medium recorded, not followed" "^$E/outside: skipped symlink: -> /etc/passwd \(points outside the medium, not followed\)$" "$TMP/edge.txt"
expect_grep "link inside recorded, not followed" "^$E/inner/loop-back: skipped symlink: -> ../inner \(inside the medium, not followed\)$" "$TMP/edge.txt"
expect_grep "link climbing out with .. recorded as outside" "^$E/inner/up-and-out: skipped symlink: -> ../.. \(points outside the medium, not followed\)$" "$TMP/edge.txt"
expect_grep "link loop recorded" "^$E/loop1: skipped symlink: -> loop2 \(loop\)$" "$TMP/edge.txt"
expect_nogrep "nothing on the edge tree reported clean-but-infected" "FOUND$" "$TMP/edge.txt"
clamscan -r --no-summary --stdout -d "$DB" --alert-encrypted=yes --alert-exceeds-max=yes \
	--max-filesize=2M --max-scansize=10M --max-recursion=3 "$E" 2>/dev/null | sed -n 's/ FOUND$//p' | sort >"$TMP/theirs"
reentry_list "$TMP/edge.txt" >"$TMP/ours"
if cmp -s "$TMP/ours" "$TMP/theirs"; then ok "edge tree: same heuristics as clamscan with the same limits"
else notok "edge tree: same heuristics as clamscan with the same limits" "$(diff "$TMP/ours" "$TMP/theirs" | head)"; fi
# another filesystem mounted below the path is not crossed, and so the result is
# not clean (needs mount: root; tests/cli/scan_boundaries.sh has btrfs and overlayfs)
mkdir -p "$TMP/mnt/sub"
if mount -t tmpfs reentry-test "$TMP/mnt/sub" 2>/dev/null; then
	eicar >"$TMP/mnt/sub/e.com"
	echo x >"$TMP/mnt/a.txt"
	expect_exit 3 "a filesystem mounted below is not crossed, and the scan is not clean" "$REENTRY" scan --db "$DB" "$TMP/mnt"
	expect_grep "mount point named as unscannable" "^$TMP/mnt/sub: UNSCANNABLE: another filesystem \(tmpfs, source reentry-test\) is mounted here; not entered" "$TMP/out"
	umount "$TMP/mnt/sub"
else
	ok "a filesystem mounted below is not crossed # SKIP cannot mount a tmpfs (not root)"
fi
# the walk never wrote: with access times older than modification times (so that
# relatime would update them on a read, as cat does), they stay as they were
mkdir -p "$TMP/fresh/d"
echo hi >"$TMP/fresh/d/ok.txt"
touch -a -d 2020-01-01 "$TMP/fresh/d/ok.txt" "$TMP/fresh/d"
before=$(stat -c '%X %Y' "$TMP/fresh/d/ok.txt" "$TMP/fresh/d")
"$REENTRY" scan --db "$DB" "$TMP/fresh" >/dev/null 2>&1
expect_eq "scanning leaves access and modification times alone" "$(stat -c '%X %Y' "$TMP/fresh/d/ok.txt" "$TMP/fresh/d")" "$before"
cat "$TMP/fresh/d/ok.txt" >/dev/null
if [ "$(stat -c '%X' "$TMP/fresh/d/ok.txt")" != "${before%% *}" ]; then ok "(control: a plain read does change the access time here)"
else ok "(control: this filesystem does not record access times # SKIP)"; fi

# database version and build time from the container's header
# (libclamav 1.4 leaks a hash context loading a .cud: suppressed for ASan runs here only)
printf 'leak:cl_load\n' >"$TMP/lsan.supp"
expect_exit 0 "versioned database: a clean file" env LSAN_OPTIONS="suppressions=$TMP/lsan.supp:fast_unwind_on_malloc=0" "$REENTRY" scan --db "$TMP/cuddb" --json "$T/clean/readme.txt"
python3 - "$TMP/out" "$cud_time" >"$TMP/py.out" 2>&1 <<'PY'
import json, sys, datetime
e = json.load(open(sys.argv[1]))["engine"]
want = datetime.datetime.strptime(sys.argv[2], "%d %b %Y %H:%M %z").strftime("%Y-%m-%dT%H:%M:")
assert (e["db_version"], e["db_time"][:17], e["db_time_from"], e["signatures"]) == (27999, want, "cvd", 1), (e, want)
print("cvd ok")
PY
expect_grep "db_version and db_time from the daily container (as sigtool --info shows)" "^cvd ok$" "$TMP/py.out"

# unreadable files and directories, scanned as an unprivileged user (nobody)
if command -v setpriv >/dev/null && [ "$(id -u)" -eq 0 ]; then
	P="$TMP/perm"
	mkdir -p "$P/db" "$P/t/locked"
	chmod 711 "$TMP"
	cp "$DB/eicar.hdb" "$P/db/"
	eicar >"$P/t/e.com"
	echo secret >"$P/t/private.txt" && chmod 000 "$P/t/private.txt"
	echo x >"$P/t/locked/a" && chmod 000 "$P/t/locked"
	chmod -R a+rX "$P/db" && chmod 755 "$P" "$P/t" && chmod 644 "$P/t/e.com"
	expect_exit 1 "as nobody: infected file still found" setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$REENTRY" scan --db "$P/db" "$P/t"
	expect_grep "unreadable file is unscannable" "^$P/t/private.txt: UNSCANNABLE: cannot be opened: Permission denied$" "$TMP/out"
	expect_grep "unreadable directory is unscannable" "^$P/t/locked: UNSCANNABLE: directory cannot be opened: Permission denied$" "$TMP/out"
	expect_exit 3 "as nobody: nothing infected, something unreadable: exit 3" setpriv --reuid=65534 \
		--regid=65534 --clear-groups "$REENTRY" scan --db "$P/db" "$P/t/private.txt" "$P/t/locked"
	chmod 755 "$P/t/locked"
else
	ok "unreadable files # SKIP needs root and setpriv to become nobody"
fi

# --- clean, errors
expect_exit 0 "clean tree exits 0" "$REENTRY" scan --db "$DB" "$T/clean"
expect_grep "clean verdict" "^verdict: clean$" "$TMP/out"
expect_exit 2 "missing path exits 2" "$REENTRY" scan --db "$DB" "$TMP/no-such-dir"
expect_grep "missing path named" "no-such-dir: No such file or directory" "$TMP/out"
expect_exit 2 "missing database exits 2" "$REENTRY" scan --db "$TMP/no-db" "$T/clean"
expect_grep "missing database: says how to fix it" "freshclam" "$TMP/err"
mkdir -p "$TMP/emptydb"
expect_exit 2 "empty database exits 2, never clean" "$REENTRY" scan --db "$TMP/emptydb" "$T/clean"
expect_grep "empty database: says how to fix it" "is empty; run freshclam" "$TMP/err"
expect_exit 2 "a FIFO named as the path is an error, not clean" "$REENTRY" scan --db "$DB" "$E/fifo"
expect_grep "FIFO root: says what to do" "fifo, not a directory or regular file" "$TMP/out"
expect_exit 1 "a single file as the path" "$REENTRY" scan --db "$DB" --json "$T/plain/eicar.com"
expect_grep "single file: manifest names the file" '"path": "eicar.com"' "$TMP/out"
expect_exit 2 "bad --jobs" "$REENTRY" scan --db "$DB" --jobs 0 "$T/clean"
# libclamav's own messages go to the log, never to the terminal
mkdir -p "$TMP/baddb" && cp "$DB/eicar.hdb" "$TMP/baddb/" && echo "broken line" >"$TMP/baddb/bad.ndb"
expect_exit 2 "malformed database exits 2" "$REENTRY" scan --db "$TMP/baddb" --log "$TMP/clam.log" "$T/clean"
expect_grep "malformed database: one message of ours" "^reentry: cannot load the signature database .*Malformed database" "$TMP/err"
expect_nogrep "libclamav does not write to the terminal" "LibClamAV" "$TMP/err"
expect_grep "libclamav's messages are in the --log file" "^error: .*bad.ndb" "$TMP/clam.log"

# --- hostile names
H="$TMP/hostile"
mkdir -p "$H"
eicar >"$H/$(printf 'esc\033[31mred\033]0;title\007')"
eicar >"$H/$(printf 'new\nline')"
eicar >"$H/$(printf 'bad\377\376utf8')"
eicar >"$H/$(printf '%0255d' 7)"
# a path of 45 directories of 100 bytes (over PATH_MAX), built in two halves
chain() { i=$1; c=""; while [ "$i" -le "$2" ]; do c="$c${c:+/}$(printf 'd%099d' "$i")"; i=$((i + 1)); done; echo "$c"; }
mkdir -p "$H/$(chain 1 20)" "$TMP/half/$(chain 21 45)"
eicar >"$TMP/half/$(chain 21 45)/deep.com"
mv "$TMP/half/$(chain 21 21)" "$H/$(chain 1 20)/"
expect_exit 1 "hostile names: scan exits 1" "$REENTRY" scan --db "$DB" "$H"
no_raw_escapes "hostile names: no raw control bytes on stdout" "$TMP/out"
no_raw_escapes "hostile names: no raw control bytes on stderr" "$TMP/err"
expect_grep "hostile names: all five found" "^infected: 5, unscannable: 0" "$TMP/out"
expect_exit 1 "hostile names: JSON" "$REENTRY" scan --db "$DB" --json "$H"
no_raw_escapes "hostile names: no raw control bytes in the JSON" "$TMP/out"
find "$H" -type f -print0 >"$TMP/want0"
python3 - "$TMP/out" "$TMP/want0" >"$TMP/py.out" 2>&1 <<'PY'
import json, os, sys
d = json.load(open(sys.argv[1]))
got = set()
for x in d["infected"]:
    got.add(bytes.fromhex(x["path_hex"]) if "path_hex" in x else x["path"].encode())
want = set(p for p in open(sys.argv[2], "rb").read().split(b"\0") if p)
assert len(want) == 5, want
assert got == want, (got ^ want)
assert any("path_hex" in x for x in d["infected"])
assert any(len(x["path"]) > 4096 for x in d["infected"])
print("names ok")
PY
expect_grep "hostile names: exact bytes recoverable (path_hex), deep path over PATH_MAX found" "^names ok$" "$TMP/py.out"

# the progress bar on a terminal: complete, and names sanitised in it
if script -qfec "'$REENTRY' scan --db '$DB' --jobs 1 '$H'" "$TMP/typescript" >/dev/null 2>&1 </dev/null; then
	notok "scan on a terminal exits 1"
else
	ok "scan on a terminal exits 1"
fi
expect_grep "progress bar reaches 100% with file and byte counts" 'scanning \[#{20}\] 100% 5/5 files' "$TMP/typescript"
expect_grep "progress shows loading" 'loading signatures' "$TMP/typescript"
if LC_ALL=C grep -q "$(printf '\033\\[31m')" "$TMP/typescript"; then notok "no hostile escape sequence reaches the terminal"
else ok "no hostile escape sequence reaches the terminal"; fi

# --- clamd over INSTREAM, started here on a private socket with the test database
if command -v clamd >/dev/null 2>&1 || [ -x /usr/sbin/clamd ]; then
	CLAMD=$(command -v clamd || echo /usr/sbin/clamd)
	cat >"$TMP/clamd.conf" <<EOF
Foreground yes
LocalSocket $TMP/clamd.sock
DatabaseDirectory $TMP/clamddb
LogFile $TMP/clamd.log
PidFile $TMP/clamd.pid
TemporaryDirectory $TMP
AlertEncrypted yes
AlertExceedsMax yes
MaxThreads 4
EOF
	mkdir -p "$TMP/clamddb" && cp "$DB"/* "$TMP/cuddb/daily.cud" "$TMP/clamddb/"
	"$CLAMD" -c "$TMP/clamd.conf" >"$TMP/clamd.out" 2>&1 &
	clamd_pid=$!
	trap 'kill $clamd_pid 2>/dev/null; wait $clamd_pid 2>/dev/null; rm -rf "$TMP"' EXIT
	i=0
	while [ ! -S "$TMP/clamd.sock" ] && [ $i -lt 100 ]; do sleep 0.2; i=$((i + 1)); done
	printf 'clamav:\n  clamd_socket: %s\n' "$TMP/clamd.sock" >"$TMP/clamd.yaml"
	expect_exit 1 "clamd: detection tree exits 1" "$REENTRY" scan --config "$TMP/clamd.yaml" "$T"
	reentry_list "$TMP/out" >"$TMP/clamd.list"
	reentry_list "$TMP/tree.txt" >"$TMP/ours"
	if cmp -s "$TMP/clamd.list" "$TMP/ours"; then ok "clamd gives the same detections as the embedded engine"
	else notok "clamd gives the same detections as the embedded engine" "$(diff "$TMP/clamd.list" "$TMP/ours" | head)"; fi
	expect_exit 1 "clamd: JSON" "$REENTRY" scan --config "$TMP/clamd.yaml" --json "$T"
	expect_grep "clamd: backend named in the report" '"backend": "clamd"' "$TMP/out"
	expect_grep "clamd: database version from its VERSION answer" '"db_version": 27999' "$TMP/out"
	grep -v -e '"duration_ms"' -e '"jobs"' -e '"engine"' "$TMP/out" | sed -n '/"verdict"/,$p' >"$TMP/cj"
	sed -n '/"verdict"/,$p' "$TMP/j2" >"$TMP/ej"
	if cmp -s "$TMP/cj" "$TMP/ej"; then ok "clamd: same report fields and manifest as the embedded engine"
	else notok "clamd: same report fields and manifest as the embedded engine" "$(diff "$TMP/cj" "$TMP/ej" | head)"; fi
	# a file over the size limit is not streamed: unscannable from its size, not hashed
	printf 'clamav:\n  clamd_socket: %s\nscan:\n  max_file_size_mb: 1\n' "$TMP/clamd.sock" >"$TMP/clamd1.yaml"
	mkdir -p "$TMP/over" && truncate -s 5M "$TMP/over/sparse.img"
	expect_exit 3 "clamd: a file over the size limit is unscannable" "$REENTRY" scan --config "$TMP/clamd1.yaml" --json "$TMP/over"
	expect_grep "clamd: not sent, and the manifest says not hashed" '"not_hashed": "not hashed: larger than the file size limit"' "$TMP/out"
	expect_grep "clamd: the reason names the limit" '"reason": "larger than the file size limit \(5242880 bytes, limit 1048576\); not sent to clamd"' "$TMP/out"
	expect_exit 3 "clamd: encrypted zip is unscannable" "$REENTRY" scan --config "$TMP/clamd.yaml" "$E/enc.zip"
	expect_grep "clamd: encrypted reason" "UNSCANNABLE: encrypted" "$TMP/out"
	kill $clamd_pid
	wait $clamd_pid 2>/dev/null
	expect_exit 2 "clamd not running: exits 2 with the fix" "$REENTRY" scan --config "$TMP/clamd.yaml" "$T/clean"
	expect_grep "clamd not running: message" "cannot connect to clamd at .*clamav-daemon" "$TMP/err"
else
	notok "clamd installed (package clamav-daemon)"
fi

# --- the checks: endpoint-scan on a fixture root, media-scan on a fake USB stick
R="$TMP/root"
mkdir -p "$R/home/u" "$R/tmp" "$R/opt"
eicar >"$R/home/u/dl.com"
echo ok >"$R/opt/x"
printf 'clamav:\n  database: %s\n' "$DB" >"$TMP/cfg.yaml"
expect_exit 1 "endpoint-scan fails on an infected home" "$REENTRY" check --root "$R" --config "$TMP/cfg.yaml" --json endpoint-scan
python3 - "$TMP/out" >"$TMP/py.out" 2>&1 <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))["checks"][0]
d = c["details"]
assert c["status"] == "fail", c["status"]
assert d["engine"]["version"] and d["engine"]["signatures"] == 4
assert [x["path"].endswith("/home/u/dl.com") for x in d["infected"]] == [True]
assert sorted(d["missing_paths"]) == ["/usr/local", "/var/tmp"], d["missing_paths"]
assert sum(len(m["manifest"]) for m in d["media"]) == 2
assert any(e["name"] == "engine" for e in c["evidence"])
print("endpoint ok")
PY
expect_grep "endpoint-scan: details carry engine, findings and manifest" "^endpoint ok$" "$TMP/py.out"
rm "$R/home/u/dl.com"
expect_exit 0 "endpoint-scan passes on a clean laptop" "$REENTRY" check --root "$R" --config "$TMP/cfg.yaml" endpoint-scan
printf 'clamav:\n  database: %s\n' "$TMP/emptydb" >"$TMP/nodb.yaml"
expect_exit 3 "endpoint-scan with an empty database is unknown, never pass" "$REENTRY" check --root "$R" endpoint-scan --config "$TMP/nodb.yaml"
expect_grep "endpoint-scan: unknown says how to fix it" "UNKNOWN .*freshclam" "$TMP/out"
# a time budget: sparse 256 MB files in /opt take libclamav seconds each; one second
# covers /home and /tmp (small, scanned first) and stops in /opt: unknown, never pass
for i in 1 2 3 4 5 6 7 8; do truncate -s 256M "$R/opt/disk$i.img"; done
printf 'clamav:\n  database: %s\nscan:\n  jobs: 2\n  max_file_size_mb: 300\n  max_scan_size_mb: 300\nchecks:\n  endpoint-scan:\n    time_budget_s: 1\n' "$DB" >"$TMP/budget.yaml"
expect_exit 3 "endpoint-scan: a time budget that runs out is unknown" "$REENTRY" check --root "$R" --config "$TMP/budget.yaml" --json endpoint-scan
python3 - "$TMP/out" >"$TMP/py.out" 2>&1 <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))["checks"][0]
d = c["details"]
assert d["budget_ran_out"] is True and d["time_budget_s"] == 1, d
cov = {p["place"].rsplit("/", 1)[1]: p for p in d["coverage"]}
assert cov["home"]["complete"] and cov["tmp"]["complete"], cov
assert not cov["opt"]["complete"], cov
assert c["summary"]["en"].startswith("the time budget of 1 s ran out"), c["summary"]
assert c["summary"]["ja"].startswith("時間制限（1秒）"), c["summary"]
print("budget ok")
PY
expect_grep "endpoint-scan: the coverage says what the budget covered" "^budget ok$" "$TMP/py.out"
rm "$R"/opt/disk*.img

F="$TMP/fx"
fix_usb_disk "$F" sdb 8:16 15633408 4C530001
fix_part "$F" sdb sdb1 8:17 15631360
mkdir -p "$F/dev/disk/by-uuid" "$F/dev/disk/by-label"
ln -s ../../sdb1 "$F/dev/disk/by-uuid/1234-ABCD"
ln -s ../../sdb1 "$F/dev/disk/by-label/STICK"
fix_mountinfo "$F" "90 27 8:17 / /media/u/STICK rw,nosuid - vfat /dev/sdb1 rw"
mkdir -p "$F/media/u/STICK/docs"
echo report >"$F/media/u/STICK/docs/report.txt"
cp "$T/arch/eicar.zip" "$F/media/u/STICK/docs/"
expect_exit 1 "media-scan fails on an infected stick" "$REENTRY" check --root "$F" --config "$TMP/cfg.yaml" --json media-scan
python3 - "$TMP/out" >"$TMP/py.out" 2>&1 <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))["checks"][0]
d = c["details"]
assert c["status"] == "fail", c
m = d["media"][0]
i = m["identity"]
assert (i["kind"], i["vendor"], i["serial"], i["uuid"], i["label"]) == ("medium", "SanDisk", "4C530001", "1234-ABCD", "STICK"), i
assert sorted(x["path"] for x in m["manifest"]) == ["docs/eicar.zip", "docs/report.txt"]
assert d["infected"][0]["path"].endswith("/media/u/STICK/docs/eicar.zip")
print("media ok")
PY
expect_grep "media-scan: identity (vendor, serial, UUID, label) and manifest" "^media ok$" "$TMP/py.out"
rm "$F/media/u/STICK/docs/eicar.zip"
expect_exit 0 "media-scan passes on a clean stick" "$REENTRY" check --root "$F" --config "$TMP/cfg.yaml" media-scan
