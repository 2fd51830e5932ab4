#!/usr/bin/env bash
# The progress bar of dossiers migrate on terminals of several widths (a pty from script(1)):
# a drawn line never reaches the last column, so it never wraps into a new line per redraw;
# a narrow terminal loses the bar, then the ETA, then the percentage, then the text is cut.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/legacy_fixture.sh"

# A non-ASCII directory: the label (the path, cut with "…") is counted in columns, not bytes.
D="$TEST_TMP/dữ-liệu"
mkdir -p "$D"
N="${MOTCUA_E2E_ROWS:-60000}"

# A large legacy CSV, long enough for the bar to be drawn several times.
write_legacy_fixture "$D" "$N"

# migrate_on_pty COLS: the terminal output (stdout and stderr) of a fresh migration on a pty
# COLS columns wide, into $SEGMENTS one drawn progress line per line. Each draw is
# "\r ESC[K text" and is followed by the next draw or by the clearing "\r ESC[K", so the
# drawn texts are the pieces between two ESC[K (the first piece precedes any drawing, the
# last holds the summary), without their closing \r.
migrate_on_pty() {
  rm -rf "$TEST_TMP/pty"
  PTY_OUT="$(MOTCUA_DB="$TEST_TMP/pty/c.db" script -qec "stty cols $1; '$MOTCUA' dossiers migrate '$D/big.csv' --mapping '$D/mapping.json' --rejects '$TEST_TMP/rejects.csv' --force" /dev/null || true)"
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
