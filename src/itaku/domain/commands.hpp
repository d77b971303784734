#pragma once
// Commands: what a user asks for. decide() checks a command against the current state and
// either refuses it with a clear error (nothing changes) or returns the events that record
// it. Pure: no I/O; `now` is passed in.

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "itaku/core/result.hpp"
#include "itaku/domain/event.hpp"
#include "itaku/domain/model.hpp"
#include "itaku/domain/state.hpp"

namespace itaku::domain {

struct RegisterOrganisation {
  std::string id, kind, name, name_en;
};
struct RegisterPerson {
  std::string id, organisation, name, title, email;
};
// 転勤・退職: ends the person's assignments from `effective` (YYYY-MM-DD, or a UTC time) and
// submits a new roster version for each contract they were on; the person stays.
struct RecordDeparture {
  std::string person, reason, effective;
};
struct RegisterUser {
  std::string login, person;
};
struct ImportProvisions {
  std::string source;  // TOML text
};
struct CreateContract {
  std::string id, number, title, department, city, contractor, period_from, period_until, work_description;
  std::string provisions_name;
  std::string provisions_version;  // empty: the newest imported version
};
struct AddSubcontractor {
  std::string contract, organisation, parent;
};
struct ChangeContractState {
  std::string contract;
  ContractState target = ContractState::Active;
};
struct SubmitRoster {
  std::string contract, organisation;
  Roster roster;
  std::string note;
};
struct AcknowledgeRoster {
  std::string contract, organisation;
  int version = 0;
  std::string by;  // a person of the contract's city
};

using Command = std::variant<RegisterOrganisation, RegisterPerson, RecordDeparture, RegisterUser, ImportProvisions,
                             CreateContract, AddSubcontractor, ChangeContractState, SubmitRoster, AcknowledgeRoster>;

Result<std::vector<Event>> decide(const State& state, const Command& command, const Actor& actor, Timestamp now);

// Identifiers chosen by users: 1–64 of [a-z0-9._-], starting with a letter or digit.
bool valid_id(std::string_view id);

}  // namespace itaku::domain
