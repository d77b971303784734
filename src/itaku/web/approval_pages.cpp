// The city's written approvals (承認; 長野市 第5〜第7, 木更津市 第3条, 第12条) as pages: the requests
// of a contract the principal may read, the request form of each type with the members that
// type needs (domain::approval_requirements), and one request with the city's decision, its
// withdrawal or revocation, the decisions it allowed, and the forms for whoever may act on it.
// The fields come from the commands' declarations (command_form.hpp); who may see or do what is
// the domain's (may_read_approval, may_execute, permits); the clause each type rests on is the
// contract's own provision set's (its approval.required controls).

#include "itaku/web/approval_pages.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "itaku/api/authorization.hpp"
#include "itaku/api/session.hpp"
#include "itaku/domain/approvals.hpp"
#include "itaku/domain/authorization.hpp"
#include "itaku/domain/commands.hpp"
#include "itaku/provisions/provision_set.hpp"
#include "itaku/service/approval_documents.hpp"
#include "itaku/web/command_form.hpp"
#include "itaku/web/frame.hpp"
#include "itaku/web/i18n.hpp"
#include "itaku/web/views.hpp"

namespace itaku::web {

namespace {

using domain::State;
using http::Response;
using nlohmann::json;

// The list shows this many requests; ?before= pages further back.
constexpr std::size_t kPageSize = 50;

std::string approvals_url(const std::string& contract) { return contract_url(contract) + "/approvals"; }

// Where the contract's provision set asks for the city's approval of `type`: the clause as the
// decisions cite it ("長野市 第6-2"), its title, and its place on the set's page.
struct ApprovalClause {
  std::string type, label, title, url;
};

std::vector<ApprovalClause> approval_clauses(const State& s, const domain::Contract& c) {
  std::vector<ApprovalClause> out;
  const auto* set = s.provision_set(c.provisions.name, c.provisions.version);
  if (!set) return out;
  for (const auto& clause : set->clauses)
    for (const auto& control : clause.controls) {
      if (control.id != "approval.required") continue;
      const auto action = control.params.find("action");
      if (action == control.params.end() || !domain::approval_requirements(action->second).known) continue;
      if (std::ranges::any_of(out, [&](const auto& known) { return known.type == action->second; })) continue;
      out.push_back({action->second, set->municipality + " " + (control.cites.empty() ? clause.number : control.cites),
                     clause.title,
                     PageViews::provisions_url(c.provisions.name, c.provisions.version) + "#clause-" + clause.number});
    }
  return out;
}

// Which form on an approval's page a refusal belongs under, with what was sent.
struct Sent {
  std::string form;
  std::map<std::string, std::string> values;
  const Error* error = nullptr;
};

class ApprovalPages : public PageViews {
 public:
  explicit ApprovalPages(api::AppContext& app)
      : PageViews(app, {"approval_requested", "approval_approved", "approval_refused", "approval_withdrawn",
                        "approval_revoked"}) {}

  void register_routes(http::Router& router, const std::shared_ptr<ApprovalPages>& self) const;

  // The 承認書 as a file: issued on its first download, the same bytes after.
  Response document(const Page& page, const std::string& id, const std::string& approval) const {
    return download(page, service::approval_document(app_.service, id, approval, *page.principal,
                                                     api::document_base_url(app_, page.request)));
  }

