@0xdbdebeb9e6ce712d;
# The results of the query layer as data: what every front end encodes (the
# command line's --json, and a server's answers) through the one JSON codec
# (ledger/json_codec.h). In JSON, 64-bit integers (sequence numbers) are
# strings of digits and times RFC 3339 strings, as everywhere in gongkai.

using Cxx = import "/capnp/c++.capnp";
using Json = import "/capnp/compat/json.capnp";
using Ledger = import "/ledger/schema/action.capnp";
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
  recorded @8 :Text;        # when the ledger recorded its entry, RFC 3339
  recordedLate @9 :Bool;    # more working days after its business day than the rule set's record-lag
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
  calendar :union {         # how the due date's working days were counted
    published @7 :Void;     # on published calendars only
    provisional @8 :Void;   # through a year with no published calendar, Monday to
                            # Friday: it may move once that year's calendar is published
    settled @9 :DeadlineSettlement;  # provisionally once; a calendar published since settled it
  }
  ruleSet @10 :Text;        # the rule set that counts it: the one in force when its clock started
}

struct DeadlineSettlement {
  provisionalDue @0 :Text;  # YYYY-MM-DD: the due date counted before (may equal `due`)
  calendarSeq @1 :UInt64;   # the entry that published the calendar that settled it
  calendar @2 :Text;        # that calendar's id
}

struct Responsible {
  person @0 :Text;
  role @1 :Text;
  share @2 :Text;           # graded rules: primary | secondary | reduced; statutory rules:
                            # in-charge | direct; unattributed: the rule set has no written rule
  rule @3 :Text;            # e.g. "004 §64(一)"
  reason @4 :Text;
  agency @5 :Text;          # the agency `role` was held in
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
  provisional @10 :Bool;    # judged against a provisional due date (Deadline.calendar)
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

# --- The ledger ---

struct Receipt {
  # What appending one signed action answers (gongkai append, sign-and-append
  # commands): its place, its entry hash and when it was recorded.
  seq @0 :UInt64;
  hash @1 :Data $Json.hex;      # the entry hash (docs/FORMAT.md)
  recorded @2 :Text;            # recorded time, RFC 3339
  duplicate @3 :Bool;           # the same bytes were already recorded under this event id
}

struct EntryView {
  # One stored entry (gongkai show, log --json).
  seq @0 :UInt64;
  hash @1 :Data $Json.hex;
  prevHash @2 :Data $Json.hex;
  recorded @3 :Text;
  signature @4 :Data $Json.hex;
  action @5 :Ledger.Action;
}

struct LedgerStats {
  # gongkai stats.
  origin @0 :Text;
  entries @1 :UInt64;
  headHash @2 :Data $Json.hex;
  lastRecorded @3 :Text;
  people @4 :UInt32;
  keys @5 :UInt32;
  revokedKeys @6 :UInt32;
  streamsEstimate @7 :UInt64;   # RocksDB's estimate of the number of streams
  sstBytes @8 :UInt64;          # bytes in the store's SST files
}

# --- The law as data: the calendar, rule sets and deadlines ---

struct CalendarDay {
  # gongkai calendar is-workday.
  calendar @0 :Text;
  date @1 :Text;                # YYYY-MM-DD
  workingDay @2 :Bool;
  holiday @3 :Text;             # the holiday (or the 调休 it is worked for); empty if none
  provisional @4 :Bool;         # its year has no published calendar: Monday to Friday work
}

struct CalendarCount {
  # gongkai calendar add (from + workingDays = date) and between (from..to).
  calendar @0 :Text;
  from @1 :Text;
  to @2 :Text;                  # the date reached, or the end of the span
  workingDays @3 :Int32;
  provisional @4 :Bool;         # days of a year with no published calendar were counted
}

struct DeadlineRule {
  id @0 :Text;
  period @1 :Text;              # in words, e.g. "20 working days"
  direction @2 :Text;           # after | before
  unit @3 :Text;
  count @4 :Int32;
  month @5 :Int32;
  day @6 :Int32;
  from @7 :Text;                # the trigger
  extension :union {            # further `unit`s when an extension is granted
    none @8 :Void;
    units @9 :Int32;
  }
  pauses @10 :List(Text);
  restartsOnCorrection @11 :Bool;
  source @12 :Text;
  statutory @13 :Bool;          # yields to the regulation when the book is rebased
}

struct FindingRule {
  kind @0 :Text;
  breaches @1 :List(Text);
  source @2 :Text;
  statutory @3 :Bool;           # yields to the regulation when the book is rebased
}

struct ScoreSection {
  id @0 :Text;
  name @1 :Text;
  weight @2 :Int32;
}

struct DeductionRule {
  kind @0 :Text;
  points @1 :Int32;
  section @2 :Text;
}

struct GradeBand {
  min @0 :Int32;                # total scores min..max, inclusive
  max @1 :Int32;
  grade @2 :Text;
}

struct RuleSetSummary {
  # gongkai rules list: a rule set's identity.
  id @0 :Text;
  title @1 :Text;
  jurisdiction @2 :Text;
  effective @3 :Text;           # YYYY-MM-DD
  selectedBy @4 :List(Text);    # receipt, formation: what selects it as the one in force
  base @5 :Text;                # the rule set it extends; empty for none
  rebase @6 :Text;              # "ID from YYYY-MM-DD" (docs/RULES.md); empty for none
  rebasedFrom @7 :Text;         # a derived set: the book it is read from; empty for a file's own
}

struct RuleSetView {
  # gongkai rules show: the resolved rule set; its first fields as in
  # RuleSetSummary.
  id @0 :Text;
  title @1 :Text;
  jurisdiction @2 :Text;
  effective @3 :Text;           # YYYY-MM-DD
  selectedBy @4 :List(Text);
  base @5 :Text;                # the rule set it extends; empty for none
  deadlines @6 :List(DeadlineRule);
  findings @7 :List(FindingRule);
  sections @8 :List(ScoreSection);
  deductions @9 :List(DeductionRule);
  grades @10 :List(Text);
  bands @11 :List(GradeBand);
  consecutiveFailYears @12 :Int32;
  recordLagWorkingDays @13 :Int32;  # acts recorded later than this after their day are marked; 0: never
  responsibility @14 :Text;  # "MODEL ARTICLE" (docs/FINDINGS.md §2); empty: no written rule
  rebase @15 :Text;             # as in RuleSetSummary
  rebasedFrom @16 :Text;
  jointDuties @17 :List(Text);  # "DUTY DISCHARGE ARTICLE" per joint-duty line; a duty not listed is the lead agency's alone
}

struct DeadlineAnswer {
  # gongkai deadline.
  ruleSet @0 :Text;
  deadline @1 :Text;
  trigger @2 :Text;             # YYYY-MM-DD
  date @3 :Text;                # YYYY-MM-DD, the due date
  direction @4 :Text;           # after | before
  explanation @5 :Text;
  provisional @6 :Bool;         # working days of a year with no published calendar were counted
}
