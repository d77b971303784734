#!/usr/bin/env bash
# Fails when the code's includes and the CMake targets disagree about the layering
# (docs/ARCHITECTURE.md): every file that includes "itaku/<x>/…" must be compiled by a target
# that lists itaku_<x> itself, in its target_link_libraries or in the LIBS of itaku_test and
# itaku_fuzz_target, because a module reached only through another one's PUBLIC dependencies
# disappears the day that one stops needing it. For the modules under src/itaku it also checks
# that a dependency is PUBLIC exactly when the module's headers include it, and that the
# modules have no cycle.
#
# A file belongs to the targets that list it as a source. A header belongs to the targets of every
# file that includes it by a path outside itaku/ ("cli_support.hpp", "support/demo_app.hpp"),
# since it is compiled as part of them, or else to the targets of its directory. Files that are
# not committed yet are checked too, so that a new file is checked before its first commit.
set -euo pipefail
cd "$(dirname "$0")/.."

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

git ls-files --cached --others --exclude-standard -- 'src/*' 'apps/*' 'bench/*' 'tests/*' |
  grep -E '\.(cpp|hpp)$' | grep -v '^tests/fuzz/corpus/' | sort -u >"$work/files"

# One line per fact the CMake files state: "src <target> <file>" and
# "lib <target> <PUBLIC|PRIVATE|INTERFACE|-> <library>".
git ls-files --cached --others --exclude-standard -- 'CMakeLists.txt' '*/CMakeLists.txt' |
  while read -r cmake_file; do
    awk -v dir="$(dirname "$cmake_file")" '
      { line = $0; sub(/(^|[ \t])#.*$/, "", line); text = text " " line }
      function emit_sources(target, file) { print "src", target, (dir == "." ? "" : dir "/") file }
      function command(name, args,    a, n, i, target, keyword) {
        gsub(/"/, "", args)
        n = split(args, a, " ")
        if (n == 0 || a[1] ~ /\$/) return
        if (name == "add_library" || name == "add_executable") {
          for (i = 2; i <= n; i++) if (a[i] ~ /\.(cpp|hpp)$/) emit_sources(a[1], a[i])
        } else if (name == "target_link_libraries") {
          keyword = "-"
          for (i = 2; i <= n; i++) {
            if (a[i] ~ /^(PUBLIC|PRIVATE|INTERFACE)$/) keyword = a[i]
            else print "lib", a[1], keyword, a[i]
          }
        } else if (name == "itaku_test" || name == "itaku_fuzz_target") {
          # Functions of this project, defined in tests/ and tests/fuzz/: their first argument
          # names the target (itaku_fuzz_target adds a prefix and its source), LIBS its modules.
          target = a[1]
          if (name == "itaku_fuzz_target") { target = "itaku_fuzz_" a[1]; emit_sources(target, a[1] "_fuzz.cpp") }
          keyword = ""
          for (i = 2; i <= n; i++) {
            if (a[i] ~ /^(SOURCES|LIBS|MUTATIONS|CORPUS)$/) keyword = a[i]
            else if (keyword == "SOURCES") emit_sources(target, a[i])
            else if (keyword == "LIBS") print "lib", target, "PRIVATE", a[i]
          }
        }
      }
      END {
        while (match(text, /[A-Za-z_][A-Za-z0-9_]*[ \t]*\(/)) {
          name = substr(text, RSTART, RLENGTH)
          sub(/[ \t]*\($/, "", name)
          rest = substr(text, RSTART + RLENGTH)
          depth = 1
          for (i = 1; i <= length(rest); i++) {
            c = substr(rest, i, 1)
            if (c == "(") depth++
            else if (c == ")" && --depth == 0) break
          }
          command(tolower(name), substr(rest, 1, i - 1))
          text = substr(rest, i + 1)
        }
      }' "$cmake_file"
  done >"$work/facts"

# Every quoted include: "<file>:<line>:<included path>".
xargs -d '\n' grep -HnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' <"$work/files" |
  sed -E 's/^([^:]*:[0-9]+):[[:space:]]*#[[:space:]]*include[[:space:]]*"([^"]*)".*/\1:\2/' >"$work/includes" || true

awk -v files="$work/files" -v facts="$work/facts" -v includes="$work/includes" -v edges="$work/edges" '
  function dir_of(path) { return path ~ /\// ? substr(path, 1, match(path, /\/[^\/]*$/) - 1) : "." }
  function add_owner(file, target) {
    if (index(owners[file], " " target " ")) return 0
    owners[file] = (owners[file] == "" ? " " : owners[file]) target " "
    return 1
  }
  function resolve(from, path,    candidate, f) {
    candidate = dir_of(from) "/" path
    if (candidate in exists) return candidate
    for (f in exists) if (substr(f, length(f) - length(path)) == "/" path) return f
    return ""
  }
  BEGIN {
    while ((getline f < files) > 0) exists[f] = 1
    while ((getline < facts) > 0) {
      if ($1 == "src") {
        add_owner($3, $2)
        dir_targets[dir_of($3)] = dir_targets[dir_of($3)] " " $2
        if ($3 ~ /^src\/itaku\/[a-z_]+\/[^\/]+$/) modules[$2] = 1
      } else if ($1 == "lib" && $4 ~ /^itaku_/) {
        listed[$2, $4] = 1
        visibility[$2, $4] = $3
      }
    }
    while ((getline line < includes) > 0) {
      file = line; sub(/:.*/, "", file)
      rest = substr(line, length(file) + 2)
      number = rest; sub(/:.*/, "", number)
      path = substr(rest, length(number) + 2)
      if (path ~ /^itaku\/[a-z_]+\//) {
        module = path; sub(/^itaku\//, "", module); sub(/\/.*/, "", module)
        n_includes++
        inc_file[n_includes] = file; inc_line[n_includes] = number
        inc_path[n_includes] = path; inc_module[n_includes] = "itaku_" module
      } else if ((target = resolve(file, path)) != "") {
        n_local++
        local_from[n_local] = file; local_to[n_local] = target
      }
    }
    # A header is compiled as part of whatever includes it, so it takes on their targets.
    do {
      changed = 0
      for (i = 1; i <= n_local; i++) {
        n = split(owners[local_from[i]], targets, " ")
        for (t = 1; t <= n; t++) changed += add_owner(local_to[i], targets[t])
      }
    } while (changed)
    status = 0
    for (i = 1; i <= n_includes; i++) {
      file = inc_file[i]; module = inc_module[i]
      where = file ":" inc_line[i] ": includes \"" inc_path[i] "\""
      if (owners[file] == "") {
        n = split(dir_targets[dir_of(file)], targets, " ")
        for (t = 1; t <= n; t++) add_owner(file, targets[t])
      }
      if (owners[file] == "") {
        print where ", but no CMake target compiles this file"
        status = 1
        continue
      }
      n = split(owners[file], targets, " ")
      for (t = 1; t <= n; t++) {
        if (targets[t] == module || listed[targets[t], module]) continue
        print where ", but " targets[t] " does not list " module
        status = 1
      }
      # What the headers of a module include is part of its interface, so it must be PUBLIC.
      if (file ~ /^src\/itaku\/[a-z_]+\/[^\/]+\.hpp$/) {
        split(file, parts, "/")
        owner = "itaku_" parts[3]
        if (owner == module) continue
        in_header[owner, module] = 1
        if (listed[owner, module] && visibility[owner, module] != "PUBLIC") {
          print where " in a header, so " owner " must list " module " as PUBLIC"
          status = 1
        }
      }
    }
    # And what no header includes is private: whoever else needs it lists it.
    for (key in visibility) {
      split(key, pair, SUBSEP)
      if (!(pair[1] in modules)) continue
      print pair[1], pair[2] >edges
      if (visibility[key] == "PUBLIC" && !in_header[pair[1], pair[2]]) {
        print "src/itaku/" substr(pair[1], 7) "/CMakeLists.txt: " pair[1] " lists " pair[2] \
          " as PUBLIC, but none of its headers includes it: make it PRIVATE"
        status = 1
      }
    }
    exit status
  }' >&2 || status=1

# Modules depend on modules below them only: tsort refuses a graph with a cycle.
touch "$work/edges"
if ! tsort <"$work/edges" >/dev/null 2>"$work/tsort"; then
  awk '/input contains a loop/ { if (cycle != "") print cycle; cycle = "the modules depend on each other:"; next }
       { cycle = cycle " " $2 }
       END { if (cycle != "") print cycle }' "$work/tsort" >&2
  status=1
fi

if [ "${status:-0}" -ne 0 ]; then
  echo "check-layering: the includes and the CMake targets disagree (docs/ARCHITECTURE.md)" >&2
  exit 1
fi
