// Devices and media (木更津市 第12条, 第14条), 返還・廃棄・消去 (長野市 第9, 木更津市 第5条) and the end
// of a contract as pages: the register of devices with their measures and the destruction of
// their storage media; the city's instructions, the acts of disposal or erasure and the reports
// of created assets; and the checklist of what keeps the contract from closing. The fields come
// from the commands' declarations (command_form.hpp); who may see or do what is the domain's
// (may_read_device, may_read_disposal, may_read_created_assets, may_read_instruction,
// may_read_outstanding, may_execute, permits), and what is outstanding is closing_outstanding.

#include "itaku/web/disposal_pages.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "itaku/api/authorization.hpp"
#include "itaku/domain/commands.hpp"
#include "itaku/domain/devices.hpp"
#include "itaku/domain/disposal.hpp"
#include "itaku/service/disposal_documents.hpp"
#include "itaku/web/command_form.hpp"
#include "itaku/web/frame.hpp"
#include "itaku/web/i18n.hpp"
#include "itaku/web/views.hpp"

namespace itaku::web {

std::string disposal_url(const std::string& contract) { return contract_url(contract) + "/disposal"; }

std::vector<const domain::DisposalInstruction*> instructions_due(const domain::State& state,
                                                                 const domain::Contract& contract,
                                                                 const domain::ContractAccess& access) {
  std::vector<const domain::DisposalInstruction*> due;
  if (access.writable_parties.empty()) return due;
  for (const auto& [id, instruction] : contract.disposal_instructions) {
    if (!domain::may_read_instruction(state, contract, access, instruction)) continue;
    const bool waits = std::ranges::any_of(instruction.assets, [&](const std::string& asset_id) {
      const auto asset = contract.assets.find(asset_id);
      return asset != contract.assets.end() && !domain::asset_settled(state, contract, asset->second) &&
             access.writable_parties.contains(domain::asset_party(state, asset->second));
    });
    if (waits) due.push_back(&instruction);
  }
  std::ranges::sort(due,
                    [](const auto* x, const auto* y) { return x->due != y->due ? x->due < y->due : x->id < y->id; });
  return due;
}

namespace {

using domain::State;
using http::Response;
using nlohmann::json;

std::string devices_url(const std::string& contract) { return contract_url(contract) + "/devices"; }
std::string device_url(const std::string& contract, const std::string& device) {
  return devices_url(contract) + "/" + http::percent_encode(device);
}
std::string closing_url(const std::string& contract) { return contract_url(contract) + "/closing"; }
// The PDFs of the documents of entries (service/disposal_documents.hpp).
std::string certificate_url(const std::string& contract, const std::string& record) {
  return disposal_url(contract) + "/records/" + http::percent_encode(record) + "/certificate.pdf";
}
std::string destruction_report_url(const std::string& contract, const std::string& device, std::size_t n) {
  return device_url(contract, device) + "/destructions/" + std::to_string(n) + "/report.pdf";
}

// Which form of a page a refusal belongs under, with what was sent; empty: the page as it is.
struct Sent {
  std::string form;
  std::map<std::string, std::string> values;
  const Error* error = nullptr;
};

// What a form section says around its fields (web/templates/_command_form.mustache).
struct FormText {
  std::string name;  // the section's id, and the prefix of its fields' ids
  std::string action;
  std::string_view heading, submit, help = {};  // catalog keys
};

// The storage media of a device as the destroy form offers them: each by its place in the
// register ("s0", "s1", …), which stays the same whatever is destroyed meanwhile.
// (Appended, not "s" + …: g++ 12 at -O3 warns of an overlapping copy there, -Wrestrict.)
std::string medium_value(std::size_t index) {
  std::string value = "s";
  value += std::to_string(index);
  return value;
}

class DisposalPages : public PageViews {
 public:
  explicit DisposalPages(api::AppContext& app)
      : PageViews(app, {"device_registered", "device_confirmed", "media_destroyed", "device_retired",
                        "disposal_instructed", "assets_disposed", "created_assets_reported",
                        "created_assets_acknowledged", "closing_started", "contract_closed"}) {}

  void register_routes(http::Router& router, const std::shared_ptr<DisposalPages>& self) const;

  // The certificate of act `record` and the report of the `n`th destruction of `device`'s media,
  // as files: issued on their first download, the same bytes after.
  Response certificate(const Page& page, const std::string& id, const std::string& record) const {
    return download(page, service::disposal_certificate(app_.service, id, record, *page.principal,
                                                        api::document_base_url(app_, page.request)));
  }
  Response destruction_report(const Page& page, const std::string& id, const std::string& device,
                              const std::string& n) const {
    // A destruction that is not a number is none (media.destruction_unknown: not found).
    return download(page, service::destruction_report(app_.service, id, device, http::url_number(n).value_or(0),
                                                      *page.principal, api::document_base_url(app_, page.request)));
  }

  // The public check the QR code of a certificate (`path` kDisposalVerifyPath) or of a report
  // (kDestructionVerifyPath) leads to: what the ledger holds, laid out as the paper prints it,
  // and the SHA-256 of the file issued, for anyone holding the paper to compare.
  Response verify(const Page& page, std::string_view path) const {
    const auto link = document_link(page.request);
    auto found =
        link ? service::public_disposal_document(app_.service, path, link->index, link->token)
             : Result<service::PublicEntryDocument>(make_error(ErrorKind::NotFound, "disposal.unknown", "", ""));
    const bool certificate = path == service::kDisposalVerifyPath;
    const std::string_view title = certificate ? "disposal_verify.certificate_title" : "disposal_verify.report_title";
    json data = {{"heading", t(page, title)}};
    int status = 200;
    if (found) {
      data["record"] = verify_view(page, *found);
    } else if (found.error().kind == ErrorKind::NotFound) {
      data["record_unknown"] = true;
      status = 404;
    } else {
      return failed(page, found.error());
    }
    return render(page, status, "disposal_verify", t(page, title), std::move(data));
  }

