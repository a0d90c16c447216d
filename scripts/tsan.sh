#!/usr/bin/env bash
# The integration suite (the one with threads) under ThreadSanitizer, in build-tsan/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# The integration suite under ThreadSanitizer: only what it needs, in a folder of its own. The
# real binary the suite starts in child processes is built so too; every report, the children's
# included, goes to a file, and any file fails the run.
cmake -S "$root" -B "$root/build-tsan" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSAMLING_TSAN=ON \
  -DSAMLING_BUILD_BENCH=OFF
cmake --build "$root/build-tsan" --target integration_tests
reports="$root/build-tsan/tsan-reports"
rm -rf "$reports" && mkdir -p "$reports"
TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 log_path=$reports/report" \
  ctest --test-dir "$root/build-tsan" --output-on-failure --timeout 900 -j 2 -R '^integration_tests: '
if compgen -G "$reports/report*" >/dev/null; then
  cat "$reports"/report*
  echo "ThreadSanitizer reported the above" >&2
  exit 1
fi

