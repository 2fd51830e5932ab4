#!/usr/bin/env bash
# The snapshot's report.html in headless chromium (issue 15 §1), in Vietnamese and in English:
# names and words (codes beside them), the late and overdue lists, the heading and signature block,
# the footer's digest of the data part of the manifest; an A4 PDF; no console errors; no text
# overflowing its box at 1280 px or at A4 width (measured by a page that frames the report).
. "$(dirname "$0")/lib.sh"

CHROMIUM="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
[[ -n "$CHROMIUM" ]] || fail "chromium is not installed (Debian package 'chromium', in scripts/setup.sh)"
chrome() {
  local profile
  profile="$(mktemp -d "$TEST_TMP/profile.XXXXXX")"
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
    --disable-sync --no-first-run --disable-extensions --user-data-dir="$profile" \
    --host-resolver-rules="MAP * ~NOTFOUND" --enable-logging=stderr --v=0 "$@"
}

D="$TEST_TMP/data"
mkdir -p "$D"
cat >"$D/cat.json" <<'JSON'
[{"code": "P1", "name": "Cấp giấy phép xây dựng nhà ở riêng lẻ", "processing_time": 2, "agency_code": "SXD", "agency_name": "Sở Xây dựng"},
 {"code": "P2", "name": "Đăng ký khai sinh", "processing_time": 1, "agency_code": "STP", "agency_name": "Sở Tư pháp"}]
JSON
{
  for i in $(seq 1 60); do
    printf '{"code":"SXD-%03d","procedure_code":"P1","agency_code":"SXD","channel":"direct","status":"received","received_at":"2018-03-%02dT08:00"}\n' "$i" $((i % 28 + 1))
  done
  echo '{"code":"STP-1","procedure_code":"P2","agency_code":"STP","channel":"online","status":"resolved","received_at":"2018-03-05T08:00","resolved_at":"2018-03-05T15:00"}'
  echo '{"code":"STP-2","procedure_code":"P2","agency_code":"STP","channel":"online","status":"resolved","received_at":"2018-03-05T08:00","resolved_at":"2018-03-12T15:00"}'
} >"$D/d.ndjson"
assert_exit 0 motcua catalog import "$D/cat.json" --as-of 2018-01-01 -q
assert_exit 0 motcua dossiers migrate "$D/d.ndjson" -q

cat >"$TEST_TMP/measure.html" <<'HTML'
<!DOCTYPE html><html><body>
<iframe id=f width=1280 height=900 src="report.html"></iframe>
<iframe id=g width=718 height=900 src="report.html"></iframe>
<pre id=out>pending</pre>
<script>
function check(frame) {
  const doc = frame.contentDocument, bad = [];
  if (doc.documentElement.scrollWidth > frame.clientWidth) bad.push('page ' + doc.documentElement.scrollWidth);
  for (const el of doc.querySelectorAll('td, th, dd, dt, h1, h2, h3, p, footer, .signature, header'))
    if (el.scrollWidth > el.clientWidth + 1) bad.push(el.tagName + ':' + el.textContent.slice(0, 40));
  return frame.width + ':' + (bad.length ? 'OVERFLOW ' + bad.join(' | ') : 'ok');
}
window.onload = () => {
  document.getElementById('out').textContent = 'RESULT ' + check(document.getElementById('f')) + ' ' + check(document.getElementById('g'));
};
</script></body></html>
HTML

