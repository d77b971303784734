#include "itaku/auth/authenticator.hpp"

#include <sodium.h>

#include <algorithm>

#include "itaku/auth/totp.hpp"
#include "itaku/crypto/ed25519.hpp"
#include "itaku/domain/commands.hpp"

namespace itaku::auth {

namespace {

using storage::Param;
using storage::Text;
using storage::Transaction;

constexpr std::size_t kMaxRemoteLength = 200;
constexpr std::size_t kMaxSecretLength = 200;  // longer cookies or tokens are not ours
constexpr std::string_view kTokenPrefix = "itk_";
// A session's expiry is moved forward at most this often, not on every request.
constexpr auto kExpiryRefresh = std::chrono::minutes(1);
// Sessions that ended this long ago are deleted when someone signs in.
constexpr auto kSessionRetention = std::chrono::hours(24 * 30);

std::int64_t micros(Timestamp t) { return to_unix_micros(t); }

Error invalid_credentials() {
  return make_error(
      ErrorKind::Unauthenticated, "auth.invalid_credentials",
      "ログイン名またはパスワードが違います。同じ場所から5回続けて失敗すると、しばらくそのログインを試せなくなります",
      "wrong login or password; after 5 failures in a row from one address, that login cannot be "
      "tried from there for a while");
}
Error totp_required() {
  return make_error(ErrorKind::Unauthenticated, "auth.totp_required",
                    "認証アプリに表示される6桁の確認コードを入力してください",
                    "enter the 6-digit code from your authenticator app");
}
Error totp_invalid() {
  return make_error(ErrorKind::Unauthenticated, "auth.totp_invalid", "確認コードが違うか、すでに使われています",
                    "the code is wrong or has already been used");
}
Error session_invalid() {
  return make_error(ErrorKind::Unauthenticated, "auth.session_invalid", "ログインしてください", "please sign in");
}
Error token_invalid() {
  return make_error(ErrorKind::Unauthenticated, "auth.token_invalid", "APIトークンが無効です",
                    "the API token is invalid or revoked");
}
Error user_unknown(const std::string& login) {
  return make_error(ErrorKind::NotFound, "user.unknown", "ユーザーが見つかりません", "no such user")
      .with("login", login);
}

std::optional<domain::User> find_user(service::Service& service, const std::string& login) {
  return service.read([&](const domain::State& state) -> std::optional<domain::User> {
    const auto* user = state.user(login);
    return user ? std::optional(*user) : std::nullopt;
  });
}

Result<domain::User> active_user(service::Service& service, const std::string& login) {
  auto user = find_user(service, login);
  if (!user) return user_unknown(login);
  if (user->disabled)
    return make_error(ErrorKind::Conflict, "user.disabled", "このユーザーは無効にされています", "this user is disabled")
        .with("login", login);
  return *user;
}

}  // namespace

struct Authenticator::Credentials {
  bool exists = false;
  std::optional<std::string> password_hash;
  std::optional<std::string> totp_secret;
  bool totp_enabled = false;
  std::int64_t totp_last_step = 0;
};

Authenticator::Authenticator(storage::Database& database, service::Service& service, const Clock& clock,
                             AuthOptions options)
    : database_(database), service_(service), clock_(clock), options_(std::move(options)) {
  crypto::initialise();
}

Result<Authenticator::Credentials> Authenticator::load_credentials(const std::string& login) {
  auto tx = TRY(database_.begin(storage::TransactionMode::Read));
  Credentials c;
  const Param p[] = {Text{login}};
  TRY(
      tx->query("SELECT password_hash, totp_secret, totp_enabled, totp_last_step "
                "FROM credentials WHERE login = ?",
                p, [&](const storage::Row& row) -> Result<void> {
                  c.exists = true;
                  if (!row.is_null(0)) c.password_hash = std::string(row.text(0));
                  if (!row.is_null(1)) c.totp_secret = std::string(row.text(1));
                  c.totp_enabled = row.int64(2) != 0;
                  c.totp_last_step = row.int64(3);
                  return ok();
                }));
  return c;
}

Result<const SecretBox*> Authenticator::secret_box() {
  std::lock_guard lock(mutex_);
  if (!secret_box_) secret_box_ = TRY(SecretBox::load_or_create(options_.data_dir));
  return &*secret_box_;
}

// --- throttling ---

std::optional<Timestamp> Authenticator::address_throttled(const std::string& remote, Timestamp now) {
  std::lock_guard lock(mutex_);
  auto it = address_failures_.find(remote);
  if (it == address_failures_.end()) return std::nullopt;
  auto& failures = it->second;
  while (!failures.empty() && failures.front() <= now - options_.address_window) failures.pop_front();
  if (failures.empty()) {
    address_failures_.erase(it);
    return std::nullopt;
  }
  const auto count = static_cast<int>(failures.size());
  if (count < options_.max_address_failures) return std::nullopt;
  // Free again once enough failures have left the window to be under the limit.
  return failures[static_cast<std::size_t>(count - options_.max_address_failures)] + options_.address_window;
}

void Authenticator::note_address_failure(const std::string& remote, Timestamp now) {
  std::lock_guard lock(mutex_);
  // Bound the memory an attacker from many addresses can make us use: forget addresses
  // whose failures are all outside the window.
  if (address_failures_.size() > 10'000)
    std::erase_if(address_failures_,
                  [&](const auto& entry) { return entry.second.back() <= now - options_.address_window; });
  address_failures_[remote].push_back(now);
}

std::optional<Timestamp> Authenticator::pair_locked(const std::string& remote, const std::string& login,
                                                    Timestamp now) {
  std::lock_guard lock(mutex_);
  auto it = pair_failures_.find({remote, login});
  if (it == pair_failures_.end() || it->second.locked_until <= now) return std::nullopt;
  return it->second.locked_until;
}

bool Authenticator::note_pair_failure(const std::string& remote, const std::string& login, Timestamp now) {
  std::lock_guard lock(mutex_);
  // Bound the memory: forget pairs that are neither locked nor failed within the longest lock.
  if (pair_failures_.size() > 10'000)
    std::erase_if(pair_failures_, [&](const auto& entry) {
      return entry.second.locked_until <= now && entry.second.last <= now - options_.max_lockout;
    });
  auto& pair = pair_failures_[{remote, login}];
  // A pair quiet for longer than the longest lock starts over.
  if (pair.last <= now - options_.max_lockout) pair = PairFailures{};
  pair.last = now;
  if (++pair.count < options_.max_login_failures) return false;
  pair.count = 0;
  const auto doubled = options_.lockout * (std::int64_t{1} << std::min(pair.locks, 20));
  pair.locked_until = now + std::min<std::chrono::microseconds>(doubled, options_.max_lockout);
  ++pair.locks;
  pair.refusal_recorded = false;
  return true;
}

void Authenticator::clear_pair_failures(const std::string& remote, const std::string& login) {
  std::lock_guard lock(mutex_);
  pair_failures_.erase({remote, login});
}

Result<void> Authenticator::record_failure(const std::string& login, const std::string& remote,
                                           const std::string& reason, const service::SideWrite& also) {
  TRY(service_.execute(domain::RecordSignInFailure{login, remote, reason},
                       domain::Principal::system(domain::Actor::system()), also));
  return ok();
}

void Authenticator::spend_dummy_verification(std::string_view password) {
  // An unknown login costs as much as a known one, so timing does not tell which logins exist.
  std::string hash;
  {
    std::lock_guard lock(mutex_);
    if (dummy_hash_.empty()) {
      auto made = hash_password(random_token(18), options_.password_cost);
      if (made) dummy_hash_ = made.release_value();
    }
    hash = dummy_hash_;
  }
  (void)verify_password(hash, password, options_.password_cost);
}

// --- sessions ---

Result<Session> Authenticator::sign_in(const SignInRequest& request) {
  const auto now = clock_.now();
  const auto remote = request.remote_address.substr(0, kMaxRemoteLength);
  if (const auto until = address_throttled(remote, now)) {
    bool first = false;
    {
      std::lock_guard lock(mutex_);
      auto& until = address_refusal_recorded_[remote];
      if (until <= now) {
        until = now + options_.address_window;
        first = true;
      }
    }
    // Refusals while throttled are recorded once per window, so an attack cannot grow the ledger.
    if (first) TRY(record_failure("", remote, "address_throttled"));
    const auto wait = std::chrono::ceil<std::chrono::seconds>(*until - now).count();
    return make_error(ErrorKind::Throttled, "auth.throttled",
                      "このアドレスからのログインの失敗が多すぎます。しばらく待ってからお試しください",
                      "too many failed sign-ins from this address; try again later")
        .with("retry_after_s", std::to_string(std::max<std::int64_t>(1, wait)));
  }

  const auto user = find_user(service_, request.login);
  const std::string login = user ? request.login : std::string();
  // The lock is kept for what was typed, known login or not, so it answers alike for both.
  const auto tried = request.login.substr(0, kMaxRemoteLength);
  Credentials credentials;
  if (user) credentials = TRY(load_credentials(login));

  if (pair_locked(remote, tried, now)) {
    bool first = false;
    {
      std::lock_guard lock(mutex_);
      auto& pair = pair_failures_[{remote, tried}];
      first = !pair.refusal_recorded;
      pair.refusal_recorded = true;
    }
    if (first) TRY(record_failure(login, remote, "locked"));
    // The same answer, and the same cost, as a wrong password: a lock must not show that the
    // login exists, nor whether the password tried was right.
    spend_dummy_verification(request.password);
    note_address_failure(remote, now);
    return invalid_credentials();
  }

  auto check = PasswordCheck::Wrong;
  if (user && credentials.password_hash)
    check = verify_password(*credentials.password_hash, request.password, options_.password_cost);
  else
    spend_dummy_verification(request.password);
  if (check == PasswordCheck::Wrong) {
    note_address_failure(remote, now);
    note_pair_failure(remote, tried, now);
    TRY(record_failure(login, remote,
                       !user                        ? "unknown_login"
                       : !credentials.password_hash ? "no_password"
                                                    : "bad_password"));
    return invalid_credentials();
  }
  if (user->disabled) {
    note_address_failure(remote, now);
    TRY(record_failure(login, remote, "disabled"));
    return invalid_credentials();
  }

  std::string method = "password";
  std::optional<std::int64_t> accepted_step;
  if (credentials.totp_enabled) {
    if (request.totp_code.empty()) {
      TRY(record_failure(login, remote, "totp_required"));
      return totp_required();
    }
    const auto* box = TRY(secret_box());
    auto secret = TRY(box->open(credentials.totp_secret.value_or("")));
    const auto step = match_totp(secret, request.totp_code, now);
    sodium_memzero(secret.data(), secret.size());
    if (!step || static_cast<std::int64_t>(*step) <= credentials.totp_last_step) {
      note_address_failure(remote, now);
      note_pair_failure(remote, tried, now);
      TRY(record_failure(login, remote, step ? "totp_reused" : "totp_invalid"));
      return totp_invalid();
    }
    accepted_step = static_cast<std::int64_t>(*step);
    method = "password+totp";
  }

  Session session;
  session.cookie = random_token(32);
  session.expires_at = now + std::min(options_.session_idle, options_.session_lifetime);
  session.principal.kind = PrincipalKind::Session;
  session.principal.login = login;
  session.principal.person = user->person;
  session.principal.admin = user->admin;
  session.principal.csrf_token = random_token(32);
  session.principal.session_id = "s-" + random_hex(12);
  std::string new_hash;
  if (check == PasswordCheck::CorrectNeedsRehash) {
    auto rehashed = hash_password(request.password, options_.password_cost);
    if (rehashed) new_hash = rehashed.release_value();
  }
  // The session, the reset failure count and the sign-in's event are one transaction.
  auto write_session = [&](Transaction& tx) -> Result<void> {
    if (accepted_step) {
      // Checked again in the write transaction: two sign-ins racing with one code, one wins.
      const Param key[] = {Text{login}};
      const auto last = TRY(tx.query_int("SELECT totp_last_step FROM credentials WHERE login = ?", key)).value_or(0);
      if (*accepted_step <= last) return totp_invalid();
      const Param p[] = {*accepted_step, Text{login}};
      TRY(tx.execute("UPDATE credentials SET totp_last_step = ? WHERE login = ?", p));
    }
    if (!new_hash.empty()) {
      const Param p[] = {Text{new_hash}, micros(now), Text{login}};
      TRY(tx.execute("UPDATE credentials SET password_hash = ?, updated_at = ? WHERE login = ?", p));
    }
    const auto hash = sha256_hex(session.cookie);
    const Param s[] = {Text{session.principal.session_id}, Text{hash},  Text{login},
                       Text{session.principal.csrf_token}, micros(now), micros(session.expires_at)};
    TRY(
        tx.execute("INSERT INTO sessions (id, token_hash, login, csrf_token, created_at, expires_at, revoked) "
                   "VALUES (?, ?, ?, ?, ?, ?, 0)",
                   s));
    const Param old[] = {micros(now - kSessionRetention)};
    return tx.execute("DELETE FROM sessions WHERE expires_at < ?", old);
  };
  auto recorded = service_.execute(domain::RecordSignIn{login, remote, method},
                                   domain::Principal::system(domain::Actor::person(user->person)), write_session);
  if (!recorded) {
    if (recorded.error().code == "auth.totp_invalid") TRY(record_failure(login, remote, "totp_reused"));
    return recorded.release_error();
  }
  clear_pair_failures(remote, tried);  // failures count in a row
  return session;
}

Result<Principal> Authenticator::from_session(std::string_view cookie) {
  if (cookie.empty() || cookie.size() > kMaxSecretLength) return session_invalid();
  const auto now = clock_.now();
  const auto hash = sha256_hex(cookie);
  struct Row {
    std::string id, login, csrf;
    std::int64_t expires_at = 0;
    bool revoked = false;
    std::int64_t created_at = 0;
  };
  std::optional<Row> found;
  {
    auto tx = TRY(database_.begin(storage::TransactionMode::Read));
    const Param p[] = {Text{hash}};
    TRY(tx->query("SELECT id, login, csrf_token, expires_at, revoked, created_at FROM sessions WHERE token_hash = ?", p,
                  [&](const storage::Row& row) -> Result<void> {
                    found = Row{std::string(row.text(0)), std::string(row.text(1)),
                                std::string(row.text(2)), row.int64(3),
                                row.int64(4) != 0,        row.int64(5)};
                    return ok();
                  }));
  }
  if (!found || found->revoked) return session_invalid();
  const auto lifetime = std::chrono::duration_cast<std::chrono::microseconds>(options_.session_lifetime).count();
  const auto ends_at = found->created_at + lifetime;  // however active the session is
  if (found->expires_at <= micros(now) || ends_at <= micros(now))
    return make_error(
        ErrorKind::Unauthenticated, "auth.session_expired",
        "一定時間操作がなかったか、ログインから12時間が過ぎたため、ログアウトしました。もう一度ログインしてください",
        "the session ended (a period without use, or 12 hours since sign-in); please sign in again");
  const auto user = find_user(service_, found->login);
  if (!user || user->disabled) return session_invalid();
  const auto idle = std::chrono::duration_cast<std::chrono::microseconds>(options_.session_idle).count();
  const auto refresh = std::chrono::duration_cast<std::chrono::microseconds>(kExpiryRefresh).count();
  const auto extended = std::min(micros(now) + idle, ends_at);
  if (extended - found->expires_at >= refresh) {
    auto tx = TRY(database_.begin(storage::TransactionMode::Write));
    const Param p[] = {extended, Text{found->id}};
    TRY(tx->execute("UPDATE sessions SET expires_at = ? WHERE id = ? AND revoked = 0", p));
    TRY(tx->commit());
  }
  Principal principal;
  principal.kind = PrincipalKind::Session;
  principal.login = found->login;
  principal.person = user->person;
  principal.admin = user->admin;
  principal.csrf_token = found->csrf;
  principal.session_id = found->id;
  return principal;
}

Result<void> Authenticator::sign_out(std::string_view cookie) {
  if (cookie.empty() || cookie.size() > kMaxSecretLength) return ok();
  const auto hash = sha256_hex(cookie);
  auto tx = TRY(database_.begin(storage::TransactionMode::Write));
  const Param p[] = {Text{hash}};
  TRY(tx->execute("UPDATE sessions SET revoked = 1 WHERE token_hash = ?", p));
  return tx->commit();
}

namespace {
// Ends every session of `login`.
Result<void> revoke_sessions(Transaction& tx, const std::string& login) {
  const Param p[] = {Text{login}};
  return tx.execute("UPDATE sessions SET revoked = 1 WHERE login = ?", p);
}
}  // namespace

// --- users ---

Result<void> Authenticator::create_user(const std::string& login, const std::string& person, std::string_view password,
                                        Admin admin, const domain::Principal& by) {
  // The password is checked first so that a refused one leaves no half-made user behind.
  TRY(check_password_policy(password));
  TRY(service_.execute(domain::RegisterUser{login, person}, by));
  TRY(set_password(login, password, by));
  if (admin == Admin::Yes) TRY(service_.execute(domain::GrantAdmin{login}, by));
  return ok();
}

Result<void> Authenticator::set_password(const std::string& login, std::string_view password,
                                         const domain::Principal& by) {
  TRY(active_user(service_, login));
  const auto hash = TRY(hash_password(password, options_.password_cost));
  const auto now = micros(clock_.now());
  TRY(service_.execute(domain::RecordCredentialChange{login, domain::CredentialChange::PasswordSet}, by,
                       [&](Transaction& tx) -> Result<void> {
                         const Param p[] = {Text{login}, Text{hash}, now};
                         TRY(
                             tx.execute("INSERT INTO credentials (login, password_hash, failed_count, locked_until, "
                                        "updated_at) VALUES (?, ?, 0, NULL, ?) ON CONFLICT (login) DO UPDATE SET "
                                        "password_hash = excluded.password_hash, failed_count = 0, "
                                        "locked_until = NULL, updated_at = excluded.updated_at",
                                        p));
                         return revoke_sessions(tx, login);
                       }));
  return ok();
}

Result<void> Authenticator::disable_user(const std::string& login, const domain::Principal& by) {
  TRY(service_.execute(domain::DisableUser{login}, by,
                       [&](Transaction& tx) -> Result<void> { return revoke_sessions(tx, login); }));
  return ok();
}

Result<std::vector<UserInfo>> Authenticator::list_users() {
  std::vector<UserInfo> users = service_.read([](const domain::State& state) {
    std::vector<UserInfo> out;
    for (const auto& [login, user] : state.users) {
      UserInfo info;
      info.login = login;
      info.person = user.person;
      info.admin = user.admin;
      info.disabled = user.disabled;
      out.push_back(std::move(info));
    }
    return out;
  });
  auto tx = TRY(database_.begin(storage::TransactionMode::Read));
  TRY(tx->query("SELECT login, password_hash IS NOT NULL, totp_enabled FROM credentials", {},
                [&](const storage::Row& row) -> Result<void> {
                  const auto login = row.text(0);
                  auto it =
                      std::find_if(users.begin(), users.end(), [&](const UserInfo& u) { return u.login == login; });
                  if (it == users.end()) return ok();
                  it->password_set = row.int64(1) != 0;
                  it->totp_enabled = row.int64(2) != 0;
                  return ok();
                }));
  return users;
}

// --- TOTP ---

Result<TotpEnrolment> Authenticator::begin_totp(const std::string& login, const domain::Principal& by) {
  TRY(active_user(service_, login));
  TRY(service_.authorize(domain::RecordCredentialChange{login, domain::CredentialChange::TotpEnabled}, by));
  const auto credentials = TRY(load_credentials(login));
  if (credentials.totp_enabled)
    return make_error(ErrorKind::Conflict, "auth.totp_already_enabled",
                      "2段階認証はすでに有効です。作り直すには先に無効にしてください",
                      "two-factor authentication is already on; turn it off first to enrol again");
  const auto* box = TRY(secret_box());
  Bytes secret(20);
  randombytes_buf(secret.data(), secret.size());
  TotpEnrolment enrolment;
  enrolment.secret_base32 = base32_encode(secret);
  enrolment.uri = otpauth_uri("itaku", login, secret);
  enrolment.qr_svg = TRY(qr_svg(enrolment.uri));
  const auto sealed = box->seal(secret);
  sodium_memzero(secret.data(), secret.size());
  auto tx = TRY(database_.begin(storage::TransactionMode::Write));
  const Param p[] = {Text{login}, Text{sealed}, micros(clock_.now())};
  TRY(tx->execute(
      "INSERT INTO credentials (login, totp_secret, totp_enabled, totp_last_step, updated_at) VALUES (?, ?, 0, 0, ?) "
      "ON CONFLICT (login) DO UPDATE SET totp_secret = excluded.totp_secret, totp_enabled = 0, totp_last_step = 0, "
      "updated_at = excluded.updated_at",
      p));
  TRY(tx->commit());
  return enrolment;
}

Result<void> Authenticator::confirm_totp(const std::string& login, std::string_view code, const domain::Principal& by) {
  TRY(active_user(service_, login));
  const auto credentials = TRY(load_credentials(login));
  if (credentials.totp_enabled)
    return make_error(ErrorKind::Conflict, "auth.totp_already_enabled", "2段階認証はすでに有効です",
                      "two-factor authentication is already on");
  if (!credentials.totp_secret)
    return make_error(ErrorKind::Conflict, "auth.totp_not_started", "先に2段階認証の登録を始めてください",
                      "start enrolling in two-factor authentication first");
  const auto* box = TRY(secret_box());
  auto secret = TRY(box->open(*credentials.totp_secret));
  const auto step = match_totp(secret, code, clock_.now());
  sodium_memzero(secret.data(), secret.size());
  if (!step) return make_error(ErrorKind::Invalid, "auth.totp_invalid", "確認コードが違います", "the code is wrong");
  const Param p[] = {static_cast<std::int64_t>(*step), micros(clock_.now()), Text{login}};
  TRY(service_.execute(domain::RecordCredentialChange{login, domain::CredentialChange::TotpEnabled}, by,
                       [&](Transaction& tx) {
                         return tx.execute(
                             "UPDATE credentials SET totp_enabled = 1, totp_last_step = ?, updated_at = ? "
                             "WHERE login = ?",
                             p);
                       }));
  return ok();
}

Result<void> Authenticator::disable_totp(const std::string& login, const domain::Principal& by) {
  if (!find_user(service_, login)) return user_unknown(login);
  const auto credentials = TRY(load_credentials(login));
  if (!credentials.totp_enabled && !credentials.totp_secret)
    return make_error(ErrorKind::Conflict, "auth.totp_not_enabled", "2段階認証は有効ではありません",
                      "two-factor authentication is not on");
  const Param p[] = {micros(clock_.now()), Text{login}};
  auto forget_seed = [&](Transaction& tx) {
    return tx.execute(
        "UPDATE credentials SET totp_secret = NULL, totp_enabled = 0, totp_last_step = 0, updated_at = ? "
        "WHERE login = ?",
        p);
  };
  if (credentials.totp_enabled) {
    TRY(service_.execute(domain::RecordCredentialChange{login, domain::CredentialChange::TotpDisabled}, by,
                         forget_seed));
    return ok();
  }
  // A pending enrolment that was never confirmed changed nothing the ledger knows of.
  auto tx = TRY(database_.begin(storage::TransactionMode::Write));
  TRY(forget_seed(*tx));
  return tx->commit();
}

// --- API tokens ---

Result<CreatedToken> Authenticator::create_token(const TokenRequest& request, const domain::Principal& by) {
  CreatedToken created;
  created.id = "tok-" + random_hex(6);
  created.token = std::string(kTokenPrefix) + random_token(32);
  const auto hash = sha256_hex(created.token);
  const Param p[] = {Text{created.id},       Text{hash},          Text{request.login}, Text{request.organisation},
                     Text{request.contract}, Text{request.label}, micros(clock_.now())};
  // The rules (user, organisation, contract) are checked by the domain; the token's hash is
  // stored in the transaction of its event, so a token exists exactly when the ledger says so.
  TRY(service_.execute(
      domain::CreateToken{created.id, request.login, request.organisation, request.contract, request.label,
                          request.scopes},
      by, [&](Transaction& tx) {
        return tx.execute(
            "INSERT INTO api_tokens (id, token_hash, login, organisation_id, contract_id, label, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            p);
      }));
  return created;
}

Result<void> Authenticator::revoke_token(const std::string& id, const domain::Principal& by) {
  const Param p[] = {micros(clock_.now()), Text{id}};
  TRY(service_.execute(domain::RevokeToken{id}, by, [&](Transaction& tx) {
    return tx.execute("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", p);
  }));
  return ok();
}

Result<std::pair<Principal, bool>> Authenticator::token_principal(std::string_view bearer, bool claim_record) {
  if (!bearer.starts_with(kTokenPrefix) || bearer.size() > kMaxSecretLength) return token_invalid();
  const auto hash = sha256_hex(bearer);
  std::optional<std::string> id;
  {
    std::shared_lock lock(token_ids_mutex_);
    if (auto it = token_ids_.find(hash); it != token_ids_.end()) id = it->second;
  }
  if (!id) {
    bool revoked = false;
    auto tx = TRY(database_.begin(storage::TransactionMode::Read));
    const Param p[] = {Text{hash}};
    TRY(tx->query("SELECT id, revoked_at FROM api_tokens WHERE token_hash = ?", p,
                  [&](const storage::Row& row) -> Result<void> {
                    id = std::string(row.text(0));
                    revoked = !row.is_null(1);
                    return ok();
                  }));
    if (!id || revoked) return token_invalid();
    std::unique_lock lock(token_ids_mutex_);
    token_ids_.emplace(hash, *id);
  }
  // The state (from the ledger) is authoritative for revocation and for the token's scope.
  auto principal = service_.read([&](const domain::State& state) -> std::optional<Principal> {
    auto token = state.tokens.find(*id);
    if (token == state.tokens.end() || token->second.revoked) return std::nullopt;
    const auto* user = state.user(token->second.login);
    if (!user || user->disabled) return std::nullopt;
    Principal p;
    p.kind = PrincipalKind::Token;
    p.login = token->second.login;
    // A token is not its user: no person (so no roles of theirs) and never an administrator.
    // It acts within its organisation, contract and scopes.
    p.admin = false;
    p.token_id = token->second.id;
    p.token_organisation = token->second.organisation;
    p.token_contract = token->second.contract;
    p.token_scopes = token->second.scopes;
    return p;
  });
  if (!principal) return token_invalid();

  // token.used is recorded at most once a minute per token: enough to show when a token
  // was in use without one ledger entry per API call.
  const auto now = clock_.now();
  bool due = false;
  {
    std::lock_guard lock(mutex_);
    auto& last = token_use_recorded_[principal->token_id];
    due = last == Timestamp{} || now - last >= options_.token_use_interval;
    if (due && claim_record) last = now;
  }
  return std::pair{std::move(*principal), due};
}

Result<std::optional<Principal>> Authenticator::from_token_without_waiting(std::string_view bearer) {
  auto [principal, due] = TRY(token_principal(bearer, false));
  if (due) return std::optional<Principal>();
  return std::optional(std::move(principal));
}

Result<Principal> Authenticator::from_token(std::string_view bearer) {
  auto [principal, due] = TRY(token_principal(bearer, true));
  if (due) {
    const Param p[] = {micros(clock_.now()), Text{principal.token_id}};
    auto recorded = service_.execute(
        domain::RecordTokenUse{principal.token_id}, domain::Principal::system(domain::Actor::token(principal.token_id)),
        [&](Transaction& tx) { return tx.execute("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", p); });
    // Another instance on the same database recorded it within the minute: nothing to add.
    if (!recorded && recorded.error().code != "token.use_recorded") return recorded.error();
  }
  return principal;
}

Result<std::vector<TokenInfo>> Authenticator::list_tokens() {
  std::vector<TokenInfo> tokens = service_.read([](const domain::State& state) {
    std::vector<TokenInfo> out;
    for (const auto& [id, t] : state.tokens)
      out.push_back(
          {t.id, t.login, t.organisation, t.contract, t.label, t.scopes, t.created_at, t.revoked, std::nullopt});
    return out;
  });
  auto tx = TRY(database_.begin(storage::TransactionMode::Read));
  TRY(tx->query("SELECT id, last_used_at FROM api_tokens WHERE last_used_at IS NOT NULL", {},
                [&](const storage::Row& row) -> Result<void> {
                  const auto id = row.text(0);
                  for (auto& t : tokens)
                    if (t.id == id) t.last_used_at = from_unix_micros(row.int64(1));
                  return ok();
                }));
  return tokens;
}

Result<void> check_secrets_key(storage::Database& database, const SecretBox& box) {
  auto tx = TRY(database.begin(storage::TransactionMode::Read));
  std::optional<std::string> sealed;
  TRY(tx->query("SELECT totp_secret FROM credentials WHERE totp_secret IS NOT NULL ORDER BY login LIMIT 1", {},
                [&](const storage::Row& row) -> Result<void> {
                  sealed = std::string(row.text(0));
                  return ok();
                }));
  if (!sealed || box.open(*sealed)) return ok();
  return make_error(ErrorKind::Conflict, "auth.secrets_key_mismatch",
                    "秘密鍵がこのデータベースに保存された2要素認証の鍵を復号できません（別のインスタンスの鍵です）",
                    "the secrets key cannot open the two-factor seeds this database holds (another instance's key)");
}

}  // namespace itaku::auth
