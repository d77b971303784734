#pragma once
// The web UI: server-rendered HTML pages, Japanese by default and English on request
// (?lang=en, or the language switch, which sets the itaku_lang cookie). Sign-in, the
// dashboard, contracts with their parties and rosters, the city's acknowledgement of roster
// versions, roster diffs, the roster edit form, organisations and people, and the ledger with
// inclusion proofs; plus the CSS, JS and icons under /static/. Every page but /login and
// /static/ needs a signed-in principal; what it shows follows api/authorization.hpp, and a
// page the principal may not see is a 404. Routes: docs/UI.md.

#include "itaku/api/context.hpp"
#include "itaku/http/router.hpp"

namespace itaku::web {

void register_pages(http::Router& router, api::AppContext& app);

}  // namespace itaku::web
