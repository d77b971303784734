#include "itaku/documents/xlsx_table.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <random>
#include <string>
#include <vector>

#include "itaku/documents/archive.hpp"
#include "itaku/documents/table.hpp"

namespace itaku::testing {
namespace {

using documents::read_xlsx_table;
using documents::xlsx_serial_date;
using Rows = std::vector<std::vector<std::string>>;

const Timestamp kAt = from_unix_micros(1'790'000'000'000'000);

Rows read(const std::string& bytes) {
  auto rows = read_xlsx_table(bytes);
  EXPECT_TRUE(rows.ok()) << (rows.ok() ? "" : rows.error().describe());
  return rows.ok() ? rows.release_value() : Rows();
}

// The code of the error reading `bytes` gives, with the kind and messages every refusal has.
std::string refusal(const std::string& bytes) {
  auto rows = read_xlsx_table(bytes);
  EXPECT_FALSE(rows.ok());
  if (rows.ok()) return "(read)";
  EXPECT_EQ(rows.error().kind, ErrorKind::Invalid);
  EXPECT_FALSE(rows.error().message_ja.empty());
  EXPECT_FALSE(rows.error().message.empty());
  return rows.error().code;
}

std::string zip_of(const std::vector<documents::ArchiveMember>& members) {
  auto zip = documents::write_zip(members, kAt);
  EXPECT_TRUE(zip.ok()) << (zip.ok() ? "" : zip.error().describe());
  return zip.ok() ? zip.release_value() : std::string();
}

constexpr std::string_view kMain = R"(xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main")";
constexpr std::string_view kRelationships =
    R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships")";

std::string worksheet(std::string_view rows) {
  return std::string(R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet )") + std::string(kMain) +
         "><sheetData>" + std::string(rows) + "</sheetData></worksheet>";
}

// A workbook as another program could write it: one sheet, and shared strings if given.
std::string workbook_with(const std::string& sheet, const std::optional<std::string>& shared_strings = std::nullopt) {
  std::vector<documents::ArchiveMember> members{
      {"xl/workbook.xml", std::string("<workbook ") + std::string(kMain) + " " + std::string(kRelationships) +
                              R"(><sheets><sheet name="受講記録" sheetId="1" r:id="rId1"/></sheets></workbook>)"},
      {"xl/_rels/workbook.xml.rels",
       R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
       R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>)"
       R"(<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>)"
       R"(</Relationships>)"},
      {"xl/worksheets/sheet1.xml", sheet}};
  if (shared_strings) members.push_back({"xl/sharedStrings.xml", *shared_strings});
  return zip_of(members);
}

// --- What our own writer makes ---

TEST(XlsxTable, ReadsBackAWorkbookOurWriterMadeWithJapaneseTextAndEmptyCells) {
  const documents::Table table{{"氏名", "所属", "研修", "受講日"},
                               {{"山田 太郎", "", "個人情報保護研修", "2026-09-15"},
                                {"佐藤 花子", "株式会社信州データサービス", "", ""},
                                {"", "", "", ""},
                                {"=1+1", "two\nlines", "say \"hi\"", "<&>"}}};
  const auto bytes = documents::to_xlsx(table, "受講記録");
  ASSERT_TRUE(bytes.ok()) << bytes.error().describe();
  // A row ends at its last cell with text; an empty row in the middle stays, empty.
  EXPECT_EQ(read(*bytes), (Rows{{"氏名", "所属", "研修", "受講日"},
                                {"山田 太郎", "", "個人情報保護研修", "2026-09-15"},
                                {"佐藤 花子", "株式会社信州データサービス"},
                                {},
                                {"=1+1", "two\nlines", "say \"hi\"", "<&>"}}));
}

TEST(XlsxTable, AnEmptySheetIsAnEmptyTable) {
  EXPECT_EQ(read(workbook_with(worksheet(""))), Rows());
  // Formatting alone (a styled cell, a styled row) holds no text.
  EXPECT_EQ(read(workbook_with(worksheet(R"(<row r="1"><c r="A1" s="1"/></row><row r="5000" s="2"/>)"))), Rows());
}

// --- What other programs write ---

TEST(XlsxTable, PlacesCellsByTheirReferenceAndReadsEveryKindOfCell) {
  const std::string sheet = worksheet(
      R"(<row r="1"><c r="A1" t="inlineStr"><is><t>受講者</t></is></c><c r="D1"><v>4</v></c></row>)"
      R"(<row r="3"><c r="B3" t="b"><v>1</v></c><c t="b"><v>0</v></c><c r="E3" t="str"><f>A1&amp;"様"</f><v>受講者様</v></c></row>)"
      R"(<row><c t="inlineStr"><is><r><t>個人情報</t></r><r><rPr><b/></rPr><t xml:space="preserve"> 研修</t></r></is></c>)"
      R"(<c><v>46280</v></c><c><v>0.5</v></c><c t="e"><v>#N/A</v></c></row>)");
  EXPECT_EQ(read(workbook_with(sheet)), (Rows{{"受講者", "", "", "4"},
                                              {},
                                              {"", "TRUE", "FALSE", "", "受講者様"},
                                              {"個人情報 研修", "46280", "0.5", "#N/A"}}));
}

TEST(XlsxTable, SharedStringsJoinTheirRichTextRunsAndLeaveOutTheFurigana) {
  const std::string strings = std::string("<sst ") + std::string(kMain) + R"( count="3" uniqueCount="3">)" +
                              "<si><t>氏名</t></si>"
                              "<si><r><rPr><b/></rPr><t>山田</t></r><r><t xml:space=\"preserve\"> 太郎</t></r>"
                              "<rPh sb=\"0\" eb=\"2\"><t>ヤマダ</t></rPh><phoneticPr fontId=\"1\"/></si>"
                              "<si><t>一行目_x000D_\n二行目 a_x005F_x0041_</t></si></sst>";
  const std::string sheet = worksheet(
      R"(<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="s"><v>2</v></c></row>)");
  EXPECT_EQ(read(workbook_with(sheet, strings)), (Rows{{"氏名"}, {"山田 太郎", "一行目\r\n二行目 a_x0041_"}}));
  // An index past the shared strings is a broken file, not an empty cell.
  EXPECT_EQ(refusal(workbook_with(worksheet(R"(<row><c t="s"><v>3</v></c></row>)"), strings)), "xlsx.invalid");
}

TEST(XlsxTable, FindsTheFirstSheetThroughTheWorkbooksRelationships) {
  // The first tab's part is named by an absolute target and is not sheet1.xml; a prefixed
  // namespace and the package's own relationships are read as Excel reads them.
  const std::string workbook =
      R"(<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
      R"(xmlns:rel="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><x:sheets>)"
      R"(<x:sheet name="出欠" sheetId="2" rel:id="rId7"/><x:sheet name="Sheet1" sheetId="1" rel:id="rId1"/>)"
      R"(</x:sheets></x:workbook>)";
  const std::string rels =
      R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
      R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>)"
      R"(<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/book/sheets/attendance.xml"/>)"
      R"(</Relationships>)";
  const std::string root =
      R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
      R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="book/main.xml"/>)"
      R"(</Relationships>)";
  const auto row = [](std::string_view text) {
    return std::string(R"(<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)") +
           R"(<x:sheetData><x:row><x:c t="inlineStr"><x:is><x:t>)" + std::string(text) +
           "</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>";
  };
  const std::string zip = zip_of({{"_rels/.rels", root},
                                  {"book/main.xml", workbook},
                                  {"book/_rels/main.xml.rels", rels},
                                  {"book/worksheets/sheet1.xml", row("二枚目")},
                                  {"book/sheets/attendance.xml", row("一枚目")}});
  EXPECT_EQ(read(zip), (Rows{{"一枚目"}}));
}

