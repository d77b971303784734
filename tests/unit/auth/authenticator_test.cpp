#include "itaku/auth/authenticator.hpp"

#include <sys/stat.h>

#include "itaku/auth/demo_accounts.hpp"
#include "itaku/auth/totp.hpp"
#include "itaku/ledger/keys.hpp"
#include "itaku/service/demo.hpp"
#include "support/temp_dir.hpp"
#include "support/test_databases.hpp"

namespace itaku::testing {
namespace {

using namespace auth;
using namespace std::chrono_literals;

constexpr const char* kPassword = "correct horse battery";

class AuthenticatorTest : public ::testing::TestWithParam<storage::Backend> {
 protected:
  void SetUp() override {
    database_ = storage::open_database(fresh_database_url(GetParam(), dir_.path())).release_value();
    ASSERT_TRUE(storage::migrate(*database_).ok());
    auto signer = ledger::create_signing_key(dir_.path(), "auth.test/ledger").release_value();
    ASSERT_TRUE(ledger::initialise_ledger(*database_, signer, clock_).ok());
    ledger_ =
        ledger::Ledger::open(*database_, ledger::load_signing_key(dir_.path()).release_value(), clock_).release_value();
    service_ = service::Service::open(*database_, *ledger_, clock_).release_value();
    ASSERT_TRUE(service::load_demo(*service_).ok());
    auth_ = std::make_unique<Authenticator>(
        *database_, *service_, clock_, AuthOptions{.data_dir = dir_.path(), .password_cost = PasswordCost::minimum()});
    auto created = auth_->create_user("yamada", "p-yamada", kPassword, Admin::No, admin_);
    ASSERT_TRUE(created.ok()) << created.error().describe();
  }

  Result<Session> sign_in(const std::string& login, const std::string& password, const std::string& code = "",
                          const std::string& remote = "192.0.2.10") {
    return auth_->sign_in({login, password, code, remote});
  }

  // Every value of every row of a table, as text.
  std::string dump(const std::string& table) {
    auto tx = database_->begin(storage::TransactionMode::Read).release_value();
    std::string out;
    EXPECT_TRUE(tx->query("SELECT * FROM " + table, {}, [&](const storage::Row& row) -> Result<void> {
                    for (int i = 0; i < row.column_count(); ++i)
                      out += (row.is_null(i) ? std::string("NULL") : std::string(row.text(i))) + "|";
                    out += "\n";
                    return ok();
                  }).ok());
    return out;
  }

  std::string ledger_text() {
    auto tx = database_->begin(storage::TransactionMode::Read).release_value();
    std::string out;
    EXPECT_TRUE(
        tx->query("SELECT entry FROM ledger_entries ORDER BY seq", {}, [&](const storage::Row& row) -> Result<void> {
            out += std::string(as_chars(row.blob(0))) + "\n";
            return ok();
          }).ok());
    return out;
  }

  std::vector<domain::Event> events(const std::string& type) {
    std::vector<domain::Event> out;
    EXPECT_TRUE(service::for_each_event(*database_, [&](const domain::Event& e, std::uint64_t) -> Result<void> {
                  if (e.type == type) out.push_back(e);
                  return ok();
                }).ok());
    return out;
  }

