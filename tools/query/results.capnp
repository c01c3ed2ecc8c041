@0xdbdebeb9e6ce712d;
# The results of the query layer as data: what every front end encodes (the
# command line's --json, and a server's answers) through the one JSON codec
# (ledger/json_codec.h). In JSON, 64-bit integers (sequence numbers) are
# strings of digits and times RFC 3339 strings, as everywhere in gongkai.

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("gongkai::schema");

struct Act {
  # One step of a subject (projections/acts.h).
  seq @0 :UInt64;
  time @1 :Text;            # business time, RFC 3339 (ledger/base/time.h)
  subject @2 :Text;
  agency @3 :Text;
  act @4 :Text;             # the event kind, e.g. "item.signedOff"
  person @5 :Text;
  role @6 :Text;            # as held at business time; empty if none
  opinion @7 :Text;
}

enum DeadlineState {
  met @0;
  late @1;
  pending @2;
  missed @3;
  closed @4;
}

struct Deadline {
  deadline @0 :Text;        # the rule set's deadline id
  trigger @1 :Text;         # YYYY-MM-DD: when its clock started (or restarted)
  due @2 :Text;             # YYYY-MM-DD: the last day on time
  state @3 :DeadlineState;
  metBy :union {            # the act that met it (on time or late), if any
    notMet @4 :Void;
    seq @5 :UInt64;
  }
  metOn @6 :Text;           # YYYY-MM-DD, empty when not met
}

struct Responsible {
  person @0 :Text;
  role @1 :Text;
  share @2 :Text;           # primary | secondary | reduced
  rule @3 :Text;            # e.g. "004 §64(一)"
  reason @4 :Text;
}

struct Finding {
  id @0 :Text;
  kind @1 :Text;
  agency @2 :Text;
  subject @3 :Text;
  date @4 :Text;            # YYYY-MM-DD
  evidence @5 :List(UInt64);
  ruleSet @6 :Text;
  article @7 :Text;
  approval @8 :Text;        # none | leader | collective
  responsible @9 :List(Responsible);
}

struct SubjectView {
  # An item, case or inquiry as of a date (gongkai item / case).
  subject @0 :Text;
  agency @1 :Text;
  ruleSet @2 :Text;
  asOf @3 :Text;            # YYYY-MM-DD
  step @4 :Act;             # the current step
  holder @5 :Text;          # who holds it now
  deadlines @6 :List(Deadline);
  findings @7 :List(Finding);
  steps @8 :List(Act);
}

struct TimelineStep {
  act @0 :Act;
  sincePrevious :union {               # working days since the subject's previous step
    first @1 :Void;                    # its first step
    workingDays @2 :Int32;
  }
  meets @3 :List(Deadline);             # the deadlines this step met (on time or late)
}

struct OverdueDeadline {
  subject @0 :Text;
  agency @1 :Text;
  deadline @2 :Deadline;
  workingDaysOver @3 :Int32;
}
