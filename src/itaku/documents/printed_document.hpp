#pragma once
// What the printed documents (receipts, letters such as the 承認書, reports) share: the A4
// page they are laid out on, the checks on their input, the verification payload they carry in
// the PDF's Keywords, their tables, and the ledger block (台帳記録番号, QR code) at the foot of
// their last page. Internal to itaku_documents.

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "itaku/core/result.hpp"
#include "itaku/documents/pdf.hpp"

namespace itaku::documents {

// Page geometry, in points.
inline constexpr double kMarginX = mm(20);
inline constexpr double kTop = mm(18);
inline constexpr double kBottom = kA4HeightPt - mm(16);  // content ends here; the page number sits below
inline constexpr double kPageNumberY = kA4HeightPt - mm(12);
inline constexpr double kContentWidth = kA4WidthPt - 2 * kMarginX;
inline constexpr double kPadX = 4;
inline constexpr double kPadY = 3;
inline constexpr double kHeaderGray = 0.88;
inline constexpr double kQrSize = mm(30);
inline constexpr double kQrColumn = mm(42);
inline constexpr double kLabelWidth = 70;

inline constexpr TextStyle kBody{.size_pt = 10.5};
inline constexpr TextStyle kSmall{.size_pt = 8, .gray = 0.3};
inline constexpr TextStyle kCell{.size_pt = 9.5};
inline constexpr TextStyle kCellCentered{.size_pt = 9.5, .align = Align::Center};
inline constexpr TextStyle kCellHeading{.size_pt = 9.5, .weight = Weight::Bold, .align = Align::Center};
inline constexpr TextStyle kTitle{.size_pt = 26, .face = Face::Serif, .align = Align::Center};
inline constexpr TextStyle kSectionHeading{.size_pt = 11, .weight = Weight::Bold};
inline constexpr TextStyle kNote{.size_pt = 8.5, .gray = 0.25};
inline constexpr TextStyle kUrl{.size_pt = 6.5, .align = Align::Center, .wrap = Wrap::Characters, .gray = 0.2};

// A kind of printed document: what its error codes and messages call it, and how its payload
// is marked in the PDF.
struct DocumentKind {
  std::string_view code;            // error code prefix, e.g. "receipt"
  std::string_view name_ja;         // 受領証
  std::string_view name_en;         // receipt
  std::string_view payload_prefix;  // "itaku-receipt-v1:"
  std::size_t max_payload_bytes = 0;
};

Error invalid(std::string code, std::string ja, std::string en);
// A document holding more of something than it may: `invalid` with the bound as "max".
Error too_many(std::string code, std::string ja, std::string en, std::size_t max);

// `<code>.text_not_utf8` or `<code>.field_too_long`, naming `field`.
Result<void> check_field(const DocumentKind& kind, std::string_view value, std::string_view field,
                         std::size_t max_bytes);

// A field of a document, by the name an error gives it, with its bound.
struct BoundedField {
  std::string_view value;
  std::string_view name;
  std::size_t max_bytes = 0;
};
// check_field on each field in turn.
Result<void> check_fields(const DocumentKind& kind, std::initializer_list<BoundedField> fields);

// `<code>.no_<what>` when there are none of a document's rows (what: "items", in English),
// `<code>.too_many_<what>` (with "max") when there are more than `max`.
Result<void> check_count(const DocumentKind& kind, std::size_t count, std::size_t max, std::string_view what,
                         std::string_view what_ja);

// `<code>.payload_too_long` or `<code>.payload_not_ascii`: the payload is kept printable ASCII
// so that it survives any PDF string encoding and reads back byte for byte.
Result<void> check_payload(const DocumentKind& kind, std::string_view payload);

// Puts the payload in the document's Keywords behind the kind's prefix.
void embed_payload(PdfDocument& doc, const DocumentKind& kind, std::string_view payload);
// The payload embed_payload put in PDF bytes; `<code>.no_payload` (ErrorKind::Invalid) when
// the file is not a document of this kind made by itaku.
Result<std::string> extract_payload(const DocumentKind& kind, std::string_view pdf);

// Heights of laid-out text by text, width and style. A report repeats the same labels, names
// and dates thousands of times, and both passes of its painter measure every cell; laying text
// out is most of the time a report takes.
class MeasureCache {
 public:
  double measure(const PdfDocument& doc, std::string_view text, double width, const TextStyle& style);

