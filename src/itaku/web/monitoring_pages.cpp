// A contract's decision log and access log (長野市 第3: who used which asset, allowed or not,
// and why), filtered by person and effect and paged by ledger index, and the monitoring page:
// denials, accesses no decision allowed, and anomalies. Which rows the principal reads is the
// logs' rule (domain::log_scope), chosen in SQL so that a page is full.

#include "itaku/web/monitoring_pages.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "itaku/api/authorization.hpp"
#include "itaku/domain/authorization.hpp"
#include "itaku/domain/commands.hpp"
#include "itaku/web/command_form.hpp"
#include "itaku/web/frame.hpp"
#include "itaku/web/i18n.hpp"
#include "itaku/web/views.hpp"

namespace itaku::web {

namespace {

using domain::State;
using http::Response;
using nlohmann::json;

// Log pages show this many rows; ?before= pages further back.
constexpr std::size_t kLogPageSize = 50;

class MonitoringPages : public PageViews {
 public:
  explicit MonitoringPages(api::AppContext& app) : PageViews(app, {"monitoring_reviewed"}) {}

  Response log(const Page& page, const std::string& id, bool accesses) const;
  Response monitoring(const Page& page, const std::string& id, int status = 200,
                      const std::map<std::string, std::string>& sent = {}, const Error* error = nullptr) const;
  // 長野市 第3: a person of the city records that they reviewed what the page showed.
  Response review(const Page& page, const std::string& id) const;

