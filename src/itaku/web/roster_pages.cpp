// The roster pages (体制表, 長野市 第1): the diff between two versions of a party's roster, the
// city's acknowledgement of a version, and the edit form, which carries the whole roster so
// that several changes become one version. Who may read a roster is the principal's access to
// its party (domain::contract_access); acknowledging and submitting are the commands' rules.

#include "itaku/web/roster_pages.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "itaku/api/authorization.hpp"
#include "itaku/api/session.hpp"
#include "itaku/domain/commands.hpp"
#include "itaku/domain/roster_diff.hpp"
#include "itaku/web/command_form.hpp"
#include "itaku/web/frame.hpp"
#include "itaku/web/roster_form.hpp"
#include "itaku/web/views.hpp"

namespace itaku::web {

namespace {

using domain::State;
using http::Language;
using http::Response;
using nlohmann::json;

// `url` with `pair` added to its query, before its fragment.
std::string with_query(std::string url, std::string_view pair) {
  const auto hash = url.find('#');
  const auto fragment = hash == std::string::npos ? std::string() : url.substr(hash);
  url = url.substr(0, hash);
  return url + (url.find('?') == std::string::npos ? "?" : "&") + std::string(pair) + fragment;
}

class RosterPages : public PageViews {
 public:
  // The notices a redirect may ask these pages to show.
  explicit RosterPages(api::AppContext& app) : PageViews(app, {"acknowledged", "roster_submitted"}) {}

  Response roster_diff(const Page& page, const std::string& id, const std::string& organisation) const;
  Response acknowledge(const Page& page, const std::string& id, const std::string& organisation,
                       const std::string& version) const;
  Response roster_edit(const Page& page, const std::string& id, const std::string& organisation) const;
  Response roster_submit(const Page& page, const std::string& id, const std::string& organisation) const;
  Response hire(const Page& page, const std::string& id, const std::string& organisation) const;

