#include "tools/server/checkpoint_publisher.h"

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <kj/compat/tls.h>

#include <charconv>

#include "ledger/checkpoint_store.h"
#include "ledger/merkle_store.h"
#include "ledger/witness.h"

namespace gongkai::server {
namespace {

// A witness's answer is a few cosignature lines, or a size, or a reason.
constexpr size_t kMaxAnswerBytes = 16 * 1024;

// A Prometheus label value: backslash, quote and newline escaped.
std::string LabelValue(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

struct WitnessReply {
  unsigned status = 0;
  std::string content_type;
  std::string body;
};

}  // namespace

CheckpointPublisher::CheckpointPublisher(Ledger& ledger, std::optional<WitnessPolicy> policy,
                                         const HeaderTable& headers)
    : ledger_(ledger), policy_(std::move(policy)), headers_(headers) {}

Result<std::unique_ptr<CheckpointPublisher>> CheckpointPublisher::Create(Ledger& ledger,
                                                                         std::optional<WitnessPolicy> policy,
                                                                         const HeaderTable& headers) {
  std::unique_ptr<CheckpointPublisher> publisher(new CheckpointPublisher(ledger, std::move(policy), headers));
  auto sizes = CheckpointSizes(ledger.store());
  GK_RETURN_IF_ERROR(sizes);
  publisher->sizes_ = std::move(*sizes);
  if (publisher->policy_) {
    for (const PolicyWitness& witness : publisher->policy_->witnesses()) publisher->witnesses_.push_back({&witness});
  }
  if (!publisher->sizes_.empty()) {
    auto latest = LoadCheckpoint(ledger.store(), publisher->sizes_.back());
    GK_RETURN_IF_ERROR(latest);
    for (Witness& witness : publisher->witnesses_) {
      auto cosigned_at = VerifyCosignature(**latest, witness.policy->key.name, witness.policy->key.key);
      if (!cosigned_at) continue;
      witness.cosigned_size = publisher->sizes_.back();
      witness.cosigned_at = *cosigned_at;
      witness.has_latest = true;
    }
  }
  GK_RETURN_IF_ERROR(publisher->FindPublished());
  return publisher;
}

Status CheckpointPublisher::FindPublished() {
  // Newest first, down to the one already published (which stays so).
  for (auto size = sizes_.rbegin(); size != sizes_.rend() && *size > published_size_; ++size) {
    auto note = LoadCheckpoint(ledger_.store(), *size);
    GK_RETURN_IF_ERROR(note);
    if (!*note) return Fail(ErrorCode::kCorruption, "the checkpoint of size {} vanished", *size);
    if (policy_ && !policy_->Satisfied(**note)) continue;
    published_ = std::move(**note);
    published_size_ = *size;
    break;
  }
  return {};
}

Status CheckpointPublisher::CheckpointHead() {
  uint64_t head = ledger_.head().size;
  if (!sizes_.empty() && sizes_.back() >= head) return {};
  auto note = ledger_.MakeCheckpoint();
  if (!note) return Fail(note.error().code, "signing a checkpoint of {} entries: {}", head, note.error().message);
  auto checkpoint = ParseCheckpointBody(note->body);
  GK_RETURN_IF_ERROR(checkpoint);
  sizes_.push_back(checkpoint->size);
  for (Witness& witness : witnesses_) witness.has_latest = false;
  spdlog::info("checkpoint of {} entries signed", checkpoint->size);
  return FindPublished();
}

kj::Promise<void> CheckpointPublisher::Run(kj::Timer& timer, kj::Network& network, kj::Duration every,
                                           kj::Duration timeout) {
  // https:// witnesses are checked against OpenSSL's trust store.
  auto tls = kj::heap<kj::TlsContext>();
  auto tls_network = tls->wrapNetwork(network);
  auto client = kj::newHttpClient(timer, *headers_.table, network, *tls_network);
  kj::HttpClient& http = *client;
  return Cycle(http, timer, every, timeout).attach(kj::mv(client), kj::mv(tls_network), kj::mv(tls));
}

kj::Promise<void> CheckpointPublisher::Cycle(kj::HttpClient& http, kj::Timer& timer, kj::Duration every,
                                             kj::Duration timeout) {
  if (Status signed_head = CheckpointHead(); !signed_head) spdlog::error("{}", signed_head.error().ToString());
  auto pushes = kj::heapArrayBuilder<kj::Promise<void>>(witnesses_.size());
  for (Witness& witness : witnesses_) {
    if (!witness.policy->url.empty() && !witness.has_latest && !sizes_.empty()) {
      pushes.add(Push(http, timer, timeout, witness, /*retry=*/true));
    }
  }
  return kj::joinPromises(pushes.finish()).then([this, &http, &timer, every, timeout]() {
    if (Status found = FindPublished(); !found) spdlog::error("publishing: {}", found.error().ToString());
    return timer.afterDelay(every).then([this, &http, &timer, every, timeout]() {
      return Cycle(http, timer, every, timeout);
    });
  });
}

kj::Promise<void> CheckpointPublisher::Push(kj::HttpClient& client, kj::Timer& timer, kj::Duration timeout,
                                            Witness& witness, bool retry) {
  const uint64_t size = sizes_.back();
  auto fail = [&witness](std::string why) {
    ++witness.failures;
    spdlog::warn("witness {}: {}", witness.policy->name, why);
    return kj::Promise<void>(kj::READY_NOW);
  };
  if (witness.cosigned_size > size) {
    return fail(fmt::format("it holds {} entries, more than this log's {}: a fork or a rollback", witness.cosigned_size,
                            size));
  }
  auto note = LoadCheckpoint(ledger_.store(), size);
  if (!note || !*note) return fail(fmt::format("the checkpoint of size {} cannot be read", size));
  AddCheckpointRequest request{witness.cosigned_size, {}, **note};
  if (witness.cosigned_size > 0 && witness.cosigned_size < size) {
    auto proof = StoredConsistencyProof(ledger_.store(), ledger_.hash_algorithm(), witness.cosigned_size, size);
    if (!proof) return fail(proof.error().ToString());
    request.proof = std::move(*proof);
  }
  auto body = kj::heap<std::string>(FormatAddCheckpoint(request));
  std::string url = witness.policy->url;
  while (url.ends_with('/')) url.pop_back();
  url += "/add-checkpoint";
  kj::HttpHeaders fields(*headers_.table);
  fields.set(kj::HttpHeaderId::CONTENT_TYPE, "text/plain; charset=utf-8");
  auto sent = client.request(kj::HttpMethod::POST, url, fields, body->size());
  auto write = sent.body->write(body->data(), body->size()).attach(kj::mv(sent.body), kj::mv(body));
  auto reply = write.then([response = kj::mv(sent.response)]() mutable { return kj::mv(response); })
                   .then([](kj::HttpClient::Response response) {
                     WitnessReply reply{response.statusCode, "", ""};
                     KJ_IF_MAYBE(type, response.headers->get(kj::HttpHeaderId::CONTENT_TYPE)) {
                       reply.content_type = type->cStr();
                     }
                     return response.body->readAllText(kMaxAnswerBytes)
                         .attach(kj::mv(response.body))
                         .then([reply = kj::mv(reply)](kj::String text) mutable {
                           reply.body.assign(text.cStr(), text.size());
                           return kj::mv(reply);
                         });
                   });
  SignedNote pushed = **note;
  return timer.timeoutAfter(timeout, kj::mv(reply))
      .then(
          [this, &client, &timer, timeout, &witness, retry, pushed = kj::mv(pushed), fail](
              WitnessReply reply) -> kj::Promise<void> {
            if (reply.status == 200) {
              if (Status accepted = Accept(witness, pushed, reply.body); !accepted) {
                return fail(accepted.error().ToString());
              }
              return kj::READY_NOW;
            }
            if (reply.status == 409 && reply.content_type.starts_with("text/x.tlog.size") && retry) {
              // The witness holds another size than we thought: prove from it.
              uint64_t held = 0;
              std::string_view text = reply.body;
              if (text.ends_with('\n')) text.remove_suffix(1);
              auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), held);
              if (error != std::errc() || end != text.data() + text.size()) {
                return fail(fmt::format("409 with a size that does not parse: '{}'", text));
              }
              witness.cosigned_size = held;
              return Push(client, timer, timeout, witness, /*retry=*/false);
            }
            std::string_view reason = reply.body;
            if (reason.ends_with('\n')) reason.remove_suffix(1);
            return fail(fmt::format("answered {}: {}", reply.status, reason));
          },
          [fail](kj::Exception&& e) { return fail(e.getDescription().cStr()); });
}

