// Force-included (-include) in the clang fuzzing build only. Clang 16
// implements P2468R2: a class that declares both operator== and operator!=
// gets no reversed operator== candidates, so Cap'n Proto 0.9's
// `const char* == kj::StringPtr` (capnp/blob.h) no longer resolves. kj
// declares the free operators itself only before C++20; these restore them.
#pragma once

#include <kj/string.h>

#if __cpp_impl_three_way_comparison
namespace kj {
inline bool operator==(const char* a, const StringPtr& b) { return b == StringPtr(a); }
inline bool operator!=(const char* a, const StringPtr& b) { return !(b == StringPtr(a)); }
inline bool operator==(const char* a, const String& b) { return b == StringPtr(a); }
inline bool operator!=(const char* a, const String& b) { return !(b == StringPtr(a)); }
}  // namespace kj
#endif