 private:
  // What the form page shows besides the form.
  struct Outcome {
    std::string error = {};                             // above the form
    const Error* refusal = nullptr;                     // the service's: next to the row or select it names
    std::optional<int> rebased_from = {};               // the edit was made on this version and laid over the latest
    std::vector<domain::RosterChange> overlaps = {};    // what both changed (domain::rebase_roster)
    std::map<std::string, std::string> hire_sent = {};  // the new hire's form as it was sent
    const Error* hire_error = nullptr;                  // and why it was refused
  };
  Response roster_form_page(const Page& page, int status, const std::string& id, const std::string& organisation,
                            RosterForm form, const Outcome& outcome) const;
  // The versions recorded between `from` and the latest, for an edit made on `from`.
  json meanwhile(const Page& page, const State& s, const domain::Contract& c, const std::string& organisation, int from,
                 const std::vector<domain::RosterChange>& overlaps) const;
  // A new hire of the party's organisation (長野市 第1: 作業者), registered and then added to the
  // roster being edited: null when the principal may not register one.
  json hire_form(const Page& page, const State& s, const std::string& id, const std::string& organisation,
                 const std::map<std::string, std::string>& sent, const Error* error) const {
    domain::RegisterPerson probe;
    probe.organisation = organisation;
    if (!domain::may_execute(s, *page.principal, probe).ok()) return nullptr;
    auto fields = form_fields<domain::RegisterPerson>(page.language, sent, error,
                                                      FormShape{.set_by_page = {"id", "organisation"}});
    return {{"action", roster_url(id, organisation) + "/hire"},
            {"error", form_error(page, error, fields)},
            {"fields", std::move(fields)}};
  }
};

Response RosterPages::roster_diff(const Page& page, const std::string& id, const std::string& organisation) const {
  const auto& query = page.request.query;
  auto number = [&](const char* key) -> std::optional<int> {
    auto it = query.find(key);
    if (it == query.end() || it->second.empty()) return 0;  // the default
    return parse_number<int>(it->second);
  };
  const auto want_from = number("from");
  const auto want_to = number("to");
  auto data = app_.service.read([&](const State& s) -> std::optional<json> {
    const auto* c = s.contract(id);
    if (!c || !want_from || !want_to) return std::nullopt;
    const auto access = api::contract_access(s, *page.principal, *c);
    const auto* party = c->party(organisation);
    if (!access.visible || !party || !access.readable_parties.contains(organisation)) return std::nullopt;
    auto it = c->rosters.find(organisation);
    const int count = it == c->rosters.end() ? 0 : static_cast<int>(it->second.size());
    const int to = *want_to ? *want_to : count;
    if (to < 1 || to > count) return std::nullopt;
    // By default, what changed since the version the city last acknowledged: what it reads before
    // acknowledging (長野市 第1).
    const int since = domain::last_acknowledged(it->second, to);
    const int from = query.contains("from") && !query.at("from").empty() ? *want_from : since;
    if (from < 0 || from >= to) return std::nullopt;
    const domain::Roster before = from == 0 ? domain::Roster{} : it->second[from - 1].roster;
    const auto& newer = it->second[to - 1];
    json changes = json::array();
    for (const auto& change : domain::diff_rosters(s, before, newer.roster))
      changes.push_back({{"text", page.language == Language::En ? change.en : change.ja}, {"kind", change.kind}});
    json from_options = json::array(), to_options = json::array();
    for (int n = 0; n <= count; ++n) {
      const auto label = n == 0 ? t(page, "diff.empty_version") : version_label(page, n);
      if (n < count) from_options.push_back({{"value", std::to_string(n)}, {"label", label}, {"selected", n == from}});
      if (n > 0) to_options.push_back({{"value", std::to_string(n)}, {"label", label}, {"selected", n == to}});
    }
    const auto base = roster_url(c->id, organisation);
    const auto newer_view = version_view(page, s, *c, newer, access.city_writer);
    // The form to acknowledge sits under the changes it acknowledges: those since the last
    // version acknowledged; for another range, a link to those.
    const auto since_label = since == 0 ? t(page, "diff.empty_version") : version_label(page, since);
    json acknowledge = nullptr, elsewhere = nullptr;
    if (newer_view["can_acknowledge"].get<bool>()) {
      if (from == since)
        acknowledge = {{"help", f(page, since == 0 ? "diff.acknowledge_help_first" : "diff.acknowledge_help",
                                  {{"from", since_label}, {"to", version_label(page, to)}})}};
      else
        elsewhere = {{"text", f(page, "diff.acknowledge_elsewhere", {{"from", since_label}})},
                     {"link", t(page, "diff.acknowledge_elsewhere_link")},
                     {"url", base + "/diff?to=" + std::to_string(to)}};
    }
    return json{{"contract", contract_head(page, *c)},
                {"party", party_label(page, s, *party)},
                {"heading", f(page, "diff.heading",
                              {{"from", from == 0 ? t(page, "diff.empty_version") : version_label(page, from)},
                               {"to", version_label(page, to)}})},
                {"changes", changes},
                {"has_changes", !changes.empty()},
                {"newer", newer_view},
                {"acknowledge", acknowledge},
                {"acknowledge_elsewhere", elsewhere},
                {"from_options", from_options},
                {"to_options", to_options},
                {"action", base + "/diff"},
                {"notice", notice(page)},
                {"back", base + "/diff?from=" + std::to_string(from) + "&to=" + std::to_string(to)}};
  });
  if (!data) return not_found(page);
  const auto title = (*data)["heading"].get<std::string>();
  return render(page, 200, "roster_diff", "dashboard", title, std::move(*data));
}

Response RosterPages::acknowledge(const Page& original, const std::string& id, const std::string& organisation,
                                  const std::string& version_text) const {
  Page page = original;
  page.self = contract_url(id);
  const auto version = parse_number<int>(version_text);
  const domain::AcknowledgeRoster command{id, organisation, version.value_or(0), page.principal->person};
  const auto allowed = app_.service.read([&](const State& s) {
    const auto* c = s.contract(id);
    const bool visible = c && version && [&] {
      const auto access = api::contract_access(s, *page.principal, *c);
      return access.visible && access.readable_parties.contains(organisation);
    }();
    return this->allowed(s, page, visible, command);
  });
  // Back to the page the form was on, if it is one of this contract's (or the dashboard).
  const auto form = page.request.form();
  auto back = form.contains("back") ? form.at("back") : std::string();
  if (!local_path(back) || !(back == contract_url(id) || back.starts_with(contract_url(id) + "/") ||
                             back.starts_with(contract_url(id) + "?") || back == "/"))
    back = contract_url(id);
  return run_form(
      page, allowed, command, "errors.acknowledge_denied", [&](const Error& error) { return failed(page, error); },
      with_query(back, "notice=acknowledged"));
}

Response RosterPages::roster_form_page(const Page& page, int status, const std::string& id,
                                       const std::string& organisation, RosterForm form, const Outcome& outcome) const {
  auto data = app_.service.read([&](const State& s) -> std::optional<json> {
    const auto* c = s.contract(id);
    if (!c) return std::nullopt;
    const auto access = api::contract_access(s, *page.principal, *c);
    const auto* party = c->party(organisation);
    if (!party || !access.writable_parties.contains(organisation)) return std::nullopt;
    // The people a party may name: its organisation's active people (and whoever the form
    // names already, so that a departed person still shows and the domain can refuse them).
    std::vector<const domain::Person*> members;
    for (const auto& [pid, p] : s.people)
      if (p.organisation == organisation && p.active()) members.push_back(&p);
    auto options = [&](const std::string& selected, bool placeholder) {
      json out = json::array();
      if (placeholder)
        out.push_back({{"value", ""}, {"label", t(page, "roster_edit.choose")}, {"selected", selected.empty()}});
      bool found = selected.empty();
      for (const auto* p : members) {
        const auto label =
            p->title.empty() ? p->name : f(page, "roster_edit.person_option", {{"name", p->name}, {"title", p->title}});
        out.push_back({{"value", p->id}, {"label", label}, {"selected", p->id == selected}});
        found = found || p->id == selected;
      }
      if (!found) {
        const auto* p = s.person(selected);
        out.push_back({{"value", selected}, {"label", p ? p->name : selected}, {"selected", true}});
      }
      return out;
    };
    auto name_of = [&](const std::string& pid) {
      const auto* p = s.person(pid);
      return p ? p->name : pid;
    };
    // Where the service's refusal belongs (before the blank rows are added: it names a row sent).
    const auto spot = outcome.refusal ? locate_error(*outcome.refusal, form) : FormSpot{};
    using Spot = FormSpot::Kind;
    auto spot_error = [&](Spot kind, std::size_t row = 0) {
      return outcome.refusal && spot.kind == kind && spot.row == row ? message(page, *outcome.refusal) : std::string();
    };
    std::string error = outcome.error;
    if (outcome.refusal) {
      if (spot.kind != Spot::Form) {
        error = t(page, "roster_edit.see_rows");
      } else {
        // People by name, not by id.
        auto named = *outcome.refusal;
        for (const char* key : {"person", "id"})
          if (auto it = named.context.find(key); it != named.context.end() && s.person(it->second))
            it->second = name_of(it->second);
        error = message_with_detail(page, named);
      }
    }
    // The contract's classes to choose from (rosters name them as the city wrote them), and a
    // value sent that is none of them, so that the domain can refuse it where it was chosen.
    auto class_options = [&](const std::string& selected) {
      json out = json::array();
      out.push_back({{"value", ""}, {"label", t(page, "roster_edit.choose")}, {"selected", selected.empty()}});
      bool found = selected.empty();
      for (const auto& [cid, cls] : c->asset_classes) {
        const bool chosen = selected == cls.name || selected == cid;
        out.push_back({{"value", chosen ? selected : cls.name},
                       {"label", page.language == Language::En && !cls.name_en.empty() ? cls.name_en : cls.name},
                       {"selected", chosen}});
        found = found || chosen;
      }
      if (!found) out.push_back({{"value", selected}, {"label", selected}, {"selected", true}});
      return out;
    };
    // One blank row of each kind to add to; the page's script adds more.
    if (form.workers.empty() || !blank(form.workers.back())) form.workers.emplace_back();
    if (form.locations.empty() || !blank(form.locations.back())) form.locations.emplace_back();
    if (form.access.empty() || !blank(form.access.back())) form.access.emplace_back();
    // A row for the template: its members as the roster declares them, and the form's own.
    auto row = [&](const std::string& i, const auto& r, const std::string& row_error = {}) {
      auto out = template_values(r.value);
      out["i"] = i;
      out["fixed"] = r.fixed;
      out["error"] = row_error;
      if constexpr (requires { r.remove; }) out["remove"] = r.remove;
      if constexpr (requires { r.value.person; }) {
        out["person_name"] = name_of(r.value.person);
        out["person_options"] = options(r.value.person, true);
      }
      if constexpr (requires { r.value.permission; }) {
        out["class_label"] = class_name(page, *c, r.value.asset_class);
        out["class_options"] = class_options(r.value.asset_class);
        out["permission_label"] = permission_text(page, r.value.permission);
        out["is_view"] = r.value.permission != "use";
        out["is_use"] = r.value.permission == "use";
      }
      return out;
    };
    json workers = json::array(), locations = json::array(), access_rows = json::array();
    for (std::size_t i = 0; i < form.workers.size(); ++i)
      workers.push_back(row(std::to_string(i), form.workers[i], spot_error(Spot::Worker, i)));
    for (std::size_t i = 0; i < form.locations.size(); ++i)
      locations.push_back(row(std::to_string(i), form.locations[i], spot_error(Spot::Location, i)));
    for (std::size_t i = 0; i < form.access.size(); ++i)
      access_rows.push_back(row(std::to_string(i), form.access[i], spot_error(Spot::Access, i)));
    const auto* latest = s.latest_roster(id, organisation);
    return json{
        {"contract", contract_head(page, *c)},
        {"party", party_label(page, s, *party)},
        {"action", roster_url(id, organisation) + "/edit"},
        {"cancel_url", contract_url(id) + "#roster-" + organisation},
        {"based_on", latest ? f(page, "roster_edit.based_on", {{"n", std::to_string(latest->version)}})
                            : t(page, "roster_edit.first_version")},
        {"base_version", std::to_string(form.base_version)},
        {"error", error},
        {"meanwhile", outcome.rebased_from
                          ? meanwhile(page, s, *c, organisation, *outcome.rebased_from, outcome.overlaps)
                          : json(nullptr)},
        {"responsible_options", options(form.responsible, true)},
        {"responsible_error", spot_error(Spot::Responsible)},
        {"manager_options", options(form.information_manager, true)},
        {"manager_error", spot_error(Spot::InformationManager)},
        {"manager_is_pio", form.manager_is_pio},
        {"workers", workers},
        {"locations", locations},
        {"access", access_rows},
        {"worker_template", row("__i__", WorkerRow{})},
        {"location_template", row("__i__", LocationRow{})},
        {"access_template", row("__i__", AccessRow{.value = {.asset_class = "", .person = "", .permission = "view"}})},
        {"labels",
         {{"roster", member_labels<domain::Roster>(page.language)},
          {"worker", member_labels<domain::RosterWorker>(page.language)},
          {"location", member_labels<domain::WorkLocation>(page.language)},
          {"access", member_labels<domain::AssetAccess>(page.language)}}},
        {"worker_next", std::to_string(form.workers.size())},
        {"location_next", std::to_string(form.locations.size())},
        {"access_next", std::to_string(form.access.size())},
        {"note", form.note},
        {"hire", hire_form(page, s, id, organisation, outcome.hire_sent, outcome.hire_error)}};
  });
  if (!data) return not_found(page);
  const auto title = f(page, "roster_edit.title", {{"party", (*data)["party"].get<std::string>()}});
  return render(page, status, "roster_edit", "dashboard", title, std::move(*data));
}

json RosterPages::meanwhile(const Page& page, const State& s, const domain::Contract& c,
                            const std::string& organisation, int from,
                            const std::vector<domain::RosterChange>& overlaps) const {
  const auto& versions = c.rosters.at(organisation);
  json recorded = json::array(), changes = json::array(), overlapping = json::array();
  for (auto n = static_cast<std::size_t>(from); n < versions.size(); ++n)
    recorded.push_back(version_view(page, s, c, versions[n], false));
  const auto& base = from == 0 ? domain::Roster{} : versions[from - 1].roster;
  const bool en = page.language == Language::En;
  for (const auto& change : domain::diff_rosters(s, base, versions.back().roster))
    changes.push_back(en ? change.en : change.ja);
  for (const auto& overlap : overlaps) overlapping.push_back(en ? overlap.en : overlap.ja);
  return {{"versions", recorded},
          {"changes", changes},
          {"overlaps", overlapping},
          {"diff_url", roster_url(c.id, organisation) + "/diff?from=" + std::to_string(from) +
                           "&to=" + std::to_string(versions.size())}};
}

Response RosterPages::roster_edit(const Page& page, const std::string& id, const std::string& organisation) const {
  auto form = app_.service.read([&](const State& s) {
    const auto* latest = s.latest_roster(id, organisation);
    auto out = latest ? form_from_roster(latest->roster, latest->version) : RosterForm{};
    // ?add=PERSON: a new hire just registered joins the edit as a worker from today.
    const auto add = page.request.query.find("add");
    const auto* person = add == page.request.query.end() ? nullptr : s.person(add->second);
    if (person && person->organisation == organisation && person->active()) {
      WorkerRow row;
      row.value.person = person->id;
      row.value.from = format_date(jst_date(app_.clock.now()));
      out.workers.push_back(std::move(row));
    }
    return out;
  });
  return roster_form_page(page, 200, id, organisation, std::move(form), {});
}

Response RosterPages::roster_submit(const Page& page, const std::string& id, const std::string& organisation) const {
  // Whoever may not submit this roster is told it does not exist, as the form's page does.
  if (!app_.service.authorize(domain::SubmitRoster{id, organisation, {}, ""}, *page.principal)) return not_found(page);
  if (auto csrf = api::check_csrf(*page.principal, page.request); !csrf) return failed(page, csrf.error());
  auto form = parse_roster_form(page.request.form());
  if (form.note.empty())
    return roster_form_page(page, 400, id, organisation, std::move(form),
                            {.error = t(page, "roster_edit.note_required")});
  // The form replaces the whole roster: one made from an older version would silently undo a
  // change submitted meanwhile. The edit is laid over the latest version instead and shown
  // again, with what changed meanwhile, for the editor to check and submit. (A submission
  // racing this check is still serialised by the service; at worst both versions are
  // recorded, each complete.)
  auto rebased = app_.service.read([&](const State& s) -> std::optional<std::pair<RosterForm, Outcome>> {
    const auto* c = s.contract(id);
    const auto* versions = c && c->rosters.contains(organisation) ? &c->rosters.at(organisation) : nullptr;
    const int current = versions ? static_cast<int>(versions->size()) : 0;
    if (form.base_version == current) return std::nullopt;
    if (form.base_version < 0 || form.base_version > current)
      return std::pair{std::move(form), Outcome{.error = t(page, "roster_edit.stale")}};
    const domain::Roster base = form.base_version == 0 ? domain::Roster{} : (*versions)[form.base_version - 1].roster;
    const auto& theirs = versions->back().roster;
    auto merged = domain::rebase_roster(s, base, roster_from_form(form), theirs);
    return std::pair{rebased_form(merged.roster, theirs, current, form.note),
                     Outcome{.error = t(page, "roster_edit.rebased"),
                             .rebased_from = form.base_version,
                             .overlaps = std::move(merged.overlaps)}};
  });
  if (rebased) return roster_form_page(page, 409, id, organisation, std::move(rebased->first), rebased->second);
  auto done =
      app_.service.execute(domain::SubmitRoster{id, organisation, roster_from_form(form), form.note}, *page.principal);
  if (!done)
    return roster_form_page(page, http_status(done.error().kind), id, organisation, std::move(form),
                            {.refusal = &done.error()});
  return redirect(page.request, contract_url(id) + "?notice=roster_submitted#roster-" + organisation);
}

Response RosterPages::hire(const Page& original, const std::string& id, const std::string& organisation) const {
  Page page = original;
  page.self = roster_url(id, organisation) + "/edit";
  const auto sent = page.request.form();
  auto command = command_from_form<domain::RegisterPerson>(sent, {{"organisation", organisation}});
  // The id is the system's: the next free p-NNNNN.
  command.id = app_.service.read([&](const State& s) {
    for (std::size_t n = s.people.size() + 1;; ++n)
      if (auto candidate = fmt::format("p-{:05d}", n); !s.person(candidate)) return candidate;
  });
  const auto allowed = app_.service.read([&](const State& s) {
    const auto* c = s.contract(id);
    const bool visible = c && c->party(organisation) &&
                         api::contract_access(s, *page.principal, *c).writable_parties.contains(organisation);
    return this->allowed(s, page, visible, command);
  });
  return run_form(
      page, allowed, command, "roster_edit.hire_denied",
      [&](const Error& error) {
        auto form = app_.service.read([&](const State& s) {
          const auto* latest = s.latest_roster(id, organisation);
          return latest ? form_from_roster(latest->roster, latest->version) : RosterForm{};
        });
        return roster_form_page(page, http_status(error.kind), id, organisation, std::move(form),
                                {.hire_sent = sent, .hire_error = &error});
      },
      roster_url(id, organisation) + "/edit?add=" + http::percent_encode(command.id) + "#workers");
}

}  // namespace

void register_roster_pages(http::Router& router, api::AppContext& app) {
  const auto page = PageFrame::signed_in_routes(std::make_shared<RosterPages>(app));
  const std::string r = "/contracts/{id}/rosters/{org}";
  router.get(r + "/diff", "pages.roster_diff", page([](const RosterPages& p, const Page& pg) {
               return p.roster_diff(pg, pg.param("id"), pg.param("org"));
             }));
  router.post(r + "/versions/{n}/acknowledge", "pages.roster_acknowledge",
              page([](const RosterPages& p, const Page& pg) {
                return p.acknowledge(pg, pg.param("id"), pg.param("org"), pg.param("n"));
              }));
  router.get(r + "/edit", "pages.roster_edit", page([](const RosterPages& p, const Page& pg) {
               return p.roster_edit(pg, pg.param("id"), pg.param("org"));
             }));
  router.post(r + "/edit", "pages.roster_submit", page([](const RosterPages& p, const Page& pg) {
                return p.roster_submit(pg, pg.param("id"), pg.param("org"));
              }));
  router.post(r + "/hire", "pages.roster_hire",
              page([](const RosterPages& p, const Page& pg) { return p.hire(pg, pg.param("id"), pg.param("org")); }));
}

}  // namespace itaku::web
