// A city's own provision set, imported as a TOML file (itaku provisions import, POST
// /api/v1/provisions): the parser and the lint answer any text with a set, an Invalid error
// or messages — never a crash or an escaped exception from toml11.

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "itaku/provisions/provision_set.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace itaku;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto set = provisions::parse_provision_set(text, "fuzz.toml");
  if (!set && set.error().kind != ErrorKind::Invalid) std::abort();
  const auto messages = provisions::lint_provision_set(text);
  // A set that parses has been linted clean; one that does not has a message saying why.
  if (!set && messages.empty()) std::abort();
  return 0;
}
