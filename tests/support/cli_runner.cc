#include "tests/support/cli_runner.h"

#include <fmt/core.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace gongkai::testing {

CliRun RunCommand(const std::string& binary, const std::string& working_dir, const std::string& args,
                  const std::string& stdin_text) {
  std::string in = working_dir + "/stdin", out = working_dir + "/stdout", err = working_dir + "/stderr";
  std::ofstream(in) << stdin_text;
  std::string command =
      fmt::format("cd '{}' && '{}' {} <'{}' >'{}' 2>'{}'", working_dir, binary, args, in, out, err);
  int status = std::system(command.c_str());
  auto slurp = [](const std::string& path) {
    std::stringstream s;
    s << std::ifstream(path).rdbuf();
    return s.str();
  };
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
}

}  // namespace gongkai::testing
