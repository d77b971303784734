// openapi.json describes request bodies and answers with real schemas: a command's body is its
// declaration (domain/commands.hpp), and every documented example is valid against its schema
// and is read by the same decoding the route uses; every answer a route gives on the demo is
// valid against the schema documented for it. The validator below covers the JSON Schema
// keywords the document uses; a keyword it does not know fails the test, so the two cannot
// drift apart.

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "itaku/api/api.hpp"
#include "itaku/api/session.hpp"
#include "itaku/domain/command_types.hpp"
#include "itaku/domain/commands.hpp"
#include "support/demo_app.hpp"

namespace itaku {
namespace {

using nlohmann::json;

bool is_of_type(const json& value, const std::string& type) {
  return (type == "object" && value.is_object()) || (type == "array" && value.is_array()) ||
         (type == "string" && value.is_string()) || (type == "boolean" && value.is_boolean()) ||
         (type == "integer" && value.is_number_integer()) || (type == "number" && value.is_number()) ||
         (type == "null" && value.is_null());
}

// Every reason `value` does not satisfy `schema`, each with its path; a `$ref` is read in
// `document` (#/components/schemas/…).
void validate(const json& document, const json& schema, const json& value, const std::string& path,
              std::vector<std::string>& problems) {
  static const std::set<std::string> kKnown = {"$ref",
                                               "type",
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
                                               "contentMediaType",
                                               "contentEncoding"};
  for (const auto& [keyword, _] : schema.items())
    if (!kKnown.contains(keyword)) problems.push_back(path + ": the validator does not know " + keyword);
  auto fail = [&](const std::string& what) { problems.push_back(path + ": " + what); };
  if (schema.contains("$ref")) {
    const auto ref = schema["$ref"].get<std::string>();
    if (!ref.starts_with("#/") || !document.contains(json::json_pointer(ref.substr(1))))
      return fail("refers to " + ref + ", which is not there");
    validate(document, document[json::json_pointer(ref.substr(1))], value, path, problems);
  }
  if (schema.contains("type")) {
    const auto types = schema["type"].is_array() ? schema["type"] : json::array({schema["type"]});
    if (std::none_of(types.begin(), types.end(), [&](const json& type) { return is_of_type(value, type); }))
      return fail("is not of type " + schema["type"].dump());
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
    const auto format = schema.value("format", "");
    if (format == "date" && !std::regex_match(text, std::regex(R"(\d{4}-\d{2}-\d{2})"))) fail("is not a date");
    if (format == "date-time" &&
        !std::regex_match(text, std::regex(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))")))
      fail("is not a date and time");
    if (format == "email" && text.find('@') == std::string::npos) fail("is not an e-mail address");
    if (schema.value("contentEncoding", "") == "base64" && !std::regex_match(text, std::regex("[A-Za-z0-9+/]*={0,2}")))
      fail("is not base64");
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
        validate(document, schema["items"], value[i], path + "." + std::to_string(i), problems);
  }
  if (value.is_object()) {
    for (const auto& name : schema.value("required", json::array()))
      if (!value.contains(name)) fail("lacks " + name.get<std::string>());
    const auto properties = schema.value("properties", json::object());
    for (const auto& [name, member] : value.items()) {
      if (schema.contains("propertyNames"))
        validate(document, schema["propertyNames"], name, path + "." + name, problems);
      if (properties.contains(name)) {
        validate(document, properties[name], member, path + "." + name, problems);
      } else if (schema.contains("additionalProperties")) {
        const auto& extra = schema["additionalProperties"];
        if (extra == false)
          fail("has " + name + ", which it does not declare");
        else if (extra.is_object())
          validate(document, extra, member, path + "." + name, problems);
      }
    }
  }
}

std::vector<std::string> problems_of(const json& schema, const json& value, const json& document = json::object()) {
  std::vector<std::string> problems;
  validate(document, schema, value, "body", problems);
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

TEST(OpenApi, ABodyIsRequiredExactlyWhenTheCommandNeedsAMemberTheUrlDoesNotGive) {
  const auto document = api::openapi_document();
  const auto& paths = document["paths"];
  EXPECT_FALSE(paths["/api/v1/contracts/{id}/badges/{number}/lost"]["post"]["requestBody"]["required"].get<bool>());
  EXPECT_TRUE(paths["/api/v1/contracts/{id}/badges"]["post"]["requestBody"]["required"].get<bool>());
  EXPECT_TRUE(paths["/api/v1/people"]["post"]["requestBody"]["required"].get<bool>());
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

// --- answers ---

// The success responses (2XX, 200, 201, …) of an operation.
std::vector<std::pair<std::string, json>> success_responses(const json& operation) {
  std::vector<std::pair<std::string, json>> out;
  for (const auto& [status, response] : operation["responses"].items())
    if (status.starts_with("2")) out.emplace_back(status, response);
  return out;
}

// Every object a schema describes either lists its members or is free-form (a map whose keys
// are data), which its description says.
void expect_no_bare_object(const json& schema, const std::string& where) {
  if (!schema.is_object()) return;
  const auto types = schema.contains("type")
                         ? (schema["type"].is_array() ? schema["type"] : json::array({schema["type"]}))
                         : json::array();
  if (std::find(types.begin(), types.end(), "object") != types.end()) {
    const bool members = !schema.value("properties", json::object()).empty();
    const bool free_form = schema.contains("description");
    EXPECT_TRUE(members || free_form) << where << " is an object with neither members nor a description";
  }
  const auto properties = schema.value("properties", json::object());
  for (const auto& [name, member] : properties.items()) expect_no_bare_object(member, where + "." + name);
  if (schema.contains("items")) expect_no_bare_object(schema["items"], where + "[]");
  if (schema.contains("additionalProperties")) expect_no_bare_object(schema["additionalProperties"], where + "{}");
}

TEST(OpenApi, EveryAnswerHasASchemaAndNoObjectIsLeftUndescribed) {
  const auto document = api::openapi_document();
  for (const auto& [path, operations] : document["paths"].items())
    for (const auto& [method, operation] : operations.items()) {
      const auto route = method + " " + path;
      const auto successes = success_responses(operation);
      ASSERT_EQ(successes.size(), 1U) << route;
      const auto& [status, response] = successes.front();
      ASSERT_TRUE(response.contains("content")) << route << " answers " << status << " without saying what";
      for (const auto& [media, content] : response["content"].items()) {
        ASSERT_TRUE(content.contains("schema")) << route << " " << media;
        EXPECT_TRUE(content["schema"].contains("type") || content["schema"].contains("$ref")) << route;
        expect_no_bare_object(content["schema"], route + " " + status);
      }
      for (const auto& [media, content] : operation["responses"]["4XX"]["content"].items())
        expect_no_bare_object(content["schema"], route + " 4XX");
    }
  for (const auto& [name, schema] : document["components"]["schemas"].items()) expect_no_bare_object(schema, name);
}

TEST(OpenApi, ARefToAMissingComponentOrAWrongTypeIsCaught) {
  // The validator itself: a test that cannot fail would prove nothing below.
  const auto document = api::openapi_document();
  EXPECT_FALSE(problems_of({{"$ref", "#/components/schemas/Nothing"}}, json::object(), document).empty());
  const json person = {{"id", "p-1"}, {"organisation", "o"}, {"name", "n"},
                       {"title", ""}, {"email", ""},         {"status", "active"}};
  EXPECT_EQ(problems_of({{"$ref", "#/components/schemas/Person"}}, person, document), std::vector<std::string>{});
  auto other = person;
  other["status"] = "retired";
  EXPECT_FALSE(problems_of({{"$ref", "#/components/schemas/Person"}}, other, document).empty());
  other = person;
  other["nickname"] = "x";
  EXPECT_FALSE(problems_of({{"$ref", "#/components/schemas/Person"}}, other, document).empty());
  other = person;
  other.erase("email");
  EXPECT_FALSE(problems_of({{"$ref", "#/components/schemas/Person"}}, other, document).empty());
  const json maybe_text = {{"type", {"string", "null"}}};
  EXPECT_TRUE(problems_of(maybe_text, nullptr).empty());
  EXPECT_FALSE(problems_of(maybe_text, 1).empty());
}

constexpr const char* kPassword = "correct horse battery staple";

// The demo behind the API, with the administrator, 長野市's officer and 乙's responsible person
// able to sign in; every call is answered through the router with its route's name and pattern.
class DemoApi : testing::DemoApp {
 public:
  DemoApi() : DemoApp("openapi.test/ledger") {
    api::register_api(router_, *app_);
    const auto system = domain::Principal::system();
    for (const domain::Command& command :
         std::vector<domain::Command>{domain::RegisterPerson{"p-admin", "nagano-city", "管理 者", "", ""},
                                      domain::GrantRole{"p-kobayashi", "nagano-2026-001", "city_officer"}}) {
      auto done = service_->execute(command, system);
      EXPECT_TRUE(done.ok()) << done.error().describe();
    }
    for (const auto& [login, person] : std::map<std::string, std::string>{
             {"admin", "p-admin"}, {"kobayashi", "p-kobayashi"}, {"yamada", "p-yamada"}}) {
      auto created = authenticator_->create_user(login, person, kPassword,
                                                 login == "admin" ? auth::Admin::Yes : auth::Admin::No, system);
      EXPECT_TRUE(created.ok()) << created.error().describe();
    }
  }

  struct Answer {
    std::string operation;  // "get /api/v1/people/{id}"
    int status = 0;
    std::string media;
    std::string body;
  };

  // `login` empty: no one signed in. A JSON object goes as application/json, a string as it is.
  Answer call(const std::string& login, http::Method method, const std::string& target, const json& body = nullptr) {
    const auto query = target.find('?');
    http::Request request{.method = method,
                          .target = target,
                          .path = target.substr(0, query),
                          .query = query == std::string::npos ? std::map<std::string, std::string>()
                                                              : http::parse_query(target.substr(query + 1)),
                          .headers = {},
                          .body = body.is_string()   ? body.get<std::string>()
                                  : body.is_object() ? body.dump()
                                                     : "",
                          .remote_address = "192.0.2.20",
                          .params = {},
                          .route_name = {}};
    if (body.is_object()) request.headers.emplace_back("content-type", "application/json");
    if (!login.empty()) {
      const auto& session = session_of(login, kPassword, request.remote_address);
      request.headers.emplace_back("cookie", std::string(api::kSessionCookie) + "=" + session.cookie);
      request.headers.emplace_back(api::kCsrfHeader, session.principal.csrf_token);
    }
    const auto* route = router_.match(method, request.path).route;
    std::string name(http::to_string(method));
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto response = router_.handle(request);
    const auto media = response.header("Content-Type").value_or("");
    return {route ? name + " " + route->pattern : "", response.status, std::string(media.substr(0, media.find(';'))),
            response.body};
  }

  std::uint64_t ledger_size() const { return ledger_->size(); }
};

// The operations ("get /api/v1/people") whose answers were checked, and those of them that
// answered a list: each must have answered at least one with items, or its items' schema was
// never put to the test.
struct Checked {
  std::set<std::string> operations, lists, lists_with_items;
};

// What the document says `answer`'s route answers with its status, checked against the answer.
void expect_documented(const json& document, const DemoApi::Answer& answer, const std::string& what, Checked& checked) {
  ASSERT_FALSE(answer.operation.empty()) << what << " matches no route";
  const auto space = answer.operation.find(' ');
  const auto& operation = document["paths"][answer.operation.substr(space + 1)][answer.operation.substr(0, space)];
  const auto status = std::to_string(answer.status);
  const auto& responses = operation["responses"];
  const auto documented = responses.contains(status)                       ? responses[status]
                          : responses.contains(status.substr(0, 1) + "XX") ? responses[status.substr(0, 1) + "XX"]
                                                                           : json();
  ASSERT_TRUE(documented.is_object()) << what << " answered " << status << ", which is not documented: " << answer.body;
  ASSERT_TRUE(documented["content"].contains(answer.media)) << what << " answered " << answer.media;
  if (answer.media != "application/json") return;
  const auto body = json::parse(answer.body);
  EXPECT_EQ(problems_of(documented["content"][answer.media]["schema"], body, document), std::vector<std::string>{})
      << what << " answered " << answer.body;
  if (answer.status >= 300) return;
  checked.operations.insert(answer.operation);
  if (body.contains("items")) {
    checked.lists.insert(answer.operation);
    if (!body["items"].empty()) checked.lists_with_items.insert(answer.operation);
  }
}

TEST(OpenApi, EveryAnswerOnTheDemoIsWhatTheDocumentSays) {
  DemoApi demo;
  const auto document = api::openapi_document();
  Checked checked;
  using M = http::Method;
  auto expect = [&](const std::string& login, M method, const std::string& target, const json& body, int status) {
    const auto answer = demo.call(login, method, target, body);
    const auto what = std::string(http::to_string(method)) + " " + target + (login.empty() ? "" : " as " + login);
    EXPECT_EQ(answer.status, status) << what << ": " << answer.body;
    expect_documented(document, answer, what, checked);
    return answer;
  };
  const std::string n = "/api/v1/contracts/nagano-2026-001";
  const json decision = {{"contract", "nagano-2026-001"},
                         {"person", "p-suzuki"},
                         {"action", "read"},
                         {"asset", "juminhyo-2026-04"},
                         {"context", {{"location", "hq"}, {"purpose", "nagano-2026-001"}}}};

  // What the lists would otherwise lack: badges issued, one due back from a leaver and one lost,
  // a hand-over waiting for its receiver, decisions, a reported access, a receipt verified.
  expect("", M::Post, "/api/v1/session", {{"login", "yamada"}, {"password", kPassword}}, 201);
  for (const auto& [number, person, issued, expires] :
       std::vector<std::array<std::string, 4>>{{"b-0", "p-tanaka", "2026-05-01", "2026-09-30"},
                                               {"b-1", "p-yamada", "2026-10-15", "2027-03-31"},
                                               {"b-2", "p-kato", "2026-07-01", "2027-03-31"}})
    expect("kobayashi", M::Post, n + "/badges",
           {{"number", number}, {"person", person}, {"issued", issued}, {"expires", expires}}, 201);
  expect("yamada", M::Post, "/api/v1/people/p-tanaka/departure", {{"reason", "left"}, {"effective", "2026-10-01"}},
         201);
  expect("kobayashi", M::Post, n + "/badges/b-1/lost", {{"note", "通勤中に紛失"}}, 201);
  expect("yamada", M::Post, n + "/transfers",
         {{"assets", {"juminhyo-2026-04"}}, {"from", "p-yamada"}, {"to", "p-sato"}, {"note", "引継ぎ"}}, 201);
  expect("yamada", M::Post, n + "/training/courses",
         {{"id", "c-1"}, {"organisation", "shinano-is"}, {"title", "個人情報保護研修"}, {"valid_for", "P1Y"}}, 201);
  expect("yamada", M::Post, n + "/training/sessions",
         {{"course", "c-1"}, {"date", "2026-09-01"}, {"attendees", {"p-suzuki"}}}, 201);
  expect("yamada", M::Post, "/api/v1/decide", decision, 200);
  expect("yamada", M::Post, "/api/v1/decide/batch", {{"requests", {decision, decision}}}, 200);
  auto access = decision;
  access["context"]["time"] = "2026-09-21T01:00:00Z";
  expect("yamada", M::Post, "/api/v1/access-events", json(access.dump() + "\n" + access.dump() + "\n"), 201);
  const auto pdf = expect("yamada", M::Get, n + "/transfers/t-0001/receipt.pdf", nullptr, 200);
  expect("", M::Post, "/api/v1/receipts/verify", json(pdf.body), 200);
  const auto issued = expect("kobayashi", M::Post, n + "/compliance/reports", nullptr, 201);
  expect("kobayashi", M::Get, json::parse(issued.body)["files"]["csv"].get<std::string>(), nullptr, 200);
  const auto training = expect("yamada", M::Post, n + "/training/reports", {{"organisation", "shinano-is"}}, 201);
  expect("kobayashi", M::Get, json::parse(training.body)["files"]["pdf"].get<std::string>(), nullptr, 200);
  expect("kobayashi", M::Post, n + "/amendments", {{"note", "変更契約（期間の延長）"}, {"period_until", "2027-09-30"}},
         201);
  // A take-out asked for by the contractor and approved (長野市 第7).
  expect("yamada", M::Post, n + "/approvals",
         {{"type", "take_out"},
          {"purpose", "障害調査"},
          {"assets", {"juminhyo-2026-04"}},
          {"people", {"p-sato"}},
          {"devices", {"USB-012"}},
          {"destination", "本社 開発室"},
          {"from", "2026-10-01"},
          {"until", "2027-03-31"},
          {"measures", {"暗号化"}}},
         201);
  expect("admin", M::Post, n + "/approvals/a-0001/decision",
         {{"outcome", "approved"}, {"conditions", "返却時に消去を確認すること"}}, 201);
  // 乙's laptop, its measures confirmed, its disk drilled and the laptop disposed of, and a USB
  // stick still in use (木更津市 第12条, 第14条); the city's instruction to dispose of the design
  // document and 乙's act that follows it (長野市 第9); the program 乙 wrote, reported with its
  // keeper and acknowledged by the city (木更津市 第5条-2).
  expect("yamada", M::Post, n + "/devices",
         {{"id", "pc-n1"},
          {"kind", "computer"},
          {"identifier", "SN-0001"},
          {"description", "ノートPC（移行作業用）"},
          {"location", "本社 開発室"},
          {"storage", {"SSD 256GB"}}},
         201);
  expect("yamada", M::Post, n + "/devices",
         {{"id", "usb-n2"}, {"kind", "media"}, {"identifier", "USB-0002"}, {"description", "暗号化USBメモリ"}}, 201);
  expect("yamada", M::Post, n + "/devices/pc-n1/confirm", {{"measures", {"disk_encryption", "screen_lock"}}}, 201);
  expect("yamada", M::Post, n + "/devices/pc-n1/destroy-media",
         {{"method", "穿孔（ドリル）"},
          {"performed_by", "p-sato"},
          {"witnessed_by", "p-suzuki"},
          {"performed_on", "2026-09-20"},
          {"evidence_sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}},
         201);
  expect("yamada", M::Post, n + "/devices/pc-n1/retire", {{"reason", "disposed"}}, 201);
  expect("kobayashi", M::Get, n + "/devices/pc-n1/destructions/1/report.pdf", nullptr, 200);
  expect("kobayashi", M::Post, n + "/disposal-instructions",
         {{"assets", {"spec-v3"}}, {"disposition", "disposed"}, {"due", "2026-10-31"}, {"note", "作業完了後に廃棄"}},
         201);
  expect("yamada", M::Post, n + "/disposals",
         {{"assets", {"spec-v3"}},
          {"disposition", "disposed"},
          {"method", "シュレッダー裁断"},
          {"performed_by", "p-sato"},
          {"witnessed_by", "p-yamada"},
          {"performed_on", "2026-09-20"},
          {"instruction", "i-0001"}},
         201);
  expect("yamada", M::Get, n + "/disposals/d-0001/certificate.pdf", nullptr, 200);
  expect("yamada", M::Post, n + "/assets",
         {{"id", "src-1"},
          {"class", "design"},
          {"description", "移行プログラムソース"},
          {"origin", "created"},
          {"media", "Gitリポジトリ"},
          {"custodian", "p-suzuki"},
          {"location", "本社 開発室"}},
         201);
  expect("yamada", M::Post, n + "/created-assets-reports", {{"keeper", "p-yamada"}, {"note", "本社で保管"}}, 201);
  expect("kobayashi", M::Post, n + "/created-assets-reports/shinano-is/acknowledge", nullptr, 201);

  // Every read, as the administrator, the city's officer and the contractor see it.
  const auto provisions = json::parse(demo.call("admin", M::Get, "/api/v1/provisions").body)["items"];
  ASSERT_FALSE(provisions.empty());
  const auto& set = provisions.front();
  const std::vector<std::string> reads = {
      "/healthz",
      "/readyz",
      "/api/v1/openapi.json",
      "/api/v1/session",
      "/api/v1/organisations",
      "/api/v1/organisations/shinano-is",
      "/api/v1/people",
      "/api/v1/people/p-tanaka",
      "/api/v1/people/p-yamada",
      "/api/v1/contracts",
      n,
      n + "/rosters",
      n + "/approvals",
      n + "/approvals/a-0001",
      n + "/rosters/shinano-is/versions",
      n + "/rosters/shinano-is/versions/1",
      n + "/rosters/shinano-is/diff",
      n + "/rosters/shinano-is/diff?from=0&to=1",
      "/api/v1/notifications",
      "/api/v1/provisions",
      "/api/v1/provisions/" + set["name"].get<std::string>() + "/" + set["version"].get<std::string>(),
      n + "/asset-classes",
      n + "/assets",
      n + "/assets/juminhyo-2026-04",
      n + "/transfers",
      n + "/badges",
      n + "/devices",
      n + "/disposal-instructions",
      n + "/disposals",
      n + "/created-assets-reports",
      n + "/outstanding",
      n + "/training/courses",
      n + "/training/sessions",
      n + "/workers",
      n + "/training/reports",
      n + "/decisions",
      n + "/decisions?limit=1",
      n + "/access-events",
      n + "/monitoring",
      n + "/compliance",
      "/api/v1/ledger/checkpoint",
      "/api/v1/ledger/proofs/inclusion/1",
      "/api/v1/ledger/proofs/inclusion/" + std::to_string(demo.ledger_size() - 1),
      "/api/v1/ledger/proofs/consistency?from=1&to=" + std::to_string(demo.ledger_size()),
  };
  for (const std::string login : {"admin", "kobayashi", "yamada"})
    for (const auto& target : reads) expect(login, M::Get, target, nullptr, 200);
  expect("admin", M::Get, "/metrics", nullptr, 200);
  // An error is documented too.
  expect("yamada", M::Get, "/api/v1/people/nobody", nullptr, 404);
  expect("yamada", M::Delete, "/api/v1/session", nullptr, 200);

  // Every answer the document describes beyond {ledger_index} was given and checked above.
  for (const auto& [path, operations] : document["paths"].items())
    for (const auto& [method, operation] : operations.items())
      for (const auto& [status, response] : success_responses(operation)) {
        const auto& content = response["content"];
        if (content.contains("application/json") &&
            content["application/json"]["schema"] != json{{"$ref", "#/components/schemas/Recorded"}}) {
          EXPECT_TRUE(checked.operations.contains(method + " " + path)) << method << " " << path << " was not called";
        }
        for (const auto& list : checked.lists)
          EXPECT_TRUE(checked.lists_with_items.contains(list)) << list << " never answered with an item";
      }
}

}  // namespace
}  // namespace itaku
