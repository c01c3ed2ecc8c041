@0x941da93264725942;
# An assessment result as data: what `gongkai score --format json` prints
# (one AgencyScore per line, through the JSON codec) and what its digest
# covers. The digest that `score --record` signs into the ledger
# (assessment.resultRecorded.replayDigest) is SHA-256 over the Cap'n Proto
# canonical form of a ScoreSheet holding the scores printed, in order
# (docs/SCORING.md): the same bytes whichever front end computes it.

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("gongkai::schema");

struct ScoreSheet {
  scores @0 :List(AgencyScore);
}

struct AgencyScore {
  agency @0 :Text;
  year @1 :UInt16;
  ruleSet @2 :Text;          # the rule set whose scoring table was applied
  total @3 :Int32;
  grade @4 :Text;
  failing @5 :Bool;           # the grade is the set's failing grade
  failingYears @6 :Int32;     # failing grades in a row, ending with this year
  consecutiveFail @7 :Bool;   # failingYears reaches the set's consecutive-fail count
  sections @8 :List(SectionScore);
  deductions @9 :List(Deduction);
  unscored @10 :List(Text);   # ids of findings the table deducts nothing for
  provisional @11 :Bool;      # a deduction is provisional: the total may change
}

struct SectionScore {
  section @0 :Text;
  name @1 :Text;
  weight @2 :Int32;
  deducted @3 :Int32;         # may exceed the weight
  score @4 :Int32;            # weight − deducted, never below 0
}

struct Deduction {
  finding @0 :Text;           # the finding's id
  kind @1 :Text;
  date @2 :Text;              # the finding's date, YYYY-MM-DD
  evidence @3 :List(UInt64);  # sequence numbers of the entries behind it
  section @4 :Text;
  points @5 :Int32;
  provisional @6 :Bool;       # its finding was judged against a provisional due date
                              # (a year with no published calendar, counted Monday to Friday)
}
