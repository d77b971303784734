#pragma once
// The current state, derived from events only: apply() is the one place state changes, and
// replaying every event from the ledger in order rebuilds exactly this. Pure: no I/O.

#include <cstdint>
#include <map>
#include <string>

#include "itaku/core/result.hpp"
#include "itaku/domain/event.hpp"
#include "itaku/domain/model.hpp"
#include "itaku/provisions/provision_set.hpp"

namespace itaku::domain {

struct User {
  std::string login;
  std::string person;
};

struct State {
  std::map<std::string, Organisation> organisations;
  std::map<std::string, Person> people;
  std::map<std::string, User> users;
  std::map<std::string, Contract> contracts;
  // name → version → set
  std::map<std::string, std::map<std::string, provisions::ProvisionSet>> provision_sets;
  std::map<std::string, Notification> notifications;
  std::uint64_t next_index = 0;  // ledger index after the last applied event

  const Organisation* organisation(const std::string& id) const;
  const Person* person(const std::string& id) const;
  const Contract* contract(const std::string& id) const;
  const Contract* contract_by_number(const std::string& number) const;
  const provisions::ProvisionSet* provision_set(const std::string& name, const std::string& version) const;
  // The newest version of a set (versions compare as strings: use sortable versions).
  const provisions::ProvisionSet* latest_provision_set(const std::string& name) const;
  const RosterVersion* latest_roster(const std::string& contract, const std::string& organisation) const;
};

// Applies one event at its ledger index. Fails only on an event this state cannot hold (a
// bug or a foreign ledger), never on a rule: rules were checked when the event was made.
Result<void> apply(State& state, const Event& event, std::uint64_t index);

}  // namespace itaku::domain
