#include "itaku/documents/table.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <utility>

#include "itaku/documents/pdf.hpp"
#include "itaku/documents/printed_document.hpp"

namespace itaku::documents {

namespace {

// --- CSV (RFC 4180) ---

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
constexpr std::string_view kLineEnd = "\r\n";

// Excel, LibreOffice and Google Sheets run a cell starting with one of these as a formula (a tab
// or CR before one is skipped), so a value such as "=HYPERLINK(…)" from a contractor's name would
// run on the city's machine. OWASP's advice: make such a cell text with a leading apostrophe.
bool starts_like_formula(std::string_view cell) {
  return !cell.empty() && std::string_view("=+-@\t\r").find(cell.front()) != std::string_view::npos;
}

void append_csv_cell(std::string& out, std::string_view cell) {
  const bool quoted = cell.find_first_of(",\"\r\n") != std::string_view::npos;
  if (quoted) out += '"';
  if (starts_like_formula(cell)) out += '\'';
  for (const char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  if (quoted) out += '"';
}

void append_csv_row(std::string& out, const std::vector<std::string>& cells) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out += ',';
    append_csv_cell(out, cells[i]);
  }
  out += kLineEnd;
}

// --- XLSX ---

// Excel's limits (Excel specifications and limits): a cell holds 32,767 characters (UTF-16
// code units), a sheet 1,048,576 rows and 16,384 columns, a sheet name 31 characters.
constexpr std::size_t kMaxCellUnits = 32767;
constexpr std::size_t kMaxRows = LXW_ROW_MAX;
constexpr std::size_t kMaxColumns = LXW_COL_MAX;
constexpr std::size_t kMaxSheetNameChars = LXW_SHEETNAME_MAX;
constexpr std::size_t kMaxSheetNameBytes = 4 * kMaxSheetNameChars;

// Column widths in Excel's unit, the width of a digit: a full-width (Japanese) character takes
// about two. Wider text wraps rather than making a column wider than a screen.
constexpr double kMinColumnWidth = 8;
constexpr double kMaxColumnWidth = 60;
constexpr double kColumnPadding = 2;

bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Code points of valid UTF-8 text.
std::vector<char32_t> code_points(std::string_view text) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    char32_t cp = length == 1 ? lead : lead & (0xFF >> (length + 1));
    for (std::size_t k = 1; k < length && i + k < text.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    out.push_back(cp);
    i += length;
  }
  return out;
}

// UTF-16 code units of valid UTF-8 text: one per code point, two above the BMP.
std::size_t utf16_units(std::string_view text) {
  std::size_t units = 0;
  for (const char c : text) {
    if (!is_continuation_byte(c)) ++units;
    if (static_cast<unsigned char>(c) >= 0xF0) ++units;
  }
  return units;
}

