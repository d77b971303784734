#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <random>

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

// Writes `value` through a CanonicalWriter, visiting object members in nlohmann's (byte) order.
void write_through(CanonicalWriter& writer, const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object:
      writer.begin_object();
      for (const auto& [key, child] : value.items()) {
        writer.key(key);
        write_through(writer, child);
      }
      writer.end_object();
      return;
    case nlohmann::json::value_t::array:
      writer.begin_array();
      for (const auto& child : value) write_through(writer, child);
      writer.end_array();
      return;
    case nlohmann::json::value_t::string: writer.string(value.get_ref<const std::string&>()); return;
    case nlohmann::json::value_t::number_unsigned: writer.number(value.get<std::uint64_t>()); return;
    default: writer.number(value.get<std::int64_t>());
  }
}

// Strings mixing ASCII, escapes, control characters, DEL, kana and characters outside the BMP.
std::string random_text(std::mt19937& random) {
  static const std::vector<std::string> pieces = {"a",
                                                  "Z",
                                                  "0",
                                                  " ",
                                                  "/",
                                                  "\"",
                                                  "\\",
                                                  "\n",
                                                  "\r",
                                                  "\t",
                                                  "\b",
                                                  "\f",
                                                  std::string(1, '\0'),
                                                  "\x01",
                                                  "\x1f",
                                                  "\x7f",
                                                  "契",
                                                  "約",
                                                  "ｶ",
                                                  "é",
                                                  "\xf0\x9f\x94\x92",
                                                  "~"};
  std::string text;
  const auto length = std::uniform_int_distribution<int>(0, 8)(random);
  for (int i = 0; i < length; ++i) text += pieces[random() % pieces.size()];
  return text;
}

nlohmann::json random_value(std::mt19937& random, int depth) {
  switch (random() % (depth > 3 ? 3 : 5)) {
    case 0: return random_text(random);
    case 1: return std::uniform_int_distribution<std::int64_t>(INT64_MIN, INT64_MAX)(random);
    case 2: return std::uniform_int_distribution<std::uint64_t>(0, UINT64_MAX)(random);
    case 3: {
      auto object = nlohmann::json::object();
      for (int i = random() % 5; i > 0; --i) object[random_text(random)] = random_value(random, depth + 1);
      return object;
    }
    default: {
      auto array = nlohmann::json::array();
      for (int i = random() % 4; i > 0; --i) array.push_back(random_value(random, depth + 1));
      return array;
    }
  }
}

TEST(CanonicalWriter, WritesTheSameBytesAsCanonicalJsonForAnyValue) {
  std::mt19937 random(20261202);
  for (int round = 0; round < 2000; ++round) {
    auto value = nlohmann::json::object();
    for (int i = random() % 6; i > 0; --i) value[random_text(random)] = random_value(random, 1);
    CanonicalWriter writer;
    write_through(writer, value);
    const auto written = std::move(writer).finish_object();
    ASSERT_TRUE(written.ok()) << value.dump();
    ASSERT_EQ(written.value().bytes(), canonical_json(value).value()) << value.dump();
  }
}

TEST(CanonicalWriter, RefusesKeysOutOfOrderRepeatedOrMissingAndUnbalancedNesting) {
  auto refused = [](auto&& write) {
    CanonicalWriter writer;
    write(writer);
    auto result = std::move(writer).finish();
    return result.ok() ? std::string("accepted: ") + result.value() : result.error().code;
  };
  EXPECT_EQ(refused([](CanonicalWriter& w) { w.begin_object().member("b", 1).member("a", 2).end_object(); }),
            "json.not_canonical");
  EXPECT_EQ(refused([](CanonicalWriter& w) { w.begin_object().member("a", 1).member("a", 2).end_object(); }),
            "json.not_canonical");
  EXPECT_EQ(refused([](CanonicalWriter& w) { w.begin_object().string("x").end_object(); }), "json.not_canonical");
  EXPECT_EQ(refused([](CanonicalWriter& w) { w.begin_object().key("a").end_object(); }), "json.not_canonical");
  EXPECT_EQ(refused([](CanonicalWriter& w) { w.begin_object().begin_array().end_object(); }), "json.not_canonical");
  EXPECT_EQ(refused([](CanonicalWriter& w) { w.begin_object().member("a", 1); }), "json.not_canonical");
  EXPECT_EQ(refused([](CanonicalWriter& w) { w.number(1).number(2); }), "json.not_canonical");
  EXPECT_EQ(refused([](CanonicalWriter&) {}), "json.not_canonical");
  // Keys sort by bytes: "B" < "a" < "é" (0xC3 0xA9) < "契" (0xE5 …); nested objects start afresh.
  EXPECT_EQ(refused([](CanonicalWriter& w) {
              w.begin_object().member("B", 1).key("a").begin_object().member("z", "").end_object();
              w.member("é", 2).member("契", 3).end_object();
            }),
            "accepted: {\"B\":1,\"a\":{\"z\":\"\"},\"é\":2,\"契\":3}");
}

