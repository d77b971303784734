#include "itaku/tlog/merkle.hpp"

#include <algorithm>
#include <bit>

#include "itaku/core/assert.hpp"

namespace itaku::tlog {

namespace {

constexpr std::uint8_t kLeafPrefix[] = {0x00};
constexpr std::uint8_t kNodePrefix[] = {0x01};

// The k of RFC 9162's split: the largest power of two strictly smaller than n (n >= 2).
std::uint64_t split_point(std::uint64_t n) { return std::bit_floor(n - 1); }

Error out_of_range(std::string code, std::string message_ja, std::string message) {
  return make_error(ErrorKind::Invalid, std::move(code), std::move(message_ja), std::move(message));
}

}  // namespace

Hash leaf_hash(ByteView entry) { return crypto::sha256({ByteView(kLeafPrefix), entry}); }

Hash node_hash(const Hash& left, const Hash& right) {
  return crypto::sha256({ByteView(kNodePrefix), ByteView(left), ByteView(right)});
}

Hash empty_root() { return crypto::sha256(ByteView{}); }

namespace {

// Hash of leaves [begin, end) of the tree `source` holds, combining its complete subtrees.
Result<Hash> range_hash(const HashSource& source, std::uint64_t begin, std::uint64_t end) {
  ITAKU_ASSERT(begin < end);
  // Walk RFC 9162's recursion down the right edge: every left part is a complete, aligned
  // subtree that the source holds, so only O(log n) nodes are hashed. The right parts are
  // combined from the bottom up afterwards.
  Hash left_parts[64];
  std::size_t count = 0;
  Hash right{};
  for (;;) {
    const std::uint64_t n = end - begin;
    if (std::has_single_bit(n) && begin % n == 0) {
      const auto level = static_cast<unsigned>(std::countr_zero(n));
      right = TRY(source.subtree(level, begin >> level));
      break;
    }
    const std::uint64_t k = split_point(n);
    left_parts[count++] = TRY(range_hash(source, begin, begin + k));
    begin += k;
  }
  while (count > 0) right = node_hash(left_parts[--count], right);
  return right;
}

Error index_out_of_range(std::uint64_t index, std::uint64_t size) {
  return out_of_range("tlog.index_out_of_range", "葉の番号または木の大きさが範囲外です",
                      "leaf index or tree size is out of range")
      .with("index", std::to_string(index))
      .with("size", std::to_string(size));
}

Error sizes_out_of_range(std::uint64_t old_size, std::uint64_t new_size) {
  return out_of_range("tlog.size_out_of_range", "木の大きさが範囲外です", "tree sizes are out of range")
      .with("old_size", std::to_string(old_size))
      .with("new_size", std::to_string(new_size));
}

Error size_out_of_range(std::uint64_t size) {
  return out_of_range("tlog.size_out_of_range", "木の大きさが範囲外です", "tree size is beyond the tree")
      .with("size", std::to_string(size));
}

}  // namespace

Result<Hash> root_at(const HashSource& source, std::uint64_t size) {
  if (size == 0) return empty_root();
  return range_hash(source, 0, size);
}

Result<std::vector<Hash>> inclusion_proof(const HashSource& source, std::uint64_t index, std::uint64_t size) {
  if (index >= size) return index_out_of_range(index, size);
  // PATH is defined top-down but lists the deepest sibling first, so collect and reverse.
  std::vector<Hash> proof;
  std::uint64_t begin = 0;
  std::uint64_t n = size;
  while (n > 1) {
    const std::uint64_t k = split_point(n);
    if (index - begin < k) {
      proof.push_back(TRY(range_hash(source, begin + k, begin + n)));
      n = k;
    } else {
      proof.push_back(TRY(range_hash(source, begin, begin + k)));
      begin += k;
      n -= k;
    }
  }
  std::reverse(proof.begin(), proof.end());
  return proof;
}

Result<std::vector<Hash>> consistency_proof(const HashSource& source, std::uint64_t old_size, std::uint64_t new_size) {
  if (old_size > new_size) return sizes_out_of_range(old_size, new_size);
  std::vector<Hash> proof;
  if (old_size == 0 || old_size == new_size) return proof;
  // SUBPROOF(m, D[begin:begin+n], whole) unrolled; like PATH, it is collected top-down and
  // reversed at the end.
  std::uint64_t begin = 0;
  std::uint64_t m = old_size;
  std::uint64_t n = new_size;
  bool whole = true;
  while (m != n) {
    const std::uint64_t k = split_point(n);
    if (m <= k) {
      proof.push_back(TRY(range_hash(source, begin + k, begin + n)));
      n = k;
    } else {
      proof.push_back(TRY(range_hash(source, begin, begin + k)));
      begin += k;
      m -= k;
      n -= k;
      whole = false;
    }
  }
  if (!whole) proof.push_back(TRY(range_hash(source, begin, begin + n)));
  std::reverse(proof.begin(), proof.end());
  return proof;
}

Result<std::vector<Hash>> multi_inclusion_proof(const HashSource& source, std::span<const std::uint64_t> indices,
                                                std::uint64_t size) {
  if (size == 0) return size_out_of_range(size);
  for (std::size_t i = 0; i < indices.size(); ++i)
    if (indices[i] >= size || (i > 0 && indices[i] <= indices[i - 1]))
      return out_of_range("tlog.indices_invalid", "葉の番号が範囲外か、昇順ではありません",
                          "leaf indices are out of range or not strictly increasing")
          .with("position", std::to_string(i));
  std::vector<Hash> proof;
  // MTH's recursion over [begin, end), descending only into subtrees that hold a wanted leaf;
  // `first`/`last` bound the wanted indices inside the range. Depth is log₂ n.
  const auto walk = [&](auto& self, std::uint64_t begin, std::uint64_t end, std::size_t first,
                        std::size_t last) -> Result<void> {
    if (first == last) {
      proof.push_back(TRY(range_hash(source, begin, end)));
      return ok();
    }
    if (end - begin == 1) return ok();  // the wanted leaf itself: the verifier has it
    const std::uint64_t middle = begin + split_point(end - begin);
    const auto split =
        static_cast<std::size_t>(std::lower_bound(indices.begin() + static_cast<std::ptrdiff_t>(first),
                                                  indices.begin() + static_cast<std::ptrdiff_t>(last), middle) -
                                 indices.begin());
    TRY(self(self, begin, middle, first, split));
    return self(self, middle, end, split, last);
  };
  TRY(walk(walk, 0, size, 0, indices.size()));
  return proof;
}

std::uint64_t Tree::size() const { return levels_.empty() ? 0 : levels_[0].size(); }

void Tree::append(const Hash& leaf) {
  if (levels_.empty()) levels_.emplace_back();
  levels_[0].push_back(leaf);
  // Each time a level gains an even count, its last two nodes complete a subtree one level up;
  // the carries mirror incrementing a binary counter, so the work is amortised O(1).
  for (std::size_t level = 0; levels_[level].size() % 2 == 0; ++level) {
    if (levels_.size() == level + 1) levels_.emplace_back();
    const auto& nodes = levels_[level];
    levels_[level + 1].push_back(node_hash(nodes[nodes.size() - 2], nodes[nodes.size() - 1]));
  }
}

void Tree::truncate(std::uint64_t size) {
  if (size >= this->size()) return;
  // Level k holds exactly the complete aligned subtrees, so it keeps size >> k of them.
  for (std::size_t level = 0; level < levels_.size(); ++level) levels_[level].resize(size >> level);
  while (!levels_.empty() && levels_.back().empty()) levels_.pop_back();
}

void Tree::reserve(std::uint64_t leaves) {
  for (std::size_t level = 0; (leaves >> level) > 0; ++level) {
    if (levels_.size() == level) levels_.emplace_back();
    levels_[level].reserve(leaves >> level);
  }
}

const Hash& Tree::leaf(std::uint64_t index) const { return node(0, index); }

const Hash& Tree::node(unsigned level, std::uint64_t index) const {
  ITAKU_CHECK(level < levels_.size() && index < levels_[level].size());
  return levels_[level][index];
}

Result<Hash> Tree::subtree(unsigned level, std::uint64_t index) const { return node(level, index); }

Hash Tree::root() const { return tlog::root_at(*this, size()).value(); }

Result<Hash> Tree::root_at(std::uint64_t size) const {
  if (size > this->size()) return size_out_of_range(size).with("tree_size", std::to_string(this->size()));
  return tlog::root_at(*this, size);
}

Result<std::vector<Hash>> Tree::inclusion_proof(std::uint64_t index, std::uint64_t size) const {
  if (size > this->size() || index >= size)
    return index_out_of_range(index, size).with("tree_size", std::to_string(this->size()));
  return tlog::inclusion_proof(*this, index, size);
}

Result<std::vector<Hash>> Tree::consistency_proof(std::uint64_t old_size, std::uint64_t new_size) const {
  if (new_size > size() || old_size > new_size)
    return sizes_out_of_range(old_size, new_size).with("tree_size", std::to_string(size()));
  return tlog::consistency_proof(*this, old_size, new_size);
}

Result<std::vector<Hash>> Tree::multi_inclusion_proof(std::span<const std::uint64_t> indices,
                                                      std::uint64_t size) const {
  if (size == 0 || size > this->size()) return size_out_of_range(size).with("tree_size", std::to_string(this->size()));
  return tlog::multi_inclusion_proof(*this, indices, size);
}

bool verify_multi_inclusion(std::span<const std::pair<std::uint64_t, Hash>> leaves, std::uint64_t size,
                            std::span<const Hash> proof, const Hash& root) {
  if (size == 0) return false;
  for (std::size_t i = 0; i < leaves.size(); ++i)
    if (leaves[i].first >= size || (i > 0 && leaves[i].first <= leaves[i - 1].first)) return false;
  std::size_t used = 0;
  bool malformed = false;
  const auto walk = [&](auto& self, std::uint64_t begin, std::uint64_t end, std::size_t first,
                        std::size_t last) -> Hash {
    if (malformed) return Hash{};
    if (first == last) {
      if (used == proof.size()) {
        malformed = true;
        return Hash{};
      }
      return proof[used++];
    }
    if (end - begin == 1) return leaves[first].second;
    const std::uint64_t middle = begin + split_point(end - begin);
    std::size_t split = first;
    while (split < last && leaves[split].first < middle) ++split;
    const Hash left = self(self, begin, middle, first, split);
    const Hash right = self(self, middle, end, split, last);
    return node_hash(left, right);
  };
  const Hash computed = walk(walk, 0, size, 0, leaves.size());
  return !malformed && used == proof.size() && computed == root;
}

bool verify_inclusion(const Hash& leaf, std::uint64_t index, std::uint64_t size, std::span<const Hash> proof,
                      const Hash& root) {
  if (index >= size) return false;
  std::uint64_t fn = index;
  std::uint64_t sn = size - 1;
  Hash r = leaf;
  for (const Hash& p : proof) {
    if (sn == 0) return false;
    if ((fn & 1) != 0 || fn == sn) {
      r = node_hash(p, r);
      while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = node_hash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && r == root;
}

bool verify_consistency(std::uint64_t old_size, std::uint64_t new_size, const Hash& old_root, const Hash& new_root,
                        std::span<const Hash> proof) {
  if (old_size > new_size) return false;
  // The empty tree is a prefix of every tree, but its root must still be the empty root so a
  // caller cannot smuggle an arbitrary hash past the check.
  if (old_size == 0) return proof.empty() && old_root == empty_root();
  if (old_size == new_size) return proof.empty() && old_root == new_root;
  if (proof.empty()) return false;

  // When the old tree is a complete subtree its root is the first node of the proof, which
  // RFC 9162 prepends; walk it virtually instead of copying the proof.
  const bool prepend = std::has_single_bit(old_size);
  const std::size_t length = proof.size() + (prepend ? 1 : 0);
  auto node = [&](std::size_t i) -> const Hash& { return prepend ? (i == 0 ? old_root : proof[i - 1]) : proof[i]; };

  std::uint64_t fn = old_size - 1;
  std::uint64_t sn = new_size - 1;
  while ((fn & 1) != 0) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = node(0);
  Hash sr = node(0);
  for (std::size_t i = 1; i < length; ++i) {
    const Hash& c = node(i);
    if (sn == 0) return false;
    if ((fn & 1) != 0 || fn == sn) {
      fr = node_hash(c, fr);
      sr = node_hash(c, sr);
      while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      sr = node_hash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return fr == old_root && sr == new_root && sn == 0;
}

}  // namespace itaku::tlog
