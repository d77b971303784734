#pragma once
// Merkle tree hashing as in RFC 9162 §2.1: leaf = SHA-256(0x00 ‖ entry), node =
// SHA-256(0x01 ‖ left ‖ right), the empty tree's root = SHA-256(""). Pure: no I/O.

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "itaku/core/bytes.hpp"
#include "itaku/core/result.hpp"
#include "itaku/crypto/sha256.hpp"

namespace itaku::tlog {

using Hash = crypto::Hash;

Hash leaf_hash(ByteView entry);
Hash node_hash(const Hash& left, const Hash& right);
Hash empty_root();

// Where the algorithms below read a tree's hashes: the hash of the complete, aligned subtree
// of 2^level leaves that starts at leaf index << level (level 0: the leaf hashes). A source
// may read them from disk, so a lookup can fail; the algorithms ask only for subtrees that are
// complete within the size they are given.
class HashSource {
 public:
  virtual ~HashSource() = default;
  virtual Result<Hash> subtree(unsigned level, std::uint64_t index) const = 0;
};

// RFC 9162 over any source holding a tree of at least `size` leaves. The sizes are not checked
// against the source (its owner knows its size); the relations between arguments are.
// MTH(D[0:size]); the empty root for size 0.
Result<Hash> root_at(const HashSource& source, std::uint64_t size);
// PATH(index, D[0:size]) (§2.1.3.1). Error unless index < size.
Result<std::vector<Hash>> inclusion_proof(const HashSource& source, std::uint64_t index, std::uint64_t size);
// PROOF(old_size, D[0:new_size]) (§2.1.4.1). Error unless old_size <= new_size; empty when
// old_size is 0 or equals new_size.
Result<std::vector<Hash>> consistency_proof(const HashSource& source, std::uint64_t old_size, std::uint64_t new_size);
// A proof that several leaves are in D[0:size] at once (an excerpt of the log): following
// RFC 9162's split of D[0:size], the hash of every largest subtree that holds none of
// `indices`, left to right. With the leaves themselves it gives the root; it holds about
// k·log₂(n/k) hashes for k leaves where k inclusion proofs hold k·log₂ n. `indices` must be
// strictly increasing and below size (tlog.indices_invalid otherwise); none gives [root].
Result<std::vector<Hash>> multi_inclusion_proof(const HashSource& source, std::span<const std::uint64_t> indices,
                                                std::uint64_t size);

// An append-only tree that keeps every complete subtree's hash in memory (level 0 holds the
// leaves, level k the roots of aligned 2^k-leaf subtrees: about 2 hashes per leaf). Appends are
// amortised O(1); the root and the proofs for any size up to size() are O(log² n) at worst,
// with no I/O. Memory grows with the tree: the ledger keeps its tree as tiles in the database
// instead (ledger/tiles.hpp) and this one serves verification and tests. Not thread-safe:
// callers serialise access.
class Tree final : public HashSource {
 public:
  std::uint64_t size() const;
  void append(const Hash& leaf);
  // Forgets every leaf at or after `size` (undoes appends whose batch was not committed).
  void truncate(std::uint64_t size);
  void reserve(std::uint64_t leaves);

  const Hash& leaf(std::uint64_t index) const;
  // The stored hash of a complete subtree (HashSource); never fails for one inside the tree.
  Result<Hash> subtree(unsigned level, std::uint64_t index) const override;
  const Hash& node(unsigned level, std::uint64_t index) const;
  Hash root() const;
  // Root of the tree made of the first `size` leaves. Error if size > size().
  Result<Hash> root_at(std::uint64_t size) const;
  // RFC 9162 §2.1.3.1 PATH(index, D[0:size]). Error unless index < size <= size().
  Result<std::vector<Hash>> inclusion_proof(std::uint64_t index, std::uint64_t size) const;
  // RFC 9162 §2.1.4.1 PROOF(old_size, D[0:new_size]). Error unless old_size <= new_size <= size().
  // Empty when old_size is 0 or equals new_size.
  Result<std::vector<Hash>> consistency_proof(std::uint64_t old_size, std::uint64_t new_size) const;
  // multi_inclusion_proof above, for this tree. Error unless 0 < size <= size().
  Result<std::vector<Hash>> multi_inclusion_proof(std::span<const std::uint64_t> indices, std::uint64_t size) const;

 private:
  std::vector<std::vector<Hash>> levels_;
};

// RFC 9162 §2.1.3.2. False for any malformed input (index >= size, wrong proof length…).
bool verify_inclusion(const Hash& leaf, std::uint64_t index, std::uint64_t size, std::span<const Hash> proof,
                      const Hash& root);
// Checks a multi_inclusion_proof: `leaves` are (index, leaf hash) strictly increasing by index,
// each below size; every hash of `proof` must be used. False for any malformed input.
bool verify_multi_inclusion(std::span<const std::pair<std::uint64_t, Hash>> leaves, std::uint64_t size,
                            std::span<const Hash> proof, const Hash& root);

// RFC 9162 §2.1.4.2. old_size == new_size needs an empty proof and equal roots; old_size 0
// needs an empty proof.
bool verify_consistency(std::uint64_t old_size, std::uint64_t new_size, const Hash& old_root, const Hash& new_root,
                        std::span<const Hash> proof);

}  // namespace itaku::tlog