// --- What is refused ---

TEST(XlsxTable, WhatIsNotAWorkbookIsRefused) {
  std::mt19937 random(7);
  std::string noise(4096, '\0');
  for (auto& c : noise) c = static_cast<char>(random());
  EXPECT_EQ(refusal(noise), "xlsx.invalid");
  EXPECT_EQ(refusal("PK" + noise), "xlsx.invalid");
  EXPECT_EQ(refusal(""), "xlsx.invalid");
  EXPECT_EQ(refusal("氏名,研修\r\n山田 太郎,個人情報保護研修\r\n"), "xlsx.invalid");
  // A ZIP, but not of a workbook.
  EXPECT_EQ(refusal(zip_of({{"README.txt", "台帳の抜粋"}})), "xlsx.invalid");
  // A workbook whose sheet is missing, or is not well-formed XML.
  EXPECT_EQ(refusal(zip_of({{"xl/workbook.xml", "<workbook/>"}})), "xlsx.invalid");
  EXPECT_EQ(refusal(workbook_with(worksheet("<row><c><v>1</v></row>"))), "xlsx.invalid");
  EXPECT_EQ(refusal(workbook_with("<worksheet><sheetData>")), "xlsx.invalid");
  // A valid workbook cut short.
  const auto bytes = documents::to_xlsx({{"氏名"}, {{"山田 太郎"}}}, "Sheet").value();
  EXPECT_EQ(refusal(bytes.substr(0, bytes.size() / 2)), "xlsx.invalid");
}

