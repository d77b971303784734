#include "itaku/documents/xlsx_table.hpp"

#include <expat.h>
#include <zip.h>

#include <charconv>
#include <chrono>
#include <cstdint>
#include <memory>
#include <utility>

#include "itaku/core/clock.hpp"

namespace itaku::documents {

namespace {

using Rows = std::vector<std::vector<std::string>>;

// What an upload may make this reader hold. An attendance export is a header and at most
// 10,000 people; the rest leaves room for what spreadsheet programs add, while a ZIP that
// inflates a thousandfold, or a sheet that names one long string in every cell, is refused
// before it takes memory.
constexpr std::size_t kMaxFileBytes = std::size_t{2} << 20;
constexpr std::size_t kMaxPartBytes = std::size_t{16} << 20;
constexpr std::size_t kMaxRows = 10'001;
constexpr std::size_t kMaxColumns = 64;
constexpr std::size_t kMaxCellBytes = 32'767;
constexpr std::size_t kMaxSharedStrings = 100'000;
constexpr std::size_t kMaxTableBytes = std::size_t{16} << 20;
constexpr int kMaxDepth = 64;

// The last cell an Excel sheet has: XFD1048576.
constexpr std::size_t kSheetColumns = 16'384;
constexpr std::size_t kSheetRows = 1'048'576;
constexpr std::size_t kMaxColumnLetters = 3;

constexpr std::size_t kReadChunkBytes = 64 * 1024;

// Expat joins a namespace URI and an element's local name with this; a URI has no space.
constexpr XML_Char kNamespaceSeparator = ' ';

Error not_workbook(std::string reason) {
  return make_error(ErrorKind::Invalid, "xlsx.invalid", "Excelファイル（.xlsx）として読めません",
                    "the file cannot be read as an Excel workbook (.xlsx)")
      .with("reason", std::move(reason));
}

Error too_large(std::string bound, std::size_t limit) {
  return make_error(ErrorKind::Invalid, "xlsx.too_large", "Excelファイルが読み込める大きさの上限を超えています",
                    "the Excel workbook is larger than can be read")
      .with("bound", std::move(bound))
      .with("limit", std::to_string(limit));
}

// A decimal number of digits only (no sign, no space), nullopt if it does not fit.
std::optional<std::size_t> decimal(std::string_view text) {
  std::size_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

bool all_digits(std::string_view text) { return text.find_first_not_of("0123456789") == std::string_view::npos; }

// The column, counted from 1, of a cell reference such as "AB12".
std::optional<std::size_t> column_of(std::string_view reference) {
  std::size_t column = 0;
  std::size_t letters = 0;
  while (letters < reference.size() && reference[letters] >= 'A' && reference[letters] <= 'Z') {
    column = column * 26 + static_cast<std::size_t>(reference[letters] - 'A' + 1);
    ++letters;
  }
  if (letters == 0 || letters > kMaxColumnLetters || !all_digits(reference.substr(letters))) return std::nullopt;
  return column;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// The UTF-16 code unit an escape "_xHHHH_" at the start of `text` stands for.
std::optional<char32_t> escaped_unit(std::string_view text) {
  constexpr std::size_t kLength = 7;
  if (text.size() < kLength || !text.starts_with("_x") || text[kLength - 1] != '_') return std::nullopt;
  std::uint32_t unit = 0;
  const char* digits = text.data() + 2;
  const auto [end, ec] = std::from_chars(digits, digits + 4, unit, 16);
  if (ec != std::errc() || end != digits + 4) return std::nullopt;
  return static_cast<char32_t>(unit);
}

// Text as Excel means it: a character XML cannot hold (a control character such as the CR of a
// pasted line break) is written "_xHHHH_", its UTF-16 code unit in hex, and a literal "_x" that
// would read as one "_x005F_x" (ECMA-376 Part 1, 22.4.2.4 ST_Xstring). An escape that names no
// character (half a surrogate pair) is kept as written, so the text stays UTF-8.
std::string unescape(std::string_view text) {
  if (text.find("_x") == std::string_view::npos) return std::string(text);
  constexpr std::size_t kLength = 7;
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto unit = escaped_unit(text.substr(i));
    if (!unit || (*unit >= 0xDC00 && *unit <= 0xDFFF)) {
      out += text[i++];
      continue;
    }
    if (*unit >= 0xD800 && *unit <= 0xDBFF) {
      const auto low = escaped_unit(text.substr(i + kLength));
      if (!low || *low < 0xDC00 || *low > 0xDFFF) {
        out += text[i++];
        continue;
      }
      append_utf8(out, 0x10000 + ((*unit - 0xD800) << 10) + (*low - 0xDC00));
      i += 2 * kLength;
      continue;
    }
    append_utf8(out, *unit);
    i += kLength;
  }
  return out;
}

// --- XML parts, read with expat as they inflate ---

// An element's attributes as expat gives them: name, value, name, value, …, null.
using Attributes = const XML_Char**;

std::string_view local_name(std::string_view name) {
  const auto separator = name.rfind(kNamespaceSeparator);
  return separator == std::string_view::npos ? name : name.substr(separator + 1);
}

// An attribute in no namespace (written without a prefix).
std::optional<std::string_view> attribute(Attributes attributes, std::string_view name) {
  for (std::size_t i = 0; attributes[i] != nullptr; i += 2)
    if (name == attributes[i]) return std::string_view(attributes[i + 1]);
  return std::nullopt;
}

// The r:id of an element that names a part through its part's relationships, whatever the
// relationships namespace's prefix and URI (transitional or strict OOXML).
std::optional<std::string_view> relationship_id(Attributes attributes) {
  for (std::size_t i = 0; attributes[i] != nullptr; i += 2) {
    const std::string_view name = attributes[i];
    if (name.find(kNamespaceSeparator) != std::string_view::npos && local_name(name) == "id")
      return std::string_view(attributes[i + 1]);
  }
  return std::nullopt;
}

// What is done with one part's elements (by local name) and text, as the parser meets them.
// An error stops the parse and is what reading the part returns.
class PartReader {
 public:
  PartReader() = default;
  PartReader(const PartReader&) = delete;
  PartReader& operator=(const PartReader&) = delete;
  virtual ~PartReader() = default;

  virtual Result<void> start(std::string_view element, Attributes attributes) = 0;
  virtual Result<void> end(std::string_view element) = 0;
  virtual Result<void> text(std::string_view text) = 0;
};

// Shared by expat's callbacks. Expat may call a handler or two more after XML_StopParser (the
// end of an empty element, the rest of a run of text), so every handler first checks `error`.
struct ParseState {
  XML_Parser parser = nullptr;
  PartReader* reader = nullptr;
  int depth = 0;
  std::optional<Error> error;

  void fail(Error e) {
    if (error) return;
    error = std::move(e);
    XML_StopParser(parser, XML_FALSE);
  }
  void check(Result<void> result) {
    if (!result.ok()) fail(result.release_error());
  }
};

void XMLCALL on_start(void* data, const XML_Char* name, const XML_Char** attributes) {
  auto& state = *static_cast<ParseState*>(data);
  if (state.error) return;
  if (++state.depth > kMaxDepth) return state.fail(too_large("xml_depth", kMaxDepth));
  state.check(state.reader->start(local_name(name), attributes));
}

void XMLCALL on_end(void* data, const XML_Char* name) {
  auto& state = *static_cast<ParseState*>(data);
  if (state.error) return;
  --state.depth;
  state.check(state.reader->end(local_name(name)));
}

void XMLCALL on_text(void* data, const XML_Char* text, int length) {
  auto& state = *static_cast<ParseState*>(data);
  if (state.error) return;
  state.check(state.reader->text(std::string_view(text, static_cast<std::size_t>(length))));
}

// No part of a workbook has a document type, and one is how an entity that expands a
// thousandfold (or reads a file) gets in: the parse stops before any is declared.
void XMLCALL on_doctype(void* data, const XML_Char* /*name*/, const XML_Char* /*system_id*/,
                        const XML_Char* /*public_id*/, int /*has_internal_subset*/) {
  static_cast<ParseState*>(data)->fail(not_workbook("an XML part declares a DOCTYPE"));
}

void XMLCALL on_entity(void* data, const XML_Char* /*name*/, int /*parameter_entity*/, const XML_Char* /*value*/,
                       int /*value_length*/, const XML_Char* /*base*/, const XML_Char* /*system_id*/,
                       const XML_Char* /*public_id*/, const XML_Char* /*notation*/) {
  static_cast<ParseState*>(data)->fail(not_workbook("an XML part declares an entity"));
}

std::string xml_error(XML_Error code) {
  const XML_LChar* text = XML_ErrorString(code);
  return text == nullptr ? std::to_string(static_cast<int>(code)) : std::string(text);
}

struct SourceFree {
  void operator()(zip_source_t* source) const { zip_source_free(source); }
};
struct ArchiveDiscard {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
struct FileClose {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};
struct ParserFree {
  void operator()(XML_Parser parser) const { XML_ParserFree(parser); }
};

// The workbook's ZIP, read in place from the caller's bytes.
class Package {
 public:
  static Result<Package> open(std::string_view bytes) {
    // libzip opens zero bytes as an empty archive; a file shorter than a ZIP's end record
    // (22 bytes) after "PK" is not one.
    if (bytes.size() < 22 || !bytes.starts_with("PK")) return not_workbook("not a ZIP file");
    zip_error_t error;
    zip_error_init(&error);
    std::unique_ptr<zip_source_t, SourceFree> source(zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error));
    if (!source) return not_workbook("not a ZIP file");
    zip_t* archive = zip_open_from_source(source.get(), ZIP_RDONLY | ZIP_CHECKCONS, &error);
    zip_error_fini(&error);
    if (archive == nullptr) return not_workbook("not a ZIP file");
    source.release();  // the archive's now, freed by zip_discard
    return Package(archive);
  }

  bool has(const std::string& part) const { return zip_name_locate(archive_.get(), part.c_str(), ZIP_FL_NOCASE) >= 0; }

  // Feeds `part` to `reader` as it inflates, refusing it as soon as it is larger than it may be
  // or than the ZIP says it is (a ZIP bomb's directory lies).
  Result<void> parse(const std::string& part, PartReader& reader) const {
    const auto corrupt = [&](std::string reason) { return not_workbook(std::move(reason)).with("part", part); };
    const zip_int64_t index = zip_name_locate(archive_.get(), part.c_str(), ZIP_FL_NOCASE);
    if (index < 0) return corrupt("a part of the workbook is missing");
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(archive_.get(), static_cast<zip_uint64_t>(index), 0, &stat) != 0 ||
        (stat.valid & ZIP_STAT_SIZE) == 0)
      return corrupt("a part of the workbook cannot be read");
    if (stat.size > kMaxPartBytes) return too_large("part_bytes", kMaxPartBytes).with("part", part);
    std::unique_ptr<zip_file_t, FileClose> file(zip_fopen_index(archive_.get(), static_cast<zip_uint64_t>(index), 0));
    if (!file) return corrupt("a part of the workbook cannot be read");

    std::unique_ptr<XML_ParserStruct, ParserFree> parser(XML_ParserCreateNS(nullptr, kNamespaceSeparator));
    if (!parser)
      return make_error(ErrorKind::Internal, "xlsx.failed", "Excelファイルを読む準備ができませんでした",
                        "the XML parser could not be created");
    ParseState state{.parser = parser.get(), .reader = &reader, .depth = 0, .error = std::nullopt};
    XML_SetUserData(parser.get(), &state);
    XML_SetElementHandler(parser.get(), on_start, on_end);
    XML_SetCharacterDataHandler(parser.get(), on_text);
    XML_SetStartDoctypeDeclHandler(parser.get(), on_doctype);
    XML_SetEntityDeclHandler(parser.get(), on_entity);

    std::vector<char> buffer(kReadChunkBytes);
    std::uint64_t total = 0;
    for (;;) {
      const zip_int64_t n = zip_fread(file.get(), buffer.data(), buffer.size());
      if (n < 0) return corrupt("a part of the workbook is damaged");
      total += static_cast<std::uint64_t>(n);
      if (total > kMaxPartBytes) return too_large("part_bytes", kMaxPartBytes).with("part", part);
      if (total > stat.size) return corrupt("a part of the workbook is larger than the ZIP says");
      const bool last = n == 0;
      if (XML_Parse(parser.get(), buffer.data(), static_cast<int>(n), last ? XML_TRUE : XML_FALSE) != XML_STATUS_OK) {
        if (state.error) return *std::move(state.error);
        return corrupt("a part of the workbook is not well-formed XML")
            .with("line", std::to_string(XML_GetCurrentLineNumber(parser.get())))
            .with("xml_error", xml_error(XML_GetErrorCode(parser.get())));
      }
      if (last) break;
    }
    if (total != stat.size) return corrupt("a part of the workbook is smaller than the ZIP says");
    if (state.error) return *std::move(state.error);
    return ok();
  }

 private:
  explicit Package(zip_t* archive) : archive_(archive) {}

  std::unique_ptr<zip_t, ArchiveDiscard> archive_;
};

// A relationship's target as a part name: relative to the folder of the part it belongs to
// ("worksheets/sheet1.xml" from "xl/"), or from the package's root ("/xl/worksheets/sheet1.xml").
Result<std::string> resolve(std::string_view folder, std::string_view target) {
  const std::string joined =
      target.starts_with('/') ? std::string(target.substr(1)) : std::string(folder) + std::string(target);
  std::vector<std::string_view> segments;
  std::string_view rest = joined;
  while (!rest.empty()) {
    const auto slash = rest.find('/');
    const auto segment = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") {
      if (segments.empty()) return not_workbook("a relationship names a part outside the workbook");
      segments.pop_back();
      continue;
    }
    segments.push_back(segment);
  }
  if (segments.empty()) return not_workbook("a relationship names no part");
  std::string part;
  for (const auto segment : segments) {
    if (!part.empty()) part += '/';
    part += segment;
  }
  return part;
}

// A relationships part (_rels/*.rels): the target of one id, and of the first relationship of
// the types the reader needs.
class Relationships final : public PartReader {
 public:
  explicit Relationships(std::string wanted_id = {}) : wanted_id_(std::move(wanted_id)) {}

