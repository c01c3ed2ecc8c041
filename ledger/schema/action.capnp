@0xd63bc637ba62451a;
# The signed action: what a person signs and the ledger stores byte for byte.
#
# The bytes that are signed are the Cap'n Proto *canonical form* of one
# `Action` struct (a single segment, no segment table; see docs/FORMAT.md).
# Fields are append-only: new payload kinds are added to the union with new
# ordinals, so every action ever signed stays readable and verifiable.

using Cxx = import "/capnp/c++.capnp";
using Json = import "/capnp/compat/json.capnp";
using Registry = import "registry.capnp";
using Common = import "common.capnp";
using Organisation = import "organisation.capnp";
using Item = import "item.capnp";
using Application = import "application.capnp";
using Oversight = import "oversight.capnp";
using Reference = import "reference.capnp";
$Cxx.namespace("gongkai::schema");

struct Action {
  ledger @0 :Text;
  # Origin name of the ledger this action is meant for (from its genesis).
  # Binding it into the signed bytes stops an action from being replayed into
  # another ledger.

  eventId @1 :Text;
  # Client-chosen, unique within the ledger (idempotency key), 1..128 bytes.

  stream @2 :Text;
  # The stream the action belongs to: one per information item, application
  # case, person, ... 1..256 bytes.

  expectedVersion @3 :Int64 = -1;
  # Optimistic concurrency: the number of entries the stream must hold before
  # this one is appended. -1 (the default) means "no expectation".

  businessTime @4 :Common.Time;
  # When the act occurred. May be earlier than the ledger's recorded time
  # (paper records, oral applications), never later.

  actorKeyId @5 :Text;
  # Key id of the signer (see docs/FORMAT.md, "Key ids").

  payload :union {
    note @6 :Note;
    genesis @7 :Registry.Genesis;
    registerPerson @8 :Registry.RegisterPerson;
    addKey @9 :Registry.AddKey;
    revokeKey @10 :Registry.RevokeKey;
    assignRole @11 :Registry.AssignRole;
    endRole @12 :Registry.EndRole;
    # The disclosure domain (docs/EVENTS.md). Each group carries the id of
    # the thing it is about and an inner union naming the event.
    organisation @13 :Organisation.OrganisationEvent;
    item @14 :Item.ItemEvent;
    application @15 :Application.CaseEvent;
    inquiry @16 :Oversight.InquiryEvent;
    accountability @17 :Oversight.AccountabilityEvent;
    assessment @18 :Oversight.AssessmentEvent;
    reference @19 :Reference.ReferenceEvent;
  }
}

struct Note {
  # A generic signed statement: free text and an optional document digest.
  subject @0 :Text;
  body @1 :Text;
  digest @2 :Data $Json.hex;
  # SHA-256 of a referenced document, if any (32 bytes).
}

struct SignedAction {
  # What `gongkai sign` writes and `gongkai append` reads (as JSON, one per
  # line): the canonical action bytes and the signer's signature over them.
  action @0 :Data $Json.base64;
  signature @1 :Data $Json.base64;
}
