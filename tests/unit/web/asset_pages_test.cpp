// The information-asset pages through the router, as a browser would use them: a real SQLite
// database, ledger, service and authenticator with the demo and its accounts, real sign-ins,
// CSRF tokens in forms. Checks the class matrix and the city's form, the register and an
// asset's chain of custody, hand-overs with the receiver's acknowledgement and the receipt
// PDF, the decision and access logs, monitoring, the public receipt check, who sees what, and
// the markup rules every page follows.

#include <map>
#include <regex>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "itaku/auth/rate_limiter.hpp"
#include "itaku/service/document_files.hpp"
#include "itaku/service/receipts.hpp"
#include "itaku/web/assets.hpp"
#include "unit/web/page_fixture.hpp"

namespace itaku::testing {
namespace {

using nlohmann::json;
constexpr const char* kNagano = "nagano-2026-001";
const std::string kBase = "/contracts/nagano-2026-001";

class AssetPages : public PageFixture {
 protected:
  void check_markup(const std::string& target, const http::Response& response) override {
    PageFixture::check_markup(target, response);
    expect_forms_carry_csrf(target, response);
  }

  template <typename F>
  auto read(F&& f) {
    return service_->read(std::forward<F>(f));
  }
  const domain::Contract& nagano() {
    return *read([](const domain::State& s) { return s.contract(kNagano); });
  }

