// The controls of the roster and of the people on it: roster.*, badge.worn and
// former_workers.access_revoked. Each is evaluated per party (乙 and each 丙), from the party's
// roster versions, its people and its badges.

#include <algorithm>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "itaku/compliance/evaluators.hpp"

namespace itaku::compliance {

namespace {

// A person named on the roster who has left or been transferred, with the role they were named in.
struct Gone {
  const domain::Person* person = nullptr;
  std::string_view role_ja, role_en;
};

std::vector<Gone> departed_officers(const domain::State& state, const domain::Roster& roster) {
  std::vector<Gone> gone;
  const auto check = [&](const std::string& id, std::string_view ja, std::string_view en) {
    const auto* person = state.person(id);
    if (person && person->departure) gone.push_back({person, ja, en});
  };
  check(roster.responsible, "責任者", "responsible person");
  check(roster.information_manager, "情報管理責任者", "information manager");
  return gone;
}

Finding officer_departed(const domain::RosterVersion& v, const Gone& gone) {
  const auto& departure = *gone.person->departure;
  return violated(
      departure.effective,
      {{v.ledger_index, departure.ledger_index},
       fmt::format("名簿 第{}版（台帳 #{}）の{} {} は {} に転勤・退職しており、後任が届け出られていません", v.version,
                   v.ledger_index, gone.role_ja, gone.person->name, date_of(departure.effective)),
       fmt::format("the {} named on roster version {} (entry #{}), {}, left on {} and no successor has "
                   "been notified",
                   gone.role_en, v.version, v.ledger_index, gone.person->id, date_of(departure.effective))});
}

bool current(const domain::RosterWorker& w, const std::string& today) {
  return w.from <= today && (w.until.empty() || w.until >= today);
}

}  // namespace

// 長野市 第1: 責任者、作業内容、作業者及び作業場所をあらかじめ特定し. Met when the party's latest
// roster names them and its responsible person and information manager are still there;
// violated from the day one of them left (the roster no longer identifies who is responsible).
Finding roster_defined(const Context& context, const domain::Party* party) {
  const auto* v = latest_roster(context, *party);
  if (!v) return missing_roster(context, *party);
  if (const auto gone = departed_officers(context.state, v->roster); !gone.empty())
    return officer_departed(*v, gone.front());
  const auto workers = std::count_if(v->roster.workers.begin(), v->roster.workers.end(),
                                     [&](const domain::RosterWorker& w) { return current(w, context.today); });
  return met(
      {{v->ledger_index},
       fmt::format("名簿 第{}版（台帳 #{}）で責任者 {}、作業中の作業者 {} 名、作業場所 {} か所を特定", v->version,
                   v->ledger_index, name_of(context.state, v->roster.responsible), workers, v->roster.locations.size()),
       fmt::format("roster version {} (entry #{}) names the responsible person, {} current workers and {} "
                   "work locations",
                   v->version, v->ledger_index, workers, v->roster.locations.size())});
}

// 長野市 第1 (通知しなければならない。…変更する場合についても同様): every version reaches the city
// and the city confirms it. Met when the latest version is acknowledged; due while it waits, for
// `acknowledge_within` (14 days) after the first version since the last acknowledged one was
// submitted (a later version does not restart the wait for an earlier change); violated after.
Finding roster_notified(const Context& context, const domain::Party* party) {
  const auto* v = latest_roster(context, *party);
  if (!v) return missing_roster(context, *party);
  const auto who = party_name(context.state, context.contract, party->organisation);
  if (v->acknowledged_at)
    return met({{v->ledger_index, v->acknowledged_index},
                fmt::format("{} の名簿 第{}版（台帳 #{}）を市が {} に確認（台帳 #{}）", who, v->version,
                            v->ledger_index, date_of(*v->acknowledged_at), v->acknowledged_index),
                fmt::format("roster version {} (entry #{}) was acknowledged by the city on {} (entry #{})", v->version,
                            v->ledger_index, date_of(*v->acknowledged_at), v->acknowledged_index)});
  const auto& versions = context.contract.rosters.at(party->organisation);
  const auto& first = versions[domain::last_acknowledged(versions, v->version)];
  const auto deadline = plus_parameter(context, date_of(first.submitted_at), "acknowledge_within");
  return by_deadline(
      context, deadline,
      {{v->ledger_index},
       fmt::format("{} の名簿 第{}版（台帳 #{}、{} 届出）は市の確認待ち（期限 {}）", who, v->version, v->ledger_index,
                   date_of(v->submitted_at), deadline),
       fmt::format("roster version {} (entry #{}, submitted {}) awaits the city's acknowledgement (by {})", v->version,
                   v->ledger_index, date_of(v->submitted_at), deadline)});
}

// 木更津市 第4条: 情報管理責任者を定め、その職・氏名を甲に書面により届け出. Met when the latest
// roster names an information manager who is still there (with `deemed_from =
// personal_information_manager`, 第4条2: a 個人情報取扱責任者 so designated is deemed notified);
// violated from the day they left.
Finding roster_information_manager(const Context& context, const domain::Party* party) {
  const auto* v = latest_roster(context, *party);
  if (!v) return missing_roster(context, *party);
  const auto* manager = context.state.person(v->roster.information_manager);
  if (manager && manager->departure) return officer_departed(*v, {manager, "情報管理責任者", "information manager"});
  const auto deemed = v->roster.manager_is_personal_information_officer && context.params.contains("deemed_from");
  const auto name = name_of(context.state, v->roster.information_manager);
  const auto title = manager ? manager->title : std::string();
  return met(
      {{v->ledger_index},
       deemed ? fmt::format(
                    "個人情報取扱責任者 {}（{}）を情報管理責任者として届出したものとみなす（名簿 第{}版、台帳 #{}）",
                    name, title, v->version, v->ledger_index)
              : fmt::format("情報管理責任者 {}（{}）を名簿 第{}版（台帳 #{}）で届出", name, title, v->version,
                            v->ledger_index),
       fmt::format("information manager {} ({}) notified on roster version {} (entry #{}){}",
                   v->roster.information_manager, title, v->version, v->ledger_index,
                   deemed ? ", deemed as the designated personal-information officer" : "")});
}

// 木更津市 第11条(4): 作成又は取得した情報資産を閲覧・利用できる者を特定し、甲に届出. For each class
// of the assets the party's people hold, the latest roster must name who may view or use it.
// Violated while the party holds an asset of a class its roster names no one for; met when
// every class it holds is covered and the roster names users; not applicable when it holds
// nothing and names no one.
Finding roster_asset_users_notified(const Context& context, const domain::Party* party) {
  const auto* v = latest_roster(context, *party);
  if (!v) return missing_roster(context, *party);
  std::set<std::string> named;  // class ids the roster names someone for
  for (const auto& a : v->roster.access)
    if (const auto* cls = context.contract.asset_class(a.asset_class)) named.insert(cls->id);
  std::vector<std::uint64_t> uncovered;
  std::unordered_set<std::string_view> uncovered_ids;
  std::string first;
  const auto& holdings = context.lookups.held_by(party->organisation);
  std::vector<char> named_class;  // by Holding::asset_class
  for (const auto& id : context.lookups.asset_classes()) named_class.push_back(named.contains(std::string(id)));
  for (const auto& held : holdings) {
    if (named_class[held.asset_class]) continue;
    uncovered.push_back(held.registered_index);
    uncovered_ids.insert(held.asset->id);
    if (first.empty()) first = held.asset->id;
  }
  // Since the roster version, or the latest hand-over of one of those assets to them if later.
  Timestamp since = v->submitted_at;
  if (!uncovered.empty())
    for (const auto& [tid, t] : context.contract.transfers)
      if (t.acknowledged_at && *t.acknowledged_at > since &&
          std::ranges::any_of(t.assets, [&](const std::string& a) { return uncovered_ids.contains(a); }))
        since = *t.acknowledged_at;
  const auto who = party_name(context.state, context.contract, party->organisation);
  if (!uncovered.empty())
    return violated(
        since,
        {first_indices(uncovered),
         fmt::format("{} が保管する情報資産 {} など {} 件の種類について、名簿 第{}版に閲覧・利用できる者がいません",
                     who, first, uncovered.size(), v->version),
         fmt::format("{} holds {} asset(s) (first {}) of a class roster version {} names no user for",
                     party->organisation, uncovered.size(), first, v->version)});
  if (v->roster.access.empty())
    return not_applicable(
        {{v->ledger_index},
         fmt::format("{} は情報資産を保管しておらず、名簿 第{}版に閲覧・利用する者もいません", who, v->version),
         fmt::format("{} holds no information asset and roster version {} names no user", party->organisation,
                     v->version)});
  return met({{v->ledger_index},
              fmt::format("名簿 第{}版（台帳 #{}）で情報資産を閲覧・利用できる者 {} 件を届出", v->version,
                          v->ledger_index, v->roster.access.size()),
              fmt::format("roster version {} (entry #{}) notifies {} view/use rights", v->version, v->ledger_index,
                          v->roster.access.size())});
}

// 木更津市 第11条(1): 本市の施設内で業務を行う場合には、業務従事者に身分証明書等を携帯させ. Not
// applicable when the party's roster has no work location on the city's premises. Otherwise
// every worker on the roster needs a badge that is out and valid: due by a future worker's
// first day, violated for a current worker without one since their first day on a roster with
// work on the premises.
Finding badge_worn(const Context& context, const domain::Party* party) {
  const auto* v = latest_roster(context, *party);
  if (!v) return missing_roster(context, *party);
  const auto on_premises = [](const domain::RosterVersion& version) {
    return std::ranges::any_of(version.roster.locations, [](const domain::WorkLocation& l) { return l.city_premises; });
  };
  const auto who = party_name(context.state, context.contract, party->organisation);
  if (!on_premises(*v))
    return not_applicable({{v->ledger_index},
                           fmt::format("{} の名簿 第{}版に本市の施設内の作業場所はありません", who, v->version),
                           fmt::format("roster version {} of {} has no work location on the city's premises",
                                       v->version, party->organisation)});
  // Since when the roster has had work on the premises without a break.
  const auto& versions = context.contract.rosters.at(party->organisation);
  auto since_version = versions.rbegin();
  while (std::next(since_version) != versions.rend() && on_premises(*std::next(since_version))) ++since_version;
  const auto premises_since = date_of(since_version->submitted_at);

  // Each worker's badges, in the order of their numbers: one pass over the badges, not one per worker.
  std::unordered_map<std::string, std::vector<const domain::Badge*>> badges_of;
  for (const auto& [number, b] : context.contract.badges) badges_of[b.person].push_back(&b);
  std::vector<std::uint64_t> badges;
  std::optional<std::pair<const domain::RosterWorker*, std::string>> missing_now, missing_later;
  for (const auto& w : v->roster.workers) {
    if (!w.until.empty() && w.until < context.today) continue;
    const auto* person = context.state.person(w.person);
    if (person && person->departure) continue;
    const domain::Badge* valid = nullptr;
    if (const auto held = badges_of.find(w.person); held != badges_of.end())
      for (const auto* b : held->second)
        if (b->out() && b->issued <= std::max(context.today, w.from) && b->expires >= std::max(context.today, w.from))
          valid = b;
    if (valid) {
      badges.push_back(valid->issued_index);
    } else if (w.from <= context.today) {
      const auto from = std::max(w.from, premises_since);
      if (!missing_now || from < missing_now->second) missing_now = {{&w, from}};
    } else if (!missing_later || w.from < missing_later->second) {
      missing_later = {{&w, w.from}};
    }
  }
  if (missing_now)
    return violated(
        start_of(missing_now->second),
        {{v->ledger_index},
         fmt::format("本市の施設内で作業する {} の作業者 {} に有効な身分証明書が貸与されていません（{} から）", who,
                     name_of(context.state, missing_now->first->person), missing_now->second),
         fmt::format("worker {} of {} works on the city's premises without a valid badge since {}",
                     missing_now->first->person, party->organisation, missing_now->second)});
  if (missing_later)
    return due(missing_later->second,
               {{v->ledger_index},
                fmt::format("{} から作業する {} に身分証明書の貸与が必要です", missing_later->second,
                            name_of(context.state, missing_later->first->person)),
                fmt::format("worker {} starts on {} and needs a badge by then", missing_later->first->person,
                            missing_later->second)});
  if (badges.empty())
    return not_applicable(
        {{v->ledger_index},
         fmt::format("{} の名簿 第{}版に作業中の作業者がいません", who, v->version),
         fmt::format("roster version {} of {} has no current worker", v->version, party->organisation)});
  return met({first_indices(badges),
              fmt::format("本市の施設内で作業する {} の作業者 {} 名全員に有効な身分証明書を貸与（台帳 {}）", who,
                          badges.size(), indices_text(first_indices(badges))),
              fmt::format("all {} workers of {} on the city's premises hold a valid badge", badges.size(),
                          party->organisation)});
}

// 長野市 第5-2, 第9-3, 第10-2 (転勤等…退職等…についても適用): a worker who leaves loses access at
// once. Not applicable when no one on the party's rosters has left. Violated when a leaver is
// still a current worker or named with access on the latest roster, or an access was observed
// or allowed for them after they left (since the day they left); due while a leaver's badge is
// still out, for `badge_return_within` (7 days) after it was marked due back; met otherwise.
Finding former_workers_access_revoked(const Context& context, const domain::Party* party) {
  const auto leavers = leavers_of(context, *party);
  const auto* v = latest_roster(context, *party);
  const auto who = party_name(context.state, context.contract, party->organisation);
  if (leavers.empty())
    return not_applicable({{},
                           fmt::format("{} の名簿に転勤・退職した者はいません", who),
                           fmt::format("no one on the rosters of {} has left", party->organisation)});
  std::vector<std::uint64_t> indices;
  std::optional<domain::Badge> badge_due;
  for (const auto* p : leavers) {
    const auto& departure = *p->departure;
    const auto left = date_of(departure.effective);
    indices.push_back(departure.ledger_index);
    const bool still_listed =
        v && (std::ranges::any_of(v->roster.workers,
                                  [&](const domain::RosterWorker& w) {
                                    return w.person == p->id && (w.until.empty() || w.until > left);
                                  }) ||
              std::ranges::any_of(v->roster.access, [&](const domain::AssetAccess& a) { return a.person == p->id; }));
    if (still_listed)
      return violated(departure.effective,
                      {{departure.ledger_index, v->ledger_index},
                       fmt::format("{} は {} に転勤・退職したが、名簿 第{}版にまだ作業者・利用者として記載されています",
                                   p->name, left, v->version),
                       fmt::format("{} left on {} but roster version {} still lists them", p->id, left, v->version)});
    const auto used = context.tally.people.find(p->id);
    if (used != context.tally.people.end() && used->second.last_use_at &&
        *used->second.last_use_at > departure.effective)
      return violated(
          departure.effective,
          {{departure.ledger_index, used->second.last_use_index},
           fmt::format("{} は {} に転勤・退職した後も情報資産を利用しています（台帳 #{}）", p->name, left,
                       used->second.last_use_index),
           fmt::format("{} left on {} and information assets were used in their name afterwards (entry #{})", p->id,
                       left, used->second.last_use_index)});
    for (const auto& [number, b] : context.contract.badges)
      if (b.person == p->id && b.return_outstanding() && (!badge_due || *b.return_due < *badge_due->return_due))
        badge_due = b;
  }
  if (badge_due) {
    const auto deadline = plus_parameter(context, date_of(*badge_due->return_due), "badge_return_within");
    return by_deadline(context, deadline,
                       {{badge_due->issued_index},
                        fmt::format("転勤・退職した {} の身分証明書 {} が未返却です（期限 {}）",
                                    name_of(context.state, badge_due->person), badge_due->number, deadline),
                        fmt::format("badge {} of {}, who left, is not back yet (due by {})", badge_due->number,
                                    badge_due->person, deadline)});
  }
  return met(
      {first_indices(indices),
       fmt::format("転勤・退職した {} 名のアクセスは離任日に終了し、その後の利用記録はありません", leavers.size()),
       fmt::format("access of the {} people who left ended when they left; no use is recorded after", leavers.size())});
}

}  // namespace itaku::compliance
