#!/usr/bin/env bash
# Installs every Debian package itaku needs to build, test and run. Idempotent: installs only
# what is missing, so running it again is quick.
set -euo pipefail

packages=(
  build-essential cmake ninja-build mold pkg-config git ca-certificates
  libboost-dev libssl-dev libsodium-dev libsqlite3-dev sqlite3 libpq-dev postgresql
  nlohmann-json3-dev libcli11-dev libspdlog-dev libfmt-dev libtoml11-dev
  libkainjow-mustache-dev libqrencode-dev libzip-dev libcpp-httplib-dev libcairo2-dev libpango1.0-dev poppler-utils zbar-tools
  libxlsxwriter-dev libexpat1-dev libicu-dev unzip
  libgtest-dev libgmock-dev libbenchmark-dev libjemalloc-dev
  clang-format clang-tidy wrk chromium
  # The printed documents' faces (TrueType, so their subsets stay small), and Noto CJK for any
  # character they lack.
  fonts-morisawa-bizud-gothic fonts-morisawa-bizud-mincho fonts-noto-cjk
)
# Node.js (for the browser tests' playwright-core) may come from another source already;
# Debian's packages are only needed when there is no node at all.
if ! command -v node >/dev/null 2>&1; then packages+=(nodejs npm); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "setup: installing ${missing[*]}" >&2
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
