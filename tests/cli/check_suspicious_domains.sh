# check_suspicious_domains.sh: suspicious-domains on fixture homes with real
# Firefox and Chromium history databases (built with the sqlite3 CLI), a hosts
# file, a garbage history, a locked database; and on this machine.
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"

R="$TMP/sd"
mkdir -p "$R/etc" "$R/home/alice/.mozilla/firefox/ab12.default-release" \
	"$R/home/bob/.config/google-chrome/Default" "$R/home/bob/.config/chromium/Profile 1" "$R/root"
cat >"$R/etc/passwd" <<'PW'
root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
alice:x:1000:1000:Alice:/home/alice:/bin/bash
bob:x:1001:1001:Bob:/home/bob:/bin/bash
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
PW
printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost\n10.0.0.5\tintranet.example.co.jp # ok\n' >"$R/etc/hosts"
printf 'org_domains: [example.co.jp]\n' >"$TMP/org.yaml"
# utc SECONDS: the time as Python writes it (the peer for the epoch conversions)
utc() { python3 -c 'import datetime,sys; print(repr(datetime.datetime.fromtimestamp(int(sys.argv[1]), datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")))' "$1"; }

FF="$R/home/alice/.mozilla/firefox/ab12.default-release/places.sqlite"
sqlite3 "$FF" <<'SQL'
CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url LONGVARCHAR, title LONGVARCHAR, rev_host LONGVARCHAR,
  visit_count INTEGER DEFAULT 0, hidden INTEGER DEFAULT 0 NOT NULL, typed INTEGER DEFAULT 0 NOT NULL,
  frecency INTEGER DEFAULT -1 NOT NULL, last_visit_date INTEGER, guid TEXT, foreign_count INTEGER DEFAULT 0 NOT NULL,
  url_hash INTEGER DEFAULT 0 NOT NULL, description TEXT, preview_image_url TEXT, origin_id INTEGER);
INSERT INTO moz_places (url, last_visit_date) VALUES
  ('https://www.example.co.jp/news', 1590000000000000),
  ('https://www.debian.org/', 1590000000000000),
  ('place:sort=8&maxResults=10', NULL);
SQL
CH="$R/home/bob/.config/google-chrome/Default/History"
sqlite3 "$CH" <<'SQL'
CREATE TABLE urls(id INTEGER PRIMARY KEY AUTOINCREMENT, url LONGVARCHAR, title LONGVARCHAR,
  visit_count INTEGER DEFAULT 0 NOT NULL, typed_count INTEGER DEFAULT 0 NOT NULL,
  last_visit_time INTEGER NOT NULL, hidden INTEGER DEFAULT 0 NOT NULL);
INSERT INTO urls (url, last_visit_time) VALUES ('https://mail.example.co.jp/', 13230000000000000);
SQL

run_check "clean histories and hosts" "$R" suspicious-domains --config "$TMP/org.yaml"
expect_status "nothing suspicious: pass" pass
expect_eq "sources read: hosts, Firefox of alice, Chrome of bob" \
	"$(jq_check suspicious-domains '[(x["kind"], x["path"], x["user"], x.get("entries")) for x in d["sources"]]')" \
	"[('hosts', '/etc/hosts', None, 4), ('firefox-history', '/home/alice/.mozilla/firefox/ab12.default-release/places.sqlite', 'alice', 3), ('chromium-history', '/home/bob/.config/google-chrome/Default/History', 'bob', 1)]"

# suspicious visits: a free-TLD copy of a city site, a look-alike, a punycode homograph
sqlite3 "$FF" "INSERT INTO moz_places (url, last_visit_date) VALUES
  ('https://city-tokyo.tk/kurashi/index.html', 1589000000000000),
  ('https://city-tokyo.tk/other', 1590500000000000),
  ('http://user@examp1e.co.jp:8080/login', 1590600000000000);"
