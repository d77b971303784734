#include <gtest/gtest.h>

#include "domain_fixture.hpp"
#include "itaku/domain/roster_diff.hpp"

namespace itaku::testing {
namespace {

using namespace domain;

TEST_F(DomainTest, OrganisationsAndPeopleAreValidatedWithStableCodes) {
  given_a_contract();
  refused(RegisterOrganisation{"acme", "contractor", "別名", ""}, "organisation.exists");
  refused(RegisterOrganisation{"Bad Id", "contractor", "x", ""}, "id.invalid");
  refused(RegisterOrganisation{"x1", "vendor", "x", ""}, "organisation.kind_invalid");
  refused(RegisterOrganisation{"x2", "city", "", ""}, "field.required");
  refused(RegisterPerson{"p-boss", "acme", "重複", "", ""}, "person.exists");
  refused(RegisterPerson{"p-x", "nobody", "名前", "", ""}, "organisation.unknown");
  refused(RegisterPerson{"p-y", "acme", "名前", "", "not-an-address"}, "person.email_invalid");
}

TEST_F(DomainTest, ContractsAreValidatedAndPinTheProvisionSetContent) {
  given_a_contract();
  const auto* c = state_.contract("c1");
  ASSERT_NE(c, nullptr);
  const auto* set = state_.provision_set("nagano", c->provisions.version);
  ASSERT_NE(set, nullptr);
  EXPECT_EQ(c->provisions.hash, set->content_hash);
  EXPECT_EQ(c->state, ContractState::Draft);
  refused(CreateContract{"c1", "other", "t", "d", "nagano-city", "acme", "2026-04-01", "2027-03-31", "w", "nagano", ""},
          "contract.exists");
  refused(CreateContract{"c2", "第2026-001号", "t", "d", "nagano-city", "acme", "2026-04-01", "2027-03-31", "w",
                         "nagano", ""},
          "contract.number_taken");
  refused(CreateContract{"c2", "n2", "t", "d", "acme", "acme", "2026-04-01", "2027-03-31", "w", "nagano", ""},
          "contract.city_invalid");
  refused(
      CreateContract{"c2", "n2", "t", "d", "nagano-city", "nagano-city", "2026-04-01", "2027-03-31", "w", "nagano", ""},
      "contract.contractor_invalid");
  refused(CreateContract{"c2", "n2", "t", "d", "nagano-city", "acme", "2027-04-01", "2026-03-31", "w", "nagano", ""},
          "contract.period_reversed");
  refused(CreateContract{"c2", "n2", "t", "d", "nagano-city", "acme", "2026-02-30", "2027-03-31", "w", "nagano", ""},
          "date.nonexistent");
  refused(CreateContract{"c2", "n2", "t", "d", "nagano-city", "acme", "2026-04-01", "2027-03-31", "w", "osaka", ""},
          "contract.provisions_unknown");
}

TEST_F(DomainTest, ContractMovesOnlyThroughItsLifecycle) {
  given_a_contract();
  refused(ChangeContractState{"c1", ContractState::Closing}, "contract.invalid_transition");
  run(ChangeContractState{"c1", ContractState::Active});
  refused(ChangeContractState{"c1", ContractState::Active}, "contract.invalid_transition");
  run(ChangeContractState{"c1", ContractState::Closing});
  run(ChangeContractState{"c1", ContractState::Closed});
  EXPECT_EQ(state_.contract("c1")->state, ContractState::Closed);
  refused(SubmitRoster{"c1", "acme", roster(), ""}, "contract.closed");
  refused(ChangeContractState{"nope", ContractState::Active}, "contract.unknown");
}

TEST_F(DomainTest, SubcontractorsNestUnderTheirEngagingParty) {
  given_a_contract();
  refused(AddSubcontractor{"c1", "sub", "nagano-city"}, "contract.parent_invalid");
  run(AddSubcontractor{"c1", "sub", "acme"});
  refused(AddSubcontractor{"c1", "sub", "acme"}, "contract.party_exists");
  refused(AddSubcontractor{"c1", "nagano-city", "acme"}, "contract.subcontractor_invalid");
  const auto* party = state_.contract("c1")->party("sub");
  ASSERT_NE(party, nullptr);
  EXPECT_EQ(party->role, PartyRole::Subcontractor);
  EXPECT_EQ(party->parent, "acme");
}

TEST_F(DomainTest, EveryRosterRuleIsCheckedWithItsClause) {
  given_a_contract();
  auto r = roster();
  r.responsible = "";
  refused(SubmitRoster{"c1", "acme", r, ""}, "roster.responsible_missing");
  r = roster();
  r.information_manager = "";
  refused(SubmitRoster{"c1", "acme", r, ""}, "roster.manager_missing");
  r = roster();
  r.workers.push_back({"p-ghost", "x", "2026-04-01", ""});
  refused(SubmitRoster{"c1", "acme", r, ""}, "roster.person_unknown");
  r = roster();
  r.workers.push_back({"p-city", "x", "2026-04-01", ""});
  refused(SubmitRoster{"c1", "acme", r, ""}, "roster.person_not_in_party");
  r = roster();
  r.workers.push_back({"p-w1", "again", "2026-04-01", ""});
  refused(SubmitRoster{"c1", "acme", r, ""}, "roster.duplicate_worker");
  r = roster();
  r.workers[0].until = "2026-03-01";
  refused(SubmitRoster{"c1", "acme", r, ""}, "roster.period_reversed");
  r = roster();
  r.workers[0].work = "";
  refused(SubmitRoster{"c1", "acme", r, ""}, "field.required");
  r = roster();
  r.locations.clear();
  refused(SubmitRoster{"c1", "acme", r, ""}, "roster.locations_missing");
  r = roster();
  r.locations.push_back(r.locations[0]);
  refused(SubmitRoster{"c1", "acme", r, ""}, "roster.duplicate_location");
  r = roster();
  r.access.push_back({"個人情報", "p-w2", "view"});
  refused(SubmitRoster{"c1", "acme", r, ""}, "roster.access_not_on_roster");
  r = roster();
  r.access[0].permission = "delete";
  refused(SubmitRoster{"c1", "acme", r, ""}, "roster.permission_invalid");
  // A class the contract does not define (a typed name) is refused, naming the row.
  r = roster();
  r.access[0].asset_class = "個人情報類";
  refused(SubmitRoster{"c1", "acme", r, ""}, "roster.class_unknown");
  const auto unknown = refusal(SubmitRoster{"c1", "acme", r, ""});
  EXPECT_EQ(unknown.context.at("asset_class"), "個人情報類");
  EXPECT_EQ(unknown.context.at("person"), "p-w1");
  // A worker's bad date names the worker.
  r = roster();
  r.workers[0].from = "2026-04";
  EXPECT_EQ(refusal(SubmitRoster{"c1", "acme", r, ""}).context.at("person"), "p-w1");
  refused(SubmitRoster{"c1", "nagano-city", roster(), ""}, "roster.party_invalid");
  refused(SubmitRoster{"c1", "sub", roster(), ""}, "roster.party_invalid");  // not yet a party
}

TEST_F(DomainTest, EachRosterChangeIsANewVersionNotifiedToTheCity) {
  given_a_contract();
  auto first = run(SubmitRoster{"c1", "acme", roster(), "当初"});
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].type, "roster.version_submitted");
  EXPECT_EQ(first[1].type, "notification.created");
  EXPECT_EQ(first[1].data["recipient"], "nagano-city");
  EXPECT_NE(std::string(first[1].data["subject_ja"]).find("体制表 第1版"), std::string::npos);

