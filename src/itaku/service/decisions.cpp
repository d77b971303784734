// Access decisions and observed accesses: decided against the in-memory snapshots, recorded
// in the ledger with group commit, and read back for the decision log and monitoring.

#include <fmt/format.h>

#include "itaku/core/json_member.hpp"
#include "itaku/domain/approval_events.hpp"
#include "itaku/domain/decision_events.hpp"
#include "itaku/service/projection.hpp"
#include "itaku/service/service.hpp"

namespace itaku::service {

namespace {

std::vector<domain::ReasonRecord> reason_records(const std::vector<policy::Reason>& reasons) {
  std::vector<domain::ReasonRecord> records;
  records.reserve(reasons.size());
  for (const auto& r : reasons) records.push_back({std::string(r.code), r.clause, r.detail});
  return records;
}

// The members a decision and an observed access share, as their events record them.
template <class Record>
Record request_record(const policy::Request& r) {
  Record record;
  record.person = r.person;
  record.action = std::string(domain::to_string(r.action));
  record.asset = r.asset;
  record.device = r.device;
  record.location = r.location;
  record.purpose = r.purpose;
  record.time = format_utc(r.at);
  return record;
}

// The same list as reason_records, written in canonical form (keys in byte order).
void write_reasons(CanonicalWriter& out, const std::vector<policy::Reason>& reasons) {
  out.begin_array();
  for (const auto& r : reasons) {
    out.begin_object().member("clause", r.clause).member("code", r.code);
    if (!r.detail.empty()) out.member("detail", r.detail);
    out.end_object();
  }
  out.end_array();
}

// The decisions-table row of a decision, the same as project() writes for its event.
DecisionRow decision_row(const DecisionRecord& record, const domain::Actor& actor) {
  const auto& r = record.request;
  const auto& d = record.decision;
  const bool has_reason = !d.reasons.empty();
  return DecisionRow{r.contract,
                     r.person,
                     std::string(domain::to_string(r.action)),
                     r.asset,
                     d.asset_class,
                     std::string(policy::to_string(d.effect)),
                     has_reason ? std::string(d.reasons.front().code) : std::string(),
                     has_reason ? d.reasons.front().clause : std::string(),
                     r.device,
                     r.location,
                     r.purpose,
                     format_utc(r.at),
                     actor.id};
}

policy::Decision decide_one(const policy::Snapshots& snapshots, const policy::Request& request) {
  const auto snapshot = snapshots.find(request.contract);
  return snapshot ? snapshot->decide(request) : policy::contract_unknown(request.contract);
}

constexpr const char* kLogColumns =
    "ledger_index, contract_id, person_id, action, asset_id, class_id, effect, reason_code, clause, device, "
    "location, purpose, decided_at, actor";
constexpr const char* kAccessColumns =
    "ledger_index, contract_id, person_id, action, asset_id, class_id, rule_effect, reason_code, clause, device, "
    "location, purpose, accessed_at, actor, matched_decision";

LogRow log_row(const storage::Row& row) {
  LogRow r;
  r.index = static_cast<std::uint64_t>(row.int64(0));
  std::string* fields[] = {&r.contract, &r.person, &r.action,   &r.asset,   &r.asset_class, &r.effect, &r.reason_code,
                           &r.clause,   &r.device, &r.location, &r.purpose, &r.time,        &r.actor};
  for (int i = 0; i < 13; ++i) *fields[i] = std::string(row.text(i + 1));
  if (row.column_count() > 14 && !row.is_null(14)) r.matched_decision = static_cast<std::uint64_t>(row.int64(14));
  return r;
}

// " AND person_id IN (people of the filter's organisations)" unless the filter spans every party.
std::string party_clause(const LogFilter& filter, std::vector<storage::Param>& params) {
  if (filter.every_party) return "";
  if (filter.organisations.empty()) return " AND 1 = 0";
  std::string sql = " AND person_id IN (SELECT id FROM people WHERE organisation_id IN (";
  for (std::size_t i = 0; i < filter.organisations.size(); ++i) {
    sql += i ? ", ?" : "?";
    params.emplace_back(storage::Text{filter.organisations[i]});
  }
  return sql + "))";
}

Result<std::vector<LogRow>> read_log(storage::Database& database, const char* table, const char* columns,
                                     const char* effect_column, const LogFilter& filter, const std::string& extra) {
  std::string sql = fmt::format("SELECT {} FROM {} WHERE contract_id = ?", columns, table);
  std::vector<storage::Param> params{storage::Text{filter.contract}};
  if (!filter.person.empty()) {
    sql += " AND person_id = ?";
    params.emplace_back(storage::Text{filter.person});
  }
  if (!filter.effect.empty()) {
    sql += fmt::format(" AND {} = ?", effect_column);
    params.emplace_back(storage::Text{filter.effect});
  }
  sql += party_clause(filter, params);
  if (filter.before) {
    sql += " AND ledger_index < ?";
    params.emplace_back(static_cast<std::int64_t>(filter.before));
  }
  sql += extra;
  sql += " ORDER BY ledger_index DESC LIMIT ?";
  params.emplace_back(static_cast<std::int64_t>(filter.limit));
  auto tx = TRY(database.begin(storage::TransactionMode::Read));
  std::vector<LogRow> rows;
  TRY(tx->query(sql, params, [&](const storage::Row& row) -> Result<void> {
    rows.push_back(log_row(row));
    return ok();
  }));
  return rows;
}

Error invalid_request(std::string code, std::string ja, std::string en) {
  return make_error(ErrorKind::Invalid, std::move(code), std::move(ja), std::move(en));
}

}  // namespace

Result<policy::Request> decision_request_from_json(const nlohmann::json& body, const std::string& default_contract,
                                                   Timestamp now, bool time_required) {
  if (!body.is_object())
    return invalid_request("decide.bad_request", "要求はJSONオブジェクトです", "a request is a JSON object");
  // Every member names something: bounded, so that a request cannot carry a document into
  // the ledger's decision entry or the city's denial notice.
  policy::Request r;
  r.contract = TRY(identifier_member(body, "contract", Presence::Optional));
  if (r.contract.empty()) r.contract = default_contract;
  if (r.contract.empty())
    return invalid_request("decide.contract_missing", "契約を指定してください", "name the contract");
  r.person = TRY(identifier_member(body, "person"));
  const auto action = TRY(identifier_member(body, "action"));
  const auto parsed = domain::action_from(action);
  if (!parsed)
    return invalid_request("decide.action_invalid", "未知の操作です（docs/POLICY.md）",
                           "unknown action (docs/POLICY.md)")
        .with("action", action);
  r.action = *parsed;
  r.asset = TRY(identifier_member(body, "asset", Presence::Optional));
  r.asset_class = TRY(identifier_member(body, "class", Presence::Optional));
  if (r.asset.empty() == r.asset_class.empty())
    return invalid_request("decide.target_invalid", "asset か class のどちらか一方を指定してください",
                           "give exactly one of asset and class");
  // Read in place: the context is never copied.
  static const nlohmann::json kNoContext = nlohmann::json::object();
  const auto found = body.find("context");
  const nlohmann::json& context = found == body.end() ? kNoContext : *found;
  if (!context.is_object())
    return invalid_request("decide.context_invalid", "context はオブジェクトです", "context is an object");
  r.device = TRY(identifier_member(context, "device", Presence::Optional));
  r.location = TRY(identifier_member(context, "location", Presence::Optional));
  r.purpose = TRY(identifier_member(context, "purpose", Presence::Optional));
  const auto time = TRY(identifier_member(context, "time", time_required ? Presence::Required : Presence::Optional));
  r.at = time.empty() ? now : TRY(parse_utc(time));
  return r;
}

domain::Event decision_event(const DecisionRecord& record, const domain::Actor& actor, Timestamp at) {
  const auto& r = record.request;
  const auto& d = record.decision;
  auto data = request_record<domain::DecisionRecorded>(r);
  data.asset_class = d.asset_class;
  data.effect = std::string(policy::to_string(d.effect));
  data.reasons = reason_records(d.reasons);
  data.obligations = reason_records(d.obligations);
  data.basis = static_cast<std::int64_t>(d.basis);
  return domain::make_event(data, actor, at, r.contract);
}

Result<CanonicalJson> decision_entry(const DecisionRecord& record, const domain::Actor& actor, Timestamp at) {
  const auto& r = record.request;
  const auto& d = record.decision;
  // The members of to_canonical(decision_event(…)), in byte order.
  CanonicalWriter out;
  out.begin_object().member("actor", actor.id).member("at", format_utc(at));
  if (!r.contract.empty()) out.member("contract", r.contract);
  out.key("data").begin_object();
  out.member("action", domain::to_string(r.action))
      .member("asset", r.asset)
      .member("basis", static_cast<std::int64_t>(d.basis))
      .member("class", d.asset_class)
      .member("device", r.device)
      .member("effect", policy::to_string(d.effect))
      .member("location", r.location);
  write_reasons(out.key("obligations"), d.obligations);
  out.member("person", r.person).member("purpose", r.purpose);
  write_reasons(out.key("reasons"), d.reasons);
  out.member("time", format_utc(r.at)).end_object();
  out.member("type", "decision.recorded").member("v", 1);
  if (!actor.via.empty()) out.member("via", actor.via);
  out.end_object();
  return std::move(out).finish_object();
}

std::vector<DecisionRecord> Service::evaluate(std::span<const policy::Request> requests, Timestamp now) const {
  const auto snapshots = snapshots_.load();
  std::vector<DecisionRecord> records;
  records.reserve(requests.size());
  for (auto request : requests) {
    if (request.at == Timestamp{}) request.at = now;
    records.push_back(DecisionRecord{request, decide_one(*snapshots, request), 0});
  }
  return records;
}

// The person a denial notice may name: the request's person when the contract knows them, else
// "" (the notice then speaks of a person the contract does not know, without the caller's text).
std::string notice_person(const policy::Snapshots& snapshots, const DecisionRecord& record) {
  const auto snapshot = snapshots.find(record.request.contract);
  return snapshot && snapshot->knows(record.request.person) ? record.request.person : std::string();
}

Result<std::vector<DecisionRecord>> Service::decide(std::span<const policy::Request> requests,
                                                    const domain::Actor& actor) {
  const auto now = clock_.now();
  auto records = evaluate(requests, now);
  if (records.empty()) return records;
  // Those an approval of the city allowed are recorded one by one with its use; the others
  // together, beside commands and each other.
  std::vector<std::size_t> plain;
  for (std::size_t i = 0; i < records.size(); ++i)
    if (records[i].decision.approval.empty())
      plain.push_back(i);
    else
      TRY(decide_under_approval(records[i], actor, now));
  if (!plain.empty()) {
    std::vector<domain::Event> events;
    events.reserve(plain.size());
    for (const auto i : plain) events.push_back(decision_event(records[i], actor, now));
    const auto first = TRY(append_projected(ledger_, events));
    for (std::size_t n = 0; n < plain.size(); ++n) records[plain[n]].index = first + n;
  }
  TRY(notify_denials(*snapshots_.load(), records, actor));
  return records;
}

Result<void> Service::decide_under_approval(DecisionRecord& record, const domain::Actor& actor, Timestamp now) {
  std::unique_lock lock(mutex_);
  TRY(catch_up_locked());
  record.index = TRY(commit_locked(
      [&](std::uint64_t first_index) -> Result<std::vector<domain::Event>> {
        // Decided again on the latest state: since the first look another decision may have
        // used the last copy, or the city revoked the approval.
        record.decision = decide_one(*snapshots_.load(), record.request);
        std::vector<domain::Event> events{decision_event(record, actor, now)};
        if (record.decision.effect == policy::Effect::Allow && !record.decision.approval.empty())
          events.push_back(
              domain::make_event(domain::ApprovalUsed{record.decision.approval, static_cast<std::int64_t>(first_index)},
                                 actor, now, record.request.contract));
        return events;
      },
      nullptr));
  return ok();
}

bool Service::decide_async(std::vector<policy::Request> requests, const domain::Actor& actor, DecidedCallback done) {
  const auto now = clock_.now();
  const auto snapshots = snapshots_.load();
  auto records = evaluate(requests, now);
  for (const auto& record : records) {
    if (const auto key = notice_key(*snapshots, record); !key.empty() && notice_due(key, false)) return false;
    // An approval's use is recorded under the command lock (decide_under_approval).
    if (!record.decision.approval.empty()) return false;
  }
  if (records.empty()) {
    done(std::move(records));
    return true;
  }
  // Everything the writer thread needs is prepared here: the entries' bytes and the rows.
  std::vector<CanonicalJson> entries;
  std::vector<DecisionRow> rows;
  entries.reserve(records.size());
  rows.reserve(records.size());
  for (const auto& record : records) {
    auto entry = decision_entry(record, actor, now);
    if (!entry) {
      done(entry.error());
      return true;
    }
    entries.push_back(entry.release_value());
    rows.push_back(decision_row(record, actor));
  }
  append_decisions_async(ledger_, std::move(entries), std::move(rows),
                         [records = std::move(records), done = std::move(done)](Result<std::uint64_t> first) mutable {
                           if (!first) return done(first.error());
                           for (std::size_t i = 0; i < records.size(); ++i) records[i].index = *first + i;
                           done(std::move(records));
                         });
  return true;
}

bool Service::notice_due(const std::string& key, bool claim) {
  const auto now = clock_.now();
  std::lock_guard lock(notices_mutex_);
  const auto last = last_notice_.find(key);
  if (last != last_notice_.end() && now - last->second < std::chrono::hours(1)) return false;
  if (claim) last_notice_[key] = now;
  return true;
}

std::string Service::notice_key(const policy::Snapshots& snapshots, const DecisionRecord& record) {
  const auto& d = record.decision;
  // A sensitive class is one of the contract's own (the snapshot resolved it), so the class id
  // is the contract's; people it does not know share one key per class and action.
  if (d.effect != policy::Effect::Deny || !d.sensitive || d.reasons.empty()) return "";
  return record.request.contract + "|" + d.asset_class + "|" + std::string(domain::to_string(record.request.action)) +
         "|" + notice_person(snapshots, record);
}

Result<void> Service::notify_denials(const policy::Snapshots& snapshots, const std::vector<DecisionRecord>& records,
                                     const domain::Actor& actor) {
  for (const auto& record : records) {
    // One notice an hour for the same person, class and action is enough for the city to act;
    // every denial stays in the decision log.
    if (const auto key = notice_key(snapshots, record); key.empty() || !notice_due(key, true)) continue;
    const auto& d = record.decision;
    // The notice carries only what the contract defines (the person if known, the class, the
    // action, the clause and the reason's code), never text from the request: the city's mail
    // must not become a way to send it words of the caller's choosing.
    TRY(execute(domain::NotifyDenial{record.request.contract, notice_person(snapshots, record),
                                     std::string(domain::to_string(record.request.action)), d.asset_class,
                                     std::string(d.reasons.front().code), d.reasons.front().clause, record.index},
                domain::Principal::system(actor)));
  }
  return ok();
}

Result<std::vector<AccessRecord>> Service::record_accesses(std::span<const policy::Request> accesses,
                                                           const domain::Actor& actor) {
  const auto snapshots = snapshots_.load();
  const auto now = clock_.now();
  std::vector<AccessRecord> records;
  std::vector<domain::Event> events;
  for (const auto& access : accesses) {
    auto& record = records.emplace_back(AccessRecord{access, decide_one(*snapshots, access), 0, 0});
    // The allow it matches: the latest allow for the same person, action and asset or class
    // decided within the quarter hour before the access (or a minute after, for clock skew).
    {
      auto tx = TRY(database_.begin(storage::TransactionMode::Read));
      const auto from = format_utc(access.at - std::chrono::minutes(15));
      const auto until = format_utc(access.at + std::chrono::minutes(1));
      // Text holds a view: every string it refers to must outlive the query.
      const std::string action(domain::to_string(access.action));
      const storage::Param p[] = {storage::Text{access.contract},
                                  storage::Text{access.person},
                                  storage::Text{action},
                                  storage::Text{access.asset},
                                  storage::Text{record.evaluation.asset_class},
                                  storage::Text{from},
                                  storage::Text{until}};
      TRY(
          tx->query("SELECT MAX(ledger_index) FROM decisions WHERE contract_id = ? AND person_id = ? AND action = ? "
                    "AND asset_id = ? AND class_id = ? AND effect = 'allow' AND decided_at >= ? AND decided_at <= ?",
                    p, [&](const storage::Row& row) -> Result<void> {
                      if (!row.is_null(0)) record.matched_decision = static_cast<std::uint64_t>(row.int64(0));
                      return ok();
                    }));
    }
    auto data = request_record<domain::AccessRecorded>(access);
    data.asset_class = record.evaluation.asset_class;
    data.rule_effect = std::string(policy::to_string(record.evaluation.effect));
    data.reasons = reason_records(record.evaluation.reasons);
    data.matched_decision = static_cast<std::int64_t>(record.matched_decision);
    events.push_back(domain::make_event(data, actor, now, access.contract));
  }
  if (events.empty()) return records;
  const auto first = TRY(append_projected(ledger_, events));
  for (std::size_t i = 0; i < records.size(); ++i) records[i].index = first + i;
  return records;
}

Result<std::vector<LogRow>> Service::decision_log(const LogFilter& filter) const {
  return read_log(database_, "decisions", kLogColumns, "effect", filter, "");
}

Result<std::vector<LogRow>> Service::access_log(const LogFilter& filter) const {
  return read_log(database_, "access_events", kAccessColumns, "rule_effect", filter, "");
}

Result<MonitoringReport> Service::monitoring(const std::string& contract, const LogFilter& scope,
                                             const policy::MonitoringSettings& settings) const {
  MonitoringReport report;
  LogFilter filter = scope;
  filter.contract = contract;
  filter.person.clear();
  filter.effect = "deny";
  filter.limit = 100;
  filter.before = 0;
  report.denials = TRY(decision_log(filter));
  filter.effect.clear();
  report.unmatched_accesses =
      TRY(read_log(database_, "access_events", kAccessColumns, "rule_effect", filter, " AND matched_decision IS NULL"));
  // Totals and anomalies over every record, from the index rather than from SQL: reading a
  // million rows for each report took seconds and held a server thread meanwhile.
  TRY(monitoring_index_.refresh(database_));
  ActivityScope activity_scope{scope.every_party, {scope.organisations.begin(), scope.organisations.end()}};
  auto activity = read([&](const domain::State& s) {
    return monitoring_index_.report(s, contract, activity_scope, settings, kMonitoringAnomalies);
  });
  report.decisions = activity.decisions;
  report.allows = activity.allows;
  report.denies = activity.denies;
  report.accesses = activity.accesses;
  report.anomalies = std::move(activity.anomalies);
  report.anomaly_counts = std::move(activity.anomaly_counts);
  return report;
}

}  // namespace itaku::service
