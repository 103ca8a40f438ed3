#!/bin/sh
# scale.sh: the costs that must not grow with the disk or the day (issue 13),
# each printed beside its target (docs/scale.md has the measured figures):
#
#   - one saved answer in a session whose scan saw N files (median of 100), < 5 ms,
#     and the same with a scan of 10 files
#   - the signed report JSON for a scan of N files, < 200 KB
#   - peak RSS scanning N small files, apart from the engine, < 100 MB
#   - start to first screen with 1,000 finished sessions and 10 open ones,
#     < 30 ms and the same as with none (as bench/startup.sh measures it):
#     the wall time, and the CPU time (user + system, bench/cputime.py), which
#     the load of a shared machine changes far less; the load average beside
#   - `run` with 10,000 reports in the directory against an empty one, within 10 %
#   - `audit` of 10,000 reports, < 10 s: without the audit's cache, the first
#     run with it, and again with every report unchanged
#
#   sh bench/scale.sh [N]       (N files scanned, default 1000000)
#
# Everything large is made in a temporary directory at bench time (N tiny
# files, generated and signed reports, copied session files) and removed
# after. When bench/scale_esc.sh exists (Esc in the middle of a large file),
# it runs at the end.
set -eu
N=${1:-1000000}
NREP=${NREP:-10000}
RUNS=${RUNS:-20}
top=$(cd "$(dirname "$0")/.." && pwd)
bin="$top/build/reentry"
[ -x "$bin" ] && [ -f "$top/build/libreentry.a" ] || { echo "build first: make" >&2; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/reentry-scale.XXXXXX")
sock="reentry-scale-$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
cd "$tmp"

figure() { # figure NAME VALUE UNIT TARGET-TEXT MET(1/0)
	printf '%-62s %10s %-3s  target %-22s %s\n' "$1" "$2" "$3" "$4" "$([ "$5" -eq 1 ] && echo met || echo MISSED)"
}
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }

