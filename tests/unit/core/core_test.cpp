#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

#include "itaku/core/canonical_json.hpp"
#include "itaku/core/clock.hpp"
#include "itaku/core/config.hpp"
#include "itaku/core/id.hpp"
#include "itaku/core/result.hpp"
#include "support/temp_dir.hpp"

namespace itaku {
namespace {

Result<int> parse_positive(int v) {
  if (v <= 0) return make_error(ErrorKind::Invalid, "test.not_positive", "正の数ではありません", "not positive");
  return v;
}

Result<int> doubled(int v) {
  const int x = TRY(parse_positive(v));
  return x * 2;
}

TEST(Result, TryPassesValuesThroughAndReturnsErrorsEarly) {
  EXPECT_EQ(doubled(21).value(), 42);
  auto failed = doubled(-1);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, "test.not_positive");
  EXPECT_EQ(failed.error().message_ja, "正の数ではありません");
}

TEST(Error, KindsMapToDocumentedExitCodesAndHttpStatuses) {
  EXPECT_EQ(exit_code(ErrorKind::Invalid), 3);
  EXPECT_EQ(exit_code(ErrorKind::NotFound), 4);
  EXPECT_EQ(exit_code(ErrorKind::Tampered), 8);
  EXPECT_EQ(http_status(ErrorKind::Invalid), 400);
  EXPECT_EQ(http_status(ErrorKind::Denied), 403);
  EXPECT_EQ(http_status(ErrorKind::Conflict), 409);
  auto e = make_error(ErrorKind::Invalid, "x.y", "日本語", "English").with("index", "3");
  EXPECT_EQ(e.describe(), "English (index=3)");
  EXPECT_EQ(e.describe_ja(), "日本語 (index=3)");
}

TEST(CanonicalJson, SortsKeysByBytesAndWritesNoWhitespace) {
  auto bytes = canonical_json(
      nlohmann::json{{"b", 1}, {"a", {{"z", "x"}, {"契約", -5}}}, {"A", nlohmann::json::array({1, "2"})}});
  EXPECT_EQ(bytes.value(), R"({"A":[1,"2"],"a":{"z":"x","契約":-5},"b":1})");
}

TEST(CanonicalJson, EscapesOnlyWhatJsonRequires) {
  auto bytes = canonical_json(nlohmann::json{{"s", "改行\n\"引用\"\\ \x01 /"}});
  EXPECT_EQ(bytes.value(), "{\"s\":\"改行\\n\\\"引用\\\"\\\\ \\u0001 /\"}");
}

TEST(CanonicalJson, RefusesFloatsBooleansNullAndInvalidUtf8) {
  EXPECT_EQ(canonical_json(nlohmann::json{{"x", 1.5}}).error().code, "json.not_canonical_type");
  EXPECT_EQ(canonical_json(nlohmann::json{{"x", true}}).error().code, "json.not_canonical_type");
  EXPECT_EQ(canonical_json(nlohmann::json{{"x", nullptr}}).error().context.at("path"), "/x");
  const auto nested = nlohmann::json::parse(R"({"a":[1,{"b":"ok","c":2.5}],"z":"ok"})");
  EXPECT_EQ(canonical_json(nested).error().context.at("path"), "/a/1/c");
  EXPECT_EQ(canonical_json(nlohmann::json{{"x", std::string("\xff\xfe")}}).error().code, "json.invalid_utf8");
}

TEST(CanonicalJson, ParseAcceptsOnlyCanonicalBytes) {
  EXPECT_TRUE(parse_canonical_json(R"({"a":1,"b":"x"})").ok());
  EXPECT_EQ(parse_canonical_json(R"({"b":1,"a":2})").error().code, "json.not_canonical");
  EXPECT_EQ(parse_canonical_json(R"({"a": 1})").error().code, "json.not_canonical");
  EXPECT_EQ(parse_canonical_json("{").error().code, "json.parse");
  EXPECT_EQ(CanonicalJson::parse_object("[1]").error().code, "json.not_an_object");
}

TEST(SimulatedClock, MovesOnlyWhenTold) {
  SimulatedClock clock(from_unix_micros(1'000'000));
  EXPECT_EQ(to_unix_micros(clock.now()), 1'000'000);
  clock.advance(std::chrono::milliseconds(5));
  EXPECT_EQ(to_unix_micros(clock.now()), 1'005'000);
  EXPECT_EQ(format_utc(from_unix_micros(1'795'312'000'123'456)), "2026-11-22T01:46:40.123456Z");
}

TEST(Id, DistinctTagsAreDistinctTypes) {
  using A = Id<struct ATag>;
  using B = Id<struct BTag>;
  static_assert(!std::is_convertible_v<A, B>);
  EXPECT_LT(A(1), A(2));
}

TEST(Config, FileThenEnvironmentOverride) {
  testing::TempDir dir;
  std::ofstream(dir.path() / "itaku.toml")
      << "[instance]\norigin = \"file.origin\"\n[ledger]\ncheckpoint_interval_ms = 250\n";
  auto env = [](const std::string& name) -> std::optional<std::string> {
    if (name == "ITAKU_DATABASE_URL") return "postgres://x@127.0.0.1/y";
    return std::nullopt;
  };
  auto config = load_config(dir.path(), env).value();
  EXPECT_EQ(config.origin, "file.origin");
  EXPECT_EQ(config.checkpoint_interval, std::chrono::milliseconds(250));
  EXPECT_EQ(config.database_url, "postgres://x@127.0.0.1/y");
}

TEST(Config, DefaultDatabaseIsSqliteInTheDataDirectory) {
  testing::TempDir dir;
  auto config = load_config(dir.path(), [](const std::string&) { return std::nullopt; }).value();
  EXPECT_EQ(effective_database_url(config), "sqlite:" + (dir.path() / "itaku.db").string());
}

TEST(Config, ASyntaxErrorNamesTheFile) {
  testing::TempDir dir;
  std::ofstream(dir.path() / "itaku.toml") << "[instance\norigin = \n";
  auto config = load_config(dir.path(), [](const std::string&) { return std::nullopt; });
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().code, "config.invalid");
  EXPECT_NE(config.error().context.at("file").find("itaku.toml"), std::string::npos);
}

TEST(Config, ABadEnvironmentValueIsRefused) {
  testing::TempDir dir;
  auto env = [](const std::string& name) -> std::optional<std::string> {
    if (name == "ITAKU_LEDGER_CHECKPOINT_INTERVAL_MS") return "soon";
    return std::nullopt;
  };
  EXPECT_EQ(load_config(dir.path(), env).error().code, "config.not_a_duration");
}

}  // namespace
}  // namespace itaku
