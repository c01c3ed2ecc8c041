#include "projections/finding.h"

namespace gongkai::projections {

std::optional<std::string> SubjectOfFinding(std::string_view id) {
  size_t at = id.find('@');
  if (at == std::string_view::npos || at == 0) return std::nullopt;
  std::string subject(id.substr(at + 1));
  if (size_t hash = subject.rfind('#'); hash != std::string::npos) subject.resize(hash);
  if (subject.find('/') == std::string::npos) return std::nullopt;
  return subject;
}

}  // namespace gongkai::projections
