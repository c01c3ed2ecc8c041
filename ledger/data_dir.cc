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

Result<std::unique_ptr<Ledger>> InitDataDir(const DataDir& dir, const GenesisSpec& spec, const PrivateKey& admin,
                                            const PrivateKey& log_key, LedgerOptions options) {
  std::error_code ec;
  if (std::filesystem::exists(dir.ledger(), ec)) {
    return Fail(ErrorCode::kAlreadyExists, "{} already holds a ledger", dir.root());
  }
  auto genesis = SignAction(admin, BuildGenesis(spec, admin.public_key(), log_key.public_key()));
  GK_RETURN_IF_ERROR(genesis);
  std::filesystem::create_directories(dir.root(), ec);
  if (ec) return Fail(ErrorCode::kIo, "cannot create {}: {}", dir.root(), ec.message());
  GK_RETURN_IF_ERROR(log_key.SavePem(dir.log_key()));
  auto forget_log_key = [&] {
    std::filesystem::remove(dir.log_key(), ec);
    std::filesystem::remove(dir.log_public_key(), ec);
  };
  if (auto s = WriteFileDurably(dir.log_public_key(), log_key.public_key().ToPem()); !s) {
    forget_log_key();
    return std::unexpected(s.error());
  }
  options.log_key = &log_key;
  auto ledger = Ledger::Create(dir.ledger(), *genesis, options);
  // The log key belongs to the genesis: keep it once the store exists.
  if (!ledger && !std::filesystem::exists(dir.ledger(), ec)) forget_log_key();
  return ledger;
}

}  // namespace gongkai
