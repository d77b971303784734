#pragma once
// The instance's checkpoint signing key: `<data_dir>/keys/ledger.key`, mode 0600, holding
// the signed-note private key string. It is created once by `itaku init` and never logged.

#include <filesystem>
#include <string>

#include "itaku/core/result.hpp"
#include "itaku/tlog/note.hpp"

namespace itaku::ledger {

std::filesystem::path signing_key_path(const std::filesystem::path& data_dir);

// Creates a new key named `origin`; refuses to replace an existing key file.
Result<tlog::NoteSigner> create_signing_key(const std::filesystem::path& data_dir, const std::string& origin);

// Loads the key; refuses a file that others can read.
Result<tlog::NoteSigner> load_signing_key(const std::filesystem::path& data_dir);

}  // namespace itaku::ledger
