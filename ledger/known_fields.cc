#include "ledger/known_fields.h"

namespace gongkai {
namespace {

Status CopyList(std::string_view name, capnp::DynamicList::Reader from, capnp::DynamicList::Builder to);

// Copies `value`, the value of `name`, into the storage `target` reaches:
// structs and lists are built in place (target.Struct(), target.List(size)),
// the rest is set.
template <typename Target>
Status CopyValue(std::string_view name, capnp::DynamicValue::Reader value, Target& target) {
  switch (value.getType()) {
    case capnp::DynamicValue::STRUCT:
      return CopyKnownFields(value.as<capnp::DynamicStruct>(), target.Struct());
    case capnp::DynamicValue::LIST: {
      auto from = value.as<capnp::DynamicList>();
      return CopyList(name, from, target.List(from.size()));
    }
    case capnp::DynamicValue::ENUM: {
      auto value_enum = value.as<capnp::DynamicEnum>();
      if (value_enum.getEnumerant() == nullptr) {
        return Fail(ErrorCode::kMalformed, "{} is {}, not a value of {} this version knows", name,
                    value_enum.getRaw(), value_enum.getSchema().getUnqualifiedName().cStr());
      }
      target.Set(value);
      return {};
    }
    case capnp::DynamicValue::CAPABILITY:
    case capnp::DynamicValue::ANY_POINTER:
      return Fail(ErrorCode::kMalformed, "{} is a capability or AnyPointer field", name);
    default:
      target.Set(value);  // void, bool, numbers, text and data
      return {};
  }
}

// Element i of a list. A null text, data or list element is copied as an
// empty one, so that a message holding one differs from its copy (and is
// refused): a null element has no JSON form either.
struct ListElement {
  capnp::DynamicList::Builder list;
  unsigned index;
  capnp::DynamicStruct::Builder Struct() { return list[index].as<capnp::DynamicStruct>(); }
  capnp::DynamicList::Builder List(unsigned size) { return list.init(index, size).as<capnp::DynamicList>(); }
  void Set(capnp::DynamicValue::Reader value) { list.set(index, value); }
};

struct StructField {
  capnp::DynamicStruct::Builder parent;
  capnp::StructSchema::Field field;
  capnp::DynamicStruct::Builder Struct() { return parent.init(field).as<capnp::DynamicStruct>(); }
  capnp::DynamicList::Builder List(unsigned size) { return parent.init(field, size).as<capnp::DynamicList>(); }
  void Set(capnp::DynamicValue::Reader value) { parent.set(field, value); }
};

Status CopyList(std::string_view name, capnp::DynamicList::Reader from, capnp::DynamicList::Builder to) {
  for (unsigned i = 0; i < from.size(); ++i) {
    ListElement element{to, i};
    GK_RETURN_IF_ERROR(CopyValue(name, from[i], element));
  }
  return {};
}

Status CopyField(capnp::DynamicStruct::Reader from, capnp::DynamicStruct::Builder to,
                 capnp::StructSchema::Field field, bool union_member) {
  // Selects the member (a null pointer, or a value at its default, is then
  // already what it says).
  if (union_member) to.clear(field);
  // A field at its default reads the same when left unset; a null pointer
  // stays null.
  if (!from.has(field, capnp::HasMode::NON_DEFAULT)) return {};
  StructField target{to, field};
  if (field.getProto().isGroup()) {
    return CopyKnownFields(from.get(field).as<capnp::DynamicStruct>(), target.Struct());
  }
  auto name = field.getProto().getName();
  return CopyValue(std::string_view(name.cStr(), name.size()), from.get(field), target);
}

}  // namespace

Status CopyKnownFields(capnp::DynamicStruct::Reader from, capnp::DynamicStruct::Builder to) {
  auto schema = from.getSchema();
  for (auto field : schema.getNonUnionFields()) GK_RETURN_IF_ERROR(CopyField(from, to, field, false));
  KJ_IF_MAYBE(member, from.which()) { GK_RETURN_IF_ERROR(CopyField(from, to, *member, true)); }
  return {};
}

}  // namespace gongkai
