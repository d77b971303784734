// itaku-bench decide: how fast itaku answers "may this person do this with this asset?".
//
// In process: a contract's snapshot (policy::ContractSnapshot) built from a domain::State made
// purely with domain::decide + domain::apply, for N = 10 and N = 10,000 workers and assets,
// timed on a fixed mix of allows and denials next to casbin and Cedar (node, bench/peers/*.mjs)
// timed the same way on the same workload. Over HTTP on loopback: the real server
// (`itaku serve`, every decision recorded in the ledger before the answer) driven by wrk next to
// Cerbos's check API with an equivalent policy, same load. One JSON object on stdout.

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
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
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

std::optional<double> ledger_entries(std::uint16_t port) {
  httplib::Client client("127.0.0.1", port);
  auto response = client.Get("/metrics");
  if (!response || response->status != 200) return std::nullopt;
  std::istringstream lines(response->body);
  std::string line;
  while (std::getline(lines, line))
    if (line.rfind("itaku_ledger_entries ", 0) == 0) return std::atof(line.c_str() + 21);
  return std::nullopt;
}

struct ItakuHttp {
  HttpRun run;
  std::optional<double> entries_added;
};

// `itaku init`, `itaku demo`, a token for yamada of shinano-is, then `itaku serve` on a free
// port, driven with POST /api/v1/decide.
std::optional<ItakuHttp> itaku_http(const DecideBenchOptions& options, const std::string& wrk,
                                    const std::filesystem::path& dir, json& notes) {
  auto itaku = [&](std::vector<std::string> args) -> std::optional<Captured> {
    args.insert(args.begin(), {options.itaku, "--data-dir", (dir / "itaku").string()});
    auto captured = capture(args);
    if (!captured || captured->status != 0) {
      notes.push_back("itaku " + args[3] + ": " +
                      (captured ? trim(captured->err + captured->out) : describe(captured.error())));
      return std::nullopt;
    }
    return *captured;
  };
  if (!itaku({"init", "--origin", "bench.itaku/decide"}) || !itaku({"demo"})) return std::nullopt;
  const auto created = itaku({"token", "create", "--login", "yamada", "--org", "shinano-is", "--contract",
                              "nagano-2026-001", "--label", "itaku-bench decide"});
  if (!created) return std::nullopt;
  const auto token = trim(created->out);

  Child server;
  // The token's rate limit is off: this measures what the server can do, not what one client
  // is allowed to ask (docs/CONFIG.md).
  if (auto started = server.start({options.itaku, "--data-dir", (dir / "itaku").string(), "serve", "--listen",
                                   "127.0.0.1:0", "--io-threads", std::to_string(options.io_threads)},
                                  {"ITAKU_LIMITS_TOKEN_RATE=0", "ITAKU_SERVER_METRICS_ADDRESSES=127.0.0.1"},
                                  dir / "itaku-serve.log");
      !started) {
    notes.push_back("itaku serve: " + describe(started.error()));
    return std::nullopt;
  }
  std::uint16_t port = 0;
  constexpr std::string_view kServing = "serving on http://127.0.0.1:";
  for (int i = 0; i < 300 && port == 0 && server.running(); ++i) {
    const auto log = server.log();
    if (const auto at = log.find(kServing); at != std::string::npos)
      port = static_cast<std::uint16_t>(std::atoi(log.c_str() + at + kServing.size()));
    else
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (port == 0) {
    notes.push_back("itaku serve did not start: " + trim(server.log()));
    return std::nullopt;
  }

  auto body = [](const char* person, const char* location, const char* purpose) {
    return json{{"contract", "nagano-2026-001"},
                {"person", person},
                {"action", "read"},
                {"asset", "spec-v3"},
                {"context", {{"location", location}, {"purpose", purpose}, {"time", "2026-08-03T01:00:00Z"}}}}
        .dump();
  };
  const std::vector<HttpCase> cases = {
      {body("p-tanaka", "hq", "nagano-2026-001"), true}, {body("p-suzuki", "hq", "nagano-2026-001"), false},
      {body("p-tanaka", "hq", "nagano-2026-001"), true}, {body("p-tanaka", "home", "nagano-2026-001"), false},
      {body("p-tanaka", "hq", "nagano-2026-001"), true}, {body("p-tanaka", "hq", "other-2026-999"), false},
  };
  httplib::Client client("127.0.0.1", port);
  const httplib::Headers headers = {{"Authorization", "Bearer " + token}};
  for (const auto& c : cases) {
    auto response = client.Post("/api/v1/decide", headers, c.body, "application/json");
    const auto value = response ? json::parse(response->body, nullptr, false) : json();
    if (!response || response->status != 200 || !value.is_object() ||
        value.value("decision", "") != (c.allow ? "allow" : "deny")) {
      notes.push_back("itaku: POST /api/v1/decide " + c.body + " answered " +
                      (response ? std::to_string(response->status) + " " + response->body : "nothing"));
      return std::nullopt;
    }
  }
  const auto script = dir / "itaku-decide.lua";
  std::ofstream(script) << lua_script(cases, {"wrk.headers[\"Authorization\"] = \"Bearer " + token + "\""});
  const auto before = ledger_entries(port);
  auto run = drive(wrk, options, "http://127.0.0.1:" + std::to_string(port) + "/api/v1/decide", script, server, "itaku",
                   notes);
  if (!run) return std::nullopt;
  const auto after = ledger_entries(port);
  ItakuHttp out{*run, std::nullopt};
  if (before && after) out.entries_added = *after - *before;
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
  std::vector<Workload> workloads;
  for (std::size_t i = 0; i < sizes.size(); ++i) workloads.push_back({snapshots[i].get(), &mixes[i]});
  auto timings = time_decisions(workloads, options.seconds);
  if (!timings) {
    std::cerr << "itaku-bench: " << describe(timings.error()) << "\n";
    return 1;
  }
  for (std::size_t i = 0; i < sizes.size(); ++i) sizes[i].timing = (*timings)[i];
  const auto& small = sizes[0].timing;
  const auto& large = sizes[1].timing;

  // In process: the node peers, same workload, same method.
  const std::filesystem::path peers = options.peers_dir;
  json peer_results = json::object();
  std::optional<double> casbin_p50, cedar_p50;
  const auto node = find_executable("node");
  if (!node) {
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

  // Over HTTP.
  std::optional<ItakuHttp> itaku_run;
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
      itaku_run = itaku_http(options, *wrk, dir, notes);
      itaku_failed = !itaku_run;
      cerbos_run = cerbos_http(options, *wrk, dir, notes);
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
  const auto http_rate = itaku_run ? std::optional<double>(itaku_run->run.wrk.requests_per_s) : std::optional<double>();
  const auto http_p99 = itaku_run ? std::optional<double>(itaku_run->run.wrk.p99_ms) : std::optional<double>();
  const auto cerbos_rate =
      cerbos_run ? std::optional<double>(cerbos_run->run.wrk.requests_per_s) : std::optional<double>();
  const auto cerbos_p99 = cerbos_run ? std::optional<double>(cerbos_run->run.wrk.p99_ms) : std::optional<double>();
  const auto throughput_ratio = ratio(http_rate, cerbos_rate);
  const auto p99_ratio = ratio(http_p99, cerbos_p99);
  const auto speedup_cedar = ratio(cedar_p50, large.p50_ns);
  const auto speedup_casbin = ratio(casbin_p50, large.p50_ns);
  auto goal = [](std::optional<bool> met) { return met ? json(*met) : json(nullptr); };

  json out = {
      {"benchmark", "decide"},
      {"p50_ns_10", round_to(small.p50_ns, 1)},
      {"p99_ns_10", round_to(small.p99_ns, 1)},
      {"p50_ns_10000", round_to(large.p50_ns, 1)},
      {"p99_ns_10000", round_to(large.p99_ns, 1)},
      {"mean_ns_10", round_to(small.mean_ns, 1)},
      {"mean_ns_10000", round_to(large.mean_ns, 1)},
      {"p50_ratio_10000_vs_10", round_to(large.p50_ns / small.p50_ns, 2)},
      {"decisions_timed_10", small.decisions},
      {"decisions_timed_10000", large.decisions},
      {"allowed_fraction_10000",
       round_to(static_cast<double>(large.allowed) / static_cast<double>(large.decisions), 3)},
      {"state_build_s_10000", round_to(sizes[1].state_s, 2)},
      {"snapshot_build_ms_10000", round_to(sizes[1].snapshot_ms, 2)},
      {"speedup_vs_cedar", or_null(speedup_cedar, 1)},
      {"speedup_vs_casbin_node", or_null(speedup_casbin, 1)},
      {"peers", peer_results},
      {"http_decisions_per_s", or_null(http_rate, 0)},
      {"http_p50_ms", or_null(itaku_run ? std::optional<double>(itaku_run->run.wrk.p50_ms) : std::nullopt, 3)},
      {"http_p99_ms", or_null(http_p99, 3)},
      {"http_requests", itaku_run ? json(itaku_run->run.wrk.requests) : json(nullptr)},
      {"http_ledger_entries_added", or_null(itaku_run ? itaku_run->entries_added : std::nullopt, 0)},
      {"http_server_cores", or_null(itaku_run ? std::optional<double>(itaku_run->run.server_cores) : std::nullopt, 2)},
      {"http_wrk_cores", or_null(itaku_run ? std::optional<double>(itaku_run->run.wrk.wrk_cores) : std::nullopt, 2)},
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
        {"p99_at_most_a_tenth_of_cerbos", goal(p99_ratio ? std::optional<bool>(*p99_ratio <= 0.1) : std::nullopt)}}},
      {"method",
       {{"batch", kBatch},
        {"mix", kMix},
        {"seconds", options.seconds},
        {"connections", options.connections},
        {"duration_s", options.duration_s},
        {"wrk_threads", options.threads},
        {"server_io_threads", options.io_threads}}},
      {"loadavg_1m_before", load_before},
      {"notes", notes},
  };
  std::cout << out.dump() << std::endl;
  return itaku_failed ? 1 : 0;
}

}  // namespace itaku::bench
