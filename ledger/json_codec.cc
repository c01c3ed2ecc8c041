#include "ledger/json_codec.h"

#include <capnp/compat/json.h>
#include <capnp/message.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <memory>
#include <set>

#include "ledger/bytes.h"
#include "ledger/capnp_text.h"
#include "ledger/json_parser.h"
#include "ledger/schema/common.capnp.h"
#include "ledger/base/time.h"

namespace gongkai {
namespace {

// Annotation ids from capnp/compat/json.capnp.
constexpr uint64_t kJsonHexAnnotation = 0xf061e22f0ae5c7b5;
constexpr uint64_t kJsonBase64Annotation = 0xd7d879450a253e4b;

bool HasAnnotation(capnp::StructSchema::Field field, uint64_t id) {
  for (auto annotation : field.getProto().getAnnotations()) {
    if (annotation.getId() == id) return true;
  }
  return false;
}

bool IsTime(capnp::StructSchema schema) {
  return schema.getProto().getId() == capnp::typeId<schema::Time>();
}

std::string_view KindOf(capnp::JsonValue::Reader value) {
  switch (value.which()) {
    case capnp::JsonValue::NULL_: return "null";
    case capnp::JsonValue::BOOLEAN: return "a boolean";
    case capnp::JsonValue::NUMBER: return "a number";
    case capnp::JsonValue::STRING: return "a string";
    case capnp::JsonValue::ARRAY: return "an array";
    case capnp::JsonValue::OBJECT: return "an object";
    case capnp::JsonValue::CALL: return "a call";
  }
  return "an unknown value";
}

std::string_view StringOf(capnp::JsonValue::Reader value) {
  auto text = value.getString();
  return {text.cStr(), text.size()};
}

// Decodes a JsonValue tree into a struct, naming each field by its path.
class Decoder {
 public:
  Status Struct(capnp::JsonValue::Reader value, capnp::DynamicStruct::Builder out,
                const std::string& path) {
    auto schema = out.getSchema();
    if (IsTime(schema)) return TimeValue(value, out, path);
    if (!value.isObject()) return Mismatch(path, "an object", value);
    // A name given twice would make the text ambiguous; a struct has at
    // most one union (a named union is a group, decoded as its own struct).
    std::set<std::string_view> names_seen;
    bool union_member_seen = false;
    for (auto field : value.getObject()) {
      std::string name = field.getName();
      std::string field_path = path.empty() ? name : path + "." + name;
      if (!names_seen.insert(TextView(field.getName())).second) {
        return Fail(ErrorCode::kMalformed, "{}: given twice", field_path);
      }
      KJ_IF_MAYBE(found, schema.findFieldByName(name)) {
        auto member = *found;
        if (member.getProto().getDiscriminantValue() != capnp::schema::Field::NO_DISCRIMINANT) {
          if (union_member_seen) {
            auto which = out.which();
            std::string other;
            KJ_IF_MAYBE(w, which) { other = w->getProto().getName(); }
            return Fail(ErrorCode::kMalformed, "{}: only one of {} and {} may be given",
                        path.empty() ? "the object" : path, other, name);
          }
          union_member_seen = true;
        }
        GK_RETURN_IF_ERROR(Field(field.getValue(), out, member, field_path));
      } else {
        return Fail(ErrorCode::kMalformed, "{}: unknown field (expected one of: {})", field_path,
                    NamesOf(schema.getFields()));
      }
    }
    // Every union in gongkai's schemas says which event a payload is: it
    // must be given, never left to its default member.
    if (schema.getUnionFields().size() > 0 && !union_member_seen) {
      return Fail(ErrorCode::kMalformed, "{}: says nothing: expected one of: {}", path.empty() ? "the object" : path,
                  NamesOf(schema.getUnionFields()));
    }
    for (auto field : schema.getNonUnionFields()) {
      if (!field.getProto().isGroup()) continue;
      auto group = field.getType().asStruct();
      if (group.getUnionFields().size() == 0 || names_seen.contains(field.getProto().getName().cStr())) continue;
      std::string name = field.getProto().getName();
      return Fail(ErrorCode::kMalformed, "{} is missing: expected one of: {}", path.empty() ? name : path + "." + name,
                  NamesOf(group.getUnionFields()));
    }
    return {};
  }

 private:
  // "a, b, c": the names of schema fields or enumerants.
  template <typename Members>
  static std::string NamesOf(Members members) {
    std::string names;
    for (auto member : members) {
      if (!names.empty()) names += ", ";
      names += member.getProto().getName().cStr();
    }
    return names;
  }

  static std::unexpected<Error> Mismatch(const std::string& path, std::string_view expected,
                                         capnp::JsonValue::Reader found) {
    return Fail(ErrorCode::kMalformed, "{}: expected {}, found {}", path.empty() ? "the JSON" : path,
                expected, KindOf(found));
  }

