#include "tools/server/read_desk.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "tools/query/entries.h"
#include "tools/server/http.h"

namespace gongkai::server {

unsigned StatusOf(const Result<std::string>& body) { return body ? 200 : HttpStatusOf(body.error().code); }

void RefuseUnrecorded(QueryAnswer& answer, const Error& error) { answer.body = std::unexpected(error); }
void RefuseUnrecorded(Result<std::string>& body, const Error& error) { body = std::unexpected(error); }
void RefuseUnrecorded(Status& status, const Error& error) { status = std::unexpected(error); }

Error ReadDesk::UnrecordedError(const Error& cause) {
  spdlog::error("access log: {}", cause.ToString());
  return Error{ErrorCode::kIo, "the read cannot be recorded in the access log, so it is not answered", {}};
}

Result<const KeyRegistry*> ReadDesk::Registry() {
  GK_RETURN_IF_ERROR(reads_.session.Refresh());
  return reads_.session.Registry();
}

Result<Reader> ReadDesk::ReaderOf(const KeyRegistry& registry, std::string_view key_id, std::string_view request,
                                  UnixMicros now) {
  auto person = query::ReaderOf(registry, key_id, now);
  if (!person) {
    // A registered key, no longer (or not yet) valid: the attempt is kept.
    const KeyRecord* key = registry.FindKey(key_id);
    GK_RETURN_IF_ERROR(Record(key ? key->person_id : "", key_id, request, "", HttpStatusOf(person.error().code), now));
    return std::unexpected(person.error());
  }
  return Reader{*person, std::string(key_id)};
}

Status ReadDesk::Record(std::string_view person, std::string_view key_id, std::string_view request,
                        std::string_view about, unsigned status, UnixMicros now) {
  auto ticket = reads_.access_log.Append(
      {now, std::string(person), std::string(key_id), std::string(request), std::string(about), status});
  if (!ticket) return std::unexpected(UnrecordedError(ticket.error()));
  last_ticket_ = *ticket;
  return {};
}

Result<std::string> ReadDesk::Recorded(const Reader& reader, std::string_view request, std::string_view about,
                                       Result<std::string> body, UnixMicros now) {
  GK_RETURN_IF_ERROR(Record(reader.person->id, reader.key_id, request, about, StatusOf(body), now));
  return body;
}

QueryAnswer ReadDesk::Query(const Reader& reader, std::string_view command, const QueryParams& params,
                            std::string_view request, UnixMicros now) {
  const auto started = std::chrono::steady_clock::now();
  QueryAnswer answer = reads_.backend.Answer(command, params, reads_.session, *reader.person, now);
  {
    std::lock_guard lock(latency_mutex_);
    query_latency_.Observe(std::chrono::steady_clock::now() - started);
  }
  answer.body = Recorded(reader, request, answer.scope.about, std::move(answer.body), now);
  return answer;
}

Result<std::string> ReadDesk::EntryBundle(const Reader& reader, const tiles::TilePath& tile, std::string_view request,
                                          UnixMicros now) {
  Result<std::string> bundle = std::string();
  if (Status allowed = query::MayRead(*reader.person, query::AgencyScope(std::nullopt), now); !allowed) {
    bundle = std::unexpected(allowed.error());
  } else if (auto bytes = query::EntryBundleOf(reads_.session.ledger(), tile); !bytes) {
    bundle = std::unexpected(bytes.error());
  } else {
    bundle = std::string(bytes->begin(), bytes->end());
  }
  return Recorded(reader, request, "entries", std::move(bundle), now);
}

std::string ReadDesk::Metrics() const {
  std::lock_guard lock(latency_mutex_);
  return query_latency_.Prometheus("gongkai_query_seconds", "From a query authenticated to its answer.");
}

}  // namespace gongkai::server
