// The JSON API through the router, with real sign-ins: the authorization matrix (every kind of
// route × every kind of caller), CSRF, API tokens, pagination, errors, and the OpenAPI document.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <memory>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "itaku/api/api.hpp"
#include "itaku/api/session.hpp"
#include "itaku/auth/authenticator.hpp"
#include "itaku/auth/rate_limiter.hpp"
#include "support/demo_app.hpp"

namespace itaku::testing {
namespace {

using nlohmann::json;
constexpr const char* kPassword = "correct horse battery staple";

struct Caller {
  std::string name;
  std::string login;  // empty: anonymous
};

// The demo behind the API, with a caller of every kind.
class ApiFixture : DemoApp {
 public:
  ApiFixture() : DemoApp("api.test/ledger") {
    api::register_api(router_, *app_);

    const auto sys = domain::Principal::system();
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
    // ID badges of 乙's workers (木更津市 第11条(1)), for the rows that return one and report one lost.
    run(domain::IssueBadge{"nagano-2026-001", "b-0", "p-tanaka", "2026-05-01", "2026-09-30"});
    run(domain::IssueBadge{"nagano-2026-001", "b-2", "p-kato", "2026-07-01", "2027-03-31"});
    // 乙's request to take 住民基本台帳データ out (長野市 第7), not yet decided.
    run(domain::RequestApproval{"nagano-2026-001",
                                "a-1",
                                "take_out",
                                "shinano-is",
                                "障害調査",
                                {"juminhyo-2026-04"},
                                {},
                                {"p-sato"},
                                {"USB-012"},
                                "本社 開発室",
                                "2026-10-01",
                                "2027-03-31",
                                0,
                                {"暗号化"},
                                ""});
    // 乙's laptop for 長野's contract (its measures not confirmed), and the migration program it
    // wrote, reported with its keeper and not yet acknowledged by the city (木更津市 第12条, 第5条-2).
    run(domain::RegisterDevice{"nagano-2026-001",
                               "pc-n1",
                               "computer",
                               "SN-0001",
                               "ノートPC（移行作業用）",
                               "shinano-is",
                               "",
                               "本社 開発室",
                               {"SSD 256GB"}});
    run(domain::RegisterAsset{"nagano-2026-001", "src-n1", "design", "移行プログラムソース", "created", "",
                              "Gitリポジトリ", "1", "p-suzuki", "本社 開発室"});
    run(domain::ReportCreatedAssets{
        "nagano-2026-001", "shinano-is", {}, "p-yamada", "契約終了後は本社で保管", "p-yamada"});
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
    auto request = request_for(method, target, body, "192.0.2.10");
    if (!login.empty()) {
      const auto& session = session_of(login, kPassword, "192.0.2.10");
      request.headers.emplace_back("cookie", std::string(api::kSessionCookie) + "=" + session.cookie);
      if (with_csrf) request.headers.emplace_back(api::kCsrfHeader, session.principal.csrf_token);
    }
    return reply_to(request);
  }

  // Sends the request with an API token, as a machine client does (no cookie, no CSRF token).
  Reply call_with_token(const std::string& token, http::Method method, const std::string& target,
                        const json& body = nullptr) {
    auto request = request_for(method, target, body, "192.0.2.30");
    request.headers.emplace_back("authorization", "Bearer " + token);
    return reply_to(request);
  }

  // A request as a client sends it: a JSON body as application/json, a string as it is
  // (e.g. TOML).
  static http::Request request_for(http::Method method, const std::string& target, const json& body,
                                   const std::string& address) {
    http::Request request;
    request.method = method;
    request.target = target;
    const auto q = target.find('?');
    request.path = target.substr(0, q);
    if (q != std::string::npos) request.query = http::parse_query(target.substr(q + 1));
    request.remote_address = address;
    if (body.is_string()) {
      request.body = body.get<std::string>();
    } else if (!body.is_null()) {
      request.body = body.dump();
      request.headers.emplace_back("content-type", "application/json");
    }
    return request;
  }

  Reply reply_to(http::Request& request) {
    auto response = router_.handle(request);
    json parsed;
    try {
      parsed = json::parse(response.body);
    } catch (const json::exception&) {
    }
    return Reply{response.status, parsed, response};
  }

