@0xe0b1a3f7c2d4e589;
# Public inquiries (政民互动), the accountability procedure (责任追究) and the
# yearly assessment (考核评议).

using Cxx = import "/capnp/c++.capnp";
using C = import "common.capnp";
using D = import "decision.capnp";
using Json = import "/capnp/compat/json.capnp";
$Cxx.namespace("gongkai::schema");

# ---- Public inquiries: stream "inquiry/<inquiryId>" (004 §42–§47) ----

enum InquiryKind {
  consultation @0;    # 咨询: answered within 3 WD
  suggestion @1;      # 建议: 15 WD
  complaint @2;       # 投诉: 15 WD
}

struct InquiryEvent {
  inquiryId @0 :Text $C.identifier;
  agency @1 :Text $C.identifier;
  union {
    received @2 :InquiryReceived;
    answered @3 :InquiryAnswered;
    signedOff @4 :InquirySignedOff;
    rehandled @5 :InquiryRehandled;
  }
}

struct InquiryReceived {
  kind @0 :InquiryKind;
  receivedDate @1 :Text $C.date;
  citizen @2 :Text $C.pseudonym;
  messageDigest @3 :Data $C.digest $Json.hex;
}

struct InquiryAnswered {
  # By the handler: the inquiry is answered on this date; the leader's
  # sign-off is a separate requirement.
  answerDigest @0 :Data $C.digest $Json.hex;
}

struct InquirySignedOff {
  # Every answer is signed off by the leader in charge (004 §45).
  decision @0 :D.ReviewDecision;
  comment @1 :Text;
}

struct InquiryRehandled {
  # The citizen was not satisfied; the inquiry is handled again (004 §47).
  reason @0 :Text $C.required;
}

# ---- Accountability: stream "accountability/<caseId>" (003 责任追究制度
# §3–§9; 000 评议考核 §9–§12; 004 §63–§64). Signed by supervision staff. ----

enum ResponsibilityShare {
  primary @0;         # 主要责任 (or sole responsibility)
  secondary @1;       # 次要责任
  reduced @2;         # 从轻或减轻 (objection recorded before the decision)
  exempted @3;        # 免除
}

enum SanctionTier {
  # 004 §64(四)–(七); 003 责任追究制度 §6(二).
  minor @0;           # warning or criticism, deadline to correct
  affectsWork @1;     # 通报批评, written self-review, loss of this year's awards
  serious @2;         # public criticism of section and leaders, Party or administrative discipline
  criminal @3;        # transferred to the judicial organs
}

enum AppealResult {
  upheld @0;
  modified @1;
  revoked @2;
}

enum ClosingOutcome {
  # How an accountability case ends (004 §64; 003 责任追究制度 §6–§7).
  sanctioned @0;        # closed after the sanctions decided in it
  noResponsibility @1;  # 查无责任: no one is found responsible
  exempted @2;          # 免予追究: responsibility found, no sanction (e.g. an objection on record, 004 §64(三))
}

struct AccountabilityEvent {
  caseId @0 :Text $C.identifier;
  agency @1 :Text $C.identifier;     # the agency concerned
  union {
    opened @2 :AccountabilityOpened;
    statementHeard @3 :StatementHeard;
    responsibilityDetermined @4 :ResponsibilityDetermined;
    sanctionDecided @5 :SanctionDecided;
    rectificationReported @6 :RectificationReported;
    appealFiled @7 :AppealFiled;
    appealDecided @8 :AppealDecided;
    closed @9 :CaseClosed;
  }
}

struct CaseClosed {
  # 结案: the case ends, with or without a sanction, signed by supervision.
  outcome @0 :ClosingOutcome;
  reason @1 :Text $C.required;
  decisionDigest @2 :Data $C.digest $Json.hex;  # the closing decision (结案决定)
}

struct AccountabilityOpened {
  findings @0 :List(Text) $C.required $C.identifier;  # finding ids (as the findings projection names them)
  evidence @1 :List(UInt64) $C.required; # ledger sequence numbers of the evidence
  persons @2 :List(Text) $C.identifier;               # person ids under investigation
  summary @3 :Text $C.required;
}

struct StatementHeard {
  # 陈述申辩
  personId @0 :Text $C.identifier;
  statementDigest @1 :Data $C.digest $Json.hex;
}

struct Determination {
  personId @0 :Text $C.identifier;
  share @1 :ResponsibilityShare;
  rule @2 :Text $C.required;     # the attribution rule applied, e.g. "004 §64(二)"
  reason @3 :Text $C.required;
}

struct ResponsibilityDetermined {
  determinations @0 :List(Determination) $C.required;
}

struct SanctionDecided {
  personId @0 :Text $C.identifier;
  tier @1 :SanctionTier;
  measures @2 :Text $C.required;
  basis @3 :Text $C.required;
  noticeDigest @4 :Data $C.digest $Json.hex;   # the written notice
}

struct RectificationReported {
  # 整改反馈, signed by the agency's responsible person.
  reportDigest @0 :Data $C.digest $Json.hex;
  summary @1 :Text $C.required;
}

struct AppealFiled {
  # 申诉, recorded by supervision staff on the person's behalf.
  personId @0 :Text $C.identifier;
  groundsDigest @1 :Data $C.digest $Json.hex;
}

struct AppealDecided {
  personId @0 :Text $C.identifier;
  result @1 :AppealResult;
  reason @2 :Text $C.required;
}

# ---- Assessment: stream "assessment/<planId>" (000 评议考核 §2–§8; 003
# 考核评议制度). Signed by the assessment office (assessor role), except the
# self-inspection, which the assessed agency signs. ----

struct AssessmentEvent {
  planId @0 :Text $C.identifier;
  union {
    planPublished @1 :PlanPublished;
    selfInspectionSubmitted @2 :SelfInspectionSubmitted;
    resultRecorded @3 :ResultRecorded;
    gradeApproved @4 :GradeApproved;
    resultsPublished @5 :ResultsPublished;
  }
}

struct PlanPublished {
  year @0 :UInt16 $C.positive;
  ruleSetId @1 :Text $C.identifier;   # a rule set published in this ledger
  noticeDate @2 :Text $C.date;        # 15 days ahead of the assessment (003 §9(二))
  agencies @3 :List(Text) $C.required $C.identifier;
}

struct SelfInspectionSubmitted {
  agency @0 :Text $C.identifier;
  reportDigest @1 :Data $C.digest $Json.hex;
}

struct ResultRecorded {
  agency @0 :Text $C.identifier;
  year @1 :UInt16 $C.positive;
  scoreHundredths @2 :UInt32;         # 87.5 points = 8750
  grade @3 :Text $C.required;         # the grade name under the plan's rule set
  replayDigest @4 :Data $C.digest $Json.hex;    # digest printed by `gongkai score`, tying the result to the record
}

struct ResultsPublished {
  # 考核结果通报 / 公开: the year's approved results made public (000 评议考核
  # 办法 第七条; 003 考核评议制度), signed by the assessment office.
  year @0 :UInt16 $C.positive;
  locator @1 :Text $C.required;                 # URL, gazette issue, circular number, ...
  contentDigest @2 :Data $C.digest $Json.hex;   # the published results
}

struct GradeApproved {
  agency @0 :Text $C.identifier;
  year @1 :UInt16 $C.positive;
  grade @2 :Text $C.required;
}
