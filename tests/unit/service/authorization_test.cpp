// Who may execute what is decided by the service for every transport (domain::may_execute):
// these tests execute commands directly, as a page, a route or the CLI would, and check that
// the rule holds without any transport's help.

#include <gtest/gtest.h>

#include "itaku/domain/authorization.hpp"
#include "itaku/ledger/keys.hpp"
#include "itaku/service/demo.hpp"
#include "itaku/service/service.hpp"
#include "service_fixture.hpp"
#include "support/temp_dir.hpp"
#include "support/test_databases.hpp"

namespace itaku::testing {
namespace {

using namespace domain;

Principal token(const std::string& organisation) {
  Principal p;
  p.kind = PrincipalKind::Token;
  p.login = "kobayashi";
  p.token_id = "tok-1";
  p.token_organisation = organisation;
  p.token_scopes = {TokenScope::Read, TokenScope::Decide, TokenScope::AccessReport};
  return p;
}

// One value of every command, aimed at the demo's contract.
template <std::size_t... I>
std::vector<Command> every_command(std::index_sequence<I...>) {
  return {Command(std::in_place_index<I>)...};
}
std::vector<Command> every_command() { return every_command(std::make_index_sequence<std::variant_size_v<Command>>{}); }

class ExecuteAuthorization : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = storage::open_database(fresh_database_url(storage::Backend::Sqlite, dir_.path())).release_value();
    ASSERT_TRUE(storage::migrate(*database_).ok());
    auto signer = ledger::create_signing_key(dir_.path(), "authorization.test/ledger").release_value();
    ASSERT_TRUE(ledger::initialise_ledger(*database_, signer, clock_).ok());
    ledger_ =
        ledger::Ledger::open(*database_, ledger::load_signing_key(dir_.path()).release_value(), clock_).release_value();
    service_ = service::Service::open(*database_, *ledger_, clock_).release_value();
    ASSERT_TRUE(service::load_demo(*service_).ok());
    ASSERT_TRUE(
        service_->execute(GrantRole{"p-kobayashi", "nagano-2026-001", "city_officer"}, Principal::system()).ok());
  }

  // The error code of executing `command` as `principal`, "" when it was recorded; a refusal
  // must leave the ledger as it was.
  std::string refusal(const Command& command, const Principal& principal) {
    const auto size = ledger_->size();
    auto done = service_->execute(command, principal);
    if (done) return "";
    EXPECT_EQ(ledger_->size(), size);
    return done.error().code;
  }

