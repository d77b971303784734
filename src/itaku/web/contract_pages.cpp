// GET / and GET /contracts/{id}. What each shows is the principal's access to the contract
// (domain::contract_access): a contract they may not see is not found, and a party's roster
// only to the readers of that party.

#include "itaku/web/contract_pages.hpp"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "itaku/compliance/compliance.hpp"
#include "itaku/domain/authorization.hpp"
#include "itaku/domain/training.hpp"
#include "itaku/web/disposal_pages.hpp"
#include "itaku/web/frame.hpp"
#include "itaku/web/i18n.hpp"
#include "itaku/web/views.hpp"

namespace itaku::web {

namespace {

using domain::State;
using http::Response;
using nlohmann::json;

class ContractPages : public PageViews {
 public:
  // The notices a redirect may ask these pages to show.
  explicit ContractPages(api::AppContext& app) : PageViews(app, {"acknowledged", "roster_submitted"}) {}

  Response dashboard(const Page& page) const {
    std::vector<std::pair<std::string, json>> city_contracts;  // id, head
    auto data = app_.service.read([&](const State& s) {
      json contracts = json::array();
      json pending = json::array();
      bool city = false;
      for (const auto& [id, c] : s.contracts) {
        const auto access = domain::contract_access(s, *page.principal, c);
        if (!access.visible) continue;
        if (access.city) city_contracts.emplace_back(id, contract_head(page, c));
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
          version["party"] = party_label(page, s, party);
          pending.push_back(std::move(version));
        }
      }
      const auto todos = todo_list(page, s);
      auto approvals = approvals_waiting(page, s);
      return json{{"contracts", contracts}, {"has_contracts", !contracts.empty()},
                  {"todos", todos},         {"has_todos", !todos.empty()},
                  {"pending", pending},     {"has_pending", !pending.empty()},
                  {"show_pending", city},   {"back", "/"},
                  {"approvals", approvals}, {"notice", notice(page)}};
    });
    data["attention"] = attention(page, city_contracts);
    data["has_attention"] = !data["attention"].empty();
    return render(page, 200, "dashboard", "dashboard", t(page, "dashboard.title"), std::move(data));
  }

  // What waits for the signed-in person, on every contract they see: their own acknowledgement
  // of the provisions (木更津市 第7条), the training of the workers of the parties they keep that
  // is missing, expired or ends within remind_before (長野市 第4), and hand-overs to them not yet
  // acknowledged (木更津市 第11条(3)). (Roster versions waiting for the city are the section below.)
  json todo_list(const Page& page, const State& s) const {
    constexpr std::size_t kShown = 30;
    json todos = json::array();
    std::size_t more = 0;
    const auto add = [&](std::string text, std::string url) {
      if (todos.size() < kShown)
        todos.push_back({{"text", std::move(text)}, {"url", std::move(url)}});
      else
        ++more;
    };
    const auto today = format_date(jst_date(app_.clock.now()));
    const auto& me = page.principal->person;
    for (const auto& [id, c] : s.contracts) {
      if (c.state == domain::ContractState::Closed) continue;
      const auto access = domain::contract_access(s, *page.principal, c);
      if (!access.visible) continue;
      const bool keeps = !access.writable_parties.empty();
      const bool on_a_roster = !me.empty() && !s.roles_of(me, id).empty();
      // Acknowledgements where the contract's set asks for them (木更津市 第7条); training for
      // those named for some asset class.
      bool asks_acknowledgement = false;
      if (const auto* set = s.provision_set(c.provisions.name, c.provisions.version))
        for (const auto& clause : set->clauses)
          for (const auto& control : clause.controls)
            asks_acknowledgement = asks_acknowledgement || control.id == "provisions.acknowledged";
      if (keeps || on_a_roster)
        for (const auto& w : domain::worker_standings(s, c, today)) {
          if (!w.on_roster) continue;
          const auto url = contract_url(id) + "/workers#worker-" + w.person->id;
          if (asks_acknowledgement && w.person->id == me &&
              w.acknowledgement_status != domain::AcknowledgementStatus::Current)
            add(f(page, "todo.acknowledge", {{"contract", c.number}}), contract_url(id) + "/workers#ack");
          if (!access.writable_parties.contains(w.person->organisation) || w.classes.empty() ||
              w.training_status == domain::TrainingStatus::Valid)
            continue;
          add(f(page, "todo.training",
                {{"name", w.person->name},
                 {"contract", c.number},
                 {"status", t(page, "workers.training_" + std::string(domain::to_string(w.training_status)))}}),
              url);
        }
      for (const auto& [tid, transfer] : c.transfers)
        if (transfer.pending() && transfer.to == me)
          add(f(page, "todo.handover", {{"id", tid}, {"contract", c.number}}),
              contract_url(id) + "/transfers#transfer-" + http::percent_encode(tid));
      // The city's instructions to return, dispose of or erase what a party they keep holds (長野市 第9-1).
      for (const auto* instruction : instructions_due(s, c, access))
        add(f(page, "todo.disposal",
              {{"id", instruction->id},
               {"contract", c.number},
               {"due", date_text(catalog_, page.language, instruction->due)}}),
            disposal_url(id) + "#instruction-" + instruction->id);
    }
    if (more > 0) add(f(page, "todo.more", {{"n", std::to_string(more)}}), "");
    return todos;
  }

