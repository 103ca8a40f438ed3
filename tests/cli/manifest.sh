# manifest.sh: the per-file manifest lives beside the report (issue 13). A run
# whose endpoint scan saw a few dozen files writes REPORT.manifest.jsonl with one
# line per file; the signed report holds its SHA-256, line count and size, never
# the list itself; the text and HTML copies name the infected file and the
# counts, not the clean files. verify, audit and collect check the manifest:
# altered is bad, removed is said (verify exits 3, audit names it, collect files
# the report on its signature and says so). The session's scan results stay in
# a side file, and the finished session moves to finished/.
. "$TOP/tests/lib.sh"
export TZ=UTC

cd "$TMP" || exit 1
"$REENTRY" keygen --identity desk@example.jp key >kg.out 2>&1 || exit 1
grep '^desk@example.jp namespaces=' kg.out >allowed
CL="$TOP/jnsa-checklist.yaml"
mkdir -p db root/etc root/home/u/docs root/proc/self root/sys/block
echo manifesthost >root/etc/hostname
printf '27 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw\n' >root/proc/self/mountinfo
printf 'this is the test malware\n' >root/home/u/evil.bin
echo "$(md5sum <root/home/u/evil.bin | cut -d' ' -f1):$(stat -c %s root/home/u/evil.bin):Reentry.Test.Sig" >db/test.hdb
i=0
while [ $i -lt 40 ]; do
	printf 'clean file %d\n' $i >"root/home/u/docs/clean-$i.txt"
	i=$((i + 1))
done
printf 'state_dir: %s/state\nclamav:\n  database: %s/db\n' "$TMP" "$TMP" >cfg.yaml
printf 'operator: "佐藤"\nrole: staff\nanswers:\n  "2-3": yes\n' >ans.yaml
field() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$@"; }

"$REENTRY" run --root root --checklist "$CL" --config cfg.yaml --key key --out rep --answers ans.yaml >out 2>err
r=$(sed -n 's/^report: *//p' out)
m=${r%.json}.manifest.jsonl
expect_eq "the report is written" "$(test -f "$r" && echo yes)" yes
expect_eq "the manifest is beside it, with the report's base name" "$(test -f "$m" && echo yes)" yes
expect_eq "schema version 3" "$(field "$r" 'd["schema_version"]')" 3
expect_eq "one manifest line per file scanned (41)" "$(wc -l <"$m" | tr -d ' ')" 41
expect_eq "the report holds the manifest's SHA-256, line count and size" \
	"$(field "$r" '(d["manifest"]["sha256"], d["manifest"]["files"], d["manifest"]["bytes"], d["manifest"]["file"])')" \
	"('$(sha256sum <"$m" | cut -d' ' -f1)', 41, $(stat -c %s "$m"), '$(basename "$m")')"
expect_eq "every manifest line is JSON with root, path, size, sha256 and result" \
	"$(python3 -c 'import json,sys
rows=[json.loads(l) for l in open(sys.argv[1])]
print(all(set(["root","path","size","sha256","result"]) <= set(r) for r in rows), sorted(set(r["result"] for r in rows)))' "$m")" \
	"True ['clean', 'infected']"
expect_eq "the infected file's line has its SHA-256" \
	"$(python3 -c 'import json,sys
print([json.loads(l)["sha256"] for l in open(sys.argv[1]) if json.loads(l)["path"].endswith("evil.bin")][0])' "$m")" \
	"$(sha256sum <root/home/u/evil.bin | cut -d' ' -f1)"
expect_nogrep "the signed report lists no clean file" "clean-7.txt" "$r"
expect_grep "it names the infected file" "evil.bin" "$r"
expect_nogrep "the text copy lists no clean file" "clean-7.txt" "${r%.json}.txt"
expect_grep "the text copy names the infected file" "INFECTED.*evil.bin" "${r%.json}.txt"
expect_grep "the text copy gives the counts" "files scanned .*: 41, infected .*: 1" "${r%.json}.txt"
expect_nogrep "the HTML copy lists no clean file" "clean-7.txt" "${r%.json}.html"
expect_grep "the HTML copy names the manifest" "$(basename "$m")" "${r%.json}.html"
expect_exit 0 "ssh-keygen verifies the report (and so the manifest's hash)" \
	sh -c "ssh-keygen -Y verify -f allowed -I desk@example.jp -n reentry-report -s '$r.sig' < '$r'"
expect_exit 0 "reentry verify: good, manifest checked" "$REENTRY" verify --allowed-signers allowed "$r"
"$REENTRY" verify --allowed-signers allowed "$r" >vout 2>&1
expect_grep "verify says the manifest matches" "manifest: .*41 files, [0-9]+ bytes, SHA-256 matches" vout

