@0xb004faeb7260d16a;
# Key registry events: who may sign, with which key, holding which roles.
# They are ordinary ledger events, so "who held which role when" is itself
# verifiable. Only a holder of the `administrator` role may sign them (the
# genesis action authorises itself).

using Cxx = import "/capnp/c++.capnp";
using Json = import "/capnp/compat/json.capnp";
using Common = import "common.capnp";
$Cxx.namespace("gongkai::schema");

enum Role {
  administrator @0;          # maintains the key registry
  handler @1;                # 承办人
  sectionHead @2;            # 科室负责人
  leaderInCharge @3;         # 分管领导
  principal @4;              # 主要负责人
  confidentialityReviewer @5;# 保密审查员
  transferClerk @6;          # 信息送交员
  leadingGroupOffice @7;     # 领导小组办公室
  supervision @8;            # 监察 / 纪检
  assessor @9;               # 考核评议
  archivist @10;             # 档案馆
  auditor @11;               # 审计: reads the ledger, signs nothing
  disclosureOfficeHead @12;  # 政府信息公开工作机构负责人: approves reply extensions (条例（2019）第三十三条第二款)
}

enum SignatureAlgorithm {
  unknown @0;
  ed25519 @1;                # RFC 8032 pure Ed25519 (id 1 in entry records)
  sm2 @2;                    # GB/T 32918 SM2 over SM3, ID 1234567812345678 (GM/T 0009), DER signatures (id 2)
}

enum HashAlgorithm {
  unknown @0;
  sha256 @1;                 # FIPS 180-4 SHA-256 (id 1 in entry records)
  sm3 @2;                    # GB/T 32905 SM3 (id 2 in entry records)
}

struct PublicKey {
  algorithm @0 :SignatureAlgorithm;
  key @1 :Data $Json.hex;    # Ed25519: the 32-byte raw public key; SM2: the 65-byte point 04 ‖ x ‖ y
  certificate @2 :Data $Json.hex;  # optional, SM2 only: the DER X.509 certificate of `key` (docs/FORMAT.md §8);
                             # its notBefore..notAfter bound when the key may sign
}

struct RoleGrant {
  role @0 :Role;
  agency @1 :Text;           # the agency in which the role is held: a registered agency id (docs/EVENTS.md §2)
  section @2 :Text;          # optional
}

struct Genesis {
  # Entry 0. Signed by the first administrator, whose key it registers.
  origin @0 :Text;           # the ledger's id, e.g. "gongkai.tianning.gov.cn/2026"
  hashAlgorithm @1 :HashAlgorithm;           # the ledger's, for good: entries, chain, Merkle tree
  signatureAlgorithm @2 :SignatureAlgorithm; # the log key's: always ed25519 (C2SP checkpoints and witnesses);
                                             # people's keys each name their own algorithm
  administrator @3 :RegisterPerson;
  logKey @4 :PublicKey;      # the ledger's own key, for signed checkpoints (ed25519)
  sm2LogKey @5 :PublicKey;   # optional: a second log key (sm2, no certificate) whose signature line every
                             # checkpoint carries too (docs/FORMAT.md §8)
  simulated @6 :Bool;        # made by `gongkai simulate`, whose keys (the log key too) all derive from its
                             # seed: anyone who knows the seed holds every key, so the ledger proves nothing
}

struct RegisterPerson {
  personId @0 :Text;         # stable id, 1..128 bytes
  name @1 :Text;
  agency @2 :Text;           # a registered agency id (docs/EVENTS.md §2)
  section @3 :Text;
  roles @4 :List(RoleGrant); # each held from validFrom
  publicKey @5 :PublicKey;   # the person's first signing key
  validFrom @6 :Common.Time; # the key and roles are valid from here
}

struct AddKey {
  personId @0 :Text;
  publicKey @1 :PublicKey;
  validFrom @2 :Common.Time;
}

struct RevokeKey {
  keyId @0 :Text;
  effectiveFrom @1 :Common.Time;
  # Entries recorded at or after this instant may no longer be signed with the
  # key. Entries before the revocation event keep their validity.
  reason @2 :Text;
}

struct AssignRole {
  personId @0 :Text;
  grant @1 :RoleGrant;
  effectiveFrom @2 :Common.Time;
}

struct EndRole {
  personId @0 :Text;
  grant @1 :RoleGrant;
  effectiveTo @2 :Common.Time;  # the role is no longer held from this instant
}