  // Requests for the city's written approval not yet decided, oldest first: for the city, those
  // of every contract it reads; for a party's responsible person or information manager, those
  // of the parties they keep, waiting for the city. Null when the principal is neither.
  json approvals_waiting(const Page& page, const State& s) const {
    constexpr std::size_t kShown = 50;
    struct Waiting {
      const domain::Contract* contract;
      const domain::Approval* approval;
    };
    std::vector<Waiting> waiting;
    bool city = false;
    bool keeps = false;
    for (const auto& [id, c] : s.contracts) {
      const auto access = domain::contract_access(s, *page.principal, c);
      if (!access.visible) continue;
      city = city || access.city;
      keeps = keeps || !access.writable_parties.empty();
      for (const auto& [aid, a] : c.approvals)
        if (a.status == domain::ApprovalStatus::Requested && domain::may_read_approval(access, a) &&
            (access.city || access.writable_parties.contains(a.organisation)))
          waiting.push_back({&c, &a});
    }
    if (!city && !keeps) return nullptr;
    std::ranges::sort(waiting, [](const Waiting& x, const Waiting& y) {
      return x.approval->requested_at != y.approval->requested_at
                 ? x.approval->requested_at < y.approval->requested_at
                 : x.approval->requested_index < y.approval->requested_index;
    });
    json rows = json::array();
    for (const auto& w : waiting) {
      if (rows.size() == kShown) break;
      const auto& a = *w.approval;
      const auto* party = w.contract->party(a.organisation);
      const auto* by = s.person(a.requested_by);
      rows.push_back({{"contract", contract_head(page, *w.contract)},
                      {"id", a.id},
                      {"url", approval_url(w.contract->id, a.id)},
                      {"type", approval_type_text(page, a.type)},
                      {"party", party ? party_label(page, s, *party) : organisation_name(page, s, a.organisation)},
                      {"requested_at", time_text(a.requested_at)},
                      {"requested_by", by ? by->name : std::string()},
                      {"label", f(page, "dashboard.approval_open_label", {{"id", a.id}})}});
    }
    return {{"heading", t(page, city ? "dashboard.approvals_city" : "dashboard.approvals_mine")},
            {"help", t(page, city ? "dashboard.approvals_city_help" : "dashboard.approvals_mine_help")},
            {"rows", rows},
            {"has_rows", !rows.empty()},
            {"more", waiting.size() > kShown ? f(page, "todo.more", {{"n", std::to_string(waiting.size() - kShown)}})
                                             : std::string()}};
  }

