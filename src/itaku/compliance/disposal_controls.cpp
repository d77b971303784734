// The controls of safekeeping, return, disposal and erasure (長野市 第8-1, 第9; 木更津市 第5条) and of
// devices and media (木更津市 第12条, 第14条): safekeeping.managed, return.timely,
// disposal.on_instruction, disposal.certified, created_assets.reported, device.registered,
// media.destroyed, media.destruction_reported — from the register, the city's instructions, the
// acts of disposal and their certificates, the created-assets reports and the device register.

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "itaku/compliance/evaluators.hpp"
#include "itaku/domain/disposal.hpp"
#include "itaku/provisions/vocabulary.hpp"

namespace itaku::compliance {

namespace {

// The day an asset is due back, returned, disposed of or erased: the earliest of the due days of
// the city's instructions that name it and, once the work has ended (closing), the day the work
// ended plus the set's `within`; with the entry that set it. Nullopt while nothing makes it due.
struct DueDay {
  std::string day;
  std::uint64_t set_by = 0;  // the disposal.instructed or contract.closing_started entry
};
std::optional<DueDay> due_day(const Context& context, const std::string& asset, std::string_view within_of) {
  std::optional<DueDay> due;
  for (const auto& [id, instruction] : context.contract.disposal_instructions)
    if (std::ranges::find(instruction.assets, asset) != instruction.assets.end())
      if (!due || instruction.due < due->day) due = DueDay{instruction.due, instruction.ledger_index};
  if (context.contract.closing_index != 0 && !within_of.empty()) {
    const auto end = plus_parameter(context, date_of(context.contract.closing_at), within_of);
    if (!due || end < due->day) due = DueDay{end, context.contract.closing_index};
  }
  return due;
}

// When an asset was settled by an act of disposal or erasure: that act, else nullptr.
const domain::DisposalRecord* disposal_of(const domain::Contract& contract, const domain::Asset& asset) {
  if (asset.disposal.empty()) return nullptr;
  const auto it = contract.disposals.find(asset.disposal);
  return it == contract.disposals.end() ? nullptr : &it->second;
}

// The worst of the assets' standing against their due days: violated since the day after the
// first missed one (still out, or disposed of after it), due by the earliest open one, met when
// every asset that was due is settled in time. The evidence: what set the days, and the acts.
Finding settle_by(const Context& context, const std::vector<std::pair<const domain::Asset*, DueDay>>& dues,
                  std::string_view what_ja, std::string_view what_en) {
  std::optional<std::string> missed, open;
  std::vector<std::uint64_t> indices;
  std::string missed_asset, open_asset;
  for (const auto& [asset, due] : dues) {
    const auto& day = due.day;
    if (std::ranges::find(indices, due.set_by) == indices.end()) indices.push_back(due.set_by);
    const bool settled = domain::asset_settled(context.state, context.contract, *asset);
    const auto* record = disposal_of(context.contract, *asset);
    if (record && std::ranges::find(indices, record->ledger_index) == indices.end())
      indices.push_back(record->ledger_index);
    const bool late = settled ? (record && record->performed_on > day) : context.today > day;
    if (late && (!missed || day < *missed)) missed = day, missed_asset = asset->id;
    if (!settled && !late && (!open || day < *open)) open = day, open_asset = asset->id;
  }
  std::sort(indices.begin(), indices.end());
  if (missed)
    return violated(
        after(*missed),
        {first_indices(indices),
         fmt::format("{} {} が期限 {} までに返還・廃棄・消去されていません", what_ja, missed_asset, *missed),
         fmt::format("{} {} was not returned, disposed of or erased by {}", what_en, missed_asset, *missed)});
  if (open)
    return due(*open,
               {first_indices(indices), fmt::format("{} {} を {} までに返還・廃棄・消去", what_ja, open_asset, *open),
                fmt::format("{} {} to be returned, disposed of or erased by {}", what_en, open_asset, *open)});
  return met({first_indices(indices), fmt::format("{} {}件すべてを期限内に返還・廃棄・消去", what_ja, dues.size()),
              fmt::format("all {} {} returned, disposed of or erased in time", dues.size(), what_en)});
}

// The acts of disposal or erasure the certificate covers: all, or those with a copy (`scope`).
bool in_scope(const Context& context, const domain::DisposalRecord& record) {
  if (provisions::parameter_value(context.control, context.params, "scope") != "copies") return true;
  return std::ranges::any_of(record.assets, [&](const std::string& id) {
    const auto asset = context.contract.assets.find(id);
    return asset != context.contract.assets.end() && asset->second.origin == domain::AssetOrigin::Copy;
  });
}

}  // namespace

// 長野市 第8-1, 木更津市 第11条(3): every asset a party keeps has its keeper and its place of keeping
// recorded. Due (today: nothing sets a deadline) while an asset has no place; met on the register.
Finding safekeeping_managed(const Context& context, const domain::Party* party) {
  const auto& held = context.lookups.held_by(party->organisation);
  std::vector<std::uint64_t> indices;
  std::optional<std::string> first_missing;
  std::string missing_asset;
  for (const auto& holding : held) {
    if (!holding.asset->disposal.empty()) continue;
    indices.push_back(holding.registered_index);
    if (holding.asset->location.empty() && !first_missing)
      first_missing = context.today, missing_asset = holding.asset->id;
  }
  if (indices.empty()) return not_applicable({{}, "当事者が保管する情報資産はありません", "the party keeps no asset"});
  if (first_missing)
    return due(*first_missing,
               {first_indices(indices), fmt::format("情報資産 {} の保管場所が記録されていません", missing_asset),
                fmt::format("asset {} has no place of keeping recorded", missing_asset)});
  return met({first_indices(indices), fmt::format("保管する情報資産 {}件の保管者と保管場所を記録", indices.size()),
              fmt::format("keeper and place recorded for all {} assets kept", indices.size())});
}

// 長野市 第9-1, 木更津市 第5条-1: once the work has ended (closing), every asset still out is
// returned, disposed of or erased within the set's `within` (P7D; immediately: the same day), and
// by an instruction's due day where the city instructed. Not applicable while nothing is due.
Finding return_timely(const Context& context, const domain::Party* /*party*/) {
  std::vector<std::pair<const domain::Asset*, DueDay>> dues;
  for (const auto& [id, asset] : context.contract.assets)
    if (auto due = due_day(context, id, "within")) dues.emplace_back(&asset, std::move(*due));
  if (dues.empty())
    return not_applicable({{},
                           "業務は終了しておらず、返還・廃棄・消去の期限のある情報資産はありません",
                           "the work has not ended and no asset is due back yet"});
  return settle_by(context, dues, "情報資産", "asset");
}

// 長野市 第9-1 なお書き: the assets the city instructed to be returned, disposed of or erased are,
// by the day it gave. Not applicable without an instruction.
Finding disposal_on_instruction(const Context& context, const domain::Party* /*party*/) {
  std::vector<std::pair<const domain::Asset*, DueDay>> dues;
  for (const auto& [id, asset] : context.contract.assets)
    if (auto due = due_day(context, id, "")) dues.emplace_back(&asset, std::move(*due));
  if (dues.empty())
    return not_applicable({{}, "市の返還・廃棄・消去の指示はありません", "the city has given no instruction"});
  return settle_by(context, dues, "市の指示の情報資産", "instructed asset");
}

// 長野市 第9-2, 木更津市 第5条-1: every act of disposal or erasure (`scope` copies: those with a
// copy) has its certificate (廃棄・消去証明書) issued within `within` (P14D) of the act.
Finding disposal_certified(const Context& context, const domain::Party* /*party*/) {
  std::vector<std::uint64_t> indices;
  std::optional<std::string> open;
  std::string open_id;
  std::size_t count = 0;
  for (const auto& [id, record] : context.contract.disposals) {
    if (!in_scope(context, record)) continue;
    ++count;
    if (const auto* doc = context.state.document_of("disposal_certificate", record.ledger_index)) {
      indices.push_back(doc->index);
      continue;
    }
    indices.push_back(record.ledger_index);
    const auto day = plus_parameter(context, date_of(record.at), "within");
    if (!open || day < *open) open = day, open_id = id;
  }
  if (count == 0) return not_applicable({{}, "廃棄・消去の記録はありません", "no disposal or erasure is recorded"});
  if (open)
    return by_deadline(context, *open,
                       {first_indices(indices), fmt::format("廃棄・消去 {} の証明書が発行されていません", open_id),
                        fmt::format("no certificate issued for disposal {}", open_id)});
  return met({first_indices(indices), fmt::format("廃棄・消去 {}件すべての証明書を発行", count),
              fmt::format("certificates issued for all {} disposals", count)});
}

// 木更津市 第5条-2: a party that created or acquired assets reports them, with who keeps each after
// the contract, by the end of the contract (the day the work ended, or the contract's last day),
// and the city acknowledges the report (within `within`, P14D, of it).
Finding created_assets_reported(const Context& context, const domain::Party* party) {
  const domain::CreatedAssetsReport* report = nullptr;
  for (const auto& r : context.contract.created_assets_reports)
    if (r.organisation == party->organisation) report = &r;
  std::vector<std::uint64_t> created;  // the registrations of what it created or acquired
  for (const auto& h : context.lookups.held_by(party->organisation))
    if (h.asset->origin == domain::AssetOrigin::Created || h.asset->origin == domain::AssetOrigin::Acquired)
      created.push_back(h.registered_index);
  if (!report && created.empty())
    return not_applicable({{}, "作成・取得した情報資産はありません", "the party created or acquired no asset"});
  if (!report) {
    const bool ended = context.contract.closing_index != 0;
    if (ended) created.insert(created.begin(), context.contract.closing_index);
    return by_deadline(context, ended ? date_of(context.contract.closing_at) : context.contract.period_until,
                       {first_indices(created), "作成・取得した情報資産と契約終了後の取扱責任者が報告されていません",
                        "the created or acquired assets and their keeper after the contract are not reported"});
  }
  if (report->acknowledged_index == 0)
    return by_deadline(context, plus_parameter(context, date_of(report->at), "within"),
                       {{report->ledger_index},
                        "作成・取得した情報資産の報告を市が受領していません",
                        "the city has not acknowledged the report"});
  return met({{report->ledger_index, report->acknowledged_index},
              fmt::format("作成・取得した情報資産 {}件を報告し、市が受領", report->items.size()),
              fmt::format("{} created assets reported and acknowledged by the city", report->items.size())});
}

// 木更津市 第12条-2: the party's devices are registered and their security measures confirmed
// within 7 days of registration. Not applicable while the party registered none.
Finding device_registered(const Context& context, const domain::Party* party) {
  std::vector<std::uint64_t> indices;
  std::optional<std::string> open;
  std::string open_id;
  for (const auto& [id, device] : context.contract.devices) {
    if (device.organisation != party->organisation || !device.in_use()) continue;
    indices.push_back(device.confirmed_index != 0 ? device.confirmed_index : device.registered_index);
    if (device.confirmed_index == 0) {
      const auto day = plus_days(date_of(device.registered_at), 7);
      if (!open || day < *open) open = day, open_id = id;
    }
  }
  if (indices.empty())
    return not_applicable({{}, "使用中の機器は登録されていません", "no device in use is registered"});
  if (open)
    return by_deadline(
        context, *open,
        {first_indices(indices), fmt::format("機器 {} の情報セキュリティ対策が確認されていません", open_id),
         fmt::format("device {}'s security measures are not confirmed", open_id)});
  return met({first_indices(indices), fmt::format("使用中の機器 {}件の対策を確認", indices.size()),
              fmt::format("measures confirmed for all {} devices in use", indices.size())});
}

// 木更津市 第14条-1: a device replaced or disposed of had its storage media physically destroyed
// first (the rule refuses otherwise; this shows the record). Not applicable while none was.
Finding media_destroyed(const Context& context, const domain::Party* party) {
  std::vector<std::uint64_t> indices;
  for (const auto& [id, device] : context.contract.devices) {
    if (device.organisation != party->organisation) continue;
    if (device.retired != "replaced" && device.retired != "disposed") continue;
    for (const auto& d : device.destructions) indices.push_back(d.ledger_index);
    indices.push_back(device.retired_index);
  }
  if (indices.empty())
    return not_applicable({{}, "交換・廃棄した機器はありません", "no device has been replaced or disposed of"});
  return met({first_indices(indices), "交換・廃棄した機器の記録媒体を破壊してから廃棄",
              "storage media destroyed before each device was replaced or disposed of"});
}

// 木更津市 第14条-2: each destruction of storage media is reported to the city in writing (the
// report is issued) within `within` (P14D).
Finding media_destruction_reported(const Context& context, const domain::Party* party) {
  std::vector<std::uint64_t> indices;
  std::optional<std::string> open;
  std::string open_id;
  for (const auto& [id, device] : context.contract.devices) {
    if (device.organisation != party->organisation) continue;
    for (const auto& d : device.destructions) {
      if (const auto* doc = context.state.document_of("destruction_report", d.ledger_index)) {
        indices.push_back(doc->index);
        continue;
      }
      indices.push_back(d.ledger_index);
      const auto day = plus_parameter(context, date_of(d.at), "within");
      if (!open || day < *open) open = day, open_id = id;
    }
  }
  if (indices.empty()) return not_applicable({{}, "記録媒体を破壊した記録はありません", "no storage media destroyed"});
  if (open)
    return by_deadline(context, *open,
                       {first_indices(indices), fmt::format("機器 {} の記録媒体の破壊が報告されていません", open_id),
                        fmt::format("the destruction of device {}'s media is not reported", open_id)});
  return met({first_indices(indices), "記録媒体の破壊をすべて書面で報告", "every destruction reported in writing"});
}

}  // namespace itaku::compliance
