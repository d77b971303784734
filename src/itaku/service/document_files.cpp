#include "itaku/service/document_files.hpp"

#include <chrono>
#include <map>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "itaku/core/bytes.hpp"
#include "itaku/crypto/base64.hpp"
#include "itaku/crypto/sha256.hpp"
#include "itaku/domain/commands.hpp"
#include "itaku/ledger/ledger.hpp"
#include "itaku/ledger/proof_json.hpp"
#include "itaku/service/service.hpp"

namespace itaku::service {

std::string file_sha256(std::string_view bytes) { return to_hex(crypto::sha256(as_bytes(bytes))); }

std::string printed_date(const std::string& iso) {
  const auto date = parse_date(iso);
  return date ? format_wareki(*date) : iso;
}

std::string printed_moment(Timestamp at) {
  const auto local = std::chrono::floor<std::chrono::minutes>(at + std::chrono::hours(9));
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const std::chrono::hh_mm_ss clock(local - day);
  return format_wareki(std::chrono::year_month_day(day)) +
         fmt::format(" {}時{:02d}分", clock.hours().count(), clock.minutes().count());
}

nlohmann::json event_of(std::string_view entry) {
  auto value = nlohmann::json::parse(entry, nullptr, false);
  if (value.is_discarded() || !value.is_object() || !value.contains("event") || !value["event"].is_object())
    return nullptr;
  return value["event"];
}

ContractNames names_of(const domain::State& state, const domain::Contract& contract) {
  ContractNames names;
  const auto organisation_name = [&](const domain::Party* party) {
    if (!party) return std::string();
    const auto* organisation = state.organisation(party->organisation);
    return organisation ? organisation->name : party->organisation;
  };
  names.city = organisation_name(contract.city());
  names.contractor = organisation_name(contract.contractor());
  names.number = contract.number;
  names.title = contract.title;
  const auto* set = state.provision_set(contract.provisions.name, contract.provisions.version);
  names.provisions = (set ? set->municipality + " " + set->title : contract.provisions.name) + "（" +
                     contract.provisions.name + " " + contract.provisions.version + "）";
  return names;
}

std::string person_display(const domain::State& state, const std::string& id) {
  const auto* person = state.person(id);
  if (!person) return id;
  return person->title.empty() ? person->name : person->title + " " + person->name;
}

std::string person_name(const domain::State& state, const domain::Principal& principal) {
  if (const auto* person = state.person(principal.person)) return person->name;
  return principal.login.empty() ? principal.actor().id : principal.login;
}

Result<void> store_file(storage::Transaction& tx, const std::string& sha256, std::string_view bytes) {
  const storage::Param row[] = {storage::Text{sha256}, storage::Blob{as_bytes(bytes)}};
  return tx.execute("INSERT INTO document_files (sha256, bytes) VALUES (?, ?) ON CONFLICT (sha256) DO NOTHING", row);
}

Result<std::optional<std::string>> stored_file(Service& service, const std::string& sha256) {
  auto tx = TRY(service.database().begin(storage::TransactionMode::Read));
  std::optional<std::string> bytes;
  const storage::Param params[] = {storage::Text{sha256}};
  TRY(tx->query("SELECT bytes FROM document_files WHERE sha256 = ?", params,
                [&](const storage::Row& row) -> Result<void> {
                  bytes = std::string(as_chars(row.blob(0)));
                  return ok();
                }));
  return bytes;
}

Result<ReportFile> report_file(Service& service, const std::string& sha256, std::string_view format,
                               std::string filename, std::uint64_t index) {
  auto bytes = TRY(stored_file(service, sha256));
  if (!bytes || file_sha256(*bytes) != sha256)
    return make_error(ErrorKind::Tampered, "document.file_altered",
                      "保存されている報告書のファイルが、台帳に記録されたものと一致しません",
                      "the stored report file does not match the one the ledger recorded")
        .with("index", std::to_string(index));
  static const std::map<std::string_view, std::string_view> kMedia = {
      {"pdf", "application/pdf"},
      {"csv", "text/csv; charset=utf-8"},
      {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}};
  const auto media = kMedia.find(format);
  return ReportFile{std::move(*bytes), media == kMedia.end() ? "application/octet-stream" : std::string(media->second),
                    std::move(filename)};
}

std::string link_token(std::string_view context, std::string_view entry) {
  return to_hex(crypto::sha256({as_bytes(context), as_bytes(entry)})).substr(0, 32);
}

bool same_token(std::string_view expected, std::string_view given) {
  unsigned difference = given.size() != expected.size() ? 1u : 0u;
  for (std::size_t i = 0; i < expected.size(); ++i)
    difference |= static_cast<unsigned char>(expected[i]) ^ static_cast<unsigned char>(i < given.size() ? given[i] : 0);
  return difference == 0;
}

std::string entry_link(const std::string& base_url, std::string_view path, std::string_view context,
                       std::uint64_t index, std::string_view entry) {
  return base_url + std::string(path) + "?index=" + std::to_string(index) + "&k=" + link_token(context, entry);
}

Result<ReportFile> entry_document(Service& service, const domain::Principal& principal, const EntryDocumentSpec& spec,
                                  const std::string& base_url,
                                  const std::function<Result<EntryOfDocument>(const domain::State&)>& find,
                                  const std::function<Result<std::string>(const LedgerBlock&)>& render) {
  TRY(service.catch_up());
  // Twice at most: when two requests issue the same document at once, the second hands out the
  // first one's file.
  for (int attempt = 0; attempt < 2; ++attempt) {
    const auto found = TRY(service.read(find));
    if (found.sha256) return report_file(service, *found.sha256, "pdf", spec.filename, found.index);
    const auto entry = TRY(service.ledger().entry(found.index));
    const auto proof = TRY(ledger::inclusion_proof_json(service.ledger(), found.index));
    const LedgerBlock block{found.index, service.ledger().origin(),
                            entry_link(base_url, spec.path, spec.context, found.index, entry),
                            crypto::base64_encode(as_bytes(proof.dump()))};
    auto pdf = TRY(render(block));
    const auto sha256 = file_sha256(pdf);
    auto issued = service.execute(domain::IssueDocument{spec.contract, spec.kind, found.index, sha256, pdf.size()},
                                  domain::Principal::system(principal.actor()),
                                  [&](storage::Transaction& tx) { return store_file(tx, sha256, pdf); });
    if (issued) return ReportFile{std::move(pdf), "application/pdf", spec.filename};
    if (issued.error().code != "document.already_issued") return issued.release_error();
  }
  return make_error(ErrorKind::Conflict, "document.already_issued", "この文書はすでに発行されています",
                    "this document is already issued");
}

}  // namespace itaku::service
