#include "itaku/domain/state.hpp"

#include <atomic>

#include "itaku/domain/event_types.hpp"

namespace itaku::domain {

std::uint64_t StateInstance::next() {
  static std::atomic<std::uint64_t> last{0};
  return ++last;
}

const IssuedDocument* State::document(const std::string& sha256) const {
  auto it = documents.find(sha256);
  return it == documents.end() ? nullptr : &it->second;
}

const IssuedDocument* State::document_of(const std::string& kind, std::uint64_t of) const {
  auto it = document_for.find({kind, of});
  return it == document_for.end() ? nullptr : document(it->second);
}

const Organisation* State::organisation(const std::string& id) const {
  auto it = organisations.find(id);
  return it == organisations.end() ? nullptr : &it->second;
}
const Person* State::person(const std::string& id) const {
  auto it = people.find(id);
  return it == people.end() ? nullptr : &it->second;
}
const Contract* State::contract(const std::string& id) const {
  auto it = contracts.find(id);
  return it == contracts.end() ? nullptr : &it->second;
}
const Contract* State::contract_by_number(const std::string& number) const {
  for (const auto& [id, contract] : contracts)
    if (contract.number == number) return &contract;
  return nullptr;
}
const provisions::ProvisionSet* State::provision_set(const std::string& name, const std::string& version) const {
  auto it = provision_sets.find(name);
  if (it == provision_sets.end()) return nullptr;
  auto v = it->second.find(version);
  return v == it->second.end() ? nullptr : &v->second;
}
const provisions::ProvisionSet* State::latest_provision_set(const std::string& name) const {
  auto it = provision_sets.find(name);
  if (it == provision_sets.end() || it->second.empty()) return nullptr;
  return &it->second.rbegin()->second;
}
const RosterVersion* State::latest_roster(const std::string& contract_id, const std::string& organisation_id) const {
  const auto* c = contract(contract_id);
  if (!c) return nullptr;
  auto it = c->rosters.find(organisation_id);
  if (it == c->rosters.end() || it->second.empty()) return nullptr;
  return &it->second.back();
}

const User* State::user(const std::string& login) const {
  auto it = users.find(login);
  return it == users.end() ? nullptr : &it->second;
}

std::vector<std::string> State::roles_of(const std::string& person_id, const std::string& contract_id) const {
  return roles_of(person_id, contract_id, std::nullopt);
}

std::vector<std::string> State::roles_of(const std::string& person_id, const std::string& contract_id,
                                         std::optional<std::chrono::year_month_day> today) const {
  std::vector<std::string> roles;
  const auto* p = person(person_id);
  const auto* c = contract(contract_id);
  if (!p || !c || !p->active()) return roles;
  if (auto by_contract = role_grants.find(contract_id); by_contract != role_grants.end())
    if (auto granted = by_contract->second.find(person_id); granted != by_contract->second.end())
      roles.insert(roles.end(), granted->second.begin(), granted->second.end());
  const auto* party = c->party(p->organisation);
  if (!party || party->role == PartyRole::City) return roles;
  const auto* latest = latest_roster(contract_id, p->organisation);
  if (!latest) return roles;
  if (latest->roster.responsible == person_id) roles.emplace_back(kRoleResponsible);
  if (latest->roster.information_manager == person_id) roles.emplace_back(kRoleInformationManager);
  const auto day = today ? format_date(*today) : std::string();
  for (const auto& worker : latest->roster.workers) {
    if (worker.person != person_id) continue;
    // Dates are YYYY-MM-DD, so they compare as strings.
    if (today && (worker.from > day || (!worker.until.empty() && worker.until < day))) continue;
    roles.emplace_back(kRoleWorker);
    break;
  }
  return roles;
}

Result<void> apply(State& state, const Event& event, std::uint64_t index) {
  const auto* type = event_types().find(event.type);
  if (!type) return cannot_apply(event, "unknown event type");
  if (type->apply) {
    auto applied = type->apply(state, event, index);
    if (!applied) {
      // A stored event that does not read is one this state cannot hold: say which member.
      if (applied.error().code == "event.malformed") return cannot_apply(event, applied.error().context.at("detail"));
      return applied;
    }
    state.changed_index = index + 1;
  }
  state.next_index = index + 1;
  return ok();
}

}  // namespace itaku::domain