  // The public check a 承認書's QR code leads to: what the ledger holds of the approval, laid out
  // as the paper prints it, and where it stands now.
  Response verify(const Page& page) const {
    const auto link = document_link(page.request);
    auto found = link ? service::public_approval(app_.service, link->index, link->token)
                      : Result<service::PublicApproval>(make_error(ErrorKind::NotFound, "approval.unknown", "", ""));
    json data = json::object();
    int status = 200;
    if (found) {
      const auto& d = found->printed;
      json rows = json::array();
      rows.push_back({{"label", "契約番号"}, {"value", d.contract_number}});
      rows.push_back({{"label", "件名"}, {"value", d.contract_title}});
      rows.push_back({{"label", "申請"}, {"value", d.request}});
      rows.push_back({{"label", "承認する行為"}, {"value", d.action}});
      for (const auto& [label, value] : d.rows)
        if (!value.empty()) rows.push_back({{"label", label}, {"value", value}});
      rows.push_back({{"label", "承認の条件"}, {"value", d.conditions.empty() ? std::string("なし") : d.conditions}});
      data["record"] = json{
          {"number", d.number},
          {"date", d.decided_date},
          {"addressee", d.addressee},
          {"city", d.city},
          {"approver", d.approver},
          {"clause", d.clause},
          {"rows", rows},
          {"status", found->status_ja},
          {"used", std::to_string(found->used)},
          {"index", std::to_string(found->index)},
          {"origin", found->origin},
          {"sha256", found->document ? found->document->sha256 : std::string()},
          {"issued_at", found->document ? moment_text(catalog_, page.language, found->document->at) : std::string()}};
    } else if (found.error().kind == ErrorKind::NotFound) {
      data["record_unknown"] = true;
      status = 404;
    } else {
      return failed(page, found.error());
    }
    return render(page, status, "approval_verify", t(page, "approval_verify.title"), std::move(data));
  }

 private:
  // The contract's parties the principal may ask for (the command's own rule, per party).
  std::vector<const domain::Party*> requesting_parties(const Page& page, const State& s,
                                                       const domain::Contract& c) const {
    std::vector<const domain::Party*> out;
    for (const auto& party : c.parties) {
      if (party.role == domain::PartyRole::City) continue;
      domain::RequestApproval probe;
      probe.contract = c.id;
      probe.organisation = party.organisation;
      if (domain::may_execute(s, *page.principal, probe).ok()) out.push_back(&party);
    }
    return out;
  }

  std::string names(const Page& page, const State& s, const std::vector<std::string>& people) const {
    std::string out;
    for (const auto& id : people) {
      const auto* person = s.person(id);
      out += (out.empty() ? "" : t(page, "format.list_separator")) + (person ? person->name : id);
    }
    return out;
  }

  std::string period_text(const Page& page, const domain::Approval& a) const {
    return f(
        page, "format.period",
        {{"from", date_text(catalog_, page.language, a.from)}, {"until", date_text(catalog_, page.language, a.until)}});
  }

  json row(const Page& page, const State& s, const domain::Contract& c, const domain::Approval& a) const {
    const auto* party = c.party(a.organisation);
    return {{"id", a.id},
            {"anchor", "approval-" + a.id},
            {"url", approval_url(c.id, a.id)},
            {"type", approval_type_text(page, a.type)},
            {"party", party ? party_label(page, s, *party) : organisation_name(page, s, a.organisation)},
            {"people", names(page, s, a.people)},
            {"period", period_text(page, a)},
            {"requested_at", time_text(a.requested_at)},
            {"number", a.number},
            {"badge", approval_status_view(page, a.status)}};
  }

  // The links to the request form of each type the contract's set asks approval for.
  json new_links(const Page& page, const domain::Contract& c, const std::vector<ApprovalClause>& clauses) const {
    json out = json::array();
    for (const auto& clause : clauses)
      out.push_back({{"label", approval_type_text(page, clause.type)},
                     {"clause", clause.label},
                     {"url", approvals_url(c.id) + "/new?type=" + http::percent_encode(clause.type)}});
    return out;
  }

