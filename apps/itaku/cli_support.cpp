#include "cli_support.hpp"

#include <fstream>
#include <sstream>

#include <pwd.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "itaku/auth/demo_accounts.hpp"
#include "itaku/ledger/keys.hpp"

namespace itaku::cli {

const Clock& system_clock() {
  static SystemClock clock;
  return clock;
}

void on_instance(CLI::App* command, const GlobalOptions& options, Action& action,
                 std::function<Result<void>(Instance&)> body) {
  command->callback([&action, global = &options, body = std::move(body)] {
    action = [global, body]() -> Result<void> {
      auto instance = TRY(open_instance(*global));
      return body(instance);
    };
  });
}

Result<void> record(Instance& instance, const GlobalOptions& options, const domain::Command& command) {
  recorded(TRY(instance.service->execute(command, principal_of(options))));
  return ok();
}

void recorded(std::uint64_t index) { std::cout << "台帳に記録しました / recorded at ledger index " << index << "\n"; }

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

Result<const domain::Contract*> find_contract(const domain::State& state, const std::string& id) {
  const auto* contract = state.contract(id);
  if (!contract)
    return make_error(ErrorKind::NotFound, "contract.unknown", "契約が見つかりません", "no such contract")
        .with("id", id);
  return contract;
}

std::string demo_accounts_text() {
  return "デモ用アカウント / demo accounts (password: " + std::string(auth::kDemoPassword) +
         ")\n"
         "  kobayashi  長野市 情報政策課（契約担当） / Nagano city officer\n"
         "  takahashi  木更津市 情報政策課（契約担当） / Kisarazu city officer\n"
         "  nakamura   長野市 監査（閲覧のみ） / Nagano auditor (read-only)\n"
         "  yamada     株式会社しなの情報システム 責任者 / contractor's responsible person\n"
         "  ito        有限会社善光寺データ 責任者 / subcontractor's responsible person\n"
         "  admin      管理者 / administrator\n";
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

Result<std::unique_ptr<storage::Database>> open_migrated(const Config& config, MissingDatabase missing) {
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

Result<Instance> open_instance(const GlobalOptions& options) {
  Instance instance;
  instance.config = TRY(load(options));
  auto signer = TRY(ledger::load_signing_key(instance.config.data_dir));
  instance.database = TRY(open_migrated(instance.config));
  instance.ledger = TRY(ledger::Ledger::open(*instance.database, std::move(signer), system_clock(),
                                             {.checkpoint_interval = instance.config.checkpoint_interval,
                                              .checkpoint_files = checkpoint_files(instance.config)}));
  instance.service = TRY(service::Service::open(*instance.database, *instance.ledger, system_clock()));
  return instance;
}

namespace {

// The operating-system user running the command: the ledger says who ran it, also where USER
// is not set (a service manager, a container, cron).
std::string os_user() {
  if (const auto* entry = ::getpwuid(::geteuid()); entry != nullptr && entry->pw_name && *entry->pw_name)
    return entry->pw_name;
  const char* user = std::getenv("USER");
  return user && *user ? user : "uid-" + std::to_string(::geteuid());
}

}  // namespace

domain::Actor actor_of(const GlobalOptions& options) {
  if (!options.as_person.empty()) return domain::Actor{"person:" + options.as_person, "cli:" + os_user()};
  return domain::Actor{"cli:" + os_user()};
}

domain::Principal principal_of(const GlobalOptions& options) { return domain::Principal::system(actor_of(options)); }

// Prints "label n/total (p%)" on one terminal line; silent when stderr is not a terminal.
ledger::Progress terminal_progress(std::string label) {
  if (!::isatty(STDERR_FILENO)) return {};
  return [label = std::move(label)](std::uint64_t done, std::uint64_t total) {
    const int percent = total ? static_cast<int>(done * 100 / total) : 100;
    std::fprintf(stderr, "\r%s %llu/%llu (%d%%)", label.c_str(), static_cast<unsigned long long>(done),
                 static_cast<unsigned long long>(total), percent);
    if (done >= total) std::fputc('\n', stderr);
    std::fflush(stderr);
  };
}

std::vector<std::filesystem::path> exposed_paths(const std::filesystem::path& data_dir) {
  namespace fs = std::filesystem;
  constexpr auto kOthers = fs::perms::group_all | fs::perms::others_all;
  std::vector<fs::path> exposed;
  std::error_code ec;
  auto check = [&](const fs::path& path) {
    const auto status = fs::symlink_status(path, ec);
    if (!ec && (status.permissions() & kOthers) != fs::perms::none) exposed.push_back(path);
  };
  check(data_dir);
  for (const auto& dir : {data_dir, data_dir / "keys"})
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) check(it->path());
  return exposed;
}

Result<void> write_file(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out || !out.write(bytes.data(), static_cast<std::streamsize>(bytes.size())) || !out.flush())
    return make_error(ErrorKind::Io, "file.unwritable", "ファイルに書き込めません", "cannot write the file")
        .with("file", path);
  return ok();
}

Result<std::string> read_file(const std::string& path, std::uintmax_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return make_error(ErrorKind::NotFound, "file.unreadable", "ファイルを開けません", "cannot open the file")
        .with("file", path);
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > max_bytes)
    return make_error(ErrorKind::Invalid, "file.too_large", "ファイルが大きすぎます", "the file is too large")
        .with("file", path)
        .with("max_bytes", std::to_string(max_bytes));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace itaku::cli
