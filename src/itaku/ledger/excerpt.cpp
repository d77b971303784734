#include "itaku/ledger/excerpt.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "itaku/core/bytes.hpp"
#include "itaku/core/json_input.hpp"
#include "itaku/crypto/base64.hpp"
#include "itaku/ledger/ledger.hpp"
#include "itaku/ledger/verify.hpp"
#include "itaku/tlog/checkpoint.hpp"

namespace itaku::ledger {

namespace {

// One line of an excerpt holds one entry; the largest entries (a provision set's whole text)
// are well under this.
constexpr std::size_t kMaxLineBytes = std::size_t{8} << 20;
constexpr std::uint64_t kMaxEntries = std::uint64_t{1} << 26;

Error malformed(std::size_t line, const std::string& ja, const std::string& en) {
  return make_error(ErrorKind::Invalid, "ledger.excerpt_malformed", "台帳の抜粋の形式が正しくありません: " + ja,
                    "the ledger excerpt is malformed: " + en)
      .with("line", std::to_string(line));
}

Error mismatch(std::string ja, std::string en) {
  return make_error(ErrorKind::Tampered, "ledger.excerpt_mismatch", std::move(ja), std::move(en));
}

// Lines of `text`, one at a time, each bounded.
class Lines {
 public:
  explicit Lines(std::string_view text) : text_(text) {}
  std::size_t number() const { return number_; }
  Result<std::optional<std::string_view>> next() {
    if (position_ >= text_.size()) return std::optional<std::string_view>{};
    const auto end = text_.find('\n', position_);
    const auto line_end = end == std::string_view::npos ? text_.size() : end;
    ++number_;
    if (line_end - position_ > kMaxLineBytes) return malformed(number_, "行が長すぎます", "a line is too long");
    const auto line = text_.substr(position_, line_end - position_);
    position_ = end == std::string_view::npos ? text_.size() : end + 1;
    return std::optional(line);
  }