sqlite3 "$CH" "INSERT INTO urls (url, last_visit_time) VALUES ('https://xn--xample-2of.co.jp/', 13230000000000000);"
printf '203.0.113.9\tlogin.example.com\n' >>"$R/etc/hosts"
run_check "suspicious visits" "$R" suspicious-domains --config "$TMP/org.yaml"
expect_status "suspicious domains: warn" warn
expect_eq "findings with where and when" \
	"$(jq_check suspicious-domains '[(f["domain"], f["reason"], f["how"], f["source"].split("/")[-1], f["user"], f["last_seen"], f["count"]) for f in d["findings"]]')" \
	"[('login.example.com', 'look-alike', 'same name under another suffix', 'hosts', None, $(python3 -c 'import os,sys,time; print(repr(time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(os.stat(sys.argv[1]).st_mtime))))' "$R/etc/hosts"), 1), ('city-tokyo.tk', 'free top-level domain', None, 'places.sqlite', 'alice', $(utc 1590500000), 2), ('examp1e.co.jp', 'look-alike', 'homoglyphs', 'places.sqlite', 'alice', $(utc 1590600000), 1), ('xn--xample-2of.co.jp', 'look-alike', 'homoglyphs', 'History', 'bob', $(utc $((13230000000 - 11644473600))), 1)]"
expect_eq "punycode is shown decoded too" "$(jq_check suspicious-domains '[f["unicode"] for f in d["findings"] if f["unicode"]]')" "['еxample.co.jp']"
expect_nogrep "full URLs are never reported" "kurashi|/login" "$TMP/suspicious-domains.json"
printf 'checks:\n  suspicious-domains:\n    finding_status: fail\n    free_tlds: [".xyz"]\n' >"$TMP/strict.yaml"
run_check "finding_status fail, other TLD list" "$R" suspicious-domains --config "$TMP/strict.yaml"
expect_status "free .tk no longer listed, no org domains: the hosts entry is not flagged either: pass" pass

