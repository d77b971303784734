#include "itaku/service/document_files.hpp"

#include "itaku/core/bytes.hpp"
#include "itaku/crypto/sha256.hpp"
#include "itaku/service/service.hpp"

namespace itaku::service {

std::string file_sha256(std::string_view bytes) { return to_hex(crypto::sha256(as_bytes(bytes))); }

std::string printed_date(const std::string& iso) {
  const auto date = parse_date(iso);
  return date ? format_wareki(*date) : iso;
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

std::string link_token(std::string_view context, std::string_view entry) {
  return to_hex(crypto::sha256({as_bytes(context), as_bytes(entry)})).substr(0, 32);
}

bool same_token(std::string_view expected, std::string_view given) {
  unsigned difference = given.size() != expected.size() ? 1u : 0u;
  for (std::size_t i = 0; i < expected.size(); ++i)
    difference |= static_cast<unsigned char>(expected[i]) ^ static_cast<unsigned char>(i < given.size() ? given[i] : 0);
  return difference == 0;
}

}  // namespace itaku::service
