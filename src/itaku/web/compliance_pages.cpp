#include "itaku/web/compliance_pages.hpp"

#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "itaku/api/context.hpp"
#include "itaku/api/session.hpp"
#include "itaku/compliance/compliance.hpp"
#include "itaku/service/compliance_documents.hpp"
#include "itaku/web/frame.hpp"
#include "itaku/web/i18n.hpp"
#include "itaku/web/views.hpp"

namespace itaku::web {

namespace {

using domain::State;
using http::Request;
using http::Response;
using nlohmann::json;

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

  // Issues a report (as of the date the tab shows, if any) and shows it with its files.
  Response issue_report(const Page& page, const std::string& id) const {
    if (auto csrf = api::check_csrf(*page.principal, page.request); !csrf) return failed(page, csrf.error());
    const auto form = http::parse_query(page.request.body);
    const auto at = form.find("at");
    const bool as_of = at != form.end() && !at->second.empty();
    auto issued = service::issue_compliance_report(app_.service, id, *page.principal,
                                                   as_of ? std::optional<std::string_view>(at->second) : std::nullopt,
                                                   api::document_base_url(app_, page.request));
    if (!issued) return issued.error().kind == ErrorKind::NotFound ? not_found(page) : failed(page, issued.error());
    return redirect(page.request, reports_url(id) + "/" + std::to_string(issued->index));
  }

  // An issued report: what the ledger holds of it, its three files and its public check.
  Response report(const Page& page, const std::string& id, const std::string& index_text) const {
    const auto index = http::url_number(index_text);
    if (!index) return not_found(page);
    auto found = service::compliance_report_record(app_.service, id, *index, *page.principal);
    if (!found) return found.error().kind == ErrorKind::NotFound ? not_found(page) : failed(page, found.error());
    auto data = app_.service.read([&](const State& s) -> std::optional<json> {
      const auto scope = this->scope(page, s, id);
      if (!scope.contract) return std::nullopt;
      auto view = record_view(page, found->record);
      view["contract"] = contract_head(page, *scope.contract);
      view["tabs"] = tabs(page, *scope.contract, "compliance");
      view["compliance_url"] = contract_url(id) + "/compliance";
      view["verify_url"] = found->verify_path;
      const auto files_base = reports_url(id) + "/" + std::to_string(*index) + "/report.";
      for (auto& file : view["files"]) file["href"] = files_base + file["format"].get<std::string>();
      return view;
    });
    return contract_page(page, 200, "compliance_report", "compliance_report.title", std::move(data));
  }

  Response report_file(const Page& page, const std::string& id, const std::string& index_text,
                       const std::string& file) const {
    // A name other than report.<format> or an index that is not a number is no report.
    const auto index = http::url_number(index_text).value_or(0);
    return download(page, service::compliance_report_file(app_.service, id, index, service::report_file_format(file),
                                                          *page.principal));
  }

  Response package(const Page& page, const std::string& id) const {
    if (auto csrf = api::check_csrf(*page.principal, page.request); !csrf) return failed(page, csrf.error());
    auto made =
        service::evidence_package(app_.service, id, *page.principal, api::document_base_url(app_, page.request));
    if (!made) return made.error().kind == ErrorKind::NotFound ? not_found(page) : failed(page, made.error());
    return download(page, std::move(made->zip), "application/zip", made->filename);
  }

  // The public check a report's QR code leads to: anyone with the link sees what the ledger
  // holds of that report, to compare with the paper.
  Response verify(const Page& page) const {
    const auto link = document_link(page.request);
    auto found = link ? service::public_compliance_report(app_.service, link->index, link->token)
                      : Result<service::PublicComplianceReport>(
                            make_error(ErrorKind::NotFound, "compliance.report_unknown",
                                       "その遵守状況報告書は見つかりません", "no such compliance report"));
    json data = json::object();
    int status = 200;
    if (found) {
      data = record_view(page, *found);
      data["public"] = true;
    } else if (found.error().kind == ErrorKind::NotFound) {
      data["record_unknown"] = true;
      status = 404;
    } else {
      return failed(page, found.error());
    }
    return render(page, status, "compliance_report", t(page, "compliance_report.title"), std::move(data));
  }

