#include "itaku/web/pages.hpp"

#include <algorithm>
#include <functional>
#include <memory>
#include <set>

#include <nlohmann/json.hpp>

#include "itaku/api/api.hpp"
#include "itaku/api/authorization.hpp"
#include "itaku/api/session.hpp"
#include "itaku/crypto/base64.hpp"
#include "itaku/domain/authorization.hpp"
#include "itaku/domain/commands.hpp"
#include "itaku/domain/roster_diff.hpp"
#include "itaku/ledger/proof_json.hpp"
#include "itaku/web/asset_pages.hpp"
#include "itaku/web/assets.hpp"
#include "itaku/web/badge_pages.hpp"
#include "itaku/web/frame.hpp"
#include "itaku/web/i18n.hpp"
#include "itaku/web/render.hpp"
#include "itaku/web/roster_form.hpp"

namespace itaku::web {

namespace {

using domain::State;
using http::Language;
using http::Request;
using http::Response;
using nlohmann::json;

std::string roster_url(const std::string& contract, const std::string& organisation) {
  return contract_url(contract) + "/rosters/" + http::percent_encode(organisation);
}
std::string with_query(std::string url, std::string_view pair) {
  const auto hash = url.find('#');
  const auto fragment = hash == std::string::npos ? std::string() : url.substr(hash);
  url = url.substr(0, hash);
  return url + (url.find('?') == std::string::npos ? "?" : "&") + std::string(pair) + fragment;
}

// The pages, drawn in the frame (frame.hpp), whose t(page, …) and render(…) they call as their own.
class Pages : public PageFrame {
 public:
  // The notices a redirect may ask these pages to show.
  explicit Pages(api::AppContext& app) : PageFrame(app, {"acknowledged", "roster_submitted"}) {}

  void register_routes(http::Router& router, const std::shared_ptr<Pages>& self);

 private:
  // --- shared view pieces ---
  json person_ref(const Page& page, const State& state, const std::string& id) const;
  std::string actor_text(const Page& page, const State& state, const std::string& actor) const;
  std::string departure_text(const Page& page, const domain::Departure& departure) const;
  std::string contract_state(const Page& page, domain::ContractState state) const {
    return t(page, "state." + std::string(domain::to_string(state)));
  }
  std::string party_symbol(const Page& page, domain::PartyRole role) const {
    return t(page, "party." + std::string(domain::to_string(role)));
  }
  std::string roles_text(const Page& page, const State& state, const domain::Contract& contract) const;
  json contract_head(const Page& page, const domain::Contract& contract) const;
  json roster_view(const Page& page, const State& state, const domain::RosterVersion& version) const;
  json version_view(const Page& page, const State& state, const domain::Contract& contract,
                    const domain::RosterVersion& version, bool city_writer) const;
  json party_tree(const Page& page, const State& state, const domain::Contract& contract,
                  const api::ContractAccess& access, const domain::Party& party) const;

  // --- pages ---
  Response login_form(const Page& page, int status, const std::string& login, const std::string& next,
                      const std::string& error) const;
  Response login(Request& request) const;
  Response login_submit(Request& request) const;
  Response logout(Request& request) const;
  Response dashboard(const Page& page) const;
  Response contract(const Page& page, const std::string& id) const;
  Response roster_diff(const Page& page, const std::string& id, const std::string& organisation) const;
  Response acknowledge(const Page& page, const std::string& id, const std::string& organisation,
                       const std::string& version) const;
  Response roster_edit(const Page& page, const std::string& id, const std::string& organisation) const;
  Response roster_submit(const Page& page, const std::string& id, const std::string& organisation) const;
  Response roster_form_page(const Page& page, int status, const std::string& id, const std::string& organisation,
                            RosterForm form, const std::string& error) const;
  Response organisations(const Page& page) const;
  Response people(const Page& page) const;
  Response person(const Page& page, const std::string& id) const;
  Response ledger(const Page& page, int status = 200, const std::string& error = {}) const;
  Response ledger_lookup(const Page& page) const;
  Response ledger_entry(const Page& page, const std::string& index) const;
  Response ledger_proof(const Page& page, const std::string& index) const;
  Response static_file(const Request& request, const std::string& name) const;

