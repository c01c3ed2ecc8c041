#include "ledger/payload_check.h"

#include <capnp/dynamic.h>
#include <capnp/schema.h>

#include <array>
#include <map>

#include "ledger/action.h"
#include "ledger/base/text_check.h"
#include "ledger/capnp_text.h"
#include "ledger/rules/calendar.h"
#include "ledger/rules/date.h"
#include "ledger/rules/rule_set.h"

namespace gongkai {
namespace {

// The ids of the validation annotations declared in ledger/schema/common.capnp.
constexpr uint64_t kRequired = 0x951e8126b4e3c790;
constexpr uint64_t kIdentifier = 0xab6a0fe5f3342b16;
constexpr uint64_t kOptional = 0xc17ca00f6b99c57f;
constexpr uint64_t kDigest = 0xe7a318b3406d9955;
constexpr uint64_t kDate = 0x908a04962db7f285;
constexpr uint64_t kPseudonym = 0xfdbde96f5c870c92;
constexpr uint64_t kPositive = 0x950776d49a3e624a;
constexpr uint64_t kDocument = 0xa9b4cdecd8a8c1b6;

// Identifiers name agencies, sections, persons, items and cases.
constexpr size_t kMaxIdentifierBytes = 128;
constexpr size_t kPseudonymChars = 64;

struct FieldRules {
  bool required = false, identifier = false, optional = false, digest = false, date = false,
       pseudonym = false, positive = false, document = false;
};

FieldRules RulesOf(capnp::StructSchema::Field field) {
  FieldRules rules;
  for (auto annotation : field.getProto().getAnnotations()) {
    switch (annotation.getId()) {
      case kRequired: rules.required = true; break;
      case kIdentifier: rules.identifier = true; break;
      case kOptional: rules.optional = true; break;
      case kDigest: rules.digest = true; break;
      case kDate: rules.date = true; break;
      case kPseudonym: rules.pseudonym = true; break;
      case kPositive: rules.positive = true; break;
      case kDocument: rules.document = true; break;
      default: break;
    }
  }
  return rules;
}

Status CheckTextValue(const std::string& name, capnp::Text::Reader text, const FieldRules& rules) {
  std::string_view view = TextView(text);
  if (rules.optional && view.empty()) return {};
  if (rules.identifier) return CheckText(name, text, 1, kMaxIdentifierBytes, true);
  if (rules.date) {
    if (view.empty()) return Fail(ErrorCode::kMalformed, "{} is missing", name);
    if (auto date = rules::ParseDate(view); !date) {
      return Fail(ErrorCode::kMalformed, "{} must be a date YYYY-MM-DD", name);
    }
    return {};
  }
  if (rules.pseudonym) {
    bool hex = view.size() == kPseudonymChars &&
               view.find_first_not_of("0123456789abcdef") == std::string_view::npos;
    if (!hex) {
      return Fail(ErrorCode::kMalformed,
                  "{} must be a pseudonym: {} lower-case hex characters (a keyed hash, never a name "
                  "or identity number)", name, kPseudonymChars);
    }
    return {};
  }
  if (rules.document) return CheckText(name, text, rules.required ? 1 : 0, kMaxActionBytes);
  return CheckText(name, text, rules.required ? 1 : 0, kMaxTextBytes);
}

Status CheckDataValue(const std::string& name, capnp::Data::Reader data, const FieldRules& rules) {
  if (rules.digest) {
    if (data.size() == 0 && rules.optional) return {};
    if (data.size() == 0) return Fail(ErrorCode::kMalformed, "{} is missing", name);
    if (data.size() != kDigestBytes) {
      return Fail(ErrorCode::kMalformed, "{} must be {} bytes (SHA-256), got {}", name, kDigestBytes,
                  data.size());
    }
    return {};
  }
  if (rules.required && data.size() == 0) return Fail(ErrorCode::kMalformed, "{} is missing", name);
  if (data.size() > kMaxTextBytes) {
    return Fail(ErrorCode::kTooLarge, "{} is {} bytes; the limit is {}", name, data.size(), kMaxTextBytes);
  }
  return {};
}

Status CheckStruct(const std::string& path, capnp::DynamicStruct::Reader value);

// Checks one value of type `type` against `rules` (list elements inherit the
// list field's identifier rule).
Status CheckValue(const std::string& name, capnp::DynamicValue::Reader value, capnp::Type type,
                  const FieldRules& rules) {
  switch (type.which()) {
    case capnp::schema::Type::TEXT:
      return CheckTextValue(name, value.as<capnp::Text>(), rules);
    case capnp::schema::Type::DATA:
      return CheckDataValue(name, value.as<capnp::Data>(), rules);
    case capnp::schema::Type::ENUM:
      if (value.as<capnp::DynamicEnum>().getEnumerant() == nullptr) {
        return Fail(ErrorCode::kMalformed, "{} has unknown value {}", name,
                    value.as<capnp::DynamicEnum>().getRaw());
      }
      return {};
    case capnp::schema::Type::STRUCT:
      return CheckStruct(name, value.as<capnp::DynamicStruct>());
    case capnp::schema::Type::LIST: {
      auto list = value.as<capnp::DynamicList>();
      if (rules.required && list.size() == 0) {
        return Fail(ErrorCode::kMalformed, "{} must list at least one element", name);
      }
      // Elements of a required list of text must each say something.
      FieldRules element_rules{.required = rules.required, .identifier = rules.identifier};
      for (uint32_t i = 0; i < list.size(); ++i) {
        if (auto s = CheckValue(fmt::format("{}[{}]", name, i), list[i],
                                type.asList().getElementType(), element_rules); !s) {
          return s;
        }
      }
      return {};
    }
    case capnp::schema::Type::UINT8: case capnp::schema::Type::UINT16:
    case capnp::schema::Type::UINT32: case capnp::schema::Type::UINT64:
      if (rules.positive && value.as<uint64_t>() < 1) {
        return Fail(ErrorCode::kMalformed, "{} must be at least 1", name);
      }
      return {};
    case capnp::schema::Type::INT8: case capnp::schema::Type::INT16:
    case capnp::schema::Type::INT32: case capnp::schema::Type::INT64:
      if (rules.positive && value.as<int64_t>() < 1) {
        return Fail(ErrorCode::kMalformed, "{} must be at least 1", name);
      }
      return {};
    default:
      return {};
  }
}

Status CheckField(const std::string& path, capnp::DynamicStruct::Reader parent,
                  capnp::StructSchema::Field field) {
  std::string name = fmt::format("{}.{}", path, field.getProto().getName().cStr());
  if (field.getProto().isGroup()) return CheckStruct(name, parent.get(field).as<capnp::DynamicStruct>());
  FieldRules rules = RulesOf(field);
  capnp::Type type = field.getType();
  // An unset struct that is the union's member is the event itself with no
  // body: its fields are checked as empty (and the required ones missing).
  bool union_member = field.getProto().getDiscriminantValue() != capnp::schema::Field::NO_DISCRIMINANT;
  if (type.isStruct() && !parent.has(field) && !union_member) {
    if (rules.required) return Fail(ErrorCode::kMalformed, "{} is missing", name);
    return {};
  }
  return CheckValue(name, parent.get(field), type, rules);
}

// Checks every field of a struct and, if it has a union, that the member
// set is one this version of the schema knows.
Status CheckStruct(const std::string& path, capnp::DynamicStruct::Reader value) {
  auto schema = value.getSchema();
  // Nothing beyond the schema: words this version cannot read would be
  // signed and stored unchecked (a name where a pseudonym belongs).
  capnp::AnyStruct::Reader raw = value.as<capnp::AnyStruct>();
  auto shape = schema.getProto().getStruct();
  if (raw.getDataSection().size() > shape.getDataWordCount() * sizeof(capnp::word) ||
      raw.getPointerSection().size() > shape.getPointerCount()) {
    return Fail(ErrorCode::kMalformed, "{} holds fields this version of gongkai does not know", path);
  }
  for (auto field : schema.getNonUnionFields()) {
    GK_RETURN_IF_ERROR(CheckField(path, value, field));
  }
  if (schema.getUnionFields().size() == 0) return {};
  KJ_IF_MAYBE(member, value.which()) {
    return CheckField(path, value, *member);
  }
  return Fail(ErrorCode::kMalformed, "{} holds an event kind this version of gongkai does not know", path);
}

// The payload's group struct (item, application, ...) and its kind name.
struct DomainGroup {
  capnp::DynamicStruct::Reader value;
  std::string_view name;
};

std::optional<DomainGroup> GroupOf(schema::Action::Reader action) {
  auto payload = capnp::toDynamic(action.getPayload());
  KJ_IF_MAYBE(member, payload.which()) {
    if (IsRegistryPayload(action.getPayload().which()) ||
        action.getPayload().which() == PayloadKind::NOTE) {
      return std::nullopt;
    }
    return DomainGroup{payload.get(*member).as<capnp::DynamicStruct>(),
                       TextView(member->getProto().getName())};
  }
  return std::nullopt;
}

Status CheckReferenceContent(schema::ReferenceEvent::Reader event) {
  std::string_view id = TextView(event.getId());
  if (event.isCalendarPublished()) {
    auto calendar = rules::Calendar::Parse(TextView(event.getCalendarPublished()));
    if (!calendar) {
      return Fail(calendar.error().code, "reference.calendarPublished: {}", calendar.error().message);
    }
    if (calendar->id() != id) {
      return Fail(ErrorCode::kMalformed, "reference.id is '{}' but the calendar declares '{}'", id,
                  calendar->id());
    }
  } else if (event.isRuleSetPublished()) {
    auto rule_set = rules::ParseRuleSet(TextView(event.getRuleSetPublished()));
    if (!rule_set) {
      return Fail(rule_set.error().code, "reference.ruleSetPublished: {}", rule_set.error().message);
    }
    if (rule_set->id != id) {
      return Fail(ErrorCode::kMalformed, "reference.id is '{}' but the rule set declares '{}'", id,
                  rule_set->id);
    }
  }
  return {};
}

}  // namespace

Status CheckDomainPayload(schema::Action::Reader action) {
  auto group = GroupOf(action);
  if (!group) return {};
  std::string path(group->name);
  GK_RETURN_IF_ERROR(CheckStruct(path, group->value));
  std::string stream = DomainStream(action);
  if (TextView(action.getStream()) != stream) {
    return Fail(ErrorCode::kMalformed, "{} belongs to stream '{}', not '{}'", EventKindName(action),
                stream, TextView(action.getStream()));
  }
  if (action.getPayload().isReference()) {
    // One text per id for good: the event must be the first on its stream.
    if (action.getExpectedVersion() != 0) {
      return Fail(ErrorCode::kMalformed,
                  "{} must carry expectedVersion 0 (an id names one text, published once)", EventKindName(action));
    }
    return CheckReferenceContent(action.getPayload().getReference());
  }
  return {};
}

namespace {

// The discriminant of a domain event's inner union, read with generated
// code; nullopt for payloads that are not domain events.
std::optional<uint16_t> MemberOf(schema::Action::Payload::Reader payload) {
  switch (payload.which()) {
    case PayloadKind::ORGANISATION: return static_cast<uint16_t>(payload.getOrganisation().which());
    case PayloadKind::ITEM: return static_cast<uint16_t>(payload.getItem().which());
    case PayloadKind::APPLICATION: return static_cast<uint16_t>(payload.getApplication().which());
    case PayloadKind::INQUIRY: return static_cast<uint16_t>(payload.getInquiry().which());
    case PayloadKind::ACCOUNTABILITY: return static_cast<uint16_t>(payload.getAccountability().which());
    case PayloadKind::ASSESSMENT: return static_cast<uint16_t>(payload.getAssessment().which());
    case PayloadKind::REFERENCE: return static_cast<uint16_t>(payload.getReference().which());
    default: return std::nullopt;
  }
}

// "group.member" for every domain event, by (payload discriminant, member
// discriminant), from the schemas (built once).
const std::map<std::pair<uint16_t, uint16_t>, std::string>& DomainEventNames() {
  static const auto* names = [] {
    auto* table = new std::map<std::pair<uint16_t, uint16_t>, std::string>();
    for (capnp::StructSchema::Field group : capnp::Schema::from<schema::Action::Payload>().getUnionFields()) {
      if (!group.getType().isStruct()) continue;
      for (capnp::StructSchema::Field member : group.getType().asStruct().getUnionFields()) {
        table->emplace(std::pair{group.getProto().getDiscriminantValue(), member.getProto().getDiscriminantValue()},
                       fmt::format("{}.{}", TextView(group.getProto().getName()), TextView(member.getProto().getName())));
      }
    }
    return table;
  }();
  return *names;
}

}  // namespace

std::string EventKindName(schema::Action::Reader action) {
  auto payload = action.getPayload();
  auto member = MemberOf(payload);
  if (!member) return std::string(PayloadKindName(payload.which()));
  auto name = DomainEventNames().find({static_cast<uint16_t>(payload.which()), *member});
  if (name != DomainEventNames().end()) return name->second;
  return fmt::format("{}.unknown", PayloadKindName(payload.which()));
}

std::string DomainStream(schema::Action::Reader action) {
  auto payload = action.getPayload();
  using P = schema::Action::Payload;
  switch (payload.which()) {
    case P::ORGANISATION: return fmt::format("agency/{}", TextView(payload.getOrganisation().getAgencyId()));
    case P::ITEM: return fmt::format("item/{}", TextView(payload.getItem().getItemId()));
    case P::APPLICATION: return fmt::format("case/{}", TextView(payload.getApplication().getCaseId()));
    case P::INQUIRY: return fmt::format("inquiry/{}", TextView(payload.getInquiry().getInquiryId()));
    case P::ACCOUNTABILITY:
      return fmt::format("accountability/{}", TextView(payload.getAccountability().getCaseId()));
    case P::ASSESSMENT: return fmt::format("assessment/{}", TextView(payload.getAssessment().getPlanId()));
    case P::REFERENCE: {
      auto reference = payload.getReference();
      return fmt::format("{}/{}", reference.isCalendarPublished() ? "calendar" : "rules",
                         TextView(reference.getId()));
    }
    default: return {};
  }
}

std::span<const schema::Role> SignerRoles(schema::Action::Reader action) {
  using R = schema::Role;
  static constexpr std::array<R, 1> kAdministrator{R::ADMINISTRATOR};
  static constexpr std::array<R, 2> kRuleMakers{R::ADMINISTRATOR, R::ASSESSOR};
  static constexpr std::array<R, 1> kSupervision{R::SUPERVISION};
  static constexpr std::array<R, 1> kAssessor{R::ASSESSOR};
  auto payload = action.getPayload();
  using P = schema::Action::Payload;
  switch (payload.which()) {
    case P::ORGANISATION: return kAdministrator;
    case P::REFERENCE:
      return payload.getReference().isCalendarPublished() ? std::span<const R>(kAdministrator)
                                                          : std::span<const R>(kRuleMakers);
    case P::ACCOUNTABILITY:
      // The rectification report comes from the agency itself.
      return payload.getAccountability().isRectificationReported() ? std::span<const R>()
                                                                   : std::span<const R>(kSupervision);
    case P::ASSESSMENT:
      return payload.getAssessment().isSelfInspectionSubmitted() ? std::span<const R>()
                                                                 : std::span<const R>(kAssessor);
    default: return {};
  }
}

}  // namespace gongkai
