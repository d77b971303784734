// The ledger pages: the latest checkpoint and the instance's verifier key, a lookup by index,
// one entry with its inclusion proof checked on the server, and the proof as a file. An
// entry's content is shown to whoever may read what it records (domain::may_read_entry); its
// proof to everyone signed in.

#include "itaku/web/ledger_pages.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "itaku/api/api.hpp"
#include "itaku/api/authorization.hpp"
#include "itaku/crypto/base64.hpp"
#include "itaku/ledger/proof_json.hpp"
#include "itaku/web/frame.hpp"
#include "itaku/web/i18n.hpp"
#include "itaku/web/views.hpp"

namespace itaku::web {

namespace {

using domain::State;
using http::Response;
using nlohmann::json;

class LedgerPages : public PageViews {
 public:
  explicit LedgerPages(api::AppContext& app) : PageViews(app, {}) {}

  Response ledger(const Page& page, int status = 200, const std::string& error = {}) const;
  Response ledger_lookup(const Page& page) const;
  Response ledger_entry(const Page& page, const std::string& index) const;
  Response ledger_proof(const Page& page, const std::string& index) const;

 private:
  // The entry at `index` and whether the principal may see its content (api::may_read_entry).
  struct LedgerEntry {
    std::uint64_t index = 0;
    json entry;
    std::string contract;
    bool visible = false;
  };
  std::optional<LedgerEntry> ledger_entry_at(const Page& page, const std::string& index) const;
};

Response LedgerPages::ledger(const Page& page, int status, const std::string& error) const {
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

Response LedgerPages::ledger_lookup(const Page& page) const {
  auto it = page.request.query.find("index");
  const auto index = it == page.request.query.end() ? std::nullopt : parse_number<std::uint64_t>(it->second);
  if (!index || *index >= app_.ledger.size()) {
    Page at_ledger = page;
    at_ledger.self = "/ledger";
    return ledger(at_ledger, 400, f(page, "ledger.index_invalid", {{"last", std::to_string(app_.ledger.size() - 1)}}));
  }
  return redirect(page.request, entry_url(*index));
}

std::optional<LedgerPages::LedgerEntry> LedgerPages::ledger_entry_at(const Page& page, const std::string& text) const {
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

Response LedgerPages::ledger_entry(const Page& page, const std::string& index_text) const {
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
                     {"url", entry_url(entry->index) + "/proof"},
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

Response LedgerPages::ledger_proof(const Page& page, const std::string& index_text) const {
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

}  // namespace

void register_ledger_pages(http::Router& router, api::AppContext& app) {
  const auto page = PageFrame::signed_in_routes(std::make_shared<LedgerPages>(app));
  router.get("/ledger", "pages.ledger", page([](const LedgerPages& p, const Page& pg) { return p.ledger(pg); }));
  router.get("/ledger/entries", "pages.ledger_lookup",
             page([](const LedgerPages& p, const Page& pg) { return p.ledger_lookup(pg); }));
  router.get("/ledger/entries/{n}", "pages.ledger_entry",
             page([](const LedgerPages& p, const Page& pg) { return p.ledger_entry(pg, pg.param("n")); }));
  router.get("/ledger/entries/{n}/proof", "pages.ledger_proof",
             page([](const LedgerPages& p, const Page& pg) { return p.ledger_proof(pg, pg.param("n")); }));
}

}  // namespace itaku::web
