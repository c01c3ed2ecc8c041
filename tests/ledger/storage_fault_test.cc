// Storage faults (issue 16): a write error, a full disk and a failed sync,
// injected through RocksDB's FileSystem, at the write-ahead log of an
// append and at the MANIFEST of an open; each followed by a plain reopen
// and by what a power cut would leave (every unsynced write lost). For
// each: the append that hit the fault is refused with a clear error and
// never acknowledged; the ledger refuses every later append until it is
// reopened (docs/FORMAT.md §2); reopened, it holds every acknowledged entry
// with its hash, verifies, and takes the refused action again under the
// same event id.
#include <gtest/gtest.h>

#include "ledger/verifier.h"
#include "tests/support/faulty_file_system.h"
#include "tests/support/test_ledger.h"

namespace gongkai::testing {
namespace {

struct FaultCase {
  StorageFault fault;
  bool power_cut;  // after the fault, before reopening
  std::string_view refusal;  // in the refused append's message
};

std::string CaseName(const ::testing::TestParamInfo<FaultCase>& info) {
  std::string name = info.param.fault == StorageFault::kWriteError ? "WriteError"
                     : info.param.fault == StorageFault::kNoSpace  ? "NoSpace"
                                                                   : "SyncError";
  return name + (info.param.power_cut ? "ThenPowerCut" : "ThenReopen");
}

class StorageFaultTest : public ::testing::TestWithParam<FaultCase> {
 protected:
  void SetUp() override {
    options_.env = env_.get();
    auto ledger = Ledger::Create(dir_.Sub("ledger"), Genesis(admin_, SeededKey(2)), options_);
    ASSERT_TRUE(ledger.has_value()) << ledger.error().ToString();
    ledger_ = std::move(*ledger);
    Acknowledge(RegisterAgency(admin_));
    Acknowledge(RegisterPerson(admin_, writer_, "writer", {schema::Role::HANDLER}, 0));
    for (int i = 0; i < 20; ++i) Acknowledge(NoteNumber(i));
  }

  SignedAction NoteNumber(int i) {
    return Note(writer_, {.event_id = fmt::format("note-{}", i), .business_time = kStart + i * kSecond});
  }
  void Acknowledge(const SignedAction& action) {
    auto receipt = ledger_->Append(action);
    ASSERT_TRUE(receipt.has_value()) << receipt.error().ToString();
    acknowledged_.emplace_back(receipt->seq, receipt->entry_hash);
  }
  // Every acknowledged entry is there with its hash, and the whole ledger verifies.
  void ExpectAcknowledgedAndVerified() {
    for (const auto& [seq, hash] : acknowledged_) {
      auto stored = ledger_->ReadStored(seq);
      ASSERT_TRUE(stored.has_value()) << "acknowledged entry " << seq << ": " << stored.error().ToString();
      EXPECT_EQ(ToHex(SplitStoredEntry(*stored)->stored_hash), ToHex(hash)) << "entry " << seq;
    }
    auto report = VerifyLedger(ledger_->store(), {});
    ASSERT_TRUE(report.has_value()) << report.error().ToString();
    EXPECT_EQ(report->checked, ledger_->head().size);
  }

  // Reopens the ledger on the file system, healthy again: every
  // acknowledged entry must be there and the ledger verify.
  void ReopenAndCheck() {
    auto reopened = Ledger::Open(dir_.Sub("ledger"), options_);
    ASSERT_TRUE(reopened.has_value()) << reopened.error().ToString();
    ledger_ = std::move(*reopened);
    ExpectAcknowledgedAndVerified();
  }

  TempDir dir_;
  std::shared_ptr<FaultyFileSystem> fs_ = std::make_shared<FaultyFileSystem>();
  std::unique_ptr<rocksdb::Env> env_ = EnvOver(fs_);
  LedgerOptions options_;
  PrivateKey admin_ = SeededKey(1);
  PrivateKey writer_ = SeededKey(10);
  std::unique_ptr<Ledger> ledger_;
  std::vector<std::pair<uint64_t, Digest>> acknowledged_;
};

TEST_P(StorageFaultTest, RefusedNeverAcknowledgedAndRecoveredOnReopen) {
  const FaultCase& test = GetParam();
  fs_->Arm(test.fault, ".log");
  auto hit = ledger_->Append(NoteNumber(100));
  ASSERT_TRUE(fs_->fired()) << "the fault was never reached";
  ASSERT_FALSE(hit.has_value()) << "an append whose write failed was acknowledged as seq " << hit->seq;
  EXPECT_EQ(hit.error().code, ErrorCode::kIo);
  EXPECT_NE(hit.error().message.find(test.refusal), std::string::npos) << hit.error().message;
  EXPECT_NE(hit.error().message.find("reopen the ledger and retry with the same event ids"), std::string::npos)
      << hit.error().message;

  // Refused until reopened, although the disk is healthy again.
  auto later = ledger_->Append(NoteNumber(101));
  ASSERT_FALSE(later.has_value());
  EXPECT_EQ(later.error().code, ErrorCode::kIo);
  EXPECT_NE(later.error().message.find("reopen the ledger"), std::string::npos) << later.error().message;

  ledger_.reset();
  if (test.power_cut) fs_->DropUnsyncedWrites();
  ASSERT_NO_FATAL_FAILURE(ReopenAndCheck());

  // The refused action may or may not have reached the disk; the same event
  // id either records it now or answers with the entry it already has.
  auto retried = ledger_->Append(NoteNumber(100));
  ASSERT_TRUE(retried.has_value()) << retried.error().ToString();
  if (test.power_cut || test.fault != StorageFault::kSyncError) {
    EXPECT_FALSE(retried->duplicate) << "a write that failed, or was lost with the power, left its entry behind";
  }
  Acknowledge(NoteNumber(101));
  ExpectAcknowledgedAndVerified();
}

INSTANTIATE_TEST_SUITE_P(
    Faults, StorageFaultTest,
    ::testing::Values(FaultCase{StorageFault::kWriteError, false, "injected write error"},
                      FaultCase{StorageFault::kWriteError, true, "injected write error"},
                      FaultCase{StorageFault::kNoSpace, false, "No space left on device"},
                      FaultCase{StorageFault::kNoSpace, true, "No space left on device"},
                      FaultCase{StorageFault::kSyncError, false, "injected sync error"},
                      FaultCase{StorageFault::kSyncError, true, "injected sync error"}),
    CaseName);

// A power cut with no fault: every acknowledged append was synced before it
// was acknowledged, so losing every unsynced write loses none of them.
TEST_F(StorageFaultTest, PowerCutLosesNoAcknowledgedEntry) {
  ledger_.reset();
  fs_->DropUnsyncedWrites();
  ASSERT_NO_FATAL_FAILURE(ReopenAndCheck());
  Acknowledge(NoteNumber(20));
}

// Opening writes a new MANIFEST; when that fails the open is refused, with
// the cause, and the next open succeeds with everything in place.
TEST_F(StorageFaultTest, FailedOpenIsRefusedAndLeavesTheLedgerWhole) {
  ledger_.reset();
  fs_->Arm(StorageFault::kWriteError, "MANIFEST");
  auto failed = Ledger::Open(dir_.Sub("ledger"), options_);
  ASSERT_TRUE(fs_->fired());
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().code, ErrorCode::kIo);
  EXPECT_NE(failed.error().message.find("injected write error"), std::string::npos) << failed.error().message;
  fs_->DropUnsyncedWrites();
  ASSERT_NO_FATAL_FAILURE(ReopenAndCheck());
  Acknowledge(NoteNumber(20));
}

}  // namespace
}  // namespace gongkai::testing
