#pragma once
// Who is making a request: a signed-in person (a session cookie), an API token, or the system
// itself — the service's own records and an operator at the machine (the command line). Every
// command is executed as a principal, and Service::execute asks domain/authorization.hpp
// whether it may (docs/AUTH.md).

#include <set>
#include <string>

#include "itaku/domain/event.hpp"
#include "itaku/domain/model.hpp"

namespace itaku::domain {

enum class PrincipalKind { Session, Token, System };

struct Principal {
  PrincipalKind kind = PrincipalKind::Session;
  std::string login;  // the user signed in, or the user a token was issued to
  // The person acting, whose roles count: the signed-in user's person. Empty for a token,
  // which never acts as a person (docs/AUTH.md): what it may do comes from its scopes.
  std::string person;
  bool admin = false;
  // Session: the CSRF token every state-changing form and API call must echo.
  std::string csrf_token;
  std::string session_id;  // an id, never the secret cookie value
  // Token: the token's id and the scope it was issued for.
  std::string token_id;
  std::string token_organisation;
  std::string token_contract;  // empty: every contract of the organisation
  std::set<TokenScope> token_scopes;
  // System: whom the ledger names as the actor ("system", "cli:root", or the person the
  // command line acts for with --as).
  std::string system_actor;
  std::string system_via;  // Actor::via: the operating-system user behind --as

  // The actor the ledger records for what this principal does.
  Actor actor() const {
    if (kind == PrincipalKind::Token) return Actor::token(token_id);
    if (kind == PrincipalKind::System) return Actor{system_actor, system_via};
    return Actor::person(person);
  }

  // The system, or an operator at the machine recorded as `actor`: it may do everything (the
  // rules of who may do what are for people and tokens that reach itaku over the network).
  static Principal system(Actor actor = Actor::system()) {
    Principal p;
    p.kind = PrincipalKind::System;
    p.admin = true;
    p.system_actor = std::move(actor.id);
    p.system_via = std::move(actor.via);
    return p;
  }
};

}  // namespace itaku::domain
