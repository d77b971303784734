// Roles on a contract: city roles granted to the city's people, and the roles a party's
// latest roster gives. Pure domain: commands through decide() and apply().

#include <gtest/gtest.h>

#include "itaku/domain/commands.hpp"
#include "itaku/domain/state.hpp"
#include "itaku/provisions/provision_set.hpp"

namespace itaku::testing {
namespace {

using namespace domain;
using Roles = std::vector<std::string>;

class ContractRoles : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto& set : provisions::builtin_sets()) run(ImportProvisions{set.source});
    run(RegisterOrganisation{"nagano-city", "city", "長野市", "Nagano"});
    run(RegisterOrganisation{"other-city", "city", "他市", "Other"});
    run(RegisterOrganisation{"acme", "contractor", "株式会社アクメ", "Acme"});
    run(RegisterOrganisation{"sub", "subcontractor", "有限会社サブ", "Sub"});
    run(RegisterPerson{"p-city", "nagano-city", "市 職員", "主査", ""});
    run(RegisterPerson{"p-other", "other-city", "他市 職員", "主査", ""});
    run(RegisterPerson{"p-boss", "acme", "山田 太郎", "部長", ""});
    run(RegisterPerson{"p-mgr", "acme", "佐藤 花子", "室長", ""});
    run(RegisterPerson{"p-w1", "acme", "鈴木 一郎", "SE", ""});
    run(RegisterPerson{"p-w2", "acme", "田中 美咲", "PG", ""});
    run(RegisterPerson{"p-sub", "sub", "伊藤 健", "代表", ""});
    run(CreateContract{"c1", "第2026-001号", "運用保守業務委託", "情報政策課", "nagano-city", "acme", "2026-04-01",
                       "2027-03-31", "運用保守", "nagano", ""});
    run(AddSubcontractor{"c1", "sub", "acme"});
    Roster r;
    r.responsible = "p-boss";
    r.information_manager = "p-mgr";
    r.workers = {{"p-w1", "運用監視", "2026-04-01", ""}, {"p-w2", "移行", "2026-04-01", "2026-09-30"}};
    r.locations = {{"hq", "本社", "長野市", false, ""}};
    run(SubmitRoster{"c1", "acme", r, "届出"});
    Roster s;
    s.responsible = "p-sub";
    s.information_manager = "p-sub";
    s.locations = {{"office", "作業室", "長野市", false, ""}};
    run(SubmitRoster{"c1", "sub", s, "届出"});
  }

  void run(const Command& command) {
    auto events = decide(state_, command, Actor::system(), now_);
    ASSERT_TRUE(events.ok()) << events.error().code;
    for (const auto& event : *events) ASSERT_TRUE(apply(state_, event, state_.next_index).ok());
  }

  void refused(const Command& command, const std::string& code) {
    const auto before = state_.next_index;
    auto events = decide(state_, command, Actor::system(), now_);
    ASSERT_FALSE(events.ok()) << "expected " << code;
    EXPECT_EQ(events.error().code, code) << events.error().describe();
    EXPECT_FALSE(events.error().message_ja.empty());
    EXPECT_EQ(state_.next_index, before);
  }

  static std::chrono::year_month_day day(const char* text) { return parse_date(text).release_value(); }

  State state_;
  Timestamp now_ = from_unix_micros(1'790'000'000'000'000);
};

TEST_F(ContractRoles, TheRosterGivesResponsibleManagerAndWorkerRoles) {
  EXPECT_EQ(state_.roles_of("p-boss", "c1"), (Roles{"responsible"}));
  EXPECT_EQ(state_.roles_of("p-mgr", "c1"), (Roles{"information_manager"}));
  EXPECT_EQ(state_.roles_of("p-w1", "c1"), (Roles{"worker"}));
  EXPECT_EQ(state_.roles_of("p-sub", "c1"), (Roles{"responsible", "information_manager"}));
  EXPECT_TRUE(state_.roles_of("p-city", "c1").empty());  // the city's people hold only granted roles
  EXPECT_TRUE(state_.roles_of("p-w1", "no-such-contract").empty());
}

TEST_F(ContractRoles, OnlyTheLatestRosterVersionCounts) {
  Roster r;
  r.responsible = "p-mgr";
  r.information_manager = "p-mgr";
  r.workers = {{"p-w2", "移行", "2026-04-01", ""}};
  r.locations = {{"hq", "本社", "長野市", false, ""}};
  run(SubmitRoster{"c1", "acme", r, "体制変更"});
  EXPECT_TRUE(state_.roles_of("p-boss", "c1").empty());
  EXPECT_TRUE(state_.roles_of("p-w1", "c1").empty());
  EXPECT_EQ(state_.roles_of("p-mgr", "c1"), (Roles{"responsible", "information_manager"}));
}

TEST_F(ContractRoles, AWorkerCountsOnlyWhileTheirPeriodHoldsWhenTheDayIsGiven) {
  EXPECT_EQ(state_.roles_of("p-w2", "c1"), (Roles{"worker"}));
  EXPECT_EQ(state_.roles_of("p-w2", "c1", day("2026-09-30")), (Roles{"worker"}));
  EXPECT_TRUE(state_.roles_of("p-w2", "c1", day("2026-10-01")).empty());
  EXPECT_TRUE(state_.roles_of("p-w1", "c1", day("2026-03-31")).empty());  // not started yet
  EXPECT_EQ(state_.roles_of("p-w1", "c1", day("2030-01-01")), (Roles{"worker"}));
}

