#include "ledger/data_dir.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "ledger/base/file.h"
#include "ledger/hash.h"
#include "ledger/signed_action.h"

namespace gongkai {

bool IsWritableDirectory(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path where = fs::absolute(path, ec);
  while (!fs::exists(where, ec) && where.has_parent_path() && where != where.parent_path()) {
    where = where.parent_path();
  }
  // access() reports EROFS for a read-only mount even to root.
  return access(where.c_str(), W_OK) == 0;
}

bool DataDir::writable() const { return IsWritableDirectory(root_); }

std::string DataDir::scratch_parent() const {
  if (writable()) return root_;
  const char* tmp = std::getenv("TMPDIR");
  return tmp && *tmp ? tmp : "/tmp";
}

Result<std::string> DataDir::projections() const {
  if (writable()) return root_ + "/projections";
  namespace fs = std::filesystem;
  std::error_code ec;
  std::string absolute = fs::weakly_canonical(fs::absolute(root_, ec), ec).string();
  std::string base = scratch_parent();
  std::string id = ToHex(Sha256(AsBytes(absolute))).substr(0, 16);
  std::string scratch = fmt::format("{}/gongkai-projections-{}-{}", base, getuid(), id);
  if (mkdir(scratch.c_str(), 0700) != 0 && errno != EEXIST) {
    return Fail(ErrorCode::kIo, "{} is read-only, and its projections cannot be built in {}: {}", root_, scratch,
                std::strerror(errno));
  }
  struct stat info {};
  if (lstat(scratch.c_str(), &info) != 0 || !S_ISDIR(info.st_mode) || info.st_uid != getuid()) {
    return Fail(ErrorCode::kIo, "{} is read-only, and {} (for its projections) is not a directory of this user",
                root_, scratch);
  }
  return scratch;
}

Result<std::shared_ptr<const CertificateRoots>> LoadCertificateRoots(const DataDir& dir) {
  if (!std::filesystem::exists(dir.ca_roots())) return std::shared_ptr<const CertificateRoots>();
  auto roots = CertificateRoots::FromPemFile(dir.ca_roots());
  GK_RETURN_IF_ERROR(roots);
  return std::make_shared<const CertificateRoots>(std::move(*roots));
}

LogKeys LogSigningKeys::public_keys() const {
  return LogKeys{ed25519.public_key(), sm2 ? std::optional(sm2->public_key()) : std::nullopt};
}

void LogSigningKeys::ApplyTo(LedgerOptions& options) const {
  options.log_key = &ed25519;
  options.sm2_log_key = sm2 ? &*sm2 : nullptr;
}

Result<LogSigningKeys> ReadLogSigningKeys(const DataDir& dir) {
  auto ed25519 = PrivateKey::FromPemFile(dir.log_key(), SignatureAlgorithm::kEd25519);
  GK_RETURN_IF_ERROR(ed25519);
  LogSigningKeys keys{std::move(*ed25519), std::nullopt};
  std::error_code ec;
  if (std::filesystem::exists(dir.sm2_log_key(), ec)) {
    auto sm2 = PrivateKey::FromPemFile(dir.sm2_log_key(), SignatureAlgorithm::kSm2);
    GK_RETURN_IF_ERROR(sm2);
    keys.sm2 = std::move(*sm2);
  }
  return keys;
}

Result<std::unique_ptr<Ledger>> InitDataDir(const DataDir& dir, const GenesisSpec& spec, const PrivateKey& admin,
                                            const LogSigningKeys& log_keys, LedgerOptions options) {
  std::error_code ec;
  if (std::filesystem::exists(dir.ledger(), ec)) {
    return Fail(ErrorCode::kAlreadyExists, "{} already holds a ledger", dir.root());
  }
  auto genesis = SignAction(admin, BuildGenesis(spec, admin.public_key(), log_keys.public_keys()));
  GK_RETURN_IF_ERROR(genesis);
  std::filesystem::create_directories(dir.root(), ec);
  if (ec) return Fail(ErrorCode::kIo, "cannot create {}: {}", dir.root(), ec.message());
  struct KeyFiles {
    const PrivateKey* key;
    std::string private_path, public_path;
  };
  std::vector<KeyFiles> files{{&log_keys.ed25519, dir.log_key(), dir.log_public_key()}};
  if (log_keys.sm2) files.push_back({&*log_keys.sm2, dir.sm2_log_key(), dir.sm2_log_public_key()});
  std::vector<std::string> written;
  auto forget_log_keys = [&] {
    for (const auto& path : written) std::filesystem::remove(path, ec);
  };
  for (const KeyFiles& file : files) {
    if (auto s = file.key->SavePem(file.private_path); !s) {
      forget_log_keys();
      return std::unexpected(s.error());
    }
    written.push_back(file.private_path);
    written.push_back(file.public_path);
    if (auto s = WriteFileDurably(file.public_path, file.key->public_key().ToPem()); !s) {
      forget_log_keys();
      return std::unexpected(s.error());
    }
  }
  log_keys.ApplyTo(options);
  auto ledger = Ledger::Create(dir.ledger(), *genesis, options);
  // The log keys belong to the genesis: keep them once the store exists.
  if (!ledger && !std::filesystem::exists(dir.ledger(), ec)) forget_log_keys();
  return ledger;
}

}  // namespace gongkai
