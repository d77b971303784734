#pragma once
// C2SP tlog-checkpoint: the note text "<origin>\n<tree size, decimal>\n<base64 root hash>\n"
// followed by optional extension lines. Pure: no I/O.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "itaku/core/result.hpp"
#include "itaku/tlog/merkle.hpp"
#include "itaku/tlog/note.hpp"

namespace itaku::tlog {

struct Checkpoint {
  std::string origin;
  std::uint64_t size = 0;
  Hash root{};
  std::vector<std::string> extensions;  // lines without their '\n'
};

std::string format_checkpoint(const Checkpoint& checkpoint);
// Strict: decimal size without leading zeros, 32-byte root, non-empty lines.
Result<Checkpoint> parse_checkpoint(std::string_view text);

// Signs a checkpoint as a note.
Result<std::string> sign_checkpoint(const Checkpoint& checkpoint, const NoteSigner& signer);
// Verifies the note's signature by `verifier` and parses its text. Also checks that the
// origin equals `expected_origin` when that is not empty.
Result<Checkpoint> open_checkpoint(std::string_view note, const NoteVerifier& verifier,
                                   std::string_view expected_origin = {});

}  // namespace itaku::tlog
