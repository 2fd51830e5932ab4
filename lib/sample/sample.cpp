#include "sample/sample.hpp"

#include <array>
#include <cerrno>
#include <filesystem>
#include <iconv.h>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "io/atomic_file.hpp"
#include "io/encode.hpp"
#include "io/xlsx_writer.hpp"
#include "util/time.hpp"

namespace motcua {

namespace {

using Json = nlohmann::ordered_json;

// A small, fully specified generator (splitmix64): the same seed gives the same data on every platform.
class Rng {
public:
  explicit Rng(std::uint64_t seed) : m_state(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
  bool chance(int percent) { return below(100) < percent; }
  template <typename T, size_t N> const T& pick(const std::array<T, N>& a) {
    return a[static_cast<size_t>(below(static_cast<int>(N)))];
  }

private:
  std::uint64_t m_state;
};

struct Agency {
  const char* code;
  const char* name;
};

constexpr std::array<Agency, 8> k_agencies = {{
    {"000.00.10.H17", "Sở Kế hoạch và Đầu tư"},
    {"000.00.11.H17", "Sở Xây dựng"},
    {"000.00.12.H17", "Sở Tư pháp"},
    {"000.00.13.H17", "Sở Tài nguyên và Môi trường"},
    {"000.00.14.H17", "Sở Giao thông vận tải"},
    {"000.00.15.H17", "Sở Y tế"},
    {"000.00.16.H17", "Sở Giáo dục và Đào tạo"},
    {"000.00.17.H17", "Sở Công Thương"},
}};

struct Field {
  const char* code;
  const char* name;
  std::array<const char*, 4> objects;
};

constexpr std::array<Field, 8> k_fields = {{
    {"G01", "Đăng ký kinh doanh", {"hộ kinh doanh", "doanh nghiệp tư nhân", "hợp tác xã", "chi nhánh doanh nghiệp"}},
    {"G02",
     "Xây dựng",
     {"giấy phép xây dựng", "chứng chỉ hành nghề xây dựng", "giấy phép di dời công trình", "chứng chỉ năng lực"}},
    {"G03", "Hộ tịch", {"khai sinh", "kết hôn", "khai tử", "thay đổi hộ tịch"}},
    {"G04",
     "Đất đai",
     {"giấy chứng nhận quyền sử dụng đất", "chuyển mục đích sử dụng đất", "đăng ký biến động đất đai",
      "trích lục bản đồ địa chính"}},
    {"G05", "Giao thông vận tải", {"giấy phép lái xe", "phù hiệu xe", "giấy phép liên vận", "đăng ký phương tiện"}},
    {"G06",
     "Y tế",
     {"chứng chỉ hành nghề khám bệnh", "giấy phép hoạt động phòng khám",
      "chứng nhận cơ sở đủ điều kiện an toàn thực phẩm", "giấy phép quảng cáo dược phẩm"}},
    {"G07",
     "Giáo dục",
     {"giấy phép trung tâm ngoại ngữ", "công nhận trường chuẩn quốc gia", "văn bằng chứng chỉ", "giấy phép dạy thêm"}},
    {"G08",
     "Công Thương",
     {"giấy phép bán lẻ rượu", "giấy chứng nhận đủ điều kiện kinh doanh khí", "giấy phép bán buôn thuốc lá",
      "xác nhận khuyến mại"}},
}};

constexpr std::array<const char*, 7> k_verbs = {"Cấp",     "Cấp đổi",    "Cấp lại",          "Đăng ký",
                                                "Gia hạn", "Điều chỉnh", "Thay đổi nội dung"};
constexpr std::array<const char*, 12> k_family = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh",
                                                  "Phan",   "Vũ",   "Võ", "Đặng", "Bùi",   "Đỗ"};
constexpr std::array<const char*, 10> k_middle = {"Văn", "Thị",  "Hữu",  "Đức",  "Minh",
                                                  "Thu", "Quốc", "Ngọc", "Xuân", "Thanh"};
constexpr std::array<const char*, 14> k_given = {"An",  "Bình", "Cường", "Dũng",  "Đạt", "Hải", "Hương",
                                                 "Lan", "Ơn",   "Phúc",  "Quỳnh", "Tâm", "Ưng", "Yến"};
constexpr std::array<int, 9> k_days = {1, 2, 3, 5, 7, 10, 15, 20, 30};

struct SampleProcedure {
  Json json;
  std::string code;
  std::string agency;
  double time;
  std::string unit;
};

std::vector<SampleProcedure> make_procedures(Rng& rng, int n) {
  std::vector<SampleProcedure> out;
  for (int i = 0; i < n; ++i) {
    const auto& field = k_fields[static_cast<size_t>(i) % k_fields.size()];
    const auto& agency = k_agencies[static_cast<size_t>(i) % k_agencies.size()];
    char code[16];
    std::snprintf(code, sizeof code, "%d.%06d", 1 + i % 2, 1000 + i * 7);
    std::string name = std::string(rng.pick(k_verbs)) + " " + field.objects[static_cast<size_t>(rng.below(4))];
    if (i >= static_cast<int>(k_verbs.size() * 4)) name += " (mẫu " + std::to_string(i) + ")";
    int level = rng.chance(66) ? (rng.chance(40) ? 4 : 3) : 2;
    std::string unit = "working_days";
    double time = k_days[static_cast<size_t>(rng.below(8))];
    if (rng.chance(5)) unit = "working_hours", time = rng.chance(50) ? 4 : 8;
    else if (rng.chance(5)) unit = "calendar_days", time = 30;
    else if (rng.chance(3)) time = 0.5;
    Json j;
    j["code"] = code;
    j["name"] = name;
    j["agency_code"] = agency.code;
    j["agency_name"] = agency.name;
    j["field_code"] = field.code;
    j["field_name"] = field.name;
    j["level"] = level;
    j["processing_time"] = time;
    if (time == static_cast<int>(time)) j["processing_time"] = static_cast<int>(time);
    j["processing_unit"] = unit;
    j["fee"] = std::array<int, 5>{0, 20000, 50000, 100000, 500000}[static_cast<size_t>(rng.below(5))];
    out.push_back({j, code, agency.code, time, unit});
  }
  return out;
}

std::string local_text(Instant t) { return format_instant(t).substr(0, 19); }

// yyyyMMddHHmmss, local time, as the national sync format writes dates.
std::string compact(Instant t) {
  std::string s = local_text(t);
  std::string out;
  for (char c : s)
    if (c >= '0' && c <= '9') out += c;
  return out;
}

// An instant inside office hours on a weekday of the given day range.
Instant office_instant(Rng& rng, Days first, int span) {
  Days d = first + rng.below(span);
  while (weekday(d) >= 5) ++d;
  int minutes = rng.chance(50) ? 7 * 60 + 30 + rng.below(240) : 13 * 60 + rng.below(240);
  return local_instant(d, minutes * 60);
}

Json make_dossier(Rng& rng, const SampleProcedure& p, std::map<std::string, int>& sequence, Days first, int span) {
  Instant received = office_instant(rng, first, span);
  Days rd = local_date(received);
  CivilDate c = civil_from_days(rd);
  char day[16];
  std::snprintf(day, sizeof day, "%02d%02u%02u", c.year % 100, c.month, c.day);
  std::string prefix = p.agency + "-" + day;
  char seq[16];
  std::snprintf(seq, sizeof seq, "-%04d", ++sequence[prefix]);
  std::string code_s = prefix + seq;
  int legal_days =
      p.unit == "working_hours" ? 1 : std::max(1, static_cast<int>(p.time * (p.unit == "calendar_days" ? 5 : 7) / 5));
  Json j;
  j["code"] = code_s;
  j["procedure_code"] = p.code;
  j["agency_code"] = p.agency;
  int ch = rng.below(100);
  j["channel"] = ch < 44 ? "online" : (ch < 95 ? "direct" : "postal");
  j["received_at"] = local_text(received);
  j["due_at"] = format_date(rd + legal_days);
  int roll = rng.below(100);
  std::string status = "returned";
  if (roll < 2) status = "not_accepted";
  else if (roll < 3) status = "withdrawn";
  else if (roll < 10) status = "processing";
  else if (roll < 12) status = "supplementing";
  j["status"] = status;
  Json pauses = Json::array();
  Json extensions = Json::array();
  if (status == "returned" || status == "resolved") {
    bool late = rng.chance(2);
    int days = late ? legal_days + 1 + rng.below(5) : rng.below(legal_days + 1);
    Instant resolved = local_instant(rd + days, (8 + rng.below(8)) * 3600 + rng.below(60) * 60);
    if (resolved <= received) resolved = received + 1800 * (1 + rng.below(6)); // same-day work takes a while
    if (rng.chance(5)) {
      Instant from = received + 3600 * (2 + rng.below(20));
      Instant to = from + 86400 * (1 + rng.below(3));
      pauses.push_back({{"from", local_text(from)}, {"to", local_text(to)}, {"reason", "Yêu cầu bổ sung giấy tờ"}});
      resolved += to - from;
    }
    if (late && rng.chance(70))
      extensions.push_back({{"apology_at", format_date(rd + legal_days - 1)},
                            {"new_due_at", local_text(resolved + 86400)},
                            {"reason", "Hồ sơ phức tạp"}});
    j["resolved_at"] = local_text(resolved);
    j["returned_at"] = local_text(resolved + 3600 * (1 + rng.below(40)));
  } else if (status == "supplementing") {
    Instant from = received + 3600 * (2 + rng.below(20));
    pauses.push_back({{"from", local_text(from)}, {"to", nullptr}, {"reason", "Yêu cầu bổ sung giấy tờ"}});
  }
  j["pauses"] = pauses;
  if (!extensions.empty()) j["extensions"] = extensions;
  j["applicant_name"] = std::string(rng.pick(k_family)) + " " + rng.pick(k_middle) + " " + rng.pick(k_given);
  char id[16];
  std::snprintf(id, sizeof id, "0%011llu", static_cast<unsigned long long>(rng.next() % 100000000000ULL));
  j["applicant_id"] = id;
  j["fee"] = rng.chance(60) ? 0 : 50000;
  j["paid_online"] = j["channel"] == "online" && j["fee"] != 0 && rng.chance(50);
  return j;
}

Json to_dvcqg(const Json& d) {
  static const std::map<std::string, int> k_status = {
      {"submitted", 1},        {"received", 2},  {"not_accepted", 3}, {"processing", 4}, {"supplementing", 5},
      {"awaiting_payment", 6}, {"withdrawn", 7}, {"stopped", 8},      {"resolved", 9},   {"returned", 10}};
  auto when = [&](const char* key) -> Json {
    if (!d.contains(key) || d[key].is_null()) return "";
    // A date-only value (an appointment in the sample) goes out at the end of office hours.
    return compact(parse_moment(d[key].get<std::string>(), DateAs::end_of_office_day)->at);
  };
  Json j;
  j["MaHoSo"] = d["code"];
  j["MaTTHC"] = d["procedure_code"];
  j["DonViXuLy"] = d["agency_code"];
  j["KenhThucHien"] = d["channel"] == "direct" ? 1 : (d["channel"] == "online" ? 2 : 3);
  j["TrangThaiHoSo"] = std::to_string(k_status.at(d["status"]));
  j["NgayTiepNhan"] = when("received_at");
  j["ChuHoSo"] = d["applicant_name"];
  j["MaDoiTuong"] = d["applicant_id"];
  j["NgayHenTra"] = when("due_at");
  j["NgayKetThucXuLy"] = when("resolved_at");
  j["NgayTra"] = when("returned_at");
  Json extra = Json::array();
  for (const auto& p : d["pauses"])
    extra.push_back({{"NgayBoSung", compact(*parse_datetime(p["from"].get<std::string>()))},
                     {"NgayTiepNhanBoSung",
                      p["to"].is_null() ? std::string() : compact(*parse_datetime(p["to"].get<std::string>()))}});
  j["DanhSachHoSoBoSung"] = extra;
  return j;
}

// Converts UTF-8 to a legacy encoding with glibc's iconv (CP1258 output decomposes what
// it cannot hold precomposed into base + tone mark, as old Windows software did). One
// converter serves every row; each conversion ends in the initial shift state.
class LegacyEncoder {
public:
  static Result<std::unique_ptr<LegacyEncoder>> open(const char* charset) {
    iconv_t cd = iconv_open(charset, "UTF-8");
    if (cd == reinterpret_cast<iconv_t>(-1))
      return make_error(ErrorKind::internal, std::string("iconv cannot convert to ") + charset);
    return std::unique_ptr<LegacyEncoder>(new LegacyEncoder(cd, charset));
  }
  ~LegacyEncoder() { iconv_close(m_cd); }
  LegacyEncoder(const LegacyEncoder&) = delete;
  LegacyEncoder& operator=(const LegacyEncoder&) = delete;

