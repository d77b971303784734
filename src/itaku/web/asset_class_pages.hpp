#pragma once
// The asset class pages: GET/POST /contracts/{id}/asset-classes.

#include "itaku/api/context.hpp"
#include "itaku/http/router.hpp"

namespace itaku::web {

void register_asset_class_pages(http::Router& router, api::AppContext& app);

}  // namespace itaku::web
