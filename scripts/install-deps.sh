#!/usr/bin/env bash
# Installs what Samling needs to build (with --test, to run its tests; with --bench, bench/run) on Debian 12:
# Debian packages, then the web client's libraries from the npm registry (pinned by package-lock.json).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
as_root=()
if [ "$(id -u)" -ne 0 ]; then as_root=(sudo); fi
packages=(g++ cmake ninja-build pkg-config libboost1.81-dev nlohmann-json3-dev libsqlite3-dev libxlsxwriter-dev libzip-dev liburing-dev libpq-dev)
if [ "${1:-}" = "--test" ]; then
  # chromium drives the browser tests; pdftotext reads the recap printed to PDF; the emoji font
  # lets screenshots show the emoji people write; openpyxl reads the XLSX recap back and
  # LibreOffice the DOCX one. PostgreSQL and nginx are started by the tests themselves, as an
  # unprivileged user in a temporary folder: the storage conformance suite and the cluster test.
  packages+=(catch2 sqlite3 chromium poppler-utils fonts-noto-color-emoji python3-openpyxl libreoffice-writer-nogui
             postgresql-15 postgresql-client-15 nginx-light)
elif [ "${1:-}" = "--bench" ]; then
  # bench/run measures PostgreSQL and nginx in front of several nodes, started as the tests do.
  packages+=(postgresql-15 postgresql-client-15 nginx-light)
fi
# Node.js and npm fetch the client's libraries; a machine that has them already keeps its own.
command -v node > /dev/null || packages+=(nodejs)
command -v npm > /dev/null || packages+=(npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  "${as_root[@]}" apt-get update -qq
  # Packages with a service (PostgreSQL, nginx) must not start it: the tests start their own.
  policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    policy=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' | "${as_root[@]}" tee "$policy" > /dev/null
    "${as_root[@]}" chmod +x "$policy"
  fi
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
  if [ -n "$policy" ]; then "${as_root[@]}" rm -f "$policy"; fi
fi
cd "$root"
if [ "${1:-}" = "--test" ]; then
  npm ci --no-audit --no-fund --loglevel=error
elif [ ! -f node_modules/htm/package.json ] || [ ! -f node_modules/qrcode-generator/package.json ]; then
  # Only the client's runtime libraries; a tree that has them (and maybe the test tools) stays.
  npm ci --omit=dev --no-audit --no-fund --loglevel=error
fi