  // The city's contracts' clauses that are violated or due (docs/COMPLIANCE.md), violated ones
  // first from the oldest, then due ones from the soonest: what the city has to act on. Each
  // contract is evaluated as the page's reader may read it (Service::compliance).
  json attention(const Page& page, const std::vector<std::pair<std::string, json>>& contracts) const {
    struct Row {
      bool violated = false;
      std::string when;  // since (UTC) or due date: both sort as text
      json view;
    };
    std::vector<Row> rows;
    for (const auto& [id, head] : contracts) {
      const auto report = app_.service.compliance(id, *page.principal);
      if (!report) continue;
      for (const auto& clause : report->clauses) {
        if (clause.status != compliance::Status::Violated && clause.status != compliance::Status::Due) continue;
        Row row;
        row.violated = clause.status == compliance::Status::Violated;
        std::optional<Timestamp> since;
        for (const auto& control : clause.controls)
          for (const auto& finding : control.findings) {
            if (row.violated && finding.status == compliance::Status::Violated && finding.since &&
                (!since || *finding.since < *since))
              since = finding.since;
            if (!row.violated && finding.status == compliance::Status::Due && !finding.due.empty() &&
                (row.when.empty() || finding.due < row.when))
              row.when = finding.due;
          }
        if (since) row.when = format_utc(*since);
        row.view = {{"contract", head},
                    {"clause", clause.number + " " + clause.title},
                    {"href", contract_url(id) + "/compliance#clause-" + clause.number},
                    {"status", status_view(page, clause.status)},
                    {"when", row.when.empty() ? std::string()
                             : row.violated   ? f(page, "compliance.since", {{"at", time_text(*since)}})
                                              : f(page, "compliance.due_by", {{"date", row.when}})}};
        rows.push_back(std::move(row));
      }
    }
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
      if (a.violated != b.violated) return a.violated;
      return a.when < b.when;
    });
    json out = json::array();
    for (auto& row : rows) out.push_back(std::move(row.view));
    return out;
  }

  Response contract(const Page& page, const std::string& id) const {
    auto data = app_.service.read([&](const State& s) -> std::optional<json> {
      const auto [c, access] = scope(page, s, id);
      if (!c) return std::nullopt;
      auto head = contract_head(page, *c);
      head["department"] = c->department;
      head["work"] = c->work_description;
      const auto* set = s.provision_set(c->provisions.name, c->provisions.version);
      head["provisions"] = {{"label", f(page, "contract.provisions_value",
                                        {{"municipality", set ? set->municipality : ""},
                                         {"title", set ? set->title : c->provisions.name}})},
                            {"name", c->provisions.name},
                            {"version", c->provisions.version},
                            {"hash", c->provisions.hash.substr(0, 16)},
                            {"url", set ? provisions_url(c->provisions.name, c->provisions.version) : ""}};
      json parties = json::array();
      for (const auto& p : c->parties)
        if (p.role != domain::PartyRole::Subcontractor) parties.push_back(party_tree(page, s, *c, access, p));
      json rosters = json::array();
      for (const auto& p : c->parties) {
        if (p.role == domain::PartyRole::City || !access.readable_parties.contains(p.organisation)) continue;
        const bool writable = access.writable_parties.contains(p.organisation);
        json block{{"anchor", "roster-" + p.organisation},
                   {"heading", party_label(page, s, p)},
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
      // Requests for the city's approval not yet decided, counted beside the link to them.
      std::size_t approvals_open = 0;
      for (const auto& [aid, approval] : c->approvals)
        if (approval.status == domain::ApprovalStatus::Requested && domain::may_read_approval(access, approval))
          ++approvals_open;
      head["approvals_open"] = approvals_open == 0
                                   ? std::string()
                                   : f(page, "approvals.open_count", {{"n", std::to_string(approvals_open)}});
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

 private:
  // The principal's roles on the contract, as one line.
  std::string roles_text(const Page& page, const State& state, const domain::Contract& contract) const {
    std::vector<std::string> labels;
    if (page.principal->admin) labels.push_back(t(page, "role.admin"));
    for (const auto& role : state.roles_of(page.principal->person, contract.id))
      labels.push_back(t(page, "role." + role));
    std::string out;
    for (const auto& label : labels) out += (out.empty() ? "" : t(page, "format.list_separator")) + label;
    return out;
  }

  json roster_view(const Page& page, const State& state, const domain::RosterVersion& v) const {
    const auto& r = v.roster;
    const auto today = format_date(jst_date(app_.clock.now()));
    auto person = [&](const std::string& id) { return person_ref(page, state, id, PersonDetail::Departure); };
    json workers = json::array();
    for (const auto& w : r.workers)
      workers.push_back(
          {{"person", person(w.person)},
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
                        {"person", person(a.person)},
                        {"permission", permission_text(page, a.permission)}});
    return {{"version_label", version_label(page, v.version)},
            {"responsible", person(r.responsible)},
            {"information_manager", person(r.information_manager)},
            {"manager_is_pio", r.manager_is_personal_information_officer},
            {"workers", workers},
            {"has_workers", !workers.empty()},
            {"locations", locations},
            {"access", access},
            {"has_access", !access.empty()}};
  }

  json party_tree(const Page& page, const State& state, const domain::Contract& contract,
                  const domain::ContractAccess& access, const domain::Party& party) const {
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
    return {
        {"symbol", party_symbol(page, party.role)},
        {"name", organisation_name(page, state, party.organisation)},
        {"id", party.organisation},
        {"roster_anchor", readable ? "#roster-" + party.organisation : ""},
        {"engaged_by", party.role == domain::PartyRole::Subcontractor
                           ? f(page, "contract.engaged_by", {{"name", organisation_name(page, state, party.parent)}})
                           : ""},
        {"children", children},
        {"has_children", !children.empty()}};
  }
};

}  // namespace

void register_contract_pages(http::Router& router, api::AppContext& app) {
  const auto page = PageFrame::signed_in_routes(std::make_shared<ContractPages>(app));
  router.get("/", "pages.dashboard", page([](const ContractPages& p, const Page& pg) { return p.dashboard(pg); }));
  // The city's home evaluates each of its contracts' compliance: off the I/O threads.
  router.set_pace("pages.dashboard", http::Pace::Slow);
  router.get("/contracts/{id}", "pages.contract",
             page([](const ContractPages& p, const Page& pg) { return p.contract(pg, pg.param("id")); }));
}

}  // namespace itaku::web
