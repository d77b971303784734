// Durability under kill -9: a child appends in a loop and prints each index after its append
// returns; it is killed with SIGKILL at random moments, many times. Afterwards every printed
// index must hold exactly the event the child was told it holds, and the ledger must verify.

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <random>
#include <sstream>
#include <tuple>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "itaku/core/clock.hpp"
#include "itaku/ledger/keys.hpp"
#include "itaku/ledger/ledger.hpp"
#include "itaku/ledger/verify.hpp"
#include "support/temp_dir.hpp"
#include "support/test_databases.hpp"

namespace itaku::testing {
namespace {

struct Acknowledged {
  int round, thread, n;
};

// Runs the child for `run_for`, kills it with SIGKILL and returns the complete lines it printed.
std::string run_and_kill(const std::string& url, const std::string& key_dir, int round,
                         std::chrono::milliseconds run_for) {
  int out[2];
  if (pipe(out) != 0) return {};
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    close(out[1]);
    const auto round_text = std::to_string(round);
    execl(ITAKU_CRASH_CHILD, ITAKU_CRASH_CHILD, url.c_str(), key_dir.c_str(), "4", round_text.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  std::string output;
  const auto deadline = std::chrono::steady_clock::now() + run_for;
  char buffer[65536];
  fcntl(out[0], F_SETFL, O_NONBLOCK);
  while (std::chrono::steady_clock::now() < deadline) {
    const auto got = read(out[0], buffer, sizeof(buffer));
    if (got > 0)
      output.append(buffer, static_cast<std::size_t>(got));
    else
      usleep(1000);
  }
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  // Whatever the child wrote before it died is still in the pipe.
  for (;;) {
    const auto got = read(out[0], buffer, sizeof(buffer));
    if (got <= 0) break;
    output.append(buffer, static_cast<std::size_t>(got));
  }
  close(out[0]);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "the child ended on its own: " << status;
  // A line cut off by the kill was not acknowledged.
  output.resize(output.rfind('\n') == std::string::npos ? 0 : output.rfind('\n') + 1);
  return output;
}

class CrashTest : public ::testing::TestWithParam<storage::Backend> {};

TEST_P(CrashTest, EveryAcknowledgedAppendSurvivesKillNineAndTheLedgerVerifies) {
  TempDir dir;
  const auto url = fresh_database_url(GetParam(), dir.path());
  {
    auto database = storage::open_database(url).release_value();
    ASSERT_TRUE(storage::migrate(*database).ok());
    auto signer = ledger::create_signing_key(dir.path(), "crash.test/ledger").release_value();
    SystemClock clock;
    ASSERT_TRUE(ledger::initialise_ledger(*database, signer, clock).ok());
  }

  std::mt19937 random(20261122);
  std::uniform_int_distribution<int> run_ms(150, 600);
  constexpr int kRounds = 12;
  std::map<std::uint64_t, Acknowledged> acknowledged;
  for (int round = 0; round < kRounds; ++round) {
    std::istringstream lines(run_and_kill(url, dir.path().string(), round, std::chrono::milliseconds(run_ms(random))));
    std::uint64_t index;
    Acknowledged ack{};
    while (lines >> index >> ack.round >> ack.thread >> ack.n) {
      EXPECT_FALSE(acknowledged.contains(index)) << "index " << index << " was handed out twice";
      acknowledged[index] = ack;
    }
  }
  ASSERT_GT(acknowledged.size(), static_cast<std::size_t>(kRounds)) << "the child hardly appended anything";

  auto database = storage::open_database(url).release_value();
  auto key = ledger::load_signing_key(dir.path())->verifier().to_string();
  auto report = ledger::verify_database(*database, key, {});
  ASSERT_TRUE(report.ok()) << report.error().describe();
  EXPECT_GE(report->entries, acknowledged.rbegin()->first + 1);

  auto tx = database->begin(storage::TransactionMode::Read).release_value();
  std::size_t checked = 0;
  ASSERT_TRUE(tx->query("SELECT seq, entry FROM ledger_entries ORDER BY seq", {}, [&](const storage::Row& row) {
                  const auto seq = static_cast<std::uint64_t>(row.int64(0));
                  auto it = acknowledged.find(seq);
                  if (it == acknowledged.end()) return ok();
                  const auto event = nlohmann::json::parse(as_chars(row.blob(1)))["event"];
                  EXPECT_EQ(event["round"], it->second.round) << "index " << seq;
                  EXPECT_EQ(event["thread"], it->second.thread) << "index " << seq;
                  EXPECT_EQ(event["n"], it->second.n) << "index " << seq;
                  ++checked;
                  return ok();
                }).ok());
  EXPECT_EQ(checked, acknowledged.size()) << "some acknowledged appends are missing";
}

INSTANTIATE_TEST_SUITE_P(Backends, CrashTest, ::testing::ValuesIn(test_backends()), backend_name);

}  // namespace
}  // namespace itaku::testing