  Status TimeValue(capnp::JsonValue::Reader value, capnp::DynamicStruct::Builder out,
                   const std::string& path) {
    if (!value.isString()) return Mismatch(path, "an RFC 3339 time string", value);
    auto micros = ParseTime(StringOf(value));
    if (!micros) return Fail(ErrorCode::kMalformed, "{}: {}", path, micros.error().message);
    out.set("unixMicros", *micros);
    return {};
  }

  Status Field(capnp::JsonValue::Reader value, capnp::DynamicStruct::Builder out,
               capnp::StructSchema::Field field, const std::string& path) {
    auto type = field.getType();
    // A group's type is a struct too.
    if (type.isStruct()) return Struct(value, out.init(field).as<capnp::DynamicStruct>(), path);
    if (type.isList()) {
      if (!value.isArray()) return Mismatch(path, "an array", value);
      auto array = value.getArray();
      auto list = out.init(field, array.size()).as<capnp::DynamicList>();
      return List(array, list, path);
    }
    if (type.isData()) {
      if (!value.isString()) return Mismatch(path, "a string", value);
      std::optional<Bytes> bytes;
      if (HasAnnotation(field, kJsonHexAnnotation)) {
        bytes = FromHex(StringOf(value));
        if (!bytes) return Fail(ErrorCode::kMalformed, "{}: expected hex digits", path);
      } else if (HasAnnotation(field, kJsonBase64Annotation)) {
        bytes = FromBase64(StringOf(value));
        if (!bytes) return Fail(ErrorCode::kMalformed, "{}: expected standard base64", path);
      } else {
        return Fail(ErrorCode::kInternal, "{}: this Data field has no JSON form", path);
      }
      out.set(field, capnp::Data::Reader(bytes->data(), bytes->size()));
      return {};
    }
    auto scalar = Scalar(value, type, path);
    GK_RETURN_IF_ERROR(scalar);
    out.set(field, *scalar);
    return {};
  }

  Status List(capnp::List<capnp::JsonValue>::Reader array, capnp::DynamicList::Builder list,
              const std::string& path) {
    auto element_type = list.getSchema().getElementType();
    for (unsigned i = 0; i < array.size(); ++i) {
      std::string element_path = fmt::format("{}[{}]", path, i);
      auto element = array[i];
      if (element_type.isStruct()) {
        GK_RETURN_IF_ERROR(Struct(element, list[i].as<capnp::DynamicStruct>(), element_path));
      } else if (element_type.isList() || element_type.isData()) {
        return Fail(ErrorCode::kInternal, "{}: lists of lists or of Data have no JSON form", path);
      } else {
        auto scalar = Scalar(element, element_type, element_path);
        GK_RETURN_IF_ERROR(scalar);
        list.set(i, *scalar);
      }
    }
    return {};
  }

  Result<capnp::DynamicValue::Reader> Scalar(capnp::JsonValue::Reader value, capnp::Type type,
                                             const std::string& path) {
    using capnp::schema::Type;
    switch (type.which()) {
      case Type::VOID:
        if (!value.isNull()) return Mismatch(path, "null", value);
        return capnp::DynamicValue::Reader(capnp::VOID);
      case Type::BOOL:
        if (!value.isBoolean()) return Mismatch(path, "true or false", value);
        return capnp::DynamicValue::Reader(value.getBoolean());
      case Type::TEXT:
        if (!value.isString()) return Mismatch(path, "a string", value);
        return capnp::DynamicValue::Reader(value.getString());
      case Type::FLOAT32:
      case Type::FLOAT64:
        if (!value.isNumber()) return Mismatch(path, "a number", value);
        return capnp::DynamicValue::Reader(value.getNumber());
      case Type::ENUM: {
        auto schema = type.asEnum();
        if (!value.isString()) return Mismatch(path, "a string", value);
        KJ_IF_MAYBE(enumerant, schema.findEnumerantByName(value.getString())) {
          return capnp::DynamicValue::Reader(capnp::DynamicEnum(*enumerant));
        }
        return Fail(ErrorCode::kMalformed, "{}: '{}' is not one of: {}", path,
                    EscapeForMessage(StringOf(value)), NamesOf(schema.getEnumerants()));
      }
      case Type::INT8: return Integer<int8_t>(value, path);
      case Type::INT16: return Integer<int16_t>(value, path);
      case Type::INT32: return Integer<int32_t>(value, path);
      case Type::UINT8: return Integer<uint8_t>(value, path);
      case Type::UINT16: return Integer<uint16_t>(value, path);
      case Type::UINT32: return Integer<uint32_t>(value, path);
      case Type::INT64: return Integer<int64_t>(value, path);
      case Type::UINT64: return Integer<uint64_t>(value, path);
      default:
        return Fail(ErrorCode::kInternal, "{}: this field type has no JSON form", path);
    }
  }