  // The entry at `index` and whether the principal may see its content (api::may_read_entry).
  struct LedgerEntry {
    std::uint64_t index = 0;
    json entry;
    std::string contract;
    bool visible = false;
  };
  std::optional<LedgerEntry> ledger_entry_at(const Page& page, const std::string& index) const;
};

// ---------------------------------------------------------------------------------------
// Shared view pieces

std::string Pages::departure_text(const Page& page, const domain::Departure& departure) const {
  return f(page, "person.departed_on",
           {{"reason", t(page, "departure." + std::string(domain::to_string(departure.reason)))},
            {"date", date_text(catalog_, page.language, departure.effective)}});
}

json Pages::person_ref(const Page& page, const State& state, const std::string& id) const {
  const auto* person = state.person(id);
  json out{{"id", id}, {"name", person ? person->name : id}, {"url", ""}, {"status", ""}};
  if (person && api::may_read_person(state, *page.principal, *person))
    out["url"] = "/people/" + http::percent_encode(id);
  if (person && person->departure) out["status"] = departure_text(page, *person->departure);
  return out;
}

std::string Pages::actor_text(const Page& page, const State& state, const std::string& actor) const {
  if (actor.starts_with("person:")) {
    const auto id = actor.substr(7);
    const auto* person = state.person(id);
    return person ? person->name : id;
  }
  if (actor.starts_with("cli:")) return f(page, "actor.cli", {{"login", actor.substr(4)}});
  // A token is shown as the token, with the user it acts for: never as that person.
  if (actor.starts_with("token:")) {
    const auto id = actor.substr(6);
    const auto it = state.tokens.find(id);
    return f(page, "actor.token", {{"id", id}, {"login", it == state.tokens.end() ? "?" : it->second.login}});
  }
  if (actor == "system") return t(page, "actor.system");
  return actor;
}

std::string Pages::roles_text(const Page& page, const State& state, const domain::Contract& contract) const {
  std::vector<std::string> labels;
  if (page.principal->admin) labels.push_back(t(page, "role.admin"));
  for (const auto& role : state.roles_of(page.principal->person, contract.id))
    labels.push_back(t(page, "role." + role));
  std::string out;
  for (const auto& label : labels) out += (out.empty() ? "" : t(page, "format.list_separator")) + label;
  return out;
}

json Pages::contract_head(const Page& page, const domain::Contract& c) const {
  return {{"id", c.id},
          {"url", contract_url(c.id)},
          {"number", c.number},
          {"title", c.title},
          {"state", contract_state(page, c.state)},
          {"state_code", std::string(domain::to_string(c.state))},
          {"period", f(page, "format.period",
                       {{"from", date_text(catalog_, page.language, c.period_from)},
                        {"until", date_text(catalog_, page.language, c.period_until)}})}};
}

json Pages::roster_view(const Page& page, const State& state, const domain::RosterVersion& v) const {
  const auto& r = v.roster;
  const auto today = format_date(jst_date(app_.clock.now()));
  json workers = json::array();
  for (const auto& w : r.workers)
    workers.push_back(
        {{"person", person_ref(page, state, w.person)},
         {"work", w.work},
         {"from", date_text(catalog_, page.language, w.from)},
         {"until", w.until.empty() ? t(page, "roster.open_ended") : date_text(catalog_, page.language, w.until)},
         {"ended", !w.until.empty() && w.until < today}});
  json locations = json::array();
  for (const auto& l : r.locations)
    locations.push_back(
        {{"name", l.name}, {"address", l.address}, {"hours", l.hours}, {"city_premises", l.city_premises}});
  json access = json::array();
  for (const auto& a : r.access)
    access.push_back({{"asset_class", a.asset_class},
                      {"person", person_ref(page, state, a.person)},
                      {"permission", t(page, "permission." + (a.permission == "use" ? std::string("use") : "view"))}});
  return {{"version_label", f(page, "roster.version_n", {{"n", std::to_string(v.version)}})},
          {"responsible", person_ref(page, state, r.responsible)},
          {"information_manager", person_ref(page, state, r.information_manager)},
          {"manager_is_pio", r.manager_is_personal_information_officer},
          {"workers", workers},
          {"has_workers", !workers.empty()},
          {"locations", locations},
          {"access", access},
          {"has_access", !access.empty()}};
}

json Pages::version_view(const Page& page, const State& state, const domain::Contract& contract,
                         const domain::RosterVersion& v, bool city_writer) const {
  const auto base = roster_url(contract.id, v.organisation);
  json out{{"number", v.version},
           {"label", f(page, "roster.version_n", {{"n", std::to_string(v.version)}})},
           {"submitted_at", time_text(v.submitted_at)},
           {"submitted_by", actor_text(page, state, v.submitted_by)},
           {"note", v.note},
           {"acknowledged", v.acknowledged_by.has_value()},
           {"acknowledged_text", ""},
           {"diff_url", base + "/diff?from=" + std::to_string(v.version - 1) + "&to=" + std::to_string(v.version)},
           {"can_acknowledge", city_writer && !v.acknowledged_by},
           {"acknowledge_label", f(page, "roster.acknowledge_label",
                                   {{"version", f(page, "roster.version_n", {{"n", std::to_string(v.version)}})},
                                    {"party", organisation_name(page, state, v.organisation)}})},
           {"acknowledge_action", base + "/versions/" + std::to_string(v.version) + "/acknowledge"}};
  if (v.acknowledged_by) {
    const auto* by = state.person(*v.acknowledged_by);
    out["acknowledged_text"] = f(
        page, "roster.acknowledged_by",
        {{"name", by ? by->name : *v.acknowledged_by}, {"at", v.acknowledged_at ? time_text(*v.acknowledged_at) : ""}});
  }
  return out;
}

json Pages::party_tree(const Page& page, const State& state, const domain::Contract& contract,
                       const api::ContractAccess& access, const domain::Party& party) const {
  json children = json::array();
  for (const auto& p : contract.parties)
    if (p.role == domain::PartyRole::Subcontractor && p.parent == party.organisation) {
      auto child = party_tree(page, state, contract, access, p);
      if (!child.is_null()) children.push_back(std::move(child));
    }
  // A subcontractor is shown to those who may read it, and as the link in the chain above
  // one they may read; its siblings stay hidden (長野市 第11: each answers for its own).
  if (party.role == domain::PartyRole::Subcontractor && !access.readable_parties.contains(party.organisation) &&
      children.empty())
    return nullptr;
  const bool readable = access.readable_parties.contains(party.organisation) && party.role != domain::PartyRole::City;
  return {{"symbol", party_symbol(page, party.role)},
          {"name", organisation_name(page, state, party.organisation)},
          {"id", party.organisation},
          {"roster_anchor", readable ? "#roster-" + party.organisation : ""},
          {"engaged_by", party.role == domain::PartyRole::Subcontractor
                             ? f(page, "contract.engaged_by", {{"name", organisation_name(page, state, party.parent)}})
                             : ""},
          {"children", children},
          {"has_children", !children.empty()}};
}

// ---------------------------------------------------------------------------------------
// Sign-in

Response Pages::login_form(const Page& page, int status, const std::string& login, const std::string& next,
                           const std::string& error) const {
  // Every form shown gets a fresh login token (api/session.hpp: login CSRF).
  const auto token = api::new_login_token();
  auto r = render(page, status, "login", "", t(page, "login.title"),
                  {{"login", login}, {"next", local_path(next) ? next : ""}, {"error", error}, {"csrf_token", token}});
  r.headers.emplace_back("Set-Cookie", api::login_cookie(page.request, token));
  return r;
}

Response Pages::login(Request& request) const {
  Page page{request, request.language(), nullptr, request.path};
  auto found = api::authenticate(app_, request);
  if (found.ok() && found->has_value()) return redirect(request, "/");
  auto next = request.query.contains("next") ? request.query.at("next") : std::string();
  return login_form(page, 200, "", next, "");
}

Response Pages::login_submit(Request& request) const {
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

Response Pages::logout(Request& request) const {
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

// ---------------------------------------------------------------------------------------
// Dashboard and contracts

Response Pages::dashboard(const Page& page) const {
  auto data = app_.service.read([&](const State& s) {
    json contracts = json::array();
    json pending = json::array();
    bool city = false;
    for (const auto& [id, c] : s.contracts) {
      const auto access = api::contract_access(s, *page.principal, c);
      if (!access.visible) continue;
      auto row = contract_head(page, c);
      row["city"] = c.city() ? organisation_name(page, s, c.city()->organisation) : "";
      row["contractor"] = c.contractor() ? organisation_name(page, s, c.contractor()->organisation) : "";
      row["roles"] = roles_text(page, s, c);
      contracts.push_back(std::move(row));
      if (!access.city) continue;
      city = true;
      for (const auto& party : c.parties) {
        const auto* latest = s.latest_roster(c.id, party.organisation);
        if (!latest || latest->acknowledged_by) continue;
        auto version = version_view(page, s, c, *latest, access.city_writer);
        version["contract"] = contract_head(page, c);
        version["party"] = party_symbol(page, party.role) + " " + organisation_name(page, s, party.organisation);
        pending.push_back(std::move(version));
      }
    }
    return json{{"contracts", contracts}, {"has_contracts", !contracts.empty()},
                {"pending", pending},     {"has_pending", !pending.empty()},
                {"show_pending", city},   {"back", "/"},
                {"notice", notice(page)}};
  });
  return render(page, 200, "dashboard", "dashboard", t(page, "dashboard.title"), std::move(data));
}

Response Pages::contract(const Page& page, const std::string& id) const {
  auto data = app_.service.read([&](const State& s) -> std::optional<json> {
    const auto* c = s.contract(id);
    if (!c) return std::nullopt;
    const auto access = api::contract_access(s, *page.principal, *c);
    if (!access.visible) return std::nullopt;
    auto head = contract_head(page, *c);
    head["department"] = c->department;
    head["work"] = c->work_description;
    const auto* set = s.provision_set(c->provisions.name, c->provisions.version);
    head["provisions"] = {{"label", f(page, "contract.provisions_value",
                                      {{"municipality", set ? set->municipality : ""},
                                       {"title", set ? set->title : c->provisions.name}})},
                          {"name", c->provisions.name},
                          {"version", c->provisions.version},
                          {"hash", c->provisions.hash.substr(0, 16)}};
    json parties = json::array();
    for (const auto& p : c->parties)
      if (p.role != domain::PartyRole::Subcontractor) parties.push_back(party_tree(page, s, *c, access, p));
    json rosters = json::array();
    for (const auto& p : c->parties) {
      if (p.role == domain::PartyRole::City || !access.readable_parties.contains(p.organisation)) continue;
      const bool writable = access.writable_parties.contains(p.organisation);
      json block{{"anchor", "roster-" + p.organisation},
                 {"heading", party_symbol(page, p.role) + " " + organisation_name(page, s, p.organisation)},
                 {"can_edit", writable},
                 {"edit_url", roster_url(c->id, p.organisation) + "/edit"},
                 {"has_roster", false},
                 {"latest", nullptr},
                 {"versions", json::array()}};
      auto it = c->rosters.find(p.organisation);
      if (it != c->rosters.end() && !it->second.empty()) {
        const auto& latest = it->second.back();
        block["has_roster"] = true;
        block["latest"] = roster_view(page, s, latest);
        block["latest"]["version"] = version_view(page, s, *c, latest, access.city_writer);
        for (auto v = it->second.rbegin(); v != it->second.rend(); ++v)
          block["versions"].push_back(version_view(page, s, *c, *v, access.city_writer));
      }
      rosters.push_back(std::move(block));
    }
    // Leavers' badges not yet back (木更津市 第11条(1)), counted beside the link to the badges.
    std::size_t badges_due = 0;
    for (const auto& [number, badge] : c->badges)
      if (badge.return_outstanding() && domain::may_read_badge(access, badge)) ++badges_due;
    head["badges_due"] =
        badges_due == 0 ? std::string() : f(page, "badges.due_count", {{"n", std::to_string(badges_due)}});
    return json{{"contract", head},
                {"parties", parties},
                {"rosters", rosters},
                {"notice", notice(page)},
                {"back", contract_url(c->id)}};
  });
  if (!data) return not_found(page);
  const auto title = (*data)["contract"]["title"].get<std::string>();
  return render(page, 200, "contract", "dashboard", title, std::move(*data));
}

Response Pages::roster_diff(const Page& page, const std::string& id, const std::string& organisation) const {
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
    const int from = query.contains("from") && !query.at("from").empty() ? *want_from : to - 1;
    if (to < 1 || to > count || from < 0 || from >= to) return std::nullopt;
    const domain::Roster before = from == 0 ? domain::Roster{} : it->second[from - 1].roster;
    const auto& newer = it->second[to - 1];
    json changes = json::array();
    for (const auto& change : domain::diff_rosters(s, before, newer.roster))
      changes.push_back({{"text", page.language == Language::En ? change.en : change.ja}, {"kind", change.kind}});
    json from_options = json::array(), to_options = json::array();
    for (int n = 0; n <= count; ++n) {
      const auto label =
          n == 0 ? t(page, "diff.empty_version") : f(page, "roster.version_n", {{"n", std::to_string(n)}});
      if (n < count) from_options.push_back({{"value", std::to_string(n)}, {"label", label}, {"selected", n == from}});
      if (n > 0) to_options.push_back({{"value", std::to_string(n)}, {"label", label}, {"selected", n == to}});
    }
    const auto base = roster_url(c->id, organisation);
    return json{{"contract", contract_head(page, *c)},
                {"party", party_symbol(page, party->role) + " " + organisation_name(page, s, organisation)},
                {"heading", f(page, "diff.heading",
                              {{"from", from == 0 ? t(page, "diff.empty_version")
                                                  : f(page, "roster.version_n", {{"n", std::to_string(from)}})},
                               {"to", f(page, "roster.version_n", {{"n", std::to_string(to)}})}})},
                {"changes", changes},
                {"has_changes", !changes.empty()},
                {"newer", version_view(page, s, *c, newer, access.city_writer)},
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

Response Pages::acknowledge(const Page& original, const std::string& id, const std::string& organisation,
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

// ---------------------------------------------------------------------------------------
// Roster edit form

Response Pages::roster_form_page(const Page& page, int status, const std::string& id, const std::string& organisation,
                                 RosterForm form, const std::string& error) const {
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
    // One blank row of each kind to add to; the page's script adds more.
    auto blank_worker = [](const WorkerRow& w) {
      return !w.fixed && w.person.empty() && w.work.empty() && w.from.empty() && w.until.empty();
    };
    if (form.workers.empty() || !blank_worker(form.workers.back())) form.workers.push_back({});
    if (form.locations.empty() || form.locations.back().fixed || !form.locations.back().name.empty() ||
        !form.locations.back().address.empty())
      form.locations.push_back({});
    if (form.access.empty() || form.access.back().fixed || !form.access.back().asset_class.empty() ||
        !form.access.back().person.empty())
      form.access.push_back({});
    json workers = json::array(), locations = json::array(), access_rows = json::array();
    for (std::size_t i = 0; i < form.workers.size(); ++i) {
      const auto& w = form.workers[i];
      workers.push_back({{"i", std::to_string(i)},
                         {"fixed", w.fixed},
                         {"person", w.person},
                         {"person_name", name_of(w.person)},
                         {"person_options", options(w.person, true)},
                         {"work", w.work},
                         {"from", w.from},
                         {"until", w.until}});
    }
    for (std::size_t i = 0; i < form.locations.size(); ++i) {
      const auto& l = form.locations[i];
      locations.push_back({{"i", std::to_string(i)},
                           {"fixed", l.fixed},
                           {"id", l.id},
                           {"name", l.name},
                           {"address", l.address},
                           {"hours", l.hours},
                           {"city_premises", l.city_premises},
                           {"remove", l.remove}});
    }
    std::set<std::string> classes;
    for (std::size_t i = 0; i < form.access.size(); ++i) {
      const auto& a = form.access[i];
      if (!a.asset_class.empty()) classes.insert(a.asset_class);
      access_rows.push_back(
          {{"i", std::to_string(i)},
           {"fixed", a.fixed},
           {"asset_class", a.asset_class},
           {"person", a.person},
           {"person_name", name_of(a.person)},
           {"person_options", options(a.person, true)},
           {"permission_label", t(page, "permission." + (a.permission == "use" ? std::string("use") : "view"))},
           {"permission", a.permission},
           {"is_view", a.permission != "use"},
           {"is_use", a.permission == "use"},
           {"remove", a.remove}});
    }
    json class_list = json::array();
    for (const auto& name : classes) class_list.push_back(name);
    const auto* latest = s.latest_roster(id, organisation);
    return json{{"contract", contract_head(page, *c)},
                {"party", party_symbol(page, party->role) + " " + organisation_name(page, s, organisation)},
                {"action", roster_url(id, organisation) + "/edit"},
                {"cancel_url", contract_url(id) + "#roster-" + organisation},
                {"based_on", latest ? f(page, "roster_edit.based_on", {{"n", std::to_string(latest->version)}})
                                    : t(page, "roster_edit.first_version")},
                {"base_version", std::to_string(form.base_version)},
                {"error", error},
                {"responsible_options", options(form.responsible, true)},
                {"manager_options", options(form.information_manager, true)},
                {"manager_is_pio", form.manager_is_pio},
                {"workers", workers},
                {"locations", locations},
                {"access", access_rows},
                {"asset_classes", class_list},
                {"worker_template",
                 {{"i", "__i__"},
                  {"fixed", false},
                  {"person", ""},
                  {"person_name", ""},
                  {"person_options", options("", true)},
                  {"work", ""},
                  {"from", ""},
                  {"until", ""}}},
                {"location_template",
                 {{"i", "__i__"},
                  {"fixed", false},
                  {"id", ""},
                  {"name", ""},
                  {"address", ""},
                  {"hours", ""},
                  {"city_premises", false},
                  {"remove", false}}},
                {"access_template",
                 {{"i", "__i__"},
                  {"fixed", false},
                  {"asset_class", ""},
                  {"person", ""},
                  {"person_name", ""},
                  {"person_options", options("", true)},
                  {"permission_label", ""},
                  {"permission", "view"},
                  {"is_view", true},
                  {"is_use", false},
                  {"remove", false}}},
                {"worker_next", std::to_string(form.workers.size())},
                {"location_next", std::to_string(form.locations.size())},
                {"access_next", std::to_string(form.access.size())},
                {"note", form.note}};
  });
  if (!data) return not_found(page);
  const auto title = f(page, "roster_edit.title", {{"party", (*data)["party"].get<std::string>()}});
  return render(page, status, "roster_edit", "dashboard", title, std::move(*data));
}

Response Pages::roster_edit(const Page& page, const std::string& id, const std::string& organisation) const {
  auto form = app_.service.read([&](const State& s) {
    const auto* latest = s.latest_roster(id, organisation);
    return latest ? form_from_roster(latest->roster, latest->version) : RosterForm{};
  });
  return roster_form_page(page, 200, id, organisation, std::move(form), "");
}

Response Pages::roster_submit(const Page& page, const std::string& id, const std::string& organisation) const {
  // Whoever may not submit this roster is told it does not exist, as the form's page does.
  if (!app_.service.authorize(domain::SubmitRoster{id, organisation, {}, ""}, *page.principal)) return not_found(page);
  if (auto csrf = api::check_csrf(*page.principal, page.request); !csrf) return failed(page, csrf.error());
  auto form = parse_roster_form(page.request.form());
  if (form.note.empty())
    return roster_form_page(page, 400, id, organisation, std::move(form), t(page, "roster_edit.note_required"));
  // The form replaces the whole roster: one made from an older version would silently undo
  // a change submitted meanwhile. (A submission racing this check is still serialised by the
  // service; at worst both versions are recorded, each complete.)
  const auto current = app_.service.read([&](const State& s) {
    const auto* latest = s.latest_roster(id, organisation);
    return latest ? latest->version : 0;
  });
  if (form.base_version != current)
    return roster_form_page(page, 409, id, organisation, std::move(form), t(page, "roster_edit.stale"));
  auto done =
      app_.service.execute(domain::SubmitRoster{id, organisation, roster_from_form(form), form.note}, *page.principal);
  if (!done)
    return roster_form_page(page, http_status(done.error().kind), id, organisation, std::move(form),
                            message_with_detail(page, done.error()));
  return redirect(page.request, contract_url(id) + "?notice=roster_submitted#roster-" + organisation);
}

// ---------------------------------------------------------------------------------------
// Organisations and people

Response Pages::organisations(const Page& page) const {
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

Response Pages::people(const Page& page) const {
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

Response Pages::person(const Page& page, const std::string& id) const {
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
              roles.push_back(
                  f(page, "person.access_role",
                    {{"asset_class", a.asset_class},
                     {"permission", t(page, "permission." + (a.permission == "use" ? std::string("use") : "view"))}}));
          if (roles.empty()) continue;
          std::string text;
          for (const auto& r : roles) text += (text.empty() ? "" : t(page, "format.list_separator")) + r;
          history.push_back({{"contract", contract_head(page, c)},
                             {"version", f(page, "roster.version_n", {{"n", std::to_string(v.version)}})},
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

// ---------------------------------------------------------------------------------------
// Ledger

Response Pages::ledger(const Page& page, int status, const std::string& error) const {
  json data{{"error", error}, {"has_checkpoint", false}, {"size", std::to_string(app_.ledger.size())}};
  if (auto latest = app_.ledger.latest_checkpoint()) {
    data["has_checkpoint"] = true;
    data["checkpoint"] = {{"origin", latest->checkpoint.origin},
                          {"size", std::to_string(latest->checkpoint.size)},
                          {"root", crypto::base64_encode(latest->checkpoint.root)},
                          {"note", latest->note}};
  }
  auto identity = ledger::read_identity(app_.database);
  data["verifier_key"] = identity ? identity->verifier_key : std::string();
  data["last_index"] = std::to_string(app_.ledger.size() ? app_.ledger.size() - 1 : 0);
  return render(page, status, "ledger", "ledger", t(page, "ledger.title"), std::move(data));
}

Response Pages::ledger_lookup(const Page& page) const {
  auto it = page.request.query.find("index");
  const auto index = it == page.request.query.end() ? std::nullopt : parse_number<std::uint64_t>(it->second);
  if (!index || *index >= app_.ledger.size()) {
    Page at_ledger = page;
    at_ledger.self = "/ledger";
    return ledger(at_ledger, 400, f(page, "ledger.index_invalid", {{"last", std::to_string(app_.ledger.size() - 1)}}));
  }
  return redirect(page.request, "/ledger/entries/" + std::to_string(*index));
}

std::optional<Pages::LedgerEntry> Pages::ledger_entry_at(const Page& page, const std::string& text) const {
  const auto index = parse_number<std::uint64_t>(text);
  if (!index || *index >= app_.ledger.size()) return std::nullopt;
  auto stored = app_.ledger.entry(*index);
  if (!stored) return std::nullopt;
  LedgerEntry out;
  out.index = *index;
  try {
    out.entry = json::parse(*stored);
  } catch (const json::exception&) {
    // A stored entry that is not JSON is shown to nobody; its proof still says whether it verifies.
    out.entry = nullptr;
  }
  if (out.entry.is_object() && out.entry.contains("event") && out.entry["event"].is_object() &&
      out.entry["event"].contains("contract") && out.entry["event"]["contract"].is_string())
    out.contract = out.entry["event"]["contract"].get<std::string>();
  // The one rule for every view of an entry: whoever may read the object it records.
  out.visible = app_.service.read([&](const State& s) { return api::may_read_entry(s, *page.principal, *stored); });
  return out;
}

Response Pages::ledger_entry(const Page& page, const std::string& index_text) const {
  auto entry = ledger_entry_at(page, index_text);
  if (!entry) return not_found(page);
  json data{{"index", std::to_string(entry->index)},
            {"visible", entry->visible},
            {"verified", false},
            {"failure", ""},
            {"proof", nullptr},
            {"event", nullptr}};
  auto proof = ledger::inclusion_proof_json(app_.ledger, entry->index);
  auto identity = ledger::read_identity(app_.database);
  if (!proof) {
    data["failure"] = message(page, proof.error());
  } else if (!identity) {
    data["failure"] = message(page, identity.error());
  } else {
    auto verified = ledger::verify_proof_json(*proof, identity->verifier_key);
    data["verified"] = verified.ok();
    if (!verified) data["failure"] = message(page, verified.error()) + " [" + verified.error().code + "]";
    data["proof"] = {{"tree_size", std::to_string(proof->value("tree_size", std::uint64_t{0}))},
                     {"leaf_hash", proof->value("leaf_hash", "")},
                     {"root_hash", proof->value("root_hash", "")},
                     {"hashes", std::to_string((*proof)["hashes"].size())},
                     {"checkpoint", proof->value("checkpoint", "")},
                     {"verifier_key", identity->verifier_key},
                     {"url", "/ledger/entries/" + std::to_string(entry->index) + "/proof"},
                     {"with_entry", entry->visible}};
  }
  if (entry->visible) {
    const auto& event = entry->entry.contains("event") ? entry->entry["event"] : entry->entry;
    auto text_of = [&](const char* key) {
      return event.is_object() && event.contains(key) && event[key].is_string() ? event[key].get<std::string>()
                                                                                : std::string();
    };
    const auto at = parse_utc(text_of("at"));
    data["event"] = app_.service.read([&](const State& s) {
      return json{{"type", text_of("type")},
                  {"at", at ? time_text(*at) : text_of("at")},
                  {"actor", actor_text(page, s, text_of("actor"))},
                  {"contract", entry->contract},
                  {"contract_url",
                   entry->contract.empty() || !s.contract(entry->contract) ? "" : contract_url(entry->contract)},
                  {"json", entry->entry.dump(2, ' ', false, json::error_handler_t::replace)}};
    });
  }
  const auto title = f(page, "ledger_entry.title", {{"index", std::to_string(entry->index)}});
  data["heading"] = title;
  return render(page, 200, "ledger_entry", "ledger", title, std::move(data));
}

Response Pages::ledger_proof(const Page& page, const std::string& index_text) const {
  const auto index = parse_number<std::uint64_t>(index_text);
  if (!index || *index >= app_.ledger.size()) return not_found(page);
  // The entry's content only for those who may read it; the proof of its leaf hash for all.
  auto proof = api::inclusion_proof_for(app_, *page.principal, *index);
  if (!proof) return failed(page, proof.error());
  auto r = Response::json(200, *proof);
  r.set_header("Content-Disposition", "attachment; filename=\"itaku-proof-" + std::to_string(*index) + ".json\"");
  finish(page.request, r);
  return r;
}

// ---------------------------------------------------------------------------------------
// Static files

Response Pages::static_file(const Request& request, const std::string& name) const {
  const auto path = "static/" + name;
  const auto content = asset(path);
  if (!content) return not_found(Page{request, request.language(), nullptr, "/"});
  const auto version = asset_version(path);
  const auto etag = "\"" + version + "\"";
  Response r;
  const auto match = request.header("if-none-match");
  if (match && *match == etag) {
    r.status = 304;
  } else {
    r = Response::text(200, std::string(*content), std::string(content_type(name)));
  }
  r.set_header("ETag", etag);
  // A URL with the file's fingerprint never changes its content; a bare one may, on upgrade.
  auto v = request.query.find("v");
  r.set_header("Cache-Control", v != request.query.end() && v->second == version ? "public, max-age=31536000, immutable"
                                                                                 : "public, max-age=300");
  return r;
}

// ---------------------------------------------------------------------------------------
// Routes

void Pages::register_routes(http::Router& router, const std::shared_ptr<Pages>& self) {
  auto page = [self](std::function<Response(const Pages&, const Page&)> body) {
    return signed_in_route(self, std::move(body));
  };
  auto param = [](const Page& page, const char* name) { return page.request.params.at(name); };

  router.get("/login", "pages.login", [self](Request& r) { return self->login(r); });
  router.post("/login", "pages.login_submit", [self](Request& r) { return self->login_submit(r); });
  router.post("/logout", "pages.logout", [self](Request& r) { return self->logout(r); });
  router.get("/static/{file}", "pages.static",
             [self](Request& r) { return self->static_file(r, r.params.at("file")); });
  router.get("/", "pages.dashboard", page([](const Pages& p, const Page& pg) { return p.dashboard(pg); }));
  router.get("/contracts/{id}", "pages.contract",
             page([param](const Pages& p, const Page& pg) { return p.contract(pg, param(pg, "id")); }));
  router.get("/contracts/{id}/rosters/{org}/diff", "pages.roster_diff", page([param](const Pages& p, const Page& pg) {
               return p.roster_diff(pg, param(pg, "id"), param(pg, "org"));
             }));
  router.post("/contracts/{id}/rosters/{org}/versions/{n}/acknowledge", "pages.roster_acknowledge",
              page([param](const Pages& p, const Page& pg) {
                return p.acknowledge(pg, param(pg, "id"), param(pg, "org"), param(pg, "n"));
              }));
  router.get("/contracts/{id}/rosters/{org}/edit", "pages.roster_edit", page([param](const Pages& p, const Page& pg) {
               return p.roster_edit(pg, param(pg, "id"), param(pg, "org"));
             }));
  router.post(
      "/contracts/{id}/rosters/{org}/edit", "pages.roster_submit",
      page([param](const Pages& p, const Page& pg) { return p.roster_submit(pg, param(pg, "id"), param(pg, "org")); }));
  router.get("/organisations", "pages.organisations",
             page([](const Pages& p, const Page& pg) { return p.organisations(pg); }));
  router.get("/people", "pages.people", page([](const Pages& p, const Page& pg) { return p.people(pg); }));
  router.get("/people/{id}", "pages.person",
             page([param](const Pages& p, const Page& pg) { return p.person(pg, param(pg, "id")); }));
  router.get("/ledger", "pages.ledger", page([](const Pages& p, const Page& pg) { return p.ledger(pg); }));
  router.get("/ledger/entries", "pages.ledger_lookup",
             page([](const Pages& p, const Page& pg) { return p.ledger_lookup(pg); }));
  router.get("/ledger/entries/{n}", "pages.ledger_entry",
             page([param](const Pages& p, const Page& pg) { return p.ledger_entry(pg, param(pg, "n")); }));
  router.get("/ledger/entries/{n}/proof", "pages.ledger_proof",
             page([param](const Pages& p, const Page& pg) { return p.ledger_proof(pg, param(pg, "n")); }));
}

}  // namespace

void register_pages(http::Router& router, api::AppContext& app) {
  auto pages = std::make_shared<Pages>(app);
  pages->register_routes(router, pages);
  register_asset_pages(router, app);
  register_badge_pages(router, app);
}

}  // namespace itaku::web
