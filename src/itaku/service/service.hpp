#pragma once
// Use cases: a command is checked against the current state (domain::decide), becomes
// events, the events are appended to the ledger and projected into SQL in one transaction,
// and only then applied to the in-memory state. Commands are serialised; reads see the
// state between commands.

#include <atomic>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <span>
#include <unordered_map>

#include "itaku/compliance/compliance.hpp"
#include "itaku/core/clock.hpp"
#include "itaku/domain/commands.hpp"
#include "itaku/domain/principal.hpp"
#include "itaku/domain/state.hpp"
#include "itaku/ledger/ledger.hpp"
#include "itaku/policy/monitoring.hpp"
#include "itaku/policy/policy.hpp"
#include "itaku/service/monitoring_index.hpp"
#include "itaku/service/projection.hpp"
#include "itaku/storage/database.hpp"

namespace itaku::service {

// Calls `on_event` for every domain event stored in the ledger, in order, with its index.
// Entries that are not domain events (the ledger's genesis) are skipped.
Result<void> for_each_event(storage::Database& database,
                            const std::function<Result<void>(const domain::Event&, std::uint64_t)>& on_event);

// A decision as answered: what was decided and the ledger index that records it.
struct DecisionRecord {
  policy::Request request;
  policy::Decision decision;
  std::uint64_t index = 0;
};
// The decision.recorded event of a decision made at `at` (the content of its ledger entry),
// and the same entry written straight into canonical bytes, which the decide path uses: the
// bytes are equal to to_canonical(decision_event(…)) (tested), without building the event.
domain::Event decision_event(const DecisionRecord& record, const domain::Actor& actor, Timestamp at);
Result<CanonicalJson> decision_entry(const DecisionRecord& record, const domain::Actor& actor, Timestamp at);

// An access observed by a contractor's system, checked against the rules after the fact:
// what the rules say of it, and the allow decision it matches (0 when none).
struct AccessRecord {
  policy::Request access;
  policy::Decision evaluation;
  std::uint64_t matched_decision = 0;
  std::uint64_t index = 0;
};

// One row of the decision log or the access log, as monitoring shows it.
struct LogRow {
  std::uint64_t index = 0;
  std::string contract, person, action, asset, asset_class, effect, reason_code, clause, device, location, purpose,
      time, actor;
  std::uint64_t matched_decision = 0;  // access log only
};
struct LogFilter {
  std::string contract;
  std::string person;  // empty: everyone
  std::string effect;  // "allow", "deny" or empty
  std::size_t limit = 100;
  std::uint64_t before = 0;  // only rows with a smaller index (0: no bound), for paging
  // Only rows about people of these organisations, unless `every_party` (the city's view).
  bool every_party = true;
  std::vector<std::string> organisations;
};
// 長野市 第3 (アクセス方法の監視及び管理): what the city looks at for one contract.
struct MonitoringReport {
  std::vector<LogRow> denials;                          // newest first
  std::vector<LogRow> unmatched_accesses;               // observed with no matching allow, newest first
  std::vector<policy::Anomaly> anomalies;               // newest first, at most kMonitoringAnomalies
  std::map<std::string, std::uint64_t> anomaly_counts;  // code → how many in all
  std::uint64_t decisions = 0, allows = 0, denies = 0, accesses = 0;
};
// The most anomalies a report lists (the newest); anomaly_counts counts them all.
inline constexpr std::size_t kMonitoringAnomalies = 200;

// Reads one decision request or observed access, as the API and the command line take it:
// {"contract","person","action","asset"|"class","context":{"device","location","purpose","time"}}.
// `contract` defaults to `default_contract` (an API token's), `time` to `now` unless required.
Result<policy::Request> decision_request_from_json(const nlohmann::json& body, const std::string& default_contract,
                                                   Timestamp now, bool time_required);

class Service {
 public:
  // Rebuilds the state from the ledger's events. `database` and `ledger` must outlive it.
  static Result<std::unique_ptr<Service>> open(storage::Database& database, ledger::Ledger& ledger, const Clock& clock);

