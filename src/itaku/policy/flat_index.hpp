#pragma once
// A table from string keys to values for the decision path's lookups (people, assets):
// open addressing with linear probing, each slot holding the key's hash, the key and the
// value together. A hit usually reads one slot, where std::unordered_map reads its bucket,
// the node before the match and the node: at 10,000 people and assets those are cache
// misses, and they are most of a decision's time. Filled while a snapshot is built, then
// only read.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace itaku::policy {

template <typename V>
class FlatIndex {
 public:
  // Room for `count` keys without growing.
  void reserve(std::size_t count) {
    if (capacity_for(count) > slots_.size()) rehash(capacity_for(count));
  }

  // The value for `key`, inserted value-initialised if absent. References stay valid only
  // until the next insertion.
  V& operator[](std::string_view key) {
    if (slots_.empty() || (size_ + 1) * 2 > slots_.size()) rehash(capacity_for(size_ + 1));
    const auto hash = hash_of(key);
    Slot& slot = probe(hash, key);
    if (slot.hash == 0) {
      slot.hash = hash;
      slot.key = std::string(key);
      ++size_;
    }
    return slot.value;
  }

  // Inserts unless the key is present; true when inserted.
  bool emplace(std::string_view key, V value) {
    const auto before = size_;
    V& slot = (*this)[key];
    if (size_ == before) return false;
    slot = std::move(value);
    return true;
  }

  const V* find(std::string_view key) const {
    if (slots_.empty()) return nullptr;
    const Slot& slot = probe(hash_of(key), key);
    return slot.hash == 0 ? nullptr : &slot.value;
  }

  V* find(std::string_view key) { return const_cast<V*>(std::as_const(*this).find(key)); }

  std::size_t size() const { return size_; }

 private:
  struct Slot {
    std::uint64_t hash = 0;  // 0: empty (a key's hash is never 0)
    std::string key;
    V value{};
  };

  static std::uint64_t hash_of(std::string_view key) { return std::hash<std::string_view>{}(key) | 1; }

  // Load at most one half: a hit takes 1.5 probes on average, a miss 2.5.
  static std::size_t capacity_for(std::size_t count) { return std::bit_ceil(std::max<std::size_t>(8, count * 2)); }

  // The slot holding `key`, or the empty slot where it would go.
  Slot& probe(std::uint64_t hash, std::string_view key) {
    return const_cast<Slot&>(std::as_const(*this).probe(hash, key));
  }
  const Slot& probe(std::uint64_t hash, std::string_view key) const {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      const Slot& slot = slots_[i];
      if (slot.hash == 0 || (slot.hash == hash && slot.key == key)) return slot;
    }
  }

  void rehash(std::size_t capacity) {
    std::vector<Slot> old(capacity);
    old.swap(slots_);
    for (Slot& slot : old)
      if (slot.hash != 0) probe(slot.hash, slot.key) = std::move(slot);
  }

  std::vector<Slot> slots_;
  std::size_t size_ = 0;
};

}  // namespace itaku::policy
