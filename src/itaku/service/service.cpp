#include "itaku/service/service.hpp"

#include "itaku/domain/authorization.hpp"

#include <algorithm>
#include <mutex>
#include <optional>
#include <set>

#include "itaku/core/bytes.hpp"
#include "itaku/core/json_input.hpp"
#include "itaku/ledger/entries.hpp"
#include "itaku/service/projection.hpp"

namespace itaku::service {

Result<void> for_each_event(storage::Database& database,
                            const std::function<Result<void>(const domain::Event&, std::uint64_t)>& on_event) {
  auto tx = TRY(database.begin(storage::TransactionMode::Read));
  return ledger::for_each_stored_entry(*tx, [&](const ledger::StoredEntry& stored) -> Result<void> {
    nlohmann::json entry;
    try {
      entry = nlohmann::json::parse(stored.entry);
    } catch (const nlohmann::json::exception&) {
      return make_error(ErrorKind::Tampered, "ledger.entry_malformed", "台帳の項目が読めません",
                        "a ledger entry cannot be read")
          .with("index", std::to_string(stored.seq));
    }
    auto event = domain::event_from_json(entry.value("event", nlohmann::json::object()));
    if (!event) {
      if (event.error().code == "event.not_domain") return ok();
      return event.release_error();
    }
    return on_event(*event, stored.seq);
  });
}

Result<std::unique_ptr<Service>> Service::open(storage::Database& database, ledger::Ledger& ledger,
                                               const Clock& clock) {
  std::unique_ptr<Service> service(new Service(database, ledger, clock));
  TRY(for_each_event(database, [&](const domain::Event& event, std::uint64_t index) -> Result<void> {
    return domain::apply(service->state_, event, index);
  }));
  service->applied_through_ = ledger.size();
  service->snapshots_.store(policy::Snapshots().rebuilt(service->state_, {}));
  return service;
}

Result<std::size_t> Service::catch_up() {
  std::unique_lock lock(mutex_);
  return catch_up_locked();
}

Result<std::size_t> Service::catch_up_locked(storage::Transaction* within, std::uint64_t until) {
  std::vector<std::pair<domain::Event, std::uint64_t>> events;
  std::uint64_t next = applied_through_;
  if (next >= until) return 0;
  {
    std::unique_ptr<storage::Transaction> own;
    if (within == nullptr) own = TRY(database_.begin(storage::TransactionMode::Read));
    auto* tx = within != nullptr ? within : own.get();
    const auto last =
        static_cast<std::int64_t>(std::min<std::uint64_t>(until, std::numeric_limits<std::int64_t>::max()));
    const storage::Param p[] = {static_cast<std::int64_t>(applied_through_), last};
    TRY(tx->query("SELECT seq, entry FROM ledger_entries WHERE seq >= ? AND seq < ? ORDER BY seq", p,
                  [&](const storage::Row& row) -> Result<void> {
                    const auto seq = static_cast<std::uint64_t>(row.int64(0));
                    if (seq != next) return ok();  // a gap: a transaction still committing; next time
                    ++next;
                    if (applied_ahead_.erase(seq)) return ok();
                    // Decisions and reported accesses change no state and are most of the
                    // ledger under load: skipped unparsed. Canonical JSON sorts "type" last in
                    // the event, and a quote inside a string is escaped, so the tail tells.
                    const auto text = as_chars(row.blob(1));
                    const auto tail = text.substr(text.size() > 96 ? text.size() - 96 : 0);
                    if (tail.find(R"("type":"decision.recorded")") != std::string_view::npos ||
                        tail.find(R"("type":"access.recorded")") != std::string_view::npos)
                      return ok();
                    nlohmann::json entry;
                    try {
                      entry = nlohmann::json::parse(text);
                    } catch (const nlohmann::json::exception&) {
                      return make_error(ErrorKind::Tampered, "ledger.entry_malformed", "台帳の項目が読めません",
                                        "a ledger entry cannot be read")
                          .with("index", std::to_string(seq));
                    }
                    auto event = domain::event_from_json(entry.value("event", nlohmann::json::object()));
                    if (!event) {
                      if (event.error().code == "event.not_domain") return ok();
                      return event.release_error();
                    }
                    events.emplace_back(event.release_value(), seq);
                    return ok();
                  }));
  }
  for (const auto& [event, index] : events) TRY(domain::apply(state_, event, index));
  applied_through_ = next;
  std::vector<domain::Event> applied;
  applied.reserve(events.size());
  for (auto& [event, index] : events) applied.push_back(std::move(event));
  refresh_snapshots(applied);
  return applied.size();
}

namespace {

// The path of the first string in `value` holding a character that has no place in stored
// text (core/json_input.hpp), or nullopt. Event data is built by the program: its depth is
// small, so recursion is safe here.
std::optional<std::string> forbidden_text(const nlohmann::json& value, const std::string& path) {
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (find_forbidden_character(text) != std::string::npos) return path;
  } else if (value.is_object()) {
    for (const auto& [key, member] : value.items()) {
      if (find_forbidden_character(key) != std::string::npos) return path + key;
      if (auto found = forbidden_text(member, path + key + ".")) return found;
    }
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i)
      if (auto found = forbidden_text(value[i], path + std::to_string(i) + ".")) return found;
  }
  return std::nullopt;
}

