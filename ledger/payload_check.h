// Structural validation of the disclosure-domain payloads (docs/EVENTS.md).
//
// The rules live in the schema, as the validation annotations of
// ledger/schema/common.capnp ($required, $identifier, $digest, $date,
// $pseudonym, $positive, $document); this file walks a payload by Cap'n Proto
// reflection and applies them, so a new event needs no new checking code.
// On top of the field rules: each event goes to the stream of the thing it is
// about ("item/<itemId>", ...), and a calendar or rule set must parse.
//
// Procedure is never checked here: an item published without review is a
// well-formed event (and a finding, computed by projections).
#pragma once

#include <span>
#include <string>

#include "ledger/base/error.h"
#include "ledger/schema/action.capnp.h"

namespace gongkai {

// Checks a domain payload (organisation … reference); a no-op for the
// ledger's own payloads (note, genesis, registry events).
Status CheckDomainPayload(schema::Action::Reader action);

// "item.published", "application.replyIssued", ...; for the ledger's own
// payloads just their kind ("note", "genesis", "registerPerson", ...).
std::string EventKindName(schema::Action::Reader action);

// The stream a domain event belongs to, derived from its payload; empty for
// the ledger's own payloads, whose stream the signer chooses.
std::string DomainStream(schema::Action::Reader action);

// The roles of which the signer must hold one at the recorded time
// (docs/EVENTS.md, "Who signs"); empty when any registered person may sign.
// The ledger's registry events are checked by KeyRegistry itself.
std::span<const schema::Role> SignerRoles(schema::Action::Reader action);

}  // namespace gongkai