  refused(SubmitRoster{"c1", "acme", roster(), ""}, "roster.unchanged");
  auto r = roster();
  r.workers.push_back({"p-w2", "開発", "2026-05-01", "2026-09-30"});
  r.access.push_back({"機密", "p-w2", "use"});
  r.locations.push_back({"city", "市役所 電算室", "長野市鶴賀緑町1613", true, ""});
  auto second = run(SubmitRoster{"c1", "acme", r, "増員"});
  const auto& versions = state_.contract("c1")->rosters.at("acme");
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[1].version, 2);
  EXPECT_FALSE(versions[1].acknowledged_by.has_value());
  const std::string body = second[1].data["body_ja"];
  EXPECT_NE(body.find("作業者の追加: 田中 美咲 (p-w2)（開発、2026-05-01〜2026-09-30）"), std::string::npos) << body;
  EXPECT_NE(body.find("作業場所の追加: 市役所 電算室"), std::string::npos) << body;
  EXPECT_NE(body.find("機密を利用できる者の追加"), std::string::npos) << body;
}

TEST_F(DomainTest, AWorkLocationsRegisteredHoursAreCheckedKeptAndShownAsAChange) {
  given_a_contract();
  run(SubmitRoster{"c1", "acme", roster(), ""});
  auto r = roster();
  r.locations[0].hours = "17:00-09:00";  // a night shift is two ranges, not one reversed
  refused(SubmitRoster{"c1", "acme", r, ""}, "roster.location_hours_invalid");
  r.locations[0].hours = "09:00-18:00";
  auto second = run(SubmitRoster{"c1", "acme", r, "勤務時間の登録"});
  EXPECT_EQ(state_.contract("c1")->rosters.at("acme").back().roster.locations[0].hours, "09:00-18:00");
  EXPECT_EQ(second[0].data["roster"]["locations"][0]["hours"], "09:00-18:00");
  const std::string body = second[1].data["body_ja"];
  EXPECT_NE(body.find("作業場所の変更: "), std::string::npos) << body;
  EXPECT_NE(body.find("、勤務時間 09:00-18:00）"), std::string::npos) << body;
  // A location without hours is recorded without the key, as before hours existed.
  EXPECT_FALSE(run(SubmitRoster{"c1", "acme", roster(), ""})[0].data["roster"]["locations"][0].contains("hours"));
}

