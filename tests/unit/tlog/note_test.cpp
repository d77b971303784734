#include "itaku/tlog/note.hpp"

#include <gtest/gtest.h>

#include <string>

#include "itaku/crypto/base64.hpp"
#include "itaku/crypto/sha256.hpp"

namespace itaku::tlog {
namespace {

// The example key and note from the documentation of Go's golang.org/x/mod/sumdb/note, the
// reference implementation: Ed25519 is deterministic, so signing must reproduce it exactly.
constexpr std::string_view kGoVerifierKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
constexpr std::string_view kGoSignerKey =
    "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
constexpr std::string_view kGoText =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n";
constexpr std::string_view kGoNote =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
    "\n"
    "\xE2\x80\x94 PeterNeumann "
    "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

constexpr std::string_view kText = "itaku.example.jp/ledger\n42\nsome text\n";

NoteSigner fixed_signer(std::string name, std::uint8_t fill) {
  crypto::Seed seed;
  seed.fill(fill);
  return NoteSigner(std::move(name), crypto::SigningKey::from_seed(seed));
}

std::string replace_first(std::string s, std::string_view from, std::string_view to) {
  const auto pos = s.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  if (pos != std::string::npos) s.replace(pos, from.size(), to);
  return s;
}

// Rewrites the signature line's base64 blob through `edit`, re-encoding it canonically.
template <typename Edit>
std::string edit_signature_blob(const std::string& note, Edit edit) {
  const auto line = note.rfind("\xE2\x80\x94 ");
  const auto space = note.find(' ', line + 4);
  const auto end = note.find('\n', space);
  Bytes blob = crypto::base64_decode(std::string_view(note).substr(space + 1, end - space - 1)).value();
  edit(blob);
  return note.substr(0, space + 1) + crypto::base64_encode(blob) + note.substr(end);
}

TEST(NoteKeys, KeyIdIsTheFirstFourBytesOfTheHashOfNameAndKey) {
  const NoteSigner signer = fixed_signer("itaku.example.jp/ledger", 7);
  const NoteVerifier verifier = signer.verifier();
  const crypto::PublicKey& pub = verifier.public_key();
  const std::string_view name = "itaku.example.jp/ledger";
  const std::uint8_t separator[] = {0x0A, 0x01};
  const crypto::Hash digest = crypto::sha256({as_bytes(name), ByteView(separator), ByteView(pub)});
  const std::uint32_t expected = (std::uint32_t{digest[0]} << 24) | (std::uint32_t{digest[1]} << 16) |
                                 (std::uint32_t{digest[2]} << 8) | std::uint32_t{digest[3]};
  EXPECT_EQ(key_id(name, pub), expected);
  EXPECT_EQ(signer.id(), expected);
  EXPECT_EQ(signer.verifier().id(), expected);
}

TEST(NoteKeys, TheGoReferenceKeysParseAndSignTheReferenceNoteByteForByte) {
  auto verifier = NoteVerifier::parse(kGoVerifierKey);
  ASSERT_TRUE(verifier.ok()) << verifier.error().describe();
  EXPECT_EQ(verifier->name(), "PeterNeumann");
  EXPECT_EQ(verifier->id(), 0xc74f20a3u);
  EXPECT_EQ(verifier->to_string(), kGoVerifierKey);

  auto signer = NoteSigner::parse(kGoSignerKey);
  ASSERT_TRUE(signer.ok()) << signer.error().describe();
  EXPECT_EQ(signer->id(), 0xc74f20a3u);
  EXPECT_EQ(signer->to_string(), kGoSignerKey);
  EXPECT_EQ(signer->verifier().to_string(), kGoVerifierKey);

  auto note = sign_note(kGoText, signer.value());
  ASSERT_TRUE(note.ok());
  EXPECT_EQ(note.value(), kGoNote);
  auto opened = open_note(kGoNote, verifier.value());
  ASSERT_TRUE(opened.ok()) << opened.error().describe();
  EXPECT_EQ(opened.value(), kGoText);
}

TEST(NoteKeys, VerifierAndSignerKeyStringsRoundTrip) {
  const NoteSigner signer = NoteSigner::generate("itaku.example.jp/ledger");
  auto parsed_signer = NoteSigner::parse(signer.to_string());
  ASSERT_TRUE(parsed_signer.ok());
  EXPECT_EQ(parsed_signer->name(), signer.name());
  EXPECT_EQ(parsed_signer->id(), signer.id());
  EXPECT_EQ(parsed_signer->to_string(), signer.to_string());

  const NoteVerifier verifier = signer.verifier();
  auto parsed_verifier = NoteVerifier::parse(verifier.to_string());
  ASSERT_TRUE(parsed_verifier.ok());
  EXPECT_EQ(parsed_verifier->name(), verifier.name());
  EXPECT_EQ(parsed_verifier->id(), verifier.id());
  EXPECT_EQ(parsed_verifier->public_key(), verifier.public_key());
  EXPECT_EQ(parsed_verifier->to_string(), verifier.to_string());

  // A note signed with the re-parsed signer opens with the original verifier.
  auto note = sign_note(kText, parsed_signer.value());
  ASSERT_TRUE(note.ok());
  EXPECT_TRUE(open_note(note.value(), verifier).ok());
}

TEST(NoteKeys, MalformedKeyStringsAreRejected) {
  const std::string vkey(kGoVerifierKey);
  const std::string skey(kGoSignerKey);
  const std::vector<std::string> bad_verifiers = {
      "",
      "PeterNeumann",
      "PeterNeumann+c74f20a3",
      "PeterNeumann+c74f20a3+",
      "+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
      "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",   // wrong id
      "PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",   // uppercase id
      "PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",    // short id
      "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T",    // bad base64
      "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",   // unknown algorithm
      "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  // space in name
      vkey + "=",
  };
  for (const auto& bad : bad_verifiers) {
    auto parsed = NoteVerifier::parse(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.error().kind, ErrorKind::Invalid);
  }
  const std::vector<std::string> bad_signers = {
      "",
      vkey,
      "PRIVATE+KEY+" + vkey,  // a public key where the seed should be: the id no longer matches
      "PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz",
      "PRIVATE+KEYS+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz",
      skey.substr(0, skey.size() - 1),
  };
  for (const auto& bad : bad_signers) EXPECT_FALSE(NoteSigner::parse(bad).ok()) << bad;
}

TEST(NoteKeys, KeyNamesMustBeNonEmptyUtf8WithoutSpacesOrPlus) {
  EXPECT_TRUE(valid_key_name("itaku.example.jp/ledger"));
  EXPECT_TRUE(valid_key_name("委託台帳"));
  EXPECT_FALSE(valid_key_name(""));
  EXPECT_FALSE(valid_key_name("a b"));
  EXPECT_FALSE(valid_key_name("a\tb"));
  EXPECT_FALSE(valid_key_name("a+b"));
  EXPECT_FALSE(
      valid_key_name("a\xE3\x80\x80"
                     "b"));  // U+3000 IDEOGRAPHIC SPACE
  EXPECT_FALSE(
      valid_key_name("a\xC2\xA0"
                     "b"));  // U+00A0 NO-BREAK SPACE
  EXPECT_FALSE(
      valid_key_name("a\xFF"
                     "b"));                   // not UTF-8
  EXPECT_FALSE(valid_key_name("a\xC0\xAF"));  // overlong encoding of '/'
}

TEST(SignedNote, SignThenOpenRoundTrips) {
  const NoteSigner signer = NoteSigner::generate("itaku.example.jp/ledger");
  auto note = sign_note(kText, signer);
  ASSERT_TRUE(note.ok());
  EXPECT_TRUE(note.value().starts_with(std::string(kText) + "\n\xE2\x80\x94 itaku.example.jp/ledger "));
  auto opened = open_note(note.value(), signer.verifier());
  ASSERT_TRUE(opened.ok()) << opened.error().describe();
  EXPECT_EQ(opened.value(), kText);

  auto parsed = parse_note(note.value());
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->text, kText);
  ASSERT_EQ(parsed->signatures.size(), 1u);
  EXPECT_EQ(parsed->signatures[0].key_name, signer.name());
  EXPECT_EQ(parsed->signatures[0].key_id, signer.id());
  EXPECT_TRUE(signer.verifier().verify(kText, parsed->signatures[0].signature));
}

TEST(SignedNote, ANoteSignedByAnotherKeyIsAnUnknownKey) {
  const NoteSigner signer = NoteSigner::generate("itaku.example.jp/ledger");
  const std::string note = sign_note(kText, signer).value();

  const NoteSigner stranger = NoteSigner::generate("someone.else.example");
  auto opened = open_note(note, stranger.verifier());
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, "note.unknown_key");
  EXPECT_EQ(opened.error().kind, ErrorKind::Tampered);

