#pragma once
// Who is asking: password (Argon2id) and TOTP sign-in with lockout and per-address
// throttling, sessions (cookie → Principal, idle expiry, CSRF token), and API tokens. Secrets
// (password hashes, TOTP seeds, cookie and token hashes) live in tables outside the ledger;
// every sign-in, refusal, credential change and token event is recorded in the ledger through
// the service. See docs/AUTH.md.

#include <chrono>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "itaku/auth/password.hpp"
#include "itaku/auth/principal.hpp"
#include "itaku/auth/secrets.hpp"
#include "itaku/core/clock.hpp"
#include "itaku/core/result.hpp"
#include "itaku/domain/event.hpp"
#include "itaku/service/service.hpp"
#include "itaku/storage/database.hpp"

namespace itaku::auth {

struct AuthOptions {
  std::filesystem::path data_dir;  // holds keys/secrets.key (TOTP seeds are encrypted under it)
  PasswordCost password_cost = PasswordCost::interactive();
  std::chrono::microseconds session_idle = std::chrono::hours(8);
  // However active, a session ends this long after sign-in (a working day and some).
  std::chrono::microseconds session_lifetime = std::chrono::hours(12);
  // Consecutive failures for one login from one address, after which that address may not
  // try that login for `lockout`, doubled at every further lock up to `max_lockout`. Someone
  // else's failures never lock a user out of their own address.
  int max_login_failures = 5;
  std::chrono::microseconds lockout = std::chrono::minutes(1);
  std::chrono::microseconds max_lockout = std::chrono::hours(1);
  int max_address_failures = 20;  // per remote address within address_window, kept in memory
  std::chrono::microseconds address_window = std::chrono::minutes(15);
  std::chrono::microseconds token_use_interval = std::chrono::minutes(1);  // token.used at most this often
};

struct SignInRequest {
  std::string login;
  std::string password;
  std::string totp_code;  // empty when the user has not been asked for one yet
  std::string remote_address;
};

struct Session {
  std::string cookie;  // the secret cookie value: handed out once, only its SHA-256 is stored
  Principal principal;
  Timestamp expires_at{};
};

struct TotpEnrolment {
  std::string secret_base32;  // to type into an authenticator app
  std::string uri;            // otpauth://totp/itaku:LOGIN?…
  std::string qr_svg;         // the URI as a QR code
};

enum class Admin { No, Yes };

struct TokenRequest {
  std::string login;
  std::string organisation;
  std::string contract;  // empty: every contract of the organisation
  std::string label;
  std::vector<std::string> scopes = {};  // "read", "decide", "access_report"; none: decide and access_report
};

struct CreatedToken {
  std::string id;
  std::string token;  // "itk_…": shown once, never stored
};

struct UserInfo {
  std::string login;
  std::string person;
  bool admin = false;
  bool disabled = false;
  bool password_set = false;
  bool totp_enabled = false;
};

struct TokenInfo {
  std::string id, login, organisation, contract, label;
  std::set<domain::TokenScope> scopes;
  Timestamp created_at{};
  bool revoked = false;
  std::optional<Timestamp> last_used_at;
};

class Authenticator {
 public:
  // `database` and `service` must outlive it; `database` is the service's database.
  Authenticator(storage::Database& database, service::Service& service, const Clock& clock, AuthOptions options);

  // --- Sessions ---
  // Wrong login or password, a disabled user, a user without a password, or a login locked
  // after repeated failures: auth.invalid_credentials (Unauthenticated), the same answer
  // whichever it was, so a lock does not show that a login exists. TOTP on: missing code
  // auth.totp_required, wrong or reused code auth.totp_invalid. Throttled address
  // auth.throttled (Throttled, with retry_after_s).
  Result<Session> sign_in(const SignInRequest& request);
  // auth.session_invalid (unknown, signed out, user disabled) or auth.session_expired (idle
  // too long, or older than session_lifetime); moves the idle expiry forward.
  Result<Principal> from_session(std::string_view cookie);
  Result<void> sign_out(std::string_view cookie);

