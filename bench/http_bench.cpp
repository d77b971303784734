// itaku-bench http: requests per second and p99 latency of itaku's HTTP server (Boost.Beast,
// coroutines, handlers on their own pool) next to a tuned cpp-httplib server, both in this
// process, each driven by wrk as a child process on the same machine. One JSON object per run.

#include "http_bench.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
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

#include "bench_support.hpp"
#include "itaku/core/clock.hpp"
#include "itaku/crypto/ed25519.hpp"
#include "itaku/http/message.hpp"
#include "itaku/http/metrics.hpp"
#include "itaku/http/router.hpp"
#include "itaku/http/server.hpp"
#include "itaku/ledger/keys.hpp"
#include "itaku/ledger/ledger.hpp"
#include "itaku/service/demo.hpp"
#include "itaku/service/service.hpp"
#include "itaku/storage/database.hpp"

extern char** environ;

namespace itaku::bench {

namespace {

constexpr const char* kContract = "nagano-2026-001";
constexpr const char* kHello = "hello";

// "2.15ms", "812.00us", "1.02s", "1.50m" → milliseconds.
std::optional<double> parse_duration_ms(const std::string& text) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end == text.c_str()) return std::nullopt;
  const std::string unit(end);
  if (unit == "us") return value / 1000;
  if (unit == "ms") return value;
  if (unit == "s") return value * 1000;
  if (unit == "m") return value * 60'000;
  if (unit == "h") return value * 3'600'000;
  return std::nullopt;
}

std::optional<WrkResult> parse_wrk(const std::string& output) {
  WrkResult result;
  bool have_rate = false, have_p50 = false, have_p99 = false;
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string first;
    words >> first;
    if (first == "Requests/sec:") {
      words >> result.requests_per_s;
      have_rate = !words.fail();
    } else if (first == "50%" || first == "99%") {
      std::string value;
      words >> value;
      if (auto ms = parse_duration_ms(value)) {
        (first == "50%" ? result.p50_ms : result.p99_ms) = *ms;
        (first == "50%" ? have_p50 : have_p99) = true;
      }
    } else if (line.find(" requests in ") != std::string::npos) {
      result.requests = std::atoll(first.c_str());
    } else if (first == "Non-2xx") {
      const auto colon = line.find(':');
      if (colon != std::string::npos) result.non_2xx = std::atoll(line.c_str() + colon + 1);
    } else if (first == "Socket") {
      result.socket_errors = line.substr(line.find_first_not_of(' '));
    }
  }
  if (!have_rate || !have_p50 || !have_p99) return std::nullopt;
  return result;
}

double cpu_us(const rusage& usage) {
  const auto us = [](const timeval& t) { return static_cast<double>(t.tv_sec) * 1e6 + static_cast<double>(t.tv_usec); };
  return us(usage.ru_utime) + us(usage.ru_stime);
}

// User and system CPU time of this process (not of its children), in microseconds.
double process_cpu_us() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return cpu_us(usage);
}

struct WrkRun {
  std::string output;  // stdout and stderr
  double cpu_us = 0;   // wrk's own CPU time
};

