#!/usr/bin/env bash
# --encoding accepts every spelling a mapping file accepts (one table in the library), e.g. windows-1258.
. "$(dirname "$0")/lib.sh"

step "a Windows-1258 file migrated with --encoding windows-1258 (and Windows_1258)"
printf 'code,procedure_code,channel,status,received_at,applicant_name\r\nE-1,P1,online,processing,2018-03-05T08:00,Nguy\xean V\xe3n An\r\n' >"$TEST_TMP/d.csv"
assert_exit 0 motcua dossiers migrate "$TEST_TMP/d.csv" --encoding windows-1258
assert_exit 0 motcua dossiers show E-1 --format json
jq_eq "$OUT" '.applicant_name' '"Nguyên Văn An"'
assert_exit 0 motcua dossiers migrate "$TEST_TMP/d.csv" --encoding Windows_1258 --dry-run

step "an unknown encoding is still a usage error"
assert_exit 2 motcua dossiers migrate "$TEST_TMP/d.csv" --encoding latin1

echo "PASS"
