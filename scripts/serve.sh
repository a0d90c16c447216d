#!/usr/bin/env bash
# Installs, builds and starts Samling on port 8080 with ./samling.db (extra arguments go to `serve`).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/install-deps.sh"
# Warnings stop the test build, not an organiser's install: a newer compiler may warn where this one did not.
cmake -S "$root" -B "$root/build-release" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSAMLING_BUILD_TESTS=OFF -DSAMLING_WERROR=OFF
cmake --build "$root/build-release" --target samling
exec "$root/build-release/samling" serve --port 8080 --db ./samling.db "$@"
