// The itaku command: the composition root that reads configuration, picks the storage
// backend and wires the modules together. Each command returns an exit code; errors are
// printed in Japanese and English.

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "itaku/core/clock.hpp"
#include "itaku/core/config.hpp"
#include "itaku/core/error.hpp"
#include "itaku/crypto/ed25519.hpp"
#include "itaku/ledger/bundle.hpp"
#include "itaku/ledger/keys.hpp"
#include "itaku/ledger/ledger.hpp"
#include "itaku/ledger/proof_json.hpp"
#include "itaku/ledger/verify.hpp"
#include "itaku/storage/database.hpp"

namespace {

using namespace itaku;

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

struct GlobalOptions {
  std::string data_dir;
  std::string database;
};

int report(const Error& error) {
  std::cerr << "エラー: " << error.describe_ja() << "\n"
            << "error: " << error.describe() << " [" << error.code << "]\n";
  if (error.kind == ErrorKind::Tampered) {
    const auto index = error.context.find("index");
    std::cerr << "改ざんを検出しました / tampering detected";
    if (index != error.context.end()) std::cerr << ": 最初の不正な項目の番号 / first bad index: " << index->second;
    std::cerr << "\n";
  }
  return exit_code(error.kind);
}

std::filesystem::path data_dir_of(const GlobalOptions& options) {
  if (!options.data_dir.empty()) return options.data_dir;
  if (const char* env = std::getenv("ITAKU_DATA_DIR")) return env;
  return "itaku-data";
}

Result<Config> load(const GlobalOptions& options) {
  auto config = TRY(load_config(data_dir_of(options), process_environment()));
  if (!options.database.empty()) config.database_url = options.database;
  log::set_level(config.log_level);
  return config;
}

enum class MissingDatabase { Create, Refuse };

Result<std::unique_ptr<storage::Database>> open_migrated(const Config& config,
                                                         MissingDatabase missing = MissingDatabase::Refuse) {
  const auto url = effective_database_url(config);
  // Only `init` creates a SQLite file; every other command on a missing one is a mistake
  // (a wrong --data-dir, most often) and says so instead of creating an empty database.
  if (missing == MissingDatabase::Refuse && url.starts_with("sqlite:") && !std::filesystem::exists(url.substr(7)))
    return make_error(ErrorKind::NotFound, "ledger.not_initialised",
                      "データベースがありません。--data-dir を確認するか、先に itaku init を実行してください",
                      "no database here; check --data-dir or run `itaku init` first")
        .with("database", url);
  auto database = TRY(storage::open_database(url));
  TRY(storage::migrate(*database));
  return database;
}

// Prints "label n/total (p%)" on one terminal line; silent when stderr is not a terminal.
ledger::Progress terminal_progress(std::string label) {
  if (!::isatty(STDERR_FILENO)) return {};
  return [label](std::uint64_t done, std::uint64_t total) {
    const int percent = total ? static_cast<int>(done * 100 / total) : 100;
    std::fprintf(stderr, "\r%s %llu/%llu (%d%%)", label.c_str(), static_cast<unsigned long long>(done),
                 static_cast<unsigned long long>(total), percent);
    if (done >= total) std::fputc('\n', stderr);
    std::fflush(stderr);
  };
}

std::string default_origin() {
  char host[256] = {};
  if (::gethostname(host, sizeof(host) - 1) != 0 || host[0] == '\0') return "itaku/local";
  std::string name = host;
  for (char& c : name)
    if (c == ' ' || c == '+') c = '-';
  return "itaku/" + name;
}

Result<void> run_init(const GlobalOptions& options, const std::string& origin_option) {
  const auto data_dir = data_dir_of(options);
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec)
    return make_error(ErrorKind::Io, "init.data_dir", "データディレクトリを作成できません",
                      "cannot create the data directory")
        .with("dir", data_dir.string());
  TRY(write_default_config(data_dir, origin_option.empty() ? default_origin() : origin_option));
  auto config = TRY(load(options));
  if (!origin_option.empty()) config.origin = origin_option;
  if (config.origin.empty()) config.origin = default_origin();
  auto database = TRY(open_migrated(config, MissingDatabase::Create));

  const auto key_file = ledger::signing_key_path(data_dir);
  auto signer = std::filesystem::exists(key_file) ? TRY(ledger::load_signing_key(data_dir))
                                                  : TRY(ledger::create_signing_key(data_dir, config.origin));
  auto identity = ledger::read_identity(*database);
  if (identity) {
    if (identity->verifier_key != signer.verifier().to_string())
      return make_error(ErrorKind::Conflict, "ledger.key_mismatch", "署名鍵がこの台帳の鍵と一致しません",
                        "the signing key is not this ledger's key")
          .with("file", key_file.string());
    std::cout << "既に初期化済みです / already initialised\n";
  } else {
    SystemClock clock;
    TRY(ledger::initialise_ledger(*database, signer, clock));
    std::cout << "初期化しました / initialised\n";
  }
  std::cout << "data directory / データディレクトリ: " << data_dir.string() << "\n"
            << "database / データベース:            " << database->display_url() << "\n"
            << "origin / オリジン:                  " << signer.name() << "\n"
            << "signing key / 署名鍵 (0600):        " << key_file.string() << "\n"
            << "public key / 公開鍵 (verifier key): " << signer.verifier().to_string() << "\n";
  return ok();
}

