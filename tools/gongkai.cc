// gongkai: the command line of the disclosure ledger.
//
// Every failure prints one line "gongkai: error: ..." on stderr and exits 1
// (2 for a usage error); nothing aborts or prints a stack trace.
#include <fmt/core.h>
#include <fmt/ranges.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <kj/exception.h>

#include <algorithm>

#include "ledger/base/text_check.h"
#include "tools/cli/command.h"
#include "tools/cli/query_commands.h"

namespace gongkai::cli {
namespace {

const std::vector<OptionSpec> kGlobalOptions = {
    {"data", true, "DIR the ledger's directory (default ./gongkai-data)"},
    {"log-level", true, "LEVEL trace, debug, info, warn (default), error or off"},
    {"server", true, "URL run against 'gongkai serve' at URL (the queries, append, verify; docs/SERVER.md)"},
    {"identity", true, "FILE with --server: your private key, which signs each query"},
};

void PrintMainHelp(const std::vector<Command>& commands) {
  fmt::print("gongkai — signed, hash-chained ledger of government information disclosure\n\n"
             "usage: gongkai [--data DIR] [--log-level LEVEL] COMMAND [ARGS]\n"
             "       (the global options may also follow the command name)\n\ncommands:\n");
  for (const auto& c : commands) fmt::print("  {:<15} {}\n", c.name, c.summary);
  fmt::print("\nglobal options:\n{}\n'gongkai COMMAND --help' describes one command.\n",
             FormatOptions(kGlobalOptions));
}

void PrintCommandHelp(const Command& c) {
  fmt::print("usage: gongkai [--data DIR] {} {}\n\n{}\n", c.name, c.usage, c.summary);
  if (!c.details.empty()) fmt::print("\n{}\n", c.details);
  fmt::print("\noptions:\n{}", FormatOptions(c.options));
  fmt::print("\nglobal options (before or after the command name):\n{}", FormatOptions(kGlobalOptions));
}

int Fatal(const Error& error, int code = 1) {
  // Messages may quote input: no terminal escape or broken UTF-8 gets through.
  fmt::print(stderr, "gongkai: error: {}\n", EscapeControls(error.ToString()));
  return code;
}

int Main(int argc, char** argv) {
  auto logger = spdlog::stderr_color_mt("gongkai");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("gongkai: %l: %v");
  spdlog::set_level(spdlog::level::warn);

  std::vector<std::string> words(argv + 1, argv + argc);
  Context context;
  // Global options may stand before the command name or among its own
  // options, as users type them: "gongkai --data D log" = "gongkai log --data D".
  auto apply_global = [&](const std::string& name, const std::string& value) -> Status {
    if (value.empty()) return Fail(ErrorCode::kInvalidArgument, "option --{} needs a value", name);
    if (name == "data") {
      context.data_dir = value;
      return {};
    }
    if (name == "server") {
      context.server = value;
      return {};
    }
    if (name == "identity") {
      context.identity = value;
      return {};
    }
    auto level = spdlog::level::from_str(value);
    if (level == spdlog::level::off && value != "off") {
      return Fail(ErrorCode::kInvalidArgument, "unknown log level '{}' (trace, debug, info, warn, error or off)", value);
    }
    spdlog::set_level(level);
    return {};
  };
  size_t i = 0;
  for (; i < words.size() && words[i].starts_with("--"); ++i) {
    std::string word = words[i];
    if (word == "--help") {
      PrintMainHelp(AllCommands());
      return 0;
    }
    std::string name = word.substr(2), value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
    } else if (i + 1 < words.size()) {
      value = words[++i];
    }
    if (std::ranges::none_of(kGlobalOptions, [&](const OptionSpec& global) { return global.name == name; })) {
      return Fatal(Error{ErrorCode::kInvalidArgument,
                         fmt::format("unknown global option {} (see --help)", word), {}}, 2);
    }
    if (auto s = apply_global(name, value); !s) return Fatal(s.error(), 2);
  }
  auto commands = AllCommands();
  if (i == words.size()) {
    PrintMainHelp(commands);
    return 2;
  }
  auto command = std::find_if(commands.begin(), commands.end(),
                              [&](const Command& c) { return c.name == words[i]; });
  if (command == commands.end()) {
    return Fatal(Error{ErrorCode::kInvalidArgument,
                       fmt::format("unknown command '{}' (see gongkai --help)", words[i]), {}}, 2);
  }
  std::vector<OptionSpec> specs = command->options;
  specs.insert(specs.end(), kGlobalOptions.begin(), kGlobalOptions.end());
  auto args = Args::Parse({words.begin() + i + 1, words.end()}, specs);
  if (!args) return Fatal(args.error(), 2);
  if (args->help()) {
    PrintCommandHelp(*command);
    return 0;
  }
  for (const OptionSpec& global : kGlobalOptions) {
    if (auto value = args->Get(global.name)) {
      if (auto s = apply_global(global.name, *value); !s) return Fatal(s.error(), 2);
    }
  }
  if (context.server && !command->query &&
      std::ranges::find(kRemoteCommands, command->name) == kRemoteCommands.end()) {
    return Fatal(Error{ErrorCode::kInvalidArgument,
                       fmt::format("'{}' does not run against a server; with --server: the queries, {} "
                                   "(docs/SERVER.md)",
                                   command->name, fmt::join(kRemoteCommands, ", ")),
                       {}},
                 2);
  }
  Status status;
  // Library exceptions are converted where they arise; this is the last
  // guard so that a missed one still ends in one line, not an abort.
  try {
    if (command->query) {
      status = context.server ? RunQueryRemotely(*command, *args, context)
                              : RunQueryLocally(*command, *args, context);
    } else {
      status = command->run(*args, context);
    }
  } catch (const kj::Exception& e) {
    spdlog::debug("unexpected failure: {}", e.getDescription().cStr());
    status = Fail(ErrorCode::kInternal, "unexpected failure inside Cap'n Proto (a bug: run with --log-level debug "
                  "for its details and report it)");
  } catch (const std::exception& e) {
    status = Fail(ErrorCode::kInternal, "unexpected failure: {}", e.what());
  }
  if (!status) return Fatal(status.error(), status.error().code == ErrorCode::kInvalidArgument ? 2 : 1);
  return 0;
}

}  // namespace
}  // namespace gongkai::cli

int main(int argc, char** argv) { return gongkai::cli::Main(argc, argv); }