// East Asian wide and fullwidth characters (UAX #11) count two; the half-width katakana one.
bool is_wide(char32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

// The width of a cell's widest line, in digit widths.
double display_width(std::string_view text) {
  double widest = 0;
  double line = 0;
  for (const char32_t cp : code_points(text)) {
    if (cp == '\n') {
      widest = std::max(widest, line);
      line = 0;
    } else {
      line += is_wide(cp) ? 2 : 1;
    }
  }
  return std::max(widest, line);
}

Error write_failed(std::string reason) {
  return make_error(ErrorKind::Io, "table.write_failed", "Excelファイルを作成できませんでした",
                    "the Excel workbook could not be written")
      .with("reason", std::move(reason));
}

Error write_failed(lxw_error error) { return write_failed(lxw_strerror(error)); }

Result<void> check_sheet_name(std::string_view name) {
  const auto refuse = [&](std::string reason) {
    return invalid("table.bad_sheet_name", "Excelのシート名に使えない名前です", "Excel does not accept this sheet name")
        .with("reason", std::move(reason));
  };
  if (name.size() > kMaxSheetNameBytes || !is_utf8(name)) return refuse("not UTF-8 or too long");
  const std::size_t chars = code_points(name).size();
  if (chars == 0 || chars > kMaxSheetNameChars) return refuse("not 1 to 31 characters");
  if (name.find_first_of("[]:*?/\\") != std::string_view::npos) return refuse("contains one of [ ] : * ? / \\");
  if (name.front() == '\'' || name.back() == '\'') return refuse("starts or ends with an apostrophe");
  // Excel keeps "History" for its change tracking, in any case.
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
  if (lower == "history") return refuse("reserved by Excel");
  return ok();
}

Result<void> check_cell(std::string_view cell, std::size_t row, std::size_t column) {
  if (!is_utf8(cell))
    return invalid("table.text_not_utf8", "表のセルが正しいUTF-8ではありません", "a table cell is not valid UTF-8")
        .with("row", std::to_string(row))
        .with("column", std::to_string(column));
  if (utf16_units(cell) > kMaxCellUnits)
    return invalid("table.cell_too_long", "表のセルがExcelの上限より長くなっています",
                   "a table cell is longer than Excel allows")
        .with("row", std::to_string(row))
        .with("column", std::to_string(column))
        .with("max_chars", std::to_string(kMaxCellUnits));
  return ok();
}

// Rows are counted from 0, the header being row 0, as in the sheet.
Result<std::size_t> validate(const Table& table, std::string_view sheet_name) {
  TRY(check_sheet_name(sheet_name));
  if (table.rows.size() + 1 > kMaxRows)
    return invalid("table.too_many_rows", "表の行数がExcelの上限を超えています",
                   "the table has more rows than an Excel sheet holds")
        .with("max_rows", std::to_string(kMaxRows));
  std::size_t columns = table.header.size();
  for (const auto& row : table.rows) columns = std::max(columns, row.size());
  if (columns > kMaxColumns)
    return invalid("table.too_many_columns", "表の列数がExcelの上限を超えています",
                   "the table has more columns than an Excel sheet holds")
        .with("max_columns", std::to_string(kMaxColumns));
  for (std::size_t c = 0; c < table.header.size(); ++c) TRY(check_cell(table.header[c], 0, c));
  for (std::size_t r = 0; r < table.rows.size(); ++r)
    for (std::size_t c = 0; c < table.rows[r].size(); ++c) TRY(check_cell(table.rows[r][c], r + 1, c));
  return columns;
}

// A file of our own under the temporary directory, open for reading back what libxlsxwriter
// writes to its name, and removed however to_xlsx ends.
class TempFile {
 public:
  static Result<TempFile> create() {
    std::error_code ec;
    const auto dir = std::filesystem::temp_directory_path(ec);
    if (ec) return write_failed("no temporary directory: " + ec.message());
    std::string path = (dir / "itaku-table-XXXXXX").string();
    // mkstemp creates the file 0600, so no other user reads the table.
    const int fd = mkstemp(path.data());
    if (fd < 0) return write_failed(std::string("cannot create a temporary file: ") + std::strerror(errno));
    return TempFile(std::move(path), fd);
  }

  TempFile(TempFile&& other) noexcept : path_(std::move(other.path_)), fd_(std::exchange(other.fd_, -1)) {}
  TempFile& operator=(TempFile&&) = delete;
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (fd_ < 0) return;
    close(fd_);
    unlink(path_.c_str());
  }

  const std::string& path() const { return path_; }

  // Reads through the descriptor mkstemp opened: the file libxlsxwriter truncated and wrote
  // under our name is this same file.
  Result<std::string> read_all() const {
    if (lseek(fd_, 0, SEEK_SET) != 0) return write_failed(std::string("cannot read back: ") + std::strerror(errno));
    std::string bytes;
    std::array<char, 64 * 1024> buffer{};
    for (;;) {
      const ssize_t n = read(fd_, buffer.data(), buffer.size());
      if (n == 0) break;
      if (n < 0) {
        if (errno == EINTR) continue;
        return write_failed(std::string("cannot read back: ") + std::strerror(errno));
      }
      bytes.append(buffer.data(), static_cast<std::size_t>(n));
    }
    return bytes;
  }

 private:
  TempFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}

  std::string path_;
  int fd_ = -1;
};

