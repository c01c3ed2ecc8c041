#include "tools/cli/args.h"

#include <algorithm>
#include <charconv>

namespace gongkai::cli {

Result<Args> Args::Parse(const std::vector<std::string>& argv, const std::vector<OptionSpec>& specs) {
  Args args;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& word = argv[i];
    if (word == "--") {
      args.positional_.insert(args.positional_.end(), argv.begin() + i + 1, argv.end());
      break;
    }
    if (!word.starts_with("--") || word == "-") {
      args.positional_.push_back(word);
      continue;
    }
    std::string name = word.substr(2);
    std::optional<std::string> inline_value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name.resize(eq);
    }
    if (name == "help") {
      args.values_["help"].push_back("");
      continue;
    }
    auto spec = std::find_if(specs.begin(), specs.end(), [&](const OptionSpec& s) { return s.name == name; });
    if (spec == specs.end()) return Fail(ErrorCode::kInvalidArgument, "unknown option --{} (see --help)", name);
    if (!spec->takes_value) {
      if (inline_value) return Fail(ErrorCode::kInvalidArgument, "option --{} takes no value", name);
      args.values_[name].push_back("");
      continue;
    }
    if (!inline_value) {
      if (i + 1 >= argv.size()) return Fail(ErrorCode::kInvalidArgument, "option --{} needs a value", name);
      inline_value = argv[++i];
    }
    args.values_[name].push_back(*inline_value);
  }
  return args;
}

std::optional<std::string> Args::Get(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second.back();
}

std::vector<std::string> Args::GetAll(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

Result<std::string> Args::Require(const std::string& name) const {
  auto value = Get(name);
  if (!value || value->empty()) return Fail(ErrorCode::kInvalidArgument, "missing required option --{}", name);
  return *value;
}

Status Args::RequireAll(std::initializer_list<std::string_view> names) const {
  for (std::string_view name : names) GK_RETURN_IF_ERROR(Require(std::string(name)));
  return {};
}

Result<uint64_t> ParseUint(const std::string& text, const std::string& what) {
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "{} must be a non-negative integer, got '{}'", what, text);
  }
  return value;
}

Result<uint64_t> Args::GetUint(const std::string& name, uint64_t fallback) const {
  auto value = Get(name);
  if (!value) return fallback;
  return ParseUint(*value, "--" + name);
}

std::string FormatOptions(const std::vector<OptionSpec>& specs) {
  std::string out;
  for (const auto& spec : specs) {
    std::string left = fmt::format("  --{}", spec.name);
    std::string help = spec.help;
    if (spec.takes_value) {
      auto space = help.find(' ');
      left += fmt::format(" {}", help.substr(0, space));
      help = space == std::string::npos ? "" : help.substr(space + 1);
    }
    if (left.size() < 26) left.resize(26, ' ');
    else left += "  ";
    out += left + help + "\n";
  }
  out += "  --help                  show this help\n";
  return out;
}

}  // namespace gongkai::cli