 private:
  // The rows of a certificate or a report with the labels the paper prints.
  json verify_view(const Page& page, const service::PublicEntryDocument& found) const {
    json rows = json::array();
    auto row = [&](std::string_view label, const std::string& value) {
      if (!value.empty()) rows.push_back({{"label", label}, {"value", value}});
    };
    // What the letter heads of both documents print, and their first rows; who did it and when.
    auto letter = [&](std::string_view title, const auto& d) {
      row("契約番号", d.contract_number);
      row("件名", d.contract_title);
      return json{{"title", title},           {"number", d.number}, {"date", d.issued_date},
                  {"addressee", d.addressee}, {"issuer", d.issuer}, {"clause", d.clause}};
    };
    auto performed = [&](const auto& d) {
      row("実施日", d.performed);
      row("実施者", d.performed_by);
      row("立会者", d.witnessed_by);
    };
    json items = json::array();
    json head;
    if (const auto& d = found.certificate) {
      head = letter(documents::disposal_certificate_title(*d), *d);
      row("実施内容", d->disposition);
      row("方法", d->method);
      performed(*d);
      row("市の指示", d->instruction);
      for (const auto& item : d->items)
        items.push_back(
            {{"asset", item.asset}, {"description", item.description}, {"media", item.media}, {"note", item.note}});
    } else if (const auto& r = found.report) {
      head = letter("記録媒体破壊報告書", *r);
      row("機器", r->device);
      row("理由", r->reason);
      row("破壊の方法", r->method);
      performed(*r);
      row("証跡", r->evidence);
      for (const auto& medium : r->media) items.push_back({{"description", medium}});
    }
    head["rows"] = std::move(rows);
    head["items"] = std::move(items);
    head["has_items"] = !head["items"].empty();
    head["certificate"] = found.certificate.has_value();
    head["index"] = std::to_string(found.index);
    head["origin"] = found.origin;
    head["sha256"] = found.document ? found.document->sha256 : std::string();
    head["issued_at"] = found.document ? moment_text(catalog_, page.language, found.document->at) : std::string();
    return head;
  }

  std::string today() const { return format_date(jst_date(app_.clock.now())); }

  // A word of the domain's fixed lists (kinds, measures, reasons) in the page's language.
  static std::string term_text(const Page& page, std::span<const domain::Term> terms, std::string_view id) {
    return domain::term_name(terms, id, page.language == http::Language::En);
  }
  static json term_choices(const Page& page, std::span<const domain::Term> terms) {
    json out = json::array();
    for (const auto& term : terms) out.push_back({{"value", term.id}, {"label", term_text(page, terms, term.id)}});
    return out;
  }

  std::string party_text(const Page& page, const State& s, const domain::Contract& c, const std::string& org) const {
    const auto* party = c.party(org);
    return party ? party_label(page, s, *party) : organisation_name(page, s, org);
  }

  std::string person_name(const State& s, const std::string& id) const {
    const auto* person = s.person(id);
    return person ? person->name : id;
  }

  json entry_view(const Page& page, std::uint64_t index) const {
    return {{"url", entry_url(index)}, {"label", f(page, "disposal.entry", {{"index", std::to_string(index)}})}};
  }

  // The links between the three pages of a contract's end, the current one marked.
  json section_tabs(const Page& page, const std::string& contract, std::string_view current) const {
    json out = json::array();
    for (const auto& [key, href] :
         std::vector<std::pair<std::string, std::string>>{{"devices", devices_url(contract)},
                                                          {"disposal", disposal_url(contract)},
                                                          {"closing", closing_url(contract)}})
      out.push_back({{"href", href}, {"label", t(page, key + ".title")}, {"current", key == current}});
    return out;
  }

  // What every page here starts with: the contract's heading, the tabs and the notice asked for.
  json page_data(const Page& page, const domain::Contract& c, std::string_view tab, json rest) const {
    rest["contract"] = contract_head(page, c);
    rest["tabs"] = section_tabs(page, c.id, tab);
    rest["notice"] = notice(page);
    return rest;
  }

  // The people a form may name on the contract, as far as the principal may read them: the
  // city's staff with a role on it and whoever is on a party's latest roster. `none` labels an
  // empty first choice (an optional member), if given.
  json people_choices(const Page& page, const State& s, const domain::Contract& c, std::string_view none = {}) const {
    json out = json::array();
    if (!none.empty()) out.push_back({{"value", ""}, {"label", t(page, none)}});
    std::set<std::string> offered;
    const auto offer = [&](const std::string& id) {
      const auto* person = s.person(id);
      if (!person || !person->active() || !domain::may_read_person(s, *page.principal, *person) ||
          !offered.insert(id).second)
        return;
      out.push_back({{"value", id}, {"label", person_option(page, s, *person)}});
    };
    if (const auto grants = s.role_grants.find(c.id); grants != s.role_grants.end())
      for (const auto& [person, roles] : grants->second)
        if (!roles.empty()) offer(person);
    for (const auto& party : c.parties) {
      const auto* latest = s.latest_roster(c.id, party.organisation);
      if (!latest) continue;
      offer(latest->roster.responsible);
      offer(latest->roster.information_manager);
      for (const auto& w : latest->roster.workers) offer(w.person);
    }
    return out;
  }

  // A form of command C: its fields from the declaration, with the refusal under its field when
  // `sent` came from this form, else starting from `fresh`.
  template <class C>
  json command_form(const Page& page, const Sent& sent, const FormText& text, const FormShape& shape,
                    const std::map<std::string, std::string>& fresh = {}) const {
    const bool mine = sent.form == text.name;
    const Error* error = mine ? sent.error : nullptr;
    auto fields = form_fields<C>(page.language, mine ? sent.values : fresh, error, shape);
    // Several forms on a page name the same members: each form's ids are its own.
    own_field_ids(fields, text.name);
    return {{"name", text.name},
            {"action", text.action},
            {"heading", t(page, text.heading)},
            {"help", text.help.empty() ? std::string() : t(page, text.help)},
            {"submit", t(page, text.submit)},
            {"error", form_error(page, error, fields)},
            {"fields", std::move(fields)}};
  }

