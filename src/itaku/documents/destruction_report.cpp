#include "itaku/documents/destruction_report.hpp"

#include <array>
#include <initializer_list>
#include <string>
#include <vector>

#include "itaku/documents/pdf.hpp"
#include "itaku/documents/printed_document.hpp"

namespace itaku::documents {

namespace {

constexpr DocumentKind kDestructionReport{.code = "destruction_report",
                                          .name_ja = "記録媒体破壊報告書",
                                          .name_en = "media destruction report",
                                          .payload_prefix = "itaku-destruction-report-v1:",
                                          .max_payload_bytes = 64 * 1024};

// Field sizes, in bytes (a character takes up to four). The letter's head (number, date,
// addressee, issuer, and the sentence citing the reason and the clause) is not continued on
// another page: its bounds keep it within the first page at their longest in Japanese. Every
// row of the media's table fits on a page even in the widest Latin letters.
constexpr std::size_t kMaxShortBytes = 200;   // dates, numbers, the addressee, the clause, the reason
constexpr std::size_t kMaxFieldBytes = 900;   // the issuer, the contract's title, the device, the method, names…
constexpr std::size_t kMaxLedgerBytes = 500;  // the ledger's origin, and the URL in the QR code
constexpr std::size_t kMaxMediumBytes = 500;  // a medium
// A device holds a few storage media; a server or a storage array a few dozen.
constexpr std::size_t kMaxMedia = 50;

constexpr std::string_view kTitleText = "機器の交換・廃棄に係る記録媒体の破壊報告書";

// The media's table: No., 破壊した記録媒体 (the rest).
constexpr double kNumberWidth = 30;
constexpr std::array<TableColumn, 2> kMediaColumns{{
    {"No.", kNumberWidth, kCellCentered},
    {"破壊した記録媒体", kContentWidth - kNumberWidth, kCell},
}};

Result<void> validate(const DestructionReport& r) {
  TRY(check_payload(kDestructionReport, r.payload));
  TRY(check_count(kDestructionReport, r.media.size(), kMaxMedia, "media", "記録媒体"));
  const std::initializer_list<BoundedField> fields{
      {r.number, "number", kMaxShortBytes},
      {r.issued_date, "issued_date", kMaxShortBytes},
      {r.addressee, "addressee", kMaxShortBytes},
      {r.issuer, "issuer", kMaxFieldBytes},
      {r.clause, "clause", kMaxShortBytes},
      {r.contract_number, "contract_number", kMaxShortBytes},
      {r.contract_title, "contract_title", kMaxFieldBytes},
      {r.device, "device", kMaxFieldBytes},
      {r.reason, "reason", kMaxShortBytes},
      {r.method, "method", kMaxFieldBytes},
      {r.performed, "performed", kMaxShortBytes},
      {r.performed_by, "performed_by", kMaxFieldBytes},
      {r.witnessed_by, "witnessed_by", kMaxFieldBytes},
      {r.evidence, "evidence", kMaxFieldBytes},
      {r.ledger_origin, "ledger_origin", kMaxLedgerBytes},
      {r.verify_url, "verify_url", kMaxLedgerBytes},
  };
  TRY(check_fields(kDestructionReport, fields));
  for (const std::string& medium : r.media) TRY(check_field(kDestructionReport, medium, "media", kMaxMediumBytes));
  return ok();
}

// The report laid out as a letter: number and date, addressee, title, issuer, the sentence, 記,
// the facts, the media's table, 以上, and the ledger block.
class DestructionPainter final : public PagePainter {
 public:
  DestructionPainter(PdfDocument& doc, const DestructionReport& report, MeasureCache& cache, Mode mode, int total_pages)
      : PagePainter(doc, mode, total_pages, &cache), r_(report) {}

  // Returns the number of pages used.
  Result<int> paint() {
    const std::string sentence = "下記の機器の" + r_.reason +
                                 "にあたり、内蔵する記録媒体を物理的に破壊したことを報告します" +
                                 (r_.clause.empty() ? std::string() : "（" + r_.clause + "）") + "。";
    letter_head({.number = r_.number,
                 .date = r_.issued_date,
                 .addressee = r_.addressee,
                 .sender = {r_.issuer},
                 .title = kTitleText,
                 .sentence = sentence});
    label_row("契約", r_.contract_number + "　" + r_.contract_title);
    label_row("機器", r_.device);
    label_row("理由", r_.reason);
    label_row("破壊の方法", r_.method);
    label_row("実施日", r_.performed);
    label_row("実施者", r_.performed_by);
    if (!r_.witnessed_by.empty()) label_row("立会者", r_.witnessed_by);
    if (!r_.evidence.empty()) label_row("証跡", r_.evidence);
    y_ += 12;
    paged_table("破壊した記録媒体（" + std::to_string(r_.media.size()) + "件）", kMediaColumns, kCellHeading, cells());
    return end_letter(report_ledger_block(r_.ledger_index, r_.ledger_origin, r_.verify_url));
  }

 private:
  // The media's table, row by row.
  std::vector<std::string> cells() const {
    std::vector<std::string> cells;
    cells.reserve(r_.media.size() * kMediaColumns.size());
    for (std::size_t i = 0; i < r_.media.size(); ++i) cells.insert(cells.end(), {std::to_string(i + 1), r_.media[i]});
    return cells;
  }

  // Continued pages say whose report they continue.
  void continuation_header() override {
    y_ += text(kMarginX, y_, kContentWidth,
               std::string(kTitleText) + "（続き）　" + r_.number + "　契約番号 " + r_.contract_number, kSmall);
    y_ += 8;
  }

  const DestructionReport& r_;
};

}  // namespace

Result<std::string> render_destruction_report_pdf(const DestructionReport& r) {
  TRY(validate(r));
  return render_pdf<DestructionPainter>(
      kDestructionReport, r, std::string(kTitleText) + " " + r.number + " 契約番号 " + r.contract_number, r.payload);
}

Result<std::string> extract_destruction_report_payload(std::string_view pdf) {
  return extract_payload(kDestructionReport, pdf);
}

}  // namespace itaku::documents
