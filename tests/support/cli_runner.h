// Runs a command-line program as a user would, through the shell, and
// captures what it printed.
#pragma once

#include <string>

namespace gongkai::testing {

struct CliRun {
  int exit_code;  // -1 when the program did not exit normally
  std::string out;
  std::string err;
};

// Runs `'BINARY' ARGS` in `working_dir` with `stdin_text` as its standard
// input. ARGS is shell text, passed on unquoted. The standard streams go
// through the files stdin, stdout and stderr in `working_dir`.
CliRun RunCommand(const std::string& binary, const std::string& working_dir, const std::string& args,
                  const std::string& stdin_text = "");

}  // namespace gongkai::testing
