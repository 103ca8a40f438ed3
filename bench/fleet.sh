#!/bin/sh
# fleet.sh: `reentry collect` of 10,000 signed reports into SQLite and into
# PostgreSQL 15, and `reentry fleet summary` over them, against the targets
# of docs/fleet.md (import < 60 s each, summary < 1 s).
#
#   sh bench/fleet.sh            (N=10000 DESKS=20 by default)
#
# Two real reports are written with `reentry run` (one failing, one passing);
# the rest are made from them by changing the report id, host name, times
# and chain link of each, and signed Ed25519/SSHSIG with each desk's key
# (python3-cryptography), so every one verifies as the real ones do and each
# desk's chain is intact. PostgreSQL runs in the temporary directory on a
# private socket as an unprivileged user (nobody when run as root).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
REENTRY=${REENTRY:-$top/build/reentry}
N=${N:-10000}
DESKS=${DESKS:-20}
[ -x "$REENTRY" ] || { echo "build reentry first (make)" >&2; exit 2; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/reentry-bench.XXXXXX")
PGBIN=$(pg_config --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)
[ -x "$PGBIN/initdb" ] || PGBIN=/usr/lib/postgresql/15/bin
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi; }
pgstarted=0
trap '[ $pgstarted -eq 0 ] || as_pg "$PGBIN/pg_ctl" -D "$TMP/pg/data" -m immediate stop >/dev/null 2>&1; rm -rf "$TMP"' EXIT
cd "$TMP"
printf 'state_dir: %s/state\n' "$TMP" >cfg.yaml
mkdir root
cat >fail.yaml <<'A'
operator: "bench"
role: management
answers:
  "3-2": yes
  "4-5": {answer: no, note: "training not done"}
A
cat >pass.yaml <<'A'
operator: "bench"
role: management
answers: {"3-1": yes, "3-2": yes, "3-3": yes, "3-4": "n/a", "4-1": yes, "4-2": yes, "4-4": yes, "4-5": yes}
A
i=1
while [ $i -le "$DESKS" ]; do
	"$REENTRY" keygen --identity "desk$i@example.jp" "key$i" >/dev/null
	printf 'desk%s@example.jp namespaces="reentry-report" %s\n' "$i" "$(cut -d' ' -f1,2 "key$i.pub")" >>allowed
	i=$((i + 1))
done
"$REENTRY" run --root root --answers fail.yaml --out tpl --key key1 --config cfg.yaml >/dev/null 2>&1 || true
"$REENTRY" run --root root --answers pass.yaml --out tpl --key key1 --config cfg.yaml >/dev/null 2>&1 || true

t0=$(date +%s.%N)
python3 - "$N" "$DESKS" <<'PY'
import base64, hashlib, json, os, struct, sys, glob
from cryptography.hazmat.primitives import serialization

n, desks = int(sys.argv[1]), int(sys.argv[2])
tpls = [json.load(open(f)) for f in sorted(glob.glob("tpl/*.json"))]

def s(b):
    return struct.pack(">I", len(b)) + b