  // Returns the ledger index of the first event recorded. `also`, when given, writes rows
  // outside the domain's projection (a credential, a session, a token's hash) in the same
  // transaction as the command's events: both are durable or neither is, and if `also` fails
  // the command records nothing and its error is returned.
  // Whether `principal` may execute `command` now (domain::may_execute, the rule execute
  // applies): for a transport to answer 403 or 404 before reading a request's body, and for a
  // page to offer only what would be allowed. It never replaces execute's own check.
  Result<void> authorize(const domain::Command& command, const domain::Principal& principal) const;
  // The command is executed as `principal`: whether they may is decided here
  // (domain::may_execute) for every transport, and the ledger names principal.actor().
  Result<std::uint64_t> execute(const domain::Command& command, const domain::Principal& principal,
                                const SideWrite& also = nullptr);

  // Decides each request against the current snapshot of its contract (a request without a
  // time is decided as of now) and records every
  // decision in the ledger (one group-committed append), returning once they are durable.
  // Takes no command lock: decisions run beside commands and each other. A denial on a
  // sensitive class is then notified to the city (at most one notice per person, class and
  // action an hour).
  Result<std::vector<DecisionRecord>> decide(std::span<const policy::Request> requests, const domain::Actor& actor);
  // The same without holding the calling thread while the ledger syncs: `done` runs on the
  // ledger's writer thread once the decisions are durable (it must return quickly). Returns
  // false, recording nothing, when a denial is due to be notified to the city: a notice is a
  // command that waits for the ledger, so the caller uses decide() for those requests.
  using DecidedCallback = std::function<void(Result<std::vector<DecisionRecord>>&&)>;
  bool decide_async(std::vector<policy::Request> requests, const domain::Actor& actor, DecidedCallback done);
  // Checks accesses reported by a contractor's own systems against the rules and the
  // decisions recorded, and records each in the ledger.
  Result<std::vector<AccessRecord>> record_accesses(std::span<const policy::Request> accesses,
                                                    const domain::Actor& actor);
  Result<std::vector<LogRow>> decision_log(const LogFilter& filter) const;
  Result<std::vector<LogRow>> access_log(const LogFilter& filter) const;
  // `scope` limits what is reported to people of its organisations (every_party: all). The
  // totals and anomalies come from an index kept in memory (MonitoringIndex), brought up to
  // date first; the lists of denials and unmatched accesses from indexed queries.
  Result<MonitoringReport> monitoring(const std::string& contract, const LogFilter& scope,
                                      const policy::MonitoringSettings& settings = {}) const;
  // Reads the decisions and accesses recorded since the last look into the monitoring index
  // (all of them the first time): the server calls it as it starts and then every moment, so
  // that a report only ever reads the last moment's rows.
  Result<void> refresh_monitoring() const { return monitoring_index_.refresh(database_); }
  // The compliance of `contract` (docs/COMPLIANCE.md) as `principal` may read it
  // (domain::compliance_scope; a contract they may not see is contract.unknown, whatever `at`
  // says). Without `at` (nullopt): the live state and the monitoring index's access tally, at the clock's
  // now. With `at` (compliance::parse_as_of: compliance.bad_at): the ledger replayed into a fresh
  // state up to the last entry recorded before it, evaluated with now = at
  // (compliance.at_future when it is after now, compliance.at_before_contract when the contract
  // was not recorded yet). The replay reads the database, not the live state, and holds no lock
  // of the service meanwhile.
  Result<compliance::Report> compliance(const std::string& contract, const domain::Principal& principal,
                                        std::optional<std::string_view> at = std::nullopt) const;

  // The snapshots decisions are made against (replaced after every command that changes one).
  std::shared_ptr<const policy::Snapshots> snapshots() const { return snapshots_.load(); }
  ledger::Ledger& ledger() const { return ledger_; }
  // For rows that are not state (an issued document's bytes); commands still go through execute.
  storage::Database& database() const { return database_; }
  const Clock& clock() const { return clock_; }

  // Applies the events other processes appended since this service last looked: a command
  // run from the CLI while the server runs, another instance sharing PostgreSQL. Returns how
  // many were applied. `execute` catches up first; a server also calls it every moment so that,
  // for example, a user disabled from the CLI is refused at once.
  Result<std::size_t> catch_up();

