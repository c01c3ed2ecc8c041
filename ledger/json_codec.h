// JSON <-> Cap'n Proto structs, by the schema: the one codec for every JSON
// gongkai reads or writes from a schema type.
//
// Encoding is Cap'n Proto's JsonCodec (correct in 0.9.2). Decoding is
// ledger/json_parser.h followed by a walk of the schema written here, because
// 0.9.2's parser corrupts \u escapes and its decoder's errors are assertion
// text. The mapping is the encoder's, so encode then decode gives the same
// struct back:
//   struct or group      object; field names as in the schema; an unknown
//                        name, or a name given twice, is refused; a union's
//                        member is one field: exactly one must be given (each
//                        union in gongkai's schemas names which event a
//                        payload is, so none is left to its default member)
//   Text                 string
//   Data                 string: hex with $Json.hex, standard base64 with
//                        $Json.base64 (no other Data field is accepted)
//   Bool                 true or false
//   Int8..UInt32         a number that is a whole number within the type
//   Int64, UInt64        a string of decimal digits (the encoder's form), or a
//                        number that is a whole number below 2^53
//   Float32, Float64     a number
//   enum                 a string naming an enumerant
//   List(T)              an array of T
//   Void                 null
//   common.capnp Time    an RFC 3339 string (ledger/base/time.h)
// Errors are kMalformed (kTooLarge for a value out of its type's range) and
// name the field by its path ("payload.item.drafted.title: expected a string,
// found a number").
#pragma once

#include <capnp/dynamic.h>

#include <string>
#include <string_view>

#include "ledger/base/error.h"

namespace gongkai {

// Decodes one JSON text into `out`, whose fields are set from it.
Status DecodeJson(std::string_view text, capnp::DynamicStruct::Builder out);

// Encodes `value` as JSON: one line, or indented by two spaces with `pretty`.
std::string EncodeJson(capnp::DynamicStruct::Reader value, bool pretty = false);

template <typename Reader>
std::string EncodeJson(Reader value, bool pretty = false) {
  return EncodeJson(capnp::DynamicStruct::Reader(value), pretty);
}

}  // namespace gongkai
