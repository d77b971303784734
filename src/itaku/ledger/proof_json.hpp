#pragma once
// Proofs in a documented JSON form (docs/LEDGER.md), so that anyone can check them with any
// RFC 9162 implementation. Hashes are standard base64, as in checkpoints.
//
// inclusion:   {"type":"inclusion","origin","leaf_index","tree_size","entry","leaf_hash",
//               "root_hash","hashes":[…],"checkpoint":<signed note at tree_size>}
// consistency: {"type":"consistency","origin","old_size","new_size","old_root","new_root",
//               "hashes":[…],"old_checkpoint"?,"new_checkpoint"?}

#include <nlohmann/json.hpp>

#include "itaku/core/result.hpp"
#include "itaku/ledger/ledger.hpp"

namespace itaku::ledger {

// The inclusion proof of `index` against the latest checkpoint (signing one first if the
// entry is not yet covered).
Result<nlohmann::json> inclusion_proof_json(Ledger& ledger, std::uint64_t index);
Result<nlohmann::json> consistency_proof_json(Ledger& ledger, std::uint64_t old_size, std::uint64_t new_size);

// Checks a proof document offline against the trusted verifier key: the checkpoint
// signatures, the proof, and for inclusion that the entry hashes to the leaf.
Result<void> verify_proof_json(const nlohmann::json& proof, const std::string& verifier_key);

}  // namespace itaku::ledger
