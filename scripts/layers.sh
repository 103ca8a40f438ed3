#!/bin/sh
# layers.sh: checks that every #include "..." in the C sources looks only down
# the layer order below, and prints one OK line or one line per violation.
#
#   sh scripts/layers.sh [TOP]     (or LAYERS_TOP=dir; default: this tree)
#
# Every folder holding .c or .h files (apart from tests/, fuzz/, bench/, hidden and
# build folders) must be in the table, so a new folder is placed deliberately.
# A file may include headers of its own folder and of lower layers. Within one
# layer the layer's folder and its subfolders may include each other, but
# sibling subfolders may not (checks/linux and checks/windows stay apart).
# Include paths resolve relative to the including file, as the compiler does.
# Exit status: 0 clean, 1 violations, 2 usage.
set -eu

# The layer table, lowest first: folder and rank. Folders of equal rank are
# separate layers that may not include each other; a subfolder (a/b) belongs
# to the layer of its first component and must share its rank.
table='
util            0
sys             1
sign            1
config          2
scan            3
checks          4
checks/linux    4
checks/windows  4
checklists      5
session         6
report          7
fleet           8
tui             9
cli             10
'

top=${1:-${LAYERS_TOP:-$(dirname "$0")/..}}
if [ $# -gt 1 ] || ! cd "$top" 2>/dev/null; then
	echo "usage: layers.sh [TOP]" >&2
	exit 2
fi

find . -type d \( -name '.?*' -o -path ./tests -o -path ./fuzz -o -path ./bench -o -path ./build -o -path './build-*' \) -prune \
	-o -type f \( -name '*.c' -o -name '*.h' \) -print | sed 's|^\./||' | LC_ALL=C sort |
LC_ALL=C awk -v table="$table" '
# folder("a/b/c.h") is "a/b"; a file at the top is in folder ".".
function folder(p) {
	if (p !~ /\//)
		return "."
	sub(/\/[^\/]*$/, "", p)
	return p
}

# layer("checks/linux") is "checks".
function layer(f) {
	sub(/\/.*/, "", f)
	return f
}

# resolve(dir, inc): dir/inc with "." and ".." removed, or "" if it leaves the tree.
function resolve(dir, inc,    parts, n, i, out, k, s) {
	n = split((dir == "." ? "" : dir "/") inc, parts, "/")
	k = 0
	for (i = 1; i <= n; i++) {
		if (parts[i] == "" || parts[i] == ".")
			continue
		if (parts[i] == "..") {
			if (k == 0)
				return ""
			k--
			continue
		}
		out[++k] = parts[i]
	}
	s = out[1]
	for (i = 2; i <= k; i++)
		s = s "/" out[i]
	return s
}

# allowed(a, b): may a file in folder a include a header in folder b?
function allowed(a, b) {
	if (a == b || rank[b] < rank[a])
		return 1
	if (rank[b] > rank[a] || layer(a) != layer(b))
		return 0
	# Same layer: its folder and a subfolder, but not two sibling subfolders.
	return a == layer(a) || b == layer(b)
}

BEGIN {
	n = split(table, rows, "\n")
	for (i = 1; i <= n; i++) {
		if (split(rows[i], w, " ") != 2)
			continue
		r = w[2] + 0
		rank[w[1]] = r
		if (w[1] !~ /\//) {
			s = (r in names) ? names[r] ", " w[1] : w[1]
			names[r] = s
		}
		if (r > maxrank)
			maxrank = r
	}
	order = ""
	for (r = 0; r <= maxrank; r++)
		if (r in names)
			order = order (order == "" ? "" : " < ") names[r]
	order = "(order: " order ")"
	errors = 0
	checked = 0
	files = 0
}

{
	file = $0
	dir = folder(file)
	files++
	if (!(dir in rank)) {
		if (!(dir in unplaced)) {
			unplaced[dir] = 1
			printf "%s/: folder not in the layer table in scripts/layers.sh %s\n",
			    dir, order > "/dev/stderr"
			errors++
		}
		next
	}
	line = 0
	while ((getline text < file) > 0) {
		line++
		if (text !~ /^[ \t]*#[ \t]*include[ \t]*"/)
			continue
		inc = text
		sub(/^[ \t]*#[ \t]*include[ \t]*"/, "", inc)
		sub(/".*/, "", inc)
		checked++
		path = resolve(dir, inc)
		if (path == "") {
			printf "%s:%d: includes %s: which is outside the source tree\n",
			    file, line, inc > "/dev/stderr"
			errors++
			continue
		}
		hdir = folder(path)
		if (!(hdir in rank)) {
			printf "%s:%d: includes %s: folder %s is not in the layer table %s\n",
			    file, line, inc, hdir, order > "/dev/stderr"
			errors++
		} else if (!allowed(dir, hdir)) {
			printf "%s:%d: includes %s: %s may not include %s %s\n",
			    file, line, inc, dir, hdir, order > "/dev/stderr"
			errors++
		}
	}
	close(file)
}

END {
	if (errors > 0) {
		printf "layers: %d violation%s in %d includes of %d files\n",
		    errors, errors == 1 ? "" : "s", checked, files > "/dev/stderr"
		exit 1
	}
	printf "layers: OK, %d includes in %d files look only down the layers\n", checked, files
}
'
