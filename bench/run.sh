#!/bin/sh
# run.sh: runs every benchmark in bench/ (each prints its own times and the
# ratio against its peer). `make bench` calls this.
set -u
here=$(cd "$(dirname "$0")" && pwd)
rc=0
for b in "$here"/*.sh; do
	[ "$(basename "$b")" = run.sh ] && continue
	echo "== $(basename "$b" .sh)"
	nice sh "$b" || rc=1
done
exit $rc
