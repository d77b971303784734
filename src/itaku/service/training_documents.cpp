#include "itaku/service/training_documents.hpp"

#include <map>
#include <optional>

#include <nlohmann/json.hpp>

#include "itaku/core/bytes.hpp"
#include "itaku/crypto/base64.hpp"
#include "itaku/documents/table.hpp"
#include "itaku/documents/training_report.hpp"
#include "itaku/domain/authorization.hpp"
#include "itaku/domain/commands.hpp"
#include "itaku/domain/training_events.hpp"
#include "itaku/ledger/ledger.hpp"
#include "itaku/ledger/proof_json.hpp"
#include "itaku/service/document_files.hpp"
#include "itaku/service/service.hpp"

namespace itaku::service {

namespace {

constexpr std::string_view kLinkContext = "itaku training report link\n";

// The training statuses in the order a report counts them, with their printed labels.
constexpr std::pair<domain::TrainingStatus, std::string_view> kStatuses[] = {
    {domain::TrainingStatus::Expired, "期限切れ"},
    {domain::TrainingStatus::Missing, "未受講"},
    {domain::TrainingStatus::Expiring, "まもなく期限"},
    {domain::TrainingStatus::Valid, "有効"},
};

std::string status_label(domain::TrainingStatus status) {
  for (const auto& [s, label] : kStatuses)
    if (s == status) return std::string(label);
  return {};
}

Error report_unknown() {
  return make_error(ErrorKind::NotFound, "training.report_unknown", "その教育の実施状況報告書は見つかりません",
                    "no such training report");
}

std::string wareki(Timestamp t) { return format_wareki(jst_date(t)); }

// "P1Y" → "1年", "P6M" → "6か月", "P90D" → "90日"; empty → "期限なし"; anything else as written.
std::string validity_text(const std::string& duration) {
  if (duration.empty()) return "期限なし";
  if (duration.size() >= 3 && duration[0] == 'P') {
    const auto number = duration.substr(1, duration.size() - 2);
    const bool digits = !number.empty() && number.find_first_not_of("0123456789") == std::string::npos;
    if (digits) {
      switch (duration.back()) {
        case 'Y': return number + "年";
        case 'M': return number + "か月";
        case 'D': return number + "日";
        default: break;
      }
    }
  }
  return duration;
}

std::string role_label(const domain::State& state, const std::string& person, const std::string& contract) {
  static const std::map<std::string, std::string, std::less<>> kRoles = {
      {std::string(domain::kRoleResponsible), "責任者"},
      {std::string(domain::kRoleInformationManager), "情報管理責任者"},
      {std::string(domain::kRoleWorker), "作業者"}};
  for (const auto& role : state.roles_of(person, contract))
    if (const auto found = kRoles.find(role); found != kRoles.end()) return found->second;
  return "—";
}

// What the issuer may read of one party's training, as the PDF, the table and the record say it.
struct Gathered {
  documents::TrainingReport doc;
  documents::Table table;
  std::map<std::string, std::uint64_t> counts;  // status → workers (machine names)
  std::uint64_t workers = 0;
};

Result<Gathered> gather(const domain::State& s, const std::string& contract, const std::string& organisation,
                        const domain::Principal& principal, Timestamp now) {
  const auto* c = s.contract(contract);
  if (!c) return domain::unknown("contract", contract);
  const auto access = domain::contract_access(s, principal, *c);
  if (!access.visible) return domain::unknown("contract", contract);
  const auto* party = c->party(organisation);
  if (!party || party->role == domain::PartyRole::City)
    return make_error(ErrorKind::Invalid, "training.report_party_invalid", "報告書の対象は契約の乙又は丙です",
                      "a training report is of the contractor or a subcontractor")
        .with("field", "organisation");
  if (!domain::may_issue_training_report(access, organisation))
    return make_error(ErrorKind::Denied, "training.report_forbidden",
                      "この当事者の教育の実施状況報告書を発行できるのは、その責任者・情報管理責任者又は市の職員です",
                      "a party's training report is issued by its responsible person or information manager, or "
                      "by the city's officers");
  Gathered g;
  const auto names = names_of(s, *c);
  const auto* org = s.organisation(organisation);
  const auto org_name = org ? org->name : organisation;
  auto& doc = g.doc;
  doc.city = names.city;
  doc.contract_number = names.number;
  doc.contract_title = names.title;
  doc.provisions = names.provisions;
  doc.party = (party->role == domain::PartyRole::Contractor ? "乙 " : "丙 ") + org_name;
  doc.as_of = wareki(now) + " 時点";
  doc.issued_at = wareki(now);
  doc.issued_by = person_name(s, principal);

  std::map<std::string, std::string> course_titles;
  for (const auto& [id, course] : c->courses) {
    if (course.organisation != organisation || !domain::may_read_course(access, course)) continue;
    course_titles[id] = course.title;
    std::string classes;
    for (const auto& class_id : course.classes) {
      const auto* asset_class = c->asset_class(class_id);
      classes += (classes.empty() ? "" : "、") + (asset_class ? asset_class->name : class_id);
    }
    doc.courses.push_back({course.title, course.outline, course.provider,
                           course.hours.empty() ? std::string() : course.hours + "時間",
                           classes.empty() ? std::string("すべての区分") : classes,
                           validity_text(domain::training_validity(s, *c, course))});
  }
  for (const auto& [id, session] : c->training_sessions) {
    const auto title = course_titles.find(session.course);
    if (title == course_titles.end()) continue;
    std::size_t attended = 0, passed = 0;
    for (const auto& a : session.attendees)
      if (domain::may_read_obligations(s, access, a.person)) {
        ++attended;
        if (a.passed) ++passed;
      }
    doc.sessions.push_back(
        {printed_date(session.date), title->second, session.place, session.instructor, attended, passed});
  }

  g.table.header = {"氏名", "所属", "役割", "最終受講日", "有効期限", "状況", "特記事項の確認", "誓約書等"};
  std::map<domain::TrainingStatus, std::size_t> per_status;
  const auto today = format_date(jst_date(now));
  for (const auto& w : domain::worker_standings(s, *c, today)) {
    if (w.person->organisation != organisation || !domain::may_read_obligations(s, access, w.person->id)) continue;
    ++g.workers;
    ++per_status[w.training_status];
    std::string acknowledgement = "未確認";
    if (w.acknowledgement_status == domain::AcknowledgementStatus::Current)
      acknowledgement = "確認済み（" + w.acknowledgement->provisions.version + "）";
    else if (w.acknowledgement_status == domain::AcknowledgementStatus::Outdated)
      acknowledgement = "以前の版を確認（" + w.acknowledgement->provisions.version + "）";
    std::string pledge;
    if (w.pledge) pledge = "誓約書 " + printed_date(w.pledge->signed_on);
    if (w.nda) pledge += (pledge.empty() ? "" : "、") + std::string("秘密保持契約 ") + printed_date(w.nda->signed_on);
    if (pledge.empty()) pledge = "—";
    const auto last = w.training ? printed_date(w.training->completed) : std::string();
    const auto until = !w.training                                    ? std::string()
                       : w.training->valid_until == domain::kNoExpiry ? std::string("期限なし")
                                                                      : printed_date(w.training->valid_until);
    documents::TrainingReportWorker row{
        w.person->name,  org_name, role_label(s, w.person->id, contract), last, until, status_label(w.training_status),
        acknowledgement, pledge};
    g.table.rows.push_back({row.name, row.organisation, row.role, row.last_trained, row.valid_until,
                            row.training_status, row.acknowledgement, row.pledge});
    doc.workers.push_back(std::move(row));
  }
  for (const auto& [status, label] : kStatuses) {
    const auto found = per_status.find(status);
    const std::size_t n = found == per_status.end() ? 0 : found->second;
    doc.counts.emplace_back(std::string(label), n);
    g.counts[std::string(domain::to_string(status))] = n;
  }
  return g;
}

// The training.reported entry at `index` of `contract` (any contract when empty), or null.
Result<nlohmann::json> report_event(Service& service, const std::string& contract, std::uint64_t index) {
  if (index >= service.ledger().size()) return nlohmann::json(nullptr);
  auto event = event_of(TRY(service.ledger().entry(index)));
  if (event.is_null() || event.value("type", "") != domain::TrainingReported::kType ||
      (!contract.empty() && event.value("contract", "") != contract))
    return nlohmann::json(nullptr);
  return event;
}

// Whether `principal` may read the report at `index` of `contract`.
bool readable(Service& service, const std::string& contract, std::uint64_t index, const domain::Principal& principal) {
  return service.read([&](const domain::State& s) {
    const auto* c = s.contract(contract);
    if (!c) return false;
    const auto report = c->training_reports.find(index);
    return report != c->training_reports.end() &&
           domain::may_read_training_report(domain::contract_access(s, principal, *c), report->second.organisation);
  });
}

}  // namespace

std::string training_report_link(const std::string& base_url, std::uint64_t index, std::string_view entry) {
  return base_url + "/training-reports/verify?index=" + std::to_string(index) + "&k=" + link_token(kLinkContext, entry);
}

Result<IssuedTrainingReport> issue_training_report(Service& service, const std::string& contract,
                                                   const std::string& organisation, const domain::Principal& principal,
                                                   const std::string& base_url) {
  TRY(service.catch_up());
  const auto now = service.clock().now();
  auto gathered =
      TRY(service.read([&](const domain::State& s) { return gather(s, contract, organisation, principal, now); }));
  IssuedTrainingReport out;
  out.csv = documents::to_csv(gathered.table);
  out.xlsx = TRY(documents::to_xlsx(gathered.table, "教育の実施状況"));
  const auto csv_sha256 = file_sha256(out.csv);
  const auto xlsx_sha256 = file_sha256(out.xlsx);
  domain::RecordTrainingReport record{
      contract,         organisation,    now,
      gathered.workers, gathered.counts, {{"csv", csv_sha256, out.csv.size()}, {"xlsx", xlsx_sha256, out.xlsx.size()}}};
  const auto system = domain::Principal::system(principal.actor());
  out.index = TRY(service.execute(record, system, [&](storage::Transaction& tx) -> Result<void> {
    TRY(store_file(tx, csv_sha256, out.csv));
    return store_file(tx, xlsx_sha256, out.xlsx);
  }));
  // The PDF carries the proof of the entry just recorded, and is recorded in its turn.
  const auto entry = TRY(service.ledger().entry(out.index));
  const auto proof = TRY(ledger::inclusion_proof_json(service.ledger(), out.index));
  auto& doc = gathered.doc;
  doc.ledger_index = out.index;
  doc.ledger_origin = service.ledger().origin();
  doc.verify_url = training_report_link(base_url, out.index, entry);
  doc.payload = crypto::base64_encode(as_bytes(proof.dump()));
  out.pdf = TRY(documents::render_training_report_pdf(doc));
  const auto pdf_sha256 = file_sha256(out.pdf);
  TRY(service.execute(domain::IssueDocument{contract, "training_report", out.index, pdf_sha256, out.pdf.size()}, system,
                      [&](storage::Transaction& tx) { return store_file(tx, pdf_sha256, out.pdf); }));
  return out;
}

Result<ReportFile> training_report_file(Service& service, const std::string& contract, std::uint64_t index,
                                        std::string_view format, const domain::Principal& principal) {
  TRY(service.catch_up());
  if (!readable(service, contract, index, principal)) return report_unknown();
  std::optional<std::string> sha256;
  if (format == "pdf") {
    service.read([&](const domain::State& s) {
      if (const auto* pdf = s.document_of("training_report", index)) sha256 = pdf->sha256;
    });
  } else if (format == "csv" || format == "xlsx") {
    const auto event = TRY(report_event(service, contract, index));
    if (event.is_null()) return report_unknown();
    for (const auto& file : event["data"].value("files", nlohmann::json::array()))
      if (file.value("format", "") == format) sha256 = file.value("sha256", "");
  }
  if (!sha256) return report_unknown();
  return report_file(service, *sha256, format,
                     "training-report-" + contract + "-" + std::to_string(index) + "." + std::string(format), index);
}

Result<PublicTrainingReport> public_training_report(Service& service, std::uint64_t index, std::string_view token) {
  const auto event = TRY(report_event(service, "", index));
  if (event.is_null()) return report_unknown();
  const auto entry = TRY(service.ledger().entry(index));
  // The token is what keeps reports from being read by index.
  if (!same_token(link_token(kLinkContext, entry), token)) return report_unknown();
  const auto data = domain::read_event<domain::TrainingReported>(TRY(domain::event_from_json(event)));
  if (!data) return report_unknown();
  TRY(service.catch_up());
  PublicTrainingReport out;
  out.index = index;
  out.origin = service.ledger().origin();
  out.as_of = data->as_of;
  out.workers = data->workers;
  const std::string contract = event.value("contract", "");
  service.read([&](const domain::State& s) {
    const auto* c = s.contract(contract);
    if (!c) return;
    const auto names = names_of(s, *c);
    out.city = names.city;
    out.contract_number = names.number;
    out.contract_title = names.title;
    const auto* org = s.organisation(data->organisation);
    out.party = org ? org->name : data->organisation;
    if (const auto report = c->training_reports.find(index); report != c->training_reports.end())
      out.issued_at = report->second.at;
    if (const auto* pdf = s.document_of("training_report", index)) out.files.push_back({"pdf", pdf->sha256, pdf->size});
  });
  for (const auto& [status, label] : kStatuses) {
    const auto name = std::string(domain::to_string(status));
    const auto found = data->counts.find(name);
    out.counts.emplace_back(name, found == data->counts.end() ? 0 : found->second);
  }
  for (const auto& file : data->files) out.files.push_back({file.format, file.sha256, file.size});
  return out;
}

namespace {

// What the ledger holds of the report at `index`, with the path of its public check; the caller
// has decided that it may be read.
Result<ReadableTrainingReport> readable_record(Service& service, std::uint64_t index) {
  const auto entry = TRY(service.ledger().entry(index));
  return ReadableTrainingReport{TRY(public_training_report(service, index, link_token(kLinkContext, entry))),
                                training_report_link("", index, entry)};
}

}  // namespace

Result<std::vector<ReadableTrainingReport>> training_reports(Service& service, const std::string& contract,
                                                             const domain::Principal& principal) {
  TRY(service.catch_up());
  const auto indices = service.read([&](const domain::State& s) {
    std::vector<std::uint64_t> found;
    const auto* c = s.contract(contract);
    if (!c) return found;
    const auto access = domain::contract_access(s, principal, *c);
    for (auto it = c->training_reports.rbegin(); it != c->training_reports.rend(); ++it)
      if (domain::may_read_training_report(access, it->second.organisation)) found.push_back(it->first);
    return found;
  });
  std::vector<ReadableTrainingReport> out;
  out.reserve(indices.size());
  for (const auto index : indices) out.push_back(TRY(readable_record(service, index)));
  return out;
}

Result<ReadableTrainingReport> training_report_record(Service& service, const std::string& contract,
                                                      std::uint64_t index, const domain::Principal& principal) {
  TRY(service.catch_up());
  if (!readable(service, contract, index, principal)) return report_unknown();
  return readable_record(service, index);
}

}  // namespace itaku::service