// The key verification trusts: --key, else this instance's own key file, else (with a
// warning) the key recorded in the ledger itself.
std::optional<std::string> trusted_key(const std::string& key_option, const std::filesystem::path& data_dir) {
  if (!key_option.empty()) return key_option;
  if (auto signer = ledger::load_signing_key(data_dir)) return signer->verifier().to_string();
  return std::nullopt;
}

void print_report(const ledger::VerifyReport& report, bool key_was_trusted) {
  std::cout << "検証に成功しました / verified OK\n"
            << "origin:             " << report.origin << "\n"
            << "entries / 項目数:    " << report.entries << "\n"
            << "checkpoints / 署名済みチェックポイント: " << report.checkpoints << " (latest size "
            << report.signed_size << ")\n"
            << "root / ルート:       " << to_hex(report.root) << "\n"
            << "key / 公開鍵:        " << report.verifier_key << "\n";
  if (report.unsigned_tail > 0)
    std::cout << "注意: 最新のチェックポイント以降の " << report.unsigned_tail
              << " 項目はまだ署名されていません / note: " << report.unsigned_tail
              << " entries after the latest checkpoint are not yet signed\n";
  if (!key_was_trusted)
    std::cout << "注意: 台帳自身に記録された公開鍵で検証しました。信頼できる鍵を --key で指定してください / "
                 "note: verified with the key recorded in the ledger itself; pass --key to use a key you trust\n";
}

Result<void> run_verify(const GlobalOptions& options, const std::string& bundle, const std::string& key_option) {
  if (!bundle.empty()) {
    const auto key = key_option.empty() ? std::nullopt : std::optional<std::string>(key_option);
    auto report = TRY(ledger::verify_bundle(bundle, key, terminal_progress("検証 / verifying")));
    print_report(report, key.has_value());
    return ok();
  }
  auto config = TRY(load(options));
  auto database = TRY(open_migrated(config));
  const auto key = trusted_key(key_option, config.data_dir);
  auto report = TRY(ledger::verify_database(*database, key, terminal_progress("検証 / verifying")));
  print_report(report, key.has_value());
  return ok();
}

struct OpenLedger {
  std::unique_ptr<storage::Database> database;
  std::unique_ptr<ledger::Ledger> ledger;
};

Result<OpenLedger> open_ledger(const GlobalOptions& options) {
  static SystemClock clock;
  auto config = TRY(load(options));
  auto signer = TRY(ledger::load_signing_key(config.data_dir));
  OpenLedger out;
  out.database = TRY(open_migrated(config));
  out.ledger = TRY(ledger::Ledger::open(*out.database, std::move(signer), clock,
                                        {.checkpoint_interval = config.checkpoint_interval}));
  return out;
}

Result<void> run_export(const GlobalOptions& options, const std::string& file) {
  auto opened = TRY(open_ledger(options));
  // Sign first, so the bundle's last checkpoint covers every entry in it.
  TRY(opened.ledger->checkpoint_now());
  const auto written = TRY(ledger::export_bundle(*opened.database, file, terminal_progress("書き出し / exporting")));
  std::cout << written << " 項目を書き出しました / exported " << written << " entries to " << file << "\n"
            << "public key / 公開鍵: " << opened.ledger->verifier().to_string() << "\n";
  return ok();
}

Result<void> run_proof_inclusion(const GlobalOptions& options, std::uint64_t index) {
  auto opened = TRY(open_ledger(options));
  std::cout << TRY(ledger::inclusion_proof_json(*opened.ledger, index)).dump(2) << "\n";
  return ok();
}

Result<void> run_proof_consistency(const GlobalOptions& options, std::uint64_t a, std::uint64_t b) {
  auto opened = TRY(open_ledger(options));
  std::cout << TRY(ledger::consistency_proof_json(*opened.ledger, a, b)).dump(2) << "\n";
  return ok();
}

Result<void> run_proof_verify(const GlobalOptions& options, const std::string& file, const std::string& key_option) {
  std::ifstream in(file);
  if (!in)
    return make_error(ErrorKind::NotFound, "proof.unreadable", "証明ファイルを開けません", "cannot open the proof file")
        .with("file", file);
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception&) {
    return make_error(ErrorKind::Invalid, "proof.malformed", "証明ファイルがJSONではありません",
                      "the proof file is not JSON")
        .with("file", file);
  }
  const auto key = trusted_key(key_option, data_dir_of(options));
  if (!key)
    return make_error(ErrorKind::Invalid, "proof.no_key", "検証に使う公開鍵を --key で指定してください",
                      "give the verifier key to check against with --key");
  TRY(ledger::verify_proof_json(doc, *key));
  std::cout << "証明は正しいです / proof verified (" << doc.value("type", "") << ")\n";
  return ok();
}

