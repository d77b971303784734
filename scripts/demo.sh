#!/usr/bin/env bash
# The newcomer's main command: install what is missing, build the release binaries into
# build/bin, create a demo instance on SQLite in ./itaku-data and check its ledger.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release

data_dir="${ITAKU_DATA_DIR:-itaku-data}"
build/bin/itaku --data-dir "$data_dir" init
build/bin/itaku --data-dir "$data_dir" ledger verify
