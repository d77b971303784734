#pragma once
// Per-clause compliance (docs/COMPLIANCE.md): every control of a contract's own provision set
// evaluated from the recorded facts (the domain state and the access tally) at a time `now`,
// for the contract as a whole or for each party (乙 and every 丙) where the control concerns
// a party. A control is never met by default: each has an evaluator, and a control whose facts
// no capability records yet is `not_tracked`. Pure: no I/O, no logging.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "itaku/compliance/access_tally.hpp"
#include "itaku/core/clock.hpp"
#include "itaku/core/result.hpp"
#include "itaku/domain/model.hpp"
#include "itaku/domain/state.hpp"

namespace itaku::compliance {

// Worst first: the order a clause's status is chosen in (worst()).
enum class Status { Violated, Due, NotTracked, ManualCheck, Met, NotApplicable };
// "violated", "due", "not_tracked", "manual_check", "met", "not_applicable"
std::string_view to_string(Status status);
std::string_view label_ja(Status status);  // 違反, 期限あり, 未記録, 要確認, 遵守, 対象外
// Every status, worst first.
inline constexpr Status kStatuses[] = {Status::Violated,    Status::Due, Status::NotTracked,
                                       Status::ManualCheck, Status::Met, Status::NotApplicable};
// The status to_string names; nullopt for any other text.
std::optional<Status> parse_status(std::string_view text);
// The worse of two statuses.
Status worst(Status a, Status b);

// What a status rests on: the ledger entries of the facts, and one sentence in each language.
struct Evidence {
  std::vector<std::uint64_t> indices;
  std::string ja, en;
};

// The status of one control for one subject: the contract as a whole (party empty) or a party.
struct Finding {
  std::string party;       // organisation id; empty for the contract as a whole
  std::string party_name;  // 乙 株式会社… as the contract names it, when `party` is set
  Status status = Status::NotTracked;
  std::string due;                 // Due: the date (YYYY-MM-DD, Japan) by which it must happen
  std::optional<Timestamp> since;  // Violated: since when
  Evidence evidence;
};

// Whether a control is evaluated once for the contract or once for each of 乙 and 丙.
enum class Subject { Contract, Party };
std::string_view to_string(Subject subject);

struct ControlResult {
  std::string id;
  std::map<std::string, std::string> params;
  std::string cites;
  Subject subject = Subject::Contract;
  Status status = Status::NotTracked;  // the worst of its findings
  std::vector<Finding> findings;
};

struct ClauseResult {
  std::string number, title;
  Status status = Status::NotTracked;  // the worst of its controls'
  std::vector<ControlResult> controls;
};

struct Report {
  std::string contract;
  Timestamp at{};                 // the time evaluated
  std::uint64_t ledger_size = 0;  // the ledger entries the facts come from: [0, ledger_size)
  domain::ProvisionRef provisions;
  std::vector<ClauseResult> clauses;
  // How many controls (of every clause, once each) have each status.
  std::map<Status, std::size_t> counts() const;
};

// What evaluations of one contract share while the state does not change: the register's assets
// grouped by the organisation of their holder, a pass over every asset that is most of an
// evaluation's time on a large register (bench/RESULTS.md, "Per-clause compliance"). An entry is
// used only for the very State object it was worked out from (domain::StateInstance) and only
// until an event changes that state (State::changed_index): decisions and observed accesses,
// which change nothing, keep it. Evaluations that run at once (under a shared lock) may share a
// Memo; its owner keeps it beside the state it evaluates (service::Service).
class Memo {
 public:
  Memo();
  ~Memo();
  Memo(const Memo&) = delete;
  Memo& operator=(const Memo&) = delete;

  struct Entry;  // compliance/evaluators.hpp

  // The entry of `contract` worked out from `state` as it is now, or nullptr.
  std::shared_ptr<const Entry> find(const domain::State& state, const std::string& contract) const;
  void keep(const std::string& contract, std::shared_ptr<const Entry> entry);

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const Entry>, std::less<>> entries_;
};

// Evaluates every control of `contract`'s pinned provision set at `now`. `tally` holds the
// contract's decisions and observed accesses up to the same point; `memo`, when given, keeps
// what the next evaluation of the same state can reuse. contract.unknown when there is no such
// contract; provisions.unknown when its set is not in the state.
Result<Report> evaluate(const domain::State& state, const std::string& contract, const AccessTally& tally,
                        Timestamp now, Memo* memo = nullptr);

// The report narrowed to the findings of `parties`: contract-wide controls are left out, and the
// statuses of controls and clauses are those of what remains (a subcontractor's view,
// domain::compliance_scope).
Report restricted(Report report, const std::set<std::string>& parties);

// Whether the control has an evaluator, and every control that has one.
bool has_evaluator(std::string_view control);
std::vector<std::string_view> evaluated_controls();

// "YYYY-MM-DD" (the start of that day in Japan) or a UTC time as format_utc writes it:
// compliance.bad_at otherwise.
Result<Timestamp> parse_as_of(std::string_view text);

// The report as the API and `itaku compliance show --json` give it.
nlohmann::json to_json(const Report& report);

}  // namespace itaku::compliance