  // The steps of every form post here: `visible` says whether the principal may see what the
  // form is about (else 404), the command's rule whether they may do it (else 403); a refusal
  // draws the page again with the reason under the form that sent it.
  using Visible = std::function<bool(const State&, const domain::Contract&, const domain::ContractAccess&)>;
  using Redraw = std::function<Response(const Page&, int, const Sent&)>;
  Response submit(const Page& original, const std::string& id, const std::string& self, const domain::Command& command,
                  const Visible& visible, Sent sent, const Redraw& redraw, const std::string& next) const {
    Page page = original;
    page.self = self;
    const auto allowed = app_.service.read([&](const State& s) {
      const auto scoped = scope(page, s, id);
      return this->allowed(s, page, scoped.contract && visible(s, *scoped.contract, scoped.access), command);
    });
    return run_form(
        page, allowed, command, "disposal.denied",
        [&](const Error& error) {
          sent.error = &error;
          return redraw(page, http_status(error.kind), sent);
        },
        next);
  }

  static bool contract_visible(const State&, const domain::Contract&, const domain::ContractAccess&) { return true; }

  // --- devices ---

  json device_row(const Page& page, const State& s, const domain::Contract& c, const domain::Device& d) const {
    json media = json::array();
    const auto left = d.media_left();
    for (const auto& medium : d.storage) {
      const bool destroyed = std::ranges::find(left, medium) == left.end();
      media.push_back({{"name", medium},
                       {"badge",
                        {{"label", t(page, destroyed ? "devices.media_destroyed" : "devices.media_intact")},
                         {"class", destroyed ? "ok" : "muted"}}}});
    }
    json measures = json::array();
    for (const auto& m : d.measures) measures.push_back(term_text(page, domain::device_measures(), m));
    const std::string state = !d.in_use() ? "retired" : d.managed() ? "managed" : "unconfirmed";
    return {{"id", d.id},
            {"anchor", "device-" + d.id},
            {"url", device_url(c.id, d.id)},
            {"kind", term_text(page, domain::device_kinds(), d.kind)},
            {"description", d.description},
            {"identifier", d.identifier},
            {"party", party_text(page, s, c, d.organisation)},
            {"owner", party_text(page, s, c, d.owner)},
            {"location", d.location},
            {"badge",
             {{"label", t(page, "devices.status_" + state)},
              {"class", state == "managed"       ? "ok"
                        : state == "unconfirmed" ? "warn"
                                                 : "muted"}}},
            {"retired_reason", d.in_use() ? std::string() : term_text(page, domain::device_retirements(), d.retired)},
            {"measures", measures},
            {"has_measures", !measures.empty()},
            {"media", media},
            {"has_media", !media.empty()}};
  }

 public:
  Response devices(const Page& page, const std::string& id, int status = 200, const Sent& sent = {}) const {
    auto data = app_.service.read([&](const State& s) -> std::optional<json> {
      const auto scoped = scope(page, s, id);
      const auto* c = scoped.contract;
      if (!c) return std::nullopt;
      json rows = json::array();
      for (const auto& [device_id, d] : c->devices)
        if (domain::may_read_device(scoped.access, d)) rows.push_back(device_row(page, s, *c, d));
      auto out = page_data(page, *c, "devices",
                           {{"labels", member_labels<domain::RegisterDevice>(page.language)},
                            {"devices", rows},
                            {"has_devices", !rows.empty()},
                            {"form", nullptr}});
      // The register form offers the parties the command's rule lets the principal register for.
      FormShape shape{.set_by_page = {"contract"}};
      auto& parties = shape.choices["organisation"] = json::array();
      for (const auto& party : c->parties) {
        if (party.role == domain::PartyRole::City) continue;
        domain::RegisterDevice probe;
        probe.contract = c->id;
        probe.organisation = party.organisation;
        if (domain::may_execute(s, *page.principal, probe).ok())
          parties.push_back({{"value", party.organisation}, {"label", party_label(page, s, party)}});
      }
      if (parties.empty()) return out;
      if (parties.size() == 1) shape.preselected["organisation"] = parties.front()["value"].get<std::string>();
      shape.choices["kind"] = term_choices(page, domain::device_kinds());
      auto& owners = shape.choices["owner"] = json::array({{{"value", ""}, {"label", t(page, "devices.owner_same")}}});
      for (const auto& party : c->parties)
        owners.push_back({{"value", party.organisation}, {"label", party_label(page, s, party)}});
      out["form"] = command_form<domain::RegisterDevice>(
          page, sent, {"register", devices_url(id), "devices.register_heading", "devices.register_submit"}, shape);
      return out;
    });
    return contract_page(page, status, "devices", "devices.title", std::move(data));
  }

