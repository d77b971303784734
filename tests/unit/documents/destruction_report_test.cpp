#include "itaku/documents/destruction_report.hpp"

#include <gtest/gtest.h>

#include <string>

#include "itaku/documents/disposal_certificate.hpp"
#include "support/document_tools.hpp"
#include "support/temp_dir.hpp"

// Leaks inside cairo, pango and fontconfig are suppressed for every test by tests/lsan.supp.
namespace itaku::testing {
namespace {

using documents::DestructionReport;
using documents::extract_destruction_report_payload;
using documents::render_destruction_report_pdf;

DestructionReport realistic_report() {
  DestructionReport r;
  r.number = "木更津市情政第2026-010号-R0001";
  r.issued_date = "令和8年12月7日";
  r.addressee = "木更津市長 様";
  r.issuer = "株式会社房総システムズ 代表取締役 佐藤花子";
  r.clause = "木更津市 第14条-2";
  r.contract_number = "木更津市情政第2026-010号";
  r.contract_title = "税務システム機器保守業務委託";
  r.device = "ノートPC（資産番号 PC-0012、S/N 5CG1234）";
  r.reason = "交換";
  r.method = "穿孔（ドリル）";
  r.performed = "令和8年12月5日";
  r.performed_by = "保守担当 高橋 健";
  r.witnessed_by = "情報政策課 主任 田中 優";
  r.evidence = "写真 SHA-256: ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12";
  r.media = {"内蔵SSD 512GB（S/N S4EVNX0M123456）", "内蔵HDD 1TB（S/N WD-WX12A3456789）"};
  r.ledger_index = 5120;
  r.ledger_origin = "kisarazu.itaku/ledger";
  r.verify_url = "https://itaku.city.kisarazu.lg.jp/destructions/verify?index=5120&k=0123456789abcdef";
  r.payload = "eyJraW5kIjoiZGVzdHJ1Y3Rpb24iLCJpbmRleCI6NTEyMH0";
  return r;
}

std::string render(const DestructionReport& r) {
  auto pdf = render_destruction_report_pdf(r);
  EXPECT_TRUE(pdf.ok()) << (pdf.ok() ? "" : pdf.error().describe());
  return pdf.ok() ? pdf.release_value() : std::string();
}

constexpr double kContentBottom = 841.89 - 16 * 72.0 / 25.4;
constexpr double kPageNumberTop = 841.89 - 12 * 72.0 / 25.4;

std::size_t occurrences(std::string_view text, std::string_view word) {
  std::size_t n = 0;
  for (std::size_t at = text.find(word); at != std::string_view::npos; at = text.find(word, at + word.size())) ++n;
  return n;
}

TEST(DestructionReport, ReportsTheMediaDestroyedAsALetterOnOneA4PageWithItsLedgerRecord) {
  const DestructionReport r = realistic_report();
  TempDir dir;
  const std::string pdf = render(r);
  const auto file = write_file(dir, "destruction.pdf", pdf);
  EXPECT_EQ(pdf_pages(file), 1);
  const auto text = without_whitespace(pdf_text(file, TextOrder::ContentStream));
  for (const std::string expected :
       {"木更津市情政第2026-010号-R0001", "令和8年12月7日", "木更津市長様",
        "機器の交換・廃棄に係る記録媒体の破壊報告書", "株式会社房総システムズ代表取締役佐藤花子",
        "下記の機器の交換にあたり、内蔵する記録媒体を物理的に破壊したことを報告します（木更津市第14条-2）。", "記",
        "契約木更津市情政第2026-010号税務システム機器保守業務委託", "機器ノートPC（資産番号PC-0012、S/N5CG1234）",
        "理由交換", "破壊の方法穿孔（ドリル）", "実施日令和8年12月5日", "実施者保守担当高橋健",
        "立会者情報政策課主任田中優", "証跡写真SHA-256:ab12cd34", "破壊した記録媒体（2件）",
        "No.破壊した記録媒体1内蔵SSD512GB（S/NS4EVNX0M123456）2内蔵HDD1TB（S/NWD-WX12A3456789）以上",
        "台帳記録番号5120", "この報告書の記録は台帳で検証できます。"})
    EXPECT_NE(text.find(without_whitespace(expected)), std::string::npos) << expected << "\n" << text;
  EXPECT_TRUE(embeds_font_subsets(file, 100'000));
  const auto payload = extract_destruction_report_payload(pdf);
  ASSERT_TRUE(payload.ok()) << payload.error().describe();
  EXPECT_EQ(*payload, r.payload);
}

TEST(DestructionReport, WithoutWitnessOrEvidenceThoseRowsAreLeftOut) {
  DestructionReport r = realistic_report();
  r.reason = "廃棄";
  r.witnessed_by.clear();
  r.evidence.clear();
  TempDir dir;
  const auto file = write_file(dir, "destruction.pdf", render(r));
  const auto text = without_whitespace(pdf_text(file, TextOrder::ContentStream));
  EXPECT_NE(text.find("下記の機器の廃棄にあたり"), std::string::npos) << text;
  EXPECT_EQ(text.find("立会者"), std::string::npos) << text;
  EXPECT_EQ(text.find("証跡"), std::string::npos) << text;
}

std::string repeat(std::string_view unit, std::size_t max_bytes) {
  std::string s;
  while (s.size() + unit.size() <= max_bytes) s += unit;
  return s;
}

TEST(DestructionReport, FiftyMediaAtTheirLongestContinueUnderTheirHeadingRowRepeated) {
  DestructionReport r = realistic_report();
  r.device = repeat("サーバ", 900);
  r.method = repeat("穿孔", 900);
  r.evidence = "写真 SHA-256: " + repeat("ab12", 900 - 15);
  r.media.clear();
  // The widest Latin letter, unbroken.
  for (int i = 1; i <= 50; ++i) r.media.push_back("媒体" + std::to_string(i) + "番" + repeat("W", 480));
  TempDir dir;
  const std::string pdf = render(r);
  const auto file = write_file(dir, "destruction.pdf", pdf);
  const int pages = pdf_pages(file);
  EXPECT_GE(pages, 4);
  const std::string flat = without_whitespace(pdf_text(file, TextOrder::ContentStream));
  for (int i = 1; i <= 50; ++i)
    EXPECT_EQ(occurrences(flat, std::to_string(i) + "媒体" + std::to_string(i) + "番"), 1u) << "medium " << i;
  for (int page = 2; page <= pages; ++page) {
    const std::string text = without_whitespace(pdf_page_text(file, page, TextOrder::ContentStream));
    EXPECT_TRUE(text.starts_with("機器の交換・廃棄に係る記録媒体の破壊報告書（続き）木更津市情政第2026-010号-R0001"))
        << "page " << page << ":\n"
        << text;
    const std::size_t first_medium = text.find("媒体");
    if (first_medium == std::string::npos || text.find("番WWW") == std::string::npos) continue;
    EXPECT_NE(text.find("No.破壊した記録媒体"), std::string::npos) << "page " << page << ":\n" << text;
  }
  const std::string last = without_whitespace(pdf_page_text(file, pages, TextOrder::ContentStream));
  EXPECT_NE(last.find("以上"), std::string::npos);
  EXPECT_NE(last.find("台帳記録番号5120"), std::string::npos);
  EXPECT_EQ(occurrences(flat, "台帳記録番号5120"), 1u);
  // Nothing is drawn below the content area but the page number.
  for (const auto& word : pdf_words(file))
    EXPECT_TRUE(word.y_max <= kContentBottom + 1 || word.y_min > kPageNumberTop - 1)
        << "page " << word.page << ": " << word.text;
}

TEST(DestructionReport, RefusesWhatItCannotPrintFaithfully) {
  auto bad_text = realistic_report();
  bad_text.media[1] = std::string("\xff\xfe", 2);
  EXPECT_EQ(render_destruction_report_pdf(bad_text).error().code, "destruction_report.text_not_utf8");
  auto long_field = realistic_report();
  long_field.device = std::string(901, 'a');
  const auto refused = render_destruction_report_pdf(long_field);
  EXPECT_EQ(refused.error().code, "destruction_report.field_too_long");
  EXPECT_EQ(refused.error().kind, ErrorKind::Invalid);
  auto long_medium = realistic_report();
  long_medium.media[0] = std::string(501, 'a');
  EXPECT_EQ(render_destruction_report_pdf(long_medium).error().code, "destruction_report.field_too_long");
  auto none = realistic_report();
  none.media.clear();
  EXPECT_EQ(render_destruction_report_pdf(none).error().code, "destruction_report.no_media");
  auto many = realistic_report();
  many.media.resize(51, "内蔵SSD");
  EXPECT_EQ(render_destruction_report_pdf(many).error().code, "destruction_report.too_many_media");
  auto payload = realistic_report();
  payload.payload = "not ascii ✓";
  EXPECT_EQ(render_destruction_report_pdf(payload).error().code, "destruction_report.payload_not_ascii");
  payload.payload = std::string(64 * 1024 + 1, 'A');
  EXPECT_EQ(render_destruction_report_pdf(payload).error().code, "destruction_report.payload_too_long");
}

TEST(DestructionReport, PayloadRoundTripsItsMaximumAndAnotherKindOfDocumentHasNone) {
  auto r = realistic_report();
  r.payload = "(\\" + random_base64(64 * 1024 - 4, 13) + "\\)";
  const auto extracted = extract_destruction_report_payload(render(r));
  ASSERT_TRUE(extracted.ok()) << extracted.error().describe();
  EXPECT_EQ(*extracted, r.payload);

  documents::DisposalCertificate certificate;
  certificate.items.push_back({"USB-012", "住民基本台帳データ", "USBメモリ", ""});
  certificate.payload = "abc";
  const auto pdf = documents::render_disposal_certificate_pdf(certificate);
  ASSERT_TRUE(pdf.ok()) << pdf.error().describe();
  EXPECT_EQ(extract_destruction_report_payload(*pdf).error().code, "destruction_report.no_payload");
}

}  // namespace
}  // namespace itaku::testing
