@0xd089bc3b467db84a;
# gongkai's Cap'n Proto RPC interface (docs/SERVER.md, "Cap'n Proto RPC"),
# served by `gongkai serve --rpc-listen HOST:PORT` beside HTTP, on the same
# event loop and over the same ledger. The bootstrap capability is a
# `Ledger`. What HTTP answers with a status, RPC answers with a `Failure`
# carrying the same error code; calls that fail in the transport itself
# (a broken connection) raise Cap'n Proto's DISCONNECTED.

using Cxx = import "/capnp/c++.capnp";
using Results = import "/tools/query/results.capnp";
$Cxx.namespace("gongkai::rpc");

struct Failure {
  code @0 :Text;      # the error code, as the CLI and HTTP name it: "unknown_key", "unauthorized", ...
  message @1 :Text;   # one line for a person
}

struct SignedAction {
  action @0 :Data;      # canonical Cap'n Proto bytes of an Action (docs/FORMAT.md)
  signature @1 :Data;   # Ed25519 over the signing context ‖ action
}

struct AppendOutcome {
  union {
    receipt @0 :Results.Receipt;   # the entry, durable
    refused @1 :Failure;           # nothing was written
  }
}

struct Proof {
  union {
    hashes @0 :List(Data);   # RFC 9162 inclusion or consistency proof, 32-byte SHA-256 each
    refused @1 :Failure;
  }
}

struct Param {
  # One query parameter, as HTTP's: ("arg", value) for a positional
  # argument, (option, value), or (flag, "").
  name @0 :Text;
  value @1 :Text;
}

struct Answer {
  union {
    body @0 :Text;         # exactly what the command prints (text, or JSON lines with "json")
    refused @1 :Failure;
  }
  contentType @2 :Text;    # as HTTP would label the body
}

struct Entry {
  seq @0 :UInt64;
  record @1 :Data;   # the entry record (docs/FORMAT.md §1): the bytes its leaf hash covers
}

struct Follow {
  union {
    following @0 :Following;
    refused @1 :Failure;
  }
}

struct Login {
  union {
    reader @0 :Reader;
    refused @1 :Failure;
  }
}

interface Ledger {
  # Public: the checkpoint and proofs (anyone may rebuild them from tiles),
  # and appends (each signed action carries its own authority).

  checkpoint @0 () -> (note :Text);
  # The published checkpoint, exactly as GET checkpoint serves it ("" before one is).

  append @1 (action :SignedAction) -> (outcome :AppendOutcome);
  # Answers once the entry is durable (group commit with every other
  # connection's appends), or with the refusal. Pipelining many calls is
  # how one client streams.

  appendStream @2 (outcomes :OutcomeSink) -> (actions :ActionSink);
  # A stream of signed actions: the client sends each with its own index
  # on `actions`; the server reports each outcome, once durable or refused,
  # on `outcomes`, in whatever order the batches commit.

  inclusionProof @3 (seq :UInt64, size :UInt64) -> (proof :Proof);
  consistencyProof @4 (oldSize :UInt64, newSize :UInt64) -> (proof :Proof);
  # Proofs within the checkpointed trees (as `gongkai prove`).

  challenge @5 () -> (nonce :Data);
  # 32 random bytes to sign for `login`; each is good once, for 60 seconds.

  login @6 (keyId :Text, nonce :Data, signature :Data) -> (login :Login);
  # `signature`: the person's Ed25519 signature over
  #   "gongkai rpc login v1\n" ‖ origin ‖ "\n" ‖ base64(nonce) ‖ "\n"
  # with the registered key `keyId`. The `Reader` is the session: it
  # expires 15 minutes after login, and every call on it is authorised by
  # the roles the registry gives the person at that moment.
}

interface ActionSink {
  send @0 (index :UInt64, action :SignedAction) -> stream;
  # Completes when the action's outcome is known (and sent to the sink), so
  # that the stream's flow control bounds what is in flight.
  done @1 ();
  # Completes once every action sent before it has its outcome.
}

interface OutcomeSink {
  outcome @0 (index :UInt64, outcome :AppendOutcome);
}

interface Reader {
  # A logged-in reader. Every call is recorded in the access log as HTTP
  # reads are ("RPC query NAME?PARAMS", "RPC follow FROM").

  query @0 (command :Text, params :List(Param)) -> (answer :Answer);
  # Every query command of the CLI (item, case, timeline, ..., prove), the
  # same parameters as GET query/NAME and the same bytes in `body`.

  follow @1 (from :UInt64, sink :EntrySink) -> (follow :Follow);
  # Sends every entry from `from` on, in order, in batches, then each new
  # entry as the ledger grows, until `following` is dropped. Readers of
  # everything only (entries include drafts before their review).
}

interface EntrySink {
  entries @0 (entries :List(Entry)) -> stream;
}

interface Following {}
