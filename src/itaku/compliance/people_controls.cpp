// The controls of people's obligations: training.valid, training.delivered, training.reported,
// provisions.acknowledged, nda.signed and former_workers.bound. Each is evaluated per party (乙
// and each 丙), from the party's latest roster, its people's training (domain/training.hpp),
// their acknowledgements of the provisions and the pledges and NDAs they signed.

#include <algorithm>
#include <optional>
#include <set>
#include <string_view>

#include <fmt/format.h>

#include "itaku/compliance/evaluators.hpp"
#include "itaku/domain/training.hpp"
#include "itaku/provisions/vocabulary.hpp"

namespace itaku::compliance {

namespace {

// A worker of the latest roster who has not finished (ended assignments and leavers do not
// count; former_workers.* speaks of them), with the class ids they are named for.
struct Worker {
  const domain::RosterWorker* row = nullptr;
  bool upcoming = false;  // starts after today
  std::vector<std::string> classes;
  bool sensitive = false;  // named for a sensitive class
};

std::vector<Worker> workers_of(const Context& context, const domain::RosterVersion& version) {
  std::vector<Worker> out;
  for (const auto& w : version.roster.workers) {
    if (!w.until.empty() && w.until < context.today) continue;
    const auto* person = context.state.person(w.person);
    if (person && person->departure) continue;
    Worker worker{&w, w.from > context.today, {}, false};
    for (const auto& access : version.roster.access) {
      if (access.person != w.person) continue;
      const auto* asset_class = context.contract.asset_class(access.asset_class);
      if (!asset_class) continue;
      worker.classes.push_back(asset_class->id);
      worker.sensitive = worker.sensitive || asset_class->sensitive;
    }
    out.push_back(std::move(worker));
  }
  return out;
}

Finding no_workers(const Context& context, const domain::Party& party, const domain::RosterVersion& v) {
  return not_applicable(
      {{v.ledger_index},
       fmt::format("{} の名簿 第{}版に作業中・作業予定の作業者がいません",
                   party_name(context.state, context.contract, party.organisation), v.version),
       fmt::format("roster version {} of {} has no current or upcoming worker", v.version, party.organisation)});
}

// The first worker (by start) found lacking, and since or by when.
struct Lacking {
  const Worker* worker = nullptr;
  std::string date;  // since when (violated) or by when (due)
  std::string detail_ja, detail_en;
};
void keep_earliest(std::optional<Lacking>& kept, Lacking candidate) {
  if (!kept || candidate.date < kept->date) kept = std::move(candidate);
}

}  // namespace

// 長野市 第4, 木更津市 第11条(2): every worker handling the contract's information is trained,
// and the training is valid today. Violated when a current worker has no valid training (since
// they started, or since the day after it expired); due when an upcoming worker has none yet
// (by the day they start), or when a worker's training expires within `remind_before` (30
// days; by its last valid day); met, citing the sessions, when everyone's is valid.
Finding training_valid(const Context& context, const domain::Party* party) {
  const auto* v = latest_roster(context, *party);
  if (!v) return missing_roster(context, *party);
  const auto workers = workers_of(context, *v);
  if (workers.empty()) return no_workers(context, *party, *v);
  const auto credits = domain::training_credits_by_person(context.state, context.contract);
  const auto reminder_from = plus_parameter(context, context.today, "remind_before");
  std::optional<Lacking> now, soon;
  std::set<std::uint64_t> sessions;
  static const std::vector<domain::TrainingCredit> kNone;
  for (const auto& worker : workers) {
    const auto found = credits.find(worker.row->person);
    const auto credit = domain::credit_for_classes(found == credits.end() ? kNone : found->second, worker.classes);
    const auto name = name_of(context.state, worker.row->person);
    const auto needed_from = std::max(worker.row->from, context.today);
    if (!credit || credit->valid_until < needed_from) {
      const auto expired = credit ? plus_days(credit->valid_until, 1) : std::string();
      const auto since = std::max(worker.row->from, expired);
      Lacking lacking{&worker, since,
                      credit ? fmt::format("{} の教育は {} に有効期限が切れています", name, credit->valid_until)
                             : fmt::format("{} に有効な教育の受講記録がありません", name),
                      credit ? fmt::format("the training of {} expired on {}", worker.row->person, credit->valid_until)
                             : fmt::format("{} has no valid training on record", worker.row->person)};
      keep_earliest(worker.upcoming ? soon : now, std::move(lacking));
      continue;
    }
    sessions.insert(credit->session->ledger_index);
    if (credit->valid_until <= reminder_from)
      keep_earliest(soon, {&worker, credit->valid_until,
                           fmt::format("{} の教育の有効期限は {} です。再受講が必要です", name, credit->valid_until),
                           fmt::format("the training of {} is valid until {}: it is to be taken again",
                                       worker.row->person, credit->valid_until)});
  }
  if (now) return violated(start_of(now->date), {{v->ledger_index}, now->detail_ja, now->detail_en});
  if (soon) return due(soon->date, {{v->ledger_index}, soon->detail_ja, soon->detail_en});
  const std::vector<std::uint64_t> indices(sessions.begin(), sessions.end());
  return met({first_indices(indices),
              fmt::format("{} の作業者 {} 名全員の教育が有効です（台帳 {}）",
                          party_name(context.state, context.contract, party->organisation), workers.size(),
                          indices_text(first_indices(indices))),
              fmt::format("the training of all {} workers of {} is valid", workers.size(), party->organisation)});
}

// 長野市 第4 (従業員に対し教育を行わなければならない), 木更津市 第11条(2): the party gives training
// and records attendance. Due until a session with one of its workers is on record (by the day
// the party's work starts), violated after; with `interval` annual, the same again a year after
// the latest session; met, citing the latest session, otherwise.
Finding training_delivered(const Context& context, const domain::Party* party) {
  const domain::TrainingSession* latest = nullptr;
  std::size_t attended = 0;
  for (const auto& [id, session] : context.contract.training_sessions) {
    const bool ours = std::ranges::any_of(session.attendees, [&](const domain::TrainingAttendance& a) {
      const auto* person = context.state.person(a.person);
      return person && person->organisation == party->organisation;
    });
    if (!ours || session.date > context.today) continue;
    if (!latest || session.date > latest->date) latest = &session;
    ++attended;
  }
  const auto who = party_name(context.state, context.contract, party->organisation);
  if (!latest) {
    const auto deadline = start_deadline(context, *party);
    return by_deadline(
        context, deadline,
        {{party->added_index},
         fmt::format("{} の従事者への情報セキュリティ教育の実施記録がありません（作業開始 {} までに必要）", who,
                     deadline),
         fmt::format("no information-security training of {} is on record (needed before its work "
                     "starts on {})",
                     party->organisation, deadline)});
  }
  if (provisions::parameter_value(context.control, context.params, "interval") == "annual") {
    const auto next = plus_days(format_date(provisions::plus_duration(*parse_date(latest->date), {1, 0, 0, 0})), -1);
    if (next < context.today)
      return violated(after(next),
                      {{latest->ledger_index},
                       fmt::format("{} の直近の教育は {} で、1年以内の実施がありません", who, latest->date),
                       fmt::format("the latest training of {} was on {}: none in the past year", party->organisation,
                                   latest->date)});
  }
  return met(
      {{latest->ledger_index},
       fmt::format("{} の教育を {} 回実施（直近 {}、台帳 #{}）", who, attended, latest->date, latest->ledger_index),
       fmt::format("{} training sessions of {} recorded, the latest on {}", attended, party->organisation,
                   latest->date)});
}

// 長野市 第4: the content and status of the training are shown to the city when it asks. Met,
// citing the latest training report issued of the party; whether the city has asked is not
// recorded, so without a report a person checks (manual_check).
Finding training_reported(const Context& context, const domain::Party* party) {
  const domain::TrainingReportRecord* latest = nullptr;
  for (const auto& [index, report] : context.contract.training_reports)
    if (report.organisation == party->organisation) latest = &report;
  const auto who = party_name(context.state, context.contract, party->organisation);
  if (latest)
    return met({{latest->ledger_index},
                fmt::format("{} の教育の実施状況報告書を {} に発行（台帳 #{}）", who, date_of(latest->at),
                            latest->ledger_index),
                fmt::format("a training report of {} was issued on {}", party->organisation, date_of(latest->at))});
  Finding f;
  f.status = Status::ManualCheck;
  f.evidence.ja = fmt::format(
      "{} の教育の実施状況報告書はまだ発行されていません。市が提示を求めたかどうかは記録されないため、"
      "人が確認してください",
      who);
  f.evidence.en = fmt::format(
      "no training report of {} has been issued; whether the city has asked for one is not recorded, so a person "
      "checks",
      party->organisation);
  return f;
}

// 木更津市 第7条 (本取扱特記事項を周知しなければならない), 長野市 第10: every worker has acknowledged
// the contract's provisions as they are now. Violated when a current worker has not (since they
// started); due for an upcoming one (by the day they start); met citing the acknowledgements.
Finding provisions_acknowledged(const Context& context, const domain::Party* party) {
  const auto* v = latest_roster(context, *party);
  if (!v) return missing_roster(context, *party);
  const auto workers = workers_of(context, *v);
  if (workers.empty()) return no_workers(context, *party, *v);
  std::optional<Lacking> now, soon;
  std::vector<std::uint64_t> indices;
  for (const auto& worker : workers) {
    if (const auto* a = domain::current_acknowledgement(context.contract, worker.row->person)) {
      indices.push_back(a->ledger_index);
      continue;
    }
    const auto name = name_of(context.state, worker.row->person);
    const bool earlier = domain::latest_acknowledgement(context.contract, worker.row->person) != nullptr;
    Lacking lacking{&worker, worker.row->from,
                    earlier ? fmt::format("{} が確認したのは特記事項の以前の版です（現在 {}）", name,
                                          context.contract.provisions.version)
                            : fmt::format("{} が特記事項を確認した記録がありません", name),
                    earlier ? fmt::format("{} acknowledged an earlier version of the provisions", worker.row->person)
                            : fmt::format("{} has not acknowledged the provisions", worker.row->person)};
    keep_earliest(worker.upcoming ? soon : now, std::move(lacking));
  }
  if (now) return violated(start_of(now->date), {{v->ledger_index}, now->detail_ja, now->detail_en});
  if (soon) return due(soon->date, {{v->ledger_index}, soon->detail_ja, soon->detail_en});
  std::sort(indices.begin(), indices.end());
  return met({first_indices(indices),
              fmt::format("{} の作業者 {} 名全員が特記事項 {} 版を確認済み（台帳 {}）",
                          party_name(context.state, context.contract, party->organisation), workers.size(),
                          context.contract.provisions.version, indices_text(first_indices(indices))),
              fmt::format("all {} workers of {} acknowledged provisions version {}", workers.size(),
                          party->organisation, context.contract.provisions.version)});
}

// 木更津市 第2条-2 (必要に応じて…秘密保持契約書を締結): a worker named for a sensitive class (個人情報,
// 機密) has signed an NDA. Not applicable when nobody is; violated when a current one has not
// (since they started); due for an upcoming one; met citing the NDAs.
Finding nda_signed(const Context& context, const domain::Party* party) {
  const auto* v = latest_roster(context, *party);
  if (!v) return missing_roster(context, *party);
  std::optional<Lacking> now, soon;
  std::vector<std::uint64_t> indices;
  std::size_t needing = 0;
  const auto workers = workers_of(context, *v);
  for (const auto& worker : workers) {
    if (!worker.sensitive) continue;
    ++needing;
    if (const auto* nda = domain::latest_pledge(context.contract, worker.row->person, "nda")) {
      indices.push_back(nda->ledger_index);
      continue;
    }
    const auto name = name_of(context.state, worker.row->person);
    keep_earliest(worker.upcoming ? soon : now,
                  {&worker, worker.row->from, fmt::format("個人情報等を扱う {} の秘密保持契約の記録がありません", name),
                   fmt::format("{} handles sensitive information and has no NDA on record", worker.row->person)});
  }
  const auto who = party_name(context.state, context.contract, party->organisation);
  if (needing == 0)
    return not_applicable({{v->ledger_index},
                           fmt::format("{} の名簿 第{}版に個人情報等を扱う作業者がいません", who, v->version),
                           fmt::format("roster version {} of {} names no worker for a sensitive class", v->version,
                                       party->organisation)});
  if (now) return violated(start_of(now->date), {{v->ledger_index}, now->detail_ja, now->detail_en});
  if (soon) return due(soon->date, {{v->ledger_index}, soon->detail_ja, soon->detail_en});
  std::sort(indices.begin(), indices.end());
  return met(
      {first_indices(indices),
       fmt::format("個人情報等を扱う {} の作業者 {} 名全員と秘密保持契約を締結（台帳 {}）", who, needing,
                   indices_text(first_indices(indices))),
       fmt::format("all {} workers of {} handling sensitive classes signed an NDA", needing, party->organisation)});
}

// 長野市 第5-2, 第9-3, 第10-2, 第15-2 (転勤等…退職等…についても適用): what binds a worker keeps binding
// them after they leave, so each leaver of the party's rosters has a signed pledge or NDA, or an
// acknowledgement of the provisions, on record. Not applicable when no one has left; violated
// when a leaver has none (since they left); met citing what binds each.
Finding former_workers_bound(const Context& context, const domain::Party* party) {
  const auto leavers = leavers_of(context, *party);
  const auto who = party_name(context.state, context.contract, party->organisation);
  if (leavers.empty())
    return not_applicable({{},
                           fmt::format("{} の名簿に転勤・退職した者はいません", who),
                           fmt::format("no one on the rosters of {} has left", party->organisation)});
  std::vector<std::uint64_t> indices;
  for (const auto* person : leavers) {
    const auto& id = person->id;
    const domain::Pledge* pledge = domain::latest_pledge(context.contract, id, "pledge");
    if (!pledge) pledge = domain::latest_pledge(context.contract, id, "nda");
    const auto* acknowledgement = domain::latest_acknowledgement(context.contract, id);
    if (pledge) {
      indices.push_back(pledge->ledger_index);
    } else if (acknowledgement) {
      indices.push_back(acknowledgement->ledger_index);
    } else {
      return violated(person->departure->effective,
                      {{person->departure->ledger_index},
                       fmt::format("転勤・退職した {} が守秘義務を負うことを示す誓約書・秘密保持契約・特記事項の確認の"
                                   "記録がありません",
                                   person->name),
                       fmt::format("{} left, and no pledge, NDA or acknowledgement of the provisions records the "
                                   "obligations that still bind them",
                                   id)});
    }
  }
  std::sort(indices.begin(), indices.end());
  return met(
      {first_indices(indices),
       fmt::format("転勤・退職した {} 名全員に誓約書・秘密保持契約又は特記事項の確認の記録があります（台帳 {}）",
                   leavers.size(), indices_text(first_indices(indices))),
       fmt::format("each of the {} people who left has a pledge, NDA or acknowledgement on record", leavers.size())});
}

}  // namespace itaku::compliance
