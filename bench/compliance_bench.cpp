// itaku-bench compliance: how long a large contract's per-clause compliance takes (issue 13,
// point 6: at most 50 ms p95 for 10,000 workers, 100,000 assets and 1,000,000 decisions, and
// the 「遵守状況」 page within 100 ms of server time).
//
// The large contracts are built the way the service builds its state — every fact a command,
// decided (domain::decide) and applied (domain::apply) — one under each built-in provision set,
// sharing their organisations and people. Their decisions and observed accesses are decided
// against the contract's snapshot (policy::ContractSnapshot) and fed to an access tally through
// AccessTally::add, as the monitoring index does. For the page, the same events go into a real
// ledger with their projections, a service is opened on it (replaying it) with the demo loaded,
// and the page and the API answer are asked of the real router as the demo's administrator.

#include "compliance_bench.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <random>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "itaku/api/api.hpp"
#include "itaku/api/context.hpp"
#include "itaku/api/session.hpp"
#include "itaku/auth/authenticator.hpp"
#include "itaku/auth/demo_accounts.hpp"
#include "itaku/auth/rate_limiter.hpp"
#include "itaku/compliance/access_tally.hpp"
#include "itaku/compliance/compliance.hpp"
#include "itaku/core/clock.hpp"
#include "itaku/domain/commands.hpp"
#include "itaku/domain/decision_events.hpp"
#include "itaku/domain/event.hpp"
#include "itaku/domain/state.hpp"
#include "itaku/http/message.hpp"
#include "itaku/http/metrics.hpp"
#include "itaku/http/router.hpp"
#include "itaku/ledger/keys.hpp"
#include "itaku/ledger/ledger.hpp"
#include "itaku/policy/policy.hpp"
#include "itaku/provisions/provision_set.hpp"
#include "itaku/service/demo.hpp"
#include "itaku/service/projection.hpp"
#include "itaku/service/service.hpp"
#include "itaku/storage/database.hpp"
#include "itaku/web/pages.hpp"

#include "bench_support.hpp"

namespace itaku::bench {

namespace {

using json = nlohmann::json;
using Steady = std::chrono::steady_clock;

// --- The large contracts ----------------------------------------------------------------------

constexpr const char* kCity = "bench-city";
constexpr const char* kContractor = "bench-contractor";
constexpr const char* kOfficer = "p-officer";
constexpr int kDerivedClasses = 8;  // classes defined from the set's general one, beside its defaults
constexpr int kHandOverSize = 10;   // assets per hand-over from the city
constexpr int kSubHandOvers = 500;  // hand-overs from 乙's workers to 丙's
constexpr int kDepartures = 20;     // workers who leave (15 in August, 5 the day before it is evaluated)
constexpr int kMissingBadge = 100;  // every 100th of 乙's workers on the city's premises has no badge
// Evaluated at noon in Japan on 2026-10-01: half a year into the contracts.
constexpr const char* kEvaluatedAt = "2026-10-01T03:00:00Z";

Timestamp utc(const char* text) { return must(parse_utc(text)); }

std::string worker_id(int i) { return numbered("w-", i); }
std::string subcontractor_id(int s) { return "bench-sub-" + std::to_string(s + 1); }
// 0 is 乙, 1… are the 丙; the responsible person and information manager of each.
std::string responsible_id(int party) { return numbered("p-resp-", party); }
std::string manager_id(int party) { return numbered("p-mgr-", party); }

// Everything the build made: the state, its events in ledger order (the genesis is index 0,
// so the first is 1), and what the decisions are drawn from.
struct Large {
  domain::State state;
  std::vector<domain::Event> events;
  std::vector<std::string> contracts;  // one per built-in set
  std::vector<std::string> workers;
  std::vector<std::string> assets;  // the same register ids in every contract
  std::vector<int> party_of;        // of each worker: 0 for 乙, s + 1 for the s-th 丙
};

class Builder {
 public:
  Builder(const ComplianceBenchOptions& options, Large& large) : options_(options), large_(large) {}

