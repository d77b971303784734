#include "itaku/documents/disposal_certificate.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "itaku/documents/approval_document.hpp"
#include "support/document_tools.hpp"
#include "support/temp_dir.hpp"

// Leaks inside cairo, pango and fontconfig are suppressed for every test by tests/lsan.supp.
namespace itaku::testing {
namespace {

using documents::DisposalCertificate;
using documents::extract_disposal_certificate_payload;
using documents::render_disposal_certificate_pdf;

DisposalCertificate realistic_certificate() {
  DisposalCertificate c;
  c.number = "長野市情政第2026-001号-D0001";
  c.issued_date = "令和8年12月7日";
  c.addressee = "長野市長 様";
  c.issuer = "株式会社信州データサービス 代表取締役 山田太郎";
  c.clause = "長野市 第9-2";
  c.contract_number = "長野市情政第2026-001号";
  c.contract_title = "住民記録システム運用保守業務委託";
  c.disposition = "消去";
  c.method = "NIST SP 800-88 Purge（暗号化消去）";
  c.performed = "令和8年12月5日";
  c.performed_by = "運用監視担当 鈴木 一郎";
  c.witnessed_by = "情報政策課 主査 小林 誠";
  c.instruction = "令和8年12月1日付け 長野市情政第2026-001号-I0003 による消去の指示";
  c.items = {{"USB-012", "住民基本台帳データ（2026年4月分）", "暗号化USBメモリ", "複製物"},
             {"juminhyo-2026-04-work", "住民基本台帳データ（2026年4月分）の作業用複製", "ノートPC（PC-0012）内蔵SSD",
              "複製物"}};
  c.ledger_index = 4811;
  c.ledger_origin = "nagano.itaku/ledger";
  c.verify_url = "https://itaku.city.nagano.lg.jp/disposals/verify?index=4811&k=0123456789abcdef";
  c.payload = "eyJraW5kIjoiZGlzcG9zYWwiLCJpbmRleCI6NDgxMX0";
  return c;
}

std::string render(const DisposalCertificate& c) {
  auto pdf = render_disposal_certificate_pdf(c);
  EXPECT_TRUE(pdf.ok()) << (pdf.ok() ? "" : pdf.error().describe());
  return pdf.ok() ? pdf.release_value() : std::string();
}

// A row of the assets' table as the content stream holds it: its number, then each cell.
std::string row_text(std::size_t number, const DisposalCertificate::Item& item) {
  return without_whitespace(std::to_string(number) + item.asset + item.description + item.media + item.note);
}

std::size_t occurrences(std::string_view text, std::string_view word) {
  std::size_t n = 0;
  for (std::size_t at = text.find(word); at != std::string_view::npos; at = text.find(word, at + word.size())) ++n;
  return n;
}

std::string repeat(std::string_view unit, std::size_t max_bytes) {
  std::string s;
  while (s.size() + unit.size() <= max_bytes) s += unit;
  return s;
}

// Words drawn below the content area other than on the page number's line.
std::vector<std::string> words_past_the_foot(const std::filesystem::path& file) {
  constexpr double kContentBottom = 841.89 - 16 * 72.0 / 25.4;
  constexpr double kPageNumberTop = 841.89 - 12 * 72.0 / 25.4;
  std::vector<std::string> past;
  for (const auto& word : pdf_words(file))
    if (word.y_max > kContentBottom + 1 && word.y_min < kPageNumberTop - 1)
      past.push_back("page " + std::to_string(word.page) + ": " + word.text);
  return past;
}

constexpr std::string_view kItemsHeading = "No.資産番号名称媒体備考";

TEST(DisposalCertificate, CertifiesWhatWasErasedAsALetterOnOneA4PageWithItsLedgerRecord) {
  const DisposalCertificate c = realistic_certificate();
  TempDir dir;
  const std::string pdf = render(c);
  const auto file = write_file(dir, "disposal.pdf", pdf);
  EXPECT_EQ(pdf_pages(file), 1);
  const auto text = without_whitespace(pdf_text(file, TextOrder::ContentStream));
  for (const std::string expected :
       {"長野市情政第2026-001号-D0001", "令和8年12月7日", "長野市長様", "情報資産の廃棄・消去証明書",
        "株式会社信州データサービス代表取締役山田太郎",
        "住民記録システム運用保守業務委託（長野市情政第2026-001号）に係る下記の情報資産について、"
        "消去したことを証明します（長野市第9-2）。",
        "記", "契約長野市情政第2026-001号住民記録システム運用保守業務委託", "方法NISTSP800-88Purge（暗号化消去）",
        "実施日令和8年12月5日", "実施者運用監視担当鈴木一郎", "立会者情報政策課主査小林誠",
        "市の指示令和8年12月1日付け長野市情政第2026-001号-I0003による消去の指示", "対象の情報資産（2件）", "以上",
        "台帳記録番号4811", "この証明書の記録は台帳で検証できます。"})
    EXPECT_NE(text.find(without_whitespace(expected)), std::string::npos) << expected << "\n" << text;
  EXPECT_NE(text.find(std::string(kItemsHeading) + row_text(1, c.items[0]) + row_text(2, c.items[1])),
            std::string::npos)
      << text;
  // 以上 closes what 記 introduced: it comes after the last asset.
  EXPECT_GT(text.find("以上"), text.find(row_text(2, c.items[1])));
  const auto payload = extract_disposal_certificate_payload(pdf);
  ASSERT_TRUE(payload.ok()) << payload.error().describe();
  EXPECT_EQ(*payload, c.payload);
}

TEST(DisposalCertificate, EmbedsItsFontsAsSubsets) {
  DisposalCertificate c = realistic_certificate();
  c.items.resize(1);
  TempDir dir;
  const std::string pdf = render(c);
  const auto file = write_file(dir, "disposal.pdf", pdf);
  EXPECT_TRUE(embeds_font_subsets(file, 100'000));
}

TEST(DisposalCertificate, AReturnIsReportedNotCertifiedAndEmptyRowsAreLeftOut) {
  DisposalCertificate c = realistic_certificate();
  c.disposition = "返還";
  c.witnessed_by.clear();
  c.instruction.clear();
  TempDir dir;
  const std::string pdf = render(c);
  const auto file = write_file(dir, "return.pdf", pdf);
  const auto text = without_whitespace(pdf_text(file, TextOrder::ContentStream));
  EXPECT_NE(text.find("情報資産の返還報告書"), std::string::npos) << text;
  EXPECT_NE(text.find("について、返還したことを報告します（長野市第9-2）。"), std::string::npos) << text;
  EXPECT_NE(text.find("この報告書の記録は台帳で検証できます。"), std::string::npos) << text;
  EXPECT_EQ(text.find("証明"), std::string::npos) << text;
  EXPECT_EQ(text.find("立会者"), std::string::npos) << text;
  EXPECT_EQ(text.find("市の指示"), std::string::npos) << text;
}

TEST(DisposalCertificate, FiveHundredAssetsContinueOverNumberedPagesUnderTheirHeadingRowRepeated) {
  DisposalCertificate c = realistic_certificate();
  c.items.clear();
  for (int i = 1; i <= 500; ++i)
    c.items.push_back({"chosahyo-" + std::to_string(i),
                       "世帯調査票データ第" + std::to_string(i) + "号（紙媒体から電子化した分）",
                       i % 2 == 0 ? "ファイルサーバ" : "外付けHDD", i % 3 == 0 ? "複製物" : ""});
  TempDir dir;
  const std::string pdf = render(c);
  const auto file = write_file(dir, "disposal.pdf", pdf);

  const int pages = pdf_pages(file);
  EXPECT_GE(pages, 10);
  EXPECT_LE(pages, 40);
  const std::string flat = without_whitespace(pdf_text(file, TextOrder::ContentStream));
  for (std::size_t i = 0; i < c.items.size(); ++i)
    EXPECT_EQ(occurrences(flat, row_text(i + 1, c.items[i])), 1u) << "row " << i + 1;
  EXPECT_NE(flat.find("対象の情報資産（500件）"), std::string::npos);
  // Every page after the first says whose certificate it continues, and every page with
  // assets on it shows the table's heading row first.
  for (int page = 1; page <= pages; ++page) {
    const std::string text = without_whitespace(pdf_page_text(file, page, TextOrder::ContentStream));
    EXPECT_NE(text.find(std::to_string(page) + "/" + std::to_string(pages)), std::string::npos) << "page " << page;
    if (page > 1) {
      EXPECT_TRUE(
          text.starts_with("情報資産の廃棄・消去証明書（続き）長野市情政第2026-001号-D0001契約番号"
                           "長野市情政第2026-001号"))
          << "page " << page << ":\n"
          << text;
    }
    const std::size_t first_asset = text.find("chosahyo-");
    if (first_asset == std::string::npos) continue;
    EXPECT_LT(text.find(kItemsHeading), first_asset) << "page " << page << ":\n" << text;
  }
  // The ledger block and 以上 sit on the last page only.
  const std::string last = without_whitespace(pdf_page_text(file, pages, TextOrder::ContentStream));
  EXPECT_NE(last.find("以上"), std::string::npos);
  EXPECT_NE(last.find("台帳記録番号4811"), std::string::npos);
  EXPECT_EQ(occurrences(flat, "台帳記録番号4811"), 1u);
  const auto payload = extract_disposal_certificate_payload(pdf);
  ASSERT_TRUE(payload.ok()) << payload.error().describe();
  EXPECT_EQ(*payload, c.payload);
}

TEST(DisposalCertificate, EveryFieldAtItsLongestStaysWithinItsPages) {
  DisposalCertificate c = realistic_certificate();
  for (std::string* field :
       {&c.number, &c.issued_date, &c.addressee, &c.clause, &c.contract_number, &c.disposition, &c.performed})
    *field = repeat("令和八年", 200);
  for (std::string* field : {&c.issuer, &c.contract_title, &c.method, &c.performed_by, &c.witnessed_by, &c.instruction})
    *field = repeat("情報資産", 900);
  c.ledger_origin = repeat("台帳", 500);
  c.verify_url = "https://itaku.example/verify?k=" + repeat("W", 500 - 31);
  // The widest Latin letter, unbroken, in every cell of the assets' table.
  c.items.assign(12, {repeat("W", 200), repeat("W", 500), repeat("W", 200), repeat("W", 200)});
  c.payload = random_base64(64 * 1024, 3);
  TempDir dir;
  const auto file = write_file(dir, "longest.pdf", render(c));
  const int pages = pdf_pages(file);
  EXPECT_GE(pages, 3);
  EXPECT_EQ(words_past_the_foot(file), std::vector<std::string>{});
  const std::string last = without_whitespace(pdf_page_text(file, pages, TextOrder::ContentStream));
  EXPECT_NE(last.find("台帳記録番号4811"), std::string::npos) << last;
}

TEST(DisposalCertificate, RefusesWhatItCannotPrintFaithfully) {
  auto bad_text = realistic_certificate();
  bad_text.items[1].note = std::string("\xff\xfe", 2);
  EXPECT_EQ(render_disposal_certificate_pdf(bad_text).error().code, "disposal_certificate.text_not_utf8");
  auto long_field = realistic_certificate();
  long_field.method = std::string(901, 'a');
  const auto refused = render_disposal_certificate_pdf(long_field);
  EXPECT_EQ(refused.error().code, "disposal_certificate.field_too_long");
  EXPECT_EQ(refused.error().kind, ErrorKind::Invalid);
  auto long_item = realistic_certificate();
  long_item.items[0].description = std::string(501, 'a');
  EXPECT_EQ(render_disposal_certificate_pdf(long_item).error().code, "disposal_certificate.field_too_long");
  auto none = realistic_certificate();
  none.items.clear();
  EXPECT_EQ(render_disposal_certificate_pdf(none).error().code, "disposal_certificate.no_items");
  auto many = realistic_certificate();
  many.items.resize(501, many.items.front());
  EXPECT_EQ(render_disposal_certificate_pdf(many).error().code, "disposal_certificate.too_many_items");
  auto payload = realistic_certificate();
  payload.payload = "not ascii ✓";
  EXPECT_EQ(render_disposal_certificate_pdf(payload).error().code, "disposal_certificate.payload_not_ascii");
  payload.payload = std::string(64 * 1024 + 1, 'A');
  EXPECT_EQ(render_disposal_certificate_pdf(payload).error().code, "disposal_certificate.payload_too_long");
}

TEST(DisposalCertificate, PayloadRoundTripsItsMaximumAndAnotherKindOfDocumentHasNone) {
  auto c = realistic_certificate();
  c.payload = "(\\" + random_base64(64 * 1024 - 4, 9) + "\\)";
  const auto extracted = extract_disposal_certificate_payload(render(c));
  ASSERT_TRUE(extracted.ok()) << extracted.error().describe();
  EXPECT_EQ(*extracted, c.payload);

  documents::ApprovalDocument approval;
  approval.payload = "abc";
  const auto pdf = documents::render_approval_pdf(approval);
  ASSERT_TRUE(pdf.ok()) << pdf.error().describe();
  EXPECT_EQ(extract_disposal_certificate_payload(*pdf).error().code, "disposal_certificate.no_payload");
  EXPECT_EQ(documents::extract_approval_payload(render(realistic_certificate())).error().code,
            "approval_document.no_payload");
}

}  // namespace
}  // namespace itaku::testing
