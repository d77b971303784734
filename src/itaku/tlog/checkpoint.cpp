#include "itaku/tlog/checkpoint.hpp"

#include <algorithm>
#include <limits>

#include "itaku/crypto/base64.hpp"

namespace itaku::tlog {

namespace {

Error malformed(std::string message_ja, std::string message) {
  return make_error(ErrorKind::Invalid, "checkpoint.malformed", std::move(message_ja), std::move(message));
}

// Strict decimal: digits only, no sign, no leading zero except "0" itself, no overflow, so
// that every size has exactly one spelling and a signed checkpoint cannot be re-spelt.
Result<std::uint64_t> parse_size(std::string_view text) {
  if (text.empty() || (text.size() > 1 && text.front() == '0'))
    return malformed("木の大きさが正規の10進数ではありません", "the tree size is not a canonical decimal number");
  std::uint64_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9')
      return malformed("木の大きさが10進数ではありません", "the tree size is not a decimal number");
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (value > (std::numeric_limits<std::uint64_t>::max() - digit) / 10)
      return malformed("木の大きさが大きすぎます", "the tree size is too large");
    value = value * 10 + digit;
  }
  return value;
}

}  // namespace

std::string format_checkpoint(const Checkpoint& checkpoint) {
  std::string out = checkpoint.origin;
  out += '\n';
  out += std::to_string(checkpoint.size);
  out += '\n';
  out += crypto::base64_encode(checkpoint.root);
  out += '\n';
  for (const auto& extension : checkpoint.extensions) {
    out += extension;
    out += '\n';
  }
  return out;
}

Result<Checkpoint> parse_checkpoint(std::string_view text) {
  if (!text.ends_with('\n'))
    return malformed("チェックポイントが改行で終わっていません", "the checkpoint does not end in a newline");
  // Control characters (a carriage return above all) would let two readers split the lines
  // differently; newline is the only one the format uses.
  if (std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 && c != '\n'; }))
    return malformed("チェックポイントに制御文字があります", "the checkpoint contains control characters");
  std::vector<std::string_view> lines;
  for (std::string_view rest = text; !rest.empty();) {
    const auto end = rest.find('\n');
    lines.push_back(rest.substr(0, end));
    rest.remove_prefix(end + 1);
  }
  if (lines.size() < 3)
    return malformed("チェックポイントの行が足りません", "the checkpoint needs an origin, a size and a root hash");
  if (std::any_of(lines.begin(), lines.end(), [](std::string_view line) { return line.empty(); }))
    return malformed("チェックポイントに空行があります", "the checkpoint contains an empty line");

  Checkpoint checkpoint;
  checkpoint.origin = std::string(lines[0]);
  checkpoint.size = TRY(parse_size(lines[1]));
  auto root = crypto::base64_decode(lines[2]);
  if (!root.ok() || root.value().size() != checkpoint.root.size())
    return malformed("ルートハッシュが32バイトのbase64ではありません", "the root hash is not 32 bytes of base64");
  std::copy(root.value().begin(), root.value().end(), checkpoint.root.begin());
  for (std::size_t i = 3; i < lines.size(); ++i) checkpoint.extensions.emplace_back(lines[i]);
  return checkpoint;
}

Result<std::string> sign_checkpoint(const Checkpoint& checkpoint, const NoteSigner& signer) {
  const std::string text = format_checkpoint(checkpoint);
  // An origin or extension holding a newline (or nothing) would sign a different checkpoint
  // from the one given; re-parsing catches every such case with the reader's own rules.
  auto parsed = parse_checkpoint(text);
  if (!parsed.ok() || parsed.value().origin != checkpoint.origin || parsed.value().extensions != checkpoint.extensions)
    return malformed("署名するチェックポイントの形式が不正です", "the checkpoint to sign is not well-formed");
  return sign_note(text, signer);
}

Result<Checkpoint> open_checkpoint(std::string_view note, const NoteVerifier& verifier,
                                   std::string_view expected_origin) {
  const std::string text = TRY(open_note(note, verifier));
  Checkpoint checkpoint = TRY(parse_checkpoint(text));
  if (!expected_origin.empty() && checkpoint.origin != expected_origin)
    return make_error(ErrorKind::Tampered, "checkpoint.wrong_origin", "チェックポイントの発行元が違います",
                      "the checkpoint is for a different log")
        .with("origin", checkpoint.origin)
        .with("expected_origin", std::string(expected_origin));
  return checkpoint;
}

}  // namespace itaku::tlog
