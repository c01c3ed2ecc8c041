@0xb3c1f0e6a4d29e57;
# The simulator's ground truth (docs/SIMULATOR.md): DIR/ground-truth.jsonl,
# JSON Lines written by the one JSON codec — first a Header, then one
# Violation per line. 64-bit integers (seed, entries, evidence) are strings
# of digits, as everywhere in gongkai's JSON.

using Cxx = import "/capnp/c++.capnp";
using Json = import "/capnp/compat/json.capnp";
$Cxx.namespace("gongkai::schema::sim");

struct Header {
  format @0 :Text;              # "gongkai/ground-truth/v2"
  origin @1 :Text;
  seed @2 :UInt64;
  year @3 :Int32;
  jurisdiction @4 :Text;
  ruleSet @5 :Text;             # the county's rule set (its id is the jurisdiction)
  violationRate @6 :Float64;
  entries @7 :UInt64;
  headHash @8 :Data $Json.hex;
  counts @9 :Counts;
  agencies @10 :List(Agency);
}

struct Counts {
  items @0 :UInt32;
  annualReports @1 :UInt32;
  cases @2 :UInt32;
  inquiries @3 :UInt32;
  violations @4 :UInt32;
}

struct Agency {
  id @0 :Text;
  name @1 :Text;
  assessed @2 :Bool;
}

struct Violation {
  id @0 :Text;                  # v00001, v00002, ...
  kind @1 :Text;                # a finding kind (docs/RULES.md)
  agency @2 :Text;
  subject @3 :Text;             # the stream of the item, case or inquiry
  date @4 :Text;                # YYYY-MM-DD: the day it happened (or the deadline passed)
  evidence @5 :List(UInt64);    # sequence numbers
  approval @6 :Text;            # none | leader | collective
  responsible @7 :List(Responsible);
}

struct Responsible {
  person @0 :Text;
  role @1 :Text;
  share @2 :Text;               # primary | secondary | reduced
  rule @3 :Text;                # e.g. "004 §64(二)"
}
