#include "itaku/domain/disposal.hpp"

#include <algorithm>
#include <chrono>
#include <set>

#include <fmt/format.h>

#include "itaku/domain/disposal_events.hpp"
#include "itaku/domain/notification_events.hpp"
#include "itaku/domain/rules.hpp"
#include "itaku/provisions/vocabulary.hpp"

namespace itaku::domain {

using namespace rules;

namespace {

constexpr Term kDispositions[] = {
    {"returned", "返還", "returned"}, {"disposed", "廃棄", "disposed of"}, {"erased", "消去", "erased"}};

bool is_city_person(const State& state, const Contract& contract, const std::string& person_id) {
  const auto* person = state.person(person_id);
  const auto* city = contract.city();
  return person && city && person->organisation == city->organisation;
}

// A person of the city acting for it on the contract (`by`), still in post.
Result<void> check_city_person(const State& state, const Contract& contract, const std::string& person_id,
                               std::string_view code) {
  const auto* person = state.person(person_id);
  if (!person)
    return not_found("person.unknown", "人が見つかりません", "no such person", person_id).with("field", "by");
  if (!person->active() || !is_city_person(state, contract, person_id))
    return invalid(fmt::format("{}.by_invalid", code), "市の職員を指定してください",
                   "name a member of the city's staff")
        .with("person", person_id)
        .with("field", "by");
  return ok();
}

bool created(const Asset& asset) {
  return asset.origin == AssetOrigin::Created || asset.origin == AssetOrigin::Acquired;
}

// The latest created-assets report of `organisation`, or nullptr.
const CreatedAssetsReport* latest_report(const Contract& contract, const std::string& organisation) {
  for (auto it = contract.created_assets_reports.rbegin(); it != contract.created_assets_reports.rend(); ++it)
    if (it->organisation == organisation) return &*it;
  return nullptr;
}

// The created or acquired assets `organisation` holds that are not disposed of or erased.
std::vector<std::string> created_assets_held(const State& state, const Contract& contract,
                                             const std::string& organisation) {
  std::vector<std::string> held;
  for (const auto& [id, asset] : contract.assets)
    if (created(asset) && asset.disposal.empty() && asset_party(state, asset) == organisation) held.push_back(id);
  return held;
}

std::string next_id(char prefix, std::size_t count) { return fmt::format("{}-{:04d}", prefix, count + 1); }

}  // namespace

std::span<const Term> dispositions() { return kDispositions; }

std::string control_clause(const State& state, const Contract& contract, std::string_view id) {
  const auto found = contract_control(state, contract, id);
  return found ? found->clause : std::string();
}

std::string asset_party(const State& state, const Asset& asset) {
  const auto* person = state.person(asset.custodian);
  return person ? person->organisation : std::string();
}

bool asset_settled(const State& state, const Contract& contract, const Asset& asset) {
  if (!asset.disposal.empty()) return true;
  return asset.pending_transfer.empty() && is_city_person(state, contract, asset.custodian);
}

Result<std::vector<Event>> decide_disposal(const State& state, const InstructDisposal& c, const Actor& actor,
                                           Timestamp now) {
  const auto* contract = TRY(open_contract(state, c.contract));
  const std::string id = c.id.empty() ? next_id('i', contract->disposal_instructions.size()) : c.id;
  TRY(check_id(id, "id"));
  if (contract->disposal_instructions.contains(id))
    return conflict("disposal.id_taken", "その番号の指示はすでにあります", "an instruction with that id exists")
        .with("id", id)
        .with("field", "id");
  if (!c.disposition.empty() && !find_term(kDispositions, c.disposition))
    return invalid("disposal.disposition_invalid", "指示の内容は returned、disposed、erased のいずれかにしてください",
                   "what to do is one of returned, disposed, erased")
        .with("field", "disposition");
  auto due = parse_date(c.due);
  if (!due) return std::move(due.release_error()).with("field", "due");
  if (std::chrono::sys_days(due.value()) < std::chrono::sys_days(jst_date(now)))
    return invalid("disposal.due_past", "期限に過去の日付は指定できません", "the due day is not in the past")
        .with("field", "due");
  TRY(check_city_person(state, *contract, c.by, "disposal"));
  std::vector<std::string> assets;
  if (c.assets.empty()) {
    for (const auto& [asset_id, asset] : contract->assets)
      if (!asset_settled(state, *contract, asset)) assets.push_back(asset_id);
    if (assets.empty())
      return conflict("disposal.nothing_out", "返還・廃棄・消去されていない情報資産はありません",
                      "every asset is already returned, disposed of or erased");
  } else {
    if (std::set<std::string>(c.assets.begin(), c.assets.end()).size() != c.assets.size())
      return invalid("disposal.asset_repeated", "同じ情報資産が重複しています", "an asset is named twice")
          .with("field", "assets");
    for (const auto& asset_id : c.assets) {
      const auto asset = contract->assets.find(asset_id);
      if (asset == contract->assets.end())
        return not_found("asset.unknown", "情報資産が見つかりません", "no such asset", asset_id)
            .with("field", "assets");
      if (asset_settled(state, *contract, asset->second))
        return conflict("disposal.asset_settled", "その情報資産はすでに返還・廃棄・消去されています",
                        "that asset is already returned, disposed of or erased")
            .with("asset", asset_id)
            .with("field", "assets");
    }
    assets = c.assets;
  }
  std::vector<Event> events{
      make_event(DisposalInstructed{id, assets, c.disposition, c.due, c.note, c.by}, actor, now, c.contract)};
  // Each party holding any of the assets is told what it must do with its own, by when
  // (長野市 第9-1; 木更津市 第5条-1): none learns of another's assets.
  const auto what_ja =
      c.disposition.empty() ? std::string("返還・廃棄・消去") : term_name(kDispositions, c.disposition);
  const auto what_en = c.disposition.empty() ? std::string("returned, disposed of or erased")
                                             : term_name(kDispositions, c.disposition, true);
  const auto clause = control_clause(state, *contract, "disposal.on_instruction");
  for (std::size_t offset = 0; const auto& party : contract->parties) {
    if (party.role == PartyRole::City) continue;
    std::string listed;
    for (const auto& asset_id : assets) {
      const auto& asset = contract->assets.at(asset_id);
      if (asset_party(state, asset) == party.organisation)
        listed += fmt::format("\n・{}（{}）", asset.description, asset_id);
    }
    if (listed.empty()) continue;
    events.push_back(make_event(
        NotificationCreated{
            notification_id(state, offset++), "disposal.instructed", party.organisation,
            fmt::format("【{}の指示】{} 期限 {}", what_ja, contract->number, c.due),
            fmt::format("Assets to be {}: {} by {}", what_en, contract->number, c.due),
            fmt::format("契約 {} {} について、市から情報資産の{}の指示がありました（{}）。\n期限: {}\n対象:{}{}",
                        contract->number, contract->title, what_ja, clause.empty() ? id : clause + "、" + id, c.due,
                        listed, c.note.empty() ? std::string() : "\n市からの連絡: " + c.note),
            fmt::format("disposal:{}:{}", contract->id, id)},
        actor, now, c.contract));
  }
  return events;
}

Result<std::vector<Event>> decide_disposal(const State& state, const DisposeAssets& c, const Actor& actor,
                                           Timestamp now) {
  const auto* contract = TRY(open_contract(state, c.contract));
  const std::string id = c.id.empty() ? next_id('d', contract->disposals.size()) : c.id;
  TRY(check_id(id, "id"));
  if (contract->disposals.contains(id))
    return conflict("disposal.id_taken", "その番号の記録はすでにあります", "a record with that id exists")
        .with("id", id)
        .with("field", "id");
  const auto organisation =
      TRY(acting_party(state, *contract, c.organisation, actor, "disposal.party_invalid",
                       "廃棄・消去を記録するのは契約の乙又は丙です（長野市 第9、木更津市 第5条）",
                       "disposal or erasure is recorded by the contractor or a subcontractor (Nagano 第9, "
                       "Kisarazu 第5条)"));
  if (c.disposition != "disposed" && c.disposition != "erased")
    return invalid("disposal.disposition_invalid",
                   "disposed（廃棄）又は erased（消去）を指定してください。返還は市への引渡し（授受）で記録します",
                   "disposed or erased; a return is recorded as a hand-over to the city")
        .with("field", "disposition");
  if (c.assets.empty())
    return invalid("disposal.assets_missing", "廃棄・消去した情報資産を指定してください",
                   "name the assets disposed of or erased")
        .with("field", "assets");
  if (std::set<std::string>(c.assets.begin(), c.assets.end()).size() != c.assets.size())
    return invalid("disposal.asset_repeated", "同じ情報資産が重複しています", "an asset is named twice")
        .with("field", "assets");
  std::set<std::string> media;
  for (const auto& asset_id : c.assets) {
    const auto asset = contract->assets.find(asset_id);
    if (asset == contract->assets.end())
      return not_found("asset.unknown", "情報資産が見つかりません", "no such asset", asset_id).with("field", "assets");
    if (!asset->second.disposal.empty())
      return conflict("disposal.asset_disposed", "その情報資産はすでに廃棄・消去されています",
                      "that asset has already been disposed of or erased")
          .with("asset", asset_id)
          .with("field", "assets");
    if (!asset->second.pending_transfer.empty())
      return conflict("disposal.asset_in_transfer", "引渡し中の情報資産は廃棄・消去できません",
                      "an asset being handed over cannot be disposed of or erased")
          .with("asset", asset_id)
          .with("field", "assets");
    if (asset_party(state, asset->second) != organisation)
      return invalid("disposal.asset_not_held",
                     "廃棄・消去を記録できるのは当事者の者が保管している情報資産です（長野市 第9-1）",
                     "a party records the disposal or erasure of assets its own people hold (Nagano 第9-1)")
          .with("asset", asset_id)
          .with("field", "assets");
    if (!asset->second.media.empty()) media.insert(asset->second.media);
  }
  TRY(check_required(c.method, "method"));
  TRY(check_party_person(state, *contract, c.performed_by, "disposal", "performed_by"));
  if (!c.witnessed_by.empty()) {
    TRY(check_party_person(state, *contract, c.witnessed_by, "disposal", "witnessed_by"));
    if (c.witnessed_by == c.performed_by)
      return invalid("disposal.witness_invalid", "立会者は実施者とは別の人にしてください",
                     "the witness is someone other than the person who did it")
          .with("field", "witnessed_by");
  }
  TRY(check_past_day(c.performed_on, now, "disposal", "performed_on"));
  if (!c.instruction.empty()) {
    const auto instruction = contract->disposal_instructions.find(c.instruction);
    if (instruction == contract->disposal_instructions.end())
      return not_found("disposal.instruction_unknown", "市の指示が見つかりません", "no such instruction of the city",
                       c.instruction)
          .with("field", "instruction");
    const auto& wanted = instruction->second.disposition;
    if (!wanted.empty() && wanted != c.disposition)
      return invalid("disposal.instruction_mismatch", "市の指示と異なる方法です（長野市 第9-1）",
                     "the city instructed otherwise (Nagano 第9-1)")
          .with("instructed", wanted)
          .with("field", "disposition");
  }
  std::string media_text = c.media;
  if (media_text.empty())
    for (const auto& m : media) media_text += (media_text.empty() ? "" : "、") + m;
  return std::vector{make_event(AssetsDisposed{id, organisation, c.assets, c.disposition, c.method, media_text,
                                               c.performed_by, c.witnessed_by, c.performed_on, c.instruction, c.note},
                                actor, now, c.contract)};
}

Result<std::vector<Event>> decide_disposal(const State& state, const ReportCreatedAssets& c, const Actor& actor,
                                           Timestamp now) {
  const auto* contract = TRY(open_contract(state, c.contract));
  const auto organisation =
      TRY(acting_party(state, *contract, c.organisation, actor, "created_assets.party_invalid",
                       "作成・取得した情報資産を報告するのは契約の乙又は丙です（木更津市 第5条-2）",
                       "the contractor or a subcontractor reports the assets it created or acquired (Kisarazu "
                       "第5条-2)"));
  std::vector<std::string> assets = c.assets;
  const auto held = created_assets_held(state, *contract, organisation);
  if (assets.empty()) assets = held;
  if (assets.empty())
    return conflict("created_assets.none", "報告する作成・取得した情報資産がありません",
                    "the party holds no created or acquired asset to report");
  for (const auto& asset_id : assets) {
    const auto asset = contract->assets.find(asset_id);
    if (asset == contract->assets.end())
      return not_found("asset.unknown", "情報資産が見つかりません", "no such asset", asset_id).with("field", "assets");
    if (!created(asset->second) || asset_party(state, asset->second) != organisation)
      return invalid("created_assets.asset_invalid", "当事者が作成・取得して保管する情報資産を指定してください",
                     "name assets the party created or acquired and holds")
          .with("asset", asset_id)
          .with("field", "assets");
  }
  // Every created asset the party still holds is in the report: 木更津市 第5条-2 asks for all of them.
  for (const auto& asset_id : held)
    if (std::ranges::find(assets, asset_id) == assets.end())
      return invalid("created_assets.incomplete",
                     "保管している作成・取得した情報資産をすべて報告してください（木更津市 第5条-2）",
                     "report every created or acquired asset the party holds (Kisarazu 第5条-2)")
          .with("asset", asset_id)
          .with("field", "assets");
  const auto* keeper = state.person(c.keeper);
  if (!keeper)
    return not_found("person.unknown", "人が見つかりません", "no such person", c.keeper).with("field", "keeper");
  if (!keeper->active() || !contract->party(keeper->organisation))
    return invalid("created_assets.keeper_invalid", "取扱責任者には契約の当事者の在籍する人を指定してください",
                   "the keeper is a current person of one of the contract's parties")
        .with("field", "keeper");
  const auto* by = state.person(c.by);
  if (!by || by->organisation != organisation)
    return invalid("created_assets.by_invalid", "報告するのは当事者の人です",
                   "the report is made by the party's person")
        .with("field", "by");
  std::vector<CreatedAssetKeeper> items;
  items.reserve(assets.size());
  for (const auto& asset_id : assets) items.push_back({asset_id, c.keeper, ""});
  return std::vector{
      make_event(CreatedAssetsReported{organisation, std::move(items), c.note, c.by}, actor, now, c.contract)};
}

Result<std::vector<Event>> decide_disposal(const State& state, const AcknowledgeCreatedAssets& c, const Actor& actor,
                                           Timestamp now) {
  const auto* contract = TRY(open_contract(state, c.contract));
  const auto* report = latest_report(*contract, c.organisation);
  if (!report)
    return not_found("created_assets.no_report", "その当事者の報告がありません", "that party has made no report",
                     c.organisation)
        .with("field", "organisation");
  if (report->acknowledged_index != 0)
    return conflict("created_assets.already_acknowledged", "その報告はすでに受領しています",
                    "that report has already been acknowledged");
  TRY(check_city_person(state, *contract, c.by, "created_assets"));
  return std::vector{
      make_event(CreatedAssetsAcknowledged{c.organisation, report->ledger_index, c.by}, actor, now, c.contract)};
}

std::vector<Outstanding> closing_outstanding(const State& state, const Contract& contract) {
  std::vector<Outstanding> out;
  // A control the set lacks (長野市's has no badges or device register) cites the clause on return.
  const auto return_clause = control_clause(state, contract, "return.timely");
  const auto clause = [&](std::string_view control) {
    auto cited = control_clause(state, contract, control);
    return cited.empty() ? return_clause : cited;
  };
  const auto* city = contract.city();
  const std::string city_id = city ? city->organisation : "";
  for (const auto& [id, asset] : contract.assets)
    if (!asset_settled(state, contract, asset))
      out.push_back({"asset", id, asset_party(state, asset), return_clause,
                     fmt::format("情報資産 {}（{}）が返還・廃棄・消去されていません", id, asset.description),
                     fmt::format("asset {} is not returned, disposed of or erased", id)});
  for (const auto& [id, transfer] : contract.transfers)
    if (transfer.pending())
      out.push_back({"transfer", id, transfer.to_organisation, clause("custody.recorded"),
                     fmt::format("引渡し {} が受領されていません", id),
                     fmt::format("hand-over {} is not acknowledged", id)});
  if (const auto certified = contract_control(state, contract, "disposal.certified")) {
    const bool copies_only =
        provisions::parameter_value("disposal.certified", certified->control->params, "scope") == "copies";
    for (const auto& [id, record] : contract.disposals) {
      const bool has_copy = std::ranges::any_of(record.assets, [&](const std::string& a) {
        const auto asset = contract.assets.find(a);
        return asset != contract.assets.end() && asset->second.origin == AssetOrigin::Copy;
      });
      if (copies_only && !has_copy) continue;
      if (!state.document_of("disposal_certificate", record.ledger_index))
        out.push_back({"certificate", id, record.organisation, certified->clause,
                       fmt::format("廃棄・消去 {} の証明書が発行されていません", id),
                       fmt::format("no certificate has been issued for disposal {}", id)});
    }
  }
  if (const auto reported = contract_control(state, contract, "created_assets.reported")) {
    for (const auto& party : contract.parties) {
      if (party.role == PartyRole::City) continue;
      const auto* report = latest_report(contract, party.organisation);
      const bool any_created = std::ranges::any_of(contract.assets, [&](const auto& entry) {
        return created(entry.second) && asset_party(state, entry.second) == party.organisation;
      });
      if (!report && !any_created) continue;
      if (!report)
        out.push_back({"created_assets", party.organisation, party.organisation, reported->clause,
                       "作成・取得した情報資産の報告がありません", "the created or acquired assets are not reported"});
      else if (report->acknowledged_index == 0)
        out.push_back({"created_assets", party.organisation, city_id, reported->clause,
                       "作成・取得した情報資産の報告を市が受領していません",
                       "the city has not acknowledged the report of created or acquired assets"});
    }
  }
  const auto badge_clause = clause("badge.worn");
  for (const auto& [number, badge] : contract.badges)
    if (badge.out())
      out.push_back({"badge", number, badge.organisation, badge_clause,
                     fmt::format("身分証明書等 {} が返却されていません", number),
                     fmt::format("badge {} has not been returned", number)});
  const auto device_clause = clause("device.registered");
  const auto report_clause = control_clause(state, contract, "media.destruction_reported");
  for (const auto& [id, device] : contract.devices) {
    if (device.in_use())
      out.push_back({"device", id, device.organisation, device_clause,
                     fmt::format("機器 {}（{}）の使用終了・廃棄が記録されていません", id, device.description),
                     fmt::format("device {} is not retired", id)});
    if (!report_clause.empty())
      for (const auto& destruction : device.destructions)
        if (!state.document_of("destruction_report", destruction.ledger_index))
          out.push_back({"destruction_report", id, device.organisation, report_clause,
                         fmt::format("機器 {} の記録媒体の破壊が報告されていません", id),
                         fmt::format("the destruction of device {}'s media is not reported", id)});
  }
  return out;
}

}  // namespace itaku::domain
