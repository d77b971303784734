// itaku-bench decide: how fast itaku answers "may this person do this with this asset?".
//
// In process: a contract's snapshot (policy::ContractSnapshot) built from a domain::State made
// purely with domain::decide + domain::apply, for N = 10 and N = 10,000 workers and assets,
// timed on a fixed mix of allows and denials next to casbin and Cedar (node, bench/peers/*.mjs)
// timed the same way on the same workload. Over HTTP on loopback: the real server
// (`itaku serve`, every decision recorded in the ledger before the answer) driven by wrk next to
// Cerbos's check API with an equivalent policy, same load. One JSON object on stdout.
//
// The server's figures can also be compared across databases and instances in one run:
// `--backend both` measures it on SQLite and on PostgreSQL (a scratch database made on the
// server `--database` names, dropped at the end), `--instances 2` measures one `itaku serve` and
// then two sharing the database, each driven by its own wrk with half the connections, and
// `--rounds N` repeats every configuration N times in turns; medians and ratios are printed.

#include "decide_bench.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <httplib.h>
#include <libpq-fe.h>
#include <nlohmann/json.hpp>

#include "http_bench.hpp"
#include "itaku/core/clock.hpp"
#include "itaku/domain/commands.hpp"
#include "itaku/domain/state.hpp"
#include "itaku/policy/policy.hpp"
#include "itaku/provisions/provision_set.hpp"

#include "bench_support.hpp"

extern char** environ;

namespace itaku::bench {

namespace {

using json = nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

// --- The workload (bench/peers/workload.mjs describes the same one for the peers) -------------

constexpr const char* kContract = "bench-2026-001";
constexpr const char* kNumber = "BENCH-2026-001";
constexpr const char* kCity = "bench-city";
constexpr const char* kParty = "bench-contractor";
constexpr int kClasses = 10;
constexpr int kMix = 1000;
// Live approvals on the contract (issue: written approvals): the goals hold with them.
constexpr int kApprovals = 1000;
constexpr int kBatch = 100;
constexpr const char* kDecideAt = "2026-06-01T03:00:00Z";

std::string worker_id(int i) { return numbered("w-", i); }
std::string asset_id(int j) { return numbered("a-", j); }
std::string class_id(int c) { return "general-" + std::to_string(c); }

std::string describe(const Error& error) { return error.describe() + " [" + error.code + "]"; }

// One contract, active, with `n` workers and `n` assets: ten classes derived from 一般, worker i
// may use class i % 10, asset j is of class j % 10, the party registers "hq" and "city-dc".
// Built the way the service builds its state (decide, then apply each event), without a ledger.
Result<domain::State> build_state(int n) {
  using namespace domain;
  State state;
  std::uint64_t index = 1;
  const auto now = TRY(parse_utc("2026-04-01T00:00:00Z"));
  const auto actor = Actor::system();
  auto run = [&](const Command& command) -> Result<void> {
    for (const auto& event : TRY(decide(state, command, actor, now))) TRY(apply(state, event, index++));
    return ok();
  };
  for (const auto& set : provisions::builtin_sets())
    if (set.name == "nagano") TRY(run(ImportProvisions{set.source}));
  TRY(run(RegisterOrganisation{kCity, "city", "ベンチ市", "Bench City"}));
  TRY(run(RegisterOrganisation{kParty, "contractor", "株式会社ベンチ", "Bench Ltd"}));
  TRY(run(RegisterPerson{"p-officer", kCity, "市 職員", "情報政策課", "officer@city.bench.example"}));
  TRY(run(RegisterPerson{"p-responsible", kParty, "責任 者", "部長", "responsible@bench.example"}));
  TRY(run(RegisterPerson{"p-manager", kParty, "管理 者", "室長", "manager@bench.example"}));
  for (int i = 0; i < n; ++i)
    TRY(run(RegisterPerson{worker_id(i), kParty, "作業者 " + std::to_string(i), "作業者", ""}));
  TRY(run(CreateContract{kContract, kNumber, "ベンチマーク業務委託", "総務部 情報政策課", kCity, kParty, "2026-04-01",
                         "2027-03-31", "アクセス判定の性能測定", "nagano", ""}));
  const auto general = state.contract(kContract)->asset_classes.at("general");
  for (int c = 0; c < kClasses; ++c) {
    auto definition = general;
    definition.id = class_id(c);
    definition.name = "一般" + std::to_string(c);
    definition.name_en = "General " + std::to_string(c);
    // Every action also needs valid training and the provisions acknowledged (長野市 第4,
    // 木更津市 第7条): the conditions the snapshot reads per person are timed too.
    for (auto& [action, conditions] : definition.actions) {
      conditions.push_back({ConditionKind::TrainingValid, ""});
      conditions.push_back({ConditionKind::ProvisionsAcknowledged, ""});
    }
    TRY(run(DefineAssetClass{kContract, definition}));
  }
  Roster roster;
  roster.responsible = "p-responsible";
  roster.information_manager = "p-manager";
  roster.locations = {{"hq", "本社 開発室", "長野県長野市1-1", false, ""},
                      {"city-dc", "市役所 電算室", "長野県長野市2-2", true, ""}};
  for (int i = 0; i < n; ++i) {
    roster.workers.push_back({worker_id(i), "運用", "2026-04-01", ""});
    roster.access.push_back({class_id(i % kClasses), worker_id(i), "use"});
  }
  TRY(run(SubmitRoster{kContract, kParty, roster, "ベンチマーク"}));
  // Every worker trained (one course valid for a year, one import of everyone's attendance) and
  // acknowledging the contract's provisions.
  TRY(run(DefineCourse{kContract, "course-1", kParty, "情報セキュリティ研修", "", "", "", {}, "P1Y"}));
  ImportTrainingAttendance attendance{kContract, "", "course-1", "bench", {}};
  for (int i = 0; i < n; ++i) attendance.rows.push_back({worker_id(i), "2026-04-01", true, ""});
  TRY(run(attendance));
  const auto hash = state.contract(kContract)->provisions.hash;
  for (int i = 0; i < n; ++i) TRY(run(AcknowledgeProvisions{kContract, worker_id(i), hash}));
  for (int j = 0; j < n; ++j)
    TRY(run(RegisterAsset{kContract, asset_id(j), class_id(j % kClasses), "資産 " + std::to_string(j), "created", "",
                          "ファイル", "1", "p-responsible", "本社"}));
  // kApprovals take-outs approved by the city (長野市 第6-2), spread over the first workers:
  // approval j names worker j mod N and class (that worker's + 1 + j ÷ N) mod 10, so a worker's
  // own class is named by the tenth approval naming them (j ÷ N = 9), and the nine before do not.
  for (int j = 0; j < kApprovals; ++j) {
    const int worker = j % n;
    const auto id = fmt::format("a-{:05d}", j);
    TRY(run(RequestApproval{kContract,
                            id,
                            "take_out",
                            kParty,
                            "障害調査",
                            {},
                            {class_id((worker + 1 + j / n) % kClasses)},
                            {worker_id(worker)},
                            {},
                            "本社 開発室",
                            "2026-04-01",
                            "2027-03-31",
                            0,
                            {"暗号化"},
                            ""}));
    TRY(run(DecideApproval{kContract, id, ApprovalOutcome::Approved, "", ""}));
  }
  TRY(run(ChangeContractState{kContract, ContractState::Active}));
  return state;
}

struct MixEntry {
  policy::Request request;
  bool allow = false;
};

// Request k of the mix: worker (k × 7919) mod N; by k mod 8 an allowed read (0, 1, 4, 5), a
// class not in scope (2, 6), an unregistered location (3), another purpose (7).
std::vector<MixEntry> make_mix(int n, Timestamp at) {
  std::vector<MixEntry> mix;
  for (std::int64_t k = 0; k < kMix; ++k) {
    const int worker = static_cast<int>((k * 7919) % n);
    const int own = worker % kClasses;
    const int base = static_cast<int>((k * 104729) % n) / kClasses * kClasses;
    const auto kind = k % 8;
    const int cls = kind == 2 || kind == 6 ? (own + 3) % kClasses : own;
    MixEntry entry;
    entry.request.contract = kContract;
    entry.request.person = worker_id(worker);
    entry.request.action = domain::Action::Read;
    entry.request.asset = asset_id(base + cls);
    entry.request.location = kind == 3 ? "home" : "hq";
    entry.request.purpose = kind == 7 ? "other-2026-999" : kContract;
    entry.request.at = at;
    entry.allow = kind == 0 || kind == 1 || kind == 4 || kind == 5;
    mix.push_back(std::move(entry));
  }
  return mix;
}

// Take-outs of each worker's own class: allowed under approval j = 9N + worker where there is
// one (at N = 10, every worker, after nine approvals of theirs that name other classes), denied
// (decision.approval_missing) otherwise (at N = 10,000, every worker: the first thousand after
// one approval of theirs).
std::vector<MixEntry> make_take_out_mix(int n, Timestamp at) {
  std::vector<MixEntry> mix;
  for (std::int64_t k = 0; k < kMix; ++k) {
    const int worker = static_cast<int>((k * 7919) % n);
    const int own = worker % kClasses;
    const int base = static_cast<int>((k * 104729) % n) / kClasses * kClasses;
    MixEntry entry;
    entry.request.contract = kContract;
    entry.request.person = worker_id(worker);
    entry.request.action = domain::Action::TakeOut;
    entry.request.asset = asset_id(base + own);
    entry.request.location = "hq";
    entry.request.purpose = kContract;
    entry.request.at = at;
    entry.allow = 9 * n + worker < kApprovals;
    mix.push_back(std::move(entry));
  }
  return mix;
}

struct Timing {
  double p50_ns = 0, p99_ns = 0, mean_ns = 0;
  std::int64_t decisions = 0;
  std::int64_t allowed = 0;  // of the decisions timed (the mix allows half)
};

double percentile(std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  return sorted[std::min(sorted.size() - 1, static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1)))];
}

