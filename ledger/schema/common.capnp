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

# Validation annotations. Action::Parse checks every field of a domain
# payload against them by reflection (ledger/payload_check.cc), so the schema
# is the one place that says what a well-formed event is. Unannotated Text is
# optional, at most 4096 bytes of UTF-8; unannotated Data is at most 4096
# bytes; every enum value must be one the schema names.
annotation required @0x951e8126b4e3c790 (field) :Void;
# Text or Data must be non-empty; a list must have an element; a struct must be set.
annotation identifier @0xab6a0fe5f3342b16 (field) :Void;
# Text naming something (agency, section, person, item, case): 1..128 bytes,
# no control characters. Implies `required` unless also `optional`. On a
# List(Text): every element is an identifier.
annotation optional @0xc17ca00f6b99c57f (field) :Void;
# An `identifier` or `date` that may be empty.
annotation digest @0xe7a318b3406d9955 (field) :Void;
# Data: exactly 32 bytes (SHA-256 of a document held outside the ledger).
# Required unless also `optional`.
annotation date @0x908a04962db7f285 (field) :Void;
# Text: a calendar date "YYYY-MM-DD" (China Standard Time). Required unless
# also `optional`.
annotation pseudonym @0xfdbde96f5c870c92 (field) :Void;
# Text: exactly 64 lower-case hex characters, the keyed hash (e.g.
# HMAC-SHA-256 under the agency's secret) of an applicant's or third party's
# identity. Names and identity numbers never enter the ledger in clear.
annotation positive @0x950776d49a3e624a (field) :Void;
# An integer that must be at least 1.
annotation document @0xa9b4cdecd8a8c1b6 (field) :Void;
# Text that may be long (a rule set, a calendar): up to the action limit.
