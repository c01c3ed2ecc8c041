// gongkai init, sign, append, verify: creating and writing the ledger.
#include <fmt/core.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <map>

#include "ledger/data_dir.h"
#include "ledger/genesis.h"
#include "ledger/checkpoint.h"
#include "ledger/json.h"
#include "ledger/merkle.h"
#include "ledger/tiles.h"
#include "ledger/ledger.h"
#include "ledger/verifier.h"
#include "ledger/witness_policy.h"
#include "tools/cli/command.h"
#include "tools/server/access_log.h"
#include "tools/cli/io.h"
#include "tools/cli/progress.h"
#include "tools/cli/remote.h"

namespace gongkai::cli {
namespace {

Status RunInit(const Args& args, const Context& context) {
  GK_RETURN_IF_ERROR(args.RequireAll({"origin", "key", "person", "name", "agency"}));
  const auto origin = args.Get("origin");
  const auto key_path = args.Get("key");
  const auto person = args.Get("person");
  const auto name = args.Get("name");
  const auto agency = args.Get("agency");
  auto admin_key = PrivateKey::FromPemFile(*key_path);
  GK_RETURN_IF_ERROR(admin_key);
  auto valid_from = TimeOption(args.Get("valid-from"));
  GK_RETURN_IF_ERROR(valid_from);
  auto hash = ParseHashAlgorithm(args.Get("hash").value_or("sha256"));
  GK_RETURN_IF_ERROR(hash);
  auto log_key = PrivateKey::Generate();
  GK_RETURN_IF_ERROR(log_key);
  LogSigningKeys log_keys{std::move(*log_key), std::nullopt};
  if (args.Has("sm2-log-key")) {
    auto sm2 = PrivateKey::Generate(SignatureAlgorithm::kSm2);
    GK_RETURN_IF_ERROR(sm2);
    log_keys.sm2 = std::move(*sm2);
  }
  GenesisSpec spec{*origin, *person, *name, *agency, args.Get("section").value_or(""), *valid_from, *hash};
  auto ledger = InitDataDir(context.dir(), spec, *admin_key, log_keys);
  GK_RETURN_IF_ERROR(ledger);
  auto head = (*ledger)->head();
  fmt::print("created ledger '{}' in {} (hash {})\nentry 0 (genesis) {}\nadministrator {} key {} ({})\n"
             "log key {} ({}, public {})\n",
             *origin, context.data_dir, HashAlgorithmName(*hash), ToHex(head.last_hash), *person,
             admin_key->public_key().id(), SignatureAlgorithmName(admin_key->public_key().algorithm()),
             log_keys.ed25519.public_key().id(), context.log_key_path(), context.log_public_key_path());
  if (log_keys.sm2) {
    fmt::print("SM2 log key {} ({}, public {})\n", log_keys.sm2->public_key().id(), context.dir().sm2_log_key(),
               context.dir().sm2_log_public_key());
  }
  return {};
}

// What `sign` and `append --key` share: one JSON action line -> signed action.
class LineSigner {
 public:
  static Result<LineSigner> Make(const Args& args, const Context& context) {
    if (!args.Has("origin")) {
      if (auto s = Store::RequireExisting(context.store_dir()); !s) {
        return Fail(s.error().code, "{} (or give --origin)", s.error().message);
      }
    }
    auto key_path = args.Require("key");
    GK_RETURN_IF_ERROR(key_path);
    auto key = PrivateKey::FromPemFile(*key_path);
    GK_RETURN_IF_ERROR(key);
    std::string origin = args.Get("origin").value_or("");
    if (origin.empty()) {
      auto stored = ReadOrigin(context.store_dir());
      if (!stored) {
        return Fail(stored.error().code, "{} (or give --origin)", stored.error().message);
      }
      origin = *stored;
    }
    return LineSigner(std::move(*key), std::move(origin));
  }
  Result<SignedAction> Sign(const std::string& json) const {
    auto bytes = CanonicalActionFromJson(json, {origin_, key_.public_key().id()});
    GK_RETURN_IF_ERROR(bytes);
    return SignAction(key_, std::move(*bytes));
  }

