#!/usr/bin/env bash
# catalog import with bad input: whole-source errors exit 4 and change nothing;
# bad records are rejected with a reason (exit 3) and the rest is imported.
. "$(dirname "$0")/lib.sh"

D="$TEST_TMP/data"
mkdir -p "$D"
cat >"$D/good.json" <<'EOF'
[{"code": "G1", "name": "Thủ tục một", "processing_time": 5},
 {"code": "G2", "name": "Thủ tục hai", "processing_time": 10, "level": 3}]
EOF

step "a good catalog to start from"
assert_exit 0 motcua catalog import "$D/good.json" --as-of 2018-01-01
before="$(cache_state)"
assert_contains "$before" '"procedure_events":2' "cache state"

step "empty and blank files: exit 4, cache unchanged"
: >"$D/empty.json"
assert_exit 4 motcua catalog import "$D/empty.json" --as-of 2018-02-01
assert_contains "$ERR" "empty.json" "message names the file"
assert_contains "$ERR" "empty" "message says why"
printf '  \n\n\t\n' >"$D/blank.ndjson"
assert_exit 4 motcua catalog import "$D/blank.ndjson" --as-of 2018-02-01
assert_exit 4 motcua catalog import - --as-of 2018-02-01 </dev/null
assert_contains "$ERR" "stdin" "empty stdin is named"
assert_cache_unchanged "$before" "the cache after empty sources"

step "a full snapshot in which every record is rejected (or none is given) withdraws nothing: exit 4"
printf '{"code": "G1", "name": "x", "processing_time": "soon"}\n{"oops"\n' >"$D/allbad.ndjson"
assert_exit 4 motcua catalog import "$D/allbad.ndjson" --as-of 2018-02-01 --rejects "$D/allbad-rejects.csv"
assert_contains "$ERR" "refusing to withdraw the whole catalog"
assert_contains "$(cat "$D/allbad-rejects.csv")" "soon" "the rejects are still reported"
printf '[]' >"$D/none.json"
assert_exit 4 motcua catalog import "$D/none.json" --as-of 2018-02-01
assert_cache_unchanged "$before" "the cache after all-rejected snapshots"

step "wrong types: the record is rejected naming field and value, the rest is imported (exit 3)"
cat >"$D/types.json" <<'EOF'
[{"code": "G1", "name": "Thủ tục một", "processing_time": "abc"},
 {"code": "G2", "name": "Thủ tục hai", "processing_time": 10, "level": 3},
 {"code": "T3", "name": "Mức độ sai", "processing_time": 1, "level": 7},
 {"code": "T4", "name": "Trực tuyến sai", "processing_time": 1, "online": "maybe"},
 {"code": "T5", "name": "Phí âm", "processing_time": 1, "fee": -5},
 {"code": "T6", "name": 123, "processing_time": 1},
 {"name": "Không có mã", "processing_time": 1},
 {"code": "T8", "name": "Thời gian âm", "processing_time": -2},
 {"code": "T9", "name": "Đơn vị sai", "processing_time": 2, "processing_unit": "weeks"},
 {"code": "T10", "name": "Hợp lệ", "processing_time": 2}]
