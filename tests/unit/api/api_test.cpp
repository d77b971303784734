// The JSON API through the router, with real sign-ins: the authorization matrix (every kind of
// route × every kind of caller), CSRF, API tokens, pagination, errors, and the OpenAPI document.

#include <map>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "itaku/api/api.hpp"
#include "itaku/api/session.hpp"
#include "itaku/auth/authenticator.hpp"
#include "itaku/ledger/keys.hpp"
#include "itaku/service/demo.hpp"
#include "support/temp_dir.hpp"

namespace itaku::testing {
namespace {

using nlohmann::json;
constexpr const char* kPassword = "correct horse battery staple";

struct Caller {
  std::string name;
  std::string login;  // empty: anonymous
};

class ApiFixture {
 public:
  ApiFixture() {
    database_ = storage::open_database("sqlite:" + (dir_.path() / "itaku.db").string()).release_value();
    EXPECT_TRUE(storage::migrate(*database_).ok());
    auto signer = ledger::create_signing_key(dir_.path(), "api.test/ledger").release_value();
    EXPECT_TRUE(ledger::initialise_ledger(*database_, signer, clock_).ok());
    ledger_ = ledger::Ledger::open(*database_, signer, clock_).release_value();
    service_ = service::Service::open(*database_, *ledger_, clock_).release_value();
    EXPECT_TRUE(service::load_demo(*service_).ok());
    auth::AuthOptions options;
    options.data_dir = dir_.path();
    options.password_cost = auth::PasswordCost::minimum();
    authenticator_ = std::make_unique<auth::Authenticator>(*database_, *service_, clock_, options);
    app_ = std::make_unique<api::AppContext>(
        api::AppContext{*service_, *ledger_, *database_, *authenticator_, metrics_, clock_});
    api::register_api(router_, *app_);

    const auto sys = domain::Actor::system();
    auto run = [&](const domain::Command& c) {
      auto r = service_->execute(c, sys);
      EXPECT_TRUE(r.ok()) << r.error().describe();
    };
    run(domain::RegisterPerson{"p-admin", "nagano-city", "管理 者", "", ""});
    run(domain::RegisterPerson{"p-audit", "nagano-city", "監査 員", "監査委員事務局", ""});
    run(domain::RegisterOrganisation{"other-co", "contractor", "株式会社よそ", ""});
    run(domain::RegisterPerson{"p-other", "other-co", "他社 員", "", ""});
    run(domain::GrantRole{"p-kobayashi", "nagano-2026-001", "city_officer"});
    run(domain::GrantRole{"p-audit", "nagano-2026-001", "city_auditor"});
    run(domain::GrantRole{"p-takahashi", "kisarazu-2026-014", "city_officer"});
    for (const auto& [login, person] : std::map<std::string, std::string>{{"admin", "p-admin"},
                                                                          {"kobayashi", "p-kobayashi"},
                                                                          {"audit", "p-audit"},
                                                                          {"takahashi", "p-takahashi"},
                                                                          {"yamada", "p-yamada"},
                                                                          {"suzuki", "p-suzuki"},
                                                                          {"ito", "p-ito"},
                                                                          {"other", "p-other"}}) {
      auto created = authenticator_->create_user(login, person, kPassword,
                                                 login == "admin" ? auth::Admin::Yes : auth::Admin::No, sys);
      EXPECT_TRUE(created.ok()) << created.error().describe();
    }
  }

  struct Reply {
    int status;
    json body;
    http::Response raw;
  };

  // Signs in (once per login) and sends the request with the session cookie and CSRF token.
  Reply call(const std::string& login, http::Method method, const std::string& target, const json& body = nullptr,
             bool with_csrf = true) {
    http::Request request;
    request.method = method;
    request.target = target;
    const auto q = target.find('?');
    request.path = target.substr(0, q);
    if (q != std::string::npos) request.query = http::parse_query(target.substr(q + 1));
    request.remote_address = "192.0.2.10";
    if (body.is_string())
      request.body = body.get<std::string>();  // a raw body, e.g. TOML
    else if (!body.is_null())
      request.body = body.dump();
    if (!login.empty()) {
      auto& session = sessions_[login];
      if (session.cookie.empty()) {
        auto signed_in = authenticator_->sign_in({login, kPassword, "", "192.0.2.10"});
        EXPECT_TRUE(signed_in.ok()) << login << ": " << signed_in.error().describe();
        session = signed_in.release_value();
      }
      request.headers.emplace_back("cookie", std::string(api::kSessionCookie) + "=" + session.cookie);
      if (with_csrf) request.headers.emplace_back(api::kCsrfHeader, session.principal.csrf_token);
    }
    auto response = router_.handle(request);
    json parsed;
    try {
      parsed = json::parse(response.body);
    } catch (const json::exception&) {
    }
    return Reply{response.status, parsed, response};
  }

