#include "tools/simulator/simulator.h"

#include <capnp/message.h>
#include <fmt/core.h>

#include <algorithm>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <unordered_map>

#include "ledger/action.h"
#include "ledger/admin_actions.h"
#include "ledger/base/file.h"
#include "ledger/data_dir.h"
#include "ledger/genesis.h"
#include "ledger/json_codec.h"
#include "tools/simulator/ground_truth.capnp.h"
#include "ledger/key_registry.h"
#include "ledger/ledger.h"
#include "ledger/payload_check.h"
#include "ledger/signed_action.h"
#include "ledger/rules/calendar.h"
#include "ledger/rules/rule_library.h"
#include "tools/simulator/county.h"
#include "tools/simulator/plan.h"

namespace gongkai::sim {
namespace {

using P = schema::Action::Payload;

constexpr UnixMicros kHour = 3600LL * 1'000'000;
constexpr int kFirstYear = 2017, kLastYear = 2025;
// The simulated county's own rule set, published into its ledger: seed 004's
// local rules (archive transfer, interpretations, inquiries, collective
// decisions) with the 2019 regulation's reply and correction rules and seed
// 003's confidentiality-review deadline, so that every finding kind the
// simulator injects is defined. Scoring comes from default-scoring.
std::string CountyRuleSetText(const County& county, int year) {
  return fmt::format(R"(# The rule set of {name} (simulated by gongkai simulate): seed 004's local
# rules over the national ones, with the 2019 regulation's reply and
# correction rules and seed 003's confidentiality-review deadline.
ruleset {jurisdiction}
title {name}政府信息公开规则（模拟）
jurisdiction {jurisdiction}
effective {year}-12-01
selected-by receipt formation
base 004-zhongwei-science

deadline reply-application
  within 20 wd
  from receipt
  extension 20 wd
  pause third-party interagency
  restart correction
  source 条例（2019）第三十三条、第三十条

deadline correction-notice
  within 7 wd
  from receipt
  source 条例（2019）第三十条

deadline confidentiality-review-opinion
  within 5 wd
  from request
  source 围场档案馆保密审查制度 第十二条

finding late-correction-notice
  breaches correction-notice
  source 条例（2019）第三十条

finding late-confidentiality-review
  breaches confidentiality-review-opinion
  source 围场档案馆保密审查制度 第十二条
)",
                     fmt::arg("name", county.name), fmt::arg("jurisdiction", county.jurisdiction),
                     fmt::arg("year", year - 1));
}
// Planned per agency at scale 1: about 8,240 entries an agency-year.
constexpr size_t kItemsPerAgency = 1000, kCasesPerAgency = 100, kInquiriesPerAgency = 60;
constexpr double kEntriesPerAgency = 8240;

// The registry, organisation and reference events that open the ledger,
// signed by the administrator at `at` (they precede every planned step).
std::vector<Step> SetupSteps(const County& county, const std::string& county_rules, UnixMicros at) {
  std::vector<Step> steps;
  auto add = [&](std::string stream, FillPayload fill) {
    steps.push_back(Step{at, static_cast<uint32_t>(steps.size()), county.administrator, std::move(stream),
                         std::move(fill)});
  };
  auto org = [](const Agency& agency, auto fill) {
    return [&agency, fill](P::Builder p) {
      auto e = p.initOrganisation();
      e.setAgencyId(agency.id);
      fill(e);
    };
  };
  // Agencies first (the government office, every other one's parent, before
  // the rest), then the people who hold roles in them.
  std::vector<size_t> office_first{county.office_agency};
  for (size_t i = 0; i < county.agencies.size(); ++i) {
    if (i != county.office_agency) office_first.push_back(i);
  }
  for (size_t index : office_first) {
    const Agency& agency = county.agencies[index];
    std::string parent = agency.kind != schema::AgencyKind::GOVERNMENT ? county.agencies[county.office_agency].id : "";
    add("", [fill = AgencyRegisteredDraft(AgencySpec{agency.id, agency.name, agency.kind, county.jurisdiction, parent})
                        .fill_payload](P::Builder p) { (void)fill(p); });  // it never fails
    for (size_t s = 0; s < agency.sections.size(); ++s) {
      add("", org(agency, [&agency, s](schema::OrganisationEvent::Builder e) {
        auto r = e.initSectionCreated();
        r.setSectionId(agency.sections[s]);
        r.setName(agency.section_names[s]);
      }));
    }
  }
  for (size_t i = 0; i < county.persons.size(); ++i) {
    if (i == county.administrator) continue;  // registered by the genesis
    const Person& person = county.persons[i];
    const Agency& agency = county.agencies[person.agency];
    add("person/" + person.id, [&person, &agency, at](P::Builder p) {
      FillPerson(PersonSpec{person.id, person.name, agency.id, person.section,
                            {RoleGrantSpec{person.role, agency.id, person.section}}, person.key.public_key(), at},
                 p.initRegisterPerson());
    });
  }
  std::string effective = rules::FormatDate(rules::DateOf(at));
  for (const Agency& agency : county.agencies) {
    std::vector<size_t> team = agency.Team();
    for (size_t m = 0; m < team.size(); ++m) {
      const Person& member = county.persons[team[m]];
      add("", org(agency, [&member, m, effective](schema::OrganisationEvent::Builder e) {
        auto r = e.initLeadershipAssigned();
        r.setPersonId(member.id);
        r.setPosition(m == 0 ? schema::LeadershipPosition::PRINCIPAL : schema::LeadershipPosition::LEADER_IN_CHARGE);
        if (m > 0) r.initAreas(1).set(0, fmt::format("分管领域{}", m));
        r.setEffectiveFrom(effective);
      }));
    }
  }
  const rules::Calendar& calendar = rules::Calendar::Official();
  add("", [&calendar](P::Builder p) {
    auto r = p.initReference();
    r.setId(calendar.id());
    r.setCalendarPublished(calendar.text());
  });
  for (const rules::RuleFile& file : rules::ShippedRuleFiles()) {
    auto parsed = rules::ParseRuleSet(file.text);
    if (!parsed) continue;  // the shipped files parse: tests/replay proves it
    add("", [id = parsed->id, text = std::string(file.text)](P::Builder p) {
      auto r = p.initReference();
      r.setId(id);
      r.setRuleSetPublished(text);
    });
  }
  add("", [id = county.jurisdiction, text = county_rules](P::Builder p) {
    auto r = p.initReference();
    r.setId(id);
    r.setRuleSetPublished(text);
  });
  return steps;
}

// Appends steps in the given order, one simulated day at a time: every
// action of a day is submitted, then all are awaited, then the clock moves
// to the next day. The ledger keeps submission order, so the entries depend
// on the plan alone; each seq is checked.
class Appender {
 public:
  Appender(Ledger& ledger, ManualClock& clock, const County& county, std::string origin)
      : ledger_(ledger), clock_(clock), county_(county), origin_(std::move(origin)) {}