  Result<void> build() {
    at("2026-03-19T01:00:00Z");
    for (const auto& set : provisions::builtin_sets()) TRY(run(domain::ImportProvisions{set.source}));
    TRY(run(domain::RegisterOrganisation{kCity, "city", "ベンチ市", "Bench City"}));
    TRY(run(domain::RegisterOrganisation{kContractor, "contractor", "株式会社ベンチ情報", "Bench Information Ltd"}));
    for (int s = 0; s < options_.subcontractors; ++s)
      TRY(run(domain::RegisterOrganisation{subcontractor_id(s), "subcontractor",
                                           "有限会社ベンチ再委託" + std::to_string(s + 1),
                                           "Bench Sub " + std::to_string(s + 1)}));
    TRY(run(domain::RegisterPerson{kOfficer, kCity, "市 職員", "情報政策課 主査", "officer@city.bench.example"}));
    for (int p = 0; p <= options_.subcontractors; ++p) {
      TRY(run(domain::RegisterPerson{responsible_id(p), organisation(p), "責任 者" + std::to_string(p), "部長", ""}));
      TRY(run(domain::RegisterPerson{manager_id(p), organisation(p), "管理 者" + std::to_string(p), "室長", ""}));
    }
    // 70 % of the workers are 乙's, the rest spread over the 丙.
    const int contractor_workers = options_.subcontractors == 0 ? options_.workers : options_.workers * 7 / 10;
    for (int i = 0; i < options_.workers; ++i) {
      large_.workers.push_back(worker_id(i));
      large_.party_of.push_back(i < contractor_workers ? 0 : 1 + (i - contractor_workers) % options_.subcontractors);
      TRY(run(domain::RegisterPerson{large_.workers.back(), organisation(large_.party_of.back()),
                                     "作業者 " + std::to_string(i), "作業者", ""}));
    }
    for (int j = 0; j < options_.assets; ++j) large_.assets.push_back(numbered("a-", j));
    for (const auto& set : provisions::builtin_sets()) TRY(contract(set.name));
    TRY(departures());
    return ok();
  }

 private:
  Result<void> run(const domain::Command& command) {
    for (auto& event : TRY(domain::decide(large_.state, command, domain::Actor::system(), now_))) {
      TRY(domain::apply(large_.state, event, large_.events.size() + 1));
      large_.events.push_back(std::move(event));
    }
    return ok();
  }
  void at(const char* text) { now_ = utc(text); }
  void at(Timestamp t) { now_ = t; }
  std::string organisation(int party) const { return party == 0 ? kContractor : subcontractor_id(party - 1); }
  bool last_subcontractor(int party) const { return party > 0 && party == options_.subcontractors; }

