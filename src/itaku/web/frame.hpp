#pragma once
// The frame every web page is drawn in, shared by the pages of every capability:
// the message catalog, the layout (navigation, language switch, the signed-in person, the
// fingerprinted CSS, JS and icon), the language cookie and no-store caching, the sign-in gate
// in front of a page, and the error pages.

#include <charconv>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "itaku/api/authorization.hpp"
#include "itaku/api/context.hpp"
#include "itaku/auth/principal.hpp"
#include "itaku/domain/commands.hpp"
#include "itaku/domain/state.hpp"
#include "itaku/http/router.hpp"
#include "itaku/web/i18n.hpp"

namespace itaku::service {
struct ReportFile;
}  // namespace itaku::service

namespace itaku::web {

// What every page handler knows about its request.
struct Page {
  const http::Request& request;
  http::Language language;
  const auth::Principal* principal;  // null on the sign-in page and for a stranger on a public page
  std::string self;                  // where the language switch leads (a GET page)
  // The navigation entry the page sits under, marked as the current one (none when empty),
  // unless render() names another.
  std::string_view section = {};

  // The route's parameter `name` ({id} in "/contracts/{id}").
  const std::string& param(const char* name) const { return request.params.at(name); }
};

// A contract the principal may see, and their access to it; `contract` is null when they may
// not (the page is then not found).
struct ContractScope {
  const domain::Contract* contract = nullptr;
  api::ContractAccess access;
};

// The notices a redirect may ask a page to show (?notice=…); anything else is ignored.
using Notices = std::set<std::string, std::less<>>;

// The frame's parts; a set of pages derives from it and calls them as its own.
class PageFrame {
 public:
  PageFrame(api::AppContext& app, Notices notices);

  // --- texts ---
  std::string t(const Page& page, std::string_view key) const { return catalog_.text(page.language, key); }
  std::string f(const Page& page, std::string_view key,
                const std::vector<std::pair<std::string, std::string>>& args) const {
    return catalog_.format(page.language, key, args);
  }
  std::string message(const Page& page, const Error& error) const;
  // The error's message with its context, as a person can act on it.
  std::string message_with_detail(const Page& page, const Error& error) const;
  // The notice the request asks for (?notice=), if it is one these pages know; else "".
  std::string notice(const Page& page) const;
  std::string organisation_name(const Page& page, const domain::State& state, const std::string& id) const;

  // --- responses ---
  // Sets the language cookie when ?lang= chooses one, and keeps pages out of every cache.
  void finish(const http::Request& request, http::Response& response) const;
  http::Response redirect(const http::Request& request, const std::string& location) const;
  // Template `name` in the layout. `data["t"]`, if set, words some of the catalog's texts
  // differently for this page (merged over the catalog).
  http::Response render(const Page& page, int status, std::string_view name, std::string_view section,
                        const std::string& title, nlohmann::json data) const;
  http::Response render(const Page& page, int status, std::string_view name, const std::string& title,
                        nlohmann::json data) const;
  http::Response error_page(const Page& page, int status, const std::string& heading, const std::string& text) const;
  http::Response not_found(const Page& page) const;
  http::Response failed(const Page& page, const Error& error) const;
  // 403 with the catalog's text at `key`.
  http::Response forbidden(const Page& page, std::string_view key) const;

  // --- what the principal may see and do ---
  static ContractScope scope(const Page& page, const domain::State& state, const std::string& id);

  // --- forms that run a command ---
  // What the principal may do with a form's command: the page is hidden (not found) when they
  // may not see what it is about, else the command's one rule (domain::may_execute) says.
  enum class Allowed { Hidden, No, Yes };
  static Allowed allowed(const domain::State& state, const Page& page, bool visible, const domain::Command& command);
  // The steps every form that runs a command keeps, in this order: hidden is 404; a wrong CSRF
  // token is refused; not allowed is 403 with the catalog's text at `denied`; then the command
  // runs, and a refusal is `refused(error)` (the form again, with the error under its field)
  // while success redirects to `next`.
  // What a form says above its fields after a refusal: only to look at the fields when the
  // error is written under one of them (form_fields), else the error itself.
  std::string form_error(const Page& page, const Error* error, const nlohmann::json& fields) const;
  http::Response run_form(const Page& page, Allowed allowed, const domain::Command& command, std::string_view denied,
                          const std::function<http::Response(const Error&)>& refused, const std::string& next) const;
  // The same, where the page to go to depends on what was recorded: `next` is given the ledger
  // index of the command's first event (a request numbered by its rule, say).
  http::Response run_form(const Page& page, Allowed allowed, const domain::Command& command, std::string_view denied,
                          const std::function<http::Response(const Error&)>& refused,
                          const std::function<std::string(std::uint64_t)>& next) const;

  // --- documents ---
  // A file to download as `filename` (ASCII), kept out of every cache like the pages.
  http::Response download(const Page& page, std::string bytes, const std::string& media_type,
                          const std::string& filename) const;
  // A document the service made or kept (service/document_files.hpp), or the page of its
  // refusal: not found for a NotFound.
  http::Response download(const Page& page, Result<service::ReportFile> file) const;
  // The ledger index and token a document's printed link carries (?index=N&k=…): nullopt unless
  // both are there and the index is a number.
  struct DocumentLink {
    std::uint64_t index = 0;
    std::string token;
  };
  static std::optional<DocumentLink> document_link(const http::Request& request);

  // --- the sign-in gate ---
  // Runs `handle` for anyone (a document's public check); a signed-in person keeps their header
  // and menu.
  http::Response public_page(http::Request& request, const std::function<http::Response(const Page&)>& handle) const;
  // Runs `handle` for a signed-in principal; anyone else is sent to sign in (and back here
  // after, for a GET).
  http::Response signed_in(http::Request& request, const std::function<http::Response(const Page&)>& handle,
                           std::string_view section = {}) const;
  // A route that runs `body` on `pages` for a signed-in principal, under the navigation entry
  // `section` (a literal). It keeps the pages alive: the router may outlive whoever registered
  // the route.
  // What makes such routes for one set of pages: `page(body)` is signed_in_route(pages, body,
  // section).
  template <typename Pages>
  static auto signed_in_routes(std::shared_ptr<Pages> pages, std::string_view section = {}) {
    return [pages = std::move(pages), section](std::function<http::Response(const Pages&, const Page&)> body) {
      return signed_in_route(pages, std::move(body), section);
    };
  }
  template <typename Pages>
  static http::Handler signed_in_route(
      std::shared_ptr<Pages> pages, std::type_identity_t<std::function<http::Response(const Pages&, const Page&)>> body,
      std::string_view section = {}) {
    return [pages, body = std::move(body), section](http::Request& request) {
      return pages->signed_in(
          request, [&](const Page& page) { return body(*pages, page); }, section);
    };
  }

 protected:
  api::AppContext& app_;
  const Catalog& catalog_;

 private:
  Notices notices_;
  std::string css_href_, js_href_, icon_href_;
};

// A path on this site only: "//host" and "/\host" are other sites to a browser.
bool local_path(std::string_view target);
std::string contract_url(const std::string& id);
// "/static/<name>?v=<fingerprint>": a link a browser may keep for a year.
std::string static_href(std::string_view name);

// The whole of `text` as a number, or nullopt.
template <typename Int>
std::optional<Int> parse_number(std::string_view text) {
  Int value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace itaku::web