  // The same name with a different key has a different key id, so it is also unknown.
  const NoteSigner impostor = NoteSigner::generate("itaku.example.jp/ledger");
  auto by_impostor = open_note(note, impostor.verifier());
  ASSERT_FALSE(by_impostor.ok());
  EXPECT_EQ(by_impostor.error().code, "note.unknown_key");
}

TEST(SignedNote, AlteredTextIsABadSignature) {
  const NoteSigner signer = fixed_signer("itaku.example.jp/ledger", 1);
  const std::string note = sign_note(kText, signer).value();
  const std::string altered = replace_first(note, "42", "43");
  auto opened = open_note(altered, signer.verifier());
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, "note.bad_signature");
  EXPECT_EQ(opened.error().kind, ErrorKind::Tampered);

  // Extra text lines smuggled in before the separator are covered by the signature too.
  const std::string extended = replace_first(note, "some text\n", "some text\nmore\n");
  EXPECT_EQ(open_note(extended, signer.verifier()).error().code, "note.bad_signature");
}

TEST(SignedNote, AlteredSignatureIsABadSignature) {
  const NoteSigner signer = fixed_signer("itaku.example.jp/ledger", 2);
  const std::string note = sign_note(kText, signer).value();
  for (std::size_t byte : {4u, 20u, 67u}) {
    const std::string altered = edit_signature_blob(note, [&](Bytes& blob) { blob[byte] ^= 0x01; });
    ASSERT_NE(altered, note);
    auto opened = open_note(altered, signer.verifier());
    ASSERT_FALSE(opened.ok()) << byte;
    EXPECT_EQ(opened.error().code, "note.bad_signature") << byte;
  }
  // Changing the key id instead makes the line belong to no known key.
  const std::string other_id = edit_signature_blob(note, [](Bytes& blob) { blob[0] ^= 0x80; });
  EXPECT_EQ(open_note(other_id, signer.verifier()).error().code, "note.unknown_key");
}

