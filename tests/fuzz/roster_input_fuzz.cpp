// A roster as people send it (API body member "roster", the CLI's file): one reader for both,
// which must answer every input with a roster or an Invalid error naming the member.

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "itaku/core/json_input.hpp"
#include "itaku/core/schema.hpp"
#include "itaku/domain/model.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace itaku;
  auto value = parse_json_input(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!value) return 0;
  const auto& input = value->is_object() && value->contains("roster") ? (*value)["roster"] : *value;
  auto roster = domain::roster_from_input(input);
  if (!roster && roster.error().kind != ErrorKind::Invalid) std::abort();
  // A roster read in is stored as its event form, which reads back to the same roster.
  if (roster) {
    domain::Roster stored;
    if (schema::decode_into(domain::to_json(*roster), stored, "roster") ||
        domain::to_json(stored) != domain::to_json(*roster))
      std::abort();
  }
  return 0;
}
