// Devices and media (木更津市 第12条, 第14条), 返還・廃棄・消去 (長野市 第9, 木更津市 第5条) and closing a
// contract as a browser uses them: a contractor registers a device, confirms its measures,
// destroys its media and retires it; the city instructs an erasure and the contractor records
// it; a party reports what it created and the city acknowledges it; the checklist shrinks as
// things are settled and closing is refused with the list until nothing is left. A refusal comes
// back under the field it concerns and records nothing; a subcontractor sees none of the
// contractor's devices or acts.

#include <gtest/gtest.h>

#include "itaku/service/disposal_documents.hpp"
#include "unit/web/page_fixture.hpp"

namespace itaku::testing {
namespace {

const std::string kNagano = "/contracts/nagano-2026-001";
const std::string kKisarazu = "/contracts/kisarazu-2026-014";

class DisposalPages : public PageFixture {
 protected:
  void check_markup(const std::string& target, const http::Response& response) override {
    PageFixture::check_markup(target, response);
    expect_forms_carry_csrf(target, response);
  }

  // What the state holds of one contract, read after a page has acted.
  template <class F>
  auto on_contract(const std::string& id, F&& read) {
    return service_->read([&](const domain::State& s) { return read(*s.contract(id)); });
  }

  // The erasure of both demo assets of Nagano, recorded through the form by the contractor.
  void erase_nagano_assets() {
    auto erased = post("yamada", kNagano + "/disposal/records",
                       {.body = form_body({{"organisation", "shinano-is"},
                                           {"assets.juminhyo-2026-04", "yes"},
                                           {"assets.spec-v3", "yes"},
                                           {"disposition", "erased"},
                                           {"method", "NIST SP 800-88 Purge"},
                                           {"performed_by", "p-sato"},
                                           {"witnessed_by", "p-yamada"},
                                           {"performed_on", "2026-09-20"},
                                           {"instruction", ""}})});
    ASSERT_EQ(erased.status, 303) << erased.body;
  }
};

TEST_F(DisposalPages, AContractorRegistersADeviceConfirmsItDestroysItsMediaAndRetiresIt) {
  // The city reads the register: the laptop managed, the USB stick not yet confirmed.
  auto city = get("takahashi", kKisarazu + "/devices");
  ASSERT_EQ(city.status, 200) << city.body;
  const auto laptop = slice(city.body, "<tr id=\"device-pc-21\">", "</tr>");
  EXPECT_TRUE(contains(laptop, "ノートPC（開発用）"));
  EXPECT_TRUE(contains(laptop, "管理中"));
  EXPECT_TRUE(contains(laptop, "ディスク暗号化"));
  EXPECT_TRUE(contains(laptop, "SSD 512GB S/N S4EVNX0R123456 <span class=\"badge muted\">未破壊"));
  EXPECT_TRUE(contains(laptop, "株式会社しなの情報システム"));
  EXPECT_TRUE(contains(slice(city.body, "<tr id=\"device-usb-03\">", "</tr>"), "未確認"));
  EXPECT_FALSE(contains(city.body, "id=\"register\"")) << "the city does not register devices for itself";

  auto form = get("yamada", kKisarazu + "/devices");
  ASSERT_EQ(form.status, 200);
  EXPECT_TRUE(contains(form.body, "<label for=\"field-register-id\">管理番号 <span class=\"required\""));
  EXPECT_TRUE(contains(form.body, "<option value=\"computer\">パソコン</option>"));
  auto registered = post("yamada", kKisarazu + "/devices",
                         {.body = form_body({{"id", "pc-30"},
                                             {"kind", "computer"},
                                             {"identifier", "5CG3000ABC"},
                                             {"description", "ノートPC（移行作業用）"},
                                             {"organisation", "shinano-is"},
                                             {"owner", ""},
                                             {"location", "本社 開発室"},
                                             {"storage", "SSD 256GB S/N S5AB\nHDD 1TB S/N W1"}})});
  ASSERT_EQ(registered.status, 303) << registered.body;
  EXPECT_EQ(*registered.header("Location"), kKisarazu + "/devices/pc-30?notice=device_registered");

  const auto device = kKisarazu + "/devices/pc-30";
  auto shown = get("yamada", device + "?notice=device_registered");
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_TRUE(contains(shown.body, "機器・記録媒体を登録しました"));
  EXPECT_TRUE(contains(shown.body, "未確認"));
  EXPECT_TRUE(contains(shown.body, "id=\"confirm\""));
  EXPECT_TRUE(contains(shown.body, "id=\"destroy\""));
  EXPECT_TRUE(contains(shown.body, "id=\"retire\""));

  auto confirmed = post("yamada", device + "/confirm",
                        {.body = form_body({{"measures.disk_encryption", "yes"}, {"measures.screen_lock", "yes"}})});
  ASSERT_EQ(confirmed.status, 303) << confirmed.body;
  auto managed = get("yamada", device);
  EXPECT_TRUE(contains(slice(managed.body, "id=\"device-state\"", "</p>"), "管理中"));
  EXPECT_TRUE(contains(slice(managed.body, "id=\"device-measures\"", "</ul>"), "画面ロック"));
  EXPECT_TRUE(contains(managed.body, "山田 太郎 が確認"));
  // The next confirmation starts from the measures confirmed.
  EXPECT_TRUE(contains(managed.body, "name=\"measures.screen_lock\" type=\"checkbox\" value=\"yes\" checked"));

  // The witness is the one who did it: the reason under the witness, nothing recorded.
  auto same = post("yamada", device + "/destroy",
                   {.body = form_body({{"media.s0", "yes"},
                                       {"method", "穿孔（ドリル）"},
                                       {"performed_by", "p-tanaka"},
                                       {"witnessed_by", "p-tanaka"},
                                       {"performed_on", "2026-09-20"}})});
  EXPECT_EQ(same.status, 400);
  EXPECT_TRUE(contains(slice(same.body, "<label for=\"field-destroy-witnessed_by\">", "</div>"), "field-error"));
  EXPECT_TRUE(contains(same.body, "<option value=\"p-tanaka\" selected>"));
  EXPECT_EQ(on_contract("kisarazu-2026-014", [](const auto& c) { return c.devices.at("pc-30").destructions.size(); }),
            0u);

  auto destroyed = post("yamada", device + "/destroy",
                        {.body = form_body({{"media.s0", "yes"},
                                            {"method", "穿孔（ドリル）"},
                                            {"performed_by", "p-tanaka"},
                                            {"witnessed_by", "p-sato"},
                                            {"performed_on", "2026-09-20"}})});
  ASSERT_EQ(destroyed.status, 303) << destroyed.body;
  auto after = get("yamada", device);
  const auto media = slice(after.body, "id=\"device-media\"", "</ul>");
  EXPECT_TRUE(contains(media, "SSD 256GB S/N S5AB <span class=\"badge ok\">破壊済"));
  EXPECT_TRUE(contains(media, "HDD 1TB S/N W1 <span class=\"badge muted\">未破壊"));
  const auto destructions = slice(after.body, "id=\"destructions\"", "</table>");
  EXPECT_TRUE(contains(destructions, "穿孔（ドリル）"));
  EXPECT_TRUE(contains(destructions, "田中 美咲"));
  EXPECT_TRUE(contains(destructions, "佐藤 花子"));
  EXPECT_TRUE(contains(destructions, "未発行"));  // the destruction report
  // Only the disk not yet destroyed is offered.
  EXPECT_FALSE(contains(after.body, "name=\"media.s0\""));
  EXPECT_TRUE(contains(after.body, "name=\"media.s1\""));

  // Not disposed of with a disk in it (木更津市 第14条-1): refused, still in use.
  auto early = post("yamada", device + "/retire", {.body = form_body({{"reason", "disposed"}})});
  EXPECT_EQ(early.status, 409);
  EXPECT_TRUE(contains(slice(early.body, "<section id=\"retire\"", "</section>"), "物理的に破壊してから"));
  EXPECT_TRUE(on_contract("kisarazu-2026-014", [](const auto& c) { return c.devices.at("pc-30").in_use(); }));

  // Nothing chosen: every medium left is destroyed; then the laptop is disposed of.
  ASSERT_EQ(
      post("yamada", device + "/destroy",
           {.body = form_body({{"method", "破砕"}, {"performed_by", "p-tanaka"}, {"performed_on", "2026-09-21"}})})
          .status,
      303);
  auto retired =
      post("yamada", device + "/retire", {.body = form_body({{"reason", "disposed"}, {"note", "産廃業者"}})});
  ASSERT_EQ(retired.status, 303) << retired.body;
  auto done = get("yamada", device);
  EXPECT_TRUE(contains(slice(done.body, "id=\"device-state\"", "</p>"), "使用終了"));
  EXPECT_TRUE(contains(slice(done.body, "id=\"device-retired\"", "</p>"), "廃棄"));
  EXPECT_FALSE(contains(done.body, "id=\"confirm\""));
  EXPECT_FALSE(contains(done.body, "id=\"destroy\""));
  EXPECT_FALSE(contains(done.body, "id=\"retire\""));
  EXPECT_TRUE(
      contains(slice(get("takahashi", kKisarazu + "/devices").body, "<tr id=\"device-pc-30\">", "</tr>"), "使用終了"));

  // A worker reads but keeps nothing; another contractor does not find the contract.
  EXPECT_EQ(get("suzuki", kKisarazu + "/devices/pc-21").status, 200);
  EXPECT_FALSE(contains(get("suzuki", kKisarazu + "/devices/pc-21").body, "id=\"confirm\""));
  EXPECT_EQ(post("suzuki", kKisarazu + "/devices/pc-21/retire", {.body = form_body({{"reason", "released"}})}).status,
            403);
  EXPECT_EQ(get("other", kKisarazu + "/devices").status, 404);
}

TEST_F(DisposalPages, TheSubcontractorSeesNeitherTheContractorsDevicesNorItsActs) {
  auto registered = post("yamada", kNagano + "/devices",
                         {.body = form_body({{"id", "pc-n1"},
                                             {"kind", "computer"},
                                             {"identifier", "SN-N1"},
                                             {"description", "運用監視端末"},
                                             {"organisation", "shinano-is"},
                                             {"storage", "SSD"}})});
  ASSERT_EQ(registered.status, 303) << registered.body;
  erase_nagano_assets();

  auto contractor = get("yamada", kNagano + "/devices");
  EXPECT_TRUE(contains(contractor.body, "運用監視端末"));
  EXPECT_TRUE(contains(get("kobayashi", kNagano + "/devices").body, "運用監視端末"));
  auto sub = get("ito", kNagano + "/devices");
  ASSERT_EQ(sub.status, 200);
  EXPECT_FALSE(contains(sub.body, "運用監視端末"));
  EXPECT_EQ(get("ito", kNagano + "/devices/pc-n1").status, 404);
  EXPECT_EQ(post("ito", kNagano + "/devices/pc-n1/confirm", {.body = form_body({{"measures.updates", "yes"}})}).status,
            404);
  EXPECT_EQ(get("ito", kKisarazu + "/devices").status, 404);

  EXPECT_TRUE(contains(get("yamada", kNagano + "/disposal").body, "id=\"disposal-d-0001\""));
  EXPECT_TRUE(contains(get("kobayashi", kNagano + "/disposal").body, "id=\"disposal-d-0001\""));
  auto sub_disposal = get("ito", kNagano + "/disposal");
  ASSERT_EQ(sub_disposal.status, 200);
  EXPECT_FALSE(contains(sub_disposal.body, "d-0001"));
  EXPECT_FALSE(contains(sub_disposal.body, "住民基本台帳データ"));
  // Nor what keeps the contract open on the contractor's side.
  auto sub_closing = get("ito", kNagano + "/closing");
  ASSERT_EQ(sub_closing.status, 200);
  EXPECT_FALSE(contains(sub_closing.body, "運用監視端末"));
  EXPECT_FALSE(contains(sub_closing.body, "d-0001"));
  EXPECT_TRUE(contains(get("yamada", kNagano + "/closing").body, "pc-n1"));
}

TEST_F(DisposalPages, TheCityInstructsAnErasureAndTheContractorRecordsIt) {
  auto city = get("kobayashi", kNagano + "/disposal");
  ASSERT_EQ(city.status, 200) << city.body;
  EXPECT_TRUE(contains(city.body, "id=\"instruct\""));
  EXPECT_TRUE(contains(city.body, "住民基本台帳データ（2026年4月分）（株式会社しなの情報システム）"));
  EXPECT_FALSE(contains(city.body, "id=\"record\"")) << "the city does not record an act as a party";

  // A due day in the past: the reason under the due day, nothing recorded.
  auto past =
      post("kobayashi", kNagano + "/disposal/instructions",
           {.body = form_body({{"assets.juminhyo-2026-04", "yes"}, {"disposition", "erased"}, {"due", "2026-09-01"}})});
  EXPECT_EQ(past.status, 400);
  EXPECT_TRUE(contains(slice(past.body, "<label for=\"field-instruct-due\">", "</div>"), "field-error"));
  EXPECT_TRUE(on_contract("nagano-2026-001", [](const auto& c) { return c.disposal_instructions.empty(); }));

  auto instructed = post("kobayashi", kNagano + "/disposal/instructions",
                         {.body = form_body({{"assets.juminhyo-2026-04", "yes"},
                                             {"disposition", "erased"},
                                             {"due", "2026-10-31"},
                                             {"note", "移行作業の完了に伴い消去すること"}})});
  ASSERT_EQ(instructed.status, 303) << instructed.body;
  EXPECT_EQ(*instructed.header("Location"), kNagano + "/disposal?notice=disposal_instructed#instructions");
  auto listed = get("yamada", kNagano + "/disposal");
  const auto row = slice(listed.body, "<tr id=\"instruction-i-0001\"", "</tr>");
  EXPECT_TRUE(contains(row, "消去"));
  EXPECT_TRUE(contains(row, "2026-10-31（令和8年10月31日）"));
  EXPECT_TRUE(contains(row, "住民基本台帳データ（2026年4月分）</a> <span class=\"badge warn\">未了"));
  EXPECT_TRUE(contains(row, "小林 明美"));
  // The contractor's home page lists it.
  EXPECT_TRUE(contains(get("yamada", "/").body, "市の指示 i-0001: 2026-10-31（令和8年10月31日） までに"));

  // The record form offers what the party holds and the open instruction.
  EXPECT_TRUE(contains(listed.body, "<option value=\"i-0001\">i-0001（期限 2026-10-31）</option>"));
  EXPECT_TRUE(contains(listed.body, "name=\"assets.spec-v3\""));
  // A day in the future: the reason under the day, nothing recorded.
  auto future = post("yamada", kNagano + "/disposal/records",
                     {.body = form_body({{"organisation", "shinano-is"},
                                         {"assets.juminhyo-2026-04", "yes"},
                                         {"disposition", "erased"},
                                         {"method", "NIST SP 800-88 Purge（暗号化消去）"},
                                         {"performed_by", "p-sato"},
                                         {"performed_on", "2026-12-31"},
                                         {"instruction", "i-0001"}})});
  EXPECT_EQ(future.status, 400);
  EXPECT_TRUE(contains(slice(future.body, "<label for=\"field-record-performed_on\">", "</div>"), "field-error"));
  EXPECT_TRUE(on_contract("nagano-2026-001", [](const auto& c) { return c.disposals.empty(); }));

  auto erased = post("yamada", kNagano + "/disposal/records",
                     {.body = form_body({{"organisation", "shinano-is"},
                                         {"assets.juminhyo-2026-04", "yes"},
                                         {"disposition", "erased"},
                                         {"method", "NIST SP 800-88 Purge（暗号化消去）"},
                                         {"performed_by", "p-sato"},
                                         {"witnessed_by", "p-yamada"},
                                         {"performed_on", "2026-09-20"},
                                         {"instruction", "i-0001"}})});
  ASSERT_EQ(erased.status, 303) << erased.body;
  auto after = get("kobayashi", kNagano + "/disposal");
  const auto act = slice(after.body, "<tr id=\"disposal-d-0001\">", "</tr>");
  EXPECT_TRUE(contains(act, "消去"));
  EXPECT_TRUE(contains(act, "住民基本台帳データ（2026年4月分）"));
  EXPECT_TRUE(contains(act, "NIST SP 800-88 Purge（暗号化消去）"));
  EXPECT_TRUE(contains(act, "佐藤 花子"));
  EXPECT_TRUE(contains(act, "山田 太郎"));
  EXPECT_TRUE(contains(act, "<a href=\"#instruction-i-0001\">i-0001</a>"));
  EXPECT_TRUE(contains(act, "未発行"));  // the certificate
  const auto complete = slice(after.body, "<tr id=\"instruction-i-0001\"", "</tr>");
  EXPECT_TRUE(contains(complete, "完了"));
  EXPECT_TRUE(contains(complete, "<span class=\"badge ok\">済"));
  EXPECT_FALSE(contains(get("yamada", "/").body, "市の指示 i-0001"));
}

TEST_F(DisposalPages, AnInstructionPastItsDueDayWithAnAssetStillOutStandsOut) {
  ASSERT_TRUE(
      service_
          ->execute(
              domain::InstructDisposal{"nagano-2026-001", "", {"spec-v3"}, "returned", "2026-09-25", "", "p-kobayashi"},
              domain::Principal::system())
          .ok());
  // Five days on (before anyone signs in, so that the sessions are new).
  clock_.advance(std::chrono::hours(24 * 5));
  auto late = get("kobayashi", kNagano + "/disposal");
  ASSERT_EQ(late.status, 200) << late.body;
  const auto overdue = slice(late.body, "<tr id=\"instruction-i-0001\"", "</tr>");
  EXPECT_TRUE(contains(overdue, "class=\"overdue\""));
  EXPECT_TRUE(contains(overdue, "期限超過"));
  EXPECT_TRUE(contains(overdue, "返還"));
  EXPECT_TRUE(contains(overdue, "住民記録システム設計書 第3版</a> <span class=\"badge warn\">未了"));
  EXPECT_TRUE(contains(get("yamada", "/").body, "市の指示 i-0001"));
}

TEST_F(DisposalPages, APartyReportsItsCreatedAssetsAndTheCityAcknowledgesThem) {
  ASSERT_TRUE(service_
                  ->execute(domain::RegisterAsset{"kisarazu-2026-014", "src-1", "design", "改修後プログラムソース",
                                                  "created", "", "Gitリポジトリ", "1", "p-tanaka", "本社 開発室"},
                            domain::Principal::system())
                  .ok());
  EXPECT_FALSE(contains(get("takahashi", kKisarazu + "/disposal").body, "id=\"report\""));
  auto form = get("yamada", kKisarazu + "/disposal");
  ASSERT_TRUE(contains(form.body, "id=\"report\""));
  EXPECT_TRUE(contains(form.body, "<label for=\"field-report-keeper\">契約終了後の取扱責任者"));

  // Someone not of the contract keeps nothing: the reason under the keeper, nothing recorded.
  auto wrong = post("yamada", kKisarazu + "/disposal/created-assets",
                    {.body = form_body({{"organisation", "shinano-is"}, {"keeper", "p-other"}})});
  EXPECT_EQ(wrong.status, 400);
  EXPECT_TRUE(contains(slice(wrong.body, "<label for=\"field-report-keeper\">", "</div>"), "field-error"));
  EXPECT_TRUE(on_contract("kisarazu-2026-014", [](const auto& c) { return c.created_assets_reports.empty(); }));

  auto reported = post("yamada", kKisarazu + "/disposal/created-assets",
                       {.body = form_body({{"organisation", "shinano-is"},
                                           {"keeper", "p-yamada"},
                                           {"note", "契約終了後は本社で保管し、保守契約の終了時に消去する"}})});
  ASSERT_EQ(reported.status, 303) << reported.body;
  auto waiting = get("takahashi", kKisarazu + "/disposal");
  const auto report = slice(waiting.body, "<tr id=\"created-assets-shinano-is\">", "</tr>");
  EXPECT_TRUE(contains(report, "改修後プログラムソース"));
  EXPECT_TRUE(contains(report, "取扱責任者: 山田 太郎"));
  EXPECT_TRUE(contains(report, "受領待ち"));
  EXPECT_TRUE(contains(report, "/disposal/created-assets/shinano-is/acknowledge"));
  EXPECT_FALSE(contains(get("yamada", kKisarazu + "/disposal").body, "/created-assets/shinano-is/acknowledge"));
  EXPECT_EQ(post("yamada", kKisarazu + "/disposal/created-assets/shinano-is/acknowledge").status, 403);

  ASSERT_EQ(post("takahashi", kKisarazu + "/disposal/created-assets/shinano-is/acknowledge").status, 303);
  const auto acknowledged =
      slice(get("yamada", kKisarazu + "/disposal").body, "<tr id=\"created-assets-shinano-is\">", "</tr>");
  EXPECT_TRUE(contains(acknowledged, "受領済"));
  EXPECT_TRUE(contains(acknowledged, "高橋 誠"));
}

TEST_F(DisposalPages, TheChecklistShrinksAndClosingIsRefusedWithTheListUntilNothingIsLeft) {
  auto active = get("kobayashi", kNagano + "/closing");
  ASSERT_EQ(active.status, 200) << active.body;
  EXPECT_TRUE(contains(active.body, "id=\"contract-state\">履行中"));
  EXPECT_TRUE(contains(active.body, "返還・廃棄・消去されていない情報資産（2 件）"));
  EXPECT_TRUE(contains(active.body, "住民記録システム設計書 第3版"));
  EXPECT_TRUE(contains(active.body, "id=\"start\""));
  EXPECT_FALSE(contains(active.body, "id=\"close\""));
  // The contractor reads the list but changes no state; the auditor neither.
  auto contractor = get("yamada", kNagano + "/closing");
  EXPECT_TRUE(contains(contractor.body, "（2 件）"));
  EXPECT_FALSE(contains(contractor.body, "id=\"start\""));
  EXPECT_EQ(post("yamada", kNagano + "/closing/start").status, 403);
  EXPECT_FALSE(contains(get("nakamura", kNagano + "/closing").body, "id=\"start\""));

  auto started = post("kobayashi", kNagano + "/closing/start");
  ASSERT_EQ(started.status, 303) << started.body;
  auto closing = get("kobayashi", kNagano + "/closing?notice=closing_started");
  EXPECT_TRUE(contains(closing.body, "id=\"contract-state\">終了手続中"));
  EXPECT_TRUE(contains(closing.body, "id=\"close\""));
  EXPECT_FALSE(contains(closing.body, "id=\"start\""));

  // Refused, with what is outstanding.
  auto refused = post("kobayashi", kNagano + "/closing/close");
  EXPECT_EQ(refused.status, 409);
  const auto refusal = slice(refused.body, "id=\"closing-refused\"", "</div>");
  EXPECT_TRUE(contains(refusal, "契約を終了できません（2件）"));
  EXPECT_TRUE(contains(refusal, "juminhyo-2026-04"));
  EXPECT_TRUE(contains(refusal, "spec-v3"));
  EXPECT_EQ(on_contract("nagano-2026-001", [](const auto& c) { return c.state; }), domain::ContractState::Closing);

  // Erased: what is left is the act's certificate, with its link to the act.
  erase_nagano_assets();
  auto shrunk = get("kobayashi", kNagano + "/closing");
  EXPECT_FALSE(contains(shrunk.body, "返還・廃棄・消去されていない情報資産"));
  EXPECT_TRUE(contains(shrunk.body, "証明書が発行されていない廃棄・消去（1 件）"));
  EXPECT_TRUE(contains(shrunk.body, "<a href=\"" + kNagano + "/disposal#disposal-d-0001\">"));
  EXPECT_EQ(post("kobayashi", kNagano + "/closing/close").status, 409);

  // The contractor downloads the certificate from the act's row: issued, nothing is left.
  const auto row = slice(get("yamada", kNagano + "/disposal").body, "<tr id=\"disposal-d-0001\">", "</tr>");
  const auto certificate = kNagano + "/disposal/records/d-0001/certificate.pdf";
  EXPECT_TRUE(contains(row, "<a href=\"" + certificate + "\" download>証明書（PDF）</a>"));
  auto pdf = get("yamada", certificate);
  ASSERT_EQ(pdf.status, 200) << pdf.body.substr(0, 300);
  EXPECT_TRUE(pdf.body.starts_with("%PDF-"));
  auto clear = get("kobayashi", kNagano + "/closing");
  EXPECT_TRUE(contains(clear.body, "id=\"nothing-outstanding\""));
  auto closed = post("kobayashi", kNagano + "/closing/close");
  ASSERT_EQ(closed.status, 303) << closed.body;
  auto end = get("kobayashi", kNagano + "/closing?notice=contract_closed");
  EXPECT_TRUE(contains(end.body, "契約を終了しました"));
  EXPECT_TRUE(contains(end.body, "id=\"contract-state\">終了</span>"));
  EXPECT_FALSE(contains(end.body, "id=\"close\""));
}

// 長野市 第9-2: the 廃棄・消去証明書 is one file for the act — the same bytes for the contractor who
// issues it and the city who reads it, none for the subcontractor — and its QR code opens, with no
// account, what the ledger holds: the assets by name, the method, who did and witnessed it, and
// the SHA-256 of the file issued. A wrong token shows nothing.
TEST_F(DisposalPages, TheCertificateDownloadsTheSameEveryTimeAndItsPublicCheckShowsWhatTheLedgerHolds) {
  erase_nagano_assets();
  const auto certificate = kNagano + "/disposal/records/d-0001/certificate.pdf";
  EXPECT_TRUE(
      contains(slice(get("kobayashi", kNagano + "/disposal").body, "<tr id=\"disposal-d-0001\">", "</tr>"), "未発行"));
  auto pdf = get("yamada", certificate);
  ASSERT_EQ(pdf.status, 200) << pdf.body.substr(0, 300);
  EXPECT_EQ(*pdf.header("Content-Type"), "application/pdf");
  EXPECT_EQ(*pdf.header("Content-Disposition"),
            "attachment; filename=\"disposal-certificate-nagano-2026-001-d-0001.pdf\"");
  EXPECT_EQ(get("kobayashi", certificate).body, pdf.body);
  EXPECT_EQ(get("ito", certificate).status, 404);
  EXPECT_EQ(get("kobayashi", kNagano + "/disposal/records/d-0009/certificate.pdf").status, 404);
  EXPECT_TRUE(
      contains(slice(get("kobayashi", kNagano + "/disposal").body, "<tr id=\"disposal-d-0001\">", "</tr>"), "発行済"));

  const auto index =
      on_contract("nagano-2026-001", [](const auto& c) { return c.disposals.at("d-0001").ledger_index; });
  const auto path = service::disposal_verify_path(*service_, service::kDisposalVerifyPath, index);
  ASSERT_TRUE(path.ok());
  auto shown = get("", *path);
  ASSERT_EQ(shown.status, 200) << shown.body.substr(0, 400);
  const auto record = slice(shown.body, "<section class=\"disposal-record\"", "</section>");
  EXPECT_TRUE(contains(record, "情報資産の廃棄・消去証明書"));
  EXPECT_TRUE(contains(record, "長野市情政第2026-001号-d-0001"));
  EXPECT_TRUE(contains(record, "住民基本台帳データ（2026年4月分）"));
  EXPECT_TRUE(contains(record, "住民記録システム設計書 第3版"));
  EXPECT_TRUE(contains(record, "NIST SP 800-88 Purge"));
  EXPECT_TRUE(contains(record, "佐藤 花子"));
  EXPECT_TRUE(contains(record, "長野市 第9"));
  EXPECT_TRUE(contains(record, service::file_sha256(pdf.body)));
  // When it was issued, with its 和暦 day, as the paper is dated.
  EXPECT_TRUE(contains(slice(record, "発行した書面のSHA-256", "</dd>"), "（令和8年"));
  EXPECT_TRUE(contains(slice(record, "発行した書面のSHA-256", "</dd>"), " JST"));
  EXPECT_FALSE(contains(record, "p-sato")) << "names, not ids";
  EXPECT_EQ(get("", "/disposals/verify?index=" + std::to_string(index) + "&k=0123456789abcdef0123456789abcdef").status,
            404);
  // The same link on the other check is not a report.
  EXPECT_EQ(get("", "/destructions" + path->substr(path->find("/verify"))).status, 404);
}

// 木更津市 第14条-2: the report of destroyed media downloads from the destruction's row and its
// public check lists the media destroyed and how.
TEST_F(DisposalPages, TheDestructionReportDownloadsAndItsPublicCheckListsTheMedia) {
  const auto device = kKisarazu + "/devices/pc-21";
  ASSERT_EQ(post("yamada", device + "/destroy",
                 {.body = form_body({{"method", "穿孔（ドリル）"},
                                     {"performed_by", "p-tanaka"},
                                     {"witnessed_by", "p-sato"},
                                     {"performed_on", "2026-09-20"}})})
                .status,
            303);
  const auto report = device + "/destructions/1/report.pdf";
  const auto row = slice(get("takahashi", device).body, "id=\"destructions\"", "</table>");
  EXPECT_TRUE(contains(row, "<a href=\"" + report + "\" download>報告書（PDF）</a>"));
  EXPECT_TRUE(contains(row, "未発行"));
  auto pdf = get("yamada", report);
  ASSERT_EQ(pdf.status, 200) << pdf.body.substr(0, 300);
  EXPECT_TRUE(pdf.body.starts_with("%PDF-"));
  EXPECT_EQ(get("takahashi", report).body, pdf.body);
  EXPECT_TRUE(contains(slice(get("takahashi", device).body, "id=\"destructions\"", "</table>"), "発行済"));
  EXPECT_EQ(get("yamada", device + "/destructions/2/report.pdf").status, 404);
  EXPECT_EQ(get("yamada", device + "/destructions/first/report.pdf").status, 404);
  EXPECT_EQ(get("other", report).status, 404);

  const auto index = on_contract("kisarazu-2026-014",
                                 [](const auto& c) { return c.devices.at("pc-21").destructions.at(0).ledger_index; });
  const auto path = service::disposal_verify_path(*service_, service::kDestructionVerifyPath, index);
  ASSERT_TRUE(path.ok());
  auto shown = get("", *path);
  ASSERT_EQ(shown.status, 200) << shown.body.substr(0, 400);
  const auto record = slice(shown.body, "<section class=\"disposal-record\"", "</section>");
  EXPECT_TRUE(contains(record, "記録媒体破壊報告書"));
  EXPECT_TRUE(contains(record, "SSD 512GB S/N S4EVNX0R123456"));
  EXPECT_TRUE(contains(record, "穿孔（ドリル）"));
  EXPECT_TRUE(contains(record, "田中 美咲"));
  EXPECT_TRUE(contains(record, service::file_sha256(pdf.body)));
}

TEST_F(DisposalPages, TheContractPageLinksToThePagesAndTheyWorkInEnglish) {
  auto contract = get("yamada", kKisarazu);
  EXPECT_TRUE(contains(contract.body, "<a href=\"" + kKisarazu + "/devices\">機器・記録媒体</a>"));
  EXPECT_TRUE(contains(contract.body, "<a href=\"" + kKisarazu + "/disposal\">返還・廃棄・消去</a>"));
  EXPECT_TRUE(contains(contract.body, "<a href=\"" + kKisarazu + "/closing\">契約の終了</a>"));

  auto devices = get("yamada", kKisarazu + "/devices", {.language_cookie = "en"});
  ASSERT_EQ(devices.status, 200);
  EXPECT_TRUE(contains(devices.body, "Devices and media (Kisarazu 第12条, 第14条)"));
  EXPECT_TRUE(contains(devices.body, "<label for=\"field-register-id\">Device id"));
  EXPECT_TRUE(contains(devices.body, "disk encryption"));
  EXPECT_TRUE(contains(devices.body, "aria-current=\"page\">Devices and media</a>"));
  EXPECT_TRUE(contains(get("takahashi", kKisarazu + "/disposal", {.language_cookie = "en"}).body,
                       "Return, disposal and erasure (Nagano 第9, Kisarazu 第5条)"));
  EXPECT_TRUE(
      contains(get("takahashi", kKisarazu + "/closing", {.language_cookie = "en"}).body, "Devices not retired (2)"));
}

}  // namespace
}  // namespace itaku::testing
