// What strangers send: every body the API reads is bounded while it is parsed, and a body
// that is too deep, too large, of the wrong types, with repeated keys or with control
// characters is a 400 with a code that names what is wrong — never a crash or a 500 — and
// records nothing. The reproductions of the issue «Security and integrity» (point 1).

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "itaku/api/api.hpp"
#include "itaku/api/session.hpp"
#include "itaku/auth/authenticator.hpp"
#include "support/demo_app.hpp"

namespace itaku::testing {
namespace {

using nlohmann::json;
constexpr const char* kPassword = "correct horse battery staple";
constexpr const char* kNagano = "/api/v1/contracts/nagano-2026-001";

class ApiInput : public ::testing::Test, protected DemoApp {
 protected:
  ApiInput() : DemoApp("api-input.test/ledger") {
    api::register_api(router_, *app_);
    const auto sys = domain::Principal::system();
    EXPECT_TRUE(service_->execute(domain::RegisterPerson{"p-admin", "nagano-city", "管理 者", "", ""}, sys).ok());
    EXPECT_TRUE(service_->execute(domain::GrantRole{"p-kobayashi", "nagano-2026-001", "city_officer"}, sys).ok());
    for (const auto& [login, person, admin] :
         {std::tuple{"admin", "p-admin", auth::Admin::Yes}, std::tuple{"kobayashi", "p-kobayashi", auth::Admin::No},
          std::tuple{"yamada", "p-yamada", auth::Admin::No}})
      EXPECT_TRUE(authenticator_->create_user(login, person, kPassword, admin, sys).ok());
    auto token = authenticator_->create_token({"yamada", "shinano-is", "nagano-2026-001", "gate"}, sys);
    EXPECT_TRUE(token.ok());
    if (token) token_ = token->token;
  }

  http::Response send(const std::string& login, http::Method method, const std::string& target, std::string body) {
    http::Request request;
    request.method = method;
    request.target = request.path = target;
    request.remote_address = "192.0.2.10";
    request.headers.emplace_back("content-type", "application/json");
    request.body = std::move(body);
    if (login == "token") {
      request.headers.emplace_back("authorization", "Bearer " + token_);
    } else if (!login.empty()) {
      const auto& session = session_of(login, kPassword, "192.0.2.10");
      request.headers.emplace_back("cookie", std::string(api::kSessionCookie) + "=" + session.cookie);
      request.headers.emplace_back(api::kCsrfHeader, session.principal.csrf_token);
    }
    return router_.handle(request);
  }

  // The error code of a refused request, checking that it is a 400 that recorded nothing.
  std::string refused(const std::string& login, const std::string& target, std::string body) {
    const auto before = ledger_->size();
    const auto response = send(login, http::Method::Post, target, std::move(body));
    EXPECT_EQ(response.status, 400) << target << ": " << response.body;
    // A sign-in may be recorded for a session's first use; nothing else is.
    EXPECT_LE(ledger_->size(), before + 1) << target;
    try {
      return json::parse(response.body)["error"]["code"].get<std::string>();
    } catch (const json::exception&) {
      return "not an error body: " + response.body;
    }
  }

