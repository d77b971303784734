// A receipt someone uploads to be checked (itaku receipt verify, POST /api/v1/receipts/verify,
// the public page): any bytes, the payload reader finds itaku's payload or answers Invalid.

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "itaku/core/json_input.hpp"
#include "itaku/documents/receipt.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace itaku;
  auto payload = documents::extract_receipt_payload(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!payload) {
    if (payload.error().kind != ErrorKind::Invalid) std::abort();
    return 0;
  }
  // A payload found is printable ASCII: anything else was made elsewhere (documents/receipt.hpp).
  for (const char c : *payload)
    if (c < 0x20 || c > 0x7E) std::abort();
  (void)parse_json_input(*payload);
  return 0;
}
