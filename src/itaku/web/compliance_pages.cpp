#include "itaku/web/compliance_pages.hpp"

#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "itaku/compliance/compliance.hpp"
#include "itaku/web/frame.hpp"
#include "itaku/web/i18n.hpp"
#include "itaku/web/views.hpp"

namespace itaku::web {

namespace {

using domain::State;
using http::Response;
using nlohmann::json;

// The badge class of each status, worst first as compliance::Status orders them.
std::string_view badge_class(compliance::Status status) {
  switch (status) {
    case compliance::Status::Violated: return "bad";
    case compliance::Status::Due: return "warn";
    case compliance::Status::NotTracked: return "muted";
    case compliance::Status::Met: return "ok";
    case compliance::Status::NotApplicable: return "muted";
  }
  return "muted";
}

class CompliancePages : public PageViews {
 public:
  explicit CompliancePages(api::AppContext& app) : PageViews(app, {}) {}

  Response show(const Page& page, const std::string& id) const {
    const auto at_param = page.request.query.find("at");
    const bool as_of = at_param != page.request.query.end() && !at_param->second.empty();
    auto report = app_.service.compliance(id, *page.principal,
                                          as_of ? std::optional<std::string_view>(at_param->second) : std::nullopt);
    if (!report && report.error().kind == ErrorKind::NotFound) return not_found(page);
    // A time the report cannot be made at is shown next to the date field, with today's report.
    std::optional<Error> at_error;
    if (!report) {
      at_error = report.error();
      report = app_.service.compliance(id, *page.principal);
      if (!report) return failed(page, report.error());
    }
    auto data = app_.service.read([&](const State& s) -> std::optional<json> {
      const auto scope = this->scope(page, s, id);
      if (!scope.contract) return std::nullopt;
      return view(page, s, *scope.contract, *report, as_of && !at_error ? at_param->second : std::string(),
                  at_error ? &*at_error : nullptr);
    });
    return contract_page(page, at_error ? 400 : 200, "compliance", "compliance.title", std::move(data));
  }

 private:
  std::string status_text(const Page& page, compliance::Status status) const {
    return t(page, "compliance.status." + std::string(compliance::to_string(status)));
  }
  json status_view(const Page& page, compliance::Status status) const {
    return {
        {"key", compliance::to_string(status)}, {"label", status_text(page, status)}, {"class", badge_class(status)}};
  }

  json finding_view(const Page& page, const compliance::Finding& finding) const {
    const bool english = page.language == http::Language::En;
    json entries = json::array();
    for (const auto index : finding.evidence.indices)
      entries.push_back({{"index", std::to_string(index)}, {"url", entry_url(index)}});
    return {{"party", finding.party_name},
            {"status", status_view(page, finding.status)},
            {"due", finding.due.empty() ? std::string() : f(page, "compliance.due_by", {{"date", finding.due}})},
            {"since", finding.since ? f(page, "compliance.since", {{"at", time_text(*finding.since)}}) : std::string()},
            {"evidence", english ? finding.evidence.en : finding.evidence.ja},
            {"entries", entries},
            {"has_entries", !entries.empty()}};
  }

  json view(const Page& page, const State& s, const domain::Contract& c, const compliance::Report& report,
            const std::string& at, const Error* at_error) const {
    const auto* set = s.provision_set(c.provisions.name, c.provisions.version);
    json clauses = json::array();
    for (const auto& result : report.clauses) {
      // The clause in the city's words, from the contract's own set.
      json clause = json::object();
      if (set)
        for (const auto& text : set->clauses)
          if (text.number == result.number) clause = clause_view(page, text);
      if (clause.empty())
        clause = {{"anchor", "clause-" + result.number}, {"number", result.number}, {"title", result.title}};
      json controls = json::array();
      for (const auto& control : result.controls) {
        json findings = json::array();
        for (const auto& finding : control.findings) findings.push_back(finding_view(page, finding));
        controls.push_back({{"id", control.id},
                            {"summary", control_summary(page, control.id)},
                            {"status", status_view(page, control.status)},
                            {"findings", findings}});
      }
      clause["status"] = status_view(page, result.status);
      clause["results"] = std::move(controls);
      clause["has_results"] = true;
      clause["has_controls"] = false;  // the results list them, with their status
      clauses.push_back(std::move(clause));
    }
    json counts = json::array();
    for (const auto& [status, count] : report.counts())
      counts.push_back({{"status", status_view(page, status)}, {"count", std::to_string(count)}});
    return json{{"contract", contract_head(page, c)},
                {"tabs", tabs(page, c, "compliance")},
                {"basis", at.empty() ? f(page, "compliance.basis_now", {{"at", time_text(report.at)}})
                                     : f(page, "compliance.basis_at", {{"at", at}})},
                {"at", at},
                {"at_error", at_error ? message_with_detail(page, *at_error) : std::string()},
                {"action", contract_url(c.id) + "/compliance"},
                {"counts", counts},
                {"clauses", clauses},
                {"provisions_url", provisions_url(c.provisions.name, c.provisions.version)}};
  }
};

}  // namespace

void register_compliance_pages(http::Router& router, api::AppContext& app) {
  const auto page = PageFrame::signed_in_routes(std::make_shared<CompliancePages>(app), "dashboard");
  router.get("/contracts/{id}/compliance", "pages.compliance",
             page([](const CompliancePages& p, const Page& pg) { return p.show(pg, pg.param("id")); }));
  // As of a past date the ledger is replayed: off the I/O threads.
  router.set_pace("pages.compliance", http::Pace::Slow);
}

}  // namespace itaku::web
