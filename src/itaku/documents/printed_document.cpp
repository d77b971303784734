#include "itaku/documents/printed_document.hpp"

#include <algorithm>

#include "itaku/core/assert.hpp"

namespace itaku::documents {

namespace {

constexpr TextStyle kLedgerNumber{.size_pt = 12, .weight = Weight::Bold};
constexpr TextStyle kLedgerNote{.size_pt = 9};
constexpr TextStyle kRight{.size_pt = 10.5, .align = Align::Right};
constexpr TextStyle kAddressee{.size_pt = 13};
constexpr TextStyle kCentered{.size_pt = 10.5, .align = Align::Center};
constexpr double kCaptionGap = 4;

bool is_printable_ascii(char c) { return c >= 0x20 && c <= 0x7E; }

std::string ledger_number_text(const LedgerBlock& block) { return "台帳記録番号　" + std::to_string(block.index); }

std::string verification_text(const LedgerBlock& block) {
  std::string text(block.verifiable);
  if (!block.verify_url.empty()) text += block.how;
  return text;
}

std::string count_text(std::size_t count, std::string_view unit) { return std::to_string(count).append(unit); }

double footer_left_width(const LedgerBlock& block) {
  return block.verify_url.empty() ? kContentWidth : kContentWidth - kQrColumn - 16;
}

}  // namespace

Error invalid(std::string code, std::string ja, std::string en) {
  return make_error(ErrorKind::Invalid, std::move(code), std::move(ja), std::move(en));
}

Error too_many(std::string code, std::string ja, std::string en, std::size_t max) {
  return invalid(std::move(code), std::move(ja), std::move(en)).with("max", std::to_string(max));
}

Result<void> check_field(const DocumentKind& kind, std::string_view value, std::string_view field,
                         std::size_t max_bytes) {
  if (!is_utf8(value))
    return invalid(std::string(kind.code) + ".text_not_utf8",
                   std::string(kind.name_ja) + "の項目が正しいUTF-8ではありません",
                   "a " + std::string(kind.name_en) + " field is not valid UTF-8")
        .with("field", std::string(field));
  if (value.size() > max_bytes)
    return invalid(std::string(kind.code) + ".field_too_long", std::string(kind.name_ja) + "の項目が長すぎます",
                   "a " + std::string(kind.name_en) + " field is too long")
        .with("field", std::string(field))
        .with("max_bytes", std::to_string(max_bytes));
  return ok();
}

Result<void> check_fields(const DocumentKind& kind, std::initializer_list<BoundedField> fields) {
  for (const BoundedField& field : fields) TRY(check_field(kind, field.value, field.name, field.max_bytes));
  return ok();
}

Result<void> check_count(const DocumentKind& kind, std::size_t count, std::size_t max, std::string_view what,
                         std::string_view what_ja) {
  const std::string code(kind.code);
  const std::string name_ja(kind.name_ja);
  const std::string name_en(kind.name_en);
  if (count == 0)
    return invalid(code + ".no_" + std::string(what), name_ja + "に" + std::string(what_ja) + "が1件もありません",
                   "the " + name_en + " has no " + std::string(what));
  if (count > max)
    return too_many(code + ".too_many_" + std::string(what), name_ja + "の" + std::string(what_ja) + "が多すぎます",
                    "the " + name_en + " has too many " + std::string(what), max);
  return ok();
}

Result<void> check_payload(const DocumentKind& kind, std::string_view payload) {
  if (payload.size() > kind.max_payload_bytes)
    return invalid(std::string(kind.code) + ".payload_too_long", std::string(kind.name_ja) + "の検証データが長すぎます",
                   "the " + std::string(kind.name_en) + "'s verification payload is too long")
        .with("max_bytes", std::to_string(kind.max_payload_bytes));
  for (std::size_t i = 0; i < payload.size(); ++i)
    if (!is_printable_ascii(payload[i]))
      return invalid(std::string(kind.code) + ".payload_not_ascii",
                     std::string(kind.name_ja) + "の検証データに表示可能なASCII以外の文字が含まれています",
                     "the " + std::string(kind.name_en) + "'s verification payload must be printable ASCII")
          .with("offset", std::to_string(i));
  return ok();
}

void embed_payload(PdfDocument& doc, const DocumentKind& kind, std::string_view payload) {
  std::string keywords(kind.payload_prefix);
  keywords.append(payload);
  doc.set_info(InfoKey::Keywords, keywords);
}

Result<std::string> extract_payload(const DocumentKind& kind, std::string_view pdf) {
  const auto not_ours = [&] {
    return invalid(std::string(kind.code) + ".no_payload",
                   "itakuが作成した" + std::string(kind.name_ja) + "のPDFではありません",
                   "the file is not a " + std::string(kind.name_en) + " PDF made by itaku");
  };
  auto keywords = find_info_string(pdf, "Keywords", kind.payload_prefix);
  if (!keywords) return not_ours();
  std::string payload = keywords->substr(kind.payload_prefix.size());
  // What embed_payload puts there is printable ASCII; anything else was made elsewhere.
  if (!std::all_of(payload.begin(), payload.end(), is_printable_ascii)) return not_ours();
  return payload;
}

double MeasureCache::measure(const PdfDocument& doc, std::string_view text, double width, const TextStyle& style) {
  if (text.empty()) return 0;
  std::string key(text);
  key += '\0';
  key += std::to_string(width) + ' ' + std::to_string(style.size_pt) + ' ' +
         std::to_string(static_cast<int>(style.face)) + std::to_string(static_cast<int>(style.weight)) +
         std::to_string(static_cast<int>(style.wrap));
  const auto [it, inserted] = heights_.try_emplace(std::move(key), 0.0);
  if (inserted) it->second = doc.measure(text, width, style);
  return it->second;
}

double PagePainter::height(std::string_view s, double width, const TextStyle& style) {
  return cache_ != nullptr ? cache_->measure(doc_, s, width, style) : doc_.measure(s, width, style);
}

double PagePainter::text(double x, double y, double width, std::string_view s, const TextStyle& style) {
  return drawing() ? doc_.text(x, y, width, s, style) : height(s, width, style);
}

void PagePainter::label_row(std::string_view label, std::string_view value) {
  const double value_width = kContentWidth - kLabelWidth;
  const double h =
      std::max(height(label, kLabelWidth - 2 * kPadX, kCell), height(value, value_width - 2 * kPadX, kCell)) +
      2 * kPadY;
  // Only a document whose fields are all at their longest needs a second page for them.
  if (y_ + h > kBottom && !at_page_top()) next_page();
  if (drawing()) {
    doc_.fill_rect(kMarginX, y_, kLabelWidth, h, kHeaderGray);
    doc_.text(kMarginX + kPadX, y_ + kPadY, kLabelWidth - 2 * kPadX, label, kCellCentered);
    doc_.text(kMarginX + kLabelWidth + kPadX, y_ + kPadY, value_width - 2 * kPadX, value, kCell);
    doc_.stroke_rect(kMarginX, y_, kLabelWidth, h);
    doc_.stroke_rect(kMarginX + kLabelWidth, y_, value_width, h);
  }
  y_ += h;
}

double PagePainter::heading_row_height(std::span<const TableColumn> columns, const TextStyle& style) {
  double h = 0;
  for (const TableColumn& column : columns) h = std::max(h, height(column.heading, column.width - 2 * kPadX, style));
  return h + 2 * kPadY;
}

void PagePainter::heading_row(std::span<const TableColumn> columns, const TextStyle& style) {
  const double h = heading_row_height(columns, style);
  if (drawing()) {
    doc_.fill_rect(kMarginX, y_, kContentWidth, h, kHeaderGray);
    double x = kMarginX;
    for (const TableColumn& column : columns) {
      doc_.text(x + kPadX, y_ + kPadY, column.width - 2 * kPadX, column.heading, style);
      doc_.stroke_rect(x, y_, column.width, h);
      x += column.width;
    }
  }
  y_ += h;
}

double PagePainter::row_height(std::span<const TableColumn> columns, std::span<const std::string_view> cells) {
  ITAKU_ASSERT(cells.size() == columns.size());
  double h = 0;
  for (std::size_t c = 0; c < columns.size(); ++c)
    h = std::max(h, height(cells[c], columns[c].width - 2 * kPadX, columns[c].cell));
  return h + 2 * kPadY;
}

void PagePainter::row(std::span<const TableColumn> columns, std::span<const std::string_view> cells, double h) {
  ITAKU_ASSERT(cells.size() == columns.size());
  if (drawing()) {
    double x = kMarginX;
    for (std::size_t c = 0; c < columns.size(); ++c) {
      doc_.text(x + kPadX, y_ + kPadY, columns[c].width - 2 * kPadX, cells[c], columns[c].cell);
      doc_.stroke_rect(x, y_, columns[c].width, h);
      x += columns[c].width;
    }
  }
  y_ += h;
}

double PagePainter::counts_table_height(const Counts& counts, std::string_view unit) {
  if (counts.empty()) return 0;
  const double column = kContentWidth / static_cast<double>(counts.size());
  double label_height = 0;
  double number_height = 0;
  for (const auto& [label, count] : counts) {
    label_height = std::max(label_height, height(label, column - 2 * kPadX, kCellHeading));
    number_height = std::max(number_height, height(count_text(count, unit), column - 2 * kPadX, kCellCentered));
  }
  return label_height + number_height + 4 * kPadY;
}

void PagePainter::counts_table(const Counts& counts, std::string_view unit) {
  if (counts.empty()) return;
  const double column = kContentWidth / static_cast<double>(counts.size());
  double label_height = 0;
  for (const auto& entry : counts)
    label_height = std::max(label_height, height(entry.first, column - 2 * kPadX, kCellHeading));
  const double label_row = label_height + 2 * kPadY;
  const double number_row = counts_table_height(counts, unit) - label_row;
  if (drawing()) {
    doc_.fill_rect(kMarginX, y_, kContentWidth, label_row, kHeaderGray);
    double x = kMarginX;
    for (const auto& [label, count] : counts) {
      doc_.text(x + kPadX, y_ + kPadY, column - 2 * kPadX, label, kCellHeading);
      doc_.text(x + kPadX, y_ + label_row + kPadY, column - 2 * kPadX, count_text(count, unit), kCellCentered);
      doc_.stroke_rect(x, y_, column, label_row);
      doc_.stroke_rect(x, y_ + label_row, column, number_row);
      x += column;
    }
  }
  y_ += label_row + number_row;
}

double PagePainter::ledger_block_height(const LedgerBlock& block) const {
  const double width = footer_left_width(block);
  const double left = doc_.measure(ledger_number_text(block), width, kLedgerNumber) + 2 +
                      doc_.measure(block.origin, width, kSmall) + 6 +
                      doc_.measure(verification_text(block), width, kLedgerNote);
  const double right = block.verify_url.empty() ? 0 : kQrSize + 2 + doc_.measure(block.verify_url, kQrColumn, kUrl);
  return 10 + std::max(left, right);
}

Result<void> PagePainter::ledger_block(double top, const LedgerBlock& block) {
  if (!drawing()) return ok();
  doc_.line(kMarginX, top, kMarginX + kContentWidth, top, 0.7);
  double y = top + 10;
  const double width = footer_left_width(block);
  y += doc_.text(kMarginX, y, width, ledger_number_text(block), kLedgerNumber) + 2;
  y += doc_.text(kMarginX, y, width, block.origin, kSmall) + 6;
  doc_.text(kMarginX, y, width, verification_text(block), kLedgerNote);
  if (!block.verify_url.empty()) {
    const double column_x = kMarginX + kContentWidth - kQrColumn;
    TRY(doc_.qr_code(column_x + (kQrColumn - kQrSize) / 2, top + 10, kQrSize, block.verify_url));
    doc_.text(column_x, top + 10 + kQrSize + 2, kQrColumn, block.verify_url, kUrl);
  }
  return ok();
}

Result<int> PagePainter::end_with_ledger_block(const LedgerBlock& block) {
  const double footer = ledger_block_height(block);
  if (y_ > kBottom - footer - 8) next_page();
  TRY(ledger_block(kBottom - footer, block));
  end_page();
  return page_;
}

void PagePainter::letter_head(const LetterHead& head) {
  y_ = kTop;
  y_ += text(kMarginX, y_, kContentWidth, head.number, kRight);
  y_ += 2;
  y_ += text(kMarginX, y_, kContentWidth, head.date, kRight);
  y_ += 10;
  y_ += text(kMarginX, y_, kContentWidth * 0.6, head.addressee, kAddressee) + 2;
  if (drawing()) doc_.line(kMarginX, y_, kMarginX + kContentWidth * 0.6, y_, 0.7);
  y_ += 10;
  for (std::size_t i = 0; i < head.sender.size(); ++i) {
    if (i > 0) y_ += 2;
    y_ += text(kMarginX, y_, kContentWidth, head.sender[i], kRight);
  }
  y_ += 14;
  y_ += text(kMarginX, y_, kContentWidth, head.title, kTitle);
  y_ += 16;
  y_ += text(kMarginX, y_, kContentWidth, head.sentence, kBody);
  y_ += 10;
  y_ += text(kMarginX, y_, kContentWidth, "記", kCentered);
  y_ += 6;
}

Result<int> PagePainter::end_letter(const LedgerBlock& block) {
  y_ += 6;
  y_ += text(kMarginX, y_, kContentWidth, "以上", kRight);
  return end_with_ledger_block(block);
}

void PagePainter::paged_table(std::string_view caption, std::span<const TableColumn> columns, const TextStyle& heading,
                              std::span<const std::string> cells) {
  ITAKU_ASSERT(!columns.empty() && cells.size() % columns.size() == 0);
  const std::size_t rows = cells.size() / columns.size();
  std::vector<std::string_view> shown(columns.size());
  const auto row_cells = [&](std::size_t r) {
    std::copy_n(cells.begin() + static_cast<std::ptrdiff_t>(r * columns.size()), columns.size(), shown.begin());
    return std::span<const std::string_view>(shown);
  };
  double keep = heading_row_height(columns, heading);
  if (!caption.empty()) keep += height(caption, kContentWidth, kSectionHeading) + kCaptionGap;
  if (rows > 0) keep += row_height(columns, row_cells(0));
  if (y_ + keep > kBottom && !at_page_top()) next_page();
  if (!caption.empty()) y_ += text(kMarginX, y_, kContentWidth, caption, kSectionHeading) + kCaptionGap;
  heading_row(columns, heading);
  for (std::size_t r = 0; r < rows; ++r) {
    const double h = row_height(columns, row_cells(r));
    if (y_ + h > kBottom) {
      next_page();
      heading_row(columns, heading);
    }
    row(columns, shown, h);
    // The field bounds keep every row shorter than a page; were one taller, it would be drawn
    // past the page's foot.
    ITAKU_ASSERT(y_ <= kBottom + 0.5);
  }
}

void PagePainter::end_page() {
  if (!drawing()) return;
  const std::string number = std::to_string(page_) + " / " + std::to_string(total_pages_);
  doc_.text(kMarginX, kPageNumberY, kContentWidth, number, {.size_pt = 8, .align = Align::Center, .gray = 0.3});
}

void PagePainter::next_page() {
  end_page();
  if (drawing()) doc_.next_page();
  ++page_;
  y_ = kTop;
  continuation_header();
  page_top_ = y_;
}

LedgerBlock report_ledger_block(std::uint64_t index, std::string_view origin, std::string_view verify_url) {
  return {.index = index,
          .origin = origin,
          .verify_url = verify_url,
          .verifiable = "この報告書の記録は台帳で検証できます。",
          .how =
              "右のQRコード（またはその下のアドレス）から、台帳に記録されたこの報告書の内容と、"
              "記録が改ざんされていないことを確認できます。"};
}

}  // namespace itaku::documents
