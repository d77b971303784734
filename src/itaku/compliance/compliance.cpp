#include "itaku/compliance/compliance.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "itaku/compliance/evaluators.hpp"
#include "itaku/provisions/provision_set.hpp"
#include "itaku/provisions/vocabulary.hpp"

namespace itaku::compliance {

namespace {

// The one table of evaluators, keyed by control id (the vocabulary's, provisions/vocabulary.cpp).
// A control whose facts no capability records yet is `not_tracked` here, by name, until the
// capability that records them gives it an evaluator of its own (docs/CAPABILITY.md, step 7);
// a test fails when a control of the vocabulary has no row.
struct Row {
  std::string_view id;
  Subject subject;
  Evaluate evaluate;  // nullptr: not_tracked
};

constexpr Row kEvaluators[] = {
    // Roster and notification: 長野市 第1, 木更津市 第4条, 第11条(4).
    {"roster.defined", Subject::Party, roster_defined},
    {"roster.notified", Subject::Party, roster_notified},
    {"roster.information_manager", Subject::Party, roster_information_manager},
    {"roster.asset_users_notified", Subject::Party, roster_asset_users_notified},
    {"sla.presented", Subject::Contract, nullptr},
    {"sla.measured", Subject::Contract, nullptr},
    // Asset classes and access rules, decisions and monitoring: 長野市 第3, 木更津市 第3条.
    {"asset.classes_defined", Subject::Contract, asset_classes_defined},
    {"asset.access_rules", Subject::Contract, asset_access_rules},
    {"access.decided", Subject::Party, access_decided},
    {"access.monitored", Subject::Contract, access_monitored},
    {"training.delivered", Subject::Party, training_delivered},
    {"training.valid", Subject::Party, training_valid},
    {"training.reported", Subject::Party, training_reported},
    // Purpose and third parties: 長野市 第5-1, 木更津市 第3条(1).
    {"purpose.limited", Subject::Party, purpose_limited},
    {"third_party.prohibited", Subject::Party, third_party_prohibited},
    {"approval.required", Subject::Contract, approval_required},
    {"approval.justified", Subject::Contract, approval_justified},
    // Safekeeping, receipts and custody: 長野市 第8, 木更津市 第11条(3).
    {"safekeeping.managed", Subject::Party, safekeeping_managed},
    {"receipt.issued", Subject::Party, receipt_issued},
    {"custody.recorded", Subject::Party, custody_recorded},
    {"asset.inventory", Subject::Party, asset_inventory},
    {"return.timely", Subject::Contract, return_timely},
    {"disposal.on_instruction", Subject::Contract, disposal_on_instruction},
    {"disposal.certified", Subject::Contract, disposal_certified},
    {"created_assets.reported", Subject::Party, created_assets_reported},
    // Kept by people, not by records (長野市 第10-1, 木更津市 第2条): a person checks it.
    {"confidentiality.kept", Subject::Contract, manual},
    {"nda.signed", Subject::Party, nda_signed},
    {"provisions.acknowledged", Subject::Party, provisions_acknowledged},
    // Former workers: 長野市 第5-2, 第9-3, 第10-2, 第15-2.
    {"former_workers.bound", Subject::Party, former_workers_bound},
    {"former_workers.access_revoked", Subject::Party, former_workers_access_revoked},
    {"subcontract.approved", Subject::Contract, nullptr},
    {"subcontract.equivalence", Subject::Contract, nullptr},
    {"subcontract.flow_down", Subject::Contract, nullptr},
    {"subcontract.chain", Subject::Contract, nullptr},
    {"subcontract.liability", Subject::Contract, nullptr},
    {"report.periodic", Subject::Contract, nullptr},
    {"report.emergency", Subject::Contract, nullptr},
    {"contacts.exchanged", Subject::Contract, nullptr},
    {"audit.inspection", Subject::Contract, nullptr},
    {"audit.investigation", Subject::Contract, nullptr},
    {"audit.recommendation", Subject::Contract, nullptr},
    {"incident.reported", Subject::Contract, nullptr},
    {"incident.instructions_followed", Subject::Contract, nullptr},
    {"incident.publication", Subject::Contract, nullptr},
    {"liability.attributed", Subject::Contract, nullptr},
    {"liability.damages", Subject::Contract, nullptr},
    // ID badges: 木更津市 第11条(1).
    {"badge.worn", Subject::Party, badge_worn},
    {"procedure.submitted", Subject::Contract, nullptr},
    {"device.registered", Subject::Party, device_registered},
    {"media.destroyed", Subject::Party, media_destroyed},
    {"media.destruction_reported", Subject::Party, media_destruction_reported},
    {"change.schedule_submitted", Subject::Contract, nullptr},
    {"change.test_report", Subject::Contract, nullptr},
    {"change.backup_before_migration", Subject::Contract, nullptr},
    {"change.segregation", Subject::Contract, nullptr},
    {"risk.assessed", Subject::Contract, nullptr},
    {"risk.guidance", Subject::Contract, nullptr},
    // An obligation the set records but no control of the vocabulary evaluates.
    {"obligation.recorded", Subject::Contract, manual},
    // A declaratory clause (木更津市 第1条 趣旨).
    {"informative", Subject::Contract, informative},
};

const Row* find_row(std::string_view id) {
  for (const auto& row : kEvaluators)
    if (row.id == id) return &row;
  return nullptr;
}

Status worst_of(const std::vector<Finding>& findings) {
  if (findings.empty()) return Status::NotApplicable;
  Status status = Status::NotApplicable;
  for (const auto& f : findings) status = worst(status, f.status);
  return status;
}

Status worst_of(const std::vector<ControlResult>& controls) {
  if (controls.empty()) return Status::NotApplicable;
  Status status = Status::NotApplicable;
  for (const auto& c : controls) status = worst(status, c.status);
  return status;
}

}  // namespace

std::string_view to_string(Status status) {
  switch (status) {
    case Status::Violated: return "violated";
    case Status::Due: return "due";
    case Status::NotTracked: return "not_tracked";
    case Status::ManualCheck: return "manual_check";
    case Status::Met: return "met";
    case Status::NotApplicable: return "not_applicable";
  }
  return "not_tracked";
}

std::optional<Status> parse_status(std::string_view text) {
  for (const auto status : kStatuses)
    if (to_string(status) == text) return status;
  return std::nullopt;
}

std::string_view label_ja(Status status) {
  switch (status) {
    case Status::Violated: return "違反";
    case Status::Due: return "期限あり";
    case Status::NotTracked: return "未記録";
    case Status::ManualCheck: return "要確認";
    case Status::Met: return "遵守";
    case Status::NotApplicable: return "対象外";
  }
  return "未記録";
}

// A clause is as good as its worst control, in this order:
// - violated first: a fact shows the clause broken, whatever else holds;
// - due: something must still happen by a date; nothing is broken yet, but it is not done;
// - not_tracked before met: a control nothing records yet may be broken unseen, so a clause
//   with one is never shown as met on the strength of its other controls;
// - manual_check before met: an obligation only a person can check is not shown kept by
//   anything the system holds;
// - met: every control that applies is shown kept by recorded facts;
// - not_applicable last: it says nothing either way, so it never hides another status (a
//   clause all of whose controls do not apply is not_applicable).
Status worst(Status a, Status b) { return static_cast<int>(a) < static_cast<int>(b) ? a : b; }

std::string_view to_string(Subject subject) { return subject == Subject::Party ? "party" : "contract"; }

std::map<Status, std::size_t> Report::counts() const {
  std::map<Status, std::size_t> out;
  for (const auto& clause : clauses)
    for (const auto& control : clause.controls) ++out[control.status];
  return out;
}

bool has_evaluator(std::string_view control) { return find_row(control) != nullptr; }

std::vector<std::string_view> evaluated_controls() {
  std::vector<std::string_view> ids;
  for (const auto& row : kEvaluators) ids.push_back(row.id);
  return ids;
}

Finding not_tracked(std::string_view control) {
  const auto* definition = provisions::find_control(control);
  const std::string_view capability = definition ? definition->capability : std::string_view("?");
  Finding f;
  f.status = Status::NotTracked;
  f.evidence.ja =
      fmt::format("この統制の事実を記録する機能（{}）はまだありません", provisions::capability_ja(capability));
  f.evidence.en = fmt::format("no capability records the facts of this control yet ({})", capability);
  return f;
}

Result<Report> evaluate(const domain::State& state, const std::string& contract_id, const AccessTally& tally,
                        Timestamp now, Memo* memo) {
  const auto* contract = state.contract(contract_id);
  if (!contract)
    return make_error(ErrorKind::NotFound, "contract.unknown", "契約が見つかりません", "no such contract")
        .with("id", contract_id);
  const auto* set = state.provision_set(contract->provisions.name, contract->provisions.version);
  if (!set)
    return make_error(ErrorKind::NotFound, "provisions.unknown", "契約の特記事項が見つかりません",
                      "the contract's provision set is not recorded")
        .with("name", contract->provisions.name)
        .with("version", contract->provisions.version);
  Report report;
  report.contract = contract->id;
  report.at = now;
  report.ledger_size = state.next_index;
  report.provisions = contract->provisions;
  const auto today = date_of(now);
  const Lookups lookups(state, *contract, tally, memo);
  for (const auto& clause : set->clauses) {
    ClauseResult out{clause.number, clause.title, Status::NotApplicable, {}};
    for (const auto& control : clause.controls) {
      ControlResult result{control.id, control.params, control.cites, Subject::Contract, Status::NotTracked, {}};
      const auto* row = find_row(control.id);
      const Context context{state, *contract, tally, now, today, control.params, control.id, lookups};
      if (!row || !row->evaluate) {
        result.findings.push_back(not_tracked(control.id));
      } else if (row->subject == Subject::Contract) {
        result.findings.push_back(row->evaluate(context, nullptr));
      } else {
        result.subject = Subject::Party;
        // 乙 first, then each 丙 in the order they joined: each answers for its own people
        // (木更津市 第1条 甲・乙・丙; 長野市 第11-3).
        for (const auto& party : contract->parties) {
          if (party.role == domain::PartyRole::City) continue;
          auto finding = row->evaluate(context, &party);
          finding.party = party.organisation;
          finding.party_name = party_name(state, *contract, party.organisation);
          result.findings.push_back(std::move(finding));
        }
      }
      result.status = worst_of(result.findings);
      out.controls.push_back(std::move(result));
    }
    out.status = worst_of(out.controls);
    report.clauses.push_back(std::move(out));
  }
  return report;
}

Report restricted(Report report, const std::set<std::string>& parties) {
  for (auto& clause : report.clauses) {
    std::erase_if(clause.controls, [](const ControlResult& c) { return c.subject != Subject::Party; });
    for (auto& control : clause.controls) {
      std::erase_if(control.findings, [&](const Finding& f) { return !parties.contains(f.party); });
      control.status = worst_of(control.findings);
    }
    clause.status = worst_of(clause.controls);
  }
  std::erase_if(report.clauses, [](const ClauseResult& c) { return c.controls.empty(); });
  return report;
}

Result<Timestamp> parse_as_of(std::string_view text) {
  if (text.size() == 10) {
    if (auto date = parse_date(text)) return start_of(std::string(text));
  } else if (auto at = parse_utc(text)) {
    return *at;
  }
  return make_error(
             ErrorKind::Invalid, "compliance.bad_at",
             "時点は YYYY-MM-DD（日本時間のその日の始め）か UTC の時刻（2026-10-01T00:00:00Z）で指定してください",
             "at is a date YYYY-MM-DD (the start of that day in Japan) or a UTC time (2026-10-01T00:00:00Z)")
      .with("field", "at")
      .with("value", std::string(text.substr(0, 64)));
}

namespace {

nlohmann::json finding_json(const Finding& f) {
  const auto or_null = [](const std::string& text) {
    return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(text);
  };
  nlohmann::json out = {
      {"party", or_null(f.party)},
      {"party_name", or_null(f.party_name)},
      {"status", to_string(f.status)},
      {"due", or_null(f.due)},
      {"since", f.since ? nlohmann::json(format_utc(*f.since)) : nlohmann::json(nullptr)},
      {"evidence",
       {{"ledger_indices", f.evidence.indices}, {"message", {{"ja", f.evidence.ja}, {"en", f.evidence.en}}}}}};
  return out;
}

}  // namespace

nlohmann::json to_json(const Report& report) {
  nlohmann::json clauses = nlohmann::json::array();
  for (const auto& clause : report.clauses) {
    nlohmann::json controls = nlohmann::json::array();
    for (const auto& control : clause.controls) {
      nlohmann::json findings = nlohmann::json::array();
      for (const auto& f : control.findings) findings.push_back(finding_json(f));
      controls.push_back({{"id", control.id},
                          {"params", control.params},
                          {"cites", control.cites},
                          {"subject", to_string(control.subject)},
                          {"status", to_string(control.status)},
                          {"findings", findings}});
    }
    clauses.push_back({{"number", clause.number},
                       {"title", clause.title},
                       {"status", to_string(clause.status)},
                       {"controls", controls}});
  }
  nlohmann::json counts = nlohmann::json::object();
  const auto all = report.counts();
  for (const auto status : kStatuses) {
    const auto found = all.find(status);
    counts[std::string(to_string(status))] = found == all.end() ? 0 : found->second;
  }
  return {
      {"contract", report.contract},
      {"at", format_utc(report.at)},
      {"ledger_size", report.ledger_size},
      {"provisions",
       {{"name", report.provisions.name}, {"version", report.provisions.version}, {"hash", report.provisions.hash}}},
      {"counts", counts},
      {"clauses", clauses}};
}

}  // namespace itaku::compliance
