// Several `itaku serve` processes on one database (docs/DEPLOY.md, "Several instances on one
// database"), as an operator runs them: an instance joins with the first one's keys and nothing
// else; the same command sent to two instances at once succeeds once, on SQLite (two processes
// on one file) and on PostgreSQL; kill -9 of an instance or of the database server under load
// loses nothing either acknowledged, and both recover by themselves.

#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <latch>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "itaku/auth/demo_accounts.hpp"
#include "itaku/auth/totp.hpp"
#include "itaku/core/bytes.hpp"
#include "itaku/core/clock.hpp"
#include "itaku/ledger/verify.hpp"
#include "itaku/storage/database.hpp"
#include "server_process.hpp"
#include "support/temp_dir.hpp"
#include "support/test_databases.hpp"

namespace itaku::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* kContract = "nagano-2026-001";

bool postgres_configured() {
  const char* url = std::getenv("ITAKU_TEST_POSTGRES_URL");
  return url != nullptr && *url != '\0';
}

#define REQUIRE_POSTGRES()                                                                          \
  do {                                                                                              \
    if (!postgres_configured()) {                                                                   \
      const char* required = std::getenv("ITAKU_REQUIRE_POSTGRES");                                 \
      if (required != nullptr && std::string(required) == "1")                                      \
        FAIL() << "ITAKU_REQUIRE_POSTGRES=1 but ITAKU_TEST_POSTGRES_URL is not set";                \
      GTEST_SKIP() << "no PostgreSQL server (ITAKU_TEST_POSTGRES_URL); scripts/test.sh starts one"; \
    }                                                                                               \
  } while (false)

std::string shell_quoted(const std::string& text) { return "'" + text + "'"; }

struct Answer {
  int status = -1;
  std::string body;
};

// POSTs `path` through both clients at the same moment and returns both answers.
std::pair<Answer, Answer> at_once(Client& a, Client& b, const std::string& path) {
  std::latch ready(3);
  Answer first, second;
  auto post = [&](Client& client, Answer& answer) {
    ready.arrive_and_wait();
    if (auto response = client.http.Post(path, client.headers, "{}", "application/json"))
      answer = {response->status, response->body};
  };
  std::thread one(post, std::ref(a), std::ref(first));
  std::thread two(post, std::ref(b), std::ref(second));
  ready.arrive_and_wait();
  one.join();
  two.join();
  return {first, second};
}

// Exactly one of the two answers is a success and the other the domain's own refusal.
void expect_once(const std::pair<Answer, Answer>& answers, const std::string& refusal) {
  const auto& [a, b] = answers;
  const bool a_won = a.status / 100 == 2;
  const Answer& won = a_won ? a : b;
  const Answer& lost = a_won ? b : a;
  EXPECT_EQ(won.status / 100, 2) << a.status << " " << a.body << "\n" << b.status << " " << b.body;
  EXPECT_EQ(lost.status, 409) << lost.body;
  EXPECT_NE(lost.body.find(refusal), std::string::npos) << lost.body;
}

