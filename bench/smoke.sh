#!/usr/bin/env bash
# The benchmark's short mode, run by the test suite: a fresh samling, 2 rooms × 20 participants,
# 40 notes a second for 3 seconds. Passes when every note reached every participant.
set -euo pipefail
samling="$1"
loadgen="$2"
work="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
"$samling" serve --bind 127.0.0.1 --port 0 --db "$work/bench.db" 2> "$work/log" &
pid=$!
for _ in $(seq 1 200); do
  port="$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$work/log")"
  [ -n "$port" ] && break
  sleep 0.05
done
[ -n "$port" ] || { echo "samling did not start:"; cat "$work/log"; exit 1; }
"$loadgen" --target samling --port "$port" --rooms 2 --per-room 20 --rate 40 --warmup 0.5 --seconds 3 --server-pid "$pid"
