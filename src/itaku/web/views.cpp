#include "itaku/web/views.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "itaku/compliance/compliance.hpp"
#include "itaku/domain/authorization.hpp"
#include "itaku/provisions/provision_set.hpp"
#include "itaku/provisions/vocabulary.hpp"
#include "itaku/web/i18n.hpp"

namespace itaku::web {

using domain::State;
using nlohmann::json;

std::string roster_url(const std::string& contract, const std::string& organisation) {
  return contract_url(contract) + "/rosters/" + http::percent_encode(organisation);
}

std::string asset_url(const std::string& contract, const std::string& asset) {
  return contract_url(contract) + "/assets/" + http::percent_encode(asset);
}

std::string entry_url(std::uint64_t index) { return "/ledger/entries/" + std::to_string(index); }

std::string approval_url(const std::string& contract, const std::string& approval) {
  return contract_url(contract) + "/approvals/" + http::percent_encode(approval);
}

json PageViews::person_ref(const Page& page, const State& state, const std::string& id, PersonDetail detail) const {
  const auto* person = state.person(id);
  json out{{"id", id}, {"name", person ? person->name : id}, {"url", ""}};
  if (person && domain::may_read_person(state, *page.principal, *person))
    out["url"] = "/people/" + http::percent_encode(id);
  if (detail == PersonDetail::Departure)
    out["status"] = person && person->departure ? departure_text(page, *person->departure) : "";
  else
    out["organisation"] = person ? organisation_name(page, state, person->organisation) : "";
  return out;
}

std::string PageViews::person_option(const Page& page, const State& state, const domain::Person& person) const {
  return f(page, "asset_register.person_option",
           {{"name", person.name}, {"organisation", organisation_name(page, state, person.organisation)}});
}

std::string PageViews::actor_text(const Page& page, const State& state, const std::string& actor) const {
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

std::string PageViews::departure_text(const Page& page, const domain::Departure& departure) const {
  return f(page, "person.departed_on",
           {{"reason", t(page, "departure." + std::string(domain::to_string(departure.reason)))},
            {"date", date_text(catalog_, page.language, departure.effective)}});
}

std::string PageViews::party_label(const Page& page, const State& state, const domain::Party& party) const {
  return party_symbol(page, party.role) + " " + organisation_name(page, state, party.organisation);
}

std::string PageViews::party_symbol(const Page& page, domain::PartyRole role) const {
  return t(page, "party." + std::string(domain::to_string(role)));
}

std::string PageViews::version_label(const Page& page, int version) const {
  return f(page, "roster.version_n", {{"n", std::to_string(version)}});
}

std::string PageViews::permission_text(const Page& page, const std::string& permission) const {
  return t(page, "permission." + (permission == "use" ? std::string("use") : "view"));
}

json PageViews::contract_head(const Page& page, const domain::Contract& c) const {
  return {{"id", c.id},
          {"url", contract_url(c.id)},
          {"number", c.number},
          {"title", c.title},
          {"state", t(page, "state." + std::string(domain::to_string(c.state)))},
          {"state_code", std::string(domain::to_string(c.state))},
          {"period", f(page, "format.period",
                       {{"from", date_text(catalog_, page.language, c.period_from)},
                        {"until", date_text(catalog_, page.language, c.period_until)}})}};
}

json PageViews::version_view(const Page& page, const State& state, const domain::Contract& contract,
                             const domain::RosterVersion& v, bool city_writer) const {
  const auto base = roster_url(contract.id, v.organisation);
  // The changes the city reads are those since the version it last acknowledged (the diff's
  // default `from`), which is where acknowledging happens.
  json out{{"number", v.version},
           {"label", version_label(page, v.version)},
           {"submitted_at", time_text(v.submitted_at)},
           {"submitted_by", actor_text(page, state, v.submitted_by)},
           {"note", v.note},
           {"acknowledged", v.settled()},
           {"acknowledged_text", ""},
           {"diff_url", base + "/diff?to=" + std::to_string(v.version)},
           {"can_acknowledge", city_writer && !v.settled()},
           {"acknowledge_label", f(page, "roster.acknowledge_label",
                                   {{"version", version_label(page, v.version)},
                                    {"party", organisation_name(page, state, v.organisation)}})},
           {"acknowledge_action", base + "/versions/" + std::to_string(v.version) + "/acknowledge"}};
  if (v.acknowledged_by) {
    const auto* by = state.person(*v.acknowledged_by);
    out["acknowledged_text"] = f(
        page, "roster.acknowledged_by",
        {{"name", by ? by->name : *v.acknowledged_by}, {"at", v.acknowledged_at ? time_text(*v.acknowledged_at) : ""}});
  } else if (v.settled_by) {
    out["acknowledged_text"] = f(page, "roster.settled_with", {{"version", version_label(page, v.settled_by)}});
  }
  return out;
}

std::string PageViews::approval_type_text(const Page& page, std::string_view type) const {
  const auto types = provisions::approval_types();
  if (std::find(types.begin(), types.end(), type) == types.end()) return std::string(type);
  return t(page, "approvals.type." + std::string(type));
}

json PageViews::approval_status_view(const Page& page, domain::ApprovalStatus status) const {
  const auto badge = [status]() -> std::string_view {
    switch (status) {
      case domain::ApprovalStatus::Requested: return "warn";
      case domain::ApprovalStatus::Approved: return "ok";
      case domain::ApprovalStatus::Refused:
      case domain::ApprovalStatus::Revoked: return "bad";
      case domain::ApprovalStatus::Withdrawn: return "muted";
    }
    return "muted";
  };
  return {{"label", t(page, "approvals.status." + std::string(domain::to_string(status)))}, {"class", badge()}};
}

std::string PageViews::class_name(const Page& page, const domain::Contract& c, const std::string& id) const {
  const auto* cls = c.asset_class(id);
  if (!cls) return id;
  return page.language == http::Language::En && !cls->name_en.empty() ? cls->name_en : cls->name;
}

json PageViews::tabs(const Page& page, const domain::Contract& c, std::string_view current) const {
  json out = json::array();
  for (const auto& [key, path] : std::vector<std::pair<std::string, std::string>>{{"asset_classes", "/asset-classes"},
                                                                                  {"assets", "/assets"},
                                                                                  {"transfers", "/transfers"},
                                                                                  {"decisions", "/decisions"},
                                                                                  {"access_events", "/access-events"},
                                                                                  {"monitoring", "/monitoring"},
                                                                                  {"compliance", "/compliance"}})
    out.push_back(
        {{"href", contract_url(c.id) + path}, {"label", t(page, "assets.tab." + key)}, {"current", key == current}});
  return out;
}

std::string PageViews::acknowledged_text(const Page& page, const State& state, const domain::Transfer& tr) const {
  if (!tr.acknowledged_by) return {};
  const auto* by = state.person(*tr.acknowledged_by);
  return f(page, "asset.acknowledged_value",
           {{"name", by ? by->name : *tr.acknowledged_by},
            {"at", tr.acknowledged_at ? time_text(*tr.acknowledged_at) : ""}});
}

http::Response PageViews::contract_page(const Page& page, int status, std::string_view name, std::string_view title_key,
                                        std::optional<json> data) const {
  if (!data) return not_found(page);
  // The title first: the data is moved into the call.
  const auto title = t(page, title_key) + " — " + (*data)["contract"]["number"].get<std::string>();
  return render(page, status, name, title, std::move(*data));
}

nlohmann::json PageViews::clause_view(const Page& page, const provisions::Clause& clause) const {
  const bool english = page.language == http::Language::En;
  nlohmann::json paragraphs = nlohmann::json::array();
  for (const auto& paragraph : clause.paragraphs) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& item : paragraph.items) items.push_back({{"number", item.number}, {"text", item.text}});
    paragraphs.push_back({{"number", clause.paragraphs.size() > 1 ? paragraph.number : std::string()},
                          {"text", paragraph.text},
                          {"items", items},
                          {"has_items", !items.empty()}});
  }
  nlohmann::json controls = nlohmann::json::array();
  for (const auto& control : clause.controls) {
    std::string parameters;
    for (const auto& [name, value] : control.params)
      parameters += (parameters.empty() ? "" : ", ") + name + " = " + value;
    const auto* definition = provisions::find_control(control.id);
    controls.push_back(
        {{"id", control.id},
         {"summary", control_summary(page, control.id, control.params)},
         {"kind", definition ? t(page, "provisions.kind." + std::string(provisions::to_string(definition->kind)))
                             : std::string()},
         {"parameters", parameters},
         {"cites", control.cites}});
  }
  return {{"anchor", "clause-" + clause.number},
          {"number", clause.number},
          {"title", clause.title},
          {"summary", english ? clause.summary_en : std::string()},
          {"paragraphs", paragraphs},
          {"controls", controls},
          {"has_controls", !controls.empty()},
          {"has_results", false}};
}

std::string PageViews::control_summary(const Page& page, std::string_view id,
                                       const std::map<std::string, std::string>& params) const {
  return provisions::control_summary(id, params, page.language == http::Language::En);
}

nlohmann::json PageViews::status_view(const Page& page, compliance::Status status) const {
  // The badge class of each status: violated stands out, due warns, the rest are quiet.
  const auto badge = [status]() -> std::string_view {
    switch (status) {
      case compliance::Status::Violated: return "bad";
      case compliance::Status::Due: return "warn";
      case compliance::Status::Met: return "ok";
      case compliance::Status::ManualCheck: return "manual";
      case compliance::Status::NotTracked:
      case compliance::Status::NotApplicable: return "muted";
    }
    return "muted";
  };
  return {{"key", compliance::to_string(status)},
          {"label", t(page, "compliance.status." + std::string(compliance::to_string(status)))},
          {"class", badge()}};
}

std::string PageViews::provisions_url(const std::string& name, const std::string& version) {
  return "/provisions/" + http::percent_encode(name) + "/" + http::percent_encode(version);
}

}  // namespace itaku::web
