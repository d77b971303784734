#include "itaku/tlog/note.hpp"

#include <algorithm>
#include <optional>

#include "itaku/crypto/base64.hpp"
#include "itaku/crypto/sha256.hpp"

namespace itaku::tlog {

namespace {

// Signature lines start with U+2014 EM DASH and a space.
constexpr std::string_view kSignaturePrefix = "\xE2\x80\x94 ";
constexpr std::string_view kPrivateKeyPrefix = "PRIVATE+KEY+";
constexpr std::uint8_t kAlgEd25519 = 0x01;
// Notes with more signatures are refused so that parsing one cannot take unbounded time.
constexpr std::size_t kMaxSignatures = 100;
constexpr std::size_t kKeyIdSize = 4;

Error malformed(std::string message_ja, std::string message) {
  return make_error(ErrorKind::Invalid, "note.malformed", std::move(message_ja), std::move(message));
}

Error invalid_key(std::string message_ja, std::string message) {
  return make_error(ErrorKind::Invalid, "note.invalid_key", std::move(message_ja), std::move(message));
}

// Decodes one UTF-8 sequence at `pos`, rejecting overlong forms, surrogates and code points
// beyond U+10FFFF, so that "valid UTF-8" means what Go's utf8.ValidString means.
std::optional<char32_t> decode_utf8(std::string_view s, std::size_t& pos) {
  const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(s[i]); };
  const std::uint8_t lead = byte(pos);
  if (lead < 0x80) {
    ++pos;
    return lead;
  }
  std::size_t length = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, cp = lead & 0x1F, min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, cp = lead & 0x0F, min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, cp = lead & 0x07, min = 0x10000;
  } else {
    return std::nullopt;
  }
  if (s.size() - pos < length) return std::nullopt;
  for (std::size_t i = 1; i < length; ++i) {
    const std::uint8_t next = byte(pos + i);
    if ((next & 0xC0) != 0x80) return std::nullopt;
    cp = (cp << 6) | (next & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
  pos += length;
  return cp;
}

// The code points Go's unicode.IsSpace reports: key names must not contain any of them.
bool is_unicode_space(char32_t cp) {
  switch (cp) {
    case U'\t':
    case U'\n':
    case U'\v':
    case U'\f':
    case U'\r':
    case U' ':
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000: return true;
    default: return cp >= 0x2000 && cp <= 0x200A;
  }
}

// A note must be valid UTF-8 with no ASCII control characters other than newline: a stray
// carriage return or NUL would let two readers disagree about what was signed.
bool valid_note_characters(std::string_view s) {
  for (std::size_t pos = 0; pos < s.size();) {
    const auto cp = decode_utf8(s, pos);
    if (!cp || (*cp < 0x20 && *cp != U'\n')) return false;
  }
  return true;
}

std::string hex_key_id(std::uint32_t id) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(8, '0');
  for (int i = 7; i >= 0; --i, id >>= 4) out[static_cast<std::size_t>(i)] = kDigits[id & 0xF];
  return out;
}

std::optional<std::uint32_t> parse_hex_key_id(std::string_view hex) {
  if (hex.size() != 8) return std::nullopt;
  std::uint32_t id = 0;
  for (const char c : hex) {
    std::uint32_t digit = 0;
    if (c >= '0' && c <= '9') {
      digit = static_cast<std::uint32_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      digit = static_cast<std::uint32_t>(c - 'a' + 10);
    } else {
      return std::nullopt;
    }
    id = (id << 4) | digit;
  }
  return id;
}

// Splits at the first `separator`; the second half is empty when there is none.
std::pair<std::string_view, std::string_view> chop(std::string_view s, char separator) {
  const auto pos = s.find(separator);
  if (pos == std::string_view::npos) return {s, {}};
  return {s.substr(0, pos), s.substr(pos + 1)};
}

// Decodes "<base64(0x01 ‖ 32 key bytes)>" as found at the end of both key strings.
std::optional<std::array<std::uint8_t, 32>> decode_key_material(std::string_view text) {
  auto decoded = crypto::base64_decode(text);
  if (!decoded.ok()) return std::nullopt;
  const Bytes& bytes = decoded.value();
  if (bytes.size() != 33 || bytes[0] != kAlgEd25519) return std::nullopt;
  std::array<std::uint8_t, 32> key{};
  std::copy(bytes.begin() + 1, bytes.end(), key.begin());
  return key;
}

std::string encode_key_material(const std::array<std::uint8_t, 32>& key) {
  Bytes bytes;
  bytes.reserve(33);
  bytes.push_back(kAlgEd25519);
  bytes.insert(bytes.end(), key.begin(), key.end());
  return crypto::base64_encode(bytes);
}

std::string signature_line(const NoteSigner& signer, std::string_view text) {
  const crypto::Signature signature = signer.sign(text);
  Bytes blob;
  blob.reserve(kKeyIdSize + signature.size());
  const std::uint32_t id = signer.id();
  for (int shift = 24; shift >= 0; shift -= 8) blob.push_back(static_cast<std::uint8_t>(id >> shift));
  blob.insert(blob.end(), signature.begin(), signature.end());
  std::string line(kSignaturePrefix);
  line += signer.name();
  line += ' ';
  line += crypto::base64_encode(blob);
  line += '\n';
  return line;
}

Result<void> check_signer_name(const NoteSigner& signer) {
  if (!valid_key_name(signer.name()))
    return invalid_key("署名鍵の名前が不正です", "the signing key's name is not valid");
  return ok();
}

Result<NoteSignature> parse_signature_line(std::string_view line) {
  if (!line.starts_with(kSignaturePrefix))
    return malformed("署名行が「— 」で始まっていません", "a signature line does not start with an em dash and a space");
  const auto [name, encoded] = chop(line.substr(kSignaturePrefix.size()), ' ');
  if (!valid_key_name(name)) return malformed("署名行の鍵の名前が不正です", "a signature line has an invalid key name");
  auto decoded = crypto::base64_decode(encoded);
  // Only Ed25519 signatures exist here: exactly a key id and 64 signature bytes.
  if (encoded.empty() || !decoded.ok() || decoded.value().size() != kKeyIdSize + crypto::Signature{}.size())
    return malformed("署名行の署名が読めません", "a signature line's signature cannot be decoded");
  const Bytes& blob = decoded.value();
  NoteSignature signature;
  signature.key_name = std::string(name);
  signature.key_id = (std::uint32_t{blob[0]} << 24) | (std::uint32_t{blob[1]} << 16) | (std::uint32_t{blob[2]} << 8) |
                     std::uint32_t{blob[3]};
  std::copy(blob.begin() + kKeyIdSize, blob.end(), signature.signature.begin());
  return signature;
}

}  // namespace