 private:
  std::unordered_map<std::string, double> heights_;
};

// A column of a table: the heading printed over it, its width, and the style of its cells.
struct TableColumn {
  std::string_view heading;
  double width = 0;
  TextStyle cell = kCell;
};

// Status label → count, as a report's summary prints them side by side.
using Counts = std::vector<std::pair<std::string, std::size_t>>;

// The block at the foot of a document's last page.
struct LedgerBlock {
  std::uint64_t index = 0;  // printed: 台帳記録番号
  std::string_view origin;
  std::string_view verify_url;  // in the QR code and under it; no QR code when empty
  std::string_view verifiable;  // "この受領証の記録は台帳で検証できます。"
  std::string_view how;         // how the QR code verifies it, said only when there is one
};

// The block of a report (compliance, training): its record verifiable in the ledger.
LedgerBlock report_ledger_block(std::uint64_t index, std::string_view origin, std::string_view verify_url);

// The head of a document written as an official letter (承認書, 廃棄・消去証明書, 破壊報告書).
struct LetterHead {
  std::string_view number;               // top right, as printed (with its label, if it has one)
  std::string_view date;                 // under the number
  std::string_view addressee;            // on the left, underlined
  std::vector<std::string_view> sender;  // on the right, a line each: who writes
  std::string_view title;
  std::string_view sentence;  // what the document says, under its title
};

// Lays a document out page by page. A painter runs twice: once measuring only, to learn how
// many pages there are, and once drawing, so that every page can say "n / total".
class PagePainter {
 public:
  enum class Mode { Measure, Draw };

  PagePainter(const PagePainter&) = delete;
  PagePainter& operator=(const PagePainter&) = delete;
  virtual ~PagePainter() = default;

 protected:
  // `cache`, when given, outlives both passes, so that the second measures nothing again.
  PagePainter(PdfDocument& doc, Mode mode, int total_pages, MeasureCache* cache = nullptr)
      : doc_(doc), mode_(mode), total_pages_(total_pages), cache_(cache) {}

  bool drawing() const { return mode_ == Mode::Draw; }
  int page() const { return page_; }
  // Nothing but the continuation header on the page yet: breaking the page again gains nothing.
  bool at_page_top() const { return y_ <= page_top_; }

  // The height text takes, from the cache when there is one.
  double height(std::string_view s, double width, const TextStyle& style);
  // Draws when drawing; returns the height either way.
  double text(double x, double y, double width, std::string_view s, const TextStyle& style);

  // A row of the table under a title: a shaded label on the left, the value beside it.
  void label_row(std::string_view label, std::string_view value);

  // A table's shaded heading row, across the content width.
  double heading_row_height(std::span<const TableColumn> columns, const TextStyle& style);
  void heading_row(std::span<const TableColumn> columns, const TextStyle& style);
  // A row of text cells, each wrapped to its column in the column's style.
  double row_height(std::span<const TableColumn> columns, std::span<const std::string_view> cells);
  void row(std::span<const TableColumn> columns, std::span<const std::string_view> cells, double height);

  // A summary of counts: one column per label, the label over its count and `unit` (e.g. "名").
  // Nothing, and no height, when there are no counts.
  double counts_table_height(const Counts& counts, std::string_view unit);
  void counts_table(const Counts& counts, std::string_view unit);

  double ledger_block_height(const LedgerBlock& block) const;
  // Draws the block with its top rule at `top`.
  Result<void> ledger_block(double top, const LedgerBlock& block);

  // The ledger block at the foot of the last page (on a page of its own when the content leaves
  // it no room), then that page's number: the number of pages used.
  Result<int> end_with_ledger_block(const LedgerBlock& block);

  // A letter's head, from the top of the first page: the number and date on the right, the
  // addressee underlined, the sender on the right, the title, the sentence, and 記.
  void letter_head(const LetterHead& head);
  // A letter's end: 以上 under what 記 introduced, then end_with_ledger_block.
  Result<int> end_letter(const LedgerBlock& block);

  // A table whose rows each fit on a page (the documents' field bounds see to it), `cells` row
  // by row: a row that does not fit on this page goes on the next, under the heading row
  // repeated. `caption`, over the table, is never left at a page's foot without its first row.
  void paged_table(std::string_view caption, std::span<const TableColumn> columns, const TextStyle& heading,
                   std::span<const std::string> cells);

  // Prints the page number at the foot of the page.
  void end_page();
  // Ends the page and starts the next with continuation_header().
  void next_page();
  // What a continued page says first: whose document it continues.
  virtual void continuation_header() = 0;

  PdfDocument& doc_;
  double y_ = kTop;

 private:
  Mode mode_;
  int total_pages_;
  MeasureCache* cache_;
  int page_ = 1;
  double page_top_ = 0;  // where content starts on a continued page, under its header
};

// Renders a document with its painter, `Painter(doc, document, cache, mode, total_pages)`, whose
// paint() returns the number of pages used: the PDF's title and the payload set, one pass
// measuring to count the pages, then one drawing.
template <class Painter, class Document>
Result<std::string> render_pdf(const DocumentKind& kind, const Document& document, const std::string& title,
                               std::string_view payload) {
  PdfDocument doc = TRY(PdfDocument::create(kA4WidthPt, kA4HeightPt));
  doc.set_info(InfoKey::Title, title);
  doc.set_info(InfoKey::Creator, "itaku");
  embed_payload(doc, kind, payload);
  MeasureCache cache;
  const int pages = TRY(Painter(doc, document, cache, PagePainter::Mode::Measure, 0).paint());
  TRY(Painter(doc, document, cache, PagePainter::Mode::Draw, pages).paint());
  return doc.finish();
}

}  // namespace itaku::documents
