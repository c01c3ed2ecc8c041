@0xf273e70d1ac8d5f0;
# Information items under proactive disclosure (主动公开), from drafting to
# publication, archive transfer and later changes. RULES.md §2.1; 004 §7;
# 003 发布运行管理 §2, §5–§17; 003 保密审查制度 §8; 000 保密审查办法 §7.
#
# Stream: "item/<itemId>". Each event is signed by the person who acted; the
# role they held at that moment comes from the key registry. Procedure is not
# enforced here: an item published without review is recorded, and found.

using Cxx = import "/capnp/c++.capnp";
using C = import "common.capnp";
using Json = import "/capnp/compat/json.capnp";
using D = import "decision.capnp";
$Cxx.namespace("gongkai::schema");

enum InfoCategory {
  # The categories the annual report (NATIONAL.md §2, section 二) and the
  # local rules name; the first six are counted in the report.
  regulation @0;           # 规章
  normativeDocument @1;    # 行政规范性文件
  administrativeLicensing @2; # 行政许可
  administrativePenalty @3;   # 行政处罚
  administrativeCoercion @4;  # 行政强制
  administrativeFee @5;       # 行政事业性收费
  organisationFunctions @6;   # 机构职能
  planning @7;                # 规划计划
  budgetFinal @8;             # 财政预决算
  majorDecision @9;           # 重大决策
  personnel @10;              # 人事信息
  statistics @11;             # 统计信息
  procurement @12;            # 政府采购
  workNews @13;               # 工作动态
  other @14;
  annualReport @15;           # 政府信息公开工作年度报告 (条例 §49–§50; 002 §30)
}

enum DisclosureAttribute {
  # 源头确认 (001 §13; 004 §4): decided when the item is drafted.
  proactive @0;            # 主动公开
  partial @1;              # 部分公开 (redacted)
  onApplication @2;        # 依申请公开
  exempt @3;               # 不予公开 / 免于公开
}

enum ReviewOpinion {
  # Confidentiality review opinions (000 保密审查办法 §7(一); 003 保密审查制度 §11).
  disclose @0;             # 公开
  exempt @1;               # 免于公开
  escalate @2;             # 需报审
  partial @3;              # 部分公开 (非密处理 then disclose the rest)
}

enum ReviewStage {
  # 003 保密审查制度 §8: the order of opinions in one confidentiality review.
  originatingSection @0;   # 拟稿科室初审
  sectionHead @1;          # 科室负责人
  leadingGroupOffice @2;   # 领导小组办公室
  leaderInCharge @3;       # 分管领导
  confidentialityReviewer @4; # 保密审查员
}

enum Channel {
  portal @0;               # 政府门户网站 (first channel, 002 §22)
  gazette @1;              # 政府公报
  pressConference @2;      # 新闻发布会
  media @3;                # 广播电视报刊
  weibo @4;
  wechat @5;
  readingRoom @6;          # 查阅场所 / 档案馆
  bulletinBoard @7;        # 公开栏
  other @8;
}

enum TransferForm {
  electronic @0;           # 电子文本: within 20 WD of formation or change
  paper @1;                # 纸质文本: by the 10th of the next month, with a list
}

enum ConsultationAnswer {
  agree @0;
  disagree @1;
}

struct ItemEvent {
  itemId @0 :Text $C.identifier;
  agency @1 :Text $C.identifier;   # the agency holding the item (the producing or lead agency)
  union {
    drafted @2 :Drafted;
    sectionReviewed @3 :SectionReviewed;
    confidentialityReviewRequested @4 :ConfidentialityReviewRequested;
    confidentialityOpinion @5 :ConfidentialityOpinion;
    confidentialityEscalated @6 :ConfidentialityEscalated;
    confidentialityDetermined @7 :ConfidentialityDetermined;
    consultationRequested @8 :ConsultationRequested;
    consultationAnswered @9 :ConsultationAnswered;
    signedOff @10 :SignedOff;
    objectionRecorded @11 :D.ObjectionRecorded;
    collectiveDecision @12 :D.CollectiveDecision;
    published @13 :Published;
    interpretationPublished @14 :InterpretationPublished;
    preDisclosureOpened @15 :PreDisclosureOpened;
    preDisclosureClosed @16 :PreDisclosureClosed;
    transferredToArchive @17 :TransferredToArchive;
    amended @18 :Amended;
    revoked @19 :Revoked;
    withdrawnInEmergency @20 :WithdrawnInEmergency;
    reclassified @21 :Reclassified;
    archiveAccepted @22 :ArchiveAccepted;
  }
}

struct Drafted {
  # 采集 / 拟稿, signed by the handler (承办人).
  title @0 :Text $C.required;
  category @1 :InfoCategory;
  contentDigest @2 :Data $C.digest $Json.hex;
  section @3 :Text $C.identifier;              # producing section
  coProducers @4 :List(Text) $C.identifier;                # co-producing agency ids (联合发文)
  leadAgency @5 :Text $C.identifier $C.optional; # lead agency of a joint document (001 §5–§6)
  proposedAttribute @6 :DisclosureAttribute;
  legalBasis @7 :Text;                         # required in practice for anything but proactive
  reason @8 :Text;
  isPolicyDocument @9 :Bool;                   # needs a policy interpretation (004 §12–§15)
  isMajorDecision @10 :Bool;                   # needs pre-disclosure (004 §21, §25)
  timeCritical @11 :Bool;                      # publish immediately (004 §6)
  decisionCount @12 :UInt32;                   # licensing/penalty/coercion decisions it records (report 二)
  feeAmountFen @13 :UInt64;                    # fees collected, for administrativeFee items (report 二)
  reportYear @14 :UInt16;                      # the year an annualReport item reports on
}

