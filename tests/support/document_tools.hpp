#pragma once
// What the document tests share: files in a temporary directory, and the command-line tools
// (poppler's pdftotext, pdfinfo, pdffonts, pdftoppm; zbarimg; unzip) that read a document as a
// user's software does.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "support/temp_dir.hpp"

namespace itaku::testing {

std::filesystem::path write_file(const TempDir& dir, const std::string& name, const std::string& bytes);

struct CommandOutput {
  int exit_code = -1;
  std::string out;
};

// Runs a tool; a missing tool fails the test, because then nothing was checked.
CommandOutput run(const std::string& command);

// Base64 characters, the same for the same seed: a payload as large as one can be.
std::string random_base64(std::size_t size, unsigned seed);

std::string quoted(const std::filesystem::path& path);

// pdftotext breaks wrapped cells into lines; comparing without whitespace ignores where.
std::string without_whitespace(std::string_view text);

// pdftotext guesses the reading order from positions, and may then interleave a wrapped cell
// with its single-line neighbours; ContentStream keeps the order the document drew the text in.
enum class TextOrder { Reading, ContentStream };

std::string pdf_text(const std::filesystem::path& file, TextOrder order = TextOrder::Reading);
// The text of one page (counted from 1).
std::string pdf_page_text(const std::filesystem::path& file, int page, TextOrder order = TextOrder::Reading);
int pdf_pages(const std::filesystem::path& file);

// A word as pdftotext -bbox places it: points from the page's top left.
struct PdfWord {
  int page = 0;
  double y_min = 0, y_max = 0;
  std::string text;
  double x_min = 0, x_max = 0;
};
std::vector<PdfWord> pdf_words(const std::filesystem::path& file);

struct FontRow {
  std::string name;
  std::string embedded;
};
std::vector<FontRow> pdf_fonts(const std::filesystem::path& file);

// Whether a printed document embeds its fonts as a reader needs them: every font embedded as a
// subset (its name tagged "ABCDEF+"), the documents' face BIZ UD ゴシック among them, and the file
// no larger than `max_bytes` — whole CJK fonts, or a CFF subset with all of its font's
// subroutines, take megabytes.
::testing::AssertionResult embeds_font_subsets(const std::filesystem::path& file, std::size_t max_bytes);

// What the QR codes on a page of a PDF say, as a phone would read them off the paper: the page
// drawn at 150 dpi (pdftoppm) and its codes read (zbarimg), one text a code.
std::vector<std::string> pdf_qr_codes(const std::filesystem::path& file, int page = 1);

// One file of a zip archive (an .xlsx workbook), as unzip -p prints it.
std::string unzipped(const std::filesystem::path& archive, const std::string& entry);

}  // namespace itaku::testing
