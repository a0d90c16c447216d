#!/usr/bin/env bash
# The ctest fixture "postgres": one PostgreSQL server for the tests that need a database
# (each makes its own database in it). start: a fresh folder under the temp directory, a free
# port; the URL is written to OUT/url and the folder to OUT/dir. stop: stops it and removes the folder.
#   fixture.sh start OUT | stop OUT
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$2"
mkdir -p "$out"
if [ "$1" = start ]; then
  if [ -f "$out/dir" ] && [ -d "$(cat "$out/dir")" ]; then "$here/pg.sh" stop "$(cat "$out/dir")" 2>/dev/null || true; rm -rf "$(cat "$out/dir")"; fi
  dir="$(mktemp -d "${TMPDIR:-/tmp}/samling-pg-XXXXXX")"
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  "$here/pg.sh" start "$dir" "$port"
  echo "$dir" > "$out/dir"
  cp "$dir/url" "$out/url"
else
  dir="$(cat "$out/dir")"
  "$here/pg.sh" stop "$dir"
  rm -rf "$dir" "$out/url" "$out/dir"
fi
