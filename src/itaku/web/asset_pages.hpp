#pragma once
// The register of a contract's information assets and one asset's page:
// GET/POST /contracts/{id}/assets and GET /contracts/{id}/assets/{asset}.

#include "itaku/api/context.hpp"
#include "itaku/http/router.hpp"

namespace itaku::web {

void register_asset_pages(http::Router& router, api::AppContext& app);

}  // namespace itaku::web
