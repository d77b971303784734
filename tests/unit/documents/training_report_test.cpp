#include "itaku/documents/training_report.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "itaku/documents/compliance_report.hpp"
#include "itaku/documents/receipt.hpp"
#include "support/document_tools.hpp"
#include "support/temp_dir.hpp"

// Leaks inside cairo, pango and fontconfig are suppressed for every test by tests/lsan.supp.
namespace itaku::testing {
namespace {

using documents::extract_training_report_payload;
using documents::render_training_report_pdf;
using documents::TrainingReport;
using documents::TrainingReportCourse;
using documents::TrainingReportSession;
using documents::TrainingReportWorker;

// Where content ends on an A4 page and the page number begins (printed_document.hpp): text
// between the two has run off the foot of the page.
constexpr double kContentBottom = 841.89 - 16 * 72.0 / 25.4;
constexpr double kPageNumberTop = 841.89 - 12 * 72.0 / 25.4;

TrainingReport realistic_report() {
  TrainingReport r;
  r.city = "長野市";
  r.contract_number = "R8-情政-0042";
  r.contract_title = "住民情報システム運用保守業務委託";
  r.provisions = "長野市 情報セキュリティに関する特記事項 (nagano 第1版)";
  r.party = "乙 株式会社信州データサービス";
  r.as_of = "令和8年12月7日 時点";
  r.issued_at = "令和8年12月7日";
  r.issued_by = "信州 太郎";
  r.courses = {
      {"情報セキュリティ基礎研修", "個人情報の取扱い、パスワードの管理、標的型攻撃メールへの対応、事故発生時の報告手順",
       "社内研修", "2時間", "すべての区分", "1年"},
      {"住民情報取扱研修", "住民基本台帳データの持出し禁止と媒体の管理", "長野県情報セキュリティ協会", "1.5時間",
       "個人情報、業務データ", "2年"},
  };
  r.sessions = {
      {"令和8年4月10日", "情報セキュリティ基礎研修", "本社第1会議室", "安曇野 次郎", 14, 13},
      {"令和8年9月15日", "住民情報取扱研修", "オンライン", "松本 三郎", 6, 6},
  };
  r.workers = {
      {"千曲 一郎", "株式会社信州データサービス", "情報管理責任者", "令和8年4月10日", "令和9年4月9日", "有効", "確認済",
       "誓約書 提出済"},
      {"飯山 花子", "株式会社信州データサービス", "作業従事者", "令和7年12月1日", "令和8年11月30日", "期限切れ",
       "確認済", "誓約書 提出済"},
      {"須坂 健", "株式会社北信システム", "作業従事者", "", "", "未受講", "未確認", ""},
  };
  r.counts = {{"有効", 1}, {"まもなく期限", 0}, {"期限切れ", 1}, {"未受講", 1}};
  r.ledger_index = 48311;
  r.ledger_origin = "nagano.itaku/ledger";
  r.verify_url = "https://itaku.city.nagano.lg.jp/verify/entries/48311";
  r.payload = "eyJraW5kIjoidHJhaW5pbmctcmVwb3J0IiwiaW5kZXgiOjQ4MzExfQ";
  return r;
}

// `count` workers of a large contract, each with a name the test can look for.
TrainingReport report_with_workers(int count) {
  TrainingReport r = realistic_report();
  r.workers.clear();
  for (int i = 1; i <= count; ++i)
    r.workers.push_back(
        {"従事者" + std::to_string(i), i % 3 == 0 ? "株式会社北信システム" : "株式会社信州データサービス", "作業従事者",
         "令和8年4月10日", "令和9年4月9日", i % 50 == 0 ? "期限切れ" : "有効", "確認済", "誓約書 提出済"});
  r.counts = {{"有効", static_cast<std::size_t>(count - count / 50)},
              {"期限切れ", static_cast<std::size_t>(count / 50)}};
  return r;
}

std::string render(const TrainingReport& r) {
  auto pdf = render_training_report_pdf(r);
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

std::size_t occurrences(std::string_view text, std::string_view word) {
  std::size_t n = 0;
  for (std::size_t at = text.find(word); at != std::string_view::npos; at = text.find(word, at + word.size())) ++n;
  return n;
}

TEST(TrainingReportPdf, ShowsTitleContractCoursesSessionsWorkersCountsAndLedgerAsText) {
  TempDir dir;
  const TrainingReport r = realistic_report();
  const std::string pdf = render(r);
  ASSERT_TRUE(pdf.starts_with("%PDF-"));
  const auto file = write_file(dir, "training.pdf", pdf);
  const std::string text = pdf_text(file, TextOrder::ContentStream);
  const std::string flat = without_whitespace(text);

  const int pages = pdf_pages(file);
  EXPECT_NE(flat.find("情報セキュリティ教育実施状況報告書"), std::string::npos) << text;
  for (const std::string& field : {r.contract_number, r.contract_title, r.city, without_whitespace(r.party),
                                   without_whitespace(r.as_of), r.issued_at, without_whitespace(r.issued_by)})
    EXPECT_NE(flat.find(field), std::string::npos) << field << "\n" << text;
  for (const char* heading : {"1教育の内容", "2実施状況", "3従事者ごとの状況", "受講状況別の従事者数"})
    EXPECT_NE(flat.find(heading), std::string::npos) << heading << "\n" << text;
  for (const auto& course : r.courses) {
    EXPECT_NE(flat.find(course.title), std::string::npos) << text;
    EXPECT_NE(flat.find(course.outline), std::string::npos) << text;
    EXPECT_NE(flat.find(course.provider), std::string::npos) << text;
    EXPECT_NE(flat.find(course.classes), std::string::npos) << text;
  }
  // A session's row: its date, course, place and instructor, then who attended and passed.
  EXPECT_NE(flat.find("令和8年4月10日情報セキュリティ基礎研修本社第1会議室安曇野次郎1413"), std::string::npos) << text;
  EXPECT_NE(flat.find("令和8年9月15日住民情報取扱研修オンライン松本三郎66"), std::string::npos) << text;
  for (const auto& worker : r.workers) EXPECT_NE(flat.find(without_whitespace(worker.name)), std::string::npos);
  EXPECT_NE(flat.find("千曲一郎株式会社信州データサービス情報管理責任者令和8年4月10日令和9年4月9日有効確認済"),
            std::string::npos)
      << text;
  // The counts: each status label over its number of workers.
  EXPECT_NE(flat.find("有効1名"), std::string::npos) << text;
  EXPECT_NE(flat.find("まもなく期限0名"), std::string::npos) << text;
  EXPECT_NE(flat.find("期限切れ1名"), std::string::npos) << text;
  EXPECT_NE(flat.find("未受講1名"), std::string::npos) << text;
  EXPECT_NE(flat.find("台帳記録番号48311"), std::string::npos) << text;
  EXPECT_NE(flat.find(r.ledger_origin), std::string::npos) << text;
  EXPECT_NE(flat.find(r.verify_url), std::string::npos) << text;
  EXPECT_NE(flat.find("1/" + std::to_string(pages)), std::string::npos) << text;
  EXPECT_EQ(flat.find("記録はありません"), std::string::npos) << text;
}

TEST(TrainingReportPdf, EmbedsItsFontsAsSubsets) {
  TempDir dir;
  const auto file = write_file(dir, "training.pdf", render(realistic_report()));
  EXPECT_TRUE(embeds_font_subsets(file, 150'000));
}

TEST(TrainingReportPdf, ThreeHundredWorkersContinueOverNumberedPagesUnderTheirHeadingRowRepeated) {
  const TrainingReport r = report_with_workers(300);
  TempDir dir;
  const std::string pdf = render(r);
  const auto file = write_file(dir, "training.pdf", pdf);

  const int pages = pdf_pages(file);
  EXPECT_GE(pages, 5);
  EXPECT_LE(pages, 20);
  const std::string flat = without_whitespace(pdf_text(file, TextOrder::ContentStream));
  for (int i = 1; i <= 300; ++i)
    EXPECT_EQ(occurrences(flat, "従事者" + std::to_string(i) + "株式会社"), 1u) << "従事者" << i;
  EXPECT_NE(flat.find("有効294名"), std::string::npos);
  EXPECT_NE(flat.find("期限切れ6名"), std::string::npos);
  // Every page after the first says whose report it continues and is numbered; every page
  // with workers on it but the first says it continues their table and repeats its heading row.
  int pages_of_workers = 0;
  for (int page = 2; page <= pages; ++page) {
    const std::string text = without_whitespace(pdf_page_text(file, page, TextOrder::ContentStream));
    EXPECT_TRUE(text.starts_with("情報セキュリティ教育実施状況報告書（続き）契約番号R8-情政-0042令和8年12月7日時点"))
        << "page " << page << ":\n"
        << text;
    EXPECT_NE(text.find(std::to_string(page) + "/" + std::to_string(pages)), std::string::npos) << "page " << page;
    if (text.find("作業従事者") == std::string::npos) continue;
    ++pages_of_workers;
    EXPECT_NE(text.find("3従事者ごとの状況（続き）氏名所属役割最終受講日有効期限状況特記事項の確認誓約書等従事者"),
              std::string::npos)
        << "page " << page << ":\n"
        << text;
  }
  EXPECT_GE(pages_of_workers, pages - 2);
  // The ledger block sits on the last page only.
  const std::string last = without_whitespace(pdf_page_text(file, pages, TextOrder::ContentStream));
  EXPECT_NE(last.find("台帳記録番号48311"), std::string::npos);
  EXPECT_EQ(occurrences(flat, "台帳記録番号48311"), 1u);
  EXPECT_EQ(words_past_the_foot(file), std::vector<std::string>{});
}

// The service's largest realistic report; a benchmark, not this test, guards how fast it is.
TEST(TrainingReportPdf, AThousandWorkersTakeTensOfPages) {
  TempDir dir;
  const auto file = write_file(dir, "training.pdf", render(report_with_workers(1000)));
  const int pages = pdf_pages(file);
  EXPECT_GE(pages, 15);
  EXPECT_LE(pages, 60);
  // The last worker ends the table: on the last page, or on the one before when the ledger block
  // needs a page of its own.
  const std::string end = without_whitespace(pdf_page_text(file, pages - 1, TextOrder::ContentStream) +
                                             pdf_page_text(file, pages, TextOrder::ContentStream));
  EXPECT_NE(end.find("従事者1000株式会社"), std::string::npos) << end;
}

std::string repeat(std::string_view unit, std::size_t max_bytes) {
  std::string s;
  while (s.size() + unit.size() <= max_bytes) s += unit;
  return s;
}

TEST(TrainingReportPdf, CellsAtTheirLongestWrapInTheirColumnAndContinueOnTheNextPage) {
  TrainingReport r = realistic_report();
  // 2,000 characters, as a course's outline may have: taller than a page in its column.
  r.courses[0].outline = repeat("標的型攻撃メールへの対応。", 2000 * 3 - 40) + "最後の一文。";
  r.courses[1].classes = repeat("個人情報、", 1200);
  r.contract_title = repeat("業務委託", 900);
  r.workers[0].name = repeat("千曲", 600) + "一郎";
  r.workers[1].organisation = repeat("W", 1200);  // the widest Latin letter, unbroken
  r.workers[2].pledge = repeat("誓約書 提出済 ", 1200);
  TempDir dir;
  const auto file = write_file(dir, "training.pdf", render(r));

  EXPECT_GT(pdf_pages(file), 2);
  const std::string flat = without_whitespace(pdf_text(file, TextOrder::ContentStream));
  // The outline continued under the heading row repeated, every character of it printed once
  // (a sentence cut between pages is two pieces of text; its one "撃" is not).
  EXPECT_EQ(occurrences(flat, "撃"), occurrences(r.courses[0].outline, "撃"));
  EXPECT_NE(flat.find("最後の一文。"), std::string::npos);
  EXPECT_NE(flat.find("1教育の内容（続き）"), std::string::npos);
  EXPECT_EQ(occurrences(flat, "W"), 1200u);
  EXPECT_NE(flat.find("一郎"), std::string::npos);
  EXPECT_EQ(words_past_the_foot(file), std::vector<std::string>{});
  // The workers' heading is not left at the foot of a page without the first worker under it.
  bool workers_heading = false;
  for (int page = 1; page <= pdf_pages(file); ++page) {
    const std::string text = without_whitespace(pdf_page_text(file, page, TextOrder::ContentStream));
    if (text.find("3従事者ごとの状況氏名所属") == std::string::npos) continue;
    workers_heading = true;
    EXPECT_NE(text.find("千曲千曲"), std::string::npos) << "page " << page << ":\n" << text;
  }
  EXPECT_TRUE(workers_heading);
}

TEST(TrainingReportPdf, EmptySectionsSayThereIsNoRecord) {
  TrainingReport r = realistic_report();
  r.courses.clear();
  r.sessions.clear();
  r.workers.clear();
  r.counts.clear();
  TempDir dir;
  const auto file = write_file(dir, "training.pdf", render(r));
  const std::string flat = without_whitespace(pdf_text(file, TextOrder::ContentStream));
  EXPECT_EQ(occurrences(flat, "記録はありません"), 3u) << flat;
  EXPECT_NE(flat.find("1教育の内容記録はありません2実施状況記録はありません3従事者ごとの状況記録はありません"),
            std::string::npos)
      << flat;
  EXPECT_EQ(flat.find("受講状況別の従事者数"), std::string::npos);
}

TEST(TrainingReportPayload, RoundTripsThe256KiBMaximumWithParenthesesAndBackslashes) {
  TrainingReport r = realistic_report();
  r.payload = "(\\" + random_base64(256 * 1024 - 4, 7) + "\\)";
  auto extracted = extract_training_report_payload(render(r));
  ASSERT_TRUE(extracted.ok()) << extracted.error().describe();
  EXPECT_EQ(*extracted, r.payload);
}

void expect_no_payload(std::string_view pdf) {
  auto extracted = extract_training_report_payload(pdf);
  ASSERT_FALSE(extracted.ok()) << "found payload: " << *extracted;
  EXPECT_EQ(extracted.error().code, "training_report.no_payload");
  EXPECT_EQ(extracted.error().kind, ErrorKind::Invalid);
  EXPECT_FALSE(extracted.error().message_ja.empty());
}

TEST(TrainingReportPayload, IsNotFoundInAReceiptOrAComplianceReport) {
  documents::Receipt receipt;
  receipt.items = {{"a-1", "住民基本台帳データ", "個人情報", "紙", "1"}};
  receipt.payload = "receipt-payload";
  auto receipt_pdf = documents::render_receipt_pdf(receipt);
  ASSERT_TRUE(receipt_pdf.ok()) << receipt_pdf.error().describe();
  expect_no_payload(*receipt_pdf);

  documents::ComplianceReport compliance;
  compliance.payload = "compliance-payload";
  auto compliance_pdf = documents::render_compliance_report_pdf(compliance);
  ASSERT_TRUE(compliance_pdf.ok()) << compliance_pdf.error().describe();
  expect_no_payload(*compliance_pdf);

  // And the other way round: a training report is neither.
  const std::string training = render(realistic_report());
  auto as_compliance = documents::extract_compliance_report_payload(training);
  ASSERT_FALSE(as_compliance.ok());
  EXPECT_EQ(as_compliance.error().code, "report.no_payload");
  auto as_receipt = documents::extract_receipt_payload(training);
  ASSERT_FALSE(as_receipt.ok());
  EXPECT_EQ(as_receipt.error().code, "receipt.no_payload");

  expect_no_payload("/Keywords (itaku-training-report-v1:abc)");  // not a PDF
  expect_no_payload("");
}

Error refusal(const TrainingReport& r) {
  auto pdf = render_training_report_pdf(r);
  EXPECT_FALSE(pdf.ok());
  if (pdf.ok()) return {};
  EXPECT_EQ(pdf.error().kind, ErrorKind::Invalid);
  EXPECT_FALSE(pdf.error().message_ja.empty());
  EXPECT_FALSE(pdf.error().message.empty());
  return pdf.release_error();
}

TEST(TrainingReportValidation, TextThatIsNotUtf8IsRefusedNamingTheField) {
  TrainingReport r = realistic_report();
  r.workers[2].organisation = "株式会社\xE5\x8F";  // a truncated character
  Error error = refusal(r);
  EXPECT_EQ(error.code, "training_report.text_not_utf8");
  EXPECT_EQ(error.context.at("field"), "workers[2].organisation");

  r = realistic_report();
  r.courses[1].outline = "\xFF";
  error = refusal(r);
  EXPECT_EQ(error.code, "training_report.text_not_utf8");
  EXPECT_EQ(error.context.at("field"), "courses[1].outline");
}

TEST(TrainingReportValidation, AnOverLongFieldIsRefused) {
  TrainingReport r = realistic_report();
  r.sessions[0].place = std::string(1201, 'a');
  Error error = refusal(r);
  EXPECT_EQ(error.code, "training_report.field_too_long");
  EXPECT_EQ(error.context.at("field"), "sessions[0].place");

  r = realistic_report();
  r.courses[0].outline = std::string(8001, 'a');
  error = refusal(r);
  EXPECT_EQ(error.code, "training_report.field_too_long");
  EXPECT_EQ(error.context.at("field"), "courses[0].outline");
}

TEST(TrainingReportValidation, MoreWorkersSessionsCoursesOrCountsThanAReportHoldsAreRefused) {
  TrainingReport r = realistic_report();
  r.workers.resize(20001, r.workers.front());
  Error error = refusal(r);
  EXPECT_EQ(error.code, "training_report.too_many_workers");
  EXPECT_EQ(error.context.at("max"), "20000");

  r = realistic_report();
  r.sessions.resize(20001, r.sessions.front());
  EXPECT_EQ(refusal(r).code, "training_report.too_many_sessions");

  r = realistic_report();
  r.courses.resize(2001, r.courses.front());
  EXPECT_EQ(refusal(r).code, "training_report.too_many_courses");

  r = realistic_report();
  r.counts.resize(11, r.counts.front());
  EXPECT_EQ(refusal(r).code, "training_report.too_many_counts");
}

TEST(TrainingReportValidation, APayloadOver256KiBOrNotPrintableAsciiIsRefused) {
  TrainingReport r = realistic_report();
  r.payload = std::string(256 * 1024 + 1, 'A');
  EXPECT_EQ(refusal(r).code, "training_report.payload_too_long");
  r.payload = "検証データ";
  EXPECT_EQ(refusal(r).code, "training_report.payload_not_ascii");
}

}  // namespace
}  // namespace itaku::testing
