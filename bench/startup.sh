#!/bin/sh
# startup.sh: time from starting `reentry tui` to its first screen, on a real
# terminal (a tmux pane), with a signature database large enough that loading it
# takes a while. REENTRY_TUI_FIRST_FRAME=1 makes reentry leave right after the
# first refresh, so the wall time of a run is start to first screen (plus exit).
# Prints the median over RUNS runs, the ratio to the 100 ms target, and the ratio
# to loading the same database (what a UI that waited for it would cost); then
# the median CPU time (user + system, every thread) of RUNS more runs, measured
# by bench/cputime.py, and the load average: on a shared machine the CPU time
# is the figure to compare, the wall time also counts waiting for a core.
#
#   sh bench/startup.sh [RUNS] [SIGNATURES]      (defaults 50 and 200000)
set -eu
RUNS=${1:-50}
NSIG=${2:-200000}
top=$(cd "$(dirname "$0")/.." && pwd)
bin="$top/build/reentry"
[ -x "$bin" ] || { echo "build first: make" >&2; exit 2; }
tmp=$(mktemp -d)
sock="reentry-bench-$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null; rm -rf "$tmp"' EXIT

# a database of NSIG made-up MD5 signatures
mkdir -p "$tmp/db" "$tmp/state"
awk -v n="$NSIG" 'BEGIN { srand(1); for (i = 0; i < n; i++) {
	h = ""; for (j = 0; j < 32; j++) h = h substr("0123456789abcdef", int(rand() * 16) + 1, 1);
	printf "%s:%d:Bench.Sig.%d\n", h, 100 + i, i } }' >"$tmp/db/bench.hdb"
printf 'state_dir: %s\nreport_dir: %s\nclamav:\n  database: %s\n' "$tmp/state" "$tmp/state" "$tmp/db" >"$tmp/config.yaml"
echo x >"$tmp/file"

# the cost of loading that database: reentry scan of one small file
t0=$(date +%s%N)
"$bin" scan --config "$tmp/config.yaml" "$tmp/file" >/dev/null 2>&1 || true
t1=$(date +%s%N)
load_ms=$(( (t1 - t0) / 1000000 ))

cat >"$tmp/loop.sh" <<EOS
i=0
while [ \$i -lt $RUNS ]; do
	a=\$(date +%s%N)
	REENTRY_TUI_FIRST_FRAME=1 "$bin" tui --config "$tmp/config.yaml" --checklist "$top/jnsa-checklist.yaml" >/dev/null 2>&1 </dev/tty || true
	b=\$(date +%s%N)
	echo \$(( (b - a) / 1000 )) >>"$tmp/times"
	i=\$((i + 1))
done
i=0
while [ \$i -lt $RUNS ]; do
	REENTRY_TUI_FIRST_FRAME=1 python3 "$top/bench/cputime.py" "$tmp/cpu" "$bin" tui --config "$tmp/config.yaml" --checklist "$top/jnsa-checklist.yaml" >/dev/null 2>&1 </dev/tty || true
	i=\$((i + 1))
done
echo done >"$tmp/finished"
EOS
# the program draws on the pane's terminal: run it there, output to the pane
sed -i 's|>/dev/null 2>&1 </dev/tty|2>/dev/null|' "$tmp/loop.sh"
LC_ALL=C.UTF-8 tmux -L "$sock" -f /dev/null new-session -d -x 80 -y 24 "sh '$tmp/loop.sh'; sleep 60"
i=0
while [ ! -f "$tmp/finished" ] && [ $i -lt 2400 ]; do sleep 0.1; i=$((i + 1)); done
[ -f "$tmp/finished" ] || { echo "the runs did not finish" >&2; exit 1; }
sort -n "$tmp/times" >"$tmp/sorted"
n=$(wc -l <"$tmp/sorted")
med_us=$(sed -n "$(( (n + 1) / 2 ))p" "$tmp/sorted")
max_us=$(tail -1 "$tmp/sorted")
awk -v m="$med_us" -v x="$max_us" -v l="$load_ms" -v n="$n" -v s="$NSIG" 'BEGIN {
	printf "start to first screen: median %.1f ms, max %.1f ms over %d runs (%d signatures loading in the background)\n", m / 1000, x / 1000, n, s
	printf "ratio to the 100 ms target: %.2f\n", m / 1000 / 100
	printf "loading the same database (reentry scan, one file): %d ms; first screen / load: %.3f\n", l, (l > 0 ? m / 1000 / l : 0) }'
sort -n "$tmp/cpu" >"$tmp/cpu-sorted"
n=$(wc -l <"$tmp/cpu-sorted")
cpu_us=$(sed -n "$(( (n + 1) / 2 ))p" "$tmp/cpu-sorted")
awk -v c="$cpu_us" -v n="$n" -v l="$(cut -d' ' -f1-3 /proc/loadavg)" 'BEGIN {
	printf "CPU (user+sys, every thread) to first screen: median %.1f ms over %d runs; load average %s\n", c / 1000, n, l }'