// Waits until `client` sees `needle` in what GET `path` answers.
bool eventually_sees(Client& client, const std::string& path, const std::string& needle) {
  for (int i = 0; i < 200; ++i) {
    if (auto response = client.http.Get(path, client.headers);
        response && response->status == 200 && response->body.find(needle) != std::string::npos)
      return true;
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

// The ledger's events, in order, from the database itself.
std::vector<json> ledger_events(const std::string& url) {
  std::vector<json> events;
  auto database = storage::open_database(url);
  EXPECT_TRUE(database.ok()) << database.error().describe();
  if (!database) return events;
  auto tx = (*database)->begin(storage::TransactionMode::Read).release_value();
  EXPECT_TRUE(tx->query("SELECT entry FROM ledger_entries ORDER BY seq", {}, [&](const storage::Row& row) {
                  events.push_back(json::parse(as_chars(row.blob(0)))["event"]);
                  return ok();
                }).ok());
  return events;
}

void expect_ledger_sound(const std::string& data, const std::string& url) {
  const auto verified = try_itaku(data + " ledger verify");
  EXPECT_EQ(verified.exit_code, 0) << verified.output;
  const auto replayed = try_itaku(data + " replay --check");
  EXPECT_EQ(replayed.exit_code, 0) << replayed.output;
  // One acknowledgement per hand-over, one receipt number per receipt.
  std::map<std::string, int> acknowledged;
  std::set<std::string> numbers;
  for (const auto& event : ledger_events(url)) {
    if (event["type"] == "custody.acknowledged") ++acknowledged[event["data"].dump()];
    if (event["type"] == "receipt.issued") {
      const auto number = event["data"].value("number", "");
      EXPECT_TRUE(numbers.insert(number).second) << "receipt number " << number << " twice";
    }
  }
  for (const auto& [data_text, count] : acknowledged) EXPECT_EQ(count, 1) << data_text;
}

// --- joining ---------------------------------------------------------------------------------

TEST(Instances, AnInstanceJoinsWithTheFirstOnesKeysAndARefusedJoinLeavesNothingBehind) {
  REQUIRE_POSTGRES();
  TempDir dir;
  const auto url = fresh_database_url(storage::Backend::Postgres, dir.path());
  const auto a = dir.path() / "a";
  const auto b = dir.path() / "b";
  const auto data_a = "--data-dir " + a.string();
  const auto data_b = "--data-dir " + b.string();
  run_itaku(data_a + " --database " + shell_quoted(url) + " init --origin join.test/ledger");
  // The URL given to init is the instance's from then on.
  EXPECT_NE(read_text(a / "itaku.toml").find("url = \"" + url + "\""), std::string::npos)
      << read_text(a / "itaku.toml");
  run_itaku(data_a + " demo");

  // A second instance cannot simply init on a database that holds a ledger.
  auto plain = try_itaku(data_b + " --database " + shell_quoted(url) + " init");
  EXPECT_NE(plain.exit_code, 0);
  EXPECT_NE(plain.output.find("init.join_required"), std::string::npos) << plain.output;
  EXPECT_FALSE(fs::exists(b)) << "a refused init left " << b;

  const auto join = dir.path() / "join.txt";
  run_itaku(data_a + " instance join-file --out " + join.string());
  struct stat st {};
  ASSERT_EQ(stat(join.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_NE(try_itaku(data_a + " instance join-file --out " + join.string()).output.find("init.join_file_exists"),
            std::string::npos);

  // Refusals: a file others can read, a database without a ledger, another ledger's keys, a
  // secrets key that does not open the two-factor seeds the database holds.
  const auto open_copy = dir.path() / "open.txt";
  fs::copy_file(join, open_copy);
  fs::permissions(open_copy, fs::perms::others_read, fs::perm_options::add);
  auto refused = try_itaku(data_b + " init --join " + open_copy.string());
  EXPECT_NE(refused.output.find("init.join_file_permissions"), std::string::npos) << refused.output;
  EXPECT_FALSE(fs::exists(b));

  const auto empty_url = fresh_database_url(storage::Backend::Postgres, dir.path());
  refused = try_itaku(data_b + " --database " + shell_quoted(empty_url) + " init --join " + join.string());
  EXPECT_NE(refused.output.find("init.join_empty_database"), std::string::npos) << refused.output;
  EXPECT_FALSE(fs::exists(b));

  const auto other = dir.path() / "other";
  const auto other_join = dir.path() / "other-join.txt";
  run_itaku("--data-dir " + other.string() + " --database " + shell_quoted(empty_url) +
            " init --origin join.test/other");
  run_itaku("--data-dir " + other.string() + " instance join-file --out " + other_join.string());
  refused = try_itaku(data_b + " --database " + shell_quoted(url) + " init --join " + other_join.string());
  EXPECT_NE(refused.output.find("ledger.key_mismatch"), std::string::npos) << refused.output;
  EXPECT_FALSE(fs::exists(b));

  // kobayashi enrols two-factor sign-in through the first instance.
  const auto enrol = run_itaku(data_a + " user totp kobayashi --qr " + (dir.path() / "qr.svg").string());
  std::string key;
  std::istringstream lines(enrol);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("  ", 0) == 0 && line.find("itaku") == std::string::npos) key = line.substr(2);
  const auto secret = auth::base32_decode(key);
  ASSERT_TRUE(secret.ok()) << enrol;
  run_itaku(data_a + " user totp-confirm kobayashi --code " + auth::totp_code(*secret, SystemClock{}.now()));
  {
    auto text = read_text(join);
    const auto at = text.find("secrets-key ");
    ASSERT_NE(at, std::string::npos);
    text.replace(at + 12, 64, std::string(64, 'a'));
    const auto wrong = dir.path() / "wrong-secrets.txt";
    std::ofstream(wrong) << text;
    fs::permissions(wrong, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
    refused = try_itaku(data_b + " init --join " + wrong.string());
    EXPECT_NE(refused.output.find("auth.secrets_key_mismatch"), std::string::npos) << refused.output;
    EXPECT_FALSE(fs::exists(b));
  }

  // The join itself: the database URL comes from the file and is written down.
  const auto joined = run_itaku(data_b + " init --join " + join.string());
  EXPECT_NE(joined.find("joined the shared database"), std::string::npos) << joined;
  EXPECT_NE(read_text(b / "itaku.toml").find("url = \"" + url + "\""), std::string::npos);
  EXPECT_EQ(read_text(b / "keys" / "ledger.key"), read_text(a / "keys" / "ledger.key"));
  EXPECT_EQ(read_text(b / "keys" / "secrets.key"), read_text(a / "keys" / "secrets.key"));
  EXPECT_NE(run_itaku(data_b + " ledger verify").find("verified OK"), std::string::npos);
  // Joining again with the same file changes nothing.
  EXPECT_EQ(try_itaku(data_b + " init --join " + join.string()).exit_code, 0);

  // kobayashi signs in on the second instance with the next code from the app.
  const auto server = start_server({"--data-dir", b.string()}, dir.path() / "b.log");
  ASSERT_GT(server.port, 0);
  const auto next_code = auth::totp_code(*secret, SystemClock{}.now() + std::chrono::seconds(30));
  EXPECT_NE(sign_in(server.port, "kobayashi", next_code), nullptr) << read_text(server.log);
  stop_server(server, SIGTERM);
}

// --- the same command on two instances --------------------------------------------------------

// Two servers on one database: on SQLite two processes on the same data directory, on
// PostgreSQL the first instance and one that joined it.
struct TwoInstances {
  TempDir dir;
  std::string url;
  std::string data;  // the first instance's --data-dir option
  ServerProcess a, b;

  explicit TwoInstances(storage::Backend backend) {
    const auto first = dir.path() / "a";
    data = "--data-dir " + first.string();
    std::string second = first.string();
    if (backend == storage::Backend::Postgres) {
      url = fresh_database_url(backend, dir.path());
      run_itaku(data + " --database " + shell_quoted(url) + " init --origin two.test/ledger");
      const auto join = dir.path() / "join.txt";
      run_itaku(data + " instance join-file --out " + join.string());
      second = (dir.path() / "b").string();
      run_itaku("--data-dir " + second + " init --join " + join.string());
    } else {
      url = "sqlite:" + (first / "itaku.db").string();
      run_itaku(data + " init --origin two.test/ledger");
    }
    run_itaku(data + " demo");
    a = start_server({"--data-dir", first.string()}, dir.path() / "a.log");
    b = start_server({"--data-dir", second}, dir.path() / "b.log");
  }
  ~TwoInstances() {
    stop_server(a, SIGTERM);
    stop_server(b, SIGTERM);
  }
  std::string logs() const { return read_text(a.log) + "\n--- b ---\n" + read_text(b.log); }
};

class SameCommandTest : public ::testing::TestWithParam<storage::Backend> {};

TEST_P(SameCommandTest, AHandOverAndARosterAcknowledgedOnBothInstancesAtOnceSucceedOnce) {
  TwoInstances two(GetParam());
  ASSERT_GT(two.a.port, 0);
  ASSERT_GT(two.b.port, 0);
  auto yamada_a = sign_in(two.a.port, "yamada");
  auto yamada_b = sign_in(two.b.port, "yamada");
  auto kobayashi_a = sign_in(two.a.port, "kobayashi");
  auto kobayashi_b = sign_in(two.b.port, "kobayashi");
  ASSERT_TRUE(yamada_a && yamada_b && kobayashi_a && kobayashi_b) << two.logs();
  const std::string contract = std::string("/api/v1/contracts/") + kContract;

  // The city acknowledges the contractor's roster version 2 on both instances at once.
  expect_once(at_once(*kobayashi_a, *kobayashi_b, contract + "/rosters/shinano-is/versions/2/acknowledgement"),
              "roster.already_acknowledged");

  // The city hands an asset over; the contractor acknowledges it on both instances at once.
  for (int round = 0; round < 5; ++round) {
    const auto asset = "race-" + std::to_string(round);
    run_itaku(two.data + " asset add " + kContract + " --id " + asset +
              " --class 個人情報 --description 住民税データ --origin city --media DVD-R --quantity 1枚"
              " --custodian p-kobayashi");
    const auto transfer = "t-race-" + std::to_string(round);
    run_itaku(two.data + " asset transfer " + kContract + " --id " + transfer + " --assets " + asset +
              " --from p-kobayashi --to p-yamada");
    ASSERT_TRUE(eventually_sees(*yamada_a, contract + "/transfers", "\"" + transfer + "\"")) << two.logs();
    ASSERT_TRUE(eventually_sees(*yamada_b, contract + "/transfers", "\"" + transfer + "\"")) << two.logs();
    expect_once(at_once(*yamada_a, *yamada_b, contract + "/transfers/" + transfer + "/acknowledgement"),
                "custody.already_acknowledged");
  }
  expect_ledger_sound(two.data, two.url);
}

INSTANTIATE_TEST_SUITE_P(Backends, SameCommandTest, ::testing::ValuesIn(test_backends()), backend_name);

// --- faults under load --------------------------------------------------------------------------

// Clients deciding as fast as each server answers, remembering what was answered.
class DecisionLoad {
 public:
  DecisionLoad(std::string token, std::vector<int> ports) : token_(std::move(token)) {
    for (std::size_t c = 0; c < ports.size() * 2; ++c)
      clients_.emplace_back([this, c, port = ports[c % ports.size()]] { run(c, port); });
  }
  ~DecisionLoad() { stop(); }
  void stop() {
    stop_ = true;
    for (auto& client : clients_)
      if (client.joinable()) client.join();
  }
  // device → the ledger index the server answered with; devices answered with a refusal.
  std::map<std::string, std::uint64_t> answered() {
    std::lock_guard lock(mutex_);
    return answered_;
  }
  std::set<std::string> refused() {
    std::lock_guard lock(mutex_);
    return refused_;
  }
  std::map<int, int> statuses() {
    std::lock_guard lock(mutex_);
    return statuses_;
  }
  std::size_t answered_count() {
    std::lock_guard lock(mutex_);
    return answered_.size();
  }

 private:
  void run(std::size_t c, int port) {
    for (int n = 0; !stop_; ++n) {
      httplib::Client client("127.0.0.1", port);
      client.set_connection_timeout(2, 0);
      client.set_read_timeout(10, 0);
      const auto device = "d-" + std::to_string(port) + "-" + std::to_string(c) + "-" + std::to_string(n);
      const json body = {{"contract", kContract},
                         {"person", n % 2 ? "p-suzuki" : "p-sato"},
                         {"action", "read"},
                         {"asset", "juminhyo-2026-04"},
                         {"context", {{"location", "hq"}, {"purpose", kContract}, {"device", device}}}};
      auto response =
          client.Post("/api/v1/decide", {{"Authorization", "Bearer " + token_}}, body.dump(), "application/json");
      std::lock_guard lock(mutex_);
      if (!response) {
        ++statuses_[-1];
        continue;  // that server is down: try again
      }
      ++statuses_[response->status];
      if (response->status == 200)
        answered_[device] = json::parse(response->body).at("ledger_index").get<std::uint64_t>();
      else
        refused_.insert(device);
    }
  }

  std::string token_;
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::map<std::string, std::uint64_t> answered_;
  std::set<std::string> refused_;
  std::map<int, int> statuses_;
  std::vector<std::thread> clients_;
};

// Every answered decision is in the ledger at the index its answer named, and no refused one is.
void expect_decisions_kept(const std::string& url, DecisionLoad& load) {
  const auto answered = load.answered();
  const auto refused = load.refused();
  ASSERT_FALSE(answered.empty());
  std::map<std::uint64_t, std::string> by_index;
  for (const auto& [device, index] : answered) by_index[index] = device;
  std::size_t found = 0;
  std::uint64_t index = 0;
  for (const auto& event : ledger_events(url)) {
    if (event["type"] == "decision.recorded") {
      const auto device = event["data"].value("device", "");
      EXPECT_FALSE(refused.contains(device)) << "refused decision " << device << " was recorded";
      if (auto it = by_index.find(index); it != by_index.end()) {
        EXPECT_EQ(device, it->second) << "at index " << index;
        ++found;
      }
    }
    ++index;
  }
  EXPECT_EQ(found, answered.size()) << "answered decisions missing from the ledger";
}

std::string decide_token(const std::string& data) {
  const auto created = run_itaku(data + " token create --login yamada --org shinano-is --label load");
  std::smatch match;
  EXPECT_TRUE(std::regex_search(created, match, std::regex(R"((itk_[A-Za-z0-9_\-]+))"))) << created;
  return match.empty() ? "" : std::string(match[1]);
}

TEST(Instances, KillingOneInstanceUnderLoadLeavesTheOtherServingAndLosesNothing) {
  REQUIRE_POSTGRES();
  TwoInstances two(storage::Backend::Postgres);
  ASSERT_GT(two.a.port, 0);
  ASSERT_GT(two.b.port, 0);
  DecisionLoad load(decide_token(two.data), {two.a.port, two.b.port});
  std::this_thread::sleep_for(1500ms);
  EXPECT_TRUE(WIFSIGNALED(stop_server(two.a, SIGKILL)));
  two.a.pid = -1;
  const auto before = load.answered_count();
  std::this_thread::sleep_for(1500ms);
  EXPECT_GT(load.answered_count(), before + 10) << "the other instance stopped answering\n" << two.logs();
  load.stop();
  EXPECT_EQ(load.statuses().count(500), 0u) << two.logs();
  expect_decisions_kept(two.url, load);
  expect_ledger_sound(two.data, two.url);
}

// A PostgreSQL cluster of the test's own, so that killing it harms no other test.
struct OwnPostgres {
  std::string dir;
  std::string url;
  int port = 0;
  OwnPostgres() {
    char path[] = "/tmp/itaku-pg-fault-XXXXXX";
    dir = ::mkdtemp(path);
    url = start();
    std::smatch match;
    if (std::regex_search(url, match, std::regex(R"(:(\d+)/)"))) port = std::stoi(match[1]);
  }
  ~OwnPostgres() {
    script("stop " + dir);
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  static std::string script(const std::string& args) {
    const std::string command = std::string(ITAKU_SOURCE_DIR) + "/scripts/postgres.sh " + args + " 2>&1";
    std::string output;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return output;
    char buffer[4096];
    while (auto got = fread(buffer, 1, sizeof(buffer), pipe)) output.append(buffer, got);
    pclose(pipe);
    return output;
  }
  std::string start() const {
    auto output = script("start " + dir + (port ? " " + std::to_string(port) : ""));
    while (!output.empty() && output.back() == '\n') output.pop_back();
    return output.substr(output.rfind('\n') == std::string::npos ? 0 : output.rfind('\n') + 1);
  }
  pid_t postmaster() const {
    const auto text = read_text(fs::path(dir) / "data" / "postmaster.pid");
    return text.empty() ? -1 : static_cast<pid_t>(std::stol(text));
  }
};

TEST(Instances, KillingTheDatabaseServerUnderLoadIsSurvivedWithoutARestart) {
  REQUIRE_POSTGRES();  // scripts/postgres.sh needs what the shared test server needs
  // The postmaster, once pg_ctl has gone, is adopted by this process, which reaps it when it is
  // killed: where nothing else reaps orphans (a container without an init) a killed postmaster
  // would stay a zombie, and PostgreSQL would refuse to start again beside its lock file.
  ASSERT_EQ(::prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
  OwnPostgres postgres;
  ASSERT_TRUE(postgres.url.starts_with("postgresql://")) << postgres.url;
  TempDir dir;
  const auto a = dir.path() / "a";
  const auto b = dir.path() / "b";
  const auto data = "--data-dir " + a.string();
  run_itaku(data + " --database " + shell_quoted(postgres.url) + " init --origin fault.test/ledger");
  run_itaku(data + " demo");
  run_itaku(data + " instance join-file --out " + (dir.path() / "join.txt").string());
  run_itaku("--data-dir " + b.string() + " init --join " + (dir.path() / "join.txt").string());
  const auto server_a = start_server({"--data-dir", a.string()}, dir.path() / "a.log");
  const auto server_b = start_server({"--data-dir", b.string()}, dir.path() / "b.log");
  ASSERT_GT(server_a.port, 0);
  ASSERT_GT(server_b.port, 0);
  httplib::Client probe("127.0.0.1", server_a.port);
  probe.set_read_timeout(5, 0);
  ASSERT_EQ(probe.Get("/readyz")->status, 200);

  DecisionLoad load(decide_token(data), {server_a.port, server_b.port});
  std::this_thread::sleep_for(1500ms);
  const pid_t postmaster = postgres.postmaster();
  ASSERT_GT(postmaster, 0);
  ASSERT_EQ(::kill(postmaster, SIGKILL), 0);
  ::waitpid(postmaster, nullptr, 0);
  // Within a second both instances say they are not ready, and answer at once, without details.
  const auto killed = std::chrono::steady_clock::now();
  int ready_status = 0;
  while (std::chrono::steady_clock::now() - killed < 1s) {
    auto response = probe.Get("/readyz");
    ready_status = response ? response->status : -1;
    if (ready_status == 503) break;
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_EQ(ready_status, 503);
  // A caller who has not signed in learns that storage is unavailable, and nothing about it.
  auto unavailable = probe.Post("/api/v1/session", R"({"login":"yamada","password":"x"})", "application/json");
  ASSERT_TRUE(unavailable);
  EXPECT_EQ(unavailable->status, 503) << unavailable->body;
  EXPECT_NE(unavailable->body.find("storage.unavailable"), std::string::npos) << unavailable->body;
  EXPECT_EQ(unavailable->body.find(std::to_string(postgres.port)), std::string::npos) << unavailable->body;
  EXPECT_EQ(unavailable->body.find("postgres"), std::string::npos) << unavailable->body;
  EXPECT_EQ(probe.Get("/healthz")->status, 200) << "the process is alive";

  // The database comes back on the same port; the instances recover without a restart.
  std::this_thread::sleep_for(1s);
  std::string restarted;
  for (int attempt = 0; attempt < 60 && !restarted.starts_with("postgresql://"); ++attempt) {
    restarted = postgres.start();
    if (!restarted.starts_with("postgresql://")) std::this_thread::sleep_for(500ms);
  }
  ASSERT_EQ(restarted, postgres.url);
  const auto back = load.answered_count();
  bool recovered = false;
  for (int i = 0; i < 300 && !recovered; ++i) {
    std::this_thread::sleep_for(100ms);
    auto response = probe.Get("/readyz");
    recovered = response && response->status == 200 && load.answered_count() > back + 10;
  }
  EXPECT_TRUE(recovered) << read_text(server_a.log);
  load.stop();
  EXPECT_EQ(load.statuses().count(500), 0u) << read_text(server_a.log);
  EXPECT_GT(load.statuses()[503], 0) << "no request was refused during the outage";
  stop_server(server_a, SIGTERM);
  stop_server(server_b, SIGTERM);
  expect_decisions_kept(postgres.url, load);
  expect_ledger_sound(data, postgres.url);
}

}  // namespace
}  // namespace itaku::testing