  // Appends `steps` (sorted) and records each one's seq in `seqs` (indexed
  // by step id) when given.
  Status Append(const std::vector<const Step*>& steps, std::vector<uint64_t>* seqs, uint64_t total,
                const ProgressFn& progress) {
    size_t i = 0;
    while (i < steps.size()) {
      rules::Date day = rules::DateOf(steps[i]->time);
      size_t end = i;
      UnixMicros last = 0;
      while (end < steps.size() && rules::DateOf(steps[end]->time) == day) last = std::max(last, steps[end++]->time);
      // Recorded in the evening of the day it happened.
      clock_.Set(std::max({last, rules::StartOfDay(day) + 20 * kHour, clock_.Now()}));
      GK_RETURN_IF_ERROR(AppendDay(steps, i, end, seqs));
      i = end;
      if (progress) progress(ledger_.head().size, total);
    }
    return {};
  }

 private:
  Status AppendDay(const std::vector<const Step*>& steps, size_t begin, size_t end, std::vector<uint64_t>* seqs) {
    uint64_t first_seq = ledger_.head().size;
    struct Outstanding {
      std::mutex mutex;
      std::condition_variable done;
      size_t left = 0;
      std::optional<Error> error;
    } outstanding;
    outstanding.left = end - begin;
    for (size_t k = begin; k < end; ++k) {
      const Step& step = *steps[k];
      auto signed_action = Build(step);
      if (!signed_action) {
        std::unique_lock lock(outstanding.mutex);
        outstanding.left -= end - k;
        if (!outstanding.error) outstanding.error = signed_action.error();
        break;
      }
      uint64_t expected_seq = first_seq + (k - begin);
      ledger_.Submit(std::move(*signed_action), [&outstanding, seqs, expected_seq, id = step.id](
                                                    Result<AppendReceipt> receipt) {
        std::lock_guard lock(outstanding.mutex);
        if (!receipt && !outstanding.error) outstanding.error = receipt.error();
        if (receipt && receipt->seq != expected_seq && !outstanding.error) {
          outstanding.error = Error{ErrorCode::kInternal,
                                    fmt::format("entry {} was sequenced as {}: submission order was not kept",
                                                expected_seq, receipt->seq), std::nullopt};
        }
        if (receipt && seqs) (*seqs)[id] = receipt->seq;
        if (--outstanding.left == 0) outstanding.done.notify_one();
      });
    }
    std::unique_lock lock(outstanding.mutex);
    outstanding.done.wait(lock, [&] { return outstanding.left == 0; });
    if (outstanding.error) {
      return Fail(outstanding.error->code, "simulated action refused: {}", outstanding.error->ToString());
    }
    return {};
  }

