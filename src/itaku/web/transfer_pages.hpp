#pragma once
// The hand-over pages: GET/POST /contracts/{id}/transfers, POST …/transfers/{transfer}/acknowledge,
// GET …/transfers/{transfer}/receipt.pdf, and the public GET /receipts/verify.

#include "itaku/api/context.hpp"
#include "itaku/http/router.hpp"

namespace itaku::web {

void register_transfer_pages(http::Router& router, api::AppContext& app);

}  // namespace itaku::web
