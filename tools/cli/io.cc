#include "tools/cli/io.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "ledger/action.h"
#include "ledger/registry_store.h"
#include "ledger/store.h"

namespace gongkai::cli {

Result<std::string> ReadInput(const std::string& path) {
  if (path == "-") {
    std::ostringstream buffer;
    buffer << std::cin.rdbuf();
    return buffer.str();
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) return Fail(ErrorCode::kNotFound, "cannot open {}", path);
  std::ostringstream buffer;
  buffer << file.rdbuf();
  return buffer.str();
}

Status ForEachLine(const std::string& path,
                   const std::function<Status(size_t, const std::string&)>& line_fn) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) return Fail(ErrorCode::kNotFound, "cannot open {}", path);
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

Result<Action> ReadGenesis(const Store& store) {
  auto stored = ReadStoredAction(store, 0);
  if (!stored) return std::unexpected(stored.error());
  if (stored->action.kind() != PayloadKind::GENESIS) return Fail(ErrorCode::kCorruption, "entry 0 is not a genesis");
  return std::move(stored->action);
}

Result<std::string> ReadOrigin(const std::string& dir) {
  auto store = Store::Open(dir, Store::Mode::kReadOnly);
  if (!store) return std::unexpected(store.error());
  auto genesis = ReadGenesis(**store);
  if (!genesis) return std::unexpected(genesis.error());
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

}  // namespace gongkai::cli
