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

struct ExportManifest {
  # manifest.json of an export directory (docs/FORMAT.md, "Exports").
  format @0 :Text;          # "gongkai-export-1"
  origin @1 :Text;
  logKey @2 :Text;          # the log's Ed25519 public key, raw 32 bytes in hex
  from @3 :UInt64;          # first entry exported (0 in this version)
  to @4 :UInt64;            # last entry exported
  entriesFile @5 :Text;     # "entries.bin"
  entriesSha256 @6 :Text;   # hex SHA-256 of that file
  checkpoints @7 :List(Text);  # checkpoint files, by increasing size
  frontier @8 :List(Text);
  # from > 0: the hashes (base64) of the complete Merkle subtrees that cover
  # entries 0..from-1, largest first (the binary decomposition of `from`).
  prefixFile @9 :Text;      # from > 0: "prefix.bin", the registry events before `from`
  prefixSha256 @10 :Text;   # hex SHA-256 of that file
  sm2LogKey @11 :Text;      # where the genesis names one: the log's SM2 public key, the 65-byte point in hex
}