  http::Router& router() { return router_; }
  auth::Authenticator& authenticator() { return *authenticator_; }
  ledger::Ledger& ledger() { return *ledger_; }

 private:
  TempDir dir_;
  SimulatedClock clock_{from_unix_micros(1'790'000'000'000'000)};
  std::unique_ptr<storage::Database> database_;
  std::unique_ptr<ledger::Ledger> ledger_;
  std::unique_ptr<service::Service> service_;
  std::unique_ptr<auth::Authenticator> authenticator_;
  http::Metrics metrics_;
  std::unique_ptr<api::AppContext> app_;
  http::Router router_;
  std::map<std::string, auth::Session> sessions_;
};

json roster_body(const std::string& responsible, const std::string& manager, const std::string& worker) {
  return {{"note", "変更"},
          {"roster",
           {{"responsible", responsible},
            {"information_manager", manager},
            {"workers", json::array({{{"person", worker}, {"work", "作業"}, {"from", "2026-10-01"}}})},
            {"locations",
             json::array({{{"id", "x"}, {"name", "作業室"}, {"address", "長野市"}, {"city_premises", false}}})},
            {"access", json::array()}}}};
}

struct Case {
  std::string what;
  http::Method method;
  std::string target;
  json body;
  // admin, kobayashi (長野市 officer), audit (長野市 auditor), takahashi (木更津市 officer),
  // yamada (乙 responsible), suzuki (乙 worker), ito (丙 responsible, 長野 only), other (another
  // contractor), anonymous
  std::array<int, 9> expected;
};

const std::array<Caller, 9> kCallers = {{{"admin", "admin"},
                                         {"nagano_officer", "kobayashi"},
                                         {"nagano_auditor", "audit"},
                                         {"kisarazu_officer", "takahashi"},
                                         {"contractor_responsible", "yamada"},
                                         {"contractor_worker", "suzuki"},
                                         {"subcontractor", "ito"},
                                         {"other_contractor", "other"},
                                         {"anonymous", ""}}};

std::vector<Case> matrix() {
  using M = http::Method;
  const std::string n = "/api/v1/contracts/nagano-2026-001";
  const std::string k = "/api/v1/contracts/kisarazu-2026-014";
  return {
      {"read 長野 contract", M::Get, n, nullptr, {200, 200, 200, 404, 200, 200, 200, 404, 401}},
      {"read 木更津 contract", M::Get, k, nullptr, {200, 404, 404, 200, 200, 200, 404, 404, 401}},
      {"read 乙's roster",
       M::Get,
       n + "/rosters/shinano-is/versions/1",
       nullptr,
       {200, 200, 200, 404, 200, 200, 404, 404, 401}},
      {"read 丙's roster",
       M::Get,
       n + "/rosters/zenkoji-data/versions/1",
       nullptr,
       {200, 200, 200, 404, 200, 200, 200, 404, 401}},
      {"read 乙's roster diff",
       M::Get,
       n + "/rosters/shinano-is/diff",
       nullptr,
       {200, 200, 200, 404, 200, 200, 404, 404, 401}},
      {"acknowledge 乙's roster",
       M::Post,
       n + "/rosters/shinano-is/versions/2/acknowledgement",
       nullptr,
       {201, 201, 403, 404, 403, 403, 403, 404, 401}},
      {"submit 乙's roster",
       M::Post,
       n + "/rosters/shinano-is/versions",
       roster_body("p-yamada", "p-sato", "p-tanaka"),
       {201, 403, 403, 404, 201, 403, 403, 404, 401}},
      {"submit 丙's roster",
       M::Post,
       n + "/rosters/zenkoji-data/versions",
       roster_body("p-ito", "p-ito", "p-watanabe"),
       {201, 403, 403, 404, 403, 403, 201, 404, 401}},
      {"activate an active contract", M::Post, n + "/activate", nullptr, {409, 409, 403, 404, 403, 403, 403, 404, 401}},
      {"read 丙's worker", M::Get, "/api/v1/people/p-watanabe", nullptr, {200, 200, 200, 404, 200, 200, 200, 404, 401}},
      {"read 木更津市's officer",
       M::Get,
       "/api/v1/people/p-takahashi",
       nullptr,
       {200, 404, 404, 200, 200, 200, 404, 404, 401}},
      {"read notifications", M::Get, "/api/v1/notifications", nullptr, {200, 200, 200, 200, 200, 200, 200, 200, 401}},
      {"register an organisation",
       M::Post,
       "/api/v1/organisations",
       json{{"id", "new-co"}, {"kind", "contractor"}, {"name", "新会社"}},
       {201, 403, 403, 403, 403, 403, 403, 403, 401}},
      {"read the latest checkpoint",
       M::Get,
       "/api/v1/ledger/checkpoint",
       nullptr,
       {200, 200, 200, 200, 200, 200, 200, 200, 401}},
  };
}

class AuthorizationMatrix : public ::testing::TestWithParam<std::size_t> {};

TEST_P(AuthorizationMatrix, EachCallerSeesAndDoesExactlyWhatTheRulesAllow) {
  const auto& caller = kCallers[GetParam()];
  ApiFixture fixture;
  for (const auto& c : matrix()) {
    const auto reply = fixture.call(caller.login, c.method, c.target, c.body);
    EXPECT_EQ(reply.status, c.expected[GetParam()]) << caller.name << ": " << c.what << " → " << reply.raw.body;
    if (reply.status >= 400) {
      EXPECT_TRUE(reply.body.contains("error")) << c.what;
      EXPECT_FALSE(reply.body["error"]["message"]["ja"].get<std::string>().empty()) << c.what;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Callers, AuthorizationMatrix, ::testing::Range<std::size_t>(0, kCallers.size()),
                         [](const auto& info) { return kCallers[info.param].name; });

class ApiTest : public ::testing::Test {
 protected:
  ApiFixture fixture_;
};

TEST_F(ApiTest, ContractListsShowOnlyWhatTheCallerMaySee) {
  const std::map<std::string, std::size_t> expected = {{"admin", 2},  {"kobayashi", 1}, {"takahashi", 1},
                                                       {"yamada", 2}, {"ito", 1},       {"other", 0}};
  for (const auto& [login, count] : expected) {
    auto reply = fixture_.call(login, http::Method::Get, "/api/v1/contracts");
    ASSERT_EQ(reply.status, 200);
    EXPECT_EQ(reply.body["items"].size(), count) << login;
  }
}

TEST_F(ApiTest, AStateChangingRequestWithoutTheCsrfTokenIsRefusedAndChangesNothing) {
  const auto size = fixture_.ledger().size();
  auto reply =
      fixture_.call("kobayashi", http::Method::Post,
                    "/api/v1/contracts/nagano-2026-001/rosters/shinano-is/versions/2/acknowledgement", nullptr, false);
  EXPECT_EQ(reply.status, 403);
  EXPECT_EQ(reply.body["error"]["code"], "auth.csrf");
  EXPECT_EQ(fixture_.ledger().size(), size + 1);  // only the sign-in was recorded
}

TEST_F(ApiTest, AnApiTokenActsWithinItsOrganisationAndContract) {
  auto token = fixture_.authenticator().create_token({"yamada", "shinano-is", "nagano-2026-001", "monitor"},
                                                     domain::Actor::system());
  ASSERT_TRUE(token.ok()) << token.error().describe();
  auto bearer = [&](const std::string& target) {
    http::Request request;
    request.method = http::Method::Get;
    request.target = request.path = target;
    request.headers.emplace_back("authorization", "Bearer " + token->token);
    return fixture_.router().handle(request);
  };
  EXPECT_EQ(bearer("/api/v1/contracts/nagano-2026-001").status, 200);
  EXPECT_EQ(bearer("/api/v1/contracts/kisarazu-2026-014").status, 404);
  EXPECT_EQ(bearer("/api/v1/contracts/nagano-2026-001/rosters/zenkoji-data/versions/1").status, 200);
  ASSERT_TRUE(fixture_.authenticator().revoke_token(token->id, domain::Actor::system()).ok());
  EXPECT_EQ(bearer("/api/v1/contracts/nagano-2026-001").status, 401);
}

TEST_F(ApiTest, RosterRoundTripThroughTheApi) {
  auto submitted =
      fixture_.call("yamada", http::Method::Post, "/api/v1/contracts/nagano-2026-001/rosters/shinano-is/versions",
                    roster_body("p-yamada", "p-sato", "p-kato"));
  ASSERT_EQ(submitted.status, 201) << submitted.raw.body;
  auto notifications = fixture_.call("kobayashi", http::Method::Get, "/api/v1/notifications");
  bool found = false;
  for (const auto& n : notifications.body["items"])
    if (n["subject"]["ja"].get<std::string>().find("第3版") != std::string::npos) found = true;
  EXPECT_TRUE(found) << notifications.raw.body;
  auto diff = fixture_.call("kobayashi", http::Method::Get,
                            "/api/v1/contracts/nagano-2026-001/rosters/shinano-is/diff?from=2&to=3");
  ASSERT_EQ(diff.status, 200);
  EXPECT_FALSE(diff.body["changes"].empty());
  auto ack = fixture_.call("kobayashi", http::Method::Post,
                           "/api/v1/contracts/nagano-2026-001/rosters/shinano-is/versions/3/acknowledgement");
  EXPECT_EQ(ack.status, 201) << ack.raw.body;
  auto version =
      fixture_.call("yamada", http::Method::Get, "/api/v1/contracts/nagano-2026-001/rosters/shinano-is/versions/3");
  EXPECT_EQ(version.body["acknowledged_by"], "p-kobayashi");
  auto invalid =
      fixture_.call("yamada", http::Method::Post, "/api/v1/contracts/nagano-2026-001/rosters/shinano-is/versions",
                    roster_body("p-yamada", "p-sato", "p-watanabe"));
  EXPECT_EQ(invalid.status, 400);
  EXPECT_EQ(invalid.body["error"]["code"], "roster.person_not_in_party");
  auto malformed = fixture_.call("yamada", http::Method::Post,
                                 "/api/v1/contracts/nagano-2026-001/rosters/shinano-is/versions", json{{"roster", 5}});
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(malformed.body["error"]["code"], "api.field_type");
}

TEST_F(ApiTest, ListsPageWithACursor) {
  auto first = fixture_.call("admin", http::Method::Get, "/api/v1/people?limit=3");
  ASSERT_EQ(first.status, 200);
  ASSERT_EQ(first.body["items"].size(), 3u);
  ASSERT_TRUE(first.body["next_cursor"].is_string());
  std::set<std::string> seen;
  std::string cursor = first.body["next_cursor"];
  for (const auto& p : first.body["items"]) seen.insert(p["id"]);
  while (!cursor.empty()) {
    auto next = fixture_.call("admin", http::Method::Get, "/api/v1/people?limit=3&cursor=" + cursor);
    for (const auto& p : next.body["items"]) EXPECT_TRUE(seen.insert(p["id"]).second) << "repeated " << p["id"];
    cursor = next.body["next_cursor"].is_string() ? next.body["next_cursor"].get<std::string>() : "";
  }
  auto all = fixture_.call("admin", http::Method::Get, "/api/v1/people?limit=500");
  EXPECT_EQ(seen.size(), all.body["items"].size());
  EXPECT_EQ(fixture_.call("admin", http::Method::Get, "/api/v1/people?limit=0").status, 400);
}

TEST_F(ApiTest, InclusionProofsAreGivenOnlyForEntriesTheCallerMaySee) {
  // The entry of the Kisarazu contract's creation.
  std::uint64_t kisarazu_entry = 0;
  for (std::uint64_t i = 1; i < fixture_.ledger().size(); ++i) {
    const auto entry = json::parse(fixture_.ledger().entry(i).value());
    if (entry["event"].value("type", "") == "contract.created" &&
        entry["event"].value("contract", "") == "kisarazu-2026-014")
      kisarazu_entry = i;
  }
  ASSERT_NE(kisarazu_entry, 0u);
  const auto target = "/api/v1/ledger/proofs/inclusion/" + std::to_string(kisarazu_entry);
  EXPECT_EQ(fixture_.call("takahashi", http::Method::Get, target).status, 200);
  EXPECT_EQ(fixture_.call("kobayashi", http::Method::Get, target).status, 404);
  EXPECT_EQ(fixture_.call("ito", http::Method::Get, target).status, 404);
}

TEST(AuthorizationMatrixCoverage, EveryRouteIsInTheMatrix) {
  ApiFixture fixture;
  std::set<std::string> covered;
  for (const auto& c : matrix()) {
    const auto path = c.target.substr(0, c.target.find('?'));
    const auto match = fixture.router().match(c.method, path);
    ASSERT_NE(match.route, nullptr) << c.what;
    covered.insert(match.route->name);
  }
  // The inclusion proof has its own test (InclusionProofsAreGivenOnlyForEntriesTheCallerMaySee).
  covered.insert("ledger.inclusion");
  for (const auto& route : fixture.router().routes())
    EXPECT_TRUE(covered.contains(route.name)) << route.name << " is not in the authorization matrix";
}

TEST(OpenApi, EveryRegisteredRouteIsDocumented) {
  ApiFixture fixture;
  const auto document = api::openapi_document();
  EXPECT_EQ(document["openapi"], "3.1.0");
  std::size_t documented = 0;
  for (const auto& [path, operations] : document["paths"].items()) documented += operations.size();
  for (const auto& route : fixture.router().routes()) {
    std::string method(http::to_string(route.method));
    for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    ASSERT_TRUE(document["paths"].contains(route.pattern)) << route.pattern << " is missing from openapi.json";
    EXPECT_TRUE(document["paths"][route.pattern].contains(method)) << method << " " << route.pattern;
    EXPECT_EQ(document["paths"][route.pattern][method]["operationId"], route.name);
  }
  EXPECT_EQ(documented, fixture.router().routes().size()) << "openapi.json documents a route that does not exist";
}

}  // namespace
}  // namespace itaku::testing
