#!/usr/bin/env bash
# Fails when a C++ file differs from .clang-format's layout. `--fix` rewrites them. New files
# count before they are added to git (untracked, not ignored), so a check before `git add` holds.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files --cached --others --exclude-standard '*.cpp' '*.hpp' 2>/dev/null || true)
[ ${#files[@]} -eq 0 ] && exit 0
if [ "${1:-}" = "--fix" ]; then
  clang-format -i "${files[@]}"
else
  clang-format --dry-run --Werror "${files[@]}"
fi
