// Decisions under kill -9: the real server answers POST /api/v1/decide to several clients and
// is killed with SIGKILL at random moments, round after round. Every decision it answered must
// afterwards be in the ledger, at the index the answer named, as the request that was asked;
// and the ledger must verify.

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <random>
#include <regex>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "itaku/core/bytes.hpp"
#include "itaku/ledger/verify.hpp"
#include "itaku/storage/database.hpp"
#include "server_process.hpp"
#include "support/temp_dir.hpp"

namespace itaku::testing {
namespace {

TEST(DecisionCrash, EveryAnsweredDecisionIsInTheLedgerAfterKillNine) {
  TempDir dir;
  const auto data = dir.path().string();
  run_itaku("--data-dir " + data + " init --origin crash.test/ledger");
  run_itaku("--data-dir " + data + " demo");
  const auto created = run_itaku("--data-dir " + data + " token create --login yamada --org shinano-is --label crash");
  std::smatch token_match;
  const std::regex token_line(R"((itk_[A-Za-z0-9_\-]+))");
  ASSERT_TRUE(std::regex_search(created, token_match, token_line)) << created;
  const std::string token = token_match[1];

  // device → the ledger index the server answered with.
  std::map<std::string, std::uint64_t> answered;
  std::mutex answered_mutex;
  std::mt19937 random(20261202);
  std::uniform_int_distribution<int> run_ms(300, 900);
  constexpr int kRounds = 5;
  constexpr int kClients = 4;
  for (int round = 0; round < kRounds; ++round) {
    const auto server = start_server({"--data-dir", data}, dir.path() / ("serve-" + std::to_string(round) + ".log"));
    ASSERT_GT(server.port, 0);
    std::atomic<bool> stop{false};
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c)
      clients.emplace_back([&, c] {
        httplib::Client client("127.0.0.1", server.port);
        client.set_tcp_nodelay(true);
        client.set_read_timeout(5, 0);
        const httplib::Headers headers = {{"Authorization", "Bearer " + token}};
        for (int n = 0; !stop; ++n) {
          const auto device = "d-" + std::to_string(round) + "-" + std::to_string(c) + "-" + std::to_string(n);
          const nlohmann::json body = {
              {"contract", "nagano-2026-001"},
              {"person", n % 2 ? "p-suzuki" : "p-sato"},
              {"action", n % 3 ? "read" : "copy"},
              {"asset", "juminhyo-2026-04"},
              {"context", {{"location", "hq"}, {"purpose", "nagano-2026-001"}, {"device", device}}}};
          auto response = client.Post("/api/v1/decide", headers, body.dump(), "application/json");
          if (!response) break;  // killed
          if (response->status != 200) {
            ADD_FAILURE() << response->status << " " << response->body;
            break;
          }
          const auto reply = nlohmann::json::parse(response->body);
          std::lock_guard lock(answered_mutex);
          answered[device] = reply.at("ledger_index").get<std::uint64_t>();
        }
      });
    std::this_thread::sleep_for(std::chrono::milliseconds(run_ms(random)));
    kill(server.pid, SIGKILL);
    stop = true;
    for (auto& client : clients) client.join();
    int status = 0;
    waitpid(server.pid, &status, 0);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
        << "the server ended by itself: " << (WIFSIGNALED(status) ? "signal " : "exit ")
        << (WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status)) << "\n"
        << read_text(server.log);
  }
  ASSERT_GT(answered.size(), static_cast<std::size_t>(kRounds)) << "the server hardly answered";

  auto database = storage::open_database("sqlite:" + (dir.path() / "itaku.db").string()).release_value();
  auto report = ledger::verify_database(*database, std::nullopt, {});
  ASSERT_TRUE(report.ok()) << report.error().describe();
  std::map<std::uint64_t, std::string> by_index;
  for (const auto& [device, index] : answered) by_index[index] = device;
  std::size_t found = 0;
  auto tx = database->begin(storage::TransactionMode::Read).release_value();
  ASSERT_TRUE(tx->query("SELECT seq, entry FROM ledger_entries ORDER BY seq", {}, [&](const storage::Row& row) {
                  auto it = by_index.find(static_cast<std::uint64_t>(row.int64(0)));
                  if (it == by_index.end()) return ok();
                  const auto event = nlohmann::json::parse(as_chars(row.blob(1)))["event"];
                  EXPECT_EQ(event["type"], "decision.recorded") << it->first;
                  EXPECT_EQ(event["data"]["device"], it->second) << it->first;
                  ++found;
                  return ok();
                }).ok());
  EXPECT_EQ(found, answered.size()) << "some answered decisions are not in the ledger";
}

// What the command line records while the server runs takes effect there within a second: a
// token created works, and once its user is disabled it no longer does.
TEST(ServerFollowsTheLedger, ATokenCreatedAndAUserDisabledFromTheCliTakeEffectWhileServing) {
  TempDir dir;
  const auto data = "--data-dir " + dir.path().string();
  run_itaku(data + " init --origin follow.test/ledger");
  run_itaku(data + " demo");
  const auto server = start_server({"--data-dir", dir.path().string()}, dir.path() / "serve.log");
  ASSERT_GT(server.port, 0);
  // A fresh connection per attempt, and time to spare: under ASan on a loaded machine the
  // server may take seconds to answer while the command line writes.
  auto status_with = [&](const std::string& token) {
    httplib::Client client("127.0.0.1", server.port);
    client.set_read_timeout(15, 0);
    auto response = client.Get("/api/v1/contracts/nagano-2026-001", {{"Authorization", "Bearer " + token}});
    return response ? response->status : -1;
  };
  auto eventually = [&](const std::string& token, int status) {
    for (int i = 0; i < 300 && status_with(token) != status; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    return status_with(token);
  };
  const auto created = run_itaku(data + " token create --login yamada --org shinano-is --label follow --scope read");
  std::smatch match;
  ASSERT_TRUE(std::regex_search(created, match, std::regex(R"((itk_[A-Za-z0-9_\-]+))"))) << created;
  const std::string token = match[1];
  EXPECT_EQ(eventually(token, 200), 200);
  run_itaku(data + " user disable yamada");
  EXPECT_EQ(eventually(token, 401), 401);
  kill(server.pid, SIGTERM);
  waitpid(server.pid, nullptr, 0);
}

}  // namespace
}  // namespace itaku::testing
