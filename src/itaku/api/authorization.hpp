#pragma once
// The rules of who may see or do what live in the domain (domain/authorization.hpp), where the
// service enforces them for every command; the API and the pages read through the same
// functions. This header names them for the api namespace and says the log rule to SQL.

#include "itaku/domain/authorization.hpp"
#include "itaku/service/service.hpp"

namespace itaku::api {

using domain::asset_visible;
using domain::contract_access;
using domain::ContractAccess;
using domain::may_act_for_holder;
using domain::may_hand_over_for;
using domain::may_read_entry;
using domain::may_read_event;
using domain::may_read_every_entry;
using domain::may_read_log_row;
using domain::may_read_notification;
using domain::may_read_organisation;
using domain::may_read_person;
using domain::principal_organisation;
using domain::transfer_visible;

// The decision log's and the access log's rule (domain::log_scope) as a query's filter.
inline void scope_log(service::LogFilter& filter, const ContractAccess& access) {
  auto scope = domain::log_scope(access);
  filter.every_party = scope.every_party;
  filter.organisations = std::move(scope.organisations);
}

}  // namespace itaku::api
