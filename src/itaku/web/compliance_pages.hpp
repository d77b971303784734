#pragma once
// The 遵守状況 tab of a contract: GET /contracts/{id}/compliance[?at=YYYY-MM-DD], each clause of
// the contract's own provision set in the city's words with its status, the controls under it,
// each party's finding with its due date or since when, the sentence it rests on and the
// ledger entries behind it (docs/COMPLIANCE.md). What the principal may read is
// Service::compliance's (domain::compliance_scope).

#include "itaku/api/context.hpp"
#include "itaku/http/router.hpp"

namespace itaku::web {

void register_compliance_pages(http::Router& router, api::AppContext& app);

}  // namespace itaku::web
