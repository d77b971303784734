#pragma once
// The web UI: server-rendered HTML pages, Japanese by default and English on request
// (?lang=en, or the language switch, which sets the itaku_lang cookie). Each capability's
// pages are in their own file (<capability>_pages.hpp); register_pages registers them all,
// and the CSS, JS and icons under /static/. Every page but /login, /receipts/verify and
// /static/ needs a signed-in principal; what it shows follows domain/authorization.hpp, and a
// page the principal may not see is a 404. Routes: docs/UI.md.

#include "itaku/api/context.hpp"
#include "itaku/http/router.hpp"

namespace itaku::web {

void register_pages(http::Router& router, api::AppContext& app);

}  // namespace itaku::web
