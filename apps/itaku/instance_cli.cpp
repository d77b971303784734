// itaku init and itaku instance …: this instance's identity, and another instance joining the
// PostgreSQL database it shares (docs/DEPLOY.md, "Several instances on one database").
//
// Every instance on one database signs checkpoints with the ledger's one signing key and opens
// the TOTP seeds with one secrets key. `itaku instance join-file` writes both, with the
// database's URL, into one private file; `itaku init --join FILE` on the new machine checks them
// against the database before it writes anything, so a refused init leaves nothing behind.

#include <unistd.h>

#include <iostream>
#include <sstream>

#include <sodium.h>

#include "cli_support.hpp"
#include "itaku/auth/authenticator.hpp"
#include "itaku/auth/secrets.hpp"
#include "itaku/core/private_file.hpp"
#include "itaku/ledger/keys.hpp"
#include "itaku/service/demo.hpp"

namespace itaku::cli {

namespace {

namespace fs = std::filesystem;

std::string default_origin() {
  char host[256] = {};
  if (::gethostname(host, sizeof(host) - 1) != 0 || host[0] == '\0') return "itaku/local";
  std::string name = host;
  for (char& c : name)
    if (c == ' ' || c == '+') c = '-';
  return "itaku/" + name;
}

void wipe(std::string& secret) {
  sodium_memzero(secret.data(), secret.size());
  secret.clear();
}

// What another instance needs to share this one's database. Its keys are secrets: the file is
// written 0600, read only when no one else may read it, and wiped from memory after use.
struct JoinFile {
  std::string origin, database, ledger_key, secrets_key;
  JoinFile() = default;
  JoinFile(const JoinFile&) = delete;
  JoinFile& operator=(const JoinFile&) = delete;
  JoinFile(JoinFile&&) = default;
  ~JoinFile() {
    wipe(ledger_key);
    wipe(secrets_key);
  }
};

constexpr std::size_t kMaxJoinFileSize = 16 * 1024;
constexpr std::string_view kJoinHeader = "itaku-join 1";

Error join_file_error(const fs::path& file, std::string detail) {
  return make_error(ErrorKind::Invalid, "init.join_file_invalid", "参加用ファイルを読み取れません",
                    "the join file cannot be read")
      .with("file", file.string())
      .with("detail", std::move(detail));
}

Error join_needs_postgres(const std::string& url) {
  return make_error(ErrorKind::Invalid, "init.join_needs_postgres",
                    "複数のインスタンスで共有できるのは PostgreSQL のデータベースだけです（docs/DEPLOY.md）",
                    "only a PostgreSQL database can be shared by several instances (docs/DEPLOY.md)")
      .with("database", url.starts_with("sqlite:") ? url : "(not SQLite)");
}

std::string join_file_text(const JoinFile& join) {
  return "# itaku join file: what another instance needs to share this instance's PostgreSQL database\n"
         "# (docs/DEPLOY.md). It holds the ledger's signing key and the secrets key: copy it only over\n"
         "# a private channel, run `itaku init --join FILE` with it, and delete it.\n" +
         std::string(kJoinHeader) + "\norigin " + join.origin + "\ndatabase " + join.database + "\nledger-key " +
         join.ledger_key + "\nsecrets-key " + join.secrets_key + "\n";
}

Result<JoinFile> read_join_file(const fs::path& file) {
  auto read = read_private_file(file, kMaxJoinFileSize);
  if (!read) {
    if (read.error().kind == ErrorKind::Denied)
      return make_error(ErrorKind::Denied, "init.join_file_permissions",
                        "参加用ファイルが他のユーザーから読めます（0600にしてください）",
                        "the join file is readable by others (make it 0600)")
          .with("file", file.string());
    return join_file_error(file, private_file_detail(read.error()));
  }
  std::string text = read.release_value();
  JoinFile join;
  bool header = false;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line.front() == '#') continue;
    if (line == kJoinHeader) {
      header = true;
      continue;
    }
    const auto space = line.find(' ');
    const auto key = line.substr(0, space);
    std::string* slot = key == "origin"        ? &join.origin
                        : key == "database"    ? &join.database
                        : key == "ledger-key"  ? &join.ledger_key
                        : key == "secrets-key" ? &join.secrets_key
                                               : nullptr;
    if (!header || slot == nullptr || space == std::string::npos || !slot->empty()) {
      wipe(line);
      wipe(text);
      return join_file_error(file, header ? "unexpected line: " + key : "not an itaku join file");
    }
    *slot = line.substr(space + 1);
    wipe(line);
  }
  wipe(text);
  if (!header || join.origin.empty() || join.database.empty() || join.ledger_key.empty() || join.secrets_key.empty())
    return join_file_error(file, "incomplete");
  return join;
}