  Result<std::string> convert(const std::string& utf8) {
    std::string out(utf8.size() * 2 + 16, '\0');
    char* in = const_cast<char*>(utf8.data());
    size_t in_left = utf8.size();
    char* o = out.data();
    size_t o_left = out.size();
    size_t rc = iconv(m_cd, &in, &in_left, &o, &o_left);
    if (rc != static_cast<size_t>(-1)) rc = iconv(m_cd, nullptr, nullptr, &o, &o_left);
    if (rc == static_cast<size_t>(-1))
      return make_error(ErrorKind::internal,
                        std::string("cannot encode sample text as ") + m_charset + ": " + std::strerror(errno));
    out.resize(out.size() - o_left);
    return out;
  }

private:
  LegacyEncoder(iconv_t cd, const char* charset) : m_cd(cd), m_charset(charset) {}
  iconv_t m_cd;
  const char* m_charset;
};

// dd/mm/YYYY HH:MM (or dd/mm/YYYY) as the legacy systems wrote dates.
std::string legacy_date(const Json& value, bool with_time) {
  if (!value.is_string()) return "";
  std::string v = value;
  std::string d = v.substr(8, 2) + "/" + v.substr(5, 2) + "/" + v.substr(0, 4);
  if (with_time && v.size() >= 16) d += " " + v.substr(11, 5);
  return d;
}

// An ISO date-time of the sample ("2018-03-05T08:15...") as an Excel serial (1900 system), or "" when absent.
std::string excel_serial(const Json& value, bool with_time) {
  if (!value.is_string()) return "";
  std::string v = value;
  Days day = days_from_civil(std::stoi(v.substr(0, 4)), static_cast<unsigned>(std::stoi(v.substr(5, 2))),
                             static_cast<unsigned>(std::stoi(v.substr(8, 2))));
  double serial = day - days_from_civil(1899, 12, 30);
  if (with_time && v.size() >= 16) serial += (std::stoi(v.substr(11, 2)) * 60 + std::stoi(v.substr(14, 2))) / 1440.0;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", serial);
  return buf;
}

// One legacy row as Excel cells: text as shared strings, dates as date-typed serials, the fee a number.
std::vector<XlsxCell> legacy_xlsx_row(const Json& d, const std::vector<std::string>& text) {
  std::vector<XlsxCell> cells;
  auto date = [&](const Json& v, bool with_time) {
    std::string serial = excel_serial(v, with_time);
    if (serial.empty()) return XlsxCell{};
    return XlsxCell{with_time ? XlsxCell::Kind::date_time : XlsxCell::Kind::date, serial, {}};
  };
  for (size_t i = 0; i < 5; ++i) cells.push_back(XlsxCell::of(text[i]));
  cells.push_back(date(d["received_at"], true));
  cells.push_back(date(d["due_at"], false));
  cells.push_back(date(d.value("resolved_at", Json()), true));
  cells.push_back(date(d.value("returned_at", Json()), true));
  cells.push_back(d["pauses"].empty() ? XlsxCell{} : date(d["pauses"][0]["from"], true));
  cells.push_back(d["pauses"].empty() ? XlsxCell{} : date(d["pauses"][0]["to"], true));
  cells.push_back(XlsxCell::of(text[11]));
  cells.push_back(XlsxCell::of(text[12]));
  cells.push_back(XlsxCell{XlsxCell::Kind::number, text[13], {}});
  return cells;
}

// One legacy CSV row (the columns of the mapping files below); pauses beyond the first are not representable.
std::string legacy_row(const Json& d, char sep, std::vector<std::string>* cells_out = nullptr) {
  static const std::map<std::string, std::string> k_status = {{"returned", "DA_TRA"},       {"resolved", "DA_XL"},
                                                              {"not_accepted", "KTN"},      {"processing", "DANG_XL"},
                                                              {"supplementing", "BO_SUNG"}, {"withdrawn", "RUT"}};
  static const std::map<std::string, std::string> k_channel = {
      {"direct", "TT"}, {"online", "TTUYEN"}, {"postal", "BC"}};
  std::string pause_from, pause_to;
  if (!d["pauses"].empty()) {
    pause_from = legacy_date(d["pauses"][0]["from"], true);
    pause_to = legacy_date(d["pauses"][0]["to"], true);
  }
  std::vector<std::string> cells = {d["code"],
                                    d["procedure_code"],
                                    d["agency_code"],
                                    k_channel.at(d["channel"]),
                                    k_status.at(d["status"]),
                                    legacy_date(d["received_at"], true),
                                    legacy_date(d["due_at"], false),
                                    legacy_date(d.value("resolved_at", Json()), true),
                                    legacy_date(d.value("returned_at", Json()), true),
                                    pause_from,
                                    pause_to,
                                    d["applicant_name"],
                                    d["applicant_id"],
                                    d["fee"].dump()};
  if (cells_out) *cells_out = cells;
  std::string line;
  for (size_t i = 0; i < cells.size(); ++i) line += (i ? std::string(1, sep) : std::string()) + cells[i];
  return line + "\r\n";
}

// The mapping file for the legacy CSVs (motcua-mapping(5)).
std::string legacy_mapping(const char* encoding, const char* delimiter) {
  Json m;
  m["input"] = {{"format", "csv"}, {"encoding", encoding}, {"delimiter", delimiter}, {"header", true}};
  auto date = [](const char* col, const char* fmt) { return Json{{"column", col}, {"date_format", fmt}}; };
  m["fields"] = {
      {"code", "SO_HO_SO"},
      {"procedure_code", {{"column", "MA_TTHC"}, {"trim", true}}},
      {"agency_code", "DON_VI"},
      {"channel", {{"column", "HINH_THUC"}, {"values", {{"TT", "direct"}, {"TTUYEN", "online"}, {"BC", "postal"}}}}},
      {"status",
       {{"column", "TINH_TRANG"},
        {"values",
         {{"DA_TRA", "returned"},
          {"DA_XL", "resolved"},
          {"KTN", "not_accepted"},
          {"DANG_XL", "processing"},
          {"BO_SUNG", "supplementing"},
          {"RUT", "withdrawn"}}}}},
      {"received_at", date("NGAY_NHAN", "%d/%m/%Y %H:%M")},
      {"due_at", date("NGAY_HEN", "%d/%m/%Y")},
      {"resolved_at", date("NGAY_XONG", "%d/%m/%Y %H:%M")},
      {"returned_at", date("NGAY_TRA", "%d/%m/%Y %H:%M")},
      {"pauses", {{"from", date("NGAY_YC_BS", "%d/%m/%Y %H:%M")}, {"to", date("NGAY_NHAN_BS", "%d/%m/%Y %H:%M")}}},
      {"applicant_name", "HO_TEN"},
      {"applicant_id", "SO_CMND"},
      {"fee", "LE_PHI"}};
  return m.dump(1) + "\n";
}

// The mapping of the Excel sample: the legacy columns, read from the sheet "Hồ sơ"; its date
// cells are date-typed, so no date_format is needed.
std::string xlsx_mapping() {
  Json m = Json::parse(legacy_mapping("utf-8", ","));
  m["input"] = {{"format", "xlsx"}, {"sheet", "Hồ sơ"}};
  for (auto& [key, rule] : m["fields"].items()) {
    if (rule.is_object() && rule.contains("date_format")) rule = rule["column"];
    if (key == "pauses")
      for (auto& [k, r] : rule.items()) r = r["column"];
  }
  return m.dump(1) + "\n";
}

// The files write_sample() writes, checked all before the first is written.
constexpr const char* k_sample_files[] = {
    "catalog.json",        "catalog.csv",       "dossiers.ndjson",     "legacy-cp1258.csv", "legacy-tcvn.csv",
    "mapping-cp1258.json", "mapping-tcvn.json", "dossiers-dvcqg.json", "targets.json",      "legacy-vni.csv",
    "mapping-vni.json",    "legacy.xlsx",       "mapping-xlsx.json"};

// The Excel sample is built in memory (a zip is written whole): it holds at most this many rows, so
// `sample` stays flat in memory whatever --dossiers asks for.
constexpr std::int64_t k_xlsx_sample_rows = 100000;

// One output file written as the dossiers are made: through an AtomicFile (renamed into place
// at commit), optionally re-encoded row by row.
class Sink {
public:
  static Result<std::unique_ptr<Sink>> create(const std::filesystem::path& path, const AtomicFileOptions& options,
                                              const char* charset = nullptr) {
    auto file = AtomicFile::create(path.string(), options);
    if (!file) return file.error();
    auto sink = std::unique_ptr<Sink>(new Sink(std::move(*file)));
    if (charset && std::string_view(charset) == "vni") {
      sink->m_vni = true;
    } else if (charset) {
      auto encoder = LegacyEncoder::open(charset);
      if (!encoder) return encoder.error();
      sink->m_encoder = std::move(*encoder);
    }
    return sink;
  }
  Status write(const std::string& utf8) {
    if (m_vni) {
      auto bytes = encode_text(utf8, Encoding::vni);
      if (!bytes) return make_error(ErrorKind::internal, "sample VNI file: " + bytes.error().message);
      m_file->stream() << *bytes;
      return {};
    }
    if (!m_encoder) {
      m_file->stream() << utf8;
      return {};
    }
    auto bytes = m_encoder->convert(utf8);
    if (!bytes) return bytes.error();
    m_file->stream() << *bytes;
    return {};
  }
  Status commit() { return m_file->commit(); }

private:
  explicit Sink(std::unique_ptr<AtomicFile> file) : m_file(std::move(file)) {}
  std::unique_ptr<AtomicFile> m_file;
  std::unique_ptr<LegacyEncoder> m_encoder;
  bool m_vni = false; // VNI-Windows is no iconv charset: lib/io/encode writes it
};

// The national sync document written one record at a time, laid out as nlohmann's dump(1) lays out
// the whole document (so the bytes do not depend on how it was built).
class DvcqgWriter {
public:
  explicit DvcqgWriter(Sink& sink) : m_sink(sink) {}
  Status begin() {
    return m_sink.write("{\n \"service\": \"DongBoHoSoMC\",\n \"isUpdating\": \"False\",\n \"data\": [");
  }
  Status add(const Json& record) {
    std::string text = record.dump(1), out = m_count++ ? ",\n  " : "\n  ";
    for (char c : text) {
      out += c;
      if (c == '\n') out += "  "; // JSON strings hold no raw newline: every one is layout
    }
    return m_sink.write(out);
  }
  Status end() { return m_sink.write(m_count ? "\n ]\n}\n" : "]\n}\n"); }

private:
  Sink& m_sink;
  std::int64_t m_count = 0;
};

// The same dossier re-exported later, after its office finished it: what a late re-export holds.
Json finished_later(Rng& rng, Json d) {
  Instant received = *parse_datetime(d["received_at"].get<std::string>());
  Instant resolved = received + 86400 * (1 + rng.below(10)) + 3600 * rng.below(8);
  d["status"] = "returned";
  for (auto& p : d["pauses"])
    if (p["to"].is_null()) {
      Instant from = *parse_datetime(p["from"].get<std::string>());
      Instant to = from + 86400 * (1 + rng.below(3));
      p["to"] = local_text(to);
      if (resolved <= to) resolved = to + 3600 * (1 + rng.below(8));
    }
  d["resolved_at"] = local_text(resolved);
  d["returned_at"] = local_text(resolved + 3600 * (1 + rng.below(40)));
  return d;
}

} // namespace

std::optional<SampleLayout> parse_sample_layout(std::string_view name) {
  if (name == "files") return SampleLayout::files;
  if (name == "province") return SampleLayout::province;
  return std::nullopt;
}

Result<SampleReport> write_sample(const SampleOptions& o) {
  if (o.procedures < 1) return make_error(ErrorKind::usage, "--procedures must be at least 1");
  std::error_code ec;
  std::filesystem::path dir(o.out_dir);
  std::filesystem::create_directories(dir, ec);
  if (ec) return make_error(ErrorKind::input, "cannot create " + o.out_dir + ": " + ec.message());
  // Each file through the one atomic writer: an existing one is refused (exit 2, nothing written) unless force.
  AtomicFileOptions file_options;
  file_options.force = o.force;
  file_options.option = "--out";
  for (const char* name : k_sample_files)
    if (auto st = check_target((dir / name).string(), file_options); !st) return st.error();
  auto write_text = [&](const std::filesystem::path& path, const std::string& text) {
    return write_file_atomically(path.string(), text, file_options);
  };
  Rng rng(o.seed);
  SampleReport report;
  auto procs = make_procedures(rng, o.procedures);
  report.procedures = o.procedures;

  Json catalog = {{"procedures", Json::array()}};
  std::string csv =
      "code,name,agency_code,agency_name,field_code,field_name,level,processing_time,processing_unit,fee\r\n";
  for (const auto& p : procs) {
    catalog["procedures"].push_back(p.json);
    const auto& j = p.json;
    csv += j["code"].get<std::string>() + "," + j["name"].get<std::string>() + "," +
           j["agency_code"].get<std::string>() + "," + j["agency_name"].get<std::string>() + "," +
           j["field_code"].get<std::string>() + "," + j["field_name"].get<std::string>() + "," + j["level"].dump() +
           "," + j["processing_time"].dump() + "," + j["processing_unit"].get<std::string>() + "," + j["fee"].dump() +
           "\r\n";
  }
  if (auto st = write_text(dir / "catalog.json", catalog.dump(1) + "\n"); !st) return st.error();
  if (auto st = write_text(dir / "catalog.csv", csv); !st) return st.error();

  auto ndjson = Sink::create(dir / "dossiers.ndjson", file_options);
  if (!ndjson) return ndjson.error();
  auto cp1258 = Sink::create(dir / "legacy-cp1258.csv", file_options, "CP1258");
  if (!cp1258) return cp1258.error();
  auto tcvn = Sink::create(dir / "legacy-tcvn.csv", file_options, "TCVN5712-1");
  if (!tcvn) return tcvn.error();
  // An older VNI-Windows export of the cp1258 file's dossiers: migrated after it, all unchanged.
  auto vni = Sink::create(dir / "legacy-vni.csv", file_options, "vni");
  if (!vni) return vni.error();
  auto dvcqg_sink = Sink::create(dir / "dossiers-dvcqg.json", file_options);
  if (!dvcqg_sink) return dvcqg_sink.error();
  DvcqgWriter dvcqg(**dvcqg_sink);
  if (auto st = dvcqg.begin(); !st) return st.error();

  // Dossiers over 2017-2018: canonical NDJSON for most, the national JSON for a share.
  Days first = days_from_civil(2017, 1, 1);
  int span = days_from_civil(2019, 1, 1) - first;
  Days legacy_from = days_from_civil(2018, 1, 1), tcvn_from = days_from_civil(2018, 7, 1);
  std::map<std::string, int> sequence;
  const std::string header_fields[] = {"SO_HO_SO",     "MA_TTHC",  "DON_VI",    "HINH_THUC", "TINH_TRANG",
                                       "NGAY_NHAN",    "NGAY_HEN", "NGAY_XONG", "NGAY_TRA",  "NGAY_YC_BS",
                                       "NGAY_NHAN_BS", "HO_TEN",   "SO_CMND",   "LE_PHI"};
  std::string cp1258_header, tcvn_header;
  for (const auto& h : header_fields) {
    cp1258_header += (cp1258_header.empty() ? "" : ",") + h;
    tcvn_header += (tcvn_header.empty() ? "" : ";") + h;
  }
  if (auto st = (*cp1258)->write(cp1258_header + "\r\n"); !st) return st.error();
  if (auto st = (*tcvn)->write(tcvn_header + "\r\n"); !st) return st.error();
  if (auto st = (*vni)->write(cp1258_header + "\r\n"); !st) return st.error();
  // The Excel sample holds the dossiers of legacy-cp1258.csv again (without its broken rows; the first
  // k_xlsx_sample_rows of them), as a workbook would: a notes sheet first, then the data sheet with real date cells.
  XlsxWriter book;
  std::int64_t xlsx_rows = 0;
  std::vector<XlsxCell> header;
  for (const auto& h : header_fields) header.push_back(XlsxCell::of(h));
  if (auto st = book.add_sheet("Ghi chú"); !st) return st.error();
  if (auto st = book.add_row({XlsxCell::of("Sổ theo dõi hồ sơ (dữ liệu mẫu của motcua sample)")}); !st)
    return st.error();
  if (auto st = book.add_sheet("Hồ sơ"); !st) return st.error();
  if (auto st = book.add_row(header); !st) return st.error();
  for (int i = 0; i < o.dossiers; ++i) {
    const auto& p = procs[static_cast<size_t>(rng.below(static_cast<int>(procs.size())))];
    Json d = make_dossier(rng, p, sequence, first, span);
    Status st;
    if (o.layout == SampleLayout::files) {
      switch (i % 10) {
      case 9: st = dvcqg.add(to_dvcqg(d)); break;
      case 8: {
        std::vector<std::string> text;
        std::string row = legacy_row(d, ',', &text);
        st = (*cp1258)->write(row);
        if (st) st = (*vni)->write(row);
        if (st && xlsx_rows < k_xlsx_sample_rows) {
          st = book.add_row(legacy_xlsx_row(d, text));
          ++xlsx_rows;
        }
        break;
      }
      case 7: st = (*tcvn)->write(legacy_row(d, ';')); break;
      default: st = (*ndjson)->write(d.dump() + "\n");
      }
    } else {
      // By receipt date: the national sync year, then one legacy system per half of 2018. Each
      // later export repeats a share of the earlier ones (some identical, some changed by what
      // the legacy format cannot hold), and the late NDJSON finishes most open dossiers.
      Days received = local_date(*parse_datetime(d["received_at"].get<std::string>()));
      if (received < legacy_from) {
        st = dvcqg.add(to_dvcqg(d));
        if (st && rng.chance(5)) st = (*cp1258)->write(legacy_row(d, ','));
      } else if (received < tcvn_from) {
        st = (*cp1258)->write(legacy_row(d, ','));
        if (st && rng.chance(3)) st = (*tcvn)->write(legacy_row(d, ';'));
      } else {
        st = (*tcvn)->write(legacy_row(d, ';'));
      }
      std::string status = d["status"];
      if (st && (status == "processing" || status == "supplementing") && rng.chance(70))
        st = (*ndjson)->write(finished_later(rng, d).dump() + "\n");
      else if (st && rng.chance(2)) st = (*ndjson)->write(d.dump() + "\n");
    }
    if (!st) return st.error();
  }
  report.dossiers = o.dossiers;
  // Deliberately broken records: the migration must reject and report each, losing nothing else.
  std::string broken_ndjson =
      "{\"code\": \"BROKEN-0001\", \"procedure_code\": \"1.001000\", \"channel\": \"fax\", \"status\": \"returned\", \"received_at\": \"2018-03-05T08:00\"}\n";
  broken_ndjson +=
      "{\"code\": \"BROKEN-0002\", \"channel\": \"online\", \"status\": \"returned\", \"received_at\": \"2018-03-05T08:00\"}\n";
  broken_ndjson +=
      "{\"code\": \"BROKEN-0003\", \"procedure_code\": \"1.001000\", \"channel\": \"online\", \"status\": \"returned\", \"received_at\": \"05/03/2018\"}\n";
  broken_ndjson += "{\"code\": \"BROKEN-0004\", \"procedure_code\": \n";
  // Legacy rows broken the ways old exports break: a lost column, a bad date, an unmapped status.
  std::string broken_cp1258 =
      "000.00.10.H17-180305-9001,1.001000,000.00.10.H17,TT,DA_TRA,05/03/2018 08:00,07/03/2018\r\n";
  broken_cp1258 +=
      "000.00.10.H17-180305-9002,1.001000,000.00.10.H17,TT,DA_TRA,31/02/2018 08:00,07/03/2018,06/03/2018 10:00,,,,Lê Thị Hồng,012345678901,0\r\n";
  std::string broken_tcvn =
      "000.00.10.H17-180305-9003;1.001000;000.00.10.H17;TT;LUU_KHO;05/03/2018 08:00;07/03/2018;;;;;Trần Văn Đức;012345678902;0\r\n";
  report.broken = 7;
  if (auto st = (*ndjson)->write(broken_ndjson); !st) return st.error();
  if (auto st = (*cp1258)->write(broken_cp1258); !st) return st.error();
  if (auto st = (*tcvn)->write(broken_tcvn); !st) return st.error();
  if (auto st = dvcqg.end(); !st) return st.error();
  if (auto st = (*ndjson)->commit(); !st) return st.error();
  if (auto st = (*cp1258)->commit(); !st) return st.error();
  if (auto st = (*tcvn)->commit(); !st) return st.error();
  if (auto st = (*vni)->commit(); !st) return st.error();
  if (auto st = write_text(dir / "mapping-vni.json", legacy_mapping("vni", ",")); !st) return st.error();
  if (auto st = write_text(dir / "mapping-cp1258.json", legacy_mapping("cp1258", ",")); !st) return st.error();
  if (auto st = write_text(dir / "mapping-tcvn.json", legacy_mapping("tcvn", ";")); !st) return st.error();
  if (auto st = (*dvcqg_sink)->commit(); !st) return st.error();
  auto xlsx = book.finish();
  if (!xlsx) return xlsx.error();
  if (auto st = write_text(dir / "legacy.xlsx", *xlsx); !st) return st.error();
  if (auto st = write_text(dir / "mapping-xlsx.json", xlsx_mapping()); !st) return st.error();

  Json targets = {
      {"targets",
       Json::array({{{"metric", "procedures_online_rate"}, {"min", 0.3}, {"label", "NQ 17/NQ-CP: 30% TTHC mức 3, 4"}},
                    {{"metric", "online_dossier_rate"}, {"min", 0.2}, {"label", "NQ 17/NQ-CP: 20% hồ sơ trực tuyến"}},
                    {{"metric", "on_time_rate"}, {"min", 0.95}}})}};
  if (auto st = write_text(dir / "targets.json", targets.dump(1) + "\n"); !st) return st.error();
  return report;
}

} // namespace motcua
