# windows_os_updates_table.sh: os-updates on Windows roots judged against the
# table of builds: updates behind (counted again here in Python from the same
# table), end of support per edition class, extended security updates, a
# table older than windows.builds_max_age_days (never pass), a table that is
# malformed or silent about the build, and the table shipped in the project.
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"
. "$TOP/tests/winfix.sh"

W="$TMP/win"
win_machine "$W" || { notok "fixture: build the hives"; exit 1; }
CV='HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion'
# machine UBR EDITION: the installation's UBR and EditionID
machine() {
	printf '[%s]\n"UBR"=dword:%08x\n"EditionID"="%s"\n' "$CV" "$1" "$2" | win_software "$W"
}
# table FILE UPDATED_DAYS_AGO HOME_PRO_EOS_DAYS ENTERPRISE_EOS_DAYS UPDATES: a table for
# build 22631 dated that many days ago; UPDATES is "ubr:days_ago[:esu] ..." newest first
table() {
	python3 - "$@" <<'PY'
import sys, datetime as dt
f, upd, hp, ent, ups = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5].split()
day = lambda n: (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=n)).strftime("%Y-%m-%d")
out = ["windows_builds:", "  updated: " + day(upd), "  sources: [\"test\"]", "  builds:",
       "    - build: 22631", "      name: Windows 11 23H2",
       "      end_of_support: {home_pro: %s, enterprise: %s}" % (day(-hp), day(-ent)), "      updates:"]
for i, u in enumerate(ups):
    p = u.split(":")
    out.append("        - {ubr: %s, kb: KB50%04d, date: %s%s}" % (p[0], i, day(int(p[1])), ", esu: true" if len(p) > 2 else ""))
open(f, "w").write("\n".join(out) + "\n")
PY
}
cfg() { printf 'windows:\n  builds_file: %s\n%s' "$TMP/t.yaml" "${1:-}" >"$TMP/c.yaml"; }
# behind UBR: the updates newer than UBR in the table, and days since the oldest of them
behind() {
	python3 - "$TMP/t.yaml" "$1" <<'PY'
import sys, re, datetime as dt
ubr = int(sys.argv[2])
ups = re.findall(r"ubr: (\d+), kb: \w+, date: ([\d-]+)", open(sys.argv[1]).read())
newer = [d for u, d in ups if int(u) > ubr]
days = (dt.datetime.now(dt.timezone.utc).date() - dt.date.fromisoformat(min(newer))).days if newer else 0
print(len(newer), days)
PY
}
cfg

machine 3248 Professional
table "$TMP/t.yaml" 3 300 600 "3400:20 3300:50 3248:80"
run_check "os-updates two updates behind on a current table" "$W" os-updates --config "$TMP/c.yaml"
expect_status "updates missed: fail" fail
expect_eq "updates and days behind, as counted independently" \
	"$(jq_check os-updates 'd["updates_behind"], d["update_days_behind"]' | tr -d '(),')" "$(behind 3248)"
expect_eq "the missed updates named" "$(jq_check os-updates 'd["updates_missed"]')" "['KB500000 (22631.3400)', 'KB500001 (22631.3300)']"
expect_grep "the summary says how far behind" "2 cumulative updates behind, the first missed released" "$TMP/os-updates.json"
expect_grep "in Japanese too" "累積更新が 2 件遅れています" "$TMP/os-updates.json"
expect_eq "the table's date and sources in the details" "$(jq_check os-updates 'd["builds_table"]["sources"]')" "['test']"
printf 'windows:\n  builds_file: %s\nchecks:\n  os-updates:\n    fail_on_security: false\n' "$TMP/t.yaml" >"$TMP/c2.yaml"
run_check "os-updates behind with fail_on_security: false" "$W" os-updates --config "$TMP/c2.yaml"
expect_status "updates missed, site asks for warn: warn" warn

