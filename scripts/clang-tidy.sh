#!/usr/bin/env bash
# Runs clang-tidy (.clang-tidy) with the debug build's compile commands on every .cpp file under
# src/ and apps/, or on the files given, one process per core. Prints each diagnostic once
# (a header's are found by every file that includes it) and fails if there is any.
set -euo pipefail
cd "$(dirname "$0")/.."

database=build/debug
if [ ! -f "$database/compile_commands.json" ]; then
  echo "clang-tidy.sh: $database/compile_commands.json is missing; run cmake --preset debug first" >&2
  exit 1
fi
if [ $# -gt 0 ]; then
  files=("$@")
else
  mapfile -t files < <(git ls-files --cached --others --exclude-standard -- 'src/*.cpp' 'apps/*.cpp')
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export database work

# The compile commands are g++'s. clang takes them, with two exceptions: it must ignore a warning
# option only g++ knows, and clang 14 does not announce C++20 coroutines the way libstdc++ 12 and
# Boost.Asio look for them (__cpp_impl_coroutine), without which http/server.cpp does not parse.
tidy_one() {
  local log="$work/${1//\//_}.log"
  clang-tidy --quiet -p "$database" --extra-arg=-Wno-unknown-warning-option \
    --extra-arg=-D__cpp_impl_coroutine=201902L --extra-arg=-DBOOST_ASIO_HAS_CO_AWAIT=1 "$1" >"$log" 2>&1 ||
    touch "$log.failed"
}
export -f tidy_one

start=$SECONDS
printf '%s\n' "${files[@]}" | xargs -d '\n' -P "$(nproc)" -I{} bash -c 'tidy_one "$1"' _ {}
elapsed=$((SECONDS - start))

# A diagnostic is its first line and the lines that show where it is, up to the next one.
shopt -s nullglob
failed=("$work"/*.failed)
cat "$work"/*.log /dev/null |
  sed "s|$PWD/||g" |
  awk -v count_file="$work/count" '
    / generated\.$/ { next }
    /^[^ ]+:[0-9]+:[0-9]+: (fatal )?(warning|error):/ { show = !seen[$0]++; if (show) count++ }
    /^Error while processing/ { print; next }
    show { print }
    END { print count + 0 >count_file }'
count="$(cat "$work/count")"

if [ "${#failed[@]}" -gt 0 ] || [ "$count" -gt 0 ]; then
  echo "clang-tidy: $count diagnostics; ${#failed[@]} of ${#files[@]} files failed (${elapsed} s)" >&2
  exit 1
fi
echo "clang-tidy: ${#files[@]} files, no diagnostics (${elapsed} s)"
