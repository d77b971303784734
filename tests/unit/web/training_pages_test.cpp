// The workers' obligations page (長野市 第4, 第10; 木更津市 第7条) as a browser uses it: each party
// sees its own people's standing and the city everyone's, an e-learning export is shown line by
// line before anything is recorded and recorded only whole, a worker acknowledges the
// provisions they read, and the training report downloads with the rows the page shows.

#include <gtest/gtest.h>

#include "unit/web/page_fixture.hpp"

namespace itaku::testing {
namespace {

const std::string kBase = "/contracts/nagano-2026-001";

class TrainingPages : public PageFixture {
 protected:
  void check_markup(const std::string& target, const http::Response& response) override {
    PageFixture::check_markup(target, response);
    expect_forms_carry_csrf(target, response);
  }
};

TEST_F(TrainingPages, EachPartySeesItsOwnPeoplesStandingAndTheCityEveryones) {
  const auto city = get("kobayashi", kBase + "/workers");
  ASSERT_EQ(city.status, 200) << city.body;
  EXPECT_TRUE(contains(slice(city.body, "<tr id=\"worker-p-suzuki\">", "</tr>"), "受講記録なし"));
  EXPECT_TRUE(contains(city.body, "<tr id=\"worker-p-watanabe\">"));
  // The city records training, not a worker's acknowledgement.
  EXPECT_FALSE(contains(city.body, "特記事項を確認する</h2>"));

  const auto sub = get("ito", kBase + "/workers");
  ASSERT_EQ(sub.status, 200);
  EXPECT_TRUE(contains(sub.body, "<tr id=\"worker-p-watanabe\">"));
  EXPECT_FALSE(contains(sub.body, "p-suzuki"));
  EXPECT_EQ(get("other", kBase + "/workers").status, 404);

  // A worker acknowledges for themself: the form names only them.
  const auto worker = get("suzuki", kBase + "/workers");
  const auto form = slice(worker.body, "id=\"ack\"", "</section>");
  EXPECT_TRUE(contains(form, "<option value=\"p-suzuki\""));
  EXPECT_FALSE(contains(form, "p-tanaka"));
}

TEST_F(TrainingPages, AnExportIsPreviewedLineByLineAndRecordedOnlyWhole) {
  ASSERT_EQ(
      post("yamada", kBase + "/training/courses",
           {.body = form_body(
                {{"id", "c1"}, {"organisation", "shinano-is"}, {"title", "個人情報保護研修"}, {"valid_for", "P1Y"}})})
          .status,
      303);
  const auto size = ledger_->size();
  const std::string bad =
      "email,completed,passed\nsuzuki@shinano-is.example,2026-08-01,合格\nnobody@example.com,2026-08-02,合格\n";
  auto preview = post("yamada", kBase + "/training/import",
                      {.body = form_body({{"course", "c1"}, {"csv", bad}, {"confirm", "yes"}})});
  EXPECT_EQ(preview.status, 422);
  EXPECT_TRUE(contains(preview.body, "鈴木 一郎"));
  EXPECT_TRUE(contains(preview.body, "nobody@example.com"));
  EXPECT_TRUE(contains(preview.body, "誤りのある行があります"));
  EXPECT_FALSE(contains(preview.body, "この内容で記録する"));
  EXPECT_EQ(ledger_->size(), size) << "nothing is recorded while a line is wrong";

  const std::string good = "email,completed,passed\nsuzuki@shinano-is.example,2026-08-01,合格\n";
  preview = post("yamada", kBase + "/training/import", {.body = form_body({{"course", "c1"}, {"csv", good}})});
  EXPECT_EQ(preview.status, 200);
  EXPECT_TRUE(contains(preview.body, "この内容で記録する"));
  EXPECT_EQ(ledger_->size(), size) << "a preview records nothing";

  const auto recorded = post("yamada", kBase + "/training/import",
                             {.body = form_body({{"course", "c1"}, {"csv", good}, {"confirm", "yes"}})});
  ASSERT_EQ(recorded.status, 303) << recorded.body;
  EXPECT_EQ(ledger_->size(), size + 1);
  const auto after = get("yamada", kBase + "/workers");
  EXPECT_TRUE(contains(slice(after.body, "<tr id=\"worker-p-suzuki\">", "</tr>"), "2027-07-31"));

  // The report holds the rows the reader may read.
  const auto csv = get("kobayashi", kBase + "/workers/training-report.csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_TRUE(contains(csv.body, "鈴木 一郎"));
  EXPECT_TRUE(contains(csv.body, "個人情報保護研修"));
  const auto xlsx = get("kobayashi", kBase + "/workers/training-report.xlsx");
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_TRUE(xlsx.body.starts_with("PK"));
  EXPECT_FALSE(contains(get("ito", kBase + "/workers/training-report.csv").body, "鈴木 一郎"));
}

// The home page says what waits for the signed-in person: their own acknowledgement where the
// contract's set asks for one (木更津市 第7条, not 長野市's), and the training of the people of the
// party they keep who are named for an asset class.
TEST_F(TrainingPages, TheHomePageListsWhatWaitsForThePersonSignedIn) {
  const auto home = get("yamada", "/");
  ASSERT_EQ(home.status, 200);
  const auto todo = slice(home.body, "あなたを待っていること", "</section>");
  EXPECT_TRUE(contains(todo, "木更津市委第2026-014号 の特記事項を読んで確認してください"));
  EXPECT_FALSE(contains(todo, "長野市情政第2026-001号 の特記事項"));
  EXPECT_TRUE(contains(todo, "佐藤 花子 の情報セキュリティ教育: 受講記録なし（長野市情政第2026-001号）"));
  EXPECT_FALSE(contains(todo, "山田 太郎 の情報セキュリティ教育")) << "named for no class";
  // A worker keeps no roster: only their own acknowledgement waits.
  const auto worker = slice(get("suzuki", "/").body, "あなたを待っていること", "</section>");
  EXPECT_TRUE(contains(worker, "木更津市委第2026-014号 の特記事項を読んで確認してください"));
  EXPECT_FALSE(contains(worker, "情報セキュリティ教育"));
}

}  // namespace
}  // namespace itaku::testing
