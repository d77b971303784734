#pragma once
// A self-contained export of the ledger that verifies offline, with no database:
//
//   line 1   {"checkpoints":[<signed notes>],"format":"itaku-ledger-bundle/1",
//             "origin":…,"tree_size":N,"verifier_key":…}
//   line 2…  the N entries in order, one per line, exactly as stored (canonical JSON never
//            contains a raw newline).
//
// The format is documented in docs/LEDGER.md.

#include <filesystem>
#include <optional>
#include <string>

#include "itaku/core/result.hpp"
#include "itaku/ledger/verify.hpp"
#include "itaku/storage/database.hpp"

namespace itaku::ledger {

inline constexpr std::string_view kBundleFormat = "itaku-ledger-bundle/1";

// Writes every entry and checkpoint in `database` to `file` (replaced atomically).
Result<std::uint64_t> export_bundle(storage::Database& database, const std::filesystem::path& file,
                                    const Progress& progress);

// Verifies a bundle; with `trusted_key`, the bundle's key must equal it.
Result<VerifyReport> verify_bundle(const std::filesystem::path& file, const std::optional<std::string>& trusted_key,
                                   const Progress& progress);

}  // namespace itaku::ledger
