@0xf682bbf31fa1ceed;
# Application cases (依申请公开): from receipt to reply, delivery, archive,
# fees, reconsideration, litigation and complaints. RULES.md §2.2; 004
# §33–§41; 000 依申请公开制度; 001 §9–§12, §15; 2019 条例 §29–§45.
#
# Stream: "case/<caseId>". Signed by the person who acted. The applicant is a
# pseudonym (a keyed hash), never a name or identity number.

using Cxx = import "/capnp/c++.capnp";
using C = import "common.capnp";
using Json = import "/capnp/compat/json.capnp";
using D = import "decision.capnp";
$Cxx.namespace("gongkai::schema");

enum ReceiptChannel {
  # 2019 条例 §31 fixes the date of receipt by channel.
  inPerson @0;        # the day submitted
  registeredPost @1;  # the day the agency signs for it
  ordinaryLetter @2;  # the day receipt is confirmed with the applicant
  internet @3;        # the day both sides confirm
  fax @4;             # the day both sides confirm
  oral @5;            # written down by staff, confirmed by the applicant (000 二)
}

enum ApplicantCategory {
  # The columns of the annual report's section 三 (申请人情况).
  naturalPerson @0;            # 自然人
  commercialEnterprise @1;     # 商业企业
  researchInstitution @2;      # 科研机构
  publicInterestOrganisation @3; # 社会公益组织
  legalServiceProvider @4;     # 法律服务机构
  otherOrganisation @5;        # 其他
}

enum ReplyOutcome {
  # Each value is one row of the annual report's section 三, 本年度办理结果.
  disclosed @0;                    # （一）予以公开
  partiallyDisclosed @1;           # （二）部分公开
  withheldStateSecret @2;          # （三）1.属于国家秘密
  withheldProhibitedByLaw @3;      # （三）2.其他法律行政法规禁止公开
  withheldSecurityStability @4;    # （三）3.危及"三安全一稳定"
  withheldThirdPartyRights @5;     # （三）4.保护第三方合法权益
  withheldInternalAffairs @6;      # （三）5.属于三类内部事务信息
  withheldProcessInformation @7;   # （三）6.属于四类过程性信息
  withheldEnforcementFile @8;      # （三）7.属于行政执法案卷
  withheldAdministrativeQuery @9;  # （三）8.属于行政查询事项
  unavailableNotHeld @10;          # （四）1.本机关不掌握相关政府信息
  unavailableNeedsCreation @11;    # （四）2.没有现成信息需要另行制作
  unavailableStillUnclear @12;     # （四）3.补正后申请内容仍不明确
  notProcessedPetition @13;        # （五）1.信访举报投诉类申请
  notProcessedRepeated @14;        # （五）2.重复申请
  notProcessedPublication @15;     # （五）3.要求提供公开出版物
  notProcessedExcessive @16;       # （五）4.无正当理由大量反复申请
  notProcessedConfirmation @17;    # （五）5.要求行政机关确认或重新出具已获取信息
  otherNoCorrection @18;           # （六）1.申请人无正当理由逾期不补正…
  otherFeeUnpaid @19;              # （六）2.申请人逾期未按收费通知要求缴纳费用…
  otherMisc @20;                   # （六）3.其他
}

enum ThirdPartyAnswer {
  consent @0;
  objection @1;       # with reasons (commercial secret, privacy): 2019 §32, 004 §38
}

enum DeliveryMethod {
  inPerson @0;
  post @1;
  email @2;
  onlinePlatform @3;
  fax @4;
}

enum FeeBasis {
  # 国办函〔2020〕109号: by piece or by volume per application, never both.
  byPiece @0;
  byVolume @1;
}

enum ReviewResult {
  # The annual report's section 四 columns for decided cases.
  upheld @0;          # 结果维持
  corrected @1;       # 结果纠正
  other @2;           # 其他结果
}

struct CaseEvent {
  caseId @0 :Text $C.identifier;
  agency @1 :Text $C.identifier;     # the agency the application is addressed to
  union {
    received @2 :Received;
    registered @3 :Registered;
    correctionRequested @4 :CorrectionRequested;
    correctionReceived @5 :CorrectionReceived;
    correctionLapsed @6 :CorrectionLapsed;
    thirdPartyConsulted @7 :ThirdPartyConsulted;
    thirdPartyAnswered @8 :ThirdPartyAnswered;
    agencyConsulted @9 :AgencyConsulted;
    agencyAnswered @10 :AgencyAnswered;
    extensionApproved @11 :ExtensionApproved;
    replyDrafted @12 :ReplyDrafted;
    replyReviewed @13 :ReplyReviewed;
    replyApproved @14 :ReplyApproved;
    replyIssued @15 :ReplyIssued;
    delivered @16 :Delivered;
    archived @17 :Archived;
    feeNotice @18 :FeeNotice;
    feePaid @19 :FeePaid;
    feeWaived @20 :FeeWaived;
    reconsiderationFiled @21 :ReconsiderationFiled;
    reconsiderationDecided @22 :ReconsiderationDecided;
    litigationFiled @23 :LitigationFiled;
    litigationDecided @24 :LitigationDecided;
    complaintReceived @25 :ComplaintReceived;
    complaintVerified @26 :ComplaintVerified;
    objectionRecorded @27 :D.ObjectionRecorded;
    collectiveDecision @28 :D.CollectiveDecision;
    withdrawn @29 :Withdrawn;
  }
}

