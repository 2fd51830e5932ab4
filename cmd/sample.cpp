// `motcua sample`: writes the deterministic sample data set.
#include <iostream>

#include "commands.hpp"
#include "common.hpp"
#include "sample/sample.hpp"

namespace motcua::cli {

void add_sample_commands(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<SampleOptions>();
  auto* s = app.add_subcommand("sample",
                               "Write a realistic, deterministic sample data set (catalog, dossiers in every format)");
  auto* out = s->add_option("--out", o->out_dir, "Directory to write into (created); files already there are refused")
                  ->required();
  add_force_flag(s, o->force, out, "the files of an earlier sample in --out");
  s->add_option("--procedures", o->procedures, "Number of procedures (default 200)")->check(CLI::Range(1, 1000000));
  s->add_option("--dossiers", o->dossiers, "Number of dossiers (default 5000)")->check(CLI::Range(0, 100000000));
  s->add_option("--seed", o->seed, "Seed: the same seed gives the same bytes (default 1)");
  auto layout = std::make_shared<std::string>("files");
  s->add_option("--layout", *layout,
                "How dossiers are spread over the files: files (every format a share, default) or province (a year "
                "of national sync JSON, two overlapping legacy CSV exports, a late NDJSON of updates: migrate them "
                "in that order)")
      ->check(CLI::IsMember({"files", "province"}));
  s->callback([&ctx, o, layout] {
    o->layout = *parse_sample_layout(*layout); // IsMember above: always a known name
    auto r = write_sample(*o);
    if (!r) {
      ctx.exit_code = ctx.fail(r.error());
      return;
    }
    ctx.info("sample written to " + o->out_dir + ": " + std::to_string(r->procedures) + " procedures, " +
             std::to_string(r->dossiers) + " dossiers, " + std::to_string(r->broken) + " deliberately broken records");
  });
}

} // namespace motcua::cli
