// Rule sets: the shipped files (embedded = on disk, all parse and resolve),
// resolution of `base`, the national switch on 2019-05-15, the example in
// docs/RULES.md, and one test per refusal of the parser and the library.
#include <gtest/gtest.h>

#include <fmt/core.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "ledger/rules/rule_library.h"
#include "ledger/rules/rule_set.h"
#include "tests/ledger/rules/dates.h"
#include "tests/support/test_ledger.h"

namespace gongkai::rules {
namespace {

using testing::ReadFile;

const RuleSet& Shipped(std::string_view id) {
  auto set = RuleLibrary::Shipped().Find(id);
  EXPECT_TRUE(set.has_value()) << id;
  return **set;
}

// A complete rule set without base: eight lines, so the lines a test
// appends start at line 9.
constexpr std::string_view kHead =
    "ruleset test-set\n"
    "title 测试规则集\n"
    "jurisdiction 测试区\n"
    "effective 2020-01-01\n"
    "grades 好 坏\n"
    "band 60 100 好\n"
    "band 0 59 坏\n"
    "section all 全部 100\n";

constexpr std::string_view kReply =
    "deadline reply-application\n"
    "  within 15 wd\n"
    "  from receipt\n"
    "  source 第一条\n";

std::string WithHead(std::string_view rest) { return std::string(kHead) + std::string(rest); }

void ExpectMalformed(const Result<RuleSet>& result, int line, std::string_view part) {
  ASSERT_FALSE(result.has_value()) << "expected line " << line << ": " << part;
  EXPECT_EQ(result.error().code, ErrorCode::kMalformed) << result.error().message;
  EXPECT_TRUE(result.error().message.starts_with(fmt::format("line {}: ", line))) << result.error().message;
  EXPECT_NE(result.error().message.find(part), std::string::npos) << result.error().message;
}

void ExpectParseError(std::string_view text, int line, std::string_view part) {
  ExpectMalformed(ParseRuleSet(text), line, part);
}

// ---- the shipped rule sets

TEST(ShippedRuleSets, EveryOneParsesAndResolves) {
  const RuleLibrary& library = RuleLibrary::Shipped();
  std::vector<std::string> ids;
  for (const auto& [id, set] : library.sets()) ids.push_back(id);
  EXPECT_EQ(ids, (std::vector<std::string>{"000-tianning", "000-tianning+national-2019", "001-city",
                                           "001-city+national-2019", "002-yuhuan", "002-yuhuan+national-2019",
                                           "003-weichang-archive", "004-zhongwei-science",
                                           "004-zhongwei-science+national-2019", "default-scoring", "national-2007",
                                           "national-2019"}));
  for (const RuleFile& file : ShippedRuleFiles()) {
    auto parsed = ParseRuleSet(file.text);
    ASSERT_TRUE(parsed.has_value()) << file.name << ": " << parsed.error().message;
    EXPECT_EQ(std::string(file.name), parsed->id + ".rules");
    auto resolved = library.Resolve(*parsed);
    ASSERT_TRUE(resolved.has_value()) << file.name << ": " << resolved.error().message;
    EXPECT_EQ(resolved->text, file.text);
    int32_t weights = 0;
    for (const Section& section : resolved->sections) weights += section.weight;
    EXPECT_EQ(weights, 100) << file.name;
    EXPECT_TRUE(resolved->consecutive_fail_years.has_value()) << file.name;
    for (const Deduction& deduction : resolved->deductions) {
      EXPECT_NE(resolved->FindSection(deduction.section), nullptr) << file.name << " " << deduction.kind;
    }
  }
}

TEST(ShippedRuleSets, EveryFileInDataRulesIsShippedAsOnDisk) {
  std::vector<std::string> on_disk, shipped;
  for (const auto& entry : std::filesystem::directory_iterator(GONGKAI_SOURCE_DIR "/data/rules")) {
    on_disk.push_back(entry.path().filename().string());
  }
  std::ranges::sort(on_disk);
  for (const RuleFile& file : ShippedRuleFiles()) {
    shipped.emplace_back(file.name);
    EXPECT_EQ(file.text, ReadFile(GONGKAI_SOURCE_DIR "/data/rules/" + std::string(file.name))) << file.name;
  }
  EXPECT_EQ(shipped, on_disk);
}

TEST(ShippedRuleSets, NationalSwitchOn20190515) {
  const RuleLibrary& library = RuleLibrary::Shipped();
  EXPECT_EQ((*library.NationalFor(D("2008-05-01")))->id, "national-2007");
  EXPECT_EQ((*library.NationalFor(D("2019-05-14")))->id, "national-2007");
  EXPECT_EQ((*library.NationalFor(D("2019-05-15")))->id, "national-2019");
  EXPECT_EQ((*library.NationalFor(D("2026-12-31")))->id, "national-2019");
  auto before = library.NationalFor(D("2008-04-30"));
  ASSERT_FALSE(before.has_value());
  EXPECT_EQ(before.error().code, ErrorCode::kOutOfRange);
  EXPECT_NE(before.error().message.find("national-2007, takes effect 2008-05-01"), std::string::npos);

  const Deadline* reply2007 = Shipped("national-2007").FindDeadline("reply-application");
  const Deadline* reply2019 = Shipped("national-2019").FindDeadline("reply-application");
  ASSERT_TRUE(reply2007 && reply2019);
  EXPECT_EQ(reply2007->count, 15);
  EXPECT_EQ(reply2007->extension, 15);
  EXPECT_EQ(reply2007->pauses, std::vector<Pause>{Pause::kThirdParty});
  EXPECT_FALSE(reply2007->restarts_on_correction);
  EXPECT_EQ(reply2019->count, 20);
  EXPECT_EQ(reply2019->extension, 20);
  EXPECT_EQ(reply2019->pauses, (std::vector<Pause>{Pause::kThirdParty, Pause::kInteragency}));
  EXPECT_TRUE(reply2019->restarts_on_correction);
  EXPECT_EQ(Shipped("national-2007").FindDeadline("correction-notice"), nullptr);
  EXPECT_EQ(Shipped("national-2019").FindDeadline("correction-notice")->count, 7);
}

TEST(ShippedRuleSets, InForceByJurisdiction) {
  const RuleLibrary& library = RuleLibrary::Shipped();
  EXPECT_EQ((*library.InForce("江苏省常州市天宁区", D("2016-08-11")))->id, "000-tianning");
  EXPECT_EQ((*library.InForce("江苏省常州市天宁区", D("2019-05-14")))->id, "000-tianning");
  EXPECT_EQ((*library.InForce("江苏省常州市天宁区", D("2019-05-15")))->id, "000-tianning+national-2019");
  EXPECT_EQ((*library.InForce("江苏省常州市天宁区", D("2020-01-01")))->id, "000-tianning+national-2019");
  EXPECT_EQ((*library.InForce("河北省承德市围场满族蒙古族自治县档案馆", D("2020-03-13")))->id, "003-weichang-archive");
  EXPECT_EQ(library.InForce("江苏省常州市天宁区", D("2016-08-10")).error().code, ErrorCode::kOutOfRange);
  EXPECT_EQ(library.InForce("火星", D("2020-01-01")).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(library.Find("national-2030").error().code, ErrorCode::kNotFound);
}

TEST(ShippedRuleSets, LocalSetsOverrideTheirBase) {
  const RuleSet& tianning = Shipped("000-tianning");
  EXPECT_EQ(tianning.base, "national-2007");
  EXPECT_EQ(tianning.FindDeadline("reply-application")->source, "天宁区依申请公开制度 三；条例（2007）第二十四条");
  EXPECT_EQ(tianning.FindDeadline("publish-proactive")->source, "条例（2007）第十八条");  // inherited
  EXPECT_EQ(tianning.FindDeadline("archive-transfer-paper")->unit, Unit::kDayOfNextMonth);
  EXPECT_EQ(tianning.FindDeadline("archive-transfer-paper")->day, 10);
  EXPECT_EQ(tianning.grades, (std::vector<std::string>{"优秀", "良好", "合格", "不合格"}));
  EXPECT_EQ(tianning.consecutive_fail_years, 2);
  EXPECT_EQ(tianning.FindDeduction("late-reply")->points, 6);  // from default-scoring, through national-2007
  EXPECT_EQ(tianning.GradeFor(95), "优秀");
  EXPECT_EQ(tianning.GradeFor(85), "良好");
  EXPECT_EQ(tianning.GradeFor(70), "合格");
  EXPECT_EQ(tianning.GradeFor(69), "不合格");
  EXPECT_EQ(tianning.GradeFor(-12), "不合格");

  const RuleSet& weichang = Shipped("003-weichang-archive");
  EXPECT_EQ(weichang.grades, (std::vector<std::string>{"优秀", "合格", "基本合格", "不合格"}));
  EXPECT_EQ(weichang.GradeFor(75), "基本合格");
  EXPECT_EQ(weichang.FailingGrade(), "不合格");
  EXPECT_EQ(weichang.consecutive_fail_years, 0);
  EXPECT_EQ(weichang.FindDeadline("confidentiality-review-opinion")->count, 5);
  EXPECT_EQ(weichang.FindDeadline("website-publication-review")->count, 2);
  EXPECT_EQ(weichang.FindDeadline("reply-application")->count, 20);  // national-2019

  const RuleSet& zhongwei = Shipped("004-zhongwei-science");
  EXPECT_EQ(zhongwei.FindDeadline("publish-after-confidentiality-review")->count, 10);
  EXPECT_EQ(zhongwei.FindDeadline("collective-decision-notice")->direction, Direction::kAtLeastBefore);
  EXPECT_EQ(zhongwei.FindFinding("late-inquiry-answer")->breaches,
            (std::vector<std::string>{"inquiry-complaint-answer", "inquiry-consultation-answer",
                                      "inquiry-suggestion-answer"}));

  const RuleSet& scoring = Shipped("default-scoring");
  EXPECT_FALSE(scoring.selects_by_receipt || scoring.selects_by_formation);
  EXPECT_TRUE(scoring.deadlines.empty());
}

// A book written under the 2007 regulation, read over the 2019 one from
// 2019-05-15: what it restates of the 2007 regulation yields, its own
// internal rules stand (docs/RULES.md, "A book outliving its regulation").
TEST(ShippedRuleSets, BooksOfThe2007RegulationAreReadOverThe2019OneFromItsDay) {
  const RuleSet& tianning = Shipped("000-tianning");
  ASSERT_TRUE(tianning.rebase.has_value());
  EXPECT_EQ(tianning.rebase->base, "national-2019");
  EXPECT_EQ(FormatDate(tianning.rebase->from), "2019-05-15");
  EXPECT_TRUE(tianning.FindDeadline("reply-application")->statutory);
  EXPECT_EQ(tianning.FindDeadline("reply-application")->count, 15);  // before the rebase, the book's own

  const RuleSet& rebased = Shipped("000-tianning+national-2019");
  EXPECT_EQ(rebased.rebased_from, "000-tianning");
  EXPECT_EQ(rebased.base, "national-2019");
  EXPECT_FALSE(rebased.rebase.has_value());
  EXPECT_EQ(FormatDate(rebased.effective_from), "2019-05-15");
  EXPECT_EQ(rebased.jurisdiction, tianning.jurisdiction);
  EXPECT_EQ(rebased.title, tianning.title);
  EXPECT_EQ(rebased.text, tianning.text);  // the book's own file
  // The statutory period yields: the applicant is owed 条例（2019）第三十三条's.
  const Deadline* reply = rebased.FindDeadline("reply-application");
  EXPECT_EQ(reply->count, 20);
  EXPECT_EQ(reply->extension, 20);
  EXPECT_TRUE(reply->restarts_on_correction);
  EXPECT_EQ(reply->source, "条例（2019）第三十三条、第三十条");
  EXPECT_NE(rebased.FindDeadline("correction-notice"), nullptr);  // new in 2019
  // The district's internal rules stand.
  EXPECT_EQ(rebased.FindDeadline("archive-transfer-paper")->source, "天宁区移送管理办法 第七条");
  EXPECT_EQ(rebased.FindFinding("late-reply")->source, tianning.FindFinding("late-reply")->source);
  EXPECT_EQ(rebased.responsibility->source, "000 考核评议和责任追究办法 第十条");
  EXPECT_EQ(rebased.consecutive_fail_years, 2);

  // A stricter period of the book's own stands (004 第十五条: 3 days, not the
  // 2019 regulation's silence), a restated one yields (第三十五条（二）).
  const RuleSet& zhongwei = Shipped("004-zhongwei-science+national-2019");
  EXPECT_EQ(zhongwei.FindDeadline("policy-interpretation")->count, 3);
  EXPECT_EQ(zhongwei.FindDeadline("publish-after-confidentiality-review")->count, 10);
  EXPECT_EQ(zhongwei.FindDeadline("reply-application")->count, 20);
  EXPECT_EQ(zhongwei.responsibility->source, "004 §64");
  // A book with no attribution rule of its own takes the regulation in force's.
  EXPECT_EQ(Shipped("001-city").responsibility->source, "条例（2007）第三十五条");
  EXPECT_EQ(Shipped("001-city+national-2019").responsibility->source, "条例（2019）第五十三条");
  EXPECT_EQ(Shipped("001-city+national-2019").FindDeadline("interagency-consultation-answer")->count, 3);
}

TEST(RuleSetParse, RebaseIsCheckedLineByLine) {
  const std::string head = "ruleset x\ntitle X\njurisdiction 某县\neffective 2016-01-01\n";
  const std::string reply = "deadline reply-application\n  within 15 wd\n  from receipt\n  statutory\n  source 某县 三\n";
  auto ok = ParseRuleSet(head + "base national-2007\nrebase national-2019 from 2019-05-15\n" + reply);
  ASSERT_TRUE(ok.has_value()) << ok.error().message;
  EXPECT_TRUE(ok->deadlines[0].statutory);
  auto rebased = RuleLibrary::Shipped().ResolveRebased(*ok);
  ASSERT_TRUE(rebased.has_value()) << rebased.error().message;
  EXPECT_EQ(rebased->id, "x+national-2019");
  EXPECT_EQ(rebased->FindDeadline("reply-application")->count, 20);
  // Without a rebase, the book keeps its own.
  EXPECT_EQ(RuleLibrary::Shipped().Resolve(*ok)->FindDeadline("reply-application")->count, 15);

  ExpectParseError(head + "rebase national-2019 from 2019-05-15\n", 5, "'rebase' replaces the base, and rule set x has none");
  ExpectParseError(head + "base national-2007\nrebase national-2007 from 2019-05-15\n", 6,
                   "'rebase national-2007' names the base it replaces");
  ExpectParseError(head + "base national-2007\nrebase national-2019 from 2016-01-01\n", 6,
                   "'rebase' takes effect 2016-01-01, not after the rule set itself (2016-01-01)");
  ExpectParseError(head + "base national-2007\nrebase national-2019 2019-05-15\n", 6, "expected 'rebase ID from DATE'");
  ExpectParseError(head + "base national-2007\nrebase national-2019 from 2019-13-01\n", 6, "'rebase national-2019 from' needs a date");
  ExpectParseError(head + "base national-2007\nrebase x from 2019-05-15\n", 6, "rule set x cannot be rebased on itself");
  ExpectParseError(head + "base national-2007\nrebase national-2019 from 2019-05-15\nrebase national-2019 from 2020-01-01\n", 7,
                   "a second 'rebase' line (the first is line 6)");
  ExpectParseError(head + "base national-2007\n" + reply, 6,
                   "deadline reply-application: 'statutory' yields the block to the regulation of a 'rebase' line, and rule set x has none");

  auto unknown = ParseRuleSet(head + "base national-2007\nrebase national-2030 from 2030-01-01\n");
  ASSERT_TRUE(unknown.has_value());
  EXPECT_EQ(RuleLibrary::Shipped().ResolveRebased(*unknown).error().code, ErrorCode::kNotFound);
  const std::string x = head + "base national-2007\nrebase national-2030 from 2030-01-01\n";
  std::vector<RuleFile> files(ShippedRuleFiles().begin(), ShippedRuleFiles().end());
  files.push_back({"x.rules", x});
  auto built = RuleLibrary::Build(files);
  ASSERT_FALSE(built.has_value());
  EXPECT_EQ(built.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(built.error().message,
            "x.rules: line 6: rule set x is rebased on 'national-2030', which is not among the rule sets");
}

// Joint documents: the lead agency's duties, by the rule of each book.
TEST(ShippedRuleSets, JointDutiesAreTheLeadAgencysWhereWritten) {
  const JointRule* publication = Shipped("national-2019").JointRuleFor(JointDuty::kPublication);
  ASSERT_NE(publication, nullptr);
  EXPECT_EQ(publication->discharge, JointDischarge::kLeadAgency);
  EXPECT_EQ(publication->source, "条例（2019）第十条第三款");
  EXPECT_EQ(Shipped("national-2007").JointRuleFor(JointDuty::kPublication), nullptr);  // no written rule
  const RuleSet& tianning = Shipped("000-tianning+national-2019");
  EXPECT_EQ(tianning.JointRuleFor(JointDuty::kArchiveTransfer)->source, "天宁区移送管理办法 第五条");
  EXPECT_EQ(tianning.JointRuleFor(JointDuty::kPublication)->source, "条例（2019）第十条第三款");  // inherited
  EXPECT_EQ(Shipped("001-city+national-2019").JointRuleFor(JointDuty::kPublication)->source,
            "XX市政府信息公开发布协调制度 第六条");  // the book's own stands
}

TEST(RuleSetParse, JointDutyIsCheckedLineByLine) {
  const std::string head = "ruleset x\ntitle X\njurisdiction 某县\neffective 2016-01-01\nbase national-2019\n";
  auto ok = ParseRuleSet(head + "joint-duty archive-transfer any-producer 某县 第五条\n");
  ASSERT_TRUE(ok.has_value()) << ok.error().message;
  auto resolved = RuleLibrary::Shipped().Resolve(*ok);
  ASSERT_TRUE(resolved.has_value());
  EXPECT_EQ(resolved->JointRuleFor(JointDuty::kArchiveTransfer)->discharge, JointDischarge::kAnyProducer);
  EXPECT_EQ(resolved->JointRuleFor(JointDuty::kPublication)->source, "条例（2019）第十条第三款");
  ExpectParseError(head + "joint-duty printing lead-agency 某县\n", 6, "'joint-duty' takes publication or archive-transfer");
  ExpectParseError(head + "joint-duty publication everyone 某县\n", 6,
                   "'joint-duty publication' takes lead-agency or any-producer, not 'everyone'");
  ExpectParseError(head + "joint-duty publication lead-agency\n", 6,
                   "'joint-duty publication lead-agency' needs the article it follows");
  ExpectParseError(head + "joint-duty publication lead-agency a\njoint-duty publication any-producer b\n", 7,
                   "a second 'joint-duty publication' line (the first is line 6)");
}

TEST(ShippedRuleSets, DeadlinesAndFindingsAreSortedAndKnown) {
  for (const auto& [id, set] : RuleLibrary::Shipped().sets()) {
    EXPECT_TRUE(std::ranges::is_sorted(set.deadlines, {}, &Deadline::id)) << id;
    EXPECT_TRUE(std::ranges::is_sorted(set.findings, {}, &Finding::kind)) << id;
    for (const Deadline& deadline : set.deadlines) EXPECT_TRUE(IsKnownDeadlineId(deadline.id)) << deadline.id;
    for (const Finding& finding : set.findings) EXPECT_TRUE(IsKnownFindingKind(finding.kind)) << finding.kind;
  }
}

TEST(FindingKinds, EveryKindHasOneNameAndEveryNameItsKind) {
  std::set<std::string_view> names;
  for (FindingKind kind : AllFindingKinds()) {
    EXPECT_TRUE(names.insert(Name(kind)).second) << Name(kind);
    EXPECT_EQ(ParseFindingKind(Name(kind)), kind) << Name(kind);
  }
  EXPECT_EQ(names.size(), 25u);
  EXPECT_EQ(Name(FindingKind::kLateReply), "late-reply");
  EXPECT_FALSE(ParseFindingKind("late_reply").has_value());
  // The national rule set defines most of them; each by its kind's name.
  const RuleSet& national = **RuleLibrary::Shipped().Find("national-2019");
  EXPECT_EQ(national.FindFinding(FindingKind::kLateReply), national.FindFinding("late-reply"));
  EXPECT_NE(national.FindFinding(FindingKind::kLateReply), nullptr);
}

// The complete example of docs/RULES.md (the fenced block after the marker
// line) parses and resolves over the shipped library.
TEST(RuleSetFormat, DocumentedExampleParses) {
  std::string doc = ReadFile(GONGKAI_SOURCE_DIR "/docs/RULES.md");
  size_t marker = doc.find("<!-- rule-set example -->");
  ASSERT_NE(marker, std::string::npos);
  size_t start = doc.find("```\n", marker) + 4;
  size_t end = doc.find("```\n", start);
  auto parsed = ParseRuleSet(std::string_view(doc).substr(start, end - start));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  auto resolved = RuleLibrary::Shipped().Resolve(*parsed);
  ASSERT_TRUE(resolved.has_value()) << resolved.error().message;
  EXPECT_EQ(resolved->FindDeadline("reply-application")->count, 15);
  EXPECT_EQ(resolved->FindDeadline("correction-notice")->count, 7);  // inherited from national-2019
}

TEST(RuleSetFormat, CompleteSetWithCommentsAndCrlf) {
  auto set = ParseRuleSet(WithHead(
      "# a comment line\r\n"
      "consecutive-fail off   # trailing comment\n"
      "deadline archive-transfer-paper\n"
      "\tby day 10 of next month\n"
      "  from formation\n"
      "  source 第七条#4, not a comment\n"
      "deadline annual-report-publication\n"
      "  by 03-31 of next year\n"
      "  from year\n"
      "  source 第三十条\n"
      "finding late-archive-transfer\n"
      "  breaches archive-transfer-paper\n"
      "  source 第十条\n"
      "deduct late-archive-transfer 2 all\n"));
  ASSERT_TRUE(set.has_value()) << set.error().message;
  EXPECT_EQ(set->id, "test-set");
  EXPECT_EQ(set->effective_from, D("2020-01-01"));
  EXPECT_EQ(set->consecutive_fail_years, 0);
  ASSERT_EQ(set->deadlines.size(), 2u);
  EXPECT_EQ(set->deadlines[0].id, "annual-report-publication");  // sorted by id
  EXPECT_EQ(set->deadlines[0].month, 3);
  EXPECT_EQ(set->deadlines[0].day, 31);
  EXPECT_EQ(set->FindDeadline("archive-transfer-paper")->source, "第七条#4, not a comment");
  EXPECT_EQ(DescribePeriod(*set->FindDeadline("archive-transfer-paper")), "by day 10 of next month");
  EXPECT_EQ(set->FindDeduction("late-archive-transfer")->points, 2);
  EXPECT_EQ(set->bands.front().grade, "好");
}

TEST(RuleSetFormat, ABlockReplacesTheBaseBlockWhole) {
  std::string base_text = WithHead(
      "deadline reply-application\n"
      "  within 15 wd\n"
      "  from receipt\n"
      "  extension 15 wd\n"
      "  pause third-party\n"
      "  source 基础\n"
      "deadline publish-proactive\n"
      "  within 20 wd\n"
      "  from formation\n"
      "  source 基础\n");
  std::string child_text =
      "ruleset child\n"
      "title 子\n"
      "jurisdiction 子区\n"
      "effective 2021-01-01\n"
      "base test-set\n"
      "deadline reply-application\n"
      "  within 10 wd\n"
      "  from receipt\n"
      "  source 子规则\n"
      "section all 全部 60\n"
      "section extra 附加 40\n"
      "grades 甲 乙 丙\n"
      "band 80 100 甲\n"
      "band 50 79 乙\n"
      "band 0 49 丙\n";
  auto built = RuleLibrary::Build(std::vector<RuleFile>{{"child.rules", child_text}, {"base.rules", base_text}});
  ASSERT_TRUE(built.has_value()) << built.error().message;
  const RuleSet& child = **built->Find("child");
  const Deadline* reply = child.FindDeadline("reply-application");
  EXPECT_EQ(reply->count, 10);
  EXPECT_FALSE(reply->extension.has_value());  // not inherited attribute by attribute
  EXPECT_TRUE(reply->pauses.empty());
  EXPECT_EQ(child.FindDeadline("publish-proactive")->source, "基础");
  ASSERT_EQ(child.sections.size(), 2u);
  EXPECT_EQ(child.sections[0].weight, 60);  // replaced in place
  EXPECT_EQ(child.sections[1].id, "extra");
  EXPECT_EQ(child.grades.size(), 3u);
  EXPECT_EQ(child.GradeFor(60), "乙");
  EXPECT_EQ(child.consecutive_fail_years, 0);
  EXPECT_EQ(child.text, child_text);
}

// ---- parse errors: one test per refusal

TEST(RuleSetParseError, UnknownDirective) { ExpectParseError(WithHead("deadlin reply-application\n"), 9, "unknown directive 'deadlin'"); }

TEST(RuleSetParseError, FirstDirectiveMustBeRuleset) {
  ExpectParseError("# comment\ntitle 测试\n", 2, "the first directive must be 'ruleset ID'");
}

TEST(RuleSetParseError, EmptyFile) { ExpectParseError("# only a comment\n", 2, "ends before its 'ruleset ID' line"); }

TEST(RuleSetParseError, MissingTitle) {
  ExpectParseError("ruleset x\njurisdiction 测试\neffective 2020-01-01\n", 1, "rule set x: missing 'title'");
}

TEST(RuleSetParseError, MissingDeadlineField) {
  ExpectParseError(WithHead("deadline reply-application\n  within 15 wd\n  from receipt\n"), 9,
                   "deadline reply-application: missing 'source'");
}

TEST(RuleSetParseError, MissingPeriod) {
  ExpectParseError(WithHead("deadline reply-application\n  from receipt\n  source 第一条\n"), 9,
                   "missing a period (within, at-least or by)");
}

TEST(RuleSetParseError, MissingFindingSource) {
  ExpectParseError(WithHead("finding late-reply\n  breaches reply-application\n"), 9,
                   "finding late-reply: missing 'source'");
}

TEST(RuleSetParseError, BaseLessSetWithoutScoring) {
  ExpectParseError("ruleset x\ntitle 测试\njurisdiction 测试\neffective 2020-01-01\n", 1,
                   "has no base, so it needs 'grades' and 'band' lines");
}

TEST(RuleSetParseError, BadNumber) {
  ExpectParseError(WithHead("deadline reply-application\n  within fifteen wd\n"), 10, "bad number 'fifteen'");
}

TEST(RuleSetParseError, NegativeNumber) {
  ExpectParseError(WithHead("deadline reply-application\n  within -3 wd\n"), 10, "bad number '-3'");
}

TEST(RuleSetParseError, NumberTooLarge) {
  ExpectParseError(WithHead("deadline reply-application\n  within 99999999999 wd\n"), 10,
                   "bad number '99999999999' for 'within' (a whole number 0..3650)");
}

TEST(RuleSetParseError, BadDate) { ExpectParseError("ruleset x\neffective 2020-13-01\n", 2, "'effective' needs a date"); }

TEST(RuleSetParseError, DuplicateDeadline) {
  ExpectParseError(WithHead(std::string(kReply) + std::string(kReply)), 13,
                   "duplicate deadline 'reply-application' (first on line 9)");
}

TEST(RuleSetParseError, DuplicateFinding) {
  ExpectParseError(WithHead("finding late-reply\n  source a\nfinding late-reply\n  source b\n"), 11,
                   "duplicate finding 'late-reply' (first on line 9)");
}

TEST(RuleSetParseError, DuplicateSection) {
  ExpectParseError(WithHead("section all 全部 10\n"), 9, "duplicate section 'all' (first on line 8)");
}

TEST(RuleSetParseError, DuplicateDeduction) {
  ExpectParseError(WithHead("deduct late-reply 5 all\ndeduct late-reply 3 all\n"), 10,
                   "duplicate deduction for 'late-reply' (first on line 9)");
}

TEST(RuleSetParseError, DuplicateDirective) { ExpectParseError(WithHead("title 又一个\n"), 9, "a second 'title' line (the first is line 2)"); }

TEST(RuleSetParseError, DuplicateAttribute) {
  ExpectParseError(WithHead("deadline reply-application\n  from receipt\n  from formation\n"), 11,
                   "a second 'from' line (the first is line 10)");
}

TEST(RuleSetParseError, SecondPeriod) {
  ExpectParseError(WithHead("deadline reply-application\n  within 15 wd\n  at-least 3 wd before\n"), 11,
                   "a second period 'at-least' (the first is line 10)");
}

TEST(RuleSetParseError, UnknownFindingKind) {
  ExpectParseError(WithHead("finding late-lunch\n"), 9, "unknown finding kind 'late-lunch'");
}

TEST(RuleSetParseError, UnknownFindingKindInDeduct) {
  ExpectParseError(WithHead("deduct late-lunch 5 all\n"), 9, "unknown finding kind 'late-lunch'");
}

TEST(RuleSetParseError, UnknownDeadlineId) {
  ExpectParseError(WithHead("deadline reply-lunch\n"), 9, "unknown deadline id 'reply-lunch'");
}

TEST(RuleSetParseError, UnknownDeadlineIdInBreaches) {
  ExpectParseError(WithHead("finding late-reply\n  breaches reply-lunch\n"), 10, "unknown deadline id 'reply-lunch'");
}

TEST(RuleSetParseError, BreachesUndefinedDeadline) {
  ExpectParseError(WithHead("finding late-reply\n  breaches reply-application\n  source 第一条\n"), 9,
                   "breaches deadline 'reply-application', which rule set test-set does not define");
}

TEST(RuleSetParseError, UnknownUnit) {
  ExpectParseError(WithHead("deadline reply-application\n  within 3 weeks\n"), 10, "unknown unit 'weeks'");
}

TEST(RuleSetParseError, UnknownTrigger) {
  ExpectParseError(WithHead("deadline reply-application\n  from lunch\n"), 10, "unknown trigger 'lunch'");
}

TEST(RuleSetParseError, AtLeastNeedsASide) {
  ExpectParseError(WithHead("deadline collective-decision-notice\n  at-least 2 wd\n"), 10,
                   "'at-least N wd' needs 'before' or 'after'");
}

TEST(RuleSetParseError, BadFixedDate) {
  ExpectParseError(WithHead("deadline yearly-review\n  by 02-29 of next year\n"), 10, "bad number '29'");
}

TEST(RuleSetParseError, BadDayOfMonth) {
  ExpectParseError(WithHead("deadline archive-transfer-paper\n  by day 31 of next month\n"), 10, "bad number '31'");
}

TEST(RuleSetParseError, UnknownDeadlineAttribute) {
  ExpectParseError(WithHead("deadline reply-application\n  breaches reply-application\n"), 10,
                   "unknown deadline attribute 'breaches'");
}

TEST(RuleSetParseError, UnknownFindingAttribute) {
  ExpectParseError(WithHead("finding late-reply\n  within 3 wd\n"), 10, "unknown finding attribute 'within'");
}

TEST(RuleSetParseError, AttributeOutsideBlock) {
  ExpectParseError(WithHead("  within 3 wd\n"), 9, "indented line 'within' outside a deadline or finding block");
}

TEST(RuleSetParseError, ExtraField) {
  ExpectParseError(WithHead("deadline reply-application now\n"), 9, "unexpected 'now' after 'deadline reply-application'");
}

TEST(RuleSetParseError, ExtensionOnAFixedDate) {
  ExpectParseError(WithHead("deadline archive-transfer-paper\n  by day 10 of next month\n  from formation\n"
                            "  extension 5 wd\n  source 第七条\n"),
                   12, "'extension' needs a 'within N wd|days' period");
}

TEST(RuleSetParseError, ExtensionInAnotherUnit) {
  ExpectParseError(WithHead("deadline reply-application\n  within 15 wd\n  extension 15 days\n  from receipt\n"
                            "  source 第一条\n"),
                   11, "the extension is in days, the period in wd");
}

TEST(RuleSetParseError, PauseOnCalendarDays) {
  ExpectParseError(WithHead("deadline policy-interpretation\n  within 3 days\n  pause third-party\n"
                            "  from policy-issued\n  source 第十五条\n"),
                   11, "'pause' needs a 'within N wd' period");
}

TEST(RuleSetParseError, RestartOnAMinimum) {
  ExpectParseError(WithHead("deadline collective-decision-notice\n  at-least 2 wd before\n  restart correction\n"
                            "  from meeting\n  source 第三十条\n"),
                   11, "'restart' needs a 'within' period");
}

TEST(RuleSetParseError, UnknownPauseKind) {
  ExpectParseError(WithHead("deadline reply-application\n  pause lunch\n"), 10, "'pause' takes third-party");
}

TEST(RuleSetParseError, BandsNotCoveringZero) {
  ExpectParseError(
      "ruleset x\ntitle t\njurisdiction j\neffective 2020-01-01\ngrades 好 坏\nband 60 100 好\nband 1 59 坏\n", 7,
      "the bands do not cover 0..100: 0..0 is missing");
}

TEST(RuleSetParseError, BandsWithAGap) {
  ExpectParseError(
      "ruleset x\ntitle t\njurisdiction j\neffective 2020-01-01\ngrades 好 坏\nband 0 59 坏\nband 70 100 好\n", 7,
      "the bands do not cover 0..100: 60..69 is missing");
}

TEST(RuleSetParseError, BandsNotReaching100) {
  ExpectParseError(
      "ruleset x\ntitle t\njurisdiction j\neffective 2020-01-01\ngrades 好 坏\nband 60 99 好\nband 0 59 坏\n", 7,
      "the bands do not cover 0..100: 100..100 is missing");
}

TEST(RuleSetParseError, OverlappingBands) {
  ExpectParseError(
      "ruleset x\ntitle t\njurisdiction j\neffective 2020-01-01\ngrades 好 坏\nband 60 100 好\nband 0 60 坏\n", 7,
      "band 0..60 overlaps band 60..100 (line 6)");
}

TEST(RuleSetParseError, BandForAnUnknownGrade) {
  ExpectParseError(
      "ruleset x\ntitle t\njurisdiction j\neffective 2020-01-01\ngrades 好 坏\nband 60 100 好\nband 0 59 差\n", 7,
      "band grade '差' is not one of the grades (好 坏)");
}

TEST(RuleSetParseError, GradeWithoutBand) {
  ExpectParseError(
      "ruleset x\ntitle t\njurisdiction j\neffective 2020-01-01\ngrades 好 中 坏\nband 60 100 好\nband 0 59 坏\n", 5,
      "grade 中 has no band");
}

TEST(RuleSetParseError, BandsInTheWrongOrder) {
  ExpectParseError(
      "ruleset x\ntitle t\njurisdiction j\neffective 2020-01-01\ngrades 好 坏\nband 0 59 好\nband 60 100 坏\n", 7,
      "band 60..100 goes to 坏, but the grades list 好 as better");
}

TEST(RuleSetParseError, BandsWithoutGrades) {
  ExpectParseError("ruleset x\nbase national-2019\ntitle t\njurisdiction j\neffective 2020-01-01\nband 0 100 好\n", 6,
                   "'band' lines need a 'grades' line");
}

TEST(RuleSetParseError, WeightsNotSummingTo100) {
  ExpectParseError(WithHead("section more 更多 5\n"), 9, "the section weights sum to 105, not 100");
}

TEST(RuleSetParseError, DeductionInAnUnknownSection) {
  ExpectParseError(WithHead("deduct late-reply 5 nowhere\n"), 9, "deduct late-reply: unknown section 'nowhere'");
}

TEST(RuleSetParseError, OwnBase) { ExpectParseError("ruleset x\nbase x\n", 2, "rule set x cannot be its own base"); }

TEST(RuleSetParseError, BadSelector) {
  ExpectParseError(WithHead("selected-by lunch\n"), 9, "'selected-by' takes receipt, formation or none, not 'lunch'");
}

TEST(RuleSetParseError, BadConsecutiveFail) {
  ExpectParseError(WithHead("consecutive-fail 1\n"), 9, "bad number '1' for 'consecutive-fail'");
}

TEST(RuleSetParseError, BadRecordLag) {
  ExpectParseError(WithHead("record-lag 5\n"), 9, "'record-lag N' needs its unit: 'record-lag N wd'");
  ExpectParseError(WithHead("record-lag 0 wd\n"), 9, "bad number '0' for 'record-lag' (working days, or off)");
  ExpectParseError(WithHead("record-lag 5 days\n"), 9, "'record-lag N' needs its unit: 'record-lag N wd'");
  ExpectParseError(WithHead("record-lag off\nrecord-lag 3 wd\n"), 10, "a second 'record-lag' line");
}

// The shipped sets take default-scoring's a working week; a set may change
// it or turn it off, and a set that says nothing keeps its base's.
TEST(RuleSetFormat, RecordLagIsInheritedFromTheBase) {
  EXPECT_EQ(RuleLibrary::Shipped().Find("national-2019").value()->record_lag_working_days, 5);
  EXPECT_EQ(RuleLibrary::Shipped().Find("004-zhongwei-science").value()->record_lag_working_days, 5);
  auto off = ParseRuleSet(WithHead("record-lag off\n"));
  ASSERT_TRUE(off.has_value()) << off.error().message;
  EXPECT_EQ(off->record_lag_working_days, 0);
  auto three = ParseRuleSet(WithHead("record-lag 3 wd   # stricter\n"));
  ASSERT_TRUE(three.has_value()) << three.error().message;
  EXPECT_EQ(three->record_lag_working_days, 3);
}

TEST(RuleSetParseError, ControlCharacter) { ExpectParseError(WithHead("title a\x01b\n"), 9, "control character"); }

TEST(RuleSetParseError, InvalidUtf8) { ExpectParseError(WithHead("# \xc0\xaf\n"), 9, "not valid UTF-8"); }

// ---- resolution and library errors

TEST(RuleLibraryError, UnknownBase) {
  auto library = RuleLibrary::Build(std::vector<RuleFile>{
      {"child.rules", "ruleset child\ntitle t\njurisdiction j\neffective 2020-01-01\nbase nowhere\n"}});
  ASSERT_FALSE(library.has_value());
  EXPECT_EQ(library.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(library.error().message, "child.rules: rule set child has base 'nowhere', which is not among the rule sets");
  auto parsed = ParseRuleSet("ruleset child\ntitle t\njurisdiction j\neffective 2020-01-01\nbase nowhere\n");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(RuleLibrary::Shipped().Resolve(*parsed).error().code, ErrorCode::kNotFound);
}

TEST(RuleLibraryError, CycleOfBases) {
  auto library = RuleLibrary::Build(std::vector<RuleFile>{
      {"a.rules", "ruleset a\ntitle t\njurisdiction j\neffective 2020-01-01\nbase b\n"},
      {"b.rules", "ruleset b\ntitle t\njurisdiction j\neffective 2021-01-01\nbase a\n"}});
  ASSERT_FALSE(library.has_value());
  EXPECT_EQ(library.error().code, ErrorCode::kMalformed);
  EXPECT_NE(library.error().message.find("form a cycle"), std::string::npos) << library.error().message;
}

TEST(RuleLibraryError, SameIdTwice) {
  std::string text = WithHead("");
  auto library = RuleLibrary::Build(std::vector<RuleFile>{{"a.rules", text}, {"b.rules", text}});
  ASSERT_FALSE(library.has_value());
  EXPECT_EQ(library.error().message, "b.rules: rule set test-set is also defined in a.rules");
}

TEST(RuleLibraryError, TwoSetsInForceFromTheSameDay) {
  std::string other = WithHead("");
  other.replace(0, std::string_view("ruleset test-set").size(), "ruleset other-set");
  auto library = RuleLibrary::Build(std::vector<RuleFile>{{"a.rules", WithHead("")}, {"b.rules", other}});
  ASSERT_FALSE(library.has_value());
  EXPECT_EQ(library.error().message, "rule sets other-set and test-set are both in force for 测试区 from 2020-01-01");
}

TEST(RuleLibraryError, ChildBreaksTheWholeSet) {
  auto resolve = [](std::string_view rest) {
    auto parsed = ParseRuleSet(
        std::string("ruleset child\ntitle t\njurisdiction j\neffective 2020-01-01\nbase national-2019\n") +
        std::string(rest));
    EXPECT_TRUE(parsed.has_value()) << parsed.error().message;
    return RuleLibrary::Shipped().Resolve(*parsed);
  };
  ExpectMalformed(resolve("section organisation 组织领导 20\n"), 6, "the section weights sum to 110, not 100");
  ExpectMalformed(resolve("deduct late-reply 5 nowhere\n"), 6, "deduct late-reply: unknown section 'nowhere'");
  ExpectMalformed(resolve("finding late-inquiry-answer\n  breaches inquiry-consultation-answer\n  source 第四十四条\n"),
                  6, "breaches deadline 'inquiry-consultation-answer', which rule set child does not define");
  auto ok = resolve("section organisation 组织领导 5\nsection proactive 主动公开 30\n");
  ASSERT_TRUE(ok.has_value()) << ok.error().message;
  EXPECT_EQ(ok->FindSection("proactive")->weight, 30);
}

}  // namespace
}  // namespace gongkai::rules
