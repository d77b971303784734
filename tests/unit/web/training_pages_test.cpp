// The workers' obligations page (長野市 第4, 第10; 木更津市 第7条) as a browser uses it: each party
// sees its own people's standing and the city everyone's, an e-learning export is shown line by
// line before anything is recorded and recorded only whole, a worker acknowledges the
// provisions they read, and the training report downloads with the rows the page shows.

#include <gtest/gtest.h>

#include "itaku/documents/table.hpp"
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
}

// An e-learning system's export as an Excel workbook, uploaded as a file: its first sheet is
// read (the day completed kept as a day number, as Excel keeps dates), previewed, and recorded
// from the lines the preview shows.
TEST_F(TrainingPages, AWorkbookIsUploadedPreviewedAndRecorded) {
  ASSERT_EQ(post("yamada", kBase + "/training/courses",
                 {.body = form_body({{"id", "c1"}, {"organisation", "shinano-is"}, {"title", "研修"}})})
                .status,
            303);
  documents::Table sheet{{"メールアドレス", "修了日", "合否"}, {{"suzuki@shinano-is.example", "46234", "合格"}}};
  const auto xlsx = documents::to_xlsx(sheet, "受講記録").release_value();
  const auto size = ledger_->size();
  const auto preview = post("yamada", kBase + "/training/import",
                            {.parts = {{"course", "", "c1"}, {"file", "受講記録.xlsx", xlsx}, {"csv", "", ""}}});
  ASSERT_EQ(preview.status, 200) << preview.body;
  const auto table = slice(preview.body, "<caption>", "</table>");
  EXPECT_TRUE(contains(table, "鈴木 一郎"));
  EXPECT_TRUE(contains(table, "2026-07-31"));
  EXPECT_TRUE(contains(preview.body, "p-suzuki,2026-07-31,yes")) << "the lines read go back into the text box";
  EXPECT_EQ(ledger_->size(), size);
  const auto recorded = post("yamada", kBase + "/training/import",
                             {.parts = {{"course", "", "c1"},
                                        {"csv", "", "person,completed,passed\r\np-suzuki,2026-07-31,yes\r\n"},
                                        {"confirm", "", "yes"}}});
  EXPECT_EQ(recorded.status, 303) << recorded.body;
  EXPECT_EQ(ledger_->size(), size + 1);

  // What is not a workbook is said next to the file field, and nothing is recorded.
  const auto broken = post("yamada", kBase + "/training/import",
                           {.parts = {{"course", "", "c1"}, {"file", "壊れた.xlsx", "PK\x03\x04broken"}}});
  EXPECT_EQ(broken.status, 400);
  EXPECT_TRUE(contains(broken.body, "xlsx"));
  EXPECT_EQ(ledger_->size(), size + 1);
}

// 長野市 第4: the report the city asks for is issued for one party, recorded in the ledger with
// its files, read by the city and that party only, and checked by anyone from its QR code.
TEST_F(TrainingPages, ATrainingReportIsIssuedRecordedAndVerifiable) {
  // Everyone is signed in first (a sign-in is recorded too).
  for (const char* login : {"kobayashi", "ito"}) session_of(login);
  const auto workers = get("yamada", kBase + "/workers");
  EXPECT_TRUE(contains(slice(workers.body, "id=\"reports\"", "</section>"), "<option value=\"shinano-is\""));
  EXPECT_FALSE(contains(slice(workers.body, "id=\"reports\"", "</section>"), "zenkoji-data"))
      << "a contractor issues its own report";
  const auto size = ledger_->size();
  const auto issued =
      post("yamada", kBase + "/training-reports", {.body = form_body({{"organisation", "shinano-is"}})});
  ASSERT_EQ(issued.status, 303) << issued.body;
  EXPECT_EQ(ledger_->size(), size + 2) << "training.reported, then its PDF as document.issued";
  const auto location = std::string(issued.header("Location").value_or(""));
  ASSERT_TRUE(location.starts_with(kBase + "/training-reports/")) << location;

  const auto record = get("kobayashi", location);
  ASSERT_EQ(record.status, 200);
  EXPECT_TRUE(contains(record.body, "株式会社しなの情報システム"));
  EXPECT_TRUE(contains(record.body, "report.pdf"));
  const auto pdf = get("kobayashi", location + "/report.pdf");
  ASSERT_EQ(pdf.status, 200);
  EXPECT_TRUE(pdf.body.starts_with("%PDF"));
  const auto csv = get("yamada", location + "/report.csv");
  EXPECT_TRUE(contains(csv.body, "鈴木 一郎"));
  // The subcontractor reads neither the report nor its files, nor issues one for the contractor.
  EXPECT_EQ(get("ito", location).status, 404);
  EXPECT_EQ(get("ito", location + "/report.pdf").status, 404);
  EXPECT_EQ(post("ito", kBase + "/training-reports", {.body = form_body({{"organisation", "shinano-is"}})}).status,
            403);
  EXPECT_EQ(ledger_->size(), size + 2);

  // The public check shows what the ledger holds, without an account; a wrong token shows nothing.
  auto target = slice(record.body, "/training-reports/verify?", "\"");
  ASSERT_FALSE(target.empty());
  for (auto at = target.find("&amp;"); at != std::string::npos; at = target.find("&amp;")) target.replace(at, 5, "&");
  const auto check = get("", target);
  EXPECT_EQ(check.status, 200) << check.body;
  EXPECT_TRUE(contains(check.body, "長野市情政第2026-001号"));
  EXPECT_EQ(get("", "/training-reports/verify?index=1&k=00").status, 404);
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
  // 山田 is named for 個人情報 (he receives what the city hands over): his training waits too.
  EXPECT_TRUE(contains(todo, "山田 太郎 の情報セキュリティ教育"));
  // A worker keeps no roster: only their own acknowledgement waits.
  const auto worker = slice(get("suzuki", "/").body, "あなたを待っていること", "</section>");
  EXPECT_TRUE(contains(worker, "木更津市委第2026-014号 の特記事項を読んで確認してください"));
  EXPECT_FALSE(contains(worker, "情報セキュリティ教育"));
}

}  // namespace
}  // namespace itaku::testing
