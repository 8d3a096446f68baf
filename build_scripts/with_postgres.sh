#!/usr/bin/env bash
# Run a command with a throwaway PostgreSQL on 127.0.0.1, then stop it and delete its files.
# The command sees ONCOPOS_TEST_PG_URL (a database it may use) and ONCOPOS_REQUIRE_PG=1.
#
#   bash build_scripts/with_postgres.sh .venv/bin/python -m pytest
set -euo pipefail
cd "$(dirname "$0")/.."

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "${pg_bin:-}/initdb" ] || { echo "PostgreSQL server binaries not found under /usr/lib/postgresql: run bash build_scripts/setup.sh --dev" >&2; exit 1; }

pg_dir=$(mktemp -d /tmp/oncopos-pg.XXXXXX)
pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg=()
if [ "$(id -u)" = 0 ]; then
  # initdb and postgres refuse to run as root.
  chown postgres: "$pg_dir"
  as_pg=(runuser -u postgres --)
fi
stop_pg() {
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}
trap stop_pg EXIT

"${as_pg[@]}" "$pg_bin/initdb" --no-sync -D "$pg_dir/data" -U oncopos --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
# fsync and friends off: a test database that dies with the machine loses nothing of value.
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -w -l "$pg_dir/server.log" \
  -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
"${as_pg[@]}" "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U oncopos oncopos_test

export ONCOPOS_TEST_PG_URL="postgresql+psycopg://oncopos@127.0.0.1:$pg_port/oncopos_test"
export ONCOPOS_REQUIRE_PG=1
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port"

set +e
"$@"
status=$?
set -e
exit "$status"
