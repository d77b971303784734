// API bodies and access-event lines: the bounded parser, then the readers that take a parsed
// body apart (a decision request, a roster, an asset class). Whatever the bytes, each answers
// with a value or an Invalid error — never a crash, an exception or another kind of error.

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "itaku/core/json_input.hpp"
#include "itaku/domain/assets.hpp"
#include "itaku/domain/command_types.hpp"
#include "itaku/domain/model.hpp"
#include "itaku/service/service.hpp"

namespace {

template <typename T>
void expect_value_or_invalid(const itaku::Result<T>& result) {
  if (!result && result.error().kind != itaku::ErrorKind::Invalid) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace itaku;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto body = parse_json_input(text);
  expect_value_or_invalid(body);
  if (!body) return 0;
  // What was accepted is within the bounds and reads back as itself.
  if (parse_json_input(body->dump()).value() != *body) std::abort();
  const auto now = from_unix_micros(1'796'000'000'000'000);
  expect_value_or_invalid(service::decision_request_from_json(*body, "nagano-2026-001", now, false));
  expect_value_or_invalid(service::decision_request_from_json(*body, "", now, true));
  expect_value_or_invalid(domain::decode_members<domain::AssetClass>(*body, "asset_class"));
  if (body->is_object() && body->contains("requests") && (*body)["requests"].is_array())
    for (const auto& item : (*body)["requests"])
      expect_value_or_invalid(service::decision_request_from_json(item, "", now, false));
  return 0;
}
