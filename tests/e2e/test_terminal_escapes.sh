#!/usr/bin/env bash
# Terminal escape sequences in remote names, stored text and arguments are shown escaped in every
# human-facing output (issue 11 item 19): a catalog server cannot clear the screen or fake output
# through a table or a message. JSON keeps the exact data.
. "$(dirname "$0")/lib.sh"

ESC=$'\x1b'
# no_raw_esc TEXT WHAT: no ESC byte, and no C1 CSI (U+009B) either.
no_raw_esc() {
  local n
  n="$(printf '%s' "$1" | grep -c "$ESC" || true)"
  assert_eq 0 "$n" "$2: lines with a raw ESC byte"
  n="$(printf '%s' "$1" | grep -c $'\xc2\x9b' || true)"
  assert_eq 0 "$n" "$2: lines with a raw U+009B"
}

D="$TEST_TMP/data"
mkdir -p "$D"
cat >"$D/cat.json" <<'JSON'
[{"code": "P1", "name": "Cấp phép\u001b[2J\u001b[Hxây dựng", "processing_time": 5, "agency_code": "A1"},
 {"code": "P2", "name": "Hai\u009b31m\nmotcua: error: fake", "processing_time": 5}]
JSON
cat >"$D/d.ndjson" <<'JSON'
{"code":"D1","procedure_code":"P1","channel":"direct","status":"received","received_at":"2018-03-05T08:00","applicant_name":"Nguyễn\u001b]0;owned\u0007 Văn A"}
JSON

step "import: stored as given"
assert_exit 0 motcua catalog import "$D/cat.json" --as-of 2018-01-01
assert_exit 0 motcua dossiers migrate "$D/d.ndjson"

step "catalog list (table): escaped, no raw ESC, one line per procedure"
assert_exit 0 motcua catalog list --as-of 2018-01-01
no_raw_esc "$OUT" "catalog list"
assert_contains "$OUT" 'Cấp phép\e[2J\e[Hxây dựng' "catalog list"
assert_contains "$OUT" 'Hai\u009b31m\nmotcua: error: fake' "catalog list"
assert_eq 3 "$(printf '%s\n' "$OUT" | wc -l)" "catalog list: heading and two rows"

step "catalog list --format json keeps the exact names"
assert_exit 0 motcua catalog list --as-of 2018-01-01 --format json
jq_eq "$OUT" '.[0].name == "Cấp phép\u001b[2J\u001b[Hxây dựng"' true "JSON name of P1"
jq_eq "$OUT" '.[1].name == "Hai\u009b31m\nmotcua: error: fake"' true "JSON name of P2"

step "catalog show and search (table): escaped"
assert_exit 0 motcua catalog show P1 --as-of 2018-01-01
no_raw_esc "$OUT" "catalog show"
assert_contains "$OUT" 'Cấp phép\e[2J\e[Hxây dựng' "catalog show"
assert_exit 0 motcua catalog search "cap phep"
no_raw_esc "$OUT" "catalog search"
assert_contains "$OUT" 'Cấp phép\e[2J' "catalog search"

step "dossiers show (table): escaped; json keeps the data"
assert_exit 0 motcua dossiers show D1
no_raw_esc "$OUT" "dossiers show"
assert_contains "$OUT" 'Nguyễn\e]0;owned\x07 Văn A' "dossiers show"
assert_exit 0 motcua dossiers show D1 --format json
jq_eq "$OUT" '.applicant_name == "Nguyễn\u001b]0;owned\u0007 Văn A"' true "JSON applicant_name"

step "error messages naming an argument: escaped"
assert_exit 4 motcua dossiers show $'X\e[2J'
no_raw_esc "$ERR" "dossiers show error"
assert_contains "$ERR" "no dossier 'X\\e[2J'" "dossiers show error"
assert_exit 4 motcua catalog show $'P\e[31m9'
no_raw_esc "$ERR" "catalog show error"
assert_contains "$ERR" "'P\\e[31m9'" "catalog show error"
bad="$TEST_TMP/in"$'\e[2J'".json"
assert_exit 4 motcua catalog import "$bad" --as-of 2018-01-01
no_raw_esc "$ERR" "missing input file"
assert_contains "$ERR" 'in\e[2J.json' "missing input file"

step "a parse error quoting the argument: escaped"
assert_exit 2 motcua catalog list $'--bogus\e[2J'
no_raw_esc "$ERR" "usage error"
assert_contains "$ERR" '--bogus\e[2J' "usage error"
