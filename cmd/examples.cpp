// The EXAMPLES of every command (in --help and in the man pages), and the global options in
// every command's --help. e2e/test_help_examples.sh runs each example as written, in order, in a
// directory holding `motcua sample --out sample` and a fresh cache: keep them runnable there.
#include "examples.hpp"

#include <map>

namespace motcua::cli {

const std::vector<std::string>& examples_for(const std::string& path) {
  // A trailing `# exit N` comment is the status the example is expected to end with.
  static const std::map<std::string, std::vector<std::string>> k_examples = {
      {"catalog import",
       {"motcua catalog import sample/catalog.csv --as-of 2017-01-01",
        "motcua catalog import sample/catalog.json --as-of 2018-01-01 --partial",
        "motcua catalog import sample/catalog.json --dry-run --max-withdraw 5%"}},
      {"catalog list", {"motcua catalog list --online full", "motcua catalog list --as-of 2017-06-30 --format csv"}},
      {"catalog show",
       {"motcua catalog show 1.001000", "motcua catalog show 1.001000 --as-of 2017-06-30 --format json"}},
      {"catalog search", {"motcua catalog search \"doanh nghiep\"", "motcua catalog search \"giay phep\" --limit 5"}},
      {"catalog agencies import",
       {"printf 'old_code,new_code,from_date,note\\n000.00.10.H17,000.00.11.H17,2025-07-01,merged\\n' > lineage.csv && "
        "motcua catalog agencies import lineage.csv"}},
      {"dossiers inspect",
       {"motcua dossiers inspect sample/legacy-tcvn.csv",
        "motcua dossiers inspect sample/legacy-vni.csv --write-mapping draft-mapping.json --format json > inspect.json",
        "motcua dossiers inspect sample/legacy.xlsx --write-mapping xlsx-mapping.json && motcua dossiers migrate "
        "sample/legacy.xlsx --mapping xlsx-mapping.json"}},
      {"dossiers migrate",
       {"motcua dossiers migrate sample/dossiers.ndjson --dry-run  # exit 3: the sample's broken records",
        "motcua dossiers migrate sample/dossiers.ndjson --rejects rejects.csv  # exit 3",
        "motcua dossiers migrate sample/legacy-cp1258.csv --mapping sample/mapping-cp1258.json  # exit 3"}},
      {"dossiers list",
       {"motcua dossiers list --from 2018-06-01 --to 2018-06-30 --limit 10",
        "motcua dossiers list --status returned --format csv --limit 100"}},
      {"dossiers show",
       {"motcua dossiers show \"$(motcua dossiers list --limit 1 --format csv | tail -n 1 | cut -d, -f1)\""}},
      {"dossiers export",
       {"motcua dossiers export --mask-pii --output dossiers-masked.csv",
        "motcua dossiers export --from 2018-01-01 --to 2018-12-31 --format ndjson > dossiers-2018.ndjson"}},
      {"calendar show", {"motcua calendar show 2018", "motcua calendar show 2025 --format json"}},
      {"calendar import",
       {"echo '{\"days\": [{\"date\": \"2018-12-31\", \"type\": \"holiday\", \"name\": \"Nghỉ bù\"}]}' | motcua "
        "calendar import -"}},
      {"calendar due",
       {"motcua calendar due --from 2018-02-13T10:00 --working-days 3",
        "motcua calendar due --from 2018-04-20T15:00 --working-hours 8 --pause 2018-04-23T08:00..2018-04-24T08:00",
        "motcua calendar due --from yesterday --calendar-days 10"}},
      {"audit deadlines",
       {"motcua audit deadlines --as-of 2018-12-31",
        "motcua audit deadlines --as-of 2018-12-31 --from 2018-07-01 --findings-only --format csv",
        "motcua audit deadlines --as-of 2018-12-31 --snapshot audit-2018"}},
      {"audit verify", {"motcua audit verify audit-2018"}},
      {"audit keygen",
       {"printf 'a long passphrase\\n' > password.txt && motcua audit keygen --out audit.key --password-file password.txt"}},
      {"stats export",
       {"motcua stats export --period 2018", "motcua stats export --period 2018-Q3 --compare 2017-Q3 --by agency",
        "motcua stats export --period 2018 --targets sample/targets.json --format html --output report-2018.html"}},
      {"db info", {"motcua db info", "motcua db info --format json"}},
      {"db check", {"motcua db check"}},
      {"db vacuum", {"motcua db vacuum --lock-timeout 30"}},
      {"db backup", {"motcua db backup backup.db", "mkdir -p backups && motcua db backup backups --keep 7"}},
      {"db restore", {"motcua db restore backup.db"}},
      {"sample", {"motcua sample --out demo", "motcua sample --out small --procedures 20 --dossiers 100 --seed 7"}},
      {"config show", {"motcua config show", "motcua config show --format json"}},
      {"config get",
       {"motcua config get db --default /var/lib/motcua/motcua.db",
        "motcua config get nightly.report_period --default this-month"}},
      {"help", {"motcua help", "motcua help dossiers migrate"}},
  };
  static const std::vector<std::string> none;
  auto it = k_examples.find(path);
  return it == k_examples.end() ? none : it->second;
}

namespace {

std::string path_of(const CLI::App* app) {
  std::string path;
  for (; app && app->get_parent(); app = app->get_parent()) path = app->get_name() + (path.empty() ? "" : " " + path);
  return path;
}

void add_footers(CLI::App* app, const std::string& globals) {
  for (auto* sub : app->get_subcommands([](CLI::App*) { return true; })) {
    std::string footer;
    const auto& examples = examples_for(path_of(sub));
    if (!examples.empty()) {
      footer += "Examples:\n";
      for (const auto& e : examples) footer += "  " + e + "\n";
      footer += "\n";
    }
    footer += globals;
    sub->footer(footer);
    add_footers(sub, globals);
  }
}

} // namespace

void add_help_footers(CLI::App& app) {
  std::string globals = "Global options (before or after the command; see motcua(1)):\n";
  CLI::Formatter formatter; // the layout of the root's own option list
  for (const auto* opt : app.get_options()) {
    if (opt->get_group() != "Global options") continue;
    globals += formatter.make_option(opt, false);
  }
  if (!globals.empty() && globals.back() == '\n') globals.pop_back();
  add_footers(&app, globals);
}

} // namespace motcua::cli
