#include "itaku/documents/disposal_certificate.hpp"

#include <array>
#include <initializer_list>
#include <string>
#include <vector>

#include "itaku/documents/pdf.hpp"
#include "itaku/documents/printed_document.hpp"

namespace itaku::documents {

namespace {

constexpr DocumentKind kDisposalCertificate{.code = "disposal_certificate",
                                            .name_ja = "廃棄・消去証明書",
                                            .name_en = "disposal certificate",
                                            .payload_prefix = "itaku-disposal-certificate-v1:",
                                            .max_payload_bytes = 64 * 1024};

// Field sizes, in bytes (a character takes up to four). The letter's head (number, date,
// addressee, issuer, and the sentence citing the contract and the clause) is not continued on
// another page: its bounds keep it within the first page at their longest in Japanese. Every
// row of the assets' table fits on a page even in the widest Latin letters.
constexpr std::size_t kMaxShortBytes = 200;   // dates, numbers, the addressee, the clause, the disposition
constexpr std::size_t kMaxFieldBytes = 900;   // the issuer, the contract's title, the method, names, the instruction
constexpr std::size_t kMaxLedgerBytes = 500;  // the ledger's origin, and the URL in the QR code
constexpr std::size_t kMaxItemBytes = 200;    // an item's number, medium and note
constexpr std::size_t kMaxDescriptionBytes = 500;  // an item's name, in the widest column
// A contract's assets run to a few hundred: enough for all of them on one certificate.
constexpr std::size_t kMaxItems = 500;

// 返還 is reported, not certified: the document then says so in its title and sentence.
constexpr std::string_view kReturned = "返還";

// The assets' table: No., 資産番号, 名称 (takes what the others leave), 媒体, 備考.
constexpr TextStyle kAssetNumber{.size_pt = 9.5, .wrap = Wrap::Characters};
constexpr double kNumberWidth = 30;
constexpr double kAssetWidth = 86;
constexpr double kMediaWidth = 80;
constexpr double kNoteWidth = 100;
constexpr std::array<TableColumn, 5> kItemColumns{{
    {"No.", kNumberWidth, kCellCentered},
    {"資産番号", kAssetWidth, kAssetNumber},
    {"名称", kContentWidth - kNumberWidth - kAssetWidth - kMediaWidth - kNoteWidth, kCell},
    {"媒体", kMediaWidth, kCell},
    {"備考", kNoteWidth, kCell},
}};

bool returned(const DisposalCertificate& c) { return c.disposition == kReturned; }

Result<void> validate(const DisposalCertificate& c) {
  TRY(check_payload(kDisposalCertificate, c.payload));
  TRY(check_count(kDisposalCertificate, c.items.size(), kMaxItems, "items", "情報資産"));
  const std::initializer_list<BoundedField> fields{
      {c.number, "number", kMaxShortBytes},
      {c.issued_date, "issued_date", kMaxShortBytes},
      {c.addressee, "addressee", kMaxShortBytes},
      {c.issuer, "issuer", kMaxFieldBytes},
      {c.clause, "clause", kMaxShortBytes},
      {c.contract_number, "contract_number", kMaxShortBytes},
      {c.contract_title, "contract_title", kMaxFieldBytes},
      {c.disposition, "disposition", kMaxShortBytes},
      {c.method, "method", kMaxFieldBytes},
      {c.performed, "performed", kMaxShortBytes},
      {c.performed_by, "performed_by", kMaxFieldBytes},
      {c.witnessed_by, "witnessed_by", kMaxFieldBytes},
      {c.instruction, "instruction", kMaxFieldBytes},
      {c.ledger_origin, "ledger_origin", kMaxLedgerBytes},
      {c.verify_url, "verify_url", kMaxLedgerBytes},
  };
  TRY(check_fields(kDisposalCertificate, fields));
  for (const DisposalCertificate::Item& item : c.items) {
    const std::initializer_list<BoundedField> item_fields{
        {item.asset, "items.asset", kMaxItemBytes},
        {item.description, "items.description", kMaxDescriptionBytes},
        {item.media, "items.media", kMaxItemBytes},
        {item.note, "items.note", kMaxItemBytes},
    };
    TRY(check_fields(kDisposalCertificate, item_fields));
  }
  return ok();
}

// The certificate laid out as a letter: number and date, addressee, title, issuer, the sentence,
// 記, the facts, the assets' table, 以上, and the ledger block.
class DisposalPainter final : public PagePainter {
 public:
  DisposalPainter(PdfDocument& doc, const DisposalCertificate& certificate, MeasureCache& cache, Mode mode,
                  int total_pages)
      : PagePainter(doc, mode, total_pages, &cache), c_(certificate) {}