  Result<void> start(std::string_view element, Attributes attributes) override {
    if (element != "Relationship" || attribute(attributes, "TargetMode") == "External") return ok();
    const auto target = attribute(attributes, "Target");
    if (!target) return ok();
    const auto keep = [&](std::optional<std::string>& slot) {
      if (!slot) slot = std::string(*target);
    };
    if (!wanted_id_.empty() && attribute(attributes, "Id") == wanted_id_) keep(wanted_);
    const std::string_view type = attribute(attributes, "Type").value_or("");
    if (type.ends_with("/officeDocument")) keep(office_document_);
    if (type.ends_with("/sharedStrings")) keep(shared_strings_);
    return ok();
  }
  Result<void> end(std::string_view /*element*/) override { return ok(); }
  Result<void> text(std::string_view /*text*/) override { return ok(); }

  const std::optional<std::string>& wanted() const { return wanted_; }
  const std::optional<std::string>& office_document() const { return office_document_; }
  const std::optional<std::string>& shared_strings() const { return shared_strings_; }

 private:
  std::string wanted_id_;
  std::optional<std::string> wanted_, office_document_, shared_strings_;
};

// xl/workbook.xml: the relationship id of the first sheet listed, which is the first tab.
class WorkbookSheets final : public PartReader {
 public:
  Result<void> start(std::string_view element, Attributes attributes) override {
    if (element != "sheet" || first_) return ok();
    const auto id = relationship_id(attributes);
    if (!id || id->empty()) return not_workbook("the workbook's first sheet names no part");
    first_ = std::string(*id);
    return ok();
  }
  Result<void> end(std::string_view /*element*/) override { return ok(); }
  Result<void> text(std::string_view /*text*/) override { return ok(); }

