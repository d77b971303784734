#pragma once
// What every itaku command shares: global options, opening the instance, printing errors.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "itaku/core/clock.hpp"
#include "itaku/core/config.hpp"
#include "itaku/domain/event.hpp"
#include "itaku/ledger/ledger.hpp"
#include "itaku/ledger/verify.hpp"
#include "itaku/service/service.hpp"
#include "itaku/storage/database.hpp"

namespace itaku::cli {

struct GlobalOptions {
  std::string data_dir;
  std::string database;
  std::string as_person;  // --as: the person a command is recorded as done by
};

// The command chosen on the command line, run after parsing.
using Action = std::function<Result<void>()>;

std::filesystem::path data_dir_of(const GlobalOptions& options);
Result<Config> load(const GlobalOptions& options);

enum class MissingDatabase { Create, Refuse };
Result<std::unique_ptr<storage::Database>> open_migrated(const Config& config,
                                                         MissingDatabase missing = MissingDatabase::Refuse);

// An open instance: database, ledger (with its writer) and the domain service.
struct Instance {
  Config config;
  std::unique_ptr<storage::Database> database;
  std::unique_ptr<ledger::Ledger> ledger;
  std::unique_ptr<service::Service> service;
};
Result<Instance> open_instance(const GlobalOptions& options);

// Who a command is recorded as done by: --as PERSON (with "cli:<login>", who typed it, as `via`),
// else "cli:<login>".
domain::Actor actor_of(const GlobalOptions& options);
// Who executes a command: an operator at the machine, who holds the data directory and so may
// do everything, recorded as actor_of(options).
domain::Principal principal_of(const GlobalOptions& options);

// Makes `command`, when the command line chooses it, open the instance and run `body` on it.
void on_instance(CLI::App* command, const GlobalOptions& options, Action& action,
                 std::function<Result<void>(Instance&)> body);
// on_instance for the commands of a group that share the arguments the command line parsed
// into `args`: on(command, [](Instance&, Args&) { … }).
template <class Args>
auto on_instance_with(GlobalOptions& options, Action& action, std::shared_ptr<Args> args) {
  return [&options, &action, args](CLI::App* command, std::function<Result<void>(Instance&, Args&)> run) {
    on_instance(command, options, action, [args, run = std::move(run)](Instance& i) { return run(i, *args); });
  };
}
// Executes `command` as principal_of(options) and prints where the ledger recorded it.
Result<void> record(Instance& instance, const GlobalOptions& options, const domain::Command& command);

int report(const Error& error);
// The contract `id` of `state`, or contract.unknown naming it.
Result<const domain::Contract*> find_contract(const domain::State& state, const std::string& id);
// "recorded at ledger index N": what a command that recorded something prints.
void recorded(std::uint64_t index);
// The data directory and what it holds (one level deep, and keys/) that anyone but the owner
// may read or enter: the database holds personal data, password hashes and CSRF secrets.
std::vector<std::filesystem::path> exposed_paths(const std::filesystem::path& data_dir);
// The whole file, or file.unreadable; file.too_large when it is larger than `max_bytes`.
Result<std::string> read_file(const std::string& path,
                              std::uintmax_t max_bytes = std::numeric_limits<std::uintmax_t>::max());
// Writes `bytes` as the whole of `path`, or file.unwritable.
Result<void> write_file(const std::string& path, std::string_view bytes);
// The demo's sign-in accounts and their password, for `itaku demo` and `itaku serve`.
std::string demo_accounts_text();
ledger::Progress terminal_progress(std::string label);
const Clock& system_clock();

void add_instance_commands(CLI::App& app, GlobalOptions& options, Action& action);
void add_ledger_commands(CLI::App& app, GlobalOptions& options, Action& action);
void add_domain_commands(CLI::App& app, GlobalOptions& options, Action& action);
void add_auth_commands(CLI::App& app, GlobalOptions& options, Action& action);
void add_serve_commands(CLI::App& app, GlobalOptions& options, Action& action);
void add_asset_commands(CLI::App& app, GlobalOptions& options, Action& action);
void add_badge_commands(CLI::App& app, GlobalOptions& options, Action& action);
void add_device_commands(CLI::App& app, GlobalOptions& options, Action& action);    // disposal_cli.cpp
void add_disposal_commands(CLI::App& app, GlobalOptions& options, Action& action);  // disposal_cli.cpp
void add_approval_commands(CLI::App& app, GlobalOptions& options, Action& action);
void add_training_commands(CLI::App& app, GlobalOptions& options, Action& action);
void add_compliance_commands(CLI::App& app, GlobalOptions& options, Action& action);

}  // namespace itaku::cli
