// The fixed vocabulary of controls: unique ids, described in both languages, and serving every
// row of the clause map in DESIGN.md.

#include "itaku/provisions/vocabulary.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>

namespace itaku::provisions {
namespace {

// The rows of the clause map in DESIGN.md ("Clause map — what the system must do"), spelled as
// there. The design file is not part of the repository, so the list is kept here.
constexpr std::string_view kClauseMapRows[] = {
    "Roster and notification",
    "Service levels",
    "Asset classes and access rules",
    "Access decisions and monitoring",
    "Training",
    "Purpose limitation, third-party provision",
    "Copy / take-out / bring-in / non-managed computer",
    "Safekeeping and receipts",
    "Return, disposal, erasure",
    "Confidentiality, NDA, acknowledgement",
    "Former workers",
    "Subcontracting and flow-down",
    "Reporting",
    "Audit and investigation",
    "Incidents and publication",
    "Liability",
    "ID badges",
    "Handling procedures",
    "Devices and media",
    "Change management",
    "Risk analysis",
    "Clause compliance",
};

TEST(Vocabulary, HasNoDuplicateIds) {
  std::set<std::string_view> ids;
  for (const auto& control : vocabulary()) EXPECT_TRUE(ids.insert(control.id).second) << control.id;
}

TEST(Vocabulary, HoldsBetweenFortyAndSixtyControls) {
  EXPECT_GE(vocabulary().size(), 40u);
  EXPECT_LE(vocabulary().size(), 60u);
}

TEST(Vocabulary, ServesEveryRowOfTheClauseMap) {
  for (const auto row : kClauseMapRows) {
    const bool served = std::any_of(vocabulary().begin(), vocabulary().end(),
                                    [&](const ControlDefinition& c) { return c.capability == row; });
    EXPECT_TRUE(served) << "no control serves the clause-map row \"" << row << "\"";
  }
}

TEST(Vocabulary, NamesOnlyRowsOfTheClauseMapAsCapabilities) {
  for (const auto& control : vocabulary()) {
    EXPECT_NE(std::find(std::begin(kClauseMapRows), std::end(kClauseMapRows), control.capability),
              std::end(kClauseMapRows))
        << control.id << " names an unknown capability \"" << control.capability << "\"";
  }
}

TEST(Vocabulary, DescribesEveryControlInJapaneseAndEnglish) {
  for (const auto& control : vocabulary()) {
    EXPECT_FALSE(control.summary_ja.empty()) << control.id;
    EXPECT_FALSE(control.summary_en.empty()) << control.id;
  }
}

TEST(Vocabulary, WritesIdsAsDottedLowercase) {
  for (const auto& control : vocabulary()) {
    const bool ok = !control.id.empty() && std::all_of(control.id.begin(), control.id.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || c == '.' || c == '_';
    });
    EXPECT_TRUE(ok) << control.id;
  }
}

TEST(Vocabulary, GivesEachParameterOfAControlADistinctNameAndDistinctValues) {
  for (const auto& control : vocabulary()) {
    std::set<std::string_view> names;
    for (const auto& parameter : control.parameters) {
      EXPECT_TRUE(names.insert(parameter.name).second) << control.id << " " << parameter.name;
      std::set<std::string_view> values(parameter.allowed.begin(), parameter.allowed.end());
      EXPECT_EQ(values.size(), parameter.allowed.size()) << control.id << " " << parameter.name;
    }
  }
}

TEST(Vocabulary, RequiresAnApprovalForExactlyTheFixedListOfActions) {
  const auto* approval = find_control("approval.required");
  ASSERT_NE(approval, nullptr);
  // The action, the origin of the assets it is for, and how early an approval whose copies remain
  // is due before its period ends.
  ASSERT_EQ(approval->parameters.size(), 3u);
  EXPECT_EQ(approval->parameters[2].name, "notice_within");
  EXPECT_EQ(approval->parameters[2].default_value, "P14D");
  const auto& action = approval->parameters[0];
  EXPECT_EQ(action.name, "action");
  EXPECT_TRUE(action.required);
  const std::set<std::string_view> actions(action.allowed.begin(), action.allowed.end());
  const std::set<std::string_view> expected = {"copy",
                                               "take_out",
                                               "bring_in",
                                               "input_unmanaged_computer",
                                               "provide_third_party",
                                               "device_bring_in",
                                               "network_connect",
                                               "migrate_to_production",
                                               "configuration_change"};
  EXPECT_EQ(actions, expected);
}

TEST(Vocabulary, SchedulesPeriodicReportsMonthlyQuarterlySemiannuallyOrAnnually) {
  const auto* periodic = find_control("report.periodic");
  ASSERT_NE(periodic, nullptr);
  const auto interval = std::find_if(periodic->parameters.begin(), periodic->parameters.end(),
                                     [](const auto& p) { return p.name == "interval"; });
  ASSERT_NE(interval, periodic->parameters.end());
  const std::set<std::string_view> values(interval->allowed.begin(), interval->allowed.end());
  EXPECT_EQ(values, (std::set<std::string_view>{"monthly", "quarterly", "semiannual", "annual"}));
}

TEST(Vocabulary, NeedsTheClauseListForAFlowDown) {
  const auto* flow_down = find_control("subcontract.flow_down");
  ASSERT_NE(flow_down, nullptr);
  ASSERT_EQ(flow_down->parameters.size(), 1u);
  EXPECT_EQ(flow_down->parameters[0].name, "clauses");
  EXPECT_TRUE(flow_down->parameters[0].required);
}

TEST(Vocabulary, FindsTheNamedExamplesOfTheDesign) {
  for (const auto id : {"roster.notified", "training.valid", "approval.required", "report.periodic",
                        "disposal.certified", "change.segregation", "subcontract.flow_down", "informative"}) {
    const auto* control = find_control(id);
    ASSERT_NE(control, nullptr) << id;
    EXPECT_EQ(control->id, id);
  }
  EXPECT_EQ(find_control("approval.requested"), nullptr);
  EXPECT_EQ(find_control(""), nullptr);
}

TEST(Vocabulary, IsDocumentedControlByControlInProvisionsMd) {
  std::ifstream in(ITAKU_PROVISIONS_DOC);
  ASSERT_TRUE(in) << ITAKU_PROVISIONS_DOC;
  std::ostringstream doc;
  doc << in.rdbuf();
  for (const auto& control : vocabulary())
    EXPECT_NE(doc.str().find("| `" + std::string(control.id) + "` |"), std::string::npos)
        << control.id << " is missing from docs/PROVISIONS.md";
}

TEST(Durations, ReadTheIso8601FormsCitiesNeed) {
  EXPECT_EQ(parse_duration("P1Y"), (Duration{1, 0, 0, 0}));
  EXPECT_EQ(parse_duration("P6M"), (Duration{0, 6, 0, 0}));
  EXPECT_EQ(parse_duration("P2W"), (Duration{0, 0, 14, 0}));
  EXPECT_EQ(parse_duration("P14D"), (Duration{0, 0, 14, 0}));
  EXPECT_EQ(parse_duration("PT24H"), (Duration{0, 0, 0, 24}));
  EXPECT_EQ(parse_duration("P1Y6M"), (Duration{1, 6, 0, 0}));
  EXPECT_EQ(parse_duration("P1DT12H"), (Duration{0, 0, 1, 12}));
  for (const auto* wrong : {"", "P", "PT", "1Y", "P1", "P-1D", "P1.5D", "P1D1Y", "P1Y1Y", "PT1M", "P1H", "P１D",
                            "P99999D", "p1d", "P1DT", " P1D"})
    EXPECT_FALSE(parse_duration(wrong).has_value()) << wrong;
  EXPECT_EQ(to_text_ja(*parse_duration("P1Y")), "1年");
  EXPECT_EQ(to_text_ja(*parse_duration("PT2H")), "2時間");
  EXPECT_EQ(to_text_en(*parse_duration("P14D")), "14 days");
  EXPECT_EQ(to_text_ja(Duration{}), "即時");
}

TEST(Parameters, EveryDefaultIsAValueOfItsOwnType) {
  for (const auto& control : vocabulary())
    for (const auto& parameter : control.parameters) {
      EXPECT_FALSE(parameter.summary_ja.empty()) << control.id << " " << parameter.name;
      EXPECT_FALSE(parameter.summary_en.empty()) << control.id << " " << parameter.name;
      if (!parameter.default_value.empty()) {
        EXPECT_TRUE(valid_value(parameter, parameter.default_value)) << control.id << " " << parameter.name;
      }
      EXPECT_FALSE(parameter.required && !parameter.default_value.empty())
          << control.id << " " << parameter.name << " is required and has a default";
      EXPECT_EQ(parameter.type == ParameterType::Choice, !parameter.allowed.empty())
          << control.id << " " << parameter.name;
    }
}

TEST(Parameters, TheDefaultIsUsedWhenTheSetGivesNone) {
  const std::map<std::string, std::string> none;
  EXPECT_EQ(duration_parameter("roster.notified", none, "acknowledge_within"), (Duration{0, 0, 14, 0}));
  const std::map<std::string, std::string> month = {{"acknowledge_within", "P1M"}};
  EXPECT_EQ(duration_parameter("roster.notified", month, "acknowledge_within"), (Duration{0, 1, 0, 0}));
  const std::map<std::string, std::string> at_once = {{"within", "immediately"}};
  EXPECT_EQ(duration_parameter("return.timely", at_once, "within"), Duration{});
  EXPECT_FALSE(duration_parameter("training.valid", none, "valid_for").has_value());
}

TEST(Conditions, AreCitedByControlsOfTheVocabularyAndNamedOnce) {
  std::set<std::string_view> names;
  for (const auto& condition : citable_conditions()) {
    EXPECT_TRUE(names.insert(condition.name).second) << condition.name;
    for (const auto control : condition.cited_by) EXPECT_NE(find_control(control), nullptr) << control;
  }
}

TEST(Kinds, OnlyInformativeIsDeclaratoryAndManualControlsSayWhatAPersonChecks) {
  for (const auto& control : vocabulary()) {
    EXPECT_EQ(control.kind == ControlKind::Declaratory, control.id == "informative") << control.id;
    EXPECT_FALSE(label_ja(control.kind).empty());
  }
  const auto* obligation = find_control("obligation.recorded");
  ASSERT_NE(obligation, nullptr);
  EXPECT_EQ(obligation->kind, ControlKind::Manual);
  EXPECT_TRUE(find_parameter("obligation.recorded", "summary_ja")->required);
}

TEST(Suggestions, NameTheNearestWordOrNothing) {
  EXPECT_EQ(nearest_control("roster.notifed"), "roster.notified");
  EXPECT_EQ(nearest_control("badge.warn"), "badge.worn");
  EXPECT_EQ(nearest_control("lunch"), "");
}

}  // namespace
}  // namespace itaku::provisions
