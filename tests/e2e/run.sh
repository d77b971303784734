#!/usr/bin/env bash
# Runs the browser tests: a fresh itaku instance with the demo, served on a free port, and
# playwright-core driving Debian's chromium (never a downloaded browser). Screenshots of every
# page visited are kept in $ITAKU_E2E_ARTIFACTS (default build/e2e-artifacts).
# Usage: tests/e2e/run.sh PATH/TO/itaku [NAME…]  (NAME: run only NAME.test.mjs)
set -euo pipefail
itaku_bin="$(realpath "$1")"
shift
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
artifacts="${ITAKU_E2E_ARTIFACTS:-$root/build/e2e-artifacts}"
mkdir -p "$artifacts"

if [ ! -d "$here/node_modules/playwright-core" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

data="$(mktemp -d /tmp/itaku-e2e-XXXXXX)"
log="$data/serve.log"
cleanup() {
  [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT

"$itaku_bin" --data-dir "$data" init --origin e2e.itaku/ledger >/dev/null
"$itaku_bin" --data-dir "$data" demo >/dev/null
"$itaku_bin" --data-dir "$data" serve --listen 127.0.0.1:0 >"$log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  url="$(grep -oE 'http://127\.0\.0\.1:[0-9]+/' "$log" | head -1 || true)"
  [ -n "$url" ] && break
  sleep 0.1
done
if [ -z "${url:-}" ]; then
  echo "e2e: the server did not start" >&2
  cat "$log" >&2
  exit 1
fi

cd "$here"
tests=(./*.test.mjs)
[ $# -gt 0 ] && tests=("${@/%/.test.mjs}")
ITAKU_URL="$url" ITAKU_E2E_ARTIFACTS="$artifacts" ITAKU_BIN="$itaku_bin" ITAKU_DATA="$data" \
  node --test --test-concurrency=1 "${tests[@]}"