  Response device(const Page& page, const std::string& id, const std::string& device_id, int status = 200,
                  const Sent& sent = {}) const {
    auto data = app_.service.read([&](const State& s) -> std::optional<json> {
      const auto scoped = scope(page, s, id);
      const auto* c = scoped.contract;
      if (!c) return std::nullopt;
      const auto found = c->devices.find(device_id);
      if (found == c->devices.end() || !domain::may_read_device(scoped.access, found->second)) return std::nullopt;
      const auto& d = found->second;
      auto view = device_row(page, s, *c, d);
      view["registered"] = time_text(d.registered_at);
      view["registered_entry"] = entry_view(page, d.registered_index);
      view["confirmation"] = nullptr;
      if (d.confirmed_index != 0)
        view["confirmation"] = {
            {"text", f(page, "devices.confirmed_value",
                       {{"name", person_name(s, d.confirmed_by)}, {"at", time_text(d.confirmed_at)}})},
            {"note", d.measures_note},
            {"entry", entry_view(page, d.confirmed_index)}};
      json destructions = json::array();
      for (std::size_t n = 1; const auto& m : d.destructions)
        destructions.push_back(
            {{"performed_on", date_text(catalog_, page.language, m.performed_on)},
             {"media", m.media},
             {"method", m.method},
             {"performed_by", person_name(s, m.performed_by)},
             {"witnessed_by", m.witnessed_by.empty() ? t(page, "devices.no_witness") : person_name(s, m.witnessed_by)},
             {"evidence", m.evidence_sha256},
             {"note", m.note},
             {"entry", entry_view(page, m.ledger_index)},
             // The 記録媒体破壊報告書 (木更津市 第14条-2): a document of this entry, issued by its
             // first download.
             {"report",
              {{"status", t(page, s.document_of("destruction_report", m.ledger_index) ? "devices.report_issued"
                                                                                      : "devices.report_pending")},
               {"url", destruction_report_url(id, d.id, n++)}}}});
      view["destructions"] = destructions;
      view["has_destructions"] = !destructions.empty();
      view["retirement"] = nullptr;
      if (!d.in_use())
        view["retirement"] = {{"text", f(page, "devices.retired_value",
                                         {{"reason", term_text(page, domain::device_retirements(), d.retired)},
                                          {"at", time_text(d.retired_at)}})},
                              {"note", d.retired_note},
                              {"entry", entry_view(page, d.retired_index)}};

      auto out = page_data(page, *c, "devices",
                           {{"devices_url", devices_url(id)},
                            {"labels", member_labels<domain::RegisterDevice>(page.language)},
                            {"device", view},
                            {"confirm_form", nullptr},
                            {"destroy_form", nullptr},
                            {"retire_form", nullptr}});
      // The forms, each offered to whoever the command's own rule would accept it from now.
      const auto now = app_.clock.now();
      const auto& me = page.principal->person;
      const auto base = device_url(id, d.id);
      const domain::ConfirmDeviceMeasures confirm{
          id, d.id, {std::string(domain::device_measures().front().id)}, "", me};
      if (domain::permits(s, *page.principal, confirm, now)) {
        FormShape shape{.set_by_page = {"contract", "id", "by"}};
        shape.choices["measures"] = term_choices(page, domain::device_measures());
        // A new confirmation starts from the measures confirmed last.
        out["confirm_form"] = command_form<domain::ConfirmDeviceMeasures>(
            page, sent, {"confirm", base + "/confirm", "devices.confirm_heading", "devices.confirm_submit"}, shape,
            form_values(domain::ConfirmDeviceMeasures{id, d.id, d.measures, "", me}));
      }
      if (domain::permits(s, *page.principal, domain::DestroyMedia{id, d.id, {}, "-", me, "", today(), "", ""}, now)) {
        FormShape shape{.set_by_page = {"contract", "id"}};
        auto& media = shape.choices["media"] = json::array();
        const auto left = d.media_left();
        for (std::size_t i = 0; i < d.storage.size(); ++i)
          if (std::ranges::find(left, d.storage[i]) != left.end())
            media.push_back({{"value", medium_value(i)}, {"label", d.storage[i]}});
        shape.choices["performed_by"] = people_choices(page, s, *c);
        shape.choices["witnessed_by"] = people_choices(page, s, *c, "devices.no_witness");
        shape.preselected["performed_on"] = today();
        out["destroy_form"] = command_form<domain::DestroyMedia>(
            page, sent,
            {"destroy", base + "/destroy", "devices.destroy_heading", "devices.destroy_submit", "devices.destroy_help"},
            shape);
      }
      if (domain::permits(s, *page.principal, domain::RetireDevice{id, d.id, "released", "-"}, now)) {
        FormShape shape{.set_by_page = {"contract", "id"}};
        shape.choices["reason"] = term_choices(page, domain::device_retirements());
        out["retire_form"] = command_form<domain::RetireDevice>(
            page, sent,
            {"retire", base + "/retire", "devices.retire_heading", "devices.retire_submit", "devices.retire_help"},
            shape);
      }
      return out;
    });
    if (!data) return not_found(page);
    const auto title =
        f(page, "devices.show_title", {{"description", (*data)["device"]["description"].get<std::string>()}}) + " — " +
        (*data)["contract"]["number"].get<std::string>();
    return render(page, status, "device", title, std::move(*data));
  }

  // A form post about one device: a device the principal may not read is not found.
  Response device_act(const Page& page, const std::string& id, const std::string& device_id,
                      const domain::Command& command, const std::string& form,
                      const std::map<std::string, std::string>& values, const std::string& notice_key) const {
    const auto readable = [&](const State&, const domain::Contract& c, const domain::ContractAccess& access) {
      const auto found = c.devices.find(device_id);
      return found != c.devices.end() && domain::may_read_device(access, found->second);
    };
    return submit(
        page, id, device_url(id, device_id), command, readable, {form, values},
        [&](const Page& p, int status, const Sent& sent) { return device(p, id, device_id, status, sent); },
        device_url(id, device_id) + "?notice=" + notice_key + "#" + form);
  }

  // The media the destroy form checked, by their names as registered ("s1" → the second one).
  domain::DestroyMedia destroy_command(const std::string& id, const std::string& device_id,
                                       const std::map<std::string, std::string>& values) const {
    auto command = command_from_form<domain::DestroyMedia>(values, {{"contract", id}, {"id", device_id}});
    app_.service.read([&](const State& s) {
      const auto* c = s.contract(id);
      if (!c) return;
      const auto found = c->devices.find(device_id);
      if (found == c->devices.end()) return;
      for (auto& medium : command.media)
        for (std::size_t i = 0; i < found->second.storage.size(); ++i)
          if (medium == medium_value(i)) {
            medium = found->second.storage[i];
            break;
          }
    });
    return command;
  }

