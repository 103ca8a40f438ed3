# windows_suspicious_domains.sh: suspicious-domains on a Windows root: the
# hosts file (Windows/System32/drivers/etc/hosts, any letter case), Edge and
# Chrome History in every profile, Firefox places.sqlite under each user's
# AppData; the same rules and hardened readers as on Linux (a crafted
# database is reported, a link out of the root is not followed).
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"
. "$TOP/tests/winfix.sh"

W="$TMP/win"
win_machine "$W" || { notok "fixture: build the hives"; exit 1; }
mkdir -p "$W/WINDOWS/system32/Drivers/ETC" \
	"$W/Users/Alice/AppData/Local/Microsoft/Edge/User Data/Default" \
	"$W/Users/Alice/AppData/Local/Microsoft/Edge/User Data/Profile 2" \
	"$W/Users/bob/AppData/local/Google/Chrome/User Data/Default" \
	"$W/Users/bob/AppData/Roaming/Mozilla/Firefox/Profiles/x1.default-release"
printf '127.0.0.1 localhost\r\n10.0.0.5 intranet.example.co.jp\r\n' >"$W/WINDOWS/system32/Drivers/ETC/HOSTS"
printf 'org_domains: [example.co.jp]\n' >"$TMP/org.yaml"
ch_db() {
	sqlite3 "$1" 'CREATE TABLE urls(id INTEGER PRIMARY KEY AUTOINCREMENT, url LONGVARCHAR, title LONGVARCHAR,
  visit_count INTEGER DEFAULT 0 NOT NULL, typed_count INTEGER DEFAULT 0 NOT NULL,
  last_visit_time INTEGER NOT NULL, hidden INTEGER DEFAULT 0 NOT NULL);'
	[ -z "${2:-}" ] || sqlite3 "$1" "INSERT INTO urls (url, last_visit_time, visit_count) VALUES ('$2', 13230000000000000, 1);"
}
ff_db() {
	sqlite3 "$1" 'CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url LONGVARCHAR, title LONGVARCHAR, rev_host LONGVARCHAR,
  visit_count INTEGER DEFAULT 0, hidden INTEGER DEFAULT 0 NOT NULL, typed INTEGER DEFAULT 0 NOT NULL,
  frecency INTEGER DEFAULT -1 NOT NULL, last_visit_date INTEGER, guid TEXT, foreign_count INTEGER DEFAULT 0 NOT NULL,
  url_hash INTEGER DEFAULT 0 NOT NULL, description TEXT, preview_image_url TEXT, origin_id INTEGER);'
	[ -z "${2:-}" ] || sqlite3 "$1" "INSERT INTO moz_places (url, last_visit_date, visit_count) VALUES ('$2', 1590000000000000, 2);"
}
EDGE="$W/Users/Alice/AppData/Local/Microsoft/Edge/User Data"
CHROME="$W/Users/bob/AppData/local/Google/Chrome/User Data"
FF="$W/Users/bob/AppData/Roaming/Mozilla/Firefox/Profiles/x1.default-release/places.sqlite"
ch_db "$EDGE/Default/History" 'https://mail.example.co.jp/'
ch_db "$EDGE/Profile 2/History" 'https://www.debian.org/'
ch_db "$CHROME/Default/History" 'https://www.example.co.jp/'
ff_db "$FF" 'https://intranet.example.co.jp/'
sources() { jq_check suspicious-domains '[(x["kind"], x["path"], x["user"], x.get("entries", x.get("unreadable"))) for x in d["sources"]]'; }

run_check "suspicious-domains on a clean Windows root" "$W" suspicious-domains --config "$TMP/org.yaml"
expect_status "nothing suspicious: pass" pass
expect_eq "every source found ignoring case, every profile" "$(sources)" \
	"[('hosts', '/WINDOWS/system32/Drivers/ETC/HOSTS', None, 1), ('chromium-history', '/Users/Alice/AppData/Local/Microsoft/Edge/User Data/Default/History', 'Alice', 1), ('chromium-history', '/Users/Alice/AppData/Local/Microsoft/Edge/User Data/Profile 2/History', 'Alice', 1), ('chromium-history', '/Users/bob/AppData/local/Google/Chrome/User Data/Default/History', 'bob', 1), ('firefox-history', '/Users/bob/AppData/Roaming/Mozilla/Firefox/Profiles/x1.default-release/places.sqlite', 'bob', 1)]"

# a look-alike of the organisation in Edge, a free TLD in Firefox, pharming in hosts
sqlite3 "$EDGE/Profile 2/History" "INSERT INTO urls (url, last_visit_time, visit_count) VALUES ('https://examp1e.co.jp/login', 13230000000000000, 1);"
sqlite3 "$FF" "INSERT INTO moz_places (url, last_visit_date, visit_count) VALUES ('https://city-tokyo.tk/', 1590500000000000, 1);"
run_check "suspicious-domains with look-alikes on Windows" "$W" suspicious-domains --config "$TMP/org.yaml"
expect_status "suspicious domains: warn, as on Linux" warn
expect_eq "the findings, each with its source" \
	"$(jq_check suspicious-domains 'sorted((f["domain"], f["reason"], f["user"]) for f in d["findings"])')" \
	"[('city-tokyo.tk', 'free top-level domain', 'bob'), ('examp1e.co.jp', 'look-alike', 'Alice')]"

# hostile: a History that is a view (crafted), a profile's History linked out of the root
sqlite3 "$CHROME/Default/History" 'DROP TABLE urls; CREATE TABLE t(url, last_visit_time, visit_count); CREATE VIEW urls AS SELECT * FROM t;'
mkdir -p "$EDGE/Profile 3" && ln -s /etc/passwd "$EDGE/Profile 3/History"
run_check "suspicious-domains with a crafted and a planted history" "$W" suspicious-domains --config "$TMP/org.yaml"
expect_eq "the view is reported as crafted" \
	"$(jq_check suspicious-domains '[("crafted" in x.get("unreadable", "") or "view" in x.get("unreadable", "")) for x in d["sources"] if x["path"].endswith("Chrome/User Data/Default/History")]')" "[True]"
expect_eq "the planted link is named, not followed" \
	"$(jq_check suspicious-domains '[("/etc/passwd" in x.get("unreadable", "")) for x in d["sources"] if "Profile 3" in x["path"]]')" "[True]"
if grep -q 'root:x:0' "$TMP/suspicious-domains.json"; then notok "nothing of the host's /etc/passwd in the result"; else ok "nothing of the host's /etc/passwd in the result"; fi
expect_status "a source not read: not pass" warn