  // One contract under the built-in set `set`: 乙 and its 丙 (the last one engaged by the first,
  // a chain), the set's default classes and kDerivedClasses more, a roster per party (the last
  // 丙's names users for only half the classes, and waits for the city), the register, the
  // hand-overs from the city with their receipts, hand-overs from 乙 to 丙, and for 木更津市's
  // set the ID badges of 乙's workers on the city's premises.
  Result<void> contract(const std::string& set) {
    const std::string id = "bench-" + set;
    large_.contracts.push_back(id);
    at("2026-03-20T01:00:00Z");
    TRY(run(domain::CreateContract{id, "BENCH-" + set + "-001", "大規模業務委託（" + set + "）", "総務部 情報政策課",
                                   kCity, kContractor, "2026-04-01", "2027-03-31", "遵守状況の性能測定", set, ""}));
    for (int s = 0; s < options_.subcontractors; ++s)
      TRY(run(domain::AddSubcontractor{
          id, subcontractor_id(s),
          s > 0 && s == options_.subcontractors - 1 ? subcontractor_id(0) : std::string(kContractor)}));
    const auto& defaults = large_.state.contract(id)->asset_classes;
    const auto base = defaults.contains("general") ? defaults.at("general") : defaults.begin()->second;
    for (int c = 0; c < kDerivedClasses; ++c) {
      auto definition = base;
      definition.id = "general-" + std::to_string(c);
      definition.name = "一般" + std::to_string(c);
      definition.name_en = "General " + std::to_string(c);
      TRY(run(domain::DefineAssetClass{id, definition}));
    }
    std::vector<std::string> classes;
    for (const auto& [class_id, cls] : large_.state.contract(id)->asset_classes) classes.push_back(class_id);
    const auto n = static_cast<int>(classes.size());

    at("2026-03-25T01:00:00Z");
    for (int p = 0; p <= options_.subcontractors; ++p) {
      domain::Roster roster;
      roster.responsible = responsible_id(p);
      roster.information_manager = manager_id(p);
      roster.locations = {{"hq", "本社 開発室", "長野県長野市1-1", false, ""}};
      if (p == 0) roster.locations.push_back({"city-dc", "市役所 電算室", "長野県長野市2-2", true, "08:30-17:15"});
      const int named = last_subcontractor(p) ? std::max(1, n / 2) : n;
      for (int c = 0; c < named; ++c) roster.access.push_back({classes[c], manager_id(p), "view"});
      for (int i = 0; i < options_.workers; ++i) {
        if (large_.party_of[i] != p) continue;
        roster.workers.push_back({large_.workers[i], "運用・開発", "2026-04-01", ""});
        roster.access.push_back({classes[i % named], large_.workers[i], "use"});
      }
      TRY(run(domain::SubmitRoster{id, organisation(p), roster, "契約締結時の届出"}));
    }
    at("2026-03-27T01:00:00Z");
    for (int p = 0; p <= options_.subcontractors; ++p)
      if (!last_subcontractor(p)) TRY(run(domain::AcknowledgeRoster{id, organisation(p), 1, kOfficer}));
    at("2026-04-01T00:00:00Z");
    TRY(run(domain::ChangeContractState{id, domain::ContractState::Active}));

    // The register: every tenth asset the city's (to be handed over), the rest made by a worker.
    at("2026-04-02T01:00:00Z");
    std::vector<std::vector<int>> held(options_.workers);
    std::vector<int> from_city;
    for (int j = 0; j < options_.assets; ++j) {
      const bool city = j % 10 == 0;
      const int w = static_cast<int>((static_cast<std::int64_t>(j) * 7919) % options_.workers);
      if (city)
        from_city.push_back(j);
      else
        held[w].push_back(j);
      TRY(run(domain::RegisterAsset{id, large_.assets[j], classes[j % n], "資産 " + std::to_string(j),
                                    city ? "city" : "created", "", "ファイル", "1",
                                    city ? std::string(kOfficer) : large_.workers[w], "本社"}));
    }
    if (set == "kisarazu") TRY(badges(id));

    // Hand-overs from the city to 乙's workers (April to August), each acknowledged the next day
    // with its receipt, but for the last three (waiting, still due).
    std::vector<int> contractor_workers;
    for (int i = 0; i < options_.workers; ++i)
      if (large_.party_of[i] == 0) contractor_workers.push_back(i);
    const auto april = utc("2026-04-15T01:00:00Z");
    const int city_hand_overs = static_cast<int>(from_city.size()) / kHandOverSize;
    for (int t = 0; t < city_hand_overs; ++t) {
      const bool waiting = t >= city_hand_overs - 3;
      at(waiting ? utc("2026-09-28T01:00:00Z") : april + std::chrono::hours(24 * 140 * t / city_hand_overs));
      std::vector<std::string> items;
      items.reserve(kHandOverSize);
      for (int k = 0; k < kHandOverSize; ++k) items.push_back(large_.assets[from_city[t * kHandOverSize + k]]);
      const auto& to = large_.workers[contractor_workers[(t * 13) % contractor_workers.size()]];
      const auto transfer = numbered("tc-", t);
      TRY(run(domain::TransferAssets{id, transfer, items, kOfficer, to, "業務のための引渡し"}));
      if (waiting) continue;
      at(now_ + std::chrono::hours(24));
      TRY(run(domain::AcknowledgeTransfer{id, transfer, to}));
    }
    // Hand-overs from 乙's workers to 丙's (September), all acknowledged but the last two, which
    // have waited for more than a week.
    if (options_.subcontractors > 0) {
      std::vector<int> sub_workers;
      for (int i = 0; i < options_.workers; ++i)
        if (large_.party_of[i] != 0) sub_workers.push_back(i);
      const auto september = utc("2026-09-01T01:00:00Z");
      for (int t = 0; t < kSubHandOvers; ++t) {
        const int from = contractor_workers[(t * 17) % contractor_workers.size()];
        if (held[from].empty()) continue;
        const bool waiting = t >= kSubHandOvers - 2;
        at(september + std::chrono::minutes(20 * t));
        std::vector<std::string> items;
        for (const int j : held[from]) items.push_back(large_.assets[j]);
        held[from].clear();
        const auto& to = large_.workers[sub_workers[(t * 31) % sub_workers.size()]];
        const auto transfer = numbered("ts-", t);
        TRY(run(domain::TransferAssets{id, transfer, items, large_.workers[from], to, "再委託先への引渡し"}));
        if (!waiting) TRY(run(domain::AcknowledgeTransfer{id, transfer, to}));
      }
    }
    return ok();
  }