  // A 64-bit integer written as a string of decimal digits (the encoder's form).
  template <typename T>
  static Result<capnp::DynamicValue::Reader> WideInteger(std::string_view digits, const std::string& path) {
    bool negative = !digits.empty() && digits[0] == '-';
    std::string_view magnitude = negative ? digits.substr(1) : digits;
    if (magnitude.empty() || magnitude.find_first_not_of("0123456789") != std::string_view::npos) {
      return Fail(ErrorCode::kMalformed, "{}: expected a whole number, found '{}'", path, EscapeForMessage(digits));
    }
    if (negative && !std::is_signed_v<T>) return Fail(ErrorCode::kMalformed, "{}: must not be negative", path);
    T parsed = 0;
    if (std::from_chars(digits.data(), digits.data() + digits.size(), parsed).ec != std::errc()) {
      return Fail(ErrorCode::kTooLarge, "{}: {} is out of range", path, digits);
    }
    return capnp::DynamicValue::Reader(parsed);
  }

  template <typename T>
  Result<capnp::DynamicValue::Reader> Integer(capnp::JsonValue::Reader value, const std::string& path) {
    constexpr bool kWide = sizeof(T) == 8;
    std::string_view expected = kWide ? "a whole number (a number, or a string of digits)" : "a whole number";
    if constexpr (kWide) {
      if (value.isString()) return WideInteger<T>(StringOf(value), path);
    }
    if (!value.isNumber()) return Mismatch(path, expected, value);
    double number = value.getNumber();
    if (number != std::floor(number)) {
      return Fail(ErrorCode::kMalformed, "{}: expected a whole number, found {}", path, number);
    }
    constexpr double kExactLimit = 9007199254740992.0;  // 2^53: doubles are exact below it
    double low = std::max(static_cast<double>(std::numeric_limits<T>::min()), -kExactLimit);
    double high = std::min(static_cast<double>(std::numeric_limits<T>::max()), kExactLimit);
    if (number < low || number > high) {
      return Fail(ErrorCode::kTooLarge, "{}: {} is out of range ({} to {}{})", path, number, low, high,
                  kWide ? "; larger values are written as strings" : "");
    }
    if constexpr (std::is_signed_v<T>) return capnp::DynamicValue::Reader(static_cast<int64_t>(number));
    else return capnp::DynamicValue::Reader(static_cast<uint64_t>(number));
  }
};

class TimeHandler final : public capnp::JsonCodec::Handler<schema::Time> {
 public:
  void encode(const capnp::JsonCodec&, schema::Time::Reader input,
              capnp::JsonValue::Builder output) const override {
    output.setString(FormatTime(input.getUnixMicros()));
  }
  void decode(const capnp::JsonCodec&, capnp::JsonValue::Reader,
              schema::Time::Builder) const override {
    KJ_FAIL_REQUIRE("gongkai decodes JSON with ledger/json_codec.h, not the JsonCodec");
  }
};

// The encoder: one per thread (configuring is not free, and the codec is not
// documented as safe for concurrent use), with the annotation handlers of
// every struct type it has been asked to encode.
capnp::JsonCodec& Encoder(capnp::StructSchema schema) {
  thread_local TimeHandler time_handler;
  thread_local std::set<uint64_t> handled;
  thread_local std::unique_ptr<capnp::JsonCodec> codec = [] {
    auto c = std::make_unique<capnp::JsonCodec>();
    c->addTypeHandler(time_handler);
    return c;
  }();
  if (handled.insert(schema.getProto().getId()).second) codec->handleByAnnotation(schema);
  return *codec;
}

}  // namespace

Status DecodeJson(std::string_view text, capnp::DynamicStruct::Builder out) {
  capnp::MallocMessageBuilder message;
  auto tree = message.initRoot<capnp::JsonValue>();
  GK_RETURN_IF_ERROR(ParseJson(text, tree));
  // The schema walk sets fields through Cap'n Proto's dynamic API, which
  // throws only on a bug (a type mismatch this walk should have caught).
  Status status;
  kj::Maybe<kj::Exception> exception =
      kj::runCatchingExceptions([&] { status = Decoder().Struct(tree.asReader(), out, ""); });
  KJ_IF_MAYBE(e, exception) {
    return Fail(ErrorCode::kInternal, "JSON decoding failed inside Cap'n Proto: {}",
                e->getDescription().cStr());
  }
  return status;
}

std::string EncodeJson(capnp::DynamicStruct::Reader value, bool pretty) {
  capnp::JsonCodec& codec = Encoder(value.getSchema());
  codec.setPrettyPrint(pretty);
  std::string out = codec.encode(value).cStr();
  codec.setPrettyPrint(false);
  return out;
}

}  // namespace gongkai
