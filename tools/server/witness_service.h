// `gongkai witness serve`: a C2SP tlog-witness (c2sp.org/tlog-witness) for
// one log, as an HTTP service (docs/SERVER.md, "The witness").
//
//   POST /add-checkpoint   the protocol's request; the answer WitnessState
//                          gives (200 with the cosignature line, 400, 403,
//                          404, 409 with text/x.tlog.size, 422)
#pragma once

#include <kj/compat/http.h>

#include <functional>
#include <string>

#include "ledger/signing.h"
#include "ledger/witness.h"
#include "tools/server/http.h"

namespace gongkai::server {

struct WitnessIdentity {
  std::string name;      // the key name it cosigns under
  const PrivateKey* key;  // not owned
  std::string origin;    // the log it follows
  PublicKey log_key;
};

class WitnessService final : public kj::HttpService {
 public:
  // `state`, `identity.key` and `headers` must outlive the service; `now`
  // gives the cosignature time (seconds since the epoch).
  WitnessService(WitnessState& state, WitnessIdentity identity, const HeaderTable& headers,
                 std::function<uint64_t()> now);

  kj::Promise<void> request(kj::HttpMethod method, kj::StringPtr url, const kj::HttpHeaders& headers,
                            kj::AsyncInputStream& body, Response& response) override;

 private:
  kj::Promise<void> Send(Response& response, const WitnessAnswer& answer);

  WitnessState& state_;
  WitnessIdentity identity_;
  const HeaderTable& headers_;
  std::function<uint64_t()> now_;
};

}  // namespace gongkai::server