  // 木更津市 第11条(1): 乙's roster has work on the city's premises, so its workers carry badges.
  Result<void> badges(const std::string& id) {
    int number = 0;
    for (int i = 0; i < options_.workers; ++i) {
      if (large_.party_of[i] != 0 || i % kMissingBadge == kMissingBadge - 1) continue;
      TRY(run(domain::IssueBadge{id, numbered("B-", number++), large_.workers[i], "2026-04-01", "2027-03-31"}));
    }
    return ok();
  }

  // Workers who leave: each departure ends their assignment on every contract with a new roster
  // version (not yet acknowledged) and calls their badges back; what they hold stays with them.
  Result<void> departures() {
    at("2026-09-30T01:00:00Z");
    for (int k = 0; k < std::min(kDepartures, options_.workers); ++k) {
      const int i = static_cast<int>((static_cast<std::int64_t>(k) * 499) % options_.workers);
      TRY(run(domain::RecordDeparture{large_.workers[i], k % 2 ? "left" : "transferred",
                                      k < kDepartures * 3 / 4 ? "2026-08-17" : "2026-09-30"}));
    }
    return ok();
  }

  const ComplianceBenchOptions& options_;
  Large& large_;
  Timestamp now_{};
};

// --- Decisions and observed accesses -------------------------------------------------------------

// What is recorded of one decision or observed access: the request, what the rules said, and
// (an access) the allow decision it matches, 0 when none.
struct Recorded {
  compliance::AccessFact::Kind kind;
  const policy::Request& request;
  const policy::Decision& decision;
  std::uint64_t index;
  std::uint64_t matched;
};

// `decisions` requests over half a year, decided against the contract's snapshot: the workers
// (one in a thousand a person the contract does not know), every asset of the register, mostly
// reads from the office for the contract, some copies and exports, a few from home or for
// another purpose. Then `accesses` observed accesses, most matching an allow decision a few
// minutes before, one in a hundred matching none, one in a thousand a provision to a third
// party. Indices follow from `first`. Deterministic: the same calls for the same arguments.
template <typename Sink>
void for_each_record(const Large& large, const std::string& contract, const policy::ContractSnapshot& snapshot,
                     int decisions, int accesses, std::uint64_t first, Sink&& sink) {
  std::mt19937_64 random(std::hash<std::string>{}(contract));
  const auto start = utc("2026-04-01T00:00:00Z");
  constexpr std::int64_t kHalfYear = 182LL * 24 * 3600;
  std::vector<policy::Request> allowed;  // a sample of the allows, for the accesses to match
  std::vector<std::uint64_t> allowed_index;
  const int every = std::max(1, decisions / std::max(1, accesses));
  std::uint64_t index = first;
  policy::Request r;
  r.contract = contract;
  for (int k = 0; k < decisions; ++k) {
    const auto roll = random() % 1000;
    r.person = roll == 0 ? std::string("p-unknown") : large.workers[random() % large.workers.size()];
    r.asset = large.assets[random() % large.assets.size()];
    r.action = roll < 900 ? domain::Action::Read : roll < 980 ? domain::Action::Copy : domain::Action::Export;
    r.location = roll % 50 == 1 ? "home" : "hq";
    r.purpose = roll == 2 ? std::string("other-2026-999") : contract;
    r.device = "pc-" + std::to_string(random() % 40);
    r.at = start + std::chrono::seconds(static_cast<std::int64_t>(random() % kHalfYear));
    const auto decision = snapshot.decide(r);
    sink(Recorded{compliance::AccessFact::Kind::Decision, r, decision, index, 0});
    if (decision.effect == policy::Effect::Allow && k % every == 0 &&
        allowed.size() < static_cast<std::size_t>(accesses)) {
      allowed.push_back(r);
      allowed_index.push_back(index);
    }
    ++index;
  }
  for (int k = 0; k < accesses && !allowed.empty(); ++k) {
    const auto roll = random() % 1000;
    auto access = allowed[k % allowed.size()];
    access.at += std::chrono::minutes(5);
    std::uint64_t matched = allowed_index[k % allowed.size()];
    if (roll < 10) matched = 0;
    if (roll == 10) access.action = domain::Action::ProvideThirdParty;
    if (roll == 10) matched = 0;
    const auto evaluation = snapshot.decide(access);
    sink(Recorded{compliance::AccessFact::Kind::Access, access, evaluation, index++, matched});
  }
}

// The tally of a contract as the monitoring index builds it from the rows of its decisions and
// accesses: the same facts through AccessTally::add.
compliance::AccessFact fact_of(const Recorded& r) {
  compliance::AccessFact fact;
  fact.kind = r.kind;
  fact.index = r.index;
  fact.at = r.request.at;
  fact.person = r.request.person;
  fact.action = domain::to_string(r.request.action);
  fact.asset_class = r.decision.asset_class;
  fact.purpose = r.request.purpose;
  fact.denied = r.decision.effect == policy::Effect::Deny;
  fact.matched = r.matched != 0;
  return fact;
}

// --- Timing ------------------------------------------------------------------------------------

json timing_json(const Percentiles& p) {
  const auto r = [](double v) { return std::round(v * 1000) / 1000; };
  return {{"p50_ms", r(p.p50)}, {"p95_ms", r(p.p95)}, {"p99_ms", r(p.p99)}, {"max_ms", r(p.max)}};
}

json counts_json(const compliance::Report& report) {
  json out = json::object();
  for (const auto& [status, count] : report.counts()) out[std::string(compliance::to_string(status))] = count;
  return out;
}

std::size_t not_tracked(const compliance::Report& report) {
  const auto counts = report.counts();
  const auto found = counts.find(compliance::Status::NotTracked);
  return found == counts.end() ? 0 : found->second;
}

// Each evaluated control of the contract's set timed alone: the set's clauses are replaced, for
// the time of the measurement, by one clause holding just that control (with its parameters).
json per_control(domain::State& state, const std::string& contract, const compliance::AccessTally& tally, Timestamp now,
                 int repeats) {
  const auto* c = state.contract(contract);
  auto& set = state.provision_sets.at(c->provisions.name).at(c->provisions.version);
  const auto clauses = set.clauses;
  json out = json::object();
  for (const auto& clause : clauses)
    for (const auto& control : clause.controls) {
      if (out.contains(control.id)) continue;
      auto alone = clause;
      alone.controls = {control};
      set.clauses = {alone};
      const auto timing = time_repeated_ms(std::max(5, repeats / 5), [&] {
        const auto report = must(compliance::evaluate(state, contract, tally, now));
        if (report.clauses.empty()) std::exit(1);
      });
      out[control.id] = std::round(timing.p50 * 1000) / 1000;
    }
  set.clauses = clauses;
  return out;
}

// --- The demo and the page, through a real ledger and service ----------------------------------

// A fresh instance in `dir` (SQLite, a ledger, its key) on a clock stopped at `now`; removed
// when done unless kept.
class Instance {
 public:
  Instance(std::filesystem::path dir, bool keep, Timestamp now) : dir_(std::move(dir)), keep_(keep), clock_(now) {
    std::filesystem::create_directories(dir_);
    database_ = must(storage::open_database("sqlite:" + (dir_ / "itaku.db").string()));
    must(storage::migrate(*database_));
    auto signer = must(ledger::create_signing_key(dir_, "bench.itaku/compliance"));
    must(ledger::initialise_ledger(*database_, signer, clock_));
    ledger_ = must(ledger::Ledger::open(*database_, signer, clock_));
  }
  Instance(const Instance&) = delete;
  Instance& operator=(const Instance&) = delete;
  ~Instance() {
    service_.reset();
    ledger_.reset();
    database_.reset();
    if (!keep_) std::filesystem::remove_all(dir_);
  }