  // --- 返還・廃棄・消去 ---

 private:
  json instruction_view(const Page& page, const State& s, const domain::Contract& c,
                        const domain::ContractAccess& access, const domain::DisposalInstruction& in,
                        const std::string& day) const {
    json assets = json::array();
    std::size_t unseen = 0;
    bool open = false;
    for (const auto& asset_id : in.assets) {
      const auto asset = c.assets.find(asset_id);
      if (asset == c.assets.end()) continue;
      const bool settled = domain::asset_settled(s, c, asset->second);
      open = open || !settled;
      if (!api::asset_visible(s, c, access, asset->second)) {
        ++unseen;
        continue;
      }
      assets.push_back({{"description", asset->second.description},
                        {"url", asset_url(c.id, asset_id)},
                        {"badge",
                         {{"label", t(page, settled ? "disposal.asset_settled" : "disposal.asset_open")},
                          {"class", settled ? "ok" : "warn"}}}});
    }
    // Overdue: the due day has passed (in Japan) with an asset still out.
    const bool overdue = open && in.due < day;
    const std::string state = overdue ? "overdue" : open ? "open" : "complete";
    return {{"id", in.id},
            {"anchor", "instruction-" + in.id},
            {"overdue", overdue},
            {"disposition", in.disposition.empty() ? t(page, "disposal.any_disposition")
                                                   : term_text(page, domain::dispositions(), in.disposition)},
            {"due", date_text(catalog_, page.language, in.due)},
            {"badge",
             {{"label", t(page, "disposal.instruction_" + state)},
              {"class", state == "overdue" ? "bad"
                        : state == "open"  ? "warn"
                                           : "ok"}}},
            {"by", person_name(s, in.by)},
            {"at", time_text(in.at)},
            {"note", in.note},
            {"assets", assets},
            {"unseen", unseen > 0 ? f(page, "disposal.unseen_assets", {{"n", std::to_string(unseen)}}) : std::string()},
            {"entry", entry_view(page, in.ledger_index)}};
  }

  json act_view(const Page& page, const State& s, const domain::Contract& c, const domain::ContractAccess& access,
                const domain::DisposalRecord& r, const std::set<std::string>& readable_instructions) const {
    json assets = json::array();
    for (const auto& asset_id : r.assets) {
      const auto asset = c.assets.find(asset_id);
      const bool visible = asset != c.assets.end() && api::asset_visible(s, c, access, asset->second);
      assets.push_back({{"description", asset != c.assets.end() ? asset->second.description : asset_id},
                        {"url", visible ? asset_url(c.id, asset_id) : std::string()}});
    }
    const bool answers = !r.instruction.empty() && readable_instructions.contains(r.instruction);
    return {
        {"id", r.id},
        {"anchor", "disposal-" + r.id},
        {"disposition", term_text(page, domain::dispositions(), r.disposition)},
        {"method", r.method},
        {"media", r.media},
        {"party", party_text(page, s, c, r.organisation)},
        {"performed_by", person_name(s, r.performed_by)},
        {"witnessed_by", r.witnessed_by.empty() ? t(page, "devices.no_witness") : person_name(s, r.witnessed_by)},
        {"performed_on", date_text(catalog_, page.language, r.performed_on)},
        {"instruction", answers ? json{{"id", r.instruction}, {"url", "#instruction-" + r.instruction}} : json()},
        {"note", r.note},
        {"assets", assets},
        {"recorded",
         f(page, "disposal.recorded_value", {{"name", actor_text(page, s, r.recorded_by)}, {"at", time_text(r.at)}})},
        {"entry", entry_view(page, r.ledger_index)},
        // The 廃棄・消去証明書 (長野市 第9-2, 木更津市 第5条-1): a document of this entry, issued
        // by its first download.
        {"certificate",
         {{"status", t(page, s.document_of("disposal_certificate", r.ledger_index) ? "disposal.certificate_issued"
                                                                                   : "disposal.certificate_pending")},
          {"url", certificate_url(c.id, r.id)}}}};
  }

  json report_view(const Page& page, const State& s, const domain::Contract& c, const domain::CreatedAssetsReport& r,
                   bool latest) const {
    json items = json::array();
    for (const auto& item : r.items) {
      const auto asset = c.assets.find(item.asset);
      items.push_back({{"description", asset != c.assets.end() ? asset->second.description : item.asset},
                       {"keeper", person_name(s, item.keeper)}});
    }
    const bool acknowledged = r.acknowledged_index != 0;
    const domain::AcknowledgeCreatedAssets probe{c.id, r.organisation, page.principal->person};
    const bool may_acknowledge = latest && domain::permits(s, *page.principal, probe, app_.clock.now());
    return {{"party", party_text(page, s, c, r.organisation)},
            {"anchor", "created-assets-" + r.organisation},
            {"items", items},
            {"note", r.note},
            {"reported", f(page, "disposal.recorded_value", {{"name", person_name(s, r.by)}, {"at", time_text(r.at)}})},
            {"entry", entry_view(page, r.ledger_index)},
            {"badge",
             {{"label", t(page, acknowledged ? "disposal.report_acknowledged" : "disposal.report_waiting")},
              {"class", acknowledged ? "ok" : "warn"}}},
            {"acknowledged",
             acknowledged ? f(page, "disposal.recorded_value",
                              {{"name", person_name(s, r.acknowledged_by)}, {"at", time_text(r.acknowledged_at)}})
                          : std::string()},
            {"may_acknowledge", may_acknowledge},
            {"acknowledge_action",
             disposal_url(c.id) + "/created-assets/" + http::percent_encode(r.organisation) + "/acknowledge"},
            {"acknowledge_label",
             f(page, "disposal.acknowledge_label", {{"party", party_text(page, s, c, r.organisation)}})}};
  }

