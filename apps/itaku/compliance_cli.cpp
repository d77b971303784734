// itaku compliance show|report|package: each clause of a contract's provision set with the status of its
// controls and their evidence, now or as of a past date (docs/COMPLIANCE.md).

#include <filesystem>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli_support.hpp"
#include "itaku/compliance/compliance.hpp"
#include "itaku/service/compliance_documents.hpp"

namespace itaku::cli {

namespace {

struct ComplianceArgs {
  std::string contract, at, out, base_url;
  bool json = false;
};

std::string status_text(const compliance::Finding& f) {
  std::string text(compliance::label_ja(f.status));
  if (!f.due.empty()) text += fmt::format("（期限 {}）", f.due);
  if (f.since) text += fmt::format("（{} から）", format_date(jst_date(*f.since)));
  return text;
}

std::string params_text(const std::map<std::string, std::string>& params) {
  std::string text;
  for (const auto& [name, value] : params) text += fmt::format("{}{}={}", text.empty() ? "" : ", ", name, value);
  return text.empty() ? text : "(" + text + ")";
}

// A table in Japanese: each clause with its status, then each control, then each party's finding.
void print_table(const compliance::Report& report, const std::string& title) {
  std::cout << fmt::format("遵守状況: {} {}\n特記事項: {} 第{}版  時点: {}（日本時間 {}）\n", report.contract, title,
                           report.provisions.name, report.provisions.version, format_utc(report.at),
                           format_date(jst_date(report.at)));
  const auto counts = report.counts();
  std::string summary;
  for (const auto status : compliance::kStatuses) {
    const auto found = counts.find(status);
    summary += fmt::format("{}{} {}", summary.empty() ? "" : " / ", compliance::label_ja(status),
                           found == counts.end() ? 0 : found->second);
  }
  std::cout << "統制の集計: " << summary << "\n";
  for (const auto& clause : report.clauses) {
    std::cout << fmt::format("\n{} {}  【{}】\n", clause.number, clause.title, compliance::label_ja(clause.status));
    for (const auto& control : clause.controls) {
      std::cout << fmt::format("  {}{}（{}）  【{}】\n", control.id, params_text(control.params), control.cites,
                               compliance::label_ja(control.status));
      for (const auto& f : control.findings) {
        std::cout << fmt::format("    {}: {} — {}", f.party.empty() ? "契約全体" : f.party_name, status_text(f),
                                 f.evidence.ja);
        std::string indices;
        for (const auto index : f.evidence.indices) indices += fmt::format("{}#{}", indices.empty() ? "" : " ", index);
        if (!indices.empty()) std::cout << "  [台帳 " << indices << "]";
        std::cout << "\n";
      }
    }
  }
}

}  // namespace

void add_compliance_commands(CLI::App& app, GlobalOptions& options, Action& action) {
  auto* group = app.add_subcommand("compliance", "per-clause compliance of a contract (docs/COMPLIANCE.md)");
  group->require_subcommand(1);
  auto args = std::make_shared<ComplianceArgs>();
  auto* show = group->add_subcommand("show", "each clause with the status and evidence of its controls");
  show->add_option("CONTRACT", args->contract, "契約 / Contract")->required();
  show->add_option("--at", args->at, "as of YYYY-MM-DD (the start of that day in Japan) or a UTC time");
  show->add_flag("--json", args->json, "the API's JSON (GET /api/v1/contracts/{id}/compliance)");
  on_instance_with(options, action, args)(show, [&options, show](Instance& i, ComplianceArgs& a) -> Result<void> {
    const auto report = TRY(i.service->compliance(
        a.contract, principal_of(options), show->count("--at") ? std::optional<std::string_view>(a.at) : std::nullopt));
    if (a.json) {
      std::cout << compliance::to_json(report).dump(2) << "\n";
      return ok();
    }
    const auto title = i.service->read([&](const domain::State& s) {
      const auto* c = s.contract(a.contract);
      return c ? c->number + " " + c->title : std::string();
    });
    print_table(report, title);
    return ok();
  });

  auto* report = group->add_subcommand(
      "report", "issue a compliance report: the A4 PDF, the table as CSV and XLSX, recorded in the ledger");
  report->add_option("CONTRACT", args->contract, "契約 / Contract")->required();
  report->add_option("--at", args->at, "as of YYYY-MM-DD (the start of that day in Japan) or a UTC time");
  report->add_option("--out", args->out, "the folder to write report.pdf, report.csv and report.xlsx in")->required();
  report->add_option("--base-url", args->base_url,
                     "where the QR code leads (default: server.public_url, else http://<server.listen>)");
  on_instance_with(options, action, args)(report, [&options, report](Instance& i, ComplianceArgs& a) -> Result<void> {
    const auto base = a.base_url.empty() ? receipt_base_url(i.config) : a.base_url;
    const auto at = report->count("--at") ? std::optional<std::string_view>(a.at) : std::nullopt;
    const auto issued = TRY(service::issue_compliance_report(*i.service, a.contract, principal_of(options), at, base));
    const std::filesystem::path folder(a.out);
    for (const auto& [name, bytes] : {std::pair{"report.pdf", &issued.pdf}, std::pair{"report.csv", &issued.csv},
                                      std::pair{"report.xlsx", &issued.xlsx}})
      TRY(write_file((folder / name).string(), *bytes));
    std::cout << fmt::format(
        "遵守状況報告書を発行しました / issued the compliance report: {}/report.pdf, report.csv, report.xlsx\n"
        "台帳 / ledger #{}\n",
        a.out, issued.index);
    return ok();
  });

  auto* package = group->add_subcommand(
      "package", "the auditor's evidence package: report, documents and ledger excerpt in one ZIP");
  package->add_option("CONTRACT", args->contract, "契約 / Contract")->required();
  package->add_option("--out", args->out, "the ZIP file to write")->required();
  package->add_option("--base-url", args->base_url,
                      "where the report's QR code leads (default: server.public_url, else http://<server.listen>)");
  on_instance_with(options, action, args)(package, [&options](Instance& i, ComplianceArgs& a) -> Result<void> {
    const auto base = a.base_url.empty() ? receipt_base_url(i.config) : a.base_url;
    const auto made = TRY(service::evidence_package(*i.service, a.contract, principal_of(options), base));
    TRY(write_file(a.out, made.zip));
    std::cout << fmt::format(
        "証拠一式を書き出しました / wrote the evidence package: {}（台帳の抜粋 {} 項目、報告書 台帳 #{}）\n"
        "検証 / verify: itaku ledger verify --bundle {} --key '{}'\n",
        a.out, made.entries, made.report_index, a.out, i.service->ledger().verifier().to_string());
    return ok();
  });
}

}  // namespace itaku::cli
