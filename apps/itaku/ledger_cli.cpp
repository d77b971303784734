// itaku backup, restore and ledger …: copies of the database and the tamper-evident ledger.

#include <fstream>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli_support.hpp"
#include "itaku/core/json_input.hpp"
#include "itaku/ledger/bundle.hpp"
#include "itaku/ledger/checkpoint_file.hpp"
#include "itaku/ledger/keys.hpp"
#include "itaku/ledger/proof_json.hpp"
#include "itaku/service/compliance_documents.hpp"

namespace itaku::cli {

namespace {

// The key verification trusts: --key, else this instance's own key file, else (with a
// warning) the key recorded in the ledger itself.
std::optional<std::string> trusted_key(const std::string& key_option, const std::filesystem::path& data_dir) {
  if (!key_option.empty()) return key_option;
  if (auto signer = ledger::load_signing_key(data_dir)) return signer->verifier().to_string();
  return std::nullopt;
}

// The checkpoints kept outside the database (docs/LEDGER.md, "Rollback"), read with the key
// verification trusts.
Result<std::vector<ledger::SeenCheckpoint>> seen_checkpoints(storage::Database& database, const Config& config,
                                                             const std::optional<std::string>& key) {
  const auto identity = TRY(ledger::read_identity(database));
  const auto verifier = TRY(tlog::NoteVerifier::parse(key.value_or(identity.verifier_key)));
  const auto files = checkpoint_files(config);
  return ledger::read_checkpoint_files(files, verifier, identity.origin);
}

void print_seen(const std::vector<ledger::SeenCheckpoint>& seen) {
  for (const auto& checkpoint : seen)
    std::cout << "保存済みチェックポイントと一致 / consistent with the saved checkpoint: " << checkpoint.file.string()
              << " (size " << checkpoint.checkpoint.size << ")\n";
}

void print_report(const ledger::VerifyReport& report, bool key_was_trusted) {
  std::cout << "検証に成功しました / verified OK\n"
            << "origin:             " << report.origin << "\n"
            << "entries / 項目数:    " << report.entries << "\n"
            << "checkpoints / 署名済みチェックポイント: " << report.checkpoints << " (latest size "
            << report.signed_size << ")\n"
            << "root / ルート:       " << to_hex(report.root) << "\n"
            << "key / 公開鍵:        " << report.verifier_key << "\n";
  if (report.tiles > 0) std::cout << "tiles / タイル:      " << report.tiles << " (match / 一致)\n";
  if (report.unsigned_tail > 0)
    std::cout << "注意: 最新のチェックポイント以降の " << report.unsigned_tail
              << " 項目はまだ署名されていません / note: " << report.unsigned_tail
              << " entries after the latest checkpoint are not yet signed\n";
  if (!key_was_trusted)
    std::cout << "注意: 台帳自身に記録された公開鍵で検証しました。信頼できる鍵を --key で指定してください / "
                 "note: verified with the key recorded in the ledger itself; pass --key to use a key you trust\n";
}

// A package is read whole; ZIP members are bounded again while they are read.
constexpr std::uintmax_t kMaxPackageBytes = std::uintmax_t{2} << 30;

// Whether the file starts as a ZIP does (a package rather than a bundle).
Result<bool> starts_like_zip(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    return make_error(ErrorKind::NotFound, "ledger.bundle_unreadable", "バンドルファイルを開けません",
                      "cannot open the bundle file")
        .with("file", file);
  std::string head(4, '\0');
  in.read(head.data(), 4);
  head.resize(static_cast<std::size_t>(in.gcount()));
  return service::is_zip(head);
}

// An auditor's evidence package (service/compliance_documents.hpp): the excerpt of the ledger
// inside, then every file against the entry that records its bytes.
Result<void> verify_package(const std::string& file, const std::optional<std::string>& key) {
  const auto bytes = TRY(read_file(file, kMaxPackageBytes));
  const auto verified = TRY(service::verify_evidence_package(bytes, key));
  std::cout << fmt::format(
      "証拠一式は正しく検証されました / the evidence package verifies\n"
      "  契約 / contract: {}\n  台帳 / ledger: {}（{} 項目中 {} 項目の抜粋 / an excerpt of {} of {} entries）\n",
      verified.contract, verified.excerpt.origin, verified.excerpt.tree_size, verified.excerpt.entries.size(),
      verified.excerpt.entries.size(), verified.excerpt.tree_size);
  for (const auto& f : verified.files)
    std::cout << fmt::format("  {}  台帳 #{} {} に記録 / recorded by #{}\n", f.name, f.recorded_by, f.what,
                             f.recorded_by);
  if (!key)
    std::cout << "注意: 証拠一式自身に記録された公開鍵で検証しました。市から入手した鍵を --key で指定してください / "
                 "note: verified with the key the package itself carries; pass the city's key with --key\n";
  return ok();
}

Result<void> run_verify(const GlobalOptions& options, const std::string& bundle, const std::string& key_option) {
  if (!bundle.empty()) {
    const auto key = key_option.empty() ? std::nullopt : std::optional<std::string>(key_option);
    if (TRY(starts_like_zip(bundle))) return verify_package(bundle, key);
    auto report = TRY(ledger::verify_bundle(bundle, key, terminal_progress("検証 / verifying")));
    print_report(report, key.has_value());
    return ok();
  }
  auto config = TRY(load(options));
  auto database = TRY(open_migrated(config));
  const auto key = trusted_key(key_option, config.data_dir);
  const auto seen = TRY(seen_checkpoints(*database, config, key));
  auto report = TRY(ledger::verify_database(*database, key, terminal_progress("検証 / verifying"), seen));
  print_report(report, key.has_value());
  print_seen(seen);
  return ok();
}

std::filesystem::path sqlite_file(const Config& config) {
  const auto url = effective_database_url(config);
  return url.starts_with("sqlite:") ? std::filesystem::path(url.substr(7)) : std::filesystem::path{};
}

Error use_postgres_tools(const char* command) {
  const bool backup = std::string_view(command) == "backup";
  return make_error(ErrorKind::Invalid, backup ? "storage.backup_use_pg_dump" : "storage.restore_use_pg_restore",
                    backup ? "PostgreSQLのデータベースは pg_dump でバックアップしてください（docs/DEPLOY.md）"
                           : "PostgreSQLのデータベースは pg_restore で戻し、itaku ledger verify で確認してください"
                             "（docs/DEPLOY.md）",
                    backup ? "back a PostgreSQL database up with pg_dump (docs/DEPLOY.md)"
                           : "restore a PostgreSQL database with pg_restore, then run `itaku ledger verify` "
                             "(docs/DEPLOY.md)");
}

// itaku backup DEST: a consistent copy of the running instance's SQLite database, checked in
// full before it is reported as a backup.
Result<void> run_backup(const GlobalOptions& options, const std::string& destination) {
  auto config = TRY(load(options));
  const auto file = sqlite_file(config);
  if (file.empty()) return use_postgres_tools("backup");
  auto database = TRY(open_migrated(config));
  TRY(database->copy_to(destination));
  auto copy = TRY(storage::open_database("sqlite:" + destination));
  const auto key = trusted_key("", config.data_dir);
  auto report = ledger::verify_database(*copy, key, terminal_progress("検証 / verifying"));
  if (!report) {
    std::error_code ec;
    copy.reset();
    std::filesystem::remove(destination, ec);
    return report.release_error();
  }
  std::cout << "バックアップを作成し、検証しました / backed up and verified: " << destination << "\n"
            << "entries / 項目数: " << report->entries << " (signed / 署名済み " << report->signed_size << ")\n"
            << "署名鍵 (keys/ledger.key) と itaku.toml は別途保管してください / keep keys/ledger.key and "
               "itaku.toml safe separately\n";
  return ok();
}

// itaku restore SRC: verifies the copy fully, refuses one older than a checkpoint this
// instance has seen (unless told that a rollback is intended), keeps the current database
// beside it, and puts the copy in place. The server must be stopped.
Result<void> run_restore(const GlobalOptions& options, const std::string& source, bool allow_rollback) {
  auto config = TRY(load(options));
  const auto file = sqlite_file(config);
  if (file.empty()) return use_postgres_tools("restore");
  std::error_code ec;
  if (!std::filesystem::is_regular_file(source, ec))
    return make_error(ErrorKind::NotFound, "file.unreadable", "ファイルを開けません", "cannot open the file")
        .with("file", source);
  auto copy = TRY(storage::open_database("sqlite:" + source));
  const auto key = trusted_key("", config.data_dir);
  const auto seen = TRY(seen_checkpoints(*copy, config, key));
  auto report = ledger::verify_database(*copy, key, terminal_progress("検証 / verifying"), seen);
  const bool rolls_back =
      !report && (report.error().code == "ledger.rollback" || report.error().code == "ledger.diverged");
  if (rolls_back && allow_rollback) {
    std::cout << "注意: 以前に署名されたチェックポイントより古い台帳に戻します / note: rolling the ledger back "
                 "behind a checkpoint signed before ("
              << report.error().describe() << ")\n";
    report = ledger::verify_database(*copy, key, {});
  }
  if (!report) return report.release_error();
  // The current database (with what its WAL holds) is kept, then the copy takes its place.
  const auto stamp = std::to_string(to_unix_micros(system_clock().now()) / 1000000);
  std::filesystem::path kept;
  if (std::filesystem::exists(file, ec)) {
    kept = file;
    kept += ".before-restore-" + stamp;
    auto live = TRY(storage::open_database("sqlite:" + file.string()));
    TRY(live->copy_to(kept));
  }
  auto incoming = file;
  incoming += ".restoring";
  std::filesystem::remove(incoming, ec);
  TRY(copy->copy_to(incoming));
  copy.reset();
  for (const char* suffix : {"-wal", "-shm"}) {
    auto side = file;
    side += suffix;
    std::filesystem::remove(side, ec);
  }
  std::filesystem::rename(incoming, file, ec);
  if (ec)
    return make_error(ErrorKind::Io, "restore.rename_failed", "復元したデータベースを配置できません",
                      "cannot put the restored database in place")
        .with("file", file.string())
        .with("detail", ec.message());
  if (allow_rollback) {
    // The rollback is intended: the files now vouch for the restored ledger's latest checkpoint.
    auto restored = TRY(storage::open_database("sqlite:" + file.string()));
    auto tx = TRY(restored->begin(storage::TransactionMode::Read));
    std::string note;
    TRY(tx->query("SELECT note FROM ledger_checkpoints ORDER BY tree_size DESC LIMIT 1", {},
                  [&](const storage::Row& row) -> Result<void> {
                    note = std::string(row.text(0));
                    return ok();
                  }));
    for (const auto& path : checkpoint_files(config))
      if (!note.empty()) TRY(ledger::write_checkpoint_file(path, note));
  }
  std::cout << "復元しました / restored: " << source << " → " << file.string() << " (" << report->entries
            << " entries / 項目)\n";
  if (!kept.empty()) std::cout << "以前のデータベース / the previous database: " << kept.string() << "\n";
  return ok();
}

struct OpenLedger {
  std::unique_ptr<storage::Database> database;
  std::unique_ptr<ledger::Ledger> ledger;
};

Result<OpenLedger> open_ledger(const GlobalOptions& options) {
  auto config = TRY(load(options));
  auto signer = TRY(ledger::load_signing_key(config.data_dir));
  OpenLedger out;
  out.database = TRY(open_migrated(config));
  out.ledger = TRY(ledger::Ledger::open(
      *out.database, std::move(signer), system_clock(),
      {.checkpoint_interval = config.checkpoint_interval, .checkpoint_files = checkpoint_files(config)}));
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
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  auto parsed = parse_json_input(text);
  if (!parsed)
    return make_error(ErrorKind::Invalid, "proof.malformed", "証明ファイルがJSONではありません",
                      "the proof file is not JSON")
        .with("file", file)
        .with("detail", parsed.error().describe());
  const auto doc = parsed.release_value();
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

void add_ledger_commands(CLI::App& app, GlobalOptions& options, Action& action) {
  // The parsed values must outlive this function: CLI11 writes them during parse().
  struct Args {
    std::string bundle, key, export_file, proof_file, proof_key, backup_file, restore_file;
    bool sign_now = false, allow_rollback = false;
    std::uint64_t index = 0, old_size = 0, new_size = 0;
  };
  auto args = std::make_shared<Args>();
  auto on = [&action, args](CLI::App* command, std::function<Result<void>(Args&)> run) {
    command->callback([&action, args, run = std::move(run)] { action = [args, run] { return run(*args); }; });
  };
  const GlobalOptions* global = &options;

  auto* backup = app.add_subcommand(
      "backup", "write a consistent copy of the SQLite database while the server runs, and verify it");
  backup->add_option("DEST", args->backup_file, "the backup file to create")->required();
  on(backup, [global](Args& a) { return run_backup(*global, a.backup_file); });

  auto* restore = app.add_subcommand(
      "restore", "verify a backup fully and put it in place of the database (stop the server first)");
  restore->add_option("SRC", args->restore_file, "the backup file")->required();
  restore->add_flag("--allow-rollback", args->allow_rollback,
                    "accept a backup older than the latest checkpoint seen (entries after it are lost)");
  on(restore, [global](Args& a) { return run_restore(*global, a.restore_file, a.allow_rollback); });

  auto* ledger_cmd = app.add_subcommand("ledger", "the tamper-evident ledger");
  ledger_cmd->require_subcommand(1);

  auto* verify = ledger_cmd->add_subcommand("verify", "recompute and check every entry, checkpoint and signature");
  verify->add_option("--bundle", args->bundle, "verify an exported bundle offline instead of the database");
  verify->add_option("--key", args->key, "the verifier key to trust (default: this instance's key)");
  on(verify, [global](Args& a) { return run_verify(*global, a.bundle, a.key); });

  auto* export_cmd = ledger_cmd->add_subcommand("export", "write a self-contained bundle that verifies offline");
  export_cmd->add_option("FILE", args->export_file, "output file")->required();
  on(export_cmd, [global](Args& a) { return run_export(*global, a.export_file); });

  auto* checkpoint = ledger_cmd->add_subcommand("checkpoint", "print the latest signed checkpoint");
  checkpoint->add_flag("--sign", args->sign_now, "sign a new checkpoint covering every entry first");
  on(checkpoint, [global](Args& a) { return run_checkpoint(*global, a.sign_now); });

  on(ledger_cmd->add_subcommand("key", "print the public verifier key"), [global](Args&) { return run_key(*global); });

  auto* proof = ledger_cmd->add_subcommand("proof", "print or check proofs (JSON, see docs/LEDGER.md)");
  proof->require_subcommand(1);
  auto* inclusion = proof->add_subcommand("inclusion", "inclusion proof of entry N in the latest checkpoint");
  inclusion->add_option("N", args->index, "entry index")->required();
  on(inclusion, [global](Args& a) { return run_proof_inclusion(*global, a.index); });
  auto* consistency = proof->add_subcommand("consistency", "consistency proof between tree sizes A and B");
  consistency->add_option("A", args->old_size, "older tree size")->required();
  consistency->add_option("B", args->new_size, "newer tree size")->required();
  on(consistency, [global](Args& a) { return run_proof_consistency(*global, a.old_size, a.new_size); });
  auto* proof_verify = proof->add_subcommand("verify", "check a proof file offline");
  proof_verify->add_option("FILE", args->proof_file, "proof JSON file")->required();
  proof_verify->add_option("--key", args->proof_key, "the verifier key to trust (default: this instance's key)");
  on(proof_verify, [global](Args& a) { return run_proof_verify(*global, a.proof_file, a.proof_key); });
}

}  // namespace itaku::cli
