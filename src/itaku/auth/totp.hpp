#pragma once
// Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP, HMAC-SHA1), the base32 form
// authenticator apps read, otpauth:// URIs and their QR code as SVG. Pure: no I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "itaku/core/bytes.hpp"
#include "itaku/core/clock.hpp"
#include "itaku/core/result.hpp"

namespace itaku::auth {

inline constexpr int kTotpDigits = 6;
inline constexpr std::int64_t kTotpStepSeconds = 30;

// RFC 4226 HOTP: the `digits`-digit code for `counter` (HMAC-SHA1, dynamic truncation).
std::uint32_t hotp(ByteView key, std::uint64_t counter, int digits);
// The RFC 6238 time step of `t` (30 s steps from the Unix epoch).
std::uint64_t totp_step(Timestamp t);
// The code for time `t`, zero-padded to `digits`.
std::string totp_code(ByteView key, Timestamp t, int digits = kTotpDigits);

// Checks a 6-digit code against the steps next to `now` (−1, 0, +1, for clock drift) and
// returns the newest step it matches. The caller refuses a step at or before the last one
// it accepted, so that a code cannot be used twice.
std::optional<std::uint64_t> match_totp(ByteView key, std::string_view code, Timestamp now);

// RFC 4648 base32 without padding (what authenticator apps show and read).
std::string base32_encode(ByteView data);
// Accepts upper or lower case, spaces and padding.
Result<Bytes> base32_decode(std::string_view text);

// otpauth://totp/ISSUER:ACCOUNT?secret=…&issuer=ISSUER&algorithm=SHA1&digits=6&period=30
std::string otpauth_uri(std::string_view issuer, std::string_view account, ByteView secret);

// The QR code of `text` as a standalone SVG document (libqrencode, error correction M, a
// 4-module quiet zone).
Result<std::string> qr_svg(std::string_view text);

}  // namespace itaku::auth
