#pragma once
// The ID badge pages (木更津市 第11条(1)): GET/POST /contracts/{id}/badges, and POST
// …/badges/{number}/return and …/lost.

#include "itaku/api/context.hpp"
#include "itaku/http/router.hpp"

namespace itaku::web {

void register_badge_pages(http::Router& router, api::AppContext& app);

}  // namespace itaku::web
