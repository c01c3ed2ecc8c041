// gongkai serve's Cap'n Proto RPC face (tools/server/rpc.capnp,
// docs/SERVER.md "Cap'n Proto RPC"): the same ledger, appends and reads as
// HTTP, through the same desks, on the same event loop.
#pragma once

#include <capnp/capability.h>
#include <kj/async-io.h>

#include <memory>

#include "ledger/ledger.h"
#include "tools/server/append_desk.h"
#include "tools/server/checkpoint_publisher.h"
#include "tools/server/read_desk.h"

namespace gongkai::server {

// The signed text of an RPC login (rpc.capnp, Ledger.login).
std::string RpcLoginMessage(std::string_view origin, ByteView nonce);

class RpcService {
 public:
  // Everything given must outlive the service.
  RpcService(Ledger& ledger, const CheckpointPublisher& checkpoints, AppendDesk& appends, ReadDesk& reads);
  ~RpcService();

  // Serves one connection until it closes.
  kj::Promise<void> Serve(kj::Own<kj::AsyncIoStream> connection);

 private:
  class LedgerImpl;
  kj::Own<capnp::Capability::Client> bootstrap_;
};

}  // namespace gongkai::server
