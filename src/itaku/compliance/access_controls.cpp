// The controls of access decisions and observed accesses (長野市 第3, 第5; 木更津市 第3条), from
// the contract's access tally, and `informative`.

#include <algorithm>

#include <fmt/format.h>

#include "itaku/compliance/evaluators.hpp"
#include "itaku/provisions/vocabulary.hpp"

namespace itaku::compliance {

namespace {

void merge(Breaches& into, const Breaches& from) {
  if (from.count == 0) return;
  if (into.count == 0 || from.first_at < into.first_at) into.first_at = from.first_at;
  into.count += from.count;
  into.first.insert(into.first.end(), from.first.begin(), from.first.end());
  into.first = first_indices(std::move(into.first));
}

// What the people of one party did: a person the contract does not know counts as the
// contractor's (party_of_person).
struct Activity {
  std::uint64_t decisions = 0, denials = 0, accesses = 0, uses = 0;
  Breaches unmatched, third_party, off_purpose;
  std::vector<std::uint64_t> first;
};

Activity activity_of(const Context& context, const domain::Party& party) {
  Activity a;
  for (const auto* entry : context.lookups.tally_people(party.organisation)) {
    const auto& tally = entry->second;
    a.decisions += tally.decisions;
    a.denials += tally.denials;
    a.accesses += tally.accesses;
    a.first.push_back(tally.first_index);
    merge(a.unmatched, tally.unmatched);
    merge(a.third_party, tally.third_party);
    for (const auto& [purpose, uses] : tally.uses_by_purpose) {
      a.uses += uses.count;
      // 長野市 第5-1 (本契約業務以外に利用し): the purpose a use names must be this contract, by
      // its id or its number, as the access condition purpose_contract reads it.
      if (purpose != context.contract.id && purpose != context.contract.number) merge(a.off_purpose, uses);
    }
  }
  a.first = first_indices(std::move(a.first));
  return a;
}

// Violated since the first of `breaches`, citing the first of them.
Finding broken(const Breaches& breaches, std::string ja, std::string en) {
  return violated(breaches.first_at, {breaches.first, std::move(ja), std::move(en)});
}

// A party none of whose people has asked for or reported an access yet: not applicable when its
// roster lets no one use an asset (nothing to decide), else due from the start of its work.
Finding no_activity(const Context& context, const domain::Party& party) {
  const auto* v = latest_roster(context, party);
  const auto who = party_name(context.state, context.contract, party.organisation);
  if (!v || v->roster.access.empty())
    return not_applicable({v ? std::vector<std::uint64_t>{v->ledger_index} : std::vector<std::uint64_t>{},
                           fmt::format("{} の名簿に情報資産を閲覧・利用できる者がいません", who),
                           fmt::format("no one of {} may view or use an information asset", party.organisation)});
  const auto deadline = start_deadline(context, party);
  return due(deadline, {{v->ledger_index},
                        fmt::format("{} のアクセス判定・アクセスの記録がまだありません（作業開始 {}）", who, deadline),
                        fmt::format("no access of {} has been decided or reported yet (work starts {})",
                                    party.organisation, deadline)});
}

}  // namespace

// 長野市 第3 (アクセス許可…アクセス方法の監視及び管理), 木更津市 第3条: every access is decided against
// the rules and recorded. Violated since the first observed access of the party's people that
// no allow decision matches (it was never decided); met when their accesses are decided.
Finding access_decided(const Context& context, const domain::Party* party) {
  const auto a = activity_of(context, *party);
  if (a.decisions + a.accesses == 0) return no_activity(context, *party);
  const auto who = party_name(context.state, context.contract, party->organisation);
  if (a.unmatched.count > 0)
    return broken(
        a.unmatched,
        fmt::format("{} のアクセス {} 件に、それを許可した判定がありません（台帳 {}）", who, a.unmatched.count,
                    indices_text(a.unmatched.first)),
        fmt::format("{} observed accesses of {} match no allow decision", a.unmatched.count, party->organisation));
  return met(
      {a.first,
       fmt::format(
           "{} のアクセス判定 {} 件（拒否 {} 件）を根拠条項とともに記録、観測されたアクセス {} 件はすべて判定済み", who,
           a.decisions, a.denials, a.accesses),
       fmt::format("{} decisions ({} denials) of {} are recorded with their clauses; all {} observed accesses "
                   "were decided",
                   a.decisions, a.denials, party->organisation, a.accesses)});
}

// 長野市 第3 (アクセス方法の監視及び管理): the city sees the denials and anomalies and reviews them.
// Due until the first decision or access is recorded (by the work's start); violated when denials
// on a sensitive class were recorded but no denial notice reached the city (since the first such
// denial). Then the city reviews the monitoring (monitoring.reviewed, covering every entry before
// its own) at least every `review_within` (P1M): before any review, due until the first fact's
// day plus that, violated after; after one, met while nothing was recorded after it or while the
// period from the later of the review and the first day with a fact after it has not run out,
// violated after. Anomalies are found when the monitoring page is made (policy/monitoring.hpp)
// from the same facts: a review covers them with its entries.
Finding access_monitored(const Context& context, const domain::Party*) {
  const auto& tally = context.tally;
  if (tally.decisions + tally.accesses == 0)
    return due(
        context.contract.period_from,
        {{context.contract.created_index},
         fmt::format("アクセス判定・アクセスの記録がまだありません（作業開始 {}）", context.contract.period_from),
         fmt::format("no access has been decided or reported yet (work starts {})", context.contract.period_from)});
  std::uint64_t sensitive = 0;
  std::optional<Timestamp> first_at;
  std::vector<std::uint64_t> first;
  for (const auto& [id, cls] : tally.classes) {
    const auto found = context.contract.asset_classes.find(id);
    if (found == context.contract.asset_classes.end() || !found->second.sensitive) continue;
    sensitive += cls.denials;
    first.push_back(cls.first_denial_index);
    if (!first_at || cls.first_denial_at < *first_at) first_at = cls.first_denial_at;
  }
  std::vector<std::uint64_t> notices;
  for (const auto& [id, n] : context.state.notifications)
    if (n.contract == context.contract.id && n.kind == "decision.denied") notices.push_back(n.ledger_index);
  if (sensitive > 0 && notices.empty())
    return violated(
        *first_at,
        {first_indices(first),
         fmt::format("機微な情報資産への拒否 {} 件が記録されていますが、市への拒否の通知がありません", sensitive),
         fmt::format("{} denials on sensitive classes are recorded but no denial notice reached the city", sensitive)});

  const auto recorded =
      fmt::format("判定 {} 件（拒否 {} 件）とアクセス {} 件を記録、機微な情報資産への拒否の通知 {} 件", tally.decisions,
                  tally.denials, tally.accesses, notices.size());
  const auto recorded_en = fmt::format("{} decisions ({} denials) and {} accesses recorded; {} denial notices sent",
                                       tally.decisions, tally.denials, tally.accesses, notices.size());
  const auto& reviews = context.contract.monitoring_reviews;
  if (reviews.empty()) {
    const auto since = date_of(tally.first_at);
    const auto deadline = plus_parameter(context, since, "review_within");
    return by_deadline(
        context, deadline,
        {{tally.first_index},
         fmt::format("{}。市による監視結果の確認はまだありません（最初の記録 {}、確認期限 {}）", recorded, since,
                     deadline),
         fmt::format("{}; the city has not reviewed the monitoring yet (first fact {}, review due by {})", recorded_en,
                     since, deadline)});
  }
  const auto& last = reviews.back();
  const auto reviewed = date_of(last.at);
  const auto reviewer = name_of(context.state, last.person);
  // The first day with a fact after the review (a day's facts may name an earlier time).
  const auto waiting =
      std::ranges::find_if(tally.last_index_by_day, [&](const auto& day) { return day.second > last.ledger_index; });
  if (waiting == tally.last_index_by_day.end())
    return met({{last.ledger_index},
                fmt::format("{}。{} に {} が監視結果を確認（台帳 #{} まで）、その後の記録はありません", recorded,
                            reviewed, reviewer, last.ledger_index),
                fmt::format("{}; {} reviewed the monitoring on {} (entries up to #{}); nothing was recorded since",
                            recorded_en, last.person, reviewed, last.ledger_index)});
  const auto first_waiting = jst_day_text(waiting->first);
  const auto next = plus_parameter(context, std::max(reviewed, first_waiting), "review_within");
  if (context.today <= next)
    return met({{last.ledger_index},
                fmt::format("{}。{} に {} が監視結果を確認（台帳 #{} まで）、次の確認期限 {}", recorded, reviewed,
                            reviewer, last.ledger_index, next),
                fmt::format("{}; {} reviewed the monitoring on {} (entries up to #{}), next review due by {}",
                            recorded_en, last.person, reviewed, last.ledger_index, next)});
  return violated(
      after(next),
      {{last.ledger_index, tally.last_index},
       fmt::format("{} の確認（台帳 #{} まで）の後、{} からの記録が確認期限 {} を過ぎても確認されていません", reviewed,
                   last.ledger_index, first_waiting, next),
       fmt::format("facts recorded from {} on, after the review of {} (entries up to #{}), were not reviewed by {}",
                   first_waiting, reviewed, last.ledger_index, next)});
}

// 長野市 第5-1 (本契約業務以外に利用し), 木更津市 第3条(1) (契約目的以外の目的でする利用): every use
// (an allowed decision or an observed access) names this contract as its purpose. Violated since
// the first use that names another purpose or none.
Finding purpose_limited(const Context& context, const domain::Party* party) {
  const auto a = activity_of(context, *party);
  if (a.decisions + a.accesses == 0) return no_activity(context, *party);
  const auto who = party_name(context.state, context.contract, party->organisation);
  if (a.off_purpose.count > 0)
    return broken(
        a.off_purpose,
        fmt::format("{} の利用 {} 件が契約の目的（{}）以外を示しています（台帳 {}）", who, a.off_purpose.count,
                    context.contract.number, indices_text(a.off_purpose.first)),
        fmt::format("{} uses by {} name a purpose other than the contract", a.off_purpose.count, party->organisation));
  if (a.uses == 0)
    return met({a.first, fmt::format("{} の判定 {} 件はすべて拒否され、情報資産の利用はありません", who, a.decisions),
                fmt::format("all {} decisions of {} were denials: no information asset was used", a.decisions,
                            party->organisation)});
  return met(
      {a.first,
       fmt::format("{} の利用 {} 件はすべて契約の目的（{}）を示しています", who, a.uses, context.contract.number),
       fmt::format("all {} uses by {} name the contract as their purpose", a.uses, party->organisation)});
}

// 長野市 第5-1 (受託者以外の第三者に提供してはならない), 木更津市 第3条(1) (提供 … 書面により承諾した場合を
// 除く): violated since the first observed provision to a third party that the rules deny or that
// no allow decision (with its approval) matches; denied requests are the rule working.
Finding third_party_prohibited(const Context& context, const domain::Party* party) {
  const auto a = activity_of(context, *party);
  if (a.decisions + a.accesses == 0) return no_activity(context, *party);
  const auto who = party_name(context.state, context.contract, party->organisation);
  if (a.third_party.count > 0)
    return broken(a.third_party,
                  fmt::format("{} による許可のない第三者への提供 {} 件が観測されています（台帳 {}）", who,
                              a.third_party.count, indices_text(a.third_party.first)),
                  fmt::format("{} provisions to a third party by {} were observed without an allow",
                              a.third_party.count, party->organisation));
  return met({a.first,
              fmt::format("{} の判定 {} 件・アクセス {} 件に許可のない第三者への提供はありません", who, a.decisions,
                          a.accesses),
              fmt::format("no unallowed provision to a third party among {} decisions and {} accesses of {}",
                          a.decisions, a.accesses, party->organisation)});
}

// A declaratory clause (木更津市 第1条 趣旨) asks for no fact: it neither holds nor fails, so it is
// not applicable — never met, which would claim a fact that was not checked.
Finding informative(const Context&, const domain::Party*) {
  return not_applicable({{},
                         "趣旨等の宣言的な条項で、記録すべき事実を求めていません",
                         "a declaratory clause: it asks for no recorded fact"});
}

// 長野市 第10-1 (他に漏らしてはならない), 木更津市 第2条, and any obligation a set records as
// `obligation.recorded`: kept by people, not shown by recorded facts. Always manual_check, with
// the obligation in the set's words (or the vocabulary's), so it is never silently met.
Finding manual(const Context& context, const domain::Party*) {
  Finding f;
  f.status = Status::ManualCheck;
  f.evidence.ja = fmt::format("{}（システムが記録する事実では確かめられません。人が確認してください）",
                              provisions::control_summary(context.control, context.params, false));
  f.evidence.en = fmt::format("{} (recorded facts cannot show this kept; a person has to check it)",
                              provisions::control_summary(context.control, context.params, true));
  return f;
}

}  // namespace itaku::compliance
