# Small dossier files and a sample cache for the output tests (test_output_*.sh: issue 11 items
# 1, 2, 3, 11, 20). Source it after lib.sh.
#
# write_output_inputs: $D/in.ndjson (two good dossiers with full-width formula-looking names, one
# rejected for its channel) and $D/bad.csv (canonical CSV rows starting with = and ＝, both rejected).
write_output_inputs() {
  D="$TEST_TMP/data"
  mkdir -p "$D"
  cat >"$D/in.ndjson" <<'EOF2'
{"code": "OK-1", "procedure_code": "1.001000", "agency_code": "A1", "channel": "online", "status": "resolved", "received_at": "2018-03-05T08:00", "resolved_at": "2018-03-06T09:00", "applicant_name": "＋84 905 000 000"}
{"code": "OK-2", "procedure_code": "1.001000", "agency_code": "A1", "channel": "direct", "status": "processing", "received_at": "2018-03-06T08:00", "applicant_name": "＝HYPERLINK(\"http://x\")"}
{"code": "BAD-1", "procedure_code": "1.001000", "channel": "fax", "status": "returned", "received_at": "2018-03-05T08:00"}
EOF2
  printf 'code,procedure_code,agency_code,channel,status,received_at\r\n=HYPERLINK(1),1.001000,A1,fax,returned,2018-03-05T08:00\r\n＝SUM(1),1.001000,A1,fax,returned,2018-03-05T08:00\r\n' >"$D/bad.csv"
}

# load_sample_cache: a 3000-dossier sample (2000+ in the cache), enough that outputs outgrow a pipe buffer.
load_sample_cache() {
  assert_exit 0 motcua sample --out "$TEST_TMP/sample" --dossiers 3000 --procedures 50 -q
  assert_exit 3 motcua dossiers migrate "$TEST_TMP/sample/dossiers.ndjson" -q
}