 public:
  Response list(const Page& page, const std::string& id) const {
    const auto before_param = page.request.query.find("before");
    const auto before =
        before_param == page.request.query.end() ? std::nullopt : parse_number<std::uint64_t>(before_param->second);
    auto data = app_.service.read([&](const State& s) -> std::optional<json> {
      const auto scoped = scope(page, s, id);
      const auto* c = scoped.contract;
      if (!c) return std::nullopt;
      std::vector<const domain::Approval*> readable;
      for (const auto& [aid, a] : c->approvals)
        if (domain::may_read_approval(scoped.access, a) && (!before || a.requested_index < *before))
          readable.push_back(&a);
      // Newest first: the open ones are the ones a person comes for.
      std::ranges::sort(readable, [](const auto* x, const auto* y) { return x->requested_index > y->requested_index; });
      json rows = json::array();
      std::string next;
      for (const auto* a : readable) {
        if (rows.size() == kPageSize) {
          next = approvals_url(id) + "?before=" + std::to_string(rows.back()["index"].get<std::uint64_t>());
          break;
        }
        auto r = row(page, s, *c, *a);
        r["index"] = a->requested_index;
        rows.push_back(std::move(r));
      }
      const auto clauses = approval_clauses(s, *c);
      const bool may_request = !requesting_parties(page, s, *c).empty();
      json cited = json::array();
      for (const auto& clause : clauses)
        cited.push_back({{"type", approval_type_text(page, clause.type)},
                         {"clause", clause.label},
                         {"title", clause.title},
                         {"url", clause.url}});
      return json{{"contract", contract_head(page, *c)},
                  {"notice", notice(page)},
                  {"approvals", rows},
                  {"has_approvals", !rows.empty()},
                  {"clauses", cited},
                  {"has_clauses", !cited.empty()},
                  {"new_links", may_request ? new_links(page, *c, clauses) : json::array()},
                  {"may_request", may_request && !clauses.empty()},
                  {"next_url", next},
                  {"first_url", before ? approvals_url(id) : std::string()}};
    });
    return contract_page(page, 200, "approvals", "approvals.title", std::move(data));
  }

  // The request form of ?type=: without a type, the types the contract's set asks approval for.
  Response request_form(const Page& page, const std::string& id, int status = 200,
                        const std::map<std::string, std::string>& sent = {}, const Error* error = nullptr) const {
    std::string type;
    if (const auto it = sent.find("type"); it != sent.end()) type = it->second;
    if (const auto it = page.request.query.find("type"); type.empty() && it != page.request.query.end())
      type = it->second;
    const auto needs = domain::approval_requirements(type);
    bool denied = false;
    auto data = app_.service.read([&](const State& s) -> std::optional<json> {
      const auto scoped = scope(page, s, id);
      const auto* c = scoped.contract;
      if (!c || (!type.empty() && !needs.known)) return std::nullopt;
      const auto parties = requesting_parties(page, s, *c);
      if (parties.empty()) {
        denied = true;
        return std::nullopt;
      }
      const auto clauses = approval_clauses(s, *c);
      json out{{"contract", contract_head(page, *c)},
               {"choose", type.empty()},
               {"new_links", new_links(page, *c, clauses)},
               {"approvals_url", approvals_url(id)},
               {"form", nullptr}};
      if (type.empty()) return out;
      out["type"] = approval_type_text(page, type);
      const auto clause = std::ranges::find(clauses, type, &ApprovalClause::type);
      out["clause"] = clause == clauses.end()
                          ? json(nullptr)
                          : json{{"label", clause->label}, {"title", clause->title}, {"url", clause->url}};

      // The members the type needs are asked for; the others are left out of the form.
      FormShape shape{.set_by_page = {"contract", "id", "type"}};
      if (!needs.target) {
        shape.set_by_page.emplace_back("assets");
        shape.set_by_page.emplace_back("classes");
      }
      if (!needs.destination) shape.set_by_page.emplace_back("destination");
      if (!needs.copies) shape.set_by_page.emplace_back("copies");
      if (!needs.devices) shape.set_by_page.emplace_back("devices");
      auto& organisations = shape.choices["organisation"] = json::array();
      auto& people = shape.choices["people"] = json::array();
      std::set<std::string> offered;
      for (const auto* party : parties) {
        organisations.push_back({{"value", party->organisation}, {"label", party_label(page, s, *party)}});
        // Whoever is on the party's roster (the rule: on it at the start of the period).
        const auto* latest = s.latest_roster(c->id, party->organisation);
        if (!latest) continue;
        std::vector<std::string> listed{latest->roster.responsible, latest->roster.information_manager};
        for (const auto& w : latest->roster.workers) listed.push_back(w.person);
        for (const auto& pid : listed) {
          const auto* person = s.person(pid);
          if (!person || !person->active() || !offered.insert(pid).second) continue;
          people.push_back({{"value", pid}, {"label", person_option(page, s, *person)}});
        }
      }
      if (parties.size() == 1) shape.preselected["organisation"] = parties.front()->organisation;
      if (needs.target) {
        auto& assets = shape.choices["assets"] = json::array();
        for (const auto& [aid, asset] : c->assets)
          if (api::asset_visible(s, *c, scoped.access, asset))
            assets.push_back({{"value", aid},
                              {"label", f(page, "approvals.asset_option",
                                          {{"id", aid},
                                           {"description", asset.description},
                                           {"class", class_name(page, *c, asset.asset_class)}})}});
        auto& classes = shape.choices["classes"] = json::array();
        for (const auto& [class_id, asset_class] : c->asset_classes)
          classes.push_back({{"value", class_id}, {"label", class_name(page, *c, class_id)}});
      }
      auto fields = form_fields<domain::RequestApproval>(page.language, sent, error, shape);
      // What the type needs beyond what every request gives (approval.justified).
      for (auto& field : fields) {
        const auto name = field["name"].get<std::string>();
        if ((name == "destination" && needs.destination) || (name == "copies" && needs.copies) ||
            (name == "devices" && needs.devices))
          field["required"] = true;
      }
      out["form"] = {{"action", approvals_url(id)},
                     {"type", type},
                     {"error", form_error(page, error, fields)},
                     {"fields", std::move(fields)}};
      return out;
    });
    if (denied) return forbidden(page, "approvals.request_denied");
    if (!data) return not_found(page);
    // The title first: the data is moved into the call.
    const auto title =
        (type.empty() ? t(page, "approvals.new_title")
                      : f(page, "approvals.new_type_title", {{"type", approval_type_text(page, type)}})) +
        " — " + (*data)["contract"]["number"].get<std::string>();
    return render(page, status, "approval_request", title, std::move(*data));
  }