  Result<SignedAction> Build(const Step& step) {
    const Person& actor = county_.persons[step.actor];
    capnp::MallocMessageBuilder message;
    auto action = message.initRoot<schema::Action>();
    action.setLedger(origin_);
    action.initBusinessTime().setUnixMicros(step.business_time != 0 ? step.business_time : step.time);
    action.setActorKeyId(actor.key.public_key().id());
    step.fill(action.initPayload());
    std::string stream = step.stream.empty() ? DomainStream(action.asReader()) : step.stream;
    uint64_t version = stream_versions_[stream]++;
    action.setStream(stream);
    action.setEventId(fmt::format("{}#{}", stream, version));
    action.setExpectedVersion(static_cast<int64_t>(version));
    return SignAction(actor.key, Canonicalize(action.asReader()));
  }

  Ledger& ledger_;
  ManualClock& clock_;
  const County& county_;
  std::string origin_;
  std::unordered_map<std::string, uint64_t> stream_versions_;
};

// DIR/ground-truth.jsonl: a Header line, then a Violation per line
// (tools/simulator/ground_truth.capnp).
Status WriteManifest(const std::string& path, const SimulationOptions& options, const County& county,
                     const Plan& plan, const std::vector<uint64_t>& seqs, const SimulationSummary& summary) {
  std::string out;
  {
    capnp::MallocMessageBuilder message;
    auto header = message.initRoot<schema::sim::Header>();
    header.setFormat("gongkai/ground-truth/v2");
    header.setOrigin(summary.origin);
    header.setSeed(options.seed);
    header.setYear(options.year);
    header.setJurisdiction(county.jurisdiction);
    header.setRuleSet(county.jurisdiction);
    header.setViolationRate(options.violation_rate);
    header.setEntries(summary.entries);
    header.setHeadHash(capnp::Data::Reader(summary.head_hash.data(), summary.head_hash.size()));
    auto counts = header.initCounts();
    counts.setItems(static_cast<uint32_t>(plan.counts.items));
    counts.setAnnualReports(static_cast<uint32_t>(plan.counts.annual_reports));
    counts.setCases(static_cast<uint32_t>(plan.counts.cases));
    counts.setInquiries(static_cast<uint32_t>(plan.counts.inquiries));
    counts.setViolations(static_cast<uint32_t>(plan.violations.size()));
    auto agencies = header.initAgencies(static_cast<unsigned>(county.agencies.size()));
    for (unsigned a = 0; a < agencies.size(); ++a) {
      agencies[a].setId(county.agencies[a].id);
      agencies[a].setName(county.agencies[a].name);
      agencies[a].setAssessed(county.agencies[a].assessed);
    }
    out += EncodeJson(header.asReader()) + "\n";
  }
  for (size_t v = 0; v < plan.violations.size(); ++v) {
    const Violation& violation = plan.violations[v];
    capnp::MallocMessageBuilder message;
    auto row = message.initRoot<schema::sim::Violation>();
    row.setId(fmt::format("v{:05}", v + 1));
    row.setKind(violation.kind);
    row.setAgency(county.agencies[violation.agency].id);
    row.setSubject(violation.subject);
    row.setDate(rules::FormatDate(violation.date));
    auto evidence = row.initEvidence(static_cast<unsigned>(violation.evidence.size()));
    for (unsigned i = 0; i < evidence.size(); ++i) evidence.set(i, seqs[violation.evidence[i]]);
    row.setApproval(violation.approval);
    auto responsible = row.initResponsible(static_cast<unsigned>(violation.responsible.size()));
    for (unsigned i = 0; i < responsible.size(); ++i) {
      const Responsible& r = violation.responsible[i];
      const Person& person = county.persons[r.person];
      responsible[i].setPerson(person.id);
      responsible[i].setRole(std::string(RoleName(person.role)));
      responsible[i].setShare(r.share);
      responsible[i].setRule(r.rule);
    }
    out += EncodeJson(row.asReader()) + "\n";
  }
  return WriteFileDurably(path, out);
}

Status SaveKey(const PrivateKey& key, const std::string& path, const std::string& public_path) {
  std::error_code ec;
  std::filesystem::remove(path, ec);
  GK_RETURN_IF_ERROR(key.SavePem(path));
  return WriteFileDurably(public_path, key.public_key().ToPem());
}

}  // namespace