  const std::optional<std::string>& first() const { return first_; }

 private:
  std::optional<std::string> first_;
};

// Appends text to a cell's, refusing a cell longer than any this reader accepts.
Result<void> append_cell_text(std::string& cell, std::string_view text) {
  if (cell.size() + text.size() > kMaxCellBytes) return too_large("cell_bytes", kMaxCellBytes);
  cell += text;
  return ok();
}

// xl/sharedStrings.xml: the text of each <si>, its runs of rich text joined, its phonetic guide
// (<rPh>, the furigana Excel keeps for Japanese names) left out.
class SharedStrings final : public PartReader {
 public:
  Result<void> start(std::string_view element, Attributes /*attributes*/) override {
    if (element == "si") {
      if (strings_.size() >= kMaxSharedStrings) return too_large("shared_strings", kMaxSharedStrings);
      in_item_ = true;
      current_.clear();
    } else if (element == "rPh") {
      ++phonetic_;
    } else if (element == "t") {
      in_text_ = in_item_ && phonetic_ == 0;
    }
    return ok();
  }
  Result<void> end(std::string_view element) override {
    if (element == "si" && in_item_) {
      strings_.push_back(unescape(current_));
      in_item_ = false;
    } else if (element == "rPh" && phonetic_ > 0) {
      --phonetic_;
    } else if (element == "t") {
      in_text_ = false;
    }
    return ok();
  }
  Result<void> text(std::string_view text) override { return in_text_ ? append_cell_text(current_, text) : ok(); }

