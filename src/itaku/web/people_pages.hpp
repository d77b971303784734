#pragma once
// The organisations and people pages: GET /organisations, /people (?org= filters by
// organisation) and /people/{id}.

#include "itaku/api/context.hpp"
#include "itaku/http/router.hpp"

namespace itaku::web {

void register_people_pages(http::Router& router, api::AppContext& app);

}  // namespace itaku::web
