#include "tools/cli/io.h"

#include <fmt/core.h>

#include <capnp/message.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "ledger/action.h"
#include "ledger/base/file.h"
#include "ledger/registry_store.h"
#include "ledger/store.h"
#include "tools/cli/remote.h"

namespace gongkai::cli {

void NoteUncheckedLogLines(const SignedNote& note, std::string_view origin, const LogKeys& keys,
                           std::string_view where) {
  const size_t unchecked = UncheckedLogLines(note, origin, keys);
  if (unchecked == 0) return;
  fmt::print("note: {}{}{} more signature line{} under '{}' not checked (an SM2 log line? give its key with a "
             "second --log-key)\n",
             where, where.empty() ? "" : ": ", unchecked, unchecked == 1 ? "" : "s", origin);
}

Result<std::string> ReadInput(const std::string& path) {
  if (path == "-") {
    std::ostringstream buffer;
    buffer << std::cin.rdbuf();
    return buffer.str();
  }
  return ReadWholeFile(path);
}

Status ForEachLine(const std::string& path,
                   const std::function<Status(size_t, const std::string&)>& line_fn) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) return std::unexpected(OpenFailure(path));
    in = &file;
  }
  std::string line;
  for (size_t number = 1; std::getline(*in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (auto s = line_fn(number, line); !s) {
      return Fail(s.error().code, "{} line {}: {}", path == "-" ? "input" : path, number,
                  s.error().ToString());
    }
  }
  return {};
}

Result<UnixMicros> TimeOption(const std::optional<std::string>& text) {
  if (!text || *text == "now") return SystemClock().Now();
  return ParseTime(*text);
}

Result<std::string> ReadOrigin(const std::string& dir) {
  auto store = Store::Open(dir, Store::Mode::kReadOnly);
  GK_RETURN_IF_ERROR(store);
  auto genesis = ReadGenesis(**store);
  GK_RETURN_IF_ERROR(genesis);
  return std::string(genesis->ledger());
}

std::string DescribePerson(const KeyRegistry& registry, std::string_view key_id) {
  const KeyRecord* key = registry.FindKey(key_id);
  if (!key) return fmt::format("unregistered key {}", key_id);
  const PersonRecord* person = registry.FindPerson(key->person_id);
  if (!person) return key->person_id;
  std::string where = person->section.empty() ? person->agency : person->agency + "/" + person->section;
  return fmt::format("{} ({}, {})", person->name, person->id, where);
}

Status AppendSignedAction(const Args& args, const Context& context, const ActionDraft& draft) {
  auto key_path = args.Require("key");
  GK_RETURN_IF_ERROR(key_path);
  auto signer = PrivateKey::FromPemFile(*key_path);
  GK_RETURN_IF_ERROR(signer);
  auto business_time = TimeOption(args.Get("at"));
  GK_RETURN_IF_ERROR(business_time);
  if (context.server) {
    // Signed here, appended there: the ledger's origin is the first line of
    // the checkpoint the server publishes.
    auto remote = RemoteLedger::Connect(*context.server);
    GK_RETURN_IF_ERROR(remote);
    auto checkpoint = (*remote)->Get("/checkpoint");
    if (!checkpoint) {
      return Fail(checkpoint.error().code, "the server's origin is unknown until it publishes a checkpoint: {}",
                  checkpoint.error().message);
    }
    auto signed_action = SignDraft(draft, checkpoint->substr(0, checkpoint->find('\n')), *business_time, *signer,
                                   args.Get("event-id").value_or(""));
    GK_RETURN_IF_ERROR(signed_action);
    auto receipt = (*remote)->Append(*signed_action);
    GK_RETURN_IF_ERROR(receipt);
    PrintReceipt(*receipt, /*json=*/false);
    return {};
  }
  LedgerOptions options;
  auto roots = LoadCertificateRoots(context.dir());
  GK_RETURN_IF_ERROR(roots);
  options.certificate_roots = std::move(*roots);
  auto ledger = Ledger::Open(context.store_dir(), options);
  GK_RETURN_IF_ERROR(ledger);
  auto signed_action =
      SignDraft(draft, (*ledger)->origin(), *business_time, *signer, args.Get("event-id").value_or(""));
  GK_RETURN_IF_ERROR(signed_action);
  auto receipt = (*ledger)->Append(*signed_action);
  GK_RETURN_IF_ERROR(receipt);
  PrintReceipt(*receipt, /*json=*/false);
  return {};
}

void PrintReceipt(const AppendReceipt& receipt, bool json) {
  if (json) {
    StdoutOutput out;
    PrintJson<schema::Receipt>(out, receipt);
  } else {
    fmt::print("{} {} {}{}\n", receipt.seq, ToHex(receipt.entry_hash), FormatTime(receipt.recorded_time),
               receipt.duplicate ? " (duplicate: already recorded)" : "");
  }
  // A client reading the pipe sees each receipt as soon as its entry is
  // durable, and a kill never leaves half a receipt in a buffer.
  std::fflush(stdout);
}

}  // namespace gongkai::cli
