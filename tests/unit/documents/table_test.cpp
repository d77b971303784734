#include "itaku/documents/table.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

#include "support/document_tools.hpp"
#include "support/temp_dir.hpp"

namespace itaku::testing {
namespace {

using documents::Table;
using documents::to_csv;
using documents::to_xlsx;

Table findings_table() {
  return {{"条", "統制", "対象", "状況", "理由"},
          {{"第8", "roster.submitted", "乙 株式会社信州データサービス", "違反", "作業従事者名簿が提出されていません。"},
           {"第8", "roster.submitted", "丙 株式会社北信システム", "期限あり",
            "令和8年12月20日までに提出する必要があります。"}}};
}

// --- CSV ---

TEST(TableCsv, StartsWithAByteOrderMarkAndEndsEveryLineWithCrLf) {
  const std::string csv = to_csv(findings_table());
  ASSERT_TRUE(csv.starts_with("\xEF\xBB\xBF"));
  EXPECT_EQ(csv,
            "\xEF\xBB\xBF"
            "条,統制,対象,状況,理由\r\n"
            "第8,roster.submitted,乙 株式会社信州データサービス,違反,作業従事者名簿が提出されていません。\r\n"
            "第8,roster.submitted,丙 株式会社北信システム,期限あり,令和8年12月20日までに提出する必要があります。\r\n");
}

TEST(TableCsv, QuotesCellsWithCommasQuotesAndLineBreaks) {
  const Table table{{"a", "b"}, {{"1,2", "say \"hi\""}, {"two\nlines", "cr\rhere"}, {"", "plain"}}};
  EXPECT_EQ(to_csv(table),
            "\xEF\xBB\xBF"
            "a,b\r\n"
            "\"1,2\",\"say \"\"hi\"\"\"\r\n"
            "\"two\nlines\",\"cr\rhere\"\r\n"
            ",plain\r\n");
}

TEST(TableCsv, ACellThatAFormulaWouldStartWithIsMadeText) {
  const Table table{{"=1+1"},
                    {{"+81-26-224-5000"},
                     {"-2"},
                     {"@SUM(A1)"},
                     {"\t=cmd"},
                     {"\r=cmd"},
                     {"=HYPERLINK(\"http://evil.example\",\"x\")"},
                     {"a=b"},
                     {"＝全角"}}};
  EXPECT_EQ(to_csv(table),
            "\xEF\xBB\xBF"
            "'=1+1\r\n"
            "'+81-26-224-5000\r\n"
            "'-2\r\n"
            "'@SUM(A1)\r\n"
            "'\t=cmd\r\n"
            "\"'\r=cmd\"\r\n"
            "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"\r\n"
            "a=b\r\n"
            "＝全角\r\n");
}

// --- XLSX ---

std::string xlsx(const Table& table, std::string_view sheet) {
  auto bytes = to_xlsx(table, sheet);
  EXPECT_TRUE(bytes.ok()) << (bytes.ok() ? "" : bytes.error().describe());
  return bytes.ok() ? bytes.release_value() : std::string();
}

TEST(TableXlsx, IsAWorkbookWhoseSheetHoldsTheTextAsStrings) {
  TempDir dir;
  Table table = findings_table();
  table.rows.push_back({"=1+1", "say \"hi\"", "two\nlines", "", "@SUM(A1)"});
  const std::string bytes = xlsx(table, "遵守状況");
  ASSERT_TRUE(bytes.starts_with("PK"));
  const auto file = write_file(dir, "report.xlsx", bytes);

  const std::string strings = unzipped(file, "xl/sharedStrings.xml");
  for (const auto& cell : {"条", "理由", "乙 株式会社信州データサービス", "作業従事者名簿が提出されていません。",
                           "=1+1", "@SUM(A1)", "two\nlines"})
    EXPECT_NE(strings.find(cell), std::string::npos) << cell << " not in\n" << strings;
  const std::string sheet = unzipped(file, "xl/worksheets/sheet1.xml");
  // Every cell is a shared string; none is a formula.
  EXPECT_EQ(sheet.find("<f>"), std::string::npos) << sheet;
  EXPECT_NE(sheet.find("t=\"s\""), std::string::npos) << sheet;
  EXPECT_NE(unzipped(file, "xl/workbook.xml").find("name=\"遵守状況\""), std::string::npos);
}

// The width Excel is told for column `column` (1-based) of the first sheet.
std::optional<double> column_width(const std::string& sheet, int column) {
  const std::string col = "<col min=\"" + std::to_string(column) + "\"";
  const std::size_t at = sheet.find(col);
  if (at == std::string::npos) return std::nullopt;
  const std::size_t width = sheet.find("width=\"", at);
  if (width == std::string::npos) return std::nullopt;
  return std::stod(sheet.substr(width + 7));
}

TEST(TableXlsx, TheHeaderIsBoldAndFrozenAndJapaneseColumnsAreWideEnough) {
  TempDir dir;
  const Table table{{"番号", "対象"}, {{"1", "乙 株式会社信州データサービス"}, {"2", "丙 株式会社北信システム"}}};
  const auto file = write_file(dir, "report.xlsx", xlsx(table, "Sheet"));
  const std::string sheet = unzipped(file, "xl/worksheets/sheet1.xml");

  // The first row stays in view when scrolling.
  EXPECT_NE(sheet.find("ySplit=\"1\""), std::string::npos) << sheet;
  EXPECT_NE(sheet.find("state=\"frozen\""), std::string::npos) << sheet;
  // The header row's cells use a bold format (s="1"), the others the default one.
  EXPECT_NE(sheet.find("<c r=\"A1\" s=\"1\""), std::string::npos) << sheet;
  EXPECT_NE(sheet.find("<c r=\"A2\" t=\"s\""), std::string::npos) << sheet;
  EXPECT_NE(unzipped(file, "xl/styles.xml").find("<b/>"), std::string::npos);
  // 15 full-width characters need about 30 digit widths; a number column stays narrow.
  const auto number = column_width(sheet, 1);
  const auto subject = column_width(sheet, 2);
  ASSERT_TRUE(number && subject) << sheet;
  EXPECT_GE(*subject, 30);
  EXPECT_LE(*subject, 60);
  EXPECT_LT(*number, 12);
}

TEST(TableXlsx, LeavesNoTemporaryFileBehind) {
  TempDir dir;
  const char* previous = std::getenv("TMPDIR");
  const std::optional<std::string> saved = previous ? std::optional<std::string>(previous) : std::nullopt;
  setenv("TMPDIR", dir.path().c_str(), 1);
  const std::string bytes = xlsx(findings_table(), "Sheet");
  auto refused = to_xlsx(Table{{"\xFF"}, {}}, "Sheet");
  if (saved)
    setenv("TMPDIR", saved->c_str(), 1);
  else
    unsetenv("TMPDIR");

  EXPECT_TRUE(bytes.starts_with("PK"));
  EXPECT_FALSE(refused.ok());
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

Error refusal(const Table& table, std::string_view sheet) {
  auto bytes = to_xlsx(table, sheet);
  EXPECT_FALSE(bytes.ok());
  if (bytes.ok()) return {};
  EXPECT_EQ(bytes.error().kind, ErrorKind::Invalid);
  EXPECT_FALSE(bytes.error().message_ja.empty());
  return bytes.release_error();
}

TEST(TableXlsx, TextThatIsNotUtf8IsRefusedNamingTheCell) {
  Table table = findings_table();
  table.rows[1][4] = "期限\xE5\x8F";
  const Error error = refusal(table, "Sheet");
  EXPECT_EQ(error.code, "table.text_not_utf8");
  EXPECT_EQ(error.context.at("row"), "2");
  EXPECT_EQ(error.context.at("column"), "4");
}

TEST(TableXlsx, ACellLongerThanExcelHoldsIsRefused) {
  Table table = findings_table();
  table.rows[0][4] = std::string(32767, 'a');
  EXPECT_TRUE(to_xlsx(table, "Sheet").ok());
  table.rows[0][4] += "a";
  EXPECT_EQ(refusal(table, "Sheet").code, "table.cell_too_long");
}

TEST(TableXlsx, ASheetNameExcelDoesNotAcceptIsRefused) {
  for (const std::string& name : {std::string(), std::string("a/b"), std::string("[x]"), std::string("'quoted'"),
                                  std::string("History"), std::string(32, 'x'), std::string("\xFF")})
    EXPECT_EQ(refusal(findings_table(), name).code, "table.bad_sheet_name") << name;
  // 31 characters, Japanese ones too, are allowed.
  EXPECT_TRUE(to_xlsx(findings_table(), std::string(31, 'x')).ok());
  std::string japanese;
  for (int i = 0; i < 31; ++i) japanese += "表";
  EXPECT_TRUE(to_xlsx(findings_table(), japanese).ok());
}

}  // namespace
}  // namespace itaku::testing
