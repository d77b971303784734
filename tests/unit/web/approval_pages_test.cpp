// The pages of the city's written approvals (長野市 第6, 木更津市 第3条) as a browser uses them: the
// contractor asks through the form of the type (only the members that type needs, people and
// assets chosen from the contract's), a refusal comes back under the field it concerns, the
// city's approver decides on the approval's page and revokes, the requesting party withdraws;
// each form is offered only to whoever may use it, the requests wait on the home pages, the
// decisions allowed under an approval are its use, and people are shown by name. 丙 and another
// contractor do not find 乙's request.

#include <string>

#include <gtest/gtest.h>

#include "itaku/domain/approvals.hpp"
#include "itaku/domain/commands.hpp"
#include "itaku/policy/policy.hpp"
#include "itaku/provisions/vocabulary.hpp"
#include "itaku/service/approval_documents.hpp"
#include "itaku/web/i18n.hpp"
#include "unit/web/page_fixture.hpp"

namespace itaku::testing {
namespace {

const std::string kBase = "/contracts/nagano-2026-001";
const std::string kApprovals = kBase + "/approvals";

class ApprovalPages : public PageFixture {
 protected:
  void check_markup(const std::string& target, const http::Response& response) override {
    PageFixture::check_markup(target, response);
    expect_forms_carry_csrf(target, response);
  }

  // 乙's request to take 設計書 spec-v3 out for 田中, through the form.
  http::Response request_take_out(const std::string& destination = "本社 開発室") {
    return post("yamada", kApprovals,
                {.body = form_body({{"type", "take_out"},
                                    {"organisation", "shinano-is"},
                                    {"purpose", "障害調査のため設計書を本社で参照する"},
                                    {"assets.spec-v3", "yes"},
                                    {"people.p-tanaka", "yes"},
                                    {"destination", destination},
                                    {"from", "2026-09-01"},
                                    {"until", "2026-09-28"},
                                    {"measures", "施錠できる鞄で運搬\n 持出簿に記録 \n\n"}})});
  }

