#include "itaku/auth/totp.hpp"

#include <gtest/gtest.h>

namespace itaku::testing {
namespace {

using namespace auth;

const std::string kSeed = "12345678901234567890";  // RFC 6238 Appendix B, SHA-1
ByteView seed() { return as_bytes(kSeed); }
Timestamp at_seconds(std::int64_t s) { return from_unix_micros(s * 1'000'000); }

TEST(Totp, MatchesTheRfc6238Sha1Vectors) {
  const std::pair<std::int64_t, std::string> vectors[] = {
      {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
      {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"},
  };
  for (const auto& [time, code] : vectors) EXPECT_EQ(totp_code(seed(), at_seconds(time), 8), code) << time;
}

TEST(Totp, ProductCodesAreTheLastSixDigits) {
  EXPECT_EQ(totp_code(seed(), at_seconds(59)), "287082");
  EXPECT_EQ(totp_code(seed(), at_seconds(1111111109)), "081804");
}

TEST(Totp, AcceptsTheNeighbouringStepsAndNoOthers) {
  const auto now = at_seconds(1'800'000'015);
  const auto step = totp_step(now);
  EXPECT_EQ(match_totp(seed(), totp_code(seed(), now), now), step);
  EXPECT_EQ(match_totp(seed(), totp_code(seed(), now - std::chrono::seconds(30)), now), step - 1);
  EXPECT_EQ(match_totp(seed(), totp_code(seed(), now + std::chrono::seconds(30)), now), step + 1);
  EXPECT_FALSE(match_totp(seed(), totp_code(seed(), now - std::chrono::seconds(60)), now));
  EXPECT_FALSE(match_totp(seed(), totp_code(seed(), now + std::chrono::seconds(60)), now));
  EXPECT_FALSE(match_totp(seed(), "12345", now));
  EXPECT_FALSE(match_totp(seed(), "12345a", now));
}

TEST(Totp, Base32FollowsRfc4648) {
  EXPECT_EQ(base32_encode(as_bytes("foobar")), "MZXW6YTBOI");
  EXPECT_EQ(base32_encode(as_bytes("f")), "MY");
  EXPECT_EQ(base32_encode(seed()), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  auto decoded = base32_decode("gezd gnbv gy3t qojq gezd gnbv gy3t qojq");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(as_chars(*decoded), kSeed);
  EXPECT_FALSE(base32_decode("GEZ1").ok());
}

TEST(Totp, TheUriNamesIssuerAccountAndParameters) {
  EXPECT_EQ(otpauth_uri("itaku", "kobayashi", seed()),
            "otpauth://totp/itaku:kobayashi?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=itaku&algorithm=SHA1&"
            "digits=6&period=30");
  EXPECT_NE(otpauth_uri("itaku", "a b@c", seed()).find("itaku:a%20b%40c?"), std::string::npos);
}

TEST(Totp, TheQrCodeIsAnSvgWithAQuietZone) {
  auto svg = qr_svg(otpauth_uri("itaku", "kobayashi", seed()));
  ASSERT_TRUE(svg.ok()) << svg.error().describe();
  EXPECT_TRUE(svg->starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_TRUE(svg->ends_with("</svg>"));
  // The top-left finder pattern starts after the 4-module quiet zone with a run of 7.
  EXPECT_NE(svg->find("M4 4h7v1h-7z"), std::string::npos) << *svg;
}

}  // namespace
}  // namespace itaku::testing