// Whatever transport a command came through (API, page, CLI option, imported file), the
// ledger never records a control character or a bidirectional override: every later reader
// (a page, a PDF, a terminal, a mail) would otherwise have to defend against it.
Result<void> check_printable(const std::vector<domain::Event>& events) {
  for (const auto& event : events)
    if (auto path = forbidden_text(event.data, "")) {
      if (!path->empty() && path->back() == '.') path->pop_back();
      return make_error(ErrorKind::Invalid, "input.bad_characters", "制御文字または文字の向きを変える文字は使えません",
                        "control characters and bidirectional overrides are not allowed")
          .with("field", *path);
    }
  return ok();
}

}  // namespace

Result<void> Service::authorize(const domain::Command& command, const domain::Principal& principal) const {
  std::shared_lock lock(mutex_);
  return domain::may_execute(state_, principal, command);
}

Result<std::uint64_t> Service::execute(const domain::Command& command, const domain::Principal& principal,
                                       const SideWrite& also) {
  std::unique_lock lock(mutex_);
  // What other processes recorded meanwhile, read before taking the ledger's write lock, so
  // that little is left to read under it.
  TRY(catch_up_locked());
  return commit_locked(
      [&](std::uint64_t) -> Result<std::vector<domain::Event>> {
        // Who may do this is asked here, for every transport, against the state the command is
        // decided on: a page, a route or a CLI command has no rule of its own to forget.
        TRY(domain::may_execute(state_, principal, command));
        return domain::decide(state_, command, principal.actor(), clock_.now());
      },
      also);
}

Result<std::uint64_t> Service::commit_locked(const DecideEvents& decide_events, const SideWrite& also) {
  // The events are decided inside the ledger's write transaction, on a state that holds every
  // entry committed before it: another instance on the same database cannot have recorded
  // anything the decision did not see (two acknowledgements of one hand-over: one succeeds,
  // the other is refused by the domain's own rule).
  std::vector<domain::Event> events;
  const ledger::Ledger::Decide decide = [&](storage::Transaction& tx, std::uint64_t committed,
                                            std::uint64_t first_index) -> Result<std::vector<CanonicalJson>> {
    TRY(catch_up_locked(&tx, committed));
    events = TRY(decide_events(first_index));
    TRY(check_printable(events));
    return canonical_entries(events);
  };
  const ledger::Ledger::ApplyInTransaction project_all = [&](storage::Transaction& tx,
                                                             std::uint64_t first_index) -> Result<void> {
    return project_events(tx, events, first_index, also);
  };
  const auto first = TRY(ledger_.append_decided(decide, project_all));
  for (std::size_t i = 0; i < events.size(); ++i) {
    // The events are durable; failing to apply them is a bug in apply(), and the state is
    // rebuilt from the ledger rather than left half-changed.
    if (auto applied = domain::apply(state_, events[i], first + i); !applied) {
      domain::State rebuilt;
      TRY(for_each_event(database_, [&](const domain::Event& e, std::uint64_t index) -> Result<void> {
        return domain::apply(rebuilt, e, index);
      }));
      state_ = std::move(rebuilt);
      applied_through_ = ledger_.size();
      applied_ahead_.clear();
      snapshots_.store(policy::Snapshots().rebuilt(state_, {}));
      return applied.release_error();
    }
  }
  // These indices are applied; catch_up must not apply them again.
  for (std::size_t i = 0; i < events.size(); ++i) applied_ahead_.insert(first + i);
  while (applied_ahead_.erase(applied_through_)) ++applied_through_;
  refresh_snapshots(events);
  return first;
}