Result<SimulationSummary> Simulate(const SimulationOptions& options, const ProgressFn& progress) {
  if (options.year < kFirstYear || options.year > kLastYear) {
    return Fail(ErrorCode::kOutOfRange,
                "--year must be {}..{}: the simulated year needs the official calendar of the year before "
                "(carried-over applications) and after (deadlines running past 31 December)",
                kFirstYear, kLastYear);
  }
  if (!(options.violation_rate >= 0 && options.violation_rate <= 1)) {
    return Fail(ErrorCode::kInvalidArgument, "--violation-rate must be between 0 and 1");
  }
  if (options.data_dir.empty()) return Fail(ErrorCode::kInvalidArgument, "--data is required");
  if (std::filesystem::exists(DataDir(options.data_dir).ledger())) {
    return Fail(ErrorCode::kAlreadyExists, "{} already holds a ledger", options.data_dir);
  }
  Random random(options.seed);
  auto county = BuildCounty(options.seed, options.agencies, random);
  GK_RETURN_IF_ERROR(county);
  std::string county_rules = CountyRuleSetText(*county, options.year);
  auto parsed_rules = rules::ParseRuleSet(county_rules);
  if (!parsed_rules) return Fail(ErrorCode::kInternal, "the county's rule set: {}", parsed_rules.error().message);
  auto rule_set = rules::RuleLibrary::Shipped().Resolve(*parsed_rules);
  if (!rule_set) return Fail(ErrorCode::kInternal, "the county's rule set: {}", rule_set.error().message);
  double scale = options.events ? static_cast<double>(*options.events) /
                                      (kEntriesPerAgency * static_cast<double>(options.agencies))
                                : 1.0;
  auto scaled = [scale](size_t base) { return std::max<size_t>(1, static_cast<size_t>(base * scale + 0.5)); };
  PlanOptions plan_options{options.year,
                           scaled(kItemsPerAgency),
                           scaled(kCasesPerAgency),
                           scaled(kInquiriesPerAgency),
                           options.violation_rate,
                           options.seed,
                           [&set = *rule_set](std::string_view kind) { return set.FindFinding(kind) != nullptr; }};
  auto plan = PlanYear(*county, rules::Calendar::Official(), plan_options, random);
  GK_RETURN_IF_ERROR(plan);

  std::error_code ec;
  std::filesystem::create_directories(options.data_dir + "/keys", ec);
  if (ec) return Fail(ErrorCode::kIo, "cannot create {}: {}", options.data_dir, ec.message());
  auto log_key = DerivedKey(options.seed, "log-key");
  GK_RETURN_IF_ERROR(log_key);
  struct KeyFile {
    std::string path;
    const PrivateKey* key;
  };
  std::string dir = options.data_dir;
  for (const KeyFile& file : {KeyFile{dir + "/keys/admin", &county->persons[county->administrator].key},
                              KeyFile{dir + "/keys/assessor", &county->persons[county->assessor].key},
                              KeyFile{dir + "/keys/supervisor", &county->persons[county->supervisor].key}}) {
    if (auto s = SaveKey(*file.key, file.path + ".pem", file.path + ".pub"); !s) return std::unexpected(s.error());
  }

  SimulationSummary summary;
  summary.origin = fmt::format("gongkai.sim-county-{}.example/{}", options.seed, options.year);
  UnixMicros opening = rules::StartOfDay(rules::FromCivil(options.year - 1, 12, 1)) + 8 * kHour;
  const Person& admin = county->persons[county->administrator];
  GenesisSpec genesis_spec{summary.origin, admin.id, admin.name, county->agencies[county->office_agency].id,
                           admin.section, opening};
  genesis_spec.simulated = true;
  ManualClock clock(opening);
  LedgerOptions ledger_options;
  ledger_options.clock = &clock;
  ledger_options.checkpoint_interval = options.checkpoint_every;
  LogSigningKeys log_keys{std::move(*log_key), std::nullopt};
  auto ledger = InitDataDir(DataDir(options.data_dir), genesis_spec, admin.key, log_keys, ledger_options);
  GK_RETURN_IF_ERROR(ledger);

  std::vector<Step> setup = SetupSteps(*county, county_rules, opening);
  std::vector<const Step*> order;
  order.reserve(setup.size());
  for (const Step& step : setup) order.push_back(&step);
  uint64_t total = 1 + setup.size() + plan->steps.size();
  Appender appender(**ledger, clock, *county, summary.origin);
  if (auto s = appender.Append(order, nullptr, total, progress); !s) return std::unexpected(s.error());

  order.clear();
  order.reserve(plan->steps.size());
  for (const Step& step : plan->steps) order.push_back(&step);
  std::sort(order.begin(), order.end(), [](const Step* a, const Step* b) {
    return a->time != b->time ? a->time < b->time : a->id < b->id;
  });
  std::vector<uint64_t> seqs(plan->steps.size());
  if (auto s = appender.Append(order, &seqs, total, progress); !s) return std::unexpected(s.error());
  if (auto checkpoint = (*ledger)->MakeCheckpoint(); !checkpoint) return std::unexpected(checkpoint.error());

  Head head = (*ledger)->head();
  summary.entries = head.size;
  summary.head_hash = head.last_hash;
  summary.items = plan->counts.items;
  summary.cases = plan->counts.cases;
  summary.inquiries = plan->counts.inquiries;
  summary.violations = plan->violations.size();
  summary.manifest_path = options.data_dir + "/ground-truth.jsonl";
  if (auto s = WriteManifest(summary.manifest_path, options, *county, *plan, seqs, summary); !s) {
    return std::unexpected(s.error());
  }
  return summary;
}

}  // namespace gongkai::sim