struct SectionReviewed {
  # 科室负责人审核: signed by the section head.
  decision @0 :D.ReviewDecision;
  proposedAttribute @1 :DisclosureAttribute;
  comment @2 :Text;
}

struct ConfidentialityReviewRequested {
  requestedOf @0 :Text $C.identifier $C.optional; # reviewer person id, if named
  note @1 :Text;
}

struct ConfidentialityOpinion {
  # One opinion in the review chain (003 保密审查制度 §8), signed by its author.
  stage @0 :ReviewStage;
  opinion @1 :ReviewOpinion;
  basis @2 :Text;                  # legal basis (required in practice unless 公开)
  reason @3 :Text;
}

struct ConfidentialityEscalated {
  # 需报审: sent to the confidentiality authority (000 保密审查办法 §9).
  authority @0 :Text $C.required;  # e.g. 区保密局
  reason @1 :Text;
}

struct ConfidentialityDetermined {
  # The authority's determination, recorded by the agency's reviewer.
  authority @0 :Text $C.required;
  opinion @1 :ReviewOpinion;
  basis @2 :Text;
  reason @3 :Text;
  documentDigest @4 :Data $C.digest $Json.hex $C.optional;  # the determination letter
}

struct ConsultationRequested {
  # 会商: consult another agency before disclosing what involves it (001 §7, §9).
  consultedAgency @0 :Text $C.identifier;
  subject @1 :Text;
}

struct ConsultationAnswered {
  # Signed by the consulted agency's staff; silence for 3 WD is consent (001 §11).
  consultedAgency @0 :Text $C.identifier;
  answer @1 :ConsultationAnswer;
  comment @2 :Text;
}

struct SignedOff {
  # 签发 by the leader in charge: approval forms the item (its formation date
  # is this event's business date, 003 发布运行管理 §16); rejection does not.
  decision @0 :D.ReviewDecision;
  attribute @1 :DisclosureAttribute;
  comment @2 :Text;
}

struct Published {
  channel @0 :Channel;
  locator @1 :Text $C.required;        # URL, gazette issue, room, ...
  contentDigest @2 :Data $C.digest $Json.hex;    # what was actually published
}

struct InterpretationPublished {
  # 政策解读 for a policy document (002 §10; 004 §12–§15): "who drafts, interprets".
  channel @0 :Channel;
  locator @1 :Text $C.required;
  contentDigest @2 :Data $C.digest $Json.hex;
}

struct PreDisclosureOpened {
  # 预公开 of a major decision draft for comment (004 §21, §25).
  channel @0 :Channel;
  locator @1 :Text $C.required;
  commentsUntil @2 :Text $C.date;
}

struct PreDisclosureClosed {
  commentsReceived @0 :UInt32;
  summaryDigest @1 :Data $C.digest $Json.hex $C.optional;
}

struct TransferredToArchive {
  # 移送, signed by the transfer clerk (信息送交员); 000 移送办法 §5–§9.
  form @0 :TransferForm;
  archive @1 :Text $C.identifier;           # the receiving archive's agency id
  transferListDigest @2 :Data $C.digest $Json.hex;    # the transfer list (移送清单)
  invalidityNotice @3 :Bool;                # the transfer is a notice of amendment or revocation
  packageDigest @4 :Data $C.digest $Json.hex $C.optional;  # SHA-256 of the electronic-record package
                                            # (DA/T 48 电子文件封装包) transferred; electronic transfers
}

enum RecordCheck {
  # One of the four checks of 四性检测 (DA/T 70; DA/T 93 移交与接收).
  unrecorded @0;           # not recorded: the check does not count as passed
  passed @1;
  failed @2;
}

struct ArchiveAccepted {
  # 接收 or 退回: the archive's answer to one transfer after its 四性检测
  # (authenticity 真实性, integrity 完整性, usability 可用性, security 安全性),
  # signed by the receiving archive's archivist. A transfer returned, or
  # answered without all four checks passed, does not discharge the
  # transfer duty (docs/FINDINGS.md, "Archive acceptance").
  transferSeq @0 :UInt64;                   # the transferredToArchive entry it answers
  authenticity @1 :RecordCheck;
  integrity @2 :RecordCheck;
  usability @3 :RecordCheck;
  security @4 :RecordCheck;
  accepted @5 :Bool;                        # false: returned to the agency (退回)
  reportDigest @6 :Data $C.digest $Json.hex;  # the check report
  note @7 :Text;
}

struct Amended {
  # 修改: a changed item restarts the publication and transfer deadlines.
  contentDigest @0 :Data $C.digest $Json.hex;
  reason @1 :Text $C.required;
}

struct Revoked {
  # 废止 / 失效, with a notice of invalidity for the archive (000 移送 §8).
  reason @0 :Text $C.required;
  invalidityNoticeDigest @1 :Data $C.digest $Json.hex;
}

struct WithdrawnInEmergency {
  # 应急处置 (003 应急处置制度): published content taken down at once.
  reason @0 :Text $C.required;
  channel @1 :Channel;
}

struct Reclassified {
  # Yearly review of on-application and exempt items (004 §55).
  newAttribute @0 :DisclosureAttribute;
  basis @1 :Text;
  reason @2 :Text $C.required;
}