void Service::refresh_snapshots(std::span<const domain::Event> events) {
  std::set<std::string> contracts;
  bool all = false;
  for (const auto& event : events) {
    if (!event.contract.empty() && event.type != "notification.created")
      contracts.insert(event.contract);
    else if (event.type == "person.departed")
      all = true;  // a former worker is named as such on every contract of their party
  }
  if (!all && contracts.empty()) return;
  snapshots_.store(snapshots_.load()->rebuilt(state_, all ? std::set<std::string>{} : contracts));
}

namespace {

// Every row of a table as text, in primary-key order, so that SQLite and PostgreSQL rows
// compare equal when their values are.
Result<std::vector<std::string>> table_rows(storage::Database& database, const ProjectionTable& table) {
  auto tx = TRY(database.begin(storage::TransactionMode::Read));
  std::vector<std::string> rows;
  const std::string sql = "SELECT * FROM " + std::string(table.name) + " ORDER BY " + std::string(table.order_by);
  TRY(tx->query(sql, {}, [&](const storage::Row& row) -> Result<void> {
    std::string text;
    for (int i = 0; i < row.column_count(); ++i) {
      if (i) text += '|';
      text += row.is_null(i) ? std::string("∅") : std::string(row.text(i));
    }
    rows.push_back(std::move(text));
    return ok();
  }));
  return rows;
}

Result<void> clear_projections(storage::Transaction& tx) {
  for (const auto& table : projection_tables()) TRY(tx.execute("DELETE FROM " + std::string(table.name)));
  return ok();
}

}  // namespace

Result<ReplayReport> replay_check(storage::Database& live, const std::filesystem::path& scratch_dir) {
  const auto scratch_file = scratch_dir / "replay-check.db";
  std::error_code ec;
  std::filesystem::remove(scratch_file, ec);
  ReplayReport report;
  {
    auto scratch = TRY(storage::open_database("sqlite:" + scratch_file.string()));
    TRY(storage::migrate(*scratch));
    auto tx = TRY(scratch->begin(storage::TransactionMode::Write));
    // The state is rebuilt too, as start-up rebuilds it: applying an event checks again what its
    // command guaranteed (one acknowledgement per hand-over, receipts in sequence…), so a ledger
    // that breaks it is refused, naming the entry.
    domain::State state;
    TRY(for_each_event(live, [&](const domain::Event& event, std::uint64_t index) -> Result<void> {
      ++report.events;
      TRY(domain::apply(state, event, index));
      return project(*tx, event, index);
    }));
    TRY(tx->commit());
    for (const auto& table : projection_tables()) {
      const auto live_rows = TRY(table_rows(live, table));
      const auto rebuilt_rows = TRY(table_rows(*scratch, table));
      report.rows_compared += live_rows.size();
      std::vector<std::string> only_live, only_rebuilt;
      std::set_difference(live_rows.begin(), live_rows.end(), rebuilt_rows.begin(), rebuilt_rows.end(),
                          std::back_inserter(only_live));
      std::set_difference(rebuilt_rows.begin(), rebuilt_rows.end(), live_rows.begin(), live_rows.end(),
                          std::back_inserter(only_rebuilt));
      for (auto& row : only_live) report.differences.push_back({std::string(table.name), row, "only in live"});
      for (auto& row : only_rebuilt) report.differences.push_back({std::string(table.name), row, "only in rebuilt"});
    }
  }
  std::filesystem::remove(scratch_file, ec);
  std::filesystem::remove(scratch_dir / "replay-check.db-wal", ec);
  std::filesystem::remove(scratch_dir / "replay-check.db-shm", ec);
  return report;
}

Result<std::uint64_t> replay_in_place(storage::Database& database) {
  // Events are read first, then written in one transaction: readers never see a half-built
  // projection, and a failure leaves the old one untouched.
  std::vector<std::pair<domain::Event, std::uint64_t>> events;
  TRY(for_each_event(database, [&](const domain::Event& event, std::uint64_t index) -> Result<void> {
    events.emplace_back(event, index);
    return ok();
  }));
  auto tx = TRY(database.begin(storage::TransactionMode::Write));
  TRY(clear_projections(*tx));
  for (const auto& [event, index] : events) TRY(project(*tx, event, index));
  TRY(tx->commit());
  return events.size();
}

}  // namespace itaku::service
