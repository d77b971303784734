// The ID badge pages (身分証明書等; 木更津市 第11条(1)): a contract's badges the principal may
// read, leavers' badges not yet back at the top for the city, and the forms that issue, return
// and report a badge lost. The fields come from the commands' declarations (command_form.hpp);
// who may see or do what is the domain's (may_read_badge, may_handle_badge, may_execute).

#include "itaku/web/badge_pages.hpp"

#include <memory>
#include <optional>

#include <nlohmann/json.hpp>

#include "itaku/api/authorization.hpp"
#include "itaku/domain/authorization.hpp"
#include "itaku/domain/commands.hpp"
#include "itaku/web/command_form.hpp"
#include "itaku/web/frame.hpp"
#include "itaku/web/i18n.hpp"
#include "itaku/web/views.hpp"

namespace itaku::web {

namespace {

using domain::State;
using http::Response;
using nlohmann::json;

std::string badges_url(const std::string& contract) { return contract_url(contract) + "/badges"; }
std::string badge_url(const std::string& contract, const std::string& number) {
  return badges_url(contract) + "/" + http::percent_encode(number);
}

class BadgePages : public PageViews {
 public:
  explicit BadgePages(api::AppContext& app) : PageViews(app, {"badge_issued", "badge_returned", "badge_lost"}) {}

  void register_routes(http::Router& router, const std::shared_ptr<BadgePages>& self) const;

 private:
  json badge_row(const Page& page, const State& s, const domain::Contract& c, const domain::Badge& b) const {
    const auto* person = s.person(b.person);
    const bool may_close = b.out() && domain::may_execute(s, *page.principal, domain::ReturnBadge{c.id, b.number});
    return {{"number", b.number},
            {"anchor", "badge-" + b.number},
            {"holder", person ? person->name : b.person},
            {"organisation", organisation_name(page, s, b.organisation)},
            {"period", f(page, "badges.period_value",
                         {{"issued", date_text(catalog_, page.language, b.issued)},
                          {"expires", date_text(catalog_, page.language, b.expires)}})},
            {"status", t(page, badge_status_key(b))},
            {"lost_note", b.lost_note},
            {"may_close", may_close},
            {"return_action", badge_url(c.id, b.number) + "/return"},
            {"lost_action", badge_url(c.id, b.number) + "/lost"},
            {"return_label", f(page, "badges.return_label", {{"number", b.number}})},
            {"lost_label", f(page, "badges.lost_label", {{"number", b.number}})}};
  }

  Response list(const Page& page, const std::string& id, int status = 200,
                const std::map<std::string, std::string>& sent = {}, const Error* error = nullptr) const {
    auto data = app_.service.read([&](const State& s) -> std::optional<json> {
      const auto [c, access] = scope(page, s, id);
      if (!c) return std::nullopt;
      json badges = json::array();
      json due = json::array();
      for (const auto& [number, b] : c->badges) {
        if (!domain::may_read_badge(access, b)) continue;
        (b.return_outstanding() ? due : badges).push_back(badge_row(page, s, *c, b));
      }
      json out{{"contract", contract_head(page, *c)},
               {"notice", notice(page)},
               {"due", due},
               {"has_due", !due.empty()},
               {"badges", badges},
               {"has_badges", !badges.empty()},
               {"form", nullptr}};
      // The issue form offers the workers on the rosters of the parties the principal keeps
      // (the city: every party's).
      FormShape shape{.set_by_page = {"contract"}};
      auto& workers = shape.choices["person"] = json::array();
      for (const auto& party : c->parties) {
        if (!domain::may_handle_badge(access, party.organisation)) continue;
        const auto* latest = s.latest_roster(c->id, party.organisation);
        if (!latest) continue;
        for (const auto& w : latest->roster.workers) {
          const auto* person = s.person(w.person);
          if (!person || !person->active()) continue;
          workers.push_back({{"value", w.person},
                             {"label", f(page, "badges.worker_option",
                                         {{"name", person->name},
                                          {"organisation", organisation_name(page, s, party.organisation)}})}});
        }
      }
      if (workers.empty()) return out;
      auto fields = form_fields<domain::IssueBadge>(page.language, sent, error, shape);
      out["form"] = {
          {"action", badges_url(c->id)}, {"error", form_error(page, error, fields)}, {"fields", std::move(fields)}};
      return out;
    });
    return contract_page(page, status, "badges", "badges.title", std::move(data));
  }

  Response issue(const Page& original, const std::string& id) const {
    Page page = original;
    page.self = badges_url(id);
    const auto sent = page.request.form();
    const auto command = command_from_form<domain::IssueBadge>(sent, {{"contract", id}});
    const auto allowed = app_.service.read(
        [&](const State& s) { return this->allowed(s, page, scope(page, s, id).contract != nullptr, command); });
    return run_form(
        page, allowed, command, "badges.denied",
        [&](const Error& error) { return list(page, id, http_status(error.kind), sent, &error); },
        badges_url(id) + "?notice=badge_issued#badge-" + http::percent_encode(command.number));
  }

  // Returning a badge or reporting it lost: a badge the principal may not read is not found.
  template <class Command>
  Response close(const Page& original, const std::string& id, const Command& command, const char* notice) const {
    Page page = original;
    page.self = badges_url(id);
    const auto allowed = app_.service.read([&](const State& s) {
      const auto [c, access] = scope(page, s, id);
      bool readable = false;
      if (c) {
        const auto it = c->badges.find(command.number);
        readable = it != c->badges.end() && domain::may_read_badge(access, it->second);
      }
      return this->allowed(s, page, readable, command);
    });
    return run_form(
        page, allowed, command, "badges.denied", [&](const Error& error) { return failed(page, error); },
        badges_url(id) + "?notice=" + notice + "#badge-" + http::percent_encode(command.number));
  }
};

void BadgePages::register_routes(http::Router& router, const std::shared_ptr<BadgePages>& self) const {
  auto page = [self](std::function<Response(const BadgePages&, const Page&)> body) {
    return signed_in_route(self, std::move(body), "dashboard");
  };
  const std::string c = "/contracts/{id}/badges";
  router.get(c, "pages.badges", page([](const BadgePages& p, const Page& pg) { return p.list(pg, pg.param("id")); }));
  router.post(c, "pages.badge_issue",
              page([](const BadgePages& p, const Page& pg) { return p.issue(pg, pg.param("id")); }));
  router.post(
      c + "/{number}/return", "pages.badge_return", page([](const BadgePages& p, const Page& pg) {
        return p.close(pg, pg.param("id"), domain::ReturnBadge{pg.param("id"), pg.param("number")}, "badge_returned");
      }));
  router.post(c + "/{number}/lost", "pages.badge_lost", page([](const BadgePages& p, const Page& pg) {
                auto command = command_from_form<domain::ReportBadgeLost>(
                    pg.request.form(), {{"contract", pg.param("id")}, {"number", pg.param("number")}});
                return p.close(pg, pg.param("id"), command, "badge_lost");
              }));
}

}  // namespace

std::string badge_status_key(const domain::Badge& badge) {
  if (badge.return_outstanding()) return "badges.status_due";
  return "badges.status_" + std::string(domain::to_string(badge.status));
}

void register_badge_pages(http::Router& router, api::AppContext& app) {
  auto pages = std::make_shared<BadgePages>(app);
  pages->register_routes(router, pages);
}

}  // namespace itaku::web
