#pragma once
// The PostgreSQL backend of the storage interface, on libpq.
//
// Each Database keeps a small pool of connections; a Transaction holds one connection for its
// whole life and gives it back when it ends. Write transactions take a transaction-scoped
// advisory lock at begin, so that writers are serialised exactly as SQLite's BEGIN IMMEDIATE
// serialises them, across threads and across processes. Read transactions run at REPEATABLE
// READ, READ ONLY, with the snapshot taken at begin.

#include <memory>
#include <string>
#include <string_view>

#include "itaku/core/result.hpp"
#include "itaku/storage/database.hpp"

namespace itaku::storage {

// Connects to `url` (libpq's URI syntax: postgres://… or postgresql://…) and checks that the
// server is reachable. Fails with ErrorKind::Unavailable ("storage.unavailable") if it is not,
// and with ErrorKind::Invalid ("storage.invalid_url") if libpq cannot parse the URL.
Result<std::unique_ptr<Database>> open_postgres(std::string_view url);

// `url` without its password: the `:password` part of the user info and any `password` query
// parameter are removed. For messages and logs.
std::string redact_postgres_url(std::string_view url);

}  // namespace itaku::storage