# the session: finished, moved to finished/, its side files gone (copied beside the report)
expect_eq "no session file left where open ones are listed" "$(ls state/session-*.json 2>/dev/null | wc -l | tr -d ' ')" 0
expect_eq "the finished session is in state/finished" "$(ls state/finished/session-*.json | wc -l | tr -d ' ')" 1
expect_nogrep "the session file holds no clean file" "clean-7.txt" "$(ls state/finished/session-*.json)"
expect_eq "its side directory was removed" "$(ls state/side 2>/dev/null | wc -l | tr -d ' ')" 0

# altered: one byte of one line
mkdir altered && cp rep/* altered/
am=altered/$(basename "$m")
sed -i 's/clean-3\.txt/clean-X.txt/' "$am"
expect_exit 1 "verify fails a report whose manifest was altered" \
	"$REENTRY" verify --allowed-signers allowed "altered/$(basename "$r")"
"$REENTRY" verify --allowed-signers allowed "altered/$(basename "$r")" >vout 2>&1
expect_grep "... saying so" "manifest was altered" vout
expect_exit 1 "audit fails it" "$REENTRY" audit --allowed-signers allowed altered
"$REENTRY" audit --allowed-signers allowed altered >aout 2>&1
expect_grep "... naming the manifest" "manifest.jsonl: the manifest was altered" aout
printf 'x' >>"$am"
sed -i 's/clean-X\.txt/clean-3.txt/' "$am"
expect_exit 1 "a byte appended is caught too" "$REENTRY" verify --allowed-signers allowed "altered/$(basename "$r")"

# removed: said, never a pass of the manifest
mkdir removed && cp rep/* removed/ && rm "removed/$(basename "$m")"
expect_exit 3 "verify of a report without its manifest exits 3" \
	"$REENTRY" verify --allowed-signers allowed "removed/$(basename "$r")"
"$REENTRY" verify --allowed-signers allowed "removed/$(basename "$r")" >vout 2>&1
expect_grep "... and says it is absent, not checked" "manifest: +ABSENT, not checked" vout
expect_exit 1 "audit names the absent manifest as a problem" "$REENTRY" audit --summary-only --allowed-signers allowed removed
"$REENTRY" audit --summary-only --allowed-signers allowed removed >aout 2>&1
expect_grep "... in words" "manifest.jsonl is absent" aout
mkdir orphan && cp "$m" orphan/
expect_exit 1 "audit names a manifest whose report is gone" "$REENTRY" audit --allowed-signers allowed orphan
"$REENTRY" audit --allowed-signers allowed orphan >aout 2>&1
expect_grep "... as a leftover" "is missing \(deleted\?\) but its .*manifest.jsonl remains" aout

# collect (fleet import): altered is rejected, absent is filed with a warning
"$REENTRY" collect --db good.sqlite --allowed-signers allowed rep >cout 2>&1
expect_eq "collect files the intact report" "$?" 0
"$REENTRY" collect --db alt.sqlite --allowed-signers allowed altered >cout 2>&1
expect_eq "collect rejects the report whose manifest was altered" "$?" 1
expect_grep "... saying why" "manifest was altered" cout
expect_eq "it is recorded as rejected" \
	"$(sqlite3 alt.sqlite "SELECT status FROM reports")" rejected
"$REENTRY" collect --db rm.sqlite --allowed-signers allowed removed >cout 2>&1
expect_eq "collect files a report without its manifest on its signature" "$?" 0
expect_grep "... and says the manifest was not checked" "manifest is absent" cout

# reports written before the manifest moved out still verify: version 2 (its
# manifest inline, tests/data/report-v2, written by reentry before this change)
# and version 1 (tests/data/report-v1); they name no manifest file
for v in 1 2; do
	d="$TOP/tests/data/report-v$v"
	f=$(ls "$d"/*.json)
	expect_exit 0 "a stored version $v report verifies" "$REENTRY" verify --allowed-signers "$d/allowed_signers" "$f"
	"$REENTRY" verify --allowed-signers "$d/allowed_signers" "$f" >vout 2>&1
	expect_grep "... and says it names no manifest file" "manifest: +none" vout
	expect_exit 0 "ssh-keygen agrees on the version $v report" \
		sh -c "ssh-keygen -Y verify -f '$d/allowed_signers' -I desk@example.jp -n reentry-report -s '$f.sig' < '$f'"
	mkdir "old$v" && cp "$d"/*.json* "old$v/"
	expect_exit 0 "audit of the stored version $v report" "$REENTRY" audit --summary-only --allowed-signers "$d/allowed_signers" "old$v"
done
expect_eq "the version 2 report keeps its manifest inline" \
	"$(field "$(ls "$TOP"/tests/data/report-v2/*.json)" '[len(m["manifest"]) for c in d["checks"] if c["id"]=="endpoint-scan" for m in c["details"]["media"]]')" "[6]"