Result<void> fill(lxw_workbook* workbook, const Table& table, std::string_view sheet_name, std::size_t columns) {
  const std::string name(sheet_name);
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, name.c_str());
  if (sheet == nullptr) return write_failed("the sheet could not be added");
  lxw_format* bold = workbook_add_format(workbook);
  format_set_bold(bold);
  lxw_format* bold_wrapped = workbook_add_format(workbook);
  format_set_bold(bold_wrapped);
  format_set_text_wrap(bold_wrapped);
  lxw_format* wrapped = workbook_add_format(workbook);
  format_set_text_wrap(wrapped);

  // Widths fitted to the widest line of each column; text wider than the widest column wraps,
  // and so does text with line breaks, which Excel otherwise shows on one line.
  std::vector<double> widths(columns, 0);
  const auto measure = [&](const std::vector<std::string>& cells) {
    for (std::size_t c = 0; c < cells.size(); ++c) widths[c] = std::max(widths[c], display_width(cells[c]));
  };
  measure(table.header);
  for (const auto& row : table.rows) measure(row);
  for (std::size_t c = 0; c < columns; ++c) {
    const double width = std::clamp(widths[c] + kColumnPadding, kMinColumnWidth, kMaxColumnWidth);
    if (const lxw_error e =
            worksheet_set_column(sheet, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), width, nullptr);
        e != LXW_NO_ERROR)
      return write_failed(e);
  }
  const auto format_of = [&](std::string_view cell, std::size_t c, bool heading) -> lxw_format* {
    const bool wrap = cell.find('\n') != std::string_view::npos || widths[c] + kColumnPadding > kMaxColumnWidth;
    if (heading) return wrap ? bold_wrapped : bold;
    return wrap ? wrapped : nullptr;
  };
  const auto write_row = [&](std::size_t r, const std::vector<std::string>& cells, bool heading) -> Result<void> {
    for (std::size_t c = 0; c < cells.size(); ++c) {
      // An empty cell is left out: Excel shows it empty either way.
      if (cells[c].empty()) continue;
      // Strings only: a cell is never a formula, whatever its text.
      if (const lxw_error e = worksheet_write_string(sheet, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c),
                                                     cells[c].c_str(), format_of(cells[c], c, heading));
          e != LXW_NO_ERROR)
        return write_failed(e);
    }
    return ok();
  };
  TRY(write_row(0, table.header, true));
  for (std::size_t r = 0; r < table.rows.size(); ++r) TRY(write_row(r + 1, table.rows[r], false));
  worksheet_freeze_panes(sheet, 1, 0);
  return ok();
}

}  // namespace

std::string to_csv(const Table& table) {
  std::string out(kByteOrderMark);
  append_csv_row(out, table.header);
  for (const auto& row : table.rows) append_csv_row(out, row);
  return out;
}

Result<std::string> to_xlsx(const Table& table, std::string_view sheet_name) {
  const std::size_t columns = TRY(validate(table, sheet_name));
  const TempFile file = TRY(TempFile::create());
  std::error_code ec;
  std::string tmpdir = std::filesystem::temp_directory_path(ec).string();
  lxw_workbook_options options{};
  options.tmpdir = tmpdir.data();  // libxlsxwriter's own scratch files go where ours does
  lxw_workbook* workbook = workbook_new_opt(file.path().c_str(), &options);
  if (workbook == nullptr) return write_failed("the workbook could not be created");
  // workbook_close frees the workbook whatever happened, so it is called on every path.
  auto filled = fill(workbook, table, sheet_name, columns);
  const lxw_error closed = workbook_close(workbook);
  if (!filled.ok()) return filled.release_error();
  if (closed != LXW_NO_ERROR) return write_failed(closed);
  return file.read_all();
}

}  // namespace itaku::documents
