#pragma once
// ZIP archives in memory (libzip), for what itaku hands out as one file of many: the auditor's
// evidence package. Reading is for files someone else may have made, so it is bounded while
// it reads — number of members, each member's size and the total, names — and a member whose
// bytes do not match its recorded size or checksum is refused rather than half read.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "itaku/core/clock.hpp"
#include "itaku/core/result.hpp"

namespace itaku::documents {

struct ArchiveMember {
  std::string name;  // a relative path with '/' separators, e.g. "documents/receipt-41.pdf"
  std::string bytes;
};

// A ZIP of `members` in order (deflated, names flagged UTF-8, every member dated `at` so that
// the same members make the same bytes). archive.name_invalid for a name that is empty,
// absolute, has "." or ".." parts or a backslash, or appears twice.
Result<std::string> write_zip(const std::vector<ArchiveMember>& members, Timestamp at);

struct ArchiveLimits {
  std::size_t max_members = 10'000;
  std::size_t max_member_bytes = std::size_t{1} << 30;
  std::size_t max_total_bytes = std::size_t{2} << 30;
};

// The members of a ZIP, in the archive's order. Errors (ErrorKind::Invalid): archive.not_zip,
// archive.too_many_members, archive.member_too_large, archive.too_large, archive.name_invalid,
// archive.member_corrupt.
Result<std::vector<ArchiveMember>> read_zip(std::string_view zip, const ArchiveLimits& limits = {});

}  // namespace itaku::documents