 private:
  LineSigner(PrivateKey key, std::string origin) : key_(std::move(key)), origin_(std::move(origin)) {}
  PrivateKey key_;
  std::string origin_;
};

Status RunSign(const Args& args, const Context& context) {
  auto signer = LineSigner::Make(args, context);
  GK_RETURN_IF_ERROR(signer);
  std::string input = args.positional().empty() ? "-" : args.positional()[0];
  uint64_t signed_count = 0;
  auto status = ForEachLine(input, [&](size_t, const std::string& line) -> Status {
    auto signed_action = signer->Sign(line);
    GK_RETURN_IF_ERROR(signed_action);
    fmt::print("{}\n", SignedActionToJson(*signed_action));
    ++signed_count;
    return {};
  });
  if (status && signed_count == 0) {
    return Fail(ErrorCode::kInvalidArgument, "{} holds no action: nothing was signed",
                input == "-" ? "the input" : input);
  }
  return status;
}

// gongkai --server URL append: each signed action posted to the server,
// each receipt printed once the server has made the entry durable. Signing
// stays here: a private key never crosses the network.
Status AppendRemotely(const Args& args, const Context& context) {
  std::optional<LineSigner> signer;
  if (args.Has("key")) {
    if (!args.Has("origin")) return Fail(ErrorCode::kInvalidArgument, "with --server, --key needs --origin");
    auto made = LineSigner::Make(args, context);
    GK_RETURN_IF_ERROR(made);
    signer = std::move(*made);
  }
  if (args.Has("checkpoint-every")) {
    return Fail(ErrorCode::kInvalidArgument, "with --server the server signs checkpoints (gongkai serve)");
  }
  auto remote = RemoteLedger::Connect(*context.server);
  GK_RETURN_IF_ERROR(remote);
  bool json = args.Has("json");
  std::string input = args.positional().empty() ? "-" : args.positional()[0];
  uint64_t answered = 0;
  auto status = ForEachLine(input, [&](size_t, const std::string& line) -> Status {
    auto signed_action = signer ? signer->Sign(line) : SignedActionFromJson(line);
    GK_RETURN_IF_ERROR(signed_action);
    auto receipt = (*remote)->Append(*signed_action);
    GK_RETURN_IF_ERROR(receipt);
    ++answered;
    PrintReceipt(*receipt, json);
    return {};
  });
  if (status && answered == 0) {
    return Fail(ErrorCode::kInvalidArgument, "{} holds no action: nothing was appended",
                input == "-" ? "the input" : input);
  }
  return status;
}

Status RunAppend(const Args& args, const Context& context) {
  if (context.server) return AppendRemotely(args, context);
  std::optional<LineSigner> signer;
  if (args.Has("key")) {
    auto made = LineSigner::Make(args, context);
    GK_RETURN_IF_ERROR(made);
    signer = std::move(*made);
  }
  GK_RETURN_IF_ERROR(Store::RequireExisting(context.store_dir()));
  auto every = args.GetUint("checkpoint-every", 0);
  GK_RETURN_IF_ERROR(every);
  LedgerOptions options;
  auto roots = LoadCertificateRoots(context.dir());
  GK_RETURN_IF_ERROR(roots);
  options.certificate_roots = std::move(*roots);
  std::optional<LogSigningKeys> log_keys;
  if (*every > 0) {
    auto keys = ReadLogSigningKeys(context.dir());
    GK_RETURN_IF_ERROR(keys);
    log_keys = std::move(*keys);
    log_keys->ApplyTo(options);
    options.checkpoint_interval = *every;
  }
  auto ledger = Ledger::Open(context.store_dir(), options);
  GK_RETURN_IF_ERROR(ledger);
  bool json = args.Has("json");
  std::string input = args.positional().empty() ? "-" : args.positional()[0];
  uint64_t appended = 0, duplicates = 0;
  auto status = ForEachLine(input, [&](size_t, const std::string& line) -> Status {
    auto signed_action = signer ? signer->Sign(line) : SignedActionFromJson(line);
    GK_RETURN_IF_ERROR(signed_action);
    auto receipt = (*ledger)->Append(*signed_action);
    GK_RETURN_IF_ERROR(receipt);
    (receipt->duplicate ? duplicates : appended)++;
    PrintReceipt(*receipt, json);
    return {};
  });
  spdlog::info("appended {} entries, {} duplicates", appended, duplicates);
  if (status && appended + duplicates == 0) {
    return Fail(ErrorCode::kInvalidArgument, "{} holds no action: nothing was appended",
                input == "-" ? "the input" : input);
  }
  return status;
}

// gongkai --server URL verify --log-key FILE.pub: the served checkpoint's
// signature, and its root rebuilt from the served tiles alone (C2SP
// tlog-tiles), as a witness or an auditor outside checks a log.
Status VerifyRemotely(const Args& args, const Context& context) {
  if (!args.Has("log-key")) return Fail(ErrorCode::kInvalidArgument, "with --server, verify needs --log-key FILE.pub");
  auto log_keys = ReadLogKeys(args.GetAll("log-key"));
  GK_RETURN_IF_ERROR(log_keys);
  auto remote = RemoteLedger::Connect(*context.server);
  GK_RETURN_IF_ERROR(remote);
  auto text = (*remote)->Get("/checkpoint");
  GK_RETURN_IF_ERROR(text);
  auto note = ParseSignedNote(*text);
  GK_RETURN_IF_ERROR(note);
  auto body = ParseCheckpointBody(note->body);
  GK_RETURN_IF_ERROR(body);
  auto checkpoint = OpenCheckpoint(*note, body->origin, *log_keys);
  if (!checkpoint) return Fail(checkpoint.error().code, "verification FAILED: {}", checkpoint.error().message);
  std::map<std::string, Bytes> fetched;  // each tile fetched once
  tiles::TileFetch fetch = [&](const tiles::TilePath& path) -> Result<Bytes> {
    std::string name = tiles::FormatTilePath(path);
    if (auto it = fetched.find(name); it != fetched.end()) return it->second;
    auto tile = (*remote)->Get("/" + name);
    GK_RETURN_IF_ERROR(tile);
    return fetched.emplace(name, Bytes(tile->begin(), tile->end())).first->second;
  };
  auto root = MerkleRoot(tiles::NodesFromTiles(checkpoint->hash, checkpoint->size, fetch), checkpoint->size);
  if (!root) return Fail(root.error().code, "verification FAILED: {}", root.error().message);
  if (*root != checkpoint->root) {
    return Fail(ErrorCode::kCorruption, "verification FAILED: the served tiles give another root than the checkpoint");
  }
  fmt::print("checkpoint of '{}' at {} entries: signed by the log key{}, its root rebuilt from {} tiles\n",
             checkpoint->origin, checkpoint->size, log_keys->sm2 ? " and the SM2 log key" : "", fetched.size());
  NoteUncheckedLogLines(*note, checkpoint->origin, *log_keys);
  if (auto file = args.Get("witness-policy")) {
    auto policy = WitnessPolicy::FromFile(*file);
    GK_RETURN_IF_ERROR(policy);
    std::vector<std::string> cosigners;
    for (const PolicyWitness& witness : policy->witnesses()) {
      auto time = VerifyCosignature(*note, witness.key.name, witness.key.key);
      if (time) cosigners.push_back(fmt::format("{} at {}", witness.name, FormatTime(static_cast<UnixMicros>(*time) * 1'000'000)));
    }
    if (!policy->Satisfied(*note)) {
      return Fail(ErrorCode::kCorruption, "verification FAILED: the cosignatures ({}) do not meet the policy's quorum",
                  cosigners.empty() ? "none" : fmt::format("{}", fmt::join(cosigners, ", ")));
    }
    fmt::print("cosigned by {}: the witness policy's quorum is met\n",
               cosigners.empty() ? "no witness (quorum none)" : fmt::format("{}", fmt::join(cosigners, ", ")));
  }
  return {};
}

Status RunVerify(const Args& args, const Context& context) {
  if (context.server) return VerifyRemotely(args, context);
  auto from = args.GetUint("from", 0);
  auto jobs = args.GetUint("jobs", 0);
  GK_RETURN_IF_ERROR(from);
  GK_RETURN_IF_ERROR(jobs);
  if (*jobs > 256) return Fail(ErrorCode::kInvalidArgument, "--jobs must be at most 256");
  auto store = Store::Open(context.store_dir(), Store::Mode::kReadOnly);
  GK_RETURN_IF_ERROR(store);
  VerifyOptions options;
  options.from = *from;
  options.jobs = static_cast<unsigned>(*jobs);
  options.chain_only = args.Has("chain-only");
  Progress progress("verify", args.Has("quiet"));
  options.progress = progress.Callback();
  auto report = VerifyLedger(**store, options);
  progress.Finish();
  if (!report) {
    return Fail(report.error().code, "verification FAILED at {}",
                report.error().ToString());
  }
  fmt::print("verified entries {}..{} ({} entries{}): chain intact\nhead {}\n", report->from,
             report->from + report->checked - 1, report->checked,
             options.chain_only ? ", chain only: signatures and keys not checked"
                                : ", every signature and key valid",
             ToHex(report->head.last_hash));
  if (report->simulated) fmt::print("{}\n", kSimulatedLedgerWarning);
  // The record of who read what through `gongkai serve`, when there is one.
  auto reads = server::ReadAccessLog(context.dir().access_log());
  if (!reads && reads.error().code == ErrorCode::kNotFound) return {};
  if (!reads) return Fail(reads.error().code, "verification FAILED: access log: {}", reads.error().ToString());
  fmt::print("access log: {} reads recorded, chain intact\naccess log head {}\n", reads->records,
             ToHex(reads->head));
  return {};
}

}  // namespace

std::vector<Command> LedgerCommands() {
  return {
      Command{"init", "--origin NAME --key ADMIN.pem --person ID --name NAME --agency AGENCY [--hash sha256|sm3] [--sm2-log-key]",
              "create a ledger: its genesis entry and log key",
              "Writes entry 0, signed by the first administrator (whose key is ADMIN.pem, Ed25519\n"
              "or SM2), naming the ledger's origin, its hash algorithm, the administrator and the\n"
              "ledger's log key (Ed25519). The log key is generated into DATA/log-key.pem.\n"
              "--sm2-log-key also generates an SM2 log key (DATA/log-sm2-key.pem), named in the\n"
              "genesis: every checkpoint then carries its signature line beside the Ed25519 one.\n"
              "--hash sm3 makes a ledger whose entry hashes, chain and Merkle tree use SM3, for\n"
              "good; the public witness network and C2SP tlog-tiles clients assume SHA-256, so\n"
              "such a ledger is witnessed by its own offices (docs/FORMAT.md §8).",
              {{"origin", true, "NAME the ledger's id, e.g. gongkai.tianning.gov.cn/2026"},
               {"key", true, "FILE the administrator's private key (from keygen)"},
               {"person", true, "ID the administrator's person id"},
               {"name", true, "NAME the administrator's name"},
               {"agency", true, "AGENCY the administrator's agency"},
               {"section", true, "SECTION the administrator's section"},
               {"valid-from", true, "TIME when the administrator's key becomes valid (default now)"},
               {"hash", true, "sha256 (default) or sm3: the ledger's hash algorithm, for good"},
               {"sm2-log-key", false, "checkpoints are signed by an SM2 log key too (docs/FORMAT.md §8)"}},
              RunInit},
      Command{"sign", "--key FILE [ACTIONS.jsonl|-]",
              "sign actions (JSON, one per line) with your own key",
              "Reads actions as JSON, one per line (see docs/FORMAT.md), fills in 'ledger' and\n"
              "'actorKeyId' when absent, and prints each signed action as one JSON line:\n"
              "{\"action\":\"<base64 canonical bytes>\",\"signature\":\"<base64>\"}.",
              {{"key", true, "FILE your private key"},
               {"origin", true, "NAME the ledger's origin (default: read from --data)"}},
              RunSign},
      Command{"append", "[--key FILE] [INPUT|-]",
              "append signed actions (or sign and append with --key)",
              "Without --key, INPUT holds signed actions (the output of 'gongkai sign'); with\n"
              "--key, INPUT holds actions as JSON which are signed with FILE first. One line per\n"
              "action. Stops at the first refused action, naming the line and reason; lines\n"
              "before it stay appended. An input with no action is an error.\n"
              "\n"
              "Each entry's receipt is printed, and flushed, once the entry is synced to disk:\n"
              "  SEQ            the entry's sequence number (entries are numbered from 0)\n"
              "  ENTRY-HASH     SHA-256 of the entry record, in hex (docs/FORMAT.md)\n"
              "  RECORDED-TIME  when the ledger recorded it (RFC 3339, UTC+08:00); the action's\n"
              "                 own business time is inside the signed action\n"
              "followed by ' (duplicate: already recorded)' when the same signed action was\n"
              "already in the ledger (its first receipt is repeated; nothing is written).\n"
              "When the disk is nearly full, appends are refused (no_space) before anything is\n"
              "written, until space is freed.",
              {{"key", true, "FILE sign each action with this private key first"},
               {"origin", true, "NAME the ledger's origin for signing (default: from --data)"},
               {"checkpoint-every", true, "N sign a checkpoint whenever the size passes a multiple of N"},
               {"json", false, "print one JSON object per receipt"}},
              RunAppend},
      Command{"verify", "[--from N] [--jobs N] [--chain-only] | --server URL --log-key FILE.pub [--witness-policy FILE]",
              "re-check every entry: chain, hashes, signatures, keys",
              "Recomputes every entry hash and chain link, checks recorded times never go back,\n"
              "checks every signature and that each key was registered, valid and unrevoked at\n"
              "that point. Reports the first bad entry by sequence number and reason and exits\n"
              "non-zero. Memory stays flat however long the ledger is.\n"
              "With --server: checks the served checkpoint's signature with --log-key and rebuilds\n"
              "its root from the served tiles alone (C2SP tlog-tiles); with --witness-policy,\n"
              "also that its cosignatures meet the policy's quorum (C2SP tlog-policy).",
              {{"from", true, "N start at entry N (entries before it are trusted)"},
               {"log-key", true, "FILE.pub with --server: the log's public key (again for its SM2 one)"},
               {"witness-policy", true, "FILE with --server: the C2SP tlog-policy the checkpoint must meet"},
               {"jobs", true, "N worker threads (default: one per core)"},
               {"chain-only", false, "check hashes and links only, not signatures and keys"},
               {"quiet", false, "no progress line"}},
              RunVerify},
  };
}

}  // namespace gongkai::cli