// What `init` created, removed again unless it finished: a refused init leaves nothing behind.
class Undo {
 public:
  Undo() = default;
  Undo(const Undo&) = delete;
  Undo& operator=(const Undo&) = delete;
  ~Undo() {
    std::error_code ec;
    for (auto it = created_.rbegin(); it != created_.rend(); ++it) fs::remove_all(*it, ec);
  }
  // Records `path` as made by this init when it does not exist yet; call before making it.
  void will_create(const fs::path& path) {
    std::error_code ec;
    if (!fs::exists(path, ec)) created_.push_back(path);
  }
  void keep() { created_.clear(); }

 private:
  std::vector<fs::path> created_;
};

// The key file `file` holds exactly `text` (a key joining would write), or nothing yet.
Result<void> same_or_absent(const fs::path& file, const std::string& text) {
  auto read = read_private_file(file, kMaxJoinFileSize);
  if (!read && read.error().kind == ErrorKind::NotFound) return ok();
  std::string held = read ? read.release_value() : std::string();
  while (!held.empty() && (held.back() == '\n' || held.back() == '\r')) held.pop_back();
  const bool same = read && auth::secrets_equal(held, text);
  wipe(held);
  if (same) return ok();
  return make_error(ErrorKind::Conflict, "init.join_key_exists",
                    "このデータディレクトリには別の鍵があります。空のデータディレクトリで参加してください",
                    "this data directory holds another key; join with an empty data directory")
      .with("file", file.string());
}

Result<void> write_key(Undo& undo, const fs::path& file, const std::string& text) {
  if (fs::exists(file)) return ok();  // the same key (same_or_absent said so)
  undo.will_create(file);
  TRY(create_private_directory(file.parent_path()));
  return write_private_file(file, text + "\n", Existing::Refuse);
}

void print_instance(const fs::path& data_dir, const storage::Database& database, const tlog::NoteSigner& signer) {
  std::cout << "data directory / データディレクトリ: " << data_dir.string() << "\n"
            << "database / データベース:            " << database.display_url() << "\n"
            << "origin / オリジン:                  " << signer.name() << "\n"
            << "signing key / 署名鍵 (0600):        " << ledger::signing_key_path(data_dir).string() << "\n"
            << "public key / 公開鍵 (verifier key): " << signer.verifier().to_string() << "\n";
}

