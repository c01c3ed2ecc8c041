// gongkai keygen: a person's own Ed25519 key pair.
#include <fmt/core.h>

#include <fstream>

#include "ledger/signing.h"
#include "ledger/base/file.h"
#include "tools/cli/command.h"

namespace gongkai::cli {
namespace {

Status RunKeygen(const Args& args, const Context&) {
  auto out = args.Require("out");
  GK_RETURN_IF_ERROR(out);
  auto key = PrivateKey::Generate();
  GK_RETURN_IF_ERROR(key);
  std::string pub_path = *out + ".pub";
  if (std::ifstream(pub_path)) return Fail(ErrorCode::kAlreadyExists, "{} exists; not overwriting a key", pub_path);
  GK_RETURN_IF_ERROR(key->SavePem(*out));
  GK_RETURN_IF_ERROR(WriteFileDurably(pub_path, key->public_key().ToPem()));
  fmt::print("key id {}\nprivate key {} (mode 0600: keep it to yourself)\npublic key {}\n",
             key->public_key().id(), *out, pub_path);
  return {};
}

}  // namespace

std::vector<Command> KeyCommands() {
  return {Command{
      "keygen", "--out FILE", "make an Ed25519 key pair for one person",
      "Writes the private key to FILE (PKCS#8 PEM, mode 0600, never overwritten) and the\n"
      "public key to FILE.pub (PEM), and prints the key id an administrator registers.",
      {{"out", true, "FILE where to write the private key"}},
      RunKeygen}};
}

}  // namespace gongkai::cli
