#include "tests/support/test_ledger.h"

#include <cstdlib>

#include <atomic>
#include <map>
#include <mutex>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "ledger/admin_actions.h"
#include "ledger/merkle_store.h"
#include "ledger/head.h"
#include "ledger/entry.h"

namespace gongkai::testing {

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = info ? std::string(info->test_suite_name()) + "." + info->name() : "gongkai";
  for (char& c : name) {
    if (c == '/') c = '_';
  }
  path_ = (std::filesystem::temp_directory_path() /
           fmt::format("gongkai-test-{}-{}-{}", ::getpid(), counter++, name)).string();
  std::filesystem::remove_all(path_);
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  EXPECT_TRUE(file) << path;
  std::stringstream buffer;
  buffer << file.rdbuf();
  return buffer.str();
}

int CountFromEnvironment(const char* name, int fallback) {
  const char* text = std::getenv(name);
  if (text == nullptr) return fallback;
  int count = std::atoi(text);
  return count > 0 ? count : fallback;
}

PrivateKey SeededKey(uint8_t n) {
  std::array<uint8_t, 32> seed;
  seed.fill(n);
  return *PrivateKey::FromSeed(seed);
}

std::string FlavourName(const ::testing::TestParamInfo<LedgerFlavour>& info) {
  return fmt::format("{}_{}", HashAlgorithmName(info.param.hash), SignatureAlgorithmName(info.param.people));
}

PrivateKey TestKey(SignatureAlgorithm algorithm, uint8_t n) {
  if (algorithm == SignatureAlgorithm::kEd25519) return SeededKey(n);
  static std::mutex mutex;
  static std::map<uint8_t, std::string> pem_by_seed;  // the PKCS#8 PEM of each key made
  std::lock_guard lock(mutex);
  auto it = pem_by_seed.find(n);
  if (it == pem_by_seed.end()) {
    TempDir dir;
    auto key = PrivateKey::Generate(SignatureAlgorithm::kSm2);
    EXPECT_TRUE(key.has_value());
    EXPECT_TRUE(key->SavePem(dir.Sub("k.pem")).has_value());
    it = pem_by_seed.emplace(n, ReadFile(dir.Sub("k.pem"))).first;
  }
  TempDir dir;
  std::ofstream(dir.Sub("k.pem")) << it->second;
  return *PrivateKey::FromPemFile(dir.Sub("k.pem"));
}

Bytes BuildAction(const PrivateKey& signer, const ActionSpec& spec,
                  const std::function<void(schema::Action::Payload::Builder)>& fill_payload) {
  capnp::MallocMessageBuilder message;
  auto action = message.initRoot<schema::Action>();
  action.setLedger(spec.ledger);
  action.setEventId(spec.event_id);
  action.setStream(spec.stream);
  action.setExpectedVersion(spec.expected_version);
  action.initBusinessTime().setUnixMicros(spec.business_time);
  action.setActorKeyId(signer.public_key().id());
  fill_payload(action.initPayload());
  return Canonicalize(action.asReader());
}

SignedAction Signed(const PrivateKey& signer, Bytes action) { return *SignAction(signer, std::move(action)); }

SignedAction Note(const PrivateKey& signer, const ActionSpec& spec, const std::string& subject) {
  return Signed(signer, BuildAction(signer, spec, [&](schema::Action::Payload::Builder p) {
                  auto note = p.initNote();
                  note.setSubject(subject);
                  note.setBody("body of " + spec.event_id);
                }));
}

namespace {
void FillKey(schema::PublicKey::Builder out, const PrivateKey& key) { KeyToSchema(key.public_key(), out); }
void FillPerson(schema::RegisterPerson::Builder p, const PrivateKey& key, const std::string& id,
                const std::vector<schema::Role>& roles, UnixMicros valid_from) {
  p.setPersonId(id);
  p.setName("Person " + id);
  p.setAgency(std::string(kTestAgency));
  p.setSection("信息公开科");
  auto grants = p.initRoles(static_cast<unsigned>(roles.size()));
  for (unsigned i = 0; i < roles.size(); ++i) {
    grants[i].setRole(roles[i]);
    grants[i].setAgency(std::string(kTestAgency));
  }
  FillKey(p.initPublicKey(), key);
  p.initValidFrom().setUnixMicros(valid_from);
}
}  // namespace

std::optional<PrivateKey> FlavourSm2LogKey(const LedgerFlavour& flavour) {
  if (!flavour.sm2_log_key) return std::nullopt;
  return TestKey(SignatureAlgorithm::kSm2, 2);
}

SignedAction Genesis(const PrivateKey& admin, const PrivateKey& log_key, std::string_view origin, HashAlgorithm hash,
                     const PrivateKey* sm2_log_key) {
  ActionSpec spec{"genesis", "ledger", 0, kStart, std::string(origin)};
  return Signed(admin, BuildAction(admin, spec, [&](schema::Action::Payload::Builder p) {
                  auto g = p.initGenesis();
                  g.setOrigin(std::string(origin));
                  g.setHashAlgorithm(static_cast<schema::HashAlgorithm>(hash));
                  g.setSignatureAlgorithm(schema::SignatureAlgorithm::ED25519);
                  FillPerson(g.initAdministrator(), admin, "admin", {schema::Role::ADMINISTRATOR}, kStart);
                  FillKey(g.initLogKey(), log_key);
                  if (sm2_log_key) FillKey(g.initSm2LogKey(), *sm2_log_key);
                }));
}