  Response request(const Page& original, const std::string& id) const {
    Page page = original;
    const auto sent = page.request.form();
    const auto command = command_from_form<domain::RequestApproval>(sent, {{"contract", id}});
    page.self = approvals_url(id) + "/new";
    const auto allowed = app_.service.read(
        [&](const State& s) { return this->allowed(s, page, scope(page, s, id).contract != nullptr, command); });
    return run_form(
        page, allowed, command, "approvals.request_denied",
        [&](const Error& error) { return request_form(page, id, http_status(error.kind), sent, &error); },
        [&](std::uint64_t index) {
          // The request recorded at `index`, numbered by the command's rule.
          const auto recorded = app_.service.read([&](const State& s) -> std::string {
            const auto* c = s.contract(id);
            if (!c) return {};
            for (const auto& [aid, a] : c->approvals)
              if (a.requested_index == index) return aid;
            return {};
          });
          return recorded.empty() ? approvals_url(id) + "?notice=approval_requested"
                                  : approval_url(id, recorded) + "?notice=approval_requested";
        });
  }

  Response show(const Page& page, const std::string& id, const std::string& approval, int status = 200,
                const Sent& sent = {}) const {
    auto data = app_.service.read([&](const State& s) -> std::optional<json> {
      const auto scoped = scope(page, s, id);
      const auto* c = scoped.contract;
      if (!c) return std::nullopt;
      const auto found = c->approvals.find(approval);
      if (found == c->approvals.end() || !domain::may_read_approval(scoped.access, found->second)) return std::nullopt;
      const auto& a = found->second;
      auto view = row(page, s, *c, a);
      const auto clauses = approval_clauses(s, *c);
      const auto clause = std::ranges::find(clauses, a.type, &ApprovalClause::type);
      view["clause"] = clause == clauses.end()
                           ? json(nullptr)
                           : json{{"label", clause->label}, {"title", clause->title}, {"url", clause->url}};
      view["purpose"] = a.purpose;
      json people = json::array();
      for (const auto& pid : a.people) people.push_back(person_ref(page, s, pid, PersonDetail::Organisation));
      view["people_refs"] = people;
      json assets = json::array();
      for (const auto& aid : a.assets) {
        const auto asset = c->assets.find(aid);
        const bool visible = asset != c->assets.end() && api::asset_visible(s, *c, scoped.access, asset->second);
        assets.push_back({{"id", aid},
                          {"description", asset != c->assets.end() ? asset->second.description : ""},
                          {"url", visible ? asset_url(c->id, aid) : ""}});
      }
      view["has_assets"] = !assets.empty();
      view["assets"] = assets;
      json classes = json::array();
      for (const auto& cid : a.classes) classes.push_back(class_name(page, *c, cid));
      view["has_classes"] = !classes.empty();
      view["classes"] = classes;
      view["has_devices"] = !a.devices.empty();
      view["devices"] = a.devices;
      view["destination"] = a.destination;
      view["copies"] = a.copies > 0 ? f(page, "approvals.copies_value", {{"n", std::to_string(a.copies)}}) : "";
      view["measures"] = a.measures;
      view["note"] = a.note;
      view["requested_by"] =
          a.requested_by.empty() ? json(nullptr) : person_ref(page, s, a.requested_by, PersonDetail::Organisation);
      view["requested_entry"] = entry_view(page, a.requested_index);
      const bool decided = a.decided_index != 0;
      view["decided"] = decided;
      view["decision"] = nullptr;
      view["closing"] = nullptr;
      view["approved"] = !a.number.empty();
      if (decided)
        view["decision"] = {
            {"outcome", t(page, a.number.empty() ? "approvals.outcome_refused" : "approvals.outcome_approved")},
            {"number", a.number},
            {"conditions", a.conditions},
            {"reasons", a.reasons},
            {"by", actor_text(page, s, a.decided_by)},
            {"at", time_text(a.decided_at)},
            {"entry", entry_view(page, a.decided_index)}};
      const bool closed = a.closed_index != 0;
      view["closed"] = closed;
      if (closed)
        view["closing"] = {
            {"heading", t(page, a.status == domain::ApprovalStatus::Revoked ? "approvals.revoked_heading"
                                                                            : "approvals.withdrawn_heading")},
            {"reason", a.closed_reason},
            {"at", time_text(a.closed_at)},
            {"entry", entry_view(page, a.closed_index)}};
      // Its use so far: the decisions allowed under it, each its ledger entry.
      json uses = json::array();
      for (const auto index : a.uses) uses.push_back(entry_view(page, index));
      view["uses"] = uses;
      view["has_uses"] = !uses.empty();
      // The copies registered as made under it (長野市 第6-2), by their description.
      json copies = json::array();
      for (const auto& asset_id : a.copies_registered) {
        const auto asset = c->assets.find(asset_id);
        copies.push_back({{"url", asset_url(c->id, asset_id)},
                          {"label", asset == c->assets.end() ? asset_id : asset->second.description}});
      }
      view["copies_registered"] = copies;
      view["has_copies_registered"] = !copies.empty();
      view["use_count"] = a.copies > 0 ? f(page, "approvals.copies_used",
                                           {{"copies", std::to_string(a.copies)}, {"used", std::to_string(a.used())}})
                                       : f(page, "approvals.times_used", {{"n", std::to_string(a.used())}});
      // The 承認書 (service/approval_documents.hpp) exists once the city has approved.
      view["document_url"] = a.number.empty() ? std::string() : approval_url(c->id, a.id) + "/approval.pdf";
      view["document"] = a.number.empty()
                             ? t(page, "approvals.document_pending")
                             : f(page, "approvals.document_value",
                                 {{"number", a.number}, {"date", date_text(catalog_, page.language, a.decided_at)}});

      json out{{"contract", contract_head(page, *c)},
               {"approvals_url", approvals_url(id)},
               {"notice", notice(page)},
               {"labels", member_labels<domain::RequestApproval>(page.language)},
               {"decision_labels", member_labels<domain::DecideApproval>(page.language)},
               {"approval", view}};
      // The forms, each offered to whoever the command's own rule would accept it from now.
      const auto base = approval_url(id, a.id);
      const auto now = app_.clock.now();
      const auto form = [&]<class C>(const C& probe, const std::string& name, const std::string& action,
                                     std::vector<std::string_view> page_set) -> json {
        if (!domain::permits(s, *page.principal, probe, now)) return nullptr;
        const bool mine = sent.form == name;
        auto fields = form_fields<C>(page.language, mine ? sent.values : std::map<std::string, std::string>{},
                                     mine ? sent.error : nullptr, FormShape{.set_by_page = std::move(page_set)});
        own_field_ids(fields, name);
        return {{"action", base + action},
                {"error", form_error(page, mine ? sent.error : nullptr, fields)},
                {"fields", std::move(fields)}};
      };
      out["approve_form"] = form(domain::DecideApproval{id, a.id, domain::ApprovalOutcome::Approved, "", ""}, "approve",
                                 "/decision", {"contract", "id", "reasons"});
      auto refuse = form(domain::DecideApproval{id, a.id, domain::ApprovalOutcome::Approved, "", ""}, "refuse",
                         "/decision", {"contract", "id", "conditions"});
      // Refusing needs its reasons (the command's rule says so when they are missing).
      if (!refuse.is_null())
        for (auto& field : refuse["fields"]) field["required"] = true;
      out["refuse_form"] = std::move(refuse);
      out["withdraw_form"] =
          form(domain::WithdrawApproval{id, a.id, ""}, "withdraw", "/withdrawal", {"contract", "id"});
      // A revocation needs its reason: the probe gives one, so that only who and when are asked.
      out["revoke_form"] = form(domain::RevokeApproval{id, a.id, "-"}, "revoke", "/revocation", {"contract", "id"});
      return out;
    });
    if (!data) return not_found(page);
    const auto title =
        f(page, "approvals.show_title", {{"id", approval}, {"type", (*data)["approval"]["type"].get<std::string>()}}) +
        " — " + (*data)["contract"]["number"].get<std::string>();
    return render(page, status, "approval", title, std::move(*data));
  }

