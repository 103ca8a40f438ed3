# pglib.sh: a private PostgreSQL 15 for tests, sourced after lib.sh. initdb and
# pg_ctl run in $TMP/pg as an unprivileged user (nobody when the test runs as
# root), password authentication (scram-sha-256), no TCP: only a socket in
# $TMP/pg. Databases fleet and fleet2.
#
#   pg_up       start it; sets pgurl and pgurl2 (postgresql://... with the
#               password $PW), or returns 1 with the reason in $why
#   pg_down     stop it (call from the test's EXIT trap)
#   sql URL STATEMENT   one query through psql or sqlite3, unaligned output
PGBIN=$(pg_config --bindir 2>/dev/null)
[ -x "$PGBIN/initdb" ] || PGBIN=/usr/lib/postgresql/15/bin
PW='Fl33t-S3cret-pw'
pgurl= pgurl2= why=
pgstarted=0
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi; }
pg_up() {
	[ -x "$PGBIN/initdb" ] || { why="initdb not installed (Debian: postgresql)"; return 1; }
	[ "$(id -u)" -ne 0 ] || command -v runuser >/dev/null || { why="runuser missing"; return 1; }
	chmod 711 "$TMP"
	mkdir "$TMP/pg" && printf '%s\n' "$PW" >"$TMP/pg/pw"
	[ "$(id -u)" -ne 0 ] || chown -R nobody "$TMP/pg"
	as_pg "$PGBIN/initdb" -D "$TMP/pg/data" -U fleetadmin --pwfile="$TMP/pg/pw" \
		--auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$TMP/pg/initdb.log" 2>&1 || { why="initdb failed: $(tail -1 "$TMP/pg/initdb.log")"; return 1; }
	as_pg "$PGBIN/pg_ctl" -D "$TMP/pg/data" -l "$TMP/pg/log" -w -t 60 \
		-o "-k $TMP/pg -c listen_addresses= -p 54329" start >/dev/null 2>&1 || { why="pg_ctl start failed: $(tail -2 "$TMP/pg/log")"; return 1; }
	pgstarted=1
	for db in fleet fleet2; do
		PGPASSWORD=$PW "$PGBIN/createdb" -h "$TMP/pg" -p 54329 -U fleetadmin "$db" || { why="createdb failed"; return 1; }
	done
	pgurl="postgresql://fleetadmin:$PW@/fleet?host=$TMP/pg&port=54329"
	pgurl2="postgresql://fleetadmin:$PW@/fleet2?host=$TMP/pg&port=54329"
}
pg_down() {
	[ "$pgstarted" -eq 0 ] || as_pg "$PGBIN/pg_ctl" -D "$TMP/pg/data" -m immediate stop >/dev/null 2>&1
	pgstarted=0
}

# sql URL STATEMENT: one plain SQL query through the database's own client
sql() {
	case $1 in
	postgresql*) PGPASSWORD=$PW "$PGBIN/psql" -X -q -t -A -h "$TMP/pg" -p 54329 -U fleetadmin \
		-d "$(echo "$1" | sed 's|.*@/\([a-z0-9]*\)?.*|\1|')" -c "$2" ;;
	*) sqlite3 "$1" "$2" ;;
	esac
}