  // --- Users, done by `by` ---
  // Each records its event through Service::execute as `by`, so who may is the command's rule
  // in domain/authorization.cpp, whoever calls: users, their roles and tokens are the
  // administrator's (the command line at the machine acts as the system), and a user changes
  // their own credentials. A refusal changes nothing.
  Result<void> create_user(const std::string& login, const std::string& person, std::string_view password, Admin admin,
                           const domain::Principal& by);
  // Also ends the user's sessions.
  Result<void> set_password(const std::string& login, std::string_view password, const domain::Principal& by);
  // Also ends the user's sessions; their API tokens stop working.
  Result<void> disable_user(const std::string& login, const domain::Principal& by);
  Result<std::vector<UserInfo>> list_users();

  // --- TOTP ---
  // A new secret, pending until confirmed (auth.totp_already_enabled if TOTP is on).
  // Whoever may record the enrolment's confirmation may start it.
  Result<TotpEnrolment> begin_totp(const std::string& login, const domain::Principal& by);
  Result<void> confirm_totp(const std::string& login, std::string_view code, const domain::Principal& by);
  Result<void> disable_totp(const std::string& login, const domain::Principal& by);

  // --- API tokens ---
  Result<CreatedToken> create_token(const TokenRequest& request, const domain::Principal& by);
  Result<void> revoke_token(const std::string& id, const domain::Principal& by);
  // auth.token_invalid (Unauthenticated) for an unknown, malformed or revoked token or a
  // disabled user. Records token.used at most once per token_use_interval.
  Result<Principal> from_token(std::string_view bearer);
  // The same for callers that must not wait for the ledger: nullopt when this use of the token
  // is due to be recorded (at most once a minute), which from_token does.
  Result<std::optional<Principal>> from_token_without_waiting(std::string_view bearer);
  Result<std::vector<TokenInfo>> list_tokens();

 private:
  struct Credentials;
  Result<Credentials> load_credentials(const std::string& login);
  // Until when `remote` may not try `login`, or nothing (kept in memory per process).
  std::optional<Timestamp> pair_locked(const std::string& remote, const std::string& login, Timestamp now);
  // Counts a failure of `login` from `remote`; true when it locks the pair.
  bool note_pair_failure(const std::string& remote, const std::string& login, Timestamp now);
  void clear_pair_failures(const std::string& remote, const std::string& login);
  Result<void> record_failure(const std::string& login, const std::string& remote, const std::string& reason,
                              const service::SideWrite& also = nullptr);
  Result<const SecretBox*> secret_box();
  // When a throttled address may try again, or nothing when it is not throttled.
  std::optional<Timestamp> address_throttled(const std::string& remote, Timestamp now);
  void note_address_failure(const std::string& remote, Timestamp now);
  void spend_dummy_verification(std::string_view password);
  // The principal of a valid token, and whether this use is due to be recorded (when
  // `claim_record`, the minute's record is claimed by the caller).
  Result<std::pair<Principal, bool>> token_principal(std::string_view bearer, bool claim_record);

  storage::Database& database_;
  service::Service& service_;
  const Clock& clock_;
  AuthOptions options_;

  // Token hash → token id, filled as tokens are first used. The pair never changes, so it is
  // kept; whether the token is still valid is read from the state on every use.
  std::shared_mutex token_ids_mutex_;
  std::unordered_map<std::string, std::string> token_ids_;

  std::mutex mutex_;  // guards everything below
  std::map<std::string, std::deque<Timestamp>> address_failures_;
  std::map<std::string, Timestamp> address_refusal_recorded_;  // until when a refusal is already recorded
  struct PairFailures {
    int count = 0;  // consecutive failures since the last lock or success
    int locks = 0;  // locks so far: each doubles the next
    Timestamp locked_until{};
    Timestamp last{};
    bool refusal_recorded = false;  // a refusal during the current lock is in the ledger
  };
  std::map<std::pair<std::string, std::string>, PairFailures> pair_failures_;  // (address, login)
  std::map<std::string, Timestamp> token_use_recorded_;
  std::optional<SecretBox> secret_box_;
  std::string dummy_hash_;
};

// Whether `box` opens the TOTP seeds `database` already holds (the first one it finds): every
// instance on one database must hold the same secrets key. auth.secrets_key_mismatch when it
// does not; ok when no seed is stored yet.
Result<void> check_secrets_key(storage::Database& database, const SecretBox& box);

}  // namespace itaku::auth
