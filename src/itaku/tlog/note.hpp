#pragma once
// C2SP signed-note with Ed25519 signatures: UTF-8 text ending in '\n', a blank line, then one
// line per signature "— <key name> <base64(key id[4] ‖ signature[64])>\n". The key id is the
// first 4 bytes (big-endian) of SHA-256(key name ‖ 0x0A ‖ 0x01 ‖ public key). Pure: no I/O.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "itaku/core/result.hpp"
#include "itaku/crypto/ed25519.hpp"

namespace itaku::tlog {

std::uint32_t key_id(std::string_view key_name, const crypto::PublicKey& key);
// A name is non-empty UTF-8 without Unicode spaces or '+'.
bool valid_key_name(std::string_view name);

// The public half: "<name>+<hex key id, 8 digits>+<base64(0x01 ‖ public key)>".
class NoteVerifier {
 public:
  NoteVerifier(std::string name, const crypto::PublicKey& key);
  static Result<NoteVerifier> parse(std::string_view vkey);
  const std::string& name() const { return name_; }
  std::uint32_t id() const { return id_; }
  const crypto::PublicKey& public_key() const { return key_; }
  std::string to_string() const;
  bool verify(std::string_view text, const crypto::Signature& signature) const;

 private:
  std::string name_;
  crypto::PublicKey key_;
  std::uint32_t id_;
};

// The private half: "PRIVATE+KEY+<name>+<hex key id>+<base64(0x01 ‖ seed)>" (as Go's
// golang.org/x/mod/sumdb/note writes it).
class NoteSigner {
 public:
  NoteSigner(std::string name, crypto::SigningKey key);
  static Result<NoteSigner> parse(std::string_view skey);
  static NoteSigner generate(std::string name);
  const std::string& name() const { return name_; }
  std::uint32_t id() const { return id_; }
  NoteVerifier verifier() const;
  std::string to_string() const;  // secret: never log it
  crypto::Signature sign(std::string_view text) const;

 private:
  std::string name_;
  crypto::SigningKey key_;
  std::uint32_t id_;
};

struct NoteSignature {
  std::string key_name;
  std::uint32_t key_id = 0;
  crypto::Signature signature{};
};

struct Note {
  std::string text;  // ends in '\n'
  std::vector<NoteSignature> signatures;
};

// Signs text (must end in '\n', contain no blank line) and returns the whole note.
Result<std::string> sign_note(std::string_view text, const NoteSigner& signer);
// Adds a signature to an existing note, keeping the ones it has (a witness cosigning).
Result<std::string> cosign_note(std::string_view note, const NoteSigner& signer);
// Parses syntax only; signatures are not checked.
Result<Note> parse_note(std::string_view note);
// Returns the note's text if it carries a valid signature by `verifier`. Errors:
// note.malformed, note.unknown_key (no signature line for that key), note.bad_signature.
Result<std::string> open_note(std::string_view note, const NoteVerifier& verifier);

}  // namespace itaku::tlog
