#!/bin/sh
# os-updates.sh: `reentry check os-updates` against `apt list --upgradable`
# on this machine: both must report the same pending set, and the same
# packages apt-get -s upgrade would leave (held, kept back, deferred by
# phasing); prints the mean
# wall time of each over RUNS runs and the ratio (goal: reentry 10x faster).
# Uses hyperfine when it is installed, else a date +%s%N loop.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
REENTRY=${REENTRY:-$top/build/reentry}
RUNS=${RUNS:-10}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

[ -x "$REENTRY" ] || { echo "build reentry first (make)"; exit 2; }
command -v apt >/dev/null 2>&1 || { echo "apt is not installed: nothing to compare with"; exit 2; }
ls /var/lib/apt/lists/*_Packages* >/dev/null 2>&1 || { echo "no apt lists (run apt-get update first)"; exit 2; }

# identical results first
"$REENTRY" check os-updates --json >"$tmp/ours.json"
python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))["checks"][0]["details"]
for p in d.get("pending",[]): print(p["package"],p["arch"],p["installed"],p["candidate"])' "$tmp/ours.json" | sort >"$tmp/ours"
apt list --upgradable 2>/dev/null |
	sed -n 's|^\([^/]*\)/[^ ]* \([^ ]*\) \([^ ]*\) \[upgradable from: \(.*\)\]$|\1 \3 \4 \2|p' | sort >"$tmp/apt"
if cmp -s "$tmp/ours" "$tmp/apt"; then
	echo "pending sets identical: $(wc -l <"$tmp/apt") packages"
else
	echo "pending sets DIFFER:"
	diff "$tmp/ours" "$tmp/apt" | head -20
	exit 1
fi

# what apt-get upgrade would leave: kept back (and, apt >= 2.7, deferred by phasing)
python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))["checks"][0]["details"]
print(" ".join(sorted(p["package"] for p in d.get("pending",[]) if p["held"] or p["kept_back"] or p["deferred_by_phasing"])))' "$tmp/ours.json" >"$tmp/ours.kept"
apt-get -s upgrade 2>/dev/null |
	awk '/^The following packages have been kept back:/ || /deferred due to phasing:/ { on = 1; next }
		on && /^  / { print; next } { on = 0 }' | tr ' ' '\n' | sed '/^$/d' | sort | tr '\n' ' ' | sed 's/ $//' >"$tmp/apt.kept"
echo >>"$tmp/apt.kept"
if cmp -s "$tmp/ours.kept" "$tmp/apt.kept"; then
	echo "held, kept back and deferred identical to apt-get -s upgrade: $(wc -w <"$tmp/apt.kept") packages"
else
	echo "kept-back sets DIFFER: ours '$(cat "$tmp/ours.kept")', apt '$(cat "$tmp/apt.kept")'"
fi

# mean milliseconds of RUNS runs of a command
mean_ms() {
	i=0
	t0=$(date +%s%N)
	while [ $i -lt "$RUNS" ]; do
		"$@" >/dev/null 2>&1
		i=$((i + 1))
	done
	t1=$(date +%s%N)
	echo $(((t1 - t0) / RUNS / 1000000))
}

if command -v hyperfine >/dev/null 2>&1; then
	hyperfine -N -w 2 -r "$RUNS" --export-json "$tmp/h.json" \
		"$REENTRY check os-updates --json" "apt list --upgradable" >/dev/null 2>&1
	ours=$(python3 -c 'import json,sys; print(round(json.load(open(sys.argv[1]))["results"][0]["mean"]*1000))' "$tmp/h.json")
	theirs=$(python3 -c 'import json,sys; print(round(json.load(open(sys.argv[1]))["results"][1]["mean"]*1000))' "$tmp/h.json")
else
	"$REENTRY" check os-updates --json >/dev/null 2>&1 # warm the page cache
	apt list --upgradable >/dev/null 2>&1
	ours=$(mean_ms "$REENTRY" check os-updates --json)
	theirs=$(mean_ms apt list --upgradable)
fi
[ "$ours" -gt 0 ] || ours=1
echo "reentry check os-updates: ${ours} ms (mean of $RUNS)"
echo "apt list --upgradable:    ${theirs} ms (mean of $RUNS)"
python3 -c 'import sys; r=int(sys.argv[2])/int(sys.argv[1]); print("ratio: %.1fx faster (goal 10x): %s" % (r, "met" if r >= 10 else "NOT met"))' "$ours" "$theirs"