  const std::vector<std::string>& strings() const { return strings_; }

 private:
  std::vector<std::string> strings_;
  std::string current_;
  bool in_item_ = false, in_text_ = false;
  int phonetic_ = 0;
};

// How a cell's text is found (the t attribute, ECMA-376 Part 1, 18.18.11 ST_CellType).
enum class CellType {
  Value,         // a number, a date's serial number, an error, a formula's text result: <v> as written
  SharedString,  // <v> is an index into the shared strings
  InlineString,  // the text is in <is>
  Boolean,       // <v> is 1 or 0
};

CellType cell_type(std::optional<std::string_view> t) {
  if (t == "s") return CellType::SharedString;
  if (t == "inlineStr") return CellType::InlineString;
  if (t == "b") return CellType::Boolean;
  return CellType::Value;
}

// The worksheet's <sheetData>: rows of cells, each placed by its reference. Only cells with
// text count against the bounds, so that formatting applied to a whole row or beyond the
// table's last column is no reason to refuse a file.
class SheetCells final : public PartReader {
 public:
  explicit SheetCells(const std::vector<std::string>& strings) : strings_(strings) {}

  Result<void> start(std::string_view element, Attributes attributes) override {
    if (element == "sheetData") {
      in_data_ = true;
    } else if (element == "row") {
      return start_row(attributes);
    } else if (element == "c") {
      return start_cell(attributes);
    } else if (in_cell_) {
      if (element == "v")
        in_value_ = true;
      else if (element == "is")
        in_inline_ = true;
      else if (element == "rPh")
        ++phonetic_;
      else if (element == "t")
        in_inline_text_ = in_inline_ && phonetic_ == 0;
    }
    return ok();
  }

