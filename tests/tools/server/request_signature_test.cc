// Signed reads (RFC 9421 HTTP Message Signatures, Ed25519 or SM2): the signature
// base exactly as §2.5 builds it, and every refusal with its reason.
#include <gtest/gtest.h>

#include "ledger/bytes.h"
#include "ledger/registry_store.h"
#include "tests/support/test_ledger.h"
#include "tools/server/request_signature.h"

namespace gongkai::testing {
namespace {

using server::RequestSignature;

class RequestSignatureTest : public LedgerFixture {
 protected:
  void SetUp() override {
    LedgerFixture::SetUp();
    reader_ = AddPerson("reader", 10);
    auto stored = LoadStoredRegistry(ledger_->store());
    ASSERT_TRUE(stored.has_value());
    registry_ = std::move(stored->registry);
  }
  Result<std::string> Verify(const RequestSignature& headers, std::string_view query = "arg=x&json",
                             UnixMicros now = kNow) {
    return server::VerifyRequest(headers, "GET", "/2026/query/item", query, registry_, now);
  }
  RequestSignature Sign(std::string_view query = "arg=x&json", UnixMicros at = kNow) {
    auto signature = server::SignRequest(reader_, "GET", "/2026/query/item", query, at);
    EXPECT_TRUE(signature.has_value());
    return *signature;
  }
  // A signature made by hand over `base` with `params` as the member value.
  RequestSignature HandMade(const std::string& params, const std::string& base) {
    auto signature = reader_.Sign("", AsBytes(base));
    EXPECT_TRUE(signature.has_value());
    return {"sig1=" + params, "sig1=:" + ToBase64(*signature) + ":"};
  }

  static constexpr UnixMicros kNow = kStart + 10'000'000;
  PrivateKey reader_ = SeededKey(10);
  KeyRegistry registry_;
};

TEST_F(RequestSignatureTest, TheSignatureBaseIsRfc9421s) {
  RequestSignature headers = Sign();
  const std::string params = "(\"@method\" \"@path\" \"@query\");created=" + std::to_string(kNow / 1'000'000) +
                             ";keyid=\"" + reader_.public_key().id() + "\";alg=\"ed25519\"";
  EXPECT_EQ(headers.signature_input, "gk=" + params);
  const std::string base = "\"@method\": GET\n\"@path\": /2026/query/item\n\"@query\": ?arg=x&json\n"
                           "\"@signature-params\": " + params;
  ASSERT_TRUE(headers.signature.starts_with("gk=:") && headers.signature.ends_with(":"));
  auto signature = FromBase64(headers.signature.substr(4, headers.signature.size() - 5));
  ASSERT_TRUE(signature.has_value());
  EXPECT_TRUE(reader_.public_key().Verify("", AsBytes(base), *signature).has_value());
  auto verified = Verify(headers);
  ASSERT_TRUE(verified.has_value()) << verified.error().ToString();
  EXPECT_EQ(*verified, reader_.public_key().id());
}

TEST_F(RequestSignatureTest, AnyLabelAndComponentOrderAndAnExpiryVerify) {
  const std::string params = "(\"@query\" \"@method\" \"@path\");created=" + std::to_string(kNow / 1'000'000) +
                             ";expires=" + std::to_string(kNow / 1'000'000 + 60) + ";keyid=\"" +
                             reader_.public_key().id() + "\"";
  const std::string base = "\"@query\": ?\n\"@method\": GET\n\"@path\": /2026/query/item\n"
                           "\"@signature-params\": " + params;
  auto verified = Verify(HandMade(params, base), "");
  ASSERT_TRUE(verified.has_value()) << verified.error().ToString();
}

void ExpectRefused(const Result<std::string>& result, ErrorCode code, std::string_view part) {
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, code);
  EXPECT_NE(result.error().message.find(part), std::string::npos) << result.error().message;
}

TEST_F(RequestSignatureTest, EveryBadSignatureIsRefusedWithItsReason) {
  ExpectRefused(Verify({}), ErrorCode::kUnauthenticated, "this needs a signed request");
  ExpectRefused(Verify(Sign(), "arg=y&json"), ErrorCode::kUnauthenticated, "does not verify");
  ExpectRefused(Verify(Sign("arg=x&json", kNow - server::kSignatureLifetime - 1'000'000)),
                ErrorCode::kUnauthenticated, "the signature has expired");
  ExpectRefused(Verify(Sign("arg=x&json", kNow + server::kClockSkew + 1'000'000)), ErrorCode::kUnauthenticated,
                "in the future");
  RequestSignature other_key = server::SignRequest(SeededKey(99), "GET", "/2026/query/item", "arg=x&json", kNow).value();
  ExpectRefused(Verify(other_key), ErrorCode::kUnknownKey, "is not registered");
  RequestSignature headers = Sign();
  headers.signature_input.replace(headers.signature_input.find("ed25519"), 7, "rsa-pss");
  ExpectRefused(Verify(headers), ErrorCode::kUnauthenticated, "only ed25519");
  const std::string created = std::to_string(kNow / 1'000'000);
  ExpectRefused(Verify({"gk=(\"@method\" \"@path\");created=" + created + ";keyid=\"k\"", "gk=:AA==:"}),
                ErrorCode::kUnauthenticated, "exactly \"@method\", \"@path\" and \"@query\"");
  ExpectRefused(Verify({"gk=(\"@method\" \"@path\" \"@query\");keyid=\"k\"", "gk=:AA==:"}),
                ErrorCode::kUnauthenticated, "no created time");
  ExpectRefused(Verify({"Gk=(\"@method\")", "Gk=:AA==:"}), ErrorCode::kUnauthenticated, "expected one member");
  RequestSignature wrong_label = Sign();
  wrong_label.signature.replace(0, 2, "xx");
  ExpectRefused(Verify(wrong_label), ErrorCode::kUnauthenticated, "Signature: expected gk=:BASE64:");
}

// A reader whose key is SM2 signs reads the same way, saying alg="sm2"; an
// alg that contradicts the registered key is refused.
TEST_F(RequestSignatureTest, Sm2ReadersSignWithTheirOwnAlgorithm) {
  PrivateKey sm2_reader = AddPersonWithKey("sm2-reader", TestKey(SignatureAlgorithm::kSm2, 20));
  registry_ = std::move(LoadStoredRegistry(ledger_->store())->registry);
  auto headers = server::SignRequest(sm2_reader, "GET", "/2026/query/item", "arg=x&json", kNow);
  ASSERT_TRUE(headers.has_value());
  EXPECT_NE(headers->signature_input.find(";alg=\"sm2\""), std::string::npos) << headers->signature_input;
  auto verified = Verify(*headers);
  ASSERT_TRUE(verified.has_value()) << verified.error().ToString();
  EXPECT_EQ(*verified, sm2_reader.public_key().id());
  headers->signature_input.replace(headers->signature_input.find("\"sm2\""), 5, "\"ed25519\"");
  ExpectRefused(Verify(*headers), ErrorCode::kUnauthenticated, "the signature says alg \"ed25519\", but key");
}

}  // namespace
}  // namespace gongkai::testing
