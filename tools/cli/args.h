// A small command-line parser: "--name value", "--name=value", boolean
// "--flag", repeatable options, and positional arguments. Every option a
// command reads must be declared, so a misspelt option is an error, not
// silently ignored.
#pragma once

#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ledger/base/error.h"

namespace gongkai::cli {

struct OptionSpec {
  std::string name;        // without "--"
  bool takes_value;
  std::string help;        // one line; for value options, starts with the value's name
};

class Args {
 public:
  // Parses `argv` against the declared options. "--help" is always known.
  static Result<Args> Parse(const std::vector<std::string>& argv, const std::vector<OptionSpec>& specs);

  bool Has(const std::string& name) const { return values_.contains(name); }
  std::optional<std::string> Get(const std::string& name) const;
  std::vector<std::string> GetAll(const std::string& name) const;
  Result<std::string> Require(const std::string& name) const;
  // Refuses, naming the first one missing, unless every option is given;
  // then each may be read with *Get(name).
  Status RequireAll(std::initializer_list<std::string_view> names) const;
  Result<uint64_t> GetUint(const std::string& name, uint64_t fallback) const;
  const std::vector<std::string>& positional() const { return positional_; }
  bool help() const { return Has("help"); }

 private:
  std::map<std::string, std::vector<std::string>> values_;
  std::vector<std::string> positional_;
};

Result<uint64_t> ParseUint(const std::string& text, const std::string& what);
std::string FormatOptions(const std::vector<OptionSpec>& specs);

}  // namespace gongkai::cli
