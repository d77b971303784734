#pragma once
// The ledger pages: GET /ledger, /ledger/entries?index=, /ledger/entries/{n} and
// /ledger/entries/{n}/proof (docs/LEDGER.md).

#include "itaku/api/context.hpp"
#include "itaku/http/router.hpp"

namespace itaku::web {

void register_ledger_pages(http::Router& router, api::AppContext& app);

}  // namespace itaku::web
