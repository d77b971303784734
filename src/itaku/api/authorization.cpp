#include "itaku/api/authorization.hpp"

#include <algorithm>

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

bool may_read_person(const domain::State& state, const auth::Principal& principal, const domain::Person& person) {
  if (principal.admin) return true;
  if (principal_organisation(state, principal) == person.organisation) return true;
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
  if (principal.admin || principal.person == from) return true;
  return may_act_for_holder(state, contract, access, from);
}

}  // namespace itaku::api