TEST(CanonicalWriter, RefusesInvalidUtf8InKeysAndStrings) {
  for (const std::string bad : {"\xff", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe5\xa5", "\x80"}) {
    CanonicalWriter in_value;
    in_value.begin_object().member("s", bad).end_object();
    EXPECT_EQ(std::move(in_value).finish_object().error().code, "json.invalid_utf8");
    CanonicalWriter in_key;
    in_key.begin_object().member(bad, 1).end_object();
    EXPECT_EQ(std::move(in_key).finish_object().error().code, "json.invalid_utf8");
    // canonical_json refuses the same strings.
    EXPECT_FALSE(canonical_json(nlohmann::json{{"s", bad}}).ok());
  }
  CanonicalWriter array;
  array.begin_array().end_array();
  EXPECT_EQ(std::move(array).finish_object().error().code, "json.not_an_object");
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
  EXPECT_FALSE(config.public_hashes);
}

TEST(Config, ThePublicHashesOnlyModeIsChosenInTheFileOrTheEnvironment) {
  testing::TempDir dir;
  std::ofstream(dir.path() / "itaku.toml") << "[ledger]\npublic_hashes = true\n";
  const auto no_env = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  EXPECT_TRUE(load_config(dir.path(), no_env).value().public_hashes);
  const auto off = [](const std::string& name) -> std::optional<std::string> {
    if (name == "ITAKU_LEDGER_PUBLIC_HASHES") return "false";
    return std::nullopt;
  };
  EXPECT_FALSE(load_config(dir.path(), off).value().public_hashes);
}

TEST(Config, DefaultDatabaseIsSqliteInTheDataDirectory) {
  testing::TempDir dir;
  auto config = load_config(dir.path(), [](const std::string&) { return std::nullopt; }).value();
  EXPECT_EQ(effective_database_url(config), "sqlite:" + (dir.path() / "itaku.db").string());
}

TEST(Config, ReceiptsLeadToThePublicUrlElseToTheListenAddress) {
  testing::TempDir dir;
  auto no_env = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  EXPECT_EQ(receipt_base_url(load_config(dir.path(), no_env).value()), "http://127.0.0.1:8080");
  std::ofstream(dir.path() / "itaku.toml") << "[server]\npublic_url = \"https://itaku.city.example.lg.jp/\"\n";
  EXPECT_EQ(receipt_base_url(load_config(dir.path(), no_env).value()), "https://itaku.city.example.lg.jp");
  auto env = [](const std::string& name) -> std::optional<std::string> {
    if (name == "ITAKU_SERVER_PUBLIC_URL") return "itaku.example.jp";  // no scheme
    return std::nullopt;
  };
  const auto refused = load_config(dir.path(), env);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "config.public_url_invalid");
  // A fresh instance's file shows the key, commented out.
  testing::TempDir fresh;
  ASSERT_TRUE(write_default_config(fresh.path(), "x/ledger").ok());
  std::ifstream written(fresh.path() / "itaku.toml");
  const std::string text((std::istreambuf_iterator<char>(written)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("# public_url = "), std::string::npos);
  EXPECT_EQ(receipt_base_url(load_config(fresh.path(), no_env).value()), "http://127.0.0.1:8080");
}

TEST(Config, RateLimitsComeFromTheFileThenTheEnvironmentAndNonsenseIsRefused) {
  testing::TempDir dir;
  auto no_env = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  const auto defaults = load_config(dir.path(), no_env).value().limits;
  EXPECT_EQ(defaults.token.per_second, 100);
  EXPECT_EQ(defaults.token.burst, 2000);
  EXPECT_EQ(defaults.user.per_second, 20);
  EXPECT_EQ(defaults.user.burst, 600);
  std::ofstream(dir.path() / "itaku.toml") << "[limits]\ntoken_rate = 2.5\ntoken_burst = 50\nuser_rate = 0\n";
  auto env = [](const std::string& name) -> std::optional<std::string> {
    if (name == "ITAKU_LIMITS_TOKEN_BURST") return "80";
    return std::nullopt;
  };
  const auto limits = load_config(dir.path(), env).value().limits;
  EXPECT_EQ(limits.token.per_second, 2.5);
  EXPECT_EQ(limits.token.burst, 80);
  EXPECT_EQ(limits.user.per_second, 0);  // off
  EXPECT_EQ(limits.user.burst, 600);
  for (const char* bad : {"-1", "lots", "", "1e12"}) {
    auto bad_env = [bad](const std::string& name) -> std::optional<std::string> {
      if (name == "ITAKU_LIMITS_USER_RATE") return bad;
      return std::nullopt;
    };
    const auto refused = load_config(dir.path(), bad_env);
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(refused.error().code, "config.limit_invalid") << bad;
  }
  std::ofstream(dir.path() / "itaku.toml") << "[limits]\ntoken_burst = 0\n";
  EXPECT_EQ(load_config(dir.path(), no_env).error().code, "config.limit_invalid");
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