# the helper: the real session, scan and report code, timed from inside
P="yaml-0.1 libclamav libcrypto zlib liblzma libzstd liblz4 sqlite3 libarchive libpsl icu-uc icu-i18n hivex libpq"
cat >helper.c <<'HELPER'
/*
 * scale_helper.c: the part of bench/scale.sh that needs the library itself.
 *
 *   scale_helper CONFIG CHECKLIST STATE_DIR REPORT_DIR KEY DIR
 *
 * Starts a session (IT role) as the UI does, runs the real media-scan check
 * on DIR with the session's side directory (the manifest streams there),
 * stores the result, then times 100 answers (session_set_answer(), which
 * saves the whole session atomically each time), and finally writes and
 * signs the report. Prints one "name value" line per figure:
 *
 *   files        files the scan saw
 *   rss_engine   peak RSS (KiB) once the signature database is loaded
 *   rss_scan     peak RSS (KiB) after the scan
 *   save_median  median time of one saved answer, microseconds
 *   save_max     the slowest of the 100
 *   session_bytes  the session file's size after the scan
 *   report_bytes   the signed report JSON's size
 *   manifest_bytes the manifest's size beside it
 *
 * Written out and built by bench/scale.sh against build/libreentry.a (kept
 * here, not as a .c file in the tree, so it is outside the layer order);
 * not part of reentry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "checklists/checklist.h"
#include "checks/check.h"
#include "config/config.h"
#include "report/report.h"
#include "scan/scan.h"
#include "session/runner.h"
#include "session/session.h"
#include "sys/target.h"
#include "util/diag.h"

static long
peak_kib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static int
cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

static long long
file_size(const char *p)
{
	struct stat st;

	return p != NULL && stat(p, &st) == 0 ? (long long)st.st_size : -1;
}

int
main(int argc, char **argv)
{
	struct diags d = DIAGS_INIT;
	struct config *cfg;
	struct checklist *cl;
	struct target *t;
	struct session *s;
	struct scan_loader *ld;
	struct runner_opts ro;
	struct plan_entry e = { 0 };
	struct check_result res;
	struct report_paths rp;
	const char *paths[2];
	const struct item *it = NULL;
	char err[2048], *side;
	long times[100];
	size_t i;

	if (argc != 7) {
		fprintf(stderr, "usage: scale_helper CONFIG CHECKLIST STATE_DIR REPORT_DIR KEY DIR\n");
		return 2;
	}
	if ((cfg = config_load(argv[1], check_config_params, &d)) == NULL ||
	    (cl = checklist_load(argv[2], &d)) == NULL) {
		diags_print(&d, stderr);
		return 2;
	}
	if ((t = target_open("/", err, sizeof err)) == NULL) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	s = session_create(cl, cfg, t, argv[3], "bench", ROLE_IT, err, sizeof err);
	if (s == NULL) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	ld = scan_loader_start(cfg);
	if (scan_loader_acquire(ld) == NULL) {
		fprintf(stderr, "the signature database did not load\n");
		return 2;
	}
	scan_loader_release(ld);
	printf("rss_engine %ld\n", peak_kib());
	memset(&ro, 0, sizeof ro);
	ro.target = t;
	ro.cfg = cfg;
	ro.engine = ld;
	paths[0] = argv[6];
	paths[1] = NULL;
	ro.paths = paths;
	ro.sidedir = side = session_sidedir(s, 1);
	e.check = check_find("media-scan");
	runner_run_one(&e, &ro, NULL, NULL, &res);
	printf("rss_scan %ld\n", peak_kib());
	printf("files %lld\n", (long long)json_get_int(json_get(res.details, "files_scanned"), -1));
	if (session_set_result(s, e.check, &res, err, sizeof err) < 0) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	check_result_free(&res);
	printf("session_bytes %lld\n", file_size(session_path(s)));
	for (i = 0; i < cl->nitems && it == NULL; i++)
		if (cl->items[i]->kind == KIND_MANUAL)
			it = cl->items[i];
	for (i = 0; i < 100; i++) {
		struct timespec a, b;

		clock_gettime(CLOCK_MONOTONIC, &a);
		if (session_set_answer(s, it, i % 2 ? ANSWER_NO : ANSWER_YES, NULL, err, sizeof err) < 0) {
			fprintf(stderr, "%s\n", err);
			return 2;
		}
		clock_gettime(CLOCK_MONOTONIC, &b);
		times[i] = (b.tv_sec - a.tv_sec) * 1000000L + (b.tv_nsec - a.tv_nsec) / 1000;
	}
	qsort(times, 100, sizeof *times, cmp_long);
	printf("save_median %ld\nsave_max %ld\n", (times[49] + times[50]) / 2, times[99]);
	if (report_finish(s, argv[4], argv[5], &rp, err, sizeof err) < 0) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	printf("report_bytes %lld\nmanifest_bytes %lld\n", file_size(rp.json), file_size(rp.manifest));
	printf("report %s\n", rp.json);
	report_paths_free(&rp);
	free(side);
	session_free(s);
	scan_loader_free(ld);
	target_free(t);
	checklist_free(cl);
	config_free(cfg);
	return 0;
}
HELPER
# shellcheck disable=SC2046
cc -std=c11 -D_GNU_SOURCE -O2 -I"$top" $(pkg-config --cflags $P) -o helper helper.c \
	"$top/build/libreentry.a" $(pkg-config --libs $P) -lpthread
mkdir db
printf 'not in the tree\n' >sample
echo "$(md5sum <sample | cut -d' ' -f1):$(stat -c %s sample):Bench.Scale.Sig" >db/bench.hdb
ssh-keygen -q -t ed25519 -N '' -C bench -f key
printf 'desk@example.jp namespaces="reentry-report" %s\n' "$(cut -d' ' -f1,2 key.pub)" >allowed
printf 'state_dir: %s/state\nreport_dir: %s/rep\nclamav:\n  database: %s/db\n' "$tmp" "$tmp" "$tmp" >cfg.yaml

# N tiny files, 1,000 to a directory
t0=$(date +%s)
python3 - "$N" <<'PY'
import os, sys
n = int(sys.argv[1])
for d in range((n + 999) // 1000):
    p = f"tree/d{d:04d}"
    os.makedirs(p)
    for i in range(min(1000, n - d * 1000)):
        fd = os.open(f"{p}/f{i:03d}", os.O_WRONLY | os.O_CREAT, 0o644)
        os.write(fd, b"%d\n" % (d * 1000 + i))
        os.close(fd)
PY
mkdir -p small && i=0 && while [ $i -lt 10 ]; do echo $i >small/f$i; i=$((i + 1)); done
echo "made $N files in $(($(date +%s) - t0)) s"

./helper cfg.yaml "$top/jnsa-checklist.yaml" state rep key "$tmp/small" >small.out
t0=$(date +%s)
./helper cfg.yaml "$top/jnsa-checklist.yaml" state rep key "$tmp/tree" >big.out
echo "session, scan of $(sed -n 's/^files //p' big.out) files and report in $(($(date +%s) - t0)) s"
v() { sed -n "s/^$2 //p" "$1"; }
ms() { awk -v u="$1" 'BEGIN { printf "%.2f", u / 1000 }'; }
sm=$(v small.out save_median)
bm=$(v big.out save_median)
figure "save one answer, scan of 10 files (median of 100)" "$(ms "$sm")" ms "< 5 ms" "$(lt "$sm" 5000 && echo 1 || echo 0)"
figure "save one answer, scan of $(v big.out files) files (median of 100)" "$(ms "$bm")" ms "< 5 ms, same as 10" \
	"$(lt "$bm" 5000 && echo 1 || echo 0)"
printf '%-62s %10s %-3s\n' "  session file, scan of $(v big.out files) files" "$(v big.out session_bytes)" B
# the disk's own part: the same atomic write (file, fsync, rename, fsync of the directory) of a
# file of the session's size, with nothing of reentry in it
python3 - "$(v big.out session_bytes)" >fsync.out <<'PY'
import os, sys, time
n = int(sys.argv[1]); os.makedirs("fs", exist_ok=True); ts = []
for i in range(100):
    a = time.perf_counter()
    fd = os.open("fs/t.tmp", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600); os.write(fd, b"x" * n); os.fsync(fd); os.close(fd)
    os.rename("fs/t.tmp", "fs/t.json"); d = os.open("fs", os.O_RDONLY); os.fsync(d); os.close(d)
    ts.append(time.perf_counter() - a)
ts.sort(); print("%.2f" % ((ts[49] + ts[50]) / 2 * 1000))
PY
printf '%-62s %10s %-3s\n' "  the disk alone: write, fsync, rename, fsync dir (median)" "$(cat fsync.out)" ms
rb=$(v big.out report_bytes)
figure "signed report JSON, scan of $(v big.out files) files" "$((rb / 1024))" KB "< 200 KB" "$(lt "$rb" 204800 && echo 1 || echo 0)"
printf '%-62s %10s %-3s\n' "  manifest beside it" "$(($(v big.out manifest_bytes) / 1024))" KB
"$bin" verify --allowed-signers allowed "$(v big.out report)" >/dev/null ||
	{ echo "the report of the big scan does not verify" >&2; exit 1; }
rss=$(($(v big.out rss_scan) - $(v big.out rss_engine)))
figure "peak RSS scanning $(v big.out files) files, apart from the engine" "$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')" MB "< 100 MB" \
	"$(lt "$rss" 102400 && echo 1 || echo 0)"
printf '%-62s %10s %-3s\n' "  the engine (test database) and the process before the scan" "$(($(v big.out rss_engine) / 1024))" MB

# start to first screen: none, then 1,000 finished and 10 open sessions
fin=$(ls state/finished/session-*.json | head -1)
firstscreen() { # firstscreen STATE_A STATE_B: median wall (e0, e1) and CPU (c0, c1) microseconds of RUNS starts each, alternating
	for st in "$1" "$2"; do
		printf 'state_dir: %s\nreport_dir: %s/rep\nclamav:\n  database: %s/db\n' "$st" "$tmp" "$tmp" >"$st.yaml"
	done
	rm -f "$tmp/times-a" "$tmp/times-b" "$tmp/cpu-a" "$tmp/cpu-b" "$tmp/finished"
	cat >"$tmp/loop.sh" <<EOS
i=0
while [ \$i -lt $RUNS ]; do
	for w in a b; do
		[ \$w = a ] && c="$1.yaml" || c="$2.yaml"
		a=\$(date +%s%N)
		REENTRY_TUI_FIRST_FRAME=1 "$bin" tui --config "\$c" --checklist "$top/jnsa-checklist.yaml" 2>/dev/null || true
		b=\$(date +%s%N)
		echo \$(( (b - a) / 1000 )) >>"$tmp/times-\$w"
	done
	i=\$((i + 1))
done
i=0
while [ \$i -lt $RUNS ]; do
	for w in a b; do
		[ \$w = a ] && c="$1.yaml" || c="$2.yaml"
		REENTRY_TUI_FIRST_FRAME=1 python3 "$top/bench/cputime.py" "$tmp/cpu-\$w" "$bin" tui --config "\$c" --checklist "$top/jnsa-checklist.yaml" 2>/dev/null || true
	done
	i=\$((i + 1))
done
echo done >"$tmp/finished"
EOS
	LC_ALL=C.UTF-8 tmux -L "$sock" -f /dev/null new-session -d -x 80 -y 24 "sh '$tmp/loop.sh'; sleep 60"
	i=0
	while [ ! -f "$tmp/finished" ] && [ $i -lt 6000 ]; do sleep 0.1; i=$((i + 1)); done
	tmux -L "$sock" kill-server 2>/dev/null || true
	e0=$(sort -n "$tmp/times-a" | sed -n "$(((RUNS + 1) / 2))p")
	e1=$(sort -n "$tmp/times-b" | sed -n "$(((RUNS + 1) / 2))p")
	c0=$(sort -n "$tmp/cpu-a" | sed -n "$(((RUNS + 1) / 2))p")
	c1=$(sort -n "$tmp/cpu-b" | sed -n "$(((RUNS + 1) / 2))p")
}
mkdir -p empty-state many-state/finished
i=0
while [ $i -lt 1000 ]; do
	cp "$fin" "many-state/finished/session-20260101T000000Z-$(printf %08x $i).json"
	i=$((i + 1))
done
i=0
while [ $i -lt 10 ]; do
	sed -e 's/"finished": "[^"]*"/"finished": null/' -e 's/"report": "[^"]*"/"report": null/' "$fin" \
		>"many-state/session-20260102T000000Z-$(printf %08x $i).json"
	i=$((i + 1))
done
firstscreen "$tmp/empty-state" "$tmp/many-state"
figure "start to first screen, no sessions (median of $RUNS)" "$(ms "$e0")" ms "< 30 ms" "$(lt "$e0" 30000 && echo 1 || echo 0)"
figure "start to first screen, 1,000 finished + 10 open (median)" "$(ms "$e1")" ms "< 30 ms, same as none" \
	"$(lt "$e1" 30000 && echo 1 || echo 0)"
printf '%-62s %10s %-3s\n' "  difference (runs alternate between the two)" \
	"$(awk -v a="$e1" -v b="$e0" 'BEGIN { printf "%+.1f", (a - b) * 100 / b }')" "%"
figure "CPU (user+sys) to first screen, no sessions (median)" "$(ms "$c0")" ms "< 30 ms" "$(lt "$c0" 30000 && echo 1 || echo 0)"
figure "CPU (user+sys) to first screen, 1,000 finished + 10 open" "$(ms "$c1")" ms "< 30 ms, same as none" \
	"$(lt "$c1" 30000 && echo 1 || echo 0)"
printf '%-62s %10s %-3s\n' "  difference" \
	"$(awk -v a="$c1" -v b="$c0" 'BEGIN { printf "%+.1f", (a - b) * 100 / b }')" "%"
printf '%-62s %10s\n' "  load average (1, 5, 15 min) after these runs" "$(cut -d' ' -f1-3 /proc/loadavg)"

# NREP signed reports in one directory, one chain (made as bench/fleet.sh makes them)
mkdir root
cat >pass.yaml <<'A'
operator: "bench"
role: management
answers: {"3-1": yes, "3-2": yes, "3-3": yes, "3-4": "n/a", "4-1": yes, "4-2": yes, "4-4": yes, "4-5": yes}
A
"$bin" run --root root --answers pass.yaml --out tpl --key key --config cfg.yaml >/dev/null 2>&1 || true
python3 - "$NREP" <<'PY'
import base64, hashlib, json, os, struct, sys, glob
from cryptography.hazmat.primitives import serialization
n = int(sys.argv[1])
tpl = json.load(open(sorted(glob.glob("tpl/*.json"))[0]))
def s(b): return struct.pack(">I", len(b)) + b
key = serialization.load_ssh_private_key(open("key", "rb").read(), None)
raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
blob = s(b"ssh-ed25519") + s(raw)
fp = "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")
os.mkdir("many")
prev = None
for q in range(1, n + 1):
    r = json.loads(json.dumps(tpl))
    t = f"2026-{1 + q * 10 // (n + 1):02d}-{1 + q % 28:02d}T{q % 24:02d}:{q % 60:02d}:00Z"
    host = f"pc-{q % 300:03d}"
    rid = f"{t.replace('-', '').replace(':', '')}-{host}-{q:06d}"
    r["report_id"] = rid
    r["session_id"] = f"{rid}-s"
    r["started"] = r["ended"] = t
    r["device"]["hostname"] = host
    r["chain"] = {"sequence": q, "previous": prev}
    r["signature"]["key_fingerprint"] = fp
    data = (json.dumps(r, indent=2, ensure_ascii=False) + "\n").encode()
    signed = b"SSHSIG" + s(b"reentry-report") + s(b"") + s(b"sha512") + s(hashlib.sha512(data).digest())
    body = b"SSHSIG" + struct.pack(">I", 1) + s(blob) + s(b"reentry-report") + s(b"") + s(b"sha512") + s(s(b"ssh-ed25519") + s(key.sign(signed)))
    b64 = base64.b64encode(body).decode()
    armored = "-----BEGIN SSH SIGNATURE-----\n" + "\n".join(b64[i:i + 70] for i in range(0, len(b64), 70)) + "\n-----END SSH SIGNATURE-----\n"
    open(f"many/{rid}.json", "wb").write(data)
    open(f"many/{rid}.json.sig", "w").write(armored)
    prev = {"report": f"{rid}.json", "sha256": hashlib.sha256(data).hexdigest(), "signature_sha256": hashlib.sha256(armored.encode()).hexdigest()}
PY
runtime() { # runtime DIR: microseconds of one run adding a report to DIR
	a=$(date +%s%N)
	"$bin" run --root root --answers pass.yaml --out "$1" --key key --config cfg.yaml >/dev/null 2>&1 || true
	b=$(date +%s%N)
	echo $(((b - a) / 1000))
}
first=$(runtime many)
: >t-empty
: >t-many
i=0
while [ $i -lt 7 ]; do
	rm -rf emptydir
	runtime emptydir >>t-empty
	runtime many >>t-many
	i=$((i + 1))
done
me=$(sort -n t-empty | sed -n 4p)
mm=$(sort -n t-many | sed -n 4p)
printf '%-62s %10s %-3s\n' "  run into an empty directory (median of 7)" "$(ms "$me")" ms
printf '%-62s %10s %-3s\n' "  first run into $NREP reports (no head file yet: reads all)" "$(ms "$first")" ms
pct=$(awk -v a="$mm" -v b="$me" 'BEGIN { printf "%.1f", (a - b) * 100 / b }')
figure "run with $NREP reports vs empty (median of 7)" "$pct" "%" "within 10 %" \
	"$(awk -v p="$pct" 'BEGIN { exit !(p <= 10 && p >= -10) }' && echo 1 || echo 0)"
seqmax=$(python3 -c 'import json,glob; print(max(json.load(open(p))["chain"]["sequence"] for p in glob.glob("many/*.json")))')
[ "$seqmax" -eq $((NREP + 8)) ] || { echo "the chain did not continue: newest sequence $seqmax" >&2; exit 1; }

# audit: without the cache, then the first run with it (the state directory's cache is
# empty: it verifies all and writes it), then again (every report unchanged); each with
# its CPU time and the load average, since the machine may be shared
aud() { # aud NAME ARGS...: one audit of many/; "wall user sys" seconds in NAME.time
	n=$1
	shift
	cut -d' ' -f1 /proc/loadavg >"$n.load"
	/usr/bin/time -f '%e %U %S' -o "$n.time" "$bin" audit --summary-only --allowed-signers allowed \
		--config cfg.yaml "$@" many >"$n.out" 2>&1 || true
	grep -q "^$((NREP + 8)) reports, $((NREP + 8)) verified" "$n.out" || { echo "audit: $(head -1 "$n.out")" >&2; exit 1; }
}
audfig() { # audfig NAME TEXT: the figure and its CPU time
	set -- "$1" "$2" "$(tail -1 "$1.time")"
	w=${3%% *}
	figure "$2" "$w" s "< 10 s" "$(lt "$w" 10 && echo 1 || echo 0)"
	printf '%-62s %10s %-3s\n' "  CPU user + system (load average at its start: $(cat "$1.load"))" \
		"$(echo "$3" | awk '{ printf "%.2f", $2 + $3 }')" s
}
aud nocache --no-cache
audfig nocache "audit of $((NREP + 8)) reports, no cache (--no-cache)"
rm -rf state/audit-cache
aud first
grep -q "byte for byte" first.out && { echo "audit: the first run used a cache" >&2; exit 1; }
audfig first "audit of $((NREP + 8)) reports, first run (writes the cache)"
aud again
grep -q "^$((NREP + 8)) of them byte for byte" again.out || { echo "audit: the second run did not use the cache" >&2; exit 1; }
audfig again "audit of $((NREP + 8)) reports again, none changed"
printf '%-62s %10s %-3s\n' "  the cache file" "$(($(cat state/audit-cache/*.cache | wc -c) / 1024 / 1024))" MB
aud filtered --device pc-042 --since 2026-03-01
printf '%-62s %10s %-3s\n' "  audit with --device and --since (cache)" "$(tail -1 filtered.time | cut -d' ' -f1)" s

if [ -f "$top/bench/scale_esc.sh" ]; then
	sh "$top/bench/scale_esc.sh"
fi
