#include "itaku/crypto/base64.hpp"

#include <sodium.h>

namespace itaku::crypto {

std::string base64_encode(ByteView data) {
  const auto variant = sodium_base64_VARIANT_ORIGINAL;
  std::string out(sodium_base64_ENCODED_LEN(data.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), data.data(), data.size(), variant);
  out.resize(out.size() - 1);  // the encoded length counts the terminating NUL
  return out;
}

Result<Bytes> base64_decode(std::string_view text) {
  Bytes out(text.size() / 4 * 3 + 3);
  std::size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &len, &end,
                        sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != text.data() + text.size())
    return make_error(ErrorKind::Invalid, "base64.invalid", "base64として読めません", "not valid base64");
  out.resize(len);
  // libsodium accepts non-zero padding bits; re-encoding catches them.
  if (base64_encode(out) != text)
    return make_error(ErrorKind::Invalid, "base64.not_canonical", "base64が正規形ではありません",
                      "base64 is not in canonical form");
  return out;
}

}  // namespace itaku::crypto