  std::string token_;
};

std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST_F(ApiInput, ABodyNested150000LevelsDeepIsRefusedOnEveryRouteThatReadsOne) {
  const std::string deep = nested(150'000);
  const std::string decision =
      R"({"contract":"nagano-2026-001","person":"x","action":"read","class":"general","context":{"x":)" + deep + "}}";
  EXPECT_EQ(refused("token", "/api/v1/decide", decision), "api.too_deep");
  EXPECT_EQ(refused("token", "/api/v1/decide/batch", R"({"requests":[)" + decision + "]}"), "api.too_deep");
  EXPECT_EQ(refused("token", "/api/v1/access-events", decision), "api.too_deep");
  EXPECT_EQ(refused("kobayashi", std::string(kNagano) + "/asset-classes", R"({"id":"x","actions":)" + deep + "}"),
            "api.too_deep");
  EXPECT_EQ(refused("yamada", std::string(kNagano) + "/rosters/shinano-is/versions", R"({"roster":)" + deep + "}"),
            "api.too_deep");
  // The server still answers.
  EXPECT_EQ(send("", http::Method::Get, "/healthz", "").status, 200);
}

TEST_F(ApiInput, WrongTypesAreRefusedNever500) {
  EXPECT_EQ(refused("kobayashi", std::string(kNagano) + "/close", R"({"final":"yes"})"), "api.field_type");
  EXPECT_EQ(refused("kobayashi", std::string(kNagano) + "/asset-classes", R"({"id":"x","name":1,"actions":[]})"),
            "api.field_type");
  EXPECT_EQ(refused("token", "/api/v1/decide", R"({"person":["p-suzuki"],"action":"read","class":"general"})"),
            "api.field_type");
  EXPECT_EQ(refused("token", "/api/v1/decide", R"({"person":"p-suzuki","action":"read","class":"x","context":[]})"),
            "decide.context_invalid");
}

TEST_F(ApiInput, EveryPostRouteAnswersHostileBodiesWithoutA500) {
  // Bodies of the wrong shape, sent by the administrator (who passes every authorization
  // check, so the body is what is judged) to every route. Routes that read no body may
  // succeed; none may fail as the server's fault.
  const std::string hostile[] = {"",
                                 "null",
                                 "[]",
                                 "1",
                                 "\"x\"",
                                 "{",
                                 R"({"a":1,"a":2})",
                                 R"({"x":"\u0000"})",
                                 R"({"id":1,"name":[],"actions":{},"final":"yes","roster":1,"requests":"x",)"
                                 R"("assets":{},"person":{},"login":2,"password":null,"sensitive":3})",
                                 nested(20)};
  for (const auto& route : router_.routes()) {
    if (route.method != http::Method::Post) continue;
    std::string target = route.pattern;
    for (const auto& [name, value] :
         {std::pair{"{id}", "nagano-2026-001"}, std::pair{"{org}", "shinano-is"}, std::pair{"{version}", "1"},
          std::pair{"{transfer}", "t-0001"}, std::pair{"{asset}", "juminhyo-2026-04"}})
      if (auto at = target.find(name); at != std::string::npos) target.replace(at, std::string(name).size(), value);
    for (const auto& body : hostile) {
      const auto response = send("admin", http::Method::Post, target, body);
      EXPECT_LT(response.status, 500) << route.name << " " << body << " → " << response.body;
    }
  }
}

TEST_F(ApiInput, StringsAreBoundedAndIdentifiersMore) {
  // A 500 KB person: refused while parsing, before it reaches a decision entry or a notice.
  const std::string huge(500'000, 'x');
  EXPECT_EQ(refused("token", "/api/v1/decide", R"({"person":")" + huge + R"(","action":"read","class":"general"})"),
            "api.string_too_long");
  // A name longer than any id can be is refused as such.
  const std::string long_id(200, 'p');
  EXPECT_EQ(refused("token", "/api/v1/decide", R"({"person":")" + long_id + R"(","action":"read","class":"general"})"),
            "api.field_too_long");
}

TEST_F(ApiInput, RepeatedKeysAndControlCharactersAreRefused) {
  EXPECT_EQ(refused("token", "/api/v1/decide",
                    R"({"person":"p-suzuki","person":"p-sato","action":"read","class":"general"})"),
            "api.duplicate_key");
  for (const char* text : {R"(\u0000)", R"(\u0007)", R"(\u001b[2J)", "\xE2\x80\xAE"})
    EXPECT_EQ(refused("admin", "/api/v1/people",
                      std::string(R"({"id":"p-new","organisation":"nagano-city","name":"名前)") + text + R"("})"),
              "api.bad_characters")
        << text;
}

TEST_F(ApiInput, TheJsonSignInTakesOnlyJsonBodies) {
  // A page on another site can post a form or text/plain, but not application/json without a
  // CORS preflight: the sign-in refuses anything else (login CSRF).
  http::Request request;
  request.method = http::Method::Post;
  request.target = request.path = "/api/v1/session";
  request.remote_address = "192.0.2.10";
  request.headers.emplace_back("content-type", "text/plain");
  request.body = json{{"login", "yamada"}, {"password", kPassword}}.dump();
  const auto plain = router_.handle(request);
  EXPECT_EQ(plain.status, 400);
  EXPECT_EQ(json::parse(plain.body)["error"]["code"], "api.content_type");
  EXPECT_FALSE(plain.header("Set-Cookie").has_value());
  request.headers.back().second = "application/json; charset=utf-8";
  EXPECT_EQ(router_.handle(request).status, 201);
}

TEST_F(ApiInput, MetricsNeedAnAdministratorOrAConfiguredAddressNotLoopback) {
  http::Request request;
  request.method = http::Method::Get;
  request.target = request.path = "/metrics";
  request.remote_address = "127.0.0.1";  // behind a local proxy, every request comes from here
  EXPECT_EQ(router_.handle(request).status, 401);
  app_->metrics_addresses = {"10.0.0.5"};
  request.remote_address = "10.0.0.5";
  EXPECT_EQ(router_.handle(request).status, 200);
  request.remote_address = "10.0.0.6";
  EXPECT_EQ(router_.handle(request).status, 401);
  const auto& session = session_of("admin", kPassword, "192.0.2.10");
  request.headers.emplace_back("cookie", std::string(api::kSessionCookie) + "=" + session.cookie);
  EXPECT_EQ(router_.handle(request).status, 200);
}

}  // namespace
}  // namespace itaku::testing
