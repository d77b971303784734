#pragma once
// Who is making a request, as established by a session cookie or an API token.

#include <set>
#include <string>

#include "itaku/domain/model.hpp"

namespace itaku::auth {

enum class PrincipalKind { Session, Token };

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
  std::set<domain::TokenScope> token_scopes;
};

}  // namespace itaku::auth
