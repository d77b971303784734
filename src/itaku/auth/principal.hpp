#pragma once
// Who is making a request, as established by a session cookie or an API token.

#include <string>

namespace itaku::auth {

enum class PrincipalKind { Session, Token };

struct Principal {
  PrincipalKind kind = PrincipalKind::Session;
  std::string login;
  std::string person;  // the person the user is; roles come from the person
  bool admin = false;
  // Session: the CSRF token every state-changing form and API call must echo.
  std::string csrf_token;
  std::string session_id;  // an id, never the secret cookie value
  // Token: the token's id and the scope it was issued for.
  std::string token_id;
  std::string token_organisation;
  std::string token_contract;  // empty: every contract of the organisation
};

}  // namespace itaku::auth