  // Deciding, withdrawing or revoking from the approval's page, as form `name`: a request the
  // principal may not read is not found, one they may not act on is refused (403), and a
  // refusal of the command — or `invalid`, what the form itself lacks — comes back under the
  // form that sent it.
  Response act(const Page& original, const std::string& id, const std::string& approval, const domain::Command& command,
               const std::string& name, const std::string& notice,
               const std::optional<Error>& invalid = std::nullopt) const {
    Page page = original;
    page.self = approval_url(id, approval);
    const auto values = page.request.form();
    const auto allowed = app_.service.read([&](const State& s) {
      const auto scoped = scope(page, s, id);
      bool visible = false;
      if (scoped.contract) {
        const auto found = scoped.contract->approvals.find(approval);
        visible = found != scoped.contract->approvals.end() && domain::may_read_approval(scoped.access, found->second);
      }
      return this->allowed(s, page, visible, command);
    });
    const auto refused = [&](const Error& error) {
      return show(page, id, approval, http_status(error.kind), Sent{name, values, &error});
    };
    if (invalid && allowed == Allowed::Yes) {
      if (auto csrf = api::check_csrf(*page.principal, page.request); !csrf) return failed(page, csrf.error());
      return refused(*invalid);
    }
    return run_form(page, allowed, command, "approvals.denied", refused,
                    approval_url(id, approval) + "?notice=" + notice);
  }