struct Withdrawn {
  # The applicant withdrew the application (撤回); the report counts it under
  # （六）3.其他 when no reply was issued.
  reason @0 :Text;
}

struct Received {
  # 接收, signed by the member of staff who received it.
  channel @0 :ReceiptChannel;
  receiptDate @1 :Text $C.date;        # date of receipt under 2019 §31: the reply clock starts here
  applicant @2 :Text $C.pseudonym;
  applicantCategory @3 :ApplicantCategory;
  requestDigest @4 :Data $C.digest $Json.hex;    # the application form
  itemCount @5 :UInt32 $C.positive;    # pieces of information requested
  confirmedBySignature @6 :Bool;       # oral application confirmed by the applicant (000 二)
}

struct Registered {
  registerNumber @0 :Text $C.identifier;   # number in the application register (登记)
}

struct CorrectionRequested {
  # 补正: one single notice listing everything to correct (2019 §30; 000 三).
  items @0 :List(Text) $C.required;
  periodWorkingDays @1 :UInt16 $C.positive;   # the reasonable period given
}

struct CorrectionReceived {
  receiptDate @0 :Text $C.date;        # the reply clock restarts from here (2019 §30)
  requestDigest @1 :Data $C.digest $Json.hex;
}

struct CorrectionLapsed {
  # No correction in time without good reason: the application is abandoned.
  note @0 :Text;
}

struct ThirdPartyConsulted {
  # 2019 §32: written consultation; the time until the answer is not counted.
  thirdParty @0 :Text $C.pseudonym;
  subject @1 :Text;
}

struct ThirdPartyAnswered {
  thirdParty @0 :Text $C.pseudonym;
  answer @1 :ThirdPartyAnswer;
  reason @2 :Text;
}

struct AgencyConsulted {
  # Other agency (2019 §33: not counted; §34 co-producers answer in 15 WD).
  consultedAgency @0 :Text $C.identifier;
  subject @1 :Text;
}

struct AgencyAnswered {
  consultedAgency @0 :Text $C.identifier;
  answer @1 :Text $C.required;         # agree / disagree / opinion
}

struct ExtensionApproved {
  # Signed by the head of the disclosure office who approved it (2019 §33).
  workingDays @0 :UInt16 $C.positive;
  applicantNotified @1 :Bool;
  reason @2 :Text $C.required;
}

struct ReplyDrafted {
  # 拟办, signed by the handler.
  outcome @0 :ReplyOutcome;
  draftDigest @1 :Data $C.digest $Json.hex;
}

struct ReplyReviewed {
  # Second gate: the section head (000 二).
  decision @0 :D.ReviewDecision;
  comment @1 :Text;
}

struct ReplyApproved {
  # Third gate: the agency head or leader in charge (000 二).
  decision @0 :D.ReviewDecision;
  comment @1 :Text;
}

struct ReplyIssued {
  # 做出答复. Every reply cites the legal basis, gives reasons and states the
  # remedies with channel and time limit (004 §39); a reply missing one is
  # recorded as issued and found non-standard.
  outcome @0 :ReplyOutcome;
  legalBasis @1 :Text;
  reasons @2 :Text;
  remedyStatement @3 :Bool;
  feeFen @4 :UInt64;                   # fee charged, in fen (0.01 yuan)
  replyDigest @5 :Data $C.digest $Json.hex;
  competentAgency @6 :Text $C.identifier $C.optional;  # for unavailableNotHeld, when known
}

struct Delivered {
  method @0 :DeliveryMethod;
  deliveredDate @1 :Text $C.date;
}

struct Archived {
  # 存档: one file per case (000 四).
  fileDigest @0 :Data $C.digest $Json.hex;
}

struct FeeNotice {
  basis @0 :FeeBasis;
  quantity @1 :UInt32 $C.positive;     # pieces or pages
  amountFen @2 :UInt64;
}

struct FeePaid {
  amountFen @0 :UInt64;
}

struct FeeWaived {
  reason @0 :Text $C.required;         # hardship (004 §40; 003 §4)
}

struct ReconsiderationFiled {
  body @0 :Text $C.required;           # the reconsideration organ
  filedDate @1 :Text $C.date;
}

struct ReconsiderationDecided {
  result @0 :ReviewResult;
  decisionDigest @1 :Data $C.digest $Json.hex;
  decidedDate @2 :Text $C.date;
}

struct LitigationFiled {
  court @0 :Text $C.required;
  afterReconsideration @1 :Bool;       # 复议后起诉 vs 未经复议直接起诉
  filedDate @2 :Text $C.date;
}

struct LitigationDecided {
  result @0 :ReviewResult;
  judgmentDigest @1 :Data $C.digest $Json.hex;
  decidedDate @2 :Text $C.date;
}

struct ComplaintReceived {
  complaintDigest @0 :Data $C.digest $Json.hex;
  complainant @1 :Text $C.pseudonym;
}

struct ComplaintVerified {
  # The verification's conclusion: a complaint verified as true is a finding.
  upheld @0 :Bool;
  findingDigest @1 :Data $C.digest $Json.hex;
}
