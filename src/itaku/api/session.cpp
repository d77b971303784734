#include "itaku/api/session.hpp"

#include "itaku/auth/authenticator.hpp"
#include "itaku/auth/secrets.hpp"

namespace itaku::api {

namespace {
bool state_changing(http::Method method) {
  return method == http::Method::Post || method == http::Method::Put || method == http::Method::Patch ||
         method == http::Method::Delete;
}

std::string cookie_attributes(const http::Request& request) {
  return std::string("; Path=/; HttpOnly; SameSite=Lax") + (request.secure ? "; Secure" : "");
}

constexpr std::string_view kBearer = "Bearer ";

Error csrf_refused() {
  return make_error(ErrorKind::Denied, "auth.csrf",
                    "フォームの有効期限が切れたか、不正な送信です。もう一度操作してください",
                    "the CSRF token is missing or wrong; reload the page and try again");
}

// The token of an `Authorization: Bearer …` header, if it has that form.
std::optional<std::string_view> bearer_token(std::string_view authorization) {
  if (!authorization.starts_with(kBearer)) return std::nullopt;
  return authorization.substr(kBearer.size());
}
}  // namespace

Result<std::optional<auth::Principal>> authenticate(AppContext& app, const http::Request& request) {
  if (auto authorization = request.header("authorization")) {
    const auto token = bearer_token(*authorization);
    if (!token)
      return make_error(ErrorKind::Unauthenticated, "auth.token_invalid", "認証情報の形式が正しくありません",
                        "the Authorization header must be `Bearer <token>`");
    return std::optional(TRY(app.authenticator.from_token(*token)));
  }
  if (auto cookie = request.cookie(kSessionCookie)) return std::optional(TRY(app.authenticator.from_session(*cookie)));
  return std::optional<auth::Principal>();
}

std::optional<auth::Principal> token_principal_without_waiting(AppContext& app, const http::Request& request) {
  const auto authorization = request.header("authorization");
  const auto token = authorization ? bearer_token(*authorization) : std::nullopt;
  if (!token) return std::nullopt;
  auto principal = app.authenticator.from_token_without_waiting(*token);
  return principal ? *principal : std::nullopt;
}

Result<auth::Principal> require_principal(AppContext& app, const http::Request& request) {
  auto principal = TRY(authenticate(app, request));
  if (!principal)
    return make_error(ErrorKind::Unauthenticated, "auth.required", "サインインしてください", "sign in first");
  return *principal;
}

Result<void> check_csrf(const auth::Principal& principal, const http::Request& request) {
  if (principal.kind == auth::PrincipalKind::Token || !state_changing(request.method)) return ok();
  std::string presented;
  if (auto header = request.header(kCsrfHeader)) {
    presented = std::string(*header);
  } else {
    const auto form = request.form();
    if (auto it = form.find("csrf_token"); it != form.end()) presented = it->second;
  }
  if (presented.empty() || !auth::secrets_equal(presented, principal.csrf_token)) return csrf_refused();
  return ok();
}

std::string new_login_token() { return auth::random_token(32); }

std::string login_cookie(const http::Request& request, const std::string& token) {
  return std::string(kLoginCookie) + "=" + token + "; Path=/login; HttpOnly; SameSite=Strict; Max-Age=3600" +
         (request.secure ? "; Secure" : "");
}

Result<void> check_login_form(const http::Request& request) {
  const auto cookie = request.cookie(kLoginCookie);
  const auto form = request.form();
  const auto field = form.find("csrf_token");
  if (!cookie || cookie->empty() || field == form.end() || !auth::secrets_equal(field->second, *cookie))
    return csrf_refused();
  return ok();
}

Result<void> check_json_content_type(const http::Request& request) {
  const auto type = request.header("content-type");
  const auto media = type ? type->substr(0, type->find(';')) : std::string_view();
  if (media != "application/json")
    return make_error(ErrorKind::Invalid, "api.content_type", "本文は application/json で送ってください",
                      "send the body as application/json")
        .with("content_type", std::string(type.value_or("")));
  return ok();
}

Result<SignedIn> sign_in(AppContext& app, const http::Request& request, const SignInForm& form) {
  auto session = TRY(app.authenticator.sign_in({form.login, form.password, form.totp_code, request.remote_address}));
  return SignedIn{std::string(kSessionCookie) + "=" + session.cookie + cookie_attributes(request) + "; Max-Age=28800",
                  session.principal};
}

std::string sign_out(AppContext& app, const http::Request& request) {
  if (auto cookie = request.cookie(kSessionCookie)) (void)app.authenticator.sign_out(*cookie);
  return std::string(kSessionCookie) + "=" + cookie_attributes(request) + "; Max-Age=0";
}

}  // namespace itaku::api