  // The parties of `c` (乙 and 丙) for which `probe(organisation)` is allowed, as choices.
  json party_choices(const Page& page, const State& s, const domain::Contract& c,
                     const std::function<bool(const std::string&)>& allowed) const {
    json out = json::array();
    for (const auto& party : c.parties)
      if (party.role != domain::PartyRole::City && allowed(party.organisation))
        out.push_back({{"value", party.organisation}, {"label", party_label(page, s, party)}});
    return out;
  }

  static FormShape with_parties(FormShape shape, json parties) {
    if (parties.size() == 1) shape.preselected["organisation"] = parties.front()["value"].get<std::string>();
    shape.choices["organisation"] = std::move(parties);
    return shape;
  }

  std::string asset_option(const Page& page, const State& s, const domain::Asset& asset) const {
    return f(
        page, "disposal.asset_option",
        {{"description", asset.description}, {"party", organisation_name(page, s, domain::asset_party(s, asset))}});
  }

 public:
  Response disposal(const Page& page, const std::string& id, int status = 200, const Sent& sent = {}) const {
    auto data = app_.service.read([&](const State& s) -> std::optional<json> {
      const auto scoped = scope(page, s, id);
      const auto* c = scoped.contract;
      const auto& access = scoped.access;
      if (!c) return std::nullopt;
      const auto day = today();
      const auto now = app_.clock.now();
      const auto& me = page.principal->person;

      json instructions = json::array();
      std::set<std::string> readable_instructions;
      json open_instructions = json::array({{{"value", ""}, {"label", t(page, "disposal.no_instruction")}}});
      for (const auto& [instruction_id, in] : c->disposal_instructions) {
        if (!domain::may_read_instruction(s, *c, access, in)) continue;
        readable_instructions.insert(instruction_id);
        auto view = instruction_view(page, s, *c, access, in, day);
        if (view["badge"]["class"] != "ok")
          open_instructions.push_back(
              {{"value", instruction_id},
               {"label", f(page, "disposal.instruction_option", {{"id", instruction_id}, {"due", in.due}})}});
        instructions.push_back(std::move(view));
      }
      json acts = json::array();
      for (const auto& [record_id, r] : c->disposals)
        if (domain::may_read_disposal(access, r))
          acts.push_back(act_view(page, s, *c, access, r, readable_instructions));
      json reports = json::array();
      const auto& all_reports = c->created_assets_reports;
      for (std::size_t i = 0; i < all_reports.size(); ++i) {
        const auto& r = all_reports[i];
        if (!domain::may_read_created_assets(access, r)) continue;
        const bool latest = std::none_of(all_reports.begin() + static_cast<std::ptrdiff_t>(i) + 1, all_reports.end(),
                                         [&](const auto& later) { return later.organisation == r.organisation; });
        reports.push_back(report_view(page, s, *c, r, latest));
      }
      auto out = page_data(page, *c, "disposal",
                           {{"act_labels", member_labels<domain::DisposeAssets>(page.language)},
                            {"instructions", instructions},
                            {"has_instructions", !instructions.empty()},
                            {"acts", acts},
                            {"has_acts", !acts.empty()},
                            {"reports", reports},
                            {"has_reports", !reports.empty()},
                            {"instruct_form", nullptr},
                            {"record_form", nullptr},
                            {"report_form", nullptr}});

      // The city instructs: the assets still out are the choices.
      if (domain::permits(s, *page.principal, domain::InstructDisposal{id, "", {}, "", day, "", me}, now)) {
        FormShape shape{.set_by_page = {"contract", "id", "by"}};
        auto& assets = shape.choices["assets"] = json::array();
        for (const auto& [asset_id, asset] : c->assets)
          if (!domain::asset_settled(s, *c, asset) && api::asset_visible(s, *c, access, asset))
            assets.push_back({{"value", asset_id}, {"label", asset_option(page, s, asset)}});
        shape.choices["disposition"] = term_choices(page, domain::dispositions());
        shape.choices["disposition"].insert(shape.choices["disposition"].begin(),
                                            json{{"value", ""}, {"label", t(page, "disposal.any_disposition")}});
        out["instruct_form"] = command_form<domain::InstructDisposal>(
            page, sent,
            {"instruct", disposal_url(id) + "/instructions", "disposal.instruct_heading", "disposal.instruct_submit",
             "disposal.instruct_help"},
            shape);
      }

      // A party records what it did with what it holds: the assets its people hold and have not
      // settled are the choices.
      auto recording = party_choices(page, s, *c, [&](const std::string& org) {
        domain::DisposeAssets probe;
        probe.contract = id;
        probe.organisation = org;
        return domain::may_execute(s, *page.principal, probe).ok();
      });
      std::set<std::string> recording_for;
      for (const auto& party : recording) recording_for.insert(party["value"].get<std::string>());
      json held = json::array();
      for (const auto& [asset_id, asset] : c->assets)
        if (recording_for.contains(domain::asset_party(s, asset)) && !domain::asset_settled(s, *c, asset) &&
            api::asset_visible(s, *c, access, asset))
          held.push_back({{"value", asset_id}, {"label", asset_option(page, s, asset)}});
      if (!held.empty()) {
        auto shape = with_parties(FormShape{.set_by_page = {"contract", "id"}}, std::move(recording));
        shape.choices["assets"] = std::move(held);
        shape.choices["disposition"] = json::array();
        for (const auto& term : domain::dispositions())
          if (term.id != "returned")  // a return is a hand-over to the city (the transfers page)
            shape.choices["disposition"].push_back(
                {{"value", term.id}, {"label", term_text(page, domain::dispositions(), term.id)}});
        shape.choices["performed_by"] = people_choices(page, s, *c);
        shape.choices["witnessed_by"] = people_choices(page, s, *c, "devices.no_witness");
        shape.choices["instruction"] = open_instructions;
        shape.preselected["performed_on"] = day;
        out["record_form"] =
            command_form<domain::DisposeAssets>(page, sent,
                                                {"record", disposal_url(id) + "/records", "disposal.record_heading",
                                                 "disposal.record_submit", "disposal.record_help"},
                                                shape);
      }

      // A party reports every created or acquired asset it holds (木更津市 第5条-2).
      auto reporting = party_choices(page, s, *c, [&](const std::string& org) {
        return domain::permits(s, *page.principal, domain::ReportCreatedAssets{id, org, {}, me, "", me}, now);
      });
      if (!reporting.empty()) {
        auto shape = with_parties(FormShape{.set_by_page = {"contract", "assets", "by"}}, std::move(reporting));
        shape.choices["keeper"] = people_choices(page, s, *c);
        out["report_form"] = command_form<domain::ReportCreatedAssets>(
            page, sent,
            {"report", disposal_url(id) + "/created-assets", "disposal.report_heading", "disposal.report_submit",
             "disposal.report_help"},
            shape);
      }
      return out;
    });
    return contract_page(page, status, "disposal", "disposal.title", std::move(data));
  }

