// Test fixtures: a ledger in a temporary directory with a manual clock, an
// administrator, and helpers to build and sign actions.
#pragma once

#include <gtest/gtest.h>

#include <capnp/message.h>

#include <filesystem>
#include <functional>
#include <optional>
#include <memory>
#include <string>

#include "ledger/action.h"
#include "ledger/ledger.h"
#include "ledger/signed_action.h"
#include "ledger/signing.h"

namespace gongkai::testing {

inline constexpr std::string_view kOrigin = "test.gongkai/1";
// 2026-01-05T09:00:00+08:00, a Monday.
inline constexpr UnixMicros kStart = 1767574800LL * 1'000'000;
inline constexpr UnixMicros kSecond = 1'000'000;
// The agency every test person belongs to and holds roles in.
inline constexpr std::string_view kTestAgency = "天宁区政府办";

// A fresh directory under the test's temporary directory, removed after.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// The whole contents of the file at `path`, byte for byte; a file that
// cannot be opened fails the test (and reads as "").
std::string ReadFile(const std::string& path);

// The positive count the environment variable `name` holds, else
// `fallback`: how tools/crash-campaign runs CI's crash tests for longer.
int CountFromEnvironment(const char* name, int fallback);

// The key with the 32-byte seed "n, n, n, ..." : reproducible across runs.
PrivateKey SeededKey(uint8_t n);

// The algorithms a test ledger is made with: its hash algorithm, the
// algorithm of its people's keys, and whether an SM2 log key signs its
// checkpoints beside the Ed25519 one.
struct LedgerFlavour {
  HashAlgorithm hash = HashAlgorithm::kSha256;
  SignatureAlgorithm people = SignatureAlgorithm::kEd25519;
  bool sm2_log_key = false;
};
// SHA-256 with Ed25519 people; SHA-256 with SM2 people; SM3 with SM2 people
// and an SM2 log key.
inline constexpr LedgerFlavour kClassicFlavour{};
inline constexpr LedgerFlavour kSm2Flavour{HashAlgorithm::kSha256, SignatureAlgorithm::kSm2};
inline constexpr LedgerFlavour kGuomiFlavour{HashAlgorithm::kSm3, SignatureAlgorithm::kSm2, true};
// "sha256_ed25519", for parameterised test names.
std::string FlavourName(const ::testing::TestParamInfo<LedgerFlavour>& info);
// Every flavour, for INSTANTIATE_TEST_SUITE_P.
inline auto AllFlavours() { return ::testing::Values(kClassicFlavour, kSm2Flavour, kGuomiFlavour); }

// Key `n` of `algorithm`: SeededKey(n) for Ed25519; for SM2 a key generated
// once per process and returned for the same `n` thereafter (SM2 keys are
// not derived from seeds, and SM2 signatures are randomised anyway).
PrivateKey TestKey(SignatureAlgorithm algorithm, uint8_t n);
// The flavour's SM2 log key (TestKey(sm2, 2)), or none.
std::optional<PrivateKey> FlavourSm2LogKey(const LedgerFlavour& flavour);

// Fills the envelope of an action; `fill_payload` sets the payload.
struct ActionSpec {
  std::string event_id;
  std::string stream = "test/stream";
  int64_t expected_version = -1;
  UnixMicros business_time = kStart;
  std::string ledger = std::string(kOrigin);
};
Bytes BuildAction(const PrivateKey& signer, const ActionSpec& spec,
                  const std::function<void(schema::Action::Payload::Builder)>& fill_payload);
SignedAction Signed(const PrivateKey& signer, Bytes action);
SignedAction Note(const PrivateKey& signer, const ActionSpec& spec, const std::string& subject = "note");
SignedAction Genesis(const PrivateKey& admin, const PrivateKey& log_key, std::string_view origin = kOrigin,
                     HashAlgorithm hash = HashAlgorithm::kSha256, const PrivateKey* sm2_log_key = nullptr);
// organisation.agencyRegistered of `agency` (by default kTestAgency):
// people and role grants may name it from then on.
SignedAction RegisterAgency(const PrivateKey& admin, std::string_view agency = kTestAgency);
SignedAction RegisterPerson(const PrivateKey& admin, const PrivateKey& person_key, const std::string& person_id,
                            std::vector<schema::Role> roles, UnixMicros valid_from = kStart,
                            const std::string& event_id = "");
SignedAction RevokeKey(const PrivateKey& admin, const std::string& key_id, UnixMicros from,
                       const std::string& event_id = "");

// An operator's deletion of the entries from `size` on, with the head record
// rewound to agree with entry size-1 (no registry event may follow it). The
// ledger must be closed.
void RewindHead(Store& store, uint64_t size);
// RewindHead, covering every track but the signed checkpoints: the Merkle
// nodes reaching past `size` and the removed entries' event ids go too.
void RemoveTail(Store& store, uint64_t size);

// A ledger with an administrator (key 1) and log key (seed 2): entry 0 is
// the genesis, entry 1 registers kTestAgency. A derived fixture may set
// `flavour_` before SetUp to make the ledger with other algorithms.
class LedgerFixture : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override { ledger_.reset(); }
  void Reopen();
  // Registers a person with key `seed` of the flavour and returns that key.
  PrivateKey AddPerson(const std::string& person_id, uint8_t seed,
                       std::vector<schema::Role> roles = {schema::Role::HANDLER});
  // Registers a person with `key` (of any algorithm) and returns it.
  PrivateKey AddPersonWithKey(const std::string& person_id, PrivateKey key,
                              std::vector<schema::Role> roles = {schema::Role::HANDLER});
  AppendReceipt MustAppend(const SignedAction& action);

  TempDir dir_;
  ManualClock clock_{kStart};
  LedgerFlavour flavour_;
  PrivateKey admin_ = SeededKey(1);  // TestKey(flavour_.people, 1) once SetUp
  PrivateKey log_key_ = SeededKey(2);
  std::optional<PrivateKey> sm2_log_key_;  // FlavourSm2LogKey(flavour_) once SetUp
  std::unique_ptr<Ledger> ledger_;
};

}  // namespace gongkai::testing
