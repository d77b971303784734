// itaku user|token|role: sign-in accounts, API tokens and the city's roles on contracts.
// Passwords are read from standard input or ITAKU_PASSWORD, never from the command line
// (argv is visible to every user of the machine); nothing secret is printed except a new API
// token, once.

#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

#include <fmt/format.h>

#include "cli_support.hpp"
#include "command_options.hpp"
#include "itaku/auth/authenticator.hpp"
#include "itaku/domain/commands.hpp"

namespace itaku::cli {

namespace {

using namespace domain;

// Turns terminal echo off while it lives, so a typed password is not shown.
class EchoOff {
 public:
  EchoOff() {
    if (::tcgetattr(STDIN_FILENO, &saved_) != 0) return;
    termios quiet = saved_;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    active_ = ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
  }
  ~EchoOff() {
    if (active_) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_);
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;

 private:
  termios saved_{};
  bool active_ = false;
};

std::string read_line_quietly(const char* prompt) {
  std::cerr << prompt << std::flush;
  std::string line;
  {
    EchoOff quiet;
    std::getline(std::cin, line);
  }
  std::cerr << "\n";
  return line;
}

// The new password: $ITAKU_PASSWORD, else the first line of standard input (asked twice on a
// terminal).
Result<std::string> read_password() {
  std::string password;
  if (const char* env = std::getenv("ITAKU_PASSWORD"); env && *env) {
    password = env;
  } else if (::isatty(STDIN_FILENO)) {
    password = read_line_quietly("新しいパスワード / new password: ");
    if (read_line_quietly("もう一度 / again: ") != password)
      return make_error(ErrorKind::Invalid, "auth.password_mismatch", "2回入力したパスワードが一致しません",
                        "the two passwords differ");
  } else {
    std::getline(std::cin, password);
  }
  if (!password.empty() && password.back() == '\r') password.pop_back();
  if (password.empty())
    return make_error(ErrorKind::Invalid, "auth.password_missing",
                      "パスワードを標準入力か環境変数 ITAKU_PASSWORD で渡してください",
                      "give the password on standard input or in ITAKU_PASSWORD");
  TRY(auth::check_password_policy(password));
  return password;
}

std::string local_time(Timestamp t) {
  const auto seconds = std::chrono::floor<std::chrono::seconds>(t + std::chrono::hours(9));
  const auto day = std::chrono::floor<std::chrono::days>(seconds);
  const std::chrono::hh_mm_ss hms(seconds - day);
  return fmt::format("{} {:02d}:{:02d} JST", format_date(std::chrono::year_month_day(day)), hms.hours().count(),
                     hms.minutes().count());
}

struct Args {
  std::string login, person, contract, id, qr_file, code;
  bool admin = false;
};

}  // namespace

void add_auth_commands(CLI::App& app, GlobalOptions& options, Action& action) {
  auto args = std::make_shared<Args>();
  const GlobalOptions* global = &options;
  // Runs a command against an open instance and its authenticator.
  auto on = [&options, &action, args](CLI::App* command,
                                      std::function<Result<void>(Instance&, auth::Authenticator&, Args&)> run) {
    on_instance(command, options, action, [args, run = std::move(run)](Instance& instance) {
      auth::Authenticator authenticator(*instance.database, *instance.service, system_clock(),
                                        {.data_dir = instance.config.data_dir});
      return run(instance, authenticator, *args);
    });
  };
  // Who does it: the operator at the machine (principal_of), recorded as --as or cli:<login>.
  auto by = [global] { return principal_of(*global); };
  auto recorded = [] { std::cout << "台帳に記録しました / recorded in the ledger\n"; };

  // --- users ---
  auto* user = app.add_subcommand("user", "sign-in accounts (password from stdin or $ITAKU_PASSWORD)");
  user->require_subcommand(1);
  auto* user_add = user->add_subcommand("add", "create a user for a person; reads the password from stdin");
  user_add->add_option("LOGIN", args->login, "login name (a-z, 0-9, . _ -)")->required();
  user_add->add_option("--person", args->person, "the person this user is")->required();
  user_add->add_flag("--admin", args->admin, "may manage users, tokens and roles");
  on(user_add, [=](Instance&, auth::Authenticator& a, Args& x) -> Result<void> {
    const auto password = TRY(read_password());
    TRY(a.create_user(x.login, x.person, password, x.admin ? auth::Admin::Yes : auth::Admin::No, by()));
    std::cout << fmt::format("ユーザー {} を作成しました / user {} created\n", x.login, x.login);
    recorded();
    return ok();
  });
  auto* user_passwd = user->add_subcommand("passwd", "set a user's password (ends their sessions)");
  user_passwd->add_option("LOGIN", args->login, "login name")->required();
  on(user_passwd, [=](Instance&, auth::Authenticator& a, Args& x) -> Result<void> {
    const auto password = TRY(read_password());
    TRY(a.set_password(x.login, password, by()));
    std::cout << "パスワードを設定しました / password set\n";
    recorded();
    return ok();
  });
  auto* user_disable = user->add_subcommand("disable", "stop a user signing in or using tokens");
  user_disable->add_option("LOGIN", args->login, "login name")->required();
  on(user_disable, [=](Instance&, auth::Authenticator& a, Args& x) -> Result<void> {
    TRY(a.disable_user(x.login, by()));
    std::cout << fmt::format("ユーザー {} を無効にしました / user {} disabled\n", x.login, x.login);
    recorded();
    return ok();
  });
  // Two-factor enrolment (RFC 6238): the QR code goes to an SVG file for the user to scan with
  // an authenticator app; the first code they read back turns it on.
  auto* user_totp = user->add_subcommand("totp", "start two-factor enrolment: write the QR code to an SVG file");
  user_totp->add_option("LOGIN", args->login, "login name")->required();
  user_totp->add_option("--qr", args->qr_file, "where to write the QR code (SVG)")->required();
  on(user_totp, [=](Instance&, auth::Authenticator& a, Args& x) -> Result<void> {
    const auto enrolment = TRY(a.begin_totp(x.login, by()));
    std::ofstream out(x.qr_file, std::ios::trunc);
    out << enrolment.qr_svg;
    out.close();
    if (!out)
      return make_error(ErrorKind::Io, "file.unwritable", "QRコードのファイルを書き込めません",
                        "cannot write the QR code file")
          .with("file", x.qr_file);
    std::cout << fmt::format(
        "認証アプリで {} のQRコードを読み取るか、次の鍵を入力してください / scan the QR code in {} with an "
        "authenticator app, or type this key:\n  {}\n"
        "表示された6桁の数字で有効にします / then turn it on with the 6-digit code:\n"
        "  itaku user totp-confirm {} --code NNNNNN\n",
        x.qr_file, x.qr_file, enrolment.secret_base32, x.login);
    return ok();
  });
  auto* user_totp_confirm =
      user->add_subcommand("totp-confirm", "finish two-factor enrolment with a code from the app");
  user_totp_confirm->add_option("LOGIN", args->login, "login name")->required();
  user_totp_confirm->add_option("--code", args->code, "the 6-digit code the app shows")->required();
  on(user_totp_confirm, [=](Instance&, auth::Authenticator& a, Args& x) -> Result<void> {
    TRY(a.confirm_totp(x.login, x.code, by()));
    std::cout << "2段階認証を有効にしました / two-factor authentication is on\n";
    recorded();
    return ok();
  });
  auto* user_totp_off =
      user->add_subcommand("totp-off", "turn off two-factor authentication (a user who lost their device)");
  user_totp_off->add_option("LOGIN", args->login, "login name")->required();
  on(user_totp_off, [=](Instance&, auth::Authenticator& a, Args& x) -> Result<void> {
    TRY(a.disable_totp(x.login, by()));
    std::cout << "2段階認証を無効にしました / two-factor authentication turned off\n";
    return ok();
  });
  on(user->add_subcommand("list", "list users"), [](Instance& i, auth::Authenticator& a, Args&) -> Result<void> {
    const auto users = TRY(a.list_users());
    i.service->read([&](const State& s) {
      for (const auto& u : users) {
        const auto* p = s.person(u.person);
        std::string flags = u.disabled ? "無効/disabled" : "有効/active";
        if (u.admin) flags += ",管理者/admin";
        if (!u.password_set) flags += ",パスワード未設定/no-password";
        if (u.totp_enabled) flags += ",2段階認証/totp";
        std::cout << fmt::format("{}\t{}\t{}\t{}\n", u.login, u.person, p ? p->name : "", flags);
      }
    });
    return ok();
  });

  // --- API tokens ---
  auto* token = app.add_subcommand("token", "API tokens for systems acting for an organisation");
  token->require_subcommand(1);
  auto* token_create = token->add_subcommand("create", "issue a token; it is printed once and never again");
  // Its options are token.create's members; the id is made when the token is.
  auto create_token = std::make_shared<CreateToken>();
  add_command_options(token_create, *create_token,
                      {.set_by_caller = {"id"}, .aliases = {{"organisation", "org"}, {"scopes", "scope"}}});
  on(token_create, [=](Instance&, auth::Authenticator& a, Args&) -> Result<void> {
    const auto& c = *create_token;
    const auto created = TRY(a.create_token({c.login, c.organisation, c.contract, c.label, c.scopes}, by()));
    std::cerr << fmt::format(
        "トークン {} を発行しました。次の値は二度と表示されません / token {} created; the value below is shown only "
        "once:\n",
        created.id, created.id);
    std::cout << created.token << "\n";
    return ok();
  });
  auto* token_revoke = token->add_subcommand("revoke", "revoke a token");
  token_revoke->add_option("ID", args->id, "token id (tok-…)")->required();
  on(token_revoke, [=](Instance&, auth::Authenticator& a, Args& x) -> Result<void> {
    TRY(a.revoke_token(x.id, by()));
    std::cout << fmt::format("トークン {} を失効させました / token {} revoked\n", x.id, x.id);
    recorded();
    return ok();
  });
  on(token->add_subcommand("list", "list tokens (never their values)"),
     [](Instance&, auth::Authenticator& a, Args&) -> Result<void> {
       for (const auto& t : TRY(a.list_tokens())) {
         std::string scopes;
         // Built by append: "," + std::string(…) trips a false -Wrestrict in g++ 12 at -O3.
         for (const auto scope : t.scopes) {
           if (!scopes.empty()) scopes += ',';
           scopes.append(domain::to_string(scope));
         }
         std::cout << fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n", t.id, t.login, t.organisation,
                                  t.contract.empty() ? "*" : t.contract, scopes, t.label,
                                  t.revoked ? "失効/revoked" : "有効/active",
                                  t.last_used_at ? "最終使用 " + local_time(*t.last_used_at) : "未使用/unused");
       }
       return ok();
     });

