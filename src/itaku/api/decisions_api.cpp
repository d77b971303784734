// JSON API for access decisions and observed accesses (長野市 第3, 第8; 木更津市 第3条): deciding
// one access or a batch, reporting what a contractor's systems observed, the decision and
// access logs, and monitoring. Who may ask about whom is the domain's (may_ask_about).

#include "itaku/api/routes.hpp"
#include "itaku/api/session.hpp"
#include "itaku/core/json_input.hpp"
#include "itaku/domain/authorization.hpp"

namespace itaku::api {

namespace {

using namespace routes;

constexpr std::size_t kMaxBatch = 1000;

Error bad_request(std::string code, std::string ja, std::string en) {
  return make_error(ErrorKind::Invalid, std::move(code), std::move(ja), std::move(en));
}

// Who may ask about whom is the domain's rule (domain::may_ask_about).
Result<void> may_ask_about(const State& s, const auth::Principal& p, const policy::Request& r) {
  return domain::may_ask_about(s, p, r.contract, r.person);
}

json monitoring_review_json(const State& s, const domain::MonitoringReview& r) {
  const auto* person = s.person(r.person);
  return {{"by", r.person},
          {"by_name", person ? person->name : r.person},
          {"note", r.note},
          {"at", format_utc(r.at)},
          {"ledger_index", r.ledger_index}};
}

json reasons_json(const std::vector<policy::Reason>& reasons) {
  json out = json::array();
  for (const auto& r : reasons) {
    json item = {{"clause", r.clause}, {"code", r.code}, {"message", {{"ja", r.message_ja}, {"en", r.message_en}}}};
    if (!r.detail.empty()) item["detail"] = r.detail;
    out.push_back(std::move(item));
  }
  return out;
}

// The answer to a decision is written directly (every decision passes here): the same
// members as reasons_json gives, keys in byte order.
void write_reasons(CanonicalWriter& out, const std::vector<policy::Reason>& reasons) {
  out.begin_array();
  for (const auto& r : reasons) {
    out.begin_object().member("clause", r.clause).member("code", r.code);
    if (!r.detail.empty()) out.member("detail", r.detail);
    out.key("message").begin_object().member("en", r.message_en).member("ja", r.message_ja).end_object();
    out.end_object();
  }
  out.end_array();
}

void write_decision(CanonicalWriter& out, const service::DecisionRecord& r) {
  out.begin_object()
      .member("class", r.decision.asset_class)
      .member("decision", policy::to_string(r.decision.effect))
      .member("ledger_index", r.index);
  write_reasons(out.key("obligations"), r.decision.obligations);
  write_reasons(out.key("reasons"), r.decision.reasons);
  out.end_object();
}

// Whether a handler charges the caller's rate limit, or a step before it already did.
enum class Charge { Yes, AlreadyCharged };

// The requests of POST /api/v1/decide (one) or /decide/batch ({"requests":[…]}), each about a
// contract the principal may ask about, charged to the principal's rate limit one unit per
// decision: what fills the ledger is decisions, not requests, so a batch of 1000 costs 1000.
Result<std::vector<policy::Request>> decision_requests(AppContext& app, const Request& request,
                                                       const auth::Principal& p, bool batch, Charge charge) {
  const auto body = TRY(body_json(request));
  const auto now = app.clock.now();
  std::vector<policy::Request> requests;
  if (batch) {
    if (!body.contains("requests") || !body["requests"].is_array() || body["requests"].empty() ||
        body["requests"].size() > kMaxBatch)
      return bad_request("decide.batch_invalid", "requests は1〜1000件の配列です",
                         "requests is an array of 1 to 1000 requests");
    for (const auto& item : body["requests"]) {
      auto r = service::decision_request_from_json(item, p.token_contract, now, false);
      if (!r) return std::move(r.release_error()).with("request", std::to_string(requests.size()));
      requests.push_back(r.release_value());
    }
  } else {
    requests.push_back(TRY(service::decision_request_from_json(body, p.token_contract, now, false)));
  }
  TRY(app.service.read([&](const State& s) -> Result<void> {
    for (const auto& r : requests) TRY(may_ask_about(s, p, r));
    return ok();
  }));
  if (charge == Charge::Yes) TRY(admit(app, p, requests.size()));
  return requests;
}

// {"class":…,"decision":…,"ledger_index":…,"obligations":[…],"reasons":[…]} for one request,
// {"decisions":[…]} for a batch.
Response decisions_response(const std::vector<service::DecisionRecord>& records, bool batch) {
  CanonicalWriter out;
  if (!batch) {
    write_decision(out, records.front());
  } else {
    out.begin_object().key("decisions").begin_array();
    for (const auto& r : records) write_decision(out, r);
    out.end_array().end_object();
  }
  // Every string was read from JSON or is the program's own, so this fails only on a defect.
  auto body = std::move(out).finish();
  if (!body) return Response::error(body.error());
  return Response::text(200, body.release_value(), "application/json; charset=utf-8");
}

json log_json(const service::LogRow& r) {
  json out = {{"ledger_index", r.index}, {"person", r.person},     {"action", r.action},      {"asset", r.asset},
              {"class", r.asset_class},  {"effect", r.effect},     {"reason", r.reason_code}, {"clause", r.clause},
              {"device", r.device},      {"location", r.location}, {"purpose", r.purpose},    {"time", r.time},
              {"actor", r.actor}};
  if (r.matched_decision) out["matched_decision"] = r.matched_decision;
  return out;
}

Result<service::LogFilter> log_filter(const Request& request, const std::string& contract) {
  service::LogFilter f;
  f.contract = contract;
  f.person = request.query.contains("person") ? request.query.at("person") : "";
  f.effect = request.query.contains("effect") ? request.query.at("effect") : "";
  if (!f.effect.empty() && f.effect != "allow" && f.effect != "deny")
    return bad_request("api.bad_parameter", "effect は allow か deny です", "effect is allow or deny");
  f.limit = static_cast<std::size_t>(TRY(int_param(request.query, "limit", 100, 1, 500)));
  f.before = static_cast<std::uint64_t>(TRY(int_param(request.query, "before", 0, 0, INT32_MAX)));
  return f;
}

json page_of_rows(const std::vector<service::LogRow>& rows, std::size_t limit) {
  json items = json::array();
  for (const auto& r : rows) items.push_back(log_json(r));
  return {{"items", items},
          {"next_before", rows.size() == limit && !rows.empty() ? json(rows.back().index) : json(nullptr)}};
}

}  // namespace

void register_decision_api(http::Router& router, AppContext& app) {
  const std::string c = "/api/v1/contracts/{id}";

  // --- decisions and observed accesses ---
  // A contractor's system asks before every action, so a decision normally never holds a
  // thread: the server's I/O thread decides, and answers once the decision's ledger batch is
  // durable. Whatever would wait for the ledger (a session, a token use due to be recorded, a
  // denial due to be notified) goes the ordinary way, on the handler pool.
  for (const bool batch : {false, true}) {
    // Decisions are charged one unit each (decision_requests), not per request.
    auto decided_by = [&app, batch](Charge charge) {
      return guarded(app, domain::TokenScope::Decide, Metering::ByHandler,
                     [&app, batch, charge](Request& request, const auth::Principal& p) -> Result<Response> {
                       const auto requests = TRY(decision_requests(app, request, p, batch, charge));
                       const auto records = TRY(app.service.decide(requests, actor_of(p)));
                       return decisions_response(records, batch);
                     });
    };
    auto blocking = decided_by(Charge::Yes);
    // The same for a request the waitless path has charged already and hands over.
    auto charged = decided_by(Charge::AlreadyCharged);
    auto waitless = [&app, batch, blocking, charged](Request& request, http::Completion done) {
      auto the_ordinary_way = [&](const http::Handler& handler) {
        done.block([handler, &request] { return handler(request); });
      };
      const auto principal = token_principal_without_waiting(app, request);
      if (!principal) return the_ordinary_way(blocking);
      // The same check as the ordinary way's (guarded): a token asks only with `decide`.
      if (auto allowed = token_may(*principal, domain::TokenScope::Decide); !allowed)
        return done.reply(Response::error(allowed.error()));
      auto requests = decision_requests(app, request, *principal, batch, Charge::Yes);
      if (!requests) return done.reply(Response::error(requests.error()));
      const bool started = app.service.decide_async(
          requests.release_value(), actor_of(*principal),
          [done, batch](Result<std::vector<service::DecisionRecord>>&& records) {
            if (!records) return done.reply(Response::error(records.error()));
            // On the ledger's writer thread: the answer is built on the connection's thread.
            auto decided = std::make_shared<const std::vector<service::DecisionRecord>>(records.release_value());
            done.reply_with([decided, batch] { return decisions_response(*decided, batch); });
          });
      if (!started) the_ordinary_way(charged);
    };
    router.post(batch ? "/api/v1/decide/batch" : "/api/v1/decide", batch ? "decide.batch" : "decide",
                std::move(blocking), std::move(waitless));
  }

  router.post(
      "/api/v1/access-events", "access_events.ingest",
      guarded(app, domain::TokenScope::AccessReport, Metering::ByHandler,
              [&app](Request& request, const auth::Principal& p) -> Result<Response> {
                // JSON lines: one observed access per line; a bad line records nothing.
                std::vector<policy::Request> accesses;
                std::size_t line_number = 0;
                std::size_t start = 0;
                const auto& text = request.body;
                while (start < text.size()) {
                  auto end = text.find('\n', start);
                  if (end == std::string::npos) end = text.size();
                  const auto line = std::string_view(text).substr(start, end - start);
                  start = end + 1;
                  ++line_number;
                  if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
                  auto item = parse_json_input(line);
                  if (!item) return std::move(item.release_error()).with("line", std::to_string(line_number));
                  auto r = service::decision_request_from_json(*item, p.token_contract, app.clock.now(), true);
                  if (!r) return std::move(r.release_error()).with("line", std::to_string(line_number));
                  accesses.push_back(r.release_value());
                }
                if (accesses.empty() || accesses.size() > 10000)
                  return bad_request("access.count_invalid", "1〜10000件のアクセス記録を1行1件で送ってください",
                                     "send 1 to 10000 accesses, one JSON object per line");
                TRY(app.service.read([&](const State& s) -> Result<void> {
                  for (const auto& r : accesses) TRY(may_ask_about(s, p, r));
                  return ok();
                }));
                // Each reported access is recorded in the ledger: one unit each, as decisions.
                TRY(admit(app, p, accesses.size()));
                const auto records = TRY(app.service.record_accesses(accesses, actor_of(p)));
                json out = json::array();
                for (const auto& r : records)
                  out.push_back({{"ledger_index", r.index},
                                 {"rule_effect", policy::to_string(r.evaluation.effect)},
                                 {"reasons", reasons_json(r.evaluation.reasons)},
                                 {"matched_decision", r.matched_decision ? json(r.matched_decision) : json(nullptr)}});
                return Response::json(201, {{"recorded", out}});
              }));

  // Logs and monitoring, scoped in SQL to what the caller may read.
  auto scoped = [&app](const auth::Principal& p, const std::string& id, service::LogFilter& filter) -> Result<bool> {
    return app.service.read([&](const State& s) -> Result<bool> {
      const auto access = TRY(visible_contract(s, p, id)).second;
      scope_log(filter, access);
      return access.city;
    });
  };
  for (const bool accesses : {false, true})
    router.get(c + (accesses ? "/access-events" : "/decisions"), accesses ? "access_events.list" : "decisions.list",
               guarded(app, Writes::No,
                       [&app, scoped, accesses](Request& request, const auth::Principal& p) -> Result<Response> {
                         const auto& id = request.params.at("id");
                         auto filter = TRY(log_filter(request, id));
                         TRY(scoped(p, id, filter));
                         const auto rows =
                             TRY(accesses ? app.service.access_log(filter) : app.service.decision_log(filter));
                         return Response::json(200, page_of_rows(rows, filter.limit));
                       }));
  router.get(c + "/monitoring", "monitoring.show",
             guarded(app, Writes::No, [&app, scoped](Request& request, const auth::Principal& p) -> Result<Response> {
               const auto& id = request.params.at("id");
               service::LogFilter scope;
               const bool city = TRY(scoped(p, id, scope));
               const auto report = TRY(app.service.monitoring(id, scope));
               json denials = json::array(), unmatched = json::array(), anomalies = json::array();
               for (const auto& r : report.denials) denials.push_back(log_json(r));
               for (const auto& r : report.unmatched_accesses) unmatched.push_back(log_json(r));
               for (const auto& a : report.anomalies) {
                 json item = {{"code", a.code}, {"person", a.person}, {"day", a.day}, {"ledger_index", a.index}};
                 if (a.code == "anomaly.volume_high") {
                   item["count"] = a.count;
                   item["usual"] = a.usual;
                 }
                 anomalies.push_back(std::move(item));
               }
               // The city's totals count everyone; a party's, its own people and those below it.
               // `anomalies` lists the newest; `totals.anomalies` counts every one, by code.
               const json totals = {{"decisions", report.decisions},
                                    {"allows", report.allows},
                                    {"denies", report.denies},
                                    {"accesses", report.accesses},
                                    {"anomalies", report.anomaly_counts},
                                    {"every_party", city}};
               // The city's reviews, newest first (each covers the entries before its own).
               json reviews = json::array();
               TRY(app.service.read([&](const State& s) -> Result<void> {
                 const auto [contract, access] = TRY(visible_contract(s, p, id));
                 if (domain::may_read_monitoring_reviews(access))
                   for (auto r = contract->monitoring_reviews.rbegin(); r != contract->monitoring_reviews.rend(); ++r)
                     reviews.push_back(monitoring_review_json(s, *r));
                 return ok();
               }));
               return Response::json(200, {{"denials", denials},
                                           {"unmatched_accesses", unmatched},
                                           {"anomalies", anomalies},
                                           {"totals", totals},
                                           {"reviews", reviews}});
             }));
  // 長野市 第3: a person of the city records that they reviewed the monitoring (as themselves).
  router.post(c + "/monitoring/reviews", "monitoring.review",
              guarded(app, Writes::Yes, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
                const auto& id = request.params.at("id");
                TRY(app.service.authorize(domain::ReviewMonitoring{id, p.person, ""}, p));
                return executed(
                    app, p, TRY(read_command<domain::ReviewMonitoring>(request, {{"contract", id}, {"by", p.person}})));
              }));

  // Reading logs and reports takes long enough to run off the I/O threads.
  for (const auto* slow : {"decisions.list", "access_events.list", "monitoring.show"})
    router.set_pace(slow, http::Pace::Slow);
}

}  // namespace itaku::api
