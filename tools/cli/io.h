// Helpers the commands share: reading input, opening the ledger, printing.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "ledger/action.h"
#include "ledger/admin_actions.h"
#include "ledger/base/error.h"
#include "ledger/json.h"
#include "ledger/ledger.h"
#include "ledger/signing.h"
#include "ledger/base/time.h"
#include "tools/cli/command.h"

namespace gongkai::cli {

// Reads a whole file, or standard input for "-".
Result<std::string> ReadInput(const std::string& path);
// Calls `line_fn(line_number, line)` for each non-blank line of a file or "-".
Status ForEachLine(const std::string& path, const std::function<Status(size_t, const std::string&)>& line_fn);

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
// ledger with the same bytes), or with `json` one object
// {"seq":N,"hash":"HEX","recorded":"TIME","duplicate":BOOL}.
void PrintReceipt(const AppendReceipt& receipt, bool json);

// The usual way to refer to a person: "张三 (zhangsan, 天宁区政府办/信息公开科)".
std::string DescribePerson(const KeyRegistry& registry, std::string_view key_id);

}  // namespace gongkai::cli