EOF
assert_exit 3 motcua catalog import "$D/types.json" --as-of 2018-02-01 --format json
jq_eq "$OUT" '[.read,.inserted,.updated,.unchanged,.rejected]' '[10,1,0,1,8]' "counts"
jq_eq "$OUT" '.read == .inserted + .updated + .unchanged + .rejected' 'true' "reconciliation"
rejects_file="$(jq -r '.rejects_file' <<<"$OUT")"
assert_contains "$rejects_file" "$(e2e_rejects_dir)/rejects-" "default rejects file lives next to the cache"
assert_file_exists "$rejects_file"
assert_file_mode 600 "$rejects_file"
assert_contains "$ERR" "types.json record 1: field 'processing_time'" "reject names the record and field"
assert_contains "$ERR" '"abc"' "reject names the value"
assert_contains "$ERR" "field 'level'" "level reject"
assert_contains "$ERR" "field 'online'" "online reject"
rejects="$(cat "$rejects_file")"
assert_contains "$rejects" "source,position,reason,record" "rejects header"
assert_contains "$rejects" "record 1" "rejects position"
assert_contains "$rejects" "field 'processing_time'" "rejects reason"
assert_contains "$rejects" "abc" "rejects original record"
for f in fee name code processing_unit; do assert_contains "$rejects" "field '$f'" "rejects file"; done
assert_eq 8 "$(grep -c '^"' "$rejects_file")" "rejected rows in the rejects file"
assert_exit 0 motcua catalog list --as-of 2018-02-01 --format json
# G1 is in the snapshot but invalid: it keeps its last good state, it is not withdrawn.
jq_eq "$OUT" '[.[] | [.code, .processing_time]]' '[["G1",5],["G2",10],["T10",2]]' "catalog after the rejects"

step "--rejects FILE puts the rejects there"
assert_exit 3 motcua catalog import "$D/types.json" --as-of 2018-02-01 --rejects "$TEST_TMP/my-rejects.csv" --format json
jq_eq "$OUT" '.rejects_file' "\"$TEST_TMP/my-rejects.csv\"" "rejects_file"
jq_eq "$OUT" '[.read,.inserted,.unchanged,.rejected]' '[10,0,2,8]' "counts on re-import"
assert_file_mode 600 "$TEST_TMP/my-rejects.csv"

step "duplicate codes in one file: the later one is rejected, naming the first"
e2e_use_store "$TEST_TMP/dup"
cat >"$D/dup.ndjson" <<'EOF'
{"code": "D1", "name": "Lần đầu", "processing_time": 1}
{"code": "D2", "name": "Khác", "processing_time": 1}
{"code": " D1 ", "name": "Lần hai", "processing_time": 2}
EOF
assert_exit 3 motcua catalog import "$D/dup.ndjson" --as-of 2018-01-01 --format json --rejects "$TEST_TMP/dup-rejects.csv"
jq_eq "$OUT" '[.read,.inserted,.rejected]' '[3,2,1]' "duplicate counts"
assert_contains "$ERR" "dup.ndjson:3" "names the duplicate's line"
assert_contains "$ERR" "duplicate code 'D1'" "says duplicate"
assert_contains "$ERR" "dup.ndjson:1" "names the first occurrence"
assert_exit 0 motcua catalog show D1 --as-of 2018-01-01 --format json
jq_eq "$OUT" '.name' '"Lần đầu"' "the first one wins"
# Across two sources of one import, too.
e2e_use_store "$TEST_TMP/dup2"
assert_exit 3 motcua catalog import "$D/good.json" "$D/good.json" --as-of 2018-01-01 --format json --rejects "$TEST_TMP/dup2.csv"
jq_eq "$OUT" '[.read,.inserted,.rejected]' '[4,2,2]' "duplicates across sources"
assert_contains "$ERR" "first read at $D/good.json record 1" "names the first source"

e2e_use_store "$TEST_TMP/cache"
before="$(cache_state)"

step "invalid UTF-8: exit 4 naming the line, cache unchanged"
printf '{"code":"U1","name":"tốt","processing_time":1}\n{"code":"U2","name":"x","processing_time":1}\n{"code":"U3","name":"\xc4\x90\xe0ng","processing_time":1}\n' >"$D/latin.ndjson"
assert_exit 4 motcua catalog import "$D/latin.ndjson" --as-of 2018-03-01
assert_contains "$ERR" "latin.ndjson:3" "names the line"
assert_contains "$ERR" "UTF-8" "says what is wrong"
printf '[{"code":"U1","name":"\xff","processing_time":1}]' >"$D/latin.json"
assert_exit 4 motcua catalog import "$D/latin.json" --as-of 2018-03-01
assert_contains "$ERR" "latin.json:1" "names the line in a JSON file"
assert_cache_unchanged "$before" "the cache after invalid UTF-8"

