#pragma once
// document.issued: a printed document (a receipt; later certificates and reports) was handed
// out as a file. The SHA-256 of its exact bytes binds that file to the fact it documents.

#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>

#include "itaku/core/schema.hpp"
#include "itaku/domain/event_types.hpp"

namespace itaku::domain {

struct DocumentIssued {
  static constexpr std::string_view kType = "document.issued";
  std::string kind;      // "receipt"
  std::uint64_t of = 0;  // the ledger index of the fact it documents
  std::string sha256;    // 64 lowercase hexadecimal digits
  std::uint64_t size = 0;
  static constexpr auto members() {
    using T = DocumentIssued;
    return std::tuple{schema::member("kind", &T::kind), schema::member("of", &T::of),
                      schema::member("sha256", &T::sha256), schema::member("size", &T::size)};
  }
};

void register_document_events(EventTypes& types);

}  // namespace itaku::domain
