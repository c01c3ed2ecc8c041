#include "tools/cli/query_commands.h"

#include <fmt/core.h>

#include <kj/encoding.h>

#include <algorithm>

#include "ledger/signing.h"
#include "tools/cli/remote.h"
#include "tools/query/session.h"

namespace gongkai::cli {
namespace {

// JSON lines when the command is asked for JSON, else text.
std::string ContentTypeOf(const Args& args) {
  return args.Has("json") || args.Get("format") == "json" ? "application/x-ndjson; charset=utf-8"
                                                          : "text/plain; charset=utf-8";
}

// The Args a command takes from a server's parameters: the words the
// command line would have had, parsed the same way.
Result<Args> ArgsOf(const Command& command, const server::QueryParams& params) {
  std::vector<std::string> words;
  for (const auto& [name, value] : params) {
    if (name == "arg") {
      words.push_back(value);
      continue;
    }
    auto spec = std::ranges::find_if(command.options, [&](const OptionSpec& o) { return o.name == name; });
    if (spec == command.options.end()) {
      return Fail(ErrorCode::kInvalidArgument, "{} has no parameter '{}'", command.name, name);
    }
    if (std::ranges::find(command.local_options, name) != command.local_options.end()) {
      return Fail(ErrorCode::kInvalidArgument, "--{} is not taken by a server: run '{}' on the machine that has the "
                  "data directory and the key", name, command.name);
    }
    if (spec->takes_value) {
      words.push_back("--" + name + "=" + value);
    } else if (!value.empty()) {
      return Fail(ErrorCode::kInvalidArgument, "parameter '{}' is a flag: give it without a value", name);
    } else {
      words.push_back("--" + name);
    }
  }
  return Args::Parse(words, command.options);
}

}  // namespace

Status RunQueryLocally(const Command& command, const Args& args, const Context& context) {
  std::unique_ptr<query::QuerySession> session;
  StdoutOutput out;
  QueryEnv env{[&]() -> Result<query::QuerySession*> {
                 if (!session) {
                   auto opened = query::QuerySession::Open(context.dir());
                   GK_RETURN_IF_ERROR(opened);
                   session = std::move(*opened);
                 }
                 return session.get();
               },
               out, &context};
  return command.query(args, env);
}

server::QueryParams QueryParamsOf(const Command& command, const Args& args) {
  server::QueryParams params;
  for (const std::string& word : args.positional()) params.emplace_back("arg", word);
  for (const OptionSpec& spec : command.options) {
    if (!args.Has(spec.name)) continue;
    if (!spec.takes_value) {
      params.emplace_back(spec.name, "");
      continue;
    }
    for (const std::string& value : args.GetAll(spec.name)) params.emplace_back(spec.name, value);
  }
  return params;
}

Status RunQueryRemotely(const Command& command, const Args& args, const Context& context) {
  for (const std::string& name : command.local_options) {
    if (args.Has(name)) {
      return Fail(ErrorCode::kInvalidArgument, "--{} does not go to a server: run '{}' where the data directory is",
                  name, command.name);
    }
  }
  if (!context.identity) {
    return Fail(ErrorCode::kInvalidArgument, "with --server, queries are signed: give --identity FILE (your private key)");
  }
  auto identity = PrivateKey::FromPemFile(*context.identity);
  GK_RETURN_IF_ERROR(identity);
  auto remote = RemoteLedger::Connect(*context.server);
  GK_RETURN_IF_ERROR(remote);
  auto encode = [](const std::string& text) {
    return std::string(kj::encodeUriComponent(kj::arrayPtr(text.data(), text.size())).cStr());
  };
  std::string query;
  for (const auto& [name, value] : QueryParamsOf(command, args)) {
    if (!query.empty()) query.push_back('&');
    query.append(encode(name));
    if (name == "arg" || !value.empty()) query.append("=").append(encode(value));
  }
  auto body = (*remote)->SignedGet("/query/" + command.name, query, *identity);
  GK_RETURN_IF_ERROR(body);
  StdoutOutput().Write(*body);
  return {};
}

CommandQueries::CommandQueries(std::vector<Command> commands) : commands_(std::move(commands)) {
  std::erase_if(commands_, [](const Command& c) { return !c.query; });
}

server::QueryAnswer CommandQueries::Answer(std::string_view name, const server::QueryParams& params,
                                           query::QuerySession& session, const PersonRecord& reader,
                                           UnixMicros now) {
  server::QueryAnswer answer;  // its scope's `about` stays empty until the query is understood
  auto command = std::ranges::find_if(commands_, [&](const Command& c) { return c.name == name; });
  if (command == commands_.end()) {
    answer.body = Fail(ErrorCode::kNotFound, "no query '{}'", name);
    return answer;
  }
  auto args = ArgsOf(*command, params);
  if (!args) {
    answer.body = std::unexpected(args.error());
    return answer;
  }
  auto scope = command->scope(*args, session);
  if (!scope) {
    answer.body = std::unexpected(scope.error());
    return answer;
  }
  answer.scope = *scope;
  if (auto allowed = query::MayRead(reader, *scope, now); !allowed) {
    answer.body = std::unexpected(allowed.error());
    return answer;
  }
  StringOutput out(kMaxAnswerBytes);
  QueryEnv env{[&]() -> Result<query::QuerySession*> { return &session; }, out, nullptr};
  if (auto answered = command->query(*args, env); !answered) {
    answer.body = std::unexpected(answered.error());
  } else if (out.overflowed()) {
    answer.body = Fail(ErrorCode::kTooLarge, "the answer is over {} MiB: narrow the question", kMaxAnswerBytes >> 20);
  } else {
    answer.body = std::move(out.text());
    answer.content_type = ContentTypeOf(*args);
  }
  return answer;
}

}  // namespace gongkai::cli
