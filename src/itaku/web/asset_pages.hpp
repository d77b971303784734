#pragma once
// The web pages for a contract's information assets (長野市 第3, 第8; 木更津市 第3条, 第11条):
// the classes with their action × condition matrix and the city's form to define one, the
// register of assets with each asset's chain of custody, hand-overs (授受) with the
// receiver's acknowledgement and the receipt PDF (受領証), the decision and access logs, the
// monitoring page, and the public page that verifies a receipt PDF in the browser. Who sees
// and does what mirrors the JSON API (api/assets_api.cpp). Routes: docs/UI.md.

#include "itaku/api/context.hpp"
#include "itaku/http/router.hpp"

namespace itaku::web {

void register_asset_pages(http::Router& router, api::AppContext& app);

}  // namespace itaku::web
