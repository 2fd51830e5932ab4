#!/usr/bin/env bash
# unit_partition.sh UNIT_BINARY ENTRIES_FILE: fails unless the CTest entries of the unit cases (tests/CMakeLists.txt,
# one line of doctest filters per entry in ENTRIES_FILE) together list every case of the binary exactly once, so a
# new test file, folder or suite cannot fall out of every entry, nor run twice.
set -euo pipefail
bin=$1
entries=$2
# The cases a filter selects, one "file:line name" per line (listing runs nothing).
cases() { "$bin" --no-version --list-test-cases --reporters=xml "$@" | sed -n 's/^ *<TestCase name="\(.*\)" filename="\(.*\)" line="\([0-9]*\)".*/\2:\3 \1/p'; }
all=$(cases | sort)
parts=$(
  while IFS= read -r line; do
    read -ra filters <<<"$line" # no globbing: the patterns are doctest's
    cases "${filters[@]}"
  done <"$entries" | sort
)
n_entries=$(grep -c . "$entries" || true)
n_all=$(grep -c . <<<"$all" || true)
n_parts=$(grep -c . <<<"$parts" || true)
((n_all > 0)) || {
  echo "unit_partition: $bin lists no test case" >&2
  exit 1
}
if [[ $all != "$parts" ]]; then
  echo "unit_partition: the $n_entries unit entries list $n_parts cases, the binary $n_all; each case must be in exactly one entry" >&2
  echo "(< in no entry, > in more than one entry; the entries are in tests/CMakeLists.txt, motcua_unit_entry)" >&2
  diff <(echo "$all") <(echo "$parts") >&2 || true
  exit 1
fi
echo "unit_partition: $n_all cases, each in exactly one of $n_entries entries"
