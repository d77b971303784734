#pragma once
// What every document itaku issues shares (receipts.cpp, compliance_documents.cpp): the hash
// that binds a file to the ledger, the table that keeps its bytes, and the token of the link
// printed on it that lets the public page show what the ledger holds of it.

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

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

// The event of a stored entry {"event":{…},"seq":N}, or null when it does not parse.
nlohmann::json event_of(std::string_view entry);

// What a printed document shows of its contract, by name.
struct ContractNames {
  std::string city, contractor, number, title, provisions;
};
ContractNames names_of(const domain::State& state, const domain::Contract& contract);
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

}  // namespace itaku::service
