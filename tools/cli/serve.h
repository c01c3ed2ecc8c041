// Serving over HTTP from the command line: `gongkai serve` and
// `gongkai witness serve` (docs/SERVER.md).
#pragma once

#include <kj/async-io.h>
#include <kj/compat/http.h>

#include <string>
#include <string_view>
#include <vector>

#include "ledger/base/error.h"
#include "tools/cli/args.h"
#include "tools/cli/command.h"
#include "tools/server/connection_gate.h"
#include "tools/server/http.h"
#include "tools/server/http_server.h"

namespace gongkai::cli {

inline constexpr std::string_view kWitnessListen = "127.0.0.1:8481";

// `options` and those every serving command takes: --listen, --tls-cert,
// --tls-key, --max-connections, --client-rate (docs/SERVER.md, "Limits").
std::vector<OptionSpec> WithServingOptions(std::string_view default_listen, std::vector<OptionSpec> options);

struct Serving {
  server::Listening listening;
  server::ConnectionLimits limits;
  // "http" or "https", for the banner.
  std::string_view scheme() const { return listening.tls ? "https" : "http"; }
  // The host part of the address listened on.
  std::string host() const { return listening.address.substr(0, listening.address.rfind(':')); }
};
// kInvalidArgument for a value out of range, or only one of the TLS files.
Result<Serving> ServingOf(const Args& args, std::string_view default_listen);

// gongkai witness serve --state DIR --key K --name N --origin O --log-key FILE.pub [--listen HOST:PORT]
Status RunWitnessServe(const Args& args, const Context& context);

}  // namespace gongkai::cli
