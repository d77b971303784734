#pragma once
// The pages of devices and media (木更津市 第12条, 第14条), of 返還・廃棄・消去 (長野市 第9,
// 木更津市 第5条) and of closing a contract: GET/POST /contracts/{id}/devices, one device at
// …/devices/{device} with POST …/confirm, …/destroy and …/retire; GET /contracts/{id}/disposal
// with POST …/disposal/instructions, …/disposal/records, …/disposal/created-assets and
// …/disposal/created-assets/{org}/acknowledge; GET /contracts/{id}/closing with POST
// …/closing/start and …/closing/close.

#include <string>
#include <vector>

#include "itaku/api/context.hpp"
#include "itaku/domain/authorization.hpp"
#include "itaku/domain/model.hpp"
#include "itaku/domain/state.hpp"
#include "itaku/http/router.hpp"

namespace itaku::web {

void register_disposal_pages(http::Router& router, api::AppContext& app);

std::string disposal_url(const std::string& contract);

// The city's instructions on `contract` that wait on a party whose roster the principal keeps
// (`access.writable_parties`): those they may read (may_read_instruction) that name an asset the
// party holds and has not settled, the soonest due first. The dashboard lists them.
std::vector<const domain::DisposalInstruction*> instructions_due(const domain::State& state,
                                                                 const domain::Contract& contract,
                                                                 const domain::ContractAccess& access);

}  // namespace itaku::web
