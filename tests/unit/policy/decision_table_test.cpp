// The decision table: every file in tests/cases/decisions holds cases, each a request and the
// answer expected, decided against the demo (長野市 and 木更津市 contracts) with a few more facts
// (a worker who left, a contract whose work has ended). Adding a case needs no C++.
//
//   case <name>
//   contract <id>          person <id>        action <read|write|…>
//   asset <id> | class <id or name>
//   location <id>          purpose <text>     device <id>       time <UTC, default 2026-09-21T01:00:00Z>
//   expect allow | deny <reason code> <clause as cited, e.g. 長野市 第4>
//   also <reason code>     (another reason the denial must list)
//   obligation <code>      (an obligation the allow must carry)
//
// Every field line is "key value"; lines starting with # are comments; a blank line ends a case.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include "itaku/ledger/keys.hpp"
#include "itaku/policy/policy.hpp"
#include "itaku/service/demo.hpp"
#include "itaku/service/service.hpp"
#include "support/case_file.hpp"
#include "support/temp_dir.hpp"

namespace itaku::testing {
namespace {

using namespace domain;

struct Case {
  std::string file;
  int line = 0;
  std::string name;
  policy::Request request;
  std::string effect;
  std::string reason, clause;
  std::vector<std::string> also, obligations;
};

std::vector<Case> load_cases() {
  std::vector<Case> cases;
  const auto texts = read_case_files(ITAKU_CASES_DIR);
  for (const auto& problem : texts.problems) ADD_FAILURE() << problem;
  for (const auto& text : texts.cases) {
    for (const auto& problem : text.problems) ADD_FAILURE() << text.file << ":" << problem;
    auto& current = cases.emplace_back(Case{text.file, text.line, text.name, {}, "", "", "", {}, {}});
    auto& r = current.request;
    r.at = parse_utc("2026-09-21T01:00:00Z").release_value();
    for (const auto& [key, line] : text.lines) {
      const auto& value = line.text;
      const auto number = line.number;
      const auto& path = text.file;
      if (key == "contract")
        r.contract = value;
      else if (key == "person")
        r.person = value;
      else if (key == "action") {
        auto action = action_from(value);
        if (!action) ADD_FAILURE() << path << ":" << number << ": unknown action " << value;
        r.action = action.value_or(Action::Read);
      } else if (key == "asset")
        r.asset = value;
      else if (key == "class")
        r.asset_class = value;
      else if (key == "location")
        r.location = value;
      else if (key == "purpose")
        r.purpose = value;
      else if (key == "device")
        r.device = value;
      else if (key == "time")
        r.at = parse_utc(value).release_value();
      else if (key == "expect") {
        std::istringstream words(value);
        words >> current.effect >> current.reason;
        std::getline(words >> std::ws, current.clause);
      } else if (key == "also")
        current.also.push_back(value);
      else if (key == "obligation")
        current.obligations.push_back(value);
      else
        ADD_FAILURE() << path << ":" << number << ": unknown key " << key;
    }
  }
  return cases;
}

// The demo, plus: 加藤 (p-kato) left on 2026-09-01; contract nagano-2025-003 has ended its
// work (closing) and nagano-2027-001 is still a draft, each with 鈴木 (p-suzuki) on the roster.
class DecisionTable : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    clock_ = new SimulatedClock(from_unix_micros(1'790'000'000'000'000));
    database_ = storage::open_database("sqlite:" + (dir_->path() / "itaku.db").string()).release_value().release();
    ASSERT_TRUE(storage::migrate(*database_).ok());
    auto signer = ledger::create_signing_key(dir_->path(), "cases.test/ledger").release_value();
    ASSERT_TRUE(ledger::initialise_ledger(*database_, signer, *clock_).ok());
    ledger_ = ledger::Ledger::open(*database_, ledger::load_signing_key(dir_->path()).release_value(), *clock_)
                  .release_value()
                  .release();
    service_ = service::Service::open(*database_, *ledger_, *clock_).release_value().release();
    auto loaded = service::load_demo(*service_);
    ASSERT_TRUE(loaded.ok()) << loaded.error().describe();
    auto run = [](const Command& command) {
      auto done = service_->execute(command, domain::Principal::system());
      ASSERT_TRUE(done.ok()) << done.error().describe();
    };
    run(RecordDeparture{"p-kato", "left", "2026-09-01"});
    // 佐藤 (p-sato) took a course valid for a year on 2025-09-01: valid until 2026-08-31.
    run(DefineCourse{"nagano-2026-001", "c-annual", "shinano-is", "個人情報保護研修", "", "", "", {}, "P1Y"});
    run(RecordTrainingSession{"nagano-2026-001", "s-2025", "c-annual", "2025-09-01", "", "", {"p-sato"}, {}});
    Roster roster;
    roster.responsible = "p-yamada";
    roster.information_manager = "p-sato";
    roster.workers = {{"p-suzuki", "運用監視", "2025-04-01", ""}};
    roster.locations = {{"hq", "本社 開発室", "長野県長野市南長野1-2-3", false, ""}};
    roster.access = {{"一般", "p-suzuki", "use"}};
    for (const auto& [id, from, until] : {std::tuple{"nagano-2025-003", "2025-04-01", "2026-03-31"},
                                          std::tuple{"nagano-2027-001", "2026-04-01", "2027-03-31"}}) {
      run(CreateContract{id, id, "試験契約", "総務部 情報政策課", "nagano-city", "shinano-is", from, until, "試験",
                         "nagano", ""});
      run(SubmitRoster{id, "shinano-is", roster, "届出"});
    }
    run(ChangeContractState{"nagano-2025-003", ContractState::Active});
    run(ChangeContractState{"nagano-2025-003", ContractState::Closing});

    // 例示市 (tests/cases/provisions/valid/reishi.toml): controls that name the conditions they
    // are cited for, and a copy approval required for the city's assets only.
    std::ifstream in(ITAKU_PROVISIONS_EXAMPLE, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    run(ImportProvisions{text.str()});
    run(CreateContract{"reishi-2026-001", "例示市委第2026-001号", "試験契約", "総務部 情報政策課", "nagano-city",
                       "shinano-is", "2026-04-01", "2027-03-31", "試験", "reishi", ""});
    AssetClass documents;
    documents.id = "documents";
    documents.name = "業務資料";
    documents.actions[Action::Read] = {{ConditionKind::OnRoster, ""}, {ConditionKind::LocationRegistered, ""}};
    documents.actions[Action::Write] = {{ConditionKind::OnRoster, ""}, {ConditionKind::TrainingValid, ""}};
    documents.actions[Action::Copy] = {{ConditionKind::OnRoster, ""}, {ConditionKind::Approval, "copy"}};
    documents.actions[Action::TakeOut] = {{ConditionKind::OnRoster, ""}, {ConditionKind::Approval, "take_out"}};
    // Printing them needs the provisions acknowledged, which 鈴木 has.
    documents.actions[Action::Print] = {{ConditionKind::OnRoster, ""}, {ConditionKind::ProvisionsAcknowledged, ""}};
    run(DefineAssetClass{"reishi-2026-001", documents});
    roster.access = {{"documents", "p-suzuki", "use"}};
    run(SubmitRoster{"reishi-2026-001", "shinano-is", roster, "届出"});
    const auto hash = service_->read([](const State& s) { return s.contract("reishi-2026-001")->provisions.hash; });
    run(AcknowledgeProvisions{"reishi-2026-001", "p-suzuki", hash});
    run(RegisterAsset{"reishi-2026-001", "provided", "documents", "市から提供された名簿", "city", "", "紙", "1",
                      "p-kobayashi", "市役所"});
    run(RegisterAsset{"reishi-2026-001", "made", "documents", "作成した設計書", "created", "", "電子ファイル", "1",
                      "p-suzuki", "hq"});
    // The city approved for 鈴木, in October 2026: two copies of the 統計表 it provided, and taking
    // it out on the encrypted USB memory usb-7.
    run(RegisterAsset{"reishi-2026-001", "census", "documents", "市から提供された統計表", "city", "", "紙", "1",
                      "p-kobayashi", "市役所"});
    run(RequestApproval{"reishi-2026-001",
                        "a-copy",
                        "copy",
                        "shinano-is",
                        "集計のため複写する",
                        {"census"},
                        {},
                        {"p-suzuki"},
                        {},
                        "",
                        "2026-10-01",
                        "2026-10-31",
                        2,
                        {"施錠保管"},
                        ""});
    run(DecideApproval{"reishi-2026-001", "a-copy", ApprovalOutcome::Approved, "", ""});
    run(RequestApproval{"reishi-2026-001",
                        "a-out",
                        "take_out",
                        "shinano-is",
                        "本社で集計する",
                        {"census"},
                        {},
                        {"p-suzuki"},
                        {"usb-7"},
                        "本社 開発室",
                        "2026-10-01",
                        "2026-10-31",
                        0,
                        {"暗号化"},
                        ""});
    run(DecideApproval{"reishi-2026-001", "a-out", ApprovalOutcome::Approved, "", ""});
    // One asked for the census in September was refused: it allows nothing.
    run(RequestApproval{"reishi-2026-001",
                        "a-refused",
                        "copy",
                        "shinano-is",
                        "確認用",
                        {"census"},
                        {},
                        {"p-suzuki"},
                        {},
                        "",
                        "2026-09-01",
                        "2026-09-30",
                        1,
                        {"施錠保管"},
                        ""});
    run(DecideApproval{"reishi-2026-001", "a-refused", ApprovalOutcome::Refused, "", "庁内で確認できるため"});

    // reishi-2026-002: 鈴木 and 山田 acknowledged the provisions before the contract was
    // amended (変更契約), and its 秘密文書 need an NDA (木更津市 第2条-2), which only 鈴木 signed.
    run(CreateContract{"reishi-2026-002", "例示市委第2026-002号", "試験契約", "総務部 情報政策課", "nagano-city",
                       "shinano-is", "2026-04-01", "2027-03-31", "試験", "reishi", ""});
    AssetClass secret;
    secret.id = "secret";
    secret.name = "秘密文書";
    secret.actions[Action::Read] = {{ConditionKind::OnRoster, ""}, {ConditionKind::NdaSigned, ""}};
    secret.actions[Action::Print] = {{ConditionKind::OnRoster, ""}, {ConditionKind::ProvisionsAcknowledged, ""}};
    run(DefineAssetClass{"reishi-2026-002", secret});
    roster.access = {{"secret", "p-suzuki", "use"}, {"secret", "p-yamada", "use"}};
    run(SubmitRoster{"reishi-2026-002", "shinano-is", roster, "届出"});
    run(AcknowledgeProvisions{"reishi-2026-002", "p-suzuki", hash});
    run(AcknowledgeProvisions{"reishi-2026-002", "p-yamada", hash});
    run(AmendContract{"reishi-2026-002", "変更契約（作業範囲の追加）", "", "", ""});
    run(AcknowledgeProvisions{"reishi-2026-002", "p-suzuki", hash});
    run(RecordPledge{"reishi-2026-002", "p-suzuki", "nda",
                     "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "2026-04-01", ""});
    run(RegisterAsset{"reishi-2026-002", "memo", "secret", "打合せ記録", "created", "", "紙", "1", "p-suzuki", "hq"});
  }
  static void TearDownTestSuite() {
    delete service_;
    delete ledger_;
    delete database_;
    delete clock_;
    delete dir_;
  }

  static inline TempDir* dir_ = nullptr;
  static inline SimulatedClock* clock_ = nullptr;
  static inline storage::Database* database_ = nullptr;
  static inline ledger::Ledger* ledger_ = nullptr;
  static inline service::Service* service_ = nullptr;
};

TEST_F(DecisionTable, EveryCaseIsDecidedAsWrittenWithTheClauseOfItsOwnProvisions) {
  const auto cases = load_cases();
  ASSERT_GE(cases.size(), 60u) << "the table covers every condition and action";
  const auto snapshots = service_->snapshots();
  for (const auto& c : cases) {
    SCOPED_TRACE(c.file + ":" + std::to_string(c.line) + " " + c.name);
    const auto snapshot = snapshots->find(c.request.contract);
    const auto d = snapshot ? snapshot->decide(c.request) : policy::contract_unknown(c.request.contract);
    std::string reasons;
    for (const auto& r : d.reasons) reasons += std::string(r.code) + " (" + r.clause + ") ";
    EXPECT_EQ(policy::to_string(d.effect), c.effect) << reasons;
    if (c.effect == "deny") {
      ASSERT_FALSE(d.reasons.empty());
      EXPECT_EQ(d.reasons.front().code, c.reason) << reasons;
      EXPECT_EQ(d.reasons.front().clause, c.clause) << reasons;
      EXPECT_FALSE(d.reasons.front().message_ja.empty());
      for (const auto& also : c.also)
        EXPECT_TRUE(std::any_of(d.reasons.begin(), d.reasons.end(), [&](const auto& r) { return r.code == also; }))
            << also << " missing from " << reasons;
    } else {
      EXPECT_TRUE(d.reasons.empty()) << reasons;
    }
    for (const auto& o : c.obligations)
      EXPECT_TRUE(std::any_of(d.obligations.begin(), d.obligations.end(), [&](const auto& r) { return r.code == o; }))
          << o;
  }
}

// Scopes are held as bit masks for the first 64 classes of a contract and in a list beyond.
TEST_F(DecisionTable, APersonsScopeHoldsForClassesBeyondTheSixtyFourth) {
  auto run = [](const Command& command) {
    auto done = service_->execute(command, domain::Principal::system());
    ASSERT_TRUE(done.ok()) << done.error().describe();
  };
  run(CreateContract{"many-2026", "many-2026", "多数の種類", "総務部", "nagano-city", "shinano-is", "2026-04-01",
                     "2027-03-31", "試験", "nagano", ""});
  AssetClass base;
  base.actions[Action::Read] = {{ConditionKind::OnRoster, ""}};
  base.actions[Action::Write] = {{ConditionKind::OnRoster, ""}};
  for (int i = 0; i < 70; ++i) {
    base.id = "c-" + std::to_string(i);
    base.name = "種類" + std::to_string(i);
    run(DefineAssetClass{"many-2026", base});
  }
  Roster roster;
  roster.responsible = "p-yamada";
  roster.information_manager = "p-sato";
  roster.workers = {{"p-suzuki", "作業", "2026-04-01", ""}};
  roster.locations = {{"hq", "本社", "長野市", false, ""}};
  roster.access = {{"c-68", "p-suzuki", "use"}, {"種類69", "p-suzuki", "view"}, {"c-1", "p-suzuki", "view"}};
  run(SubmitRoster{"many-2026", "shinano-is", roster, "届出"});
  const auto snapshot = service_->snapshots()->find("many-2026");
  ASSERT_NE(snapshot, nullptr);
  auto decide = [&](const char* cls, Action action) {
    policy::Request r;
    r.contract = "many-2026";
    r.person = "p-suzuki";
    r.action = action;
    r.asset_class = cls;
    r.at = parse_utc("2026-09-21T01:00:00Z").release_value();
    const auto d = snapshot->decide(r);
    return d.reasons.empty() ? std::string("allow") : std::string(d.reasons.front().code);
  };
  EXPECT_EQ(decide("c-68", Action::Write), "allow");
  EXPECT_EQ(decide("c-69", Action::Read), "allow");
  EXPECT_EQ(decide("c-69", Action::Write), "decision.view_only");
  EXPECT_EQ(decide("c-67", Action::Read), "decision.class_not_in_scope");
  EXPECT_EQ(decide("c-1", Action::Read), "allow");
  EXPECT_EQ(decide("c-1", Action::Write), "decision.view_only");
  EXPECT_EQ(decide("c-2", Action::Read), "decision.class_not_in_scope");
}

// Every condition and every action appears in the table.
TEST_F(DecisionTable, CoversEveryConditionAndAction) {
  const auto cases = load_cases();
  std::set<std::string> reasons, actions;
  for (const auto& c : cases) {
    reasons.insert(c.reason);
    for (const auto& a : c.also) reasons.insert(a);
    actions.insert(std::string(to_string(c.request.action)));
  }
  for (const auto* code : {"decision.contract_inactive",
                           "decision.person_unknown",
                           "decision.former_worker",
                           "decision.outside_period",
                           "decision.class_not_in_scope",
                           "decision.view_only",
                           "decision.location_missing",
                           "decision.location_unregistered",
                           "decision.device_unmanaged",
                           "decision.device_missing",
                           "decision.device_unconfirmed",
                           "decision.training_missing",
                           "decision.provisions_unacknowledged",
                           "decision.approval_missing",
                           "decision.purpose_missing",
                           "decision.purpose_mismatch",
                           "decision.third_party_prohibited",
                           "decision.asset_unknown",
                           "decision.class_unknown",
                           "decision.contract_unknown"})
    EXPECT_TRUE(reasons.contains(code)) << code;
  for (const auto action : kActions) EXPECT_TRUE(actions.contains(std::string(to_string(action)))) << to_string(action);
}

}  // namespace
}  // namespace itaku::testing
