@0xc4d2e8a1b7f30962;
# Reference data that replay depends on, recorded in the ledger so that a
# replay years later uses exactly the calendar and rules of the time.
# Stream: "calendar/<id>" or "rules/<id>". Signed by an administrator
# (calendar) or an administrator or assessor (rule set).

using Cxx = import "/capnp/c++.capnp";
using C = import "common.capnp";
$Cxx.namespace("gongkai::schema");

struct ReferenceEvent {
  id @0 :Text $C.identifier;          # calendar id or rule-set id, as the text declares it
  union {
    calendarPublished @1 :Text $C.document;  # a calendar file (docs/RULES.md), byte for byte
    ruleSetPublished @2 :Text $C.document;   # a rule-set file (docs/RULES.md), byte for byte
  }
}
