#include "itaku/service/disposal_documents.hpp"

#include <algorithm>

#include "itaku/domain/authorization.hpp"
#include "itaku/domain/devices.hpp"
#include "itaku/domain/disposal.hpp"
#include "itaku/ledger/ledger.hpp"
#include "itaku/service/service.hpp"

namespace itaku::service {

namespace {

constexpr std::string_view kDisposalContext = "itaku disposal link\n";
constexpr std::string_view kDestructionContext = "itaku destruction link\n";

// 長野市長 様: a document to the city is addressed to its head.
std::string city_addressee(const ContractNames& names) { return names.city + "長 様"; }

// The party and its responsible person on its latest roster: 株式会社… 公共事業部 部長 山田 太郎.
std::string issuer_of(const domain::State& state, const domain::Contract& contract, const std::string& organisation) {
  const auto* org = state.organisation(organisation);
  std::string issuer = org ? org->name : organisation;
  const auto rosters = contract.rosters.find(organisation);
  if (rosters != contract.rosters.end() && !rosters->second.empty())
    issuer += " " + person_display(state, rosters->second.back().roster.responsible);
  return issuer;
}

// The day a document was issued, as printed: that of its document.issued entry once issued,
// else `today`.
std::string issued_day(const domain::State& state, std::string_view kind, std::uint64_t of, const std::string& today) {
  const auto* doc = state.document_of(std::string(kind), of);
  return doc ? format_date(jst_date(doc->at)) : today;
}

std::string today_of(Service& service) { return format_date(jst_date(service.clock().now())); }

template <class Document>
void fill_block(Document& doc, const LedgerBlock& block) {
  doc.ledger_index = block.index;
  doc.ledger_origin = block.origin;
  doc.verify_url = block.verify_url;
  doc.payload = block.payload;
}

Result<std::pair<const domain::Contract*, domain::ContractAccess>> visible_contract(const domain::State& s,
                                                                                    const domain::Principal& principal,
                                                                                    const std::string& contract) {
  const auto* c = s.contract(contract);
  if (!c) return domain::unknown("contract", contract);
  auto access = domain::contract_access(s, principal, *c);
  if (!access.visible) return domain::unknown("contract", contract);
  return std::pair{c, std::move(access)};
}

}  // namespace

documents::DisposalCertificate disposal_certificate_view(const domain::State& state, const domain::Contract& contract,
                                                         const domain::DisposalRecord& record,
                                                         const std::string& issued) {
  const auto names = names_of(state, contract);
  documents::DisposalCertificate d;
  d.number = names.number + "-" + record.id;
  d.issued_date = printed_date(issued);
  d.addressee = city_addressee(names);
  d.issuer = issuer_of(state, contract, record.organisation);
  d.clause = domain::control_clause(state, contract, "disposal.certified");
  d.contract_number = names.number;
  d.contract_title = names.title;
  d.disposition = domain::term_name(domain::dispositions(), record.disposition);
  d.method = record.method;
  d.performed = printed_date(record.performed_on);
  d.performed_by = person_display(state, record.performed_by);
  d.witnessed_by = record.witnessed_by.empty() ? std::string() : person_display(state, record.witnessed_by);
  if (!record.instruction.empty()) {
    const auto instruction = contract.disposal_instructions.find(record.instruction);
    d.instruction = instruction == contract.disposal_instructions.end()
                        ? record.instruction
                        : record.instruction + "（" + printed_date(format_date(jst_date(instruction->second.at))) +
                              "指示、期限 " + printed_date(instruction->second.due) + "）";
  }
  for (const auto& id : record.assets) {
    const auto asset = contract.assets.find(id);
    if (asset == contract.assets.end()) {
      d.items.push_back({id, "", "", ""});
      continue;
    }
    const auto& a = asset->second;
    d.items.push_back({id, a.description, a.media.empty() ? record.media : a.media,
                       a.origin == domain::AssetOrigin::Copy ? "複製物（原本 " + a.copy_of + "）" : std::string()});
  }
  return d;
}

documents::DestructionReport destruction_report_view(const domain::State& state, const domain::Contract& contract,
                                                     const domain::Device& device,
                                                     const domain::MediaDestruction& destruction,
                                                     const std::string& issued) {
  const auto names = names_of(state, contract);
  documents::DestructionReport r;
  const auto position = std::find_if(device.destructions.begin(), device.destructions.end(),
                                     [&](const auto& d) { return d.ledger_index == destruction.ledger_index; }) -
                        device.destructions.begin() + 1;
  r.number = names.number + "-" + device.id + "-" + std::to_string(position);
  r.issued_date = printed_date(issued);
  r.addressee = city_addressee(names);
  r.issuer = issuer_of(state, contract, device.organisation);
  r.clause = domain::control_clause(state, contract, "media.destruction_reported");
  r.contract_number = names.number;
  r.contract_title = names.title;
  r.device = device.description + "（" + domain::term_name(domain::device_kinds(), device.kind) + "、管理番号 " +
             device.id + "、製造番号 " + device.identifier + "）";
  r.reason = device.retired == "replaced" ? "交換" : device.retired == "disposed" ? "廃棄" : "交換・廃棄";
  r.method = destruction.method;
  r.performed = printed_date(destruction.performed_on);
  r.performed_by = person_display(state, destruction.performed_by);
  r.witnessed_by = destruction.witnessed_by.empty() ? std::string() : person_display(state, destruction.witnessed_by);
  r.evidence =
      destruction.evidence_sha256.empty() ? std::string() : "写真・記録 SHA-256: " + destruction.evidence_sha256;
  r.media = destruction.media;
  return r;
}

Result<ReportFile> disposal_certificate(Service& service, const std::string& contract, const std::string& id,
                                        const domain::Principal& principal, const std::string& base_url) {
  documents::DisposalCertificate view;
  const auto today = today_of(service);
  const EntryDocumentSpec spec{contract, "disposal_certificate", "disposal-certificate-" + contract + "-" + id + ".pdf",
                               kDisposalContext, kDisposalVerifyPath};
  return entry_document(
      service, principal, spec, base_url,
      [&](const domain::State& s) -> Result<EntryOfDocument> {
        const auto [c, access] = TRY(visible_contract(s, principal, contract));
        const auto it = c->disposals.find(id);
        if (it == c->disposals.end() || !domain::may_read_disposal(access, it->second))
          return domain::unknown("disposal", id);
        const auto& record = it->second;
        view = disposal_certificate_view(s, *c, record, issued_day(s, spec.kind, record.ledger_index, today));
        EntryOfDocument found{record.ledger_index, std::nullopt};
        if (const auto* pdf = s.document_of(spec.kind, record.ledger_index)) found.sha256 = pdf->sha256;
        return found;
      },
      [&](const LedgerBlock& block) {
        fill_block(view, block);
        return documents::render_disposal_certificate_pdf(view);
      });
}

Result<ReportFile> destruction_report(Service& service, const std::string& contract, const std::string& id,
                                      std::size_t n, const domain::Principal& principal, const std::string& base_url) {
  documents::DestructionReport view;
  const auto today = today_of(service);
  const EntryDocumentSpec spec{contract, "destruction_report",
                               "destruction-report-" + contract + "-" + id + "-" + std::to_string(n) + ".pdf",
                               kDestructionContext, kDestructionVerifyPath};
  return entry_document(
      service, principal, spec, base_url,
      [&](const domain::State& s) -> Result<EntryOfDocument> {
        const auto [c, access] = TRY(visible_contract(s, principal, contract));
        const auto it = c->devices.find(id);
        if (it == c->devices.end() || !domain::may_read_device(access, it->second))
          return domain::unknown("device", id);
        const auto& device = it->second;
        if (n == 0 || n > device.destructions.size())
          return make_error(ErrorKind::NotFound, "media.destruction_unknown", "その記録媒体の破壊の記録はありません",
                            "no such destruction of storage media")
              .with("device", id)
              .with("n", std::to_string(n));
        const auto& destruction = device.destructions[n - 1];
        view = destruction_report_view(s, *c, device, destruction,
                                       issued_day(s, spec.kind, destruction.ledger_index, today));
        EntryOfDocument found{destruction.ledger_index, std::nullopt};
        if (const auto* pdf = s.document_of(spec.kind, destruction.ledger_index)) found.sha256 = pdf->sha256;
        return found;
      },
      [&](const LedgerBlock& block) {
        fill_block(view, block);
        return documents::render_destruction_report_pdf(view);
      });
}

Result<std::string> disposal_verify_path(Service& service, std::string_view path, std::uint64_t index) {
  const auto context = path == kDisposalVerifyPath ? kDisposalContext : kDestructionContext;
  return entry_link("", path, context, index, TRY(service.ledger().entry(index)));
}

Result<PublicEntryDocument> public_disposal_document(Service& service, std::string_view path, std::uint64_t index,
                                                     std::string_view token) {
  const auto unknown = [] {
    return make_error(ErrorKind::NotFound, "disposal.unknown", "その文書は見つかりません", "no such document");
  };
  const bool certificate = path == kDisposalVerifyPath;
  if (!certificate && path != kDestructionVerifyPath) return unknown();
  if (index >= service.ledger().size()) return unknown();
  const auto entry = TRY(service.ledger().entry(index));
  // The token is what keeps these documents from being read by index.
  if (!same_token(link_token(certificate ? kDisposalContext : kDestructionContext, entry), token)) return unknown();
  // The entry names its contract: only that contract's acts or devices are looked through.
  const auto event = event_of(entry);
  const auto contract_id = event.is_object() ? event.value("contract", std::string()) : std::string();
  TRY(service.catch_up());
  const auto today = today_of(service);
  auto out = service.read([&](const domain::State& s) -> std::optional<PublicEntryDocument> {
    const auto* contract = s.contract(contract_id);
    if (!contract) return std::nullopt;
    PublicEntryDocument p;
    p.index = index;
    p.kind = certificate ? "disposal_certificate" : "destruction_report";
    if (certificate) {
      for (const auto& [id, record] : contract->disposals)
        if (record.ledger_index == index)
          p.certificate = disposal_certificate_view(s, *contract, record, issued_day(s, p.kind, index, today));
    } else {
      for (const auto& [id, device] : contract->devices)
        for (const auto& destruction : device.destructions)
          if (destruction.ledger_index == index)
            p.report = destruction_report_view(s, *contract, device, destruction, issued_day(s, p.kind, index, today));
    }
    if (!p.certificate && !p.report) return std::nullopt;
    if (const auto* pdf = s.document_of(p.kind, index)) p.document = *pdf;
    return p;
  });
  if (!out) return unknown();
  out->origin = service.ledger().origin();
  return std::move(*out);
}

}  // namespace itaku::service