  // Returns the number of pages used.
  Result<int> paint() {
    const std::string sentence = c_.contract_title + "（" + c_.contract_number + "）に係る下記の情報資産について、" +
                                 c_.disposition + (returned(c_) ? "したことを報告します" : "したことを証明します") +
                                 (c_.clause.empty() ? std::string() : "（" + c_.clause + "）") + "。";
    letter_head({.number = c_.number,
                 .date = c_.issued_date,
                 .addressee = c_.addressee,
                 .sender = {c_.issuer},
                 .title = disposal_certificate_title(c_),
                 .sentence = sentence});
    label_row("契約", c_.contract_number + "　" + c_.contract_title);
    label_row("方法", c_.method);
    label_row("実施日", c_.performed);
    label_row("実施者", c_.performed_by);
    if (!c_.witnessed_by.empty()) label_row("立会者", c_.witnessed_by);
    if (!c_.instruction.empty()) label_row("市の指示", c_.instruction);
    y_ += 12;
    paged_table("対象の情報資産（" + std::to_string(c_.items.size()) + "件）", kItemColumns, kCellHeading, cells());
    return end_letter(ledger());
  }

 private:
  // The assets' table, row by row.
  std::vector<std::string> cells() const {
    std::vector<std::string> cells;
    cells.reserve(c_.items.size() * kItemColumns.size());
    for (std::size_t i = 0; i < c_.items.size(); ++i) {
      const DisposalCertificate::Item& item = c_.items[i];
      cells.insert(cells.end(), {std::to_string(i + 1), item.asset, item.description, item.media, item.note});
    }
    return cells;
  }

  // Continued pages say whose certificate they continue.
  void continuation_header() override {
    y_ += text(
        kMarginX, y_, kContentWidth,
        std::string(disposal_certificate_title(c_)) + "（続き）　" + c_.number + "　契約番号 " + c_.contract_number,
        kSmall);
    y_ += 8;
  }

  LedgerBlock ledger() const {
    if (returned(c_)) return report_ledger_block(c_.ledger_index, c_.ledger_origin, c_.verify_url);
    return {.index = c_.ledger_index,
            .origin = c_.ledger_origin,
            .verify_url = c_.verify_url,
            .verifiable = "この証明書の記録は台帳で検証できます。",
            .how =
                "右のQRコード（またはその下のアドレス）から、台帳に記録されたこの廃棄・消去の内容と、"
                "記録が改ざんされていないことを確認できます。"};
  }

  const DisposalCertificate& c_;
};

}  // namespace

std::string_view disposal_certificate_title(const DisposalCertificate& c) {
  return returned(c) ? "情報資産の返還報告書" : "情報資産の廃棄・消去証明書";
}

Result<std::string> render_disposal_certificate_pdf(const DisposalCertificate& c) {
  TRY(validate(c));
  return render_pdf<DisposalPainter>(
      kDisposalCertificate, c,
      std::string(disposal_certificate_title(c)) + " " + c.number + " 契約番号 " + c.contract_number, c.payload);
}

Result<std::string> extract_disposal_certificate_payload(std::string_view pdf) {
  return extract_payload(kDisposalCertificate, pdf);
}

}  // namespace itaku::documents
