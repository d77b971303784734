#pragma once
// The ID badge pages (木更津市 第11条(1)): GET/POST /contracts/{id}/badges, and POST
// …/badges/{number}/return and …/lost.

#include <string>

#include "itaku/api/context.hpp"
#include "itaku/domain/model.hpp"
#include "itaku/http/router.hpp"

namespace itaku::web {

void register_badge_pages(http::Router& router, api::AppContext& app);

// The catalog key of a badge's state as people see it: issued, returned, lost, or due back
// (its holder left while it was out).
std::string badge_status_key(const domain::Badge& badge);

}  // namespace itaku::web
