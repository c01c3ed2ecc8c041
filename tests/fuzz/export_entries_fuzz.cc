// An export's entries.bin, read frame by frame as gongkai-verify reads it;
// each stored value it yields goes on to the entry decoder.
#include <sys/mman.h>
#include <unistd.h>

#include "ledger/entry.h"
#include "ledger/export_format.h"
#include "tests/fuzz/fuzz_target.h"

using namespace gongkai;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  int fd = memfd_create("entries.bin", 0);
  if (fd < 0) return 0;
  bool written = ::write(fd, data, size) == static_cast<ssize_t>(size);
  if (written) {
    auto reader = ExportEntryReader::Open("/proc/self/fd/" + std::to_string(fd));
    while (reader) {
      auto value = reader->Next();
      if (!value || !*value) break;
      const std::string& stored = **value;
      FUZZ_REQUIRE(stored.size() <= size);
      (void)DecodeEntry(AsBytes(stored));
    }
  }
  close(fd);
  return 0;
}
