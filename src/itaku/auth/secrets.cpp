#include "itaku/auth/secrets.hpp"

#include <sodium.h>

#include <cstring>

#include "itaku/core/private_file.hpp"
#include "itaku/crypto/base64.hpp"
#include "itaku/crypto/sha256.hpp"

namespace itaku::auth {

namespace {

Error key_io_error(const std::filesystem::path& file, std::string detail) {
  return make_error(ErrorKind::Io, "auth.key_io", "秘密鍵ファイルを読み書きできません",
                    "cannot read or write the secrets key file")
      .with("file", file.string())
      .with("detail", std::move(detail));
}

// The file is one line, the key in hex; anything much longer is not a key file.
constexpr std::size_t kMaxKeyFileSize = 4096;

Result<void> write_new_key(const std::filesystem::path& file) {
  std::array<std::uint8_t, crypto_secretbox_KEYBYTES> key{};
  randombytes_buf(key.data(), key.size());
  std::string text = to_hex(key) + "\n";
  sodium_memzero(key.data(), key.size());
  // Existing::Refuse writes the whole file before it has the name: a concurrent starter either
  // makes the key or finds the complete one another made, never a half-written one.
  auto written = write_private_file(file, text, Existing::Refuse);
  sodium_memzero(text.data(), text.size());
  if (!written && written.error().kind != ErrorKind::Conflict)
    return key_io_error(file, private_file_detail(written.error()));
  return ok();
}

}  // namespace

std::string random_token(std::size_t bytes) {
  Bytes raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  const auto variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(raw.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), raw.data(), raw.size(), variant);
  out.resize(std::strlen(out.c_str()));
  sodium_memzero(raw.data(), raw.size());
  return out;
}

bool secrets_equal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string random_hex(std::size_t bytes) {
  Bytes raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  return to_hex(raw);
}

std::string sha256_hex(std::string_view secret) { return to_hex(crypto::sha256(as_bytes(secret))); }

std::filesystem::path SecretBox::key_path(const std::filesystem::path& data_dir) {
  return data_dir / "keys" / "secrets.key";
}

Result<SecretBox> SecretBox::load_or_create(const std::filesystem::path& data_dir) {
  const auto file = key_path(data_dir);
  auto read = read_private_file(file, kMaxKeyFileSize);
  if (!read && read.error().kind == ErrorKind::NotFound) {
    if (auto made = create_private_directory(file.parent_path()); !made)
      return key_io_error(file, private_file_detail(made.error()));
    TRY(write_new_key(file));
    read = read_private_file(file, kMaxKeyFileSize);
  }
  if (!read) {
    if (read.error().kind == ErrorKind::Denied)
      return make_error(ErrorKind::Denied, "auth.key_permissions",
                        "秘密鍵ファイルが他のユーザーから読めます（0600にしてください）",
                        "the secrets key file is readable by others (make it 0600)")
          .with("file", file.string());
    return key_io_error(file, private_file_detail(read.error()));
  }
  return parse(read.release_value(), file);
}

Result<SecretBox> SecretBox::parse(std::string text, const std::filesystem::path& file) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  auto key = from_hex(text);
  sodium_memzero(text.data(), text.size());
  if (!key || key->size() != crypto_secretbox_KEYBYTES) {
    if (key) sodium_memzero(key->data(), key->size());
    return key_io_error(file, "malformed key");
  }
  SecretBox box;
  std::memcpy(box.key_.data(), key->data(), box.key_.size());
  sodium_memzero(key->data(), key->size());
  return box;
}

SecretBox::~SecretBox() { sodium_memzero(key_.data(), key_.size()); }

std::string SecretBox::seal(ByteView plaintext) const {
  Bytes out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plaintext.size());
  randombytes_buf(out.data(), crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(out.data() + crypto_secretbox_NONCEBYTES, plaintext.data(), plaintext.size(), out.data(),
                        key_.data());
  return crypto::base64_encode(out);
}

Result<Bytes> SecretBox::open(std::string_view sealed) const {
  auto unreadable = [] {
    return make_error(ErrorKind::Tampered, "auth.secret_unreadable",
                      "暗号化された秘密を復号できません（鍵が違うか、改変されています）",
                      "an encrypted secret cannot be decrypted (wrong key or altered)");
  };
  auto raw = crypto::base64_decode(sealed);
  if (!raw || raw->size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) return unreadable();
  Bytes out(raw->size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES);
  if (crypto_secretbox_open_easy(out.data(), raw->data() + crypto_secretbox_NONCEBYTES,
                                 raw->size() - crypto_secretbox_NONCEBYTES, raw->data(), key_.data()) != 0)
    return unreadable();
  return out;
}

}  // namespace itaku::auth
