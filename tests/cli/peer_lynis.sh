# peer_lynis.sh: time-sync and logging on this machine against lynis, the auditing tool
# an expert would trust here. lynis runs once, quick and non-interactive, only the
# tests about a running time daemon (TIME-3104) and running log daemons (LOGG-2130,
# LOGG-2136), writing its log and report into this test's directory. reentry must never
# be milder: where lynis finds no time daemon running, time-sync is not pass and names
# none; where lynis finds no log daemon running, logging fails and names none; where
# lynis finds one, reentry names one too.
. "$TOP/tests/lib.sh"

LYNIS=$(command -v lynis)
if [ -z "$LYNIS" ] || [ "$(id -u)" -ne 0 ]; then
	ok "# skip: lynis is not installed or not running as root (scripts/packages.txt installs it)"
	exit 0
fi
mkdir -p "$TMP/lynis"
cd "$TMP/lynis" || exit 1
"$LYNIS" audit system --tests "TIME-3104 LOGG-2130 LOGG-2136" --quick --no-colors \
	--logfile "$TMP/lynis/lynis.log" --report-file "$TMP/lynis/report.dat" >"$TMP/lynis/out" 2>&1
if [ ! -s "$TMP/lynis/report.dat" ]; then
	notok "lynis wrote its report" "$(tail -5 "$TMP/lynis/out")"
	exit 0
fi
ok "lynis $("$LYNIS" --version 2>/dev/null) wrote its report"
"$REENTRY" check time-sync logging --json >"$TMP/reentry.json"
peer() { python3 - "$TMP/lynis/report.dat" "$TMP/reentry.json" "$1" <<'PY'
import json, sys
rep = open(sys.argv[1]).read().splitlines()
checks = {c["id"]: c for c in json.load(open(sys.argv[2]))["checks"]}
what = sys.argv[3]
if what == "time":
    running = "ntp_daemon_running=1" in rep
    ts = checks["time-sync"]
    d = ts["details"]
    if running:
        print("lynis: a time daemon runs; reentry names one:", d["daemon_running"] is not None)
    else:
        print("lynis: no time daemon runs; reentry names none and does not pass:",
              d["daemon_running"] is None and ts["status"] != "pass")
else:
    none = any(l.startswith("suggestion[]=LOGG-2130|") for l in rep)
    lg = checks["logging"]
    d = lg["details"]
    ours = d["journald_running"] or any(v.get("running") for v in d["syslog"].values())
    if none:
        print("lynis: no log daemon runs; reentry names none and fails:", not ours and lg["status"] == "fail")
    else:
        print("lynis: a log daemon runs; reentry names one:", ours)
PY
}
got=$(peer time)
expect_eq "time-sync is never milder than lynis TIME-3104 ($got)" "${got##*: }" True
got=$(peer log)
expect_eq "logging is never milder than lynis LOGG-2130/2136 ($got)" "${got##*: }" True
journal_lynis=$(grep -c '^syslog_daemon\[\]=systemd-journal' "$TMP/lynis/report.dat")
journal_ours=$(python3 -c 'import json,sys; print(int([c for c in json.load(open(sys.argv[1]))["checks"] if c["id"]=="logging"][0]["details"]["journald_running"]))' "$TMP/reentry.json")
expect_eq "journald running: reentry agrees with lynis LOGG-2136" "$journal_ours" "$journal_lynis"