// Runs wrk as a child process and returns what it printed.
std::optional<WrkRun> spawn_wrk(const std::string& wrk, const WrkLoad& load, const std::string& url) {
  std::vector<std::string> args = {wrk, "-t" + std::to_string(load.threads), "-c" + std::to_string(load.connections),
                                   "-d" + std::to_string(load.duration_s) + "s", "--latency"};
  if (!load.script.empty()) {
    args.emplace_back("-s");
    args.push_back(load.script);
  }
  args.push_back(url);
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  int pipe_fds[2];
  // Close-on-exec: another wrk started meanwhile from another thread must not inherit the
  // write end, or this one's read would wait for that wrk to end too.
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return std::nullopt;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDERR_FILENO);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[1]);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, wrk.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  if (spawned != 0) {
    ::close(pipe_fds[0]);
    std::cerr << "itaku-bench: cannot run " << wrk << ": " << std::strerror(spawned) << "\n";
    return std::nullopt;
  }
  std::string output;
  char buffer[4096];
  for (;;) {
    const auto n = ::read(pipe_fds[0], buffer, sizeof(buffer));
    if (n > 0) {
      output.append(buffer, static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  ::close(pipe_fds[0]);
  int status = 0;
  rusage usage{};
  while (::wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::cerr << "itaku-bench: wrk failed:\n" << output;
    return std::nullopt;
  }
  return WrkRun{std::move(output), cpu_us(usage)};
}

WrkResult measure(const std::string& wrk, const HttpBenchOptions& options, std::uint16_t port,
                  const std::string& path) {
  const auto url = "http://127.0.0.1:" + std::to_string(port) + path;
  auto result = run_wrk(wrk, {options.threads, options.connections, options.duration_s, ""}, url);
  if (!result) std::exit(1);
  if (result->non_2xx != 0) {
    std::cerr << "itaku-bench: " << url << " answered " << result->non_2xx << " requests with a non-2xx status\n";
    std::exit(1);
  }
  return *result;
}

// One request before the measurement: the route answers 200 with what it should.
void check_once(std::uint16_t port, const std::string& path, const std::function<bool(const std::string&)>& body_ok) {
  httplib::Client client("127.0.0.1", port);
  auto response = client.Get(path.c_str());
  if (!response || response->status != 200 || !body_ok(response->body)) {
    std::cerr << "itaku-bench: GET 127.0.0.1:" << port << path << " did not answer as expected\n";
    std::exit(1);
  }
}

// A typical JSON read: the contract's fields, its parties and each party's latest roster.
nlohmann::json contract_json(const domain::State& state, const domain::Contract& contract) {
  nlohmann::json parties = nlohmann::json::array();
  for (const auto& party : contract.parties) {
    const auto* organisation = state.organisation(party.organisation);
    parties.push_back({{"organisation", party.organisation},
                       {"name", organisation ? organisation->name : ""},
                       {"name_en", organisation ? organisation->name_en : ""},
                       {"role", std::string(domain::to_string(party.role))},
                       {"symbol", std::string(domain::party_symbol(party.role))},
                       {"parent", party.parent}});
  }
  nlohmann::json rosters = nlohmann::json::object();
  for (const auto& [organisation, versions] : contract.rosters) {
    if (versions.empty()) continue;
    const auto& latest = versions.back();
    rosters[organisation] = {
        {"version", latest.version},
        {"roster", domain::to_json(latest.roster)},
        {"submitted_by", latest.submitted_by},
        {"submitted_at", format_utc(latest.submitted_at)},
        {"ledger_index", latest.ledger_index},
        {"note", latest.note},
        {"acknowledged_by", latest.acknowledged_by ? nlohmann::json(*latest.acknowledged_by) : nlohmann::json()},
        {"acknowledged_at",
         latest.acknowledged_at ? nlohmann::json(format_utc(*latest.acknowledged_at)) : nlohmann::json()},
    };
  }
  return {{"id", contract.id},
          {"number", contract.number},
          {"title", contract.title},
          {"department", contract.department},
          {"period_from", contract.period_from},
          {"period_until", contract.period_until},
          {"work_description", contract.work_description},
          {"state", std::string(domain::to_string(contract.state))},
          {"provisions",
           {{"name", contract.provisions.name},
            {"version", contract.provisions.version},
            {"hash", contract.provisions.hash}}},
          {"parties", std::move(parties)},
          {"rosters", std::move(rosters)},
          {"created_index", contract.created_index}};
}

// The 1-minute load average: how busy the machine was when the run began.
double load_average() {
  double load = 0;
  std::ifstream("/proc/loadavg") >> load;
  return load;
}

double round_to(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(value * scale) / scale;
}

}  // namespace

std::optional<std::string> find_executable(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string_view rest = path ? path : "/usr/local/bin:/usr/bin:/bin";
  while (true) {
    const auto colon = rest.find(':');
    // Built in one go: `dir + "/" + name`, or assigning "." to a string, trips g++ 12's
    // -Wrestrict at -O3 (a false positive).
    const auto dir = rest.substr(0, colon);
    std::string candidate(dir.empty() ? std::string_view(".") : dir);
    candidate += '/';
    candidate += name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    if (colon == std::string_view::npos) return std::nullopt;
    rest.remove_prefix(colon + 1);
  }
}

std::optional<WrkResult> run_wrk(const std::string& wrk, const WrkLoad& load, const std::string& url) {
  const double cpu_before = process_cpu_us();
  const auto started = std::chrono::steady_clock::now();
  const auto run = spawn_wrk(wrk, load, url);
  const double server_us = process_cpu_us() - cpu_before;
  const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!run) return std::nullopt;
  auto result = parse_wrk(run->output);
  if (!result) {
    std::cerr << "itaku-bench: cannot read wrk's output for " << url << ":\n" << run->output;
    return std::nullopt;
  }
  if (result->requests > 0) result->server_cpu_us_per_request = server_us / static_cast<double>(result->requests);
  result->server_cores = server_us / 1e6 / wall_s;
  result->wrk_cores = run->cpu_us / 1e6 / wall_s;
  return result;
}