TEST(XlsxTable, ADoctypeIsRefusedSoThatNoEntityIsEverExpanded) {
  const std::string laughs =
      R"(<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>)"
      "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>&b;</t></is></c></row></sheetData></worksheet>";
  auto rows = read_xlsx_table(workbook_with(laughs));
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.error().code, "xlsx.invalid");
  EXPECT_NE(rows.error().context.at("reason").find("DOCTYPE"), std::string::npos);
  EXPECT_EQ(refusal(workbook_with(R"(<!DOCTYPE worksheet SYSTEM "file:///etc/passwd"><worksheet/>)")), "xlsx.invalid");
}

TEST(XlsxTable, RowsAndColumnsBeyondTheBoundsAreRefused) {
  const auto cell = [](std::string_view reference) {
    return worksheet(std::string(R"(<row r=")") + std::string(reference.substr(reference.find_first_of("0123456789"))) +
                     R"("><c r=")" + std::string(reference) + R"("><v>1</v></c></row>)");
  };
  // A header and 10,000 people; 64 columns.
  EXPECT_EQ(read(workbook_with(cell("A10001"))).size(), 10'001u);
  EXPECT_EQ(read(workbook_with(cell("BL1"))).at(0).size(), 64u);
  EXPECT_EQ(refusal(workbook_with(cell("A10002"))), "xlsx.too_large");
  EXPECT_EQ(refusal(workbook_with(cell("BM1"))), "xlsx.too_large");

  // As many rows written out one by one.
  std::string rows;
  for (int r = 1; r <= 10'002; ++r) rows += "<row><c t=\"inlineStr\"><is><t>受講者</t></is></c></row>";
  auto refused = read_xlsx_table(workbook_with(worksheet(rows)));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "xlsx.too_large");
  EXPECT_EQ(refused.error().context.at("bound"), "rows");
}

// Which bound a refusal names, for a file that must be refused as too large.
std::string bound_exceeded(const std::string& bytes) {
  auto rows = read_xlsx_table(bytes);
  EXPECT_FALSE(rows.ok());
  if (rows.ok()) return "(read)";
  EXPECT_EQ(rows.error().code, "xlsx.too_large") << rows.error().describe();
  const auto bound = rows.error().context.find("bound");
  return bound == rows.error().context.end() ? "(none)" : bound->second;
}

TEST(XlsxTable, SizesThatOnlyAnAttackNeedsAreRefused) {
  // Over 2 MiB as uploaded.
  EXPECT_EQ(bound_exceeded(std::string((2 << 20) + 1, 'x')), "file_bytes");
  // A part that inflates past 16 MiB from a few kilobytes.
  const std::string bomb = workbook_with(worksheet(std::string((16 << 20) + 1, ' ')));
  EXPECT_LT(bomb.size(), 100'000u);
  EXPECT_EQ(bound_exceeded(bomb), "part_bytes");
  // A cell longer than 32,767 bytes.
  const auto inline_cell = [](const std::string& text) {
    return workbook_with(worksheet("<row><c t=\"inlineStr\"><is><t>" + text + "</t></is></c></row>"));
  };
  EXPECT_EQ(read(inline_cell(std::string(32'767, 'a'))).at(0).at(0).size(), 32'767u);
  EXPECT_EQ(bound_exceeded(inline_cell(std::string(32'768, 'a'))), "cell_bytes");
  // Elements nested deeper than 64.
  std::string deep;
  for (int i = 0; i < 70; ++i) deep += "<x>";
  for (int i = 0; i < 70; ++i) deep += "</x>";
  EXPECT_EQ(bound_exceeded(workbook_with("<worksheet>" + deep + "</worksheet>")), "xml_depth");
  // More shared strings than any sheet of 10,001 rows and 64 columns needs.
  std::string many = "<sst>";
  for (int i = 0; i <= 100'000; ++i) many += "<si><t>a</t></si>";
  many += "</sst>";
  EXPECT_EQ(bound_exceeded(workbook_with(worksheet(""), many)), "shared_strings");
  // One long shared string named in every cell: small to send, gigabytes to hold.
  const std::string strings = "<sst><si><t>" + std::string(30'000, 'a') + "</t></si></sst>";
  std::string row = "<row>";
  for (int c = 0; c < 64; ++c) row += "<c t=\"s\"><v>0</v></c>";
  row += "</row>";
  std::string rows;
  for (int r = 0; r < 10'000; ++r) rows += row;
  EXPECT_EQ(bound_exceeded(workbook_with(worksheet(rows), strings)), "table_bytes");
}

TEST(XlsxTable, APartThatInflatesPastTheSizeItsZipRecordsIsRefused) {
  const std::string name = "xl/worksheets/sheet1.xml";
  const std::string sheet = worksheet(std::string(1 << 20, ' '));
  std::string zip = workbook_with(sheet);
  const auto little_endian = [](std::size_t n) {
    std::string out;
    for (int i = 0; i < 4; ++i, n >>= 8) out += static_cast<char>(n & 0xFF);
    return out;
  };
  // The uncompressed size, at byte 22 of the part's local header (30 bytes before its name)
  // and at byte 24 of its central directory entry (46 bytes before its name), now says 100.
  const auto local = zip.find(name);
  const auto central = zip.find(name, local + 1);
  ASSERT_NE(central, std::string::npos);
  for (const std::size_t at : {local - 30 + 22, central - 46 + 24}) {
    ASSERT_EQ(zip.substr(at, 4), little_endian(sheet.size()));
    zip.replace(at, 4, little_endian(100));
  }
  EXPECT_EQ(refusal(zip), "xlsx.invalid");
}

// --- Dates ---

TEST(XlsxSerialDate, TurnsASerialDayNumberIntoTheDayItNames) {
  EXPECT_EQ(xlsx_serial_date("45658"), "2025-01-01");
  EXPECT_EQ(xlsx_serial_date("46280"), "2026-09-15");
  // A time of day does not change the day.
  EXPECT_EQ(xlsx_serial_date("46280.99"), "2026-09-15");
  EXPECT_EQ(xlsx_serial_date("61"), "1900-03-01");
  EXPECT_EQ(xlsx_serial_date("2958465"), "9999-12-31");
}

TEST(XlsxSerialDate, AnythingElseIsNoDate) {
  // Serial 60 is Excel's 1900-02-29, which never was; the days before it are counted from it.
  for (const char* cell : {"60", "1", "0", "2958466", "", "-45658", "+45658", "45658.", ".5", "4.5658e4", " 45658",
                           "45658 ", "2026-09-15", "令和8年9月15日", "99999999999999999999"})
    EXPECT_EQ(xlsx_serial_date(cell), std::nullopt) << cell;
}

}  // namespace
}  // namespace itaku::testing