  Response disposal_act(const Page& page, const std::string& id, const domain::Command& command,
                        const std::string& form, const std::map<std::string, std::string>& values,
                        const std::string& notice_key, const std::string& anchor) const {
    return submit(
        page, id, disposal_url(id), command, contract_visible, {form, values},
        [&](const Page& p, int status, const Sent& sent) { return disposal(p, id, status, sent); },
        disposal_url(id) + "?notice=" + notice_key + "#" + anchor);
  }

  // A form of the disposal page read into command C; a command that names the person acting
  // (`by`) names the signed-in person.
  template <class C>
  Response disposal_form(const Page& page, const std::string& form, const std::string& notice_key,
                         const std::string& anchor) const {
    const auto& id = page.param("id");
    const auto values = page.request.form();
    auto command = command_from_form<C>(values, {{"contract", id}});
    if constexpr (requires { command.by; }) command.by = page.principal->person;
    return disposal_act(page, id, command, form, values, notice_key, anchor);
  }

  // --- closing ---

 private:
  // Where an outstanding item is settled.
  static std::string settle_url(const std::string& contract, const domain::Outstanding& item) {
    if (item.kind == "transfer") return contract_url(contract) + "/transfers";
    if (item.kind == "badge") return contract_url(contract) + "/badges#badge-" + http::percent_encode(item.id);
    if (item.kind == "device" || item.kind == "destruction_report") return device_url(contract, item.id);
    if (item.kind == "certificate") return disposal_url(contract) + "#disposal-" + http::percent_encode(item.id);
    if (item.kind == "created_assets") return disposal_url(contract) + "#created-assets";
    return disposal_url(contract);
  }

 public:
  Response closing(const Page& page, const std::string& id, int status = 200, const std::string& refusal = {}) const {
    auto data = app_.service.read([&](const State& s) -> std::optional<json> {
      const auto scoped = scope(page, s, id);
      const auto* c = scoped.contract;
      if (!c) return std::nullopt;
      // Grouped by kind, in the order the domain lists them.
      std::vector<std::pair<std::string, json>> groups;
      std::size_t count = 0;
      for (const auto& item : domain::closing_outstanding(s, *c)) {
        if (!domain::may_read_outstanding(scoped.access, *c, item)) continue;
        auto group = std::ranges::find(groups, item.kind, &std::pair<std::string, json>::first);
        if (group == groups.end()) group = groups.emplace(groups.end(), item.kind, json::array());
        group->second.push_back(
            {{"text", page.language == http::Language::En ? item.en : item.ja},
             {"clause", item.clause},
             {"party", item.organisation.empty() ? std::string() : party_text(page, s, *c, item.organisation)},
             {"url", settle_url(id, item)}});
        ++count;
      }
      json outstanding = json::array();
      for (auto& [kind, items] : groups)
        outstanding.push_back({{"anchor", "outstanding-" + kind},
                               {"heading", f(page, "closing.kind." + kind, {{"n", std::to_string(items.size())}})},
                               {"items", std::move(items)}});
      const auto now = app_.clock.now();
      const domain::ChangeContractState start{id, domain::ContractState::Closing};
      const domain::ChangeContractState close{id, domain::ContractState::Closed};
      // Closing is offered whenever only what is outstanding keeps it: pressing it then shows
      // the refusal, which names each item.
      bool may_close = false;
      if (domain::may_execute(s, *page.principal, close).ok()) {
        const auto decided = domain::decide(s, close, page.principal->actor(), now);
        may_close = decided.ok() || decided.error().code == "contract.outstanding";
      }
      auto out = page_data(page, *c, "closing",
                           {{"refusal", refusal},
                            {"closing_since", c->closing_index != 0 ? time_text(c->closing_at) : std::string()},
                            {"outstanding", outstanding},
                            {"has_outstanding", count > 0},
                            {"count", f(page, "closing.count", {{"n", std::to_string(count)}})},
                            {"may_start", domain::permits(s, *page.principal, start, now)},
                            {"start_action", closing_url(id) + "/start"},
                            {"may_close", may_close},
                            {"close_action", closing_url(id) + "/close"}});
      return out;
    });
    return contract_page(page, status, "closing", "closing.title", std::move(data));
  }

