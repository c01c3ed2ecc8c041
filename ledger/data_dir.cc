#include "ledger/data_dir.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <cstdlib>
#include <filesystem>

#include "ledger/hash.h"

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

}  // namespace gongkai
