#include "itaku/auth/totp.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <qrencode.h>
#include <sodium.h>

#include <array>
#include <chrono>
#include <memory>

#include <fmt/format.h>

namespace itaku::auth {

namespace {

constexpr std::string_view kBase32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

// RFC 3986 percent-encoding of everything but unreserved characters.
std::string percent_encode(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~')
      out += c;
    else
      out += fmt::format("%{:02X}", u);
  }
  return out;
}

}  // namespace

std::uint32_t hotp(ByteView key, std::uint64_t counter, int digits) {
  std::array<std::uint8_t, 8> message{};
  for (int i = 7; i >= 0; --i) {
    message[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(counter & 0xff);
    counter >>= 8;
  }
  std::array<std::uint8_t, EVP_MAX_MD_SIZE> mac{};
  unsigned int mac_size = 0;
  HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), message.data(), message.size(), mac.data(), &mac_size);
  // RFC 4226 §5.3: dynamic truncation.
  const std::size_t offset = mac[mac_size - 1] & 0x0f;
  const std::uint32_t binary = (static_cast<std::uint32_t>(mac[offset] & 0x7f) << 24) |
                               (static_cast<std::uint32_t>(mac[offset + 1]) << 16) |
                               (static_cast<std::uint32_t>(mac[offset + 2]) << 8) | mac[offset + 3];
  std::uint32_t modulus = 1;
  for (int i = 0; i < digits; ++i) modulus *= 10;
  return binary % modulus;
}

std::uint64_t totp_step(Timestamp t) {
  const auto seconds = std::chrono::floor<std::chrono::seconds>(t).time_since_epoch().count();
  return seconds < 0 ? 0 : static_cast<std::uint64_t>(seconds / kTotpStepSeconds);
}

std::string totp_code(ByteView key, Timestamp t, int digits) {
  return fmt::format("{:0{}d}", hotp(key, totp_step(t), digits), digits);
}

std::optional<std::uint64_t> match_totp(ByteView key, std::string_view code, Timestamp now) {
  if (code.size() != static_cast<std::size_t>(kTotpDigits)) return std::nullopt;
  for (const char c : code)
    if (c < '0' || c > '9') return std::nullopt;
  const auto current = totp_step(now);
  std::optional<std::uint64_t> matched;
  // Every candidate is computed and compared in constant time, so the time taken does not
  // tell which step (if any) matched.
  for (std::uint64_t step = current == 0 ? 0 : current - 1; step <= current + 1; ++step) {
    const auto expected = fmt::format("{:0{}d}", hotp(key, step, kTotpDigits), kTotpDigits);
    if (sodium_memcmp(expected.data(), code.data(), expected.size()) == 0) matched = step;
  }
  return matched;
}

std::string base32_encode(ByteView data) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const auto byte : data) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += kBase32Alphabet[(buffer >> (bits - 5)) & 0x1f];
      bits -= 5;
    }
  }
  if (bits > 0) out += kBase32Alphabet[(buffer << (5 - bits)) & 0x1f];
  return out;
}

Result<Bytes> base32_decode(std::string_view text) {
  Bytes out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    if (c == ' ' || c == '=') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    const auto pos = kBase32Alphabet.find(c);
    if (pos == std::string_view::npos)
      return make_error(ErrorKind::Invalid, "base32.invalid", "base32として読めません", "not valid base32");
    buffer = (buffer << 5) | static_cast<std::uint32_t>(pos);
    bits += 5;
    if (bits >= 8) {
      out.push_back(static_cast<std::uint8_t>((buffer >> (bits - 8)) & 0xff));
      bits -= 8;
    }
  }
  return out;
}

std::string otpauth_uri(std::string_view issuer, std::string_view account, ByteView secret) {
  return fmt::format("otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits={}&period={}",
                     percent_encode(issuer), percent_encode(account), base32_encode(secret), percent_encode(issuer),
                     kTotpDigits, kTotpStepSeconds);
}

Result<std::string> qr_svg(std::string_view text) {
  const std::string input(text);
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeString(input.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
  if (!code)
    return make_error(ErrorKind::Internal, "auth.qr_failed", "QRコードを作成できません", "cannot make the QR code");
  constexpr int kQuiet = 4;
  const int width = code->width;
  const int size = width + 2 * kQuiet;
  // One path: a unit square per dark module, merged into horizontal runs.
  std::string path;
  for (int y = 0; y < width; ++y) {
    for (int x = 0; x < width;) {
      if (!(code->data[y * width + x] & 1)) {
        ++x;
        continue;
      }
      int run = 1;
      while (x + run < width && (code->data[y * width + x + run] & 1)) ++run;
      path += fmt::format("M{} {}h{}v1h-{}z", x + kQuiet, y + kQuiet, run, run);
      x += run;
    }
  }
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {0} {0}\" width=\"{1}\" height=\"{1}\" "
      "shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"QR code\">"
      "<rect width=\"{0}\" height=\"{0}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{2}\"/></svg>",
      size, size * 4, path);
}

}  // namespace itaku::auth