// itaku init --join FILE: checks the join file against the database, then writes the keys and
// the configuration. Nothing is written before every check has passed.
Result<void> run_join(const GlobalOptions& options, const fs::path& join_path) {
  const auto data_dir = data_dir_of(options);
  auto config = TRY(load(options));
  const auto join = TRY(read_join_file(join_path));
  if (config.database_url.empty()) config.database_url = join.database;
  const auto url = effective_database_url(config);
  if (!url.starts_with("postgres")) return join_needs_postgres(url);
  auto signer = tlog::NoteSigner::parse(join.ledger_key);
  if (!signer) return join_file_error(join_path, "ledger-key is not a signing key");
  const auto box = TRY(auth::SecretBox::parse(join.secrets_key, join_path));

  auto database = TRY(open_migrated(config));
  auto identity = ledger::read_identity(*database);
  if (!identity)
    return make_error(ErrorKind::NotFound, "init.join_empty_database",
                      "このデータベースにはまだ台帳がありません。最初のインスタンスでは --join を付けずに itaku "
                      "init を実行してください",
                      "this database holds no ledger yet; run `itaku init` without --join for the first instance")
        .with("database", database->display_url());
  if (identity->verifier_key != signer->verifier().to_string())
    return make_error(ErrorKind::Conflict, "ledger.key_mismatch",
                      "参加用ファイルの署名鍵はこのデータベースの台帳の鍵ではありません",
                      "the join file's signing key is not the key of this database's ledger")
        .with("database", database->display_url())
        .with("origin", identity->origin);
  TRY(auth::check_secrets_key(*database, box));
  const auto ledger_key_file = ledger::signing_key_path(data_dir);
  const auto secrets_key_file = auth::SecretBox::key_path(data_dir);
  TRY(same_or_absent(ledger_key_file, join.ledger_key));
  TRY(same_or_absent(secrets_key_file, join.secrets_key));

  Undo undo;
  undo.will_create(data_dir);
  TRY(create_private_directory(data_dir));
  TRY(write_key(undo, ledger_key_file, join.ledger_key));
  TRY(write_key(undo, secrets_key_file, join.secrets_key));
  undo.will_create(data_dir / kConfigFileName);
  TRY(write_default_config(data_dir, signer->name(), config.database_url));
  undo.keep();
  std::cout << "共有データベースに参加しました / joined the shared database\n";
  print_instance(data_dir, *database, *signer);
  return ok();
}

Result<void> run_init(const GlobalOptions& options, const std::string& origin_option) {
  const auto data_dir = data_dir_of(options);
  auto config = TRY(load(options));
  if (!origin_option.empty()) config.origin = origin_option;
  if (config.origin.empty()) config.origin = default_origin();
  const auto url = effective_database_url(config);

  Undo undo;
  undo.will_create(data_dir);
  if (auto made = create_private_directory(data_dir); !made)
    return make_error(ErrorKind::Io, "init.data_dir", "データディレクトリを作成できません",
                      "cannot create the data directory")
        .with("dir", data_dir.string());
  if (url.starts_with("sqlite:")) undo.will_create(url.substr(7));
  auto database = TRY(open_migrated(config, MissingDatabase::Create));
  auto identity = ledger::read_identity(*database);

  const auto key_file = ledger::signing_key_path(data_dir);
  const bool has_key = fs::exists(key_file);
  if (identity && !has_key)
    return make_error(ErrorKind::Conflict, "init.join_required",
                      "このデータベースには既に台帳があります。インスタンスを追加するには、既存のインスタンスで itaku "
                      "instance join-file を実行し、ここで itaku init --join FILE を実行してください",
                      "this database already holds a ledger; to add an instance, run `itaku instance join-file` "
                      "on an existing instance and `itaku init --join FILE` here")
        .with("database", database->display_url())
        .with("origin", identity->origin);
  undo.will_create(key_file);
  auto signer =
      has_key ? TRY(ledger::load_signing_key(data_dir)) : TRY(ledger::create_signing_key(data_dir, config.origin));
  if (identity && identity->verifier_key != signer.verifier().to_string())
    return make_error(ErrorKind::Conflict, "ledger.key_mismatch", "署名鍵がこの台帳の鍵と一致しません",
                      "the signing key is not this ledger's key")
        .with("file", key_file.string());
  undo.will_create(data_dir / kConfigFileName);
  TRY(write_default_config(data_dir, config.origin, config.database_url));
  if (identity) {
    std::cout << "既に初期化済みです / already initialised\n";
  } else {
    TRY(ledger::initialise_ledger(*database, signer, system_clock()));
    std::cout << "初期化しました / initialised\n";
  }
  undo.keep();
  {
    // The built-in provision sets are recorded in the ledger like any imported set, so a
    // contract can pin one and an auditor can see exactly which text it was.
    auto ledger =
        TRY(ledger::Ledger::open(*database, signer, system_clock(), {.checkpoint_files = checkpoint_files(config)}));
    auto service = TRY(service::Service::open(*database, *ledger, system_clock()));
    const int imported = TRY(service::import_builtin_provisions(*service, domain::Actor::system()));
    if (imported > 0)
      std::cout << "組込みの特記事項を " << imported << " 件取り込みました / imported " << imported
                << " built-in provision sets\n";
  }
  print_instance(data_dir, *database, signer);
  return ok();
}

