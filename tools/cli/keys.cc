// gongkai keygen: a person's own Ed25519 or SM2 key pair; gongkai vkey: a log's or a
// witness's verifier key as signed notes and tlog-policy files write it.
#include <fmt/core.h>

#include <fstream>

#include "ledger/signing.h"
#include "ledger/witness_policy.h"
#include "ledger/base/file.h"
#include "tools/cli/command.h"

namespace gongkai::cli {
namespace {

Status RunKeygen(const Args& args, const Context&) {
  auto out = args.Require("out");
  GK_RETURN_IF_ERROR(out);
  auto algorithm = ParseSignatureAlgorithm(args.Get("algorithm").value_or("ed25519"));
  GK_RETURN_IF_ERROR(algorithm);
  auto key = PrivateKey::Generate(*algorithm);
  GK_RETURN_IF_ERROR(key);
  std::string pub_path = *out + ".pub";
  if (std::ifstream(pub_path)) return Fail(ErrorCode::kAlreadyExists, "{} exists; not overwriting a key", pub_path);
  GK_RETURN_IF_ERROR(key->SavePem(*out));
  GK_RETURN_IF_ERROR(WriteFileDurably(pub_path, key->public_key().ToPem()));
  fmt::print("key id {} ({})\nprivate key {} (mode 0600: keep it to yourself)\npublic key {}\n",
             key->public_key().id(), SignatureAlgorithmName(*algorithm), *out, pub_path);
  return {};
}

// The signed-note verifier key of a log (type 0x01) or a witness (0x04),
// as a C2SP tlog-policy names them.
Status RunVkey(const Args& args, const Context&) {
  GK_RETURN_IF_ERROR(args.RequireAll({"name", "public"}));
  auto key = PublicKey::FromPemFile(*args.Get("public"), SignatureAlgorithm::kEd25519);
  GK_RETURN_IF_ERROR(key);
  auto name = *args.Get("name");
  if (name.empty() || name.find_first_of("+ \t\n") != std::string::npos) {
    return Fail(ErrorCode::kInvalidArgument, "--name '{}': a key name is not empty and has no '+' or white space", name);
  }
  uint8_t type = args.Has("witness") ? kNoteCosignatureEd25519 : kNoteSignatureEd25519;
  fmt::print("{}\n", VerifierKey{name, type, *key}.ToString());
  return {};
}

}  // namespace

std::vector<Command> KeyCommands() {
  return {Command{"vkey", "--name NAME --public FILE.pub [--witness]",
                  "print the signed-note verifier key of a log or a witness, for a tlog-policy file",
                  "Prints NAME+KEYID+BASE64 (c2sp.org/signed-note): with --witness the key a witness\n"
                  "cosigns with (type 0x04, cosignature/v1), else a log's key (type 0x01, the\n"
                  "checkpoint's origin as NAME). A witness policy file (docs/SERVER.md) lists them.",
                  {{"name", true, "NAME the key name: the log's origin, or the name the witness cosigns under"},
                   {"public", true, "FILE.pub the public key (PEM)"},
                   {"witness", false, "a witness's cosigning key"}},
                  RunVkey},
          Command{
      "keygen", "--out FILE [--algorithm ed25519|sm2]", "make an Ed25519 or SM2 key pair for one person",
      "Writes the private key to FILE (PKCS#8 PEM, mode 0600, never overwritten) and the\n"
      "public key to FILE.pub (PEM), and prints the key id an administrator registers.\n"
      "SM2 keys sign with SM3 and the distinguishing ID 1234567812345678 (GM/T 0009);\n"
      "a ledger may hold people with either kind (docs/FORMAT.md §3).",
      {{"out", true, "FILE where to write the private key"},
       {"algorithm", true, "ed25519 (default) or sm2"}},
      RunKeygen}};
}

}  // namespace gongkai::cli
