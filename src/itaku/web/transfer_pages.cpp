// Hand-overs of information assets (授受; 長野市 第8, 木更津市 第11条(3)): a contract's
// hand-overs, the form that hands over what the principal or their side holds, the receiver's
// acknowledgement, the receipt PDF (受領証) of what the city handed over, and the public page
// that checks a receipt against the ledger. Who may see a hand-over is
// domain::transfer_visible; who may hand over or acknowledge, the commands' rules.

#include "itaku/web/transfer_pages.hpp"

#include <charconv>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "itaku/api/authorization.hpp"
#include "itaku/api/session.hpp"
#include "itaku/documents/receipt.hpp"
#include "itaku/domain/authorization.hpp"
#include "itaku/domain/commands.hpp"
#include "itaku/service/receipts.hpp"
#include "itaku/web/command_form.hpp"
#include "itaku/web/frame.hpp"
#include "itaku/web/i18n.hpp"
#include "itaku/web/views.hpp"

namespace itaku::web {

namespace {

using domain::State;
using http::Request;
using http::Response;
using nlohmann::json;

// The typed values of a form shown again after a refusal.
using Fields = std::map<std::string, std::string>;

class TransferPages : public PageViews {
 public:
  // The notices a redirect may ask these pages to show.
  explicit TransferPages(api::AppContext& app)
      : PageViews(app, {"transfer_created", "transfer_acknowledged", "transfer_cancelled"}),
        verify_js_href_(static_href("receipt_verify.js")) {}

  Response transfers(const Page& page, const std::string& id, int status = 200, const Fields& sent = {},
                     const Error* error = nullptr) const;
  Response hand_over(const Page& page, const std::string& id) const;
  Response acknowledge(const Page& page, const std::string& id, const std::string& transfer) const;
  Response cancel(const Page& page, const std::string& id, const std::string& transfer) const;
  Response receipt(const Page& page, const std::string& id, const std::string& transfer) const;
  Response verify(const Page& page) const;

 private:
  // Whether the principal may run `command` on hand-over `transfer` of contract `id` (Hidden
  // when they may not see it).
  Allowed allowed_on(const Page& page, const std::string& id, const std::string& transfer,
                     const domain::Command& command) const {
    return app_.service.read([&](const State& s) {
      const auto scope = this->scope(page, s, id);
      bool visible = false;
      if (const auto* c = scope.contract) {
        const auto it = c->transfers.find(transfer);
        visible = it != c->transfers.end() && api::transfer_visible(scope.access, it->second);
      }
      return this->allowed(s, page, visible, command);
    });
  }
  // Who withdrew a hand-over and when ("" while it is not withdrawn).
  std::string cancelled_text(const Page& page, const State& s, const domain::Transfer& tr) const {
    if (!tr.cancelled_by || !tr.cancelled_at) return {};
    const auto* by = s.person(*tr.cancelled_by);
    return f(page, "transfers.cancelled_by",
             {{"name", by ? by->name : *tr.cancelled_by}, {"at", time_text(*tr.cancelled_at)}});
  }
  // The number printed on the receipt recorded at `index`.
  std::string receipt_number(std::uint64_t index) const;
  // A receipt as the public check shows it: what the paper prints, under the paper's labels.
  static json receipt_view(const documents::Receipt& receipt);

