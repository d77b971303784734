#include "itaku/documents/pdf.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "support/document_tools.hpp"

// Leaks inside cairo, pango and fontconfig are suppressed for every test by tests/lsan.supp.
namespace itaku::testing {
namespace {

using documents::PdfDocument;
using documents::TextStyle;
using documents::Wrap;

constexpr double kLeft = 100;
constexpr TextStyle kCellText{.size_pt = 9.5};

// Each text drawn alone at the left of its own band of the page, `width` wide; the lines
// pdftotext reads, in the order they were drawn.
std::vector<std::string> drawn_lines(const TempDir& dir, const std::vector<std::string>& texts, double width,
                                     const TextStyle& style = kCellText) {
  auto doc = PdfDocument::create().release_value();
  double y = 60;
  for (const auto& text : texts) y += doc.text(kLeft, y, width, text, style) + 20;
  const auto file = write_file(dir, "text.pdf", doc.finish().release_value());
  std::vector<std::string> lines;
  std::istringstream in(pdf_text(file, TextOrder::ContentStream));
  for (std::string line; std::getline(in, line);)
    if (!without_whitespace(line).empty()) lines.push_back(without_whitespace(line));
  return lines;
}

bool on_one_line(const std::vector<std::string>& lines, const std::string& word) {
  for (const auto& line : lines)
    if (line.find(word) != std::string::npos) return true;
  return false;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += line;
  return out;
}

// A receipt's 媒体 column and the like: pango alone would end a line at 「暗号化USBメモ」.
TEST(PdfText, JapaneseWordsInANarrowColumnAreBrokenBetweenWordsNotInsideThem) {
  TempDir dir;
  const std::vector<std::string> texts{"暗号化USBメモリ", "外付けハードディスク（暗号化済み）",
                                       "情報セキュリティ遵守状況報告書", "住民基本台帳データ（2026年4月分）"};
  const auto lines = drawn_lines(dir, texts, 70);
  ASSERT_GE(lines.size(), 2 * texts.size()) << joined(lines);  // every text wrapped
  for (const std::string word : {"USBメモリ", "ハードディスク", "セキュリティ", "データ"})
    EXPECT_TRUE(on_one_line(lines, word)) << word << " is broken: " << ::testing::PrintToString(lines);
  std::string all;
  for (const auto& text : texts) all += text;
  EXPECT_EQ(joined(lines), all);
}

// A word wider than its column is still broken, between characters, and stays inside it.
TEST(PdfText, AWordWiderThanItsColumnIsBrokenInsideItAndStaysWithinTheColumn) {
  TempDir dir;
  auto doc = PdfDocument::create().release_value();
  constexpr double kWidth = 40;
  doc.text(kLeft, 60, kWidth, "セキュリティポリシー", kCellText);
  const auto file = write_file(dir, "text.pdf", doc.finish().release_value());
  const auto words = pdf_words(file);
  ASSERT_GE(words.size(), 2u);
  std::string all;
  for (const auto& word : words) {
    EXPECT_LE(word.x_max, kLeft + kWidth + 0.5) << word.text;
    all += word.text;
  }
  EXPECT_EQ(all, "セキュリティポリシー");
}

// Identifiers and addresses break at any character, as before: each line is filled.
TEST(PdfText, CharacterWrappedTextFillsEachLine) {
  TempDir dir;
  auto doc = PdfDocument::create().release_value();
  constexpr double kWidth = 80;
  const std::string url = "https://itaku.example.jp/receipts/verify?index=44-c34189fff1ffba937c";
  doc.text(kLeft, 60, kWidth, url, {.size_pt = 6.5, .wrap = Wrap::Characters});
  const auto file = write_file(dir, "text.pdf", doc.finish().release_value());
  const auto words = pdf_words(file);
  ASSERT_GE(words.size(), 2u);
  // Not "https://" alone, as a break between words would leave it.
  EXPECT_GT(words[0].x_max, kLeft + kWidth - 5) << words[0].text;
  std::string all;
  for (const auto& word : words) all += word.text;
  EXPECT_EQ(all, url);
}

}  // namespace
}  // namespace itaku::testing
