#pragma once
// Standard base64 (RFC 4648 §4, with padding), as used by signed notes and checkpoints.

#include <string>
#include <string_view>

#include "itaku/core/bytes.hpp"
#include "itaku/core/result.hpp"

namespace itaku::crypto {

std::string base64_encode(ByteView data);
// Strict: rejects whitespace, missing padding and non-canonical trailing bits.
Result<Bytes> base64_decode(std::string_view text);

}  // namespace itaku::crypto
