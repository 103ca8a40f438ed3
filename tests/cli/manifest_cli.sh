# manifest_cli.sh: the manifest of a scan from the command line, for large disks.
# `scan --manifest FILE` streams one JSON line a file into FILE, a new file never
# overwritten: every file of the tree has its line, with the SHA-256 sha256sum gives,
# the report names FILE with its SHA-256, and memory does not grow with the number of
# files (40,000 against 4,000; the same scans without --manifest do grow, so the test
# can tell). `check --manifest-dir DIR` writes the scans' manifests into DIR and the
# output names them instead of listing every file.
. "$TOP/tests/lib.sh"

cd "$TMP" || exit 1
mkdir -p tree
printf 'this is the test malware\n' >tree/evil.bin
echo "$(md5sum <tree/evil.bin | cut -d' ' -f1):$(stat -c %s tree/evil.bin):Reentry.Test.Sig" >test.hdb
i=0
while [ $i -lt 30 ]; do
	printf 'clean file %d\n' $i >"tree/clean $i.txt"
	i=$((i + 1))
done
printf 'odd\n' >"$(printf 'tree/new\nline')"
field() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$@"; }

expect_exit 1 "scan --manifest of a tree with one infected file" "$REENTRY" scan --db test.hdb --manifest m.jsonl tree
expect_grep "the text names the manifest, its count and hash" "^manifest: m\.jsonl \(32 files, SHA-256 $(sha256sum m.jsonl | cut -d' ' -f1)\)" out
expect_eq "one line a file" "$(wc -l <m.jsonl)" "$(find tree -type f -printf x | wc -c)"
got=$(python3 - <<'PY'
import json, hashlib, os
bad = []
for l in open("m.jsonl"):
    e = json.loads(l)
    p = os.path.join(e["root"], e["path"])
    h = hashlib.sha256(open(p, "rb").read()).hexdigest()
    if h != e["sha256"] or os.path.getsize(p) != e["size"]:
        bad.append(e["path"])
print(bad)
PY
)
expect_eq "every line's size and SHA-256 are the file's" "$got" "[]"
expect_eq "sha256sum agrees on the malware's line" "$(grep -F '"path":"evil.bin"' m.jsonl | field /dev/stdin 'd["sha256"]')" \
	"$(sha256sum tree/evil.bin | cut -d' ' -f1)"
expect_eq "its result is infected" "$(grep -F '"path":"evil.bin"' m.jsonl | field /dev/stdin 'd["result"]')" infected
no_raw_escapes "a file name with a newline stays on its line" m.jsonl
expect_eq "the private directory beside it is gone" "$(find . -maxdepth 1 -name '.reentry-manifest-*' | wc -l)" 0

expect_exit 1 "scan --json --manifest" "$REENTRY" scan --db test.hdb --json --manifest m2.jsonl tree
expect_eq "the report names the file, its hash and count, and lists no clean file" \
	"$(field out '(d["manifest"]["file"], d["manifest"]["sha256"], d["manifest"]["files"], "clean 3.txt" in open(sys.argv[1]).read())')" \
	"('m2.jsonl', '$(sha256sum m2.jsonl | cut -d' ' -f1)', 32, False)"

sum=$(sha256sum m.jsonl)
expect_exit 2 "an existing manifest is never overwritten" "$REENTRY" scan --db test.hdb --manifest m.jsonl tree
expect_grep "it says so" "m\.jsonl exists: a manifest is never overwritten" err
expect_eq "the existing file is untouched" "$(sha256sum m.jsonl)" "$sum"
expect_exit 2 "a manifest in a directory that does not exist" "$REENTRY" scan --db test.hdb --manifest nodir/m.jsonl tree
expect_grep "the directory is named" "nodir: cannot write the manifest there" err

# memory: 40,000 files against 4,000, with and without --manifest
python3 - <<'PY'
import os
for d in range(40):
    os.makedirs(f"big/d{d}")
    for i in range(1000):
        with open(f"big/d{d}/a-file-with-a-longish-name-{i}.txt", "w") as f:
            f.write(str(i))
PY
mkdir small && cp -r big/d0 big/d1 big/d2 big/d3 small/
# (under make asan, ASan's quarantine of freed memory would count as growth: off here)
rss() {
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0:thread_local_quarantine_size_kb=0" \
		/usr/bin/time -f %M -o rss.out "$REENTRY" scan --db test.hdb "$@" >/dev/null 2>&1
	cat rss.out
}
with_small=$(rss --manifest s1.jsonl small)
with_big=$(rss --manifest b1.jsonl big)
without_small=$(rss small)
without_big=$(rss big)
grow=$((with_big - with_small))
if [ "$grow" -lt 4096 ]; then ok "with --manifest, 36,000 more files grow memory by $grow KB (< 4 MB)"; else
	notok "with --manifest, memory does not grow with the files" "grew $grow KB ($with_small -> $with_big)"; fi
grow=$((without_big - without_small))
if [ "$grow" -ge 4096 ]; then ok "without it the manifest is in memory: $grow KB more (the test can tell)"; else
	notok "the test can tell a manifest in memory" "grew only $grow KB ($without_small -> $without_big)"; fi
expect_eq "the big manifest has every file" "$(wc -l <b1.jsonl)" 40000

# check --manifest-dir
mkdir md
printf 'clamav:\n  database: %s/test.hdb\nchecks:\n  endpoint-scan:\n    paths: [/tree]\n' "$TMP" >cfg.yaml
mkdir -p root/etc && echo host >root/etc/hostname && cp -r tree root/tree
expect_exit 1 "check endpoint-scan --manifest-dir" "$REENTRY" check endpoint-scan --root root --config cfg.yaml --json --manifest-dir md
mf=$(ls md)
expect_eq "one manifest, named after its SHA-256" "$mf" "manifest-$(sha256sum "md/$mf" | cut -d' ' -f1).jsonl"
expect_eq "the output names it with its count, and lists no clean file" \
	"$(field out '[(m["manifest"]["file"], m["manifest"]["files"]) for c in d["checks"] for m in [c["details"]]] + ["clean 3.txt" in open(sys.argv[1]).read()]')" \
	"[('$mf', 32), False]"
expect_exit 2 "--manifest-dir that is not a directory" "$REENTRY" check endpoint-scan --root root --config cfg.yaml --manifest-dir cfg.yaml
expect_grep "it is named" "manifest-dir cfg\.yaml: not a directory" err
