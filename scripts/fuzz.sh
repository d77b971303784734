#!/usr/bin/env bash
# Fuzzes the inputs strangers control (tests/fuzz/) with libFuzzer: builds the targets with
# clang-14 under AddressSanitizer and UndefinedBehaviorSanitizer in build/fuzz, then runs each
# for SECONDS (default 60) on a copy of its corpus. New inputs that reach new code are kept in
# build/fuzz/corpus/<target>; a crash leaves its input in build/fuzz/crash-* and fails the run.
#   scripts/fuzz.sh [SECONDS] [TARGET…]     targets: json_body roster_input provision_import receipt_payload
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(json_body roster_input provision_import receipt_payload)

scripts/setup.sh
# clang and libFuzzer come from Debian's LLVM 14 packages.
missing=()
for p in clang-14 libclang-rt-14-dev libfuzzer-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Boost 1.74 does not detect clang-14's coroutines; the fuzz targets do not use Asio, but the
# configure step sees every module.
cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
  -DITAKU_FUZZ=ON -DITAKU_BUILD_TESTS=OFF -DITAKU_BUILD_BENCH=OFF \
  -DCMAKE_CXX_FLAGS="-DBOOST_ASIO_HAS_CO_AWAIT -DBOOST_ASIO_HAS_STD_COROUTINE" >/dev/null
cmake --build build/fuzz --target "${targets[@]/#/itaku_fuzz_}"

status=0
for target in "${targets[@]}"; do
  corpus="build/fuzz/corpus/$target"
  mkdir -p "$corpus"
  cp -n tests/fuzz/corpus/"$target"/* "$corpus"/
  [ "$target" = provision_import ] && cp -n data/provisions/*.toml "$corpus"/
  echo "fuzz: $target for ${seconds}s"
  if ! (cd build/fuzz && LSAN_OPTIONS="suppressions=$PWD/../../tests/lsan.supp" \
        "bin/itaku_fuzz_$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
        -print_final_stats=1 "corpus/$target"); then
    echo "fuzz: $target found a crash (its input is in build/fuzz/crash-*)" >&2
    status=1
  fi
done
exit $status