TEST(RosterInput, NamesTheMemberThatIsMissingOrMistyped) {
  const auto input = nlohmann::json::parse(R"({
    "responsible": "p-a", "information_manager": "p-b", "manager_is_personal_information_officer": true,
    "workers": [{"person": "p-c", "work": "運用", "from": "2026-04-01"}],
    "locations": [{"id": "hq", "name": "本社", "address": "長野市", "city_premises": false, "hours": "08:30-17:15"}],
    "access": [{"asset_class": "個人情報", "person": "p-c", "permission": "view"}]})");
  const auto roster = roster_from_input(input);
  ASSERT_TRUE(roster.ok()) << roster.error().describe();
  EXPECT_TRUE(roster->manager_is_personal_information_officer);
  EXPECT_EQ(roster->workers.at(0).until, "");
  EXPECT_EQ(roster->locations.at(0).hours, "08:30-17:15");
  auto refused = [&](const char* pointer, const nlohmann::json& replacement) {
    auto changed = input;
    changed[nlohmann::json::json_pointer(pointer)] = replacement;
    const auto result = roster_from_input(changed);
    return result.ok() ? std::string("accepted") : result.error().code + " " + result.error().context.at("field");
  };
  EXPECT_EQ(refused("/locations/0/hours", 9), "api.field_type locations.0.hours");
  EXPECT_EQ(refused("/locations/0/city_premises", "yes"), "api.field_type locations.0.city_premises");
  EXPECT_EQ(refused("/workers", "everyone"), "api.field_type workers");
  auto missing = input;
  missing["workers"][0].erase("work");
  EXPECT_EQ(roster_from_input(missing).error().code, "api.field_missing");
  EXPECT_EQ(roster_from_input(missing).error().context.at("field"), "workers.0.work");
}

