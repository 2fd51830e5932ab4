#!/usr/bin/env bash
# The html report in a real headless browser (Debian's chromium): it renders to PNG and to
# an A4 PDF, the rendered page holds the title and the headline figures, and the browser
# logs no console errors — with every host name unresolvable, so a report that tried to
# fetch anything (fonts, scripts, images) would show up as a failed load.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/stats_fixture.sh"

CHROMIUM="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
[[ -n "$CHROMIUM" ]] || fail "chromium is not installed (Debian package 'chromium', in scripts/setup.sh)"

# chrome ARGS...: headless, offline, a fresh profile each time, logs on stderr.
chrome() {
  local profile
  profile="$(mktemp -d "$TEST_TMP/profile.XXXXXX")"
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
    --disable-sync --no-first-run --disable-extensions --user-data-dir="$profile" \
    --host-resolver-rules="MAP * ~NOTFOUND" --enable-logging=stderr --v=0 "$@"
}

load_stats_fixture
cat >"$TEST_TMP/targets.json" <<'EOF'
{"targets": [{"metric": "on_time_rate", "min": 0.95, "label": "Mục tiêu 95% đúng hạn"},
             {"metric": "online_dossier_rate", "min": 0.20, "label": "NQ 17/NQ-CP: 20% hồ sơ trực tuyến"}]}
EOF
REPORT="$TEST_TMP/report.html"

for lang in vi en; do
  step "render the $lang report"
  rm -f "$REPORT"
  assert_exit 0 motcua stats export --period 2018-03 --compare 2018-02 --targets "$TEST_TMP/targets.json" --by agency \
    --format html --lang "$lang" --output "$REPORT"
  url="file://$REPORT"

  chrome --dump-dom "$url" >"$TEST_TMP/dom-$lang.html" 2>"$TEST_TMP/dom-$lang.err" || fail "chromium --dump-dom failed: $(tail -5 "$TEST_TMP/dom-$lang.err")"
  dom="$(cat "$TEST_TMP/dom-$lang.html")"
  if [[ $lang == vi ]]; then
    assert_contains "$dom" "<title>Báo cáo thống kê tiếp nhận và giải quyết thủ tục hành chính — Tháng 3/2018</title>" "rendered DOM"
    for figure in "75,0%" "80,0%" "66,7%" "Hồ sơ tiếp nhận theo tháng và kênh" "Tỷ lệ giải quyết đúng hạn theo cơ quan" "Sở Tư pháp" "Mục tiêu 95% đúng hạn" "Chưa đạt"; do
      assert_contains "$dom" "$figure" "rendered DOM"
    done
  else
    assert_contains "$dom" "<title>One-stop administrative procedures: statistics report — March 2018</title>" "rendered DOM"
    for figure in "75.0%" "80.0%" "Dossiers received per month, by channel" "On-time rate per agency" "3.75×"; do
      assert_contains "$dom" "$figure" "rendered DOM"
    done
  fi
  assert_eq "3" "$(grep -o '<svg ' "$TEST_TMP/dom-$lang.html" | wc -l | tr -d ' ')" "SVG charts in the rendered DOM"
  # No console messages at all (the page has no scripts), no failed loads.
  if grep -E 'CONSOLE|Failed to load resource|net::ERR_|Uncaught' "$TEST_TMP/dom-$lang.err"; then
    fail "the browser logged console errors or failed loads for the $lang report"
  fi

  chrome --screenshot="$TEST_TMP/report-$lang.png" --window-size=1240,1754 --hide-scrollbars "$url" 2>"$TEST_TMP/png-$lang.err" \
    || fail "chromium --screenshot failed: $(tail -5 "$TEST_TMP/png-$lang.err")"
  assert_file_exists "$TEST_TMP/report-$lang.png"
  assert_eq "89504e47" "$(head -c 4 "$TEST_TMP/report-$lang.png" | od -An -tx1 | tr -d ' \n')" "PNG signature"
  (($(stat -c %s "$TEST_TMP/report-$lang.png") > 20000)) || fail "the screenshot is suspiciously small (blank page?)"

  chrome --print-to-pdf="$TEST_TMP/report-$lang.pdf" --no-pdf-header-footer "$url" 2>"$TEST_TMP/pdf-$lang.err" \
    || fail "chromium --print-to-pdf failed: $(tail -5 "$TEST_TMP/pdf-$lang.err")"
  assert_eq "%PDF" "$(head -c 4 "$TEST_TMP/report-$lang.pdf")" "PDF signature"
  # A4 from the report's @page rule: 210 × 297 mm = 595 × 842 points (give or take rounding).
  boxes="$(grep -ao '/MediaBox \[[^]]*\]' "$TEST_TMP/report-$lang.pdf" | sort -u)"
  awk '{ gsub(/[][]/, ""); if ($4 < 594 || $4 > 596 || $5 < 841 || $5 > 843) bad = 1 } END { exit bad || NR == 0 }' <<<"$boxes" \
    || fail "the PDF pages are not A4: $boxes"
  pages=$(($(grep -ao '/Type /Page' "$TEST_TMP/report-$lang.pdf" | wc -l) - $(grep -ao '/Type /Pages' "$TEST_TMP/report-$lang.pdf" | wc -l)))
  echo "$lang report: $pages A4 page(s)"
  ((pages >= 1 && pages <= 4)) || fail "unexpected page count $pages for a small report"
done
