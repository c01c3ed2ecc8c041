@0xe1709724dacfd984;
# Organisation events: agencies, their sections and their leadership teams.
# Stream: "agency/<agencyId>". Signed by an administrator (like the key
# registry: the organisation chart decides who answers for what).

using Cxx = import "/capnp/c++.capnp";
using C = import "common.capnp";
$Cxx.namespace("gongkai::schema");

enum AgencyKind {
  government @0;     # 人民政府 (county or district government)
  department @1;     # 政府工作部门 (a bureau or office of a government)
  township @2;       # 乡镇人民政府 / 街道办事处
  archive @3;        # 档案馆 (receives transferred information)
  publicService @4;  # 公共企事业单位
  other @5;
}

enum LeadershipPosition {
  principal @0;      # 主要负责人 (head of the agency)
  leaderInCharge @1; # 分管领导 (deputy responsible for named areas)
  member @2;         # other member of the leadership team (领导班子成员)
}

struct OrganisationEvent {
  agencyId @0 :Text $C.identifier;
  union {
    agencyRegistered @1 :AgencyRegistered;
    sectionCreated @2 :SectionCreated;
    leadershipAssigned @3 :LeadershipAssigned;
    leadershipEnded @4 :LeadershipEnded;
    agencyRenamed @5 :AgencyRenamed;
    agencySucceeded @6 :AgencySucceeded;
  }
}

enum Succession {
  merged @0;         # 合并 into the successor
  abolished @1;      # 撤销, its functions given to the successor
}

struct AgencyRenamed {
  # 更名: the same agency (same id, same records and duties) under a new name.
  name @0 :Text $C.required;
  effectiveFrom @1 :Text $C.date;
}

struct AgencySucceeded {
  # The agency merges into, or is abolished in favour of, a successor that
  # takes over its records and duties from `effectiveFrom` (docs/FINDINGS.md,
  # "Successor agencies").
  successor @0 :Text $C.identifier;   # the successor's agency id
  how @1 :Succession;
  effectiveFrom @2 :Text $C.date;     # the first day the successor answers
}

struct AgencyRegistered {
  name @0 :Text $C.required;          # full Chinese name, e.g. 天宁区发展和改革局
  kind @1 :AgencyKind;
  parentAgency @2 :Text $C.identifier $C.optional;  # the superior agency, if any
  jurisdiction @3 :Text $C.identifier;               # e.g. "cn-js-changzhou-tianning"
}

struct SectionCreated {
  sectionId @0 :Text $C.identifier;
  name @1 :Text $C.required;          # e.g. 政务公开科
}

struct LeadershipAssigned {
  personId @0 :Text $C.identifier;
  position @1 :LeadershipPosition;
  areas @2 :List(Text);               # areas in charge (分管), for leaders in charge
  effectiveFrom @3 :Text $C.date;
}

struct LeadershipEnded {
  personId @0 :Text $C.identifier;
  position @1 :LeadershipPosition;
  effectiveTo @2 :Text $C.date;       # last day held is the day before
}
