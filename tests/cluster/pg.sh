#!/usr/bin/env bash
# A PostgreSQL server of the tests' own, in a folder, as an unprivileged user, on loopback only:
#   pg.sh start DIR PORT       initdb (first time) and start; writes the server's URL to DIR/url
#   pg.sh stop DIR             stop (fast), keeping the data
#   pg.sh restart DIR          stop and start again on the same port (the data stays)
#   pg.sh createdb DIR NAME    create database NAME and print its URL
# Run as root, the server runs as "nobody", which owns DIR.
set -euo pipefail
bin=/usr/lib/postgresql/15/bin
[ -x "$bin/initdb" ] || { echo "PostgreSQL 15 is missing (postgresql-15; scripts/install-deps.sh --test installs it)" >&2; exit 1; }
as_user() {
  if [ "$(id -u)" -eq 0 ]; then setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"; else "$@"; fi
}
command="$1"
dir="$2"
case "$command" in
  start)
    port="$3"
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown nobody:nogroup "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_user "$bin/initdb" -D "$dir/data" -U samling --auth=trust -E UTF8 --locale=C.UTF-8 > "$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    echo "$port" > "$dir/port"
    [ "$(id -u)" -eq 0 ] && chown nobody:nogroup "$dir/port"
    as_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200" start > /dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgresql://samling@127.0.0.1:$port/postgres" > "$dir/url"
    ;;
  stop)
    as_user "$bin/pg_ctl" -D "$dir/data" -m fast -w stop > /dev/null
    ;;
  restart)
    "$0" stop "$dir"
    "$0" start "$dir" "$(cat "$dir/port")"
    ;;
  createdb)
    port="$(cat "$dir/port")"
    psql -X -q -h 127.0.0.1 -p "$port" -U samling -d postgres -c "CREATE DATABASE $3" > /dev/null
    echo "postgresql://samling@127.0.0.1:$port/$3"
    ;;
  *)
    echo "usage: pg.sh start DIR PORT | stop DIR | restart DIR | createdb DIR NAME" >&2
    exit 2
    ;;
esac
