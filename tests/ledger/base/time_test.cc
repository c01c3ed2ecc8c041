#include <gtest/gtest.h>

#include "ledger/base/time.h"

namespace gongkai {
namespace {

TEST(TimeTest, ParsesRfc3339WithOffsets) {
  EXPECT_EQ(*ParseTime("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(*ParseTime("1970-01-01T08:00:00+08:00"), 0);
  EXPECT_EQ(*ParseTime("2026-11-23T09:30:00.5+08:00"), *ParseTime("2026-11-23T01:30:00.500000Z"));
  EXPECT_EQ(*ParseTime("1969-12-31T23:59:59.999999Z"), -1);
  EXPECT_EQ(*ParseTime("2026-01-01T00:00:00-05:00"), *ParseTime("2026-01-01T05:00:00Z"));
}

TEST(TimeTest, BareDateIsMidnightChinaTime) {
  EXPECT_EQ(*ParseTime("2026-11-23"), *ParseTime("2026-11-23T00:00:00+08:00"));
}

TEST(TimeTest, FormatsInChinaTimeAndRoundTrips) {
  EXPECT_EQ(FormatTime(0), "1970-01-01T08:00:00.000000+08:00");
  EXPECT_EQ(FormatTime(-1), "1970-01-01T07:59:59.999999+08:00");
  for (UnixMicros t : {0LL, 1767574800123456LL, -86400000000LL * 400, 4102444799999999LL}) {
    EXPECT_EQ(*ParseTime(FormatTime(t)), t) << FormatTime(t);
  }
}

TEST(TimeTest, RefusesBadInputWithAReason) {
  struct Case { const char* text; const char* reason; };
  for (auto [text, reason] : {Case{"2026-02-30", "no such date"},
                              Case{"2026-1-1", "date must be YYYY-MM-DD"},
                              Case{"2026-01-01T25:00:00Z", "out of range"},
                              Case{"2026-01-01T10:00:00", "missing time zone"},
                              Case{"2026-01-01T10:00:00.1234567Z", "more than 6 fractional digits"},
                              Case{"2026-01-01T10:00:00Zjunk", "trailing characters"},
                              Case{"2026-01-01T10:00:00+8:00", "offset must be"},
                              Case{"", "date must be"}}) {
    auto parsed = ParseTime(text);
    ASSERT_FALSE(parsed.has_value()) << text;
    EXPECT_EQ(parsed.error().code, ErrorCode::kMalformed);
    EXPECT_NE(parsed.error().message.find(reason), std::string::npos) << parsed.error().message;
  }
}

}  // namespace
}  // namespace gongkai