std::uint32_t key_id(std::string_view key_name, const crypto::PublicKey& key) {
  static constexpr std::uint8_t kSeparator[] = {'\n', kAlgEd25519};
  const crypto::Hash digest = crypto::sha256({as_bytes(key_name), ByteView(kSeparator), ByteView(key)});
  return (std::uint32_t{digest[0]} << 24) | (std::uint32_t{digest[1]} << 16) | (std::uint32_t{digest[2]} << 8) |
         std::uint32_t{digest[3]};
}

bool valid_key_name(std::string_view name) {
  if (name.empty()) return false;
  for (std::size_t pos = 0; pos < name.size();) {
    const auto cp = decode_utf8(name, pos);
    if (!cp || *cp == U'+' || is_unicode_space(*cp)) return false;
  }
  return true;
}

// ---- NoteVerifier ----

NoteVerifier::NoteVerifier(std::string name, const crypto::PublicKey& key)
    : name_(std::move(name)), key_(key), id_(tlog::key_id(name_, key_)) {
  // libsodium picks its implementations on initialisation; do it before the first verify.
  crypto::initialise();
}

Result<NoteVerifier> NoteVerifier::parse(std::string_view vkey) {
  // The base64 part may itself contain '+', so only the first two are separators.
  const auto [name, rest] = chop(vkey, '+');
  const auto [hex, encoded] = chop(rest, '+');
  const auto id = parse_hex_key_id(hex);
  const auto key = decode_key_material(encoded);
  if (!valid_key_name(name) || !id || !key)
    return invalid_key("検証鍵の形式が不正です", "the verifier key is not in the form name+id+key");
  NoteVerifier verifier(std::string(name), *key);
  if (verifier.id() != *id)
    return invalid_key("検証鍵の鍵IDが鍵と一致しません", "the verifier key's id does not match its key");
  return verifier;
}

std::string NoteVerifier::to_string() const { return name_ + "+" + hex_key_id(id_) + "+" + encode_key_material(key_); }

bool NoteVerifier::verify(std::string_view text, const crypto::Signature& signature) const {
  return crypto::verify(key_, as_bytes(text), signature);
}

// ---- NoteSigner ----

// SigningKey is copy-only (it wipes its secrets in its destructor), so the by-value parameter
// the header declares is copied once more here; the copy is wiped like the original.
NoteSigner::NoteSigner(std::string name, crypto::SigningKey key)  // NOLINT(performance-unnecessary-value-param)
    : name_(std::move(name)), key_(key), id_(tlog::key_id(name_, key_.public_key())) {}

