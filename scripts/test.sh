#!/usr/bin/env bash
# Runs every test: installs what is missing, checks formatting and the modules' layering, builds
# the debug preset (AddressSanitizer + UndefinedBehaviorSanitizer), runs clang-tidy, starts a
# throwaway PostgreSQL cluster on loopback, and runs the whole suite against SQLite and
# PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
scripts/check-format.sh
scripts/check-layering.sh

cmake --preset debug >/dev/null
cmake --build --preset debug
scripts/clang-tidy.sh

pg_dir="$(mktemp -d /tmp/itaku-pg-XXXXXX)"
trap 'scripts/postgres.sh stop "$pg_dir" >/dev/null 2>&1 || true; rm -rf "$pg_dir"' EXIT
ITAKU_TEST_POSTGRES_URL="$(scripts/postgres.sh start "$pg_dir")"
export ITAKU_TEST_POSTGRES_URL
export ITAKU_REQUIRE_POSTGRES=1

ctest --preset debug -j "$(nproc)" "$@"
