#!/usr/bin/env bash
# The hostile-input proofs of CI: the whole C++ test suite under AddressSanitizer and
# UndefinedBehaviorSanitizer, the integration suite (the one with threads) under ThreadSanitizer
# (scripts/tsan.sh), then each libFuzzer harness for a short while on its corpus.
# SAMLING_FUZZ_SECONDS sets the time per harness (default 20; give it hours by hand).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${SAMLING_FUZZ_SECONDS:-20}"
as_root=()
if [ "$(id -u)" -ne 0 ]; then as_root=(sudo); fi
missing=()
for p in clang libclang-rt-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# 1. The suite under ASan and UBSan (the browser tests and the cluster test, whose waits are the
#    lease's, drive the release binary already, and the
#    load generator's smoke test runs in scripts/test.sh).
cmake -S "$root" -B "$root/build-asan" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSAMLING_SANITIZE=ON \
  -DSAMLING_BUILD_BENCH=OFF
cmake --build "$root/build-asan"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir "$root/build-asan" --output-on-failure --timeout 600 -j 2 -E '^browser\.|^cluster\.'

# 2. The integration suite under ThreadSanitizer, in build-tsan/.
bash "$root/scripts/tsan.sh"

# 3. The fuzzers, each for a short run starting from the committed corpus.
CC=clang CXX=clang++ cmake -S "$root" -B "$root/build-fuzz" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DSAMLING_FUZZ=ON -DSAMLING_BUILD_TESTS=OFF
cmake --build "$root/build-fuzz" --target frame_fuzz target_fuzz archive_fuzz wire_fuzz
for harness in frame target archive wire; do
  work="$root/build-fuzz/corpus-$harness"
  mkdir -p "$work"
  echo "fuzzing $harness for ${seconds}s"
  "$root/build-fuzz/fuzz/${harness}_fuzz" -max_total_time="$seconds" -max_len=65536 -print_final_stats=1 \
    "$work" "$root/fuzz/corpus/$harness"
done
