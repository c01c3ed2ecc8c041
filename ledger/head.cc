#include "ledger/head.h"

namespace gongkai {

Bytes EncodeHead(const Head& head) {
  Bytes value(80);
  PutBigEndian(value.data(), head.size, 8);
  std::copy(head.last_hash.begin(), head.last_hash.end(), value.begin() + 8);
  PutBigEndian(value.data() + 40, static_cast<uint64_t>(head.last_recorded), 8);
  std::copy(head.registry_digest.begin(), head.registry_digest.end(), value.begin() + 48);
  return value;
}

Result<Head> DecodeHead(std::string_view value) {
  if (value.size() != 80) return Fail(ErrorCode::kCorruption, "head record is {} bytes, not 80", value.size());
  auto bytes = AsBytes(value);
  Head head;
  head.size = GetBigEndian(bytes.data(), 8);
  std::copy(bytes.begin() + 8, bytes.begin() + 40, head.last_hash.begin());
  head.last_recorded = static_cast<UnixMicros>(GetBigEndian(bytes.data() + 40, 8));
  std::copy(bytes.begin() + 48, bytes.end(), head.registry_digest.begin());
  return head;
}

Result<Head> ReadHead(const Store& store) {
  auto value = store.Get(Family::kMeta, AsBytes(kHeadKey));
  GK_RETURN_IF_ERROR(value);
  if (!*value) return Fail(ErrorCode::kCorruption, "{} has no head record", store.dir());
  return DecodeHead(**value);
}

}  // namespace gongkai
