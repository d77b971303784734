#pragma once
// An excerpt of the ledger: chosen entries, exactly as stored, with one proof that all of them
// are in the tree a signed checkpoint commits to (tlog::multi_inclusion_proof). It is
// what an auditor takes away about one contract (the evidence package, docs/COMPLIANCE.md):
// everything they may read about it, verifiable offline with the city's public key, and
// nothing about anyone else. Text, one JSON value per line:
//
//   line 1        {"checkpoint":<signed note>,"entries":E,"format":"itaku-ledger-excerpt/1",
//                  "origin":…,"proof_hashes":P,"tree_size":N,"verifier_key":…}
//   next E lines  {"entry":"<the entry's bytes as stored>","index":i}, indices increasing
//   next P lines  "<base64 SHA-256>", the proof's hashes in order
//
// The format is documented in docs/LEDGER.md.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "itaku/core/result.hpp"
#include "itaku/tlog/merkle.hpp"

namespace itaku::ledger {

class Ledger;

inline constexpr std::string_view kExcerptFormat = "itaku-ledger-excerpt/1";

struct ExcerptEntry {
  std::uint64_t index = 0;
  std::string entry;  // as stored: {"event":…,"seq":index}
};

// The excerpt of `entries` (indices strictly increasing; each entry's bytes as stored, which
// is checked against the tree) against the latest checkpoint, signing one first when it does
// not cover them all.
Result<std::string> make_excerpt(Ledger& ledger, std::span<const ExcerptEntry> entries);

struct VerifiedExcerpt {
  std::string origin;
  std::string verifier_key;  // the excerpt's own, equal to the trusted key when one was given
  std::uint64_t tree_size = 0;
  tlog::Hash root{};
  std::vector<ExcerptEntry> entries;
};

// Checks an excerpt offline: the checkpoint's signature (by `trusted_key` when given, which
// the excerpt's key must then equal: ledger.key_mismatch), every entry's envelope index, and
// the proof against the checkpoint's root. Errors: ledger.excerpt_malformed (Invalid, with the
// line), ledger.checkpoint_invalid, ledger.entry_malformed, ledger.excerpt_mismatch (Tampered:
// an entry was changed, added or left out, or the proof was).
Result<VerifiedExcerpt> verify_excerpt(std::string_view text, const std::optional<std::string>& trusted_key);

}  // namespace itaku::ledger
