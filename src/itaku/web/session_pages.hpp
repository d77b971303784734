#pragma once
// Signing in and out: GET/POST /login (password and, when enrolled, a TOTP code) and POST
// /logout.

#include "itaku/api/context.hpp"
#include "itaku/http/router.hpp"

namespace itaku::web {

void register_session_pages(http::Router& router, api::AppContext& app);

}  // namespace itaku::web
