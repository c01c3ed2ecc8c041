// Serving over HTTP from the command line: `gongkai serve` and
// `gongkai witness serve` (docs/SERVER.md).
#pragma once

#include <kj/async-io.h>
#include <kj/compat/http.h>

#include <functional>
#include <string>

#include "ledger/base/error.h"
#include "tools/cli/args.h"
#include "tools/cli/command.h"
#include "tools/server/http.h"

namespace gongkai::cli {

// Serves `service` on `listen` on one KJ event loop, with `background`
// running beside it, until SIGTERM or SIGINT (captured before any thread
// started); then stops taking connections and lets the requests in flight
// finish. Prints `banner(port)` as the first line, flushed.
Status ServeHttp(kj::HttpService& service, const server::HeaderTable& headers, const std::string& listen,
                 const std::function<std::string(unsigned port)>& banner,
                 const std::function<kj::Promise<void>(kj::AsyncIoProvider&)>& background);

// gongkai witness serve --state DIR --key K --name N --origin O --log-key FILE.pub [--listen HOST:PORT]
Status RunWitnessServe(const Args& args, const Context& context);

}  // namespace gongkai::cli
