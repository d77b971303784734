#pragma once
// The dashboard (the contracts the principal may see, and for the city the roster versions
// waiting for its acknowledgement) and a contract's page: its parties as a tree, each readable
// party's roster with its versions, and the links to its other pages.

#include "itaku/api/context.hpp"
#include "itaku/http/router.hpp"

namespace itaku::web {

void register_contract_pages(http::Router& router, api::AppContext& app);

}  // namespace itaku::web