  Response decide(const Page& page, const std::string& id, const std::string& approval) const {
    const auto sent = page.request.form();
    auto command = command_from_form<domain::DecideApproval>(sent, {{"contract", id}, {"id", approval}});
    const auto outcome_field = sent.find("outcome");
    const auto outcome = outcome_field == sent.end() ? std::nullopt : domain::approval_outcome(outcome_field->second);
    // Approving or refusing is the button pressed: without one, nothing is decided.
    std::optional<Error> invalid;
    if (outcome)
      command.outcome = *outcome;
    else
      invalid = make_error(ErrorKind::Invalid, "approval.outcome_missing",
                           catalog_.text(http::Language::Ja, "approvals.outcome_missing"),
                           catalog_.text(http::Language::En, "approvals.outcome_missing"))
                    .with("field", "outcome");
    const bool refusing = outcome == domain::ApprovalOutcome::Refused;
    return act(page, id, approval, command, refusing ? "refuse" : "approve",
               refusing ? "approval_refused" : "approval_approved", invalid);
  }

 private:
  json entry_view(const Page& page, std::uint64_t index) const {
    return {{"index", std::to_string(index)},
            {"url", entry_url(index)},
            {"label", f(page, "approvals.entry", {{"index", std::to_string(index)}})}};
  }
};

void ApprovalPages::register_routes(http::Router& router, const std::shared_ptr<ApprovalPages>& self) const {
  const auto page = signed_in_routes(self, "dashboard");
  const std::string a = "/contracts/{id}/approvals";
  router.get(a, "pages.approvals",
             page([](const ApprovalPages& p, const Page& pg) { return p.list(pg, pg.param("id")); }));
  // Before {approval}: the first route that matches answers.
  router.get(a + "/new", "pages.approval_new",
             page([](const ApprovalPages& p, const Page& pg) { return p.request_form(pg, pg.param("id")); }));
  router.post(a, "pages.approval_request",
              page([](const ApprovalPages& p, const Page& pg) { return p.request(pg, pg.param("id")); }));
  router.get(a + "/{approval}", "pages.approval", page([](const ApprovalPages& p, const Page& pg) {
               return p.show(pg, pg.param("id"), pg.param("approval"));
             }));
  router.post(a + "/{approval}/decision", "pages.approval_decide", page([](const ApprovalPages& p, const Page& pg) {
                return p.decide(pg, pg.param("id"), pg.param("approval"));
              }));
  router.post(a + "/{approval}/withdrawal", "pages.approval_withdraw", page([](const ApprovalPages& p, const Page& pg) {
                const auto command = command_from_form<domain::WithdrawApproval>(
                    pg.request.form(), {{"contract", pg.param("id")}, {"id", pg.param("approval")}});
                return p.act(pg, pg.param("id"), pg.param("approval"), command, "withdraw", "approval_withdrawn");
              }));
  router.post(a + "/{approval}/revocation", "pages.approval_revoke", page([](const ApprovalPages& p, const Page& pg) {
                const auto command = command_from_form<domain::RevokeApproval>(
                    pg.request.form(), {{"contract", pg.param("id")}, {"id", pg.param("approval")}});
                return p.act(pg, pg.param("id"), pg.param("approval"), command, "revoke", "approval_revoked");
              }));
  router.get(a + "/{approval}/approval.pdf", "pages.approval_document",
             page([](const ApprovalPages& p, const Page& pg) {
               return p.document(pg, pg.param("id"), pg.param("approval"));
             }));
  // Drawing a PDF takes long enough to run off the I/O threads.
  router.set_pace("pages.approval_document", http::Pace::Slow);
  router.get("/approvals/verify", "pages.approval_verify", [self](http::Request& r) {
    return self->public_page(r, [&](const Page& page) { return self->verify(page); });
  });
}

}  // namespace

void register_approval_pages(http::Router& router, api::AppContext& app) {
  auto pages = std::make_shared<ApprovalPages>(app);
  pages->register_routes(router, pages);
}

}  // namespace itaku::web
