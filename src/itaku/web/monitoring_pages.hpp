#pragma once
// The decision log, the access log and the monitoring page of a contract:
// GET /contracts/{id}/decisions, /access-events and /monitoring.

#include "itaku/api/context.hpp"
#include "itaku/http/router.hpp"

namespace itaku::web {

void register_monitoring_pages(http::Router& router, api::AppContext& app);

}  // namespace itaku::web
