# A large legacy CSV and its mapping, for the end-to-end tests that need a long migration
# (interrupts, locks, progress). Source it after lib.sh; call write_legacy_fixture DIR N.
#
# write_legacy_fixture DIR N: DIR/big.csv with N rows (semicolons, UTF-8, Vietnamese names; every
# 997th row has an unmapped channel code and is rejected, every 10th a pause) and DIR/mapping.json.
write_legacy_fixture() {
  local D="$1" N="$2"
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
}
