// Running the query commands (Command::query) on the command line, against
// a server (--server URL), and serving them (gongkai serve): one command
// table behind all three, so a remote answer is byte for byte the local one.
#pragma once

#include <string_view>
#include <vector>

#include "ledger/base/error.h"
#include "tools/cli/command.h"
#include "tools/server/read_desk.h"

namespace gongkai::cli {

// On the data directory: a session of its own, the answer to stdout.
Status RunQueryLocally(const Command& command, const Args& args, const Context& context);

// Against context.server: GET PREFIX/query/NAME with the arguments as
// parameters (QueryParamsOf), signed with --identity; the answer's body to
// stdout. Errors: kInvalidArgument for an option the server refuses
// (Command::local_options) or no --identity.
Status RunQueryRemotely(const Command& command, const Args& args, const Context& context);

// The arguments as a server takes them: ("arg", value) per positional,
// (name, value) per option value, (name, "") per flag, in the order of the
// command's options.
server::QueryParams QueryParamsOf(const Command& command, const Args& args);

// gongkai serve's query backend: the query commands of `commands`.
class CommandQueries final : public server::QueryBackend {
 public:
  explicit CommandQueries(std::vector<Command> commands);
  server::QueryAnswer Answer(std::string_view command, const server::QueryParams& params,
                             query::QuerySession& session, const PersonRecord& reader, UnixMicros now) override;

  // The largest answer a server sends; narrow the question beyond it.
  static constexpr size_t kMaxAnswerBytes = 64 << 20;

 private:
  std::vector<Command> commands_;
};

}  // namespace gongkai::cli
