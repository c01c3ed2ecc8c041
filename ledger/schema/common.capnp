@0xf3bd5017b76e008a;
# Types shared by every schema.

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("gongkai::schema");

struct Time {
  # An instant: microseconds since 1970-01-01T00:00:00Z, leap seconds ignored.
  # In JSON it is an RFC 3339 string ("2026-11-23T09:30:00+08:00"); a bare
  # date ("2026-11-23") means midnight China Standard Time (UTC+08:00).
  unixMicros @0 :Int64;
}
