#pragma once
// Agency lineage across reorganisations (the 2025 merger of provinces, the end of district-level units):
// `catalog agencies import FILE` (motcua-formats(5), AGENCY LINEAGE FILE), kept in the cache, and the roll of
// every agency into its successor as of a date (`--agency-structure DATE` of stats export and audit deadlines).
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/db.hpp"
#include <nlohmann/json.hpp>

#include "catalog/procedure.hpp"
#include "util/error.hpp"
#include "util/time.hpp"

namespace motcua {

// One row of the file: from `from` the agency `old_code` is (part of) `new_code`.
struct LineageRow {
  std::string old_code;
  std::string new_code;
  Days from = 0;
  std::string note;
  bool operator==(const LineageRow&) const = default;
};

// A checked set of rows: no cycle, no code its own successor, one date per old code, no row twice.
// Several rows of one old code are a split; their order is the file's (the first takes what no procedure places).
class AgencyLineage {
public:
  AgencyLineage() = default;
  // Checks the rows; `source` names the file in errors (ErrorKind::input, a cycle spelled A → B → A).
  static Result<AgencyLineage> from_rows(std::vector<LineageRow> rows, const std::string& source);
  const std::vector<LineageRow>& rows() const { return m_rows; }
  bool empty() const { return m_rows.empty(); }
  // The successors of `code` in force on `date` (rows with from <= date), in file order; empty when none.
  std::vector<const LineageRow*> successors(const std::string& code, Days date) const;

private:
  std::vector<LineageRow> m_rows;
  std::unordered_map<std::string, std::vector<size_t>> m_by_old; // old code → row indexes, file order
};

// Parses the CSV text `old_code,new_code,from_date[,note]` (a header line first); errors name the source, line,
// field and value. The result is checked (AgencyLineage::from_rows).
Result<AgencyLineage> parse_lineage_csv(std::string_view text, const std::string& source);

// The cache's lineage (empty when none was imported), and replacing it whole by an imported file.
Result<AgencyLineage> load_lineage(store::Database& db);
Status store_lineage(store::Database& db, const AgencyLineage& lineage, const std::string& source);

// The roll of agencies into their successors as of one date, for one command run. A split old code goes to the
// successor that holds the dossier's procedure in the catalog as of that date (or whose own successor does),
// else to the first successor of the file. Records what was merged, for the report's note.
class AgencyRoll {
public:
  AgencyRoll(AgencyLineage lineage, Days date, const std::vector<Procedure>& catalog_at_date);
  // The agency `code` stands for on the date, for a dossier of `procedure_code` ("" stays "").
  std::string roll(const std::string& code, const std::string& procedure_code);
  // The agency's name in the catalog as of the date ("" when no procedure names it).
  std::string name_of(const std::string& code) const;
  Days date() const { return m_date; }
  // Successor → the old codes rolled into it so far.
  const std::map<std::string, std::set<std::string>>& merged() const { return m_merged; }

private:
  std::string follow(const std::string& code, const std::string& procedure_agency) const;
  AgencyLineage m_lineage;
  Days m_date;
  std::unordered_map<std::string, std::string> m_procedure_agency; // procedure code → agency code on the date
  std::unordered_map<std::string, std::string> m_agency_name;
  std::map<std::string, std::set<std::string>> m_merged;
};

// The roll as of `date` from the cache: its lineage and the catalog as it stood on that date. An input error
// (exit 4) when no lineage was imported: rolling nothing would print the figures unchanged as if rolled.
Result<AgencyRoll> agency_roll_as_of(store::Database& db, Days date);

// The note of a report rolled as of `date`: {"date", "merged": [{"agency", "from": [old codes]}]}.
nlohmann::ordered_json agency_structure_json(Days date, const std::map<std::string, std::set<std::string>>& merged);
// The same for people: "Agencies as of 2026-01-01; merged: C ← A, B; …" ("" when nothing was merged).
std::string agency_structure_note(Days date, const std::map<std::string, std::set<std::string>>& merged);

} // namespace motcua