  TempDir dir_;
  SimulatedClock clock_{from_unix_micros(1'790'000'000'000'000)};
  std::unique_ptr<storage::Database> database_;
  std::unique_ptr<ledger::Ledger> ledger_;
  std::unique_ptr<service::Service> service_;
};

TEST_F(ExecuteAuthorization, AnApiTokenExecutesNoCommandWhateverItsScopes) {
  for (const auto& command : every_command())
    EXPECT_EQ(refusal(command, token("nagano-city")), "auth.forbidden") << command.index();
}

TEST_F(ExecuteAuthorization, APersonWithNoRoleOnTheContractIsToldItDoesNotExist) {
  // 高橋 works for 木更津市: 長野市's contract is not theirs to see.
  const auto takahashi = person("p-takahashi");
  EXPECT_EQ(refusal(DefineAssetClass{"nagano-2026-001", {}}, takahashi), "contract.unknown");
  EXPECT_EQ(refusal(ChangeContractState{"nagano-2026-001", ContractState::Closing}, takahashi), "contract.unknown");
  EXPECT_EQ(refusal(SubmitRoster{"nagano-2026-001", "shinano-is", {}, "x"}, takahashi), "contract.unknown");
}

TEST_F(ExecuteAuthorization, AContractorsWorkerCannotActForTheCityOrForAnotherParty) {
  const auto suzuki = person("p-suzuki");
  EXPECT_EQ(refusal(DefineAssetClass{"nagano-2026-001", {}}, suzuki), "auth.forbidden");
  EXPECT_EQ(refusal(AcknowledgeRoster{"nagano-2026-001", "shinano-is", 2, "p-suzuki"}, suzuki), "auth.forbidden");
  EXPECT_EQ(refusal(ChangeContractState{"nagano-2026-001", ContractState::Closing}, suzuki), "auth.forbidden");
  // A worker does not keep the roster; the subcontractor's responsible person keeps only theirs.
  EXPECT_EQ(refusal(SubmitRoster{"nagano-2026-001", "shinano-is", {}, "x"}, suzuki), "auth.forbidden");
  EXPECT_EQ(refusal(SubmitRoster{"nagano-2026-001", "shinano-is", {}, "x"}, person("p-ito")), "auth.forbidden");
  // The instance's records are the administrator's.
  EXPECT_EQ(refusal(RegisterOrganisation{"x-co", "contractor", "X", ""}, suzuki), "auth.forbidden");
  EXPECT_EQ(refusal(GrantRole{"p-suzuki", "nagano-2026-001", "city_officer"}, suzuki), "auth.forbidden");
}

TEST_F(ExecuteAuthorization, APersonActsAsThemselfOnly) {
  // 小林 holds city_officer and may acknowledge, but not in 高橋's name.
  EXPECT_EQ(refusal(AcknowledgeRoster{"nagano-2026-001", "shinano-is", 2, "p-takahashi"}, person("p-kobayashi")),
            "auth.forbidden");
  EXPECT_EQ(refusal(AcknowledgeRoster{"nagano-2026-001", "shinano-is", 2, "p-kobayashi"}, person("p-kobayashi")), "");
}

TEST_F(ExecuteAuthorization, TheRightPersonIsRecordedAsTheActor) {
  Roster roster =
      service_->read([](const State& s) { return s.latest_roster("nagano-2026-001", "zenkoji-data")->roster; });
  roster.workers.front().work = "移行データの入力・照合（二次）";
  const auto index =
      service_->execute(SubmitRoster{"nagano-2026-001", "zenkoji-data", roster, "作業内容の変更"}, person("p-ito"));
  ASSERT_TRUE(index.ok()) << index.error().describe();
  EXPECT_NE(ledger_->entry(*index).value().find(R"("actor":"person:p-ito")"), std::string::npos);
}

TEST_F(ExecuteAuthorization, PermitsOffersOnlyWhatWouldBeAccepted) {
  const AcknowledgeTransfer again{"nagano-2026-001", "t-0001", "p-yamada"};
  service_->read([&](const State& s) {
    // Already acknowledged (the demo did): the rule allows 山田, the command itself does not.
    EXPECT_TRUE(may_execute(s, person("p-yamada"), again).ok());
    EXPECT_FALSE(permits(s, person("p-yamada"), again, clock_.now()));
    return 0;
  });
}

// ID badges (木更津市 第11条(1)) are the holder's own party's to handle — its responsible person
// and information manager, as its roster is — or the city's.
TEST_F(ExecuteAuthorization, ABadgeIsHandledByTheHoldersOwnPartyOrTheCity) {
  const auto issue = [](const std::string& number, const std::string& holder) {
    return IssueBadge{"nagano-2026-001", number, holder, "2026-09-21", "2027-03-31"};
  };
  // A worker does not issue badges, not even their own; nobody issues another party's.
  EXPECT_EQ(refusal(issue("NG-1", "p-suzuki"), person("p-suzuki")), "auth.forbidden");
  EXPECT_EQ(refusal(issue("NG-1", "p-suzuki"), person("p-ito")), "auth.forbidden");
  EXPECT_EQ(refusal(issue("NG-1", "p-ito"), person("p-yamada")), "auth.forbidden");
  EXPECT_EQ(refusal(issue("NG-1", "p-suzuki"), person("p-takahashi")), "contract.unknown");
  EXPECT_EQ(refusal(issue("NG-1", "p-suzuki"), person("p-yamada")), "");
  EXPECT_EQ(refusal(issue("NG-2", "p-ito"), person("p-ito")), "");
  EXPECT_EQ(refusal(issue("NG-3", "p-kato"), person("p-kobayashi")), "");

  // A badge of a party the principal does not read does not exist for them.
  EXPECT_EQ(refusal(ReturnBadge{"nagano-2026-001", "NG-1"}, person("p-ito")), "badge.unknown");
  EXPECT_EQ(refusal(ReturnBadge{"nagano-2026-001", "NG-1"}, person("p-suzuki")), "auth.forbidden");
  // The engaging party reads its subcontractor's badges but does not handle them.
  EXPECT_EQ(refusal(ReturnBadge{"nagano-2026-001", "NG-2"}, person("p-yamada")), "auth.forbidden");
  EXPECT_EQ(refusal(ReportBadgeLost{"nagano-2026-001", "NG-1", "紛失"}, person("p-sato")), "");
  EXPECT_EQ(refusal(ReturnBadge{"nagano-2026-001", "NG-2"}, person("p-kobayashi")), "");
  EXPECT_EQ(refusal(ReturnBadge{"nagano-2026-001", "NG-3"}, person("p-ito")), "badge.unknown");
  EXPECT_EQ(refusal(ReportBadgeLost{"nagano-2026-001", "NG-3", ""}, person("p-yamada")), "");
}

// The city's written approvals: a party's responsible person or information manager asks for
// their own party; only the city's approver decides and revokes; a request of a party the
// principal does not read does not exist for them.
TEST_F(ExecuteAuthorization, ApprovalsAreAskedByAPartysManagersAndDecidedByTheCitysApprover) {
  const auto take_out = [](const std::string& id, const std::string& organisation, const std::string& who) {
    return RequestApproval{"nagano-2026-001",    id,           "take_out", organisation, "障害調査",
                           {"juminhyo-2026-04"}, {},           {who},      {"USB-012"},  "本社 開発室",
                           "2026-10-01",         "2026-10-31", 0,          {"暗号化"},   ""};
  };
  EXPECT_EQ(refusal(take_out("a-1", "", "p-suzuki"), person("p-suzuki")), "auth.forbidden");  // a worker
  EXPECT_EQ(refusal(take_out("a-1", "shinano-is", "p-suzuki"), person("p-ito")), "auth.forbidden");
  EXPECT_EQ(refusal(take_out("a-1", "", "p-suzuki"), person("p-takahashi")), "contract.unknown");
  EXPECT_EQ(refusal(take_out("a-1", "", "p-suzuki"), person("p-yamada")), "");
  EXPECT_EQ(refusal(take_out("a-2", "", "p-ito"), person("p-ito")), "");

  const DecideApproval approve{"nagano-2026-001", "a-1", ApprovalOutcome::Approved, "", ""};
  // 小林 is the contract's officer here, not its approver; a contractor never decides.
  EXPECT_EQ(refusal(approve, person("p-kobayashi")), "auth.forbidden");
  EXPECT_EQ(refusal(approve, person("p-yamada")), "auth.forbidden");
  // The subcontractor does not see the contractor's request.
  EXPECT_EQ(refusal(WithdrawApproval{"nagano-2026-001", "a-1", ""}, person("p-ito")), "approval.unknown");
  ASSERT_TRUE(
      service_->execute(GrantRole{"p-kobayashi", "nagano-2026-001", "city_approver"}, Principal::system()).ok());
  EXPECT_EQ(refusal(approve, person("p-kobayashi")), "");
  EXPECT_EQ(refusal(RevokeApproval{"nagano-2026-001", "a-1", "誤り"}, person("p-yamada")), "auth.forbidden");
  EXPECT_EQ(refusal(RevokeApproval{"nagano-2026-001", "a-1", "誤り"}, person("p-kobayashi")), "");
  // The engaging party reads its subcontractor's request but does not withdraw it.
  EXPECT_EQ(refusal(WithdrawApproval{"nagano-2026-001", "a-2", ""}, person("p-yamada")), "auth.forbidden");
  EXPECT_EQ(refusal(WithdrawApproval{"nagano-2026-001", "a-2", ""}, person("p-ito")), "");
}

// People's obligations (長野市 第4, 第10; 木更津市 第7条): a party keeps its own people's training,
// acknowledgements, pledges and new hires; a worker acknowledges for themself only.
TEST_F(ExecuteAuthorization, PeoplesObligationsAreKeptByTheirOwnParty) {
  const auto course = [](const std::string& id, const std::string& organisation) {
    return DefineCourse{"nagano-2026-001", id, organisation, "研修", "", "", "", {}, ""};
  };
  EXPECT_EQ(refusal(course("c1", "shinano-is"), person("p-ito")), "auth.forbidden");
  EXPECT_EQ(refusal(course("c1", "shinano-is"), person("p-suzuki")), "auth.forbidden");
  EXPECT_EQ(refusal(course("c1", "shinano-is"), person("p-yamada")), "");
  EXPECT_EQ(refusal(course("c2", "zenkoji-data"), person("p-ito")), "");
  EXPECT_EQ(refusal(course("c3", "shinano-is"), person("p-kobayashi")), "");

  const auto session = [](const std::string& course_id, const std::string& who) {
    return RecordTrainingSession{"nagano-2026-001", "", course_id, "2026-09-01", "", "", {who}, {}};
  };
  // The engaging party does not record its subcontractor's people; a subcontractor does not see
  // the contractor's courses.
  EXPECT_EQ(refusal(session("c1", "p-watanabe"), person("p-yamada")), "auth.forbidden");
  EXPECT_EQ(refusal(session("c1", "p-watanabe"), person("p-ito")), "course.unknown");
  EXPECT_EQ(refusal(session("c2", "p-watanabe"), person("p-ito")), "");
  EXPECT_EQ(refusal(session("c1", "p-suzuki"), person("p-suzuki")), "auth.forbidden");
  EXPECT_EQ(refusal(session("c1", "p-suzuki"), person("p-yamada")), "");

  const auto hash = service_->read([](const State& s) { return s.contract("kisarazu-2026-014")->provisions.hash; });
  EXPECT_EQ(refusal(AcknowledgeProvisions{"kisarazu-2026-014", "p-suzuki", hash}, person("p-tanaka")),
            "auth.forbidden");
  EXPECT_EQ(refusal(AcknowledgeProvisions{"kisarazu-2026-014", "p-suzuki", hash}, person("p-suzuki")), "");
  EXPECT_EQ(refusal(AcknowledgeProvisions{"kisarazu-2026-014", "p-tanaka", hash}, person("p-yamada")), "");

  const RecordPledge nda{
      "kisarazu-2026-014", "p-suzuki", "nda", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
      "2026-06-01",        ""};
  EXPECT_EQ(refusal(nda, person("p-tanaka")), "auth.forbidden");
  EXPECT_EQ(refusal(nda, person("p-yamada")), "");

  // A new hire of one's own organisation only, by its responsible person or information manager.
  EXPECT_EQ(refusal(RegisterPerson{"p-new1", "zenkoji-data", "新人", "", ""}, person("p-yamada")), "auth.forbidden");
  EXPECT_EQ(refusal(RegisterPerson{"p-new1", "shinano-is", "新人", "", ""}, person("p-suzuki")), "auth.forbidden");
  EXPECT_EQ(refusal(RegisterPerson{"p-new1", "shinano-is", "新人", "", ""}, person("p-yamada")), "");
  EXPECT_EQ(refusal(RegisterPerson{"p-new2", "zenkoji-data", "新人", "", ""}, person("p-ito")), "");

  // A person's training is read by the city and their own party's readers, never another's.
  service_->read([&](const State& s) {
    const auto& c = *s.contract("nagano-2026-001");
    const auto reads = [&](const Principal& p, const std::string& who) {
      return may_read_obligations(s, contract_access(s, p, c), who);
    };
    EXPECT_TRUE(reads(person("p-kobayashi"), "p-suzuki"));
    EXPECT_TRUE(reads(person("p-yamada"), "p-watanabe"));
    EXPECT_FALSE(reads(person("p-ito"), "p-suzuki"));
    EXPECT_TRUE(reads(person("p-ito"), "p-watanabe"));
  });
}

TEST_F(ExecuteAuthorization, AContractorNeverSeesAnotherContractorsBadges) {
  ASSERT_TRUE(
      service_->execute(RegisterOrganisation{"other-co", "contractor", "株式会社ほか", ""}, Principal::system()).ok());
  ASSERT_TRUE(service_->execute(RegisterPerson{"p-other", "other-co", "他社 一郎", "", ""}, Principal::system()).ok());
  const auto issued = service_->execute(IssueBadge{"nagano-2026-001", "NG-1", "p-suzuki", "2026-09-21", "2027-03-31"},
                                        person("p-yamada"));
  ASSERT_TRUE(issued.ok()) << issued.error().describe();
  EXPECT_EQ(refusal(ReturnBadge{"nagano-2026-001", "NG-1"}, person("p-other")), "contract.unknown");
  const auto entry = ledger_->entry(*issued).value();
  service_->read([&](const State& s) {
    const auto& badge = s.contract("nagano-2026-001")->badges.at("NG-1");
    const auto readable = [&](const Principal& p) {
      return may_read_badge(contract_access(s, p, *s.contract("nagano-2026-001")), badge);
    };
    EXPECT_TRUE(readable(person("p-yamada")));
    EXPECT_TRUE(readable(person("p-suzuki")));
    EXPECT_TRUE(readable(person("p-kobayashi")));
    EXPECT_FALSE(readable(person("p-ito")));
    EXPECT_FALSE(readable(person("p-other")));
    // The ledger entry is read by the same rule.
    EXPECT_TRUE(may_read_entry(s, person("p-kobayashi"), entry));
    EXPECT_FALSE(may_read_entry(s, person("p-ito"), entry));
    EXPECT_FALSE(may_read_entry(s, person("p-other"), entry));
    return 0;
  });
}

}  // namespace
}  // namespace itaku::testing
