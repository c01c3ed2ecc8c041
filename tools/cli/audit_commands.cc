// gongkai checkpoint, prove, check-proof, witness: what auditors, the
// archive and witnesses use to hold the ledger to its history.
#include <fmt/core.h>


#include <algorithm>

#include "ledger/action.h"
#include "ledger/checkpoint_store.h"
#include "ledger/registry_store.h"
#include "ledger/note.h"
#include "ledger/entry.h"
#include "ledger/export_format.h"
#include "ledger/export_writer.h"
#include "ledger/json.h"
#include "ledger/ledger.h"
#include "ledger/merkle_store.h"
#include "ledger/witness.h"
#include "tools/cli/command.h"
#include "tools/cli/io.h"
#include "tools/cli/projection_io.h"
#include "tools/cli/progress.h"
#include "tools/cli/serve.h"

namespace gongkai::cli {
namespace {

Result<SignedNote> ReadNote(const std::string& path) {
  auto text = ReadInput(path);
  GK_RETURN_IF_ERROR(text);
  auto note = ParseSignedNote(*text);
  if (!note) return Fail(note.error().code, "{}: {}", path, note.error().message);
  return note;
}

// The --witness NAME=FILE.pub options: the witnesses whose cosignatures count.
Result<std::vector<WitnessKey>> WitnessOptions(const Args& args) {
  std::vector<WitnessKey> witnesses;
  for (const std::string& spec : args.GetAll("witness")) {
    auto witness = ParseWitnessKeySpec(spec);
    if (!witness) return Fail(witness.error().code, "--witness: {}", witness.error().message);
    witnesses.push_back(std::move(*witness));
  }
  return witnesses;
}

Status RunCheckpoint(const Args& args, const Context& context) {
  if (args.Has("add")) {
    auto cosigned = ReadNote(*args.Get("add"));
    GK_RETURN_IF_ERROR(cosigned);
    auto store = Store::Open(context.store_dir(), Store::Mode::kOpen);
    GK_RETURN_IF_ERROR(store);
    GK_RETURN_IF_ERROR(MergeCosignatures(**store, *cosigned));
    fmt::print("cosignatures stored\n");
    return {};
  }
  if (args.Has("list") || args.Has("show") || args.Has("published")) {
    auto store = Store::Open(context.store_dir(), Store::Mode::kReadOnly);
    GK_RETURN_IF_ERROR(store);
    auto sizes = CheckpointSizes(**store);
    GK_RETURN_IF_ERROR(sizes);
    auto witnesses = WitnessOptions(args);
    GK_RETURN_IF_ERROR(witnesses);
    if (args.Has("show")) {
      auto size = ParseUint(*args.Get("show"), "--show");
      GK_RETURN_IF_ERROR(size);
      auto note = LoadCheckpoint(**store, *size);
      GK_RETURN_IF_ERROR(note);
      if (!*note) return Fail(ErrorCode::kNotFound, "no checkpoint of size {}", *size);
      fmt::print("{}", (*note)->ToString());
      return {};
    }
    if (args.Has("published")) {
      auto quorum = args.GetUint("quorum", 1);
      GK_RETURN_IF_ERROR(quorum);
      if (witnesses->size() < *quorum) {
        return Fail(ErrorCode::kInvalidArgument, "--quorum {} needs at least that many --witness", *quorum);
      }
      auto published = LatestCheckpointWithQuorum(**store, *witnesses, *quorum);
      GK_RETURN_IF_ERROR(published);
      if (*published) {
        fmt::print("{}", (*published)->ToString());
        return {};
      }
      return Fail(ErrorCode::kNotFound, "no checkpoint has {} valid cosignatures from the given witnesses", *quorum);
    }
    for (uint64_t size : *sizes) {
      auto note = LoadCheckpoint(**store, size);
      GK_RETURN_IF_ERROR(note);
      fmt::print("{:>12}  {} signature lines{}\n", size, (*note)->signatures.size(),
                 witnesses->empty() ? ""
                                    : fmt::format(", {} valid cosignatures", CountCosignatures(**note, *witnesses)));
    }
    return {};
  }
  GK_RETURN_IF_ERROR(Store::RequireExisting(context.store_dir()));
  auto log_keys = ReadLogSigningKeys(context.dir());
  GK_RETURN_IF_ERROR(log_keys);
  LedgerOptions options;
  log_keys->ApplyTo(options);
  auto ledger = Ledger::Open(context.store_dir(), options);
  GK_RETURN_IF_ERROR(ledger);
  auto note = (*ledger)->MakeCheckpoint();
  GK_RETURN_IF_ERROR(note);
  fmt::print("{}", note->ToString());
  return {};
}

Status QueryProve(const Args& args, QueryEnv& env) {
  const auto& words = args.positional();
  bool inclusion = !words.empty() && words[0] == "inclusion" && words.size() == 2;
  bool consistency = !words.empty() && words[0] == "consistency" && words.size() == 3;
  if (!inclusion && !consistency) {
    return Fail(ErrorCode::kInvalidArgument, "usage: gongkai prove inclusion SEQ [--size N] | prove consistency OLD NEW");
  }
  auto opened = env.Session();
  GK_RETURN_IF_ERROR(opened);
  query::QuerySession& session = **opened;
  const Store& store = session.ledger();
  auto genesis = ReadGenesis(store);
  GK_RETURN_IF_ERROR(genesis);
  const std::string origin(genesis->ledger());
  auto head = session.Point(std::nullopt);
  GK_RETURN_IF_ERROR(head);
  uint64_t head_size = head->end;
  auto hash = StoredHashAlgorithm(store);
  GK_RETURN_IF_ERROR(hash);
  NodeSource nodes = StoredMerkleNodes(store, *hash);

  if (consistency) {
    auto old_size = ParseUint(words[1], "OLD");
    auto new_size = ParseUint(words[2], "NEW");
    GK_RETURN_IF_ERROR(old_size);
    GK_RETURN_IF_ERROR(new_size);
    if (*new_size > head_size) return Fail(ErrorCode::kInvalidArgument, "the ledger has only {} entries", head_size);
    auto path = StoredConsistencyProof(store, *hash, *old_size, *new_size);
    GK_RETURN_IF_ERROR(path);
    env.out.print("{}\n", ConsistencyProofToJson({origin, *old_size, *new_size, std::move(*path)}));
    return {};
  }
  auto seq = ParseUint(words[1], "SEQ");
  GK_RETURN_IF_ERROR(seq);
  uint64_t size = 0;
  if (auto given = args.Get("size")) {
    auto parsed = ParseUint(*given, "--size");
    GK_RETURN_IF_ERROR(parsed);
    size = *parsed;
  } else {
    // Prove against the latest signed checkpoint that covers the entry.
    auto sizes = CheckpointSizes(store);
    GK_RETURN_IF_ERROR(sizes);
    if (sizes->empty() || sizes->back() <= *seq) {
      return Fail(ErrorCode::kNotFound, "no checkpoint covers entry {}: run 'gongkai checkpoint' or give --size", *seq);
    }
    size = sizes->back();
  }
  if (size > head_size) return Fail(ErrorCode::kInvalidArgument, "the ledger has only {} entries", head_size);
  auto leaf = nodes(0, *seq);
  if (*seq >= size || !leaf) return Fail(ErrorCode::kInvalidArgument, "entry {} is not in a tree of {} entries", *seq, size);
  auto path = StoredInclusionProof(store, *hash, *seq, size);
  GK_RETURN_IF_ERROR(path);
  env.out.print("{}\n", InclusionProofToJson({origin, *seq, size, *leaf, std::move(*path)}));
  return {};
}

Result<Checkpoint> OpenCheckpointFile(const std::string& path, const LogKeys& log_keys) {
  auto note = ReadNote(path);
  GK_RETURN_IF_ERROR(note);
  auto body = ParseCheckpointBody(note->body);
  if (!body) return Fail(body.error().code, "{}: {}", path, body.error().message);
  auto checkpoint = OpenCheckpoint(*note, body->origin, log_keys);
  if (!checkpoint) return Fail(checkpoint.error().code, "{}: {}", path, checkpoint.error().message);
  NoteUncheckedLogLines(*note, body->origin, log_keys, path);
  return checkpoint;
}

Status RunCheckProof(const Args& args, const Context&) {
  GK_RETURN_IF_ERROR(args.RequireAll({"proof", "checkpoint", "log-key"}));
  const auto proof_path = args.Get("proof");
  const auto checkpoint_path = args.Get("checkpoint");
  auto log_keys = ReadLogKeys(args.GetAll("log-key"));
  GK_RETURN_IF_ERROR(log_keys);
  auto checkpoint = OpenCheckpointFile(*checkpoint_path, *log_keys);
  GK_RETURN_IF_ERROR(checkpoint);
  auto text = ReadInput(*proof_path);
  GK_RETURN_IF_ERROR(text);

  if (auto inclusion = InclusionProofFromJson(*text)) {
    if (inclusion->origin != checkpoint->origin) {
      return Fail(ErrorCode::kWrongLedger, "the proof is for '{}', the checkpoint for '{}'", inclusion->origin,
                  checkpoint->origin);
    }
    if (inclusion->size != checkpoint->size) {
      return Fail(ErrorCode::kInvalidArgument, "the proof is for a tree of {} entries, the checkpoint has {}",
                  inclusion->size, checkpoint->size);
    }
    if (auto entry_path = args.Get("entry")) {
      auto record = ReadInput(*entry_path);
      GK_RETURN_IF_ERROR(record);
      if (MerkleLeafHash(checkpoint->hash, AsBytes(*record)) != inclusion->leaf_hash) {
        return Fail(ErrorCode::kCorruption, "{} is not the entry the proof is about (its leaf hash differs)", *entry_path);
      }
    }
    if (auto s = VerifyMerkleInclusion(checkpoint->hash, inclusion->leaf_hash, inclusion->index, inclusion->size, inclusion->proof,
                                       checkpoint->root);
        !s) {
      return s;
    }
    fmt::print("ok: entry {}{} is in '{}' as signed at size {}\n", inclusion->index,
               args.Has("entry") ? " (the record given)" : "", checkpoint->origin, checkpoint->size);
    return {};
  }
  auto consistency = ConsistencyProofFromJson(*text);
  if (!consistency) {
    return Fail(ErrorCode::kMalformed, "{} is neither an inclusion nor a consistency proof: {}", *proof_path,
                consistency.error().message);
  }
  auto old_path = args.Require("old-checkpoint");
  if (!old_path) return Fail(ErrorCode::kInvalidArgument, "a consistency proof needs --old-checkpoint");
  auto old_checkpoint = OpenCheckpointFile(*old_path, *log_keys);
  GK_RETURN_IF_ERROR(old_checkpoint);
  if (old_checkpoint->origin != checkpoint->origin || consistency->origin != checkpoint->origin) {
    return Fail(ErrorCode::kWrongLedger, "the proof and the checkpoints are not all for '{}'", checkpoint->origin);
  }
  if (consistency->old_size != old_checkpoint->size || consistency->new_size != checkpoint->size) {
    return Fail(ErrorCode::kInvalidArgument, "the proof is from {} to {}, the checkpoints are {} and {}",
                consistency->old_size, consistency->new_size, old_checkpoint->size, checkpoint->size);
  }
  if (old_checkpoint->hash != checkpoint->hash) {
    return Fail(ErrorCode::kCorruption, "the checkpoints name different hash algorithms ({} and {})",
                HashAlgorithmName(old_checkpoint->hash), HashAlgorithmName(checkpoint->hash));
  }
  if (auto s = VerifyMerkleConsistency(checkpoint->hash, old_checkpoint->size, checkpoint->size, consistency->proof,
                                       old_checkpoint->root, checkpoint->root);
      !s) {
    return s;
  }
  fmt::print("ok: '{}' at size {} extends its checkpoint of size {} (history unchanged)\n", checkpoint->origin,
             checkpoint->size, old_checkpoint->size);
  return {};
}

// The witness's state (ledger/witness.h) holds the last checkpoint it
// cosigned; a new one is cosigned only if it provably extends that one.
Status RunWitness(const Args& args, const Context& context) {
  if (!args.positional().empty()) {
    if (args.positional().size() == 1 && args.positional()[0] == "serve") return RunWitnessServe(args, context);
    return Fail(ErrorCode::kInvalidArgument, "usage: gongkai witness [serve] ... (see gongkai witness --help)");
  }
  auto required = args.RequireAll({"state", "key", "name", "log-key", "checkpoint"});
  GK_RETURN_IF_ERROR(required);
  auto key = PrivateKey::FromPemFile(*args.Get("key"), SignatureAlgorithm::kEd25519);
  GK_RETURN_IF_ERROR(key);
  auto log_key = PublicKey::FromPemFile(*args.Get("log-key"), SignatureAlgorithm::kEd25519);
  GK_RETURN_IF_ERROR(log_key);
  auto note = ReadNote(*args.Get("checkpoint"));
  GK_RETURN_IF_ERROR(note);
  std::optional<ConsistencyProof> proof;
  if (auto proof_path = args.Get("proof")) {
    auto text = ReadInput(*proof_path);
    GK_RETURN_IF_ERROR(text);
    auto parsed = ConsistencyProofFromJson(*text);
    GK_RETURN_IF_ERROR(parsed);
    proof = std::move(*parsed);
  }
  auto time = TimeOption(args.Get("time"));
  GK_RETURN_IF_ERROR(time);
  auto state = WitnessState::Open(*args.Get("state"));
  GK_RETURN_IF_ERROR(state);
  auto cosigned = state->Cosign(*note, *log_key, proof, *args.Get("name"), *key,
                                static_cast<uint64_t>(*time / 1'000'000));
  GK_RETURN_IF_ERROR(cosigned);
  fmt::print("{}", cosigned->ToString());
  return {};
}

Status RunExport(const Args& args, const Context& context) {
  auto out = args.Require("out");
  GK_RETURN_IF_ERROR(out);
  auto store = Store::Open(context.store_dir(), Store::Mode::kReadOnly);
  GK_RETURN_IF_ERROR(store);
  auto head = ReadHead(**store);
  GK_RETURN_IF_ERROR(head);
  if (head->size == 0) return Fail(ErrorCode::kNotFound, "the ledger has no entry to export");
  auto to = args.GetUint("to", head->size - 1);
  GK_RETURN_IF_ERROR(to);
  auto from = args.GetUint("from", 0);
  GK_RETURN_IF_ERROR(from);
  Progress progress("export", args.Has("quiet"));
  auto manifest = WriteExport(**store, *out, *from, *to, progress.Callback());
  progress.Finish();
  GK_RETURN_IF_ERROR(manifest);
  fmt::print("exported entries {}..{} and {} checkpoints to {}\n", manifest->from, manifest->to,
             manifest->checkpoint_files.size(), *out);
  return {};
}

const OptionSpec kWitnessOption{"witness", true, "NAME=FILE.pub a witness whose cosignatures count (repeatable)"};

}  // namespace

std::vector<Command> AuditCommands() {
  return {
      Command{"checkpoint", "[--list|--show SIZE|--add FILE|--published --witness NAME=PUB --quorum N]",
              "sign a checkpoint of the head, or list, show and cosign checkpoints",
              "Without options: signs '<origin>\\n<size>\\n<base64 Merkle root>\\n' with the log key\n"
              "(DATA/log-key.pem) as a C2SP signed note, stores it and prints it. --add stores the\n"
              "cosignatures of a note a witness returned. --published prints the latest checkpoint\n"
              "with at least --quorum valid cosignatures from the given witnesses.",
              {{"list", false, "list the stored checkpoints"},
               {"show", true, "SIZE print the checkpoint of this size"},
               {"add", true, "FILE store the cosignatures in this cosigned checkpoint"},
               {"published", false, "the latest checkpoint with --quorum cosignatures"},
               kWitnessOption,
               {"quorum", true, "N cosignatures a checkpoint needs to count as published (default 1)"}},
              RunCheckpoint},
      Command{"prove", "inclusion SEQ [--size N] | consistency OLD NEW",
              "print a Merkle inclusion or consistency proof (JSON)",
              "An inclusion proof shows that entry SEQ is leaf SEQ of the tree of the first N\n"
              "entries (default: the latest checkpoint); a consistency proof, that the tree of NEW\n"
              "entries extends the tree of OLD entries. Check them with 'gongkai check-proof'.",
              {{"size", true, "N the tree size to prove against (default: the latest checkpoint)"}},
              nullptr, QueryProve,
              PublicScope},
      Command{"check-proof", "--proof FILE --checkpoint FILE --log-key FILE.pub [--entry FILE] [--old-checkpoint FILE]",
              "verify a proof against signed checkpoints, needing nothing from the ledger",
              "Verifies the checkpoint's signature with the log's public key, then the proof\n"
              "against its root. With --entry (the record, as 'gongkai show N --raw' writes it),\n"
              "also that the proof is about that record.",
              {{"proof", true, "FILE the proof (from 'gongkai prove')"},
               {"checkpoint", true, "FILE the signed checkpoint the proof leads to"},
               {"old-checkpoint", true, "FILE for a consistency proof: the older checkpoint"},
               {"log-key", true, "FILE the log's public key (DATA/log-key.pub; again for DATA/log-sm2-key.pub)"},
               {"entry", true, "FILE the entry record the inclusion proof is about"}},
              RunCheckProof},
      Command{"export", "--out DIR [--from SEQ] [--to SEQ]",
              "write entries, checkpoints and a manifest for the offline verifier",
              "Writes DIR/entries.bin (every entry record with its hash), DIR/checkpoints/*.note\n"
              "(the signed checkpoints with their cosignatures) and DIR/manifest.json, as\n"
              "docs/FORMAT.md describes. Check it anywhere with 'gongkai-verify DIR'.",
              {{"out", true, "DIR where to write the export (new or empty)"},
               {"from", true, "SEQ first entry to export (default 0); the registry events before it go along"},
               {"to", true, "SEQ last entry to export (default the head)"},
               {"quiet", false, "no progress line"}},
              RunExport},
      Command{"witness", "[serve] --state DIR --key FILE --name NAME --log-key FILE.pub (--checkpoint FILE [--proof FILE] | --origin O [--listen HOST:PORT])",
              "cosign a checkpoint if it is consistent with the last one this witness cosigned",
              "Run by an independent office. Keeps the last checkpoint it cosigned in\n"
              "DIR/checkpoint; refuses a checkpoint that rolls history back, forks it (another\n"
              "root for the same size) or is not proven (--proof, from 'gongkai prove consistency')\n"
              "to extend it. Prints the checkpoint with its cosignature (C2SP cosignature/v1).\n"
              "'witness serve' answers the C2SP tlog-witness protocol over HTTP instead\n"
              "(POST /add-checkpoint) for the log --origin signed with --log-key, until SIGTERM.",
              WithServingOptions(kWitnessListen, {{"state", true, "DIR the witness's own state directory"},
               {"key", true, "FILE the witness's private key"},
               {"name", true, "NAME the witness's key name, e.g. archive.changzhou.gov.cn/witness"},
               {"log-key", true, "FILE the log's public key"},
               {"checkpoint", true, "FILE the new checkpoint"},
               {"proof", true, "FILE consistency proof from the accepted checkpoint to the new one"},
               {"time", true, "TIME cosignature time (default now)"},
               {"origin", true, "O serve: the origin of the log this witness follows"}}),
              RunWitness},
  };
}

}  // namespace gongkai::cli