for d in range(1, desks + 1):
    key = serialization.load_ssh_private_key(open(f"key{d}", "rb").read(), None)
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    blob = s(b"ssh-ed25519") + s(raw)
    fp = "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")
    out = f"desk{d}"
    os.mkdir(out)
    prev = None
    count = n // desks + (1 if d <= n % desks else 0)
    for q in range(1, count + 1):
        r = json.loads(json.dumps(tpls[q % len(tpls)]))
        day = 1 + (q * 30) // (count + 1)
        t = f"2026-11-{day:02d}T{(q % 10) + 8:02d}:{q % 60:02d}:{d % 60:02d}Z"
        host = f"pc-{d:02d}-{q:04d}"
        rid = f"{t.replace('-', '').replace(':', '')}-{host}-{q:06d}"
        r["report_id"] = rid
        r["session_id"] = f"{rid}-s"
        r["started"] = r["ended"] = t
        r["device"]["hostname"] = host
        r["chain"] = {"sequence": q, "previous": prev}
        r["signature"]["key_fingerprint"] = fp
        data = (json.dumps(r, indent=2, ensure_ascii=False) + "\n").encode()
        h = hashlib.sha512(data).digest()
        signed = b"SSHSIG" + s(b"reentry-report") + s(b"") + s(b"sha512") + s(h)
        sig = key.sign(signed)
        body = b"SSHSIG" + struct.pack(">I", 1) + s(blob) + s(b"reentry-report") + s(b"") + s(b"sha512") + s(s(b"ssh-ed25519") + s(sig))
        b64 = base64.b64encode(body).decode()
        armored = "-----BEGIN SSH SIGNATURE-----\n" + "\n".join(b64[i:i + 70] for i in range(0, len(b64), 70)) + "\n-----END SSH SIGNATURE-----\n"
        open(f"{out}/{rid}.json", "wb").write(data)
        open(f"{out}/{rid}.json.sig", "w").write(armored)
        prev = {"report": f"{rid}.json", "sha256": hashlib.sha256(data).hexdigest(),
                "signature_sha256": hashlib.sha256(armored.encode()).hexdigest()}
PY
t1=$(date +%s.%N)
one=$(ls desk1/*.json | head -1)
"$REENTRY" verify --allowed-signers allowed "$one" >/dev/null || { echo "a generated report does not verify" >&2; exit 1; }
printf 'generated %s reports from %s desks in %.1f s\n' "$N" "$DESKS" "$(echo "$t1 - $t0" | bc)"

figure() { # figure NAME SECONDS TARGET
	ok=$(echo "$2 < $3" | bc)
	printf '%-40s %8.2f s   target < %s s   %s\n' "$1" "$2" "$3" "$([ "$ok" -eq 1 ] && echo met || echo MISSED)"
}
bench_db() { # bench_db NAME URL
	t0=$(date +%s.%N)
	"$REENTRY" collect --config cfg.yaml --allowed-signers allowed --db "$2" desk* >collect.out || {
		echo "collect into $1 failed:" >&2; tail -3 collect.out >&2; exit 1; }
	t1=$(date +%s.%N)
	grep -q "^$N reports: $N imported" collect.out || { echo "collect into $1: $(head -1 collect.out)" >&2; exit 1; }
	figure "import of $N reports, $1" "$(echo "$t1 - $t0" | bc)" 60
	t0=$(date +%s.%N)
	"$REENTRY" fleet --config cfg.yaml --db "$2" summary --since 2026-11-01 >summary.out
	t1=$(date +%s.%N)
	figure "fleet summary over $N reports, $1" "$(echo "$t1 - $t0" | bc)" 1
	t0=$(date +%s.%N)
	"$REENTRY" collect --config cfg.yaml --allowed-signers allowed --db "$2" desk* >collect.out
	t1=$(date +%s.%N)
	figure "collect again (nothing new), $1" "$(echo "$t1 - $t0" | bc)" 60
}
bench_db SQLite "$TMP/fleet.sqlite"

chmod 711 "$TMP"
mkdir pg && echo benchpw >pg/pw
[ "$(id -u)" -ne 0 ] || chown -R nobody pg
as_pg "$PGBIN/initdb" -D "$TMP/pg/data" -U bench --pwfile="$TMP/pg/pw" --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >pg/initdb.log 2>&1
as_pg "$PGBIN/pg_ctl" -D "$TMP/pg/data" -l "$TMP/pg/log" -w -o "-k $TMP/pg -c listen_addresses= -p 54330" start >/dev/null
pgstarted=1
PGPASSWORD=benchpw "$PGBIN/createdb" -h "$TMP/pg" -p 54330 -U bench fleet
bench_db PostgreSQL "postgresql://bench:benchpw@/fleet?host=$TMP/pg&port=54330"
