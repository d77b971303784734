#include "itaku/ledger/keys.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace itaku::ledger {

namespace {
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
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  if (ec) return key_io_error(file, ec.message());
  ::chmod(file.parent_path().c_str(), 0700);
  auto signer = tlog::NoteSigner::generate(origin);
  const std::string text = signer.to_string() + "\n";
  // O_EXCL: an existing key is never overwritten, so a second `init` cannot orphan the
  // checkpoints signed with the first key.
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST)
      return make_error(ErrorKind::Conflict, "ledger.key_exists", "署名鍵はすでに存在します",
                        "a signing key already exists")
          .with("file", file.string());
    return key_io_error(file, std::strerror(errno));
  }
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!written) return key_io_error(file, std::strerror(errno));
  return signer;
}

Result<tlog::NoteSigner> load_signing_key(const std::filesystem::path& data_dir) {
  const auto file = signing_key_path(data_dir);
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0)
    return make_error(ErrorKind::NotFound, "ledger.no_key", "署名鍵がありません。先に itaku init を実行してください",
                      "no signing key; run `itaku init` first")
        .with("file", file.string());
  if ((st.st_mode & 077) != 0)
    return make_error(ErrorKind::Denied, "ledger.key_permissions",
                      "署名鍵ファイルが他のユーザーから読めます（0600にしてください）",
                      "the signing key file is readable by others (make it 0600)")
        .with("file", file.string());
  std::ifstream in(file);
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (!in) return key_io_error(file, "read failed");
  std::string text = buffer.str();
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return tlog::NoteSigner::parse(text);
}

}  // namespace itaku::ledger
