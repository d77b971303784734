#include "itaku/tlog/merkle.hpp"

#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "itaku/core/bytes.hpp"
#include "itaku/crypto/sha256.hpp"

namespace itaku::tlog {
namespace {

Hash hash_from_hex(std::string_view hex) {
  auto bytes = from_hex(hex);
  EXPECT_TRUE(bytes.ok()) << hex;
  Hash out{};
  EXPECT_EQ(bytes.value().size(), out.size()) << hex;
  std::copy(bytes.value().begin(), bytes.value().end(), out.begin());
  return out;
}

std::vector<Hash> hashes_from_hex(std::initializer_list<std::string_view> hexes) {
  std::vector<Hash> out;
  for (auto hex : hexes) out.push_back(hash_from_hex(hex));
  return out;
}

// The Certificate Transparency reference data used by RFC 6962 implementations.
constexpr std::array<std::string_view, 8> kRfc6962Leaves = {
    "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"};
constexpr std::array<std::string_view, 9> kRfc6962Roots = {
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

Tree rfc6962_tree() {
  Tree tree;
  for (auto hex : kRfc6962Leaves) tree.append(leaf_hash(from_hex(hex).value()));
  return tree;
}

Hash numbered_leaf(std::uint64_t i) {
  std::uint8_t bytes[8];
  for (int k = 0; k < 8; ++k) bytes[k] = static_cast<std::uint8_t>(i >> (56 - 8 * k));
  return leaf_hash(ByteView(bytes));
}

Tree numbered_tree(std::uint64_t size) {
  Tree tree;
  for (std::uint64_t i = 0; i < size; ++i) tree.append(numbered_leaf(i));
  return tree;
}

// RFC 9162 §2.1 written out recursively over a plain vector of leaf hashes, sharing nothing
// with Tree but SHA-256. MTH results are memoised by range only to keep the exhaustive
// comparisons fast; the recursion is the definition's.
class ReferenceTree {
 public:
  explicit ReferenceTree(std::vector<Hash> leaves) : leaves_(std::move(leaves)) {}

  Hash mth(std::uint64_t begin, std::uint64_t end) {
    const std::uint64_t n = end - begin;
    if (n == 0) return crypto::sha256(ByteView{});
    if (n == 1) return leaves_[begin];
    if (auto it = memo_.find({begin, end}); it != memo_.end()) return it->second;
    const std::uint64_t k = largest_power_of_two_below(n);
    const Hash left = mth(begin, begin + k);
    const Hash right = mth(begin + k, end);
    static constexpr std::uint8_t kNode[] = {0x01};
    const Hash h = crypto::sha256({ByteView(kNode), ByteView(left), ByteView(right)});
    memo_[{begin, end}] = h;
    return h;
  }

  std::vector<Hash> path(std::uint64_t m, std::uint64_t begin, std::uint64_t end) {
    const std::uint64_t n = end - begin;
    if (n == 1) return {};
    const std::uint64_t k = largest_power_of_two_below(n);
    std::vector<Hash> out;
    if (m < k) {
      out = path(m, begin, begin + k);
      out.push_back(mth(begin + k, end));
    } else {
      out = path(m - k, begin + k, end);
      out.push_back(mth(begin, begin + k));
    }
    return out;
  }

  std::vector<Hash> proof(std::uint64_t m, std::uint64_t n) {
    if (m == 0 || m == n) return {};
    return subproof(m, 0, n, true);
  }

 private:
  static std::uint64_t largest_power_of_two_below(std::uint64_t n) {
    std::uint64_t k = 1;
    while (k * 2 < n) k *= 2;
    return k;
  }

  std::vector<Hash> subproof(std::uint64_t m, std::uint64_t begin, std::uint64_t end, bool whole) {
    const std::uint64_t n = end - begin;
    if (m == n) {
      if (whole) return {};
      return {mth(begin, end)};
    }
    const std::uint64_t k = largest_power_of_two_below(n);
    std::vector<Hash> out;
    if (m <= k) {
      out = subproof(m, begin, begin + k, whole);
      out.push_back(mth(begin + k, end));
    } else {
      out = subproof(m - k, begin + k, end, false);
      out.push_back(mth(begin, begin + k));
    }
    return out;
  }

  std::vector<Hash> leaves_;
  std::map<std::pair<std::uint64_t, std::uint64_t>, Hash> memo_;
};

std::vector<Hash> numbered_leaves(std::uint64_t size) {
  std::vector<Hash> out;
  for (std::uint64_t i = 0; i < size; ++i) out.push_back(numbered_leaf(i));
  return out;
}

Hash flip_bit(Hash h, std::size_t bit) {
  h[bit / 8 % h.size()] ^= static_cast<std::uint8_t>(1u << (bit % 8));
  return h;
}

TEST(MerkleHashing, LeafAndNodeHashesUseTheDomainSeparationPrefixes) {
  const Bytes entry = {'a', 'b', 'c'};
  const std::uint8_t zero[] = {0x00};
  const std::uint8_t one[] = {0x01};
  EXPECT_EQ(leaf_hash(entry), crypto::sha256({ByteView(zero), ByteView(entry)}));
  const Hash a = leaf_hash(entry);
  const Hash b = leaf_hash(Bytes{});
  EXPECT_EQ(node_hash(a, b), crypto::sha256({ByteView(one), ByteView(a), ByteView(b)}));
  EXPECT_EQ(to_hex(empty_root()), kRfc6962Roots[0]);
}

TEST(MerkleTree, RootsMatchThePublishedRfc6962VectorsForEverySize) {
  const Tree tree = rfc6962_tree();
  ASSERT_EQ(tree.size(), 8u);
  for (std::uint64_t size = 0; size <= 8; ++size) {
    auto root = tree.root_at(size);
    ASSERT_TRUE(root.ok());
    EXPECT_EQ(to_hex(root.value()), kRfc6962Roots[size]) << "size " << size;
  }
  EXPECT_EQ(to_hex(tree.root()), kRfc6962Roots[8]);
  EXPECT_EQ(to_hex(Tree().root()), kRfc6962Roots[0]);
}

TEST(MerkleTree, InclusionProofsMatchThePublishedRfc6962Vectors) {
  const Tree tree = rfc6962_tree();
  const auto root = tree.root();

  const auto proof0 = tree.inclusion_proof(0, 8);
  ASSERT_TRUE(proof0.ok());
  EXPECT_EQ(proof0.value(), hashes_from_hex({"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                                             "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                                             "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}));
  EXPECT_TRUE(verify_inclusion(tree.leaf(0), 0, 8, proof0.value(), root));

  const auto proof5 = tree.inclusion_proof(5, 8);
  ASSERT_TRUE(proof5.ok());
  EXPECT_EQ(proof5.value(), hashes_from_hex({"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                                             "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                                             "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}));
  EXPECT_TRUE(verify_inclusion(tree.leaf(5), 5, 8, proof5.value(), root));
}

TEST(MerkleTree, ConsistencyProofsMatchThePublishedRfc6962Vectors) {
  const Tree tree = rfc6962_tree();
  const std::vector<std::pair<std::pair<std::uint64_t, std::uint64_t>, std::vector<Hash>>> cases = {
      {{2, 8},
       hashes_from_hex({"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"})},
      {{6, 8},
       hashes_from_hex({"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"})},
      {{2, 5},
       hashes_from_hex({"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"})},
  };
  for (const auto& [sizes, expected] : cases) {
    const auto [old_size, new_size] = sizes;
    const auto proof = tree.consistency_proof(old_size, new_size);
    ASSERT_TRUE(proof.ok());
    EXPECT_EQ(proof.value(), expected) << old_size << " -> " << new_size;
    EXPECT_TRUE(verify_consistency(old_size, new_size, hash_from_hex(kRfc6962Roots[old_size]),
                                   hash_from_hex(kRfc6962Roots[new_size]), proof.value()));
  }
}

TEST(MerkleTree, InclusionProofVerifiesForEveryLeafAndMatchesTheReference) {
  constexpr std::uint64_t kMaxSize = 300;
  const Tree tree = numbered_tree(kMaxSize);
  ReferenceTree reference(numbered_leaves(kMaxSize));
  for (std::uint64_t size = 1; size <= kMaxSize; ++size) {
    const auto root = tree.root_at(size);
    ASSERT_TRUE(root.ok());
    ASSERT_EQ(root.value(), reference.mth(0, size)) << "size " << size;
    for (std::uint64_t index = 0; index < size; ++index) {
      const auto proof = tree.inclusion_proof(index, size);
      ASSERT_TRUE(proof.ok());
      ASSERT_EQ(proof.value(), reference.path(index, 0, size)) << index << " in " << size;
      ASSERT_TRUE(verify_inclusion(tree.leaf(index), index, size, proof.value(), root.value()))
          << index << " in " << size;
    }
  }
}

TEST(MerkleTree, ConsistencyProofVerifiesForEveryPairOfSizesAndMatchesTheReference) {
  constexpr std::uint64_t kMaxSize = 130;
  const Tree tree = numbered_tree(kMaxSize);
  ReferenceTree reference(numbered_leaves(kMaxSize));
  for (std::uint64_t new_size = 0; new_size <= kMaxSize; ++new_size) {
    const Hash new_root = tree.root_at(new_size).value();
    for (std::uint64_t old_size = 0; old_size <= new_size; ++old_size) {
      const auto proof = tree.consistency_proof(old_size, new_size);
      ASSERT_TRUE(proof.ok());
      ASSERT_EQ(proof.value(), reference.proof(old_size, new_size)) << old_size << " -> " << new_size;
      ASSERT_TRUE(verify_consistency(old_size, new_size, tree.root_at(old_size).value(), new_root, proof.value()))
          << old_size << " -> " << new_size;
    }
  }
}

// Every subset of the leaves of small trees, and scattered subsets of a larger one: the proof
// verifies with exactly those leaves, is never longer than one inclusion proof per leaf, and
// fails when a leaf, a proof hash or the root is changed, or a hash is added or lost. (The size
// is bound to the root by the signed checkpoint, as for a single inclusion proof.)
TEST(MerkleTree, MultiInclusionProofsVerifyExactlyTheLeavesTheyWereMadeFor) {
  constexpr std::uint64_t kMaxSize = 300;
  const Tree tree = numbered_tree(kMaxSize);
  const auto check = [&](std::uint64_t size, const std::vector<std::uint64_t>& indices) {
    const auto root = tree.root_at(size).value();
    const auto proof = tree.multi_inclusion_proof(indices, size);
    ASSERT_TRUE(proof.ok()) << size;
    std::vector<std::pair<std::uint64_t, Hash>> leaves;
    std::size_t separate = 0;
    for (auto index : indices) {
      leaves.emplace_back(index, tree.leaf(index));
      separate += tree.inclusion_proof(index, size).value().size();
    }
    ASSERT_TRUE(verify_multi_inclusion(leaves, size, proof.value(), root)) << size;
    EXPECT_LE(proof.value().size(), std::max<std::size_t>(separate, 1)) << size;
    EXPECT_FALSE(verify_multi_inclusion(leaves, size, proof.value(), Hash{}));
    auto longer = proof.value();
    longer.push_back(tree.leaf(0));
    EXPECT_FALSE(verify_multi_inclusion(leaves, size, longer, root)) << size;
    if (!proof.value().empty()) {
      auto shorter = proof.value();
      shorter.pop_back();
      EXPECT_FALSE(verify_multi_inclusion(leaves, size, shorter, root)) << size;
      auto changed = proof.value();
      changed.front()[0] ^= 1;
      EXPECT_FALSE(verify_multi_inclusion(leaves, size, changed, root)) << size;
    }
    if (!leaves.empty()) {
      auto altered = leaves;
      altered.back().second[31] ^= 1;
      EXPECT_FALSE(verify_multi_inclusion(altered, size, proof.value(), root)) << size;
    }
  };
  for (std::uint64_t size = 1; size <= 9; ++size)
    for (std::uint64_t mask = 0; mask < (1u << size); ++mask) {
      std::vector<std::uint64_t> indices;
      for (std::uint64_t i = 0; i < size; ++i) {
        if ((mask >> i) & 1u) indices.push_back(i);
      }
      check(size, indices);
    }
  for (std::uint64_t size : {100u, 257u, 300u}) {
    check(size, {0});
    check(size, {size - 1});
    std::vector<std::uint64_t> every_seventh;
    for (std::uint64_t i = 3; i < size; i += 7) every_seventh.push_back(i);
    check(size, every_seventh);
  }
  // An excerpt of one leaf is the leaf's inclusion proof in another order.
  EXPECT_EQ(tree.multi_inclusion_proof(std::vector<std::uint64_t>{5}, 300).value().size(),
            tree.inclusion_proof(5, 300).value().size());
}

TEST(MerkleTree, MultiInclusionProofRefusesIndicesOutOfOrderOrRange) {
  const Tree tree = numbered_tree(10);
  EXPECT_EQ(tree.multi_inclusion_proof(std::vector<std::uint64_t>{3, 3}, 10).error().code, "tlog.indices_invalid");
  EXPECT_EQ(tree.multi_inclusion_proof(std::vector<std::uint64_t>{4, 2}, 10).error().code, "tlog.indices_invalid");
  EXPECT_EQ(tree.multi_inclusion_proof(std::vector<std::uint64_t>{10}, 10).error().code, "tlog.indices_invalid");
  EXPECT_EQ(tree.multi_inclusion_proof(std::vector<std::uint64_t>{1}, 11).error().code, "tlog.size_out_of_range");
  const std::vector<std::pair<std::uint64_t, Hash>> unordered{{4, tree.leaf(4)}, {2, tree.leaf(2)}};
  EXPECT_FALSE(verify_multi_inclusion(unordered, 10, {}, tree.root_at(10).value()));
}

TEST(MerkleTree, MangledInclusionProofsAreRejected) {
  constexpr std::uint64_t kMaxSize = 40;
  const Tree tree = numbered_tree(kMaxSize + 1);
  for (std::uint64_t size = 1; size <= kMaxSize; ++size) {
    const Hash root = tree.root_at(size).value();
    for (std::uint64_t index = 0; index < size; ++index) {
      const std::vector<Hash> proof = tree.inclusion_proof(index, size).value();
      const Hash& leaf = tree.leaf(index);
      SCOPED_TRACE(std::to_string(index) + " in " + std::to_string(size));
      for (std::size_t i = 0; i < proof.size(); ++i) {
        auto flipped = proof;
        flipped[i] = flip_bit(flipped[i], i * 37 + index);
        EXPECT_FALSE(verify_inclusion(leaf, index, size, flipped, root));
        auto dropped = proof;
        dropped.erase(dropped.begin() + static_cast<std::ptrdiff_t>(i));
        EXPECT_FALSE(verify_inclusion(leaf, index, size, dropped, root));
      }
      auto extra = proof;
      extra.push_back(root);
      EXPECT_FALSE(verify_inclusion(leaf, index, size, extra, root));
      auto extra_front = proof;
      extra_front.insert(extra_front.begin(), leaf);
      EXPECT_FALSE(verify_inclusion(leaf, index, size, extra_front, root));
      EXPECT_FALSE(verify_inclusion(flip_bit(leaf, index), index, size, proof, root));
      EXPECT_FALSE(verify_inclusion(leaf, index, size, proof, flip_bit(root, size)));
      if (index + 1 < size) {
        EXPECT_FALSE(verify_inclusion(leaf, index + 1, size, proof, root));
      }
      if (index > 0) {
        EXPECT_FALSE(verify_inclusion(leaf, index - 1, size, proof, root));
      }
      // RFC 9162's verifier binds the size only through the root (a signed checkpoint carries
      // both), so a wrong size is checked together with that size's own root.
      EXPECT_FALSE(verify_inclusion(leaf, index, size + 1, proof, tree.root_at(size + 1).value()));
      if (index + 1 < size) {
        EXPECT_FALSE(verify_inclusion(leaf, index, size - 1, proof, tree.root_at(size - 1).value()));
      }
      EXPECT_FALSE(verify_inclusion(leaf, size, size, proof, root));
      EXPECT_FALSE(verify_inclusion(leaf, index, 0, proof, root));
    }
  }
}

TEST(MerkleTree, MangledConsistencyProofsAreRejected) {
  constexpr std::uint64_t kMaxSize = 40;
  const Tree tree = numbered_tree(kMaxSize + 1);
  for (std::uint64_t new_size = 1; new_size <= kMaxSize; ++new_size) {
    const Hash new_root = tree.root_at(new_size).value();
    for (std::uint64_t old_size = 1; old_size < new_size; ++old_size) {
      const Hash old_root = tree.root_at(old_size).value();
      const std::vector<Hash> proof = tree.consistency_proof(old_size, new_size).value();
      SCOPED_TRACE(std::to_string(old_size) + " -> " + std::to_string(new_size));
      ASSERT_FALSE(proof.empty());
      for (std::size_t i = 0; i < proof.size(); ++i) {
        auto flipped = proof;
        flipped[i] = flip_bit(flipped[i], i * 29 + old_size);
        EXPECT_FALSE(verify_consistency(old_size, new_size, old_root, new_root, flipped));
        auto dropped = proof;
        dropped.erase(dropped.begin() + static_cast<std::ptrdiff_t>(i));
        EXPECT_FALSE(verify_consistency(old_size, new_size, old_root, new_root, dropped));
      }
      auto extra = proof;
      extra.push_back(new_root);
      EXPECT_FALSE(verify_consistency(old_size, new_size, old_root, new_root, extra));
      EXPECT_FALSE(verify_consistency(old_size, new_size, new_root, old_root, proof));
      EXPECT_FALSE(verify_consistency(new_size, old_size, new_root, old_root, proof));
      EXPECT_FALSE(verify_consistency(old_size, new_size, flip_bit(old_root, 3), new_root, proof));
      EXPECT_FALSE(verify_consistency(old_size, new_size, old_root, flip_bit(new_root, 5), proof));
      EXPECT_FALSE(verify_consistency(old_size, new_size, old_root, new_root, {}));
      // As with inclusion, a wrong size is paired with that size's own root.
      EXPECT_FALSE(verify_consistency(old_size, new_size + 1, old_root, tree.root_at(new_size + 1).value(), proof));
      EXPECT_FALSE(verify_consistency(old_size + 1, new_size, tree.root_at(old_size + 1).value(), new_root, proof));
      EXPECT_FALSE(verify_consistency(old_size + 1, new_size, old_root, new_root, proof));
      if (old_size > 1) {
        EXPECT_FALSE(verify_consistency(old_size - 1, new_size, tree.root_at(old_size - 1).value(), new_root, proof));
        EXPECT_FALSE(verify_consistency(old_size - 1, new_size, old_root, new_root, proof));
      }
    }
  }
}

TEST(MerkleTree, ConsistencyOfEqualOrEmptyTreesNeedsAnEmptyProof) {
  const Tree tree = numbered_tree(5);
  const Hash root = tree.root();
  const Hash other = tree.root_at(4).value();
  EXPECT_TRUE(verify_consistency(5, 5, root, root, {}));
  EXPECT_FALSE(verify_consistency(5, 5, root, other, {}));
  const std::vector<Hash> one = {root};
  EXPECT_FALSE(verify_consistency(5, 5, root, root, one));
  EXPECT_TRUE(verify_consistency(0, 5, empty_root(), root, {}));
  EXPECT_FALSE(verify_consistency(0, 5, empty_root(), root, one));
  EXPECT_FALSE(verify_consistency(0, 5, other, root, {}));
  EXPECT_TRUE(verify_consistency(0, 0, empty_root(), empty_root(), {}));
}

TEST(MerkleTree, ProofRequestsOutsideTheTreeAreErrors) {
  const Tree tree = numbered_tree(10);
  EXPECT_FALSE(tree.inclusion_proof(10, 10).ok());
  EXPECT_FALSE(tree.inclusion_proof(0, 11).ok());
  EXPECT_FALSE(tree.inclusion_proof(0, 0).ok());
  EXPECT_FALSE(tree.consistency_proof(5, 11).ok());
  EXPECT_FALSE(tree.consistency_proof(6, 5).ok());
  EXPECT_EQ(tree.inclusion_proof(10, 10).error().kind, ErrorKind::Invalid);
  EXPECT_TRUE(tree.consistency_proof(0, 10).value().empty());
  EXPECT_TRUE(tree.consistency_proof(7, 7).value().empty());
  EXPECT_TRUE(tree.inclusion_proof(0, 1).value().empty());
}

TEST(MerkleTree, RootAtASizeBeyondTheTreeIsAnError) {
  const Tree tree = numbered_tree(7);
  EXPECT_TRUE(tree.root_at(7).ok());
  const auto beyond = tree.root_at(8);
  ASSERT_FALSE(beyond.ok());
  EXPECT_EQ(beyond.error().kind, ErrorKind::Invalid);
  EXPECT_FALSE(Tree().root_at(1).ok());
}

TEST(MerkleTree, TruncateThenReappendGivesTheSameRoots) {
  constexpr std::uint64_t kSize = 70;
  const Tree full = numbered_tree(kSize);
  for (std::uint64_t cut : {0u, 1u, 2u, 3u, 31u, 32u, 33u, 64u, 69u, 70u}) {
    Tree tree = numbered_tree(kSize);
    tree.truncate(cut);
    ASSERT_EQ(tree.size(), cut);
    EXPECT_EQ(tree.root(), full.root_at(cut).value()) << "cut " << cut;
    EXPECT_FALSE(tree.root_at(cut + 1).ok());
    for (std::uint64_t i = cut; i < kSize; ++i) tree.append(numbered_leaf(i));
    for (std::uint64_t size = 0; size <= kSize; ++size)
      ASSERT_EQ(tree.root_at(size).value(), full.root_at(size).value()) << "cut " << cut << " size " << size;
    EXPECT_EQ(tree.inclusion_proof(cut == 0 ? 0 : cut - 1, kSize).value(),
              full.inclusion_proof(cut == 0 ? 0 : cut - 1, kSize).value());
  }
}

TEST(MerkleTree, TruncateToADifferentHistoryChangesTheRoot) {
  Tree tree = numbered_tree(9);
  const Hash before = tree.root();
  tree.truncate(8);
  tree.append(numbered_leaf(100));
  EXPECT_NE(tree.root(), before);
  tree.truncate(100);  // beyond the end: nothing to forget
  EXPECT_EQ(tree.size(), 9u);
}

TEST(MerkleTree, ReserveDoesNotChangeTheTree) {
  Tree tree;
  tree.reserve(1000);
  EXPECT_EQ(tree.size(), 0u);
  EXPECT_EQ(tree.root(), empty_root());
  for (std::uint64_t i = 0; i < 13; ++i) tree.append(numbered_leaf(i));
  EXPECT_EQ(tree.root(), numbered_tree(13).root());
}

}  // namespace
}  // namespace itaku::tlog
