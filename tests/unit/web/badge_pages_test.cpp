// The ID badge pages (木更津市 第11条(1)) as a browser uses them: a contractor issues a badge
// to its worker through the form (its fields are the command's declaration), a refusal comes
// back under the field it concerns, each party sees only its own people's badges, and a
// leaver's badge not yet back is shown to the city until it is returned.

#include <gtest/gtest.h>

#include "unit/web/page_fixture.hpp"

namespace itaku::testing {
namespace {

const std::string kBase = "/contracts/nagano-2026-001";

class BadgePages : public PageFixture {
 protected:
  void check_markup(const std::string& target, const http::Response& response) override {
    PageFixture::check_markup(target, response);
    expect_forms_carry_csrf(target, response);
  }
};

TEST_F(BadgePages, AContractorIssuesABadgeAndTheCityFollowsALeaversBadgeUntilItIsBack) {
  auto form = get("yamada", kBase + "/badges");
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_TRUE(contains(form.body, "身分証明書を貸与する"));
  EXPECT_TRUE(contains(form.body, "<label for=\"field-number\">身分証明書の番号 <span class=\"required\""));
  EXPECT_TRUE(contains(form.body, "<option value=\"p-suzuki\">鈴木 一郎"));
  EXPECT_TRUE(contains(form.body, "name=\"expires\" type=\"date\""));

  auto issued =
      post("yamada", kBase + "/badges",
           {.body = form_body(
                {{"number", "KB-1"}, {"person", "p-suzuki"}, {"issued", "2026-05-01"}, {"expires", "2027-03-31"}})});
  ASSERT_EQ(issued.status, 303) << issued.body;
  EXPECT_EQ(*issued.header("Location"), kBase + "/badges?notice=badge_issued#badge-KB-1");
  auto shown = get("yamada", kBase + "/badges?notice=badge_issued");
  EXPECT_TRUE(contains(shown.body, "身分証明書を貸与しました"));
  EXPECT_TRUE(contains(slice(shown.body, "<tr id=\"badge-KB-1\">", "</tr>"), "鈴木 一郎"));
  EXPECT_TRUE(contains(slice(shown.body, "<tr id=\"badge-KB-1\">", "</tr>"), "貸与中"));

  // The same number again: the reason is written under the number, the form keeps what was typed.
  auto taken = post(
      "yamada", kBase + "/badges",
      {.body =
           form_body({{"number", "KB-1"}, {"person", "p-kato"}, {"issued", "2026-07-01"}, {"expires", "2027-03-31"}})});
  EXPECT_EQ(taken.status, 409);
  EXPECT_TRUE(contains(slice(taken.body, "<label for=\"field-number\">", "</div>"), "field-error"));
  EXPECT_TRUE(contains(taken.body, "入力内容を確認してください"));
  EXPECT_TRUE(contains(taken.body, "<option value=\"p-kato\" selected>"));

  // The worker sees their party's badges but keeps none; 丙 does not see 乙's; another
  // contractor does not find the contract.
  auto worker = get("suzuki", kBase + "/badges");
  EXPECT_EQ(worker.status, 200);
  EXPECT_TRUE(contains(worker.body, "KB-1"));
  EXPECT_FALSE(contains(worker.body, "name=\"number\""));
  EXPECT_FALSE(contains(worker.body, "/badges/KB-1/return"));
  EXPECT_FALSE(contains(get("ito", kBase + "/badges").body, "KB-1"));
  EXPECT_EQ(get("other", kBase + "/badges").status, 404);
  EXPECT_EQ(post("suzuki", kBase + "/badges/KB-1/return").status, 403);
  EXPECT_EQ(post("ito", kBase + "/badges/KB-1/return").status, 404);

  // 鈴木 leaves: the badge is due back and the city sees it on the badges, the contract's and
  // the person's pages.
  ASSERT_TRUE(
      service_->execute(domain::RecordDeparture{"p-suzuki", "left", "2026-10-01"}, domain::Principal::system()).ok());
  auto due = get("kobayashi", kBase + "/badges");
  EXPECT_TRUE(contains(slice(due.body, "返却されていない身分証明書", "</section>"), "KB-1"));
  EXPECT_TRUE(contains(get("kobayashi", kBase).body, "返却待ち 1 件"));
  EXPECT_TRUE(contains(get("kobayashi", "/people/p-suzuki").body, "返却待ち（退任済）"));

  auto returned = post("kobayashi", kBase + "/badges/KB-1/return");
  ASSERT_EQ(returned.status, 303) << returned.body;
  auto after = get("kobayashi", kBase + "/badges");
  EXPECT_FALSE(contains(after.body, "返却されていない身分証明書"));
  EXPECT_TRUE(contains(slice(after.body, "<tr id=\"badge-KB-1\">", "</tr>"), "返却済"));
  EXPECT_FALSE(contains(get("kobayashi", kBase).body, "返却待ち"));
  EXPECT_EQ(post("kobayashi", kBase + "/badges/KB-1/return").status, 409);  // already back
}

TEST_F(BadgePages, TheBadgesPageWorksInEnglish) {
  auto page = get("kobayashi", kBase + "/badges", {.language_cookie = "en"});
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "ID badges (Kisarazu 第11条(1))"));
  EXPECT_TRUE(contains(page.body, "<label for=\"field-number\">Badge number"));
}

}  // namespace
}  // namespace itaku::testing