SignedAction RegisterAgency(const PrivateKey& admin, std::string_view agency) {
  std::string id(agency);
  return *SignDraft(AgencyRegisteredDraft(AgencySpec{id, id, schema::AgencyKind::GOVERNMENT, "cn-test"}), kOrigin,
                    kStart, admin);
}

SignedAction RegisterPerson(const PrivateKey& admin, const PrivateKey& person_key, const std::string& person_id,
                            std::vector<schema::Role> roles, UnixMicros valid_from, const std::string& event_id) {
  ActionSpec spec{event_id.empty() ? "register/" + person_id : event_id, "person/" + person_id};
  return Signed(admin, BuildAction(admin, spec, [&](schema::Action::Payload::Builder p) {
                  FillPerson(p.initRegisterPerson(), person_key, person_id, roles, valid_from);
                }));
}

SignedAction RevokeKey(const PrivateKey& admin, const std::string& key_id, UnixMicros from,
                       const std::string& event_id) {
  ActionSpec spec{event_id.empty() ? "revoke/" + key_id : event_id, "key/" + key_id};
  return Signed(admin, BuildAction(admin, spec, [&](schema::Action::Payload::Builder p) {
                  auto r = p.initRevokeKey();
                  r.setKeyId(key_id);
                  r.initEffectiveFrom().setUnixMicros(from);
                  r.setReason("lost");
                }));
}

void RewindHead(Store& store, uint64_t size) {
  Head head = *ReadHead(store);
  ASSERT_GT(size, 0u);
  ASSERT_LT(size, head.size);
  auto last_value = store.Get(Family::kEntries, SeqKey(size - 1));
  ASSERT_TRUE(last_value.has_value() && last_value->has_value());
  auto last = SplitStoredEntry(AsBytes(**last_value));
  Digest last_hash;
  std::copy(last->stored_hash.begin(), last->stored_hash.end(), last_hash.begin());
  rocksdb::WriteBatch batch;
  for (uint64_t seq = size; seq < head.size; ++seq) batch.Delete(store.family(Family::kEntries), ToSlice(SeqKey(seq)));
  head = Head{size, last_hash, DecodeEntry(last->record)->recorded_time, head.registry_digest};
  batch.Put(store.family(Family::kMeta), kHeadKey, ToSlice(EncodeHead(head)));
  ASSERT_TRUE(store.Write(batch, true).has_value());
}

void RemoveTail(Store& store, uint64_t size) {
  const uint64_t head_size = ReadHead(store)->size;
  rocksdb::WriteBatch batch;
  for (uint64_t seq = size; seq < head_size; ++seq) {
    auto value = store.Get(Family::kEntries, SeqKey(seq));
    ASSERT_TRUE(value.has_value() && value->has_value());
    auto stored = SplitStoredEntry(AsBytes(**value));
    ASSERT_TRUE(stored.has_value());
    auto entry = DecodeEntry(stored->record);
    ASSERT_TRUE(entry.has_value());
    auto action = Action::Parse(entry->action);
    ASSERT_TRUE(action.has_value());
    batch.Delete(store.family(Family::kEventIds), ToSlice(AsBytes(action->event_id())));
  }
  for (int level = 0; level < 64; ++level) {
    for (uint64_t index = size >> level; index < (head_size >> level); ++index) {
      batch.Delete(store.family(Family::kMerkle), ToSlice(MerkleNodeKey(level, index)));
    }
  }
  ASSERT_TRUE(store.Write(batch, true).has_value());
  RewindHead(store, size);
}

void LedgerFixture::SetUp() {
  admin_ = TestKey(flavour_.people, 1);
  sm2_log_key_ = FlavourSm2LogKey(flavour_);
  LedgerOptions options;
  options.clock = &clock_;
  auto created = Ledger::Create(dir_.Sub("ledger"),
                                Genesis(admin_, log_key_, kOrigin, flavour_.hash, sm2_log_key_ ? &*sm2_log_key_ : nullptr),
                                options);
  ASSERT_TRUE(created.has_value()) << created.error().ToString();
  ledger_ = std::move(*created);
  MustAppend(RegisterAgency(admin_));
}

void LedgerFixture::Reopen() {
  ledger_.reset();
  LedgerOptions options;
  options.clock = &clock_;
  auto opened = Ledger::Open(dir_.Sub("ledger"), options);
  ASSERT_TRUE(opened.has_value()) << opened.error().ToString();
  ledger_ = std::move(*opened);
}

PrivateKey LedgerFixture::AddPerson(const std::string& person_id, uint8_t seed, std::vector<schema::Role> roles) {
  return AddPersonWithKey(person_id, TestKey(flavour_.people, seed), std::move(roles));
}

PrivateKey LedgerFixture::AddPersonWithKey(const std::string& person_id, PrivateKey key,
                                           std::vector<schema::Role> roles) {
  MustAppend(RegisterPerson(admin_, key, person_id, std::move(roles)));
  return key;
}

AppendReceipt LedgerFixture::MustAppend(const SignedAction& action) {
  auto receipt = ledger_->Append(action);
  EXPECT_TRUE(receipt.has_value()) << receipt.error().ToString();
  return receipt.value_or(AppendReceipt{});
}

}  // namespace gongkai::testing
