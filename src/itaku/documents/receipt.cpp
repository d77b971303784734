#include "itaku/documents/receipt.hpp"

#include <array>
#include <string>
#include <utility>
#include <vector>

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

Result<void> check_field(const std::string& value, const char* field) {
  return documents::check_field(kReceipt, value, field, kMaxFieldBytes);
}

Result<void> validate(const Receipt& r) {
  if (r.items.empty())
    return invalid("receipt.no_items", "受領する情報資産が1件もありません", "a receipt needs at least one item");
  TRY(check_payload(kReceipt, r.payload));
  const std::array<std::pair<const std::string*, const char*>, 14> fields{{
      {&r.number, "number"},
      {&r.addressee, "addressee"},
      {&r.city, "city"},
      {&r.contractor, "contractor"},
      {&r.contract_number, "contract_number"},
      {&r.contract_title, "contract_title"},
      {&r.handed_over_by, "handed_over_by"},
      {&r.handed_over_by_title, "handed_over_by_title"},
      {&r.received_by, "received_by"},
      {&r.received_by_title, "received_by_title"},
      {&r.received_date, "received_date"},
      {&r.received_at, "received_at"},
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

// Who received and who handed over: 区分, 所属, 部署・職名, 氏名 (takes what the others leave).
constexpr TextStyle kPartyLabel{.size_pt = 9.5, .weight = Weight::Bold, .align = Align::Center};
constexpr double kPartyLabelWidth = 64;
constexpr double kOrganisationWidth = 150;
constexpr double kTitleWidth = 140;
constexpr std::array<TableColumn, 4> kPartyColumns{{
    {"区分", kPartyLabelWidth, kPartyLabel},
    {"所属", kOrganisationWidth, kCell},
    {"部署・職名", kTitleWidth, kCell},
    {"氏名", kContentWidth - kPartyLabelWidth - kOrganisationWidth - kTitleWidth, kCell},
}};

// The items: 番号, 資産番号 (the asset's id in the ledger), 情報資産 (takes what the others
// leave), 種類, 媒体, 数量.
constexpr TextStyle kAssetId{.size_pt = 8, .wrap = Wrap::Characters};
constexpr double kNumberWidth = 30;
constexpr double kAssetWidth = 74;
constexpr double kClassWidth = 66;
constexpr double kMediaWidth = 80;
constexpr double kQuantityWidth = 40;
constexpr std::array<TableColumn, 6> kItemColumns{{
    {"番号", kNumberWidth, kCellCentered},
    {"資産番号", kAssetWidth, kAssetId},
    {"情報資産", kContentWidth - kNumberWidth - kAssetWidth - kClassWidth - kMediaWidth - kQuantityWidth, kCell},
    {"種類", kClassWidth, kCell},
    {"媒体", kMediaWidth, kCell},
    {"数量", kQuantityWidth, kCellCentered},
}};

// "職 氏名", or the name alone.
std::string titled(const std::string& title, const std::string& name) {
  return title.empty() ? name : title + "　" + name;
}

// The receipt laid out as a letter from the receiver to the city: number and date, addressee,
// the receiver, the title, the sentence, 記, the contract and the time of receipt, the parties,
// the items, 以上, and the ledger block.
class ReceiptPainter final : public PagePainter {
 public:
  ReceiptPainter(PdfDocument& doc, const Receipt& receipt, MeasureCache& cache, Mode mode, int total_pages)
      : PagePainter(doc, mode, total_pages, &cache), r_(receipt) {}

  // Returns the number of pages used.
  Result<int> paint() {
    const std::string number = r_.number.empty() ? std::string() : "受領証番号　" + r_.number;
    const std::string receiver = titled(r_.received_by_title, r_.received_by);
    letter_head({.number = number,
                 .date = r_.received_date,
                 .addressee = r_.addressee,
                 .sender = {r_.contractor, receiver},
                 .title = "受領証",
                 .sentence = "下記の情報資産を受領しました。"});
    label_row("契約番号", r_.contract_number);
    label_row("件名", r_.contract_title);
    if (!r_.received_at.empty()) label_row("受領日時", r_.received_at);
    y_ += 12;
    const std::array<std::string, 8> parties{"受領者", r_.contractor, r_.received_by_title,    r_.received_by,
                                             "引渡者", r_.city,       r_.handed_over_by_title, r_.handed_over_by};
    paged_table("", kPartyColumns, kCellHeading, parties);
    y_ += 12;
    paged_table("受領した情報資産（" + std::to_string(r_.items.size()) + "件）", kItemColumns, kCellHeading, cells());
    return end_letter(ledger());
  }

 private:
  std::vector<std::string> cells() const {
    std::vector<std::string> cells;
    cells.reserve(r_.items.size() * kItemColumns.size());
    for (std::size_t i = 0; i < r_.items.size(); ++i) {
      const ReceiptItem& item = r_.items[i];
      cells.insert(cells.end(),
                   {std::to_string(i + 1), item.asset, item.description, item.asset_class, item.media, item.quantity});
    }
    return cells;
  }

  // Continued pages say whose receipt they continue.
  void continuation_header() override {
    std::string heading = "受領証（続き）";
    if (!r_.number.empty()) heading += "　受領証番号 " + r_.number;
    heading += "　契約番号 " + r_.contract_number;
    y_ += text(kMarginX, y_, kContentWidth, heading, kSmall);
    y_ += 8;
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
  return render_pdf<ReceiptPainter>(kReceipt, receipt,
                                    "受領証 " + (receipt.number.empty() ? receipt.contract_number : receipt.number) +
                                        " 台帳記録番号" + std::to_string(receipt.ledger_index),
                                    receipt.payload);
}

Result<std::string> extract_receipt_payload(std::string_view pdf) { return extract_payload(kReceipt, pdf); }

}  // namespace itaku::documents