for lang in vi en; do
  step "the $lang report"
  rm -rf "$TEST_TMP/snap-$lang"
  assert_exit 0 motcua audit deadlines --as-of 2018-06-30 --snapshot "$TEST_TMP/snap-$lang" --lang "$lang" \
    --org "UBND tỉnh Thử Nghiệm" --title "Kiểm tra quý I/2018" --signatory "Nguyễn Văn Kiểm" -q
  R="$TEST_TMP/snap-$lang/report.html"
  chrome --dump-dom "file://$R" >"$TEST_TMP/dom-$lang.html" 2>"$TEST_TMP/dom-$lang.err" || fail "chromium --dump-dom"
  dom="$(cat "$TEST_TMP/dom-$lang.html")"
  for text in "UBND tỉnh Thử Nghiệm" "Kiểm tra quý I/2018" "Nguyễn Văn Kiểm" "Sở Xây dựng" "Sở Tư pháp" \
    "Cấp giấy phép xây dựng nhà ở riêng lẻ" "SXD-001" 'data-agency="SXD"' "<span class=\"key\">overdue</span>" \
    "<span class=\"key\">late_without_apology</span>" 'id="signature"' "dossiers.csv"; do
    assert_contains "$dom" "$text" "$lang DOM"
  done
  data_sha="$(grep -v ' report.html$' "$TEST_TMP/snap-$lang/MANIFEST.sha256" | sha256sum | cut -d' ' -f1)"
  assert_contains "$dom" "$data_sha" "footer digest of the data part of the manifest"
  # 60 overdue dossiers at SXD: 50 listed.
  assert_eq 50 "$(grep -o '<td>SXD-[0-9]*</td>' "$TEST_TMP/dom-$lang.html" | wc -l | tr -d ' ')" "SXD rows listed"
  if [[ $lang == vi ]]; then
    for text in "Quá hạn, chưa giải quyết" "Trễ hạn không có văn bản xin lỗi" "Tỷ lệ đúng hạn" "30/06/2018 23:59" "Người ký"; do
      assert_contains "$dom" "$text" "vi DOM"
    done
  else
    for text in "Overdue" "Late without apology" "On-time rate" "2018-06-30 23:59" "Signed by" "Result per agency"; do
      assert_contains "$dom" "$text" "en DOM"
    done
    for text in "Trễ hạn" "Tỷ lệ" "Cơ quan"; do assert_not_contains "$dom" "$text" "en DOM"; done
  fi
  if grep -E 'CONSOLE|Failed to load resource|net::ERR_|Uncaught' "$TEST_TMP/dom-$lang.err"; then
    fail "console errors or failed loads for the $lang report"
  fi

  cp "$TEST_TMP/measure.html" "$TEST_TMP/snap-$lang/measure.html"
  chrome --allow-file-access-from-files --virtual-time-budget=5000 --dump-dom "file://$TEST_TMP/snap-$lang/measure.html" \
    >"$TEST_TMP/measure-$lang.html" 2>/dev/null || fail "chromium measure"
  rm "$TEST_TMP/snap-$lang/measure.html"
  result="$(grep -o 'RESULT [0-9][^<]*' "$TEST_TMP/measure-$lang.html")"
  assert_eq "RESULT 1280:ok 718:ok" "$result" "overflowing text ($lang)"

  chrome --print-to-pdf="$TEST_TMP/report-$lang.pdf" --no-pdf-header-footer "file://$R" 2>/dev/null || fail "print-to-pdf"
  assert_eq "%PDF" "$(head -c 4 "$TEST_TMP/report-$lang.pdf")" "PDF signature"
  boxes="$(grep -ao '/MediaBox \[[^]]*\]' "$TEST_TMP/report-$lang.pdf" | sort -u)"
  awk '{ gsub(/[][]/, ""); if ($4 < 594 || $4 > 596 || $5 < 841 || $5 > 843) bad = 1 } END { exit bad || NR == 0 }' <<<"$boxes" \
    || fail "the PDF pages are not A4: $boxes"
  pages=$(($(grep -ao '/Type /Page' "$TEST_TMP/report-$lang.pdf" | wc -l) - $(grep -ao '/Type /Pages' "$TEST_TMP/report-$lang.pdf" | wc -l)))
  echo "$lang report: $pages A4 page(s)"
  # The first page (what, result, findings) and the late lists from a new page: 50 + 1 rows.
  ((pages >= 3 && pages <= 6)) || fail "unexpected page count $pages"
  assert_exit 0 motcua audit verify "$TEST_TMP/snap-$lang"
done
echo ok
