// The web pages through the router, as a browser would use them: a real SQLite database,
// ledger, service and authenticator with the demo and its accounts, real sign-ins, CSRF
// tokens in forms. Checks who sees what, the city's acknowledgement, the roster edit form,
// languages, the ledger proof page, static files, and the markup rules every page follows.

#include <map>
#include <regex>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "itaku/api/session.hpp"
#include "itaku/ledger/keys.hpp"
#include "itaku/ledger/proof_json.hpp"
#include "itaku/web/assets.hpp"
#include "unit/web/page_fixture.hpp"

namespace itaku::testing {
namespace {

using nlohmann::json;
constexpr const char* kNagano = "nagano-2026-001";
constexpr const char* kKisarazu = "kisarazu-2026-014";

class Pages : public PageFixture {
 protected:
  const domain::RosterVersion* latest(const std::string& contract, const std::string& organisation) {
    return service_->read([&](const domain::State& s) { return s.latest_roster(contract, organisation); });
  }

  // The ledger index of the first entry of this type about this contract (or about none).
  std::uint64_t entry_of(const std::string& type, const std::string& contract) {
    for (std::uint64_t i = 0; i < ledger_->size(); ++i) {
      const auto entry = json::parse(ledger_->entry(i).value());
      const auto& event = entry["event"];
      if (event.value("type", "") == type && event.value("contract", "") == contract) return i;
    }
    ADD_FAILURE() << "no " << type << " entry for " << contract;
    return 0;
  }
};

// --- signing in and out ---

TEST_F(Pages, EveryPageButSignInAndStaticFilesSendsStrangersToTheSignInPage) {
  for (const std::string target :
       {"/", "/contracts/nagano-2026-001", "/people", "/people/p-yamada", "/organisations", "/ledger",
        "/ledger/entries/1", "/contracts/nagano-2026-001/rosters/shinano-is/edit",
        "/contracts/nagano-2026-001/rosters/shinano-is/diff", "/contracts/nagano-2026-001/approvals"}) {
    auto r = get("", target);
    EXPECT_EQ(r.status, 303) << target;
    EXPECT_TRUE(r.header("Location")->starts_with("/login")) << target;
  }
  EXPECT_EQ(*get("", "/contracts/nagano-2026-001").header("Location"), "/login?next=%2Fcontracts%2Fnagano-2026-001");
  auto post_without = post("", "/contracts/nagano-2026-001/rosters/shinano-is/versions/2/acknowledge");
  EXPECT_EQ(post_without.status, 303);
  EXPECT_EQ(get("", "/login").status, 200);
  EXPECT_EQ(get("", "/static/app.css").status, 200);
  // A cookie that names no session is dropped on the way to the sign-in page.
  http::Request stale;
  stale.path = stale.target = "/";
  stale.headers.emplace_back("cookie", std::string(api::kSessionCookie) + "=forged");
  auto r = router_.handle(stale);
  EXPECT_EQ(r.status, 303);
  ASSERT_TRUE(r.header("Set-Cookie"));
  EXPECT_TRUE(contains(std::string(*r.header("Set-Cookie")), "Max-Age=0"));
}

TEST_F(Pages, TheSignInFormSignsInAndReturnsToTheAskedPage) {
  auto form = get("", "/login?next=%2Fledger");
  EXPECT_TRUE(contains(form.body, "<html lang=\"ja\">"));
  EXPECT_TRUE(contains(form.body, "name=\"login\""));
  EXPECT_TRUE(contains(form.body, "name=\"password\""));
  EXPECT_TRUE(contains(form.body, "name=\"totp_code\""));
  EXPECT_TRUE(contains(form.body, "value=\"/ledger\""));
  EXPECT_EQ(form.header("Cache-Control"), "no-store");

  auto signed_in = sign_in_form({{"login", "kobayashi"}, {"password", kPassword}, {"next", "/ledger"}});
  EXPECT_EQ(signed_in.status, 303);
  EXPECT_EQ(*signed_in.header("Location"), "/ledger");
  ASSERT_TRUE(signed_in.header("Set-Cookie"));
  EXPECT_TRUE(signed_in.header("Set-Cookie")->starts_with(std::string(api::kSessionCookie) + "="));

  // Only a path on this site is followed after signing in.
  auto elsewhere = sign_in_form({{"login", "kobayashi"}, {"password", kPassword}, {"next", "//evil.example/"}});
  EXPECT_EQ(*elsewhere.header("Location"), "/");
}

TEST_F(Pages, WrongCredentialsShowTheFormAgainWithTheErrorInTheChosenLanguage) {
  auto ja = sign_in_form({{"login", "kobayashi"}, {"password", "wrong"}});
  EXPECT_EQ(ja.status, 401);
  EXPECT_TRUE(contains(ja.body, "role=\"alert\""));
  EXPECT_TRUE(contains(ja.body, "value=\"kobayashi\""));  // the login stays, the password does not
  EXPECT_FALSE(contains(ja.body, "wrong"));
  // A fresh login token comes with the form again; no session does.
  EXPECT_FALSE(contains(std::string(ja.header("Set-Cookie").value_or("")), api::kSessionCookie));

  auto en = sign_in_form({{"login", "kobayashi"}, {"password", "wrong"}}, {.language_cookie = "en"});
  EXPECT_EQ(en.status, 401);
  EXPECT_TRUE(contains(en.body, "<html lang=\"en\">"));
  EXPECT_TRUE(contains(en.body, "Sign in to itaku"));
  EXPECT_NE(ja.body, en.body);
}

TEST_F(Pages, ASignInPostedFromAnotherSiteIsRefused) {
  // Login CSRF: another site can post the form's fields but not the browser's login cookie.
  const auto fields = std::vector<std::pair<std::string, std::string>>{{"login", "kobayashi"}, {"password", kPassword}};
  auto forged = post("", "/login", {.body = form_body(fields)});
  EXPECT_EQ(forged.status, 403);
  EXPECT_FALSE(contains(std::string(forged.header("Set-Cookie").value_or("")), api::kSessionCookie));
  auto guessed = fields;
  guessed.emplace_back("csrf_token", "guessed");
  auto mismatched =
      post("", "/login", {.body = form_body(guessed), .cookie = std::string(api::kLoginCookie) + "=other"});
  EXPECT_EQ(mismatched.status, 403);
  // The form's cookie is for /login only and never sent from another site.
  const auto form = get("", "/login");
  const auto cookie = std::string(form.header("Set-Cookie").value_or(""));
  EXPECT_TRUE(contains(cookie, "SameSite=Strict")) << cookie;
  EXPECT_TRUE(contains(cookie, "Path=/login")) << cookie;
  EXPECT_TRUE(contains(cookie, "HttpOnly")) << cookie;
  EXPECT_EQ(sign_in_form(fields).status, 303);
}

TEST_F(Pages, SigningOutNeedsTheCsrfTokenAndEndsTheSession) {
  EXPECT_EQ(post("kobayashi", "/logout", {.csrf = false}).status, 403);
  EXPECT_EQ(get("kobayashi", "/").status, 200);
  auto out = post("kobayashi", "/logout");
  EXPECT_EQ(out.status, 303);
  EXPECT_EQ(*out.header("Location"), "/login");
  EXPECT_TRUE(contains(std::string(*out.header("Set-Cookie")), "Max-Age=0"));
  EXPECT_EQ(get("kobayashi", "/").status, 303);
}

TEST_F(Pages, TheLanguageSwitchSetsACookieAndKeepsThePage) {
  auto en = get("kobayashi", "/contracts/nagano-2026-001?lang=en");
  EXPECT_TRUE(contains(en.body, "<html lang=\"en\">"));
  EXPECT_TRUE(contains(en.body, "Responsible person"));
  ASSERT_TRUE(en.header("Set-Cookie"));
  EXPECT_TRUE(en.header("Set-Cookie")->starts_with("itaku_lang=en;"));
  EXPECT_TRUE(contains(en.body, "href=\"/contracts/nagano-2026-001?lang=ja\""));
  auto remembered = get("kobayashi", "/", {.language_cookie = "en"});
  EXPECT_TRUE(contains(remembered.body, "Your contracts"));
  auto ja = get("kobayashi", "/");
  EXPECT_TRUE(contains(ja.body, "担当している契約"));
}

// --- dashboard and contracts: who sees what ---

// The city's home lists its contracts' clauses that are violated or due (the roster versions
// waiting make 第1 due), each linking to its evidence on the compliance tab; a contractor's
// home has no such list.
TEST_F(Pages, TheCitysHomeListsTheClausesThatNeedAction) {
  const auto city = get("kobayashi", "/");
  EXPECT_TRUE(contains(city.body, "遵守状況で対応が必要な条"));
  EXPECT_TRUE(contains(city.body, "/contracts/nagano-2026-001/compliance#clause-第1"));
  EXPECT_TRUE(contains(city.body, "までに"));
  const auto contractor = get("yamada", "/");
  EXPECT_FALSE(contains(contractor.body, "遵守状況で対応が必要な条"));
}

TEST_F(Pages, TheDashboardListsVisibleContractsAndForTheCityTheRostersWaiting) {
  auto city = get("kobayashi", "/");
  EXPECT_EQ(city.status, 200);
  EXPECT_TRUE(contains(city.body, "長野市情政第2026-001号"));
  EXPECT_FALSE(contains(city.body, "木更津市委第2026-014号"));
  EXPECT_TRUE(contains(city.body, "受領待ちの体制表"));
  // 乙's version 2 and 丙's version 1 are both waiting: each links to its changes since the last
  // version acknowledged, where it is acknowledged (長野市 第1), not from here.
  EXPECT_TRUE(contains(city.body,
                       "<a href=\"/contracts/nagano-2026-001/rosters/shinano-is/diff?to=2\">変更を確認して受領</a>"));
  EXPECT_TRUE(contains(city.body, "/contracts/nagano-2026-001/rosters/zenkoji-data/diff?to=1"));
  EXPECT_FALSE(contains(city.body, "/acknowledge"));
  EXPECT_TRUE(contains(city.body, "担当職員"));

  auto contractor = get("yamada", "/");
  EXPECT_TRUE(contains(contractor.body, "長野市情政第2026-001号"));
  EXPECT_TRUE(contains(contractor.body, "木更津市委第2026-014号"));
  EXPECT_FALSE(contains(contractor.body, "受領待ちの体制表"));
  EXPECT_FALSE(contains(contractor.body, "/acknowledge"));

  auto stranger = get("other", "/");
  EXPECT_FALSE(contains(stranger.body, "長野市情政"));
  EXPECT_TRUE(contains(stranger.body, "表示できる契約はありません"));

  // The auditor sees what waits but may not acknowledge it.
  auto auditor = get("nakamura", "/");
  EXPECT_TRUE(contains(auditor.body, "受領待ちの体制表"));
  EXPECT_FALSE(contains(auditor.body, "/acknowledge"));
}

TEST_F(Pages, TheContractPageShowsOverviewPartiesAndRostersInWareki) {
  auto r = get("kobayashi", "/contracts/nagano-2026-001");
  ASSERT_EQ(r.status, 200);
  const auto& html = r.body;
  EXPECT_TRUE(contains(html, "住民記録システム運用保守業務委託"));
  EXPECT_TRUE(contains(html, "総務部 情報政策課"));
  EXPECT_TRUE(contains(html, "2026-04-01（令和8年4月1日） 〜 2027-03-31（令和9年3月31日）"));
  EXPECT_TRUE(contains(html, "長野市「情報セキュリティ要件」") || contains(html, "長野市「"));
  // Parties nested: 丙 under 乙.
  const auto contractor = html.find("<span class=\"symbol\">乙（受託者）</span>");
  ASSERT_NE(contractor, std::string::npos);
  EXPECT_NE(html.find("<ul><li><span class=\"symbol\">丙（再委託先）</span>", contractor), std::string::npos);
  // Both rosters, with the details of the latest versions.
  EXPECT_TRUE(contains(html, "id=\"roster-shinano-is\""));
  EXPECT_TRUE(contains(html, "id=\"roster-zenkoji-data\""));
  EXPECT_TRUE(contains(html, "加藤 翔"));
  EXPECT_TRUE(contains(html, "運用監視（夜間）"));
  EXPECT_TRUE(contains(html, "長野市役所 第二庁舎 電算室"));
  EXPECT_TRUE(contains(html, "市の施設内"));
  EXPECT_TRUE(contains(html, "個人情報取扱責任者を兼ねる"));
  EXPECT_TRUE(contains(html, "閲覧"));
  EXPECT_TRUE(contains(html, "利用"));
  EXPECT_TRUE(contains(html, "第2版"));
  EXPECT_TRUE(contains(html, "受領済"));
  EXPECT_TRUE(contains(html, "小林 明美"));
  // Acknowledging happens under the changes: the contract page links there.
  EXPECT_TRUE(
      contains(html, "<a href=\"/contracts/nagano-2026-001/rosters/shinano-is/diff?to=2\">変更を確認して受領</a>"));
  EXPECT_FALSE(contains(html, "/acknowledge\""));
  EXPECT_FALSE(contains(html, "/edit\""));  // the city does not keep rosters
}

TEST_F(Pages, AContractorSeesItsOwnPartyAndBelowButNoOtherContractorsData) {
  auto contractor = get("yamada", "/contracts/nagano-2026-001");
  ASSERT_EQ(contractor.status, 200);
  EXPECT_TRUE(contains(contractor.body, "/contracts/nagano-2026-001/rosters/shinano-is/edit"));
  EXPECT_TRUE(contains(contractor.body, "id=\"roster-zenkoji-data\""));  // its subcontractor
  EXPECT_FALSE(contains(contractor.body, "/contracts/nagano-2026-001/rosters/zenkoji-data/edit"));
  EXPECT_FALSE(contains(contractor.body, "/acknowledge"));

  auto subcontractor = get("ito", "/contracts/nagano-2026-001");
  ASSERT_EQ(subcontractor.status, 200);
  EXPECT_TRUE(contains(subcontractor.body, "id=\"roster-zenkoji-data\""));
  EXPECT_FALSE(contains(subcontractor.body, "id=\"roster-shinano-is\""));
  EXPECT_FALSE(contains(subcontractor.body, "鈴木 一郎"));
  EXPECT_TRUE(contains(subcontractor.body, "/contracts/nagano-2026-001/rosters/zenkoji-data/edit"));

  // Not a party, or another city: the contract does not exist for them.
  EXPECT_EQ(get("other", "/contracts/nagano-2026-001").status, 404);
  EXPECT_EQ(get("takahashi", "/contracts/nagano-2026-001").status, 404);
  EXPECT_EQ(get("kobayashi", "/contracts/kisarazu-2026-014").status, 404);
  EXPECT_EQ(get("kobayashi", "/contracts/no-such-contract").status, 404);
  auto not_found = get("other", "/contracts/nagano-2026-001");
  EXPECT_TRUE(contains(not_found.body, "ページが見つかりません"));
  EXPECT_FALSE(contains(not_found.body, "住民記録"));
}

// --- the provisions ---

TEST_F(Pages, TheContractLinksToItsProvisionsInFullClauseByClause) {
  auto contract = get("takahashi", "/contracts/kisarazu-2026-014");
  ASSERT_EQ(contract.status, 200);
  EXPECT_TRUE(contains(contract.body, "<a href=\"/provisions/kisarazu/1\">"));

  auto set = get("takahashi", "/provisions/kisarazu/1");
  ASSERT_EQ(set.status, 200);
  expect_accessible("/provisions/kisarazu/1", set);
  // Every clause in the city's words, with its paragraphs and items, and the controls under it.
  const auto clause = slice(set.body, "id=\"clause-第4条\"", "</section>");
  EXPECT_TRUE(contains(clause, "第4条（情報資産の管理）"));
  EXPECT_TRUE(contains(clause, "情報管理責任者を定め、その職・氏名を甲に書面により届け出なければならない"));
  EXPECT_TRUE(contains(clause, "個人情報取扱責任者が指定さている場合には"));
  EXPECT_TRUE(contains(clause, "[roster.information_manager]"));
  EXPECT_TRUE(contains(clause, "deemed_from = personal_information_manager"));
  EXPECT_TRUE(contains(clause, "（記録から評価）"));
  // How each control is kept: 第2条's confidentiality can only be checked by a person.
  const auto confidentiality = slice(set.body, "id=\"clause-第2条\"", "</section>");
  EXPECT_TRUE(contains(confidentiality, "[confidentiality.kept]</code> <span class=\"sub\">（人が確認）</span>"));
  EXPECT_TRUE(contains(set.body, "<a href=\"#clause-第12条\">"));
  // The whole hash, to compare with the contract and with paper.
  const auto hash =
      service_->read([](const domain::State& s) { return s.provision_set("kisarazu", "1")->content_hash; });
  EXPECT_TRUE(contains(set.body, hash));
  // The contracts under it are those the reader may see: 長野's city staff see none of 木更津's.
  EXPECT_TRUE(contains(set.body, "/contracts/kisarazu-2026-014"));
  auto other_city = get("kobayashi", "/provisions/kisarazu/1");
  EXPECT_EQ(other_city.status, 200);
  EXPECT_FALSE(contains(other_city.body, "/contracts/kisarazu-2026-014"));
  EXPECT_TRUE(contains(other_city.body, "あなたが見られる契約はありません"));
  // English pages add each clause's summary.
  auto english = get("takahashi", "/provisions/kisarazu/1", {.language_cookie = "en"});
  EXPECT_TRUE(contains(english.body, "appoint an information manager"));
  EXPECT_EQ(get("takahashi", "/provisions/kisarazu/99").status, 404);
}

// --- compliance ---

TEST_F(Pages, TheComplianceTabShowsEachClauseInTheCitysWordsWithItsStatusAndEvidence) {
  const std::string target = std::string("/contracts/") + kNagano + "/compliance";
  auto r = get("kobayashi", target);
  ASSERT_EQ(r.status, 200) << r.body;
  expect_accessible(target, r);
  // 第1 in the city's words, its status beside its heading, and each control with its findings.
  const auto clause = slice(r.body, "id=\"clause-第1\"", "</section>");
  EXPECT_TRUE(contains(clause, "第1（責任者、作業内容、作業者及び作業場所の特定）"));
  EXPECT_TRUE(contains(clause, "class=\"badge "));
  EXPECT_TRUE(contains(clause, "[roster.notified]"));
  // 善光寺データ's roster is not acknowledged yet: due, with the date, and the entries behind it.
  EXPECT_TRUE(contains(clause, "有限会社善光寺データ"));
  EXPECT_TRUE(contains(clause, "期限あり"));
  EXPECT_TRUE(contains(clause, "までに"));
  EXPECT_TRUE(contains(clause, "href=\"/ledger/entries/"));
  // What nothing records yet is said so, never counted as met.
  EXPECT_TRUE(contains(r.body, "未記録"));
  // The tab sits with the contract's other pages.
  EXPECT_TRUE(
      contains(get("kobayashi", std::string("/contracts/") + kNagano + "/monitoring").body, "href=\"" + target + "\""));

  // As of a day the contract did not exist: the reason sits under the date, with today's report.
  auto before = get("kobayashi", target + "?at=2020-01-01");
  EXPECT_EQ(before.status, 400);
  EXPECT_TRUE(contains(before.body, "id=\"compliance-at-error\""));
  EXPECT_TRUE(contains(before.body, "id=\"clause-第1\""));

  // A subcontractor reads its own party's findings; others do not see the contract at all.
  auto sub = get("ito", target);
  ASSERT_EQ(sub.status, 200);
  EXPECT_TRUE(contains(sub.body, "有限会社善光寺データ"));
  EXPECT_FALSE(contains(sub.body, "株式会社しなの情報システム</strong>"));
  EXPECT_EQ(get("other", target).status, 404);
  EXPECT_EQ(get("takahashi", target).status, 404);
}

// --- the city's acknowledgement ---

TEST_F(Pages, TheCityAcknowledgesARosterVersionWithTheFormsCsrfToken) {
  const auto target = "/contracts/nagano-2026-001/rosters/shinano-is/versions/2/acknowledge";
  EXPECT_EQ(post("kobayashi", target, {.csrf = false}).status, 403);
  EXPECT_FALSE(latest(kNagano, "shinano-is")->acknowledged_by.has_value());
  EXPECT_EQ(post("nakamura", target).status, 403);   // the auditor only reads
  EXPECT_EQ(post("takahashi", target).status, 404);  // another city's officer
  EXPECT_EQ(post("yamada", target).status, 403);     // the contractor itself
  EXPECT_FALSE(latest(kNagano, "shinano-is")->acknowledged_by.has_value());

  auto done = post("kobayashi", target,
                   {.body = form_body({{"back", "/contracts/nagano-2026-001/rosters/shinano-is/diff?from=1&to=2"}})});
  EXPECT_EQ(done.status, 303);
  EXPECT_EQ(*done.header("Location"),
            "/contracts/nagano-2026-001/rosters/shinano-is/diff?from=1&to=2&notice=acknowledged");
  EXPECT_EQ(latest(kNagano, "shinano-is")->acknowledged_by, "p-kobayashi");
  auto shown = get("kobayashi", "/contracts/nagano-2026-001?notice=acknowledged");
  EXPECT_TRUE(contains(shown.body, "体制表を受領しました"));

  // Twice is a conflict, shown as a page with the domain's message.
  auto again = post("kobayashi", target);
  EXPECT_EQ(again.status, 409);
  EXPECT_TRUE(contains(again.body, "role=\"alert\"") || contains(again.body, "<h1>"));
  // Going back elsewhere than the contract is not followed.
  auto sub = post("kobayashi", "/contracts/nagano-2026-001/rosters/zenkoji-data/versions/1/acknowledge",
                  {.body = form_body({{"back", "https://evil.example/"}})});
  EXPECT_EQ(*sub.header("Location"), "/contracts/nagano-2026-001?notice=acknowledged");
}

TEST_F(Pages, TheDiffPageSaysWhatChangedInTheChosenLanguage) {
  const std::string base = "/contracts/nagano-2026-001/rosters/shinano-is/diff";
  auto ja = get("kobayashi", base + "?from=1&to=2");
  ASSERT_EQ(ja.status, 200);
  EXPECT_TRUE(contains(ja.body, "加藤 翔"));
  EXPECT_TRUE(contains(ja.body, "夜間監視体制の追加"));
  EXPECT_TRUE(contains(ja.body, "第1版 → 第2版"));
  // The form to acknowledge comes after the changes it acknowledges.
  EXPECT_LT(ja.body.find("id=\"changes-heading\""), ja.body.find("/versions/2/acknowledge"));
  EXPECT_TRUE(contains(ja.body, "最後に受領した第1版から第2版までの変更は上のとおりです"));
  auto en = get("kobayashi", base + "?from=1&to=2&lang=en");
  EXPECT_TRUE(contains(en.body, "Version 1 → Version 2"));
  EXPECT_NE(ja.body, en.body);
  // By default: the latest version against the last one the city acknowledged.
  EXPECT_TRUE(contains(get("kobayashi", base).body, "第1版 → 第2版"));
  auto first = get("kobayashi", base + "?from=0&to=1");
  EXPECT_TRUE(contains(first.body, "鈴木 一郎"));
  // Another range shows no form, but the way to the changes the acknowledgement covers.
  EXPECT_FALSE(contains(first.body, "/acknowledge\""));
  auto other = get("kobayashi", base + "?from=0&to=2");
  EXPECT_FALSE(contains(other.body, "/versions/2/acknowledge"));
  EXPECT_TRUE(contains(slice(other.body, "id=\"acknowledge-elsewhere\"", "</p>"), "href=\"" + base + "?to=2\""));
  EXPECT_EQ(get("kobayashi", base + "?from=1&to=9").status, 404);
  EXPECT_EQ(get("kobayashi", base + "?from=2&to=1").status, 404);
  EXPECT_EQ(get("kobayashi", base + "?from=x").status, 404);
  EXPECT_EQ(get("ito", base + "?from=1&to=2").status, 404);  // the subcontractor does not read 乙's roster
  EXPECT_EQ(get("yamada", base + "?from=1&to=2").status, 200);
}

// --- the roster edit form ---

TEST_F(Pages, OnlyThePartysResponsiblePersonAndInformationManagerGetTheEditForm) {
  const std::string target = "/contracts/nagano-2026-001/rosters/shinano-is/edit";
  auto form = get("yamada", target);
  ASSERT_EQ(form.status, 200);
  EXPECT_TRUE(contains(form.body, "name=\"worker.0.work\""));
  EXPECT_TRUE(contains(form.body, "value=\"運用監視・障害対応\""));
  EXPECT_TRUE(contains(form.body, "name=\"base_version\" value=\"2\""));
  EXPECT_TRUE(contains(form.body, "<template id=\"worker-template\">"));
  EXPECT_TRUE(contains(form.body, "worker.__i__.person"));
  EXPECT_EQ(get("suzuki", target).status, 404);     // a worker
  EXPECT_EQ(get("ito", target).status, 404);        // the subcontractor
  EXPECT_EQ(get("kobayashi", target).status, 404);  // the city
  EXPECT_EQ(get("other", target).status, 404);
  EXPECT_EQ(get("ito", "/contracts/nagano-2026-001/rosters/zenkoji-data/edit").status, 200);
}

TEST_F(Pages, SubmittingTheFormRecordsOneNewVersionWithEveryChange) {
  const std::string target = "/contracts/nagano-2026-001/rosters/shinano-is/edit";
  // Start from the form as shown, then: end 田中's assignment, add 佐藤 as a worker, remove
  // the on-site location and add another, drop 鈴木's access line, add one for 佐藤.
  const auto before = latest(kNagano, "shinano-is");
  ASSERT_EQ(before->version, 2);
  std::vector<std::pair<std::string, std::string>> fields = {
      {"base_version", "2"}, {"responsible", "p-yamada"}, {"information_manager", "p-sato"}, {"note", "体制の見直し"}};
  for (std::size_t i = 0; i < before->roster.workers.size(); ++i) {
    const auto& w = before->roster.workers[i];
    const auto n = "worker." + std::to_string(i) + ".";
    fields.insert(fields.end(), {{n + "fixed", "yes"},
                                 {n + "person", w.person},
                                 {n + "work", w.work},
                                 {n + "from", w.from},
                                 {n + "until", w.person == "p-tanaka" ? "2026-09-15" : w.until}});
  }
  fields.insert(fields.end(), {{"worker.9.person", "p-sato"},
                               {"worker.9.work", "品質監査"},
                               {"worker.9.from", "2026-10-01"},
                               {"worker.9.until", ""}});
  for (std::size_t i = 0; i < before->roster.locations.size(); ++i) {
    const auto& l = before->roster.locations[i];
    const auto n = "location." + std::to_string(i) + ".";
    fields.insert(fields.end(),
                  {{n + "fixed", "yes"}, {n + "id", l.id}, {n + "name", l.name}, {n + "address", l.address}});
    if (l.city_premises) fields.insert(fields.end(), {{n + "city_premises", "yes"}, {n + "remove", "yes"}});
  }
  fields.insert(fields.end(), {{"location.5.name", "データセンター"}, {"location.5.address", "長野市若里"}});
  for (std::size_t i = 0; i < before->roster.access.size(); ++i) {
    const auto& a = before->roster.access[i];
    const auto n = "access." + std::to_string(i) + ".";
    fields.insert(fields.end(), {{n + "fixed", "yes"},
                                 {n + "asset_class", a.asset_class},
                                 {n + "person", a.person},
                                 {n + "permission", a.permission}});
    if (a.person == "p-suzuki") fields.push_back({n + "remove", "yes"});
  }
  fields.insert(fields.end(),
                {{"access.7.asset_class", "設計書"}, {"access.7.person", "p-sato"}, {"access.7.permission", "use"}});

  auto done = post("yamada", target, {.body = form_body(fields)});
  ASSERT_EQ(done.status, 303) << done.body;
  EXPECT_EQ(*done.header("Location"), "/contracts/nagano-2026-001?notice=roster_submitted#roster-shinano-is");
  const auto after = latest(kNagano, "shinano-is");
  ASSERT_EQ(after->version, 3);
  EXPECT_EQ(after->note, "体制の見直し");
  EXPECT_EQ(after->submitted_by, "person:p-yamada");
  EXPECT_FALSE(after->acknowledged_by.has_value());
  ASSERT_EQ(after->roster.workers.size(), 4u);
  EXPECT_EQ(after->roster.workers[1].until, "2026-09-15");
  EXPECT_EQ(after->roster.workers[3].person, "p-sato");
  ASSERT_EQ(after->roster.locations.size(), 2u);
  EXPECT_EQ(after->roster.locations[1].name, "データセンター");
  EXPECT_FALSE(after->roster.locations[1].city_premises);
  EXPECT_EQ(std::count_if(after->roster.access.begin(), after->roster.access.end(),
                          [](const auto& a) { return a.person == "p-suzuki"; }),
            0);
  EXPECT_EQ(after->roster.access.back().permission, "use");

  // The city sees it waiting; version 2 was never acknowledged, so what the city reads is every
  // change since version 1, the last it acknowledged (長野市 第1): 加藤's access to 個人情報 from
  // version 2 as well as version 3's data centre.
  EXPECT_TRUE(contains(get("kobayashi", "/").body, "/rosters/shinano-is/diff?to=3"));
  auto diff = get("kobayashi", "/contracts/nagano-2026-001/rosters/shinano-is/diff?to=3");
  EXPECT_TRUE(contains(diff.body, "第1版 → 第3版"));
  EXPECT_TRUE(contains(diff.body, "データセンター"));
  EXPECT_TRUE(contains(diff.body, "加藤 翔"));
  EXPECT_TRUE(contains(diff.body, "その間に提出された版も、この受領であわせて受領済みになります"));
  auto acknowledged = post("kobayashi", "/contracts/nagano-2026-001/rosters/shinano-is/versions/3/acknowledge");
  ASSERT_EQ(acknowledged.status, 303) << acknowledged.body;
  const auto versions =
      service_->read([](const domain::State& s) { return s.contract("nagano-2026-001")->rosters.at("shinano-is"); });
  EXPECT_EQ(versions[1].settled_by, 3);
  EXPECT_FALSE(versions[1].acknowledged_by.has_value());
  EXPECT_EQ(versions[2].acknowledged_by, "p-kobayashi");
  // Nothing of shinano-is waits any more; version 2 says with which version it was acknowledged.
  EXPECT_FALSE(contains(get("kobayashi", "/").body, "/rosters/shinano-is/diff"));
  EXPECT_TRUE(contains(get("kobayashi", "/contracts/nagano-2026-001").body, "第3版とあわせて受領"));
  EXPECT_EQ(post("kobayashi", "/contracts/nagano-2026-001/rosters/shinano-is/versions/2/acknowledge").status, 409);

  // The same form again is stale: version 3 was submitted meanwhile.
  auto stale = post("yamada", target, {.body = form_body(fields)});
  EXPECT_EQ(stale.status, 409);
  EXPECT_TRUE(contains(stale.body, "別の版が提出されました"));
  EXPECT_TRUE(contains(stale.body, "value=\"データセンター\""));  // what was typed is kept
  EXPECT_EQ(latest(kNagano, "shinano-is")->version, 3);
}

TEST_F(Pages, AFormOvertakenByAnotherVersionIsLaidOverItAndSubmittedOnce) {
  const std::string target = "/contracts/nagano-2026-001/rosters/shinano-is/edit";
  const std::string form_marker = "class=\"roster-form\"";
  // 山田 opens the form on version 2 and ends 田中's assignment.
  auto fields = submitted_fields(get("yamada", target).body, form_marker);
  ASSERT_FALSE(fields.empty());
  auto set = [&](const std::string& name, const std::string& value) {
    for (auto& [key, old] : fields)
      if (key == name) old = value;
  };
  std::string tanaka;
  for (const auto& [key, value] : fields)
    if (value == "p-tanaka" && key.starts_with("worker.")) tanaka = key.substr(0, key.rfind('.'));
  ASSERT_FALSE(tanaka.empty());
  set(tanaka + ".until", "2026-09-15");
  set("note", "田中の従事終了");
  // Meanwhile 佐藤 records version 3 with a new work location.
  auto theirs = latest(kNagano, "shinano-is")->roster;
  theirs.locations.push_back({"dc", "データセンター", "長野市若里", false, ""});
  ASSERT_TRUE(service_
                  ->execute(domain::SubmitRoster{kNagano, "shinano-is", theirs, "データセンターの追加"},
                            domain::Principal::system(domain::Actor::person("p-sato")))
                  .ok());
  const auto size = ledger_->size();

  // 山田's submission records nothing: the page shows what version 3 changed and the edit laid
  // over it, on version 3.
  auto rebased = post("yamada", target, {.body = form_body(fields)});
  ASSERT_EQ(rebased.status, 409);
  EXPECT_EQ(ledger_->size(), size);
  EXPECT_TRUE(contains(rebased.body, "編集中に提出された版"));
  EXPECT_TRUE(contains(rebased.body, "データセンターの追加"));
  EXPECT_TRUE(contains(rebased.body, "作業場所の追加: データセンター"));
  EXPECT_TRUE(contains(rebased.body, "name=\"base_version\" value=\"3\""));
  EXPECT_TRUE(contains(rebased.body, "value=\"2026-09-15\""));
  EXPECT_TRUE(contains(rebased.body, "value=\"田中の従事終了\"") || contains(rebased.body, ">田中の従事終了<"));

  // Submitting the page as shown records version 4 with both changes.
  auto done = post("yamada", target, {.body = form_body(submitted_fields(rebased.body, form_marker))});
  ASSERT_EQ(done.status, 303) << slice(done.body, "role=\"alert\"", "</div>");
  const auto after = latest(kNagano, "shinano-is");
  ASSERT_EQ(after->version, 4);
  EXPECT_EQ(after->note, "田中の従事終了");
  EXPECT_TRUE(std::ranges::any_of(after->roster.locations, [](const auto& l) { return l.name == "データセンター"; }));
  EXPECT_TRUE(std::ranges::any_of(after->roster.workers,
                                  [](const auto& w) { return w.person == "p-tanaka" && w.until == "2026-09-15"; }));
}

TEST_F(Pages, ARosterRefusalSitsNextToTheRowItConcernsAndNamesNoIds) {
  const std::string target = "/contracts/nagano-2026-001/rosters/shinano-is/edit";
  auto page = get("yamada", target);
  // Classes are chosen from the contract's, not typed.
  const auto blank_access = slice(page.body, "<select id=\"access-", "</select>");
  EXPECT_TRUE(contains(blank_access, "class\""));
  EXPECT_TRUE(contains(blank_access, ">個人情報</option>"));
  EXPECT_FALSE(contains(page.body, "list=\"asset-classes\""));

  auto fields = submitted_fields(page.body, "class=\"roster-form\"");
  fields.insert(fields.end(), {{"note", "応援"},
                               {"worker.9.person", "p-watanabe"},  // the subcontractor's
                               {"worker.9.work", "応援"},
                               {"worker.9.from", "2026-10-01"}});
  auto refused = post("yamada", target, {.body = form_body(fields)});
  EXPECT_EQ(refused.status, 400);
  EXPECT_TRUE(contains(slice(refused.body, "id=\"form-error\"", "</div>"), "印の付いた箇所を確認してください"));
  // The message is under the row of 渡辺 (the last worker row), not above the form with her id.
  const auto row_error = slice(refused.body, "class=\"row-error\"", "</tr>");
  EXPECT_TRUE(contains(row_error, "体制表には当該事業者の所属者だけを記載できます"));
  EXPECT_TRUE(contains(row_error, "id=\"worker-"));
  EXPECT_FALSE(contains(refused.body, "p-watanabe）"));
  EXPECT_FALSE(contains(refused.body, "person: "));

  // A class typed into the request that the contract does not define: under its access row.
  fields.resize(fields.size() - 3);
  fields.insert(
      fields.end(),
      {{"access.9.asset_class", "個人情報類"}, {"access.9.person", "p-suzuki"}, {"access.9.permission", "view"}});
  auto unknown = post("yamada", target, {.body = form_body(fields)});
  EXPECT_EQ(unknown.status, 400);
  const auto access_error = slice(unknown.body, "class=\"row-error\"", "</tr>");
  EXPECT_TRUE(contains(access_error, "この契約に定義されていない情報資産の区分です"));
  EXPECT_TRUE(contains(access_error, "id=\"access-"));
  EXPECT_EQ(latest(kNagano, "shinano-is")->version, 2);
}

TEST_F(Pages, ARefusedSubmissionShowsTheFormAgainWithTheReasonAndChangesNothing) {
  const std::string target = "/contracts/nagano-2026-001/rosters/zenkoji-data/edit";
  session_of("ito");  // signing in is itself recorded
  session_of("yamada");
  const auto size = ledger_->size();
  std::vector<std::pair<std::string, std::string>> fields = {{"base_version", "1"},
                                                             {"responsible", "p-ito"},
                                                             {"information_manager", "p-ito"},
                                                             {"worker.0.fixed", "yes"},
                                                             {"worker.0.person", "p-watanabe"},
                                                             {"worker.0.work", "移行データの入力・照合"},
                                                             {"worker.0.from", "2026-05-01"},
                                                             {"worker.0.until", "2026-08-31"},
                                                             {"location.0.fixed", "yes"},
                                                             {"location.0.id", "zd-office"},
                                                             {"location.0.name", "善光寺データ 作業室"},
                                                             {"location.0.address", "長野県長野市元善町491"},
                                                             {"worker.1.person", "p-suzuki"},
                                                             {"worker.1.work", "応援"},
                                                             {"worker.1.from", "2026-10-01"}};
  // No reason given.
  auto no_note = post("ito", target, {.body = form_body(fields)});
  EXPECT_EQ(no_note.status, 400);
  EXPECT_TRUE(contains(no_note.body, "変更の理由を入力してください"));
  // A person of another organisation: the domain refuses, in English when asked.
  fields.push_back({"note", "応援"});
  auto refused = post("ito", target, {.body = form_body(fields), .language_cookie = "en"});
  EXPECT_EQ(refused.status, 400);
  EXPECT_TRUE(contains(refused.body, "role=\"alert\""));
  EXPECT_TRUE(contains(refused.body, "<html lang=\"en\">"));
  EXPECT_TRUE(contains(refused.body, "value=\"応援\""));
  // Without the CSRF token nothing is even tried.
  EXPECT_EQ(post("ito", target, {.body = form_body(fields), .csrf = false}).status, 403);
  EXPECT_EQ(ledger_->size(), size);
  EXPECT_EQ(latest(kNagano, "zenkoji-data")->version, 1);
  // Someone who may not keep this roster gets no further than a 404.
  EXPECT_EQ(post("yamada", target, {.body = form_body(fields)}).status, 404);
}

// --- organisations and people ---

TEST_F(Pages, PeopleListsShowWhatMayReadPersonAllowsAndKeepLeavers) {
  ASSERT_TRUE(
      service_->execute(domain::RecordDeparture{"p-tanaka", "left", "2026-09-15"}, domain::Principal::system()).ok());
  auto people = get("yamada", "/people");
  EXPECT_TRUE(contains(people.body, "田中 美咲"));
  EXPECT_TRUE(contains(people.body, "退職（2026-09-15（令和8年9月15日））"));
  EXPECT_TRUE(contains(people.body, "渡辺 さくら"));  // the subcontractor's people
  EXPECT_FALSE(contains(people.body, "他社 員"));
  auto filtered = get("yamada", "/people?org=zenkoji-data");
  EXPECT_TRUE(contains(filtered.body, "渡辺 さくら"));
  EXPECT_FALSE(contains(filtered.body, "田中 美咲"));

  auto leaver = get("kobayashi", "/people/p-tanaka");
  ASSERT_EQ(leaver.status, 200);
  EXPECT_TRUE(contains(leaver.body, "退職"));
  EXPECT_TRUE(contains(leaver.body, "守秘義務"));
  EXPECT_TRUE(contains(leaver.body, "データ移行プログラムの作成"));  // history stays
  EXPECT_TRUE(contains(leaver.body, "長野市情政第2026-001号"));

  auto sub = get("ito", "/people");
  EXPECT_TRUE(contains(sub.body, "渡辺 さくら"));
  EXPECT_FALSE(contains(sub.body, "山田 太郎"));
  EXPECT_EQ(get("ito", "/people/p-yamada").status, 404);
  EXPECT_EQ(get("other", "/people/p-tanaka").status, 404);
  EXPECT_EQ(get("kobayashi", "/people/nobody").status, 404);
  // The Kisarazu officer reads the contractor's people but not the Nagano-only subcontractor's.
  EXPECT_EQ(get("takahashi", "/people/p-yamada").status, 200);
  EXPECT_EQ(get("takahashi", "/people/p-watanabe").status, 404);
  auto history = get("takahashi", "/people/p-suzuki");
  EXPECT_TRUE(contains(history.body, "木更津市委第2026-014号"));
  EXPECT_FALSE(contains(history.body, "長野市情政第2026-001号"));
}

TEST_F(Pages, OrganisationsShowsThePartiesOfVisibleContracts) {
  auto sub = get("ito", "/organisations");
  EXPECT_TRUE(contains(sub.body, "有限会社善光寺データ"));
  EXPECT_FALSE(contains(sub.body, "株式会社よそ"));
  EXPECT_FALSE(contains(sub.body, "木更津市"));
  auto admin = get("admin", "/organisations");
  EXPECT_TRUE(contains(admin.body, "株式会社よそ"));
  EXPECT_TRUE(contains(admin.body, "木更津市"));
}

// --- ledger ---

TEST_F(Pages, TheLedgerPageShowsTheLatestSignedCheckpoint) {
  session_of("yamada");  // signing in is itself recorded: sign in before the checkpoint
  auto checkpoint = ledger_->checkpoint_now();
  ASSERT_TRUE(checkpoint.ok());
  auto r = get("yamada", "/ledger");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(
      contains(r.body, "<pre class=\"note\">web.test/ledger\n" + std::to_string(checkpoint->checkpoint.size) + "\n"));
  EXPECT_TRUE(contains(r.body, ledger::read_identity(*database_).value().verifier_key));
  EXPECT_TRUE(contains(r.body, "action=\"/ledger/entries\""));
  EXPECT_EQ(*get("yamada", "/ledger/entries?index=3").header("Location"), "/ledger/entries/3");
  EXPECT_EQ(get("yamada", "/ledger/entries?index=abc").status, 400);
  EXPECT_EQ(get("yamada", "/ledger/entries?index=99999999").status, 400);
}

TEST_F(Pages, AnEntryVerifiesAgainstTheCheckpointAndIsShownOnlyToThoseWhoMayReadWhatItRecords) {
  const auto index = entry_of("roster.version_submitted", kNagano);
  const auto target = "/ledger/entries/" + std::to_string(index);
  auto city = get("kobayashi", target);
  ASSERT_EQ(city.status, 200);
  EXPECT_TRUE(contains(city.body, "包含証明を検証しました"));
  EXPECT_TRUE(contains(city.body, "roster.version_submitted"));
  EXPECT_TRUE(contains(city.body, "/ledger/entries/" + std::to_string(index) + "/proof"));

  auto other_city = get("takahashi", target);
  ASSERT_EQ(other_city.status, 200);
  EXPECT_TRUE(contains(other_city.body, "包含証明を検証しました"));
  EXPECT_FALSE(contains(other_city.body, "roster.version_submitted"));
  EXPECT_FALSE(contains(other_city.body, "鈴木"));
  EXPECT_TRUE(contains(other_city.body, "表示する権限がありません"));
  // Its proof still shows that the entry is in the ledger, without the entry.
  EXPECT_TRUE(contains(other_city.body, target + "/proof"));
  auto other_proof = get("takahashi", target + "/proof");
  ASSERT_EQ(other_proof.status, 200);
  EXPECT_FALSE(json::parse(other_proof.body).contains("entry"));
  EXPECT_FALSE(contains(other_proof.body, "鈴木"));

  // The downloadable proof verifies offline with the instance's key.
  auto proof = get("kobayashi", target + "/proof");
  ASSERT_EQ(proof.status, 200);
  const auto key = ledger::read_identity(*database_).value().verifier_key;
  EXPECT_TRUE(ledger::verify_proof_json(json::parse(proof.body), key).ok());

  // Entries about no contract follow their object's rule: a person by may_read_person.
  std::uint64_t other = 0;
  for (std::uint64_t i = 0; i < ledger_->size(); ++i) {
    const auto event = json::parse(ledger_->entry(i).value())["event"];
    if (event.value("type", "") == "person.registered" && event["data"].value("id", "") == "p-other") other = i;
  }
  ASSERT_NE(other, 0u);
  const auto other_target = "/ledger/entries/" + std::to_string(other);
  EXPECT_TRUE(contains(get("other", other_target).body, "person.registered"));
  EXPECT_TRUE(contains(get("admin", "/ledger/entries/0").body, "ledger.initialised"));
  for (const std::string login : {"yamada", "kobayashi"}) {
    auto stranger = get(login, other_target);
    EXPECT_FALSE(contains(stranger.body, "person.registered")) << login;
    EXPECT_TRUE(contains(stranger.body, "包含証明を検証しました")) << login;
  }

  EXPECT_EQ(get("kobayashi", "/ledger/entries/" + std::to_string(ledger_->size() + 5)).status, 404);
  EXPECT_EQ(get("kobayashi", "/ledger/entries/-1").status, 404);
}

// --- static files ---

TEST_F(Pages, StaticFilesAreServedWithTypesAndCaching) {
  auto css = get("", "/static/app.css");
  ASSERT_EQ(css.status, 200);
  EXPECT_EQ(css.header("Content-Type"), "text/css; charset=utf-8");
  EXPECT_EQ(css.header("Cache-Control"), "public, max-age=300");
  EXPECT_EQ(css.body, std::string(*web::asset("static/app.css")));
  auto fingerprinted = get("", "/static/app.css?v=" + web::asset_version("static/app.css"));
  EXPECT_EQ(fingerprinted.header("Cache-Control"), "public, max-age=31536000, immutable");
  auto js = get("", "/static/app.js");
  EXPECT_EQ(js.header("Content-Type"), "text/javascript; charset=utf-8");
  auto unchanged = get("", "/static/app.js", {.if_none_match = std::string(*js.header("ETag"))});
  EXPECT_EQ(unchanged.status, 304);
  EXPECT_TRUE(unchanged.body.empty());
  EXPECT_EQ(get("", "/static/none.css").status, 404);
  EXPECT_EQ(get("", "/static/..%2Fi18n%2Fja.json").status, 404);
  // Pages link their files by fingerprint.
  EXPECT_TRUE(contains(get("", "/login").body, "/static/app.css?v=" + web::asset_version("static/app.css")));
}

TEST_F(Pages, EveryPageRendersInBothLanguagesWithTheSameStructure) {
  const std::vector<std::string> targets = {"/",
                                            "/contracts/nagano-2026-001",
                                            "/contracts/nagano-2026-001/rosters/shinano-is/diff",
                                            "/organisations",
                                            "/people",
                                            "/people/p-yamada",
                                            "/ledger",
                                            "/ledger/entries/1",
                                            "/provisions/kisarazu/1",
                                            "/contracts/nagano-2026-001/compliance",
                                            "/contracts/nagano-2026-001/approvals",
                                            "/contracts/nagano-2026-001/approvals/new?type=copy"};
  for (const auto& target : targets)
    for (const std::string language : {"ja", "en"}) {
      auto r = get("admin", target, {.language_cookie = language});
      EXPECT_EQ(r.status, 200) << target;
      EXPECT_TRUE(contains(r.body, "<html lang=\"" + language + "\">")) << target;
      EXPECT_TRUE(contains(r.body, "<nav class=\"main-nav\"")) << target;
    }
  auto edit = get("admin", "/contracts/nagano-2026-001/rosters/shinano-is/edit", {.language_cookie = "en"});
  EXPECT_EQ(edit.status, 200);
  EXPECT_TRUE(contains(edit.body, "Change the roster"));
}

}  // namespace
}  // namespace itaku::testing