TEST(SignedNote, MalformedNotesAreRejected) {
  const NoteSigner signer = fixed_signer("itaku.example.jp/ledger", 3);
  const std::string note = sign_note(kText, signer).value();
  ASSERT_TRUE(parse_note(note).ok());
  const std::string sig_line = note.substr(note.rfind("\n\n") + 2);

  const std::vector<std::pair<std::string, std::string>> bad = {
      {"empty", ""},
      {"no blank line", std::string(kText) + sig_line},
      {"no signatures", std::string(kText) + "\n"},
      {"missing final newline", note.substr(0, note.size() - 1)},
      {"plain hyphen", replace_first(note, "\xE2\x80\x94", "-")},
      {"en dash", replace_first(note, "\xE2\x80\x94", "\xE2\x80\x93")},
      {"no space after the dash", replace_first(note, "\xE2\x80\x94 ", "\xE2\x80\x94")},
      {"bad base64", replace_first(note, "=\n", "\n")},
      {"base64 with junk", note.substr(0, note.size() - 1) + "!\n"},
      {"no signature", replace_first(note, sig_line, "\xE2\x80\x94 itaku.example.jp/ledger\n")},
      {"short signature", edit_signature_blob(note, [](Bytes& blob) { blob.pop_back(); })},
      {"long signature", edit_signature_blob(note, [](Bytes& blob) { blob.push_back(0); })},
      {"blank line among signatures", note + "\n"},
      {"carriage return", replace_first(note, "42\n", "42\r\n")},
      {"invalid UTF-8", replace_first(note, "some",
                                      "so\xFF"
                                      "e")},
      {"space in key name", replace_first(note, "itaku.example.jp/ledger ", "itaku example ")},
  };
  for (const auto& [what, text] : bad) {
    auto parsed = parse_note(text);
    EXPECT_FALSE(parsed.ok()) << what;
    auto opened = open_note(text, signer.verifier());
    ASSERT_FALSE(opened.ok()) << what;
    EXPECT_EQ(opened.error().code, "note.malformed") << what;
    EXPECT_EQ(opened.error().kind, ErrorKind::Invalid) << what;
  }
}