 private:
  static std::string reports_url(const std::string& id) { return contract_url(id) + "/compliance/reports"; }

  json record_view(const Page& page, const service::PublicComplianceReport& record) const {
    json clauses = json::array();
    for (const auto& clause : record.clauses) {
      const auto status = compliance::parse_status(clause.status);
      clauses.push_back({{"number", clause.number},
                         {"title", clause.title},
                         {"status", status ? status_view(page, *status) : json{{"label", clause.status}}}});
    }
    json counts = json::array();
    for (const auto& [name, count] : record.counts)
      if (const auto status = compliance::parse_status(name))
        counts.push_back({{"status", status_view(page, *status)}, {"count", std::to_string(count)}});
    json files = json::array();
    for (const auto& file : record.files)
      files.push_back({{"format", file.format},
                       {"label", t(page, "compliance_report.format." + file.format)},
                       {"sha256", file.sha256},
                       {"size", std::to_string(file.size)}});
    std::string parties;
    for (const auto& name : record.parties) parties += (parties.empty() ? "" : "、") + name;
    return {{"index", std::to_string(record.index)},
            {"origin", record.origin},
            {"city", record.city},
            {"contract_number", record.contract_number},
            {"contract_title", record.contract_title},
            {"provisions", record.provisions},
            {"as_of", time_text(record.as_of)},
            {"issued_at", moment_text(catalog_, page.language, record.issued_at)},
            {"ledger_size", std::to_string(record.ledger_size)},
            {"scope", parties.empty() ? t(page, "compliance_report.whole_contract")
                                      : f(page, "compliance_report.parties_only", {{"parties", parties}})},
            {"clauses", clauses},
            {"counts", counts},
            {"files", files},
            {"record", true}};
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
                            {"summary", control_summary(page, control.id, control.params)},
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
                {"report_action", reports_url(c.id)},
                {"package_action", contract_url(c.id) + "/compliance/package"},
                {"counts", counts},
                {"clauses", clauses},
                {"provisions_url", provisions_url(c.provisions.name, c.provisions.version)}};
  }
};

}  // namespace

void register_compliance_pages(http::Router& router, api::AppContext& app) {
  auto pages = std::make_shared<CompliancePages>(app);
  const auto page = PageFrame::signed_in_routes(pages, "dashboard");
  const std::string c = "/contracts/{id}/compliance";
  router.get(c, "pages.compliance",
             page([](const CompliancePages& p, const Page& pg) { return p.show(pg, pg.param("id")); }));
  router.post(c + "/reports", "pages.compliance_report_issue",
              page([](const CompliancePages& p, const Page& pg) { return p.issue_report(pg, pg.param("id")); }));
  router.get(c + "/reports/{index}", "pages.compliance_report", page([](const CompliancePages& p, const Page& pg) {
               return p.report(pg, pg.param("id"), pg.param("index"));
             }));
  router.get(c + "/reports/{index}/{file}", "pages.compliance_report_file",
             page([](const CompliancePages& p, const Page& pg) {
               return p.report_file(pg, pg.param("id"), pg.param("index"), pg.param("file"));
             }));
  router.post(c + "/package", "pages.compliance_package",
              page([](const CompliancePages& p, const Page& pg) { return p.package(pg, pg.param("id")); }));
  router.get("/compliance-reports/verify", "pages.compliance_report_verify", [pages](Request& r) {
    return pages->public_page(r, [&](const Page& page) { return pages->verify(page); });
  });
  // As of a past date the ledger is replayed, and documents take long to draw: off the I/O
  // threads.
  for (const auto* route : {"pages.compliance", "pages.compliance_report_issue", "pages.compliance_report_file",
                            "pages.compliance_package"})
    router.set_pace(route, http::Pace::Slow);
}

}  // namespace itaku::web
