#include "projections/entry_scan.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "ledger/entry.h"
#include "ledger/head.h"

namespace gongkai::projections {
namespace {

// Entries are read, decoded and parsed on a reader thread, a chunk at a
// time, while the caller's thread visits the chunk before; at most
// kChunksAhead chunks wait, so memory stays bounded.
constexpr size_t kChunkEntries = 2048;
constexpr size_t kChunksAhead = 4;

struct ParsedEntry {
  uint64_t seq;
  UnixMicros recorded_time;
  Action action;
  Digest hash;
};

struct Chunk {
  std::vector<ParsedEntry> entries;
  Status status;      // an error after the entries (which come before it)
  bool last = false;  // nothing follows
};

// A bounded hand-over from the reader to the visitor. Closing it (the
// visitor stopped) makes the reader's Push return false.
class ChunkQueue {
 public:
  bool Push(Chunk chunk) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return closed_ || chunks_.size() < kChunksAhead; });
    if (closed_) return false;
    chunks_.push_back(std::move(chunk));
    changed_.notify_all();
    return true;
  }
  Chunk Pop() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return !chunks_.empty(); });
    Chunk chunk = std::move(chunks_.front());
    chunks_.pop_front();
    changed_.notify_all();
    return chunk;
  }
  void Close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Chunk> chunks_;
  bool closed_ = false;
};

// Reads entries [from, end) into `queue`, a chunk at a time, ending with a
// chunk marked last (carrying the error, if one stopped the read).
void ReadEntries(const Store& store, uint64_t from, uint64_t end, ChunkQueue& queue) {
  uint64_t seq = from;
  auto it = store.Scan(Family::kEntries);
  it->Seek(ToSlice(SeqKey(from)));
  for (;;) {
    Chunk chunk;
    chunk.entries.reserve(kChunkEntries);
    for (; it->Valid() && seq < end && chunk.entries.size() < kChunkEntries; it->Next(), ++seq) {
      auto split = SplitStoredEntry(ToBytes(it->value()));
      if (!split) {
        chunk.status = FailAt(seq, split.error().code, "{}", split.error().message);
        break;
      }
      auto entry = DecodeEntry(split->record);
      if (!entry) {
        chunk.status = FailAt(seq, entry.error().code, "{}", entry.error().message);
        break;
      }
      if (entry->seq != seq) {
        chunk.status = FailAt(seq, ErrorCode::kCorruption, "entry holds sequence number {}", entry->seq);
        break;
      }
      auto action = Action::ParseStored(entry->action);
      if (!action) {
        chunk.status = FailAt(seq, action.error().code, "{}", action.error().message);
        break;
      }
      ParsedEntry parsed{seq, entry->recorded_time, std::move(*action), {}};
      std::copy(split->stored_hash.begin(), split->stored_hash.end(), parsed.hash.begin());
      chunk.entries.push_back(std::move(parsed));
    }
    if (chunk.status) {
      if (!it->status().ok()) {
        chunk.status = Fail(ErrorCode::kIo, "reading entries: {}", it->status().ToString());
      } else if (chunk.entries.size() < kChunkEntries && seq < end) {
        chunk.status = FailAt(seq, ErrorCode::kCorruption, "entry is missing from the store (the head says {})", end);
      }
    }
    chunk.last = !chunk.status || seq >= end;
    bool last = chunk.last;
    if (!queue.Push(std::move(chunk)) || last) return;
  }
}

}  // namespace

Status ScanEntries(const Store& store, uint64_t from, uint64_t end, const EntryVisitor& visit) {
  if (from >= end) return {};
  ChunkQueue queue;
  std::jthread reader([&] { ReadEntries(store, from, end, queue); });
  // The reader stops at its next Push once the queue is closed; the
  // jthread joins it on return.
  struct CloseOnExit {
    ChunkQueue& queue;
    ~CloseOnExit() { queue.Close(); }
  } close_on_exit{queue};
  for (;;) {
    Chunk chunk = queue.Pop();
    for (const ParsedEntry& entry : chunk.entries) {
      auto go_on = visit(EventRecord{entry.seq, entry.recorded_time, entry.action}, entry.hash);
      if (!go_on) {
        Error error = go_on.error();
        if (!error.seq) error.seq = entry.seq;
        return std::unexpected(std::move(error));
      }
      if (!*go_on) return {};
    }
    if (chunk.last) return chunk.status;
  }
}

Status ApplyEntries(const Store& store, uint64_t end, const std::function<Status(const EventRecord&)>& apply) {
  auto head = ReadHead(store);
  GK_RETURN_IF_ERROR(head);
  return ScanEntries(store, 0, std::min(end, head->size), [&](const EventRecord& record, const Digest&) -> Result<bool> {
    if (auto s = apply(record); !s) return std::unexpected(s.error());
    return true;
  });
}

}  // namespace gongkai::projections
