// itaku asset|receipt|decide|access: the contract's information assets (classes, register,
// hand-overs), receipts (受領証), one-off access decisions and reported accesses. Output is for
// a city officer or a contractor's manager: Japanese first.

#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli_support.hpp"
#include "command_options.hpp"
#include "itaku/core/json_input.hpp"
#include "itaku/domain/command_types.hpp"
#include "itaku/domain/commands.hpp"
#include "itaku/service/document_files.hpp"
#include "itaku/service/receipts.hpp"

namespace itaku::cli {

namespace {

using namespace domain;

struct AssetArgs {
  std::string contract, id, asset_class, location, file, transfer, out, base_url, key;
  std::string person, action, asset, device, purpose, time;
};

std::string name_of(const State& s, const std::string& person) {
  const auto* p = s.person(person);
  return p ? fmt::format("{} ({})", p->name, person) : person;
}

std::string conditions_ja(const std::vector<Condition>& conditions) {
  static const std::map<ConditionKind, std::string> kJa = {
      {ConditionKind::ContractActive, "契約期間中"},   {ConditionKind::OnRoster, "体制表に記載"},
      {ConditionKind::LocationRegistered, "登録場所"}, {ConditionKind::DeviceManaged, "管理機器"},
      {ConditionKind::TrainingValid, "教育受講"},      {ConditionKind::ProvisionsAcknowledged, "特記事項確認"},
      {ConditionKind::NdaSigned, "秘密保持契約"},      {ConditionKind::Approval, "承認"},
      {ConditionKind::PurposeContract, "契約目的"}};
  std::string out;
  for (const auto& c : conditions) {
    if (!out.empty()) out += "・";
    out += kJa.at(c.kind);
    if (c.kind == ConditionKind::Approval) out += "(" + c.parameter + ")";
  }
  return out;
}

void print_decision(const policy::Decision& d, std::uint64_t index) {
  std::cout << (d.effect == policy::Effect::Allow ? "許可 / allow" : "拒否 / deny") << "  (台帳 " << index << ")\n";
  for (const auto& r : d.reasons)
    std::cout << fmt::format("  {}  {}  {} / {}\n", r.clause, r.code, r.message_ja, r.message_en);
  for (const auto& o : d.obligations) std::cout << fmt::format("  義務 {}  {}  {}\n", o.clause, o.code, o.message_ja);
}

}  // namespace

void add_asset_commands(CLI::App& app, GlobalOptions& options, Action& action) {
  auto args = std::make_shared<AssetArgs>();
  const GlobalOptions* global = &options;
  auto on = on_instance_with(options, action, args);
  auto* asset = app.add_subcommand("asset", "information assets: classes, the register, hand-overs (授受)");
  asset->require_subcommand(1);

  auto* cls = asset->add_subcommand("class", "asset classes and the conditions of each action (docs/POLICY.md)");
  cls->require_subcommand(1);
  auto* cls_list = cls->add_subcommand("list", "the classes of a contract: action × conditions");
  cls_list->add_option("CONTRACT", args->contract, "contract id")->required();
  on(cls_list, [](Instance& i, AssetArgs& a) -> Result<void> {
    return i.service->read([&](const State& s) -> Result<void> {
      const auto* c = s.contract(a.contract);
      if (!c) return make_error(ErrorKind::NotFound, "contract.unknown", "契約が見つかりません", "no such contract");
      for (const auto& [id, k] : c->asset_classes) {
        std::cout << fmt::format("{} {} ({}){}  台帳 {}\n", k.name, k.name_en, id, k.sensitive ? " 要注意" : "",
                                 k.defined_index);
        for (const auto action_kind : kActions) {
          auto rule = k.actions.find(action_kind);
          std::cout << fmt::format("  {:<24} {}\n", to_string(action_kind),
                                   rule == k.actions.end() ? std::string("不可") : conditions_ja(rule->second));
        }
      }
      return ok();
    });
  });
  auto* cls_set = cls->add_subcommand("set", "define or change a class from a JSON file (the city)");
  cls_set->add_option("CONTRACT", args->contract, "contract id")->required();
  cls_set->add_option("FILE", args->file, "JSON: {id, name, name_en, sensitive: yes|no, actions: {…}}")->required();
  on(cls_set, [=](Instance& i, AssetArgs& a) -> Result<void> {
    const auto body = TRY(parse_json_input(TRY(read_file(a.file))));
    auto definition = TRY(decode_members<AssetClass>(body, "asset_class"));
    return record(i, *global, DefineAssetClass{a.contract, std::move(definition)});
  });

  add_recorded_command<RegisterAsset>(asset, "add", "register an information asset", {.positional = {"contract"}},
                                      options, action);

  auto* list = asset->add_subcommand("list", "the register of a contract");
  list->add_option("CONTRACT", args->contract, "contract id")->required();
  on(list, [](Instance& i, AssetArgs& a) -> Result<void> {
    return i.service->read([&](const State& s) -> Result<void> {
      const auto* c = s.contract(a.contract);
      if (!c) return make_error(ErrorKind::NotFound, "contract.unknown", "契約が見つかりません", "no such contract");
      for (const auto& [id, x] : c->assets) {
        const auto* k = c->asset_class(x.asset_class);
        std::cout << fmt::format("{}\t{}\t{}\t{} {}\t保管者 {}{}\n", id, k ? k->name : x.asset_class, x.description,
                                 x.media, x.quantity, name_of(s, x.custodian),
                                 x.pending_transfer.empty() ? "" : "\t受領確認待ち " + x.pending_transfer);
      }
      return ok();
    });
  });

  auto* show = asset->add_subcommand("show", "one asset and its chain of custody");
  show->add_option("CONTRACT", args->contract, "contract id")->required();
  show->add_option("ASSET", args->id, "asset id")->required();
  on(show, [](Instance& i, AssetArgs& a) -> Result<void> {
    return i.service->read([&](const State& s) -> Result<void> {
      const auto* c = s.contract(a.contract);
      if (!c) return make_error(ErrorKind::NotFound, "contract.unknown", "契約が見つかりません", "no such contract");
      auto it = c->assets.find(a.id);
      if (it == c->assets.end())
        return make_error(ErrorKind::NotFound, "asset.unknown", "情報資産が見つかりません", "no such asset");
      const auto& x = it->second;
      std::cout << fmt::format("{} ({})\n由来 {}  媒体 {}  数量 {}  保管場所 {}\n保管者 {}  登録 台帳 {}\n授受:\n",
                               x.description, x.id, to_string(x.origin), x.media, x.quantity, x.location,
                               name_of(s, x.custodian), x.registered_index);
      for (const auto& [id, t] : c->transfers) {
        if (std::find(t.assets.begin(), t.assets.end(), x.id) == t.assets.end()) continue;
        std::cout << fmt::format("  {}  {} → {}  台帳 {}  {}{}\n", id, name_of(s, t.from), name_of(s, t.to),
                                 t.ledger_index,
                                 t.acknowledged_by ? "受領確認 " + name_of(s, *t.acknowledged_by) : "受領確認待ち",
                                 t.receipt_index ? fmt::format("  受領証 台帳 {}", t.receipt_index) : "");
      }
      return ok();
    });
  });

  add_recorded_command<TransferAssets>(asset, "transfer", "hand assets over to another person (授受)",
                                       {.positional = {"contract"}}, options, action);
  add_recorded_command<AcknowledgeTransfer>(
      asset, "acknowledge", "the receiving side acknowledges a hand-over; from the city this issues the receipt",
      {.positional = {"contract", "transfer"}, .defaulted = {"by"}}, options, action,
      [global](Instance&, AcknowledgeTransfer& c) -> Result<void> {
        if (c.by.empty()) c.by = global->as_person;  // default: --as
        return ok();
      });

  add_recorded_command<CancelTransfer>(asset, "cancel",
                                       "the handing side withdraws a hand-over the receiver has not acknowledged",
                                       {.positional = {"contract", "transfer"}, .defaulted = {"by"}}, options, action,
                                       [global](Instance&, CancelTransfer& c) -> Result<void> {
                                         if (c.by.empty()) c.by = global->as_person;  // default: --as
                                         return ok();
                                       });

  // --- receipts ---
  auto* receipt = app.add_subcommand("receipt", "receipts (受領証) for what the city hands over");
  receipt->require_subcommand(1);
  auto* issue = receipt->add_subcommand("issue", "write the receipt of an acknowledged hand-over as a PDF");
  issue->add_option("CONTRACT", args->contract, "contract id")->required();
  issue->add_option("TRANSFER", args->transfer, "hand-over id")->required();
  issue->add_option("--out", args->out, "PDF file to write")->required();
  issue->add_option("--base-url", args->base_url,
                    "where the QR code leads (default: server.public_url, else http://<server.listen>)");
  on(issue, [=](Instance& i, AssetArgs& a) -> Result<void> {
    const auto index = TRY(i.service->read([&](const State& s) -> Result<std::uint64_t> {
      const auto* c = s.contract(a.contract);
      if (!c) return make_error(ErrorKind::NotFound, "contract.unknown", "契約が見つかりません", "no such contract");
      auto t = c->transfers.find(a.transfer);
      if (t == c->transfers.end())
        return make_error(ErrorKind::NotFound, "custody.transfer_unknown", "授受の記録が見つかりません",
                          "no such hand-over");
      if (!t->second.receipt_index)
        return make_error(ErrorKind::NotFound, "receipt.none", "この授受には受領証がありません",
                          "this hand-over has no receipt (only hand-overs from the city, once acknowledged)");
      return t->second.receipt_index;
    }));
    const auto base = a.base_url.empty() ? receipt_base_url(i.config) : a.base_url;
    const auto issued = TRY(service::issue_receipt(*i.service, index, base, actor_of(*global)));
    TRY(write_file(a.out, issued.pdf));
    std::cout << fmt::format(
        "受領証を書き出しました / wrote the receipt: {} (台帳 {})\nSHA-256 {} (発行記録 台帳 {}{})\n", a.out, index,
        issued.document.sha256, issued.document.index,
        issued.newly_issued ? "" : "、以前に発行したもの / issued before");
    return ok();
  });
  auto* verify = receipt->add_subcommand(
      "verify", "verify a receipt PDF: offline with --key, else also against this instance's ledger");
  verify->add_option("FILE", args->file, "receipt PDF")->required();
  verify->add_option("--key", args->key, "the ledger's verifier key (itaku ledger key): verify offline");
  verify->callback([&action, args, global] {
    action = [args, global]() -> Result<void> {
      const auto pdf = TRY(read_file(args->file));
      service::VerifiedReceipt verified;
      if (!args->key.empty()) {
        verified = TRY(service::verify_receipt(pdf, args->key));
      } else {
        auto instance = TRY(open_instance(*global));
        verified = TRY(service::verify_receipt(pdf, instance.ledger->verifier().to_string(), instance.service.get()));
      }
      if (verified.document)
        std::cout << fmt::format(
            "検証に成功しました: 台帳が発行した受領証そのものです / the receipt verifies: it is the very file the "
            "ledger issued\n受領証番号 {}\n契約 {}\n台帳記録番号 {} (checkpoint {}, {})\nSHA-256 {} (発行 台帳 {})\n",
            verified.number, verified.contract, verified.index, verified.tree_size, verified.origin, verified.sha256,
            verified.document->index);
      else
        std::cout << fmt::format(
            "埋め込まれた台帳記録は正しいものです。ファイル自体が発行されたものかは台帳なしでは確認できません。"
            "印字内容を次の記録と照合してください / the ledger record inside is genuine; whether this file is "
            "the one issued cannot be checked without the ledger: compare what is printed with the record below\n"
            "受領証番号 {}\n契約 {}\n台帳記録番号 {} (checkpoint {}, {})\n",
            verified.number, verified.contract, verified.index, verified.tree_size, verified.origin);
      // What the ledger records, as the paper prints it, for a person to compare with the paper.
      const auto r = service::receipt_view(service::event_of(verified.entry));
      const auto person = [](const std::string& title, const std::string& name) {
        return title.empty() ? name : title + " " + name;
      };
      std::cout << fmt::format("契約番号 {}  件名 {}\n受領日時 {}\n受領者 {} {}\n引渡者 {} {}\n", r.contract_number,
                               r.contract_title, r.received_at.empty() ? r.received_date : r.received_at, r.contractor,
                               person(r.received_by_title, r.received_by), r.city,
                               person(r.handed_over_by_title, r.handed_over_by));
      for (const auto& item : r.items)
        std::cout << fmt::format("  {}  {}  {}  {}  数量 {}\n", item.asset, item.description, item.asset_class,
                                 item.media, item.quantity);
      return ok();
    };
  });

  // --- decisions and reported accesses ---
  auto* decide = app.add_subcommand("decide", "decide one access and record it (exit code 0: allow, 6: deny)");
  decide->add_option("CONTRACT", args->contract, "contract id")->required();
  decide->add_option("--person", args->person, "who")->required();
  decide->add_option("--action", args->action, "read, write, print, copy, take_out, export, transmit, …")->required();
  decide->add_option("--asset", args->asset, "an asset of the register");
  decide->add_option("--class", args->asset_class, "or a class");
  decide->add_option("--location", args->location, "work location id");
  decide->add_option("--purpose", args->purpose, "the purpose (the contract's id or number)");
  decide->add_option("--device", args->device, "device id");
  decide->add_option("--time", args->time, "UTC time (default now)");
  on(decide, [=](Instance& i, AssetArgs& a) -> Result<void> {
    nlohmann::json body = {
        {"contract", a.contract},
        {"person", a.person},
        {"action", a.action},
        {"context", {{"location", a.location}, {"purpose", a.purpose}, {"device", a.device}, {"time", a.time}}}};
    if (!a.asset.empty()) body["asset"] = a.asset;
    if (!a.asset_class.empty()) body["class"] = a.asset_class;
    const policy::Request requests[] = {
        TRY(service::decision_request_from_json(body, "", system_clock().now(), false))};
    const auto records = TRY(i.service->decide(requests, actor_of(*global)));
    const auto& r = records.front();
    print_decision(r.decision, r.index);
    if (r.decision.effect == policy::Effect::Deny)
      return make_error(ErrorKind::Denied, std::string(r.decision.reasons.front().code),
                        std::string(r.decision.reasons.front().message_ja),
                        std::string(r.decision.reasons.front().message_en))
          .with("clause", r.decision.reasons.front().clause);
    return ok();
  });

  auto* access = app.add_subcommand("access", "accesses observed by a contractor's own systems");
  access->require_subcommand(1);
  auto* import = access->add_subcommand("import", "check and record accesses from a JSON-lines file");
  import->add_option("FILE", args->file, "one access per line (docs/POLICY.md)")->required();
  on(import, [=](Instance& i, AssetArgs& a) -> Result<void> {
    std::istringstream lines(TRY(read_file(a.file)));
    std::vector<policy::Request> accesses;
    std::string line;
    for (int number = 1; std::getline(lines, line); ++number) {
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      auto item = parse_json_input(line);
      if (!item) return std::move(item.release_error()).with("line", std::to_string(number));
      auto request = service::decision_request_from_json(*item, "", system_clock().now(), true);
      if (!request) return std::move(request.release_error()).with("line", std::to_string(number));
      accesses.push_back(request.release_value());
    }
    const auto records = TRY(i.service->record_accesses(accesses, actor_of(*global)));
    std::size_t unmatched = 0, violations = 0;
    for (const auto& r : records) {
      unmatched += r.matched_decision == 0;
      violations += r.evaluation.effect == policy::Effect::Deny;
    }
    std::cout << fmt::format(
        "{}件を記録しました（規則違反 {}件、許可の判定記録なし {}件） / recorded {} accesses ({} against the rules, {} "
        "with no matching allow)\n",
        records.size(), violations, unmatched, records.size(), violations, unmatched);
    return ok();
  });
  // 長野市 第3: the city records that it reviewed the monitoring (denials, unmatched accesses,
  // anomalies); the reviewer defaults to --as, the range to everything recorded.
  add_recorded_command<ReviewMonitoring>(access, "review",
                                         "the city records that it reviewed the monitoring (長野市 第3)",
                                         {.positional = {"contract"}, .defaulted = {"by"}}, options, action,
                                         [global](Instance&, ReviewMonitoring& c) -> Result<void> {
                                           if (c.by.empty()) c.by = global->as_person;
                                           return ok();
                                         });
}

}  // namespace itaku::cli
