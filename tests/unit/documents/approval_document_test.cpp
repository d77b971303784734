#include "itaku/documents/approval_document.hpp"

#include <gtest/gtest.h>

#include <string>

#include "itaku/documents/receipt.hpp"
#include "support/document_tools.hpp"
#include "support/temp_dir.hpp"

// Leaks inside cairo, pango and fontconfig are suppressed for every test by tests/lsan.supp.
namespace itaku::testing {
namespace {

using documents::ApprovalDocument;
using documents::extract_approval_payload;
using documents::render_approval_pdf;

ApprovalDocument realistic_approval() {
  ApprovalDocument d;
  d.number = "長野市情政第2026-001号-A0001";
  d.decided_date = "令和8年10月1日";
  d.addressee = "株式会社信州データサービス 様";
  d.city = "長野市";
  d.approver = "情報政策課長 小林 誠";
  d.clause = "長野市 第6-2";
  d.contract_number = "長野市情政第2026-001号";
  d.contract_title = "住民記録システム運用保守業務委託";
  d.request = "a-0001（令和8年9月28日申請）";
  d.action = "持ち出し";
  d.rows = {{"目的", "障害調査のため庁外の開発室で解析する"},
            {"対象の情報資産", "住民基本台帳データ（2026年4月分）（juminhyo-2026-04）"},
            {"行為をする人", "運用監視担当 鈴木 一郎"},
            {"使用する機器・媒体", "USB-012 暗号化USBメモリ"},
            {"持出先・提供先", "本社 開発室（長野市南長野1-2-3）"},
            {"部数", ""},
            {"期間", "令和8年10月1日から令和8年10月31日まで"},
            {"情報セキュリティ対策", "暗号化、施錠保管、持出簿に記録"}};
  d.conditions = "返却時に消去を確認すること";
  d.ledger_index = 4711;
  d.ledger_origin = "nagano.itaku/ledger";
  d.verify_url = "https://itaku.city.nagano.lg.jp/approvals/verify?index=4711&k=0123456789abcdef";
  d.payload = "eyJraW5kIjoiYXBwcm92YWwiLCJpbmRleCI6NDcxMX0";
  return d;
}

TEST(ApprovalDocument, PrintsWhatTheCityApprovedInJapaneseOnOneA4PageWithItsLedgerRecord) {
  TempDir dir;
  const auto pdf = render_approval_pdf(realistic_approval());
  ASSERT_TRUE(pdf.ok()) << pdf.error().describe();
  const auto file = write_file(dir, "approval.pdf", *pdf);
  EXPECT_EQ(pdf_pages(file), 1);
  const auto text = without_whitespace(pdf_text(file, TextOrder::ContentStream));
  for (const std::string expected :
       {"承認書", "承認番号長野市情政第2026-001号-A0001", "令和8年10月1日", "株式会社信州データサービス様", "長野市",
        "情報政策課長小林誠", "特記事項（長野市第6-2）に基づき", "住民記録システム運用保守業務委託",
        "a-0001（令和8年9月28日申請）", "持ち出し", "障害調査のため庁外の開発室で解析する", "USB-012暗号化USBメモリ",
        "令和8年10月1日から令和8年10月31日まで", "暗号化、施錠保管、持出簿に記録", "返却時に消去を確認すること", "以上",
        "4711"})
    EXPECT_NE(text.find(without_whitespace(expected)), std::string::npos) << expected;
  // An empty row (no copies for a take-out) is left out, not printed blank.
  EXPECT_EQ(text.find("部数"), std::string::npos);
  EXPECT_TRUE(embeds_font_subsets(file, 100'000));
  const auto payload = extract_approval_payload(*pdf);
  ASSERT_TRUE(payload.ok()) << payload.error().describe();
  EXPECT_EQ(*payload, realistic_approval().payload);
}

TEST(ApprovalDocument, WithoutConditionsSaysSoAndALongRequestContinuesOnTheNextPage) {
  TempDir dir;
  auto d = realistic_approval();
  d.conditions.clear();
  std::string long_text;  // 1,330 characters, 3,990 bytes: just within a row's bound
  for (int i = 0; i < 266; ++i) long_text += "申請の内容";
  for (int i = 0; i < 6; ++i) d.rows.push_back({"備考", long_text});
  const auto pdf = render_approval_pdf(d);
  ASSERT_TRUE(pdf.ok()) << pdf.error().describe();
  const auto file = write_file(dir, "long.pdf", *pdf);
  EXPECT_GE(pdf_pages(file), 2);
  const auto text = without_whitespace(pdf_text(file, TextOrder::ContentStream));
  EXPECT_NE(text.find("承認の条件なし"), std::string::npos);
  EXPECT_NE(text.find("承認書（続き）"), std::string::npos);
  EXPECT_NE(text.find("以上"), std::string::npos);
}

TEST(ApprovalDocument, RefusesWhatItCannotPrintFaithfully) {
  auto bad_text = realistic_approval();
  bad_text.rows[0].second = std::string("\xff\xfe", 2);
  EXPECT_EQ(render_approval_pdf(bad_text).error().code, "approval_document.text_not_utf8");
  auto long_row = realistic_approval();
  long_row.rows[0].second = std::string(4001, 'a');
  EXPECT_EQ(render_approval_pdf(long_row).error().code, "approval_document.field_too_long");
  auto many = realistic_approval();
  many.rows.assign(21, {"備考", "x"});
  EXPECT_EQ(render_approval_pdf(many).error().code, "approval_document.too_many_rows");
  auto payload = realistic_approval();
  payload.payload = "not ascii ✓";
  EXPECT_EQ(render_approval_pdf(payload).error().code, "approval_document.payload_not_ascii");
}

TEST(ApprovalDocument, AnotherKindOfDocumentHasNoApprovalPayload) {
  documents::Receipt receipt;
  receipt.items.push_back({"a-1", "住民基本台帳データ", "個人情報", "USBメモリ", "1"});
  receipt.payload = "abc";
  const auto pdf = documents::render_receipt_pdf(receipt);
  ASSERT_TRUE(pdf.ok()) << pdf.error().describe();
  EXPECT_EQ(extract_approval_payload(*pdf).error().code, "approval_document.no_payload");
}

}  // namespace
}  // namespace itaku::testing
