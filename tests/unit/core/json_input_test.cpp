#include "itaku/core/json_input.hpp"

#include <gtest/gtest.h>

#include <string>

namespace itaku {
namespace {

std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

std::string code_of(std::string_view text, const JsonLimits& limits = kJsonInputLimits) {
  auto parsed = parse_json_input(text, limits);
  return parsed ? "ok" : parsed.error().code;
}

TEST(JsonInput, ReadsWhatJsonParseReadsWithinTheBounds) {
  const std::string text = R"({"a":[1,-2,3.5,true,null,"x"],"b":{"c":"日本語\n二行目"}})";
  auto parsed = parse_json_input(text);
  ASSERT_TRUE(parsed.ok()) << parsed.error().describe();
  EXPECT_EQ(*parsed, nlohmann::json::parse(text));
}

TEST(JsonInput, ATextNested150000LevelsDeepIsRefusedWithoutCrashing) {
  // The reproduction of the crash: a 300 KB decision request whose context nests 150,000 arrays.
  const std::string text =
      R"({"contract":"nagano-2026-001","person":"x","action":"read","class":"general","context":{"x":)" +
      nested(150'000) + "}}";
  auto parsed = parse_json_input(text);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, "api.too_deep");
  EXPECT_EQ(parsed.error().context.at("limit"), "16");
  EXPECT_EQ(parsed.error().context.at("path").substr(0, 12), "context.x[0]");
}

TEST(JsonInput, DepthUpToTheLimitIsAccepted) {
  EXPECT_EQ(code_of(nested(16)), "ok");
  EXPECT_EQ(code_of(nested(17)), "api.too_deep");
}

TEST(JsonInput, SizesBeyondTheirBoundsAreNamed) {
  JsonLimits small{
      .max_bytes = 64, .max_depth = 4, .max_string_bytes = 8, .max_array_items = 3, .max_object_members = 2};
  EXPECT_EQ(code_of(std::string(65, ' '), small), "api.too_large");
  EXPECT_EQ(code_of(R"({"a":"123456789"})", small), "api.string_too_long");
  EXPECT_EQ(code_of(R"({"123456789":1})", small), "api.string_too_long");
  EXPECT_EQ(code_of("[1,2,3]", small), "ok");
  EXPECT_EQ(code_of("[1,2,3,4]", small), "api.array_too_long");
  EXPECT_EQ(code_of(R"({"a":1,"b":2,"c":3})", small), "api.object_too_large");
  auto parsed = parse_json_input(R"({"a":[1,2,"123456789"]})", small);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().context.at("path"), "a[2]");
}

TEST(JsonInput, DuplicateKeysAreRefusedNotSilentlyOverwritten) {
  auto parsed = parse_json_input(R"({"person":"p-sato","context":{"purpose":"a","purpose":"b"}})");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, "api.duplicate_key");
  EXPECT_EQ(parsed.error().context.at("path"), "context.purpose");
}

TEST(JsonInput, ControlCharactersAndBidirectionalOverridesAreRefusedInEveryString) {
  for (const char* text : {R"({"a":"x\u0000y"})", R"({"a":"bell\u0007"})", R"({"a":"\u001b[31mred"})",
                           R"({"a":"del\u007f"})", R"({"a":"c1\u0085"})", "{\"a\":\"\xE2\x80\xAEtxt.exe\"}",
                           "{\"a\":\"\xE2\x81\xA6isolate\"}", R"({"\u001b":"key"})"})
    EXPECT_EQ(code_of(text), "api.bad_characters") << text;
  // Tabs and line breaks belong in notes and addresses.
  EXPECT_EQ(code_of(R"({"a":"line\nnext\ttab\r\n"})"), "ok");
}

TEST(JsonInput, MalformedTextIsRefusedWithItsOffset) {
  auto parsed = parse_json_input(R"({"a":1,})");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, "api.bad_json");
  EXPECT_EQ(parsed.error().kind, ErrorKind::Invalid);
  EXPECT_EQ(code_of("{} trailing"), "api.bad_json");
  EXPECT_EQ(code_of("\"\xFF\""), "api.bad_json");  // not UTF-8
  EXPECT_EQ(code_of(""), "api.bad_json");
}

TEST(Printable, ShowsControlCharactersInsteadOfSendingThem) {
  EXPECT_EQ(printable("a\x1b[2Jb"), "a\\u{001B}[2Jb");
  EXPECT_EQ(printable("x\ny"), "x\\u{000A}y");
  EXPECT_EQ(printable("x\ny\tz", LineBreaks::Keep), "x\ny\tz");
  EXPECT_EQ(printable("over\rwrite", LineBreaks::Keep), "over\\u{000D}write");
  EXPECT_EQ(printable("\xE2\x80\xAE"
                      "abc"),
            "\\u{202E}abc");
  EXPECT_EQ(printable("bad\xFF"), "bad\\x{FF}");
  EXPECT_EQ(printable("住民票 2026"), "住民票 2026");
}

}  // namespace
}  // namespace itaku