// Batches of kBatch consecutive decisions of the mix, each batch timed with the steady clock
// and giving one sample (its time ÷ kBatch): the clock's own cost (~20 ns a reading) is spread
// over 100 decisions. p50 and p99 are over the samples; the node peers measure the same way.
// The workloads are timed in turns (kRounds windows each) so that a slow spell of the machine
// falls on all of them alike and their ratio stays meaningful.
struct Workload {
  const policy::ContractSnapshot* snapshot;
  const std::vector<MixEntry>* mix;
};
constexpr int kRounds = 10;

Result<std::vector<Timing>> time_decisions(std::span<const Workload> workloads, double seconds) {
  for (const auto& workload : workloads)
    for (const auto& entry : *workload.mix) {
      const auto decision = workload.snapshot->decide(entry.request);
      if ((decision.effect == policy::Effect::Allow) != entry.allow)
        return make_error(ErrorKind::Internal, "bench.unexpected_decision", "想定と異なる判定です",
                          "a decision of the mix is not the expected one")
            .with("person", entry.request.person)
            .with("asset", entry.request.asset)
            .with("reason", decision.reasons.empty() ? "" : std::string(decision.reasons.front().code));
    }
  std::vector<std::vector<double>> samples(workloads.size());
  std::vector<std::int64_t> allowed(workloads.size(), 0);
  std::vector<std::size_t> at(workloads.size(), 0);
  auto run = [&](std::size_t w, double for_seconds, bool keep) {
    const auto& snapshot = *workloads[w].snapshot;
    const auto& mix = *workloads[w].mix;
    const auto until = SteadyClock::now() + std::chrono::duration<double>(for_seconds);
    while (SteadyClock::now() < until) {
      const auto start = SteadyClock::now();
      for (int i = 0; i < kBatch; ++i) {
        if (snapshot.decide(mix[at[w]].request).effect == policy::Effect::Allow) ++allowed[w];
        at[w] = at[w] + 1 == mix.size() ? 0 : at[w] + 1;
      }
      if (keep)
        samples[w].push_back(std::chrono::duration<double, std::nano>(SteadyClock::now() - start).count() / kBatch);
    }
  };
  for (std::size_t w = 0; w < workloads.size(); ++w) run(w, 0.5, false);
  std::fill(allowed.begin(), allowed.end(), 0);
  for (int round = 0; round < kRounds; ++round)
    for (std::size_t w = 0; w < workloads.size(); ++w) run(w, seconds / kRounds, true);
  std::vector<Timing> timings;
  for (std::size_t w = 0; w < workloads.size(); ++w) {
    auto& list = samples[w];
    std::sort(list.begin(), list.end());
    Timing timing;
    timing.p50_ns = percentile(list, 0.50);
    timing.p99_ns = percentile(list, 0.99);
    double sum = 0;
    for (double sample : list) sum += sample;
    timing.mean_ns = list.empty() ? 0 : sum / static_cast<double>(list.size());
    timing.decisions = static_cast<std::int64_t>(list.size()) * kBatch;
    timing.allowed = allowed[w];  // printed, so no decision can be optimised away
    timings.push_back(timing);
  }
  return timings;
}

// --- Child processes ------------------------------------------------------------------------

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// This process's environment with `extra` ("NAME=value") added.
std::vector<std::string> environment_with(const std::vector<std::string>& extra) {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) env.emplace_back(*e);
  env.insert(env.end(), extra.begin(), extra.end());
  return env;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

struct Captured {
  int status = -1;  // exit status, -1 when it did not exit normally
  std::string out, err;
};

