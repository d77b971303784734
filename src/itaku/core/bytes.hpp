#pragma once
// Byte buffers and their hex form.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "itaku/core/result.hpp"

namespace itaku {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

inline ByteView as_bytes(std::string_view s) { return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }
inline std::string_view as_chars(ByteView b) { return {reinterpret_cast<const char*>(b.data()), b.size()}; }

std::string to_hex(ByteView bytes);
Result<Bytes> from_hex(std::string_view hex);

}  // namespace itaku
