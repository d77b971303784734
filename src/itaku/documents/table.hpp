#pragma once
// Tables of text for spreadsheets: the same rows as CSV and as an .xlsx workbook, both made to
// open correctly in Excel on a Japanese Windows. to_xlsx is this module's one use of a file:
// libxlsxwriter 1.1.4 writes only to a file, so it writes to a private temporary file, reads
// it back and removes it.

#include <string>
#include <string_view>
#include <vector>

#include "itaku/core/result.hpp"

namespace itaku::documents {

// A table of text cells (first row the header) for spreadsheets.
struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

// CSV that Excel on a Japanese Windows opens correctly: UTF-8 with a byte order mark (without
// one Excel reads Shift_JIS), CRLF line ends, RFC 4180 quoting; a cell that starts with = + - @
// (or tab/CR) is prefixed with ' so a spreadsheet never runs it as a formula (CSV injection).
std::string to_csv(const Table& table);

// The same table as an .xlsx workbook with one sheet named `sheet_name`: the header row bold
// and frozen, column widths fitted to the text (a Japanese character takes two columns' width),
// every cell a string, never a formula. Refuses (ErrorKind::Invalid, codes "table.*") text that
// is not UTF-8, a cell longer than Excel holds (32,767 characters), more rows or columns than a
// sheet holds, and a sheet name Excel does not accept; "table.write_failed" (ErrorKind::Io) when
// the temporary file cannot be written or read.
Result<std::string> to_xlsx(const Table& table, std::string_view sheet_name);

}  // namespace itaku::documents
