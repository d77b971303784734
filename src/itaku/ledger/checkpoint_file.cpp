#include "itaku/ledger/checkpoint_file.hpp"

#include <fstream>
#include <sstream>

#include "itaku/core/private_file.hpp"

namespace itaku::ledger {

namespace {

Error file_error(const std::filesystem::path& file, std::string detail) {
  return make_error(ErrorKind::Io, "ledger.checkpoint_file_io", "チェックポイントのファイルを読み書きできません",
                    "cannot read or write the checkpoint file")
      .with("file", file.string())
      .with("detail", std::move(detail));
}

}  // namespace

std::filesystem::path checkpoint_file_path(const std::filesystem::path& data_dir) {
  return data_dir / kCheckpointFileName;
}

Result<void> write_checkpoint_file(const std::filesystem::path& file, std::string_view note) {
  // A crash at any moment leaves either the old file or the new one, never half of either.
  if (auto written = write_private_file(file, note, Existing::Replace); !written)
    return file_error(file, private_file_detail(written.error()));
  return ok();
}

Result<std::vector<SeenCheckpoint>> read_checkpoint_files(std::span<const std::filesystem::path> files,
                                                          const tlog::NoteVerifier& verifier,
                                                          const std::string& origin) {
  std::vector<SeenCheckpoint> out;
  for (const auto& file : files) {
    std::error_code ec;
    if (file.empty() || !std::filesystem::exists(file, ec)) continue;
    std::ifstream in(file, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    if (!in) return file_error(file, "read failed");
    auto checkpoint = tlog::open_checkpoint(buffer.str(), verifier, origin);
    if (!checkpoint)
      return make_error(ErrorKind::Tampered, "ledger.checkpoint_file_invalid",
                        "保存されたチェックポイントのファイルがこの台帳の署名で検証できません",
                        "the saved checkpoint file does not verify as this ledger's")
          .with("file", file.string())
          .with("reason", checkpoint.error().code);
    out.push_back({checkpoint.release_value(), buffer.str(), file});
  }
  return out;
}

Result<void> check_against_seen(const SeenCheckpoint& seen, std::uint64_t size, const RootAt& root_at) {
  const auto& checkpoint = seen.checkpoint;
  if (size < checkpoint.size)
    return make_error(ErrorKind::Tampered, "ledger.rollback",
                      "データベースの台帳が、以前に署名されたチェックポイントより短くなっています（古い複製に戻された"
                      "可能性があります）",
                      "the database's ledger is shorter than a checkpoint signed before (it may have been put back "
                      "from an older copy)")
        .with("database_size", std::to_string(size))
        .with("checkpoint_size", std::to_string(checkpoint.size))
        .with("file", seen.file.string());
  if (TRY(root_at(checkpoint.size)) != checkpoint.root)
    return make_error(ErrorKind::Tampered, "ledger.diverged",
                      "データベースの台帳が、以前に署名されたチェックポイントと一致しません（履歴が書き換えられて"
                      "います）",
                      "the database's ledger does not match a checkpoint signed before (its history was rewritten)")
        .with("database_size", std::to_string(size))
        .with("checkpoint_size", std::to_string(checkpoint.size))
        .with("file", seen.file.string());
  return ok();
}

}  // namespace itaku::ledger
