// The compliance module's own rules: every control of the vocabulary has an evaluator, the
// order a clause's status is chosen in, what `at` may be, the access tally, and a
// subcontractor's narrowed view. What each evaluator gives is in tests/cases/compliance.

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "itaku/compliance/compliance.hpp"
#include "itaku/provisions/provision_set.hpp"
#include "itaku/provisions/vocabulary.hpp"

namespace itaku::testing {
namespace {

using compliance::Status;

TEST(ComplianceEvaluators, EveryControlOfTheVocabularyHasAnEvaluator) {
  ASSERT_FALSE(provisions::vocabulary().empty());
  for (const auto& control : provisions::vocabulary())
    EXPECT_TRUE(compliance::has_evaluator(control.id))
        << control.id << " has no evaluator (compliance.cpp, kEvaluators)";
}

TEST(ComplianceEvaluators, EveryEvaluatorIsOfAControlOfTheVocabularyAndListedOnce) {
  std::set<std::string_view> seen;
  for (const auto id : compliance::evaluated_controls()) {
    EXPECT_NE(provisions::find_control(id), nullptr) << id << " is not in the vocabulary";
    EXPECT_TRUE(seen.insert(id).second) << id << " is listed twice";
  }
}

TEST(ComplianceEvaluators, EveryControlTheBuiltInSetsUseHasAnEvaluator) {
  for (const auto& set : provisions::builtin_sets())
    for (const auto& clause : set.clauses)
      for (const auto& control : clause.controls)
        EXPECT_TRUE(compliance::has_evaluator(control.id)) << set.name << " " << clause.number << " " << control.id;
}

TEST(ComplianceStatus, AClauseIsItsWorstControlViolatedDueNotTrackedManualCheckMetNotApplicable) {
  const Status order[] = {Status::Violated,    Status::Due, Status::NotTracked,
                          Status::ManualCheck, Status::Met, Status::NotApplicable};
  for (std::size_t i = 0; i < std::size(order); ++i)
    for (std::size_t j = 0; j < std::size(order); ++j) {
      EXPECT_EQ(compliance::worst(order[i], order[j]), order[std::min(i, j)])
          << compliance::to_string(order[i]) << " vs " << compliance::to_string(order[j]);
    }
  // An untracked control, or one only a person can check, keeps its clause from being shown as met.
  EXPECT_EQ(compliance::worst(Status::Met, Status::NotTracked), Status::NotTracked);
  EXPECT_EQ(compliance::worst(Status::Met, Status::ManualCheck), Status::ManualCheck);
  EXPECT_TRUE(std::equal(std::begin(order), std::end(order), std::begin(compliance::kStatuses),
                         std::end(compliance::kStatuses)));
}

TEST(ComplianceStatus, EveryStatusHasItsNameAndJapaneseLabel) {
  std::set<std::string_view> names, labels;
  for (const auto s : compliance::kStatuses) {
    names.insert(compliance::to_string(s));
    labels.insert(compliance::label_ja(s));
    EXPECT_EQ(compliance::parse_status(compliance::to_string(s)), s);
  }
  EXPECT_EQ(names,
            (std::set<std::string_view>{"violated", "due", "not_tracked", "manual_check", "met", "not_applicable"}));
  EXPECT_EQ(labels.size(), 6u);
}

TEST(ComplianceAsOf, ADateIsTheStartOfThatDayInJapan) {
  EXPECT_EQ(format_utc(compliance::parse_as_of("2026-10-01").value()), "2026-09-30T15:00:00.000000Z");
  EXPECT_EQ(format_utc(compliance::parse_as_of("2026-10-01T03:04:05Z").value()), "2026-10-01T03:04:05.000000Z");
}

TEST(ComplianceAsOf, AnythingElseIsRefusedWithItsCodeInBothLanguages) {
  for (const auto* text : {"", "2026-02-30", "2026/10/01", "令和8年10月1日", "2026-10-01T25:00:00Z", "yesterday"}) {
    const auto at = compliance::parse_as_of(text);
    ASSERT_FALSE(at.ok()) << text;
    EXPECT_EQ(at.error().code, "compliance.bad_at");
    EXPECT_EQ(at.error().kind, ErrorKind::Invalid);
    EXPECT_FALSE(at.error().message.empty());
    EXPECT_FALSE(at.error().message_ja.empty());
  }
}

compliance::AccessFact fact(compliance::AccessFact::Kind kind, std::uint64_t index, const char* time,
                            const char* action, const char* purpose, bool denied, bool matched = false) {
  compliance::AccessFact f;
  f.kind = kind;
  f.index = index;
  f.at = parse_utc(time).value();
  f.person = "p-1";
  f.action = action;
  f.asset_class = "personal";
  f.purpose = purpose;
  f.denied = denied;
  f.matched = matched;
  return f;
}

TEST(AccessTally, CountsWhatBreaksTheRulesWithTheFirstFactsAndWhen) {
  using Kind = compliance::AccessFact::Kind;
  compliance::AccessTally tally;
  tally.add(fact(Kind::Decision, 10, "2026-09-21T01:00:00Z", "read", "c-1", false));
  tally.add(fact(Kind::Decision, 11, "2026-09-21T02:00:00Z", "read", "c-1", true));
  tally.add(fact(Kind::Access, 12, "2026-09-21T03:00:00Z", "read", "c-1", false, true));
  tally.add(fact(Kind::Access, 13, "2026-09-21T04:00:00Z", "write", "c-1", false, false));
  tally.add(fact(Kind::Access, 14, "2026-09-21T05:00:00Z", "provide_third_party", "other", true, false));
  EXPECT_EQ(tally.decisions, 2u);
  EXPECT_EQ(tally.denials, 1u);
  EXPECT_EQ(tally.accesses, 3u);
  const auto& p = tally.people.at("p-1");
  EXPECT_EQ(p.unmatched.count, 2u);
  EXPECT_EQ(p.unmatched.first, (std::vector<std::uint64_t>{13, 14}));
  EXPECT_EQ(format_utc(p.unmatched.first_at), "2026-09-21T04:00:00.000000Z");
  EXPECT_EQ(p.third_party.count, 1u);
  // A denied decision is not a use; every access and allowed decision is.
  EXPECT_EQ(p.uses_by_purpose.at("c-1").count, 3u);
  EXPECT_EQ(p.uses_by_purpose.at("other").count, 1u);
  EXPECT_EQ(p.last_use_index, 14u);
  EXPECT_EQ(tally.classes.at("personal").first_denial_index, 11u);
}

TEST(AccessTally, KeepsAFewPurposesApartAndTheRestTogether) {
  using Kind = compliance::AccessFact::Kind;
  compliance::AccessTally tally;
  std::vector<std::string> purposes;
  for (std::size_t i = 0; i < compliance::kMaxPurposes + 10; ++i) purposes.push_back("purpose-" + std::to_string(i));
  for (std::size_t i = 0; i < purposes.size(); ++i) {
    auto f = fact(Kind::Access, i, "2026-09-21T01:00:00Z", "read", "", false, true);
    f.purpose = purposes[i];
    tally.add(f);
  }
  const auto& uses = tally.people.at("p-1").uses_by_purpose;
  EXPECT_EQ(uses.size(), compliance::kMaxPurposes + 1);
  EXPECT_EQ(uses.at(std::string(compliance::kOtherPurposes)).count, 10u);
}

TEST(ComplianceRestricted, ASubcontractorSeesOnlyItsPartysFindingsAndNoContractWideControl) {
  compliance::Report report;
  compliance::ClauseResult clause{"第1", "t", Status::Violated, {}};
  compliance::ControlResult wide{"asset.classes_defined", {}, "第1", compliance::Subject::Contract,
                                 Status::Violated,        {}};
  wide.findings.push_back({"", "", Status::Violated, "", std::nullopt, {}});
  compliance::ControlResult party{"roster.notified", {}, "第1", compliance::Subject::Party, Status::Violated, {}};
  party.findings.push_back({"contractor", "乙", Status::Violated, "", std::nullopt, {}});
  party.findings.push_back({"sub", "丙", Status::Met, "", std::nullopt, {}});
  clause.controls = {wide, party};
  report.clauses.push_back(clause);
  const auto seen = compliance::restricted(report, {"sub"});
  ASSERT_EQ(seen.clauses.size(), 1u);
  ASSERT_EQ(seen.clauses[0].controls.size(), 1u);
  EXPECT_EQ(seen.clauses[0].controls[0].id, "roster.notified");
  ASSERT_EQ(seen.clauses[0].controls[0].findings.size(), 1u);
  EXPECT_EQ(seen.clauses[0].controls[0].findings[0].party, "sub");
  // Its statuses are those of what it sees, not the contractor's violation.
  EXPECT_EQ(seen.clauses[0].controls[0].status, Status::Met);
  EXPECT_EQ(seen.clauses[0].status, Status::Met);
}

}  // namespace
}  // namespace itaku::testing
