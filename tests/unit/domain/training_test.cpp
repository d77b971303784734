// People's obligations in the domain (長野市 第4; 木更津市 第7条): reading an e-learning system's
// attendance file line by line, the bound on an import, and how long training counts.

#include <gtest/gtest.h>

#include <string>

#include "domain_fixture.hpp"
#include "itaku/domain/training.hpp"

namespace itaku::testing {
namespace {

using namespace domain;

class Training : public DomainTest {
 protected:
  void SetUp() override {
    given_a_contract();
    run(DefineCourse{"c1", "course-1", "acme", "個人情報保護研修", "", "", "", {}, "P1Y"});
  }
};

TEST_F(Training, AnExportIsReadLineByLineWithEachBadLineNamed) {
  run(RegisterPerson{"p-w3", "acme", "高橋 誠", "SE", "Takahashi@Acme.example"});
  // A BOM, an e-mail address in another case, Japanese results, a quoted field with a comma.
  const std::string csv =
      "\xEF\xBB\xBFメールアドレス,修了日,合否,\"備考\"\r\n"
      "takahashi@acme.example,2026-08-01,合格,\"1回目, 再受講なし\"\r\n"
      "nobody@example.com,2026-08-02,合格,\r\n"
      "takahashi@acme.example,2026-08-40,合格,\r\n"
      "takahashi@acme.example,2026-08-03,たぶん,\r\n";
  auto lines = read_attendance_csv(state_, *state_.contract("c1"), csv, "2026-09-21");
  ASSERT_TRUE(lines.ok()) << lines.error().describe();
  ASSERT_EQ(lines->size(), 4u);
  EXPECT_EQ((*lines)[0].line, 2u);
  EXPECT_FALSE((*lines)[0].error.has_value()) << (*lines)[0].error->describe();
  EXPECT_EQ((*lines)[0].row.person, "p-w3");
  EXPECT_TRUE((*lines)[0].row.passed);
  EXPECT_EQ((*lines)[1].error->code, "person.unknown");
  EXPECT_EQ((*lines)[2].error->code, "date.nonexistent");
  EXPECT_EQ((*lines)[3].error->code, "training.result_invalid");

  const std::string by_id =
      "person,completed,passed,certificate_sha256\np-w1,2026-08-01,yes,\np-w2,2026-08-03,不合格,\n";
  lines = read_attendance_csv(state_, *state_.contract("c1"), by_id, "2026-09-21");
  ASSERT_TRUE(lines.ok()) << lines.error().describe();
  ASSERT_EQ(lines->size(), 2u);
  EXPECT_FALSE((*lines)[0].error.has_value());
  EXPECT_TRUE((*lines)[0].row.passed);
  EXPECT_FALSE((*lines)[1].error.has_value());
  EXPECT_FALSE((*lines)[1].row.passed);
}

TEST_F(Training, AFileThatIsNotAnAttendanceListIsRefusedWhole) {
  const auto& contract = *state_.contract("c1");
  for (const std::string& bad : {std::string(""), std::string("name,score\nx,1\n"), std::string("person,completed\n"),
                                 std::string("person,completed\n\"p-w1,2026-08-01\n")}) {
    auto lines = read_attendance_csv(state_, contract, bad, "2026-09-21");
    ASSERT_FALSE(lines.ok()) << bad;
    EXPECT_EQ(lines.error().code, "training.file_invalid") << bad;
  }
  std::string big = "person,completed\n";
  while (big.size() <= 2 * 1024 * 1024) big += "p-w1,2026-08-01\n";
  EXPECT_EQ(read_attendance_csv(state_, contract, big, "2026-09-21").error().code, "training.file_invalid");
}

TEST_F(Training, AnImportHoldsAtMostTenThousandRows) {
  ImportTrainingAttendance import{"c1", "", "course-1", "", {}};
  import.rows.assign(10'001, TrainingAttendance{"p-w1", "2026-08-01", true, ""});
  refused(import, "training.too_many_rows");
}

TEST_F(Training, TrainingCountsThroughTheLastDayOfItsPeriod) {
  EXPECT_EQ(last_day_of("2026-04-01", "P1Y"), "2027-03-31");
  EXPECT_EQ(last_day_of("2026-01-31", "P1M"), "2026-02-27");
  EXPECT_EQ(last_day_of("2026-04-01", ""), std::string(kNoExpiry));
  run(RecordTrainingSession{"c1", "s1", "course-1", "2026-04-10", "", "", {"p-w1"}, {"p-w2"}});
  const auto credits = training_credits(state_, *state_.contract("c1"), "p-w1");
  ASSERT_EQ(credits.size(), 1u);
  EXPECT_EQ(credits[0].valid_until, "2027-04-09");
  EXPECT_TRUE(training_credits(state_, *state_.contract("c1"), "p-w2").empty()) << "not passed counts for nothing";
}

}  // namespace
}  // namespace itaku::testing