machine 3400 Professional
run_check "os-updates with the newest known update" "$W" os-updates --config "$TMP/c.yaml"
expect_status "current on a current table: pass" pass
expect_eq "nothing behind" "$(jq_check os-updates 'd["updates_behind"], d["update_days_behind"]' | tr -d '(),')" "$(behind 3400)"
expect_grep "the summary gives the end of support" "supported until" "$TMP/os-updates.json"

# end of support per edition class
table "$TMP/t.yaml" 3 -10 300 "3400:20 3300:50"
run_check "os-updates on Pro past its end of support" "$W" os-updates --config "$TMP/c.yaml"
expect_status "past end of support: fail" fail
expect_grep "says end of support" "reached the end of support on" "$TMP/os-updates.json"
expect_eq "edition class home_pro" "$(jq_check os-updates 'd["edition_class"]')" home_pro
machine 3400 Enterprise
run_check "os-updates on Enterprise, still supported" "$W" os-updates --config "$TMP/c.yaml"
expect_status "Enterprise in support and current: pass" pass
expect_eq "edition class enterprise" "$(jq_check os-updates 'd["edition_class"]')" enterprise
# an extended security update installed after the end of support
machine 3500 Professional
table "$TMP/t.yaml" 3 -10 300 "3500:5:esu 3400:20 3300:50"
run_check "os-updates past end of support with an extended security update" "$W" os-updates --config "$TMP/c.yaml"
expect_status "enrolled in ESU and current: pass" pass
expect_eq "ESU seen" "$(jq_check os-updates 'd["extended_security_updates"]')" True
machine 3400 Professional
run_check "os-updates past end of support without the ESU update" "$W" os-updates --config "$TMP/c.yaml"
expect_status "no ESU update installed: fail" fail

# a stale table never passes; the site can allow an older one
machine 3400 Professional
table "$TMP/t.yaml" 100 300 600 "3400:20 3300:50"
run_check "os-updates with a table 100 days old" "$W" os-updates --config "$TMP/c.yaml"
expect_status "stale table, no servicing history: unknown" unknown
expect_grep "says the table is too old" "older than 60 days" "$TMP/os-updates.json"
cfg '  builds_max_age_days: 120
'
run_check "os-updates with a table 100 days old, 120 allowed" "$W" os-updates --config "$TMP/c.yaml"
expect_status "allowed age: pass" pass
cfg

# a malformed table, a build it does not list
table "$TMP/t.yaml" 3 300 600 "3300:50 3400:20"
run_check "os-updates with updates not newest first" "$W" os-updates --config "$TMP/c.yaml"
expect_status "malformed table: unknown" unknown
expect_grep "names file and line" "t.yaml:[0-9]*:[0-9]*: updates must be listed newest first" "$TMP/os-updates.json"
table "$TMP/t.yaml" 3 300 600 "3400:20 3300:50"
sed -i 's/build: 22631/build: 22621/' "$TMP/t.yaml"
run_check "os-updates with a build not in the table" "$W" os-updates --config "$TMP/c.yaml"
expect_status "build not listed: unknown" unknown
expect_grep "says the build is not listed" "build 22631 is not in the table" "$TMP/os-updates.json"
printf 'windows:\n  builds_file: %s\n' "$TMP/none.yaml" >"$TMP/c3.yaml"
run_check "os-updates with a missing table" "$W" os-updates --config "$TMP/c3.yaml"
expect_status "no table: unknown" unknown

# the table shipped in the project: well formed, dated, with sources; Windows 11 23H2 Pro
# (build 22631) reached its end of support on 2025-11-11
printf 'windows:\n  builds_max_age_days: 3650\n' >"$TMP/c4.yaml"
machine 6199 Professional
run_check "os-updates against the shipped table" "$W" os-updates --config "$TMP/c4.yaml"
expect_eq "the shipped table is read" "$(jq_check os-updates 'd["builds_table"]["file"].endswith("windows-builds.yaml") and len(d["builds_table"]["sources"]) > 0')" True
expect_status "23H2 Pro past 2025-11-11: fail" fail
expect_eq "its end of support" "$(jq_check os-updates 'd["end_of_support"]')" 2025-11-11
