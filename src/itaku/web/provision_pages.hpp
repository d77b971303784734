#pragma once
// A provision set (特記事項) in full: GET /provisions/{name}/{version}, clause by clause in the
// city's own words with the controls that implement each, its SHA-256, its other versions and
// the contracts the principal may see that are bound to it.

#include "itaku/api/context.hpp"
#include "itaku/http/router.hpp"

namespace itaku::web {

void register_provision_pages(http::Router& router, api::AppContext& app);

}  // namespace itaku::web
