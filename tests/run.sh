#!/bin/sh
# run.sh: runs every test and prints one closing line "N passed, N failed".
#
# Unit tests are cmocka binaries in $BUILD/tests (TAP output); command-line
# and terminal tests are tests/cli/*.sh, which print TAP lines through
# tests/lib.sh. A test program that dies without reporting counts as a failure.
# TESTS=pattern runs only matching programs.
set -u
BUILD=${BUILD:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
export REENTRY="$top/$BUILD/reentry" TOP="$top" BUILD
export CMOCKA_MESSAGE_OUTPUT=TAP
export LC_ALL=C.UTF-8
unset LANG LC_MESSAGES XDG_STATE_HOME XDG_DATA_HOME
pass=0
fail=0
log=$(mktemp -d)
# short: paths under it appear whole on 80-column screens, and sockets have a length limit
tmpd=$(mktemp -d "${TMPDIR:-/tmp}/r.XXXXXX")
trap 'rm -rf "$log" "$tmpd"' EXIT
# Hygiene: each program runs with a private, empty TMPDIR and HOME. What it leaves
# there, or adds to the source tree, or to /var/lib/reentry, is a failure of its own
# (a test writes only inside its own temporary directory, and cleans it up).
mkdir "$log/home"
chmod 1777 "$tmpd" # tests that run a command as nobody
export TMPDIR="$tmpd" HOME="$log/home"
tree_state() {
	if [ -d "$top/.git" ] || [ -f "$top/.git" ]; then
		git -C "$top" status --porcelain --untracked-files=all 2>/dev/null
	fi
	ls -lA --time-style=+%s /var/lib/reentry 2>/dev/null
}
# leftovers NAME: fails NAME for what it left behind, then clears it for the next one
leftovers() {
	tree_state >"$log/after"
	left=$(ls -A "$TMPDIR" "$HOME" 2>/dev/null | grep -v -e '^$' -e ':$' | head -5)
	if [ -n "$left" ] || ! cmp -s "$log/before" "$log/after"; then
		echo "not ok - $1 left files behind (it must write only inside its own temporary directory):"
		[ -n "$left" ] && printf '%s\n' "$left" | sed 's/^/#   in TMPDIR or HOME: /'
		diff "$log/before" "$log/after" | grep '^[<>]' | head -5 | sed 's/^/#   in the tree: /'
		fail=$((fail + 1))
	fi
	find "$TMPDIR" "$HOME" -mindepth 1 -maxdepth 1 -exec rm -rf {} + 2>/dev/null
}

run_one() {
	name=$1
	shift
	out="$log/out"
	tree_state >"$log/before"
	"$@" >"$out" 2>&1
	rc=$?
	p=$(grep -c '^ok ' "$out")
	f=$(grep -c '^not ok ' "$out")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok - $name exited with status $rc without reporting a failure"
	fi
	grep -E '^(not ok|#)' "$out" | sed "s|^|$name: |" | head -200
	if [ "$f" -gt 0 ] || [ "$rc" -ne 0 ]; then
		echo "--- $name: last lines of output"
		tail -n 30 "$out"
	fi
	echo "$name: $p passed, $f failed"
	pass=$((pass + p))
	fail=$((fail + f))
	leftovers "$name"
}

for t in "$top/$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	case "$t" in *.d|*.o) continue ;; esac
	n=$(basename "$t")
	[ -n "${TESTS:-}" ] && case "$n" in *$TESTS*) ;; *) continue ;; esac
	run_one "$n" "$t"
done
for t in "$top"/tests/cli/*.sh; do
	[ -f "$t" ] || continue
	n=$(basename "$t" .sh)
	[ -n "${TESTS:-}" ] && case "$n" in *$TESTS*) ;; *) continue ;; esac
	run_one "$n" sh "$t"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
