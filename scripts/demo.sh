#!/usr/bin/env bash
# The newcomer's main command: install what is missing, build the release binaries into
# build/bin, create an instance on SQLite in ./itaku-data, load the demo (長野市 and 木更津市,
# a contractor, a subcontractor, two contracts with rosters, sign-in accounts), verify the
# ledger and serve the web UI and API. Prints the URL and the demo accounts; Ctrl+C stops.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release

itaku=(build/bin/itaku --data-dir "${ITAKU_DATA_DIR:-itaku-data}")
"${itaku[@]}" init
# Running this script again changes nothing: the demo is loaded only once.
"${itaku[@]}" contract show nagano-2026-001 >/dev/null 2>&1 || "${itaku[@]}" demo
"${itaku[@]}" ledger verify
exec "${itaku[@]}" serve --listen "${ITAKU_LISTEN:-127.0.0.1:8080}"
