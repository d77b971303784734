// Appends to the ledger from several threads until killed, printing "index thread n" on
// stdout after each append has returned (that is, after it is durable). Used by crash_test.

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "itaku/core/clock.hpp"
#include "itaku/ledger/keys.hpp"
#include "itaku/ledger/ledger.hpp"
#include "itaku/storage/database.hpp"

int main(int argc, char** argv) {
  using namespace itaku;
  if (argc != 5) {
    std::fprintf(stderr, "usage: itaku_crash_child DATABASE_URL KEY_DIR THREADS ROUND\n");
    return 2;
  }
  const std::string url = argv[1];
  const std::string key_dir = argv[2];
  const int threads = std::atoi(argv[3]);
  const int round = std::atoi(argv[4]);
  auto database = storage::open_database(url);
  if (!database) return 3;
  auto signer = ledger::load_signing_key(key_dir);
  if (!signer) return 4;
  SystemClock clock;
  // Checkpoints every batch, so kills also land between signing and commit.
  auto ledger = ledger::Ledger::open(**database, signer.release_value(), clock, {.checkpoint_interval = {}});
  if (!ledger) {
    std::fprintf(stderr, "open: %s\n", ledger.error().describe().c_str());
    return 5;
  }
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([&, t] {
      for (int n = 0;; ++n) {
        auto event = CanonicalJson::from_object({{"type", "crash.test"}, {"round", round}, {"thread", t}, {"n", n}});
        auto index = (*ledger)->append(*event);
        if (!index) {
          std::fprintf(stderr, "append: %s\n", index.error().describe().c_str());
          std::_Exit(6);
        }
        // One write(2) per line keeps lines whole when threads interleave.
        const auto line = std::to_string(*index) + " " + std::to_string(round) + " " + std::to_string(t) + " " +
                          std::to_string(n) + "\n";
        if (::write(STDOUT_FILENO, line.data(), line.size()) < 0) std::_Exit(7);
      }
    });
  for (auto& worker : workers) worker.join();
  return 0;
}
