#include "itaku/web/frame.hpp"

#include <nlohmann/json.hpp>

#include "itaku/api/authorization.hpp"
#include "itaku/api/session.hpp"
#include "itaku/auth/rate_limiter.hpp"
#include "itaku/domain/authorization.hpp"
#include "itaku/service/document_files.hpp"
#include "itaku/web/assets.hpp"
#include "itaku/web/command_form.hpp"
#include "itaku/web/render.hpp"

namespace itaku::web {

namespace {

using http::Language;
using http::Request;
using http::Response;
using nlohmann::json;

constexpr const char* kLanguageCookie = "itaku_lang";

std::string language_code(Language language) { return language == Language::En ? "en" : "ja"; }

Response server_error() { return Response::html(500, "<!doctype html><title>500</title><h1>500</h1>"); }

}  // namespace

bool local_path(std::string_view target) {
  return target.starts_with('/') && !target.starts_with("//") && !target.starts_with("/\\") &&
         target.find_first_of("\r\n\t\\") == std::string_view::npos;
}

std::string contract_url(const std::string& id) { return "/contracts/" + http::percent_encode(id); }

std::string static_href(std::string_view name) {
  return "/static/" + std::string(name) + "?v=" + asset_version("static/" + std::string(name));
}

PageFrame::PageFrame(api::AppContext& app, Notices notices)
    : app_(app),
      catalog_(Catalog::builtin()),
      notices_(std::move(notices)),
      css_href_(static_href("app.css")),
      js_href_(static_href("app.js")),
      icon_href_(static_href("icon.svg")) {}

std::string PageFrame::message(const Page& page, const Error& error) const {
  return page.language == Language::En ? error.message : error.message_ja;
}

std::string PageFrame::message_with_detail(const Page& page, const Error& error) const {
  auto text = message(page, error);
  for (const auto& [key, value] : error.context) text += f(page, "format.detail", {{"key", key}, {"value", value}});
  return text;
}

std::string PageFrame::notice(const Page& page) const {
  auto it = page.request.query.find("notice");
  if (it == page.request.query.end() || !notices_.contains(it->second)) return {};
  return t(page, "notice." + it->second);
}

std::string PageFrame::organisation_name(const Page& page, const domain::State& state, const std::string& id) const {
  const auto* org = state.organisation(id);
  if (!org) return id;
  return page.language == Language::En && !org->name_en.empty() ? org->name_en : org->name;
}

void PageFrame::finish(const Request& request, Response& response) const {
  // ?lang= chooses the language for this and every later page.
  if (auto it = request.query.find("lang"); it != request.query.end() && (it->second == "ja" || it->second == "en"))
    response.headers.emplace_back("Set-Cookie", std::string(kLanguageCookie) + "=" + it->second +
                                                    "; Path=/; Max-Age=31536000; SameSite=Lax" +
                                                    (request.secure ? "; Secure" : ""));
  // Pages show personal data and carry the CSRF token: never kept by a browser or a proxy.
  if (!response.header("Cache-Control")) response.set_header("Cache-Control", "no-store");
}

Response PageFrame::redirect(const Request& request, const std::string& location) const {
  auto r = Response::redirect(location);
  finish(request, r);
  return r;
}

Response PageFrame::render(const Page& page, int status, std::string_view name, const std::string& title,
                           json data) const {
  return render(page, status, name, page.section, title, std::move(data));
}

Response PageFrame::render(const Page& page, int status, std::string_view name, std::string_view section,
                           const std::string& title, json data) const {
  if (auto wording = data.find("t"); wording != data.end()) {
    auto texts = catalog_.tree(page.language);
    texts.merge_patch(*wording);
    data["t"] = std::move(texts);
  } else {
    data["t"] = catalog_.tree(page.language);
  }
  data["lang"] = language_code(page.language);
  if (page.principal) data["csrf_token"] = page.principal->csrf_token;
  auto content = render_template(name, data);
  if (!content) {
    Response r = server_error();
    finish(page.request, r);
    return r;
  }
  json frame = std::move(data);
  frame["page_content"] = content.release_value();
  frame["page_title"] = title;
  frame["css_href"] = css_href_;
  frame["js_href"] = js_href_;
  frame["icon_href"] = icon_href_;
  // The language switch keeps the page and its other parameters.
  auto switch_to = [&](const char* code) {
    std::string query;
    for (const auto& [key, value] : page.request.query) {
      if (key == "lang" || key == "notice") continue;
      query += http::percent_encode(key) + "=" + http::percent_encode(value) + "&";
    }
    return page.self + "?" + query + "lang=" + code;
  };
  frame["lang_ja_href"] = switch_to("ja");
  frame["lang_en_href"] = switch_to("en");
  frame["is_ja"] = page.language == Language::Ja;
  frame["is_en"] = page.language == Language::En;
  frame["signed_in"] = page.principal != nullptr;
  if (page.principal) {
    frame["user_name"] = app_.service.read([&](const domain::State& s) {
      const auto* person = s.person(page.principal->person);
      return person ? person->name : page.principal->login;
    });
    frame["user_login"] = page.principal->login;
    json nav = json::array();
    for (const auto& [key, href] : std::vector<std::pair<std::string, std::string>>{
             {"dashboard", "/"}, {"organisations", "/organisations"}, {"people", "/people"}, {"ledger", "/ledger"}})
      nav.push_back({{"href", href}, {"label", t(page, "nav." + key)}, {"current", key == section}});
    frame["page_nav"] = nav;
  }
  auto html = render_template("layout", frame);
  Response r = html ? Response::html(status, html.release_value()) : server_error();
  finish(page.request, r);
  return r;
}

Response PageFrame::error_page(const Page& page, int status, const std::string& heading,
                               const std::string& text) const {
  return render(page, status, "error", heading, {{"heading", heading}, {"message", text}});
}

Response PageFrame::not_found(const Page& page) const {
  return error_page(page, 404, t(page, "errors.not_found_title"), t(page, "errors.not_found"));
}

Response PageFrame::failed(const Page& page, const Error& error) const {
  return error_page(page, http_status(error.kind), t(page, "errors.failed_title"), message(page, error));
}

ContractScope PageFrame::scope(const Page& page, const domain::State& state, const std::string& id) {
  ContractScope out;
  const auto* c = state.contract(id);
  if (!c) return out;
  out.access = api::contract_access(state, *page.principal, *c);
  if (out.access.visible) out.contract = c;
  return out;
}

PageFrame::Allowed PageFrame::allowed(const domain::State& state, const Page& page, bool visible,
                                      const domain::Command& command) {
  if (!visible) return Allowed::Hidden;
  return domain::may_execute(state, *page.principal, command) ? Allowed::Yes : Allowed::No;
}

std::string PageFrame::form_error(const Page& page, const Error* error, const json& fields) const {
  if (error == nullptr) return {};
  return any_field_error(fields) ? t(page, "form.see_fields") : message_with_detail(page, *error);
}

Response PageFrame::run_form(const Page& page, Allowed allowed, const domain::Command& command, std::string_view denied,
                             const std::function<Response(const Error&)>& refused, const std::string& next) const {
  return run_form(page, allowed, command, denied, refused, [&next](std::uint64_t) { return next; });
}

Response PageFrame::run_form(const Page& page, Allowed allowed, const domain::Command& command, std::string_view denied,
                             const std::function<Response(const Error&)>& refused,
                             const std::function<std::string(std::uint64_t)>& next) const {
  if (allowed == Allowed::Hidden) return not_found(page);
  if (auto csrf = api::check_csrf(*page.principal, page.request); !csrf) return failed(page, csrf.error());
  if (allowed == Allowed::No) return forbidden(page, denied);
  auto done = app_.service.execute(command, *page.principal);
  if (!done) return refused(done.error());
  return redirect(page.request, next(*done));
}

Response PageFrame::forbidden(const Page& page, std::string_view key) const {
  return error_page(page, 403, t(page, "errors.denied_title"), t(page, key));
}

Response PageFrame::download(const Page& page, std::string bytes, const std::string& media_type,
                             const std::string& filename) const {
  auto r = Response::text(200, std::move(bytes), media_type);
  r.set_header("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  finish(page.request, r);
  return r;
}

Response PageFrame::download(const Page& page, Result<service::ReportFile> file) const {
  if (!file) return file.error().kind == ErrorKind::NotFound ? not_found(page) : failed(page, file.error());
  return download(page, std::move(file->bytes), file->media_type, file->filename);
}

std::optional<PageFrame::DocumentLink> PageFrame::document_link(const Request& request) {
  const auto index = request.query.find("index");
  const auto token = request.query.find("k");
  if (index == request.query.end() || token == request.query.end()) return std::nullopt;
  const auto n = http::url_number(index->second);
  if (!n) return std::nullopt;
  return DocumentLink{*n, token->second};
}

Response PageFrame::public_page(Request& request, const std::function<Response(const Page&)>& handle) const {
  std::optional<auth::Principal> principal;
  if (auto found = api::authenticate(app_, request); found.ok() && found->has_value()) principal = **found;
  const Page page{request, request.language(), principal ? &*principal : nullptr, request.path};
  return handle(page);
}

Response PageFrame::signed_in(Request& request, const std::function<Response(const Page&)>& handle,
                              std::string_view section) const {
  auto found = api::authenticate(app_, request);
  if (!found.ok() || !found->has_value()) {
    std::string location = "/login";
    if (request.method == http::Method::Get && request.target != "/" && local_path(request.target))
      location += "?next=" + http::percent_encode(request.target);
    auto r = Response::redirect(location);
    // An expired or unknown session cookie is dropped, so the browser stops sending it.
    if (!found.ok() && request.cookie(api::kSessionCookie))
      r.headers.emplace_back("Set-Cookie", api::sign_out(app_, request));
    finish(request, r);
    return r;
  }
  const auto principal = **found;
  // The pages are for people: a token's scopes cover the API only, and a page's forms are a
  // person's acts (docs/AUTH.md).
  if (principal.kind == auth::PrincipalKind::Token)
    return forbidden(Page{request, request.language(), nullptr, request.path, section}, "errors.token_on_page");
  Page page{request, request.language(), &principal, request.path, section};
  // Pages and their form posts count against the signed-in user's rate limit, as their API
  // calls do (docs/CONFIG.md).
  if (auto admitted = app_.limiter.take(principal, 1); !admitted) {
    auto refused = failed(page, admitted.error());
    refused.set_header("Retry-After", admitted.error().context.at("retry_after_s"));
    return refused;
  }
  return handle(page);
}

}  // namespace itaku::web
