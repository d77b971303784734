// itaku serve: the HTTP server — JSON API, web pages, /healthz and /metrics.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <iostream>
#include <thread>

#include <fmt/format.h>

#include "cli_support.hpp"
#include "itaku/api/api.hpp"
#include "itaku/auth/authenticator.hpp"
#include "itaku/auth/rate_limiter.hpp"
#include "itaku/core/log.hpp"
#include "itaku/domain/commands.hpp"
#include "itaku/http/server.hpp"
#include "itaku/web/pages.hpp"

namespace itaku::cli {

namespace {

Result<void> run_serve(const GlobalOptions& options, const std::string& listen_option, int threads) {
  auto instance = TRY(open_instance(options));
  // Files this process creates are private (main sets the umask); files made before, or by
  // hand, may not be.
  for (const auto& path : exposed_paths(instance.config.data_dir)) {
    log::warn("data.permissions_too_wide", {{"path", path.string()}});
    std::cerr << fmt::format(
        "警告: {} は所有者以外も読めます。chmod go-rwx してください / warning: {} is readable by others than its "
        "owner; run chmod go-rwx on it\n",
        path.string(), path.string());
  }
  const auto listen = TRY(http::parse_listen(listen_option.empty() ? instance.config.listen : listen_option));
  auth::AuthOptions auth_options;
  auth_options.data_dir = instance.config.data_dir;
  auto authenticator =
      std::make_unique<auth::Authenticator>(*instance.database, *instance.service, system_clock(), auth_options);
  http::Metrics metrics;
  auth::RateLimiter limiter(system_clock(), instance.config.limits);
  api::AppContext app{*instance.service,
                      *instance.ledger,
                      *instance.database,
                      *authenticator,
                      metrics,
                      system_clock(),
                      instance.config.public_url,
                      limiter,
                      instance.config.metrics_addresses,
                      instance.config.public_hashes ? api::LogHashes::Public : api::LogHashes::SignedIn};
  metrics.gauge("itaku_ledger_entries", "Entries in the ledger.",
                [&] { return static_cast<double>(instance.ledger->size()); });
  metrics.gauge("itaku_ledger_append_batches_total", "Append transactions (each one fsync).",
                [&] { return static_cast<double>(instance.ledger->stats().batches); });
  metrics.gauge("itaku_ledger_mean_batch_entries", "Mean entries per append transaction.", [&] {
    const auto stats = instance.ledger->stats();
    return stats.batches ? static_cast<double>(stats.entries) / static_cast<double>(stats.batches) : 0.0;
  });
  metrics.gauge("itaku_outbox_pending", "Mails waiting in the outbox.", [&] {
    auto tx = instance.database->begin(storage::TransactionMode::Read);
    if (!tx) return -1.0;
    auto count = (*tx)->query_int("SELECT COUNT(*) FROM outbox WHERE status = 'pending'");
    return count ? static_cast<double>(count->value_or(0)) : -1.0;
  });

  http::Router router;
  api::register_api(router, app);
  web::register_pages(router, app);

  http::ServerOptions server_options;
  server_options.host = listen.first;
  server_options.port = listen.second;
  server_options.io_threads = threads;
  server_options.behind_https_proxy = instance.config.behind_https_proxy;
  http::Server server(router, server_options, &metrics);
  const auto port = TRY(server.start());
  server.stop_on_signals();
  const auto host = listen.first == "0.0.0.0" ? std::string("127.0.0.1") : listen.first;
  std::cout << fmt::format("itaku を起動しました / serving on http://{}:{}/", host, port) << std::endl;
  const bool demo = instance.service->read([](const domain::State& s) { return s.users.contains("kobayashi"); });
  if (demo) std::cout << demo_accounts_text();
  std::cout << "停止するには Ctrl+C / stop with Ctrl+C" << std::endl;
  // Follow the ledger: what the CLI or another instance records (a user disabled, a token
  // created, a roster submitted) takes effect here within half a second.
  std::atomic<bool> serving{true};
  // Monitoring's index is read from the decision and access tables here, not by the first
  // report, and kept up to date the same way, so that a report reads only the last moment's rows.
  // Hourly, and once at start: each party is told of its workers' training about to expire
  // (training.remind; each expiry is told once, so a restart or a second instance repeats nothing).
  constexpr int kRemindTicks = 36'000;
  std::thread follower([&] {
    for (int tick = 0; serving; ++tick) {
      if (tick % kRemindTicks == 0)
        if (auto sent = instance.service->execute(domain::SendTrainingReminders{}, domain::Principal::system());
            !sent && sent.error().code != "training.no_reminders_due")
          log::warn("training.remind_failed", {{"error", sent.error().describe()}});
      if (tick % 5 == 0)
        if (auto refreshed = instance.service->refresh_monitoring(); !refreshed)
          log::warn("monitoring.refresh_failed", {{"error", refreshed.error().describe()}});
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      if (tick % 5 != 4) continue;
      if (auto caught = instance.service->catch_up(); !caught)
        log::warn("ledger.follow_failed", {{"error", caught.error().describe()}});
    }
  });
  server.wait();
  serving = false;
  follower.join();
  std::cout << "停止しました / stopped" << std::endl;
  return ok();
}

}  // namespace

void add_serve_commands(CLI::App& app, GlobalOptions& options, Action& action) {
  struct Args {
    std::string listen;
    int threads = http::default_io_threads();
  };
  auto args = std::make_shared<Args>();
  auto* serve = app.add_subcommand("serve", "serve the web UI and the JSON API");
  serve->add_option("--listen", args->listen, "HOST:PORT (port 0 picks a free port); default from the configuration");
  serve->add_option("--io-threads", args->threads, "threads for network I/O (default: one per core)")
      ->check(CLI::Range(1, 64));
  const GlobalOptions* global = &options;
  serve->callback(
      [&action, args, global] { action = [args, global] { return run_serve(*global, args->listen, args->threads); }; });
}

}  // namespace itaku::cli
