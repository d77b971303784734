#include "itaku/documents/receipt.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "itaku/documents/pdf.hpp"
#include "itaku/documents/printed_document.hpp"

namespace itaku::documents {

namespace {

constexpr DocumentKind kReceipt{.code = "receipt",
                                .name_ja = "受領証",
                                .name_en = "receipt",
                                .payload_prefix = "itaku-receipt-v1:",
                                .max_payload_bytes = 64 * 1024};
// Long enough for anything the domain accepts (500 bytes), short enough that every table row
// and block still fits on one page.
constexpr std::size_t kMaxFieldBytes = 500;

constexpr TextStyle kAssetId{.size_pt = 7, .wrap = Wrap::Characters, .gray = 0.35};

Result<void> check_field(const std::string& value, const char* field) {
  return documents::check_field(kReceipt, value, field, kMaxFieldBytes);
}

Result<void> validate(const Receipt& r) {
  if (r.items.empty())
    return invalid("receipt.no_items", "受領する情報資産が1件もありません", "a receipt needs at least one item");
  TRY(check_payload(kReceipt, r.payload));
  const std::array<std::pair<const std::string*, const char*>, 10> fields{{
      {&r.addressee, "addressee"},
      {&r.city, "city"},
      {&r.contractor, "contractor"},
      {&r.contract_number, "contract_number"},
      {&r.contract_title, "contract_title"},
      {&r.handed_over_by, "handed_over_by"},
      {&r.received_by, "received_by"},
      {&r.received_date, "received_date"},
      {&r.ledger_origin, "ledger_origin"},
      {&r.verify_url, "verify_url"},
  }};
  for (const auto& [value, name] : fields) TRY(check_field(*value, name));
  for (const auto& item : r.items) {
    TRY(check_field(item.asset, "items.asset"));
    TRY(check_field(item.description, "items.description"));
    TRY(check_field(item.asset_class, "items.asset_class"));
    TRY(check_field(item.media, "items.media"));
    TRY(check_field(item.quantity, "items.quantity"));
  }
  return ok();
}

struct Column {
  const char* heading;
  double width;
};

// The items table: 番号, 情報資産 (takes what the others leave), 種類, 媒体, 数量.
constexpr double kNumberWidth = 30;
constexpr double kClassWidth = 86;
constexpr double kMediaWidth = 80;
constexpr double kQuantityWidth = 52;
constexpr std::array<Column, 5> kItemColumns{{
    {"番号", kNumberWidth},
    {"情報資産", kContentWidth - kNumberWidth - kClassWidth - kMediaWidth - kQuantityWidth},
    {"種類", kClassWidth},
    {"媒体", kMediaWidth},
    {"数量", kQuantityWidth},
}};
constexpr double kOrganisationWidth = 240;

// The receipt laid out on pages: title, contract, items table, parties, ledger block.
class ReceiptPainter final : public PagePainter {
 public:
  ReceiptPainter(PdfDocument& doc, const Receipt& receipt, Mode mode, int total_pages)
      : PagePainter(doc, mode, total_pages), r_(receipt) {}

  // Returns the number of pages used.
  Result<int> paint() {
    first_page_header();
    items_table();
    y_ += 14;
    const LedgerBlock block = ledger();
    const double footer = ledger_block_height(block);
    if (y_ + parties_height() > kBottom - footer - 8) next_page();
    parties();
    TRY(ledger_block(kBottom - footer, block));
    end_page();
    return page();
  }

 private:
  void first_page_header() {
    y_ = kTop;
    y_ += text(kMarginX, y_, kContentWidth, r_.received_date, {.size_pt = 10.5, .align = Align::Right});
    y_ += 10;
    y_ += text(kMarginX, y_, kContentWidth, "受領証", kTitle);
    y_ += 18;
    const double addressee = text(kMarginX, y_, kContentWidth * 0.6, r_.addressee, {.size_pt = 13});
    y_ += addressee + 2;
    if (drawing()) doc_.line(kMarginX, y_, kMarginX + kContentWidth * 0.6, y_, 0.7);
    y_ += 16;
    y_ += text(kMarginX, y_, kContentWidth, "下記の情報資産を受領しました。", kBody);
    y_ += 10;
    label_row("契約番号", r_.contract_number);
    label_row("件名", r_.contract_title);
    y_ += 12;
    y_ += text(kMarginX, y_, kContentWidth, "記", {.size_pt = 10.5, .align = Align::Center});
    y_ += 6;
  }

  // Continued pages say whose receipt they continue.
  void continuation_header() override {
    std::string heading = "受領証（続き）　契約番号 " + r_.contract_number;
    if (!r_.received_date.empty()) heading += "　" + r_.received_date;
    y_ += text(kMarginX, y_, kContentWidth, heading, kSmall);
    y_ += 8;
  }

  double heading_row_height() const {
    double h = 0;
    for (const auto& column : kItemColumns)
      h = std::max(h, doc_.measure(column.heading, column.width - 2 * kPadX, kCellHeading));
    return h + 2 * kPadY;
  }

  void heading_row() {
    const double h = heading_row_height();
    if (drawing()) {
      double x = kMarginX;
      doc_.fill_rect(kMarginX, y_, kContentWidth, h, kHeaderGray);
      for (const auto& column : kItemColumns) {
        doc_.text(x + kPadX, y_ + kPadY, column.width - 2 * kPadX, column.heading, kCellHeading);
        doc_.stroke_rect(x, y_, column.width, h);
        x += column.width;
      }
    }
    y_ += h;
  }

