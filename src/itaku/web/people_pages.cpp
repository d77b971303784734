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
#include "itaku/domain/commands.hpp"
#include "itaku/domain/training.hpp"
#include "itaku/web/badge_pages.hpp"
#include "itaku/web/command_form.hpp"
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
  explicit PeoplePages(api::AppContext& app) : PageViews(app, {"departure_recorded"}) {}

  Response organisations(const Page& page) const;
  Response people(const Page& page) const;
  Response person(const Page& page, const std::string& id, int status = 200,
                  const std::map<std::string, std::string>& sent = {}, const Error* error = nullptr) const;
  // 転勤・退職 (長野市 第5-2): access ends at once; the person and their history stay.
  Response depart(const Page& page, const std::string& id) const;
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

Response PeoplePages::person(const Page& page, const std::string& id, int status,
                             const std::map<std::string, std::string>& sent, const Error* error) const {
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
    // Their training, acknowledgements and pledges on each contract whose records of them the
    // principal may read: all of them, kept after they leave (長野市 第10-2).
    json obligations = json::array();
    const auto today = format_date(jst_date(app_.clock.now()));
    for (const auto& [cid, c] : s.contracts) {
      const auto access = api::contract_access(s, *page.principal, c);
      if (!access.visible || !domain::may_read_obligations(s, access, id)) continue;
      json records = json::array();
      for (const auto& credit : domain::training_credits(s, c, id))
        records.push_back(f(page, "person.training_record",
                            {{"course", credit.course->title},
                             {"completed", date_text(catalog_, page.language, credit.completed)},
                             {"until", credit.valid_until == domain::kNoExpiry
                                           ? t(page, "workers.no_expiry")
                                           : date_text(catalog_, page.language, credit.valid_until)}}));
      for (const auto& a : c.acknowledgements)
        if (a.person == id)
          records.push_back(
              f(page, "person.acknowledgement_record", {{"version", a.provisions.version}, {"at", time_text(a.at)}}));
      for (const auto& pledge : c.pledges)
        if (pledge.person == id)
          records.push_back(f(page, "person.pledge_record",
                              {{"kind", t(page, "workers.kind_" + pledge.kind)},
                               {"date", date_text(catalog_, page.language, pledge.signed_on)}}));
      if (records.empty()) continue;
      std::string status;
      for (const auto& w : domain::worker_standings(s, c, today))
        if (w.person->id == id) {
          status = t(page, "workers.training_" + std::string(domain::to_string(w.training_status))) +
                   t(page, "format.list_separator") +
                   t(page, "workers.ack_" + std::string(domain::to_string(w.acknowledgement_status)));
        }
      obligations.push_back({{"contract", contract_head(page, c)},
                             {"url", contract_url(cid) + "/workers#worker-" + id},
                             {"status", status},
                             {"records", records}});
    }
    // What a departure leaves to follow up, for whoever may read it: badges still out, assets
    // in their custody and hand-overs from or to them not yet acknowledged.
    json follow_up = json::array();
    for (const auto& [cid, c] : s.contracts) {
      const auto access = api::contract_access(s, *page.principal, c);
      if (!access.visible) continue;
      for (const auto& [number, badge] : c.badges)
        if (badge.person == id && badge.out() && domain::may_read_badge(access, badge))
          follow_up.push_back(f(page, "person.follow_badge", {{"number", number}, {"contract", c.number}}));
      for (const auto& [aid, asset] : c.assets)
        if (asset.custodian == id && domain::asset_visible(s, c, access, asset))
          follow_up.push_back(
              f(page, "person.follow_asset",
                {{"asset", asset.description.empty() ? aid : asset.description}, {"contract", c.number}}));
      for (const auto& [tid, transfer] : c.transfers)
        if (transfer.pending() && (transfer.from == id || transfer.to == id) &&
            domain::transfer_visible(access, transfer))
          follow_up.push_back(f(page, "person.follow_transfer", {{"id", tid}, {"contract", c.number}}));
    }
    json depart = nullptr;
    domain::RecordDeparture probe;
    probe.person = id;
    if (p->active() && domain::may_execute(s, *page.principal, probe).ok()) {
      FormShape shape{.set_by_page = {"person"}};
      shape.choices["reason"] =
          json::array({{{"value", "transferred"}, {"label", t(page, "person.reason_transferred")}},
                       {{"value", "left"}, {"label", t(page, "person.reason_left")}}});
      shape.preselected["effective"] = format_date(jst_date(app_.clock.now()));
      auto fields = form_fields<domain::RecordDeparture>(page.language, sent, error, shape);
      depart = {{"action", "/people/" + http::percent_encode(id) + "/departure"},
                {"error", form_error(page, error, fields)},
                {"fields", std::move(fields)}};
    }
    return json{{"badges", badges},
                {"has_badges", !badges.empty()},
                {"follow_up", follow_up},
                {"has_follow_up", !follow_up.empty()},
                {"depart", depart},
                {"notice", notice(page)},
                {"obligations", obligations},
                {"has_obligations", !obligations.empty()},
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
  return render(page, status, "person", "people", title, std::move(*data));
}

Response PeoplePages::depart(const Page& original, const std::string& id) const {
  Page page = original;
  page.self = "/people/" + http::percent_encode(id);
  const auto sent = page.request.form();
  const auto command = command_from_form<domain::RecordDeparture>(sent, {{"person", id}});
  const auto allowed = app_.service.read([&](const State& s) {
    const auto* p = s.person(id);
    return this->allowed(s, page, p && api::may_read_person(s, *page.principal, *p), command);
  });
  return run_form(
      page, allowed, command, "person.depart_denied",
      [&](const Error& error) { return person(page, id, http_status(error.kind), sent, &error); },
      page.self + "?notice=departure_recorded");
}

}  // namespace

void register_people_pages(http::Router& router, api::AppContext& app) {
  const auto page = PageFrame::signed_in_routes(std::make_shared<PeoplePages>(app));
  router.get("/organisations", "pages.organisations",
             page([](const PeoplePages& p, const Page& pg) { return p.organisations(pg); }));
  router.get("/people", "pages.people", page([](const PeoplePages& p, const Page& pg) { return p.people(pg); }));
  router.get("/people/{id}", "pages.person",
             page([](const PeoplePages& p, const Page& pg) { return p.person(pg, pg.param("id")); }));
  router.post("/people/{id}/departure", "pages.person_depart",
              page([](const PeoplePages& p, const Page& pg) { return p.depart(pg, pg.param("id")); }));
}

}  // namespace itaku::web