Status CheckpointPublisher::Accept(Witness& witness, const SignedNote& note, std::string_view answer) {
  auto cosigned = ParseSignedNote(note.body + "\n" + std::string(answer));
  if (!cosigned) return Fail(ErrorCode::kMalformed, "its answer is not cosignature lines: {}", cosigned.error().message);
  auto timestamp = VerifyCosignature(*cosigned, witness.policy->key.name, witness.policy->key.key);
  if (!timestamp) return Fail(timestamp.error().code, "its cosignature does not verify: {}", timestamp.error().message);
  // Keep only this witness's lines: nothing else it sent is stored.
  SignedNote own{note.body, {}};
  for (const NoteSignature& line : cosigned->signatures) {
    if (line.name == witness.policy->key.name) own.signatures.push_back(line);
  }
  GK_RETURN_IF_ERROR(ledger_.AddCosignatures(own));
  auto checkpoint = ParseCheckpointBody(note.body);
  GK_RETURN_IF_ERROR(checkpoint);
  witness.cosigned_size = checkpoint->size;
  witness.cosigned_at = *timestamp;
  witness.has_latest = checkpoint->size == sizes_.back();
  return {};
}

std::string CheckpointPublisher::Metrics() const {
  std::string out = fmt::format(
      "# HELP gongkai_published_checkpoint_entries Entries under the checkpoint /checkpoint serves (witness quorum met).\n"
      "# TYPE gongkai_published_checkpoint_entries gauge\ngongkai_published_checkpoint_entries {}\n",
      published_size_);
  if (witnesses_.empty()) return out;
  out +=
      "# HELP gongkai_witness_cosigned_entries The size this witness last cosigned.\n"
      "# TYPE gongkai_witness_cosigned_entries gauge\n";
  for (const Witness& w : witnesses_) {
    out += fmt::format("gongkai_witness_cosigned_entries{{witness=\"{}\"}} {}\n", LabelValue(w.policy->name), w.cosigned_size);
  }
  out +=
      "# HELP gongkai_witness_cosignature_timestamp_seconds When this witness last cosigned (its timestamp).\n"
      "# TYPE gongkai_witness_cosignature_timestamp_seconds gauge\n";
  for (const Witness& w : witnesses_) {
    out += fmt::format("gongkai_witness_cosignature_timestamp_seconds{{witness=\"{}\"}} {}\n", LabelValue(w.policy->name),
                       w.cosigned_at);
  }
  out +=
      "# HELP gongkai_witness_push_failures_total Pushes to this witness that got no cosignature.\n"
      "# TYPE gongkai_witness_push_failures_total counter\n";
  for (const Witness& w : witnesses_) {
    out += fmt::format("gongkai_witness_push_failures_total{{witness=\"{}\"}} {}\n", LabelValue(w.policy->name), w.failures);
  }
  return out;
}

}  // namespace gongkai::server