Result<void> run_checkpoint(const GlobalOptions& options, bool sign_now) {
  auto opened = TRY(open_ledger(options));
  auto latest = opened.ledger->latest_checkpoint();
  if (sign_now || !latest) latest = TRY(opened.ledger->checkpoint_now());
  std::cout << latest->note;
  return ok();
}

Result<void> run_key(const GlobalOptions& options) {
  auto config = TRY(load(options));
  auto signer = TRY(ledger::load_signing_key(config.data_dir));
  std::cout << signer.verifier().to_string() << "\n";
  return ok();
}

}  // namespace

int main(int argc, char** argv) {
  crypto::initialise();
  CLI::App app{
      "itaku (委託) — 情報セキュリティ特記事項の記録・執行・確認 / records, enforces and checks the "
      "information-security provisions of outsourcing contracts"};
  app.footer(kExitCodes);
  app.require_subcommand(1);
  GlobalOptions options;
  app.add_option("--data-dir", options.data_dir, "data directory (default: $ITAKU_DATA_DIR or ./itaku-data)");
  app.add_option("--database", options.database,
                 "database URL: sqlite:PATH or postgres://… (default: SQLite in the data directory)");

  std::function<Result<void>()> action;

  app.add_subcommand("version", "print the version")->callback([&] {
    action = [] {
      std::cout << "itaku " << kVersion << "\n";
      return ok();
    };
  });

  auto* init = app.add_subcommand("init", "create the data directory, database and ledger signing key");
  std::string origin;
  init->add_option("--origin", origin, "name of this instance in checkpoints (default: itaku/<hostname>)");
  init->callback([&] { action = [&] { return run_init(options, origin); }; });

  auto* ledger_cmd = app.add_subcommand("ledger", "the tamper-evident ledger");
  ledger_cmd->require_subcommand(1);

  auto* verify = ledger_cmd->add_subcommand("verify", "recompute and check every entry, checkpoint and signature");
  std::string bundle, key;
  verify->add_option("--bundle", bundle, "verify an exported bundle offline instead of the database");
  verify->add_option("--key", key, "the verifier key to trust (default: this instance's key)");
  verify->callback([&] { action = [&] { return run_verify(options, bundle, key); }; });

  auto* export_cmd = ledger_cmd->add_subcommand("export", "write a self-contained bundle that verifies offline");
  std::string export_file;
  export_cmd->add_option("FILE", export_file, "output file")->required();
  export_cmd->callback([&] { action = [&] { return run_export(options, export_file); }; });

  auto* checkpoint = ledger_cmd->add_subcommand("checkpoint", "print the latest signed checkpoint");
  bool sign_now = false;
  checkpoint->add_flag("--sign", sign_now, "sign a new checkpoint covering every entry first");
  checkpoint->callback([&] { action = [&] { return run_checkpoint(options, sign_now); }; });

  ledger_cmd->add_subcommand("key", "print the public verifier key")->callback([&] {
    action = [&] { return run_key(options); };
  });

  auto* proof = ledger_cmd->add_subcommand("proof", "print or check proofs (JSON, see docs/LEDGER.md)");
  proof->require_subcommand(1);
  std::uint64_t index = 0, old_size = 0, new_size = 0;
  auto* inclusion = proof->add_subcommand("inclusion", "inclusion proof of entry N in the latest checkpoint");
  inclusion->add_option("N", index, "entry index")->required();
  inclusion->callback([&] { action = [&] { return run_proof_inclusion(options, index); }; });
  auto* consistency = proof->add_subcommand("consistency", "consistency proof between tree sizes A and B");
  consistency->add_option("A", old_size, "older tree size")->required();
  consistency->add_option("B", new_size, "newer tree size")->required();
  consistency->callback([&] { action = [&] { return run_proof_consistency(options, old_size, new_size); }; });
  auto* proof_verify = proof->add_subcommand("verify", "check a proof file offline");
  std::string proof_file, proof_key;
  proof_verify->add_option("FILE", proof_file, "proof JSON file")->required();
  proof_verify->add_option("--key", proof_key, "the verifier key to trust (default: this instance's key)");
  proof_verify->callback([&] { action = [&] { return run_proof_verify(options, proof_file, proof_key); }; });

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? exit_codes::kOk : exit_codes::kUsage;
  }
  if (!action) return exit_codes::kUsage;
  auto result = action();
  if (!result) return report(result.error());
  return exit_codes::kOk;
}
