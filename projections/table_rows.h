// The rows a batch of acts puts in each table of a projection generation
// (docs/PROJECTIONS.md), gathered compactly: each act's value is encoded
// once into one buffer, and subjects, people and agencies are interned.
//
// Keys (all integers big-endian):
//   by subject  subject ‖ 0x00 ‖ seq (8) ‖ index (2)
//   by person   person  ‖ 0x00 ‖ business time (8, sign bit flipped) ‖ seq (8) ‖ index (2)
//   by agency   agency  ‖ 0x00 ‖ business time (8, sign bit flipped) ‖ seq (8) ‖ index (2)
// `index` numbers the acts of one entry (a collective decision's votes).
//
// Acts are added in ledger order, so rows come out in key order without
// comparing keys: grouped by the rank of their name (a counting sort), then
// by time within a group (integers only). A rebuild of a million entries
// sorts in well under a second this way.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/bytes.h"
#include "ledger/base/error.h"
#include "projections/acts.h"

namespace gongkai::projections {

enum class Table : size_t { kBySubject = 0, kByPerson, kByAgency };
inline constexpr size_t kTableCount = 3;
// The column family of table t in generation N is "gN/" + kTableNames[t].
inline constexpr std::array<std::string_view, kTableCount> kTableNames = {"acts-by-subject", "acts-by-person",
                                                                          "acts-by-agency"};

// Sorts signed business times as unsigned bytes.
inline uint64_t TimeKey(UnixMicros t) { return static_cast<uint64_t>(t) ^ (1ULL << 63); }

class TableRows {
 public:
  // Adds the acts of one entry (in ledger order, after those of earlier entries).
  void Add(const std::vector<ActRecord>& acts);
  // Makes room for about `entries` entries' acts (a hint).
  void Reserve(uint64_t entries);
  size_t size() const { return rows_.size(); }
  bool empty() const { return rows_.empty(); }
  // About how many bytes one table's rows take (keys and values).
  uint64_t bytes() const { return values_.size() + rows_.size() * 64; }
  void clear();

  // Calls `row(key, value)` for every row of `table`, in key order; stops at
  // the first error and returns it.
  using RowFn = std::function<Status(ByteView key, ByteView value)>;
  Status ForEachInKeyOrder(Table table, const RowFn& row) const;

 private:
  struct Row {
    uint64_t seq;
    UnixMicros time;
    uint32_t subject, person, agency;  // interned names
    uint16_t index;
    uint64_t value_at;  // the encoded act: values_[value_at, value_at + value_size)
    uint32_t value_size;
  };
  // The id of `name`, added if new (open addressing on name_slots_).
  uint32_t Intern(std::string_view name);
  void KeyOf(Table table, const Row& row, Bytes& key) const;

  std::vector<Row> rows_;
  Bytes values_;
  std::vector<std::string> names_;  // by id
  struct NameSlot {
    uint64_t hash = 0;
    uint32_t id = UINT32_MAX;  // UINT32_MAX: empty
  };
  std::vector<NameSlot> name_slots_;  // a power of two, at most half full
};

}  // namespace gongkai::projections