  Result<void> end(std::string_view element) override {
    if (element == "sheetData")
      in_data_ = false;
    else if (element == "row")
      in_row_ = false;
    else if (element == "c" && in_cell_)
      return end_cell();
    else if (element == "v")
      in_value_ = false;
    else if (element == "is")
      in_inline_ = false;
    else if (element == "rPh" && phonetic_ > 0)
      --phonetic_;
    else if (element == "t")
      in_inline_text_ = false;
    return ok();
  }

  Result<void> text(std::string_view text) override {
    if (in_value_) return append_cell_text(value_, text);
    if (in_inline_text_) return append_cell_text(inline_, text);
    return ok();
  }

  Rows release_rows() { return std::move(rows_); }

 private:
  // A row is numbered by its r attribute, or follows the one before; rows come in order.
  Result<void> start_row(Attributes attributes) {
    if (!in_data_) return ok();
    if (in_row_) return not_workbook("a row inside a row");
    std::size_t number = last_row_ + 1;
    if (const auto r = attribute(attributes, "r")) {
      const auto parsed = decimal(*r);
      if (!parsed) return not_workbook("a row number is not a number");
      number = *parsed;
    }
    if (number <= last_row_ || number > kSheetRows) return not_workbook("the rows are out of order");
    in_row_ = true;
    row_ = last_row_ = number;
    last_column_ = 0;
    return ok();
  }

  // A cell is placed by the column of its r attribute, or follows the one before.
  Result<void> start_cell(Attributes attributes) {
    if (!in_row_ || in_cell_) return not_workbook("a cell outside a row");
    std::size_t column = last_column_ + 1;
    if (const auto r = attribute(attributes, "r")) {
      const auto parsed = column_of(*r);
      if (!parsed) return not_workbook("a cell reference is not valid");
      column = *parsed;
    }
    if (column <= last_column_ || column > kSheetColumns) return not_workbook("the cells are out of order");
    in_cell_ = true;
    column_ = last_column_ = column;
    type_ = cell_type(attribute(attributes, "t"));
    value_.clear();
    inline_.clear();
    return ok();
  }

