// What a Cap'n Proto message says through its schema, and nothing else.
//
// Cap'n Proto's canonical form (isCanonical) fixes the layout of pointers
// and the trimming of trailing zero words, but not the bits no field reads:
// padding in a data section, the data of a union member that is not the
// one set, words past the last field this version of the schema knows.
// Such bits would be signed and stored while no reader, JSON form or check
// ever shows them. An action is accepted only if its bytes equal the
// canonical encoding of a copy that holds its known fields alone.
#pragma once

#include <capnp/dynamic.h>

#include "ledger/base/error.h"

namespace gongkai {

// Copies into `to` every field of `from` its schema declares (for a union,
// only the member set), recursing into structs and lists, so that nothing
// unread is carried over. kMalformed, naming the field, for an enum value
// the schema does not list (it too would be signed and read by nobody) and
// for a capability or AnyPointer field (gongkai's schemas have none).
Status CopyKnownFields(capnp::DynamicStruct::Reader from, capnp::DynamicStruct::Builder to);

}  // namespace gongkai