  void items_table() {
    heading_row();
    for (std::size_t i = 0; i < r_.items.size(); ++i) {
      const ReceiptItem& item = r_.items[i];
      const std::string number = std::to_string(i + 1);
      const std::array<std::string_view, 5> cells{number, item.description, item.asset_class, item.media,
                                                  item.quantity};
      const std::array<const TextStyle*, 5> styles{&kCellCentered, &kCell, &kCell, &kCell, &kCellCentered};
      // The asset id goes small under the description, to match the receipt to the ledger.
      const double asset_gap = item.asset.empty() ? 0 : 1;
      double h = 0;
      for (std::size_t c = 0; c < cells.size(); ++c) {
        double cell = doc_.measure(cells[c], kItemColumns[c].width - 2 * kPadX, *styles[c]);
        if (c == 1) cell += asset_gap + doc_.measure(item.asset, kItemColumns[c].width - 2 * kPadX, kAssetId);
        h = std::max(h, cell);
      }
      h += 2 * kPadY;
      if (y_ + h > kBottom) {
        next_page();
        heading_row();
      }
      if (drawing()) {
        double x = kMarginX;
        for (std::size_t c = 0; c < cells.size(); ++c) {
          const double inner = kItemColumns[c].width - 2 * kPadX;
          const double used = doc_.text(x + kPadX, y_ + kPadY, inner, cells[c], *styles[c]);
          if (c == 1) doc_.text(x + kPadX, y_ + kPadY + used + asset_gap, inner, item.asset, kAssetId);
          doc_.stroke_rect(x, y_, kItemColumns[c].width, h);
          x += kItemColumns[c].width;
        }
      }
      y_ += h;
    }
  }

  // 受領者 and 引渡者: who received the assets and who handed them over.
  double party_row_height(std::string_view organisation, std::string_view person) const {
    const double person_width = kContentWidth - kLabelWidth - kOrganisationWidth;
    return std::max(doc_.measure(organisation, kOrganisationWidth - 2 * kPadX, kCell),
                    doc_.measure(person, person_width - 2 * kPadX, kCell)) +
           2 * kPadY;
  }

  double parties_height() const {
    return party_row_height("所属", "氏名") + party_row_height(r_.contractor, r_.received_by) +
           party_row_height(r_.city, r_.handed_over_by);
  }

  void party_row(std::string_view label, std::string_view organisation, std::string_view person, bool heading) {
    const double person_width = kContentWidth - kLabelWidth - kOrganisationWidth;
    const double h = party_row_height(organisation, person);
    if (drawing()) {
      const TextStyle& style = heading ? kCellHeading : kCell;
      if (heading) doc_.fill_rect(kMarginX, y_, kContentWidth, h, kHeaderGray);
      doc_.fill_rect(kMarginX, y_, kLabelWidth, h, kHeaderGray);
      doc_.text(kMarginX + kPadX, y_ + kPadY, kLabelWidth - 2 * kPadX, label, kCellHeading);
      doc_.text(kMarginX + kLabelWidth + kPadX, y_ + kPadY, kOrganisationWidth - 2 * kPadX, organisation, style);
      doc_.text(kMarginX + kLabelWidth + kOrganisationWidth + kPadX, y_ + kPadY, person_width - 2 * kPadX, person,
                style);
      doc_.stroke_rect(kMarginX, y_, kLabelWidth, h);
      doc_.stroke_rect(kMarginX + kLabelWidth, y_, kOrganisationWidth, h);
      doc_.stroke_rect(kMarginX + kLabelWidth + kOrganisationWidth, y_, person_width, h);
    }
    y_ += h;
  }

  void parties() {
    party_row("", "所属", "氏名", true);
    party_row("受領者", r_.contractor, r_.received_by, false);
    party_row("引渡者", r_.city, r_.handed_over_by, false);
  }

  // The block at the foot of the last page: ledger record number, origin, QR code and URL.
  LedgerBlock ledger() const {
    return {.index = r_.ledger_index,
            .origin = r_.ledger_origin,
            .verify_url = r_.verify_url,
            .verifiable = "この受領証の記録は台帳で検証できます。",
            .how =
                "右のQRコード（またはその下のアドレス）から、台帳に記録されたこの受領の内容と、"
                "記録が改ざんされていないことを確認できます。"};
  }

  const Receipt& r_;
};

}  // namespace

Result<std::string> render_receipt_pdf(const Receipt& receipt) {
  TRY(validate(receipt));
  PdfDocument doc = TRY(PdfDocument::create(kA4WidthPt, kA4HeightPt));
  doc.set_info(InfoKey::Title,
               "受領証 " + receipt.contract_number + " 台帳記録番号" + std::to_string(receipt.ledger_index));
  doc.set_info(InfoKey::Creator, "itaku");
  embed_payload(doc, kReceipt, receipt.payload);

  const int pages = TRY(ReceiptPainter(doc, receipt, ReceiptPainter::Mode::Measure, 0).paint());
  TRY(ReceiptPainter(doc, receipt, ReceiptPainter::Mode::Draw, pages).paint());
  return doc.finish();
}

Result<std::string> extract_receipt_payload(std::string_view pdf) { return extract_payload(kReceipt, pdf); }

}  // namespace itaku::documents