// Runs a command to completion; standard output and standard error are returned.
Result<Captured> capture(std::vector<std::string> args, const std::vector<std::string>& extra_env = {}) {
  char err_path[] = "/tmp/itaku-bench-stderr-XXXXXX";
  const int err_fd = ::mkstemp(err_path);
  int pipe_fds[2];
  if (err_fd < 0 || ::pipe(pipe_fds) != 0)
    return make_error(ErrorKind::Io, "bench.spawn_failed", "子プロセスを起動できません", "cannot start a process");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_fd, STDERR_FILENO);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[1]);
  posix_spawn_file_actions_addclose(&actions, err_fd);
  auto env = environment_with(extra_env);
  auto argv = c_strings(args);
  auto envp = c_strings(env);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, args.front().c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  Captured captured;
  if (spawned == 0) {
    char buffer[4096];
    for (;;) {
      const auto got = ::read(pipe_fds[0], buffer, sizeof(buffer));
      if (got > 0)
        captured.out.append(buffer, static_cast<std::size_t>(got));
      else if (got == 0 || errno != EINTR)
        break;
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    captured.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  ::close(pipe_fds[0]);
  ::close(err_fd);
  captured.err = read_file(err_path);
  ::unlink(err_path);
  if (spawned != 0)
    return make_error(ErrorKind::Io, "bench.spawn_failed", "子プロセスを起動できません", "cannot start a process")
        .with("command", args.front())
        .with("error", std::strerror(spawned));
  return captured;
}

// A long-running child (a server) with its output in a log file; stopped when destroyed.
class Child {
 public:
  Child() = default;
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child() { stop(); }

  Result<void> start(std::vector<std::string> args, const std::vector<std::string>& extra_env,
                     const std::filesystem::path& log) {
    log_ = log;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    auto env = environment_with(extra_env);
    auto argv = c_strings(args);
    auto envp = c_strings(env);
    const int spawned = posix_spawn(&pid_, args.front().c_str(), &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
      pid_ = -1;
      return make_error(ErrorKind::Io, "bench.spawn_failed", "子プロセスを起動できません", "cannot start a process")
          .with("command", args.front())
          .with("error", std::strerror(spawned));
    }
    return ok();
  }

  bool running() const { return pid_ > 0 && ::waitpid(pid_, nullptr, WNOHANG) == 0; }
  std::string log() const { return read_file(log_); }

  // User + system CPU seconds of the child so far (all its threads), from /proc.
  double cpu_seconds() const {
    std::ifstream in("/proc/" + std::to_string(pid_) + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto paren = stat.rfind(')');
    if (paren == std::string::npos) return 0;
    std::istringstream fields(stat.substr(paren + 2));
    std::string field;
    double utime = 0, stime = 0;
    // After "(comm)": state is field 3, utime field 14 and stime field 15.
    for (int i = 3; i <= 15 && fields >> field; ++i) {
      if (i == 14) utime = std::atof(field.c_str());
      if (i == 15) stime = std::atof(field.c_str());
    }
    return (utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
  }

  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 100; ++i) {
      if (::waitpid(pid_, &status, WNOHANG) != 0) {
        pid_ = -1;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
  std::filesystem::path log_;
};

// A port nobody listens on now (for a server that cannot be told to pick one itself).
std::optional<std::uint16_t> free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return std::nullopt;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  std::optional<std::uint16_t> port;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
    port = ntohs(address.sin_port);
  ::close(fd);
  return port;
}

std::string trim(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  const auto first = text.find_first_not_of(" \t\r\n");
  return first == std::string::npos ? "" : text.substr(first);
}

double round_to(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(value * scale) / scale;
}

json or_null(const std::optional<double>& value, int decimals) {
  return value ? json(round_to(*value, decimals)) : json(nullptr);
}

// --- Node peers (casbin, Cedar) -------------------------------------------------------------

// Runs bench/peers/<script> --workers n and returns the JSON object it prints; on failure says
// why in `notes`.
std::optional<json> run_node_peer(const std::string& node, const std::filesystem::path& script, int n, double seconds,
                                  json& notes) {
  auto captured =
      capture({node, script.string(), "--workers", std::to_string(n), "--seconds", std::to_string(seconds)});
  if (!captured) {
    notes.push_back(script.filename().string() + ": " + describe(captured.error()));
    return std::nullopt;
  }
  const auto last_line = [](const std::string& text) {
    const auto trimmed = trim(text);
    const auto newline = trimmed.rfind('\n');
    return newline == std::string::npos ? trimmed : trimmed.substr(newline + 1);
  };
  if (captured->status != 0) {
    notes.push_back(script.filename().string() + " --workers " + std::to_string(n) + " failed (exit " +
                    std::to_string(captured->status) + "): " + last_line(captured->err));
    return std::nullopt;
  }
  auto value = json::parse(last_line(captured->out), nullptr, false);
  if (value.is_discarded() || !value.contains("p50_ns")) {
    notes.push_back(script.filename().string() + " printed no result: " + last_line(captured->out));
    return std::nullopt;
  }
  return value;
}

// --- Over HTTP ------------------------------------------------------------------------------

struct HttpRun {
  WrkResult wrk;
  double server_cores = 0;  // CPU seconds of the server per second of the run
};

// One body per request of the HTTP mix, repeated in this order: half allowed reads of a class
// derived from 一般 (設計書), half denials (class not in scope, unregistered location, another
// purpose). Each peer answers its own form of the same six requests.
struct HttpCase {
  std::string body;
  bool allow = false;
};

std::string lua_script(const std::vector<HttpCase>& cases, const std::vector<std::string>& headers) {
  std::string lua = "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n";
  for (const auto& header : headers) lua += header + "\n";
  lua += "local bodies = {\n";
  for (const auto& c : cases) lua += "  [==[" + c.body + "]==],\n";
  lua +=
      "}\n"
      "local i = 0\n"
      "request = function()\n"
      "  i = i % #bodies + 1\n"
      "  return wrk.format(nil, nil, nil, bodies[i])\n"
      "end\n";
  return lua;
}

// Drives `url` with wrk and the script; the server's CPU is read from /proc around the run.
std::optional<HttpRun> drive(const std::string& wrk, const DecideBenchOptions& options, const std::string& url,
                             const std::filesystem::path& script, const Child& server, const char* name, json& notes) {
  const double cpu_before = server.cpu_seconds();
  const auto started = SteadyClock::now();
  auto result = run_wrk(wrk, {options.threads, options.connections, options.duration_s, script.string()}, url);
  const double wall = std::chrono::duration<double>(SteadyClock::now() - started).count();
  if (!result) {
    notes.push_back(std::string(name) + ": wrk failed (see standard error)");
    return std::nullopt;
  }
  if (result->non_2xx != 0) {
    notes.push_back(std::string(name) + ": " + std::to_string(result->non_2xx) + " responses were not 2xx");
    return std::nullopt;
  }
  if (!result->socket_errors.empty()) notes.push_back(std::string(name) + ": wrk " + result->socket_errors);
  return HttpRun{*result, (server.cpu_seconds() - cpu_before) / wall};
}

// --- Over HTTP, itaku: one or two `itaku serve` on one database --------------------------------

// What an instance's /metrics says about its own appends: the transactions it committed and the
// entries in them (its ledger's size also counts what it read from another instance).
struct LedgerMetrics {
  double batches = 0;
  double appended = 0;  // entries this instance appended: batches × mean entries per batch
};

std::optional<LedgerMetrics> ledger_metrics(std::uint16_t port) {
  httplib::Client client("127.0.0.1", port);
  auto response = client.Get("/metrics");
  if (!response || response->status != 200) return std::nullopt;
  std::istringstream lines(response->body);
  std::string line;
  LedgerMetrics out;
  double mean = 0;
  int found = 0;
  const std::pair<std::string_view, double*> gauges[] = {{"itaku_ledger_append_batches_total ", &out.batches},
                                                         {"itaku_ledger_mean_batch_entries ", &mean}};
  while (std::getline(lines, line))
    for (const auto& [name, value] : gauges)
      if (line.rfind(name, 0) == 0) {
        *value = std::atof(line.c_str() + name.size());
        ++found;
      }
  if (found != 2) return std::nullopt;
  out.appended = std::round(mean * out.batches);
  return out;
}

// The machine's CPU time so far, all cores, from the first line of /proc/stat (in clock ticks):
// busy (user, nice, system, irq, softirq, steal) and in all.
struct MachineCpu {
  double busy = 0, total = 0;
};
MachineCpu machine_cpu() {
  std::ifstream in("/proc/stat");
  std::string cpu;
  in >> cpu;
  double fields[8] = {};
  for (double& field : fields) in >> field;
  MachineCpu out;
  for (double field : fields) out.total += field;
  out.busy = out.total - fields[3] - fields[4];  // idle and iowait
  return out;
}

// One `itaku serve` of a run, with its own data directory.
struct Instance {
  std::filesystem::path data_dir;
  std::unique_ptr<Child> server;
  std::uint16_t port = 0;
};

// The instances of one backend, all on one database, and what drives them: the token of yamada
// of shinano-is and the wrk script that sends the six decisions with it.
struct Cluster {
  std::string backend;       // "sqlite" or "postgres"
  std::string database_url;  // given to every itaku command (--database)
  std::string token;
  std::vector<HttpCase> cases;
  std::filesystem::path script;
  std::filesystem::path dir;
  std::vector<Instance> instances;  // [0] serves throughout; [1] only during the runs with two
};

// One wrk run against every instance of a cluster at once.
struct ClusterRun {
  int instances = 0;
  double decisions_per_s = 0;     // the wrk runs' sum
  double p50_ms = 0, p99_ms = 0;  // with two instances, the worse of the two wrk runs'
  std::int64_t requests = 0;
  double entries_added = 0;  // ledger entries the instances appended during the run
  double batches_per_s = 0;  // append transactions (one durable commit each), all instances
  double mean_batch_entries = 0;
  double server_cores = 0;  // CPU seconds of the itaku servers per second of the run
  double wrk_cores = 0;
  double machine_busy = 0;  // the fraction of the machine's cores busy during the run (everything)
  std::vector<WrkResult> per_instance;
};

// Runs `itaku --data-dir DIR --database URL ARGS…` to completion.
std::optional<Captured> run_itaku(const DecideBenchOptions& options, const Cluster& cluster,
                                  const std::filesystem::path& data_dir, std::vector<std::string> args, json& notes) {
  const auto command = args.front();
  args.insert(args.begin(), {options.itaku, "--data-dir", data_dir.string(), "--database", cluster.database_url});
  auto captured = capture(args);
  if (!captured || captured->status != 0) {
    notes.push_back(cluster.backend + ": itaku " + command + ": " +
                    (captured ? trim(captured->err + captured->out) : describe(captured.error())));
    return std::nullopt;
  }
  return *captured;
}

// Starts `itaku serve` for `instance` on a free port and waits until it listens.
bool start_instance(const DecideBenchOptions& options, const Cluster& cluster, Instance& instance, json& notes) {
  instance.server = std::make_unique<Child>();
  auto& server = *instance.server;
  const auto log = instance.data_dir.string() + "-serve.log";
  // The token's rate limit is off: this measures what the server can do, not what one client
  // is allowed to ask (docs/CONFIG.md).
  if (auto started =
          server.start({options.itaku, "--data-dir", instance.data_dir.string(), "--database", cluster.database_url,
                        "serve", "--listen", "127.0.0.1:0", "--io-threads", std::to_string(options.io_threads)},
                       {"ITAKU_LIMITS_TOKEN_RATE=0", "ITAKU_SERVER_METRICS_ADDRESSES=127.0.0.1"}, log);
      !started) {
    notes.push_back(cluster.backend + ": itaku serve: " + describe(started.error()));
    return false;
  }
  instance.port = 0;
  constexpr std::string_view kServing = "serving on http://127.0.0.1:";
  // A second instance first reads the whole ledger the first one has written so far.
  for (int i = 0; i < 1200 && instance.port == 0 && server.running(); ++i) {
    const auto text = server.log();
    if (const auto at = text.find(kServing); at != std::string::npos)
      instance.port = static_cast<std::uint16_t>(std::atoi(text.c_str() + at + kServing.size()));
    else
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (instance.port == 0) {
    notes.push_back(cluster.backend + ": itaku serve did not start: " + trim(server.log()));
    return false;
  }
  return true;
}

// Each of the six decisions once, checked, before an instance is measured.
bool check_answers(const Cluster& cluster, const Instance& instance, json& notes) {
  httplib::Client client("127.0.0.1", instance.port);
  const httplib::Headers headers = {{"Authorization", "Bearer " + cluster.token}};
  for (const auto& c : cluster.cases) {
    auto response = client.Post("/api/v1/decide", headers, c.body, "application/json");
    const auto value = response ? json::parse(response->body, nullptr, false) : json();
    if (!response || response->status != 200 || !value.is_object() ||
        value.value("decision", "") != (c.allow ? "allow" : "deny")) {
      notes.push_back(cluster.backend + ": itaku: POST /api/v1/decide " + c.body + " answered " +
                      (response ? std::to_string(response->status) + " " + response->body : "nothing"));
      return false;
    }
  }
  return true;
}

// `itaku init`, `itaku demo`, a token for yamada of shinano-is, then the first `itaku serve`,
// its answers checked.
std::optional<Cluster> prepare_cluster(const DecideBenchOptions& options, const std::string& backend,
                                       const std::string& database_url, const std::filesystem::path& dir, json& notes) {
  Cluster cluster;
  cluster.backend = backend;
  cluster.database_url = database_url;
  cluster.dir = dir;
  cluster.instances.resize(1);
  auto& first = cluster.instances.front();
  first.data_dir = dir / (backend + "-1");
  if (database_url.empty()) cluster.database_url = "sqlite:" + (first.data_dir / "itaku.db").string();
  if (!run_itaku(options, cluster, first.data_dir, {"init", "--origin", "bench.itaku/decide"}, notes) ||
      !run_itaku(options, cluster, first.data_dir, {"demo"}, notes))
    return std::nullopt;
  const auto created = run_itaku(options, cluster, first.data_dir,
                                 {"token", "create", "--login", "yamada", "--org", "shinano-is", "--contract",
                                  "nagano-2026-001", "--label", "itaku-bench decide"},
                                 notes);
  if (!created) return std::nullopt;
  cluster.token = trim(created->out);

  auto body = [](const char* person, const char* location, const char* purpose) {
    return json{{"contract", "nagano-2026-001"},
                {"person", person},
                {"action", "read"},
                {"asset", "spec-v3"},
                {"context", {{"location", location}, {"purpose", purpose}, {"time", "2026-08-03T01:00:00Z"}}}}
        .dump();
  };
  cluster.cases = {
      {body("p-tanaka", "hq", "nagano-2026-001"), true}, {body("p-suzuki", "hq", "nagano-2026-001"), false},
      {body("p-tanaka", "hq", "nagano-2026-001"), true}, {body("p-tanaka", "home", "nagano-2026-001"), false},
      {body("p-tanaka", "hq", "nagano-2026-001"), true}, {body("p-tanaka", "hq", "other-2026-999"), false},
  };
  cluster.script = dir / (backend + "-decide.lua");
  std::ofstream(cluster.script) << lua_script(cluster.cases,
                                              {"wrk.headers[\"Authorization\"] = \"Bearer " + cluster.token + "\""});
  if (!start_instance(options, cluster, first, notes) || !check_answers(cluster, first, notes)) return std::nullopt;
  return cluster;
}

// A second instance on the first one's database: its own data directory with the first one's
// keys (the ledger's signing key and the secrets key) and configuration, as an operator copies
// them to another machine.
bool join_instance(const DecideBenchOptions& options, Cluster& cluster, json& notes) {
  namespace fs = std::filesystem;
  const auto& first = cluster.instances.front();
  Instance second;
  second.data_dir = cluster.dir / (cluster.backend + "-2");
  std::error_code error;
  if (!fs::exists(second.data_dir / "keys")) {
    fs::create_directories(second.data_dir / "keys", error);
    for (const auto& dir : {second.data_dir, second.data_dir / "keys"})
      if (!error) fs::permissions(dir, fs::perms::owner_all, error);
    // secrets.key is made when first needed; were it not there yet, the second instance would
    // make its own, which only matters for two-factor seeds (the benchmark has none).
    for (const auto& name : {fs::path("keys/ledger.key"), fs::path("keys/secrets.key"), fs::path("itaku.toml")})
      if (!error && fs::exists(first.data_dir / name) &&
          fs::copy_file(first.data_dir / name, second.data_dir / name, error))
        fs::permissions(second.data_dir / name, fs::perms::owner_read | fs::perms::owner_write, error);
    if (error) {
      notes.push_back(cluster.backend + ": cannot prepare the second instance's data directory: " + error.message());
      return false;
    }
  }
  cluster.instances.push_back(std::move(second));
  auto& joined = cluster.instances.back();
  if (!start_instance(options, cluster, joined, notes) || !check_answers(cluster, joined, notes)) {
    cluster.instances.pop_back();
    return false;
  }
  return true;
}

// wrk against every instance of the cluster at once, the connections and wrk threads shared
// out between them, so that two instances get the same load in all as one.
std::optional<ClusterRun> drive_cluster(const std::string& wrk, const DecideBenchOptions& options,
                                        const Cluster& cluster, json& notes) {
  const auto count = static_cast<int>(cluster.instances.size());
  const std::string name = cluster.backend + " ×" + std::to_string(count);
  std::vector<LedgerMetrics> before;
  std::vector<double> cpu_before;
  for (const auto& instance : cluster.instances) {
    const auto metrics = ledger_metrics(instance.port);
    if (!metrics) {
      notes.push_back(name + ": /metrics did not answer");
      return std::nullopt;
    }
    before.push_back(*metrics);
    cpu_before.push_back(instance.server->cpu_seconds());
  }
  std::vector<std::optional<WrkResult>> results(cluster.instances.size());
  const auto machine_before = machine_cpu();
  const auto started = SteadyClock::now();
  {
    std::vector<std::thread> threads;
    threads.reserve(cluster.instances.size());
    for (int i = 0; i < count; ++i)
      threads.emplace_back([&, i] {
        const WrkLoad load{std::max(1, options.threads / count), std::max(1, options.connections / count),
                           options.duration_s, cluster.script.string()};
        results[i] =
            run_wrk(wrk, load, "http://127.0.0.1:" + std::to_string(cluster.instances[i].port) + "/api/v1/decide");
      });
    for (auto& thread : threads) thread.join();
  }
  const double wall = std::chrono::duration<double>(SteadyClock::now() - started).count();
  const auto machine_after = machine_cpu();
  ClusterRun run;
  run.instances = count;
  double batches = 0;
  for (int i = 0; i < count; ++i) {
    const auto& instance = cluster.instances[i];
    const auto& result = results[i];
    if (!result) {
      notes.push_back(name + ": wrk failed (see standard error)");
      return std::nullopt;
    }
    if (result->non_2xx != 0) {
      notes.push_back(name + ": " + std::to_string(result->non_2xx) + " responses were not 2xx");
      return std::nullopt;
    }
    if (!result->socket_errors.empty()) notes.push_back(name + ": wrk " + result->socket_errors);
    run.decisions_per_s += result->requests_per_s;
    run.p50_ms = std::max(run.p50_ms, result->p50_ms);
    run.p99_ms = std::max(run.p99_ms, result->p99_ms);
    run.requests += result->requests;
    run.wrk_cores += result->wrk_cores;
    run.server_cores += (instance.server->cpu_seconds() - cpu_before[i]) / wall;
    if (const auto after = ledger_metrics(instance.port)) {
      run.entries_added += after->appended - before[i].appended;
      batches += after->batches - before[i].batches;
    }
    run.per_instance.push_back(*result);
  }
  run.batches_per_s = batches / wall;
  run.mean_batch_entries = batches > 0 ? run.entries_added / batches : 0;
  const double total = machine_after.total - machine_before.total;
  run.machine_busy = total > 0 ? (machine_after.busy - machine_before.busy) / total : 0;
  return run;
}

// The same server's URL naming another database on it.
std::string with_database(const std::string& url, const std::string& name) {
  const auto scheme = url.find("://");
  if (scheme == std::string::npos) return url + " dbname=" + name;  // a keyword/value string
  const auto path = url.find_first_of("/?", scheme + 3);
  if (path == std::string::npos) return url + "/" + name;
  const auto query = url.find('?', path);
  return url.substr(0, path) + "/" + name + (query == std::string::npos ? "" : url.substr(query));
}

// Runs one statement outside a transaction (CREATE and DROP DATABASE cannot run in one, so not
// through the storage layer) on its own short connection; returns why it failed.
std::optional<std::string> postgres_admin(const std::string& url, const std::string& sql) {
  PGconn* connection = PQconnectdb(url.c_str());
  std::optional<std::string> failure;
  if (PQstatus(connection) != CONNECTION_OK) {
    failure = trim(PQerrorMessage(connection));
  } else {
    PGresult* result = PQexec(connection, sql.c_str());
    if (PQresultStatus(result) != PGRES_COMMAND_OK) failure = trim(PQerrorMessage(connection));
    PQclear(result);
  }
  PQfinish(connection);
  return failure;
}

// Every configuration of the run, with each round's figures: (backend, instances) → runs.
using RunsByConfiguration = std::map<std::pair<std::string, int>, std::vector<ClusterRun>>;

double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto middle = values.size() / 2;
  return values.size() % 2 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

// A configuration's figures over its rounds: the median of each.
ClusterRun median_run(const std::vector<ClusterRun>& runs) {
  ClusterRun out;
  if (runs.empty()) return out;
  auto of = [&](double ClusterRun::*field) {
    std::vector<double> values;
    values.reserve(runs.size());
    for (const auto& run : runs) values.push_back(run.*field);
    return median(std::move(values));
  };
  out.instances = runs.front().instances;
  out.decisions_per_s = of(&ClusterRun::decisions_per_s);
  out.p50_ms = of(&ClusterRun::p50_ms);
  out.p99_ms = of(&ClusterRun::p99_ms);
  out.entries_added = of(&ClusterRun::entries_added);
  out.batches_per_s = of(&ClusterRun::batches_per_s);
  out.mean_batch_entries = of(&ClusterRun::mean_batch_entries);
  out.server_cores = of(&ClusterRun::server_cores);
  out.wrk_cores = of(&ClusterRun::wrk_cores);
  out.machine_busy = of(&ClusterRun::machine_busy);
  std::vector<double> requests;
  requests.reserve(runs.size());
  for (const auto& run : runs) requests.push_back(static_cast<double>(run.requests));
  out.requests = static_cast<std::int64_t>(median(std::move(requests)));
  return out;
}

struct CerbosHttp {
  HttpRun run;
  std::string version;
};

// Cerbos from npm (@cerbos/cerbos-linux-x64) with bench/peers/cerbos/{config.yaml,policies},
// on loopback, telemetry off, driven with POST /api/check/resources, one resource and one
// action per request.
std::optional<CerbosHttp> cerbos_http(const DecideBenchOptions& options, const std::string& wrk,
                                      const std::filesystem::path& dir, json& notes) {
  const std::filesystem::path peers = options.peers_dir;
  const auto binary = peers / "node_modules/@cerbos/cerbos-linux-x64/cerbos-linux-x64";
  if (::access(binary.c_str(), X_OK) != 0) {
    notes.push_back("cerbos: " + binary.string() + " is missing: run `npm ci` in " + peers.string());
    return std::nullopt;
  }
  std::string version;
  if (auto v = capture({binary.string(), "--version"}); v && v->status == 0)
    version = trim(v->out.substr(0, v->out.find('\n')));
  const auto http_port = free_port();
  const auto grpc_port = free_port();
  if (!http_port || !grpc_port || *http_port == *grpc_port) {
    notes.push_back("cerbos: no free port on 127.0.0.1");
    return std::nullopt;
  }
  Child server;
  if (auto started =
          server.start({binary.string(), "server", "--config=" + (peers / "cerbos/config.yaml").string(),
                        "--set=storage.disk.directory=" + (peers / "cerbos/policies").string(),
                        "--set=server.httpListenAddr=127.0.0.1:" + std::to_string(*http_port),
                        "--set=server.grpcListenAddr=127.0.0.1:" + std::to_string(*grpc_port), "--log-level=warn"},
                       {"CERBOS_NO_TELEMETRY=1"}, dir / "cerbos.log");
      !started) {
    notes.push_back("cerbos: " + describe(started.error()));
    return std::nullopt;
  }
  httplib::Client client("127.0.0.1", *http_port);
  bool healthy = false;
  for (int i = 0; i < 300 && !healthy && server.running(); ++i) {
    auto response = client.Get("/_cerbos/health");
    healthy = response && response->status == 200;
    if (!healthy) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (!healthy) {
    notes.push_back("cerbos did not start: " + trim(server.log()));
    return std::nullopt;
  }

  // What itaku holds about p-tanaka and p-suzuki on nagano-2026-001 (the demo), passed with
  // every check because Cerbos keeps no state.
  auto body = [](const char* person, const char* scope, const char* location, const char* purpose) {
    return json{{"principal",
                 {{"id", person},
                  {"roles", {"worker"}},
                  {"attr",
                   {{"contracts", {"nagano-2026-001", "kisarazu-2026-014"}},
                    {"scope", {scope}},
                    {"registered_locations", {"hq", "city-dc"}},
                    {"location", location},
                    {"purpose", purpose}}}}},
                {"resources",
                 {{{"actions", {"read"}},
                   {"resource",
                    {{"kind", "asset"},
                     {"id", "spec-v3"},
                     {"attr",
                      {{"class", "design"},
                       {"contract", "nagano-2026-001"},
                       {"contract_number", "長野市情政第2026-001号"},
                       {"contract_active", true}}}}}}}}}
        .dump();
  };
  const std::vector<HttpCase> cases = {
      {body("p-tanaka", "design", "hq", "nagano-2026-001"), true},
      {body("p-suzuki", "personal", "hq", "nagano-2026-001"), false},
      {body("p-tanaka", "design", "hq", "nagano-2026-001"), true},
      {body("p-tanaka", "design", "home", "nagano-2026-001"), false},
      {body("p-tanaka", "design", "hq", "nagano-2026-001"), true},
      {body("p-tanaka", "design", "hq", "other-2026-999"), false},
  };
  for (const auto& c : cases) {
    auto response = client.Post("/api/check/resources", c.body, "application/json");
    const auto value = response ? json::parse(response->body, nullptr, false) : json();
    const auto effect = value.is_object() ? value.value(json::json_pointer("/results/0/actions/read"), "") : "";
    if (!response || response->status != 200 || effect != (c.allow ? "EFFECT_ALLOW" : "EFFECT_DENY")) {
      notes.push_back("cerbos: POST /api/check/resources answered " +
                      (response ? std::to_string(response->status) + " " + response->body : "nothing"));
      return std::nullopt;
    }
  }
  const auto script = dir / "cerbos-check.lua";
  std::ofstream(script) << lua_script(cases, {});
  auto run = drive(wrk, options, "http://127.0.0.1:" + std::to_string(*http_port) + "/api/check/resources", script,
                   server, "cerbos", notes);
  if (!run) return std::nullopt;
  return CerbosHttp{*run, version};
}

double load_average() {
  double load = 0;
  std::ifstream("/proc/loadavg") >> load;
  return load;
}

}  // namespace

int run_decide(const DecideBenchOptions& given) {
  auto options = given;
  if (options.peers_dir.empty()) options.peers_dir = ITAKU_BENCH_PEERS_DIR;
  if (options.itaku.empty())
    options.itaku = (std::filesystem::read_symlink("/proc/self/exe").parent_path() / "itaku").string();
  const std::vector<std::string> backends =
      options.backend == "both" ? std::vector<std::string>{"sqlite", "postgres"} : std::vector{options.backend};
  std::string postgres_url = options.database;
  if (postgres_url.empty())
    if (const char* env = std::getenv("ITAKU_BENCH_POSTGRES_URL")) postgres_url = env;
  if (!options.skip_http && options.backend != "sqlite" && postgres_url.empty()) {
    std::cerr << "itaku-bench: --backend " << options.backend
              << " needs --database URL (or ITAKU_BENCH_POSTGRES_URL), a PostgreSQL server where a scratch "
                 "database may be made\n";
    return 2;
  }
  json notes = json::array();
  const double load_before = load_average();
  const auto at = parse_utc(kDecideAt).release_value();

  // In process: itaku.
  struct Size {
    int n;
    Timing timing;
    double state_s = 0, snapshot_ms = 0;
  };
  std::vector<Size> sizes = {{10, {}}, {10000, {}}};
  std::vector<std::shared_ptr<const policy::ContractSnapshot>> snapshots;
  std::vector<std::vector<MixEntry>> mixes;
  for (auto& size : sizes) {
    auto started = SteadyClock::now();
    auto state = build_state(size.n);
    if (!state) {
      std::cerr << "itaku-bench: building the state for " << size.n << ": " << describe(state.error()) << "\n";
      return 1;
    }
    size.state_s = std::chrono::duration<double>(SteadyClock::now() - started).count();
    started = SteadyClock::now();
    snapshots.push_back(policy::ContractSnapshot::build(*state, kContract));
    size.snapshot_ms = std::chrono::duration<double, std::milli>(SteadyClock::now() - started).count();
    mixes.push_back(make_mix(size.n, at));
  }
  std::vector<std::vector<MixEntry>> take_outs;
  take_outs.reserve(sizes.size());
  for (const auto& size : sizes) take_outs.push_back(make_take_out_mix(size.n, at));
  std::vector<Workload> workloads;
  for (std::size_t i = 0; i < sizes.size(); ++i) workloads.push_back({snapshots[i].get(), &mixes[i]});
  for (std::size_t i = 0; i < sizes.size(); ++i) workloads.push_back({snapshots[i].get(), &take_outs[i]});
  auto timings = time_decisions(workloads, options.seconds);
  if (!timings) {
    std::cerr << "itaku-bench: " << describe(timings.error()) << "\n";
    return 1;
  }
  for (std::size_t i = 0; i < sizes.size(); ++i) sizes[i].timing = (*timings)[i];
  const auto& small = sizes[0].timing;
  const auto& large = sizes[1].timing;
  const auto& take_out_small = (*timings)[2];
  const auto& take_out_large = (*timings)[3];

  // In process: the node peers, same workload, same method.
  const std::filesystem::path peers = options.peers_dir;
  json peer_results = json::object();
  std::optional<double> casbin_p50, cedar_p50;
  const auto node = find_executable("node");
  if (options.skip_peers) {
    notes.push_back("casbin, cedar, cerbos: skipped (--skip-peers)");
  } else if (!node) {
    notes.push_back("casbin, cedar: node is not installed (apt-get install nodejs)");
  } else if (!std::filesystem::exists(peers / "node_modules")) {
    notes.push_back("casbin, cedar: " + (peers / "node_modules").string() + " is missing: run `npm ci` in " +
                    peers.string());
  } else {
    for (const auto& [name, script, p50] :
         {std::tuple{"casbin_node", "casbin.mjs", &casbin_p50}, std::tuple{"cedar_wasm", "cedar.mjs", &cedar_p50}}) {
      json entry = json::object();
      for (int n : {10, 10000}) {
        auto result = run_node_peer(*node, peers / script, n, options.seconds, notes);
        const auto suffix = "_" + std::to_string(n);
        entry["p50_ns" + suffix] = result ? (*result)["p50_ns"] : json(nullptr);
        entry["p99_ns" + suffix] = result ? (*result)["p99_ns"] : json(nullptr);
        if (result) {
          entry["version"] = (*result)["version"];
          entry["node"] = (*result)["node"];
          if (n == 10000) *p50 = (*result)["p50_ns"].get<double>();
        }
      }
      peer_results[name] = entry;
    }
  }

  // Over HTTP: each backend's instances prepared, then every configuration measured once per
  // round, in turns, so that a slow spell of the machine falls on all of them alike.
  RunsByConfiguration runs;
  std::optional<CerbosHttp> cerbos_run;
  bool itaku_failed = false;
  if (!options.skip_http) {
    const auto wrk = find_executable("wrk");
    std::string pattern = (std::filesystem::temp_directory_path() / "itaku-bench-decide-XXXXXX").string();
    if (!wrk) {
      notes.push_back("http: wrk is not installed (apt-get install wrk)");
    } else if (!::mkdtemp(pattern.data())) {
      notes.push_back("http: cannot make a temporary directory");
    } else {
      const std::filesystem::path dir = pattern;
      std::string scratch;  // the PostgreSQL database made for this run
      {
        std::vector<Cluster> clusters;
        for (const auto& backend : backends) {
          std::string url;
          if (backend == "postgres") {
            scratch = "itaku_bench_decide_" + std::to_string(::getpid());
            if (auto failed = postgres_admin(postgres_url,
                                             "CREATE DATABASE " + scratch + " TEMPLATE template0 ENCODING 'UTF8'")) {
              notes.push_back("postgres: cannot make the database " + scratch + ": " + *failed);
              scratch.clear();
              itaku_failed = true;
              continue;
            }
            url = with_database(postgres_url, scratch);
          }
          if (auto cluster = prepare_cluster(options, backend, url, dir, notes))
            clusters.push_back(std::move(*cluster));
          else
            itaku_failed = true;
        }
        for (int round = 0; round < options.rounds; ++round)
          for (auto& cluster : clusters) {
            auto run = drive_cluster(*wrk, options, cluster, notes);
            if (run) runs[{cluster.backend, 1}].push_back(std::move(*run));
            itaku_failed = itaku_failed || !run;
            if (options.instances < 2) continue;
            // The second instance runs only while both are measured: idle, it would still read
            // what the first appends (every 0.5 s) and take CPU from the run of one.
            const bool joined = join_instance(options, cluster, notes);
            run = joined ? drive_cluster(*wrk, options, cluster, notes) : std::nullopt;
            if (run) runs[{cluster.backend, 2}].push_back(std::move(*run));
            itaku_failed = itaku_failed || !run;
            if (joined) cluster.instances.pop_back();
          }
      }  // every itaku server stops here
      if (!options.skip_peers) cerbos_run = cerbos_http(options, *wrk, dir, notes);
      if (!scratch.empty())
        if (auto failed = postgres_admin(postgres_url, "DROP DATABASE IF EXISTS " + scratch + " WITH (FORCE)"))
          notes.push_back("postgres: cannot drop the database " + scratch + ": " + *failed);
      std::error_code ignored;
      std::filesystem::remove_all(dir, ignored);
    }
  } else {
    notes.push_back("http: skipped (--skip-http)");
  }

  auto ratio = [](std::optional<double> a, std::optional<double> b) -> std::optional<double> {
    if (!a || !b || *b == 0) return std::nullopt;
    return *a / *b;
  };
  // The figures of a configuration (medians over the rounds), if it was measured.
  auto figures = [&](const std::string& backend, int instances) -> std::optional<ClusterRun> {
    const auto found = runs.find({backend, instances});
    if (found == runs.end() || found->second.empty()) return std::nullopt;
    return median_run(found->second);
  };
  // The first backend's single instance gives the figures this benchmark has always printed.
  const auto itaku_run = figures(backends.front(), 1);
  const auto http_rate = itaku_run ? std::optional<double>(itaku_run->decisions_per_s) : std::optional<double>();
  const auto http_p99 = itaku_run ? std::optional<double>(itaku_run->p99_ms) : std::optional<double>();
  const auto cerbos_rate =
      cerbos_run ? std::optional<double>(cerbos_run->run.wrk.requests_per_s) : std::optional<double>();
  const auto cerbos_p99 = cerbos_run ? std::optional<double>(cerbos_run->run.wrk.p99_ms) : std::optional<double>();
  const auto throughput_ratio = ratio(http_rate, cerbos_rate);
  const auto p99_ratio = ratio(http_p99, cerbos_p99);
  const auto speedup_cedar = ratio(cedar_p50, large.p50_ns);
  const auto speedup_casbin = ratio(casbin_p50, large.p50_ns);
  auto goal = [](std::optional<bool> met) { return met ? json(*met) : json(nullptr); };

  // The configurations side by side: each one's medians and every round's decisions/s, then
  // PostgreSQL against SQLite (one instance each) and two instances against one, as ratios of
  // the medians and round by round.
  json http_runs = json::array();
  for (const auto& [configuration, list] : runs) {
    const auto run = median_run(list);
    json rounds = json::array();
    for (const auto& each : list) rounds.push_back(round_to(each.decisions_per_s, 0));
    json per_instance = json::array();
    if (list.size() == 1)
      for (const auto& wrk_run : list.front().per_instance)
        per_instance.push_back({{"decisions_per_s", round_to(wrk_run.requests_per_s, 0)},
                                {"p50_ms", round_to(wrk_run.p50_ms, 3)},
                                {"p99_ms", round_to(wrk_run.p99_ms, 3)}});
    http_runs.push_back({{"backend", configuration.first},
                         {"instances", configuration.second},
                         {"decisions_per_s", round_to(run.decisions_per_s, 0)},
                         {"p50_ms", round_to(run.p50_ms, 3)},
                         {"p99_ms", round_to(run.p99_ms, 3)},
                         {"requests", run.requests},
                         {"ledger_entries_added", round_to(run.entries_added, 0)},
                         {"batches_per_s", round_to(run.batches_per_s, 0)},
                         {"mean_batch_entries", round_to(run.mean_batch_entries, 1)},
                         {"server_cores", round_to(run.server_cores, 2)},
                         {"wrk_cores", round_to(run.wrk_cores, 2)},
                         {"machine_busy", round_to(run.machine_busy, 2)},
                         {"decisions_per_s_rounds", rounds},
                         {"per_instance", per_instance}});
  }
  auto rate = [&](const std::string& backend, int instances) {
    const auto run = figures(backend, instances);
    return run ? std::optional<double>(run->decisions_per_s) : std::nullopt;
  };
  // Round by round: the ratio of the two configurations' runs of the same round.
  auto ratios_by_round = [&](const std::pair<std::string, int>& a, const std::pair<std::string, int>& b) {
    json out = json::array();
    const auto first = runs.find(a), second = runs.find(b);
    if (first == runs.end() || second == runs.end()) return out;
    for (std::size_t i = 0; i < std::min(first->second.size(), second->second.size()); ++i)
      if (second->second[i].decisions_per_s > 0)
        out.push_back(round_to(first->second[i].decisions_per_s / second->second[i].decisions_per_s, 2));
    return out;
  };
  const auto postgres_vs_sqlite = ratio(rate("postgres", 1), rate("sqlite", 1));
  json two_vs_one = json::object(), two_vs_one_rounds = json::object(), two_vs_one_goal = json::object();
  for (const auto& backend : backends) {
    if (options.instances < 2) continue;
    const auto two = ratio(rate(backend, 2), rate(backend, 1));
    two_vs_one[backend] = or_null(two, 2);
    two_vs_one_rounds[backend] = ratios_by_round({backend, 2}, {backend, 1});
    two_vs_one_goal[backend] = goal(two ? std::optional<bool>(*two >= 1.0) : std::nullopt);
  }

  json out = {
      {"benchmark", "decide"},
      {"p50_ns_10", round_to(small.p50_ns, 1)},
      {"p99_ns_10", round_to(small.p99_ns, 1)},
      {"p50_ns_10000", round_to(large.p50_ns, 1)},
      {"p99_ns_10000", round_to(large.p99_ns, 1)},
      {"mean_ns_10", round_to(small.mean_ns, 1)},
      {"mean_ns_10000", round_to(large.mean_ns, 1)},
      {"p50_ratio_10000_vs_10", round_to(large.p50_ns / small.p50_ns, 2)},
      {"live_approvals", kApprovals},
      {"take_out_p50_ns_10", round_to(take_out_small.p50_ns, 1)},
      {"take_out_p99_ns_10", round_to(take_out_small.p99_ns, 1)},
      {"take_out_p50_ns_10000", round_to(take_out_large.p50_ns, 1)},
      {"take_out_p99_ns_10000", round_to(take_out_large.p99_ns, 1)},
      {"decisions_timed_10", small.decisions},
      {"decisions_timed_10000", large.decisions},
      {"allowed_fraction_10000",
       round_to(static_cast<double>(large.allowed) / static_cast<double>(large.decisions), 3)},
      {"state_build_s_10000", round_to(sizes[1].state_s, 2)},
      {"snapshot_build_ms_10000", round_to(sizes[1].snapshot_ms, 2)},
      {"speedup_vs_cedar", or_null(speedup_cedar, 1)},
      {"speedup_vs_casbin_node", or_null(speedup_casbin, 1)},
      {"peers", peer_results},
      {"http_backend", backends.front()},
      {"http_decisions_per_s", or_null(http_rate, 0)},
      {"http_p50_ms", or_null(itaku_run ? std::optional<double>(itaku_run->p50_ms) : std::nullopt, 3)},
      {"http_p99_ms", or_null(http_p99, 3)},
      {"http_requests", itaku_run ? json(itaku_run->requests) : json(nullptr)},
      {"http_ledger_entries_added",
       or_null(itaku_run ? std::optional<double>(itaku_run->entries_added) : std::nullopt, 0)},
      {"http_server_cores", or_null(itaku_run ? std::optional<double>(itaku_run->server_cores) : std::nullopt, 2)},
      {"http_wrk_cores", or_null(itaku_run ? std::optional<double>(itaku_run->wrk_cores) : std::nullopt, 2)},
      {"http_runs", http_runs},
      {"postgres_vs_sqlite", or_null(postgres_vs_sqlite, 2)},
      {"postgres_vs_sqlite_rounds", ratios_by_round({"postgres", 1}, {"sqlite", 1})},
      {"two_instances_vs_one", two_vs_one},
      {"two_instances_vs_one_rounds", two_vs_one_rounds},
      {"cerbos_decisions_per_s", or_null(cerbos_rate, 0)},
      {"cerbos_p50_ms", or_null(cerbos_run ? std::optional<double>(cerbos_run->run.wrk.p50_ms) : std::nullopt, 3)},
      {"cerbos_p99_ms", or_null(cerbos_p99, 3)},
      {"cerbos_requests", cerbos_run ? json(cerbos_run->run.wrk.requests) : json(nullptr)},
      {"cerbos_server_cores",
       or_null(cerbos_run ? std::optional<double>(cerbos_run->run.server_cores) : std::nullopt, 2)},
      {"cerbos_wrk_cores",
       or_null(cerbos_run ? std::optional<double>(cerbos_run->run.wrk.wrk_cores) : std::nullopt, 2)},
      {"cerbos_version", cerbos_run ? json(cerbos_run->version) : json(nullptr)},
      {"http_throughput_vs_cerbos", or_null(throughput_ratio, 2)},
      {"http_p99_vs_cerbos", or_null(p99_ratio, 2)},
      {"goals",
       {{"p50_at_most_1us", small.p50_ns <= 1000 && large.p50_ns <= 1000},
        {"p50_10000_at_most_1.5x_p50_10", large.p50_ns <= 1.5 * small.p50_ns},
        {"throughput_at_least_10x_cerbos",
         goal(throughput_ratio ? std::optional<bool>(*throughput_ratio >= 10) : std::nullopt)},
        {"p99_at_most_a_tenth_of_cerbos", goal(p99_ratio ? std::optional<bool>(*p99_ratio <= 0.1) : std::nullopt)},
        {"postgres_at_least_0.6x_sqlite",
         goal(postgres_vs_sqlite ? std::optional<bool>(*postgres_vs_sqlite >= 0.6) : std::nullopt)},
        {"two_instances_at_least_1x_one", two_vs_one_goal}}},
      {"method",
       {{"batch", kBatch},
        {"mix", kMix},
        {"seconds", options.seconds},
        {"connections", options.connections},
        {"duration_s", options.duration_s},
        {"wrk_threads", options.threads},
        {"server_io_threads", options.io_threads},
        {"backend", options.backend},
        {"instances", options.instances},
        {"rounds", options.rounds}}},
      {"loadavg_1m_before", load_before},
      {"notes", notes},
  };
  std::cout << out.dump() << std::endl;
  return itaku_failed ? 1 : 0;
}

}  // namespace itaku::bench
