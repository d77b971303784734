#pragma once
// What every document itaku issues shares (receipts.cpp, compliance_documents.cpp): the hash
// that binds a file to the ledger, the table that keeps its bytes, and the token of the link
// printed on it that lets the public page show what the ledger holds of it.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "itaku/core/clock.hpp"
#include "itaku/core/result.hpp"
#include "itaku/domain/principal.hpp"
#include "itaku/domain/state.hpp"
#include "itaku/storage/database.hpp"

namespace itaku::service {

class Service;

// Lowercase hexadecimal SHA-256 of a file's bytes, as document.issued records it.
std::string file_sha256(std::string_view bytes);

// A date "YYYY-MM-DD" as printed documents show it (令和8年12月6日); other text as it is.
std::string printed_date(const std::string& iso);
// An instant as printed documents show it, in Japan: 令和8年12月6日 14時05分.
std::string printed_moment(Timestamp at);

// The event of a stored entry {"event":{…},"seq":N}, or null when it does not parse.
nlohmann::json event_of(std::string_view entry);

// What a printed document shows of its contract, by name.
struct ContractNames {
  std::string city, contractor, number, title, provisions;
};
ContractNames names_of(const domain::State& state, const domain::Contract& contract);
// A person as documents print them: "職 氏名", or the id of a person not on record.
std::string person_display(const domain::State& state, const std::string& id);
// Who issues a document: the principal's person's name, else their login or actor.
std::string person_name(const domain::State& state, const domain::Principal& principal);

// A file of an issued report, for a download: its bytes, media type and file name.
struct ReportFile {
  std::string bytes, media_type, filename;
};
// The kept bytes of the report file the ledger records as `sha256` ("pdf", "csv" or "xlsx"),
// checked against that hash: document.file_altered (Tampered, naming the report's `index`) when
// they are missing or differ.
Result<ReportFile> report_file(Service& service, const std::string& sha256, std::string_view format,
                               std::string filename, std::uint64_t index);

// Keeps a file's bytes (document_files), inside the transaction that records its hash. The
// same bytes issued again are kept once.
Result<void> store_file(storage::Transaction& tx, const std::string& sha256, std::string_view bytes);

// The bytes kept for `sha256`, if any.
Result<std::optional<std::string>> stored_file(Service& service, const std::string& sha256);

// The token in a document's link: derived from the entry the document stands for (which only
// the document itself, and those who may read the entry, carry) under a context naming the
// kind of document, so that documents cannot be read by trying ledger indices.
std::string link_token(std::string_view context, std::string_view entry);
// Compares a token given in a link with the expected one in full, whatever the first
// difference.
bool same_token(std::string_view expected, std::string_view given);

// A document that stands for one ledger entry (a 承認書, a 廃棄・消去証明書, a 破壊報告書), issued
// the first time it is asked for. `find` reads, under the state, the entry it stands for and the
// file issued for it before (and refuses a reader who may not read it); `render` lays the file
// out with its ledger block: the entry's index, the log's origin, the link to its public check
// (`base_url` + `path` ?index=N&k=<token under `context`>) and the entry's inclusion proof as the
// machine-readable payload. The file is recorded as document.issued of `kind` with its bytes in
// the same transaction; every later call hands out those bytes.
struct EntryOfDocument {
  std::uint64_t index = 0;
  std::optional<std::string> sha256;  // of the file issued before
};
struct LedgerBlock {
  std::uint64_t index = 0;
  std::string origin, verify_url, payload;
};
struct EntryDocumentSpec {
  std::string contract;
  std::string kind;          // document.issued's kind
  std::string filename;      // as downloaded
  std::string_view context;  // of the link's token
  std::string_view path;     // of the public check: "/approvals/verify"
};
Result<ReportFile> entry_document(Service& service, const domain::Principal& principal, const EntryDocumentSpec& spec,
                                  const std::string& base_url,
                                  const std::function<Result<EntryOfDocument>(const domain::State&)>& find,
                                  const std::function<Result<std::string>(const LedgerBlock&)>& render);
// The link printed on such a document.
std::string entry_link(const std::string& base_url, std::string_view path, std::string_view context,
                       std::uint64_t index, std::string_view entry);

}  // namespace itaku::service
