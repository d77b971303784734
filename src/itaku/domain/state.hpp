#pragma once
// The current state, derived from events only: apply() is the one place state changes, and
// replaying every event from the ledger in order rebuilds exactly this. Pure: no I/O.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "itaku/core/result.hpp"
#include "itaku/domain/event.hpp"
#include "itaku/domain/model.hpp"
#include "itaku/provisions/provision_set.hpp"

namespace itaku::domain {

struct User {
  std::string login;
  std::string person;
  bool admin = false;     // user.admin_granted: may manage users, tokens and roles
  bool disabled = false;  // user.disabled: can no longer sign in or use tokens
};

// An API token's record (token.created); the secret itself is never in the state or the
// ledger, only its SHA-256 in the api_tokens table.
struct ApiToken {
  std::string id;
  std::string login;
  std::string organisation;
  std::string contract;  // empty: every contract of the organisation
  std::string label;
  std::set<TokenScope> scopes;  // what it may be used for; recorded in token.created
  Timestamp created_at{};
  Timestamp last_used{};  // the latest token.used: its use is recorded at most once a minute in all
  bool revoked = false;
};

// A document handed out as a file (document.issued): what it documents and its bytes' hash.
struct IssuedDocument {
  std::string kind;  // "receipt"
  std::string contract;
  std::uint64_t of = 0;  // the ledger index of the fact it documents
  std::string sha256;
  std::uint64_t size = 0;
  std::string actor;
  Timestamp at{};
  std::uint64_t index = 0;  // of the document.issued entry
};

// Which State object this is: a number no other State of this process has had, given anew to a
// copy and on every assignment. What a reader works out from one State and keeps for later
// (pointers into it: compliance::Memo) is keyed on it and on State::changed_index, so that it is
// never taken for another State's, even one built at the same address.
class StateInstance {
 public:
  StateInstance() : id_(next()) {}
  StateInstance(const StateInstance&) : id_(next()) {}
  StateInstance& operator=(const StateInstance&) {
    id_ = next();
    return *this;
  }
  ~StateInstance() = default;
  std::uint64_t id() const { return id_; }

 private:
  static std::uint64_t next();
  std::uint64_t id_;
};

struct State {
  std::map<std::string, Organisation> organisations;
  std::map<std::string, Person> people;
  std::map<std::string, User> users;
  std::map<std::string, Contract> contracts;
  // name → version → set
  std::map<std::string, std::map<std::string, provisions::ProvisionSet>> provision_sets;
  std::map<std::string, Notification> notifications;
  std::map<std::string, ApiToken> tokens;
  // contract → person → granted city roles (role.granted / role.revoked)
  std::map<std::string, std::map<std::string, std::set<std::string>>> role_grants;
  std::map<std::string, IssuedDocument> documents;  // by sha256
  // (kind, index of the fact) → sha256 of the document issued for it
  std::map<std::pair<std::string, std::uint64_t>, std::string> document_for;
  std::uint64_t next_index = 0;  // ledger index after the last applied event
  // next_index as it was after the last event that changed the state (0 before any): decisions
  // and observed accesses change nothing (they are only counted) and leave it as it is.
  std::uint64_t changed_index = 0;
  StateInstance instance;

  const Organisation* organisation(const std::string& id) const;
  const Person* person(const std::string& id) const;
  const Contract* contract(const std::string& id) const;
  const Contract* contract_by_number(const std::string& number) const;
  const provisions::ProvisionSet* provision_set(const std::string& name, const std::string& version) const;
  // The newest version of a set (versions compare as strings: use sortable versions).
  const provisions::ProvisionSet* latest_provision_set(const std::string& name) const;
  const RosterVersion* latest_roster(const std::string& contract, const std::string& organisation) const;
  const User* user(const std::string& login) const;
  const IssuedDocument* document(const std::string& sha256) const;
  const IssuedDocument* document_of(const std::string& kind, std::uint64_t of) const;

  // The roles `person` holds on `contract`: the city roles granted to them, then those the
  // latest roster version of their own party gives (responsible, information_manager,
  // worker). A person who has left or been transferred holds none (長野市 第5-2: access
  // ends; the departure also ends their assignments). Without `today`, every worker listed
  // on the latest version counts; with it, only one whose period holds that day
  // (from <= today, and until empty or >= today).
  std::vector<std::string> roles_of(const std::string& person, const std::string& contract) const;
  std::vector<std::string> roles_of(const std::string& person, const std::string& contract,
                                    std::optional<std::chrono::year_month_day> today) const;
};

// Applies one event at its ledger index. Fails only on an event this state cannot hold (a
// bug or a foreign ledger), never on a rule: rules were checked when the event was made.
Result<void> apply(State& state, const Event& event, std::uint64_t index);

}  // namespace itaku::domain
