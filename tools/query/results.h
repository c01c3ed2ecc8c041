// The query layer's results as schema values (tools/query/results.capnp),
// and their JSON: one encoding for every front end.
#pragma once

#include <string>

#include "projections/acts.h"
#include "projections/finding.h"
#include "projections/findings.h"
#include "tools/query/results.capnp.h"

namespace gongkai::query {

void ToSchema(const projections::ActRecord& act, schema::Act::Builder out);
void ToSchema(const projections::DeadlineStatus& deadline, schema::Deadline::Builder out);
void ToSchema(const projections::Finding& finding, schema::Finding::Builder out);

// One line of JSON each, through the JSON codec.
std::string ActJson(const projections::ActRecord& act);
std::string FindingJson(const projections::Finding& finding);

}  // namespace gongkai::query
