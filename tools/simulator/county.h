// The simulated county: its agencies, sections, staff in every role and
// leadership teams, each person with a key derived from the seed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ledger/base/error.h"
#include "ledger/schema/organisation.capnp.h"
#include "ledger/schema/registry.capnp.h"
#include "ledger/signing.h"
#include "tools/simulator/random.h"

namespace gongkai::sim {

struct Person {
  std::string id;            // e.g. "a07-handler-2"
  std::string name;          // a generated Chinese name
  size_t agency;             // index into County::agencies
  std::string section;       // section id, empty for leaders
  schema::Role role;
  PrivateKey key;
};

struct Agency {
  std::string id;            // e.g. "a07"
  std::string name;          // e.g. 天宁区教育局
  schema::AgencyKind kind;
  std::vector<std::string> sections;       // section ids
  std::vector<std::string> section_names;
  size_t principal = 0;                    // person indexes
  std::vector<size_t> leaders;             // leaders in charge
  std::vector<size_t> section_heads;       // one per section
  std::vector<size_t> handlers;            // two per section
  size_t reviewer = 0;                     // confidentiality reviewer
  size_t clerk = 0;                        // transfer clerk
  size_t office = 0;                       // disclosure office head (approves extensions)
  bool assessed = true;                    // false for the archive and the supervisory bodies

  // The leadership team: the principal, then the leaders in charge.
  std::vector<size_t> Team() const;
};

struct County {
  std::string jurisdiction;  // e.g. "cn-sim-county-42"
  std::string name;          // e.g. 模拟县
  std::vector<Agency> agencies;   // assessed departments first, then the office, archive, supervision
  std::vector<Person> persons;
  size_t administrator = 0;
  size_t assessor = 0;
  size_t supervisor = 0;
  size_t office_agency = 0;  // 县政府办公室 (holds the administrator and assessor)
  size_t archive_agency = 0;
  size_t supervision_agency = 0;

  size_t AssessedCount() const;
};

// Builds a county of `assessed_agencies` departments plus the government
// office, the archive and the supervision commission. Keys are Ed25519 keys
// whose seeds are SHA-256("gongkai/simulator/v1" ‖ seed ‖ person id).
Result<County> BuildCounty(uint64_t seed, size_t assessed_agencies, Random& random);

// The key the simulator derives for a name under a seed (also the log key).
Result<PrivateKey> DerivedKey(uint64_t seed, std::string_view name);

}  // namespace gongkai::sim
