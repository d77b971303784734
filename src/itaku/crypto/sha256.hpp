#pragma once
// SHA-256 through OpenSSL with the algorithm fetched once and a digest context reused per
// thread: OpenSSL 3's one-shot SHA256() re-fetches the algorithm on every call (~3× slower).

#include <array>
#include <cstdint>
#include <initializer_list>

#include "itaku/core/bytes.hpp"

namespace itaku::crypto {

using Hash = std::array<std::uint8_t, 32>;

// SHA-256 of the concatenation of the given parts.
Hash sha256(std::initializer_list<ByteView> parts);
inline Hash sha256(ByteView data) { return sha256({data}); }

}  // namespace itaku::crypto
