#include "itaku/tlog/checkpoint.hpp"

#include <gtest/gtest.h>

#include <string>

#include "itaku/crypto/base64.hpp"

namespace itaku::tlog {
namespace {

constexpr std::string_view kOrigin = "itaku.example.jp/ledger";

Checkpoint sample_checkpoint() {
  Checkpoint checkpoint;
  checkpoint.origin = std::string(kOrigin);
  checkpoint.size = 1234;
  for (std::size_t i = 0; i < checkpoint.root.size(); ++i) checkpoint.root[i] = static_cast<std::uint8_t>(i * 7 + 1);
  return checkpoint;
}

NoteSigner fixed_signer(std::string name, std::uint8_t fill) {
  crypto::Seed seed;
  seed.fill(fill);
  return NoteSigner(std::move(name), crypto::SigningKey::from_seed(seed));
}

std::string root_line(std::size_t bytes) { return crypto::base64_encode(Bytes(bytes, 0xAB)); }

void expect_same(const Checkpoint& a, const Checkpoint& b) {
  EXPECT_EQ(a.origin, b.origin);
  EXPECT_EQ(a.size, b.size);
  EXPECT_EQ(a.root, b.root);
  EXPECT_EQ(a.extensions, b.extensions);
}

TEST(Checkpoint, FormatsAsOriginSizeAndBase64Root) {
  const Checkpoint checkpoint = sample_checkpoint();
  EXPECT_EQ(format_checkpoint(checkpoint),
            std::string(kOrigin) + "\n1234\n" + crypto::base64_encode(checkpoint.root) + "\n");
}

TEST(Checkpoint, FormatThenParseRoundTripsWithAndWithoutExtensions) {
  Checkpoint checkpoint = sample_checkpoint();
  auto plain = parse_checkpoint(format_checkpoint(checkpoint));
  ASSERT_TRUE(plain.ok()) << plain.error().describe();
  expect_same(plain.value(), checkpoint);

  checkpoint.extensions = {"— witness extension", "timestamp 1700000000"};
  const std::string text = format_checkpoint(checkpoint);
  EXPECT_TRUE(text.ends_with("\ntimestamp 1700000000\n"));
  auto extended = parse_checkpoint(text);
  ASSERT_TRUE(extended.ok()) << extended.error().describe();
  expect_same(extended.value(), checkpoint);

  Checkpoint empty_tree = sample_checkpoint();
  empty_tree.size = 0;
  auto zero = parse_checkpoint(format_checkpoint(empty_tree));
  ASSERT_TRUE(zero.ok());
  EXPECT_EQ(zero->size, 0u);

  Checkpoint huge = sample_checkpoint();
  huge.size = UINT64_MAX;
  auto max = parse_checkpoint(format_checkpoint(huge));
  ASSERT_TRUE(max.ok());
  EXPECT_EQ(max->size, UINT64_MAX);
}

TEST(Checkpoint, StrictParsingRejectsNonCanonicalText) {
  const std::string root = root_line(32);
  const std::string origin(kOrigin);
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"leading zero", origin + "\n0123\n" + root + "\n"},
      {"double zero", origin + "\n00\n" + root + "\n"},
      {"plus sign", origin + "\n+5\n" + root + "\n"},
      {"negative", origin + "\n-5\n" + root + "\n"},
      {"space in size", origin + "\n 5\n" + root + "\n"},
      {"empty size", origin + "\n\n" + root + "\n"},
      {"overflowing size", origin + "\n18446744073709551616\n" + root + "\n"},
      {"31-byte root", origin + "\n5\n" + root_line(31) + "\n"},
      {"33-byte root", origin + "\n5\n" + root_line(33) + "\n"},
      {"root not base64", origin + "\n5\n" + "not base64!\n"},
      {"empty origin", "\n5\n" + root + "\n"},
      {"missing root line", origin + "\n5\n"},
      {"missing size and root", origin + "\n"},
      {"empty", ""},
      {"no final newline", origin + "\n5\n" + root},
      {"empty extension line", origin + "\n5\n" + root + "\n\n"},
      {"empty line between extensions", origin + "\n5\n" + root + "\next\n\nmore\n"},
      {"carriage return", origin + "\r\n5\n" + root + "\n"},
  };
  for (const auto& [what, text] : bad) {
    auto parsed = parse_checkpoint(text);
    ASSERT_FALSE(parsed.ok()) << what;
    EXPECT_EQ(parsed.error().kind, ErrorKind::Invalid) << what;
    EXPECT_EQ(parsed.error().code, "checkpoint.malformed") << what;
  }
}

