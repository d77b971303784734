#include <gtest/gtest.h>

#include "itaku/crypto/base64.hpp"
#include "itaku/crypto/ed25519.hpp"
#include "itaku/crypto/sha256.hpp"

namespace itaku::crypto {
namespace {

TEST(Sha256, MatchesFips180Vectors) {
  EXPECT_EQ(to_hex(sha256(as_bytes(""))), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(to_hex(sha256(as_bytes("abc"))), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // Parts hash as their concatenation.
  EXPECT_EQ(sha256({as_bytes("a"), as_bytes("bc")}), sha256(as_bytes("abc")));
}

TEST(Base64, RoundTripsAndRejectsNonCanonicalText) {
  const Bytes data = {0, 1, 2, 250, 255};
  EXPECT_EQ(base64_encode(data), "AAEC+v8=");
  EXPECT_EQ(base64_decode("AAEC+v8=").value(), data);
  EXPECT_FALSE(base64_decode("AAEC+v8").ok());    // missing padding
  EXPECT_FALSE(base64_decode("AAEC+v9=").ok());   // non-zero padding bits
  EXPECT_FALSE(base64_decode("AA EC+v8=").ok());  // whitespace
}

TEST(Ed25519, MatchesRfc8032TestOne) {
  auto seed = from_hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60").value();
  Seed s;
  std::copy(seed.begin(), seed.end(), s.begin());
  auto key = SigningKey::from_seed(s);
  EXPECT_EQ(to_hex(key.public_key()), "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  auto sig = key.sign({});
  EXPECT_EQ(
      to_hex(sig),
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595"
      "bbe24655141438e7a100b");
  EXPECT_TRUE(verify(key.public_key(), {}, sig));
  sig[0] ^= 1;
  EXPECT_FALSE(verify(key.public_key(), {}, sig));
  EXPECT_FALSE(verify(key.public_key(), as_bytes("x"), key.sign({})));
}

}  // namespace
}  // namespace itaku::crypto
