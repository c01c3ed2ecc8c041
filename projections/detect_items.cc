// Findings on information items: review, confidentiality review, publication,
// interpretation, collective decisions and annual reports (docs/FINDINGS.md).
#include "projections/detector.h"

namespace gongkai::projections {

using rules::Date;
using schema::Role;

Status Detector::DetectItem(const std::string& subject, const ItemState& item) {
  const Act* drafted = item.drafted && item.drafted->date <= as_of_ ? &*item.drafted : nullptr;
  std::optional<Approval> approval = FirstApproval(item.decisions, as_of_);
  const Act* published = First(item.publications, as_of_);
  if (!drafted && !approval && !published) return {};
  Date rule_date = approval ? approval->formation : drafted ? drafted->date : published->date;
  const rules::RuleSet* set = engine_.RuleSetInForce(item.agency, rule_date);
  if (!set) return {};
  Judging(item.agency, *set);
  // A co-producer's publication discharges the lead agency's duty only
  // where the rule set says any producer's does (joint-duty publication).
  if (Discharges(*set, rules::JointDuty::kPublication)) {
    const Act* by_co_producer = First(item.co_producer_publications, as_of_);
    if (by_co_producer && (!published || by_co_producer->seq < published->seq)) published = by_co_producer;
  }
  const std::string& agency = item.agency;
  const Act* handler_act = drafted ? drafted : published ? published : approval->act;
  Handler handler{handler_act->signer, handler_act->time,
                  fmt::format("{} (seq {})", drafted ? "drafted the item" : "published the item", handler_act->seq)};
  // What approved the publication: an approval before it.
  const Approval* covering = approval && (!published || approval->act->seq < published->seq) ? &*approval : nullptr;
  auto with = [](std::vector<uint64_t> seqs, const Approval* a) {
    if (a) seqs.push_back(a->act->seq);
    return seqs;
  };
  DetectCollective(*set, agency, subject, item.decisions, handler);

  // Confidentiality review timing (each request against the next opinion).
  for (size_t i = 0; i < item.review_requests.size(); ++i) {
    const ItemState::Request& request = item.review_requests[i];
    if (request.act.date > as_of_) continue;
    const ItemState::Opinion* opinion = nullptr;
    for (const ItemState::Opinion& o : item.opinions) {
      if (o.act.seq > request.act.seq && o.act.date <= as_of_) {
        opinion = &o;
        break;
      }
    }
    const Clock clock{"confidentiality-review-opinion", request.act.date};
    auto due = Due(*set, FindingKind::kLateConfidentialityReview, {&clock, 1});
    GK_RETURN_IF_ERROR(due);
    if (!*due) break;
    Track(*due, opinion ? &opinion->act : nullptr);
    std::string suffix = i == 0 ? "" : fmt::format("#{}", request.act.seq);
    if (opinion) {
      if (opinion->act.date > (*due)->date) {
        EmitAgainst(**due, FindingKind::kLateConfidentialityReview, agency, subject, opinion->act.date,
             {request.act.seq, opinion->act.seq},
             AttributeNone({{opinion->act.signer, opinion->act.time,
                             fmt::format("gave the review opinion (seq {})", opinion->act.seq)}},
                           roster_, *(*due)->set),
             suffix);
      }
    } else if ((*due)->date < as_of_) {
      std::vector<Handler> reviewers =
          request.requested_of.empty()
              ? Holders(Role::CONFIDENTIALITY_REVIEWER, agency, NextDay((*due)->date), "confidentiality reviewer")
              : std::vector<Handler>{{request.requested_of, rules::StartOfDay(NextDay((*due)->date)),
                                      fmt::format("was asked for the review (seq {})", request.act.seq)}};
      EmitAgainst(**due, FindingKind::kLateConfidentialityReview, agency, subject, NextDay((*due)->date), {request.act.seq},
           AttributeNone(reviewers, roster_, *(*due)->set), suffix);
    }
  }

  // The last opinion before the publication, and the last that cleared it.
  const ItemState::Opinion* last_opinion = nullptr;
  const ItemState::Opinion* clearance = nullptr;
  for (const ItemState::Opinion& o : item.opinions) {
    if (o.act.date > as_of_ || (published && o.act.seq > published->seq)) continue;
    last_opinion = &o;
    if (o.opinion == schema::ReviewOpinion::DISCLOSE || o.opinion == schema::ReviewOpinion::PARTIAL) clearance = &o;
  }
  std::vector<Clock> publish_clocks;
  if (approval) publish_clocks.push_back({"publish-proactive", approval->formation});
  if (clearance) {
    publish_clocks.push_back({"publish-after-confidentiality-review", clearance->act.date});
    if (item.time_critical) publish_clocks.push_back({"publish-time-critical", clearance->act.date});
  }

  if (published) {
    std::vector<uint64_t> drafting = drafted ? std::vector<uint64_t>{drafted->seq} : std::vector<uint64_t>{};
    if (!covering) {
      drafting.push_back(published->seq);
      Emit(FindingKind::kPublishedWithoutReview, *set, agency, subject, published->date, drafting,
           AttributeNone({handler}, roster_, *rule_set_));
    }
    if (approval && !covering) {
      Emit(FindingKind::kApprovalAfterPublication, *set, agency, subject, published->date,
           {published->seq, approval->act->seq}, AttributeNone({handler}, roster_, *rule_set_));
    }
    if (!last_opinion) {
      Emit(FindingKind::kPublishedWithoutConfidentialityReview, *set, agency, subject, published->date,
           with({published->seq}, covering), ByApproval(covering, handler, item.decisions, agency, *set));
    } else if (last_opinion->opinion == schema::ReviewOpinion::EXEMPT) {
      Emit(FindingKind::kPublishedExemptInformation, *set, agency, subject, published->date,
           with({last_opinion->act.seq, published->seq}, covering),
           ByApproval(covering, handler, item.decisions, agency, *set));
    }
    if (covering) {
      auto due = Due(*set, FindingKind::kLatePublication, publish_clocks);
      GK_RETURN_IF_ERROR(due);
      Track(*due, published);
      if (*due && published->date > (*due)->date) {
        EmitAgainst(**due, FindingKind::kLatePublication, agency, subject, published->date, {covering->act->seq, published->seq},
             AttributeNone({handler}, roster_, *(*due)->set));
      }
    }
  } else if (approval && (item.attribute == schema::DisclosureAttribute::PROACTIVE ||
                          item.attribute == schema::DisclosureAttribute::PARTIAL)) {
    // Formed for proactive disclosure and still not published.
    auto due = Due(*set, FindingKind::kLatePublication, publish_clocks);
    GK_RETURN_IF_ERROR(due);
    Track(*due, nullptr);
    if (*due && (*due)->date < as_of_) {
      EmitAgainst(**due, FindingKind::kLatePublication, agency, subject, NextDay((*due)->date), {approval->act->seq},
           AttributeNone({handler}, roster_, *(*due)->set));
    }
  }

  // The policy interpretation (004 §12–§15; 002 §10).
  if (item.policy && published) {
    const Act* interpretation = First(item.interpretations, as_of_);
    const Clock clock{"policy-interpretation", published->date};
    if (interpretation) {
      auto due = Due(*set, FindingKind::kLateInterpretation, {&clock, 1});
      GK_RETURN_IF_ERROR(due);
      Track(*due, interpretation);
      if (*due && interpretation->date > (*due)->date) {
        EmitAgainst(**due, FindingKind::kLateInterpretation, agency, subject, interpretation->date,
             {published->seq, interpretation->seq}, AttributeNone({handler}, roster_, *(*due)->set));
      }
    } else {
      auto due = Due(*set, FindingKind::kMissingInterpretation, {&clock, 1});
      GK_RETURN_IF_ERROR(due);
      Track(*due, nullptr);
      if ((*due ? (*due)->date : published->date) < as_of_) {
        EmitAgainst(**due, FindingKind::kMissingInterpretation, agency, subject, published->date, {published->seq},
             ByApproval(covering, handler, item.decisions, agency, *(*due)->set));
      }
    }
  }

  // The annual report on its year (条例 §49; 002 §30).
  if (item.annual_report && item.report_year > 0) {
    Date year_end = rules::FromCivil(item.report_year, 12, 31);
    const Clock clocks[] = {{"annual-report-publication", year_end}, {"annual-report-submission", year_end}};
    if (published) {
      auto due = Due(*set, FindingKind::kLateAnnualReport, clocks);
      GK_RETURN_IF_ERROR(due);
      Track(*due, published);
      if (*due && published->date > (*due)->date) {
        EmitAgainst(**due, FindingKind::kLateAnnualReport, agency, subject, published->date, with({published->seq}, covering),
             ByApproval(covering, handler, item.decisions, agency, *(*due)->set));
      }
    } else if (drafted) {
      auto due = Due(*set, FindingKind::kMissingAnnualReport, clocks);
      GK_RETURN_IF_ERROR(due);
      Track(*due, nullptr);
      if (*due && (*due)->date < as_of_) {
        EmitAgainst(**due, FindingKind::kMissingAnnualReport, agency, subject, (*due)->date, {drafted->seq},
             AttributeNone({handler}, roster_, *(*due)->set));
      }
    }
  }

  if (approval && published) return DetectTransfers(*set, subject, item, *approval);
  return {};
}

}  // namespace gongkai::projections