 private:
  // Limits `filter` to the log rows the principal may read; false if the contract is hidden.
  bool scope_to(const Page& page, const std::string& id, service::LogFilter& filter) const;
  json log_row(const Page& page, const State& s, const ContractScope& scope, const service::LogRow& r) const;
  std::string action_label(const Page& page, std::string_view action) const;
  std::string reason_text(const Page& page, const std::string& code, const std::string& clause) const;
  // The clause of the contract's own provision set the monitoring rests on, with its own title:
  // the one holding access.monitored (長野市 第3), else access.decided (木更津市 第3条).
  std::string basis(const Page& page, const State& s, const domain::Contract& c) const;
  static std::string utc_text(const std::string& utc);
};

bool MonitoringPages::scope_to(const Page& page, const std::string& id, service::LogFilter& filter) const {
  return app_.service.read([&](const State& s) {
    const auto scope = this->scope(page, s, id);
    // All rows for the city, else those about people of readable parties: the API's rule,
    // chosen in SQL so that a page is full.
    api::scope_log(filter, scope.access);
    return scope.contract != nullptr;
  });
}

std::string MonitoringPages::action_label(const Page& page, std::string_view action) const {
  if (!domain::action_from(action)) return std::string(action);
  return t(page, "assets.action." + std::string(action));
}

std::string MonitoringPages::basis(const Page& page, const State& s, const domain::Contract& c) const {
  const auto* set = s.provision_set(c.provisions.name, c.provisions.version);
  if (!set) return {};
  for (const auto* id : {"access.monitored", "access.decided"})
    for (const auto& clause : set->clauses)
      for (const auto& control : clause.controls)
        if (control.id == id)
          return f(page, "monitoring.basis",
                   {{"clause", set->municipality + " " + (control.cites.empty() ? clause.number : control.cites)},
                    {"title", clause.title}});
  return {};
}

std::string MonitoringPages::reason_text(const Page& page, const std::string& code, const std::string& clause) const {
  if (code.empty()) return {};
  const auto key = "reason." + code;
  auto reason = t(page, key);
  if (reason == key) reason = code;  // a code this version does not know: shown as it is
  if (clause.empty()) return reason;
  return f(page, "decisions.reason_with_clause", {{"reason", reason}, {"clause", clause}});
}

std::string MonitoringPages::utc_text(const std::string& utc) {
  auto at = parse_utc(utc);
  return at ? time_text(*at) : utc;
}

json MonitoringPages::log_row(const Page& page, const State& s, const ContractScope& scope,
                              const service::LogRow& r) const {
  const auto& c = *scope.contract;
  std::string target;
  std::string target_url;
  const auto class_label = r.asset_class.empty() ? std::string() : class_name(page, c, r.asset_class);
  if (!r.asset.empty()) {
    target =
        class_label.empty() ? r.asset : f(page, "decisions.asset_target", {{"asset", r.asset}, {"class", class_label}});
    auto it = c.assets.find(r.asset);
    if (it != c.assets.end() && api::asset_visible(s, c, scope.access, it->second))
      target_url = asset_url(c.id, r.asset);
  } else if (!class_label.empty()) {
    target = f(page, "decisions.class_target", {{"name", class_label}});
  }
  const bool allow = r.effect == "allow";
  return {{"index", std::to_string(r.index)},
          {"index_url", entry_url(r.index)},
          {"time", utc_text(r.time)},
          {"person", person_ref(page, s, r.person, PersonDetail::Organisation)},
          {"action", action_label(page, r.action)},
          {"target", target},
          {"target_url", target_url},
          {"allow", allow},
          {"effect", t(page, allow ? "decisions.allow" : "decisions.deny")},
          {"reason", reason_text(page, r.reason_code, r.clause)},
          {"matched", r.matched_decision != 0},
          {"matched_index", r.matched_decision ? std::to_string(r.matched_decision) : ""},
          {"matched_url", r.matched_decision ? entry_url(r.matched_decision) : ""}};
}

Response MonitoringPages::log(const Page& page, const std::string& id, bool accesses) const {
  const auto& query = page.request.query;
  auto param = [&](const char* key) {
    auto it = query.find(key);
    return it == query.end() ? std::string() : it->second;
  };
  service::LogFilter filter;
  filter.contract = id;
  filter.person = param("person");
  filter.effect = param("effect");
  if (filter.effect != "allow" && filter.effect != "deny") filter.effect.clear();
  filter.limit = kLogPageSize;
  filter.before = parse_number<std::uint64_t>(param("before")).value_or(0);
  if (!scope_to(page, id, filter)) return not_found(page);
  auto rows = accesses ? app_.service.access_log(filter) : app_.service.decision_log(filter);
  if (!rows) return failed(page, rows.error());
  // A full page may have older rows behind it.
  const auto next_before = rows->size() == filter.limit ? rows->back().index : 0;
  const auto base = contract_url(id) + (accesses ? "/access-events" : "/decisions");
  auto data = app_.service.read([&](const State& s) -> std::optional<json> {
    const auto scope = this->scope(page, s, id);
    if (!scope.contract) return std::nullopt;
    const auto& c = *scope.contract;
    json items = json::array();
    for (const auto& r : *rows) items.push_back(log_row(page, s, scope, r));
    // The people a filter may name: those of the contractors' parties whose rows the
    // principal may read (the logs' rule, domain::may_read_log_row).
    json people = json::array();
    people.push_back({{"value", ""}, {"label", t(page, "decisions.all_people")}, {"selected", filter.person.empty()}});
    for (const auto& [pid, p] : s.people) {
      const auto* party = c.party(p.organisation);
      if (party && party->role != domain::PartyRole::City && domain::may_read_log_row(s, scope.access, pid))
        people.push_back({{"value", pid}, {"label", person_option(page, s, p)}, {"selected", pid == filter.person}});
    }
    json effects = json::array();
    for (const auto& [value, key] : std::vector<std::pair<std::string, std::string>>{
             {"", "decisions.all_effects"}, {"allow", "decisions.allow"}, {"deny", "decisions.deny"}})
      effects.push_back({{"value", value}, {"label", t(page, key)}, {"selected", value == filter.effect}});
    std::string next;
    if (next_before) {
      next = base + "?before=" + std::to_string(next_before);
      if (!filter.person.empty()) next += "&person=" + http::percent_encode(filter.person);
      if (!filter.effect.empty()) next += "&effect=" + filter.effect;
    }
    return json{{"contract", contract_head(page, c)},
                {"tabs", tabs(page, c, accesses ? "access_events" : "decisions")},
                {"accesses", accesses},
                {"action", base},
                {"rows", items},
                {"has_rows", !items.empty()},
                {"person_options", people},
                {"effect_options", effects},
                {"next_url", next},
                {"first_url", filter.before ? base : ""}};
  });
  return contract_page(page, 200, "decisions", accesses ? "access_log.title" : "decisions.title", std::move(data));
}

Response MonitoringPages::monitoring(const Page& page, const std::string& id, int status,
                                     const std::map<std::string, std::string>& sent, const Error* error) const {
  service::LogFilter people;
  if (!scope_to(page, id, people)) return not_found(page);
  const policy::MonitoringSettings settings;
  auto report = app_.service.monitoring(id, people, settings);
  if (!report) return failed(page, report.error());
  auto data = app_.service.read([&](const State& s) -> std::optional<json> {
    const auto scope = this->scope(page, s, id);
    if (!scope.contract) return std::nullopt;
    const auto& c = *scope.contract;
    json denials = json::array(), unmatched = json::array(), anomalies = json::array();
    for (const auto& r : report->denials) denials.push_back(log_row(page, s, scope, r));
    for (const auto& r : report->unmatched_accesses) unmatched.push_back(log_row(page, s, scope, r));
    for (const auto& a : report->anomalies) {
      const auto key = "anomaly." + (a.code.starts_with("anomaly.") ? a.code.substr(8) : a.code);
      auto text =
          f(page, key, {{"count", std::to_string(a.count)}, {"usual", std::to_string(a.usual)}, {"hours", a.hours}});
      if (text == key) text = a.code;
      anomalies.push_back({{"text", text},
                           {"person", person_ref(page, s, a.person, PersonDetail::Organisation)},
                           {"day", date_text(catalog_, page.language, a.day)},
                           {"index", std::to_string(a.index)},
                           {"index_url", entry_url(a.index)}});
    }
    std::uint64_t anomaly_total = 0;
    for (const auto& [code, n] : report->anomaly_counts) anomaly_total += n;
    // The city's totals count everyone; a party's, its own people and its subcontractors'.
    const json totals = {{"heading", t(page, scope.access.city ? "monitoring.totals" : "monitoring.totals_parties")},
                         {"decisions", std::to_string(report->decisions)},
                         {"allows", std::to_string(report->allows)},
                         {"denies", std::to_string(report->denies)},
                         {"accesses", std::to_string(report->accesses)}};
    json out{{"contract", contract_head(page, c)},
             {"tabs", tabs(page, c, "monitoring")},
             {"basis", basis(page, s, c)},
             {"notice", notice(page)},
             {"totals", totals},
             {"denials", denials},
             {"has_denials", !denials.empty()},
             {"unmatched", unmatched},
             {"has_unmatched", !unmatched.empty()},
             {"anomalies", anomalies},
             {"has_anomalies", !anomalies.empty()},
             // A report lists the newest anomalies only; say so when there are more.
             {"anomalies_shown", anomaly_total > anomalies.size() ? f(page, "monitoring.anomalies_shown",
                                                                      {{"shown", std::to_string(anomalies.size())},
                                                                       {"total", std::to_string(anomaly_total)}})
                                                                  : std::string()},
             {"decisions_url", contract_url(c.id) + "/decisions?effect=deny"},
             {"access_url", contract_url(c.id) + "/access-events"}};
    // The city's reviews (長野市 第3), newest first, and the form to record one: it reaches what
    // the ledger held when the page was made.
    if (domain::may_read_monitoring_reviews(scope.access)) {
      json reviews = json::array();
      for (auto r = c.monitoring_reviews.rbegin(); r != c.monitoring_reviews.rend(); ++r)
        reviews.push_back({{"date", date_text(catalog_, page.language, r->at)},
                           {"time", time_text(r->at)},
                           {"person", person_ref(page, s, r->person, PersonDetail::Departure)},
                           {"note", r->note},
                           {"index", std::to_string(r->ledger_index)},
                           {"index_url", entry_url(r->ledger_index)}});
      out["reviews"] = {{"items", reviews}, {"has_items", !reviews.empty()}};
      const domain::ReviewMonitoring command{c.id, page.principal->person, ""};
      if (allowed(s, page, true, command) == Allowed::Yes) {
        const FormShape shape{.set_by_page = {"contract", "by"}};
        auto fields = form_fields<domain::ReviewMonitoring>(page.language, sent, error, shape);
        out["review_form"] = {{"action", contract_url(c.id) + "/monitoring/reviews"},
                              {"error", form_error(page, error, fields)},
                              {"fields", std::move(fields)}};
      }
    }
    return out;
  });
  return contract_page(page, status, "monitoring", "monitoring.title", std::move(data));
}

Response MonitoringPages::review(const Page& original, const std::string& id) const {
  Page page = original;
  page.self = contract_url(id) + "/monitoring";
  const auto sent = page.request.form();
  const auto command =
      command_from_form<domain::ReviewMonitoring>(sent, {{"contract", id}, {"by", page.principal->person}});
  const auto allowed = app_.service.read(
      [&](const State& s) { return this->allowed(s, page, scope(page, s, id).contract != nullptr, command); });
  return run_form(
      page, allowed, command, "monitoring.review_denied",
      [&](const Error& error) { return monitoring(page, id, http_status(error.kind), sent, &error); },
      contract_url(id) + "/monitoring?notice=monitoring_reviewed#reviews");
}

}  // namespace

void register_monitoring_pages(http::Router& router, api::AppContext& app) {
  const auto page = PageFrame::signed_in_routes(std::make_shared<MonitoringPages>(app), "dashboard");
  router.get("/contracts/{id}/decisions", "pages.decisions",
             page([](const MonitoringPages& p, const Page& pg) { return p.log(pg, pg.param("id"), false); }));
  router.get("/contracts/{id}/access-events", "pages.access_events",
             page([](const MonitoringPages& p, const Page& pg) { return p.log(pg, pg.param("id"), true); }));
  router.get("/contracts/{id}/monitoring", "pages.monitoring",
             page([](const MonitoringPages& p, const Page& pg) { return p.monitoring(pg, pg.param("id")); }));
  router.post("/contracts/{id}/monitoring/reviews", "pages.monitoring_review",
              page([](const MonitoringPages& p, const Page& pg) { return p.review(pg, pg.param("id")); }));
  // Reading logs and reports takes long enough to run off the I/O threads.
  for (const auto* slow : {"pages.decisions", "pages.access_events", "pages.monitoring"})
    router.set_pace(slow, http::Pace::Slow);
}

}  // namespace itaku::web