# the Chrome profile is locked exclusively by a running "browser": the copy is still read
python3 - "$CH" "$TMP/locked" <<'PY' &
import sqlite3, sys, time, os
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("PRAGMA locking_mode=EXCLUSIVE")
c.execute("BEGIN EXCLUSIVE")
open(sys.argv[2], "w").close()
time.sleep(20)
PY
lockpid=$!
i=0
while [ ! -e "$TMP/locked" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
if sqlite3 "$CH" "SELECT count(*) FROM urls" >/dev/null 2>&1; then
	notok "the History database is locked for direct readers"
else
	ok "the History database is locked for direct readers"
fi
run_check "a locked Chrome history" "$R" suspicious-domains --config "$TMP/org.yaml"
expect_eq "the locked history is read through its copy" \
	"$(jq_check suspicious-domains '[f["domain"] for f in d["findings"] if f["user"] == "bob"]')" "['xn--xample-2of.co.jp']"
kill "$lockpid" 2>/dev/null
wait "$lockpid" 2>/dev/null || true

# a garbage history: that source is unreadable, the others still count
head -c 4096 /dev/urandom >"$R/home/bob/.config/chromium/Profile 1/History"
run_check "a garbage history beside good ones" "$R" suspicious-domains --config "$TMP/org.yaml"
expect_status "findings from the good sources still: warn" warn
expect_eq "the garbage file is reported unreadable with the reason" \
	"$(jq_check suspicious-domains '[(x["path"], x["unreadable"]) for x in d["sources"] if "unreadable" in x]')" \
	"[('/home/bob/.config/chromium/Profile 1/History', 'file is not a database')]"
sqlite3 "$FF" "DELETE FROM moz_places WHERE url LIKE '%tk%' OR url LIKE '%examp1e%'"
sqlite3 "$CH" "DELETE FROM urls WHERE url LIKE '%xn--%'"
sed -i '/login.example.com/d' "$R/etc/hosts"
run_check "no findings, one source unreadable" "$R" suspicious-domains --config "$TMP/org.yaml"
expect_status "clean but incomplete: warn, not pass" warn
# a user's history that is a FIFO or a link to /dev/zero: reported, not waited on
mkdir -p "$R/home/bob/.config/chromium/Profile 2" "$R/home/bob/.config/chromium/Profile 3"
mkfifo "$R/home/bob/.config/chromium/Profile 2/History"
ln -s /dev/zero "$R/home/bob/.config/chromium/Profile 3/History"
run_check "a FIFO and /dev/zero as histories" "$R" suspicious-domains --config "$TMP/org.yaml"
expect_eq "both are unreadable: not a regular file" \
	"$(jq_check suspicious-domains '[(x["path"].split("/")[-2], x["unreadable"]) for x in d["sources"] if "unreadable" in x and x["path"].endswith("History")][1:]')" \
	"[('Profile 2', 'not a regular file'), ('Profile 3', 'not a regular file')]"
rm -r "$R/home/bob/.config/chromium/Profile 2" "$R/home/bob/.config/chromium/Profile 3"

# nothing readable at all: unknown
rm "$FF" "$CH" "$R/etc/hosts"
run_check "only a garbage history" "$R" suspicious-domains --config "$TMP/org.yaml"
expect_status "nothing could be read: unknown" unknown
rm -r "$R/home" "$R/etc/passwd"
run_check "no sources at all" "$R" suspicious-domains
expect_status "nothing to read: unknown" unknown

live_check suspicious-domains

# as an unprivileged user, a home directory it may not enter is reported, not passed over
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1; then
	U="$TMP/unpriv"
	mkdir -p "$U/etc" "$U/home/carol/.mozilla/firefox/p"
	printf 'carol:x:1000:1000::/home/carol:/bin/sh\n' >"$U/etc/passwd"
	printf '127.0.0.1 localhost\n' >"$U/etc/hosts"
	sqlite3 "$U/home/carol/.mozilla/firefox/p/places.sqlite" \
		"CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT, last_visit_date INTEGER);
		 INSERT INTO moz_places (url, last_visit_date) VALUES ('https://phish.gq/', 1590000000000000);"
	chmod 755 "$TMP"
	chmod 700 "$U/home/carol"
	as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	as_nobody "$REENTRY" check suspicious-domains --root "$U" --json >"$TMP/suspicious-domains.json" 2>/dev/null
	expect_eq "as nobody: the closed home is unreadable, hosts alone do not pass" \
		"$(jq_check suspicious-domains '(c["status"], [(x["path"], x["unreadable"]) for x in d["sources"] if "unreadable" in x])')" \
		"('warn', [('/home/carol', 'home directory not readable (run as root)')])"
	run_check "as root the same tree" "$U" suspicious-domains
	expect_status "as root the free-TLD visit is found: warn" warn
	expect_grep "phish.gq is reported" '"phish.gq"' "$TMP/suspicious-domains.json"
	rm "$U/etc/hosts"
	as_nobody "$REENTRY" check suspicious-domains --root "$U" --json >"$TMP/suspicious-domains.json" 2>/dev/null
	expect_eq "as nobody with nothing else readable: unknown" "$(jq_check suspicious-domains 'c["status"]')" "unknown"
else
	ok "# skip unprivileged runs: needs root and setpriv"
	ok "# skip"
	ok "# skip"
	ok "# skip"
	ok "# skip"
fi

# a running browser's newest visits still sit in the write-ahead log: they are read too
W="$TMP/wal"
mkdir -p "$W/etc" "$W/home/dan/.config/chromium/Default"
printf 'dan:x:1000:1000::/home/dan:/bin/sh\n' >"$W/etc/passwd"
python3 - "$W/home/dan/.config/chromium/Default/History" "$TMP/walready" <<'PY' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("PRAGMA journal_mode=WAL")
c.execute("PRAGMA wal_autocheckpoint=0")
c.execute("CREATE TABLE urls(id INTEGER PRIMARY KEY, url TEXT, last_visit_time INTEGER NOT NULL)")
c.execute("INSERT INTO urls(url, last_visit_time) VALUES ('https://fresh-visit.ml/', 13250000000000000)")
open(sys.argv[2], "w").close()
time.sleep(20)
PY
walpid=$!
i=0
while [ ! -e "$TMP/walready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
if [ -s "$W/home/dan/.config/chromium/Default/History-wal" ]; then ok "the visit is still only in History-wal"; else notok "the visit is still only in History-wal"; fi
run_check "a history with an uncheckpointed write-ahead log" "$W" suspicious-domains
expect_grep "the visit from the WAL is found" '"fresh-visit.ml"' "$TMP/suspicious-domains.json"
kill "$walpid" 2>/dev/null
wait "$walpid" 2>/dev/null || true
