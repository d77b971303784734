#include "itaku/http/framing.hpp"

namespace itaku::http {

HeaderBlock scan_header_block(std::string_view bytes) {
  using State = HeaderBlock::State;
  const auto malformed = [](std::string_view problem) { return HeaderBlock{State::Malformed, 0, problem}; };
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c == '\n') {
      if (i == 0 || bytes[i - 1] != '\r') return malformed("a line ends with LF without CR");
      // "\r\n\r\n": the empty line that ends the block.
      if (i >= 3 && bytes[i - 2] == '\n') return HeaderBlock{State::Complete, i + 1, {}};
      if (i + 1 < bytes.size() && (bytes[i + 1] == ' ' || bytes[i + 1] == '\t'))
        return malformed("a header line is folded onto the next line");
    } else if (c == '\r') {
      if (i + 1 < bytes.size() && bytes[i + 1] != '\n') return malformed("a CR is not followed by LF");
    } else if ((c < 0x20 && c != '\t') || c == 0x7F) {
      return malformed("the header holds a control character");
    }
  }
  return HeaderBlock{State::NeedMore, 0, {}};
}

std::string_view forwarded_client(std::string_view header) {
  const auto comma = header.rfind(',');
  auto last = comma == std::string_view::npos ? header : header.substr(comma + 1);
  while (!last.empty() && (last.front() == ' ' || last.front() == '\t')) last.remove_prefix(1);
  while (!last.empty() && (last.back() == ' ' || last.back() == '\t')) last.remove_suffix(1);
  if (last.empty() || last.size() > 45) return {};
  for (const char c : last) {
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!hex && c != '.' && c != ':') return {};
  }
  return last;
}

}  // namespace itaku::http