int run_http(const HttpBenchOptions& options) {
  const auto wrk = find_executable("wrk");
  if (!wrk) {
    std::cerr << "itaku-bench: wrk is not installed (apt-get install wrk); itaku-bench http drives the servers "
                 "with it\n";
    return 2;
  }
  crypto::initialise();
  const double load_before = load_average();

  // A real instance: SQLite in a temporary directory, the ledger, the service, the demo.
  std::string pattern = (std::filesystem::temp_directory_path() / "itaku-bench-http-XXXXXX").string();
  if (!mkdtemp(pattern.data())) return 1;
  const std::filesystem::path dir = pattern;
  SystemClock clock;
  auto database = must(storage::open_database("sqlite:" + (dir / "itaku.db").string()));
  must(storage::migrate(*database));
  auto signer = must(ledger::create_signing_key(dir, "bench.itaku/http"));
  must(ledger::initialise_ledger(*database, signer, clock));
  auto ledger = must(ledger::Ledger::open(*database, signer, clock));
  auto service = must(service::Service::open(*database, *ledger, clock));
  must(service::load_demo(*service));

  http::Router router;
  router.get("/hello", "bench.hello", [](http::Request&) { return http::Response::text(200, kHello, "text/plain"); });
  router.get("/contract", "bench.contract", [&service](http::Request&) {
    return service->read([](const domain::State& state) {
      const auto* contract = state.contract(kContract);
      if (!contract)
        return http::Response::error(
            make_error(ErrorKind::NotFound, "contract.not_found", "契約が見つかりません", "no such contract"));
      return http::Response::json(200, contract_json(state, *contract));
    });
  });
  http::Metrics metrics;
  http::ServerOptions server_options;
  server_options.host = "127.0.0.1";
  server_options.port = 0;
  server_options.io_threads = options.io_threads;
  server_options.handler_threads = options.handler_threads;
  http::Server itaku_server(router, server_options, &metrics);
  const auto itaku_port = must(itaku_server.start());

  // cpp-httplib as tuned as it gets: TCP_NODELAY, a thread per connection, long keep-alive.
  httplib::Server httplib_server;
  const auto pool = static_cast<std::size_t>(options.connections);
  httplib_server.new_task_queue = [pool] { return new httplib::ThreadPool(pool); };
  httplib_server.set_tcp_nodelay(true);
  httplib_server.set_keep_alive_max_count(100'000'000);
  httplib_server.set_keep_alive_timeout(300);
  httplib_server.set_read_timeout(300);
  httplib_server.set_write_timeout(300);
  httplib_server.Get("/hello", [](const httplib::Request&, httplib::Response& response) {
    response.set_content(kHello, "text/plain");
  });
  const int httplib_port = httplib_server.bind_to_any_port("127.0.0.1");
  if (httplib_port <= 0) {
    std::cerr << "itaku-bench: cpp-httplib cannot listen on 127.0.0.1\n";
    return 1;
  }
  std::thread httplib_thread([&] { httplib_server.listen_after_bind(); });
  while (!httplib_server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const auto httplib_port16 = static_cast<std::uint16_t>(httplib_port);

  check_once(itaku_port, "/hello", [](const std::string& body) { return body == kHello; });
  check_once(httplib_port16, "/hello", [](const std::string& body) { return body == kHello; });
  check_once(itaku_port, "/contract", [](const std::string& body) {
    const auto value = nlohmann::json::parse(body, nullptr, false);
    return !value.is_discarded() && value.value("id", "") == kContract && value.contains("rosters") &&
           !value.at("rosters").empty();
  });

  const auto hello = measure(*wrk, options, itaku_port, "/hello");
  const auto httplib_hello = measure(*wrk, options, httplib_port16, "/hello");
  const auto json = measure(*wrk, options, itaku_port, "/contract");

  httplib_server.stop();
  httplib_thread.join();
  itaku_server.stop();
  itaku_server.wait();

  nlohmann::json out = {
      {"benchmark", "http"},
      {"hello_rps", static_cast<std::int64_t>(hello.requests_per_s)},
      {"hello_p99_ms", round_to(hello.p99_ms, 3)},
      {"json_rps", static_cast<std::int64_t>(json.requests_per_s)},
      {"json_p99_ms", round_to(json.p99_ms, 3)},
      {"httplib_hello_rps", static_cast<std::int64_t>(httplib_hello.requests_per_s)},
      {"httplib_hello_p99_ms", round_to(httplib_hello.p99_ms, 3)},
      {"hello_ratio_vs_httplib", round_to(hello.requests_per_s / httplib_hello.requests_per_s, 2)},
      {"connections", options.connections},
      {"duration_s", options.duration_s},
      {"wrk_threads", options.threads},
      {"server_io_threads", options.io_threads},
      {"server_handler_threads", options.handler_threads},
      {"loadavg_1m_before", load_before},
  };
  // Where the CPU went: on a shared 2-core machine requests/s follows the share each side gets.
  nlohmann::json socket_errors = nlohmann::json::object();
  const std::pair<const char*, const WrkResult*> runs[] = {
      {"hello", &hello}, {"json", &json}, {"httplib_hello", &httplib_hello}};
  for (const auto& [name, result] : runs) {
    out["cpu"][name] = {{"server_us_per_request", round_to(result->server_cpu_us_per_request, 2)},
                        {"server_cores", round_to(result->server_cores, 2)},
                        {"wrk_cores", round_to(result->wrk_cores, 2)}};
    if (!result->socket_errors.empty()) socket_errors[name] = result->socket_errors;
  }
  if (!socket_errors.empty()) out["wrk_socket_errors"] = socket_errors;
  std::cout << out.dump() << std::endl;

  service.reset();
  ledger.reset();
  database.reset();
  std::filesystem::remove_all(dir);
  return 0;
}

}  // namespace itaku::bench
