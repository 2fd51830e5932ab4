#!/usr/bin/env bash
# The progress bar of dossiers migrate on terminals of several widths (a pty from script(1)):
# a drawn line never reaches the last column, so it never wraps into a new line per redraw;
# a narrow terminal loses the bar, then the ETA, then the percentage, then the text is cut.
. "$(dirname "$0")/lib.sh"

# A non-ASCII directory: the label (the path, cut with "…") is counted in columns, not bytes.
D="$TEST_TMP/dữ-liệu"
mkdir -p "$D"
N="${MOTCUA_E2E_ROWS:-60000}"

# A large legacy CSV (the generator and mapping of test_dossiers_interrupt.sh), long enough
# for the bar to be drawn several times.
awk -v n="$N" 'BEGIN {
  OFS = ";"
  print "SO_HO_SO", "MA_TTHC", "DON_VI", "HINH_THUC", "TINH_TRANG", "NGAY_NHAN", "NGAY_HEN", "NGAY_XONG", "NGAY_YC_BS", "NGAY_NHAN_BS", "HO_TEN", "SO_CMND", "LE_PHI"
  split("TT TTUYEN BC", ch, " "); split("DA_TRA DA_XL KTN", st, " ")
  split("Nguyễn Trần Lê Phạm Đặng Huỳnh", ho, " "); split("Văn Thị Hữu Đức", dem, " "); split("An Bình Ơn Ưng Yến Ánh", ten, " ")
  for (i = 0; i < n; i++) {
    d = 1 + i % 28; m = 1 + int(i / 28) % 12; y = 2015 + int(i / 336) % 4
    ag = sprintf("000.00.%02d.H15", 10 + i % 24)
    c = (i % 997 == 5) ? "ZZ" : ch[1 + i % 3]
    p1 = ""; p2 = ""
    if (i % 10 == 0) { p1 = sprintf("%02d/%02d/%d", d, m, y); p2 = sprintf("%02d/%02d/%d", (d < 28 ? d + 1 : d), m, y) }
    print sprintf("%s-%02d%02d%02d-%06d", ag, y % 100, m, d, i), sprintf("1.%06d", i % 700), ag, c, st[1 + i % 3],
          sprintf("%02d/%02d/%d %02d:%02d", d, m, y, 7 + i % 10, i % 60), sprintf("%02d/%02d/%d", (d < 26 ? d + 3 : 28), m, y),
          sprintf("%02d/%02d/%d %02d:%02d", (d < 27 ? d + 2 : 28), m, y, 8 + i % 9, (i * 7) % 60), p1, p2,
          ho[1 + i % 6] " " dem[1 + i % 4] " " ten[1 + i % 6], sprintf("%012d", (i * 7919) % 1000000000000), (i % 5) * 10000
  }
}' >"$D/big.csv"
cat >"$D/mapping.json" <<'EOF'
{
  "input": {"format": "csv", "encoding": "utf-8", "delimiter": ";", "header": true},
  "fields": {
    "code": "SO_HO_SO", "procedure_code": "MA_TTHC", "agency_code": "DON_VI",
    "channel": {"column": "HINH_THUC", "values": {"TT": "direct", "TTUYEN": "online", "BC": "postal"}},
    "status": {"column": "TINH_TRANG", "values": {"DA_TRA": "returned", "DA_XL": "resolved", "KTN": "not_accepted"}},
    "received_at": {"column": "NGAY_NHAN", "date_format": "%d/%m/%Y %H:%M"},
    "due_at": {"column": "NGAY_HEN", "date_format": "%d/%m/%Y"},
    "resolved_at": {"column": "NGAY_XONG", "date_format": "%d/%m/%Y %H:%M"},
    "pauses": {"from": {"column": "NGAY_YC_BS", "date_format": "%d/%m/%Y"}, "to": {"column": "NGAY_NHAN_BS", "date_format": "%d/%m/%Y"}},
    "applicant_name": "HO_TEN", "applicant_id": "SO_CMND", "fee": "LE_PHI"
  }
}
EOF

# migrate_on_pty COLS: the terminal output (stdout and stderr) of a fresh migration on a pty
# COLS columns wide, into $SEGMENTS one drawn progress line per line. Each draw is
# "\r ESC[K text" and is followed by the next draw or by the clearing "\r ESC[K", so the
# drawn texts are the pieces between two ESC[K (the first piece precedes any drawing, the
# last holds the summary), without their closing \r.
migrate_on_pty() {
  rm -rf "$TEST_TMP/pty"
  PTY_OUT="$(MOTCUA_DB="$TEST_TMP/pty/c.db" script -qec "stty cols $1; '$MOTCUA' dossiers migrate '$D/big.csv' --mapping '$D/mapping.json' --rejects '$TEST_TMP/rejects.csv'" /dev/null || true)"
  assert_contains "$PTY_OUT" "read $N," "the summary follows the bar ($1 columns)"
  SEGMENTS="$(printf '%s' "$PTY_OUT" | awk 'BEGIN { RS = "\033\\[K" } NR > 2 { print prev } { sub(/\r$/, ""); prev = $0 }')"
  [[ -n "$SEGMENTS" ]] || fail "no progress line was drawn on $1 columns (raise MOTCUA_E2E_ROWS if the machine is too fast)"
}

# assert_segments_fit MAX: every drawn line is at most MAX display columns, and one per line.
assert_segments_fit() {
  local seg cols
  while IFS= read -r seg; do
    [[ "$seg" != *$'\r'* ]] || fail "a drawn line holds a carriage return: [$seg]"
    cols="$(printf '%s' "$seg" | LC_ALL=C.UTF-8 wc -m)"
    ((cols <= $1)) || fail "a drawn line is $cols columns wide, more than $1: [$seg]"
  done <<<"$SEGMENTS"
}

step "120 columns: label, rows, rows/s, bar, percentage and ETA, within 119 columns"
migrate_on_pty 120
assert_segments_fit 119
assert_contains "$SEGMENTS" "rows/s"
assert_contains "$SEGMENTS" "ETA"
assert_contains "$SEGMENTS" "%"
assert_contains "$SEGMENTS" "["
assert_contains "$SEGMENTS" "…" "a long path is cut from the front"
assert_contains "$SEGMENTS" "big.csv" "the file name stays"

step "60 columns: no room for the bar; the rest fits in 59 columns"
migrate_on_pty 60
assert_segments_fit 59
assert_contains "$SEGMENTS" "rows/s"
assert_not_contains "$SEGMENTS" "[" "no bar"

step "40 columns: the counters alone are about that wide; the ETA goes, every line fits in 39 columns"
migrate_on_pty 40
assert_segments_fit 39
assert_contains "$SEGMENTS" "rows"
assert_not_contains "$SEGMENTS" "ETA" "no ETA"

step "16 columns: the counters are cut at 15 columns"
migrate_on_pty 16
assert_segments_fit 15
assert_contains "$SEGMENTS" "rows"

echo "ok"
