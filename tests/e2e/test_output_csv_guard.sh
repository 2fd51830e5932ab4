#!/usr/bin/env bash
# Issue 11 item 20, through the binary: the one CSV writer guards formulas in every CSV output,
# the rejects CSV included, and full-width ＝ ＋ － ＠ too; the canonical CSV round trip stays byte-identical.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/output_fixture.sh"
write_output_inputs

step "item 20: the rejects CSV guards formulas, full-width ones included"
assert_exit 3 motcua dossiers migrate "$D/bad.csv" --rejects "$TEST_TMP/formula-rejects.csv"
rej="$(cat "$TEST_TMP/formula-rejects.csv")"
assert_contains "$rej" "\"'=HYPERLINK(1),1.001000" "ASCII formula guarded"
assert_contains "$rej" "\"'＝SUM(1),1.001000" "full-width formula guarded"
assert_not_contains "$rej" ",\"=HYPERLINK" "no live formula"
assert_file_mode 600 "$TEST_TMP/formula-rejects.csv"

step "item 20: every CSV output guards full-width formulas; the canonical CSV round trip stays byte-identical"
assert_exit 3 motcua dossiers migrate "$D/in.ndjson" -q
assert_exit 0 motcua dossiers list --format csv
assert_contains "$OUT" "OK-1," "list csv"
assert_contains "$OUT" $'\r\n' "CRLF"
assert_exit 0 motcua dossiers export --format csv --output "$TEST_TMP/out.csv"
assert_contains "$(cat "$TEST_TMP/out.csv")" "'＋84 905 000 000" "full-width plus guarded"
assert_contains "$(cat "$TEST_TMP/out.csv")" "\"'＝HYPERLINK(\"\"http://x\"\")\"" "full-width equals guarded"
assert_exit 0 env $(e2e_store_env "$TEST_TMP/rt") "$MOTCUA" dossiers migrate "$TEST_TMP/out.csv"
assert_exit 0 env $(e2e_store_env "$TEST_TMP/rt") "$MOTCUA" dossiers show OK-1 --format json
jq_eq "$OUT" '.applicant_name' '"＋84 905 000 000"' "guard undone on the way in"
assert_exit 0 env $(e2e_store_env "$TEST_TMP/rt") "$MOTCUA" dossiers export --format csv --output "$TEST_TMP/out2.csv"
cmp -s "$TEST_TMP/out.csv" "$TEST_TMP/out2.csv" || fail "CSV re-export differs: $(diff "$TEST_TMP/out.csv" "$TEST_TMP/out2.csv" | head)"
