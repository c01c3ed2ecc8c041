@0xc9a7e1f0b2d4c611;
# One line of a server's access log (docs/SERVER.md, "The access log"):
# every authenticated read, kept in DIR/access-log.jsonl as one JSON object
# per line, each line chained to the one before it by `prev`.

using Cxx = import "/capnp/c++.capnp";
using Json = import "/capnp/compat/json.capnp";
$Cxx.namespace("gongkai::schema");

struct AccessRecord {
  n @0 :UInt64;              # 0, 1, 2, ... in file order
  time @1 :Text;             # when the server answered, RFC 3339
  person @2 :Text;           # the reader, as the key registry names them
  key @3 :Text;              # the key id that signed the request
  request @4 :Text;          # "GET <path>?<query>" as sent
  about @5 :Text;            # what the request reads: "item/X", "agency G", "person P", "all", "ledger"
  status @6 :UInt16;         # the HTTP status answered
  prev @7 :Data $Json.hex;   # SHA-256 of the previous line with its "\n"; 32 zero bytes on line 0
}
