// gongkai-verify: checks an export (gongkai export) with nothing but the
// export itself and, optionally, the keys the auditor trusts. It links no
// RocksDB. One line on failure, exit 1; exit 2 for usage errors.
#include <fmt/core.h>
#include <unistd.h>

#include <kj/exception.h>

#include "ledger/genesis.h"
#include "tools/cli/args.h"
#include "tools/cli/progress.h"
#include "tools/verify/export_verifier.h"

namespace {

using namespace gongkai;

const std::vector<cli::OptionSpec> kOptions = {
    {"jobs", true, "N worker threads (default: one per core)"},
    {"log-key", true, "FILE a log public key as you know it (PEM): the Ed25519 one, and again for an SM2 one"},
    {"witness", true, "NAME=FILE.pub a witness whose cosignatures count (repeatable)"},
    {"quorum", true, "N cosignatures the last checkpoint must carry (default 0)"},
    {"witness-policy", true, "FILE a C2SP tlog-policy: the log's key, the witnesses and the quorum to meet"},
    {"allow-uncovered-tail", false, "accept entries after the last signed checkpoint (they prove less)"},
    {"quiet", false, "no progress line"},
};

int Fatal(const Error& error, int code) {
  fmt::print(stderr, "gongkai-verify: error: {}\n", error.ToString());
  return code;
}

int Run(int argc, char** argv) {
  auto args = cli::Args::Parse(std::vector<std::string>(argv + 1, argv + argc), kOptions);
  if (!args) return Fatal(args.error(), 2);
  if (args->help() || args->positional().size() != 1) {
    fmt::print("usage: gongkai-verify EXPORT-DIR [options]\n\n"
               "Verifies an export: every entry's hash, chain link, signature and key validity,\n"
               "the Merkle root at every signed checkpoint, each checkpoint's log signature and\n"
               "cosignatures. Reports the first failure by entry number and reason.\n\noptions:\n{}",
               cli::FormatOptions(kOptions));
    return args->help() ? 0 : 2;
  }
  ExportVerifyOptions options;
  auto jobs = args->GetUint("jobs", 0);
  if (!jobs) return Fatal(jobs.error(), 2);
  options.jobs = static_cast<unsigned>(*jobs);
  auto quorum = args->GetUint("quorum", 0);
  if (!quorum) return Fatal(quorum.error(), 2);
  options.quorum = *quorum;
  if (auto paths = args->GetAll("log-key"); !paths.empty()) {
    auto keys = ReadLogKeys(paths);
    if (!keys) {
      return Fatal(Error{keys.error().code, "--log-key: " + keys.error().message, {}},
                   keys.error().code == ErrorCode::kInvalidArgument ? 2 : 1);
    }
    options.log_keys = std::move(*keys);
  }
  for (const std::string& spec : args->GetAll("witness")) {
    auto witness = ParseWitnessKeySpec(spec);
    if (!witness) {
      return Fatal(Error{witness.error().code, "--witness: " + witness.error().message, {}},
                   witness.error().code == ErrorCode::kInvalidArgument ? 2 : 1);
    }
    options.witnesses.push_back(std::move(*witness));
  }
  if (auto path = args->Get("witness-policy")) {
    auto policy = WitnessPolicy::FromFile(*path);
    if (!policy) return Fatal(Error{policy.error().code, "--witness-policy: " + policy.error().message, {}}, 1);
    options.witness_policy = std::move(*policy);
  }
  options.allow_uncovered_tail = args->Has("allow-uncovered-tail");
  const bool policy_names_logs = options.witness_policy && !options.witness_policy->logs().empty();
  if (!options.log_keys && !policy_names_logs) {
    fmt::print(stderr, "gongkai-verify: warning: no --log-key: trusting the log key the export names\n");
  }
  const bool witnessed = options.quorum > 0 || (options.witness_policy && !options.witness_policy->requires_none());
  if (!witnessed) {
    fmt::print(stderr,
               "gongkai-verify: warning: no witness quorum (--witness-policy FILE, or --witness and --quorum): this "
               "check cannot tell this history from one rewritten and re-signed by whoever holds the log key; only "
               "a witness's cosignature can (docs/FORMAT.md §6)\n");
  }
  cli::Progress progress("gongkai-verify", args->Has("quiet"));
  if (!args->Has("quiet")) options.progress = [&](uint64_t done) { progress.Update(done, 0); };
  auto report = VerifyExport(args->positional()[0], options);
  progress.Finish();
  if (!report) return Fatal(Error{report.error().code, "verification FAILED: " + report.error().message,
                                  report.error().seq},
                            1);
  fmt::print("verified export of '{}': {} entries, {} checkpoints (last at size {}, {} valid cosignatures)\n",
             report->origin, report->entries, report->checkpoints, report->last_checkpoint_size,
             report->last_checkpoint_cosignatures);
  if (report->simulated) fmt::print("{}\n", kSimulatedLedgerWarning);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Run(argc, argv);
  } catch (const kj::Exception& e) {
    return Fatal(Error{ErrorCode::kInternal, e.getDescription().cStr(), {}}, 1);
  } catch (const std::exception& e) {
    return Fatal(Error{ErrorCode::kInternal, e.what(), {}}, 1);
  }
}
