#pragma once
// The JSON API under /api/v1, plus /healthz and /metrics. Every route checks who may see or
// do what (authorization.hpp); errors are {"error":{"code","message":{"ja","en"},"details"}}.

#include <nlohmann/json.hpp>

#include "itaku/api/context.hpp"
#include "itaku/http/router.hpp"

namespace itaku::api {

void register_api(http::Router& router, AppContext& app);
// The information-asset routes (assets_api.cpp); register_api calls it.
void register_asset_api(http::Router& router, AppContext& app);

// The OpenAPI 3.1 document for the routes registered by register_api.
nlohmann::json openapi_document();

}  // namespace itaku::api
