// JSON API for per-clause compliance (docs/COMPLIANCE.md): each clause of the contract's own
// provision set with the status of its controls and their evidence, now or as of `?at=`; the
// compliance reports issued from it (PDF, CSV, XLSX) and the auditor's evidence package. Who
// may read what is the domain's (compliance_scope, may_read_compliance_report), enforced by
// the service.

#include "itaku/api/routes.hpp"
#include "itaku/compliance/compliance.hpp"
#include "itaku/service/compliance_documents.hpp"

namespace itaku::api {

namespace {

// ?at= as given: an empty one is a bad time (compliance.bad_at), not "now".
std::optional<std::string_view> at_of(const http::Request& request) {
  const auto given = request.query.find("at");
  return given == request.query.end() ? std::nullopt : std::optional<std::string_view>(given->second);
}

std::string reports_url(const std::string& contract) {
  return "/api/v1/contracts/" + http::percent_encode(contract) + "/compliance/reports/";
}

}  // namespace

void register_compliance_api(http::Router& router, AppContext& app) {
  using namespace routes;
  router.get("/api/v1/contracts/{id}/compliance", "compliance.show",
             guarded(app, Writes::No, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
               const auto report = TRY(app.service.compliance(request.params.at("id"), p, at_of(request)));
               return Response::json(200, compliance::to_json(report));
             }));

  // Issuing a report records it (compliance.reported, then its PDF as document.issued): a
  // person's act, whoever may read the contract's compliance.
  router.post(
      "/api/v1/contracts/{id}/compliance/reports", "compliance.report",
      guarded(app, Writes::Yes, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
        const auto& id = request.params.at("id");
        const auto issued =
            TRY(service::issue_compliance_report(app.service, id, p, at_of(request), document_base_url(app, request)));
        const auto base = reports_url(id) + std::to_string(issued.index);
        return Response::json(
            201, {{"ledger_index", issued.index},
                  {"report", compliance::to_json(issued.report)},
                  {"files",
                   {{"pdf", base + "/report.pdf"}, {"csv", base + "/report.csv"}, {"xlsx", base + "/report.xlsx"}}}});
      }));
  // Every download of an issued report gives the very bytes whose hashes the ledger holds.
  router.get("/api/v1/contracts/{id}/compliance/reports/{index}/{file}", "compliance.report_file",
             guarded(app, Writes::No, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
               // A name other than report.<format> or an index that is not a number is no report.
               const auto index = http::url_number(request.params.at("index")).value_or(0);
               auto found =
                   TRY(service::compliance_report_file(app.service, request.params.at("id"), index,
                                                       service::report_file_format(request.params.at("file")), p));
               return attachment(std::move(found.bytes), found.media_type, found.filename);
             }));
  // The auditor's evidence package: a report issued for it, every document and the ledger
  // excerpt the caller may read, as one ZIP (`itaku ledger verify --bundle` checks it).
  router.post("/api/v1/contracts/{id}/evidence-package", "compliance.package",
              guarded(app, Writes::Yes, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
                auto made = TRY(service::evidence_package(app.service, request.params.at("id"), p,
                                                          document_base_url(app, request)));
                auto response = attachment(std::move(made.zip), "application/zip", made.filename);
                response.set_header("x-itaku-report-index", std::to_string(made.report_index));
                return response;
              }));
  // A past date replays the ledger, and documents take long to draw: off the I/O threads.
  for (const auto* route : {"compliance.show", "compliance.report", "compliance.report_file", "compliance.package"})
    router.set_pace(route, http::Pace::Slow);
}

}  // namespace itaku::api
