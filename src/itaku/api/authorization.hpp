#pragma once
// Who may see or do what, per contract. One set of rules for the JSON API and the web pages:
// - an administrator may do everything;
// - the city (甲): people with a city role on the contract (city_officer, city_approver:
//   read everything and act for the city; city_auditor: read everything, never write);
// - a contractor (乙) or subcontractor (丙): people on their party's current roster
//   (responsible person, information manager, worker) and the party's API tokens (with the
//   `read` scope, docs/AUTH.md; a city organisation's token sees nothing) see the
//   contract, their own party and the subcontractors below it (the engaging party stays
//   answerable for them, 長野市 第11 / 木更津市 第10条2); the responsible person and the
//   information manager keep their party's roster;
// - anyone else does not see the contract at all (404, not 403: its existence is not
//   revealed). A contractor never sees another contractor's data. Pure.

#include <set>
#include <string>
#include <string_view>

#include "itaku/auth/principal.hpp"
#include "itaku/domain/event.hpp"
#include "itaku/domain/state.hpp"
#include "itaku/service/service.hpp"

namespace itaku::api {

struct ContractAccess {
  bool visible = false;
  bool city = false;                       // reads as the city does
  bool city_writer = false;                // acts for the city (acknowledge, activate, close)
  std::set<std::string> readable_parties;  // organisations whose party data may be read
  std::set<std::string> writable_parties;  // rosters this principal may submit
};

ContractAccess contract_access(const domain::State& state, const auth::Principal& principal,
                               const domain::Contract& contract);

// The organisation a principal acts for: the person's, or the token's.
std::string principal_organisation(const domain::State& state, const auth::Principal& principal);

// People whose records the principal may read: a person's own organisation's, those of
// readable parties of a visible contract, and the city's staff on a visible contract. (A token
// reads only through its contracts.)
bool may_read_person(const domain::State& state, const auth::Principal& principal, const domain::Person& person);

// Organisations the principal may read: an administrator all; a person their own; anyone
// the parties of contracts they may see (a visible contract names its parties; their data stays
// behind the other rules).
bool may_read_organisation(const domain::State& state, const auth::Principal& principal,
                           const std::string& organisation);

// A notification is read by administrators and by the readers of its contract in the
// organisation it is addressed to.
bool may_read_notification(const domain::State& state, const auth::Principal& principal,
                           const domain::Notification& notification);

// The decision log and the access log of a contract: the city reads every row; a party the
// rows about people of its readable parties. `scope_log` says it to SQL (so pages stay
// full), `may_read_log_row` of one row; both are this one rule.
void scope_log(service::LogFilter& filter, const ContractAccess& access);
bool may_read_log_row(const domain::State& state, const ContractAccess& access, const std::string& person);

// Information assets (docs/API.md). A hand-over is visible to the city and to the parties on
// either side of it; an asset to the city, to the party holding it and to the parties it was
// handed to or from.
bool transfer_visible(const ContractAccess& access, const domain::Transfer& transfer);
bool asset_visible(const domain::State& state, const domain::Contract& contract, const ContractAccess& access,
                   const domain::Asset& asset);
// Acting for the holder of assets (registering what they hold, handing over for them): the
// city's officers for the city's people, a party's responsible person or information manager
// for their party's people.
bool may_act_for_holder(const domain::State& state, const domain::Contract& contract, const ContractAccess& access,
                        const std::string& person);
// Handing over from `from`: that person themself, an administrator, or one who may act for them.
bool may_hand_over_for(const domain::State& state, const domain::Contract& contract, const ContractAccess& access,
                       const auth::Principal& principal, const std::string& from);

// Whether the principal may read the content of a ledger entry (its stored bytes): exactly
// when they may read the object the entry records, by that object's own rule above — a
// roster version by the roster's, an asset by asset_visible, a decision by the decision
// log's, a person by may_read_person, and so on (docs/LEDGER.md lists them). Sign-ins,
// users' credentials and API tokens are the administrator's alone; an event type not known
// here, or an entry that does not parse, is shown to nobody. Anyone may still check that the
// entry's leaf hash is in the ledger.
bool may_read_entry(const domain::State& state, const auth::Principal& principal, std::string_view entry);
bool may_read_event(const domain::State& state, const auth::Principal& principal, const domain::Event& event);

}  // namespace itaku::api
