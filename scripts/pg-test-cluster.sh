#!/usr/bin/env bash
# A throw-away PostgreSQL + PostGIS cluster for the tests, on a free port, run by an unprivileged user.
#   scripts/pg-test-cluster.sh start   → prints  export GEOEDUC_TEST_PG=postgresql://…  (eval it)
#   scripts/pg-test-cluster.sh stop|start-again|stop-now → used by the tests that cut the database off
#   scripts/pg-test-cluster.sh remove  → stops and deletes the cluster
# State lives in ${GEOEDUC_PG_DIR:-/tmp/geoeduc-pg}; GEOEDUC_PG_PORT fixes the port of a new cluster (default: a free one).
set -euo pipefail
dir="${GEOEDUC_PG_DIR:-/tmp/geoeduc-pg}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
[[ -n "$bin" && -x "$bin/initdb" ]] || { echo "PostgreSQL server binaries not found (apt-get install postgresql postgresql-15-postgis-3)" >&2; exit 2; }

as_user() { # run a command as the unprivileged owner of the cluster
  if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    if [[ ! -f "$dir/port" ]]; then
      mkdir -p "$dir"
      [[ $(id -u) == 0 ]] && chown postgres "$dir"
      port=${GEOEDUC_PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
      as_user "$bin/initdb" -D "$dir/data" -U geoeduc --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
      echo "$port" > "$dir/port"
    fi
    port=$(cat "$dir/port")
    as_user "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1 \
      || as_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" -w start >/dev/null
    as_user "$bin/psql" -h 127.0.0.1 -p "$port" -U geoeduc -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='geoeduc_test'" | grep -q 1 \
      || as_user "$bin/createdb" -h 127.0.0.1 -p "$port" -U geoeduc geoeduc_test
    echo "export GEOEDUC_TEST_PG=postgresql://geoeduc@127.0.0.1:$port/geoeduc_test"
    echo "export GEOEDUC_TEST_PG_CTL=$(cd "$(dirname "$0")" && pwd)/pg-test-cluster.sh"
    ;;
  stop-now)
    as_user "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null
    ;;
  start-again)
    port=$(cat "$dir/port")
    as_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" -w start >/dev/null
    ;;
  stop)
    as_user "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    ;;
  remove)
    as_user "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|stop|stop-now|start-again|remove" >&2; exit 2 ;;
esac
