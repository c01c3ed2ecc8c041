@0xe1f0c2a7d4b39685;
# Proofs as auditors exchange them (JSON, through Cap'n Proto's codec).
# Hashes are standard base64, as in checkpoints.

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("gongkai::schema");

struct InclusionProof {
  # Entry `index` is leaf `index` of the tree of the first `size` entries.
  origin @0 :Text;
  index @1 :UInt64;
  size @2 :UInt64;
  leafHash @3 :Text;        # SHA-256(0x00 ‖ entry record)
  proof @4 :List(Text);     # RFC 9162 audit path, leaf side first
}

struct ConsistencyProof {
  origin @0 :Text;
  oldSize @1 :UInt64;
  newSize @2 :UInt64;
  proof @3 :List(Text);     # RFC 9162 consistency proof
}
