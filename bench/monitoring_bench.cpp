// itaku-bench monitoring: fills one contract of the demo with a million decisions (the load of
// the report that found GET …/monitoring taking 2.9 s at 294,000 and /healthz 14 s behind four
// of them), then times what the city reads. The target: monitoring and the decision log answer
// within 100 ms at a million decisions.

#include "monitoring_bench.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <random>
#include <thread>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "itaku/api/api.hpp"
#include "itaku/auth/authenticator.hpp"
#include "itaku/auth/demo_accounts.hpp"
#include "itaku/auth/rate_limiter.hpp"
#include "itaku/http/server.hpp"
#include "itaku/ledger/keys.hpp"
#include "itaku/ledger/ledger.hpp"
#include "itaku/service/demo.hpp"
#include "itaku/service/service.hpp"
#include "itaku/storage/database.hpp"

#include "bench_support.hpp"

namespace itaku::bench {

namespace {

using Steady = std::chrono::steady_clock;
using nlohmann::json;

double ms_since(Steady::time_point start) {
  return std::chrono::duration<double, std::milli>(Steady::now() - start).count();
}

json to_json(const Percentiles& t) {
  auto r = [](double v) { return std::round(v * 100) / 100; };
  return {{"p50_ms", r(t.p50)}, {"p99_ms", r(t.p99)}, {"max_ms", r(t.max)}};
}

// The demo's people of 長野市's contract, someone it does not know, its places and assets: a
// realistic mix of allows and denials over three months, mostly in office hours.
std::vector<policy::Request> requests(std::mt19937_64& random, int n, Timestamp start) {
  static const char* people[] = {"p-suzuki", "p-tanaka", "p-sato", "p-watanabe", "p-yamada", "p-nobody"};
  static const char* places[] = {"hq", "hq", "hq", "city-dc", "zd-office", "home"};
  static const char* assets[] = {"spec-v3", "spec-v3", "juminhyo-2026-04"};
  std::vector<policy::Request> out;
  out.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    policy::Request r;
    r.contract = "nagano-2026-001";
    r.person = people[random() % std::size(people)];
    r.action = domain::Action::Read;
    r.asset = assets[random() % std::size(assets)];
    r.location = places[random() % std::size(places)];
    r.purpose = "nagano-2026-001";
    r.device = "pc-" + std::to_string(random() % 40);
    const auto minute = random() % 10 < 9 ? 30 + random() % 480 : random() % 1440;  // from 09:30 JST mostly
    r.at = start + std::chrono::days(random() % 90) + std::chrono::minutes(minute);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

int run_monitoring(const MonitoringBenchOptions& options) {
  const bool keep = !options.data_dir.empty();
  const std::filesystem::path dir =
      keep ? std::filesystem::path(options.data_dir)
           : std::filesystem::temp_directory_path() / ("itaku-bench-monitoring-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  SystemClock clock;
  auto database = must(storage::open_database("sqlite:" + (dir / "itaku.db").string()));
  must(storage::migrate(*database));
  auto signer = must(ledger::create_signing_key(dir, "bench.itaku/monitoring"));
  must(ledger::initialise_ledger(*database, signer, clock));
  auto ledger = must(ledger::Ledger::open(*database, signer, clock));
  auto service = must(service::Service::open(*database, *ledger, clock));
  must(service::load_demo(*service));
  auth::AuthOptions auth_options;
  auth_options.data_dir = dir;
  auth_options.password_cost = auth::PasswordCost::minimum();
  auth::Authenticator authenticator(*database, *service, clock, auth_options);
  must(auth::load_demo_accounts(*service, authenticator));

  // Fill: batches of 1000 from four threads, as gateways would send them.
  const auto start = parse_utc("2026-06-01T00:00:00Z").release_value();
  const auto fill_start = Steady::now();
  std::atomic<int> next{0};
  std::vector<std::thread> fillers;
  fillers.reserve(4);
  for (int t = 0; t < 4; ++t)
    fillers.emplace_back([&, t] {
      std::mt19937_64 random(20261205 + t);
      for (;;) {
        const int from = next.fetch_add(1000);
        if (from >= options.decisions) return;
        const auto batch = requests(random, std::min(1000, options.decisions - from), start);
        must(service->decide(batch, domain::Actor{"token:bench"}));
      }
    });
  for (auto& f : fillers) f.join();
  {
    std::mt19937_64 random(7);
    for (int done = 0; done < options.accesses; done += 1000) {
      const auto batch = requests(random, std::min(1000, options.accesses - done), start);
      must(service->record_accesses(batch, domain::Actor{"token:bench"}));
    }
  }
  const double fill_s = ms_since(fill_start) / 1000;

  // In process. The first report reads every row into the index (the server does this as it
  // starts); the rest read only what was added since.
  service::LogFilter city;
  service::LogFilter party;
  party.every_party = false;
  party.organisations = {"zenkoji-data"};
  auto first_start = Steady::now();
  const auto first = must(service->monitoring("nagano-2026-001", city));
  const double first_ms = ms_since(first_start);
  const auto monitoring_city =
      time_repeated_ms(options.repeats, [&] { must(service->monitoring("nagano-2026-001", city)); });
  const auto monitoring_party =
      time_repeated_ms(options.repeats, [&] { must(service->monitoring("nagano-2026-001", party)); });
  auto log = [&](const char* person, const char* effect, std::uint64_t before, bool every_party) {
    service::LogFilter f = every_party ? city : party;
    f.contract = "nagano-2026-001";
    f.person = person;
    f.effect = effect;
    f.before = before;
    f.limit = 100;
    return time_repeated_ms(options.repeats, [&] { must(service->decision_log(f)); });
  };
  const auto middle = ledger->size() / 2;
  const auto log_newest = log("", "", 0, true);
  const auto log_denials = log("", "deny", 0, true);
  const auto log_person = log("p-tanaka", "", 0, true);
  const auto log_middle = log("", "", middle, true);
  const auto log_party = log("", "", 0, false);
  service::LogFilter accesses = city;
  accesses.contract = "nagano-2026-001";
  const auto access_log = time_repeated_ms(options.repeats, [&] { must(service->access_log(accesses)); });

  // Over HTTP: the real router and server.
  http::Metrics metrics;
  auth::RateLimiter limiter(clock, RateLimits{{0, 1}, {0, 1}});
  api::AppContext app{*service, *ledger, *database, authenticator,           metrics, clock,
                      "",       limiter, {},        api::LogHashes::SignedIn};
  http::Router router;
  api::register_api(router, app);
  http::ServerOptions server_options;
  server_options.host = "127.0.0.1";
  server_options.port = 0;
  server_options.io_threads = http::default_io_threads();  // as `itaku serve`
  http::Server server(router, server_options, nullptr);
  const auto port = must(server.start());
  // 小林, the city's officer of the contract, signed in (the demo's account); the rate limits are
  // off: this measures the server, not what one person is allowed to ask.
  const auto session = must(authenticator.sign_in({"kobayashi", "itaku-demo-2026", "", "127.0.0.1"}));
  const httplib::Headers headers = {{"Cookie", "itaku_session=" + session.cookie}};
  auto get = [&](httplib::Client& client, const std::string& path) {
    auto response = client.Get(path, headers);
    if (!response || response->status != 200) {
      std::cerr << "itaku-bench monitoring: GET " << path << " answered "
                << (response ? std::to_string(response->status) + " " + response->body : "nothing") << "\n";
      std::exit(1);
    }
    return response->body.size();
  };
  httplib::Client client("127.0.0.1", port);
  const std::string monitoring_path = "/api/v1/contracts/nagano-2026-001/monitoring";
  const auto http_monitoring = time_repeated_ms(options.repeats, [&] { get(client, monitoring_path); });
  const auto http_log =
      time_repeated_ms(options.repeats, [&] { get(client, "/api/v1/contracts/nagano-2026-001/decisions"); });
  // /healthz while four clients ask for monitoring without pause.
  std::atomic<bool> stop{false};
  std::atomic<int> reports{0};
  std::vector<std::thread> readers;
  readers.reserve(4);
  for (int i = 0; i < 4; ++i)
    readers.emplace_back([&] {
      httplib::Client reader("127.0.0.1", port);
      while (!stop) {
        get(reader, monitoring_path);
        ++reports;
      }
    });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const auto healthz = time_repeated_ms(options.repeats * 5, [&] {
    auto response = client.Get("/healthz");
    if (!response || response->status != 200) std::exit(1);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  });
  stop = true;
  for (auto& r : readers) r.join();
  server.stop();

  json anomalies = json::object();
  for (const auto& [code, n] : first.anomaly_counts) anomalies[code] = n;
  const json out = {
      {"benchmark", "monitoring"},
      {"decisions", first.decisions},
      {"accesses", first.accesses},
      {"denies", first.denies},
      {"anomalies", anomalies},
      {"fill_s", std::round(fill_s * 10) / 10},
      {"first_report_ms", std::round(first_ms)},
      {"monitoring_city", to_json(monitoring_city)},
      {"monitoring_party", to_json(monitoring_party)},
      {"decision_log_newest", to_json(log_newest)},
      {"decision_log_denials", to_json(log_denials)},
      {"decision_log_person", to_json(log_person)},
      {"decision_log_middle_page", to_json(log_middle)},
      {"decision_log_party", to_json(log_party)},
      {"access_log_newest", to_json(access_log)},
      {"http_monitoring", to_json(http_monitoring)},
      {"http_decision_log", to_json(http_log)},
      {"http_healthz_during_4_monitoring_clients", to_json(healthz)},
      {"monitoring_reports_meanwhile", reports.load()},
      {"data_dir", keep ? dir.string() : ""},
  };
  std::cout << out.dump() << std::endl;
  service.reset();
  ledger.reset();
  database.reset();
  if (!keep) std::filesystem::remove_all(dir);
  return 0;
}

}  // namespace itaku::bench
