#include "ledger/witness.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "ledger/base/file.h"
#include "ledger/merkle.h"

namespace gongkai {

Status CheckWitnessable(const std::optional<Checkpoint>& accepted, const Checkpoint& candidate,
                        const std::optional<ConsistencyProof>& proof) {
  if (!accepted) return {};
  if (candidate.origin != accepted->origin) {
    return Fail(ErrorCode::kWrongLedger, "refused: the checkpoint is for '{}', this witness follows '{}'",
                candidate.origin, accepted->origin);
  }
  if (candidate.size < accepted->size) {
    return Fail(ErrorCode::kCorruption, "refused: size {} is smaller than the accepted {} (history rolled back)",
                candidate.size, accepted->size);
  }
  if (candidate.size == accepted->size) {
    if (candidate.root != accepted->root) {
      return Fail(ErrorCode::kCorruption, "refused: a different root hash for size {} (a fork of history)",
                  candidate.size);
    }
    return {};
  }
  if (!proof) {
    return Fail(ErrorCode::kInvalidArgument,
                "a consistency proof from {} to {} is needed (--proof; 'gongkai prove consistency {} {}')",
                accepted->size, candidate.size, accepted->size, candidate.size);
  }
  if (proof->old_size != accepted->size || proof->new_size != candidate.size) {
    return Fail(ErrorCode::kInvalidArgument, "the proof is from {} to {}, not from {} to {}", proof->old_size,
                proof->new_size, accepted->size, candidate.size);
  }
  if (auto s = VerifyMerkleConsistency(accepted->size, candidate.size, proof->proof, accepted->root, candidate.root);
      !s) {
    return Fail(ErrorCode::kCorruption, "refused: the checkpoint does not extend the accepted one (a fork): {}",
                s.error().message);
  }
  return {};
}

Result<WitnessState> WitnessState::Open(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Fail(ErrorCode::kIo, "cannot create the witness state {}: {}", dir, ec.message());
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all, ec);
  int fd = ::open((dir + "/lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Fail(ErrorCode::kIo, "cannot open {}/lock: {}", dir, std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK) return Fail(ErrorCode::kBusy, "the witness state {} is in use by another process", dir);
    return Fail(ErrorCode::kIo, "cannot lock {}/lock: {}", dir, std::strerror(err));
  }
  return WitnessState(dir, fd);
}

WitnessState::WitnessState(WitnessState&& other) noexcept
    : dir_(std::move(other.dir_)), lock_fd_(std::exchange(other.lock_fd_, -1)) {}

WitnessState::~WitnessState() {
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

Result<std::optional<Checkpoint>> WitnessState::Accepted(std::string_view origin, const PublicKey& log_key) const {
  std::ifstream file(checkpoint_path(), std::ios::binary);
  if (!file) {
    if (errno == ENOENT) return std::optional<Checkpoint>();
    return Fail(ErrorCode::kIo, "cannot read {}: {}", checkpoint_path(), std::strerror(errno));
  }
  std::ostringstream text;
  text << file.rdbuf();
  auto note = ParseSignedNote(text.str());
  if (!note) return Fail(ErrorCode::kCorruption, "the accepted checkpoint in {}: {}", checkpoint_path(), note.error().message);
  auto checkpoint = OpenCheckpoint(*note, origin, log_key);
  if (!checkpoint) {
    return Fail(checkpoint.error().code, "the accepted checkpoint in {}: {}", checkpoint_path(),
                checkpoint.error().message);
  }
  return std::optional<Checkpoint>(std::move(*checkpoint));
}

Result<SignedNote> WitnessState::Cosign(const SignedNote& note, const PublicKey& log_key,
                                        const std::optional<ConsistencyProof>& proof, std::string_view name,
                                        const PrivateKey& key, uint64_t timestamp) {
  auto body = ParseCheckpointBody(note.body);
  GK_RETURN_IF_ERROR(body);
  auto candidate = OpenCheckpoint(note, body->origin, log_key);
  GK_RETURN_IF_ERROR(candidate);
  auto accepted = Accepted(candidate->origin, log_key);
  GK_RETURN_IF_ERROR(accepted);
  GK_RETURN_IF_ERROR(CheckWitnessable(*accepted, *candidate, proof));
  SignedNote cosigned = note;
  cosigned.signatures.push_back(CosignNote(note.body, name, key, timestamp));
  GK_RETURN_IF_ERROR(WriteFileDurably(checkpoint_path(), cosigned.ToString(), 0600));
  return cosigned;
}

}  // namespace gongkai
