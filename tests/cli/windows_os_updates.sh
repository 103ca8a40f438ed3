# windows_os_updates.sh: os-updates on Windows roots: the newest installed
# cumulative update from Component Based Servicing, the monthly releases
# (second Tuesdays) since, counted again here in Python as the peer, pending
# restarts, and never pass on what cannot be proven offline.
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"
. "$TOP/tests/winfix.sh"

W="$TMP/win"
win_machine "$W" || { notok "fixture: build the hives"; exit 1; }
SW="$W/$WIN_CFG/SOFTWARE"
CBS='HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing'
# package NAME STATE SECONDS_AGO: a servicing package installed that long ago
package() {
	python3 - "$CBS" "$1" "$2" "$3" <<'PY'
import sys, time
cbs, name, state, ago = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
ft = int((time.time() - ago + 11644473600) * 10000000)
print('[%s\\Packages\\%s]' % (cbs, name))
print('"CurrentState"=dword:%08x' % state)
print('"InstallTimeHigh"=dword:%08x' % (ft >> 32))
print('"InstallTimeLow"=dword:%08x' % (ft & 0xffffffff))
print()
PY
}
# releases SECONDS_AGO: second Tuesdays (17:00 UTC) since then, counted independently
releases() {
	python3 - "$1" <<'PY'
import sys, time, datetime as dt
now = dt.datetime.now(dt.timezone.utc)
since = now - dt.timedelta(seconds=float(sys.argv[1]))
n, d = 0, dt.datetime(since.year, since.month, 1, 17, tzinfo=dt.timezone.utc)
while d <= now:
    tue = [d + dt.timedelta(days=i) for i in range(14) if (d + dt.timedelta(days=i)).weekday() == 1][1]
    if since < tue <= now:
        n += 1
    d = dt.datetime(d.year + (d.month == 12), d.month % 12 + 1, 1, 17, tzinfo=dt.timezone.utc)
print(n)
PY
}

run_check "os-updates on Windows without servicing packages" "$W" os-updates
expect_status "no update history: unknown" unknown
expect_grep "the summary names build and UBR" "build 22631\\.3248" "$TMP/os-updates.json"

{ package 'Package_for_RollupFix~31bf3856ad364e35~amd64~~22621.3007.1.7' 112 60
  package 'Package_for_KB5034123~31bf3856ad364e35~amd64~~22621.3007.1.7' 112 30; } | win_software "$W"
run_check "os-updates with a cumulative update installed a minute ago" "$W" os-updates
expect_status "installed after the latest monthly release, newest unprovable: unknown" unknown
expect_eq "the newest cumulative update is named" "$(jq_check os-updates 'd["last_cumulative_update"]')" \
	'Package_for_RollupFix~31bf3856ad364e35~amd64~~22621.3007.1.7'
expect_eq "servicing packages counted" "$(jq_check os-updates 'd["servicing_packages"]')" 2

for days in 20 45 100 400; do
	secs=$((days * 86400))
	{ package 'Package_for_RollupFix~31bf3856ad364e35~amd64~~22621.2861.1.6' 112 $secs
	  package 'Package_for_RollupFix~31bf3856ad364e35~amd64~~22621.3007.1.7' 80 60; } | win_software "$W"
	run_check "os-updates with the last cumulative update $days days ago" "$W" os-updates
	want=$(releases $secs)
	expect_eq "$days days: monthly releases since, as counted independently" \
		"$(jq_check os-updates 'd["monthly_releases_since"]')" "$want"
	if [ "$want" -gt 0 ]; then
		expect_status "$days days, $want release(s) missed: fail" fail
	else
		expect_status "$days days, none missed: unknown" unknown
	fi
	expect_eq "a staged (not installed) newer package is not counted" \
		"$(jq_check os-updates 'd["last_cumulative_update"]')" 'Package_for_RollupFix~31bf3856ad364e35~amd64~~22621.2861.1.6'
done
printf 'checks:\n  os-updates:\n    fail_on_security: false\n' >"$TMP/cfg.yaml"
run_check "os-updates 400 days behind with fail_on_security off" "$W" os-updates --config "$TMP/cfg.yaml"
expect_status "fail_on_security off: warn" warn
expect_eq "InstallTimeHigh as hivexget reads it" \
	"$(hivexget "$SW" '\Microsoft\Windows\CurrentVersion\Component Based Servicing\Packages\Package_for_RollupFix~31bf3856ad364e35~amd64~~22621.2861.1.6' InstallTimeHigh)" \
	"$(python3 -c 'import json,sys,datetime as dt; d=json.load(open(sys.argv[1]))["checks"][0]["details"]; t=dt.datetime.strptime(d["last_cumulative_update_installed"],"%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc).timestamp(); print(int((t+11644473600)*10000000)>>32)' "$TMP/os-updates.json")"

{ package 'Package_for_RollupFix~31bf3856ad364e35~amd64~~22621.3007.1.7' 112 60
  printf '[%s\\RebootPending]\n\n' "$CBS"; } | win_software "$W"
run_check "os-updates with a restart pending" "$W" os-updates
expect_status "restart pending: fail" fail
expect_grep "the marker is named" "restart is pending.*RebootPending" "$TMP/os-updates.json"
{ package 'Package_for_RollupFix~31bf3856ad364e35~amd64~~22621.3007.1.7' 112 60; } | win_software "$W"
win_system "$W" <<'EOF2'
[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Control\Session Manager]
"PendingFileRenameOperations"=hex(7):5c,00,3f,00,3f,00,5c,00,43,00,3a,00,5c,00,78,00,00,00,00,00,00,00
EOF2
run_check "os-updates with file renames pending" "$W" os-updates
expect_status "renames pending a restart: fail" fail
expect_grep "the first rename is named" "PendingFileRenameOperations \\(\\\\\\\\\\?\\?\\\\\\\\C:\\\\\\\\x\\)" "$TMP/os-updates.json"