TEST(Checkpoint, SignedCheckpointOpensWithTheRightKeyAndOrigin) {
  const NoteSigner signer = fixed_signer(std::string(kOrigin), 11);
  Checkpoint checkpoint = sample_checkpoint();
  checkpoint.extensions = {"extension line"};
  auto note = sign_checkpoint(checkpoint, signer);
  ASSERT_TRUE(note.ok()) << note.error().describe();
  EXPECT_TRUE(note.value().starts_with(format_checkpoint(checkpoint) + "\n"));

  auto opened = open_checkpoint(note.value(), signer.verifier(), kOrigin);
  ASSERT_TRUE(opened.ok()) << opened.error().describe();
  expect_same(opened.value(), checkpoint);
  auto any_origin = open_checkpoint(note.value(), signer.verifier());
  ASSERT_TRUE(any_origin.ok());
  expect_same(any_origin.value(), checkpoint);
}

TEST(Checkpoint, ASignedCheckpointWithAnAlteredBodyIsRejected) {
  const NoteSigner signer = fixed_signer(std::string(kOrigin), 12);
  const std::string note = sign_checkpoint(sample_checkpoint(), signer).value();
  std::string altered = note;
  altered.replace(altered.find("\n1234\n"), 6, "\n1235\n");
  auto opened = open_checkpoint(altered, signer.verifier(), kOrigin);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, "note.bad_signature");
  EXPECT_EQ(opened.error().kind, ErrorKind::Tampered);
}

TEST(Checkpoint, ASignedCheckpointOpenedWithTheWrongKeyIsRejected) {
  const NoteSigner signer = fixed_signer(std::string(kOrigin), 13);
  const NoteSigner other = fixed_signer(std::string(kOrigin), 14);
  const std::string note = sign_checkpoint(sample_checkpoint(), signer).value();
  auto opened = open_checkpoint(note, other.verifier(), kOrigin);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, "note.unknown_key");
}

TEST(Checkpoint, ASignedCheckpointForAnotherOriginIsRejected) {
  const NoteSigner signer = fixed_signer(std::string(kOrigin), 15);
  const std::string note = sign_checkpoint(sample_checkpoint(), signer).value();
  auto opened = open_checkpoint(note, signer.verifier(), "other.example.jp/ledger");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, "checkpoint.wrong_origin");
}

TEST(Checkpoint, ASignedNoteThatIsNotACheckpointIsRejected) {
  const NoteSigner signer = fixed_signer(std::string(kOrigin), 16);
  const std::string note = sign_note("just one line\n", signer).value();
  auto opened = open_checkpoint(note, signer.verifier());
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, "checkpoint.malformed");
}

TEST(Checkpoint, CheckpointsThatWouldNotParseBackAreNotSigned) {
  const NoteSigner signer = fixed_signer(std::string(kOrigin), 17);
  Checkpoint no_origin = sample_checkpoint();
  no_origin.origin.clear();
  EXPECT_FALSE(sign_checkpoint(no_origin, signer).ok());
  Checkpoint split_origin = sample_checkpoint();
  split_origin.origin = "a\nb";
  EXPECT_FALSE(sign_checkpoint(split_origin, signer).ok());
  Checkpoint empty_extension = sample_checkpoint();
  empty_extension.extensions = {""};
  EXPECT_FALSE(sign_checkpoint(empty_extension, signer).ok());
  Checkpoint multi_line_extension = sample_checkpoint();
  multi_line_extension.extensions = {"a\nb"};
  EXPECT_FALSE(sign_checkpoint(multi_line_extension, signer).ok());
}

}  // namespace
}  // namespace itaku::tlog
