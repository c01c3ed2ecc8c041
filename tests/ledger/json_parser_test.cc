// The strict JSON parser and the schema codec: RFC 8259 strings exactly, the
// regressions of Debian's Cap'n Proto 0.9.2 parser, and errors that name the
// field.
#include <gtest/gtest.h>

#include <capnp/message.h>

#include <random>

#include "ledger/action.h"
#include "ledger/json.h"
#include "ledger/json_codec.h"
#include "ledger/json_parser.h"
#include "ledger/schema/audit.capnp.h"
#include "tests/support/json_text.h"
#include "tests/support/test_ledger.h"

namespace gongkai::testing {
namespace {

// The string a JSON text holding one string decodes to, or the error.
Result<std::string> DecodeString(std::string_view json) {
  capnp::MallocMessageBuilder message;
  auto root = message.initRoot<capnp::JsonValue>();
  if (auto s = ParseJson(json, root); !s) return std::unexpected(s.error());
  if (!root.isString()) return Fail(ErrorCode::kInternal, "not a string");
  return std::string(root.getString().cStr(), root.getString().size());
}

std::string ErrorOf(std::string_view json) {
  auto decoded = DecodeString(json);
  EXPECT_FALSE(decoded.has_value()) << json;
  if (decoded) return "";
  EXPECT_EQ(decoded.error().code, ErrorCode::kMalformed) << json;
  return decoded.error().message;
}

TEST(JsonParserTest, EscapesDecodeAsRfc8259Says) {
  // The cases reported against the codec of Cap'n Proto 0.9.2.
  EXPECT_EQ(*DecodeString(R"("\u5929\u5b81\u533a\u653f\u5e9c\u529e\u516c\u5ba4")"), "天宁区政府办公室");
  EXPECT_EQ(*DecodeString(R"("\u5173\u4e8e\u653f\u52a1\u516c\u5f00\u7684\u901a\u77e5")"), "关于政务公开的通知");
  EXPECT_EQ(*DecodeString(R"("\u00e9\u00E9")"), "éé");
  EXPECT_EQ(*DecodeString(R"("\uD83D\uDE00 \ud840\udc00")"), "😀 𠀀");  // astral plane, both cases
  EXPECT_EQ(*DecodeString(R"("\"\\\/\b\f\n\r\t")"), "\"\\/\b\f\n\r\t");
  EXPECT_EQ(*DecodeString("\"raw 政务 é \xf0\x9f\x98\x80\""), "raw 政务 é 😀");
  EXPECT_EQ(*DecodeString(R"("\u007f\u0080\u07ff\u0800\uffff")"), "\x7f\xc2\x80\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf");
}

TEST(JsonParserTest, SurrogatesMustBePaired) {
  EXPECT_NE(ErrorOf(R"("\ud800")").find("\\ud800 is a high surrogate not followed"), std::string::npos);
  EXPECT_NE(ErrorOf(R"("\ud800x")").find("high surrogate"), std::string::npos);
  EXPECT_NE(ErrorOf(R"("\udc00\ud800")").find("\\udc00 is a low surrogate without a high surrogate"),
            std::string::npos);
  EXPECT_NE(ErrorOf(R"("\ud800\u0041")").find("followed by \\u0041, not by a low surrogate"), std::string::npos);
  EXPECT_NE(ErrorOf(R"("\ud800\ud800")").find("not by a low surrogate"), std::string::npos);
}

TEST(JsonParserTest, NulAndTrailingBytesAreRefused) {
  EXPECT_NE(ErrorOf(R"("a\u0000b")").find("\\u0000 (NUL) is not allowed"), std::string::npos);
  EXPECT_NE(ErrorOf(std::string("\"a\0b\"", 5)).find("NUL byte"), std::string::npos);
  EXPECT_NE(ErrorOf(std::string("\"ab\"\0garbage", 12)).find("unexpected a NUL byte after the JSON value"),
            std::string::npos);
  EXPECT_NE(ErrorOf(R"("ab" "cd")").find("after the JSON value"), std::string::npos);
  EXPECT_TRUE(DecodeString(" \"ab\"\r\n\t ").has_value());
}

TEST(JsonParserTest, InvalidUtf8AndRawControlsAreRefused) {
  EXPECT_NE(ErrorOf("\"\xc3\x28\"").find("JSON at byte 1: not valid UTF-8 (byte \\xc3)"), std::string::npos);
  EXPECT_NE(ErrorOf("\"\xed\xa0\x80\"").find("not valid UTF-8"), std::string::npos);  // CESU surrogate
  EXPECT_NE(ErrorOf("\"\xc0\xaf\"").find("not valid UTF-8"), std::string::npos);      // overlong '/'
  EXPECT_NE(ErrorOf("\"a\nb\"").find("control character U+000A; it must be escaped"), std::string::npos);
  EXPECT_NE(ErrorOf(R"("\x41")").find("unknown escape"), std::string::npos);
  EXPECT_NE(ErrorOf(R"("\u12g4")").find("four hex digits"), std::string::npos);
  EXPECT_NE(ErrorOf(R"("\u12")").find("four hex digits"), std::string::npos);
}

TEST(JsonParserTest, GrammarIsStrict) {
  for (std::string_view bad : {"", "   ", "{", "[1,]", "{\"a\":1,}", "01", "1.", "-", "1e", "+1", ".5", "tru",
                               "nul", "{a:1}", "{\"a\" 1}", "[1 2]", "'a'", "NaN", "Infinity", "1e999"}) {
    capnp::MallocMessageBuilder message;
    auto root = message.initRoot<capnp::JsonValue>();
    auto s = ParseJson(bad, root);
    ASSERT_FALSE(s.has_value()) << bad;
    EXPECT_EQ(s.error().code, ErrorCode::kMalformed);
    EXPECT_TRUE(s.error().message.starts_with("JSON at byte ")) << s.error().message;
  }
  std::string deep(kMaxJsonDepth + 1, '[');
  deep += std::string(kMaxJsonDepth + 1, ']');
  capnp::MallocMessageBuilder message;
  auto root = message.initRoot<capnp::JsonValue>();
  auto s = ParseJson(deep, root);
  ASSERT_FALSE(s.has_value());
  EXPECT_NE(s.error().message.find("nested deeper than 64 levels"), std::string::npos);
}

TEST(JsonParserTest, MessagesEscapeUntrustedBytes) {
  EXPECT_EQ(EscapeForMessage("ab\x1b[31m\\政"), "ab\\x1b[31m\\x5c政");
  EXPECT_EQ(EscapeForMessage("\xff\xfe"), "\\xff\\xfe");
  EXPECT_EQ(EscapeForMessage("abcdef", 3), "abc…");
  EXPECT_EQ(EscapeControls("a\\b\x1b]0;x\x07 政\xc3"), "a\\b\\x1b]0;x\\x07 政\\xc3");
}

// ---- the schema codec ------------------------------------------------------

const ActionDefaults kDefaults{std::string(kOrigin), std::string(32, 'a')};

std::string NoteAction(std::string_view subject_json) {
  return fmt::format(R"({{"eventId":"e1","stream":"note/1","businessTime":"2026-03-04",)"
                     R"("payload":{{"note":{{"subject":{}}}}}}})",
                     subject_json);
}

TEST(JsonCodecTest, FieldErrorsNameThePath) {
  struct Case {
    std::string json;
    ErrorCode code;
    std::string message;
  };
  std::vector<Case> cases = {
      {R"({"eventId":"e","stream":"s","businessTime":"2026-01-01","payload":{"note":{"subject":1}}})",
       ErrorCode::kMalformed, "action JSON: payload.note.subject: expected a string, found a number"},
      {R"({"eventId":"e","eventId":"f"})", ErrorCode::kMalformed, "action JSON: eventId: given twice"},
      {R"({"eventId":"e","payload":{"note":{"subject":"x"},"genesis":{}}})", ErrorCode::kMalformed,
       "action JSON: payload: only one of note and genesis may be given"},
      {R"({"expectedVersion":1.5})", ErrorCode::kMalformed,
       "action JSON: expectedVersion: expected a whole number, found 1.5"},
      {R"({"expectedVersion":"12x"})", ErrorCode::kMalformed,
       "action JSON: expectedVersion: expected a whole number, found '12x'"},
      {R"({"expectedVersion":1e300})", ErrorCode::kTooLarge, "action JSON: expectedVersion: 1e+300 is out of range"},
      {R"({"payload":{"nope":{}}})", ErrorCode::kMalformed, "action JSON: payload.nope: unknown field (expected one of: note, genesis"},
      {R"({"businessTime":5})", ErrorCode::kMalformed,
       "action JSON: businessTime: expected an RFC 3339 time string, found a number"},
      {R"({"payload":{"note":{"subject":"x","digest":"zz"}}})", ErrorCode::kMalformed,
       "action JSON: payload.note.digest: expected hex digits"},
      {R"([1])", ErrorCode::kMalformed, "action JSON: the JSON: expected an object, found an array"},
      {R"({"payload":{"registerPerson":{"roles":[{"role":"king"}]}}})", ErrorCode::kMalformed,
       "action JSON: payload.registerPerson.roles[0].role: 'king' is not one of: "},
  };
  for (const auto& c : cases) {
    auto bytes = CanonicalActionFromJson(c.json, kDefaults);
    ASSERT_FALSE(bytes.has_value()) << c.json;
    EXPECT_EQ(bytes.error().code, c.code) << c.json << " -> " << bytes.error().message;
    EXPECT_TRUE(bytes.error().message.starts_with(c.message)) << bytes.error().message;
    // No Cap'n Proto or KJ assertion text reaches a person.
    for (std::string_view kj_text : {"KJ_", "nameToValue", "exhausted()", "c++", "capnp/"}) {
      EXPECT_EQ(bytes.error().message.find(kj_text), std::string::npos) << bytes.error().message;
    }
  }
}

TEST(JsonCodecTest, TheReportedActionIsStoredAsWritten) {
  std::string json =
      R"({"eventId":"e\u0031","stream":"note/1","businessTime":"2026-03-04","payload":{"note":)"
      R"({"subject":"\u5929\u5b81\u533a\u653f\u5e9c\u529e\u516c\u5ba4","body":"\u5173\u4e8e\u653f\u52a1\u516c\u5f00\u7684\u901a\u77e5 \u00e9"}}})";
  auto bytes = CanonicalActionFromJson(json, kDefaults);
  ASSERT_TRUE(bytes.has_value()) << bytes.error().message;
  auto action = Action::Parse(*bytes);
  ASSERT_TRUE(action.has_value());
  auto note = action->reader().getPayload().getNote();
  EXPECT_EQ(std::string(note.getSubject().cStr()), "天宁区政府办公室");
  EXPECT_EQ(std::string(note.getBody().cStr()), "关于政务公开的通知 é");
  EXPECT_EQ(action->event_id(), "e1");
  EXPECT_FALSE(CanonicalActionFromJson(NoteAction(R"("\ud800")"), kDefaults).has_value());
}

TEST(JsonCodecTest, ProofsAndManifestsUseTheStrictParser) {
  auto proof = InclusionProofFromJson(std::string(R"({"origin":"o","index":"1","size":"2","leafHash":"")"
                                                  R"(AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=","proof":[]})") +
                                      std::string("\0x", 2));
  ASSERT_FALSE(proof.has_value());
  EXPECT_NE(proof.error().message.find("inclusion proof JSON: JSON at byte"), std::string::npos)
      << proof.error().message;
}

// ---- property: any text goes in through every JSON form and comes out as it
// was, and the signature covers exactly that text ------------------------------

TEST(JsonPropertyTest, AnyTextRoundTripsThroughTheActionCodec) {
  std::mt19937_64 random(20261206);
  for (int round = 0; round < 2000; ++round) {
    std::u32string subject = RandomText(random, 0, true), body = RandomText(random, 0, true);
    if (subject.empty()) subject = U"标题";
    bool ensure_ascii = round % 2 == 0;
    std::string json = fmt::format(
        R"({{"eventId":"e{}","stream":"note/1","businessTime":"2026-03-04","payload":{{"note":{{"subject":{},"body":{}}}}}}})",
        round, JsonLiteral(subject, ensure_ascii, random), JsonLiteral(body, ensure_ascii, random));
    auto bytes = CanonicalActionFromJson(json, kDefaults);
    // Identifiers refuse control characters; a subject is free text.
    ASSERT_TRUE(bytes.has_value()) << json << ": " << bytes.error().message;
    auto action = Action::Parse(*bytes);
    ASSERT_TRUE(action.has_value());
    auto note = action->reader().getPayload().getNote();
    ASSERT_EQ(std::string(note.getSubject().cStr(), note.getSubject().size()), Utf8(subject)) << json;
    ASSERT_EQ(std::string(note.getBody().cStr(), note.getBody().size()), Utf8(body)) << json;
    // What the codec writes reads back to the same bytes.
    auto again = CanonicalActionFromJson(ActionToJson(action->reader()), kDefaults);
    ASSERT_TRUE(again.has_value()) << again.error().message;
    ASSERT_EQ(*again, *bytes);
  }
}

}  // namespace
}  // namespace gongkai::testing
