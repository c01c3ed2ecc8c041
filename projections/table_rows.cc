#include "projections/table_rows.h"

#include <algorithm>
#include <functional>
#include <numeric>

namespace gongkai::projections {

uint32_t TableRows::Intern(std::string_view name) {
  if (2 * (names_.size() + 1) > name_slots_.size()) {
    std::vector<NameSlot> old = std::move(name_slots_);
    name_slots_.assign(std::max<size_t>(1024, 2 * old.size()), NameSlot{});
    size_t mask = name_slots_.size() - 1;
    for (const NameSlot& slot : old) {
      if (slot.id == UINT32_MAX) continue;
      size_t i = slot.hash & mask;
      while (name_slots_[i].id != UINT32_MAX) i = (i + 1) & mask;
      name_slots_[i] = slot;
    }
  }
  uint64_t hash = std::hash<std::string_view>()(name);
  size_t mask = name_slots_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    NameSlot& slot = name_slots_[i];
    if (slot.id == UINT32_MAX) {
      slot = {hash, static_cast<uint32_t>(names_.size())};
      names_.emplace_back(name);
      return slot.id;
    }
    if (slot.hash == hash && names_[slot.id] == name) return slot.id;
  }
}

void TableRows::Add(const std::vector<ActRecord>& acts) {
  if (acts.empty()) return;
  // The acts of one entry share its subject and agency.
  uint32_t subject = Intern(acts[0].subject), agency = Intern(acts[0].agency);
  uint16_t index = 0;
  for (const ActRecord& act : acts) {
    uint64_t at = values_.size();
    AppendActRecord(act, values_);
    rows_.push_back(Row{act.seq, act.business_time, act.subject == acts[0].subject ? subject : Intern(act.subject),
                        Intern(act.person), act.agency == acts[0].agency ? agency : Intern(act.agency), index++, at,
                        static_cast<uint32_t>(values_.size() - at)});
  }
}

void TableRows::Reserve(uint64_t entries) {
  // About 1.2 acts of 110 bytes per entry, and a subject per 10 entries.
  rows_.reserve(entries + entries / 4);
  values_.reserve(entries * 140);
  names_.reserve(entries / 8);
}

void TableRows::clear() {
  rows_.clear();
  values_.clear();
  names_.clear();
  name_slots_.clear();
}

void TableRows::KeyOf(Table table, const Row& row, Bytes& key) const {
  const std::string& name = names_[table == Table::kBySubject  ? row.subject
                                   : table == Table::kByPerson ? row.person
                                                               : row.agency];
  key.assign(name.begin(), name.end());
  key.push_back(0);
  size_t at = key.size();
  if (table == Table::kBySubject) {
    key.resize(at + 10);
  } else {
    key.resize(at + 18);
    PutBigEndian(key.data() + at, TimeKey(row.time), 8);
    at += 8;
  }
  PutBigEndian(key.data() + at, row.seq, 8);
  PutBigEndian(key.data() + at + 8, row.index, 2);
}

Status TableRows::ForEachInKeyOrder(Table table, const RowFn& row_fn) const {
  // Rank the names in byte order: a name sorts as its key's prefix does, as
  // no name holds a 0x00 byte.
  std::vector<uint32_t> by_name(names_.size());
  std::iota(by_name.begin(), by_name.end(), 0u);
  std::ranges::sort(by_name, [&](uint32_t a, uint32_t b) { return names_[a] < names_[b]; });
  std::vector<uint32_t> rank(names_.size());
  for (uint32_t r = 0; r < by_name.size(); ++r) rank[by_name[r]] = r;
  auto name_of = [&](const Row& row) {
    return rank[table == Table::kBySubject ? row.subject : table == Table::kByPerson ? row.person : row.agency];
  };
  // Counting sort by name rank; stable, so (seq, index) order holds within a name.
  std::vector<uint32_t> start(names_.size() + 1, 0);
  for (const Row& row : rows_) ++start[name_of(row) + 1];
  std::partial_sum(start.begin(), start.end(), start.begin());
  std::vector<uint32_t> order(rows_.size());
  {
    std::vector<uint32_t> next(start.begin(), start.end() - 1);
    for (uint32_t i = 0; i < rows_.size(); ++i) order[next[name_of(rows_[i])]++] = i;
  }
  if (table != Table::kBySubject) {
    // Within a name by business time; equal times stay in (seq, index) order.
    for (size_t r = 0; r < names_.size(); ++r) {
      std::stable_sort(order.begin() + start[r], order.begin() + start[r + 1],
                       [&](uint32_t a, uint32_t b) { return rows_[a].time < rows_[b].time; });
    }
  }
  Bytes key;
  for (uint32_t i : order) {
    const Row& row = rows_[i];
    KeyOf(table, row, key);
    GK_RETURN_IF_ERROR(row_fn(key, ByteView(values_.data() + row.value_at, row.value_size)));
  }
  return {};
}

}  // namespace gongkai::projections
