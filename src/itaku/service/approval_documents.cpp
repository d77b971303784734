#include "itaku/service/approval_documents.hpp"

#include <nlohmann/json.hpp>

#include "itaku/domain/approvals.hpp"
#include "itaku/domain/authorization.hpp"
#include "itaku/domain/commands.hpp"
#include "itaku/ledger/ledger.hpp"
#include "itaku/service/service.hpp"

namespace itaku::service {

namespace {

constexpr std::string_view kLinkContext = "itaku approval link\n";
// A printed list stops before this many bytes and says how many it left out: the document
// bounds a row's value (documents::render_approval_pdf), and a row keeps within a page.
constexpr std::size_t kMaxListBytes = 2400;

Error approval_unknown(const std::string& id) { return domain::unknown("approval", id); }

// "a、b、c" — or "a、b ほか12件" once the next item would pass kMaxListBytes.
std::string listed(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (out.size() + items[i].size() > kMaxListBytes) return out + " ほか" + std::to_string(items.size() - i) + "件";
    out += (out.empty() ? "" : "、") + items[i];
  }
  return out;
}

// The clause of the set that asks for this approval, whatever the origin it scopes to.
std::string clause_of(const domain::State& state, const domain::Contract& contract, const std::string& type) {
  for (const auto origin : {domain::AssetOrigin::City, domain::AssetOrigin::Created, domain::AssetOrigin::Acquired,
                            domain::AssetOrigin::Copy})
    if (const auto clause = domain::approval_clause(state, contract, type, origin)) return *clause;
  return {};
}

bool approved(const domain::Approval& a) {
  return a.status == domain::ApprovalStatus::Approved || a.status == domain::ApprovalStatus::Revoked;
}

// The approval whose approval.decided entry is at `index`, and its contract, or nulls.
std::pair<const domain::Contract*, const domain::Approval*> decided_at(const domain::State& state,
                                                                       std::uint64_t index) {
  for (const auto& [id, contract] : state.contracts)
    for (const auto& [approval_id, a] : contract.approvals)
      if (a.decided_index == index && approved(a)) return {&contract, &a};
  return {nullptr, nullptr};
}

}  // namespace

documents::ApprovalDocument approval_view(const domain::State& state, const domain::Contract& contract,
                                          const domain::Approval& a) {
  documents::ApprovalDocument d;
  const auto names = names_of(state, contract);
  const auto* org = state.organisation(a.organisation);
  d.number = a.number;
  d.decided_date = format_wareki(jst_date(a.decided_at));
  d.addressee = (org ? org->name : a.organisation) + " 様";
  d.city = names.city;
  constexpr std::string_view kPerson = "person:";
  d.approver =
      a.decided_by.starts_with(kPerson) ? person_display(state, a.decided_by.substr(kPerson.size())) : a.decided_by;
  d.clause = clause_of(state, contract, a.type);
  d.contract_number = names.number;
  d.contract_title = names.title;
  d.request = a.id + "（" + format_wareki(jst_date(a.requested_at)) + "申請）";
  d.action = std::string(domain::approval_type_label_ja(a.type));

  std::vector<std::string> targets;
  for (const auto& id : a.assets) {
    const auto asset = contract.assets.find(id);
    targets.push_back(asset == contract.assets.end() ? id : asset->second.description + "（" + id + "）");
  }
  for (const auto& id : a.classes) {
    const auto* cls = contract.asset_class(id);
    targets.push_back("種類「" + (cls ? cls->name : id) + "」のすべて");
  }
  std::vector<std::string> people;
  for (const auto& id : a.people) people.push_back(person_display(state, id));
  d.rows = {
      {"目的", a.purpose},
      {"対象の情報資産", listed(targets)},
      {"行為をする人", listed(people)},
      {"使用する機器・媒体", listed(a.devices)},
      {"持出先・提供先", a.destination},
      {"部数", a.copies > 0 ? std::to_string(a.copies) + "部" : std::string()},
      {"期間", printed_date(a.from) + "から" + printed_date(a.until) + "まで"},
      {"情報セキュリティ対策", listed(a.measures)},
      {"備考", a.note},
  };
  d.conditions = a.conditions;
  return d;
}

std::string approval_link(const std::string& base_url, std::uint64_t index, std::string_view entry) {
  return entry_link(base_url, "/approvals/verify", kLinkContext, index, entry);
}

Result<std::string> approval_verify_path(Service& service, std::uint64_t index) {
  return approval_link("", index, TRY(service.ledger().entry(index)));
}

Result<ReportFile> approval_document(Service& service, const std::string& contract, const std::string& id,
                                     const domain::Principal& principal, const std::string& base_url) {
  documents::ApprovalDocument view;
  const EntryDocumentSpec spec{contract, "approval", "approval-" + contract + "-" + id + ".pdf", kLinkContext,
                               "/approvals/verify"};
  return entry_document(
      service, principal, spec, base_url,
      [&](const domain::State& s) -> Result<EntryOfDocument> {
        const auto* c = s.contract(contract);
        if (!c) return domain::unknown("contract", contract);
        const auto access = domain::contract_access(s, principal, *c);
        if (!access.visible) return domain::unknown("contract", contract);
        const auto it = c->approvals.find(id);
        if (it == c->approvals.end() || !domain::may_read_approval(access, it->second)) return approval_unknown(id);
        const auto& a = it->second;
        if (!approved(a))
          return make_error(ErrorKind::Conflict, "approval.not_approved",
                            "承認書は、市が承認した申請についてだけ発行されます",
                            "an approval document exists only once the city has approved the request")
              .with("id", id)
              .with("status", std::string(domain::to_string(a.status)));
        view = approval_view(s, *c, a);
        EntryOfDocument found{a.decided_index, std::nullopt};
        if (const auto* pdf = s.document_of("approval", a.decided_index)) found.sha256 = pdf->sha256;
        return found;
      },
      [&](const LedgerBlock& block) {
        auto doc = view;
        doc.ledger_index = block.index;
        doc.ledger_origin = block.origin;
        doc.verify_url = block.verify_url;
        doc.payload = block.payload;
        return documents::render_approval_pdf(doc);
      });
}

Result<PublicApproval> public_approval(Service& service, std::uint64_t index, std::string_view token) {
  const auto unknown = [] {
    return make_error(ErrorKind::NotFound, "approval.unknown", "その承認書は見つかりません", "no such approval");
  };
  if (index >= service.ledger().size()) return unknown();
  const auto entry = TRY(service.ledger().entry(index));
  // The token is what keeps approvals from being read by index.
  if (!same_token(link_token(kLinkContext, entry), token)) return unknown();
  TRY(service.catch_up());
  const auto today = format_date(jst_date(service.clock().now()));
  auto out = service.read([&](const domain::State& s) -> std::optional<PublicApproval> {
    const auto [contract, a] = decided_at(s, index);
    if (!a) return std::nullopt;
    PublicApproval p;
    p.index = index;
    p.printed = approval_view(s, *contract, *a);
    p.used = a->used();
    if (a->status == domain::ApprovalStatus::Revoked)
      p.status_ja = "取消し（" + format_wareki(jst_date(a->closed_at)) + "、理由: " + a->closed_reason + "）";
    else if (today > a->until)
      p.status_ja = "承認（期間終了）";
    else if (today < a->from)
      p.status_ja = "承認（期間開始前）";
    else
      p.status_ja = "承認（有効）";
    if (const auto* pdf = s.document_of("approval", index)) p.document = *pdf;
    return p;
  });
  if (!out) return unknown();
  out->origin = service.ledger().origin();
  return std::move(*out);
}

}  // namespace itaku::service
