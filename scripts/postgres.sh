#!/usr/bin/env bash
# Manages a throwaway PostgreSQL 15 cluster on loopback for tests and CI, without systemd.
#
#   scripts/postgres.sh start DIR [PORT]   initialise DIR/data if needed, start the server and
#                                          print its URL (the only line on stdout)
#   scripts/postgres.sh stop DIR           stop the server if it is running
#
# Both are idempotent. The cluster trusts every connection from 127.0.0.1 (and the postgres OS
# user on its private Unix socket), so it is for tests only. It keeps fsync on so that tests
# see the same durability behaviour as production.
set -euo pipefail

readonly kPgBin=/usr/lib/postgresql/15/bin
readonly kPgUser=postgres

die() {
  echo "postgres.sh: $*" >&2
  exit 1
}

usage() {
  echo "usage: scripts/postgres.sh start DIR [PORT] | stop DIR" >&2
  exit 2
}

check_installed() {
  if [[ ! -x "${kPgBin}/initdb" || ! -x "${kPgBin}/pg_ctl" ]]; then
    die "PostgreSQL 15 is not installed (${kPgBin}/initdb is missing); install the 'postgresql' package (scripts/setup.sh does)"
  fi
  if ! id -u "${kPgUser}" >/dev/null 2>&1; then
    die "the '${kPgUser}' OS user does not exist; install the 'postgresql' package (scripts/setup.sh does)"
  fi
}

# Runs a command as the postgres OS user: initdb and pg_ctl refuse to run as root.
as_pg() {
  if [[ "$(id -u)" == 0 ]]; then
    runuser -u "${kPgUser}" -- "$@"
  elif [[ "$(id -un)" == "${kPgUser}" ]]; then
    "$@"
  else
    die "must run as root or as the '${kPgUser}' user"
  fi
}

# Prints the port the cluster in DIR is configured for, or nothing.
configured_port() {
  local conf="$1/data/itaku.conf"
  [[ -f "${conf}" ]] && sed -n "s/^port = \([0-9]*\)$/\1/p" "${conf}"
  return 0
}

port_in_use() {
  ss -Htln "sport = :$1" 2>/dev/null | grep -q .
}

# Picks a port that nothing listens on, below the kernel's ephemeral range (32768–60999 on
# Debian), where an outgoing connection could take it between a stop and a start. The start
# below still retries, because another process may take the port between this check and the
# server's bind.
find_free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 12000))
    if ! port_in_use "${port}"; then
      echo "${port}"
      return 0
    fi
  done
  die "could not find a free TCP port on 127.0.0.1"
}

is_running() {
  as_pg "${kPgBin}/pg_ctl" status -D "$1/data" >/dev/null 2>&1
}

write_config() {
  local dir="$1" port="$2"
  as_pg tee "${dir}/data/itaku.conf" >/dev/null <<EOF
# Written by scripts/postgres.sh on every start; edits are overwritten.
listen_addresses = '127.0.0.1'
port = ${port}
unix_socket_directories = '${dir}/sock'
fsync = on
synchronous_commit = on
full_page_writes = on
logging_collector = off
EOF
}

init_cluster() {
  local dir="$1"
  as_pg mkdir -p "${dir}/data" "${dir}/sock" "${dir}/log"
  as_pg chmod 700 "${dir}/data"
  if ! as_pg "${kPgBin}/initdb" -D "${dir}/data" -U "${kPgUser}" --encoding=UTF8 --locale=C \
    --auth-local=peer --auth-host=reject >"${dir}/log/initdb.log" 2>&1; then
    cat "${dir}/log/initdb.log" >&2
    die "initdb failed for ${dir}/data (log above)"
  fi
  # Trust only loopback IPv4; everything else (including ::1) is rejected.
  as_pg tee "${dir}/data/pg_hba.conf" >/dev/null <<EOF
# Written by scripts/postgres.sh: a throwaway test cluster.
local   all   ${kPgUser}                  peer
host    all   all         127.0.0.1/32    trust
EOF
  echo "include_if_exists = 'itaku.conf'" | as_pg tee -a "${dir}/data/postgresql.conf" >/dev/null
}

