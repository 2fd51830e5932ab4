#include <doctest/doctest.h>

#include <string>

#include "dossiers/inspect.hpp"
#include "dossiers/mapping.hpp"
#include "io/encode.hpp"

using namespace motcua;

namespace {

InspectReport inspect_text(const std::string& bytes, Encoding e = Encoding::auto_detect) {
  MemoryStream in(bytes, SIZE_MAX, "x.csv");
  auto r = inspect_source(in, e);
  REQUIRE(r);
  return *r;
}

} // namespace

TEST_CASE("inspect: delimiter, header, encoding, values, date formats, fields, and a mapping that parses") {
  std::string text = "Số hồ sơ;Mã TTHC;Kênh;Trạng thái;Ngày nhận;Ngày hẹn;Họ tên\r\n"
                     "H-1;1.001;TT;Đã trả kết quả;05/03/2018 08:00;07/03/2018;Nguyễn Văn Hùng\r\n"
                     "H-2;1.001;Trực tuyến;DANG_XL;06/03/2018;08/03/2018;Trần Thị Hương\r\n"
                     "H-3;1.002;BC;LUU_KHO;07/03/2018 14:05;;Lê Ước\r\n";
  auto vni = encode_text(text, Encoding::vni);
  REQUIRE(vni);
  InspectReport r = inspect_text(*vni);
  CHECK(r.encoding == Encoding::vni);
  CHECK(r.encodings.front().encoding == Encoding::vni);
  CHECK(r.delimiter == ';');
  CHECK(r.header);
  CHECK(r.rows_read == 3);
  REQUIRE(r.columns.size() == 7);
  CHECK(r.columns[0].field == "code");
  CHECK(r.columns[1].field == "procedure_code");
  CHECK(r.columns[2].field == "channel");
  CHECK(r.columns[3].field == "status");
  CHECK(r.columns[4].field == "received_at");
  CHECK(r.columns[5].field == "due_at");
  CHECK(r.columns[6].field == "applicant_name");
  CHECK(r.columns[5].empty == 1);
  CHECK(r.columns[4].date_formats.front() == "%d/%m/%Y %H:%M"); // a bare date too; %m/%d/%Y also fits
  CHECK(r.mapping["fields"]["received_at"]["date_format"] == "%d/%m/%Y %H:%M");
  CHECK(r.mapping["fields"]["due_at"]["date_format"] == "%d/%m/%Y");
  CHECK(r.mapping["fields"]["channel"]["values"]["Trực tuyến"] == "online");
  CHECK(r.mapping["fields"]["status"]["values"]["Đã trả kết quả"] == "returned");
  CHECK_FALSE(r.mapping["fields"]["status"]["values"].contains("LUU_KHO"));
  REQUIRE(r.undecided.size() == 1);
  CHECK(r.undecided[0].find("LUU_KHO") != std::string::npos);
  CHECK(parse_mapping(r.mapping.dump(), "draft.json"));
  CHECK(inspect_json(r)["encodings"][0]["name"] == "vni");
}

TEST_CASE("inspect: the sample is bounded and says so; no header; tab") {
  std::string text;
  for (int i = 0; i < 10005; ++i) text += std::to_string(i) + "\t05/03/2018\n";
  InspectReport r = inspect_text(text);
  CHECK(r.delimiter == '\t');
  CHECK_FALSE(r.header);
  CHECK(r.rows_read == k_inspect_rows);
  CHECK(r.truncated);
  CHECK(r.rows.size() == 20);
  CHECK(r.columns[0].name == "1");
  CHECK(r.columns[0].more_distinct);
  CHECK(r.columns[0].distinct.size() == 50);
  CHECK(r.mapping["fields"]["code"] == "?"); // nothing to go by without a header: marked
}