  TempDir dir_;
  SimulatedClock clock_{from_unix_micros(1'795'000'000'000'000)};  // 2026-11-18
  std::unique_ptr<storage::Database> database_;
  std::unique_ptr<ledger::Ledger> ledger_;
  std::unique_ptr<service::Service> service_;
  std::unique_ptr<Authenticator> auth_;
  const domain::Principal admin_ = domain::Principal::system(domain::Actor{"cli:root"});
};

TEST_P(AuthenticatorTest, SigningInGivesAPrincipalAndTheCookieIsNeverStored) {
  auto session = sign_in("yamada", kPassword);
  ASSERT_TRUE(session.ok()) << session.error().describe();
  EXPECT_EQ(session->cookie.size(), 43u);  // 32 random bytes, base64url without padding
  EXPECT_EQ(session->principal.kind, PrincipalKind::Session);
  EXPECT_EQ(session->principal.login, "yamada");
  EXPECT_EQ(session->principal.person, "p-yamada");
  EXPECT_FALSE(session->principal.admin);
  EXPECT_EQ(session->expires_at, clock_.now() + 8h);

  auto principal = auth_->from_session(session->cookie);
  ASSERT_TRUE(principal.ok()) << principal.error().describe();
  EXPECT_EQ(principal->person, "p-yamada");
  EXPECT_EQ(principal->session_id, session->principal.session_id);
  EXPECT_EQ(principal->csrf_token, session->principal.csrf_token);

  const auto sessions = dump("sessions");
  EXPECT_NE(sessions.find(session->principal.session_id), std::string::npos);
  EXPECT_EQ(sessions.find(session->cookie), std::string::npos) << sessions;
  EXPECT_EQ(ledger_text().find(session->cookie), std::string::npos);
  EXPECT_EQ(auth_->from_session(session->cookie + "x").error().code, "auth.session_invalid");
  EXPECT_EQ(auth_->from_session("").error().kind, ErrorKind::Unauthenticated);
}

TEST_P(AuthenticatorTest, EverySessionHasItsOwnCsrfToken) {
  auto a = sign_in("yamada", kPassword).release_value();
  auto b = sign_in("yamada", kPassword).release_value();
  EXPECT_NE(a.cookie, b.cookie);
  EXPECT_NE(a.principal.session_id, b.principal.session_id);
  EXPECT_GE(a.principal.csrf_token.size(), 43u);
  EXPECT_NE(a.principal.csrf_token, b.principal.csrf_token);
  EXPECT_NE(a.principal.csrf_token, a.cookie);
}

TEST_P(AuthenticatorTest, SessionsExpireAfterEightIdleHoursAndUseKeepsThemAlive) {
  auto session = sign_in("yamada", kPassword).release_value();
  clock_.advance(3h);
  ASSERT_TRUE(auth_->from_session(session.cookie).ok());
  clock_.advance(7h + 59min);  // idle time counts from the last use
  ASSERT_TRUE(auth_->from_session(session.cookie).ok());
  auto other = sign_in("yamada", kPassword).release_value();
  clock_.advance(8h + 1s);
  for (const auto* cookie : {&session.cookie, &other.cookie}) {
    auto expired = auth_->from_session(*cookie);
    ASSERT_FALSE(expired.ok());
    EXPECT_EQ(expired.error().code, "auth.session_expired");
    EXPECT_EQ(expired.error().kind, ErrorKind::Unauthenticated);
  }
}

TEST_P(AuthenticatorTest, ASessionEndsTwelveHoursAfterSignInHoweverOftenItIsUsed) {
  auto session = sign_in("yamada", kPassword).release_value();
  for (int hour = 1; hour < 12; ++hour) {
    clock_.advance(1h);
    ASSERT_TRUE(auth_->from_session(session.cookie).ok()) << "after " << hour << " hours";
  }
  clock_.advance(59min);  // 11:59 since sign-in
  ASSERT_TRUE(auth_->from_session(session.cookie).ok());
  clock_.advance(1min);  // 12:00, one minute after the last use
  auto ended = auth_->from_session(session.cookie);
  ASSERT_FALSE(ended.ok());
  EXPECT_EQ(ended.error().code, "auth.session_expired");
  EXPECT_TRUE(sign_in("yamada", kPassword).ok());  // signing in again starts a new day
}

TEST_P(AuthenticatorTest, SigningOutEndsOnlyThatSession) {
  auto a = sign_in("yamada", kPassword).release_value();
  auto b = sign_in("yamada", kPassword).release_value();
  ASSERT_TRUE(auth_->sign_out(a.cookie).ok());
  EXPECT_EQ(auth_->from_session(a.cookie).error().code, "auth.session_invalid");
  EXPECT_TRUE(auth_->from_session(b.cookie).ok());
  EXPECT_TRUE(auth_->sign_out(a.cookie).ok());  // again: nothing to do
}

TEST_P(AuthenticatorTest, AWrongPasswordAndAnUnknownLoginLookTheSame) {
  auto wrong = sign_in("yamada", "not the password");
  auto unknown = sign_in("nobody", kPassword);
  ASSERT_FALSE(wrong.ok());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(wrong.error().code, "auth.invalid_credentials");
  EXPECT_EQ(wrong.error().kind, ErrorKind::Unauthenticated);
  EXPECT_EQ(unknown.error().code, wrong.error().code);
  EXPECT_EQ(unknown.error().describe(), wrong.error().describe());
  EXPECT_EQ(unknown.error().describe_ja(), wrong.error().describe_ja());
}

TEST_P(AuthenticatorTest, ADisabledUserCannotSignInAndTheirSessionsEnd) {
  auto session = sign_in("yamada", kPassword).release_value();
  ASSERT_TRUE(auth_->disable_user("yamada", admin_).ok());
  EXPECT_EQ(auth_->from_session(session.cookie).error().code, "auth.session_invalid");
  auto refused = sign_in("yamada", kPassword);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "auth.invalid_credentials");
  EXPECT_EQ(events("auth.sign_in_failed").back().data["reason"], "disabled");
}

TEST_P(AuthenticatorTest, FiveFailuresInARowFromOneAddressLockThatAddressOutOfTheLogin) {
  // Failures are consecutive: a success in between starts the count again.
  for (int i = 0; i < 4; ++i) EXPECT_EQ(sign_in("yamada", "wrong password!").error().code, "auth.invalid_credentials");
  ASSERT_TRUE(sign_in("yamada", kPassword).ok());
  for (int i = 0; i < 4; ++i) EXPECT_EQ(sign_in("yamada", "wrong password!").error().code, "auth.invalid_credentials");
  ASSERT_TRUE(sign_in("yamada", kPassword).ok());

  for (int i = 0; i < 5; ++i) EXPECT_EQ(sign_in("yamada", "wrong password!").error().code, "auth.invalid_credentials");
  // Locked: even the right password is refused, with the very answer a wrong password or an
  // unknown login gets, so the lock shows neither that the login exists nor that the
  // password was right.
  auto locked = sign_in("yamada", kPassword);
  ASSERT_FALSE(locked.ok());
  const auto wrong = sign_in("yamada", "wrong password!").error();
  const auto unknown = sign_in("nobody", kPassword).error();
  for (const auto& other : {wrong, unknown}) {
    EXPECT_EQ(locked.error().code, other.code);
    EXPECT_EQ(locked.error().kind, other.kind);
    EXPECT_EQ(locked.error().describe(), other.describe());
    EXPECT_EQ(locked.error().describe_ja(), other.describe_ja());
  }
  EXPECT_EQ(locked.error().code, "auth.invalid_credentials");
  // The refusals while locked are recorded once, not once per attempt.
  std::size_t recorded = 0;
  for (const auto& e : events("auth.sign_in_failed")) recorded += e.data["reason"] == "locked";
  EXPECT_EQ(recorded, 1u);

  clock_.advance(59s);
  EXPECT_FALSE(sign_in("yamada", kPassword).ok());
  clock_.advance(2s);
  EXPECT_TRUE(sign_in("yamada", kPassword).ok());
}

TEST_P(AuthenticatorTest, SomeoneElsesFailuresCannotLockAUserOut) {
  // An outsider who knows the login fails on purpose, again and again…
  for (int i = 0; i < 15; ++i) EXPECT_FALSE(sign_in("yamada", "wrong password!", "", "198.51.100.66").ok());
  EXPECT_FALSE(sign_in("yamada", kPassword, "", "198.51.100.66").ok());
  // …and the user, at their own address, signs in as always.
  EXPECT_TRUE(sign_in("yamada", kPassword, "", "192.0.2.10").ok());
}

TEST_P(AuthenticatorTest, EachFurtherLockFromTheSameAddressLastsTwiceAsLong) {
  const std::string address = "203.0.113.5";
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(sign_in("yamada", "wrong password!", "", address).ok());
  EXPECT_FALSE(sign_in("yamada", kPassword, "", address).ok());  // locked for one minute
  clock_.advance(1min + 1s);
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(sign_in("yamada", "wrong password!", "", address).ok());
  clock_.advance(1min + 1s);
  EXPECT_FALSE(sign_in("yamada", kPassword, "", address).ok());  // the second lock lasts two minutes
  clock_.advance(1min);
  EXPECT_TRUE(sign_in("yamada", kPassword, "", address).ok());
}

TEST_P(AuthenticatorTest, AnAddressWithTwentyFailuresIsThrottledForFifteenMinutes) {
  for (int i = 0; i < 20; ++i)
    EXPECT_EQ(sign_in("guess" + std::to_string(i), kPassword, "", "198.51.100.7").error().code,
              "auth.invalid_credentials");
  auto throttled = sign_in("yamada", kPassword, "", "198.51.100.7");
  ASSERT_FALSE(throttled.ok());
  EXPECT_EQ(throttled.error().code, "auth.throttled");
  EXPECT_EQ(throttled.error().kind, ErrorKind::Throttled);
  EXPECT_EQ(http_status(throttled.error().kind), 429);
  // All twenty failures were just now: the address is free again in fifteen minutes.
  EXPECT_EQ(throttled.error().context.at("retry_after_s"), "900");
  EXPECT_EQ(sign_in("yamada", kPassword, "", "198.51.100.7").error().code, "auth.throttled");
  EXPECT_TRUE(sign_in("yamada", kPassword, "", "198.51.100.8").ok());  // another address is not affected
  std::size_t recorded = 0;
  for (const auto& e : events("auth.sign_in_failed")) recorded += e.data["reason"] == "address_throttled";
  EXPECT_EQ(recorded, 1u);
  clock_.advance(15min + 1s);
  EXPECT_TRUE(sign_in("yamada", kPassword, "", "198.51.100.7").ok());
}

TEST_P(AuthenticatorTest, SignInsAndRefusalsAreRecordedInTheLedgerWithoutSecrets) {
  ASSERT_TRUE(sign_in("yamada", kPassword, "", "192.0.2.1").ok());
  ASSERT_FALSE(sign_in("yamada", "wrong password!", "", "192.0.2.2").ok());
  // Someone types their password into the login field: it must not reach the ledger.
  ASSERT_FALSE(sign_in("my secret password", "whatever", "", "192.0.2.3").ok());

  const auto signed_in = events("auth.signed_in");
  ASSERT_EQ(signed_in.size(), 1u);
  EXPECT_EQ(signed_in[0].data["login"], "yamada");
  EXPECT_EQ(signed_in[0].data["remote"], "192.0.2.1");
  EXPECT_EQ(signed_in[0].data["method"], "password");
  EXPECT_EQ(signed_in[0].actor, "person:p-yamada");
  const auto failed = events("auth.sign_in_failed");
  ASSERT_EQ(failed.size(), 2u);
  EXPECT_EQ(failed[0].data["login"], "yamada");
  EXPECT_EQ(failed[0].data["reason"], "bad_password");
  EXPECT_EQ(failed[1].data["login"], "");
  EXPECT_EQ(failed[1].data["reason"], "unknown_login");
  EXPECT_EQ(events("user.password_set").size(), 1u);

  const auto ledger = ledger_text();
  for (const char* secret : {kPassword, "wrong password!", "my secret password", "$argon2id$"})
    EXPECT_EQ(ledger.find(secret), std::string::npos) << secret;
  EXPECT_EQ(dump("credentials").find(kPassword), std::string::npos);
}

TEST_P(AuthenticatorTest, TotpIsRequiredOnceConfirmedAndACodeWorksOnlyOnce) {
  auto enrolment = auth_->begin_totp("yamada", admin_);
  ASSERT_TRUE(enrolment.ok()) << enrolment.error().describe();
  EXPECT_EQ(enrolment->secret_base32.size(), 32u);  // 20 bytes
  EXPECT_TRUE(enrolment->uri.starts_with("otpauth://totp/itaku:yamada?secret=" + enrolment->secret_base32));
  EXPECT_NE(enrolment->qr_svg.find("<svg"), std::string::npos);
  const auto secret = base32_decode(enrolment->secret_base32).release_value();

  // Not yet confirmed: a password alone still signs in.
  ASSERT_TRUE(sign_in("yamada", kPassword).ok());
  EXPECT_EQ(auth_->confirm_totp("yamada", "000000", admin_).error().code, "auth.totp_invalid");
  const auto first = totp_code(secret, clock_.now());
  ASSERT_TRUE(auth_->confirm_totp("yamada", first, admin_).ok());
  EXPECT_EQ(events("user.totp_enabled").size(), 1u);
  EXPECT_EQ(auth_->begin_totp("yamada", admin_).error().code, "auth.totp_already_enabled");

  EXPECT_EQ(sign_in("yamada", kPassword).error().code, "auth.totp_required");
  EXPECT_EQ(sign_in("yamada", kPassword, first).error().code, "auth.totp_invalid");  // used to confirm
  clock_.advance(30s);
  const auto second = totp_code(secret, clock_.now());
  auto session = sign_in("yamada", kPassword, second);
  ASSERT_TRUE(session.ok()) << session.error().describe();
  EXPECT_EQ(events("auth.signed_in").back().data["method"], "password+totp");
  EXPECT_EQ(sign_in("yamada", kPassword, second).error().code, "auth.totp_invalid");  // reuse
  EXPECT_EQ(events("auth.sign_in_failed").back().data["reason"], "totp_reused");
  EXPECT_EQ(sign_in("yamada", "wrong password!", totp_code(secret, clock_.now() + 30s)).error().code,
            "auth.invalid_credentials");

  // The seed is stored encrypted under a private key file.
  const auto credentials = dump("credentials");
  EXPECT_EQ(credentials.find(enrolment->secret_base32), std::string::npos);
  EXPECT_EQ(credentials.find(to_hex(secret)), std::string::npos);
  EXPECT_EQ(ledger_text().find(enrolment->secret_base32), std::string::npos);
  struct stat st {};
  ASSERT_EQ(::stat(SecretBox::key_path(dir_.path()).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  ASSERT_TRUE(auth_->disable_totp("yamada", admin_).ok());
  EXPECT_TRUE(sign_in("yamada", kPassword).ok());
  EXPECT_EQ(auth_->disable_totp("yamada", admin_).error().code, "auth.totp_not_enabled");
}

TEST_P(AuthenticatorTest, WrongTotpCodesCountTowardsTheLockout) {
  auto enrolment = auth_->begin_totp("yamada", admin_).release_value();
  const auto secret = base32_decode(enrolment.secret_base32).release_value();
  ASSERT_TRUE(auth_->confirm_totp("yamada", totp_code(secret, clock_.now()), admin_).ok());
  clock_.advance(30s);
  const auto right = totp_code(secret, clock_.now());
  const auto wrong = right == "123456" ? std::string("654321") : std::string("123456");
  for (int i = 0; i < 5; ++i) EXPECT_EQ(sign_in("yamada", kPassword, wrong).error().code, "auth.totp_invalid");
  // Locked now: the right code (and password) gets the answer of a wrong password.
  EXPECT_EQ(sign_in("yamada", kPassword, right).error().code, "auth.invalid_credentials");
  clock_.advance(1min + 1s);
  EXPECT_TRUE(sign_in("yamada", kPassword, totp_code(secret, clock_.now())).ok());
}

TEST_P(AuthenticatorTest, TokensCarryTheirScopeAndStopWorkingWhenRevoked) {
  auto created = auth_->create_token({"yamada", "shinano-is", "nagano-2026-001", "体制表の連携"}, admin_);
  ASSERT_TRUE(created.ok()) << created.error().describe();
  EXPECT_TRUE(created->token.starts_with("itk_"));
  EXPECT_EQ(created->token.size(), 4u + 43u);
  auto principal = auth_->from_token(created->token);
  ASSERT_TRUE(principal.ok()) << principal.error().describe();
  EXPECT_EQ(principal->kind, PrincipalKind::Token);
  EXPECT_EQ(principal->login, "yamada");
  EXPECT_EQ(principal->person, "");  // a token never acts as its user
  EXPECT_EQ(principal->token_id, created->id);
  EXPECT_EQ(principal->token_organisation, "shinano-is");
  EXPECT_EQ(principal->token_contract, "nagano-2026-001");
  EXPECT_FALSE(principal->admin);
  EXPECT_TRUE(principal->csrf_token.empty());

  // Only the hash is kept: the plaintext is in no table and not in the ledger.
  EXPECT_EQ(dump("api_tokens").find(created->token), std::string::npos);
  EXPECT_NE(dump("api_tokens").find(sha256_hex(created->token)), std::string::npos);
  EXPECT_EQ(ledger_text().find(created->token), std::string::npos);
  const auto recorded = events("token.created");
  ASSERT_EQ(recorded.size(), 1u);
  EXPECT_EQ(recorded[0].data["label"], "体制表の連携");

  EXPECT_EQ(auth_->from_token("itk_" + std::string(43, 'A')).error().code, "auth.token_invalid");
  EXPECT_EQ(auth_->from_token("Bearer " + created->token).error().code, "auth.token_invalid");
  ASSERT_TRUE(auth_->revoke_token(created->id, admin_).ok());
  auto revoked = auth_->from_token(created->token);
  ASSERT_FALSE(revoked.ok());
  EXPECT_EQ(revoked.error().code, "auth.token_invalid");
  EXPECT_EQ(revoked.error().kind, ErrorKind::Unauthenticated);
  EXPECT_EQ(auth_->revoke_token(created->id, admin_).error().code, "token.already_revoked");

  auto all = auth_->create_token({"yamada", "shinano-is", "", ""}, admin_).release_value();
  EXPECT_EQ(auth_->from_token(all.token)->token_contract, "");
  const auto listed = auth_->list_tokens().release_value();
  ASSERT_EQ(listed.size(), 2u);
  ASSERT_TRUE(auth_->disable_user("yamada", admin_).ok());
  EXPECT_EQ(auth_->from_token(all.token).error().code, "auth.token_invalid");
}

TEST_P(AuthenticatorTest, ATokenMayDoOnlyWhatItsScopesSayAndTheLedgerSaysWhich) {
  const auto reader =
      auth_->create_token({"yamada", "shinano-is", "", "監視", {"read", "decide", "read"}}, admin_).release_value();
  const auto principal = auth_->from_token(reader.token).release_value();
  EXPECT_EQ(principal.token_scopes, (std::set{domain::TokenScope::Read, domain::TokenScope::Decide}));
  // Without naming any: what tokens were made for, deciding and reporting accesses.
  const auto plain = auth_->create_token({"yamada", "shinano-is", "", ""}, admin_).release_value();
  EXPECT_EQ(auth_->from_token(plain.token)->token_scopes,
            (std::set{domain::TokenScope::Decide, domain::TokenScope::AccessReport}));
  const auto recorded = events("token.created");
  ASSERT_EQ(recorded.size(), 2u);
  EXPECT_EQ(recorded[0].data["scopes"], nlohmann::json::array({"read", "decide"}));
  EXPECT_EQ(recorded[1].data["scopes"], nlohmann::json::array({"decide", "access_report"}));
  const auto listed = auth_->list_tokens().release_value();
  ASSERT_EQ(listed.size(), 2u);
  for (const auto& t : listed)
    EXPECT_EQ(t.scopes, auth_->from_token(t.id == reader.id ? reader.token : plain.token)->token_scopes);

  // A scope that does not exist issues nothing.
  const auto size = ledger_->size();
  auto refused = auth_->create_token({"yamada", "shinano-is", "", "", {"read", "write"}}, admin_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "token.scope_invalid");
  EXPECT_EQ(refused.error().kind, ErrorKind::Invalid);
  EXPECT_EQ(ledger_->size(), size);
  EXPECT_EQ(auth_->list_tokens()->size(), 2u);
}

TEST_P(AuthenticatorTest, ATokensUseIsRecordedAsTheTokenNotAsItsUser) {
  const auto created = auth_->create_token({"yamada", "shinano-is", "", ""}, admin_).release_value();
  ASSERT_TRUE(auth_->from_token(created.token).ok());
  const auto used = events("token.used");
  ASSERT_EQ(used.size(), 1u);
  EXPECT_EQ(used[0].actor, "token:" + created.id);
}

TEST_P(AuthenticatorTest, ATokenForAnotherOrganisationIsRefused) {
  auto refused = auth_->create_token({"yamada", "zenkoji-data", "", ""}, admin_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "token.not_member");
  EXPECT_EQ(dump("api_tokens"), "");
}

TEST_P(AuthenticatorTest, TokenUseIsRecordedAtMostOnceAMinute) {
  const auto created = auth_->create_token({"yamada", "shinano-is", "", ""}, admin_).release_value();
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(auth_->from_token(created.token).ok());
  EXPECT_EQ(events("token.used").size(), 1u);
  clock_.advance(59s);
  ASSERT_TRUE(auth_->from_token(created.token).ok());
  EXPECT_EQ(events("token.used").size(), 1u);
  clock_.advance(1s);
  ASSERT_TRUE(auth_->from_token(created.token).ok());
  EXPECT_EQ(events("token.used").size(), 2u);
  EXPECT_TRUE(auth_->list_tokens()->front().last_used_at.has_value());
}

TEST_P(AuthenticatorTest, ReplayRebuildsRolesAndLeavesCredentialsAndSessionsAlone) {
  ASSERT_TRUE(service_->execute(domain::GrantRole{"p-kobayashi", "nagano-2026-001", "city_officer"}, admin_).ok());
  ASSERT_TRUE(auth_->create_user("root", "p-kobayashi", kPassword, Admin::Yes, admin_).ok());
  ASSERT_TRUE(auth_->create_token({"yamada", "shinano-is", "", ""}, admin_).ok());
  auto session = sign_in("yamada", kPassword).release_value();
  const auto credentials = dump("credentials");
  const auto sessions = dump("sessions");
  const auto tokens = dump("api_tokens");
  EXPECT_NE(dump("roles").find("p-kobayashi|nagano-2026-001|city_officer|"), std::string::npos) << dump("roles");
  EXPECT_NE(dump("users").find("root|p-kobayashi|"), std::string::npos);

  ASSERT_TRUE(service::replay_in_place(*database_).ok());
  EXPECT_EQ(dump("credentials"), credentials);
  EXPECT_EQ(dump("sessions"), sessions);
  EXPECT_EQ(dump("api_tokens"), tokens);
  EXPECT_TRUE(auth_->from_session(session.cookie).ok());
  auto report = service::replay_check(*database_, dir_.path());
  ASSERT_TRUE(report.ok()) << report.error().describe();
  for (const auto& d : report->differences) ADD_FAILURE() << d.table << " " << d.where << ": " << d.row;
}

// Who may is each command's rule, applied by Service::execute whoever calls: users, their
// tokens and roles are the administrator's, and a user changes only their own credentials.
TEST_P(AuthenticatorTest, OnlyAnAdministratorManagesUsersAndTokensAndAUserTheirOwnPassword) {
  ASSERT_TRUE(auth_->create_user("sato", "p-sato", kPassword, Admin::No, admin_).ok());
  const auto yamada = sign_in("yamada", kPassword).release_value().principal;
  const auto before = ledger_text();
  EXPECT_EQ(auth_->create_user("ito", "p-ito", kPassword, Admin::No, yamada).error().code, "auth.forbidden");
  EXPECT_EQ(auth_->create_token({"yamada", "shinano-is", "", ""}, yamada).error().code, "auth.forbidden");
  EXPECT_EQ(auth_->disable_user("sato", yamada).error().code, "auth.forbidden");
  EXPECT_EQ(auth_->set_password("sato", "a brand new passphrase", yamada).error().code, "auth.forbidden");
  EXPECT_EQ(auth_->begin_totp("sato", yamada).error().code, "auth.forbidden");
  EXPECT_EQ(ledger_text(), before);
  EXPECT_EQ(sign_in("sato", "a brand new passphrase").error().code, "auth.invalid_credentials");
  EXPECT_FALSE(service_->read([](const domain::State& s) { return s.user("ito") != nullptr; }));

  ASSERT_TRUE(auth_->set_password("yamada", "a brand new passphrase", yamada).ok());
  EXPECT_TRUE(sign_in("yamada", "a brand new passphrase").ok());
  EXPECT_TRUE(auth_->begin_totp("yamada", yamada).ok());
}

TEST_P(AuthenticatorTest, UsersAreListedWithTheirFlagsAndPasswordsCanBeChanged) {
  ASSERT_TRUE(auth_->create_user("root", "p-kobayashi", kPassword, Admin::Yes, admin_).ok());
  EXPECT_EQ(auth_->create_user("short", "p-sato", "tooshort", Admin::No, admin_).error().code,
            "auth.password_too_short");
  EXPECT_FALSE(service_->read([](const domain::State& s) { return s.user("short") != nullptr; }));
  auto session = sign_in("root", kPassword).release_value();
  EXPECT_TRUE(session.principal.admin);
  ASSERT_TRUE(auth_->set_password("root", "a brand new passphrase", admin_).ok());
  EXPECT_EQ(auth_->from_session(session.cookie).error().code, "auth.session_invalid");
  EXPECT_EQ(sign_in("root", kPassword).error().code, "auth.invalid_credentials");
  EXPECT_TRUE(sign_in("root", "a brand new passphrase").ok());
  const auto users = auth_->list_users().release_value();
  ASSERT_EQ(users.size(), 2u);
  EXPECT_EQ(users[0].login, "root");
  EXPECT_TRUE(users[0].admin);
  EXPECT_TRUE(users[0].password_set);
  EXPECT_FALSE(users[1].admin);
}

TEST_P(AuthenticatorTest, TheDemoAccountsSignInWithTheDocumentedPasswordAndHoldTheirRoles) {
  auto loaded = load_demo_accounts(*service_, *auth_);
  ASSERT_TRUE(loaded.ok()) << loaded.error().describe();
  EXPECT_EQ(load_demo_accounts(*service_, *auth_).error().code, "demo.accounts_loaded");
  for (const char* login : {"kobayashi", "takahashi", "nakamura", "yamada", "ito", "admin"}) {
    if (std::string(login) == "yamada") continue;  // made by the fixture with its own password
    auto session = sign_in(login, std::string(kDemoPassword));
    EXPECT_TRUE(session.ok()) << login;
  }
  EXPECT_TRUE(sign_in("admin", std::string(kDemoPassword))->principal.admin);
  service_->read([](const domain::State& s) {
    using Roles = std::vector<std::string>;
    EXPECT_EQ(s.roles_of("p-kobayashi", "nagano-2026-001"), (Roles{"city_approver", "city_officer"}));
    EXPECT_EQ(s.roles_of("p-takahashi", "kisarazu-2026-014"), (Roles{"city_approver", "city_officer"}));
    EXPECT_EQ(s.roles_of("p-nakamura", "nagano-2026-001"), (Roles{"city_auditor"}));
    EXPECT_EQ(s.roles_of("p-yamada", "nagano-2026-001"), (Roles{"responsible"}));
    EXPECT_EQ(s.roles_of("p-ito", "nagano-2026-001"), (Roles{"responsible", "information_manager"}));
    EXPECT_TRUE(s.roles_of("p-kobayashi", "kisarazu-2026-014").empty());
  });
}

INSTANTIATE_TEST_SUITE_P(Backends, AuthenticatorTest, ::testing::ValuesIn(test_backends()), backend_name);

}  // namespace
}  // namespace itaku::testing