cmd_start() {
  local dir="$1" requested_port="${2:-}"
  check_installed
  if [[ -n "${requested_port}" && ! "${requested_port}" =~ ^[0-9]+$ ]]; then
    die "PORT must be a number, got '${requested_port}'"
  fi

  mkdir -p "${dir}"
  dir="$(cd "${dir}" && pwd -P)"
  # The postgres user owns DIR so that it can create the data, socket and log directories, and
  # every parent must be traversable by it.
  chown "${kPgUser}:" "${dir}" 2>/dev/null || true
  chmod 755 "${dir}" 2>/dev/null || true
  if ! as_pg test -w "${dir}"; then
    die "the '${kPgUser}' user cannot write to ${dir} (check the permissions of it and its parents)"
  fi

  if [[ ! -f "${dir}/data/PG_VERSION" ]]; then
    # Never delete anything here: DIR may have been mistyped.
    if [[ -d "${dir}/data" ]] && [[ -n "$(ls -A "${dir}/data")" ]]; then
      die "${dir}/data exists but holds no cluster (an interrupted initdb?); remove it and retry"
    fi
    init_cluster "${dir}"
  fi

  local port
  port="$(configured_port "${dir}")"
  if is_running "${dir}"; then
    if [[ -n "${requested_port}" && "${requested_port}" != "${port}" ]]; then
      die "the cluster in ${dir} is already running on port ${port}, not ${requested_port}; stop it first"
    fi
    echo "postgresql://${kPgUser}@127.0.0.1:${port}/postgres"
    return 0
  fi

  for _ in 1 2 3 4 5; do
    if [[ -n "${requested_port}" ]]; then
      port="${requested_port}"
    elif [[ -z "${port}" ]] || port_in_use "${port}"; then
      port="$(find_free_port)"
    fi
    write_config "${dir}" "${port}"
    if as_pg "${kPgBin}/pg_ctl" start -w -t 60 -D "${dir}/data" -l "${dir}/log/postgres.log" >/dev/null 2>&1; then
      echo "postgresql://${kPgUser}@127.0.0.1:${port}/postgres"
      return 0
    fi
    # Retry on another port only when we chose the port and someone else took it.
    if [[ -n "${requested_port}" ]] || ! port_in_use "${port}"; then
      break
    fi
    port=""
  done
  tail -n 20 "${dir}/log/postgres.log" >&2 2>/dev/null || true
  die "PostgreSQL did not start in ${dir} on port ${port} (log above, full log in ${dir}/log/postgres.log)"
}

cmd_stop() {
  local dir="$1"
  [[ -d "${dir}" ]] || return 0
  dir="$(cd "${dir}" && pwd -P)"
  [[ -f "${dir}/data/PG_VERSION" ]] || return 0
  check_installed
  is_running "${dir}" || return 0
  if ! as_pg "${kPgBin}/pg_ctl" stop -w -t 60 -m fast -D "${dir}/data" >/dev/null 2>&1; then
    die "could not stop PostgreSQL in ${dir} (see ${dir}/log/postgres.log)"
  fi
}

main() {
  [[ $# -ge 2 ]] || usage
  # Run from a directory the postgres user can read, so that initdb and pg_ctl do not warn.
  local dir="$2"
  [[ "${dir}" == /* ]] || dir="${PWD}/${dir}"
  cd /
  case "$1" in
    start)
      [[ $# -le 3 ]] || usage
      cmd_start "${dir}" "${3:-}"
      ;;
    stop)
      [[ $# -eq 2 ]] || usage
      cmd_stop "${dir}"
      ;;
    *) usage ;;
  esac
}

main "$@"
