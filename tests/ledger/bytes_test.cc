#include <gtest/gtest.h>

#include "ledger/bytes.h"
#include "ledger/hash.h"

namespace gongkai {
namespace {

TEST(BytesTest, HexRoundTripsAndRefusesBadInput) {
  Bytes data{0x00, 0x7f, 0x80, 0xff};
  EXPECT_EQ(ToHex(data), "007f80ff");
  EXPECT_EQ(*FromHex("007F80ff"), data);
  EXPECT_FALSE(FromHex("abc").has_value());
  EXPECT_FALSE(FromHex("zz").has_value());
}

TEST(BytesTest, Base64IsStrict) {
  for (std::string text : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
    auto encoded = ToBase64(AsBytes(text));
    auto decoded = FromBase64(encoded);
    ASSERT_TRUE(decoded.has_value()) << encoded;
    EXPECT_EQ(std::string(decoded->begin(), decoded->end()), text);
  }
  EXPECT_EQ(ToBase64(AsBytes(std::string_view("foobar"))), "Zm9vYmFy");
  for (std::string bad : {"abc", "Q=Q=", "QQ== ", " QQ==", "QR==", "Zm9v\nYmFy", "Z=9v"}) {
    EXPECT_FALSE(FromBase64(bad).has_value()) << bad;
  }
}

TEST(BytesTest, BigEndianKeysSortNumerically) {
  EXPECT_LT(SeqKey(255), SeqKey(256));
  EXPECT_EQ(GetBigEndian(SeqKey(0x0102030405060708).data(), 8), 0x0102030405060708u);
}

TEST(HashTest, Sha256KnownAnswers) {
  EXPECT_EQ(ToHex(Sha256(AsBytes(std::string_view("")))),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(ToHex(Sha256(AsBytes(std::string_view("abc")))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256({AsBytes(std::string_view("a")), AsBytes(std::string_view("bc"))}),
            Sha256(AsBytes(std::string_view("abc"))));
}

}  // namespace
}  // namespace gongkai
