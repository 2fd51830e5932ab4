#!/usr/bin/env bash
# One format-detection rule for catalogs and dossiers: a one-line JSON document ending in a newline
# is a document (not one NDJSON record), for the national sync wrapper as for a catalog.
. "$(dirname "$0")/lib.sh"

step "dossiers: a minified DongBoHoSoMC document with a trailing newline is read as a document"
printf '{"service":"DongBoHoSoMC","data":[{"MaHoSo":"H-1","MaTTHC":"P1","KenhThucHien":2,"TrangThaiHoSo":4,"NgayTiepNhan":"20180305080000"}]}\n' \
  >"$TEST_TMP/sync.json"
assert_exit 0 motcua dossiers migrate "$TEST_TMP/sync.json" --format json
jq_eq "$OUT" '[.read, .inserted, .rejected]' '[1,1,0]'
assert_exit 0 motcua dossiers show H-1 --format json
jq_eq "$OUT" '[.channel, .status]' '["online","processing"]'

step "catalog: the same one-line wrapper is a document too"
printf '{"procedures":[{"code":"P1","name":"Một","processing_time":1}]}\n' >"$TEST_TMP/cat.json"
assert_exit 0 motcua catalog import "$TEST_TMP/cat.json" --as-of 2018-01-01 --format json
jq_eq "$OUT" '.inserted' '1'

step "two object lines are still NDJSON"
printf '{"code":"N-1","procedure_code":"P1","channel":"online","status":"processing","received_at":"2018-03-05T08:00"}\n{"code":"N-2","procedure_code":"P1","channel":"direct","status":"processing","received_at":"2018-03-05T09:00"}\n' \
  >"$TEST_TMP/two"
assert_exit 0 motcua dossiers migrate "$TEST_TMP/two" --format json
jq_eq "$OUT" '[.read, .inserted]' '[2,2]'

echo "PASS"
