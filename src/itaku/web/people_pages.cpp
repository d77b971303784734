// The organisations and people the principal may read (domain::may_read_organisation,
// may_read_person), and a person's page: their record, the roles the roster versions give them
// on the contracts the principal may see, and the ID badges they hold or held there.

#include "itaku/web/people_pages.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "itaku/api/authorization.hpp"
#include "itaku/domain/authorization.hpp"
#include "itaku/web/badge_pages.hpp"
#include "itaku/web/frame.hpp"
#include "itaku/web/i18n.hpp"
#include "itaku/web/views.hpp"

namespace itaku::web {

namespace {

using domain::State;
using http::Response;
using nlohmann::json;

class PeoplePages : public PageViews {
 public:
  explicit PeoplePages(api::AppContext& app) : PageViews(app, {}) {}

  Response organisations(const Page& page) const;
  Response people(const Page& page) const;
  Response person(const Page& page, const std::string& id) const;
};

Response PeoplePages::organisations(const Page& page) const {
  auto data = app_.service.read([&](const State& s) {
    json rows = json::array();
    for (const auto& [id, org] : s.organisations) {
      if (!api::may_read_organisation(s, *page.principal, id)) continue;
      int people = 0;
      for (const auto& [pid, p] : s.people)
        if (p.organisation == id && api::may_read_person(s, *page.principal, p)) ++people;
      rows.push_back({{"id", id},
                      {"name", org.name},
                      {"name_en", org.name_en},
                      {"kind", t(page, "org_kind." + std::string(domain::to_string(org.kind)))},
                      {"people", std::to_string(people)},
                      {"people_url", "/people?org=" + http::percent_encode(id)}});
    }
    return json{{"organisations", rows}, {"has_organisations", !rows.empty()}};
  });
  return render(page, 200, "organisations", "organisations", t(page, "organisations.title"), std::move(data));
}

Response PeoplePages::people(const Page& page) const {
  const auto filter = page.request.query.contains("org") ? page.request.query.at("org") : std::string();
  auto data = app_.service.read([&](const State& s) {
    json rows = json::array();
    std::set<std::string> organisations;
    for (const auto& [id, p] : s.people) {
      if (!api::may_read_person(s, *page.principal, p)) continue;
      organisations.insert(p.organisation);
      if (!filter.empty() && p.organisation != filter) continue;
      rows.push_back({{"url", "/people/" + http::percent_encode(id)},
                      {"id", id},
                      {"name", p.name},
                      {"title", p.title},
                      {"organisation", organisation_name(page, s, p.organisation)},
                      {"active", p.active()},
                      {"status", p.departure ? departure_text(page, *p.departure) : t(page, "person.active")}});
    }
    json options = json::array();
    options.push_back({{"value", ""}, {"label", t(page, "people.all")}, {"selected", filter.empty()}});
    for (const auto& id : organisations)
      options.push_back({{"value", id}, {"label", organisation_name(page, s, id)}, {"selected", id == filter}});
    return json{{"people", rows}, {"has_people", !rows.empty()}, {"org_options", options}};
  });
  return render(page, 200, "people", "people", t(page, "people.title"), std::move(data));
}

Response PeoplePages::person(const Page& page, const std::string& id) const {
  auto data = app_.service.read([&](const State& s) -> std::optional<json> {
    const auto* p = s.person(id);
    if (!p || !api::may_read_person(s, *page.principal, *p)) return std::nullopt;
    json history = json::array();
    for (const auto& [cid, c] : s.contracts) {
      const auto access = api::contract_access(s, *page.principal, c);
      if (!access.visible) continue;
      for (const auto& [org, versions] : c.rosters) {
        if (!access.readable_parties.contains(org)) continue;
        for (const auto& v : versions) {
          std::vector<std::string> roles;
          if (v.roster.responsible == id) roles.push_back(t(page, "role.responsible"));
          if (v.roster.information_manager == id) roles.push_back(t(page, "role.information_manager"));
          for (const auto& w : v.roster.workers)
            if (w.person == id)
              roles.push_back(f(page, "person.worker_role",
                                {{"work", w.work},
                                 {"from", w.from},
                                 {"until", w.until.empty() ? t(page, "roster.open_ended") : w.until}}));
          for (const auto& a : v.roster.access)
            if (a.person == id)
              roles.push_back(f(page, "person.access_role",
                                {{"asset_class", a.asset_class}, {"permission", permission_text(page, a.permission)}}));
          if (roles.empty()) continue;
          std::string text;
          for (const auto& r : roles) text += (text.empty() ? "" : t(page, "format.list_separator")) + r;
          history.push_back({{"contract", contract_head(page, c)},
                             {"version", version_label(page, v.version)},
                             {"diff_url", roster_url(cid, org) + "/diff?from=" + std::to_string(v.version - 1) +
                                              "&to=" + std::to_string(v.version)},
                             {"submitted_at", time_text(v.submitted_at)},
                             {"roles", text}});
        }
      }
    }
    // The ID badges they hold or held, on the contracts whose badges the principal may read.
    json badges = json::array();
    for (const auto& [cid, c] : s.contracts) {
      const auto access = api::contract_access(s, *page.principal, c);
      if (!access.visible) continue;
      for (const auto& [number, badge] : c.badges) {
        if (badge.person != id || !domain::may_read_badge(access, badge)) continue;
        badges.push_back({{"contract", contract_head(page, c)},
                          {"number", number},
                          {"url", contract_url(cid) + "/badges#badge-" + http::percent_encode(number)},
                          {"status", t(page, badge_status_key(badge))},
                          {"period", f(page, "badges.period_value",
                                       {{"issued", date_text(catalog_, page.language, badge.issued)},
                                        {"expires", date_text(catalog_, page.language, badge.expires)}})}});
      }
    }
    return json{{"badges", badges},
                {"has_badges", !badges.empty()},
                {"person",
                 {{"id", p->id},
                  {"name", p->name},
                  {"title", p->title},
                  {"email", p->email},
                  {"organisation", organisation_name(page, s, p->organisation)},
                  {"active", p->active()},
                  {"status", p->departure ? departure_text(page, *p->departure) : t(page, "person.active")}}},
                {"history", history},
                {"has_history", !history.empty()}};
  });
  if (!data) return not_found(page);
  const auto title = (*data)["person"]["name"].get<std::string>();
  return render(page, 200, "person", "people", title, std::move(*data));
}

}  // namespace

void register_people_pages(http::Router& router, api::AppContext& app) {
  const auto page = PageFrame::signed_in_routes(std::make_shared<PeoplePages>(app));
  router.get("/organisations", "pages.organisations",
             page([](const PeoplePages& p, const Page& pg) { return p.organisations(pg); }));
  router.get("/people", "pages.people", page([](const PeoplePages& p, const Page& pg) { return p.people(pg); }));
  router.get("/people/{id}", "pages.person",
             page([](const PeoplePages& p, const Page& pg) { return p.person(pg, pg.param("id")); }));
}

}  // namespace itaku::web