  std::string verify_js_href_;
};

json TransferPages::receipt_view(const documents::Receipt& r) {
  // The labels and the values as the paper prints them, row by row, to be read side by side.
  json rows = json::array();
  for (const auto& [label, value] : {std::pair<std::string_view, const std::string&>{"契約番号", r.contract_number},
                                     {"件名", r.contract_title},
                                     {"受領日時", r.received_at}})
    if (!value.empty()) rows.push_back({{"label", label}, {"value", value}});
  json parties = json::array();
  parties.push_back(
      {{"label", "受領者"}, {"organisation", r.contractor}, {"title", r.received_by_title}, {"name", r.received_by}});
  parties.push_back(
      {{"label", "引渡者"}, {"organisation", r.city}, {"title", r.handed_over_by_title}, {"name", r.handed_over_by}});
  json items = json::array();
  for (std::size_t i = 0; i < r.items.size(); ++i) {
    const auto& item = r.items[i];
    items.push_back({{"number", std::to_string(i + 1)},
                     {"asset", item.asset},
                     {"description", item.description},
                     {"class", item.asset_class},
                     {"media", item.media},
                     {"quantity", item.quantity}});
  }
  return {{"number", r.number},
          {"date", r.received_date},
          {"addressee", r.addressee},
          {"rows", std::move(rows)},
          {"parties", std::move(parties)},
          {"items_caption", "受領した情報資産（" + std::to_string(r.items.size()) + "件）"},
          {"items", std::move(items)}};
}

std::string TransferPages::receipt_number(std::uint64_t index) const {
  auto stored = app_.ledger.entry(index);
  if (!stored) return {};
  try {
    const auto entry = json::parse(*stored);
    const auto& data = entry.at("event").at("data");
    return data.value("number", std::string());
  } catch (const json::exception&) {
    return {};
  }
}

Response TransferPages::transfers(const Page& page, const std::string& id, int status, const Fields& sent,
                                  const Error* error) const {
  auto data = app_.service.read([&](const State& s) -> std::optional<json> {
    const auto scope = this->scope(page, s, id);
    if (!scope.contract) return std::nullopt;
    const auto& c = *scope.contract;
    json rows = json::array();
    // Newest first: the pending ones are the ones a person comes for.
    for (auto it = c.transfers.rbegin(); it != c.transfers.rend(); ++it) {
      const auto& [tid, tr] = *it;
      if (!api::transfer_visible(scope.access, tr)) continue;
      json assets = json::array();
      for (const auto& aid : tr.assets) {
        auto a = c.assets.find(aid);
        const bool visible = a != c.assets.end() && api::asset_visible(s, c, scope.access, a->second);
        assets.push_back({{"id", aid},
                          {"description", a != c.assets.end() ? a->second.description : ""},
                          {"url", visible ? asset_url(c.id, aid) : ""}});
      }
      json row{{"id", tid},
               {"anchor", "transfer-" + tid},
               {"assets", assets},
               {"from", person_ref(page, s, tr.from, PersonDetail::Organisation)},
               {"to", person_ref(page, s, tr.to, PersonDetail::Organisation)},
               {"at", time_text(tr.at)},
               {"note", tr.note},
               {"acknowledged", tr.acknowledged_by.has_value()},
               {"acknowledged_text", acknowledged_text(page, s, tr)},
               {"can_acknowledge",
                domain::permits(s, *page.principal, domain::AcknowledgeTransfer{c.id, tr.id, page.principal->person},
                                app_.clock.now())},
               {"acknowledge_action", contract_url(c.id) + "/transfers/" + http::percent_encode(tid) + "/acknowledge"},
               {"acknowledge_label", f(page, "transfers.acknowledge_label", {{"id", tid}})},
               {"cancelled", tr.cancelled_by.has_value()},
               {"cancelled_text", cancelled_text(page, s, tr)},
               {"cancel_reason", tr.cancel_reason},
               {"can_cancel",
                tr.pending() && domain::permits(s, *page.principal,
                                                domain::CancelTransfer{c.id, tr.id, page.principal->person, "-"},
                                                app_.clock.now())},
               {"cancel_action", contract_url(c.id) + "/transfers/" + http::percent_encode(tid) + "/cancel"},
               {"cancel_label", f(page, "transfers.cancel_label", {{"id", tid}})},
               {"index", std::to_string(tr.ledger_index)},
               {"index_url", entry_url(tr.ledger_index)},
               {"receipt", nullptr}};
      if (tr.receipt_index) {
        const auto number = receipt_number(tr.receipt_index);
        row["receipt"] = {
            {"number", number},
            {"url", contract_url(c.id) + "/transfers/" + http::percent_encode(tid) + "/receipt.pdf"},
            {"label", f(page, "transfers.receipt_download_label", {{"number", number.empty() ? tid : number}})},
            {"index", std::to_string(tr.receipt_index)},
            {"index_url", entry_url(tr.receipt_index)}};
      }
      rows.push_back(std::move(row));
    }
    json out{{"contract", contract_head(page, c)},
             {"tabs", tabs(page, c, "transfers")},
             {"notice", notice(page)},
             {"transfers", rows},
             {"has_transfers", !rows.empty()},
             {"error", error ? message_with_detail(page, *error) : std::string()},
             {"form", nullptr}};
    // The hand-over form: assets the principal or their side holds, not waiting for another
    // acknowledgement.
    json assets = json::array();
    for (const auto& [aid, a] : c.assets) {
      if (!a.pending_transfer.empty() || !api::may_hand_over_for(s, c, scope.access, *page.principal, a.custodian))
        continue;
      const auto* holder = s.person(a.custodian);
      if (!holder || !holder->active()) continue;
      assets.push_back({{"value", aid},
                        {"label", f(page, "transfers.asset_option",
                                    {{"id", aid}, {"description", a.description}, {"custodian", holder->name}})}});
    }
    if (assets.empty()) {
      out["nothing_to_hand_over"] = scope.access.city_writer || !scope.access.writable_parties.empty();
      return out;
    }
    // Receivers: people of the contract's parties whom the principal may read and who may
    // receive at least one class of what can be handed over (the hand-over's rule,
    // domain::check_receiver: the city's staff, or people working on a party's roster today who
    // may view or use the class), each with the classes they may receive.
    std::vector<const domain::AssetClass*> offered;
    for (const auto& [aid, a] : c.assets)
      if (const auto* cls = c.asset_class(a.asset_class); cls && std::ranges::find(offered, cls) == offered.end())
        offered.push_back(cls);
    const auto today = jst_date(app_.clock.now());
    json receivers = json::array();
    receivers.push_back({{"value", ""}, {"label", t(page, "transfers.choose")}});
    for (const auto& [pid, p] : s.people) {
      if (!p.active() || !c.party(p.organisation) || pid == page.principal->person) continue;
      if (!api::may_read_person(s, *page.principal, p)) continue;
      std::string classes;
      for (const auto* cls : offered)
        if (domain::check_receiver(s, c, pid, *cls, today))
          classes += (classes.empty() ? "" : "・") + class_name(page, c, cls->id);
      if (classes.empty()) continue;
      receivers.push_back({{"value", pid},
                           {"label", f(page, "transfers.receiver_option",
                                       {{"person", person_option(page, s, p)}, {"classes", classes}})}});
    }
    // The giver is whoever holds what is chosen (hand_over); the id is numbered by the rule.
    const FormShape shape{.set_by_page = {"contract", "id", "from"},
                          .choices = {{"assets", std::move(assets)}, {"to", std::move(receivers)}}};
    auto fields = form_fields<domain::TransferAssets>(page.language, sent, error, shape);
    out["form"] = {{"action", contract_url(c.id) + "/transfers"},
                   {"error", form_error(page, error, fields)},
                   {"fields", std::move(fields)}};
    return out;
  });
  return contract_page(page, status, "asset_transfers", "transfers.title", std::move(data));
}

Response TransferPages::hand_over(const Page& original, const std::string& id) const {
  Page page = original;
  page.self = contract_url(id) + "/transfers";
  const auto sent = page.request.form();
  auto command = command_from_form<domain::TransferAssets>(sent, {{"contract", id}});
  // The giver is the custodian of what was chosen: one hand-over, one giver.
  std::optional<std::string_view> choice_refused;  // the catalog's text for a choice the form cannot make
  const auto allowed = app_.service.read([&](const State& s) {
    const auto scope = this->scope(page, s, id);
    if (!scope.contract) return Allowed::Hidden;
    std::set<std::string> holders;
    for (const auto& aid : command.assets) {
      auto it = scope.contract->assets.find(aid);
      if (it == scope.contract->assets.end() || !api::asset_visible(s, *scope.contract, scope.access, it->second))
        return Allowed::No;
      holders.insert(it->second.custodian);
    }
    if (holders.size() != 1) {
      choice_refused = holders.empty() ? "transfers.no_assets_chosen" : "transfers.mixed_custodians";
      return Allowed::Yes;
    }
    command.from = *holders.begin();
    return this->allowed(s, page, true, command);
  });
  auto refused = [&](const Error& error) { return transfers(page, id, http_status(error.kind), sent, &error); };
  if (allowed != Allowed::Hidden && choice_refused) {
    if (auto csrf = api::check_csrf(*page.principal, page.request); !csrf) return failed(page, csrf.error());
    const auto text = t(page, *choice_refused);
    return refused(make_error(ErrorKind::Invalid, std::string(*choice_refused), text, text).with("field", "assets"));
  }
  return run_form(page, allowed, command, "transfers.denied", refused,
                  contract_url(id) + "/transfers?notice=transfer_created");
}

Response TransferPages::acknowledge(const Page& original, const std::string& id, const std::string& transfer) const {
  Page page = original;
  page.self = contract_url(id) + "/transfers";
  const domain::AcknowledgeTransfer command{id, transfer, page.principal->person};
  const auto allowed = allowed_on(page, id, transfer, command);
  return run_form(
      page, allowed, command, "transfers.acknowledge_denied", [&](const Error& error) { return failed(page, error); },
      contract_url(id) + "/transfers?notice=transfer_acknowledged#transfer-" + http::percent_encode(transfer));
}

Response TransferPages::cancel(const Page& original, const std::string& id, const std::string& transfer) const {
  Page page = original;
  page.self = contract_url(id) + "/transfers";
  const auto form = page.request.form();
  const auto reason = form.find("reason");
  const domain::CancelTransfer command{id, transfer, page.principal->person,
                                       reason == form.end() ? std::string() : reason->second};
  const auto allowed = allowed_on(page, id, transfer, command);
  return run_form(
      page, allowed, command, "transfers.cancel_denied",
      [&](const Error& error) { return transfers(page, id, http_status(error.kind), {}, &error); },
      contract_url(id) + "/transfers?notice=transfer_cancelled#transfer-" + http::percent_encode(transfer));
}

Response TransferPages::receipt(const Page& page, const std::string& id, const std::string& transfer) const {
  const auto index = app_.service.read([&](const State& s) -> std::optional<std::uint64_t> {
    const auto scope = this->scope(page, s, id);
    if (!scope.contract) return std::nullopt;
    auto it = scope.contract->transfers.find(transfer);
    if (it == scope.contract->transfers.end() || !api::transfer_visible(scope.access, it->second) ||
        !it->second.receipt_index)
      return std::nullopt;
    return it->second.receipt_index;
  });
  if (!index) return not_found(page);
  // The QR code leads to this instance's public check of the receipt. The first download
  // issues the file; later ones give the same bytes.
  auto issued = service::issue_receipt(app_.service, *index, api::document_base_url(app_, page.request),
                                       page.principal->person.empty() ? domain::Actor{"user:" + page.principal->login}
                                                                      : domain::Actor::person(page.principal->person));
  if (!issued) return failed(page, issued.error());
  return download(page, std::move(issued->pdf), "application/pdf",
                  "receipt-" + http::percent_encode(id) + "-" + http::percent_encode(transfer) + ".pdf");
}

// Anyone may verify a receipt (public_page).
Response TransferPages::verify(const Page& page) const {
  const auto& request = page.request;
  nlohmann::json data{{"verify_js_href", verify_js_href_}};
  int status = 200;
  // The link on a receipt (its QR code) carries the receipt's ledger index and its token: the
  // page then shows what the ledger records, to compare with the paper.
  if (request.query.contains("index") || request.query.contains("k")) {
    const auto link = document_link(request);
    auto found = link ? service::public_receipt(app_.service, link->index, link->token)
                      : Result<service::PublicReceipt>(make_error(ErrorKind::NotFound, "receipt.unknown",
                                                                  "その受領証は見つかりません", "no such receipt"));
    if (found) {
      auto record = receipt_view(found->receipt);
      record["index"] = std::to_string(found->index);
      record["origin"] = found->origin;
      record["documents"] = nlohmann::json::array();
      for (const auto& doc : found->documents)
        record["documents"].push_back(
            {{"sha256", doc.sha256}, {"issued_at", moment_text(catalog_, page.language, doc.at)}});
      data["record"] = std::move(record);
    } else if (found.error().kind == ErrorKind::NotFound) {
      data["record_unknown"] = true;
      status = 404;
    } else {
      return failed(page, found.error());
    }
  }
  return render(page, status, "receipt_verify", t(page, "receipt_verify.title"), std::move(data));
}

}  // namespace

void register_transfer_pages(http::Router& router, api::AppContext& app) {
  auto pages = std::make_shared<TransferPages>(app);
  const auto page = PageFrame::signed_in_routes(pages, "dashboard");
  const std::string t = "/contracts/{id}/transfers";
  router.get(t, "pages.transfers",
             page([](const TransferPages& p, const Page& pg) { return p.transfers(pg, pg.param("id")); }));
  router.post(t, "pages.transfer_create",
              page([](const TransferPages& p, const Page& pg) { return p.hand_over(pg, pg.param("id")); }));
  router.post(t + "/{transfer}/acknowledge", "pages.transfer_acknowledge",
              page([](const TransferPages& p, const Page& pg) {
                return p.acknowledge(pg, pg.param("id"), pg.param("transfer"));
              }));
  router.post(t + "/{transfer}/cancel", "pages.transfer_cancel", page([](const TransferPages& p, const Page& pg) {
                return p.cancel(pg, pg.param("id"), pg.param("transfer"));
              }));
  router.get(t + "/{transfer}/receipt.pdf", "pages.transfer_receipt", page([](const TransferPages& p, const Page& pg) {
               return p.receipt(pg, pg.param("id"), pg.param("transfer"));
             }));
  router.get("/receipts/verify", "pages.receipt_verify", [pages](Request& r) {
    return pages->public_page(r, [&](const Page& page) { return pages->verify(page); });
  });
  // Drawing a PDF takes long enough to run off the I/O threads.
  router.set_pace("pages.transfer_receipt", http::Pace::Slow);
}

}  // namespace itaku::web