  // A decision to take spec-v3 out for 田中 at `at` (the request's own time).
  policy::Decision take_out(const std::string& at) {
    policy::Request request;
    request.contract = "nagano-2026-001";
    request.person = "p-tanaka";
    request.action = domain::Action::TakeOut;
    request.asset = "spec-v3";
    request.location = "hq";
    request.purpose = "nagano-2026-001";
    request.at = *parse_utc(at);
    auto records = service_->decide({&request, 1}, domain::Actor::system());
    EXPECT_TRUE(records.ok()) << records.error().describe();
    return records->front().decision;
  }
};

TEST_F(ApprovalPages, TheContractorAsksTheCityApprovesAndTheUseIsShown) {
  // The list offers the types the contract's set asks approval for, with their clauses.
  auto list = get("yamada", kApprovals);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_TRUE(contains(list.body, "承認の申請はまだありません"));
  EXPECT_TRUE(contains(list.body, "href=\"" + kApprovals + "/new?type=take_out\">持ち出し</a>"));
  EXPECT_TRUE(contains(list.body, "長野市 第6-2"));
  EXPECT_TRUE(contains(get("yamada", kBase).body, "href=\"" + kApprovals + "\">承認の申請</a>"));

  // The take-out form asks what a take-out needs, and nothing a take-out does not.
  auto form = get("yamada", kApprovals + "/new?type=take_out");
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_TRUE(contains(form.body, "<h1>承認を申請する: 持ち出し</h1>"));
  EXPECT_TRUE(contains(form.body, "<label for=\"field-destination\">持出先・提供先 <span class=\"required\""));
  EXPECT_TRUE(contains(form.body, "<label for=\"field-purpose\">目的 <span class=\"required\""));
  EXPECT_TRUE(contains(form.body, "id=\"field-assets-spec-v3\" name=\"assets.spec-v3\" type=\"checkbox\""));
  EXPECT_TRUE(contains(form.body, "住民記録システム設計書 第3版（設計書）"));
  EXPECT_TRUE(contains(form.body, "id=\"field-classes-personal\""));
  EXPECT_TRUE(contains(form.body, "<label for=\"field-people-p-tanaka\">田中 美咲"));
  EXPECT_TRUE(
      contains(form.body, "<option value=\"shinano-is\" selected>乙（受託者） 株式会社しなの情報システム</option>"));
  EXPECT_TRUE(contains(form.body, "<textarea id=\"field-measures\" name=\"measures\" rows=\"3\" required"));
  EXPECT_FALSE(contains(form.body, "name=\"copies\""));
  EXPECT_FALSE(contains(form.body, "name=\"devices\""));
  EXPECT_FALSE(contains(form.body, "name=\"id\""));
  // Copying asks for the number of copies instead of the destination.
  auto copy = get("yamada", kApprovals + "/new?type=copy");
  EXPECT_TRUE(contains(copy.body, "id=\"field-copies\" name=\"copies\" type=\"number\""));
  EXPECT_FALSE(contains(copy.body, "name=\"destination\""));
  EXPECT_EQ(get("yamada", kApprovals + "/new?type=teleport").status, 404);

  // A take-out without its destination is refused under the destination, with what was typed.
  auto missing = request_take_out("");
  EXPECT_EQ(missing.status, 400);
  EXPECT_TRUE(contains(slice(missing.body, "<label for=\"field-destination\">", "</div>"), "field-error"));
  EXPECT_TRUE(contains(missing.body, "持出先又は提供先を記入してください"));
  EXPECT_TRUE(contains(missing.body,
                       "id=\"field-assets-spec-v3\" name=\"assets.spec-v3\" type=\"checkbox\" value=\"yes\" checked"));

  auto requested = request_take_out();
  ASSERT_EQ(requested.status, 303) << requested.body;
  EXPECT_EQ(*requested.header("Location"), kApprovals + "/a-0001?notice=approval_requested");

  // The request as 乙 sees it: people by name, each measure a line, the withdrawal offered.
  auto mine = get("yamada", kApprovals + "/a-0001?notice=approval_requested");
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_TRUE(contains(mine.body, "承認を申請しました"));
  EXPECT_TRUE(contains(mine.body, "申請中"));
  EXPECT_TRUE(contains(mine.body, ">田中 美咲</a>"));
  EXPECT_FALSE(contains(mine.body, ">p-tanaka<"));
  EXPECT_TRUE(contains(mine.body, "<li>施錠できる鞄で運搬</li><li>持出簿に記録</li>"));
  EXPECT_TRUE(contains(mine.body, "<h2 id=\"document-heading\">承認書</h2>"));
  EXPECT_TRUE(contains(mine.body, "action=\"" + kApprovals + "/a-0001/withdrawal\""));
  EXPECT_FALSE(contains(mine.body, "/a-0001/decision"));
  EXPECT_FALSE(contains(mine.body, "/a-0001/revocation"));
  auto row = slice(get("yamada", kApprovals).body, "<tr id=\"approval-a-0001\">", "</tr>");
  EXPECT_TRUE(contains(row, "持ち出し"));
  EXPECT_TRUE(contains(row, "田中 美咲"));
  EXPECT_TRUE(contains(row, "申請中"));
  EXPECT_FALSE(contains(row, "p-tanaka"));

  // It waits on the city's home page and on 乙's, not on 丙's.
  auto city_home = get("kobayashi", "/");
  EXPECT_TRUE(contains(slice(city_home.body, "判断を待つ承認の申請", "</section>"), kApprovals + "/a-0001"));
  EXPECT_TRUE(contains(slice(get("yamada", "/").body, "市の判断を待っている申請", "</section>"), "a-0001"));
  EXPECT_FALSE(contains(get("ito", "/").body, "a-0001"));
  EXPECT_TRUE(contains(get("kobayashi", kBase).body, "判断待ち 1 件"));

  // Who sees which forms: the approver decides; the auditor and 乙's worker only read; 丙 and
  // another contractor do not find it.
  auto city = get("kobayashi", kApprovals + "/a-0001");
  EXPECT_TRUE(contains(city.body, "<section id=\"approve\""));
  EXPECT_TRUE(contains(city.body, "<section id=\"refuse\""));
  EXPECT_FALSE(contains(city.body, "/a-0001/withdrawal"));
  for (const auto* reader : {"nakamura", "suzuki"}) {
    auto read = get(reader, kApprovals + "/a-0001");
    EXPECT_EQ(read.status, 200) << reader;
    EXPECT_FALSE(contains(read.body, "action=\"" + kApprovals + "/a-0001/")) << reader;
  }
  EXPECT_EQ(get("suzuki", kApprovals + "/new?type=take_out").status, 403);
  EXPECT_EQ(get("kobayashi", kApprovals + "/new?type=take_out").status, 403);
  EXPECT_EQ(get("ito", kApprovals + "/a-0001").status, 404);
  EXPECT_FALSE(contains(get("ito", kApprovals).body, "a-0001"));
  EXPECT_EQ(get("other", kApprovals + "/a-0001").status, 404);
  EXPECT_EQ(get("other", kApprovals).status, 404);
  EXPECT_EQ(post("yamada", kApprovals + "/a-0001/decision", {.body = "outcome=approved"}).status, 403);
  EXPECT_EQ(post("ito", kApprovals + "/a-0001/decision", {.body = "outcome=approved"}).status, 404);
  EXPECT_EQ(post("ito", kApprovals + "/a-0001/withdrawal").status, 404);

  // Deciding needs the button's outcome; refusing needs its reasons, said under them.
  EXPECT_EQ(post("kobayashi", kApprovals + "/a-0001/decision", {.body = "conditions=x"}).status, 400);
  auto no_reasons = post("kobayashi", kApprovals + "/a-0001/decision", {.body = "outcome=refused&reasons="});
  EXPECT_EQ(no_reasons.status, 400);
  EXPECT_TRUE(contains(slice(no_reasons.body, "<section id=\"refuse\"", "</section>"), "field-refuse-reasons-error"));

  auto approved =
      post("kobayashi", kApprovals + "/a-0001/decision",
           {.body = form_body({{"outcome", "approved"}, {"conditions", "持出しの都度、持出簿に記録すること"}})});
  ASSERT_EQ(approved.status, 303) << approved.body;
  EXPECT_EQ(*approved.header("Location"), kApprovals + "/a-0001?notice=approval_approved");
  auto decided = get("kobayashi", kApprovals + "/a-0001");
  const auto decision = slice(decided.body, "<dl class=\"facts\" id=\"decision\">", "</dl>");
  EXPECT_TRUE(contains(decision, "長野市情政第2026-001号-A0001"));
  EXPECT_TRUE(contains(decision, "持出しの都度、持出簿に記録すること"));
  EXPECT_TRUE(contains(decision, "小林 明美"));
  EXPECT_TRUE(contains(decided.body, "<section id=\"revoke\""));
  EXPECT_TRUE(contains(slice(decided.body, "<section id=\"document\"", "</section>"),
                       "href=\"" + kApprovals + "/a-0001/approval.pdf\""));
  EXPECT_FALSE(contains(decided.body, "<section id=\"approve\""));
  EXPECT_TRUE(contains(decided.body, "0 回使用"));
  EXPECT_FALSE(contains(get("yamada", kApprovals + "/a-0001").body, "action=\"" + kApprovals + "/a-0001/"));
  EXPECT_FALSE(contains(get("kobayashi", "/").body, kApprovals + "/a-0001"));

  // A take-out within the period is allowed under it and is its use; after the period it is not.
  const auto within = take_out("2026-09-10T01:00:00Z");
  EXPECT_EQ(within.effect, policy::Effect::Allow);
  const auto after = take_out("2026-09-29T01:00:00Z");
  EXPECT_EQ(after.effect, policy::Effect::Deny);
  auto used = get("yamada", kApprovals + "/a-0001");
  EXPECT_TRUE(contains(used.body, "1 回使用"));
  EXPECT_TRUE(contains(slice(used.body, "<ul class=\"plain\" id=\"uses\">", "</ul>"), "href=\"/ledger/entries/"));

  // Revoking needs its reason.
  auto no_reason = post("kobayashi", kApprovals + "/a-0001/revocation", {.body = "reason="});
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_TRUE(contains(no_reason.body, "field-revoke-reason-error"));
  auto revoked = post("kobayashi", kApprovals + "/a-0001/revocation", {.body = form_body({{"reason", "作業の完了"}})});
  ASSERT_EQ(revoked.status, 303) << revoked.body;
  auto gone = get("yamada", kApprovals + "/a-0001");
  EXPECT_TRUE(contains(gone.body, "承認の取消し"));
  EXPECT_TRUE(contains(gone.body, "作業の完了"));
  EXPECT_TRUE(contains(gone.body, ">取消し</span>"));
}

TEST_F(ApprovalPages, TheRequesterWithdrawsAndCopiesAreCounted) {
  ASSERT_EQ(request_take_out().status, 303);
  auto withdrawn =
      post("yamada", kApprovals + "/a-0001/withdrawal", {.body = form_body({{"reason", "作業計画の変更"}})});
  ASSERT_EQ(withdrawn.status, 303) << withdrawn.body;
  auto page = get("kobayashi", kApprovals + "/a-0001");
  EXPECT_TRUE(contains(page.body, "申請の取下げ"));
  EXPECT_TRUE(contains(page.body, "作業計画の変更"));
  EXPECT_FALSE(contains(page.body, "action=\"" + kApprovals + "/a-0001/"));
  EXPECT_EQ(post("yamada", kApprovals + "/a-0001/withdrawal").status, 409);

  auto copy = post("yamada", kApprovals,
                   {.body = form_body({{"type", "copy"},
                                       {"purpose", "検証環境での再現試験"},
                                       {"classes.design", "yes"},
                                       {"people.p-tanaka", "yes"},
                                       {"from", "2026-09-01"},
                                       {"until", "2026-09-28"},
                                       {"copies", "3"},
                                       {"measures", "暗号化"}})});
  ASSERT_EQ(copy.status, 303) << copy.body;
  EXPECT_EQ(*copy.header("Location"), kApprovals + "/a-0002?notice=approval_requested");
  ASSERT_EQ(post("kobayashi", kApprovals + "/a-0002/decision", {.body = "outcome=approved"}).status, 303);
  auto approved = get("yamada", kApprovals + "/a-0002");
  EXPECT_TRUE(contains(approved.body, "3部中0部使用"));
  EXPECT_TRUE(contains(approved.body, "設計書"));

  // A copy made under it is registered naming it, and its page lists it by description.
  ASSERT_TRUE(
      service_
          ->execute(domain::RegisterAsset{"nagano-2026-001", "spec-v3-copy-1", "design", "設計書 第3版（複写1）",
                                          "copy", "spec-v3", "紙", "1冊", "p-tanaka", "本社 開発室", "a-0002"},
                    domain::Principal::system())
          .ok());
  auto listed = get("yamada", kApprovals + "/a-0002");
  EXPECT_TRUE(contains(slice(listed.body, "<ul class=\"plain\" id=\"copies-registered\">", "</ul>"),
                       "href=\"/contracts/nagano-2026-001/assets/spec-v3-copy-1\">設計書 第3版（複写1）</a>"));

  // The 承認書 downloads as a PDF, the same bytes for the city; 丙 does not find it.
  auto pdf = get("yamada", kApprovals + "/a-0002/approval.pdf");
  ASSERT_EQ(pdf.status, 200) << pdf.body.substr(0, 200);
  EXPECT_EQ(*pdf.header("Content-Type"), "application/pdf");
  EXPECT_TRUE(pdf.body.starts_with("%PDF-"));
  EXPECT_EQ(get("kobayashi", kApprovals + "/a-0002/approval.pdf").body, pdf.body);
  EXPECT_EQ(get("ito", kApprovals + "/a-0002/approval.pdf").status, 404);
  // Withdrawn, a-0001 has no 承認書.
  EXPECT_EQ(get("yamada", kApprovals + "/a-0001/approval.pdf").status, 409);
}

TEST_F(ApprovalPages, ThePublicCheckOfAnApprovalNeedsNoAccountAndShowsNothingForAWrongToken) {
  ASSERT_EQ(request_take_out().status, 303);
  ASSERT_EQ(post("kobayashi", kApprovals + "/a-0001/decision",
                 {.body = form_body({{"outcome", "approved"}, {"conditions", "返却後に報告すること"}})})
                .status,
            303);
  const auto index = service_->read(
      [](const domain::State& s) { return s.contract("nagano-2026-001")->approvals.at("a-0001").decided_index; });
  const auto path = service::approval_verify_path(*service_, index);
  ASSERT_TRUE(path.ok());
  auto shown = get("", *path);
  ASSERT_EQ(shown.status, 200) << shown.body.substr(0, 400);
  const auto record = slice(shown.body, "<section class=\"approval-record\"", "</section>");
  EXPECT_TRUE(contains(record, "持ち出し"));
  EXPECT_TRUE(contains(record, "田中 美咲"));
  EXPECT_TRUE(contains(record, "返却後に報告すること"));
  EXPECT_TRUE(contains(record, "長野市 第6-2"));
  EXPECT_EQ(get("", "/approvals/verify?index=" + std::to_string(index) + "&k=0123456789abcdef0123456789abcdef").status,
            404);
}

TEST_F(ApprovalPages, TheRequestFormWorksInEnglish) {
  auto page = get("yamada", kApprovals + "/new?type=take_out", {.language_cookie = "en"});
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "Ask for approval: Taking out"));
  EXPECT_TRUE(contains(page.body, "<label for=\"field-destination\">Destination or recipient"));
}

// The pages' names of the types are the domain's, as the city's officers read them.
TEST(ApprovalTypeTexts, AreTheDomainsJapaneseLabels) {
  for (const auto type : provisions::approval_types())
    EXPECT_EQ(web::Catalog::builtin().text(http::Language::Ja, "approvals.type." + std::string(type)),
              domain::approval_type_label_ja(type))
        << type;
}

}  // namespace
}  // namespace itaku::testing
