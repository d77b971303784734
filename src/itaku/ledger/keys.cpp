#include "itaku/ledger/keys.hpp"

#include "itaku/core/private_file.hpp"

namespace itaku::ledger {

namespace {

// The file is one line: the signed-note private key string, whose name is a short origin.
constexpr std::size_t kMaxKeyFileSize = 4096;

Error key_io_error(const std::filesystem::path& file, std::string detail) {
  return make_error(ErrorKind::Io, "ledger.key_io", "署名鍵ファイルを読み書きできません",
                    "cannot read or write the signing key file")
      .with("file", file.string())
      .with("detail", std::move(detail));
}
}  // namespace

std::filesystem::path signing_key_path(const std::filesystem::path& data_dir) {
  return data_dir / "keys" / "ledger.key";
}

Result<tlog::NoteSigner> create_signing_key(const std::filesystem::path& data_dir, const std::string& origin) {
  if (!tlog::valid_key_name(origin))
    return make_error(ErrorKind::Invalid, "ledger.bad_origin", "オリジン名は空白と「+」を含まない文字列にしてください",
                      "the origin must be non-empty and contain no spaces or '+'")
        .with("origin", origin);
  const auto file = signing_key_path(data_dir);
  if (auto made = create_private_directory(file.parent_path()); !made)
    return key_io_error(file, private_file_detail(made.error()));
  auto signer = tlog::NoteSigner::generate(origin);
  // Existing::Refuse: an existing key is never overwritten, so a second `init` cannot orphan
  // the checkpoints signed with the first key.
  if (auto written = write_private_file(file, signer.to_string() + "\n", Existing::Refuse); !written) {
    if (written.error().kind == ErrorKind::Conflict)
      return make_error(ErrorKind::Conflict, "ledger.key_exists", "署名鍵はすでに存在します",
                        "a signing key already exists")
          .with("file", file.string());
    return key_io_error(file, private_file_detail(written.error()));
  }
  return signer;
}

Result<tlog::NoteSigner> load_signing_key(const std::filesystem::path& data_dir) {
  const auto file = signing_key_path(data_dir);
  auto read = read_private_file(file, kMaxKeyFileSize);
  if (!read) {
    if (read.error().kind == ErrorKind::NotFound)
      return make_error(ErrorKind::NotFound, "ledger.no_key", "署名鍵がありません。先に itaku init を実行してください",
                        "no signing key; run `itaku init` first")
          .with("file", file.string());
    if (read.error().kind == ErrorKind::Denied)
      return make_error(ErrorKind::Denied, "ledger.key_permissions",
                        "署名鍵ファイルが他のユーザーから読めます（0600にしてください）",
                        "the signing key file is readable by others (make it 0600)")
          .with("file", file.string());
    return key_io_error(file, private_file_detail(read.error()));
  }
  std::string text = read.release_value();
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return tlog::NoteSigner::parse(text);
}

}  // namespace itaku::ledger