TEST(SignedNote, TextThatCannotBeSignedIsRefused) {
  const NoteSigner signer = fixed_signer("itaku.example.jp/ledger", 4);
  EXPECT_FALSE(sign_note("", signer).ok());
  EXPECT_FALSE(sign_note("no newline", signer).ok());
  EXPECT_FALSE(sign_note("a\n\nb\n", signer).ok());
  EXPECT_FALSE(sign_note("\n", signer).ok());
  EXPECT_FALSE(sign_note("a\tb\n", signer).ok());
  EXPECT_FALSE(sign_note("bad \xFF\n", signer).ok());
  EXPECT_FALSE(sign_note(kText, fixed_signer("bad name", 4)).ok());
}

TEST(SignedNote, AtMostOneHundredSignaturesAreAccepted) {
  const NoteSigner signer = fixed_signer("itaku.example.jp/ledger", 5);
  const std::string note = sign_note(kText, signer).value();
  const std::string sig_line = note.substr(note.rfind("\n\n") + 2);
  std::string hundred = note;
  for (int i = 1; i < 100; ++i) hundred += sig_line;
  auto parsed = parse_note(hundred);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->signatures.size(), 100u);
  EXPECT_FALSE(parse_note(hundred + sig_line).ok());
}

TEST(SignedNote, CosigningKeepsBothSignaturesAndEachVerifies) {
  const NoteSigner log = fixed_signer("itaku.example.jp/ledger", 6);
  const NoteSigner witness = fixed_signer("witness.example.jp", 7);
  const std::string note = sign_note(kText, log).value();
  auto cosigned = cosign_note(note, witness);
  ASSERT_TRUE(cosigned.ok()) << cosigned.error().describe();
  EXPECT_TRUE(cosigned.value().starts_with(note));

  auto parsed = parse_note(cosigned.value());
  ASSERT_TRUE(parsed.ok());
  ASSERT_EQ(parsed->signatures.size(), 2u);
  EXPECT_EQ(parsed->signatures[0].key_name, log.name());
  EXPECT_EQ(parsed->signatures[1].key_name, witness.name());
  EXPECT_EQ(open_note(cosigned.value(), log.verifier()).value(), kText);
  EXPECT_EQ(open_note(cosigned.value(), witness.verifier()).value(), kText);

  // The same key cannot sign twice.
  auto again = cosign_note(cosigned.value(), witness);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "note.duplicate_signature");
  EXPECT_FALSE(cosign_note(note, log).ok());
  EXPECT_FALSE(cosign_note("not a note\n", witness).ok());
}

TEST(SignedNote, ABadLineByTheExpectedKeyFailsEvenBesideAGoodOne) {
  const NoteSigner signer = fixed_signer("itaku.example.jp/ledger", 8);
  const std::string note = sign_note(kText, signer).value();
  const std::string sig_line = note.substr(note.rfind("\n\n") + 2);
  const std::string bad_line =
      edit_signature_blob(note, [](Bytes& blob) { blob[40] ^= 0x04; }).substr(note.rfind("\n\n") + 2);
  EXPECT_EQ(open_note(note + bad_line, signer.verifier()).error().code, "note.bad_signature");
}

}  // namespace
}  // namespace itaku::tlog