TEST_F(DomainTest, TheCityAcknowledgesAVersionOnce) {
  given_a_contract();
  run(SubmitRoster{"c1", "acme", roster(), ""});
  refused(AcknowledgeRoster{"c1", "acme", 2, "p-city"}, "roster.version_unknown");
  refused(AcknowledgeRoster{"c1", "acme", 1, "p-boss"}, "roster.acknowledger_invalid");
  run(AcknowledgeRoster{"c1", "acme", 1, "p-city"});
  EXPECT_EQ(state_.contract("c1")->rosters.at("acme")[0].acknowledged_by, "p-city");
  refused(AcknowledgeRoster{"c1", "acme", 1, "p-city"}, "roster.already_acknowledged");
}

TEST_F(DomainTest, APersonWhoLeavesKeepsTheirHistoryAndLosesAccessAtOnce) {
  given_a_contract();
  run(SubmitRoster{"c1", "acme", roster(), ""});
  auto events = run(RecordDeparture{"p-w1", "left", "2026-06-30"});
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].type, "person.departed");
  EXPECT_EQ(events[1].type, "roster.version_submitted");
  EXPECT_EQ(events[2].type, "notification.created");

  const auto* person = state_.person("p-w1");
  ASSERT_NE(person, nullptr);  // never deleted
  ASSERT_TRUE(person->departure.has_value());
  EXPECT_EQ(format_date(jst_date(person->departure->effective)), "2026-06-30");
  const auto& versions = state_.contract("c1")->rosters.at("acme");
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].roster.workers[0].until, "");  // history unchanged
  EXPECT_EQ(versions[1].roster.workers[0].until, "2026-06-30");
  EXPECT_TRUE(versions[1].roster.access.empty());
  EXPECT_NE(std::string(events[2].data["body_ja"]).find("作業者の従事終了"), std::string::npos);

  refused(RecordDeparture{"p-w1", "left", "2026-07-01"}, "person.already_departed");
  refused(RecordDeparture{"p-w2", "fired", "2026-07-01"}, "person.reason_invalid");
  // A leaver can still be listed with an end date (history), never open-ended.
  auto r = roster();
  refused(SubmitRoster{"c1", "acme", r, ""}, "roster.person_departed");
  r.workers[0].until = "2026-06-30";
  r.access.clear();
  r.workers.push_back({"p-w2", "運用監視", "2026-07-01", ""});
  run(SubmitRoster{"c1", "acme", r, "後任"});
  r.responsible = "p-w1";
  refused(SubmitRoster{"c1", "acme", r, ""}, "roster.person_departed");
}

TEST_F(DomainTest, APersonalInformationOfficerIsDeemedTheInformationManager) {
  given_a_contract();
  auto r = roster();
  r.manager_is_personal_information_officer = true;
  auto events = run(SubmitRoster{"c1", "acme", r, ""});
  EXPECT_TRUE(state_.contract("c1")->rosters.at("acme")[0].roster.manager_is_personal_information_officer);
  EXPECT_NE(std::string(events[1].data["body_ja"]).find("個人情報取扱責任者"), std::string::npos);
}

TEST_F(DomainTest, RosterDiffNamesEveryKindOfChange) {
  given_a_contract();
  auto before = roster();
  auto after = roster();
  after.responsible = "p-mgr";
  after.workers[0].work = "障害対応";
  after.locations[0].address = "長野県長野市2-2";
  after.access.clear();
  const auto changes = diff_rosters(state_, before, after);
  std::vector<std::string> kinds;
  for (const auto& c : changes) kinds.push_back(c.field + ":" + c.kind);
  EXPECT_EQ(kinds, (std::vector<std::string>{"responsible:changed", "workers:changed", "locations:changed",
                                             "access:removed"}));
  EXPECT_EQ(changes[0].ja, "責任者の変更: 山田 太郎 (p-boss) → 佐藤 花子 (p-mgr)");
  // The English lines name people too, not only their ids.
  EXPECT_EQ(changes[0].en, "responsible person changed: 山田 太郎 (p-boss) → 佐藤 花子 (p-mgr)");
  EXPECT_EQ(changes[1].en, "worker's work changed: 鈴木 一郎 (p-w1) (運用監視 → 障害対応)");
  EXPECT_TRUE(diff_rosters(state_, before, before).empty());
}

