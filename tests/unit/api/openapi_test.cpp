// openapi.json describes request bodies with real schemas: a command's body is its declaration
// (domain/commands.hpp), and every documented example is valid against its schema and is read
// by the same decoding the route uses. The validator below covers the JSON Schema keywords the
// document uses; a keyword it does not know fails the test, so the two cannot drift apart.

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "itaku/api/api.hpp"
#include "itaku/domain/command_types.hpp"

namespace itaku {
namespace {

using nlohmann::json;

// Every reason `value` does not satisfy `schema`, each with its path.
void validate(const json& schema, const json& value, const std::string& path, std::vector<std::string>& problems) {
  static const std::set<std::string> kKnown = {"type",
                                               "properties",
                                               "required",
                                               "additionalProperties",
                                               "items",
                                               "enum",
                                               "pattern",
                                               "maxLength",
                                               "minimum",
                                               "maximum",
                                               "minItems",
                                               "maxItems",
                                               "format",
                                               "title",
                                               "description",
                                               "x-label-ja",
                                               "x-help-ja",
                                               "x-multiline",
                                               "x-refers",
                                               "propertyNames",
                                               "contentMediaType"};
  for (const auto& [keyword, _] : schema.items())
    if (!kKnown.contains(keyword)) problems.push_back(path + ": the validator does not know " + keyword);
  auto fail = [&](const std::string& what) { problems.push_back(path + ": " + what); };
  if (schema.contains("type")) {
    const std::string type = schema["type"];
    const bool ok = (type == "object" && value.is_object()) || (type == "array" && value.is_array()) ||
                    (type == "string" && value.is_string()) || (type == "boolean" && value.is_boolean()) ||
                    (type == "integer" && value.is_number_integer()) || (type == "number" && value.is_number());
    if (!ok) return fail("is not of type " + type);
  }
  if (schema.contains("enum") && std::find(schema["enum"].begin(), schema["enum"].end(), value) == schema["enum"].end())
    fail("is not one of " + schema["enum"].dump());
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (schema.contains("pattern") && !std::regex_search(text, std::regex(schema["pattern"].get<std::string>())))
      fail("does not match " + schema["pattern"].get<std::string>());
    if (schema.contains("maxLength")) {
      std::size_t characters = 0;
      for (const char c : text) characters += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1 : 0;
      if (characters > schema["maxLength"].get<std::size_t>()) fail("is too long");
    }
    if (schema.value("format", "") == "date" && !std::regex_match(text, std::regex(R"(\d{4}-\d{2}-\d{2})")))
      fail("is not a date");
    if (schema.value("format", "") == "email" && text.find('@') == std::string::npos) fail("is not an e-mail address");
  }
  if (value.is_number()) {
    if (schema.contains("minimum") && value.get<double>() < schema["minimum"].get<double>()) fail("is too small");
    if (schema.contains("maximum") && value.get<double>() > schema["maximum"].get<double>()) fail("is too large");
  }
  if (value.is_array()) {
    if (schema.contains("minItems") && value.size() < schema["minItems"].get<std::size_t>()) fail("has too few items");
    if (schema.contains("maxItems") && value.size() > schema["maxItems"].get<std::size_t>()) fail("has too many items");
    if (schema.contains("items"))
      for (std::size_t i = 0; i < value.size(); ++i)
        validate(schema["items"], value[i], path + "." + std::to_string(i), problems);
  }
  if (value.is_object()) {
    for (const auto& name : schema.value("required", json::array()))
      if (!value.contains(name)) fail("lacks " + name.get<std::string>());
    const auto properties = schema.value("properties", json::object());
    for (const auto& [name, member] : value.items()) {
      if (properties.contains(name)) {
        validate(properties[name], member, path + "." + name, problems);
      } else if (schema.contains("additionalProperties")) {
        const auto& extra = schema["additionalProperties"];
        if (extra == false)
          fail("has " + name + ", which it does not declare");
        else if (extra.is_object())
          validate(extra, member, path + "." + name, problems);
      }
    }
  }
}

std::vector<std::string> problems_of(const json& schema, const json& value) {
  std::vector<std::string> problems;
  validate(schema, value, "body", problems);
  return problems;
}

struct CommandBody {
  std::string route;
  json operation;
  json schema;
  json example;
};

std::vector<CommandBody> command_bodies() {
  std::vector<CommandBody> bodies;
  const auto document = api::openapi_document();
  for (const auto& [path, operations] : document["paths"].items())
    for (const auto& [method, operation] : operations.items())
      if (operation.contains("x-command")) {
        const auto& media = operation["requestBody"]["content"]["application/json"];
        bodies.push_back({method + " " + path, operation, media["schema"], media.value("example", json())});
      }
  return bodies;
}

// The example as the route reads it: with the members the URL gives.
Result<domain::Command> decode_as_the_route_does(const CommandBody& body, json example) {
  for (const auto& name : body.operation["x-path-members"]) example[name.get<std::string>()] = "from-the-url";
  example["command"] = body.operation["x-command"];
  return domain::command_types().decode(example);
}

TEST(OpenApi, EveryRequestBodyHasARealSchema) {
  const auto document = api::openapi_document();
  for (const auto& [path, operations] : document["paths"].items())
    for (const auto& [method, operation] : operations.items()) {
      if (!operation.contains("requestBody")) continue;
      for (const auto& [media, content] : operation["requestBody"]["content"].items()) {
        const auto& schema = content["schema"];
        EXPECT_TRUE(schema.contains("type")) << method << " " << path;
        if (schema.value("type", "") == "object") {
          EXPECT_FALSE(schema.value("properties", json::object()).empty())
              << method << " " << path << " documents a bare object";
        }
      }
    }
}

TEST(OpenApi, CommandBodiesAreTheirCommandsDeclarationsWithLabelsInBothLanguages) {
  const auto bodies = command_bodies();
  ASSERT_GE(bodies.size(), 7U);
  for (const auto& body : bodies) {
    const auto* type = domain::command_types().find(body.operation["x-command"].get<std::string>());
    ASSERT_NE(type, nullptr) << body.route;
    const auto declared = type->schema();
    for (const auto& [name, member] : body.schema["properties"].items()) {
      EXPECT_EQ(member, declared["properties"][name]) << body.route << " " << name;
      EXPECT_TRUE(member.contains("title")) << body.route << " " << name << " has no English label";
      EXPECT_TRUE(member.contains("x-label-ja")) << body.route << " " << name << " has no Japanese label";
    }
    for (const auto& name : body.operation["x-path-members"])
      EXPECT_FALSE(body.schema["properties"].contains(name)) << body.route << ": the URL gives " << name;
    EXPECT_EQ(body.schema["additionalProperties"], false) << body.route;
  }
}

TEST(OpenApi, EveryExampleIsValidAndReadByTheRoutesDecoding) {
  for (const auto& body : command_bodies()) {
    ASSERT_TRUE(body.example.is_object()) << body.route << " has no example";
    EXPECT_EQ(problems_of(body.schema, body.example), std::vector<std::string>{}) << body.route;
    auto decoded = decode_as_the_route_does(body, body.example);
    EXPECT_TRUE(decoded) << body.route << ": " << (decoded ? "" : decoded.error().code);
  }
}

TEST(OpenApi, TheSchemaAndTheDecodingRefuseTheSameMissingAndUnknownMembers) {
  for (const auto& body : command_bodies()) {
    for (const auto& name : body.schema.value("required", json::array())) {
      auto without = body.example;
      without.erase(name.get<std::string>());
      EXPECT_FALSE(problems_of(body.schema, without).empty()) << body.route << " without " << name;
      auto decoded = decode_as_the_route_does(body, without);
      ASSERT_FALSE(decoded) << body.route << " without " << name;
      EXPECT_EQ(decoded.error().code, "api.field_missing");
      EXPECT_EQ(decoded.error().context.at("field"), name.get<std::string>());
    }
    auto extra = body.example;
    extra["misspelt_member"] = "x";
    EXPECT_FALSE(problems_of(body.schema, extra).empty()) << body.route;
    auto decoded = decode_as_the_route_does(body, extra);
    ASSERT_FALSE(decoded) << body.route;
    EXPECT_EQ(decoded.error().code, "api.field_unknown");
  }
}

}  // namespace
}  // namespace itaku
