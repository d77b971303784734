#include "support/document_tools.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <utility>

namespace itaku::testing {

std::filesystem::path write_file(const TempDir& dir, const std::string& name, const std::string& bytes) {
  auto path = dir.path() / name;
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  return path;
}

CommandOutput run(const std::string& command) {
  CommandOutput result;
  FILE* pipe = popen((command + " 2>/dev/null").c_str(), "r");
  if (pipe == nullptr) {
    ADD_FAILURE() << "cannot run: " << command;
    return result;
  }
  char buffer[4096];
  for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) result.out.append(buffer, n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (result.exit_code == 127) ADD_FAILURE() << "not installed (scripts/setup.sh installs it): " << command;
  return result;
}

std::string random_base64(std::size_t size, unsigned seed) {
  constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::mt19937 random(seed);
  std::string out;
  for (std::size_t i = 0; i < size; ++i) out += kAlphabet[random() % kAlphabet.size()];
  return out;
}

std::string quoted(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

std::string without_whitespace(std::string_view text) {
  std::string out;
  for (const char c : text)
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t' && c != '\f') out += c;
  return out;
}

std::string pdf_text(const std::filesystem::path& file, TextOrder order) {
  const std::string raw = order == TextOrder::ContentStream ? "-raw " : "";
  const auto result = run("pdftotext " + raw + "-enc UTF-8 " + quoted(file) + " -");
  EXPECT_EQ(result.exit_code, 0) << "pdftotext failed";
  return result.out;
}

std::string pdf_page_text(const std::filesystem::path& file, int page, TextOrder order) {
  const std::string n = std::to_string(page);
  const std::string raw = order == TextOrder::ContentStream ? "-raw " : "";
  const auto result = run("pdftotext -f " + n + " -l " + n + " " + raw + "-enc UTF-8 " + quoted(file) + " -");
  EXPECT_EQ(result.exit_code, 0) << "pdftotext failed";
  return result.out;
}

int pdf_pages(const std::filesystem::path& file) {
  const auto result = run("pdfinfo " + quoted(file));
  EXPECT_EQ(result.exit_code, 0) << "pdfinfo failed";
  std::istringstream lines(result.out);
  for (std::string line; std::getline(lines, line);)
    if (line.starts_with("Pages:")) return std::stoi(line.substr(6));
  ADD_FAILURE() << "pdfinfo printed no page count:\n" << result.out;
  return 0;
}

namespace {

// The value of attribute `name` in the XML tag that starts at `tag`.
double attribute(const std::string& xml, std::size_t tag, const std::string& name) {
  const std::size_t at = xml.find(" " + name + "=\"", tag);
  if (at == std::string::npos) return 0;
  return std::strtod(xml.c_str() + at + name.size() + 3, nullptr);
}

}  // namespace

// pdftotext -bbox writes XHTML: a <page> element per page holding a <word> element per word.
std::vector<PdfWord> pdf_words(const std::filesystem::path& file) {
  const auto result = run("pdftotext -bbox -enc UTF-8 " + quoted(file) + " -");
  EXPECT_EQ(result.exit_code, 0) << "pdftotext -bbox failed";
  const std::string& xml = result.out;
  std::vector<PdfWord> words;
  int page = 0;
  for (std::size_t at = 0; (at = xml.find('<', at)) != std::string::npos; ++at) {
    if (xml.compare(at, 6, "<page ") == 0) {
      ++page;
    } else if (xml.compare(at, 6, "<word ") == 0) {
      const std::size_t open_end = xml.find('>', at);
      const std::size_t close = xml.find("</word>", open_end);
      if (open_end == std::string::npos || close == std::string::npos) break;
      words.push_back({page, attribute(xml, at, "yMin"), attribute(xml, at, "yMax"),
                       xml.substr(open_end + 1, close - open_end - 1), attribute(xml, at, "xMin"),
                       attribute(xml, at, "xMax")});
    }
  }
  return words;
}

// pdffonts prints a table whose columns are delimited by the dashes under the heading.
std::vector<FontRow> pdf_fonts(const std::filesystem::path& file) {
  const auto result = run("pdffonts " + quoted(file));
  EXPECT_EQ(result.exit_code, 0) << "pdffonts failed";
  std::istringstream lines(result.out);
  std::vector<std::string> all;
  for (std::string line; std::getline(lines, line);) all.push_back(line);
  std::vector<std::pair<std::size_t, std::size_t>> columns;
  std::vector<FontRow> rows;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (columns.empty()) {
      if (!all[i].starts_with("---")) continue;
      for (std::size_t start = 0; start < all[i].size();) {
        const std::size_t end = std::min(all[i].find(' ', start), all[i].size());
        columns.emplace_back(start, end - start);
        start = end + 1;
      }
      continue;
    }
    auto cell = [&](std::size_t c) {
      if (columns.size() <= c || all[i].size() <= columns[c].first) return std::string();
      return without_whitespace(all[i].substr(columns[c].first, columns[c].second));
    };
    rows.push_back({cell(0), cell(3)});
  }
  EXPECT_GE(columns.size(), 4u) << "unexpected pdffonts output:\n" << result.out;
  return rows;
}

::testing::AssertionResult embeds_font_subsets(const std::filesystem::path& file, std::size_t max_bytes) {
  const auto fonts = pdf_fonts(file);
  bool face = false;
  for (const auto& font : fonts) {
    if (font.embedded != "yes") return ::testing::AssertionFailure() << font.name << " is not embedded";
    if (font.name.find('+') != 6) return ::testing::AssertionFailure() << font.name << " is not a subset";
    if (font.name.find("BIZUDGothic") != std::string::npos) face = true;
  }
  if (!face) return ::testing::AssertionFailure() << "no BIZ UD Gothic among " << fonts.size() << " fonts";
  const auto size = std::filesystem::file_size(file);
  if (size > max_bytes) return ::testing::AssertionFailure() << "the file takes " << size << " bytes";
  return ::testing::AssertionSuccess() << fonts.size() << " subsets, " << size << " bytes";
}

std::vector<std::string> pdf_qr_codes(const std::filesystem::path& file, int page) {
  const auto image = file.parent_path() / (file.stem().string() + "-page" + std::to_string(page));
  const std::filesystem::path png = image.string() + ".png";
  const std::string n = std::to_string(page);
  const auto drawn =
      run("pdftoppm -r 150 -png -singlefile -f " + n + " -l " + n + " " + quoted(file) + " " + quoted(image));
  EXPECT_EQ(drawn.exit_code, 0) << "pdftoppm failed";
  // zbarimg exits 4 when the image holds no code: then there are none.
  const auto read = run("zbarimg --raw -q " + quoted(png));
  std::vector<std::string> codes;
  std::istringstream lines(read.out);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) codes.push_back(line);
  return codes;
}

std::string unzipped(const std::filesystem::path& archive, const std::string& entry) {
  const auto result = run("unzip -p " + quoted(archive) + " " + entry);
  EXPECT_EQ(result.exit_code, 0) << "unzip found no " << entry;
  return result.out;
}

}  // namespace itaku::testing