  // Opens the service on what the ledger holds (replaying it), and loads the demo.
  void open_with_demo() {
    service_ = must(service::Service::open(*database_, *ledger_, clock_));
    must(service_->refresh_monitoring());
    must(service::load_demo(*service_));
  }
  // Appends `events` in one batch, with their projections written in its transaction.
  void append_projected(std::vector<domain::Event>& events) {
    if (events.empty()) return;
    std::vector<CanonicalJson> entries;
    entries.reserve(events.size());
    for (const auto& event : events) entries.push_back(must(domain::to_canonical(event)));
    must(ledger_->append_all(entries, [&](storage::Transaction& tx, std::uint64_t first) -> Result<void> {
      for (std::size_t i = 0; i < events.size(); ++i) TRY(service::project(tx, events[i], first + i));
      return ok();
    }));
    events.clear();
  }

  const std::filesystem::path& dir() const { return dir_; }
  const SimulatedClock& clock() const { return clock_; }
  storage::Database& database() { return *database_; }
  ledger::Ledger& ledger() { return *ledger_; }
  service::Service& service() { return *service_; }

 private:
  std::filesystem::path dir_;
  bool keep_;
  SimulatedClock clock_;
  std::unique_ptr<storage::Database> database_;
  std::unique_ptr<ledger::Ledger> ledger_;
  std::unique_ptr<service::Service> service_;
};

std::filesystem::path scratch_dir(const char* what) {
  return std::filesystem::temp_directory_path() /
         ("itaku-bench-compliance-" + std::string(what) + "-" + std::to_string(::getpid()));
}

// The demo's two contracts as the system reads them (every control of every party): how many
// of their controls are not_tracked, of how many.
json demo_not_tracked(service::Service& service) {
  json out = json::object();
  for (const auto* demo : {"nagano-2026-001", "kisarazu-2026-014"}) {
    const auto report = must(service.compliance(demo, domain::Principal::system()));
    std::size_t controls = 0;
    for (const auto& clause : report.clauses) controls += clause.controls.size();
    out[demo] = {{"not_tracked", not_tracked(report)}, {"controls", controls}};
  }
  return out;
}

struct PageFigures {
  json contracts = json::object();
  double ledger_s = 0, open_s = 0;
};

// The large contracts' entries at the same indices as in memory (the build's events, then each
// contract's decisions and accesses) in a real ledger with their projections; a service opened
// on it with the demo loaded; then the service's answer, the 「遵守状況」 page and the API's
// answer through the real router, in process (the server's time without the network), as the
// demo's administrator, who may read every contract.
PageFigures measure_pages(const ComplianceBenchOptions& options, const Large& large,
                          const std::map<std::string, std::shared_ptr<const policy::ContractSnapshot>>& snapshots,
                          Timestamp now) {
  PageFigures figures;
  const bool keep = !options.data_dir.empty();
  Instance instance(keep ? std::filesystem::path(options.data_dir) : scratch_dir("page"), keep, now);
  const auto ledger_start = Steady::now();
  constexpr std::size_t kBatch = 5000;
  std::vector<domain::Event> batch;
  for (const auto& event : large.events) {
    batch.push_back(event);
    if (batch.size() == kBatch) instance.append_projected(batch);
  }
  instance.append_projected(batch);
  const domain::Actor gateway{"token:bench"};
  std::uint64_t next = large.events.size() + 1;
  for (const auto& contract : large.contracts)
    for_each_record(
        large, contract, *snapshots.at(contract), options.decisions, options.accesses, next, [&](const Recorded& r) {
          next = r.index + 1;
          if (r.kind == compliance::AccessFact::Kind::Decision) {
            batch.push_back(service::decision_event({r.request, r.decision, r.index}, gateway, r.request.at));
          } else {
            domain::AccessRecorded data;
            data.person = r.request.person;
            data.action = std::string(domain::to_string(r.request.action));
            data.asset = r.request.asset;
            data.device = r.request.device;
            data.location = r.request.location;
            data.purpose = r.request.purpose;
            data.time = format_utc(r.request.at);
            data.asset_class = r.decision.asset_class;
            data.rule_effect = std::string(policy::to_string(r.decision.effect));
            for (const auto& reason : r.decision.reasons)
              data.reasons.push_back({std::string(reason.code), reason.clause, reason.detail});
            data.matched_decision = static_cast<std::int64_t>(r.matched);
            batch.push_back(domain::make_event(data, gateway, r.request.at, contract));
          }
          if (batch.size() == kBatch) instance.append_projected(batch);
        });
  instance.append_projected(batch);
  figures.ledger_s = std::chrono::duration<double>(Steady::now() - ledger_start).count();

  const auto open_start = Steady::now();
  instance.open_with_demo();
  figures.open_s = std::chrono::duration<double>(Steady::now() - open_start).count();
  auto& service = instance.service();
  auth::AuthOptions auth_options;
  auth_options.data_dir = instance.dir();
  auth_options.password_cost = auth::PasswordCost::minimum();
  auth::Authenticator authenticator(instance.database(), service, instance.clock(), auth_options);
  must(auth::load_demo_accounts(service, authenticator));

  http::Metrics metrics;
  auth::RateLimiter limiter(instance.clock(), RateLimits{{0, 1}, {0, 1}});
  api::AppContext app{
      service, instance.ledger(),       instance.database(), authenticator, metrics, instance.clock(), "", limiter,
      {},      api::LogHashes::SignedIn};
  http::Router router;
  api::register_api(router, app);
  web::register_pages(router, app);
  const auto session = must(authenticator.sign_in({"admin", std::string(auth::kDemoPassword), "", "127.0.0.1"}));
  const auto get = [&](const std::string& path) {
    http::Request request;
    request.method = http::Method::Get;
    request.target = path;
    request.path = path;
    request.remote_address = "127.0.0.1";
    request.headers.emplace_back("host", "itaku.bench");
    request.headers.emplace_back("cookie", std::string(api::kSessionCookie) + "=" + session.cookie);
    auto response = router.handle(request);
    if (response.status != 200) {
      std::cerr << "itaku-bench compliance: GET " << path << " answered " << response.status << "\n";
      std::exit(1);
    }
    return response.body.size();
  };
  const auto system = domain::Principal::system();
  for (const auto& contract : large.contracts) {
    const auto page_path = "/contracts/" + contract + "/compliance";
    const auto api_path = "/api/v1/contracts/" + contract + "/compliance";
    const auto page_bytes = get(page_path);
    const auto api_bytes = get(api_path);
    const auto service_read = time_repeated_ms(options.repeats, [&] { must(service.compliance(contract, system)); });
    const auto page = time_repeated_ms(options.repeats, [&] { get(page_path); });
    const auto answer = time_repeated_ms(options.repeats, [&] { get(api_path); });
    figures.contracts[contract] = {{"service_compliance", timing_json(service_read)},
                                   {"page", timing_json(page)},
                                   {"page_bytes", page_bytes},
                                   {"api", timing_json(answer)},
                                   {"api_bytes", api_bytes}};
  }
  return figures;
}

}  // namespace

int run_compliance(const ComplianceBenchOptions& options) {
  const auto now = utc(kEvaluatedAt);
  Large large;
  const auto build_start = Steady::now();
  must(Builder(options, large).build());
  const double build_s = std::chrono::duration<double>(Steady::now() - build_start).count();

  // Each contract's tally: its decisions and accesses, numbered after the build's events and
  // the contracts before it, as the ledger numbers them.
  const auto tally_start = Steady::now();
  std::map<std::string, std::shared_ptr<const policy::ContractSnapshot>> snapshots;
  std::map<std::string, compliance::AccessTally> tallies;
  std::uint64_t next = large.events.size() + 1;
  for (const auto& contract : large.contracts) {
    snapshots[contract] = policy::ContractSnapshot::build(large.state, contract);
    auto& tally = tallies[contract];
    for_each_record(large, contract, *snapshots[contract], options.decisions, options.accesses, next,
                    [&](const Recorded& r) {
                      tally.add(fact_of(r));
                      next = r.index + 1;
                    });
  }
  const double tally_s = std::chrono::duration<double>(Steady::now() - tally_start).count();

  json contracts = json::object();
  double worst_p95 = 0, worst_cold_p95 = 0;
  for (const auto& contract : large.contracts) {
    const auto& tally = tallies.at(contract);
    const auto report = must(compliance::evaluate(large.state, contract, tally, now));
    if (!options.reports_dir.empty()) {
      std::filesystem::create_directories(options.reports_dir);
      std::ofstream(std::filesystem::path(options.reports_dir) / (contract + ".json"))
          << compliance::to_json(report).dump(1) << "\n";
    }
    // Cold: every evaluation reads the register. As the service evaluates: with a Memo, which the
    // first evaluation fills and the next ones reuse while no event changes the state (decisions
    // and observed accesses, however many, change nothing and keep it).
    const auto cold = time_repeated_ms(options.repeats, [&] {
      if (must(compliance::evaluate(large.state, contract, tally, now)).clauses.empty()) std::exit(1);
    });
    compliance::Memo memo;
    const auto first = compliance::to_json(must(compliance::evaluate(large.state, contract, tally, now, &memo)));
    const auto evaluate = time_repeated_ms(options.repeats, [&] {
      if (must(compliance::evaluate(large.state, contract, tally, now, &memo)).clauses.empty()) std::exit(1);
    });
    // The memo changes no finding.
    if (first != compliance::to_json(report) ||
        compliance::to_json(must(compliance::evaluate(large.state, contract, tally, now, &memo))) != first) {
      std::fprintf(stderr, "compliance: the report with a memo differs from the one without\n");
      std::exit(1);
    }
    std::size_t json_bytes = 0;
    const auto to_json =
        time_repeated_ms(options.repeats, [&] { json_bytes = compliance::to_json(report).dump().size(); });
    worst_p95 = std::max(worst_p95, evaluate.p95);
    worst_cold_p95 = std::max(worst_cold_p95, cold.p95);
    const auto* c = large.state.contract(contract);
    std::size_t workers = 0;
    for (const auto& [organisation, versions] : c->rosters) workers += versions.back().roster.workers.size();
    contracts[contract] = {{"provisions", c->provisions.name},
                           {"parties", c->parties.size()},
                           {"roster_workers", workers},
                           {"assets", c->assets.size()},
                           {"hand_overs", c->transfers.size()},
                           {"badges", c->badges.size()},
                           {"decisions", tally.decisions},
                           {"accesses", tally.accesses},
                           {"people_in_tally", tally.people.size()},
                           {"counts", counts_json(report)},
                           {"evaluate", timing_json(evaluate)},
                           {"evaluate_cold", timing_json(cold)},
                           {"to_json", timing_json(to_json)},
                           {"to_json_bytes", json_bytes},
                           {"per_control_p50_ms", per_control(large.state, contract, tally, now, options.repeats)}};
  }

  json out = {{"benchmark", "compliance"},
              {"workers", options.workers},
              {"assets", options.assets},
              {"decisions_per_contract", options.decisions},
              {"accesses_per_contract", options.accesses},
              {"subcontractors", options.subcontractors},
              {"repeats", options.repeats},
              {"evaluated_at", kEvaluatedAt},
              {"build_s", std::round(build_s * 10) / 10},
              {"tally_s", std::round(tally_s * 10) / 10},
              {"ledger_entries", next},
              {"evaluate_p95_ms_large", std::round(worst_p95 * 1000) / 1000},
              {"evaluate_cold_p95_ms_large", std::round(worst_cold_p95 * 1000) / 1000},
              {"contracts", contracts}};
  {
    Instance demo(scratch_dir("demo"), false, now);
    demo.open_with_demo();
    out["not_tracked_controls_demo"] = demo_not_tracked(demo.service());
  }
  if (!options.skip_page) {
    const auto pages = measure_pages(options, large, snapshots, now);
    double worst_page = 0;
    for (const auto& item : pages.contracts.items()) {
      out["contracts"][item.key()]["server"] = item.value();
      worst_page = std::max(worst_page, item.value()["page"]["p95_ms"].get<double>());
    }
    out["page_p95_ms_large"] = worst_page;
    out["ledger_fill_s"] = std::round(pages.ledger_s * 10) / 10;
    out["service_open_s"] = std::round(pages.open_s * 10) / 10;
  }
  std::cout << out.dump() << std::endl;
  return 0;
}

}  // namespace itaku::bench
