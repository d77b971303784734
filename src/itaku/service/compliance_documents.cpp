#include "itaku/service/compliance_documents.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "itaku/core/assert.hpp"
#include "itaku/core/bytes.hpp"
#include "itaku/crypto/base64.hpp"
#include "itaku/documents/archive.hpp"
#include "itaku/documents/compliance_report.hpp"
#include "itaku/documents/table.hpp"
#include "itaku/domain/authorization.hpp"
#include "itaku/domain/document_events.hpp"
#include "itaku/domain/documents.hpp"
#include "itaku/ledger/entries.hpp"
#include "itaku/ledger/ledger.hpp"
#include "itaku/ledger/proof_json.hpp"
#include "itaku/provisions/vocabulary.hpp"
#include "itaku/service/document_files.hpp"
#include "itaku/service/service.hpp"

namespace itaku::service {

namespace {

constexpr std::string_view kLinkContext = "itaku compliance report link\n";
constexpr std::string_view kExcerptName = "ledger/excerpt.jsonl";
constexpr std::string_view kReadmeName = "README.txt";

Error report_unknown() {
  return make_error(ErrorKind::NotFound, "compliance.report_unknown", "その遵守状況報告書は見つかりません",
                    "no such compliance report");
}

std::string wareki(Timestamp t) { return format_wareki(jst_date(t)); }

std::string status_label(compliance::Status status) { return std::string(compliance::label_ja(status)); }

// "台帳記録 #12, #15" (at most 20 numbers, then how many more).
std::string evidence_text(const std::vector<std::uint64_t>& indices) {
  if (indices.empty()) return {};
  std::string out = "台帳記録 ";
  constexpr std::size_t kShown = 20;
  for (std::size_t i = 0; i < indices.size() && i < kShown; ++i) {
    // Appended piece by piece: g++ 12 at -O3 reports a false -Wrestrict on "#" + std::string.
    if (i > 0) out += ", ";
    out += '#';
    out += std::to_string(indices[i]);
  }
  if (indices.size() > kShown) {
    out += " ほか";
    out += std::to_string(indices.size() - kShown);
    out += "件";
  }
  return out;
}

std::string subject_of(const compliance::Finding& finding) {
  return finding.party.empty() ? std::string("契約全体") : finding.party_name;
}

// The report as a table: one row per finding of each control.
documents::Table compliance_table(const compliance::Report& report) {
  documents::Table table;
  table.header = {"条項", "条項名", "条項の状況",   "統制", "統制の内容",       "対象",
                  "状況", "期限",   "違反の始まり", "理由", "Reason (English)", "根拠の台帳記録"};
  for (const auto& clause : report.clauses)
    for (const auto& control : clause.controls) {
      const auto summary = provisions::control_summary(control.id, control.params, false);
      for (const auto& finding : control.findings) {
        std::string indices;
        for (const auto index : finding.evidence.indices) {
          if (!indices.empty()) indices += ' ';
          indices += std::to_string(index);
        }
        table.rows.push_back({clause.number, clause.title, status_label(clause.status), control.id, summary,
                              subject_of(finding), status_label(finding.status),
                              finding.due.empty() ? std::string() : printed_date(finding.due),
                              finding.since ? wareki(*finding.since) : std::string(), finding.evidence.ja,
                              finding.evidence.en, indices});
      }
    }
  return table;
}

documents::ComplianceReport report_document(const compliance::Report& report, const ContractNames& names,
                                            const std::vector<std::string>& party_names, Timestamp issued_at,
                                            const std::string& issued_by) {
  documents::ComplianceReport doc;
  doc.city = names.city;
  doc.contractor = names.contractor;
  doc.contract_number = names.number;
  doc.contract_title = names.title;
  doc.provisions = names.provisions;
  doc.evaluated_at = wareki(report.at) + " 時点";
  doc.issued_at = wareki(issued_at);
  doc.issued_by = issued_by;
  if (party_names.empty()) {
    doc.scope = "契約全体";
  } else {
    for (const auto& name : party_names) doc.scope += (doc.scope.empty() ? "" : "、") + name;
    doc.scope += " に関する事項のみ";
  }
  const auto counts = report.counts();
  for (const auto status : compliance::kStatuses) {
    const auto found = counts.find(status);
    doc.counts.emplace_back(status_label(status), found == counts.end() ? 0 : found->second);
  }
  for (const auto& clause : report.clauses) {
    documents::ReportClause c{clause.number,
                              clause.title,
                              std::string(compliance::to_string(clause.status)),
                              status_label(clause.status),
                              {}};
    for (const auto& control : clause.controls) {
      documents::ReportControl k{control.id,
                                 provisions::control_summary(control.id, control.params, false),
                                 std::string(compliance::to_string(control.status)),
                                 status_label(control.status),
                                 {}};
      for (const auto& finding : control.findings)
        k.findings.push_back({subject_of(finding), std::string(compliance::to_string(finding.status)),
                              status_label(finding.status),
                              finding.due.empty() ? std::string() : printed_date(finding.due),
                              finding.since ? wareki(*finding.since) : std::string(), finding.evidence.ja,
                              evidence_text(finding.evidence.indices)});
      c.controls.push_back(std::move(k));
    }
    doc.clauses.push_back(std::move(c));
  }
  return doc;
}

// The compliance.reported event at `index` of `contract`, or null.
Result<nlohmann::json> report_event(Service& service, const std::string& contract, std::uint64_t index) {
  if (index >= service.ledger().size()) return nlohmann::json(nullptr);
  auto event = event_of(TRY(service.ledger().entry(index)));
  if (event.is_null() || event.value("type", "") != domain::ComplianceReported::kType ||
      event.value("contract", "") != contract)
    return nlohmann::json(nullptr);
  return event;
}

}  // namespace

std::string compliance_report_link(const std::string& base_url, std::uint64_t index, std::string_view entry) {
  return base_url + "/compliance-reports/verify?index=" + std::to_string(index) +
         "&k=" + link_token(kLinkContext, entry);
}

Result<IssuedComplianceReport> issue_compliance_report(Service& service, const std::string& contract,
                                                       const domain::Principal& principal,
                                                       std::optional<std::string_view> at,
                                                       const std::string& base_url) {
  TRY(service.catch_up());
  IssuedComplianceReport out;
  out.report = TRY(service.compliance(contract, principal, at));
  struct Context {
    ContractNames names;
    std::vector<std::string> parties, party_names;
    std::string issued_by;
  };
  const auto context = TRY(service.read([&](const domain::State& s) -> Result<Context> {
    const auto* c = s.contract(contract);
    if (!c) return domain::unknown("contract", contract);
    Context found{names_of(s, *c), {}, {}, person_name(s, principal)};
    const auto scope = domain::compliance_scope(domain::contract_access(s, principal, *c), *c);
    if (!scope.every_control)
      for (const auto& party : c->parties)
        if (scope.parties.contains(party.organisation)) {
          found.parties.push_back(party.organisation);
          const auto* organisation = s.organisation(party.organisation);
          found.party_names.push_back(organisation ? organisation->name : party.organisation);
        }
    return found;
  }));

  const auto table = compliance_table(out.report);
  out.csv = documents::to_csv(table);
  out.xlsx = TRY(documents::to_xlsx(table, "遵守状況"));
  const auto csv_sha256 = file_sha256(out.csv);
  const auto xlsx_sha256 = file_sha256(out.xlsx);
  domain::RecordComplianceReport record{contract, out.report.at, out.report.ledger_size, context.parties, {}, {}, {}};
  for (const auto& clause : out.report.clauses)
    record.clauses.push_back({clause.number, std::string(compliance::to_string(clause.status))});
  for (const auto& [status, count] : out.report.counts())
    record.counts[std::string(compliance::to_string(status))] = count;
  record.files = {{"csv", csv_sha256, out.csv.size()}, {"xlsx", xlsx_sha256, out.xlsx.size()}};
  const auto system = domain::Principal::system(principal.actor());
  out.index = TRY(service.execute(record, system, [&](storage::Transaction& tx) -> Result<void> {
    TRY(store_file(tx, csv_sha256, out.csv));
    return store_file(tx, xlsx_sha256, out.xlsx);
  }));

  // The PDF carries the proof of the entry just recorded, and is recorded in its turn.
  const auto entry = TRY(service.ledger().entry(out.index));
  const auto proof = TRY(ledger::inclusion_proof_json(service.ledger(), out.index));
  auto doc = report_document(out.report, context.names, context.party_names, service.clock().now(), context.issued_by);
  doc.ledger_index = out.index;
  doc.ledger_origin = service.ledger().origin();
  doc.verify_url = compliance_report_link(base_url, out.index, entry);
  doc.payload = crypto::base64_encode(as_bytes(proof.dump()));
  out.pdf = TRY(documents::render_compliance_report_pdf(doc));
  const auto pdf_sha256 = file_sha256(out.pdf);
  TRY(service.execute(domain::IssueDocument{contract, "compliance_report", out.index, pdf_sha256, out.pdf.size()},
                      system, [&](storage::Transaction& tx) { return store_file(tx, pdf_sha256, out.pdf); }));
  return out;
}

std::string_view report_file_format(std::string_view file) {
  constexpr std::string_view kStem = "report.";
  return file.starts_with(kStem) ? file.substr(kStem.size()) : std::string_view{};
}

Result<ReportFile> compliance_report_file(Service& service, const std::string& contract, std::uint64_t index,
                                          std::string_view format, const domain::Principal& principal) {
  TRY(service.catch_up());
  struct Found {
    std::string number;
    std::optional<std::string> pdf_sha256;
  };
  const auto found = service.read([&](const domain::State& s) -> std::optional<Found> {
    const auto* c = s.contract(contract);
    if (!c) return std::nullopt;
    const auto report = c->compliance_reports.find(index);
    if (report == c->compliance_reports.end() ||
        !domain::may_read_compliance_report(domain::contract_access(s, principal, *c), *c, report->second.parties))
      return std::nullopt;
    const auto* pdf = s.document_of("compliance_report", index);
    return Found{c->number, pdf ? std::optional(pdf->sha256) : std::nullopt};
  });
  if (!found) return report_unknown();
  std::optional<std::string> sha256;
  if (format == "pdf") {
    sha256 = found->pdf_sha256;
  } else if (format == "csv" || format == "xlsx") {
    const auto event = TRY(report_event(service, contract, index));
    if (event.is_null()) return report_unknown();
    for (const auto& file : event["data"].value("files", nlohmann::json::array()))
      if (file.value("format", "") == format) sha256 = file.value("sha256", "");
  } else {
    return report_unknown();
  }
  if (!sha256) return report_unknown();
  return report_file(service, *sha256, format,
                     "compliance-report-" + contract + "-" + std::to_string(index) + "." + std::string(format), index);
}

Result<PublicComplianceReport> public_compliance_report(Service& service, std::uint64_t index, std::string_view token) {
  auto& ledger = service.ledger();
  if (index >= ledger.size()) return report_unknown();
  const auto entry = TRY(ledger.entry(index));
  const auto event = event_of(entry);
  if (event.is_null() || event.value("type", "") != domain::ComplianceReported::kType) return report_unknown();
  // The token is what keeps reports from being read by index.
  if (!same_token(link_token(kLinkContext, entry), token)) return report_unknown();
  const auto data = domain::read_event<domain::ComplianceReported>(TRY(domain::event_from_json(event)));
  if (!data) return report_unknown();
  TRY(service.catch_up());
  PublicComplianceReport out;
  out.index = index;
  out.origin = ledger.origin();
  out.as_of = data->as_of;
  out.ledger_size = data->ledger_size;
  const std::string contract = event.value("contract", "");
  service.read([&](const domain::State& s) {
    const auto* c = s.contract(contract);
    if (!c) return;
    const auto names = names_of(s, *c);
    out.city = names.city;
    out.contract_number = names.number;
    out.contract_title = names.title;
    out.provisions = names.provisions;
    for (const auto& party : data->parties) {
      const auto* organisation = s.organisation(party);
      out.parties.push_back(organisation ? organisation->name : party);
    }
    const auto report = c->compliance_reports.find(index);
    if (report != c->compliance_reports.end()) out.issued_at = report->second.at;
    const auto* set = s.provision_set(c->provisions.name, c->provisions.version);
    for (const auto& clause : data->clauses) {
      std::string title;
      if (set)
        for (const auto& k : set->clauses)
          if (k.number == clause.number) title = k.title;
      out.clauses.push_back({clause.number, title, clause.status});
    }
    if (const auto* pdf = s.document_of("compliance_report", index))
      out.files.push_back({"pdf", pdf->sha256, pdf->size});
  });
  for (const auto status : compliance::kStatuses) {
    const auto name = std::string(compliance::to_string(status));
    const auto found = data->counts.find(name);
    out.counts.emplace_back(name, found == data->counts.end() ? 0 : found->second);
  }
  for (const auto& file : data->files) out.files.push_back({file.format, file.sha256, file.size});
  return out;
}

Result<ReadableComplianceReport> compliance_report_record(Service& service, const std::string& contract,
                                                          std::uint64_t index, const domain::Principal& principal) {
  TRY(service.catch_up());
  const bool readable = service.read([&](const domain::State& s) {
    const auto* c = s.contract(contract);
    if (!c) return false;
    const auto report = c->compliance_reports.find(index);
    return report != c->compliance_reports.end() &&
           domain::may_read_compliance_report(domain::contract_access(s, principal, *c), *c, report->second.parties);
  });
  if (!readable) return report_unknown();
  const auto entry = TRY(service.ledger().entry(index));
  ReadableComplianceReport out;
  out.record = TRY(public_compliance_report(service, index, link_token(kLinkContext, entry)));
  out.verify_path = compliance_report_link("", index, entry);
  return out;
}

bool is_zip(std::string_view bytes) { return bytes.starts_with("PK\x03\x04") || bytes.starts_with("PK\x05\x06"); }

Result<EvidencePackage> evidence_package(Service& service, const std::string& contract,
                                         const domain::Principal& principal, const std::string& base_url) {
  auto issued = TRY(issue_compliance_report(service, contract, principal, std::nullopt, base_url));
  const auto provisions = TRY(service.read([&](const domain::State& s) -> Result<domain::ProvisionRef> {
    const auto* c = s.contract(contract);
    if (!c) return domain::unknown("contract", contract);
    return c->provisions;
  }));

  // The contract's entries and its provision set's, found by their canonical bytes before
  // anything is parsed; then only those the principal may read, decided in slices so that the
  // state is never held for long.
  std::vector<ledger::ExcerptEntry> candidates;
  {
    const auto contract_key = "\"contract\":" + nlohmann::json(contract).dump() + ",";
    constexpr std::string_view kImported = "\"type\":\"provisions.imported\"";
    auto tx = TRY(service.database().begin(storage::TransactionMode::Read));
    TRY(ledger::for_each_stored_entry(*tx, [&](const ledger::StoredEntry& e) -> Result<void> {
      if (e.entry.find(contract_key) != std::string_view::npos) {
        candidates.push_back({e.seq, std::string(e.entry)});
      } else if (e.entry.find(kImported) != std::string_view::npos) {
        const auto event = event_of(e.entry);
        if (!event.is_null() && event["data"].value("name", "") == provisions.name &&
            event["data"].value("version", "") == provisions.version)
          candidates.push_back({e.seq, std::string(e.entry)});
      }
      return ok();
    }));
  }
  // Each candidate is parsed once, outside the state lock; the documents it issued are kept.
  std::vector<std::optional<domain::Event>> events;
  events.reserve(candidates.size());
  for (const auto& candidate : candidates) {
    auto event = domain::event_from_json(event_of(candidate.entry));
    const bool ours = event && (event->contract == contract || event->type == "provisions.imported");
    events.push_back(ours ? std::optional(std::move(*event)) : std::nullopt);
  }
  std::vector<ledger::ExcerptEntry> readable;
  std::vector<domain::DocumentIssued> issued_documents;
  constexpr std::size_t kSlice = 4096;
  for (std::size_t start = 0; start < candidates.size(); start += kSlice) {
    const auto end = std::min(candidates.size(), start + kSlice);
    service.read([&](const domain::State& s) {
      for (std::size_t i = start; i < end; ++i) {
        if (!events[i] || !domain::may_read_event(s, principal, *events[i])) continue;
        if (events[i]->type == domain::DocumentIssued::kType)
          if (auto document = domain::read_event<domain::DocumentIssued>(*events[i]))
            issued_documents.push_back(std::move(*document));
        readable.push_back(std::move(candidates[i]));
      }
    });
  }

  std::vector<documents::ArchiveMember> members;
  members.push_back({"compliance/report.pdf", issued.pdf});
  members.push_back({"compliance/report.csv", issued.csv});
  members.push_back({"compliance/report.xlsx", issued.xlsx});
  // Every other document issued for the contract that the principal may read.
  for (const auto& document : issued_documents) {
    if (document.kind == "compliance_report" && document.of == issued.index) continue;
    auto bytes = TRY(stored_file(service, document.sha256));
    if (!bytes || file_sha256(*bytes) != document.sha256)
      return make_error(ErrorKind::Tampered, "document.file_altered",
                        "保存されている文書のファイルが、台帳に記録されたものと一致しません",
                        "a stored document file does not match the one the ledger recorded")
          .with("of", std::to_string(document.of));
    std::string name = document.kind;
    std::replace(name.begin(), name.end(), '_', '-');
    members.push_back({"documents/" + name + "-" + std::to_string(document.of) + ".pdf", std::move(*bytes)});
  }
  const auto excerpt = TRY(ledger::make_excerpt(service.ledger(), readable));
  members.push_back({std::string(kExcerptName), excerpt});

  const auto now = service.clock().now();
  const auto today = format_date(jst_date(now));
  const auto key = service.ledger().verifier().to_string();
  std::string readme;
  readme += "itaku 監査用証拠一式 / itaku evidence package\r\n\r\n";
  readme += "契約 / contract: " + contract + "\r\n";
  readme += "作成 / made: " + format_utc(now) + "\r\n";
  readme += "台帳 / ledger: " + service.ledger().origin() + "\r\n";
  readme += "公開鍵 / public key: " + key + "\r\n\r\n";
  readme += "compliance/  遵守状況報告書（PDF・CSV・Excel）/ the compliance report (PDF, CSV, XLSX)\r\n";
  readme += "documents/   この契約について発行された文書 / the documents issued for this contract\r\n";
  readme += std::string(kExcerptName) +
            "  上記がすべて台帳に記録されていることの証明 / the ledger entries that record all of the above, "
            "with their proof\r\n\r\n";
  readme +=
      "検証 / to verify (市の公開鍵は市から直接入手してください / obtain the city's public key from the city "
      "itself):\r\n";
  readme += "  itaku ledger verify --bundle <this file>.zip --key '<public key>'\r\n";
  members.insert(members.begin(), {std::string(kReadmeName), readme});

  EvidencePackage out;
  out.zip = TRY(documents::write_zip(members, now));
  out.filename = "itaku-evidence-" + contract + "-" + today + ".zip";
  out.report_index = issued.index;
  out.entries = readable.size();
  return out;
}

Result<VerifiedPackage> verify_evidence_package(std::string_view zip, const std::optional<std::string>& trusted_key) {
  const auto members = TRY(documents::read_zip(zip));
  const auto malformed = [](const std::string& ja, const std::string& en) {
    return make_error(ErrorKind::Invalid, "package.malformed", "証拠一式の形式が正しくありません: " + ja,
                      "the evidence package is malformed: " + en);
  };
  const auto excerpt_member =
      std::find_if(members.begin(), members.end(), [](const auto& m) { return m.name == kExcerptName; });
  if (excerpt_member == members.end()) return malformed("台帳の抜粋がありません", "it holds no ledger excerpt");
  VerifiedPackage out;
  out.excerpt = TRY(ledger::verify_excerpt(excerpt_member->bytes, trusted_key));

  // sha256 → the entry that records those bytes, from the verified entries only.
  std::map<std::string, std::pair<std::uint64_t, std::string>> recorded;
  for (const auto& e : out.excerpt.entries) {
    const auto event = event_of(e.entry);
    if (event.is_null()) continue;
    const std::string contract = event.value("contract", "");
    if (!contract.empty()) {
      if (out.contract.empty()) out.contract = contract;
      if (contract != out.contract)
        return malformed("複数の契約の記録が含まれています", "it holds entries of more than one contract");
    }
    const auto type = event.value("type", "");
    const auto& data = event.contains("data") ? event["data"] : nlohmann::json::object();
    if (type == domain::DocumentIssued::kType && data.contains("sha256") && data["sha256"].is_string())
      recorded[data["sha256"].get<std::string>()] = {e.index, "document.issued (" + data.value("kind", "") + " of #" +
                                                                  std::to_string(data.value("of", std::uint64_t{0})) +
                                                                  ")"};
    if (type == domain::ComplianceReported::kType && data.contains("files") && data["files"].is_array())
      for (const auto& file : data["files"])
        if (file.is_object() && file.contains("sha256") && file["sha256"].is_string())
          recorded[file["sha256"].get<std::string>()] = {e.index,
                                                         "compliance.reported (" + file.value("format", "") + ")"};
  }
  for (const auto& member : members) {
    if (member.name == kExcerptName || member.name == kReadmeName) continue;
    const auto sha256 = file_sha256(member.bytes);
    const auto found = recorded.find(sha256);
    if (found == recorded.end())
      return make_error(ErrorKind::Tampered, "package.file_unrecorded",
                        "証拠一式のファイルが台帳に記録されたものと一致しません（変更または追加されています）",
                        "a file of the evidence package is not one the ledger records (it was changed or added)")
          .with("file", member.name)
          .with("sha256", sha256);
    out.files.push_back({member.name, sha256, found->second.first, found->second.second});
  }
  return out;
}

}  // namespace itaku::service
