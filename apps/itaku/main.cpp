// The itaku command: the composition root that reads configuration, picks the storage
// backend and wires the modules together. Each command returns an exit code; errors are
// printed in Japanese and English.

#include <sys/stat.h>

#include <iostream>

#include <CLI/CLI.hpp>

#include "cli_support.hpp"
#include "itaku/crypto/ed25519.hpp"
#include "terminal_output.hpp"

namespace {

constexpr const char* kVersion = "0.1.0";

constexpr const char* kExitCodes =
    "\nExit codes / 終了コード:\n"
    "  0  success / 成功\n"
    "  1  internal failure / 内部エラー\n"
    "  2  usage error / 引数の誤り\n"
    "  3  invalid input / 入力が不正\n"
    "  4  not found / 見つからない\n"
    "  5  conflict with current state / 現在の状態と矛盾\n"
    "  6  denied / 権限がない\n"
    "  7  database or disk unavailable / データベース・ディスクが使えない\n"
    "  8  verification failed: tampering detected / 検証失敗（改ざんを検出）\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace itaku;
  // Everything itaku creates — the data directory, the database and its -wal and -shm files,
  // keys, the configuration, exports — is its owner's alone: the database holds personal data,
  // password hashes and CSRF secrets.
  ::umask(0077);
  crypto::initialise();
  CLI::App app{
      "itaku (委託) — 情報セキュリティ特記事項の記録・執行・確認 / records, enforces and checks the "
      "information-security provisions of outsourcing contracts"};
  app.footer(kExitCodes);
  app.require_subcommand(1);
  // The global options may also follow the command (`itaku ledger verify --data-dir DIR`).
  app.fallthrough();
  cli::GlobalOptions options;
  app.add_option("--data-dir", options.data_dir, "data directory (default: $ITAKU_DATA_DIR or ./itaku-data)");
  app.add_option("--database", options.database,
                 "database URL: sqlite:PATH or postgres://… (default: SQLite in the data directory)");
  app.add_option("--as", options.as_person, "record the command as done by this person (person id)");

  cli::Action action;
  app.add_subcommand("version", "print the version")->callback([&] {
    action = [] {
      std::cout << "itaku " << kVersion << "\n";
      return ok();
    };
  });
  cli::add_instance_commands(app, options, action);
  cli::add_ledger_commands(app, options, action);
  cli::add_domain_commands(app, options, action);
  cli::add_auth_commands(app, options, action);
  cli::add_serve_commands(app, options, action);
  cli::add_asset_commands(app, options, action);
  cli::add_badge_commands(app, options, action);
  cli::add_device_commands(app, options, action);
  cli::add_disposal_commands(app, options, action);
  cli::add_approval_commands(app, options, action);
  cli::add_training_commands(app, options, action);
  cli::add_compliance_commands(app, options, action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? exit_codes::kOk : exit_codes::kUsage;
  }
  if (!action) return exit_codes::kUsage;
  // From here on, what is printed may come from the ledger.
  const auto out = cli::filter_terminal_output(std::cout);
  const auto err = cli::filter_terminal_output(std::cerr);
  auto result = action();
  if (!result) return cli::report(result.error());
  return exit_codes::kOk;
}
