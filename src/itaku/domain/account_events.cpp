#include "itaku/domain/account_events.hpp"

#include "itaku/domain/state.hpp"

namespace itaku::domain {

namespace {

// The user an event names; cannot_apply when the ledger never registered them.
Result<User*> named_user(State& state, const std::string& login, const Event& event) {
  auto it = state.users.find(login);
  if (it == state.users.end()) return cannot_apply(event, "user");
  return &it->second;
}

}  // namespace

void register_account_events(EventTypes& types) {
  types.add<UserRegistered>([](State& state, const UserRegistered& e, const Event&, std::uint64_t) -> Result<void> {
    state.users[e.login] = User{e.login, e.person};
    return ok();
  });
  types.add<UserAdminGranted>(
      [](State& state, const UserAdminGranted& e, const Event& event, std::uint64_t) -> Result<void> {
        TRY(named_user(state, e.login, event))->admin = true;
        return ok();
      });
  types.add<UserDisabled>([](State& state, const UserDisabled& e, const Event& event, std::uint64_t) -> Result<void> {
    TRY(named_user(state, e.login, event))->disabled = true;
    return ok();
  });
  // The secrets themselves live outside the ledger (table credentials); the state keeps only
  // that the user exists.
  const auto credential_changed = [](State& state, const auto& e, const Event& event, std::uint64_t) -> Result<void> {
    TRY(named_user(state, e.login, event));
    return ok();
  };
  types.add<UserPasswordSet>(credential_changed);
  types.add<UserTotpEnabled>(credential_changed);
  types.add<UserTotpDisabled>(credential_changed);
  types.add<RoleGranted>([](State& state, const RoleGranted& e, const Event& event, std::uint64_t) -> Result<void> {
    state.role_grants[event.contract][e.person].insert(e.role);
    return ok();
  });
  types.add<RoleRevoked>([](State& state, const RoleRevoked& e, const Event& event, std::uint64_t) -> Result<void> {
    auto& by_person = state.role_grants[event.contract];
    auto& roles = by_person[e.person];
    roles.erase(e.role);
    if (roles.empty()) by_person.erase(e.person);
    if (by_person.empty()) state.role_grants.erase(event.contract);
    return ok();
  });
  types.add<TokenCreated>([](State& state, const TokenCreated& e, const Event& event, std::uint64_t) -> Result<void> {
    ApiToken t;
    t.id = e.id;
    t.login = e.login;
    t.organisation = e.organisation;
    t.contract = e.contract;
    t.label = e.label;
    // A token recorded before scopes existed has the default ones (what tokens were
    // documented for); a scope this version does not know grants nothing.
    if (e.scopes) {
      for (const auto& name : *e.scopes)
        if (auto scope = token_scope(name)) t.scopes.insert(*scope);
    } else {
      t.scopes = default_token_scopes();
    }
    t.created_at = event.at;
    state.tokens[t.id] = std::move(t);
    return ok();
  });
  types.add<TokenRevoked>([](State& state, const TokenRevoked& e, const Event& event, std::uint64_t) -> Result<void> {
    auto it = state.tokens.find(e.id);
    if (it == state.tokens.end()) return cannot_apply(event, "token");
    it->second.revoked = true;
    return ok();
  });
  // The state keeps when a token was last recorded as used, so that every instance on one
  // database records it at most once a minute in all (decide_account, RecordTokenUse).
  types.add<TokenUsed>([](State& state, const TokenUsed& e, const Event& event, std::uint64_t) -> Result<void> {
    auto it = state.tokens.find(e.id);
    if (it == state.tokens.end()) return cannot_apply(event, "token");
    it->second.last_used = event.at;
    return ok();
  });
  // Recorded for the audit trail (the SQL projection holds them); nothing in the state changes.
  types.add_record_only<SignedIn>();
  types.add_record_only<SignInFailed>();
}

}  // namespace itaku::domain
