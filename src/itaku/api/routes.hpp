#pragma once
// The routes of each capability, registered by register_api (api.cpp). Internal to the api
// module: one file per capability (<capability>_api.cpp), each a few lines per route written
// with the adapters of handlers.hpp.

#include <nlohmann/json.hpp>

#include "itaku/api/context.hpp"
#include "itaku/api/handlers.hpp"
#include "itaku/http/router.hpp"

namespace itaku::api {

// The names every route file speaks in.
namespace routes {
using namespace handlers;
using domain::State;
using http::Request;
using http::Response;
using nlohmann::json;
}  // namespace routes

void register_session_api(http::Router& router, AppContext& app);       // session_api.cpp
void register_people_api(http::Router& router, AppContext& app);        // people_api.cpp
void register_contract_api(http::Router& router, AppContext& app);      // contracts_api.cpp
void register_roster_api(http::Router& router, AppContext& app);        // rosters_api.cpp
void register_notification_api(http::Router& router, AppContext& app);  // notifications_api.cpp
void register_provision_api(http::Router& router, AppContext& app);     // provisions_api.cpp
void register_ledger_api(http::Router& router, AppContext& app);        // ledger_api.cpp
void register_asset_api(http::Router& router, AppContext& app);         // assets_api.cpp
void register_decision_api(http::Router& router, AppContext& app);      // decisions_api.cpp
void register_approval_api(http::Router& router, AppContext& app);      // approvals_api.cpp (長野市 第5〜第7)
void register_badge_api(http::Router& router, AppContext& app);         // badges_api.cpp (木更津市 第11条(1))
void register_training_api(http::Router& router, AppContext& app);      // training_api.cpp (長野市 第4, 第10)
void register_compliance_api(http::Router& router, AppContext& app);    // compliance_api.cpp (docs/COMPLIANCE.md)
// disposal_api.cpp: devices and media, return, disposal and erasure (長野市 第9; 木更津市 第5条, 第12条, 第14条)
void register_disposal_api(http::Router& router, AppContext& app);

}  // namespace itaku::api
