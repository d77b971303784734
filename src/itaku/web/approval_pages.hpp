#pragma once
// The pages of the city's written approvals (承認; 長野市 第5〜第7, 木更津市 第3条, 第12条): a
// contract's requests (GET /contracts/{id}/approvals), the request form of each type
// (…/approvals/new?type=take_out, POST …/approvals), and one request with what became of it
// and the forms to decide, withdraw or revoke it (…/approvals/{approval}, POST …/decision,
// …/withdrawal, …/revocation).

#include "itaku/api/context.hpp"
#include "itaku/http/router.hpp"

namespace itaku::web {

void register_approval_pages(http::Router& router, api::AppContext& app);

}  // namespace itaku::web
