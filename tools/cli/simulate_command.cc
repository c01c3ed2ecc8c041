// gongkai simulate: a realistic signed ledger of one county-year, with
// injected violations and their ground truth (docs/SIMULATOR.md).
#include <fmt/core.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>

#include "ledger/bytes.h"
#include "tools/cli/command.h"
#include "tools/cli/progress.h"
#include "tools/simulator/simulator.h"

namespace gongkai::cli {
namespace {

Result<double> ParseRate(const std::string& text) {
  char* end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !(value >= 0 && value <= 1)) {
    return Fail(ErrorCode::kInvalidArgument, "--violation-rate must be a number between 0 and 1, got '{}'", text);
  }
  return value;
}

Status RunSimulate(const Args& args, const Context& context) {
  sim::SimulationOptions options;
  options.data_dir = context.data_dir;
  auto seed = args.GetUint("seed", 1);
  auto agencies = args.GetUint("agencies", 30);
  auto year = args.GetUint("year", 2025);
  auto checkpoint = args.GetUint("checkpoint-every", 10000);
  for (auto* r : {&seed, &agencies, &year, &checkpoint}) {
    if (!*r) return std::unexpected(r->error());
  }
  options.seed = *seed;
  options.agencies = *agencies;
  options.year = static_cast<int>(std::min<uint64_t>(*year, 99999));
  options.checkpoint_every = *checkpoint;
  if (args.Has("events")) {
    auto events = args.GetUint("events", 0);
    GK_RETURN_IF_ERROR(events);
    if (*events < 100) return Fail(ErrorCode::kInvalidArgument, "--events must be at least 100");
    options.events = *events;
  }
  if (auto rate = args.Get("violation-rate")) {
    auto parsed = ParseRate(*rate);
    GK_RETURN_IF_ERROR(parsed);
    options.violation_rate = *parsed;
  }
  Progress progress("simulate", args.Has("quiet"));
  auto summary = sim::Simulate(options, [&](uint64_t done, uint64_t total) { progress.Update(done, total); });
  progress.Finish();
  GK_RETURN_IF_ERROR(summary);
  fmt::print("simulated ledger '{}' in {}\n{} entries: {} items, {} applications, {} inquiries\n"
             "{} injected violations, ground truth in {}\nhead {}\n",
             summary->origin, context.data_dir, summary->entries, summary->items, summary->cases, summary->inquiries,
             summary->violations, summary->manifest_path, ToHex(summary->head_hash));
  return {};
}

}  // namespace

std::vector<Command> SimulateCommands() {
  return {Command{
      "simulate",
      "[--seed S] [--agencies N] [--year Y] [--events N] [--violation-rate R]",
      "write a realistic signed ledger of one county-year, with injected violations",
      "Creates a new ledger in --data DIR for a simulated county: N departments (plus the\n"
      "government office, the archive and the supervision commission) with sections and staff\n"
      "in every role, each with a key derived from the seed; the official calendar and the\n"
      "shipped rule sets; then a year of information items, applications and public inquiries\n"
      "on the working-day calendar. A share R of them carries one violation of a kind the\n"
      "county's rule set (national-2019) defines, some approved by a leader, some decided\n"
      "collectively with a recorded dissent, some with the handler's recorded objection.\n"
      "DIR/ground-truth.jsonl names each violation, its evidence (sequence numbers) and who is\n"
      "responsible (docs/SIMULATOR.md). The same options give the same entries, byte for byte:\n"
      "compare the printed head hash. Keys of the administrator, assessor and supervisor are\n"
      "written to DIR/keys/.",
      {{"seed", true, "S the random seed (default 1)"},
       {"agencies", true, "N assessed departments, 1..34 (default 30)"},
       {"year", true, "Y the simulated year, 2017..2025 (default 2025)"},
       {"events", true, "N about this many entries in all (default about 8,240 per department)"},
       {"violation-rate", true, "R share of items, applications and inquiries with a violation (default 0.03)"},
       {"checkpoint-every", true, "N sign a checkpoint every N entries (default 10000; 0 = only at the end)"},
       {"quiet", false, "no progress bar"}},
      RunSimulate}};
}

}  // namespace gongkai::cli