 private:
  std::string_view text_;
  std::size_t position_ = 0;
  std::size_t number_ = 0;
};

Result<nlohmann::json> parse_line(std::string_view line, std::size_t number) {
  constexpr JsonLimits kLimits{.max_bytes = kMaxLineBytes,
                               .max_depth = 2,
                               .max_string_bytes = kMaxLineBytes,
                               .max_array_items = 0,
                               .max_object_members = 8};
  auto value = parse_json_input(line, kLimits);
  if (!value) return malformed(number, "JSONとして読めません", "not JSON").with("reason", value.error().code);
  if (!value->is_object()) return malformed(number, "オブジェクトではありません", "not an object");
  return value;
}

}  // namespace

Result<std::string> make_excerpt(Ledger& ledger, std::span<const ExcerptEntry> entries) {
  auto latest = ledger.latest_checkpoint();
  const std::uint64_t needed = entries.empty() ? 1 : entries.back().index + 1;
  if (!latest || latest->checkpoint.size < needed) latest = TRY(ledger.checkpoint_now());
  const auto size = latest->checkpoint.size;
  std::vector<std::uint64_t> indices;
  indices.reserve(entries.size());
  for (const auto& e : entries) {
    // The bytes given must be the ones the tree holds: an excerpt is never made of anything else.
    if (TRY(ledger.leaf_hash(e.index)) != tlog::leaf_hash(as_bytes(e.entry)))
      return make_error(ErrorKind::Internal, "ledger.excerpt_entry_differs", "抜粋する項目が台帳と一致しません",
                        "an entry to excerpt differs from the ledger's")
          .with("index", std::to_string(e.index));
    indices.push_back(e.index);
  }
  const auto proof = TRY(ledger.multi_inclusion_proof(indices, size));
  const auto identity_key = ledger.verifier().to_string();
  std::string out =
      nlohmann::json{{"format", kExcerptFormat},    {"origin", ledger.origin()},  {"verifier_key", identity_key},
                     {"tree_size", size},           {"checkpoint", latest->note}, {"entries", entries.size()},
                     {"proof_hashes", proof.size()}}
          .dump();
  out += '\n';
  for (const auto& e : entries) {
    out += nlohmann::json{{"index", e.index}, {"entry", e.entry}}.dump();
    out += '\n';
  }
  for (const auto& hash : proof) {
    out += '"';
    out += crypto::base64_encode(hash);
    out += "\"\n";
  }
  return out;
}

Result<VerifiedExcerpt> verify_excerpt(std::string_view text, const std::optional<std::string>& trusted_key) {
  Lines lines(text);
  const auto first = TRY(lines.next());
  if (!first) return malformed(0, "空です", "it is empty");
  const auto header = TRY(parse_line(*first, 1));
  const auto text_of = [&](const char* key) -> Result<std::string> {
    const auto it = header.find(key);
    if (it == header.end() || !it->is_string())
      return malformed(1, std::string("見出しに ") + key + " がありません", std::string("the header lacks ") + key);
    return it->get<std::string>();
  };
  const auto count_of = [&](const char* key) -> Result<std::uint64_t> {
    const auto it = header.find(key);
    if (it == header.end() || !it->is_number_unsigned() || it->get<std::uint64_t>() > kMaxEntries)
      return malformed(1, std::string("見出しの ") + key + " が正しくありません",
                       std::string("the header's ") + key + " is not a count");
    return it->get<std::uint64_t>();
  };
  if (TRY(text_of("format")) != kExcerptFormat)
    return malformed(1, "itaku の台帳の抜粋ではありません", "not an itaku ledger excerpt");
  VerifiedExcerpt out;
  out.origin = TRY(text_of("origin"));
  out.verifier_key = TRY(text_of("verifier_key"));
  if (trusted_key && *trusted_key != out.verifier_key)
    return make_error(ErrorKind::Tampered, "ledger.key_mismatch", "抜粋の公開鍵が指定の公開鍵と一致しません",
                      "the excerpt's public key is not the trusted key")
        .with("recorded", out.verifier_key);
  const auto verifier = TRY(tlog::NoteVerifier::parse(out.verifier_key));
  auto checkpoint = tlog::open_checkpoint(TRY(text_of("checkpoint")), verifier, out.origin);
  if (!checkpoint)
    return make_error(ErrorKind::Tampered, "ledger.checkpoint_invalid", "チェックポイントの署名を検証できません",
                      "a checkpoint's signature does not verify")
        .with("reason", checkpoint.error().code);
  out.tree_size = TRY(count_of("tree_size"));
  if (checkpoint->size != out.tree_size)
    return mismatch("抜粋の木の大きさがチェックポイントと一致しません",
                    "the excerpt's tree size is not its checkpoint's");
  out.root = checkpoint->root;
  const auto entries = TRY(count_of("entries"));
  const auto hashes = TRY(count_of("proof_hashes"));

  std::vector<std::pair<std::uint64_t, tlog::Hash>> leaves;
  leaves.reserve(entries);
  out.entries.reserve(entries);
  for (std::uint64_t i = 0; i < entries; ++i) {
    const auto line = TRY(lines.next());
    if (!line) return malformed(lines.number() + 1, "項目の行が足りません", "entry lines are missing");
    const auto value = TRY(parse_line(*line, lines.number()));
    const auto index = value.find("index");
    const auto entry = value.find("entry");
    if (index == value.end() || !index->is_number_unsigned() || entry == value.end() || !entry->is_string())
      return malformed(lines.number(), "項目の行に index と entry が必要です", "an entry line needs index and entry");
    ExcerptEntry e{index->get<std::uint64_t>(), entry->get<std::string>()};
    if (e.index >= out.tree_size || (!out.entries.empty() && e.index <= out.entries.back().index))
      return malformed(lines.number(), "項目の番号が範囲外か昇順ではありません",
                       "entry indices are out of range or not increasing");
    if (entry_seq(e.entry) != e.index)
      return make_error(ErrorKind::Tampered, "ledger.entry_malformed", "台帳の項目の番号が位置と一致しません",
                        "a ledger entry's own index is not its position")
          .with("index", std::to_string(e.index));
    leaves.emplace_back(e.index, tlog::leaf_hash(as_bytes(e.entry)));
    out.entries.push_back(std::move(e));
  }
  std::vector<tlog::Hash> proof;
  proof.reserve(hashes);
  for (std::uint64_t i = 0; i < hashes; ++i) {
    const auto line = TRY(lines.next());
    if (!line) return malformed(lines.number() + 1, "証明の行が足りません", "proof lines are missing");
    auto decoded = line->size() == 46 && line->front() == '"' && line->back() == '"'
                       ? crypto::base64_decode(line->substr(1, 44))
                       : Result<Bytes>(malformed(lines.number(), "", ""));
    if (!decoded || decoded->size() != 32)
      return malformed(lines.number(), "証明のハッシュ値が読めません", "a proof hash cannot be read");
    tlog::Hash hash;
    std::copy(decoded->begin(), decoded->end(), hash.begin());
    proof.push_back(hash);
  }
  if (TRY(lines.next())) return malformed(lines.number(), "余分な行があります", "there are lines after the proof");
  if (!tlog::verify_multi_inclusion(leaves, out.tree_size, proof, out.root))
    return mismatch("抜粋の項目が署名済みチェックポイントと一致しません（項目が改ざん・追加・削除されています）",
                    "the excerpt's entries do not match its signed checkpoint (an entry was altered, added or "
                    "left out)");
  return out;
}

}  // namespace itaku::ledger