// itaku instance join-file --out FILE: this instance's keys and database URL for another
// instance to join with.
Result<void> run_join_file(const GlobalOptions& options, const fs::path& out) {
  auto config = TRY(load(options));
  const auto url = effective_database_url(config);
  if (!url.starts_with("postgres")) return join_needs_postgres(url);
  auto database = TRY(open_migrated(config));
  const auto identity = TRY(ledger::read_identity(*database));
  const auto signer = TRY(ledger::load_signing_key(config.data_dir));
  if (identity.verifier_key != signer.verifier().to_string())
    return make_error(ErrorKind::Conflict, "ledger.key_mismatch", "署名鍵がこの台帳の鍵と一致しません",
                      "the signing key is not this ledger's key")
        .with("file", ledger::signing_key_path(config.data_dir).string());
  TRY(auth::SecretBox::load_or_create(config.data_dir));  // made here if no one has enrolled yet
  JoinFile join;
  join.origin = identity.origin;
  join.database = config.database_url.empty() ? url : config.database_url;
  join.ledger_key = signer.to_string();
  join.secrets_key = TRY(read_private_file(auth::SecretBox::key_path(config.data_dir), kMaxJoinFileSize));
  while (!join.secrets_key.empty() && join.secrets_key.back() == '\n') join.secrets_key.pop_back();
  std::string text = join_file_text(join);
  auto written = write_private_file(out, text, Existing::Refuse);
  wipe(text);
  if (!written) {
    if (written.error().kind == ErrorKind::Conflict)
      return make_error(ErrorKind::Conflict, "init.join_file_exists", "そのファイルは既にあります",
                        "that file already exists")
          .with("file", out.string());
    return written.error();
  }
  std::cout << "参加用ファイルを書き出しました（0600） / wrote the join file (0600): " << out.string() << "\n"
            << "署名鍵と秘密鍵を含みます。安全な経路（scp など）で新しいインスタンスに渡し、そこで\n"
            << "  itaku --data-dir DIR init --join FILE\n"
            << "を実行した後、両方の場所から削除してください。\n"
            << "It holds the signing key and the secrets key: copy it over a private channel (scp), run the\n"
            << "command above on the new instance, then delete it on both machines.\n";
  return ok();
}

}  // namespace

void add_instance_commands(CLI::App& app, GlobalOptions& options, Action& action) {
  // The parsed values must outlive this function: CLI11 writes them during parse().
  struct Args {
    std::string origin, join, out;
  };
  auto args = std::make_shared<Args>();
  const GlobalOptions* global = &options;

  auto* init = app.add_subcommand("init",
                                  "create the data directory, database and ledger signing key, and import "
                                  "the built-in provision sets; or join a shared database (--join)");
  auto* origin =
      init->add_option("--origin", args->origin, "name of this instance in checkpoints (default: itaku/<hostname>)");
  init->add_option("--join", args->join,
                   "join the PostgreSQL database another instance uses, with the file `itaku instance join-file` "
                   "wrote there")
      ->excludes(origin);
  init->callback([&action, args, global] {
    action = [args, global]() -> Result<void> {
      if (!args->join.empty()) return run_join(*global, args->join);
      return run_init(*global, args->origin);
    };
  });

  auto* instance = app.add_subcommand("instance", "this instance and others sharing its database");
  instance->require_subcommand(1);
  auto* join_file = instance->add_subcommand(
      "join-file", "write what another instance needs to join this instance's PostgreSQL database (secret, 0600)");
  join_file->add_option("--out", args->out, "the file to write (refused if it exists)")->required();
  join_file->callback([&action, args, global] {
    action = [args, global]() -> Result<void> { return run_join_file(*global, args->out); };
  });
}

}  // namespace itaku::cli