  // Runs `read` with the current state; no command runs meanwhile.
  template <typename F>
  auto read(F&& read) const {
    std::shared_lock lock(mutex_);
    return read(static_cast<const domain::State&>(state_));
  }

 private:
  Service(storage::Database& database, ledger::Ledger& ledger, const Clock& clock)
      : database_(database), ledger_(ledger), clock_(clock) {}

  storage::Database& database_;
  ledger::Ledger& ledger_;
  const Clock& clock_;
  // Applies the entries from applied_through_ up to `until`, read in `within` when given (the
  // ledger's write transaction, where every entry below `until` is committed) or in a read
  // transaction of its own.
  Result<std::size_t> catch_up_locked(storage::Transaction* within = nullptr,
                                      std::uint64_t until = std::numeric_limits<std::uint64_t>::max());
  // Appends the events `decide` makes on the latest state, inside the ledger's write transaction
  // (it is given the index its first event will have), applies them and refreshes the
  // snapshots; returns the first event's index. With mutex_ held, after catch_up_locked().
  using DecideEvents = std::function<Result<std::vector<domain::Event>>(std::uint64_t first_index)>;
  Result<std::uint64_t> commit_locked(const DecideEvents& decide, const SideWrite& also);
  // Records `record`, a decision an approval of the city allowed, deciding it again under the
  // command lock on the latest state and recording the approval's use with it (approval.used):
  // a copy approval for three copies allows three decisions, on every instance together.
  Result<void> decide_under_approval(DecisionRecord& record, const domain::Actor& actor, Timestamp now);
  // Rebuilds the snapshots of the contracts `events` touch.
  void refresh_snapshots(std::span<const domain::Event> events);
  Result<void> notify_denials(const policy::Snapshots& snapshots, const std::vector<DecisionRecord>& records,
                              const domain::Actor& actor);

  mutable std::shared_mutex mutex_;
  domain::State state_;
  // Every ledger index below applied_through_ is in state_ (or changes no state); indices this
  // service applied itself beyond it wait in applied_ahead_ until the gap is filled.
  std::uint64_t applied_through_ = 0;
  std::set<std::uint64_t> applied_ahead_;
  std::atomic<std::shared_ptr<const policy::Snapshots>> snapshots_{std::make_shared<const policy::Snapshots>()};
  // The decisions, made against the current snapshots; a request without a time is made at `now`.
  std::vector<DecisionRecord> evaluate(std::span<const policy::Request> requests, Timestamp now) const;
  // The key a denial notice is throttled by, or "" when the decision needs no notice. It is
  // made of what the contract knows (its id, the resolved class, the action, and the person
  // only when the contract knows them), never of a string the caller chose: made-up names
  // would otherwise each earn the city a mail.
  static std::string notice_key(const policy::Snapshots& snapshots, const DecisionRecord& record);
  // Whether a notice for `key` is due (none in the last hour); `claim` records that one is sent now.
  bool notice_due(const std::string& key, bool claim);

  mutable MonitoringIndex monitoring_index_;
  // What compliance evaluations of state_ share until an event changes it (the register read once).
  mutable compliance::Memo compliance_memo_;

  std::mutex notices_mutex_;
  std::unordered_map<std::string, Timestamp> last_notice_;  // contract|class|action|person → when
};

struct ReplayDifference {
  std::string table;
  std::string row;    // the row as "col=value|…"
  std::string where;  // "only in live", "only in rebuilt"
};

struct ReplayReport {
  std::uint64_t events = 0;
  std::uint64_t rows_compared = 0;
  std::vector<ReplayDifference> differences;
};

// Rebuilds the projections from the ledger into a scratch SQLite database in `scratch_dir`
// and compares every projection table with the live one.
Result<ReplayReport> replay_check(storage::Database& live, const std::filesystem::path& scratch_dir);
// Empties the projection tables and rebuilds them from the ledger, in one transaction.
Result<std::uint64_t> replay_in_place(storage::Database& database);

}  // namespace itaku::service
