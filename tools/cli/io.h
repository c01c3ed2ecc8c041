// Helpers the commands share: reading input, opening the ledger, printing.
#pragma once

#include <fmt/core.h>

#include <capnp/message.h>

#include <functional>
#include <memory>
#include <string>

#include "ledger/action.h"
#include "ledger/admin_actions.h"
#include "ledger/base/error.h"
#include "ledger/checkpoint.h"
#include "ledger/json.h"
#include "ledger/json_codec.h"
#include "ledger/ledger.h"
#include "ledger/signing.h"
#include "ledger/base/time.h"
#include "tools/cli/command.h"
#include "tools/query/entries.h"
#include "tools/query/reference.h"
#include "tools/query/results.h"
#include "tools/query/state.h"

namespace gongkai::cli {

// Reads a whole file, or standard input for "-".
Result<std::string> ReadInput(const std::string& path);
// Calls `line_fn(line_number, line)` for each non-blank line of a file or "-".
Status ForEachLine(const std::string& path, const std::function<Status(size_t, const std::string&)>& line_fn);

// Prints "note: [WHERE: ]N more signature line(s) under 'ORIGIN' not
// checked …" when `note` carries log lines by none of `keys` (an SM2 log
// line checked with the Ed25519 key alone); nothing otherwise.
void NoteUncheckedLogLines(const SignedNote& note, std::string_view origin, const LogKeys& keys,
                           std::string_view where = "");

// A time option: RFC 3339 or a date; "now" (or absent) is the wall clock.
Result<UnixMicros> TimeOption(const std::optional<std::string>& text);

// The origin of the ledger in `dir`, read without taking the write lock.
Result<std::string> ReadOrigin(const std::string& dir);

// Signs `draft` (ledger/admin_actions.h) with the key in --key and appends
// it to the ledger in the data directory; the business time is --at
// (default now) and --event-id overrides the draft's. Prints the receipt.
// The commands that use it declare those options.
Status AppendSignedAction(const Args& args, const Context& context, const ActionDraft& draft);

// Prints one receipt line and flushes it: "SEQ ENTRY-HASH RECORDED-TIME"
// (with " (duplicate: already recorded)" for an event id already in the
// ledger with the same bytes), or with `json` the JSON of schema::Receipt.
void PrintReceipt(const AppendReceipt& receipt, bool json);

// Prints `value` as one line of JSON: the schema struct `Struct`
// (tools/query/results.capnp) that query::ToSchema fills from it, through
// the one JSON codec.
template <typename Struct, typename Value>
void PrintJson(Output& out, const Value& value) {
  capnp::MallocMessageBuilder message;
  auto root = message.initRoot<Struct>();
  query::ToSchema(value, root);
  out.print("{}\n", EncodeJson(root.asReader()));
}

// The usual way to refer to a person: "张三 (zhangsan, 天宁区政府办/信息公开科)".
std::string DescribePerson(const KeyRegistry& registry, std::string_view key_id);

// Prints a result as one line of JSON, or as `text` prints it.
template <typename Reader, typename PrintText>
void PrintAnswer(Output& out, Reader answer, bool json, PrintText text) {
  if (json) {
    out.print("{}\n", EncodeJson(answer));
  } else {
    text(answer);
  }
}

}  // namespace gongkai::cli
