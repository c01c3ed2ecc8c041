#include "ledger/witness.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <utility>

#include <fmt/core.h>

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
  if (candidate.hash != accepted->hash) {
    return Fail(ErrorCode::kCorruption, "refused: the checkpoint names hash algorithm {}, the accepted one {}",
                HashAlgorithmName(candidate.hash), HashAlgorithmName(accepted->hash));
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
    return Fail(ErrorCode::kProofRequired,
                "refused: a consistency proof from {} to {} is needed (--proof; 'gongkai prove consistency {} {}')",
                accepted->size, candidate.size, accepted->size, candidate.size);
  }
  if (proof->old_size != accepted->size || proof->new_size != candidate.size) {
    return Fail(ErrorCode::kProofRequired, "refused: the proof is from {} to {}, not from {} to {}", proof->old_size,
                proof->new_size, accepted->size, candidate.size);
  }
  if (auto s = VerifyMerkleConsistency(candidate.hash, accepted->size, candidate.size, proof->proof, accepted->root,
                                       candidate.root);
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
  std::error_code ec;
  if (!std::filesystem::exists(checkpoint_path(), ec) && !ec) return std::optional<Checkpoint>();
  auto text = ReadWholeFile(checkpoint_path());
  GK_RETURN_IF_ERROR(text);
  auto note = ParseSignedNote(*text);
  if (!note) return Fail(ErrorCode::kCorruption, "the accepted checkpoint in {}: {}", checkpoint_path(), note.error().message);
  auto checkpoint = OpenCheckpoint(*note, origin, LogKeys{log_key, std::nullopt});
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
  auto candidate = OpenCheckpoint(note, body->origin, LogKeys{log_key, std::nullopt});
  GK_RETURN_IF_ERROR(candidate);
  auto accepted = Accepted(candidate->origin, log_key);
  GK_RETURN_IF_ERROR(accepted);
  GK_RETURN_IF_ERROR(CheckWitnessable(*accepted, *candidate, proof));
  return Record(note, name, key, timestamp);
}

Result<SignedNote> WitnessState::Record(const SignedNote& note, std::string_view name, const PrivateKey& key,
                                        uint64_t timestamp) {
  SignedNote cosigned = note;
  cosigned.signatures.push_back(CosignNote(note.body, name, key, timestamp));
  GK_RETURN_IF_ERROR(WriteFileDurably(checkpoint_path(), cosigned.ToString(), 0600));
  return cosigned;
}

Result<AddCheckpointRequest> ParseAddCheckpoint(std::string_view body) {
  AddCheckpointRequest request;
  auto line = [&body]() -> std::optional<std::string_view> {
    size_t end = body.find('\n');
    if (end == std::string_view::npos) return std::nullopt;
    std::string_view text = body.substr(0, end);
    body.remove_prefix(end + 1);
    return text;
  };
  auto first = line();
  if (!first || !first->starts_with("old ")) return Fail(ErrorCode::kMalformed, "the request must start 'old <size>'");
  std::string_view size = first->substr(4);
  auto [end, ec] = std::from_chars(size.data(), size.data() + size.size(), request.old_size);
  if (ec != std::errc() || end != size.data() + size.size() || size.empty() || (size.size() > 1 && size[0] == '0')) {
    return Fail(ErrorCode::kMalformed, "'{}' is not an old size line", *first);
  }
  for (;;) {
    auto next = line();
    if (!next) return Fail(ErrorCode::kMalformed, "no empty line before the checkpoint");
    if (next->empty()) break;
    if (request.proof.size() == 63) return Fail(ErrorCode::kMalformed, "more than 63 consistency proof lines");
    auto hash = FromBase64(*next);
    if (!hash || hash->size() != 32) return Fail(ErrorCode::kMalformed, "'{}' is not a base64 hash", *next);
    Digest digest;
    std::copy(hash->begin(), hash->end(), digest.begin());
    request.proof.push_back(digest);
  }
  auto note = ParseSignedNote(body);
  if (!note) return Fail(ErrorCode::kMalformed, "the checkpoint: {}", note.error().message);
  request.checkpoint = std::move(*note);
  return request;
}

std::string FormatAddCheckpoint(const AddCheckpointRequest& request) {
  std::string body = fmt::format("old {}\n", request.old_size);
  for (const Digest& hash : request.proof) body += ToBase64(hash) + "\n";
  return body + "\n" + request.checkpoint.ToString();
}

WitnessAnswer WitnessState::AddCheckpoint(const AddCheckpointRequest& request, std::string_view origin,
                                          const PublicKey& log_key, std::string_view name, const PrivateKey& key,
                                          uint64_t timestamp) {
  auto refuse = [](unsigned status, std::string message) {
    return WitnessAnswer{status, "text/plain; charset=utf-8", std::move(message) + "\n"};
  };
  auto body = ParseCheckpointBody(request.checkpoint.body);
  if (!body) return refuse(400, "not a checkpoint: " + body.error().message);
  if (body->origin != origin) return refuse(404, fmt::format("this witness does not follow '{}'", body->origin));
  auto candidate = OpenCheckpoint(request.checkpoint, origin, LogKeys{log_key, std::nullopt});
  if (!candidate) return refuse(403, "no signature by the log's key verifies: " + candidate.error().message);
  if (request.old_size > candidate->size) {
    return refuse(400, fmt::format("old size {} is over the checkpoint's {}", request.old_size, candidate->size));
  }
  auto accepted = Accepted(origin, log_key);
  if (!accepted) return refuse(500, accepted.error().ToString());
  uint64_t accepted_size = *accepted ? (*accepted)->size : 0;
  if (request.old_size != accepted_size) {
    return WitnessAnswer{409, "text/x.tlog.size", fmt::format("{}\n", accepted_size)};
  }
  if (request.old_size == 0 && !request.proof.empty()) return refuse(400, "a proof from size 0 must be empty");
  if (*accepted && candidate->hash != (*accepted)->hash) {
    return refuse(409, fmt::format("the checkpoint names hash algorithm {}, the accepted one {}",
                                   HashAlgorithmName(candidate->hash), HashAlgorithmName((*accepted)->hash)));
  }
  if (*accepted && candidate->size == accepted_size) {
    if (candidate->root != (*accepted)->root) {
      return refuse(409, fmt::format("a different root for size {} (a fork of history)", accepted_size));
    }
  } else if (*accepted) {
    if (!VerifyMerkleConsistency(candidate->hash, accepted_size, candidate->size, request.proof, (*accepted)->root,
                                 candidate->root)) {
      return WitnessAnswer{422, "text/plain; charset=utf-8",
                           fmt::format("the proof does not show {} extends {}\n", candidate->size, accepted_size)};
    }
  }
  auto cosigned = Record(request.checkpoint, name, key, timestamp);
  if (!cosigned) return refuse(500, cosigned.error().ToString());
  std::string line = SignedNote{request.checkpoint.body, {cosigned->signatures.back()}}.ToString();
  return WitnessAnswer{200, "text/plain; charset=utf-8", line.substr(request.checkpoint.body.size() + 1)};
}

}  // namespace gongkai