  http::Router& router() { return router_; }
  service::Service& service() { return *service_; }
  api::AppContext& app() { return *app_; }
  auth::Authenticator& authenticator() { return *authenticator_; }
  ledger::Ledger& ledger() { return *ledger_; }
  SimulatedClock& clock() { return clock_; }
};

json roster_body(const std::string& responsible, const std::string& manager, const std::string& worker) {
  return {{"note", "変更"},
          {"roster",
           {{"responsible", responsible},
            {"information_manager", manager},
            {"workers", json::array({{{"person", worker}, {"work", "作業"}, {"from", "2026-10-01"}}})},
            {"locations",
             json::array({{{"id", "x"}, {"name", "作業室"}, {"address", "長野市"}, {"city_premises", false}}})},
            // The information manager may view 個人情報 (and so receive it, 木更津市 第11条(4)).
            {"access", json::array({{{"asset_class", "個人情報"}, {"person", manager}, {"permission", "view"}}})}}}};
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

// 乙's worker reads the personal data 長野市 handed over.
json decide_body() {
  return {{"contract", "nagano-2026-001"},
          {"person", "p-suzuki"},
          {"action", "read"},
          {"asset", "juminhyo-2026-04"},
          {"context", {{"location", "hq"}, {"purpose", "nagano-2026-001"}}}};
}

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
      {"read 長野's asset classes",
       M::Get,
       n + "/asset-classes",
       nullptr,
       {200, 200, 200, 404, 200, 200, 200, 404, 401}},
      {"define an asset class",
       M::Post,
       n + "/asset-classes",
       json{{"id", "minutes"}, {"name", "議事録"}, {"sensitive", "no"}, {"actions", {{"read", {"on_roster"}}}}},
       {201, 201, 403, 404, 403, 403, 403, 404, 401}},
      {"read the asset register", M::Get, n + "/assets", nullptr, {200, 200, 200, 404, 200, 200, 200, 404, 401}},
      {"read an asset 乙 holds",
       M::Get,
       n + "/assets/juminhyo-2026-04",
       nullptr,
       {200, 200, 200, 404, 200, 200, 404, 404, 401}},
      {"register an asset 乙 holds",
       M::Post,
       n + "/assets",
       json{{"id", "log-1"},
            {"class", "general"},
            {"description", "作業ログ"},
            {"origin", "created"},
            {"media", "ファイル"},
            {"custodian", "p-suzuki"}},
       {201, 403, 403, 404, 201, 403, 403, 404, 401}},
      {"read hand-overs", M::Get, n + "/transfers", nullptr, {200, 200, 200, 404, 200, 200, 200, 404, 401}},
      {"hand 乙's asset over",
       M::Post,
       n + "/transfers",
       json{{"assets", {"juminhyo-2026-04"}}, {"from", "p-yamada"}, {"to", "p-sato"}},
       {201, 403, 403, 404, 201, 403, 403, 404, 401}},
      {"acknowledge the city's hand-over again",
       M::Post,
       n + "/transfers/t-0001/acknowledgement",
       nullptr,
       {409, 403, 403, 404, 409, 409, 404, 404, 401}},
      {"cancel the city's hand-over once acknowledged",
       M::Post,
       n + "/transfers/t-0001/cancellation",
       json{{"reason", "宛先の誤り"}},
       {409, 409, 403, 404, 403, 403, 404, 404, 401}},
      {"download the receipt",
       M::Get,
       n + "/transfers/t-0001/receipt.pdf",
       nullptr,
       {200, 200, 200, 404, 200, 200, 404, 404, 401}},
      {"verify something that is not a receipt",
       M::Post,
       "/api/v1/receipts/verify",
       json("%PDF-1.5 not a receipt"),
       {400, 400, 400, 400, 400, 400, 400, 400, 400}},
      {"ask for a decision about 乙's worker",
       M::Post,
       "/api/v1/decide",
       decide_body(),
       {200, 403, 403, 404, 200, 403, 403, 404, 401}},
      {"ask for decisions in a batch",
       M::Post,
       "/api/v1/decide/batch",
       json{{"requests", json::array({decide_body()})}},
       {200, 403, 403, 404, 200, 403, 403, 404, 401}},
      {"report an observed access",
       M::Post,
       "/api/v1/access-events",
       [] {
         auto body = decide_body();
         body["context"]["time"] = "2026-09-21T01:00:00Z";
         return body;
       }(),
       {201, 403, 403, 404, 201, 403, 403, 404, 401}},
      {"read the badges", M::Get, n + "/badges", nullptr, {200, 200, 200, 404, 200, 200, 200, 404, 401}},
      {"report 乙's badge lost (no body: the note may be left out)",
       M::Post,
       n + "/badges/b-0/lost",
       nullptr,
       {201, 201, 403, 404, 201, 403, 404, 404, 401}},
      // 乙's responsible person is on every version of its roster the rows above leave.
      {"issue a badge to 乙's worker",
       M::Post,
       n + "/badges",
       json{{"number", "b-1"}, {"person", "p-yamada"}, {"issued", "2026-10-15"}, {"expires", "2027-03-31"}},
       {201, 201, 403, 404, 201, 403, 403, 404, 401}},
      {"record 乙's badge returned",
       M::Post,
       n + "/badges/b-2/return",
       nullptr,
       {201, 201, 403, 404, 201, 403, 404, 404, 401}},
      // The city's written approvals: 乙's managers ask and withdraw; only the city's approver
      // decides and revokes (小林 is this contract's officer, not its approver); 丙 does not see
      // 乙's request.
      {"read the approval requests", M::Get, n + "/approvals", nullptr, {200, 200, 200, 404, 200, 200, 200, 404, 401}},
      {"read 乙's approval request",
       M::Get,
       n + "/approvals/a-1",
       nullptr,
       {200, 200, 200, 404, 200, 200, 404, 404, 401}},
      {"ask the city to approve a take-out for 乙",
       M::Post,
       n + "/approvals",
       json{{"type", "take_out"},
            {"organisation", "shinano-is"},
            {"purpose", "障害調査"},
            {"assets", {"juminhyo-2026-04"}},
            {"people", {"p-sato"}},
            {"devices", {"USB-012"}},
            {"destination", "本社 開発室"},
            {"from", "2026-10-01"},
            {"until", "2027-03-31"},
            {"measures", {"暗号化"}}},
       {201, 403, 403, 404, 201, 403, 403, 404, 401}},
      {"approve 乙's request",
       M::Post,
       n + "/approvals/a-1/decision",
       json{{"outcome", "approved"}},
       {201, 403, 403, 404, 403, 403, 404, 404, 401}},
      // The rows run in order on one instance per caller: the administrator approved a-1 above,
      // so it is theirs to revoke and no longer 乙's to withdraw.
      {"withdraw 乙's request",
       M::Post,
       n + "/approvals/a-1/withdrawal",
       json{{"reason", "不要になった"}},
       {409, 403, 403, 404, 201, 403, 404, 404, 401}},
      {"revoke the approval",
       M::Post,
       n + "/approvals/a-1/revocation",
       json{{"reason", "誤り"}},
       {201, 403, 403, 404, 403, 403, 404, 404, 401}},
      // The 承認書 exists once the city approved (the administrator's a-1, revoked since, still
      // has its paper); for everyone else a-1 is still asked for, or withdrawn.
      {"download the approval document",
       M::Get,
       n + "/approvals/a-1/approval.pdf",
       nullptr,
       {200, 409, 409, 404, 409, 409, 404, 404, 401}},
      // People's obligations (長野市 第4, 第10): a party keeps its own people's training, NDAs and
      // acknowledgements (a worker their own); the city's officers record training and NDAs too.
      {"read training courses",
       M::Get,
       n + "/training/courses",
       nullptr,
       {200, 200, 200, 404, 200, 200, 200, 404, 401}},
      {"define a course for 乙's workers",
       M::Post,
       n + "/training/courses",
       json{{"id", "c-m"}, {"organisation", "shinano-is"}, {"title", "個人情報保護研修"}, {"valid_for", "P1Y"}},
       {201, 201, 403, 404, 201, 403, 403, 404, 401}},
      {"read training sessions",
       M::Get,
       n + "/training/sessions",
       nullptr,
       {200, 200, 200, 404, 200, 200, 200, 404, 401}},
      // (Where the course could not be defined above, it does not exist.)
      {"record a session of 乙's course",
       M::Post,
       n + "/training/sessions",
       json{{"course", "c-m"}, {"date", "2026-09-01"}, {"attendees", {"p-suzuki"}}},
       {201, 201, 404, 404, 201, 404, 404, 404, 401}},
      {"import attendance of 乙's course",
       M::Post,
       n + "/training/imports",
       json{{"course", "c-m"}, {"rows", {{{"person", "p-suzuki"}, {"completed", "2026-09-02"}, {"passed", true}}}}},
       {201, 201, 404, 404, 201, 404, 404, 404, 401}},
      {"read the workers' standing", M::Get, n + "/workers", nullptr, {200, 200, 200, 404, 200, 200, 200, 404, 401}},
      // (p-tanaka: the roster submitted above names no one else; a worker acknowledges for
      // themself only, so 乙's other worker may not.)
      {"acknowledge the provisions for 乙's worker",
       M::Post,
       n + "/acknowledgements",
       json{{"person", "p-tanaka"}, {"hash", "1594b6b9874227de5516ec54d8d0cf7a88faf70da341e1d5d966c3689d3bccd3"}},
       {201, 403, 403, 404, 201, 403, 403, 404, 401}},
      {"record 乙's worker's NDA",
       M::Post,
       n + "/pledges",
       json{{"person", "p-suzuki"},
            {"kind", "nda"},
            {"document_sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"},
            {"signed_on", "2026-06-01"}},
       {201, 201, 403, 404, 201, 403, 403, 404, 401}},
      // 長野市 第4: a party's training report is issued by its managers or the city's officers.
      {"issue 乙's training report",
       M::Post,
       n + "/training/reports",
       json{{"organisation", "shinano-is"}},
       {201, 201, 403, 404, 201, 403, 403, 404, 401}},
      {"read the training reports",
       M::Get,
       n + "/training/reports",
       nullptr,
       {200, 200, 200, 404, 200, 200, 200, 404, 401}},
      {"download a training report that is not one",
       M::Get,
       n + "/training/reports/1/report.pdf",
       nullptr,
       {404, 404, 404, 404, 404, 404, 404, 404, 401}},
      {"read the decision log", M::Get, n + "/decisions", nullptr, {200, 200, 200, 404, 200, 200, 200, 404, 401}},
      {"read reported accesses", M::Get, n + "/access-events", nullptr, {200, 200, 200, 404, 200, 200, 200, 404, 401}},
      {"read monitoring", M::Get, n + "/monitoring", nullptr, {200, 200, 200, 404, 200, 200, 200, 404, 401}},
      // 長野市 第3: the city's officers record their review of the monitoring, as themselves.
      {"record the city's review of the monitoring",
       M::Post,
       n + "/monitoring/reviews",
       json{{"note", "拒否を確認"}},
       {201, 201, 403, 404, 403, 403, 403, 404, 401}},
      // Per-clause compliance: the city's staff and every party's people of the contract (a
      // subcontractor its own findings); another contractor and the other city do not see it.
      {"read 長野's compliance", M::Get, n + "/compliance", nullptr, {200, 200, 200, 404, 200, 200, 200, 404, 401}},
      {"read 木更津's compliance", M::Get, k + "/compliance", nullptr, {200, 404, 404, 200, 200, 200, 404, 404, 401}},
      // A report, and the evidence package, as each reader may read it: issuing one records it.
      {"issue a compliance report",
       M::Post,
       n + "/compliance/reports",
       nullptr,
       {201, 201, 201, 404, 201, 201, 201, 404, 401}},
      {"download a report that is not one",
       M::Get,
       n + "/compliance/reports/1/report.csv",
       nullptr,
       {404, 404, 404, 404, 404, 404, 404, 404, 401}},
      // Devices and media (木更津市 第12条, 第14条): a party's managers register theirs, confirm
      // their measures (the city's staff too), destroy their media and retire them; 丙 does not
      // see 乙's device (404). The fixture's pc-n1 is 乙's.
      {"read the devices", M::Get, n + "/devices", nullptr, {200, 200, 200, 404, 200, 200, 200, 404, 401}},
      {"read 木更津's devices", M::Get, k + "/devices", nullptr, {200, 404, 404, 200, 200, 200, 404, 404, 401}},
      {"register a device for 乙",
       M::Post,
       n + "/devices",
       json{{"id", "pc-n2"},
            {"kind", "computer"},
            {"identifier", "SN-0002"},
            {"description", "ノートPC"},
            {"organisation", "shinano-is"},
            {"storage", {"SSD 512GB"}}},
       {201, 403, 403, 404, 201, 403, 403, 404, 401}},
      {"confirm the measures of 乙's device",
       M::Post,
       n + "/devices/pc-n1/confirm",
       json{{"measures", {"disk_encryption", "screen_lock"}}},
       {201, 201, 403, 404, 201, 403, 404, 404, 401}},
      {"destroy the media of 乙's device",
       M::Post,
       n + "/devices/pc-n1/destroy-media",
       json{{"method", "穿孔（ドリル）"},
            {"performed_by", "p-sato"},
            {"witnessed_by", "p-suzuki"},
            {"performed_on", "2026-09-20"}},
       {201, 403, 403, 404, 201, 403, 404, 404, 401}},
      // The 破壊報告書 of the destruction just above, where the caller could record it.
      {"download the report of the destroyed media",
       M::Get,
       n + "/devices/pc-n1/destructions/1/report.pdf",
       nullptr,
       {200, 404, 404, 404, 200, 404, 404, 404, 401}},
      // (Its media destroyed just above, where the caller could.)
      {"retire 乙's device",
       M::Post,
       n + "/devices/pc-n1/retire",
       json{{"reason", "disposed"}},
       {201, 403, 403, 404, 201, 403, 404, 404, 401}},
      // 返還・廃棄・消去 (長野市 第9, 木更津市 第5条): the city instructs and acknowledges, as the
      // person signed in; a party records what it did with what its people hold and reports what
      // it created.
      {"read the disposal instructions",
       M::Get,
       n + "/disposal-instructions",
       nullptr,
       {200, 200, 200, 404, 200, 200, 200, 404, 401}},
      {"instruct 乙 to dispose of the design document",
       M::Post,
       n + "/disposal-instructions",
       json{{"assets", {"spec-v3"}}, {"disposition", "disposed"}, {"due", "2026-10-31"}},
       {201, 201, 403, 404, 403, 403, 403, 404, 401}},
      {"read the acts of disposal", M::Get, n + "/disposals", nullptr, {200, 200, 200, 404, 200, 200, 200, 404, 401}},
      {"record 乙's disposal of the design document",
       M::Post,
       n + "/disposals",
       json{{"organisation", "shinano-is"},
            {"assets", {"spec-v3"}},
            {"disposition", "disposed"},
            {"method", "シュレッダー裁断"},
            {"performed_by", "p-sato"},
            {"witnessed_by", "p-yamada"},
            {"performed_on", "2026-09-20"}},
       {201, 403, 403, 404, 201, 403, 403, 404, 401}},
      {"download the certificate of 乙's disposal",
       M::Get,
       n + "/disposals/d-0001/certificate.pdf",
       nullptr,
       {200, 404, 404, 404, 200, 404, 404, 404, 401}},
      {"read the created-assets reports",
       M::Get,
       n + "/created-assets-reports",
       nullptr,
       {200, 200, 200, 404, 200, 200, 200, 404, 401}},
      // The report is made by a person of the party (the administrator is not one:
      // created_assets.by_invalid).
      {"report 乙's created assets",
       M::Post,
       n + "/created-assets-reports",
       json{{"organisation", "shinano-is"}, {"keeper", "p-yamada"}, {"note", "本社で保管"}},
       {400, 403, 403, 404, 201, 403, 403, 404, 401}},
      {"acknowledge 乙's created-assets report",
       M::Post,
       n + "/created-assets-reports/shinano-is/acknowledge",
       nullptr,
       {201, 201, 403, 404, 403, 403, 403, 404, 401}},
      {"read what keeps 長野's contract open",
       M::Get,
       n + "/outstanding",
       nullptr,
       {200, 200, 200, 404, 200, 200, 200, 404, 401}},
      // A 変更契約 is the city's to record.
      {"record an amendment of the contract",
       M::Post,
       n + "/amendments",
       json{{"note", "変更契約（作業範囲の追加）"}},
       {201, 201, 403, 404, 403, 403, 403, 404, 401}},
      {"download the evidence package",
       M::Post,
       n + "/evidence-package",
       nullptr,
       {200, 200, 200, 404, 200, 200, 200, 404, 401}},
      {"read the latest checkpoint",
       M::Get,
       "/api/v1/ledger/checkpoint",
       nullptr,
       {200, 200, 200, 200, 200, 200, 200, 200, 401}},
      {"read a consistency proof",
       M::Get,
       "/api/v1/ledger/proofs/consistency?from=1&to=2",
       nullptr,
       {200, 200, 200, 200, 200, 200, 200, 200, 401}},
      // The log as C2SP tlog-tiles: the checkpoint and the hashes to anyone signed in (public
      // only in the public hashes-only mode, tested on its own); the entries, every contract's
      // data, to those who may read every entry.
      {"read the log's checkpoint", M::Get, "/log/checkpoint", nullptr, {200, 200, 200, 200, 200, 200, 200, 200, 401}},
      {"read a tile of the log's hashes",
       M::Get,
       "/log/tile/0/000.p/1",
       nullptr,
       {200, 200, 200, 200, 200, 200, 200, 200, 401}},
      {"read a bundle of the log's entries",
       M::Get,
       "/log/tile/entries/000.p/1",
       nullptr,
       {200, 403, 403, 403, 403, 403, 403, 403, 401}},
      {"check health", M::Get, "/healthz", nullptr, {200, 200, 200, 200, 200, 200, 200, 200, 200}},
      {"check readiness", M::Get, "/readyz", nullptr, {200, 200, 200, 200, 200, 200, 200, 200, 200}},
      {"read metrics from another host", M::Get, "/metrics", nullptr, {200, 403, 403, 403, 403, 403, 403, 403, 401}},
      {"read the API document", M::Get, "/api/v1/openapi.json", nullptr, {200, 200, 200, 200, 200, 200, 200, 200, 200}},
      {"sign in with a wrong password",
       M::Post,
       "/api/v1/session",
       json{{"login", "yamada"}, {"password", "wrong-password"}},
       {401, 401, 401, 401, 401, 401, 401, 401, 401}},
      {"read one's session", M::Get, "/api/v1/session", nullptr, {200, 200, 200, 200, 200, 200, 200, 200, 401}},
      {"list organisations", M::Get, "/api/v1/organisations", nullptr, {200, 200, 200, 200, 200, 200, 200, 200, 401}},
      {"read the contractor",
       M::Get,
       "/api/v1/organisations/shinano-is",
       nullptr,
       {200, 200, 200, 200, 200, 200, 200, 404, 401}},
      {"list people", M::Get, "/api/v1/people", nullptr, {200, 200, 200, 200, 200, 200, 200, 200, 401}},
      {"register a person",
       M::Post,
       "/api/v1/people",
       json{{"id", "p-new"}, {"organisation", "shinano-is"}, {"name", "新人 太郎"}},
       {201, 403, 403, 403, 201, 403, 403, 403, 401}},
      {"record that 乙's developer left",
       M::Post,
       "/api/v1/people/p-tanaka/departure",
       json{{"reason", "left"}, {"effective", "2026-10-01"}},
       {201, 403, 403, 403, 201, 403, 404, 404, 401}},
      {"list contracts", M::Get, "/api/v1/contracts", nullptr, {200, 200, 200, 200, 200, 200, 200, 200, 401}},
      {"create a contract",
       M::Post,
       "/api/v1/contracts",
       json{{"id", "nagano-2027-009"},
            {"number", "長野市情政第2027-009号"},
            {"title", "試験業務"},
            {"department", "総務部"},
            {"city", "nagano-city"},
            {"contractor", "shinano-is"},
            {"period_from", "2027-04-01"},
            {"period_until", "2028-03-31"},
            {"work_description", "試験"},
            {"provisions_name", "nagano"}},
       {201, 201, 403, 403, 403, 403, 403, 403, 401}},
      {"list 長野's rosters", M::Get, n + "/rosters", nullptr, {200, 200, 200, 404, 200, 200, 200, 404, 401}},
      {"list the versions of 乙's roster",
       M::Get,
       n + "/rosters/shinano-is/versions",
       nullptr,
       {200, 200, 200, 404, 200, 200, 404, 404, 401}},
      {"list provision sets", M::Get, "/api/v1/provisions", nullptr, {200, 200, 200, 200, 200, 200, 200, 200, 401}},
      {"read 長野市's provisions",
       M::Get,
       "/api/v1/provisions/nagano/1",
       nullptr,
       {200, 200, 200, 200, 200, 200, 200, 200, 401}},
      {"import a malformed provision set",
       M::Post,
       "/api/v1/provisions",
       json("name = "),
       {400, 403, 403, 403, 403, 403, 403, 403, 401}},
      {"end the work of 長野's contract",
       M::Post,
       n + "/close",
       json::object(),
       {200, 200, 403, 404, 403, 403, 403, 404, 401}},
      // Last: it signs the caller out.
      {"sign out", M::Delete, "/api/v1/session", nullptr, {200, 200, 200, 200, 200, 200, 200, 200, 401}},
  };
}

// The same routes called with API tokens of every kind: 乙's (shinano-is) for 長野's contract
// with only `read`, only `decide`, only `access_report`; 乙's for all its contracts with every
// scope; 乙's issued without naming scopes (the default: decide, access_report); and 長野市's
// (the city's) with every scope, which sees nothing.
struct TokenKind {
  std::string name;
  auth::TokenRequest request;
};
const std::array<TokenKind, 6> kTokens = {{
    {"read", {"yamada", "shinano-is", "nagano-2026-001", "", {"read"}}},
    {"decide", {"yamada", "shinano-is", "nagano-2026-001", "", {"decide"}}},
    {"access_report", {"yamada", "shinano-is", "nagano-2026-001", "", {"access_report"}}},
    {"every_scope", {"yamada", "shinano-is", "", "", {"read", "decide", "access_report"}}},
    {"default_scopes", {"yamada", "shinano-is", "nagano-2026-001", "", {}}},
    {"city", {"kobayashi", "nagano-city", "", "", {"read", "decide", "access_report"}}},
}};

// Per case of matrix(), what each kind of token gets, in the order of kTokens. Reading needs
// `read`; deciding `decide`; reporting accesses `access_report`; every other write is a
// person's (403 auth.person_required).
std::map<std::string, std::array<int, 6>> token_matrix() {
  const std::array<int, 6> person_only = {403, 403, 403, 403, 403, 403};
  const std::array<int, 6> read_nagano = {200, 403, 403, 200, 403, 404};  // what 乙 reads on 長野's contract
  const std::array<int, 6> read_public = {200, 403, 403, 200, 403, 200};  // what every signed-in caller reads
  const std::array<int, 6> everyone = {200, 200, 200, 200, 200, 200};
  return {
      {"read 長野 contract", read_nagano},
      {"read 木更津 contract", {404, 403, 403, 200, 403, 404}},
      {"read 乙's roster", read_nagano},
      {"read 丙's roster", read_nagano},
      {"read 乙's roster diff", read_nagano},
      {"acknowledge 乙's roster", person_only},
      {"submit 乙's roster", person_only},
      {"submit 丙's roster", person_only},
      {"activate an active contract", person_only},
      {"read 丙's worker", read_nagano},
      {"read 木更津市's officer", {404, 403, 403, 200, 403, 404}},
      {"read notifications", read_public},
      {"register an organisation", person_only},
      {"read 長野's asset classes", read_nagano},
      {"define an asset class", person_only},
      {"read the asset register", read_nagano},
      {"read an asset 乙 holds", read_nagano},
      {"register an asset 乙 holds", person_only},
      {"read hand-overs", read_nagano},
      {"hand 乙's asset over", person_only},
      {"acknowledge the city's hand-over again", person_only},
      {"cancel the city's hand-over once acknowledged", person_only},
      {"download the receipt", read_nagano},
      {"verify something that is not a receipt", {400, 400, 400, 400, 400, 400}},
      {"ask for a decision about 乙's worker", {403, 200, 403, 200, 200, 404}},
      {"ask for decisions in a batch", {403, 200, 403, 200, 200, 404}},
      {"report an observed access", {403, 403, 201, 201, 201, 404}},
      {"read the badges", read_nagano},
      {"report 乙's badge lost (no body: the note may be left out)", person_only},
      {"issue a badge to 乙's worker", person_only},
      {"record 乙's badge returned", person_only},
      {"read training courses", read_nagano},
      {"define a course for 乙's workers", person_only},
      {"read training sessions", read_nagano},
      {"record a session of 乙's course", person_only},
      {"import attendance of 乙's course", person_only},
      {"read the workers' standing", read_nagano},
      {"acknowledge the provisions for 乙's worker", person_only},
      {"record 乙's worker's NDA", person_only},
      {"issue 乙's training report", person_only},
      {"read the training reports", read_nagano},
      {"download a training report that is not one", {404, 403, 403, 404, 403, 404}},
      {"read the approval requests", read_nagano},
      {"read 乙's approval request", read_nagano},
      {"ask the city to approve a take-out for 乙", person_only},
      {"approve 乙's request", person_only},
      {"withdraw 乙's request", person_only},
      {"revoke the approval", person_only},
      {"download the approval document", {409, 403, 403, 409, 403, 404}},
      {"read the decision log", read_nagano},
      {"read reported accesses", read_nagano},
      {"read monitoring", read_nagano},
      {"record the city's review of the monitoring", person_only},
      {"read 長野's compliance", read_nagano},
      {"read 木更津's compliance", {404, 403, 403, 200, 403, 404}},
      {"issue a compliance report", person_only},
      {"download a report that is not one", {404, 403, 403, 404, 403, 404}},
      {"read the devices", read_nagano},
      {"read 木更津's devices", {404, 403, 403, 200, 403, 404}},
      {"register a device for 乙", person_only},
      {"confirm the measures of 乙's device", person_only},
      {"destroy the media of 乙's device", person_only},
      // (No token could destroy the media or record the act: neither document exists.)
      {"download the report of the destroyed media", {404, 403, 403, 404, 403, 404}},
      {"retire 乙's device", person_only},
      {"read the disposal instructions", read_nagano},
      {"instruct 乙 to dispose of the design document", person_only},
      {"read the acts of disposal", read_nagano},
      {"record 乙's disposal of the design document", person_only},
      {"download the certificate of 乙's disposal", {404, 403, 403, 404, 403, 404}},
      {"read the created-assets reports", read_nagano},
      {"report 乙's created assets", person_only},
      {"acknowledge 乙's created-assets report", person_only},
      {"read what keeps 長野's contract open", read_nagano},
      {"record an amendment of the contract", person_only},
      {"download the evidence package", person_only},
      {"read the latest checkpoint", read_public},
      {"read a consistency proof", read_public},
      {"read the log's checkpoint", read_public},
      {"read a tile of the log's hashes", read_public},
      // A token is never an administrator: with `read` the rule refuses it (auth.forbidden).
      {"read a bundle of the log's entries", {403, 403, 403, 403, 403, 403}},
      {"check health", everyone},
      {"check readiness", everyone},
      {"read metrics from another host", person_only},
      {"read the API document", everyone},
      {"sign in with a wrong password", {401, 401, 401, 401, 401, 401}},
      {"read one's session", read_public},
      {"list organisations", read_public},
      {"read the contractor", read_nagano},
      {"list people", read_public},
      {"register a person", person_only},
      {"record that 乙's developer left", person_only},
      {"list contracts", read_public},
      {"create a contract", person_only},
      {"list 長野's rosters", read_nagano},
      {"list the versions of 乙's roster", read_nagano},
      {"list provision sets", read_public},
      {"read 長野市's provisions", read_public},
      {"import a malformed provision set", person_only},
      {"end the work of 長野's contract", person_only},
      {"sign out", person_only},
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

class TokenMatrix : public ::testing::TestWithParam<std::size_t> {};

TEST_P(TokenMatrix, EachTokenDoesExactlyWhatItsScopesAllowAndARefusalChangesNothing) {
  const auto& kind = kTokens[GetParam()];
  ApiFixture fixture;
  const auto token = fixture.authenticator().create_token(kind.request, domain::Principal::system());
  ASSERT_TRUE(token.ok()) << token.error().describe();
  ASSERT_TRUE(fixture.authenticator().from_token(token->token).ok());  // its first use is recorded now
  const auto expected = token_matrix();
  for (const auto& c : matrix()) {
    const auto row = expected.find(c.what);
    if (row == expected.end()) {
      ADD_FAILURE() << c.what << " is not in the token matrix";
      continue;
    }
    const auto size = fixture.ledger().size();
    const auto reply = fixture.call_with_token(token->token, c.method, c.target, c.body);
    EXPECT_EQ(reply.status, row->second[GetParam()]) << kind.name << ": " << c.what << " → " << reply.raw.body;
    // The OpenAPI document says the same: the token scope a route needs, or no token at all.
    const auto* route = fixture.router().match(c.method, c.target.substr(0, c.target.find('?'))).route;
    std::string method(http::to_string(c.method));
    for (auto& ch : method) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    json documented = nullptr;
    for (const auto& security :
         api::openapi_document()["paths"][route->pattern][method].value("security", json::array()))
      if (security.contains("token")) documented = security["token"][0];
    if (reply.status == 403 && reply.body["error"]["code"] == "auth.token_scope") {
      EXPECT_EQ(reply.body["error"]["details"]["scope"], documented) << c.what;
    }
    if (reply.status == 403 && reply.body["error"]["code"] == "auth.person_required") {
      EXPECT_TRUE(documented.is_null()) << c.what;
    }
    if (reply.status == 403) {
      const auto code = reply.body["error"]["code"].get<std::string>();
      const bool write = c.method != http::Method::Get;
      const bool reads = std::ranges::find(kind.request.scopes, "read") != kind.request.scopes.end();
      const bool refused_by_rule =
          c.what == "read metrics from another host" || (c.what == "read a bundle of the log's entries" && reads);
      EXPECT_EQ(code, refused_by_rule ? "auth.forbidden"
                      : write && !c.target.starts_with("/api/v1/decide") && c.target != "/api/v1/access-events"
                          ? "auth.person_required"
                          : "auth.token_scope")
          << kind.name << ": " << c.what;
      EXPECT_EQ(fixture.ledger().size(), size) << kind.name << ": " << c.what;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Tokens, TokenMatrix, ::testing::Range<std::size_t>(0, kTokens.size()),
                         [](const auto& info) { return kTokens[info.param].name; });

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

TEST_F(ApiTest, AnAddressWithTooManyFailedSignInsIsAnswered429WithWhenToRetry) {
  const json wrong = {{"login", "yamada"}, {"password", "not the password"}};
  for (int i = 0; i < 20; ++i) EXPECT_EQ(fixture_.call("", http::Method::Post, "/api/v1/session", wrong).status, 401);
  const json right = {{"login", "yamada"}, {"password", kPassword}};
  auto reply = fixture_.call("", http::Method::Post, "/api/v1/session", right);
  EXPECT_EQ(reply.status, 429);
  EXPECT_EQ(reply.body["error"]["code"], "auth.throttled");
  EXPECT_EQ(reply.raw.header("Retry-After").value_or(""), "900");
  EXPECT_EQ(reply.raw.header("Set-Cookie"), std::nullopt);
}

TEST_F(ApiTest, AnApiTokenActsWithinItsOrganisationAndContract) {
  auto token = fixture_.authenticator().create_token({"yamada", "shinano-is", "nagano-2026-001", "monitor", {"read"}},
                                                     domain::Principal::system());
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
  ASSERT_TRUE(fixture_.authenticator().revoke_token(token->id, domain::Principal::system()).ok());
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

TEST_F(ApiTest, InclusionProofsCarryTheEntryOnlyForThoseWhoMayReadIt) {
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
  const auto city = fixture_.call("takahashi", http::Method::Get, target);
  ASSERT_EQ(city.status, 200);
  EXPECT_EQ(city.body["entry"], fixture_.ledger().entry(kisarazu_entry).value());
  // Others may check that the entry is in the ledger, without its content.
  for (const std::string login : {"kobayashi", "ito"}) {
    const auto other = fixture_.call(login, http::Method::Get, target);
    ASSERT_EQ(other.status, 200) << login;
    EXPECT_FALSE(other.body.contains("entry")) << login;
    EXPECT_EQ(other.body["leaf_hash"], city.body["leaf_hash"]);
    EXPECT_EQ(other.body["hashes"], city.body["hashes"]);
    EXPECT_EQ(other.body["checkpoint"], city.body["checkpoint"]);
  }
  EXPECT_EQ(fixture_.call("ito", http::Method::Get, "/api/v1/ledger/proofs/inclusion/99999").status, 404);
  EXPECT_EQ(fixture_.call("", http::Method::Get, target).status, 401);
}

TEST_F(ApiTest, TheCitysHandOverHasAReceiptThatVerifiesAndATamperedOneDoesNot) {
  const std::string t = "/api/v1/contracts/nagano-2026-001/transfers/t-0001";
  const auto pdf = fixture_.call("yamada", http::Method::Get, t + "/receipt.pdf");
  ASSERT_EQ(pdf.status, 200) << pdf.raw.body;
  ASSERT_TRUE(pdf.raw.body.starts_with("%PDF"));
  const auto verified = fixture_.call("", http::Method::Post, "/api/v1/receipts/verify", json(pdf.raw.body));
  ASSERT_EQ(verified.status, 200) << verified.raw.body;
  EXPECT_EQ(verified.body["valid"], true);
  EXPECT_EQ(verified.body["contract"], "nagano-2026-001");
  EXPECT_EQ(verified.body["receipt"]["received_by_name"], "山田 太郎");
  EXPECT_EQ(verified.body["receipt"]["received_by_title"], "公共事業部 部長");
  EXPECT_EQ(verified.body["receipt"]["handed_over_by_title"], "情報政策課 主査");
  EXPECT_EQ(verified.body["receipt"]["items"].size(), 2u);
  // One character of the embedded entry changed: 2冊 becomes 3冊 (base64 of the proof, so
  // decode, edit, encode is what a forger would do; the proof then fails).
  auto forged = pdf.raw.body;
  const auto at = forged.find("itaku-receipt-v1:");
  ASSERT_NE(at, std::string::npos);
  forged[at + 40] = forged[at + 40] == 'A' ? 'B' : 'A';
  const auto refused = fixture_.call("", http::Method::Post, "/api/v1/receipts/verify", json(forged));
  EXPECT_GE(refused.status, 400);
  EXPECT_LT(refused.status, 500);
  EXPECT_TRUE(refused.body.contains("error")) << refused.raw.body;
}

TEST_F(ApiTest, AReceiptIsIssuedOnceAndAnyChangeToTheFileIsRefusedAsAltered) {
  const std::string t = "/api/v1/contracts/nagano-2026-001/transfers/t-0001";
  const auto pdf = fixture_.call("yamada", http::Method::Get, t + "/receipt.pdf");
  ASSERT_EQ(pdf.status, 200) << pdf.raw.body;
  const auto sha256 = pdf.raw.header("x-itaku-document-sha256");
  ASSERT_TRUE(sha256.has_value());
  // Downloaded again, by the city this time: the same file.
  const auto again = fixture_.call("kobayashi", http::Method::Get, t + "/receipt.pdf");
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(again.raw.body, pdf.raw.body);
  const auto verified = fixture_.call("", http::Method::Post, "/api/v1/receipts/verify", json(pdf.raw.body));
  ASSERT_EQ(verified.status, 200) << verified.raw.body;
  EXPECT_EQ(verified.body["document"]["sha256"], std::string(*sha256));
  EXPECT_EQ(verified.body["receipt"]["items"][1]["quantity"], "2冊");

  // An overlay appended (an incremental update): the embedded record is untouched, the file is not.
  const auto overlaid = fixture_.call(
      "", http::Method::Post, "/api/v1/receipts/verify",
      json(pdf.raw.body + "\n99 0 obj\n<< /Length 20 >>\nstream\nBT (3) Tj ET\nendstream\nendobj\n%%EOF\n"));
  EXPECT_EQ(overlaid.status, 422) << overlaid.raw.body;
  EXPECT_EQ(overlaid.body["error"]["code"], "receipt.altered");
  EXPECT_EQ(overlaid.body["error"]["details"]["issued_sha256"], std::string(*sha256)) << overlaid.raw.body;
  // One byte of the compressed page content changed.
  auto changed = pdf.raw.body;
  const auto stream = changed.find("stream\n", changed.find("/FlateDecode"));
  ASSERT_NE(stream, std::string::npos);
  changed[stream + 30] = static_cast<char>(changed[stream + 30] ^ 0x01);
  const auto refused = fixture_.call("", http::Method::Post, "/api/v1/receipts/verify", json(changed));
  EXPECT_EQ(refused.status, 422) << refused.raw.body;
  EXPECT_EQ(refused.body["error"]["code"], "receipt.altered");
}

TEST_F(ApiTest, ReceiptLinksLeadToThePublicUrlWhateverHostTheRequestNames) {
  http::Request request;
  request.headers.emplace_back("host", "attacker.example");
  // Unset: the request's own address (all the server knows), with its scheme.
  EXPECT_EQ(api::document_base_url(fixture_.app(), request), "http://attacker.example");
  request.secure = true;
  EXPECT_EQ(api::document_base_url(fixture_.app(), request), "https://attacker.example");
  // Set: always the configured address.
  fixture_.app().public_url = "https://itaku.city.example.lg.jp";
  EXPECT_EQ(api::document_base_url(fixture_.app(), request), "https://itaku.city.example.lg.jp");
}

TEST_F(ApiTest, ADecisionCitesTheContractsOwnClauseAndIsInTheDecisionLog) {
  auto token = fixture_.authenticator().create_token({"yamada", "shinano-is", "nagano-2026-001", "gate"},
                                                     domain::Principal::system());
  ASSERT_TRUE(token.ok());
  http::Request request;
  request.method = http::Method::Post;
  request.target = request.path = "/api/v1/decide";
  request.remote_address = "192.0.2.10";
  request.headers.emplace_back("authorization", "Bearer " + token->token);
  request.body = json{{"person", "p-suzuki"},
                      {"action", "read"},
                      {"asset", "juminhyo-2026-04"},
                      {"context", {{"location", "hq"}, {"purpose", "nagano-2026-001"}}}}
                     .dump();
  const auto response = fixture_.router().handle(request);
  ASSERT_EQ(response.status, 200) << response.body;
  const auto decision = json::parse(response.body);
  EXPECT_EQ(decision["decision"], "deny");
  EXPECT_EQ(decision["reasons"][0]["clause"], "長野市 第4");
  EXPECT_EQ(decision["reasons"][0]["code"], "decision.training_missing");
  EXPECT_FALSE(decision["reasons"][0]["message"]["ja"].get<std::string>().empty());
  const auto log = fixture_.call("kobayashi", http::Method::Get,
                                 "/api/v1/contracts/nagano-2026-001/decisions?person=p-suzuki&effect=deny&limit=1");
  ASSERT_EQ(log.status, 200);
  ASSERT_EQ(log.body["items"].size(), 1u);
  EXPECT_EQ(log.body["items"][0]["ledger_index"], decision["ledger_index"]);
  EXPECT_EQ(log.body["items"][0]["clause"], "長野市 第4");
  // The subcontractor does not see 乙's people's decisions.
  const auto hidden =
      fixture_.call("ito", http::Method::Get, "/api/v1/contracts/nagano-2026-001/decisions?person=p-suzuki");
  ASSERT_EQ(hidden.status, 200);
  EXPECT_TRUE(hidden.body["items"].empty());
  // Malformed requests are refused with a code and record nothing.
  request.body = R"({"person":"p-suzuki","action":"fly","asset":"juminhyo-2026-04"})";
  const auto refused = fixture_.router().handle(request);
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(json::parse(refused.body)["error"]["code"], "decide.action_invalid");
}

// Runs a route's asynchronous handler (what the server runs on its I/O thread) and returns its
// answer; work it hands to the handler pool runs here.
http::Response run_waitless(http::Router& router, http::Request& request) {
  struct Answer : http::Completion::Target {
    std::promise<http::Response> response;
    std::atomic<bool> answered{false};
    void reply(std::function<http::Response()> make) override {
      if (!answered.exchange(true)) response.set_value(make());
    }
    void block(std::function<http::Response()> work) override {
      if (!answered.exchange(true)) response.set_value(work());
    }
  };
  const auto* route = router.route(request);
  EXPECT_TRUE(route && route->async_handler);
  auto answer = std::make_shared<Answer>();
  auto future = answer->response.get_future();
  route->async_handler(request, http::Completion(answer));
  // A decision is answered once its ledger batch is durable, from the ledger's writer thread.
  if (future.wait_for(std::chrono::seconds(10)) != std::future_status::ready)
    return http::Response::text(599, "no answer", "text/plain");
  return future.get();
}

TEST_F(ApiTest, ATokenOverItsRateIsAnswered429WithRetryAfterAndRecordsNothing) {
  // Ten decisions a second and twenty at once per token.
  fixture_.app().limiter.set_limits(RateLimits{{10, 20}, {20, 600}});
  auto token_of = [&](const std::string& label) {
    auto token = fixture_.authenticator().create_token({"yamada", "shinano-is", "nagano-2026-001", label},
                                                       domain::Principal::system());
    EXPECT_TRUE(token.ok());
    return token.release_value();
  };
  const auto first_token = token_of("gate"), second_token = token_of("batch");
  const auto &first = first_token.token, &second = second_token.token;
  auto decisions_about_tanaka = [&] {
    service::LogFilter filter;
    filter.contract = "nagano-2026-001";
    filter.person = "p-tanaka";
    filter.limit = 500;
    const auto log = fixture_.app().service.decision_log(filter);
    EXPECT_TRUE(log.ok());
    return log.ok() ? log->size() : 0;
  };
  const auto tanaka_before = decisions_about_tanaka();
  const json one = {{"person", "p-tanaka"},
                    {"action", "read"},
                    {"asset", "spec-v3"},
                    {"context", {{"location", "hq"}, {"purpose", "nagano-2026-001"}}}};
  auto request = [&](const std::string& token, const std::string& path, std::string body) {
    http::Request r;
    r.method = http::Method::Post;
    r.target = r.path = path;
    r.remote_address = "192.0.2.10";
    r.headers.emplace_back("authorization", "Bearer " + token);
    r.body = std::move(body);
    return r;
  };
  // A batch of twenty costs twenty: the whole bucket.
  json batch = {{"requests", json::array()}};
  for (int i = 0; i < 20; ++i) batch["requests"].push_back(one);
  auto full = request(first, "/api/v1/decide/batch", batch.dump());
  ASSERT_EQ(fixture_.router().handle(full).status, 200);
  const auto size = fixture_.ledger().size();
  // The next decision, on either path, is refused with when to retry, and nothing is recorded.
  for (const bool waitless : {false, true}) {
    auto next = request(first, "/api/v1/decide", one.dump());
    const auto refused = waitless ? run_waitless(fixture_.router(), next) : fixture_.router().handle(next);
    EXPECT_EQ(refused.status, 429) << refused.body;
    EXPECT_EQ(json::parse(refused.body)["error"]["code"], "rate.limited");
    EXPECT_EQ(refused.header("Retry-After").value_or(""), "1");
  }
  auto accesses = request(first, "/api/v1/access-events",
                          json{{"person", "p-tanaka"},
                               {"action", "read"},
                               {"asset", "spec-v3"},
                               {"context", {{"location", "hq"}, {"time", "2026-09-21T01:00:00Z"}}}}
                              .dump());
  EXPECT_EQ(fixture_.router().handle(accesses).status, 429);
  EXPECT_EQ(fixture_.ledger().size(), size);
  // Another token has a bucket of its own.
  auto other = request(second, "/api/v1/decide", one.dump());
  EXPECT_EQ(run_waitless(fixture_.router(), other).status, 200);
  // A tenth of a second later one decision has flowed back into the first token's bucket.
  fixture_.clock().advance(std::chrono::milliseconds(100));
  auto again = request(first, "/api/v1/decide", one.dump());
  EXPECT_EQ(run_waitless(fixture_.router(), again).status, 200);
  auto more = request(first, "/api/v1/decide", one.dump());
  EXPECT_EQ(fixture_.router().handle(more).status, 429);
  // In all: the batch of twenty, the other token's decision and the one after the wait.
  EXPECT_EQ(decisions_about_tanaka(), tanaka_before + 22);
}

TEST_F(ApiTest, ASignedInUserOverTheirRateIsAnswered429) {
  fixture_.app().limiter.set_limits(RateLimits{{100, 2000}, {1, 3}});
  for (int i = 0; i < 3; ++i) EXPECT_EQ(fixture_.call("kobayashi", http::Method::Get, "/api/v1/contracts").status, 200);
  const auto refused = fixture_.call("kobayashi", http::Method::Get, "/api/v1/contracts");
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(refused.body["error"]["code"], "rate.limited");
  EXPECT_EQ(refused.raw.header("Retry-After").value_or(""), "1");
  EXPECT_EQ(fixture_.call("yamada", http::Method::Get, "/api/v1/contracts").status, 200);
  fixture_.clock().advance(std::chrono::seconds(1));
  EXPECT_EQ(fixture_.call("kobayashi", http::Method::Get, "/api/v1/contracts").status, 200);
}

TEST_F(ApiTest, ACityOrganisationsTokenSeesNoOneAndCreatesNothing) {
  const auto token = fixture_.authenticator()
                         .create_token({"kobayashi", "nagano-city", "", "", {"read", "decide", "access_report"}},
                                       domain::Principal::system())
                         .release_value();
  for (const std::string list :
       {"/api/v1/contracts", "/api/v1/people", "/api/v1/organisations", "/api/v1/notifications"}) {
    const auto reply = fixture_.call_with_token(token.token, http::Method::Get, list);
    ASSERT_EQ(reply.status, 200) << list;
    EXPECT_TRUE(reply.body["items"].empty()) << list << " → " << reply.raw.body;
  }
  EXPECT_EQ(fixture_.call_with_token(token.token, http::Method::Get, "/api/v1/people/p-kobayashi").status, 404);
  EXPECT_EQ(fixture_.call_with_token(token.token, http::Method::Get, "/api/v1/organisations/nagano-city").status, 404);
  const auto size = fixture_.ledger().size();
  const auto created = fixture_.call_with_token(token.token, http::Method::Post, "/api/v1/contracts",
                                                json{{"id", "nagano-2027-010"},
                                                     {"number", "長野市情政第2027-010号"},
                                                     {"title", "試験業務"},
                                                     {"department", "総務部"},
                                                     {"city", "nagano-city"},
                                                     {"contractor", "shinano-is"},
                                                     {"period_from", "2027-04-01"},
                                                     {"period_until", "2028-03-31"},
                                                     {"work_description", "試験"},
                                                     {"provisions_name", "nagano"}});
  EXPECT_EQ(created.status, 403);
  EXPECT_EQ(created.body["error"]["code"], "auth.person_required");
  EXPECT_EQ(fixture_.ledger().size(), size);
  EXPECT_EQ(fixture_.call("admin", http::Method::Get, "/api/v1/contracts/nagano-2027-010").status, 404);
}

// The finding of `control` for `party` in a compliance answer (docs/COMPLIANCE.md), or null.
json finding_of(const json& answer, const std::string& control, const json& party) {
  for (const auto& clause : answer["clauses"])
    for (const auto& c : clause["controls"])
      if (c["id"] == control)
        for (const auto& f : c["findings"])
          if (f["party"] == party) return f;
  return nullptr;
}

TEST_F(ApiTest, ComplianceAsOfADateBeforeTheCityAcknowledgedTheRosterShowsItDueAndNowMet) {
  const std::string c = "/api/v1/contracts/nagano-2026-001/compliance";
  fixture_.clock().advance(std::chrono::hours(24));  // 2026-09-22T14:13:20Z
  ASSERT_EQ(fixture_
                .call("kobayashi", http::Method::Post,
                      "/api/v1/contracts/nagano-2026-001/rosters/shinano-is/versions/2/acknowledgement")
                .status,
            201);
  const auto now = fixture_.call("audit", http::Method::Get, c);
  ASSERT_EQ(now.status, 200) << now.raw.body;
  EXPECT_EQ(finding_of(now.body, "roster.notified", "shinano-is")["status"], "met");
  const auto before = fixture_.call("audit", http::Method::Get, c + "?at=2026-09-22T00:00:00Z");
  ASSERT_EQ(before.status, 200) << before.raw.body;
  EXPECT_EQ(before.body["at"], "2026-09-22T00:00:00.000000Z");
  const auto then = finding_of(before.body, "roster.notified", "shinano-is");
  EXPECT_EQ(then["status"], "due");
  EXPECT_EQ(then["due"], "2026-10-05");
  EXPECT_FALSE(then["evidence"]["ledger_indices"].empty());
  EXPECT_FALSE(then["evidence"]["message"]["ja"].get<std::string>().empty());
  // A date is the start of that day in Japan: 2026-09-22 00:00 JST is before the acknowledgement.
  EXPECT_EQ(finding_of(fixture_.call("audit", http::Method::Get, c + "?at=2026-09-22").body, "roster.notified",
                       "shinano-is")["status"],
            "due");
}

// 長野市 第3: the officer's review of the monitoring turns access.monitored from due to met; the
// reviews are listed to the city only (a note speaks of every party's people).
TEST_F(ApiTest, TheCitysReviewOfTheMonitoringIsListedToTheCityAndMeetsTheControl) {
  const std::string n = "/api/v1/contracts/nagano-2026-001";
  auto monitored = [&] {
    return finding_of(fixture_.call("audit", http::Method::Get, n + "/compliance").body, "access.monitored", nullptr);
  };
  EXPECT_EQ(monitored()["status"], "due");
  const auto reviewed =
      fixture_.call("kobayashi", http::Method::Post, n + "/monitoring/reviews", json{{"note", "拒否3件を確認"}});
  ASSERT_EQ(reviewed.status, 201) << reviewed.raw.body;
  const auto index = reviewed.body["ledger_index"].get<std::uint64_t>();
  EXPECT_EQ(monitored()["status"], "met");
  EXPECT_EQ(monitored()["evidence"]["ledger_indices"][0], index);

  const auto city = fixture_.call("audit", http::Method::Get, n + "/monitoring");
  ASSERT_EQ(city.body["reviews"].size(), 1u);
  EXPECT_EQ(city.body["reviews"][0]["by"], "p-kobayashi");
  EXPECT_EQ(city.body["reviews"][0]["note"], "拒否3件を確認");
  EXPECT_EQ(city.body["reviews"][0]["ledger_index"], index);
  EXPECT_TRUE(fixture_.call("yamada", http::Method::Get, n + "/monitoring").body["reviews"].empty());
  // The reviewer is the person signed in: a body that names another is refused and records nothing.
  const auto as_other =
      fixture_.call("kobayashi", http::Method::Post, n + "/monitoring/reviews", json{{"by", "p-audit"}});
  EXPECT_EQ(as_other.status, 400) << as_other.raw.body;
  EXPECT_EQ(as_other.body["error"]["code"], "api.path_mismatch");
  EXPECT_EQ(fixture_.call("audit", http::Method::Get, n + "/monitoring").body["reviews"].size(), 1u);
}

TEST_F(ApiTest, ABadTimeIsRefusedWithItsCodeButOnlyToThoseWhoSeeTheContract) {
  const std::string c = "/api/v1/contracts/nagano-2026-001/compliance";
  for (const auto* at : {"?at=2026-02-30", "?at=", "?at=tomorrow", "?at=2027-01-01", "?at=2020-01-01"}) {
    const auto refused = fixture_.call("kobayashi", http::Method::Get, c + at);
    EXPECT_EQ(refused.status, 400) << at;
    const auto code = refused.body["error"]["code"].get<std::string>();
    EXPECT_TRUE(code == "compliance.bad_at" || code == "compliance.at_future" ||
                code == "compliance.at_before_contract")
        << at << ": " << code;
    EXPECT_FALSE(refused.body["error"]["message"]["ja"].get<std::string>().empty());
    EXPECT_FALSE(refused.body["error"]["message"]["en"].get<std::string>().empty());
  }
  EXPECT_EQ(fixture_.call("kobayashi", http::Method::Get, c + "?at=2026-02-30").body["error"]["code"],
            "compliance.bad_at");
  EXPECT_EQ(fixture_.call("kobayashi", http::Method::Get, c + "?at=2027-01-01").body["error"]["code"],
            "compliance.at_future");
  EXPECT_EQ(fixture_.call("other", http::Method::Get, c + "?at=2026-02-30").status, 404);
  EXPECT_EQ(fixture_.call("takahashi", http::Method::Get, c + "?at=2026-02-30").status, 404);
  EXPECT_EQ(fixture_.call("other", http::Method::Get, c + "?at=").status, 404);
}

TEST_F(ApiTest, ASubcontractorReadsOnlyItsOwnPartysFindingsAndTheContractorAll) {
  const std::string c = "/api/v1/contracts/nagano-2026-001/compliance";
  const auto sub = fixture_.call("ito", http::Method::Get, c);
  ASSERT_EQ(sub.status, 200) << sub.raw.body;
  std::size_t findings = 0;
  for (const auto& clause : sub.body["clauses"])
    for (const auto& control : clause["controls"]) {
      EXPECT_EQ(control["subject"], "party") << control["id"];
      for (const auto& f : control["findings"]) {
        EXPECT_EQ(f["party"], "zenkoji-data") << control["id"];
        ++findings;
      }
    }
  EXPECT_GT(findings, 0u);
  const auto contractor = fixture_.call("yamada", http::Method::Get, c);
  ASSERT_EQ(contractor.status, 200);
  EXPECT_EQ(finding_of(contractor.body, "roster.notified", "zenkoji-data")["status"], "due");
  EXPECT_EQ(finding_of(contractor.body, "asset.classes_defined", nullptr)["status"], "met");
  EXPECT_EQ(contractor.body["counts"], fixture_.call("kobayashi", http::Method::Get, c).body["counts"]);
}

TEST_F(ApiTest, AContractorsTokenCannotAcknowledgeAHandOverSoIssuesNoReceipt) {
  // The city hands the personal data over again, to 乙's information manager.
  const std::string n = "/api/v1/contracts/nagano-2026-001";
  auto transfers = [&] { return fixture_.call("admin", http::Method::Get, n + "/transfers?limit=500").body["items"]; };
  const auto back = fixture_.call("yamada", http::Method::Post, n + "/transfers",
                                  json{{"assets", {"juminhyo-2026-04"}}, {"from", "p-yamada"}, {"to", "p-kobayashi"}});
  ASSERT_EQ(back.status, 201) << back.raw.body;
  std::string transfer;
  for (const auto& t : transfers())
    if (t["acknowledged_by"].is_null()) transfer = t["id"];
  ASSERT_FALSE(transfer.empty());
  ASSERT_EQ(fixture_.call("kobayashi", http::Method::Post, n + "/transfers/" + transfer + "/acknowledgement").status,
            201);
  const auto again = fixture_.call("kobayashi", http::Method::Post, n + "/transfers",
                                   json{{"assets", {"juminhyo-2026-04"}}, {"from", "p-kobayashi"}, {"to", "p-yamada"}});
  ASSERT_EQ(again.status, 201) << again.raw.body;
  std::string pending;
  for (const auto& t : transfers())
    if (t["acknowledged_by"].is_null()) pending = t["id"];
  ASSERT_FALSE(pending.empty());

  const auto token = fixture_.authenticator()
                         .create_token({"yamada", "shinano-is", "", "", {"read", "decide", "access_report"}},
                                       domain::Principal::system())
                         .release_value();
  ASSERT_TRUE(fixture_.authenticator().from_token(token.token).ok());
  const auto size = fixture_.ledger().size();
  const auto refused =
      fixture_.call_with_token(token.token, http::Method::Post, n + "/transfers/" + pending + "/acknowledgement");
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.body["error"]["code"], "auth.person_required");
  EXPECT_FALSE(refused.body["error"]["message"]["ja"].get<std::string>().empty());
  EXPECT_EQ(fixture_.ledger().size(), size);
  for (const auto& t : transfers())
    if (t["id"] == pending) {
      EXPECT_TRUE(t["receipt_index"].is_null());
    }
  // The person acknowledges, and the receipt is issued.
  EXPECT_EQ(fixture_.call("yamada", http::Method::Post, n + "/transfers/" + pending + "/acknowledgement").status, 201);
}

TEST_F(ApiTest, ATokensActionsAreRecordedAsTheTokenAndAPersonsAsThePerson) {
  const auto token = fixture_.authenticator()
                         .create_token({"yamada", "shinano-is", "nagano-2026-001", "gate", {"decide", "access_report"}},
                                       domain::Principal::system())
                         .release_value();
  const auto by_token = fixture_.call_with_token(token.token, http::Method::Post, "/api/v1/decide", decide_body());
  ASSERT_EQ(by_token.status, 200) << by_token.raw.body;
  const auto by_person = fixture_.call("yamada", http::Method::Post, "/api/v1/decide", decide_body());
  ASSERT_EQ(by_person.status, 200) << by_person.raw.body;
  auto actor_at = [&](const json& index) {
    return json::parse(fixture_.ledger().entry(index.get<std::uint64_t>()).value())["event"]["actor"];
  };
  EXPECT_EQ(actor_at(by_token.body["ledger_index"]), "token:" + token.id);
  EXPECT_EQ(actor_at(by_person.body["ledger_index"]), "person:p-yamada");
  const auto log = fixture_.call("kobayashi", http::Method::Get,
                                 "/api/v1/contracts/nagano-2026-001/decisions?person=p-suzuki&limit=2");
  ASSERT_EQ(log.body["items"].size(), 2u);
  EXPECT_EQ(log.body["items"][0]["actor"], "person:p-yamada");
  EXPECT_EQ(log.body["items"][1]["actor"], "token:" + token.id);
  // Its use, too, is the token's.
  bool used = false;
  for (std::uint64_t i = 0; i < fixture_.ledger().size(); ++i) {
    const auto event = json::parse(fixture_.ledger().entry(i).value())["event"];
    if (event["type"] == "token.used") {
      EXPECT_EQ(event["actor"], "token:" + token.id);
      used = true;
    }
  }
  EXPECT_TRUE(used);
}

// What a server gives the asynchronous handler: the answer, from whichever thread gives it.
struct CapturedAnswer : http::Completion::Target {
  std::promise<http::Response> answer;
  void reply(std::function<http::Response()> make) override { answer.set_value(make()); }
  void block(std::function<http::Response()> work) override { answer.set_value(work()); }
};

TEST_F(ApiTest, TheWaitlessDecisionPathChecksTheTokensScopeLikeTheOrdinaryOne) {
  const auto* route = fixture_.router().match(http::Method::Post, "/api/v1/decide").route;
  ASSERT_NE(route, nullptr);
  ASSERT_TRUE(route->async_handler);
  auto ask = [&](const std::string& token) {
    // Used once already, so this use is not due to be recorded: the waitless path serves it.
    EXPECT_TRUE(fixture_.authenticator().from_token(token).ok());
    http::Request request;
    request.method = http::Method::Post;
    request.target = request.path = "/api/v1/decide";
    request.remote_address = "192.0.2.30";
    request.headers.emplace_back("authorization", "Bearer " + token);
    request.body = decide_body().dump();
    auto target = std::make_shared<CapturedAnswer>();
    auto answer = target->answer.get_future();
    route->async_handler(request, http::Completion(target));
    return answer.get();
  };
  const auto reader = fixture_.authenticator()
                          .create_token({"yamada", "shinano-is", "nagano-2026-001", "", {"read", "access_report"}},
                                        domain::Principal::system())
                          .release_value();
  const auto decider =
      fixture_.authenticator()
          .create_token({"yamada", "shinano-is", "nagano-2026-001", "", {"decide"}}, domain::Principal::system())
          .release_value();
  ASSERT_TRUE(fixture_.authenticator().from_token(reader.token).ok());
  ASSERT_TRUE(fixture_.authenticator().from_token(decider.token).ok());
  const auto size = fixture_.ledger().size();
  const auto refused = ask(reader.token);
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(json::parse(refused.body)["error"]["code"], "auth.token_scope");
  EXPECT_EQ(fixture_.ledger().size(), size);
  const auto decided = ask(decider.token);
  EXPECT_EQ(decided.status, 200) << decided.body;
  EXPECT_GT(fixture_.ledger().size(), size);  // the decision is recorded
}

// What each caller reads of `list` (a list route's items), by the member `key`.
std::set<std::string> listed(ApiFixture& fixture, const std::string& login, const std::string& list,
                             const std::string& key) {
  const auto reply = fixture.call(login, http::Method::Get, list + "?limit=500");
  EXPECT_EQ(reply.status, 200) << login << " " << list << " → " << reply.raw.body;
  std::set<std::string> keys;
  for (const auto& item : reply.body["items"]) keys.insert(item[key].get<std::string>());
  return keys;
}

// 木更津市 第12条, 第14条; 長野市 第9: 丙 (善光寺データ, p-ito) reads its own party's devices,
// acts of disposal and what it must still do before the contract closes, never 乙's; the city
// and 乙 (who answers for its subcontractor) read both.
TEST_F(ApiTest, ASubcontractorDoesNotSeeTheContractorsDevicesDisposalsOrOutstandingItems) {
  const std::string n = "/api/v1/contracts/nagano-2026-001";
  using M = http::Method;
  ASSERT_EQ(fixture_
                .call("yamada", M::Post, n + "/disposals",
                      json{{"assets", {"spec-v3"}},
                           {"disposition", "disposed"},
                           {"method", "シュレッダー裁断"},
                           {"performed_by", "p-sato"},
                           {"performed_on", "2026-09-20"}})
                .status,
            201);
  ASSERT_EQ(fixture_
                .call("kobayashi", M::Post, n + "/disposal-instructions",
                      json{{"assets", {"juminhyo-2026-04"}}, {"disposition", "erased"}, {"due", "2026-10-31"}})
                .status,
            201);
  const auto own = fixture_.call(
      "ito", M::Post, n + "/devices",
      json{{"id", "zd-1"}, {"kind", "media"}, {"identifier", "USB-0101"}, {"description", "暗号化USBメモリ 16GB"}});
  ASSERT_EQ(own.status, 201) << own.raw.body;

  EXPECT_EQ(listed(fixture_, "ito", n + "/devices", "id"), std::set<std::string>{"zd-1"});
  EXPECT_TRUE(listed(fixture_, "ito", n + "/disposals", "id").empty());
  EXPECT_TRUE(listed(fixture_, "ito", n + "/disposal-instructions", "id").empty());
  EXPECT_TRUE(listed(fixture_, "ito", n + "/created-assets-reports", "organisation").empty());
  EXPECT_EQ(listed(fixture_, "ito", n + "/outstanding", "organisation"), std::set<std::string>{"zenkoji-data"});
  // Nor may they act on 乙's device: it does not exist for them.
  EXPECT_EQ(fixture_.call("ito", M::Post, n + "/devices/pc-n1/retire", json{{"reason", "disposed"}}).status, 404);
  EXPECT_EQ(fixture_.call("ito", M::Post, n + "/devices/pc-n1/confirm", json{{"measures", {"locked_storage"}}}).status,
            404);

  for (const std::string login : {"kobayashi", "yamada"}) {
    EXPECT_EQ(listed(fixture_, login, n + "/devices", "id"), (std::set<std::string>{"pc-n1", "zd-1"})) << login;
    EXPECT_EQ(listed(fixture_, login, n + "/disposals", "id"), std::set<std::string>{"d-0001"}) << login;
    EXPECT_EQ(listed(fixture_, login, n + "/disposal-instructions", "id"), std::set<std::string>{"i-0001"}) << login;
    EXPECT_EQ(listed(fixture_, login, n + "/created-assets-reports", "organisation"),
              std::set<std::string>{"shinano-is"})
        << login;
    const auto outstanding = listed(fixture_, login, n + "/outstanding", "organisation");
    EXPECT_TRUE(outstanding.contains("shinano-is") && outstanding.contains("zenkoji-data")) << login;
  }
  // Names, not only ids.
  const auto devices = fixture_.call("kobayashi", M::Get, n + "/devices").body["items"];
  ASSERT_EQ(devices.size(), 2u);
  EXPECT_EQ(devices[0]["kind_ja"], "パソコン");
  EXPECT_EQ(devices[0]["organisation_name"], "株式会社しなの情報システム");
  EXPECT_EQ(devices[0]["media_left"], json::array({"SSD 256GB"}));
  EXPECT_FALSE(devices[0]["managed"].get<bool>());
  EXPECT_EQ(devices[1]["storage"], json::array({"暗号化USBメモリ 16GB（USB-0101）"}));
  const auto disposal = fixture_.call("yamada", M::Get, n + "/disposals").body["items"][0];
  EXPECT_EQ(disposal["assets"][0]["description"], "住民記録システム設計書 第3版");
  EXPECT_EQ(disposal["performed_by_name"], "佐藤 花子");
  EXPECT_EQ(disposal["disposition_ja"], "廃棄");
  EXPECT_EQ(disposal["certificate"]["path"], n + "/disposals/d-0001/certificate.pdf");
  EXPECT_TRUE(disposal["certificate"]["issued"].is_null());
  // The act has no certificate yet: the contract cannot close for it (長野市 第9-2).
  bool certificate_due = false;
  const auto outstanding = fixture_.call("kobayashi", M::Get, n + "/outstanding?limit=500");
  for (const auto& item : outstanding.body["items"])
    if (item["kind"] == "certificate" && item["id"] == "d-0001") certificate_due = true;
  EXPECT_TRUE(certificate_due);
  // Another contract's person does not learn the contract exists.
  EXPECT_EQ(fixture_.call("other", M::Get, n + "/outstanding").status, 404);
  EXPECT_EQ(fixture_.call("takahashi", M::Get, n + "/devices").status, 404);
}

// Every write of devices and disposal refuses bad input with a 4xx whose details name the member
// at fault, and records nothing.
TEST_F(ApiTest, BadInputToADeviceOrDisposalWriteNamesItsFieldAndChangesNothing) {
  const std::string n = "/api/v1/contracts/nagano-2026-001";
  struct Bad {
    std::string login, target;
    json body;
    int status;
    std::string code, field;
  };
  const std::vector<Bad> cases = {
      {"yamada", n + "/devices",
       json{{"id", "pc-x"}, {"kind", "tablet"}, {"identifier", "X"}, {"description", "タブレット"}}, 400,
       "device.kind_invalid", "kind"},
      {"yamada", n + "/devices", json{{"id", "pc-x"}, {"kind", "computer"}, {"description", "PC"}}, 400,
       "api.field_missing", "identifier"},
      {"yamada", n + "/devices",
       json{{"id", "pc-n1"}, {"kind", "computer"}, {"identifier", "X"}, {"description", "PC"}}, 409, "device.id_taken",
       "id"},
      {"kobayashi", n + "/devices/pc-n1/confirm", json{{"measures", {"antivirus"}}}, 400, "device.measure_invalid",
       "measures"},
      {"kobayashi", n + "/devices/pc-n1/confirm", json{{"measures", {"disk_encryption"}}, {"by", "p-audit"}}, 400,
       "api.path_mismatch", "by"},
      {"yamada", n + "/devices/pc-n1/destroy-media",
       json{{"method", "破砕"}, {"performed_by", "p-tanaka"}, {"performed_on", "2026-12-31"}}, 400, "media.date_future",
       "performed_on"},
      {"yamada", n + "/devices/pc-n1/destroy-media",
       json{{"method", "破砕"}, {"performed_by", "p-tanaka"}, {"performed_on", "2026-09-20"}, {"media", {"HDD 1TB"}}},
       400, "media.unknown", "media"},
      {"yamada", n + "/devices/pc-n1/retire", json{{"reason", "lost"}}, 400, "device.reason_invalid", "reason"},
      {"kobayashi", n + "/disposal-instructions", json{{"due", "2026-09-01"}}, 400, "disposal.due_past", "due"},
      {"kobayashi", n + "/disposal-instructions", json{{"due", "2026-10-31"}, {"disposition", "burned"}}, 400,
       "disposal.disposition_invalid", "disposition"},
      {"yamada", n + "/disposals",
       json{{"assets", {"spec-v3"}},
            {"disposition", "returned"},
            {"method", "手渡し"},
            {"performed_by", "p-sato"},
            {"performed_on", "2026-09-20"}},
       400, "disposal.disposition_invalid", "disposition"},
      {"yamada", n + "/disposals",
       json{{"assets", {"spec-v3"}},
            {"disposition", "disposed"},
            {"method", "破砕"},
            {"performed_by", "p-sato"},
            {"witnessed_by", "p-sato"},
            {"performed_on", "2026-09-20"}},
       400, "disposal.witness_invalid", "witnessed_by"},
      {"yamada", n + "/created-assets-reports", json{{"keeper", "p-other"}}, 400, "created_assets.keeper_invalid",
       "keeper"},
      {"yamada", n + "/created-assets-reports", json{{"keeper", "p-yamada"}, {"assets", {"spec-v3"}}}, 400,
       "created_assets.asset_invalid", "assets"},
      {"kobayashi", n + "/created-assets-reports/zenkoji-data/acknowledge", nullptr, 404, "created_assets.no_report",
       "organisation"},
  };
  // Signed in first: signing in is recorded.
  for (const std::string login : {"yamada", "kobayashi"})
    ASSERT_EQ(fixture_.call(login, http::Method::Get, "/api/v1/session").status, 200);
  const auto size = fixture_.ledger().size();
  const auto devices = fixture_.call("kobayashi", http::Method::Get, n + "/devices").body;
  for (const auto& bad : cases) {
    const auto reply = fixture_.call(bad.login, http::Method::Post, bad.target, bad.body);
    EXPECT_EQ(reply.status, bad.status) << bad.target << " " << bad.body.dump() << " → " << reply.raw.body;
    EXPECT_EQ(reply.body["error"]["code"], bad.code) << bad.target << " " << bad.body.dump();
    EXPECT_EQ(reply.body["error"]["details"]["field"], bad.field) << bad.target << " " << bad.body.dump();
  }
  EXPECT_EQ(fixture_.ledger().size(), size);
  EXPECT_EQ(fixture_.call("kobayashi", http::Method::Get, n + "/devices").body, devices);
  for (const std::string list : {"/disposals", "/disposal-instructions"})
    EXPECT_TRUE(fixture_.call("kobayashi", http::Method::Get, n + list).body["items"].empty()) << list;
}

TEST_F(ApiTest, TheLogsHashesArePublicOnlyInThePublicModeAndItsEntriesNever) {
  // The same application served in the public hashes-only mode (ledger.public_hashes).
  api::AppContext public_app = fixture_.app();
  public_app.log_hashes = api::LogHashes::Public;
  http::Router public_router;
  api::register_api(public_router, public_app);
  const auto anonymous = [&](http::Router& router, const std::string& target) {
    auto request = ApiFixture::request_for(http::Method::Get, target, nullptr, "198.51.100.7");
    return router.handle(request);
  };
  const auto size = fixture_.ledger().size();
  for (const std::string target : {"/log/checkpoint", "/log/tile/0/000.p/1"}) {
    EXPECT_EQ(anonymous(fixture_.router(), target).status, 401) << target;
    const auto served = anonymous(public_router, target);
    EXPECT_EQ(served.status, 200) << target << " " << served.body;
    EXPECT_TRUE(served.header("Cache-Control").value_or("").starts_with("public, ")) << target;
    // Signed in, the same: the mode reads no credentials, so a wrong one changes nothing.
    auto with_bad_token = ApiFixture::request_for(http::Method::Get, target, nullptr, "198.51.100.7");
    with_bad_token.headers.emplace_back("authorization", "Bearer itk_not_a_token");
    EXPECT_EQ(public_router.handle(with_bad_token).status, 200) << target;
  }
  EXPECT_EQ(anonymous(public_router, "/log/checkpoint").body, fixture_.ledger().latest_checkpoint()->note);
  const auto entries = anonymous(public_router, "/log/tile/entries/000.p/1");
  EXPECT_EQ(entries.status, 401) << entries.body;
  EXPECT_EQ(fixture_.ledger().size(), size) << "reading the log records nothing";
  // A signed-in reader gets the hashes cached for themself alone; an administrator the entries.
  const auto tile = fixture_.call("yamada", http::Method::Get, "/log/tile/0/000.p/1");
  EXPECT_EQ(tile.raw.header("Cache-Control").value_or(""), "private, max-age=60");
  EXPECT_EQ(tile.raw.body.size(), 32u);
  const auto bundle = fixture_.call("admin", http::Method::Get, "/log/tile/entries/000.p/1");
  ASSERT_EQ(bundle.status, 200) << bundle.raw.body;
  const auto genesis = fixture_.ledger().entry(0).value();
  const std::string length = {static_cast<char>(genesis.size() >> 8U), static_cast<char>(genesis.size() & 0xFFU)};
  EXPECT_EQ(bundle.raw.body, length + genesis);
}

TEST_F(ApiTest, ALogPathThatIsNotATilesIsRefusedAndATileBeyondTheTreeIsNotFound) {
  for (const std::string bad : {"/log/tile/0/1", "/log/tile/0/000.p/0", "/log/tile/99/000",
                                "/log/tile/entries/x000/001", "/log/tile/0/000.p/3/x"}) {
    const auto reply = fixture_.call("admin", http::Method::Get, bad);
    EXPECT_EQ(reply.status, 400) << bad << " " << reply.raw.body;
    EXPECT_EQ(reply.body["error"]["code"], "api.tile_path_invalid") << bad;
    EXPECT_FALSE(reply.body["error"]["message"]["ja"].get<std::string>().empty());
  }
  const auto signed_size = fixture_.ledger().latest_checkpoint()->checkpoint.size;
  for (const auto& missing :
       std::vector<std::string>{"/log/tile/0/000", "/log/tile/1/000.p/1", "/log/tile/entries/001.p/1",
                                "/log/tile/0/000.p/" + std::to_string(signed_size + 1)}) {
    const auto reply = fixture_.call("admin", http::Method::Get, missing);
    EXPECT_EQ(reply.status, 404) << missing << " " << reply.raw.body;
    EXPECT_EQ(reply.body["error"]["code"], "ledger.no_tile") << missing;
  }
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