  // An asset of the city in 小林's custody, handed over to 山田 through the form.
  void hand_over_new_asset(const std::string& asset) {
    ASSERT_TRUE(service_
                    ->execute(domain::RegisterAsset{kNagano, asset, "personal", "住民税課税データ", "city", "",
                                                    "暗号化USBメモリ", "1", "p-kobayashi", "情報政策課"},
                              domain::Principal::system(domain::Actor::person("p-kobayashi")))
                    .ok());
    auto done = post("kobayashi", kBase + "/transfers",
                     {.body = form_body({{"assets." + asset, "yes"}, {"to", "p-yamada"}, {"note", "作業用"}})});
    ASSERT_EQ(done.status, 303) << done.body;
    EXPECT_EQ(*done.header("Location"), kBase + "/transfers?notice=transfer_created");
  }
};

const std::vector<std::string> kPages = {
    kBase + "/asset-classes", kBase + "/assets",    kBase + "/assets/juminhyo-2026-04",
    kBase + "/transfers",     kBase + "/decisions", kBase + "/access-events",
    kBase + "/monitoring"};

// --- who sees what ---

TEST_F(AssetPages, StrangersSignInFirstAndOtherContractorsOrCitiesFindNothing) {
  for (const auto& target : kPages) {
    auto stranger = get("", target);
    EXPECT_EQ(stranger.status, 303) << target;
    EXPECT_TRUE(stranger.header("Location")->starts_with("/login?next=")) << target;
    EXPECT_EQ(get("other", target).status, 404) << target;
    EXPECT_EQ(get("takahashi", target).status, 404) << target;  // the other city's officer
    EXPECT_EQ(get("kobayashi", target).status, 200) << target;
  }
  EXPECT_EQ(get("kobayashi", "/contracts/kisarazu-2026-014/assets").status, 404);
  EXPECT_EQ(get("kobayashi", kBase + "/assets/no-such-asset").status, 404);
  EXPECT_EQ(get("other", kBase + "/transfers/t-0001/receipt.pdf").status, 404);
  // The subcontractor sees the contract, but not what the city handed to the contractor.
  EXPECT_EQ(get("ito", kBase + "/assets/juminhyo-2026-04").status, 404);
  EXPECT_EQ(get("ito", kBase + "/transfers/t-0001/receipt.pdf").status, 404);
  auto register_for_sub = get("ito", kBase + "/assets");
  EXPECT_TRUE(contains(register_for_sub.body, "表示できる情報資産はありません"));
  EXPECT_FALSE(contains(register_for_sub.body, "住民基本台帳データ"));
}

TEST_F(AssetPages, TheContractPageLeadsToEveryAssetPage) {
  auto r = get("yamada", kBase);
  ASSERT_EQ(r.status, 200);
  for (const std::string link : {"情報資産の種類", "情報資産台帳", "授受", "判定記録", "監視"})
    EXPECT_TRUE(contains(r.body, link)) << link;
  for (const std::string path : {"/asset-classes", "/assets", "/transfers", "/decisions", "/monitoring"})
    EXPECT_TRUE(contains(r.body, "href=\"" + kBase + path + "\"")) << path;
}

TEST_F(AssetPages, TheAuditorReadsEveryPageButGetsNoForms) {
  for (const auto& target : kPages) {
    auto r = get("nakamura", target);
    ASSERT_EQ(r.status, 200) << target;
    // The only form that posts is signing out.
    EXPECT_FALSE(std::regex_search(r.body, std::regex(R"re(<form method="post" action="/contracts)re"))) << target;
  }
  EXPECT_TRUE(contains(get("nakamura", kBase + "/monitoring").body, "件数（契約全体）"));
  session_of("nakamura");
  const auto size = ledger_->size();
  EXPECT_EQ(post("nakamura", kBase + "/asset-classes", {.body = form_body({{"id", "x"}, {"name", "X"}})}).status, 403);
  EXPECT_EQ(post("nakamura", kBase + "/assets",
                 {.body = form_body({{"id", "x"},
                                     {"class", "personal"},
                                     {"description", "X"},
                                     {"origin", "city"},
                                     {"media", "紙"},
                                     {"custodian", "p-kobayashi"}})})
                .status,
            403);
  EXPECT_EQ(post("nakamura", kBase + "/transfers/t-0001/acknowledge").status, 403);
  EXPECT_EQ(ledger_->size(), size);
}

// --- asset classes ---

TEST_F(AssetPages, TheMatrixShowsEachActionsConditionsInJapaneseAndWhatIsNotAllowed) {
  auto r = get("yamada", kBase + "/asset-classes");
  ASSERT_EQ(r.status, 200);
  const auto& html = r.body;
  EXPECT_TRUE(contains(html, "個人情報"));
  EXPECT_TRUE(contains(html, "設計書"));
  EXPECT_TRUE(contains(html, "<span class=\"badge warn\">重要</span>"));
  // 長野市 第5: provision to a third party is not allowed for any class.
  const auto third_party = slice(html, "<th scope=\"row\">第三者への提供</th>", "</tr>");
  ASSERT_FALSE(third_party.empty());
  EXPECT_TRUE(contains(third_party, "不可"));
  EXPECT_FALSE(contains(third_party, "<li>"));
  // Copying needs the city's approval; reading a sensitive class needs training.
  const auto copy = slice(html, "<th scope=\"row\">複写・複製</th>", "</tr>");
  EXPECT_TRUE(contains(copy, "市の承認（複写・複製）"));
  const auto read_row = slice(html, "<th scope=\"row\">閲覧</th>", "</tr>");
  EXPECT_TRUE(contains(read_row, "<li>教育の受講</li>"));
  EXPECT_TRUE(contains(read_row, "<li>体制表に記載</li>"));
  for (const auto& action : {"編集", "印刷", "持出し", "外部出力", "送信", "管理外の電子計算機への入力"})
    EXPECT_TRUE(contains(html, std::string("<th scope=\"row\">") + action + "</th>")) << action;
  // Each definition's ledger record.
  const auto index =
      read([](const domain::State& s) { return s.contract(kNagano)->asset_class("design")->defined_index; });
  EXPECT_TRUE(contains(html, "href=\"/ledger/entries/" + std::to_string(index) + "\""));
  // The contractor defines nothing.
  EXPECT_FALSE(contains(html, "name=\"allow.read\""));
  EXPECT_EQ(post("yamada", kBase + "/asset-classes", {.body = form_body({{"id", "x"}, {"name", "X"}})}).status, 403);

  auto en = get("yamada", kBase + "/asset-classes", {.language_cookie = "en"});
  EXPECT_TRUE(contains(en.body, "Provide to a third party"));
  EXPECT_TRUE(contains(en.body, "Not allowed"));
}

TEST_F(AssetPages, AFormPostOverTheUsersRateIsRefused429AndRecordsNothing) {
  limiter_.set_limits(RateLimits{{100, 2000}, {1, 2}});  // a user: one page a second, two at once
  EXPECT_EQ(get("kobayashi", kBase + "/asset-classes").status, 200);
  EXPECT_EQ(get("kobayashi", kBase + "/asset-classes").status, 200);
  const auto size = ledger_->size();
  const auto body = form_body({{"id", "backup"}, {"name", "バックアップ"}, {"allow.read", "yes"}});
  auto refused = post("kobayashi", kBase + "/asset-classes", {.body = body});
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(refused.header("Retry-After").value_or(""), "1");
  EXPECT_TRUE(contains(refused.body, "しばらく待って"));
  EXPECT_EQ(ledger_->size(), size);
  // Someone else is not held back, and a second later the same form goes through.
  EXPECT_EQ(get("yamada", kBase + "/asset-classes").status, 200);
  clock_.advance(std::chrono::seconds(1));
  EXPECT_EQ(post("kobayashi", kBase + "/asset-classes", {.body = body}).status, 303);
}

TEST_F(AssetPages, TheCityDefinesAClassThroughTheFormAndChangesOneFromItsDefinition) {
  auto form = get("kobayashi", kBase + "/asset-classes");
  EXPECT_TRUE(contains(form.body, "name=\"allow.read\""));
  EXPECT_TRUE(contains(form.body, "name=\"cond.copy.training_valid\""));
  EXPECT_TRUE(contains(form.body, "<select id=\"approval-copy\" name=\"approval.copy\">"));
  EXPECT_TRUE(contains(form.body, "?edit=personal#define"));

  auto done = post("kobayashi", kBase + "/asset-classes",
                   {.body = form_body({{"id", "backup"},
                                       {"name", "バックアップ"},
                                       {"name_en", "Backups"},
                                       {"sensitive", "yes"},
                                       {"allow.read", "yes"},
                                       {"cond.read.on_roster", "yes"},
                                       {"cond.read.location_registered", "yes"},
                                       {"allow.copy", "yes"},
                                       {"cond.copy.on_roster", "yes"},
                                       {"approval.copy", "copy"},
                                       {"cond.print.on_roster", "yes"},  // not allowed: ignored
                                       {"approval.read", ""}})});
  ASSERT_EQ(done.status, 303) << done.body;
  EXPECT_EQ(*done.header("Location"), kBase + "/asset-classes?notice=class_defined");
  const auto defined = read([](const domain::State& s) { return *s.contract(kNagano)->asset_class("backup"); });
  EXPECT_EQ(defined.name, "バックアップ");
  EXPECT_EQ(defined.name_en, "Backups");
  EXPECT_TRUE(defined.sensitive);
  ASSERT_EQ(defined.actions.size(), 2u);
  EXPECT_EQ(schema::encode(defined)["actions"]["read"], json::array({"on_roster", "location_registered"}));
  EXPECT_EQ(schema::encode(defined)["actions"]["copy"], json::array({"on_roster", "approval:copy"}));
  auto shown = get("kobayashi", kBase + "/asset-classes?notice=class_defined");
  EXPECT_TRUE(contains(shown.body, "情報資産の種類の定義を記録しました"));
  EXPECT_TRUE(contains(shown.body, "バックアップ"));

  // Changing a class starts from its definition.
  auto edit = get("kobayashi", kBase + "/asset-classes?edit=backup");
  EXPECT_TRUE(contains(edit.body, "value=\"バックアップ\""));
  EXPECT_TRUE(contains(edit.body, "id=\"field-sensitive\" name=\"sensitive\" type=\"checkbox\" value=\"yes\" checked"));
  EXPECT_TRUE(contains(edit.body, "id=\"allow-read\" name=\"allow.read\" type=\"checkbox\" value=\"yes\" checked"));
  EXPECT_FALSE(contains(edit.body, "id=\"allow-print\" name=\"allow.print\" type=\"checkbox\" value=\"yes\" checked"));
  EXPECT_TRUE(contains(edit.body, "<option value=\"copy\" selected>"));
}

TEST_F(AssetPages, ARefusedDefinitionShowsTheFormAgainWithTheReasonInJapanese) {
  session_of("kobayashi");
  const auto size = ledger_->size();
  auto refused = post("kobayashi", kBase + "/asset-classes",
                      {.body = form_body({{"id", "Bad Id!"}, {"name", "悪い例"}, {"allow.read", "yes"}})});
  EXPECT_EQ(refused.status, 400);
  EXPECT_TRUE(contains(refused.body, "role=\"alert\""));
  EXPECT_TRUE(contains(refused.body, "value=\"悪い例\""));  // what was typed is kept
  // The reason sits under the field it concerns, and the form keeps what was ticked.
  EXPECT_TRUE(contains(slice(refused.body, "id=\"field-id-error\"", "</p>"), "IDは英小文字"));
  EXPECT_TRUE(contains(refused.body, "id=\"allow-read\" name=\"allow.read\" type=\"checkbox\" value=\"yes\" checked"));
  // Another class's name is a conflict.
  auto taken = post("kobayashi", kBase + "/asset-classes", {.body = form_body({{"id", "pii"}, {"name", "個人情報"}})});
  EXPECT_EQ(taken.status, 409);
  EXPECT_TRUE(contains(taken.body, "同じ名前の情報資産の種類がすでにあります"));
  EXPECT_EQ(
      post("kobayashi", kBase + "/asset-classes", {.body = form_body({{"id", "ok"}, {"name", "可"}}), .csrf = false})
          .status,
      403);
  EXPECT_EQ(ledger_->size(), size);
}

// --- the register and one asset ---

TEST_F(AssetPages, TheRegisterListsAssetsWithTheirCustodianAndRegistersNewOnes) {
  auto list = get("kobayashi", kBase + "/assets");
  ASSERT_EQ(list.status, 200);
  EXPECT_TRUE(contains(list.body, "住民基本台帳データ（2026年4月分）"));
  EXPECT_TRUE(contains(list.body, "市から提供"));
  EXPECT_TRUE(contains(list.body, "暗号化USBメモリ"));
  EXPECT_TRUE(contains(slice(list.body, "juminhyo-2026-04</a></th>", "</tr>"), "山田 太郎"));  // custody moved
  // The city registers for the city's staff only.
  EXPECT_TRUE(contains(list.body, "<option value=\"p-kobayashi\" selected>"));
  EXPECT_FALSE(contains(list.body, "<option value=\"p-yamada\""));

  auto done = post("kobayashi", kBase + "/assets",
                   {.body = form_body({{"id", "tax-2026"},
                                       {"class", "personal"},
                                       {"description", "住民税課税データ"},
                                       {"origin", "city"},
                                       {"copy_of", ""},
                                       {"media", "暗号化USBメモリ"},
                                       {"quantity", "1"},
                                       {"custodian", "p-kobayashi"},
                                       {"location", "情報政策課"}})});
  ASSERT_EQ(done.status, 303) << done.body;
  EXPECT_EQ(*done.header("Location"), kBase + "/assets/tax-2026?notice=asset_registered");
  EXPECT_EQ(nagano().assets.at("tax-2026").custodian, "p-kobayashi");
  auto shown = get("kobayashi", kBase + "/assets/tax-2026?notice=asset_registered");
  EXPECT_TRUE(contains(shown.body, "情報資産を台帳に登録しました"));
  EXPECT_TRUE(contains(shown.body, "授受の記録はありません"));

  // The contractor registers what its people hold, not what the city holds; the domain's
  // refusals come back in Japanese with the form as typed.
  EXPECT_EQ(post("yamada", kBase + "/assets",
                 {.body = form_body({{"id", "x"},
                                     {"class", "personal"},
                                     {"description", "X"},
                                     {"origin", "city"},
                                     {"media", "紙"},
                                     {"custodian", "p-kobayashi"}})})
                .status,
            403);
  auto wrong_origin = post("yamada", kBase + "/assets",
                           {.body = form_body({{"id", "work-notes"},
                                               {"class", "design"},
                                               {"description", "作業メモ"},
                                               {"origin", "city"},
                                               {"media", "紙"},
                                               {"custodian", "p-suzuki"}})});
  EXPECT_EQ(wrong_origin.status, 400);
  EXPECT_TRUE(contains(wrong_origin.body, "市から提供される情報資産は市の職員が")) << wrong_origin.body;
  EXPECT_TRUE(contains(wrong_origin.body, "value=\"作業メモ\""));
  auto created = post("yamada", kBase + "/assets",
                      {.body = form_body({{"id", "work-notes"},
                                          {"class", "design"},
                                          {"description", "作業メモ"},
                                          {"origin", "created"},
                                          {"media", "紙"},
                                          {"custodian", "p-suzuki"}})});
  EXPECT_EQ(created.status, 303) << created.body;
  // The form's fields are the command's declaration: labels, required marks, and a refusal
  // that concerns one field written under that field, not above the form.
  EXPECT_TRUE(contains(list.body, "<label for=\"field-custodian\">管理者 <span class=\"required\""));
  EXPECT_TRUE(contains(list.body, "資産を保管する人"));  // the custodian's help
  EXPECT_TRUE(contains(list.body, "name=\"description\" type=\"text\" value=\"\" required maxlength=\"1000\""));
  auto bad_id = post("yamada", kBase + "/assets",
                     {.body = form_body({{"id", "作業メモ"},
                                         {"class", "design"},
                                         {"description", "作業メモ"},
                                         {"origin", "created"},
                                         {"media", "紙"},
                                         {"custodian", "p-suzuki"}})});
  EXPECT_EQ(bad_id.status, 400);
  const auto id_field = slice(bad_id.body, "<label for=\"field-id\">", "</div>");
  EXPECT_TRUE(contains(id_field, "aria-invalid=\"true\""));
  EXPECT_TRUE(contains(id_field, "<p class=\"field-error\" id=\"field-id-error\" role=\"alert\">IDは英小文字"));
  EXPECT_TRUE(contains(bad_id.body, "入力内容を確認してください"));
  EXPECT_FALSE(contains(slice(bad_id.body, "<label for=\"field-description\">", "</div>"), "field-error\""))
      << slice(bad_id.body, "<label for=\"field-description\">", "</div>");
  const std::string long_media(101, 'x');
  auto too_long = post("yamada", kBase + "/assets",
                       {.body = form_body({{"id", "notes-2"},
                                           {"class", "design"},
                                           {"description", "作業メモ"},
                                           {"origin", "created"},
                                           {"media", long_media},
                                           {"custodian", "p-suzuki"}})});
  EXPECT_EQ(too_long.status, 400);
  EXPECT_TRUE(contains(slice(too_long.body, "<label for=\"field-media\">", "</div>"), "100文字まで"));
  EXPECT_FALSE(nagano().assets.contains("notes-2"));
  // A worker keeps no register.
  EXPECT_FALSE(contains(get("suzuki", kBase + "/assets").body, "name=\"custodian\""));
}

TEST_F(AssetPages, AnAssetShowsItsChainOfCustodyWithLedgerRecords) {
  auto r = get("kobayashi", kBase + "/assets/juminhyo-2026-04");
  ASSERT_EQ(r.status, 200);
  const auto& t = nagano().transfers.at("t-0001");
  const auto chain = slice(r.body, "id=\"custody-heading\"", "</table>");
  EXPECT_TRUE(contains(chain, "t-0001"));
  EXPECT_TRUE(contains(chain, "小林 明美"));
  EXPECT_TRUE(contains(chain, "山田 太郎"));
  EXPECT_TRUE(contains(chain, "受領確認済"));
  EXPECT_TRUE(contains(chain, " JST"));
  EXPECT_TRUE(contains(chain, "href=\"/ledger/entries/" + std::to_string(t.ledger_index) + "\""));
  EXPECT_TRUE(contains(chain, "href=\"/ledger/entries/" + std::to_string(t.acknowledged_index) + "\""));
  EXPECT_EQ(get("yamada", kBase + "/assets/juminhyo-2026-04").status, 200);
}

// --- hand-overs, acknowledgement and receipts ---

TEST_F(AssetPages, AHandOverFromTheCityHasItsReceiptNumberAndPdf) {
  auto r = get("kobayashi", kBase + "/transfers");
  ASSERT_EQ(r.status, 200);
  const auto row = slice(r.body, "id=\"transfer-t-0001\"", "</tr>");
  EXPECT_TRUE(contains(row, "受領確認済"));
  EXPECT_TRUE(contains(row, "長野市情政第2026-001号-R0001"));
  EXPECT_TRUE(contains(row, "href=\"" + kBase + "/transfers/t-0001/receipt.pdf\""));
  EXPECT_TRUE(contains(r.body, "href=\"/receipts/verify\""));

  auto pdf = get("yamada", kBase + "/transfers/t-0001/receipt.pdf");
  ASSERT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.header("Content-Type"), "application/pdf");
  EXPECT_TRUE(pdf.body.starts_with("%PDF"));
  EXPECT_TRUE(contains(std::string(*pdf.header("Content-Disposition")), "attachment"));
  EXPECT_EQ(pdf.header("Cache-Control"), "no-store");
  // Tens of KB, not the megabyte whole CJK fonts take.
  EXPECT_LT(pdf.body.size(), 100'000u);

  // The first download issued the file; every later one, whoever asks, is the same bytes from
  // storage, the ones whose SHA-256 the ledger holds, and records nothing more.
  const auto index = nagano().transfers.at("t-0001").receipt_index;
  const auto issued = service_->read([&](const domain::State& s) { return *s.document_of("receipt", index); });
  EXPECT_EQ(service::file_sha256(pdf.body), issued.sha256);
  EXPECT_EQ(issued.size, pdf.body.size());
  const auto size = ledger_->size();
  for (const std::string who : {"kobayashi", "yamada"}) {
    auto again = get(who, kBase + "/transfers/t-0001/receipt.pdf");
    ASSERT_EQ(again.status, 200) << who;
    EXPECT_EQ(again.body, pdf.body) << who;
  }
  EXPECT_EQ(ledger_->size(), size);
}

TEST_F(AssetPages, OnlyTheReceivingSideAcknowledgesAndThenCustodyMovesWithAReceipt) {
  hand_over_new_asset("tax-2026");
  const auto pending = nagano().transfers.at("t-0002");
  EXPECT_EQ(pending.from, "p-kobayashi");
  EXPECT_FALSE(pending.acknowledged_by.has_value());
  const auto action = kBase + "/transfers/t-0002/acknowledge";

  // The receiver sees the button; the giver, the worker and the auditor do not.
  auto receiver = get("yamada", kBase + "/transfers");
  EXPECT_TRUE(contains(slice(receiver.body, "id=\"transfer-t-0002\"", "</tr>"), "action=\"" + action + "\""));
  EXPECT_TRUE(contains(receiver.body, "受領を確認する"));
  EXPECT_FALSE(contains(get("kobayashi", kBase + "/transfers").body, "action=\"" + action + "\""));
  EXPECT_FALSE(contains(get("suzuki", kBase + "/transfers").body, "action=\"" + action + "\""));
  EXPECT_TRUE(contains(get("kobayashi", kBase + "/assets").body, "受領確認待ち（t-0002）"));

  EXPECT_EQ(post("kobayashi", action).status, 403);  // the giver's side
  EXPECT_EQ(post("ito", action).status, 404);        // the subcontractor does not see it
  EXPECT_EQ(post("suzuki", action).status, 403);     // the receiving side, but neither receiver nor manager
  EXPECT_EQ(post("yamada", action, {.csrf = false}).status, 403);
  EXPECT_FALSE(nagano().transfers.at("t-0002").acknowledged_by.has_value());

  auto done = post("yamada", action);
  ASSERT_EQ(done.status, 303) << done.body;
  EXPECT_EQ(*done.header("Location"), kBase + "/transfers?notice=transfer_acknowledged#transfer-t-0002");
  const auto acknowledged = nagano().transfers.at("t-0002");
  EXPECT_EQ(acknowledged.acknowledged_by, "p-yamada");
  EXPECT_NE(acknowledged.receipt_index, 0u);
  EXPECT_EQ(nagano().assets.at("tax-2026").custodian, "p-yamada");
  auto after = get("yamada", kBase + "/transfers?notice=transfer_acknowledged");
  EXPECT_TRUE(contains(after.body, "受領を確認しました"));
  EXPECT_TRUE(contains(slice(after.body, "id=\"transfer-t-0002\"", "</tr>"), "長野市情政第2026-001号-R0002"));
  EXPECT_EQ(post("yamada", action).status, 409);  // once only
}

TEST_F(AssetPages, TheHandOverFormOffersWhatTheSideHoldsAndRefusesWhatItDoesNot) {
  auto city = get("kobayashi", kBase + "/transfers");
  // 小林 handed everything over already: nothing of the city's is left to hand over.
  EXPECT_TRUE(contains(city.body, "あなたの側が引き渡せる情報資産はありません"));
  auto contractor = get("yamada", kBase + "/transfers");
  EXPECT_TRUE(contains(contractor.body, "name=\"assets.juminhyo-2026-04\""));
  EXPECT_TRUE(contains(contractor.body, "<option value=\"p-kobayashi\">"));  // back to the city
  // Only people who may receive a class offered (木更津市 第11条(4)), with the classes: 佐藤 may
  // view 個人情報; 渡辺's assignment with the subcontractor ended on 2026-08-31.
  EXPECT_TRUE(contains(contractor.body, "<option value=\"p-sato\">佐藤 花子"));
  EXPECT_TRUE(contains(slice(contractor.body, "<option value=\"p-sato\">", "</option>"), "個人情報"));
  EXPECT_FALSE(contains(contractor.body, "<option value=\"p-watanabe\">"));
  EXPECT_FALSE(contains(contractor.body, "<option value=\"p-other\">"));

  session_of("ito");
  session_of("yamada");
  const auto size = ledger_->size();
  auto none = post("yamada", kBase + "/transfers", {.body = form_body({{"to", "p-suzuki"}})});
  EXPECT_EQ(none.status, 400);
  EXPECT_TRUE(contains(slice(none.body, "id=\"field-assets\"", "</fieldset>"), "name=\"assets.juminhyo-2026-04\""));
  EXPECT_TRUE(contains(slice(none.body, "id=\"field-assets-error\"", "</p>"), "引き渡す情報資産を選んでください"));
  auto self = post("yamada", kBase + "/transfers",
                   {.body = form_body({{"assets.juminhyo-2026-04", "yes"}, {"to", "p-yamada"}})});
  EXPECT_EQ(self.status, 400);
  EXPECT_TRUE(contains(slice(self.body, "id=\"field-to-error\"", "</p>"), "引渡者と受領者が同じです"));
  // The subcontractor cannot hand over what the contractor holds (it does not even see it).
  EXPECT_EQ(
      post("ito", kBase + "/transfers", {.body = form_body({{"assets.juminhyo-2026-04", "yes"}, {"to", "p-ito"}})})
          .status,
      403);
  EXPECT_EQ(ledger_->size(), size);
  auto done = post("yamada", kBase + "/transfers",
                   {.body = form_body({{"assets.juminhyo-2026-04", "yes"}, {"to", "p-suzuki"}})});
  EXPECT_EQ(done.status, 303) << done.body;
  EXPECT_EQ(nagano().transfers.at("t-0002").to, "p-suzuki");
}

// --- decisions, accesses and monitoring ---

TEST_F(AssetPages, TheDecisionLogShowsEachDecisionWithItsReasonAndClause) {
  auto r = get("kobayashi", kBase + "/decisions");
  ASSERT_EQ(r.status, 200);
  const auto denial = slice(r.body, "<tr class=\"denied\">", "</tr>");
  ASSERT_FALSE(denial.empty());
  EXPECT_TRUE(contains(r.body, "有効な情報セキュリティ教育の受講記録がありません（長野市 第4）"));
  EXPECT_TRUE(contains(r.body, "鈴木 一郎"));
  EXPECT_TRUE(contains(r.body, "<span class=\"badge bad\">拒否</span>"));
  EXPECT_TRUE(contains(r.body, "<span class=\"badge ok\">許可</span>"));
  EXPECT_TRUE(contains(r.body, "閲覧"));
  EXPECT_TRUE(contains(r.body, "複写・複製"));
  EXPECT_TRUE(contains(r.body, " JST"));
  EXPECT_TRUE(std::regex_search(r.body, std::regex(R"re(href="/ledger/entries/\d+">#\d+</a>)re")));

  auto allowed = get("kobayashi", kBase + "/decisions?effect=allow");
  EXPECT_FALSE(contains(allowed.body, "<tr class=\"denied\">"));
  EXPECT_TRUE(contains(allowed.body, "田中 美咲"));
  auto kato = get("kobayashi", kBase + "/decisions?person=p-kato");
  EXPECT_TRUE(contains(kato.body, "加藤 翔"));
  EXPECT_FALSE(contains(kato.body, "鈴木 一郎</a><br>"));

  // The subcontractor reads decisions about its own people only; the contractor its own.
  auto sub = get("ito", kBase + "/decisions");
  EXPECT_TRUE(contains(sub.body, "該当する記録はありません"));
  EXPECT_FALSE(contains(sub.body, "鈴木 一郎"));
  EXPECT_TRUE(contains(get("yamada", kBase + "/decisions").body, "鈴木 一郎"));
}

TEST_F(AssetPages, TheDecisionLogPagesBackwards) {
  std::vector<policy::Request> requests(60);
  for (auto& r : requests) {
    r.contract = kNagano;
    r.person = "p-tanaka";
    r.action = domain::Action::Read;
    r.asset = "spec-v3";
    r.location = "hq";
    r.purpose = kNagano;
  }
  ASSERT_TRUE(service_->decide(requests, domain::Actor::system()).ok());
  auto first = get("kobayashi", kBase + "/decisions");
  std::smatch next;
  ASSERT_TRUE(std::regex_search(first.body, next, std::regex(R"re(href="([^"]*\?before=\d+)" rel="next")re")));
  auto older = get("kobayashi", next[1].str());
  ASSERT_EQ(older.status, 200);
  EXPECT_TRUE(contains(older.body, "鈴木 一郎"));  // the demo's denials are the oldest
  EXPECT_TRUE(contains(older.body, "最新の記録に戻る"));
}

TEST_F(AssetPages, TheAccessLogFlagsAccessesWithNoMatchingAllow) {
  policy::Request access;
  access.contract = kNagano;
  access.person = "p-suzuki";
  access.action = domain::Action::Read;
  access.asset = "juminhyo-2026-04";
  access.location = "hq";
  access.purpose = kNagano;
  access.at = clock_.now() - std::chrono::hours(18);  // 2026-09-21 05:13 JST: before working hours
  // 18:00 JST in the city's server room, whose registered hours end at 17:15 (the default
  // hours would allow it).
  policy::Request late = access;
  late.location = "city-dc";
  late.at = clock_.now() - std::chrono::minutes(5 * 60 + 13);
  const policy::Request accesses[] = {access, late};
  ASSERT_TRUE(service_->record_accesses(accesses, domain::Actor::system()).ok());

  auto log = get("kobayashi", kBase + "/access-events");
  ASSERT_EQ(log.status, 200);
  EXPECT_TRUE(contains(log.body, "対応する許可なし"));
  EXPECT_TRUE(contains(log.body, "鈴木 一郎"));
  EXPECT_TRUE(contains(log.body, "aria-current=\"page\">アクセス記録"));

  auto monitoring = get("kobayashi", kBase + "/monitoring");
  EXPECT_TRUE(contains(slice(monitoring.body, "id=\"unmatched-heading\"", "</section>"), "鈴木 一郎"));
  EXPECT_TRUE(contains(monitoring.body, "作業時間（07:00-22:00）外のアクセス"));
  EXPECT_TRUE(contains(monitoring.body, "作業時間（08:30-17:15）外のアクセス"));
}

TEST_F(AssetPages, MonitoringShowsTheDenialsUnderItsClauseAndTheCitysTotals) {
  auto city = get("kobayashi", kBase + "/monitoring");
  ASSERT_EQ(city.status, 200);
  EXPECT_TRUE(contains(city.body, "根拠: 長野市 第3（アクセスを許可する情報資産の種類と範囲、アクセス方法）"));
  // A contract under another city's provisions cites that city's own clause and title.
  EXPECT_TRUE(contains(get("takahashi", "/contracts/kisarazu-2026-014/monitoring").body,
                       "根拠: 木更津市 第3条（取扱いの禁止）"));
  EXPECT_TRUE(contains(city.body, "件数（契約全体）"));
  const auto denials = slice(city.body, "id=\"denials-heading\"", "</section>");
  EXPECT_TRUE(contains(denials, "有効な情報セキュリティ教育の受講記録がありません（長野市 第4）"));
  EXPECT_TRUE(contains(denials, "加藤 翔"));
  auto contractor = get("yamada", kBase + "/monitoring");
  EXPECT_FALSE(contains(contractor.body, "件数（契約全体）"));
  EXPECT_TRUE(contains(contractor.body, "鈴木 一郎"));
  auto sub = get("ito", kBase + "/monitoring");
  EXPECT_FALSE(contains(sub.body, "鈴木 一郎"));
  EXPECT_TRUE(contains(sub.body, "拒否された判定はありません"));
}

// 長野市 第3: the city's officer records that they reviewed the monitoring; the auditor reads the
// reviews; the contractor sees neither the reviews (a note speaks of every party) nor the form.
TEST_F(AssetPages, TheCityRecordsItsReviewOfTheMonitoringAndTheContractorDoesNotSeeIt) {
  auto before = get("kobayashi", kBase + "/monitoring");
  ASSERT_EQ(before.status, 200);
  EXPECT_TRUE(contains(before.body, "監視結果の確認はまだ記録されていません"));
  EXPECT_TRUE(contains(before.body, "監視結果の確認を記録する"));
  EXPECT_TRUE(contains(before.body, "name=\"note\""));
  auto contractor = get("yamada", kBase + "/monitoring");
  EXPECT_FALSE(contains(contractor.body, "市による監視結果の確認"));
  EXPECT_FALSE(contains(contractor.body, "/monitoring/reviews"));
  EXPECT_EQ(post("yamada", kBase + "/monitoring/reviews", {.body = form_body({{"note", "確認"}})}).status, 403);
  EXPECT_EQ(post("other", kBase + "/monitoring/reviews", {.body = form_body({{"note", "確認"}})}).status, 404);

  // Too long a note comes back under the note, and nothing is recorded.
  auto too_long =
      post("kobayashi", kBase + "/monitoring/reviews", {.body = form_body({{"note", std::string(2001 * 3, 'x')}})});
  EXPECT_EQ(too_long.status, 400);
  EXPECT_TRUE(contains(slice(too_long.body, "<label for=\"field-note\">", "</div>"), "field-error"));
  EXPECT_TRUE(contains(get("kobayashi", kBase + "/monitoring").body, "監視結果の確認はまだ記録されていません"));

  auto reviewed = post("kobayashi", kBase + "/monitoring/reviews",
                       {.body = form_body({{"note", "拒否3件を確認、いずれも権限のない操作"}})});
  ASSERT_EQ(reviewed.status, 303) << reviewed.body;
  EXPECT_EQ(*reviewed.header("Location"), kBase + "/monitoring?notice=monitoring_reviewed#reviews");
  auto after = get("kobayashi", kBase + "/monitoring?notice=monitoring_reviewed");
  EXPECT_TRUE(contains(after.body, "監視結果の確認を記録しました"));
  const auto reviews = slice(after.body, "id=\"reviews-heading\"", "</section>");
  EXPECT_TRUE(contains(reviews, "拒否3件を確認、いずれも権限のない操作"));
  EXPECT_TRUE(contains(reviews, "小林 明美"));
  auto auditor = get("nakamura", kBase + "/monitoring");
  EXPECT_TRUE(contains(auditor.body, "拒否3件を確認、いずれも権限のない操作"));
  EXPECT_FALSE(contains(auditor.body, "監視結果の確認を記録する"));
  EXPECT_FALSE(contains(get("yamada", kBase + "/monitoring").body, "拒否3件を確認"));
}

TEST_F(AssetPages, APartysMonitoringCountsItsOwnPeopleUnderItsOwnHeading) {
  // A decision about the city's officer: the city counts it, the contractor does not.
  policy::Request reading;  // the default action
  reading.contract = kNagano;
  reading.person = "p-kobayashi";
  reading.asset = "juminhyo-2026-04";
  const policy::Request requests[] = {reading};
  ASSERT_TRUE(service_->decide(requests, domain::Actor::system()).ok());

  auto totals = [&](const std::string& login, Options options = {}) {
    const auto page = get(login, kBase + "/monitoring", std::move(options));
    EXPECT_EQ(page.status, 200) << login;
    return slice(page.body, "id=\"totals-heading\"", "</section>");
  };
  auto count = [](const std::string& totals, const std::string& label) {
    std::smatch n;
    return std::regex_search(totals, n, std::regex("<dt>" + label + "</dt><dd>(\\d+)</dd>")) ? std::stoi(n[1].str())
                                                                                             : -1;
  };
  const auto city = totals("kobayashi");
  const auto contractor = totals("yamada");
  const auto sub = totals("ito");
  EXPECT_TRUE(contains(city, "件数（契約全体）"));
  EXPECT_TRUE(contains(contractor, "件数（自組織と再委託先の担当者）"));
  EXPECT_TRUE(contains(sub, "件数（自組織と再委託先の担当者）"));
  EXPECT_TRUE(contains(totals("yamada", {.language_cookie = "en"}),
                       "Totals (people of your organisation and its subcontractors)"));
  EXPECT_GT(count(city, "判定"), count(contractor, "判定"));
  EXPECT_GT(count(contractor, "拒否"), 0);  // the demo's denials are about the contractor's people
  EXPECT_EQ(count(sub, "拒否"), 0);
}

// --- the public receipt check ---

TEST_F(AssetPages, TheReceiptCheckIsPublicAndItsScriptCarriesNoText) {
  auto r = get("", "/receipts/verify");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(contains(r.body, "受領証を検証する"));
  EXPECT_TRUE(contains(r.body, "検証に成功しました"));  // in the result template
  EXPECT_TRUE(contains(r.body, "data-endpoint=\"/api/v1/receipts/verify\""));
  EXPECT_TRUE(contains(r.body, "<script src=\"/static/receipt_verify.js?v=" +
                                   web::asset_version("static/receipt_verify.js") + "\" defer>"));
  EXPECT_TRUE(contains(r.body, "type=\"file\""));
  EXPECT_FALSE(contains(r.body, "<nav class=\"main-nav\""));
  EXPECT_TRUE(contains(get("kobayashi", "/receipts/verify").body, "<nav class=\"main-nav\""));
  EXPECT_TRUE(contains(get("", "/receipts/verify?lang=en").body, "The receipt verifies"));
  auto js = get("", "/static/receipt_verify.js");
  ASSERT_EQ(js.status, 200);
  EXPECT_EQ(js.header("Content-Type"), "text/javascript; charset=utf-8");
  // Every message comes from the page: no Japanese in the script.
  EXPECT_FALSE(std::regex_search(js.body, std::regex("[\xE3-\xE9][\x80-\xBF][\x80-\xBF]")));
}

TEST_F(AssetPages, TheLinkOnAReceiptShowsWhatTheLedgerRecordsForItToAnyoneHoldingIt) {
  ASSERT_EQ(get("yamada", kBase + "/transfers/t-0001/receipt.pdf").status, 200);  // issues the file
  const auto index = nagano().transfers.at("t-0001").receipt_index;
  const auto entry = ledger_->entry(index).release_value();
  const auto target = "/receipts/verify?index=" + std::to_string(index) + "&k=" + service::receipt_link_token(entry);
  auto r = get("", target);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto record = slice(r.body, "id=\"receipt-record-heading\"", "</section>");
  // What the paper prints, under the labels it prints them with.
  EXPECT_TRUE(contains(record, "<dt>受領証番号</dt><dd>長野市情政第2026-001号-R0001</dd>"));
  EXPECT_TRUE(contains(record, "<dt>契約番号</dt><dd>長野市情政第2026-001号</dd>"));
  EXPECT_TRUE(std::regex_search(
      record, std::regex("<dt>受領日時</dt><dd>令和[0-9]+年[0-9]+月[0-9]+日 [0-9]+時[0-9]{2}分</dd>")));
  EXPECT_TRUE(contains(record,
                       "<tr><th scope=\"row\">受領者</th><td>株式会社しなの情報システム</td><td>公共事業部 "
                       "部長</td><td>山田 太郎</td></tr>"));
  EXPECT_TRUE(contains(
      record, "<tr><th scope=\"row\">引渡者</th><td>長野市</td><td>情報政策課 主査</td><td>小林 明美</td></tr>"));
  EXPECT_TRUE(contains(record, "受領した情報資産（2件）"));
  EXPECT_TRUE(contains(record, "住民記録システム設計書 第3版"));
  EXPECT_TRUE(contains(record, "<td>2冊</td>"));
  EXPECT_GT(record.find("以上"), record.find("住民記録システム設計書 第3版"));
  // The issued file's SHA-256, and nothing the receipt does not print (no person ids).
  const auto doc = service_->read([&](const domain::State& s) { return s.document_of("receipt", index)->sha256; });
  EXPECT_TRUE(contains(record, doc));
  EXPECT_FALSE(contains(record, "p-yamada"));
  EXPECT_FALSE(contains(record, "t-0001"));
  EXPECT_TRUE(contains(get("", target + "&lang=en").body, "The receipt as the ledger records it"));

  // A wrong token, another entry or no number: 404 and nothing of the receipt.
  auto wrong = get("", "/receipts/verify?index=" + std::to_string(index) + "&k=00000000000000000000000000000000");
  EXPECT_EQ(wrong.status, 404);
  EXPECT_TRUE(contains(wrong.body, "この受領証の記録は見つかりません"));
  EXPECT_FALSE(contains(wrong.body, "住民記録システム設計書"));
  EXPECT_EQ(get("", "/receipts/verify?index=1&k=" + service::receipt_link_token(entry)).status, 404);
  EXPECT_EQ(get("", "/receipts/verify?index=x&k=y").status, 404);
}

TEST_F(AssetPages, EveryPageRendersInBothLanguages) {
  for (const auto& target : kPages)
    for (const std::string language : {"ja", "en"}) {
      auto r = get("admin", target, {.language_cookie = language});
      EXPECT_EQ(r.status, 200) << target;
      EXPECT_TRUE(contains(r.body, "<html lang=\"" + language + "\">")) << target;
      EXPECT_TRUE(contains(r.body, "<nav class=\"tabs\"")) << target;
    }
  auto en = get("admin", kBase + "/transfers", {.language_cookie = "en"});
  EXPECT_TRUE(contains(en.body, "Acknowledged"));
  EXPECT_TRUE(contains(en.body, "Receipt (PDF)"));
}

}  // namespace
}  // namespace itaku::testing