TEST_F(ContractRoles, APersonWhoLeavesHoldsNoRoleAnyMore) {
  run(GrantRole{"p-city", "c1", "city_officer"});
  run(RecordDeparture{"p-w1", "left", "2026-06-30"});
  run(RecordDeparture{"p-city", "transferred", "2026-06-30"});
  EXPECT_TRUE(state_.roles_of("p-w1", "c1").empty());
  EXPECT_TRUE(state_.roles_of("p-city", "c1").empty());
}

TEST_F(ContractRoles, CityRolesAreGrantedAndRevokedForTheContractsCityPeople) {
  run(GrantRole{"p-city", "c1", "city_officer"});
  run(GrantRole{"p-city", "c1", "city_auditor"});
  EXPECT_EQ(state_.roles_of("p-city", "c1"), (Roles{"city_auditor", "city_officer"}));
  run(RevokeRole{"p-city", "c1", "city_officer"});
  EXPECT_EQ(state_.roles_of("p-city", "c1"), (Roles{"city_auditor"}));
  run(RevokeRole{"p-city", "c1", "city_auditor"});
  EXPECT_TRUE(state_.roles_of("p-city", "c1").empty());
  EXPECT_TRUE(state_.role_grants.empty());
}

TEST_F(ContractRoles, GrantsThatBreakTheRulesAreRefused) {
  refused(GrantRole{"p-boss", "c1", "city_officer"}, "role.not_city_person");
  refused(GrantRole{"p-other", "c1", "city_officer"}, "role.not_city_person");  // another city's officer
  refused(GrantRole{"p-city", "c1", "responsible"}, "role.invalid");
  refused(GrantRole{"p-city", "c1", "admin"}, "role.invalid");
  refused(GrantRole{"p-city", "c9", "city_officer"}, "contract.unknown");
  refused(GrantRole{"p-nobody", "c1", "city_officer"}, "person.unknown");
  refused(RevokeRole{"p-city", "c1", "city_officer"}, "role.not_granted");
  run(GrantRole{"p-city", "c1", "city_approver"});
  refused(GrantRole{"p-city", "c1", "city_approver"}, "role.already_granted");
  run(RecordDeparture{"p-city", "transferred", "2026-06-30"});
  refused(GrantRole{"p-city", "c1", "city_officer"}, "role.person_departed");
}

TEST_F(ContractRoles, TokensAreIssuedOnlyWithinTheUsersOrganisationAndItsContracts) {
  run(RegisterUser{"yamada", "p-boss"});
  run(RegisterUser{"city", "p-city"});
  refused(CreateToken{"tok-1", "yamada", "sub", "", "x"}, "token.not_member");
  refused(CreateToken{"tok-1", "yamada", "acme", "c9", "x"}, "contract.unknown");
  refused(CreateToken{"tok-1", "nobody", "acme", "", "x"}, "user.unknown");
  refused(CreateToken{"Bad Id", "yamada", "acme", "", "x"}, "id.invalid");
  run(CreateToken{"tok-1", "yamada", "acme", "c1", "roster sync"});
  refused(CreateToken{"tok-1", "yamada", "acme", "", "x"}, "token.exists");
  EXPECT_EQ(state_.tokens.at("tok-1").contract, "c1");
  run(RevokeToken{"tok-1"});
  EXPECT_TRUE(state_.tokens.at("tok-1").revoked);
  refused(RevokeToken{"tok-1"}, "token.already_revoked");
  refused(RecordTokenUse{"tok-1"}, "token.unknown");
  // An administrator may issue a token for another organisation, within its contracts only.
  run(GrantAdmin{"city"});
  refused(CreateToken{"tok-2", "city", "other-city", "c1", ""}, "token.contract_not_party");
  run(CreateToken{"tok-2", "city", "sub", "c1", ""});
  run(DisableUser{"yamada"});
  EXPECT_TRUE(state_.user("yamada")->disabled);
  refused(CreateToken{"tok-3", "yamada", "acme", "", ""}, "user.disabled");
  refused(DisableUser{"yamada"}, "user.already_disabled");
}

TEST_F(ContractRoles, ATokenRecordedBeforeScopesExistedMayDecideAndReportAccesses) {
  run(RegisterUser{"yamada", "p-boss"});
  // token.created as it was recorded before tokens had scopes: no "scopes" member.
  Event old{"token.created",
            1,
            "cli:root",
            now_,
            "",
            {{"id", "tok-old"}, {"login", "yamada"}, {"organisation", "acme"}, {"contract", ""}, {"label", "gate"}}};
  ASSERT_TRUE(apply(state_, old, state_.next_index).ok());
  EXPECT_EQ(state_.tokens.at("tok-old").scopes, (std::set{TokenScope::Decide, TokenScope::AccessReport}));
  run(CreateToken{"tok-new", "yamada", "acme", "", "", {"read"}});
  EXPECT_EQ(state_.tokens.at("tok-new").scopes, std::set{TokenScope::Read});
  refused(CreateToken{"tok-bad", "yamada", "acme", "", "", {"admin"}}, "token.scope_invalid");
}

TEST_F(ContractRoles, SignInRecordsNameOnlyExistingUsersAndKnownReasons) {
  run(RegisterUser{"yamada", "p-boss"});
  run(RecordSignIn{"yamada", "192.0.2.1", "password"});
  run(RecordSignInFailure{"", "192.0.2.1", "unknown_login"});
  refused(RecordSignInFailure{"correct horse battery", "192.0.2.1", "unknown_login"}, "user.unknown");
  refused(RecordSignInFailure{"yamada", "192.0.2.1", "because"}, "auth.reason_invalid");
  refused(RecordSignIn{"yamada", "192.0.2.1", "telepathy"}, "auth.method_invalid");
}

}  // namespace
}  // namespace itaku::testing