TEST_F(DomainTest, AnEditLaidOverAVersionRecordedMeanwhileKeepsBothSidesChanges) {
  given_a_contract();
  const auto base = roster();
  // Meanwhile: a new worker, a new location under the id the edit will also pick, and the
  // worker's work changed.
  auto theirs = base;
  theirs.workers[0].work = "障害対応";
  theirs.workers.push_back({"p-w2", "開発", "2026-05-01", ""});
  theirs.locations.push_back({"loc-1", "データセンター", "長野市若里", false, ""});
  // The edit: the worker's assignment ends, another location, access for the manager.
  auto mine = base;
  mine.workers[0].until = "2026-09-30";
  mine.locations.push_back({"loc-1", "分室", "長野市篠ノ井", false, ""});
  mine.access.push_back({"個人情報", "p-mgr", "use"});
  auto merged = rebase_roster(state_, base, mine, theirs);
  EXPECT_TRUE(merged.overlaps.empty());
  ASSERT_EQ(merged.roster.workers.size(), 2u);
  EXPECT_EQ(merged.roster.workers[0].work, "障害対応");     // theirs
  EXPECT_EQ(merged.roster.workers[0].until, "2026-09-30");  // mine
  EXPECT_EQ(merged.roster.workers[1].person, "p-w2");
  ASSERT_EQ(merged.roster.locations.size(), 3u);
  EXPECT_EQ(merged.roster.locations[1].name, "データセンター");
  EXPECT_EQ(merged.roster.locations[2].name, "分室");
  EXPECT_NE(merged.roster.locations[2].id, "loc-1");  // a fresh id, not theirs
  ASSERT_EQ(merged.roster.access.size(), 2u);
  EXPECT_EQ(merged.roster.access[1].person, "p-mgr");

  // Both changed the same thing: the edit's value is kept and the row is named.
  mine.workers[0].work = "夜間監視";
  mine.responsible = "p-w1";
  theirs.responsible = "p-mgr";
  merged = rebase_roster(state_, base, mine, theirs);
  EXPECT_EQ(merged.roster.workers[0].work, "夜間監視");
  EXPECT_EQ(merged.roster.responsible, "p-w1");
  std::vector<std::string> overlaps;
  for (const auto& o : merged.overlaps) overlaps.push_back(o.ja);
  EXPECT_EQ(overlaps, (std::vector<std::string>{"責任者", "作業者 鈴木 一郎 (p-w1)"}));

  // One removed what the other changed: the change is kept and named.
  auto removed = base;
  removed.access.clear();
  auto changed = base;
  changed.workers[0].work = "障害対応";
  merged = rebase_roster(state_, base, changed, [&] {
    auto r = base;
    r.workers.clear();
    return r;
  }());
  ASSERT_EQ(merged.roster.workers.size(), 1u);
  EXPECT_EQ(merged.overlaps.size(), 1u);
  // An edit that changed nothing gives the other version as it is.
  EXPECT_EQ(to_json(rebase_roster(state_, base, base, theirs).roster), to_json(theirs));
  EXPECT_TRUE(rebase_roster(state_, base, removed, theirs).roster.access.empty());
}

TEST_F(DomainTest, ImportingTheSameSetTwiceOrAChangedSetUnderTheSameVersionIsRefused) {
  const auto set = provisions::builtin_sets().at(0);
  run(ImportProvisions{set.source});
  refused(ImportProvisions{set.source}, "provisions.already_imported");
  refused(ImportProvisions{set.source + "\n# changed\n"}, "provisions.version_exists");
  refused(ImportProvisions{"name = \"broken"}, "provisions.invalid");
}

}  // namespace
}  // namespace itaku::testing
