#include "itaku/documents/approval_document.hpp"

#include "itaku/documents/pdf.hpp"
#include "itaku/documents/printed_document.hpp"

namespace itaku::documents {

namespace {

constexpr DocumentKind kApprovalDocument{.code = "approval_document",
                                         .name_ja = "承認書",
                                         .name_en = "approval",
                                         .payload_prefix = "itaku-approval-v1:",
                                         .max_payload_bytes = 64 * 1024};

// Field sizes, in bytes. Names, titles and numbers run to a few hundred characters; a row's
// value (the purpose, the people, the measures…) and the conditions to 1,000 characters, which
// the domain bounds them to and the service cuts lists down to: a character takes up to four
// bytes. At that length a row still fits on one page.
constexpr std::size_t kMaxShortBytes = 200;   // dates, numbers, labels
constexpr std::size_t kMaxFieldBytes = 1200;  // names, titles, the clause, the ledger's origin and URL
constexpr std::size_t kMaxTextBytes = 4000;   // a row's value, the conditions
constexpr std::size_t kMaxRows = 20;

Result<void> validate(const ApprovalDocument& d) {
  TRY(check_payload(kApprovalDocument, d.payload));
  if (d.rows.size() > kMaxRows)
    return too_many("approval_document.too_many_rows", "承認書の項目が多すぎます", "the approval has too many rows",
                    kMaxRows);
  TRY(check_fields(kApprovalDocument, {{d.number, "number", kMaxFieldBytes},
                                       {d.decided_date, "decided_date", kMaxFieldBytes},
                                       {d.request, "request", kMaxFieldBytes},
                                       {d.action, "action", kMaxFieldBytes},
                                       {d.addressee, "addressee", kMaxFieldBytes},
                                       {d.city, "city", kMaxFieldBytes},
                                       {d.approver, "approver", kMaxFieldBytes},
                                       {d.clause, "clause", kMaxFieldBytes},
                                       {d.contract_number, "contract_number", kMaxFieldBytes},
                                       {d.contract_title, "contract_title", kMaxFieldBytes},
                                       {d.ledger_origin, "ledger_origin", kMaxFieldBytes},
                                       {d.verify_url, "verify_url", kMaxFieldBytes},
                                       {d.conditions, "conditions", kMaxTextBytes}}));
  for (const auto& [label, value] : d.rows)
    TRY(check_fields(kApprovalDocument, {{label, "rows.label", kMaxShortBytes}, {value, "rows.value", kMaxTextBytes}}));
  return ok();
}

// The approval laid out: date and number, addressee, title, the sentence of approval, the city,
// 記, the table of what is approved, 以上, and the ledger block.
class ApprovalPainter final : public PagePainter {
 public:
  ApprovalPainter(PdfDocument& doc, const ApprovalDocument& document, MeasureCache& cache, Mode mode, int total_pages)
      : PagePainter(doc, mode, total_pages, &cache), d_(document) {}

  // Returns the number of pages used.
  Result<int> paint() {
    const std::string number = "承認番号 " + d_.number;
    const std::string sentence = "申請のあった下記の行為について、情報セキュリティに関する特記事項" +
                                 (d_.clause.empty() ? std::string() : "（" + d_.clause + "）") +
                                 "に基づき、下記の条件を付して承認します。";
    letter_head({.number = number,
                 .date = d_.decided_date,
                 .addressee = d_.addressee,
                 .sender = {d_.city, d_.approver},
                 .title = "承認書",
                 .sentence = sentence});
    label_row("契約番号", d_.contract_number);
    label_row("件名", d_.contract_title);
    label_row("申請", d_.request);
    label_row("承認する行為", d_.action);
    for (const auto& [label, value] : d_.rows)
      if (!value.empty()) label_row(label, value);
    label_row("承認の条件", d_.conditions.empty() ? std::string("なし") : d_.conditions);
    return end_letter(ledger());
  }

 private:
  // Continued pages say whose approval they continue.
  void continuation_header() override {
    y_ += text(kMarginX, y_, kContentWidth,
               "承認書（続き）　承認番号 " + d_.number + "　契約番号 " + d_.contract_number, kSmall);
    y_ += 8;
  }

  LedgerBlock ledger() const {
    return {.index = d_.ledger_index,
            .origin = d_.ledger_origin,
            .verify_url = d_.verify_url,
            .verifiable = "この承認書の記録は台帳で検証できます。",
            .how =
                "右のQRコード（またはその下のアドレス）から、台帳に記録されたこの承認の内容と、"
                "記録が改ざんされていないことを確認できます。"};
  }

  const ApprovalDocument& d_;
};

}  // namespace

Result<std::string> render_approval_pdf(const ApprovalDocument& document) {
  TRY(validate(document));
  return render_pdf<ApprovalPainter>(kApprovalDocument, document,
                                     "承認書 " + document.number + " 契約番号 " + document.contract_number,
                                     document.payload);
}

Result<std::string> extract_approval_payload(std::string_view pdf) { return extract_payload(kApprovalDocument, pdf); }

}  // namespace itaku::documents