  Response change_state(const Page& original, const std::string& id, domain::ContractState target,
                        const char* notice_key) const {
    Page page = original;
    page.self = closing_url(id);
    const domain::ChangeContractState command{id, target};
    const auto allowed = app_.service.read(
        [&](const State& s) { return this->allowed(s, page, scope(page, s, id).contract != nullptr, command); });
    return run_form(
        page, allowed, command, "closing.denied",
        [&](const Error& error) { return closing(page, id, http_status(error.kind), message(page, error)); },
        closing_url(id) + "?notice=" + notice_key);
  }
};

void DisposalPages::register_routes(http::Router& router, const std::shared_ptr<DisposalPages>& self) const {
  const auto page = signed_in_routes(self, "dashboard");
  using P = DisposalPages;
  const std::string d = "/contracts/{id}/devices";
  router.get(d, "pages.devices", page([](const P& p, const Page& pg) { return p.devices(pg, pg.param("id")); }));
  router.post(d, "pages.device_register", page([](const P& p, const Page& pg) {
                const auto& id = pg.param("id");
                const auto values = pg.request.form();
                const auto command = command_from_form<domain::RegisterDevice>(values, {{"contract", id}});
                return p.submit(
                    pg, id, devices_url(id), command, contract_visible, {"register", values},
                    [&](const Page& again, int status, const Sent& sent) { return p.devices(again, id, status, sent); },
                    device_url(id, command.id) + "?notice=device_registered");
              }));
  router.get(d + "/{device}", "pages.device",
             page([](const P& p, const Page& pg) { return p.device(pg, pg.param("id"), pg.param("device")); }));
  router.post(d + "/{device}/confirm", "pages.device_confirm", page([](const P& p, const Page& pg) {
                const auto values = pg.request.form();
                auto command = command_from_form<domain::ConfirmDeviceMeasures>(
                    values, {{"contract", pg.param("id")}, {"id", pg.param("device")}});
                command.by = pg.principal->person;
                return p.device_act(pg, pg.param("id"), pg.param("device"), command, "confirm", values,
                                    "device_confirmed");
              }));
  router.post(d + "/{device}/destroy", "pages.media_destroy", page([](const P& p, const Page& pg) {
                const auto values = pg.request.form();
                return p.device_act(pg, pg.param("id"), pg.param("device"),
                                    p.destroy_command(pg.param("id"), pg.param("device"), values), "destroy", values,
                                    "media_destroyed");
              }));
  router.post(
      d + "/{device}/retire", "pages.device_retire", page([](const P& p, const Page& pg) {
        const auto values = pg.request.form();
        const auto command =
            command_from_form<domain::RetireDevice>(values, {{"contract", pg.param("id")}, {"id", pg.param("device")}});
        return p.device_act(pg, pg.param("id"), pg.param("device"), command, "retire", values, "device_retired");
      }));

  router.get(d + "/{device}/destructions/{n}/report.pdf", "pages.destruction_report",
             page([](const P& p, const Page& pg) {
               return p.destruction_report(pg, pg.param("id"), pg.param("device"), pg.param("n"));
             }));

  const std::string x = "/contracts/{id}/disposal";
  router.get(x, "pages.disposal", page([](const P& p, const Page& pg) { return p.disposal(pg, pg.param("id")); }));
  router.get(x + "/records/{record}/certificate.pdf", "pages.disposal_certificate",
             page([](const P& p, const Page& pg) { return p.certificate(pg, pg.param("id"), pg.param("record")); }));
  // Drawing a PDF takes long enough to run off the I/O threads.
  router.set_pace("pages.destruction_report", http::Pace::Slow);
  router.set_pace("pages.disposal_certificate", http::Pace::Slow);
  // The public checks the documents' QR codes lead to: no account needed.
  router.get(std::string(service::kDisposalVerifyPath), "pages.disposal_verify", [self](http::Request& r) {
    return self->public_page(r, [&](const Page& pg) { return self->verify(pg, service::kDisposalVerifyPath); });
  });
  router.get(std::string(service::kDestructionVerifyPath), "pages.destruction_verify", [self](http::Request& r) {
    return self->public_page(r, [&](const Page& pg) { return self->verify(pg, service::kDestructionVerifyPath); });
  });
  router.post(x + "/instructions", "pages.disposal_instruct", page([](const P& p, const Page& pg) {
                return p.disposal_form<domain::InstructDisposal>(pg, "instruct", "disposal_instructed", "instructions");
              }));
  router.post(x + "/records", "pages.disposal_record", page([](const P& p, const Page& pg) {
                return p.disposal_form<domain::DisposeAssets>(pg, "record", "assets_disposed", "acts");
              }));
  router.post(x + "/created-assets", "pages.created_assets_report", page([](const P& p, const Page& pg) {
                return p.disposal_form<domain::ReportCreatedAssets>(pg, "report", "created_assets_reported",
                                                                    "created-assets");
              }));
  router.post(x + "/created-assets/{org}/acknowledge", "pages.created_assets_acknowledge",
              page([](const P& p, const Page& pg) {
                const domain::AcknowledgeCreatedAssets command{pg.param("id"), pg.param("org"), pg.principal->person};
                return p.disposal_act(pg, pg.param("id"), command, "acknowledge", {}, "created_assets_acknowledged",
                                      "created-assets");
              }));

  const std::string c = "/contracts/{id}/closing";
  router.get(c, "pages.closing", page([](const P& p, const Page& pg) { return p.closing(pg, pg.param("id")); }));
  router.post(c + "/start", "pages.closing_start", page([](const P& p, const Page& pg) {
                return p.change_state(pg, pg.param("id"), domain::ContractState::Closing, "closing_started");
              }));
  router.post(c + "/close", "pages.contract_close", page([](const P& p, const Page& pg) {
                return p.change_state(pg, pg.param("id"), domain::ContractState::Closed, "contract_closed");
              }));
}

}  // namespace

void register_disposal_pages(http::Router& router, api::AppContext& app) {
  auto pages = std::make_shared<DisposalPages>(app);
  pages->register_routes(router, pages);
}

}  // namespace itaku::web
