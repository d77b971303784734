#pragma once
// The first sheet of an .xlsx workbook someone else made (a training-attendance export from an
// e-learning system) read back as rows of text, so that an upload is read like a CSV. The file
// is untrusted: every size is bounded while it is read, before anything is copied, and no XML
// entity is ever expanded.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "itaku/core/result.hpp"

namespace itaku::documents {

// The first worksheet of an .xlsx workbook as rows of text cells (UTF-8), each cell placed by its
// reference ("D3": the fourth cell of the third row) with the cells and rows in between empty; a
// row ends at its last non-empty cell and the table at its last non-empty row. Shared and inline
// strings come as their text (rich-text runs joined, phonetic guides left out, Excel's _xHHHH_
// escapes decoded), booleans as TRUE / FALSE, numbers and dates as written in the file (a date
// is a serial number: see xlsx_serial_date), formulas as their cached result. Errors,
// ErrorKind::Invalid: "xlsx.invalid" (not a ZIP, not a workbook, malformed XML, a DOCTYPE,
// missing parts) and "xlsx.too_large" (context "bound": over 2 MiB, a part over 16 MiB unpacked,
// text beyond row 10,001 or column 64, a cell over 32,767 bytes, over 100,000 shared strings,
// over 16 MiB of text in all, XML nested deeper than 64); "xlsx.failed" (ErrorKind::Internal)
// only when the XML parser cannot be created, which is out of memory.
Result<std::vector<std::vector<std::string>>> read_xlsx_table(std::string_view bytes);

// The day an Excel serial date number names, as "YYYY-MM-DD" ("45658" → "2025-01-01"; a time
// of day after the decimal point is ignored), in the 1900 date system Excel uses by default.
// nullopt for anything else, and for serials up to 60 (before 1900-03-01), which Excel counts
// with a 29 February 1900 that never was.
std::optional<std::string> xlsx_serial_date(std::string_view cell);

}  // namespace itaku::documents
