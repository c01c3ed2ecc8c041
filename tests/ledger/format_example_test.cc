// The worked example of docs/FORMAT.md is produced here, from fixed keys and
// a fixed clock, and checked against the document: if the format changes,
// this test fails until the document shows the new bytes.
//
// To print the example: GONGKAI_PRINT_EXAMPLE=1 ledger_tests --gtest_filter='FormatExample*'
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "ledger/entry.h"
#include "ledger/verifier.h"
#include "tests/support/test_ledger.h"

namespace gongkai::testing {
namespace {

// Hex in lines of 64 characters (32 bytes), as the document shows it.
std::string Wrapped(ByteView bytes) {
  std::string hex = ToHex(bytes), out;
  for (size_t i = 0; i < hex.size(); i += 64) out += hex.substr(i, 64) + "\n";
  return out;
}

class FormatExample : public LedgerFixture {};

TEST_F(FormatExample, DocumentShowsTheBytesThisCodeWrites) {
  PrivateKey alice = AddPerson("alice", 10);  // entry 2, after the agency
  clock_.Advance(90 * kSecond);
  auto note = Signed(alice, BuildAction(alice, {"example-1", "item/2026-0001", 0, kStart + 60 * kSecond},
                                        [](auto p) {
                                          auto n = p.initNote();
                                          n.setSubject("公开");
                                          n.setBody("example");
                                        }));
  auto receipt = MustAppend(note);  // entry 3
  ASSERT_EQ(receipt.seq, 3u);
  auto stored = *ledger_->ReadStored(3);
  auto split = *SplitStoredEntry(stored);
  auto entry = *DecodeEntry(split.record);

  std::string example;
  example += "public key of alice (raw, 32 bytes):\n" + Wrapped(alice.public_key().raw());
  example += "key id: " + alice.public_key().id() + "\n";
  example += "action bytes (" + std::to_string(entry.action.size()) + " bytes):\n" + Wrapped(entry.action);
  example += "signature (64 bytes):\n" + Wrapped(entry.signature);
  example += "entry record (" + std::to_string(split.record.size()) + " bytes):\n" + Wrapped(split.record);
  example += "entry hash = SHA-256(record):\n" + ToHex(EntryHash(split.record)) + "\n";
  example += "previous entry hash (entry 2):\n" + ToHex(entry.prev_hash) + "\n";

  if (std::getenv("GONGKAI_PRINT_EXAMPLE")) std::cout << example;
  std::ifstream doc(std::string(GONGKAI_SOURCE_DIR) + "/docs/FORMAT.md");
  std::stringstream text;
  text << doc.rdbuf();
  EXPECT_NE(text.str().find(example), std::string::npos)
      << "docs/FORMAT.md does not contain the current worked example; it should contain:\n"
      << example;
}

}  // namespace
}  // namespace gongkai::testing
