#pragma once
// The bytes of a request's header block, checked before the parser reads them. Beast's parser
// accepts a bare LF as a line end and folded (obsolete) header lines; RFC 9112 lets a server
// refuse both, and a proxy in front of itaku may read them differently than itaku would —
// the root of request smuggling. So they are refused, with NUL, a bare CR and other control
// characters, and the client gets 400 instead of a silently dropped connection.

#include <cstddef>
#include <string_view>

namespace itaku::http {

struct HeaderBlock {
  enum class State { NeedMore, Complete, Malformed };
  State state = State::NeedMore;
  std::size_t end = 0;       // Complete: the length of the block, its final empty line included
  std::string_view problem;  // Malformed: what is wrong, in English, for the error's context
};

// Scans `bytes` (what has arrived of a request so far) for its header block.
HeaderBlock scan_header_block(std::string_view bytes);

// The client address a reverse proxy appended to X-Forwarded-For: the last entry, trimmed.
// The entries before it are what the client sent and prove nothing; "" when the last entry
// is empty or holds anything but the characters of an IPv4 or IPv6 address.
std::string_view forwarded_client(std::string_view header);

}  // namespace itaku::http
