#include "itaku/ledger/bundle.hpp"

#include <cstdio>
#include <fstream>

#include <nlohmann/json.hpp>

#include "itaku/ledger/entries.hpp"
#include "itaku/ledger/ledger.hpp"

namespace itaku::ledger {

namespace {
Error bundle_error(std::string code, std::string ja, std::string en, const std::filesystem::path& file) {
  return make_error(ErrorKind::Invalid, std::move(code), std::move(ja), std::move(en)).with("file", file.string());
}
}  // namespace

Result<std::uint64_t> export_bundle(storage::Database& database, const std::filesystem::path& file,
                                    const Progress& progress) {
  const auto identity = TRY(read_identity(database));
  auto tx = TRY(database.begin(storage::TransactionMode::Read));
  nlohmann::json notes = nlohmann::json::array();
  TRY(tx->query("SELECT note FROM ledger_checkpoints ORDER BY tree_size", {},
                [&](const storage::Row& row) -> Result<void> {
                  notes.push_back(std::string(row.text(0)));
                  return ok();
                }));
  const auto total = TRY(tx->query_int("SELECT COUNT(*) FROM ledger_entries")).value_or(0);
  const nlohmann::json header = {{"format", kBundleFormat},
                                 {"origin", identity.origin},
                                 {"verifier_key", identity.verifier_key},
                                 {"tree_size", total},
                                 {"checkpoints", notes}};

  const auto partial = std::filesystem::path(file.string() + ".partial");
  std::ofstream out(partial, std::ios::binary | std::ios::trunc);
  if (!out)
    return make_error(ErrorKind::Io, "ledger.export_failed", "出力ファイルを作成できません",
                      "cannot create the output file")
        .with("file", partial.string());
  out << header.dump() << '\n';
  std::uint64_t written = 0;
  TRY(for_each_stored_entry(
      *tx,
      [&](const StoredEntry& e) -> Result<void> {
        out.write(e.entry.data(), static_cast<std::streamsize>(e.entry.size()));
        out.put('\n');
        ++written;
        return ok();
      },
      [&](std::uint64_t read) {
        if (progress) progress(read, static_cast<std::uint64_t>(total));
      }));
  out.close();
  if (!out)
    return make_error(ErrorKind::Io, "ledger.export_failed", "出力ファイルに書き込めません",
                      "cannot write the output file")
        .with("file", partial.string());
  std::error_code ec;
  std::filesystem::rename(partial, file, ec);
  if (ec)
    return make_error(ErrorKind::Io, "ledger.export_failed", "出力ファイルを置けません",
                      "cannot move the output file into place")
        .with("file", file.string())
        .with("detail", ec.message());
  return written;
}

Result<VerifyReport> verify_bundle(const std::filesystem::path& file, const std::optional<std::string>& trusted_key,
                                   const Progress& progress) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    return make_error(ErrorKind::NotFound, "ledger.bundle_unreadable", "バンドルファイルを開けません",
                      "cannot open the bundle file")
        .with("file", file.string());
  std::string line;
  std::getline(in, line);
  nlohmann::json header;
  try {
    header = nlohmann::json::parse(line);
  } catch (const nlohmann::json::exception&) {
    return bundle_error("ledger.bundle_malformed", "バンドルの見出し行が読めません", "the bundle header is not JSON",
                        file);
  }
  if (!header.is_object() || header.value("format", "") != kBundleFormat || !header["origin"].is_string() ||
      !header["verifier_key"].is_string() || !header["tree_size"].is_number_unsigned() ||
      !header["checkpoints"].is_array())
    return bundle_error("ledger.bundle_malformed", "itaku の台帳バンドルではありません", "not an itaku ledger bundle",
                        file);
  const std::string recorded_key = header["verifier_key"];
  if (trusted_key && *trusted_key != recorded_key)
    return make_error(ErrorKind::Tampered, "ledger.key_mismatch", "バンドルの公開鍵が指定の公開鍵と一致しません",
                      "the bundle's public key is not the trusted key")
        .with("recorded", recorded_key);
  const auto verifier = TRY(tlog::NoteVerifier::parse(trusted_key.value_or(recorded_key)));
  std::vector<std::string> notes;
  for (const auto& note : header["checkpoints"]) {
    if (!note.is_string())
      return bundle_error("ledger.bundle_malformed", "チェックポイントが文字列ではありません",
                          "a checkpoint is not a string", file);
    notes.push_back(note.get<std::string>());
  }
  auto stream = TRY(StreamVerifier::create(verifier, header["origin"].get<std::string>(), notes));
  const std::uint64_t declared = header["tree_size"];
  std::uint64_t seq = 0;
  while (std::getline(in, line)) {
    TRY(stream.add(seq, line, std::nullopt));
    ++seq;
    if (progress && seq % 65536 == 0) progress(seq, declared);
  }
  if (progress) progress(seq, declared);
  auto report = TRY(stream.finish());
  if (report.entries != declared)
    return make_error(ErrorKind::Tampered, "ledger.truncated", "バンドルの項目数が見出しと一致しません",
                      "the bundle holds a different number of entries than its header says")
        .with("index", std::to_string(report.entries))
        .with("declared", std::to_string(declared));
  return report;
}

}  // namespace itaku::ledger
