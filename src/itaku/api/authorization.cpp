#include "itaku/api/authorization.hpp"

#include <algorithm>
#include <initializer_list>

#include <nlohmann/json.hpp>

namespace itaku::api {

namespace {

bool is_city_role(const std::string& role) {
  return role == "city_officer" || role == "city_approver" || role == "city_auditor";
}

// The party and every subcontractor engaged below it, to any depth.
std::set<std::string> party_and_descendants(const domain::Contract& contract, const std::string& organisation) {
  std::set<std::string> out{organisation};
  bool grew = true;
  while (grew) {
    grew = false;
    for (const auto& party : contract.parties)
      if (party.role == domain::PartyRole::Subcontractor && out.contains(party.parent) &&
          out.insert(party.organisation).second)
        grew = true;
  }
  return out;
}

}  // namespace

std::string principal_organisation(const domain::State& state, const auth::Principal& principal) {
  if (principal.kind == auth::PrincipalKind::Token) return principal.token_organisation;
  const auto* person = state.person(principal.person);
  return person ? person->organisation : std::string();
}

ContractAccess contract_access(const domain::State& state, const auth::Principal& principal,
                               const domain::Contract& contract) {
  ContractAccess access;
  if (principal.admin) {
    access.visible = access.city = access.city_writer = true;
    for (const auto& party : contract.parties) {
      access.readable_parties.insert(party.organisation);
      if (party.role != domain::PartyRole::City) access.writable_parties.insert(party.organisation);
    }
    return access;
  }
  const auto organisation = principal_organisation(state, principal);
  const auto* party = contract.party(organisation);
  if (!party) return access;

  if (principal.kind == auth::PrincipalKind::Token) {
    if (!principal.token_contract.empty() && principal.token_contract != contract.id) return access;
    if (party->role == domain::PartyRole::City) return access;  // machine clients act for contractors
    access.visible = true;
    access.readable_parties = party_and_descendants(contract, organisation);
    return access;
  }

  const auto* person = state.person(principal.person);
  if (!person || !person->active()) return access;
  const auto roles = state.roles_of(principal.person, contract.id);
  if (party->role == domain::PartyRole::City) {
    const bool any_city_role = std::any_of(roles.begin(), roles.end(), is_city_role);
    if (!any_city_role) return access;
    access.visible = access.city = true;
    access.city_writer = std::any_of(roles.begin(), roles.end(),
                                     [](const std::string& r) { return r == "city_officer" || r == "city_approver"; });
    for (const auto& p : contract.parties) access.readable_parties.insert(p.organisation);
    return access;
  }
  if (roles.empty()) return access;
  access.visible = true;
  access.readable_parties = party_and_descendants(contract, organisation);
  if (std::find(roles.begin(), roles.end(), "responsible") != roles.end() ||
      std::find(roles.begin(), roles.end(), "information_manager") != roles.end())
    access.writable_parties.insert(organisation);
  return access;
}

namespace {
// A person reads their own organisation's records. A token reads only through the contracts
// it may see: that of a city organisation, which sees no contract, sees no one (docs/AUTH.md).
bool reads_own_organisation(const domain::State& state, const auth::Principal& principal,
                            const std::string& organisation) {
  return principal.kind == auth::PrincipalKind::Session && principal_organisation(state, principal) == organisation;
}
}  // namespace

bool may_read_person(const domain::State& state, const auth::Principal& principal, const domain::Person& person) {
  if (principal.admin || reads_own_organisation(state, principal, person.organisation)) return true;
  for (const auto& [id, contract] : state.contracts) {
    const auto access = contract_access(state, principal, contract);
    if (!access.visible) continue;
    if (access.readable_parties.contains(person.organisation)) return true;
    // The city's staff are every party's counterparts on the contract (長野市 第12: contacts
    // are exchanged), so they are visible to all its parties.
    if (contract.city() && contract.city()->organisation == person.organisation) return true;
  }
  return false;
}

bool may_read_organisation(const domain::State& state, const auth::Principal& principal,
                           const std::string& organisation) {
  if (principal.admin || reads_own_organisation(state, principal, organisation)) return true;
  for (const auto& [id, contract] : state.contracts)
    if (contract.party(organisation) && contract_access(state, principal, contract).visible) return true;
  return false;
}

bool may_read_notification(const domain::State& state, const auth::Principal& principal,
                           const domain::Notification& notification) {
  if (principal.admin) return true;
  if (notification.recipient != principal_organisation(state, principal)) return false;
  const auto* contract = state.contract(notification.contract);
  return contract != nullptr && contract_access(state, principal, *contract).visible;
}

void scope_log(service::LogFilter& filter, const ContractAccess& access) {
  filter.every_party = access.city;
  filter.organisations.assign(access.readable_parties.begin(), access.readable_parties.end());
}

bool may_read_log_row(const domain::State& state, const ContractAccess& access, const std::string& person) {
  if (access.city) return true;
  // A row about someone unknown belongs to no party: only the city reads it (as in SQL,
  // where it matches no organisation).
  const auto* p = state.person(person);
  return p != nullptr && access.readable_parties.contains(p->organisation);
}

namespace {
std::string organisation_of(const domain::State& state, const std::string& person) {
  const auto* p = state.person(person);
  return p ? p->organisation : std::string();
}
}  // namespace

bool transfer_visible(const ContractAccess& access, const domain::Transfer& t) {
  return access.city || access.readable_parties.contains(t.from_organisation) ||
         access.readable_parties.contains(t.to_organisation);
}

bool asset_visible(const domain::State& state, const domain::Contract& contract, const ContractAccess& access,
                   const domain::Asset& a) {
  if (access.city || access.readable_parties.contains(organisation_of(state, a.custodian))) return true;
  for (const auto& [id, t] : contract.transfers)
    if (transfer_visible(access, t) && std::find(t.assets.begin(), t.assets.end(), a.id) != t.assets.end()) return true;
  return false;
}

bool may_act_for_holder(const domain::State& state, const domain::Contract& contract, const ContractAccess& access,
                        const std::string& person) {
  const auto organisation = organisation_of(state, person);
  if (organisation.empty()) return false;
  const bool city_side = contract.city() && contract.city()->organisation == organisation;
  return city_side ? access.city_writer : access.writable_parties.contains(organisation);
}

bool may_hand_over_for(const domain::State& state, const domain::Contract& contract, const ContractAccess& access,
                       const auth::Principal& principal, const std::string& from) {
  if (principal.admin || (!principal.person.empty() && principal.person == from)) return true;
  return may_act_for_holder(state, contract, access, from);
}

namespace {

// A string member of an event's data, or "" (entries come from this ledger, but a shape this
// code does not expect must hide the entry, not throw).
std::string text(const nlohmann::json& data, const char* key) {
  const auto it = data.find(key);
  return it != data.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool is_one_of(const std::string& type, std::initializer_list<std::string_view> types) {
  return std::find(types.begin(), types.end(), type) != types.end();
}

}  // namespace

bool may_read_event(const domain::State& state, const auth::Principal& principal, const domain::Event& event) {
  // Administrators read everything, including sign-ins, users' credentials and API tokens
  // (auth.*, user.*, token.*), which nobody else reads: no rule below admits them.
  if (principal.admin) return true;
  const auto& type = event.type;
  const auto& data = event.data;

  // Records about no contract, each read as its object's own route reads it.
  if (type == "organisation.registered") return may_read_organisation(state, principal, text(data, "id"));
  if (type == "person.registered" || type == "person.departed") {
    const auto* person = state.person(text(data, "id"));
    return person != nullptr && may_read_person(state, principal, *person);
  }
  // Provision sets are public texts, read by every signed-in caller (GET /api/v1/provisions).
  if (type == "provisions.imported") return true;
  if (type == "notification.created") {
    const auto it = state.notifications.find(text(data, "id"));
    return it != state.notifications.end() && may_read_notification(state, principal, it->second);
  }

  // Records about one contract: nothing of a contract the principal may not see.
  const auto* contract = state.contract(event.contract);
  if (contract == nullptr) return false;
  const auto access = contract_access(state, principal, *contract);
  if (!access.visible) return false;
  // The contract itself and its asset classes: every reader of the contract.
  if (is_one_of(type, {"contract.created", "contract.subcontractor_added", "contract.activated",
                       "contract.closing_started", "contract.closed", "asset_class.defined"}))
    return true;
  // A party's roster: readers of that party (its own people, those above it, the city).
  if (type == "roster.version_submitted" || type == "roster.acknowledged")
    return access.readable_parties.contains(text(data, "organisation"));
  if (type == "asset.registered") {
    const auto it = contract->assets.find(text(data, "id"));
    return it != contract->assets.end() && asset_visible(state, *contract, access, it->second);
  }
  if (type == "custody.transferred" || type == "custody.acknowledged" || type == "receipt.issued") {
    const auto it = contract->transfers.find(text(data, type == "custody.transferred" ? "id" : "transfer"));
    return it != contract->transfers.end() && transfer_visible(access, it->second);
  }
  if (type == "decision.recorded" || type == "access.recorded")
    return may_read_log_row(state, access, text(data, "person"));
  // Who acts for the city on a contract is the city's business, and the grantee's own.
  if (type == "role.granted" || type == "role.revoked")
    return access.city || (!principal.person.empty() && text(data, "person") == principal.person);
  return false;  // a type this rule does not know is shown to nobody
}

bool may_read_entry(const domain::State& state, const auth::Principal& principal, std::string_view entry) {
  nlohmann::json value;
  try {
    value = nlohmann::json::parse(entry);
  } catch (const nlohmann::json::exception&) {
    return false;
  }
  if (!value.is_object() || !value.contains("event") || !value["event"].is_object()) return false;
  const auto& event = value["event"];
  // The genesis entry names the ledger's origin and verifier key, which every signed-in
  // caller reads on the ledger page and in GET /api/v1/ledger/checkpoint.
  if (event.contains("type") && event["type"] == "ledger.initialised" && !event.contains("data")) return true;
  const auto parsed = domain::event_from_json(event);
  return parsed.ok() && may_read_event(state, principal, *parsed);
}

}  // namespace itaku::api
