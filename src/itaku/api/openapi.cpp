#include <algorithm>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "itaku/api/api.hpp"
#include "itaku/core/assert.hpp"
#include "itaku/domain/command_types.hpp"

namespace itaku::api {

namespace {

struct Operation {
  std::string_view method;  // lower-case, as OpenAPI keys them
  std::string_view path;
  std::string_view id;  // the route name
  std::string_view summary;
  bool authenticated;
  bool body;
  // A body that holds a command's members: the command, the members the URL gives instead
  // (space-separated), and an example that tests check against the schema and run.
  std::string_view command = {};
  std::string_view from_path = {};
  std::string_view example = {};
  // Any other body: its media type and JSON Schema (JSON text).
  std::string_view media = {};
  std::string_view schema = {};
};

// One row per route registered in api.cpp; tests/unit/api checks the two agree.
constexpr Operation
    kOperations
        [] =
            {
                {"get", "/healthz", "healthz", "Liveness and ledger size", false, false},
                {"get", "/metrics", "metrics", "Prometheus metrics (loopback or administrators)", false, false},
                {"get", "/api/v1/openapi.json", "openapi", "This document", false, false},
                {"post",
                 "/api/v1/session",
                 "session.create",
                 "Sign in with login, password and optional TOTP code; sets the session cookie",
                 false,
                 true,
                 {},
                 {},
                 {},
                 "application/json",
                 R"({"type":"object","required":["login","password"],"properties":{"login":{"type":"string"},"password":{"type":"string"},"totp_code":{"type":"string"}},"additionalProperties":false})"},
                {"get", "/api/v1/session", "session.show",
                 "Who is signed in, their CSRF token and visible contracts with roles", true, false},
                {"delete", "/api/v1/session", "session.delete", "Sign out", true, false},
                {"get", "/api/v1/organisations", "organisations.list", "Organisations the caller may see", true, false},
                {"post", "/api/v1/organisations", "organisations.create", "Register an organisation (administrators)",
                 true, true, "organisation.register", "",
                 R"({"id":"shinano-is","kind":"contractor","name":"信濃情報サービス株式会社","name_en":"Shinano Information Services"})"},
                {"get", "/api/v1/organisations/{id}", "organisations.show", "One organisation", true, false},
                {"get", "/api/v1/people", "people.list", "People the caller may see (?organisation=)", true, false},
                {"post", "/api/v1/people", "people.create", "Register a person (administrators)", true, true,
                 "person.register", "",
                 R"({"id":"suzuki","organisation":"shinano-is","name":"鈴木 一郎","title":"主任","email":"suzuki@example.jp"})"},
                {"get", "/api/v1/people/{id}", "people.show", "One person, including leavers", true, false},
                {"post", "/api/v1/people/{id}/departure", "people.depart",
                 "Record a transfer or leaving; access ends, history stays", true, true, "person.record_departure",
                 "person", R"({"reason":"transferred","effective":"2026-12-31"})"},
                {"get", "/api/v1/contracts", "contracts.list", "Contracts the caller may see", true, false},
                {"post", "/api/v1/contracts", "contracts.create",
                 "Create a contract pinned to a provision set (city officers)", true, true, "contract.create", "",
                 R"({"id":"nagano-2026-101","number":"長野市情政第2026-101号","title":"住民情報システム保守","department":"情報政策課","city":"nagano-city","contractor":"shinano-is","period_from":"2026-04-01","period_until":"2027-03-31","work_description":"住民情報システムの保守","provisions_name":"nagano"})"},
                {"get", "/api/v1/contracts/{id}", "contracts.show",
                 "One contract with its parties and the caller's access", true, false},
                {"post", "/api/v1/contracts/{id}/activate", "contracts.activate", "draft → active (the city)", true,
                 false},
                {"post",
                 "/api/v1/contracts/{id}/close",
                 "contracts.close",
                 "active → closing; {\"final\":true}: closing → closed (the city)",
                 true,
                 true,
                 {},
                 {},
                 {},
                 "application/json",
                 R"({"type":"object","properties":{"final":{"type":"boolean"}},"additionalProperties":false})"},
                {"get", "/api/v1/contracts/{id}/rosters", "rosters.list", "The latest roster of each readable party",
                 true, false},
                {"get", "/api/v1/contracts/{id}/rosters/{org}/versions", "rosters.versions",
                 "Every version of a party's roster", true, false},
                {"post", "/api/v1/contracts/{id}/rosters/{org}/versions", "rosters.submit",
                 "Submit a new roster version; the city is notified", true, true, "roster.submit",
                 "contract organisation",
                 R"({"roster":{"responsible":"tanaka","information_manager":"suzuki","workers":[{"person":"suzuki","work":"開発","from":"2026-04-01"}],"locations":[{"id":"hq","name":"本社","address":"長野市","city_premises":false}],"access":[{"asset_class":"personal","person":"suzuki","permission":"read"}]},"note":"4月の体制"})"},
                {"get", "/api/v1/contracts/{id}/rosters/{org}/versions/{version}", "rosters.version",
                 "One roster version", true, false},
                {"post", "/api/v1/contracts/{id}/rosters/{org}/versions/{version}/acknowledgement",
                 "rosters.acknowledge", "The city acknowledges a roster version", true, false},
                {"get", "/api/v1/contracts/{id}/rosters/{org}/diff", "rosters.diff",
                 "What changed between two versions (?from=&to=)", true, false},
                {"get", "/api/v1/notifications", "notifications.list",
                 "Notifications addressed to the caller's organisation", true, false},
                {"get", "/api/v1/provisions", "provisions.list", "Imported provision sets", true, false},
                {"post",
                 "/api/v1/provisions",
                 "provisions.import",
                 "Import a provision set (TOML body; administrators)",
                 true,
                 true,
                 {},
                 {},
                 {},
                 "application/toml",
                 R"({"type":"string","description":"docs/PROVISIONS.md"})"},
                {"get", "/api/v1/provisions/{name}/{version}", "provisions.show",
                 "A provision set's clauses, text and controls", true, false},
                {"get", "/api/v1/contracts/{id}/asset-classes", "asset_classes.list",
                 "The contract's classes of information assets with each action's conditions", true, false},
                {"post",
                 "/api/v1/contracts/{id}/asset-classes",
                 "asset_classes.define",
                 "Define or change an asset class (the city; docs/POLICY.md)",
                 true,
                 true,
                 {},
                 {},
                 {},
                 "application/json",
                 R"({"type":"object","required":["id","name"],"properties":{"id":{"type":"string"},"name":{"type":"string"},"name_en":{"type":"string"},"sensitive":{"type":"boolean"},"actions":{"type":"object","additionalProperties":{"type":"array","items":{"type":"string"}}}}})"},
                {"get", "/api/v1/contracts/{id}/assets", "assets.list",
                 "The register of information assets the caller may see", true, false},
                {"post", "/api/v1/contracts/{id}/assets", "assets.register", "Register an information asset", true,
                 true, "asset.register", "contract",
                 R"({"id":"a-001","class":"personal","description":"住民票データ","origin":"created","media":"ファイル","custodian":"suzuki","location":"本社サーバ室"})"},
                {"get", "/api/v1/contracts/{id}/assets/{asset}", "assets.show", "One asset with its chain of custody",
                 true, false},
                {"get", "/api/v1/contracts/{id}/transfers", "transfers.list", "Hand-overs (授受) the caller may see",
                 true, false},
                {"post", "/api/v1/contracts/{id}/transfers", "transfers.create", "Hand assets over to another person",
                 true, true, "custody.transfer", "contract",
                 R"({"assets":["a-001"],"from":"suzuki","to":"yamada","note":"月次の引継ぎ"})"},
                {"post", "/api/v1/contracts/{id}/transfers/{transfer}/acknowledgement", "transfers.acknowledge",
                 "The receiving side acknowledges a hand-over; from the city this issues the receipt", true, false},
                {"get", "/api/v1/contracts/{id}/transfers/{transfer}/receipt.pdf", "transfers.receipt",
                 "The receipt (受領証) as an A4 PDF with its ledger proof and QR code; the first download issues it "
                 "(document.issued with the file's SHA-256, also in X-Itaku-Document-Sha256), later ones give the same "
                 "bytes",
                 true, false},
                {"post",
                 "/api/v1/receipts/verify",
                 "receipts.verify",
                 "Verify a receipt PDF (the body) against this ledger: the embedded proof, and that the file is byte "
                 "for byte "
                 "the one issued (422 receipt.altered otherwise); answers what the ledger records, to compare with the "
                 "paper. "
                 "No sign-in needed",
                 false,
                 true,
                 {},
                 {},
                 {},
                 "application/pdf",
                 R"({"type":"string","contentMediaType":"application/pdf"})"},
                {"post",
                 "/api/v1/decide",
                 "decide",
                 "Decide one access: person, action, asset or class, context → allow/deny with clauses; recorded "
                 "durably",
                 true,
                 true,
                 {},
                 {},
                 {},
                 "application/json",
                 R"({"type":"object","required":["person","action"],"properties":{"contract":{"type":"string","description":"the token's contract when left out"},"person":{"type":"string"},"action":{"type":"string"},"asset":{"type":"string"},"class":{"type":"string"},"context":{"type":"object","properties":{"device":{"type":"string"},"location":{"type":"string"},"purpose":{"type":"string"},"time":{"type":"string"}}}}})"},
                {"post",
                 "/api/v1/decide/batch",
                 "decide.batch",
                 "Decide up to 1000 accesses at once ({\"requests\":[…]})",
                 true,
                 true,
                 {},
                 {},
                 {},
                 "application/json",
                 R"({"type":"object","required":["requests"],"properties":{"requests":{"type":"array","minItems":1,"maxItems":1000,"items":{"type":"object","required":["person","action"],"properties":{"contract":{"type":"string","description":"the token's contract when left out"},"person":{"type":"string"},"action":{"type":"string"},"asset":{"type":"string"},"class":{"type":"string"},"context":{"type":"object","properties":{"device":{"type":"string"},"location":{"type":"string"},"purpose":{"type":"string"},"time":{"type":"string"}}}}}}}})"},
                {"post",
                 "/api/v1/access-events",
                 "access_events.ingest",
                 "Report accesses observed by the caller's systems (JSON lines), checked and recorded",
                 true,
                 true,
                 {},
                 {},
                 {},
                 "application/x-ndjson",
                 R"({"type":"string","description":"one access per line"})"},
                {"get", "/api/v1/contracts/{id}/badges", "badges.list",
                 "ID badges of the contract the caller may read (木更津市 第11条(1)); return_outstanding: a leaver's "
                 "badge not back",
                 true, false},
                {"post", "/api/v1/contracts/{id}/badges", "badges.issue",
                 "Issue an ID badge to a worker on their party's roster (the party's managers or the city)", true, true,
                 "badge.issue", "contract",
                 R"({"number":"KB-0001","person":"p-suzuki","issued":"2026-05-01","expires":"2027-03-31"})"},
                {"post", "/api/v1/contracts/{id}/badges/{number}/return", "badges.return", "A badge comes back", true,
                 false},
                {"post", "/api/v1/contracts/{id}/badges/{number}/lost", "badges.report_lost",
                 "Report a badge lost (optional body {\"note\"})", true, true, "badge.report_lost", "contract number",
                 R"({"note":"通勤中に紛失"})"},
                {"get", "/api/v1/contracts/{id}/decisions", "decisions.list",
                 "The decision log (?person=&effect=&limit=&before=)", true, false},
                {"get", "/api/v1/contracts/{id}/access-events", "access_events.list",
                 "Reported accesses with their check (?person=&effect=&limit=&before=)", true, false},
                {"get", "/api/v1/contracts/{id}/monitoring", "monitoring.show",
                 "Denials, accesses with no matching allow, and unusual patterns", true, false},
                {"get", "/api/v1/ledger/checkpoint", "ledger.checkpoint",
                 "The latest signed checkpoint and the verifier key", true, false},
                {"get", "/api/v1/ledger/proofs/inclusion/{index}", "ledger.inclusion",
                 "Inclusion proof of an entry (docs/LEDGER.md)", true, false},
                {"get", "/api/v1/ledger/proofs/consistency", "ledger.consistency",
                 "Consistency proof between tree sizes (?from=&to=)", true, false},
};

nlohmann::json error_schema() {
  return {{"type", "object"},
          {"required", {"error"}},
          {"properties",
           {{"error",
             {{"type", "object"},
              {"required", {"code", "message"}},
              {"properties",
               {{"code", {{"type", "string"}}},
                {"message",
                 {{"type", "object"}, {"properties", {{"ja", {{"type", "string"}}}, {"en", {{"type", "string"}}}}}}},
                {"details", {{"type", "object"}}}}}}}}}};
}

// What a write that records an event answers: the ledger index of the entry (handlers.hpp, executed).
nlohmann::json recorded_schema() {
  return {{"type", "object"},
          {"required", {"ledger_index"}},
          {"properties", {{"ledger_index", {{"type", "integer"}, {"minimum", 0}}}}},
          {"additionalProperties", false}};
}

bool records(const Operation& op) {
  static constexpr std::string_view kRecording[] = {
      "contracts.activate", "contracts.close",      "rosters.acknowledge", "transfers.acknowledge",
      "provisions.import",  "asset_classes.define", "badges.return"};
  return !op.command.empty() || std::ranges::find(kRecording, op.id) != std::end(kRecording);
}

std::vector<std::string> command_body_path_members(const Operation& op) {
  std::vector<std::string> names;
  std::string_view rest = op.from_path;
  while (!rest.empty()) {
    const auto space = rest.find(' ');
    names.emplace_back(rest.substr(0, space));
    rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
  }
  return names;
}

// A command's body: its declared members (domain/commands.hpp) but those the URL gives.
nlohmann::json command_body_schema(const Operation& op) {
  const auto* type = domain::command_types().find(op.command);
  ITAKU_CHECK(type != nullptr);
  auto schema = type->schema();
  for (const auto& name : command_body_path_members(op)) {
    schema["properties"].erase(name);
    auto& required = schema["required"];
    required.erase(std::remove(required.begin(), required.end(), name), required.end());
  }
  return schema;
}

nlohmann::json request_body(const Operation& op) {
  if (!op.command.empty())
    return {{"required", true},
            {"content",
             {{"application/json",
               {{"schema", command_body_schema(op)}, {"example", nlohmann::json::parse(op.example)}}}}}};
  return {{"required", true}, {"content", {{std::string(op.media), {{"schema", nlohmann::json::parse(op.schema)}}}}}};
}

}  // namespace

nlohmann::json openapi_document() {
  nlohmann::json paths = nlohmann::json::object();
  for (const auto& op : kOperations) {
    nlohmann::json operation = {
        {"operationId", op.id},
        {"summary", op.summary},
        {"responses",
         {{"200", {{"description", "OK"}}},
          {"4XX",
           {{
                "description",
                "Error",
            },
            {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}}}}}};
    nlohmann::json parameters = nlohmann::json::array();
    std::string_view path = op.path;
    for (std::size_t at = path.find('{'); at != std::string_view::npos; at = path.find('{', at + 1)) {
      const auto end = path.find('}', at);
      parameters.push_back({{"name", std::string(path.substr(at + 1, end - at - 1))},
                            {"in", "path"},
                            {"required", true},
                            {"schema", {{"type", "string"}}}});
    }
    if (op.id.ends_with(".list") || op.id == "rosters.versions") {
      parameters.push_back(
          {{"name", "limit"}, {"in", "query"}, {"schema", {{"type", "integer"}, {"minimum", 1}, {"maximum", 500}}}});
      parameters.push_back({{"name", "cursor"}, {"in", "query"}, {"schema", {{"type", "string"}}}});
    }
    if (!parameters.empty()) operation["parameters"] = parameters;
    if (op.body) operation["requestBody"] = request_body(op);
    if (!op.command.empty()) {
      // The command the body holds (its schema is the command's declaration) and the members
      // of it the URL gives.
      operation["x-command"] = op.command;
      auto from_path = nlohmann::json::array();
      for (const auto& name : command_body_path_members(op)) from_path.push_back(name);
      operation["x-path-members"] = std::move(from_path);
    }
    if (records(op)) {
      operation["responses"].erase("200");
      operation["responses"]["2XX"] = {
          {"description", "Recorded"},
          {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Recorded"}}}}}}}};
    }
    if (op.authenticated) {
      // What an API token needs here (handlers.hpp: reading needs `read`; deciding and
      // reporting accesses name their scope; every other write is a person's, so no token).
      operation["security"] = {{{"session", nlohmann::json::array()}}};
      const char* scope = op.method == "get"                             ? "read"
                          : op.id == "decide" || op.id == "decide.batch" ? "decide"
                          : op.id == "access_events.ingest"              ? "access_report"
                                                                         : nullptr;
      if (scope) operation["security"].push_back({{"token", {scope}}});
    }
    paths[std::string(op.path)][std::string(op.method)] = operation;
  }
  return {{"openapi", "3.1.0"},
          {"info",
           {{"title", "itaku API"},
            {"version", "1"},
            {"description",
             "情報セキュリティ特記事項の記録・執行・確認 / records, enforces and checks the information-security "
             "provisions of outsourcing contracts. State-changing requests made with a session must send the "
             "session's CSRF token in the X-CSRF-Token header. API tokens (Bearer) carry scopes: `read` for "
             "GET routes, `decide` for /decide, `access_report` for /access-events; every other change is made "
             "by a person signed in (403 auth.person_required for a token). Lists page with ?limit=&cursor=."}}},
          {"paths", paths},
          {"components",
           {{"schemas", {{"Error", error_schema()}, {"Recorded", recorded_schema()}}},
            {"securitySchemes",
             {{"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "itaku_session"}}},
              {"token", {{"type", "http"}, {"scheme", "bearer"}}}}}}}};
}

}  // namespace itaku::api