  // --- roles ---
  auto* role = app.add_subcommand("role", "the city's roles on a contract: city_officer, city_approver, city_auditor");
  role->require_subcommand(1);
  add_recorded_command<GrantRole>(role, "grant", "grant a city role to a person of the contract's city",
                                  {.positional = {"person"}}, options, action);
  add_recorded_command<RevokeRole>(role, "revoke", "revoke a granted city role", {.positional = {"person"}}, options,
                                   action);
  auto* role_list = role->add_subcommand("list", "everyone's roles on a contract, granted and from the rosters");
  role_list->add_option("--contract", args->contract, "contract id")->required();
  on(role_list, [](Instance& i, auth::Authenticator&, Args& x) -> Result<void> {
    return i.service->read([&](const State& s) -> Result<void> {
      TRY(find_contract(s, x.contract));
      const auto today = jst_date(system_clock().now());
      for (const auto& [id, p] : s.people) {
        const auto roles = s.roles_of(id, x.contract, today);
        if (roles.empty()) continue;
        std::string joined;
        for (const auto& r : roles) joined += (joined.empty() ? "" : ",") + r;
        std::cout << fmt::format("{}\t{}\t{}\n", id, p.name, joined);
      }
      return ok();
    });
  });
}

}  // namespace itaku::cli
