#include "itaku/documents/receipt.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "itaku/documents/pdf.hpp"
#include "support/document_tools.hpp"
#include "support/temp_dir.hpp"

// Leaks inside cairo, pango and fontconfig are suppressed for every test by tests/lsan.supp.
namespace itaku::testing {
namespace {

using documents::extract_receipt_payload;
using documents::Receipt;
using documents::render_receipt_pdf;

Receipt realistic_receipt() {
  Receipt r;
  r.number = "R8-情政-0042-R0001";
  r.addressee = "長野市長 様";
  r.city = "長野市";
  r.contractor = "株式会社信州データサービス";
  r.contract_number = "R8-情政-0042";
  r.contract_title = "住民情報システム運用保守業務委託";
  r.handed_over_by = "長野 花子";
  r.handed_over_by_title = "情報政策課 主査";
  r.received_by = "信州 太郎";
  r.received_by_title = "公共事業部 部長";
  r.received_date = "令和8年12月2日";
  r.received_at = "令和8年12月2日 14時05分";
  r.items = {
      {"a-juminhyo-2026", "住民基本台帳データ（2026年4月分）", "個人情報", "暗号化USBメモリ", "1"},
      {"a-kokuho-2026", "国民健康保険被保険者台帳の写し", "個人情報", "紙", "3冊"},
      {"a-manual-ops", "運用手順書（第3版）", "内部情報", "DVD-R", "2枚"},
  };
  r.ledger_index = 48213;
  r.ledger_origin = "nagano.itaku/ledger";
  r.verify_url = "https://itaku.city.nagano.lg.jp/verify/entries/48213";
  r.payload = "eyJraW5kIjoicmVjZWlwdCIsImluZGV4Ijo0ODIxM30";
  return r;
}

std::string render(const Receipt& r) {
  auto pdf = render_receipt_pdf(r);
  EXPECT_TRUE(pdf.ok()) << (pdf.ok() ? "" : pdf.error().describe());
  return pdf.ok() ? pdf.release_value() : std::string();
}

TEST(ReceiptPdf, ShowsTheTitleContractItemsReceiverAndLedgerIndexAsText) {
  TempDir dir;
  const Receipt r = realistic_receipt();
  const auto file = write_file(dir, "receipt.pdf", render(r));
  const std::string text = pdf_text(file);
  const std::string flat = without_whitespace(text);

  EXPECT_NE(text.find("受領証"), std::string::npos) << text;
  EXPECT_NE(flat.find(r.contract_number), std::string::npos) << text;
  EXPECT_NE(flat.find(without_whitespace(r.items[0].description)), std::string::npos) << text;
  EXPECT_NE(flat.find(without_whitespace(r.items[1].description)), std::string::npos) << text;
  EXPECT_NE(flat.find(without_whitespace(r.received_by)), std::string::npos) << text;
  EXPECT_NE(flat.find(without_whitespace(r.handed_over_by)), std::string::npos) << text;
  EXPECT_NE(flat.find(r.contractor), std::string::npos) << text;
  EXPECT_NE(flat.find("台帳記録番号48213"), std::string::npos) << text;
  EXPECT_NE(flat.find(r.verify_url), std::string::npos) << text;
  EXPECT_NE(flat.find("この受領証の記録は台帳で検証できます"), std::string::npos) << text;
}

// What a city expects of a receipt: its number, the date and time of receipt, who received
// and who handed over with their department and title, the items between 記 and 以上.
TEST(ReceiptPdf, PrintsItsNumberTheTimeOfReceiptBothPersonsTitlesAndClosesTheItemsWithIjou) {
  TempDir dir;
  const Receipt r = realistic_receipt();
  const auto file = write_file(dir, "receipt.pdf", render(r));
  const std::string text = without_whitespace(pdf_text(file, TextOrder::ContentStream));
  for (const std::string expected :
       {"受領証番号R8-情政-0042-R0001", "令和8年12月2日", "長野市長様", "株式会社信州データサービス",
        "公共事業部部長信州太郎", "受領証", "下記の情報資産を受領しました。", "記", "契約番号R8-情政-0042",
        "件名住民情報システム運用保守業務委託", "受領日時令和8年12月2日14時05分", "区分所属部署・職名氏名",
        "受領者株式会社信州データサービス公共事業部部長信州太郎", "引渡者長野市情報政策課主査長野花子",
        "受領した情報資産（3件）", "1a-juminhyo-2026住民基本台帳データ（2026年4月分）個人情報暗号化USBメモリ1",
        "3a-manual-ops運用手順書（第3版）内部情報DVD-R2枚以上", "台帳記録番号48213"})
    EXPECT_NE(text.find(without_whitespace(expected)), std::string::npos) << expected << "\n" << text;
  // 以上 closes what 記 introduced: after the last item, before the ledger block.
  EXPECT_GT(text.find("以上"), text.find("運用手順書"));
  EXPECT_LT(text.find("以上"), text.find("台帳記録番号"));
}

// The media column is narrow: 「暗号化USBメモリ」 wraps between its words, never inside
// 「メモリ」, and a long katakana word in the items' column stays whole on its line.
TEST(ReceiptPdf, ALongItemInANarrowColumnWrapsBetweenWordsNotInsideThem) {
  Receipt r = realistic_receipt();
  r.items[0].media = "暗号化USBメモリ（パスワード付き）";
  r.items[0].description = "住民基本台帳データ（2026年4月分）とバックアップ用ハードディスクのデータベースダンプ";
  TempDir dir;
  const auto file = write_file(dir, "receipt.pdf", render(r));
  std::vector<std::string> lines;
  std::istringstream in(pdf_text(file, TextOrder::ContentStream));
  for (std::string line; std::getline(in, line);) lines.push_back(without_whitespace(line));
  const auto on_one_line = [&](const std::string& word) {
    return std::any_of(lines.begin(), lines.end(),
                       [&](const std::string& line) { return line.find(word) != std::string::npos; });
  };
  for (const std::string word : {"USBメモリ", "パスワード", "ハードディスク", "データベース"})
    EXPECT_TRUE(on_one_line(word)) << word << " is broken across lines:\n" << ::testing::PrintToString(lines);
  EXPECT_FALSE(on_one_line(without_whitespace(r.items[0].media))) << "the media did not wrap: the test shows nothing";
}

TEST(ReceiptPdf, EmbedsItsFontsAsSubsetsInTensOfKilobytes) {
  TempDir dir;
  const auto file = write_file(dir, "receipt.pdf", render(realistic_receipt()));
  EXPECT_TRUE(embeds_font_subsets(file, 100'000));
}

TEST(ReceiptPdf, SixtyItemsContinueOnFurtherPagesAndEveryItemIsPrinted) {
  Receipt r = realistic_receipt();
  r.items.clear();
  for (int i = 1; i <= 60; ++i)
    r.items.push_back({"a-chosahyo-" + std::to_string(i),
                       "世帯調査票データ第" + std::to_string(i) + "号（紙媒体から電子化した分、保存年限5年）",
                       "個人情報", i % 2 == 0 ? "紙" : "USBメモリ", std::to_string(i) + "冊"});
  TempDir dir;
  const std::string pdf = render(r);
  const auto file = write_file(dir, "receipt.pdf", pdf);

  EXPECT_GE(pdf_pages(file), 2);
  const std::string flat = without_whitespace(pdf_text(file, TextOrder::ContentStream));
  for (const auto& item : r.items)
    EXPECT_NE(flat.find(without_whitespace(item.description)), std::string::npos) << item.description;
  EXPECT_NE(flat.find("受領証（続き）"), std::string::npos);
  EXPECT_NE(flat.find("台帳記録番号48213"), std::string::npos);
  auto payload = extract_receipt_payload(pdf);
  ASSERT_TRUE(payload.ok()) << payload.error().describe();
  EXPECT_EQ(*payload, r.payload);
}

TEST(ReceiptPdf, LongDescriptionsWrapInsideTheirCell) {
  Receipt r = realistic_receipt();
  r.items[0].description =
      "住民基本台帳データ（2026年4月分、転入・転出・転居・出生・死亡の異動分を含み、"
      "外国人住民に係る記録と除票を併せて収録したもの）";
  TempDir dir;
  const auto file = write_file(dir, "receipt.pdf", render(r));
  const std::string text = pdf_text(file, TextOrder::ContentStream);
  EXPECT_NE(without_whitespace(text).find(without_whitespace(r.items[0].description)), std::string::npos) << text;
  EXPECT_EQ(pdf_pages(file), 1);
}

TEST(ReceiptPayload, RoundTripsParenthesesBackslashesAndEveryPrintableCharacter) {
  std::string every;
  for (char c = 0x20; c <= 0x7E; ++c) every += c;
  for (const std::string& payload : {std::string("a(b)c\\d"), std::string(")("), std::string("\\"),
                                     std::string("((\\)"), std::string("plain"), std::string(), every}) {
    Receipt r = realistic_receipt();
    r.payload = payload;
    auto extracted = extract_receipt_payload(render(r));
    ASSERT_TRUE(extracted.ok()) << payload << ": " << extracted.error().describe();
    EXPECT_EQ(*extracted, payload);
  }
}

TEST(ReceiptPayload, RoundTripsA20KiBBase64Payload) {
  Receipt r = realistic_receipt();
  r.payload = random_base64(20 * 1024, 7) + "==";
  auto extracted = extract_receipt_payload(render(r));
  ASSERT_TRUE(extracted.ok()) << extracted.error().describe();
  EXPECT_EQ(*extracted, r.payload);
}

TEST(ReceiptPayload, RoundTripsThe64KiBMaximumWithParentheses) {
  Receipt r = realistic_receipt();
  r.payload = "(" + random_base64(64 * 1024 - 2, 11) + ")";
  auto extracted = extract_receipt_payload(render(r));
  ASSERT_TRUE(extracted.ok()) << extracted.error().describe();
  EXPECT_EQ(*extracted, r.payload);
}

void expect_no_payload(std::string_view pdf) {
  auto extracted = extract_receipt_payload(pdf);
  ASSERT_FALSE(extracted.ok()) << "found payload: " << *extracted;
  EXPECT_EQ(extracted.error().code, "receipt.no_payload");
  EXPECT_EQ(extracted.error().kind, ErrorKind::Invalid);
}

std::string plain_pdf(const std::string* keywords) {
  auto doc = documents::PdfDocument::create();
  EXPECT_TRUE(doc.ok());
  if (keywords != nullptr) doc->set_info(documents::InfoKey::Keywords, *keywords);
  doc->text(50, 50, 300, "受領証ではない文書", {});
  auto pdf = doc->finish();
  EXPECT_TRUE(pdf.ok());
  return pdf.ok() ? *pdf : std::string();
}

TEST(ReceiptPayload, IsNotFoundInAPdfThatIsNotAReceipt) {
  expect_no_payload(plain_pdf(nullptr));
  const std::string other = "minutes, 2026";
  expect_no_payload(plain_pdf(&other));
  const std::string other_with_parenthesis = "itaku-report-v1:(x)";
  expect_no_payload(plain_pdf(&other_with_parenthesis));
}

TEST(ReceiptPayload, IsNotFoundInRandomBytesOrEmptyInput) {
  std::mt19937 random(42);
  std::string bytes(100 * 1024, '\0');
  for (char& c : bytes) c = static_cast<char>(random());
  expect_no_payload(bytes);
  expect_no_payload("%PDF-1.5\n" + bytes);
  expect_no_payload("");
  // The keyword alone does not make a PDF.
  expect_no_payload("/Keywords (itaku-receipt-v1:abc)");
}

TEST(ReceiptPayload, ReadsLiteralStringEscapesAsOtherPdfWritersProduceThem) {
  const auto extract = [](std::string_view keywords) {
    auto payload =
        extract_receipt_payload("%PDF-1.4\n1 0 obj\n<< /Keywords " + std::string(keywords) + " >>\nendobj\n");
    EXPECT_TRUE(payload.ok()) << keywords << ": " << (payload.ok() ? "" : payload.error().describe());
    return payload.ok() ? *payload : std::string();
  };
  EXPECT_EQ(extract(R"((itaku-receipt-v1:a\(b\)c\\d))"), "a(b)c\\d");
  EXPECT_EQ(extract(R"((itaku-receipt-v1:a(b(c))d))"), "a(b(c))d");    // balanced, unescaped
  EXPECT_EQ(extract("(itaku-receipt-v1:\\101\\40\\0612x)"), "A 12x");  // octal: \101, \40, \061 then 2
  EXPECT_EQ(extract("(itaku-receipt-v1:long\\\nline\\\r\nand\\q)"), "longlineandq");
  EXPECT_EQ(extract("<FEFF0069 0074 0061006B0075002D0072006500630065006900700074002D00760031003A0078\n0029>"), "x)");
  EXPECT_EQ(extract("<6974616B752D726563656970742D76313A61>"), "a");
  // A later incremental update's dictionary wins; a value quoting the key is no entry.
  EXPECT_EQ(extract("(itaku-receipt-v1:old) /Keywords (itaku-receipt-v1:new)"), "new");
  EXPECT_EQ(extract("(itaku-receipt-v1:x /Keywords <41>)"), "x /Keywords <41>");
  // Escapes that yield control characters are not what itaku writes.
  expect_no_payload("%PDF-1.4\n<< /Keywords (itaku-receipt-v1:a\\nb) >>");
  expect_no_payload("%PDF-1.4\n<< /Keywords (itaku-receipt-v1:unterminated");
}

TEST(ReceiptValidation, AReceiptWithoutItemsIsRejected) {
  Receipt r = realistic_receipt();
  r.items.clear();
  auto pdf = render_receipt_pdf(r);
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.error().code, "receipt.no_items");
  EXPECT_EQ(pdf.error().kind, ErrorKind::Invalid);
  EXPECT_FALSE(pdf.error().message_ja.empty());
  EXPECT_FALSE(pdf.error().message.empty());
}

TEST(ReceiptValidation, APayloadThatIsNotPrintableAsciiIsRejected) {
  for (const std::string& payload : {std::string("検証データ"), std::string("abc\n"), std::string("tab\there"),
                                     std::string("del\x7f"), std::string("nul\0x", 5)}) {
    Receipt r = realistic_receipt();
    r.payload = payload;
    auto pdf = render_receipt_pdf(r);
    ASSERT_FALSE(pdf.ok()) << payload;
    EXPECT_EQ(pdf.error().code, "receipt.payload_not_ascii");
    EXPECT_EQ(pdf.error().kind, ErrorKind::Invalid);
  }
}

TEST(ReceiptValidation, APayloadOver64KiBIsRejected) {
  Receipt r = realistic_receipt();
  r.payload = std::string(64 * 1024 + 1, 'A');
  auto pdf = render_receipt_pdf(r);
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.error().code, "receipt.payload_too_long");
}

TEST(ReceiptValidation, TextThatIsNotUtf8IsRejected) {
  Receipt r = realistic_receipt();
  r.items[1].description = "\xE5\x8F";  // a truncated character
  auto pdf = render_receipt_pdf(r);
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.error().code, "receipt.text_not_utf8");
  EXPECT_EQ(pdf.error().context.at("field"), "items.description");
}

}  // namespace
}  // namespace itaku::testing
