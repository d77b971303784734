// The controls of the city's prior written approvals (長野市 第5〜第7, 木更津市 第3条, 第12条):
// approval.required, per action the set names, from the classes' conditions, the contract's
// access tally and its approvals; approval.justified from the requests themselves.

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "itaku/compliance/evaluators.hpp"
#include "itaku/domain/approvals.hpp"
#include "itaku/provisions/vocabulary.hpp"

namespace itaku::compliance {

namespace {

// The approvals of the contract of `type`.
std::vector<const domain::Approval*> approvals_of(const domain::Contract& contract, std::string_view type) {
  std::vector<const domain::Approval*> out;
  for (const auto& [id, a] : contract.approvals)
    if (a.type == type) out.push_back(&a);
  return out;
}

bool decided_approved(const domain::Approval& a) {
  return a.status == domain::ApprovalStatus::Approved || a.status == domain::ApprovalStatus::Revoked;
}

// A class that lets `action` through without the approval the set asks for (no approval:<action>
// among its conditions), where that matters: for every asset, or — when the set asks only for
// assets of one origin — where the register holds an asset of that origin in the class. The
// class's definition and, for a scoped set, that asset are the evidence.
struct Unguarded {
  const domain::AssetClass* asset_class = nullptr;
  const domain::Asset* asset = nullptr;
};
std::optional<Unguarded> unguarded_class(const Context& context, domain::Action action, std::string_view type,
                                         std::optional<domain::AssetOrigin> scope) {
  const domain::Condition approval{domain::ConditionKind::Approval, std::string(type)};
  for (const auto& [id, cls] : context.contract.asset_classes) {
    const auto conditions = cls.actions.find(action);
    if (conditions == cls.actions.end() || std::ranges::find(conditions->second, approval) != conditions->second.end())
      continue;
    if (!scope) return Unguarded{&cls, nullptr};
    for (const auto& [asset_id, asset] : context.contract.assets)
      if (asset.asset_class == id && asset.origin == *scope) return Unguarded{&cls, &asset};
  }
  return std::nullopt;
}

}  // namespace

// 長野市 第5-1 (第三者提供), 第6-2 (複写・複製), 第7 (持ち出し・持ち込み・管理外の電子計算機), 木更津市
// 第3条(1)(2)(3), 第12条: the action the control's `action` names is done only under the city's
// approval in force, for the assets of the set's `origin` ("any": all). Violated since a class
// was defined to allow the action without approval:<action> (for a scoped set, once the
// register holds an asset of that origin in it), or since the first observed access of the
// action that the rules deny or no allow decision matches. Due when copies made under an
// approval are still in the register and its period ends within `notice_within` (P14D);
// violated from the day after it ended. Met while the action was decided and done only so, with
// the uses of the approvals counted; not applicable while nothing of it was asked, done or
// approved. An action that is not asked for by decisions (持ち込み, 機器等の持ち込み, ネットワーク
// への接続) cannot be seen done without an approval: not_tracked, with its approvals.
Finding approval_required(const Context& context, const domain::Party*) {
  const auto found_type = context.params.find("action");
  const std::string type = found_type == context.params.end() ? std::string() : found_type->second;
  const auto label = std::string(domain::approval_type_label_ja(type));
  const auto scope_text = provisions::parameter_value(context.control, context.params, "origin");
  const auto scope = domain::asset_origin(scope_text);  // nullopt: any origin
  const auto approvals = approvals_of(context.contract, type);
  std::uint64_t approved = 0, uses = 0;
  std::vector<std::uint64_t> approval_indices;
  for (const auto* a : approvals) {
    approval_indices.push_back(a->requested_index);
    if (!decided_approved(*a)) continue;
    ++approved;
    uses += a->uses.size();
  }
  approval_indices = first_indices(std::move(approval_indices));

  const auto action = domain::action_from(type);
  if (!action) {
    Finding f = not_tracked(context.control);
    f.evidence.indices = approval_indices;
    f.evidence.ja = fmt::format(
        "{}はアクセス判定の対象ではなく、承認なしに行われていないことは記録から確かめられません"
        "（承認の申請 {} 件、うち承認 {} 件）",
        label, approvals.size(), approved);
    f.evidence.en = fmt::format(
        "{} is not asked for by access decisions: that it happens only under an approval "
        "cannot be shown from records ({} requests, {} approved)",
        type, approvals.size(), approved);
    return f;
  }

  if (const auto unguarded = unguarded_class(context, *action, type, scope)) {
    const auto& cls = *unguarded->asset_class;
    if (unguarded->asset)
      return violated(
          cls.defined_at,
          {{cls.defined_index, unguarded->asset->registered_index},
           fmt::format("情報資産の種類「{}」は{}を市の承認なしに許可していますが、特記事項が承認を求める情報資産 {}"
                       "（由来 {}）がこの種類です",
                       cls.name, label, unguarded->asset->id, scope_text),
           fmt::format("class {} allows {} without the city's approval, and asset {} of the origin the set names "
                       "is of it",
                       cls.id, type, unguarded->asset->id)});
    return violated(cls.defined_at, {{cls.defined_index},
                                     fmt::format("情報資産の種類「{}」（台帳 #{}）は{}を市の承認なしに許可しています",
                                                 cls.name, cls.defined_index, label),
                                     fmt::format("class {} (entry #{}) allows {} without the city's approval", cls.id,
                                                 cls.defined_index, type)});
  }

  const auto tallied = context.tally.actions.find(type);
  const ActionTally none;
  const auto& t = tallied == context.tally.actions.end() ? none : tallied->second;
  if (t.unapproved.count > 0)
    return violated(t.unapproved.first_at,
                    {t.unapproved.first,
                     fmt::format("{}のアクセス {} 件が、市の承認に基づく許可なしに行われています（台帳 {}）", label,
                                 t.unapproved.count, indices_text(t.unapproved.first)),
                     fmt::format("{} observed accesses of {} had no allow decision under the city's approval",
                                 t.unapproved.count, type)});

  // Copies made under an approval stay in the register past its period: to be returned or
  // erased, or the approval renewed.
  const domain::Approval* ending = nullptr;
  for (const auto* a : approvals)
    if (decided_approved(*a) && !a->copies_registered.empty() && (!ending || a->until < ending->until)) ending = a;
  if (ending) {
    const auto copies = fmt::format("{}", fmt::join(ending->copies_registered, "、"));
    if (context.today > ending->until)
      return violated(after(ending->until),
                      {{ending->decided_index},
                       fmt::format("承認 {}（{}）の期間は {} に終わりましたが、その承認による複製（{}）が情報資産の"
                                   "台帳に残っています",
                                   ending->number.empty() ? ending->id : ending->number, label, ending->until, copies),
                       fmt::format("approval {} ended on {} but the copies made under it ({}) are still registered",
                                   ending->id, ending->until, fmt::join(ending->copies_registered, ", "))});
    if (plus_parameter(context, context.today, "notice_within") >= ending->until)
      return due(ending->until,
                 {{ending->decided_index},
                  fmt::format("承認 {}（{}）の期間が {} に終わります。その承認による複製（{}）の返還・消去又は承認の"
                              "更新が必要です",
                              ending->number.empty() ? ending->id : ending->number, label, ending->until, copies),
                  fmt::format("approval {} ends on {}: the copies made under it ({}) are to be returned or erased, "
                              "or the approval renewed",
                              ending->id, ending->until, fmt::join(ending->copies_registered, ", "))});
  }

  if (t.allowed + t.denied + t.accesses == 0 && approvals.empty())
    return not_applicable({{},
                           fmt::format("{}の判定・アクセスの記録も承認の申請もありません", label),
                           fmt::format("nothing of {} was asked for, done or approved", type)});
  std::vector<std::uint64_t> evidence = approval_indices;
  if (t.first_index != 0) evidence.insert(evidence.begin(), t.first_index);
  return met({first_indices(std::move(evidence)),
              fmt::format("{}の許可 {} 件（うち承認によるもの {} 件）・拒否 {} 件、観測されたアクセス {} "
                          "件はすべて許可された判定に対応（承認の申請 {} 件、うち承認 {} 件）",
                          label, t.allowed, uses, t.denied, t.accesses, approvals.size(), approved),
              fmt::format("{} allowed {} times ({} under an approval) and denied {} times; all {} observed accesses "
                          "match an allow ({} requests, {} approved)",
                          type, t.allowed, uses, t.denied, t.accesses, approvals.size(), approved)});
}

// 長野市 第6-2, 第7, 木更津市 第3条: a request for approval states what the city needs to judge it —
// the purpose, the people who will act, the period and the security measures, and what its type
// needs besides (domain::approval_requirements: the assets or classes, the destination, the
// number of copies, the devices). Requests that lack them are refused when asked; violated since
// the decision when an approval was given to one that lacks them (recorded before the rule, or
// by another implementation); met when every request states them; not applicable before the
// first.
Finding approval_justified(const Context& context, const domain::Party*) {
  const auto& approvals = context.contract.approvals;
  if (approvals.empty())
    return not_applicable({{}, "承認の申請はまだありません", "no approval has been asked for yet"});
  std::vector<std::uint64_t> indices;
  std::size_t approved = 0;
  for (const auto& [id, a] : approvals) {
    indices.push_back(a.requested_index);
    const auto needs = domain::approval_requirements(a.type);
    std::vector<std::string_view> missing;
    if (a.purpose.empty()) missing.push_back("目的");
    if (a.people.empty()) missing.push_back("行為をする人");
    if (a.from.empty() || a.until.empty()) missing.push_back("期間");
    if (a.measures.empty()) missing.push_back("情報セキュリティ対策");
    if (needs.target && a.assets.empty() && a.classes.empty()) missing.push_back("対象の情報資産");
    if (needs.destination && a.destination.empty()) missing.push_back("持出先・提供先");
    if (needs.copies && a.copies <= 0) missing.push_back("部数");
    if (needs.devices && a.devices.empty()) missing.push_back("使用する機器・媒体");
    if (!decided_approved(a)) continue;
    ++approved;
    if (!missing.empty() || !needs.known)
      return violated(
          a.decided_at,
          {{a.requested_index, a.decided_index},
           fmt::format("承認 {}（{}）は、申請に{}の記載がないまま承認されています", a.id,
                       domain::approval_type_label_ja(a.type),
                       missing.empty() ? std::string("承認できる行為") : fmt::format("{}", fmt::join(missing, "・"))),
           fmt::format("approval {} ({}) was given to a request that does not state all it needs", a.id, a.type)});
  }
  return met({first_indices(std::move(indices)),
              fmt::format("承認の申請 {} 件（うち承認 {} 件）すべてに目的、対象、行為をする人、期間及び情報セキュリティ"
                          "対策を記載",
                          approvals.size(), approved),
              fmt::format("all {} requests ({} approved) state their purpose, what they concern, the people, the "
                          "period and the security measures",
                          approvals.size(), approved)});
}

}  // namespace itaku::compliance
