// The sign-in form and its submission, and signing out. The form carries a login token of its
// own (login CSRF, api/session.hpp); a wrong one, a wrong password and a rate-limited attempt
// come back as the form with the message.

#include "itaku/web/session_pages.hpp"

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "itaku/api/authorization.hpp"
#include "itaku/api/session.hpp"
#include "itaku/web/frame.hpp"

namespace itaku::web {

namespace {

using http::Request;
using http::Response;

class SessionPages : public PageFrame {
 public:
  explicit SessionPages(api::AppContext& app) : PageFrame(app, {}) {}

  Response login(Request& request) const {
    Page page{request, request.language(), nullptr, request.path};
    auto found = api::authenticate(app_, request);
    if (found.ok() && found->has_value()) return redirect(request, "/");
    auto next = request.query.contains("next") ? request.query.at("next") : std::string();
    return login_form(page, 200, "", next, "");
  }

  Response login_submit(Request& request) const {
    Page page{request, request.language(), nullptr, request.path};
    const auto form = request.form();
    auto field = [&](const char* name) {
      auto it = form.find(name);
      return it == form.end() ? std::string() : it->second;
    };
    const auto next = field("next");
    if (auto same_site = api::check_login_form(request); !same_site)
      return login_form(page, http_status(same_site.error().kind), field("login"), next,
                        message(page, same_site.error()));
    auto signed_in = api::sign_in(app_, request, {field("login"), field("password"), field("totp_code")});
    if (!signed_in) {
      const auto& error = signed_in.error();
      auto refused = login_form(page, http_status(error.kind), field("login"), next, message(page, error));
      if (const auto retry = error.context.find("retry_after_s"); retry != error.context.end())
        refused.set_header("Retry-After", retry->second);
      return refused;
    }
    auto r = Response::redirect(local_path(next) ? next : "/");
    r.headers.emplace_back("Set-Cookie", signed_in->set_cookie);
    finish(request, r);
    return r;
  }

  Response logout(Request& request) const {
    auto found = api::authenticate(app_, request);
    if (found.ok() && found->has_value()) {
      if (auto csrf = api::check_csrf(**found, request); !csrf) {
        const auto principal = **found;
        Page page{request, request.language(), &principal, "/"};
        return failed(page, csrf.error());
      }
    }
    auto r = Response::redirect("/login");
    r.headers.emplace_back("Set-Cookie", api::sign_out(app_, request));
    finish(request, r);
    return r;
  }

 private:
  Response login_form(const Page& page, int status, const std::string& login, const std::string& next,
                      const std::string& error) const {
    // Every form shown gets a fresh login token (api/session.hpp: login CSRF).
    const auto token = api::new_login_token();
    auto r =
        render(page, status, "login", "", t(page, "login.title"),
               {{"login", login}, {"next", local_path(next) ? next : ""}, {"error", error}, {"csrf_token", token}});
    r.headers.emplace_back("Set-Cookie", api::login_cookie(page.request, token));
    return r;
  }
};

}  // namespace

void register_session_pages(http::Router& router, api::AppContext& app) {
  auto pages = std::make_shared<SessionPages>(app);
  router.get("/login", "pages.login", [pages](Request& r) { return pages->login(r); });
  router.post("/login", "pages.login_submit", [pages](Request& r) { return pages->login_submit(r); });
  router.post("/logout", "pages.logout", [pages](Request& r) { return pages->logout(r); });
}

}  // namespace itaku::web
