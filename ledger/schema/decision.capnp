@0xfc5ef63be3c1204f;
# Decision records shared by information items and application cases: what
# RULES.md §5 needs to attribute responsibility (004 §64; 003 责任追究制度 §6).

using Cxx = import "/capnp/c++.capnp";
using C = import "common.capnp";
using Json = import "/capnp/compat/json.capnp";
$Cxx.namespace("gongkai::schema");

enum ReviewDecision {
  approve @0;        # agree / sign off (同意, 签发)
  reject @1;         # refuse, or return for rework (不同意, 退回)
}

struct ObjectionRecorded {
  # Signed by the person objecting, before the decision it concerns: they
  # said the course was wrong, or proposed the correct one. It reduces or
  # removes their responsibility (004 §64(二)(三)).
  concerning @0 :Text $C.required;     # the decision objected to, e.g. "publication", "reply"
  statement @1 :Text $C.required;      # what they said was wrong
  proposedCourse @2 :Text;             # the correct course they proposed, if any
  addressedTo @3 :Text $C.identifier $C.optional;  # person told (leader, principal)
}

enum VoteChoice {
  yes @0;
  no @1;
  abstain @2;
}

enum VotingMethod {
  voice @0;          # 口头表决
  showOfHands @1;    # 举手表决
  secretBallot @2;   # 无记名投票
}

enum CollectiveResult {
  adopted @0;        # 通过
  notAdopted @1;     # 未通过
}

struct Vote {
  personId @0 :Text $C.identifier;
  choice @1 :VoteChoice;
}

struct CollectiveDecision {
  # 集体讨论决定 (004 §29–§31): notice at least 2 WD before the meeting; it
  # passes when yes votes exceed half of the members who should attend.
  # Signed by the principal leader (or whoever chaired and recorded it).
  # Recorded as held, even when it breaks those rules: that is a finding.
  concerning @0 :Text $C.required;     # what was decided, e.g. "publication"
  noticeDate @1 :Text $C.date;
  meetingDate @2 :Text $C.date;
  shouldAttend @3 :List(Text) $C.required $C.identifier;  # person ids of the team
  present @4 :List(Text) $C.identifier;                  # person ids present
  votes @5 :List(Vote);                     # empty when votes were not recorded
  method @6 :VotingMethod;
  result @7 :CollectiveResult;
  minutesDigest @8 :Data $C.digest $Json.hex $C.optional;  # the minutes (纪要)
}
