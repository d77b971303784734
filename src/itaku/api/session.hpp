#pragma once
// Establishing who makes a request, for the JSON API and the web pages alike: the session
// cookie (browsers) or an `Authorization: Bearer itk_…` token (machine clients), and the CSRF
// check every state-changing request made with a session must pass.

#include <optional>
#include <string>

#include "itaku/api/context.hpp"
#include "itaku/auth/principal.hpp"
#include "itaku/http/message.hpp"

namespace itaku::api {

inline constexpr const char* kSessionCookie = "itaku_session";
inline constexpr const char* kCsrfHeader = "x-csrf-token";  // or the form field csrf_token

// The principal, or nullopt when the request carries no credentials. A cookie or token that
// is present but invalid is an error (auth.session_invalid / auth.token_invalid).
Result<std::optional<auth::Principal>> authenticate(AppContext& app, const http::Request& request);

// For callers that must not wait for the ledger: the principal of the request's API token,
// or nullopt when the request has to go through authenticate() (no token, a malformed or
// invalid one, or a token use due to be recorded).
std::optional<auth::Principal> token_principal_without_waiting(AppContext& app, const http::Request& request);
// As authenticate(), but a request without credentials is an error (Unauthenticated).
Result<auth::Principal> require_principal(AppContext& app, const http::Request& request);

// For POST/PUT/PATCH/DELETE with a session: the X-CSRF-Token header or the csrf_token form
// field must equal the session's token. Token principals are exempt (no ambient credentials).
Result<void> check_csrf(const auth::Principal& principal, const http::Request& request);

// Login CSRF: a sign-in form carries a token that the browser also holds in a cookie of its
// own (SameSite=Strict, for /login only); a sign-in posted from another site has the field
// but not the cookie, so nobody can sign a victim's browser into the attacker's account.
inline constexpr const char* kLoginCookie = "itaku_login";
// A fresh token for a sign-in form, and the Set-Cookie header value that holds it.
std::string new_login_token();
std::string login_cookie(const http::Request& request, const std::string& token);
// The form's csrf_token field equals the login cookie (auth.csrf otherwise).
Result<void> check_login_form(const http::Request& request);
// The JSON sign-in takes only application/json bodies (api.content_type otherwise): a page on
// another site cannot send one without a CORS preflight, which itaku never grants.
Result<void> check_json_content_type(const http::Request& request);

struct SignInForm {
  std::string login;
  std::string password;
  std::string totp_code;
};
// Signs in and returns the Set-Cookie header value for the session (HttpOnly, SameSite=Lax,
// Path=/, Secure when the request came over TLS) and the principal.
struct SignedIn {
  std::string set_cookie;
  auth::Principal principal;
};
Result<SignedIn> sign_in(AppContext& app, const http::Request& request, const SignInForm& form);
// Ends the session of the request (if any) and returns the Set-Cookie header that clears it.
std::string sign_out(AppContext& app, const http::Request& request);

}  // namespace itaku::api
