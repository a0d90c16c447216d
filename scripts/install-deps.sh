#!/usr/bin/env bash
# Installs what Samling needs to build (and, with --test, to run its tests) on Debian 12.
set -euo pipefail
as_root=()
if [ "$(id -u)" -ne 0 ]; then as_root=(sudo); fi
packages=(g++ cmake ninja-build libboost1.81-dev nlohmann-json3-dev libsqlite3-dev)
if [ "${1:-}" = "--test" ]; then
  packages+=(catch2 sqlite3)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
