#include "itaku/documents/compliance_report.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string>

#include "itaku/documents/receipt.hpp"
#include "support/document_tools.hpp"
#include "support/temp_dir.hpp"

// Leaks inside cairo, pango and fontconfig are suppressed for every test by tests/lsan.supp.
namespace itaku::testing {
namespace {

using documents::ComplianceReport;
using documents::extract_compliance_report_payload;
using documents::render_compliance_report_pdf;
using documents::ReportClause;
using documents::ReportControl;
using documents::ReportFinding;

// Where content ends on an A4 page and the page number begins (printed_document.hpp): text
// between the two has run off the foot of the page.
constexpr double kContentBottom = 841.89 - 16 * 72.0 / 25.4;
constexpr double kPageNumberTop = 841.89 - 12 * 72.0 / 25.4;

ComplianceReport realistic_report() {
  ComplianceReport r;
  r.city = "長野市";
  r.contractor = "株式会社信州データサービス";
  r.contract_number = "R8-情政-0042";
  r.contract_title = "住民情報システム運用保守業務委託";
  r.provisions = "長野市 情報セキュリティに関する特記事項 (nagano 第1版)";
  r.evaluated_at = "令和8年12月6日 時点";
  r.issued_at = "令和8年12月7日";
  r.issued_by = "長野 花子";
  r.scope = "契約全体";
  r.counts = {{"違反", 1}, {"期限あり", 1}, {"未記録", 1}, {"遵守", 2}, {"対象外", 0}};
  r.clauses = {
      {"第5",
       "再委託の制限",
       "met",
       "遵守",
       {{"subcontract.approved",
         "再委託するときは、あらかじめ書面で甲の承認を得ること",
         "met",
         "遵守",
         {{"丙 株式会社北信システム", "met", "遵守", "", "", "再委託の承認が台帳に記録されています。",
           "台帳記録 #31"}}}}},
      {"第8",
       "情報資産の管理",
       "violated",
       "違反",
       {{"roster.submitted",
         "作業に従事する者の名簿を作業の開始前に提出すること",
         "violated",
         "違反",
         {{"乙 株式会社信州データサービス", "violated", "違反", "", "令和8年11月1日",
           "作業従事者名簿が作業開始日までに提出されていません。", "台帳記録 #12, #15"},
          {"丙 株式会社北信システム", "due", "期限あり", "令和8年12月20日", "",
           "作業開始日までに作業従事者名簿を提出する必要があります。", ""}}},
        {"assets.returned",
         "契約の終了時に情報資産を返還し、又は廃棄すること",
         "not_tracked",
         "未記録",
         {{"契約全体", "not_tracked", "未記録", "", "", "このシステムは情報資産の返還をまだ記録していません。", ""}}}}},
      {"第12", "事故発生時の報告", "due", "期限あり", {}},
  };
  r.ledger_index = 48300;
  r.ledger_origin = "nagano.itaku/ledger";
  r.verify_url = "https://itaku.city.nagano.lg.jp/verify/entries/48300";
  r.payload = "eyJraW5kIjoiY29tcGxpYW5jZS1yZXBvcnQiLCJpbmRleCI6NDgzMDB9";
  return r;
}

std::string render(const ComplianceReport& r) {
  auto pdf = render_compliance_report_pdf(r);
  EXPECT_TRUE(pdf.ok()) << (pdf.ok() ? "" : pdf.error().describe());
  return pdf.ok() ? pdf.release_value() : std::string();
}

// Words drawn below the content area other than the page number "n / N".
std::vector<std::string> words_past_the_foot(const std::filesystem::path& file) {
  std::vector<std::string> past;
  for (const auto& word : pdf_words(file)) {
    const bool page_number =
        word.y_min >= kPageNumberTop - 1 && word.text.find_first_not_of("0123456789/") == std::string::npos;
    if (!page_number && word.y_max > kContentBottom + 1)
      past.push_back("page " + std::to_string(word.page) + ": " + word.text);
  }
  return past;
}

TEST(ComplianceReportPdf, ShowsTitleContractClausesStatusesDueDatesLedgerIndexAndUrlAsText) {
  TempDir dir;
  const ComplianceReport r = realistic_report();
  const std::string pdf = render(r);
  ASSERT_TRUE(pdf.starts_with("%PDF-"));
  const auto file = write_file(dir, "report.pdf", pdf);
  const std::string text = pdf_text(file);
  const std::string flat = without_whitespace(text);

  EXPECT_NE(flat.find("情報セキュリティ遵守状況報告書"), std::string::npos) << text;
  EXPECT_NE(flat.find(r.contract_number), std::string::npos) << text;
  EXPECT_NE(flat.find(r.contractor), std::string::npos) << text;
  EXPECT_NE(flat.find("第8情報資産の管理"), std::string::npos) << text;
  // A clause's number and title, and the ledger number's label and value, are set apart by a
  // wide space, which pdftotext's reading order may take for a column gap: they are read in the
  // order they were drawn.
  const std::string drawn = without_whitespace(pdf_text(file, TextOrder::ContentStream));
  EXPECT_NE(drawn.find("第12事故発生時の報告"), std::string::npos) << text;
  EXPECT_NE(flat.find("違反"), std::string::npos) << text;
  EXPECT_NE(flat.find("期限あり"), std::string::npos) << text;
  EXPECT_NE(flat.find("令和8年12月20日までに"), std::string::npos) << text;
  EXPECT_NE(flat.find("令和8年11月1日から"), std::string::npos) << text;
  EXPECT_NE(flat.find("作業従事者名簿が作業開始日までに提出されていません。"), std::string::npos) << text;
  EXPECT_NE(flat.find("台帳記録#12,#15"), std::string::npos) << text;
  EXPECT_NE(drawn.find("台帳記録番号48300"), std::string::npos) << text;
  EXPECT_NE(flat.find(r.ledger_origin), std::string::npos) << text;
  EXPECT_NE(flat.find(r.verify_url), std::string::npos) << text;
  EXPECT_NE(flat.find("1/" + std::to_string(pdf_pages(file))), std::string::npos) << text;
}

TEST(ComplianceReportPdf, EmbedsItsFontsAsSubsets) {
  TempDir dir;
  const auto file = write_file(dir, "report.pdf", render(realistic_report()));
  EXPECT_TRUE(embeds_font_subsets(file, 150'000));
}

ComplianceReport large_report(int clauses, int controls, int findings) {
  ComplianceReport r = realistic_report();
  r.clauses.clear();
  static constexpr std::array<const char*, 6> kStatuses{"violated",       "due",         "not_tracked", "met",
                                                        "not_applicable", "manual_check"};
  static constexpr std::array<const char*, 6> kLabels{"違反", "期限あり", "未記録", "遵守", "対象外", "要確認"};
  for (int c = 1; c <= clauses; ++c) {
    ReportClause clause{"第" + std::to_string(c), "条項" + std::to_string(c) + "の標題", "violated", "違反", {}};
    for (int k = 1; k <= controls; ++k) {
      ReportControl control{"control." + std::to_string(c) + "." + std::to_string(k),
                            "第" + std::to_string(c) + "の統制" + std::to_string(k) + "が定める事項を守ること",
                            "violated",
                            "違反",
                            {}};
      for (int f = 1; f <= findings; ++f) {
        const std::size_t s = static_cast<std::size_t>(f) % kStatuses.size();
        control.findings.push_back({"丙 株式会社下請" + std::to_string(f), kStatuses[s], kLabels[s],
                                    s == 1 ? "令和8年12月20日" : "", s == 0 ? "令和8年11月1日" : "",
                                    "丙 株式会社下請" + std::to_string(f) + "について、第" + std::to_string(c) +
                                        "の統制" + std::to_string(k) + "が求める記録を確認しました。",
                                    "台帳記録 #" + std::to_string(c * 1000 + k * 100 + f)});
      }
      clause.controls.push_back(std::move(control));
    }
    r.clauses.push_back(std::move(clause));
  }
  r.clauses.back().title = "最後の条項の標題";
  return r;
}

TEST(ComplianceReportPdf, SixtyClausesOfFiveControlsOfTwentyFindingsContinueOverNumberedPages) {
  const ComplianceReport r = large_report(60, 5, 20);
  TempDir dir;
  const std::string pdf = render(r);
  const auto file = write_file(dir, "report.pdf", pdf);

  const int pages = pdf_pages(file);
  EXPECT_GT(pages, 1);
  const std::string flat = without_whitespace(pdf_text(file, TextOrder::ContentStream));
  EXPECT_NE(flat.find("第60最後の条項の標題"), std::string::npos);
  EXPECT_NE(flat.find("第60の統制5が求める記録を確認しました。"), std::string::npos);
  EXPECT_NE(flat.find("台帳記録#60520"), std::string::npos);
  EXPECT_NE(flat.find("（続き）"), std::string::npos);
  EXPECT_NE(flat.find("1/" + std::to_string(pages)), std::string::npos);
  // The ledger block sits on the last page, as on a receipt.
  const std::string last = without_whitespace(pdf_page_text(file, pages, TextOrder::ContentStream));
  EXPECT_NE(last.find(std::to_string(pages) + "/" + std::to_string(pages)), std::string::npos);
  EXPECT_NE(last.find("台帳記録番号48300"), std::string::npos);
  EXPECT_NE(last.find(r.verify_url), std::string::npos);
  EXPECT_EQ(words_past_the_foot(file), std::vector<std::string>{});
  auto payload = extract_compliance_report_payload(pdf);
  ASSERT_TRUE(payload.ok()) << payload.error().describe();
  EXPECT_EQ(*payload, r.payload);
}

TEST(ComplianceReportPdf, FieldsAtTheirLongestStillFitTheirPage) {
  ComplianceReport r = large_report(2, 2, 3);
  const auto repeat = [](std::string_view unit, std::size_t max_bytes) {
    std::string s;
    while (s.size() + unit.size() <= max_bytes) s += unit;
    return s;
  };
  r.contract_title = repeat("業務委託", 500);
  r.scope = repeat("範囲", 500);
  for (auto& clause : r.clauses) {
    clause.title = repeat("標題", 500);
    for (auto& control : clause.controls) {
      control.summary = repeat("統制の説明", 1200);
      for (auto& finding : control.findings) {
        finding.subject = repeat("丙株式会社", 500);
        finding.due = repeat("令和8年12月20日", 100);
        finding.since = repeat("令和8年11月1日", 100);
        finding.sentence = repeat("記録が確認できません。", 1200);
        finding.evidence = repeat("#9", 1200);
      }
    }
  }
  r.clauses.back().controls.back().findings.back().sentence = repeat("最後の理由。", 1200);
  TempDir dir;
  const auto file = write_file(dir, "report.pdf", render(r));

  EXPECT_GT(pdf_pages(file), 2);
  const std::string flat = without_whitespace(pdf_text(file, TextOrder::ContentStream));
  EXPECT_NE(flat.find(r.clauses.back().controls.back().findings.back().sentence), std::string::npos);
  EXPECT_EQ(words_past_the_foot(file), std::vector<std::string>{});
}

TEST(ComplianceReportPdf, AReportWithoutClausesSaysSo) {
  ComplianceReport r = realistic_report();
  r.clauses.clear();
  r.counts.clear();
  TempDir dir;
  const auto file = write_file(dir, "report.pdf", render(r));
  EXPECT_NE(without_whitespace(pdf_text(file)).find("報告する条項はありません。"), std::string::npos);
}

TEST(ComplianceReportPayload, RoundTripsThe256KiBMaximumWithParenthesesAndBackslashes) {
  ComplianceReport r = realistic_report();
  r.payload = "(\\" + random_base64(256 * 1024 - 4, 5) + "\\)";
  auto extracted = extract_compliance_report_payload(render(r));
  ASSERT_TRUE(extracted.ok()) << extracted.error().describe();
  EXPECT_EQ(*extracted, r.payload);
}

void expect_no_payload(std::string_view pdf) {
  auto extracted = extract_compliance_report_payload(pdf);
  ASSERT_FALSE(extracted.ok()) << "found payload: " << *extracted;
  EXPECT_EQ(extracted.error().code, "report.no_payload");
  EXPECT_EQ(extracted.error().kind, ErrorKind::Invalid);
  EXPECT_FALSE(extracted.error().message_ja.empty());
}

TEST(ComplianceReportPayload, IsNotFoundInAReceiptOrAnotherPdf) {
  documents::Receipt receipt;
  receipt.items = {{"a-1", "住民基本台帳データ", "個人情報", "紙", "1"}};
  receipt.payload = "receipt-payload";
  auto receipt_pdf = documents::render_receipt_pdf(receipt);
  ASSERT_TRUE(receipt_pdf.ok()) << receipt_pdf.error().describe();
  expect_no_payload(*receipt_pdf);
  // And the other way round: a report is not a receipt.
  auto as_receipt = documents::extract_receipt_payload(render(realistic_report()));
  ASSERT_FALSE(as_receipt.ok());
  EXPECT_EQ(as_receipt.error().code, "receipt.no_payload");

  expect_no_payload("%PDF-1.4\n<< /Keywords (minutes, 2026) >>");
  expect_no_payload("/Keywords (itaku-compliance-report-v1:abc)");  // not a PDF
  expect_no_payload("");
}

Error refusal(const ComplianceReport& r) {
  auto pdf = render_compliance_report_pdf(r);
  EXPECT_FALSE(pdf.ok());
  if (pdf.ok()) return {};
  EXPECT_EQ(pdf.error().kind, ErrorKind::Invalid);
  EXPECT_FALSE(pdf.error().message_ja.empty());
  EXPECT_FALSE(pdf.error().message.empty());
  return pdf.release_error();
}

TEST(ComplianceReportValidation, TextThatIsNotUtf8IsRefusedNamingTheField) {
  ComplianceReport r = realistic_report();
  r.clauses[1].controls[0].findings[1].sentence = "期限\xE5\x8F";  // a truncated character
  const Error error = refusal(r);
  EXPECT_EQ(error.code, "report.text_not_utf8");
  EXPECT_EQ(error.context.at("field"), "clauses[1].controls[0].findings[1].sentence");
}

TEST(ComplianceReportValidation, AnOverLongFieldIsRefused) {
  ComplianceReport r = realistic_report();
  r.clauses[0].controls[0].findings[0].sentence = std::string(1201, 'a');
  Error error = refusal(r);
  EXPECT_EQ(error.code, "report.field_too_long");
  EXPECT_EQ(error.context.at("field"), "clauses[0].controls[0].findings[0].sentence");

  r = realistic_report();
  r.contract_number = std::string(501, '0');
  error = refusal(r);
  EXPECT_EQ(error.code, "report.field_too_long");
  EXPECT_EQ(error.context.at("field"), "contract_number");
}

TEST(ComplianceReportValidation, APayloadOver256KiBOrNotPrintableAsciiIsRefused) {
  ComplianceReport r = realistic_report();
  r.payload = std::string(256 * 1024 + 1, 'A');
  EXPECT_EQ(refusal(r).code, "report.payload_too_long");
  r.payload = "検証データ";
  EXPECT_EQ(refusal(r).code, "report.payload_not_ascii");
}

TEST(ComplianceReportValidation, AnUnknownStatusIsRefused) {
  ComplianceReport r = realistic_report();
  r.clauses[1].controls[1].status = "ok";
  const Error error = refusal(r);
  EXPECT_EQ(error.code, "report.unknown_status");
  EXPECT_EQ(error.context.at("field"), "clauses[1].controls[1].status");
}

TEST(ComplianceReportValidation, MoreFindingsThanAControlHoldsAreRefused) {
  ComplianceReport r = realistic_report();
  auto& findings = r.clauses[1].controls[0].findings;
  findings.resize(1001, findings.front());
  const Error error = refusal(r);
  EXPECT_EQ(error.code, "report.too_many_findings");
  EXPECT_EQ(error.context.at("max"), "1000");
}

}  // namespace
}  // namespace itaku::testing