Result<NoteSigner> NoteSigner::parse(std::string_view skey) {
  if (!skey.starts_with(kPrivateKeyPrefix))
    return invalid_key("署名鍵の形式が不正です", "the signer key does not start with PRIVATE+KEY+");
  const auto [name, rest] = chop(skey.substr(kPrivateKeyPrefix.size()), '+');
  const auto [hex, encoded] = chop(rest, '+');
  const auto id = parse_hex_key_id(hex);
  const auto seed = decode_key_material(encoded);
  if (!valid_key_name(name) || !id || !seed)
    return invalid_key("署名鍵の形式が不正です", "the signer key is not in the form PRIVATE+KEY+name+id+key");
  NoteSigner signer(std::string(name), crypto::SigningKey::from_seed(*seed));
  if (signer.id() != *id)
    return invalid_key("署名鍵の鍵IDが鍵と一致しません", "the signer key's id does not match its key");
  return signer;
}

NoteSigner NoteSigner::generate(std::string name) {
  return NoteSigner(std::move(name), crypto::SigningKey::generate());
}

NoteVerifier NoteSigner::verifier() const { return NoteVerifier(name_, key_.public_key()); }

std::string NoteSigner::to_string() const {
  return std::string(kPrivateKeyPrefix) + name_ + "+" + hex_key_id(id_) + "+" + encode_key_material(key_.seed());
}

crypto::Signature NoteSigner::sign(std::string_view text) const { return key_.sign(as_bytes(text)); }

// ---- Notes ----

Result<std::string> sign_note(std::string_view text, const NoteSigner& signer) {
  TRY(check_signer_name(signer));
  // A blank line inside the text would be mistaken for the separator by careful readers of
  // the format, so refuse it here rather than produce an ambiguous note.
  if (text.empty() || !text.ends_with('\n') || text.front() == '\n' || text.find("\n\n") != std::string_view::npos)
    return malformed("署名する本文は空でなく、空行を含まず、改行で終わる必要があります",
                     "the text to sign must be non-empty, contain no blank line and end in a newline");
  if (!valid_note_characters(text))
    return malformed("署名する本文が正しいUTF-8でないか制御文字を含みます",
                     "the text to sign is not valid UTF-8 or contains control characters");
  std::string note(text);
  note += '\n';
  note += signature_line(signer, text);
  return note;
}

Result<std::string> cosign_note(std::string_view note, const NoteSigner& signer) {
  TRY(check_signer_name(signer));
  const Note parsed = TRY(parse_note(note));
  for (const auto& signature : parsed.signatures) {
    if (signature.key_name == signer.name() && signature.key_id == signer.id())
      return make_error(ErrorKind::Invalid, "note.duplicate_signature", "この鍵の署名はすでにあります",
                        "the note is already signed by this key")
          .with("key", signer.name());
  }
  if (parsed.signatures.size() >= kMaxSignatures)
    return malformed("署名の数が多すぎます", "the note has too many signatures");
  // A parsed note ends in its last signature line's newline, so the new line simply follows.
  std::string out(note);
  out += signature_line(signer, parsed.text);
  return out;
}

Result<Note> parse_note(std::string_view note) {
  if (!valid_note_characters(note))
    return malformed("署名付きノートが正しいUTF-8でないか制御文字を含みます",
                     "the note is not valid UTF-8 or contains control characters");
  // Signature lines are never blank, so the last blank line is the separator.
  const auto split = note.rfind("\n\n");
  if (split == std::string_view::npos)
    return malformed("本文と署名を分ける空行がありません", "the note has no blank line before its signatures");
  Note out;
  out.text = std::string(note.substr(0, split + 1));
  std::string_view signatures = note.substr(split + 2);
  if (signatures.empty() || !signatures.ends_with('\n'))
    return malformed("署名行がないか改行で終わっていません",
                     "the note has no signatures or they do not end in a newline");
  while (!signatures.empty()) {
    if (out.signatures.size() == kMaxSignatures)
      return malformed("署名の数が多すぎます", "the note has too many signatures");
    const auto end = signatures.find('\n');
    out.signatures.push_back(TRY(parse_signature_line(signatures.substr(0, end))));
    signatures.remove_prefix(end + 1);
  }
  return out;
}

Result<std::string> open_note(std::string_view note, const NoteVerifier& verifier) {
  Note parsed = TRY(parse_note(note));
  bool found = false;
  for (const auto& signature : parsed.signatures) {
    if (signature.key_name != verifier.name() || signature.key_id != verifier.id()) continue;
    found = true;
    // Every line claiming to be from this key must verify: a bad one means tampering even if
    // another line by the same key happens to be good.
    if (!verifier.verify(parsed.text, signature.signature))
      return make_error(ErrorKind::Tampered, "note.bad_signature", "ノートの署名が正しくありません",
                        "the note's signature does not verify")
          .with("key", verifier.name());
  }
  if (!found)
    return make_error(ErrorKind::Tampered, "note.unknown_key", "このノートには指定の鍵による署名がありません",
                      "the note has no signature by the expected key")
        .with("key", verifier.name());
  return std::move(parsed.text);
}

}  // namespace itaku::tlog
