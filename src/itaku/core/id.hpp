#pragma once
// Typed identifiers: an OrganisationId cannot be passed where a PersonId is expected.

#include <compare>
#include <cstdint>
#include <functional>
#include <string>

namespace itaku {

template <typename Tag, typename Rep = std::int64_t>
class Id {
 public:
  using Representation = Rep;
  Id() = default;
  explicit Id(Rep value) : value_(std::move(value)) {}
  const Rep& value() const { return value_; }
  auto operator<=>(const Id&) const = default;

 private:
  Rep value_{};
};

// The position of an entry in the ledger, from 0.
using LedgerIndex = Id<struct LedgerIndexTag, std::uint64_t>;

}  // namespace itaku

template <typename Tag, typename Rep>
struct std::hash<itaku::Id<Tag, Rep>> {
  std::size_t operator()(const itaku::Id<Tag, Rep>& id) const noexcept { return std::hash<Rep>{}(id.value()); }
};
