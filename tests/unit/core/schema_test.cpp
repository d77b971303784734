// A struct's members declared once (core/schema.hpp): what it encodes, what it refuses and where,
// and the JSON Schema the same declaration describes.

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "itaku/core/schema.hpp"

namespace itaku::schema {
namespace {

enum class Colour { Red, Green, Blue };
constexpr std::string_view to_text(Colour colour) {
  switch (colour) {
    case Colour::Red: return "red";
    case Colour::Green: return "green";
    case Colour::Blue: return "blue";
  }
  return "red";
}
constexpr std::optional<Colour> colour_from(std::string_view text) {
  if (text == "red") return Colour::Red;
  if (text == "green") return Colour::Green;
  if (text == "blue") return Colour::Blue;
  return std::nullopt;
}

}  // namespace

template <>
struct Codec<Colour> : EnumCodec<Colour, &to_text, &colour_from> {};

namespace {

struct Line {
  std::string text;
  int count = 0;
  static constexpr auto members() {
    using T = Line;
    return std::tuple{member("text", &T::text), member("count", &T::count, Presence::Optional)};
  }
};

struct Order {
  std::string id, name, note;
  bool urgent = false;
  Colour colour = Colour::Red;
  std::vector<Line> lines;
  std::optional<std::uint64_t> limit;
  static constexpr auto members() {
    using T = Order;
    return std::tuple{member("id", &T::id).label("識別子", "Identifier").format(Format::Id),
                      member("name", &T::name).label("名称", "Name").help("表示名", "shown to people").max_length(4),
                      member("note", &T::note, Presence::Optional).format(Format::Multiline),
                      yes_no("urgent", &T::urgent),
                      member("colour", &T::colour),
                      member("lines", &T::lines),
                      member("limit", &T::limit)};
  }
};

nlohmann::json valid_order() {
  return {{"id", "o-1"},
          {"name", "名前"},
          {"urgent", "no"},
          {"colour", "green"},
          {"lines", {{{"text", "a"}, {"count", 2}}, {{"text", "b"}}}}};
}

TEST(Schema, DecodesWhatItEncodes) {
  Order order;
  ASSERT_FALSE(decode_into(valid_order(), order, ""));
  EXPECT_EQ(order.colour, Colour::Green);
  ASSERT_EQ(order.lines.size(), 2U);
  EXPECT_EQ(order.lines[0].count, 2);
  EXPECT_FALSE(order.limit);
  auto expected = valid_order();
  expected["lines"][1]["count"] = 0;  // an optional int is written even when zero
  expected["note"] = "";
  EXPECT_EQ(encode(order), expected);
}

TEST(Schema, NamesTheMemberItRefusesByItsPath) {
  Order order;
  auto missing = valid_order();
  missing["lines"][1].erase("text");
  auto problem = decode_into(missing, order, "order");
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->kind, Problem::Kind::Missing);
  EXPECT_EQ(problem->path, "order.lines.1.text");

  auto mistyped = valid_order();
  mistyped["urgent"] = true;  // this flag is written "yes" / "no"
  problem = decode_into(mistyped, order, "");
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->kind, Problem::Kind::Type);
  EXPECT_EQ(problem->path, "urgent");

  auto unknown_colour = valid_order();
  unknown_colour["colour"] = "purple";
  problem = decode_into(unknown_colour, order, "");
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->path, "colour");
}

TEST(Schema, CountsCharactersNotBytes) {
  EXPECT_EQ(code_points("長野市役所"), 5U);
  EXPECT_EQ(code_points("abc"), 3U);
  EXPECT_EQ(code_points(""), 0U);
}

TEST(Schema, DescribesTheSameDeclarationAsAJsonSchema) {
  const auto schema = Codec<Order>::json_schema();
  EXPECT_EQ(schema["type"], "object");
  EXPECT_EQ(schema["required"], nlohmann::json({"id", "name", "urgent", "colour", "lines"}));
  const auto& p = schema["properties"];
  EXPECT_EQ(p["id"]["title"], "Identifier");
  EXPECT_EQ(p["id"]["x-label-ja"], "識別子");
  EXPECT_EQ(p["id"]["pattern"], "^[a-z0-9][a-z0-9._-]{0,63}$");
  EXPECT_EQ(p["name"]["maxLength"], 4);
  EXPECT_EQ(p["name"]["description"], "shown to people");
  EXPECT_EQ(p["name"]["x-help-ja"], "表示名");
  EXPECT_EQ(p["note"]["x-multiline"], true);
  EXPECT_EQ(p["urgent"]["enum"], nlohmann::json({"yes", "no"}));
  EXPECT_EQ(p["colour"]["enum"], nlohmann::json({"red", "green", "blue"}));
  EXPECT_EQ(p["lines"]["type"], "array");
  EXPECT_EQ(p["lines"]["items"]["required"], nlohmann::json({"text"}));
  EXPECT_EQ(p["lines"]["items"]["properties"]["count"]["type"], "integer");
  EXPECT_EQ(p["limit"], nlohmann::json({{"type", "integer"}, {"minimum", 0}}));
}

TEST(Schema, KnowsWhichMembersAreRequired) {
  constexpr auto kMembers = Order::members();
  static_assert(std::get<0>(kMembers).required());
  static_assert(!std::get<2>(kMembers).required());
  static_assert(!std::get<6>(kMembers).required(), "an optional<> member may be left out");
  EXPECT_EQ(std::get<1>(kMembers).doc.label.ja, "名称");
}

}  // namespace
}  // namespace itaku::schema