  Result<void> end_cell() {
    in_cell_ = in_value_ = in_inline_ = in_inline_text_ = false;
    phonetic_ = 0;
    std::string text;
    switch (type_) {
      case CellType::SharedString: {
        if (value_.empty()) break;
        const auto index = decimal(value_);
        if (!index || *index >= strings_.size()) return not_workbook("a cell names a shared string that is not there");
        text = strings_[*index];
        break;
      }
      case CellType::InlineString: text = unescape(inline_); break;
      case CellType::Boolean: text = value_ == "1" ? "TRUE" : value_ == "0" ? "FALSE" : value_; break;
      case CellType::Value: text = unescape(value_); break;
    }
    if (text.empty()) return ok();
    if (row_ > kMaxRows) return too_large("rows", kMaxRows);
    if (column_ > kMaxColumns) return too_large("columns", kMaxColumns);
    total_bytes_ += text.size();
    if (total_bytes_ > kMaxTableBytes) return too_large("table_bytes", kMaxTableBytes);
    if (rows_.size() < row_) rows_.resize(row_);
    auto& cells = rows_[row_ - 1];
    // Columns only grow within a row, so this cell is past the row's last one.
    cells.resize(column_);
    cells[column_ - 1] = std::move(text);
    return ok();
  }

  const std::vector<std::string>& strings_;
  Rows rows_;
  std::size_t total_bytes_ = 0;
  bool in_data_ = false, in_row_ = false, in_cell_ = false;
  std::size_t row_ = 0, last_row_ = 0, column_ = 0, last_column_ = 0;
  CellType type_ = CellType::Value;
  bool in_value_ = false, in_inline_ = false, in_inline_text_ = false;
  int phonetic_ = 0;
  std::string value_, inline_;
};

}  // namespace

Result<Rows> read_xlsx_table(std::string_view bytes) {
  if (bytes.size() > kMaxFileBytes) return too_large("file_bytes", kMaxFileBytes);
  const Package package = TRY(Package::open(bytes));

  // The workbook is where the package's relationships say (every writer puts it in xl/).
  std::string workbook = "xl/workbook.xml";
  if (package.has("_rels/.rels")) {
    Relationships root;
    TRY(package.parse("_rels/.rels", root));
    if (root.office_document()) workbook = TRY(resolve("", *root.office_document()));
  }
  WorkbookSheets sheets;
  TRY(package.parse(workbook, sheets));
  if (!sheets.first()) return not_workbook("the workbook has no sheet");

  // The first sheet's part and the shared strings', from the workbook's relationships.
  const std::string folder = workbook.substr(0, workbook.rfind('/') + 1);
  Relationships relationships(*sheets.first());
  TRY(package.parse(folder + "_rels/" + workbook.substr(folder.size()) + ".rels", relationships));
  if (!relationships.wanted()) return not_workbook("the workbook's first sheet names no part");
  const std::string sheet = TRY(resolve(folder, *relationships.wanted()));
  std::string strings_part = folder + "sharedStrings.xml";
  if (relationships.shared_strings()) strings_part = TRY(resolve(folder, *relationships.shared_strings()));

  SharedStrings strings;
  if (package.has(strings_part)) TRY(package.parse(strings_part, strings));
  SheetCells cells(strings.strings());
  TRY(package.parse(sheet, cells));
  return cells.release_rows();
}

std::optional<std::string> xlsx_serial_date(std::string_view cell) {
  // Excel's serial 1 is 1900-01-01 and it counts a 1900-02-29 (serial 60) that Lotus 1-2-3 got
  // wrong; from serial 61 (1900-03-01) on, a serial is the days since 1899-12-30. 2,958,465
  // is 9999-12-31, the last day Excel has.
  constexpr std::size_t kFirstSerial = 61;
  constexpr std::size_t kLastSerial = 2'958'465;
  constexpr std::size_t kMaxDigits = 7;
  const auto point = cell.find('.');
  const auto whole = cell.substr(0, point);
  if (point != std::string_view::npos) {
    const auto fraction = cell.substr(point + 1);
    if (fraction.empty() || !all_digits(fraction)) return std::nullopt;
  }
  if (whole.size() > kMaxDigits) return std::nullopt;
  const auto serial = decimal(whole);
  if (!serial || *serial < kFirstSerial || *serial > kLastSerial) return std::nullopt;

  using namespace std::chrono;
  const year_month_day day{sys_days{year{1899} / December / 30} + days{static_cast<int>(*serial)}};
  return format_date(day);
}

}  // namespace itaku::documents