step "unparsable JSON: exit 4 naming the place, cache unchanged"
printf '[\n{"code": "J1", "name": "a", "processing_time": 1},\n{"code": "J2", "name": \n' >"$D/broken.json"
assert_exit 4 motcua catalog import "$D/broken.json" --as-of 2018-03-01
assert_contains "$ERR" "broken.json:" "names the file"
assert_contains "$ERR" "not valid JSON" "says what is wrong"
printf '42\n' >"$D/scalar.json"
assert_exit 4 motcua catalog import "$D/scalar.json" --input-format json --as-of 2018-03-01
assert_cache_unchanged "$before" "the cache after broken JSON"

step "a bad source among good ones changes nothing"
assert_exit 4 motcua catalog import "$D/good.json" "$D/broken.json" --as-of 2018-03-01
assert_contains "$ERR" "nothing was imported" "says nothing changed"
assert_cache_unchanged "$before" "the cache after a partly bad import"

step "missing file, directory, unknown format"
assert_exit 4 motcua catalog import "$D/no-such-file.json" --as-of 2018-03-01
assert_contains "$ERR" "no-such-file.json" "names the missing file"
assert_exit 4 motcua catalog import "$D" --as-of 2018-03-01
assert_contains "$ERR" "directory" "a directory is not a source"
printf 'just some text\nnot a catalog\n' >"$D/notes.txt"
assert_exit 4 motcua catalog import "$D/notes.txt" --as-of 2018-03-01
assert_contains "$ERR" "--input-format" "suggests --input-format"
printf '{"foo": [1, 2]}' >"$D/other.json"
assert_exit 4 motcua catalog import "$D/other.json" --as-of 2018-03-01
# An --input-format value motcua does not know is a usage error.
assert_exit 2 motcua catalog import "$D/good.json" --input-format xml
assert_contains "$ERR" "--input-format" "names the option"
assert_cache_unchanged "$before" "the cache after unreadable sources"

step "a 100 MB single line: a clear rejection or error, no crash"
head -c 100000000 /dev/zero | tr '\0' 'y' >"$D/payload"
{
  printf '{"code":"G1","name":"Thủ tục một","processing_time":5}\n'
  printf '{"code":"HUGE","name":"'
  cat "$D/payload"
  printf '","processing_time":1}\n'
  printf '{"code":"G2","name":"Thủ tục hai","processing_time":10,"level":3}\n'
} >"$D/huge.ndjson"
assert_exit 3 motcua catalog import "$D/huge.ndjson" --as-of 2018-01-01 --format json --rejects "$TEST_TMP/huge-rejects.csv"
jq_eq "$OUT" '[.read,.inserted,.updated,.unchanged,.rejected,.withdrawn]' '[3,0,0,2,1,0]' "huge line counts"
assert_contains "$ERR" "huge.ndjson:2" "names the line"
assert_contains "$ERR" "bytes" "says it is too large"
size="$(stat -c %s "$TEST_TMP/huge-rejects.csv")"
((size < 100000)) || fail "the rejects file holds the whole 100 MB line ($size bytes); it should hold an excerpt"
before="$(cache_state)" # that import was logged; nothing else may change from here
# Not JSON at all, no line break: one 100 MB line is an input error.
{ printf '['; cat "$D/payload"; } >"$D/huge.json"
assert_exit 4 motcua catalog import "$D/huge.json" --as-of 2018-03-01
assert_contains "$ERR" "huge.json:1" "names the line"
((${#ERR} < 10000)) || fail "the error message quotes the 100 MB line (${#ERR} bytes)"
assert_cache_unchanged "$before" "the cache after a 100 MB line"
rm -f "$D/payload" "$D/huge.ndjson" "$D/huge.json"

if e2e_sqlite; then
  step "the cache passes its own checks after all this"
  assert_exit 0 motcua db check
fi

echo "ok: $TEST_NAME"
