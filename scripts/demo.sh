#!/usr/bin/env bash
# The newcomer's main command: install what is missing, build the release binaries into
# build/bin, create an instance on SQLite in ./itaku-data, load the demo (長野市 and 木更津市,
# a contractor, a subcontractor, two contracts with rosters), show it and verify the ledger.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release

itaku=(build/bin/itaku --data-dir "${ITAKU_DATA_DIR:-itaku-data}")
"${itaku[@]}" init
# Exit code 5: the demo is already loaded (running this script again changes nothing).
"${itaku[@]}" demo || [ $? -eq 5 ]
echo
"${itaku[@]}" contract show nagano-2026-001
echo
"${itaku[@]}" roster diff nagano-2026-001
echo
"${itaku[@]}" ledger verify
